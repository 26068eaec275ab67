"""The offline mirror: catalog invariants, and a real server crawled over HTTP on 127.0.0.1.

The five demo sites come first; the extra sites (one per discovery kind) have their own section.
"""

from __future__ import annotations

import dataclasses
import hashlib
import html
import itertools
import json
import os
import re
import subprocess
import sys
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
import pytest

from humas_mirror import ALL_SITES, EXTRA_SITES, SITES, MirrorArticle, MirrorServer, catalog, labelled_pairs, textgen
from humas_mirror.content import WORDPRESS
from humas_mirror.seeds import SEED_DIR, SPECS

ROOT = Path(__file__).resolve().parents[1]
# seed copies with no noise around the body (see humas_mirror/seeds.py)
NOISE_FREE_SEEDS = {"002_429675a0f8317971.txt", "004_abc9e71bf040a9e6.txt", "004_humas_ntt_original.txt"}
ISO_WITA = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$")
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}

# per site: first listing page, item link, next-page link, body paragraphs, items per page
LISTINGS = {
    "kaltimprov": ("/berita", "div.list-berita a.judul", "ul.pagination a[rel=next]", 10),
    "diskominfo_kaltim": ("/berita", "div.news-item h3 a", "ul.pagination li.page-item a.page-link[rel=next]", 9),
    "diskominfo_kutim": ("/category/berita/", "article.post.hentry h2.entry-title a[rel=bookmark]",
                         "nav.navigation.pagination div.nav-links a.next.page-numbers", 10),
    "humas_ntt": ("/berita", "div.post--item h3.h4 a", "ul.pagination a[rel=next]", 10),
    "porosnusantara": ("/", "div.td_module_10 h3.entry-title.td-module-title a[rel=bookmark]",
                       "div.page-nav.td-pb-padding-side a[aria-label=next-page]", 10),
}
ARTICLE = {  # title, date text, body paragraphs (the contract's selectors)
    "kaltimprov": ("h1.judul-berita", "div.info-berita span.tanggal", "div.isi-berita > p"),
    "diskominfo_kaltim": ("h1.news-title", "div.news-meta span.news-date", "div.news-content > p"),
    "diskominfo_kutim": ("article.post.hentry h1.entry-title", "time.entry-date.published", "div.entry-content > p"),
    "humas_ntt": ("div.post--single div.post--info div.title h2.h4", "div.post--info span.date", "div.post--content > p"),
    "porosnusantara": ("h1.entry-title", "span.td-post-date time.entry-date", "div.td-post-content > p"),
    "seputarkaltim": ("article.post.hentry h1.entry-title", "time.entry-date.published", "div.entry-content > p"),
    "desa_swargabara": ("article.artikel-single h1", "ul.meta li.tanggal", "div.content > p"),
    "balikpapan": ("h1[itemprop=headline]", "time[itemprop=datePublished]", "div[itemprop=articleBody] > p"),
    "humas_kupang": ("h3.judul", "p.text-muted span.tanggal", "div.isi_berita > p"),
}
IMAGES = ("div.foto-berita img, figure.news-image img, div.entry-content figure.wp-caption img, "
          "div.post--content div.post--img img, div.td-post-content img, figure.gambar-artikel img, "
          "div[itemprop=articleBody] figure img, div.panel-body div.text-center img")


# ---- helpers -----------------------------------------------------------------------------------

def fetch(url: str, headers: dict | None = None):
    """(status, headers, body bytes), without following redirects or raising on errors."""
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args):
            return None

    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def page(url: str):
    status, headers, body = fetch(url)
    assert status == 200, url
    assert headers["Content-Type"].lower().endswith("charset=utf-8"), url
    return lxml.html.fromstring(body.decode("utf-8"))


def text(element) -> str:
    return " ".join(element.text_content().split())


def shingles(body: str) -> set:
    words = re.findall(r"\w+", body.lower())
    return {tuple(words[i:i + 5]) for i in range(len(words) - 4)}


def jaccard(a: str, b: str) -> float:
    x, y = shingles(a), shingles(b)
    return len(x & y) / len(x | y)


def crawl_listing(mirror: MirrorServer, site: str) -> list[list[str]]:
    """Follow next-page links from the first listing page; article paths per page."""
    start, item_sel, next_sel, _ = LISTINGS[site]
    url, pages = mirror.base_url(site) + start, []
    while url:
        doc = page(url)
        pages.append([urlsplit(a.get("href")).path for a in doc.cssselect(item_sel)])
        nxt = doc.cssselect(next_sel)
        url = mirror.url + nxt[0].get("href") if nxt else None
        assert len(pages) < 50
    return pages


@pytest.fixture(scope="module")
def cat() -> dict[str, list[MirrorArticle]]:
    return catalog()


@pytest.fixture(scope="module")
def everything() -> dict[str, list[MirrorArticle]]:
    return catalog(ALL_SITES)


@pytest.fixture(scope="module")
def mirror():
    with MirrorServer(port=0) as server:
        yield server


# ---- catalog -----------------------------------------------------------------------------------

def test_catalog_shape(cat):
    assert tuple(cat) == SITES
    titles = [a.title for arts in cat.values() for a in arts]
    assert len(titles) == len(set(titles)), "titles unique across the mirror"
    for site, arts in cat.items():
        assert len(arts) >= 25
        assert len({a.path for a in arts}) == len(arts)
        stamps = [a.published_at for a in arts]
        assert all(ISO_WITA.match(s) for s in stamps)
        moments = [datetime.fromisoformat(s) for s in stamps]
        assert moments == sorted(moments, reverse=True) and len(set(moments)) == len(moments)
        for a in arts:
            assert a.site == site and a.path.startswith("/")
            assert a.path.endswith("/") == (site in ("diskominfo_kutim", "porosnusantara"))
            paragraphs = a.body.split("\n\n")
            assert all(p and p == " ".join(p.split()) for p in paragraphs)
            assert paragraphs[0].startswith(a.dateline)
            assert a.reporter is None or paragraphs[-1].endswith(a.reporter) or paragraphs[-1].endswith(a.reporter + ".")
            assert all(set(img) == {"url", "caption"} and img["url"].startswith("/") for img in a.images)
            if site == "diskominfo_kaltim":
                assert a.published_at.endswith("T00:00:00+08:00")


def test_catalog_is_a_fresh_copy_and_deterministic(cat):
    first = catalog()
    first["kaltimprov"][0].title = "changed"
    first["kaltimprov"][0].images.append({"url": "/x", "caption": None})
    assert catalog() == cat
    digest = hashlib.sha256(json.dumps({s: [dataclasses.asdict(a) for a in arts] for s, arts in cat.items()},
                                       sort_keys=True).encode()).hexdigest()
    code = ("import dataclasses,hashlib,json; from humas_mirror import catalog; c=catalog(); "
            "print(hashlib.sha256(json.dumps({s:[dataclasses.asdict(a) for a in v] for s,v in c.items()},"
            "sort_keys=True).encode()).hexdigest())")
    other = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": "12345"})
    assert other.stdout.strip() == digest


def test_seed_articles(cat):
    seeds = {a.seed: a for arts in cat.values() for a in arts if a.seed}
    assert sorted(seeds) == ["000", "001", "002", "003", "004"]
    assert [seeds[s].site for s in sorted(seeds)] == ["kaltimprov", "kaltimprov", "diskominfo_kaltim",
                                                       "diskominfo_kutim", "porosnusantara"]
    for a in seeds.values():
        for noise in ("Berita Terkait", "Loading", "/////FOTO", "Kalimantan Timur\n"):
            assert noise not in a.body
    assert seeds["000"].body.startswith("SAMARINDA- Rapat Kerja") and seeds["000"].body.endswith("(mar/hmsprov)")
    assert "sinkronisasi program" in seeds["000"].body  # no-break space runs collapsed
    assert seeds["001"].images[0]["caption"].startswith("Kepala Biro Humas dan Protokol Setprov Kaltim S Adiyat")
    assert seeds["001"].images[0]["caption"].endswith("Kaltara.(syaiful/humasprov)")
    assert [i["caption"] for i in seeds["003"].images] == ["Kepala Diskominfo Staper Kutim Ery Mulyadi",
                                                            "Kadis Kominfo Kaltim M. Faisal."]
    assert seeds["003"].reporter == "(G-S02)" and seeds["003"].published_at == "2023-04-11T16:20:00+08:00"
    assert seeds["004"].body.endswith("( Laporan : Erni Amperawati )")
    assert seeds["004"].dateline == "Kupang, Poros Nusantara"


@pytest.mark.parametrize("spec", SPECS, ids=lambda spec: spec.file)
def test_seed_copies_are_what_the_mirror_serves(mirror, everything, spec):
    """The committed seed copies (humas_mirror/seeds/) are their articles' source: the body is the
    copy's lines in order with the noise left out (a copy without noise is the whole body), and
    the served page carries every paragraph of it."""
    raw = (SEED_DIR / spec.file).read_text(encoding="utf-8")
    copy = [" ".join(line.split()) for line in raw.splitlines() if line.split()]
    body = next(a for a in everything[spec.site] if a.path == spec.path).body.split("\n\n")
    remaining = iter(copy)
    assert all(paragraph in remaining for paragraph in body), "body lines not drawn from the copy in order"
    if spec.file in NOISE_FREE_SEEDS:
        assert body == copy
    served = text(page(mirror.base_url(spec.site) + spec.path))
    assert [paragraph for paragraph in body if paragraph not in served] == []


def test_labelled_pairs(cat):
    by_key = {(a.site, a.path): a for arts in cat.values() for a in arts}
    pairs = labelled_pairs()
    relations = [r for _, _, r in pairs]
    assert relations.count("syndicated") == 4 and relations.count("near_miss") == 3 and relations.count("exact") == 2
    labelled = set()
    for a_key, b_key, relation in pairs:
        a, b = by_key[a_key], by_key[b_key]
        labelled.add(frozenset((a_key, b_key)))
        similarity = jaccard(a.body, b.body)
        if relation == "exact":
            assert a.body == b.body and a.path != b.path and a.site == b.site
        elif relation == "syndicated":
            assert 0.5 <= similarity < 1 and a.published_at < b.published_at and a.title != b.title
        else:
            assert similarity < 0.35
    seed_pair = next(p for p in pairs if p[1] == ("porosnusantara", "/2018/04/25/raker-kehumasan-ntt-tekankan-sharing-pendapat/"))
    assert seed_pair[0][0] == "humas_ntt" and 0.5 <= jaccard(by_key[seed_pair[0]].body, by_key[seed_pair[1]].body) <= 0.7
    worst = max(jaccard(x.body, y.body) for x, y in itertools.combinations(by_key.values(), 2)
                if frozenset(((x.site, x.path), (y.site, y.path))) not in labelled)
    assert worst < 0.35, "unlabelled articles must not look like near duplicates"


# ---- the cast: officials who keep their offices ---------------------------------------------------

def office_titles() -> dict[str, tuple[str, str]]:
    """Each office title the synthetic releases print before a name → (region, office of cast.json)."""
    titles = {}
    for region, reg in textgen.REGIONS.items():
        titles.update({reg[office]: (region, office) for office in ("kepala", "wakil", "sekda")})
        titles.update({f"Kepala {textgen.agency_in(region, t)} {reg['daerah']}": (region, t.agency)
                       for t in textgen.TOPICS})
    return titles


def printed_officials(everything) -> list[tuple[str, str, str, str]]:
    """(region, office, day, name) of every "Gubernur Kaltim Syahrul Mubarak" in a synthetic body."""
    titles = office_titles()
    names = sorted({t["name"] for offices in textgen.CAST.values() for terms in offices.values() for t in terms},
                   key=len, reverse=True)
    pattern = re.compile(rf"\b({'|'.join(map(re.escape, sorted(titles, key=len, reverse=True)))}) "
                         rf"({'|'.join(map(re.escape, names))})(?![\w'])")
    seeded = {spec.path for spec in SPECS}
    return [(*titles[m.group(1)], a.published_at[:10], m.group(2))
            for arts in everything.values() for a in arts if a.path not in seeded
            for m in pattern.finditer(a.body)]


def test_cast_gives_every_office_one_holder_at_a_time():
    """cast.json: terms in order, a name in one office at a time, governors serving for years."""
    for region, offices in textgen.CAST.items():
        held: dict[str, list[tuple[str, str, str]]] = {}
        for office, terms in offices.items():
            starts = [t["from"] for t in terms]
            assert starts == sorted(set(starts)), (region, office)
            for term, until in zip(terms, starts[1:] + ["9999-12-31"]):
                held.setdefault(term["name"], []).append((term["from"], until, office))
        for name, spans in held.items():
            spans.sort()
            assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:])), (region, name, spans)
        heads = [t["from"] for t in offices["kepala"]]
        assert all(int(b[:4]) - int(a[:4]) >= 5 for a, b in zip(heads, heads[1:])), (region, heads)
    regions_of = {}
    for region, offices in textgen.CAST.items():
        for terms in offices.values():
            for term in terms:
                regions_of.setdefault(term["name"], set()).add(region)
    assert all(len(regions) == 1 for regions in regions_of.values()), "one name, one region"


def test_articles_name_the_officials_of_their_day(everything):
    """Every office and name printed together in a synthetic release is cast.json's holder on the
    release's day, on every site: one governor at a time, agency heads who keep their office."""
    printed = printed_officials(everything)
    assert len(printed) > 500
    wrong = [(region, office, day, name) for region, office, day, name in printed
             if name != textgen.official(region, office, datetime.fromisoformat(day))]
    assert wrong == []
    governors = sorted({(day, name) for region, office, day, name in printed if (region, office) == ("kaltim", "kepala")})
    in_order = [name for _, name in governors]
    assert [n for i, n in enumerate(in_order) if i == 0 or n != in_order[i - 1]] == [
        "Rusdiansyah Aras", "Syahrul Mubarak", "Andi Baso Rahman"], "governors follow each other, none comes back"


def test_an_office_change_over_time_is_printed(everything):
    """Sri Wahyuni heads Bappeda Kaltim until she becomes Sekda (seed 002 calls her Sekda in 2022)."""
    held = {(office, day) for region, office, day, name in printed_officials(everything) if name == "Sri Wahyuni"}
    bappeda = [day for office, day in held if office == "Badan Perencanaan Pembangunan Daerah"]
    sekda = [day for office, day in held if office == "sekda"]
    assert bappeda and sekda and max(bappeda) < "2021-06-07" <= min(sekda)


# ---- listings and articles over HTTP -----------------------------------------------------------

@pytest.mark.parametrize("site", SITES)
def test_listing_pagination_reaches_every_article(mirror, cat, site):
    pages = crawl_listing(mirror, site)
    per_page = LISTINGS[site][3]
    assert all(len(p) == per_page for p in pages[:-1]) and 1 <= len(pages[-1]) <= per_page
    assert len(pages) >= 3
    assert list(itertools.chain(*pages)) == [f"/{site}{a.path}" for a in cat[site]]


@pytest.mark.parametrize("site", ALL_SITES)
def test_article_pages_carry_the_catalog(mirror, everything, site):
    title_sel, date_sel, body_sel = ARTICLE[site]
    for a in everything[site]:
        status, headers, raw = fetch(mirror.base_url(site) + a.path)
        assert status == 200 and "Last-Modified" in headers
        doc = lxml.html.fromstring(raw.decode("utf-8"))
        assert text(doc.cssselect(title_sel)[0]) == a.title
        date_el = doc.cssselect(date_sel)[0]
        if site in WORDPRESS + ("balikpapan",):
            assert date_el.get("datetime") == a.published_at
        paragraphs = [text(p) for p in doc.cssselect(body_sel)]
        paragraphs = [p for p in paragraphs if not p.startswith(("Baca Juga", "/////FOTO : "))]
        assert "\n\n".join(paragraphs) == a.body, a.path
        srcs = [img.get("src") for img in doc.cssselect(IMAGES)]
        assert srcs == [f"/{site}{i['url']}" for i in a.images]
        if site in EXTRA_SITES:  # everything the catalog expects is on the page
            shown = " ".join(text(e) for e in doc.cssselect("nav.breadcrumb-wrap, main"))
            assert all(value in shown for value in [a.author, a.category, *a.tags]), a.path


def test_page_noise_is_where_the_contract_puts_it(mirror, cat):
    base = mirror.base_url
    seeds = {a.seed: a for arts in cat.values() for a in arts if a.seed}
    doc = page(base("kaltimprov") + seeds["001"].path)
    assert text(doc.cssselect("div.section-title")[0]) == "Kalimantan Timur"
    assert text(doc.cssselect("div.isi-berita > p")[-1]) == "/////FOTO : " + seeds["001"].images[0]["caption"]
    related = doc.cssselect("div.berita-terkait li")
    assert len(related) == 21 and text(related[0].cssselect("div.tgl")[0]) == "09 Agustus 2018 Jam 19:26:47"
    assert text(doc.cssselect("div.info-berita span.kategori")[0]) == "Sosial"
    doc = page(base("diskominfo_kutim") + seeds["003"].path)
    content = doc.cssselect("div.entry-content")[0]
    assert [text(c) for c in content.cssselect("figure.wp-caption figcaption.wp-caption-text")] == [
        i["caption"] for i in seeds["003"].images]
    assert "Loading..." in text(content.cssselect("div.jetpack-likes-widget-wrapper")[0])
    assert doc.cssselect('meta[property="article:published_time"]')[0].get("content") == "2023-04-11T08:20:00+00:00"
    assert doc.cssselect('meta[name=generator]')[0].get("content") == "WordPress 6.4.3"
    assert doc.cssselect('link[rel="https://api.w.org/"]')[0].get("href") == base("diskominfo_kutim") + "/wp-json/"
    assert [text(a) for a in doc.cssselect("footer.entry-footer a[rel='category tag']")] == ["Berita"]
    doc = page(base("porosnusantara") + seeds["004"].path)
    ps = doc.cssselect("div.td-post-content > p")
    assert text(ps[2]).startswith("Baca Juga :") and ps[2].cssselect("strong")
    assert 3 <= len(doc.cssselect("div.td_block_related_posts h3.entry-title a")) <= 6
    original = next(a for a in cat["humas_ntt"] if a.path.endswith("di-waikabubak"))
    doc = page(base("humas_ntt") + original.path)
    caption = text(doc.cssselect("div.post--content div.post--img p.caption")[0])
    assert caption == "Keterangan Gambar : " + original.images[0]["caption"]
    assert caption.endswith("Dokumentasi : Biro Administrasi Pimpinan Setda Provinsi NTT")
    assert text(doc.cssselect("ul.nav.meta span.date")[0]) == "Rabu, 25 April 2018 - 10:15 WITA"
    assert len(doc.cssselect("div.post--related li a")) == 4
    doc = page(base("diskominfo_kaltim") + seeds["002"].path)
    assert text(doc.cssselect("span.news-date")[0]) == "Selasa, 01 November 2022"
    assert doc.cssselect('meta[property="og:image"]')[0].get("content").startswith(mirror.url + "/diskominfo_kaltim/storage/image/")


@pytest.mark.parametrize("site", ALL_SITES)
def test_links_are_prefixed_and_resolve(mirror, everything, site):
    """Every root-relative link carries the site prefix; chrome and article links all answer."""
    urls = [mirror.base_url(site) + "/", mirror.base_url(site) + everything[site][0].path,
            mirror.base_url(site) + everything[site][-1].path]
    seen = set()
    for url in urls:
        doc = page(url)
        for el in doc.iter("a", "img", "link", "script", "form"):
            ref = el.get("href") or el.get("src") or el.get("action")
            if not ref or ref.startswith(("http://", "https://", "#")):
                continue
            assert ref.startswith(f"/{site}/"), (url, ref)
            if el.tag != "form":
                seen.add(ref.split("#")[0])
    for ref in sorted(seen):
        status, _, _ = fetch(mirror.url + ref)
        assert status == 200, ref


# ---- feeds, sitemaps, REST ---------------------------------------------------------------------

def absolute(mirror, site, articles):
    return [mirror.base_url(site) + a.path for a in articles]


def test_feeds(mirror, cat):
    for site, path, count in (("diskominfo_kutim", "/feed/", 10), ("porosnusantara", "/feed/", 10),
                              ("humas_ntt", "/rss.xml", 20)):
        status, headers, body = fetch(mirror.base_url(site) + path)
        assert status == 200 and "rss+xml" in headers["Content-Type"]
        items = ET.fromstring(body).findall("./channel/item")
        assert [i.findtext("link") for i in items] == absolute(mirror, site, cat[site][:count])
        for item, a in zip(items, cat[site]):
            assert item.findtext("title") == a.title
            assert parsedate_to_datetime(item.findtext("pubDate")) == datetime.fromisoformat(a.published_at)
            assert item.findtext("description")
        if site != "humas_ntt":
            dc = "{http://purl.org/dc/elements/1.1/}creator"
            encoded = "{http://purl.org/rss/1.0/modules/content/}encoded"
            assert items[0].findtext(dc) == cat[site][0].author
            assert items[0].findtext("category") == cat[site][0].category
            assert items[0].findtext(encoded).startswith("<p>")


def sitemap_urls(mirror, url):
    status, headers, body = fetch(url)
    assert status == 200 and "xml" in headers["Content-Type"]
    root = ET.fromstring(body)
    if root.tag.endswith("sitemapindex"):
        return {loc: lastmod for child in root.findall("sm:sitemap/sm:loc", NS)
                for loc, lastmod in sitemap_urls(mirror, child.text).items()}
    return {u.findtext("sm:loc", namespaces=NS): u.findtext("sm:lastmod", namespaces=NS)
            for u in root.findall("sm:url", NS)}


@pytest.mark.parametrize("site,path", [("diskominfo_kaltim", "/sitemap.xml"), ("diskominfo_kutim", "/wp-sitemap.xml"),
                                       ("porosnusantara", "/sitemap_index.xml"), ("seputarkaltim", "/wp-sitemap.xml"),
                                       ("balikpapan", "/sitemap.xml")])
def test_sitemaps_list_every_article(mirror, everything, site, path):
    urls = sitemap_urls(mirror, mirror.base_url(site) + path)
    for a in everything[site]:
        lastmod = urls[mirror.base_url(site) + a.path]
        assert datetime.fromisoformat(lastmod) == datetime.fromisoformat(a.published_at)


@pytest.mark.parametrize("site", ["diskominfo_kutim", "porosnusantara"])
def test_rest_api(mirror, cat, site):
    api = mirror.base_url(site) + "/wp-json/wp/v2"
    status, headers, body = fetch(api + "/posts")
    posts = json.loads(body)
    assert status == 200 and len(posts) == 10
    assert headers["X-WP-Total"] == str(len(cat[site])) and headers["X-WP-TotalPages"] == str(-(-len(cat[site]) // 10))
    assert [p["link"] for p in posts] == absolute(mirror, site, cat[site][:10])
    everything = json.loads(fetch(api + "/posts?per_page=100")[2])
    assert [p["link"] for p in everything] == absolute(mirror, site, cat[site])
    second = json.loads(fetch(api + "/posts?page=2&per_page=10")[2])
    assert [p["link"] for p in second] == absolute(mirror, site, cat[site][10:20])
    first, a = everything[0], cat[site][0]
    assert first["title"]["rendered"] == html.escape(a.title) and first["date"] == a.published_at[:19]
    utc = datetime.fromisoformat(a.published_at).astimezone(timezone.utc)
    assert first["date_gmt"] == utc.strftime("%Y-%m-%dT%H:%M:%S")
    assert set(first) >= {"id", "date", "date_gmt", "modified", "modified_gmt", "slug", "link", "title", "content",
                          "excerpt", "author", "categories", "tags"}
    assert "sharedaddy" not in first["content"]["rendered"]
    status, _, body = fetch(api + "/posts?page=99")
    assert status == 400 and json.loads(body)["code"] == "rest_post_invalid_page_number"
    assert fetch(api + "/posts?per_page=101")[0] == 400
    cutoff = cat[site][5].published_at
    newer = json.loads(fetch(api + "/posts?after=" + urllib.request.quote(cutoff))[2])
    assert [p["link"] for p in newer] == absolute(mirror, site, cat[site][:5])
    ascending = json.loads(fetch(api + "/posts?per_page=100&order=asc&orderby=date")[2])
    assert [p["link"] for p in ascending] == absolute(mirror, site, cat[site][::-1])
    categories = json.loads(fetch(api + "/categories?per_page=100")[2])
    assert {c["name"] for c in categories} == {a.category for a in cat[site]}
    tags = {t["id"]: t["name"] for t in json.loads(fetch(api + "/tags?per_page=100")[2])}
    assert [tags[i] for i in first["tags"]] == a.tags
    index = json.loads(fetch(mirror.base_url(site) + "/wp-json/")[2])
    assert "wp/v2" in index["namespaces"]
    status, headers, _ = fetch(f"{mirror.base_url(site)}/?p={first['id']}")
    assert status == 301 and headers["Location"] == first["link"]


def test_seed_003_rest_content_keeps_captions(mirror, cat):
    seed = next(a for a in cat["diskominfo_kutim"] if a.seed == "003")
    posts = json.loads(fetch(mirror.base_url("diskominfo_kutim") + "/wp-json/wp/v2/posts?per_page=100")[2])
    post = next(p for p in posts if p["link"].endswith(seed.path))
    assert post["date"] == "2023-04-11T16:20:00" and post["date_gmt"] == "2023-04-11T08:20:00"
    assert "Kadis Kominfo Kaltim M. Faisal." in post["content"]["rendered"] and "Loading" not in post["content"]["rendered"]


# ---- publishing, request log, errors, headers --------------------------------------------------

@pytest.mark.parametrize("site", SITES)
def test_publish_adds_articles_to_page_one(cat, site):
    with MirrorServer() as fresh:
        before = fresh.articles(site)
        new = fresh.publish(site, 3)
        assert len(new) == 3 and all(ISO_WITA.match(a.published_at) for a in new)
        assert min(datetime.fromisoformat(a.published_at) for a in new) > datetime.fromisoformat(before[0].published_at)
        newest_first = sorted(new, key=lambda a: a.published_at, reverse=True)
        assert fresh.articles(site)[:3] == newest_first and fresh.articles(site)[3:] == before
        pages = crawl_listing(fresh, site)
        assert pages[0][:3] == [f"/{site}{a.path}" for a in newest_first]
        assert sum(map(len, pages)) == len(cat[site]) + 3
        for a in new:
            doc = page(fresh.base_url(site) + a.path)
            assert text(doc.cssselect(ARTICLE[site][0])[0]) == a.title
        assert catalog()[site] == cat[site], "publishing is instance-local"
        links = absolute(fresh, site, newest_first)
        if site in ("diskominfo_kutim", "porosnusantara"):
            posts = json.loads(fetch(fresh.base_url(site) + "/wp-json/wp/v2/posts")[2])
            assert [p["link"] for p in posts[:3]] == links
            feed = ET.fromstring(fetch(fresh.base_url(site) + "/feed/")[2])
            assert [i.findtext("link") for i in feed.findall("./channel/item")][:3] == links
        if site == "humas_ntt":
            feed = ET.fromstring(fetch(fresh.base_url(site) + "/rss.xml")[2])
            assert [i.findtext("link") for i in feed.findall("./channel/item")][:3] == links
        if site == "diskominfo_kaltim":
            assert set(links) <= set(sitemap_urls(fresh, fresh.base_url(site) + "/sitemap.xml"))
    with MirrorServer() as other:
        assert other.articles(site) == cat[site]


def test_request_log(mirror):
    mirror.clear_requests()
    fetch(mirror.base_url("kaltimprov") + "/berita?page=2")
    fetch(mirror.base_url("humas_ntt") + "/tidak-ada")
    fetch(mirror.url + "/robots.txt")
    assert mirror.requests == ["/kaltimprov/berita?page=2", "/humas_ntt/tidak-ada", "/robots.txt"]
    mirror.clear_requests()
    assert mirror.requests == []


@pytest.mark.parametrize("path", ["/nope", "/kaltimprov/berita/tidak-ada", "/diskominfo_kaltim/berita/tidak-ada",
                                  "/diskominfo_kutim/2023/04/11/tidak-ada/", "/diskominfo_kutim/page/99/",
                                  "/humas_ntt/berita/detail/tidak-ada", "/porosnusantara/page/99/",
                                  "/porosnusantara/category/tidak-ada/"])
def test_unknown_paths_are_404(mirror, path):
    status, headers, body = fetch(mirror.url + path)
    assert status == 404 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert b"404" in body or b"tidak ditemukan" in body.lower()


def test_lenient_cms_pages_past_the_end_are_empty(mirror):
    for site, path, item in (("kaltimprov", "/berita?page=99", "div.list-berita"),
                             ("diskominfo_kaltim", "/berita?page=99", "div.news-item"),
                             ("humas_ntt", "/berita/index/990", "div.post--item")):
        assert page(mirror.base_url(site) + path).cssselect(item) == []


def test_robots_redirects_and_conditional_get(mirror, cat):
    status, headers, body = fetch(mirror.url + "/robots.txt")
    robots = body.decode()
    assert status == 200 and robots.startswith("User-agent: *")
    assert "Disallow: /diskominfo_kutim/wp-admin/" in robots and "Disallow: /porosnusantara/wp-admin/" in robots
    assert f"Sitemap: {mirror.base_url('porosnusantara')}/sitemap_index.xml" in robots
    status, headers, _ = fetch(mirror.base_url("diskominfo_kutim") + "/category/berita")
    assert status == 301 and headers["Location"] == mirror.base_url("diskominfo_kutim") + "/category/berita/"
    url = mirror.base_url("kaltimprov") + cat["kaltimprov"][0].path
    status, headers, _ = fetch(url)
    assert parsedate_to_datetime(headers["Last-Modified"]) == datetime.fromisoformat(cat["kaltimprov"][0].published_at)
    status, _, body = fetch(url, {"If-None-Match": headers["ETag"]})
    assert status == 304 and body == b""


# ---- the extra sites: one per discovery kind ---------------------------------------------------

def test_extra_catalog_shape(cat, everything):
    assert tuple(catalog(EXTRA_SITES)) == EXTRA_SITES and all(everything[s] == cat[s] for s in SITES)
    titles = [a.title for arts in everything.values() for a in arts]
    assert len(titles) == len(set(titles)), "titles unique across every mirrored site"
    for site in EXTRA_SITES:
        arts = everything[site]
        assert len(arts) >= 25 and len({a.path for a in arts}) == len(arts)
        assert all(ISO_WITA.match(a.published_at) and a.body.startswith(a.dateline) for a in arts)
    assert len(everything["seputarkaltim"]) > 100, "more than one REST API page at per_page=100"
    for a in everything["desa_swargabara"]:
        day = datetime.fromisoformat(a.published_at)
        assert a.path.startswith(f"/index.php/artikel/{day.year}/{day.month}/{day.day}/")
        assert a.published_at.endswith("T00:00:00+08:00") and a.reporter is None
    assert all(re.fullmatch(r"/berita/read/\d+", a.path) for a in everything["balikpapan"])
    assert all(re.fullmatch(r"/baca-berita-\d+-[a-z0-9-]+\.html", a.path) for a in everything["humas_kupang"])
    assert not [a for site in ("desa_swargabara", "humas_kupang") for a in everything[site] if a.tags], "no tags there"


def test_extra_feeds(mirror, everything):
    """OpenSID's /feed (whole text, author, category) and Lokomedia's /rss.xml (the 20 newest)."""
    status, headers, body = fetch(mirror.base_url("desa_swargabara") + "/feed")
    items = ET.fromstring(body).findall("./channel/item")
    desa = everything["desa_swargabara"]
    assert status == 200 and [i.findtext("link") for i in items] == absolute(mirror, "desa_swargabara", desa[:50])
    first = items[0]
    assert first.findtext("{http://purl.org/dc/elements/1.1/}creator") == desa[0].author
    assert first.findtext("category") == desa[0].category and first.findtext("guid") == first.findtext("link")
    encoded = first.findtext("{http://purl.org/rss/1.0/modules/content/}encoded")
    assert [text(p) for p in lxml.html.fromstring(encoded).cssselect("p")] == desa[0].body.split("\n\n")
    status, headers, body = fetch(mirror.base_url("humas_kupang") + "/rss.xml")
    items = ET.fromstring(body).findall("./channel/item")
    assert [i.findtext("link") for i in items] == absolute(mirror, "humas_kupang", everything["humas_kupang"][:20])
    assert fetch(mirror.base_url("balikpapan") + "/feed")[0] == 404
    assert fetch(mirror.base_url("humas_kupang") + "/sitemap.xml")[0] == 404


def test_opensid_sitemap_is_oldest_first_with_dates(mirror, everything):
    status, _, body = fetch(mirror.base_url("desa_swargabara") + "/sitemap.xml")
    root = ET.fromstring(body)
    locs = [u.findtext("sm:loc", namespaces=NS) for u in root.findall("sm:url", NS)]
    lastmods = [u.findtext("sm:lastmod", namespaces=NS) for u in root.findall("sm:url", NS)]
    desa = everything["desa_swargabara"][::-1]
    assert locs == [mirror.base_url("desa_swargabara") + "/index.php"] + absolute(mirror, "desa_swargabara", desa)
    assert lastmods[1:] == [a.published_at[:10] for a in desa]


def test_opensid_pages_as_the_platform_serves_them(mirror, everything):
    base, a = mirror.base_url("desa_swargabara"), everything["desa_swargabara"][0]
    doc = page(base + a.path)
    assert not doc.cssselect("meta[name=generator]") and doc.cssselect("meta[name=theme]")[0].get("content") == "Esensi"
    assert doc.cssselect("link[rel=canonical]")[0].get("href") == base + "/index.php", "the home page, on every page"
    assert doc.cssselect("link[type='application/rss+xml']")[0].get("href") == base + "/index.php/sitemap"
    assert [text(li) for li in doc.cssselect("ol.breadcrumb li")] == ["Beranda", a.category]
    meta = text(doc.cssselect("ul.meta")[0])
    assert a.author in meta and re.search(r"\d{2} \w+ \d{4} Dibaca [\d.]+ Kali$", meta)
    headings = [text(h) for h in doc.cssselect("h2.judul-seksi")]
    assert headings[-2:] == ["Semua Komentar", "Beri Komentar"]
    assert [text(b) for b in doc.cssselect("div.tabs button")] == ["Terkini", "Populer", "Acak"]
    assert {text(x) for x in doc.cssselect("div.share a")} == {"Facebook", "Twitter", "WhatsApp", "Telegram"}
    assert page(base + a.path.removeprefix("/index.php")).cssselect("h1")[0].text == a.title, "rewritten paths too"
    home = page(base + "/")
    assert re.fullmatch(r"Halaman 1 dari \d+", text(home.cssselect("p.halaman")[0]))
    assert home.cssselect("a[title='Halaman Selanjutnya']")[0].get("href") == "/desa_swargabara/index.php/index/2"
    assert page(base + "/index.php/index/99").cssselect("article.artikel-item") == []
    post_id = re.search(r"\d+", doc.cssselect("article.artikel-single")[0].get("id"))[0]
    status, headers, _ = fetch(f"{base}/index.php/first/artikel/{post_id}")
    assert status == 301 and headers["Location"] == base + a.path
    assert fetch(base + "/feed/")[0] == 200


def test_sitemap_only_site_is_a_field_of_traps(mirror, everything):
    base, port = mirror.base_url("balikpapan"), mirror.port
    past = page(base + "/berita?hal=99")
    assert past.cssselect("div.berita-item") == []
    assert past.cssselect("a[rel=next]")[0].get("href") == "/balikpapan/berita?hal=100", "next, whatever the page"
    hrefs = [a.get("href") for a in past.cssselect("aside a")]
    assert any("?PHPSESSID=" in h for h in hrefs) and any("?replytocom=" in h for h in hrefs)
    assert any(h.startswith(f"http://localhost:{port}/balikpapan/berita/read/") for h in hrefs)
    assert any(re.fullmatch(r"/balikpapan/kalender/\d{4}/\d{1,2}", h) for h in hrefs)
    calendar = page(base + "/kalender/1999/1")
    assert [a.get("href") for a in calendar.cssselect("main div.kalender a")] == [
        "/balikpapan/kalender/1998/12", "/balikpapan/kalender/1999/2"]
    home = page(base + "/")
    assert len(home.cssselect("main div.berita-item")) == 8 and not home.cssselect("main a[rel=next]")
    assert fetch(base + "/kalender/2024/13")[0] == 404


def test_rss_only_site_has_no_way_in_but_its_feed(mirror, everything):
    home = page(mirror.base_url("humas_kupang") + "/")
    assert home.cssselect("link[type='application/rss+xml']")[0].get("href") == "/humas_kupang/rss.xml"
    assert len(home.cssselect("main a")) == 10 and not home.cssselect("a[rel=next], ul.pagination")


@pytest.mark.parametrize("site", ["diskominfo_kutim", "porosnusantara", "seputarkaltim"])
def test_rest_api_embeds_terms(mirror, everything, site):
    api = mirror.base_url(site) + "/wp-json/wp/v2/posts"
    posts = json.loads(fetch(api + "?per_page=5&_embed=wp:term")[2])
    for post, a in zip(posts, everything[site]):
        categories, tags = post["_embedded"]["wp:term"]
        assert [(t["name"], t["taxonomy"]) for t in categories] == [(a.category, "category")]
        assert [(t["name"], t["taxonomy"]) for t in tags] == [(t, "post_tag") for t in a.tags]
        assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", t["slug"]) for t in categories + tags)
        assert "author" not in post["_embedded"]
    assert "_embedded" not in json.loads(fetch(api + "?per_page=1")[2])[0]
    assert set(json.loads(fetch(api + "?per_page=1&_embed")[2])[0]["_embedded"]) == {"author", "wp:term"}


def test_rest_api_pages_past_one_hundred_and_can_be_switched_off(everything):
    site, posts = "seputarkaltim", everything["seputarkaltim"]
    with MirrorServer(api_off={site}) as server:
        api = server.base_url(site) + "/wp-json/wp/v2/posts"
        status, headers, body = fetch(api + "?per_page=100")
        assert status == 404 and json.loads(body)["code"] == "rest_no_route"
        assert "application/json" in headers["Content-Type"] and fetch(server.base_url(site) + "/wp-json/")[0] == 404
        assert fetch(server.base_url(site) + posts[0].path)[0] == 200, "the HTML site stays up"
        server.api_off.clear()
        status, headers, body = fetch(api + "?per_page=100&page=2")
        assert status == 200 and headers["X-WP-TotalPages"] == "2"
        assert [p["link"] for p in json.loads(body)] == absolute(server, site, posts[100:])
        cutoff = urllib.request.quote(posts[3].published_at)
        newer = json.loads(fetch(f"{api}?per_page=100&after={cutoff}")[2])
        assert [p["link"] for p in newer] == absolute(server, site, posts[:3])


@pytest.mark.parametrize("site,discovery", [("seputarkaltim", "/wp-json/wp/v2/posts"), ("desa_swargabara", "/feed"),
                                            ("balikpapan", "/sitemap.xml"), ("humas_kupang", "/rss.xml")])
def test_publish_reaches_each_extra_sites_way_in(everything, site, discovery):
    with MirrorServer() as fresh:
        new = fresh.publish(site, 3)
        assert fresh.articles(site)[3:] == everything[site] and len(fresh.articles(site)) == len(everything[site]) + 3
        body = fetch(fresh.base_url(site) + discovery)[2].decode()
        for a in new:
            assert fresh.base_url(site) + a.path in body.replace("\\/", "/")
            assert text(page(fresh.base_url(site) + a.path).cssselect(ARTICLE[site][0])[0]) == a.title


@pytest.mark.parametrize("site", ["kaltimprov", "seputarkaltim", "desa_swargabara", "balikpapan", "humas_kupang"])
def test_update_changes_the_text_and_its_validators(everything, site):
    old = everything[site][2]
    with MirrorServer() as server:
        url = server.base_url(site) + old.path
        _, before, _ = fetch(url)
        edited = server.update(site, old.path, body=old.body + "\n\nRalat: berita ini telah diperbarui.")
        assert edited.updated_at > everything[site][0].published_at and edited.published_at == old.published_at
        status, after, raw = fetch(url, {"If-None-Match": before["ETag"]})
        assert status == 200 and after["ETag"] != before["ETag"] and b"Ralat: berita ini telah diperbarui." in raw
        assert parsedate_to_datetime(after["Last-Modified"]) == datetime.fromisoformat(edited.updated_at)
        assert fetch(url, {"If-None-Match": after["ETag"]})[0] == 304
        other = server.base_url(site) + everything[site][5].path
        assert fetch(other, {"If-None-Match": fetch(other)[1]["ETag"]})[0] == 304, "other articles unchanged"
        assert server.articles(site)[2] == edited and catalog([site])[site][2] == old


def test_request_log_by_site_and_host(everything):
    with MirrorServer() as server:
        fetch(server.base_url("balikpapan") + "/sitemap.xml")
        fetch(server.url + "/robots.txt")
        fetch(f"http://localhost:{server.port}/balikpapan/berita")
        assert server.requests_for("balikpapan") == ["/balikpapan/sitemap.xml", "/balikpapan/berita"]
        assert server.hosts == {f"127.0.0.1:{server.port}", f"localhost:{server.port}"}


def test_robots_cover_the_extra_sites(mirror):
    robots = fetch(mirror.url + "/robots.txt")[2].decode()
    assert "Disallow: /desa_swargabara/desa/" in robots and "Allow: /desa_swargabara/desa/logo/favicon.ico" in robots
    assert f"Sitemap: {mirror.base_url('balikpapan')}/sitemap.xml" in robots
    assert "/humas_kupang/sitemap" not in robots and "/desa_swargabara/sitemap" not in robots


# ---- tampering: a hack and a new theme (what the monitors' tests do between nights) -------------

def served(server: MirrorServer, site: str) -> dict[str, bytes]:
    """Every page a crawl of ``site`` may read, as served (home, first listing, articles, sitemaps)."""
    paths = ["/", LISTINGS.get(site, ("/berita",))[0], "/sitemap.xml", "/feed/", "/rss.xml"]
    paths += [a.path for a in server.articles(site)]
    return {path: server.respond(f"/{site}{path}", "127.0.0.1:8000").body for path in paths}


def test_tampering_changes_only_the_tampered_sites_html():
    with MirrorServer() as server:
        before = {site: served(server, site) for site in ALL_SITES}
        server.inject_spam("diskominfo_kaltim")
        server.relayout("diskominfo_kaltim")
        after = {site: served(server, site) for site in ALL_SITES}
        with MirrorServer() as untouched:
            assert {site: served(untouched, site) for site in ALL_SITES} == before
    assert {site: pages for site, pages in after.items() if site != "diskominfo_kaltim"} == \
        {site: pages for site, pages in before.items() if site != "diskominfo_kaltim"}
    assert after["diskominfo_kaltim"]["/sitemap.xml"] == before["diskominfo_kaltim"]["/sitemap.xml"], "XML untouched"
    assert all(after["diskominfo_kaltim"][path] != page for path, page in before["diskominfo_kaltim"].items()
               if path != "/sitemap.xml")


@pytest.mark.parametrize("hidden", [True, False], ids=["hidden", "visible"])
@pytest.mark.parametrize("site", ALL_SITES)
def test_inject_spam_puts_gambling_links_in_every_article_body(everything, site, hidden):
    from humas_mirror.tamper import SPAM_LINKS

    with MirrorServer() as server:
        server.inject_spam(site, hidden=hidden)
        listing = page(server.base_url(site) + LISTINGS.get(site, ("/",))[0])
        assert not [a for a in listing.iter("a") if a.get("href") in dict(SPAM_LINKS)], "article pages only"
        container = ARTICLE[site][2].split(" > ")[0]
        for a in everything[site][:5]:
            body = page(server.base_url(site) + a.path).cssselect(container)[0]
            block = next(e for e in body if any(link.get("href") == SPAM_LINKS[0][0] for link in e.iter("a")))
            assert [link.get("href") for link in block.iter("a")] == [href for href, _ in SPAM_LINKS]
            assert (block.get("style") == "display:none") == hidden
            assert text(block.getprevious()) == a.body.split("\n\n")[0 if hidden else -1], "after the first / last"


@pytest.mark.parametrize("site", SITES)
def test_relayout_renames_every_class_and_moves_article_links(everything, site):
    with MirrorServer() as server:
        server.relayout(site)
        listing = page(server.base_url(site) + LISTINGS[site][0])
        assert not listing.cssselect(LISTINGS[site][1]) and all(
            c.startswith("tema-") for e in listing.iter() if isinstance(e.tag, str) for c in (e.get("class") or "").split())
        moved = list(dict.fromkeys(href for href in (a.get("href") for a in listing.iter("a"))
                                   if re.match(rf"^/{site}/baca/\d+$", href or "")))
        assert len(moved) >= LISTINGS[site][3]
        assert not [a for a in listing.iter("a") if urlsplit(a.get("href") or "").path in {
            f"/{site}{article.path}" for article in everything[site]}], "no article link keeps its old shape"
        titles = set()
        for href in moved[:3]:
            doc = page(server.url + href)
            assert not any(doc.cssselect(selector) for selector in ARTICLE[site])
            titles.add(text(doc.cssselect("h1, h2.tema-h4")[0]))
        assert titles <= {a.title for a in everything[site]} and len(titles) == 3
        assert fetch(server.base_url(site) + everything[site][0].path)[0] == 200, "old paths still answer"
