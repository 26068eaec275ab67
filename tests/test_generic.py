"""The generic layer's sanity checks: a selector's fragment is not a body, a reading never ends up
empty or far shorter than trafilatura's, a second reader runs only when the first looks doubtful."""

from __future__ import annotations

import pytest

from humas_crawler.extraction import generic
from humas_crawler.extraction.cleaning import Cleaned
from humas_crawler.extraction.generic import better_reading, doubtful, is_label, page_prose_words, plausible_body
from humas_crawler.extraction.layers import extract_article
from humas_crawler.extraction.markup import parse_html

SENTENCES = [
    "Pemerintah kabupaten menggelar rapat koordinasi persiapan upacara bersama seluruh kepala perangkat daerah.",
    "Bupati meminta setiap camat memastikan warga di desa terpencil mendapat layanan kesehatan yang layak.",
    "Kepala dinas menjelaskan anggaran tahun ini dipakai untuk memperbaiki jalan dan jembatan di pedalaman.",
    "Rapat ditutup dengan penandatanganan nota kesepahaman antara pemerintah daerah dan perguruan tinggi.",
    "Warga menyambut baik program tersebut karena selama ini akses menuju puskesmas terdekat sangat sulit.",
    "Pemerintah juga akan menambah tenaga kesehatan di setiap kecamatan mulai bulan depan secara bertahap.",
]
ARTICLE = "".join(f"<p>{s} {t}</p>" for s, t in zip(SENTENCES, reversed(SENTENCES)))


def page(body: str, head: str = "") -> str:
    return f"<html><head><title>Judul Berita</title>{head}</head><body>{body}</body></html>"


def reading(*paragraphs: str) -> Cleaned:
    return Cleaned(paragraphs=list(paragraphs))


@pytest.mark.parametrize("fragment", [
    "<div class='entry-content'><p>Subscribe</p></div>",
    "<div class='entry-content'><p></p></div>",
    "<div class='entry-content'><a href='/a'>Berita lain satu dua tiga</a> <a href='/b'>Berita lain empat lima</a></div>",
])
def test_a_platform_selector_matching_a_widget_falls_back_to_the_generic_reading(fragment):
    """A WordPress page (its platform's selectors apply) whose body selector matches a widget."""
    html = page(f"<aside>{fragment}</aside><article><h1>Bupati Buka Rapat</h1>{ARTICLE}</article>",
                head='<meta name="generator" content="WordPress 6.4">')
    result = extract_article(html, platform="wordpress")
    assert result["extraction"]["body"] != "platform"
    assert SENTENCES[0] in result["body"] and "Subscribe" not in result["body"]


def test_a_platform_selector_holding_the_article_is_kept():
    html = page(f"<h1>Bupati Buka Rapat</h1><div class='entry-content'>{ARTICLE}</div>"
                "<div class='footer'><p>Alamat kantor: Jalan Merdeka nomor satu.</p></div>")
    result = extract_article(html, platform="wordpress")
    assert result["extraction"]["body"] == "platform"
    assert result["body"].split("\n\n")[0].startswith(SENTENCES[0])


@pytest.mark.parametrize("words, links, page_words, plausible", [
    (120, 0, 150, True),     # the article
    (3, 0, 150, False),      # "Subscribe now please"
    (60, 50, 150, False),    # mostly links: a related-articles widget
    (30, 0, 600, False),     # a teaser: a small share of the page's prose
])
def test_plausible_body(words, links, page_words, plausible):
    text = " ".join(["kata"] * words)
    linked = " ".join(["tautan"] * links)
    rest = "<p>" + " ".join(["lain"] * (page_words - words)) + "</p>" if page_words > words else ""
    doc = parse_html(page(f"<div class='body'><p>{text}</p><p><a href='/x'>{linked}</a></p></div>{rest}"))
    elements = doc.xpath("//div[@class='body']")
    assert plausible_body(reading(text), elements, doc) is plausible


@pytest.mark.parametrize("candidate, selected, better", [
    (SENTENCES, ["Subscribe"], True),
    (SENTENCES, [], True),
    (SENTENCES[:3], SENTENCES[:2], False),     # not clearly longer
    (["Menu", "Beranda", "Kontak Kami", "Profil Daerah"], [SENTENCES[0]], False),  # longer, but furniture
])
def test_better_reading(candidate, selected, better):
    assert better_reading(reading(*candidate), reading(*selected)) is better


@pytest.mark.parametrize("paragraphs, description, page_words, expected", [
    (SENTENCES * 3, None, 300, False),                   # long prose, most of the page's: confident
    (SENTENCES[:1], None, 20, True),                     # too little prose
    (SENTENCES * 3, None, 2000, True),                   # a small share of the page's prose
    (SENTENCES * 3, "Banjir merendam tiga desa di hulu sungai sejak kemarin sore menurut petugas.", 300, True),
    (SENTENCES * 3, SENTENCES[2], 300, False),           # covers the description
])
def test_doubtful(paragraphs, description, page_words, expected):
    assert doubtful(reading(*paragraphs), description, page_words) is expected


@pytest.mark.parametrize("printed, expected", [(True, True), (False, False)])
def test_a_description_counts_against_a_reading_only_when_the_page_prints_it(printed, expected):
    """A search engines' summary found nowhere on the page cannot show that a reading missed it."""
    description = "Banjir merendam tiga desa di hulu sungai sejak kemarin sore menurut petugas."
    lead = f"<p>{description}</p>" if printed else ""
    doc = parse_html(page(f"{lead}{ARTICLE}", head=f'<meta name="description" content="{description}">'))
    assert doubtful(reading(*SENTENCES * 3), description, 300, doc) is expected


def test_readability_runs_only_when_the_first_reading_is_doubtful(monkeypatch):
    calls = []
    monkeypatch.setattr(generic, "readability_paragraphs", lambda doc, *captions: calls.append(1) or [])
    long_article = "".join(f"<p>{' '.join(SENTENCES[n:] + SENTENCES[:n])}</p>" for n in range(3))
    extract_article(page(f"<article><h1>Judul</h1>{long_article}</article>"))
    assert calls == []
    extract_article(page("<div><h1>Judul</h1><p>Singkat saja.</p></div>"))
    assert calls == [1]


RECIPE = ["Zutaten", "200 g Mehl", "2 Eier", "1 Prise Salz", "Zubereitung", "Alles verrühren und backen."]


def test_readability_does_not_replace_a_reading_when_neither_found_prose(monkeypatch):
    """A recipe or a data sheet is lists: neither reading scores above zero, and readability's
    reading (fewer lines of furniture here) does not replace trafilatura's, which keeps the lists."""
    monkeypatch.setattr(generic, "trafilatura_paragraphs", lambda doc, url: list(RECIPE))
    monkeypatch.setattr(generic, "readability_paragraphs", lambda doc, *captions: [
        "Zutaten", "2 Eier", "1 Prise Salz", "Zubereitung", "Kommentare", "Teilen"])
    assert generic.body_score(RECIPE) <= 0
    assert extract_article(page("<div><h1>Kuchen</h1><p>Kurz.</p></div>"))["body"] == "\n\n".join(RECIPE)


def test_a_reading_that_is_only_the_description_does_not_win_for_holding_it(monkeypatch):
    """trafilatura read the teaser above the article (the page's description) and nothing else;
    readability read the article without it: the article wins, holding the description or not."""
    description = SENTENCES[0]
    article = SENTENCES[1:3]  # less prose than four times the teaser's: the teaser would win for holding it
    monkeypatch.setattr(generic, "trafilatura_paragraphs", lambda doc, url: [description])
    monkeypatch.setattr(generic, "readability_paragraphs", lambda doc, *captions: list(article))
    html = page(f"<div><h1>Rapat</h1><p>{description}</p></div>", head=f'<meta name="description" content="{description}">')
    assert extract_article(html)["body"].endswith("\n\n".join(article))


def test_the_lead_is_found_under_the_pages_one_headline_when_the_title_is_worded_otherwise():
    """og:title adds the site's name and another dash: the page's one <h1> is still the headline
    the lead sits under."""
    html = page(f"<header><h1>Bupati Buka Rapat – Evaluasi</h1><div class='teaser-text'><p>{LEAD}</p></div></header>"
                f"<div class='content'>{ARTICLE}</div>",
                head='<meta property="og:title" content="Bupati Buka Rapat - Evaluasi | Humas Kabupaten">')
    assert extract_article(html)["body"].startswith(LEAD + "\n\n")


def test_the_body_is_never_empty_when_a_noise_rule_took_the_whole_page():
    """ASP.NET pages wrap everything in a <form>, which the noise rules remove: trafilatura's
    reading of the page before that cleaning is the body then."""
    html = page(f"<form id='aspnetForm'><div class='content'><h1>Bupati Buka Rapat</h1>{ARTICLE}</div></form>")
    result = extract_article(html)
    assert result["body"] and SENTENCES[0] in result["body"]


@pytest.mark.parametrize("line, label", [
    ("Index »", True), ("Share", True), ("Berita Lainnya", True),
    ("Rapat ditutup siang tadi.", False), ("一" * 40, False),  # CJK: no spaces, judged by characters
])
def test_is_label(line, label):
    assert is_label(line) is label


def test_page_prose_words_skips_links_and_scripts():
    doc = parse_html(page(f"<script>var a = 'satu dua tiga empat lima enam tujuh delapan';</script>"
                          f"<a href='/x'>{SENTENCES[0]}</a><p>{SENTENCES[1]}</p><p>Pendek</p>"))
    assert page_prose_words(doc) == len(SENTENCES[1].split())


def test_a_reading_run_together_in_one_line_is_no_article():
    dump = " ".join(SENTENCES * 5)
    assert generic.body_score([dump]) < generic.body_score(SENTENCES)


def test_a_platform_body_loses_the_furniture_inside_it_and_keeps_its_lead():
    """A theme's entry-content holds a lead in its own block, the article, then a list of other
    headlines: trafilatura's reading of that element decides what stays, the lead stays too."""
    lead = "<div class='lead'><strong>SAMARINDA</strong> – " + SENTENCES[5] + "</div>"
    others = "<ul>" + "".join(f"<li><a href='/b/{n}'>Judul berita lain nomor {n} di sini</a></li>" for n in range(6)) + "</ul>"
    html = page(f"<h1>Bupati Buka Rapat</h1><div class='entry-content'>{lead}{ARTICLE}{others}</div>",
                head='<meta name="generator" content="WordPress 6.4">')
    result = extract_article(html)
    assert result["extraction"]["body"] == "platform"
    assert result["body"].startswith("SAMARINDA – " + SENTENCES[5])
    assert SENTENCES[0] in result["body"] and "Judul berita lain" not in result["body"]
    assert result["extraction"]["removed"]["outside_main_text"] == 6


def test_a_noise_selector_never_takes_the_article_container():
    """A theme's article wrapper whose class says "share" is no share widget: the real one goes."""
    html = page(f"<div class='entry themeform share'><h1>Bupati Buka Rapat</h1>{ARTICLE}"
                "<div class='share'>Bagikan: Facebook Twitter WhatsApp</div></div>")
    result = extract_article(html)
    assert SENTENCES[0] in result["body"] and SENTENCES[5] in result["body"]
    assert "Bagikan" not in result["body"]


def test_bodies_are_stored_as_readers_see_them():
    """Soft hyphens and zero-width spaces go, decomposed letters are composed (NFC): a search for
    "Mittelalter" or "für" finds the text."""
    text = ("Schon im Mit\u00adtel\u00adal\u00adter war der Wein ein Aushängeschild fu\u0308r die Region "
            "und\u200b ihre Winzer, die ihn bis heute mit großer Sorgfalt an den steilen Hängen anbauen.")
    result = extract_article(page(f"<article><h1>Wein</h1><p>{text}</p><p>{SENTENCES[0]}</p><p>{SENTENCES[1]}</p></article>"))
    assert "Mittelalter" in result["body"] and "für die Region" in result["body"] and "\u200b" not in result["body"]


LEAD = "Pemerintah kabupaten menyiapkan anggaran baru agar setiap desa terpencil punya puskesmas pembantu tahun depan."
HEADER_LEADS = [
    # a news CMS's standfirst in the article's header, apart from the body's container
    f"<header><h1>Bupati Buka Rapat</h1><div class='teaser-text'><p>{LEAD}</p></div></header><div class='content'>{ARTICLE}</div>",
    # a subtitle heading under the headline
    f"<div class='head'><h1>Bupati Buka Rapat</h1><h2 class='article-lead'>{LEAD}</h2></div><div class='text'>{ARTICLE}</div>",
]


SUBTITLE = "Pemerintah kabupaten menyiapkan puskesmas pembantu di setiap desa terpencil"
SUBTITLED = [
    # a dek under the headline, without closing punctuation: a subtitle heading, or a block whose class says so
    f"<header><h1>Bupati Buka Rapat</h1><h2>{SUBTITLE}</h2></header><div class='content'>{ARTICLE}</div>",
    f"<header><h1>Bupati Buka Rapat</h1><div class='post-subtitle'>{SUBTITLE}</div></header><div class='content'>{ARTICLE}</div>",
]


@pytest.mark.parametrize("html", SUBTITLED)
def test_the_subtitle_right_under_the_headline_opens_the_body(html):
    assert extract_article(page(html))["body"].startswith(SUBTITLE + "\n\n")


@pytest.mark.parametrize("between", [
    f"<div>{SUBTITLE}</div>",  # no heading, no subtitle class: a byline or a date line as often
    "<h2>Oleh Humas | Kategori: Pemerintahan | 3 Komentar</h2>",
    f"<h2>{SUBTITLE}</h2><div>Senin, 4 Maret 2024 10:00 WIB</div>",  # not the one block before the body
])
def test_other_lines_under_the_headline_are_no_subtitle(between):
    html = page(f"<header><h1>Bupati Buka Rapat</h1>{between}</header><div class='content'>{ARTICLE}</div>")
    assert extract_article(html)["body"].startswith(SENTENCES[0])


@pytest.mark.parametrize("html", HEADER_LEADS)
def test_the_lead_between_the_headline_and_the_body_is_kept(html):
    """A standfirst printed in a block of its own between the headline and the body is the
    article's first paragraph (readers take it for page furniture: it sits outside the body)."""
    result = extract_article(page(html))
    assert result["body"].startswith(LEAD + "\n\n")
    assert SENTENCES[0] in result["body"]


def test_a_platform_body_gets_the_excerpt_printed_in_the_post_header():
    """WordPress themes print the post's excerpt in its header, outside div.entry-content."""
    html = page(f"<article><header class='entry-header'><h1>Bupati Buka Rapat</h1><div class='entry-excerpt'>"
                f"<p>{LEAD}</p></div></header><div class='entry-content'>{ARTICLE}</div></article>",
                head='<meta name="generator" content="WordPress 6.4">')
    result = extract_article(html)
    assert result["extraction"]["body"] == "platform"
    assert result["body"].startswith(LEAD + "\n\n")


@pytest.mark.parametrize("between", [
    f"<div class='photo'><img src='/a.jpg'><span class='credit'>HUMAS</span> {LEAD}</div>",  # a photo's caption
    f"<div id='image_news'><img src='/a.jpg'><div id='caption_news'>{LEAD}</div></div>",     # beside the picture
    f"<figure><img src='/a.jpg'><figcaption>{LEAD}</figcaption></figure>",
    f"<div class='byline'>{LEAD}</div>",
    f"<aside><p>{LEAD}</p></aside>",
    "".join(f"<p>{s}</p>" for s in SENTENCES[:4]),  # more prose blocks than a lead has: other stories
])
def test_captions_bylines_and_teasers_between_the_headline_and_the_body_are_no_lead(between):
    html = page(f"<header><h1>Bupati Buka Rapat</h1>{between}</header><div class='content'>{ARTICLE}</div>")
    assert extract_article(html)["body"].startswith(SENTENCES[0])
