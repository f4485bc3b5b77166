"""Shared block rules (cleaner.blocks): each names its cut, and article blocks stay."""

from __future__ import annotations

import pytest

from cleaner import Options
from cleaner.block import Block
from cleaner.blocks import block_rule, finish_blocks
from cleaner.extraction import Extraction

ARTICLE = "The council approved the new transport plan on Monday after months of debate."


@pytest.mark.parametrize(
    ("block", "rule"),
    [
        ("Advertisement", "ads"),
        ("Werbung", "ads"),
        ("Share this article", "share"),
        ("Partager sur Facebook", "share"),
        ("Sign up for our newsletter", "newsletter"),
        ("12 comments", "counter"),
        ("3.4K shares", "counter"),
        ("Skip to content", "navigation"),
    ],
)
def test_block_rules(block: str, rule: str) -> None:
    assert block_rule(block) == rule


@pytest.mark.parametrize(
    "block", [ARTICLE, "Share prices fell.", "Subscribers will pay more for the paper from May, the company said."]
)
def test_article_blocks_stay(block: str) -> None:
    assert block_rule(block) is None


def test_finish_blocks_cuts_title_repeat_and_records_reasons() -> None:
    ext = Extraction(kind="html", explain=True, title="Council Backs Transport Plan")
    ext.blocks = [
        Block("paragraph", t) for t in ["Council backs transport plan", " ", ARTICLE, "Advertisement", ARTICLE]
    ]
    finish_blocks(ext, Options(explain=True))
    assert [b.text for b in ext.blocks] == [ARTICLE, ARTICLE]
    assert [(r.rule, r.text) for r in ext.removed] == [
        ("title-repeat", "Council backs transport plan"),
        ("ads", "Advertisement"),
    ]
