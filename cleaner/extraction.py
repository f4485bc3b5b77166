"""The working record a page's path fills in before it becomes an :class:`~cleaner.article.Article`.

The HTML path (``cleaner/html``) and the text path (``cleaner/text``) both return an :class:`Extraction`; the shared
block rules (``cleaner/blocks.py``) then run on it, and ``cleaner/api.py`` freezes it into an Article.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .article import Article, Caption, Kind, Removal

__all__ = ["Extraction"]


@dataclass(slots=True)
class Extraction:
    """Mutable, internal. ``blocks`` are the body's paragraphs (headings and list items are blocks too)."""

    kind: Kind
    blocks: list[str] = field(default_factory=list)
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

    def cut(self, text: str, rule: str) -> None:
        """Record that ``rule`` removed ``text`` (kept only when explaining; costs nothing otherwise)."""
        if self.explain and text.strip():
            self.removed.append(Removal(text.strip(), rule))

    def flag(self, name: str, reason: str) -> None:
        """Raise flag ``name`` (see ``cleaner.article.FLAGS``); the first reason given is kept."""
        self.flags.setdefault(name, reason)

    def to_article(self) -> Article:
        text = "\n\n".join(b for b in self.blocks if b.strip())
        flags = dict(self.flags)
        if not text and "refused" not in flags:
            flags.setdefault("empty", "no article text was found")
        return Article(
            text=text,
            title=self.title or None,
            byline=self.byline or None,
            authors=tuple(self.authors),
            date=self.date or None,
            publisher=self.publisher or None,
            site_name=self.site_name or None,
            description=self.description or None,
            language=self.language or None,
            url=self.url or None,
            image=self.image or None,
            tags=tuple(self.tags),
            captions=tuple(self.captions),
            kind=self.kind,
            flags=flags,
            removed=tuple(self.removed),
        )
