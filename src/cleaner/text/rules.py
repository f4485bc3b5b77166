"""Named line rules of the text path. Each rule looks at lines only (no metadata yet) and names the cut.

Rule names (the reason recorded with every cut):

- the phrase groups of :mod:`cleaner.phrases` (``navigation``, ``ads``, ``consent``, ``login``, ``paywall``,
  ``newsletter``, ``share``, ``browser``, ``related``, ``comments``): a short line made mostly of such phrases;
- ``copyright``: the legal line of a footer ("© 2019 X. All rights reserved.");
- ``tags``: a long line with no punctuation at all (a tag cloud, link labels run together);
- ``counter``: timestamps and counters ("5 min read", "12 comments", "3.4K shares", "5:50 PM", "2 hours ago", a
  lone number);
- ``menu``: a run of short menu-like lines (link labels: a few words, no sentence punctuation);
- ``related-list``: the headlines (and their one-sentence teasers) listed under a "Related" / "Most popular" heading,
  also inside the article (a box of links between two of its paragraphs);
- ``ticker``: a live feed beside the article: headlines stamped with a time of day, newest first ("14:44 ...",
  "14:32 ...", "13:54 ..."); a timetable or a programme runs the other way and stays;
- ``teaser`` and ``title-repeat`` (need the title, so :mod:`cleaner.text.pipeline` applies them after the title is
  known): a line that repeats the headline, or a truncated copy of it or of another line ending in "..." / "…".
"""

from __future__ import annotations

import re

from ..phrases import MIN_COVER, leading_phrase, phrase_group_tokens, phrase_starts
from ..tokens import WORD as _TOKEN
from ..tokens import repeats_title
from ..words import alternation
from .lines import Line

__all__ = [
    "COUNTER",
    "apply_line_rules",
    "is_truncated_copy",
    "mark_menus",
    "mark_related_lists",
    "mark_tickers",
    "norm_tokens",
    "phrase_hit",
    "repeats_title",
]

#: Lines with more words than this are never cut by a phrase rule: prompts and labels are short, paragraphs that
#: mention "subscribe" or "cookies" are long.
PHRASE_MAX_WORDS = 30
#: A longer line is still cut when it opens with a prompt of at least ``LEAD_PHRASE_MIN_TOKENS`` words of one of
#: ``LEAD_GROUPS`` ("This website uses cookies to ...", "Sign up for our newsletter and ..."), up to this many words.
LEAD_PHRASE_MAX_WORDS = 250
LEAD_PHRASE_MIN_TOKENS = 3
LEAD_GROUPS = frozenset({"consent", "browser", "newsletter", "paywall", "login", "comments"})
#: A short line that opens with a heading phrase of ``HEADING_GROUPS`` ("More in Sports", "Related: ...",
#: "Tags: a, b, c") is that heading, up to this many words (or up to ``PHRASE_MAX_WORDS`` after a colon).
HEADING_MAX_WORDS = 6
HEADING_GROUPS = frozenset({"related", "comments", "newsletter", "share", "navigation"})
#: A menu item has at most this many words ...
MENU_MAX_WORDS = 4
#: ... and a menu is a run of at least this many such lines (fewer are subheads, labels, a byline and a date).
MENU_MIN_RUN = 4
#: A truncated copy must keep at least this many words before its ellipsis to be compared with other lines.
TEASER_MIN_WORDS = 3

_ELLIPSIS = re.compile(r"(?:\.\.\.|…|\. \. \.)\s*[\]»›>)]*\s*$")
_NUM = r"\d+(?:[.,]\d+)?\s?[kKmM]?\+?"
#: Whole-line counters and timestamps, in the languages of the phrase lists.
COUNTER = re.compile(
    rf"""^(?:
        [#(]?{_NUM}[)]?                                                   # a lone count: "16", "(3)", "1.2K"
      | (?:(?:{alternation("gallery_labels")})s?\s+)?
          \d{{1,3}}\s*(?:of|/|von|sur|de|di|van|z)\s*\d{{1,3}}                 # a gallery's "1 of 6", "Bild 2 von 5"
      | {_NUM}\s*(?:min(?:ute)?s?|mins?\.?|minuten|minutos?|minuti|minut|m)\.?\s*
          (?:read|reading|to\sread|lesezeit|de\slecture|de\slectura|di\slettura|de\sleitura|leestijd|czytania|
             leitura|lectura|lecture|lettura)                             # "5 min read", "3 minutos de lectura"
      | (?:reading\stime|read\stime|lesezeit|temps\sde\slecture|tiempo\sde\slectura|tempo\sdi\slettura|
           tempo\sde\sleitura|leestijd|czas\sczytania|lectura|leitura)\s*:?\s*{_NUM}\s*
          (?:min(?:ute)?s?|minuten|minutos?|minuti|minut|minuty|m)\.?      # "Reading time: 4 minutes"
      | {_NUM}\s*(?:comments?|replies|reply|responses?|shares?|views?|likes?|reads?|votes?|points?|
          kommentare?|commentaires?|comentarios?|commenti|commento|comentários?|reacties|reactie|
          komentarz(?:e|y)?|odpowiedzi|aufrufe|vues|visitas|visualizzazioni|visualizações|weergaven|wyświetle[nń]|
          partages|compartidos|condivisioni|partilhas|gedeeld|udostępnie[nń])   # "12 comments", "3.4K shares"
      | (?:comments?|shares?|views?|kommentare|commentaires|comentarios|commenti|comentários|reacties|
           komentarze)\s*:?\s*[(]?{_NUM}[)]?                               # "Comments (12)"
      | \d{{1,2}}[:.h]\d{{2}}\s*(?:[ap]\.?m\.?)?\s*(?:[A-Z]{{2,4}})?       # "5:50 PM", "10h30", "14.05 CET"
      | (?:updated|posted|published|aktualisiert|mis\sà\sjour|actualizado|aggiornato|atualizado|bijgewerkt|
           zaktualizowano)?\s*:?\s*{_NUM}\s*
          (?:seconds?|secs?|minutes?|mins?|hours?|hrs?|h|days?|d|weeks?|months?|years?|
             minuten|stunden?|tagen?|wochen?|minutos?|horas?|días|dias|minuti|ore|giorni|
             uur|dagen|minut|godzin[ay]?|dni)\s+(?:ago|her)                # "2 hours ago", "vor 3 Stunden" below
      | (?:vor|il\sy\sa|hace|há|fa)\s+{_NUM}\s*\w+                         # "vor 3 Stunden", "il y a 2 heures"
      | {_NUM}\s*\w+\s+(?:fa|geleden|temu)                                  # "2 ore fa", "3 uur geleden", "2 dni temu"
      | just\snow|gerade\seben|à\sl['’]instant|ahora\smismo|adesso|agora\smesmo|zojuist|przed\schwilą
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
_SENTENCE_END = re.compile(r"[.!?…:;\"”’»)\]。！？」』）]\s*$")


#: The legal line of a page's footer: "© 2019 X", "Copyright 2019 X. All rights reserved.", in eight languages.
COPYRIGHT = re.compile(
    r"^\W*(?:copyright|©|\(c\))(?!\w)|(?<!\w)(?:all\s+rights\s+reserved|alle\s+rechte\s+vorbehalten|"
    r"tous\s+droits\s+réservés|todos\s+los\s+derechos\s+reservados|tutti\s+i\s+diritti\s+riservati|"
    r"todos\s+os\s+direitos\s+reservados|alle\s+rechten\s+voorbehouden|wszelkie\s+prawa\s+zastrzeżone)(?!\w)",
    re.IGNORECASE,
)
#: A cookie notice that does not open with a stock phrase: it names cookies and what they do on the site.
COOKIE_NOTICE = re.compile(
    r"(?=.*\bcookies?\b)(?=.*\b(?:website|site|browser|browsing|consent|privacy|third[- ]party|analytics|tracking|"
    r"personal\s+data|webseite|navigateur|navegador|sitio|sito|strona|witryna|datenschutz|confidentialité|"
    r"privacidad|privacidade|privacybeleid|prywatności)\b)",
    re.IGNORECASE,
)
#: A line this long with no punctuation at all is a tag cloud or a run of link labels, not prose.
TAG_CLOUD_MIN_WORDS = 30
_LABEL_COLON = re.compile(r"^\W*\w+(?:\s+\w+){0,2}\s*:")
_PUNCTUATION = re.compile(r"[.,;:!?。，、！？]")
#: A copyright line has at most this many words (a paragraph that discusses copyright is longer).
COPYRIGHT_MAX_WORDS = 40


#: Cheap test before :data:`COPYRIGHT`: the line has one of these words (or a "©").
_COPYRIGHT_TOKENS = frozenset(
    ["copyright", "c", "rights", "rechte", "droits", "derechos", "diritti", "direitos", "rechten", "prawa"]
)
#: Every counter has a digit but "just now" in its languages, which starts with one of these words.
_COUNTER_WORDS_FIRST = frozenset(["just", "gerade", "à", "ahora", "adesso", "agora", "zojuist", "przed"])
_DIGIT = re.compile(r"\d")
#: A counter or timestamp line has at most this many words ("Tempo de leitura: 4 min", "updated 2 hours ago").
COUNTER_MAX_WORDS = 8


def norm_tokens(text: str) -> list[str]:
    """Lower-case word tokens, the unit in which lines are compared."""
    return [t.casefold() for t in _TOKEN.findall(text)]


#: :func:`phrase_hit` reports phrase groups down to this cover (the rules want ``MIN_COVER``; below it a phrase hit
#: is still evidence for the line scorer, see :mod:`cleaner.text.features`).
PHRASE_LOW_COVER = 0.2


def phrase_hit(line: Line) -> tuple[str, float] | None:
    """``phrase_group_tokens(line.tokens, min_cover=PHRASE_LOW_COVER)``, computed once per line. The group and the
    cover do not depend on ``min_cover`` (it only gates the answer), so the rules' verdict is this hit when its
    cover reaches ``MIN_COVER``."""
    memo = line.phrase_memo
    if memo is None:
        memo = line.phrase_memo = (phrase_group_tokens(line.tokens, min_cover=PHRASE_LOW_COVER),)
    return memo[0]


def apply_line_rules(lines: list[Line]) -> None:
    """Mark each line a line rule cuts (``line.rule``: a phrase group, "counter", "copyright", "tags"); then mark
    menu runs ("menu") and live feeds ("ticker")."""
    starts = phrase_starts()
    digit = _DIGIT.search
    for line in lines:
        if line.rule is not None:
            continue
        words = line.words
        tokens = line.tokens
        first = tokens[0] if tokens else ""
        lead = leading_phrase(tokens) if first in starts and words <= LEAD_PHRASE_MAX_WORDS else None
        if words <= PHRASE_MAX_WORDS:
            if (
                words <= COUNTER_MAX_WORDS
                and (digit(line.text) is not None or first in _COUNTER_WORDS_FIRST)
                and COUNTER.match(line.text)
            ):
                line.rule = "counter"
                continue
            found = None if starts.keys().isdisjoint(tokens) else phrase_hit(line)
            if found is not None and found[1] >= MIN_COVER:
                line.rule = found[0]
                continue
            if (
                lead is not None
                and lead[0] in HEADING_GROUPS
                and (words <= HEADING_MAX_WORDS or _LABEL_COLON.match(line.text))
            ):
                line.rule = lead[0]
                continue
        if (
            words <= COPYRIGHT_MAX_WORDS
            and (not _COPYRIGHT_TOKENS.isdisjoint(tokens) or "©" in line.text)
            and COPYRIGHT.search(line.text)
        ):
            line.rule = "copyright"
            continue
        if words <= LEAD_PHRASE_MAX_WORDS:
            if lead is not None and lead[1] >= LEAD_PHRASE_MIN_TOKENS and lead[0] in LEAD_GROUPS:
                line.rule = lead[0]
                continue
            if ("cookies" in tokens or "cookie" in tokens) and COOKIE_NOTICE.match(line.text):
                line.rule = "consent"
                continue
        if words >= TAG_CLOUD_MIN_WORDS and not _PUNCTUATION.search(line.text):
            line.rule = "tags"
    mark_menus(lines)
    mark_tickers(lines)


def mark_menus(lines: list[Line]) -> None:
    """Cut runs of at least ``MENU_MIN_RUN`` short link-label lines (rule "menu").

    Lines another rule already cut ("Search", "Home") count as part of a run, so a menu broken by them stays one run.
    """
    run: list[Line] = []
    sentence_end = _SENTENCE_END.search
    for line in [*lines, None]:
        # a menu item (a few words, short, no sentence end), or a short line another rule cut
        if line is not None and (
            line.words <= MENU_MAX_WORDS
            and (line.rule is not None or (line.words > 0 and len(line.text) <= 40 and not sentence_end(line.text)))
        ):
            run.append(line)
            continue
        if len(run) >= MENU_MIN_RUN:
            for item in run:
                if item.rule is None:
                    item.rule = "menu"
        run = []


#: A live feed has at least this many time-stamped headlines, newest first ...
TICKER_MIN_ITEMS = 3
#: ... at most this many lines apart (an entry's own text, a counter).
TICKER_MAX_GAP = 6
#: A ticker entry: a time of day, then a headline of at least three words.
_TICKER_ITEM = re.compile(r"^([01]?\d|2[0-3])[:h.]([0-5]\d)\s+\S+\s+\S+\s+\S+")


def mark_tickers(lines: list[Line]) -> None:
    """Cut the entries of a live feed (rule "ticker"): time-stamped headlines whose times fall from one to the next,
    ``TICKER_MIN_ITEMS`` or more of them with at most ``TICKER_MAX_GAP`` lines between two."""
    run: list[tuple[int, int]] = []  # (line index, minutes since midnight)

    def close() -> None:
        if len(run) >= TICKER_MIN_ITEMS:
            for index, _ in run:
                lines[index].rule = "ticker"

    for line in lines:
        if line.rule is not None or line.words > RELATED_HEADLINE_MAX_WORDS:
            continue
        m = _TICKER_ITEM.match(line.text)
        if m is None:
            continue
        minutes = int(m.group(1)) * 60 + int(m.group(2))
        if run and (line.index - run[-1][0] - 1 > TICKER_MAX_GAP or minutes > run[-1][1]):
            close()
            run = []
        run.append((line.index, minutes))
    close()


#: A headline listed under a related-links heading has at most this many words and does not end like a sentence ...
RELATED_HEADLINE_MAX_WORDS = 24
#: ... and the teaser under it is one sentence of at most this many words (an article's paragraphs are longer).
RELATED_TEASER_MAX_WORDS = 25


def mark_related_lists(lines: list[Line], lo: int, hi: int) -> None:
    """Cut the list under each related-links heading in ``lines[lo..hi]`` (rule "related-list"): headlines (short
    lines that do not end like a sentence), each maybe followed by a one-sentence teaser, up to the first line that
    is neither (the article going on, or the next heading)."""
    i = lo
    while i <= hi:
        if not _bare_heading(lines[i]):
            i += 1
            continue
        i += 1
        after_headline = False
        while i <= hi:
            line = lines[i]
            if line.rule is not None:
                if not _bare_heading(line):
                    break
                after_headline = False  # the next heading of a run of boxes: its list follows
                i += 1
                continue
            if _listed_headline(line):
                after_headline = True
            elif (
                after_headline
                and line.words <= RELATED_TEASER_MAX_WORDS
                # a teaser is followed by the next headline or heading; a paragraph of the article going on is not
                and (i == hi or lines[i + 1].rule is not None or _listed_headline(lines[i + 1]))
            ):
                after_headline = False
            else:
                break
            line.rule = "related-list"
            i += 1


def _listed_headline(line: Line) -> bool:
    """A short line that does not end like a sentence, or is cut short ("... as Hurri...")."""
    text = line.text
    return line.words <= RELATED_HEADLINE_MAX_WORDS and (
        not _SENTENCE_END.search(text[-3:]) or text.endswith(("...", "…"))
    )


#: A label of these groups that ends in a colon ("More:", "See also:") opens a list too, when it is this short.
LIST_LABEL_MAX_WORDS = 3


def _bare_heading(line: Line) -> bool:
    """A related-links heading standing alone ("Related", "Most popular:"), not one that carries its own link
    ("Related: How to ..."); or a short label ending in a colon ("More:")."""
    if line.rule == "related":
        if line.words > HEADING_MAX_WORDS:
            return False
        colon = line.text.find(":")
        return colon < 0 or not line.text[colon + 1 :].strip()
    return line.rule in HEADING_GROUPS and line.words <= LIST_LABEL_MAX_WORDS and line.text.endswith(":")


def is_truncated_copy(text: str, title: list[str], others: list[list[str]]) -> bool:
    """True when ``text`` ends in "..." / "…" and, before that, starts with the title, or is the start of the title
    or of another line (``others``); the last word may itself be cut short."""
    match = _ELLIPSIS.search(text)
    if not match:
        return False
    tokens = norm_tokens(text[: match.start()])
    if not tokens:
        return False
    if title:
        rest = tokens
        while rest[: len(title)] == title and len(rest) > len(title):
            rest = rest[len(title) :]
        if rest is not tokens:
            return True  # the title, then a cut-short standfirst or a cut-short second copy of the title
        if _is_prefix(rest, title) and len(rest) >= TEASER_MIN_WORDS:
            return True
    if len(tokens) < TEASER_MIN_WORDS:
        return False
    return any(len(other) > len(tokens) and _is_prefix(tokens, other) for other in others)


def _is_prefix(tokens: list[str], full: list[str]) -> bool:
    """``tokens`` starts ``full``; its last token may be a cut-short start of the matching word."""
    if not tokens or len(tokens) > len(full):
        return False
    head, last = tokens[:-1], tokens[-1]
    return full[: len(head)] == head and full[len(head)].startswith(last)
