"""Kept typed blocks -> the Article's ``text``: plain paragraphs separated by a blank line.

The one place a body is rendered; both paths hand their kept :class:`~cleaner.block.Block` list here.
"""

from __future__ import annotations

from collections.abc import Sequence

from .block import Block

__all__ = ["render_text"]


def render_text(blocks: Sequence[Block]) -> str:
    """The plain text of ``blocks``: each block's text, blocks separated by one blank line.

    >>> render_text([Block("heading", "Title", level=1), Block("paragraph", "Body text.")])
    'Title\\n\\nBody text.'
    """
    return "\n\n".join(text for text in (b.text.strip() for b in blocks) if text)
