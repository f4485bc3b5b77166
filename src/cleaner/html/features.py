"""Evidence for the block scorer: one row of numbers per block, one row per page, built with NumPy per page.

Per block (see :func:`block_matrix`): text shape (characters, words, link density, punctuation, digits, stop words,
sentence ending, capitalised words), kind, heading level, list depth, cells, DOM depth, position in the page, class/id
tokens of the block and its ancestors (a fixed vocabulary as bits, other tokens hashed into 32 bits), landmark
containers (article, main, nav, ...), the named rule of :mod:`cleaner.html.rules` that would cut an ancestor, whether
the block lies in the density candidate's container and in the page's core text container, repetition among siblings
and of the same text on the page, whether it repeats the title, the share of its words in trafilatura's output on the
same page, the previous and next blocks, the blocks of the same container, and the page (see :func:`page_vector`):
block statistics, JSON-LD / microdata types, ``og:type``, URL shape tokens, and the page-type probabilities.

:func:`context_matrix` builds the second stage's rows: a block's first-stage score beside the scores around it and in
its container. Column names are fixed (:func:`block_names`, :func:`context_names`); a shipped model carries the names
it was trained on, and the scorer checks them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import numpy as np

from ..block import BLOCK_KINDS
from ..tokens import WORD, is_title_repeat
from ..urls import URL_FEATURES, url_shape
from .rules import RULE_NAMES
from .segment import HASH_BUCKETS, LANDMARKS, TOKEN_VOCAB, Segmentation

__all__ = [
    "FEATURE_VERSION",
    "PAGE_TYPES",
    "PageInfo",
    "block_matrix",
    "block_names",
    "context_matrix",
    "context_names",
    "page_names",
    "page_vector",
    "schema_types",
]

#: Changes whenever a column changes meaning (training caches are keyed by it).
FEATURE_VERSION = "f8"
#: The page types of :attr:`cleaner.article.Article.page_type`, in the page-type model's class order.
PAGE_TYPES: tuple[str, ...] = (
    "article",
    "forum",
    "product",
    "collection",
    "listing",
    "documentation",
    "service",
    "other",
)
#: schema.org types read from JSON-LD and microdata, one column each.
SCHEMA_TYPES: tuple[str, ...] = tuple(
    [
        "Article",
        "NewsArticle",
        "BlogPosting",
        "Product",
        "DiscussionForumPosting",
        "QAPage",
        "FAQPage",
        "ItemList",
        "CollectionPage",
        "TechArticle",
        "SoftwareApplication",
        "Service",
        "WebPage",
        "Organization",
        "LocalBusiness",
        "Recipe",
        "Review",
        "Offer",
        "BreadcrumbList",
        "Question",
        "Answer",
        "Event",
        "HowTo",
        "SearchResultsPage",
        "ProfilePage",
        "Course",
        "AggregateRating",
        "VideoObject",
        "Person",
        "APIReference",
        "SoftwareSourceCode",
        "ProfessionalService",
        "Store",
        "ReportageNewsArticle",
        "Comment",
        "WebSite",
        "Place",
        "ContactPage",
        "AboutPage",
        "OfferCatalog",
        "ListItem",
    ]
)
_SCHEMA_INDEX = {t.lower(): i for i, t in enumerate(SCHEMA_TYPES)}
OG_TYPES: tuple[str, ...] = ("article", "website", "product", "blog", "profile", "video", "book", "object")
_SENTENCE_END = frozenset(".!?…。！？")
_PUNCT = ".,;:!?"
_DIGIT = re.compile(r"\d")
_TYPE_PATTERN = re.compile(r'"@type"\s*:\s*(\[[^\]]*\]|"[^"]*")')
_QUOTED = re.compile(r'"([^"]+)"')
_PRICE = re.compile(r"[$€£¥₹]\s?\d|\d\s?(?:[$€£¥₹]|USD|EUR|GBP)\b")
_KIND_INDEX = {k: i for i, k in enumerate(BLOCK_KINDS)}


@cache
def stop_words() -> frozenset[str]:
    """The multilingual stop-word list (``cleaner/data/stopwords.txt``)."""
    raw = resources.files("cleaner.data").joinpath("stopwords.txt").read_text(encoding="utf-8")
    out: set[str] = set()
    for line in raw.splitlines():
        line = line.split("#", 1)[0]
        out.update(w.casefold() for w in line.split())
    return frozenset(out)


def schema_types(tree: Any) -> set[str]:
    """The schema.org types a page declares, in JSON-LD (``@type``) or microdata (``itemtype``), lower-cased."""
    found: set[str] = set()
    for script in tree.iter("script"):
        if script.get("type") == "application/ld+json" and script.text:
            for match in _TYPE_PATTERN.finditer(script.text[:200_000]):
                found.update(q.rsplit("/", 1)[-1].lower() for q in _QUOTED.findall(match.group(1)))
    for el in tree.xpath("//*[@itemtype]")[:200]:
        for item in (el.get("itemtype") or "").split():
            found.add(item.rstrip("/").rsplit("/", 1)[-1].lower())
    return found


@dataclass(slots=True)
class PageInfo:
    """What the page tells beyond its blocks."""

    url: str | None = None
    titles: list[list[str]] = field(default_factory=list)
    types: set[str] = field(default_factory=set)
    og_type: str | None = None
    traf_lines: list[str] = field(default_factory=list)
    traf_comments: list[str] = field(default_factory=list)
    rule_counts: dict[str, int] = field(default_factory=dict)


@dataclass(slots=True)
class TextStats:
    """Per-block text measures, computed once per page (lists parallel to the blocks)."""

    chars: np.ndarray
    words: np.ndarray
    link: np.ndarray
    traf: np.ndarray
    traf_comments: np.ndarray
    align: np.ndarray  # share of the block's word 3-grams found in trafilatura's output (:func:`traf_alignment`)
    rows: np.ndarray  # the text columns of block_matrix, one row per block


_TEXT_NAMES = (
    "chars_log",
    "words_log",
    "link_density",
    "punct_ratio",
    "digit_ratio",
    "stop_ratio",
    "sentence_end",
    "capital_share",
    "commas",
    "avg_word_len",
    "title_repeat",
    "text_repeats",
    "traf_cover",
    "price_like",
    "colon_end",
    "starts_lower",
    "traf_comment_cover",
    "traf_align",
    "ellipsis_end",
)


def traf_alignment(tokens: list[list[str]], traf_lines: list[str]) -> np.ndarray:
    """For each block (its casefolded words), the share of its word 3-grams found in trafilatura's output, each
    3-gram of that output claimed once, longest blocks first; a block of one or two words counts when a line of the
    output has exactly its words.

    Unlike ``traf_cover`` (single words consumed in page order), a teaser above the article that shares common
    words with it neither scores as kept nor takes the article's own words away from it."""
    grams: Counter[tuple[str, ...]] = Counter()
    short: Counter[tuple[str, ...]] = Counter()
    for line in traf_lines:
        t = WORD.findall(line.casefold())
        if len(t) < 3:
            short[tuple(t)] += 1
        grams.update(zip(t, t[1:], t[2:], strict=False))
    out = np.zeros(len(tokens), dtype=np.float32)
    if not grams and not short:
        return out
    for i in sorted(range(len(tokens)), key=lambda i: -len(tokens[i])):
        t = tokens[i]
        if len(t) < 3:
            key = tuple(t)
            if t and short.get(key):
                short[key] -= 1
                out[i] = 1.0
            continue
        out[i] = _claim(grams, zip(t, t[1:], t[2:], strict=False)) / (len(t) - 2)
    return out


def _claim(pool: Counter[Any], items: Iterable[Any]) -> int:
    """How many of ``items`` the multiset ``pool`` still holds; each one found is taken out of it."""
    hit = 0
    for item in items:
        have = pool.get(item)
        if have:
            hit += 1
            pool[item] = have - 1
    return hit


def text_stats(seg: Segmentation, info: PageInfo) -> TextStats:
    """Text measures of every block and its coverage by trafilatura's output (words consumed in page order)."""
    stop = stop_words()
    pool: Counter[str] = Counter()
    for line in info.traf_lines:
        pool.update(WORD.findall(line.casefold()))
    comment_pool: Counter[str] = Counter()
    for line in info.traf_comments:
        comment_pool.update(WORD.findall(line.casefold()))
    texts = [b.text for b in seg.blocks]
    repeats = Counter(texts)
    n = len(texts)
    chars = np.zeros(n, dtype=np.float32)
    nwords = np.zeros(n, dtype=np.float32)
    traf = np.zeros(n, dtype=np.float32)
    traf_comments = np.zeros(n, dtype=np.float32)
    link_chars = seg.link_chars
    titles = info.titles
    tokens = [WORD.findall(text.casefold()) for text in texts]
    align = traf_alignment(tokens, info.traf_lines)
    out: list[tuple[float, ...]] = []
    for i, text in enumerate(texts):
        toks = tokens[i]
        length = len(text) or 1
        count = len(toks)
        chars[i] = len(text)
        nwords[i] = count
        hit = _claim(pool, toks) if pool else 0
        comment_hit = _claim(comment_pool, toks) if comment_pool else 0
        per_word = 1.0 / count if count else 0.0
        traf_comments[i] = comment_hit * per_word
        cover = hit * per_word
        traf[i] = cover
        last = text.rstrip()[-1:]
        out.append(
            (
                np.log1p(len(text)),
                np.log1p(count),
                link_chars[i] / length,
                sum(map(text.count, _PUNCT)) / length,
                len(_DIGIT.findall(text)) / length,
                sum(map(stop.__contains__, toks)) * per_word,
                last in _SENTENCE_END,
                sum(1 for w in WORD.findall(text) if w[0].isupper()) * per_word,
                text.count(","),
                sum(map(len, toks)) * per_word,
                is_title_repeat(toks, titles) if 0 < count <= 40 else False,
                repeats[text],
                cover,
                _PRICE.search(text) is not None if length < 400 else False,
                last == ":",
                text[:1].islower(),
                traf_comments[i],
                align[i],
                text.endswith(("...", "…", "[…]", "[...]")),
            )
        )
    rows = np.array(out, dtype=np.float32).reshape(n, len(_TEXT_NAMES))
    link = np.array(seg.link_chars, dtype=np.float32) / np.maximum(chars, 1)
    return TextStats(chars, nwords, link, traf, traf_comments, align, rows)


def _bits(values: list[int], width: int) -> np.ndarray:
    """A (len(values), width) 0/1 matrix of the low ``width`` bits of each value (equal values decoded once)."""
    out = np.zeros((len(values), width), dtype=np.float32)
    cache: dict[int, np.ndarray] = {}
    for i, value in enumerate(values):
        if not value:
            continue
        row = cache.get(value)
        if row is None:
            row = np.array([(value >> b) & 1 for b in range(width)], dtype=np.float32)
            cache[value] = row
        out[i] = row
    return out


def page_names() -> list[str]:
    return [
        "page_blocks_log",
        "page_chars_log",
        "page_link_share",
        "page_traf_share",
        "page_traf_chars_log",
        "page_traf_comment_chars_log",
        *(f"page_kind_{k}" for k in BLOCK_KINDS),
        "page_rep3_share",
        "page_rep10_share",
        "page_dense_share",
        "page_core_share",
        "page_price_blocks",
        "page_long_blocks",
        "page_headings",
        "page_rule_share",
        "page_comment_rule",
        "page_align_share",
        "page_traf_link_share",
        "page_traf_dense_share",
        "page_traf_short_lines",
        "page_traf_words_per_line",
        *(f"schema_{t}" for t in SCHEMA_TYPES),
        *(f"og_{t}" for t in OG_TYPES),
        *URL_FEATURES,
    ]


def page_vector(seg: Segmentation, stats: TextStats, info: PageInfo) -> np.ndarray:
    """The page's own evidence (the page-type model's input, and columns of every block row)."""
    chars = stats.chars
    total = float(chars.sum()) or 1.0
    n = len(seg.blocks)
    kinds = np.zeros(len(BLOCK_KINDS), dtype=np.float32)
    for block, c in zip(seg.blocks, chars, strict=True):
        kinds[_KIND_INDEX[block.kind]] += c
    rep = np.array(seg.rep_max, dtype=np.float32) if n else np.zeros(0, dtype=np.float32)
    rules = np.array(seg.rule, dtype=np.float32) if n else np.zeros(0, dtype=np.float32)
    dense = np.array(seg.dense, dtype=np.float32) if n else np.zeros(0, dtype=np.float32)
    core = np.array(seg.core, dtype=np.float32) if n else np.zeros(0, dtype=np.float32)
    traf_chars = sum(len(t) for t in info.traf_lines)
    schema = np.zeros(len(SCHEMA_TYPES), dtype=np.float32)
    for t in info.types:
        index = _SCHEMA_INDEX.get(t)
        if index is not None:
            schema[index] = 1.0
    og = np.zeros(len(OG_TYPES), dtype=np.float32)
    if info.og_type:
        og_main = info.og_type.split(".")[0].split(":")[0]
        if og_main in OG_TYPES:
            og[OG_TYPES.index(og_main)] = 1.0
    head = np.array(
        [
            np.log1p(n),
            np.log1p(total),
            float((stats.link * chars).sum()) / total,
            float((stats.traf * chars).sum()) / total,
            np.log1p(traf_chars),
            np.log1p(sum(len(t) for t in info.traf_comments)),
            *(kinds / total),
            float(chars[rep >= 3].sum()) / total if n else 0.0,
            float(chars[rep >= 10].sum()) / total if n else 0.0,
            float((chars * dense).sum()) / total,
            float((chars * core).sum()) / total,
            float(stats.rows[:, _TEXT_NAMES.index("price_like")].sum()) if n else 0.0,
            float((chars >= 200).sum()),
            float(sum(b.kind == "heading" for b in seg.blocks)),
            float(chars[rules > 0].sum()) / total if n else 0.0,
            float(info.rule_counts.get("comments", 0)),
            *_traf_quality(stats, dense, info.traf_lines, total),
        ],
        dtype=np.float32,
    )
    return np.concatenate([head, schema, og, url_shape(info.url)])


def _traf_quality(stats: TextStats, dense: np.ndarray, traf_lines: list[str], total: float) -> tuple[float, ...]:
    """How trustworthy trafilatura's body looks on this page: the share of the page it aligns with, how much of it
    is link text or outside the density candidate, and how menu-like its lines are (short, few words). With
    ``fast=True`` trafilatura sometimes returns a menu as the body; these let the scorer weigh its verdicts."""
    aligned = stats.align * stats.chars
    held = float(aligned.sum())
    counts = [len(WORD.findall(line)) for line in traf_lines]
    return (
        held / total,
        float((aligned * stats.link).sum()) / held if held else 0.0,
        float((aligned * dense).sum()) / held if held and len(dense) else 0.0,
        sum(c < 4 for c in counts) / len(counts) if counts else 0.0,
        float(np.log1p(sum(counts) / len(counts))) if counts else 0.0,
    )


_NEIGHBOUR = ("chars_log", "link_density", "traf_cover", "stop_ratio", "traf_align")


def block_names() -> list[str]:
    names = list(_TEXT_NAMES)
    names += [f"kind_{k}" for k in BLOCK_KINDS]
    names += ["level", "list_depth", "ordered", "cells", "header", "dom_depth", "pos", "char_pos", "rep", "rep_max"]
    names += ["dense", "core", "rule_any", *(f"rule_{r}" for r in RULE_NAMES)]
    names += [f"anc_{t}" for t in TOKEN_VOCAB] + [f"near_{t}" for t in TOKEN_VOCAB]
    names += [f"hash_{i}" for i in range(HASH_BUCKETS)] + [f"in_{t}" for t in LANDMARKS]
    for side in ("prev", "next"):
        names += [f"{side}_{n}" for n in _NEIGHBOUR] + [f"{side}2_traf_cover"]
    names += ["parent_blocks_log", "parent_traf", "parent_link", "parent_chars_log", "win_traf", "win_link"]
    names += ["parent_align", "win_align"]
    names += page_names()
    names += [f"type_{t}" for t in PAGE_TYPES]
    return names


def _shift(a: np.ndarray, k: int, fill: float = 0.0) -> np.ndarray:
    out = np.full_like(a, fill)
    if k > 0:
        out[k:] = a[:-k]
    elif k < 0:
        out[:k] = a[-k:]
    else:
        out[:] = a
    return out


def _window_mean(a: np.ndarray, radius: int) -> np.ndarray:
    n = len(a)
    csum = np.concatenate([[0.0], np.cumsum(a, dtype=np.float64)])
    lo = np.clip(np.arange(n) - radius, 0, n)
    hi = np.clip(np.arange(n) + radius + 1, 0, n)
    out: np.ndarray = ((csum[hi] - csum[lo]) / np.maximum(hi - lo, 1)).astype(np.float32)
    return out


def _group_mean(values: np.ndarray, groups: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
    w = np.ones_like(values) if weights is None else weights
    sums = np.bincount(groups, weights=values * w)
    norm = np.bincount(groups, weights=w)
    out: np.ndarray = (sums / np.maximum(norm, 1e-9))[groups].astype(np.float32)
    return out


def block_matrix(seg: Segmentation, stats: TextStats, page: np.ndarray, type_probs: np.ndarray) -> np.ndarray:
    """One row per block, columns as :func:`block_names`."""
    n = len(seg.blocks)
    names_count = len(block_names())
    if n == 0:
        return np.zeros((0, names_count), dtype=np.float32)
    blocks = seg.blocks
    kinds = np.zeros((n, len(BLOCK_KINDS)), dtype=np.float32)
    kinds[np.arange(n), [_KIND_INDEX[b.kind] for b in blocks]] = 1.0
    chars = stats.chars
    cum = np.cumsum(chars) - chars
    structure = np.array(
        [(b.level, b.depth, b.ordered, len(b.cells), b.header) for b in blocks], dtype=np.float32
    ).reshape(n, 5)
    misc = np.column_stack(
        [
            np.array(seg.depth, dtype=np.float32),
            np.arange(n, dtype=np.float32) / n,
            cum / max(float(chars.sum()), 1.0),
            np.array(seg.rep, dtype=np.float32),
            np.array(seg.rep_max, dtype=np.float32),
            np.array(seg.dense, dtype=np.float32),
            np.array(seg.core, dtype=np.float32),
        ]
    )
    rule_idx = np.array(seg.rule, dtype=np.int64)
    rules = np.zeros((n, len(RULE_NAMES) + 1), dtype=np.float32)
    rules[:, 0] = rule_idx > 0
    has = rule_idx > 0
    rules[np.nonzero(has)[0], rule_idx[has]] = 1.0
    width = len(TOKEN_VOCAB)
    anc = _bits(seg.vocab, width)
    near = _bits(seg.near, width)
    hashed = _bits(seg.hashed, HASH_BUCKETS)
    landmarks = _bits(seg.landmarks, len(LANDMARKS))
    text = stats.rows
    cols = {name: text[:, i] for i, name in enumerate(_TEXT_NAMES)}
    neighbours = []
    for k in (1, -1):
        for name in _NEIGHBOUR:
            neighbours.append(_shift(cols[name], k, -1.0))
        neighbours.append(_shift(cols["traf_cover"], 2 * k, -1.0))
    groups = np.array(seg.parents, dtype=np.int64)
    parent_blocks = np.bincount(groups)[groups].astype(np.float32)
    parent_chars = np.bincount(groups, weights=chars)[groups].astype(np.float32)
    context = np.column_stack(
        [
            np.log1p(parent_blocks),
            _group_mean(stats.traf, groups, chars + 1),
            _group_mean(stats.link, groups, chars + 1),
            np.log1p(parent_chars),
            _window_mean(stats.traf, 3),
            _window_mean(stats.link, 3),
            _group_mean(stats.align, groups, chars + 1),
            _window_mean(stats.align, 3),
        ]
    )
    page_rows = np.broadcast_to(page, (n, len(page)))
    type_rows = np.broadcast_to(type_probs.astype(np.float32), (n, len(PAGE_TYPES)))
    out = np.hstack(
        [text, kinds, structure, misc, rules, anc, near, hashed, landmarks, np.column_stack(neighbours), context,
         page_rows, type_rows]
    ).astype(np.float32)  # fmt: skip
    return out


#: Base columns of block_matrix repeated in the second stage's rows.
CONTEXT_BASE = ("chars_log", "link_density", "traf_cover", "stop_ratio", "title_repeat", "dense", "core", "rule_any",
                "rep_max", "pos", *(f"kind_{k}" for k in BLOCK_KINDS), *(f"type_{t}" for t in PAGE_TYPES))  # fmt: skip


def context_names() -> list[str]:
    names = list(CONTEXT_BASE)
    names += ["s0", "s_prev1", "s_next1", "s_prev2", "s_next2", "s_prev3", "s_next3", "s_win3", "s_win8"]
    names += ["s_parent", "s_parent_max", "s_page_max", "s_page_mean_w", "s_rel", "s_kept_share_before"]
    names += ["s_kept_share_after", "s_run_gap"]
    return names


@cache
def _context_columns() -> np.ndarray:
    names = block_names()
    return np.array([names.index(c) for c in CONTEXT_BASE], dtype=np.int64)


def context_matrix(rows: np.ndarray, scores: np.ndarray, parents: np.ndarray) -> np.ndarray:
    """The second stage's rows: some first-stage columns, the block's first-stage score and the scores around it."""
    n = len(scores)
    if n == 0:
        return np.zeros((0, len(context_names())), dtype=np.float32)
    s = scores.astype(np.float32)
    chars = np.expm1(rows[:, 0])
    parent_max = np.full(int(parents.max()) + 1, -1.0)
    np.maximum.at(parent_max, parents, s)
    kept = (s >= 0.5).astype(np.float32)
    weights = chars * kept
    before = np.cumsum(weights) - weights
    total = max(float(weights.sum()), 1.0)
    # distance (in blocks) to the nearest block scored keep
    idx = np.arange(n)
    kept_idx = np.nonzero(kept)[0]
    if len(kept_idx):
        pos = np.searchsorted(kept_idx, idx)
        left = kept_idx[np.clip(pos - 1, 0, len(kept_idx) - 1)]
        right = kept_idx[np.clip(pos, 0, len(kept_idx) - 1)]
        gap = np.minimum(np.abs(idx - left), np.abs(right - idx)).astype(np.float32)
    else:
        gap = np.full(n, float(n), dtype=np.float32)
    page_max = float(s.max())
    columns = [
        s,
        _shift(s, 1, -1.0),
        _shift(s, -1, -1.0),
        _shift(s, 2, -1.0),
        _shift(s, -2, -1.0),
        _shift(s, 3, -1.0),
        _shift(s, -3, -1.0),
        _window_mean(s, 3),
        _window_mean(s, 8),
        _group_mean(s, parents, chars + 1),
        parent_max[parents].astype(np.float32),
        np.full(n, page_max, dtype=np.float32),
        np.full(n, float((s * (chars + 1)).sum() / (chars + 1).sum()), dtype=np.float32),
        s / max(page_max, 1e-6),
        before / total,
        (total - before - weights) / total,
        np.log1p(gap),
    ]
    return np.hstack([rows[:, _context_columns()], np.column_stack(columns)]).astype(np.float32)
