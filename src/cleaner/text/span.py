"""The article span of a plain-text capture: the densest run of long, sentence-like lines.

Every line gets a score: a paragraph (many words, ends like a sentence) scores its word count less a small toll; a
short label or link scores below zero; a line a rule has cut scores well below zero. The runs of lines with the
largest sums (Kadane's maximum subarray, each short line of a gap costing more than the one before) are the
candidates, so short lines inside the article (subheads, a one-line quote, an "Advertisement" slot) are kept when
long paragraphs stand on both sides, and a menu or a footer is not. The article is the first run that scores nearly
as much as the best, grown by the runs that only charts or labels cut off from it (see :func:`find_spans`). An ad
slot and a photo's caption with its credit score zero (they stand inside articles: a gallery between two paragraphs
must not cut the story in two). A numbered list that the article's last line announces ("... the best offers:") is
followed to its last item.
"""

from __future__ import annotations

import re

from .lines import Line
from .metadata import line_caption

__all__ = ["find_spans", "sentence_like"]

#: Toll on a line that ends like a sentence: "Yes." costs a little, a 40-word paragraph scores 36.
SENTENCE_TOLL = 5
#: Toll on a line that does not end like a sentence: a headline or a link label of up to this many words scores
#: below zero; a long unpunctuated line (a paragraph ending in a link, a caption) still scores.
LABEL_TOLL = 14
#: Score of a line a rule has cut: a couple of these between two paragraphs don't split the article, a block of
#: them (a comment form, a newsletter box, a related-links list) does.
CUT_SCORE = -8
#: Extra cost of each further line in one gap between paragraphs (see :func:`_best_run`).
GAP_ESCALATION = 8.0
#: Only cut lines and uncut lines of at most this many words widen a gap; longer ones (list items, a table's rows)
#: and lines of code (a shell prompt, an assignment, braces) cost their score but do not make the gap wider.
GAP_MAX_WORDS = 6
#: Score of a line that usually opens what comes after an article (a comment form, a related-links list, a
#: newsletter box, the footer's legal line): the article rarely goes on past one.
BOUNDARY_SCORE = -8
#: A comment-section heading ("Leave a reply", "Comments") ends the article: what follows is the readers' text.
BARRIER_RULES = frozenset({"comments"})
BARRIER_SCORE = -1000
#: Rules whose lines stand inside articles (an ad slot between two paragraphs): they score zero.
TRANSPARENT_RULES = frozenset({"ads"})
#: Cap on one line's score, so a single huge line (a comment, a legal notice) does not outweigh the article.
MAX_LINE_SCORE = 150

#: Prose has about one ``\w+`` token per space-separated word ("don't" and "U.S." are two); markup, a style sheet or
#: a tracking URL shown as text has many ("font-size:15px;color:#373E44" is six). A line scores at most this many
#: tokens per word, so such a line, or a dump's wrapped lines of it, does not outscore the article. Lines with CJK
#: script (written without spaces) are spared, and so are lines of at most ``LABEL_TOLL`` tokens (they score below
#: zero as labels anyway unless they end a sentence).
MARKUP_TOKENS_PER_WORD = 2
#: Rules whose lines mark the end of the article when they stand between two runs of text: what follows a comment
#: form, a related-links heading or a newsletter box is not the article any more.
BOUNDARY_RULES = frozenset({"comments", "related", "newsletter", "copyright", "paywall", "login", "consent", "share"})
#: A sentence's end is a mark and at most a few closing quotes and brackets: this many characters hold it.
SENTENCE_TAIL_CHARS = 8
_CODE = re.compile(r"^\s*(?:\$|>>>|#|//|<)|[=;{}\\]|\w\(|\)\s*$|^\W*$")
_SENTENCE_END = re.compile(r"[.!?…:;\"”’»)\]。！？」』）]['\"”’»)\]]*\s*$")


def sentence_like(text: str) -> bool:
    """True when ``text`` ends the way a sentence ends (".", "!", "?", a closing quote or bracket)."""
    # Only the end matters: searching the last few characters spares a scan of a long paragraph.
    return _SENTENCE_END.search(text, max(0, len(text) - SENTENCE_TAIL_CHARS)) is not None


#: A run of text scoring less than this is a stray sentence, not a candidate for the article.
MIN_RUN_SCORE = 10.0
#: The article is the first run that scores at least this share of the best run.
FIRST_SHARE = 0.8
#: Another run of text joins the article when it scores at least this share of the article's best run and only
#: charts, tables and labels (menu, counter lines) stand between them.
MERGE_SHARE = 0.4
#: At most this many runs are looked at (the best ones first): enough for any page, linear on a huge one.
MAX_RUNS = 40


def _weights(lines: list[Line]) -> tuple[list[float], list[bool]]:
    """Each line's score (see the module docstring; :func:`sentence_like` is inlined: this runs on every line), and
    whether it widens a gap (see :func:`_best_run`)."""
    scores: list[float] = []
    widens: list[bool] = []
    search_end, search_code = _SENTENCE_END.search, _CODE.search
    for line in lines:
        rule, text, words = line.rule, line.text, line.words
        if rule is not None:
            if rule in TRANSPARENT_RULES:
                # An ad slot ("Advertisement", "Story continues below") stands between two paragraphs of the
                # article: it neither adds to the run nor breaks it.
                scores.append(0.0)
                widens.append(False)
            else:
                scores.append(
                    BARRIER_SCORE if rule in BARRIER_RULES else BOUNDARY_SCORE if rule in BOUNDARY_RULES else CUT_SCORE
                )
                widens.append(True)
            continue
        if words > LABEL_TOLL and words > MARKUP_TOKENS_PER_WORD * (text.count(" ") + 1) and words == len(line.tokens):
            # markup, a style sheet or a URL shown as text: many tokens, few words (see MARKUP_TOKENS_PER_WORD)
            words = MARKUP_TOKENS_PER_WORD * (text.count(" ") + 1)
        ends = search_end(text, max(0, len(text) - SENTENCE_TAIL_CHARS))
        score = min(words - (SENTENCE_TOLL if ends else LABEL_TOLL), MAX_LINE_SCORE)
        if score >= 0 or words > GAP_MAX_WORDS or search_code(text):
            scores.append(score)
            widens.append(False)
        elif line_caption(line) is not None:
            scores.append(0.0)  # a photo's caption with its credit: like an ad slot, part of the article's flow
            widens.append(False)
        else:
            scores.append(score)
            widens.append(True)
    return scores, widens


def _best_run(scores: list[float], widens: list[bool], lo: int, hi: int) -> tuple[float, int, int] | None:
    """(score, first, last) of the best-scoring run of lines ``lo..hi-1`` (Kadane), or None when none scores > 0.

    Each line that widens a gap costs ``GAP_ESCALATION`` more than the one before it in the same gap, so a subhead
    or an ad slot between paragraphs costs little while a long stretch of short lines (tags, share buttons, an
    author box, a list of headlines) keeps apart the runs of text on either side.
    """
    best = 0.0
    found: tuple[float, int, int] | None = None
    total = 0.0
    start = lo
    gap = 0
    for i in range(lo, hi):
        if total <= 0:
            total = 0.0
            start = i
        score = scores[i]
        if score >= 0:
            gap = 0
        elif widens[i]:
            score -= GAP_ESCALATION * gap
            gap += 1
        total += score
        if total > best:
            best = total
            found = (best, start, i)
    return found


def _runs(scores: list[float], widens: list[bool]) -> list[tuple[float, int, int]]:
    """The disjoint best-scoring runs in page order: the best one, then the best ones on either side of it that
    score at least ``MIN_RUN_SCORE``, and so on (at most ``MAX_RUNS``, so a huge page stays linear)."""
    first = _best_run(scores, widens, 0, len(scores))
    if first is None:
        return []
    out = [first]
    # A range whose positive scores add up to less than MIN_RUN_SCORE holds no run worth a pass (most of a menu).
    positive = [0.0]
    for score in scores:
        positive.append(positive[-1] + score if score > 0 else positive[-1])
    todo = [(0, first[1]), (first[2] + 1, len(scores))]
    while todo and len(out) < MAX_RUNS:
        lo, hi = todo.pop()
        if hi - lo <= 0 or positive[hi] - positive[lo] < MIN_RUN_SCORE:
            continue
        found = _best_run(scores, widens, lo, hi)
        if found is None or found[0] < MIN_RUN_SCORE:
            continue
        out.append(found)
        todo.extend(((lo, found[1]), (found[2] + 1, hi)))
    return sorted(out, key=lambda run: run[1])


def find_spans(lines: list[Line]) -> tuple[int, int] | None:
    """The article span: of the runs of text the page holds, the first that scores at least ``FIRST_SHARE`` of the
    best (an article comes before the teasers, comments and footers that follow it; menus before it score below
    zero), grown by the runs beside it that only charts or labels cut off from it (a figure's axis labels and
    numbers between two halves of the article), never across a comment, related or newsletter heading."""
    runs = _runs(*_weights(lines))
    if not runs:
        return None
    top = max(r[0] for r in runs)
    core = next(k for k, r in enumerate(runs) if r[0] >= FIRST_SHARE * top)
    score, start, end = runs[core]
    # A small run (a caption, a one-line quote) between two big ones is taken along with the farther big one.
    for k in range(core + 1, len(runs)):
        other = runs[k]
        if not _open_gap(lines, end + 1, other[1]):
            break
        if other[0] >= MERGE_SHARE * score:
            end = other[2]
    for k in range(core - 1, -1, -1):
        other = runs[k]
        if not _open_gap(lines, other[2] + 1, start):
            break
        if other[0] >= MERGE_SHARE * score:
            start = other[1]
    return start, _numbered_list_end(lines, end)


#: A list the article's last line announces (it ends in ":") is followed when it numbers its items 1, 2, 3, ... with at
#: most this many lines (a link, a price) between two items.
LIST_MAX_BETWEEN = 2
_LIST_NUMBER = re.compile(r"^\(?(\d{1,3})[.)]\s+\S")


def _numbered_list_end(lines: list[Line], end: int) -> int:
    """The end of the span grown over the numbered list that its last line introduces ("... the best offers:" then
    "1) ...", "2) ..."): its items score as labels, so the span stops short of them."""
    if not lines[end].text.endswith(":") or end + 1 >= len(lines):
        return end
    expected, last, between = 1, end, LIST_MAX_BETWEEN
    i = end + 1
    while i < len(lines) and i - last - 1 <= LIST_MAX_BETWEEN:
        m = _LIST_NUMBER.match(lines[i].text)
        if m and int(m.group(1)) == expected and lines[i].rule is None:
            if expected > 1:
                between = min(between, i - last - 1)
            expected, last = expected + 1, i
        elif lines[i].rule is not None:
            break
        i += 1
    if expected <= 2:
        return end  # one item is not a list
    # the lines that followed each item (a link, a price) follow the last one too
    tail = last
    while tail + 1 < len(lines) and tail - last < between and lines[tail + 1].rule is None:
        tail += 1
    return tail


def _open_gap(lines: list[Line], lo: int, hi: int) -> bool:
    return not any(lines[i].rule in BOUNDARY_RULES for i in range(lo, hi))
