"""cleaner/text/structure.py and blocks.py: which kept lines of a capture are headings, list items, table rows or
paragraphs, by the rules and by the shipped structure model."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from cleaner import Options, clean
from cleaner.block import Block
from cleaner.extraction import Extraction
from cleaner.model import load_model
from cleaner.render import render_markdown
from cleaner.text import structure
from cleaner.text.blocks import typed_blocks
from cleaner.text.features import SHAPE_FEATURES
from cleaner.text.lines import split_lines
from cleaner.text.pipeline import rule_pass
from cleaner.text.scorer import score_page
from cleaner.text.structure import (
    STRUCTURE_FEATURES,
    STRUCTURE_KINDS,
    STRUCTURE_MODEL,
    line_kinds,
    rule_kinds,
    structure_rows,
)

PARAGRAPH = (
    "The council approved the new harbour plan on Tuesday after a long debate about the cost of dredging the channel "
    "and the effect on the fishing fleet that still lands its catch at the old quay."
)


def test_rule_kinds_of_a_capture() -> None:
    text = "\n".join(
        [
            PARAGRAPH,
            "Key figures",
            PARAGRAPH,
            "• one item of the list",
            "2. a numbered item",
            "Name\tAge\tTown",
            "Ann\t34\tLeeds",
        ]
    )
    kinds = rule_kinds(split_lines(text))
    assert kinds == ["paragraph", "heading", "paragraph", "list_item", "list_item", "table_row", "table_row"]


def test_rules_read_lines_adjacent_in_an_innertext_capture_as_list_items_and_a_paste_says_nothing() -> None:
    # innerText gives a <p> blank lines around it and an <li> only a line break: adjacency marks the list there,
    # and a capture without blank lines (a paste) says nothing about lists
    items = ["Research credit cards with travel rewards.", "Avoid checked bags on short trips.", "Book early."]
    capture = "\n\n".join([PARAGRAPH, "Here is a list of tips:", "\n".join(items), PARAGRAPH, PARAGRAPH])
    lines = split_lines(capture)
    assert [line.text for line, kind in zip(lines, rule_kinds(lines), strict=True) if kind == "list_item"] == items
    pasted = split_lines(capture.replace("\n\n", "\n"))
    assert "list_item" not in rule_kinds(pasted)


def _shape(lines: list) -> np.ndarray:
    """The line scorer's shape columns of ``lines``, as the pipeline hands them over."""
    ext = Extraction(kind="text", url=None)
    span = rule_pass(lines, ext, Options())
    decision, _ = score_page(lines, span, ext, Options(), "innertext")
    assert decision.evidence is not None
    return decision.evidence[:, : len(SHAPE_FEATURES)]


def test_the_shipped_model_reads_the_features_built_here() -> None:
    model = load_model(STRUCTURE_MODEL)
    assert model.feature_names == STRUCTURE_FEATURES
    lines = split_lines(f"{PARAGRAPH}\n\nWhat happens next\n\n{PARAGRAPH}")
    rows = structure_rows(lines, "innertext", rule_kinds(lines), "article", _shape(lines))
    assert rows.shape == (3, len(STRUCTURE_FEATURES)) and np.isfinite(rows).all()
    probs = np.asarray(model.predict(rows))
    assert probs.shape == (3, len(STRUCTURE_KINDS))
    empty = structure_rows([], "paste", [], None, np.zeros((0, len(SHAPE_FEATURES))))
    assert empty.shape == (0, len(STRUCTURE_FEATURES))


def test_each_structure_column_holds_its_named_value() -> None:
    """structure_rows fills its columns a block at a time and orders them at the end: each lands under its name."""
    lines = split_lines(f"{PARAGRAPH}\n\nWhat happens next\n\n{PARAGRAPH}\n\n\n• one\n• two")
    rules = rule_kinds(lines)
    rows = structure_rows(lines, "paste", rules, "forum", _shape(lines))
    column = {name: rows[:, i].tolist() for i, name in enumerate(STRUCTURE_FEATURES)}
    words = [float(line.words) for line in lines]
    assert rules == ["paragraph", "heading", "paragraph", "list_item", "list_item"]
    assert column["prev_words"] == [-1.0, *words[:-1]] and column["next_words"] == [*words[1:], -1.0]
    assert column["prev2_words"] == [-1.0, -1.0, *words[:-2]] and column["next2_words"] == [*words[2:], -1.0, -1.0]
    assert column["rule_heading"] == [0.0, 1.0, 0.0, 0.0, 0.0]
    assert column["prev_rule_heading"] == [-1.0, 0.0, 1.0, 0.0, 0.0]
    assert column["next_rule_list"] == [0.0, 0.0, 1.0, 1.0, -1.0]
    assert column["prev_marker"] == [0.0, 0.0, 0.0, 0.0, 1.0] and column["next_marker"] == [0.0, 0.0, 1.0, 1.0, 0.0]
    gaps = [float(min(b.index - a.index - 1, 5)) for a, b in itertools.pairwise(lines)]
    assert column["gap_prev"] == [5.0, *gaps] and column["gap_next"] == [*gaps, 5.0]
    assert column["adjacent_prev"] == [0.0, 0.0, 0.0, 0.0, 1.0] and column["adjacent_next"] == [0.0, 0.0, 0.0, 1.0, 0.0]
    assert column["run_length"] == [1.0, 1.0, 1.0, 2.0, 2.0]
    assert column["kept_position"] == [np.float32(k / 5) for k in range(5)]
    assert column["kept_blank_share"] == [np.float32(sum(line.blank_before for line in lines) / 5)] * 5
    assert column["words_vs_median"] == [np.float32(w / float(np.median(np.float32(words)))) for w in words]
    assert [name for name, values in column.items() if name.startswith(("style_", "type_")) and values[0]] == [
        "style_paste",
        "type_forum",
    ]


@pytest.mark.parametrize("n", [1, 2, 3, 10, 11])
def test_the_rows_median_is_numpys(n: int) -> None:
    rng = np.random.default_rng(n)
    for scale in (1.0, 30.0, 1e8, 1e30):
        values = (rng.random(n) * scale).astype(np.float32)
        for sample in (values, np.floor(values)):
            assert structure._median(sample) == float(np.median(sample))


def test_without_a_model_or_the_line_evidence_the_rules_decide(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = split_lines(f"{PARAGRAPH}\n\nKey figures\n\n{PARAGRAPH}\n• one\n• two")
    assert line_kinds(lines, "innertext", "article", None) == rule_kinds(lines)
    monkeypatch.setattr(structure, "_model", lambda: None)
    assert line_kinds(lines, "innertext", "article", _shape(lines)) == rule_kinds(lines)


def test_table_rows_stay_the_rules_and_blocks_keep_their_fields() -> None:
    lines = split_lines("\n".join([PARAGRAPH, "Name\tAge\tTown", "Ann\t34\tLeeds", PARAGRAPH, "3. a numbered item"]))
    blocks = typed_blocks(lines, "paste", "article", _shape(lines))
    assert [b.kind for b in blocks[1:3]] == ["table_row", "table_row"]
    assert blocks[1].cells == ("Name", "Age", "Town") and blocks[1].text == "Name Age Town"
    numbered = [b for b in blocks if b.kind == "list_item"]
    assert all(b.ordered and b.depth == 1 for b in numbered)


def test_a_capture_gets_its_headings_and_lists_in_markdown() -> None:
    steps = ["Survey the channel before the spring tides", "Let the dredging contract", "Reopen the old quay"]
    capture = "\n\n".join(
        [
            "Harbour plan approved after long debate",
            PARAGRAPH,
            "What happens next",
            PARAGRAPH.replace("council", "mayor"),
            "\n".join(f"• {s}" for s in steps),
            PARAGRAPH.replace("council", "port authority"),
        ]
    )
    markdown = clean(capture).markdown
    assert "## What happens next" in markdown
    assert "\n".join(f"- {s}" for s in steps) in markdown
    # the item's own marker is not doubled, and its number is kept
    assert render_markdown([Block("list_item", "3. Book early.", depth=1, ordered=True)]) == "3. Book early."


def test_the_class_weights_are_the_ones_training_chose() -> None:
    import json
    from pathlib import Path

    report = Path(__file__).resolve().parents[2] / "benchmarks" / "reports" / "text_structure.json"
    assert tuple(json.loads(report.read_text("utf-8"))["class_weights"]) == structure.CLASS_WEIGHTS
