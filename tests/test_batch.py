"""clean_many / clean_pages: input order, every source type, bounded read-ahead, deadlines, early close."""

from __future__ import annotations

import os
import re
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cleaner import Article, Limits, Options, SourceTypeError, clean
from cleaner.batch import PENDING_PER_WORKER, Page, clean_many, clean_pages
from tests.procs import children, cpu_ticks, wait_for

PARAGRAPH = "<p>" + "Words enough to make this paragraph part of an article body. " * 8 + "</p>\n"


# 150,000 elements: a worker is busy on it for seconds (see tests/test_sandbox.py).
# ~15 s of work on an idle machine, just under the 200,000-element cap of Options.max_dom_nodes
VERY_SLOW = "<html><body>" + "<p>x y z</p>" * 190_000 + "</body></html>"


def page(n: int) -> str:
    head = f"<html><head><title>Page {n}</title></head>"
    own = f"<p>This is page number {n} of the batch, and this sentence belongs to its article body alone.</p>"
    return f"{head}<body><article><h1>Headline {n}</h1>{own}{PARAGRAPH * 3}</article></body></html>"


def number(article: Article) -> str:
    """The page's own sentence in its text ("Page 3"): tells the pages apart whatever the other rules do."""
    match = re.search(r"page number (\d+)", article.text)
    return f"Page {match.group(1)}" if match else ""


SLOW = "<html><body><article>" + PARAGRAPH * 5000 + "</article></body></html>"


def test_every_source_type_in_input_order(tmp_path: Path) -> None:
    path = tmp_path / "a.html"
    path.write_bytes(page(1).encode())
    sources = [
        page(0).encode(),
        path,
        ("pair-id", page(2)),
        ("pair-path", tmp_path / "a.html"),
        Page("page-id", page(3).encode("utf-16"), url="https://example.com/3"),
        "A plain-text capture.\n\nIt has two paragraphs of its own.",
    ]
    pairs = list(clean_pages(sources, workers=2))
    assert [p.id for p, _ in pairs] == ["0", str(path), "pair-id", "pair-path", "page-id", "5"]
    expected = [
        clean(page(0).encode()),
        clean(page(1).encode()),
        clean(page(2)),
        clean(page(1).encode()),
        clean(page(3).encode("utf-16"), url="https://example.com/3"),
        clean("A plain-text capture.\n\nIt has two paragraphs of its own."),
    ]
    assert [a for _, a in pairs] == expected
    assert [number(a) for a in expected[:3]] == ["Page 0", "Page 1", "Page 2"]


def test_pool_and_in_process_agree() -> None:
    sources = [page(n) for n in range(12)]
    assert list(clean_many(sources, workers=2)) == list(clean_many(sources, workers=0)) == [clean(s) for s in sources]


def test_input_is_read_lazily_and_bounded() -> None:
    pulled = 0

    def endless() -> Iterator[str]:
        nonlocal pulled
        n = 0
        while True:
            pulled += 1
            yield page(n)
            n += 1

    results = clean_many(endless(), workers=2)
    first = next(results)
    assert number(first) == "Page 0"
    assert pulled <= 2 * PENDING_PER_WORKER + 1  # a window, not the whole (infinite) input
    results.close()
    assert not children()  # closing the iterator stopped the workers


def test_timeout_is_per_page_and_keeps_order() -> None:
    sources = [page(0), SLOW, page(2), SLOW, page(4)]
    articles = list(clean_many(sources, workers=2, limits=Limits(timeout=0.01)))
    assert "timeout" in articles[1].flags and "timeout" in articles[3].flags
    assert len(articles) == 5
    # The short pages might also miss a 10 ms deadline on a loaded machine; whatever they got, it is theirs.
    for n in (0, 2, 4):
        assert articles[n].flags.get("timeout") or number(articles[n]) == f"Page {n}"


def test_unreadable_file_is_flagged_not_raised(tmp_path: Path) -> None:
    missing = tmp_path / "gone.html"
    for workers in (0, 1):
        pairs = list(clean_pages([missing, page(1)], workers=workers))
        assert pairs[0][0].id == str(missing)
        assert pairs[0][1].flags["failed"].startswith(f"cannot read {missing}")
        assert number(pairs[1][1]) == "Page 1"


def test_wrong_source_type_raises_at_that_page() -> None:
    for workers in (0, 1):
        results = clean_many([page(0), 42], workers=workers)  # type: ignore[list-item]
        with pytest.raises(SourceTypeError, match="not int"):
            list(results)
    with pytest.raises(SourceTypeError):
        clean_many([page(0)], workers=-1)  # type: ignore[arg-type]
    with pytest.raises(SourceTypeError):
        clean_pages([page(0)], options={"timeout": 1})  # type: ignore[arg-type]


def test_empty_input() -> None:
    assert list(clean_many([], workers=2)) == []


def test_templates_are_learnt_per_site_and_stripped() -> None:
    footer = "<p>Copyright Example Media Group, all rights reserved, reproduction forbidden without permission.</p>"
    sources = [
        Page(f"p{n}", page(n).replace("</article>", footer + "</article>"), url=f"https://news.example/{n}")
        for n in range(6)
    ]
    other = Page("q", page(99).replace("</article>", footer + "</article>"), url="https://other.example/1")
    plain = list(clean_many([*sources, other], workers=0))
    assert all("Copyright Example Media" in a.text for a in plain)
    stripped = list(clean_pages([*sources, other], workers=1, templates=True, options=Options(explain=True)))
    assert [p.id for p, _ in stripped] == [*(f"p{n}" for n in range(6)), "q"]
    for (_, article), before in zip(stripped[:6], plain[:6], strict=True):
        assert "Copyright Example Media" not in article.text
        assert "template" in {r.rule for r in article.removed}
        assert number(article) == number(before)
    # One page of another site: nothing recurs there, so its footer stays.
    assert "Copyright Example Media" in stripped[6][1].text


class _Logged(os.PathLike):  # type: ignore[type-arg]
    """A path that notes when it is read: a pool task reads its page's file when it starts."""

    def __init__(self, path: Path, log: list[str]) -> None:
        self.path, self.log = path, log

    def __fspath__(self) -> str:
        self.log.append(self.path.name)
        return str(self.path)


def test_a_stuck_page_does_not_stall_the_pages_behind_it(tmp_path: Path) -> None:
    # Page 0 keeps its worker busy (no deadline); the other worker must go on through the read-ahead the caller
    # set (12 pages in flight: the stuck one and 11 more), in input order once the stuck page is resolved. The
    # stuck worker is then killed from outside, which resolves page 0 as "failed".
    log: list[str] = []
    (tmp_path / "stuck.html").write_text(VERY_SLOW)
    sources: list[Any] = [_Logged(tmp_path / "stuck.html", log)]
    for n in range(1, 12):
        (tmp_path / f"p{n:02d}.html").write_text(page(n))
        sources.append(_Logged(tmp_path / f"p{n:02d}.html", log))
    results: list[Article] = []
    consumer = threading.Thread(
        target=lambda: results.extend(clean_many(sources, workers=2, read_ahead=12, limits=Limits(timeout=None)))
    )
    consumer.start()
    # the eleventh page behind the stuck one was started: p01..p10 are done
    wait_for(lambda: "p11.html" in log or not consumer.is_alive(), "the pages behind the stuck one")
    assert "p11.html" in log and consumer.is_alive()
    assert not results  # nothing yielded yet: page 0 comes first
    # the busy worker is the one still gaining CPU time once the other has gone idle (both spent about as much on
    # their warm-up and on the pages so far, so a single reading could pick either)
    before = {pid: cpu_ticks(pid) for pid in children()}
    time.sleep(3)
    stuck = max(before, key=lambda pid: cpu_ticks(pid) - before[pid])
    os.kill(stuck, signal.SIGKILL)
    consumer.join(300)
    assert len(results) == 12
    assert "failed" in results[0].flags
    assert [number(a) for a in results[1:11]] == [f"Page {n}" for n in range(1, 11)]


def test_read_ahead_bounds_what_is_read() -> None:
    pulled = 0

    def endless() -> Iterator[str]:
        nonlocal pulled
        while True:
            pulled += 1
            yield page(pulled)

    results = clean_many(endless(), workers=1, read_ahead=3)
    next(results)
    assert pulled <= 3 + 1
    results.close()
    with pytest.raises(SourceTypeError):
        clean_many([], read_ahead=0)
