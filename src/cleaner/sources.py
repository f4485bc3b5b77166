"""Where pages come from: files, folders, gzip files, WARC / ARC files (plain or gzipped) and stdin, as
:class:`~cleaner.records.Page` objects with a safe output name each.

Two steps, so that a rerun can skip finished pages without reading them:

1. :func:`discover` turns the paths the user gave into :class:`Input` entries: a file named on the command line
   is always taken; a folder is walked recursively (sorted, hidden entries and the output folder skipped, symlinked
   folders not followed, symlinked files only when their target lies inside an input folder, FIFOs, sockets and
   devices listed as skipped and never opened) and its files are kept when they match an ``include`` glob and no
   ``exclude`` glob.
2. :func:`iter_items` reads them lazily and yields one :class:`Item` per page: a plain file is one page; a WARC
   file gives one page per HTTP(S) page record (:mod:`cleaner.warc`, bounded), with the record's target URI as
   ``url``, its HTTP ``Content-Type`` charset and ``Content-Encoding`` passed on, and its provenance in
   ``Item.warc``; every unreadable part of a WARC is an error Item. ``skip(name)`` is asked before a page is
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
import stat
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from .options import DEFAULT_OPTIONS
from .output import NameRegistry, redact_url, safe_component, url_name
from .records import Page
from .warc import PAGE_TYPES, WarcLimits, iter_warc, warc_page_records

__all__ = [
    "DEFAULT_INCLUDE",
    "PAGE_TYPES",
    "STDIN",
    "Input",
    "Item",
    "discover",
    "is_warc",
    "iter_items",
    "shown",
    "warc_items",
    "warc_page_records",
]

#: Files taken from a folder by default: pages (HTML, XHTML, plain-text captures), WARC/ARC files, and anything
#: gzipped (``*.html.gz``, ``*.warc.gz``). Not ``*.json``: a folder of captures with their expected results beside
#: them (our fixtures) is cleaned without the results.
DEFAULT_INCLUDE: tuple[str, ...] = ("*.html", "*.htm", "*.xhtml", "*.shtml", "*.txt", "*.warc", "*.arc", "*.gz")

#: The path that means stdin.
STDIN = "-"

#: Bytes read from the head of a file to tell a WARC from a page.
#: A gzipped WARC's first deflate block may open with its Huffman tables (up to a few hundred bytes) before the
#: first byte of "WARC/1.0" can be decoded; 64 bytes missed about one gzipped WARC in thirty.
_SNIFF_BYTES = 4096

#: The default cap on the bytes of one page read from a file or a record: ``Options.max_input_bytes``, since a
#: larger page would be refused anyway.
DEFAULT_MAX_BYTES = DEFAULT_OPTIONS.max_input_bytes


@dataclass(frozen=True, slots=True)
class Input:
    """A file (or stdin) to read: ``path`` (None for stdin), ``label`` (how it is shown: the path as given, with
    bytes that are not UTF-8 written as ``\\xe9``), ``name`` (its output name before suffixes: ``a/b.html`` under
    a folder -> ``a/b``). ``skip_reason`` is set for an entry of a folder that is listed but never opened (a FIFO,
    a socket, a device, a symlink leading out of the input folders): it becomes an error Item."""

    path: Path | None
    label: str
    name: str
    skip_reason: str | None = None


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
    #: For a WARC record: its provenance, ``{"warc_target_uri", "warc_date", "warc_record_id"}`` (those it has;
    #: the URI redacted), for the output to keep beside the article. None for other inputs.
    warc: dict[str, str] | None = None

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


def shown(path: str) -> str:
    """``path`` as text any output can hold: bytes of a file name that are not UTF-8 (kept by Python as lone
    surrogates) are written as ``\\xe9``. For labels, ids and output names; the file is opened by its real name."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def discover(
    paths: Sequence[str | os.PathLike[str]],
    *,
    include: Sequence[str] = DEFAULT_INCLUDE,
    exclude: Sequence[str] = (),
    skip_dirs: Sequence[Path] = (),
    follow_symlinks: bool = False,
) -> list[Input]:
    """The files to read, in a stable order. ``"-"`` is stdin. Raises FileNotFoundError for a path that does not
    exist (before anything is read). ``skip_dirs``: folders never entered (the output folder, when it lies inside
    an input folder, so that outputs are not read back as inputs).

    A folder walk stays inside the input folders: a symlinked file is read only when its target lies inside one of
    them (``follow_symlinks=True`` reads any target); symlinked folders are not entered; FIFOs, sockets and devices
    are listed with a ``skip_reason`` and never opened. A file named in ``paths`` is always read, whatever it is
    (``<(command)`` is a FIFO the user asked for)."""
    skipped = {os.path.realpath(d) for d in skip_dirs}
    given_paths = [os.fspath(p) for p in paths]
    roots = [os.path.realpath(p) for p in given_paths if p != STDIN and os.path.isdir(p)]
    inputs: list[Input] = []
    for raw in paths:
        given = os.fspath(raw)
        if given == STDIN:
            inputs.append(Input(None, "<stdin>", "stdin"))
            continue
        path = Path(given)
        if path.is_dir():
            inputs.extend(_walk(path, include, exclude, skipped, roots, follow_symlinks))
        elif path.exists():
            inputs.append(Input(path, shown(given), _stem_name(shown(path.name))))
        else:
            raise FileNotFoundError(f"no such file or folder: {shown(given)}")
    return inputs


def _inside(target: str, roots: Sequence[str]) -> bool:
    return any(target == root or target.startswith(root.rstrip(os.sep) + os.sep) for root in roots)


def _entry(path: str, roots: Sequence[str], follow_symlinks: bool) -> tuple[str, str | None]:
    """The path to open for a folder entry, and why it is skipped (None: read it)."""
    try:
        info = os.lstat(path)
    except OSError as exc:
        return path, f"cannot read: {exc.strerror or exc}"
    if stat.S_ISLNK(info.st_mode):
        target = os.path.realpath(path)
        if not follow_symlinks and not _inside(target, roots):
            return path, (
                f"skipped: a symlink to {shown(target)}, outside the input folders (--follow-symlinks reads it)"
            )
        try:
            info = os.stat(target)
        except OSError as exc:
            return path, f"cannot read: a broken symlink ({exc.strerror or exc})"
        path = target
    if not stat.S_ISREG(info.st_mode):
        return path, f"skipped: {_file_kind(info.st_mode)}, not a regular file (never opened)"
    return path, None


def _file_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "a special file"


def _walk(
    root: Path,
    include: Sequence[str],
    exclude: Sequence[str],
    skipped: set[str],
    roots: Sequence[str],
    follow_symlinks: bool,
) -> Iterator[Input]:
    for folder, dirs, files in os.walk(root):
        # Sorted for a stable order (names are handed out in order); hidden entries are not pages (.git, temp files).
        # os.walk does not descend into symlinked folders (followlinks=False): a link to / stays unread.
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
            target, reason = _entry(os.path.join(folder, file), roots, follow_symlinks)
            yield Input(Path(target), shown(os.path.join(folder, file)), _stem_name(shown(rel)), skip_reason=reason)


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
        if source.skip_reason is not None:
            yield Item(source.label, name, error=source.skip_reason)
            continue
        try:
            if source.path is None:
                stream = stdin if stdin is not None else sys.stdin.buffer
                yield from _from_stream(stream, source, name, skip, max_bytes, registry)
            else:
                with _open_file(source.path) as handle:
                    yield from _from_stream(handle, source, name, skip, max_bytes, registry)
        except OSError as exc:
            yield Item(source.label, name, error=f"cannot read: {exc.strerror or exc}")


def _open_file(path: Path) -> IO[bytes]:
    """``path`` opened for reading without ever blocking on it: O_NONBLOCK, so a FIFO put in place of a file after
    the walk (or named on the command line with no writer yet) cannot hang the run in open()."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)  # reads block as usual; a FIFO the user named is read as it fills
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


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
        yield from warc_items(stream, source, skip=skip, max_bytes=max_bytes, registry=registry, name=name)
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


def warc_items(
    stream: IO[bytes],
    source: Input,
    *,
    skip: Callable[[str], bool] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    registry: NameRegistry | None = None,
    name: str | None = None,
    limits: WarcLimits | None = None,
) -> Iterator[Item]:
    """The pages of a WARC (or ARC) file as Items (see :func:`cleaner.warc.iter_warc` for which records are pages
    and how reading is bounded). Each keeps its record's provenance in ``Item.warc``. Every part of the file that
    could not be read is an error Item (``<file>#offset=<n>``), so the CLI lists it and exits 1."""
    registry = registry or NameRegistry()
    limits = limits or WarcLimits(max_record_bytes=max_bytes)
    pages = 0
    for record in iter_warc(stream, limits=limits):
        target = record.target_uri or ""
        url = redact_url(target) if target else None
        item_id = f"{source.label}#{record.record_id or f'offset={record.offset}'}"
        provenance = record.provenance() or None
        if record.error is not None and not target:
            # Damage with no record to name: the file's own (already claimed) name, or a claim per offset.
            err_name = name if name is not None and not pages else registry.claim(f"{source.name}", item_id)
            pages += 1
            yield Item(item_id, err_name, url=url, error=record.error, warc=provenance)
            continue
        record_name = registry.claim(f"{source.name}/{url_name(target or item_id)}", item_id)
        pages += 1
        if record.error is not None:
            yield Item(item_id, record_name, url=url, error=record.error, warc=provenance)
            continue
        if skip is not None and skip(record_name):
            yield Item(item_id, record_name, url=url, warc=provenance)
            continue
        page = Page(item_id, record.data, url=url, charset=record.charset, content_encoding=record.content_encoding)
        yield Item(item_id, record_name, url=url, page=page, warc=provenance)
