"""cleaner: strip boilerplate from captured web pages (HTML and plain-text captures) into clean article text
plus metadata. The one core call is :func:`clean`; everything else calls it."""

from .api import clean
from .article import FLAGS, Article, Caption, Link, Removal
from .batch import clean_many
from .errors import (
    CleanerError,
    CorpusError,
    FetchError,
    OptionsError,
    OutputError,
    SourceTypeError,
    UnsafeURLError,
)
from .options import Limits, Options
from .records import Page
from .warc import WarcRecord, clean_warc, iter_warc

__all__ = [
    "FLAGS",
    "Article",
    "Caption",
    "CleanerError",
    "CorpusError",
    "FetchError",
    "Limits",
    "Link",
    "Options",
    "OptionsError",
    "OutputError",
    "Page",
    "Removal",
    "SourceTypeError",
    "UnsafeURLError",
    "WarcRecord",
    "clean",
    "clean_many",
    "clean_warc",
    "iter_warc",
]
__version__ = "0.1.0"
