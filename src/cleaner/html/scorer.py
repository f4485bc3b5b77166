"""The learned block scorer: gather a page's evidence once, score every block with LightGBM, decide.

Stage one (``data/models/html_blocks.txt``) scores each block from its own evidence (:func:`features.block_matrix`).
Stage two (``data/models/html_blocks_context.txt``, shipped when it helps in cross-validation) re-scores it from the
first-stage scores around it and in its container (:func:`features.context_matrix`): a short line between two kept
paragraphs is article, the same line in a run of dropped teasers is not. ``Options.favor`` moves the keep threshold.
Both models are trained by ``scripts/train.py`` on the non-check pages of the corpora; without them (a checkout
before training) every block is kept where trafilatura kept its words.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..extraction import Extraction
from ..model import load_model, model_available
from ..options import Options
from .candidates import density_containers
from .features import (
    PAGE_TYPES,
    PageInfo,
    TextStats,
    block_matrix,
    block_names,
    context_matrix,
    context_names,
    page_vector,
    schema_types,
    text_stats,
)
from .headline import page_titles
from .rules import RULE_NAMES, PruneReport, mark
from .segment import INLINE_TAGS, Segmentation, segment
from .trafilatura_adapter import extract_parts

__all__ = ["BLOCK_MODEL", "CONTEXT_MODEL", "THRESHOLDS", "Evidence", "gather", "score_blocks"]

BLOCK_MODEL = "html_blocks"
CONTEXT_MODEL = "html_blocks_context"
#: Keep threshold on the second-stage score per ``Options.favor`` ("balanced" chosen by grouped cross-validation on
#: the training pages, see benchmarks/reports/html_blocks.json).
THRESHOLDS = {"precision": 0.45, "balanced": 0.3, "recall": 0.2}
#: When the page shows less text than this share of what it hides, the article is revealed by a script: hidden
#: elements are segmented too.
HIDDEN_ARTICLE_SHARE = 0.5
_RULE_INDEX = {name: i + 1 for i, name in enumerate(RULE_NAMES)}


@dataclass(slots=True)
class Evidence:
    """A page's blocks and everything the scorer reads about them."""

    seg: Segmentation
    stats: TextStats
    page: np.ndarray
    info: PageInfo
    report: PruneReport


def _body(tree: Any) -> Any:
    body = tree.find("body") if tree.tag == "html" else None
    return tree if body is None else body


def _og_type(tree: Any) -> str | None:
    head = tree.find("head") if tree.tag == "html" else None
    if head is None:
        return None
    for meta in head.iter("meta"):
        if (meta.get("property") or meta.get("name")) == "og:type":
            return (meta.get("content") or "").strip().lower() or None
    return None


def _trafilatura_lines(tree: Any, url: str | None) -> tuple[list[str], list[str]]:
    # trafilatura copies the whole tree three times over; the <head> (styles, scripts, JSON-LD) is no body text and
    # the metadata has been read from it already, so it is lifted out for the call and put back after
    head = tree.find("head") if tree.tag == "html" else None
    if head is not None:
        tree.remove(head)
    try:
        return extract_parts(tree, url=url, favor="balanced")
    finally:
        if head is not None:
            tree.insert(0, head)


def gather(tree: Any, ext: Extraction, url: str | None, options: Options) -> Evidence:
    """Segment the page and collect the evidence of every block (the tree loses its scripts, styles and media)."""
    # every element's Python proxy is made once and kept for the whole call: lxml.html looks up an element class in
    # Python each time it makes a proxy, and the rules, the density candidate and the segmenter each walk the tree
    alive = list(tree.iter())
    types = schema_types(tree)
    og_type = _og_type(tree)
    marks = mark(tree, captions_in_text=options.captions_in_text)
    titles = page_titles(tree, ext)
    traf, traf_comments = _trafilatura_lines(tree, url)
    body = _body(tree)
    dense = set(density_containers(body))
    rules = {el: _RULE_INDEX[name] for el, name in marks.cuts}
    # inline text the "hidden" rule names (a tooltip, a screen-reader label inside a paragraph) would merge into the
    # paragraph's block, where no model could tell it apart: it is skipped like display:none
    unseen = {el for el, name in marks.cuts if name == "hidden" and el.tag in INLINE_TAGS}
    seg = segment(body, rules=rules, dense=dense, core={marks.core}, unseen=unseen, hiding=marks.hiding)
    shown = sum(len(b.text) for b in seg.blocks)
    if seg.hidden_chars and shown < HIDDEN_ARTICLE_SHARE * seg.hidden_chars:
        seg = segment(body, rules=rules, dense=dense, core={marks.core}, keep_hidden=True)
    info = PageInfo(
        url=url or ext.url,
        titles=titles,
        types=types,
        og_type=og_type,
        traf_lines=traf,
        traf_comments=traf_comments,
        rule_counts=marks.report.counts,
    )
    stats = text_stats(seg, info)
    del alive
    return Evidence(seg, stats, page_vector(seg, stats, info), info, marks.report)


def models_available() -> bool:
    return model_available(BLOCK_MODEL)


def score_blocks(ev: Evidence, type_probs: np.ndarray | None) -> np.ndarray:
    """The second-stage keep score of every block (or trafilatura's coverage when no model ships)."""
    n = len(ev.seg.blocks)
    if n == 0:
        return np.zeros(0, dtype=np.float32)
    if not models_available():
        fallback: np.ndarray = ev.stats.traf.copy()
        return fallback
    probs = type_probs if type_probs is not None else np.zeros(len(PAGE_TYPES), dtype=np.float32)
    rows = block_matrix(ev.seg, ev.stats, ev.page, probs)
    first = load_model(BLOCK_MODEL)
    if list(first.feature_names) != block_names():
        raise RuntimeError(f"{BLOCK_MODEL} was trained on other columns; retrain with scripts/train.py")
    s1 = np.asarray(first.predict(rows), dtype=np.float32)
    if not model_available(CONTEXT_MODEL):
        return s1
    second = load_model(CONTEXT_MODEL)
    if list(second.feature_names) != context_names():
        raise RuntimeError(f"{CONTEXT_MODEL} was trained on other columns; retrain with scripts/train.py")
    ctx = context_matrix(rows, s1, np.asarray(ev.seg.parents, dtype=np.int64))
    return np.asarray(second.predict(ctx), dtype=np.float32)
