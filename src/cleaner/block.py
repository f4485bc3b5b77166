"""The typed block: one unit of a page's body, with its kind kept, as both paths produce it.

The HTML path segments the parsed DOM into blocks once (``cleaner/html/segment.py``); the text path makes blocks of
the lines it keeps. The body of an Article is a list of blocks: ``text`` and ``markdown`` are rendered from them
(``cleaner/render.py``), never by re-parsing text. A block keeps what the renderers need (heading level, list depth
and type, table cells, code language) and, for HTML, its DOM path, which the block scorer reads as evidence.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["BLOCK_KINDS", "Block", "BlockKind"]

BlockKind = Literal["heading", "paragraph", "list_item", "table_row", "code", "quote", "caption", "other"]
#: Every block kind, in a fixed order (features and reports index them by position).
BLOCK_KINDS: tuple[BlockKind, ...] = (
    "heading",
    "paragraph",
    "list_item",
    "table_row",
    "code",
    "quote",
    "caption",
    "other",
)


@dataclass(slots=True)
class Block:
    """One body unit.

    >>> Block("heading", "Getting started", level=2)
    Block(kind='heading', text='Getting started', level=2, depth=0, ordered=False, cells=(), header=False, \
language=None, path='', links=(), images=(), continued=False)
    """

    kind: BlockKind
    #: The block's text as plain text (a table row's cells joined by " | "; code with its line breaks).
    text: str
    #: Heading level 1-6; 0 when the block is not a heading.
    level: int = 0
    #: List nesting depth, 1 for a top-level item; 0 when the block is not a list item.
    depth: int = 0
    #: A list item of an ordered (numbered) list.
    ordered: bool = False
    #: A table row's cells, in order.
    cells: tuple[str, ...] = ()
    #: A table row made of header cells (``<th>``, or the row of a ``<thead>``).
    header: bool = False
    #: A code block's language when the page names it (``class="language-python"``).
    language: str | None = None
    #: The DOM path of an HTML block (tag names with their class/id tokens, root first); "" for text captures.
    path: str = ""
    #: The links inside the block: (anchor text, absolute or page-relative href).
    links: tuple[tuple[str, str], ...] = ()
    #: The images inside the block (a figure's picture rides on its caption block): (alt text, src).
    images: tuple[tuple[str, str], ...] = ()
    #: A list item's later paragraph (an ``<li>`` whose text two ``<br>`` or a child paragraph split): drawn under the
    #: item above it, without a marker of its own.
    continued: bool = False
