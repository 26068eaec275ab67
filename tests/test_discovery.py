from datetime import datetime, timezone
from urllib.parse import urljoin

import pytest

from humas_crawler.crawl.discovery import (
    TRAPS, article_links, feed_links, is_article_url, next_page_url, refusal, relative_path, sitemap_entries,
)

BASE = "http://127.0.0.1:8000/kaltimprov"
LISTING = """<html><body><nav><a href="/kaltimprov/profil/visi">Profil</a></nav>
<div class="list-berita"><a class="judul" href="/kaltimprov/berita/satu">Satu</a></div>
<div class="list-berita"><a class="judul" href="/kaltimprov/berita/dua#komentar">Dua</a></div>
<div class="list-berita"><a class="judul" href="/kaltimprov/berita/satu">Satu lagi</a></div>
<a href="http://other.example/berita/tiga">Lain</a>
<a href="/kaltimprov/berita/empat?sid=abc123">sesi</a>
<ul class="pagination"><li><a rel="next" href="/kaltimprov/berita?page=2">»</a></li></ul></body></html>"""


def test_relative_path_stays_below_the_base():
    assert relative_path(BASE + "/berita/x", BASE) == "/berita/x"
    assert relative_path("http://127.0.0.1:8000/other/berita/x", BASE) is None


def test_article_links_in_order_without_repeats_traps_or_other_hosts():
    links = article_links(LISTING, BASE + "/berita", BASE, r"^/berita/[^/?#]+$")
    assert links == [BASE + "/berita/satu", BASE + "/berita/dua"]


def test_article_links_narrowed_by_selector():
    assert article_links(LISTING, BASE + "/berita", BASE, None, where=".list-berita a") == [
        BASE + "/berita/satu", BASE + "/berita/dua"]


def test_session_and_calendar_urls_are_traps():
    assert not is_article_url(BASE + "/berita/x?PHPSESSID=1", BASE, None)
    assert not is_article_url(BASE + "/kalender/2023/01", BASE, None)


@pytest.mark.parametrize("trap", TRAPS, ids=lambda trap: trap.name)
def test_each_trap_rule_refuses_its_example(trap):
    assert refusal(BASE + trap.example, BASE) == trap.name
    assert not is_article_url(BASE + trap.example, BASE, None)


@pytest.mark.parametrize("path", [
    "/berita?tanggal=2023-03-06", "/berita?date=2023-03-06", "/berita?bulan=3&tahun=2023", "/berita?hal=2&month=2023-04",
    "/agenda/2023/3", "/agenda/2023/03/07/", "/calendar/", "/berita?ical=1",
])
def test_every_calendar_and_date_link_is_a_trap(path):
    assert refusal(BASE + path, BASE) in ("calendar parameter", "calendar path", "agenda by date")


@pytest.mark.parametrize("path", [
    "/berita/rapat-tahunan-2023", "/agenda/rapat-koordinasi-kehumasan", "/berita/kalender-pendidikan-2023",
    "/berita?page=2", "/2023/03/07/rapat/", "/index.php/artikel/2023/3/7/x", "/berita?id=7&update=1",
])
def test_ordinary_pages_are_no_traps(path):
    assert refusal(BASE + path, BASE) is None


@pytest.mark.parametrize("href, reason", [
    ("http://other.example/kaltimprov/berita/x", "off site"),
    ("http://127.0.0.1:8001/kaltimprov/berita/x", "off site"),           # another port, same host
    ("http://localhost:8000/kaltimprov/berita/x", "off site"),           # the same server by another name
    ("https://127.0.0.1:8000/kaltimprov/berita/x", "off site"),          # another scheme
    ("//cdn.example/kaltimprov/berita/x", "off site"),
    ("/other/berita/x", "off site"),                                      # another folder of the origin
    ("file:///etc/passwd", "not a web page"),
    ("javascript:void(0)", "not a web page"),
    ("mailto:humas@kaltimprov.go.id", "not a web page"),
    ("tel:+62541733333", "not a web page"),
])
def test_links_off_the_site_are_never_followed(href, reason):
    page = f'<a rel="next" href="{href}">»</a><a href="{href}">x</a>'
    assert refusal(urljoin(BASE + "/berita", href), BASE) == reason
    assert article_links(page, BASE + "/berita", BASE, None) == []
    assert next_page_url(page, BASE + "/berita", BASE) is None


def test_next_page_passes_over_a_calendars_next_month():
    page = ('<div class="kalender"><a rel="next" href="/kaltimprov/berita?month=2023-04">April</a></div>'
            '<ul class="pagination"><a rel="next" href="/kaltimprov/berita?page=2">»</a></ul>')
    assert next_page_url(page, BASE + "/berita", BASE) == BASE + "/berita?page=2"


def test_next_page():
    assert next_page_url(LISTING, BASE + "/berita", BASE) == BASE + "/berita?page=2"
    assert next_page_url("<a rel='next' href='http://evil.example/p2'>»</a>", BASE + "/berita", BASE) is None
    assert next_page_url("<p>no more</p>", BASE + "/berita", BASE) is None


SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>https://x.go.id/2023/01/02/lama/</loc><lastmod>2023-01-02T10:00:00+08:00</lastmod></url>
<url><loc>https://x.go.id/2024/05/06/baru/</loc><lastmod>2024-05-06T10:00:00+08:00</lastmod></url>
</urlset>"""


def test_sitemap_with_lastmod_filter():
    kind, urls = sitemap_entries(SITEMAP)
    assert kind == "urlset" and len(urls) == 2
    _, recent = sitemap_entries(SITEMAP, since=datetime(2024, 1, 1, tzinfo=timezone.utc))
    assert recent == ["https://x.go.id/2024/05/06/baru/"]


def test_sitemap_index():
    body = b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
    <sitemap><loc>https://x.go.id/wp-sitemap-posts-post-1.xml</loc></sitemap></sitemapindex>"""
    assert sitemap_entries(body) == ("sitemapindex", ["https://x.go.id/wp-sitemap-posts-post-1.xml"])


def test_rss_and_atom_links():
    rss = b"<rss><channel><item><link>https://x.go.id/a/</link></item><item><link>https://x.go.id/b/</link></item></channel></rss>"
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom"><entry><link rel="alternate" href="https://x.go.id/c/"/></entry></feed>"""
    assert feed_links(rss) == ["https://x.go.id/a/", "https://x.go.id/b/"]
    assert feed_links(atom) == ["https://x.go.id/c/"]


def test_home_page_under_any_name_is_no_article():
    for path in ("", "/", "/index.php", "/index.php/"):
        assert not is_article_url(BASE + path, BASE, None)
    assert is_article_url(BASE + "/index.php/artikel/2023/3/7/x", BASE, None)


@pytest.mark.parametrize("after, sent", [("2023-07-06T19:56:00+08:00", "2023-07-06T19:56:00+08:00"),
                                         ("2023-07-06", "2023-07-06T00:00:00")])
def test_wp_api_after_is_always_a_full_time(after, sent):
    """A day-only newest article (stored as a bare date) must still resume the API walk."""
    from urllib.parse import parse_qs, urlsplit

    from humas_crawler.crawl.discovery import wp_posts_url

    assert parse_qs(urlsplit(wp_posts_url("https://x.go.id", after=after)).query)["after"] == [sent]
