"""The learned HTML path: evidence per block, the shipped models' columns, reasons for every cut, favor, page type."""

from __future__ import annotations

import lxml.html
import numpy as np
import pytest

from cleaner import Options, clean
from cleaner.article import UNDATED_TYPES
from cleaner.extraction import Extraction
from cleaner.html.features import PAGE_TYPES, block_matrix, block_names, context_matrix, context_names, page_names
from cleaner.html.rules import RULE_NAMES
from cleaner.html.scorer import gather
from cleaner.model import load_model, model_available

STORY = "".join(
    f"<p>Paragraph {i} of the story tells what happened in the town, with a comma, and ends with a full stop.</p>"
    for i in range(8)
)
PAGE = (
    "<html><head><title>A story about the town</title></head><body>"
    '<nav class="menu"><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>'
    f"<article><h1>A story about the town</h1>{STORY}</article>"
    '<footer class="site-footer"><p>Copyright 2024 Example Media. All rights reserved.</p></footer>'
    "</body></html>"
)


def _evidence(html: str):
    tree = lxml.html.document_fromstring(html)
    ext = Extraction(kind="html")
    return gather(tree, ext, "https://example.com/news/2024/story", Options())


def test_block_rows_match_the_column_names_and_rules_are_evidence() -> None:
    ev = _evidence(PAGE)
    rows = block_matrix(ev.seg, ev.stats, ev.page, np.zeros(len(PAGE_TYPES), dtype=np.float32))
    assert rows.shape == (len(ev.seg.blocks), len(block_names()))
    assert len(ev.page) == len(page_names())
    names = block_names()
    nav = next(i for i, b in enumerate(ev.seg.blocks) if "Sport" in b.text)
    assert rows[nav, names.index("rule_navigation")] == 1.0
    story = next(i for i, b in enumerate(ev.seg.blocks) if b.text.startswith("Paragraph 3"))
    assert rows[story, names.index("traf_cover")] > 0.9
    assert rows[story, names.index("in_article")] == 1.0
    ctx = context_matrix(rows, np.linspace(0, 1, len(rows)), np.asarray(ev.seg.parents))
    assert ctx.shape == (len(rows), len(context_names()))


@pytest.mark.parametrize("name", ["html_blocks", "html_blocks_context", "html_page_type"])
def test_shipped_models_carry_the_columns_the_code_builds(name: str) -> None:
    if not model_available(name):
        pytest.skip(f"{name} is not shipped (train.py ships stage two only when it helps in cross-validation)")
    expected = {"html_blocks": block_names, "html_blocks_context": context_names, "html_page_type": page_names}
    assert list(load_model(name).feature_names) == expected[name]()


def test_the_story_is_kept_and_every_cut_has_a_reason() -> None:
    article = clean(PAGE, options=Options(explain=True))
    assert "Paragraph 0 of the story" in article.text and "Paragraph 7 of the story" in article.text
    assert "Copyright 2024" not in article.text
    assert article.page_type in PAGE_TYPES
    for removal in article.removed:
        assert removal.rule in RULE_NAMES or removal.rule.startswith("model:") or removal.rule in {
            "title-repeat", "counter", "title"
        } or removal.rule in {"ads", "share", "newsletter", "navigation", "related", "comments", "login", "paywall",
                              "consent", "browser"}  # fmt: skip


def test_favor_moves_the_threshold() -> None:
    precise = clean(PAGE, options=Options(favor="precision")).text
    recall = clean(PAGE, options=Options(favor="recall")).text
    assert len(precise) <= len(clean(PAGE).text) <= len(recall)


def test_page_type_is_in_the_article_dict() -> None:
    data = clean(PAGE).to_dict()
    assert "page_type" in data


@pytest.mark.parametrize(
    ("kind", "dated"), [("product", False), ("service", False), ("article", True), ("forum", True)]
)
def test_pages_of_undated_types_keep_no_author_or_date(monkeypatch: pytest.MonkeyPatch, kind: str, dated: bool) -> None:
    from cleaner.html import pipeline

    probs = np.zeros(len(PAGE_TYPES), dtype=np.float32)
    probs[PAGE_TYPES.index(kind)] = 1.0
    monkeypatch.setattr(pipeline, "page_type_probs", lambda page: probs)
    head = (
        '<title>A story about the town</title><meta name="author" content="Jane Doe">'
        '<meta property="article:published_time" content="2024-05-03T10:00:00Z">'
    )
    article = clean(PAGE.replace("<title>A story about the town</title>", head))
    assert article.page_type == kind
    assert (article.byline, article.date) == (("Jane Doe", "2024-05-03T10:00:00Z") if dated else (None, None))
    assert (kind in UNDATED_TYPES) is not dated


def test_a_prompt_container_goes_whole_when_the_model_drops_half_its_blocks() -> None:
    from cleaner.html.pipeline import rule_runs
    from cleaner.html.rules import RULE_NAMES

    prompt = RULE_NAMES.index("newsletter") + 1
    rules = np.array([0, prompt, prompt, 0, prompt, prompt, prompt, 0])
    keep = np.array([True, False, True, True, True, True, False, True])
    assert rule_runs(keep, rules).tolist() == [True, False, False, True, True, True, False, True]
