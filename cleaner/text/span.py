"""The article span of a plain-text capture: the densest run of long, sentence-like lines.

Every line gets a score: a paragraph (many words, ends like a sentence) scores its word count less a small toll; a
short label or link scores below zero; a line a rule has cut scores well below zero. The span is the run of lines
with the largest sum (Kadane's maximum subarray), so short lines inside the article (subheads, a one-line quote, an
"Advertisement" slot) are kept when long paragraphs stand on both sides, and a menu or a footer is not.
"""

from __future__ import annotations

import re

from .lines import Line

__all__ = ["find_span", "line_score", "sentence_like"]

#: Toll on a line that ends like a sentence: "Yes." costs a little, a 40-word paragraph scores 36.
SENTENCE_TOLL = 5
#: Toll on a line that does not end like a sentence: a headline or a link label of up to this many words scores
#: below zero; a long unpunctuated line (a paragraph ending in a link, a caption) still scores.
LABEL_TOLL = 14
#: Score of a line a rule has cut: a couple of these between two paragraphs don't split the article, a block of
#: them (a comment form, a newsletter box, a related-links list) does.
CUT_SCORE = -8
#: Extra cost of each further line in one gap between paragraphs (see :func:`_best_run`).
GAP_ESCALATION = 1.0
#: Score of a line that usually opens what comes after an article (a comment form, a related-links list, a
#: newsletter box, the footer's legal line): the article rarely goes on past one.
BOUNDARY_SCORE = -8
#: Cap on one line's score, so a single huge line (a comment, a legal notice) does not outweigh the article.
MAX_LINE_SCORE = 150

#: Rules whose lines mark the end of the article when they stand between two runs of text: what follows a comment
#: form, a related-links heading or a newsletter box is not the article any more.
BOUNDARY_RULES = frozenset({"comments", "related", "newsletter", "copyright", "paywall", "login", "consent", "share"})
_SENTENCE_END = re.compile(r"[.!?…:;\"”’»)\]。！？」』）]['\"”’»)\]]*\s*$")


def sentence_like(text: str) -> bool:
    """True when ``text`` ends the way a sentence ends (".", "!", "?", a closing quote or bracket)."""
    return bool(_SENTENCE_END.search(text))


def line_score(line: Line) -> float:
    """The line's contribution to the span's score (see the module docstring)."""
    if line.rule is not None:
        return BOUNDARY_SCORE if line.rule in BOUNDARY_RULES else CUT_SCORE
    toll = SENTENCE_TOLL if sentence_like(line.text) else LABEL_TOLL
    return min(line.words - toll, MAX_LINE_SCORE)


def find_span(lines: list[Line]) -> tuple[int, int] | None:
    """(first, last) index into ``lines`` of the best-scoring run, or None when no run scores above zero."""
    found = _best_run(lines, 0, len(lines))
    return None if found is None else (found[1], found[2])


#: Another run of text joins the article when it scores at least this share of the article's best run and only
#: charts, tables and labels (menu, counter lines) stand between them.
MERGE_SHARE = 0.4


def _best_run(lines: list[Line], lo: int, hi: int) -> tuple[float, int, int] | None:
    """(score, first, last) of the best-scoring run of ``lines[lo:hi]`` (Kadane), or None when none scores > 0.

    Each line below zero costs ``GAP_ESCALATION`` more than the one before it in the same gap, so a subhead or an ad
    slot between paragraphs costs little while a long stretch of short lines (tags, share buttons, an author box,
    a list of headlines) keeps apart the runs of text on either side.
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
        score = line_score(lines[i])
        if score < 0:
            score -= GAP_ESCALATION * gap
            gap += 1
        else:
            gap = 0
        total += score
        if total > best:
            best = total
            found = (best, start, i)
    return found


def find_spans(lines: list[Line]) -> tuple[int, int] | None:
    """Like :func:`find_span`, then joins further runs of text cut off from it only by charts or labels (a figure's
    axis labels and numbers between two halves of the article), never across a comment, related or newsletter
    heading."""
    found = _best_run(lines, 0, len(lines))
    if found is None:
        return None
    score, start, end = found
    while True:
        grown = False
        after = _best_run(lines, end + 1, len(lines))
        if after and after[0] >= MERGE_SHARE * score and _open_gap(lines, end + 1, after[1]):
            end = after[2]
            grown = True
        before = _best_run(lines, 0, start)
        if before and before[0] >= MERGE_SHARE * score and _open_gap(lines, before[2] + 1, start):
            start = before[1]
            grown = True
        if not grown:
            return start, end


def _open_gap(lines: list[Line], lo: int, hi: int) -> bool:
    return not any(lines[i].rule in BOUNDARY_RULES for i in range(lo, hi))
