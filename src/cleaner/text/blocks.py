"""Typed blocks from the kept lines of a text capture: list items, headings, table rows, paragraphs.

- A line that starts with a bullet or a number ("• ...", "- ...", "3. ...", or a dump's item) is a list item
  (``ordered`` when numbered; ``depth`` 1: a capture does not show nesting reliably).
- Two or more consecutive lines with tab-separated cells (``innerText`` of a table) are table rows.
- A short line that does not end like a sentence, standing between paragraphs (a kept line follows it), is a
  heading: level 2, or 3 when it is a short label after another heading's section began.
- In a capture that separates paragraphs by blank lines (a browser's ``innerText`` gives a ``<p>`` a blank line
  before and after, a ``<li>`` or a ``<div>`` only a line break), two or more kept lines that follow one another
  with no blank line between them are list items, unless they are heading-shaped.
- Everything else is a paragraph. ``text`` is always the line's text as captured.
"""

from __future__ import annotations

from ..block import Block
from .lines import Line
from .span import sentence_like

__all__ = ["typed_blocks"]

#: A heading has at most this many words ...
HEADING_MAX_WORDS = 12
#: ... and the line after it has at least this many (a paragraph, not the next label of a menu-like run).
HEADING_NEXT_MIN_WORDS = 8
#: Share of a capture's lines that must follow a blank line for blank lines to mark paragraphs (innerText); in a
#: paste (no blank lines) or a dump (a blank line after every paragraph) adjacency says nothing about lists.
BLANK_SEPARATED_MIN_SHARE = 0.2
BLANK_SEPARATED_MAX_SHARE = 0.9


def _adjacent_runs(kept: list[Line]) -> set[int]:
    """Positions in ``kept`` of lines in a run of two or more kept lines with no blank line between them."""
    out: set[int] = set()
    for k in range(1, len(kept)):
        line, prev = kept[k], kept[k - 1]
        if line.index == prev.index + 1 and not line.blank_before:
            out.update((k - 1, k))
    return out


def typed_blocks(kept: list[Line]) -> list[Block]:
    """The kept lines, in order, as typed blocks."""
    out: list[Block] = []
    n = len(kept)
    seen_heading = False
    blank_share = sum(line.blank_before for line in kept) / n if n else 0.0
    listed = _adjacent_runs(kept) if BLANK_SEPARATED_MIN_SHARE <= blank_share <= BLANK_SEPARATED_MAX_SHARE else set()
    for k, line in enumerate(kept):
        text = line.text
        if line.marker:
            out.append(Block("list_item", text, depth=1, ordered=line.marker == "number"))
            continue
        if line.cells and (
            (k > 0 and kept[k - 1].cells and kept[k - 1].index == line.index - 1)
            or (k + 1 < n and kept[k + 1].cells and kept[k + 1].index == line.index + 1)
        ):
            out.append(Block("table_row", text, cells=line.cells))
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
            level = 3 if seen_heading and text.endswith(":") else 2
            seen_heading = True
            out.append(Block("heading", text, level=level))
            continue
        if k in listed:
            out.append(Block("list_item", text, depth=1))
            continue
        out.append(Block("paragraph", text))
    return out
