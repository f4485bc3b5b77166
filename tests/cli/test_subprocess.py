"""``python -m cleaner clean`` as a real process: a pool of workers, the exit code, stderr; and the kill test: a run
killed with SIGKILL halfway, then rerun, ends with exactly one valid output per input and nothing else."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.cli.server import article_html

ROOT = Path(__file__).resolve().parents[2]


def _cleaner(*argv: str) -> list[str]:
    return [sys.executable, "-m", "cleaner", *argv]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT / "src")}


def _pages(root: Path, count: int) -> list[Path]:
    paths = []
    for i in range(count):
        folder = root / f"section-{i % 7}"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"page-{i:04d}.html"
        path.write_text(article_html(f"Story {i}"))
        paths.append(path)
    return paths


def test_python_m_cleaner_clean_with_workers(tmp_path: Path) -> None:
    _pages(tmp_path / "in", 6)
    (tmp_path / "in" / "broken.html").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)
    done = subprocess.run(
        _cleaner("clean", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--workers", "2"),
        capture_output=True,
        text=True,
        timeout=120,
        env=_env(),
    )
    assert done.returncode == 1, done.stderr
    assert "7 pages" in done.stderr and "6 cleaned" in done.stderr and "1 failed" in done.stderr
    assert done.stdout == ""
    outputs = sorted(p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*.json"))
    assert len(outputs) == 6


@pytest.mark.slow
def test_sigkill_halfway_then_rerun_gives_exactly_one_output_per_input(tmp_path: Path) -> None:
    inputs = _pages(tmp_path / "in", 300)
    out = tmp_path / "out"
    argv = _cleaner("clean", str(tmp_path / "in"), "-o", str(out), "--workers", "2", "--quiet")
    process = subprocess.Popen(argv, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    done = 0
    while time.monotonic() < deadline and process.poll() is None:
        done = sum(1 for _ in out.rglob("*.json")) if out.exists() else 0
        if done >= len(inputs) // 3:
            break
        time.sleep(0.05)
    assert process.poll() is None, "the run finished before it could be killed; use more pages"
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.stderr is not None
    process.stderr.close()
    assert 0 < done < len(inputs)

    rerun = subprocess.run(argv[:-1], env=_env(), capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert "skipped" in rerun.stderr
    skipped = int(rerun.stderr.split(" skipped")[0].rsplit(" ", 1)[1])
    assert skipped >= done  # the pages of the killed run were not redone

    expected = {p.relative_to(tmp_path / "in").with_suffix(".json").as_posix() for p in inputs}
    found = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert found - {"errors.jsonl"} == expected  # no temporary file, nothing else
    for name in expected:
        record = json.loads((out / name).read_text())
        story = Path(name).stem.split("-")[1].lstrip("0") or "0"
        assert f"of Story {story} tells" in record["text"]
