"""Train the text path's structure model (``cleaner/text/structure.py``): which kept lines are headings, list items
or paragraphs, for the Markdown of a text capture.

    PYTHONPATH=src python scripts/train_text_structure.py [--cv-only]

Pages: the non-check pages of wcxb-dev-text (whose gold has Markdown; trained on) and readability-dev-text (whose
gold is reviewed HTML; measured only), each as captured (innerText) and re-rendered as a copy-paste and as a wrapped
text-browser dump (``cleaner.evaluate.restyle``). The kept lines are what the shipped pipeline keeps. A kept line is
labelled a heading when its structure item (the corpora README's: lower-case ``\\w+`` tokens) is one of the gold's
headings, a list item when it is one of its list items (each gold item claimed once, in page order), else a
paragraph. Table rows and lines marked as list items stay the rules' (``cleaner.text.structure.ruled``) and are not
trained on.

Measured by 5-fold cross-validation grouped by site (``cleaner.metrics.split_key``), with the corpora README's
structure metric on the Markdown the renderer draws from the out-of-fold kinds, beside the rules' kinds on the same
lines. Check pages are never read here.
"""

from __future__ import annotations

import argparse
import pickle
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from trainlib import corpus_pages, lgbm_params, save_model, site_fold, write_report  # isort: skip

import lightgbm as lgb

from cleaner.block import BlockKind
from cleaner.evaluate import restyle
from cleaner.extraction import Extraction
from cleaner.metrics import html_items, markdown_items, split_key, structure_counts, structure_f1, structure_item
from cleaner.options import Options
from cleaner.render import ITEM_MARKER, render_markdown
from cleaner.text.blocks import blocks_of
from cleaner.text.features import SHAPE_FEATURES
from cleaner.text.lines import Line, split_lines
from cleaner.text.pipeline import rule_pass
from cleaner.text.scorer import score_page
from cleaner.text.structure import CLASS_WEIGHTS, STRUCTURE_FEATURES, STRUCTURE_KINDS, rule_kinds, ruled, structure_rows

#: The text corpora whose gold has structure: wcxb-dev-text's Markdown (the target, first) and readability-dev-text's
#: reviewed HTML. The model trains on the first only; the second is measured, never trained on (training on it too,
#: weighed 3x, gave wcxb list F1 0.2928 -> 0.2902 out of fold and readability-dev-text no better).
CORPORA = ("wcxb-dev-text", "readability-dev-text")
TRAIN_CORPORA = ("wcxb-dev-text",)
STYLES = ("innertext", "paste", "dump")
FOLDS = 5
#: Out of fold (heading / list F1, class weights 4 / 8): 80 rounds 0.4919 / 0.2963, 50 rounds 0.4881 / 0.2928,
#: 40 rounds 0.4879 / 0.2880; 50 rounds of 15 leaves keep the model's share of a page's time small.
ROUNDS = 50
#: Class weights tried (heading, list item; a paragraph weighs 1): the pair with the best mean of the heading and
#: list F1 out of fold is written into the report, and ``CLASS_WEIGHTS`` of the module must match it.
HEADING_WEIGHTS = (1.0, 2.0, 3.0, 4.0)
LIST_WEIGHTS = (1.0, 3.0, 5.0, 8.0)
PARAMS = {"objective": "multiclass", "num_class": len(STRUCTURE_KINDS), "num_leaves": 15, "min_data_in_leaf": 40}


def kept_lines(text: str) -> tuple[list[Line], str, str | None, np.ndarray]:
    """The lines the shipped pipeline keeps (``cleaner.text.pipeline.decide_lines``), the capture style, the page
    type and the line scorer's shape columns of the kept lines."""
    options = Options()
    ext = Extraction(kind="text", url=None, explain=False)
    info: dict[str, str] = {}
    lines = split_lines(text, info=info)
    if not lines:
        return [], "innertext", None, np.zeros((0, len(SHAPE_FEATURES)))
    style = info.get("style", "innertext")
    span = rule_pass(lines, ext, options)
    keep, _ = score_page(lines, span, ext, options, style)
    rows = [i for i, (line, k) in enumerate(zip(lines, keep.keep, strict=True)) if k and line.role is None]
    assert keep.evidence is not None, "the text models must ship before the structure model is trained"
    return [lines[i] for i in rows], style, keep.page_type, keep.evidence[rows, : len(SHAPE_FEATURES)]


def labels(kept: list[Line], rules: list[BlockKind], gold: dict[str, Counter[str]]) -> list[int]:
    headings, items = Counter(gold["heading"]), Counter(gold["list"])
    out = []
    for line, rule in zip(kept, rules, strict=True):
        key = structure_item(ITEM_MARKER.sub("", line.text, count=1))  # the item as the renderer draws it
        if ruled(line, rule):  # the rules' kind stands: not trained on
            out.append(-1)
        elif headings[key] > 0:
            headings[key] -= 1
            out.append(1)
        elif items[key] > 0:
            items[key] -= 1
            out.append(2)
        else:
            out.append(0)
    return out


def build_pages(cache: Path | None = None) -> list[dict[str, Any]]:
    if cache is not None and cache.exists():
        with cache.open("rb") as f:
            return pickle.load(f)  # type: ignore[no-any-return]
    pages = []
    for corpus, row, data in ((c, r, d) for c in CORPORA for r, d in corpus_pages(c)):
        if isinstance(row.get("markdown"), str):
            gold = markdown_items(row["markdown"])
        elif isinstance(row.get("body_html"), str):
            gold = html_items(row["body_html"])
        else:
            continue
        raw = data.decode("utf-8", errors="replace")
        for style in STYLES:
            text = raw if style == "innertext" else restyle(raw, style)
            kept, seen_style, page_type, shape = kept_lines(text)
            rules = rule_kinds(kept)
            pages.append(
                {
                    "id": row["id"],
                    "corpus": corpus,
                    "group": split_key(row),
                    "style": style,
                    "kept": kept,
                    "rules": rules,
                    "x": structure_rows(kept, seen_style, rules, page_type, shape),
                    "y": np.array(labels(kept, rules, gold), dtype=np.int64),
                    "gold": gold,
                }
            )
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        with cache.open("wb") as f:
            pickle.dump(pages, f)
    return pages


def folds_of(pages: list[dict[str, Any]]) -> np.ndarray:
    return np.array([site_fold(p["group"], FOLDS) for p in pages])


def train(pages: list[dict[str, Any]]) -> lgb.Booster:
    pages = [p for p in pages if p["corpus"] in TRAIN_CORPORA]
    x = np.vstack([p["x"] for p in pages])
    y = np.concatenate([p["y"] for p in pages])
    rows = y >= 0
    data = lgb.Dataset(x[rows], y[rows], feature_name=list(STRUCTURE_FEATURES), free_raw_data=False)
    return lgb.train(lgbm_params(**PARAMS), data, num_boost_round=ROUNDS)


def kinds_of(page: dict[str, Any], probs: np.ndarray | None, weights: tuple[float, ...]) -> list[BlockKind]:
    if probs is None:
        return list(page["rules"])
    choice = np.argmax(probs * np.asarray(weights), axis=1)
    rows = zip(page["kept"], page["rules"], choice, strict=True)
    return [r if ruled(line, r) else STRUCTURE_KINDS[int(c)] for line, r, c in rows]


def counts(page: dict[str, Any], kinds: list[BlockKind]) -> dict[str, tuple[int, int, int]]:
    markdown = render_markdown(blocks_of(page["kept"], kinds))
    return structure_counts(page["gold"], markdown_items(markdown))


def figures(pages: list[dict[str, Any]], kinds: list[list[BlockKind]]) -> dict[str, dict[str, float]]:
    """Structure F1 (heading, list) per capture style and over all styles ("all") of the target corpus, and over all
    styles of each other corpus."""
    out = {}
    for corpus in CORPORA:
        for style in (*STYLES, "all") if corpus == CORPORA[0] else ("all",):
            chosen = [
                counts(p, k)
                for p, k in zip(pages, kinds, strict=True)
                if p["corpus"] == corpus and style in ("all", p["style"])
            ]
            f1 = structure_f1(chosen)
            key = style if corpus == CORPORA[0] else corpus
            out[key] = {kind: round(f1[kind]["f1"], 4) for kind in ("heading", "list")}
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cv-only", action="store_true", help="report cross-validated figures, write no model")
    ap.add_argument("--cache", type=Path, help="keep the built pages in this file (for repeated runs)")
    args = ap.parse_args()
    pages = build_pages(args.cache)
    print(f"{len(pages)} page captures, {sum(len(p['kept']) for p in pages)} kept lines", file=sys.stderr)
    fold = folds_of(pages)
    oof: list[np.ndarray | None] = [None] * len(pages)
    for k in range(FOLDS):
        booster = train([p for p, f in zip(pages, fold, strict=True) if f != k])
        for i, p in enumerate(pages):
            if fold[i] == k and len(p["kept"]):
                oof[i] = np.asarray(booster.predict(p["x"], num_threads=1))
    rules = figures(pages, [kinds_of(p, None, CLASS_WEIGHTS) for p in pages])
    grid = {}
    for wh in HEADING_WEIGHTS:
        for wl in LIST_WEIGHTS:
            weights = (1.0, wh, wl)
            grid[weights] = figures(pages, [kinds_of(p, o, weights) for p, o in zip(pages, oof, strict=True)])
            print(weights, grid[weights]["all"], file=sys.stderr)
    best = max(grid, key=lambda w: grid[w]["all"]["heading"] + grid[w]["all"]["list"])
    print("rules", rules, "\nmodel", best, grid[best], file=sys.stderr)
    report = {
        "model": "text_structure",
        "corpora": list(CORPORA),
        "trained_on": list(TRAIN_CORPORA),
        "styles": list(STYLES),
        "rounds": ROUNDS,
        "params": PARAMS,
        "pages": len(pages),
        "class_weights": list(best),
        "train_out_of_fold_structure_f1": {"rules": rules, "model": grid[best]},
        "train_out_of_fold_by_weights": {f"{w[1]:g}/{w[2]:g}": f["all"] for w, f in grid.items()},
    }
    if args.cv_only:
        return 0
    booster = train(pages)
    save_model(booster, "text_structure")
    write_report("text_structure", report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
