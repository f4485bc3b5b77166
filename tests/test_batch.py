"""clean_many / clean_pages: input order, every source type, bounded read-ahead, deadlines, early close."""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from cleaner import Article, Limits, Options, SourceTypeError, clean
from cleaner.batch import PENDING_PER_WORKER, Page, clean_many, clean_pages

PARAGRAPH = "<p>" + "Words enough to make this paragraph part of an article body. " * 8 + "</p>\n"


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
    assert not _children()  # closing the iterator stopped the workers


def _children() -> list[int]:
    """The pids of this process's live children (Linux /proc)."""
    pids: list[int] = []
    for task in Path(f"/proc/{os.getpid()}/task").iterdir():
        with contextlib.suppress(OSError):
            pids += [int(p) for p in (task / "children").read_text().split()]
    return pids


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
