"""Page kind: an article, a listing (home, category, tag, search page) or neither."""

from __future__ import annotations

import urllib.request

import pytest

from conftest import ROOT
from humas_crawler.evaluation.datasets import read_page
from humas_mirror.content import ALL_SITES

from humas_crawler.extraction.layers import extract_article
from humas_crawler.extraction.markup import parse_html
from humas_crawler.extraction.pagekind import is_article, page_kind

PROSE = (
    "Pemerintah kabupaten menggelar rapat koordinasi persiapan upacara bersama seluruh kepala perangkat "
    "daerah, camat dan unsur forum koordinasi pimpinan daerah di aula pendopo. Bupati meminta setiap camat "
    "memastikan warga di desa terpencil mendapat layanan kesehatan yang layak tahun ini."
)
HEADLINES = [f"Bupati Resmikan Jembatan Gantung Desa Nomor {n} di Pedalaman" for n in range(20)]
MENU = "<nav>" + "".join(f"<a href='/kategori/{n}'>Kategori Berita Daerah {n}</a>" for n in range(12)) + "</nav>"


def page(body: str, head: str = "") -> str:
    return f"<html><head><title>Pemkab</title>{head}</head><body>{MENU}{body}</body></html>"


def listing(teaser: bool, dated: bool = True) -> str:
    items = "".join(
        f"<div class='item'><h3><a href='/berita/{n}'>{h}</a></h3>"
        + (f"<span class='date'>Senin, {n + 1} Januari 2024</span>" if dated else "")
        + (f"<p>{PROSE[:140]}...</p>" if teaser else "") + "</div>"
        for n, h in enumerate(HEADLINES))
    return page(f"<div class='list'>{items}</div><div class='pagination'><a href='?page=2'>2</a></div>")


def article(paragraphs: int = 4, sidebar: bool = True, head: str = "") -> str:
    side = ("<aside><h3>Berita Terbaru</h3>" + "".join(
        f"<div><a href='/berita/{n}'>{h}</a> <span>{n + 1}/01/2024</span></div>" for n, h in enumerate(HEADLINES))
        + "</aside>") if sidebar else ""
    text = "".join(f"<p>{PROSE}</p>" for _ in range(paragraphs))
    return page(f"<div class='main'><h1>Bupati Buka Rapat</h1><div class='content'>{text}</div></div>{side}", head)


@pytest.mark.parametrize("html, expected, kind", [
    (listing(teaser=False), False, "listing"),                       # a home page: 20 dated headlines
    (listing(teaser=True), False, "listing"),                        # headlines with teasers
    (listing(teaser=False, dated=False), False, "listing"),          # a tag page without dates
    (article(), True, "article"),                                    # an article beside 20 headlines
    (article(sidebar=False), True, "article"),
    (article(paragraphs=1, head='<meta property="og:type" content="article">'), True, "article"),
    (page("<div><h1>Kontak</h1><p>Telepon kami.</p></div>"), False, "other"),
    (page(""), False, "other"),
])
def test_page_kind(html, expected, kind):
    result, reason = is_article(html)
    assert result is expected, reason
    assert reason.startswith("listing" if kind == "listing" else "article" if expected else "no ")
    assert page_kind(html)["kind"] == kind


def test_og_type_article_on_a_listing_does_not_make_it_an_article():
    """Some themes print og:type "article" on every page: a listing of teasers stays a listing."""
    items = "".join(f"<div class='item'><h3><a href='/berita/{n}'>{h}</a></h3><span>{n + 1} Januari 2024</span>"
                    f"<p><a href='/berita/{n}'>Baca</a> {PROSE[:140]}...</p></div>" for n, h in enumerate(HEADLINES[:12]))
    html = page(f"<h1>Berita Desa</h1><div class='list'>{items}</div>", '<meta property="og:type" content="article">')
    assert page_kind(html)["kind"] == "listing"


def test_a_short_release_under_its_own_headline_is_an_article():
    """Ninety words under the headline that <title> repeats, beside a block of dated headlines."""
    headline = "Warga Desa Sepaku Mulai Kembali ke Rumah Usai Banjir Surut"
    html = page(f"<div class='main'><h1>{headline}</h1><div class='content'><p>{PROSE} {PROSE[:200]}</p></div>"
                "<div class='side'>" + "".join(f"<div><a href='/berita/{n}'>{h}</a> <span>{n + 1}/01/2024</span></div>"
                                              for n, h in enumerate(HEADLINES[:12])) + "</div></div>")
    html = html.replace("<title>Pemkab</title>", f"<title>{headline} - Pemkab</title>")
    assert page_kind(html)["kind"] == "article"


@pytest.mark.parametrize("path, kind", [
    *((str(p.relative_to(ROOT)), "article") for p in sorted((ROOT / "tests/data/indonesian-news/html").glob("*/*single*.html"))),
    *((str(p.relative_to(ROOT)), "article") for p in sorted((ROOT / "tests/layouts").glob("*.html"))),
    *((str(p.relative_to(ROOT)), "article") for p in sorted((ROOT / "tests/fixtures").glob("*/*.html"))),
    ("tests/data/indonesian-news/html/kompas/kompas-mainpage.html", "listing"),
])
def test_real_and_fixture_pages(path, kind):
    """Labelled pages: real news articles and a real home page (tests/data), the hand-written
    layouts and the seed sites' saved articles."""
    assert page_kind(read_page(ROOT / path))["kind"] == kind


@pytest.mark.parametrize("site", ALL_SITES)
def test_every_mirror_article_is_an_article_and_its_home_page_a_listing(mirror, site):
    """What the pipeline drops must never be an article: every article the mirror serves, and its
    home page of headlines."""
    def fetch(path):
        with urllib.request.urlopen(mirror.base_url(site) + path, timeout=10) as answer:
            return answer.read().decode("utf-8")

    wrong = [(path, reason) for path in mirror.state(site).by_path
             for ok, reason in [is_article(fetch(path))] if not ok]
    assert wrong == []
    assert page_kind(fetch("/"))["kind"] == "listing"


def test_a_listing_marked_as_a_collection_is_not_an_article():
    head = '<script type="application/ld+json">{"@type": "CollectionPage"}</script>'
    html = page("<div>" + "".join(f"<p><a href='/b/{n}'>{h}</a></p>" for n, h in enumerate(HEADLINES[:5])) + "</div>", head)
    assert is_article(html)[0] is False


def test_is_article_takes_a_parsed_page_and_bytes():
    assert is_article(parse_html(article()))[0] is True
    assert is_article(article().encode())[0] is True


def test_extract_article_reports_the_page_kind():
    assert extract_article(listing(teaser=True))["extraction"]["page_kind"]["kind"] == "listing"
    result = extract_article(article())
    assert result["extraction"]["page_kind"]["kind"] == "article"
    assert result["extraction"]["page_kind"]["reason"].startswith("article:")
