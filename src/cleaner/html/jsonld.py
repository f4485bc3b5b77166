"""JSON-LD (schema.org) blocks of a page: tolerant parsing and the article's fields.

Pages put one object, an array, or a ``@graph`` in each ``<script type="application/ld+json">``; nested objects
(author, publisher, image) may be inline or ``{"@id": ...}`` references to another node. Parsing is tolerant of what
CMSs emit: HTML comments and CDATA wrappers, trailing commas, raw control characters, several objects in a row.

>>> data = read_jsonld(['{"@graph": [{"@type": "NewsArticle", "headline": "Hi", "author": {"@id": "#p"}},'
...                     ' {"@id": "#p", "@type": "Person", "name": "Jane Doe"},]}'])
>>> data.title, data.authors
('Hi', ['Jane Doe'])
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

__all__ = ["ARTICLE_TYPES", "JsonLd", "read_jsonld"]

#: schema.org types whose node describes the article itself (Readability's list, plus a few common ones).
ARTICLE_TYPES = frozenset(
    {
        "article", "newsarticle", "analysisnewsarticle", "askpublicquestionarticle", "backgroundnewsarticle",
        "opinionnewsarticle", "reportagenewsarticle", "reviewnewsarticle", "report", "satiricalarticle",
        "scholarlyarticle", "medicalscholarlyarticle", "socialmediaposting", "blogposting", "liveblogposting",
        "discussionforumposting", "techarticle", "apireference",
    }
)  # fmt: skip
#: Page types used only when no article node exists (their "name" is often the site's, so headline only).
PAGE_TYPES = frozenset({"webpage", "itempage", "aboutpage", "faqpage", "qapage", "collectionpage", "profilepage"})
_SITE_TYPES = frozenset({"website"})
#: A post by a member of a forum or a social network: its author may be a handle ("sorairolake"), not a name.
_POSTING_TYPES = frozenset({"discussionforumposting", "socialmediaposting"})

# Wrappers and slips seen in real JSON-LD blocks.
_WRAPPERS = re.compile(r"^\s*(?://\s*)?(?:<!--|<!\[CDATA\[)|(?://\s*)?(?:\]\]>|-->)\s*$")
_TRAILING_COMMA = re.compile(r",(\s*[}\]])")
_URL = re.compile(r"^(?:https?:)?//|^www\.", re.I)
_SURROGATE = re.compile("[\ud800-\udfff]")
# The separators before a type's name in a prefixed or full type IRI.
_TYPE_PREFIX = re.compile(r"[/:#]")
# A JSON-LD block larger than this is a data dump (product feeds, full article bodies), not worth parsing for fields.
_MAX_BLOCK_CHARS = 2_000_000
# Deepest nesting of arrays and objects read. Real JSON-LD nests under ten levels; json.loads recurses once per
# level and raises RecursionError near a thousand ("[" * 1000 in a page lost the whole article).
_MAX_DEPTH = 64
# A JSON string (escapes unrolled so a long string is one fast scan), or a run of anything but brackets and quotes.
_NOT_BRACKETS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[^\[\]{}"]+|"')
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


def _too_deep(text: str) -> bool:
    """True when arrays and objects in ``text`` nest deeper than :data:`_MAX_DEPTH`. Checked only when the block has
    more brackets than that (a block with fewer cannot be deeper), so ordinary blocks pay one count."""
    if text.count("[") + text.count("{") <= _MAX_DEPTH:
        return False
    brackets = _NOT_BRACKETS.sub("", text)  # strings and everything but brackets removed
    if not brackets:
        return False
    return max(itertools.accumulate(map(_STEP.__getitem__, brackets))) > _MAX_DEPTH


@dataclass(slots=True)
class JsonLd:
    """The fields a page's JSON-LD gives for its article (empty when it has none)."""

    title: str | None = None
    name: str | None = None  # the article node's "name" (may carry a site suffix), used when there is no headline
    authors: list[str] = field(default_factory=list)
    date: str | None = None
    modified: str | None = None  # dateModified of the same node
    date_of_article: bool = False  # the date is an article node's (a WebPage node's date is often the template's)
    description: str | None = None
    publisher: str | None = None
    publisher_is_person: bool = False  # a personal site: its publisher is the author, not a brand
    posting: bool = False  # a forum or social post (or a Q&A page's question): its author may be a member's handle
    website: str | None = None
    image: str | None = None
    keywords: list[str] = field(default_factory=list)
    language: str | None = None


def _loads(text: str) -> list[Any]:
    """Every JSON value in ``text``, tolerating the usual slips; [] when nothing parses."""
    text = _WRAPPERS.sub("", text.strip()).strip()
    if not text or len(text) > _MAX_BLOCK_CHARS or _too_deep(text):
        return []
    try:
        return [json.loads(text, strict=False)]
    except ValueError:
        pass
    except RecursionError:  # the depth check counts brackets; this is the backstop, never reached by design
        return []
    text = _TRAILING_COMMA.sub(r"\1", text)
    decoder = json.JSONDecoder(strict=False)
    values: list[Any] = []
    pos = 0
    while pos < len(text):
        while pos < len(text) and text[pos] in " \t\r\n;,":
            pos += 1
        if pos >= len(text):
            break
        try:
            value, pos = decoder.raw_decode(text, pos)
        except (ValueError, RecursionError):
            break
        values.append(value)
    return values


def _nodes(value: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    """Top-level nodes: objects, members of arrays and of ``@graph``, and a page's ``mainEntity``."""
    if depth > 4:
        return
    if isinstance(value, list):
        for item in value:
            yield from _nodes(item, depth + 1)
    elif isinstance(value, dict):
        graph = value.get("@graph")
        if graph is not None:
            yield from _nodes(graph, depth + 1)
        if "@type" in value:
            yield value
        main = value.get("mainEntity")
        if isinstance(main, (dict, list)):
            yield from _nodes(main, depth + 1)


def _types(node: dict[str, Any]) -> set[str]:
    raw = node.get("@type")
    names = raw if isinstance(raw, list) else [raw]
    # "schema:NewsArticle" and "http://schema.org/NewsArticle" name the same type.
    return {_TYPE_PREFIX.split(n)[-1].casefold() for n in names if isinstance(n, str)}


def _text(value: Any) -> str | None:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), None)
    if isinstance(value, dict):
        value = value.get("@value")
    if isinstance(value, str):
        # A JSON "\\ud800" escape decodes to a lone surrogate, which no UTF-8 output can carry.
        value = " ".join(_SURROGATE.sub("", value).split())
        return value or None
    return None


class _Resolver:
    def __init__(self, nodes: Iterable[dict[str, Any]]) -> None:
        self.by_id = {n["@id"]: n for n in nodes if isinstance(n.get("@id"), str)}

    def resolve(self, value: Any) -> Any:
        if isinstance(value, dict) and set(value) <= {"@id", "@type"} and value.get("@id") in self.by_id:
            return self.by_id[value["@id"]]
        return value

    def names(self, value: Any) -> list[str]:
        """Names of a person/organisation value: a string, an object, a reference, or a list of these."""
        out: list[str] = []
        for item in value if isinstance(value, list) else [value]:
            item = self.resolve(item)
            name: str | None = None
            if isinstance(item, str):
                name = _text(item)
            elif isinstance(item, dict):
                name = _text(item.get("name"))
                if name is None and (item.get("givenName") or item.get("familyName")):
                    name = _text(f"{_text(item.get('givenName')) or ''} {_text(item.get('familyName')) or ''}")
            if name and not _URL.match(name) and name not in out:
                out.append(name)
        return out

    def url(self, value: Any) -> str | None:
        for item in value if isinstance(value, list) else [value]:
            item = self.resolve(item)
            if isinstance(item, str) and item.strip():
                return item.strip()
            if isinstance(item, dict):
                url = _text(item.get("url")) or _text(item.get("contentUrl"))
                if url:
                    return url
        return None


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _keywords(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    out: list[str] = []
    for item in items:
        if isinstance(item, str):
            for word in item.split(","):
                word = word.strip()
                if word and word not in out:
                    out.append(word)
    return out


def read_jsonld(blocks: Iterable[str]) -> JsonLd:
    """The article fields of the JSON-LD ``blocks`` (the text of each ld+json script), first article node first."""
    nodes: list[dict[str, Any]] = []
    for block in blocks:
        for value in _loads(block):
            nodes.extend(_nodes(value))
    out = JsonLd()
    if not nodes:
        return out
    resolver = _Resolver(nodes)
    article = next((n for n in nodes if _types(n) & ARTICLE_TYPES), None)
    page = next((n for n in nodes if _types(n) & PAGE_TYPES), None)
    for node in nodes:
        types = _types(node)
        if out.website is None and types & _SITE_TYPES:
            out.website = _text(node.get("name"))
    # On a QAPage the question is the main entity: its asker and its date are the thread's (an FAQ's questions
    # carry neither, and a question's name is no page title, so it serves only these two fields).
    question = next((n for n in nodes if "question" in _types(n) and (n.get("author") or n.get("datePublished"))), None)
    main = article or page
    if main is None and question is None:
        return out
    if main is None:
        main = {}
    out.title = _text(main.get("headline"))
    if article is not None:
        out.name = _text(main.get("name"))
    out.authors = resolver.names(main.get("author")) or resolver.names(main.get("creator"))
    out.date = _text(main.get("datePublished")) or _text(main.get("dateCreated"))
    out.modified = _text(main.get("dateModified"))
    out.date_of_article = article is not None and out.date is not None
    out.posting = article is not None and bool(_types(article) & _POSTING_TYPES)
    if article is None and question is not None:
        out.posting = True
        out.authors = out.authors or resolver.names(question.get("author"))
        if out.date is None:
            out.date = _text(question.get("datePublished")) or _text(question.get("dateCreated"))
            out.date_of_article = out.date is not None
    out.description = _text(main.get("description"))
    publishers = resolver.names(main.get("publisher"))
    if not publishers and page is not None and page is not main:
        publishers = resolver.names(page.get("publisher"))
    out.publisher = publishers[0] if publishers else None
    out.publisher_is_person = any(
        isinstance(p, dict) and "person" in _types(p)
        for p in (resolver.resolve(v) for v in _as_list(main.get("publisher")))
    )
    out.image = resolver.url(main.get("image")) or _text(main.get("thumbnailUrl"))
    out.keywords = _keywords(main.get("keywords"))
    language = main.get("inLanguage")
    out.language = _text(language) if not isinstance(language, dict) else _text(language.get("name"))
    return out
