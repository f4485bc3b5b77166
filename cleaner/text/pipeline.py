"""Text path: lines -> named line rules -> article span -> captions, byline, date, publisher -> blocks."""

from __future__ import annotations

from ..extraction import Extraction
from ..options import Options

__all__ = ["extract_text"]


def extract_text(text: str, *, url: str | None, options: Options) -> Extraction:
    ext = Extraction(kind="text", url=url, explain=options.explain)
    paragraphs = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n")]
    ext.blocks = [p for p in paragraphs if p]
    return ext
