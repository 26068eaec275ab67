"""platforms.toml: each table's hints find its platform on saved pages, a page gets its own
platform's selectors and never another's, and a broken table fails when the file is read."""

from pathlib import Path

import pytest

from humas_crawler.extraction.layers import extract_article
from humas_crawler.extraction.markup import parse_html
from humas_crawler.extraction.platforms import (
    CUSTOM, PLATFORMS, PlatformError, caption_selector, detect_platform, field_selectors, guesses, load_platforms,
    platform,
)

TESTS = Path(__file__).resolve().parent
# saved pages (tests/layouts, tests/fixtures) -> the platform they were built on; None: a custom CMS
PAGES = {
    "layouts/wp_jnews.html": "wordpress",
    "layouts/wp_twentytwentyone.html": "wordpress",
    "fixtures/diskominfo_kutim/003.html": "wordpress",
    "fixtures/porosnusantara/004.html": "wordpress",
    "layouts/opensid_artikel.html": "opensid",
    "fixtures/humas_ntt/004-original.html": "cms_berita",
    "layouts/lokomedia_berita.html": "lokomedia",
    "layouts/php_table.html": "lokomedia",  # a PHP CMS of Lokomedia's lineage: judul_berita, isi_berita, foto_berita/
    "layouts/laravel_cms.html": "laravel",
    "fixtures/diskominfo_kaltim/002.html": "laravel",
    "layouts/joomla_k2.html": "joomla",
    "layouts/drupal_node.html": "drupal",
    "fixtures/kaltimprov/000.html": None,
    "fixtures/kaltimprov/001.html": None,
}
PROSE = (
    "Pemerintah kabupaten menggelar rapat koordinasi persiapan upacara bersama seluruh kepala organisasi "
    "perangkat daerah, camat dan unsur forum koordinasi pimpinan daerah di aula pendopo."
)


def saved(page: str) -> str:
    return (TESTS / page).read_text(encoding="utf-8")


def page(body: str, head: str = "") -> str:
    return f"<html><head><title>Judul Berita</title>{head}</head><body>{body}</body></html>"


# ---- detection ----------------------------------------------------------------------------------

@pytest.mark.parametrize("path, expected", PAGES.items())
def test_the_detect_hints_find_the_pages_platform(path, expected):
    assert detect_platform(saved(path)) == expected


@pytest.mark.parametrize("path, expected", PAGES.items())
def test_extraction_records_the_platform_it_used(path, expected):
    assert extract_article(saved(path))["extraction"]["platform"] == (expected or CUSTOM)


def test_every_platform_with_hints_has_a_saved_page():
    hinted = {name for name in PLATFORMS if any(vars(platform(name).detect).values())}
    assert hinted == set(PAGES.values()) - {None}
    assert hinted == set(PLATFORMS) - {CUSTOM}


def test_custom_has_no_hints_and_no_selectors():
    custom = platform(CUSTOM)
    assert not any(vars(custom.detect).values()) and not custom.selectors


def test_the_generator_beats_markup_of_another_platform():
    html = page("<div class='itemFullText'>Isi</div>", head='<meta name="generator" content="WordPress 6.4.3">')
    assert detect_platform(html) == "wordpress"


@pytest.mark.parametrize("hrefs, expected", [
    (["/artikel/2020/3/20/satu"], None),  # one link can point at another site
    (["/artikel/2020/3/20/satu", "/artikel/2020/3/20/satu"], None),
    (["/artikel/2020/3/20/satu", "/index.php/artikel/2021/1/2/dua"], "opensid"),
])
def test_link_shapes_need_two_different_links(hrefs, expected):
    html = page("".join(f"<a href='{href}'>x</a>" for href in hrefs))
    assert detect_platform(html) == expected
    assert detect_platform(page(""), links=hrefs) == expected


def test_a_parsed_page_is_detected_too():
    assert detect_platform(parse_html(saved("layouts/drupal_node.html"))) == "drupal"


# ---- selectors: the page's platform's, then the generic table's ---------------------------------

# A WordPress page carrying Joomla K2 markup: only the platform decides which of it is read.
MIXED = page(
    f"<h1>Bupati Buka Rapat</h1><span class='itemDateCreated'>Rabu, 25 April 2018 - 10:05 WIB</span>"
    f"<div class='itemFullText'><p>{PROSE}</p></div><div class='itemTags'><a href='/t'>festival</a></div>",
    head='<meta name="generator" content="WordPress 6.4.3">',
)


@pytest.mark.parametrize("given, used, k2_read", [
    (None, "wordpress", False),  # detected from the generator meta
    ("joomla", "joomla", True),
    ("custom", "custom", False),
])
def test_a_page_never_gets_another_platforms_selectors(given, used, k2_read):
    result = extract_article(MIXED, platform=given)
    layers = result["extraction"]
    assert layers["platform"] == used
    assert (layers["body"] == "platform") is k2_read
    assert (layers.get("published_at") == "platform") is k2_read
    assert result["tags"] == (["festival"] if k2_read else [])


def test_custom_pages_get_the_generic_table():
    html = page(f"<h1>Judul</h1><div itemprop='articleBody'><p>{PROSE}</p></div>"
                "<span itemprop='editor'>B Kunto Wibisono</span>")
    result = extract_article(html, platform=CUSTOM)
    assert (result["body"], result["editor"]) == (PROSE, "B Kunto Wibisono")
    assert (result["extraction"]["body"], result["extraction"]["editor"]) == ("platform", "platform")


def test_an_unknown_platform_is_an_error():
    with pytest.raises(PlatformError, match="unknown platform 'laravell'; known: wordpress, "):
        extract_article(MIXED, platform="laravell")


@pytest.mark.parametrize("name", PLATFORMS)
@pytest.mark.parametrize("field", ["title", "body", "published_at", "author", "category", "tags"])
def test_field_selectors_are_the_platforms_then_the_generic_tables(name, field):
    generic = field_selectors(CUSTOM, field)
    assert generic, f"the generic table has {field} selectors"
    assert field_selectors(name, field) == platform(name).selectors.get(field, ()) + generic


def test_captions_come_from_the_generic_table():
    doc = parse_html(page("<figure><img src='/a.jpg'><figcaption>Foto</figcaption></figure><p class='ket_foto'>Ket</p>"))
    assert [e.text for e in caption_selector()(doc)] == ["Foto", "Ket"]


# ---- discovery: defaults and the probe's guesses ------------------------------------------------

def test_the_probe_tries_the_detected_platforms_paths_first():
    assert guesses("sitemap", "wordpress")[:2] == ("/wp-sitemap.xml", "/sitemap_index.xml")
    assert guesses("feed", "opensid")[0] == "/feed"
    assert guesses("feed")[:2] == platform(CUSTOM).guesses["feed"]


@pytest.mark.parametrize("kind", ["feed", "sitemap"])
def test_every_platforms_default_is_a_guess(kind):
    defaults = {platform(name).defaults[kind] for name in PLATFORMS if kind in platform(name).defaults}
    assert defaults and defaults <= set(guesses(kind))


# ---- the file is checked when read --------------------------------------------------------------

GOOD = '[custom]\n[generic]\ncaption = ["figcaption"]\n'


@pytest.mark.parametrize("table, message", [
    ('[cms]\nfeeds = "/rss"', "[cms]: unknown key(s) feeds"),
    ('[cms.detect]\nmeta = ["x"]', "[cms].detect: unknown key(s) meta"),
    ('[cms.detect]\nlinks = ["(["]', "[cms].detect links: bad regex"),
    ('[cms.detect]\nmarkup = ["div[[x"]', "[cms].detect markup: bad selector"),
    ('[cms.selectors]\nbody = ["div..x"]', "[cms].selectors body: bad selector"),
    ('[cms.selectors]\ncaption = [".ket"]', "[cms].selectors: unknown key(s) caption"),
    ('[cms]\narticle_pattern = "(["', "[cms] article_pattern: bad regex"),
    ('[cms]\nfeed = ["/a", "/b"]', "[cms] feed must be a string"),
])
def test_a_broken_table_names_the_file_and_the_table(tmp_path, table, message):
    path = tmp_path / "platforms.toml"
    path.write_text(f"{GOOD}{table}\n", encoding="utf-8")
    with pytest.raises(PlatformError) as error:
        load_platforms(path)
    assert str(error.value).startswith(f"{path}: {message}")


def test_the_generic_and_custom_tables_are_required(tmp_path):
    path = tmp_path / "platforms.toml"
    path.write_text("[wordpress]\n", encoding="utf-8")
    with pytest.raises(PlatformError, match=r"no \[generic\] table"):
        load_platforms(path)


def test_a_good_file_reads(tmp_path):
    path = tmp_path / "platforms.toml"
    path.write_text(f"{GOOD}[cms]\nfeed = '/rss'\n[cms.detect]\ngenerator = ['(?i)cms']\n", encoding="utf-8")
    platforms, generic = load_platforms(path)
    assert list(platforms) == ["custom", "cms"] and generic == {"caption": ("figcaption",)}
    assert platforms["cms"].guesses["feed"] == ("/rss",)
