"""The page's declared metadata, read as it is stated: meta tags (name, property, http-equiv, itemprop), the
language it declares, its canonical URL and base, and its tags. Split from ``metadata.py``, which weighs these
against the JSON-LD and the visible page.
"""

from __future__ import annotations

import html
import re
from typing import Any
from urllib.parse import urljoin, urlsplit

from .jsonld import JsonLd

__all__ = ["absolute", "base_url", "clean_value", "first", "pick_language", "pick_tags", "pick_url", "read_meta"]

_SPACES = re.compile(r"\s+")
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-f]+|[a-z]+\d*);", re.I)
_SURROGATE = re.compile("[\ud800-\udfff]")
_TAG_SPLIT = re.compile(r"\s*[,;]\s*")
_LANG = re.compile(r"^[a-z]{2,3}(?:[-_][a-z0-9]{2,8})*$", re.I)


def clean_value(value: Any) -> str | None:
    """A metadata value as text: entities decoded (twice), whitespace squeezed, lone surrogates dropped; None for a
    non-string or an empty value."""
    if not isinstance(value, str):
        return None
    # Twice: CMSs escape once more than needed ("&amp;quot;"), and Readability unescapes metadata too.
    for _ in range(2):
        if "&" in value and _ENTITY.search(value):
            value = html.unescape(value)
    value = _SPACES.sub(" ", _SURROGATE.sub("", value)).strip()
    return value or None


def read_meta(tree: Any) -> dict[str, list[str]]:
    """meta name/property (lower-cased, "." read as ":") -> contents in page order; itemprop keys get "itemprop:"."""
    out: dict[str, list[str]] = {}
    for el in tree.iter("meta"):
        value = clean_value(el.get("content") if el.get("content") is not None else el.get("value"))
        if not value:
            continue
        for attr, prefix in (("property", ""), ("name", ""), ("http-equiv", ""), ("itemprop", "itemprop:")):
            keys = el.get(attr)
            if keys:
                # One tag may name several properties: property="og:title twitter:title".
                for key in keys.split():
                    out.setdefault(prefix + key.lower().replace(".", ":"), []).append(value)
    return out


def first(meta: dict[str, list[str]], *keys: str) -> str | None:
    """The first value of the first of ``keys`` the page's meta tags hold."""
    for key in keys:
        values = meta.get(key)
        if values:
            return values[0]
    return None


def pick_language(tree: Any, meta: dict[str, list[str]], ld: JsonLd) -> str | None:
    """The language the page declares (``<html lang>``, meta tags, og:locale, JSON-LD), as a BCP 47 tag."""
    for raw in (
        tree.get("lang"),
        tree.get("{http://www.w3.org/XML/1998/namespace}lang"),
        first(meta, "content-language", "dc:language", "language", "itemprop:inlanguage"),
        first(meta, "og:locale"),
        ld.language,
    ):
        tag = _bcp47(raw)
        if tag:
            return tag
    return None


def _bcp47(raw: str | None) -> str | None:
    """A language tag in BCP 47 form: "en_us" -> "en-US", "zh-hant-tw" -> "zh-Hant-TW"; None when not a tag."""
    if not raw:
        return None
    raw = raw.split(",")[0].strip()
    if not _LANG.match(raw):
        return None
    parts = raw.replace("_", "-").split("-")
    out = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            out.append(part.title())
        elif (len(part) == 2 and part.isalpha()) or (len(part) == 3 and part.isdigit()):
            out.append(part.upper())
        else:
            out.append(part.lower())
    return "-".join(out)


def absolute(url: str | None, base: str | None, *, relative_ok: bool = False) -> str | None:
    """``url`` resolved against ``base``; None when it is malformed, or relative with no base (unless
    ``relative_ok``: an image path is still worth giving when the page's own address is unknown)."""
    url = clean_value(url)
    if not url:
        return None
    try:
        if base and not url.startswith(("http://", "https://")):
            url = urljoin(base, url)
        if url.startswith(("http://", "https://")):
            return url if urlsplit(url).hostname else None
    except ValueError:  # "http://[::1": malformed host
        return None
    return url if relative_ok and not base else None


def base_url(tree: Any, given: str | None) -> str | None:
    """The URL relative links resolve against: ``<base href>`` (itself resolved against ``given``), else ``given``."""
    base = tree.find("head/base")
    href: str | None = base.get("href") if base is not None else None
    if href and given:
        try:
            return urljoin(given, href)
        except ValueError:
            return given
    return href or given


def pick_url(tree: Any, meta: dict[str, list[str]], given: str | None, base: str | None) -> str | None:
    """The page's canonical URL (``rel=canonical``, then og:url), else the one given."""
    for link in tree.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split():
            url = absolute(link.get("href"), base)
            if url:
                return url
    return absolute(first(meta, "og:url"), base) or given


def pick_tags(meta: dict[str, list[str]], ld: JsonLd) -> list[str]:
    """The page's tags from the first source that has any (article:tag, JSON-LD keywords, Parse.ly, news_keywords,
    keywords, Sailthru), split on commas and semicolons, each once."""
    for values in (
        meta.get("article:tag", []),
        ld.keywords,
        meta.get("parsely-tags", []),
        meta.get("news_keywords", []),
        meta.get("keywords", []),
        meta.get("sailthru:tags", []),
    ):
        tags: list[str] = []
        for value in values:
            for tag in _TAG_SPLIT.split(value) if len(values) == 1 else [value]:
                tag = tag.strip()
                if tag and tag.casefold() not in (t.casefold() for t in tags):
                    tags.append(tag)
        if tags:
            return tags
    return []
