"""Where results go: one file per page under an output folder, one stream file, or stdout; plus safe names.

Four sinks, one interface (:class:`Sink`):

- :class:`FolderSink` (``-o OUT`` naming a folder): ``OUT/<name>.<json|txt|md>`` per page, the input tree mirrored
  (``IN/a/b.html`` -> ``OUT/a/b.json``), ``OUT/<name>.explain.json`` beside it with ``--explain``, and
  ``OUT/errors.jsonl`` listing the pages that failed. Resumable: a page whose output exists and is complete is
  skipped on the next run. Two runs on the same folder at once do not trip over each other.
- :class:`JsonlSink` (``-o FILE.jsonl``): one JSON line per page, appended and flushed as it goes; resumable by
  page id (a rerun appends only the pages not in it yet, and cuts a line torn by a kill).
- :class:`FileSink` (``-o FILE.json|.txt|.md`` for a single page): one file, written to a temporary file beside it
  and renamed over it at the end.
- :class:`StreamSink` (no ``-o``, or ``-o -``): JSON lines, or text documents separated by a form feed line.

Every file but a JSONL file is written atomically: a temporary file in the same folder
(``.<name>.<pid>.<random>.cleaner-tmp``), then ``os.replace``/``os.link`` onto the final name. A run killed at
any moment (even SIGKILL) leaves either the
complete file or none; the temporary files of a killed run are removed by the next run (only those whose process
is gone, so two runs on different outputs never touch each other's files). A file that exists and was not written
by cleaner is never overwritten unless ``force`` is given.

Names: :func:`url_name` turns a URL (a WARC record's target URI, a fetched URL) into one safe file-name component:
the host and path, sanitised to ``[A-Za-z0-9._-]``, capped in length, with a short hash of the whole URL for
uniqueness. Credentials in the URL never reach a name; :func:`redact_url` removes them (and secret-looking query
values) from URLs that go into logs and error lines. :func:`check_relative` is the last guard: no name may be
absolute, contain ``..``, or otherwise leave the output folder.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import re
import secrets
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path, PurePosixPath
from typing import IO, Any, Protocol
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from .article import Article
from .errors import OutputError

__all__ = [
    "FORMATS",
    "FileSink",
    "FolderSink",
    "JsonlSink",
    "NameRegistry",
    "Sink",
    "StreamSink",
    "atomic_write",
    "check_relative",
    "format_article",
    "redact_url",
    "remove_stale_temps",
    "safe_component",
    "url_name",
]

#: Output formats: "json" (one object per page; indented in files), "jsonl" (one object per line), "txt" (the
#: article text only), "md" (title, byline and date, then the text).
FORMATS = ("json", "jsonl", "txt", "md")

#: File-name suffix per format, for one file per page.
SUFFIXES = {"json": ".json", "jsonl": ".jsonl", "txt": ".txt", "md": ".md"}

ERRORS_FILE = "errors.jsonl"
EXPLAIN_SUFFIX = ".explain"
TEMP_SUFFIX = ".cleaner-tmp"

#: Bytes of one name component before it is cut and given a hash suffix. File systems allow 255 bytes per name;
#: a component also gets ".explain.json" (13) and, while it is a temporary file, a dot, a pid and a random part
#: (~30), so 150 leaves room for all of them.
MAX_COMPONENT_BYTES = 150

#: Characters of a URL-derived name (host + path) before the hash suffix; long enough to recognise the page.
MAX_URL_NAME_CHARS = 80

#: Hex digits of the hash that makes names unique (40 bits: a collision among a million names is ~1 in 2000,
#: and a collision is still resolved by :class:`NameRegistry`).
HASH_CHARS = 10

_TEMP_NAME = re.compile(r"^\.(?P<base>.+)\.(?P<pid>\d+)\.[0-9a-f]{8}" + re.escape(TEMP_SUFFIX) + "$")
_UNSAFE_CHARS = re.compile(r"[^A-Za-z0-9._-]+")
_SEPARATOR_RUN = re.compile(r"[._-]*_[._-]*|\.{2,}")  # "_.._.._" (a path climbing up) -> "_"
_USERINFO = re.compile(r"(?<=//)[^?#]*@")
# user:password@ where the password holds a "/" (urlsplit then ends the host at that "/" and keeps the secret in the
# path): "//alice:pa/ss@host/". Not taken for "//host:8080/a@b" (a port, then an "@" in the path).
_SLASHED_USERINFO = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*:)?//[^/?#@]*:(?P<secret>[^@?#]*)@")
# Query parameters whose values are secrets often enough that they never go into a log line.
_SECRET_PARAM = re.compile(
    r"^(?:.*[_-])?(?:token|key|apikey|api_key|secret|password|passwd|pwd|auth|sig|signature|session|sid|"
    r"access_token|credential|credentials)$",
    re.I,
)


# -- names ---------------------------------------------------------------------------------------------------------


def _short_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:HASH_CHARS]


def redact_url(url: str) -> str:
    """``url`` without credentials: no ``user:password@``, and the values of secret-looking query parameters
    (``token``, ``api_key``, ``sig``, ...) replaced by ``REDACTED``. For logs, error lines and file names.

    >>> redact_url("https://user:pw@example.com/a?id=3&api_key=abc")
    'https://example.com/a?id=3&api_key=REDACTED'
    >>> redact_url("http://alice:pa/ss@host/")
    'http://host/'
    """
    slashed = _SLASHED_USERINFO.match(url)
    if slashed is not None and not slashed.group("secret").split("/", 1)[0].isdigit():
        url = (slashed.group("scheme") or "") + "//" + url[slashed.end() :]
    try:
        parts = urlsplit(url)
        netloc = parts.netloc.rpartition("@")[2]
        query = parts.query
        if query:
            pairs = parse_qsl(query, keep_blank_values=True)
            if any(_SECRET_PARAM.match(k) for k, _ in pairs):
                query = urlencode([(k, "REDACTED" if _SECRET_PARAM.match(k) else v) for k, v in pairs], safe="/:")
        return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))
    except ValueError:  # unparsable (a broken IPv6 literal): cut everything up to the last "@" before the query
        return _USERINFO.sub("", url)


def url_name(url: str) -> str:
    """One safe file-name component for ``url``: host and path, sanitised, capped, plus a hash of the whole URL.

    It never contains ``/``, ``..`` as a whole, credentials, or anything but ``[A-Za-z0-9._-]``.

    >>> url_name("http://user:pw@example.com/news/2019/story.html?page=2")
    'example.com_news_2019_story.html-...'
    """
    clean_url = redact_url(url)
    try:
        parts = urlsplit(clean_url)
        host = (parts.hostname or "").lower()
        readable = host + "_" + parts.path
    except ValueError:
        readable = clean_url
    readable = _UNSAFE_CHARS.sub("_", readable).strip("._-")
    readable = _SEPARATOR_RUN.sub("_", readable)[:MAX_URL_NAME_CHARS].strip("._-") or "page"
    return f"{readable}-{_short_hash(clean_url)}"


def safe_component(part: str) -> str:
    """A file or folder name from the input tree, made safe to create under the output folder: unchanged when it
    is already fine; "." and ".." and separators replaced; too long -> cut, with a hash suffix."""
    if part in ("", ".", ".."):
        part = part.replace(".", "_") or "_"
    part = part.replace("/", "_").replace("\\", "_").replace("\x00", "_")
    if part.startswith("."):
        part = "_" + part[1:]  # hidden names are reserved for temporary files
    encoded = part.encode("utf-8", "surrogateescape")
    if len(encoded) > MAX_COMPONENT_BYTES:
        cut = encoded[: MAX_COMPONENT_BYTES - HASH_CHARS - 1].decode("utf-8", "ignore")
        part = f"{cut}-{_short_hash(part)}"
    return part


def check_relative(name: str) -> str:
    """``name`` if it is a relative POSIX path that stays inside the output folder; else OutputError."""
    path = PurePosixPath(name)
    if not name or path.is_absolute() or any(p in ("", ".", "..") for p in name.split("/")) or "\x00" in name:
        raise OutputError(f"unsafe output name {name!r}")
    return name


class NameRegistry:
    """Hands out output names, unique within one run: a name already taken (or one that would clash with another
    name's explain file) gets a hash of the page's id appended. Same inputs in the same order -> same names, which
    is what makes a rerun find the outputs of the run before."""

    def __init__(self) -> None:
        self._taken: set[str] = set()

    def claim(self, name: str, key: str) -> str:
        """A unique name for the page ``key`` (its id), derived from ``name``."""
        check_relative(name)
        candidate = name
        if self._clashes(candidate):
            candidate = f"{name}-{_short_hash(key)}"
            counter = 2
            while self._clashes(candidate):
                candidate = f"{name}-{_short_hash(key)}-{counter}"
                counter += 1
        self._taken.add(candidate.casefold())
        return candidate

    def _clashes(self, name: str) -> bool:
        # Compared case-insensitively so that names stay distinct on case-insensitive file systems too.
        key = name.casefold()
        if key in self._taken or key + EXPLAIN_SUFFIX in self._taken:
            return True
        return key.endswith(EXPLAIN_SUFFIX) and key[: -len(EXPLAIN_SUFFIX)] in self._taken


# -- atomic files --------------------------------------------------------------------------------------------------


def _temp_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}{TEMP_SUFFIX}")


def _open_temp(path: Path) -> tuple[Path, int]:
    path.parent.mkdir(parents=True, exist_ok=True)
    while True:
        temp = _temp_path(path)
        try:
            # O_EXCL: never follow or reuse an existing name; mode 0o666 lets the umask decide, like any new file.
            return temp, os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:  # pragma: no cover - 32 random bits collided
            continue


def _commit(temp: Path, path: Path, *, overwrite: bool) -> None:
    """Move ``temp`` onto ``path`` atomically. Without ``overwrite``, an existing ``path`` is left alone
    (``os.link`` fails when the name exists, so the check and the move are one step) and OutputError is raised."""
    try:
        if overwrite:
            os.replace(temp, path)
            return
        try:
            os.link(temp, path)
        except FileExistsError:
            raise OutputError(f"{path} exists (use --force to overwrite it)") from None
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.ENOSYS, errno.EXDEV):
                raise
            # A file system without hard links: check, then rename (a race with another writer is possible here).
            if path.exists():
                raise OutputError(f"{path} exists (use --force to overwrite it)") from None
            os.replace(temp, path)
    finally:
        if temp.exists():
            temp.unlink()


def atomic_write(path: Path, data: bytes, *, overwrite: bool = False) -> None:
    """Write ``data`` to ``path`` so that ``path`` is either absent/old or complete, never partial.

    SIGKILL safety needs no fsync (the page cache survives the process); power-loss safety would, at a cost of
    milliseconds per file, which is why it is not done.
    """
    temp, fd = _open_temp(path)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _commit(temp, path, overwrite=overwrite)


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, owned by someone else
        return True
    return True


def remove_stale_temps(folder: Path, *, recursive: bool = True) -> int:
    """Delete the temporary files that runs which no longer exist left in ``folder``; return how many."""
    removed = 0
    if not folder.is_dir():
        return 0
    walker: Iterable[tuple[str, list[str], list[str]]] = (
        os.walk(folder) if recursive else [(str(folder), [], [p.name for p in folder.iterdir()])]
    )
    for root, _dirs, files in walker:
        for name in files:
            match = _TEMP_NAME.match(name)
            if match and not _pid_alive(int(match.group("pid"))):
                try:
                    os.unlink(os.path.join(root, name))
                    removed += 1
                except FileNotFoundError:
                    pass
    return removed


# -- formats -------------------------------------------------------------------------------------------------------


def _record(page_id: str, article: Article, source: dict[str, str] | None = None) -> dict[str, Any]:
    # The page's id first, so that every line of a JSONL stream says which input it came from; then, for a WARC
    # record, its provenance (warc_target_uri, warc_date, warc_record_id), so results join back to the crawl.
    return {"id": page_id, **(source or {}), **article.to_dict()}


def format_article(page_id: str, article: Article, fmt: str, source: dict[str, str] | None = None) -> str:
    """The text of one page in ``fmt``: "json" indented, "jsonl" one line (with a newline), "txt", "md"."""
    if fmt == "json":
        return json.dumps(_record(page_id, article, source), ensure_ascii=False, indent=2) + "\n"
    if fmt == "jsonl":
        return json.dumps(_record(page_id, article, source), ensure_ascii=False) + "\n"
    if fmt == "txt":
        return article.text + "\n" if article.text else ""
    if fmt == "md":
        return markdown_document(article, source)
    raise OutputError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


#: The metadata a Markdown document's YAML front matter holds, in this order (absent values are left out).
FRONT_MATTER_FIELDS = ("title", "byline", "authors", "date", "url", "site_name", "language", "page_type", "flags")


def markdown_document(article: Article, source: dict[str, str] | None = None) -> str:
    """The article as a Markdown document: YAML front matter with its metadata, then ``Article.markdown``.

    Values are written as JSON scalars and flow sequences, which YAML reads as they are, so a title holding a
    colon or a quote needs no escaping rules of ours.

    >>> print(markdown_document(Article(text="Hi.", markdown="Hi.", title='A: "B"', authors=("Jo Doe",))), end="")
    ---
    title: "A: \\"B\\""
    authors: ["Jo Doe"]
    ---
    <BLANKLINE>
    Hi.
    """
    lines = ["---"]
    for name in FRONT_MATTER_FIELDS:
        value = getattr(article, name, None)
        if value in (None, "", (), {}):
            continue
        if isinstance(value, tuple):
            value = list(value)
        elif isinstance(value, dict):
            value = sorted(value)  # the flag names; their reasons stay in the JSON output
        lines.append(f"{name}: {json.dumps(value, ensure_ascii=False)}")
    for name, value in (source or {}).items():
        lines.append(f"{name}: {json.dumps(value, ensure_ascii=False)}")
    lines.append("---")
    body = article.markdown or article.text
    return "\n".join(lines) + "\n\n" + (body + "\n" if body else "")


def _explain_record(page_id: str, article: Article) -> dict[str, Any]:
    rules: dict[str, int] = {}
    for removal in article.removed:
        rules[removal.rule] = rules.get(removal.rule, 0) + 1
    return {
        "id": page_id,
        "flags": dict(article.flags),
        "rules": dict(sorted(rules.items(), key=lambda kv: (-kv[1], kv[0]))),
        "removed": [{"rule": r.rule, "text": r.text} for r in article.removed],
    }


# -- sinks ---------------------------------------------------------------------------------------------------------


class Sink(Protocol):
    """What the CLI writes to. ``done(name)``: the page's output exists and is complete (skip it on a rerun, before
    reading it); ``seen(page_id)``: the same, asked by page id once the page is read (a JSONL file knows its pages
    by id, not by name)."""

    def done(self, name: str) -> bool: ...

    def write(self, name: str, page_id: str, article: Article, *, source: dict[str, str] | None = None) -> None: ...

    def error(self, page_id: str, reason: str, *, url: str | None = None, name: str | None = None) -> None: ...

    def seen(self, page_id: str) -> bool: ...

    def close(self) -> None: ...


class _ErrorLog:
    """``errors.jsonl``: one line per page that has no output because it failed. Streamed to a temporary file during
    the run and moved into place at the end, so it describes the last run (a rerun retries every failed page: they
    have no output); a run with no failures removes the file of the run before.

    Two runs on one folder at once: at the end, under a lock on the folder, a file that another run put in place
    *during* this run is merged, not replaced: its lines are kept unless they are this run's pages or their page
    has an output by now (``has_output(name)``; each line stores the page's output ``name``).
    """

    def __init__(self, path: Path, has_output: Callable[[str], bool]) -> None:
        self.path = path
        self.count = 0
        self._has_output = has_output
        self._handle: IO[str] | None = None
        self._temp: Path | None = None
        self._ids: set[str] = set()
        self._lock = threading.Lock()
        self._found = self._identity()  # the file of the run before, as this run found it

    def _identity(self) -> tuple[int, int] | None:
        try:
            stat = self.path.stat()
        except OSError:
            return None
        return stat.st_ino, stat.st_mtime_ns

    def add(self, page_id: str, reason: str, url: str | None, name: str | None = None) -> None:
        line: dict[str, Any] = {"path": page_id, "reason": reason}
        if url:
            line["url"] = redact_url(url)
        if name:
            line["name"] = name
        with self._lock:
            if self._handle is None:
                self._temp, fd = _open_temp(self.path)
                self._handle = os.fdopen(fd, "w", encoding="utf-8")
            self._handle.write(json.dumps(line, ensure_ascii=False) + "\n")
            self._handle.flush()
            self._ids.add(page_id)
            self.count += 1

    def close(self) -> None:
        with self._lock, _folder_lock(self.path.parent):
            concurrent = self._identity() not in (None, self._found)  # replaced by another run since we started
            kept = [line for line in self._lines_on_disk() if self._still_failed(line)] if concurrent else []
            if self._handle is None and not kept:
                self.path.unlink(missing_ok=True)
                return
            if self._handle is None:
                self._temp, fd = _open_temp(self.path)
                self._handle = os.fdopen(fd, "w", encoding="utf-8")
            for line in kept:
                self._handle.write(line)
            self._handle.close()
            self._handle = None
            assert self._temp is not None
            os.replace(self._temp, self.path)

    def _lines_on_disk(self) -> list[str]:
        try:
            with open(self.path, encoding="utf-8", errors="replace") as handle:
                return [line for line in handle if line.endswith("\n")]
        except OSError:
            return []

    def _still_failed(self, line: str) -> bool:
        try:
            entry = json.loads(line)
        except ValueError:
            return False
        if not isinstance(entry, dict) or entry.get("path") in self._ids or not isinstance(entry.get("name"), str):
            return False  # this run's page, or a line of an older format (no name): this run's list replaces it
        try:
            return not self._has_output(entry["name"])
        except OutputError:
            return False


@contextlib.contextmanager
def _folder_lock(folder: Path) -> Iterator[None]:
    """An exclusive lock on ``folder`` (``flock`` on the directory itself: no lock file is left behind) for the
    short read-merge-replace of ``errors.jsonl``; a no-op where flock does not exist."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


class FolderSink:
    """One file per page under ``root``; see the module docstring. ``force`` redoes and overwrites everything."""

    def __init__(self, root: Path, fmt: str = "json", *, explain: bool = False, force: bool = False) -> None:
        if fmt not in ("json", "txt", "md"):
            raise OutputError(
                f"--format {fmt} writes one stream, not one file per page: use -o FILE.{fmt} or no -o for stdout"
            )
        if root.exists() and not root.is_dir():
            raise OutputError(f"{root} exists and is not a folder")
        self.root = root
        self.fmt = fmt
        self.explain = explain
        self.force = force
        root.mkdir(parents=True, exist_ok=True)
        self.stale_removed = remove_stale_temps(root)
        self.errors = _ErrorLog(root / ERRORS_FILE, self._has_output)

    def _has_output(self, name: str) -> bool:
        return self._state(self.path_for(name), json_file=self.fmt == "json") == "ours"

    def path_for(self, name: str) -> Path:
        """The output file of the page called ``name``."""
        check_relative(name)
        return self.root.joinpath(*name.split("/")).with_name(name.rsplit("/", 1)[-1] + SUFFIXES[self.fmt])

    def explain_path_for(self, name: str) -> Path:
        return self.path_for(name).with_name(name.rsplit("/", 1)[-1] + EXPLAIN_SUFFIX + ".json")

    def _state(self, path: Path, *, json_file: bool) -> str:
        """ "absent", "ours" (complete output of a cleaner run) or "foreign" (exists, but not a cleaner output)."""
        if not path.is_file():
            return "foreign" if path.exists() else "absent"
        if not json_file:
            return "ours"  # txt/md: written atomically, so existing means complete
        try:
            data = json.loads(path.read_bytes())
        except (OSError, ValueError):
            return "foreign"
        return "ours" if isinstance(data, dict) and "id" in data else "foreign"

    def done(self, name: str) -> bool:
        if self.force:
            return False
        if self._state(self.path_for(name), json_file=self.fmt == "json") != "ours":
            return False
        return not self.explain or self._state(self.explain_path_for(name), json_file=True) == "ours"

    def write(self, name: str, page_id: str, article: Article, *, source: dict[str, str] | None = None) -> None:
        """Write the page's output (and its explain file first, so a complete output implies a complete explain
        file). Refuses (OutputError) to replace a file that cleaner did not write, unless ``force``. A cleaner
        output that appeared meanwhile (another run on the same folder wrote the page first) counts as done."""
        main = self.path_for(name)
        if self.explain:
            target = self.explain_path_for(name)
            data = json.dumps(_explain_record(page_id, article), ensure_ascii=False, indent=2) + "\n"
            self._write_once(target, data, json_file=True)
        self._write_once(main, format_article(page_id, article, self.fmt, source), json_file=self.fmt == "json")

    def _write_once(self, path: Path, text: str, *, json_file: bool) -> None:
        try:
            atomic_write(path, text.encode("utf-8"), overwrite=self._may_replace(path, json_file=json_file))
        except OutputError:
            if self._state(path, json_file=json_file) != "ours":
                raise

    def _may_replace(self, path: Path, *, json_file: bool) -> bool:
        if self.force:
            return True
        state = self._state(path, json_file=json_file)
        if state == "foreign":
            raise OutputError(f"{path} exists and is not a cleaner output (use --force to overwrite it)")
        return state == "ours"

    def error(self, page_id: str, reason: str, *, url: str | None = None, name: str | None = None) -> None:
        self.errors.add(page_id, reason, url, name)

    def seen(self, page_id: str) -> bool:
        return False

    def close(self) -> None:
        self.errors.close()


class FileSink:
    """Every page into one file (``fmt`` "jsonl"; or "json"/"txt"/"md" for exactly one page), written to a
    temporary file beside it and moved into place by :meth:`close`. An existing file is kept unless ``force``.
    Not resumable: a killed run leaves the old file (or none) and a rerun redoes every page. Errors go to stderr."""

    def __init__(self, path: Path, fmt: str, *, force: bool = False, stderr: IO[str] | None = None) -> None:
        if fmt not in FORMATS:
            raise OutputError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
        if path.is_dir():
            raise OutputError(f"{path} is a folder")
        if path.exists() and not force:
            raise OutputError(f"{path} exists (use --force to overwrite it)")
        self.path = path
        self.fmt = fmt
        self.force = force
        self.pages = 0
        self._stderr = stderr or sys.stderr
        remove_stale_temps(path.parent if str(path.parent) else Path("."), recursive=False)
        self._temp, fd = _open_temp(path)
        self._handle: IO[str] | None = os.fdopen(fd, "w", encoding="utf-8")

    def done(self, name: str) -> bool:
        return False

    def write(self, name: str, page_id: str, article: Article, *, source: dict[str, str] | None = None) -> None:
        if self._handle is None:
            raise OutputError(f"{self.path} is closed")
        if self.pages and self.fmt != "jsonl":
            raise OutputError(f"--format {self.fmt} into one file takes one page; use --format jsonl or -o FOLDER")
        self._handle.write(format_article(page_id, article, self.fmt, source))
        self.pages += 1

    def error(self, page_id: str, reason: str, *, url: str | None = None, name: str | None = None) -> None:
        self._stderr.write(f"cleaner: failed: {page_id}: {reason}\n")

    def seen(self, page_id: str) -> bool:
        return False

    def close(self) -> None:
        """Move the finished file into place (call :meth:`abort` instead when the run did not finish)."""
        if self._handle is None:
            return
        self._handle.close()
        self._handle = None
        _commit(self._temp, self.path, overwrite=self.force)

    def abort(self) -> None:
        """Drop the temporary file: a run that did not finish leaves the old file (or none), never a partial one."""
        if self._handle is not None:
            self._handle.close()
            self._handle = None
        self._temp.unlink(missing_ok=True)


class JsonlSink:
    """Every page into one JSON-lines file, written as it goes and resumable (``-o FILE.jsonl``).

    Each line is written whole and flushed, so a run killed at any moment leaves complete lines and at most one
    torn last line. Opening an existing file reads the ids of its complete lines (:meth:`seen` then skips those
    pages) and cuts a torn last line away; new lines are appended. A file that is not a cleaner JSONL file (a line
    without an ``id``) is refused unless ``force``; ``force`` starts the file afresh. The file is locked (``flock``)
    while the run writes it: a second run on the same file at once is refused instead of interleaving lines.
    Failures go to stderr (and are retried by the next run: they have no line).
    """

    def __init__(self, path: Path, *, force: bool = False, stderr: IO[str] | None = None) -> None:
        if path.is_dir():
            raise OutputError(f"{path} is a folder")
        self.path = path
        self.pages = 0
        self._stderr = stderr or sys.stderr
        if path.parent != Path("") and not path.parent.is_dir():
            path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
        self._handle: IO[bytes] | None = os.fdopen(fd, "r+b")
        try:
            self._lock()
            if force:
                self._handle.truncate(0)
            self._ids = self._read_ids()
        except BaseException:
            self._handle.close()
            raise
        self._handle.seek(0, os.SEEK_END)

    def _lock(self) -> None:
        assert self._handle is not None
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows
            return
        try:
            fcntl.flock(self._handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputError(f"{self.path} is being written by another cleaner run") from None

    def _read_ids(self) -> set[str]:
        """The ids of the complete lines; a torn last line (no newline: the run before was killed) is cut off."""
        assert self._handle is not None
        ids: set[str] = set()
        self._handle.seek(0)
        good_end = 0
        for number, line in enumerate(self._handle, 1):
            if not line.endswith(b"\n"):
                break  # the torn last line
            try:
                record = json.loads(line)
            except ValueError:
                record = None
            if not isinstance(record, dict) or not isinstance(record.get("id"), str):
                raise OutputError(
                    f"{self.path} is not a cleaner JSONL file (line {number} has no id); use --force to replace it"
                )
            ids.add(record["id"])
            good_end += len(line)
        self._handle.truncate(good_end)
        return ids

    def done(self, name: str) -> bool:
        return False  # the file knows its pages by id: see seen()

    def seen(self, page_id: str) -> bool:
        """The page ``page_id`` has a line already (written by a run before)."""
        return page_id in self._ids

    def write(self, name: str, page_id: str, article: Article, *, source: dict[str, str] | None = None) -> None:
        if self._handle is None:
            raise OutputError(f"{self.path} is closed")
        # One write of the whole line, then flush: a kill can tear at most this line, never an earlier one.
        self._handle.write(format_article(page_id, article, "jsonl", source).encode("utf-8"))
        self._handle.flush()
        self._ids.add(page_id)
        self.pages += 1

    def error(self, page_id: str, reason: str, *, url: str | None = None, name: str | None = None) -> None:
        self._stderr.write(f"cleaner: failed: {page_id}: {reason}\n")

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()  # releases the lock
            self._handle = None


#: What separates two documents of a text stream (``--format txt|md`` to stdout): a form feed alone on its line.
#: Cleaned text holds no form feed (whitespace is normalised), so
#: ``stream.removesuffix("\n").split(DOCUMENT_SEPARATOR)`` gives the documents back, one per page written (an
#: empty one for a page with no text).
DOCUMENT_SEPARATOR = "\n\f\n"


class StreamSink:
    """Pages to a text stream (stdout), one after another: JSON lines, or text and Markdown documents separated by a
    form feed line (:data:`DOCUMENT_SEPARATOR`), so a reader can split them again."""

    def __init__(self, stream: IO[str], fmt: str = "jsonl", *, stderr: IO[str] | None = None) -> None:
        if fmt not in FORMATS:
            raise OutputError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
        self.stream = stream
        # One object per line is the only way to put many JSON documents in one stream.
        self.fmt = "jsonl" if fmt == "json" else fmt
        self.pages = 0
        self._stderr = stderr or sys.stderr

    def done(self, name: str) -> bool:
        return False

    def write(self, name: str, page_id: str, article: Article, *, source: dict[str, str] | None = None) -> None:
        text = format_article(page_id, article, self.fmt, source)
        if self.fmt in ("txt", "md"):
            # Each document ends with a newline; a form feed line goes between two: "A\n\f\nB\n".
            text = ("\f\n" if self.pages else "") + text.removesuffix("\n") + "\n"
        self.stream.write(text)
        self.stream.flush()
        self.pages += 1

    def error(self, page_id: str, reason: str, *, url: str | None = None, name: str | None = None) -> None:
        self._stderr.write(f"cleaner: failed: {page_id}: {reason}\n")

    def seen(self, page_id: str) -> bool:
        return False

    def close(self) -> None:
        self.stream.flush()
