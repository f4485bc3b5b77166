"""The command line: a thin layer over the library. ``cleaner eval`` for now; ``clean`` and ``fetch`` come next."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from .errors import CleanerError

__all__ = ["main", "parse_args"]


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cleaner",
        description="Strip boilerplate from captured web pages: clean article text plus metadata.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    ev = sub.add_parser(
        "eval",
        help="score cleaner on a corpus with gold answers",
        description="Clean every page of CORPUS_DIR (pages/ + gold.jsonl) and print body P/R/F1, metadata accuracy, "
        "the worst pages, and time per page beside trafilatura's extract().",
        epilog="example: cleaner eval ../shared/corpora/aeb-dev",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ev.add_argument("corpus", nargs="+", metavar="CORPUS_DIR", help="corpus folder(s)")
    ev.add_argument("--worst", type=int, default=10, help="how many worst pages to list (default 10)")
    ev.add_argument("--no-reference", action="store_true", help="do not run trafilatura beside cleaner")
    ev.add_argument("--json", action="store_true", help="print the scores as JSON instead of text")
    ev.add_argument("--limit", type=int, default=None, help="only the first N pages")
    return parser


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    return _build_parser().parse_args(argv)


def _cmd_eval(args: argparse.Namespace) -> int:
    from .evaluate import evaluate_corpus, format_report

    for folder in args.corpus:
        report = evaluate_corpus(folder, with_reference=not args.no_reference, limit=args.limit)
        if args.json:
            print(json.dumps(report.to_dict()))
        else:
            print(format_report(report, worst=args.worst))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        return {"eval": _cmd_eval}[args.command](args)
    except CleanerError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
