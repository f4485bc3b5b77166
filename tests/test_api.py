"""The public surface: what `import cleaner` exports, the Article contract, purity and picklability of clean()."""

from __future__ import annotations

import dataclasses
import json
import pickle
import threading
from concurrent.futures import ProcessPoolExecutor

import pytest

import cleaner
from cleaner import Article, Caption, CleanerError, Options, OptionsError, Removal, SourceTypeError, clean

PAGE = (
    "<html lang='en'><head><title>Harbour reopens | Coast Times</title></head><body>"
    "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article><h1>Harbour reopens</h1>"
    + "".join(
        f"<p>Paragraph {i} of the story says the harbour reopened after the storm, and boats returned.</p>"
        for i in range(8)
    )
    + "</article><footer>Copyright Coast Times</footer></body></html>"
)


def test_all_is_pinned() -> None:
    # Adding to the public surface is a decision: change this list in the same commit.
    assert sorted(cleaner.__all__) == sorted(
        [
            "FLAGS",
            "Article",
            "Caption",
            "CleanerError",
            "CorpusError",
            "FetchError",
            "Limits",
            "Link",
            "Options",
            "OptionsError",
            "OutputError",
            "Page",
            "Removal",
            "SourceTypeError",
            "UnsafeURLError",
            "WarcRecord",
            "clean",
            "clean_many",
            "clean_warc",
            "iter_warc",
        ]
    )
    for name in cleaner.__all__:
        assert hasattr(cleaner, name), name


def test_article_has_exactly_the_documented_fields() -> None:
    names = [f.name for f in dataclasses.fields(Article)]
    assert names == [
        "text", "markdown", "title", "byline", "authors", "date", "publisher", "site_name", "description",
        "language", "url", "image", "tags", "captions", "kind", "page_type", "flags", "removed", "links",
    ]  # fmt: skip
    article = Article(text="x")
    with pytest.raises(dataclasses.FrozenInstanceError):
        article.text = "y"  # type: ignore[misc]


def test_article_round_trips_through_json() -> None:
    article = Article(
        text="Body.",
        title="T",
        authors=("A B",),
        captions=(Caption("A cat.", "Jo Doe/AP"),),
        flags={"paywall": "subscribe box"},
        removed=(Removal("Home", "navigation"),),
        kind="text",
    )
    data = json.loads(article.to_json())
    assert data["captions"] == [{"text": "A cat.", "credit": "Jo Doe/AP"}]
    assert data["flags"] == {"paywall": "subscribe box"}
    assert Article.from_dict(data) == article


def test_clean_html_returns_article_and_pickles() -> None:
    article = clean(PAGE, url="https://example.org/a")
    assert article.kind == "html"
    assert "boats returned" in article.text
    assert "Copyright Coast Times" not in article.text
    assert article.url == "https://example.org/a"
    assert pickle.loads(pickle.dumps(article)) == article


def test_clean_takes_bytes_str_and_soup_alike() -> None:
    from bs4 import BeautifulSoup

    a = clean(PAGE.encode("utf-8"))
    b = clean(PAGE)
    c = clean(BeautifulSoup(PAGE, "html.parser"))
    assert a.text == b.text == c.text
    assert a.text


def test_a_callers_lxml_tree_is_cleaned_as_it_is_and_left_unchanged() -> None:
    import lxml.html

    page = PAGE.replace("<h1>", '<h1 id="top">').replace("</h1>", '<a href="#top">¶</a></h1>')
    tree = lxml.html.document_fromstring(page)
    before = lxml.html.tostring(tree)
    assert clean(tree).text == clean(page).text
    assert lxml.html.tostring(tree) == before


def test_wrong_types_raise_cleaner_errors() -> None:
    with pytest.raises(SourceTypeError):
        clean(12345)
    with pytest.raises(CleanerError):
        clean(PAGE, options={"explain": True})  # type: ignore[arg-type]
    with pytest.raises(OptionsError):
        Options(favor="speed")
    assert issubclass(SourceTypeError, TypeError)


def test_explain_records_cuts_with_rule_names() -> None:
    plain = clean(PAGE)
    explained = clean(PAGE, options=Options(explain=True))
    assert plain.removed == ()
    assert explained.text == plain.text
    assert explained.removed, "nothing was recorded as removed"
    assert all(r.rule and r.text for r in explained.removed)


def test_clean_is_thread_safe_and_deterministic() -> None:
    expected = clean(PAGE)
    results: list[Article] = []

    def work() -> None:
        for _ in range(5):
            results.append(clean(PAGE))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 20
    assert all(r == expected for r in results)


def test_clean_runs_in_another_process() -> None:
    with ProcessPoolExecutor(max_workers=1) as pool:
        article = pool.submit(clean, PAGE.encode(), url="https://example.org/a").result(timeout=60)
    assert article == clean(PAGE.encode(), url="https://example.org/a")


def test_text_capture_is_told_from_html() -> None:
    text = "Title of a story\n\n" + "\n\n".join(
        "This is a sentence of the article that goes on for a while, as articles do." for _ in range(5)
    )
    assert clean(text).kind == "text"
    assert clean(text.encode("utf-8")).kind == "text"


def test_a_megabyte_of_metadata_is_cut_to_a_sane_length() -> None:
    from cleaner.extraction import MAX_FIELD_CHARS

    huge = "word " * 200_000
    head = f"<meta name='description' content='{huge}'><title>{huge}</title>"
    page = f"<html><head>{head}</head><body>{PAGE}</body></html>"
    article = clean(page)
    assert article.description is not None and article.title is not None
    assert len(article.description) <= MAX_FIELD_CHARS + 1
    assert len(article.title) <= MAX_FIELD_CHARS + 1
    assert "boats returned" in article.text


def test_to_dict_and_from_dict_follow_the_fields() -> None:
    # A field added to Article (as page_type, markdown, links will be) is serialised and read back without an edit
    # to to_dict/from_dict or to the Ray columns: all of them derive from dataclasses.fields(Article).
    from cleaner.ray import ARTICLE_COLUMNS

    extended = dataclasses.make_dataclass(
        "Extended",
        [("page_type", "str | None", dataclasses.field(default=None)), ("links", "tuple[Caption, ...]", ())],
        bases=(Article,),
        frozen=True,
        namespace={"Caption": Caption},
    )
    extended.__module__ = Article.__module__  # its string annotations resolve against cleaner.article
    full = extended(
        text="Body.", authors=("A", "B"), captions=(Caption("c", "d"),), flags={"paywall": "why"},
        removed=(Removal("x", "nav"),), page_type="article", links=(Caption("l", None),),
    )  # fmt: skip
    data = full.to_dict()
    assert list(data) == [f.name for f in dataclasses.fields(extended)]
    assert data["page_type"] == "article" and data["links"] == [{"text": "l", "credit": None}]
    assert extended.from_dict(json.loads(json.dumps(data))) == full
    assert tuple(f.name for f in dataclasses.fields(Article)) == ARTICLE_COLUMNS
    # null or missing keys give the defaults; unknown keys (a JSONL line's id) are ignored
    assert Article.from_dict({"id": "x", "text": None, "kind": None}) == Article()


def test_the_extraction_record_carries_every_article_field() -> None:
    # The paths fill an Extraction that becomes the Article: a field added to Article needs its place there too.
    from cleaner.extraction import Extraction

    # text, markdown and links are rendered from the blocks (cleaner/render.py)
    article_fields = {f.name for f in dataclasses.fields(Article)} - {"text", "markdown", "links"}
    assert article_fields <= {f.name for f in dataclasses.fields(Extraction)}
