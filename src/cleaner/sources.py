"""Where pages come from: files, folders, gzip files, WARC / ARC files (plain or gzipped) and stdin, as
:class:`~cleaner.records.Page` objects with a safe output name each.

Two steps, so that a rerun can skip finished pages without reading them:

1. :func:`discover` turns the paths the user gave into :class:`Input` entries: a file named on the command line
   is always taken; a folder is walked recursively (sorted, hidden entries and the output folder skipped, symlinked
   folders not followed) and its files are kept when they match an ``include`` glob and no ``exclude`` glob.
2. :func:`iter_items` reads them lazily and yields one :class:`Item` per page: a plain file is one page; a WARC
   file gives one page per HTML or text response (or resource) record, with the record's target URI as ``url`` and its
   HTTP ``Content-Type`` charset and ``Content-Encoding`` passed on. ``skip(name)`` is asked before a page is
   read; a page it skips comes back as a skipped Item (no data). A page that cannot be read comes back with
   ``error`` set, never as an exception.

Output names (``Item.name``, a relative POSIX path without suffix) mirror the input tree: ``IN/a/b.html`` -> ``a/b``
(``.gz`` and then one more suffix are dropped). A WARC record's name is the WARC file's name, then
:func:`~cleaner.output.url_name` of its target URI (``crawl.warc.gz`` -> ``crawl/example.com_news-3f2a9c81d0``), so
a hostile URI cannot leave the output folder or put credentials into a name. Clashes get a hash suffix
(:class:`~cleaner.output.NameRegistry`).
"""

from __future__ import annotations

import fnmatch
import io
import os
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from .load import content_type_parts
from .options import DEFAULT_OPTIONS
from .output import NameRegistry, redact_url, safe_component, url_name
from .records import Page

__all__ = [
    "DEFAULT_INCLUDE",
    "STDIN",
    "Input",
    "Item",
    "discover",
    "is_warc",
    "iter_items",
    "iter_warc",
    "warc_page_records",
]

#: Files taken from a folder by default: pages (HTML, XHTML, plain-text captures), WARC/ARC files, and anything
#: gzipped (``*.html.gz``, ``*.warc.gz``). Not ``*.json``: a folder of captures with their expected results beside
#: them (our fixtures) is cleaned without the results.
DEFAULT_INCLUDE: tuple[str, ...] = ("*.html", "*.htm", "*.xhtml", "*.shtml", "*.txt", "*.warc", "*.arc", "*.gz")

#: The path that means stdin.
STDIN = "-"

#: Media types of WARC records that are pages, for the CLI and Ray alike. Plain text is among them: clean() has a
#: text path, and large crawls keep robots.txt in files of their own, so the text/plain responses of a page crawl
#: are documents. "" is a Content-Type with no media type ("; charset=utf-8"): clean() tells the kind by itself.
PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain", ""})

#: Bytes read from the head of a file to tell a WARC from a page.
#: A gzipped WARC's first deflate block may open with its Huffman tables (up to a few hundred bytes) before the
#: first byte of "WARC/1.0" can be decoded; 64 bytes missed about one gzipped WARC in thirty.
_SNIFF_BYTES = 4096

#: The default cap on the bytes of one page read from a file or a record: ``Options.max_input_bytes``, since a
#: larger page would be refused anyway.
DEFAULT_MAX_BYTES = DEFAULT_OPTIONS.max_input_bytes


@dataclass(frozen=True, slots=True)
class Input:
    """A file (or stdin) to read: ``path`` (None for stdin), ``label`` (how it is shown: the path as given),
    ``name`` (its output name before suffixes: ``a/b.html`` under a folder -> ``a/b``)."""

    path: Path | None
    label: str
    name: str


@dataclass(frozen=True, slots=True)
class Item:
    """One page: ``id`` (where it came from, for people: ``in/a/b.html``, ``crawl.warc.gz#<record id>``),
    ``name`` (its unique, safe output name), ``url`` (credentials removed), and either ``page`` (the data to
    clean), ``error`` (why it could not be read), or neither (skipped: its output exists)."""

    id: str
    name: str
    url: str | None = None
    page: Page | None = None
    error: str | None = None

    @property
    def skipped(self) -> bool:
        return self.page is None and self.error is None


def _matches(rel: str, patterns: Iterable[str]) -> bool:
    # Case-insensitive (PAGE.HTML is a page too). A pattern without "/" is matched against the file name; one with
    # a "/" against the path in the folder or any tail of it ("drafts/*" matches "2019/drafts/a.html"), as
    # .gitignore does.
    rel_l = rel.lower()
    parts = rel_l.split("/")
    tails = ["/".join(parts[i:]) for i in range(len(parts))]
    for pattern in patterns:
        pat = pattern.lower().lstrip("/")
        if "/" not in pat:
            if fnmatch.fnmatchcase(parts[-1], pat):
                return True
        elif any(fnmatch.fnmatchcase(tail, pat) for tail in tails):
            return True
    return False


def _stem_name(rel: str) -> str:
    """``a/b.html`` -> ``a/b``; ``a/b.html.gz`` -> ``a/b``; ``a/crawl.warc.gz`` -> ``a/crawl``; each part made safe."""
    parts = rel.split("/")
    last = parts[-1]
    if last.lower().endswith(".gz") and len(last) > 3:
        last = last[:-3]
    stem, dot, _suffix = last.rpartition(".")
    if dot and stem:
        last = stem
    parts[-1] = last
    return "/".join(safe_component(p) for p in parts)


def discover(
    paths: Sequence[str | os.PathLike[str]],
    *,
    include: Sequence[str] = DEFAULT_INCLUDE,
    exclude: Sequence[str] = (),
    skip_dirs: Sequence[Path] = (),
) -> list[Input]:
    """The files to read, in a stable order. ``"-"`` is stdin. Raises FileNotFoundError for a path that does not
    exist (before anything is read). ``skip_dirs``: folders never entered (the output folder, when it lies inside
    an input folder, so that outputs are not read back as inputs)."""
    skipped = {os.path.realpath(d) for d in skip_dirs}
    inputs: list[Input] = []
    for raw in paths:
        given = os.fspath(raw)
        if given == STDIN:
            inputs.append(Input(None, "<stdin>", "stdin"))
            continue
        path = Path(given)
        if path.is_dir():
            inputs.extend(_walk(path, include, exclude, skipped))
        elif path.exists():
            inputs.append(Input(path, given, _stem_name(path.name)))
        else:
            raise FileNotFoundError(f"no such file or folder: {given}")
    return inputs


def _walk(root: Path, include: Sequence[str], exclude: Sequence[str], skipped: set[str]) -> Iterator[Input]:
    for folder, dirs, files in os.walk(root):
        # Sorted for a stable order (names are handed out in order); hidden entries are not pages (.git, temp files).
        dirs[:] = sorted(
            d for d in dirs if not d.startswith(".") and os.path.realpath(os.path.join(folder, d)) not in skipped
        )
        rel_folder = os.path.relpath(folder, root)
        for file in sorted(files):
            if file.startswith("."):
                continue
            rel = file if rel_folder == "." else f"{rel_folder}/{file}".replace(os.sep, "/")
            if not _matches(rel, include) or _matches(rel, exclude):
                continue
            path = Path(folder, file)
            inputs_label = str(path)
            yield Input(path, inputs_label, _stem_name(rel))


# -- reading -------------------------------------------------------------------------------------------------------


def is_warc(head: bytes) -> bool:
    """True when ``head`` (the first bytes of a file) starts a WARC or ARC file, plain or gzipped."""
    if head[:2] == b"\x1f\x8b":
        try:
            head = zlib.decompressobj(47).decompress(head, 16)  # give it the whole sniffed head: see _SNIFF_BYTES
        except zlib.error:
            return False
    return head.startswith((b"WARC/", b"filedesc://"))


def iter_items(
    inputs: Iterable[Input],
    *,
    skip: Callable[[str], bool] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    registry: NameRegistry | None = None,
    stdin: IO[bytes] | None = None,
) -> Iterator[Item]:
    """One :class:`Item` per page of ``inputs``, read lazily (see the module docstring). ``skip(name)`` -> True
    skips a page without reading it; ``max_bytes`` caps the bytes of one page (a larger one is an error Item,
    not read); ``stdin`` defaults to ``sys.stdin.buffer``."""
    registry = registry or NameRegistry()
    for source in inputs:
        # The name is claimed before the file is opened, so that a finished page is skipped without being read
        # (a WARC file's pages are named below it, and its own name is then simply unused).
        name = registry.claim(source.name, source.label)
        if skip is not None and skip(name):
            yield Item(source.label, name)
            continue
        try:
            if source.path is None:
                stream = stdin if stdin is not None else sys.stdin.buffer
                yield from _from_stream(stream, source, name, skip, max_bytes, registry)
            else:
                with open(source.path, "rb") as handle:
                    yield from _from_stream(handle, source, name, skip, max_bytes, registry)
        except OSError as exc:
            yield Item(source.label, name, error=f"cannot read: {exc.strerror or exc}")


def _peek(stream: IO[bytes], size: int) -> tuple[bytes, IO[bytes] | None]:
    """The first ``size`` bytes of ``stream`` without consuming them when it can peek or seek (files, stdin);
    otherwise the bytes are consumed and the caller must prepend them (the second value is then None)."""
    peek = getattr(stream, "peek", None)
    if peek is not None:
        return peek(size)[:size], stream
    if stream.seekable():
        position = stream.tell()
        head = stream.read(size)
        stream.seek(position)
        return head, stream
    return stream.read(size), None


def _from_stream(
    stream: IO[bytes],
    source: Input,
    name: str,
    skip: Callable[[str], bool] | None,
    max_bytes: int,
    registry: NameRegistry,
) -> Iterator[Item]:
    head, same = _peek(stream, _SNIFF_BYTES)
    if is_warc(head):
        if same is None:
            stream = io.BufferedReader(_Prepend(head, stream))
        yield from iter_warc(stream, source, skip=skip, max_bytes=max_bytes, registry=registry, name=name)
        return
    if source.path is not None:
        size = os.fstat(stream.fileno()).st_size if hasattr(stream, "fileno") else 0
        if size > max_bytes:
            yield Item(source.label, name, error=f"file is {size} bytes, over the limit of {max_bytes}")
            return
    data = (b"" if same is not None else head) + stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        yield Item(source.label, name, error=f"input is over the limit of {max_bytes} bytes")
        return
    yield Item(source.label, name, page=Page(source.label, data))


class _Prepend(io.RawIOBase):
    """A read-only raw stream: ``head`` then the rest of ``stream`` (for a pipe that cannot peek)."""

    def __init__(self, head: bytes, stream: IO[bytes]) -> None:
        super().__init__()
        self._head = head
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._stream.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


# -- WARC ----------------------------------------------------------------------------------------------------------


def _is_2xx(status: str | None) -> bool:
    # isascii: int() refuses some characters isdigit() accepts ("²"), and a damaged record must not raise here.
    return status is not None and status.isascii() and status.isdigit() and 200 <= int(status) < 300


def warc_page_records(stream: IO[bytes]) -> Iterator[tuple[Any, Any, str | None]]:
    """The records of a WARC (or ARC) stream, plain or gzipped, that hold a page: ``(record, http_headers,
    content_type)`` for each ``response`` record with an HTTP 2xx status and each ``resource`` record
    (``http_headers`` None), whose content type is missing (cleaner then looks at the bytes, and refuses what is not
    a page) or has a media type in :data:`PAGE_TYPES`. Other records (requests, metadata, dns:, images, redirects,
    errors) are passed over. The caller reads each record's body before asking for the next; warcio's exceptions
    on damaged input propagate. Shared by :func:`iter_warc` and :func:`cleaner.ray.read_warc`."""
    from warcio.archiveiterator import ArchiveIterator

    for record in ArchiveIterator(stream, arc2warc=True):
        if record.rec_type == "response":
            headers = record.http_headers
            if headers is None or not _is_2xx(headers.get_statuscode()):  # None: not HTTP (dns:, whois:)
                continue
            content_type = headers.get_header("Content-Type")
        elif record.rec_type == "resource":
            headers = None
            content_type = record.rec_headers.get_header("Content-Type")
        else:
            continue
        if content_type and content_type_parts(content_type)[0] not in PAGE_TYPES:
            continue
        yield record, headers, content_type


def iter_warc(
    stream: IO[bytes],
    source: Input,
    *,
    skip: Callable[[str], bool] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    registry: NameRegistry | None = None,
    name: str | None = None,
) -> Iterator[Item]:
    """The pages of a WARC (or ARC) file, plain or gzipped: one Item per HTML or text response or resource record with a
    2xx status. Other records (requests, metadata, images, redirects, errors) are passed over. A file that turns out
    to be corrupt gives one error Item (after the pages read before the damage), named ``name`` (the file's own
    output name, already claimed) or a fresh claim of ``source.name``."""
    from warcio.bufferedreaders import ChunkedDataReader

    registry = registry or NameRegistry()
    pages = 0
    try:
        for record, headers, content_type in warc_page_records(stream):
            target = record.rec_headers.get_header("WARC-Target-URI") or ""
            record_id = (record.rec_headers.get_header("WARC-Record-ID") or "").strip("<>")
            url = redact_url(target) if target else None
            item_id = f"{source.label}#{record_id or url or pages}"
            record_name = registry.claim(f"{source.name}/{url_name(target or item_id)}", item_id)
            pages += 1
            if skip is not None and skip(record_name):
                yield Item(item_id, record_name, url=url)
                continue
            # Undo chunked transfer coding here, but leave Content-Encoding to clean(), which expands gzip/br
            # with a cap on the output (warcio's own decompression has none).
            body: IO[bytes] = record.raw_stream
            if headers is not None and (headers.get_header("Transfer-Encoding") or "").lower() == "chunked":
                body = ChunkedDataReader(record.raw_stream, decomp_type=None)
            data = body.read(max_bytes + 1)
            if len(data) > max_bytes:
                yield Item(item_id, record_name, url=url, error=f"record is over the limit of {max_bytes} bytes")
                continue
            encoding = headers.get_header("Content-Encoding") if headers is not None else None
            encoding = _usable_encoding(encoding, data)
            page = Page(item_id, data, url=url, charset=content_type_parts(content_type)[1], content_encoding=encoding)
            yield Item(item_id, record_name, url=url, page=page)
    except Exception as exc:
        # warcio raises many types on damaged input (ArchiveLoadFailed, EOFError, zlib.error, ValueError,
        # IndexError); whatever it is, the pages before the damage are kept and the file is reported.
        name = name or registry.claim(source.name, source.label)
        yield Item(source.label, name, error=f"unreadable WARC after {pages} pages: {type(exc).__name__}: {exc}")


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
