"""WARC files the tests write with warcio: pages, and the records a crawl also holds that are not pages."""

from __future__ import annotations

import gzip
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tests.cli.server import article_html

#: The hostile target URI: credentials, and a path that tries to climb out of the output folder.
HOSTILE_URI = "http://user:pw@x/../../etc/passwd"

#: The records of :func:`write_warc` that are pages (HTML, 2xx), by target URI, with a phrase of their text.
PAGES = {
    "http://news.example/story-1": "Paragraph 2 of Story one",
    "http://news.example/cafe": "Der Bürgermeister sagte",
    "http://news.example/zipped": "Paragraph 5 of Zipped story",
    "http://news.example/chunked": "Paragraph 1 of Chunked story",
    HOSTILE_URI: "Paragraph 4 of Hostile story",
}


def _response(
    writer: WARCWriter,
    uri: str,
    body: bytes,
    *,
    status: str = "200 OK",
    content_type: str = "text/html; charset=utf-8",
    extra: list[tuple[str, str]] | None = None,
) -> None:
    headers = [("Content-Type", content_type), *(extra or [])]
    if not any(k.lower() == "transfer-encoding" for k, _ in headers):
        headers.append(("Content-Length", str(len(body))))
    http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
    writer.write_record(
        writer.create_warc_record(uri, "response", payload=BytesIO(body), length=len(body), http_headers=http)
    )


def _chunked(body: bytes, size: int = 100) -> bytes:
    out = b""
    for start in range(0, len(body), size):
        piece = body[start : start + size]
        out += f"{len(piece):x}\r\n".encode() + piece + b"\r\n"
    return out + b"0\r\n\r\n"


def write_warc(path: Path, *, gz: bool) -> Path:
    """A crawl: five HTML pages (one in windows-1252 said only by the HTTP header, one gzip-encoded, one chunked,
    one with a hostile URI) among a request record, an image, a redirect, a 404 page and a metadata record."""
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=gz)
        request = StatusAndHeaders("GET /story-1 HTTP/1.1", [("Host", "news.example")], is_http_request=True)
        writer.write_record(
            writer.create_warc_record(
                "http://news.example/story-1", "request", payload=BytesIO(b""), length=0, http_headers=request
            )
        )
        _response(writer, "http://news.example/story-1", article_html("Story one").encode())
        cafe = article_html("Café", "<p>Der Bürgermeister sagte: Grüße aus München.</p>")
        _response(
            writer,
            "http://news.example/cafe",
            cafe.replace("<meta charset='utf-8'>", "").encode("cp1252"),
            content_type="text/html; charset=windows-1252",
        )
        _response(
            writer,
            "http://news.example/zipped",
            gzip.compress(article_html("Zipped story").encode()),
            extra=[("Content-Encoding", "gzip")],
        )
        _response(
            writer,
            "http://news.example/chunked",
            _chunked(article_html("Chunked story").encode()),
            extra=[("Transfer-Encoding", "chunked")],
        )
        _response(writer, "http://news.example/logo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, content_type="image/png")
        _response(writer, "http://news.example/old", b"", status="301 Moved Permanently", extra=[("Location", "/new")])
        _response(writer, "http://news.example/gone", b"<html><body>Not found</body></html>", status="404 Not Found")
        _response(writer, HOSTILE_URI, article_html("Hostile story").encode())
        writer.write_record(
            writer.create_warc_record(
                "http://news.example/story-1",
                "metadata",
                payload=BytesIO(b"outlinks: none"),
                length=14,
                warc_content_type="text/plain",
            )
        )
    return path
