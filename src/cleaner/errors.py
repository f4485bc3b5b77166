"""Errors raised for the caller's mistakes. A page that cannot be cleaned is not an error: it is an
:class:`~cleaner.article.Article` whose ``flags`` say why.

The tree::

    CleanerError                 base of everything cleaner raises on purpose
    ├── SourceTypeError          an argument of the wrong type: clean() got something that is not bytes, str, a
    │                            BeautifulSoup object or an lxml element; clean_many() a source that is not bytes,
    │                            str, a path, an (id, data) pair or a Page; options= not an Options (also a TypeError)
    ├── OptionsError             an Options, Limits or FetchConfig field has an impossible value (also a ValueError)
    ├── CorpusError              an evaluation corpus folder is missing or malformed
    ├── FetchError               a URL could not be fetched (bad scheme, too many redirects, too large, HTTP error)
    │   └── UnsafeURLError       the URL is not http(s) or cannot be parsed
    └── OutputError              an output path is unusable: it exists and is not cleaner's (without --force), it
                                 would leave the output folder, or another run is writing the same JSONL file

``fetch()`` raises :class:`FetchError`; ``fetch_many()`` and the CLI report it per URL instead. The CLI prints any
of them as one ``Error: ...`` line: exit status 2 for a usage mistake (OptionsError, an unusable output path), 1
otherwise.
"""

from __future__ import annotations

__all__ = [
    "CleanerError",
    "CorpusError",
    "FetchError",
    "OptionsError",
    "OutputError",
    "SourceTypeError",
    "UnsafeURLError",
]


class CleanerError(Exception):
    """Base class of every error cleaner raises on purpose."""


class SourceTypeError(CleanerError, TypeError):
    """An argument of a type cleaner does not take (a source, ``options``, ``limits``, ``workers``)."""


class OptionsError(CleanerError, ValueError):
    """An :class:`~cleaner.options.Options`, :class:`~cleaner.options.Limits` or ``FetchConfig`` field has an
    impossible value."""


class CorpusError(CleanerError):
    """An evaluation corpus folder is missing, or its ``gold.jsonl`` is malformed."""


class FetchError(CleanerError):
    """A URL could not be fetched.

    ``reason`` is a short machine-readable word, ``url`` the URL with any credentials removed.
    """

    def __init__(self, message: str, *, url: str | None = None, reason: str = "error") -> None:
        super().__init__(message)
        self.url = url
        self.reason = reason


class UnsafeURLError(FetchError):
    """The URL's scheme is not http or https, or the URL cannot be parsed."""


class OutputError(CleanerError):
    """An output path is unusable: it exists and overwriting was not allowed, it would leave the output folder, or
    another run is writing it."""
