"""Pages/s through Ray Data on 2 CPUs against ``clean_many`` (process pool, 2 workers) on the same pages.

    .venv/bin/python benchmarks/bench_ray.py [--pages 600] [--batch-size 16] [--corpora aeb-dev aeb-dev-text]

The pages are the shared corpora's (``../shared/corpora``, read in place, nothing copied), repeated round-robin up
to ``--pages``, held in memory as bytes. Timed, each on the same pages:

- ``clean_many``: ``cleaner.batch.clean_many(pages, workers=2)``, two sandboxed worker processes;
- Ray, a local cluster started with ``ray.init(num_cpus=2)`` (its start-up is timed apart), then
  ``clean_dataset(ds, concurrency=2)`` over ``ray.data.from_items`` of the pages, one block per batch, in these
  variants: ``sandbox`` (the default: each Ray worker cleans in a sandbox child), ``in-worker`` (``sandbox=False``),
  and the in-worker path with the batches handed over as ``numpy`` and ``pandas`` instead of ``pyarrow``
  (``CleanBatch`` mapped directly), to show what the batch format costs.

A Ray run is timed from the call to ``take_all()`` until every row is on the driver: it includes starting the
workers (and their sandboxes) and their warm-up, as the ``clean_many`` run includes starting its workers. The
overhead is ``1 - (Ray pages/s) / (clean_many pages/s)``. Each Ray variant also runs a job of 4 batches first;
its time is mostly start-up, and (pages - small pages) / (time - small time) estimates the rate once the workers
run, which is what a long job sees. The 2 cores are shared with other jobs on this machine:
the load average is printed before and after, and figures from a busy machine say as much about the neighbours.

Each Ray row's text is compared with ``clean_many``'s for the same page, as a check that both ran the same code:
in a working tree that others edit while the benchmark runs, the Ray workers (started later) may import newer code.
To time a fixed version, run a snapshot: ``git archive HEAD | tar -x -C /tmp/snap`` and
``PYTHONPATH=/tmp/snap .venv/bin/python /tmp/snap/benchmarks/bench_ray.py --corpus-root ../shared/corpora``.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT.parent / "shared" / "corpora"
sys.path.insert(0, str(ROOT / "src"))

from cleaner import Article  # noqa: E402
from cleaner.batch import clean_many  # noqa: E402


def load_pages(root: Path, corpora: list[str], count: int) -> list[tuple[str, bytes]]:
    """``count`` (id, bytes) pairs, round-robin over the corpus pages (read from the shared folder, not copied)."""
    files = sorted(p for name in corpora for p in (root / name / "pages").iterdir() if p.is_file())
    if not files:
        raise SystemExit(f"no pages under {root} for {corpora}")
    data = [f.read_bytes() for f in files]
    return [(f"{i:05d}-{files[i % len(files)].name}", data[i % len(files)]) for i in range(count)]


def time_clean_many(pages: list[tuple[str, bytes]], workers: int) -> tuple[float, list[Article]]:
    started = time.perf_counter()
    articles = list(clean_many(pages, workers=workers))
    return time.perf_counter() - started, articles


def time_ray(ds: Any, variant: str, batch_size: int) -> tuple[float, list[dict[str, Any]]]:
    import ray.data

    from cleaner.ray import CleanBatch, clean_dataset

    if variant in ("sandbox", "in-worker"):
        out = clean_dataset(ds, batch_size=batch_size, concurrency=2, sandbox=variant == "sandbox")
    else:
        out = ds.map_batches(
            CleanBatch,
            fn_constructor_kwargs={"sandbox": False},
            batch_size=batch_size,
            batch_format=variant,
            compute=ray.data.ActorPoolStrategy(size=2),
            num_cpus=1,
        )
    started = time.perf_counter()
    rows = out.take_all()
    return time.perf_counter() - started, rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=600)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--corpora", nargs="+", default=["aeb-dev", "aeb-dev-text"])
    parser.add_argument("--corpus-root", type=Path, default=CORPORA, help="the folder that holds the corpora")
    parser.add_argument(
        "--variants", nargs="+", default=["sandbox", "in-worker", "numpy", "pandas"], help="Ray runs to time"
    )
    args = parser.parse_args(argv)

    pages = load_pages(args.corpus_root, args.corpora, args.pages)
    megabytes = sum(len(d) for _, d in pages) / 1e6
    print(f"{len(pages)} pages ({megabytes:.1f} MB) from {', '.join(args.corpora)}; load {os.getloadavg()[0]:.2f}")
    print(f"cleaner from {Path(sys.modules['cleaner'].__file__ or '?').parent}")

    seconds, reference = time_clean_many(pages, workers=2)
    base = len(pages) / seconds
    print(f"clean_many(workers=2)           {seconds:7.1f} s  {base:6.1f} pages/s")

    import ray
    import ray.data

    started = time.perf_counter()
    ray.init(num_cpus=2, include_dashboard=False, object_store_memory=512 * 1024 * 1024, log_to_driver=False)
    ray.data.DataContext.get_current().enable_progress_bars = False
    print(f"ray.init(num_cpus=2)            {time.perf_counter() - started:7.1f} s  (not counted below)")
    try:
        items = [{"id": page_id, "bytes": data} for page_id, data in pages]
        ds = ray.data.from_items(items, override_num_blocks=max(2, len(items) // args.batch_size)).materialize()
        expected = {page_id: article.text for (page_id, _), article in zip(pages, reference, strict=True)}
        # A job of 4 batches (2 per worker) costs mostly start-up; the difference to the full job gives the rate
        # once the workers run, which is what a long job sees.
        small_items = items[: 4 * args.batch_size]
        small = ray.data.from_items(small_items, override_num_blocks=4).materialize()
        for variant in args.variants:
            start_seconds, _ = time_ray(small, variant, args.batch_size)
            seconds, rows = time_ray(ds, variant, args.batch_size)
            rate = len(rows) / seconds
            steady = (len(rows) - len(small_items)) / max(seconds - start_seconds, 1e-9)
            same = sum(1 for row in rows if row["text"] == expected[row["id"]])
            print(
                f"ray {variant:<10} batch={args.batch_size:<4} {seconds:7.1f} s  {rate:6.1f} pages/s  "
                f"overhead {1 - rate / base:+6.1%}  | {len(small_items)}-page job {start_seconds:4.1f} s, "
                f"then {steady:6.1f} pages/s  (text equal to clean_many's on {same}/{len(rows)})"
            )
    finally:
        ray.shutdown()
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
