"""``Sandbox``: run :func:`cleaner.clean` in a child process with a per-document deadline and a memory cap.

``clean()`` itself runs in the caller's thread and cannot be interrupted (neither can trafilatura's ``extract()``).
A pipeline that calls cleaner once per record and must never hang uses a sandbox instead::

    >>> from cleaner.sandbox import Sandbox
    >>> with Sandbox() as box:                                    # doctest: +SKIP
    ...     article = box.clean(b"<html>...</html>", url="https://example.com/a")

What the sandbox guarantees, per call of :meth:`Sandbox.clean`:

- a result within ``limits.timeout`` seconds (plus the time to restart a worker): when the deadline passes the
  worker is killed with SIGKILL (a stuck C extension cannot ignore it), a new one is started for the next page, and
  the page gives an :class:`~cleaner.article.Article` flagged ``"timeout"``;
- an address-space cap on the worker (``resource.setrlimit(RLIMIT_AS)``) of ``limits.max_memory_bytes`` above what
  it holds once its imports and models are loaded (so the cap measures pages, not libraries): a page
  that needs more memory fails there, not in the caller; the page is flagged ``"failed"`` with the reason, and the
  worker is replaced. A worker killed from outside (the kernel's OOM killer, a signal) is replaced the same way;
- any unexpected exception inside ``clean()`` gives an Article flagged ``"failed"`` with the exception's type and
  message. Only the caller's own mistakes raise: a source that is not bytes/str (:class:`SourceTypeError`), and
  the :class:`~cleaner.errors.CleanerError` subclasses ``clean()`` raises on purpose.

Workers are plain subprocesses (``python -c "from cleaner.sandbox import ..."``) that talk to the parent over two
pipes (their stdin and a copy of their stdout), not ``multiprocessing`` children: nothing re-imports the caller's
``__main__``, so a script without an ``if __name__ == "__main__":`` guard works, and no fork of a threaded parent
happens (the batch pool drives one sandbox per thread). A worker runs in a session of its own, so the terminal's
Ctrl-C goes to the parent alone (which then stops its workers, with nothing printed by them), and it dies with its
parent: ``prctl(PR_SET_PDEATHSIG, SIGKILL)`` on Linux (which fires even while the worker is stuck in C code), a
parent-pid watch elsewhere, and it exits quietly when its pipes close. Workers are started from one long-lived
launcher thread, because Linux sends the death signal when the *thread* that started a child ends.

A worker resets trafilatura's module-level caches every ``reset_every`` pages, so a long-lived worker's memory
stays flat (see ``benchmarks/bench_memory.py``).
"""

from __future__ import annotations

import contextlib
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from multiprocessing.connection import Connection
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

from .article import Article, Kind
from .errors import CleanerError, SourceTypeError
from .load import detect_kind, size_refusal
from .options import Limits, Options, resolve_limits, resolve_options

__all__ = ["RESET_EVERY", "Sandbox", "refused_for_size"]

#: Pages a worker cleans between two resets of trafilatura's caches (``trafilatura.meta.reset_caches``). The caches
#: (LRU caches of the date and language helpers, the dedup store) grow with every new page; resetting them costs
#: about a millisecond, so doing it every 100 pages is free and keeps memory flat.
RESET_EVERY = 100

#: Seconds a new worker may take to start and import the cleaning code before it counts as failed. Generous: on a
#: loaded 2-core machine a Python start plus imports takes ~1 s; far more means the machine is swapping.
START_TIMEOUT = 120.0

#: Seconds a worker gets to exit after being asked to, before it is killed.
STOP_GRACE = 2.0


#: Seconds between two looks at the parent's pid in a worker (the fallback where PR_SET_PDEATHSIG does not exist).
PARENT_WATCH_INTERVAL = 1.0

_T = TypeVar("_T")


# -- the worker process, seen from the parent -----------------------------------------------------------------------


class _Launcher:
    """One long-lived thread that starts every worker. Linux's parent-death signal fires when the thread that
    forked the child ends, not the process; a worker started from a short-lived thread (a pool thread) would be
    killed with it. This thread lives as long as the process (it is a daemon: it never holds the exit up)."""

    def __init__(self) -> None:
        self.pid = os.getpid()
        self._requests: queue.SimpleQueue[tuple[Callable[[], Any], queue.SimpleQueue[tuple[bool, Any]]]] = (
            queue.SimpleQueue()
        )
        threading.Thread(target=self._run, name="cleaner-sandbox-launcher", daemon=True).start()

    def _run(self) -> None:
        while True:
            call, reply = self._requests.get()
            try:
                reply.put((True, call()))
            except BaseException as exc:  # handed to the caller, raised in its thread
                reply.put((False, exc))

    def call(self, function: Callable[[], _T]) -> _T:
        reply: queue.SimpleQueue[tuple[bool, Any]] = queue.SimpleQueue()
        self._requests.put((function, reply))
        ok, value = reply.get()
        if not ok:
            raise value
        return value  # type: ignore[no-any-return]


_launcher: _Launcher | None = None
_launcher_lock = threading.Lock()


def _launch(function: Callable[[], _T]) -> _T:
    global _launcher
    with _launcher_lock:
        if _launcher is None or _launcher.pid != os.getpid():  # a forked child has no copy of the thread
            _launcher = _Launcher()
        launcher = _launcher
    return launcher.call(function)


class _Process:
    """The worker subprocess, with the few ``multiprocessing.Process`` methods the sandbox uses."""

    def __init__(self, popen: subprocess.Popen[bytes]) -> None:
        self.popen = popen
        self.pid = popen.pid

    def is_alive(self) -> bool:
        return self.popen.poll() is None

    def kill(self) -> None:
        with contextlib.suppress(OSError):
            self.popen.kill()

    def join(self, timeout: float | None = None) -> None:
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.popen.wait(timeout)

    @property
    def exitcode(self) -> int | None:
        return self.popen.poll()


class _Pipe:
    """The two one-way pipes to a worker as one connection: ``send`` to its stdin, ``recv``/``poll`` from its
    replies. ``poll`` wakes on a reply and on the worker's death (the pipe then reads EOF)."""

    def __init__(self, requests: Connection, replies: Connection) -> None:
        self._requests = requests
        self._replies = replies

    def send(self, message: Any) -> None:
        self._requests.send(message)

    def recv(self) -> Any:
        return self._replies.recv()

    def poll(self, timeout: float | None = 0.0) -> bool:
        return self._replies.poll(timeout)

    def close(self) -> None:
        for conn in (self._requests, self._replies):
            with contextlib.suppress(OSError):
                conn.close()


def _start_worker() -> tuple[_Process, _Pipe]:
    """Start a worker subprocess (called in the launcher thread) and return it with its pipe."""
    # The folder holding the cleaner package goes first on the worker's path: the worker imports this very copy,
    # whatever the caller's working directory, PYTHONPATH or sys.path edits are.
    root = str(Path(__file__).resolve().parent.parent)
    code = f"import sys; sys.path[0] = {root!r}; from cleaner.sandbox import _worker_main; _worker_main()"
    request_r, request_w = os.pipe()
    reply_r, reply_w = os.pipe()
    try:
        popen = subprocess.Popen(
            [sys.executable, "-c", code, str(os.getpid())],
            stdin=request_r,
            stdout=reply_w,
            close_fds=True,
            start_new_session=True,  # the terminal's Ctrl-C reaches the parent only; it stops the workers itself
        )
    except BaseException:
        for fd in (request_r, request_w, reply_r, reply_w):
            os.close(fd)
        raise
    os.close(request_r)
    os.close(reply_w)
    return _Process(popen), _Pipe(Connection(request_w, readable=False), Connection(reply_r, writable=False))


def refused_for_size(source: bytes, options: Options, url: str | None) -> Article | None:
    """The "refused" Article for input over ``options.max_input_bytes`` (the same verdict ``clean()`` gives),
    decided in the caller so that an oversized page is never copied to a worker. None when the size is fine."""
    reason = size_refusal(source, options)
    return None if reason is None else Article(url=url, flags={"refused": reason})


def _signal_name(code: int) -> str:
    try:
        return signal.Signals(code).name
    except ValueError:
        return f"signal {code}"


def _death_reason(exitcode: int | None) -> str:
    if exitcode is None:
        return "the worker stopped answering"
    if exitcode < 0:
        name = _signal_name(-exitcode)
        hint = " (out of memory?)" if -exitcode == signal.SIGKILL else ""
        return f"the worker was killed by {name}{hint}"
    return f"the worker exited with status {exitcode}"


class Sandbox:
    """A child process that cleans pages one at a time, with a deadline and a memory cap. See the module docstring.

    ``options`` (default :class:`Options()`): the options every page is cleaned with. ``limits`` (default
    :class:`Limits()`): ``timeout`` and ``max_memory_bytes`` are the per-page deadline and the worker's
    address-space cap (None disables either). ``reset_every``: pages between two resets of trafilatura's caches.

    Use it as a context manager (or call :meth:`close`); the worker is started lazily on the first page.
    One sandbox serves one page at a time: to clean in parallel, use several (``cleaner.batch`` does).
    :meth:`close` may be called from another thread to abort a page in flight.

    Counters: ``pages`` (pages cleaned), ``restarts`` (workers replaced after a timeout or a crash).
    """

    def __init__(
        self, options: Options | None = None, *, limits: Limits | None = None, reset_every: int = RESET_EVERY
    ) -> None:
        self.options = resolve_options(options)
        self.limits = resolve_limits(limits)
        self.reset_every = max(1, int(reset_every))
        self.pages = 0
        self.restarts = 0
        self._process: _Process | None = None
        self._conn: _Pipe | None = None
        self._closed = False
        self._started = False  # a worker was started before (so the next start is a restart)
        self._busy = False  # a page is in flight (then close() from another thread only kills the worker)
        self._lock = threading.Lock()  # guards _process/_conn/_busy/_closed against close() from another thread

    # -- lifecycle ---------------------------------------------------------------------------------------------

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __del__(self) -> None:  # a forgotten sandbox must not leave a worker behind
        with contextlib.suppress(Exception):
            self._kill()

    @property
    def pid(self) -> int | None:
        """The worker's process id (None when no worker is running)."""
        process = self._process
        return process.pid if process is not None and process.is_alive() else None

    def start(self) -> None:
        """Start the worker now (otherwise the first page starts it). Raises CleanerError if it cannot start."""
        with self._lock:
            if self._closed:
                raise CleanerError("the sandbox is closed")
            if self._process is not None and self._process.is_alive():
                return
        self._spawn()

    def close(self) -> None:
        """Stop the worker (politely, then by force). Safe to call twice and from another thread: a page in
        flight is then abandoned (its worker is killed and the page comes back flagged "failed")."""
        with self._lock:
            self._closed = True
            if self._busy:
                # The thread cleaning a page owns the pipe; kill the worker and let that thread tidy up.
                if self._process is not None and self._process.is_alive():
                    self._process.kill()
                return
            process, conn = self._process, self._conn
            self._process = self._conn = None
        if process is None:
            return
        if conn is not None:
            with contextlib.suppress(OSError, ValueError):
                conn.send(None)  # ask the worker to exit
            process.join(STOP_GRACE)
        if process.is_alive():
            process.kill()
        process.join()
        if conn is not None:
            conn.close()

    def _kill(self) -> None:
        with self._lock:
            process, conn = self._process, self._conn
            self._process = self._conn = None
        if process is not None:
            if process.is_alive():
                process.kill()  # SIGKILL: a worker stuck in C code (lxml, a regex) ignores anything milder
            process.join()
        if conn is not None:
            conn.close()

    def _spawn(self) -> None:
        try:
            process, parent = _launch(_start_worker)
        except OSError as exc:
            raise CleanerError(f"the sandbox worker did not start: {exc}") from None
        try:
            parent.send((self.options, self.limits, self.reset_every))
            if not parent.poll(START_TIMEOUT):  # a reply, or EOF when the worker died
                raise EOFError
            message = parent.recv()
        except (EOFError, OSError):
            process.kill()
            process.join()
            parent.close()
            raise CleanerError(f"the sandbox worker did not start: {_death_reason(process.exitcode)}") from None
        if message != "ready":  # the worker reports an import failure as a string
            process.kill()
            process.join()
            parent.close()
            raise CleanerError(f"the sandbox worker did not start: {message}")
        with self._lock:
            if self._closed:  # closed while starting: do not leave this worker behind
                process.kill()
                process.join()
                parent.close()
                raise CleanerError("the sandbox is closed")
            self._process, self._conn = process, parent
            if self._started:
                self.restarts += 1
            self._started = True

    # -- cleaning ----------------------------------------------------------------------------------------------

    def clean(
        self,
        source: bytes | bytearray | memoryview | str,
        *,
        url: str | None = None,
        charset: str | None = None,
        content_encoding: str | None = None,
    ) -> Article:
        """Clean one page in the worker; the same arguments and result as :func:`cleaner.clean`, with the
        sandbox's options. Never hangs past the deadline: a page that takes too long gives an Article flagged
        "timeout", a worker that crashes or runs out of memory one flagged "failed" (the reason says which).
        """
        if isinstance(source, (bytearray, memoryview)):
            source = bytes(source)
        if not isinstance(source, (bytes, str)):
            raise SourceTypeError(
                f"Sandbox.clean() takes bytes or str (what can be sent to a worker), not {type(source).__name__}"
            )
        for name, value in (("url", url), ("charset", charset), ("content_encoding", content_encoding)):
            if value is not None and not isinstance(value, str):
                raise SourceTypeError(f"{name} must be a str, not {type(value).__name__}")
        if isinstance(source, bytes):
            refused = refused_for_size(source, self.options, url)
            if refused is not None:
                return refused
        article = self._clean_in_worker(source, url=url, charset=charset, content_encoding=content_encoding)
        if article.kind == "html" and not article.text and ("timeout" in article.flags or "failed" in article.flags):
            # the worker never said what the page was: tell it from the page's head, as load() would
            return replace(article, kind=_sniff_kind(source))
        return article

    def _clean_in_worker(
        self, source: bytes | str, *, url: str | None, charset: str | None, content_encoding: str | None
    ) -> Article:
        with self._lock:
            if self._closed:
                return _flagged("failed", "the sandbox was closed", url)
            self._busy = True
        self.pages += 1
        try:
            return self._run((source, url, charset, content_encoding), url)
        finally:
            with self._lock:
                self._busy = False
                closed = self._closed
            if closed:
                self._kill()

    def _run(self, request: tuple[Any, ...], url: str | None) -> Article:
        while True:
            conn, fresh = self._conn, False
            if conn is None or self._process is None or not self._process.is_alive():
                if self._process is not None:
                    self._kill()
                try:
                    self._spawn()
                except CleanerError as exc:
                    return _flagged("failed", str(exc), url)
                conn, fresh = self._conn, True
                assert conn is not None
            try:
                conn.send(request)
            except (OSError, ValueError):
                # The worker went away while the page was being sent: it may have said why (a page too large
                # for its memory cap), or it may have died between two pages (then a fresh worker gets the page).
                last_words = _last_words(conn)
                process = self._process
                self._kill()
                if last_words is not None or fresh or self._closed:
                    reason = last_words or ("the sandbox was closed" if self._closed else "")
                    if not reason:
                        reason = _death_reason(process.exitcode if process is not None else None)
                    return _flagged("failed", reason, url)
                continue
            return self._await(conn, url)

    def _await(self, conn: _Pipe, url: str | None) -> Article:
        process = self._process
        timeout = self.limits.timeout
        started = time.monotonic()
        if process is None:
            return _flagged("failed", "the sandbox was closed", url)
        if not conn.poll(timeout):  # True on a reply and on the worker's death (EOF)
            elapsed = time.monotonic() - started
            self._kill()
            return _flagged(
                "timeout", f"not done after {elapsed:.1f} s (timeout={timeout:g} s); the worker was killed", url
            )
        try:
            status, payload = conn.recv()
        except (EOFError, OSError, ValueError):
            process.join(1.0)
            reason = "the sandbox was closed" if self._closed else _death_reason(process.exitcode)
            self._kill()
            return _flagged("failed", reason, url)
        if status == "ok":
            return payload  # type: ignore[no-any-return]
        if status == "raise":
            raise payload
        # "failed": the worker caught an exception; after MemoryError it exits, so replace it now.
        if status == "failed-exit":
            self._kill()
        return _flagged("failed", str(payload), url)


def _last_words(conn: _Pipe) -> str | None:
    """The reason a worker sent just before it exited, if it sent one."""
    try:
        if conn.poll(STOP_GRACE):
            status, payload = conn.recv()
            if status in ("failed", "failed-exit"):
                return str(payload)
    except (EOFError, OSError, ValueError, TypeError):
        pass
    return None


def _sniff_kind(source: bytes | str) -> Kind:
    head = source[:8192]
    if isinstance(head, bytes):
        head = head.decode("utf-8", "ignore")
    return "html" if detect_kind(head) == "html" else "text"


def _flagged(flag: str, reason: str, url: str | None) -> Article:
    return Article(url=url, flags={flag: reason})


# -- the worker (runs in the child process) ------------------------------------------------------------------------


def _worker_main() -> None:
    """Entry point of a worker subprocess (see :func:`_start_worker`): requests on stdin, replies on a copy of
    stdout. Whatever happens (the parent gone, a pipe closed, a signal), it exits without a word."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    parent = int(sys.argv[1])
    _die_with_parent(parent)
    replies = os.dup(1)
    os.dup2(2, 1)  # a stray print() in a library goes to stderr, not into the replies
    requests_conn = Connection(0, writable=False)
    replies_conn = Connection(replies, readable=False)
    try:
        options, limits, reset_every = requests_conn.recv()
        _serve(_WorkerPipe(requests_conn, replies_conn), options, limits, reset_every)
    except BaseException:
        pass
    finally:
        os._exit(0)


class _WorkerPipe:
    """The worker's end: ``recv`` requests, ``send`` replies."""

    def __init__(self, requests: Connection, replies: Connection) -> None:
        self.recv = requests.recv
        self.send = replies.send


def _die_with_parent(parent: int) -> None:
    """Make this worker die with its parent: the kernel's parent-death signal on Linux (SIGKILL, so it works even
    while the worker is stuck in C code), and a thread that watches the parent's pid (other systems, and the
    moment before prctl took effect)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            pr_set_pdeathsig = 1
            libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(0)

    def watch() -> None:
        while True:
            time.sleep(PARENT_WATCH_INTERVAL)
            if os.getppid() != parent:
                os._exit(0)

    threading.Thread(target=watch, name="cleaner-parent-watch", daemon=True).start()


def _address_space() -> int:
    """The worker's current address-space size in bytes (``VmSize``; 0 where /proc is not there)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def _serve(conn: Any, options: Options, limits: Limits, reset_every: int) -> None:
    """Worker loop: receive (source, url, charset, content_encoding), send ("ok", Article), ("raise", error)
    or ("failed"/"failed-exit", reason). ``None`` or a closed pipe ends the loop."""
    import gc

    try:
        # Import everything a page needs before the memory cap, so the cap measures pages, not imports.
        from trafilatura.meta import reset_caches

        from .api import clean, warm_up

        warm_up(options)
    except Exception as exc:  # pragma: no cover - a broken installation
        conn.send(f"import failed: {type(exc).__name__}: {exc}")
        return
    if limits.max_memory_bytes is not None:
        import resource

        limit = _address_space() + limits.max_memory_bytes
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    conn.send("ready")
    served = 0
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        except MemoryError:  # the page alone does not fit under the cap
            with contextlib.suppress(Exception):
                conn.send(("failed-exit", f"out of memory (max_memory_bytes={limits.max_memory_bytes})"))
            return
        if request is None:
            return
        source, url, charset, content_encoding = request
        del request
        exit_after = False
        try:
            reply: tuple[str, Any] = (
                "ok",
                clean(source, url=url, options=options, charset=charset, content_encoding=content_encoding),
            )
        except CleanerError as exc:
            reply = ("raise", exc)
        except MemoryError:
            # The heap may be in any state after a failed allocation: answer, then let a fresh worker take over.
            reply = ("failed-exit", f"out of memory (max_memory_bytes={limits.max_memory_bytes})")
            exit_after = True
        except RecursionError:
            reply = ("failed", "the page is nested too deeply to process (RecursionError)")
        except Exception as exc:
            reply = ("failed", f"{type(exc).__name__}: {exc}"[:1000])
        del source
        try:
            conn.send(reply)
        except MemoryError:
            return
        except Exception as exc:  # an unpicklable exception or result: still answer
            conn.send(("failed", f"could not send the result: {type(exc).__name__}: {exc}"[:1000]))
        if exit_after:
            return
        served += 1
        if served % reset_every == 0:
            reset_caches()
            gc.collect()
