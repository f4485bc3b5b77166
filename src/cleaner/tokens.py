"""The one tokenizer and the title-repeat tests, shared by both paths (and by the metrics' definition of a word).

A word is a ``\\w+`` run (Unicode), compared lower-cased (``casefold``). Two tests tell a block or line that repeats
the page's title, both on words:

- :func:`repeats_title`: the words are the title's words, said once or more ("Title Title"). Any block or line of
  either path (the text path's "title-repeat" line rule, the shared "title-repeat" block rule).
- :func:`is_title_repeat`: the words are one of the page's titles, or a run of at least :data:`MIN_TITLE_SHARE` of
  them (the ``<title>`` often ends in " | Site"). Looser, so for the few blocks at the top of an HTML page only (the
  HTML path's "title" cut and the block scorer's ``title_repeat`` feature).

>>> words("Don't stop-me now")
['don', 't', 'stop', 'me', 'now']
>>> is_title_repeat(words("Top 10 apps"), [words("Top 10 apps | Example Site")])
True
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from collections.abc import Set as AbstractSet

__all__ = ["MIN_TITLE_SHARE", "WORD", "is_run_of", "is_title_repeat", "jaccard", "repeats_title", "squeeze", "words"]

#: The word pattern (the corpus metrics' ``\w+``).
WORD = re.compile(r"\w+")
#: ``WORD`` on lower-cased ASCII text (where ``\w`` is ``[a-z0-9_]``): the same tokens, found faster.
ASCII_WORD = re.compile(r"[a-z0-9_]+")
#: A run of a title's words repeats the title when it holds at least this share of them.
MIN_TITLE_SHARE = 0.6


def words(text: str | None) -> list[str]:
    """The lower-cased ``\\w+`` words of ``text``."""
    return WORD.findall(text.casefold()) if text else []


def squeeze(text: str) -> str:
    """``text`` with each run of white space made one space, and stripped (white space as ``str.isspace`` takes it,
    as a regular expression's ``\\s`` does, and faster than substituting ``\\s+``)."""
    return " ".join(text.split())


def jaccard(a: AbstractSet[str], b: AbstractSet[str]) -> float:
    """Share of words two word sets have in common (size of the intersection over size of the union); 0 when either
    is empty."""
    return len(a & b) / len(a | b) if a and b else 0.0


def is_run_of(small: Sequence[str], big: Sequence[str]) -> bool:
    """Whether ``small`` occurs as a contiguous run in ``big``."""
    n = len(small)
    small = list(small)
    return any(list(big[i : i + n]) == small for i in range(len(big) - n + 1))


def repeats_title(tokens: Sequence[str], title: Sequence[str]) -> bool:
    """True when ``tokens`` is the title, or the title said more than once ("Title Title").

    >>> title = words("Top 10 apps")
    >>> repeats_title(words("Top 10 apps Top 10 apps"), title), repeats_title(words("Top 10"), title)
    (True, False)
    """
    if not tokens or not title or len(tokens) % len(title):
        return False
    n = len(title)
    title = list(title)
    return all(list(tokens[i : i + n]) == title for i in range(0, len(tokens), n))


def is_title_repeat(block_words: Sequence[str], titles: Sequence[Sequence[str]]) -> bool:
    """Whether a block made of ``block_words`` repeats one of ``titles`` (each a list of words)."""
    if not block_words:
        return False
    for title in titles:
        if list(block_words) == list(title):
            return True
        if len(block_words) >= MIN_TITLE_SHARE * len(title) and is_run_of(block_words, title):
            return True
    return False
