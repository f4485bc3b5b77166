"""The metrics of ``../shared/corpora/README.md``, exactly as it defines them, and the check split.

- :func:`shingle_prf` / :func:`body_scores`: the ScrapingHub benchmark's body metric (AEB): multisets of 4-token
  shingles, per-page TP/FP/FN normalised to sum 1, corpus P and R as means of page values, F1 their harmonic mean.
- :func:`word_prf` / :func:`word_scores`: WCXB's metric: per-page bag-of-words P/R/F1 over lower-cased ``\\w+``
  tokens, then the mean of the per-page values; an empty gold scores 1 only for an empty prediction.
- :func:`metadata_key` / :func:`token_f1`: metadata fields compared after NFKC, casefold, a leading "by " stripped
  and ``\\w+`` tokens joined by single spaces.
- :func:`is_check`: the check split (20% of each corpus, grouped by site): pages to measure on, never to train or
  tune on.

- :func:`markdown_items` / :func:`html_items` / :func:`structure_f1`: the structure metric for Markdown output
  (headings, list items, code blocks, table rows; micro F1 per kind over all pages).

Pure functions (lxml only for the HTML gold), so training scripts and the CLI share one copy.
"""

from __future__ import annotations

import hashlib
import re
import statistics
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit

from .tokens import WORD as _TOKEN

__all__ = [
    "STRUCTURE_KINDS",
    "body_scores",
    "html_items",
    "is_check",
    "markdown_items",
    "metadata_key",
    "page_f1",
    "page_pr",
    "shingle_prf",
    "split_key",
    "strip_markdown",
    "structure_counts",
    "structure_f1",
    "structure_item",
    "token_f1",
    "tokens",
    "word_prf",
    "word_scores",
]


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


def page_pr(tp: float, fp: float, fn: float) -> tuple[float | None, float | None]:
    """A page's (precision, recall) from its normalised TP/FP/FN: 1 and 1 when nothing is wrong, None where a
    side is empty (the AEB metric leaves such a page out of that mean)."""
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
        precision, recall = page_pr(tp, fp, fn)
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


def word_prf(gold: str | None, pred: str | None) -> tuple[float, float, float]:
    """WCXB's per-page (precision, recall, F1): multiset overlap of lower-cased ``\\w+`` tokens. An empty gold
    scores 1 only for an empty prediction (and 0 otherwise); an empty prediction for a non-empty gold scores 0."""
    g = Counter(t.lower() for t in tokens(gold))
    p = Counter(t.lower() for t in tokens(pred))
    if not g:
        return (1.0, 1.0, 1.0) if not p else (0.0, 0.0, 0.0)
    if not p:
        return 0.0, 0.0, 0.0
    common = sum((g & p).values())
    if not common:
        return 0.0, 0.0, 0.0
    precision, recall = common / sum(p.values()), common / sum(g.values())
    return precision, recall, 2 * precision * recall / (precision + recall)


def word_scores(triples: Iterable[tuple[float, float, float]]) -> dict[str, float]:
    """Mean per-page precision, recall and F1 (WCXB's corpus figures) over :func:`word_prf` triples."""
    rows = list(triples)
    if not rows:
        return {"precision": 0.0, "recall": 0.0, "f1": 0.0, "pages": 0.0}
    return {
        "precision": statistics.fmean(r[0] for r in rows),
        "recall": statistics.fmean(r[1] for r in rows),
        "f1": statistics.fmean(r[2] for r in rows),
        "pages": float(len(rows)),
    }


def split_key(row: Mapping[str, Any]) -> str:
    """What groups a gold row into the split: the host of its ``url`` (lower case, no leading ``www.``), or its
    ``id`` when it has no http(s) URL."""
    url = row.get("url")
    if isinstance(url, str) and url.lower().startswith(("http://", "https://")):
        host = (urlsplit(url).hostname or "").lower()
        if host:
            return host.removeprefix("www.")
    return str(row["id"])


def is_check(row: Mapping[str, Any]) -> bool:
    """True for a check page (``sha1(key).digest()[0] % 5 == 0``): measure on it, never train or tune on it.

    >>> is_check({"id": "x", "url": "https://www.example.org/a"}) == is_check({"id": "y", "url": "http://example.org/b"})
    True
    """
    return hashlib.sha1(split_key(row).encode("utf-8")).digest()[0] % 5 == 0


#: The kinds of structure item the corpora README's structure metric counts.
STRUCTURE_KINDS = ("heading", "list", "code", "table")
_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])[ \t]+(.*)$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")


def structure_item(text: str) -> str:
    """The key a structure item is compared by: its lower-case ``\\w+`` tokens joined by single spaces."""
    return " ".join(t.lower() for t in _TOKEN.findall(text))


def markdown_items(markdown: str | None) -> dict[str, Counter[str]]:
    """The structure items of a Markdown text, by kind, as the corpora README defines them: ATX headings, list items
    (``-``, ``*``, ``+``, ``1.``), code blocks (fenced, or indented by four spaces after a blank line outside a list;
    one item per block), table rows (``|`` lines, separator rows skipped). An item is its lower-cased ``\\w+``
    tokens joined by single spaces.

    >>> sorted(markdown_items("# Title\\n\\n- one\\n- two\\n\\n| a | b |\\n|---|---|\\n| 1 | 2 |")["table"])
    ['1 2', 'a b']
    """
    items: dict[str, Counter[str]] = {kind: Counter() for kind in STRUCTURE_KINDS}
    lines = (markdown or "").split("\n")
    i, n = 0, len(lines)
    previous_blank, in_list = True, False
    while i < n:
        line = lines[i]
        fence = _FENCE.match(line)
        if fence:
            mark = fence.group(1)
            body: list[str] = []
            i += 1
            while i < n and not lines[i].lstrip().startswith(mark):
                body.append(lines[i])
                i += 1
            items["code"][structure_item("\n".join(body))] += 1
            i += 1
            previous_blank, in_list = False, False
            continue
        if previous_blank and not in_list and (line.startswith("    ") or line.startswith("\t")) and line.strip():
            body = []
            while i < n and (lines[i].startswith("    ") or lines[i].startswith("\t") or not lines[i].strip()):
                body.append(lines[i])
                i += 1
            items["code"][structure_item("\n".join(body))] += 1
            previous_blank = False
            continue
        stripped = line.strip()
        if not stripped:
            previous_blank = True
            i += 1
            continue
        heading = _ATX.match(line)
        list_item = _LIST_ITEM.match(line)
        if heading:
            items["heading"][structure_item(heading.group(2) or "")] += 1
            in_list = False
        elif list_item:
            items["list"][structure_item(list_item.group(1))] += 1
            in_list = True
        elif stripped.startswith("|"):
            if not _TABLE_SEPARATOR.match(stripped):
                items["table"][structure_item(stripped)] += 1
            in_list = False
        elif not line.startswith(" ") and previous_blank:
            in_list = False
        previous_blank = False
        i += 1
    return items


def html_items(body_html: str | None) -> dict[str, Counter[str]]:
    """The structure items of an HTML body (readability's gold): h1-h6 headings, li list items (their own text,
    without nested lists), pre code blocks, tr table rows."""
    items: dict[str, Counter[str]] = {kind: Counter() for kind in STRUCTURE_KINDS}
    if not body_html or not body_html.strip():
        return items
    import lxml.html

    try:
        root = lxml.html.fromstring(body_html)
    except (ValueError, TypeError, lxml.etree.ParserError):
        return items
    kinds = {"h1": "heading", "h2": "heading", "h3": "heading", "h4": "heading", "h5": "heading", "h6": "heading"}
    kinds.update({"li": "list", "pre": "code", "tr": "table"})
    for el in root.iter("h1", "h2", "h3", "h4", "h5", "h6", "li", "pre", "tr"):
        kind = kinds[el.tag]
        if kind == "list":
            parts = [el.text or ""]
            for child in el:
                if child.tag not in ("ul", "ol"):
                    parts.extend(child.itertext())
                parts.append(child.tail or "")
            text = " ".join(parts)
        else:
            text = " ".join(el.itertext())
        items[kind][structure_item(text)] += 1
    return items


def structure_counts(gold: dict[str, Counter[str]], pred: dict[str, Counter[str]]) -> dict[str, tuple[int, int, int]]:
    """Per kind, (matched, predicted, gold) item counts of one page; sum them over pages for the micro F1."""
    return {
        kind: (sum((gold[kind] & pred[kind]).values()), sum(pred[kind].values()), sum(gold[kind].values()))
        for kind in STRUCTURE_KINDS
    }


def structure_f1(counts: Iterable[dict[str, tuple[int, int, int]]]) -> dict[str, dict[str, float]]:
    """Micro P/R/F1 per kind over the pages' :func:`structure_counts` (a kind absent on both sides scores nothing)."""
    total = {kind: [0, 0, 0] for kind in STRUCTURE_KINDS}
    for page in counts:
        for kind, (tp, npred, ngold) in page.items():
            total[kind][0] += tp
            total[kind][1] += npred
            total[kind][2] += ngold
    out = {}
    for kind, (tp, npred, ngold) in total.items():
        precision = tp / npred if npred else 0.0
        recall = tp / ngold if ngold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        out[kind] = {"precision": precision, "recall": recall, "f1": f1, "gold_items": float(ngold)}
    return out


_MD_SYNTAX = re.compile(r"^\s*(?:#{1,6}\s+|[-*+]\s+|\d{1,9}[.)]\s+|>\s?)")


def strip_markdown(markdown: str | None) -> str:
    """Markdown with its block syntax taken away (markers, fences, table pipes and separators, link targets), for
    scoring its body text with the body metrics."""
    out = []
    for line in (markdown or "").split("\n"):
        if _FENCE.match(line) or (_TABLE_SEPARATOR.match(line) and "-" in line and "|" in line):
            continue
        line = _MD_SYNTAX.sub("", line)
        line = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", line)
        out.append(line.replace("|", " "))
    return "\n".join(out)
