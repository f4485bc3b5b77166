"""Issue 14, rows 3, 4 and 7: a hostile input folder, run through the CLI as a real process.

Row 3: symlinks to /etc/passwd and /proc/self/environ are not read (listed as skipped in errors.jsonl); a symlink
to a file inside the input folder is read; ``--follow-symlinks`` reads the others.
Row 4: a FIFO (and a socket) in the folder is listed as skipped and never opened: the run ends (a writer-less FIFO
would block ``open()`` for ever; the subprocess has a generous timeout only so that a regression fails the test
instead of hanging the suite).
Row 7: a file name that is not UTF-8 is cleaned, under a safe output name, and the files after it are too.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from cleaner.sources import discover, iter_items
from tests.cli.server import article_html
from tests.procs import run_clean

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX files (FIFO, symlink) needed")


def _errors(out: Path) -> dict[str, str]:
    lines = (out / "errors.jsonl").read_text("utf-8").splitlines()
    return {e["path"]: e["reason"] for e in map(json.loads, lines)}


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.html").write_text(article_html("Alpha story"))
    (folder / "z.html").write_text(article_html("Zulu story"))
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    (folder / "environ.txt").symlink_to("/proc/self/environ")
    (folder / "sub" / "inside.html").symlink_to("../a.html")
    (folder / "loop.html").symlink_to(folder / "loop.html")
    (folder / "dangling.html").symlink_to(folder / "nowhere.html")
    (tmp_path / "outside.html").write_text(article_html("Outside story"))
    (folder / "outside.html").symlink_to(tmp_path / "outside.html")
    os.mkfifo(folder / "pipe.html")
    os.mkfifo(folder / "pipe.txt")
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(folder / "sock.html"))
    name = os.fsencode(folder) + b"/caf\xe9.html"  # Latin-1 bytes: not UTF-8
    with open(name, "w", encoding="utf-8") as handle:
        handle.write(article_html("Cafe story"))
    return folder


def test_rows_3_4_7_through_therun_clean(hostile: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = run_clean(str(hostile), "-o", str(out))
    assert done.returncode == 1, done.stderr  # the skipped entries are listed: nothing passes in silence
    assert "Traceback" not in done.stderr
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.json"))
    assert written == ["a.json", "caf_xe9.json", "sub/inside.json", "z.json"]
    everything = "".join(p.read_text("utf-8") for p in out.rglob("*.json"))
    assert "root:" not in everything and "PYTHONPATH" not in everything  # neither passwd nor the environment
    assert "Paragraph 3 of Cafe story" in (out / "caf_xe9.json").read_text("utf-8")
    errors = _errors(out)
    for name in ("passwd.txt", "environ.txt", "outside.html"):
        assert "outside the input folders" in errors[str(hostile / name)]
    assert "FIFO" in errors[str(hostile / "pipe.html")] and "never opened" in errors[str(hostile / "pipe.txt")]
    assert "socket" in errors[str(hostile / "sock.html")]
    assert "broken symlink" in errors[str(hostile / "dangling.html")]
    assert "loop.html" in "".join(errors)  # a symlink loop is listed too


def test_follow_symlinks_reads_targets_outside(hostile: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = run_clean(str(hostile), "-o", str(out), "--follow-symlinks", "--include", "*.html")
    assert done.returncode == 1  # the FIFOs, the socket and the broken links are still listed
    assert "Paragraph 2 of Outside story" in (out / "outside.json").read_text("utf-8")
    assert str(hostile / "outside.html") not in _errors(out)


def test_a_rerun_finishes_and_skips_what_is_done(hostile: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run_clean(str(hostile), "-o", str(out))
    done = run_clean(str(hostile), "-o", str(out))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert (out / "z.json").exists()  # every rerun reaches the files after the odd name


def test_discover_lists_special_files_with_a_reason(hostile: Path) -> None:
    inputs = {i.label.rsplit("/", 1)[-1]: i for i in discover([hostile])}
    assert inputs["caf\\xe9.html"].skip_reason is None and inputs["caf\\xe9.html"].name == "caf_xe9"
    assert inputs["pipe.html"].skip_reason and inputs["passwd.txt"].skip_reason
    assert inputs["inside.html"].skip_reason is None
    items = {i.id.rsplit("/", 1)[-1]: i for i in iter_items(list(inputs.values()))}
    assert items["pipe.html"].error and items["pipe.html"].page is None
    assert items["caf\\xe9.html"].page is not None


def test_a_fifo_named_on_the_command_line_is_read(tmp_path: Path) -> None:
    fifo = tmp_path / "page.html"
    os.mkfifo(fifo)
    writer = subprocess.Popen(
        [sys.executable, "-c", f"open({str(fifo)!r}, 'w').write({article_html('Piped story')!r})"],
    )
    try:
        done = run_clean(str(fifo))
    finally:
        writer.wait(timeout=600)
    assert done.returncode == 0, done.stderr
    assert "Paragraph 1 of Piped story" in json.loads(done.stdout)["text"]
