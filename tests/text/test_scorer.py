"""The learned line scorer of the text path: evidence shape, favor, page type, explain reasons."""

from __future__ import annotations

import numpy as np

from cleaner import Options, clean
from cleaner.extraction import Extraction
from cleaner.model import load_model
from cleaner.text.features import LINE_FEATURES, PAGE_FEATURES, PAGE_TYPES, SECOND_FEATURES, second_pass
from cleaner.text.lines import split_lines
from cleaner.text.pipeline import rule_pass
from cleaner.text.scorer import FAVOR_SHIFT, FIRST_MODEL, _scores, page_evidence

PARAGRAPH = (
    "The council approved the new harbour plan on Tuesday after a long debate about the cost of dredging the channel "
    "and the effect on the fishing fleet that still lands its catch at the old quay."
)
PAGE = "\n".join(
    [
        "Home",
        "News",
        "Sport",
        "Weather",
        "Contact",
        "",
        "Harbour plan approved after long debate",
        "",
        PARAGRAPH,
        "",
        "What happens next",
        "",
        PARAGRAPH.replace("council", "mayor"),
        "",
        "• First the channel is surveyed",
        "• Then the dredging contract is let",
        "",
        PARAGRAPH.replace("Tuesday", "Friday"),
        "",
        "Share this article",
        "Sign up for our newsletter",
        "© 2024 Harbour Times. All rights reserved.",
    ]
)


def _evidence(text: str) -> tuple[np.ndarray, np.ndarray]:
    info: dict[str, str] = {}
    lines = split_lines(text, info=info)
    ext = Extraction(kind="text")
    span = rule_pass(lines, ext, Options())
    return page_evidence(lines, span, ext.title, info["style"])


def test_evidence_has_one_named_column_each() -> None:
    matrix, page = _evidence(PAGE)
    assert matrix.shape == (len(split_lines(PAGE)), len(LINE_FEATURES))
    assert page.shape == (len(PAGE_FEATURES),)
    assert len(set(LINE_FEATURES)) == len(LINE_FEATURES)
    assert np.isfinite(matrix).all() and np.isfinite(page).all()
    words = np.ones(len(matrix))
    assert second_pass(matrix, np.linspace(0, 1, len(matrix)), words).shape[1] == len(LINE_FEATURES + SECOND_FEATURES)


def test_evidence_of_one_line_page() -> None:
    matrix, _ = _evidence("Just one line of text.")
    assert matrix.shape == (1, len(LINE_FEATURES))
    assert second_pass(matrix, np.array([0.5]), np.array([5.0])).shape == (1, len(LINE_FEATURES + SECOND_FEATURES))


def test_favor_moves_the_threshold() -> None:
    assert FAVOR_SHIFT["precision"] > FAVOR_SHIFT["balanced"] > FAVOR_SHIFT["recall"]
    precise = clean(PAGE, options=Options(favor="precision")).text
    full = clean(PAGE, options=Options(favor="recall")).text
    assert len(precise) <= len(full)
    assert set(precise.split("\n\n")) <= set(full.split("\n\n"))


def test_page_type_and_named_reasons() -> None:
    article = clean(PAGE, options=Options(explain=True))
    assert article.page_type in PAGE_TYPES
    assert PARAGRAPH in article.text
    assert "Sign up for our newsletter" not in article.text
    rules = {r.rule for r in article.removed}
    assert "newsletter" in rules or any(r.startswith("model") for r in rules)
    assert all(r.rule for r in article.removed)


def test_scoring_some_rows_gives_their_scores_of_all_rows() -> None:
    """The scorer predicts only the lines whose score matters: each of their scores is what scoring every line
    gives it (a row is scored on its own), and the others are NaN."""
    model = load_model(FIRST_MODEL)
    matrix, _ = _evidence(PAGE)
    everything = np.asarray(model.predict(matrix))
    wanted = np.arange(len(matrix)) % 3 != 1
    some = _scores(model, matrix, wanted)
    assert np.array_equal(some[wanted], everything[wanted])
    assert np.isnan(some[~wanted]).all()
    assert np.isnan(_scores(model, matrix, np.zeros(len(matrix), dtype=bool))).all()
    for i in np.flatnonzero(wanted)[:5]:  # one row alone scores as it does among the others
        assert np.asarray(model.predict(matrix[i : i + 1]))[0] == everything[i]
