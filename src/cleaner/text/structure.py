"""Which kept lines of a text capture are headings, list items or paragraphs: the Markdown's structure.

A capture has lost its tags, so the kind of a line is read from its shape and its kept neighbours. Two readers:

- the rules (:func:`rule_kinds`): a bullet or number opens a list item; two or more tab-separated lines are table
  rows; a short line that does not end like a sentence, followed by a paragraph, is a heading; in a capture that
  separates paragraphs by blank lines, lines that follow one another with no blank line between are list items;
- the learned model ``text_structure`` (trained by ``scripts/train_text_structure.py`` on the non-check pages of
  ``wcxb-dev-text``, in all three capture styles, against the gold Markdown), which reads the line scorer's shape
  columns of each kept line (computed once, for the line scorer), what its kept neighbours say and the rules'
  verdicts (:data:`STRUCTURE_FEATURES`), and decides every line that is neither a table row nor marked as a list
  item. Without the model (a stripped install) the rules decide.

Only the Markdown depends on this: ``text`` is the kept lines whatever their kind.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import numpy as np

from ..block import BlockKind
from ..model import Model, load_model, model_available
from .features import PAGE_TYPES, SHAPE_FEATURES
from .lines import Line
from .span import sentence_like

__all__ = ["STRUCTURE_FEATURES", "STRUCTURE_KINDS", "line_kinds", "rule_kinds", "ruled", "structure_rows"]

#: A heading has at most this many words ...
HEADING_MAX_WORDS = 12
#: ... and the line after it has at least this many (a paragraph, not the next label of a menu-like run).
HEADING_NEXT_MIN_WORDS = 8
#: Share of a capture's lines that must follow a blank line for blank lines to mark paragraphs (innerText); in a
#: paste (no blank lines) or a dump (a blank line after every paragraph) adjacency says nothing about lists.
BLANK_SEPARATED_MIN_SHARE = 0.2
BLANK_SEPARATED_MAX_SHARE = 0.9

STRUCTURE_MODEL = "text_structure"
#: The classes of the model, in the order of its output columns.
STRUCTURE_KINDS: tuple[BlockKind, ...] = ("paragraph", "heading", "list_item")
#: How much more a heading's and a list item's probability weigh than a paragraph's when the model's classes are
#: compared (headings and items are rare among kept lines, and a plain paragraph is the safe reading); chosen by
#: ``scripts/train_text_structure.py`` by cross-validation on the training pages (its report holds the choice).
CLASS_WEIGHTS = (1.0, 4.0, 8.0)
#: Lines a gap of this many cut lines counts as (a longer gap says no more).
_MAX_GAP = 5
_STYLES = ("innertext", "paste", "wrapped")
_SENTENCE_END = SHAPE_FEATURES.index("sentence_end")

#: The line scorer's shape columns of the line (:data:`~cleaner.text.features.SHAPE_FEATURES`: words, characters,
#: sentence end, colon, capitals, digits, markers, cells, blank line before, ...), then what its kept neighbours
#: say and the rules' verdicts.
STRUCTURE_FEATURES: tuple[str, ...] = (
    *(f"line_{name}" for name in SHAPE_FEATURES), "adjacent_prev", "adjacent_next", "prev_words", "next_words",
    "prev_sentence_end", "next_sentence_end", "prev_marker", "next_marker", "run_length", "run_short_share",
    "kept_position", "kept_blank_share", "gap_prev", "gap_next", "words_vs_median", "rule_heading", "rule_list",
    "prev_rule_heading", "next_rule_heading", "prev_rule_list", "next_rule_list", "short_run_length",
    "short_run_position", "prev2_words", "next2_words", *(f"style_{s}" for s in _STYLES),
    *(f"type_{t}" for t in PAGE_TYPES),
)  # fmt: skip
_COLUMN = {name: i for i, name in enumerate(STRUCTURE_FEATURES)}


def _adjacent_runs(kept: Sequence[Line]) -> set[int]:
    """Positions in ``kept`` of lines in a run of two or more kept lines with no blank line between them."""
    out: set[int] = set()
    for k in range(1, len(kept)):
        line, prev = kept[k], kept[k - 1]
        if line.index == prev.index + 1 and not line.blank_before:
            out.update((k - 1, k))
    return out


def _blank_share(kept: Sequence[Line]) -> float:
    return sum(line.blank_before for line in kept) / len(kept) if kept else 0.0


def rule_kinds(kept: Sequence[Line]) -> list[BlockKind]:
    """The kind of each kept line by the rules (see the module docstring)."""
    out: list[BlockKind] = []
    n = len(kept)
    share = _blank_share(kept)
    listed = _adjacent_runs(kept) if BLANK_SEPARATED_MIN_SHARE <= share <= BLANK_SEPARATED_MAX_SHARE else set()
    for k, line in enumerate(kept):
        text = line.text
        if line.marker:
            out.append("list_item")
            continue
        if line.cells and (
            (k > 0 and kept[k - 1].cells and kept[k - 1].index == line.index - 1)
            or (k + 1 < n and kept[k + 1].cells and kept[k + 1].index == line.index + 1)
        ):
            out.append("table_row")
            continue
        nxt = kept[k + 1] if k + 1 < n else None
        if (
            0 < line.words <= HEADING_MAX_WORDS
            and nxt is not None
            and nxt.words >= HEADING_NEXT_MIN_WORDS
            and not nxt.marker
            and not sentence_like(text)
            and not text.endswith((",", "-"))
            and k > 0
        ):
            out.append("heading")
        elif k in listed:
            out.append("list_item")
        else:
            out.append("paragraph")
    return out


def _put(out: np.ndarray, name: str, values: np.ndarray | float, by: int = 0, fill: float = 0.0) -> None:
    """Column ``name`` of ``out`` := ``values`` of the line ``by`` places later (``by`` > 0) or earlier (< 0),
    ``fill`` past either end."""
    col = _COLUMN[name]
    if by == 0 or isinstance(values, float):
        out[:, col] = values
    elif by > 0:
        out[:-by, col] = values[by:]
        out[-by:, col] = fill
    else:
        out[-by:, col] = values[:by]
        out[:-by, col] = fill


def _runs(joined: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For runs of lines (a line joins the run before it where ``joined``): each line's run id, its run's length
    and its place in the run (0 for the first)."""
    starts = ~joined
    starts[0] = True
    run_id = np.cumsum(starts) - 1
    lengths = np.bincount(run_id)
    first = np.flatnonzero(starts)
    return run_id, lengths[run_id], np.arange(len(joined)) - first[run_id]


def structure_rows(
    kept: Sequence[Line], style: str, rules: Sequence[BlockKind], page_type: str | None, shape: np.ndarray
) -> np.ndarray:
    """One row of :data:`STRUCTURE_FEATURES` per kept line (``rules``: :func:`rule_kinds` of ``kept``;
    ``page_type``: the page's predicted type; ``shape``: the line scorer's shape columns of the kept lines)."""
    n = len(kept)
    out = np.empty((n, len(STRUCTURE_FEATURES)), dtype=np.float32)
    if not n:
        return out
    out[:, : shape.shape[1]] = shape
    lines = np.array(
        [(line.words, line.index, line.blank_before, bool(line.marker)) for line in kept], dtype=np.float32
    ).reshape(n, 4)
    words, index, marked = lines[:, 0], lines[:, 1], lines[:, 3]
    blank = lines[:, 2] > 0
    heading = np.array([kind == "heading" for kind in rules], dtype=np.float32)
    listed = np.array([kind == "list_item" for kind in rules], dtype=np.float32)
    sentence = shape[:, _SENTENCE_END]
    gap_prev = np.empty(n, dtype=np.float32)
    gap_prev[0] = _MAX_GAP
    gap_prev[1:] = index[1:] - index[:-1] - 1
    adjacent = (gap_prev == 0) & ~blank
    adjacent[0] = False
    # runs of lines with no blank line between them (their length and share of short lines), and runs of short
    # lines with no cut line between them, blank lines or not (a list in a capture without blank lines)
    short = words <= HEADING_MAX_WORDS
    run_id, run_length, _ = _runs(adjacent.copy())
    run_short = (np.bincount(run_id, weights=short) / np.bincount(run_id))[run_id]
    short_joined = short & (gap_prev == 0)
    short_joined[1:] &= short[:-1]
    short_joined[0] = False
    _, short_length, short_place = _runs(short_joined)
    _put(out, "adjacent_prev", adjacent)
    _put(out, "adjacent_next", adjacent, 1, 0.0)
    for name, values in (("words", words), ("sentence_end", sentence), ("marker", marked)):
        fill = 0.0 if name == "marker" else -1.0
        _put(out, f"prev_{name}", values, -1, fill)
        _put(out, f"next_{name}", values, 1, fill)
    _put(out, "prev2_words", words, -2, -1.0)
    _put(out, "next2_words", words, 2, -1.0)
    _put(out, "run_length", run_length)
    _put(out, "run_short_share", run_short)
    _put(out, "kept_position", np.arange(n) / n)
    _put(out, "kept_blank_share", float(blank.mean()))
    gap = np.minimum(gap_prev, _MAX_GAP)
    _put(out, "gap_prev", gap)
    _put(out, "gap_next", gap, 1, _MAX_GAP)
    _put(out, "words_vs_median", words / (float(np.median(words)) or 1.0))
    for name, values in (("heading", heading), ("list", listed)):
        _put(out, f"rule_{name}", values)
        _put(out, f"prev_rule_{name}", values, -1, -1.0)
        _put(out, f"next_rule_{name}", values, 1, -1.0)
    _put(out, "short_run_length", short_length)
    _put(out, "short_run_position", short_place / short_length)
    for s in _STYLES:
        _put(out, f"style_{s}", float(style == s))
    for t in PAGE_TYPES:
        _put(out, f"type_{t}", float(page_type == t))
    return out


@functools.cache
def _model() -> Model | None:
    if not model_available(STRUCTURE_MODEL):
        return None
    model = load_model(STRUCTURE_MODEL)
    if model.feature_names != STRUCTURE_FEATURES:
        raise RuntimeError(f"model {STRUCTURE_MODEL} was trained on other features: retrain it")
    return model


def line_kinds(kept: Sequence[Line], style: str, page_type: str | None, shape: np.ndarray | None) -> list[BlockKind]:
    """The kind of each kept line: table rows and marked list items by the rules (:func:`ruled`), every other line by
    the model (by the rules when no model ships, or without the line scorer's ``shape`` columns)."""
    kinds = rule_kinds(kept)
    model = _model()
    if model is None or shape is None or not kept:
        return kinds
    open_ = [k for k, (line, kind) in enumerate(zip(kept, kinds, strict=True)) if not ruled(line, kind)]
    if not open_:
        return kinds
    probs = model.predict(structure_rows(kept, style, kinds, page_type, shape)[open_])
    choice = np.argmax(np.asarray(probs) * np.asarray(CLASS_WEIGHTS), axis=1)
    out = list(kinds)
    for k, c in zip(open_, choice, strict=True):
        out[k] = STRUCTURE_KINDS[int(c)]
    return out


def ruled(line: Line, kind: BlockKind) -> bool:
    """Whether the rules' kind of ``line`` stands: a table row, and a line the capture marks as a list item (a
    bullet or a number; wcxb-dev's gold writes some of those as plain lines, and reading them so would score 0.005
    higher out of fold, but a bulleted line drawn as a paragraph is not what a reader sees)."""
    return kind == "table_row" or bool(line.marker)
