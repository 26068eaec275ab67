"""The noise rules: every rule against its own example, the seed texts, and the behaviours the
rules depend on (cut, captions, editor credits, related blocks inside a body). What the spam rules
take and leave is in tests/test_monitors.py, beside the alarm they feed."""

import pytest
from lxml import html as lxml_html

from conftest import ROOT, SEED_TITLES, expected_body
from humas_crawler.extraction.cleaning import (
    clean_dom, clean_paragraphs, load_rules, load_spam_rules, noise_line_rule, strip_spam,
)
from humas_crawler.extraction.text import normalize_space

SEEDS = ROOT / "humas_mirror" / "seeds"
BLOCK_RULES, LINE_RULES = load_rules()
SPAM_RULES, _ = load_spam_rules()


def fragment(markup: str):
    return lxml_html.fragment_fromstring(markup, create_parent="div")


def lines(text: str) -> list[str]:
    """Plain text as the paragraphs a page's text gives: one per non-blank line."""
    return [line for line in map(normalize_space, text.splitlines()) if line]


@pytest.mark.parametrize("rule", LINE_RULES, ids=lambda r: r.name)
def test_every_line_rule_matches_its_example(rule):
    assert rule.regex.match(rule.example), f"{rule.name} does not match its own example"
    cleaned = clean_paragraphs(["Paragraf isi berita yang biasa saja.", rule.example])
    assert cleaned.paragraphs == ["Paragraf isi berita yang biasa saja."]
    assert cleaned.removed[rule.name] == 1


@pytest.mark.parametrize("rule", BLOCK_RULES, ids=lambda r: r.name)
def test_every_block_rule_removes_its_example(rule):
    root = fragment(f"<div><p>Isi berita tetap ada.</p>{rule.example}</div>")
    removed = clean_dom(root)
    assert removed[rule.name] >= 1
    assert "Isi berita tetap ada." in root.text_content()


@pytest.mark.parametrize("rule", SPAM_RULES, ids=lambda r: r.name)
def test_every_spam_rule_removes_its_example(rule):
    root = fragment(f"<div><p>Isi berita tetap ada.</p>{rule.example}</div>")
    found = strip_spam(root, "https://kaltimprov.go.id/berita/isi")
    assert found.removed == {rule.name: 1} and found.report["words"]
    assert normalize_space(root.text_content()) == "Isi berita tetap ada."


@pytest.mark.parametrize("seed", ["000", "001", "002", "003", "004"])
def test_seed_noise_is_removed(seed):
    text = next(SEEDS.glob(f"{seed}_*.txt")).read_text(encoding="utf-8")
    cleaned = clean_paragraphs(lines(text), title=SEED_TITLES.get(seed))
    assert cleaned.text == expected_body(seed)


def test_photo_caption_moves_to_captions():
    cleaned = clean_paragraphs(["Isi berita.", "/////FOTO : Gubernur membuka rapat.(syaiful/humasprov)"])
    assert cleaned.captions == ["Gubernur membuka rapat.(syaiful/humasprov)"]


def test_cut_rule_removes_the_rest_of_the_listing():
    cleaned = clean_paragraphs(["Isi berita.", "09 Agustus 2018 Jam 19:26:47", "Sosial", "21 Juni 2022 Jam 22:03:32",
                                "Pendidikan"])
    assert cleaned.paragraphs == ["Isi berita."]


def test_editor_credit_moves_to_the_editor():
    cleaned = clean_paragraphs(["Isi berita.", "Editor: Ade Marboen", "COPYRIGHT © ANTARA 2015", "Berita lain."])
    assert (cleaned.paragraphs, cleaned.editor) == (["Isi berita."], "Ade Marboen")


def test_short_name_lines_are_not_captions():
    """A two-word line ("Ferhat Essiz.", a hard-wrapped sentence end) stays; an official's title
    and name alone is a portrait's caption."""
    cleaned = clean_paragraphs(["Dewan juri diketuai", "Ferhat Essiz.", "Kadis Kominfo Kaltim M. Faisal.", "Isi berita."])
    assert cleaned.paragraphs == ["Dewan juri diketuai", "Ferhat Essiz.", "Isi berita."]
    assert cleaned.captions == ["Kadis Kominfo Kaltim M. Faisal."]


def test_an_officials_caption_needs_its_capitals():
    """Rules ignore case unless they say otherwise: a lower-case line with a title is prose."""
    assert noise_line_rule("Kepala Diskominfo Staper Kutim Ery Mulyadi") == "official_caption"
    assert noise_line_rule("kepala diskominfo staper kutim ery mulyadi") is None


def test_prose_is_not_noise():
    assert noise_line_rule("Gubernur meminta seluruh kepala daerah untuk bersiap menghadapi banjir.") is None
    assert noise_line_rule("Baca juga: Gubernur Resmikan Jembatan") == "baca_juga"


def test_related_heading_inside_the_body_keeps_the_body():
    root = fragment(
        "<div class='entry-content'><p>Paragraf pertama yang panjang sekali isinya tentang rapat kerja humas.</p>"
        "<h3>Baca Juga</h3><ul><li><a href='/a'>Judul lain</a></li><li><a href='/b'>Judul kedua</a></li></ul>"
        "<p>Paragraf terakhir.</p></div>"
    )
    body = root[0]
    clean_dom(body, keep=body)
    text = body.text_content()
    assert "Paragraf pertama" in text and "Paragraf terakhir." in text
    assert "Judul lain" not in text and "Baca Juga" not in text


def test_a_photo_credit_in_mid_text_is_dropped_not_cut_at():
    """"© Motorsport Images" under a photo is no footer: the text after it stays."""
    cleaned = clean_paragraphs(["Paragraf pertama berita.", "© Motorsport Images", "Paragraf kedua berita."])
    assert cleaned.paragraphs == ["Paragraf pertama berita.", "Paragraf kedua berita."]
    footer = clean_paragraphs(["Paragraf pertama berita.", "© 2024 Humas NTT. All rights reserved.", "Menu"])
    assert footer.paragraphs == ["Paragraf pertama berita."]


@pytest.mark.parametrize("line, rule", [
    ("Lea también: Impiden ingreso a Nicaragua a reportero y camarógrafo", "read_also"),
    ("MIRA | Kenji Fujimori: PJ concluye con interrogatorio a testigos", "read_also"),
    ("Czytaj też: Wyścig zbrojeń ruszył z kopyta", "read_also"),
    ("See also", "read_also"),
    ("NOTAS RELACIONADAS", "related_label"),
    ("You may also like", "related_label"),
    ("Follow us on Twitter and Instagram for the latest news", "subscribe_promo"),
    ("If you’re seeing this message but you’re already a subscriber, you can log in", "paywall_notice"),
    ("Kategorie: News", "tags_line"),
    ("Fotos: Sophia Mahnert", "photo_credit"),
    ("3 Kommentare", "comments_heading"),
    ("Werbung", "advertisement"),
    ("Never miss the latest news by signing up to our newsletter today!", "channel_promo"),
    ("PC Gamer Newsletter", "channel_promo"),
    ("Zum Newsletter anmelden", "channel_promo"),
    ("¿Ya sabías que tenemos canal de Telegram? Únete desde tu celular en este enlace", "channel_promo"),
    ("Do you want to be informed of our actions? Sign up here", "channel_promo"),
    ("Follow The Gleaner on Twitter and Instagram @JamaicaGleaner", "channel_promo"),
    ("Submit your letter to the editor via this form.", "letters_invitation"),
    ("Sofern nicht anders ausgewiesen, stehen Inhalte unter der Lizenz CC-BY", "licence_notice"),
    ("This post contains references to products from our advertisers. We may receive compensation", "affiliate_disclosure"),
    ("Abbildung 4: klassische Schwachschicht.", "figure_caption"),
    ("(Credit: Clayton Aldern / Grist)", "photo_credit"),
    ("Vorschau auf den nächsten Artikel", "post_navigation"),
])
def test_furniture_lines_of_sites_in_other_languages(line, rule):
    assert noise_line_rule(line) == rule


@pytest.mark.parametrize("line", [
    "Read more about the budget in the report the council published on Monday.",  # no separator: prose
    "Mira cómo la ciudad se prepara para la temporada de lluvias este año.",
    "Related projects in the region received funding from the same ministry last year.",
    "Quelle: Deutscher Jagdverband (DJV), 02. Februar 2022, Berlin",  # a source a text cites stays
    "Comments from residents were collected at the village hall during the whole week.",
    "The council will publish a monthly newsletter for farmers from next year on.",  # news about a newsletter
    "Warga bisa mengunduh aplikasi layanan kesehatan dari Play Store mulai pekan depan.",
    "Residents can download the app from the city's website to report broken street lights.",
    "(Foto: http://photos.prnewswire.com/prnh/20160219/335111-INFO)",  # a release's photo source stays
    "Follow these steps shared on Twitter to report a broken street light.",
])
def test_prose_opening_with_a_furniture_word_stays(line):
    assert noise_line_rule(line) is None


@pytest.mark.parametrize("paragraphs, kept", [
    # a page header, then the title repeated above the body: both go
    (["Kalimantan Timur", "Bupati Buka Rapat", "Paragraf pertama berita ini cukup panjang untuk dibaca."],
     ["Paragraf pertama berita ini cukup panjang untuk dibaca."]),
    # the article's first paragraph, then its title again as a section head: only the title's line goes
    (["Pemerintah kabupaten menggelar rapat koordinasi bersama seluruh kepala perangkat daerah.",
      "Bupati Buka Rapat", "Paragraf kedua berita ini cukup panjang untuk dibaca."],
     ["Pemerintah kabupaten menggelar rapat koordinasi bersama seluruh kepala perangkat daerah.",
      "Paragraf kedua berita ini cukup panjang untuk dibaca."]),
    # a breadcrumb of many words is no prose: it goes with the title
    (["Beranda > Berita > Pemerintahan > Kabupaten > Rapat Koordinasi Daerah", "Bupati Buka Rapat",
      "Paragraf pertama berita ini cukup panjang untuk dibaca."],
     ["Paragraf pertama berita ini cukup panjang untuk dibaca."]),
])
def test_the_title_repeated_above_the_body_goes_and_prose_before_it_stays(paragraphs, kept):
    assert clean_paragraphs(paragraphs, title="Bupati Buka Rapat").paragraphs == kept


KEYED_RULES = [rule for rule in LINE_RULES if rule.words]


@pytest.mark.parametrize("rule", KEYED_RULES, ids=lambda r: r.name)
def test_a_keyed_rules_example_holds_one_of_its_words(rule):
    """A rule with words is tried only on lines holding one of them: its own example must."""
    assert any(word in rule.example.lower() for word in rule.words)


def test_keyed_rules_judge_short_lines_only():
    """A promotion is a line of its own; a long paragraph that mentions a newsletter is prose."""
    promo = "Never miss the latest news by signing up to our newsletter today!"
    assert noise_line_rule(promo) == "channel_promo"
    long_paragraph = promo + " " + "Warga desa menyambut program kesehatan yang baru dengan gembira sekali." * 5
    assert noise_line_rule(long_paragraph) is None


def test_a_keyed_rule_needs_lower_case_words(tmp_path):
    rules = tmp_path / "rules.toml"
    rules.write_text("[[line]]\nname = 'promo'\npattern = '^.*newsletter'\naction = 'drop'\n"
                     "example = 'Our Newsletter'\nwords = ['Newsletter']\n")
    with pytest.raises(ValueError, match="lower case"):
        load_rules(str(rules))
