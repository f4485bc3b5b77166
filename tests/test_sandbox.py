"""The sandbox: a deadline that kills, a memory cap, a worker replaced after a crash, results equal to clean()."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Callable

import pytest

from cleaner import Article, Limits, Options, SourceTypeError, clean
from cleaner.sandbox import Sandbox
from tests.procs import cpu_ticks, wait_for

MiB = 1024 * 1024
PARAGRAPH = "<p>" + "Words enough to make this paragraph part of an article body. " * 8 + "</p>\n"
ARTICLE = "<html><head><title>A headline</title></head><body><article>" + PARAGRAPH * 6 + "</article></body></html>"
# ~2.5 MB of article: takes well over 50 ms to clean on any machine, so a 10 ms deadline always expires.
SLOW = "<html><body><article>" + PARAGRAPH * 5000 + "</article></body></html>"
# 150,000 elements: several seconds of extraction (~80 us per element), so a worker is surely busy 0.5 s in.
VERY_SLOW = "<html><body>" + "<p>x y z</p>" * 150_000 + "</body></html>"


def when_busy(box: Sandbox, action: Callable[[], object]) -> threading.Thread:
    """Run ``action`` in a thread once the (idle, started) worker has spent half a second of CPU on a page: it is
    then surely in the middle of it, however slow the machine is (a fixed delay is not sure of that)."""
    pid = box.pid
    assert pid is not None
    start = cpu_ticks(pid)

    def wait_then_act() -> None:
        while cpu_ticks(pid) - start < os.sysconf("SC_CLK_TCK") // 2:
            time.sleep(0.01)
        action()

    thread = threading.Thread(target=wait_then_act)
    thread.start()
    return thread


def test_result_equals_clean_in_process() -> None:
    with Sandbox() as box:
        assert box.clean(ARTICLE, url="https://example.com/a") == clean(ARTICLE, url="https://example.com/a")
        assert box.clean(ARTICLE.encode("cp1252"), charset="cp1252") == clean(
            ARTICLE.encode("cp1252"), charset="cp1252"
        )
        assert box.pages == 2
        assert box.restarts == 0


def test_timeout_kills_the_worker_and_the_next_page_is_served() -> None:
    with Sandbox(limits=Limits(timeout=0.01)) as box:
        box.start()
        first_pid = box.pid
        article = box.clean(SLOW)
        assert set(article.flags) == {"timeout"}
        assert "killed" in article.flags["timeout"]
        assert article.text == ""
        assert box.pid is None  # the stuck worker is gone, not left running
        assert first_pid is not None
        with pytest.raises(ProcessLookupError):
            os.kill(first_pid, 0)
        # A fresh worker takes the next page. A short page fits in a 10 ms deadline only on an idle machine; if it
        # misses it, that worker is killed too, so check that a new worker was started, not the page's result.
        short = box.clean("Short.")
        assert box.restarts == 1
        if "timeout" not in short.flags:
            assert box.pid is not None and box.pid != first_pid


def test_memory_cap_fails_the_page_not_the_caller() -> None:
    huge = "<html><body><article>" + PARAGRAPH * 80_000 + "</article></body></html>"  # ~40 MB
    with Sandbox(limits=Limits(max_memory_bytes=100 * MiB)) as box:
        article = box.clean(huge)
        assert "out of memory" in article.flags["failed"]
        after = box.clean(ARTICLE)
        assert after == clean(ARTICLE)
        assert box.restarts == 1


def test_worker_killed_from_outside_is_reported_and_replaced() -> None:
    with Sandbox() as box:
        box.start()
        pid = box.pid
        assert pid is not None
        timer = when_busy(box, lambda: os.kill(pid, signal.SIGKILL))
        article = box.clean(VERY_SLOW)
        timer.join()
        assert article.flags == {"failed": "the worker was killed by SIGKILL (out of memory?)"}
        assert box.clean(ARTICLE) == clean(ARTICLE)
        assert box.restarts == 1


def test_worker_that_died_between_pages_is_replaced_silently() -> None:
    with Sandbox() as box:
        box.start()
        pid = box.pid
        assert pid is not None
        os.kill(pid, signal.SIGKILL)
        wait_for(lambda: box.pid is None, "the killed worker to be gone")  # the kill is asynchronous
        assert box.clean(ARTICLE) == clean(ARTICLE)
        assert box.restarts == 1


def test_close_from_another_thread_abandons_the_page() -> None:
    box = Sandbox()
    box.start()
    timer = when_busy(box, box.close)
    article = box.clean(VERY_SLOW)
    timer.join()
    assert article.flags == {"failed": "the sandbox was closed"}
    assert box.pid is None
    assert box.clean(ARTICLE).flags == {"failed": "the sandbox was closed"}


def test_oversized_input_is_refused_without_a_worker() -> None:
    box = Sandbox(Options(max_input_bytes=1000))
    article = box.clean(b"x" * 1001, url="https://example.com/big")
    assert article.url == "https://example.com/big"
    assert article.flags == {"refused": "input is 1001 bytes, over max_input_bytes=1000"}
    assert box.pid is None  # never started: the page was judged in the caller
    box.close()


def test_wrong_argument_types_raise() -> None:
    with Sandbox() as box:
        with pytest.raises(SourceTypeError):
            box.clean(12)  # type: ignore[arg-type]
        with pytest.raises(SourceTypeError):
            box.clean("x", url=3)  # type: ignore[arg-type]
    with pytest.raises(SourceTypeError):
        Sandbox(options={"timeout": 1})  # type: ignore[arg-type]


def test_caches_are_reset_without_changing_results() -> None:
    with Sandbox(reset_every=1) as box:
        results = [box.clean(ARTICLE) for _ in range(3)]
    assert all(isinstance(a, Article) and a == clean(ARTICLE) for a in results)


def test_a_timed_out_text_capture_still_says_it_was_text() -> None:
    slow_text = ("A line of a long plain-text capture that keeps going and going.\n\n" * 60_000).encode()
    with Sandbox(limits=Limits(timeout=0.01)) as box:
        article = box.clean(slow_text)
        assert "timeout" in article.flags
        assert article.kind == "text"
        assert box.clean(SLOW).kind == "html"
