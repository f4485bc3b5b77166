"""Golden fixtures: every case under fixtures/ cleaned and compared field by field (see tests/cases.py)."""

from __future__ import annotations

import pytest

from cleaner import Options, clean

from .cases import CHECK_KEYS, FIXTURES, SOURCE_NAMES, Case, actual_value, load_cases

CASES = load_cases()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_fixture(case: Case) -> None:
    options = Options(explain=True, **case.expected.get("options", {}))
    article = clean(case.read(), url=case.expected.get("url"), options=options)
    for key, want in case.expected.items():
        if key in CHECK_KEYS:
            continue
        assert actual_value(article, key) == want, f"{case.name}: field {key}"
    for needle in case.expected.get("must_contain", []):
        assert needle in article.text, f"{case.name}: lost {needle!r}"
    for needle in case.expected.get("must_not_contain", []):
        assert needle not in article.text, f"{case.name}: kept {needle!r}"
    for needle in case.expected.get("markdown_contains", []):
        assert needle in article.markdown, f"{case.name}: Markdown lacks {needle!r}:\n{article.markdown}"
    for needle in case.expected.get("markdown_lacks", []):
        assert needle not in article.markdown, f"{case.name}: Markdown holds {needle!r}:\n{article.markdown}"
    rules = {r.rule for r in article.removed}
    for rule in case.expected.get("removed_rules", []):
        assert rule in rules, f"{case.name}: rule {rule!r} cut nothing (cut by: {sorted(rules)})"


def test_there_are_fixtures_of_both_kinds() -> None:
    kinds = {c.source.suffix for c in CASES}
    assert {".html", ".txt"} <= kinds, kinds


def test_every_fixture_source_has_its_expected_results() -> None:
    """A capture put under fixtures/ without an expected.json beside it would never be checked."""
    sources = {p for name in SOURCE_NAMES for p in FIXTURES.rglob(name)}
    assert sources == {c.source for c in CASES}, sorted(str(p) for p in sources - {c.source for c in CASES})
