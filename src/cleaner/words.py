"""Word lists shared by the HTML and the text path. Each list lives once, in ``cleaner/data/words/<name>.txt`` (one
entry a line, lower case, ``#`` starts a comment), is read on first use, and every module that needs it asks here:

- ``months``, ``weekdays``: names and abbreviations in many languages (dates of both paths, bylines' date stops);
- ``agencies``, ``networks``, ``credit_markers``: news and picture agencies (photo credits, and an employer after a
  reporter's name), broadcast networks (bylines only), words that mark a credit ("Handout", "Courtesy of");
- ``credit_labels``: "Photo:", "Bild:", "fot." (:mod:`cleaner.captions`); ``gallery_labels``: "Photo 3 of 12";
- ``caption_tokens``, ``credit_tokens``, ``figure_credit_tokens``: class/id tokens of caption and credit elements
  (:mod:`cleaner.html.figures`, :mod:`cleaner.html.rules`); ``other_zones``: class/id parts of zones whose content is
  not the article's (:mod:`cleaner.html.figures`, :mod:`cleaner.html.metadata`);
- ``credit_line_labels``, ``credit_line_agencies``, ``credit_line_hints``: the subsets the text path's credit lines
  use, kept as its line scorer was trained with them (a line's role is one of its features).

The tokenizer and the title-repeat tests are :mod:`cleaner.tokens`'.

>>> month_number("listopada"), month_number("Sept"), month_number("soon")
(11, 9, None)
>>> weekday_number("Mittwoch")
3
>>> "reuters" in word_set("agencies")
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from importlib import resources

from .tokens import WORD

__all__ = [
    "PERMALINK_MARKS",
    "TRAILING_PERMALINK_MARKS",
    "alternation",
    "alternation_of",
    "first_words",
    "month_alternation",
    "month_number",
    "months",
    "read_list",
    "weekday_alternation",
    "weekday_number",
    "weekdays",
    "word_set",
    "words",
]


# What a heading's permalink shows (Sphinx and MkDocs "¶", "#", "§", a link or anchor emoji): a self-link
# (href="#...") whose whole text is one of these is chrome, not text, in the HTML path. In a text capture only the
# marks no text ends with are dropped from a line's end ("C#" stays). Kept here, not in data/words/, where "#"
# starts a comment.
PERMALINK_MARKS = frozenset({"¶", "#", "§", "🔗", "🔗\ufe0e", "🔗\ufe0f", "⚓", "⚓\ufe0e", "⚓\ufe0f"})
TRAILING_PERMALINK_MARKS = "¶🔗⚓\ufe0e\ufe0f"


def read_list(package: str, name: str) -> tuple[str, ...]:
    """The entries of the word-list file ``<name>.txt`` in ``package`` (a folder under ``cleaner/data``): one per
    line, lower-cased (casefold), in file order, without ``#`` comments and blank lines. The one reader of the
    project's lists (``words/*.txt`` here, ``phrases/*.txt`` for :mod:`cleaner.phrases`)."""
    raw = resources.files(package).joinpath(f"{name}.txt").read_text(encoding="utf-8")
    out = []
    for line in raw.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(line.casefold())
    return tuple(out)


@cache
def _lines(name: str) -> tuple[str, ...]:
    return read_list("cleaner.data.words", name)


def _numbered(name: str) -> dict[str, int]:
    table: dict[str, int] = {}
    for number, line in enumerate(_lines(name), start=1):
        for word in line.split():
            if table.setdefault(word, number) != number:
                raise ValueError(f"{name}.txt: {word!r} names two entries ({table[word]} and {number})")
    return table


@cache
def months() -> dict[str, int]:
    """Month name or abbreviation (lower case) -> month number, in every language of ``months.txt``."""
    return _numbered("months")


@cache
def weekdays() -> dict[str, int]:
    """Weekday name or abbreviation (lower case) -> 1 (Monday) .. 7 (Sunday)."""
    return _numbered("weekdays")


def month_number(word: str) -> int | None:
    """The month a name stands for ("Nov.", "listopada", "März"), or None."""
    return months().get(word.casefold().rstrip("."))


def weekday_number(word: str) -> int | None:
    return weekdays().get(word.casefold().rstrip("."))


@cache
def month_alternation(min_chars: int = 3) -> str:
    """A regex alternation of the month names of at least ``min_chars`` characters, longest first."""
    return "|".join(re.escape(w) for w in sorted(months(), key=len, reverse=True) if len(w) >= min_chars)


@cache
def weekday_alternation(min_chars: int = 3) -> str:
    return "|".join(re.escape(w) for w in sorted(weekdays(), key=len, reverse=True) if len(w) >= min_chars)


@cache
def words(name: str) -> tuple[str, ...]:
    """The entries of a plain list (``agencies``, ``credit_labels``, ``caption_tokens``, ...), one per line."""
    return tuple(dict.fromkeys(_lines(name)))


@cache
def word_set(name: str) -> frozenset[str]:
    return frozenset(words(name))


def alternation_of(entries: Iterable[str]) -> str:
    """A regex alternation of ``entries`` (literal text, longest first so that "getty images" wins over "getty"); a
    space in an entry matches any run of white space."""
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(entries, key=len, reverse=True))


@cache
def alternation(name: str) -> str:
    """:func:`alternation_of` the entries of a plain list ("agencies" -> ``"associated\\s+press|...|ap"``)."""
    return alternation_of(words(name))


@cache
def first_words(name: str) -> frozenset[str]:
    """The first ``\\w+`` word of each entry of a plain list: what a line's tokens must hold for a pattern built from
    the list to match it (a cheap test before the pattern)."""
    return frozenset(found[0] for entry in words(name) if (found := WORD.findall(entry)))
