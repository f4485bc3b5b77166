"""The result of cleaning one page: :class:`Article`, with its :class:`Caption` and :class:`Removal` parts.

Every field has one fixed meaning. A field the page does not support is ``None`` (or empty), never a guess.
All three classes are frozen, picklable and cheap to send between processes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = ["FLAGS", "Article", "Caption", "Kind", "Removal"]

Kind = Literal["html", "text"]

#: Every flag :attr:`Article.flags` may carry, with what it means. The value in ``Article.flags`` is the reason:
#: a short human-readable string that says what on the page (or in the input) raised the flag.
FLAGS: dict[str, str] = {
    "paywall": "the page hides (part of) the article behind a subscription",
    "login_wall": "the page asks the reader to log in or register to read on",
    "not_article": "the page is not an article (home page, listing, search results, form, error page)",
    "truncated": "the article text is cut short (teaser, 'continue reading', input cut at a limit)",
    "empty": "no article text was found",
    "refused": "the input was refused (too large, decompression bomb, binary, too deep); text is empty",
    "timeout": "cleaning did not finish within the per-document deadline",
    "failed": "cleaning crashed or the worker died; the reason says how",
}


@dataclass(frozen=True, slots=True)
class Caption:
    """An image caption, split from its photo credit.

    >>> Caption("The minister in Lisbon.", "Lena Ortiz/Getty Images").credit
    'Lena Ortiz/Getty Images'
    """

    text: str
    credit: str | None = None


@dataclass(frozen=True, slots=True)
class Removal:
    """A piece of the page that was cut, and the name of the rule that cut it (see ``cleaner explain``)."""

    text: str
    rule: str


@dataclass(frozen=True, slots=True)
class Article:
    """Clean article text and metadata of one captured page.

    Fields:
      text:        the article body, paragraphs separated by one blank line ("" when none was found).
      title:       the headline, without a " | Site" suffix.
      byline:      the author credit as a person writes it ("Sarah E. Needleman"), no "By"; None if nobody is credited.
      authors:     the author names, one per entry.
      date:        publication date, ISO 8601 ("2019-11-19" or "2019-11-19T08:03:00-05:00").
      publisher:   who published the article (JSON-LD publisher, or a syndication credit such as
                   "This article was published in X").
      site_name:   the site the page was captured from.
      description: the page's summary (meta/OpenGraph description).
      language:    BCP 47 language tag ("en", "de-AT").
      url:         canonical URL of the page (the one given, or the page's canonical link).
      image:       URL of the lead image.
      tags:        keywords / section tags.
      captions:    image captions, each split from its photo credit; captions are not repeated in ``text``.
      kind:        "html" or "text": what the input was.
      page_type:   what kind of page it is: "article", "forum", "product", "collection", "listing",
                   "documentation", "service" or "other" (predicted from page evidence); None when not predicted.
      flags:       flag name -> reason, for the names in :data:`FLAGS` (e.g. {"paywall": "..."}).
      removed:     what was cut and by which rule; filled only with ``Options(explain=True)``.
    """

    text: str = ""
    title: str | None = None
    byline: str | None = None
    authors: tuple[str, ...] = ()
    date: str | None = None
    publisher: str | None = None
    site_name: str | None = None
    description: str | None = None
    language: str | None = None
    url: str | None = None
    image: str | None = None
    tags: tuple[str, ...] = ()
    captions: tuple[Caption, ...] = ()
    kind: Kind = "html"
    page_type: str | None = None
    flags: dict[str, str] = field(default_factory=dict)
    removed: tuple[Removal, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data: tuples become lists, captions and removals become objects."""
        return {
            "text": self.text,
            "title": self.title,
            "byline": self.byline,
            "authors": list(self.authors),
            "date": self.date,
            "publisher": self.publisher,
            "site_name": self.site_name,
            "description": self.description,
            "language": self.language,
            "url": self.url,
            "image": self.image,
            "tags": list(self.tags),
            "captions": [{"text": c.text, "credit": c.credit} for c in self.captions],
            "kind": self.kind,
            "page_type": self.page_type,
            "flags": dict(self.flags),
            "removed": [{"text": r.text, "rule": r.rule} for r in self.removed],
        }

    def to_json(self, *, indent: int | None = None) -> str:
        """The article as one JSON object (one line unless ``indent`` is given)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        """Rebuild an article from :meth:`to_dict` output (e.g. a line of a JSONL file)."""
        return cls(
            text=data.get("text") or "",
            title=data.get("title"),
            byline=data.get("byline"),
            authors=tuple(data.get("authors") or ()),
            date=data.get("date"),
            publisher=data.get("publisher"),
            site_name=data.get("site_name"),
            description=data.get("description"),
            language=data.get("language"),
            url=data.get("url"),
            image=data.get("image"),
            tags=tuple(data.get("tags") or ()),
            captions=tuple(Caption(c["text"], c.get("credit")) for c in data.get("captions") or ()),
            kind=data.get("kind") or "html",
            page_type=data.get("page_type"),
            flags=dict(data.get("flags") or {}),
            removed=tuple(Removal(r["text"], r["rule"]) for r in data.get("removed") or ()),
        )
