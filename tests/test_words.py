"""One home for the word lists (issue 9, item 7): the ``\\w+`` tokenizer, month and weekday names, agencies, credit
labels, caption and zone class tokens and the title-repeat tests each live once (``cleaner/data/words/*.txt`` read by
:mod:`cleaner.words`, or :mod:`cleaner.tokens`), and every module that needs one imports it. The tests scan the
source for copies, and check that the merged lists behave alike on both sides."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import lxml.html
import pytest

from cleaner import tokens
from cleaner.blocks import block_rule
from cleaner.bylines import normalize_byline
from cleaner.captions import labelled_credit, split_credit
from cleaner.dates import normalize_date
from cleaner.extraction import Extraction
from cleaner.html.figures import extract_captions
from cleaner.html.metadata import extract_metadata
from cleaner.html.rules import prune
from cleaner.text import rules as text_rules
from cleaner.text.metadata import date_line
from cleaner.words import alternation, first_words, word_set, words

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted([*(ROOT / "src" / "cleaner").rglob("*.py"), *(ROOT / "scripts").glob("*.py")])


def _code_strings(path: Path) -> list[tuple[int, str]]:
    """The string constants of a module's code (docstrings left out), with their line numbers."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]


def test_one_word_pattern() -> None:
    """``\\w+`` is compiled once, in cleaner/tokens.py; everything else imports ``tokens.WORD`` (or ``words``)."""
    copies = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in SOURCES
        if path.name != "tokens.py"
        for line, value in _code_strings(path)
        if value == r"\w+"
    ]
    assert copies == []


# A few words of each shared list that no other code has reason to spell: finding one in a string of the code means
# a copy of the list.
HALLMARKS = {
    "agencies": ("reuters", "shutterstock", "xinhua", "kyodo"),
    "networks": ("cbs news",),
    "credit labels": ("źródło", "crédit", "bilder"),
    "gallery labels": ("afbeelding", "immagine"),
    "caption tokens": ("wpcaptiontext", "mediacaption", "photocredit", "imagecopyright"),
    "zone tokens": ("more-stories", "recommend|", "|teaser"),
    "months": ("listopad", "janvier", "septiembre", "sept|"),
    "weekdays": ("mittwoch", "mercredi", "wednesday"),
}


@pytest.mark.parametrize("name", sorted(HALLMARKS))
def test_each_list_lives_in_data_words(name: str) -> None:
    copies = [
        f"{path.relative_to(ROOT)}:{line}: {value[:60]!r}"
        for path in SOURCES
        for line, value in _code_strings(path)
        for hallmark in HALLMARKS[name]
        if re.search(rf"(?<![\w-]){re.escape(hallmark)}", value, re.I)
    ]
    assert copies == []


def test_subsets_are_drawn_from_their_lists() -> None:
    """The text path's credit-line lists are named subsets (the line scorer was trained with them), not other lists."""
    labels = word_set("credit_labels")
    assert word_set("credit_line_labels") <= labels | {w.rstrip(".") for w in labels}
    agencies = word_set("agencies") | word_set("credit_markers")
    assert word_set("credit_line_agencies") <= agencies | {f"{a} photo" for a in agencies}
    for hint in words("credit_line_hints"):
        assert hint == "/" or any(hint in entry for entry in labels | agencies), hint


def test_list_helpers() -> None:
    assert re.fullmatch(alternation("networks"), "NBC  News", re.I)
    assert re.fullmatch(f"(?:{alternation('agencies')})", "getty images")  # the longer name first
    assert {"getty", "associated", "reuters"} <= first_words("agencies")
    assert "press" not in first_words("agencies") - {"press"} and "images" not in first_words("agencies")


def test_title_repeat_tests_live_in_tokens() -> None:
    assert text_rules.repeats_title is tokens.repeats_title
    title = tokens.words("Top 10 apps")
    assert block_rule("Top 10 apps", title) == "title-repeat"
    assert block_rule("Top 10 apps Top 10 apps", title) == "title-repeat"  # as the text path cuts it
    assert block_rule("Top 10", title) is None


@pytest.mark.parametrize(
    ("printed", "iso"),
    [("3 listopada 2019", "2019-11-03"), ("12 stycznia 2021", "2021-01-12"), ("7. März 2020", "2020-03-07")],
)
def test_month_names_alike_in_both_paths(printed: str, iso: str) -> None:
    assert normalize_date(printed) == iso
    found = date_line(f"Opublikowano {printed}", len(printed.split()) + 1)
    assert found is not None and found[0] == iso


def test_byline_stops_at_a_date_in_any_language() -> None:
    assert normalize_byline("Jan Kowalski 3 listopada 2019") == ("Jan Kowalski", ["Jan Kowalski"])
    assert normalize_byline("By Ana Ortiz, Sept. 12") == ("Ana Ortiz", ["Ana Ortiz"])


def test_agencies_one_list_for_bylines_and_captions() -> None:
    # a picture agency after a reporter's name is an employer, as a news agency is
    assert normalize_byline("By Jane Doe and Tom Roe, Getty Images")[1] == ["Jane Doe", "Tom Roe"]
    assert normalize_byline("By Jane Doe and Tom Roe, Associated Press")[1] == ["Jane Doe", "Tom Roe"]
    # and a news agency ends a caption as a picture agency does
    assert split_credit("The minister in Lisbon. Agence France-Presse").credit == "Agence France-Presse"
    assert split_credit("The minister in Lisbon. UPI").credit == "UPI"
    assert labelled_credit("Graphic: Jane Doe") == "Jane Doe"
    assert labelled_credit("zdj. Jan Kowalski/PAP") == "Jan Kowalski/PAP"


ARTICLE = "".join(f"<p>Paragraph {i} of the story, long enough to be running text, and a stop.</p>" for i in range(6))


@pytest.mark.parametrize("cls", ["mediacaption", "media-caption", "imgcaption", "wp-caption-text"])
def test_caption_classes_alike_for_captions_and_cuts(cls: str) -> None:
    html = f'<html><body><article>{ARTICLE}<div class="{cls}">A boat on the lake.</div></article></body></html>'
    assert [c.text for c in extract_captions(lxml.html.document_fromstring(html).find("body"))] == [
        "A boat on the lake."
    ]
    ext = Extraction(kind="html", explain=True)
    tree = lxml.html.document_fromstring(html)
    prune(tree, ext)
    assert "A boat on the lake." not in tree.text_content()
    assert [r.rule for r in ext.removed] == ["caption"]


def test_zone_tokens_alike_for_captions_and_bylines() -> None:
    for zone in ("related-posts", "more-stories", "comment-list"):
        body = (
            f'<article>{ARTICLE}<div class="{zone}"><figure><figcaption>Another story</figcaption></figure>'
            '<span class="byline">By Someone Else</span></div></article>'
        )
        tree = lxml.html.document_fromstring(f"<html><head><title>T</title></head><body>{body}</body></html>")
        assert extract_captions(tree.find("body")) == [], zone
        ext = Extraction(kind="html")
        extract_metadata(tree, ext)
        assert ext.byline is None, zone
