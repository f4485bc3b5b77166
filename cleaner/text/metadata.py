"""Metadata lines of a plain-text capture: dates, bylines, captions and credits, publisher notes, the site's name.

Each function looks at one line (or a line and its neighbour) and says what it holds; the pipeline decides where on
the page to look. Dates come out as ISO 8601; bylines go through :func:`cleaner.bylines.normalize_byline`; captions
through :func:`cleaner.captions.split_credit`.

>>> parse_date("Nov. 19, 2019 8:03 am ET")
'2019-11-19'
>>> publisher_note("This article was published in Global Security Newswire, which is produced independently.")
'Global Security Newswire'
>>> site_name_in("You may not get the full experience here on National Journal.")
'National Journal'
"""

from __future__ import annotations

import re

from ..article import Caption
from ..bylines import normalize_byline
from ..captions import looks_like_credit, split_credit
from .lines import Line

__all__ = [
    "PUBLISHER_FIRST_TOKENS",
    "byline_in",
    "caption_with_credit",
    "credit_line",
    "date_line",
    "line_caption",
    "line_credit",
    "parse_date",
    "publisher_note",
    "site_name_in",
    "update_stamp",
]

#: A byline or date line has at most this many words (a sentence that mentions a date is not a date line).
META_MAX_WORDS = 16
#: A name in a byline has at most this many words ("Sarah E. Needleman", "Jean-Baptiste de la Fontaine").
NAME_MAX_WORDS = 6
#: A photo credit standing on a line of its own has at most this many words.
CREDIT_LINE_MAX_WORDS = 12
#: A caption is at most this many words (longer lines followed by a credit are paragraphs quoting an agency).
CAPTION_MAX_WORDS = 90
#: Longest site or publisher name we accept from a sentence ("Global Security Newswire", "The Wall Street Journal").
NAME_MAX_CHARS = 60

_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "january jan januar janvier enero gennaio janeiro januari stycznia styczeń jänner",
        "february feb februar février fevrier febrero febbraio fevereiro februari lutego luty",
        "march mar märz maerz mars marzo março maart marca marzec",
        "april apr avril abril aprile kwietnia kwiecień",
        "may mai mayo maggio maio mei maja maj",
        "june jun juni juin junio giugno junho czerwca czerwiec",
        "july jul juli juillet julio luglio julho lipca lipiec",
        "august aug août aout agosto augustus sierpnia sierpień",
        "september sep sept septembre septiembre settembre setembro września wrzesień",
        "october oct oktober octobre octubre ottobre outubro oktober października październik",
        "november nov novembre noviembre novembro listopada listopad",
        "december dec dezember décembre decembre diciembre dicembre dezembro grudnia grudzień",
    ),
    start=1,
):
    for _name in _names.split():
        _MONTHS[_name] = _number
_MONTH_ALT = "|".join(sorted(map(re.escape, _MONTHS), key=len, reverse=True))

_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th|er|º|\.)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_MONTH = rf"(?P<month>{_MONTH_ALT})\.?"
_DATE_FORMS = (
    re.compile(rf"(?<!\w){_MONTH}\s+{_DAY},?\s+{_YEAR}(?!\d)", re.I),  # Nov. 19, 2019
    re.compile(rf"(?<!\w){_DAY}\s+(?:de\s+)?{_MONTH}(?:\s+de)?,?\s+{_YEAR}(?!\d)", re.I),  # 19 de noviembre de 2019
    re.compile(r"(?<!\d)(?P<year>(?:19|20)\d\d)-(?P<month>[01]?\d)-(?P<day>[0-3]?\d)(?!\d)"),  # 2019-11-19
    re.compile(r"(?<!\d)(?P<day>[0-3]?\d)\.\s?(?P<month>[01]?\d)\.\s?(?P<year>(?:19|20)\d\d)(?!\d)"),  # 19.11.2019
    re.compile(r"(?<![\d/])(?P<a>[01]?\d|[23]\d)/(?P<b>[0-3]?\d)/(?P<year>(?:19|20)?\d\d)(?![\d/])"),  # 11/19/19
)
_TIME = re.compile(
    r"(?<!\w)(?:at\s+|um\s+|à\s+|a\s+las\s+|alle\s+|às\s+|om\s+|o\s+)?\d{1,2}[:.h]\d{2}(?::\d{2})?\s*"
    r"(?:[ap]\.?\s?m\.?)?(?:\s*(?:uhr|h))?(?:\s*\(?(?:[A-Z]{2,5}|GMT[+-]\d+|UTC[+-]\d+)\)?)?(?!\w)",
    re.I,
)
_WEEKDAY = re.compile(
    r"(?<!\w)(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday)?\.?(?!\w)|"
    r"(?<!\w)(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|lundi|mardi|mercredi|jeudi|vendredi|"
    r"samedi|dimanche|lunes|martes|miércoles|jueves|viernes|sábado|domingo|lunedì|martedì|mercoledì|giovedì|"
    r"venerdì|sabato|segunda-feira|terça-feira|quarta-feira|quinta-feira|sexta-feira|maandag|dinsdag|woensdag|"
    r"donderdag|vrijdag|zaterdag|zondag|poniedziałek|wtorek|środa|czwartek|piątek|sobota|niedziela)(?!\w)",
    re.I,
)
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
    return found is not None and label.start() < found[0].start()


_FILLER = re.compile(r"[\s,|•·/–—:\-()\[\]]+")

_BY = re.compile(
    r"^(?:(?:by|written\s+by|words\s+by|story\s+by|von|par|por|di|door|przez)\s*[:\-]?|"
    r"(?:autor(?:es)?|auteur|autore|author|text|texto|tekst)\s*:)\s+(?P<rest>.+)$",
    re.I,
)
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
_CREDIT_LABEL = re.compile(
    r"^\s*[\[(]?\s*(?:photo(?:graph)?s?|image|picture|credit|foto|fotos|bild|crédit|crédito|illustration|"
    r"zdjęcie|fot\.)\s*(?:by|credit|courtesy(?:\s+of)?)?\s*[:©]?\s*(?P<credit>.{2,100}?)\s*[\])]?\s*$",
    re.I,
)
#: Cheap test before the full caption split, on the end of the line (where a credit stands): it ends in brackets,
#: or names a credit label, an agency, or "Name/Agency". Matched on the lower-cased tail without IGNORECASE: the
#: same words under IGNORECASE cost ten times more (sre then tries every word at every position).
_CREDIT_HINT = re.compile("/|©|photo|foto|image|picture|credit|crédit|bild|getty|courtesy")
#: How far from the end of a line a credit may start.
CREDIT_TAIL_CHARS = 120


def _credit_hint(text: str) -> bool:
    tail = text[-CREDIT_TAIL_CHARS:].rstrip()
    return tail.endswith((")", "]")) or _CREDIT_HINT.search(tail.casefold()) is not None


_PAREN_LINE = re.compile(r"^\((?P<credit>[^()]{2,100})\)$")

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
#: Cheap test before the site-name patterns: the line has one of their key words (substring tests, see
#: ``_CREDIT_HINTS``).
_SITE_HINTS = ("here on", "welcome", "for visiting", "for reading", "willkommen", "bienvenu", "benvenut", "bem-vindo",
               "welkom", "witamy")  # fmt: skip


def _date_match(text: str) -> tuple[re.Match[str], str] | None:
    """The first date in ``text`` and its ISO form, or None."""
    for form in _DATE_FORMS:
        for m in form.finditer(text):
            iso = _iso(m)
            if iso:
                return m, iso
    return None


def _iso(m: re.Match[str]) -> str | None:
    groups = m.groupdict()
    year = groups["year"]
    if len(year) == 2:
        year = "20" + year
    if "a" in groups and groups.get("a") is not None:
        a, b = int(groups["a"]), int(groups["b"])
        if a > 12 >= b:
            day, month = a, b
        elif b > 12 >= a:
            day, month = b, a
        else:
            return None  # 03/04/2019 could be March 4 or 3 April: leave the field empty rather than guess
    else:
        raw = groups["month"].casefold().rstrip(".")
        month = int(raw) if raw.isdigit() else _MONTHS.get(raw, 0)
        day = int(groups["day"])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year}-{month:02d}-{day:02d}"


def parse_date(text: str) -> str | None:
    """The ISO date of the first date written in ``text`` (None when there is none or it is ambiguous)."""
    found = _date_match(text)
    return found[1] if found else None


def date_line(text: str, words: int) -> tuple[str, str] | None:
    """(ISO date, what is left) when the line is a date line: a date, maybe a time, a weekday and a label
    ("Published", "Updated on"), and little else. What is left may be a name ("Chris Davies - Nov 19, 2019")."""
    if words > META_MAX_WORDS or _DIGIT.search(text) is None:  # every date form has digits
        return None
    if text[:1] in _FRAGMENT_START or _CITATION.search(text):
        return None  # a reference's access date (". Retrieved 24 August 2021.") or the tail of a sentence
    found = _date_match(text)
    if not found:
        return None
    m, iso = found
    rest = text[: m.start()] + " " + text[m.end() :]
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
    capital = sum(1 for w in names if _NAME_WORD.match(w))
    return capital == len(names) and any(w[:1].isupper() for w in names)


def byline_in(text: str, words: int) -> tuple[str, list[str]] | None:
    """(byline, authors) when the line is an author credit: "By Jane Doe", "Von Hans Meier, Berlin" (with the place
    dropped only when it follows a comma and a role), or "Jane Doe - Nov 19, 2019" after its date is taken away."""
    if words > META_MAX_WORDS:
        return None
    m = _BY.match(text)
    if not m:
        return None
    rest = m.group("rest")
    dated = date_line(rest, word_count_simple(rest))
    if dated:
        rest = dated[1]
    rest = _HANDLE.sub("", rest)
    rest = _TRAIL_ROLE.sub("", rest).strip(" ,|-–—:")
    if not rest or not _name_like(rest):
        return None
    byline, authors = normalize_byline(rest)
    if not byline:
        return None
    return byline, authors


def bare_name(text: str) -> bool:
    """True for what is left of "Jane Doe - Nov 19, 2019" once the date is gone: a short capitalised name."""
    words = text.split()
    return 2 <= len(words) <= NAME_MAX_WORDS and _name_like(text)


def word_count_simple(text: str) -> int:
    return len(text.split())


def credit_line(text: str, words: int) -> str | None:
    """The credit when the whole line is a photo credit: "(Walt Disney Co.)", "Photo: Jane Doe/AP", "Getty Images",
    "Jane Doe / Reuters"."""
    if words > CREDIT_LINE_MAX_WORDS:
        return None
    m = _CREDIT_LABEL.match(text)
    if m and (text.lstrip("[( ").split()[0].rstrip(":").casefold() in _CREDIT_WORDS):
        return m.group("credit").strip()
    m = _PAREN_LINE.match(text.strip())
    if m and m.group("credit")[:1].isupper() and words <= 8:
        return m.group("credit").strip()
    # cheapest test first: the full credit grammar costs several microseconds a line
    if not text.rstrip().endswith((".", "?", "!")) and _AGENCY_ONLY.search(text) and looks_like_credit(text):
        return text.strip()
    return None


_CREDIT_WORDS = frozenset(
    [
        "photo",
        "photos",
        "photograph",
        "photographs",
        "image",
        "picture",
        "credit",
        "foto",
        "fotos",
        "bild",
        "crédit",
        "crédito",
        "illustration",
        "zdjęcie",
        "fot.",
    ]
)
#: A bare credit line names an agency or photo library (a "/" alone is a breadcrumb or a date, not a credit).
_AGENCY_ONLY = re.compile(
    r"\b(?:getty(?:\s+images)?|reuters|ap\s+photo|associated\s+press|afp|epa|shutterstock|istock(?:photo)?|alamy|"
    r"dpa|anadolu|zuma|sipa|corbis|wikimedia\s+commons|flickr|courtesy(?:\s+of)?|handout|file\s+photo|pool)\b",
    re.I,
)


def caption_with_credit(text: str, words: int) -> Caption | None:
    """The caption when the line is one that ends in its photo credit ("... in Singapore.(Name/Agency)")."""
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
    """The site's name when a line says it: "... here on National Journal.", "Welcome to X".

    A footer's "© 2019 X" is not read as the site's name: X is the copyright holder, as often the owner or the
    publishing group ("Vox Media", "Penske Media Corporation", "Microsoft" on MSN) as the site itself; taking it
    would be a guess.
    """
    lowered = text.casefold()
    if not any(hint in lowered for hint in _SITE_HINTS):
        return None
    m = _SITE_SENTENCE.search(text)
    return _clip_name(m.group("name")) if m else None


def line_caption(line: Line) -> Caption | None:
    """:func:`caption_with_credit` of ``line``, computed once."""
    if line.caption_memo is None:
        line.caption_memo = (caption_with_credit(line.text, line.words),)
    return line.caption_memo[0]


#: First words of a labelled credit line ("Photo: ...", "Bild: ...") as ``\w+`` tokens (see ``_CREDIT_LABEL``) ...
_CREDIT_FIRST_TOKENS = frozenset(_CREDIT_WORDS | {"fot"})
#: ... and the agency words of ``_AGENCY_ONLY``: a line with neither (nor a bracket) is no credit line.
_AGENCY_TOKENS = frozenset(
    ("getty", "reuters", "ap", "associated", "afp", "epa", "shutterstock", "istock", "istockphoto", "alamy", "dpa",
     "anadolu", "zuma", "sipa", "corbis", "wikimedia", "flickr", "courtesy", "handout", "file", "pool")
)  # fmt: skip


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
