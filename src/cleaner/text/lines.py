"""A plain-text capture -> its lines, whatever the capture style, each with the measures the line rules use.

Three capture styles are told apart by the shape of the text, not by who made it:

- ``innertext``: a browser's ``innerText`` (a headless browser's ``inner_text("body")``): paragraphs are single long
  lines separated by blank lines; menus and labels are runs of short lines.
- ``paste``: a select-all-copy: the same, mostly without blank lines.
- ``wrapped``: a text browser's dump (lynx, w3m, ``links -dump``): paragraphs hard-wrapped at a fixed width of about
  72-80 columns, indented, with ``[12]`` link markers and a numbered "References" list of URLs at the end. The
  wrapped lines of a paragraph are joined back into one line here, and the markers stripped.

In every style, a formula that ``innerText`` split one symbol per line (rendered MathML) is joined back into the
sentence it stands in (see ``FRAGMENT_MAX_CHARS``).

>>> [u.text for u in split_lines("Menu\\n\\nFirst paragraph.\\nSecond one.")]
['Menu', 'First paragraph.', 'Second one.']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..article import Caption
from ..tokens import ASCII_WORD as _ASCII_WORD
from ..tokens import WORD as _WORD
from ..words import TRAILING_PERMALINK_MARKS

__all__ = ["Line", "capture_style", "split_lines", "word_count"]

#: A dump is "wrapped" when its longest lines (but a few) stay within this many columns ...
WRAP_MAX_WIDTH = 100
#: ... the share of long lines that may run past the wrap width (tables, URLs, preformatted text) ...
WRAP_OUTLIERS = 0.02
#: ... and at least this many lines end within ``WRAP_SLACK`` columns of the wrap width (a paragraph's wrapped lines
#: fill the width; menus and headings don't). Three full lines make a wrapped paragraph or two.
WRAP_MIN_FULL = 3
#: A wrapped line is "full" when the next word would not have fitted: it ends within this many columns of the width.
WRAP_SLACK = 16
#: Lines shorter than this tell nothing about the wrap width.
WRAP_MIN_LONG = 40
#: A capture too short to show a wrap width (fewer than ``WRAP_MIN_FULL`` long lines: a teaser, a stub) is a dump
#: when this share of its lines share one indent of ``DUMP_MIN_INDENT`` to ``DUMP_MAX_INDENT`` spaces (lynx indents
#: body text by three).
DUMP_INDENT_SHARE = 0.8
DUMP_MIN_INDENT = 2
DUMP_MAX_INDENT = 8

#: Chinese and Japanese are written without spaces: this many characters count as one word.
CJK_CHARS_PER_WORD = 2

#: A browser's ``innerText`` of rendered maths (MathML, MathJax) puts each symbol on a line of its own: "a", "≠", "0".
#: A line of at most this many characters is such a fragment ...
FRAGMENT_MAX_CHARS = 2
#: ... and a stretch of lines is a formula split up (joined back into one line, rule-free) when it holds at least this
#: many fragments, at least ``FORMULA_MIN_OPERATORS`` of them operators, and no two whole lines side by side (text
#: between two fragments is the sentence the formula stands in). Calendars, pagination and A-Z indexes are runs of
#: fragments too, but without operators.
FORMULA_MIN_FRAGMENTS = 6
FORMULA_MIN_OPERATORS = 2
_OPERATORS = frozenset("=+−±×÷·≠≈≡≤≥∑∏∫∂√∞∈∉⊂⊆∪∩→⇒⇔∀∃′˙")

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
#: Scripts written without spaces between words (Chinese, Japanese, their punctuation and full-width forms; not
#: Korean, which spaces its words).
_UNSPACED = re.compile(r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
_LINK_MARKER = re.compile(r"\[(?:\d{1,4}|[A-Z]?\d{1,4})\]")
#: Bullets a text browser draws for list items and the form widgets it draws ("[ ]", "[_____]", "(*)"); an empty
#: "()" or "[]" is text (code, an emoticon), not a widget.
_DUMP_BULLET = re.compile(r"^(?:[*+#o•·\-]|\d{1,3}\.)\s+(?=\S)")
_DUMP_WIDGET = re.compile(r"\[(?: |_+|[xX])\]|\([ *xX]\)|\[(?:IMG|INLINE|LINK|BUTTON|image)\]", re.I)
#: The first word of a line (lynx and w3m wrap at spaces only) ...
_FIRST_WORD = re.compile(r"\S*")
#: ... or up to and with its first hyphen, after a line that a wrapper broke after a hyphen (it breaks compounds).
_FIRST_CHUNK = re.compile(r"[^\s-]*-?")
#: A sentence's end: a mark and at most a few closing quotes and brackets (``SENTENCE_TAIL_CHARS`` hold it).
_ENDS_SENTENCE = re.compile(r"[.!?…:;。！？][\'\"”’»)\]」』）]*$")
SENTENCE_TAIL_CHARS = 8
#: A list item as a browser or a paste shows it: a bullet, a dash or a number, then its text.
_ITEM_START = re.compile(r"^(?:[•·▪◦‣●○■□►▸➤✓✔\-–*+]|\(?\d{1,3}[.)])\s+\S")
#: The marker of an item: numbered or not.
_NUMBERED = re.compile(r"^\(?\d{1,3}[.)]")
#: One capture line as the reader makes it: text, blank line before, list marker ("bullet", "number", ""), cells.
Pair = tuple[str, bool, str, tuple[str, ...]]


def _marker_kind(text: str) -> str:
    return "number" if _NUMBERED.match(text) else "bullet"


_REFERENCES = re.compile(r"^\s*(?:references|visible links|hidden links|links)\s*:?\s*$", re.I)
_REFERENCE_ITEM = re.compile(r"^\s*\d{1,4}\.\s+\S+:\S*\s*$")


@dataclass(slots=True)
class Line:
    """One line of the capture (a whole paragraph once wrapped lines are joined).

    ``tokens``: its lower-case ``\\w+`` words; ``words``: how many words it has (see :func:`word_count`);
    ``blank_before``: a blank line precedes it; ``rule``: the name of the rule that cut it (None while kept);
    ``role``: what metadata took it ("title", "byline", "date", "caption", "credit", "publisher");
    ``marker``: "bullet" or "number" when the line starts a list item ("• ...", "- ...", "3. ..."; a dump's bullet
    is stripped from ``text``), else ""; ``cells``: the tab-separated cells of a table row in the capture;
    ``caption_memo`` / ``credit_memo``: the caption and credit tests of :mod:`cleaner.text.metadata`, kept once
    computed (several stages ask them of the same line, and they are the costliest tests of the path);
    ``phrase_memo``: the phrase test of :func:`cleaner.text.rules.phrase_hit`, which the rules and the scorer's
    evidence both ask; ``headline_memo``: :func:`cleaner.text.metadata.headline_shaped`, which the title rules and
    the title chooser both ask; ``byline_memo`` / ``date_memo``: :func:`cleaner.text.metadata.byline_in` and
    :func:`cleaner.text.metadata.date_line` of the line, which the head rules and the author chooser both ask.
    """

    text: str
    index: int
    tokens: list[str]
    words: int
    blank_before: bool = False
    rule: str | None = None
    role: str | None = None
    caption_memo: tuple[Caption | None] | None = None
    credit_memo: tuple[str | None] | None = None
    phrase_memo: tuple[tuple[str, float] | None] | None = None
    headline_memo: bool | None = None
    byline_memo: tuple[tuple[str, list[str]] | None] | None = None
    date_memo: tuple[tuple[str, str] | None] | None = None
    marker: str = ""
    cells: tuple[str, ...] = ()


def word_count(text: str, tokens: list[str] | None = None) -> int:
    """Number of ``\\w+`` tokens, the unit the corpus metric and the rules count in; a run of CJK script (written
    without spaces) counts one word per ``CJK_CHARS_PER_WORD`` characters."""
    n = len(tokens if tokens is not None else _WORD.findall(text))
    if n and not text.isascii():
        n += len(_CJK.findall(text)) // CJK_CHARS_PER_WORD
    return n


def capture_style(raw_lines: list[str]) -> str:
    """ "wrapped", "innertext" or "paste" (see the module docstring)."""
    lengths = [len(s) for s in raw_lines if s and not s.isspace()]
    if not lengths:
        return "paste"
    long_lines = _long_lengths(raw_lines)
    if len(long_lines) >= WRAP_MIN_FULL:
        width = _width(long_lines)
        if width <= WRAP_MAX_WIDTH:
            full = sum(1 for n in long_lines if width - WRAP_SLACK <= n <= width)
            if full >= WRAP_MIN_FULL and full >= 0.3 * len(long_lines):
                return "wrapped"
    elif long_lines and _indented_alike(raw_lines):
        return "wrapped"  # too few long lines to measure a width, but indented the way a dump indents its text
    blanks = len(raw_lines) - len(lengths)
    return "innertext" if blanks >= 0.2 * len(lengths) else "paste"


def _indented_alike(raw_lines: list[str]) -> bool:
    """True when at least ``DUMP_INDENT_SHARE`` of the non-blank lines start with the same indent of
    ``DUMP_MIN_INDENT`` to ``DUMP_MAX_INDENT`` spaces: a text browser indents body text (lynx by three columns),
    ``innerText`` and a paste indent nothing."""
    indents: dict[int, int] = {}
    total = 0
    for raw in raw_lines:
        stripped = raw.lstrip(" ")
        if not stripped or stripped.isspace():
            continue
        total += 1
        indent = len(raw) - len(stripped)
        indents[indent] = indents.get(indent, 0) + 1
    common = max((n for indent, n in indents.items() if DUMP_MIN_INDENT <= indent <= DUMP_MAX_INDENT), default=0)
    return total > 0 and common >= DUMP_INDENT_SHARE * total


def _long_lengths(raw_lines: list[str]) -> list[int]:
    """The sorted lengths of the lines that tell the wrap width: long ones (``WRAP_MIN_LONG``) of two words or more.
    A line of one word (a long URL) tells nothing: the wrapper could not break it, so it runs past the width."""
    out = []
    for raw in raw_lines:
        if len(raw) < WRAP_MIN_LONG:  # most lines of a capture: spare them the strips
            continue
        line = raw.rstrip()
        if len(line) >= WRAP_MIN_LONG and " " in line.lstrip():
            out.append(len(line))
    out.sort()
    return out


def _width(long_lines: list[int]) -> int:
    """The wrap width: the length of the longest lines (sorted ``long_lines``) but the ``WRAP_OUTLIERS`` share."""
    return long_lines[max(0, int(len(long_lines) * (1 - WRAP_OUTLIERS)) - 1)]


def _unwrap(raw_lines: list[str]) -> list[Pair]:
    """Join the wrapped lines of each paragraph of a text-browser dump; drop its link markers and references list.

    Returns (text, blank_before, list marker, cells) tuples (see :data:`Pair`). A line continues the previous one
    when the previous one was full (see
    :func:`_full`), both are indented alike, and the line does not start a list item; across a blank line only when
    the sentence plainly runs on (see :func:`_runs_on`).
    """
    width = _width(_long_lengths(raw_lines) or [WRAP_MAX_WIDTH])
    out: list[Pair] = []
    prev_len = 0
    prev_indent = -1
    blank = False
    for i, raw in enumerate(raw_lines):
        line = raw.rstrip()
        if not line.strip():
            blank = True
            continue
        if _REFERENCES.match(line) and all(
            not s.strip() or _REFERENCE_ITEM.match(s) or len(s.strip()) < 30 for s in raw_lines[i + 1 : i + 40]
        ):
            break  # the numbered list of link targets a dump ends with: never article text
        stripped = line.lstrip()
        indent = len(line) - len(stripped)
        starts_item = bool(_DUMP_BULLET.match(stripped))
        # str.split() knows every Unicode space (the zero-width one is gone already, see split_lines)
        text = " ".join(_DUMP_WIDGET.sub(" ", _LINK_MARKER.sub("", stripped)).split())
        if starts_item:
            text = _DUMP_BULLET.sub("", text)
        if not text:
            continue
        joins = (
            out
            and not starts_item
            and abs(indent - prev_indent) <= 2
            and (
                _full(prev_len, stripped, width, out[-1][0])
                if not blank
                else _runs_on(out[-1][0], text, prev_len, width)
            )
        )
        if joins:
            head, had_blank, marker, cells = out[-1]
            # a compound broken after its hyphen ("well-" / "known") joins without a space, and so does Chinese or
            # Japanese text, which is written without spaces and wrapped between any two characters
            hyphen = head.endswith("-") and head[-2:-1].isalpha() and text[:1].islower()
            glue = "" if hyphen or (_UNSPACED.match(head[-1]) and _UNSPACED.match(text[0])) else " "
            out[-1] = (head + glue + text, had_blank, marker, cells)
        else:
            out.append((text, blank, _marker_kind(stripped) if starts_item else "", ()))
            prev_indent = indent
        prev_len = len(line)
        blank = False
    return out


def _runs_on(head: str, text: str, prev_len: int, width: int) -> bool:
    """Whether ``text``, after a blank line, goes on with the sentence of the paragraph ``head`` whose last line was
    ``prev_len`` columns: that line was full (see :func:`_full`), it ends no sentence, and ``text`` starts in lower
    case or finishes a word broken at its hyphen. Text that was wrapped before the browser saw it (a preformatted
    RFC, a page with a line break per line) comes out of some dumps with a blank line after every line; a blank
    line after a full line in mid-sentence is that, not a paragraph's end."""
    if _ENDS_SENTENCE.search(head, max(0, len(head) - SENTENCE_TAIL_CHARS)):
        return False
    if not (text[:1].islower() or (head.endswith("-") and head[-2:-1].isalpha())):
        return False
    return _full(prev_len, text, width, head)


def _full(prev_len: int, nxt: str, width: int, head: str) -> bool:
    """Whether the last line of the paragraph ``head``, ``prev_len`` columns long, was full when ``nxt`` (stripped)
    follows it: it reaches the wrap width less the longest word that could have followed it, or the first word of
    ``nxt`` would not have fitted after it. The second test joins a line that a long word (a URL) pushed down early.
    When ``head`` ends in a hyphen the wrapper breaks compounds, and the first word is taken up to its own hyphen."""
    if prev_len >= width - WRAP_SLACK:
        return True
    chunk = (_FIRST_CHUNK if head.endswith("-") else _FIRST_WORD).match(nxt)
    return chunk is not None and prev_len + 1 + chunk.end() > width


def _join_formulas(pairs: list[Pair]) -> list[Pair]:
    """Join the lines of a formula that ``innerText`` split one symbol per line (see ``FRAGMENT_MAX_CHARS``)."""
    n = len(pairs)
    frag = [len(p[0]) <= FRAGMENT_MAX_CHARS for p in pairs]
    if sum(frag) < FORMULA_MIN_FRAGMENTS:
        return pairs
    out: list[Pair] = []
    i = 0
    while i < n:
        if not frag[i]:
            out.append(pairs[i])
            i += 1
            continue
        # The stretch: the line that leads into the formula, then fragments and the whole lines between them (never
        # two whole lines in a row), and a last whole line only when it goes on with the sentence (", so that ...").
        lo = i - 1 if i > 0 and out and out[-1] is pairs[i - 1] else i
        j = i
        while j + 1 < n and (frag[j + 1] or (frag[j] and j + 2 < n and frag[j + 2])):
            j += 1
        if j + 1 < n and not pairs[j + 1][0][:1].isupper() and not pairs[j + 1][0][:1].isdigit():
            j += 1
        stretch = pairs[lo : j + 1]
        fragments = [p[0] for p in stretch if len(p[0]) <= FRAGMENT_MAX_CHARS]
        operators = sum(1 for t in fragments if t in _OPERATORS or (len(t) == 2 and t[0] in _OPERATORS))
        if len(fragments) >= FORMULA_MIN_FRAGMENTS and operators >= FORMULA_MIN_OPERATORS:
            if lo < i:
                out.pop()
            out.append((" ".join(p[0] for p in stretch), stretch[0][1], "", ()))
        else:
            out.extend(pairs[i : j + 1])
        i = j + 1
    return out


def split_lines(text: str, *, info: dict[str, str] | None = None) -> list[Line]:
    """The capture's non-blank lines as :class:`Line` objects, wrapped paragraphs joined, white space normalised.
    ``info``, when given, receives the capture style under "style" (see :func:`capture_style`)."""
    if "\r" in text or "\f" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    if "\u200b" in text:  # str.split() knows every Unicode space but the zero-width one
        text = text.replace("\u200b", " ")
    permalinks = "¶" in text or "🔗" in text or "⚓" in text
    raw_lines = text.split("\n")
    style = capture_style(raw_lines)
    if info is not None:
        info["style"] = style
    pairs: list[Pair]
    if style == "wrapped":
        pairs = _unwrap(raw_lines)
    else:
        pairs = []
        blank = False
        append = pairs.append
        item = _ITEM_START.match
        for raw in raw_lines:
            if not raw or raw.isspace():
                blank = True
                continue
            text = " ".join(raw.split())
            m = item(text)
            cells = tuple(c for c in (" ".join(c.split()) for c in raw.split("\t")) if c) if "\t" in raw else ()
            append((text, blank, _marker_kind(text) if m else "", cells if len(cells) >= 2 else ()))
            blank = False
    pairs = _join_formulas(pairs)
    if permalinks:  # a heading's permalink mark, shown on hover ("Models¶"), is no text
        pairs = [(s, b, mk, c) for t, b, mk, c in pairs if (s := t.rstrip(TRAILING_PERMALINK_MARKS).rstrip())]
    findall, ascii_findall = _WORD.findall, _ASCII_WORD.findall
    out: list[Line] = []
    append_line = out.append
    for i, (t, b, mk, cells) in enumerate(pairs):
        if t.isascii():  # most lines: no CJK to count, and lower() is casefold() on ASCII
            tokens = ascii_findall(t.lower())
            append_line(Line(t, i, tokens, len(tokens), b, marker=mk, cells=cells))
        else:
            tokens = findall(t.casefold())
            append_line(Line(t, i, tokens, word_count(t, tokens), b, marker=mk, cells=cells))
    return out
