import json
from datetime import datetime

import pytest

from humas_crawler.extraction.dates import (
    date_in_url, has_time, parse_date, precision_of, printed_datetime, read_date, shown_zone, to_iso, zone_offset,
)


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
        ("2015-11-05 T10:08:58Z", "WIB", "2015-11-05T10:08:58+07:00"),  # detik's pubdate: local, not UTC
    ],
)
def test_parse_date_forms(text, zone, expected):
    assert to_iso(parse_date(text, zone)) == expected


@pytest.mark.parametrize("text, read_fast", [
    ("Kamis, 05/11/2015 10:08 WIB", True), ("03/07/2023 09:45", True), ("Selasa, 3/2/2016 - 15:32 WITA", True),
    ("31/12/2024 23:59:59", True), ("12/13/2023 10:00", False), ("31/02/2024", False), ("00/05/2023", False),
    ("05/06/2023 25:61", False),
])
def test_day_month_year_in_digits_is_read_as_dateparser_reads_it(text, read_fast, monkeypatch):
    """The numeric form is read without dateparser (6 ms a call); an impossible date still goes to
    dateparser, so both paths must agree on every form, valid or not."""
    import dateparser

    from humas_crawler.extraction import dates

    expected = dateparser.parse(text, languages=["id", "en"], settings=dict(dates._PARSER_SETTINGS))
    if expected is not None and expected.tzinfo is None:
        expected = expected.replace(tzinfo=zone_offset(dates.zone_named_in(text) or "WIB"))
    real_parse, calls = dateparser.parse, []

    def counted_parse(*args, **kwargs):
        calls.append(args)
        return real_parse(*args, **kwargs)

    monkeypatch.setattr(dates.dateparser, "parse", counted_parse)
    assert parse_date(text, "WIB") == expected
    assert (not calls) == read_fast


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Rabu, 4 November 2015 | 21:04 WIB", "2015-11-04T21:04:00+07:00"),
        ("Selasa, 23 Februari 2016 15:06 WIB | 998 Views", "2016-02-23T15:06:00+07:00"),
        ("Diposting : 09 Agustus 2018 Jam 19:26:47 | Dibaca : 1.234 kali | Oleh : admin", "2018-08-09T19:26:47+08:00"),
        ("11 April 2023 | 09:15 WITA", "2023-04-11T09:15:00+08:00"),
        ("Kamis, 05/11/2015 10:08 WIB", "2015-11-05T10:08:00+07:00"),
        ("03/07/2023 09:45", "2023-07-03T09:45:00+08:00"),
        ("Rabu, 25 April 2018 - 10:05 WIB", "2018-04-25T10:05:00+07:00"),
        ("20 Maret 2020", None),  # no time of day: not what the printed-date layer looks for
        ("5 Mei 2020 12.000 orang", None),
    ],
)
def test_printed_datetime_cuts_the_date_out_of_its_line(text, expected):
    assert to_iso(printed_datetime(text, "WITA")) == expected


@pytest.mark.parametrize("text, expected", [
    ("2023-06-05", False), ("20 Maret 2020", False), ("2023-06-05T14:30:00+07:00", True),
    ("09 Agustus 2018 Jam 19:26:47", True), ("Rp 12.000", False),
])
def test_has_time(text, expected):
    assert has_time(text) is expected


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


def test_digits_of_other_scripts_are_not_an_iso_date():
    """A page dated in Bengali digits crashed extraction (fromisoformat rejects them); dateparser
    reads them."""
    assert parse_date("২০২৩-০৭-০৬T১০:০০:০০+06:00").isoformat() == "2023-07-06T10:00:00+06:00"


# ---- precision: day, minute or second, as the text states it -----------------------------------

@pytest.mark.parametrize(
    "text, zone, iso, precision",
    [
        ("2023-07-06T19:56:00+08:00", "WIB", "2023-07-06T19:56:00+08:00", "second"),  # Blogger's markup
        ("Kamis, 06 Juli 2023", "WITA", "2023-07-06", "day"),                          # no midnight invented
        ("2023-07-06", "WITA", "2023-07-06", "day"),
        ("Rabu (25/4/2018)", "WITA", "2018-04-25", "day"),
        ("11 April 2023 | 09.15 WITA", "WIB", "2023-04-11T09:15:00+08:00", "minute"),
        ("06 Juli 2023 19:56", "WITA", "2023-07-06T19:56:00+08:00", "minute"),
        ("09 Agustus 2018 Jam 19:26:47", "WITA", "2018-08-09T19:26:47+08:00", "second"),
        ("2023-04-11T08:20:00.123Z", "WITA", "2023-04-11T16:20:00+08:00", "second"),   # UTC: the site's zone
        ("2015-11-05 T10:08:58Z", "WIB", "2015-11-05T10:08:58+07:00", "second"),
        ("2023-07-06T19:56+09:00", "WIB", "2023-07-06T19:56:00+09:00", "minute"),      # the page's own offset
    ],
)
def test_read_date_with_its_precision(text, zone, iso, precision):
    value, found = read_date(text, zone)
    assert found == precision
    assert to_iso(value, shown_zone(value, zone), found) == iso


@pytest.mark.parametrize("text, expected", [
    ("Rp 12.000", "day"), ("Selasa, 01 November 2022", "day"), ("14.30 WIB", "minute"),
    ("2023-06-05T14:30:00+07:00", "second"), ("", "day"),
])
def test_precision_of(text, expected):
    assert precision_of(text) == expected


def test_a_day_is_never_converted_to_another_zone():
    """A bare day is the day the page states: converting its (unknown) time could move it."""
    assert to_iso(parse_date("Kamis, 06 Juli 2023", "WIT"), "WIB", "day") == "2023-07-06"


def test_the_bare_date_sorts_and_parses_with_the_datetimes():
    day, timed = "2023-07-06", "2023-07-06T19:56:00+08:00"
    assert sorted([timed, "2023-07-05T23:00:00+08:00", day]) == ["2023-07-05T23:00:00+08:00", day, timed]
    assert datetime.fromisoformat(day) == datetime(2023, 7, 6) and parse_date(day, "WITA").utcoffset().seconds == 8 * 3600


# ---- WordPress REST API: date_gmt, to the second -------------------------------------------------

def api_article(db_path, **dates):
    from conftest import site_crawler
    from humas_crawler.crawl.discovery import wp_posts
    from spiders import registry_sites

    spider_class = next(c for c in vars(registry_sites).values()
                        if isinstance(c, type) and getattr(c, "name", None) == "diskominfo_kutim")
    crawler = site_crawler(spider_class, db_path, "https://diskominfo.kutaitimurkab.go.id")
    post = {"link": "https://diskominfo.kutaitimurkab.go.id/2023/04/11/raker/", "title": {"rendered": "Raker"},
            "content": {"rendered": "<p>Isi</p>"}, **dates}
    return crawler.spider.article_from_api(wp_posts(json.dumps([post]).encode())[0])


@pytest.mark.parametrize("dates, published, updated", [
    ({"date": "2023-04-11T16:20:00", "date_gmt": "2023-04-11T08:20:00",
      "modified": "2023-04-12T09:00:05", "modified_gmt": "2023-04-12T01:00:05"},
     "2023-04-11T16:20:00+08:00", "2023-04-12T09:00:05+08:00"),
    ({"date": "2023-04-11T16:20:00", "date_gmt": "2023-04-11T08:20:00"}, "2023-04-11T16:20:00+08:00", None),
    ({"date": "2023-04-11T16:20:00", "date_gmt": None}, "2023-04-11T16:20:00+08:00", None),  # site-local
])
def test_api_dates_are_utc_shown_in_the_sites_zone(db_path, dates, published, updated):
    item = api_article(db_path, **dates)
    assert (item["published_at"], item["published_precision"]) == (published, "second")
    assert (item.get("updated_at"), item.get("updated_precision")) == (updated, "second" if updated else None)
