"""Each seed site's saved article page (tests/fixtures/<site>/) through its registry entry.

The pages were saved from the offline mirror; these tests need no server, so a change of
selectors, platform tables or rules shows up here first, site by site.
"""

from pathlib import Path

import pytest

from conftest import expected_body
from humas_crawler.extraction.layers import extract_article
from humas_crawler.crawl.registry import default_registry
from humas_crawler.extraction.platforms import detect_platform

FIXTURES = Path(__file__).resolve().parent / "fixtures"

EXPECTED = {
    ("kaltimprov", "000"): dict(title="Paser Tuan Rumah Raker Kehumasan se-Kaltim", published_at="2015-03-21T09:30:00+08:00",
                                reporter="(mar/hmsprov)", dateline="SAMARINDA", category="Government Public Relation"),
    ("kaltimprov", "001"): dict(title="Hasil Raker Kehumasan Kaltim dan Kaltara", published_at="2014-06-30T10:00:00+08:00",
                                reporter="(her/sul/es/hmsprov)", dateline="SAMARINDA", category="Sosial"),
    ("diskominfo_kaltim", "002"): dict(title="Diskominfo Kaltim Gelar Forum Bakohumas se-Kaltim 2022",
                                       published_at="2022-11-01", published_precision="day", dateline="Samarinda", category="Berita"),
    ("diskominfo_kutim", "003"): dict(title="108 Pranata Humas se-Kaltim Ikuti Raker di Balikpapan",
                                      published_at="2023-04-11T16:20:00+08:00", reporter="(G-S02)", dateline="BALIKPAPAN",
                                      category="Berita"),
    ("porosnusantara", "004"): dict(title="Raker Kehumasan NTT Tekankan Sharing Pendapat",
                                    published_at="2018-04-25T14:40:00+08:00", reporter="( Laporan : Erni Amperawati )",
                                    dateline="Kupang, Poros Nusantara", category="Daerah"),
    ("humas_ntt", "004-original"): dict(title="Biro Humas Setda NTT Gelar Raker Kehumasan se-NTT di Waikabubak",
                                        published_at="2018-04-25T10:15:00+08:00", reporter="(hms/ntt)", dateline="KUPANG"),
}


def saved_page(site: str, page: str) -> str:
    return (FIXTURES / site / f"{page}.html").read_text(encoding="utf-8")


def extracted(site: str, page: str) -> dict:
    entry = default_registry()[site]
    html = saved_page(site, page)
    return extract_article(html, url=entry.url + "/", selectors=entry.selectors, zone=entry.timezone,
                           platform=entry.platform)


@pytest.mark.parametrize("site, page", sorted(EXPECTED))
def test_fields(site, page):
    article = extracted(site, page)
    for field_name, value in EXPECTED[(site, page)].items():
        assert article[field_name] == value, field_name


@pytest.mark.parametrize("site, page", [key for key in sorted(EXPECTED) if key[1] != "004-original"])
def test_body_is_the_clean_seed(site, page):
    assert extracted(site, page)["body"] == expected_body(page)


def test_kaltimprov_photo_line_becomes_the_caption():
    captions = [image["caption"] for image in extracted("kaltimprov", "001")["images"]]
    assert any(c and c.startswith("Kepala Biro Humas dan Protokol Setprov Kaltim S Adiyat") for c in captions)


def test_kutim_figure_captions_leave_the_body():
    article = extracted("diskominfo_kutim", "003")
    captions = {image["caption"] for image in article["images"]}
    assert {"Kepala Diskominfo Staper Kutim Ery Mulyadi", "Kadis Kominfo Kaltim M. Faisal."} <= captions


@pytest.mark.parametrize("site, page", sorted(EXPECTED))
def test_the_registered_platform_is_the_pages(site, page):
    """A site's registered platform is the one its saved page shows by the detect hints ("custom":
    none), and the one its extraction used."""
    platform = default_registry()[site].platform
    assert (detect_platform(saved_page(site, page)) or "custom") == platform
    assert extracted(site, page)["extraction"]["platform"] == platform
