"""Image captions: split a caption from its photo credit, for both paths.

>>> split_credit("The ministers meet in Singapore.(Pablo Martinez Monsivais/Getty Images)")
Caption(text='The ministers meet in Singapore.', credit='Pablo Martinez Monsivais/Getty Images')
>>> split_credit("A quiet street. Photo: Jane Doe/AP")
Caption(text='A quiet street.', credit='Jane Doe/AP')
"""

from __future__ import annotations

import re

from .article import Caption

__all__ = ["looks_like_credit", "split_credit"]

# A credit at the end of a caption: "(Name/Agency)", "Photo: ...", "Credit: ...", "Photograph by ...".
_LABELLED = re.compile(
    r"\s*[\[(]?\s*(?:photo(?:graph)?s?|image|picture|credit|foto|bild|crédit|crédito|source|illustration)"
    r"(?:\s+(?:by|credit|courtesy(?:\s+of)?))?\s*[:©]\s*(?P<credit>[^()\[\]]{2,120}?)\s*[\])]?\s*$",
    re.I,
)
_PARENS = re.compile(r"\s*\((?P<credit>[^()]{2,120})\)\s*$")
_AGENCY = re.compile(
    r"/|\b(?:getty|reuters|ap|afp|epa|associated press|shutterstock|istock|alamy|courtesy|photo|images?|staff|"
    r"pool|handout|file|dpa|anadolu|bloomberg|zuma|sipa|corbis|wikimedia|flickr|nasa)\b",
    re.I,
)


def looks_like_credit(text: str) -> bool:
    """True when ``text`` reads like a photo credit ("Jane Doe/AP", "Getty Images", "Photo: ...")."""
    text = text.strip()
    if not text or len(text) > 120:
        return False
    return bool(_LABELLED.fullmatch(text) or _AGENCY.search(text)) and text.count(" ") <= 12


def split_credit(caption: str) -> Caption:
    """Split a caption into its text and its trailing photo credit (credit None when there is none)."""
    caption = " ".join(caption.split())
    match = _LABELLED.search(caption)
    if match and match.start() > 0:
        return Caption(caption[: match.start()].strip(), match.group("credit").strip())
    match = _PARENS.search(caption)
    if match and _AGENCY.search(match.group("credit")):
        return Caption(caption[: match.start()].strip(), match.group("credit").strip())
    return Caption(caption, None)
