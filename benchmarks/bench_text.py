"""Text-path speed: pages per second over each text corpus, one process, model included.

    PYTHONPATH=src python benchmarks/bench_text.py [--repeat N]

Every page is read into memory first; the clock runs over ``clean()`` only. Each corpus is cleaned once before the
clock starts: model loading and the lazy loads of the libraries (dateparser compiles its language tables on its
first call, ~0.3 s, which in an 89-page corpus alone moved the figure by a third) are one-time costs of a process,
not per-page ones. Besides pages per second of wall time, the process's own CPU time is shown
(pages per CPU second): on a machine other work shares, that figure moves less than the wall-clock one.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from cleaner import clean

CORPORA = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("corpora", nargs="*", default=["wcxb-dev-text", "aeb-dev-text", "readability-dev-text"])
    args = ap.parse_args()
    for name in args.corpora:
        pages = [p.read_bytes() for p in sorted((CORPORA / name / "pages").glob("*.txt"))]
        if not pages:
            ap.error(f"no pages/*.txt under {CORPORA / name} (give corpus names, such as aeb-dev-text)")
        for data in pages:
            clean(data)
        start, cpu_start = time.perf_counter(), time.process_time()
        for _ in range(args.repeat):
            for data in pages:
                clean(data)
        seconds = time.perf_counter() - start
        cpu = time.process_time() - cpu_start
        n = len(pages) * args.repeat
        kib = sum(map(len, pages)) / len(pages) / 1024
        print(f"{name:<22} {n:>5} pages  {kib:5.1f} KiB/page  {n / seconds:7.1f} pages/s  {n / cpu:7.1f} pages/CPU-s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
