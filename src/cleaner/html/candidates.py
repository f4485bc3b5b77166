"""The body candidate that does not come from trafilatura: readability-style scoring of containers, and the rule that
picks between (or merges) the candidates.

Scoring: every paragraph-like element with enough text gives points (one, plus one per comma, plus one per 100
characters up to three) to its parent, half as many to its grandparent and a third to the levels above. A container's
score is then discounted by its link density. The best container, widened to a common ancestor when several
near-best containers share one (an article split into chunks), plus its siblings that score well, is the candidate.
Its blocks are the text of its block elements in document order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..tokens import WORD as _WORD
from ..tokens import squeeze

__all__ = ["Candidate", "caption_texts", "density_candidate", "density_containers", "html_blocks", "pick"]

#: Elements whose text is scored as a paragraph.
_PARA_TAGS = frozenset({"p", "pre", "blockquote", "td", "dd"})
#: A paragraph shorter than this (characters) gives no points: labels, buttons, datelines.
MIN_PARA_CHARS = 25
#: Ancestor levels that receive a paragraph's points, and the divisor of each level (readability's weights).
_LEVEL_DIVISORS = (1, 2, 3, 3, 3)
#: Commas in several scripts count as signs of running text.
_COMMAS = re.compile(r"[,，、،]")
#: Points per 100 characters of paragraph text, capped.
LENGTH_POINTS_CAP = 3
#: Containers scoring at least this share of the best are "near best"; when this many or more of the five best
#: share an ancestor, the article is split across them and the ancestor is the candidate.
NEAR_BEST_SHARE = 0.75
NEAR_BEST_COUNT = 3
#: A sibling of the chosen container joins it when it scores this share of the best (and at least SIBLING_MIN) ...
SIBLING_SHARE = 0.2
SIBLING_MIN = 10.0
#: ... or when it is a paragraph this long with a link density under SIBLING_LINK_DENSITY.
SIBLING_PARA_CHARS = 80
SIBLING_LINK_DENSITY = 0.25
#: Blocks with a larger share of link text are teasers and menus, not article text.
BLOCK_LINK_DENSITY = 0.5

_SKIP_TAGS = frozenset(
    {"script", "style", "template", "svg", "noscript", "iframe", "button", "select", "input", "textarea",
     "head", "title", "meta", "link", "object", "embed", "canvas", "video", "audio", "nav"}
)  # fmt: skip
_BLOCK_TAGS = frozenset(
    {"p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dd", "dt",
     "blockquote", "pre", "table", "tr", "tbody", "thead", "tfoot", "figure", "header", "footer", "aside",
     "form", "address", "hr", "center", "details", "summary", "caption", "figcaption", "body", "html"}
)  # fmt: skip
_CELL_TAGS = frozenset({"td", "th"})
#: Containers whose own loose text (not inside child blocks) is scored like a paragraph.
_LOOSE_TEXT_TAGS = frozenset({"div", "section", "article", "main", "font", "center"})
_TAG_BONUS = {
    "div": 5.0,
    "article": 5.0,
    "section": 3.0,
    "main": 3.0,
    "pre": 3.0,
    "td": 3.0,
    "blockquote": 3.0,
    "ol": -3.0,
    "ul": -3.0,
    "dl": -3.0,
    "dd": -3.0,
    "dt": -3.0,
    "li": -3.0,
    "form": -3.0,
    "address": -3.0,
    "th": -5.0,
    "h1": -5.0,
    "h2": -5.0,
    "h3": -5.0,
    "h4": -5.0,
    "h5": -5.0,
    "h6": -5.0,
}
#: Blocks are compared by their word n-grams of this size (the corpus metric's shingles).
SHINGLE = 4
#: A block is held by both candidates when at least this share of its n-grams occurs in the other candidate.
SHARED_SHARE = 0.5
#: A block only trafilatura found is kept from this many characters up; a block only the density candidate found
#: outside the span of shared blocks, from LONE_DENSITY_CHARS. Shorter lone blocks are headlines, decks, datelines,
#: captions, author notes, teasers. (Tuned on the dev corpora: 150-250 and 120-500 all lie within 0.003 F1.)
LONE_TRAFILATURA_CHARS = 200
LONE_DENSITY_CHARS = 300
#: A block only trafilatura found between its first and last shared block is kept from this many characters up (a
#: paragraph the density candidate's container missed; shorter ones there are mostly inline teasers).
INNER_TRAFILATURA_CHARS = 80
#: How ``Options.favor`` scales the lengths lone blocks need.
FAVOR_SCALE = {"precision": 2.0, "balanced": 1.0, "recall": 0.5}


@dataclass(slots=True)
class Candidate:
    """A body candidate: the extractor (or merge) it came from, and its blocks in reading order."""

    name: str
    blocks: list[str]


class _Measures:
    """Text and link-text length of every element of ``body`` (stripped pieces, no skipped subtrees), in one pass
    down and one pass up. Elements are numbered in document order (``order``, ``index``); the measures are lists by
    that number (a dict per element cost twice as much)."""

    def __init__(self, body: Any) -> None:
        self.order: list[Any] = []
        self.index: dict[Any, int] = {}
        self.parents: list[int] = []  # the parent's number; -1 for ``body``
        self.in_para: list[bool] = []  # inside a paragraph-like element
        self.text: list[int] = []
        self.links: list[int] = []
        self.loose: list[int] = []
        order, index, parents, in_para = self.order, self.index, self.parents, self.in_para
        total, loose = self.text, self.loose
        tags: list[str] = []
        tails: list[int] = []
        for el in body.iter():
            tag = el.tag
            parent = el.getparent()
            at = index.get(parent, -1)
            if el is not body and at < 0:
                continue  # inside a skipped subtree
            if not isinstance(tag, str) or tag in _SKIP_TAGS:
                # a comment, or a skipped element: only its tail counts, as text and as loose text of its parent
                if at >= 0 and el.tail:
                    tail = len(el.tail.strip())
                    total[at] += tail
                    if not isinstance(tag, str) or tag not in _BLOCK_TAGS:
                        loose[at] += tail
                continue
            index[el] = len(order)
            order.append(el)
            tags.append(tag)
            parents.append(at)
            if at >= 0:
                in_para.append(in_para[at] or tags[at] in _PARA_TAGS)
            else:
                in_para.append(parent is not None and parent.tag in _PARA_TAGS)
            tails.append(len(el.tail.strip()) if el.tail else 0)
            own = len(el.text.strip()) if el.text else 0
            total.append(own)
            loose.append(own)
        links = self.links
        links.extend([0] * len(order))
        for i in range(len(order) - 1, -1, -1):
            tag = tags[i]
            text = total[i]  # complete: every descendant comes after it in document order
            if tag == "a":
                links[i] = text
            parent = parents[i]
            if parent >= 0:
                tail = tails[i]
                total[parent] += text + tail
                links[parent] += links[i]
                if tag not in _BLOCK_TAGS:
                    loose[parent] += tail if tag == "br" else tail + text


def density_candidate(body: Any) -> Candidate:
    """The readability-style candidate from the (pruned) ``body`` element."""
    blocks: list[str] = []
    for container in density_containers(body):
        blocks.extend(html_blocks(container))
    return Candidate("density", blocks)


def density_containers(body: Any) -> list[Any]:
    """The containers of the density candidate of ``body``: the best-scoring container (widened when the article is
    split across several) and its siblings that score well; empty when no paragraph scores."""
    m = _Measures(body)
    scores: dict[int, float] = {}  # by element number, in the order first scored
    order, parents, total, loose, in_para = m.order, m.parents, m.text, m.loose, m.in_para
    for i, el in enumerate(order):
        tag = el.tag
        if tag in _PARA_TAGS:
            if total[i] < MIN_PARA_CHARS:
                continue
            text = el.text_content()
            node = parents[i]
        elif tag in _LOOSE_TEXT_TAGS and loose[i] >= MIN_PARA_CHARS and not in_para[i]:
            # text written straight into a container (between <br>s): the container is its paragraph's parent
            text = el.text_content()
            node = i
        else:
            continue
        length = len(text.strip())
        points = 1.0 + len(_COMMAS.findall(text)) + min(length // 100, LENGTH_POINTS_CAP)
        for divisor in _LEVEL_DIVISORS:
            if node < 0:
                break
            if node not in scores:
                scores[node] = _TAG_BONUS.get(order[node].tag, 0.0)
            scores[node] += points / divisor
            node = parents[node]
    if not scores:
        return []
    links = m.links
    final = {order[i]: score * (1.0 - min(1.0, links[i] / (total[i] or 1))) for i, score in scores.items()}
    ranked = sorted(final.items(), key=lambda kv: kv[1], reverse=True)
    top, top_score = ranked[0]
    top = _widen(top, top_score, ranked)
    top_score = final.get(top, top_score)
    return _with_siblings(top, top_score, final, m)


def _widen(top: Any, top_score: float, ranked: list[tuple[Any, float]]) -> Any:
    """When several near-best containers share an ancestor, the article is split across them: take the ancestor."""
    near = [n for n, s in ranked[1:5] if s >= NEAR_BEST_SHARE * top_score]
    if len(near) < NEAR_BEST_COUNT - 1:
        return top
    near_ancestors = [set(n.iterancestors()) for n in near]
    node = top.getparent()
    while node is not None and node.tag not in ("body", "html"):
        if sum(node in a for a in near_ancestors) >= NEAR_BEST_COUNT - 1:
            return node
        node = node.getparent()
    return top


def _with_siblings(top: Any, top_score: float, final: dict[Any, float], m: _Measures) -> list[Any]:
    parent = top.getparent()
    if parent is None or top.tag in ("body", "html"):
        return [top]
    threshold = max(SIBLING_MIN, top_score * SIBLING_SHARE)
    out = []
    for sib in parent:
        if not isinstance(sib.tag, str):
            continue
        if sib is top or final.get(sib, 0.0) >= threshold:
            out.append(sib)
        elif sib.tag == "p" and sib in m.index:
            at = m.index[sib]
            length = m.text[at]
            if length >= SIBLING_PARA_CHARS and m.links[at] < SIBLING_LINK_DENSITY * length:
                out.append(sib)
    return out


def html_blocks(container: Any) -> list[str]:
    """The text of ``container`` as blocks: one per paragraph, heading, list item, quote or table row.

    Blocks that are mostly link text (menus, teaser lists that survived pruning) are left out.
    """
    blocks: list[str] = []
    parts: list[str] = []
    link_chars = 0

    def flush(row: bool = False) -> None:
        # a table row may be mostly links (a list of films, each title linked) and still be the article's data
        nonlocal link_chars
        text = squeeze("".join(parts))
        if text and (row or link_chars <= BLOCK_LINK_DENSITY * len(text)):
            blocks.append(text)
        parts.clear()
        link_chars = 0

    # an explicit stack, not recursion: pages nest deeper than Python's recursion limit. Entries are
    # (element, closing, links): closing marks the second visit after the children, links the <a> depth.
    stack: list[tuple[Any, bool, int]] = [(container, False, 0)]
    while stack:
        el, closing, links = stack.pop()
        tag = el.tag
        if closing:
            if tag in _BLOCK_TAGS:
                flush(row=tag == "tr")
            elif tag in _CELL_TAGS:
                parts.append(" ")
        elif isinstance(tag, str) and tag not in _SKIP_TAGS:
            if tag in _BLOCK_TAGS:
                flush()
            elif tag == "br":
                parts.append("\n")
            inner = links + (tag == "a")
            if el.text:
                parts.append(el.text)
                if inner:
                    link_chars += len(el.text.strip())
            stack.append((el, True, links))
            stack.extend((child, False, inner) for child in reversed(el))
            continue
        # after an element (or a skipped one, or a comment) comes its tail, which belongs to the parent
        if el is not container and el.tail:
            parts.append(el.tail)
            if links:
                link_chars += len(el.tail.strip())
    flush()
    return blocks


def caption_texts(body: Any) -> frozenset[str]:
    """The texts of the figure captions under ``body``, as :func:`html_blocks` writes them."""
    return frozenset(b for fig in body.iter("figcaption") for b in html_blocks(fig))


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _shingles(words: list[str]) -> set[tuple[str, ...]]:
    """The block's word 4-grams; a block of fewer words is one n-gram of all its words."""
    if len(words) < SHINGLE:
        return {tuple(words)} if words else set()
    return set(zip(words, words[1:], words[2:], words[3:], strict=False))


class _Index:
    """Which n-grams a candidate holds, so a block of the other candidate can be looked up: 4-grams, every block of
    under four words as a whole, and (built only when asked for) the word triples, so that a three-word block is
    found inside a longer block."""

    def __init__(self, blocks: list[list[str]]) -> None:
        self.blocks = blocks
        self.where: dict[tuple[str, ...], int] = {}  # n-gram -> the last block holding it
        for j, words in enumerate(blocks):
            self.where.update(dict.fromkeys(_shingles(words), j))
        self.triples: dict[tuple[str, ...], int] | None = None

    def shared(self, grams: set[tuple[str, ...]]) -> list[int]:
        """The blocks holding each of ``grams`` that this candidate holds."""
        if len(grams) == 1:
            (gram,) = grams
            if len(gram) == SHINGLE - 1:
                if self.triples is None:
                    self.triples = {}
                    for j, words in enumerate(self.blocks):
                        self.triples.update(dict.fromkeys(zip(words, words[1:], words[2:], strict=False), j))
                return [self.triples[gram]] if gram in self.triples else []
        return [self.where[g] for g in grams if g in self.where]


def _matches(blocks: list[list[str]], others: list[list[str]]) -> list[list[int]]:
    """For each block, the other candidate's blocks that hold it (empty when it is not shared). Most shared blocks
    are the same paragraph word for word, found by a dictionary lookup; the n-gram index is built only for the rest."""
    same: dict[tuple[str, ...], int] = {tuple(words): j for j, words in enumerate(others)}
    index: _Index | None = None
    out: list[list[int]] = []
    for words in blocks:
        j = same.get(tuple(words))
        if j is not None and words:
            out.append([j])
            continue
        grams = _shingles(words)
        if index is None:
            index = _Index(others)
        where = index.shared(grams)
        out.append(where if grams and len(where) >= SHARED_SHARE * len(grams) else [])
    return out


def pick(
    trafilatura: Candidate, density: Candidate, *, keep: frozenset[str] = frozenset(), favor: str = "balanced"
) -> Candidate:
    """Merge the two candidates by block.

    A block both candidates hold (most of its word 4-grams occur in the other) is kept. So is a density block
    between the first and the last shared block: inside the article, what trafilatura drops is mostly subheadings,
    short paragraphs and table rows. A block only one candidate holds outside that span is kept when it is long
    enough to be running text: what one extractor alone finds around the article is mostly a title, a deck, a
    dateline, a caption, an author note or a teaser, unless it is a real paragraph the other missed (an article split
    into chunks, a lead paragraph outside the main container). The density candidate gives the order; trafilatura's
    lone blocks go after the last block both share before them. Density blocks whose text is in ``keep`` (image
    captions, when they are wanted in the text) are kept wherever they are. ``favor`` "precision" doubles the
    lengths a lone block needs and drops the density candidate's short lone blocks inside the span; "recall" halves
    the lengths.
    """
    scale = FAVOR_SCALE.get(favor, 1.0)
    if not density.blocks:
        return trafilatura
    if not trafilatura.blocks:
        return density
    t_words = [_words(b) for b in trafilatura.blocks]
    d_words = [_words(b) for b in density.blocks]
    t_where = _matches(t_words, d_words)
    d_shared = [bool(where) for where in _matches(d_words, t_words)]
    t_span = [i for i, where in enumerate(t_where) if where]
    t_first, t_final = (t_span[0], t_span[-1]) if t_span else (len(t_where), -1)
    inserts: dict[int, list[str]] = {}
    last = -1
    for i, block in enumerate(trafilatura.blocks):
        if t_where[i]:
            last = max(last, max(t_where[i]))
        elif len(block) >= scale * (INNER_TRAFILATURA_CHARS if t_first < i < t_final else LONE_TRAFILATURA_CHARS):
            inserts.setdefault(last, []).append(block)
    span = [j for j, both in enumerate(d_shared) if both]
    if not span and not t_span:
        # the two found different texts and neither can vouch for the other's blocks: keep both
        return Candidate("union", trafilatura.blocks + density.blocks)
    first, final = (span[0], span[-1]) if span else (len(d_shared), -1)
    out = list(inserts.get(-1, []))
    for j, block in enumerate(density.blocks):
        inner = first < j < final and (favor != "precision" or len(block) >= INNER_TRAFILATURA_CHARS)
        if d_shared[j] or inner or len(block) >= scale * LONE_DENSITY_CHARS or (keep and block in keep):
            out.append(block)
        out.extend(inserts.get(j, []))
    return Candidate("merged", out)
