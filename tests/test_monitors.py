"""Layout-drift and compromise alarms: each check on plain figures, the spam pass on small pages,
and real crawls of mirror sites over several nights (a quiet one, a new theme, a hack).

The crawls run the real ``scrapy crawl`` in a subprocess against a mirror of the test's own (see
tests/test_incremental.py), so what they check is what a nightly run gets: the ``alarms`` rows,
the warnings in the run's log and the bodies stored.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from lxml import html as lxml_html
from scrapy.settings import Settings

from conftest import ROOT
from humas_crawler import corpus, settings
from humas_crawler.corpus import monitoring
from humas_crawler.corpus.monitoring import Figures
from humas_crawler.crawl import monitors
from humas_crawler.crawl.monitors import Alarm, Thresholds
from humas_crawler.extraction.cleaning import load_spam_rules, strip_spam
from humas_crawler.extraction.layers import extract_article
from humas_mirror import MirrorServer
from test_incremental import KINDS, Site, registered

FIELDS = ("title", "body", "published_at", "author")
PAGE_URL = "https://kaltimprov.go.id/berita/rapat-kerja"
PROSE = ("SAMARINDA – Gubernur meminta seluruh perangkat daerah mempercepat penyerapan anggaran "
         "sebelum akhir tahun, terutama untuk program pendidikan dan kesehatan.")
_, VOCABULARY = load_spam_rules()


# ---- the checks, on plain figures ----------------------------------------------------------------

def counts(pages=12, new=0, duplicate=0, dropped=0) -> dict:
    return {"pages": pages, "new": new, "duplicate": duplicate, "dropped": dropped}


@pytest.mark.parametrize("run, stats, earlier, finished, alarmed", [
    (counts(), {"discovery/listing_pages": 1}, 40, True, True),                  # links changed shape
    (counts(dropped=3), {"validate/missing/published_at": 3}, 40, True, True),   # selectors broke
    (counts(), {"incremental/skipped_known": 10}, 40, True, False),              # a quiet night
    (counts(), {"discovery/wp_api/posts": 0}, 40, True, False),                  # the API has nothing after
    (counts(), {"crawlstate/failed": 3}, 40, True, False),                       # the server's bad night
    (counts(), {"skipped/pdf": 1}, 40, True, False),                             # a PDF was all it listed
    (counts(duplicate=2), {}, 40, True, False),                                  # re-posts only
    (counts(new=2), {}, 40, True, False),
    (counts(pages=0), {}, 40, True, False),                                      # the health verdict's case
    (counts(), {}, 0, True, False),                                              # a new site, nothing yet
    (counts(), {}, 40, False, False),                                            # killed before its listings
], ids=["links-changed", "all-dropped", "quiet", "api-quiet", "fetch-failures", "non-article", "duplicates",
        "new", "no-page", "new-site", "cut-short"])
def test_no_articles(run, stats, earlier, finished, alarmed):
    alarm = monitors.no_articles(run, stats, earlier, finished)
    assert (alarm is not None) == alarmed
    if alarm:
        assert alarm.kind == "no_articles" and alarm.details["earlier_articles"] == earlier


def test_no_articles_names_what_the_dropped_articles_missed():
    alarm = monitors.no_articles(counts(dropped=3), {"validate/missing/published_at": 3}, 40, True)
    assert "dropped all 3" in alarm.message and alarm.details["missing"] == {"published_at": 3}


def figures(articles: int, author: float = 1.0, median_body: float | None = 1200) -> Figures:
    return Figures(articles, {"title": 1.0, "body": 1.0, "published_at": 1.0, "author": author}, median_body)


@pytest.mark.parametrize("now, recent, fields", [
    (figures(10, author=0.0), figures(200), ["author"]),
    (figures(10, author=0.4), figures(200, author=0.9), ["author"]),
    (figures(10, author=0.6), figures(200, author=0.9), []),       # a drop, not a collapse
    (figures(4, author=0.0), figures(200), []),                    # too few tonight to judge
    (figures(10, author=0.0), Figures(0, {}, None), []),           # no history
])
def test_fill_rate_drops(now, recent, fields):
    alarms = monitors.fill_rate_drops(now, recent, FIELDS, min_articles=5, max_drop=0.5)
    assert [alarm.details["field"] for alarm in alarms] == fields
    assert all(alarm.kind == "fill_rate" and alarm.details["field"] in alarm.message for alarm in alarms)


@pytest.mark.parametrize("now, recent, alarmed", [
    (figures(10, median_body=300), figures(200, median_body=1200), True),
    (figures(10, median_body=800), figures(200, median_body=1200), False),
    (figures(4, median_body=300), figures(200, median_body=1200), False),
    (figures(10, median_body=300), Figures(0, {}, None), False),
])
def test_body_length_collapse(now, recent, alarmed):
    alarm = monitors.body_length_collapse(now, recent, min_articles=5, ratio=0.5)
    assert (alarm is not None) == alarmed
    assert alarm is None or alarm.kind == "body_length"


def test_spam_served_names_every_page():
    pages = [{"url": f"https://kaltimprov.go.id/berita/{n}", "blocks": 1, "links": 5, "words": ["gacor", "slot"]}
             for n in range(3)]
    alarm = monitors.spam_served(pages)
    assert alarm.kind == "spam" and alarm.details["pages"] == pages
    assert pages[0]["url"] in alarm.message and "gacor, slot" in alarm.message
    assert monitors.spam_served([]) is None


def test_the_monitors_run_after_the_run_record_closes():
    """Extensions are built in EXTENSIONS order and signal handlers run in connection order: the
    monitors come after CrawlRunExtension, so they judge a closed run."""
    order = settings.EXTENSIONS
    assert order["humas_crawler.crawl.monitors.MonitorExtension"] > order[
        "humas_crawler.crawl.extensions.CrawlRunExtension"]
    limits = Thresholds.from_settings(Settings({k: getattr(settings, k) for k in dir(settings) if k.isupper()}))
    assert limits.history_runs > 0 and limits.min_articles > 0 and set(FIELDS) <= set(limits.fields)
    assert 0 < limits.fill_rate_drop < 1 and 0 < limits.body_length_ratio < 1


def test_alarms_are_recorded_and_read_back_by_run(tmp_path):
    db = corpus.open_corpus(tmp_path / "corpus.db")
    for run_id, alarm in ((1, Alarm("spam", "2 pages", {"pages": []})), (2, Alarm("no_articles", "none", {}))):
        monitoring.record_alarm(db, run_id, "kaltimprov", alarm.kind, alarm.message, alarm.details)
    assert [(a["run_id"], a["kind"], a["details"]) for a in monitoring.run_alarms(db, [2, 1])] == [
        (1, "spam", {"pages": []}), (2, "no_articles", {})]
    assert monitoring.run_alarms(db, []) == []


# ---- spam, on small pages ------------------------------------------------------------------------

def spam_links(*texts: str, host: str = "slot-gacor88.example") -> str:
    return " ".join(f'<a href="https://{host}/{n}">{text}</a>' for n, text in enumerate(texts))


SOCIAL = "".join(f'<a href="https://www.{s}.com/share">{s}</a>' for s in ("facebook", "twitter", "whatsapp",
                                                                         "telegram", "linkedin"))
OWN_HEADLINES = ('<a href="/berita/gerebek-judi">Polres Gerebek Arena Judi Sabung Ayam</a>'
                 '<a href="/berita/blokir-slot">Diskominfo Blokir 800 Situs Slot dan Togel</a>')


@pytest.mark.parametrize("snippet, rule", [
    (f'<div style="display:none">{spam_links("Slot Gacor", "Togel Online")}</div>', "hidden_style"),
    (f'<div style="visibility: hidden">{spam_links("Situs Toto 4D")}</div>', "hidden_style"),
    (f'<div style="position: absolute; left: -9999px;">{spam_links("Slot88 Maxwin")}</div>', "offscreen_style"),
    (f'<p style="text-indent:-5000px">{spam_links("Judi Bola", "Poker")}</p>', "offscreen_style"),
    ('<span style="font-size:0px">slot gacor maxwin hari ini</span>', "zero_size_style"),
    (f'<div style="height: 0px; overflow: hidden">{spam_links(*["Daftar"] * 12)}</div>', "zero_size_style"),
    (f'<div hidden>{spam_links("RTP Slot Gacor")}</div>', "hidden_attribute"),
    (f'<p>{spam_links("slot gacor", "maxwin", "togel")}</p>', "gambling_links"),
    (f'<ul><li>{spam_links("Slot Zeus")}</li><li>{spam_links("Toto Macau", host="toto.example")}</li></ul>',
     "gambling_links"),
], ids=["display-none", "visibility", "left-offscreen", "text-indent", "font-size-0", "height-0-many-links",
        "hidden-attribute", "visible-paragraph", "visible-list"])
def test_spam_is_stripped_and_reported(snippet, rule):
    root = lxml_html.fromstring(f"<html><body><div class='isi'><p>{PROSE}</p>{snippet}</div></body></html>")
    found = strip_spam(root, PAGE_URL)
    text = root.text_content()
    assert found.removed == {rule: 1} and PROSE in text
    assert not VOCABULARY.search(text), text
    assert found.report["blocks"] == 1 and found.report["links"] == snippet.count("<a ")


@pytest.mark.parametrize("snippet", [
    f'<div class="share-menu" style="display:none">{SOCIAL}</div>',        # a hidden share menu
    f'<div class="tab-pane" style="display:none">{OWN_HEADLINES}</div>',   # the site's own headlines
    f'<aside><h3>Terpopuler</h3>{OWN_HEADLINES}</aside>',
    '<div style="display:none">Judi</div>',                                # one word is no spam block
    '<p style="line-height:0">Pemkot menutup slot parkir liar dan lokasi judi.</p>',
    '<p>Satgas menindak judi online: situs slot dan togel diblokir.</p>',  # prose about gambling
    f'<p>{spam_links("Slot Gacor")} adalah situs yang diblokir Kominfo pekan lalu karena promosi judi.</p>',
    '<div style="display:none"><a href="https://www.kaltimprov.go.id/berita/judi">Razia Judi Slot</a></div>',
    '<div style="display:none"><a href="http://[rusak">Slot Gacor</a> <a href="javascript:void(0)">Toto</a></div>',
], ids=["share-menu", "hidden-headlines", "visible-headlines", "one-word", "line-height", "prose",
        "one-link-in-prose", "own-site-with-www", "malformed-links"])
def test_pages_without_spam_are_left_alone(snippet):
    page = f"<html><body><div class='isi'><p>{PROSE}</p>{snippet}</div></body></html>"
    root = lxml_html.fromstring(page)
    assert strip_spam(root, PAGE_URL).report is None
    assert lxml_html.tostring(root) == lxml_html.tostring(lxml_html.fromstring(page))


def test_extraction_reports_spam_and_keeps_it_out_of_the_body():
    spam = f"<div style='display:none'>{spam_links('Slot Gacor', 'Togel')}</div>"
    page = (f"<html><head><title>Rapat Kerja</title></head><body><h1>Rapat Kerja</h1><div class='isi'>"
            f"<p>{PROSE}</p>{spam}<p>{PROSE.replace('SAMARINDA – ', '')}</p></div></body></html>")
    extraction = extract_article(page, url=PAGE_URL, selectors={"body": "div.isi"})
    assert extraction["body"] == f"{PROSE}\n\n{PROSE.replace('SAMARINDA – ', '')}"
    assert extraction["extraction"]["spam"] == {"blocks": 1, "links": 2, "words": ["gacor", "slot", "togel"]}
    assert extraction["extraction"]["removed"]["hidden_style"] == 1
    clean = extract_article(page.replace(spam, ""), url=PAGE_URL, selectors={"body": "div.isi"})
    assert clean["body"] == extraction["body"] and "spam" not in clean["extraction"]


# ---- nights on the mirror ------------------------------------------------------------------------

@pytest.fixture
def own_mirror():
    """A mirror of the test's own: publishing, hacking and re-theming change only it."""
    with MirrorServer() as mirror:
        yield mirror


def crawl(site: Site) -> str:
    """One night: ``scrapy crawl NAME`` (the components ``humas crawl`` runs); its log."""
    result = subprocess.run([sys.executable, "-m", "scrapy", "crawl", site.name, "-s", f"HUMAS_DB={site.db}"],
                            cwd=ROOT, capture_output=True, text=True, timeout=300,
                            env={**os.environ, "HUMAS_REGISTRY": str(site.registry)})
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Error caught on signal handler" not in result.stderr, "Scrapy logs a failing monitor and goes on"
    return result.stderr


def alarms_of_last_run(site: Site) -> list[dict]:
    return monitoring.run_alarms(corpus.open_corpus(site.db), [site.last_run()["id"]])


def logged(alarm: str, site: Site) -> str:
    return f"alarm {alarm}: run {site.last_run()['id']} of {site.name}:"


@pytest.mark.parametrize("kind", KINDS)
def test_a_quiet_night_raises_no_alarm(own_mirror, tmp_path, kind):
    name, values, _ = KINDS[kind]
    site = Site(own_mirror, name, values, tmp_path)
    crawl(site)
    assert alarms_of_last_run(site) == []
    log = crawl(site)
    assert site.last_run()["new"] == 0
    assert alarms_of_last_run(site) == [] and "alarm" not in log


def test_a_new_theme_whose_listings_lead_nowhere_raises_a_drift_alarm(own_mirror, tmp_path):
    site = Site(own_mirror, "kaltimprov", registered("kaltimprov"), tmp_path)
    crawl(site)
    own_mirror.publish("kaltimprov", 3)
    own_mirror.relayout("kaltimprov")
    log = crawl(site)
    alarms = alarms_of_last_run(site)
    assert [alarm["kind"] for alarm in alarms] == ["no_articles"] and site.last_run()["new"] == 0
    assert logged("no_articles", site) in log


def test_a_new_theme_that_loses_the_byline_raises_a_fill_rate_alarm(own_mirror, tmp_path):
    """Found through the sitemap, the new-theme pages still give title, body and date (the generic
    layer reads them) but the byline's selector matches nothing."""
    site = Site(own_mirror, "diskominfo_kaltim", {**registered("diskominfo_kaltim"), "discovery": ["sitemap"]},
                tmp_path)
    crawl(site)
    own_mirror.publish("diskominfo_kaltim", 6)
    own_mirror.relayout("diskominfo_kaltim")
    log = crawl(site)
    alarms = alarms_of_last_run(site)
    assert site.last_run()["new"] == 6
    assert [(alarm["kind"], alarm["details"]["field"]) for alarm in alarms] == [("fill_rate", "author")]
    assert logged("fill_rate", site) in log


@pytest.mark.parametrize("hidden", [True, False], ids=["hidden", "visible"])
def test_a_hacked_site_raises_a_spam_alarm_naming_its_pages(own_mirror, tmp_path, hidden):
    own_mirror.inject_spam("kaltimprov", hidden=hidden)
    site = Site(own_mirror, "kaltimprov", registered("kaltimprov"), tmp_path)
    log = crawl(site)
    articles = own_mirror.articles("kaltimprov")
    alarms = alarms_of_last_run(site)
    assert [alarm["kind"] for alarm in alarms] == ["spam"] and logged("spam", site) in log
    assert {page["url"] for page in alarms[0]["details"]["pages"]} == set(site.urls(articles))
    rows = corpus.open_corpus(site.db).query("select canonical_url, body from articles")
    assert {row["canonical_url"]: row["body"] for row in rows} == {site.url + a.path: a.body for a in articles}
