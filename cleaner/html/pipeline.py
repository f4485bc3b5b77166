"""HTML path: parse once -> metadata from the whole page -> named DOM rules prune clutter -> body candidates
(trafilatura on the pruned tree, and an independent one) -> pick -> blocks."""

from __future__ import annotations

from ..extraction import Extraction
from ..load import Loaded
from ..options import Options
from .candidates import Candidate, density_candidate, pick
from .metadata import extract_metadata
from .parse import parse_html
from .rules import prune
from .trafilatura_adapter import extract_blocks

__all__ = ["extract_html"]


def extract_html(loaded: Loaded, *, url: str | None, options: Options) -> Extraction:
    ext = Extraction(kind="html", url=url, explain=options.explain)
    tree = parse_html(loaded, options, ext)
    if tree is None:
        return ext
    if options.with_metadata:
        extract_metadata(tree, ext)
    prune(tree, ext, captions_in_text=options.captions_in_text)
    body = tree.find("body") if tree.tag == "html" else tree
    traf = Candidate("trafilatura", extract_blocks(tree, url=url, favor=options.favor))
    dens = density_candidate(body if body is not None else tree)
    ext.blocks = pick(traf, dens).blocks
    return ext
