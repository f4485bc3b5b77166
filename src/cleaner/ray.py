"""Ray Data adapter: clean a Dataset of captured pages, and read folders or WARC files into one.

Install with ``pip install "cleaner[ray]"``. Importing this module does not import Ray (or pyarrow): that happens
when :func:`clean_dataset`, :func:`read_folder`, :func:`read_warc` or :class:`CleanBatch` is first used, so
:func:`clean_record` and :func:`clean_partition` — the picklable functions Spark and Dask users call — work with
neither installed. See ``docs/distributed.md`` for the same job on Ray, Spark and Dask::

    from cleaner.ray import clean_dataset, read_warc

    articles = clean_dataset(read_warc(["crawl.warc.gz"]), url_column="url", charset_column="charset")
    articles.write_parquet("articles/")

Rows in, rows out. An input row holds the page's raw data in ``column`` (bytes or str) and, optionally, its URL and
HTTP charset. The output row keeps every other input column (``id``, ...) and adds the :class:`~cleaner.Article`
fields under the :meth:`~cleaner.Article.to_dict` keys (:data:`ARTICLE_COLUMNS`); an input column with one of those
names is replaced, and ``column`` itself (the raw page, the bulk of the data) is dropped. The Arrow types
(:func:`article_schema`) are fixed, so every block has the same schema and Parquet files written from them merge:

- strings for ``text``, ``markdown``, ``title``, ``byline``, ``date``, ``publisher``, ``site_name``,
  ``description``, ``language``, ``url``, ``image``, ``kind`` (null when the Article field is None);
- ``list<string>`` for ``authors`` and ``tags``;
- ``list<struct<text: string, credit: string>>`` for ``captions``, ``list<struct<text, rule>>`` for ``removed``,
  ``list<struct<text, url>>`` for ``links``;
- ``flags`` as a **JSON string** of the name -> reason object (``"{}"`` when no flag is raised). Chosen over an
  Arrow map (whose Python form is a list of pairs, not a dict) and over a struct with one field per flag name (whose
  schema would change whenever a flag is added): a JSON object reads the same in Ray, Spark, Dask, pandas and
  DuckDB, and :func:`article_from_row` turns it back into a dict. Filter with ``'"paywall"' in row["flags"]``
  or ``json.loads(row["flags"])``.

A page that cannot be cleaned never fails the job: it gives a row whose ``flags`` say why (``"refused"``,
``"timeout"``, ``"failed"`` with the exception, a null page included). By default every Ray worker cleans its pages
in a :class:`~cleaner.sandbox.Sandbox` (a child process with the per-page deadline ``Limits.timeout`` and the
memory cap ``Limits.max_memory_bytes``; pass ``limits=``), so a page that hangs or exhausts memory costs one row,
not the worker; ``sandbox=False`` cleans in the Ray worker itself, a little faster, with exceptions still caught
but no deadline.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import os
import typing
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .api import clean, warm_up
from .article import Article
from .errors import SourceTypeError
from .load import content_type_parts
from .options import DEFAULT_OPTIONS, Limits, Options, resolve_limits, resolve_options
from .sources import warc_page_records

if TYPE_CHECKING:
    import pyarrow as pa
    from ray.data import Dataset

    from .sandbox import Sandbox

__all__ = [
    "ARTICLE_COLUMNS",
    "DEFAULT_BATCH_SIZE",
    "DEFAULT_INCLUDE",
    "CleanBatch",
    "article_from_row",
    "article_row",
    "article_schema",
    "clean_dataset",
    "clean_partition",
    "clean_record",
    "read_folder",
    "read_warc",
]

#: The Article columns of an output row, in :meth:`Article.to_dict` order: the Article's fields, derived from the
#: dataclass so that a new field becomes a column without an edit here.
ARTICLE_COLUMNS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(Article))

#: Pages per ``map_batches`` call. A page costs 10-100 ms to clean, so Ray's per-batch overhead (a task round trip
#: and an Arrow conversion) is already small at 16 pages: ``benchmarks/bench_ray.py`` measured 16 and 64 alike within
#: the noise of a shared machine. Small batches keep the workers evenly loaded near the end of a job and bound the
#: memory one batch of large pages holds (16 x 50 MiB at worst).
DEFAULT_BATCH_SIZE = 16

#: File name patterns :func:`read_folder` takes by default: HTML and plain-text captures, maybe gzipped.
DEFAULT_INCLUDE: tuple[str, ...] = (
    "*.html", "*.htm", "*.xhtml", "*.shtml", "*.txt", "*.html.gz", "*.htm.gz", "*.txt.gz"
)  # fmt: skip


#: File names :func:`read_warc` takes from a folder (not the .cdx / .cdxj indexes that often sit beside them).
_WARC_SUFFIXES = (".warc", ".warc.gz")

#: WARC records :func:`read_warc` puts in one Arrow table: a bound on the memory one reader task holds at once
#: (Ray splits the tables into blocks anyway).
_WARC_CHUNK_RECORDS = 256

#: Longest exception message kept in a "failed" flag's reason.
_REASON_CHARS = 1000


# -- rows ---------------------------------------------------------------------------------------------------------


def article_row(article: Article) -> dict[str, Any]:
    """The Article as an Arrow-friendly row (see the module docstring): :meth:`Article.to_dict` with ``flags`` (every
    dict field) as a JSON string."""
    row = article.to_dict()
    for name, value in row.items():
        if isinstance(value, dict):
            row[name] = json.dumps(value, ensure_ascii=False)
    return row


def article_from_row(row: Mapping[str, Any]) -> Article:
    """Rebuild the Article from an output row (the inverse of :func:`article_row`; other columns are ignored).

    Takes rows as Ray, pandas or Spark give them back: list columns may be numpy arrays, ``flags`` a JSON string,
    and a string column that is null on every row of a batch may come back from pandas as NaN.
    """
    data = {name: row.get(name) for name in ARTICLE_COLUMNS}
    hints = typing.get_type_hints(Article)
    for name in ARTICLE_COLUMNS:
        value = data[name]
        if isinstance(value, float) and value != value:  # NaN: pandas' null for an all-null object column
            data[name] = value = None
        if typing.get_origin(hints[name]) is tuple:  # numpy arrays and Arrow structs back to lists of dicts
            data[name] = [] if value is None else [dict(v) if isinstance(v, Mapping) else v for v in value]
        elif typing.get_origin(hints[name]) is dict:
            data[name] = json.loads(value) if isinstance(value, str) else dict(value or {})
    return Article.from_dict(data)


def article_schema() -> pa.Schema:
    """The Arrow schema of the Article columns of an output row (imports pyarrow), derived from the Article's field
    types: a tuple of str -> ``list<string>``, a tuple of a dataclass (Caption, Removal) -> ``list<struct>`` of its
    string fields, a dict (``flags``) -> a JSON string, anything else (str, None, a Literal) -> string."""
    import pyarrow as pa

    def arrow_type(hint: Any) -> pa.DataType:
        if typing.get_origin(hint) is tuple:
            item = typing.get_args(hint)[0]
            if dataclasses.is_dataclass(item):
                return pa.list_(pa.struct([(f.name, pa.string()) for f in dataclasses.fields(item)]))
            return pa.list_(pa.string())
        return pa.string()

    hints = typing.get_type_hints(Article)
    return pa.schema([(name, arrow_type(hints[name])) for name in ARTICLE_COLUMNS])


# -- one record: the picklable functions Spark and Dask call ------------------------------------------------------


def _text_or_none(value: Any) -> str | None:
    """A URL or charset cell as a str; anything else (None, a pandas NaN, a number) counts as absent."""
    return value if isinstance(value, str) and value else None


def _clean_one(data: Any, url: str | None, charset: str | None, options: Options, sandbox: Sandbox | None) -> Article:
    """Clean one page; never raises: whatever goes wrong becomes an Article flagged "failed" with the reason."""
    if data is None:
        return Article(url=url, flags={"failed": "the record has no page data (null)"})
    if isinstance(data, (bytearray, memoryview)):
        data = bytes(data)
    try:
        if sandbox is not None:
            return sandbox.clean(data, url=url, charset=charset)
        return clean(data, url=url, options=options, charset=charset)
    except Exception as exc:  # one bad record must not end a job of millions: the row says what happened
        return Article(url=url, flags={"failed": f"{type(exc).__name__}: {exc}"[:_REASON_CHARS]})


def clean_record(
    record: Mapping[str, Any],
    *,
    column: str = "bytes",
    url_column: str | None = None,
    charset_column: str | None = None,
    options: Options | None = None,
    sandbox: Sandbox | None = None,
) -> dict[str, Any]:
    """Clean the page held in one record (a dict, or a Spark ``Row``) and return the output row.

    The page is ``record[column]`` (bytes or str); its URL ``record[url_column]`` and HTTP charset
    ``record[charset_column]`` when those are given. The result keeps the record's other fields, drops ``column``
    and adds the Article columns (:func:`article_row`). Never raises for a bad page: the row is flagged instead.
    A top-level function of an importable module, so Spark, Dask and multiprocessing pickle it by reference.

    ``sandbox``: a :class:`~cleaner.sandbox.Sandbox` to clean in (its options and limits then apply: the deadline
    and the memory cap); see :func:`clean_partition`, which opens one per partition.

    >>> page = b"<html><body><article><p>" + b"Some article words here. " * 30 + b"</p></article></body></html>"
    >>> row = clean_record({"id": "a", "bytes": page, "url": "https://example.com/a"}, url_column="url")
    >>> row["id"], row["url"], row["kind"], row["flags"], "bytes" in row
    ('a', 'https://example.com/a', 'html', '{}', False)
    """
    if not isinstance(record, Mapping):
        as_dict = getattr(record, "asDict", None)  # a pyspark.sql.Row
        if as_dict is None:
            raise SourceTypeError(f"clean_record() takes a mapping (or a Spark Row), not {type(record).__name__}")
        record = as_dict()
    options = resolve_options(options)
    url = _text_or_none(record.get(url_column)) if url_column else None
    charset = _text_or_none(record.get(charset_column)) if charset_column else None
    article = _clean_one(record.get(column), url, charset, options, sandbox)
    row = {key: value for key, value in record.items() if key != column and key not in ARTICLE_COLUMNS}
    row.update(article_row(article))
    return row


def clean_partition(
    records: Iterable[Mapping[str, Any]],
    *,
    column: str = "bytes",
    url_column: str | None = None,
    charset_column: str | None = None,
    options: Options | None = None,
    sandbox: bool = True,
    limits: Limits | None = None,
) -> Iterator[dict[str, Any]]:
    """Clean a partition of records (Spark ``mapPartitions``, Dask ``map_partitions``): :func:`clean_record` on
    each, in order. With ``sandbox=True`` (default) the partition is cleaned in one
    :class:`~cleaner.sandbox.Sandbox`, started once, so ``limits`` (:class:`~cleaner.Limits`: the deadline and the
    memory cap) hold per page; ``sandbox=False`` cleans in the calling process."""
    options = resolve_options(options)
    limits = resolve_limits(limits)
    if not sandbox:
        for record in records:
            yield clean_record(
                record, column=column, url_column=url_column, charset_column=charset_column, options=options
            )
        return
    from .sandbox import Sandbox

    with Sandbox(options, limits=limits) as box:
        for record in records:
            yield clean_record(
                record,
                column=column,
                url_column=url_column,
                charset_column=charset_column,
                options=options,
                sandbox=box,
            )


# -- Ray Data -----------------------------------------------------------------------------------------------------


def _as_table(batch: Any) -> pa.Table:
    """A ``map_batches`` batch in any of Ray's formats (pyarrow, pandas, numpy dict) as an Arrow table."""
    import pyarrow as pa

    if isinstance(batch, pa.Table):
        return batch
    if isinstance(batch, Mapping):
        return pa.table({name: pa.array(list(values)) for name, values in batch.items()})
    return pa.Table.from_pandas(batch, preserve_index=False)


class CleanBatch:
    """The callable class :func:`clean_dataset` maps over a Dataset; use it directly to choose your own
    ``map_batches`` arguments (compute strategy, resources)::

        ds.map_batches(CleanBatch, fn_constructor_kwargs={"url_column": "url"}, batch_format="pyarrow",
                       compute=ray.data.ActorPoolStrategy(size=8), num_cpus=1)

    Ray builds one instance per worker; the constructor does the per-worker work once: it checks the options,
    starts the sandbox worker process (``sandbox=True``), and cleans two small warm-up pages so the first batch
    does not pay for imports. A call takes a batch (Arrow table, pandas DataFrame or dict of numpy arrays) and
    returns an Arrow table: the batch's columns minus ``column`` (and minus any that an Article column replaces),
    then the Article columns. One row out per row in, in order.
    """

    def __init__(
        self,
        *,
        column: str = "bytes",
        url_column: str | None = None,
        charset_column: str | None = None,
        options: Options | None = None,
        sandbox: bool = True,
        limits: Limits | None = None,
    ) -> None:
        self.column = column
        self.url_column = url_column
        self.charset_column = charset_column
        self.options = resolve_options(options)
        self.schema = article_schema()
        self._sandbox: Sandbox | None = None
        if sandbox:
            from .sandbox import Sandbox

            self._sandbox = Sandbox(self.options, limits=resolve_limits(limits))
            self._sandbox.start()
        # the first real batch should not pay for lazy imports, regex compiles and model loads
        if self._sandbox is None:
            warm_up(self.options)

    def __call__(self, batch: Any) -> pa.Table:
        import pyarrow as pa

        table = _as_table(batch)
        if self.column not in table.column_names:
            raise KeyError(f"the dataset has no column {self.column!r} (its columns: {', '.join(table.column_names)})")
        pages = table.column(self.column).to_pylist()
        urls = self._optional_column(table, self.url_column)
        charsets = self._optional_column(table, self.charset_column)
        rows = [
            article_row(_clean_one(page, _text_or_none(url), _text_or_none(cs), self.options, self._sandbox))
            for page, url, cs in zip(pages, urls, charsets, strict=True)
        ]
        articles = pa.Table.from_pylist(rows, schema=self.schema)
        kept = table.drop_columns(
            [name for name in table.column_names if name == self.column or name in self.schema.names]
        )
        for field in self.schema:
            kept = kept.append_column(field, articles.column(field.name))
        return kept

    @staticmethod
    def _optional_column(table: pa.Table, name: str | None) -> list[Any]:
        if name is None:
            return [None] * table.num_rows
        if name not in table.column_names:
            raise KeyError(f"the dataset has no column {name!r} (its columns: {', '.join(table.column_names)})")
        return list(table.column(name).to_pylist())

    def close(self) -> None:
        """Stop the sandbox worker (Ray ends the actor's process anyway; this is for use outside Ray)."""
        if self._sandbox is not None:
            self._sandbox.close()


def clean_dataset(
    ds: Dataset,
    *,
    column: str = "bytes",
    url_column: str | None = None,
    charset_column: str | None = None,
    options: Options | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    concurrency: int | None = None,
    sandbox: bool = True,
    limits: Limits | None = None,
) -> Dataset:
    """Clean every page of a Ray Dataset; return the Dataset of output rows (lazy, like every Ray transform).

    ``column`` holds each page's raw data (bytes or str); ``url_column`` and ``charset_column`` name the columns
    with its URL and HTTP charset (None: not known). ``options`` applies to every page. ``batch_size``: pages per
    ``map_batches`` call. ``concurrency``: the number of workers (one CPU each); None lets Ray scale the pool from
    one worker up to the free CPUs. ``sandbox``: clean in a child process per worker, with the per-page deadline
    and memory cap of ``limits`` (:class:`~cleaner.Limits`; see the module docstring). One row comes out per
    input row (see the module docstring for the columns), in input order only when Ray's
    ``DataContext.execution_options.preserve_order`` is set: keep an ``id`` column to join on.

    Ray hands each worker whole blocks, so the input needs at least as many blocks as workers to use them all
    (``override_num_blocks=`` on the read; :func:`read_folder` makes enough, :func:`read_warc` one per file).
    """
    import ray.data

    options = resolve_options(options)
    limits = resolve_limits(limits)
    if not isinstance(batch_size, int) or isinstance(batch_size, bool) or batch_size <= 0:
        raise ValueError(f"batch_size must be a positive whole number, got {batch_size!r}")
    if concurrency is None:
        compute = ray.data.ActorPoolStrategy(min_size=1, max_size=None)
    else:
        compute = ray.data.ActorPoolStrategy(size=concurrency)
    # No repartition here: Ray's repartition tasks need a CPU of their own, and a pool of workers holding every CPU
    # starves them (the job hangs). Ray hands each worker whole blocks, so the input needs as many blocks as workers.
    return ds.map_batches(
        CleanBatch,
        fn_constructor_kwargs={
            "column": column,
            "url_column": url_column,
            "charset_column": charset_column,
            "options": options,
            "sandbox": sandbox,
            "limits": limits,
        },
        batch_size=batch_size,
        batch_format="pyarrow",
        compute=compute,
        num_cpus=1,
    )


# -- readers ------------------------------------------------------------------------------------------------------


def _reader_schema() -> pa.Schema:
    import pyarrow as pa

    return pa.schema([("id", pa.string()), ("bytes", pa.binary()), ("url", pa.string()), ("charset", pa.string())])


def _empty_dataset() -> Dataset:
    import ray.data

    return ray.data.from_arrow(_reader_schema().empty_table())


def read_folder(path: str | os.PathLike[str], *, include: str | Sequence[str] = DEFAULT_INCLUDE) -> Dataset:
    """The files under ``path`` (recursively) whose names match one of the ``include`` patterns, as a Dataset with
    the columns ``id`` (the path relative to ``path``, with ``/``), ``bytes`` (the file as stored), ``url`` and
    ``charset`` (null: a file does not say). Files are listed here and read by the Ray workers.
    Raises FileNotFoundError / NotADirectoryError for a bad ``path``; a folder with no matching file gives an empty
    Dataset."""
    import ray.data

    root = Path(path)
    if not root.exists():
        raise FileNotFoundError(f"no such folder: {root}")
    if not root.is_dir():
        raise NotADirectoryError(f"not a folder: {root}")
    from .sources import discover

    patterns = (include,) if isinstance(include, str) else tuple(include)
    # the CLI's walk, so that one folder gives the same pages to `cleaner clean` and to Ray (hidden entries skipped,
    # globs case-insensitive, a glob with "/" matching the path inside the folder)
    files = [inp.path for inp in discover([root], include=patterns) if inp.path is not None]
    if not files:
        return _empty_dataset()
    items = [{"id": p.relative_to(root).as_posix(), "path": str(p.resolve())} for p in files]
    return ray.data.from_items(items).map_batches(_read_files, batch_format="pyarrow")


def _read_files(batch: pa.Table) -> pa.Table:
    import pyarrow as pa

    ids = batch.column("id").to_pylist()
    data = [Path(p).read_bytes() for p in batch.column("path").to_pylist()]
    nulls = [None] * len(ids)
    return pa.Table.from_arrays(
        [
            pa.array(ids, pa.string()),
            pa.array(data, pa.binary()),
            pa.array(nulls, pa.string()),
            pa.array(nulls, pa.string()),
        ],
        schema=_reader_schema(),
    )


def read_warc(
    paths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    *,
    max_record_bytes: int = DEFAULT_OPTIONS.max_input_bytes,
) -> Dataset:
    """The pages in WARC files (``.warc`` or ``.warc.gz``; a folder stands for those files under it) as a
    Dataset with the columns ``id`` (WARC-Record-ID), ``bytes`` (the HTTP body, with transfer and content encodings
    undone), ``url`` (WARC-Target-URI) and ``charset`` (from the HTTP Content-Type, else null).

    Kept: ``response`` records with a 2xx HTTP status and ``resource`` records, whose content type is HTML, XHTML,
    plain text or missing. Each file is read by one Ray task. A body longer than ``max_record_bytes`` is cut there
    (so one record cannot fill a worker's memory); :func:`clean_dataset` with the default options then refuses it
    as too large."""
    import ray.data

    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    files: list[str] = []
    for entry in paths:
        path = Path(entry)
        if path.is_dir():
            files.extend(str(p) for p in sorted(path.rglob("*")) if p.is_file() and p.name.endswith(_WARC_SUFFIXES))
        elif path.is_file():
            files.append(str(path))
        else:
            raise FileNotFoundError(f"no such WARC file or folder: {path}")
    if not files:
        return _empty_dataset()
    # num_cpus=0: reading a WARC file is light next to cleaning its pages, and a reader that asked for a CPU would be
    # fused into the cleaning workers, where Ray bundles batch_size *files* (not pages) into one worker's task.
    return ray.data.from_items([{"path": f} for f in files], override_num_blocks=len(files)).map_batches(
        functools.partial(_read_warc_files, max_record_bytes=max_record_bytes),
        batch_size=1,
        batch_format="pyarrow",
        num_cpus=0,
    )


def _iter_warc_pages(path: str | os.PathLike[str], *, max_record_bytes: int) -> Iterator[dict[str, Any]]:
    """The page records of one WARC file, as dicts with ``id``, ``bytes``, ``url``, ``charset`` (see
    :func:`read_warc`)."""
    with open(path, "rb") as stream:
        for record, _headers, content_type in warc_page_records(stream):
            yield {
                "id": record.rec_headers.get_header("WARC-Record-ID"),
                "bytes": record.content_stream().read(max_record_bytes + 1),
                "url": record.rec_headers.get_header("WARC-Target-URI"),
                "charset": content_type_parts(content_type)[1],
            }


def _read_warc_files(batch: pa.Table, *, max_record_bytes: int) -> Iterator[pa.Table]:
    """A ``map_batches`` function: the batch holds WARC file paths; yields tables of their page records."""
    import pyarrow as pa

    schema = _reader_schema()
    chunk: list[dict[str, Any]] = []
    for path in batch.column("path").to_pylist():
        for page in _iter_warc_pages(path, max_record_bytes=max_record_bytes):
            chunk.append(page)
            if len(chunk) >= _WARC_CHUNK_RECORDS:
                yield pa.Table.from_pylist(chunk, schema=schema)
                chunk = []
    if chunk:
        yield pa.Table.from_pylist(chunk, schema=schema)
