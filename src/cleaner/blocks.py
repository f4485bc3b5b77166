"""Block rules shared by both paths, run on an :class:`~cleaner.extraction.Extraction` after its path is done.

The HTML path's extractors and the text path both leave blocks (paragraphs); these rules catch what either let
through, using the same phrase lists (:mod:`cleaner.phrases`). Rule names (the reason recorded with each cut):

- the phrase groups ("ads", "share", "newsletter", ...): a short block made (almost) only of such phrases, e.g.
  "Advertisement", "Share this article", "Sign up for our newsletter";
- ``counter``: a block that is only a counter or a timestamp ("12 comments", "3.4K shares", "5 min read");
- ``title-repeat``: a block that repeats the title, once or more (the headline printed again above the body; see
  :func:`cleaner.tokens.repeats_title`, the text path's test too).

They are deliberately stricter than the text path's line rules: a block the HTML path kept passed its own rules.
"""

from __future__ import annotations

from .extraction import Extraction
from .options import Options
from .phrases import phrase_group_tokens
from .text.rules import COUNTER
from .tokens import repeats_title, words

__all__ = ["block_rule", "finish_blocks"]

#: A block with more words than this is never cut by a phrase rule.
BLOCK_PHRASE_MAX_WORDS = 12
#: Phrases must cover at least this share of a block's word characters (the line rules of the text path ask half:
#: a block the HTML path kept has passed the DOM rules already, so only near-pure labels go).
BLOCK_PHRASE_COVER = 0.8


def block_rule(block: str, title_tokens: list[str] | None = None) -> str | None:
    """The name of the shared rule that cuts ``block``, or None when it stays."""
    tokens = words(block)
    if not tokens:
        return None
    if title_tokens and repeats_title(tokens, title_tokens):
        return "title-repeat"
    if len(tokens) <= BLOCK_PHRASE_MAX_WORDS:
        if COUNTER.match(block.strip()):
            return "counter"
        found = phrase_group_tokens(tokens, min_cover=BLOCK_PHRASE_COVER)
        if found is not None:
            return found[0]
    return None


def finish_blocks(ext: Extraction, options: Options) -> None:
    """Apply the shared block rules in place: drop empty blocks, then cut what a rule names (recorded on ``ext``)."""
    if ext.kind == "text":
        # The text path's line rules already ran these very tests on every line it kept, and more widely (the same
        # phrase lists at a lower cover and on longer lines, the same counter pattern, the title's repeats): on its
        # blocks they never fire, so only the empty blocks go.
        ext.blocks = [block for block in ext.blocks if block.text.strip()]
        return
    title_tokens = words(ext.title) if ext.title else None
    kept = []
    for block in ext.blocks:
        text = block.text.strip()
        if not text:
            continue
        rule = block_rule(text, title_tokens)
        if rule is None:
            kept.append(block)
        else:
            ext.cut(text, rule)
    ext.blocks = kept
