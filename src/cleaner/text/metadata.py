"""Metadata lines of a plain-text capture: dates, bylines, captions and credits, publisher notes, the site's name.

Each function looks at one line (or a line and its neighbour) and says what it holds; the pipeline decides where on
the page to look. Dates come out as ISO 8601; bylines go through :func:`cleaner.bylines.normalize_byline`; captions
through :func:`cleaner.captions.split_credit`.

>>> parse_date("Nov. 19, 2019 8:03 am ET")
'2019-11-19'
>>> publisher_note("This article was published in Coastal Policy Wire, which is produced independently.")
'Coastal Policy Wire'
>>> site_name_in("You may not get the full experience here on Harbour Daily.")
'Harbour Daily'
"""

from __future__ import annotations

import re

from ..article import Caption
from ..bylines import author_credit, normalize_byline
from ..captions import labelled_credit, looks_like_credit, split_credit
from ..dates import parse_written_date
from ..phrases import leading_phrase
from ..tokens import WORD as _WORD
from ..words import alternation, first_words, months, weekday_alternation, word_set
from .lines import Line

__all__ = [
    "META_MAX_WORDS",
    "PUBLISHER_FIRST_TOKENS",
    "SITE_TOKENS",
    "TITLE_LIST_MIN_LINES",
    "TITLE_MIN_WORDS",
    "byline_in",
    "caption_with_credit",
    "choose_title",
    "credit_line",
    "date_line",
    "headline_shaped",
    "lead_stems",
    "line_byline",
    "line_caption",
    "line_credit",
    "line_date",
    "name_credit",
    "parse_date",
    "publisher_note",
    "relative_stamp",
    "site_name_in",
    "stems_of",
    "update_stamp",
]

#: A byline or date line has at most this many words (a sentence that mentions a date is not a date line).
META_MAX_WORDS = 16
#: A name in a byline has at most this many words ("Sarah E. Needleman", "Jean-Baptiste de la Fontaine").
NAME_MAX_WORDS = 6
#: A credit followed by a short bio ("By Jane Doe, a deputy editor who covers ...") has at most this many words.
BIO_BYLINE_MAX_WORDS = 60
#: A photo credit standing on a line of its own has at most this many words ...
CREDIT_LINE_MAX_WORDS = 12
#: ... and one written as a label and a name with nothing between ("Credit Jane Doe") at most this many.
BARE_LABEL_MAX_WORDS = 8
#: A caption is at most this many words (longer lines followed by a credit are paragraphs quoting an agency).
CAPTION_MAX_WORDS = 90
#: Longest site or publisher name we accept from a sentence ("Coastal Policy Wire", "The Wall Street Journal").
NAME_MAX_CHARS = 60

#: Month names in every language of ``cleaner/data/words/months.txt`` (one list for both paths).
_MONTHS: dict[str, int] = months()

_TIME = re.compile(
    r"(?<!\w)(?:at\s+|um\s+|à\s+|a\s+las\s+|alle\s+|às\s+|om\s+|o\s+)?\d{1,2}[:.h]\d{2}(?::\d{2})?\s*"
    r"(?:[ap]\.?\s?m\.?)?(?:\s*(?:uhr|h))?(?:\s*\(?(?:[A-Z]{2,5}|GMT[+-]\d+|UTC[+-]\d+)\)?)?(?!\w)",
    re.I,
)
#: Weekday names of ``cleaner/data/words/weekdays.txt`` (three letters or more: "Mo", "Di" are words too).
_WEEKDAY = re.compile(rf"(?<!\w)(?:{weekday_alternation(3)})\.?(?!\w)", re.I)
_DATE_LABEL = re.compile(
    r"(?<!\w)(?:published|updated|posted|last\s+updated|first\s+published|modified|date|on|at|am|le|el|il|em|op|"
    r"dnia|veröffentlicht|aktualisiert|erstellt|stand|publié|mis\s+à\s+jour|publicado|actualizado|pubblicato|"
    r"aggiornato|atualizado|gepubliceerd|bijgewerkt|opublikowano|zaktualizowano|de|del|um|à|às|a\s+las|alle|om|"
    r"o|godz)(?!\w)\.?:?",
    re.I,
)
_DIGIT = re.compile(r"\d")
#: A line starting with one of these continues a sentence or a reference, or signs an embedded post or quote
#: ("— Jane Doe (@jane) November 1, 2019"): its date is not the page's.
_FRAGMENT_START = frozenset(".,;:)]—―")
#: The access date of a cited source, in the languages of the phrase lists.
_CITATION = re.compile(
    r"(?<!\w)(?:retrieved|accessed|archived|abgerufen|consulté|consultado|consultato|geraadpleegd|dostęp)(?!\w)", re.I
)
#: An "updated" stamp: its date is when the page last changed, not when it was published (unless a "published"
#: label stands on the same line); the HTML path skips such stamps too.
_UPDATE_LABEL = re.compile(
    r"(?<!\w)(?:updated|modified|aktualisiert|geändert|mis\s+à\s+jour|actualizado|aggiornato|atualizado|bijgewerkt|"
    r"zaktualizowano)(?!\w)",
    re.I,
)
_PUBLISHED_LABEL = re.compile(
    r"(?<!\w)(?:published|posted|veröffentlicht|publié|publicado|pubblicato|gepubliceerd|opublikowano)(?!\w)", re.I
)


def update_stamp(text: str) -> bool:
    """True when the line's date is an "updated" stamp ("Last updated September 14, 2016") rather than the date of
    publication ("November 19, 2019 / Updated 14 hours ago" is the publication date: the label follows it)."""
    label = _UPDATE_LABEL.search(text)
    if label is None or _PUBLISHED_LABEL.search(text) is not None:
        return False
    found = _date_match(text)
    return found is not None and label.start() < found[0]


_FILLER = re.compile(r"[\s,|•·/–—:\-()\[\]]+")

_NAME_WORD = re.compile(
    r"^(?:[A-ZÀ-ÖØ-ÞĀ-Ž][\w'’.\-]*|[A-Z]\.|de|da|di|del|della|van|von|der|den|la|le|du|dos|das|y|e)$"
)
_NAME_JOINERS = {"and", "und", "et", "y", "e", "en", "i", "&", "with", "mit", "avec", "con", "com", "met", "z"}
_TRAIL_ROLE = re.compile(
    r"\s*[,|\-–—]\s*(?:[A-Z][\w.]*\s*){0,4}(?:writer|reporter|correspondent|editor|contributor|staff|columnist|"
    r"redakteur|rédact\w*|journalist\w*|periodista|giornalista|jornalista|redacteur|redaktor|dziennikarz)\b.*$",
    re.I,
)
_HANDLE = re.compile(r"\s*@\w+\s*$")
#: Marks a page puts before a credit line ("// By Jane Doe", "— By Jane Doe", "• Von Hans Meier").
_LEAD_MARKS = "/-–—•·|> "
#: A work role in brackets after a name ("Jane Doe (reporting)"), and a co-credit for the pictures ("... and John
#: Roe (photography)"): the photographer is credited for the pictures, not as an author of the text.
_MEDIA_CO_CREDIT = re.compile(
    r"\s*(?:,|\band\b|\bund\b|\bet\b|\by\b|\be\b|&)\s*[^,()]+\((?:photography|photos?|pictures|video|illustrations?|"
    r"fotos?|fotografie|photographie|fotografía|fotografia|zdjęcia)\)\s*$",
    re.I,
)
_WORK_ROLE = re.compile(r"\s*\((?:reporting|words|text|writing|texte|texto|testo|tekst)\)", re.I)
#: A relative time stamp, in the languages of the phrase lists: "2 hours ago", "8h", "vor 3 Stunden", "il y a 2
#: heures", "hace 2 horas", "2 ore fa", "há 2 horas", "2 uur geleden", "2 godziny temu", "před 2 hodinami".
_RELATIVE_TIME = re.compile(
    r"(?<!\w)(?:\d+\s*(?:secs?|seconds?|mins?|minutes?|hrs?|hours?|days?|wks?|weeks?|months?|yrs?|years?)(?:\s+ago)?|"
    r"\d+[smhdwy](?:\s+ago)?|(?:an?|one)\s+(?:second|minute|hour|day|week|month|year)\s+ago|vor\s+\d+\s+(?:sekunden|minuten|stunden|tagen|wochen|monaten)|"
    r"il\s+y\s+a\s+\d+\s+(?:secondes?|minutes?|heures?|jours?|semaines?|mois)|"
    r"hace\s+\d+\s+(?:segundos?|minutos?|horas?|días?|semanas?|meses)|"
    r"\d+\s+(?:secondi|minuti|ore|giorni|settimane|mesi)\s+fa|h[áa]\s+\d+\s+(?:segundos?|minutos?|horas?|dias?|semanas?|meses)|"
    r"\d+\s+(?:seconden|minuten|uur|dagen|weken|maanden)\s+geleden|"
    r"\d+\s+(?:sekund[ay]?|minut[ay]?|godzin[ay]?|dni|tygodni[e]?|miesięcy)\s+temu|"
    r"před\s+\d+\s+(?:sekundami|minutami|hodinami|dny|týdny|měsíci))(?!\w)",
    re.I,
)
#: Cheap test before the full caption split, on the end of the line (where a credit stands): it ends in brackets,
#: or names a credit label, an agency, or "Name/Agency" (``data/words/credit_line_hints.txt``). Matched on the
#: lower-cased tail without IGNORECASE: the same words under IGNORECASE cost ten times more (sre then tries every
#: word at every position).
_CREDIT_HINT = re.compile(alternation("credit_line_hints"))
#: How far from the end of a line a credit may start.
CREDIT_TAIL_CHARS = 120


def _credit_hint(text: str) -> bool:
    tail = text[-CREDIT_TAIL_CHARS:].rstrip()
    return tail.endswith((")", "]")) or _CREDIT_HINT.search(tail.casefold()) is not None


_PAREN_LINE = re.compile(r"^\((?P<credit>[^()]{2,100})\)$")
#: A bracketed sentence ends in a word and a full stop ("(See the end of the work for notes.)"); a credit may end in
#: an abbreviation ("(Walt Disney Co.)").
_SENTENCE_WORD_END = re.compile(r"\b[a-z]{4,}\.$")

_PUBLISHER = re.compile(
    r"^(?:this|the\s+above)\s+(?:article|story|post|piece|report|interview|essay|column)\s+(?:was\s+|is\s+|has\s+been\s+)?"
    r"(?:originally\s+|first\s+|previously\s+)?(?:published|appeared|posted|produced|syndicated|republished)"
    r"(?:\s+originally|\s+first)?\s+(?:in|on|by|at|with|from)\s+(?:the\s+website\s+of\s+)?(?P<a>.+)$"
    r"|^(?:originally\s+(?:published|appeared|posted)|first\s+published|reprinted|republished|adapted|excerpted)"
    r"(?:\s+with\s+permission)?\s+(?:in|on|by|at|from)\s+(?P<b>.+)$"
    r"|^(?:dieser\s+(?:artikel|beitrag|text)\s+(?:ist|erschien|wurde)\s+(?:zuerst|ursprünglich|erstmals)?\s*"
    r"(?:erschienen\s+|veröffentlicht\s+)?(?:in|bei|auf|im)\s+)(?P<de>.+)$"
    r"|^(?:cet\s+article\s+a\s+(?:été\s+)?(?:initialement\s+|d['’]abord\s+|originellement\s+)?"
    r"(?:été\s+)?(?:publié|paru)\s+(?:initialement\s+|d['’]abord\s+)?(?:dans|sur|par)\s+)"
    r"(?P<fr>.+)$"
    r"|^(?:este\s+(?:artículo|texto|reportaje)\s+(?:fue\s+|se\s+)?(?:publicado|publicó)\s+(?:originalmente\s+|"
    r"primero\s+)?(?:en|por)\s+)(?P<es>.+)$"
    r"|^(?:questo\s+articolo\s+(?:è\s+stato\s+)?(?:pubblicato|uscito)\s+(?:originariamente\s+|originalmente\s+|"
    r"per\s+la\s+prima\s+volta\s+)?(?:su|in|da|sul|sulla|nel|nella)\s+)(?P<it>.+)$"
    r"|^(?:este\s+(?:artigo|texto)\s+(?:foi\s+)?(?:publicado|originalmente\s+publicado)\s+(?:originalmente\s+)?"
    r"(?:em|no|na|pelo|pela|por)\s+)(?P<pt>.+)$"
    r"|^(?:dit\s+(?:artikel|stuk|verhaal)\s+(?:verscheen|is\s+verschenen|werd\s+gepubliceerd|is\s+gepubliceerd)\s+"
    r"(?:eerder\s+|eerst\s+|oorspronkelijk\s+)?(?:in|op|bij)\s+)(?P<nl>.+)$"
    r"|^(?:(?:ten\s+)?(?:artykuł|tekst)\s+(?:ukazał\s+się|został\s+opublikowany|pierwotnie\s+ukazał\s+się)\s+"
    r"(?:pierwotnie\s+|najpierw\s+)?(?:w|na)\s+(?:serwisie\s+|portalu\s+|gazecie\s+)?)(?P<pl>.+)$",
    re.I,
)
#: Where a name inside a sentence ends: punctuation, or a word that starts a clause or a date.
_NAME_END = re.compile(
    r"[,;:!?()\[\]]|\.(?:\s|$)|\s+(?:which|who|and|under|on\s+\w+\s+\d|in\s+\d|at\s+\d|with|as|where|that|"
    r"und|welche|et\s+qui|qui|y|que|e|che|en|die|i|który|która|originally|read)\b|\s+\d",
    re.I,
)
_SITE_SENTENCE = re.compile(
    r"(?:\bhere\s+on|\bwelcome\s+to|\bthanks?\s+(?:you\s+)?for\s+(?:visiting|reading)|"
    r"\bwillkommen\s+(?:bei|auf)|\bbienvenue\s+sur|\bbienvenido\s+a|\bbenvenuti\s+su|\bbem-vindo\s+ao?|"
    r"\bwelkom\s+(?:bij|op)|\bwitamy\s+(?:w|na))\s+(?P<name>[A-Z0-9][^.!?|]{1,60}?)\s*(?:[.!?|]|$)",
    re.I,
)
#: Cheap test before the site-name patterns: the line has one of their key words (substring tests on the
#: lower-cased line).
_SITE_HINTS = ("here on", "welcome", "for visiting", "for reading", "willkommen", "bienvenu", "benvenut", "bem-vindo",
               "welkom", "witamy")  # fmt: skip
#: The same key words as ``\w+`` tokens, for callers that hold a line's tokens and test many lines: a line with none
#: of them is spared :func:`site_name_in`.
SITE_TOKENS = frozenset(("here", "welcome", "visiting", "reading", "willkommen", "bienvenu", "bienvenue",
                         "bienvenido", "bienvenida", "bienvenidos", "benvenuti", "benvenuto", "benvenuta", "benvenute",
                         "bem", "welkom", "witamy"))  # fmt: skip


#: Every date form holds a four-digit year: a text without one is spared the forms (the month names make them slow).
_YEAR_DIGITS = re.compile(r"(?:19|20)\d\d")


def _date_match(text: str) -> tuple[int, int, str] | None:
    """(start, end, ISO date) of the first date written in ``text``, or None: the one date parser of both paths
    (:func:`cleaner.dates.parse_written_date`)."""
    return parse_written_date(text) if _YEAR_DIGITS.search(text) else None


def parse_date(text: str) -> str | None:
    """The ISO date of the first date written in ``text`` (None when there is none or it is ambiguous)."""
    found = _date_match(text)
    return found[2] if found else None


def date_line(text: str, words: int) -> tuple[str, str] | None:
    """(ISO date, what is left) when the line is a date line: a date, maybe a time, a weekday and a label
    ("Published", "Updated on"), and little else. What is left may be a name ("Chris Davies - Nov 19, 2019")."""
    if words > META_MAX_WORDS or not _YEAR_DIGITS.search(text):  # what every date form holds
        return None
    if text[:1] in _FRAGMENT_START or _CITATION.search(text):
        return None  # a reference's access date (". Retrieved 24 August 2021.") or the tail of a sentence
    found = parse_written_date(text)  # the year test above is _date_match's
    if not found:
        return None
    start, end, iso = found
    rest = text[:start] + " " + text[end:]
    rest = _TIME.sub(" ", rest)
    rest = _WEEKDAY.sub(" ", rest)
    rest = _DATE_LABEL.sub(" ", rest)
    rest = _FILLER.sub(" ", rest).strip()
    return iso, rest


def _name_like(text: str) -> bool:
    words = text.replace(",", " , ").split()
    names = [w for w in words if w.casefold() not in _NAME_JOINERS and w != ","]
    if not names or len(names) > NAME_MAX_WORDS * 3:
        return False
    return all(_NAME_WORD.match(w) for w in names) and any(w[:1].isupper() for w in names)


#: Where what follows a credited name starts: a separator ("|", "⋅", "•", a dash) or "on" before a date.
_CREDIT_TAIL = re.compile(r"\s+(?:[|⋅•·–—]|--?|on(?=\s+(?:\d|[^\W\d_]{3,}\.?\s+\d)))\s+")


def _credit_name(rest: str) -> str:
    """The name of a credit once its handle, trailing role, media company and job title are gone."""
    rest = _HANDLE.sub("", rest)
    rest = _TRAIL_ROLE.sub("", rest)
    rest = _MEDIA_CO_CREDIT.sub("", rest)
    return _WORK_ROLE.sub("", rest).strip(" ,|-–—:•·⋅")


def byline_in(text: str, words: int) -> tuple[str, list[str]] | None:
    """(byline, authors) when the line is an author credit: "By Jane Doe", "Von Hans Meier, Berlin" (with the place
    dropped only when it follows a comma and a role), "// By Jane Doe • Nov 11, 2020" (its date taken away), or "By
    Jane Doe, a deputy editor who covers ..." (the name, then a clause about the author)."""
    if words > BIO_BYLINE_MAX_WORDS:
        return None
    rest = author_credit(text.lstrip(_LEAD_MARKS))
    if rest is None:
        return None
    if words > META_MAX_WORDS:
        # A long line is a credit only as "By Name, a/the ..." (a bio after the name) or as a name before a
        # separator ("By Jane Doe – Updated Mar 5, 2026 at 4:28 PM | Fact-checked by ..."), never as a sentence.
        name, comma, bio = rest.partition(", ")
        if comma and bio[:1].islower() and 2 <= len(name.split()) <= NAME_MAX_WORDS:
            rest = name
        else:
            head = _CREDIT_TAIL.split(rest, maxsplit=1)[0]
            if head == rest or len(head.split()) > META_MAX_WORDS:
                return None
            rest = head
    credit = rest
    dated = date_line(rest, len(rest.split()))
    if dated:
        rest = dated[1]
    rest = _credit_name(rest)
    if not rest or not _name_like(rest):
        # "By Jane Doe – Updated Mar 5, 2026 | Fact-checked by ...", "By Jane Doe ⋅ Senior Analyst ⋅ ...", "By Jane
        # Doe, John Roe on March 12, 2026 | Comments": the name is what comes before the first separator
        rest = _credit_name(_CREDIT_TAIL.split(credit, maxsplit=1)[0])
        if not rest or not _name_like(rest):
            return None
    byline, authors = normalize_byline(rest)
    if not byline:
        return None
    return byline, authors


def name_credit(text: str) -> tuple[str, list[str]] | None:
    """(byline, authors) when ``text`` is a person's name and nothing else ("Jane Doe", what is left of "Jane Doe -
    Nov 19, 2019" once its date is gone), normalised: "BY TMZ STAFF" names nobody."""
    if not bare_name(text):
        return None
    byline, authors = normalize_byline(text)
    return (byline, authors) if byline and _name_like(byline) else None


def relative_stamp(text: str) -> str | None:
    """What is left of the line once a relative time stamp is taken away ("Alex Perry 1 day ago" -> "Alex Perry",
    "James Akinaka • 8h", "před 2 hodinami" -> ""), or None when it has none."""
    if _DIGIT.search(text) is None and "an " not in text:
        return None
    stripped = _RELATIVE_TIME.sub(" ", text)
    if stripped == text:
        return None
    return _FILLER.sub(" ", stripped).strip()


def bare_name(text: str) -> bool:
    """True for what is left of "Jane Doe - Nov 19, 2019" once the date is gone: a short capitalised name."""
    words = text.split()
    return 2 <= len(words) <= NAME_MAX_WORDS and _name_like(text)


def credit_line(text: str, words: int) -> str | None:
    """The credit when the whole line is a photo credit: "(Walt Disney Co.)", "Photo: Jane Doe/AP", "Credit Jane
    Doe", "fot. Jan Kowalski/PAP", "Getty Images", "Jane Doe / Reuters"."""
    if words > CREDIT_LINE_MAX_WORDS:
        return None
    label = text.lstrip("[( ").split(maxsplit=1)
    if label and label[0].rstrip(":").casefold() in _CREDIT_WORDS:
        credit = labelled_credit(text)
        if credit:
            return credit
        # "Credit Harry Campbell": a label and a name with no separator (one test of the text path alone: in a
        # caption's running text the same words would be read as prose)
        rest = label[1].strip(" )]") if len(label) > 1 else ""
        if rest[:1].isupper() and words <= BARE_LABEL_MAX_WORDS:
            return rest
    m = _PAREN_LINE.match(text.strip())
    if m and m.group("credit")[:1].isupper() and words <= 8 and not _SENTENCE_WORD_END.search(m.group("credit")):
        return m.group("credit").strip()
    # cheapest test first: the full credit grammar costs several microseconds a line
    if not text.rstrip().endswith((".", "?", "!")) and _AGENCY_ONLY.search(text) and looks_like_credit(text):
        return text.strip()
    return None


#: First words of a labelled credit line, as the line starts (with its dot or colon taken away): the subset of the
#: credit labels in ``data/words/credit_line_labels.txt``.
_CREDIT_WORDS = word_set("credit_line_labels")
#: A bare credit line names an agency or photo library (a "/" alone is a breadcrumb or a date, not a credit): the
#: subset of the agencies and credit markers in ``data/words/credit_line_agencies.txt``.
_AGENCY_ONLY = re.compile(rf"\b(?:{alternation('credit_line_agencies')})\b", re.I)


def caption_with_credit(text: str, words: int) -> Caption | None:
    """The caption when the line is one that ends in its photo credit ("... in Lisbon.(Name/Agency)")."""
    if words > CAPTION_MAX_WORDS or not _credit_hint(text):
        return None
    caption = split_credit(text)
    if caption.credit is None or not caption.text:
        return None
    credit = caption.credit
    # The credit must read like names and agencies, not like a parenthetical remark of the text ("(see photo)").
    if not credit[:1].isupper() or len(credit.split()) > 10:
        return None
    return caption


_LOWER_ARTICLE = re.compile(r"^(?:the|le|la|les|l['’]|el|los|las|il|lo|o|a|os|as|de|het|der|die|das|dem)\s+(?=[A-Z])")


def _clip_name(raw: str) -> str | None:
    raw = _LOWER_ARTICLE.sub("", raw)
    end = _NAME_END.search(raw)
    name = (raw[: end.start()] if end else raw).strip(" \"'“”«»")
    name = re.sub(r"\s+", " ", name)
    if not name or len(name) > NAME_MAX_CHARS or (not name[:1].isupper() and not name[:1].isdigit()):
        return None
    return name


def publisher_note(text: str) -> str | None:
    """The publisher a syndication note names ("This article was published in X", "This article originally
    appeared on X", "Reprinted with permission from X"), or None."""
    m = _PUBLISHER.match(text.strip())
    if not m:
        return None
    raw = next(v for v in m.groupdict().values() if v)
    return _clip_name(raw)


def site_name_in(text: str) -> str | None:
    """The site's name when a line says it: "... here on Harbour Daily.", "Welcome to X".

    A footer's "© 2019 X" is not read as the site's name: X is the copyright holder, as often the owner or the
    publishing group ("Vox Media", "Penske Media Corporation", "Microsoft" on MSN) as the site itself; taking it
    would be a guess.
    """
    lowered = text.casefold()
    if not any(hint in lowered for hint in _SITE_HINTS):
        return None
    m = _SITE_SENTENCE.search(text)
    return _clip_name(m.group("name")) if m else None


def line_byline(line: Line) -> tuple[str, list[str]] | None:
    """:func:`byline_in` of ``line``, computed once (the head rules, the headline test and the author chooser all
    ask it; callers copy the authors list before they keep it)."""
    if line.byline_memo is None:
        line.byline_memo = (byline_in(line.text, line.words),)
    return line.byline_memo[0]


def line_date(line: Line) -> tuple[str, str] | None:
    """:func:`date_line` of ``line``, computed once (the head rules and the author chooser both ask it)."""
    if line.date_memo is None:
        line.date_memo = (date_line(line.text, line.words),)
    return line.date_memo[0]


def line_caption(line: Line) -> Caption | None:
    """:func:`caption_with_credit` of ``line``, computed once."""
    if line.caption_memo is None:
        line.caption_memo = (caption_with_credit(line.text, line.words),)
    return line.caption_memo[0]


#: First words of a labelled credit line ("Photo: ...", "Bild: ...") as ``\w+`` tokens (see ``_CREDIT_WORDS``) ...
_CREDIT_FIRST_TOKENS = frozenset(_WORD.findall(word)[0] for word in _CREDIT_WORDS)
#: ... and the agency words of ``_AGENCY_ONLY``: a line with neither (nor a bracket) is no credit line.
_AGENCY_TOKENS = first_words("credit_line_agencies")


def line_credit(line: Line) -> str | None:
    """:func:`credit_line` of ``line``, computed once (and skipped on a word test when it cannot be one)."""
    if line.credit_memo is None:
        tokens = line.tokens
        if line.words > CREDIT_LINE_MAX_WORDS or (
            not line.text.startswith(("(", "["))
            and (not tokens or tokens[0] not in _CREDIT_FIRST_TOKENS)
            and _AGENCY_TOKENS.isdisjoint(tokens)
        ):
            line.credit_memo = (None,)
        else:
            line.credit_memo = (credit_line(line.text, line.words),)
    return line.credit_memo[0]


#: First words of a syndication note (see ``_PUBLISHER``), as ``\w+`` tokens: other lines skip the pattern.
PUBLISHER_FIRST_TOKENS = frozenset(
    ("this", "the", "originally", "first", "reprinted", "republished", "adapted", "excerpted", "dieser", "cet",
     "este", "questo", "dit", "ten", "artykuł", "tekst")
)  # fmt: skip


# --- Titles -----------------------------------------------------------------------------------------------------
# The title of a text capture is a headline-like line shortly before the article. A page's <title> is not in its
# text, so many pages give no line that can be shown to be the headline: then the field stays None (a guess that is
# wrong costs more than a field left empty).

#: A headline has at least this many and at most this many words.
TITLE_MIN_WORDS, TITLE_MAX_WORDS = 2, 30
#: Headlines rarely run past this many words; each word more makes a line look more like a standfirst ...
TITLE_LONG_WORDS = 16
#: ... and costs this much of its support.
TITLE_LONG_PENALTY = 0.03
#: A candidate must share at least this share of its content words with the article's first paragraphs (a headline
#: names what the article is about: "Zuckerberg offers peek at Facebook's acquisition strategies" vs "Up Next ...") ...
TITLE_MIN_OVERLAP = 0.3
#: ... and at least this many of them ("Add a Place" shares its one word "place" with any travel article) ...
TITLE_MIN_SHARED = 2
#: ... or be printed more than once (a teaser, a breadcrumb, a second heading), which counts this much; a repeated
#: line of fewer than ``TITLE_REPEAT_MIN_WORDS`` words is a menu label ("Need help?", "Tech Industry"), and one
#: printed more than ``TITLE_MAX_PRINTS`` times a running header ("Internet-Draft remoteStorage December 2014").
TITLE_REPEAT_BONUS = 0.5
TITLE_REPEAT_MIN_WORDS = 3
TITLE_MAX_PRINTS = 3
#: This many headline-shaped lines in a row are a list (a table of contents, a list of other headlines): none of
#: them is the title. A line printed twice in a row counts once.
TITLE_LIST_MIN_LINES = 4
#: A headline stands next to its byline or date line: this much support.
TITLE_BYLINE_BONUS = 0.5
#: Each kept line between a candidate and the first paragraph costs this much (the headline stands near the text).
TITLE_DISTANCE_PENALTY = 0.02
#: A content word has at least this many characters (shorter words are mostly articles and prepositions) and is
#: compared on its first ``STEM_CHARS`` characters ("acquisition" / "acquisitions", "stranding" / "strandings").
CONTENT_MIN_CHARS, STEM_CHARS = 4, 5
#: How many words of the first paragraphs a candidate is compared with.
LEAD_WORDS = 200
#: A short line whose words are all capitalised ("Mark Di Stefano", "Tech Insider", "Today's Paper") is a name or a
#: label, not a headline, up to this many words.
TITLE_LABEL_MAX_WORDS = 3
#: A line made of a by-credit ("Edited by Betsy Beyer", "Portrait by George Del Barrio") has at most this many words.
CREDIT_BY_MAX_WORDS = 8

#: Function words of four letters or more in the languages of the phrase lists: they say nothing of a topic.
_FUNCTION_WORD_LIST = (
    "this that with from have been were will your what when which their there they them about into more than after"
    " over also just like only some most other here were would could should being does these those very much such"
    " eine einer einen eines nicht sind wird wurde auch nach oder aber über dass noch beim durch"
    " dans pour avec sont plus mais comme cette tout leur être fait elle nous vous"
    " para como pero esta este sobre entre desde cuando todo también"
    " della delle degli sono come anche questo questa nella dalla alla sulla"
    " pela pelo mais está isso"
    " niet voor maar zijn door deze over naar heeft"
    " oraz jest przez jako tylko może jego"
)
_FUNCTION_STEMS = frozenset(word[:STEM_CHARS] for word in _FUNCTION_WORD_LIST.split())
#: Phrase groups whose words never open a headline: "Up Next ...", "Share The 21 best movies", "Related: ...".
_NOT_HEADLINE_GROUPS = frozenset(("related", "share", "navigation", "ads", "newsletter", "login", "comments"))
#: Two sentences glued on one line ("... in 2023.CreditJeon Heo"): a caption and its credit.
_INNER_SENTENCE = re.compile(r"(?<=\w\w)[.!?][A-Z][a-z]")  # the mark first: sre skips to the next one
#: A second sentence on a long line ("... for two years. Source: ..."): a standfirst or a caption. A short headline
#: may have two ("West Ham hrozí gigantům. Součka je snadné přehlédnout").
_SECOND_SENTENCE = re.compile(r"\w{3,}\.\s+[A-Z]")
#: A numbered section heading or table-of-contents entry: "4.5 Mozilla Developer Network".
_SECTION_NUMBER = re.compile(r"^\d+(?:\.\d+)+\.?\s")
#: Menu items whose separators innerText dropped: "Más LeídasBuenos AiresSeguridad", "Skip to contentSkip to ...".
#: One join may be a brand ("YouTube"); this many are a menu.
_GLUED = re.compile(r"[a-zß-ÿ]{2}[A-Z][a-zß-ÿ]")
_GLUED_SPLIT = re.compile(r"([a-zß-ÿ])([A-Z])")
TITLE_MAX_GLUED = 2
_CLOCK = re.compile(r"(?<!\d)\d{1,2}:\d{2}(?!\d)")
#: Code and data printed as text: JSON members, statements, comments.
_CODE_LIKE = re.compile(r"\"\s*:\s*[\"\d{\[tfn]|[{};=]\s*$|^\s*(?://|/\*|#\s|[{}\[\]])|\w\s*=\s*['\"\d]|\w\(\)")
#: A character every ``_CODE_LIKE`` match holds: a line with none is spared the pattern (most headlines).
_CODE_CHARS = re.compile(r"[\"{};=/#\[\]()]")
#: A wiki's section heading ends in its edit link: "History[edit]", "Geschichte[Bearbeiten]".
_EDIT_LINK = re.compile(
    r"\[\s*(?:edit|edit source|modifier|modifier le code|bearbeiten|quelltext bearbeiten|editar|modifica|bewerken|"
    r"edytuj|upravit)\s*\]\s*$",
    re.I,
)
#: "Edited by X", "Reviewed by X", "Portrait by X", "Prepared by X, University": a credit, not a headline.
_CREDIT_BY = re.compile(r"^(?:[\w’'-]+\s+){1,2}(?:by|von|par|por|door|przez)\s+[A-Z]")
#: A final dot a headline may end with: an initial or an abbreviation ("... Underneath N.Y.C.").
_ABBREVIATION_END = re.compile(r"(?:^|[\s.])[A-Z]\.$")
_OPENING_PUNCTUATION = "\"'“‘«„¿¡([ "


def headline_shaped(line: Line) -> bool:
    """True when ``line`` can be a headline: a few words, no sentence-final period and no second sentence, not a
    label, a byline, a credit, a date or time stamp, code, or a wiki section heading; it opens with a capital or a
    digit (Title case or sentence case). Computed once per line (the rules and the title chooser both ask)."""
    if line.headline_memo is None:
        line.headline_memo = _headline_shaped(line)
    return line.headline_memo


def _headline_shaped(line: Line) -> bool:
    text = line.text
    if not TITLE_MIN_WORDS <= line.words <= TITLE_MAX_WORDS:
        return False
    ends_clause = text.endswith((":", ",", ";")) or (text.endswith(".") and not text.endswith("..."))
    if ends_clause and not _ABBREVIATION_END.search(text):
        return False
    opening = text.lstrip(_OPENING_PUNCTUATION)[:1]
    if opening.islower() or not (opening.isalpha() or opening.isdigit()):
        return False
    tokens = line.tokens
    words = [t for t in tokens if not t.isdigit() and t not in _MONTHS]
    if len(words) < 2 and not (words and not words[0].isascii() and len(words[0]) >= CONTENT_MIN_CHARS):
        return False  # "November 20", "03-5829-8082": a date or a number, not a headline
    if (
        _INNER_SENTENCE.search(text)
        or (":" in text and _CLOCK.search(text))
        or (_CODE_CHARS.search(text) and _CODE_LIKE.search(text))
        or _EDIT_LINK.search(text)
    ):
        return False
    if (line.words > TITLE_LONG_WORDS and _SECOND_SENTENCE.search(text)) or _SECTION_NUMBER.match(text):
        return False
    glued = _GLUED.findall(text)
    if len(glued) >= TITLE_MAX_GLUED:
        return False
    if glued:
        tokens = _WORD.findall(_GLUED_SPLIT.sub(r"\1 \2", text).casefold())
    if line.words <= CREDIT_BY_MAX_WORDS and _CREDIT_BY.match(text):
        return False
    if line.words <= META_MAX_WORDS and line_byline(line) is not None:
        return False
    if line.words <= TITLE_LABEL_MAX_WORDS and _name_like(text):
        return False
    lead = leading_phrase(tokens)
    if lead is not None and lead[0] in _NOT_HEADLINE_GROUPS:
        return False
    # "21/06/2014 Tony Carter All, Books": a dateline
    return not text[:1].isdigit() or _date_match(text) is None


def _stems(tokens: list[str]) -> set[str]:
    # A Chinese or Japanese token is a whole run of characters, long enough by itself.
    stems = {t[:STEM_CHARS] for t in tokens if len(t) >= CONTENT_MIN_CHARS} - _FUNCTION_STEMS
    return {t for t in stems if not t.isdigit()}


def stems_of(tokens: list[str]) -> set[str]:
    """The content words of ``tokens`` as stems (what :func:`lead_stems` compares)."""
    return _stems(tokens)


def lead_stems(lines: list[Line], first: int, end: int) -> set[str]:
    """The content words (as stems) of the article's first paragraphs, up to ``LEAD_WORDS`` words."""
    tokens: list[str] = []
    for line in lines[first : end + 1]:
        if line.rule is None and line.role is None:
            tokens.extend(line.tokens)
            if len(tokens) >= LEAD_WORDS:
                break
    return _stems(tokens)


def title_support(line: Line, lead: set[str], printed: str) -> float:
    """How well ``line`` is shown to be the headline: the share of its content words the first paragraphs use, and
    a bonus when the page prints it more than once (``printed``: every line's tokens, one line per row, each row
    padded with spaces)."""
    prints = printed.count(f" {' '.join(line.tokens)} ")
    if prints > TITLE_MAX_PRINTS:
        return 0.0  # a running header or footer
    stems = _stems(line.tokens)
    shared = len(stems & lead)
    support = shared / len(stems) if shared >= TITLE_MIN_SHARED else 0.0
    if support < TITLE_MIN_OVERLAP:
        support = 0.0
    if line.words >= TITLE_REPEAT_MIN_WORDS and prints > 1:
        support += TITLE_REPEAT_BONUS
    return support - TITLE_LONG_PENALTY * max(0, line.words - TITLE_LONG_WORDS)


def _next_to_credit(lines: list[Line], index: int) -> bool:
    """True when the byline or the date line stands right above or below ``lines[index]`` (lines a rule cut, such
    as share buttons, may stand between)."""
    for step in (-1, 1):
        i = index + step
        while 0 <= i < len(lines) and lines[i].rule is not None and lines[i].role is None:
            i += step
        if 0 <= i < len(lines) and lines[i].role in ("byline", "date"):
            return True
    return False


def choose_title(lines: list[Line], candidates: list[int], first: int, end: int) -> int | None:
    """The index of the headline among ``candidates`` (indexes of headline-shaped lines before the first paragraph,
    nearest last), or None when none is shown to be one.

    A candidate is shown to be the headline when it shares content words with the first paragraphs or is printed
    more than once; the best supported one wins, nearer lines first. With no support, only the line right above the
    article (nothing but metadata between) may be the title: a headline-shaped line further up is as likely a menu
    label, a teaser or a section heading.
    """
    if not candidates:
        return None
    lead = lead_stems(lines, first, end)
    printed = "\n " + " \n ".join(" ".join(line.tokens) for line in lines) + " \n"
    best: tuple[float, int] | None = None
    for index in candidates:
        support = title_support(lines[index], lead, printed)
        if _next_to_credit(lines, index):
            support += TITLE_BYLINE_BONUS
        if support <= 0:
            continue
        kept_between = sum(1 for line in lines[index + 1 : first] if line.rule is None and line.role is None)
        score = support - TITLE_DISTANCE_PENALTY * kept_between
        if best is None or score >= best[0]:  # on a tie the nearer line: a teaser comes first
            best = (score, index)
    if best is not None:
        return best[1]
    nearest = candidates[-1]
    between = lines[nearest + 1 : first]
    if (
        lines[nearest].rule is None
        and lines[nearest].words >= TITLE_REPEAT_MIN_WORDS
        and all(line.rule is not None or line.role is not None for line in between)
    ):
        return nearest
    return None
