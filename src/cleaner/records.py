"""Shared record types: what travels between the readers (``sources``, ``fetch``), the pool (``batch``), the
sandbox and the Ray adapter.

:class:`Page` is one page to clean. It lives here, not in ``batch``, so that a reader can build pages without
importing the pool, and the pool without importing the readers.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Page"]


@dataclass(frozen=True, slots=True)
class Page:
    """One page to clean: an id (a path, a WARC record id, a URL), its raw data, and what is known about it.

    ``url``: where the page was captured from (credentials removed); ``charset``: the HTTP charset, if known;
    ``content_encoding``: an HTTP Content-Encoding still applied to ``data`` (``clean()`` expands it with a cap).
    """

    id: str
    data: bytes | str
    url: str | None = None
    charset: str | None = None
    content_encoding: str | None = None
