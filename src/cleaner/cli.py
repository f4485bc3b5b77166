"""The command line: a thin layer over the library.

``cleaner clean`` (files, folders, WARC, stdin -> articles), ``cleaner fetch`` (URLs -> raw captures + articles),
``cleaner eval`` (score on a corpus). Exit codes: 0 every page cleaned, 1 some page failed (or a library error:
one ``Error: ...`` line), 2 a usage error (bad flag, missing input path, an unusable output path, no input file
matched), 130 interrupted, 141 the reader of stdout went away (``| head``). ``fetch`` lives in :mod:`cleaner.cli_fetch`.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import json
import os
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from .errors import CleanerError, OptionsError, OutputError
from .options import DEFAULT_OPTIONS

__all__ = ["main", "parse_args"]

#: Exit status when the reader of stdout went away (128 + SIGPIPE, as shells report a process SIGPIPE killed).
EXIT_BROKEN_PIPE = 141

#: Flags of an Article that mean the page was not cleaned: it goes to errors.jsonl and gets no output file
#: (so a rerun tries it again; a timeout may pass on a quieter machine).
FAILURE_FLAGS = ("refused", "timeout", "failed")

_SIZE_UNITS = {"": 1, "b": 1, "k": 1024, "kb": 1024, "m": 1024**2, "mb": 1024**2, "g": 1024**3, "gb": 1024**3}

_CLEAN_EXAMPLES = """\
examples:
  cleaner clean page.html                       one page, JSON line on stdout
  cleaner clean captures/ -o out/               a folder, mirrored: captures/a/b.html -> out/a/b.json
  cleaner clean crawl.warc.gz -o out/ --workers 4
  cleaner clean captures/ -o articles.jsonl     every page into one JSONL file
  cat page.html | cleaner clean - --format txt  stdin to plain text
  cleaner clean captures/ -o out/ --include '*.php' --exclude 'drafts/*' --explain

A rerun with the same -o skips the pages already done (--force redoes them). Pages that fail are listed in
OUT/errors.jsonl; the exit code is then 1.
"""

_FETCH_EXAMPLES = """\
examples:
  cleaner fetch https://example.com/news/story          the article as a JSON line on stdout
  cleaner fetch --urls urls.txt -o articles.jsonl       appended as it goes; a rerun fetches only what is missing
  cleaner fetch --urls urls.txt -o out/ --concurrency 8 --per-host 2 --respect-robots

With -o FOLDER, each URL gives out/raw/<name>.html (the body as fetched) with out/raw/<name>.meta.json (status,
headers, final URL), and out/<name>.json (the article); failures go to out/errors.jsonl, and a rerun skips URLs
already done and re-cleans captures already fetched without fetching them again. Elsewhere failures go to stderr.
"""


# -- parser --------------------------------------------------------------------------------------------------------


def _size(text: str) -> int:
    """A byte size: 1000, 512k, 10M, 1G (binary units)."""
    raw = text.strip().lower()
    number = raw.rstrip("kmgb")
    unit = raw[len(number) :]
    try:
        value = float(number) * _SIZE_UNITS[unit]
    except (KeyError, ValueError):
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (examples: 500000, 512k, 10M, 1G)") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"size must be positive: {text!r}")
    return int(value)


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"seconds must be >= 0: {text!r}")
    return value


def _count(minimum: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be >= {minimum}: {text!r}")
        return value

    return parse


def _cleaning_flags() -> argparse.ArgumentParser:
    """Flags shared by ``clean`` and ``fetch``: how pages are cleaned and where the results go."""
    shared = argparse.ArgumentParser(add_help=False)
    group = shared.add_argument_group("cleaning")
    group.add_argument(
        "--favor",
        choices=("balanced", "precision", "recall"),
        default="balanced",
        help="drop doubtful blocks (precision) or keep them (recall); default balanced",
    )
    group.add_argument("--captions-in-text", action="store_true", help="keep image captions in the text too")
    group.add_argument("--no-metadata", action="store_true", help="text, kind and flags only (faster)")
    group.add_argument(
        "--explain", action="store_true", help="write what was removed, and by which rule, beside each output"
    )
    group.add_argument(
        "--timeout",
        type=_seconds,
        default=30.0,
        metavar="SECONDS",
        help="per-page deadline; a page over it is killed and listed as failed (default 30; 0: none)",
    )
    group.add_argument(
        "--workers",
        type=_count(0),
        default=None,
        metavar="N",
        help="worker processes (default: all cores; 0 cleans in this process, without deadline)",
    )
    out = shared.add_argument_group("output")
    out.add_argument("--force", action="store_true", help="redo pages already done and overwrite existing files")
    out.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary")
    return shared


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cleaner",
        description="Strip boilerplate from captured web pages: clean article text plus metadata.",
        epilog="example: cleaner clean captures/ -o out/   (see 'cleaner COMMAND --help')",
    )
    from . import __version__

    parser.add_argument("--version", action="version", version=f"cleaner {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    shared = _cleaning_flags()

    cl = sub.add_parser(
        "clean",
        parents=[shared],
        help="clean files, folders, WARC files or stdin",
        description="Clean captured pages: HTML files, plain-text captures, .gz files, WARC/ARC files (each HTML "
        "response record is a page), folders of them (recursive), or '-' for stdin.",
        epilog=_CLEAN_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    cl.add_argument("paths", nargs="+", metavar="PATH", help="files, folders, WARC files, or - for stdin")
    cl.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="a folder (one file per page), a FILE.jsonl (or FILE.json|txt|md for one page), or - for stdout "
        "(the default)",
    )
    cl.add_argument(
        "--format",
        choices=("json", "jsonl", "txt", "md"),
        help="output format (default: from OUT's suffix; json for a folder; jsonl on stdout)",
    )
    cl.add_argument(
        "--include",
        action="append",
        metavar="GLOB",
        help="files to take from folders (repeatable; default: *.html *.htm *.xhtml *.shtml *.txt *.warc *.arc "
        "*.gz); a glob with / matches the path inside the folder",
    )
    cl.add_argument("--exclude", action="append", default=[], metavar="GLOB", help="files to leave out (repeatable)")
    cl.add_argument(
        "--max-bytes",
        type=_size,
        default=DEFAULT_OPTIONS.max_input_bytes,
        metavar="SIZE",
        help="largest page read (e.g. 10M; default 50M); larger pages are listed as failed",
    )
    cl.add_argument(
        "--templates",
        action="store_true",
        help="learn the blocks that recur across the pages of one site in this run and remove them",
    )

    fe = sub.add_parser(
        "fetch",
        parents=[shared],
        help="fetch URLs, keep the raw captures, and clean them",
        description="Fetch http(s) URLs politely (concurrency limits overall and per host, retries with backoff "
        "on 429 and 5xx, a redirect limit, a size cap, HTML/XHTML/text only), keep each raw capture and clean it.",
        epilog=_FETCH_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    fe.add_argument("urls", nargs="*", metavar="URL", help="URLs to fetch")
    fe.add_argument("--urls", dest="url_file", metavar="FILE", help="a file of URLs, one per line (- for stdin)")
    fe.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="a folder (one file per URL, raw captures in OUT/raw/), a FILE.jsonl, or - for stdout (the default)",
    )
    fe.add_argument(
        "--format",
        choices=("json", "jsonl", "txt", "md"),
        help="output format (default: jsonl on stdout and in FILE.jsonl; json in a folder)",
    )
    fe.add_argument(
        "--respect-robots",
        action="store_true",
        help="ask each site's robots.txt first and skip the URLs it disallows for our User-Agent",
    )
    fe.add_argument("--concurrency", type=_count(1), default=16, metavar="N", help="requests at once (default 16)")
    fe.add_argument("--per-host", type=_count(1), default=2, metavar="N", help="requests at once per host (default 2)")
    fe.add_argument(
        "--fetch-timeout", type=_seconds, default=30.0, metavar="SECONDS", help="deadline per request (default 30)"
    )
    fe.add_argument("--retries", type=_count(0), default=3, metavar="N", help="retries on 429/5xx (default 3)")
    fe.add_argument(
        "--backoff", type=_seconds, default=1.0, metavar="SECONDS", help="first retry delay, doubled each time"
    )
    fe.add_argument("--max-redirects", type=_count(0), default=5, metavar="N", help="redirects followed (default 5)")
    fe.add_argument(
        "--max-bytes", type=_size, default=10 * 1024 * 1024, metavar="SIZE", help="largest body (default 10M)"
    )
    fe.add_argument("--user-agent", metavar="TEXT", help="User-Agent header (default: cleaner/<version> (+url))")

    ev = sub.add_parser(
        "eval",
        help="score cleaner on a corpus with gold answers",
        description="Clean every page of CORPUS_DIR (pages/ + gold.jsonl) and print body P/R/F1, metadata accuracy, "
        "the worst pages, and time per page beside trafilatura's extract().",
        epilog="examples:\n  cleaner eval ../shared/corpora/aeb-dev\n"
        "  cleaner eval ../shared/corpora/aeb-dev-text --no-reference --worst 5\n",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ev.add_argument("corpus", nargs="+", metavar="CORPUS_DIR", help="corpus folder(s)")
    ev.add_argument("--worst", type=int, default=10, help="how many worst pages to list (default 10)")
    ev.add_argument("--no-reference", action="store_true", help="do not run trafilatura beside cleaner")
    ev.add_argument("--json", action="store_true", help="print the scores as JSON instead of text")
    ev.add_argument("--limit", type=int, default=None, help="only the first N pages")
    ev.add_argument(
        "--capture-style",
        choices=("paste", "dump"),
        default=None,
        help="re-render a text corpus's innerText captures as a copy-paste ('paste': no blank lines) or a text "
        "browser dump ('dump': wrapped at 76 columns) before cleaning",
    )
    return parser


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Parse the command line ``argv`` (default ``sys.argv[1:]``); exits with status 2 on a usage error."""
    return _build_parser().parse_args(argv)


# -- shared helpers ------------------------------------------------------------------------------------------------


class _UsageError(Exception):
    """A mistake in the command line that argparse cannot see (a missing input path): exit status 2."""


@dataclass(slots=True)
class _Stats:
    pages: int = 0
    cleaned: int = 0
    flagged: int = 0
    failed: int = 0
    skipped: int = 0

    def summary(self, seconds: float) -> str:
        done = self.cleaned + self.failed
        rate = f", {done / seconds:.1f} pages/s" if seconds > 0 and done else ""
        pages = "1 page" if self.pages == 1 else f"{self.pages} pages"
        return (
            f"cleaner: {pages} in {seconds:.1f} s{rate}: {self.cleaned} cleaned "
            f"({self.flagged} flagged), {self.failed} failed, {self.skipped} skipped"
        )


def _options(args: argparse.Namespace, **limits: Any) -> Any:
    from .options import Options

    return Options(
        explain=args.explain,
        with_metadata=not args.no_metadata,
        captions_in_text=args.captions_in_text,
        favor=args.favor,
        **limits,
    )


def _limits(args: argparse.Namespace) -> Any:
    from .options import Limits

    return Limits(timeout=args.timeout or None)


def _progress(args: argparse.Namespace, total: int | None, *, unit: str = "page") -> Any:
    """A tqdm bar on stderr, shown only on a terminal and without ``--quiet``; ``unit="B"`` counts bytes."""
    from tqdm import tqdm

    return tqdm(
        total=total,
        unit=unit,
        unit_scale=unit == "B",
        unit_divisor=1024,
        file=sys.stderr,
        disable=args.quiet or not sys.stderr.isatty(),
        dynamic_ncols=True,
        smoothing=0.1,
    )


class _ByteProgress:
    """Progress over the bytes of the input files (for WARC files, whose page count is unknown until read): the
    bar moves as the reader advances through each file, so it shows bytes read and an ETA. Pages are counted in
    the bar's postfix. Has the one method the clean loop calls on a page bar, ``update``."""

    def __init__(self, bar: Any) -> None:
        self.bar = bar
        self.pages = 0

    def update(self, pages: int = 1) -> None:
        self.pages += pages
        if not self.bar.disable:
            self.bar.set_postfix_str(f"{self.pages} pages", refresh=False)

    def read(self, size: int) -> None:
        if size > 0:
            self.bar.update(size)

    def close(self) -> None:
        self.bar.close()


def _failure(flags: dict[str, str]) -> str | None:
    for name in FAILURE_FLAGS:
        if name in flags:
            return f"{name}: {flags[name]}"
    return None


def _clean_and_write(
    items: Iterable[Any],
    sink: Any,
    *,
    options: Any,
    limits: Any,
    workers: int | None,
    stats: _Stats,
    bar: Any,
    templates: bool = False,
) -> None:
    """Clean the pages of ``items`` (sources.Item-like: id, name, url, page, error, skipped) in the pool and write
    each result; skipped, already written (``sink.seen``) and unreadable items are counted on the way. A reader of
    stdout that went away (EPIPE) and a full disk end the run at once; other write errors fail one page."""
    from .batch import clean_pages

    pending: deque[Any] = deque()

    def pages() -> Iterator[Any]:
        for item in items:
            stats.pages += 1
            if item.skipped or (item.page is not None and sink.seen(item.id)):
                stats.skipped += 1
                bar.update(1)
            elif item.page is None:
                stats.failed += 1
                sink.error(item.id, item.error or "unreadable", url=item.url, name=item.name)
                bar.update(1)
            else:
                pending.append(item)
                yield item.page

    # closing(): an exception here (EPIPE, a full disk) stops the workers now, not when the generator is collected.
    results = clean_pages(pages(), workers=workers, options=options, limits=limits, templates=templates)
    with contextlib.closing(results):
        for page, article in results:
            item = pending.popleft()
            if page.id != item.page.id:  # clean_pages() promises input order; writing under wrong names is worse
                raise CleanerError(f"internal error: result for {page.id!r} arrived in place of {item.page.id!r}")
            bar.update(1)
            failure = _failure(article.flags)
            if failure is not None:
                stats.failed += 1
                sink.error(item.id, failure, url=item.url, name=item.name)
                continue
            try:
                sink.write(item.name, item.id, article)
            except OutputError as exc:
                stats.failed += 1
                sink.error(item.id, str(exc), url=item.url, name=item.name)
                continue
            except OSError as exc:
                if exc.errno in (errno.EPIPE, errno.ENOSPC, errno.EDQUOT, errno.EROFS):
                    raise  # every later page would fail the same way: stop the run
                stats.failed += 1
                sink.error(item.id, f"cannot write the output: {exc.strerror or exc}", url=item.url, name=item.name)
                continue
            stats.cleaned += 1
            if article.flags:
                stats.flagged += 1


def _utf8_stdout() -> IO[str]:
    stream = sys.stdout
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None and (getattr(stream, "encoding", "") or "").lower().replace("-", "") != "utf8":
        # Already written to, or not reconfigurable: keep it as it is.
        with contextlib.suppress(ValueError, OSError):
            reconfigure(encoding="utf-8")
    return stream


# -- clean ---------------------------------------------------------------------------------------------------------


def _output_mode(args: argparse.Namespace) -> tuple[str, Path | None]:
    """ "stream" (stdout), "folder" (one file per page) or "file" (one file), and the path."""
    from .output import SUFFIXES

    if args.output in (None, "-"):
        return "stream", None
    path = Path(args.output)
    if path.is_dir() or path.suffix.lower() not in SUFFIXES.values():
        return "folder", path
    return "file", path


def _sink_for_clean(args: argparse.Namespace, mode: str, path: Path | None, inputs: Sequence[Any]) -> Any:
    """The sink ``-o`` asks for; an unusable output path is a usage error (exit 2)."""
    from .output import SUFFIXES, FileSink, FolderSink, JsonlSink, StreamSink

    try:
        if mode == "stream" or path is None:
            return StreamSink(_utf8_stdout(), args.format or "jsonl")
        if mode == "folder":
            return FolderSink(path, args.format or "json", explain=args.explain, force=args.force)
        fmt = args.format or {suffix: fmt for fmt, suffix in SUFFIXES.items()}[path.suffix.lower()]
        if args.explain:
            raise _UsageError(
                "--explain writes beside each page's file: use -o FOLDER (or read 'removed' in JSON lines)"
            )
        if fmt == "jsonl":
            return JsonlSink(path, force=args.force)
        if len(inputs) != 1 or inputs[0].path is None:
            raise _UsageError(f"-o {args.output}: one {fmt} file holds one page; use -o FOLDER or a .jsonl file")
        return FileSink(path, fmt, force=args.force)
    except OutputError as exc:
        raise _UsageError(str(exc)) from None


def _is_warc_name(path: Path | None) -> bool:
    return path is not None and path.name.lower().endswith((".warc", ".warc.gz", ".arc", ".arc.gz"))


def _files_left_out(paths: Sequence[str], inputs: Sequence[Any], skip_dirs: Sequence[Path]) -> tuple[int, int]:
    """(files under the folders given, of which left out by --include/--exclude): the walk counted again, hidden
    entries and the output folder skipped as the input walk skips them."""
    skipped = {os.path.realpath(d) for d in skip_dirs}
    total = 0
    folders = [given for given in paths if given != "-" and os.path.isdir(given)]
    for given in folders:
        for folder, dirs, files in os.walk(given):
            dirs[:] = [
                d for d in dirs if not d.startswith(".") and os.path.realpath(os.path.join(folder, d)) not in skipped
            ]
            total += sum(1 for file in files if not file.startswith("."))
    named = sum(1 for given in paths if given == "-" or not os.path.isdir(given))
    taken = len(inputs) - named
    return total, max(0, total - taken)


def _read_items(inputs: Sequence[Any], sink: Any, max_bytes: int, progress: _ByteProgress | None) -> Iterator[Any]:
    """The pages of ``inputs`` (see :func:`cleaner.sources.iter_items`), one input at a time so that, with a byte
    progress bar, each file's read position can be followed: a WARC file is opened here and handed to the reader
    as a stream, whose position after each record is the bytes read so far."""
    from .output import NameRegistry
    from .sources import Input, iter_items

    registry = NameRegistry()  # one for the whole run: names stay unique across inputs
    for source in inputs:
        if progress is None or source.path is None:
            yield from iter_items([source], skip=sink.done, max_bytes=max_bytes, registry=registry)
            continue
        size = _size_of(source.path)
        if not _is_warc_name(source.path):
            yield from iter_items([source], skip=sink.done, max_bytes=max_bytes, registry=registry)
            progress.read(size)
            continue
        try:
            handle = open(source.path, "rb")  # noqa: SIM115 - closed below, after the generator is done
        except OSError:
            yield from iter_items([source], skip=sink.done, max_bytes=max_bytes, registry=registry)  # reports it
            continue
        done = 0
        with handle:
            stream = Input(None, source.label, source.name)
            for item in iter_items([stream], skip=sink.done, max_bytes=max_bytes, registry=registry, stdin=handle):
                position = handle.tell()
                progress.read(position - done)
                done = position
                yield item
        progress.read(size - done)


def _size_of(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _cmd_clean(args: argparse.Namespace) -> int:
    from .sources import DEFAULT_INCLUDE, discover

    options = _options(args, max_input_bytes=args.max_bytes)
    for given in args.paths:
        if given != "-" and not os.path.exists(given):
            raise _UsageError(f"no such file or folder: {given}")
    if args.paths.count("-") > 1:
        raise _UsageError("stdin (-) can be read only once")
    mode, out_path = _output_mode(args)
    include = tuple(args.include) if args.include else DEFAULT_INCLUDE
    skip_dirs = [out_path] if mode == "folder" and out_path is not None else []
    inputs = discover(args.paths, include=include, exclude=tuple(args.exclude), skip_dirs=skip_dirs)
    total, left_out = _files_left_out(args.paths, inputs, skip_dirs)
    patterns = f"--include {' '.join(include)}" + (f" --exclude {' '.join(args.exclude)}" if args.exclude else "")
    if not inputs:
        raise _UsageError(f"no file to clean: none of the {total} files in the folders given matches {patterns}")
    sink = _sink_for_clean(args, mode, out_path, inputs)
    if left_out and not args.quiet:
        print(f"cleaner: {left_out} of {total} files in the folders given left out by {patterns}", file=sys.stderr)
    stats = _Stats()
    warc_like = any(i.path is None or _is_warc_name(i.path) for i in inputs)
    byte_progress: _ByteProgress | None = None
    bar: Any
    if any(_is_warc_name(i.path) for i in inputs):
        # WARC files: the page count is unknown until they are read, so the bar counts the input bytes instead.
        total_bytes = sum(_size_of(i.path) for i in inputs if i.path is not None)
        byte_progress = _ByteProgress(_progress(args, total_bytes, unit="B"))
        bar = byte_progress
    else:
        bar = _progress(args, None if warc_like else len(inputs))
    workers = args.workers
    if workers is None and not warc_like:
        from .batch import default_workers

        workers = max(1, min(default_workers(), len(inputs)))  # no idle workers to start for a handful of pages
    started = time.monotonic()
    finished = False
    try:
        items = _read_items(inputs, sink, args.max_bytes, byte_progress)
        _clean_and_write(
            items,
            sink,
            options=options,
            limits=_limits(args),
            workers=workers,
            stats=stats,
            bar=bar,
            templates=args.templates,
        )
        finished = True
    finally:
        bar.close()
        abort = getattr(sink, "abort", None)
        if finished or abort is None:
            sink.close()
        else:
            abort()
    if not args.quiet:
        print(stats.summary(time.monotonic() - started), file=sys.stderr)
        if mode == "folder" and out_path is not None and stats.failed:
            print(f"cleaner: the pages that failed are listed in {out_path / 'errors.jsonl'}", file=sys.stderr)
    return 1 if stats.failed else 0


# -- eval ----------------------------------------------------------------------------------------------------------


def _cmd_eval(args: argparse.Namespace) -> int:
    from .evaluate import evaluate_corpus, format_report

    for folder in args.corpus:
        report = evaluate_corpus(
            folder, with_reference=not args.no_reference, limit=args.limit, capture_style=args.capture_style
        )
        if args.json:
            print(json.dumps(report.to_dict()))
        else:
            print(format_report(report, worst=args.worst))
    return 0


# -- main ----------------------------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line ``argv`` (default ``sys.argv[1:]``); return the exit status."""
    args = parse_args(argv)
    try:
        if args.command == "fetch":
            from .cli_fetch import cmd_fetch

            return cmd_fetch(args)
        return _cmd_clean(args) if args.command == "clean" else _cmd_eval(args)
    except (_UsageError, OptionsError) as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 2
    except CleanerError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # `cleaner clean ... | head`: the reader left. Stop at once, say nothing, and exit as a process killed by
        # SIGPIPE would (141, what shells report for `yes | head`). stdout is pointed at /dev/null so that the
        # interpreter's last flush at exit cannot complain either.
        with contextlib.suppress(OSError, ValueError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except OSError as exc:  # disk full, permission denied on the output folder
        where = f": {exc.filename}" if exc.filename else ""
        print(f"Error: {exc.strerror or exc}{where}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return 130
