"""The layered extractor on small inline pages: one behaviour per test."""

import pytest

from humas_crawler.extraction.layers import clean_title, extract_article
from humas_crawler.extraction.generic import body_score, covers, split_break_runs
from humas_crawler.extraction.markup import element_paragraphs, parse_html, select_parts

PROSE = (
    "Pemerintah kabupaten menggelar rapat koordinasi persiapan upacara bersama seluruh kepala organisasi "
    "perangkat daerah, camat dan unsur forum koordinasi pimpinan daerah di aula pendopo."
)
PROSE_2 = (
    "Dalam arahannya bupati meminta panitia memastikan kesiapan lapangan, petugas pengibar bendera serta "
    "sarana pendukung paling lambat tiga hari sebelum pelaksanaan upacara di alun-alun."
)
PROSE_3 = (
    "Selain upacara, rangkaian peringatan juga diisi lomba gerak jalan, pawai pembangunan dan malam "
    "tasyakuran yang digelar di setiap kecamatan hingga akhir bulan ini."
)


def page(body: str, head: str = "", title: str = "Judul Berita") -> str:
    return f"<html><head><title>{title}</title>{head}</head><body>{body}</body></html>"


def article(headline: str, meta: str, text: str, aside: str = "") -> str:
    """A custom CMS page: headline, a meta line, the text, and a sidebar."""
    return page(f"<div class='main'><h1>{headline}</h1><div class='info'>{meta}</div>"
                f"<div class='isi'>{text}</div></div><aside>{aside}</aside>")


# ---- published_at: the printed date ------------------------------------------------------------

def test_printed_time_next_to_the_headline():
    html = article("Bupati Buka Rapat", "Rabu, 4 November 2015 | 21:04 WIB", f"<p>{PROSE}</p><p>{PROSE_2}</p>",
                   aside="<ul><li><a href='/x'>Lain</a> Kamis, 5 November 2015 | 08:00 WIB</li></ul>")
    result = extract_article(html, url="https://x.go.id/berita/bupati-buka-rapat")
    assert result["published_at"] == "2015-11-04T21:04:00+07:00"
    assert result["extraction"]["published_at"] == "printed"


def test_printed_zone_wins_over_the_default():
    html = article("Bupati Buka Rapat", "11 April 2023 | 09:15 WITA", f"<p>{PROSE}</p>")
    assert extract_article(html)["published_at"] == "2023-04-11T09:15:00+08:00"


def test_a_day_without_time_takes_the_printed_time_of_that_day():
    html = article("Bupati Buka Rapat", "Diposting : 05 Juni 2023 Jam 14:30:00 | Dibaca : 12 kali", f"<p>{PROSE}</p>")
    result = extract_article(html, url="https://x.go.id/2023/06/05/bupati-buka-rapat/", zone="WITA")
    assert result["published_at"] == "2023-06-05T14:30:00+08:00"


def test_a_printed_date_of_another_day_does_not_override_the_url():
    html = article("Bupati Buka Rapat", "Sen, 11/04/2019 - 14:10", f"<p>{PROSE}</p>")
    result = extract_article(html, url="https://x.go.id/berita/2019/11/05/bupati-buka-rapat")
    assert (result["published_at"], result["extraction"]["published_at"]) == ("2019-11-05", "url")


def test_a_date_in_the_sidebar_is_not_the_articles():
    html = article("Bupati Buka Rapat", "", f"<p>{PROSE}</p>",
                   aside="<ul><li><a href='/x'>Lain</a> <span>Kamis, 5 November 2015 | 08:00 WIB</span></li></ul>")
    assert extract_article(html)["extraction"].get("published_at") != "printed"


def test_detik_pubdate_meta_is_local_time():
    head = '<meta name="pubdate" content="2015-11-05 T10:08:58Z">'
    html = page(f"<h1>Judul</h1><div class='isi'><p>{PROSE}</p></div>", head=head)
    assert extract_article(html)["published_at"] == "2015-11-05T10:08:58+07:00"


# ---- titles ------------------------------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    ("Polres Serahkan Tersangka ke Kejaksaan - Kompas.com Regional", "Polres Serahkan Tersangka ke Kejaksaan"),
    ("Pemkab Sungai Tenang | Ekspo UMKM Digelar Akhir November", "Ekspo UMKM Digelar Akhir November"),
    ("Breaking: Ekspo UMKM Digelar Akhir November", "Ekspo UMKM Digelar Akhir November"),
    ("Jalan Cibaru-Pasirgede Mulai Diaspal", "Jalan Cibaru-Pasirgede Mulai Diaspal"),
])
def test_title_drops_the_site_name(value, expected):
    headings = {"Polres Serahkan Tersangka ke Kejaksaan", "Ekspo UMKM Digelar Akhir November", "Berita Terkait"}
    assert clean_title(value, None, headings) == expected


def test_title_from_a_table_cell_when_the_title_tag_is_generic():
    html = page(f"<table><tr><td class='judul_berita'><b>Bupati Pimpin Rapat HUT RI</b></td></tr>"
                f"<tr><td class='isi_berita'>{PROSE}</td></tr></table>", title="..:: Website Resmi ::..")
    assert extract_article(html)["title"] == "Bupati Pimpin Rapat HUT RI"


# ---- bodies ------------------------------------------------------------------------------------

def test_break_runs_become_blocks():
    doc = parse_html(page("<td><font>Satu <b>dua</b><br><br>Tiga<br/> <br>Empat<p>Lima</p>Enam</font></td>"))
    split_break_runs(doc)
    assert element_paragraphs(doc.find(".//font")) == ["Satu dua", "Tiga", "Empat", "Lima", "Enam"]
    assert [d.text_content() for d in doc.iterfind(".//font/div")] == ["Satu dua", "Tiga", "Empat", "Enam"]


def test_text_separated_by_breaks_in_a_table_layout():
    html = page(f"<table><tr><td><font>{PROSE}<br><br>{PROSE_2}<br><br>{PROSE_3}</font></td></tr></table>"
                "<table><tr><td><a href='/a'>Beranda</a> | <a href='/b'>Profil</a></td></tr></table>")
    assert extract_article(html)["body"].split("\n\n") == [PROSE, PROSE_2, PROSE_3]


def test_a_body_split_in_parts_is_read_whole():
    html = page(f"<div class='itemBody'><div class='itemIntroText'><p>{PROSE}</p></div>"
                f"<div class='itemFullText'><p>{PROSE_2}</p></div></div>")
    result = extract_article(html)
    assert (result["body"], result["extraction"]["body"]) == (f"{PROSE}\n\n{PROSE_2}", "platform")


def test_body_parts_are_side_by_side_only():
    doc = parse_html(page("<main><div class='body'>Isi</div></main><footer><div class='body'>Alamat</div></footer>"))
    assert [e.text for e in select_parts(doc, "div.body")] == ["Isi"]


def test_photo_gallery_captions_are_the_body_of_a_photo_story():
    """The captions hold the page's description; the longer summaries of other galleries do not."""
    captions = [f"Foto {n}: warga memadati alun-alun saat pawai budaya berlangsung meriah, Senin (15/2)." for n in (1, 2, 3)]
    figures = "".join(f"<figure><img src='/f{n}.jpg'><figcaption>{c}</figcaption></figure>"
                      for n, c in enumerate(captions))
    others = "".join(f"<div class='summary'>{text}</div>" for text in (PROSE, PROSE_2, PROSE_3))
    head = f'<meta property="og:description" content="{captions[0]}">'
    html = page(f"<h1>Pawai Budaya</h1><div class='gallery'>{figures}</div><div>telah dilihat 3584 kali</div>"
                f"<section><div class='rows'>{others}</div></section>", head=head)
    result = extract_article(html)
    assert result["body"].split("\n\n") == captions
    assert result["extraction"]["body"] == "gallery"


def test_prose_outscores_listings():
    listing = ["- Kamis, 05/11/2015 09:25 WIB", "Ini Dia Tempat Terbasah di Dunia", "01", "Google Umbar Kelemahan"]
    assert body_score([PROSE, PROSE_2]) > body_score([*listing, PROSE, PROSE_2]) > body_score(listing)


def test_a_reading_covers_the_description():
    assert covers(f"{PROSE}\n\n{PROSE_2}", PROSE_2[:120])
    assert not covers(PROSE, PROSE_2[:120])
    assert not covers(PROSE, "Berita Daerah")  # too short to tell


def test_images_and_captions_of_a_generic_body():
    figure = ("<figure class='attachment'><img src='/storage/loket.jpg'>"
              "<figcaption>Warga mengantre di loket layanan.</figcaption></figure>")
    html = page(f"<div class='card'><h1>Mal Pelayanan Publik Resmi Beroperasi</h1>"
                f"<div class='news'><p>{PROSE}</p>{figure}<p>{PROSE_2}</p><p>{PROSE_3}</p></div></div>")
    result = extract_article(html, url="https://kota.go.id/berita/mpp")
    assert {"url": "https://kota.go.id/storage/loket.jpg", "caption": "Warga mengantre di loket layanan."} in result["images"]
    assert "Warga mengantre" not in result["body"]


# ---- images ------------------------------------------------------------------------------------

def test_lead_image_caption_found_through_its_link():
    head = '<meta property="og:image" content="https://x.go.id/uploads/nelayan.jpg">'
    featured = ("<div class='featured'><a href='https://x.go.id/uploads/nelayan.jpg'><div>"
                "<img src='blank.png' data-src='https://x.go.id/uploads/nelayan-750x500.jpg'></div></a>"
                "<p class='wp-caption-text'>Wakil Gubernur menyerahkan bantuan.</p></div>")
    html = page(f"<h1>Judul</h1>{featured}<div class='entry-content'><p>{PROSE}</p></div>", head=head)
    assert extract_article(html)["images"][0] == {"url": "https://x.go.id/uploads/nelayan.jpg",
                                                  "caption": "Wakil Gubernur menyerahkan bantuan."}


def test_lead_image_takes_no_caption_of_another_image():
    head = '<meta property="og:image" content="https://x.go.id/a.jpg">'
    card = ("<div class='card'><img src='https://x.go.id/a.jpg'><figure><img src='https://x.go.id/b.jpg'>"
            "<figcaption>Foto lain.</figcaption></figure></div>")
    html = page(f"<h1>Judul</h1>{card}<div class='entry-content'><p>{PROSE}</p></div>", head=head)
    assert extract_article(html)["images"][0] == {"url": "https://x.go.id/a.jpg", "caption": None}


# ---- people and credits ------------------------------------------------------------------------

def test_editor_credit_leaves_the_body():
    html = page(f"<h1>Judul</h1><div class='entry-content'><p>{PROSE}</p><p>Editor: Ade Marboen</p>"
                "<p>COPYRIGHT © ANTARA 2015</p><p>Berita lain di bawah hak cipta.</p></div>")
    result = extract_article(html)
    assert (result["body"], result["editor"]) == (PROSE, "Ade Marboen")


def test_editor_from_markup():
    html = page(f"<h1>Judul</h1><div class='entry-content'><p>{PROSE}</p>"
                "<p>Editor: <span itemprop='editor'>B Kunto Wibisono</span></p></div>")
    result = extract_article(html)
    assert (result["editor"], result["extraction"]["editor"]) == ("B Kunto Wibisono", "platform")


def test_unknown_editor_is_none():
    assert extract_article(page(f"<h1>Judul</h1><div class='entry-content'><p>{PROSE}</p></div>"))["editor"] is None


def test_printed_byline_beats_the_site_wide_author_meta():
    head = '<meta name="author" content="Humas Setda Sungai Tenang">'
    meta = "<p class='text-muted'><span class='glyphicon glyphicon-user'></span> Diposting oleh : <b>Humas Setda</b></p>"
    html = page(f"<h3 class='judul'>Judul Berita</h3>{meta}<div class='isi_berita'><p>{PROSE}</p></div>", head=head)
    assert extract_article(html)["author"] == "Humas Setda"


def test_a_profile_url_is_no_author():
    head = ('<meta property="article:author" content="https://www.facebook.com/detikdotcom">'
            '<meta name="author" content="Redaksi">')
    html = page(f"<h1>Judul</h1><div class='entry-content'><p>{PROSE}</p></div>", head=head)
    assert extract_article(html)["author"] == "Redaksi"


def test_laporan_credit_is_the_reporter():
    html = page(f"<h1>Judul</h1><div class='isi_berita'>CIBARU - {PROSE}<br><br>( Laporan : Dedi Supriyadi )</div>")
    result = extract_article(html)
    assert (result["dateline"], result["reporter"]) == ("CIBARU", "( Laporan : Dedi Supriyadi )")


# ---- categories, tags, canonical ---------------------------------------------------------------

def test_drupal_category_and_tags_fields():
    fields = ("<div class='field--name-field-kategori'><div class='field__item'><a href='/k'>Kebencanaan</a></div></div>"
              "<div class='field--name-field-tags'><ul><li><a href='/t/a'>karhutla</a></li>"
              "<li><a href='/t/b'>BPBD</a></li></ul></div>")
    html = page(f"<h1>Judul</h1><div class='field--name-body'><p>{PROSE}</p></div>{fields}")
    result = extract_article(html)
    assert (result["category"], result["tags"]) == ("Kebencanaan", ["karhutla", "BPBD"])


def test_canonical_url_falls_back_to_og_url():
    head = '<meta property="og:url" content="https://x.go.id/berita/item/1742-festival">'
    html = page(f"<h1>Judul</h1><div class='entry-content'><p>{PROSE}</p></div>", head=head)
    assert extract_article(html, url="https://x.go.id/berita/item/1742-festival?x=1")["canonical_url"] == \
        "https://x.go.id/berita/item/1742-festival"


@pytest.mark.parametrize("author", ['{"name": ["Anna Muster", "Max Muster"]}', '[{"name": ["Anna Muster"]}]',
                                    '"Anna Muster"'])
def test_jsonld_author_names_in_lists_are_read(author):
    """A list where a name should be crashed extraction on a real page (fr.de)."""
    html = ('<html><head><script type="application/ld+json">{"@type": "NewsArticle", "headline": "Judul", '
            f'"author": {author}}}</script></head><body><h1>Judul</h1><p>{"Isi berita. " * 30}</p></body></html>')
    assert extract_article(html)["author"] == "Anna Muster"


# ---- dates with their true precision -------------------------------------------------------------

BLOGGER_CLASSIC = ("<h2 class='date-header'><span>Kamis, 06 Juli 2023</span></h2><h3 class='post-title'>Rapat Desa</h3>"
                   f"<div class='post-body'><p>{PROSE}</p><p>{PROSE_2}</p></div><div class='post-footer'>"
                   "<a class='timestamp-link' href='/2023/07/rapat.html'><abbr class='published' itemprop='datePublished' "
                   "title='2023-07-06T19:56:00+08:00'>19.56</abbr></a></div>")
BLOGGER_CONTEMPO = ("<h3 class='post-title'>Rapat Desa</h3><div class='post-header'><a class='timestamp-link' "
                    "href='/2023/07/rapat.html'><time class='published' datetime='2023-07-06T19:56:00+08:00'>Juli 06, 2023"
                    f"</time></a></div><div class='post-body'><p>{PROSE}</p><p>{PROSE_2}</p></div>")


@pytest.mark.parametrize("body", [BLOGGER_CLASSIC, BLOGGER_CONTEMPO], ids=["classic", "contempo"])
@pytest.mark.parametrize("url", ["https://desa.blogspot.com/2023/07/rapat.html",
                                 "https://desa.blogspot.com/2023/07/06/rapat.html"])
@pytest.mark.parametrize("selectors", [{}, {"published_at": ".date-header, .post-header time"}], ids=["none", "site"])
def test_blogger_time_and_offset_survive_a_wib_site(body, url, selectors):
    """The issue's case: markup saying 19:56 +08:00 was stored as midnight +07:00. Neither a date-only
    URL, a date-only printed header nor a site selector reading the date text throws the time away."""
    result = extract_article(page(body, head="<meta content='blogger' name='generator'/>"), url=url,
                             zone="WIB", selectors=selectors)
    assert result["published_at"] == "2023-07-06T19:56:00+08:00"
    assert result["published_precision"] in ("minute", "second")


@pytest.mark.parametrize("meta, url", [
    ("Kamis, 06 Juli 2023", "https://x.go.id/berita/rapat"),
    ("Kamis, 06 Juli 2023", "https://x.go.id/2023/07/06/rapat/"),
    ("", "https://x.go.id/2023/07/06/rapat/"),
    ("Kamis (6/7/2023)", "https://x.go.id/berita/rapat"),
])
def test_a_date_only_page_gets_the_bare_day(meta, url):
    result = extract_article(article("Bupati Buka Rapat", meta, f"<p>{PROSE}</p>"), url=url, zone="WITA")
    assert (result["published_at"], result["published_precision"]) == ("2023-07-06", "day")


@pytest.mark.parametrize("meta, zone, expected, precision", [
    ("Rabu, 4 November 2015 | 21:04 WIB", "WITA", "2015-11-04T21:04:00+07:00", "minute"),
    ("Diposting : 09 Agustus 2018 Jam 19:26:47 | Dibaca : 12 kali", "WITA", "2018-08-09T19:26:47+08:00", "second"),
    ("11 April 2023 | 09.15", "WIT", "2023-04-11T09:15:00+09:00", "minute"),
])
def test_printed_dates_keep_their_precision(meta, zone, expected, precision):
    result = extract_article(article("Bupati Buka Rapat", meta, f"<p>{PROSE}</p>"), zone=zone)
    assert (result["published_at"], result["published_precision"]) == (expected, precision)


@pytest.mark.parametrize("head, zone, expected, precision", [
    ('<meta property="article:published_time" content="2023-07-06T19:56:07+08:00">', "WIB",
     "2023-07-06T19:56:07+08:00", "second"),                                       # an offset of another zone
    ('<meta property="article:published_time" content="2023-07-06T19:56:07+09:00">', "WITA",
     "2023-07-06T19:56:07+09:00", "second"),
    ('<meta property="article:published_time" content="2023-07-06T11:56:07+00:00">', "WITA",
     "2023-07-06T19:56:07+08:00", "second"),                                       # UTC: shown in the site's zone
    ('<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2023-07-06T19:56"}</script>',
     "WITA", "2023-07-06T19:56:00+08:00", "minute"),                               # no offset: the site's zone
])
def test_markup_times_keep_their_offset_and_precision(head, zone, expected, precision):
    html = page(f"<h1>Judul</h1><div class='isi'><p>{PROSE}</p></div>", head=head)
    result = extract_article(html, url="https://x.go.id/2023/07/06/judul/", zone=zone)
    assert (result["published_at"], result["published_precision"]) == (expected, precision)


def test_a_markup_time_wins_over_a_printed_date_only_text():
    """A site selector that reads the printed day does not hide the time the markup states."""
    html = article("Bupati Buka Rapat", "<span class='tgl'>Kamis, 06 Juli 2023</span>", f"<p>{PROSE}</p>")
    html = html.replace("</head>", '<meta property="article:published_time" content="2023-07-06T10:05:00+08:00"></head>')
    result = extract_article(html, zone="WITA", selectors={"published_at": ".tgl"})
    assert (result["published_at"], result["published_precision"]) == ("2023-07-06T10:05:00+08:00", "second")


def test_a_markup_time_of_another_day_does_not_replace_the_printed_day():
    html = article("Bupati Buka Rapat", "<span class='tgl'>Kamis, 06 Juli 2023</span>", f"<p>{PROSE}</p>")
    html = html.replace("</head>", '<meta property="article:published_time" content="2023-08-01T10:05:00+08:00"></head>')
    result = extract_article(html, zone="WITA", selectors={"published_at": ".tgl"})
    assert (result["published_at"], result["published_precision"]) == ("2023-07-06", "day")


@pytest.mark.parametrize("head, selectors, expected, precision", [
    ('<meta property="article:modified_time" content="2023-07-07T08:00:30+08:00">', {},
     "2023-07-07T08:00:30+08:00", "second"),
    ('<meta property="article:modified_time" content="2023-07-07T00:00:30Z">', {}, "2023-07-07T09:00:30+09:00", "second"),
    ("", {"updated_at": ".upd"}, "2023-07-07", "day"),
    ('<meta property="article:modified_time" content="2023-07-07T08:00:30+08:00">', {"updated_at": ".upd"},
     "2023-07-07T08:00:30+08:00", "second"),
    ("", {}, None, None),
])
def test_updated_at_has_its_precision_too(head, selectors, expected, precision):
    html = page(f"<h1>Judul</h1><div class='upd'>07 Juli 2023</div><div class='isi'><p>{PROSE}</p></div>",
                head=head)
    result = extract_article(html, url="https://x.go.id/2023/07/06/judul/", zone="WIT", selectors=selectors)
    assert (result["updated_at"], result["updated_precision"]) == (expected, precision)


def test_no_date_no_precision():
    result = extract_article(page(f"<h1>Judul</h1><div class='isi'><p>{PROSE}</p></div>"))
    assert (result["published_at"], result["published_precision"]) == (None, None)


def test_humas_extract_shows_the_precision_of_a_date_only_page(tmp_path):
    import json

    from conftest import run_humas

    saved = tmp_path / "rapat.html"
    saved.write_text(article("Bupati Buka Rapat", "Kamis, 06 Juli 2023", f"<p>{PROSE}</p>"), encoding="utf-8")
    result = run_humas("extract", str(saved), "--url", "https://x.go.id/berita/rapat")
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert (shown["published_at"], shown["published_precision"]) == ("2023-07-06", "day")


@pytest.mark.parametrize("data, reason", [
    ("", "is empty"),
    (" \n\t ", "is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
    (bytes(range(1, 32)) * 20 + b"<p>x</p>", "binary file"),
    ("Rapat koordinasi di Samarinda. " * 40, "no HTML markup"),
    ('{"title": "a < b", "body": "Rapat"}', "no HTML markup"),
    ("%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj", "no HTML markup"),
], ids=["empty", "whitespace", "png", "control characters", "plain text", "json", "pdf"])
def test_input_that_is_no_page_gives_empty_fields_and_a_reason(data, reason):
    article = extract_article(data, url="https://kaltimprov.go.id/berita/2024/05/12/rapat")
    assert reason in article["extraction"]["rejected"]
    assert article["body"] is None and article["title"] is None
    assert article["published_at"] is None  # not read from the URL either: nothing is invented


@pytest.mark.parametrize("data", ["<p>Rapat koordinasi.</p>", "Judul<br>Rapat koordinasi".encode("cp1252"),
                                  "<html><body><p>Caf\xe9 di Samarinda</p></body></html>".encode("cp1252")],
                         ids=["fragment", "cp1252 with a tag", "cp1252 page"])
def test_html_in_any_shape_or_encoding_is_read(data):
    assert "rejected" not in extract_article(data)["extraction"]
