"""load: decompression with caps, charset order, characters lxml refuses, kind detection, refusals as data."""

from __future__ import annotations

import codecs
import gzip
import zlib
from pathlib import Path

import pytest

from cleaner import Options, SourceTypeError
from cleaner.load import decompress, detect_kind, load

OPTIONS = Options()
PAGE = "<html><head><title>Café</title></head><body><p>Le café était plein, naïve résumés.</p></body></html>"


def test_decompress_limit_is_exact() -> None:
    data = b"a" * 1000
    assert decompress(gzip.compress(data), limit=1000) == data
    with pytest.raises(ValueError, match="expands to more than 999 bytes"):
        decompress(gzip.compress(data), limit=999)


def test_decompress_nested_layers() -> None:
    data = b"<p>x</p>" * 10
    assert decompress(gzip.compress(gzip.compress(data)), limit=10_000) == data
    deep = data
    for _ in range(5):
        deep = gzip.compress(deep)
    with pytest.raises(ValueError, match="more than four times"):
        decompress(deep, limit=10_000)


def test_decompress_corrupt_and_unknown() -> None:
    with pytest.raises(ValueError, match="corrupt gzip"):
        decompress(b"\x1f\x8b\x08\x00garbage-after-a-gzip-magic", limit=10_000)
    with pytest.raises(ValueError, match="unknown compression 'lzma'"):
        decompress(b"data", limit=10, encoding="lzma")
    assert decompress(b"plain", limit=10, encoding="identity") == b"plain"


def test_deflate_by_content_encoding_and_by_magic() -> None:
    data = PAGE.encode()
    assert decompress(zlib.compress(data), limit=10_000) == data
    assert decompress(zlib.compress(data), limit=10_000, encoding="deflate") == data


def test_corrupt_compressed_page_is_refused_not_raised() -> None:
    loaded = load(b"\x1f\x8b\x08\x00garbage", options=OPTIONS)
    assert loaded.refused is not None and "corrupt gzip" in loaded.refused


def test_bom_beats_declared_charset() -> None:
    data = codecs.BOM_UTF8 + PAGE.replace("<head>", '<head><meta charset="koi8-r">').encode()
    loaded = load(data, options=OPTIONS, charset="cp1251")
    assert loaded.encoding == "utf-8"
    assert "naïve" in loaded.text


def test_http_charset_then_meta_for_legacy_bytes() -> None:
    russian = "<html><body><p>Привет, это страница на русском языке.</p></body></html>"
    assert "Привет" in load(russian.encode("cp1251"), options=OPTIONS, charset="windows-1251").text
    with_meta = russian.replace("<body>", '<head><meta charset="windows-1251"></head><body>')
    assert "Привет" in load(with_meta.encode("cp1251"), options=OPTIONS).text


def test_latin1_label_is_read_as_windows_1252() -> None:
    data = "<html><body><p>It costs 5 € – a “bargain”.</p></body></html>".encode("cp1252")
    loaded = load(data, options=OPTIONS, charset="iso-8859-1")
    assert "5 € – a “bargain”" in loaded.text


def test_characters_lxml_refuses_are_removed() -> None:
    loaded = load("<p>a\x00b\x01c\x1fd\ufffee\ud800f\x0cg\tx</p>", options=OPTIONS)
    assert loaded.text == "<p>abcde\ufffdf\ng\tx</p>"


def test_max_text_chars_cuts_and_flags() -> None:
    loaded = load("word " * 100, options=Options(max_text_chars=50))
    assert len(loaded.text) == 50
    assert loaded.flags == {"truncated": "input cut at max_text_chars=50 characters"}


def test_kind_detection() -> None:
    assert detect_kind(PAGE) == "html"
    assert detect_kind("<!-- saved -->\n<div>x</div>") == "html"
    assert detect_kind("A capture that quotes a <p> tag once.\nAnd then goes on as text.\n") == "text"
    assert detect_kind("Headline\n\nBody text of a plain capture.") == "text"


def test_wrong_types_raise_with_a_hint() -> None:
    with pytest.raises(SourceTypeError, match=r"clean_many\(\[path\]\)"):
        load(Path("page.html"), options=OPTIONS)
    with pytest.raises(SourceTypeError, match="not int"):
        load(3, options=OPTIONS)


def test_an_html_fragment_is_html_and_text_that_quotes_a_tag_is_text() -> None:
    from cleaner.load import detect_kind

    assert detect_kind("<p>One.</p>") == "html"
    assert detect_kind("  <div class='story'><span>x</span></div>") == "html"
    assert detect_kind("Use the <p> tag for paragraphs.\nIt is the most common tag on the web.") == "text"


def test_text_that_quotes_many_tags_on_a_few_lines_is_text_and_markup_after_a_line_of_text_is_html() -> None:
    """The visible text of a page about HTML or of a terminal session quotes tags by the dozen, on a minority of
    its lines (a documentation page's capture was cleaned as markup); markup has a tag on most lines."""
    from cleaner.load import detect_kind

    prose = "Run the server and watch its coloured output as it starts up.\n"
    quoted = '  <span style="color:#009485"><font color="#D3D7CF"> server </font></span> started\n'
    capture = "Skip to main content\nTutorial\n" + (prose * 3 + quoted * 2) * 10
    assert capture.count("<") >= 0.3 * capture.count("\n")  # what the old test counted
    assert detect_kind(capture) == "text"
    fragment = "Saved page\n" + "<div class='post'>\n<p>A paragraph of the post.</p>\n</div>\n" * 5
    assert detect_kind(fragment) == "html"


# -- WHATWG labels (issue 12, item 2) --------------------------------------------------------------------------------

# Characters outside the narrow charset each label names, inside the one browsers use: 镕 and 堃 are GBK but not
# GB2312; 똠 and 뷁 are CP949 (UHC) but not EUC-KR.
GBK_TEXT = "镕堃两位记者报道：城市在下雨，桥被关闭了。" * 20
CP949_TEXT = "똠방각하와 뷁 기자가 보도했다. 서울에 비가 내렸다. " * 20


@pytest.mark.parametrize(
    ("label", "codec", "text"),
    [("gb2312", "gbk", GBK_TEXT), ("GB_2312-80", "gbk", GBK_TEXT), ("euc-kr", "cp949", CP949_TEXT)],
)
def test_narrow_labels_read_as_browsers_read_them(label: str, codec: str, text: str) -> None:
    page = f"<html><head><title>t</title></head><body><p>{text}</p></body></html>"
    with pytest.raises((UnicodeDecodeError, LookupError)):
        page.encode(codec).decode(label)  # Python's own codec for the label fails on these bytes, or has no such label
    for data, charset in (
        (page.replace("<head>", f'<head><meta charset="{label}">').encode(codec), None),
        (page.encode(codec), label),
    ):
        loaded = load(data, options=OPTIONS, charset=charset)
        assert text in loaded.text and "\ufffd" not in loaded.text
        assert loaded.encoding == codec


@pytest.mark.parametrize(("label", "codec"), [("latin1", "cp1252"), ("ascii", "cp1252"), ("shift_jis", "cp932")])
def test_whatwg_label_table(label: str, codec: str) -> None:
    from cleaner.load import _codec_name

    assert _codec_name(label) == codec


@pytest.mark.parametrize("label", ["rot13", "base64", "ut\x00f-8", "", "x" * 10_000, "replacement", "iso-2022-kr"])
def test_labels_no_browser_reads_are_ignored(label: str) -> None:
    page = PAGE.encode("cp1252")
    loaded = load(page, options=OPTIONS, charset=label)
    assert loaded.refused is None
    assert loaded.text == load(page, options=OPTIONS).text  # as if no label had been given


def test_valid_utf8_still_beats_a_declared_legacy_label() -> None:
    page = PAGE.replace("<head>", '<head><meta charset="gb2312">').encode("utf-8")
    assert "naïve résumés" in load(page, options=OPTIONS).text


def test_needs_fixing_agrees_with_the_character_class() -> None:
    # the byte-level test stands in for a scan with _ANY_TO_FIX: every code point, alone and amid other text
    from cleaner.load import _ANY_TO_FIX, _scan

    for code in (*range(0, 0x110000, 17), *range(0x20), 0xD800, 0xDBFF, 0xDC00, 0xDFFF, 0xFFFD, 0xFFFE, 0xFFFF):
        for text in (chr(code), f"café {chr(code)} 東京", f"plain ascii{chr(code)}"):
            assert _scan(text)[0] == (_ANY_TO_FIX.search(text) is not None), hex(code)
    # the test runs slice by slice: a character to fix is found in any slice, and across a slice boundary
    long = "é" * (1 << 18) + "a" * 100
    assert not _scan(long)[0]
    for at in (0, (1 << 18) - 1, 1 << 18, len(long) - 1):
        for char in ("\x00", "\ufffe", "\ud800"):
            assert _scan(long[:at] + char + long[at + 1 :])[0], (at, hex(ord(char)))


# UTF-8 read as windows-1252 (as a crawler, a template or a browser following a wrong charset label does); the five
# bytes windows-1252 leaves undefined become the C1 control of that number, as browsers read them
def _misread(text: str) -> str:
    return "".join(
        chr(b) if b in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else bytes([b]).decode("cp1252") for b in text.encode("utf-8")
    )


def test_mojibake_is_repaired_and_flagged() -> None:
    clean_text = "“Don’t,” said José Núñez in Zürich — it costs €2,000 at 96 °C."
    broken = _misread(clean_text)
    assert broken != clean_text and "â€" in broken
    for source in (broken, broken.encode("utf-8"), f"<html><body><p>{broken}</p></body></html>".encode()):
        loaded = load(source, options=OPTIONS)
        assert clean_text in loaded.text
        assert "mojibake" in loaded.flags


def test_text_that_only_looks_like_mojibake_is_left_alone() -> None:
    # each passes the byte-level gate (an accented letter before a curly quote, a dash or a no-break space), and
    # ftfy, which decides, leaves each as written: no change, no flag
    from cleaner.load import _scan

    for text in ("the café’s menu", "« voilà\u00a0»", "naïve résumé’s", "Zürich’s Café–Bar"):
        assert _scan(text) == (False, True)
        loaded = load(text, options=OPTIONS)
        assert loaded.text == text
        assert "mojibake" not in loaded.flags
    # plain text in any script does not even reach ftfy
    for text in ("Déjà vu – encore", "Ärger über Öl — naïve", "São Paulo’s mayor", "東京の天気", "Привет, мир"):
        assert _scan(text) == (False, False)


def test_mojibake_is_found_in_any_slice_of_a_long_page() -> None:
    from cleaner.load import _FIX_SLICE_CHARS, _scan

    long = "é" * _FIX_SLICE_CHARS + "a" * _FIX_SLICE_CHARS
    assert _scan(long) == (False, False)
    for at in (0, _FIX_SLICE_CHARS - 10, _FIX_SLICE_CHARS + 10, len(long) - 10):
        assert _scan(long[:at] + "donâ€™t" + long[at:]) == (False, True), at


def test_mojibake_in_a_very_long_text_is_flagged_not_repaired(monkeypatch: pytest.MonkeyPatch) -> None:
    import cleaner.load as load_module

    monkeypatch.setattr(load_module, "MOJIBAKE_MAX_CHARS", 1000)
    broken = _misread("It’s José’s café. ") * 100
    loaded = load(broken, options=OPTIONS)
    assert loaded.text == broken
    assert "not repaired" in loaded.flags["mojibake"]
