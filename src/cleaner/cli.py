"""The command line: a thin layer over the library.

``cleaner clean`` (files, folders, WARC, stdin -> articles), ``cleaner fetch`` (URLs -> raw captures + articles),
``cleaner eval`` (score on a corpus). Exit codes: 0 every page cleaned, 1 some page failed (or a library error:
one ``Error: ...`` line), 2 a usage error (bad flag, missing input path), 130 interrupted.
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
  cleaner fetch https://example.com/news/story -o out/
  cleaner fetch --urls urls.txt -o out/ --concurrency 8 --per-host 2

Each URL gives out/raw/<name>.html (the body as fetched) with out/raw/<name>.meta.json (status, headers, final
URL), and out/<name>.json (the article). Failures go to out/errors.jsonl. A rerun skips URLs already done and
re-cleans captures already fetched without fetching them again.
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
    cl.add_argument("--follow-symlinks", action="store_true", help="read symlinked files that lead out of the folders")
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
    fe.add_argument("-o", "--output", required=True, metavar="OUT", help="output folder")
    fe.add_argument("--format", choices=("json", "txt", "md"), default="json", help="output format (default json)")
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
    fe.add_argument(
        "--allow-private", action="store_true", help="also fetch loopback/private addresses (never link-local/metadata)"
    )

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
        timeout=args.timeout or None,
        **limits,
    )


def _progress(args: argparse.Namespace, total: int | None) -> Any:
    from tqdm import tqdm

    return tqdm(
        total=total,
        unit="page",
        file=sys.stderr,
        disable=args.quiet or not sys.stderr.isatty(),
        dynamic_ncols=True,
        smoothing=0.1,
    )


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
    workers: int | None,
    stats: _Stats,
    bar: Any,
    templates: bool = False,
) -> None:
    """Clean the pages of ``items`` (sources.Item-like: id, name, url, page, error, skipped) in the pool and write
    each result; skipped and unreadable items are counted on the way."""
    from .batch import clean_pages

    pending: deque[Any] = deque()

    def pages() -> Iterator[Any]:
        for item in items:
            stats.pages += 1
            if item.skipped:
                stats.skipped += 1
                bar.update(1)
            elif item.page is None:
                stats.failed += 1
                sink.error(item.id, item.error or "unreadable", url=item.url)
                bar.update(1)
            else:
                pending.append(item)
                yield item.page

    for page, article in clean_pages(pages(), workers=workers, options=options, templates=templates):
        item = pending.popleft()
        if page.id != item.page.id:  # clean_pages() promises input order; writing under wrong names is worse
            raise CleanerError(f"internal error: result for {page.id!r} arrived in place of {item.page.id!r}")
        bar.update(1)
        failure = _failure(article.flags)
        if failure is not None:
            stats.failed += 1
            sink.error(item.id, failure, url=item.url)
            continue
        try:
            sink.write(item.name, item.id, article)
        except OutputError as exc:
            stats.failed += 1
            sink.error(item.id, str(exc), url=item.url)
            continue
        except OSError as exc:
            if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS):
                raise  # every later page would fail the same way: stop the run
            stats.failed += 1
            sink.error(item.id, f"cannot write the output: {exc.strerror or exc}", url=item.url)
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
    from .output import SUFFIXES, FileSink, FolderSink, StreamSink

    if mode == "stream" or path is None:
        return StreamSink(_utf8_stdout(), args.format or "jsonl")
    if mode == "folder":
        return FolderSink(path, args.format or "json", explain=args.explain, force=args.force)
    fmt = args.format or {suffix: fmt for fmt, suffix in SUFFIXES.items()}[path.suffix.lower()]
    if fmt != "jsonl" and (len(inputs) != 1 or inputs[0].path is None):
        raise _UsageError(f"-o {args.output}: one {fmt} file holds one page; use -o FOLDER or a .jsonl file")
    if args.explain:
        raise _UsageError("--explain writes beside each page's file: use -o FOLDER (or read 'removed' in JSON lines)")
    return FileSink(path, fmt, force=args.force)


def _cmd_clean(args: argparse.Namespace) -> int:
    from .sources import DEFAULT_INCLUDE, discover, iter_items

    options = _options(args, max_input_bytes=args.max_bytes)
    for given in args.paths:
        if given != "-" and not os.path.exists(given):
            raise _UsageError(f"no such file or folder: {given}")
    if args.paths.count("-") > 1:
        raise _UsageError("stdin (-) can be read only once")
    mode, out_path = _output_mode(args)
    inputs = discover(
        args.paths,
        include=tuple(args.include) if args.include else DEFAULT_INCLUDE,
        exclude=tuple(args.exclude),
        skip_dirs=[out_path] if mode == "folder" and out_path is not None else [],
        follow_symlinks=args.follow_symlinks,
    )
    sink = _sink_for_clean(args, mode, out_path, inputs)
    stats = _Stats()
    warc_like = any(
        i.path is None or i.path.name.lower().endswith((".warc", ".warc.gz", ".arc", ".arc.gz")) for i in inputs
    )
    bar = _progress(args, None if warc_like else len(inputs))
    workers = args.workers
    if workers is None and not warc_like:
        from .batch import default_workers

        workers = max(1, min(default_workers(), len(inputs)))  # no idle workers to start for a handful of pages
    started = time.monotonic()
    finished = False
    try:
        items = iter_items(inputs, skip=sink.done, max_bytes=args.max_bytes)
        _clean_and_write(items, sink, options=options, workers=workers, stats=stats, bar=bar, templates=args.templates)
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


# -- fetch ---------------------------------------------------------------------------------------------------------


def _read_urls(args: argparse.Namespace) -> list[str]:
    urls = list(args.urls)
    if args.url_file:
        if args.url_file == "-":
            text = sys.stdin.read()
        else:
            try:
                text = Path(args.url_file).read_text(encoding="utf-8")
            except FileNotFoundError:
                raise _UsageError(f"no such file: {args.url_file}") from None
        urls.extend(line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#"))
    if not urls:
        raise _UsageError("no URL given (name URLs, or --urls FILE)")
    return list(dict.fromkeys(urls))  # a URL listed twice is fetched once


def _cmd_fetch(args: argparse.Namespace) -> int:
    from .fetch import FetchConfig
    from .output import FolderSink, NameRegistry, url_name

    options = _options(args)
    config = FetchConfig(
        timeout=args.fetch_timeout or 30.0,
        max_bytes=args.max_bytes,
        max_redirects=args.max_redirects,
        retries=args.retries,
        backoff=args.backoff,
        concurrency=args.concurrency,
        per_host=args.per_host,
        user_agent=args.user_agent,
        allow_private=args.allow_private,
    )
    urls = _read_urls(args)
    out = Path(args.output)
    sink = FolderSink(out, args.format, explain=args.explain, force=args.force)
    raw_dir = out / "raw"
    registry = NameRegistry()
    names = {url: registry.claim(url_name(url), f"{index}") for index, url in enumerate(urls)}
    stats = _Stats()
    bar = _progress(args, len(urls))
    started = time.monotonic()
    try:
        items = _fetch_items(urls, names, sink, raw_dir, config, force=args.force)
        _clean_and_write(items, sink, options=options, workers=args.workers, stats=stats, bar=bar)
    finally:
        bar.close()
        sink.close()
    if not args.quiet:
        print(stats.summary(time.monotonic() - started), file=sys.stderr)
        if stats.failed:
            print(f"cleaner: the URLs that failed are listed in {out / 'errors.jsonl'}", file=sys.stderr)
    return 1 if stats.failed else 0


def _fetch_items(
    urls: Sequence[str],
    names: dict[str, str],
    sink: Any,
    raw_dir: Path,
    config: Any,
    *,
    force: bool,
) -> Iterator[Any]:
    """Items for the clean loop: done URLs are skipped, captures already on disk are re-cleaned without a request,
    the rest are fetched (concurrently) and their raw capture saved before they are cleaned."""
    from .batch import Page
    from .fetch import fetch_many
    from .output import atomic_write, redact_url
    from .sources import Item

    to_fetch: list[str] = []
    for url in urls:
        name, shown = names[url], redact_url(url)
        if sink.done(name):
            yield Item(shown, name, shown)
            continue
        capture = None if force else _load_capture(raw_dir, name)
        if capture is not None:
            data, meta = capture
            page = Page(shown, data, url=meta.get("final_url") or shown, charset=meta.get("charset"))
            yield Item(shown, name, shown, page=page)
            continue
        to_fetch.append(url)
    for url, result in fetch_many(to_fetch, config=config):
        name, shown = names[url], redact_url(url)
        if isinstance(result, CleanerError):
            yield Item(shown, name, shown, error=f"{getattr(result, 'reason', 'error')}: {result}")
            continue
        suffix = ".txt" if result.content_type == "text/plain" else ".html"
        # Body first, then its metadata: a capture counts as complete only when its .meta.json exists.
        for stale in raw_dir.glob(f"{name}.*"):
            if stale.name.endswith((".html", ".txt")) and stale.name != f"{name}{suffix}":
                stale.unlink(missing_ok=True)
        atomic_write(raw_dir / f"{name}{suffix}", result.content, overwrite=True)
        facts = json.dumps(result.meta(), ensure_ascii=False, indent=2) + "\n"
        atomic_write(raw_dir / f"{name}.meta.json", facts.encode("utf-8"), overwrite=True)
        yield Item(shown, name, shown, page=result.to_page(shown))


def _load_capture(raw_dir: Path, name: str) -> tuple[bytes, dict[str, Any]] | None:
    meta_path = raw_dir / f"{name}.meta.json"
    try:
        meta = json.loads(meta_path.read_bytes())
    except (OSError, ValueError):
        return None
    for suffix in (".html", ".txt"):
        body = raw_dir / f"{name}{suffix}"
        if body.is_file():
            return body.read_bytes(), meta if isinstance(meta, dict) else {}
    return None


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
    commands = {"clean": _cmd_clean, "fetch": _cmd_fetch, "eval": _cmd_eval}
    try:
        return commands[args.command](args)
    except (_UsageError, OptionsError) as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 2
    except CleanerError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # `cleaner clean ... | head`: the reader left; stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except OSError as exc:  # disk full, permission denied on the output folder
        where = f": {exc.filename}" if exc.filename else ""
        print(f"Error: {exc.strerror or exc}{where}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return 130
