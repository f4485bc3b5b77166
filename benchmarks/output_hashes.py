"""A hash per page of clean()'s whole result, to prove that a speed change changes no output.

  python benchmarks/output_hashes.py record before.json     hash every page of the HTML corpora
  python benchmarks/output_hashes.py compare before.json    hash again and list the pages that differ
  python benchmarks/output_hashes.py record text.json --names wcxb-dev-text aeb-dev-text readability-dev-text

Each page of aeb-dev, readability-dev and wcxb-dev (or of the corpora ``--names`` gives) is cleaned twice: with the
default options and no URL (as the speed benchmark runs it), and with ``explain``, ``links`` and ``images`` on and
the gold URL (so the cuts, their reasons and the links are compared too). The hash is of ``Article.to_json()``,
every field.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ("aeb-dev", "readability-dev", "wcxb-dev")


def page_hashes(corpora: Path, limit: int | None, names: tuple[str, ...] = CORPORA) -> dict[str, str]:
    from cleaner import Options, clean

    full = Options(explain=True, links=True, images=True)
    out: dict[str, str] = {}
    for corpus in names:
        folder = corpora / corpus
        urls = {}
        for line in (folder / "gold.jsonl").read_text(encoding="utf-8").split("\n"):
            if line.strip():
                gold = json.loads(line)
                urls[gold["id"]] = gold.get("url")
        paths = sorted((folder / "pages").iterdir())[:limit]
        for path in paths:
            page_id = path.name.split(".", 1)[0]
            data = path.read_bytes()
            for name, kwargs in (("default", {}), ("full", {"url": urls.get(page_id), "options": full})):
                article = clean(data, **kwargs)
                digest = hashlib.sha1(article.to_json().encode("utf-8")).hexdigest()
                out[f"{corpus}/{page_id}/{name}"] = digest
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=("record", "compare"))
    parser.add_argument("file", type=Path)
    parser.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    parser.add_argument("--limit", type=int, default=None, help="first N pages per corpus (a quick check)")
    parser.add_argument("--names", nargs="+", default=list(CORPORA), help="corpus folders under --corpora")
    args = parser.parse_args()
    hashes = page_hashes(args.corpora, args.limit, tuple(args.names))
    if args.mode == "record":
        args.file.write_text(json.dumps(hashes, indent=0, sort_keys=True), encoding="utf-8")
        print(f"{len(hashes)} results hashed into {args.file}")
        return 0
    before = json.loads(args.file.read_text(encoding="utf-8"))
    differ = sorted(key for key, digest in hashes.items() if key in before and before[key] != digest)
    missing = sorted(key for key in hashes if key not in before)
    pages = {key.rsplit("/", 1)[0] for key in hashes}
    for key in differ:
        print("differs:", key)
    print(f"{len(hashes)} results on {len(pages)} pages compared: {len(differ)} differ, {len(missing)} not recorded")
    return 1 if differ or missing else 0


if __name__ == "__main__":
    sys.exit(main())
