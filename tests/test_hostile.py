"""Hostile and broken input: every case gets a clear result, in bounded time and memory.

Each case runs in one shared :class:`~cleaner.sandbox.Sandbox` with an address-space cap of ``MEMORY_CAP`` and a
deadline of ``DEADLINE`` seconds: a case that needed more memory or time would come back flagged "failed" or
"timeout" and fail its check. The sandbox calls the library's ``clean()``, so this is the library's behaviour.
The large inputs (50 MB, 10 GB bombs) are built streaming or from repeated blocks; none is held expanded.
"""

from __future__ import annotations

import codecs
import os
import random
import struct
import subprocess
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from cleaner import Article, CleanerError, Limits, Options, clean
from cleaner.sandbox import Sandbox

MiB = 1024 * 1024
MEMORY_CAP = 1024 * MiB
DEADLINE = 60.0
GB10 = 10 * 1000**3

PARAGRAPH = "<p>" + "Words enough to make this paragraph part of an article body. " * 8 + "</p>\n"
ACCENTED = "<p>Le café était plein; the reporter wrote about naïve résumés and the crème brûlée served there.</p>\n"
ACCENTED_PAGE = "<html><head><title>Café</title></head><body><article>" + ACCENTED * 8 + "</article></body></html>"


def article_page(body: str) -> str:
    return f"<html><head><title>A headline</title></head><body><article>{body}</article></body></html>"


@pytest.fixture(scope="module")
def box() -> Iterator[Sandbox]:
    with Sandbox(limits=Limits(timeout=DEADLINE, max_memory_bytes=MEMORY_CAP)) as sandbox:
        yield sandbox


def run(box: Sandbox, source: bytes | str, **kwargs: str) -> Article:
    article = box.clean(source, **kwargs)
    assert "timeout" not in article.flags, article.flags  # the deadline did not fire: done within DEADLINE
    assert "failed" not in article.flags, article.flags  # out of memory under MEMORY_CAP, or a crash
    return article


# -- nothing, or not a page -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("source", [b"", "", b"   \n\t\r\n  ", " \n\n \t ", "\ufeff", "\x00\x00", b"\xef\xbb\xbf"])
def test_empty_and_blank(box: Sandbox, source: bytes | str) -> None:
    article = run(box, source)
    assert article.text == ""
    assert "empty" in article.flags


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n" + random.Random(1).randbytes(20_000), "PNG image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + bytes(range(256)) * 40, "PDF"),
        (random.Random(2).randbytes(200_000), "binary"),
        (b"\x7fELF\x02\x01\x01" + bytes(5000), "ELF"),
        (b"\x00\x00\x00\x01" * 100, "binary"),
    ],
    ids=["png", "pdf", "random-bytes", "elf", "nul-bytes"],
)
def test_binary_is_refused(box: Sandbox, source: bytes, reason: str) -> None:
    article = run(box, source)
    assert article.text == ""
    assert reason in article.flags["refused"]


# -- encodings ------------------------------------------------------------------------------------------------------


def test_invalid_utf8_keeps_the_valid_text(box: Sandbox) -> None:
    data = ACCENTED_PAGE.encode()
    broken = data[:300] + b"\xff\xc3\x28\xa0\xa1" + data[300:]  # stray bytes and a cut sequence mid-page
    article = run(box, broken)
    assert "crème brûlée" in article.text
    assert "naïve résumés" in article.text


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig"])
def test_utf16_with_and_without_bom(box: Sandbox, codec: str) -> None:
    article = run(box, ACCENTED_PAGE.encode(codec))
    assert "Le café était plein" in article.text
    assert "\x00" not in article.text


def test_utf8_labelled_latin1(box: Sandbox) -> None:
    data = ACCENTED_PAGE.replace("<head>", '<head><meta charset="iso-8859-1">').encode()
    assert "crème brûlée" in run(box, data).text


def test_cp1252_labelled_utf8(box: Sandbox) -> None:
    data = ACCENTED_PAGE.replace("<head>", '<head><meta charset="utf-8">').encode("cp1252")
    article = run(box, data)
    assert "naïve résumés" in article.text
    assert "\ufffd" not in article.text


def test_http_charset_that_lies(box: Sandbox) -> None:
    article = run(box, ACCENTED_PAGE.encode(), charset="iso-8859-1")
    assert "crème brûlée" in article.text


# -- size -----------------------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_50_mb_page_is_cut_at_max_text_chars(box: Sandbox) -> None:
    body = PARAGRAPH * (50_000_000 // len(PARAGRAPH) + 1)
    data = article_page(body).encode()
    assert len(data) >= 50_000_000
    del body
    article = run(box, data)
    assert "truncated" in article.flags
    assert article.text.startswith("Words enough to make this paragraph")
    assert len(article.text) <= box.options.max_text_chars


def test_input_over_max_input_bytes_is_refused() -> None:
    article = clean(b"<p>" + b"x" * 2000 + b"</p>", options=Options(max_input_bytes=1000))
    assert article.flags == {"refused": "input is 2007 bytes, over max_input_bytes=1000"}


def test_a_million_paragraphs_are_refused_by_node_count(box: Sandbox) -> None:
    article = run(box, "<html><body>" + "<p>x</p>" * 1_000_000 + "</body></html>")
    assert article.text == ""
    assert "max_dom_nodes" in article.flags["refused"]


def test_node_limit_is_an_option() -> None:
    page = article_page(PARAGRAPH * 50)
    assert "refused" in clean(page, options=Options(max_dom_nodes=20)).flags
    assert "refused" not in clean(page, options=Options(max_dom_nodes=100)).flags


def test_one_mb_attribute(box: Sandbox) -> None:
    page = article_page(f'<div class="{"a" * 1_000_000}" data-x="{"b" * 1_000_000}">{PARAGRAPH * 5}</div>')
    article = run(box, page)
    assert article.text.startswith("Words enough to make this paragraph")
    assert "aaaa" not in article.text and "bbbb" not in article.text


def test_colspan_of_2_to_the_53(box: Sandbox) -> None:
    table = (
        '<table><tr><td colspan="9007199254740991">cell one</td><td rowspan="9007199254740991">cell two</td></tr>'
        '<tr><td colspan="-1">cell three</td><td colspan="1e308">cell four</td></tr></table>'
    )
    article = run(box, article_page(PARAGRAPH * 3 + table + PARAGRAPH * 3))
    assert article.text.count("Words enough to make this paragraph") >= 6 * 8


# -- nesting --------------------------------------------------------------------------------------------------------


def test_100000_deep_nesting(box: Sandbox) -> None:
    deep = "<div>" * 100_000 + "<p>The deep paragraph is reached and kept as article text.</p>" + "</div>" * 100_000
    article = run(box, article_page(deep + PARAGRAPH * 3))
    assert "The deep paragraph is reached" in article.text
    assert article.text.count("Words enough to make this paragraph") == 3 * 8  # the text after it survives too


def test_unclosed_tags_everywhere(box: Sandbox) -> None:
    body = "".join(
        f"<div><span><b><i><font><p>Paragraph {n} has words enough to be part of an article body, unclosed. "
        for n in range(5000)
    )
    article = run(box, "<html><body>" + body)
    assert "Paragraph 0 has words" in article.text
    assert "Paragraph 4999 has words" in article.text  # the parser's depth cap did not drop the rest


def test_too_deep_even_without_wrappers_is_flagged_truncated(box: Sandbox) -> None:
    deep = "<x-frame>" * 2000 + "<p>Inside the custom elements.</p>"
    article = run(box, article_page(PARAGRAPH * 3 + deep))
    assert "nest deeper than" in article.flags["truncated"]


def test_depth_limit_is_an_option() -> None:
    nested = "<div><div><div><div><p>Nested paragraph words of an article body here.</p></div></div></div></div>"
    page = article_page(nested)
    shallow = clean(page, options=Options(max_dom_depth=3))
    assert "Nested paragraph words" in shallow.text  # flattened into its ancestor's text, not dropped


# -- compression bombs ----------------------------------------------------------------------------------------------

_CHUNK = 1 << 20


def _deflate_of_zeros(total: int) -> tuple[bytes, bytes]:
    """A raw deflate stream of ``total`` zero bytes, built without producing them: after a full flush the
    compressor's output for another identical chunk is identical, so one block is repeated."""
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    zeros = bytes(_CHUNK)
    first = comp.compress(zeros) + comp.flush(zlib.Z_FULL_FLUSH)
    block = comp.compress(zeros) + comp.flush(zlib.Z_FULL_FLUSH)
    return first + block * (total // _CHUNK - 1), comp.flush()


def test_bomb_builder_is_honest() -> None:
    body, tail = _deflate_of_zeros(64 * _CHUNK)
    assert zlib.decompress(body + tail, -15) == bytes(64 * _CHUNK)


@pytest.mark.slow
def test_gzip_that_expands_to_10_gb(box: Sandbox) -> None:
    total = GB10 // _CHUNK * _CHUNK
    body, tail = _deflate_of_zeros(total)
    crc = 0
    zeros = bytes(_CHUNK)
    for _ in range(total // _CHUNK):  # ~4 s: the trailer is correct, so this is a valid 10 GB gzip file
        crc = zlib.crc32(zeros, crc)
    data = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff" + body + tail + struct.pack("<II", crc, total & 0xFFFFFFFF)
    assert len(data) < 11 * MiB
    article = run(box, data)
    assert "gzip data expands to more than" in article.flags["refused"]


def test_deflate_bomb(box: Sandbox) -> None:
    total = GB10 // _CHUNK * _CHUNK
    body, tail = _deflate_of_zeros(total)
    adler = ((total % 65521) << 16) | 1  # adler32 of n zero bytes: a stays 1, b adds 1 per byte
    data = b"\x78\xda" + body + tail + struct.pack(">I", adler)
    article = run(box, data)
    assert "deflate data expands to more than" in article.flags["refused"]
    assert "deflate data expands" in run(box, data, content_encoding="deflate").flags["refused"]


@pytest.mark.slow
def test_zstd_bomb(box: Sandbox) -> None:
    import zstandard

    comp = zstandard.ZstdCompressor(level=1).compressobj()
    zeros = bytes(_CHUNK)
    data = b"".join(comp.compress(zeros) for _ in range(GB10 // _CHUNK)) + comp.flush()  # ~2 s, ~300 KB
    article = run(box, data)
    assert "zstd data expands to more than" in article.flags["refused"]


@pytest.mark.slow
def test_brotli_bomb(box: Sandbox) -> None:
    import brotli

    comp = brotli.Compressor(quality=1)
    zeros = bytes(_CHUNK)
    data = b"".join(comp.process(zeros) for _ in range(GB10 // _CHUNK)) + comp.finish()  # ~1 s, ~2 MB
    article = run(box, data, content_encoding="br")
    assert "br data expands to more than" in article.flags["refused"]


def test_compressed_page_within_limits_is_expanded(box: Sandbox) -> None:
    import brotli
    import zstandard

    page = article_page(PARAGRAPH * 5).encode()
    expected = clean(page)
    assert run(box, zlib.compress(page)) == expected
    assert run(box, zstandard.ZstdCompressor().compress(page)) == expected
    assert run(box, brotli.compress(page), content_encoding="br") == expected
    # A truncated stream gives what it holds, not an error (captures get cut).
    cut = run(box, brotli.compress(page)[: len(brotli.compress(page)) // 2], content_encoding="br")
    assert "refused" not in cut.flags


# -- pages that are no article --------------------------------------------------------------------------------------


def test_script_only_page(box: Sandbox) -> None:
    page = (
        "<html><head><script>var config = {api: '/v1'};</script><script src='/app.js'></script></head>"
        "<body><div id='root'></div><script>document.getElementById('root').innerHTML = 'Loading';</script>"
        "</body></html>"
    )
    article = run(box, page)
    assert article.text == ""
    assert "empty" in article.flags


def test_login_form_only_page(box: Sandbox) -> None:
    page = (
        "<html><head><title>Sign in</title></head><body><form action='/login' method='post'>"
        "<h1>Sign in to your account</h1><label>Email <input name='email'></label>"
        "<label>Password <input type='password' name='pw'></label><button>Log in</button>"
        "<a href='/forgot'>Forgot your password?</a><p>Don't have an account? <a href='/join'>Register</a></p>"
        "</form></body></html>"
    )
    article = run(box, page)
    assert "Forgot your password" not in article.text
    assert "Password" not in article.text
    assert set(article.flags) & {"empty", "login_wall", "not_article"}


# -- issue 14: rows 5, 6, 12 and 13 --------------------------------------------------------------------------------

REAL_PAGE = (Path(__file__).resolve().parents[1] / "fixtures/html/rule-login/source.html").read_text("utf-8")


@pytest.mark.parametrize(
    "declared",
    ["rot13", "base64", "zlib_codec", "ut\x00f-8", "x" * 5000, "hex", "utf-16", "x-user-defined", "iso-2022-kr"],
)
def test_row5_a_garbage_charset_label_never_escapes(declared: str) -> None:
    # In-process on purpose: the row's failure was an exception escaping clean() (and, with --workers 0, the run).
    page = ACCENTED_PAGE.replace("<head>", f'<head><meta charset="{declared}">').encode("utf-8", "surrogatepass")
    for article in (clean(page), clean(ACCENTED_PAGE.encode("cp1252"), charset=declared)):
        assert "crème brûlée" in article.text
        assert "failed" not in article.flags


def test_row5_cli_workers_0_survives_a_garbage_charset(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.html").write_bytes(ACCENTED_PAGE.replace("<head>", '<head><meta charset="rot13">').encode())
    (tmp_path / "in" / "b.html").write_bytes(ACCENTED_PAGE.encode())
    done = subprocess.run(
        [sys.executable, "-m", "cleaner", "clean", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--workers", "0"],
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (tmp_path / "out").glob("*.json")) == ["a.json", "b.json"]


def test_row6_nested_json_ld_keeps_the_article() -> None:
    for block in ("[" * 1000, "[" * 100_000 + "]" * 100_000, '{"a":' * 5000 + "1" + "}" * 5000):
        page = REAL_PAGE.replace("</head>", f'<script type="application/ld+json">{block}</script></head>')
        article = clean(page)
        assert "failed" not in article.flags, article.flags
        assert article.text == clean(REAL_PAGE).text


def test_row12_a_tag_with_500000_attributes_is_capped(box: Sandbox) -> None:
    from cleaner.html.parse import MAX_ATTRIBUTES, cap_attributes

    for value in ('="x"', '=">"', ""):  # quoted values may hold brackets; valueless attributes count too
        attributes = " ".join(f"a{i}{value}" for i in range(500_000))
        page = article_page(f"<div {attributes}>{PARAGRAPH}</div>")
        capped, cut = cap_attributes(page)
        assert cut == 1
        assert capped.count("a999" + value) == 1 and "a1000" + value + " " not in capped
        assert len(capped) < 30 * MAX_ATTRIBUTES + len(PARAGRAPH) + 200
        article = run(box, page)  # the cap, not the deadline, is what ends it: "timeout" fails run()
        assert "Words enough to make this paragraph" in article.text


def test_row12_ordinary_tags_are_untouched() -> None:
    from cleaner.html.parse import cap_attributes

    page = REAL_PAGE.replace("<body", '<body data-x="' + "A" * 100_000 + '"')  # one long value is one attribute
    assert cap_attributes(page) == (page, 0)
    assert cap_attributes(REAL_PAGE) == (REAL_PAGE, 0)


@pytest.mark.parametrize("bom", [codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF8, codecs.BOM_UTF32_LE])
def test_row13_random_bytes_after_a_bom_are_flagged(bom: bytes) -> None:
    data = bom + random.Random(13).randbytes(200_000)
    article = clean(data)
    assert article.text == ""
    assert "refused" in article.flags  # UTF-8 random bytes are already refused as binary, the others by the BOM check
    if bom != codecs.BOM_UTF8:
        assert "byte-order mark" in article.flags["refused"]


@pytest.mark.parametrize(
    ("bom", "codec"),
    [(b"", "utf-16"), (codecs.BOM_UTF16_BE, "utf-16-be"), (b"", "utf-8-sig"), (b"", "utf-32")],
)
def test_row13_real_text_after_a_bom_is_read(bom: bytes, codec: str) -> None:
    for text in (REAL_PAGE, ACCENTED_PAGE, "第一段。" + "我们的城市在下雨，桥被关闭了。" * 50, "Привет, мир. " * 100):
        article = clean(bom + text.encode(codec))
        assert "refused" not in article.flags, article.flags


def test_an_exception_inside_a_rule_becomes_a_failed_article(monkeypatch: pytest.MonkeyPatch) -> None:
    import cleaner.html.pipeline

    def crash(*args: object, **kwargs: object) -> None:
        raise KeyError("a rule tripped on odd markup")

    monkeypatch.setattr(cleaner.html.pipeline, "extract_html", crash)
    article = clean(ACCENTED_PAGE, url="https://example.org/a")
    assert article.flags["failed"].startswith("KeyError in cleaning")
    assert article.url == "https://example.org/a"
    with pytest.raises(CleanerError):  # the caller's mistakes still raise
        clean(12345)  # type: ignore[arg-type]


def test_row12_brackets_in_values_do_not_hide_a_long_tag() -> None:
    from cleaner.html.parse import cap_attributes

    attributes = " ".join(f'a{i}="x>y"' if i % 2 else f'a{i}="x<y"' for i in range(50_000))
    capped, cut = cap_attributes(article_page(f"<div {attributes}>{PARAGRAPH}</div>"))
    assert cut == 1 and "a999=" in capped and "a1000=" not in capped and PARAGRAPH in capped


def test_row12_a_less_than_sign_inside_a_script_starts_no_tag() -> None:
    from cleaner.html.parse import cap_attributes

    # minified code: "i <n" and thousands of tokens before the next ">" look like one long tag to a naive scan
    script = "<script>for(var i=0;i<n;i++){" + " ".join(f"a{i}=b{i}" for i in range(3000)) + "} if(x>0){}</script>"
    page = article_page(f"{script}<p>{PARAGRAPH}</p>")
    capped, _ = cap_attributes(page)
    assert capped.endswith(page[page.index("</script>") :])  # a cut stays inside the script
    # a run that reaches past the script's end through a quote there is cut only up to the script's end
    tail = ' s="x}</script><p title="y">z</p><i data-a="b>">q</i>'
    quoted = "<script>if(i<n){" + " ".join(f"a{i}" for i in range(3000)) + tail
    page = article_page(quoted + f"<p>{PARAGRAPH}</p>")
    capped, cut = cap_attributes(page)
    assert cut == 1 and capped.endswith(page[page.index("</script>") :])
    assert "Words enough to make this paragraph" in clean(page).text


def test_row12_a_quote_left_open_does_not_cut_the_tags_after_it() -> None:
    from cleaner.html.parse import cap_attributes

    # style="display: none;> leaves a quote open; the scan then pairs the page's quotes the wrong way round
    cards = "".join(f'<span class="price-label" data-i="{i}" >{i}</span>' for i in range(800))
    page = article_page(f'<div class="price" style="display: none;>{cards}<em title=">"></em><p>{PARAGRAPH}</p>')
    assert cap_attributes(page) == (page, 0)
    assert "Words enough to make this paragraph" in clean(page).text


def test_row12_end_tags_in_values_do_not_lift_the_cap_for_good() -> None:
    from cleaner.html.parse import MARKUP_RUN_ATTRIBUTES, cap_attributes

    attributes = " ".join(f'a{i}="</b>"' for i in range(2 * MARKUP_RUN_ATTRIBUTES))
    capped, cut = cap_attributes(article_page(f"<div {attributes}>{PARAGRAPH}</div>"))
    assert cut == 1 and "a999=" in capped and "a1000=" not in capped and PARAGRAPH in capped


def test_row12_a_script_tag_written_in_a_value_does_not_hide_a_long_tag() -> None:
    from cleaner.html.parse import cap_attributes

    attributes = " ".join(f"a{i}" for i in range(50_000))
    for opener in ('<div title="<script>">', "<p>x</p><style>"):  # a raw-text element that never closes
        page = article_page(f"{opener}<div {attributes}>{PARAGRAPH}</div>")
        capped, cut = cap_attributes(page)
        assert cut == 1 and " a999>" in capped and "a1000" not in capped and PARAGRAPH in capped
