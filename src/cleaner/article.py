"""The result of cleaning one page: :class:`Article`, with its :class:`Caption` and :class:`Removal` parts.

Every field has one fixed meaning. A field the page does not support is ``None`` (or empty), never a guess.
All three classes are frozen, picklable and cheap to send between processes.
"""

from __future__ import annotations

import json
import typing
from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any, Literal

__all__ = ["FLAGS", "UNDATED_TYPES", "Article", "Caption", "Kind", "Link", "Removal"]

Kind = Literal["html", "text"]

#: Every flag :attr:`Article.flags` may carry, with what it means. The value in ``Article.flags`` is the reason:
#: a short human-readable string that says what on the page (or in the input) raised the flag.
FLAGS: dict[str, str] = {
    "paywall": "the page hides (part of) the article behind a subscription",
    "login_wall": "the page asks the reader to log in or register to read on",
    "not_article": "the page is not an article (home page, listing, search results, form, error page)",
    "truncated": "the article text is cut short (teaser, 'continue reading', input cut at a limit)",
    "empty": "no article text was found",
    "mojibake": "the input held text decoded in the wrong charset ('donâ€™t'): repaired before cleaning, or only "
    "flagged in a text too long to repair in bounded time",
    "refused": "the input was refused (too large, a decompression bomb, not a web page, too many elements); "
    "text is empty",
    "timeout": "cleaning did not finish within the per-document deadline",
    "failed": "cleaning crashed or the worker died; the reason says how",
}

#: Page types that carry no author and no publication date of their own: what looks like one is a reviewer's, a
#: team's, an item's or the template's. Both paths leave ``byline``, ``authors`` and ``date`` empty on them (HTML,
#: wcxb-dev training pages, page types predicted out of fold: author accuracy 0.599 -> 0.592 with false authors
#: 0.082 -> 0.035; date 0.798 -> 0.788 with false dates 0.119 -> 0.046).
UNDATED_TYPES = frozenset({"product", "service", "listing", "collection", "documentation"})


@dataclass(frozen=True, slots=True)
class Caption:
    """An image caption, split from its photo credit.

    >>> Caption("The minister in Lisbon.", "Lena Ortiz/Getty Images").credit
    'Lena Ortiz/Getty Images'
    """

    text: str
    credit: str | None = None


@dataclass(frozen=True, slots=True)
class Link:
    """A link in the article body: its anchor text and its URL (absolute when the page's URL or ``<base>`` is known).

    >>> Link("the report", "https://example.org/report.pdf").url
    'https://example.org/report.pdf'
    """

    text: str
    url: str


@dataclass(frozen=True, slots=True)
class Removal:
    """A piece of the page that was cut, and the name of the rule that cut it (``Options(explain=True)``, or
    ``cleaner clean --explain``)."""

    text: str
    rule: str


@dataclass(frozen=True, slots=True)
class Article:
    """Clean article text and metadata of one captured page.

    Fields:
      text:        the article body, paragraphs separated by one blank line ("" when none was found).
      markdown:    the same body as CommonMark (GFM pipe tables): headings at their levels, nested lists, tables,
                   fenced code with its language, quotes; links and images with ``Options(links=True, images=True)``.
      title:       the headline, without a " | Site" suffix.
      byline:      the author credit as a person writes it ("Sarah E. Needleman"), no "By"; the site's or an
                   organisation's name when the page's author metadata credits only that; None if nobody is credited.
      authors:     the names of the persons credited, one per entry (never a site, brand or team).
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
      links:       the links in the body (:class:`Link`), whatever ``Options.links`` says.
    """

    text: str = ""
    markdown: str = ""
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
    links: tuple[Link, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data, one key per field in field order: tuples become lists, captions and removals objects.

        Derived from the dataclass fields (:func:`dataclasses.fields`), so a new field is serialised without
        touching this method; :meth:`from_dict` is its inverse.
        """
        return {f.name: _plain(getattr(self, f.name)) for f in fields(self)}

    def to_json(self, *, indent: int | None = None) -> str:
        """The article as one JSON object (one line unless ``indent`` is given)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        """Rebuild an article from :meth:`to_dict` output (e.g. a line of a JSONL file). A missing or null key
        gives the field's default; unknown keys (a JSONL line's ``id``) are ignored."""
        hints = _field_types(cls)
        values: dict[str, Any] = {}
        for f in fields(cls):
            value = data.get(f.name)
            if value is None:
                continue  # the default (text "" and kind "html" are never null)
            values[f.name] = _typed(value, hints[f.name])
        return cls(**values)


def _plain(value: Any) -> Any:
    """A field value as JSON-ready data: dataclasses (Caption, Removal) -> dicts, tuples -> lists."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


_FIELD_TYPES: dict[type, dict[str, Any]] = {}


def _field_types(cls: type) -> dict[str, Any]:
    """The resolved type of each field of ``cls`` (the annotations are strings under ``from __future__``)."""
    hints = _FIELD_TYPES.get(cls)
    if hints is None:
        hints = _FIELD_TYPES[cls] = typing.get_type_hints(cls)
    return hints


def _typed(value: Any, hint: Any) -> Any:
    """``value`` (JSON data) as the field type ``hint``: a list -> a tuple of its item type, a dict -> a dict, an
    object -> the dataclass the hint names; anything else as it is."""
    origin = typing.get_origin(hint)
    if origin is tuple:
        item = typing.get_args(hint)[0]
        return tuple(_typed(v, item) for v in value)
    if origin is dict:
        return dict(value)
    if is_dataclass(hint) and isinstance(hint, type) and isinstance(value, dict):
        names = {f.name for f in fields(hint)}
        return hint(**{k: v for k, v in value.items() if k in names})
    return value
