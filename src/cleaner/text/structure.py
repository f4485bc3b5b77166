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
_CLASS_WEIGHTS = np.array(CLASS_WEIGHTS)
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


#: The values of a kept line that the rows of its kept neighbours repeat, and what their columns hold past either
#: end of the capture.
_NEIGHBOUR_FILLS: dict[str, float] = {
    "words": -1.0,
    "sentence_end": -1.0,
    "marker": 0.0,
    "rule_heading": -1.0,
    "rule_list": -1.0,
    "adjacent_prev": 0.0,
    "gap_prev": float(_MAX_GAP),
}
#: Every column :func:`structure_rows` computes after the shape columns, in the order it computes them: each value of
#: the line, the same of the line before and of the line after, then the columns read from wider windows. A numpy
#: call costs more than its work on a page's few dozen lines, so the rows are filled a block of columns at a time
#: and put in :data:`STRUCTURE_FEATURES` order by one take (``_FEATURE_ORDER``).
_WORK_COLUMNS: tuple[str, ...] = (
    *_NEIGHBOUR_FILLS,
    *(f"prev_{name}" for name in _NEIGHBOUR_FILLS),
    *(f"next_{name}" for name in _NEIGHBOUR_FILLS),
    "prev2_words", "next2_words", "run_length", "run_short_share", "short_run_length", "short_run_position",
    "kept_position", "kept_blank_share", "words_vs_median", *(f"style_{s}" for s in _STYLES),
    *(f"type_{t}" for t in PAGE_TYPES),
)  # fmt: skip
#: Feature names that the work columns spell otherwise (the adjacency and gap of the line after).
_WORK_NAME = {"adjacent_next": "next_adjacent_prev", "gap_next": "next_gap_prev"}
_WORK = {name: i for i, name in enumerate(_WORK_COLUMNS)}
_FEATURE_ORDER = np.array(
    [_WORK[_WORK_NAME.get(name, name)] for name in STRUCTURE_FEATURES[len(SHAPE_FEATURES) :]], dtype=np.intp
)
_N_NEIGHBOUR = len(_NEIGHBOUR_FILLS)
_NEIGHBOUR_FILL = np.array(list(_NEIGHBOUR_FILLS.values()), dtype=np.float32)
_ONE_HOT = slice(_WORK[f"style_{_STYLES[0]}"], None)


def _runs(joined: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For runs of lines (a line joins the run before it where ``joined``): each line's run id, the length of each
    run (indexed by run id) and each line's place in its run (0 for the first)."""
    starts = ~joined
    starts[0] = True
    run_id = np.cumsum(starts) - 1
    lengths = np.bincount(run_id)
    first = np.flatnonzero(starts)
    return run_id, lengths, np.arange(len(joined)) - first[run_id]


def _median(values: np.ndarray) -> float:
    """``float(np.median(values))`` for a 1-D float32 array with no NaN, without its generic machinery (a tenth of
    the rows' cost): the middle value, or the float32 mean of the two middle values as ``np.median`` computes it."""
    ordered = np.sort(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[middle])
    return float((ordered[middle - 1] + ordered[middle]) / np.float32(2))


def structure_rows(
    kept: Sequence[Line], style: str, rules: Sequence[BlockKind], page_type: str | None, shape: np.ndarray
) -> np.ndarray:
    """One row of :data:`STRUCTURE_FEATURES` per kept line (``rules``: :func:`rule_kinds` of ``kept``;
    ``page_type``: the page's predicted type; ``shape``: the line scorer's shape columns of the kept lines).

    Part of a text capture's rendering time (issue 11), so the per-line values are read in one pass and the columns
    are filled a block at a time (see ``_WORK_COLUMNS``)."""
    n = len(kept)
    out = np.empty((n, len(STRUCTURE_FEATURES)), dtype=np.float32)
    if not n:
        return out
    n_shape = shape.shape[1]
    out[:, :n_shape] = shape
    # one row per value (a Python list per attribute converts faster than a tuple per line)
    words, index, blank_before, marked, heading, listed = np.array(
        [
            [line.words for line in kept],
            [line.index for line in kept],
            [line.blank_before for line in kept],
            [bool(line.marker) for line in kept],
            [kind == "heading" for kind in rules],
            [kind == "list_item" for kind in rules],
        ],
        dtype=np.float32,
    ).reshape(6, n)
    blank = blank_before > 0
    gap_prev = np.empty(n, dtype=np.float32)
    gap_prev[0] = _MAX_GAP
    gap_prev[1:] = index[1:] - index[:-1] - 1
    adjacent = (gap_prev == 0) & ~blank
    adjacent[0] = False
    work = np.empty((n, len(_WORK_COLUMNS)), dtype=np.float32)
    own = work[:, :_N_NEIGHBOUR]
    for column, values in enumerate(
        (words, shape[:, _SENTENCE_END], marked, heading, listed, adjacent, np.minimum(gap_prev, _MAX_GAP))
    ):
        own[:, column] = values
    # the line before's values, then the line after's
    work[1:, _N_NEIGHBOUR : 2 * _N_NEIGHBOUR] = own[:-1]
    work[0, _N_NEIGHBOUR : 2 * _N_NEIGHBOUR] = _NEIGHBOUR_FILL
    work[:-1, 2 * _N_NEIGHBOUR : 3 * _N_NEIGHBOUR] = own[1:]
    work[-1, 2 * _N_NEIGHBOUR : 3 * _N_NEIGHBOUR] = _NEIGHBOUR_FILL
    prev2, next2 = _WORK["prev2_words"], _WORK["next2_words"]
    work[2:, prev2] = words[:-2]
    work[:2, prev2] = -1.0
    work[:-2, next2] = words[2:]
    work[-2:, next2] = -1.0
    # runs of lines with no blank line between them (their length and share of short lines), and runs of short
    # lines with no cut line between them, blank lines or not (a list in a capture without blank lines)
    short = words <= HEADING_MAX_WORDS
    run_id, run_lengths, _ = _runs(adjacent.copy())
    work[:, _WORK["run_length"]] = run_lengths[run_id]
    work[:, _WORK["run_short_share"]] = (np.bincount(run_id, weights=short) / run_lengths)[run_id]
    short_joined = short & (gap_prev == 0)
    short_joined[1:] &= short[:-1]
    short_joined[0] = False
    short_id, short_lengths, short_place = _runs(short_joined)
    short_length = short_lengths[short_id]
    work[:, _WORK["short_run_length"]] = short_length
    work[:, _WORK["short_run_position"]] = short_place / short_length
    work[:, _WORK["kept_position"]] = np.arange(n) / n
    work[:, _WORK["kept_blank_share"]] = np.count_nonzero(blank) / n
    work[:, _WORK["words_vs_median"]] = words / (_median(words) or 1.0)
    work[:, _ONE_HOT] = [float(style == s) for s in _STYLES] + [float(page_type == t) for t in PAGE_TYPES]
    out[:, n_shape:] = work[:, _FEATURE_ORDER]
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
    choice = np.argmax(np.asarray(probs) * _CLASS_WEIGHTS, axis=1)
    out = list(kinds)
    for k, c in zip(open_, choice.tolist(), strict=True):
        out[k] = STRUCTURE_KINDS[c]
    return out


def ruled(line: Line, kind: BlockKind) -> bool:
    """Whether the rules' kind of ``line`` stands: a table row, and a line the capture marks as a list item (a
    bullet or a number; wcxb-dev's gold writes some of those as plain lines, and reading them so would score 0.005
    higher out of fold, but a bulleted line drawn as a paragraph is not what a reader sees)."""
    return kind == "table_row" or bool(line.marker)
