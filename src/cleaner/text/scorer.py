"""The learned line scorer of the text path: which lines the named rules left (or cut) are the article's text.

Three shipped LightGBM models (trained by ``scripts/train_text.py`` on the non-check pages of the text corpora, in
every capture style):

- ``text_page_type``: the page's type from the means of its lines' evidence (:data:`features.PAGE_FEATURES`);
- ``text_lines``: the first pass, one score per line from its evidence (:data:`features.LINE_FEATURES`, the
  page-type probabilities among them);
- ``text_lines_second``: the second pass, the same evidence plus the first pass's scores around the line.

A line is kept when the second pass scores it at least the threshold of ``Options.favor``. Without the models
(a stripped install) the rules' verdicts stand.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..extraction import Extraction
from ..model import Model, load_model, model_available
from ..options import Options
from .features import LINE_FEATURES, PAGE_FEATURES, PAGE_TYPES, SECOND_FEATURES, line_matrix, second_pass
from .lines import Line

__all__ = ["THRESHOLDS", "Decision", "page_evidence", "score_page"]

TYPE_MODEL = "text_page_type"
FIRST_MODEL = "text_lines"
SECOND_MODEL = "text_lines_second"
#: The second pass's score a line needs to be kept, per ``Options.favor``; "balanced" is chosen by cross-validation
#: on the training pages (grouped by site), see ``benchmarks/reports/text_lines.json``.
THRESHOLDS = {"precision": 0.6, "balanced": 0.45, "recall": 0.3}


@dataclass(slots=True)
class Decision:
    """Keep (True) or cut each line; the page's predicted type."""

    keep: list[bool]
    page_type: str | None


def _models() -> tuple[Model, Model, Model] | None:
    if not all(model_available(name) for name in (TYPE_MODEL, FIRST_MODEL, SECOND_MODEL)):
        return None
    models = load_model(TYPE_MODEL), load_model(FIRST_MODEL), load_model(SECOND_MODEL)
    wanted = (PAGE_FEATURES, LINE_FEATURES, LINE_FEATURES + SECOND_FEATURES)
    for model, names in zip(models, wanted, strict=True):
        if model.feature_names != tuple(names):
            raise RuntimeError(f"model {model.name} was trained on other features: retrain it (scripts/train_text.py)")
    return models


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
    type_model, first_model, second_model = models
    matrix, page = page_evidence(lines, span, ext.title, style)
    probs = np.asarray(type_model.predict(page.reshape(1, -1)))[0]
    matrix[:, -len(PAGE_TYPES) :] = probs
    first = np.asarray(first_model.predict(matrix))
    words = np.fromiter((line.words for line in lines), dtype=np.float64, count=len(lines))
    scores = np.asarray(second_model.predict(second_pass(matrix, first, words)))
    threshold = THRESHOLDS[options.favor]
    keep = [bool(s >= threshold) and line.role is None for s, line in zip(scores, lines, strict=True)]
    return Decision(keep, PAGE_TYPES[int(np.argmax(probs))]), scores
