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
#: Cap on one line's score, so a single huge line (a comment, a legal notice) does not outweigh the article.
MAX_LINE_SCORE = 150

_SENTENCE_END = re.compile(r"[.!?…:;\"”’»)\]。！？」』）]['\"”’»)\]]*\s*$")


def sentence_like(text: str) -> bool:
    """True when ``text`` ends the way a sentence ends (".", "!", "?", a closing quote or bracket)."""
    return bool(_SENTENCE_END.search(text))


def line_score(line: Line) -> float:
    """The line's contribution to the span's score (see the module docstring)."""
    if line.rule is not None:
        return CUT_SCORE
    toll = SENTENCE_TOLL if sentence_like(line.text) else LABEL_TOLL
    return min(line.words - toll, MAX_LINE_SCORE)


def find_span(lines: list[Line]) -> tuple[int, int] | None:
    """(first, last) index into ``lines`` of the best-scoring run, or None when no run scores above zero."""
    best = 0.0
    best_span: tuple[int, int] | None = None
    total = 0.0
    start = 0
    for i, line in enumerate(lines):
        if total <= 0:
            total = 0.0
            start = i
        total += line_score(line)
        if total > best:
            best = total
            best_span = (start, i)
    return best_span
