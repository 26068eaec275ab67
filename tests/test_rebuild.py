"""The rebuild of the near-duplicate index (``humas dedupe --rebuild``) with worker processes making
the Texts ahead: the clusters the pipeline built, every row and column, whatever the number of
workers and batches; a worker's error raised, not hung on; the command's progress and errors."""

from __future__ import annotations

import pickle

import pytest
from click.testing import CliRunner

from conftest import DATA
from humas_crawler.cli.dedup import dedupe as dedupe_command
from humas_crawler.corpus import open_corpus
from humas_crawler.corpus import store as corpus_store
from humas_crawler.corpus.dedup import (NearDuplicateIndex, Text, content_hash, former_mates, rebuild_index,
                                        texts_of)
from humas_crawler.evaluation import dedup as evaluation

LABELLED = evaluation.load_set(DATA / "dedup-pairs")
EVERY_ROW = "select * from clusters order by article_id"


def store(db, article: dict, body: str | None = None) -> int:
    corpus_store.upsert_site(db, article["site"], article["url"].split("/berita")[0], None, None)
    body = article["body"] if body is None else body
    return corpus_store.insert_article(db, {
        "url": article["url"], "canonical_url": article["url"], "site": article["site"], "title": article["title"],
        "body": body, "published_at": article["published_at"], "content_hash": content_hash(body),
    })


@pytest.fixture(scope="module")
def pipeline_corpus(tmp_path_factory):
    """The labelled articles, clean and noisy bodies (166), stored and indexed one by one as the
    pipeline does; the path and the clusters rows it built."""
    path = tmp_path_factory.mktemp("rebuild") / "c.db"
    db = open_corpus(path)
    index = NearDuplicateIndex(db)
    for kind in ("clean", "noisy"):
        bodies = evaluation.bodies_of(LABELLED, kind)
        for article in LABELLED.articles:
            index.add(store(db, {**article, "url": f"{article['url']}-{kind}"}, bodies[article["key"]]))
    rows = db.execute(EVERY_ROW).fetchall()
    db.close()
    return path, rows


@pytest.mark.parametrize("workers, batch_size", [(1, 1000), (1, 7), (2, 7), (3, 50)])
def test_a_rebuild_gives_the_clusters_the_pipeline_built(pipeline_corpus, tmp_path, workers, batch_size):
    source, built = pipeline_corpus
    path = tmp_path / "c.db"
    path.write_bytes(source.read_bytes())
    db = open_corpus(path)
    calls = []
    assert rebuild_index(db, lambda done, total: calls.append((done, total)), workers, batch_size) == 166
    assert len(built) > 40 and db.execute(EVERY_ROW).fetchall() == built
    assert calls == [(done, 166) for done in range(1, 167)]


def test_a_wrong_hint_from_the_former_clusters_costs_no_decision(pipeline_corpus, tmp_path):
    source, built = pipeline_corpus
    path = tmp_path / "c.db"
    path.write_bytes(source.read_bytes())
    db = open_corpus(path)
    db.execute("insert or ignore into clusters (cluster_id, article_id, is_origin) select id % 5, id, 0 from articles")
    db.execute("update clusters set cluster_id = article_id % 5")  # every article a mate of a fifth of the others
    assert len(former_mates(db)) == 166 - 5
    rebuild_index(db, workers=2, batch_size=20)
    assert db.execute(EVERY_ROW).fetchall() == built


def test_pending_articles_indexed_with_workers_cluster_as_the_pipeline_did(pipeline_corpus, tmp_path):
    source, built = pipeline_corpus
    path = tmp_path / "c.db"
    path.write_bytes(source.read_bytes())
    db = open_corpus(path)
    for table in ("clusters", "lsh_buckets", "minhash_signatures"):
        db.execute(f"delete from {table}")
    assert NearDuplicateIndex(db).index_pending(workers=2, batch_size=30) == 166
    assert db.execute(EVERY_ROW).fetchall() == built


def test_texts_made_by_a_worker_are_the_texts_made_here():
    bodies = [article["body"] for article in LABELLED.articles] + [None, "", "Satu baris."]
    # as the pool returns them: pickled in the worker, unpickled here
    made = pickle.loads(pickle.dumps(texts_of([(body, position % 2 == 0) for position, body in enumerate(bodies)])))
    assert ["sentences" in vars(text) for text in made[:4]] == [True, False, True, False]
    assert [described(text) for text in made] == [described(Text(body)) for body in bodies]


def described(text: Text) -> tuple:
    """Everything a Text holds, its sentences included, as plain values."""
    sentences = text.sentences
    arrays = (sentences.hashes, sentences.owners, sentences.sizes, sentences.words, *sentences.quotes)
    return text.lines, text.shingles.tolist(), [array.tolist() for array in arrays], sentences.specifics


def test_a_worker_error_is_raised_and_leaves_the_committed_batches(tmp_path):
    db = open_corpus(tmp_path / "c.db")
    for article in LABELLED.articles[:20]:
        store(db, article)
    broken = store(db, {**LABELLED.articles[0], "url": "https://example.go.id/berita/broken"})
    # a blob, not a text: Text() fails on it (in the worker that makes the third batch's Texts)
    db.execute("update articles set body = ? where id = ?", ["Satu dua tiga empat lima enam.".encode(), broken])
    with pytest.raises(TypeError):
        rebuild_index(db, workers=2, batch_size=10)
    indexed = {row[0] for row in db.execute("select article_id from minhash_signatures")}
    assert indexed == set(range(1, 21))  # the two batches before the broken one


def test_dedupe_command_rebuilds_with_workers_and_shows_progress(pipeline_corpus, tmp_path):
    source, built = pipeline_corpus
    path = tmp_path / "c.db"
    path.write_bytes(source.read_bytes())
    result = CliRunner().invoke(dedupe_command, ["--db", str(path), "--rebuild", "--workers", "2"])
    assert result.exit_code == 0, result.output
    assert "rebuilding" in result.output and "166/166" in result.output
    assert "indexed 166 articles" in result.output
    assert open_corpus(path).execute(EVERY_ROW).fetchall() == built


def test_dedupe_command_refuses_no_workers_in_one_line(tmp_path):
    result = CliRunner().invoke(dedupe_command, ["--db", str(tmp_path / "c.db"), "--rebuild", "--workers", "0"])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "--workers" in result.output.splitlines()[-1]
