"""Issue 14, rows 1 and 9: a hostile HTTP server, on 127.0.0.1, started here.

Row 1: redirects to the cloud metadata address, to link-local, loopback and unspecified addresses, and names that
resolve to loopback, are refused before any connection (``reason == "blocked_address"``), for the first request
and every redirect; ``allow_private`` lets loopback through but never link-local or metadata addresses. The server
counts its hits, so "refused before connecting" is checked as "the server saw no request".
Row 9: a 429 with ``Retry-After: 999999`` or a 503 with a date in year 9999 fails the URL with its reason at once,
and the deadline per URL covers the retries and their waits.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from cleaner import FetchError
from cleaner.fetch import FetchConfig, address_refusal, fetch, fetch_many
from tests.cli.server import article_html

ROOT = Path(__file__).resolve().parents[1]
LOCAL = FetchConfig(allow_private=True, timeout=2.0, retries=2, backoff=0.01)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.hits: Counter[str] = Counter()
        self.lock = threading.Lock()


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _send(self, status: int, body: bytes, **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        with self.server.lock:
            self.server.hits[path] += 1
        port = self.server.server_address[1]
        redirects = {
            "/to-metadata": "http://169.254.169.254/latest/meta-data/",
            "/to-metadata-v6": "http://[fd00:ec2::254]/latest/meta-data/",
            "/to-mapped": "http://[::ffff:169.254.169.254]/",
            "/to-link-local": "http://169.254.1.1/",
            "/to-zero": f"http://0.0.0.0:{port}/page",
            "/to-localhost": f"http://localhost:{port}/page",
            "/to-loopback": f"http://127.0.0.1:{port}/page",
        }
        if path in redirects:
            self.send_response(302)
            self.send_header("Location", redirects[path])
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/page":
            self._send(200, article_html("Local story").encode())
        elif path == "/retry-forever":
            self._send(429, b"slow down", Retry_After="999999")
        elif path == "/retry-9999":
            self._send(503, b"down", Retry_After="Fri, 31 Dec 9999 23:59:59 GMT")
        elif path == "/retry-1":
            self._send(429, b"slow down", Retry_After="1")
        elif path == "/always-500":
            self._send(500, b"broken")
        else:
            self._send(404, b"no such path")


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, _Server]]:
    srv = _Server()
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{srv.server_address[1]}", srv
    finally:
        srv.shutdown()
        srv.server_close()
        thread.join(5)


# -- row 1 ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "private_ok"),
    [
        ("127.0.0.1", True),
        ("::1", True),
        ("10.1.2.3", True),
        ("192.168.0.10", True),
        ("172.16.5.4", True),
        ("fd12::1", True),
        ("100.64.0.1", True),
        ("169.254.169.254", False),
        ("169.254.1.1", False),
        ("fe80::1", False),
        ("fe80::1%eth0", False),
        ("fd00:ec2::254", False),
        ("100.100.100.200", False),
        ("::ffff:169.254.169.254", False),
        ("0.0.0.0", False),
        ("::", False),
        ("224.0.0.1", False),
        ("240.0.0.1", False),
    ],
)
def test_address_policy(address: str, private_ok: bool) -> None:
    assert address_refusal(address) is not None
    assert (address_refusal(address, allow_private=True) is None) is private_ok


def test_public_addresses_pass() -> None:
    for address in ("93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c", "8.8.8.8"):
        assert address_refusal(address) is None


def test_loopback_is_refused_before_connecting(server: tuple[str, _Server]) -> None:
    base, srv = server
    before = srv.hits["/page"]
    for url in (f"{base}/page", base.replace("127.0.0.1", "localhost") + "/page"):  # a name resolving to loopback
        with pytest.raises(FetchError) as info:
            fetch(url, config=FetchConfig(timeout=2.0, retries=3, backoff=0.01))
        assert info.value.reason == "blocked_address", info.value
        assert "loopback" in str(info.value)
    assert srv.hits["/page"] == before  # no request reached the server, not even a retry


@pytest.mark.parametrize(
    ("path", "why"),
    [
        ("/to-metadata", "metadata"),
        ("/to-metadata-v6", "metadata"),
        ("/to-mapped", "metadata"),
        ("/to-link-local", "link-local"),
        ("/to-zero", "unspecified"),
    ],
)
def test_a_redirect_to_a_refused_address_fails_even_with_allow_private(
    server: tuple[str, _Server], path: str, why: str
) -> None:
    base, srv = server
    before = srv.hits[path]
    with pytest.raises(FetchError) as info:
        fetch(f"{base}{path}", config=LOCAL)
    assert info.value.reason == "blocked_address"
    assert why in str(info.value)
    assert srv.hits[path] == before + 1  # the redirect was asked once: a refusal is not retried


def test_allow_private_follows_redirects_to_loopback(server: tuple[str, _Server]) -> None:
    base, _srv = server
    for path in ("/to-localhost", "/to-loopback"):
        page = fetch(f"{base}{path}", config=LOCAL)
        assert page.final_url.endswith("/page") and b"Local story" in page.content


def test_cli_fetch_refuses_the_metadata_address(server: tuple[str, _Server], tmp_path: Path) -> None:
    base, _srv = server
    out = tmp_path / "out"

    def run(*extra: str) -> subprocess.CompletedProcess[str]:
        argv = [sys.executable, "-m", "cleaner", "fetch", f"{base}/to-metadata", f"{base}/page", "-o", str(out)]
        return subprocess.run(
            [*argv, "--workers", "0", "--quiet", "--backoff", "0.01", *extra],
            env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
            capture_output=True,
            text=True,
            check=False,
            timeout=300,  # a hang must fail the test, not the suite; this is no bound on speed
        )

    done = run("--allow-private")
    assert done.returncode == 1, done.stderr
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text().splitlines()]
    assert [e["path"] for e in errors] == [f"{base}/to-metadata"]
    assert errors[0]["reason"].startswith("blocked_address") and "169.254.169.254" in errors[0]["reason"]
    assert len(list(out.glob("*.json"))) == 1  # the local page, allowed by --allow-private

    out2 = tmp_path / "out2"
    out = out2
    done = run()  # without the flag, the local server itself is refused
    assert done.returncode == 1
    reasons = [json.loads(line)["reason"] for line in (out2 / "errors.jsonl").read_text().splitlines()]
    assert len(reasons) == 2 and all(r.startswith("blocked_address") for r in reasons)


# -- row 9 ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/retry-forever", "/retry-9999"])
def test_a_long_retry_after_fails_the_url_with_its_reason(server: tuple[str, _Server], path: str) -> None:
    base, srv = server
    before = srv.hits[path]
    with pytest.raises(FetchError) as info:
        fetch(f"{base}{path}", config=LOCAL)
    assert info.value.reason == "retry_after"
    assert "retry after" in str(info.value)
    assert srv.hits[path] == before + 1  # failed at once, not after waiting


def test_the_deadline_covers_retries_and_their_waits(server: tuple[str, _Server]) -> None:
    base, srv = server
    # Retry-After: 1 is within max_retry_after, but not within what is left of a 0.5 s deadline.
    config = FetchConfig(allow_private=True, timeout=2.0, retries=5, deadline=0.5, max_retry_after=60)
    before = srv.hits["/retry-1"]
    with pytest.raises(FetchError) as info:
        fetch(f"{base}/retry-1", config=config)
    assert info.value.reason == "retry_after" and "deadline" in str(info.value)
    assert srv.hits["/retry-1"] == before + 1
    # Backoff waits count too: a long backoff cannot be waited within the deadline.
    config = FetchConfig(allow_private=True, timeout=2.0, retries=5, backoff=30.0, deadline=1.0)
    with pytest.raises(FetchError) as info:
        fetch(f"{base}/always-500", config=config)
    assert info.value.reason == "deadline"


def test_fetch_many_reports_each_url_with_its_reason(server: tuple[str, _Server]) -> None:
    base, _srv = server
    urls = [f"{base}/retry-forever", f"{base}/to-metadata", f"{base}/page"]
    results = dict(fetch_many(urls, config=LOCAL))
    assert getattr(results[urls[0]], "reason", None) == "retry_after"
    assert getattr(results[urls[1]], "reason", None) == "blocked_address"
    assert not isinstance(results[urls[2]], FetchError)
