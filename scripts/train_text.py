"""Train the text path's models: page type, line scorer (first pass) and its second pass.

    PYTHONPATH=src python scripts/train_text.py [--cv-only | --type-only] [--second]

``--type-only`` writes the page-type models alone and leaves the shipped line scorer as it is (the report's
``shipped`` says which models a run wrote): retrained on the same pages, the line scorer moves the 11 check pages of
readability-dev-text by about 0.02 either way from one training to the next, so it is retrained only when a change
to its own features calls for it.

Pages: the non-check pages of wcxb-dev-text, aeb-dev-text and readability-dev-text, each as captured (innerText) and
re-rendered as a copy-paste and as a wrapped text-browser dump (``cleaner.evaluate.restyle``). Lines are labelled by
aligning them with the gold body (``trainlib.coverage_labels``, kept when at least half their words are found),
weighted by their share of the page's words (every page weighs about the same, as in the per-page metrics), the
small corpora weighted up so that wcxb's many pages do not drown them. Metadata lines (title, byline, ...) are not
trained on: they leave the body whatever the score.

Features and thresholds are chosen by 5-fold cross-validation grouped by site (``cleaner.metrics.split_key``): the
out-of-fold first-pass scores feed the second pass, and the out-of-fold second-pass scores choose the "balanced"
threshold (mean page word F1 over corpora and styles). Check pages are never read here. On the article pages, the
out-of-fold decision's errors are broken down by position against the span and by rule (:func:`losses`; printed,
and written into the report as ``cv_losses_on_articles``).

Pages, out-of-fold scores and features are cached under ``$CLEANER_TRAIN_CACHE/text`` (default
``/tmp/cleaner-train-cache/text``), so parallel sessions can keep separate caches.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import os
import pickle
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from trainlib import corpus_pages, coverage_labels, lgbm_params, save_model, site_fold, write_report  # isort: skip

import lightgbm as lgb

from cleaner.evaluate import restyle
from cleaner.extraction import Extraction
from cleaner.metrics import split_key
from cleaner.options import Options
from cleaner.text.features import LINE_FEATURES, PAGE_FEATURES, PAGE_TYPES, RULES, SECOND_FEATURES, second_pass
from cleaner.text.lines import split_lines
from cleaner.text.pipeline import rule_pass
from cleaner.text.scorer import (
    ARTICLE_GATE,
    CUT_BELOW,
    FLOOR_SCORE,
    FLOOR_SHARE,
    KEEP_ABOVE,
    KEPT_THRESHOLDS,
    PAGE_URL_FEATURES,
    RESCUABLE,
    TYPE_THRESHOLDS,
    page_evidence,
)
from cleaner.tokens import WORD as _WORD
from cleaner.urls import url_shape

CACHE = Path(os.environ.get("CLEANER_TRAIN_CACHE", "/tmp/cleaner-train-cache")) / "text"
CORPORA = ("wcxb-dev-text", "aeb-dev-text", "readability-dev-text")
STYLES = ("innertext", "paste", "dump")
CORPUS_WEIGHT = {"wcxb-dev-text": 1.0, "aeb-dev-text": 3.0, "readability-dev-text": 3.0}
LABEL_THRESHOLD = 0.5
FOLDS = 5
FIRST_ROUNDS = 150
SECOND_ROUNDS = 120
TYPE_ROUNDS = 150
PARAMS = {"num_leaves": 31, "min_data_in_leaf": 40, "learning_rate": 0.08}


def _fingerprint() -> str:
    """A hash of everything the cached pages are built from: the text path's rules and features, the word and phrase
    lists, and the title and author choosers with their models (``rule_pass`` runs them, and the title they choose
    is a feature of every line)."""
    package = Path(__file__).resolve().parent.parent / "src" / "cleaner"
    h = hashlib.sha1()
    for path in sorted(
        [
            *(package / "text").glob("*.py"),
            *(package / name for name in ("phrases.py", "words.py", "tokens.py", "bylines.py", "captions.py")),
            *(package / name for name in ("dates.py", "urls.py")),
            *(package / "data" / "words").glob("*.txt"),
            *(package / "data" / "phrases").glob("*.txt"),
            *(package / "data" / "models").glob("text_meta_*.txt"),
        ]
    ):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:12]


def build_pages() -> list[dict[str, Any]]:
    """Every training page in every style: its line matrix, page row, labels and what scoring needs."""
    path = CACHE / f"train-{_fingerprint()}.pkl"
    if path.is_file():
        with path.open("rb") as f:
            return pickle.load(f)  # type: ignore[no-any-return]
    pages = []
    options = Options()
    for corpus in CORPORA:
        for row, data in corpus_pages(corpus, "train"):
            raw = data.decode("utf-8", "replace")
            for style in STYLES:
                text = raw if style == "innertext" else restyle(raw, style)
                info: dict[str, str] = {}
                lines = split_lines(text, info=info)
                if not lines:
                    continue
                ext = Extraction(kind="text", url=row.get("url"))  # as cleaner eval gives it
                span = rule_pass(lines, ext, options)
                matrix, page = page_evidence(lines, span, ext.title, info.get("style", "innertext"))
                texts = [line.text for line in lines]
                pages.append(
                    {
                        "corpus": corpus,
                        "style": style,
                        "id": row["id"],
                        "group": split_key(row),
                        "page_type": row.get("page_type"),
                        "gold": row.get("body") or "",
                        "matrix": matrix.astype(np.float32),
                        "page": page.astype(np.float32),
                        "url_row": url_shape(row.get("url")),
                        "labels": np.array(coverage_labels(texts, row.get("body"))),
                        "words": np.array([len(line.tokens) for line in lines], dtype=np.float64),
                        "meta": np.array([line.role is not None for line in lines]),
                        "rule_keep": np.array([line.rule is None and line.role is None for line in lines]),
                        "rescuable": np.array([line.rule in RESCUABLE for line in lines]),
                        "texts": texts,
                    }
                )
    CACHE.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        pickle.dump(pages, f)
    return pages


def folds_of(pages: list[dict[str, Any]]) -> np.ndarray:
    return np.array([site_fold(p["group"], FOLDS) for p in pages])


def _gold_type(page: dict[str, Any]) -> str | None:
    """wcxb's gold page type; the article benchmarks' pages (aeb, readability) are articles."""
    return page["page_type"] if page["corpus"] == "wcxb-dev-text" else "article"


def type_row(page: dict[str, Any], with_url: bool) -> np.ndarray:
    """A page's row for the page-type model without its URL (``PAGE_FEATURES``) or with it (``PAGE_URL_FEATURES``)."""
    return np.concatenate([page["page"], page["url_row"]]) if with_url else page["page"]


def train_type(pages: list[dict[str, Any]], idx: list[int], with_url: bool = False) -> lgb.Booster:
    """The page-type model for captures without their URL, or (``with_url``) for captures with it."""
    rows = [i for i in idx if _gold_type(pages[i]) in PAGE_TYPES]
    x = np.vstack([type_row(pages[i], with_url) for i in rows])
    y = np.array([PAGE_TYPES.index(str(_gold_type(pages[i]))) for i in rows])
    params = lgbm_params(
        objective="multiclass", num_class=len(PAGE_TYPES), num_leaves=15, min_data_in_leaf=10, learning_rate=0.05
    )
    names = PAGE_URL_FEATURES if with_url else PAGE_FEATURES
    ds = lgb.Dataset(x, y, feature_name=list(names), free_raw_data=False)
    return lgb.train(params, ds, num_boost_round=TYPE_ROUNDS)


def _stack(pages: list[dict[str, Any]], idx: list[int], key: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    xs, ys, ws = [], [], []
    for i in idx:
        p = pages[i]
        use = ~p["meta"]
        if not use.any():
            continue
        total = max(p["words"][use].sum(), 1.0)
        xs.append(p[key][use])
        ys.append((p["labels"][use] >= LABEL_THRESHOLD).astype(np.float64))
        ws.append(np.maximum(p["words"][use], 1.0) / total * 100.0 * CORPUS_WEIGHT[p["corpus"]])
    return np.vstack(xs), np.concatenate(ys), np.concatenate(ws)


def train_lines(pages: list[dict[str, Any]], idx: list[int], key: str, names: tuple[str, ...], rounds: int) -> Any:
    x, y, w = _stack(pages, idx, key)
    ds = lgb.Dataset(x, y, weight=w, feature_name=list(names), free_raw_data=False)
    return lgb.train(lgbm_params(**PARAMS), ds, num_boost_round=rounds)


def set_types(pages: list[dict[str, Any]], idx: list[int], model: lgb.Booster, with_url: bool) -> None:
    probs = model.predict(np.vstack([type_row(pages[i], with_url) for i in idx]), num_threads=1)
    for i, pr in zip(idx, probs, strict=True):
        pages[i]["probs"] = pr
        pages[i]["matrix"][:, -len(PAGE_TYPES) :] = pr


def set_second(pages: list[dict[str, Any]], idx: list[int], model: lgb.Booster) -> None:
    for i in idx:
        p = pages[i]
        p["s1"] = model.predict(p["matrix"], num_threads=1)
        p["matrix2"] = second_pass(p["matrix"].astype(np.float64), p["s1"], p["words"]).astype(np.float32)


def index_words(pages: list[dict[str, Any]]) -> None:
    """Per page: each word of its lines as an id with its line, and the gold's word counts (for :func:`page_f1`)."""
    for p in pages:
        vocab: dict[str, int] = {}
        ids, owner = [], []
        for i, text in enumerate(p["texts"]):
            for w in _WORD.findall(text.lower()):
                ids.append(vocab.setdefault(w, len(vocab)))
                owner.append(i)
        gold = [vocab.setdefault(w, len(vocab)) for w in _WORD.findall(p["gold"].lower())]
        p["ids"], p["owner"] = np.array(ids, dtype=np.int64), np.array(owner, dtype=np.int64)
        p["gold_counts"] = np.bincount(np.array(gold, dtype=np.int64), minlength=len(vocab))
        p["gold_n"], p["vocab_n"] = len(gold), len(vocab)


def page_f1(p: dict[str, Any], keep: np.ndarray) -> float:
    """WCXB's page word F1 (``cleaner.metrics.word_prf``) of the kept lines, on the indexed words."""
    mask = keep[p["owner"]]
    pred_n = int(mask.sum())
    if p["gold_n"] == 0:
        return 1.0 if pred_n == 0 else 0.0
    if pred_n == 0:
        return 0.0
    overlap = int(np.minimum(np.bincount(p["ids"][mask], minlength=p["vocab_n"]), p["gold_counts"]).sum())
    if overlap == 0:
        return 0.0
    precision, recall = overlap / pred_n, overlap / p["gold_n"]
    return 2 * precision * recall / (precision + recall)


#: A ``decide`` threshold ``t`` that stands for the shipped one of the page's predicted type (``TYPE_THRESHOLDS``).
TYPED = -1.0
#: A ``decide`` floor that never acts.
NO_FLOOR = (0.0, 1.01)
_RESCUE_COLUMNS = [LINE_FEATURES.index(f"rule_{r}") for r in sorted(RESCUABLE)]


def decide(
    p: dict[str, Any],
    key: str,
    gate: float,
    cut_below: float,
    keep_above: float,
    t: float,
    t_kept: float,
    floor: tuple[float, float] = (FLOOR_SHARE, FLOOR_SCORE),
) -> np.ndarray:
    """The scorer's decision (``cleaner.text.scorer.score_page``) on one page's out-of-fold scores; ``floor`` is
    (``FLOOR_SHARE``, ``FLOOR_SCORE``)."""
    s, rule_keep = p[key], p["rule_keep"]
    gated = p["probs"][0] >= gate and rule_keep.any()
    if "rescuable" not in p:
        p["rescuable"] = p["matrix"][:, _RESCUE_COLUMNS].sum(axis=1) > 0
    rescuable = p["rescuable"]
    if gated:
        keep = np.where(rule_keep, s >= cut_below, rescuable & (s >= keep_above))
    else:
        if t == TYPED:
            t = TYPE_THRESHOLDS[PAGE_TYPES[int(np.argmax(p["probs"]))]]
        keep = np.where(rule_keep, s >= min(t, t_kept), s >= t)
        share, score = floor
        if p["words"][keep & ~p["meta"]].sum() < share * p["words"].sum():
            keep = keep | (s >= score)
    return np.asarray(keep & ~p["meta"])


def page_scores(pages: list[dict[str, Any]], key: str, setting: tuple[float, ...]) -> dict[str, float]:
    """Mean page word F1 per corpus:style (and per page type of wcxb's innerText) under one decision setting."""
    out: dict[str, list[float]] = {}
    for p in pages:
        f1 = page_f1(p, decide(p, key, *setting))
        out.setdefault(f"{p['corpus']}:{p['style']}", []).append(f1)
        if p["corpus"] == "wcxb-dev-text" and p["style"] == "innertext":
            out.setdefault(f"type:{p['page_type']}", []).append(f1)
    return {k: float(np.mean(v)) for k, v in sorted(out.items())}


_POSITION_COLUMNS = {name: LINE_FEATURES.index(name) for name in ("in_span", "before_span", "after_span")}


def losses(pages: list[dict[str, Any]], key: str, setting: tuple[float, ...]) -> dict[str, dict[str, float]]:
    """Where the decision goes wrong on article pages (wcxb's articles, every aeb and readability page), per corpus:
    the words of gold lines it cuts ("lost") and of other lines it keeps ("kept"), by whether the page is gated (read
    as an article), where the line stands against the span and the rule that cut it ("kept-by-rules" when none);
    each line weighs its share of its page's words, so a figure counts pages' worth of words."""
    out: dict[str, dict[str, float]] = {}
    for p in pages:
        if _gold_type(p) != "article":
            continue
        keep = decide(p, key, *setting)
        gated = "gated" if p["probs"][0] >= setting[0] and p["rule_keep"].any() else "ungated"
        gold = (p["labels"] >= LABEL_THRESHOLD) & ~p["meta"]
        share = p["words"] / max(p["words"].sum(), 1.0)
        for kind, wrong in (("lost", gold & ~keep), ("kept", ~gold & keep)):
            for i in np.flatnonzero(wrong):
                row = p["matrix"][i]
                where = next((name for name, col in _POSITION_COLUMNS.items() if row[col]), "no-span")
                rule = next((r for r in RULES if row[LINE_FEATURES.index(f"rule_{r}")]), "kept-by-rules")
                name = f"{kind} {gated} {where} {rule}"
                table = out.setdefault(p["corpus"], {})
                table[name] = table.get(name, 0.0) + float(share[i])
    return {c: dict(sorted(((k, round(v, 2)) for k, v in t.items()), key=lambda kv: -kv[1])) for c, t in out.items()}


def objective(scores: dict[str, float]) -> float:
    corpus_means = []
    for corpus in CORPORA:
        corpus_means.append(np.mean([scores[f"{corpus}:{s}"] for s in STYLES]))
    return float(np.mean(corpus_means))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cv-only", action="store_true")
    ap.add_argument("--type-only", action="store_true", help="write the page-type models only, not the line scorer")
    ap.add_argument("--second", action="store_true", help="also cross-validate the second pass")
    args = ap.parse_args()
    t0 = time.time()
    pages = build_pages()
    print(f"{len(pages)} pages, {sum(len(p['texts']) for p in pages)} lines, {time.time() - t0:.0f}s", flush=True)
    fold = folds_of(pages)
    everything = list(range(len(pages)))
    # out-of-fold page types, first-pass and second-pass scores
    for k in range(FOLDS):
        train = [i for i in everything if fold[i] != k]
        test = [i for i in everything if fold[i] == k]
        # the line scorer sees the types of captures given with their URL, as cleaner eval cleans them
        no_url = train_type(pages, train)
        probs = no_url.predict(np.vstack([pages[i]["page"] for i in test]), num_threads=1)
        for i, row in zip(test, probs, strict=True):
            pages[i]["probs_no_url"] = row
        set_types(pages, test, train_type(pages, train, with_url=True), with_url=True)
    type_acc_no_url = np.mean(
        [
            PAGE_TYPES[int(np.argmax(p["probs_no_url"]))] == p["page_type"]
            for p in pages
            if p["corpus"] == "wcxb-dev-text" and p["style"] == "innertext"
        ]
    )
    type_acc = np.mean(
        [
            PAGE_TYPES[int(np.argmax(p["probs"]))] == p["page_type"]
            for p in pages
            if p["corpus"] == "wcxb-dev-text" and p["style"] == "innertext"
        ]
    )
    article_recall = np.mean(
        [PAGE_TYPES[int(np.argmax(p["probs"]))] == "article" for p in pages if p["corpus"] != "wcxb-dev-text"]
    )
    print(
        f"page type CV accuracy (wcxb innertext) {type_acc:.3f}, with no URL {type_acc_no_url:.3f}; "
        f"aeb/readability as article {article_recall:.3f}"
    )
    for k in range(FOLDS):
        train = [i for i in everything if fold[i] != k]
        test = [i for i in everything if fold[i] == k]
        first = train_lines(pages, train, "matrix", LINE_FEATURES, FIRST_ROUNDS)
        if args.second:
            set_second(pages, test, first)
        else:
            for i in test:
                pages[i]["s1"] = first.predict(pages[i]["matrix"], num_threads=1)
    if args.second:
        for k in range(FOLDS):
            train = [i for i in everything if fold[i] != k]
            test = [i for i in everything if fold[i] == k]
            model = train_lines(pages, train, "matrix2", LINE_FEATURES + SECOND_FEATURES, SECOND_ROUNDS)
            for i in test:
                pages[i]["s2"] = model.predict(pages[i]["matrix2"], num_threads=1)
    index_words(pages)
    rules = page_scores(pages, "s1", (0.0, 0.0, 1.01, 0.5, 0.5, NO_FLOOR))  # the rules' verdicts alone (all gated)
    print("rules", round(objective(rules), 4), rules, flush=True)
    table: dict[str, Any] = {}
    best: tuple[float, tuple[float, ...]] = (0.0, (1.01, 0.0, 1.01, 0.5, 0.5))
    for key in ("s1", "s2") if args.second else ("s1",):
        for t in (0.35, 0.4, 0.45, 0.5, 0.55):
            scores = page_scores(pages, key, (1.01, 0.0, 1.01, t, t))
            table[f"{key} ungated t={t}"] = scores
            print(f"{key} ungated t={t}: {objective(scores):.4f}", flush=True)
        grid = ((0.3, 0.4, 0.5), (0.0,), (0.7, 0.85), (0.4, 0.45, TYPED), (0.4, 0.2, 0.1, 0.05))
        for setting in itertools.product(*grid):
            scores = page_scores(pages, key, setting)
            table[f"{key} {setting}"] = scores
            value = objective(scores)
            if key == "s1":
                best = max(best, (value, setting))
            print(f"{key} {setting}: {value:.4f}", flush=True)
    # the shipped setting: the scorer's article-page constants and its threshold per predicted page type (TYPED)
    shipped = (ARTICLE_GATE, CUT_BELOW["balanced"], KEEP_ABOVE["balanced"], TYPED, KEPT_THRESHOLDS["balanced"])
    print("best", best, page_scores(pages, "s1", best[1]), flush=True)
    print("shipped", shipped, page_scores(pages, "s1", shipped), flush=True)
    # the floor for pages whose kept lines hold little of their words, at the best setting and at the shipped one
    for setting in dict.fromkeys((best[1], shipped)):
        for floor in (NO_FLOOR, *itertools.product((0.08, 0.1, 0.12, 0.15, 0.2), (0.1, 0.15, 0.2, 0.25))):
            scores = page_scores(pages, "s1", (*setting, floor))
            table[f"s1 {setting} floor={floor}"] = scores
            print(f"s1 {setting} floor={floor}: {objective(scores):.4f}", flush=True)
    wrong = losses(pages, "s1", best[1])
    for corpus, lost in wrong.items():
        print("losses", corpus, dict(itertools.islice(lost.items(), 12)), flush=True)
    keys = ("corpus", "style", "page_type", "texts", "meta", "rule_keep", "rescuable", "s1", "probs", "group")
    with (CACHE / "oof.pkl").open("wb") as f:
        pickle.dump([{k: p[k] for k in keys if k in p} for p in pages], f)
    if args.cv_only:
        return 0
    written = {
        "text_page_type": train_type(pages, everything),
        "text_page_type_url": train_type(pages, everything, with_url=True),
    }
    if not args.type_only:
        written["text_lines"] = train_lines(pages, everything, "matrix", LINE_FEATURES, FIRST_ROUNDS)
    for name, model in written.items():
        path = save_model(model, name)
        print(name, path.stat().st_size // 1024, "KiB")
    write_report(
        "text_lines",
        {
            "pages": len(pages),
            "corpora": list(CORPORA),
            "styles": list(STYLES),
            "folds": FOLDS,
            "params": PARAMS,
            "rounds": {"type": TYPE_ROUNDS, "first": FIRST_ROUNDS, "second": SECOND_ROUNDS},
            "shipped": list(written),
            "page_type_cv_accuracy": float(type_acc),
            "page_type_cv_accuracy_no_url": float(type_acc_no_url),
            "article_benchmarks_typed_article": float(article_recall),
            "cv_rules_alone": rules,
            "cv_settings": table,
            "best_setting": dict(zip(("gate", "cut_below", "keep_above", "t", "t_kept"), best[1], strict=True)),
            "best_cv": page_scores(pages, "s1", best[1]),
            "cv_losses_on_articles": wrong,
        },
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
