"""The DOM rules of cleaner/html/rules.py: each rule cuts its clutter under its own name, and the article stays."""

from __future__ import annotations

import lxml.html
import pytest

from cleaner.extraction import Extraction
from cleaner.html.rules import RULE_NAMES, attr_tokens, prune

ARTICLE = "".join(
    f"<p>Paragraph {i} of the story, long enough to be running text, with a comma, and a full stop at the end.</p>"
    for i in range(6)
)


def _prune(body: str, *, captions_in_text: bool = False) -> tuple[Extraction, str, object]:
    tree = lxml.html.document_fromstring(f"<html><head><title>T</title></head><body>{body}</body></html>")
    ext = Extraction(kind="html", explain=True)
    report = prune(tree, ext, captions_in_text=captions_in_text)
    return ext, tree.text_content(), report


def _page(clutter: str, *, article_attrs: str = "") -> str:
    return f'{clutter}<article {article_attrs}><div class="entry-content">{ARTICLE}</div></article>'


@pytest.mark.parametrize(
    ("rule", "clutter", "gone"),
    [
        ("navigation", '<nav><a href="/">Home</a> <a href="/world">World</a></nav>', "World"),
        (
            "navigation",
            '<ul class="breadcrumbs"><li><a href="/">Home</a></li><li><a href="/x">Metro</a></li></ul>',
            "Metro",
        ),
        ("navigation", '<div role="navigation"><a href="/a">Archive index</a></div>', "Archive index"),
        ("site-chrome", '<header class="masthead"><a href="/">The Daily Example</a></header>', "Daily Example"),
        ("site-chrome", "<footer><p>Copyright 2024 Example Media</p></footer>", "Example Media"),
        ("site-chrome", '<div id="sidebar"><p>Weather: sunny spells</p></div>', "sunny spells"),
        ("ads", '<div class="ad-container"><span>Promoted content here</span></div>', "Promoted content"),
        ("ads", '<ins class="adsbygoogle">slot filler</ins>', "slot filler"),
        ("ads", "<div><span>Advertisement</span></div>", "Advertisement"),
        ("consent", '<div id="onetrust-consent-sdk"><p>We value your privacy</p></div>', "privacy"),
        ("consent", "<div><p>We use cookies to improve your experience.</p></div>", "We use cookies"),
        ("login", '<div class="modal signInForm"><p>Email</p><p>Password</p></div>', "Password"),
        ("paywall", '<div class="paywall-box"><p>Subscribe to continue reading</p></div>', "Subscribe"),
        ("newsletter", '<form class="newsletter-form"><p>Morning briefing in your inbox</p></form>', "inbox"),
        ("share", '<div class="social-share"><a href="#">Facebook</a><a href="#">Twitter</a></div>', "Facebook"),
        (
            "related",
            '<section class="related-posts"><a href="/a">Another story entirely</a></section>',
            "Another story",
        ),
        ("related", '<div class="outbrain-widget"><a href="/b">You may like this</a></div>', "You may like"),
        ("comments", '<div id="disqus_thread"><p>First comment on the page</p></div>', "First comment"),
        ("hidden", '<div style="display: none">Hidden promo text</div>', "Hidden promo"),
        ("hidden", "<div hidden>Hidden attribute text</div>", "attribute text"),
        ("hidden", '<span aria-hidden="true">Icon label text</span>', "Icon label"),
        ("browser", '<div class="outdated-browser"><p>Upgrade your browser</p></div>', "Upgrade"),
        ("browser", "<noscript>Please enable JavaScript to continue</noscript>", "enable JavaScript"),
        ("caption", "<figure><img src='a.jpg'><figcaption>A caption of a photo</figcaption></figure>", "A caption"),
        ("caption", '<p class="photo-credit">Photo: Jane Roe / Agency</p>', "Jane Roe"),
    ],
)
def test_each_rule_cuts_its_clutter_under_its_name(rule: str, clutter: str, gone: str) -> None:
    ext, text, _ = _prune(_page(clutter))
    assert gone not in text
    assert rule in {r.rule for r in ext.removed}, [(r.rule, r.text) for r in ext.removed]
    assert "Paragraph 5 of the story" in text


def test_rule_names_cover_the_rules_the_brief_names() -> None:
    expected = {"navigation", "site-chrome", "ads", "consent", "login", "paywall", "newsletter", "share", "related",
                "comments", "hidden", "browser", "caption"}  # fmt: skip
    assert expected <= set(RULE_NAMES)


def test_body_and_article_named_after_clutter_are_protected() -> None:
    tree = lxml.html.document_fromstring(
        f'<html><body class="has-cookie-banner"><article class="post share-enabled social">{ARTICLE}'
        '<div class="share-bar"><a href="#">Tweet</a></div></article></body></html>'
    )
    ext = Extraction(kind="html", explain=True)
    prune(tree, ext)
    text = tree.text_content()
    assert "Paragraph 0 of the story" in text and "Paragraph 5 of the story" in text
    assert "Tweet" not in text
    assert [r.rule for r in ext.removed] == ["share"]


def test_comments_are_cut_even_when_they_hold_more_text_than_the_article() -> None:
    comments = "".join(
        f'<div class="comment"><p>Reader comment {i}, which goes on for quite a while, with opinions, '
        "commas, and a long argument about the council and its budget for the coming year.</p></div>"
        for i in range(12)
    )
    ext, text, _ = _prune(f'{_page("")}<section id="comments">{comments}</section>')
    assert "Reader comment" not in text
    assert "Paragraph 3 of the story" in text
    assert "comments" in {r.rule for r in ext.removed}


def test_menu_named_state_classes_without_links_are_not_navigation() -> None:
    ext, text, _ = _prune(_page('<span class="MathJax CtxtMenu_Attached_0">x = 2y + 1</span>'))
    assert "x = 2y + 1" in text
    assert not ext.removed


def test_heading_slug_ids_do_not_name_the_section() -> None:
    section = (
        f'<section id="sharing-with-a-single-developer"><h2>Sharing with a single developer</h2>{ARTICLE}</section>'
    )
    ext, text, _ = _prune(f"<main>{section}{section.replace('single', 'second')}</main>")
    assert text.count("Paragraph 2 of the story") == 2
    assert not ext.removed


def test_an_article_hidden_until_a_script_shows_it_is_kept() -> None:
    ext, text, _ = _prune(f'<div style="display:none" class="article-body">{ARTICLE}</div><p>Loading...</p>')
    assert "Paragraph 4 of the story" in text
    assert "hidden" not in {r.rule for r in ext.removed}


def test_hidden_text_beside_a_visible_article_is_cut() -> None:
    ext, text, _ = _prune(f'<div style="visibility: hidden">{ARTICLE[:300]}</div><div>{ARTICLE}</div>')
    assert text.count("Paragraph 0 of the story") == 1
    assert "hidden" in {r.rule for r in ext.removed}


def test_captions_stay_when_wanted_in_text() -> None:
    ext, text, _ = _prune(
        _page("<figure><figcaption>A caption of a photo</figcaption></figure>"), captions_in_text=True
    )
    assert "A caption of a photo" in text
    assert "caption" not in {r.rule for r in ext.removed}


def test_short_phrase_blocks_are_cut_but_paragraphs_mentioning_the_words_stay() -> None:
    mention = "<p>Readers were asked to share their stories and subscribe to the idea of a new ferry terminal.</p>"
    _, text, _ = _prune(_page(f"<div><p>Share this article</p></div>{mention}"))
    assert "Share this article" not in text
    assert "share their stories" in text


def test_report_keeps_short_paywall_and_login_prompts_as_signals() -> None:
    _, _, report = _prune(_page('<div class="paywall"><p>Subscribe to continue reading</p></div>'))
    assert ("paywall", "Subscribe to continue reading") in report.signals
    assert report.counts["paywall"] == 1
    assert report.page_chars > 0


def test_tails_of_cut_elements_stay_with_their_parent() -> None:
    _, text, _ = _prune(_page('<p>Before <span style="display:none">secret</span> after the hidden span.</p>'))
    assert "secret" not in text
    assert "after the hidden span" in text


def test_cuts_are_recorded_only_when_explaining() -> None:
    tree = lxml.html.document_fromstring(f"<html><body><nav><a href='/'>Home</a></nav>{ARTICLE}</body></html>")
    ext = Extraction(kind="html", explain=False)
    report = prune(tree, ext)
    assert report.counts == {"navigation": 1}
    assert ext.removed == []


def test_a_sign_in_form_is_cut_even_when_it_is_the_whole_page() -> None:
    form = (
        "<form action='/login'><h1>Sign in to your account</h1><p>Email <input name='email'></p>"
        "<p>Password <input type='password' name='pw'></p><button>Log in</button></form>"
    )
    _, text, report = _prune(form)
    assert "Sign in to your account" not in text
    assert report.counts == {"login": 1}


def test_state_classes_do_not_name_the_element() -> None:
    heading = "A heading of the list item " * 3
    item = f'<div class="list-item image no_caption has-comments"><h2>{heading}</h2>{ARTICLE}</div>'
    ext, text, _ = _prune(item)
    assert "A heading of the list item" in text
    assert not ext.removed


def test_attr_tokens_split_class_and_id_into_whole_words_and_joined_pairs() -> None:
    el = lxml.html.fragment_fromstring('<div class="socialShare__bar sign-in" id="main">x</div>')
    tokens = attr_tokens(el)
    assert {"social", "share", "bar", "sign", "in", "main", "socialshare", "signin"} <= tokens
    assert "shar" not in tokens
