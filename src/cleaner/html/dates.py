"""Publication dates as printed in page metadata -> ISO 8601.

A value that is already an ISO 8601 / RFC 3339 timestamp is kept as the page wrote it (its precision and offset are
the page's own: "2015-04-30T07:19:58", "2019-01-03T07:00:02.000Z"); anything else that reads unambiguously as a
date is rewritten as ISO 8601: RFC 2822 ("Fri, 13 Mar 2015 21:30:09 EST"), "2015-07-10 09:53:00 -0400",
compact "20170113", "March 25, 2015", "25 March 2015", "Jan. 13, 2017". Anything else gives None: no guess.

>>> normalize_date("2015-07-10 09:53:00 -0400")
'2015-07-10T09:53:00-04:00'
>>> normalize_date("Jan. 13, 2017")
'2017-01-13'
>>> normalize_date("soon") is None
True
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_tz

__all__ = ["normalize_date"]

# Dates outside this range are typos or placeholders ("0001-01-01", "2099-12-31"), not publication dates.
_MIN_YEAR = 1990
_MAX_YEAR = 2100

# Already ISO 8601 / RFC 3339 (date, optional time with T or space, optional fraction and offset).
_ISO = re.compile(
    r"(?P<date>(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2}))"
    r"(?:[T ](?P<H>\d{2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,]\d+)?)?\s*(?P<tz>Z|[+-]\d{2}:?\d{2})?)?"
)
_ISO_EXACT = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?", re.I)
_COMPACT = re.compile(r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})(?:(?P<H>\d{2})(?P<M>\d{2})(?P<S>\d{2})?)?")
_SLASHED_YMD = re.compile(r"(?P<y>\d{4})[/.](?P<m>\d{1,2})[/.](?P<d>\d{1,2})\b")

_MONTHS = {
    name: i
    for i, names in enumerate(
        (
            ("january", "jan", "janvier", "januar", "enero", "gennaio", "janeiro", "januari", "jänner"),
            ("february", "feb", "février", "fevrier", "februar", "febrero", "febbraio", "fevereiro", "februari"),
            ("march", "mar", "mars", "märz", "marzo", "março", "maart"),
            ("april", "apr", "avril", "abril", "aprile"),
            ("may", "mai", "mayo", "maggio", "maio", "mei"),
            ("june", "jun", "juin", "juni", "junio", "giugno", "junho"),
            ("july", "jul", "juillet", "juli", "julio", "luglio", "julho"),
            ("august", "aug", "août", "aout", "agosto", "augustus"),
            ("september", "sep", "sept", "septembre", "septiembre", "settembre", "setembro"),
            ("october", "oct", "octobre", "oktober", "octubre", "ottobre", "outubro"),
            ("november", "nov", "novembre", "noviembre", "novembro"),
            ("december", "dec", "décembre", "decembre", "dezember", "diciembre", "dicembre", "dezembro"),
        ),
        start=1,
    )
    for name in names
}
_MONTH_NAME = r"(?P<mon>[^\W\d_]{3,10})\.?"
_MONTH_DAY_YEAR = re.compile(_MONTH_NAME + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})\b", re.I)
_DAY_MONTH_YEAR = re.compile(r"\b(?P<d>\d{1,2})(?:st|nd|rd|th|er)?\.?\s+(?:de\s+)?" + _MONTH_NAME
                             + r"\s+(?:de\s+)?(?P<y>\d{4})\b", re.I)  # fmt: skip


def _valid(y: int, m: int, d: int) -> bool:
    if not _MIN_YEAR <= y <= _MAX_YEAR:
        return False
    try:
        datetime(y, m, d)
    except ValueError:
        return False
    return True


def _iso_tz(tz: str | None) -> str:
    if not tz:
        return ""
    if tz.upper() == "Z":
        return "Z"
    digits = tz.replace(":", "")
    return f"{digits[:3]}:{digits[3:5]}"


def normalize_date(raw: str | None) -> str | None:
    """The ISO 8601 form of a date as a page writes it, or None when it does not read as a (plausible) date."""
    if not raw:
        return None
    text = " ".join(raw.split())
    if not text or len(text) > 80:
        return None
    match = _ISO.match(text)
    if match:
        y, m, d = int(match["y"]), int(match["m"]), int(match["d"])
        if not _valid(y, m, d):
            return None
        if _ISO_EXACT.fullmatch(text):
            return text
        if match["H"] is None:
            return match["date"]
        seconds = match["S"] or "00"
        return f"{match['date']}T{match['H']}:{match['M']}:{seconds}{_iso_tz(match['tz'])}"
    match = _COMPACT.fullmatch(text)
    if match:
        y, m, d = int(match["y"]), int(match["m"]), int(match["d"])
        if not _valid(y, m, d):
            return None
        if match["H"] is None:
            return f"{y:04d}-{m:02d}-{d:02d}"
        return f"{y:04d}-{m:02d}-{d:02d}T{match['H']}:{match['M']}:{match['S'] or '00'}"
    rfc = _rfc2822(text)
    if rfc:
        return rfc
    match = _SLASHED_YMD.search(text)
    if match and _valid(int(match["y"]), int(match["m"]), int(match["d"])):
        return f"{int(match['y']):04d}-{int(match['m']):02d}-{int(match['d']):02d}"
    for pattern in (_MONTH_DAY_YEAR, _DAY_MONTH_YEAR):
        match = pattern.search(text)
        if match:
            month = _MONTHS.get(match["mon"].casefold())
            y, d = int(match["y"]), int(match["d"])
            if month and _valid(y, month, d):
                return f"{y:04d}-{month:02d}-{d:02d}"
    return None


# RFC 2822 dates ("Fri, 13 Mar 2015 21:30:09 EST", with the North-American zone names older CMSs print) always
# carry a time; without one, the day-month-name patterns below read the date.
_RFC_HINT = re.compile(r"\d{1,2}:\d{2}")


def _rfc2822(text: str) -> str | None:
    if not _RFC_HINT.search(text):
        return None
    parsed = parsedate_tz(text)
    if parsed is None:
        return None
    y, m, d, hh, mm, ss, _, _, _, offset = parsed
    if not _valid(y, m, d):
        return None
    try:
        stamp = datetime(y, m, d, hh, mm, ss)
    except ValueError:
        return None
    if offset is None:
        return stamp.isoformat()
    return stamp.replace(tzinfo=timezone(timedelta(seconds=offset))).isoformat()
