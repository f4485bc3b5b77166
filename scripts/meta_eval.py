"""Metadata-only evaluation on a corpus (fast loop while tuning): load -> parse -> extract_metadata, scored with the
corpora README's metadata metric. Not the official figure (that is ``cleaner eval``); a tuning aid.

    PYTHONPATH=src python scripts/meta_eval.py ../shared/corpora/wcxb-dev --split train [--show date] [--limit N]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict

from cleaner.evaluate import DATE_FIELDS, METADATA_FIELDS, load_corpus, select
from cleaner.extraction import Extraction
from cleaner.html.metadata import extract_metadata
from cleaner.html.parse import parse_html
from cleaner.load import load
from cleaner.metrics import metadata_key
from cleaner.options import resolve_options


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("--split", default="train")
    ap.add_argument("--limit", type=int)
    ap.add_argument("--show", action="append", default=[])
    ap.add_argument("--false", action="store_true", help="with --show: only false values")
    ap.add_argument("--full", action="store_true", help="run clean() instead of metadata only")
    args = ap.parse_args()
    rows = select(load_corpus(args.corpus), args.split)[: args.limit]
    options = resolve_options(None)
    stats: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # exact, present, false, absent
    shown: dict[str, list[str]] = defaultdict(list)
    t0 = time.perf_counter()
    for row, path in rows:
        data = path.read_bytes()
        if args.full:
            from cleaner.api import clean

            art = clean(data, url=row.get("url"))
            ext = art
        else:
            loaded = load(data, options=options)
            ext = Extraction(kind="html", url=row.get("url"))
            tree = parse_html(loaded, options, ext)
            if tree is None:
                continue
            extract_metadata(tree, ext)
        for name, attr in METADATA_FIELDS.items():
            if name not in row:
                continue
            gold, pred = row.get(name), getattr(ext, attr)
            if name in DATE_FIELDS:
                gold = gold[:10] if isinstance(gold, str) else gold
                pred = pred[:10] if isinstance(pred, str) else pred
            s = stats[name]
            if gold is not None:
                s[1] += 1
                ok = metadata_key(gold) == metadata_key(pred)
                s[0] += ok
                if not ok and name in args.show and not args.false:
                    shown[name].append(f"  {row['id']:<28} gold {gold!r:.70}  got {pred!r:.70}")
            else:
                s[3] += 1
                bad = metadata_key(pred) != ""
                s[2] += bad
                if bad and name in args.show:
                    shown[name].append(f"  {row['id']:<28} FALSE  got {pred!r:.90}")
    for name, lines in shown.items():
        print(f"{name}:")
        print("\n".join(lines))
    print(f"{len(rows)} pages, {time.perf_counter() - t0:.1f}s")
    for name, (ok, n, bad, m) in stats.items():
        print(f"  {name:<10} exact {ok / max(n, 1):.3f} ({ok}/{n})  false {bad / max(m, 1):.3f} ({bad}/{m})")


if __name__ == "__main__":
    sys.exit(main())
