"""cleaner/html/segment.py: one walk over the DOM gives typed blocks with faithful kinds, paths and links."""

from __future__ import annotations

import lxml.html

from cleaner.html.segment import segment


def _blocks(body: str) -> list:
    tree = lxml.html.document_fromstring(f"<html><head><title>T</title></head><body>{body}</body></html>")
    return segment(tree.find("body")).blocks


def test_headings_keep_their_level_also_from_aria() -> None:
    blocks = _blocks('<h1>Main</h1><h3><span>Sub</span> head</h3><div role="heading" aria-level="4">Aria</div>')
    assert [(b.kind, b.text, b.level) for b in blocks] == [
        ("heading", "Main", 1),
        ("heading", "Sub head", 3),
        ("heading", "Aria", 4),
    ]


def test_paragraph_merges_inline_markup_and_splits_at_two_line_breaks() -> None:
    blocks = _blocks('<p>Hello <b>bold</b> and <a href="/x">a link</a>.</p><div>first<br>line<br><br>second</div>')
    assert [(b.kind, b.text) for b in blocks] == [
        ("paragraph", "Hello bold and a link."),
        ("paragraph", "first line"),
        ("paragraph", "second"),
    ]
    assert blocks[0].links == (("a link", "/x"),)


def test_list_items_have_depth_and_type_and_their_text_once() -> None:
    blocks = _blocks("<ul><li>one</li><li>two<ol><li>inner</li></ol>after</li></ul><ol><li><p>numbered</p></li></ol>")
    assert [(b.kind, b.text, b.depth, b.ordered) for b in blocks] == [
        ("list_item", "one", 1, False),
        ("list_item", "two", 1, False),
        ("list_item", "inner", 2, True),
        ("list_item", "after", 1, False),
        ("list_item", "numbered", 1, True),
    ]


def test_an_items_later_paragraphs_continue_it() -> None:
    # two <br> split an item's text, and its text goes on after a nested list: the later parts are the same item's
    blocks = _blocks(
        "<ol><li><b>Deploy</b><br>Scale up.<br><br>Scale down.</li><li>Next</li></ol>"
        "<ul><li>two<ul><li>inner</li></ul>after</li></ul>"
    )
    assert [(b.text, b.depth, b.continued) for b in blocks] == [
        ("Deploy Scale up.", 1, False),
        ("Scale down.", 1, True),
        ("Next", 1, False),
        ("two", 1, False),
        ("inner", 2, False),
        ("after", 1, True),
    ]


def test_an_item_holding_a_heading_or_two_paragraphs_is_a_card_and_a_plain_item_is_not() -> None:
    tree = lxml.html.document_fromstring(
        "<html><body><ul>"
        "<li><span>Kicker</span><h3>Card title</h3><div>Card dek</div><ul><li>inner item</li></ul></li>"
        "<li><p>Question?</p><p>Answer.</p></li>"
        "<li><p>One paragraph only</p></li>"
        "<li>plain</li>"
        "</ul></body></html>"
    )
    seg = segment(tree.find("body"))
    texts = [b.text for b in seg.blocks]
    assert texts == ["Kicker", "Card title", "Card dek", "inner item", "Question?", "Answer.", "One paragraph only",
                     "plain"]  # fmt: skip
    # every list-item block of the two cards (also the text before the card's heading), not the heading itself,
    # not the nested list's own item, not the items with one paragraph or none
    assert sorted(texts[i] for i in seg.cards) == ["Answer.", "Card dek", "Kicker", "Question?"]
    assert all(b.kind == "list_item" for i, b in enumerate(seg.blocks) if i in seg.cards)  # the scorer's evidence


def test_table_rows_have_cells_and_header_and_layout_tables_are_not_rows() -> None:
    blocks = _blocks(
        "<table><thead><tr><td>Name</td><td>Price</td></tr></thead><tr><td>Tea</td><td><span>3 EUR</span></td></tr>"
        "<tr><th>Total</th><th>3</th></tr></table>"
        "<table><tr><td><p>Layout paragraph one.</p><p>Two.</p></td></tr></table>"
    )
    rows = [(b.kind, b.cells, b.header) for b in blocks[:3]]
    assert rows == [
        ("table_row", ("Name", "Price"), True),
        ("table_row", ("Tea", "3 EUR"), False),
        ("table_row", ("Total", "3"), True),
    ]
    assert blocks[1].text == "Tea | 3 EUR"
    assert [(b.kind, b.text) for b in blocks[3:]] == [("paragraph", "Layout paragraph one."), ("paragraph", "Two.")]


def test_a_cell_with_its_text_in_one_paragraph_is_data() -> None:
    # editors (WordPress blocks, pasted documents) wrap each data cell's text in a <p>
    blocks = _blocks(
        "<table><tr><th><p>Drug</p></th><th><p>Taken</p></th></tr><tr><td><p>Semaglutide</p></td><td><p>Weekly</p>"
        "</td></tr></table>"
    )
    assert [(b.kind, b.cells) for b in blocks] == [
        ("table_row", ("Drug", "Taken")),
        ("table_row", ("Semaglutide", "Weekly")),
    ]


def test_code_keeps_line_breaks_and_language() -> None:
    blocks = _blocks('<pre><code class="language-python">def f():\n    return 1\n</code></pre><p>x</p>')
    assert blocks[0].kind == "code"
    assert blocks[0].text == "def f():\n    return 1"
    assert blocks[0].language == "python"
    assert _blocks('<div class="highlight-js"><pre>a()</pre></div>')[0].language == "js"


def test_code_and_cells_keep_nested_markup_in_document_order() -> None:
    # a highlighter's nested spans, an RFC page's anchors; a cell's nested bold and italic; scripts give nothing,
    # a hidden element in a cell gives nothing, and each element's tail comes after its children's text
    blocks = _blocks(
        '<pre><span class="k">if</span> <span class="n">x<i>y</i></span>:<br>    <!-- note -->go()<script>s()</script>'
        "</pre><table><tr><td>Price: <b>now <i>3</i> only</b> EUR<span hidden>x<b>y</b></span>!</td><td>b</td></tr>"
        "<tr><td>c</td><td>d</td></tr></table>"
    )
    assert blocks[0].text == "if xy:\n    go()"
    assert blocks[1].cells == ("Price: now 3 only EUR!", "b")


def test_quote_caption_and_other() -> None:
    blocks = _blocks(
        "<blockquote><p>Quoted words.</p></blockquote><figure><img src='a.jpg'><figcaption>A cap<!-- x -->tion"
        "</figcaption></figure><dl><dt>Term</dt><dd>Meaning</dd></dl><address>1 Main St</address>"
    )
    assert [(b.kind, b.text) for b in blocks] == [
        ("quote", "Quoted words."),
        ("caption", "A caption"),
        ("other", "Term"),
        ("other", "Meaning"),
        ("other", "1 Main St"),
    ]


def test_scripts_styles_and_hidden_elements_give_no_blocks() -> None:
    blocks = _blocks(
        "<script>var a = 1;</script><style>p {}</style><template>Tpl</template><div hidden>secret</div>"
        '<div style="color: red; display:none">gone</div><span aria-hidden="true">icon</span><p>Visible text.</p>'
    )
    assert [b.text for b in blocks] == ["Visible text."]


def test_path_names_tags_with_class_and_id_tokens_root_first() -> None:
    blocks = _blocks('<div class="main wide extra" id="content"><article><p>Text.</p></article></div>')
    assert blocks[0].path == "body>div.main.wide#content>article>p"


def test_repeated_siblings_are_counted() -> None:
    cards = "".join(f'<div class="card"><h3>Item {i}</h3><p>Text {i}</p></div>' for i in range(5))
    tree = lxml.html.document_fromstring(f"<html><body><div>{cards}</div><p>Alone</p></body></html>")
    seg = segment(tree.find("body"))
    assert seg.rep_max[0] == 5
    assert seg.rep_max[-1] == 1


def test_noscript_content_is_segmented_for_pages_served_without_javascript() -> None:
    assert [b.text for b in _blocks("<noscript><div><p>The thread, served without scripts.</p></div></noscript>")] == [
        "The thread, served without scripts."
    ]
