"""What the tests that watch real processes share: their children and CPU time read from /proc, a wait that gives up
only on a hang, and the CLI run as a user runs it (a subprocess of this checkout's package).

No helper here bounds speed: GIVE_UP is how long a wait may take before the test calls it a hang, and a busy
machine is far inside it.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: Seconds after which a wait gives up: a hang, not a slow machine.
GIVE_UP = 300.0


def children(pid: int | None = None) -> list[int]:
    """The pids of the live children of ``pid`` (default: this process), from every thread's /proc entry."""
    pids: list[int] = []
    try:
        tasks = list(Path(f"/proc/{pid or os.getpid()}/task").iterdir())
    except OSError:
        return []
    for task in tasks:
        with contextlib.suppress(OSError):
            pids += [int(p) for p in (task / "children").read_text().split()]
    return pids


def _stat(pid: int) -> list[str] | None:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None


def alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie has exited)."""
    fields = _stat(pid)
    return fields is not None and fields[0] != "Z"


def cpu_ticks(pid: int) -> int:
    """CPU time ``pid`` has used, in clock ticks (utime + stime); 0 once it is gone."""
    fields = _stat(pid)
    return 0 if fields is None else int(fields[11]) + int(fields[12])


def wait_for(condition: Callable[[], bool], what: str) -> None:
    """Poll ``condition`` until it holds; fail the test only after GIVE_UP seconds (a hang)."""
    deadline = time.monotonic() + GIVE_UP
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.05)


def cleaner_env() -> dict[str, str]:
    """The environment that runs this checkout's package in a subprocess."""
    return {**os.environ, "PYTHONPATH": str(ROOT / "src")}


def run_clean(*argv: str) -> subprocess.CompletedProcess[str]:
    """``cleaner clean ARGV --workers 0 --quiet`` in a subprocess; a hang fails the test instead of the suite."""
    return subprocess.run(
        [sys.executable, "-m", "cleaner", "clean", *argv, "--workers", "0", "--quiet"],
        env=cleaner_env(),
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
