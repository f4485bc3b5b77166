"""Time and peak memory of each hostile case of issue 14, run against a given source tree (before / after a fix).

    /work/venv/bin/python benchmarks/bench_hostile.py --src /path/to/src [--case row2 ...] [--limit 120]

Each case is built in a temporary folder and run as a child process (``python -m cleaner ...`` or a short library
script) with ``PYTHONPATH=<src>``; the child's wall time and peak resident memory (``ru_maxrss`` from ``wait4``, or
``VmHWM`` from /proc when the child must be killed) are printed with what happened (exit code, errors listed,
files written). A child still running after ``--limit`` seconds is killed: "killed at N s" is the result (a FIFO
blocking open(), a server's Retry-After being waited out). Linux only (/proc, wait4).

To compare: ``git worktree add /tmp/old aea2175`` and run once with ``--src /tmp/old/src`` and once with
``--src src``. The fetch cases start a local HTTP server on 127.0.0.1 in this process. The bombs are scaled to keep
the shared machine usable: row 2 has 3 million header lines (the report: a 146 KB file, 2.5 GB), row 11 a member
inflating to 2 GiB (the report: 10 GiB, 26 s; time grows linearly with it).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

PAGE = (
    "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>A story</title></head><body>"
    "<nav><a href='/'>Home</a></nav><article><h1>A story</h1>"
    + "".join(
        f"<p>Paragraph {i} tells how the river rose after the storm and the bridge stayed shut.</p>" for i in range(8)
    )
    + "</article><footer>Copyright</footer></body></html>"
)


# -- a hostile server ----------------------------------------------------------------------------------------------


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        if self.path.startswith("/to-metadata"):
            self.send_response(302)
            self.send_header("Location", "http://169.254.169.254/latest/meta-data/")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path.startswith("/retry"):
            body = b"slow down"
            self.send_response(429)
            self.send_header("Retry-After", "999999")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            body = PAGE.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)


@contextlib.contextmanager
def _server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


# -- the cases -----------------------------------------------------------------------------------------------------


def _warc_record(uri: str, body: bytes) -> bytes:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + body
    return (
        b"WARC/1.0\r\nWARC-Type: response\r\n"
        + f"WARC-Target-URI: {uri}\r\nWARC-Record-ID: <urn:uuid:{random.getrandbits(128):032x}>\r\n".encode()
        + b"WARC-Date: 2024-01-01T00:00:00Z\r\nContent-Type: application/http; msgtype=response\r\n"
        + f"Content-Length: {len(http)}\r\n\r\n".encode()
        + http
        + b"\r\n\r\n"
    )


def _gz(data: bytes) -> bytes:
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    return comp.compress(data) + comp.flush()


def build_row2(d: Path) -> list[str]:
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = b"X-Header: value\r\n" * 10_000
    with open(d / "bomb.warc.gz", "wb") as f:
        f.write(_gz(_warc_record("http://a.example/", PAGE.encode())))
        f.write(comp.compress(b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://x.example/\r\n"))
        for _ in range(300):
            f.write(comp.compress(chunk))
        f.write(comp.compress(b"Content-Length: 0\r\n\r\n\r\n") + comp.flush())
    return ["clean", str(d / "bomb.warc.gz"), "-o", str(d / "out"), "--quiet"]


def build_row3(d: Path) -> list[str]:
    (d / "in").mkdir()
    (d / "in" / "a.html").write_text(PAGE)
    (d / "in" / "passwd.txt").symlink_to("/etc/passwd")
    (d / "in" / "environ.txt").symlink_to("/proc/self/environ")
    return ["clean", str(d / "in"), "-o", str(d / "out"), "--quiet", "--explain"]


def build_row4(d: Path) -> list[str]:
    (d / "in").mkdir()
    (d / "in" / "a.html").write_text(PAGE)
    os.mkfifo(d / "in" / "pipe.html")
    return ["clean", str(d / "in"), "-o", str(d / "out"), "--quiet"]


def build_row5(d: Path) -> list[str]:
    (d / "in").mkdir()
    (d / "in" / "a.html").write_text(PAGE.replace("charset='utf-8'", "charset='rot13'"))
    (d / "in" / "b.html").write_text(PAGE)
    return ["clean", str(d / "in"), "-o", str(d / "out"), "--quiet", "--workers", "0"]


def build_row6(d: Path) -> list[str]:
    (d / "in").mkdir()
    page = PAGE.replace("</head>", '<script type="application/ld+json">' + "[" * 1000 + "</script></head>")
    (d / "in" / "a.html").write_text(page)
    return ["clean", str(d / "in"), "-o", str(d / "out"), "--quiet", "--workers", "0"]


def build_row7(d: Path) -> list[str]:
    (d / "in").mkdir()
    with open(os.fsencode(d / "in") + b"/caf\xe9.html", "w") as f:
        f.write(PAGE)
    (d / "in" / "z.html").write_text(PAGE)
    return ["clean", str(d / "in"), "-o", str(d / "out"), "--quiet", "--workers", "0"]


def build_row10(d: Path) -> list[str]:
    (d / "in").mkdir()
    good = _warc_record("http://a.example/1", PAGE.encode()) + _warc_record("http://a.example/2", PAGE.encode())
    members = _gz(good[: len(good) // 2]) + _gz(good[len(good) // 2 :])
    (d / "in" / "truncated.warc.gz").write_bytes(members[:-200])
    first = good.index(b"Content-Length: ") + len(b"Content-Length: ")
    end = good.index(b"\r\n", first)
    (d / "in" / "too-long.warc").write_bytes(good[:first] + str(int(good[first:end]) + 5000).encode() + good[end:])
    (d / "in" / "garbage.arc").write_bytes(
        b"filedesc://x.arc 0.0.0.0 20200101000000 text/plain 70\n1 0 Alexa\n"
        b"URL IP-address Archive-date Content-type Archive-length\n\n\ngarbage header here\n<html>x</html>\n"
    )
    return ["clean", str(d / "in"), "-o", str(d / "out"), "--quiet", "--workers", "0"]


def build_row11(d: Path) -> list[str]:
    size = 2 << 30
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
    head = (
        b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://bomb.example/\r\n"
        + f"Content-Length: {len(http) + size}\r\n\r\n".encode()
        + http
    )
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = b"\0" * (1 << 22)
    with open(d / "inflate.warc.gz", "wb") as f:
        f.write(_gz(_warc_record("http://a.example/", PAGE.encode())))
        f.write(comp.compress(head))
        for _ in range(size // len(block)):
            f.write(comp.compress(block))
        f.write(comp.compress(b"\r\n\r\n") + comp.flush())
    return ["clean", str(d / "inflate.warc.gz"), "-o", str(d / "out"), "--quiet"]


def build_row12(d: Path) -> list[str]:
    (d / "in").mkdir()
    attributes = " ".join(f'a{i}="x"' for i in range(500_000))
    (d / "in" / "a.html").write_text(PAGE.replace("<article>", f"<article {attributes}>"))
    return ["clean", str(d / "in"), "-o", str(d / "out"), "--quiet", "--workers", "1"]


def build_row13(d: Path) -> list[str]:
    (d / "in").mkdir()
    (d / "in" / "a.txt").write_bytes(b"\xff\xfe" + random.Random(13).randbytes(200_000))
    return ["clean", str(d / "in"), "-o", str(d / "out"), "--quiet", "--workers", "0"]


def _fetch_case(path: str) -> Callable[[Path, str, bool], list[str]]:
    def build(d: Path, base: str, new_flags: bool) -> list[str]:
        argv = ["fetch", f"{base}{path}", "-o", str(d / "out"), "--quiet", "--workers", "0", "--retries", "1"]
        return argv + (["--allow-private"] if new_flags else [])

    return build


CASES: dict[str, tuple[str, Callable[..., list[str]]]] = {
    "row1": ("fetch: redirect to 169.254.169.254", _fetch_case("/to-metadata")),
    "row2": ("WARC record with 3M header lines", build_row2),
    "row3": ("symlinks to /etc/passwd, /proc/self/environ", build_row3),
    "row4": ("a FIFO in the input folder", build_row4),
    "row5": ("<meta charset=rot13>, --workers 0", build_row5),
    "row6": ("1000 nested JSON-LD arrays", build_row6),
    "row7": ("a file name that is not UTF-8", build_row7),
    "row9": ("429 with Retry-After: 999999 (--retries 1)", _fetch_case("/retry")),
    "row10": ("truncated member, long Content-Length, bad ARC", build_row10),
    "row11": ("a member inflating to 2 GiB", build_row11),
    "row12": ("500,000 attributes on one tag", build_row12),
    "row13": ("UTF-16 BOM + 200 KB of random bytes", build_row13),
}


# -- running -------------------------------------------------------------------------------------------------------


def _peak_from_proc(pid: int) -> int:
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def run(argv: list[str], src: str, limit: float) -> tuple[float, int, int | None]:
    """(seconds, peak RSS in KiB, exit code or None when killed at ``limit``)."""
    env = {**os.environ, "PYTHONPATH": src}
    started = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-m", "cleaner", *argv],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    peak = 0
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            proc.returncode = os.waitstatus_to_exitcode(status)
            return time.monotonic() - started, max(peak, usage.ru_maxrss), proc.returncode
        peak = max(peak, _peak_from_proc(proc.pid))
        if time.monotonic() - started > limit:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            os.wait4(proc.pid, 0)
            return time.monotonic() - started, peak, None
        time.sleep(0.05)


def outcome(d: Path) -> str:
    out = d / "out"
    written = sorted(p.name for p in out.rglob("*.json")) if out.exists() else []
    written = [w for w in written if w != "errors.jsonl"]
    errors = []
    if (out / "errors.jsonl").exists():
        errors = [json.loads(line)["reason"][:40] for line in (out / "errors.jsonl").read_text().splitlines()]
    files = [p for p in out.rglob("*") if p.is_file()] if out.exists() else []
    leaked = any("root:x:0" in p.read_text("utf-8", "replace") for p in files)
    text = f"{len(written)} written, {len(errors)} listed"
    if errors:
        text += f" ({errors[0]}...)"
    return text + (", /etc/passwd LEAKED" if leaked else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--src", required=True, help="the source tree to run (its src/ folder)")
    parser.add_argument("--case", action="append", choices=sorted(CASES), help="cases to run (default all)")
    parser.add_argument("--limit", type=float, default=120.0, help="seconds before a case is killed (default 120)")
    args = parser.parse_args()
    src = str(Path(args.src).resolve())
    help_text = subprocess.run(
        [sys.executable, "-m", "cleaner", "fetch", "--help"],
        env={**os.environ, "PYTHONPATH": src},
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    new_flags = "--allow-private" in help_text
    print(f"src: {src}\n")
    print("| case | input | time (s) | peak RSS (MiB) | exit | result |\n|---|---|---|---|---|---|")
    with _server() as base:
        for name in args.case or list(CASES):
            title, build = CASES[name]
            with tempfile.TemporaryDirectory() as tmp:
                d = Path(tmp)
                argv = build(d, base, new_flags) if name in ("row1", "row9") else build(d)
                seconds, peak, code = run(argv, src, args.limit)
                shown = "killed" if code is None else str(code)
                print(f"| {name} | {title} | {seconds:.1f} | {peak / 1024:.0f} | {shown} | {outcome(d)} |", flush=True)


if __name__ == "__main__":
    main()
