"""Train the text-capture metadata choosers (``src/cleaner/data/models/text_meta_<field>.txt``) from the non-check
pages of wcxb-dev-text and readability-dev-text, and write a report (``benchmarks/reports/text_meta_<field>.json``).

Each page gives one feature row per candidate line (``cleaner.text.meta_model``); a candidate is labelled 1 when its
value matches the page's gold under the corpora's metadata metric (``metadata_key``). LightGBM scores candidates; a
page takes its best one when its score clears the field's threshold. The threshold is chosen on out-of-fold scores
of the training pages (5 folds grouped by site): for the author the lowest that keeps false authors within 5% of the
pages whose gold has none; for the title the one that gives the most exact titles.

    PYTHONPATH=src python scripts/train_text_meta.py [--recollect] [--fields title,author] [--dry]

Candidates are cached in /tmp/cleaner-train-cache/text-meta/ (pass --recollect after changing the features).
"""

from __future__ import annotations

import argparse
import hashlib
import pickle
import sys
from pathlib import Path
from typing import Any

import numpy as np
from trainlib import (
    Pick,
    best_candidates,
    chooser_scores,
    corpus_pages,
    gain_importance,
    lgbm_params,
    save_model,
    threshold_curve,
    write_report,
)

from cleaner.load import load
from cleaner.metrics import metadata_key, split_key
from cleaner.options import resolve_options
from cleaner.text import meta_model
from cleaner.text.pipeline import extract_text

CACHE = Path("/tmp/cleaner-train-cache/text-meta")
CORPORA = ("wcxb-dev-text", "readability-dev-text")
GOLD = {
    "title": {"wcxb-dev-text": "title", "readability-dev-text": "title"},
    "author": {"wcxb-dev-text": "author", "readability-dev-text": "byline"},
}
FEATURES = {"title": meta_model.TITLE_FEATURES, "author": meta_model.AUTHOR_FEATURES}
#: the most pages with a null gold that may get a value (share), held on the training pages out of fold: the issue's
#: target for the author (5% of unseen pages) less one standard error of that rate on a sample the size of the check
#: split (160 pages without an author: sqrt(0.05 * 0.95 / 160) = 0.017). Held at exactly 5% on the training pages,
#: the rate on unseen pages lands above the target about half the time (out of fold 4.9%, check 7.5% after the
#: forum-handle candidates came in).
FALSE_LIMIT = {"author": 0.033}
#: a readability-dev-text page weighs this much against a wcxb-dev-text page (53 pages against 1,167)
WEIGHTS = {"wcxb-dev-text": 1.0, "readability-dev-text": 3.0}
ROUNDS = 200
FOLDS = 5


def collect(corpus: str, split: str) -> list[dict[str, Any]]:
    """One record per page: its group, gold values and, per field, the candidates (texts and feature rows)."""
    path = CACHE / f"{corpus}-{split}.pkl"
    if path.exists():
        with path.open("rb") as fh:
            cached: list[dict[str, Any]] = pickle.load(fh)
            return cached
    options = resolve_options(None)
    out = []
    for row, data in corpus_pages(corpus, split):
        loaded = load(data, options=options)
        sink: list[dict[str, Any]] = []
        meta_model.COLLECT = sink
        try:
            extract_text(loaded.text, url=row.get("url"), options=options)
        finally:
            meta_model.COLLECT = None
        found = sink[0] if sink else {name: meta_model.Candidates() for name in FEATURES}
        rec: dict[str, Any] = {"id": row["id"], "group": split_key(row), "corpus": corpus}
        for name, cands in found.items():
            gold_field = GOLD[name][corpus]
            rec[name] = {
                "texts": cands.texts,
                "rows": cands.rows,
                "gold": row.get(gold_field),
                "has": gold_field in row,
            }
        out.append(rec)
    CACHE.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        pickle.dump(out, fh)
    return out


def _fold(group: str) -> int:
    return hashlib.sha1(group.encode()).digest()[1] % FOLDS


def _matrix(pages: list[dict[str, Any]], name: str) -> tuple[Any, Any, Any]:
    xs, ys, ws = [], [], []
    for page in pages:
        item = page[name]
        gold = metadata_key(item["gold"])
        for text, row in zip(item["texts"], item["rows"], strict=True):
            xs.append(row)
            ys.append(float(bool(gold) and metadata_key(text) == gold))
            ws.append(WEIGHTS.get(page["corpus"], 1.0))
    n = len(FEATURES[name])
    return np.asarray(xs, dtype=np.float64).reshape(-1, n), np.asarray(ys), np.asarray(ws)


def _train(pages: list[dict[str, Any]], name: str, rounds: int) -> Any:
    import lightgbm as lgb

    x, y, w = _matrix(pages, name)
    data = lgb.Dataset(x, y, weight=w, feature_name=list(FEATURES[name]), free_raw_data=False)
    params = lgbm_params(min_data_in_leaf=20, num_leaves=15)
    return lgb.train(params, data, num_boost_round=rounds)


def _score(pages: list[dict[str, Any]], name: str, picks: list[Pick], threshold: float) -> dict[str, Any]:
    return chooser_scores(pages, name, picks, threshold, metadata_key)


def _choose_threshold(pages: list[dict[str, Any]], name: str, picks: list[tuple[str | None, float]]) -> float:
    """For a field with a false-value limit, the lowest threshold keeping false values within it on the wcxb
    training pages; otherwise the threshold with the most exact values (all corpora, weighted)."""
    limit = FALSE_LIMIT.get(name)
    best = (-1.0, 0.0)
    for threshold in np.arange(0.02, 0.96, 0.01):
        scores = _score(pages, name, picks, float(threshold))
        if limit is not None:
            if scores["wcxb-dev-text"]["false"] <= limit:
                return round(float(threshold), 2)
            continue
        good = sum(s["accuracy"] * s["pages"] * WEIGHTS[c] for c, s in scores.items())
        if good > best[0] + 1e-9:
            best = (good, round(float(threshold), 2))
    return best[1] if limit is None else 0.95


def train_field(name: str, train: list[dict[str, Any]], check: list[dict[str, Any]]) -> tuple[Any, dict[str, Any]]:
    oof: list[tuple[str | None, float]] = [(None, 0.0)] * len(train)
    for k in range(FOLDS):
        fit = [p for p in train if _fold(p["group"]) != k]
        held = [i for i, p in enumerate(train) if _fold(p["group"]) == k]
        booster = _train(fit, name, ROUNDS)
        for i, pick in zip(held, best_candidates(booster, [train[i] for i in held], name), strict=True):
            oof[i] = pick
    threshold = _choose_threshold(train, name, oof)
    booster = _train(train, name, ROUNDS)
    report = {
        "field": name,
        "rounds": ROUNDS,
        "weights": WEIGHTS,
        "threshold": threshold,
        "train_out_of_fold": _score(train, name, oof, threshold),
        "train_out_of_fold_by_threshold": threshold_curve(train, name, oof, metadata_key),
        "check": _score(check, name, best_candidates(booster, check, name), threshold),
        "features": list(FEATURES[name]),
        "importance": gain_importance(booster, FEATURES[name]),
    }
    return booster, report


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--recollect", action="store_true")
    ap.add_argument("--fields", default="title,author")
    ap.add_argument("--dry", action="store_true", help="report only, do not write the model")
    args = ap.parse_args()
    if args.recollect:
        for path in CACHE.glob("*.pkl"):
            path.unlink()
    train = [p for c in CORPORA for p in collect(c, "train")]
    check = [p for c in CORPORA for p in collect(c, "check")]
    for name in args.fields.split(","):
        booster, report = train_field(name, train, check)
        print(name, "threshold", report["threshold"])
        print("  train (out of fold):", report["train_out_of_fold"])
        if not args.dry:
            save_model(booster, f"text_meta_{name}")
            write_report(f"text_meta_{name}", report)
            print("  check:", report["check"])


if __name__ == "__main__":
    sys.exit(main())
