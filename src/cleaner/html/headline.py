"""Block rule "title": the page's headline repeated at the top of the body is not body text.

Extractors keep the ``<h1>`` when it sits inside the article container; the headline is already ``Article.title``.
A leading block counts as the headline when its words are the words of the page's title (``<title>``, OpenGraph or
Twitter title, or the title metadata found), or make up most of it (the ``<title>`` often ends in " | Site").
"""

from __future__ import annotations

import re
from typing import Any

from ..extraction import Extraction

__all__ = ["drop_repeated_title", "page_titles"]

_WORD = re.compile(r"\w+")
#: Only this many blocks at the top of the body are checked: a headline repeated further down is a teaser list's.
LEADING_BLOCKS = 3
#: A block longer than this is a paragraph, whatever its words.
MAX_TITLE_CHARS = 300
#: A block that is a run of a title's words must hold at least this share of them (the rest is a site suffix).
MIN_TITLE_SHARE = 0.6
_TITLE_METAS = ("og:title", "twitter:title")


def page_titles(tree: Any, ext: Extraction) -> list[list[str]]:
    """The page's titles as lists of lower-case words: the metadata title, ``<title>``, OpenGraph/Twitter titles."""
    found: list[str] = []
    if ext.title:
        found.append(ext.title)
    head = tree.find("head") if tree.tag == "html" else None
    if head is not None:
        title = head.find("title")
        if title is not None and title.text:
            found.append(title.text)
        for meta in head.iter("meta"):
            key = meta.get("property") or meta.get("name")
            if key in _TITLE_METAS and meta.get("content"):
                found.append(meta.get("content"))
    out: list[list[str]] = []
    for text in found:
        words = _WORD.findall(text.casefold())
        if words and words not in out:
            out.append(words)
    return out


def _is_run_of(small: list[str], big: list[str]) -> bool:
    n = len(small)
    return any(big[i : i + n] == small for i in range(len(big) - n + 1))


def _is_title(words: list[str], titles: list[list[str]]) -> bool:
    for title in titles:
        if words == title:
            return True
        if len(words) >= MIN_TITLE_SHARE * len(title) and _is_run_of(words, title):
            return True
    return False


def drop_repeated_title(blocks: list[str], titles: list[list[str]], ext: Extraction | None) -> list[str]:
    """``blocks`` without the headline at their top; each dropped block is recorded on ``ext`` (when given) as cut by
    rule "title"."""
    if not titles:
        return blocks
    out = []
    for i, block in enumerate(blocks):
        if i < LEADING_BLOCKS and len(block) <= MAX_TITLE_CHARS:
            words = _WORD.findall(block.casefold())
            if words and _is_title(words, titles):
                if ext is not None:
                    ext.cut(block, "title")
                continue
        out.append(block)
    return out
