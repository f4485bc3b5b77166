"""The learned line scorer of the text path: which lines the named rules left (or cut) are the article's text.

Shipped LightGBM models (trained by ``scripts/train_text.py`` on the non-check pages of the text corpora, in
every capture style):

- ``text_page_type``: the page's type from the means of its lines' evidence (:data:`features.PAGE_FEATURES`); a
  capture that comes with its URL is typed by ``text_page_type_url``, the same columns and the shape of its address
  (:data:`cleaner.urls.URL_FEATURES`: /products/, /forum/, a dated path, its depth);
- ``text_lines``: one score per line from its evidence (:data:`features.LINE_FEATURES`, the page-type
  probabilities among them; the neighbourhood columns describe the lines around it).

A second pass over the first pass's scores in a window (:func:`features.second_pass`, ``train_text.py --second``)
was cross-validated and scored below the first pass alone, so it does not ship.

On a page the rules read as an article (the page-type model gives "article" at least ``ARTICLE_GATE`` and the
rules found an article span) the rules' verdicts stand, but a line they kept is cut when the scorer gives it less
than ``CUT_BELOW``, and a line they cut for its position (outside the span, in a menu run) is kept when it scores
at least ``KEEP_ABOVE``. On any other page (listings, collections, products, forums, documentation, service
pages; a page with no article span) a line is kept when it scores at least the threshold of the page's predicted
type (``TYPE_THRESHOLDS``, moved by ``Options.favor``; at most ``KEPT_THRESHOLDS`` when the rules kept it), and
when those hold less than ``FLOOR_SHARE`` of the page's words, every line scoring at least ``FLOOR_SCORE``. The gate
and the thresholds were chosen by cross-validation on the training pages (grouped by site), see
``benchmarks/reports/text_lines_cv.log``. Without the models (a stripped install) the rules' verdicts stand.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from ..extraction import Extraction
from ..model import Model, load_model, model_available
from ..options import Options
from ..urls import URL_FEATURES, url_shape
from .features import LINE_FEATURES, PAGE_FEATURES, PAGE_TYPES, line_matrix
from .lines import Line

__all__ = [
    "FAVOR_SHIFT",
    "FLOOR_SCORE",
    "FLOOR_SHARE",
    "PAGE_URL_FEATURES",
    "TYPE_THRESHOLDS",
    "Decision",
    "page_evidence",
    "page_type_row",
    "score_page",
]

#: The cuts the scorer may undo on an article page: by position, not by what the line says.
RESCUABLE = frozenset({"outside-article", "menu"})

TYPE_MODEL = "text_page_type"
#: The page-type model for a capture given with its URL. Cross-validated on the training pages (wcxb-dev-text,
#: innerText): page type accuracy 0.684 without the URL, 0.753 with it; one model trained on pages with and without
#: their URL typed 0.705 with it and 0.689 without, so a capture with no URL keeps a model that never saw one.
TYPE_URL_MODEL = "text_page_type_url"
#: The columns of ``TYPE_URL_MODEL``.
PAGE_URL_FEATURES = (*PAGE_FEATURES, *URL_FEATURES)
FIRST_MODEL = "text_lines"
#: The score a line needs to be kept on a page that is not an article, by the page's predicted type (chosen by
#: cross-validation, like everything here) ...
TYPE_THRESHOLDS = {
    "article": 0.25,
    "collection": 0.3,
    "documentation": 0.45,
    "forum": 0.45,
    "listing": 0.25,
    "product": 0.3,
    "service": 0.5,
}
#: ... moved by ``Options.favor``.
FAVOR_SHIFT = {"precision": 0.15, "balanced": 0.0, "recall": -0.15}
#: ... and a line the rules kept needs only this much there (the rules' verdict is evidence too).
KEPT_THRESHOLDS = {"precision": 0.2, "balanced": 0.1, "recall": 0.05}
#: Above this probability of "article" (and with an article span) the rules' verdicts stand, but for ...
ARTICLE_GATE = 0.4
#: ... lines they kept that score below this (per ``Options.favor``) ...
CUT_BELOW = {"precision": 0.1, "balanced": 0.0, "recall": 0.0}
#: ... and lines cut only for standing outside the article span (or in a run of short lines) that score at least
#: this; a line a named rule cut (a counter, a teaser, a newsletter prompt) stays cut on an article page.
KEEP_ABOVE = {"precision": 0.85, "balanced": 0.7, "recall": 0.55}
#: On a page not read as an article, when the lines at or above the type's threshold hold less than this share of the
#: page's words, its content went unrecognised (a listing's cards, a product's specifications, each line scored a
#: little under the threshold): every line that scores at least ``FLOOR_SCORE`` (moved by ``Options.favor``) is kept
#: too. Chosen out of fold like the rest (``train_text.py``: objective 0.9019 -> 0.9032, wcxb-dev-text innerText
#: 0.8004 -> 0.8041, within 0.0005 of that for any share from 0.08 to 0.2; aeb and readability, whose pages are read
#: as articles, unchanged).
FLOOR_SHARE = 0.15
FLOOR_SCORE = 0.2


@dataclass(slots=True)
class Decision:
    """Keep (True) or cut each line; the page's predicted type; the line evidence the scorer read (one row per
    line, :data:`~cleaner.text.features.LINE_FEATURES`), None when no model ships."""

    keep: list[bool]
    page_type: str | None
    evidence: np.ndarray | None = None


@functools.cache
def _models() -> tuple[Model, Model, Model | None] | None:
    """The page-type model, the line scorer and the page-type model for captures with a URL (None when not
    shipped: the first one types every capture)."""
    if not all(model_available(name) for name in (TYPE_MODEL, FIRST_MODEL)):
        return None
    with_url = load_model(TYPE_URL_MODEL) if model_available(TYPE_URL_MODEL) else None
    models = load_model(TYPE_MODEL), load_model(FIRST_MODEL), with_url
    wanted = (PAGE_FEATURES, LINE_FEATURES, PAGE_URL_FEATURES)
    for model, names in zip(models, wanted, strict=True):
        if model is not None and model.feature_names != tuple(names):
            raise RuntimeError(f"model {model.name} was trained on other features: retrain it (scripts/train_text.py)")
    return models


def page_type_row(page: np.ndarray, url: str | None) -> np.ndarray:
    """The row of :data:`PAGE_URL_FEATURES` for a page row and the capture's URL."""
    return np.concatenate([page, url_shape(url)]).reshape(1, -1)


def page_evidence(
    lines: list[Line], span: tuple[int, int] | None, title: str | None, style: str
) -> tuple[np.ndarray, np.ndarray]:
    """The first-pass line matrix (page-type columns zero) and the page-type row."""
    return line_matrix(lines, span, title, style)


def score_page(
    lines: list[Line], span: tuple[int, int] | None, ext: Extraction, options: Options, style: str
) -> tuple[Decision, np.ndarray]:
    """Score every line; keep those at or above the threshold of ``options.favor`` (metadata lines never)."""
    models = _models()
    if models is None:
        keep = [line.rule is None and line.role is None for line in lines]
        return Decision(keep, None), np.asarray(keep, dtype=np.float64)
    type_model, line_model, url_model = models
    n = len(lines)
    matrix, page = page_evidence(lines, span, ext.title, style)
    if ext.url and url_model is not None:
        probs = np.asarray(url_model.predict(page_type_row(page, ext.url)))[0]
    else:
        probs = np.asarray(type_model.predict(page.reshape(1, -1)))[0]
    matrix[:, -len(PAGE_TYPES) :] = probs
    page_type = PAGE_TYPES[int(np.argmax(probs))]
    favor = options.favor
    free = np.fromiter((line.role is None for line in lines), dtype=bool, count=n)
    rule_keep = free & np.fromiter((line.rule is None for line in lines), dtype=bool, count=n)
    if probs[0] >= ARTICLE_GATE and rule_keep.any():
        rescuable = np.fromiter((line.rule in RESCUABLE for line in lines), dtype=bool, count=n)
        cut_below = CUT_BELOW[favor]
        # A score is a probability: ``>= 0`` holds for every line, so the lines the rules kept need no score then.
        scores = _scores(line_model, matrix, free & (rescuable | rule_keep) if cut_below > 0 else free & rescuable)
        keep_arr = np.where(
            rule_keep, scores >= cut_below if cut_below > 0 else True, rescuable & (scores >= KEEP_ABOVE[favor])
        )
    else:
        scores = _scores(line_model, matrix, free)
        threshold = TYPE_THRESHOLDS[page_type] + FAVOR_SHIFT[favor]
        keep_arr = np.where(rule_keep, scores >= min(threshold, KEPT_THRESHOLDS[favor]), scores >= threshold)
        words = np.fromiter((len(line.tokens) for line in lines), dtype=np.float64, count=n)
        if words[keep_arr].sum() < FLOOR_SHARE * words.sum():
            keep_arr = keep_arr | (scores >= FLOOR_SCORE + FAVOR_SHIFT[favor])
    keep = [bool(k) and line.role is None for k, line in zip(keep_arr, lines, strict=True)]
    return Decision(keep, page_type, matrix), scores


def _scores(model: Model, matrix: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """The line scorer's score of each ``wanted`` row of ``matrix``, NaN for the others (lines whose score cannot
    change what happens to them: metadata lines, and on an article page the lines the rules decided for good).
    Each row is scored on its own, so a row's score does not depend on which other rows are scored with it."""
    scores = np.full(len(matrix), np.nan)
    if wanted.any():
        scores[wanted] = model.predict(matrix[wanted])
    return scores
