"""Word lists shared by the HTML and the text path: boilerplate phrases in several languages, one named group each.

The lists live in ``cleaner/data/phrases/<group>.txt``: one phrase per line, ``#`` starts a comment, matching is
case-insensitive on whole words. Each group is read and compiled once, on first use (nothing is read at import).
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

__all__ = ["GROUPS", "matcher", "phrases"]

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


@cache
def phrases(group: str) -> tuple[str, ...]:
    """The phrases of ``group``, lower-cased, in file order."""
    if group not in GROUPS:
        raise KeyError(f"unknown phrase group {group!r}; known: {', '.join(GROUPS)}")
    raw = resources.files("cleaner.data.phrases").joinpath(f"{group}.txt").read_text(encoding="utf-8")
    out = []
    for line in raw.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(line.casefold())
    return tuple(out)


@cache
def matcher(group: str) -> re.Pattern[str]:
    """One compiled regex that finds any phrase of ``group`` (case-insensitive, on word boundaries)."""
    alternatives = sorted((re.escape(p) for p in phrases(group)), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)
