"""What a page's address says, for both paths: the words of its path (a headline, a product's name) and its shape
(the kind of page: /forum/, /products/, /docs/, a dated path), as the page-type models and the title choosers read it.

>>> sorted(slug_words("https://example.com/blog/how-to-invest-in-index-funds.html?ref=1"))
['blog', 'funds', 'how', 'in', 'index', 'invest', 'to']
>>> float(dict(zip(URL_FEATURES, url_shape("https://example.com/forum/t/12345?page=2")))["url_depth"])
3.0
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import numpy as np

__all__ = ["URL_FEATURES", "URL_TOKENS", "slug_words", "url_path", "url_shape"]

#: Words of a URL path that say what kind of page it is, one column each.
URL_TOKENS: tuple[str, ...] = tuple(
    [
        "forum",
        "forums",
        "thread",
        "threads",
        "topic",
        "topics",
        "t",
        "community",
        "discussion",
        "discussions",
        "questions",
        "question",
        "q",
        "product",
        "products",
        "p",
        "item",
        "items",
        "shop",
        "store",
        "category",
        "categories",
        "collections",
        "collection",
        "c",
        "tag",
        "tags",
        "docs",
        "doc",
        "documentation",
        "api",
        "reference",
        "guide",
        "guides",
        "manual",
        "wiki",
        "blog",
        "blogs",
        "news",
        "article",
        "articles",
        "post",
        "posts",
        "search",
        "page",
        "services",
        "service",
        "solutions",
        "pricing",
        "about",
        "help",
        "support",
        "learn",
        "tutorial",
        "tutorials",
        "listing",
        "listings",
        "jobs",
        "events",
        "recipes",
        "recipe",
        "reviews",
        "review",
        "html",
        "htm",
        "php",
        "aspx",
        "amp",
        "en",
        "index",
        "compare",
        "best",
        "top",
        "deals",
        "sale",
        "buy",
        "catalog",
    ]
)
_URL_INDEX = {t: i for i, t in enumerate(URL_TOKENS)}
#: The columns of :func:`url_shape`.
URL_FEATURES: tuple[str, ...] = (
    *(f"url_{t}" for t in URL_TOKENS),
    "url_depth",
    "url_query",
    "url_year",
    "url_number",
    "url_last_len",
)
_YEAR_PATH = re.compile(r"/(?:19|20)\d\d/")
_NUMERIC = re.compile(r"\d{3,}")
_SLUG_WORD = re.compile(r"[^\W\d_]{2,}")
#: Words of a URL's path that name its form, not its page.
_SLUG_NOISE = frozenset(("html", "htm", "php", "aspx", "www"))


def url_shape(url: str | None) -> np.ndarray:
    """One row of :data:`URL_FEATURES`: which :data:`URL_TOKENS` the path holds, its depth, whether it has a query,
    a year segment, a number of three digits or more, and the length of its last segment (all 0 without a URL)."""
    out = np.zeros(len(URL_FEATURES), dtype=np.float32)
    if not url:
        return out
    try:
        parts = urlsplit(url)
    except ValueError:
        return out
    path = parts.path.lower()
    segments = [s for s in path.split("/") if s]
    for token in re.split(r"[^a-z0-9]+", path):
        index = _URL_INDEX.get(token)
        if index is not None:
            out[index] = 1.0
    base = len(URL_TOKENS)
    out[base] = len(segments)
    out[base + 1] = bool(parts.query)
    out[base + 2] = _YEAR_PATH.search(path) is not None
    out[base + 3] = _NUMERIC.search(path) is not None
    out[base + 4] = len(segments[-1]) if segments else 0
    return out


def url_path(url: str) -> str:
    """The URL's path without its leading slash, query and fragment ("example.com/a/b" has the path "a/b" too)."""
    return url.split("://", 1)[-1].partition("/")[2].split("?", 1)[0].split("#", 1)[0]


def slug_words(url: str | None) -> set[str]:
    """The lower-cased words of the URL's path: a page's address often spells its headline or its product's name."""
    if not url:
        return set()
    return {w.casefold() for w in _SLUG_WORD.findall(url_path(url))} - _SLUG_NOISE
