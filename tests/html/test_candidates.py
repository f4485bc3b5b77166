"""The density candidate, block splitting, the merge with trafilatura's candidate, the headline rule and the flags."""

from __future__ import annotations

import lxml.html

from cleaner import Options, clean
from cleaner.extraction import Extraction
from cleaner.html.candidates import Candidate, density_candidate, html_blocks, pick
from cleaner.html.headline import drop_repeated_title, page_titles


def _para(i: int, words: str = "of the story") -> str:
    return f"Paragraph {i} {words}, long enough to be running text, with commas, clauses, and a full stop at the end."


def _body(html: str) -> object:
    return lxml.html.document_fromstring(f"<html><body>{html}</body></html>").find("body")


def test_density_candidate_takes_every_chunk_of_a_split_article() -> None:
    chunks = "".join(
        f'<div class="chunk"><p>{_para(3 * c)}</p><p>{_para(3 * c + 1)}</p><p>{_para(3 * c + 2)}</p></div>'
        for c in range(4)
    )
    teasers = "".join(f'<li><a href="/{i}">Teaser headline number {i} of the list</a></li>' for i in range(20))
    body = _body(f'<div class="page"><div class="story">{chunks}</div><ul class="list">{teasers}</ul></div>')
    blocks = density_candidate(body).blocks
    assert blocks[0].startswith("Paragraph 0 ") and blocks[-1].startswith("Paragraph 11 ")
    assert not any("Teaser headline" in b for b in blocks)


def test_density_candidate_scores_text_written_between_line_breaks() -> None:
    loose = "<br><br>".join(_para(i) for i in range(5))
    body = _body(f'<div class="menu"><a href="/">Home</a></div><div class="text">{loose}</div>')
    text = " ".join(density_candidate(body).blocks)
    assert "Paragraph 0 " in text and "Paragraph 4 " in text and "Home" not in text


def test_density_candidate_of_an_empty_page_is_empty() -> None:
    assert density_candidate(_body("<div><a href='/'>Home</a></div>")).blocks == []


def test_html_blocks_split_paragraphs_headings_items_rows_and_keep_comment_tails() -> None:
    el = lxml.html.fragment_fromstring(
        "<div><h2>Heading</h2><p>One <!-- note -->two <b>three</b></p><ul><li>first item</li><li>second item</li></ul>"
        "<table><tr><td>a</td><td>b</td></tr></table><script>var x;</script>tail text"
        '<p><a href="/x">all link text here</a></p></div>'
    )
    assert html_blocks(el) == ["Heading", "One two three", "first item", "second item", "a b", "tail text"]


def test_html_blocks_keep_table_rows_that_are_mostly_links() -> None:
    el = lxml.html.fragment_fromstring(
        '<table><tr><td><a href="/f">A Film Title Linked</a></td><td>1993</td></tr></table>'
        '<ul><li><a href="/m">Menu entry link</a></li></ul>',
        create_parent="div",
    )
    assert html_blocks(el) == ["A Film Title Linked 1993"]


def test_pick_keeps_shared_blocks_lone_blocks_inside_the_article_and_long_lone_blocks_only() -> None:
    shared = [_para(i) for i in range(4)]
    lead = _para(9, "that only trafilatura found because it sits in a separate lead container, " * 2)
    traf = Candidate("trafilatura", ["Headline of the page", lead, *shared])
    tail = _para(7, "which only the density scoring kept, at the end, " * 6)
    dens = Candidate("density", [shared[0], "A subheading", *shared[1:], "Photo: Agency", "By A. Writer", tail])
    merged = pick(traf, dens).blocks
    assert merged == [lead, shared[0], "A subheading", *shared[1:], tail]


def test_favor_scales_what_a_lone_block_needs() -> None:
    shared = [_para(i) for i in range(3)]
    lone = "A standfirst that only trafilatura found above the article, summing it up in one long sentence. " * 2
    traf, dens = Candidate("t", [lone, *shared]), Candidate("d", shared)
    assert pick(traf, dens, favor="recall").blocks[0] == lone
    assert lone not in pick(traf, dens, favor="precision").blocks


def test_pick_falls_back_to_the_candidate_that_found_something() -> None:
    only = Candidate("density", ["Just one block"])
    assert pick(Candidate("trafilatura", []), only).blocks == ["Just one block"]
    assert pick(only, Candidate("density", [])).blocks == ["Just one block"]


def test_pick_keeps_both_when_they_share_nothing() -> None:
    traf = Candidate("trafilatura", [_para(1), "Short one"])
    dens = Candidate("density", ["An unrelated caption under a photograph of the harbour at dawn, by a reader."])
    assert pick(traf, dens).blocks == [_para(1), "Short one", dens.blocks[0]]


def test_pick_keeps_wanted_captions_whatever_their_length() -> None:
    shared = [_para(i) for i in range(3)]
    merged = pick(
        Candidate("t", shared), Candidate("d", [*shared, "A short caption"]), keep=frozenset({"A short caption"})
    )
    assert merged.blocks[-1] == "A short caption"


def test_repeated_headline_is_dropped_from_the_top_of_the_body() -> None:
    tree = lxml.html.document_fromstring(
        "<html><head><title>Ferry terminal to be rebuilt | Harbor Gazette</title></head><body></body></html>"
    )
    ext = Extraction(kind="html", explain=True)
    blocks = ["Ferry terminal to be rebuilt", _para(0), _para(1), _para(2), "Ferry terminal to be rebuilt"]
    assert drop_repeated_title(blocks, page_titles(tree, ext), ext) == blocks[1:]  # a repeat far down is a teaser's
    assert [r.rule for r in ext.removed] == ["title"]


def test_a_paragraph_that_starts_like_the_headline_is_kept() -> None:
    titles = [["ferry", "terminal", "to", "be", "rebuilt"]]
    ext = Extraction(kind="html")
    blocks = ["Ferry terminal to be rebuilt after a long debate, the council said on Tuesday night."]
    assert drop_repeated_title(blocks, titles, ext) == blocks


ARTICLE = "".join(f"<p>{_para(i)}</p>" for i in range(8))


def test_a_full_article_raises_no_flags() -> None:
    article = clean(f'<html><head><meta property="og:type" content="article"></head><body><article>{ARTICLE}'
                    "</article></body></html>")  # fmt: skip
    assert article.flags == {}
    assert "Paragraph 7 " in article.text


def test_jsonld_not_free_on_a_teaser_raises_paywall_and_truncated() -> None:
    ld = '<script type="application/ld+json">{"@type": "NewsArticle", "isAccessibleForFree": false}</script>'
    article = clean(f"<html><head>{ld}</head><body><article><p>{_para(0)}</p><p>{_para(1)}</p></article></body></html>")
    assert set(article.flags) == {"paywall", "truncated"}
    assert "isAccessibleForFree" in article.flags["paywall"]


def test_jsonld_not_free_with_the_whole_text_present_is_not_flagged() -> None:
    ld = '<script type="application/ld+json">{"@type": "NewsArticle", "isAccessibleForFree": "False"}</script>'
    long_article = "".join(f"<p>{_para(i)}</p>" for i in range(40))
    article = clean(f"<html><head>{ld}</head><body><article>{long_article}</article></body></html>")
    assert "paywall" not in article.flags


def test_login_prompt_after_a_teaser_raises_login_wall() -> None:
    page = (
        f"<html><body><article><p>{_para(0)}</p><div class='login-wall'><p>Sign in to continue reading</p>"
        "<a href='/login'>Sign in</a></div></article></body></html>"
    )
    article = clean(page, options=Options(explain=True))
    assert set(article.flags) == {"login_wall", "truncated"}
    assert "Sign in to continue" not in article.text


def test_listing_page_is_not_an_article() -> None:
    teasers = "".join(
        f'<div><h3><a href="/s/{i}">Headline of teaser story number {i}</a></h3></div>' for i in range(30)
    )
    article = clean(f"<html><body><main>{teasers}</main></body></html>")
    assert "not_article" in article.flags
