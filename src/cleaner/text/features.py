"""Evidence for the learned line scorer and the page-type model of the text path, one NumPy row per line.

After the named rules ran (:func:`cleaner.text.pipeline.rule_pass`), every line is described by its own shape
(length, words, case and punctuation, digits, list marker, table cells), the phrase-list group it hits and how much
of it, where it stands (in the page, against the article span), its neighbourhood (the lines around it, the run of
short lines it stands in), how often the page repeats it, how much of it the title holds, and the verdict of each
named rule (one column per rule and per metadata role). The page as a whole is described by the means of these
(:func:`page_vector`), which the page-type model reads; its class probabilities are columns of every line's row.

The second pass (:func:`second_pass`) adds the first pass's scores around each line: a line among kept lines is
likelier kept. Feature names are written into the model files, and the scorer checks them at load time.
"""

from __future__ import annotations

import math
import re
from collections import Counter

import numpy as np

from ..phrases import GROUPS, phrase_starts
from ..tokens import WORD
from .lines import Line
from .rules import PHRASE_LOW_COVER, phrase_hit
from .span import sentence_like

__all__ = [
    "LINE_FEATURES",
    "PAGE_FEATURES",
    "PAGE_TYPES",
    "ROLES",
    "RULES",
    "SECOND_FEATURES",
    "SHAPE_FEATURES",
    "line_matrix",
    "page_vector",
    "second_pass",
]

#: Every rule name a line can carry after :func:`cleaner.text.pipeline.rule_pass`, in a fixed order.
RULES: tuple[str, ...] = (
    *GROUPS,
    "counter",
    "copyright",
    "tags",
    "menu",
    "ticker",
    "related-list",
    "title-repeat",
    "teaser",
    "outside-article",
)
#: The metadata roles a line can be taken for.
ROLES: tuple[str, ...] = ("title", "byline", "date", "caption", "credit", "publisher")
#: The page types of the page-type model, in class order.
PAGE_TYPES: tuple[str, ...] = ("article", "collection", "documentation", "forum", "listing", "product", "service")
#: Phrase hits below the rules' own cover still tell something: a line a fifth made of "share" words.
PHRASE_FEATURE_COVER = PHRASE_LOW_COVER
#: Lines longer than this are never tested against the phrase lists (a paragraph is never mostly phrases).
PHRASE_FEATURE_MAX_WORDS = 30
#: A line of at most this many words is "short" (a label, a link, a menu item).
SHORT_WORDS = 4

_RULE_INDEX = {name: i for i, name in enumerate(RULES)}
_ROLE_INDEX = {name: i for i, name in enumerate(ROLES)}
_GROUP_INDEX = {name: i for i, name in enumerate(GROUPS)}
_DIGIT = re.compile(r"\d")
_UPPER_WORD = re.compile(r"(?<!\w)[A-ZÀ-ÖØ-Þ]")
_CURRENCY = re.compile(r"[$€£¥₹]|\b(?:usd|eur|gbp)\b", re.IGNORECASE)
_URLISH = re.compile(r"https?://|www\.|\S@\S|\.(?:com|org|net)\b")
_SEPARATORS = re.compile(r"[|·•»›/»>]")

_SHAPE = (
    "log_words",
    "log_chars",
    "sentence_end",
    "ends_colon",
    "ends_ellipsis",
    "ends_question",
    "starts_upper",
    "starts_digit",
    "upper_word_share",
    "all_caps",
    "digit_share",
    "comma_per_word",
    "currency",
    "urlish",
    "separators",
    "list_bullet",
    "list_number",
    "cells",
    "blank_before",
    "tokens_per_space_word",
    "mean_token_len",
    "phrase_cover",
    "dup_count",
    "title_share",
    "position",
    "in_span",
    "before_span",
    "after_span",
    "span_distance",
    "short_run",
    "rule_cut",
)
#: Columns that are also given for the lines around each line (see ``_WINDOW_SOURCES``).
_WINDOW_SOURCES = ("log_words", "sentence_end", "rule_cut", "in_span", "short", "list_marker")
_WINDOWS = (("p1", -1, -1), ("n1", 1, 1), ("p2", -2, -1), ("n2", 1, 2), ("w5", -5, 5))
_PAGE_LINE = (
    "page_log_lines",
    "page_log_words",
    "page_cut_share",
    "page_has_span",
    "page_span_words_share",
    "style_wrapped",
    "style_paste",
)
#: The line scorer's first-pass columns, in order.
LINE_FEATURES: tuple[str, ...] = (
    *_SHAPE,
    *(f"rule_{r}" for r in RULES),
    *(f"role_{r}" for r in ROLES),
    *(f"phrase_{g}" for g in GROUPS),
    *(f"{src}_{w[0]}" for src in _WINDOW_SOURCES for w in _WINDOWS),
    *_PAGE_LINE,
    *(f"type_{t}" for t in PAGE_TYPES),
)
#: The second pass's extra columns (the first pass's scores around the line).
SECOND_FEATURES: tuple[str, ...] = (
    "s1",
    "s1_p1",
    "s1_n1",
    "s1_w2",
    "s1_w5",
    "s1_w10",
    "s1_max3",
    "s1_min3",
    "s1_page_mean",
    "s1_rank",
    "s1_kept_words_w5",
)
#: The page-type model's columns: means of line columns over the page, and its size.
PAGE_FEATURES: tuple[str, ...] = (
    *_PAGE_LINE,
    *(f"mean_{name}" for name in _SHAPE),
    "mean_short",
    "std_log_words",
    *(f"share_rule_{r}" for r in RULES),
    *(f"share_role_{r}" for r in ROLES),
    *(f"share_phrase_{g}" for g in GROUPS),
    "share_long",
    "max_log_words",
)

#: The shape columns, the first columns of the line matrix (the structure model reads them too).
SHAPE_FEATURES: tuple[str, ...] = _SHAPE
_N_SHAPE = len(_SHAPE)
_COL = {name: i for i, name in enumerate(_SHAPE)}


def _windowed(values: np.ndarray) -> np.ndarray:
    """For each column of ``values`` (n x k) and each of ``_WINDOWS``, the mean of the column over the window around
    each line (0 where the window is empty): an n x (k * len(_WINDOWS)) array, columns grouped by source column."""
    n, k = values.shape
    csum = np.vstack([np.zeros((1, k)), np.cumsum(values, axis=0)])
    idx = np.arange(n)
    out = np.empty((n, k, len(_WINDOWS)))
    for w, (_, lo, hi) in enumerate(_WINDOWS):
        a = np.clip(idx + lo, 0, n)
        b = np.clip(idx + hi + 1, 0, n)
        count = b - a
        total = csum[b] - csum[a]
        if lo <= 0 <= hi:  # a window around the line: leave the line itself out
            total = total - values
            count = count - 1
        out[:, :, w] = np.where((count > 0)[:, None], total / np.maximum(count, 1)[:, None], 0.0)
    return out.reshape(n, k * len(_WINDOWS))


#: Each per-line test below, as one pattern run over the whole page (the lines' heads joined by newlines, which no
#: line holds and none of the tests matches across): ``_per_line`` turns its matches back into one value per line.
_DIGIT_RUNS = re.compile(r"[^\d\n]+")
#: ``_UPPER_WORD`` or a newline, written to open with a character class (sre then skips to the next capital or
#: newline instead of trying the look-behind at every position): a capital preceded by no word character.
_UPPER_WORD_NL = re.compile(r"[A-ZÀ-ÖØ-Þ\n](?<=\n|(?<!\w)[A-ZÀ-ÖØ-Þ])")
_CURRENCY_SIGN_NL = re.compile(r"[$€£¥₹\n]")
_CURRENCY_CODE = re.compile(r"\b(?:usd|eur|gbp)\b", re.IGNORECASE)
#: What every currency code match holds once case-folded (every character IGNORECASE takes for one of these letters
#: case-folds to it, "ſ" to "s" too): lines without any are spared the pattern.
_CURRENCY_CODES = ("usd", "eur", "gbp")
_SEPARATOR_RUNS = re.compile(r"[^|·•»›/»>\n]+")
#: The costlier tests look at the start of a long line only.
HEAD_CHARS = 400


def _url_hint(text: str) -> bool:
    """Whether ``text`` holds a substring that every ``_URLISH`` match holds: lines without are spared the pattern."""
    return "@" in text or "://" in text or "www." in text or ".com" in text or ".org" in text or ".net" in text


def _page_tests(heads: list[str]) -> tuple[list[int], list[int], list[bool], list[bool], list[int]] | None:
    """Per line of ``heads``: its digits, its upper-case word starts, whether it names a currency or holds a URL,
    and its separators; each count runs one pattern over the page. None when a head holds a newline."""
    joined = "\n".join(heads)
    if joined.count("\n") != len(heads) - 1:
        return None
    digits = list(map(len, _DIGIT_RUNS.sub("", joined).split("\n")))
    upper = list(map(len, "".join(_UPPER_WORD_NL.findall(joined)).split("\n")))
    currency = [bool(signs) for signs in "".join(_CURRENCY_SIGN_NL.findall(joined)).split("\n")]
    folded = joined.lower() if joined.isascii() else joined.casefold()  # no character folds to a newline
    if any(code in folded for code in _CURRENCY_CODES):
        for i, line in enumerate(folded.split("\n")):
            if not currency[i] and any(code in line for code in _CURRENCY_CODES):
                currency[i] = _CURRENCY_CODE.search(heads[i]) is not None
    urlish = [_url_hint(head) and _URLISH.search(head) is not None for head in heads]
    separators = list(map(len, _SEPARATOR_RUNS.sub("", joined).split("\n")))
    return digits, upper, currency, urlish, separators


def _line_tests(heads: list[str]) -> tuple[list[int], list[int], list[bool], list[bool], list[int]]:
    """:func:`_page_tests` line by line (for a page whose lines hold newlines)."""
    return (
        [len(_DIGIT.findall(h)) for h in heads],
        [len(_UPPER_WORD.findall(h)) for h in heads],
        [_CURRENCY.search(h) is not None for h in heads],
        [_URLISH.search(h) is not None for h in heads],
        [len(_SEPARATORS.findall(h)) for h in heads],
    )


def _flags(values: list[bool]) -> np.ndarray:
    """``values`` as a 0/1 array: ``bytes()`` packs bools as 0 and 1 at C speed, where NumPy would check the type
    of each item (most shape columns are such tests, one per line)."""
    return np.frombuffer(bytes(values), dtype=np.uint8)


def _shape_rows(lines: list[Line], span: tuple[int, int] | None, title: str | None) -> tuple[np.ndarray, np.ndarray]:
    """The shape columns of each line, and its phrase group (one-hot). Built column by column from per-line lists;
    the regular-expression tests run once over the page (see :func:`_page_tests`)."""
    n = len(lines)
    groups = np.zeros((n, len(GROUPS)), dtype=np.float64)
    out = np.empty((n, _N_SHAPE), dtype=np.float64)
    if not n:
        return out, groups
    starts = phrase_starts().keys()
    texts = [line.text for line in lines]
    words = [line.words for line in lines]
    tokens_of = [line.tokens for line in lines]
    counts = Counter(texts)
    title_tokens = frozenset(WORD.findall(title.casefold())) if title else frozenset()
    heads = [t if len(t) < HEAD_CHARS else t[:HEAD_CHARS] for t in texts]
    digits, upper, currency, urlish, separators = _page_tests(heads) or _line_tests(heads)
    log1p = math.log1p
    cover = [0.0] * n
    for i, line in enumerate(lines):
        if line.words <= PHRASE_FEATURE_MAX_WORDS and not starts.isdisjoint(line.tokens):
            found = phrase_hit(line)  # the rules asked it of most of these lines already
            if found is not None:
                groups[i, _GROUP_INDEX[found[0]]] = 1.0
                cover[i] = found[1]
    space_words = [t.count(" ") + 1 for t in texts]
    head_spaces = [h.count(" ") + 1 for h in heads]  # a short line's head is the line
    token_chars = [sum(map(len, tokens)) for tokens in tokens_of]
    out[:, 0] = list(map(log1p, words))
    out[:, 1] = [log1p(len(t) or 1) for t in texts]
    out[:, 2] = _flags(list(map(sentence_like, texts)))
    out[:, 3] = _flags([t[-1:] == ":" for t in texts])
    out[:, 4] = _flags([t.endswith(("...", "…")) for t in texts])
    out[:, 5] = _flags([t[-1:] == "?" for t in texts])
    out[:, 6] = _flags([t[:1].isupper() for t in texts])
    out[:, 7] = _flags([t[:1].isdigit() for t in texts])
    out[:, 8] = [u / s for u, s in zip(upper, head_spaces, strict=True)]
    out[:, 9] = _flags([t.isupper() for t in texts])
    out[:, 10] = [d / len(h) if h else 0.0 for d, h in zip(digits, heads, strict=True)]
    out[:, 11] = [t.count(",") / max(w, 1) for t, w in zip(texts, words, strict=True)]
    out[:, 12] = _flags(currency)
    out[:, 13] = _flags(urlish)
    out[:, 14] = separators
    out[:, 15] = _flags([line.marker == "bullet" for line in lines])
    out[:, 16] = _flags([line.marker == "number" for line in lines])
    out[:, 17] = [len(line.cells) for line in lines]
    out[:, 18] = _flags([line.blank_before for line in lines])
    out[:, 19] = [w / s for w, s in zip(words, space_words, strict=True)]
    out[:, 20] = [(c / len(tokens)) if tokens else 0.0 for c, tokens in zip(token_chars, tokens_of, strict=True)]
    out[:, 21] = cover
    out[:, 22] = [math.log(counts[t]) for t in texts]
    if title_tokens:
        out[:, 23] = [
            (sum(map(title_tokens.__contains__, tokens)) / len(tokens))
            if tokens and not title_tokens.isdisjoint(tokens)
            else 0.0
            for tokens in tokens_of
        ]
    else:
        out[:, 23] = 0.0
    idx = np.arange(n)
    out[:, 24] = idx / n
    if span is not None:
        first, end = span
        out[:, 25] = (first <= idx) & (idx <= end)
        out[:, 26] = idx < first
        out[:, 27] = (idx > end) & (end >= 0)
        out[:, 28] = np.where(idx < first, first - idx, np.where(idx > end, idx - end, 0)) / n
    else:  # (first, end) = (-1, -2): no line is in, before or after the span
        out[:, 25:28] = 0.0
        out[:, 28] = 1.0
    short_run = [0.0] * n
    run_start = 0
    for i, w in enumerate(words):
        if w > SHORT_WORDS:
            for j in range(run_start, i):
                short_run[j] = i - run_start
            run_start = i + 1
    for j in range(run_start, n):
        short_run[j] = n - run_start
    out[:, 29] = np.log1p(short_run)
    out[:, 30] = _flags([line.rule is not None for line in lines])
    return out, groups


def line_matrix(
    lines: list[Line],
    span: tuple[int, int] | None,
    title: str | None,
    style: str,
    type_probs: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """The first-pass rows of ``lines`` (columns :data:`LINE_FEATURES`) and the page vector (:data:`PAGE_FEATURES`)
    without the page-type columns, which :func:`with_types` fills in."""
    n = len(lines)
    shape, groups = _shape_rows(lines, span, title)
    rules = np.zeros((n, len(RULES)))
    roles = np.zeros((n, len(ROLES)))
    for i, line in enumerate(lines):
        if line.rule is not None:
            k = _RULE_INDEX.get(line.rule)
            if k is not None:
                rules[i, k] = 1.0
        if line.role is not None:
            k = _ROLE_INDEX.get(line.role)
            if k is not None:
                roles[i, k] = 1.0
    words = np.array([line.words for line in lines], dtype=np.float64)
    short = (words <= SHORT_WORDS).astype(np.float64)
    marker = shape[:, _COL["list_bullet"]] + shape[:, _COL["list_number"]]
    sources = {
        "log_words": shape[:, _COL["log_words"]],
        "sentence_end": shape[:, _COL["sentence_end"]],
        "rule_cut": shape[:, _COL["rule_cut"]],
        "in_span": shape[:, _COL["in_span"]],
        "short": short,
        "list_marker": marker,
    }
    windows = _windowed(np.column_stack([sources[src] for src in _WINDOW_SOURCES]))
    total = float(words.sum())
    first, end = span if span is not None else (0, -1)
    span_words = float(words[first : end + 1].sum()) if span is not None else 0.0
    page_line = np.array(
        [
            np.log1p(n),
            np.log1p(total),
            float(shape[:, _COL["rule_cut"]].mean()),
            float(span is not None),
            span_words / total if total else 0.0,
            float(style == "wrapped"),
            float(style == "paste"),
        ]
    )
    probs = np.zeros(len(PAGE_TYPES)) if type_probs is None else type_probs
    matrix = np.hstack(
        [
            shape,
            rules,
            roles,
            groups,
            windows,
            np.broadcast_to(page_line, (n, len(page_line))),
            np.broadcast_to(probs, (n, len(PAGE_TYPES))),
        ]
    )
    page = np.concatenate(
        [
            page_line,
            shape.mean(axis=0),
            [short.mean(), float(shape[:, 0].std())],
            rules.mean(axis=0),
            roles.mean(axis=0),
            groups.mean(axis=0),
            [float((words >= 20).mean()), float(shape[:, 0].max())],
        ]
    )
    return matrix, page


def page_vector(matrix_page: np.ndarray) -> np.ndarray:
    """The page-type model's row (a 1 x :data:`PAGE_FEATURES` array)."""
    return matrix_page.reshape(1, -1)


def with_types(matrix: np.ndarray, probs: np.ndarray) -> np.ndarray:
    """``matrix`` with its page-type columns (the last ones) set to the page's class probabilities."""
    matrix[:, -len(PAGE_TYPES) :] = probs
    return matrix


def second_pass(matrix: np.ndarray, scores: np.ndarray, words: np.ndarray) -> np.ndarray:
    """``matrix`` with the :data:`SECOND_FEATURES` columns of the first pass's ``scores`` appended."""
    n = len(scores)
    csum = np.concatenate(([0.0], np.cumsum(scores)))
    idx = np.arange(n)

    def mean_around(k: int) -> np.ndarray:
        a = np.clip(idx - k, 0, n)
        b = np.clip(idx + k + 1, 0, n)
        count = b - a - 1
        return np.where(count > 0, (csum[b] - csum[a] - scores) / np.maximum(count, 1), scores)

    prev = np.concatenate(([scores[0] if n else 0.0], scores[:-1])) if n else scores
    nxt = np.concatenate((scores[1:], [scores[-1] if n else 0.0])) if n else scores
    padded = np.pad(scores, 3, mode="edge")
    stack = np.lib.stride_tricks.sliding_window_view(padded, 7)
    kept_words = (scores >= 0.5) * np.log1p(words)
    kcsum = np.concatenate(([0.0], np.cumsum(kept_words)))
    a = np.clip(idx - 5, 0, n)
    b = np.clip(idx + 6, 0, n)
    rank = np.empty(n)
    rank[np.argsort(scores, kind="stable")] = np.arange(n) / max(n - 1, 1)
    extra = np.column_stack(
        [
            scores,
            prev,
            nxt,
            mean_around(2),
            mean_around(5),
            mean_around(10),
            stack.max(axis=1),
            stack.min(axis=1),
            np.full(n, scores.mean() if n else 0.0),
            rank,
            (kcsum[b] - kcsum[a]) / (b - a),
        ]
    )
    return np.hstack([matrix, extra])
