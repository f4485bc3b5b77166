"""How ``cleaner clean --workers N`` scales: pages/s with 1 and 2 workers, the speed-up, peak memory per worker.

    .venv/bin/python benchmarks/bench_workers.py [--pages 1000] [--workers 1 2] [--corpora aeb-dev readability-dev]

Builds a folder of >= ``--pages`` pages in a temporary directory by repeating the pages of the shared corpora
(``../shared/corpora``; nothing is committed), then runs ``python -m cleaner clean FOLDER -o OUT --workers N --quiet``
as a subprocess for each N and times it end to end (process start, worker start-up and writing included). While it
runs, /proc is sampled every 0.1 s for the command's process tree; each process's peak resident set (VmHWM) is kept.
The sandbox workers are the processes that run ``clean()``; "per worker" is the largest of their peaks.

Linux only (/proc). The speed-up target is >= 1.8x with 2 workers; on a machine whose cores are shared with other
jobs the figure says as much about the neighbours as about cleaner: the load average is printed beside it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT.parent / "shared" / "corpora"


def build_folder(target: Path, pages: int, corpora: list[str]) -> int:
    """Copy corpus pages into ``target`` (round-robin over the corpora, repeated) until there are ``pages``."""
    sources = sorted(p for name in corpora for p in (CORPORA / name / "pages").iterdir() if p.is_file())
    if not sources:
        raise SystemExit(f"no pages under {CORPORA} for {corpora}")
    for i in range(pages):
        source = sources[i % len(sources)]
        folder = target / f"batch-{i // 250:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, folder / f"{i:05d}-{source.name}")
    return pages


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                stat = handle.read()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        tree.setdefault(ppid, []).append(int(entry))
    return tree


def _descendants(pid: int) -> dict[int, int]:
    """Every process below ``pid``, with its depth (1: a child)."""
    tree = _children()
    found: dict[int, int] = {}
    todo = [(pid, 0)]
    while todo:
        current, depth = todo.pop()
        for child in tree.get(current, []):
            found[child] = depth + 1
            todo.append((child, depth + 1))
    return found


def _cpu_seconds(pid: int) -> float | None:
    """User + system CPU time a process has used so far."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _status(pid: int) -> tuple[str, int] | None:
    """(name, VmHWM in bytes) of a process, or None when it is gone."""
    try:
        with open(f"/proc/{pid}/status") as handle:
            name = ""
            for line in handle:
                if line.startswith("Name:"):
                    name = line.split()[1]
                if line.startswith("VmHWM:"):
                    return name, int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def run(folder: Path, out: Path, workers: int) -> dict[str, float]:
    """One timed run; the peaks of the main process and of each worker."""
    argv = [sys.executable, "-m", "cleaner", "clean", str(folder), "-o", str(out), "--workers", str(workers), "-q"]
    started = time.perf_counter()
    process = subprocess.Popen(argv, cwd=ROOT)
    peaks: dict[int, int] = {}
    cpus: dict[int, float] = {}  # last CPU time seen (a worker's last 0.1 s may be missed: a small undercount)
    depths: dict[int, int] = {process.pid: 0}
    while process.poll() is None:
        depths.update(_descendants(process.pid))
        for pid in list(depths):
            status = _status(pid)
            if status is not None:
                peaks[pid] = max(status[1], peaks.get(pid, 0))
            cpu = _cpu_seconds(pid)
            if cpu is not None:
                cpus[pid] = cpu
        time.sleep(0.1)
    seconds = time.perf_counter() - started
    if process.returncode not in (0, 1):
        raise SystemExit(f"cleaner exited with {process.returncode}")
    # The command's own children are helpers (the multiprocessing forkserver, the resource tracker); the sandbox
    # workers are forked by the forkserver, so they are its children: depth 2.
    main_peak = peaks.get(process.pid, 0)
    workers_peaks = [peak for pid, peak in peaks.items() if depths.get(pid, 0) >= 2]
    helpers = [peak for pid, peak in peaks.items() if depths.get(pid, 0) == 1]
    outputs = sum(1 for _ in out.rglob("*.json"))
    return {
        "seconds": seconds,
        "outputs": outputs,
        "main_mib": main_peak / 2**20,
        "worker_mib": max(workers_peaks, default=0) / 2**20,
        "processes": len(workers_peaks),
        "helper_mib": max(helpers, default=0) / 2**20,
        "main_cpu": cpus.get(process.pid, 0.0),
        "workers_cpu": sum(cpu for pid, cpu in cpus.items() if depths.get(pid, 0) >= 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--corpora", nargs="+", default=["aeb-dev", "readability-dev", "aeb-dev-text"])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cleaner-bench-") as tmp:
        folder = Path(tmp) / "pages"
        pages = build_folder(folder, args.pages, args.corpora)
        size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
        print(f"{pages} pages ({size / 2**20:.0f} MiB) from {', '.join(args.corpora)}; cpus={os.cpu_count()}")
        results = {}
        for workers in args.workers:
            load_before = os.getloadavg()[0]
            result = run(folder, Path(tmp) / f"out-{workers}", workers)
            results[workers] = result
            print(
                f"workers={workers}: {result['seconds']:.1f} s, {pages / result['seconds']:.1f} pages/s, "
                f"{result['outputs']} outputs; peak RSS: main {result['main_mib']:.0f} MiB, "
                f"per worker {result['worker_mib']:.0f} MiB ({result['processes']} worker processes seen), "
                f"helpers {result['helper_mib']:.0f} MiB; CPU s: main {result['main_cpu']:.1f}, "
                f"workers {result['workers_cpu']:.1f}; "
                f"load average before {load_before:.2f}, after {os.getloadavg()[0]:.2f}"
            )
        if 1 in results and len(results) > 1:
            for workers, result in results.items():
                if workers != 1:
                    speedup = results[1]["seconds"] / result["seconds"]
                    print(f"speed-up {workers} workers vs 1: {speedup:.2f}x")


if __name__ == "__main__":
    main()
