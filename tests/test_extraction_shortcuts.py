"""The extraction's shortcuts (cheap tests that skip expensive work) give the answers the full work
gives: the gambling prefilter, the link-text helper, the page-kind word count that bounds a page's
prose, the date regex, a platform body with no furniture left as it is, the one-walk selector
matcher, the <br> run search, readability reading the tree without its cleaner, the selectors not
tried on a page without the markup they need, the headline search that skips subtrees and the
hidden block read again only when it may name gambling."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html
from lxml.cssselect import CSSSelector
from readability import Document

from humas_crawler.extraction import generic
from humas_crawler.extraction.cleaning import Cleaned, clean_dom, load_rules, load_spam_rules, may_name_gambling
from humas_crawler.extraction.generic import page_prose_words, plausible_body, refined_selector_body
from humas_crawler.extraction.cleaning import _spam_words
from humas_crawler.extraction.layers import title_element
from humas_crawler.extraction.markup import (
    SimpleSelectorList, element_paragraphs, fast_selector, may_match, page_markup, parse_html, text_content,
)
from humas_crawler.extraction.text import fold
from humas_crawler.extraction.pagekind import DATE_RE, page_kind, page_kind_and_words

PROSE = "Pemerintah kabupaten menggelar rapat koordinasi bersama seluruh kepala perangkat daerah hari ini."


@pytest.mark.parametrize("text", [
    "Situs SLOT88 gacor", "judı online", "JUDİ ONLINE", "ſlot", "TOGEL hari ini", "berita pemerintah daerah",
    "judicial review", "", "https://example.com/kasino-terbaik",
])
def test_the_gambling_prefilter_never_misses_what_the_vocabulary_finds(text):
    _, vocabulary = load_spam_rules()
    assert may_name_gambling(text) or not vocabulary.search(text)


def test_the_gambling_prefilter_passes_pages_without_gambling_words():
    assert may_name_gambling("Berita pemerintah daerah: rapat koordinasi") is False


@pytest.mark.parametrize("markup", [
    "<a href='/x'>Judul berita</a>", "<a href='/x'>Judul <b>tebal</b> berita</a>", "<a href='/x'></a>",
    "<a href='/x'>Judul<!-- catatan --> berita</a>", "<p>Teks <a href='/y'>tautan</a> ekor</p>",
])
def test_text_content_reads_as_lxml_does(markup):
    element = parse_html(f"<html><body>{markup}</body></html>").find("body")[0]
    assert text_content(element) == element.text_content()


@pytest.mark.parametrize("text, dated", [
    ("Rabu, 4 November 2015", True), ("04/11/2015 21:04", True), ("2015-11-04", True),
    ("Nov 4, 2015", True), ("3 jam yang lalu", True), ("5 hours ago", True), ("DES 12, 2023", True),
    ("Bupati buka rapat", False), ("Nomor 12 tahun ini", False), ("desember ceria", False),
])
def test_the_date_regex(text, dated):
    assert bool(DATE_RE.search(text)) is dated


@pytest.mark.parametrize("body", [
    f"<div class='body'><p>{PROSE}</p><p>{PROSE}</p></div><div class='share'>Bagikan ini: Facebook</div>",
    f"<div class='body'><p>{PROSE}</p></div>" + "".join(f"<p>{PROSE} {n}</p>" for n in range(8)),
    f"<div class='body'><p>Singkat <a href='/x'>sekali</a></p></div><p>{PROSE}</p>",
])
def test_page_kinds_word_count_bounds_the_prose_left_after_cleaning(body):
    doc = parse_html(f"<html><head><title>Judul</title></head><body><nav><a href='/'>Beranda</a></nav>{body}</body></html>")
    kind, text_words = page_kind_and_words(doc)
    assert kind == page_kind(doc)
    elements = doc.xpath("//div[@class='body']")
    clean_dom(doc)
    assert text_words >= page_prose_words(doc)
    reading = Cleaned(paragraphs=[e.text_content() for e in elements])
    assert plausible_body(reading, elements, doc, text_words) is plausible_body(reading, elements, doc)


def _platform_reading(inside: str):
    doc = parse_html(f"<html><body><div class='entry-content'>{inside}</div></body></html>")
    elements = doc.xpath("//div[@class='entry-content']")
    paragraphs = [p.text_content() for p in elements[0].iter("p", "li")]
    return Cleaned(paragraphs=paragraphs), elements


def test_a_platform_body_without_furniture_is_not_read_again(monkeypatch):
    calls = []
    monkeypatch.setattr(generic, "trafilatura_paragraphs", lambda *args: calls.append(args) or [])
    reading, elements = _platform_reading(f"<p>{PROSE}</p><p>{PROSE}</p>")
    assert refined_selector_body(reading, elements, None) is reading
    assert calls == []
    reading, elements = _platform_reading(f"<p>{PROSE}</p><ul><li><a href='/b'>Berita lain</a></li></ul>")
    refined_selector_body(reading, elements, None)
    assert len(calls) == 1  # a line of furniture: trafilatura reads the element


def test_a_line_rule_with_a_back_reference_is_refused(tmp_path):
    """The line rules are also matched as one alternation, where a back-reference would point at
    another rule's group."""
    rules = tmp_path / "rules.toml"
    rules.write_text("[[line]]\nname = 'double'\npattern = '^(\\w+) \\1$'\naction = 'drop'\nexample = 'ya ya'\n")
    with pytest.raises(ValueError, match="back-reference"):
        load_rules(str(rules))


SHORTCUT_PAGE = (
    "<html><body><div id='main' class='post caption'><figure><img src='/a.jpg'><figcaption>Foto: Bupati"
    "</figcaption></figure><p class='caption x'>Rapat <span class='wp-caption-text'>dibuka</span></p>"
    "<!-- komentar --><div class='Caption'>beda huruf</div><p class='ket_foto'>Keterangan</p>"
    "<div id='ads-1'>iklan</div><p class='captions'>bukan</p></div></body></html>"
)


@pytest.mark.parametrize("selector", [
    "figcaption, .wp-caption-text, p.caption, .caption, .keterangan-foto, .ket_foto",
    "div#main.post", "[id^=ads]", "p, div.caption", "span",
])
def test_simple_selectors_match_what_css_matches(selector):
    """The one-walk matcher finds the elements CSSSelector finds, in the same (document) order,
    the root included; a selector it cannot take stays CSS."""
    doc = parse_html(SHORTCUT_PAGE)
    matcher = fast_selector(selector)
    assert isinstance(matcher, SimpleSelectorList)
    for root in (doc, doc.find(".//div")):
        assert matcher(root) == CSSSelector(selector)(root)
    assert isinstance(fast_selector("div > p"), CSSSelector)


def test_break_runs_are_found_from_the_brs():
    """Every parent of a <br><br> run is rebuilt, at any depth, and only those."""
    doc = parse_html("<html><body><div>Satu<br><br>Dua<p>Tiga<br> <br>Empat</p><span>a<br>b</span></div></body></html>")
    generic.split_break_runs(doc)
    div = doc.find(".//body/div")
    assert [child.tag for child in div] == ["div", "div", "p", "div"]
    assert [child.text for child in div.find("p")] == ["Tiga", "Empat"]


def test_readability_reads_the_tree_as_it_reads_the_page():
    """Without its HTML cleaner, readability gives the paragraphs it gives on the page's text,
    and leaves the tree it was given as it was."""
    article = "".join(f"<p>{PROSE} Kalimat {n} menambah isi berita, dengan koma, dan titik.</p>" for n in range(6))
    html = (f"<html><head><style>p {{}}</style></head><body><nav><a href='/'>Beranda</a></nav><div class='post'>"
            f"<script>var x = 1;</script>{article}<!-- iklan --><div hidden>tersembunyi</div>"
            f"<div style='display:none'>juga tersembunyi</div></div></body></html>")
    doc = parse_html(html)
    before = lxml_html.tostring(doc)
    summary = Document(html).summary(html_partial=True)
    expected = element_paragraphs(lxml_html.fragment_fromstring(summary, create_parent="div"))
    assert generic.readability_paragraphs(doc) == expected
    assert lxml_html.tostring(doc) == before


MARKUP_PAGES = (
    f"<html><body><div class='entry-content' id='main'><p>{PROSE}</p></div></body></html>",
    "<html><body><article itemprop='articleBody'><span itemprop='author'><b itemprop='name'>X</b></span>"
    "<time pubdate datetime='2024-01-02'>2 Jan</time></article></body></html>",
    "<html><body><form><input name='_token'></form><a rel='category tag' href='/c'>Berita</a></body></html>",
)


@pytest.mark.parametrize("selector", [
    "[itemprop=datePublished]", "time[pubdate]", "a[rel~=category]", "[itemprop=author] [itemprop=name]",
    "div:not([itemprop])", "[data-x!=y]", ".entry-content, [itemprop=articleBody]", "input[name=_token]",
    "#main", "article > time", "p:has(b)",
])
@pytest.mark.parametrize("page", MARKUP_PAGES)
def test_a_selector_is_skipped_only_on_a_page_it_matches_nothing_on(selector, page):
    doc = parse_html(page)
    assert may_match(selector, page_markup(doc)) or not CSSSelector(selector)(doc)


def test_microdata_selectors_are_skipped_on_a_page_without_microdata():
    markup = page_markup(parse_html(MARKUP_PAGES[0]))
    assert not may_match("[itemprop=datePublished]", markup) and not may_match("time[pubdate], time", markup)
    assert may_match("div.entry-content", markup) and may_match("p, [itemprop=x]", markup)


@pytest.mark.parametrize("body", [
    "<table><tr><td>Judul Berita Hari Ini</td></tr></table>",
    "<div><a href='/x'>Judul Berita Hari Ini</a><span>Judul  berita hari ini</span></div>",
    "<div><a href='/x'><b>Judul Berita Hari Ini</b></a></div>",
    "<div>Lain <span>Judul <i>Berita</i> Hari Ini</span></div>",
    "<div><p>Judul Berita</p></div>",
])
def test_the_headline_outside_headings_is_the_first_element_printing_it(body):
    """Skipping the subtrees whose text does not hold the headline finds the element that reading
    every element's text finds."""
    doc = parse_html(f"<html><body><h2>Lain</h2>{body}</body></html>")
    wanted = fold("Judul Berita Hari Ini")
    every = (e for e in doc.find("body").iter() if isinstance(e.tag, str) and e.tag != "a")
    assert title_element(doc, "Judul Berita Hari Ini") is next((e for e in every if fold(e.text_content()) == wanted), None)


@pytest.mark.parametrize("block, words", [
    ("<div>Menu <a href='https://other.example/a'>Tautan</a></div>", set()),
    ("<div>Slot gacor <a href='https://situs-togel.example/'>Daftar</a></div>", {"slot", "gacor", "togel"}),
    ("<div><a href='https://example.go.id/judi'>Razia judi</a></div>", set()),
])
def test_a_hidden_block_without_a_gambling_word_carries_none(block, words):
    element = parse_html(f"<html><body>{block}</body></html>").find(".//div")
    assert _spam_words(element, "example.go.id", load_spam_rules()[1]) == words
