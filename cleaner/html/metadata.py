"""Metadata of an HTML page: JSON-LD, OpenGraph, Twitter cards, meta tags, microdata and the visible page."""

from __future__ import annotations

from typing import Any

from ..extraction import Extraction

__all__ = ["extract_metadata"]


def extract_metadata(tree: Any, ext: Extraction) -> None:
    """Fill the metadata fields (and captions) of ``ext`` from the unpruned ``tree``. Leaves the tree unchanged."""
    return None
