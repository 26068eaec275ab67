"""The README's "For analysts" section, run as written against a demo corpus: its five example
queries (sqlite3, sqlite-utils, pandas) answer their question, and its caveats are there. Then
search that understands Indonesian text: diacritics folded, and the stemmed index (Sastrawi)
scored on the labelled queries of tests/data/search-queries.json."""

from __future__ import annotations

import json
import re
import shlex
import sqlite3
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import DATA, ROOT
from humas_crawler.cli import main
from humas_crawler.corpus import open_corpus, queries, stemming
from humas_crawler.corpus import store as corpus_store
from humas_crawler.corpus.dedup import content_hash
from humas_crawler.corpus.schema import FOLDING_TOKENIZER
from humas_crawler.evaluation import search as evaluation_search

FENCED = re.compile(r"```(\w+)\n(.*?)```", re.DOTALL)


def analysts_section() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return readme.split("## For analysts", 1)[1].split("\n## ", 1)[0]


def examples() -> list[tuple[str, str]]:
    """(language, code) of each fenced block of the section, indentation removed."""
    return [(lang, "\n".join(line.strip() for line in code.splitlines())) for lang, code in
            FENCED.findall(analysts_section())]


def run_sql(path: Path, sql: str) -> list[dict]:
    with sqlite3.connect(path) as con:
        con.row_factory = sqlite3.Row
        return [dict(row) for row in con.execute(sql.rstrip().rstrip(";"))]


def count(path: Path, sql: str) -> int:
    return run_sql(path, sql)[0]["n"]


def test_the_section_has_five_examples_in_sqlite3_sqlite_utils_and_pandas():
    assert [lang for lang, _ in examples()] == ["sql", "sql", "sql", "sh", "python"]
    assert "sqlite-utils query corpus.db" in examples()[3][1] and "pd.read_sql" in examples()[4][1]


def test_the_caveats_are_there():
    caveats = analysts_section()
    assert "published_precision" in caveats and "< '2021-09-01'" in caveats and "julianday()" in caveats


def test_articles_per_site_per_month(demo_corpus):
    rows = run_sql(demo_corpus, examples()[0][1])
    assert sum(row["articles"] for row in rows) == count(demo_corpus, "select count(*) as n from articles")
    assert all(re.fullmatch(r"\d{4}-\d{2}", row["month"]) for row in rows)
    assert len({row["site"] for row in rows}) == 5


def test_who_republished_what_and_how_fast(demo_corpus):
    rows = run_sql(demo_corpus, examples()[1][1])
    assert len(rows) == count(demo_corpus, "select count(*) as n from clusters where is_origin = 0") > 0
    assert {row["copy_site"] for row in rows} >= {"porosnusantara"}
    delays = [row["delay_hours"] for row in rows if row["delay_hours"] is not None]
    assert delays and delays == sorted(delays, reverse=True)


def test_a_search_within_a_date_range(demo_corpus):
    rows = run_sql(demo_corpus, examples()[2][1])
    assert rows and all("2018-01-01" <= row["published_at"] < "2019-01-01" for row in rows)
    assert len(rows) == queries.search_total(open_corpus(demo_corpus), '"raker kehumasan"', since="2018-01-01",
                                             until="2018-12-31")


def test_fill_rates_with_sqlite_utils(demo_corpus):
    args = shlex.split(examples()[3][1])
    assert args[:3] == ["sqlite-utils", "query", "corpus.db"]
    sqlite_utils = Path(sys.executable).with_name("sqlite-utils")
    done = subprocess.run([str(sqlite_utils), "query", str(demo_corpus), *args[3:]], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    rates = {row["site"]: row["author_pct"] for row in json.loads(done.stdout)}
    assert len(rates) == 5 and all(0 <= pct <= 100 for pct in rates.values()) and max(rates.values()) > 0


def test_one_row_per_press_release_in_pandas(demo_corpus, monkeypatch):
    monkeypatch.chdir(demo_corpus.parent)  # the example opens "corpus.db"
    scope: dict = {}
    exec(examples()[4][1], scope)
    releases, per_month = scope["releases"], scope["per_month"]
    assert len(releases) == count(demo_corpus, "select count(*) as n from articles_unique")
    assert len(releases) < count(demo_corpus, "select count(*) as n from articles")
    assert per_month.sum() == len(releases)


# ---- diacritics -------------------------------------------------------------------------------------

@pytest.mark.parametrize("query, stored", [("kafe", "kafé"), ("uber", "Ǖber"), ("Dilí", "Dili")])
def test_search_folds_diacritics(tmp_path, query, stored):
    db = open_corpus(tmp_path / "c.db")
    corpus_store.upsert_site(db, "s", "https://s.go.id", None, None)
    corpus_store.insert_article(db, {"url": "https://s.go.id/1", "canonical_url": "https://s.go.id/1", "site": "s",
                                     "title": f"Warga {stored} bergotong royong", "body": "Isi berita.",
                                     "published_at": "2024-01-02", "content_hash": "x"})
    assert [row["title"] for row in queries.search(db, query)] == [f"Warga {stored} bergotong royong"]


def test_the_index_uses_the_folding_tokenizer(demo_corpus):
    sql = run_sql(demo_corpus, "select sql from sqlite_master where name = 'articles_fts'")[0]["sql"]
    assert FOLDING_TOKENIZER in sql


# ---- stemming ---------------------------------------------------------------------------------------

SEARCH_QUERIES = DATA / "search-queries.json"


def small_corpus(path: Path, bodies: dict[str, str]):
    db = open_corpus(path)
    corpus_store.upsert_site(db, "s", "https://s.go.id", None, None)
    for n, (title, body) in enumerate(bodies.items()):
        corpus_store.insert_article(db, {"url": f"https://s.go.id/{n}", "canonical_url": f"https://s.go.id/{n}",
                                         "site": "s", "title": title, "body": body, "published_at": "2024-01-02",
                                         "content_hash": content_hash(body)})
    return db


def test_a_stemmed_search_finds_other_forms_of_the_word(tmp_path):
    db = small_corpus(tmp_path / "c.db", {"Gubernur Lantik 55 Pejabat": "Sebanyak 55 pejabat dilantik hari ini.",
                                          "Banjir Rendam Desa": "Warga kebanjiran sejak pagi."})
    assert queries.search(db, "pelantikan") == []
    assert stemming.refresh(db) == 2
    assert [r["title"] for r in queries.search(db, "pelantikan", stem=True)] == ["Gubernur Lantik 55 Pejabat"]
    assert {r["title"] for r in queries.search(db, "banjir OR lantik*", stem=True)} == {
        "Banjir Rendam Desa", "Gubernur Lantik 55 Pejabat"}


def test_refresh_stems_only_new_and_changed_articles(tmp_path):
    db = small_corpus(tmp_path / "c.db", {"Panen Raya": "Petani memanen padi.", "Pasar Murah": "Pasar murah digelar."})
    assert stemming.refresh(db) == 2 and stemming.refresh(db) == 0
    body = "Petani memanen jagung di Oelnasi."
    db["articles"].update(1, {"body": body, "content_hash": content_hash(body)})
    assert stemming.refresh(db) == 1
    assert [r["id"] for r in queries.search(db, "jagung", stem=True)] == [1]
    assert queries.search(db, "padi", stem=True) == []


@pytest.mark.parametrize("expression, stemmed", [
    ('"pelantikan"', '"lantik"'),
    ('"pelantikan pejabat" OR "hoak"*', '"lantik jabat" OR "hoak"*'),
    ('"Kebanjiran" NOT ( "desa-desa" )', '"banjir" NOT ( "desa" )'),
])
def test_stemmed_queries_keep_operators_phrases_and_prefixes(expression, stemmed):
    assert stemming.stemmed_query(expression) == stemmed


def test_stemming_helps_recall_on_the_labelled_queries(demo_corpus, tmp_path):
    """What README reports (tests/data/search-queries.json on the demo corpus): stemming adds recall
    for a small loss of precision."""
    path = tmp_path / "corpus.db"
    shutil.copy(demo_corpus, path)
    plain, stemmed = evaluation_search.evaluate(open_corpus(path), SEARCH_QUERIES)
    assert plain.queries == stemmed.queries >= 20
    assert stemmed.recall >= plain.recall + 0.1
    assert stemmed.precision >= plain.precision - 0.05


def test_humas_search_stem(demo_corpus, tmp_path):
    path = tmp_path / "corpus.db"
    shutil.copy(demo_corpus, path)
    runner = CliRunner()
    plain = runner.invoke(main, ["search", "kebanjiran", "--db", str(path), "--format", "json"])
    stemmed = runner.invoke(main, ["search", "kebanjiran", "--stem", "--db", str(path), "--format", "json"])
    assert plain.exit_code == stemmed.exit_code == 0, stemmed.output
    assert json.loads(plain.output)["total"] == 0 < json.loads(stemmed.output)["total"]
    assert all("Banjir" in row["title"] for row in json.loads(stemmed.output)["results"])
