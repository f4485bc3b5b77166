"""Named DOM rules that prune clutter from the parsed page before the body is extracted."""

from __future__ import annotations

from typing import Any

from ..extraction import Extraction

__all__ = ["prune"]


def prune(tree: Any, ext: Extraction) -> None:
    """Remove clutter elements from ``tree`` in place; each cut is recorded on ``ext`` with its rule's name."""
    return None
