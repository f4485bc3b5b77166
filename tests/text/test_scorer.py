"""The learned line scorer of the text path: evidence shape, favor, page type, explain reasons."""

from __future__ import annotations

import numpy as np
import pytest

from cleaner import Options, clean
from cleaner.extraction import Extraction
from cleaner.model import load_model
from cleaner.text import scorer
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


class _Fixed:
    """A stand-in model: ``per_row`` (the line model) gives the row's own score, else (the page-type model) every row
    gets the same class probabilities."""

    def __init__(self, scores: list[float] | np.ndarray, per_row: bool) -> None:
        self.scores = np.asarray(scores, dtype=np.float64)
        self.per_row = per_row

    def predict(self, rows: np.ndarray) -> np.ndarray:
        assert self.per_row or len(rows) == 1
        return self.scores[: len(rows)] if self.per_row else np.tile(self.scores, (len(rows), 1))


def _decide(monkeypatch: pytest.MonkeyPatch, line_scores: list[float]) -> list[bool]:
    """The scorer's keep decision on a page of cards that the rules cut and the page-type model reads as a
    collection, with the line scores given (one per line; no line is taken for metadata)."""
    cards = (f"Card {i}: oak table, {i + 2} chairs, free delivery" for i in range(len(line_scores)))
    lines = split_lines("\n\n".join(cards))
    for line in lines:
        line.rule = "outside-article"  # cut by the rules: a line needs the type's threshold
    probs = np.zeros(len(PAGE_TYPES))
    probs[PAGE_TYPES.index("collection")] = 1.0
    models = (_Fixed(probs, per_row=False), _Fixed(line_scores, per_row=True), None)
    monkeypatch.setattr(scorer, "_models", lambda: models)
    decision, _ = scorer.score_page(lines, None, Extraction(kind="text"), Options(), "innertext")
    assert decision.page_type == "collection"
    return decision.keep


def test_a_capture_with_its_url_is_typed_by_the_url_model(monkeypatch: pytest.MonkeyPatch) -> None:
    """A capture given with its URL is typed by ``text_page_type_url`` (the page's columns and its address's shape);
    one without by ``text_page_type``."""
    lines = split_lines("\n\n".join(f"Card {i}: oak table, {i + 2} chairs, free delivery" for i in range(4)))

    def one_hot(kind: str) -> np.ndarray:
        probs = np.zeros(len(PAGE_TYPES))
        probs[PAGE_TYPES.index(kind)] = 1.0
        return probs

    class _Seen(_Fixed):
        def predict(self, rows: np.ndarray) -> np.ndarray:
            assert rows.shape[1] == len(scorer.PAGE_URL_FEATURES)
            return super().predict(rows)

    models = (_Fixed(one_hot("listing"), per_row=False), _Fixed([0.9] * 4, per_row=True),
              _Seen(one_hot("product"), per_row=False))  # fmt: skip
    monkeypatch.setattr(scorer, "_models", lambda: models)
    for url, kind in ((None, "listing"), ("https://shop.example/products/oak-table", "product")):
        decision, _ = scorer.score_page(lines, None, Extraction(kind="text", url=url), Options(), "innertext")
        assert decision.page_type == kind


def test_a_page_whose_kept_lines_hold_little_of_it_keeps_its_lines_above_the_floor(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """On a page not read as an article, when the lines at the type's threshold hold less than FLOOR_SHARE of its
    words, every line scoring FLOOR_SCORE or more is kept too; when they hold more, the threshold alone decides."""
    threshold = scorer.TYPE_THRESHOLDS["collection"]
    assert threshold > scorer.FLOOR_SCORE
    between = (scorer.FLOOR_SCORE + threshold) / 2
    below = scorer.FLOOR_SCORE / 2
    # nothing reaches the threshold: the lines above the floor are kept, the one below it is not
    assert _decide(monkeypatch, [between] * 9 + [below]) == [True] * 9 + [False]
    # half the lines reach it: the floor stays out of it
    assert _decide(monkeypatch, [threshold + 0.1] * 5 + [between] * 5) == [True] * 5 + [False] * 5
