"""Word lists shared by the HTML and the text path: boilerplate phrases in several languages, one named group each.

The lists live in ``cleaner/data/phrases/<group>.txt``: one phrase per line, ``#`` starts a comment, matching is
case-insensitive on whole words (lower-case ``\\w+`` tokens, so apostrophes, punctuation and spacing between words
do not matter). Each group is read and indexed once, on first use (nothing is read at import).

Languages covered in every group: English, German, French, Spanish, Italian, Portuguese, Dutch and Polish.

>>> phrase_group("Forget Your Password?")
('login', 1.0)
>>> phrase_group("Readers were asked to share their stories with the paper.") is None
True
"""

from __future__ import annotations

from functools import cache

from .tokens import WORD as _WORD
from .words import read_list

__all__ = ["GROUPS", "leading_phrase", "phrase_group", "phrase_group_tokens", "phrase_starts", "phrases"]

#: The phrase groups, each the name of a data file and of the rule that cuts what it matches.
GROUPS: tuple[str, ...] = (
    "navigation",
    "ads",
    "consent",
    "login",
    "paywall",
    "newsletter",
    "share",
    "browser",
    "related",
    "comments",
)

#: A piece of text is clutter of a group when that group's phrases cover at least this share of its word characters.
#: Half keeps "Sign up for our newsletter" (all of it) and "Want access to this content? Learn More »" (most of it)
#: while a sentence that merely mentions "share" or "subscribe" stays.
MIN_COVER = 0.5


@cache
def phrases(group: str) -> tuple[str, ...]:
    """The phrases of ``group``, lower-cased, in file order."""
    if group not in GROUPS:
        raise KeyError(f"unknown phrase group {group!r}; known: {', '.join(GROUPS)}")
    return tuple(dict.fromkeys(read_list("cleaner.data.phrases", group)))


@cache
def phrase_starts() -> dict[str, tuple[tuple[tuple[str, ...], str], ...]]:
    """First token -> the (phrase tokens, group) pairs of the phrases that start with it, longest first: the word-level
    index :func:`phrase_group_tokens` and :func:`leading_phrase` scan. A line with none of these tokens holds no
    phrase (callers that test many lines check this before calling either)."""
    index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for group in GROUPS:
        for phrase in phrases(group):
            tokens = tuple(_WORD.findall(phrase))  # a straight or curly apostrophe splits words alike
            if tokens:
                index.setdefault(tokens[0], []).append((tokens, group))
    return {k: tuple(sorted(v, key=lambda item: len(item[0]), reverse=True)) for k, v in index.items()}


@cache
def _vocabulary() -> frozenset[str]:
    """Every token of every phrase (the cheap upper bound of :func:`phrase_group_tokens`)."""
    return frozenset(token for phrases in phrase_starts().values() for phrase, _ in phrases for token in phrase)


def leading_phrase(tokens: list[str]) -> tuple[str, int] | None:
    """(group, length in tokens) of the longest phrase that ``tokens`` start with, or None."""
    if not tokens:
        return None
    for phrase, group in phrase_starts().get(tokens[0], ()):
        if tuple(tokens[: len(phrase)]) == phrase:
            return group, len(phrase)
    return None


def phrase_group(text: str, *, min_cover: float = MIN_COVER) -> tuple[str, float] | None:
    """The phrase group that covers most of ``text`` and the share of its word characters that all phrases cover,
    or None when phrases cover less than ``min_cover`` of it.

    Phrases are matched on lower-case word tokens (punctuation and spacing between words do not matter), each
    position taking the longest phrase that starts there. Meant for short pieces of text (a line, a block, a button
    label): a long paragraph is never mostly phrases.
    """
    return phrase_group_tokens(_WORD.findall(text.casefold()), min_cover=min_cover)


def phrase_group_tokens(tokens: list[str], *, min_cover: float = MIN_COVER) -> tuple[str, float] | None:
    """:func:`phrase_group` on text already split into lower-case ``\\w+`` tokens."""
    if not tokens:
        return None
    index = phrase_starts()
    if index.keys().isdisjoint(tokens):
        return None  # no phrase starts anywhere in it
    total = sum(map(len, tokens))
    # Phrases cover at most the tokens that occur in some phrase: most lines fail this C-speed test.
    if sum(map(len, filter(_vocabulary().__contains__, tokens))) < min_cover * total:
        return None
    covered = 0
    by_group: dict[str, int] = {}
    i, n = 0, len(tokens)
    while i < n:
        entries = index.get(tokens[i])
        step = 1
        if entries:
            for phrase, group in entries:
                size = len(phrase)
                if tuple(tokens[i : i + size]) == phrase:
                    chars = sum(map(len, phrase))
                    covered += chars
                    by_group[group] = by_group.get(group, 0) + chars
                    step = size
                    break
        i += step
    if not covered or covered < min_cover * total:
        return None
    best = max(by_group, key=lambda g: by_group[g])
    return best, min(1.0, covered / total)
