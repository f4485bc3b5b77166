"""HTML path: parse once -> metadata from the whole page -> named DOM rules prune clutter -> headline dropped from
two body candidates (trafilatura on the pruned tree, and the density candidate) -> merge by block -> page flags
(paywall, login_wall, truncated, not_article)."""

from __future__ import annotations

from typing import Any

from ..block import Block
from ..extraction import Extraction
from ..load import Loaded
from ..options import Options
from .candidates import Candidate, caption_texts, density_candidate, pick
from .flags import flag_page, marked_not_free
from .headline import drop_repeated_title, page_titles
from .metadata import extract_metadata
from .parse import parse_html
from .rules import prune
from .trafilatura_adapter import extract_blocks

__all__ = ["extract_html"]


def _body(tree: Any) -> Any:
    body = tree.find("body") if tree.tag == "html" else None
    return tree if body is None else body


def _trafilatura_blocks(tree: Any, url: str | None, options: Options) -> list[str]:
    # trafilatura copies the whole tree three times over; the <head> (styles, scripts, JSON-LD) is no body text and
    # the metadata has been read from it already, so it is lifted out for the call and put back after
    head = tree.find("head") if tree.tag == "html" else None
    if head is not None:
        tree.remove(head)
    try:
        return extract_blocks(tree, url=url, favor=options.favor)
    finally:
        if head is not None:
            tree.insert(0, head)


def extract_html(loaded: Loaded, *, url: str | None, options: Options) -> Extraction:
    """Run the HTML path on a loaded page; the result's blocks are the body, its fields the metadata and flags."""
    ext = Extraction(kind="html", url=url, explain=options.explain)
    tree = parse_html(loaded, options, ext)
    if tree is None:
        return ext
    if options.with_metadata:
        extract_metadata(tree, ext)
    not_free = marked_not_free(tree)
    report = prune(tree, ext, captions_in_text=options.captions_in_text)
    # the headline goes before the merge: the merge keeps what lies between blocks both candidates share, and a
    # shared headline would stretch that span over the byline, dateline and lead image around it
    titles = page_titles(tree, ext)
    traf = Candidate("trafilatura", drop_repeated_title(_trafilatura_blocks(tree, url, options), titles, None))
    body = _body(tree)
    dens = density_candidate(body)
    dens.blocks = drop_repeated_title(dens.blocks, titles, ext)
    keep = caption_texts(body) if options.captions_in_text else frozenset()
    ext.blocks = [Block("paragraph", text) for text in pick(traf, dens, keep=keep, favor=options.favor).blocks]
    flag_page(tree, ext, report, not_free=not_free)
    return ext
