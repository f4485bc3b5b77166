"""Author credits, for both paths: turn a printed credit ("By Jane Doe, Staff Writer | Follow") into the byline as
a person writes it and the list of author names.

>>> normalize_byline("By Jane Doe and John Smith, Staff Writers")
('Jane Doe and John Smith', ['Jane Doe', 'John Smith'])
"""

from __future__ import annotations

import re

__all__ = ["normalize_byline"]

_PREFIX = re.compile(r"^\s*(?:by|von|par|por|di|door|przez|de)\s*[:\-]?\s+", re.I)
_SUFFIX = re.compile(
    r"\s*(?:[,|\-–—]\s*|\s+)(?:staff\s+writer|staff\s+reporter|staff|reporter|correspondent|contributor|editor"
    r"|senior\s+\w+|follow(?:\s+on\s+\w+)?|@\w+)s?\b.*$",
    re.I,
)
_SPLIT = re.compile(r"\s*(?:,|\band\b|&|\bund\b|\bet\b|\by\b|\be\b|\ben\b|\bi\b)\s*", re.I)


def normalize_byline(raw: str | None) -> tuple[str | None, list[str]]:
    """(byline, authors) from a printed credit; (None, []) when nothing name-like is left."""
    if not raw:
        return None, []
    text = " ".join(raw.split())
    text = _PREFIX.sub("", text)
    text = _SUFFIX.sub("", text).strip(" ,|-–—:")
    if not text or len(text) > 200:
        return None, []
    authors = [a.strip() for a in _SPLIT.split(text) if a and a.strip()]
    return text, authors
