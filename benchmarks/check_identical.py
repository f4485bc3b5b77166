"""Same output before and after a speed change: one hash per text-corpus page of ``clean()``'s full result.

    PYTHONPATH=src python benchmarks/check_identical.py dump BEFORE.jsonl   # on the old code
    PYTHONPATH=src python benchmarks/check_identical.py compare BEFORE.jsonl  # on the new code: lists every change

The text corpora by default; name others (``aeb-dev``, ...) to check the HTML path too.

Each page is cleaned with the default options, with ``Options(explain=True)`` (which adds every cut and the rule, or
the line scorer's score, that made it), and explained with ``favor="precision"`` and ``favor="recall"`` (the
scorer's other thresholds); the hash covers every field of ``Article.to_dict()``. Run ``dump`` with the old code
on ``PYTHONPATH`` (e.g. a ``git archive`` of the old commit's ``src``) and ``compare`` with the new.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

from cleaner import Options, clean

CORPORA = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora"
TEXT_CORPORA = ("wcxb-dev-text", "aeb-dev-text", "readability-dev-text")
MODES = {
    "default": Options(),
    "explain": Options(explain=True),
    "precision": Options(explain=True, favor="precision"),
    "recall": Options(explain=True, favor="recall"),
}


def page_hashes(corpora: tuple[str, ...]) -> dict[str, dict[str, str]]:
    """``corpus/page id`` -> {mode: sha1 of the canonical JSON of the result}."""
    out: dict[str, dict[str, str]] = {}
    for name in corpora:
        for path in sorted((CORPORA / name / "pages").iterdir()):
            data = path.read_bytes()
            out[f"{name}/{path.name.split('.')[0]}"] = {
                mode: hashlib.sha1(
                    json.dumps(clean(data, options=options).to_dict(), sort_keys=True, ensure_ascii=False).encode()
                ).hexdigest()
                for mode, options in MODES.items()
            }
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("action", choices=("dump", "compare"))
    ap.add_argument("path", type=Path)
    ap.add_argument("corpora", nargs="*", default=list(TEXT_CORPORA))
    args = ap.parse_args()
    hashes = page_hashes(tuple(args.corpora))
    if args.action == "dump":
        args.path.write_text("".join(json.dumps({"page": k, **v}) + "\n" for k, v in hashes.items()))
        print(f"{len(hashes)} pages dumped to {args.path}")
        return 0
    before = {row.pop("page"): row for row in map(json.loads, args.path.read_text().splitlines())}
    changed = [page for page in hashes if hashes[page] != before.get(page)]
    missing = [page for page in before if page not in hashes]
    for page in changed:
        modes = [m for m in MODES if hashes[page].get(m) != before.get(page, {}).get(m)]
        print(f"changed: {page} ({', '.join(modes)})")
    print(f"{len(hashes)} pages compared, {len(changed)} changed, {len(missing)} not cleaned now")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
