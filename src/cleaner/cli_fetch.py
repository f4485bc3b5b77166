"""``cleaner fetch``: URLs -> raw captures (in a folder output) + articles, written like ``cleaner clean`` writes.

Where the articles go follows ``-o``: none (or ``-`` ) -> JSON lines on stdout; ``FILE.jsonl`` -> appended to it and
resumable by URL; a folder -> one file per URL plus ``raw/<name>.html`` and ``raw/<name>.meta.json`` (the capture,
re-cleaned on a rerun without fetching it again). ``--respect-robots`` asks each site's robots.txt first (parsed by
protego) and skips the URLs it disallows.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from .cli import _clean_and_write, _limits, _options, _progress, _Stats, _UsageError, _utf8_stdout
from .errors import CleanerError, FetchError, OutputError

__all__ = ["cmd_fetch", "robots_rules"]


def _read_urls(args: argparse.Namespace) -> list[str]:
    urls = list(args.urls)
    if args.url_file:
        if args.url_file == "-":
            text = sys.stdin.read()
        else:
            try:
                text = Path(args.url_file).read_text(encoding="utf-8")
            except FileNotFoundError:
                raise _UsageError(f"no such file: {args.url_file}") from None
        urls.extend(line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#"))
    if not urls:
        raise _UsageError("no URL given (name URLs, or --urls FILE)")
    return list(dict.fromkeys(urls))  # a URL listed twice is fetched once


def _sink_for_fetch(args: argparse.Namespace) -> tuple[Any, Path | None]:
    """The sink, and the folder raw captures go to (only with a folder output)."""
    from .output import FolderSink, JsonlSink, StreamSink

    try:
        if args.output in (None, "-"):
            return StreamSink(_utf8_stdout(), args.format or "jsonl"), None
        out = Path(args.output)
        if out.suffix.lower() == ".jsonl" and not out.is_dir():
            if args.format not in (None, "jsonl"):
                raise _UsageError(f"-o {args.output} is a JSONL file; --format {args.format} needs -o FOLDER")
            return JsonlSink(out, force=args.force), None
        if args.format == "jsonl":
            raise _UsageError("--format jsonl writes one file: use -o FILE.jsonl, or no -o for stdout")
        return FolderSink(out, args.format or "json", explain=args.explain, force=args.force), out
    except OutputError as exc:
        raise _UsageError(str(exc)) from None


def cmd_fetch(args: argparse.Namespace) -> int:
    """Run ``cleaner fetch`` (see the module docstring); the exit status."""
    from .fetch import FetchConfig
    from .output import NameRegistry, url_name

    options = _options(args)
    config = FetchConfig(
        timeout=args.fetch_timeout or 30.0,
        max_bytes=args.max_bytes,
        max_redirects=args.max_redirects,
        retries=args.retries,
        backoff=args.backoff,
        concurrency=args.concurrency,
        per_host=args.per_host,
        user_agent=args.user_agent,
        allow_private=args.allow_private,
    )
    urls = _read_urls(args)
    sink, out = _sink_for_fetch(args)
    registry = NameRegistry()
    names = {url: registry.claim(url_name(url), f"{index}") for index, url in enumerate(urls)}
    stats = _Stats()
    bar = _progress(args, len(urls))
    started = time.monotonic()
    try:
        items = _fetch_items(
            urls, names, sink, out / "raw" if out else None, config, force=args.force, robots=args.respect_robots
        )
        _clean_and_write(items, sink, options=options, limits=_limits(args), workers=args.workers, stats=stats, bar=bar)
    finally:
        bar.close()
        sink.close()  # every sink here is right for a run cut short: files per page, or whole JSON lines
    if not args.quiet:
        print(stats.summary(time.monotonic() - started), file=sys.stderr)
        if stats.failed and out is not None:
            print(f"cleaner: the URLs that failed are listed in {out / 'errors.jsonl'}", file=sys.stderr)
    return 1 if stats.failed else 0


def _fetch_items(
    urls: Sequence[str],
    names: dict[str, str],
    sink: Any,
    raw_dir: Path | None,
    config: Any,
    *,
    force: bool,
    robots: bool = False,
) -> Iterator[Any]:
    """Items for the clean loop: done URLs are skipped, captures already on disk are re-cleaned without a request,
    URLs robots.txt disallows are skipped (with ``robots``), the rest are fetched (concurrently) and their raw
    capture saved (with a folder output) before they are cleaned."""
    from .fetch import fetch_many
    from .output import atomic_write, redact_url
    from .records import Page
    from .sources import Item

    to_fetch: list[str] = []
    rules: dict[str, Any] = {}
    for url in urls:
        name, shown = names[url], redact_url(url)
        if sink.done(name) or sink.seen(shown):
            yield Item(shown, name, shown)
            continue
        capture = None if force or raw_dir is None else _load_capture(raw_dir, name)
        if capture is not None:
            data, meta = capture
            page = Page(shown, data, url=meta.get("final_url") or shown, charset=meta.get("charset"))
            yield Item(shown, name, shown, page=page)
            continue
        if robots:
            allowed = robots_rules(url, config, rules)
            if allowed is not True:
                print(f"cleaner: skipped: {shown}: {allowed}", file=sys.stderr)
                yield Item(shown, name, shown)
                continue
        to_fetch.append(url)
    for url, result in fetch_many(to_fetch, config=config):
        name, shown = names[url], redact_url(url)
        if isinstance(result, CleanerError):
            yield Item(shown, name, shown, error=f"{getattr(result, 'reason', 'error')}: {result}")
            continue
        if raw_dir is not None:
            suffix = ".txt" if result.content_type == "text/plain" else ".html"
            # Body first, then its metadata: a capture counts as complete only when its .meta.json exists.
            for stale in raw_dir.glob(f"{name}.*"):
                if stale.name.endswith((".html", ".txt")) and stale.name != f"{name}{suffix}":
                    stale.unlink(missing_ok=True)
            atomic_write(raw_dir / f"{name}{suffix}", result.content, overwrite=True)
            facts = json.dumps(result.meta(), ensure_ascii=False, indent=2) + "\n"
            atomic_write(raw_dir / f"{name}.meta.json", facts.encode("utf-8"), overwrite=True)
        yield Item(shown, name, shown, page=result.to_page(shown))


def _load_capture(raw_dir: Path, name: str) -> tuple[bytes, dict[str, Any]] | None:
    meta_path = raw_dir / f"{name}.meta.json"
    try:
        meta = json.loads(meta_path.read_bytes())
    except (OSError, ValueError):
        return None
    for suffix in (".html", ".txt"):
        body = raw_dir / f"{name}{suffix}"
        if body.is_file():
            return body.read_bytes(), meta if isinstance(meta, dict) else {}
    return None


# -- robots.txt ----------------------------------------------------------------------------------------------------


def robots_rules(url: str, config: Any, cache: dict[str, Any]) -> bool | str:
    """True when the site's robots.txt lets ``config.user_agent`` fetch ``url``; else the reason it does not.

    robots.txt is fetched once per origin (kept in ``cache``) with the same limits as the pages and parsed with
    protego. As crawlers commonly do: a robots.txt that is missing or refused (HTTP 4xx), or not text, allows
    everything; one that cannot be had (HTTP 5xx, network error, timeout) disallows the site for this run.
    """
    from protego import Protego

    from .fetch import default_user_agent, fetch

    try:
        parts = urlsplit(url)
        origin = urlunsplit((parts.scheme, parts.netloc.rpartition("@")[2], "", "", ""))
    except ValueError:
        return True  # fetching it fails with the reason
    if origin not in cache:
        robots_config = replace(
            config, content_types=("text/plain", "text/html", "application/octet-stream"), max_redirects=5
        )
        try:
            fetched = fetch(origin + "/robots.txt", config=robots_config)
            cache[origin] = Protego.parse(fetched.content.decode(fetched.charset or "utf-8", "replace"))
        except FetchError as exc:
            http_4xx = exc.reason.startswith("http_4")
            cache[origin] = None if http_4xx or exc.reason in ("content_type", "too_large") else f"{exc.reason}"
    rules = cache[origin]
    if rules is None:
        return True
    if isinstance(rules, str):
        return f"robots.txt could not be read ({rules}); the site is skipped"
    agent = config.user_agent or default_user_agent()
    return True if rules.can_fetch(url, agent) else "disallowed by robots.txt"
