"""cleaner.output: safe names, atomic no-clobber writes, stale temporary files, the sinks and their formats."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleaner import Article, OutputError, Removal
from cleaner.output import (
    DOCUMENT_SEPARATOR,
    MAX_URL_NAME_CHARS,
    FileSink,
    FolderSink,
    JsonlSink,
    NameRegistry,
    StreamSink,
    atomic_write,
    check_relative,
    format_article,
    redact_url,
    remove_stale_temps,
    safe_component,
    url_name,
)

ARTICLE = Article(
    text="First paragraph.\n\nSecond paragraph.",
    title="A title",
    byline="Ann Writer",
    date="2024-05-01",
    removed=(Removal("Home News", "navigation"), Removal("Share", "share"), Removal("Menu", "navigation")),
)
_SAFE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


@pytest.mark.parametrize(
    ("url", "secret"),
    [
        ("https://user:pw@example.com/a", "pw"),
        ("https://example.com/a?token=abc123&id=4", "abc123"),
        ("https://example.com/a?x=1&API_KEY=zzz999", "zzz999"),
        ("http://[broken-ipv6/user:hunter2@x", "hunter2"),
    ],
)
def test_redact_url_removes_credentials(url: str, secret: str) -> None:
    assert secret not in redact_url(url)


def test_redact_url_keeps_the_rest() -> None:
    assert redact_url("https://example.com/a/b?id=4#top") == "https://example.com/a/b?id=4#top"


@given(st.text(max_size=400))
def test_url_name_is_always_one_safe_component(url: str) -> None:
    name = url_name(url)
    assert _SAFE.match(name), name
    assert "/" not in name and name not in (".", "..")
    assert len(name) <= MAX_URL_NAME_CHARS + 11


def test_url_name_hides_credentials_and_separates_urls() -> None:
    name = url_name("http://user:pw@x/../../etc/passwd")
    assert "user" not in name and "pw" not in name.replace("passwd", "")
    assert name.startswith("x_etc_passwd-")
    assert url_name("http://x/a?p=1") != url_name("http://x/a?p=2")
    assert url_name("http://x/a") == url_name("http://x/a")


@pytest.mark.parametrize("part", ["..", ".", "", "a/b", ".hidden", "x" * 400, "é" * 200])
def test_safe_component(part: str) -> None:
    safe = safe_component(part)
    assert safe not in ("", ".", "..") and "/" not in safe and not safe.startswith(".")
    assert len(safe.encode()) <= 150


@pytest.mark.parametrize("name", ["/etc/passwd", "../x", "a/../../x", "a//b", "", "./a"])
def test_check_relative_refuses_names_that_leave(name: str) -> None:
    with pytest.raises(OutputError):
        check_relative(name)


def test_registry_gives_unique_names_stable_across_runs() -> None:
    first, second = NameRegistry(), NameRegistry()
    claims = [("a", "in/a.html"), ("a", "in/a.htm"), ("A", "in/A.html"), ("a.explain", "in/a.explain.html")]
    names = [first.claim(n, k) for n, k in claims]
    assert len({n.casefold() for n in names}) == 4
    assert names == [second.claim(n, k) for n, k in claims]


def test_atomic_write_never_clobbers_without_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "x.json"
    atomic_write(target, b"first")
    with pytest.raises(OutputError):
        atomic_write(target, b"second")
    assert target.read_bytes() == b"first"
    atomic_write(target, b"third", overwrite=True)
    assert target.read_bytes() == b"third"
    assert sorted(p.name for p in target.parent.iterdir()) == ["x.json"]  # no temporary file left


def test_stale_temps_are_removed_only_when_their_process_is_gone(tmp_path: Path) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(dead.stdout)
    (tmp_path / "a").mkdir()
    stale = tmp_path / "a" / f".b.json.{dead_pid}.0123abcd.cleaner-tmp"
    live = tmp_path / "a" / f".c.json.{os.getpid()}.0123abcd.cleaner-tmp"
    other = tmp_path / "a" / ".c.json.user-notes"
    for path in (stale, live, other):
        path.write_text("x")
    assert remove_stale_temps(tmp_path) == 1
    assert not stale.exists() and live.exists() and other.exists()


def test_formats() -> None:
    record = json.loads(format_article("in/x.html", ARTICLE, "json"))
    assert record["id"] == "in/x.html" and record["text"] == ARTICLE.text
    line = format_article("in/x.html", ARTICLE, "jsonl")
    assert line.endswith("\n") and line.count("\n") == 1 and json.loads(line)["title"] == "A title"
    assert format_article("x", ARTICLE, "txt") == ARTICLE.text + "\n"
    md = format_article("x", ARTICLE, "md")
    # YAML front matter with the metadata, then the body (Article.markdown, or the text when it has none)
    assert md.startswith('---\ntitle: "A title"\nbyline: "Ann Writer"\n')
    assert '\ndate: "2024-05-01"\n' in md and "\n---\n\nFirst paragraph." in md
    with pytest.raises(OutputError):
        format_article("x", ARTICLE, "xml")


def test_folder_sink_writes_explains_and_resumes(tmp_path: Path) -> None:
    sink = FolderSink(tmp_path / "out", "json", explain=True)
    assert not sink.done("a/b")
    sink.write("a/b", "in/a/b.html", ARTICLE)
    sink.close()
    explain = json.loads((tmp_path / "out/a/b.explain.json").read_text())
    assert explain["rules"] == {"navigation": 2, "share": 1}
    assert {"rule": "share", "text": "Share"} in explain["removed"]
    assert FolderSink(tmp_path / "out", "json", explain=True).done("a/b")
    (tmp_path / "out/a/b.explain.json").unlink()
    again = FolderSink(tmp_path / "out", "json", explain=True)
    assert not again.done("a/b")  # the explain file is part of a complete output
    again.write("a/b", "in/a/b.html", ARTICLE)  # redone over its own earlier output: allowed
    assert again.done("a/b")


def test_folder_sink_never_overwrites_a_foreign_file(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "b.json").write_text("my own notes, not JSON")
    sink = FolderSink(out, "json")
    assert not sink.done("b")
    with pytest.raises(OutputError):
        sink.write("b", "in/b.html", ARTICLE)
    assert (out / "b.json").read_text() == "my own notes, not JSON"
    FolderSink(out, "json", force=True).write("b", "in/b.html", ARTICLE)
    assert json.loads((out / "b.json").read_text())["id"] == "in/b.html"


def test_folder_sink_error_log_describes_the_last_run(tmp_path: Path) -> None:
    sink = FolderSink(tmp_path, "json")
    sink.error("in/x.html", "refused: not a web page", url="http://u:p@h/x")
    sink.close()
    [line] = (tmp_path / "errors.jsonl").read_text().splitlines()
    assert json.loads(line) == {"path": "in/x.html", "reason": "refused: not a web page", "url": "http://h/x"}
    FolderSink(tmp_path, "json").close()  # a run without failures
    assert not (tmp_path / "errors.jsonl").exists()


def test_folder_sink_refuses_jsonl_and_a_file(tmp_path: Path) -> None:
    with pytest.raises(OutputError):
        FolderSink(tmp_path / "out", "jsonl")
    (tmp_path / "file").write_text("x")
    with pytest.raises(OutputError):
        FolderSink(tmp_path / "file", "json")


def test_file_sink_is_atomic_and_keeps_existing_files(tmp_path: Path) -> None:
    target = tmp_path / "all.jsonl"
    sink = FileSink(target, "jsonl")
    sink.write("a", "in/a", ARTICLE)
    assert not target.exists()  # only complete files appear
    sink.write("b", "in/b", ARTICLE)
    sink.close()
    assert [json.loads(x)["id"] for x in target.read_text().splitlines()] == ["in/a", "in/b"]
    with pytest.raises(OutputError):
        FileSink(target, "jsonl")
    aborted = FileSink(target, "jsonl", force=True)
    aborted.write("c", "in/c", ARTICLE)
    aborted.abort()
    assert [json.loads(x)["id"] for x in target.read_text().splitlines()] == ["in/a", "in/b"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["all.jsonl"]


def test_file_sink_in_json_takes_one_page(tmp_path: Path) -> None:
    sink = FileSink(tmp_path / "one.json", "json")
    sink.write("a", "in/a", ARTICLE)
    with pytest.raises(OutputError):
        sink.write("b", "in/b", ARTICLE)
    sink.abort()


def test_stream_sink() -> None:
    stream = io.StringIO()
    sink = StreamSink(stream, "json")  # many JSON documents in one stream: one per line
    sink.write("a", "in/a", ARTICLE)
    sink.write("b", "in/b", ARTICLE)
    assert [json.loads(x)["id"] for x in stream.getvalue().splitlines()] == ["in/a", "in/b"]
    text = io.StringIO()
    txt = StreamSink(text, "txt")
    txt.write("a", "in/a", ARTICLE)
    txt.write("b", "in/b", ARTICLE)
    txt.write("c", "in/c", Article())  # a page with no text is an empty document, still separated
    assert text.getvalue() == ARTICLE.text + "\n\f\n" + ARTICLE.text + "\n\f\n\n"
    # the documents can be split again
    assert text.getvalue().removesuffix("\n").split(DOCUMENT_SEPARATOR) == [ARTICLE.text, ARTICLE.text, ""]


def test_redact_url_with_a_slash_in_the_password() -> None:
    # urlsplit ends the host at the first "/", so the password's tail looked like a path and was kept.
    assert redact_url("http://alice:pa/ss@host/") == "http://host/"
    assert redact_url("https://medium.com/@user/post") == "https://medium.com/@user/post"  # an "@" in a path
    assert redact_url("http://host:8080/a@b") == "http://host:8080/a@b"


def test_folder_sink_error_log_of_a_slashed_password_is_redacted(tmp_path: Path) -> None:
    sink = FolderSink(tmp_path, "json")
    sink.error("u", "failed: x", url="http://alice:pa/ss@host/")
    sink.close()
    assert "pa/ss" not in (tmp_path / "errors.jsonl").read_text()


def test_jsonl_sink_resumes_by_id_and_cuts_a_torn_line(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    sink = JsonlSink(path)
    sink.write("a", "in/a", ARTICLE)
    sink.write("b", "in/b", ARTICLE)
    sink.close()
    with open(path, "ab") as handle:
        handle.write(b'{"id": "in/c", "text": "half a li')  # a kill in the middle of a line
    again = JsonlSink(path)
    assert again.seen("in/a") and again.seen("in/b") and not again.seen("in/c")
    again.write("c", "in/c", ARTICLE)
    again.close()
    assert [json.loads(x)["id"] for x in path.read_text().splitlines()] == ["in/a", "in/b", "in/c"]


def test_jsonl_sink_refuses_a_foreign_file_and_a_second_writer(tmp_path: Path) -> None:
    foreign = tmp_path / "notes.jsonl"
    foreign.write_text('{"mine": 1}\n')
    with pytest.raises(OutputError, match="not a cleaner JSONL"):
        JsonlSink(foreign)
    assert foreign.read_text() == '{"mine": 1}\n'
    path = tmp_path / "out.jsonl"
    first = JsonlSink(path)
    with pytest.raises(OutputError, match="another cleaner run"):
        JsonlSink(path)
    first.close()
    JsonlSink(path).close()


def test_folder_sink_two_runs_at_once(tmp_path: Path) -> None:
    # Two runs on one folder: the page the other run wrote meanwhile is done, not an "exists" failure, and neither
    # run's errors.jsonl clobbers the other's.
    one, two = FolderSink(tmp_path, "json"), FolderSink(tmp_path, "json")
    assert not one.done("a") and not two.done("a")
    one.write("a", "in/a", ARTICLE)
    # `two` looked before `one` wrote (the file was absent then), and commits after it:
    two._may_replace = lambda path, json_file: False  # type: ignore[method-assign]
    two.write("a", "in/a", ARTICLE)  # appeared meanwhile: done, no OutputError
    one.error("in/x", "timeout: slow", name="x")
    two.error("in/y", "timeout: slow", name="y")
    one.close()
    two.close()
    paths = sorted(json.loads(x)["path"] for x in (tmp_path / "errors.jsonl").read_text().splitlines())
    assert paths == ["in/x", "in/y"]
    # Two more runs at once, started after that: the list of the runs before is replaced (it describes the last
    # run); the run that ends second merges the first one's list: z stays (no output), x was cleaned meanwhile.
    three, four = FolderSink(tmp_path, "json"), FolderSink(tmp_path, "json")
    three.error("in/z", "timeout: slow", name="z")
    four.error("in/x", "timeout: slow", name="x")
    three.close()
    four.close()
    paths = sorted(json.loads(x)["path"] for x in (tmp_path / "errors.jsonl").read_text().splitlines())
    assert paths == ["in/x", "in/z"]
    five, six = FolderSink(tmp_path, "json"), FolderSink(tmp_path, "json")
    five.error("in/z", "timeout: slow", name="z")
    five.close()
    six.write("z", "in/z", ARTICLE)  # the other run cleaned z after all
    six.close()
    assert not (tmp_path / "errors.jsonl").exists()
