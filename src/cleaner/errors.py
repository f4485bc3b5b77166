"""Errors raised for the caller's mistakes. A page that cannot be cleaned is not an error: it is an
:class:`~cleaner.article.Article` whose ``flags`` say why.

The tree::

    CleanerError                 base of everything cleaner raises on purpose
    ├── SourceTypeError          clean() got something that is not bytes, str, a path-like or a soup (also a TypeError)
    ├── OptionsError             an Options field has an impossible value (also a ValueError)
    ├── CorpusError              an evaluation corpus folder is missing or malformed
    ├── FetchError               a URL could not be fetched (bad scheme, too many redirects, too large, HTTP error)
    │   └── UnsafeURLError       the URL is not http(s) or cannot be parsed
    └── OutputError              an output path is unusable (would overwrite without --force, leaves the output dir)
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
    """``clean()`` was given a source of a type it does not take."""


class OptionsError(CleanerError, ValueError):
    """An :class:`~cleaner.options.Options` field has an impossible value."""


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
    """An output path is unusable: it exists and overwriting was not allowed, or it would leave the output folder."""
