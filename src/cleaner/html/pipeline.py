"""HTML path: parse once -> metadata from the whole page -> segment into typed blocks -> evidence per block (named
rules' verdicts, trafilatura's and the density candidate's verdicts, text, links, DOM tokens, repetition, position,
page evidence) -> page type (a product, service, listing, collection or documentation page keeps no author or date)
-> the trained block scorer keeps or drops each block -> page flags (paywall, login_wall, truncated, not_article).

Every dropped block is recorded (with ``Options(explain=True)``) with its reason: the name of the DOM rule that would
cut its container when one does (the rule's verdict is evidence the model weighed), else ``model:<score>``.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from ..article import UNDATED_TYPES
from ..dates import first_shown_date
from ..extraction import Extraction
from ..load import Loaded
from ..options import Options
from ..tokens import is_title_repeat, words
from .features import PAGE_TYPES
from .flags import flag_page, marked_not_free
from .headline import LEADING_BLOCKS, MAX_TITLE_CHARS
from .metadata import (
    extract_metadata,
    first_profile_link,
    opening_post_date,
    opening_poster,
)
from .page_type import page_type_probs
from .parse import parse_html
from .rules import RULE_NAMES
from .scorer import THRESHOLDS, gather, score_blocks

__all__ = ["extract_html"]


#: Safety net: when the kept text is under this share of trafilatura's output (and trafilatura found at least
#: SAFETY_MIN_CHARS), the blocks trafilatura covers are kept as well.
SAFETY_SHARE = 0.25
SAFETY_MIN_CHARS = 500
#: A block counts as covered by trafilatura when this share of its words is in trafilatura's output.
SAFETY_COVER = 0.8
#: How much more score a block needs when a named rule would cut its container.
RULE_MARGIN = 0.2
#: Decide the blocks of one rule-marked container together (:func:`rule_runs`).
RULE_RUNS = True
#: The rules that name prompts and widgets, never containers of content (on the training pages 1-10% of the words
#: under them belong to the article, against 12-30% for comments, hidden, caption, consent and ads).
PROMPT_RULES = frozenset({"paywall", "login", "newsletter", "browser", "share"})
_PROMPT_INDEX = frozenset(RULE_NAMES.index(name) + 1 for name in PROMPT_RULES)
_PROMPT_LIST = np.array(sorted(_PROMPT_INDEX))
_CAPTION_INDEX = RULE_NAMES.index("caption") + 1


def safety_net(keep: np.ndarray, chars: np.ndarray, traf: np.ndarray, traf_chars: int) -> np.ndarray:
    """No collapse: when the kept text is tiny beside trafilatura's body, the blocks trafilatura holds are kept too."""
    if traf_chars >= SAFETY_MIN_CHARS and float(chars[keep].sum()) < SAFETY_SHARE * traf_chars:
        return keep | (traf >= SAFETY_COVER)
    return keep


def rule_runs(keep: np.ndarray, rules: np.ndarray) -> np.ndarray:
    """Within each run of blocks a prompt rule would cut together (one container: a paywall box, a login prompt),
    drop the whole run when the model drops half of its blocks or more: a prompt's one sentence-like line is not
    article (out-of-fold on the training pages, "half" rather than "most" changed 2 pages, both for the better)."""
    out: np.ndarray = keep.copy()
    n = len(rules)
    i = 0
    while i < n:
        if rules[i] not in _PROMPT_INDEX:
            i += 1
            continue
        j = i
        while j < n and rules[j] == rules[i]:
            j += 1
        if j - i > 1 and 2 * int(keep[i:j].sum()) <= j - i:
            out[i:j] = False
        i = j
    return out


def decide(
    scores: np.ndarray, rules: np.ndarray, chars: np.ndarray, traf: np.ndarray, traf_chars: int, threshold: float
) -> np.ndarray:
    """Keep a block when its score reaches ``threshold``, or RULE_MARGIN more when a prompt rule would cut its
    container (the rule's verdict weighs against it); runs of one prompt rule's container are decided together
    (:func:`rule_runs`); then the safety net. Only the prompt rules: the structural ones (site-chrome, navigation,
    comments, related, ...) also wrap real content (a forum's posts inside a "site-chrome" container), where a
    margin or a joint decision dropped whole threads."""
    need = np.where(np.isin(rules, _PROMPT_LIST), threshold + RULE_MARGIN, threshold)
    keep = scores >= need
    if RULE_RUNS:
        keep = rule_runs(keep, rules)
    return safety_net(keep, chars, traf, traf_chars)


def extract_html(loaded: Loaded, *, url: str | None, options: Options) -> Extraction:
    """Run the HTML path on a loaded page; the result's blocks are the body, its fields the metadata and flags."""
    ext = Extraction(kind="html", url=url, explain=options.explain)
    tree = parse_html(loaded, options, ext)
    if tree is None:
        return ext
    if options.with_metadata:
        extract_metadata(tree, ext)
    not_free = marked_not_free(tree)
    ev = gather(tree, ext, url, options)
    probs = page_type_probs(ev.page)
    if probs is not None:
        ext.page_type = PAGE_TYPES[int(np.argmax(probs))]
        if ext.page_type in UNDATED_TYPES:
            # a product, service, listing, collection or documentation page has no author or publication date of
            # its own: what looks like one is a reviewer's, a team's, an item's or a template's
            ext.byline, ext.authors, ext.date = None, [], None
        elif ext.page_type == "forum" and options.with_metadata:
            # a thread's author and date are its opening post's, not those of the reply or the last edit its
            # metadata and credit elements may name
            poster, posted = opening_poster(tree), opening_post_date(tree)
            if poster is None and ext.byline is None:
                poster = first_profile_link(tree)
            if poster:
                ext.byline, ext.authors = poster, [poster]
            if posted:
                ext.date = posted
    scores = score_blocks(ev, probs)
    rules = np.asarray(ev.seg.rule, dtype=np.int64)
    keep = decide(
        scores,
        rules,
        ev.stats.chars,
        ev.stats.traf,
        sum(len(t) for t in ev.info.traf_lines),
        THRESHOLDS[options.favor],
    )
    if options.explain:
        for text in ev.seg.hidden_texts:
            ext.cut(text, "hidden")  # hidden from the reader: never a block
    if not options.captions_in_text:
        # captions go to Article.captions and are not repeated in the text (the Article contract)
        keep &= rules != _CAPTION_INDEX
    kept = []
    leading = 0
    cards = ev.seg.cards
    for i, (block, k, s, rule) in enumerate(zip(ev.seg.blocks, keep, scores, rules, strict=True)):
        if not k:
            if options.explain:
                ext.cut(block.text, RULE_NAMES[rule - 1] if rule else f"model:{s:.2f}")
            continue
        if (
            leading < LEADING_BLOCKS
            and len(block.text) <= MAX_TITLE_CHARS
            and is_title_repeat(words(block.text), ev.info.titles)
        ):
            ext.cut(block.text, "title")  # the headline printed above the body is Article.title
            continue
        leading += 1
        kept.append(replace(block, kind="paragraph", depth=0, ordered=False, continued=False) if i in cards else block)
    ext.blocks = kept
    if ext.page_type == "forum" and ext.date is None and options.with_metadata:
        ext.date = first_shown_date("\n".join(block.text for block in kept))
    flag_page(tree, ext, ev.report, not_free=not_free)
    return ext
