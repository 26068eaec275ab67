"""Clusters for everyone: the delay after the origin and the edit distance stored per member
(migration 7), the ``cluster_copies`` view, ``humas clusters --format table|json|csv`` showing why
each copy was linked, and ``humas eval --dedup`` on the labelled pairs of tests/data/dedup-pairs."""

from __future__ import annotations

import csv
import io
import json
import shutil

import pytest
from click.testing import CliRunner

from conftest import DATA
from humas_crawler.cli import main
from humas_crawler.corpus import open_corpus
from humas_crawler.corpus import store as corpus_store
from humas_crawler.corpus.dedup import (NearDuplicateIndex, content_hash, normalize_text, rebuild_index,
                                        word_edit_distance)
from humas_crawler.evaluation import dedup as evaluation

PAIRS = DATA / "dedup-pairs"
LABELLED = evaluation.load_set(PAIRS)
ARTICLES = {a["key"]: a for a in LABELLED.articles}
# A release and two copies, the copies' delays after it measured by hand from their dates.
JAGUNG = ("jagung", "jagung-poros", "jagung-timex")


def build(path, keys) -> tuple:
    """A corpus holding ``keys`` of the labelled pairs, stored and indexed in that order."""
    db = open_corpus(path)
    index, ids = NearDuplicateIndex(db), {}
    for key in keys:
        article = ARTICLES[key]
        corpus_store.upsert_site(db, article["site"], article["url"].split("/berita")[0], None, None)
        ids[key] = corpus_store.insert_article(db, {
            "url": article["url"], "canonical_url": article["url"], "site": article["site"],
            "title": article["title"], "body": article["body"], "published_at": article["published_at"],
            "content_hash": content_hash(article["body"]),
        })
        index.add(ids[key])
    return db, ids


def copies_by_key(db, ids) -> dict[str, dict]:
    key_of = {article_id: key for key, article_id in ids.items()}
    return {key_of[row["article_id"]]: row for row in db.query("select * from cluster_copies")}


def distance(a: str, b: str) -> float:
    return word_edit_distance(normalize_text(ARTICLES[a]["body"]).split(), normalize_text(ARTICLES[b]["body"]).split())


@pytest.fixture
def jagung(tmp_path):
    path = tmp_path / "c.db"
    db, ids = build(path, JAGUNG)
    return path, db, ids


def test_each_member_stores_its_delay_and_edit_distance_to_the_origin(jagung):
    _, db, ids = jagung
    rows = copies_by_key(db, ids)
    assert set(rows) == set(JAGUNG)
    assert (rows["jagung"]["is_origin"], rows["jagung"]["delay_hours"], rows["jagung"]["edit_distance"]) == (1, 0, 0)
    poros = rows["jagung-poros"]
    assert poros["delay_hours"] == pytest.approx(21.8, abs=0.05)
    assert poros["edit_distance"] == pytest.approx(distance("jagung", "jagung-poros"))
    assert 0.05 < poros["edit_distance"] < 0.5


def test_the_view_joins_titles_sites_urls_dates_and_the_origin(jagung):
    _, db, ids = jagung
    poros = copies_by_key(db, ids)["jagung-poros"]
    article = ARTICLES["jagung-poros"]
    assert (poros["title"], poros["site"], poros["url"], poros["published_at"]) == (
        article["title"], article["site"], article["url"], article["published_at"])
    assert (poros["origin_id"], poros["origin_title"], poros["origin_site"], poros["origin_url"]) == (
        ids["jagung"], ARTICLES["jagung"]["title"], ARTICLES["jagung"]["site"], ARTICLES["jagung"]["url"])
    assert poros["rule"] and poros["aligned_sentences"] <= poros["sentences"]


def test_a_new_origin_re_measures_every_member(tmp_path):
    """The copy indexed first is measured against itself as origin until the release arrives."""
    db, ids = build(tmp_path / "c.db", ["pasar-poros", "pasar"])
    rows = copies_by_key(db, ids)
    assert rows["pasar"]["is_origin"] == 1 and rows["pasar"]["delay_hours"] == 0
    copy = rows["pasar-poros"]
    assert copy["delay_hours"] > 0 and copy["edit_distance"] == pytest.approx(distance("pasar", "pasar-poros"))


def test_a_rebuild_measures_again(jagung):
    _, db, ids = jagung
    before = {key: (row["delay_hours"], row["edit_distance"]) for key, row in copies_by_key(db, ids).items()}
    db.execute("update clusters set origin_delay_hours = null, edit_distance = null")
    rebuild_index(db)
    assert {key: (row["delay_hours"], row["edit_distance"]) for key, row in copies_by_key(db, ids).items()} == before


def test_migration_7_fills_the_clusters_of_an_old_corpus(tmp_path):
    path = tmp_path / "old.db"
    shutil.copy(DATA / "corpus-v0.db", path)
    db = open_corpus(path)
    copies = list(db.query("select * from cluster_copies where is_origin = 0 order by article_id"))
    assert len(copies) == 2
    assert all(row["delay_hours"] > 0 and 0 < row["edit_distance"] < 0.5 for row in copies)
    assert all(row["origin_title"] and row["origin_site"] == "humas_ntt" for row in copies)
    assert next(db.query("select count(*) as n from clusters where edit_distance is null"))["n"] == 0


# ---- humas clusters -------------------------------------------------------------------------------

def clusters(path, *args: str):
    """`humas clusters` on a wide terminal, so that no line of the table wraps."""
    result = CliRunner().invoke(main, ["clusters", "--db", str(path), *args], env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    return result.output


def test_clusters_table_says_why_each_copy_was_linked(jagung):
    path, db, ids = jagung
    output = clusters(path)
    poros = copies_by_key(db, ids)["jagung-poros"]
    specifics = len(json.loads(poros["shared_specifics"]))
    assert "1 clusters" in output and "origin" in output
    assert f"{poros['rule']} · aligned {poros['aligned_sentences']}/{poros['sentences']}" in output
    assert f"quotes {poros['shared_quotes']} · specifics {specifics}" in output
    assert f"sim. {poros['similarity']:.2f}" in output and "21.8" in output


def test_clusters_table_shows_unknown_signals_as_question_marks(tmp_path):
    path = tmp_path / "old.db"
    shutil.copy(DATA / "corpus-v0.db", path)
    assert "? · aligned ? · quotes ? · specifics ? · agree ?" in clusters(path)  # linked by 0.1


def test_clusters_json_nests_copies_under_their_origin(jagung):
    path, _, ids = jagung
    report = json.loads(clusters(path, "--format", "json"))
    assert [c["origin"]["article_id"] for c in report] == [ids["jagung"]]
    copies = {c["article_id"]: c for c in report[0]["copies"]}
    assert set(copies) == {ids["jagung-poros"], ids["jagung-timex"]}
    assert copies[ids["jagung-poros"]]["delay_hours"] == pytest.approx(21.8, abs=0.05)
    assert copies[ids["jagung-poros"]]["evidence"]["shared_specifics"]


def test_clusters_csv_is_one_row_per_member_origin_first(jagung):
    path, _, ids = jagung
    rows = list(csv.DictReader(io.StringIO(clusters(path, "--format", "csv"))))
    assert [int(r["article_id"]) for r in rows][0] == ids["jagung"] and len(rows) == 3
    assert {"title", "url", "origin_title", "delay_hours", "edit_distance", "rule"} <= set(rows[0])


def test_clusters_of_an_unknown_site_is_one_error_line(jagung):
    path, _, _ = jagung
    result = CliRunner().invoke(main, ["clusters", "--db", str(path), "--site", "nope"])
    assert result.exit_code == 2 and "no site 'nope'" in result.output and "Traceback" not in result.output


# ---- humas eval --dedup -----------------------------------------------------------------------------

def test_eval_dedup_prints_precision_and_recall_on_clean_and_noisy_bodies():
    result = CliRunner().invoke(main, ["eval", "--dedup", str(PAIRS), "--format", "json"])
    assert result.exit_code == 0, result.output
    scores = {s["bodies"]: s for s in json.loads(result.output)}
    assert set(scores) == {"clean", "noisy"}
    for score in scores.values():
        assert score["articles"] == len(LABELLED.articles) and score["pairs"] == len(LABELLED.true_pairs())
        assert score["precision"] >= 0.99 and score["recall"] >= 0.95  # the targets


def test_eval_dedup_table_lists_each_wrong_decision(tmp_path):
    """A set whose labels are wrong on purpose: the table's recall drops and the miss is named."""
    data = json.loads((PAIRS / "templates.json").read_text(encoding="utf-8"))
    apart = data["apart"][0]
    data["groups"].append(apart[:2])  # two editions of a template series, labelled as copies
    data["apart"] = data["apart"][1:]
    wrong = tmp_path / "wrong.json"
    wrong.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", "--dedup", str(wrong)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "precision" in result.output and "noisy" in result.output
    missed = f"missed {min(apart[:2])} + {max(apart[:2])}"
    assert [line for line in result.output.splitlines() if line.startswith("wrong (")] == [
        f"wrong (clean): {missed}", f"wrong (noisy): {missed}"]


@pytest.mark.parametrize("make", [lambda tmp: tmp / "missing", lambda tmp: tmp / "empty"])
def test_eval_dedup_on_no_labelled_pairs_is_one_line(tmp_path, make):
    (tmp_path / "empty").mkdir()
    result = CliRunner().invoke(main, ["eval", "--dedup", str(make(tmp_path))])
    assert result.exit_code == 2 and result.output.startswith("Error: cannot read labelled pairs")
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1


def test_eval_dedup_and_data_together_are_refused():
    result = CliRunner().invoke(main, ["eval", "--dedup", str(PAIRS), "--data", str(DATA / "indonesian-news")])
    assert result.exit_code == 2 and "two reports" in result.output
