"""What commands and analysts read from the corpus: search, export, clusters, runs and fill rates."""

from __future__ import annotations

import difflib
from datetime import datetime

import sqlite_utils

from humas_crawler.corpus.dedup import normalize_text, parse_published
from humas_crawler.corpus.monitoring import run_alarms  # noqa: F401  re-exported: what a crawl summary lists
from humas_crawler.corpus.schema import CLUSTERS, UNIQUE_VIEW
from humas_crawler.fields import EXPORT_COLUMNS


def article_count(db: sqlite_utils.Database) -> int:
    return db["articles"].count


def latest_runs(db: sqlite_utils.Database, since_id: int = 0) -> list[dict]:
    """Crawl runs recorded after run ``since_id``, oldest first."""
    return list(db.query("select * from crawl_runs where id > ? order by id", [since_id]))


def last_run_id(db: sqlite_utils.Database) -> int:
    row = next(db.query("select max(id) as id from crawl_runs"), None)
    return (row or {}).get("id") or 0


def _filters(site: str | None, since: str | None) -> tuple[str, dict]:
    """A where clause (with its arguments) for one site and a publication date on or after."""
    where, args = [], {}
    if site:
        where.append("site = :site")
        args["site"] = site
    if since:
        where.append("published_at >= :since")
        args["since"] = since
    return " and ".join(where), args


def export_rows(db: sqlite_utils.Database, site: str | None = None, since: str | None = None,
                unique: bool = False):
    """Articles for export in ``EXPORT_COLUMNS`` order, oldest first; ``unique`` reads one row per
    near-duplicate cluster (its origin)."""
    where, args = _filters(site, since)
    sql = f"select {', '.join(EXPORT_COLUMNS)} from {UNIQUE_VIEW if unique else 'articles'}"
    yield from db.query(sql + (f" where {where}" if where else "") + " order by published_at", args)


def search(db: sqlite_utils.Database, query: str, limit: int = 20, site: str | None = None,
           since: str | None = None) -> list[dict]:
    """Full-text search over the searchable fields, best match first, optionally for one site or
    from a date on. A malformed FTS5 query raises sqlite3.OperationalError."""
    where, args = _filters(site, since)
    return list(db["articles"].search(
        query, columns=["id", "site", "title", "published_at", "canonical_url"], limit=limit,
        where=where or None, where_args=args or None))


def fill_rates(db: sqlite_utils.Database, fields: tuple[str, ...]) -> tuple[int, dict[str, float]]:
    """How many articles there are and, per field, the share that has a value (a JSON list or
    object counts only when not empty)."""
    total = article_count(db)
    if not total:
        return 0, {}
    filled = ", ".join(
        f"sum({name} is not null and {name} not in ('', '[]', '{{}}')) as {name}" for name in fields)
    row = next(db.query(f"select {filled} from articles"))
    return total, {name: (row[name] or 0) / total for name in fields}


# ---- clusters -----------------------------------------------------------------------------------

REPORT_SQL = f"""
with selected as (
    select c.cluster_id, a.published_at
    from {CLUSTERS} c join articles a on a.id = c.article_id
    where c.is_origin = 1
      and (:since is null or a.published_at >= :since)
      and (:site is null or exists (
          select 1 from {CLUSTERS} m join articles ma on ma.id = m.article_id
          where m.cluster_id = c.cluster_id and ma.site = :site))
)
select s.cluster_id, c.article_id, c.is_origin, c.similarity, a.site, a.title,
       a.canonical_url as url, a.published_at, a.body
from selected s
join {CLUSTERS} c on c.cluster_id = s.cluster_id
join articles a on a.id = c.article_id
order by s.published_at desc, s.cluster_id, c.is_origin desc, a.published_at, a.id
"""


def cluster_report(db: sqlite_utils.Database, site: str | None = None, since: str | None = None) -> list[dict]:
    """Each cluster with its origin and its copies, most recent origin first.

    ``site``: clusters with at least one member on that site. ``since``: clusters whose origin
    was published on or after that ISO date. Each copy carries ``delay_hours`` after the
    origin and ``edit_distance``: 1 − difflib's ratio over the two normalized word sequences
    (0 identical, 1 nothing in common; a word-level measure, not character Levenshtein).
    """
    clusters: list[dict] = []
    origin_words: list[str] = []
    for row in db.query(REPORT_SQL, {"site": site, "since": since}):
        if row["is_origin"]:
            origin_words = normalize_text(row["body"]).split()
            clusters.append({"cluster_id": row["cluster_id"], "origin": report_member(row), "copies": []})
            continue
        copy = report_member(row)
        copy["similarity"] = row["similarity"]
        copy["delay_hours"] = hours_between(
            parse_published(clusters[-1]["origin"]["published_at"]), parse_published(row["published_at"])
        )
        copy["edit_distance"] = word_edit_distance(origin_words, normalize_text(row["body"]).split())
        clusters[-1]["copies"].append(copy)
    return clusters


def cluster_summary(db: sqlite_utils.Database) -> dict:
    """How many clusters there are and how many articles they hold."""
    return next(db.query(f"select count(distinct cluster_id) as clusters, count(*) as members from {CLUSTERS}"))


def report_member(row: dict) -> dict:
    return {key: row[key] for key in ("article_id", "site", "title", "url", "published_at")}


def hours_between(earlier: datetime | None, later: datetime | None) -> float | None:
    """Delay in hours; when one side has no offset both are compared as wall-clock times."""
    if earlier is None or later is None:
        return None
    if (earlier.tzinfo is None) != (later.tzinfo is None):
        earlier, later = earlier.replace(tzinfo=None), later.replace(tzinfo=None)
    return round((later - earlier).total_seconds() / 3600, 1)


def word_edit_distance(a: list[str], b: list[str]) -> float:
    return round(1 - difflib.SequenceMatcher(None, a, b, autojunk=False).ratio(), 3)
