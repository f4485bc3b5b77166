"""Measure cleaner on a corpus in the ``../shared/corpora`` format, with exactly the metrics of its README.

A corpus folder holds ``pages/<id>.<ext>`` and ``gold.jsonl`` (``id`` plus gold fields, ``null`` when absent).

Body: tokens are ``\\w+`` (Unicode); the multisets of 4-token shingles of gold and prediction give TP, FP, FN,
normalised per page so every page weighs the same; precision is the mean page precision over pages with
TP+FP > 0, recall the mean page recall over pages with TP+FN > 0, F1 their harmonic mean; accuracy the share of
pages whose token lists are identical.
Metadata: exact match after NFKC, casefold, stripping a leading "by ", and joining ``\\w+`` tokens with spaces;
plus a token-overlap F1 per page, averaged.
"""

from __future__ import annotations

import html
import json
import re
import statistics
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .article import Article
from .errors import CorpusError

__all__ = [
    "CAPTURE_STYLES",
    "CorpusReport",
    "PageScore",
    "body_scores",
    "evaluate_corpus",
    "format_report",
    "load_corpus",
    "metadata_key",
    "restyle",
    "shingle_prf",
]

_TOKEN = re.compile(r"\w+")

#: gold field -> Article attribute, for the metadata fields the corpora carry.
METADATA_FIELDS: dict[str, str] = {
    "title": "title",
    "byline": "byline",
    "site_name": "site_name",
    "published": "date",
    "excerpt": "description",
    "lang": "language",
    "publisher": "publisher",
}


def tokens(text: str | None) -> list[str]:
    return _TOKEN.findall(text or "")


def _shingles(toks: list[str], n: int = 4) -> Counter[tuple[str, ...]]:
    if len(toks) < n:
        return Counter([tuple(toks)]) if toks else Counter()
    return Counter(tuple(toks[i : i + n]) for i in range(len(toks) - n + 1))


def shingle_prf(gold: str | None, pred: str | None) -> tuple[float, float, float, float]:
    """Per-page (tp, fp, fn) normalised to sum 1, as the ScrapingHub benchmark does; returns (tp, fp, fn, total)."""
    g, p = _shingles(tokens(gold)), _shingles(tokens(pred))
    tp = sum((g & p).values())
    fp = sum((p - g).values())
    fn = sum((g - p).values())
    total = tp + fp + fn
    if total == 0:
        return 0.0, 0.0, 0.0, 0.0
    return tp / total, fp / total, fn / total, total


def _page_pr(tp: float, fp: float, fn: float) -> tuple[float | None, float | None]:
    if fp == 0 and fn == 0:
        return 1.0, 1.0
    precision = tp / (tp + fp) if tp + fp > 0 else None
    recall = tp / (tp + fn) if tp + fn > 0 else None
    return precision, recall


def body_scores(pairs: Iterable[tuple[str | None, str | None]]) -> dict[str, float]:
    """Corpus precision, recall, F1 and accuracy over (gold, prediction) pairs."""
    precisions: list[float] = []
    recalls: list[float] = []
    exact = 0
    n = 0
    for gold, pred in pairs:
        n += 1
        if tokens(gold) == tokens(pred):
            exact += 1
        tp, fp, fn, _ = shingle_prf(gold, pred)
        precision, recall = _page_pr(tp, fp, fn)
        if tp + fp > 0 and precision is not None:
            precisions.append(precision)
        if tp + fn > 0 and recall is not None:
            recalls.append(recall)
    p = statistics.fmean(precisions) if precisions else 0.0
    r = statistics.fmean(recalls) if recalls else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f1, "accuracy": exact / n if n else 0.0, "pages": float(n)}


def page_f1(gold: str | None, pred: str | None) -> float:
    tp, fp, fn, _ = shingle_prf(gold, pred)
    if fp == 0 and fn == 0:
        return 1.0
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def metadata_key(value: Any) -> str:
    """The normalised form two metadata values are compared in."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        value = ", ".join(str(v) for v in value)
    text = unicodedata.normalize("NFKC", str(value)).casefold().strip()
    if text.startswith("by "):
        text = text[3:]
    return " ".join(_TOKEN.findall(text))


def token_f1(gold: Any, pred: Any) -> float:
    g, p = Counter(metadata_key(gold).split()), Counter(metadata_key(pred).split())
    if not g and not p:
        return 1.0
    common = sum((g & p).values())
    if not common:
        return 0.0
    precision, recall = common / sum(p.values()), common / sum(g.values())
    return 2 * precision * recall / (precision + recall)


@dataclass
class PageScore:
    id: str
    f1: float
    precision: float | None
    recall: float | None
    seconds: float
    fields: dict[str, tuple[bool, float, Any, Any]] = field(default_factory=dict)  # name -> (exact, tf1, gold, pred)
    flags: dict[str, str] = field(default_factory=dict)


@dataclass
class CorpusReport:
    corpus: str
    body: dict[str, float]
    fields: dict[str, dict[str, float]]  # name -> {"exact": .., "token_f1": .., "pages": ..}
    pages: list[PageScore]
    seconds_per_page: float
    reference: dict[str, float] | None = None  # trafilatura's body scores and time on the same pages
    reference_seconds_per_page: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "corpus": self.corpus,
            "body": self.body,
            "fields": self.fields,
            "median_seconds_per_page": self.seconds_per_page,
            "reference": self.reference,
            "reference_median_seconds_per_page": self.reference_seconds_per_page,
        }


def load_corpus(folder: str | Path) -> list[tuple[dict[str, Any], Path]]:
    """The (gold row, page path) pairs of a corpus folder, in gold order. Raises :class:`CorpusError`."""
    folder = Path(folder)
    gold_path = folder / "gold.jsonl"
    if not gold_path.is_file():
        raise CorpusError(f"{folder} is not a corpus: it has no gold.jsonl")
    pages = {p.stem: p for p in (folder / "pages").iterdir()} if (folder / "pages").is_dir() else {}
    out = []
    for lineno, line in enumerate(gold_path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            page_id = row["id"]
        except (ValueError, KeyError, TypeError) as exc:
            raise CorpusError(f"{gold_path}:{lineno}: not a gold row ({exc})") from None
        if page_id not in pages:
            raise CorpusError(f"{gold_path}:{lineno}: no page file for id {page_id!r} in {folder / 'pages'}")
        out.append((row, pages[page_id]))
    if not out:
        raise CorpusError(f"{gold_path} has no rows")
    return out


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


def evaluate_corpus(
    folder: str | Path,
    *,
    clean_fn: Callable[..., Article] | None = None,
    with_reference: bool = False,
    limit: int | None = None,
    capture_style: str | None = None,
) -> CorpusReport:
    """Clean every page of the corpus at ``folder`` and score it against the gold.

    ``with_reference`` also runs trafilatura's ``extract()`` with defaults on the same bytes in the same run, for
    its body scores and time per page. ``capture_style`` ("paste" or "dump", for plain-text corpora) re-renders
    each innerText capture as another capture style would have saved it (see :func:`restyle`) before cleaning, so
    that the text path is measured on styles the corpora do not hold.
    """
    if capture_style is not None and capture_style not in CAPTURE_STYLES:
        raise CorpusError(f"capture style must be one of {', '.join(CAPTURE_STYLES)}, not {capture_style!r}")
    if clean_fn is None:
        from .api import clean

        clean_fn = clean
    rows = load_corpus(folder)[:limit]
    pages: list[PageScore] = []
    pairs: list[tuple[str | None, str | None]] = []
    ref_pairs: list[tuple[str | None, str | None]] = []
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
        pairs.append((gold, article.text))
        tp, fp, fn, _ = shingle_prf(gold, article.text)
        precision, recall = _page_pr(tp, fp, fn)
        score = PageScore(row["id"], page_f1(gold, article.text), precision, recall, seconds, flags=dict(article.flags))
        for name in present:
            pred = getattr(article, METADATA_FIELDS[name])
            gold_value = row.get(name)
            exact = metadata_key(gold_value) == metadata_key(pred)
            score.fields[name] = (exact, token_f1(gold_value, pred), gold_value, pred)
        pages.append(score)
        if with_reference:
            start = time.perf_counter()
            ref_text = _reference_extract(data)
            ref_times.append(time.perf_counter() - start)
            ref_pairs.append((gold, ref_text))
    fields = {}
    for name in sorted(present):
        scored = [p.fields[name] for p in pages]
        fields[name] = {
            "exact": statistics.fmean(s[0] for s in scored),
            "token_f1": statistics.fmean(s[1] for s in scored),
            "pages": float(len(scored)),
        }
    return CorpusReport(
        corpus=str(folder),
        body=body_scores(pairs),
        fields=fields,
        pages=pages,
        seconds_per_page=statistics.median(p.seconds for p in pages),
        reference=body_scores(ref_pairs) if with_reference else None,
        reference_seconds_per_page=statistics.median(ref_times) if ref_times else None,
    )


def format_report(report: CorpusReport, *, worst: int = 10, show_fields: bool = True) -> str:
    """A human-readable report: body scores, field accuracy, worst pages and what went wrong, timings."""
    b = report.body
    lines: list[str] = [
        f"corpus {report.corpus}: {int(b['pages'])} pages",
        f"body    F1 {b['f1']:.3f}  P {b['precision']:.3f}  R {b['recall']:.3f}  exact {b['accuracy']:.3f}",
    ]
    if report.reference:
        r = report.reference
        lines.append(f"trafilatura extract()  F1 {r['f1']:.3f}  P {r['precision']:.3f}  R {r['recall']:.3f}")
    for name, s in report.fields.items():
        lines.append(f"field   {name:<10} exact {s['exact']:.3f}  token-F1 {s['token_f1']:.3f}")
    timing = f"time    median {report.seconds_per_page * 1000:.1f} ms/page"
    if report.reference_seconds_per_page:
        ratio = report.seconds_per_page / report.reference_seconds_per_page
        timing += f"; trafilatura {report.reference_seconds_per_page * 1000:.1f} ms/page (ratio {ratio:.2f})"
    lines.append(timing)
    if worst:
        lines.append(f"worst {worst} pages by body F1:")
        for page in sorted(report.pages, key=lambda p: p.f1)[:worst]:
            pp = "-" if page.precision is None else f"{page.precision:.2f}"
            pr = "-" if page.recall is None else f"{page.recall:.2f}"
            why = "cut article text" if (page.recall or 0) < (page.precision or 0) else "kept clutter"
            flags = f" flags={','.join(page.flags)}" if page.flags else ""
            lines.append(f"  {page.id:<40} F1 {page.f1:.2f} P {pp} R {pr}  ({why}){flags}")
    if show_fields:
        for name in report.fields:
            misses = [(p.id, p.fields[name]) for p in report.pages if not p.fields[name][0]]
            if misses:
                lines.append(f"{name} misses ({len(misses)}):")
                for page_id, (_, _, gold, pred) in misses[:worst]:
                    lines.append(f"  {page_id:<40} gold {gold!r:.60}  got {pred!r:.60}")
    return "\n".join(lines)
