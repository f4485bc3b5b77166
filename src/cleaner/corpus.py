"""Template learning across many pages of one site or folder: what recurs on many pages is the site's template
(menus, footers, newsletter boxes, standard disclaimers), not an article.

Two steps, so the pages can be cleaned in a pool and the templates learnt in between::

    from cleaner import clean
    from cleaner.corpus import Templates

    articles = [clean(page) for page in pages]           # or clean_many(pages)
    templates = Templates.learn(articles)                 # or Templates.learn(raw_text_captures)
    articles = [templates.strip(a, explain=True) for a in articles]

``Templates.learn(items, *, min_pages=3, min_share=0.5)`` counts, for every block (a paragraph of an Article's
``text``) or line (of a raw plain-text capture, when ``items`` are strings), on how many *different* pages it
occurs; a block is template when it occurs on at least ``min_pages`` pages and on at least ``min_share`` of all
pages. ``min_pages`` is at least 2, so a block that occurs on one page only is never template, however often that
page repeats it.

``Templates.strip(article, *, explain=False) -> Article`` returns the article without its template blocks (and
without template lines inside a block); with ``explain`` each one is added to ``removed`` with the rule
``"template"``. ``Templates.strip_text(text) -> str`` does the same to a raw plain-text capture before it is cleaned
(useful when the template is what misleads the article finder: a long legal notice on every page).

Blocks are compared after case folding and white-space normalisation; digits are kept (a counter's "12 comments"
differs from page to page, and the counter rule cuts those anyway). A Templates object is small, picklable and
can be saved with :meth:`Templates.to_dict` / :meth:`Templates.from_dict`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from .article import Article, Removal
from .errors import OptionsError

__all__ = ["TEMPLATE_RULE", "Templates"]

#: The reason recorded for a block or line cut as template.
TEMPLATE_RULE = "template"
#: Defaults of :meth:`Templates.learn`: a block is template when it is on at least 3 pages and half of them.
DEFAULT_MIN_PAGES = 3
DEFAULT_MIN_SHARE = 0.5
#: Blocks with fewer word characters than this are not learnt: "Yes." or "1" on many pages says nothing.
MIN_KEY_CHARS = 4

_SPACE = re.compile(r"\s+")
_WORD_CHAR = re.compile(r"\w")


def _key(text: str) -> str | None:
    key = _SPACE.sub(" ", text).strip().casefold()
    if len(_WORD_CHAR.findall(key)) < MIN_KEY_CHARS:
        return None
    return key


def _units(item: Article | str) -> set[str]:
    """The distinct keys of one page: its blocks and their lines (an Article) or its lines (a raw capture)."""
    keys: set[str] = set()
    if isinstance(item, Article):
        for block in item.text.split("\n\n"):
            for part in (block, *block.split("\n")) if "\n" in block else (block,):
                k = _key(part)
                if k:
                    keys.add(k)
    elif isinstance(item, str):
        for line in item.splitlines():
            k = _key(line)
            if k:
                keys.add(k)
    else:
        raise TypeError(f"Templates.learn() takes Articles or str captures, not {type(item).__name__}")
    return keys


@dataclass(frozen=True)
class Templates:
    """The blocks and lines that recur across the pages of one site or folder (see the module docstring)."""

    keys: frozenset[str] = frozenset()
    pages: int = 0
    min_pages: int = DEFAULT_MIN_PAGES
    min_share: float = DEFAULT_MIN_SHARE
    counts: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def learn(
        cls,
        items: Iterable[Article | str],
        *,
        min_pages: int = DEFAULT_MIN_PAGES,
        min_share: float = DEFAULT_MIN_SHARE,
    ) -> Templates:
        """Learn the template of ``items`` (Articles, or raw plain-text captures as str), all from one site.

        Raises :class:`~cleaner.errors.OptionsError` when ``min_pages < 2`` or ``min_share`` is not in (0, 1].
        """
        if not isinstance(min_pages, int) or isinstance(min_pages, bool) or min_pages < 2:
            raise OptionsError(
                f"min_pages must be a whole number >= 2 (one page is never a template), got {min_pages!r}"
            )
        if not isinstance(min_share, (int, float)) or not 0 < min_share <= 1:
            raise OptionsError(f"min_share must be a number in (0, 1], got {min_share!r}")
        seen: Counter[str] = Counter()
        pages = 0
        for item in items:
            pages += 1
            seen.update(_units(item))
        need = max(min_pages, min_share * pages)
        kept = {k: n for k, n in seen.items() if n >= need}
        return cls(frozenset(kept), pages, min_pages, min_share, kept)

    def __contains__(self, text: object) -> bool:
        return isinstance(text, str) and _key(text) in self.keys

    def __len__(self) -> int:
        return len(self.keys)

    def strip(self, article: Article, *, explain: bool = False) -> Article:
        """``article`` without its template blocks and lines; with ``explain`` each cut is added to ``removed``."""
        if not self.keys or not article.text:
            return article
        kept: list[str] = []
        cut: list[Removal] = []
        for block in article.text.split("\n\n"):
            if _key(block) in self.keys:
                cut.append(Removal(block.strip(), TEMPLATE_RULE))
                continue
            if "\n" in block:
                left = []
                for line in block.split("\n"):
                    if _key(line) in self.keys:
                        cut.append(Removal(line.strip(), TEMPLATE_RULE))
                    else:
                        left.append(line)
                block = "\n".join(left)
            if block.strip():
                kept.append(block)
        if not cut:
            return article
        text = "\n\n".join(kept)
        flags = dict(article.flags)
        if not text and "empty" not in flags:
            flags["empty"] = "every block of the page is the site's template"
        removed = article.removed + tuple(cut) if explain else article.removed
        return replace(article, text=text, flags=flags, removed=removed)

    def strip_text(self, text: str) -> str:
        """A raw plain-text capture without its template lines (blank lines are kept, so the layout stays)."""
        if not self.keys:
            return text
        return "\n".join(line for line in text.split("\n") if _key(line) not in self.keys)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data: the learnt keys with their page counts, and the settings."""
        return {"pages": self.pages, "min_pages": self.min_pages, "min_share": self.min_share, "counts": self.counts}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Templates:
        """Rebuild from :meth:`to_dict` output."""
        counts = {str(k): int(v) for k, v in dict(data.get("counts") or {}).items()}
        return cls(
            frozenset(counts),
            int(data.get("pages") or 0),
            int(data.get("min_pages") or DEFAULT_MIN_PAGES),
            float(data.get("min_share") or DEFAULT_MIN_SHARE),
            counts,
        )
