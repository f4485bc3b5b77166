"""A real HTTP server on 127.0.0.1 for the fetch tests, with one path per way a server misbehaves.

Paths (``?key=...`` separates the counters of different tests):
  /page/<n>          an article page (UTF-8, text/html)
  /slow              waits 3 s before answering
  /trickle           sends its body one byte every 0.2 s, for ever
  /redirect/<n>      redirects n times, then the article
  /loop-a, /loop-b   redirect to each other
  /to-file           redirects to file:///etc/passwd
  /missing           404
  /flaky             500 the first time (per key), then the article
  /limited           429 with Retry-After: 1 the first time (per key), then the article
  /huge              50 MB of HTML with no Content-Length (the cap must stop the download)
  /huge-declared     declares Content-Length: 50 MB
  /bomb              a gzip body that expands to 50 MB
  /gzip              the article, gzip-encoded
  /image             image/png
  /mislabelled       UTF-8 bytes labelled charset=iso-8859-1
  /ua                the article, with the User-Agent it was asked with in its text
  /robots.txt        disallows /private/ to every agent
  /private/<n>       an article page (that robots.txt disallows)
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

HUGE_BYTES = 50 * 1024 * 1024


def article_html(title: str, extra: str = "") -> str:
    """An article page we wrote: a headline and eight paragraphs, with a menu and a footer around them."""
    paragraphs = "".join(
        f"<p>Paragraph {i} of {title} tells how the river rose after the storm and the bridge stayed shut.</p>"
        for i in range(8)
    )
    return (
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{title}</title></head><body>"
        f"<nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article><h1>{title}</h1>{extra}{paragraphs}"
        "</article><footer>Copyright The Valley Post</footer></body></html>"
    )


@functools.lru_cache(maxsize=1)
def _bomb() -> bytes:
    """50 MB of spaces, gzipped (~50 KB). Compressed once: compressing per request takes over a second on a
    loaded machine, and the client's deadline would then fire before the size cap is tested."""
    return gzip.compress(b" " * HUGE_BYTES)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # a /trickle handler never ends by itself; do not wait for it on close

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.hits: Counter[str] = Counter()
        self.user_agents: list[str] = []
        self.lock = threading.Lock()
        self.active: Counter[str] = Counter()  # requests in flight, by "path?key"
        self.together: list[frozenset[str]] = []  # at each request's start: every request then in flight


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        pass

    def _send(self, status: int, body: bytes, content_type: str = "text/html; charset=utf-8", **headers: str) -> None:
        self._answering()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        path = parts.path
        key = parse_qs(parts.query).get("key", [""])[0]
        with self.server.lock:
            self.server.hits[f"{path}?{key}"] += 1
            hits = self.server.hits[f"{path}?{key}"]
            self.server.user_agents.append(self.headers.get("User-Agent", ""))
            self.server.active[f"{path}?{key}"] += 1
            self.server.together.append(frozenset(+self.server.active))
        self.key = f"{path}?{key}"
        self.answering = False
        # The client giving up (a size cap, a deadline) is expected.
        try:
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self._route(path, hits)
        finally:
            self._answering()

    def _answering(self) -> None:
        """The request stops counting as in flight once its answer starts (the client cannot have it before)."""
        if not self.answering:
            self.answering = True
            with self.server.lock:
                self.server.active[self.key] -= 1

    def _route(self, path: str, hits: int) -> None:
        if path.startswith(("/page/", "/private/")):
            self._send(200, article_html(f"Story {path.rsplit('/', 1)[1]}").encode())
        elif path == "/robots.txt":
            self._send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
        elif path == "/slow":
            time.sleep(3)
            self._send(200, article_html("Slow story").encode())
        elif path == "/trickle":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(200):
                self.wfile.write(b"<")
                self.wfile.flush()
                time.sleep(0.2)
        elif path.startswith("/redirect/"):
            n = int(path.rsplit("/", 1)[1])
            self._redirect(f"/redirect/{n - 1}" if n > 0 else "/page/redirected")
        elif path == "/loop-a":
            self._redirect("/loop-b")
        elif path == "/loop-b":
            self._redirect("/loop-a")
        elif path == "/to-file":
            self._redirect("file:///etc/passwd")
        elif path == "/missing":
            self._send(404, b"<html><body>Not found</body></html>")
        elif path == "/flaky":
            if hits == 1:
                self._send(500, b"<html><body>Server error</body></html>")
            else:
                self._send(200, article_html("Flaky story").encode())
        elif path == "/limited":
            if hits == 1:
                self._send(429, b"slow down", "text/plain", Retry_After="1")
            else:
                self._send(200, article_html("Limited story").encode())
        elif path == "/huge":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            chunk = b"<p>" + b"x" * 65_530 + b"</p>"
            for _ in range(HUGE_BYTES // len(chunk)):
                self.wfile.write(chunk)
            self.server.hits[f"{self.key}:sent-all"] += 1  # the client read it all (it was not cut)
        elif path == "/huge-declared":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(HUGE_BYTES))
            self.end_headers()
            self.wfile.write(b"<p>only the start</p>")
        elif path == "/bomb":
            self._send(200, _bomb(), Content_Encoding="gzip")
        elif path == "/gzip":
            self._send(200, gzip.compress(article_html("Zipped story").encode()), Content_Encoding="gzip")
        elif path == "/image":
            self._send(200, b"\x89PNG\r\n\x1a\n" + b"\x00" * 200, "image/png")
        elif path == "/mislabelled":
            body = article_html("Café crème", "<p>Der Bürgermeister sagte: Grüße aus München.</p>")
            self._send(200, body.replace("<meta charset='utf-8'>", "").encode(), "text/html; charset=iso-8859-1")
        elif path == "/ua":
            agent = self.headers.get("User-Agent", "")
            self._send(200, article_html("Agent story", f"<p>The agent was {agent}.</p>").encode())
        else:
            self._send(404, b"no such test path")


def serve() -> Iterator[tuple[str, _Server]]:
    """Start the server in a thread; yield its base URL and the server (for its counters); stop it after."""
    server = _Server()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
