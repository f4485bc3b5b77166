"""WARC and ARC files (plain or gzipped) as pages, read within bounds, with every unreadable part reported.

>>> for record in iter_warc("crawl.warc.gz"):                     # doctest: +SKIP
...     record.target_uri, record.date, record.record_id, len(record.data), record.error
>>> for record, article in clean_warc("crawl.warc.gz", workers=2):  # doctest: +SKIP
...     record.provenance(), article.title

Pages are the HTTP(S) records of a crawl: ``response`` records with an HTTP 2xx status and an HTML, XHTML or text
type (or none), and ``resource`` records of such a type whose target is an http(s) URL. Requests, metadata, images,
redirects, errors, and the ``metadata://`` / ``dns:`` resources that wget writes (``wget_arguments.txt``,
``wget.log``) are passed over.

Bounds. warcio reads headers line by line with no limit (a record with millions of header lines grew the CLI to
2.5 GB) and decompresses whatever a gzip member holds (a member inflating to 10 GiB took 26 s). Here warcio's reader
is wrapped (:class:`_Guard`) so that, per file: a header line is at most ``max_line_bytes``; a record's headers at
most ``max_header_lines`` lines and ``max_header_bytes`` bytes; the bytes decompressed stay under ``max_expansion``
times the compressed bytes read (plus ``max_record_bytes``, so a single large page is fine); and, when ``deadline``
is set, reading stops after that many seconds. A page body over ``max_record_bytes`` is not kept.

Nothing is dropped in silence: every record that cannot be read, that is cut short (a truncated gzip member), whose
Content-Length does not end at a record boundary, or that is over a limit comes back as a :class:`WarcRecord` with
``error`` set, naming its offset; when reading cannot go on, the error says which byte range was skipped.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any
from urllib.parse import urlsplit

from .load import content_type_parts
from .options import DEFAULT_OPTIONS

__all__ = [
    "PAGE_TYPES",
    "WarcLimits",
    "WarcRecord",
    "clean_warc",
    "iter_warc",
    "warc_page_records",
]

#: Media types of WARC records that are pages, for the CLI and Ray alike. Plain text is among them: clean() has a
#: text path, and large crawls keep robots.txt in files of their own, so the text/plain responses of a page crawl
#: are documents. "" is a Content-Type with no media type ("; charset=utf-8"): clean() tells the kind by itself.
PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain", ""})


@dataclass(frozen=True, slots=True)
class WarcLimits:
    """Bounds on reading one WARC/ARC file (see the module docstring). Every field has a default.

    max_record_bytes (``Options.max_input_bytes``): largest page body kept; a larger one is reported, not read.
    max_line_bytes (64 KiB): longest header line.
    max_header_lines (1,000) and max_header_bytes (256 KiB): the WARC or HTTP headers of one record.
    max_expansion (100): bytes decompressed per compressed byte read, over the file (HTML compresses 5-10x).
    deadline (None): seconds for the whole file; None for no time limit (the byte bounds already bound the work).
    """

    max_record_bytes: int = DEFAULT_OPTIONS.max_input_bytes
    max_line_bytes: int = 64 * 1024
    max_header_lines: int = 1000
    max_header_bytes: int = 256 * 1024
    max_expansion: int = 100
    deadline: float | None = None


@dataclass(frozen=True, slots=True)
class WarcRecord:
    """A page read from a WARC record, or (``error`` set, ``data`` empty) a part of the file that could not be read.

    ``target_uri``, ``date`` and ``record_id`` are the record's WARC-Target-URI, WARC-Date and WARC-Record-ID (the
    URI as written, credentials and all: redact it before showing it, see :func:`cleaner.output.redact_url`);
    ``offset`` is where the record starts in the file (compressed bytes); ``charset`` and ``content_encoding``
    come from its HTTP headers, for :func:`cleaner.clean`."""

    target_uri: str | None
    date: str | None
    record_id: str | None
    offset: int
    data: bytes = b""
    content_type: str | None = None
    charset: str | None = None
    content_encoding: str | None = None
    error: str | None = None

    def provenance(self) -> dict[str, str]:
        """``{"warc_target_uri": ..., "warc_date": ..., "warc_record_id": ...}`` (the ones the record has), the URI
        redacted: what a result keeps so that it joins back to the crawl."""
        from .output import redact_url

        out: dict[str, str] = {}
        if self.target_uri:
            out["warc_target_uri"] = redact_url(self.target_uri)
        if self.date:
            out["warc_date"] = self.date
        if self.record_id:
            out["warc_record_id"] = self.record_id
        return out


class WarcLimitError(Exception):
    """Reading a WARC file hit one of its :class:`WarcLimits`."""


class _Guard:
    """warcio's decompressing reader, bounded: every read and readline goes through here (see the module docstring).
    Header parsing is a run of readline calls with no read between them, which is how its lines are counted."""

    def __init__(self, reader: Any, raw: Any, limits: WarcLimits) -> None:
        self._reader = reader
        self._raw = raw
        self._limits = limits
        self._out = 0
        self._lines = 0
        self._line_bytes = 0
        self._started = time.monotonic()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._reader, name)

    def _account(self, size: int) -> None:
        self._out += size
        limits = self._limits
        compressed = self._raw.tell() if self._reader.decompressor else self._out
        if self._out > limits.max_expansion * compressed + limits.max_record_bytes:
            raise WarcLimitError(
                f"decompresses to more than {limits.max_expansion} times its size ({self._out} bytes from "
                f"{compressed}; a decompression bomb?)"
            )
        if limits.deadline is not None and time.monotonic() - self._started > limits.deadline:
            raise WarcLimitError(f"reading took more than the deadline of {limits.deadline:g} s")

    def read(self, length: int | None = None) -> bytes:
        data = self._reader.read(length)
        self._lines = self._line_bytes = 0
        self._account(len(data))
        return bytes(data)

    def readline(self, length: int | None = None) -> bytes:
        limits = self._limits
        cap = limits.max_line_bytes + 1 if length is None else min(length, limits.max_line_bytes + 1)
        line = self._reader.readline(cap)
        self._account(len(line))
        if len(line) > limits.max_line_bytes:
            raise WarcLimitError(f"a header line is longer than {limits.max_line_bytes} bytes")
        self._lines += 1
        self._line_bytes += len(line)
        if self._lines > limits.max_header_lines + 2:  # +2: the blank lines between records
            raise WarcLimitError(f"a record has more than {limits.max_header_lines} header lines")
        if self._line_bytes > limits.max_header_bytes:
            raise WarcLimitError(f"a record's headers are over {limits.max_header_bytes} bytes")
        return bytes(line)


def _is_2xx(status: str | None) -> bool:
    # isascii: int() refuses some characters isdigit() accepts ("²"), and a damaged record must not raise here.
    return status is not None and status.isascii() and status.isdigit() and 200 <= int(status) < 300


def _is_http(uri: str | None) -> bool:
    try:
        return urlsplit((uri or "").strip()).scheme.lower() in ("http", "https")
    except ValueError:
        return False


def _page_type(record: Any) -> tuple[Any, str | None] | None:
    """``(http_headers, content_type)`` when ``record`` is a page (see the module docstring), else None."""
    if record.rec_type == "response":
        headers = record.http_headers
        if headers is None or not _is_2xx(headers.get_statuscode()):  # None: not HTTP (dns:, whois:)
            return None
        content_type = headers.get_header("Content-Type")
    elif record.rec_type == "resource" and _is_http(record.rec_headers.get_header("WARC-Target-URI")):
        headers = None
        content_type = record.rec_headers.get_header("Content-Type")
    else:
        return None
    if content_type and content_type_parts(content_type)[0] not in PAGE_TYPES:
        return None
    return headers, content_type


def warc_page_records(stream: IO[bytes], limits: WarcLimits | None = None) -> Iterator[tuple[Any, Any, str | None]]:
    """The records of a WARC (or ARC) stream that hold a page: ``(record, http_headers, content_type)``
    (``http_headers`` None for a resource record). The caller reads each record's body before asking for the next.
    Reading is bounded by ``limits``; warcio's exceptions on damaged input and :class:`WarcLimitError` propagate.
    Used by :func:`cleaner.ray.read_warc`; :func:`iter_warc` reports damage instead of raising."""
    iterator = _archive_iterator(stream, limits or WarcLimits())
    for record in iterator:
        kind = _page_type(record)
        if kind is not None:
            yield record, kind[0], kind[1]


def _archive_iterator(stream: IO[bytes], limits: WarcLimits) -> Any:
    from warcio.archiveiterator import ArchiveIterator

    iterator = ArchiveIterator(stream, arc2warc=True)
    iterator.reader = _Guard(iterator.reader, iterator.fh, limits)
    # warcio writes a warning to stderr when a record does not end at a boundary; it is reported as an error
    # record instead (see _records), so the warning's format is emptied for this iterator.
    iterator.INC_RECORD = ""
    return iterator


def iter_warc(source: str | os.PathLike[str] | IO[bytes], *, limits: WarcLimits | None = None) -> Iterator[WarcRecord]:
    """The pages of a WARC or ARC file (a path or a binary stream), plain or gzipped, as :class:`WarcRecord` in
    file order, and a :class:`WarcRecord` with ``error`` set for every part that could not be read (see the module
    docstring). Never raises for damaged input; a path that cannot be opened raises OSError."""
    limits = limits or WarcLimits()
    if isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as handle:
            yield from _records(handle, limits)
    else:
        yield from _records(source, limits)


def _records(stream: IO[bytes], limits: WarcLimits) -> Iterator[WarcRecord]:
    from warcio.bufferedreaders import ChunkedDataReader

    iterator = _archive_iterator(stream, limits)
    offset = 0
    pages = 0
    records = iter(iterator)
    unchecked: Any = None  # a record passed over (not a page): its length is checked once warcio has read past it
    try:
        while True:
            errors_before = iterator.err_count
            record = next(records, None)
            missing = getattr(getattr(unchecked, "raw_stream", None), "limit", 0)
            if unchecked is not None and missing > 0:
                yield WarcRecord(
                    unchecked.rec_headers.get_header("WARC-Target-URI"),
                    unchecked.rec_headers.get_header("WARC-Date"),
                    None,
                    offset,
                    error=f"the {unchecked.rec_type} record at offset {offset} is truncated: the file ends {missing} "
                    "bytes before its Content-Length",
                )
            unchecked = None
            if iterator.err_count > errors_before:
                # warcio found no record boundary where the previous record's Content-Length ended, wrote a
                # warning to stderr and went on: the previous record's body and this one's start are suspect.
                yield WarcRecord(
                    None,
                    None,
                    None,
                    offset,
                    error=f"the record at offset {offset} does not end where its Content-Length says; "
                    f"the bytes up to offset {iterator.offset} may belong to another record",
                )
            if record is None:
                break
            offset = iterator.offset
            kind = _page_type(record)
            if kind is None:
                unchecked = record
                continue
            headers, content_type = kind
            rec = record.rec_headers
            target = rec.get_header("WARC-Target-URI")
            date = rec.get_header("WARC-Date")
            record_id = (rec.get_header("WARC-Record-ID") or "").strip("<>") or None
            # Undo chunked transfer coding here, but leave Content-Encoding to clean(), which expands gzip/br
            # with a cap on the output (warcio's own decompression has none).
            body: IO[bytes] = record.raw_stream
            if headers is not None and (headers.get_header("Transfer-Encoding") or "").lower() == "chunked":
                body = ChunkedDataReader(record.raw_stream, decomp_type=None)
            data = body.read(limits.max_record_bytes + 1)
            pages += 1
            if len(data) > limits.max_record_bytes:
                yield WarcRecord(
                    target,
                    date,
                    record_id,
                    offset,
                    error=f"record is over the limit of {limits.max_record_bytes} bytes; skipped",
                )
                continue
            missing = getattr(record.raw_stream, "limit", 0)
            if missing > 0:
                yield WarcRecord(
                    target,
                    date,
                    record_id,
                    offset,
                    error=f"record truncated: the file ends {missing} bytes before its Content-Length",
                )
                continue
            encoding = headers.get_header("Content-Encoding") if headers is not None else None
            yield WarcRecord(
                target,
                date,
                record_id,
                offset,
                data=data,
                content_type=content_type,
                charset=content_type_parts(content_type)[1],
                content_encoding=_usable_encoding(encoding, data),
            )
    except Exception as exc:
        # warcio raises many types on damaged input (ArchiveLoadFailed, EOFError, zlib.error, ValueError,
        # IndexError); whatever it is, the pages before the damage are kept and the skipped range is reported.
        offset = max(offset, getattr(iterator, "offset", 0) or 0)
        yield WarcRecord(
            None,
            None,
            None,
            offset,
            error=f"unreadable WARC after {pages} pages: {type(exc).__name__}: {str(exc)[:200]!a}; "
            f"bytes {offset} to the end of the file skipped",
        )
    finally:
        iterator.close()


def _usable_encoding(encoding: str | None, data: bytes) -> str | None:
    """The Content-Encoding to pass on, or None. gzip/deflate/zstd are found by their magic bytes anyway, so only a
    brotli label matters; crawlers often store the body decoded but keep the header, so a body that already looks
    like text is taken as decoded."""
    if not encoding:
        return None
    encoding = encoding.strip().lower()
    if encoding in ("br", "brotli") and data.lstrip()[:1] not in (b"<", b"{"):
        return encoding
    return None


def clean_warc(
    source: str | os.PathLike[str] | IO[bytes],
    *,
    workers: int | None = None,
    options: Any = None,
    limits: WarcLimits | None = None,
) -> Iterator[tuple[WarcRecord, Any]]:
    """Clean every page of a WARC/ARC file: ``(WarcRecord, Article)`` pairs in file order, through
    :func:`cleaner.batch.clean_pages` (``workers`` sandboxed processes; 0 cleans in this process). A part of the
    file that could not be read comes as its error record with an Article flagged "failed" (the reason says which
    bytes), so that nothing is dropped in silence. ``record.provenance()`` gives the WARC-Target-URI, WARC-Date
    and WARC-Record-ID to keep beside the article."""
    from collections import deque

    from .article import Article
    from .batch import Page, clean_pages
    from .output import redact_url

    label = os.fspath(source) if isinstance(source, (str, os.PathLike)) else "<stream>"
    pending: deque[WarcRecord] = deque()
    failed: deque[WarcRecord] = deque()

    def pages() -> Iterator[Page]:
        for record in iter_warc(source, limits=limits):
            if record.error is not None:
                failed.append(record)
                # A placeholder page keeps the order: an empty one cleans at once to an "empty" Article.
                pending.append(record)
                yield Page(f"{label}#error@{record.offset}", b"")
                continue
            pending.append(record)
            url = redact_url(record.target_uri) if record.target_uri else None
            yield Page(
                f"{label}#{record.record_id or record.offset}",
                record.data,
                url=url,
                charset=record.charset,
                content_encoding=record.content_encoding,
            )

    for _page, article in clean_pages(pages(), workers=workers, options=options):
        record = pending.popleft()
        if failed and failed[0] is record:
            failed.popleft()
            article = Article(flags={"failed": record.error or "unreadable"})
        yield record, article
