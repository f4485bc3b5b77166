"""Time per metadata field on a sample of pages: the median and 90th percentile per page, in milliseconds.

    PYTHONPATH=src python benchmarks/bench_metadata.py ../shared/corpora/wcxb-dev --pages 100

Each field is timed on the same parsed page as its own call (the shared work, reading the meta tags, the JSON-LD and
the page's text, is timed as its own line); the language is timed on the cleaned body's text. Pages come from the
train split (the check split is for figures only).
"""

from __future__ import annotations

# ruff: noqa: B023  (each lambda is called at once, inside its loop turn)
import argparse
import statistics
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from cleaner.evaluate import load_corpus, select
from cleaner.extraction import Extraction
from cleaner.html import metadata as m
from cleaner.html.figures import article_root
from cleaner.html.jsonld import read_jsonld
from cleaner.html.parse import parse_html
from cleaner.language import detect_language
from cleaner.load import load
from cleaner.options import resolve_options


def _timed(times: dict[str, list[float]], name: str, fn: Callable[[], Any]) -> Any:
    start = time.perf_counter()
    out = fn()
    times[name].append((time.perf_counter() - start) * 1000)
    return out


def _title(tree: Any, meta: Any, ld: Any, stated: list[str], hints: list[str], url: str | None) -> str | None:
    """The title as extract_metadata picks it: the rule's choice, then the learned chooser over all candidates."""
    rule = m._pick_title(tree, meta, ld, stated, hints)
    cands, ctx = m._title_candidates(tree, meta, ld, stated + hints, rule, url)
    return m.choose("title", cands, m.title_rows(cands, ctx), rule)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus")
    ap.add_argument("--pages", type=int, default=100)
    args = ap.parse_args()
    options = resolve_options(None)
    times: dict[str, list[float]] = defaultdict(list)
    for row, path in select(load_corpus(args.corpus), "train")[: args.pages]:
        loaded = load(path.read_bytes(), options=options)
        ext = Extraction(kind="html", url=row.get("url"))
        tree = parse_html(loaded, options, ext)
        if tree is None:
            continue

        def shared() -> tuple[Any, ...]:
            meta = m.read_meta(tree)
            ld = read_jsonld(s.text or "" for s in tree.xpath("//script[@type='application/ld+json']"))
            stated, hints = m._site_names(meta, ld, row.get("url"))
            return meta, ld, stated, hints, article_root(tree)

        meta, ld, stated, hints, root = _timed(times, "shared: meta, JSON-LD, article root", shared)
        text, h1_at = _timed(times, "shared: page text", lambda: m._page_text(tree))
        _timed(times, "title", lambda: _title(tree, meta, ld, stated, hints, row.get("url")))
        _timed(times, "byline", lambda: m._pick_byline(tree, root, meta, ld, stated, text, h1_at))
        _timed(times, "date", lambda: m._pick_date(tree, root, meta, ld, m._visible_dates(text, h1_at)))
        _timed(times, "language (page)", lambda: m.pick_language(tree, meta, ld))
        body = text[h1_at:] if h1_at >= 0 else text
        _timed(times, "language (detected)", lambda: detect_language(body))
    print(f"{len(times['title'])} pages of {args.corpus} (train split); ms per page")
    for name, values in times.items():
        values.sort()
        p90 = values[int(0.9 * (len(values) - 1))]
        print(f"  {name:<40} median {statistics.median(values):6.2f}   p90 {p90:6.2f}")


if __name__ == "__main__":
    main()
