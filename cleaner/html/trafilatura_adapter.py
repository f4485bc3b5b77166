"""The one place cleaner talks to trafilatura: its options and its quirks live here and nowhere else."""

from __future__ import annotations

from typing import Any

__all__ = ["extract_blocks"]


def extract_blocks(tree: Any, *, url: str | None = None, favor: str = "balanced") -> list[str]:
    """Run trafilatura's main-text extraction on an lxml tree and return the body as paragraphs."""
    from trafilatura import extract

    text = extract(
        tree,
        url=url,
        include_comments=False,
        include_tables=True,
        with_metadata=False,
        favor_precision=favor == "precision",
        favor_recall=favor == "recall",
        deduplicate=False,
        fast=True,
    )
    if not text:
        return []
    return [p.strip() for p in text.split("\n") if p.strip()]
