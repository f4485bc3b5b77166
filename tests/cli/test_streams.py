"""The command line as a pipeline stage, tried as a user would: a real shell pipe into ``head``, a real SIGKILL of
the parent while a worker is busy, a real SIGINT to the process group (what Ctrl-C sends), a JSONL run killed and
resumed. No test here asserts a wall-clock bound: the waits below only give up on a hang."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.server import article_html
from tests.procs import GIVE_UP, alive, children, cleaner_env, cpu_ticks, wait_for

# A page that keeps a worker busy for seconds (150,000 elements; see tests/test_sandbox.py).
VERY_SLOW = "<html><body>" + "<p>x y z</p>" * 150_000 + "</body></html>"


def _cleaner(*argv: str) -> list[str]:
    return [sys.executable, "-m", "cleaner", *argv]


def _pages(root: Path, count: int) -> None:
    root.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        (root / f"page-{i:03d}.html").write_text(article_html(f"Story {i}"))


pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


def test_a_pipe_into_head_stops_at_once_and_quietly(tmp_path: Path) -> None:
    _pages(tmp_path / "in", 40)
    command = " ".join(_cleaner("clean", str(tmp_path / "in"), "--format", "jsonl", "--workers", "1"))
    done = subprocess.run(
        ["bash", "-c", f"{command} 2>{tmp_path / 'err'} | head -c 200; exit ${{PIPESTATUS[0]}}"],
        capture_output=True,
        env=cleaner_env(),
        timeout=GIVE_UP,
    )
    err = (tmp_path / "err").read_text()
    assert len(done.stdout) == 200
    assert done.returncode in (0, 141), err
    assert "Broken pipe" not in err and "Traceback" not in err and "failed" not in err
    assert "40 pages" not in err  # it stopped: no summary of a run that went on to the end


def test_txt_to_stdout_separates_the_documents(tmp_path: Path) -> None:
    _pages(tmp_path / "in", 3)
    (tmp_path / "in" / "empty.html").write_text("<html><body></body></html>")
    done = subprocess.run(
        _cleaner("clean", str(tmp_path / "in"), "--format", "txt", "--workers", "0"),
        capture_output=True,
        text=True,
        env=cleaner_env(),
        timeout=GIVE_UP,
    )
    assert done.returncode == 0, done.stderr
    documents = done.stdout.removesuffix("\n").split("\n\f\n")
    assert len(documents) == 4
    assert documents[0] == ""  # empty.html sorts first: an empty document, still separated
    for i, document in enumerate(documents[1:]):
        assert document.startswith(f"Story {i}") or f"of Story {i} tells" in document


def _as_a_foreground_job() -> None:
    """Run in the child before ``exec``: Ctrl-C's default action. A shell starts a background job (``pytest ... &``,
    ``nohup``) with SIGINT ignored and every process it starts inherits that; the run under test is what a terminal
    runs in the foreground."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _start_busy_run(tmp_path: Path, *extra: str) -> subprocess.Popen[bytes]:
    """A run whose two workers are both busy on slow pages (no deadline), started in a session of its own."""
    pages = tmp_path / "in"
    pages.mkdir()
    for i in range(4):
        (pages / f"slow-{i}.html").write_text(VERY_SLOW)
    with open(tmp_path / "stderr", "wb") as stderr:  # a file, not a pipe: orphans would hold a pipe open
        process = subprocess.Popen(
            _cleaner("clean", str(pages), "-o", str(tmp_path / "out"), "--workers", "2", "--timeout", "0", *extra),
            env=cleaner_env(),
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            start_new_session=True,
            preexec_fn=_as_a_foreground_job,
        )
    # Busy: each worker has spent a second of CPU past its start-up on a page.
    wait_for(lambda: len(children(process.pid)) == 2, "two workers")
    workers = children(process.pid)
    start = {pid: cpu_ticks(pid) for pid in workers}
    tick = os.sysconf("SC_CLK_TCK")
    wait_for(lambda: all(cpu_ticks(pid) - start[pid] > tick for pid in workers), "busy workers")
    return process


def test_workers_die_silently_with_a_parent_killed_by_sigkill(tmp_path: Path) -> None:
    process = _start_busy_run(tmp_path)
    workers = children(process.pid)
    process.send_signal(signal.SIGKILL)
    process.wait()
    wait_for(lambda: not any(alive(pid) for pid in workers), "the orphaned workers to exit")
    assert (tmp_path / "stderr").read_text() == ""


def test_ctrl_c_stops_the_run_and_its_workers_without_tracebacks(tmp_path: Path) -> None:
    process = _start_busy_run(tmp_path, "--quiet")
    workers = children(process.pid)
    os.killpg(process.pid, signal.SIGINT)  # what the terminal does: the whole foreground group
    assert process.wait(timeout=GIVE_UP) == 130
    wait_for(lambda: not any(alive(pid) for pid in workers), "the workers to exit")
    err = (tmp_path / "stderr").read_text()
    assert err == "Interrupted.\n", err
    assert not [p for p in (tmp_path / "out").rglob("*") if p.is_file()]  # no partial file


def test_jsonl_killed_then_rerun_appends_only_the_missing_pages(tmp_path: Path) -> None:
    _pages(tmp_path / "in", 200)
    out = tmp_path / "out.jsonl"
    argv = _cleaner("clean", str(tmp_path / "in"), "-o", str(out), "--workers", "1", "--quiet")
    process = subprocess.Popen(argv, env=cleaner_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def lines() -> int:
        return out.read_bytes().count(b"\n") if out.exists() else 0

    wait_for(lambda: lines() >= 20 or process.poll() is not None, "a few lines")
    assert process.poll() is None, "the run finished before it could be killed; use more pages"
    process.send_signal(signal.SIGKILL)
    process.wait()
    written = lines()
    assert 0 < written < 200  # written as it went
    with open(out, "ab") as handle:  # as if the kill had torn the last line in the middle
        handle.write(b'{"id": "' + str(tmp_path / "in" / "page-199.html").encode() + b'", "te')

    rerun = subprocess.run(argv[:-1], env=cleaner_env(), capture_output=True, text=True, timeout=GIVE_UP)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{written} skipped" in rerun.stderr and f"{200 - written} cleaned" in rerun.stderr
    records = [json.loads(line) for line in out.read_text().splitlines()]  # every line whole
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids)) == 200
    assert {Path(i).name for i in ids} == {f"page-{i:03d}.html" for i in range(200)}


def test_clean_many_from_a_script_without_a_main_guard(tmp_path: Path) -> None:
    script = tmp_path / "user_script.py"
    script.write_text(
        "from cleaner import clean_many\n"
        "print('script body ran')\n"
        "pages = ['<p>' + 'One sentence of an article body here. ' * 20 + '</p>', 'Two.'] * 3\n"
        "for article in clean_many(pages, workers=2):\n"
        "    print(article.kind, sorted(article.flags))\n"
    )
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, env=cleaner_env(), cwd=tmp_path, timeout=GIVE_UP
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    lines = done.stdout.splitlines()
    assert lines[0] == "script body ran" and lines.count("script body ran") == 1  # not re-run by a worker
    assert [line.split()[0] for line in lines[1:]] == ["html", "text"] * 3
    assert not any("failed" in line or "timeout" in line for line in lines)


def test_two_runs_on_one_output_folder_at_once(tmp_path: Path) -> None:
    _pages(tmp_path / "in", 60)
    (tmp_path / "in" / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)  # fails in both runs
    argv = _cleaner("clean", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--workers", "1")
    runs = [subprocess.Popen(argv, env=cleaner_env(), stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [(run.wait(timeout=GIVE_UP), run.communicate()[1]) for run in runs]
    for code, err in results:
        assert code == 1, err  # the image page failed, nothing else: no spurious "exists" failure
        assert "exists" not in err and "1 failed" in err
    outputs = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert outputs == sorted([f"page-{i:03d}.json" for i in range(60)] + ["errors.jsonl"])
    [error] = (tmp_path / "out" / "errors.jsonl").read_text().splitlines()  # both runs' lists, merged: one page
    assert json.loads(error)["path"].endswith("image.html")
