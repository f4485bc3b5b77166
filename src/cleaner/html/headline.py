"""Block rule "title": the page's headline repeated at the top of the body is not body text.

Extractors keep the ``<h1>`` when it sits inside the article container; the headline is already ``Article.title``.
A leading block counts as the headline when its words are the words of the page's title (``<title>``, OpenGraph or
Twitter title, or the title metadata found), or make up most of it (the ``<title>`` often ends in " | Site").
"""

from __future__ import annotations

from typing import Any

from ..extraction import Extraction
from ..tokens import is_title_repeat, words

__all__ = ["drop_repeated_title", "page_titles"]

#: Only this many blocks at the top of the body are checked: a headline repeated further down is a teaser list's.
LEADING_BLOCKS = 3
#: A block longer than this is a paragraph, whatever its words.
MAX_TITLE_CHARS = 300
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
        found_words = words(text)
        if found_words and found_words not in out:
            out.append(found_words)
    return out


def drop_repeated_title(blocks: list[str], titles: list[list[str]], ext: Extraction | None) -> list[str]:
    """``blocks`` without the headline at their top; each dropped block is recorded on ``ext`` (when given) as cut by
    rule "title"."""
    if not titles:
        return blocks
    out = []
    for i, block in enumerate(blocks):
        if i < LEADING_BLOCKS and len(block) <= MAX_TITLE_CHARS and is_title_repeat(words(block), titles):
            if ext is not None:
                ext.cut(block, "title")
            continue
        out.append(block)
    return out
