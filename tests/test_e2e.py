"""End to end: the real `humas demo` crawls the loopback mirror over HTTP into a real SQLite file."""

import csv
import json
import subprocess
import sys

import pytest

from conftest import ROOT, expected_body, run_humas
from humas_crawler import corpus
from humas_crawler.corpus import queries
from humas_crawler.extraction.cleaning import noise_line_rule
from humas_mirror import SITES, catalog, labelled_pairs
from humas_mirror.content import DATE_ONLY

SEED_SITE = {"000": "kaltimprov", "001": "kaltimprov", "002": "diskominfo_kaltim", "003": "diskominfo_kutim",
             "004": "porosnusantara"}


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    db_path = tmp_path_factory.mktemp("demo") / "corpus.db"
    result = run_humas("demo", "--db", str(db_path))
    assert result.returncode == 0, result.stderr[-3000:]
    return db_path, result


def articles(db_path):
    return list(corpus.open_corpus(db_path).query("select * from articles"))


def expected_published(article):
    """The mirror's time of an article; its date-only sites print the day alone, and the corpus
    stores that bare day (the mirror's midnight is its own placeholder, not the page's)."""
    return article.published_at[:10] if article.site in DATE_ONLY else article.published_at


def seed_articles():
    return [a for site in SITES for a in catalog()[site] if a.seed]


def stored(db_path, article):
    url = real_url(db_path, article.site, article.path)
    rows = [r for r in articles(db_path) if r["canonical_url"] == url]
    assert rows, f"{url} is not in the corpus"
    return rows[0]


@pytest.mark.parametrize("seed", sorted(SEED_SITE))
def test_seed_article_is_clean(demo, seed):
    db_path, _ = demo
    article = next(a for a in seed_articles() if a.seed == seed and a.site == SEED_SITE[seed])
    row = stored(db_path, article)
    assert row["title"] == article.title
    assert row["published_at"] == expected_published(article)
    assert row["body"] == expected_body(seed)


def test_original_press_release_on_ntt(demo):
    db_path, _ = demo
    republished = next(a for a in seed_articles() if a.seed == "004")
    origin_key = next(a for a, b, rel in labelled_pairs() if b == (republished.site, republished.path))
    original = next(a for a in catalog()["humas_ntt"] if (a.site, a.path) == origin_key)
    row = stored(db_path, original)
    assert (row["title"], row["published_at"], row["body"]) == (original.title, original.published_at, original.body)


def real_url(db_path, site, path):
    return corpus.open_corpus(db_path)["sites"].get(site)["url"] + path


def test_every_mirror_article_is_stored_with_its_fields(demo):
    db_path, _ = demo
    copies = {pair for a, b, rel in labelled_pairs() if rel == "exact" for pair in (a, b)}
    for site in SITES:
        for article in catalog()[site]:
            if (site, article.path) in copies:
                continue
            row = stored(db_path, article)
            assert row["title"] == article.title, article.path
            assert row["published_at"] == expected_published(article), article.path
            assert (row["published_precision"] == "day") == (site in DATE_ONLY), article.path
            assert row["body"] == article.body, article.path


def test_exact_copies_are_stored_once_with_an_alias(demo):
    db_path, _ = demo
    db = corpus.open_corpus(db_path)
    for a, b, rel in labelled_pairs():
        if rel != "exact":
            continue
        urls = [real_url(db_path, *a), real_url(db_path, *b)]
        rows = [r for r in articles(db_path) if r["canonical_url"] in urls]
        aliases = list(db.query("select * from aliases where url in (?, ?)", urls))
        assert len(rows) == 1 and len(aliases) == 1
        assert aliases[0]["article_id"] == rows[0]["id"]


def test_no_body_keeps_a_noise_line(demo):
    db_path, _ = demo
    for row in articles(db_path):
        noisy = [line for line in row["body"].split("\n\n") if noise_line_rule(line)]
        assert not noisy, (row["canonical_url"], noisy)
        assert "Berita Terkait" not in row["body"] and "Loading" not in row["body"]


def test_summary_and_runs_are_recorded(demo):
    db_path, result = demo
    assert "Crawl summary" in result.stderr and str(db_path) in result.stderr
    runs = list(corpus.open_corpus(db_path).query("select * from crawl_runs"))
    assert {r["spider"] for r in runs} == set(SITES)
    assert all(r["status"] == "finished" and r["new"] > 0 and r["pages"] > 0 for r in runs)
    assert json.loads(runs[0]["stats"])["store/new"] == runs[0]["new"]


def test_second_run_stores_nothing_new(demo):
    db_path, _ = demo
    before = len(articles(db_path))
    result = run_humas("demo", "--db", str(db_path))
    assert result.returncode == 0, result.stderr[-3000:]
    db = corpus.open_corpus(db_path)
    latest = list(db.query("select * from crawl_runs order by id desc limit ?", [len(SITES)]))
    assert [r["new"] for r in latest] == [0] * len(SITES)
    assert len(articles(db_path)) == before


def test_scrapy_crawl_works_the_scrapy_way(mirror, tmp_path):
    db_path = tmp_path / "scrapy.db"
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "kaltimprov", "-a", f"base_url={mirror.base_url('kaltimprov')}",
         "-s", f"HUMAS_DB={db_path}", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert len(articles(db_path)) == len(catalog()["kaltimprov"])


def test_syndicated_copies_cluster_and_near_misses_do_not(demo):
    """Precision and recall of clustering over the mirror's labelled pairs, crawled end to end."""
    db_path, _ = demo
    db = corpus.open_corpus(db_path)
    cluster_of = {r["canonical_url"]: r["cluster_id"] for r in db.query(
        "select a.canonical_url, c.cluster_id from clusters c join articles a on a.id = c.article_id")}
    linked, truth = set(), set()
    for a, b, rel in labelled_pairs():
        if rel == "exact":
            continue
        pair = (real_url(db_path, *a), real_url(db_path, *b))
        if cluster_of.get(pair[0]) is not None and cluster_of.get(pair[0]) == cluster_of.get(pair[1]):
            linked.add(pair)
        if rel == "syndicated":
            truth.add(pair)
    true_positives = len(linked & truth)
    assert truth and true_positives / len(truth) >= 0.95  # recall
    assert linked and true_positives / len(linked) >= 0.95  # precision


def test_origin_is_the_press_release_and_unique_view_has_one_row_per_cluster(demo):
    db_path, _ = demo
    db = corpus.open_corpus(db_path)
    origins = list(db.query(
        "select a.site from clusters c join articles a on a.id = c.article_id where c.is_origin = 1"))
    assert origins and all(o["site"] != "porosnusantara" for o in origins)
    copies = next(db.query("select count(*) as n from clusters where is_origin = 0"))["n"]
    assert db["articles_unique"].count == db["articles"].count - copies
    result = run_humas("clusters", "--db", str(db_path))
    assert result.returncode == 0 and f"{len(origins)} clusters" in result.stdout


def test_export_jsonl_and_csv(demo, tmp_path):
    db_path, _ = demo
    out = tmp_path / "all.jsonl"
    result = run_humas("export", "--db", str(db_path), "-o", str(out))
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == len(articles(db_path)) and isinstance(rows[0]["tags"], list)
    unique = tmp_path / "unique.csv"
    result = run_humas("export", "--db", str(db_path), "--unique", "--format", "csv", "--site", "porosnusantara",
                       "-o", str(unique))
    assert result.returncode == 0, result.stderr
    poros = [r for r in articles(db_path) if r["site"] == "porosnusantara"]
    with unique.open(encoding="utf-8", newline="") as handle:
        exported = list(csv.DictReader(handle))
    copies = [r for r in poros if next(corpus.open_corpus(db_path).query(
        "select 1 from clusters where article_id = ? and is_origin = 0", [r["id"]]), None)]
    assert copies and len(exported) == len(poros) - len(copies)


def test_export_refuses_a_bad_date(demo):
    db_path, _ = demo
    result = run_humas("export", "--db", str(db_path), "--since", "kemarin")
    assert result.returncode == 2 and "not a date" in result.stderr


def test_full_text_search(demo):
    db_path, _ = demo
    hits = queries.search(corpus.open_corpus(db_path), "kehumasan waikabubak", site="humas_ntt")
    assert [h["title"] for h in hits] == ["Biro Humas Setda NTT Gelar Raker Kehumasan se-NTT di Waikabubak"]
    assert queries.search(corpus.open_corpus(db_path), "kehumasan waikabubak", since="2019-01-01") == []
    result = run_humas("search", '"unclosed', "--db", str(db_path))
    assert result.returncode == 2 and "cannot search" in result.stderr
