"""Publication dates as Indonesian sites print them, turned into aware datetimes.

dateparser does the heavy lifting (Indonesian month and day names, WIB/WITA/WIT); this module
only cuts the date out of its surroundings ("Jam", weekday in parentheses, "Dibaca ...") and
supplies the site's zone when the text names none.

Precision: every date is known to the ``day``, the ``minute`` or the ``second``, as the text states
it (:func:`precision_of`). A day-only date is written as the bare ISO 8601 date ``2023-07-06`` by
:func:`to_iso`, never as an invented midnight: it sorts as text with the datetimes of the same day
(before them), ``substr(x, 1, 10)`` is its day, and ``datetime.fromisoformat`` reads it.
Offsets: a time that names its offset or zone keeps it (``+08:00`` on a WIB site stays ``+08:00``),
except UTC (``Z``, ``+00:00``: how CMSes store times, not the zone the page speaks of), which is
shown in the site's zone; a time naming none gets the site's zone (:func:`shown_zone`).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

import dateparser

ZONES = {"WIB": 7, "WITA": 8, "WIT": 9}
DEFAULT_ZONE = "WIB"

_PARSER_SETTINGS = {"DATE_ORDER": "DMY", "PREFER_DATES_FROM": "past", "PREFER_DAY_OF_MONTH": "first"}
_ZONE_RE = re.compile(r"\b(WITA|WIB|WIT)\b")
# ASCII digits only: "২০২৩-০৭-০৬" (Bengali digits) matches \d but is no ISO date for fromisoformat.
_ISO_RE = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$", re.ASCII)
# "2015-11-05 T10:08:58Z" (detik's pubdate meta): not ISO 8601, and the time is local, not UTC
_LOCAL_Z_RE = re.compile(r"^(\d{4}-\d{2}-\d{2}) T(\d{2}:\d{2}(:\d{2})?)Z$")
_WEEKDAY = r"(?:Senin|Selasa|Rabu|Kamis|Jumat|Jum'at|Sabtu|Minggu|Ahad)"
_TIME = r"(?<![\d.])\d{1,2}[:.]\d{2}(?::\d{2})?(?!\d|\.\d)"  # "19:26:47", "14.30", not "12.000"
# a date with a time of day as pages print it: "Rabu, 4 November 2015 | 21:04 WIB",
# "09 Agustus 2018 Jam 19:26:47", "03/07/2023 09:45", "Kamis, 05/11/2015 10:08 WIB"
_PRINTED_RE = re.compile(
    rf"(?:{_WEEKDAY},?\s*)?(?:\d{{1,2}}\s+[A-Za-z]{{3,9}}\.?\s+\d{{4}}|\d{{1,2}}/\d{{1,2}}/\d{{4}})"
    rf"[\s,|\-–—]*(?:(?:Jam|Pukul|pkl\.?)\s*)?{_TIME}(?:\s*(?:WITA|WIB|WIT)\b)?",
    re.IGNORECASE,
)
_TIME_RE = re.compile(_TIME)
# a time of day and whether it states seconds: "19:56", "14.30", "19:56:00", "08:20:00.123Z"
_CLOCK_RE = re.compile(r"(?<![\d.])\d{1,2}[:.]\d{2}(:\d{2}(?:[.,]\d+)?)?(?!\d|\.\d)")
PRECISIONS = ("day", "minute", "second")
_NOISE_RE = re.compile(r"\b(Jam|Pukul|pkl\.?)\b|\|", re.IGNORECASE)
_COUNTER_RE = re.compile(r"(Dibaca|Dilihat|Kali Dilihat|views?)\b.*$", re.IGNORECASE)
# "Selasa (11/04/ 2023)", "Rabu (25/4/2018)", "Jumat (20/3)": a weekday then a numeric date in parentheses
_WEEKDAY_NUMERIC_RE = re.compile(
    rf"\b{_WEEKDAY}\s*,?\s*\((\d{{1,2}})\s*/\s*(\d{{1,2}})(?:\s*/\s*(\d{{2,4}}))?\)",
    re.IGNORECASE,
)
_URL_DATE_RE = re.compile(r"/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})/")
# "24-28 Juni 2014": a day range; the start day is the date
_MONTHS = {name: n for n, names in enumerate((
    ("januari", "january", "jan"), ("februari", "february", "feb", "pebruari"), ("maret", "march", "mar"),
    ("april", "apr"), ("mei", "may"), ("juni", "june", "jun"), ("juli", "july", "jul"),
    ("agustus", "august", "agu", "agt", "aug"), ("september", "sep", "sept"), ("oktober", "october", "okt", "oct"),
    ("november", "nopember", "nov"), ("desember", "december", "des", "dec")), start=1) for name in names}
_PLAIN_DATE_RE = re.compile(
    rf"(?:{_WEEKDAY} )?(?:(?P<day>\d{{1,2}}) (?P<month>[A-Za-z]{{3,9}}\.?) |(?P<nday>\d{{1,2}})/(?P<nmonth>\d{{1,2}})/)"
    r"(?P<year>\d{4})"
    r"(?: (?:[-–—] )?(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?::(?P<second>\d{2}))?)?(?: (?:WIB|WITA|WIT))?",
    re.IGNORECASE,
)
_DAY_RANGE_RE = re.compile(r"\b(\d{1,2})\s*[-–]\s*\d{1,2}(\s+[A-Za-z]+\s+\d{4})")


def zone_offset(zone: str | None) -> timezone:
    """A fixed offset for WIB/WITA/WIT or "+08:00"; Indonesia keeps no daylight saving."""
    zone = (zone or DEFAULT_ZONE).strip()
    if zone.upper() in ZONES:
        return timezone(timedelta(hours=ZONES[zone.upper()]))
    match = re.fullmatch(r"([+-])(\d{2}):?(\d{2})", zone)
    if not match:
        raise ValueError(f"unknown time zone {zone!r}: use WIB, WITA, WIT or +HH:MM")
    sign = 1 if match.group(1) == "+" else -1
    return timezone(sign * timedelta(hours=int(match.group(2)), minutes=int(match.group(3))))


def zone_named_in(text: str) -> str | None:
    match = _ZONE_RE.search(text or "")
    return match.group(1) if match else None


def parse_date(text: str | None, zone: str | None = None, reference: datetime | None = None) -> datetime | None:
    """Parse a date as printed on a page; naive results get the zone named in the text, else ``zone``.

    ``reference`` supplies the year for forms that omit it ("Jumat (20/3)").
    """
    if not text or not text.strip():
        return None
    text = " ".join(text.split())
    tz = zone_offset(zone_named_in(text) or zone)
    text = _LOCAL_Z_RE.sub(r"\1T\2", text)
    if _ISO_RE.match(text):
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=tz)
    numeric = weekday_numeric_date(text, reference)
    if numeric:
        return datetime.combine(numeric, datetime.min.time(), tz)
    cleaned = _DAY_RANGE_RE.sub(r"\1\2", _NOISE_RE.sub(" ", _COUNTER_RE.sub("", text)))
    plain = _plain_date(cleaned, tz)
    if plain is not None:
        return plain
    settings = dict(_PARSER_SETTINGS)
    if reference:
        settings["RELATIVE_BASE"] = reference.replace(tzinfo=None)
    parsed = dateparser.parse(cleaned, languages=["id", "en"], settings=settings)
    if parsed is None:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=tz)


def _plain_date(text: str, tz: timezone) -> datetime | None:
    """The common printed form read without dateparser (a third of extraction time on pages with
    site selectors): an optional weekday, day, month name (or day/month/ in digits), year, an
    optional time (after a dash too) and zone ("Rabu, 4 November 2015 21:04 WIB", "Minggu, 17
    November 2024 - 11:18 WITA", "Kamis, 05/11/2015 10:08 WIB"); None for anything else, which
    dateparser reads."""
    match = _PLAIN_DATE_RE.fullmatch(" ".join(text.replace(",", " ").split()))
    if match is None:
        return None
    if match.group("nmonth"):  # "Kamis, 05/11/2015 10:08 WIB": day first, as DATE_ORDER says
        day, month = int(match.group("nday")), int(match.group("nmonth"))
    else:
        day, month = int(match.group("day")), _MONTHS.get(match.group("month").lower().rstrip("."))
    if month is None:
        return None
    hour, minute, second = (int(match.group(g) or 0) for g in ("hour", "minute", "second"))
    try:
        return datetime(int(match.group("year")), month, day, hour, minute, second, tzinfo=tz)
    except ValueError:  # "31 Februari": let dateparser judge
        return None


def printed_datetime(text: str | None, zone: str | None = None) -> datetime | None:
    """The first date with a time of day inside ``text`` ("Diposting : 09 Agustus 2018 Jam 19:26:47 |
    Dibaca : 1.234 kali"): the surroundings of a printed date are too varied to parse whole."""
    match = _PRINTED_RE.search(" ".join((text or "").split()))
    return parse_date(match.group(0), zone) if match else None


def has_time(text: str | None) -> bool:
    """Whether a date as written carries a time of day (a bare date parses to midnight)."""
    return bool(_TIME_RE.search(text or ""))


def precision_of(text: str | None) -> str:
    """``second``, ``minute`` or ``day``: how finely a date as written states its time."""
    text = _LOCAL_Z_RE.sub(r"\1T\2", " ".join((text or "").split()))
    match = _CLOCK_RE.search(text)
    if match is None:
        return "day"
    return "second" if match.group(1) else "minute"


def read_date(text: str | None, zone: str | None = None,
              reference: datetime | None = None) -> tuple[datetime, str] | None:
    """:func:`parse_date` and the precision the text states it with (a day-only date parses to
    its midnight: the precision says the time is unknown)."""
    value = parse_date(text, zone, reference)
    return (value, precision_of(text)) if value is not None else None


def shown_zone(value: datetime, zone: str | None) -> str | None:
    """The zone to show a parsed time in: None (its own offset) when it has one other than UTC,
    which the page named or the site's zone gave a time naming none; the site's zone for UTC."""
    return zone if value.utcoffset() == timedelta(0) else None


def weekday_numeric_date(text: str, reference: datetime | None = None) -> date | None:
    """The date in "Rabu (25/4/2018)" forms; a missing year comes from ``reference``."""
    match = _WEEKDAY_NUMERIC_RE.search(text)
    if not match:
        return None
    day, month, year = int(match.group(1)), int(match.group(2)), match.group(3)
    if year is None:
        if reference is None:
            return None
        year = reference.year
    year = int(year)
    if year < 100:
        year += 2000
    try:
        return date(year, month, day)
    except ValueError:
        return None


def date_in_url(url: str | None) -> date | None:
    """The date of ``/YYYY/MM/DD/`` permalinks (WordPress, OpenSID)."""
    match = _URL_DATE_RE.search(url or "")
    if not match:
        return None
    try:
        return date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


def to_iso(value: datetime | None, zone: str | None = None, precision: str | None = None) -> str | None:
    """ISO 8601 with offset, seconds precision; converted to ``zone`` when given (UTC meta → WITA).

    With ``precision="day"`` the bare date (``2023-07-06``), unconverted: the day the page states,
    no midnight invented."""
    if value is None:
        return None
    if precision == "day":
        return value.date().isoformat()
    if zone:
        value = value.astimezone(zone_offset(zone))
    return value.isoformat(timespec="seconds")
