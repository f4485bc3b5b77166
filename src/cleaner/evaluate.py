"""Measure cleaner on a corpus in the ``../shared/corpora`` format, with exactly the metrics of its README
(:mod:`cleaner.metrics`), beside trafilatura's ``extract()`` on the same pages in the same run.

A corpus folder holds ``pages/<id>.<ext>`` (maybe gzipped: ``<id>.html.gz``) and ``gold.jsonl`` (``id`` plus gold
fields, ``null`` when absent). Every page is scored with both body metrics (the AEB shingle metric and WCXB's
bag-of-words metric), per page type where the gold has one, for all pages and for the check split
(:func:`cleaner.metrics.is_check`); metadata fields by exact match, token F1 and the false-value rate (a value given
where the gold has none).
"""

from __future__ import annotations

import html
import json
import statistics
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from .article import Article
from .errors import CorpusError
from .metrics import (
    body_scores,
    html_items,
    is_check,
    markdown_items,
    metadata_key,
    page_f1,
    page_pr,
    shingle_prf,
    strip_markdown,
    structure_counts,
    structure_f1,
    token_f1,
    word_prf,
    word_scores,
)

__all__ = [
    "CAPTURE_STYLES",
    "COLLAPSE_MARGIN",
    "SPLITS",
    "CorpusReport",
    "PageScore",
    "body_scores",
    "evaluate_corpus",
    "format_report",
    "load_corpus",
    "metadata_key",
    "restyle",
    "shingle_prf",
    "token_f1",
]

#: gold field -> Article attribute, for the metadata fields the corpora carry (readability-dev: title, byline,
#: site_name, published, excerpt, lang; wcxb-dev: title, author, date).
METADATA_FIELDS: dict[str, str] = {
    "title": "title",
    "byline": "byline",
    "author": "byline",
    "site_name": "site_name",
    "published": "date",
    "date": "date",
    "excerpt": "description",
    "lang": "language",
    "publisher": "publisher",
}
#: Fields compared on their first 10 characters (``YYYY-MM-DD``), as the corpora README says for dates.
DATE_FIELDS = frozenset({"published", "date"})
#: Which pages of a corpus to run: all of them, the check split only, or the pages training may use.
SPLITS = ("all", "check", "train")
#: A page "collapses" when its WCXB page F1 is this far or further below the reference's on the same page.
COLLAPSE_MARGIN = 0.3

Split = Literal["all", "check", "train"]


@dataclass
class PageScore:
    """One page's scores. ``f1``/``precision``/``recall`` are the AEB shingle metric; ``words`` WCXB's (P, R, F1);
    ``reference_words`` trafilatura's WCXB triple on the same page, when run."""

    id: str
    f1: float
    precision: float | None
    recall: float | None
    seconds: float
    words: tuple[float, float, float] = (0.0, 0.0, 0.0)
    page_type: str | None = None
    check: bool = False
    fields: dict[str, tuple[bool, float, Any, Any]] = field(default_factory=dict)  # name -> (exact, tf1, gold, pred)
    flags: dict[str, str] = field(default_factory=dict)
    predicted_type: str | None = None
    reference_words: tuple[float, float, float] | None = None
    reference_f1: float | None = None
    #: structure item counts per kind (matched, predicted, gold) of Article.markdown and of trafilatura's Markdown,
    #: for pages whose gold has structure (wcxb ``markdown``, readability ``body_html``)
    structure: dict[str, tuple[int, int, int]] | None = None
    reference_structure: dict[str, tuple[int, int, int]] | None = None


@dataclass
class CorpusReport:
    """Scores of one run. ``body`` (AEB metric), ``words`` (WCXB metric) and ``fields`` cover every page run;
    :meth:`summary` recomputes them for a subset (the check split, one page type)."""

    corpus: str
    body: dict[str, float]
    fields: dict[str, dict[str, float]]  # name -> {"exact", "token_f1", "pages", "false_rate", "null_pages"}
    pages: list[PageScore]
    seconds_per_page: float
    reference: dict[str, float] | None = None  # trafilatura's AEB body scores on the same pages
    reference_seconds_per_page: float | None = None
    words: dict[str, float] = field(default_factory=dict)
    reference_words: dict[str, float] | None = None
    _pairs: dict[str, tuple[str | None, str | None, str | None]] = field(default_factory=dict, repr=False)
    _markdown: dict[str, str] = field(default_factory=dict, repr=False)  # page id -> Markdown with syntax stripped

    def subset(self, *, check: bool | None = None, page_type: str | None = None) -> list[PageScore]:
        return [
            p
            for p in self.pages
            if (check is None or p.check == check) and (page_type is None or p.page_type == page_type)
        ]

    def summary(self, pages: list[PageScore]) -> dict[str, Any]:
        """Both body metrics, per page type, the reference beside them, and the collapses, for ``pages``."""
        out: dict[str, Any] = {
            "pages": len(pages),
            "body": body_scores((self._pairs[p.id][0], self._pairs[p.id][1]) for p in pages),
            "words": word_scores(p.words for p in pages),
        }
        with_reference = any(p.reference_words is not None for p in pages)
        if with_reference:
            out["reference_body"] = body_scores((self._pairs[p.id][0], self._pairs[p.id][2]) for p in pages)
            out["reference_words"] = word_scores(p.reference_words or (0.0, 0.0, 0.0) for p in pages)
            out["collapses"] = [p.id for p in collapses(pages)]
        types = sorted({p.page_type for p in pages if p.page_type})
        if types:
            out["by_type"] = {}
            for kind in types:
                group = [p for p in pages if p.page_type == kind]
                row: dict[str, Any] = {"pages": len(group), "words": word_scores(p.words for p in group)}
                if with_reference:
                    row["reference_words"] = word_scores(p.reference_words or (0.0, 0.0, 0.0) for p in group)
                out["by_type"][kind] = row
            typed = [p for p in pages if p.page_type and p.predicted_type]
            if typed:
                out["page_type_accuracy"] = statistics.fmean(p.page_type == p.predicted_type for p in typed)
        structured = [p for p in pages if p.structure is not None]
        if structured:
            out["structure"] = structure_f1(p.structure for p in structured if p.structure)
            out["structure_pages"] = len(structured)
            if any(p.reference_structure for p in structured):
                out["reference_structure"] = structure_f1(
                    p.reference_structure for p in structured if p.reference_structure
                )
        if self._markdown:
            # the body metrics on the Markdown with its syntax stripped: rendering must not lose or add words
            out["markdown_body"] = body_scores((self._pairs[p.id][0], self._markdown.get(p.id, "")) for p in pages)
            out["markdown_words"] = word_scores(
                word_prf(self._pairs[p.id][0], self._markdown.get(p.id, "")) for p in pages
            )
        out["fields"] = _field_scores(pages)
        return out

    def to_dict(self) -> dict[str, Any]:
        out = {
            "corpus": self.corpus,
            "body": self.body,
            "words": self.words,
            "fields": self.fields,
            "median_seconds_per_page": self.seconds_per_page,
            "reference": self.reference,
            "reference_words": self.reference_words,
            "reference_median_seconds_per_page": self.reference_seconds_per_page,
            "all": self.summary(self.pages),
            "page_scores": [
                {
                    "id": p.id,
                    "check": p.check,
                    "page_type": p.page_type,
                    "predicted_type": p.predicted_type,
                    "aeb_f1": p.f1,
                    "words": p.words,
                    "reference_words": p.reference_words,
                    "reference_aeb_f1": p.reference_f1,
                    "seconds": p.seconds,
                    "flags": p.flags,
                    "fields": {k: {"exact": v[0], "gold": v[2], "pred": v[3]} for k, v in p.fields.items()},
                }
                for p in self.pages
            ],
        }
        checked = self.subset(check=True)
        if checked and len(checked) < len(self.pages):
            out["check"] = self.summary(checked)
        return out


def collapses(pages: Iterable[PageScore], margin: float = COLLAPSE_MARGIN) -> list[PageScore]:
    """Pages whose WCXB page F1 is ``margin`` or more below the reference's on the same page."""
    return [p for p in pages if p.reference_words is not None and p.words[2] <= p.reference_words[2] - margin]


def _field_scores(pages: list[PageScore]) -> dict[str, dict[str, float]]:
    names = sorted({name for p in pages for name in p.fields})
    out: dict[str, dict[str, float]] = {}
    for name in names:
        scored = [p.fields[name] for p in pages if name in p.fields]
        present = [s for s in scored if s[2] is not None]
        absent = [s for s in scored if s[2] is None]
        out[name] = {
            # accuracy over the pages whose gold has the field, as the corpora README asks
            "exact": statistics.fmean(s[0] for s in present) if present else 1.0,
            "token_f1": statistics.fmean(s[1] for s in present) if present else 1.0,
            "pages": float(len(present)),
            # the share of pages whose gold has no value where a value was given anyway
            "false_rate": statistics.fmean(metadata_key(s[3]) != "" for s in absent) if absent else 0.0,
            "null_pages": float(len(absent)),
        }
    return out


def page_id(path: Path) -> str:
    """A page file's id: its name before the first dot (``0001.html.gz`` -> ``0001``)."""
    return path.name.split(".", 1)[0]


def load_corpus(folder: str | Path) -> list[tuple[dict[str, Any], Path]]:
    """The (gold row, page path) pairs of a corpus folder, in gold order. Raises :class:`CorpusError`."""
    folder = Path(folder)
    gold_path = folder / "gold.jsonl"
    if not gold_path.is_file():
        raise CorpusError(f"{folder} is not a corpus: it has no gold.jsonl")
    pages = {page_id(p): p for p in (folder / "pages").iterdir()} if (folder / "pages").is_dir() else {}
    out = []
    for lineno, line in enumerate(gold_path.read_text(encoding="utf-8").split("\n"), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            pid = row["id"]
        except (ValueError, KeyError, TypeError) as exc:
            raise CorpusError(f"{gold_path}:{lineno}: not a gold row ({exc})") from None
        if pid not in pages:
            raise CorpusError(f"{gold_path}:{lineno}: no page file for id {pid!r} in {folder / 'pages'}")
        out.append((row, pages[pid]))
    if not out:
        raise CorpusError(f"{gold_path} has no rows")
    return out


def select(rows: list[tuple[dict[str, Any], Path]], split: Split) -> list[tuple[dict[str, Any], Path]]:
    """The rows of one split: ``all``, ``check`` (measure only) or ``train`` (everything else)."""
    if split not in SPLITS:
        raise CorpusError(f"split must be one of {', '.join(SPLITS)}, not {split!r}")
    if split == "all":
        return rows
    want = split == "check"
    return [(row, path) for row, path in rows if is_check(row) == want]


#: Capture styles :func:`restyle` can make of a browser's innerText capture.
CAPTURE_STYLES = ("paste", "dump")
#: Column a text browser wraps at (lynx and w3m default to the terminal's 80, less a margin).
DUMP_WIDTH = 76


def restyle(text: str, style: str) -> str:
    """An innerText capture (paragraphs and interface lines separated by blank lines) as another capture style:

    - "paste": what select-all and paste into a plain editor gives: one line per paragraph, no blank lines;
    - "dump": a text browser's dump (``lynx -dump``): every paragraph hard-wrapped at :data:`DUMP_WIDTH` columns
      and indented by three spaces, paragraphs separated by blank lines.
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if style == "paste":
        return "\n".join(lines) + "\n"
    if style == "dump":
        import textwrap

        wrapped = (textwrap.fill(line, DUMP_WIDTH, initial_indent="   ", subsequent_indent="   ") for line in lines)
        return "\n\n".join(wrapped) + "\n"
    raise ValueError(f"unknown capture style {style!r}")


def _reference_extract(data: bytes) -> str:
    """trafilatura's ``extract()`` with defaults. A plain-text capture is handed over as the HTML a browser would
    make of it (each line a paragraph), as the corpora README's figure for text captures was measured: given the
    raw text, trafilatura finds no markup and returns next to nothing, which would flatter the comparison."""
    import trafilatura

    from .load import detect_kind

    head = data[:8192].decode("utf-8", "ignore")
    if detect_kind(head) == "text":
        text = data.decode("utf-8", "replace")
        lines = (html.escape(line.strip()) for line in text.splitlines() if line.strip())
        data = ("<html><body>" + "".join(f"<p>{line}</p>" for line in lines) + "</body></html>").encode()
    return trafilatura.extract(data) or ""


def _gold_structure(row: dict[str, Any]) -> dict[str, Any] | None:
    if isinstance(row.get("markdown"), str):
        return markdown_items(row["markdown"])
    if isinstance(row.get("body_html"), str):
        return html_items(row["body_html"])
    return None


def _reference_markdown(data: bytes) -> str:
    import trafilatura

    return trafilatura.extract(data, output_format="markdown") or ""


def _page_bytes(path: Path) -> bytes:
    data = path.read_bytes()
    if path.suffix == ".gz":
        # the reference gets the page as trafilatura's users would hold it; cleaner gets the bytes as they are
        import gzip

        return gzip.decompress(data)
    return data


def evaluate_corpus(
    folder: str | Path,
    *,
    clean_fn: Callable[..., Article] | None = None,
    with_reference: bool = False,
    limit: int | None = None,
    capture_style: str | None = None,
    split: Split = "all",
) -> CorpusReport:
    """Clean every page of the corpus at ``folder`` (of one ``split``) and score it against the gold.

    ``with_reference`` also runs trafilatura's ``extract()`` with defaults on the same pages in the same run, for
    its body scores, per-page WCXB scores (so collapses can be counted) and time per page. ``capture_style``
    ("paste" or "dump", for plain-text corpora) re-renders each innerText capture as another capture style would
    have saved it (see :func:`restyle`) before cleaning, so that the text path is measured on styles the corpora do
    not hold.
    """
    if capture_style is not None and capture_style not in CAPTURE_STYLES:
        raise CorpusError(f"capture style must be one of {', '.join(CAPTURE_STYLES)}, not {capture_style!r}")
    if clean_fn is None:
        from .api import clean

        clean_fn = clean
    rows = select(load_corpus(folder), split)[:limit]
    report = CorpusReport(corpus=str(folder), body={}, fields={}, pages=[], seconds_per_page=0.0)
    ref_times: list[float] = []
    present = {name for row, _ in rows for name in METADATA_FIELDS if name in row}
    for row, path in rows:
        data = path.read_bytes()
        if capture_style is not None:
            data = restyle(data.decode("utf-8", "replace"), capture_style).encode("utf-8")
        start = time.perf_counter()
        article = clean_fn(data, url=row.get("url"))
        seconds = time.perf_counter() - start
        gold = row.get("body")
        tp, fp, fn, _ = shingle_prf(gold, article.text)
        precision, recall = page_pr(tp, fp, fn)
        score = PageScore(
            row["id"],
            page_f1(gold, article.text),
            precision,
            recall,
            seconds,
            words=word_prf(gold, article.text),
            page_type=row.get("page_type"),
            check=is_check(row),
            flags=dict(article.flags),
            predicted_type=getattr(article, "page_type", None),
        )
        for name in present:
            pred = getattr(article, METADATA_FIELDS[name])
            gold_value = row.get(name)
            if name in DATE_FIELDS:
                gold_value = gold_value[:10] if isinstance(gold_value, str) else gold_value
                pred = pred[:10] if isinstance(pred, str) else pred
            exact = metadata_key(gold_value) == metadata_key(pred)
            score.fields[name] = (exact, token_f1(gold_value, pred), gold_value, pred)
        ref_text = None
        if with_reference:
            ref_data = data if capture_style is not None else _page_bytes(path)
            start = time.perf_counter()
            ref_text = _reference_extract(ref_data)
            ref_times.append(time.perf_counter() - start)
            score.reference_words = word_prf(gold, ref_text)
            score.reference_f1 = page_f1(gold, ref_text)
        gold_structure = _gold_structure(row)
        if gold_structure is not None:
            score.structure = structure_counts(gold_structure, markdown_items(article.markdown))
            if with_reference:
                reference_md = _reference_markdown(data if capture_style is not None else _page_bytes(path))
                score.reference_structure = structure_counts(gold_structure, markdown_items(reference_md))
        if article.markdown:
            report._markdown[row["id"]] = strip_markdown(article.markdown)
        report._pairs[row["id"]] = (gold, article.text, ref_text)
        report.pages.append(score)
    whole = report.summary(report.pages)
    report.body, report.words, report.fields = whole["body"], whole["words"], whole["fields"]
    report.seconds_per_page = statistics.median(p.seconds for p in report.pages) if report.pages else 0.0
    if with_reference:
        report.reference, report.reference_words = whole["reference_body"], whole["reference_words"]
        report.reference_seconds_per_page = statistics.median(ref_times) if ref_times else None
    return report


def _summary_lines(name: str, s: dict[str, Any]) -> list[str]:
    b, w = s["body"], s["words"]
    lines = [
        f"[{name}] {s['pages']} pages",
        f"  body AEB  F1 {b['f1']:.3f}  P {b['precision']:.3f}  R {b['recall']:.3f}  exact {b['accuracy']:.3f}",
        f"  body WCXB F1 {w['f1']:.3f}  P {w['precision']:.3f}  R {w['recall']:.3f}",
    ]
    if "reference_body" in s:
        rb, rw = s["reference_body"], s["reference_words"]
        lines.append(f"  trafilatura extract(): AEB F1 {rb['f1']:.3f}  WCXB F1 {rw['f1']:.3f}")
        lines.append(f"  collapses (WCXB page F1 {COLLAPSE_MARGIN} or more below trafilatura): {len(s['collapses'])}")
    for kind, row in s.get("by_type", {}).items():
        ref = f"  trafilatura {row['reference_words']['f1']:.3f}" if "reference_words" in row else ""
        lines.append(f"  type {kind:<14} {row['pages']:>4} pages  WCXB F1 {row['words']['f1']:.3f}{ref}")
    if "structure" in s:
        ref_structure: dict[str, dict[str, float]] | None = s.get("reference_structure")
        parts = []
        for kind, v in s["structure"].items():
            beside = f" (trafilatura {ref_structure[kind]['f1']:.3f})" if ref_structure else ""
            parts.append(f"{kind} {v['f1']:.3f}{beside}")
        lines.append(f"  structure F1 over {s['structure_pages']} pages: " + ", ".join(parts))
    if "markdown_body" in s:
        mb, mw = s["markdown_body"], s["markdown_words"]
        lines.append(f"  Markdown, syntax stripped: AEB F1 {mb['f1']:.3f}  WCXB F1 {mw['f1']:.3f}")
    if "page_type_accuracy" in s:
        lines.append(f"  page type accuracy {s['page_type_accuracy']:.3f}")
    for fname, f in s["fields"].items():
        lines.append(
            f"  field {fname:<10} exact {f['exact']:.3f}  token-F1 {f['token_f1']:.3f}  over {int(f['pages'])} pages;"
            f" false value on {f['false_rate']:.3f} of {int(f['null_pages'])} pages without one"
        )
    return lines


def format_report(report: CorpusReport, *, worst: int = 10, show_fields: bool = True) -> str:
    """A human-readable report: both body metrics for all pages and the check split, per page type, beside
    trafilatura; field accuracy and false values; worst pages and what went wrong; timings."""
    lines: list[str] = [f"corpus {report.corpus}: {len(report.pages)} pages"]
    lines += _summary_lines("all", report.summary(report.pages))
    checked = report.subset(check=True)
    if checked and len(checked) < len(report.pages):
        lines += _summary_lines("check split", report.summary(checked))
    timing = f"time    median {report.seconds_per_page * 1000:.1f} ms/page"
    if report.reference_seconds_per_page:
        ratio = report.seconds_per_page / report.reference_seconds_per_page
        timing += f"; trafilatura {report.reference_seconds_per_page * 1000:.1f} ms/page (ratio {ratio:.2f})"
    lines.append(timing)
    if worst:
        lines.append(f"worst {worst} pages by WCXB page F1:")
        for page in sorted(report.pages, key=lambda p: p.words[2])[:worst]:
            pp, pr, pf = page.words
            ref = "" if page.reference_words is None else f" (trafilatura {page.reference_words[2]:.2f})"
            why = "cut text" if pr < pp else "kept clutter"
            flags = f" flags={','.join(page.flags)}" if page.flags else ""
            kind = f" [{page.page_type}]" if page.page_type else ""
            lines.append(f"  {page.id:<40} F1 {pf:.2f}{ref} P {pp:.2f} R {pr:.2f} ({why}){kind}{flags}")
    if show_fields:
        for name in report.fields:
            misses = [(p.id, p.fields[name]) for p in report.pages if name in p.fields and not p.fields[name][0]]
            if misses:
                lines.append(f"{name} misses ({len(misses)}):")
                for pid, (_, _, gold, pred) in misses[:worst]:
                    lines.append(f"  {pid:<40} gold {gold!r:.60}  got {pred!r:.60}")
    return "\n".join(lines)
