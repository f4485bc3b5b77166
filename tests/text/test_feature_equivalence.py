"""The page-wide forms of the per-line tests give what the per-line tests give (see ``features._page_tests``)."""

from __future__ import annotations

from cleaner.phrases import phrase_group_tokens
from cleaner.text.features import _line_tests, _page_tests
from cleaner.text.lines import split_lines
from cleaner.text.rules import MIN_COVER, phrase_hit

HEADS = [
    "Price: $25 or 20 USD",
    "usd",
    "eur at the end EUR",
    "contact a@b or www.example.com",
    "x@",
    "@y",
    "see example.com",
    "example.commerce",
    "Über Ärzte und Øre",
    "digits 1 2 3 and ٣",
    "A | B · C » D / E > F",
    "",
    "ſusd gbp.",
    "https://example.org/path",
    "no hits at all",
    "Europe and neuroscience, amateurs",  # the currency codes inside words: no match
    "Paid in Eur. or GBP/USD",
    "ŞTraße İstanbul ǅemal Ærø",  # case folding that changes lengths
    "a.network and x.com.au, mail me@home",
    "Éric Ünal's 'Quote' (Big) -Dash",
]


def test_page_tests_match_line_tests() -> None:
    page = _page_tests(HEADS)
    assert page is not None
    line = _line_tests(HEADS)
    assert page[0] == line[0]
    assert page[1] == line[1]
    assert [bool(x) for x in page[2]] == [bool(x) for x in line[2]]
    assert [bool(x) for x in page[3]] == [bool(x) for x in line[3]]
    assert page[4] == line[4]


def test_page_tests_refuse_a_newline() -> None:
    assert _page_tests(["a\nb", "c"]) is None


def test_phrase_hit_gives_the_rules_verdict() -> None:
    text = "Share on Facebook\nShare this article with your friends and family today\nRead more\nSubscribe now\nThe end"
    for line in split_lines(text):
        hit = phrase_hit(line)
        rules = phrase_group_tokens(line.tokens)
        assert rules == (hit if hit is not None and hit[1] >= MIN_COVER else None)
