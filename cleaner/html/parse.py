"""Parse a decoded HTML page once, with lxml, within the DOM limits of :class:`~cleaner.options.Options`."""

from __future__ import annotations

from typing import Any

from ..extraction import Extraction
from ..load import Loaded
from ..options import Options

__all__ = ["parse_html"]


def parse_html(loaded: Loaded, options: Options, ext: Extraction) -> Any | None:
    """The lxml root element of the page, or None (with ``ext`` flagged "refused") when it cannot be parsed."""
    import lxml.etree
    import lxml.html

    if loaded.tree is not None:
        return loaded.tree
    try:
        return lxml.html.document_fromstring(loaded.text)
    except (lxml.etree.ParserError, ValueError) as exc:
        ext.flag("refused", f"not parseable as HTML: {exc}")
        return None
