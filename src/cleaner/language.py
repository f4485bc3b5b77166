"""The language of a text, for both paths: py3langid on the text, None when the text is too short to tell.

>>> detect_language("Die Bundesregierung hat am Mittwoch neue Regeln für den Ausbau der Windkraft beschlossen, "
...                 "die Genehmigungen sollen schneller erteilt werden.")
'de'
>>> detect_language("Home") is None
True
"""

from __future__ import annotations

import re
from functools import cache
from itertools import islice
from typing import Any

__all__ = ["detect_language"]

#: Fewer letters than this (or words, for scripts that write words apart) is too little text to tell a language.
MIN_LETTERS = 40
MIN_WORDS = 8
#: The detector looks at most at this many characters (the start of the body is enough and keeps it fast).
MAX_CHARS = 1000
#: Below this probability (py3langid's normalised score) the text is mixed or unclear: None.
MIN_PROBABILITY = 0.8

_LETTER = re.compile(r"[^\W\d_]")
_WORD = re.compile(r"[^\W\d_]{2,}")
# Scripts written without spaces between words: a short text still holds many words.
_NO_SPACES = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\u0e00-\u0e7f]")


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _at_least(pattern: re.Pattern[str], text: str, count: int) -> bool:
    """Whether ``pattern`` matches ``text`` at least ``count`` times (it stops looking there)."""
    return sum(1 for _ in islice(pattern.finditer(text), count)) >= count


def detect_language(text: str | None) -> str | None:
    """The ISO 639-1 code of the language ``text`` is written in, or None when it is too short or unclear."""
    if not text:
        return None
    sample = text[:MAX_CHARS]
    no_spaces = _NO_SPACES.search(sample) is not None
    if not _at_least(_LETTER, sample, MIN_LETTERS // 2 if no_spaces else MIN_LETTERS):
        return None
    if not no_spaces and not _at_least(_WORD, sample, MIN_WORDS):
        return None
    code, probability = _identifier().classify(sample)
    return str(code) if probability >= MIN_PROBABILITY else None
