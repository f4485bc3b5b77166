"""html/parse.py: content a browser shows that libxml2 puts outside <body>."""

from __future__ import annotations

from cleaner.extraction import Extraction
from cleaner.html.parse import parse_html
from cleaner.load import load
from cleaner.options import Options


def _body_texts(page: bytes) -> list[str]:
    options = Options()
    root = parse_html(load(page, options=options), options, Extraction(kind="html"))
    assert root is not None
    return [p.text_content() for p in root.find("body").iter("p")]


def test_content_after_the_closing_html_tag_goes_into_body_in_order() -> None:
    page = b"<html><head><title>t</title></head><body><p>one</p></body></html><div><p>two</p></div><p>three</p>"
    assert _body_texts(page) == ["one", "two", "three"]


def test_content_between_the_closing_body_and_html_tags_goes_into_body() -> None:
    page = b"<html><body><p>one</p></body><p>two</p></html>"
    assert _body_texts(page) == ["one", "two"]


def test_a_well_formed_page_is_left_as_it_is() -> None:
    page = b"<html><head><title>t</title></head><body><p>one</p><p>two</p></body></html><!-- cached -->"
    assert _body_texts(page) == ["one", "two"]
