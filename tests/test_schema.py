"""The corpus schema: migrations upgrade old corpora in place, in one transaction, losing no row;
the article's columns follow the field declaration."""

import shutil
import sqlite3
import subprocess
import sys

import pytest
import sqlite_utils

from conftest import DATA, ROOT
from humas_crawler import fields
from humas_crawler.corpus import CorpusError, open_corpus, schema
from humas_crawler.fields import Field

# Built by humas-crawler 0.1 (commit dbcc62a, before schema versioning) from the offline mirror:
# `scrapy crawl humas_ntt` and `scrapy crawl porosnusantara`, 59 articles, 4 clustered.
OLD_CORPUS = DATA / "corpus-v0.db"
OLD_TABLES = ("sites", "crawl_runs", "articles", "article_revisions", "aliases", "minhash_signatures",
              "lsh_buckets", "clusters", "dedup_settings")


@pytest.fixture
def old_corpus(tmp_path):
    path = tmp_path / "corpus.db"
    shutil.copy(OLD_CORPUS, path)
    return path


def snapshot(path) -> dict[str, list[tuple]]:
    """Every row of the old tables, as plain sqlite3 reads them (no humas code involved)."""
    with sqlite3.connect(path) as conn:
        return {table: sorted(conn.execute(f"select * from {table}").fetchall(), key=repr) for table in OLD_TABLES}


def test_old_corpus_upgrades_in_place_keeping_every_row(old_corpus):
    before = snapshot(old_corpus)
    assert "schema_migrations" not in sqlite_utils.Database(old_corpus).table_names()
    db = open_corpus(old_corpus)
    assert schema.applied_version(db) == schema.SCHEMA_VERSION
    after = {table: list(db.query(f"select * from {table}")) for table in OLD_TABLES}
    for table, rows in before.items():
        assert len(after[table]) == len(rows), table
    # old columns keep their values (but the mirror's addresses, moved to the real site: migration 4)
    old_article_columns = list(schema.BASELINE_ARTICLE_COLUMNS)
    kept = [c for c in old_article_columns if c not in ("url", "images")]
    snapshot_by_id = {r[0]: dict(zip(old_article_columns, r)) for r in before["articles"]}
    for row in after["articles"]:
        old = snapshot_by_id[row["id"]]
        assert {c: row[c] for c in kept} == {c: old[c] for c in kept}
        assert row["url"].startswith("https://") and row["url"].split("/", 3)[3] == old["url"].split("/", 4)[4]
        assert "127.0.0.1" not in (row["images"] or "")
    assert {"problem"} <= set(db["crawl_runs"].columns_dict) and {"platform"} <= set(db["sites"].columns_dict)
    assert db["articles"].count == 59 and db["clusters"].count == 4


def test_upgraded_corpus_still_searches_and_dedupes(old_corpus):
    from humas_crawler.corpus import queries
    from humas_crawler.corpus.dedup import rebuild_index

    db = open_corpus(old_corpus)
    assert queries.search(db, "kehumasan")  # the old full-text index still answers
    assert rebuild_index(db) == 59  # `humas dedupe --rebuild` indexes every old article
    assert queries.cluster_report(db)


def test_migration_versions_run_one_to_n():
    assert [m.version for m in schema.MIGRATIONS] == list(range(1, len(schema.MIGRATIONS) + 1))


def test_opening_twice_applies_nothing_the_second_time(old_corpus):
    db = open_corpus(old_corpus)
    assert schema.migrate(db) == []
    assert [r["version"] for r in db.query("select version from schema_migrations")] == [m.version for m in schema.MIGRATIONS]


def test_a_new_corpus_matches_the_declared_fields(tmp_path):
    db = open_corpus(tmp_path / "new.db")
    assert set(db["articles"].columns_dict) == set(fields.article_columns())
    assert schema.fts_columns(db) == list(fields.SEARCHABLE_COLUMNS)


def test_a_failed_migration_leaves_the_corpus_as_it_was(old_corpus, monkeypatch):
    def broken(db):
        db["crawl_runs"].add_column("half_done", str)
        raise sqlite3.OperationalError("disk I/O error (injected)")

    monkeypatch.setattr(schema, "MIGRATIONS", (*schema.MIGRATIONS, schema.Migration(99, "broken", broken)))
    monkeypatch.setattr(schema, "SCHEMA_VERSION", 99)
    before = snapshot(old_corpus)
    with pytest.raises(CorpusError, match="injected"):
        open_corpus(old_corpus)
    raw = sqlite_utils.Database(old_corpus)
    assert "schema_migrations" not in raw.table_names()
    assert "half_done" not in raw["crawl_runs"].columns_dict and "problem" not in raw["crawl_runs"].columns_dict
    assert snapshot(old_corpus) == before


def test_a_corpus_from_a_newer_version_is_refused_in_one_line(tmp_path):
    path = tmp_path / "future.db"
    db = open_corpus(path)
    db["schema_migrations"].insert({"version": schema.SCHEMA_VERSION + 1, "description": "future", "applied_at": ""})
    with pytest.raises(CorpusError, match="newer than this humas-crawler"):
        open_corpus(path)


def test_a_newly_declared_field_becomes_a_column_of_an_existing_corpus(old_corpus, monkeypatch):
    """Adding a field is one entry in fields.ARTICLE_FIELDS: the next open adds its column, and a
    searchable one joins the full-text index (rebuilt over the existing rows)."""
    summary = Field("summary", str, "A one-line summary.", searchable=True)
    monkeypatch.setattr(fields, "ARTICLE_FIELDS", (*fields.ARTICLE_FIELDS, summary))
    monkeypatch.setattr(fields, "STORED_FIELDS", (*fields.STORED_FIELDS, summary))
    monkeypatch.setattr(schema, "SEARCHABLE_COLUMNS", (*fields.SEARCHABLE_COLUMNS, "summary"))
    db = open_corpus(old_corpus)
    assert "summary" in db["articles"].columns_dict
    assert schema.fts_columns(db) == ["title", "body", "summary"]
    assert db["articles"].count == 59
    assert list(db["articles"].search("kehumasan"))


def test_the_old_corpus_takes_a_new_crawl(old_corpus, mirror):
    """The upgraded file is crawled into by today's code: new articles land beside the old ones,
    the ones it already holds are not stored again, and the run is recorded with its verdict."""
    before = sqlite_utils.Database(old_corpus)["articles"].count
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "kaltimprov", "-a", f"base_url={mirror.base_url('kaltimprov')}",
         "-s", f"HUMAS_DB={old_corpus}", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0",
         "-s", "LOG_LEVEL=WARNING"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    db = open_corpus(old_corpus)
    assert db["articles"].count > before
    assert {r["site"] for r in db.query("select distinct site from articles")} == {"humas_ntt", "porosnusantara",
                                                                                   "kaltimprov"}
    run = next(db.query("select * from crawl_runs order by id desc limit 1"))
    assert (run["spider"], run["status"], run["problem"]) == ("kaltimprov", "finished", None)


def test_published_month_is_the_pages_own_month(tmp_path):
    """An article of 1 September 00:30 WITA is September, though it is still August in UTC."""
    from humas_crawler.corpus import store

    db = open_corpus(tmp_path / "c.db")
    store.upsert_site(db, "s", "https://s.go.id", None, "WITA")
    store.insert_article(db, {"site": "s", "canonical_url": "https://s.go.id/a", "url": "https://s.go.id/a",
                              "title": "t", "body": "b", "published_at": "2021-09-01T00:30:00+08:00"})
    row = next(db.query("select published_month, strftime('%Y-%m', published_at) as utc_month from articles"))
    assert row == {"published_month": "2021-09", "utc_month": "2021-08"}
