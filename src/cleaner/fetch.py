"""Fetching pages over HTTP(S) with httpx, politely and within limits. Usable without the CLI::

    >>> from cleaner.fetch import FetchConfig, fetch
    >>> page = fetch("https://example.com/news/story", config=FetchConfig(timeout=10))  # doctest: +SKIP
    >>> page.status, page.content_type, len(page.content)                              # doctest: +SKIP
    (200, 'text/html', 1256)

:func:`fetch` gets one URL (and raises :class:`~cleaner.errors.FetchError` when it cannot);
:func:`fetch_many` gets many concurrently and yields ``(url, Fetched | FetchError)`` as they complete.

What every request gets (each a field of :class:`FetchConfig`):

- only ``http`` and ``https``, for the URL and for every redirect (anything else: :class:`UnsafeURLError`);
- only public addresses: the host name is resolved and every address checked *before connecting*, for the first
  request and every redirect, and the connection goes to the address that was checked (so a DNS answer that
  changes between the check and the connection does not pass). Loopback, private, shared (100.64/10), link-local
  (169.254/16, fe80::/10), multicast, reserved and unspecified addresses and the cloud metadata addresses are
  refused with reason "blocked_address". ``allow_private`` permits loopback and private ranges (local crawls,
  tests); link-local, metadata, multicast and unspecified addresses stay refused. Proxies from the environment are
  not used, since the address checked must be the address connected to;
- at most ``max_redirects`` redirects (followed by hand, so each hop is checked; a loop stops at once);
- a deadline of ``timeout`` seconds for the whole request, body included (a server that trickles a byte a
  second is cut off too);
- a body of at most ``max_bytes``, counted while streaming (the download stops there) and again after
  gzip/deflate/brotli/zstd decoding (a compression bomb is not expanded past it);
- a content-type check: HTML, XHTML or plain text (``content_types``), others are not downloaded;
- retries on 429 and 5xx and on connection failures, ``retries`` times, with exponential backoff and jitter;
  ``Retry-After`` (seconds or an HTTP date) is honoured up to ``max_retry_after``: a server that asks for longer
  fails the URL at once with reason "retry_after". 404 and the other 4xx are not retried; neither is a timeout
  (a server that was slow once is usually slow again);
- a deadline of ``deadline`` seconds per URL over everything: attempts, backoff and Retry-After waits. A wait that
  would pass it fails the URL at once (reason "deadline", or "retry_after" when the server asked for the wait);
- at most ``concurrency`` requests at once overall and ``per_host`` per host;
- a User-Agent that says who is asking (``cleaner/<version> (+<project url>)``), which ``user_agent`` replaces.

Credentials in URLs (``https://user:pw@host/``) are sent to the server as HTTP basic auth (that is what such a
URL asks for), but never written anywhere: :class:`Fetched` and :class:`FetchError` carry the URL with them
removed (:func:`~cleaner.output.redact_url`).
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import queue
import random
import re
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

from .addresses import METADATA_ADDRESSES, CheckedBackend, address_refusal
from .errors import FetchError, OptionsError, UnsafeURLError
from .load import content_type_parts, decompress
from .output import redact_url
from .records import Page

__all__ = [
    "METADATA_ADDRESSES",
    "FetchConfig",
    "Fetched",
    "address_refusal",
    "check_url",
    "default_user_agent",
    "fetch",
    "fetch_many",
]

MiB = 1024 * 1024

#: HTTP statuses worth a retry: rate limiting and server errors (a 404 will still be a 404 in a second).
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504, 507, 509, 520, 521, 522, 523, 524})

#: Response headers not kept in a capture's metadata: they carry session secrets, not facts about the page.
_PRIVATE_HEADERS = frozenset({"set-cookie", "set-cookie2", "authorization", "proxy-authorization", "www-authenticate"})

_REDIRECTS = frozenset({301, 302, 303, 307, 308})

# "scheme://user:pw@" anywhere in a message (an exception's text may quote the URL it was given).
_USERINFO_IN_TEXT = re.compile(r"(\b[a-z][a-z0-9+.-]*://)[^/\s?#@]*@", re.I)


def default_user_agent() -> str:
    """``cleaner/<version> (article text extraction; python-httpx)``.

    The project has no public home page to link yet; a crawl that wants site owners to reach it should pass its own
    agent with a contact URL (``FetchConfig(user_agent=...)``, ``cleaner fetch --user-agent``).
    """
    from . import __version__

    return f"cleaner/{__version__} (article text extraction; python-httpx)"


@dataclass(frozen=True, slots=True)
class FetchConfig:
    """Limits and manners for fetching. Every field has a default.

    >>> FetchConfig(per_host=1, timeout=5).per_host
    1

    timeout (30.0): seconds for a whole request (connect, headers, body); per attempt.
    max_bytes (10 MiB): largest body kept, before and after decompression; larger responses fail "too_large".
    max_redirects (5): redirects followed before failing "redirects".
    retries (3): extra attempts after a 429, a 5xx or a connection failure.
    backoff (1.0): seconds before the first retry; doubled each time, with jitter (x0.5 to x1).
    max_retry_after (60.0): longest wait a server's Retry-After may ask for; a longer ask fails the URL.
    deadline (120.0): seconds per URL over all attempts and waits (backoff, Retry-After).
    allow_private (False): also fetch from loopback and private addresses (never link-local or metadata ones).
    concurrency (16): requests in flight overall.
    per_host (2): requests in flight per host name (be gentle with each site).
    user_agent (None): the User-Agent header; None gives :func:`default_user_agent`.
    content_types: media types accepted; others fail "content_type" without their body being downloaded.
    """

    timeout: float = 30.0
    max_bytes: int = 10 * MiB
    max_redirects: int = 5
    retries: int = 3
    backoff: float = 1.0
    max_retry_after: float = 60.0
    deadline: float = 120.0
    allow_private: bool = False
    concurrency: int = 16
    per_host: int = 2
    user_agent: str | None = None
    content_types: tuple[str, ...] = ("text/html", "application/xhtml+xml", "text/plain")

    def __post_init__(self) -> None:
        for name in ("timeout", "max_retry_after", "deadline"):
            value = getattr(self, name)
            if not isinstance(value, (int, float)) or value <= 0:
                raise OptionsError(f"{name} must be a positive number of seconds, got {value!r}")
        if not isinstance(self.backoff, (int, float)) or self.backoff < 0:
            raise OptionsError(f"backoff must be >= 0 seconds, got {self.backoff!r}")
        for name in ("max_bytes", "concurrency", "per_host"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
                raise OptionsError(f"{name} must be a positive whole number, got {value!r}")
        for name in ("max_redirects", "retries"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise OptionsError(f"{name} must be a whole number >= 0, got {value!r}")


@dataclass(frozen=True, slots=True)
class Fetched:
    """A fetched page. ``url`` is the URL asked for and ``final_url`` the one answered after redirects (both
    without credentials); ``content`` the body, decompressed; ``headers`` the response headers (lower-case names,
    cookies and auth headers dropped); ``charset`` from the Content-Type; ``attempts`` requests made (retries)."""

    url: str
    final_url: str
    status: int
    content: bytes
    content_type: str | None = None
    charset: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    attempts: int = 1
    elapsed: float = 0.0
    fetched_at: str = ""

    def to_page(self, page_id: str | None = None) -> Page:
        """The page, ready for :func:`cleaner.batch.clean_many` (the final URL, the HTTP charset)."""
        return Page(page_id or self.url, self.content, url=self.final_url, charset=self.charset)

    def meta(self) -> dict[str, Any]:
        """JSON-ready facts about the capture (everything but the body)."""
        data = asdict(self)
        del data["content"]
        data["bytes"] = len(self.content)
        return data


def check_url(url: str) -> str:
    """``url`` if it is an absolute http(s) URL with a host; else :class:`UnsafeURLError` (credentials removed from
    the message)."""
    if not isinstance(url, str):
        raise UnsafeURLError(f"a URL must be a str, not {type(url).__name__}", reason="unsafe_url")
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname
    except ValueError:
        raise UnsafeURLError(f"not a valid URL: {redact_url(url)}", url=redact_url(url), reason="unsafe_url") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise UnsafeURLError(
            f"only http and https URLs are fetched, not {parts.scheme or 'a URL without scheme'}: {redact_url(url)}",
            url=redact_url(url),
            reason="unsafe_url",
        )
    if not host:
        raise UnsafeURLError(f"no host in {redact_url(url)}", url=redact_url(url), reason="unsafe_url")
    return url.strip()


def _retry_after(value: str | None) -> float | None:
    """Seconds asked for by a Retry-After header (delta seconds or an HTTP date); None when absent/bad."""
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, OverflowError):
        return None
    if when is None:
        return None
    try:
        return max(0.0, when.timestamp() - time.time())
    except (OverflowError, ValueError, OSError):  # a date in year 9999 with a zone: still a very long wait
        return float("inf")


@dataclass(slots=True)
class _Retry:
    status: int
    wait: float | None


class _Limiter:
    """At most ``concurrency`` requests overall and ``per_host`` per host. A request waits for its host's slot
    first and only then takes an overall slot, so requests queued for one busy host never hold slots others
    could use."""

    def __init__(self, config: FetchConfig) -> None:
        self._overall = asyncio.Semaphore(config.concurrency)
        self._per_host = config.per_host
        self._hosts: dict[str, asyncio.Semaphore] = {}

    def host(self, url: str) -> asyncio.Semaphore:
        host = (urlsplit(url).hostname or "").lower()
        if host not in self._hosts:
            self._hosts[host] = asyncio.Semaphore(self._per_host)
        return self._hosts[host]

    @property
    def overall(self) -> asyncio.Semaphore:
        return self._overall


def _client(config: FetchConfig) -> Any:
    import httpx

    limits = httpx.Limits(max_connections=config.concurrency, max_keepalive_connections=config.concurrency)
    transport = httpx.AsyncHTTPTransport(limits=limits)
    pool = getattr(transport, "_pool", None)
    if pool is None or not hasattr(pool, "_network_backend"):  # fail closed if httpx/httpcore change their insides
        raise RuntimeError("cannot install the address check in this httpx version")
    pool._network_backend = CheckedBackend(pool._network_backend, config.allow_private)
    return httpx.AsyncClient(
        transport=transport,  # a transport of our own: environment proxies are not used (see the module docstring)
        follow_redirects=False,  # followed by hand: every hop's scheme is checked and counted
        timeout=httpx.Timeout(config.timeout),
        limits=httpx.Limits(max_connections=config.concurrency, max_keepalive_connections=config.concurrency),
        headers={
            "User-Agent": config.user_agent or default_user_agent(),
            "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.1",
            # Only codings whose expansion we cap (cleaner.load.decompress); httpx would also offer br/zstd.
            "Accept-Encoding": "gzip, deflate",
        },
    )


async def _fetch(client: Any, url: str, config: FetchConfig, limiter: _Limiter) -> Fetched:
    """One URL, with retries; raises FetchError."""
    import httpx

    check_url(url)
    shown = redact_url(url)
    started = time.monotonic()

    def left() -> float:
        return config.deadline - (time.monotonic() - started)

    async def wait(seconds: float, status: str, asked: bool) -> None:
        # Every wait is checked against the deadline before it starts: a wait that cannot end in time fails now.
        if asked and seconds > config.max_retry_after:
            raise FetchError(
                f"{status}: the server asks to retry after {seconds:g} s, over max_retry_after="
                f"{config.max_retry_after:g} s",
                url=shown,
                reason="retry_after",
            )
        if seconds >= left():
            raise FetchError(
                f"{status}: waiting {seconds:g} s to retry would pass the deadline of {config.deadline:g} s",
                url=shown,
                reason="retry_after" if asked else "deadline",
            )
        await asyncio.sleep(seconds)

    attempt = 0
    while True:
        attempt += 1
        budget = min(config.timeout, left())
        if budget <= 0:
            raise FetchError(
                f"no answer within the deadline of {config.deadline:g} s ({attempt - 1} attempts)",
                url=shown,
                reason="deadline",
            )
        try:
            async with limiter.host(url), limiter.overall:
                result = await asyncio.wait_for(_get(client, url, config), budget)
        except FetchError as exc:
            if exc.url is None:  # raised where the URL is not known (the address check)
                exc.url = shown
            raise
        except asyncio.TimeoutError:
            raise FetchError(f"no complete answer within {budget:g} s", url=shown, reason="timeout") from None
        except httpx.TimeoutException:
            raise FetchError(f"no answer within {config.timeout:g} s", url=shown, reason="timeout") from None
        except (httpx.TransportError, httpx.DecodingError) as exc:
            if attempt > config.retries:
                raise FetchError(
                    f"network error after {attempt} attempts: {type(exc).__name__}", url=shown, reason="network"
                ) from None
            await wait(_backoff(config, attempt, None), f"network error ({type(exc).__name__})", asked=False)
            continue
        if isinstance(result, _Retry):
            if attempt > config.retries:
                raise FetchError(
                    f"HTTP {result.status} after {attempt} attempts", url=shown, reason=f"http_{result.status}"
                )
            asked = result.wait is not None
            await wait(_backoff(config, attempt, result.wait), f"HTTP {result.status}", asked=asked)
            continue
        return Fetched(
            url=shown,
            final_url=result.final_url,
            status=result.status,
            content=result.content,
            content_type=result.content_type,
            charset=result.charset,
            headers=result.headers,
            attempts=attempt,
            elapsed=round(time.monotonic() - started, 3),
            fetched_at=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        )


def _backoff(config: FetchConfig, attempt: int, asked: float | None) -> float:
    if asked is not None:
        return asked
    delay = float(config.backoff) * 2.0 ** (attempt - 1)
    return min(float(config.max_retry_after), delay) * random.uniform(0.5, 1.0)


async def _get(client: Any, url: str, config: FetchConfig) -> _Answer | _Retry:
    """One attempt: follow redirects by hand, check status and type, stream the body under the cap."""
    current = url
    seen: set[str] = set()
    for _hop in range(config.max_redirects + 1):
        check_url(current)
        seen.add(current)
        async with client.stream("GET", current) as response:
            status = response.status_code
            if status in _REDIRECTS and "location" in response.headers:
                target = urljoin(str(response.url), response.headers["location"])
                if target in seen:
                    raise FetchError(
                        f"redirect loop at {redact_url(target)}", url=redact_url(url), reason="redirect_loop"
                    )
                current = target
                continue
            if status in RETRY_STATUSES:
                return _Retry(status, _retry_after(response.headers.get("retry-after")))
            if not 200 <= status < 300:
                raise FetchError(f"HTTP {status}", url=redact_url(url), reason=f"http_{status}")
            media, charset = content_type_parts(response.headers.get("content-type"))
            if media and media not in config.content_types:
                raise FetchError(f"not a page: content type {media}", url=redact_url(url), reason="content_type")
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > config.max_bytes:
                raise FetchError(
                    f"body is {declared} bytes, over max_bytes={config.max_bytes}",
                    url=redact_url(url),
                    reason="too_large",
                )
            raw = bytearray()
            async for chunk in response.aiter_raw():
                raw += chunk
                if len(raw) > config.max_bytes:
                    raise FetchError(
                        f"body over max_bytes={config.max_bytes} (download stopped)",
                        url=redact_url(url),
                        reason="too_large",
                    )
            coding = (response.headers.get("content-encoding") or "").strip().lower()
            try:
                # gzip, zlib and zstd are recognised by their magic bytes (servers that label a plain body
                # "gzip" exist); only brotli, which has none, is taken from the header.
                body = decompress(
                    bytes(raw), limit=config.max_bytes, encoding=coding if coding in ("br", "brotli") else None
                )
            except ValueError as exc:
                reason = "too_large" if "expands" in str(exc) else "decoding"
                raise FetchError(f"body: {exc}", url=redact_url(url), reason=reason) from None
            headers = {k.lower(): v for k, v in response.headers.multi_items() if k.lower() not in _PRIVATE_HEADERS}
            return _Answer(redact_url(str(response.url)), status, body, media or None, charset, headers)
    raise FetchError(f"more than {config.max_redirects} redirects", url=redact_url(url), reason="redirects")


@dataclass(slots=True)
class _Answer:
    final_url: str
    status: int
    content: bytes
    content_type: str | None
    charset: str | None
    headers: dict[str, str]


def fetch(url: str, *, config: FetchConfig | None = None) -> Fetched:
    """Fetch one URL (see the module docstring for the limits). Raises :class:`FetchError` (its ``reason``:
    "timeout", "deadline", "retry_after", "blocked_address", "network", "http_<status>", "redirects",
    "redirect_loop", "too_large", "content_type", "decoding") or :class:`UnsafeURLError` (not http/https)."""
    config = config or FetchConfig()
    check_url(url)

    async def run() -> Fetched:
        async with _client(config) as client:
            return await _fetch(client, url, config, _Limiter(config))

    return asyncio.run(run())


_DONE = object()


def fetch_many(urls: Iterable[str], *, config: FetchConfig | None = None) -> Iterator[tuple[str, Fetched | FetchError]]:
    """Fetch every URL concurrently (``config.concurrency`` overall, ``config.per_host`` per host) and yield
    ``(url, result)`` as each completes, ``url`` as given and ``result`` a :class:`Fetched` or the
    :class:`FetchError` (an :class:`UnsafeURLError` too) that says why not. Never raises for a URL.

    The requests run on an event loop in a background thread; at most ``2 * concurrency`` results wait for the
    caller at any time (backpressure: a slow consumer slows the fetching, memory stays bounded). Closing the
    iterator early cancels what is in flight.
    """
    config = config or FetchConfig()
    results: queue.SimpleQueue[Any] = queue.SimpleQueue()
    runner = _Runner(urls, config, results)
    thread = threading.Thread(target=runner.run, name="cleaner-fetch", daemon=True)
    thread.start()
    try:
        while True:
            item = results.get()
            if item is _DONE:
                break
            if isinstance(item, BaseException):
                raise item
            runner.taken()
            yield item
    finally:
        runner.stop()
        thread.join()


class _Runner:
    """The event loop side of :func:`fetch_many`."""

    def __init__(self, urls: Iterable[str], config: FetchConfig, results: queue.SimpleQueue[Any]) -> None:
        self.urls = urls
        self.config = config
        self.results = results
        self.loop: asyncio.AbstractEventLoop | None = None
        self.window: asyncio.Semaphore | None = None
        self.main: asyncio.Task[None] | None = None
        self._lock = threading.Lock()
        self._stopped = False

    def run(self) -> None:
        try:
            asyncio.run(self._main())
        except asyncio.CancelledError:
            pass
        except BaseException as exc:  # a bug, not a URL's failure: hand it to the caller's thread
            self.results.put(exc)
        finally:
            self.results.put(_DONE)

    async def _main(self) -> None:
        with self._lock:
            self.loop = asyncio.get_running_loop()
            self.main = asyncio.current_task()
            if self._stopped:
                return
        self.window = asyncio.Semaphore(2 * self.config.concurrency)
        limiter = _Limiter(self.config)
        tasks: set[asyncio.Task[None]] = set()
        async with _client(self.config) as client:
            try:
                for url in self.urls:
                    await self.window.acquire()
                    task = asyncio.create_task(self._one(client, url, limiter))
                    tasks.add(task)
                    task.add_done_callback(tasks.discard)
                if tasks:
                    await asyncio.gather(*tasks)
            finally:
                for task in list(tasks):
                    task.cancel()
                if tasks:
                    await asyncio.gather(*tasks, return_exceptions=True)

    async def _one(self, client: Any, url: str, limiter: _Limiter) -> None:
        result: Fetched | FetchError
        try:
            result = await _fetch(client, url, self.config, limiter)
        except FetchError as exc:
            result = exc
        except Exception as exc:  # an unexpected failure on one URL must not stop the others
            shown = redact_url(url) if isinstance(url, str) else repr(url)
            message = _USERINFO_IN_TEXT.sub(r"\1", f"{type(exc).__name__}: {exc}")[:500]
            result = FetchError(message, url=shown, reason="error")
        self.results.put((url, result))

    def taken(self) -> None:
        """The caller took a result: one more request may start."""
        loop, window = self.loop, self.window
        if loop is not None and window is not None:
            with contextlib.suppress(RuntimeError):  # the loop has finished: every URL is done, nothing to start
                loop.call_soon_threadsafe(window.release)

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
            loop, main = self.loop, self.main
        if loop is not None and main is not None:
            with contextlib.suppress(RuntimeError):  # the loop has already finished
                loop.call_soon_threadsafe(main.cancel)
