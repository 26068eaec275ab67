"""``humas browse``: Datasette over a corpus built from the mirror, checked over HTTP and in a real
headless Chromium (Debian's, installed by ``.ci/install-system-packages``; no driver needed)."""

from __future__ import annotations

import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request

import pytest
from click.testing import CliRunner

from conftest import ROOT, SEED_TITLES
from humas_crawler.cli import main
from humas_crawler.corpus import checkpoint
from humas_crawler.corpus import open_corpus
from humas_crawler.corpus.datasette import INTERNAL_TABLES, TABLES
from humas_crawler.fields import FIELDS_BY_NAME

CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync")
# A hyphenated word of the mirror's articles, and the article holding it (seed 000 of kaltimprov).
HYPHENATED = "se-Kaltim"
HYPHENATED_TITLE = SEED_TITLES["000"]
# A press release of the mirror that porosnusantara republished (a cluster of the demo corpus).
PRESS_RELEASE = "Rakor TPID Kaltim Petakan Penyebab Kenaikan Harga di Balikpapan"
STARTUP_SECONDS = 30


@pytest.fixture(scope="module")
def corpus(demo_corpus):
    """The demo corpus (conftest), read-only here."""
    return demo_corpus


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(corpus):
    """`humas browse` on a free loopback port, the corpus named by HUMAS_DB (not --db): the
    base URL once it answers."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "humas_crawler", "browse", "--port", str(port)],
                               cwd=ROOT, env={**os.environ, "HUMAS_DB": str(corpus)},
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_answering(base, process)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def wait_until_answering(base: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"humas browse exited with {process.returncode}: {process.stdout.read()}")
        try:
            with urllib.request.urlopen(f"{base}/-/versions.json", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"humas browse did not answer within {STARTUP_SECONDS} s")


def get(base: str, path: str, **params) -> str:
    url = f"{base}{path}" + (f"?{urllib.parse.urlencode(params)}" if params else "")
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def rows(base: str, path: str, **params) -> list[dict]:
    return json.loads(get(base, f"{path}.json", _shape="array", **params))


@pytest.fixture(scope="module")
def chromium():
    """Debian's chromium; a missing one fails (never skips), so CI cannot pass without the test."""
    path = shutil.which("chromium") or ("/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)
    if path is None:
        pytest.fail("chromium is not installed: run .ci/install-system-packages (as root) first")
    return path


def run_chromium(chromium: str, profile, *args: str) -> subprocess.CompletedProcess:
    """Headless Chromium with a fresh profile and no network of its own beyond the page."""
    done = subprocess.run([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done


# ---- before serving ------------------------------------------------------------------------------

def test_a_missing_corpus_is_one_line_and_exit_2(tmp_path):
    result = CliRunner().invoke(main, ["browse", "--db", str(tmp_path / "nope.db")])
    assert result.exit_code == 2 and "no corpus at" in result.output and "Traceback" not in result.output


def immutable_title(path) -> str:
    """Article 1's title as Datasette's immutable mode reads it: the main file only."""
    with sqlite3.connect(f"file:{path}?immutable=1", uri=True) as reader:
        return reader.execute("select title from articles where id = 1").fetchone()[0]


def test_checkpoint_puts_the_wal_into_the_file_immutable_mode_reads(corpus, tmp_path):
    """Immutable mode ignores the -wal file: a change still in the WAL must reach the main file."""
    path = tmp_path / "copy.db"
    shutil.copy(corpus, path)
    writer = sqlite3.connect(path)
    writer.execute("pragma wal_autocheckpoint = 0")  # keep the change in the WAL
    with writer:
        writer.execute("update articles set title = 'changed' where id = 1")
    assert immutable_title(path) != "changed"
    assert checkpoint(open_corpus(path))
    assert immutable_title(path) == "changed"
    writer.close()


# ---- metadata, over HTTP --------------------------------------------------------------------------

def test_internal_tables_are_hidden(server):
    tables = {t["name"]: t["hidden"] for t in json.loads(get(server, "/corpus.json"))["tables"]}
    hidden = {name for name, is_hidden in tables.items() if is_hidden}
    assert set(INTERNAL_TABLES) | {"articles_fts", "articles_fts_data", "articles_fts_idx"} <= hidden
    assert {"articles", "clusters", "crawl_urls", "alarms"}.isdisjoint(hidden)


def test_titles_and_descriptions_are_shown(server):
    assert "Corpus" in get(server, "/corpus")
    assert TABLES["clusters"]["title"] in get(server, "/corpus/clusters")
    articles = get(server, "/corpus/articles")
    assert FIELDS_BY_NAME["canonical_url"].description.replace("'", "&#39;") in articles


def test_json_columns_are_pretty_printed(server):
    """datasette-pretty-json renders tags, images and extraction as indented JSON on the row page."""
    assert '<pre style="white-space: pre-wrap">' in get(server, "/corpus/articles/1")


def test_articles_are_newest_first_and_labelled_by_title(server):
    dates = [r["published_at"] for r in rows(server, "/corpus/articles", _col="published_at", _size=50)]
    assert dates == sorted(dates, reverse=True) and len(dates) == 50
    alias = json.loads(get(server, "/corpus/aliases.json", _labels="on", _shape="array"))[0]
    assert alias["article_id"]["label"]  # the article's title, not only its id


def test_articles_are_faceted_by_site_category_and_tags(server):
    facets = json.loads(get(server, "/corpus/articles.json"))["facet_results"]
    assert {"site", "category", "tags"} <= set(facets)
    assert {v["value"] for v in facets["site"]["results"]} >= {"kaltimprov", "porosnusantara"}


def search_ids(server, query: str) -> set[int]:
    return {r["id"] for r in rows(server, "/corpus/articles", _search=query, _col="id", _size="max")}


def test_the_search_box_reads_the_cli_syntax(server):
    """The box goes through the CLI's parser (corpus/datasette_plugin.py): OR, prefixes, phrases,
    and hyphenated words unquoted, which raw FTS5 reads as a column filter."""
    stunting, banjir = search_ids(server, "stunting"), search_ids(server, "banjir")
    assert stunting and banjir
    assert search_ids(server, "stunting OR banjir") == stunting | banjir
    assert stunting <= search_ids(server, "stunt*")
    assert search_ids(server, "stunting NOT banjir") == stunting - banjir
    assert search_ids(server, HYPHENATED) == search_ids(server, f'"{HYPHENATED}"') != set()


@pytest.mark.parametrize("query", ['"unbalanced', "banjir OR", "( banjir"])
def test_a_query_the_cli_refuses_is_read_as_its_words_in_the_box(server, query):
    assert search_ids(server, query) == search_ids(server, "banjir" if "banjir" in query else "unbalanced")


def test_the_parser_is_an_sql_function_for_hand_written_queries(server):
    sql = "select count(*) as n from articles_fts where articles_fts match humas_fts(:q)"
    assert rows(server, "/corpus", sql=sql, q=HYPHENATED)[0]["n"] == len(search_ids(server, HYPHENATED))


def test_canned_search_filters_by_site_and_local_dates(server):
    found = rows(server, "/corpus/search", query=HYPHENATED, site="kaltimprov",
                 since="2015-03-21", until="2015-03-21")
    assert [r["title"] for r in found] == [HYPHENATED_TITLE]
    assert f"**{HYPHENATED}**" in found[0]["snippet"]


def test_republished_shows_each_copy_with_its_stored_delay_and_edit_distance(server):
    copies = rows(server, "/corpus/republished")
    poros = [r for r in copies if r["press_release"] == PRESS_RELEASE and r["copied_by"] == "porosnusantara"]
    assert poros and poros[0]["delay_hours"] is not None and 0 <= poros[0]["edit_distance"] < 1
    members = rows(server, "/corpus/cluster_copies", origin_title=PRESS_RELEASE)
    assert {m["site"] for m in members} >= {"porosnusantara"} and all(m["title"] and m["url"] for m in members)


# ---- in the browser -------------------------------------------------------------------------------

def test_in_chromium_search_and_canned_query(server, chromium, tmp_path):
    # what the articles page's search box submits for a hyphenated word typed as is
    search = f"{server}/corpus/articles?" + urllib.parse.urlencode({"_search": HYPHENATED})
    dom = run_chromium(chromium, tmp_path / "profile-search", "--dump-dom", search).stdout
    assert f'name="_search" value="{HYPHENATED}"' in dom, "the search box does not hold the query"
    assert HYPHENATED_TITLE in dom, f"{HYPHENATED_TITLE!r} not on the search page"

    canned = f"{server}/corpus/republished"
    dom = run_chromium(chromium, tmp_path / "profile-canned", "--dump-dom", canned).stdout
    assert "Press releases and who republished them" in dom
    assert PRESS_RELEASE in dom and "porosnusantara" in dom

    dashboard = f"{server}/-/dashboards/articles"
    # the chart is drawn by JavaScript after the data is fetched: give the page virtual time for it
    dom = run_chromium(chromium, tmp_path / "profile-dashboard", "--virtual-time-budget=5000", "--dump-dom",
                       dashboard).stdout
    assert 'class="marks"' in dom, "the dashboard drew no chart"
    assert all(site in dom for site in ("kaltimprov", "porosnusantara", "humas_ntt")), "the chart has no legend"

    screenshot = tmp_path / "republished.png"
    run_chromium(chromium, tmp_path / "profile-shot", f"--screenshot={screenshot}", "--window-size=1280,900",
                 canned)
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
