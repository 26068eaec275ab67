"""Migration 10: ``humas stats`` reads fill rates from the fill_mask index and exports stream in
published_at order, so a million-article corpus is summarised without reading its bodies."""

from __future__ import annotations

import itertools

import pytest

from humas_crawler.corpus import open_corpus, queries, store
from humas_crawler.fields import EXPORT_COLUMNS, FILL_RATE_FIELDS

EMPTY = {"title": "", "author": "", "reporter": None, "dateline": "", "category": None, "tags": "[]",
         "images": "[]", "body": ""}
FULL = {"title": "Raker", "author": "Ade", "reporter": "(mar)", "dateline": "SAMARINDA", "category": "Berita",
        "tags": '["raker"]', "images": '[{"url": "https://x.go.id/a.jpg", "caption": null}]', "body": "Isi."}


@pytest.fixture
def corpus(tmp_path):
    """Two sites, articles filled in every combination of a few fields (the rest alternating)."""
    db = open_corpus(tmp_path / "corpus.db")
    for site in ("a", "b"):
        store.upsert_site(db, site, f"https://{site}.go.id", None, None)
    for number, pattern in enumerate(itertools.product([False, True], repeat=4)):
        fields = {name: (FULL if pattern[i % 4] else EMPTY)[name] for i, name in enumerate(EMPTY)}
        store.insert_article(db, {**fields, "site": "ab"[number % 2], "url": f"https://x.go.id/{number}",
                                  "canonical_url": f"https://x.go.id/{number}",
                                  "published_at": None if number % 5 == 0 else f"2024-01-{number + 1:02d}"})
    return db


def test_fill_rates_from_the_mask_equal_those_from_the_columns(corpus):
    by_mask = queries.corpus_stats(corpus, FILL_RATE_FIELDS)
    for row in by_mask["sites"]:
        expected = next(corpus.query(f"select count(*) as n, {queries.filled_counts(FILL_RATE_FIELDS)} "
                                     "from articles where site = ?", [row["site"]]))
        assert row["fill_rates"] == {name: round(expected[name] / expected["n"], 4) for name in FILL_RATE_FIELDS}
    assert 0 < by_mask["totals"]["fill_rates"]["author"] < 1


def plan(db, sql: str) -> str:
    return " | ".join(row[3] for row in db.execute("explain query plan " + sql))


def test_stats_read_the_index_and_exports_need_no_sort(corpus):
    stats_sql = (f"select s.name, count(a.id), min(a.published_at), {queries.masked_counts(FILL_RATE_FIELDS, 'a.')} "
                 "from sites s left join articles a on a.site = s.name group by s.name")
    assert "idx_articles_site_stats" in plan(corpus, stats_sql)
    columns = ", ".join(f"a.{name}" for name in EXPORT_COLUMNS)
    export_plan = plan(corpus, f"select {columns} from articles a order by a.published_at, a.id")
    assert "idx_articles_published_at" in export_plan and "TEMP B-TREE" not in export_plan
