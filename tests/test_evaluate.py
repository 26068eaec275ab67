"""The extraction evaluation: its metrics, the labelled layouts, the issue's targets and the CLI.

The target tests run the real harness (``humas eval``) and fail with the pages and fields that
missed, so a failure says what to fix in the extractor.
"""

from __future__ import annotations

import functools
import http.server
import json
import threading
from datetime import datetime, timedelta, timezone
from functools import lru_cache

import pytest
from click.testing import CliRunner
from lxml import html as lxml_html

from humas_crawler.evaluation import harness as ev
from humas_crawler.extraction.cleaning import noise_line_rule
from humas_crawler.cli.extract import eval_command, extract_command

WITA = timezone(timedelta(hours=8))
LAYOUT_FIELDS = {"author", "reporter", "dateline", "category", "tags", "language", "canonical_url", "images",
                 "updated_at"}


@lru_cache(maxsize=None)
def scores(group: str) -> tuple[ev.PageScore, ...]:
    """Every extractor's scores on one group, computed once per test session."""
    return tuple(ev.evaluate(groups=[group]))


def summary(group: str, extractor: str = "ours") -> ev.GroupSummary:
    return next(s for s in ev.summarize(list(scores(group))) if s.extractor == extractor)


def misses(group: str, *fields: str) -> str:
    """Our extractor's per-page failures on ``fields``, one per line, for assertion messages."""
    found = [f for f in ev.failures(list(scores(group))) if f["field"] in fields]
    return "\n".join(json.dumps(f, ensure_ascii=False) for f in found)


# ---------------------------------------------------------------- metrics


def test_identical_bodies_score_one():
    assert ev.body_scores("satu dua tiga empat lima", "satu dua tiga empat lima") == (1.0, 1.0, 1.0)


def test_extra_words_cost_precision_only():
    # produced shingles: (a b c d) (b c d e) (c d e f); expected: (a b c d) (b c d e)
    precision, recall, f1 = ev.body_scores("a b c d e f", "a b c d e")
    assert (precision, recall) == (pytest.approx(2 / 3), 1.0)
    assert f1 == pytest.approx(0.8)


def test_missing_words_cost_recall_only():
    precision, recall, _ = ev.body_scores("a b c d", "a b c d e f")
    assert (precision, recall) == (1.0, pytest.approx(1 / 3))


def test_case_punctuation_and_paragraphs_are_ignored():
    produced = "Bupati, “membuka” acara.\n\nHari ini (Senin)."
    expected = 'bupati "membuka" acara hari ini senin'
    assert ev.body_scores(produced, expected) == (1.0, 1.0, 1.0)


def test_texts_shorter_than_a_shingle_compare_whole():
    assert ev.body_scores("Baca juga", "baca JUGA") == (1.0, 1.0, 1.0)
    assert ev.body_scores("Baca juga", "Berita terkait") == (0.0, 0.0, 0.0)


def test_empty_bodies():
    assert ev.body_scores("", "") == (1.0, 1.0, 1.0)
    assert ev.body_scores("", "a b c d") == (0.0, 0.0, 0.0)
    assert ev.body_scores("a b c d", "") == (0.0, 0.0, 0.0)


def test_dates_match_as_instants_to_the_minute():
    wib = ev.parse_instant("2023-06-05T14:30:59+07:00")
    assert ev.same_minute(wib, ev.parse_instant("2023-06-05T07:30:00+00:00"))
    assert not ev.same_minute(wib, datetime(2023, 6, 5, 14, 30, tzinfo=WITA))
    assert not ev.same_minute(None, wib)


def test_parse_instant_defaults_to_wib_midnight():
    assert ev.parse_instant("2023-06-05") == datetime(2023, 6, 5, tzinfo=ev.WIB)
    assert ev.parse_instant("2016-02-16 09:10:56").utcoffset() == timedelta(hours=7)
    assert ev.parse_instant(None) is None


def test_same_day_uses_the_expected_zone():
    assert ev.same_day(ev.parse_instant("2015-11-05"), ev.parse_instant("2015-11-05T14:56:43+07:00"))


def test_noise_lines_by_rule_and_by_shape():
    expected = "Bupati meresmikan jembatan baru di desa itu.\n\nWarga menyambut gembira."
    body = "\n\n".join([
        "Bupati meresmikan jembatan baru di desa itu.",
        "Baca Juga: Gubernur Resmikan Jembatan Mahakam",
        "Loading...",
        "Harga Ikan di Pasar Segiri Stabil Jelang Ramadan",
        "3 April 2023 | 14:02 WITA",
        "Warga menyambut gembira.",
        "-",
    ])
    reasons = [reason for _, reason in ev.noise_lines(body, expected)]
    assert reasons[:2] == ["baca_juga", "loading"]
    assert reasons[2:] == ["stray", "stray"]


def test_article_text_is_never_noise():
    line = "Ferhat Essiz."  # a hard-wrapped line of antara-singlepage3 that a caption rule matches
    assert ev.noise_lines(line, "Dewan juri diketuai Ferhat Essiz. Didukung") == []


def test_html_text_gives_one_paragraph_per_block():
    markup = "<div><p>Satu <b>dua</b></p><p>Tiga<br>Empat</p><ul><li>Lima</li></ul></div>"
    assert ev.html_text(markup) == "Satu dua\n\nTiga\n\nEmpat\n\nLima"


def test_corrections_apply_exactly_once():
    entry = {"content": "Penyidik menyerahkan"}
    fixed = ev.apply_corrections(entry, [{"field": "content", "old": "Penyidik", "new": "LHOKSEUMAWE – Penyidik"}])
    assert fixed["content"] == "LHOKSEUMAWE – Penyidik menyerahkan"
    with pytest.raises(ValueError):
        ev.apply_corrections(entry, [{"field": "content", "old": "tidak ada", "new": "x"}])


# ---------------------------------------------------------------- labelled pages


def test_shared_pages_load_with_their_corrections():
    pages = {page.name: page for page in ev.shared_pages()}
    assert len(pages) == 15
    assert pages["kompas/kompas-singlepage.html"].body.startswith("LHOKSEUMAWE, KOMPAS.com – Penyidik")
    gallery = pages["liputan6/liputan6-singlepage3.html"].body.split("\n\n")
    assert len(set(gallery)) == 5
    assert pages["antara/antara-singlepage.html"].published_at == datetime(2015, 11, 5, 14, 56, 43, tzinfo=ev.WIB)


@pytest.mark.parametrize("page", ev.layout_pages(), ids=lambda page: page.name)
def test_layout_labels_match_their_page(page):
    """Every expected paragraph and the title occur verbatim in the page; no expected line is noise."""
    text = ev.normalize_space(lxml_html.fromstring(page.html).text_content())
    assert page.title in text
    for paragraph in page.body.split("\n\n"):
        assert paragraph in text
        assert noise_line_rule(paragraph) is None, paragraph
    assert page.published_at.tzinfo is not None
    assert set(page.fields) - {"about"} <= LAYOUT_FIELDS


def test_enough_layouts():
    assert len(ev.layout_pages()) >= 5


# ---------------------------------------------------------------- the targets


def test_mirror_body_f1():
    assert summary("mirror").f1 >= ev.TARGET_F1["mirror"], misses("mirror", "body", "error")


def test_mirror_dates():
    assert summary("mirror").date >= 0.99, misses("mirror", "published_at", "error")


def test_shared_body_f1():
    assert summary("shared").f1 >= ev.TARGET_F1["shared"], misses("shared", "body", "error")


@pytest.mark.parametrize("group", ev.GROUPS)
def test_no_noise_left(group):
    assert summary(group).noisy_bodies == 0, misses(group, "noise")


@pytest.mark.parametrize("group", ev.GROUPS)
def test_ours_at_least_plain_trafilatura(group):
    ours, plain = summary(group), summary(group, "trafilatura")
    assert ours.f1 >= plain.f1, f"body F1 {ours.f1:.3f} < trafilatura {plain.f1:.3f}\n{misses(group, 'body')}"


def test_layout_titles_and_dates():
    ours = summary("layouts")
    assert (ours.title, ours.date) == (1.0, 1.0), misses("layouts", "title", "published_at")


@pytest.mark.parametrize("page", ev.layout_pages(), ids=lambda page: page.name)
def test_layout_declared_fields(page):
    """The other fields each layout declares: text exact, tags as a set, instants equal, and every
    expected image present (by one of its URLs) with its caption (a null caption: any)."""
    produced = next(s.produced for s in scores("layouts") if s.page.name == page.name)
    assert produced.error is None, produced.error
    wrong = {name: (produced.fields.get(name), expected)
             for name, expected in page.fields.items()
             if name in LAYOUT_FIELDS and not field_matches(name, produced.fields.get(name), expected)}
    assert not wrong, json.dumps(wrong, ensure_ascii=False, indent=1)


def field_matches(name: str, produced, expected) -> bool:
    if name == "tags":
        return {tag.lower() for tag in produced or ()} == {tag.lower() for tag in expected}
    if name == "updated_at":
        return ev.same_minute(ev.parse_instant(produced), ev.parse_instant(expected))
    if name == "images":
        return all(any(image_matches(got, want) for got in produced or ()) for want in expected)
    return ev.normalize_space(produced) == ev.normalize_space(expected)


def image_matches(got: dict, want: dict) -> bool:
    """``want["url"]`` may list the sizes of one image the page links (shown size, full size)."""
    if got.get("url") not in (want["url"] if isinstance(want["url"], list) else [want["url"]]):
        return False
    return want["caption"] is None or ev.normalize_space(got.get("caption")) == want["caption"]


# ---------------------------------------------------------------- the commands


@pytest.fixture
def runner():
    return CliRunner()


def test_extract_prints_a_layouts_title(runner):
    page = ev.LAYOUTS_DIR / "wp_jnews.html"
    result = runner.invoke(extract_command, [str(page)])
    assert result.exit_code == 0, result.output
    article = json.loads(result.output)
    assert article["title"] == "Pemprov Salurkan Bantuan Alat Tangkap untuk 450 Nelayan Pesisir"
    assert article["source"] == str(page)


def test_extract_several_pages_one_line_each(runner):
    pages = [str(ev.LAYOUTS_DIR / name) for name in ("wp_jnews.html", "joomla_k2.html")]
    result = runner.invoke(extract_command, pages)
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["source"] for line in result.output.splitlines()] == pages


def test_extract_as_text(runner):
    page = str(ev.LAYOUTS_DIR / "joomla_k2.html")
    article = json.loads(runner.invoke(extract_command, [page]).output)
    result = runner.invoke(extract_command, [page, "--format", "text"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"{article['title']}\nsource: {page}\n")
    assert article["body"] in result.output


def test_extract_missing_file(runner, tmp_path):
    result = runner.invoke(extract_command, [str(tmp_path / "nope.html")])
    assert result.exit_code != 0
    assert "no such file" in result.output and "Traceback" not in result.output
    assert [line for line in result.output.splitlines() if line.startswith("Error")] == [
        f"Error: no such file: {tmp_path / 'nope.html'}"]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        """No access log: it would mix into the command's captured output."""


@pytest.fixture
def layout_server():
    """The layouts folder over HTTP on the loopback interface."""
    handler = functools.partial(QuietHandler, directory=str(ev.LAYOUTS_DIR))
    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        yield f"http://127.0.0.1:{server.server_port}"
        server.shutdown()


def test_extract_fetches_a_url(runner, layout_server):
    url = f"{layout_server}/joomla_k2.html"
    result = runner.invoke(extract_command, [url, "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    article = json.loads(result.output)
    assert (article["source"], article["title"]) == (url, "Festival Kesenian Rakyat 2018 Hadirkan 64 Kelompok Seni dari 17 Kecamatan")


def test_extract_url_not_found(runner, layout_server):
    result = runner.invoke(extract_command, [f"{layout_server}/nope.html"])
    assert result.exit_code != 0
    assert result.output.strip() == f"Error: cannot fetch {layout_server}/nope.html: HTTP Error 404: File not found"


def test_extract_unreachable_url(runner):
    result = runner.invoke(extract_command, ["http://127.0.0.1:9/berita/1"])
    assert result.exit_code != 0
    assert result.output.startswith("Error: cannot fetch http://127.0.0.1:9/berita/1")
    assert len(result.output.strip().splitlines()) == 1


def test_extract_url_option_names_one_page(runner):
    pages = [str(ev.LAYOUTS_DIR / "wp_jnews.html")] * 2
    result = runner.invoke(extract_command, [*pages, "--url", "https://example.go.id/a"])
    assert result.exit_code == 2 and "single input" in result.output


def test_eval_json_report(runner):
    result = runner.invoke(eval_command, ["--group", "layouts", "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert [row["extractor"] for row in report["summary"]] == ["ours", "trafilatura", "readability"]
    assert {row["page"] for row in report["pages"]} == {page.name for page in ev.layout_pages()}
