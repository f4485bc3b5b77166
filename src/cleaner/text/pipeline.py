"""Text path: lines -> named line rules -> article span -> title, byline, date, captions, publisher -> blocks.

1. :func:`cleaner.text.lines.split_lines` reads the capture in any style (innerText, copy-paste, a wrapped
   text-browser dump) into lines, one paragraph each.
2. :func:`cleaner.text.rules.apply_line_rules` names the clutter lines: phrase groups, "counter", "menu".
3. :func:`cleaner.text.span.find_spans` finds the article: the densest run of long, sentence-like lines; inside it,
   :func:`cleaner.text.rules.mark_related_lists` cuts the headlines listed under a related-links heading.
4. The head of the article (the lines just before its first paragraph) gives the title, the byline and the date;
   captions and their credits, and publisher notes, are taken out of the span into metadata.
5. Lines that repeat the title or are truncated copies of it or of a paragraph are cut ("title-repeat", "teaser");
   every line outside the span is cut with its rule's name, or "outside-article".

Each cut is recorded with its rule's name; lines moved into metadata are recorded under the field's name ("title",
"byline", "date", "caption", "credit", "publisher").
"""

from __future__ import annotations

from ..article import UNDATED_TYPES, Caption
from ..dates import first_labelled_date, first_shown_date, url_date
from ..extraction import Extraction
from ..options import Options
from .blocks import typed_blocks
from .features import SHAPE_FEATURES
from .lines import Line, split_lines
from .meta_model import choose_metadata
from .metadata import (
    META_MAX_WORDS,
    PUBLISHER_FIRST_TOKENS,
    SITE_TOKENS,
    TITLE_LIST_MIN_LINES,
    TITLE_MIN_WORDS,
    byline_in,
    choose_title,
    headline_shaped,
    line_byline,
    line_caption,
    line_credit,
    line_date,
    name_credit,
    publisher_note,
    relative_stamp,
    site_name_in,
    update_stamp,
)
from .rules import apply_line_rules, is_truncated_copy, mark_related_lists, norm_tokens, repeats_title
from .scorer import score_page
from .span import find_spans, sentence_like

__all__ = ["extract_text"]

#: How many lines before the span's first paragraph are searched for the byline and the date; the title is searched
#: as far as this many kept lines (see :func:`_head_start`).
HEAD_WINDOW = 12
#: How many lines after the span are searched for a publisher note, a byline and a paywall prompt.
TAIL_WINDOW = 6
#: A line that opens the article body: a sentence-like line of at least this many words ...
PARAGRAPH_MIN_WORDS = 8
#: ... or any line of at least this many words.
PARAGRAPH_LONG_WORDS = 20
#: A date line this near under the title (or over it) dates the page, however far the title stands above the first
#: paragraph.
UNDER_TITLE_LINES, OVER_TITLE_LINES = 4, 2
#: The title is searched at most this many lines above the first paragraph, kept or cut.
TITLE_WINDOW_MAX_LINES = 40
#: When the article's head gives no date, the first date the capture shows that starts within this many characters of
#: its top (and that no label gives to another event: "Joined", "Edited") dates a page of a dated type. wcxb-dev-text
#: training pages: date 0.455 -> 0.606, false dates 0.073 -> 0.082. Chosen on them among 1,000, 2,000 and 3,000 (with
#: update stamps left out: 0.538, 0.563, 0.578, the last with 3 more false dates).
TOP_DATE_CHARS = 2000
#: A credit after the article names a person in full: at least this many words ("by Taboola" signs an ad widget).
TAIL_NAME_MIN_WORDS = 2

#: A line followed by a photo credit is a caption when it has at most this many words ...
CAPTION_MAX_WORDS = 60
#: ... and there are fewer than this many long paragraphs followed by a credit (else they are the article).
CREDITED_PARAGRAPHS = 3

#: Lines that may name the site ("Welcome to X", "... here on X.") have at most this many words.
SITE_LINE_MAX_WORDS = 40

OUTSIDE = "outside-article"


def extract_text(text: str, *, url: str | None, options: Options) -> Extraction:
    """Clean one plain-text capture into an :class:`Extraction` (blocks, metadata, cuts).

    The named rules run first (:func:`rule_pass`); the learned line scorer (:mod:`cleaner.text.scorer`) then decides
    every line no metadata field took, with the rules' verdicts among its evidence. A line it drops is recorded
    under the rule that cut it when a rule did, else as "model".
    """
    ext = Extraction(kind="text", url=url, explain=options.explain)
    info: dict[str, str] = {}
    lines = split_lines(text, info=info)
    if not lines:
        return ext
    span = rule_pass(lines, ext, options)
    decide_lines(lines, span, ext, options, info.get("style", "innertext"))
    if ext.page_type in UNDATED_TYPES:
        # as on the HTML path: a product, service, listing, collection or documentation page has no author or date of
        # its own (wcxb-dev-text training pages: false dates 41 -> 7 of 563 for one right date, false authors 7 -> 4
        # of 598 for one right author)
        ext.byline, ext.authors, ext.date = None, [], None
    elif ext.page_type == "forum" and (opened := first_labelled_date(text)):
        # a thread is dated by its opening post: the first date a label gives to a post ("asked Feb 11, 2011",
        # "Start date Jul 9, 2022"), not a reply's, an edit's or a member's join date. wcxb-dev-text: date 374 ->
        # 387 of 604 training pages right, 104 -> 106 of 178 check pages; false dates unchanged
        ext.date = opened
    elif ext.date is None:
        # the head of the article showed no date: the date at the top of the page (a dateline, a "Posted" line over
        # the headline) is the page's; failing that, the day its address files it under (dates.url_date)
        ext.date = ext.updated or first_shown_date(text, within=TOP_DATE_CHARS) or url_date(url)
    if not options.with_metadata:
        _drop_metadata(ext)
    return ext


def rule_pass(lines: list[Line], ext: Extraction, options: Options) -> tuple[int, int] | None:
    """The named rules on ``lines``: each line's ``rule`` (the rule that would cut it, ``OUTSIDE`` for a line
    outside the article span) and ``role`` (the metadata field that took it, its text set on ``ext``). Returns the
    article span (first paragraph, last line) or None when the page has none (flagged "not_article")."""
    apply_line_rules(lines)
    span = find_spans(lines)
    if span is None:
        for line in lines:
            if line.rule is None:
                line.rule = OUTSIDE
        ext.flag("not_article", "no run of sentence-like lines long enough to be an article")
        return None
    start, end = span
    mark_related_lists(lines, start, end)
    first = _first_paragraph(lines, start, end)
    head_from = max(0, start - HEAD_WINDOW)  # the first paragraph is never above the span's start
    _read_head(lines, head_from, first, end, ext)
    _read_span(lines, first, end, ext, options)
    _cut_repeats(lines, first, end, ext)
    _site_name(lines, start, end, ext)
    _flags(lines, end, ext)
    # --- learned title and author choosers (cleaner.text.meta_model); the rules' values stand when none ships
    choose_metadata(lines, first, end, ext)
    # ---
    if ext.date is None:
        _date_by_title(lines, ext)
    for line in lines:
        if line.role is None and line.rule is None and not (first <= line.index <= end):
            line.rule = OUTSIDE
    return first, end


def decide_lines(
    lines: list[Line], span: tuple[int, int] | None, ext: Extraction, options: Options, style: str
) -> None:
    """Keep or cut each line metadata did not take, by the line scorer; kept lines become typed blocks."""
    keep, scores = score_page(lines, span, ext, options, style)
    ext.page_type = keep.page_type
    kept: list[Line] = []
    rows: list[int] = []
    for i, (line, k, score) in enumerate(zip(lines, keep.keep, scores, strict=True)):
        if line.role is not None:
            continue
        if k:
            kept.append(line)
            rows.append(i)
        else:
            ext.cut(line.text, line.rule or f"model {score:.2f}")
    shape = None if keep.evidence is None else keep.evidence[rows, : len(SHAPE_FEATURES)]
    ext.blocks.extend(typed_blocks(kept, style, keep.page_type, shape))


def _is_paragraph(line: Line) -> bool:
    if line.rule is not None:
        return False
    if line.words >= PARAGRAPH_LONG_WORDS:
        return True
    return line.words >= PARAGRAPH_MIN_WORDS and sentence_like(line.text)


def _first_paragraph(lines: list[Line], start: int, end: int) -> int:
    """The index of the span's first paragraph that is not a caption (``start`` when it has none)."""
    for i in range(start, end + 1):
        line = lines[i]
        if _is_paragraph(line) and line_caption(line) is None:
            if i + 1 <= end and line_credit(lines[i + 1]):
                continue  # a caption followed by its credit line
            return i
    return start


def _head_start(lines: list[Line], first: int) -> int:
    """Where the search for the title starts: ``HEAD_WINDOW`` kept lines above the first paragraph (lines a rule cut,
    such as a table of contents in a menu run or a row of share buttons, do not count)."""
    kept = 0
    i = first
    while i > 0 and kept < HEAD_WINDOW and first - i < TITLE_WINDOW_MAX_LINES:
        i -= 1
        if lines[i].rule is None:
            kept += 1
    return i


def _read_head(lines: list[Line], head_from: int, first: int, end: int, ext: Extraction) -> None:
    """Title, byline and date from the lines before the first paragraph; those lines leave the body.

    A related-links box between the headline and the article ("Sur le même sujet", then other articles' headlines
    and authors) gives neither title nor byline when a headline is found above it.
    """
    title_from = min(head_from, _head_start(lines, first))
    box = max((i for i in range(head_from, first) if lines[i].rule == "related"), default=first)
    for i in range(head_from, box):
        _take_meta(lines[i], ext, head=True)
    best = choose_title(lines, _title_candidates(lines, title_from, first), first, end)
    if best is None or best > box:
        for i in range(box, first):
            _take_meta(lines[i], ext, head=True)
    _name_by_date(lines, max(head_from, title_from if best is None else best), first, ext)
    if best is None:
        return
    title = lines[best]
    ext.title = title.text
    _take(title, "title", ext)
    # Everything between the title and the first paragraph that a rule did not keep as metadata stays only when it
    # is inside the span (a standfirst); lines above the title are page furniture.
    for i in range(head_from, best):
        if lines[i].role is None and lines[i].rule is None:
            lines[i].rule = OUTSIDE


def _date_by_title(lines: list[Line], ext: Extraction) -> None:
    """The date line just around the title, however far the title stands above the first paragraph (a summary
    box, a table of contents or a video between them): "Title" / "Posted on November 6th, 2025" / "10 min read".
    wcxb-dev-text: date 369 -> 374 of 604 training pages right, false dates unchanged (13 of 563); check pages
    102 -> 104 of 178, false dates unchanged (11 of 152). Looking only under the title: 372; 3 to 6 lines: 374."""
    at = next((line.index for line in lines if line.role == "title"), None)
    if at is None:
        return
    under = range(at + 1, min(at + 1 + UNDER_TITLE_LINES, len(lines)))
    over = range(at - 1, max(at - 1 - OVER_TITLE_LINES, -1), -1)
    for i in (*under, *over):
        line = lines[i]
        dated = line_date(line) if line.role is None else None
        if dated and not dated[1]:
            _set_date(ext, dated[0], line, head=True)
            _take(line, "date", ext)
            return


def _title_candidates(lines: list[Line], lo: int, hi: int) -> list[int]:
    """Headline-shaped lines in ``lines[lo:hi]`` that no rule cut (a menu line is a label) and that are not a credit
    or a caption, less those standing in a list of such lines (a table of contents, other articles' headlines)."""
    # Menu lines are never the title, but a table of contents mixes them with longer entries: they count in a list.
    shaped = [
        i
        for i in range(lo, hi)
        if lines[i].role is None
        and lines[i].rule in (None, "menu")
        and headline_shaped(lines[i])
        and (lines[i].rule == "menu" or (not line_credit(lines[i]) and line_caption(lines[i]) is None))
    ]
    kept: list[int] = []
    run: list[int] = []
    for i in [*shaped, -2]:  # -2 closes the last run
        if run and i == run[-1] + 1:
            run.append(i)
            continue
        distinct = sum(1 for j, k in enumerate(run) if j == 0 or lines[k].tokens != lines[run[j - 1]].tokens)
        if distinct < TITLE_LIST_MIN_LINES:
            kept.extend(run)
        run = [i]
    # A cut-short line that begins with another candidate is a teaser of it ("Title, revealing a network of ...").
    kept = [i for i in kept if lines[i].rule is None]
    return [i for i in kept if not _teaser_of_candidate(lines[i], [lines[k].tokens for k in kept if k != i])]


def _teaser_of_candidate(line: Line, others: list[list[str]]) -> bool:
    if not line.text.endswith(("...", "…")):
        return False
    tokens = line.tokens
    return any(len(other) >= TITLE_MIN_WORDS and tokens[: len(other)] == other for other in others)


def _name_by_date(lines: list[Line], lo: int, hi: int, ext: Extraction) -> None:
    """A name on a line of its own next to the date line ("Jane Doe" / "3 hours ago") is the byline."""
    if ext.byline is not None:
        return
    for i in range(lo, hi):
        if lines[i].role != "date":
            continue
        for j in (i - 1, i + 1):
            if not lo <= j < hi or lines[j].role is not None or lines[j].rule not in (None, "menu"):
                continue
            found = name_credit(lines[j].text)
            if found:
                _set_byline(ext, found)
                _take(lines[j], "byline", ext)
                return


def _take(line: Line, role: str, ext: Extraction) -> None:
    """``line`` goes into metadata as ``role``: it leaves the body, its cut recorded under the field's name."""
    line.role = role
    ext.cut(line.text, role)


def _set_byline(ext: Extraction, found: tuple[str, list[str]]) -> None:
    if ext.byline is None:
        ext.byline, ext.authors = found[0], list(found[1])


def _set_date(ext: Extraction, iso: str, line: Line, head: bool) -> None:
    """The line's date is the page's, or, on an "updated" stamp in the article's head, its fallback
    (``Extraction.updated``): a page whose head shows only when it was updated is dated by that, as on the HTML path.
    wcxb-dev-text: date 365 -> 369 of 604 training pages right, false dates 12 -> 13 of 563; check pages 100 -> 102
    of 178, false dates unchanged (11 of 152). An "updated" stamp after the article dates nothing (training pages:
    no more right, one more false)."""
    if not update_stamp(line.text):
        ext.date = iso
    elif head and ext.updated is None:
        ext.updated = iso


def _take_meta(line: Line, ext: Extraction, *, head: bool = False, min_name_words: int = 1) -> bool:
    """Move a byline or date line into metadata; True when it was one.

    In the head of the article (``head``) a credit may run on into a bio ("By Jane Doe, a deputy editor who ...")
    and a name may stand with a relative time ("Jane Doe 3 hours ago"). After the article a credit must name a
    person in full (``min_name_words``): "by Taboola" signs an ad widget.
    """
    if line.role is not None:
        return True
    if line.rule not in (None, "menu", "counter"):
        return False
    if line.words > META_MAX_WORDS:
        found = line_byline(line) if head else None
        if found is None:
            return False
        _set_byline(ext, found)
        _take(line, "byline", ext)
        return True
    found = line_byline(line)
    if found and len(found[0].split()) >= min_name_words:
        dated = line_date(line)
        if dated and ext.date is None:
            _set_date(ext, dated[0], line, head)
        _set_byline(ext, found)
        _take(line, "byline", ext)
        return True
    dated = line_date(line)
    if dated:
        iso, rest = dated
        named = name_credit(rest) if rest else None
        # "Posted on March 3, 2022 by Jane Doe": the credit follows the date
        credited = byline_in(rest, len(rest.split())) if rest and named is None else None
        if rest and named is None and credited is None and len(rest.split()) > 3:
            return False
        if ext.date is None:
            _set_date(ext, iso, line, head)
        credit = named or credited
        if credit:
            _set_byline(ext, credit)
        _take(line, "date", ext)
        return True
    if head:
        left = relative_stamp(line.text)
        if left is None:
            return False
        named = name_credit(left) if left else None
        if left and named is None:
            return False
        if named:
            _set_byline(ext, named)
        _take(line, "byline" if named else "date", ext)
        return True
    return False


def _read_span(lines: list[Line], first: int, end: int, ext: Extraction, options: Options) -> None:
    """Captions with their credits, publisher notes and stray byline/date lines leave the span's body."""
    last = min(len(lines) - 1, end + TAIL_WINDOW)
    found: list[tuple[Line, Caption, Line | None]] = []
    i = max(0, first - HEAD_WINDOW)
    while i <= last:
        line = lines[i]
        i += 1
        if line.role is not None or line.rule is not None:
            continue
        note = publisher_note(line.text) if line.tokens and line.tokens[0] in PUBLISHER_FIRST_TOKENS else None
        if note:
            if ext.publisher is None:
                ext.publisher = note
            _take(line, "publisher", ext)
            continue
        if line.index > end:
            if line.index <= end + 2:
                _take_meta(line, ext, min_name_words=TAIL_NAME_MIN_WORDS)
            continue
        caption = line_caption(line)
        nxt = lines[line.index + 1] if line.index + 1 < len(lines) else None
        credit_of = None
        if (
            caption is None
            and nxt is not None
            and nxt.rule is None
            and line.words <= CAPTION_MAX_WORDS
            and not line.text.endswith(":")  # "Notes:" labels what follows, it captions no picture
        ):
            credit = line_credit(nxt)
            if credit and not line_credit(line):
                caption, credit_of = Caption(line.text, credit), nxt
        if caption is not None:
            found.append((line, caption, credit_of))
            i += 1 if credit_of is not None else 0
            continue
        if first <= line.index <= end and line.words <= META_MAX_WORDS and not _is_paragraph(line):
            _take_meta(line, ext)
    # Many long paragraphs each followed by an image credit are the article told around pictures: the paragraphs
    # stay, only the credits go.
    credited_paragraphs = sum(1 for line, _, credit in found if credit is not None and _is_paragraph(line))
    for line, caption, credit_of in found:
        if credit_of is not None:
            _take(credit_of, "credit", ext)
        if credited_paragraphs >= CREDITED_PARAGRAPHS and credit_of is not None and _is_paragraph(line):
            continue
        ext.captions.append(caption)
        if options.captions_in_text and first <= line.index <= end:
            continue
        _take(line, "caption", ext)


def _cut_repeats(lines: list[Line], first: int, end: int, ext: Extraction) -> None:
    """Lines that repeat the title ("title-repeat") or are truncated copies of it or of a paragraph ("teaser")."""
    title = norm_tokens(ext.title) if ext.title else []
    paragraphs: list[list[str]] | None = None
    size = len(title)
    for line in lines:
        if line.role is not None or (line.rule not in (None, "menu") and line.rule != OUTSIDE):
            continue
        tokens = line.tokens
        if size and len(tokens) >= size and tokens[0] == title[0] and repeats_title(tokens, title):
            line.rule = "title-repeat"
        elif line.text.endswith(("...", "…")):
            if paragraphs is None:
                paragraphs = [lines[i].tokens for i in range(first, end + 1) if lines[i].rule is None]
            if is_truncated_copy(line.text, title, paragraphs):
                line.rule = "teaser"


def _site_name(lines: list[Line], start: int, end: int, ext: Extraction) -> None:
    """The site's name, from a line outside the article that says it (never from the article's own sentences)."""
    for line in lines:
        if (start <= line.index <= end and line.rule is None) or line.words > SITE_LINE_MAX_WORDS:
            continue
        if line.rule in ("menu", "counter"):
            continue
        if SITE_TOKENS.isdisjoint(line.tokens):
            continue  # none of the words site_name_in looks for: spare it the substring tests
        name = site_name_in(line.text)
        if name:
            ext.site_name = name
            return


def _flags(lines: list[Line], end: int, ext: Extraction) -> None:
    """A subscription or log-in prompt right after the article's end: the rest is behind a wall."""
    for line in lines[end + 1 : end + 1 + TAIL_WINDOW]:
        if line.rule == "paywall":
            ext.flag("paywall", f"the article ends at a subscription prompt: {line.text[:80]!r}")
            ext.flag("truncated", "the article text stops at a paywall")
            return
        if line.rule == "login":
            ext.flag("login_wall", f"the article ends at a log-in prompt: {line.text[:80]!r}")
            return


def _drop_metadata(ext: Extraction) -> None:
    ext.title = ext.byline = ext.date = ext.publisher = ext.site_name = None
    ext.authors = []
    ext.captions = []
