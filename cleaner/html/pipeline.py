"""HTML path: parse once -> prune clutter -> extract body candidates -> pick -> blocks; metadata from the page."""

from __future__ import annotations

from typing import Any

from ..extraction import Extraction
from ..load import Loaded
from ..options import Options
from .trafilatura_adapter import extract_blocks

__all__ = ["extract_html"]


def extract_html(loaded: Loaded, *, url: str | None, options: Options) -> Extraction:
    import lxml.html

    ext = Extraction(kind="html", url=url, explain=options.explain)
    tree: Any = loaded.tree if loaded.tree is not None else lxml.html.fromstring(loaded.text)
    ext.blocks = extract_blocks(tree, url=url, favor=options.favor)
    return ext
