"""The working record a page's path fills in before it becomes an :class:`~cleaner.article.Article`.

The HTML path (``cleaner/html``) and the text path (``cleaner/text``) both return an :class:`Extraction`; the shared
block rules (``cleaner/blocks.py``) then run on it, and ``cleaner/api.py`` freezes it into an Article.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .article import Article, Caption, Kind, Link, Removal
from .block import Block
from .render import body_links, render_markdown, render_text

__all__ = ["MAX_FIELD_CHARS", "Extraction"]

#: Longest value a one-line metadata field keeps (title, byline, description, ...). Real descriptions stay under
#: ~1,000 characters; a hostile page can put a megabyte in a <meta> tag, and that must not ride along into every
#: output and index. Longer values are cut at a word boundary.
MAX_FIELD_CHARS = 2000
#: Longest URL kept (url, image); a longer one is dropped, as a cut URL points nowhere. 8 KiB is what common
#: servers accept in a request line.
MAX_URL_CHARS = 8192
#: Most tags, authors and captions kept: a keyword-stuffed page can list thousands.
MAX_LIST_ITEMS = 100
#: Most body links kept in ``Article.links``: a listing page links every card, but a link farm should not ride along.
MAX_LINKS = 2000


def _field(value: str | None) -> str | None:
    if not value:
        return None
    if len(value) <= MAX_FIELD_CHARS:
        return value
    cut = value[:MAX_FIELD_CHARS]
    space = cut.rfind(" ")
    return (cut[:space] if space > MAX_FIELD_CHARS // 2 else cut).rstrip() + "…"


@dataclass(slots=True)
class Extraction:
    """Mutable, internal. ``blocks`` are the body's typed blocks (:class:`~cleaner.block.Block`), in page order."""

    kind: Kind
    blocks: list[Block] = field(default_factory=list)
    title: str | None = None
    byline: str | None = None
    authors: list[str] = field(default_factory=list)
    date: str | None = None
    publisher: str | None = None
    site_name: str | None = None
    description: str | None = None
    language: str | None = None
    url: str | None = None
    image: str | None = None
    tags: list[str] = field(default_factory=list)
    captions: list[Caption] = field(default_factory=list)
    flags: dict[str, str] = field(default_factory=dict)
    removed: list[Removal] = field(default_factory=list)
    explain: bool = False
    #: The page's type (article, forum, product, collection, listing, documentation, service, other) when predicted.
    page_type: str | None = None
    #: The date of an "Updated ..." stamp in the article's head: the page's date when it states no other.
    updated: str | None = None

    def cut(self, text: str, rule: str) -> None:
        """Record that ``rule`` removed ``text`` (kept only when explaining; costs nothing otherwise)."""
        if self.explain and text.strip():
            self.removed.append(Removal(text.strip(), rule))

    def flag(self, name: str, reason: str) -> None:
        """Raise flag ``name`` (see ``cleaner.article.FLAGS``); the first reason given is kept."""
        self.flags.setdefault(name, reason)

    def to_article(self, *, links: bool = False, images: bool = False) -> Article:
        """Freeze into an Article, rendering ``text`` and ``markdown`` from the blocks (``links``/``images``: see
        :class:`~cleaner.options.Options`)."""
        text = render_text(self.blocks)
        markdown = render_markdown(self.blocks, links=links, images=images, base_url=self.url)
        flags = dict(self.flags)
        if not text and "refused" not in flags:
            flags.setdefault("empty", "no article text was found")
        return Article(
            text=text,
            markdown=markdown,
            title=_field(self.title),
            byline=_field(self.byline),
            authors=tuple(a for a in (_field(a) for a in self.authors[:MAX_LIST_ITEMS]) if a),
            date=_field(self.date),
            publisher=_field(self.publisher),
            site_name=_field(self.site_name),
            description=_field(self.description),
            language=_field(self.language),
            url=self.url if self.url and len(self.url) <= MAX_URL_CHARS else None,
            image=self.image if self.image and len(self.image) <= MAX_URL_CHARS else None,
            tags=tuple(t for t in (_field(t) for t in self.tags[:MAX_LIST_ITEMS]) if t),
            captions=tuple(self.captions[:MAX_LIST_ITEMS]),
            kind=self.kind,
            page_type=self.page_type,
            flags=flags,
            removed=tuple(self.removed),
            links=tuple(Link(a, u) for a, u in body_links(self.blocks, self.url, MAX_LINKS) if len(u) <= MAX_URL_CHARS),
        )
