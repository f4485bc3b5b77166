"""Author credits, for both paths: turn a printed credit ("By Jane Doe, Staff Writer | Follow") into the byline as
a person writes it and the list of author names.

>>> normalize_byline("By Jane Doe and John Smith, Staff Writers")
('Jane Doe and John Smith', ['Jane Doe', 'John Smith'])
>>> normalize_byline("Written by Rob Ewaschuk\\n  Edited by Betsy Beyer")
('Rob Ewaschuk', ['Rob Ewaschuk'])
>>> normalize_byline("Follow Author")
(None, [])
"""

from __future__ import annotations

import re

from .words import alternation, month_alternation, month_number, weekday_alternation, weekday_number

__all__ = ["author_credit", "is_firm", "is_handle", "looks_like_name", "normalize_byline", "team_credit"]

# A credit longer than this is a paragraph that happens to start with "By", not a byline.
_MAX_CREDIT_CHARS = 200
# One author's name: "Jane Doe", "Steven Davidoff Solomon", "Maria de la Cruz Pérez", "Jong, Michiel de".
_MAX_NAME_WORDS = 6
_MAX_NAME_CHARS = 60

# "By", "Written by", "Analysis by", "Von", "Par", "Text:", "Автор:": what introduces a credit. The text path reads a
# line as an author credit with the same words, less the media ones ("Photos by X" credits a picture, not the text).
_AUTHOR_WORK = (
    r"written|posted|words|story|text|reporting|reported|published|compiled|analysis|commentary|opinion|review"
    r"|reviewed|interview|column|essay|article"
)
_MEDIA_WORK = r"video|photos?|illustrations?"
_BY_WORDS = r"by|von|par|por|di|da|door|przez|av|af|от|作者"
_LABEL_WORDS = (
    r"author|authors|autor|autorin|autores|auteur|autore|text|texte|texto|tekst|words|byline|redacción|redaktion"
    r"|текст|автор|auteurs?|escrito\s+por|scritto\s+da"
)

# A credit said in a sentence: "This post was written by Jane Doe", "The article is by Jane Doe".
_SENTENCE = (
    r"^\s*(?:this|the)\s+(?:[\w-]+\s+){1,2}(?:was|is|has\s+been)\s+(?:(?:written|authored|contributed|penned)\s+)?by\s+"
)


def _prefix(work: str) -> re.Pattern[str]:
    return re.compile(
        rf"^\s*(?:(?:{work})\s+(?:and\s+\w+\s+)?)?(?:{_BY_WORDS})\s*[:\-–]?\s+|^\s*(?:{_LABEL_WORDS})\s*[:\-–]\s*"
        rf"|{_SENTENCE}",
        re.I,
    )


_PREFIX = _prefix(f"{_AUTHOR_WORK}|{_MEDIA_WORK}")
_AUTHOR_PREFIX = _prefix(_AUTHOR_WORK)
_URLISH = re.compile(r"\(?\s*(?:https?://|www\.)\S+\s*\)?|\S+@\S+\.\w+|(?<!\w)@\w{2,}", re.I)
# Where a credit stops being a name: an editor credit, a date or time, a "follow"/"email" link, a separator.
_STOP = re.compile(
    r"\s(?:edited|updated|published|posted|modified|photographs?|photos?|illustrations?|additional\s+reporting)"
    r"\b(?:\s+(?:by|on|at)\b)?"
    r"|\b(?:follow|view\s+profile|view\s+all|more\s+(?:from|by|stories|articles)|see\s+all|e-?mail|contact"
    r"|twitter|facebook|linkedin|instagram|read\s+more|bio)\b"
    r"|\s[|•·/»]\s|\s+[-–—]\s+(?=\d|updated|published|posted)"
    # the same glued on by a capture that lost the space between two elements ("Emmet WhiteUpdated",
    # "JONATHAN JONESLAST UPDATED"): case tells the name's end
    r"|(?-i:(?<=[a-z])(?:Updated|Published|Posted|Edited|Modified|Follow|Last)"
    r"|(?<=[A-Z]{2})(?:UPDATED|PUBLISHED|POSTED|EDITED|MODIFIED|FOLLOW|LAST))(?![A-Za-z])"
    # a weekday before a date ("Olive Ryan Sat, 12/20/2025", "» Sun Nov 26") or after "on" ("on Tuesday"); a
    # weekday alone may be a name ("Lena H. Sun")
    rf"|\s+(?:on\s+)?\b(?:{weekday_alternation(3)})\.?,?\s+(?=\d|(?:{month_alternation(3)})\b)"
    rf"|\s+on\s+(?:{weekday_alternation(3)})\b"
    rf"|\s*(?:\bon\s+)?\b(?:{month_alternation(3)})\.?\s+\d{{1,2}}\b"
    rf"|\s*\b\d{{1,2}}\s+(?:{month_alternation(3)})\.?\s+\d{{4}}"
    r"|\s*\b\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\b|\s*\b\d{1,2}:\d{2}\b",
    re.I,
)
# The word left before a cut date: "Posted by Jane Doe on [12/03/2019]", "Von Eva Roe am [3. Mai]".
_DANGLING = re.compile(r"\s+(?:on|at|am|le|el|il|em|den|der|the|updated|published)$", re.I)
# A job title, credential or desk after (or instead of) a name.
_ROLE_WORDS = (
    r"staff|senior|junior|chief|contributing|special|associate|assistant|deputy|managing|executive|political|"
    r"business|technology|tech|science|health|sports?|foreign|national|digital|social|news|investigative|"
    r"freelance|guest|former|lead|writer|writers|reporter|reporters|editor|editors|correspondent|correspondents|"
    r"columnist|columnists|contributor|contributors|producer|producers|journalist|journalists|analyst|critic|"
    r"photographer|intern|fellow|director|manager|founder|co-founder|ceo|cto|professor|author|bureau|desk|team|"
    r"newsroom|staffer|anchor|host|blogger|chef|expert|researcher|student|officer|president|partner|"
    r"ma|md|phd|ph\.d\.?|mph|rn|msc|bsc|mba|jd|dr\.?"
)
# A job title naming what its holder heads: "Head of Marketing", "VP of Sales", "Director of Research".
_TITLE_OF = re.compile(
    r"^\s*(?:head|s?vp|evp|vice[\s-]+president|director|manager|chief|chair(?:man|woman|person)?|dean|professor)"
    r"\s+of\b",
    re.I,
)
_ROLE_ONLY = re.compile(rf"^(?:(?:{_ROLE_WORDS}|and|&|of|for|the|at|in|on)\b[\s.,]*)+$", re.I)
_ROLE_TAIL = re.compile(
    rf"\s+(?:(?:{_ROLE_WORDS})\s+)*(?:writer|writers|reporter|reporters|editor|editors|correspondent|correspondents|"
    rf"columnist|contributor|contributors|producer|journalist|staff)s?\b.*$",
    re.I,
)
# " for The Guardian", " at Reuters", " in Washington": where the author works, not who the author is.
# Only after a name of two words or more: "Organization for Transformative Works" is one name.
_AFFILIATION = re.compile(r"^(\S+\s+\S+.*?)\s+(?:for|at|from)\s+(?:the\s+)?[A-Z0-9].*$")
# An employer named in a stripped job title or affiliation ("Trial Attorney at Morgan"): an "& Morgan" after it goes
# on naming the firm, not another author.
_EMPLOYER = re.compile(r"\b(?:for|at|from)\s+(?:the\s+)?[A-Z0-9]")
# Between authors: punctuation, or a lower-case "and" in a few languages (so "Sarah E. Needleman" stays whole).
# A comma before the "and" (the serial comma: "Jane Doe, Mary Major, and John Smith") is one separator.
_SPLIT = re.compile(
    r"(\s*[;,&、和]\s*(?:(?:and|und|et|y|e|en|i|og|och)\s+)?|\s+(?:and|AND|And|und|et|y|e|en|i|og|och)\s+)"
)
# News agencies and networks that follow a reporter's name: "Jane Doe, Associated Press" (``data/words/agencies.txt``,
# ``data/words/networks.txt``).
_AGENCY = re.compile(rf"(?:the\s+)?(?:{alternation('agencies')}|{alternation('networks')})", re.I)
# Words that are never (part of) a person's credited name on a page.
_NOT_NAME = re.compile(
    r"\b(?:follow|author|authors|share|comments?|subscribe|posted|updated|published|view|profile|more|read|"
    r"minutes?|min|admin|administrator|webmaster|anonymous|unknown|guest|editorial|staff|loading|sign\s+in|"
    r"log\s+in|our|advertisement|sponsored|click|here|home|menu|search|news|contact|about|written|by|this|review)\b",
    re.I,
)
# A firm's or an institution's name ends so: "Kneib Dentistry PC", "SmartEtailing Inc", "Michigan Technological
# University", "QCY Official" (a brand's store). Never a person.
_FIRM = re.compile(
    r"\b(?:inc|llc|l\.l\.c|ltd|plc|pc|p\.c|corp|corporation|gmbh|university|college|association|official)\.?\)?$", re.I
)
_HAS_LETTER = re.compile(r"[^\W\d_]")
_STAFF = re.compile(r"\bstaff", re.I)
_DIGIT = re.compile(r"\d")
# A bracketed handle after the name ("Jane Roe (jroe42)"): the one place digits may stand in a credited name.
_HANDLE_TAIL = re.compile(r"\(\w+\)$")


# A member's handle: one word of letters, digits, dots, dashes or underscores, with a letter ("sorairolake",
# "archuser38013", "slow-poke").
_HANDLE = re.compile(r"^(?=[\w.\-]*[^\W\d_])[\w.\-]{2,40}$")


def is_handle(text: str) -> bool:
    """True when ``text`` is a forum or site member's handle (:func:`looks_like_name` takes a single lower-case word
    for no printed name; where the page says a member wrote it, such a word is the member)."""
    return _HANDLE.match(text) is not None


# A bracketed note after a name ("Claight Corporation (Market Research)"): the firm's ending stands before it.
_BRACKETED_TAIL = re.compile(r"\s*\([^()]*\)$")


def is_firm(text: str) -> bool:
    """True when ``text`` names a firm or an institution by its legal or institutional ending (``_FIRM``), also
    before a bracketed note.

    >>> is_firm("Acme Corporation (Market Research)"), is_firm("Jane Roe (jroe42)")
    (True, False)
    """
    text = text.strip()
    return _FIRM.search(text) is not None or _FIRM.search(_BRACKETED_TAIL.sub("", text)) is not None


def looks_like_name(text: str) -> bool:
    """True when ``text`` can be one credited author ("Jane Doe", "JOE HILDEBRAND", "史蒂文的家_藍天 (stevenhgm)")."""
    text = text.strip()
    if not text or len(text) > _MAX_NAME_CHARS or not _HAS_LETTER.search(text):
        return False
    if _DIGIT.search(text) and not _HANDLE_TAIL.search(text):
        return False
    if _NOT_NAME.search(text) or _ROLE_ONLY.match(text) or _FIRM.search(text):
        return False
    words = text.split()
    if len(words) > _MAX_NAME_WORDS:
        return False
    if len(words) == 1 and (weekday_number(text) or month_number(text)):
        return False  # "Sat", "Monday", "March": what is left of a date, not a name
    # A single all-lowercase Latin word is a user handle ("devindra"), not a printed name.
    return not (len(words) == 1 and text.isascii() and text.islower())


# A team credited as the author: "Podium Staff", "The Currency editors", "TOI Lifestyle Desk", "Team Acme", "Our
# Editors". A byline, never one of ``authors`` (persons).
_TEAM = re.compile(
    r"^(?:(?:the|our)\s+)?(?:[^\W\d_][\w.'’&-]*\s+){0,3}(?:team|staff|editors|editorial\s+(?:team|staff|board)|desk|"
    r"newsroom)$|^team\s+[^\W\d_][\w.'’-]*$",
    re.I,
)
# What opens a link or a heading about a team, not a credit: "Meet the team", "Join our team", "About our editors".
_NOT_TEAM = re.compile(r"^(?:meet|join|about|contact|hire|ask|our\s+team$|the\s+team$)", re.I)


def team_credit(raw: str | None) -> str | None:
    """The team a printed credit names ("By the Lavazza Team" -> "the Lavazza Team"), or None when it names no team.

    >>> team_credit("Written by Our Editors"), team_credit("Meet the team"), team_credit("Jane Doe")
    ('Our Editors', None, None)
    """
    if not raw:
        return None
    text = " ".join(_first_credit_line(raw).split())
    previous = None
    while previous != text:
        previous = text
        text = _PREFIX.sub("", text).strip(" ,;:|-–—•·")
    if not text or len(text) > _MAX_NAME_CHARS or _NOT_TEAM.match(text) or not _TEAM.match(text):
        return None
    return text


def author_credit(text: str) -> str | None:
    """What follows the words that open an author credit ("By", "Written by", "Von", "Par", "Autor:"), or None when
    ``text`` does not open with them ("Photos by ..." credits a picture: None).

    >>> author_credit("Von Hans Meier, Berlin")
    'Hans Meier, Berlin'
    """
    match = _AUTHOR_PREFIX.match(text)
    if match is None:
        return None
    return text[match.end() :].strip() or None


def _first_credit_line(raw: str) -> str:
    """The line of a multi-line credit that holds the name ("By\\nJane Doe\\nMarch 3" -> "By Jane Doe")."""
    lines = [" ".join(line.split()) for line in raw.splitlines()]
    lines = [line for line in lines if line]
    if not lines:
        return ""
    text = lines[0]
    i = 1
    # A line that is only "By" (or "Written by") belongs with the next; so does a line ending in a separator.
    while i < len(lines) and (_PREFIX.sub("", text + " ") == "" or text.endswith((",", "&", " and"))):
        text = f"{text} {lines[i]}"
        i += 1
    return text


def _strip_unbalanced(text: str) -> str:
    if text.startswith(("(", "[")) and not text.endswith((")", "]")):
        text = text[1:].strip()
    if text.endswith((")", "]")) and text.count("(") + text.count("[") < text.count(")") + text.count("]"):
        text = text[:-1].strip()
    return text


def _is_inverted(parts: list[str], text: str) -> bool:
    # "Jong, Michiel de" / "Kooman, F.": one author written surname first, not two authors.
    return len(parts) == 2 and "," in text and " and " not in text and "&" not in text and len(parts[0].split()) == 1


def normalize_byline(raw: str | None) -> tuple[str | None, list[str]]:
    """(byline, authors) from a printed credit; (None, []) when nothing name-like is left.

    The byline drops what is not the credit itself: "By"/"Von"/"Par", job titles, "Follow", handles, URLs,
    dates and anything after a separator.
    """
    if not raw:
        return None, []
    text = _first_credit_line(raw)
    if not text or len(text) > _MAX_CREDIT_CHARS:
        return None, []
    text = _URLISH.sub(" ", text)
    text = " ".join(text.split())
    previous = None
    while previous != text:
        previous = text
        text = _PREFIX.sub("", text).strip()
    stop = _STOP.search(" " + text)
    if stop:
        text = (" " + text)[: stop.start()].strip()
    text = _DANGLING.sub("", text)
    text = _strip_unbalanced(text.strip(" ,;:|-–—•·"))
    if not text:
        return None, []
    # Pieces and the separators before them: ("", "Jane Doe"), (" and ", "John Smith"), (", ", "Staff Writers").
    parts = _SPLIT.split(text)
    pieces = [(parts[i - 1] if i else "", parts[i]) for i in range(0, len(parts), 2)]
    pieces = [(sep, p) for sep, p in pieces if p and p.strip(" .")]
    if _is_inverted([p for _, p in pieces], text):
        pieces = [("", text.strip())]
    authors: list[str] = []
    kept: list[tuple[str, str]] = []
    employer = False  # the piece before named an employer ("at Morgan"), which "& Morgan" may go on naming
    in_title = False  # the pieces since the last comma are a job title's ("Head of Sales and Marketing")
    for i, (sep, piece) in enumerate(pieces):
        piece = piece.strip(" ,-–—")
        if employer and sep.strip() == "&":
            continue  # "Trial Attorney at Morgan & Morgan", "Reporter at The Times & Post": the firm's name
        after_comma = i > 0 and sep.strip()[:1] in (",", ";")
        # ", Head of Marketing and Community Development": a job title, up to the next comma
        in_title = (after_comma and _TITLE_OF.match(piece) is not None) or (in_title and not after_comma)
        if in_title:
            continue
        # after a comma, a piece that is all job title ("Reporter at The Times") loses all of it (a leading space
        # lets the role pattern take it from its first word); a first piece that opens with a role word is a name
        # of its own ("Contributors to Wikimedia projects")
        name = _ROLE_TAIL.sub("", " " + piece if after_comma else piece).strip()
        name = _AFFILIATION.sub(r"\1", name).strip(" ,-–—")
        employer = name != piece and _EMPLOYER.search(piece[len(name) :]) is not None
        if name != piece and len(name.split()) == 1 and _STAFF.search(piece[len(name) :]):
            continue  # "TMZ Staff", "Reuters Staff": a newsroom credits itself, no person is named
        if after_comma and name != piece:
            continue  # ", AP Auto Writer", ", Senior Political Correspondent": a job title, all of it
        if after_comma and authors and (_AGENCY.fullmatch(name) or (len(name.split()) == 1 < len(authors[0].split()))):
            continue  # ", CNN", ", Associated Press", ", MS, RDN": an employer or a credential after a full name
        if not looks_like_name(name) or name in authors:
            continue
        authors.append(name)
        kept.append((sep if kept else "", name))
    if not authors:
        return None, []
    # As printed: the kept names with the separators the page put between them ("Jane Doe and John Smith").
    byline = "".join(f"{sep}{name}" for sep, name in kept)
    return byline, authors
