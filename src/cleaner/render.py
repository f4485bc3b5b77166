"""Kept typed blocks -> the Article's ``text`` (plain) and ``markdown`` (CommonMark with GFM pipe tables).

The one place a body is rendered; both paths hand their kept :class:`~cleaner.block.Block` list here, so a heading
keeps its level, a list item its depth and numbering, a table row its cells and code its lines, whatever the input.

Why our own renderer and not a library: the libraries of the field (markdownify, html2text, trafilatura's own
Markdown) convert *HTML* to Markdown; here the input is already a list of typed blocks, and rendering them is a few
lines per kind. What needs care is escaping, so that a paragraph that happens to start with "1." or "#" or "|" does
not turn into a list, a heading or a table row, and a code block holding backticks keeps a fence longer than any
run inside it. ``tests/test_render.py`` checks both with a CommonMark reading of the output.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import urljoin

from .block import Block

__all__ = ["ITEM_MARKER", "MAX_LIST_DEPTH", "body_links", "render_markdown", "render_text"]

#: Deepest list nesting rendered as nesting; deeper items are drawn at this depth. A hostile page can nest lists a
#: hundred deep, and four spaces a level would indent its text out of sight (and into code blocks for some readers).
MAX_LIST_DEPTH = 8
#: Spaces a nested list item is indented per level: enough for a child of "- " (2) and of "10. " (4).
LIST_INDENT = 4
#: Widest table rendered as a table; a wider "table" is a layout grid, drawn as paragraphs instead.
MAX_TABLE_COLUMNS = 40

# A paragraph line that a Markdown reader would take for something else: a heading, a list item, a quote, a table
# row, a fence, a thematic break or an HTML block.
_LEADING_MARKUP = re.compile(r"^(\s*)(#{1,6}(?=\s|$)|[-+*](?=\s|$)|\d{1,9}[.)](?=\s|$)|>|\||`{3,}|~{3,}|<|={3,}|-{3,})")
_CELL_ESCAPE = re.compile(r"([|\\])")
#: A list item's own marker written into its text (a text capture's "3. Step" or "• Point"): the renderer draws
#: the marker, so the text's copy goes
ITEM_MARKER = re.compile(r"^\s*(?:\d{1,9}[.)]|[-*+•·▪◦‣])\s+")
_OWN_NUMBER = re.compile(r"^\s*(\d{1,9})[.)]\s+")
_BACKTICKS = re.compile(r"`+")


def render_text(blocks: Sequence[Block]) -> str:
    """The plain text of ``blocks``: each block's text, blocks separated by one blank line.

    >>> render_text([Block("heading", "Title", level=1), Block("paragraph", "Body text.")])
    'Title\\n\\nBody text.'
    """
    return "\n\n".join(text for text in (b.text.strip() for b in blocks) if text)


def _escape_line(line: str) -> str:
    if line[:1].isalpha():
        # no markup opens with a letter (most lines do): skip the pattern
        return line
    match = _LEADING_MARKUP.match(line)
    if match is None:
        return line
    lead, mark = match.group(1), match.group(2)
    rest = line[match.end() :]
    if mark[0].isdigit():
        # "1. Item" -> "1\. Item": the number stays readable, the list marker goes
        return f"{lead}{mark[:-1]}\\{mark[-1]}{rest}"
    return f"{lead}\\{mark}{rest}"


def _inline(text: str, links: Sequence[tuple[str, str]], base: str | None, with_links: bool) -> str:
    text = " ".join(text.split())
    if with_links:
        done = 0
        for anchor, href in links:
            anchor = " ".join(anchor.split())
            if not anchor or not href or href.startswith(("javascript:", "#")):
                continue
            url = urljoin(base, href) if base else href
            at = text.find(anchor, done)
            if at < 0:
                continue
            label = anchor.replace("[", "\\[").replace("]", "\\]")
            target = url.replace(" ", "%20").replace(")", "%29").replace("(", "%28")
            link = f"[{label}]({target})"
            text = text[:at] + link + text[at + len(anchor) :]
            done = at + len(link)
    return _escape_line(text)


def _cell(text: str) -> str:
    return _CELL_ESCAPE.sub(r"\\\1", " ".join(text.split()))


def _table(rows: list[Block]) -> list[str]:
    width = max(len(r.cells) or 1 for r in rows)
    if width > MAX_TABLE_COLUMNS:
        return [_escape_line(" ".join(r.text.split())) for r in rows if r.text.strip()]

    def line(cells: Sequence[str]) -> str:
        cells = list(cells) + [""] * (width - len(cells))
        return "| " + " | ".join(_cell(c) for c in cells) + " |"

    # GFM needs a header row: the page's own header row when it has one, else its first row (a made-up empty header
    # would be a row the page never had)
    out = [line(rows[0].cells or (rows[0].text,)), "|" + "|".join(["---"] * width) + "|"]
    out += [line(r.cells or (r.text,)) for r in rows[1:]]
    return out


def _fence(code: str, language: str | None) -> list[str]:
    longest = max((len(run) for run in _BACKTICKS.findall(code)), default=0)
    fence = "`" * max(3, longest + 1)
    info = re.sub(r"[^\w+#.-]", "", language or "")
    return [fence + info, *code.rstrip("\n").split("\n"), fence]


def _image_lines(block: Block, base: str | None) -> list[str]:
    out = []
    for alt, src in block.images:
        if not src or src.startswith("data:"):
            continue
        url = (urljoin(base, src) if base else src).replace(" ", "%20").replace(")", "%29").replace("(", "%28")
        out.append(f"![{' '.join(alt.split()).replace(']', '')}]({url})")
    return out


def body_links(blocks: Sequence[Block], base_url: str | None, limit: int) -> list[tuple[str, str]]:
    """The (anchor text, absolute URL) of every link in ``blocks``, in order, once each, at most ``limit``."""
    seen: set[tuple[str, str]] = set()
    out = []
    for block in blocks:
        for anchor, href in block.links:
            if not href or href.startswith(("javascript:", "#", "mailto:")):
                continue
            pair = (" ".join(anchor.split()), urljoin(base_url, href) if base_url else href)
            if pair not in seen:
                seen.add(pair)
                out.append(pair)
                if len(out) >= limit:
                    return out
    return out


def render_markdown(
    blocks: Sequence[Block],
    *,
    links: bool = False,
    images: bool = False,
    base_url: str | None = None,
    title: str | None = None,
) -> str:
    """CommonMark for ``blocks``: ATX headings at their levels, paragraphs, nested ordered and unordered lists,
    GFM pipe tables, fenced code with its language, block quotes. With ``links``, a block's links become
    ``[text](absolute url)`` (resolved against ``base_url``); with ``images`` a block's images come before it as
    ``![alt](url)``. ``title``, when given, opens the document as a level-1
    heading unless the first block already is that heading.

    >>> print(render_markdown([Block("heading", "Setup", level=2), Block("list_item", "Install", depth=1, ordered=True),
    ...                        Block("list_item", "Run", depth=1, ordered=True)]))
    ## Setup
    <BLANKLINE>
    1. Install
    2. Run
    """
    parts: list[str] = []  # each block drawn, its lines joined
    if title and not (blocks and blocks[0].kind == "heading" and blocks[0].text.strip() == title.strip()):
        parts.append("# " + " ".join(title.split()))
    i = 0
    n = len(blocks)
    while i < n:
        block = blocks[i]
        if images and block.images:
            parts.append("\n".join(_image_lines(block, base_url)))
        if not block.text.strip() and not block.cells:
            i += 1
            continue
        if block.kind == "list_item":
            lines: list[str] = []
            counters: dict[int, int] = {}
            columns: dict[int, int] = {}  # per drawn depth, where the text of its last item starts
            outer: list[int] = []  # the page depths of the items this one nests in
            while i < n and blocks[i].kind == "list_item":
                item = blocks[i]
                if item.continued and item.depth in outer:
                    # a later paragraph of an item above (after its nested list, if any): under the item's text, a
                    # blank line before it
                    while outer[-1] > item.depth:
                        outer.pop()
                    text = _inline(item.text, item.links, base_url, links)
                    lines.extend(("", " " * columns[min(len(outer), MAX_LIST_DEPTH)] + text))
                    i += 1
                    continue
                # drawn one level below the nearest shallower item before it: a list whose outer item was not kept
                # (or is a card's paragraph) would otherwise open indented, which a reader takes for a code block
                while outer and outer[-1] >= item.depth:
                    outer.pop()
                outer.append(item.depth)
                depth = min(len(outer), MAX_LIST_DEPTH)
                for deeper in [d for d in counters if d > depth]:
                    del counters[deeper]
                if item.ordered:
                    # the item's own number when it has one ("2) ..." in a text capture stays 2, also when a
                    # bullet line between items starts a new list), else the next one
                    own = _OWN_NUMBER.match(item.text)
                    counters[depth] = int(own.group(1)) if own else counters.get(depth, 0) + 1
                    marker = f"{counters[depth]}."
                else:
                    counters.pop(depth, None)
                    marker = "-"
                text = _inline(ITEM_MARKER.sub("", item.text, count=1), item.links, base_url, links)
                lines.append(" " * (LIST_INDENT * (depth - 1)) + f"{marker} {text}")
                columns[depth] = LIST_INDENT * (depth - 1) + len(marker) + 1
                for deeper in [d for d in columns if d > depth]:
                    del columns[deeper]
                i += 1
            parts.append("\n".join(lines))
            continue
        if block.kind == "table_row":
            rows = []
            while i < n and blocks[i].kind == "table_row":
                rows.append(blocks[i])
                i += 1
            parts.append("\n".join(_table(rows)))
            continue
        i += 1
        if block.kind == "heading":
            level = min(max(block.level, 1), 6)
            parts.append("#" * level + " " + " ".join(block.text.split()).lstrip("#").strip())
        elif block.kind == "code":
            parts.append("\n".join(_fence(block.text, block.language)))
        elif block.kind == "quote":
            quoted = [_inline(line, block.links, base_url, links) for line in block.text.split("\n") if line.strip()]
            parts.append("\n".join("> " + line for line in quoted))
        elif "\n" not in block.text:  # one line (every paragraph of a text capture): no hard breaks to keep
            parts.append(_inline(block.text, block.links, base_url, links))
        else:
            paragraph = [_inline(line, block.links, base_url, links) for line in block.text.split("\n") if line.strip()]
            # hard line breaks inside one block stay line breaks (two trailing spaces), not new paragraphs
            parts.append("  \n".join(paragraph))
    return "\n\n".join(part for part in parts if part)
