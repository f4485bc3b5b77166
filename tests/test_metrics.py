"""metrics.py beyond the AEB metric (tests/test_evaluate.py): WCXB's word metric, the check split and the
structure metric, on cases worked out by hand from ../shared/corpora/README.md."""

from __future__ import annotations

import hashlib

import pytest

from cleaner.metrics import (
    html_items,
    is_check,
    markdown_items,
    split_key,
    strip_markdown,
    structure_counts,
    structure_f1,
    word_prf,
    word_scores,
)


def test_word_metric_is_a_bag_of_lower_cased_words() -> None:
    # gold: the cat sat (3); pred: The cat cat (3): overlap the, cat = 2 -> P 2/3, R 2/3
    p, r, f = word_prf("the cat sat", "The cat, cat!")
    assert (p, r, f) == pytest.approx((2 / 3, 2 / 3, 2 / 3))


def test_empty_gold_scores_one_only_for_an_empty_prediction() -> None:
    assert word_prf("", "") == (1.0, 1.0, 1.0)
    assert word_prf(None, "something") == (0.0, 0.0, 0.0)
    assert word_prf("something", "") == (0.0, 0.0, 0.0)


def test_word_scores_average_pages() -> None:
    scores = word_scores([(1.0, 1.0, 1.0), (0.0, 0.0, 0.0)])
    assert scores["f1"] == 0.5 and scores["pages"] == 2.0


def test_check_split_keys_on_the_host_without_www() -> None:
    row = {"id": "7", "url": "https://WWW.Example.org/x?y=1"}
    assert split_key(row) == "example.org"
    assert is_check(row) == (hashlib.sha1(b"example.org").digest()[0] % 5 == 0)
    assert split_key({"id": "abc", "url": None}) == "abc"
    assert split_key({"id": "abc", "url": "file:///tmp/x"}) == "abc"


def test_markdown_items_by_kind() -> None:
    md = "\n".join(
        [
            "# Title #",
            "",
            "Some text with | a pipe.",
            "",
            "- one",
            "  * nested",
            "1. first",
            "",
            "```python",
            "# not a heading",
            "```",
            "",
            "    indented code",
            "",
            "| A | B |",
            "|:--|--:|",
            "| 1 | 2 |",
        ]
    )
    items = markdown_items(md)
    assert dict(items["heading"]) == {"title": 1}
    assert dict(items["list"]) == {"one": 1, "nested": 1, "first": 1}
    assert dict(items["code"]) == {"not a heading": 1, "indented code": 1}
    assert dict(items["table"]) == {"a b": 1, "1 2": 1}


def test_indented_lines_inside_a_list_are_not_code() -> None:
    items = markdown_items("- item\n\n    continued paragraph of the item")
    assert not items["code"]


def test_html_items_take_a_list_item_without_its_nested_list() -> None:
    html = "<h2>Head</h2><ul><li>Outer <b>bold</b><ul><li>Inner</li></ul></li></ul><pre>x = 1</pre>"
    html += "<table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr></table>"
    items = html_items(html)
    assert dict(items["heading"]) == {"head": 1}
    assert dict(items["list"]) == {"outer bold": 1, "inner": 1}
    assert dict(items["code"]) == {"x 1": 1}
    assert dict(items["table"]) == {"a b": 1, "1 2": 1}


def test_structure_f1_is_micro_over_pages() -> None:
    page1 = structure_counts(markdown_items("# A\n\n# B"), markdown_items("# A"))  # 1 of 2 found
    page2 = structure_counts(markdown_items("# C"), markdown_items("# C\n\n# D"))  # 1 right, 1 extra
    scores = structure_f1([page1, page2])["heading"]
    assert scores["precision"] == pytest.approx(2 / 3)
    assert scores["recall"] == pytest.approx(2 / 3)
    assert structure_f1([page1])["code"]["f1"] == 0.0


def test_strip_markdown_keeps_the_words() -> None:
    md = "## Head\n\n- [a link](https://x.org) item\n\n| A | B |\n|---|---|\n\n```\ncode\n```"
    assert strip_markdown(md).split() == ["Head", "a", "link", "item", "A", "B", "code"]
