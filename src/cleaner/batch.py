"""``clean_many()``: many pages, process-parallel, in input order, under the per-document limits.

How it runs: ``workers`` threads, each driving one :class:`~cleaner.sandbox.Sandbox` (a child process). The threads
only wait on pipes, so the GIL is not a bottleneck; the cleaning happens in the children. The input is read lazily
and at most ``read_ahead`` pages (default ``workers * PENDING_PER_WORKER``) are in flight, so a generator of a
million pages streams in bounded memory. Results come back in input order; while one page is stuck (until its
deadline), the workers keep cleaning the pages after it, up to ``read_ahead`` pages past the oldest one not yet
yielded, so a stuck page delays the results behind it but stalls the pool only once the read-ahead is used up.
Per page, the sandbox enforces the :class:`~cleaner.options.Limits`: ``limits.timeout`` (the worker is killed with
SIGKILL and replaced, the page is flagged "timeout") and ``limits.max_memory_bytes`` (the page is flagged
"failed", the worker replaced); a page whose file cannot be read is flagged "failed" too. Nothing but the
caller's own mistakes (a source of the wrong type) raises.

``workers=0`` cleans in the calling thread with no child process: no start-up cost, but also **no deadline and no
memory cap** (``clean()`` cannot be interrupted). Use it for small trusted jobs and tests; ``workers=1`` gives one
sandboxed worker with the full guarantees.

For callers that must map results back to their inputs (the CLI writes each article next to its source's name and
counts failures), :func:`clean_pages` yields ``(Page, Article)`` pairs instead of bare articles.

Templates across pages (``templates=True``; :mod:`cleaner.corpus`): blocks that recur on many pages of one site are
the site's template, not article. The results are buffered in windows of ``TEMPLATE_WINDOW`` pages; within a window
the pages are grouped by site (the host of ``page.url``, else the folder of a path id, else one group), each group's
template is learnt (:meth:`Templates.learn`) and stripped from its articles (rule "template"), and the window is
yielded, still in input order. A job smaller than the window is thus done in two passes over all of it; a larger one
holds at most one window of results (and their pages) in memory.
"""

from __future__ import annotations

import itertools
import os
import queue
from collections import deque
from collections.abc import Generator, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, Union
from urllib.parse import urlsplit

from .api import clean
from .article import Article
from .errors import SourceTypeError
from .options import Limits, Options, resolve_limits, resolve_options
from .records import Page
from .sandbox import Sandbox

__all__ = [
    "PENDING_PER_WORKER",
    "TEMPLATE_WINDOW",
    "Page",
    "Source",
    "as_page",
    "clean_many",
    "clean_pages",
    "default_workers",
]

#: Pages read ahead per worker. Two would keep every worker busy if all pages took the same time; four absorbs the
#: usual spread (one slow page while the others race ahead) without holding many pages in memory: at the default
#: ``max_input_bytes`` (50 MiB) the worst case is 200 MiB per worker, and real pages average ~200 KB.
PENDING_PER_WORKER = 4

#: Pages per window when learning templates (``templates=True``). A template shows up within a few dozen pages of a
#: site (``Templates.learn`` needs 3 pages and half of the group); 200 pages of a mixed crawl still give most sites
#: enough pages, and 200 results with their pages (~200 KB each) stay well under 100 MB.
TEMPLATE_WINDOW = 200


Source = Union[bytes, str, "os.PathLike[str]", tuple[str, Any], Page]


def as_page(source: Source, index: int) -> Page:
    """Normalise one ``clean_many`` source into a Page (a path is read here; OSError when it cannot be).

    bytes and str are the page itself (its id is its position, ``index``); a path is read as bytes (its id is the
    path); an ``(id, data)`` pair gives the id, with data as bytes, str or a path; a Page is taken as it is.
    """
    if isinstance(source, Page):
        return source
    if isinstance(source, tuple) and len(source) == 2:
        page_id, data = source
        if isinstance(data, os.PathLike):
            data = Path(data).read_bytes()
        elif isinstance(data, (bytearray, memoryview)):
            data = bytes(data)
        if not isinstance(data, (bytes, str)):
            raise SourceTypeError(
                f"the data of an (id, data) pair must be bytes, str or a path, not {type(data).__name__}"
            )
        return Page(str(page_id), data)
    if isinstance(source, os.PathLike):
        return Page(os.fspath(source), Path(source).read_bytes())
    if isinstance(source, (bytes, str)):
        return Page(str(index), source)
    if isinstance(source, (bytearray, memoryview)):
        return Page(str(index), bytes(source))
    raise SourceTypeError(
        f"clean_many() takes bytes, str, paths, (id, data) pairs or Page objects, not {type(source).__name__}"
    )


def _source_id(source: Source, index: int) -> str:
    if isinstance(source, Page):
        return source.id
    if isinstance(source, tuple) and len(source) == 2:
        return str(source[0])
    if isinstance(source, os.PathLike):
        return os.fspath(source)
    return str(index)


def _check_source(source: Any) -> None:
    # Type errors are the caller's mistake: raise them in the caller's thread, at the page that has them.
    ok = isinstance(source, (bytes, bytearray, memoryview, str, os.PathLike, Page)) or (
        isinstance(source, tuple) and len(source) == 2
    )
    if not ok:
        raise SourceTypeError(
            f"clean_many() takes bytes, str, paths, (id, data) pairs or Page objects, not {type(source).__name__}"
        )


def _read(source: Source, index: int) -> tuple[Page, Article | None]:
    """The page, and an Article flagged "failed" when its file cannot be read (a vanished file must not stop a
    million-page job)."""
    try:
        return as_page(source, index), None
    except OSError as exc:
        page_id = _source_id(source, index)
        reason = f"cannot read {page_id}: {exc.strerror or exc}"
        return Page(page_id, b""), Article(flags={"failed": reason})


def default_workers() -> int:
    """The CPUs this process may run on (``os.sched_getaffinity`` where it exists, else ``os.cpu_count()``)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def clean_many(
    sources: Iterable[Source],
    *,
    workers: int | None = None,
    options: Options | None = None,
    templates: bool = False,
    limits: Limits | None = None,
    read_ahead: int | None = None,
) -> Iterator[Article]:
    """Clean every source; yield one Article per source, in input order.

    ``sources``: bytes, str, paths, ``(id, data)`` pairs or :class:`Page` objects (mixed is fine), read lazily.
    ``workers``: child processes (default: the CPUs available); 0 cleans in this thread, without deadline or
    memory cap. ``options``: as for :func:`cleaner.clean`. ``limits`` (:class:`~cleaner.Limits`): the per-page
    deadline and the worker memory cap, enforced when ``workers >= 1``. ``read_ahead``: pages in flight at most
    (default ``workers * PENDING_PER_WORKER``; at least ``workers``): how far the pool works past a stuck page,
    and how many pages are held in memory. ``templates``: learn each site's template across the pages and
    strip it (see the module docstring). A page that times out, crashes its worker or cannot be read comes
    back flagged ("timeout" / "failed") with the reason; only a source of the wrong type raises
    (:class:`~cleaner.errors.SourceTypeError`).

    >>> [a.kind for a in clean_many(["<p>One.</p>", "Two."], workers=0)]
    ['html', 'text']
    """
    # Not a generator itself, so that bad arguments raise here and not at the first next().
    return _articles(
        clean_pages(
            sources, workers=workers, options=options, templates=templates, limits=limits, read_ahead=read_ahead
        )
    )


def _articles(pairs: Generator[tuple[Page, Article], None, None]) -> Iterator[Article]:
    try:
        for _page, article in pairs:
            yield article
    finally:
        pairs.close()  # stop the workers when the caller stops early


def clean_pages(
    sources: Iterable[Source],
    *,
    workers: int | None = None,
    options: Options | None = None,
    templates: bool = False,
    limits: Limits | None = None,
    read_ahead: int | None = None,
) -> Generator[tuple[Page, Article], None, None]:
    """Like :func:`clean_many`, but yield ``(page, article)`` pairs, so that the caller can tell which input each
    result belongs to (``page.id`` is the path, the pair's id, or the position) and count the flagged ones.

    Closing the iterator early (``break``, ``.close()``) stops the workers; a page in flight is abandoned.
    """
    options = resolve_options(options)
    limits = resolve_limits(limits)
    if workers is None:
        workers = default_workers()
    if not isinstance(workers, int) or isinstance(workers, bool) or workers < 0:
        raise SourceTypeError(f"workers must be None or a whole number >= 0, got {workers!r}")
    if read_ahead is None:
        read_ahead = max(1, workers) * PENDING_PER_WORKER
    if not isinstance(read_ahead, int) or isinstance(read_ahead, bool) or read_ahead < 1:
        raise SourceTypeError(f"read_ahead must be None or a whole number >= 1, got {read_ahead!r}")
    if workers == 0:
        pairs = _in_process(sources, options)
    else:
        pairs = _in_pool(sources, workers, options, limits, max(read_ahead, workers))
    if templates:
        return _strip_templates(pairs, explain=options.explain)
    return pairs


def _site(page: Page) -> str:
    """The group a page's template is learnt in: its URL's host, else the folder of a path id, else ""."""
    if page.url:
        host = urlsplit(page.url).hostname
        if host:
            return host.removeprefix("www.")
    if os.sep in page.id or "/" in page.id:
        return os.path.dirname(page.id)
    return ""


def _strip_templates(
    pairs: Generator[tuple[Page, Article], None, None], *, explain: bool
) -> Generator[tuple[Page, Article], None, None]:
    from .corpus import Templates

    try:
        while True:
            window = list(itertools.islice(pairs, TEMPLATE_WINDOW))
            if not window:
                return
            groups: dict[str, list[Article]] = {}
            for page, article in window:
                groups.setdefault(_site(page), []).append(article)
            learnt = {site: Templates.learn(articles) for site, articles in groups.items()}
            for page, article in window:
                yield page, learnt[_site(page)].strip(article, explain=explain)
    finally:
        pairs.close()


def _in_process(sources: Iterable[Source], options: Options) -> Generator[tuple[Page, Article], None, None]:
    for index, source in enumerate(sources):
        _check_source(source)
        page, failed = _read(source, index)
        if failed is not None:
            yield page, failed
            continue
        yield (
            page,
            clean(
                page.data, url=page.url, options=options, charset=page.charset, content_encoding=page.content_encoding
            ),
        )


def _in_pool(
    sources: Iterable[Source], workers: int, options: Options, limits: Limits, window: int
) -> Generator[tuple[Page, Article], None, None]:
    sandboxes = [Sandbox(options, limits=limits) for _ in range(workers)]
    # The executor runs at most `workers` tasks at once, so a task always finds a free sandbox here.
    free: queue.SimpleQueue[Sandbox] = queue.SimpleQueue()
    for box in sandboxes:
        free.put(box)

    def task(source: Source, index: int) -> tuple[Page, Article]:
        page, failed = _read(source, index)
        if failed is not None:
            return page, failed
        box = free.get()
        try:
            article = box.clean(page.data, url=page.url, charset=page.charset, content_encoding=page.content_encoding)
        finally:
            free.put(box)
        return page, article

    executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="cleaner-batch")
    # The pages in flight, oldest first. Results are yielded in this order; the executor works on every pending
    # page, so while the oldest is stuck the others are cleaned, and the window refills as soon as it is yielded.
    pending: deque[Future[tuple[Page, Article]]] = deque()
    try:
        iterator = iter(sources)
        index = 0
        exhausted = False
        while True:
            while not exhausted and len(pending) < window:
                try:
                    source = next(iterator)
                except StopIteration:
                    exhausted = True
                    break
                _check_source(source)
                pending.append(executor.submit(task, source, index))
                index += 1
            if not pending:
                return
            yield pending.popleft().result()
    finally:
        for future in pending:
            future.cancel()
        for box in sandboxes:
            box.close()  # kills a worker with a page in flight; its thread then returns at once
        executor.shutdown(wait=True)
