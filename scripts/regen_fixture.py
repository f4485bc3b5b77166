"""Rewrite a fixture's expected.json from what cleaner outputs now, for review in the diff.

usage: python scripts/regen_fixture.py fixtures/html/<case> [...]

Only the exact-value keys already present in expected.json are rewritten (must_contain, must_not_contain,
removed_rules, about, url and options are the author's and are kept). Add a key by hand first to start checking it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from cleaner import Options, clean
from tests.cases import CHECK_KEYS, SOURCE_NAMES, actual_value


def regen(folder: Path) -> None:
    expected_path = folder / "expected.json"
    expected = json.loads(expected_path.read_text(encoding="utf-8")) if expected_path.exists() else {"text": ""}
    source = next(folder / n for n in SOURCE_NAMES if (folder / n).exists())
    options = Options(explain=True, **expected.get("options", {}))
    article = clean(source.read_bytes(), url=expected.get("url"), options=options)
    for key in list(expected):
        if key not in CHECK_KEYS:
            expected[key] = actual_value(article, key)
    expected_path.write_text(json.dumps(expected, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {expected_path}")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    for arg in sys.argv[1:]:
        regen(Path(arg))
