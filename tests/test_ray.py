"""cleaner.ray: the row format, the picklable record functions, and a real local Ray cluster cleaning a few hundred
synthetic pages (written here, varied: HTML and text captures, charsets, gzip, broken input) compared row by row
with clean() called directly."""

from __future__ import annotations

import gzip
import io
import json
import pickle
import random
import subprocess
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from cleaner import Article, Caption, Limits, Options, Removal, clean
from cleaner.ray import (
    ARTICLE_COLUMNS,
    CleanBatch,
    article_from_row,
    article_row,
    clean_partition,
    clean_record,
)


def ray_test(test: Any) -> Any:
    """The marks of a test that runs on the local Ray cluster."""
    for mark in (pytest.mark.ray, pytest.mark.slow, pytest.mark.usefixtures("ray_job_deadline")):
        test = mark(test)
    return test


# -- synthetic pages ----------------------------------------------------------------------------------------------

_VOCABULARY = (
    "council harbour river budget school village bridge winter festival market report station study museum "
    "committee farmers engineers residents volunteers library season proposal evidence survey weather storm "
    "council members said the plan would change how the town pays for roads and water over the next decade "
    "officials expected a vote later this month after a long public hearing that drew hundreds of people"
)
_WORDS = _VOCABULARY.split()
_NAMES = ("Ada Morel", "Tomas Lindqvist", "Priya Raman", "Jonah Whitcombe", "Lucia Ferraro", "Kwame Asante")
_SITES = ("The Valley Courier", "Harbour Daily", "Northfield Gazette", "Metro Ledger")


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(9, 22))]
    return " ".join(words).capitalize() + "."


def _paragraphs(rng: random.Random, count: int) -> list[str]:
    return [" ".join(_sentence(rng) for _ in range(rng.randint(2, 5))) for _ in range(count)]


def _html_page(rng: random.Random, index: int) -> str:
    site = rng.choice(_SITES)
    author = rng.choice(_NAMES)
    title = _sentence(rng).rstrip(".")
    date = f"2021-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    paras = "\n".join(f"<p>{p}</p>" for p in _paragraphs(rng, rng.randint(2, 9)))
    figure = (
        f'<figure><img src="/img/{index}.jpg"><figcaption>{_sentence(rng)} Photo: {rng.choice(_NAMES)}/Agency'
        "</figcaption></figure>"
        if rng.random() < 0.5
        else ""
    )
    jsonld = (
        '<script type="application/ld+json">'
        + json.dumps(
            {
                "@type": "NewsArticle",
                "headline": title,
                "datePublished": date,
                "author": {"@type": "Person", "name": author},
                "publisher": {"@type": "Organization", "name": site},
            }
        )
        + "</script>"
        if rng.random() < 0.6
        else ""
    )
    cookie = '<div class="cookie-banner">We use cookies to improve your experience. Accept all</div>'
    related = "".join(f'<li><a href="/n/{index}-{k}">{_sentence(rng)}</a></li>' for k in range(rng.randint(0, 5)))
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title} | {site}</title>'
        f'<meta property="og:site_name" content="{site}"><meta name="description" content="{_sentence(rng)}">'
        f"{jsonld}</head><body>"
        f'<header><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav></header>'
        f"{cookie if rng.random() < 0.4 else ''}"
        f'<main><article><h1>{title}</h1><p class="byline">By {author}</p><time datetime="{date}">{date}</time>'
        f"{figure}{paras}</article>"
        f"<aside><h2>Related</h2><ul>{related}</ul></aside></main>"
        f"<footer><p>&copy; 2021 {site}. All rights reserved.</p><a href='/privacy'>Privacy</a></footer>"
        "</body></html>"
    )


def _text_page(rng: random.Random) -> str:
    site = rng.choice(_SITES)
    lines = ["Skip to content", site, "Home", "News", "Sport", "Opinion", "Subscribe", "", _sentence(rng).rstrip(".")]
    if rng.random() < 0.7:
        lines += [f"By {rng.choice(_NAMES)}", f"March {rng.randint(1, 28)}, 2022"]
    for k, para in enumerate(_paragraphs(rng, rng.randint(2, 8))):
        lines += ["", para]
        if k == 1 and rng.random() < 0.5:
            lines += ["", "Advertisement"]
        if k == 0 and rng.random() < 0.4:
            lines += ["", f"{_sentence(rng)} Photograph: {rng.choice(_NAMES)}/Reuters"]
    lines += ["", "Share this article", "Sign up for our newsletter", f"© 2022 {site}"]
    return "\n".join(lines) + "\n"


def synthetic_pages(count: int, seed: int = 6) -> list[tuple[str, bytes]]:
    """``count`` varied pages as (file name, bytes): UTF-8 and Latin-1 HTML, gzipped HTML, text captures, and a
    few that cannot be cleaned (empty, an image, binary noise) so that flagged rows are compared too."""
    rng = random.Random(seed)
    pages: list[tuple[str, bytes]] = [
        ("empty.html", b""),
        ("image.html", b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(200))),
        ("noise.txt", bytes(rng.randrange(256) for _ in range(3000))),
        ("blank.txt", b"   \n\n  \n"),
    ]
    for index in range(count - len(pages)):
        roll = rng.random()
        if roll < 0.45:
            pages.append((f"page{index:04d}.html", _html_page(rng, index).encode("utf-8")))
        elif roll < 0.55:
            html = _html_page(rng, index).replace('charset="utf-8"', 'charset="iso-8859-1"')
            html = html.replace("</h1>", " - café in Zürich</h1>")
            pages.append((f"page{index:04d}.htm", html.encode("iso-8859-1")))
        elif roll < 0.65:
            pages.append((f"page{index:04d}.html.gz", gzip.compress(_html_page(rng, index).encode("utf-8"))))
        else:
            pages.append((f"page{index:04d}.txt", _text_page(rng).encode("utf-8")))
    return pages


def write_pages(folder: Path, pages: list[tuple[str, bytes]]) -> dict[str, bytes]:
    """Write the pages under ``folder`` (half in a sub-folder) and return {id relative to folder: bytes}."""
    written = {}
    for k, (name, data) in enumerate(pages):
        rel = f"sub/{name}" if k % 2 else name
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_bytes(data)
        written[rel] = data
    return written


# -- the row format -----------------------------------------------------------------------------------------------

FULL_ARTICLE = Article(
    text="First paragraph.\n\nSecond paragraph.",
    title="A title",
    byline="Ada Morel",
    authors=("Ada Morel", "Priya Raman"),
    date="2021-03-04",
    publisher="Harbour Daily",
    site_name="Harbour Daily",
    description="What happened.",
    language="en",
    url="https://example.com/a",
    image="https://example.com/a.jpg",
    tags=("harbour", "budget"),
    captions=(Caption("The harbour at dawn.", "Jonah Whitcombe/Agency"), Caption("No credit here.")),
    kind="text",
    flags={"paywall": "a 'subscribe to read' prompt", "truncated": "continue reading"},
    removed=(Removal("Home News Sport", "menu_run"),),
)


def test_importing_cleaner_and_cleaner_ray_does_not_import_ray() -> None:
    code = "import sys, cleaner, cleaner.ray; print(sorted(m for m in ('ray', 'pyarrow') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_article_columns_are_the_to_dict_keys() -> None:
    assert list(ARTICLE_COLUMNS) == list(Article().to_dict())
    pytest.importorskip("pyarrow", reason="pyarrow comes with ray: pip install 'cleaner[ray]'")
    from cleaner.ray import article_schema

    assert article_schema().names == list(ARTICLE_COLUMNS)


def test_row_survives_arrow_and_comes_back_as_the_same_article() -> None:
    pa = pytest.importorskip("pyarrow", reason="pyarrow comes with ray: pip install 'cleaner[ray]'")
    from cleaner.ray import article_schema

    rows = [article_row(FULL_ARTICLE), article_row(Article(flags={"empty": "no article text was found"}))]
    assert json.loads(rows[0]["flags"]) == FULL_ARTICLE.flags
    table = pa.Table.from_pylist(rows, schema=article_schema())
    assert table.schema.field("captions").type == pa.list_(pa.struct([("text", pa.string()), ("credit", pa.string())]))
    back = [article_from_row(row) for row in table.to_pylist()]
    assert back == [FULL_ARTICLE, Article(flags={"empty": "no article text was found"})]
    # pandas gives list columns back as numpy arrays
    frame = table.to_pandas()
    assert article_from_row(frame.iloc[0].to_dict()) == FULL_ARTICLE


# -- one record, no Ray -------------------------------------------------------------------------------------------


def _page(i: int) -> bytes:
    return _html_page(random.Random(i), i).encode("utf-8")


def test_clean_record_keeps_other_fields_and_matches_clean() -> None:
    record = {"id": "p1", "bytes": _page(1), "url": "https://example.com/p1", "lang_hint": "en"}
    row = clean_record(record, url_column="url")
    assert row["id"] == "p1" and row["lang_hint"] == "en" and "bytes" not in row
    assert set(ARTICLE_COLUMNS) <= set(row)
    assert article_from_row(row) == clean(record["bytes"], url="https://example.com/p1")


def test_a_bad_record_gives_a_failed_row_not_an_exception() -> None:
    null_row = clean_record({"id": "n", "bytes": None})
    assert json.loads(null_row["flags"]) == {"failed": "the record has no page data (null)"}
    wrong_type = clean_record({"id": "w", "bytes": 12345})
    assert json.loads(wrong_type["flags"])["failed"].startswith("SourceTypeError:")
    assert null_row["text"] == "" and null_row["id"] == "n"


def test_clean_record_pickles_by_reference_and_runs_in_other_processes() -> None:
    assert pickle.loads(pickle.dumps(clean_record)) is clean_record
    records = [{"id": str(i), "bytes": _page(i)} for i in range(4)]
    with ProcessPoolExecutor(max_workers=1) as pool:
        rows = list(pool.map(clean_record, records))
    assert [r["id"] for r in rows] == ["0", "1", "2", "3"]
    assert [article_from_row(r) for r in rows] == [clean(r["bytes"]) for r in records]


def test_clean_record_takes_a_spark_like_row() -> None:
    class Row:  # what pyspark.sql.Row offers: asDict()
        def __init__(self, **fields: Any) -> None:
            self._fields = fields

        def asDict(self) -> dict[str, Any]:  # pyspark's name
            return dict(self._fields)

    row = clean_record(Row(id="s", bytes=_page(2)))  # type: ignore[arg-type]
    assert row["id"] == "s" and article_from_row(row) == clean(_page(2))


@pytest.mark.slow
def test_clean_partition_in_a_sandbox_matches_clean() -> None:
    records = [{"id": str(i), "bytes": _page(i)} for i in range(5)] + [{"id": "null", "bytes": None}]
    rows = list(clean_partition(iter(records)))
    assert [r["id"] for r in rows] == [r["id"] for r in records]
    assert [article_from_row(r) for r in rows[:5]] == [clean(r["bytes"]) for r in records[:5]]
    assert "failed" in json.loads(rows[5]["flags"])


@pytest.mark.slow
def test_sandboxed_partition_turns_a_page_over_the_deadline_into_a_timeout_row() -> None:
    # A page that hangs inside clean() cannot be built from HTML on purpose; a deadline no page meets stands for it.
    records = [{"id": "slow", "bytes": _page(3)}]
    rows = list(clean_partition(records, limits=Limits(timeout=0.000_001)))
    assert "timeout" in json.loads(rows[0]["flags"])


def test_clean_batch_takes_arrow_pandas_and_numpy_batches_alike() -> None:
    pa = pytest.importorskip("pyarrow", reason="pyarrow comes with ray: pip install 'cleaner[ray]'")
    table = pa.table(
        {
            "id": ["a", "b", "c"],
            "bytes": pa.array([_page(4), None, _text_page(random.Random(5)).encode()], pa.binary()),
            "url": ["https://example.com/a", None, "https://example.com/c"],
            "text": ["an input column named like an Article field", "is replaced", "by it"],
        }
    )
    cleaner_fn = CleanBatch(url_column="url", sandbox=False)
    out = cleaner_fn(table)
    assert out.column_names == ["id", *ARTICLE_COLUMNS]
    assert out.column("id").to_pylist() == ["a", "b", "c"]
    rows = out.to_pylist()
    assert article_from_row(rows[0]) == clean(_page(4), url="https://example.com/a")
    assert "failed" in json.loads(rows[1]["flags"])
    numpy_batch = {name: table.column(name).to_numpy(zero_copy_only=False) for name in table.column_names}
    assert cleaner_fn(numpy_batch).equals(out)
    from_pandas = cleaner_fn(table.to_pandas())  # pandas may widen the kept string columns (large_string)
    assert from_pandas.select(list(ARTICLE_COLUMNS)).equals(out.select(list(ARTICLE_COLUMNS)))
    assert from_pandas.to_pylist() == rows
    with pytest.raises(KeyError, match="no column 'html'"):
        CleanBatch(column="html", sandbox=False)(table)


# -- a real local Ray cluster -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ray_cluster() -> Iterator[Any]:
    pytest.importorskip("ray", reason="ray is not installed: pip install 'cleaner[ray]'")
    import ray
    import ray.data

    # 2 CPUs as the issue asks; a small object store, since the machine is shared and the pages are small.
    ray.init(num_cpus=2, include_dashboard=False, object_store_memory=256 * 1024 * 1024, log_to_driver=False)
    ray.data.DataContext.get_current().enable_progress_bars = False
    try:
        yield ray
    finally:
        ray.shutdown()


#: Seconds a Ray test may run before the cluster is shut down under it. A Ray job whose workers starve its other
#: tasks of CPUs waits forever instead of failing; shutting Ray down makes the waiting call raise, so the test fails
#: with a traceback instead of hanging the suite. The tests take well under a minute each on 2 busy cores.
RAY_TEST_DEADLINE = 300.0


@pytest.fixture
def ray_job_deadline(ray_cluster: Any) -> Iterator[None]:
    timer = threading.Timer(RAY_TEST_DEADLINE, ray_cluster.shutdown)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()


def _by_id(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    by_id = {row["id"]: row for row in rows}
    assert len(by_id) == len(rows), "duplicate ids in the output"
    return by_id


@ray_test
@pytest.mark.parametrize("sandbox", [True, False], ids=["sandbox", "in-worker"])
def test_clean_dataset_over_a_folder_matches_clean_on_every_page(tmp_path: Path, sandbox: bool) -> None:
    from cleaner.ray import clean_dataset, read_folder

    count = 300 if sandbox else 60  # the in-worker run checks the other code path on fewer pages
    written = write_pages(tmp_path, synthetic_pages(count, seed=6 if sandbox else 7))
    (tmp_path / "notes.md").write_text("not a capture: left out by the default include patterns")

    ds = read_folder(tmp_path)
    raw = _by_id(ds.take_all())
    assert set(raw) == set(written)
    assert all(raw[i]["bytes"] == data and raw[i]["url"] is None for i, data in written.items())

    rows = _by_id(clean_dataset(ds, concurrency=2, sandbox=sandbox).take_all())
    assert set(rows) == set(written)
    for page_id, data in written.items():
        row = rows[page_id]
        assert "bytes" not in row
        assert article_from_row(row) == clean(data), page_id
    flags = [json.loads(row["flags"]) for row in rows.values()]
    assert any("refused" in f for f in flags) and any("empty" in f for f in flags)
    assert sum(1 for row in rows.values() if row["kind"] == "text") > count // 5
    assert sum(1 for row in rows.values() if row["captions"]) > 0


@ray_test
def test_clean_dataset_passes_urls_and_turns_a_null_page_into_a_failed_row() -> None:
    import ray.data

    from cleaner.ray import clean_dataset

    items = [{"id": f"u{i}", "html": _page(i), "page_url": f"https://example.com/{i}"} for i in range(20)]
    items.append({"id": "null", "html": None, "page_url": None})
    options = Options(with_metadata=False)
    out = clean_dataset(ray.data.from_items(items), column="html", url_column="page_url", options=options)
    rows = _by_id(out.take_all())
    for item in items[:-1]:
        row = rows[item["id"]]
        assert row["page_url"] == item["page_url"]
        assert article_from_row(row) == clean(item["html"], url=item["page_url"], options=options)
    assert json.loads(rows["null"]["flags"]) == {"failed": "the record has no page data (null)"}


def _write_warc(path: Path, pages: list[tuple[str, bytes]], host: str) -> dict[str, tuple[bytes, str | None]]:
    """A gzipped WARC holding the pages as responses, plus records read_warc must skip. Returns the expected
    {url: (body, charset)} of the records it must keep. (Every record is given its length: without one, warcio
    spools the payload to a temporary file it never closes.)"""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    expected: dict[str, tuple[bytes, str | None]] = {}
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)

        def response(url: str, body: bytes, headers: list[tuple[str, str]], status: str = "200 OK") -> None:
            http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(
                    url, "response", payload=io.BytesIO(body), length=len(body), http_headers=http
                )
            )

        for k, (name, data) in enumerate(pages):
            url = f"https://{host}.example.org/{k}/{name}"
            if name.endswith(".gz"):  # served with Content-Encoding: gzip, which read_warc must undo
                response(url, data, [("Content-Type", "text/html"), ("Content-Encoding", "gzip")])
                expected[url] = (gzip.decompress(data), None)
            elif name.endswith(".htm"):  # Latin-1, said in the HTTP header
                response(url, data, [("Content-Type", "text/html; charset=ISO-8859-1")])
                expected[url] = (data, "ISO-8859-1")
            elif name.endswith(".txt"):
                response(url, data, [("Content-Type", "text/plain; charset=utf-8")])
                expected[url] = (data, "utf-8")
            else:
                response(url, data, [("Content-Type", "text/html; charset=utf-8")])
                expected[url] = (data, "utf-8")
        response(
            f"https://{host}.example.org/missing",
            b"<html>Not found</html>",
            [("Content-Type", "text/html")],
            "404 Not Found",
        )
        response(f"https://{host}.example.org/logo.png", b"\x89PNG\r\n\x1a\n", [("Content-Type", "image/png")])
        writer.write_record(
            writer.create_warc_record(
                f"https://{host}.example.org/0", "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n"), length=18
            )
        )
        note = _text_page(random.Random(99)).encode()
        writer.write_record(
            writer.create_warc_record(
                f"https://{host}.example.org/note.txt",
                "resource",
                payload=io.BytesIO(note),
                length=len(note),
                warc_content_type="text/plain",
            )
        )
        expected[f"https://{host}.example.org/note.txt"] = (note, None)
    return expected


@ray_test
def test_read_warc_then_clean_dataset_matches_clean_on_every_record(tmp_path: Path) -> None:
    from cleaner.ray import clean_dataset, read_warc

    pages = [p for p in synthetic_pages(80, seed=8) if p[1]]  # a WARC response with an empty body says nothing new
    # Two files, so both workers get one (Ray gives a worker whole blocks, and read_warc makes a block per file).
    expected = _write_warc(tmp_path / "crawl-1.warc.gz", pages[::2], "one")
    expected.update(_write_warc(tmp_path / "crawl-2.warc.gz", pages[1::2], "two"))

    ds = read_warc(tmp_path)
    raw = {row["url"]: row for row in ds.take_all()}
    assert set(raw) == set(expected)
    for url, (body, charset) in expected.items():
        assert (raw[url]["bytes"], raw[url]["charset"]) == (body, charset), url
        assert raw[url]["id"].startswith("<urn:uuid:")

    rows = clean_dataset(ds, url_column="url", charset_column="charset", concurrency=2).take_all()
    assert len(rows) == len(expected)
    for row in rows:
        body, charset = expected[row["url"]]
        assert article_from_row(row) == clean(body, url=row["url"], charset=charset), row["url"]


def test_readers_and_clean_dataset_reject_bad_arguments_before_any_job(tmp_path: Path) -> None:
    pytest.importorskip("ray", reason="ray is not installed: pip install 'cleaner[ray]'")
    from cleaner.ray import clean_dataset, read_folder, read_warc

    with pytest.raises(FileNotFoundError, match="no such folder"):
        read_folder(tmp_path / "missing")
    (tmp_path / "file.html").write_text("<p>x</p>")
    with pytest.raises(NotADirectoryError, match="not a folder"):
        read_folder(tmp_path / "file.html")
    with pytest.raises(FileNotFoundError, match="no such WARC file"):
        read_warc([tmp_path / "missing.warc.gz"])
    with pytest.raises(ValueError, match="batch_size must be a positive whole number"):
        clean_dataset(None, batch_size=0)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"options must be a cleaner\.Options"):
        clean_dataset(None, options={"timeout": 3})  # type: ignore[arg-type]


@ray_test
def test_a_folder_with_no_capture_gives_an_empty_dataset_with_the_reader_columns(tmp_path: Path) -> None:
    from cleaner.ray import read_folder, read_warc

    (tmp_path / "notes.md").write_text("not a capture")
    (tmp_path / "crawl.warc.cdx").write_text(" CDX N b a m s k r M S V g\n")  # an index beside a WARC, not one
    for ds in (read_folder(tmp_path), read_warc(tmp_path)):
        assert ds.count() == 0
        assert ds.schema().names == ["id", "bytes", "url", "charset"]


@ray_test
def test_read_folder_takes_the_same_files_as_the_cli(tmp_path: Path) -> None:
    from cleaner.ray import DEFAULT_INCLUDE, read_folder
    from cleaner.sources import discover

    (tmp_path / "a").mkdir()
    (tmp_path / ".git").mkdir()
    for name in ("a/One.HTML", "two.txt", ".hidden.html", ".git/x.html", "notes.json", "a/three.shtml"):
        (tmp_path / name).write_text("<p>page</p>")
    cli_ids = sorted(
        inp.path.relative_to(tmp_path).as_posix()
        for inp in discover([tmp_path], include=DEFAULT_INCLUDE)
        if inp.path is not None
    )
    assert cli_ids == ["a/One.HTML", "a/three.shtml", "two.txt"]
    assert sorted(row["id"] for row in read_folder(tmp_path).take_all()) == cli_ids
