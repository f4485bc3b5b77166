"""Image captions: split a caption from its photo credit, for both paths.

>>> split_credit("The ministers meet in Lisbon.(Lena Ortiz/Getty Images)")
Caption(text='The ministers meet in Lisbon.', credit='Lena Ortiz/Getty Images')
>>> split_credit("A quiet street. Photo: Jane Doe/AP")
Caption(text='A quiet street.', credit='Jane Doe/AP')
>>> split_credit("Thomas Jackson/Digital Vision/Getty Images")
Caption(text='', credit='Thomas Jackson/Digital Vision/Getty Images')
>>> looks_like_credit("The staff of the school gathered outside.")
False
"""

from __future__ import annotations

import re

from .article import Caption
from .words import alternation, alternation_of, words

__all__ = ["clean_credit", "labelled_credit", "looks_like_credit", "split_credit"]

# A credit is a name and an agency, not a sentence: anything longer is caption text.
_MAX_CREDIT_CHARS = 120
_MAX_CREDIT_WORDS = 12
# An unlabelled tail ("... in Lisbon. Jane Doe/AP") is taken for a credit only when this short.
_MAX_BARE_TAIL_WORDS = 8

# The words that introduce a credit, in the languages we meet: "Photo:", "Photograph by", "Credit...", "Foto:",
# "Zdjęcie:" (``data/words/credit_labels.txt``) ...
_LABEL = f"(?:{alternation_of(w for w in words('credit_labels') if not w.endswith('.'))})"
# ... and the labels written as an abbreviation whose dot is the only separator: Polish "fot. Jan Kowalski/PAP"
# (fotografia), "il." (ilustracja), "rys." (rysunek). The dot is not a sentence end.
_ABBREVIATED_LABEL = rf"(?:{alternation_of(w[:-1] for w in words('credit_labels') if w.endswith('.'))})\.\s*"
_LABEL_JOIN = r"(?:\s+(?:by|credit|copyright|courtesy(?:\s+of)?|via|from|von|par|por|de))"
# "Photo: X", "Photo by X", "Credit...X", "Image © X", "© X", "Courtesy of X".
_LABELLED = re.compile(
    rf"(?P<label>{_LABEL}{_LABEL_JOIN}?\s*(?::|\.{{2,}}|…|©|-|–)\s*|{_LABEL}{_LABEL_JOIN}\s+|{_ABBREVIATED_LABEL}|©\s*|"
    r"courtesy(?:\s+of)?\s+)(?P<credit>[^()\[\]]{2,120}?)\s*$",
    re.I,
)
# In brackets a label needs no separator: "(Photo Jane Doe. AFP)".
_BRACKETED_LABEL = re.compile(rf"{_LABEL}\s+(?P<credit>(?-i:[A-Z])[^()\[\]]{{1,118}})", re.I)
# "(Jane Doe/AP)" or "[Photo: Jane Doe]"; a bare "[Bloomberg]" after a headline names a link's source, not a photo's.
_PARENS = re.compile(r"\s*(?P<open>[(\[])(?P<credit>[^()\[\]]{2,120})[)\]]\s*$")
# Who took a photo when no label says so: "staff photo", "Submitted photo", "Handout picture".
_PHOTO_SOURCES = r"(?:submitted|contributed|staff|file|courtesy|handout|supplied)\s+(?:photo|image|picture)s?"
# Agencies and stock libraries named in credits (``data/words/agencies.txt``), "AP Photo", and the words that mark a
# credit as one (``data/words/credit_markers.txt``).
_AGENCY = re.compile(
    rf"\b(?:(?:{alternation('agencies')})(?:\s+photo)?|{alternation('credit_markers')}|{_PHOTO_SOURCES})\b", re.I
)
# An agency at the end, maybe followed by AP's ", File" / ", Pool" marks: "(NASA via AP, File)".
_AGENCY_END = re.compile(rf"(?:{_AGENCY.pattern})(?:,\s*(?:file|pool|handout|archive))?\W*$", re.I)
_HAS_URL = re.compile(r"://|\bwww\.", re.I)
# "Jane Doe/AP", "AP Photo/Evan Vucci": a slash between words with no space around it.
_SLASHED = re.compile(r"[^\W\d_]\s?/\s?[A-Z]")
# A sentence break (not an initial: "Jeffrey T. Barnes") or a separator inside a supposed credit.
_INNER_BREAK = re.compile(r"(?<!\b[A-Z])[.!?]\s|\s[|•–—-]\s")
_SENTENCE_TAIL = re.compile(r"(?<!\b[A-Z])[.!?]$")
# Credits that follow the subject's name with no punctuation: "Jane Roe Submitted photo".
_TRAILING_CREDIT_PHRASE = re.compile(rf"\s{_PHOTO_SOURCES}\.?$", re.I)
_SENTENCE_END = re.compile(r"[.!?…]['\"”’)]?\s+|\s+[|•–—-]\s+")


def clean_credit(text: str) -> str:
    """A credit without its label: "Photo by James Martin/CNET" -> "James Martin/CNET"."""
    text = " ".join(text.split()).strip(" ()[]")
    match = _LABELLED.match(text)
    if match and match.group("credit"):
        return match.group("credit").strip(" .")
    return text


def labelled_credit(text: str) -> str | None:
    """The credit when all of ``text`` is a labelled credit ("Photo: Jane Doe/AP", "(Foto: dpa)", "fot. Jan
    Kowalski/PAP"), else None. Bare credits ("Jane Doe/AP") are :func:`looks_like_credit`'s."""
    text = " ".join(text.split())
    if len(text) > _MAX_CREDIT_CHARS:
        return None
    match = _PARENS.fullmatch(text)
    inner = match.group("credit").strip() if match else text
    labelled = _LABELLED.fullmatch(inner)
    if labelled is None:
        return None
    credit = labelled.group("credit").strip(" .")
    return credit if credit and len(credit.split()) <= _MAX_CREDIT_WORDS else None


def _bare_credit(text: str) -> bool:
    # An unlabelled credit: short, no sentence inside, and an agency or a "Name/Agency" slash.
    words = text.split()
    if not words or len(words) > _MAX_BARE_TAIL_WORDS or len(text) > _MAX_CREDIT_CHARS or _HAS_URL.search(text):
        return False
    if "[" in text or "]" in text:  # "It's Complicated [Bloomberg]": a headline and its source
        return False
    if _INNER_BREAK.search(text):
        return False
    return bool(_SLASHED.search(text) or _AGENCY_END.search(text))


def looks_like_credit(text: str) -> bool:
    """True when ``text`` reads like a photo credit ("Jane Doe/AP", "Getty Images", "Photo: ...")."""
    text = " ".join(text.split())
    if not text or len(text) > _MAX_CREDIT_CHARS or len(text.split()) > _MAX_CREDIT_WORDS:
        return False
    match = _PARENS.fullmatch(text)
    if match:
        inner = match.group("credit")
        return bool(_LABELLED.fullmatch(inner) or (match["open"] == "(" and _bare_credit(inner)))
    return bool(_LABELLED.fullmatch(text) or _bare_credit(text))


def _label_starts_credit(caption: str, start: int) -> bool:
    # "A photo: the view" is caption text; a credit label is capitalised, or follows punctuation, or is a "©".
    label = caption[start:].lstrip()
    if not label:
        return False
    before = caption[:start].rstrip()
    return label[0] in "©" or label[0].isupper() or not before or before[-1] in '.!?)]"”’|-–—:;,'


def split_credit(caption: str) -> Caption:
    """Split a caption into its text and its trailing photo credit (credit None when there is none).

    A caption that is only a credit gives ``Caption("", credit)``.
    """
    caption = " ".join(caption.split())
    if not caption:
        return Caption("", None)
    match = _PARENS.search(caption)
    if match:
        inner = match.group("credit").strip()
        labelled = _LABELLED.fullmatch(inner) or _BRACKETED_LABEL.fullmatch(inner)
        if labelled or (match["open"] == "(" and _bare_credit(inner)):
            credit = labelled.group("credit").strip() if labelled else inner
            return Caption(caption[: match.start()].strip(), credit)
    for match in _LABELLED.finditer(caption):
        start = match.start()
        if not (start == 0 or caption[start - 1] in " .;,|") or not _label_starts_credit(caption, start):
            continue
        before = caption[:start].strip(" |-–—").rstrip(",;")  # "A street, fot. X": the comma led to the credit
        credit = match.group("credit").strip()
        # "FILE PHOTO: Traders work ..." is a caption with a label in front, not a caption "FILE" and a credit.
        if before and len(before.split()) < 3 and before[-1] not in '.!?)]"”’':
            continue
        if not before and (len(credit.split()) > _MAX_BARE_TAIL_WORDS or _SENTENCE_TAIL.search(credit)):
            continue
        credit = credit.strip(" .")
        if credit and len(credit.split()) <= _MAX_CREDIT_WORDS:
            return Caption(before, credit)
    match = _TRAILING_CREDIT_PHRASE.search(caption)
    if match and match.start() > 0:
        return Caption(caption[: match.start()].strip(" |-–—,"), match.group(0).strip(" ."))
    if _bare_credit(caption):
        return Caption("", caption)
    ends = list(_SENTENCE_END.finditer(caption))
    if ends:
        tail = caption[ends[-1].end() :].strip()
        if _bare_credit(tail):
            return Caption(caption[: ends[-1].end()].strip(" |•–—-"), tail.strip(" ."))
    return Caption(caption, None)
