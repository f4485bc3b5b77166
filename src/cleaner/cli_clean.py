"""``cleaner clean``: files, folders, WARC files and stdin -> articles, to stdout, a JSONL file, or a folder.

The inputs are found (:func:`cleaner.sources.discover`), counted against the files the folders hold (files left out
by ``--include``/``--exclude`` are reported; none at all is a usage error), read one input at a time (so that a
WARC file's read position drives a progress bar in bytes, with an ETA), cleaned in the pool and written by the sink
``-o`` names (:mod:`cleaner.output`): a resumable folder, a resumable JSONL file, one file for one page, or stdout.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from .cli import _clean_and_write, _limits, _options, _progress, _Stats, _UsageError, _utf8_stdout
from .errors import OutputError

__all__ = ["cmd_clean"]


class _ByteProgress:
    """Progress over the bytes of the input files (for WARC files, whose page count is unknown until read): the
    bar moves as the reader advances through each file, so it shows bytes read and an ETA. Pages are counted in
    the bar's postfix. Has the one method the clean loop calls on a page bar, ``update``."""

    def __init__(self, bar: Any) -> None:
        self.bar = bar
        self.pages = 0

    def update(self, pages: int = 1) -> None:
        self.pages += pages
        if not self.bar.disable:
            self.bar.set_postfix_str(f"{self.pages} pages", refresh=False)

    def read(self, size: int) -> None:
        if size > 0:
            self.bar.update(size)

    def close(self) -> None:
        self.bar.close()


def _output_mode(args: argparse.Namespace) -> tuple[str, Path | None]:
    """ "stream" (stdout), "folder" (one file per page) or "file" (one file), and the path."""
    from .output import SUFFIXES

    if args.output in (None, "-"):
        return "stream", None
    path = Path(args.output)
    if path.is_dir() or path.suffix.lower() not in SUFFIXES.values():
        return "folder", path
    return "file", path


def _sink_for_clean(args: argparse.Namespace, mode: str, path: Path | None, inputs: Sequence[Any]) -> Any:
    """The sink ``-o`` asks for; an unusable output path is a usage error (exit 2)."""
    from .output import SUFFIXES, FileSink, FolderSink, JsonlSink, StreamSink

    try:
        if mode == "stream" or path is None:
            return StreamSink(_utf8_stdout(), args.format or "jsonl")
        if mode == "folder":
            return FolderSink(path, args.format or "json", explain=args.explain, force=args.force)
        fmt = args.format or {suffix: fmt for fmt, suffix in SUFFIXES.items()}[path.suffix.lower()]
        if args.explain:
            raise _UsageError(
                "--explain writes beside each page's file: use -o FOLDER (or read 'removed' in JSON lines)"
            )
        if fmt == "jsonl":
            return JsonlSink(path, force=args.force)
        if len(inputs) != 1 or inputs[0].path is None:
            raise _UsageError(f"-o {args.output}: one {fmt} file holds one page; use -o FOLDER or a .jsonl file")
        return FileSink(path, fmt, force=args.force)
    except OutputError as exc:
        raise _UsageError(str(exc)) from None


def _is_warc_name(path: Path | None) -> bool:
    return path is not None and path.name.lower().endswith((".warc", ".warc.gz", ".arc", ".arc.gz"))


def _files_left_out(paths: Sequence[str], inputs: Sequence[Any], skip_dirs: Sequence[Path]) -> tuple[int, int]:
    """(files under the folders given, of which left out by --include/--exclude): the walk counted again, hidden
    entries and the output folder skipped as the input walk skips them."""
    skipped = {os.path.realpath(d) for d in skip_dirs}
    total = 0
    folders = [given for given in paths if given != "-" and os.path.isdir(given)]
    for given in folders:
        for folder, dirs, files in os.walk(given):
            dirs[:] = [
                d for d in dirs if not d.startswith(".") and os.path.realpath(os.path.join(folder, d)) not in skipped
            ]
            total += sum(1 for file in files if not file.startswith("."))
    named = sum(1 for given in paths if given == "-" or not os.path.isdir(given))
    taken = len(inputs) - named
    return total, max(0, total - taken)


def _read_items(inputs: Sequence[Any], sink: Any, max_bytes: int, progress: _ByteProgress | None) -> Iterator[Any]:
    """The pages of ``inputs`` (see :func:`cleaner.sources.iter_items`), one input at a time so that, with a byte
    progress bar, each file's read position can be followed: a WARC file is opened here and handed to the reader
    as a stream, whose position after each record is the bytes read so far."""
    from .output import NameRegistry
    from .sources import Input, iter_items

    registry = NameRegistry()  # one for the whole run: names stay unique across inputs
    for source in inputs:
        if progress is None or source.path is None:
            yield from iter_items([source], skip=sink.done, max_bytes=max_bytes, registry=registry)
            continue
        size = _size_of(source.path)
        if not _is_warc_name(source.path):
            yield from iter_items([source], skip=sink.done, max_bytes=max_bytes, registry=registry)
            progress.read(size)
            continue
        try:
            handle = open(source.path, "rb")  # noqa: SIM115 - closed below, after the generator is done
        except OSError:
            yield from iter_items([source], skip=sink.done, max_bytes=max_bytes, registry=registry)  # reports it
            continue
        done = 0
        with handle:
            stream = Input(None, source.label, source.name)
            for item in iter_items([stream], skip=sink.done, max_bytes=max_bytes, registry=registry, stdin=handle):
                position = handle.tell()
                progress.read(position - done)
                done = position
                yield item
        progress.read(size - done)


def _size_of(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def cmd_clean(args: argparse.Namespace) -> int:
    """Run ``cleaner clean`` (see the module docstring); the exit status."""
    from .sources import DEFAULT_INCLUDE, discover

    options = _options(args, max_input_bytes=args.max_bytes)
    for given in args.paths:
        if given != "-" and not os.path.exists(given):
            raise _UsageError(f"no such file or folder: {given}")
    if args.paths.count("-") > 1:
        raise _UsageError("stdin (-) can be read only once")
    mode, out_path = _output_mode(args)
    include = tuple(args.include) if args.include else DEFAULT_INCLUDE
    skip_dirs = [out_path] if mode == "folder" and out_path is not None else []
    inputs = discover(
        args.paths,
        include=include,
        exclude=tuple(args.exclude),
        skip_dirs=skip_dirs,
        follow_symlinks=args.follow_symlinks,
    )
    total, left_out = _files_left_out(args.paths, inputs, skip_dirs)
    patterns = f"--include {' '.join(include)}" + (f" --exclude {' '.join(args.exclude)}" if args.exclude else "")
    if not inputs:
        raise _UsageError(f"no file to clean: none of the {total} files in the folders given matches {patterns}")
    sink = _sink_for_clean(args, mode, out_path, inputs)
    if left_out and not args.quiet:
        print(f"cleaner: {left_out} of {total} files in the folders given left out by {patterns}", file=sys.stderr)
    stats = _Stats()
    warc_like = any(i.path is None or _is_warc_name(i.path) for i in inputs)
    byte_progress: _ByteProgress | None = None
    bar: Any
    if any(_is_warc_name(i.path) for i in inputs):
        # WARC files: the page count is unknown until they are read, so the bar counts the input bytes instead.
        total_bytes = sum(_size_of(i.path) for i in inputs if i.path is not None)
        byte_progress = _ByteProgress(_progress(args, total_bytes, unit="B"))
        bar = byte_progress
    else:
        bar = _progress(args, None if warc_like else len(inputs))
    workers = args.workers
    if workers is None and not warc_like:
        from .batch import default_workers

        workers = max(1, min(default_workers(), len(inputs)))  # no idle workers to start for a handful of pages
    started = time.monotonic()
    finished = False
    try:
        items = _read_items(inputs, sink, args.max_bytes, byte_progress)
        _clean_and_write(
            items,
            sink,
            options=options,
            limits=_limits(args),
            workers=workers,
            stats=stats,
            bar=bar,
            templates=args.templates,
        )
        finished = True
    finally:
        bar.close()
        abort = getattr(sink, "abort", None)
        if finished or abort is None:
            sink.close()
        else:
            abort()
    if not args.quiet:
        print(stats.summary(time.monotonic() - started), file=sys.stderr)
        if mode == "folder" and out_path is not None and stats.failed:
            print(f"cleaner: the pages that failed are listed in {out_path / 'errors.jsonl'}", file=sys.stderr)
    return 1 if stats.failed else 0
