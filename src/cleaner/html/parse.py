"""Parse a decoded HTML page once, with lxml, within the DOM limits of :class:`~cleaner.options.Options`.

Depth. lxml's HTML parser (libxml2) is used with ``huge_tree`` off, which caps element nesting at
:data:`PARSER_MAX_DEPTH` levels: deeper, libxml2 stops parsing and silently drops the rest of the page. We keep that
cap on purpose: trafilatura's run time explodes on deep trees (a 100,000-deep chain of divs built by hand did not
finish in two minutes). Real pages nest at most ~50 levels (153 corpus pages: max 50); deeper ones are
broken markup, typically tags opened and never closed. So when the parser hits its cap we parse again with the
nesting-only tags (div, span, font, b, i, ...) stripped out: the text and the block structure of paragraphs,
headings and lists survive. Below the parser's cap, ``options.max_dom_depth`` flattens deeper subtrees into their
parent's text (nothing is lost but structure). Only when even the flattened page is too deep is the page flagged
"truncated".

Nodes. ``options.max_dom_nodes`` elements at most: a larger page is refused. Extraction time grows with the node
count (trafilatura: ~80 microseconds per element here, so 200,000 elements take ~17 s and a million ~75 s and
1.8 GB), and real pages have a few thousand. The count is skipped when the page has fewer ``<`` than the limit
(each element needs one), so ordinary pages pay nothing.

Attributes. libxml2 checks each new attribute of a tag against all the earlier ones, so a tag's parse time grows
with the square of its attribute count (20,000 distinct attributes: 0.9 s; 40,000: 11 s; a hostile page had
500,000). Real tags have a dozen. Before parsing, a tag with more than :data:`MAX_ATTRIBUTES` attributes keeps its
first ones and loses the rest (attributes carry no article text). One linear scan finds the candidates: start tags
with at least twice that many tokens, a token being a character or a whole quoted value, as libxml2 reads them (so
values holding ``<`` or ``>`` do not hide a tag); only those are tokenised into attributes and cut. Two things look
like such a tag to the scan and are not one to libxml2, and cutting them cut away whole stretches of real pages (17
corpus pages, up to 780 KB each, a product description or a forum thread with it): a ``<`` inside a script or a
style (``for (i = 0; i <n; i++)``), which libxml2 reads as raw text, so a cut that starts there ends where the
element does (a script's text is all it can lose; skipping such runs instead would let a ``"<script>"`` written in
an attribute value hide a hostile tag after it); and a quote left open (``style="display: none;>``, ``name=“x"``),
after which the scan pairs the page's quotes the wrong way round and reads on across tags, while libxml2
resynchronises at the next tag. A run that holds end tags (``</span>``) is therefore cut only when it has
:data:`MARKUP_RUN_ATTRIBUTES` attributes (they parse in about a second), so a hostile tag is still bounded.

Content after ``</body>`` or ``</html>``. A browser parses whatever follows these end tags into ``<body>`` (the
"after body" and "after after body" modes of the HTML standard), and shows it; templates that close the document
early and go on are common (21 of 1,288 training pages, one with its whole article there). libxml2 instead leaves
such content beside ``<body>`` or in a second top-level ``<html>`` element, where a walk of the body never sees it.
:func:`_adopt_stray_content` moves it into ``<body>``, as a browser would.
"""

from __future__ import annotations

import bisect
import copy
import itertools
import re
from functools import cache
from typing import Any

from ..extraction import Extraction
from ..load import Loaded
from ..options import Options
from ..words import PERMALINK_MARKS

__all__ = ["MAX_ATTRIBUTES", "PARSER_MAX_DEPTH", "cap_attributes", "parse_html", "remove_keeping_tail"]

#: Attributes kept on one tag (libxml2's duplicate check is quadratic; 1,000 cost ~3 ms, real tags have ~10).
MAX_ATTRIBUTES = 1000
#: A long "tag" whose attributes hold end tags is most likely quotes paired the wrong way round across real markup
#: (see the module docstring): it is cut only from this many attributes on (20,000 parse in ~0.9 s).
MARKUP_RUN_ATTRIBUTES = 20 * MAX_ATTRIBUTES
_END_TAG = re.compile(r"</[a-zA-Z]")
# Elements whose contents libxml2 reads as raw text, where a "<" starts no tag.
_RAW_TEXT_OPEN = re.compile(r"<(script|style|textarea|title|xmp)\b[^>]*>", re.I)
# A start tag with at least 2 * MAX_ATTRIBUTES tokens: characters that are not brackets or quotes, or whole quoted
# values (which may hold brackets, as libxml2 reads them). A tag with MAX_ATTRIBUTES attributes has at least that many
# ("a " per attribute). Each token starts with a different character, so a failed match backtracks linearly. One
# pass costs ~2 ms on a 270 KB page, and it matches a few real tags in a hundred pages (long inline SVG paths).
_MANY_TOKENS = re.compile(r"""<[a-zA-Z](?:[^<>"']|"[^"]*"|'[^']*'){""" + str(2 * MAX_ATTRIBUTES) + "}")
# A start tag's name, then its body: runs of characters that are not brackets or quotes, and whole quoted values
# (which may hold brackets, as libxml2 reads them). Each run is matched atomically (a lookahead captures it, a
# backreference consumes it: Python 3.10 has no atomic groups), so a tag that never closes cannot backtrack
# exponentially.
_TAG_NAME = re.compile(r"""<[a-zA-Z][^\s/<>"']*""")
_TAG_BODY = re.compile(r"""(?:(?=(?P<run>[^<>"']+))(?P=run)|"[^"]*"|'[^']*')*""")
_ATTRIBUTE = re.compile(r"""[^\s=<>"'/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s<>"']*))?""")

#: libxml2's nesting cap without XML_PARSE_HUGE (``xmlParserMaxDepth``); lxml's ``huge_tree=False`` keeps it.
PARSER_MAX_DEPTH = 256

# Elements that only wrap other content; removing their tags changes no text and no paragraph break that the
# HTML parser does not re-create from the block tags that remain (p, li, h1-h6, tr, td, br).
_NESTING_TAGS = re.compile(
    r"</?(?:div|span|font|b|i|u|em|strong|small|big|section|article|main|aside|header|footer|nav|center|"
    r"blockquote|nobr|ins|del|s|strike|sub|sup|a|abbr|cite|code|mark|q|label|tt|kbd|var|dfn|bdi|bdo|time|"
    r"figure|details|summary|form|fieldset|ul|ol|dl|table|tbody|thead|tfoot)\b[^>]*>",
    re.I,
)


def parse_html(loaded: Loaded, options: Options, ext: Extraction) -> Any | None:
    """The lxml root element of the page, or None (with ``ext`` flagged "refused") when it cannot be parsed or
    has more than ``options.max_dom_nodes`` elements. Too-deep pages are flattened (see the module docstring)."""
    import lxml.etree

    if loaded.tree is not None:
        root = copy.deepcopy(loaded.tree)  # the caller's tree stays as it was: parsing fixes and pruning edit ours
    else:
        # No flag when tags are cut: attributes hold no article text, and the page is otherwise read as it is.
        text, _cut = cap_attributes(loaded.text)
        try:
            root, too_deep = _parse(text)
            if too_deep:
                root, too_deep = _parse(_NESTING_TAGS.sub(" ", text))
                if too_deep:
                    ext.flag(
                        "truncated",
                        f"elements nest deeper than {PARSER_MAX_DEPTH} levels even without wrapper tags; "
                        "the parser stopped there and the rest of the page is lost",
                    )
        except (lxml.etree.ParserError, ValueError) as exc:
            ext.flag("refused", f"not parseable as HTML: {exc}")
            return None
        if text.count("<") + 3 <= options.max_dom_nodes:  # +3: html, head and body may be implied
            _limit_depth(root, options.max_dom_depth)
            drop_permalinks(root)
            return root
    nodes = _count_nodes(root, options.max_dom_nodes)
    if nodes > options.max_dom_nodes:
        ext.flag("refused", f"the page has more than max_dom_nodes={options.max_dom_nodes} elements")
        return None
    _limit_depth(root, options.max_dom_depth)
    drop_permalinks(root)
    return root


def drop_permalinks(root: Any) -> None:
    """Remove the permalink anchors headings carry ("Middleware¶": Sphinx's, MkDocs' ``<a class="headerlink"
    href="#middleware">¶</a>``, "#", "§" or a link emoji): a self-link whose whole text is a
    :data:`~cleaner.words.PERMALINK_MARKS` mark. Browsers show it on hover only; kept, it ends the title and every
    heading of a documentation page with a "¶". The text after the anchor stays."""
    for anchor in root.xpath("//a[starts-with(normalize-space(@href), '#')]"):
        if "".join(anchor.itertext()).strip() in PERMALINK_MARKS:
            remove_keeping_tail(anchor)


def remove_keeping_tail(el: Any) -> None:
    """Drop ``el`` and its subtree, keeping its tail text (which belongs to the parent)."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    if tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


def cap_attributes(text: str, limit: int = MAX_ATTRIBUTES) -> tuple[str, int]:
    """``text`` with every start tag cut to its first ``limit`` attributes, and how many tags were cut. Ordinary
    pages are returned as they are after one linear scan (see the module docstring). ``limit`` is at most
    :data:`MAX_ATTRIBUTES` (the scan looks for tags of that size)."""
    pieces: list[str] = []
    done = 0
    cut = 0
    position = 0
    raw_text: list[tuple[int, int]] | None = None  # found on the first candidate: ordinary pages never need them
    while True:
        # Searched again after each tag, never inside one: a "<b" in a quoted value of a long tag is not a tag.
        found = _MANY_TOKENS.search(text, position)
        if found is None:
            break
        start = found.start()
        if raw_text is None:
            raw_text = _raw_text_spans(text)
        at = bisect.bisect_right(raw_text, (start, len(text))) - 1  # the last raw-text span starting at or before
        raw_end = raw_text[at][1] if at >= 0 and start < raw_text[at][1] else None
        name = _TAG_NAME.match(text, start)
        body_start = name.end() if name is not None else start + 2
        body = _TAG_BODY.match(text, body_start)
        body_end = body.end() if body is not None else body_start
        position = max(body_end, found.end())
        if not text.startswith(">", body_end):
            continue  # not a complete start tag (cut by a bare "<", or the end of the page)
        kept_end = body_start
        count = 0
        attributes = _ATTRIBUTE.finditer(text, body_start, body_end)
        for count, attribute in enumerate(attributes, 1):
            if count > limit:
                break
            kept_end = attribute.end()
        if count <= limit:
            continue
        if raw_end is not None and body_end > raw_end:
            # a "<" inside a script or style: what is cut stays inside it (libxml2 reads it as raw text, and the run
            # only reached past its end through quotes paired the wrong way round); the scan goes on from its end
            if kept_end < raw_end:  # else the run holds too few attributes inside it to cut
                pieces.append(text[done:kept_end])
                done = raw_end
                cut += 1
            position = raw_end
            continue
        if raw_end is None and _END_TAG.search(text, kept_end, body_end):
            count += sum(1 for _ in itertools.islice(attributes, MARKUP_RUN_ATTRIBUTES - count))
            if count < MARKUP_RUN_ATTRIBUTES:
                continue
        closing = "/" if text[body_end - 1] == "/" else ""
        pieces.append(text[done:kept_end])
        pieces.append(closing)
        done = body_end
        cut += 1
    if not cut:
        return text, 0
    pieces.append(text[done:])
    return "".join(pieces), cut


def _raw_text_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the contents of each script, style, textarea, title and xmp element of ``text``."""
    spans: list[tuple[int, int]] = []
    position = 0
    while (opened := _RAW_TEXT_OPEN.search(text, position)) is not None:
        closing = re.compile("</" + opened.group(1), re.I).search(text, opened.end())
        end = closing.start() if closing is not None else len(text)
        spans.append((opened.end(), end))
        position = end
    return spans


def _parse(text: str) -> tuple[Any, bool]:
    import lxml.etree
    import lxml.html

    # collect_ids=False: no table of the id attributes (nothing here looks an element up by id; trafilatura's own
    # parser skips it too), which spares the parser a few percent
    parser = lxml.html.HTMLParser(huge_tree=False, collect_ids=False)
    parser.set_element_class_lookup(_element_lookup())
    root = lxml.html.document_fromstring(text, parser=parser)
    _adopt_stray_content(root)
    too_deep = any(
        entry.type == lxml.etree.ErrorTypes.ERR_RESOURCE_LIMIT or "Excessive depth" in entry.message
        for entry in parser.error_log
    )
    return root, too_deep


def _adopt_stray_content(root: Any) -> None:
    """Move the elements libxml2 left outside ``<body>`` (beside it, or in a second top-level ``<html>`` after
    ``</html>``) to the end of ``<body>``, in document order, as browsers place them (see the module docstring)."""
    body = root.find("body")
    if body is None:
        return
    stray = [child for child in root if isinstance(child.tag, str) and child.tag not in ("head", "body")]
    for sibling in root.itersiblings():
        if sibling.tag == "html":
            for child in sibling:
                if child.tag == "body":
                    stray.extend(child)
                elif isinstance(child.tag, str) and child.tag != "head":
                    stray.append(child)
    for child in stray:
        body.append(child)  # lxml moves the element (with its tail) from where it was


@cache
def _element_lookup() -> Any:
    """Every element an :class:`lxml.html.HtmlElement`, looked up in C.

    lxml.html's own parser asks a Python method for the class of each element proxy it makes (to give forms and
    input fields their own classes, whose form-handling methods nothing here uses); the pipeline and trafilatura
    make hundreds of thousands of proxies per page (every walk, every copy), and that lookup cost about a tenth of
    the time of a page. The elements keep the HtmlElement methods (``text_content``, ...), and trafilatura, which
    accepts only HtmlElement trees, takes them (copies keep the parser, so its copies get the cheap lookup too)."""
    import lxml.etree
    import lxml.html

    return lxml.etree.ElementDefaultClassLookup(
        element=lxml.html.HtmlElement,
        comment=lxml.html.HtmlComment,
        pi=lxml.html.HtmlProcessingInstruction,
        entity=lxml.html.HtmlEntity,
    )


def _count_nodes(root: Any, limit: int) -> int:
    count = 0
    for _ in root.iter():
        count += 1
        if count > limit:
            break
    return count


def _limit_depth(root: Any, max_depth: int) -> None:
    """Collapse every element at depth ``max_depth`` (the root is depth 0) into its own text."""
    if max_depth >= PARSER_MAX_DEPTH - 1:
        return  # the parser already guarantees it
    import lxml.etree

    depth = 0
    deep: list[Any] = []
    for event, element in lxml.etree.iterwalk(root, events=("start", "end")):
        if event == "start":
            if depth == max_depth and len(element):
                deep.append(element)
            depth += 1
        else:
            depth -= 1
    for element in deep:
        text = " ".join(element.itertext())
        for child in list(element):
            element.remove(child)
        element.text = text
