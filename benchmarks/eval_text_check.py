"""Check-split figures of the text path (and of keeping every line) on the text corpora, every capture style.

PYTHONPATH=src python benchmarks/eval_text_check.py [--keep] [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from cleaner import clean
from cleaner.article import Article
from cleaner.evaluate import evaluate_corpus

CORPORA = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora"
RUNS = [
    ("wcxb-dev-text", None),
    ("aeb-dev-text", None),
    ("aeb-dev-text", "paste"),
    ("aeb-dev-text", "dump"),
    ("readability-dev-text", None),
    ("readability-dev-text", "paste"),
    ("readability-dev-text", "dump"),
]


def keep_all(data: bytes, url: str | None = None) -> Article:
    text = data.decode("utf-8", "replace")
    return Article(text="\n".join(s.strip() for s in text.splitlines() if s.strip()))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--keep", action="store_true", help="measure keep-every-line instead")
    ap.add_argument("--out")
    ap.add_argument("--only")
    args = ap.parse_args()
    fn = keep_all if args.keep else clean
    out = {}
    for corpus, style in RUNS:
        if args.only and args.only not in corpus:
            continue
        rep = evaluate_corpus(CORPORA / corpus, clean_fn=fn, capture_style=style, split="check")
        s = rep.summary(rep.pages)
        key = f"{corpus}:{style or 'innertext'}"
        row = {
            "aeb_f1": round(s["body"]["f1"], 4),
            "wcxb_f1": round(s["words"]["f1"], 4),
            "pages": len(rep.pages),
            "page_f1": {p.id: p.words[2] for p in rep.pages},
        }
        if "by_type" in s:
            row["by_type"] = {k: round(v["words"]["f1"], 4) for k, v in s["by_type"].items()}
        if "page_type_accuracy" in s:
            row["page_type_accuracy"] = round(s["page_type_accuracy"], 4)
        out[key] = row
        print(key, {k: v for k, v in row.items() if k != "page_f1"}, file=sys.stderr, flush=True)
    if args.out:
        Path(args.out).write_text(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
