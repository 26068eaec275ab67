"""Search scored on labelled queries: recall and precision of ``queries.search``, plain and stemmed.

A labelled set is a JSON file ``{"queries": [{"query", "relevant": [title, ...]}, ...]}``: the
titles of the articles that answer each query (tests/data/search-queries.json, written against the
demo corpus). Every match counts (no --limit); recall and precision are per query, then averaged,
so a query with many relevant articles weighs no more than one with two.

    python -m humas_crawler.evaluation.search LABELLED.json --db corpus.db
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from humas_crawler.corpus import open_corpus, queries, stemming


@dataclass(frozen=True)
class SearchScore:
    index: str  # "plain" or "stemmed"
    queries: int
    recall: float
    precision: float


def load_queries(path: str | Path) -> list[dict]:
    return json.loads(Path(path).read_text(encoding="utf-8"))["queries"]


def score(db: sqlite_utils.Database, labelled: list[dict], stem: bool) -> SearchScore:
    """Mean recall and precision over the labelled queries; a query that finds nothing has
    precision 1 (it claimed nothing wrong) and recall 0."""
    recalls, precisions = [], []
    for item in labelled:
        relevant = set(item["relevant"])
        found = {row["title"] for row in queries.search(db, item["query"], limit=None, stem=stem)}
        hits = len(relevant & found)
        recalls.append(hits / len(relevant))
        precisions.append(hits / len(found) if found else 1.0)
    return SearchScore("stemmed" if stem else "plain", len(labelled), round(sum(recalls) / len(recalls), 3),
                       round(sum(precisions) / len(precisions), 3))


def evaluate(db: sqlite_utils.Database, path: str | Path) -> list[SearchScore]:
    """The plain and the stemmed index on the labelled queries at ``path`` (the stemmed index is
    brought up to date first)."""
    labelled = load_queries(path)
    stemming.refresh(db)
    return [score(db, labelled, stem) for stem in (False, True)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("labelled")
    parser.add_argument("--db", default="corpus.db")
    args = parser.parse_args()
    for result in evaluate(open_corpus(args.db), args.labelled):
        print(f"{result.index:8} {result.queries} queries: recall {result.recall:.3f}, precision {result.precision:.3f}")


if __name__ == "__main__":
    main()
