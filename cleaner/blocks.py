"""Block rules shared by both paths, run on an :class:`~cleaner.extraction.Extraction` after its path is done."""

from __future__ import annotations

from .extraction import Extraction
from .options import Options

__all__ = ["finish_blocks"]


def finish_blocks(ext: Extraction, options: Options) -> None:
    """Apply the shared block rules in place."""
    ext.blocks = [b.strip() for b in ext.blocks if b and b.strip()]
