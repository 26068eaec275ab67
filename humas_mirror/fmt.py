"""Formatting shared by every mirrored site: Indonesian dates, slugs, HTML and XML text.

The sites print dates in several Indonesian forms; one place builds them all from the ISO
timestamp in the catalog, so a page and its feed can never disagree.
"""

from __future__ import annotations

import html
import re
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
          "September", "Oktober", "November", "Desember")
DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
WITA = timezone(timedelta(hours=8))

esc = html.escape


def when(iso: str) -> datetime:
    """The aware datetime of a catalog timestamp."""
    return datetime.fromisoformat(iso)


def last_modified(article) -> datetime:
    """When an article last changed: its edit time, else its publication (Last-Modified, lastmod)."""
    return when(article.updated_at or article.published_at)


def iso(dt: datetime) -> str:
    """Catalog form: seconds precision with the offset, e.g. 2015-03-21T09:30:00+08:00."""
    return dt.isoformat(timespec="seconds")


def tanggal(dt: datetime) -> str:
    """'01 November 2022': zero-padded day, Indonesian month."""
    return f"{dt.day:02d} {MONTHS[dt.month - 1]} {dt.year}"


def tanggal_jam(dt: datetime) -> str:
    """kaltimprov's '21 Maret 2015 Jam 09:30:00'."""
    return f"{tanggal(dt)} Jam {dt:%H:%M:%S}"


def hari_tanggal(dt: datetime) -> str:
    """'Selasa, 01 November 2022'."""
    return f"{DAYS[dt.weekday()]}, {tanggal(dt)}"


def tanggal_short(dt: datetime) -> str:
    """WordPress's 'j F Y' in Indonesian: '1 November 2022' (day not padded)."""
    return f"{dt.day} {MONTHS[dt.month - 1]} {dt.year}"


def hari_angka(dt: datetime, year: bool = True) -> str:
    """The in-text form 'Rabu (25/4/2018)' or, without the year, 'Jumat (20/3)'."""
    tail = f"/{dt.year}" if year else ""
    return f"{DAYS[dt.weekday()]} ({dt.day}/{dt.month}{tail})"


def utc(dt: datetime) -> datetime:
    return dt.astimezone(timezone.utc)


def wp_local(dt: datetime) -> str:
    """WordPress REST 'date': site-local wall time without an offset."""
    return dt.strftime("%Y-%m-%dT%H:%M:%S")


def rfc822(dt: datetime) -> str:
    """RSS pubDate, in the given zone: 'Tue, 11 Apr 2023 08:20:00 +0000'."""
    return format_datetime(dt)


def http_date(dt: datetime) -> str:
    """HTTP Last-Modified value (always GMT)."""
    return format_datetime(utc(dt), usegmt=True)


def slugify(text: str) -> str:
    """WordPress-like slug: lowercase ASCII words joined by hyphens."""
    text = text.lower().replace("’", "").replace("'", "")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def paragraphs_html(paragraphs) -> str:
    """One <p> per paragraph, text escaped."""
    return "\n".join(f"<p>{esc(p)}</p>" for p in paragraphs)


def excerpt(body: str, words: int = 40) -> str:
    """The first words of an article, as listings and feeds show them (plain text)."""
    parts = body.split()
    return " ".join(parts[:words]) + (" […]" if len(parts) > words else "")


def cdata(text: str) -> str:
    """Wrap text in CDATA, splitting any ']]>' it contains."""
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"
