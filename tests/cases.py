"""The one helper that loads the golden fixtures under ``fixtures/``.

A case is a folder ``fixtures/<path>/<case>/`` holding one capture, ``source.html`` or ``source.txt`` (or
``source.html.gz``), and ``expected.json``. Keys of expected.json:

- any Article field (``title``, ``byline``, ``authors``, ``date``, ``publisher``, ``site_name``, ``captions``, ``flags``
  as a list of names, ``text``, ...): must equal the cleaned result exactly (captions as [{"text", "credit"}]);
- ``must_contain`` / ``must_not_contain``: strings that must / must not appear in ``text``;
- ``removed_rules``: rule names that must appear among the reasons when cleaned with ``Options(explain=True)``;
- ``markdown_contains``: strings that must appear in ``markdown`` (a heading with its level, a list, a table row);
- ``url``: passed to clean(); ``about``: one line saying what the case covers (the rule and the clutter it models).

``python scripts/regen_fixture.py fixtures/html/<case>`` rewrites the exact-value keys from the current output, for
review in the diff.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SOURCE_NAMES = ("source.html", "source.txt", "source.html.gz")
CHECK_KEYS = (
    "must_contain",
    "must_not_contain",
    "removed_rules",
    "url",
    "about",
    "options",
    "markdown_contains",
    "markdown_lacks",
)


@dataclass
class Case:
    name: str
    folder: Path
    source: Path
    expected: dict[str, Any]

    def read(self) -> bytes:
        return self.source.read_bytes()


def load_cases() -> list[Case]:
    cases = []
    for expected_path in sorted(FIXTURES.rglob("expected.json")):
        folder = expected_path.parent
        sources = [folder / n for n in SOURCE_NAMES if (folder / n).exists()]
        if len(sources) != 1:
            raise AssertionError(f"{folder} must hold exactly one of {SOURCE_NAMES}")
        expected = json.loads(expected_path.read_text(encoding="utf-8"))
        cases.append(Case(str(folder.relative_to(FIXTURES)), folder, sources[0], expected))
    return cases


def actual_value(article: Any, key: str) -> Any:
    value = getattr(article, key)
    if key == "captions":
        return [{"text": c.text, "credit": c.credit} for c in value]
    if key == "flags":
        return sorted(value)
    if isinstance(value, tuple):
        return list(value)
    return value
