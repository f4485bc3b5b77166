"""WARC as a first-class input (issue 13, item 3) and hostile WARC/ARC files (issue 14, rows 2, 10 and 11).

The library side: :func:`cleaner.iter_warc` / :func:`cleaner.clean_warc` on real WARC files written by warcio (and
by wget against a local server, when wget is installed). The hostile side: each file is built here, run through the
library and through the CLI as a real process, and must come back reported (an error record; ``errors.jsonl`` and
exit 1), never dropped in silence, with the pages before the damage kept.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import zlib
from io import BytesIO
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from cleaner import WarcRecord, clean_warc, iter_warc
from cleaner.sources import discover, iter_items
from cleaner.warc import WarcLimits
from tests.cli.server import article_html, serve
from tests.cli.warcs import PAGES, write_warc
from tests.procs import run_clean


def _errors(out: Path) -> list[dict[str, str]]:
    return [json.loads(line) for line in (out / "errors.jsonl").read_text().splitlines()]


def _page_records(*extra: tuple[str, str, bytes]) -> bytes:
    """An uncompressed WARC: two pages, then the given (type, uri, payload) resource records."""
    out = BytesIO()
    writer = WARCWriter(out, gzip=False)
    for n in (1, 2):
        body = article_html(f"Story {n}").encode()
        headers = [("Content-Type", "text/html"), ("Content-Length", str(len(body)))]
        http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
        record = writer.create_warc_record(
            f"http://news.example/{n}", "response", payload=BytesIO(body), length=len(body), http_headers=http
        )
        writer.write_record(record)
    for rec_type, uri, payload in extra:
        writer.write_record(
            writer.create_warc_record(
                uri, rec_type, payload=BytesIO(payload), length=len(payload), warc_content_type="text/plain"
            )
        )
    return out.getvalue()


# -- the library API -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("gz", [False, True])
def test_iter_warc_gives_the_pages_with_their_provenance(tmp_path: Path, gz: bool) -> None:
    path = write_warc(tmp_path / ("crawl.warc.gz" if gz else "crawl.warc"), gz=gz)
    records = list(iter_warc(path))
    assert [r.target_uri for r in records] == list(PAGES)
    for record in records:
        assert isinstance(record, WarcRecord) and record.error is None and record.data
        assert record.date and record.date.startswith("20") and record.date.endswith("Z")
        assert record.record_id and record.record_id.startswith("urn:uuid:")
        prov = record.provenance()
        assert prov["warc_date"] == record.date and prov["warc_record_id"] == record.record_id
        assert "pw@" not in prov["warc_target_uri"]  # the hostile URI's credentials are redacted
    with open(path, "rb") as stream:  # a stream works as well as a path
        assert [r.record_id for r in iter_warc(stream)] == [r.record_id for r in records]


def test_only_http_records_are_pages(tmp_path: Path) -> None:
    data = _page_records(
        ("resource", "metadata://gnu.org/software/wget/warc/wget_arguments.txt", b"--warc-file=x http://a/"),
        ("resource", "metadata://gnu.org/software/wget/warc/wget.log", b"--2019-- http://a/\nResolving a..."),
        ("resource", "dns:news.example", b"20190101 news.example 93.184.216.34"),
        ("resource", "http://news.example/notes.txt", b"A text page kept as a resource record."),
    )
    (tmp_path / "w.warc").write_bytes(data)
    uris = [r.target_uri for r in iter_warc(tmp_path / "w.warc")]
    assert uris == ["http://news.example/1", "http://news.example/2", "http://news.example/notes.txt"]


def test_clean_warc_yields_each_record_with_its_article(tmp_path: Path) -> None:
    path = write_warc(tmp_path / "crawl.warc.gz", gz=True)
    pairs = list(clean_warc(path, workers=0))
    assert [r.target_uri for r, _a in pairs] == list(PAGES)
    for record, article in pairs:
        assert PAGES[record.target_uri or ""] in article.text
        assert not article.flags


def test_clean_warc_reports_the_damage_as_a_failed_article(tmp_path: Path) -> None:
    raw = write_warc(tmp_path / "crawl.warc.gz", gz=True).read_bytes()
    (tmp_path / "cut.warc.gz").write_bytes(raw[:-300])
    pairs = list(clean_warc(tmp_path / "cut.warc.gz", workers=0))
    assert [bool(a.text) for _r, a in pairs] == [True, True, True, True, False]
    record, article = pairs[-1]
    assert record.error and "truncated" in article.flags["failed"]


def test_items_of_a_warc_keep_the_provenance(tmp_path: Path) -> None:
    write_warc(tmp_path / "crawl.warc.gz", gz=True)
    items = list(iter_items(discover([tmp_path])))
    assert len(items) == len(PAGES)
    for item in items:
        assert item.warc is not None and item.page is not None
        assert set(item.warc) == {"warc_target_uri", "warc_date", "warc_record_id"}
        assert item.warc["warc_record_id"] in item.id


@pytest.mark.skipif(shutil.which("wget") is None, reason="wget is not installed")
def test_a_warc_written_by_wget(tmp_path: Path) -> None:
    for base, _server in serve():
        done = subprocess.run(
            ["wget", "-q", "--no-proxy", "--warc-file", str(tmp_path / "crawl"), "-O", os.devnull, f"{base}/page/7"],
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
    records = list(iter_warc(tmp_path / "crawl.warc.gz"))
    assert [r.target_uri for r in records] == [f"{base}/page/7"]  # wget's metadata:// records are not pages
    [(record, article)] = list(clean_warc(tmp_path / "crawl.warc.gz", workers=0))
    assert "Paragraph 3 of Story 7" in article.text
    assert record.date and record.record_id


# -- row 2: a record with millions of header lines ------------------------------------------------------------------


def _header_bomb(lines: int) -> bytes:
    head = b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://x.example/\r\n"
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = b"X-Header: value\r\n" * 10_000
    parts = [comp.compress(head)]
    parts += [comp.compress(chunk) for _ in range(lines // 10_000)]
    parts.append(comp.compress(b"Content-Length: 0\r\n\r\n\r\n") + comp.flush())
    return b"".join(parts)


def test_row2_a_record_with_millions_of_header_lines(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    good = write_warc(tmp_path / "in" / "good.warc.gz", gz=True)
    bomb = _header_bomb(3_000_000)
    assert len(bomb) < 300_000  # a small file: the size of the reported case
    (tmp_path / "in" / "bomb.warc.gz").write_bytes(good.read_bytes() + bomb)
    [*pages, error] = list(iter_warc(tmp_path / "in" / "bomb.warc.gz"))
    assert len(pages) == len(PAGES) and error.error is not None
    assert "more than 1000 header lines" in error.error and "skipped" in error.error
    out = tmp_path / "out"
    done = run_clean(str(tmp_path / "in"), "-o", str(out))
    assert done.returncode == 1, done.stderr
    [reported] = [e for e in _errors(out) if "bomb.warc.gz" in e["path"]]
    assert "header lines" in reported["reason"]
    assert len(list(out.rglob("*.json"))) == 2 * len(PAGES)  # the pages of both files before the bomb


@pytest.mark.parametrize(
    ("limits", "expected"),
    [
        (WarcLimits(max_line_bytes=1000), "header line is longer than 1000"),
        (WarcLimits(max_header_bytes=10_000), "headers are over 10000 bytes"),
    ],
)
def test_row2_header_caps(tmp_path: Path, limits: WarcLimits, expected: str) -> None:
    data = b"WARC/1.0\r\nWARC-Type: response\r\nX-Long: " + b"a" * 50_000 + b"\r\nContent-Length: 0\r\n\r\n"
    if "headers are" in expected:  # 600 lines (under the line cap) of 30 bytes: 18 KB of headers
        data = b"WARC/1.0\r\nWARC-Type: response\r\n" + b"X-Header: " + b"b" * 18 + b"\r\n" * 1
        data = data.replace(b"\r\n\r\n", b"") + b"X-Header: bbbbbbbbbbbbbbbbbb\r\n" * 600 + b"Content-Length: 0\r\n\r\n"
    (tmp_path / "h.warc").write_bytes(data)
    [record] = list(iter_warc(tmp_path / "h.warc", limits=limits))
    assert record.error and expected in record.error


# -- row 10: truncated members, wrong Content-Length, a garbage ARC --------------------------------------------------


def _damaged(tmp_path: Path) -> dict[str, Path]:
    raw_gz = write_warc(tmp_path / "ok.warc.gz", gz=True).read_bytes()
    raw = write_warc(tmp_path / "ok.warc", gz=False).read_bytes()
    first = raw.index(b"WARC-Type: response")
    at = raw.index(b"Content-Length: ", first) + len(b"Content-Length: ")
    end = raw.index(b"\r\n", at)
    too_long = raw[:at] + str(int(raw[at:end]) + 5000).encode() + raw[end:]
    arc = (
        b"filedesc://x.arc 0.0.0.0 20200101000000 text/plain 70\n1 0 Alexa\n"
        b"URL IP-address Archive-date Content-type Archive-length\n\n\n"
        b"garbage header here\n<html>x</html>\n"
    )
    files = {"truncated.warc.gz": raw_gz[:-300], "too-long.warc": too_long, "garbage.arc": arc}
    folder = tmp_path / "in"
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    (tmp_path / "ok.warc.gz").unlink()
    (tmp_path / "ok.warc").unlink()
    return {name: folder / name for name in files}


def test_row10_damage_is_reported_by_the_library(tmp_path: Path) -> None:
    files = _damaged(tmp_path)
    truncated = list(iter_warc(files["truncated.warc.gz"]))
    assert [r.error is None for r in truncated] == [True, True, True, True, False]
    assert "truncated" in (truncated[-1].error or "")
    too_long = list(iter_warc(files["too-long.warc"]))
    assert any(r.error for r in too_long)
    damage = next(r.error for r in too_long if r.error)
    assert "bytes" in damage and "skipped" in damage
    [arc] = list(iter_warc(files["garbage.arc"]))
    assert arc.error and "unreadable" in arc.error


def test_row10_damage_is_listed_by_the_cli_with_exit_1(tmp_path: Path) -> None:
    files = _damaged(tmp_path)
    out = tmp_path / "out"
    done = run_clean(str(tmp_path / "in"), "-o", str(out))
    assert done.returncode == 1, done.stderr
    assert "WARNING" not in done.stderr  # warcio's stray warning is replaced by the report
    errors = _errors(out)
    for name in files:
        assert any(name in e["path"] for e in errors), (name, errors)


# -- row 11: a member that inflates without end ----------------------------------------------------------------------


def _inflating_warc(path: Path, body_bytes: int) -> Path:
    """A gzipped WARC: one page, then one response record whose body is ``body_bytes`` of zeros (in one member)."""
    page = write_warc(path.with_suffix(".tmp"), gz=True).read_bytes()
    path.with_suffix(".tmp").unlink()
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
    head = (
        b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://bomb.example/\r\n"
        b"WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000000>\r\n"
        b"Content-Type: application/http; msgtype=response\r\n"
        + f"Content-Length: {len(http) + body_bytes}\r\n\r\n".encode()
        + http
    )
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = b"\0" * (1 << 20)
    with open(path, "wb") as handle:
        handle.write(page)
        handle.write(comp.compress(head))
        for _ in range(body_bytes // len(block)):
            handle.write(comp.compress(block))
        handle.write(comp.compress(b"\r\n\r\n") + comp.flush())
    return path


def test_row11_a_member_inflating_far_past_its_size_is_cut_and_reported(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    path = _inflating_warc(tmp_path / "in" / "inflate.warc.gz", 256 << 20)
    assert path.stat().st_size < 2 << 20
    limits = WarcLimits(max_record_bytes=1 << 20)
    records = list(iter_warc(path, limits=limits))
    # The record is over the page limit (reported), and reading through it to the next record stops at the
    # expansion cap (reported, with the byte range skipped).
    assert [r.error is None for r in records] == [True] * len(PAGES) + [False, False]
    assert "over the limit" in (records[-2].error or "")
    assert "decompresses to more than 100 times its size" in (records[-1].error or "")
    out = tmp_path / "out"
    done = run_clean(str(path), "-o", str(out), "--max-bytes", "1M")
    assert done.returncode == 1, done.stderr
    [over, bomb] = _errors(out)
    assert "over the limit" in over["reason"] and "decompresses to more than" in bomb["reason"]
    assert len(list(out.rglob("*.json"))) == len(PAGES)


def test_row11_a_deadline_per_file(tmp_path: Path) -> None:
    path = write_warc(tmp_path / "crawl.warc.gz", gz=True)
    records = list(iter_warc(path, limits=WarcLimits(deadline=0.0)))
    assert records[-1].error and "deadline" in records[-1].error
    assert all(r.error is None for r in records[:-1])


def test_a_record_over_the_size_limit_is_reported_not_dropped(tmp_path: Path) -> None:
    path = write_warc(tmp_path / "crawl.warc", gz=False)
    records = list(iter_warc(path, limits=WarcLimits(max_record_bytes=500)))
    assert len(records) == len(PAGES)
    assert {r.error for r in records if r.data == b""} and all(
        r.error and "over the limit of 500 bytes" in r.error for r in records if not r.data
    )


def test_gzip_module_agrees_the_bomb_is_a_bomb(tmp_path: Path) -> None:
    # The builder is honest: the file really holds that much data.
    path = _inflating_warc(tmp_path / "b.warc.gz", 8 << 20)
    with gzip.open(path) as handle:
        total = sum(len(chunk) for chunk in iter(lambda: handle.read(1 << 20), b""))
    assert total > 8 << 20
