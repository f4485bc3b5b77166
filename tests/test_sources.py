"""cleaner.sources: which files a folder gives, their output names, WARC records as pages, stdin, read errors."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pytest

from cleaner import clean
from cleaner.sources import _SNIFF_BYTES, DEFAULT_INCLUDE, Input, discover, is_warc, iter_items
from tests.cli.server import article_html
from tests.cli.warcs import HOSTILE_URI, PAGES, write_warc


def _tree(root: Path) -> None:
    (root / "a" / "deep").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / "a" / "b.html").write_text(article_html("B"))
    (root / "a" / "deep" / "c.htm").write_text(article_html("C"))
    (root / "a" / "d.txt").write_text("A plain-text capture.\n")
    (root / "e.html.gz").write_bytes(gzip.compress(article_html("E").encode()))
    (root / "expected.json").write_text("{}")
    (root / "notes.md").write_text("not a page")
    (root / ".hidden.html").write_text(article_html("Hidden"))
    (root / ".git" / "x.html").write_text(article_html("Git"))


def test_discover_walks_folders_with_the_default_globs(tmp_path: Path) -> None:
    _tree(tmp_path)
    inputs = discover([tmp_path])
    assert [i.name for i in inputs] == ["e", "a/b", "a/d", "a/deep/c"]  # a folder's files, then its subfolders
    assert all(i.path is not None and i.path.is_file() for i in inputs)


def test_include_and_exclude(tmp_path: Path) -> None:
    _tree(tmp_path)
    assert [i.name for i in discover([tmp_path], include=["*.md"])] == ["notes"]
    assert [i.name for i in discover([tmp_path], exclude=["a/deep/*", "*.gz"])] == ["a/b", "a/d"]
    assert [i.name for i in discover([tmp_path], include=["*.HTML"])] == ["a/b"]  # case-insensitive


def test_a_named_file_is_always_taken_and_a_missing_one_is_an_error(tmp_path: Path) -> None:
    page = tmp_path / "page.php"
    page.write_text(article_html("PHP"))
    assert [i.name for i in discover([page])] == ["page"]
    with pytest.raises(FileNotFoundError):
        discover([tmp_path / "absent.html"])


def test_the_output_folder_is_not_walked(tmp_path: Path) -> None:
    _tree(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.txt").write_text("an output in txt format")
    assert "out/a" not in [i.name for i in discover([tmp_path], skip_dirs=[out])]
    assert "out/a" in [i.name for i in discover([tmp_path])]


def test_default_include_has_no_json() -> None:
    assert not any(p.endswith("json") for p in DEFAULT_INCLUDE)


def test_items_carry_the_data_and_skip_does_not_read(tmp_path: Path) -> None:
    _tree(tmp_path)
    (tmp_path / "a" / "b.html").unlink()
    (tmp_path / "a" / "b.html").symlink_to(tmp_path / "vanished.html")  # listed, but cannot be read
    skipped = list(iter_items(discover([tmp_path]), skip=lambda name: name == "a/b"))
    assert [(i.name, i.skipped) for i in skipped if i.name == "a/b"] == [("a/b", True)]
    items = list(iter_items(discover([tmp_path])))
    [failed] = [i for i in items if i.name == "a/b"]
    assert failed.page is None and failed.error is not None and "cannot read" in failed.error
    assert all(i.page is not None for i in items if i.name != "a/b")
    [gz_item] = [i for i in items if i.name == "e"]
    assert gz_item.page is not None and "Paragraph 1 of E" in clean(gz_item.page.data).text


def test_a_page_over_the_size_limit_is_an_error_not_read(tmp_path: Path) -> None:
    (tmp_path / "big.html").write_bytes(b"<p>" + b"x" * 5000 + b"</p>")
    [item] = iter_items(discover([tmp_path]), max_bytes=1000)
    assert item.page is None and item.error is not None and "1000" in item.error


def test_stdin_page_and_stdin_warc(tmp_path: Path) -> None:
    [item] = iter_items([Input(None, "<stdin>", "stdin")], stdin=io.BytesIO(article_html("In").encode()))
    assert item.id == "<stdin>" and item.name == "stdin" and item.page is not None
    warc = write_warc(tmp_path / "c.warc.gz", gz=True)
    items = list(iter_items([Input(None, "<stdin>", "stdin")], stdin=io.BytesIO(warc.read_bytes())))
    assert len(items) == len(PAGES)
    assert all(i.name.startswith("stdin/") for i in items)


@pytest.mark.parametrize("gz", [False, True])
def test_warc_records_become_pages(tmp_path: Path, gz: bool) -> None:
    warc = write_warc(tmp_path / ("crawl.warc.gz" if gz else "crawl.warc"), gz=gz)
    assert is_warc(warc.read_bytes()[:_SNIFF_BYTES])
    items = list(iter_items(discover([tmp_path])))
    assert len(items) == len(PAGES)  # not the request, image, redirect, 404 or metadata records
    by_url = {i.url: i for i in items}
    assert "http://x/../../etc/passwd" in by_url  # credentials gone, the rest as given
    for uri, phrase in PAGES.items():
        item = by_url[uri.replace("user:pw@", "")]
        assert item.page is not None
        article = clean(
            item.page.data, url=item.page.url, charset=item.page.charset, content_encoding=item.page.content_encoding
        )
        assert phrase in article.text, uri
        assert item.name.startswith("crawl/") and item.name.count("/") == 1
        assert ".." not in item.name.split("/") and "pw" not in item.name and "user" not in item.name
    assert by_url["http://news.example/cafe"].page.charset == "windows-1252"  # type: ignore[union-attr]
    assert len({i.name for i in items}) == len(items)


def test_hostile_uri_name_stays_in_one_safe_component(tmp_path: Path) -> None:
    write_warc(tmp_path / "crawl.warc", gz=False)
    [hostile] = [i for i in iter_items(discover([tmp_path])) if i.url and "passwd" in i.url]
    assert hostile.url == HOSTILE_URI.replace("user:pw@", "")
    component = hostile.name.split("/", 1)[1]
    assert component.replace(".", "").replace("_", "").replace("-", "").isalnum()
    assert not component.startswith(".")


def test_a_damaged_warc_keeps_the_pages_before_the_damage(tmp_path: Path) -> None:
    from warcio.archiveiterator import ArchiveIterator

    data = write_warc(tmp_path / "full.warc.gz", gz=True).read_bytes()
    (tmp_path / "full.warc.gz").unlink()
    records = ArchiveIterator(io.BytesIO(data))
    offsets = [records.get_record_offset() for _ in records]
    start = offsets[5]  # a gzip member after four pages: its header kept, its body overwritten
    (tmp_path / "broken.warc.gz").write_bytes(data[:start] + b"\x1f\x8b" + b"\xff" * 300 + data[start + 302 :])
    items = list(iter_items(discover([tmp_path])))
    assert len(items) == 5
    assert all(i.page is not None for i in items[:4])
    assert items[-1].page is None and items[-1].error is not None and "unreadable WARC after 4 pages" in items[-1].error


def test_names_clash_and_get_a_hash(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(article_html("A1"))
    (tmp_path / "a.htm").write_text(article_html("A2"))
    (tmp_path / "a.explain.html").write_text(article_html("A3"))
    names = [i.name for i in iter_items(discover([tmp_path]))]
    assert len(set(names)) == 3
    assert not any(f"{n}.explain" in names for n in names)  # no page's explain file is another page's output


def test_text_responses_are_pages_and_other_types_are_not(tmp_path: Path) -> None:
    from warcio.warcwriter import WARCWriter

    from tests.cli.warcs import _response

    text = ("Harbour reopens after the storm\n\n" + "Boats returned to the harbour on Monday morning. " * 12).encode()
    with (tmp_path / "mixed.warc").open("wb") as out:
        writer = WARCWriter(out, gzip=False)
        _response(writer, "http://news.example/story.txt", text, content_type="text/plain; charset=utf-8")
        _response(writer, "http://news.example/data.json", b'{"a": 1}', content_type="application/json")
        _response(writer, "http://news.example/style.css", b"body{}", content_type="text/css")
    items = list(iter_items(discover([tmp_path])))
    assert [i.url for i in items] == ["http://news.example/story.txt"]
    assert items[0].page is not None
    article = clean(items[0].page.data, url=items[0].page.url, charset=items[0].page.charset)
    assert article.kind == "text" and "Boats returned to the harbour" in article.text


def test_every_gzipped_warc_is_told_from_its_head(tmp_path: Path) -> None:
    # The first deflate block of a gzipped WARC may hold its Huffman tables before any text; a sniff of 64 bytes
    # missed some of these (their record ids and dates differ from file to file, and so do the tables).
    for i in range(60):
        warc = write_warc(tmp_path / f"c{i}.warc.gz", gz=True)
        assert is_warc(warc.read_bytes()[:_SNIFF_BYTES]), f"file {i} was not recognised"
