"""cleaner.fetch against a real HTTP server on 127.0.0.1 (tests/cli/server.py): every limit, retry and check."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from cleaner import FetchError, UnsafeURLError, clean
from cleaner.fetch import FetchConfig, check_url, default_user_agent, fetch, fetch_many
from tests.cli.server import serve

# Small limits so that every failure is quick.
FAST = FetchConfig(allow_private=True, timeout=1.0, retries=2, backoff=0.05, max_bytes=1024 * 1024)


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, object]]:
    yield from serve()


@pytest.fixture
def base(server: tuple[str, object]) -> str:
    return server[0]


def test_a_page_is_fetched_with_its_headers_and_cleans(base: str) -> None:
    page = fetch(f"{base}/page/1", config=FAST)
    assert page.status == 200
    assert page.content_type == "text/html"
    assert page.charset == "utf-8"
    assert page.attempts == 1
    assert b"Paragraph 3 of Story 1" in page.content
    article = clean(page.content, url=page.final_url, charset=page.charset)
    assert "Paragraph 3 of Story 1" in article.text


@pytest.mark.parametrize("url", ["ftp://example.com/a", "file:///etc/passwd", "javascript:alert(1)", "/relative", ""])
def test_only_http_and_https(url: str) -> None:
    with pytest.raises(UnsafeURLError):
        fetch(url, config=FAST)


def test_credentials_never_appear_in_errors() -> None:
    with pytest.raises(UnsafeURLError) as info:
        check_url("ftp://alice:s3cret@example.com/file")
    assert "s3cret" not in str(info.value) and "alice" not in str(info.value)
    assert "s3cret" not in (info.value.url or "")


def test_credentials_are_kept_out_of_the_result(base: str) -> None:
    url = base.replace("http://", "http://alice:s3cret@") + "/page/2?api_key=k3y"
    page = fetch(url, config=FAST)
    assert page.status == 200
    for text in (page.url, page.final_url, str(page.meta())):
        assert "s3cret" not in text and "alice" not in text and "k3y" not in text


def test_slow_server_times_out_and_is_not_retried(server: tuple[str, Any]) -> None:
    base, state = server
    with pytest.raises(FetchError) as info:
        fetch(f"{base}/slow?key=once", config=FetchConfig(allow_private=True, timeout=0.5, retries=3, backoff=0.05))
    assert info.value.reason == "timeout"
    assert state.hits["/slow?once"] == 1  # not retried: a slow server is slow again


def test_a_trickling_body_is_cut_by_the_whole_request_deadline(base: str) -> None:
    # Each byte arrives well within any read timeout; only a deadline on the whole request stops it.
    with pytest.raises(FetchError) as info:
        fetch(f"{base}/trickle", config=FetchConfig(allow_private=True, timeout=1.0, retries=0))
    assert info.value.reason == "timeout"  # the body takes 40 s: only the whole-request deadline gives "timeout"


def test_redirects_are_followed_up_to_the_limit(base: str) -> None:
    page = fetch(f"{base}/redirect/3", config=FAST)
    assert page.final_url.endswith("/page/redirected")
    assert page.url.endswith("/redirect/3")
    with pytest.raises(FetchError) as info:
        fetch(f"{base}/redirect/3", config=FetchConfig(allow_private=True, max_redirects=2, timeout=1.0))
    assert info.value.reason == "redirects"


def test_a_redirect_loop_stops(base: str) -> None:
    with pytest.raises(FetchError) as info:
        fetch(f"{base}/loop-a", config=FAST)
    assert info.value.reason == "redirect_loop"


def test_a_redirect_to_another_scheme_is_refused(base: str) -> None:
    with pytest.raises(UnsafeURLError):
        fetch(f"{base}/to-file", config=FAST)


def test_404_is_not_retried(base: str, server: tuple[str, object]) -> None:
    hits = server[1].hits  # type: ignore[attr-defined]
    with pytest.raises(FetchError) as info:
        fetch(f"{base}/missing?key=404", config=FAST)
    assert info.value.reason == "http_404"
    assert hits["/missing?404"] == 1


def test_500_then_200_is_retried(base: str, server: tuple[str, object]) -> None:
    page = fetch(f"{base}/flaky?key=retry", config=FAST)
    assert page.status == 200 and page.attempts == 2
    assert server[1].hits["/flaky?retry"] == 2  # type: ignore[attr-defined]


def test_5xx_gives_up_after_the_retries(base: str, server: tuple[str, object]) -> None:
    with pytest.raises(FetchError) as info:
        fetch(f"{base}/flaky?key=no-retry", config=FetchConfig(allow_private=True, retries=0, timeout=1.0))
    assert info.value.reason == "http_500"


def test_429_waits_as_long_as_retry_after_says(base: str, monkeypatch: pytest.MonkeyPatch) -> None:
    waits = _record_waits(monkeypatch)
    page = fetch(
        f"{base}/limited?key=wait", config=FetchConfig(allow_private=True, retries=2, backoff=0.01, timeout=2.0)
    )
    assert page.attempts == 2
    assert max(waits) >= 1.0  # Retry-After: 1, not the 10 ms backoff


def test_a_retry_after_over_the_cap_fails_the_url_with_its_reason(server: tuple[str, Any]) -> None:
    base, state = server
    config = FetchConfig(allow_private=True, retries=2, max_retry_after=0.2, timeout=2.0)
    with pytest.raises(FetchError) as info:
        fetch(f"{base}/limited?key=cap", config=config)
    assert info.value.reason == "retry_after" and "retry after 1 s" in str(info.value)
    assert state.hits["/limited?cap"] == 1  # no second request: the wait it asked for was refused


def test_a_huge_body_is_cut_while_streaming(base: str, server: tuple[str, object]) -> None:
    with pytest.raises(FetchError) as info:
        fetch(f"{base}/huge?key=cut", config=FAST)
    assert info.value.reason == "too_large"
    assert server[1].hits["/huge?cut:sent-all"] == 0  # type: ignore[attr-defined]  # cut, not downloaded


def test_a_declared_huge_body_is_not_downloaded(base: str) -> None:
    with pytest.raises(FetchError) as info:
        fetch(f"{base}/huge-declared", config=FAST)
    assert info.value.reason == "too_large"


def test_a_gzip_bomb_is_not_expanded(base: str) -> None:
    # The server gzips 50 MB for each request (a second or more on a loaded machine): a deadline long enough that
    # only the size cap can end it, so the test checks the cap and not the machine's speed.
    config = FetchConfig(allow_private=True, timeout=120.0, retries=0, max_bytes=1024 * 1024)
    with pytest.raises(FetchError) as info:
        fetch(f"{base}/bomb", config=config)
    assert info.value.reason == "too_large"


def test_gzip_bodies_are_decoded(base: str) -> None:
    page = fetch(f"{base}/gzip", config=FAST)
    assert page.content.startswith(b"<!doctype html>")


def test_non_html_types_are_refused(base: str) -> None:
    with pytest.raises(FetchError) as info:
        fetch(f"{base}/image", config=FAST)
    assert info.value.reason == "content_type"


def test_a_wrong_charset_label_still_gives_the_right_text(base: str) -> None:
    page = fetch(f"{base}/mislabelled", config=FAST)
    assert page.charset == "iso-8859-1"
    article = clean(page.content, url=page.final_url, charset=page.charset)
    assert "Grüße aus München" in article.text


def test_user_agent_is_clear_and_can_be_replaced(base: str) -> None:
    agent = default_user_agent()
    assert agent.startswith("cleaner/") and "article text extraction" in agent
    assert f"The agent was {agent}" in fetch(f"{base}/ua", config=FAST).content.decode()
    custom = FetchConfig(allow_private=True, user_agent="my-crawler/2.0", timeout=1.0)
    assert "The agent was my-crawler/2.0" in fetch(f"{base}/ua", config=custom).content.decode()


def test_fetch_many_yields_every_url_once_with_results_or_errors(base: str) -> None:
    urls = [f"{base}/page/{i}" for i in range(12)] + [f"{base}/missing", "ftp://nope/"]
    results = dict(fetch_many(urls, config=FetchConfig(allow_private=True, concurrency=4, per_host=2, timeout=2.0)))
    assert set(results) == set(urls)
    assert all(not isinstance(results[u], FetchError) for u in urls[:12])
    assert isinstance(results[f"{base}/missing"], FetchError)
    assert isinstance(results["ftp://nope/"], UnsafeURLError)


@pytest.mark.slow
def test_fetch_many_respects_the_per_host_limit(base: str, server: tuple[str, object]) -> None:
    # With per_host=1, two slow requests to one host are never in flight at the server at the same time.
    results = list(
        fetch_many(
            [f"{base}/slow?key=a", f"{base}/slow?key=b"],
            config=FetchConfig(allow_private=True, per_host=1, timeout=10.0),
        )
    )
    assert len(results) == 2
    together = server[1].together  # type: ignore[attr-defined]
    assert not any({"/slow?a", "/slow?b"} <= active for active in together)


def test_fetch_many_can_stop_early(base: str) -> None:
    urls = [f"{base}/page/{i}" for i in range(40)]
    iterator = fetch_many(urls, config=FetchConfig(allow_private=True, concurrency=2, timeout=2.0))
    first = next(iterator)
    iterator.close()  # must not hang nor leave the loop thread running
    assert first[0] in urls


@pytest.mark.parametrize(
    "bad",
    [{"timeout": 0}, {"max_bytes": 0}, {"concurrency": 0}, {"retries": -1}, {"per_host": True}],
)
def test_fetch_config_checks_its_values(bad: dict[str, object]) -> None:
    from cleaner import OptionsError

    with pytest.raises(OptionsError):
        FetchConfig(**bad)  # type: ignore[arg-type]


def test_a_refused_connection_is_retried_then_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    with socket.socket() as probe:  # a port that was free a moment ago: nothing listens there
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    waits = _record_waits(monkeypatch)
    with pytest.raises(FetchError) as info:
        fetch(f"http://127.0.0.1:{port}/", config=FetchConfig(allow_private=True, retries=2, backoff=0.05, timeout=2.0))
    assert info.value.reason == "network" and "3 attempts" in str(info.value)
    assert max(waits) <= 0.1  # the backoff asked for (0.05 s, doubled), never more


def _record_waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The delays the fetcher asks asyncio to sleep (still slept): checked instead of timing the call."""
    import asyncio

    waits: list[float] = []
    real_sleep = asyncio.sleep

    async def sleep(delay: float, *args: object, **kwargs: object) -> object:
        if delay > 0:
            waits.append(delay)
        return await real_sleep(delay, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(asyncio, "sleep", sleep)
    return waits
