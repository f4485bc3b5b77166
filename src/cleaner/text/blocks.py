"""Typed blocks from the kept lines of a text capture: list items, headings, table rows, paragraphs.

Each kept line's kind comes from :func:`cleaner.text.structure.line_kinds` (table rows and lines marked as list
items by the rules, the rest by the learned structure model). A heading is level 2, or 3 when it is a label ending in
":" after another heading's section began; a list item is ``ordered`` when it opens with a number and has ``depth`` 1
(a capture does not show nesting reliably). ``text`` is always the line's text as captured.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..block import Block, BlockKind
from .lines import Line
from .structure import line_kinds

__all__ = ["blocks_of", "typed_blocks"]


def typed_blocks(
    kept: list[Line], style: str = "innertext", page_type: str | None = None, shape: np.ndarray | None = None
) -> list[Block]:
    """The kept lines, in order, as typed blocks (``style``: the capture style, see
    :func:`cleaner.text.lines.capture_style`; ``page_type``: the page's predicted type; ``shape``: the line scorer's
    shape columns of the kept lines, without which the rules decide)."""
    return blocks_of(kept, line_kinds(kept, style, page_type, shape))


def blocks_of(kept: Sequence[Line], kinds: Sequence[BlockKind]) -> list[Block]:
    """The kept lines as blocks of the given kinds (``scripts/train_text_structure.py`` draws its out-of-fold kinds
    with it)."""
    out: list[Block] = []
    seen_heading = False
    for line, kind in zip(kept, kinds, strict=True):
        text = line.text
        if kind == "list_item":
            out.append(Block("list_item", text, depth=1, ordered=line.marker == "number"))
        elif kind == "table_row":
            out.append(Block("table_row", text, cells=line.cells))
        elif kind == "heading":
            out.append(Block("heading", text, level=3 if seen_heading and text.endswith(":") else 2))
            seen_heading = True
        else:
            out.append(Block("paragraph", text))
    return out
