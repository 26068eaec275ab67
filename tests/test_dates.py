from datetime import datetime

import pytest

from humas_crawler.dates import date_in_url, parse_date, to_iso, zone_offset


@pytest.mark.parametrize(
    "text, zone, expected",
    [
        ("09 Agustus 2018 Jam 19:26:47", "WITA", "2018-08-09T19:26:47+08:00"),
        ("Selasa (11/04/ 2023)", "WITA", "2023-04-11T00:00:00+08:00"),
        ("Rabu (25/4/2018)", "WITA", "2018-04-25T00:00:00+08:00"),
        ("24-28 Juni 2014", "WITA", "2014-06-24T00:00:00+08:00"),
        ("5 November 2015 15:36 WIB", "WITA", "2015-11-05T15:36:00+07:00"),
        ("Rabu, 25 April 2018 - 10:15 WITA", "WIB", "2018-04-25T10:15:00+08:00"),
        ("Senin, 5 Juni 2023 | 14:30 WIT", None, "2023-06-05T14:30:00+09:00"),
        ("Selasa, 01 November 2022", "WITA", "2022-11-01T00:00:00+08:00"),
        ("05/06/2023 14:30", "WIB", "2023-06-05T14:30:00+07:00"),
        ("2023-04-11T16:20:00+08:00", "WIB", "2023-04-11T16:20:00+08:00"),
        ("2023-04-11T16:20:00", "WITA", "2023-04-11T16:20:00+08:00"),
        ("2023-04-11T08:20:00Z", "WITA", "2023-04-11T08:20:00+00:00"),
        ("07 Maret 2023 14:05:00", "WIB", "2023-03-07T14:05:00+07:00"),
    ],
)
def test_parse_date_forms(text, zone, expected):
    assert to_iso(parse_date(text, zone)) == expected


def test_year_from_context():
    """"Jumat (20/3)" has no year: it comes from a reference date (dateparser alone can't know)."""
    assert to_iso(parse_date("Jumat (20/3)", "WITA", reference=datetime(2015, 3, 21))) == "2015-03-20T00:00:00+08:00"


def test_utc_meta_converted_to_site_zone():
    assert to_iso(parse_date("2023-04-11T08:20:00+00:00"), "WITA") == "2023-04-11T16:20:00+08:00"


@pytest.mark.parametrize("text", ["", "Dibaca 123 kali", "Berita Terkait"])
def test_no_date(text):
    assert parse_date(text, "WIB") is None


def test_date_in_url():
    assert str(date_in_url("https://x.go.id/2023/04/11/judul/")) == "2023-04-11"
    assert date_in_url("https://x.go.id/berita/judul") is None


def test_unknown_zone_is_an_error():
    with pytest.raises(ValueError, match="unknown time zone"):
        zone_offset("CET")
