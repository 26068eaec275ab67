"""What the crawl's monitors read and write: a site's recent history, one run's own figures, and
the alarms they raise (the ``alarms`` table, see ``schema.crawl_state``).

A run's articles are the rows whose ``run_id`` is that run's (the run that stored them, or last
updated them on a re-check). A site's recent history is its last few healthy runs that stored
articles: a run that ended badly or dropped everything is no baseline.
"""

from __future__ import annotations

import json
import statistics
from dataclasses import dataclass

import sqlite_utils

from humas_crawler.corpus import now_iso


@dataclass(frozen=True)
class Figures:
    """What a set of stored articles looks like: how many, the share of them with each field,
    and the median body length in characters (None without articles)."""

    articles: int
    fill: dict[str, float]
    median_body: float | None


def record_alarm(db: sqlite_utils.Database, run_id: int, site: str, kind: str, message: str,
                 details: dict) -> int:
    """Store one alarm of run ``run_id`` and return its id."""
    with db.atomic():
        return db["alarms"].insert(
            {"run_id": run_id, "site": site, "kind": kind, "message": message,
             "details": json.dumps(details, ensure_ascii=False, default=str), "raised_at": now_iso()}
        ).last_pk


def run_alarms(db: sqlite_utils.Database, run_ids) -> list[dict]:
    """The alarms raised by the runs ``run_ids``, in the order they were raised, ``details``
    decoded (what a crawl summary lists under its table)."""
    ids = list(run_ids)
    if not ids:
        return []
    rows = db.query(
        f"select id, run_id, site, kind, message, details, raised_at from alarms "
        f"where run_id in ({', '.join('?' * len(ids))}) order by id", ids)
    return [{**row, "details": json.loads(row["details"] or "{}")} for row in rows]


def earlier_articles(db: sqlite_utils.Database, site: str, run_id: int) -> int:
    """How many articles of ``site`` runs before ``run_id`` stored: whether the site used to
    yield articles at all."""
    row = next(db.query("select count(*) as n from articles where site = ? and (run_id is null or run_id < ?)",
                        [site, run_id]))
    return row["n"]


def recent_runs(db: sqlite_utils.Database, site: str, run_id: int, limit: int) -> list[int]:
    """The ids of the last ``limit`` runs of ``site`` before ``run_id`` that finished healthy
    (no problem verdict) and stored articles, newest first."""
    rows = db.query(
        "select id from crawl_runs where spider = ? and id < ? and status = 'finished' and problem is null "
        "and new > 0 order by id desc limit ?", [site, run_id, limit])
    return [row["id"] for row in rows]


def article_figures(db: sqlite_utils.Database, site: str, run_ids, fields: tuple[str, ...]) -> Figures:
    """The figures of the articles of ``site`` that the runs ``run_ids`` stored (a JSON list or
    object counts as filled only when not empty, as in the fill-rate report)."""
    ids = list(run_ids)
    if not ids:
        return Figures(0, {}, None)
    filled = "".join(f", {name} is not null and {name} not in ('', '[]', '{{}}') as {name}" for name in fields)
    rows = list(db.query(
        f"select length(body) as body_length{filled} from articles "
        f"where site = ? and run_id in ({', '.join('?' * len(ids))})", [site, *ids]))
    if not rows:
        return Figures(0, {}, None)
    lengths = [row["body_length"] or 0 for row in rows]
    fill = {name: sum(row[name] for row in rows) / len(rows) for name in fields}
    return Figures(len(rows), fill, statistics.median(lengths))


def spam_pages(db: sqlite_utils.Database, site: str, run_id: int) -> list[dict]:
    """The articles of ``site`` that run ``run_id`` stored from pages that carried gambling spam
    (``extraction["spam"]``, removed from their bodies): their address and the spam report."""
    rows = db.query(
        "select canonical_url as url, json_extract(extraction, '$.spam') as spam from articles "
        "where site = ? and run_id = ? and json_extract(extraction, '$.spam') is not null order by id",
        [site, run_id])
    return [{"url": row["url"], **json.loads(row["spam"])} for row in rows]
