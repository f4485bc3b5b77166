"""The command line: a thin layer over the library.

``cleaner clean`` (files, folders, WARC, stdin -> articles), ``cleaner fetch`` (URLs -> raw captures + articles),
``cleaner eval`` (score on a corpus). Exit codes: 0 every page cleaned, 1 some page failed (or a library error:
one ``Error: ...`` line), 2 a usage error (bad flag, missing input path, an unusable output path, no input file
matched), 130 interrupted, 141 the reader of stdout went away (``| head``).

This module holds the parser, what the commands share (the clean-and-write loop, the progress bar, the options) and
``main``; ``clean`` is in :mod:`cleaner.cli_clean`, ``fetch`` in :mod:`cleaner.cli_fetch`.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import json
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
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
    fe.add_argument(
        "--allow-private", action="store_true", help="also fetch loopback/private addresses (never link-local/metadata)"
    )

    ev = sub.add_parser(
        "eval",
        help="score cleaner on a corpus with gold answers",
        description="Clean every page of CORPUS_DIR (pages/ + gold.jsonl) and print body P/R/F1, metadata accuracy, "
        "the worst pages, and time per page beside trafilatura's extract().",
        epilog="examples:\n  cleaner eval ../shared/corpora/aeb-dev\n"
        "  cleaner eval ../shared/corpora/aeb-dev-text --no-reference --worst 5\n"
        "  cleaner eval ../shared/corpora/wcxb-dev --split check   # the pages never trained or tuned on\n",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ev.add_argument("corpus", nargs="+", metavar="CORPUS_DIR", help="corpus folder(s)")
    ev.add_argument("--worst", type=int, default=10, help="how many worst pages to list (default 10)")
    ev.add_argument("--no-reference", action="store_true", help="do not run trafilatura beside cleaner")
    ev.add_argument("--json", action="store_true", help="print the scores as JSON instead of text")
    ev.add_argument("--limit", type=int, default=None, help="only the first N pages")
    ev.add_argument(
        "--split",
        choices=("all", "check", "train"),
        default="all",
        help="which pages: all (default; the report also shows the check split), check (the 20%% never trained or "
        "tuned on, grouped by site, as ../shared/corpora/README.md defines), or train (the rest)",
    )
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
                sink.write(item.name, item.id, article, source=item.warc)
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


# -- eval ----------------------------------------------------------------------------------------------------------


def _cmd_eval(args: argparse.Namespace) -> int:
    from .evaluate import evaluate_corpus, format_report

    for folder in args.corpus:
        report = evaluate_corpus(
            folder,
            with_reference=not args.no_reference,
            limit=args.limit,
            capture_style=args.capture_style,
            split=args.split,
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
        if args.command == "clean":
            from .cli_clean import cmd_clean

            return cmd_clean(args)
        return _cmd_eval(args)
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
