"""``clean_many()``: many pages, process-parallel, in input order, under the per-document limits.

(First version: sequential, in this process. The sandboxed process pool replaces it; the interface stays.)
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Union

from .api import clean
from .article import Article
from .options import DEFAULT_OPTIONS, Options

__all__ = ["Page", "Source", "clean_many"]


@dataclass(frozen=True, slots=True)
class Page:
    """One page to clean: an id (a path, a WARC record id, a URL), its raw data, and what is known about it."""

    id: str
    data: bytes | str
    url: str | None = None
    charset: str | None = None
    content_encoding: str | None = None


Source = Union[bytes, str, "os.PathLike[str]", tuple[str, Any], Page]


def as_page(source: Source, index: int) -> Page:
    """Normalise one ``clean_many`` source into a Page (a path is read here)."""
    if isinstance(source, Page):
        return source
    if isinstance(source, tuple) and len(source) == 2:
        page_id, data = source
        if isinstance(data, os.PathLike):
            data = Path(data).read_bytes()
        return Page(str(page_id), data)
    if isinstance(source, os.PathLike):
        return Page(os.fspath(source), Path(source).read_bytes())
    if isinstance(source, (bytes, str)):
        return Page(str(index), source)
    raise TypeError(
        f"clean_many() takes bytes, str, paths, (id, data) pairs or Page objects, not {type(source).__name__}"
    )


def clean_many(
    sources: Iterable[Source], *, workers: int | None = None, options: Options | None = None
) -> Iterator[Article]:
    """Clean every source; yield one Article per source, in input order."""
    options = options or DEFAULT_OPTIONS
    for index, source in enumerate(sources):
        page = as_page(source, index)
        yield clean(
            page.data, url=page.url, options=options, charset=page.charset, content_encoding=page.content_encoding
        )
