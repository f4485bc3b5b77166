"""Learned choosers for the title and the author of a plain-text capture.

The rules of :mod:`cleaner.text.pipeline` read the head of the article first (title, byline, date, with their line
roles); then :func:`choose_metadata` builds candidates from the capture's lines and lets a shipped LightGBM model
pick among them, one ``predict`` call per field:

- **title**: the first ``FIRST_LINES`` lines of the capture and the lines around the article's first paragraph, at
  most ``MAX_CANDIDATES``; the candidate's value is the line.
- **author**: the names the byline tests read from the same lines ("By Jane Doe", "Jane Doe | May 3, 2024",
  "Jane Doe 3 hours ago", a name alone next to a date, a name under an "Author" label); the value is the name.

A field takes its best candidate when its score reaches the field's threshold (for the author, chosen on training
pages out of fold to keep false authors within the limit); otherwise it has none. When no model ships for a field
the rules' value stands. Models: ``cleaner/data/models/text_meta_<field>.txt``, trained by
``scripts/train_text_meta.py`` on the non-check pages of wcxb-dev-text and readability-dev-text.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..bylines import author_credit, is_handle
from ..extraction import Extraction
from ..model import load_model, model_available
from ..urls import slug_words
from ..words import word_set
from .lines import Line
from .metadata import (
    META_MAX_WORDS,
    TITLE_LIST_MIN_LINES,
    byline_in,
    headline_shaped,
    lead_stems,
    line_byline,
    line_date,
    name_credit,
    relative_stamp,
    stems_of,
)

__all__ = [
    "AUTHOR_FEATURES",
    "FIELDS",
    "THRESHOLDS",
    "TITLE_FEATURES",
    "Candidates",
    "author_candidates",
    "choose_metadata",
    "title_candidates",
]

#: The first this many lines of the capture may be candidates (the headline under a menu) ...
FIRST_LINES = 150
#: ... and the lines from this many above the first paragraph to ``AFTER_FIRST`` below it.
BEFORE_FIRST, AFTER_FIRST = 25, 3
#: An author is read from the first this many lines and those around the first paragraph.
AUTHOR_FIRST_LINES = 25
#: At most this many candidate lines per page (one predict call each field). With 100 first lines and 60 candidates,
#: the gold title was no candidate on 4% more training pages (a headline under a long menu); 150 / 120 took the
#: title's out-of-fold accuracy on wcxb-dev-text's training pages from 0.537 to 0.563.
MAX_CANDIDATES = 120
#: Lines elsewhere that spell this share of the URL's words are candidates too, at most ``SLUG_CANDIDATES`` of them.
SLUG_COVER, SLUG_CANDIDATES = 0.5, 20
#: A title candidate has at most this many words.
TITLE_MAX_WORDS = 40

FIELDS = ("title", "author")
#: Score the best candidate must reach (set by scripts/train_text_meta.py from out-of-fold scores on training pages).
THRESHOLDS: dict[str, float] = {"title": 0.02, "author": 0.35}

TITLE_FEATURES = (
    "index",
    "from_first",
    "rank",
    "share",
    "words",
    "chars",
    "capital_share",
    "upper",
    "ends_stop",
    "ends_colon",
    "ends_question",
    "has_digit",
    "has_separator",
    "headline",
    "rule_none",
    "rule_menu",
    "rule_other",
    "role",
    "rule_title",
    "prints",
    "overlap",
    "shared",
    "prev_words",
    "next_words",
    "prev_role",
    "next_role",
    "blank_before",
    "in_span",
    "longer_above",
    "lines",
    "slug_share",
    "slug_cover",
    "list_run",
    "in_longer",
    "holds_shorter",
)
AUTHOR_FEATURES = (
    "index",
    "from_first",
    "from_title",
    "share",
    "source",
    "name_words",
    "line_words",
    "by_label",
    "has_date",
    "role",
    "rule_none",
    "rule_menu",
    "rule_byline",
    "in_span",
    "after_end",
    "prints",
    "name_prints",
    "in_title",
    "prev_role",
    "next_role",
    "upper",
    "same_name",
    "count",
    "after_related",
    "handle",
    "prev_date",
    "next_date",
)
_ROLES = {None: 0, "title": 1, "byline": 2, "date": 3, "caption": 4, "credit": 5, "publisher": 6}
#: Where an author candidate was read: a "By" credit, a name beside a date, a name beside a relative time stamp, a
#: name alone, a name under an author label, a glued "ByJane Doe", a forum's thread starter or a Q&A's asker, a
#: member's handle beside a date.
SOURCES = {"credit": 1, "dated": 2, "relative": 3, "bare": 4, "labelled": 5, "glued": 6, "starter": 7, "handle": 8}
#: A forum's label for who opened the thread, the name after it on the same line ("Thread starter Bagabaga").
_STARTER = re.compile(r"^(?:thread\s+starter|started\s+by|asked\s+by|original\s+poster)\s*:?\s+(?P<name>\S.*)$", re.I)
#: What may follow a name beside a date: a post number ("blumo September 22, 2024, 2:43pm 1") or a category ("Mahua
#: Das in Project Management").
_NAME_TAIL = re.compile(r"\s+(?:#?\d{1,4}|in\s+[^\W\d_].*)$")
#: The line above a Q&A site's asker: "asked Feb 4, 2014 at 13:02".
_ASKED = re.compile(r"^asked\b", re.I)
#: Lines after the chosen title an author is also read from (a byline under the headline, far from the article).
AFTER_TITLE = 8
#: Short lines opening with "By" anywhere on the page are read too, at most this many: a byline under a listicle's
#: picks, far from its title and from a first paragraph found further down. Out of fold on wcxb-dev-text's training
#: pages (scripts/train_text_meta.py, model retrained): author 0.364 -> 0.385, false 0.032 -> 0.028 (4 lines: 0.378,
#: 25: 0.388 with false 0.032); check pages (cleaner eval): 0.420 -> 0.425, false unchanged (0.013).
BY_LINES = 10
_SEPARATOR = re.compile(r"\s[|–—:-]\s|\s[|•·]\s?")
_AUTHOR_LABEL = re.compile(
    r"^(?:by|author|authors|written\s+by|posted\s+by|von|autor|autorin|auteur|par|por|di|door|przez|autore)\s*:?$",
    re.I,
)
_GLUED_BY = re.compile(r"^(?:By|BY|Von|Par|Por)(?=[A-Z])")
_UPPER_GLUE = re.compile(r"(?<=[A-Z]{2})(?:PUBLISHED|UPDATED|POSTED)\b.*$")


@dataclass
class Candidates:
    """A field's candidates on one page: their values, their lines, and one feature row each."""

    texts: list[str] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    rows: list[list[float]] = field(default_factory=list)
    authors: list[list[str]] = field(default_factory=list)


#: Set by the training script to a list: each page's candidates are appended to it ({field: Candidates}).
COLLECT: list[dict[str, Candidates]] | None = None


def _window(lines: list[Line], first: int, slug: set[str]) -> list[int]:
    """Indexes of the candidate lines: short lines that open with no lower-case letter, near the first paragraph
    first, then from the top of the capture, at most ``MAX_CANDIDATES``; then, anywhere in the capture, those that
    spell at least ``SLUG_COVER`` of the URL's words (a product's name far under its menus and filters)."""
    lo, hi = max(0, first - BEFORE_FIRST), min(len(lines), first + AFTER_FIRST + 1)
    near = [i for i in range(lo, hi) if _may_head(lines[i])]
    room = MAX_CANDIDATES - len(near)
    top: list[int] = []
    for i in range(min(FIRST_LINES, lo)):
        if room <= 0:
            break
        if _may_head(lines[i]):
            top.append(i)
            room -= 1
    picked = top + near
    if slug:
        taken = set(picked)
        need = SLUG_COVER * len(slug)
        picked += [
            i
            for i, line in enumerate(lines)
            if i not in taken and 1 <= line.words <= TITLE_MAX_WORDS and len(slug.intersection(line.tokens)) >= need
        ][:SLUG_CANDIDATES]
    return picked


def _author_window(lines: list[Line], first: int, end: int, title_line: int | None) -> list[int]:
    """Indexes of the lines an author is read from: the first ``AUTHOR_FIRST_LINES`` lines, those under the chosen
    title, those around the first paragraph, the few right after the article (an author box), and up to ``BY_LINES``
    short "By ..." lines anywhere else."""
    n = len(lines)
    picked = dict.fromkeys(range(min(AUTHOR_FIRST_LINES, n)))
    if title_line is not None:
        picked.update(dict.fromkeys(range(title_line + 1, min(n, title_line + AFTER_TITLE + 1))))
    picked.update(dict.fromkeys(range(max(0, first - BEFORE_FIRST), min(n, first + AFTER_FIRST + 1))))
    picked.update(dict.fromkeys(range(end + 1, min(n, end + 4))))
    out = list(picked)[: MAX_CANDIDATES + 10]
    taken = set(out)
    out += [
        i
        for i, line in enumerate(lines)
        if i not in taken and line.words <= META_MAX_WORDS and (line.tokens[:1] == ["by"] or _GLUED_BY.match(line.text))
    ][:BY_LINES]
    return out


def _may_head(line: Line) -> bool:
    return 1 <= line.words <= TITLE_MAX_WORDS and not line.text[:1].islower()


def _role(line: Line | None) -> int:
    if line is None:
        return -1
    return _ROLES.get(line.role, 7)


def _capital_share(text: str) -> float:
    words = text.split()
    if not words:
        return 0.0
    return sum(1 for w in words if w[:1].isupper()) / len(words)


def title_candidates(
    lines: list[Line], first: int, end: int, ext: Extraction, counts: Counter[str], lead: set[str]
) -> Candidates:
    out = Candidates()
    n = len(lines)
    rank = 0
    longest = 0
    slug = slug_words(ext.url)
    for i in _window(lines, first, slug):
        line = lines[i]
        if not 1 <= line.words <= TITLE_MAX_WORDS or line.role in ("caption", "credit", "publisher", "byline", "date"):
            longest = max(longest, line.words)
            continue
        text = line.text
        stems = stems_of(line.tokens)
        shared = len(stems & lead)
        prev = lines[i - 1] if i > 0 else None
        nxt = lines[i + 1] if i + 1 < n else None
        rule = line.rule
        out.texts.append(text)
        out.lines.append(i)
        out.rows.append(
            [
                i,
                i - first,
                rank,
                i / n,
                line.words,
                len(text),
                _capital_share(text),
                float(text.isupper()),
                float(text.endswith(".")),
                float(text.endswith(":")),
                float(text.endswith("?")),
                float(any(map(str.isdigit, text))),
                float(_SEPARATOR.search(text) is not None),
                float(headline_shaped(line)) if line.words <= 30 else 0.0,
                float(rule is None),
                float(rule == "menu"),
                float(rule is not None and rule != "menu"),
                _role(line),
                float(ext.title is not None and text == ext.title),
                counts[" ".join(line.tokens)],
                shared / len(stems) if stems else 0.0,
                shared,
                prev.words if prev else -1,
                nxt.words if nxt else -1,
                _role(prev),
                _role(nxt),
                float(line.blank_before),
                float(i >= first),
                longest,
                n,
                len(slug.intersection(line.tokens)) / max(1, len(line.tokens)),
                len(slug.intersection(line.tokens)) / len(slug) if slug else -1.0,
                0.0,  # list_run, filled below
                0.0,  # in_longer, filled below
                0.0,  # holds_shorter, filled below
            ]
        )
        rank += 1
        longest = max(longest, line.words)
    # headline-shaped lines in a row are a list (a table of contents, other articles' headlines): each row gets the
    # length of its run
    shaped_col, run_col = TITLE_FEATURES.index("headline"), TITLE_FEATURES.index("list_run")
    contents = [False] * len(out.rows)
    labels = word_set("contents_labels")
    k = 0
    while k < len(out.rows):
        j = k
        while (
            j + 1 < len(out.rows) and out.lines[j + 1] == out.lines[j] + 1 and out.rows[j + 1][shaped_col]
        ) and out.rows[k][shaped_col]:
            j += 1
        # under a contents label, or opened by one ("Table of contents" is headline-shaped itself)
        labelled = any(" ".join(lines[i].tokens) in labels for i in (out.lines[k] - 1, out.lines[k]) if i >= 0)
        for m in range(k, j + 1):
            out.rows[m][run_col] = j - k + 1
            contents[m] = labelled
        k = j + 1
    _containment(lines, out)
    # a line of a table of contents is never the title; other runs of headline-shaped lines are left to the model
    keep = [
        k
        for k, row in enumerate(out.rows)
        if not (contents[k] and row[run_col] >= TITLE_LIST_MIN_LINES) or lines[out.lines[k]].role == "title"
    ]
    if len(keep) < len(out.rows):
        out.texts = [out.texts[k] for k in keep]
        out.lines = [out.lines[k] for k in keep]
        out.rows = [out.rows[k] for k in keep]
    return out


def _containment(lines: list[Line], cands: Candidates) -> None:
    """Fill ``in_longer`` (how many other candidates hold this one's words in a row: a breadcrumb "Home / Shop /
    Atelier Sofa", a "Atelier Sofa quantity" label, a "Reviews of Atelier Sofa" heading) and ``holds_shorter`` (whether
    this one holds another candidate of at least two words so): the name a page repeats around itself is the plain
    one."""
    in_col, holds_col = TITLE_FEATURES.index("in_longer"), TITLE_FEATURES.index("holds_shorter")
    keys = [" " + " ".join(lines[i].tokens) + " " for i in cands.lines]
    by_token: dict[str, list[int]] = {}
    for k, i in enumerate(cands.lines):
        for token in set(lines[i].tokens):
            by_token.setdefault(token, []).append(k)
    for k, i in enumerate(cands.lines):
        tokens = lines[i].tokens
        if not tokens:
            continue
        key = keys[k]
        rarest = min(set(tokens), key=lambda t: len(by_token[t]))
        for other in by_token[rarest]:
            if other != k and len(keys[other]) > len(key) and key in keys[other]:
                cands.rows[k][in_col] += 1.0
                if len(tokens) >= 2:
                    cands.rows[other][holds_col] = 1.0


def _author_reads(lines: list[Line], i: int) -> list[tuple[str, list[str], int]]:
    """(byline, authors, source) read from line ``i``."""
    line = lines[i]
    text = line.text
    out: list[tuple[str, list[str], int]] = []
    if line.words > 60:
        return out
    glued = _GLUED_BY.match(text)
    if glued:
        fixed = text[: glued.end()] + " " + text[glued.end() :]
        fixed = _UPPER_GLUE.sub("", fixed)
        found = byline_in(fixed, len(fixed.split()))
        if found:
            out.append((found[0], found[1], SOURCES["glued"]))
    found = line_byline(line)
    if found:
        out.append((found[0], found[1], SOURCES["credit"]))
    if line.words > META_MAX_WORDS:
        return out
    starter = _STARTER.match(text)
    if starter:
        named = _name_or_handle(starter["name"].strip())
        if named:
            out.append((named[0], named[1], SOURCES["starter"]))
    dated = line_date(line)
    if dated and dated[1]:
        named = name_credit(dated[1]) or byline_in(dated[1], len(dated[1].split()))
        if named:
            out.append((named[0], named[1], SOURCES["dated"]))
        else:
            named = _name_or_handle(_NAME_TAIL.sub("", dated[1]).strip(" |•·-"))
            if named:
                out.append((named[0], named[1], SOURCES["handle"]))
    if i > 0 and line.words == 1 and _ASKED.match(lines[i - 1].text):
        named = _name_or_handle(text.strip())
        if named:
            out.append((named[0], named[1], SOURCES["starter"]))
    left = relative_stamp(text)
    if left:
        named = name_credit(left)
        if named:
            out.append((named[0], named[1], SOURCES["relative"]))
    if line.words <= 6:
        named = name_credit(text)
        if named:
            prev = lines[i - 1] if i > 0 else None
            labelled = prev is not None and _AUTHOR_LABEL.match(prev.text.strip()) is not None
            out.append((named[0], named[1], SOURCES["labelled" if labelled else "bare"]))
    return out


def _dated(line: Line | None) -> float:
    """1.0 when ``line`` is a short line holding a date. Beside an author candidate's own line, the lines above and
    below it ask it too: a name over or under a date is a credit ("Chirag Bhardwaj" / "November 14, 2025"; out of
    fold on wcxb-dev-text's training pages author 0.3445 -> 0.3533, false authors unchanged)."""
    return float(line is not None and line.words <= META_MAX_WORDS and line_date(line) is not None)


def _name_or_handle(text: str) -> tuple[str, list[str]] | None:
    """A person's name (:func:`name_credit`) or a member's handle, as (byline, authors)."""
    named = name_credit(text)
    if named:
        return named
    return (text, [text]) if is_handle(text) else None


def author_candidates(
    lines: list[Line], first: int, end: int, ext: Extraction, counts: Counter[str], title_line: int | None
) -> Candidates:
    out = Candidates()
    n = len(lines)
    seen: dict[str, int] = {}
    window = _author_window(lines, first, end, title_line)
    # a related-links box above the article: the names under it sign other articles, unless the chosen title stands
    # under the box: the box is above the article's head, and the names under the title are the article's. Out of
    # fold on the training pages (scripts/train_text_meta.py, model retrained): author 0.343 -> 0.364 on
    # wcxb-dev-text, false 0.028 -> 0.030; check pages (cleaner eval): 0.392 -> 0.414, false unchanged (0.027)
    box = max((i for i in range(max(0, first - BEFORE_FIRST), first) if lines[i].rule == "related"), default=None)
    box_end = title_line if box is not None and title_line is not None and box < title_line < first else first
    title_text = (ext.title or "").casefold()
    for i in window:
        line = lines[i]
        if line.role in ("caption", "credit", "publisher", "title") or (box is not None and box < i < box_end):
            continue
        # cheap gate: a long line names an author only as a credit ("By Jane Doe, a deputy editor who ...")
        if line.words > META_MAX_WORDS and author_credit(line.text) is None:
            continue
        prev = lines[i - 1] if i > 0 else None
        nxt = lines[i + 1] if i + 1 < n else None
        for byline, authors, source in _author_reads(lines, i):
            key = byline.casefold()
            seen[key] = seen.get(key, 0) + 1
            out.texts.append(byline)
            out.authors.append(authors)
            out.lines.append(i)
            out.rows.append(
                [
                    i,
                    i - first,
                    i - title_line if title_line is not None else -999,
                    i / n,
                    source,
                    len(byline.split()),
                    line.words,
                    float(line.tokens[:1] == ["by"]),
                    _dated(line),
                    _role(line),
                    float(line.rule is None),
                    float(line.rule == "menu"),
                    float(ext.byline is not None and byline == ext.byline),
                    float(first <= i <= end),
                    float(i > end),
                    counts[" ".join(line.tokens)],
                    0.0,  # name_prints, filled below
                    float(key in title_text),
                    _role(prev),
                    _role(nxt),
                    float(byline.isupper()),
                    0.0,  # same_name, filled below
                    0.0,  # count, filled below
                    float(box is not None and box < i < box_end),
                    float(" " not in byline),
                    _dated(prev),
                    _dated(nxt),
                ]
            )
    if out.rows:
        page = "\n".join(line.text.casefold() for line in lines)
        prints_col = AUTHOR_FEATURES.index("name_prints")
        same_col = AUTHOR_FEATURES.index("same_name")
        count_col = AUTHOR_FEATURES.index("count")
        for text, row in zip(out.texts, out.rows, strict=True):
            row[prints_col] = page.count(text.casefold())
            row[same_col] = seen[text.casefold()]
            row[count_col] = len(out.rows)
    return out


def _pick(name: str, cands: Candidates) -> int | None:
    """Index of the candidate the model picks, or None (below the threshold)."""
    import numpy as np

    model = load_model(f"text_meta_{name}")
    scores = model.predict(np.asarray(cands.rows, dtype=np.float64))
    best = int(np.argmax(scores))
    return best if float(scores[best]) >= THRESHOLDS[name] else None


def choose_metadata(lines: list[Line], first: int, end: int, ext: Extraction) -> None:
    """Let the shipped models choose the title and the author among the capture's lines (see the module
    docstring); a field whose model is not shipped keeps the rules' value."""
    active = [name for name in FIELDS if COLLECT is not None or model_available(f"text_meta_{name}")]
    if not active:
        return
    counts = Counter(" ".join(line.tokens) for line in lines)
    lead = lead_stems(lines, first, end)
    found: dict[str, Candidates] = {}
    titles = title_candidates(lines, first, end, ext, counts, lead)
    found["title"] = titles
    title_line = next((i for i in titles.lines if lines[i].role == "title"), None)
    if "title" in active and COLLECT is None and titles.rows:
        best = _pick("title", titles)
        if best is not None:  # below the threshold the rules' title stands
            ext.title = titles.texts[best]
            title_line = titles.lines[best]
            line = lines[title_line]
            if line.role is None and line.rule is None and not first <= title_line <= end:
                line.role = "title"
                ext.cut(line.text, "title")
    authors = author_candidates(lines, first, end, ext, counts, title_line)
    found["author"] = authors
    if "author" in active and COLLECT is None and authors.rows:
        best = _pick("author", authors)
        if best is None:
            ext.byline, ext.authors = None, []
        else:
            ext.byline, ext.authors = authors.texts[best], list(authors.authors[best])
    if COLLECT is not None:
        COLLECT.append(found)


def feature_check() -> dict[str, Any]:
    """The feature names of each shipped model against the columns built here (for the tests)."""
    out: dict[str, Any] = {}
    for name, names in (("title", TITLE_FEATURES), ("author", AUTHOR_FEATURES)):
        if model_available(f"text_meta_{name}"):
            out[name] = (load_model(f"text_meta_{name}").feature_names, names)
    return out
