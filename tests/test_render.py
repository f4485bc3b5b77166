"""render.py: typed blocks -> plain text and Markdown. The Markdown is read back with a CommonMark parser
(markdown-it-py, GFM tables on), so each structure is checked as a reader would see it, not as a string."""

from __future__ import annotations

from collections import Counter
from typing import Any

from markdown_it import MarkdownIt

from cleaner.block import Block
from cleaner.metrics import markdown_items
from cleaner.render import MAX_LIST_DEPTH, body_links, render_markdown, render_text

MD = MarkdownIt("commonmark").enable("table")


def tokens(markdown: str) -> list[Any]:
    return MD.parse(markdown)


def kinds(markdown: str) -> list[str]:
    return [t.type for t in tokens(markdown) if t.type.endswith("_open") or t.type in ("fence", "code_block")]


def test_text_is_blocks_separated_by_blank_lines() -> None:
    blocks = [Block("heading", "Title", level=1), Block("paragraph", " Body. "), Block("paragraph", "  ")]
    assert render_text(blocks) == "Title\n\nBody."


def test_headings_keep_their_levels() -> None:
    md = render_markdown([Block("heading", "Top", level=1), Block("heading", "Sub", level=3)])
    heads = [t.tag for t in tokens(md) if t.type == "heading_open"]
    assert heads == ["h1", "h3"]


def test_nested_ordered_and_unordered_lists() -> None:
    blocks = [
        Block("list_item", "First", depth=1, ordered=True),
        Block("list_item", "Child a", depth=2),
        Block("list_item", "Child b", depth=2),
        Block("list_item", "Second", depth=1, ordered=True),
    ]
    md = render_markdown(blocks)
    assert md == "1. First\n    - Child a\n    - Child b\n2. Second"
    opened = [t.type for t in tokens(md) if t.type in ("ordered_list_open", "bullet_list_open")]
    assert opened == ["ordered_list_open", "bullet_list_open"]  # one numbered list holding one bullet list


def test_an_items_later_paragraphs_are_drawn_under_it_not_as_items() -> None:
    blocks = [
        Block("list_item", "Deploy: scale up.", depth=1, ordered=True),
        Block("list_item", "Scale down too.", depth=1, ordered=True, continued=True),
        Block("list_item", "Child", depth=2),
        Block("list_item", "Back in the first item.", depth=1, ordered=True, continued=True),
        Block("list_item", "Optimize", depth=1, ordered=True),
    ]
    md = render_markdown(blocks)
    assert md == ("1. Deploy: scale up.\n\n   Scale down too.\n    - Child\n\n   Back in the first item.\n2. Optimize")
    items = [t for t in tokens(md) if t.type == "list_item_open"]
    assert len(items) == 3  # two numbered items and the child, no item for the later paragraphs
    assert markdown_items(md)["list"] == Counter({"deploy scale up": 1, "child": 1, "optimize": 1})
    # a later paragraph whose item was not kept is an item of its own
    assert render_markdown([Block("list_item", "Orphan part.", depth=1, continued=True)]) == "- Orphan part."


def test_an_item_keeps_its_own_number_when_a_line_between_items_starts_a_new_list() -> None:
    # a text capture's "1) ... / link / 2) ...": the link line is a bullet item, and the second list starts at 2
    blocks = [
        Block("list_item", "1) Lego Star Wars", depth=1, ordered=True),
        Block("list_item", "http://example.org/a", depth=1),
        Block("list_item", "2) Polistil track", depth=1, ordered=True),
    ]
    md = render_markdown(blocks)
    assert md == "1. Lego Star Wars\n- http://example.org/a\n2. Polistil track"
    starts = [t.attrGet("start") for t in tokens(md) if t.type == "ordered_list_open"]
    assert starts == [None, 2]


def test_a_list_never_opens_deeper_than_one_level_below_the_item_before_it() -> None:
    # the outer item was dropped (or drawn as a card's paragraph): its nested list starts at depth 2
    blocks = [
        Block("paragraph", "Card text."),
        Block("list_item", "inner a", depth=2),
        Block("list_item", "inner b", depth=3),
        Block("list_item", "inner c", depth=2),
    ]
    md = render_markdown(blocks)
    assert md == "Card text.\n\n- inner a\n    - inner b\n- inner c"
    assert "code_block" not in kinds(md)  # four spaces after a paragraph would be indented code
    assert sum(markdown_items(md)["list"].values()) == 3


def test_lists_nested_a_hundred_deep_are_drawn_at_most_max_depth() -> None:
    blocks = [Block("list_item", f"level {d}", depth=d) for d in range(1, 101)]
    md = render_markdown(blocks)
    deepest = max(len(line) - len(line.lstrip()) for line in md.split("\n"))
    assert deepest == 4 * (MAX_LIST_DEPTH - 1)
    assert sum(markdown_items(md)["list"].values()) == 100
    assert "code_block" not in kinds(md)  # deep indentation never turns into a code block
    # later paragraphs of items below the deepest drawn level stay under the last item drawn there
    more = [Block("list_item", f"more of {d}", depth=d, continued=True) for d in (50, 1)]
    md = render_markdown(blocks + more)
    assert md.endswith("\n\n" + " " * (4 * (MAX_LIST_DEPTH - 1) + 2) + "more of 50\n\n  more of 1")
    assert sum(markdown_items(md)["list"].values()) == 100


def test_table_with_header_escaped_pipes_and_ragged_rows() -> None:
    blocks = [
        Block("table_row", "Name | Value", cells=("Name", "Value"), header=True),
        Block("table_row", "a|b | 1", cells=("a|b", "1")),
        Block("table_row", "only", cells=("only",)),
    ]
    md = render_markdown(blocks)
    cells = [t.content.replace("\\|", "|") for t in tokens(md) if t.type == "inline"]
    assert cells == ["Name", "Value", "a|b", "1", "only", ""]


def test_a_ten_thousand_row_table_renders_every_row() -> None:
    rows = [Block("table_row", f"r{i} | {i}", cells=(f"r{i}", str(i))) for i in range(10_000)]
    md = render_markdown(rows)
    assert sum(markdown_items(md)["table"].values()) == 10_000


def test_code_keeps_lines_language_and_a_fence_longer_than_its_backticks() -> None:
    code = "x = '```'\nprint(x | y)\n    indented"
    md = render_markdown([Block("code", code, language="python")])
    (fence,) = [t for t in tokens(md) if t.type == "fence"]
    assert fence.info == "python"
    assert fence.content == code + "\n"


def test_paragraphs_that_look_like_markup_stay_paragraphs() -> None:
    for text in ("1. Not a list", "# not a heading", "- not an item", "| not a row", "> not a quote", "```not"):
        md = render_markdown([Block("paragraph", text)])
        assert kinds(md) == ["paragraph_open"], (text, md)
        inline = next(t for t in tokens(md) if t.type == "inline")
        assert inline.content.replace("\\", "") == text


def test_quote_and_line_breaks() -> None:
    md = render_markdown([Block("quote", "Said one.\nSaid two."), Block("paragraph", "Line one\nLine two")])
    assert kinds(md)[0] == "blockquote_open"
    assert "Line one  \nLine two" in md


def test_links_and_images_only_when_asked_and_resolved_against_the_page() -> None:
    block = Block("paragraph", "Read the report now.", links=(("the report", "/r.pdf"),), images=(("Chart", "c.png"),))
    assert render_markdown([block]) == "Read the report now."
    md = render_markdown([block], links=True, images=True, base_url="https://example.org/a/b")
    assert md == "![Chart](https://example.org/a/c.png)\n\nRead [the report](https://example.org/r.pdf) now."
    assert body_links([block, block], "https://example.org/a/b", 10) == [("the report", "https://example.org/r.pdf")]


def test_markdown_structure_items_round_trip() -> None:
    blocks = [
        Block("heading", "Install", level=2),
        Block("list_item", "Download it", depth=1),
        Block("code", "pip install cleaner", language="sh"),
        Block("table_row", "a | b", cells=("a", "b"), header=True),
        Block("table_row", "1 | 2", cells=("1", "2")),
    ]
    items = markdown_items(render_markdown(blocks))
    assert dict(items["heading"]) == {"install": 1}
    assert dict(items["list"]) == {"download it": 1}
    assert dict(items["code"]) == {"pip install cleaner": 1}
    assert dict(items["table"]) == {"a b": 1, "1 2": 1}
