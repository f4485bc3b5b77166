"""``cleaner clean`` on real files in a temporary folder: folders mirrored, formats, stdin/stdout, WARC, errors,
resumability, never clobbering, exit codes. Most runs use ``--workers 0`` (no process start-up); the pool has its own
runs here and in test_subprocess.py."""

from __future__ import annotations

import gzip
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cleaner import cli, cli_clean
from tests.cli.server import article_html
from tests.cli.warcs import PAGES, write_warc

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


@pytest.fixture
def captures(tmp_path: Path) -> Path:
    root = tmp_path / "in"
    (root / "a" / "deep").mkdir(parents=True)
    (root / "a" / "b.html").write_text(article_html("Story B"))
    (root / "a" / "deep" / "c.htm").write_text(article_html("Story C"))
    (root / "plain.txt").write_text(
        "Home | News | Sport\n\nThe plain story\n\n" + "A paragraph of the plain story goes on here. " * 10 + "\n"
    )
    (root / "z.html.gz").write_bytes(gzip.compress(article_html("Story Z").encode()))
    (root / "a" / "expected.json").write_text('{"text": "not a page"}')
    return root


def test_a_folder_is_mirrored(capsys: pytest.CaptureFixture[str], captures: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, stdout, stderr = run(capsys, "clean", str(captures), "-o", str(out), "--workers", "0")
    assert code == 0, stderr
    assert stdout == ""
    assert files(out) == ["a/b.json", "a/deep/c.json", "plain.json", "z.json"]
    b = json.loads((out / "a/b.json").read_text())
    assert b["id"] == str(captures / "a/b.html")
    assert "Paragraph 3 of Story B" in b["text"] and b["kind"] == "html"
    assert "Paragraph 2 of Story Z" in json.loads((out / "z.json").read_text())["text"]
    assert json.loads((out / "plain.json").read_text())["kind"] == "text"
    assert "4 pages" in stderr and "4 cleaned" in stderr and "0 failed" in stderr


def test_fixture_like_folders_skip_the_expected_files(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    # fixtures/<html|text>/<case>/{source.html|source.txt, expected.json}: the captures only
    for kind, source in (("html", "source.html"), ("text", "source.txt")):
        case = tmp_path / "fixtures" / kind / "case-1"
        case.mkdir(parents=True)
        (case / source).write_text(article_html("Fixture") if kind == "html" else "A capture.\n\n" + "Words. " * 40)
        (case / "expected.json").write_text("{}")
    code, _, _ = run(capsys, "clean", str(tmp_path / "fixtures"), "-o", str(tmp_path / "out"), "--workers", "0")
    assert code == 0
    assert files(tmp_path / "out") == ["html/case-1/source.json", "text/case-1/source.json"]


def test_stdout_jsonl_by_default(capsys: pytest.CaptureFixture[str], captures: Path) -> None:
    code, stdout, _ = run(capsys, "clean", str(captures / "a"), "--workers", "0")
    assert code == 0
    lines = [json.loads(line) for line in stdout.splitlines()]
    assert [Path(x["id"]).name for x in lines] == ["b.html", "c.htm"]
    code, stdout_dash, _ = run(capsys, "clean", str(captures / "a" / "b.html"), "-o", "-", "--workers", "0")
    assert json.loads(stdout_dash)["title"]


def test_stdin(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    data = article_html("From stdin").encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    code, stdout, _ = run(capsys, "clean", "-", "--format", "txt", "--workers", "0")
    assert code == 0
    assert stdout.startswith("Paragraph 0 of From stdin")


@pytest.mark.parametrize(("fmt", "suffix"), [("txt", ".txt"), ("md", ".md")])
def test_text_formats_in_a_folder(
    capsys: pytest.CaptureFixture[str], captures: Path, tmp_path: Path, fmt: str, suffix: str
) -> None:
    out = tmp_path / "out"
    code, _, _ = run(capsys, "clean", str(captures / "a"), "-o", str(out), "--format", fmt, "--workers", "0")
    assert code == 0
    assert files(out) == [f"b{suffix}", f"deep/c{suffix}"]
    text = (out / f"b{suffix}").read_text()
    assert "Paragraph 1 of Story B" in text
    assert text.startswith('---\ntitle: "Story B"') == (fmt == "md")


def test_one_jsonl_file_resumed_and_never_clobbering(
    capsys: pytest.CaptureFixture[str], captures: Path, tmp_path: Path
) -> None:
    target = tmp_path / "all.jsonl"
    code, _, _ = run(capsys, "clean", str(captures), "-o", str(target), "--workers", "0")
    assert code == 0
    assert len(target.read_text().splitlines()) == 4
    before = target.read_bytes()
    # a rerun (here on a part of the input) adds only the pages not in the file yet: none
    code, _, stderr = run(capsys, "clean", str(captures / "a"), "-o", str(target), "--workers", "0")
    assert code == 0 and "2 skipped" in stderr
    assert target.read_bytes() == before
    notes = tmp_path / "notes.jsonl"
    notes.write_text('{"mine": true}\n')
    code, _, stderr = run(capsys, "clean", str(captures / "a"), "-o", str(notes), "--workers", "0")
    assert code == 2 and stderr.startswith("Error: ") and "--force" in stderr  # not ours: never appended to
    assert notes.read_text() == '{"mine": true}\n'
    notes.unlink()
    code, _, _ = run(capsys, "clean", str(captures / "a"), "-o", str(target), "--force", "--workers", "0")
    assert code == 0 and len(target.read_text().splitlines()) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["all.jsonl", "in"]  # no temporary file left


def test_a_single_page_to_an_existing_json_file_is_refused(
    capsys: pytest.CaptureFixture[str], captures: Path, tmp_path: Path
) -> None:
    mine = tmp_path / "existing.json"
    mine.write_text('{"my": "data"}')
    code, _, stderr = run(capsys, "clean", str(captures / "a/b.html"), "-o", str(mine), "--workers", "0")
    assert code == 2 and "Error:" in stderr  # an output-path mistake is a usage error
    assert mine.read_text() == '{"my": "data"}'
    fresh = tmp_path / "fresh.json"
    assert run(capsys, "clean", str(captures / "a/b.html"), "-o", str(fresh), "--workers", "0")[0] == 0
    assert json.loads(fresh.read_text())["title"]
    code, _, stderr = run(capsys, "clean", str(captures), "-o", str(tmp_path / "many.json"), "--workers", "0")
    assert code == 2 and "one page" in stderr


def test_rerun_skips_done_pages_and_force_redoes_them(
    capsys: pytest.CaptureFixture[str], captures: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    assert run(capsys, "clean", str(captures), "-o", str(out), "--workers", "0")[0] == 0
    inode = (out / "a/b.json").stat().st_ino
    (out / "plain.json").unlink()  # as if the run before had been killed before this page
    code, _, stderr = run(capsys, "clean", str(captures), "-o", str(out), "--workers", "0")
    assert code == 0 and "1 cleaned" in stderr and "3 skipped" in stderr
    assert (out / "a/b.json").stat().st_ino == inode and (out / "plain.json").exists()
    code, _, stderr = run(capsys, "clean", str(captures), "-o", str(out), "--force", "--workers", "0")
    assert code == 0 and "4 cleaned" in stderr and "0 skipped" in stderr
    assert (out / "a/b.json").stat().st_ino != inode


def test_failures_go_to_errors_jsonl_and_exit_1(
    capsys: pytest.CaptureFixture[str], captures: Path, tmp_path: Path
) -> None:
    (captures / "image.html").write_bytes(PNG)
    (captures / "big.html").write_bytes(b"<p>" + b"word " * 3000 + b"</p>")
    out = tmp_path / "out"
    code, _, stderr = run(capsys, "clean", str(captures), "-o", str(out), "--workers", "0", "--max-bytes", "10k")
    assert code == 1
    assert "2 failed" in stderr and "errors.jsonl" in stderr
    errors = {
        Path(e["path"]).name: e["reason"] for e in map(json.loads, (out / "errors.jsonl").read_text().splitlines())
    }
    assert set(errors) == {"image.html", "big.html"}
    assert "PNG" in errors["image.html"] and "10240" in errors["big.html"]
    assert not (out / "image.json").exists() and not (out / "big.json").exists()
    # Fixed inputs: the rerun does only those pages, and the error list goes away.
    (captures / "image.html").write_text(article_html("Now a page"))
    (captures / "big.html").unlink()
    code, _, stderr = run(capsys, "clean", str(captures), "-o", str(out), "--workers", "0", "--max-bytes", "10k")
    assert code == 0 and "1 cleaned" in stderr
    assert not (out / "errors.jsonl").exists()


def test_a_file_that_is_not_ours_is_not_overwritten(
    capsys: pytest.CaptureFixture[str], captures: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    (out / "a").mkdir(parents=True)
    (out / "a/b.json").write_text("notes I keep here")
    code, _, _ = run(capsys, "clean", str(captures), "-o", str(out), "--workers", "0")
    assert code == 1
    assert (out / "a/b.json").read_text() == "notes I keep here"
    assert "--force" in (out / "errors.jsonl").read_text()


def test_stale_temporary_files_are_cleaned_up(
    capsys: pytest.CaptureFixture[str], captures: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    (out / "a").mkdir(parents=True)
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    (out / "a" / f".b.json.{int(gone.stdout)}.0badcafe.cleaner-tmp").write_text('{"id": "half a')
    assert run(capsys, "clean", str(captures), "-o", str(out), "--workers", "0")[0] == 0
    assert files(out) == ["a/b.json", "a/deep/c.json", "plain.json", "z.json"]


def test_include_exclude(capsys: pytest.CaptureFixture[str], captures: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    argv = ["clean", str(captures), "-o", str(out), "--workers", "0", "--include", "*.htm", "--include", "*.html"]
    argv += ["--exclude", "deep/*"]
    assert run(capsys, *argv)[0] == 0
    assert files(out) == ["a/b.json"]


def test_explain_writes_the_removals_beside(capsys: pytest.CaptureFixture[str], captures: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run(capsys, "clean", str(captures / "a"), "-o", str(out), "--explain", "--workers", "0")[0] == 0
    assert files(out) == ["b.explain.json", "b.json", "deep/c.explain.json", "deep/c.json"]
    explain = json.loads((out / "b.explain.json").read_text())
    assert explain["id"].endswith("b.html")
    assert explain["removed"] and all(r["rule"] and r["text"] for r in explain["removed"])
    assert sum(explain["rules"].values()) == len(explain["removed"])
    removed_text = " ".join(r["text"] for r in explain["removed"])
    assert "Home" in removed_text  # the menu of article_html() is cut, and said so


def test_cleaning_flags_reach_the_options() -> None:
    args = cli.parse_args(
        ["clean", "x", "--favor", "precision", "--captions-in-text", "--no-metadata", "--explain", "--timeout", "0"]
    )
    options = cli._options(args, max_input_bytes=1234)
    assert (options.favor, options.captions_in_text, options.with_metadata, options.explain) == (
        "precision",
        True,
        False,
        True,
    )
    assert cli._limits(args).timeout is None and options.max_input_bytes == 1234
    assert cli._limits(cli.parse_args(["clean", "x", "--timeout", "2.5"])).timeout == 2.5
    assert cli.parse_args(["clean", "x", "--max-bytes", "10M"]).max_bytes == 10 * 1024 * 1024


@pytest.mark.parametrize(
    "argv",
    [
        ["clean"],
        ["clean", "x", "--format", "xml"],
        ["clean", "x", "--workers", "-1"],
        ["clean", "x", "--max-bytes", "ten"],
    ],
)
def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    with pytest.raises(SystemExit) as info:
        cli.main(argv)
    assert info.value.code == 2


def test_a_missing_input_is_a_usage_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, stderr = run(capsys, "clean", str(tmp_path / "absent.html"), "-o", str(tmp_path / "out"))
    assert code == 2 and stderr.startswith("Error: ") and "absent.html" in stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("gz", [False, True])
def test_warc_files(capsys: pytest.CaptureFixture[str], tmp_path: Path, gz: bool) -> None:
    warc = write_warc(tmp_path / ("crawl.warc.gz" if gz else "crawl.warc"), gz=gz)
    out = tmp_path / "out"
    code, _, stderr = run(capsys, "clean", str(warc), "-o", str(out), "--workers", "0")
    assert code == 0, stderr
    outputs = files(out)
    assert len(outputs) == len(PAGES) and all(o.startswith("crawl/") and o.count("/") == 1 for o in outputs)
    for path in out.rglob("*"):
        assert path.resolve().is_relative_to(out.resolve())
        assert "pw" not in path.name.replace("passwd", "") and "user" not in path.name
    texts = {}
    for output in outputs:
        record = json.loads((out / output).read_text())
        assert "pw@" not in json.dumps(record)
        texts[record["url"]] = record["text"]
    for uri, phrase in PAGES.items():
        assert phrase in texts[uri.replace("user:pw@", "")]
    # rerun: every record is skipped without being cleaned again
    code, _, stderr = run(capsys, "clean", str(warc), "-o", str(out), "--workers", "0")
    assert code == 0 and f"{len(PAGES)} skipped" in stderr


def test_warc_results_keep_the_record_provenance(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    # each result joins back to the crawl: the record's target URI (redacted), date and record id
    from cleaner.warc import iter_warc

    warc = write_warc(tmp_path / "crawl.warc.gz", gz=True)
    ids = {r.provenance()["warc_record_id"] for r in iter_warc(warc) if hasattr(r, "provenance")}
    code, stdout, stderr = run(capsys, "clean", str(warc), "--format", "jsonl", "--workers", "0")
    assert code == 0, stderr
    records = [json.loads(line) for line in stdout.splitlines()]
    assert len(records) == len(PAGES)
    assert {r["warc_record_id"] for r in records} == ids
    for record in records:
        assert record["warc_date"] and "pw@" not in record["warc_target_uri"]
        assert record["warc_target_uri"].startswith("http")


def test_a_pool_of_workers_cleans_and_counts(
    capsys: pytest.CaptureFixture[str], captures: Path, tmp_path: Path
) -> None:
    (captures / "image.html").write_bytes(PNG)
    out = tmp_path / "out"
    code, _, stderr = run(capsys, "clean", str(captures), "-o", str(out), "--workers", "2", "--timeout", "20")
    assert code == 1
    assert "5 pages" in stderr and "4 cleaned" in stderr and "1 failed" in stderr
    assert files(out) == ["a/b.json", "a/deep/c.json", "errors.jsonl", "plain.json", "z.json"]


def test_output_inside_the_input_folder_is_not_read_back(capsys: pytest.CaptureFixture[str], captures: Path) -> None:
    out = captures / "out"
    for _ in range(2):
        code, _, stderr = run(capsys, "clean", str(captures), "-o", str(out), "--format", "txt", "--workers", "0")
        assert code == 0 and "4 pages" in stderr
    assert not (out / "out").exists()


def test_unreadable_file_is_a_failure_not_a_crash(
    capsys: pytest.CaptureFixture[str], captures: Path, tmp_path: Path
) -> None:
    os.symlink(captures / "vanished.html", captures / "dangling.html")
    code, _, stderr = run(capsys, "clean", str(captures), "-o", str(tmp_path / "out"), "--workers", "0")
    assert code == 1 and "1 failed" in stderr
    assert "cannot read" in (tmp_path / "out/errors.jsonl").read_text()


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal_and_not_when_quiet(monkeypatch: pytest.MonkeyPatch) -> None:
    args = cli.parse_args(["clean", "x"])
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert cli._progress(args, 10).disable  # not a terminal
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    bar = cli._progress(args, 10)
    assert not bar.disable
    bar.update(5)
    bar.close()
    assert "5/10" in terminal.getvalue() and "page/s" in terminal.getvalue()
    assert cli._progress(cli.parse_args(["clean", "x", "--quiet"]), 10).disable


def test_quiet_prints_nothing(capsys: pytest.CaptureFixture[str], captures: Path, tmp_path: Path) -> None:
    code, stdout, stderr = run(capsys, "clean", str(captures), "-o", str(tmp_path / "out"), "-q", "--workers", "0")
    assert (code, stdout, stderr) == (0, "", "")


@pytest.mark.slow
def test_a_page_over_the_deadline_is_killed_and_listed(
    capsys: pytest.CaptureFixture[str], captures: Path, tmp_path: Path
) -> None:
    # 150,000 elements take many seconds to clean (~20 s on an idle machine): always over a 3 s deadline, which
    # the ordinary pages (~50 ms) meet even on a loaded machine.
    (captures / "heavy.html").write_text("<html><body>" + "<p>x y z</p>" * 150_000 + "</body></html>")
    out = tmp_path / "out"
    code, _, stderr = run(capsys, "clean", str(captures), "-o", str(out), "--workers", "1", "--timeout", "3")
    assert code == 1 and "1 failed" in stderr and "4 cleaned" in stderr
    [error] = map(json.loads, (out / "errors.jsonl").read_text().splitlines())
    assert error["path"].endswith("heavy.html") and error["reason"].startswith("timeout")
    assert "the worker was killed" in error["reason"]  # the deadline fired and the worker was replaced
    assert not (out / "heavy.json").exists()


def test_templates_drop_blocks_that_recur_across_one_sites_pages(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    site = tmp_path / "site"
    site.mkdir()
    notice = "The Harbourside Gazette is owned by its readers and printed every morning in the old town hall."
    for i in range(5):
        body = "\n\n".join(f"Story {i} paragraph {j} tells its own news about the harbour and town." for j in range(6))
        (site / f"p{i}.txt").write_text(f"Story number {i}\n\n{body}\n\n{notice}\n")
    plain, learnt = tmp_path / "plain", tmp_path / "learnt"
    assert run(capsys, "clean", str(site), "-o", str(plain), "--workers", "0")[0] == 0
    code, _, stderr = run(capsys, "clean", str(site), "-o", str(learnt), "--workers", "0", "--templates", "--explain")
    assert code == 0, stderr
    for i in range(5):
        before = json.loads((plain / f"p{i}.json").read_text())["text"]
        after = json.loads((learnt / f"p{i}.json").read_text())["text"]
        assert notice in before  # no rule of a single page cuts it...
        assert notice not in after  # ...but it is on every page of the folder
        assert f"Story {i} paragraph 5" in after
        explain = json.loads((learnt / f"p{i}.explain.json").read_text())
        assert "template" in json.dumps(explain)


def test_files_left_out_by_include_are_counted(capsys: pytest.CaptureFixture[str], captures: Path) -> None:
    code, out, err = run(capsys, "clean", str(captures), "--include", "*.html", "--workers", "0")
    assert code == 0 and len(out.splitlines()) == 1  # a/b.html only
    assert "4 of 5 files in the folders given left out by --include *.html" in err
    code, out, err = run(capsys, "clean", str(captures), "--include", "*.php", "--workers", "0")
    assert code == 2 and out == ""
    assert err.startswith("Error: no file to clean: none of the 5 files") and "--include *.php" in err


def test_warc_progress_follows_the_bytes_read(tmp_path: Path) -> None:
    from warcio.warcwriter import WARCWriter

    from cleaner.output import StreamSink
    from cleaner.sources import discover
    from tests.cli.warcs import _response

    warc = tmp_path / "crawl.warc"
    with open(warc, "wb") as handle:  # 40 records of ~40 KB: the reader moves through the file in steps
        writer = WARCWriter(handle, gzip=False)
        for n in range(40):
            _response(writer, f"http://news.example/{n}", article_html(f"Story {n}", "<p>padding</p>" * 3000).encode())
    page = tmp_path / "page.html"
    page.write_text(article_html("Beside"))
    reads: list[int] = []

    class Bar:
        disable = True

        def update(self, size: int) -> None:
            reads.append(size)

    progress = cli_clean._ByteProgress(Bar())
    inputs = discover([str(warc), str(page)])
    items = list(cli_clean._read_items(inputs, StreamSink(io.StringIO()), 10**7, progress))
    assert len([i for i in items if i.page is not None]) == 40 + 1
    assert sum(reads) == warc.stat().st_size + page.stat().st_size  # every byte counted once
    assert len(reads) > 2  # the WARC moved the bar record by record, not once at its end
