"""Segment a parsed page into typed blocks, in one walk over the DOM.

:func:`segment` turns the ``<body>`` element into a list of :class:`~cleaner.block.Block` in reading order, each with
its kind kept faithfully (the Markdown renderer draws the same blocks):

- heading: ``h1``-``h6`` (level from the tag) and ``role="heading"`` (level from ``aria-level``, default 2);
- paragraph: ``p`` and the text written straight into ``div``/``section``/... (inline markup merged into one block;
  two ``<br>`` in a row split it);
- list_item: ``li``; ``depth`` = how many ``ul``/``ol`` hold it, ``ordered`` for ``ol``. An item holding block
  children (a nested list, paragraphs) yields its own text once, its children their own blocks. An item holding a
  heading, or CARD_PARAGRAPHS paragraphs, is a card of a grid or a post of a thread (a teaser, a product, a
  comment), not a list item: its blocks are listed in :attr:`Segmentation.cards`, and the body draws them as
  paragraphs (their kind stays list_item for the block scorer, which was trained on it);
- table_row: a ``tr`` whose cells hold no block content; ``cells`` from ``td``/``th``, ``header`` for rows of ``th``
  only or rows inside ``<thead>``. A row whose cells hold paragraphs, lists or tables is layout: its cells are
  ordinary containers;
- code: ``pre`` (line breaks kept; ``language`` from ``language-x``, ``lang-x`` or ``highlight-x`` classes);
- quote: text inside ``blockquote``;
- caption: ``figcaption`` and table ``caption``;
- other: ``dt``, ``dd``, ``address``, ``summary``, ``legend``.

Scripts, styles, templates, SVG, form controls and hidden elements (``hidden``, ``aria-hidden="true"``,
``display:none``, ``visibility:hidden``) give no blocks. ``<noscript>`` content is segmented: a page captured without
JavaScript shows it, and some forums (Discourse) serve their whole thread there; the "browser" rule's verdict on it
is evidence. Beside the blocks, :class:`Segmentation` keeps per block what the block scorer reads
(``cleaner/html/features.py``): the block's element, DOM depth, link characters, class/id token bits of the element and
its ancestors, the named rule that would cut an ancestor, whether it lies in the density candidate's container, and
how many siblings of its ancestors share their tag and class (cards, posts, rows).
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from typing import Any

from lxml import etree

from ..block import Block, BlockKind
from ..tokens import squeeze
from .rules import attr_words, hidden_elements, is_hidden

__all__ = ["INLINE_TAGS", "LANDMARKS", "TOKEN_VOCAB", "Segmentation", "segment"]

#: Class/id tokens the scorer sees one by one (bit i of a block's token mask is TOKEN_VOCAB[i]); any other token
#: lands in one of HASH_BUCKETS hashed bits.
_VOCAB_WORDS = """nav menu footer header sidebar comment comments share social related promo ad ads cookie consent
    newsletter
    subscribe login breadcrumb widget article content post entry body text main story product price review forum
    thread message reply doc docs code card item list teaser meta author date byline tag tags caption title headline
    summary description spec specs detail details feature features faq answer question user avatar signature quote
    banner modal popup recommended more trending popular copyright legal hidden skip search"""
TOKEN_VOCAB: tuple[str, ...] = tuple(_VOCAB_WORDS.split())
_VOCAB_BIT = {token: 1 << i for i, token in enumerate(TOKEN_VOCAB)}
HASH_BUCKETS = 32
#: Landmark containers (bit i of a block's landmark mask).
LANDMARKS: tuple[str, ...] = ("article", "main", "nav", "header", "footer", "aside", "form", "section", "table")
_LANDMARK_BIT = {tag: 1 << i for i, tag in enumerate(LANDMARKS)}
_ROLE_LANDMARK = {"main": "main", "article": "article", "navigation": "nav", "banner": "header",
                  "contentinfo": "footer", "complementary": "aside", "form": "form", "search": "form"}  # fmt: skip

_SKIP = frozenset(
    {"script", "style", "template", "svg", "head", "title", "meta", "link", "iframe", "object", "embed",
     "canvas", "video", "audio", "select", "option", "textarea", "input", "button", "map", "math"}
)  # fmt: skip
#: Elements that start and end a block.
_BLOCK = frozenset(
    {"p", "div", "section", "article", "main", "aside", "header", "footer", "nav", "form", "fieldset", "h1", "h2",
     "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "table", "tbody", "thead",
     "tfoot", "tr", "td", "th", "caption", "figure", "figcaption", "address", "details", "summary", "legend", "hr",
     "center", "body", "html", "menu", "hgroup", "dialog", "noframes", "frameset", "frame", "option"}
)  # fmt: skip
#: Inline elements: their text joins the block around them.
_INLINE = frozenset(
    {"a", "span", "b", "strong", "i", "em", "u", "small", "font", "sup", "sub", "abbr", "code", "mark", "time",
     "cite", "label", "s", "del", "ins", "q", "bdi", "kbd", "var", "br", "wbr", "big", "tt", "nobr", "dfn", "data"}
)  # fmt: skip
INLINE_TAGS = _INLINE
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
#: Tags whose whole subtree gives its blocks this kind (unless a nearer typed tag says otherwise).
_TYPED: dict[str, BlockKind] = {
    "li": "list_item",
    "blockquote": "quote",
    "figcaption": "caption",
    "caption": "caption",
    "dt": "other",
    "dd": "other",
    "address": "other",
    "summary": "other",
    "legend": "other",
}
#: A table cell holding more paragraphs than this is layout, not data (an editor wraps a data cell's text in one <p>).
MAX_CELL_PARAGRAPHS = 1
#: A table cell holding one of these is layout, not data.
_LAYOUT_IN_CELL = ("ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "dl", "form",
                   "article", "section")  # fmt: skip
_PARA_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")
_LANGUAGE = re.compile(r"(?:^|\s)(?:language|lang|highlight(?:-source)?|brush:?)-?([A-Za-z0-9_+#.-]+)")
#: An <li> holding this many <p> is a card or a post, not a list item (wcxb-dev training pages, 400 of them: list
#: F1 of the Markdown 0.403 with headings alone, 0.417 with two paragraphs as well).
CARD_PARAGRAPHS = 2
#: Most blocks one page gives (a larger page keeps its first blocks only).
MAX_BLOCKS = 20_000


@lru_cache(maxsize=16384)
def _attr_bits(raw: str) -> tuple[int, int, str]:
    """For a "class\\0id" string: (vocabulary bits, hashed bits, the path suffix ".tok.tok#id")."""
    cls, _, el_id = raw.partition("\0")
    vocab, hashed = _class_bits(cls)
    suffix = "".join("." + c for c in cls.split()[:2])
    if el_id:
        id_vocab, id_hashed = _word_bits(el_id)
        vocab |= id_vocab
        hashed |= id_hashed
        if len(el_id) <= 40:
            suffix += "#" + el_id
    return vocab, hashed, suffix


@lru_cache(maxsize=4096)
def _class_bits(cls: str) -> tuple[int, int]:
    """:func:`_word_bits` of a class, cached apart from :func:`_attr_bits` (whose key holds the id): classes repeat,
    ids are unique."""
    return _word_bits(cls)


def _word_bits(raw: str) -> tuple[int, int]:
    """The vocabulary and hashed bits of the words of a class or an id (camelCase and any non-alphanumeric character
    split words)."""
    vocab = hashed = 0
    for part in attr_words(raw):
        bit = _VOCAB_BIT.get(part)
        if bit is not None:
            vocab |= bit
        elif not part.isdigit() and len(part) > 1:
            hashed |= 1 << (zlib.crc32(part.encode()) % HASH_BUCKETS)
    return vocab, hashed


#: A <button> with more text than this is broken markup that swallowed the page (an unclosed tag), not a label.
BUTTON_TEXT_CHARS = 200


def _holds_text(el: Any) -> bool:
    return len(el.text_content()) > BUTTON_TEXT_CHARS


def _code_language(el: Any) -> str | None:
    for node in (el, *el.iterchildren("code"), el.getparent()):
        if node is None:
            continue
        match = _LANGUAGE.search(node.get("class") or "")
        if match:
            return match.group(1).lower()
        lang = node.get("data-lang") or node.get("data-language")
        if lang:
            return str(lang).lower()
    return None


@dataclass(slots=True)
class _Frame:
    el: Any
    block: bool
    kind: BlockKind | None  # the typed kind this element gives (li, blockquote, ...), inherited
    level: int
    list_depth: int
    ordered: bool
    vocab: int  # class/id vocabulary bits of the element and its ancestors
    hashed: int
    near: int  # vocabulary bits of the element and its two nearest ancestors
    landmarks: int
    rule: int  # 1 + index of the rule that would cut the nearest marked ancestor, 0 when none
    dense: bool
    core: bool
    rep: int  # siblings sharing this element's tag and class
    rep_max: int  # the largest such count on the way up from here
    seg: str
    sig_counts: dict[tuple[str, str], int] | None = None
    own: int = 0  # class/id vocabulary bits of the element alone
    skipped: bool = False
    item: _Frame | None = None  # the nearest <li> at or above this element
    paras: int = 0  # (an <li>) the <p> elements it holds
    card: bool = False  # (an <li>) it holds a heading or CARD_PARAGRAPHS paragraphs: a card, not a list item
    drawn: bool = False  # (an <li>) a block of its own text was emitted: later ones continue that item


@dataclass(slots=True)
class Segmentation:
    """The blocks of a page and, per block, the raw evidence the scorer reads (lists parallel to ``blocks``)."""

    blocks: list[Block] = field(default_factory=list)
    elements: list[Any] = field(default_factory=list)
    parents: list[int] = field(default_factory=list)  # an id of the block element's parent (same id: same container)
    depth: list[int] = field(default_factory=list)
    link_chars: list[int] = field(default_factory=list)
    vocab: list[int] = field(default_factory=list)
    hashed: list[int] = field(default_factory=list)
    near: list[int] = field(default_factory=list)
    landmarks: list[int] = field(default_factory=list)
    rule: list[int] = field(default_factory=list)
    dense: list[bool] = field(default_factory=list)
    core: list[bool] = field(default_factory=list)
    rep: list[int] = field(default_factory=list)
    rep_max: list[int] = field(default_factory=list)
    #: the list-item blocks of a card (an <li> holding a heading or CARD_PARAGRAPHS paragraphs: a teaser, a product, a
    #: post), which the body draws as the card's heading and paragraphs, not as list items
    cards: set[int] = field(default_factory=set)
    hidden_chars: int = 0
    hidden_texts: list[str] = field(default_factory=list)  # the text of each hidden element skipped


def _row_cells(tr: Any) -> list[Any] | None:
    """The cells of a data row, or None when the row is layout (a cell holds block content)."""
    cells = [c for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th")]
    if not cells:
        return None
    for cell in cells:
        # one walk of the cell for both tests: any layout element, or one paragraph too many (until a layout
        # element is met every node seen is a <p>, so the count of nodes is the count of paragraphs)
        for seen, node in enumerate(cell.iter("p", *_LAYOUT_IN_CELL), 1):
            if node.tag != "p" or seen > MAX_CELL_PARAGRAPHS:
                return None
    return cells


def _flat_text(el: Any, br: str, skip_hidden: bool) -> str:
    """The text of ``el`` and its descendants in document order (each element's text, its children's, then its
    tail); ``<br>`` gives ``br``; scripts and styles give nothing, and with ``skip_hidden`` neither do hidden
    elements (their tails still count)."""
    parts: list[str] = []
    walker = etree.iterwalk(el, events=("start", "end", "comment", "pi"))
    for event, node in walker:
        if event == "start":
            tag = node.tag
            if node is not el and (tag in _SKIP or (skip_hidden and is_hidden(node))):
                walker.skip_subtree()  # (its "end" event still comes, with its tail)
                continue
            if tag == "br":
                parts.append(br)
            if node.text:
                parts.append(node.text)
        elif node is not el and node.tail:  # "end", or a comment / processing instruction: only its tail is text
            parts.append(node.tail)
    return "".join(parts)


def _cell_text(cell: Any) -> str:
    return squeeze(_flat_text(cell, " ", skip_hidden=True))


def _anchors(el: Any) -> list[tuple[str, str]]:
    return [(squeeze(a.text_content()), a.get("href") or "") for a in el.iter("a")]


def _raw_text(el: Any) -> str:
    return _flat_text(el, "\n", skip_hidden=False)


def segment(
    body: Any,
    *,
    rules: dict[Any, int] | None = None,
    dense: frozenset[Any] | set[Any] = frozenset(),
    core: frozenset[Any] | set[Any] = frozenset(),
    keep_hidden: bool = False,
    unseen: frozenset[Any] | set[Any] = frozenset(),
    hiding: frozenset[Any] | set[Any] | None = None,
) -> Segmentation:
    """The typed blocks of ``body`` and their evidence. ``rules`` maps an element to 1 + the index of the rule that
    would cut it, ``dense`` holds the density candidate's containers, ``core`` the page's text container; all three
    are optional (empty: the evidence says nothing). Elements in ``unseen`` (inline text a reader never sees:
    tooltips, screen-reader-only labels) are skipped like hidden ones, unless ``keep_hidden``. ``hiding``: the
    elements that hide themselves, when the caller has them (:attr:`cleaner.html.rules.Marks.hiding`), else found
    here."""
    rules = rules or {}
    out = Segmentation()
    stack: list[_Frame] = []
    pieces: list[str] = []  # text of the open block; "\n" marks a <br>
    piece_link: list[bool] = []
    links: list[tuple[str, str]] = []
    anchors: list[tuple[str, list[str]]] = []  # open <a>: href, text pieces
    frames: list[_Frame] = []
    depths: list[int] = []
    link_counts: list[int] = []
    blocks = out.blocks

    def emit(block: Block, frame: _Frame, link_chars: int) -> None:
        if len(blocks) >= MAX_BLOCKS:
            return
        blocks.append(block)
        frames.append(frame)
        depths.append(len(stack))
        link_counts.append(link_chars)

    def owner() -> _Frame:
        for frame in reversed(stack):
            if frame.block:
                return frame
        return stack[-1]

    def path() -> str:
        return ">".join(f.seg for f in stack[-8:])

    def flush() -> None:
        if not pieces:
            return
        # two <br> in a row split the block (a "\n" piece is a <br>, or a text node of one line break: both count)
        split = "\n" in pieces and any(a == "\n" == b for a, b in pairwise(pieces))
        if not split:
            # the common case, one part: no per-piece loop
            raw = "".join(pieces)
            link = 0
            if True in piece_link:
                link = sum(len(p.strip()) for p, in_link in zip(pieces, piece_link, strict=True) if in_link)
            pieces.clear()
            piece_link.clear()
            block_links = tuple(links)
            links.clear()
            norm = squeeze(raw)
            if norm:
                emit_text(owner(), norm, link, block_links)
            return
        frame = owner()
        joined: list[tuple[str, bool]] = list(zip(pieces, piece_link, strict=True))
        pieces.clear()
        piece_link.clear()
        all_links = list(links)
        links.clear()
        # link characters are counted per part
        parts: list[tuple[str, int]] = []
        text: list[str] = []
        link = 0
        for piece, in_link in joined:
            if piece == "\n" and text and text[-1] == "\n":
                parts.append(("".join(text), link))
                text = []
                link = 0
                continue
            text.append(piece)
            if in_link:
                link += len(piece.strip())
        parts.append(("".join(text), link))
        for part, link_chars in parts:
            norm = squeeze(part)
            if norm:
                emit_text(frame, norm, link_chars, tuple(lk for lk in all_links if lk[0] in norm))

    def emit_text(frame: _Frame, norm: str, link_chars: int, block_links: tuple[tuple[str, str], ...]) -> None:
        if frame.level:
            kind: BlockKind = "heading"
        elif frame.kind is not None:
            kind = frame.kind
        else:
            kind = "paragraph"
        item = frame.item if kind == "list_item" else None
        continued = item is not None and item.drawn
        if item is not None:
            item.drawn = True
        emit(
            Block(
                kind,
                norm,
                level=frame.level if kind == "heading" else 0,
                depth=frame.list_depth if kind == "list_item" else 0,
                ordered=frame.ordered if kind == "list_item" else False,
                path=path(),
                links=block_links,
                continued=continued,
            ),
            frame,
            min(link_chars, len(norm)),
        )

    def add(text: str | None) -> None:
        if text:
            pieces.append(text)
            piece_link.append(bool(anchors))
            if anchors:
                anchors[-1][1].append(text)

    def push(el: Any, tag: str) -> _Frame:
        parent = stack[-1] if stack else None
        cls = el.get("class") or ""
        vocab, hashed, suffix = _attr_bits(f"{cls}\0{el.get('id') or ''}")
        role = el.get("role")
        level = _HEADINGS.get(tag, 0)
        if role == "heading" and not level:
            try:
                level = min(6, max(1, int(el.get("aria-level") or 2)))
            except ValueError:
                level = 2
        kind = _TYPED.get(tag)
        landmark = _LANDMARK_BIT.get(tag, 0) | _LANDMARK_BIT.get(_ROLE_LANDMARK.get(role or "", ""), 0)
        rep = 1
        if parent is not None:
            counts = parent.sig_counts
            if counts is None:
                counts = {}
                for child in parent.el:
                    if isinstance(child.tag, str):
                        key = (child.tag, child.get("class") or "")
                        counts[key] = counts.get(key, 0) + 1
                parent.sig_counts = counts
            rep = counts.get((tag, cls), 1)
        if parent is None:
            frame = _Frame(el, True, kind, level, 0, False, vocab, hashed, vocab, landmark, rules.get(el, 0),
                           el in dense, el in core, rep, rep, tag + suffix)  # fmt: skip
        else:
            grand = stack[-2].own if len(stack) > 1 else 0
            frame = _Frame(
                el,
                tag in _BLOCK or level > 0,
                kind or (parent.kind if not level else None),
                level or parent.level,
                parent.list_depth + (tag in ("ul", "ol")),
                (tag == "ol") if tag in ("ul", "ol") else parent.ordered,
                parent.vocab | vocab,
                parent.hashed | hashed,
                vocab | parent.own | grand,
                parent.landmarks | landmark,
                rules.get(el, parent.rule),
                parent.dense or el in dense,
                parent.core or el in core,
                rep,
                max(rep, parent.rep_max),
                tag + suffix,
            )
        if kind is not None:
            frame.level = 0
        frame.own = vocab
        frame.item = frame if tag == "li" else parent.item if parent is not None else None
        if level and frame.item is not None:
            frame.item.card = True
        if tag == "p" and frame.item is not None and frame.item is not frame:
            frame.item.paras += 1
            if frame.item.paras >= CARD_PARAGRAPHS:
                frame.item.card = True
        stack.append(frame)
        return frame

    hidden = set() if keep_hidden else (hidden_elements(body) if hiding is None else set(hiding)) | set(unseen)
    walker = etree.iterwalk(body, events=("start", "end", "comment", "pi"))
    for event, el in walker:
        tag = el.tag
        if not isinstance(tag, str):  # comments and processing instructions: only their tail is text
            add(el.tail)
            continue
        if event == "start":
            if el is not body and (tag in _SKIP or el in hidden) and not (tag == "button" and _holds_text(el)):
                if tag not in _SKIP:
                    hidden_text = squeeze(el.text_content())
                    out.hidden_chars += len(hidden_text)
                    if hidden_text:
                        out.hidden_texts.append(hidden_text)
                walker.skip_subtree()
                stack.append(_Frame(el, False, None, 0, 0, False, 0, 0, 0, 0, 0, False, False, 1, 1, "", skipped=True))
                continue
            block = tag in _BLOCK
            if block:
                if pieces:  # (most blocks open and close with no text pending)
                    flush()
            elif tag in _INLINE and not el.attrib and el not in rules and el not in dense:
                # a bare inline element changes nothing of the block it is in: its parent's frame stands for it
                stack.append(stack[-1])
                if tag == "br":
                    pieces.append("\n")
                    piece_link.append(False)
                elif tag == "a":
                    anchors.append(("", []))
                add(el.text)
                continue
            frame = push(el, tag)
            if tag == "tr":
                cells = _row_cells(el)
                if cells is not None:
                    texts = [_cell_text(c) for c in cells]
                    if any(texts):
                        header = all(c.tag == "th" for c in cells) or el.getparent().tag == "thead"
                        anchors_in = _anchors(el)
                        text = " | ".join(texts)
                        made = Block("table_row", text, cells=tuple(texts), header=header, path=path(),
                                      links=tuple(a for a in anchors_in if a[0]))  # fmt: skip
                        emit(made, frame, min(sum(len(t) for t, _ in anchors_in), len(text)))
                    walker.skip_subtree()
                    continue
            elif tag == "pre":
                code = _raw_text(el).strip("\n")
                if code.strip():
                    code = "\n".join(line.rstrip() for line in code.split("\n"))
                    anchors_in = _anchors(el)
                    made = Block("code", code, language=_code_language(el), path=path(),
                                  links=tuple(a for a in anchors_in if a[0]))  # fmt: skip
                    emit(made, frame, min(sum(len(t) for t, _ in anchors_in), len(code)))
                walker.skip_subtree()
                continue
            elif tag == "br":
                pieces.append("\n")
                piece_link.append(False)
            elif tag == "a":
                anchors.append((el.get("href") or "", []))
            elif tag in ("td", "th") and pieces:
                add(" ")
            add(el.text)
        else:
            frame = stack[-1]
            if len(stack) > 1 and frame is stack[-2]:  # a bare inline element
                stack.pop()
                if tag == "a" and anchors:
                    _, texts = anchors.pop()
                    anchor_text = squeeze("".join(texts))
                    if anchor_text:
                        links.append((anchor_text, ""))
                        if anchors:
                            anchors[-1][1].extend(texts)
                add(el.tail)
                continue
            if frame.skipped:
                stack.pop()
                if el is not body:
                    add(el.tail)
                continue
            if tag == "a" and anchors:
                href, texts = anchors.pop()
                anchor_text = squeeze("".join(texts))
                if anchor_text:
                    links.append((anchor_text, href))
                    if anchors:
                        anchors[-1][1].extend(texts)
            if frame.block and pieces:  # (most blocks open and close with no text pending)
                flush()
            stack.pop()
            if el is not body:
                add(el.tail)
    flush()
    out.elements = [f.el for f in frames]
    parent_ids: dict[Any, int] = {}
    out.parents = [parent_ids.setdefault(el.getparent(), len(parent_ids)) for el in out.elements]
    out.depth = depths
    out.link_chars = link_counts
    out.vocab = [f.vocab for f in frames]
    out.hashed = [f.hashed for f in frames]
    out.near = [f.near for f in frames]
    out.landmarks = [f.landmarks for f in frames]
    out.rule = [f.rule for f in frames]
    out.dense = [f.dense for f in frames]
    out.core = [f.core for f in frames]
    out.rep = [f.rep for f in frames]
    out.rep_max = [f.rep_max for f in frames]
    out.cards = {
        i for i, (f, b) in enumerate(zip(frames, blocks, strict=True))
        if b.kind == "list_item" and f.item is not None and f.item.card
    }  # fmt: skip
    return out
