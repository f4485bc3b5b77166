"""What rendering the body costs: the share of ``clean()``'s time spent drawing the Markdown and the plain text from
the typed blocks (``render.render_markdown`` / ``render_text``), and, for text captures, deciding the kind of each
kept line (``text.structure.line_kinds``: the rules and the structure model), per corpus.

    PYTHONPATH=src python benchmarks/bench_render.py [CORPUS ...] [--limit N]

One process, CPU time of the process. Each corpus is cleaned once before the clock runs (model loading and lazy
library loads are one-time costs). The rendering functions are wrapped by timers for the measured pass; the timers'
own overhead is counted as rendering, so the share is an upper bound. Issue 11's target: at most 10%.
"""

from __future__ import annotations

import argparse
import gzip
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cleaner import clean, extraction
from cleaner.text import blocks as text_blocks

CORPORA = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora"


def _pages(name: str, limit: int | None) -> list[bytes]:
    paths = sorted(p for p in (CORPORA / name / "pages").iterdir() if p.is_file())[:limit]
    return [gzip.decompress(p.read_bytes()) if p.suffix == ".gz" else p.read_bytes() for p in paths]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpora", nargs="*", default=["wcxb-dev", "aeb-dev", "wcxb-dev-text", "aeb-dev-text"])
    ap.add_argument("--limit", type=int, help="only the first N pages of each corpus")
    args = ap.parse_args()
    spent = [0.0]

    def timed(fn: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*a: Any, **k: Any) -> Any:
            start = time.process_time()
            try:
                return fn(*a, **k)
            finally:
                spent[0] += time.process_time() - start

        return wrapper

    wrapped = {
        (extraction, "render_markdown"): timed(extraction.render_markdown),
        (extraction, "render_text"): timed(extraction.render_text),
        (text_blocks, "line_kinds"): timed(text_blocks.line_kinds),
    }
    originals = {key: getattr(*key) for key in wrapped}
    print(f"{'corpus':<16} {'pages':>6} {'ms/page':>8} {'render ms':>10} {'share':>7}")
    for name in args.corpora:
        pages = _pages(name, args.limit)
        if not pages:
            ap.error(f"no pages under {CORPORA / name}")
        for data in pages:
            clean(data)
        for (module, attr), fn in wrapped.items():
            setattr(module, attr, fn)
        spent[0] = 0.0
        start = time.process_time()
        try:
            for data in pages:
                clean(data)
        finally:
            for (module, attr), fn in originals.items():
                setattr(module, attr, fn)
        total = time.process_time() - start
        n = len(pages)
        print(f"{name:<16} {n:>6} {total / n * 1000:>8.2f} {spent[0] / n * 1000:>10.2f} {spent[0] / total:>7.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
