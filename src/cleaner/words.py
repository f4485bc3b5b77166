"""Word lists shared by the HTML and the text path: month and weekday names, news agencies, photo-credit labels and
caption/zone class tokens. Each list lives once, in ``cleaner/data/words/<name>.txt`` (``#`` starts a comment), and
is read on first use.

>>> month_number("listopada"), month_number("Sept"), month_number("soon")
(11, 9, None)
>>> weekday_number("Mittwoch")
3
>>> "reuters" in word_set("agencies")
True
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

__all__ = [
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
