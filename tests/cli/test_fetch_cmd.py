"""``cleaner fetch`` against a real HTTP server on 127.0.0.1: raw captures kept beside the articles, failures listed,
credentials never written, reruns resumed."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from cleaner import cli
from tests.cli.server import serve


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    for url, _server in serve():
        yield url


def _fetch(capsys: pytest.CaptureFixture[str], out: Path, *args: str) -> tuple[int, str]:
    argv = [
        "fetch",
        *args,
        "-o",
        str(out),
        "--workers",
        "0",
        "--fetch-timeout",
        "2",
        "--backoff",
        "0.05",
        "--allow-private",
    ]
    code = cli.main(argv)
    return code, capsys.readouterr().err


def _all_text(root: Path) -> str:
    return "\n".join(
        p.relative_to(root).as_posix() + "\n" + (p.read_text("utf-8", "replace") if p.is_file() else "")
        for p in root.rglob("*")
    )


def test_fetch_keeps_raw_captures_beside_the_articles(
    capsys: pytest.CaptureFixture[str], base: str, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    urls = [f"{base}/page/1", f"{base}/gzip", f"{base}/redirect/2", f"{base}/mislabelled"]
    code, err = _fetch(capsys, out, *urls)
    assert code == 0, err
    articles = sorted(out.glob("*.json"))
    raws = sorted((out / "raw").glob("*.html"))
    metas = sorted((out / "raw").glob("*.meta.json"))
    assert len(articles) == len(raws) == len(metas) == 4
    for article_path in articles:
        name = article_path.stem
        record = json.loads(article_path.read_text())
        meta = json.loads((out / "raw" / f"{name}.meta.json").read_text())
        assert record["id"] == meta["url"] and meta["status"] == 200
        assert (out / "raw" / f"{name}.html").read_bytes()[:15] == b"<!doctype html>"
        assert record["text"]
    by_url = {json.loads(p.read_text())["id"]: json.loads(p.read_text()) for p in articles}
    assert "Paragraph 4 of Zipped story" in by_url[f"{base}/gzip"]["text"]
    assert by_url[f"{base}/redirect/2"]["url"].endswith("/page/redirected")
    assert "Grüße aus München" in by_url[f"{base}/mislabelled"]["text"]


def test_failures_are_listed_and_the_rest_is_kept(
    capsys: pytest.CaptureFixture[str], base: str, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    urls = [f"{base}/page/7", f"{base}/missing", f"{base}/image", f"{base}/loop-a", "ftp://files.example/x.html"]
    code, err = _fetch(capsys, out, *urls)
    assert code == 1 and "4 failed" in err and "1 cleaned" in err
    errors = {e["path"]: e["reason"] for e in map(json.loads, (out / "errors.jsonl").read_text().splitlines())}
    assert errors[f"{base}/missing"].startswith("http_404")
    assert errors[f"{base}/image"].startswith("content_type")
    assert errors[f"{base}/loop-a"].startswith("redirect_loop")
    assert errors["ftp://files.example/x.html"].startswith("unsafe_url")
    assert len(list(out.glob("*.json"))) == 1


def test_credentials_never_reach_a_file(capsys: pytest.CaptureFixture[str], base: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    secret_base = base.replace("http://", "http://alice:hunter2@")
    code, _ = _fetch(capsys, out, f"{secret_base}/page/3?token=tok123", f"{secret_base}/missing")
    assert code == 1
    everything = _all_text(out)
    assert "hunter2" not in everything and "alice" not in everything and "tok123" not in everything


def test_urls_file_and_resume(capsys: pytest.CaptureFixture[str], base: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    url_file = tmp_path / "urls.txt"
    url_file.write_text(f"# a comment\n{base}/page/10\n\n{base}/page/11\n{base}/page/10\n")
    code, err = _fetch(capsys, out, "--urls", str(url_file))
    assert code == 0 and "2 pages" in err
    # An article lost after its capture was saved: re-cleaned from the capture, nothing fetched again.
    [first, second] = sorted(out.glob("*.json"))
    first.unlink()
    raw_inode = (out / "raw" / f"{second.stem}.html").stat().st_ino
    code, err = _fetch(capsys, out, "--urls", str(url_file))
    assert code == 0 and "1 cleaned" in err and "1 skipped" in err
    assert first.exists()
    assert (out / "raw" / f"{second.stem}.html").stat().st_ino == raw_inode


def test_no_url_is_a_usage_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, err = _fetch(capsys, tmp_path / "out")
    assert code == 2 and err.startswith("Error: ")


def test_fetch_without_output_writes_json_lines_to_stdout(capsys: pytest.CaptureFixture[str], base: str) -> None:
    code = cli.main(["fetch", f"{base}/page/21", f"{base}/page/22", "--workers", "0", "--quiet", "--allow-private"])
    out, err = capsys.readouterr()
    assert code == 0, err
    records = {json.loads(line)["id"]: json.loads(line) for line in out.splitlines()}  # in the order fetched
    assert sorted(records) == [f"{base}/page/21", f"{base}/page/22"]
    assert "Paragraph 3 of Story 21" in records[f"{base}/page/21"]["text"]


def test_fetch_into_a_jsonl_file_resumes(capsys: pytest.CaptureFixture[str], base: str, tmp_path: Path) -> None:
    target = tmp_path / "articles.jsonl"
    code, err = _fetch(capsys, target, f"{base}/page/31", f"{base}/missing")
    assert code == 1 and target.is_file()  # a file, not a folder named articles.jsonl
    assert [json.loads(line)["id"] for line in target.read_text().splitlines()] == [f"{base}/page/31"]
    assert f"{base}/missing" in err  # failures go to stderr
    code, err = _fetch(capsys, target, f"{base}/page/31", f"{base}/page/32")
    assert code == 0 and "1 skipped" in err and "1 cleaned" in err
    ids = [json.loads(line)["id"] for line in target.read_text().splitlines()]
    assert ids == [f"{base}/page/31", f"{base}/page/32"]  # appended, no duplicate


def test_respect_robots_skips_what_robots_txt_disallows(
    capsys: pytest.CaptureFixture[str], base: str, tmp_path: Path
) -> None:
    target = tmp_path / "articles.jsonl"
    code, err = _fetch(capsys, target, f"{base}/private/1", f"{base}/page/41", "--respect-robots")
    assert code == 0, err
    assert [json.loads(line)["id"] for line in target.read_text().splitlines()] == [f"{base}/page/41"]
    assert f"skipped: {base}/private/1: disallowed by robots.txt" in err and "1 skipped" in err
    # without the flag the page is fetched
    code, _ = _fetch(capsys, target, f"{base}/private/1")
    assert code == 0 and len(target.read_text().splitlines()) == 2


def test_fetch_output_path_mistakes_exit_2(capsys: pytest.CaptureFixture[str], base: str, tmp_path: Path) -> None:
    notes = tmp_path / "notes.jsonl"
    notes.write_text("not ours\n")
    code, err = _fetch(capsys, notes, f"{base}/page/51")
    assert code == 2 and err.startswith("Error: ") and notes.read_text() == "not ours\n"
    code, err = _fetch(capsys, tmp_path / "a.jsonl", f"{base}/page/51", "--format", "md")
    assert code == 2 and err.startswith("Error: ")
