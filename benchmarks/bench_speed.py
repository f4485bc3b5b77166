"""Speed and memory of clean() beside trafilatura's extract() (defaults), in one run, as ratios.

  python benchmarks/bench_speed.py [--corpora ../shared/corpora] [--repeat 3]

HTML (aeb-dev and wcxb-dev): each page is cleaned by both, interleaved, ``--repeat`` times; the median over pages of
the per-page median time is reported for each and as a ratio (cleaner / trafilatura; target <= 1.0). cleaner gets the
page bytes as stored (wcxb-dev pages are gzipped), trafilatura the decompressed HTML, as its users would hold it.
``--pages`` takes that many pages spread evenly over each corpus (all of aeb-dev's 89 by default).
``--clock cpu`` times with the process's CPU time instead of the wall clock: on a machine shared with other work
the wall clock also counts the time the process waited for a core, CPU time does not (both systems are timed alike).
Text captures (aeb-dev-text): pages per second of clean() on one core (target >= 500).
Memory: each system cleans the whole corpus in a fresh child process; the child reports its peak resident memory
(VmHWM) and the part of it above what it held after importing and warming up.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def pages(folder: Path, limit: int | None = None) -> list[bytes]:
    paths = sorted((folder / "pages").iterdir())
    if limit is not None and len(paths) > limit:
        step = len(paths) / limit
        paths = [paths[int(i * step)] for i in range(limit)]
    return [p.read_bytes() for p in paths]


def _plain(page: bytes) -> bytes:
    return gzip.decompress(page) if page[:2] == b"\x1f\x8b" else page


def html_times(data: list[bytes], repeat: int, clock: Callable[[], float] = time.perf_counter) -> tuple[float, float]:
    import trafilatura

    from cleaner import clean

    for page in data[:5]:  # warm up imports and caches of both
        clean(page)
        trafilatura.extract(_plain(page))
    ours: list[float] = []
    theirs: list[float] = []
    for page in data:
        plain = _plain(page)
        a, b = [], []
        for _ in range(repeat):
            t = clock()
            clean(page)
            a.append(clock() - t)
            t = clock()
            trafilatura.extract(plain)
            b.append(clock() - t)
        ours.append(statistics.median(a))
        theirs.append(statistics.median(b))
    return statistics.median(ours), statistics.median(theirs)


def text_rate(data: list[bytes], repeat: int) -> float:
    from cleaner import clean

    for page in data[:5]:
        clean(page)
    start = time.perf_counter()
    for _ in range(repeat):
        for page in data:
            clean(page)
    return repeat * len(data) / (time.perf_counter() - start)


MEMORY_CHILD = """
import gzip, sys, pathlib
def status(key):  # VmHWM / VmRSS in KiB; ru_maxrss would carry the parent's high-water mark across exec
    for line in open("/proc/self/status"):
        if line.startswith(key + ":"):
            return int(line.split()[1])
system, folder = sys.argv[1], pathlib.Path(sys.argv[2])
if system == "cleaner":
    from cleaner import clean as run
else:
    import trafilatura
    def run(page):
        return trafilatura.extract(gzip.decompress(page) if page[:2] == b"\\x1f\\x8b" else page)
run(b"<html><body><p>warm up the imports</p></body></html>")
base = status("VmRSS")
paths = sorted((folder / "pages").iterdir())
limit = int(sys.argv[3])
step = max(1, len(paths) // limit)
for p in paths[::step][:limit]:
    run(p.read_bytes())
peak = status("VmHWM")
print(base, peak)
"""


def peak_memory(system: str, folder: Path, limit: int) -> tuple[float, float]:
    out = subprocess.run(
        [sys.executable, "-c", MEMORY_CHILD, system, str(folder), str(limit)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    base, peak = int(out[0]) / 1024, int(out[1]) / 1024  # KiB -> MiB on Linux
    return peak, peak - base


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pages", type=int, default=200, help="pages per corpus at most, spread evenly")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    parser.add_argument(
        "--clock", choices=("wall", "cpu"), default="wall", help="time with the wall clock or the process's CPU time"
    )
    args = parser.parse_args()
    figures: dict[str, float] = {}
    lines: list[str] = []
    for corpus in ("aeb-dev", "wcxb-dev"):
        folder = args.corpora / corpus
        if not folder.is_dir():
            sys.exit(f"no corpus at {folder}")
        clock = time.perf_counter if args.clock == "wall" else time.process_time
        ours, theirs = html_times(pages(folder, args.pages), args.repeat, clock)
        figures[f"{corpus}_median_ms_cleaner"] = ours * 1000
        figures[f"{corpus}_median_ms_trafilatura"] = theirs * 1000
        figures[f"{corpus}_ratio"] = ours / theirs
        lines.append(
            f"{corpus} HTML, median {args.clock} time per page: cleaner {ours * 1000:.1f} ms, "
            f"trafilatura extract() {theirs * 1000:.1f} ms, ratio {ours / theirs:.2f} (target <= 1.00)"
        )
        for system in ("cleaner", "trafilatura"):
            peak, above = peak_memory(system, folder, args.pages)
            figures[f"{corpus}_peak_rss_mib_{system}"] = peak
            figures[f"{corpus}_peak_rss_above_imports_mib_{system}"] = above
            lines.append(f"peak RSS cleaning {corpus}, {system}: {peak:.0f} MiB ({above:.0f} MiB above imports)")
    text_dir = args.corpora / "aeb-dev-text"
    if text_dir.is_dir():
        figures["text_pages_per_s"] = text_rate(pages(text_dir), args.repeat)
        lines.append(f"aeb-dev-text, one core: {figures['text_pages_per_s']:.0f} pages/s (target >= 500)")
    if args.json:
        print(json.dumps(figures))
        return 0
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
