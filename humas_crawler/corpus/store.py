"""What a crawl writes into the corpus and looks up on the way: sites, articles, revisions,
aliases and crawl runs. Each write is one transaction, or joins the caller's (``db.atomic()``)."""

from __future__ import annotations

import json
from typing import NamedTuple

import sqlite_utils

from humas_crawler.corpus import now_iso
from humas_crawler.fields import JSON_FIELDS, REVISED_COLUMNS, article_columns

# The writes a spider and its middlewares make during a crawl (crawl.extensions.StoreWrites): the
# only ones a distributed crawl's single writer runs on a worker's behalf.
CRAWL_WRITES = ("mark_pending", "record_failure", "record_skip", "forget_urls", "record_listing_walk")


def upsert_site(db: sqlite_utils.Database, name: str, url: str, province: str | None, tz: str | None,
                platform: str | None = None) -> None:
    with db.atomic():
        db["sites"].upsert({"name": name, "url": url, "province": province, "timezone": tz, "platform": platform},
                           pk="name")


class StoredMatch(NamedTuple):
    article_id: int
    same_url: bool  # False: another URL, the same body hash


def find_stored(db: sqlite_utils.Database, canonical_url: str | None = None, content_hash: str | None = None,
                site: str | None = None) -> StoredMatch | None:
    """The stored article with this canonical URL (or alias), else one with this body hash (on
    ``site`` if given). One statement, outside sqlite_utils' query() (which wraps each in a
    savepoint): the dedup stage asks it of every item."""
    row = db.execute(
        "select id, 1 from articles where canonical_url = :u "
        "union all select article_id, 1 from aliases where url = :u "
        "union all select id, 0 from articles where content_hash = :h and (:s is null or site = :s) "
        "order by 2 desc limit 1", {"u": canonical_url, "h": content_hash, "s": site}).fetchone()
    return StoredMatch(row[0], bool(row[1])) if row else None


def find_article_id(db: sqlite_utils.Database, canonical_url: str | None = None, content_hash: str | None = None,
                    site: str | None = None) -> int | None:
    """The id of a stored article with this canonical URL (or alias), or with this body hash (on
    ``site`` if given)."""
    found = find_stored(db, canonical_url, content_hash, site)
    return found.article_id if found else None


def is_known_url(db: sqlite_utils.Database, *urls: str) -> bool:
    """True when any of ``urls`` is an article's fetched or canonical URL or a recorded alias."""
    for url in dict.fromkeys(urls):
        row = next(db.query(
            "select 1 from articles where url = :u or canonical_url = :u "
            "union all select 1 from aliases where url = :u limit 1", {"u": url}), None)
        if row is not None:
            return True
    return False


def article_row(article: dict, exclude=()) -> dict:
    """The article's columns, lists and dicts as JSON text."""
    row = {key: article.get(key) for key in article_columns() if key not in exclude}
    for key in JSON_FIELDS:
        if key in row and row[key] is not None and not isinstance(row[key], str):
            row[key] = json.dumps(row[key], ensure_ascii=False)
    return row


def insert_article(db: sqlite_utils.Database, article: dict) -> int:
    """Store one article (a dict with the item's fields) and return its id."""
    with db.atomic():
        return db["articles"].insert(article_row(article, exclude=("id",))).last_pk


def update_article(db: sqlite_utils.Database, article_id: int, article: dict) -> None:
    """Replace a changed article's text, keeping the previous version in ``article_revisions``."""
    previous = db["articles"].get(article_id)
    row = article_row(article, exclude=("id", "site", "canonical_url", "url"))
    with db.atomic():
        db["article_revisions"].insert(
            {"article_id": article_id, **{c: previous[c] for c in REVISED_COLUMNS}, "replaced_at": now_iso()}
        )
        db["articles"].update(article_id, {k: v for k, v in row.items() if v is not None})


def recent_articles(db: sqlite_utils.Database, site: str, since: str) -> list[dict]:
    """Articles of ``site`` published since ``since`` (ISO), with their HTTP validators."""
    return list(db.query(
        "select id, url, canonical_url, etag, last_modified, content_hash from articles "
        "where site = ? and published_at >= ? order by published_at desc", [site, since]))


def stored_hash(db: sqlite_utils.Database, article_id: int) -> str | None:
    row = next(db.query("select content_hash from articles where id = ?", [article_id]), None)
    return row["content_hash"] if row else None


def add_alias(db: sqlite_utils.Database, url: str, article_id: int, reason: str) -> None:
    with db.atomic():
        db["aliases"].upsert(
            {"url": url, "article_id": article_id, "reason": reason, "seen_at": now_iso()}, pk="url"
        )


def latest_published(db: sqlite_utils.Database, site: str) -> str | None:
    """The newest publication time stored for ``site`` (where an incremental API crawl resumes)."""
    row = next(db.query("select max(published_at) as latest from articles where site = ?", [site]), None)
    return row["latest"] if row else None


def start_run(db: sqlite_utils.Database, spider: str) -> int:
    with db.atomic():
        return db["crawl_runs"].insert(
            {"spider": spider, "started_at": now_iso(), "status": "running", "pages": 0, "new": 0,
             "duplicate": 0, "dropped": 0}
        ).last_pk


def finish_run(db: sqlite_utils.Database, run_id: int, status: str, counts: dict, stats: dict,
               problem: str | None) -> None:
    """Close a run with its counts, Scrapy's stats and the health verdict (None: healthy)."""
    with db.atomic():
        db["crawl_runs"].update(
            run_id,
            {"finished_at": now_iso(), "status": status, **counts, "problem": problem,
             "stats": json.dumps(stats, default=str, ensure_ascii=False)},
        )


def run_record(db: sqlite_utils.Database, run_id: int) -> dict | None:
    """A run's row with its ``stats`` decoded ({} before any). While a distributed crawl's run is
    open its writer keeps the counts so far there (``crawl.storeworker``)."""
    row = next(db.query("select * from crawl_runs where id = ?", [run_id]), None)
    return None if row is None else _stats_decoded(row)


def _stats_decoded(row: dict) -> dict:
    return {**row, "stats": json.loads(row["stats"] or "{}")}


def save_run_stats(db: sqlite_utils.Database, run_id: int, stats: dict) -> None:
    with db.atomic():
        db["crawl_runs"].update(run_id, {"stats": json.dumps(stats, default=str, ensure_ascii=False)})


def running_runs(db: sqlite_utils.Database) -> list[dict]:
    """The runs still open, as :func:`run_record` gives them."""
    return [_stats_decoded(row) for row in db.query("select * from crawl_runs where status = 'running' order by id")]


def run_with_stat(db: sqlite_utils.Database, spider: str, name: str, value: str) -> int | None:
    """The run of ``spider`` whose stats hold ``name`` = ``value`` (a distributed run's key)."""
    row = next(db.query("select id from crawl_runs where spider = ? and json_extract(stats, ?) = ? limit 1",
                        [spider, f'$."{name}"', value]), None)
    return row["id"] if row else None


def mark_interrupted(db: sqlite_utils.Database, spider: str) -> int:
    """Close the runs of ``spider`` left ``running`` by a process that died (called when a new run
    of it starts, under the corpus lock, so none of them can still be alive). Returns how many."""
    with db.atomic():
        cursor = db.execute(
            "update crawl_runs set status = 'interrupted', problem = 'the process ended before the run closed' "
            "where spider = ? and status = 'running'", [spider])
    return cursor.rowcount


# ---- crawl state: article URLs discovered and not stored (see schema.crawl_state) ----------------

def mark_pending(db: sqlite_utils.Database, site: str, urls: list[str], run_id: int | None) -> None:
    """Record requested article URLs (one transaction), so a run killed before their answers
    retries them; a URL already recorded (a failure being retried) keeps its state and attempts.
    A URL whose article is stored by now is not pending (in a distributed crawl the writer may
    have stored it between a worker's known-URL check and this write)."""
    now = now_iso()
    with db.atomic():
        for url in urls:
            if is_known_url(db, url):
                continue
            db.execute(
                "insert or ignore into crawl_urls (site, url, state, attempts, first_seen, run_id) "
                "values (?, ?, 'pending', 0, ?, ?)", [site, url, now, run_id])


def record_failure(db: sqlite_utils.Database, site: str, url: str, reason: str, http_status: int | None,
                   run_id: int | None, next_retry: str | None) -> None:
    """One more failed attempt at ``url``; ``next_retry`` None means give up (the caller decides the
    backoff and the number of nights)."""
    state = "failed" if next_retry else "given_up"
    with db.atomic():
        db.execute(
            "insert into crawl_urls (site, url, state, reason, http_status, attempts, first_seen, last_tried, "
            "next_retry, run_id) values (:site, :url, :state, :reason, :status, 1, :now, :now, :retry, :run) "
            "on conflict (site, url) do update set state = :state, reason = :reason, http_status = :status, "
            "attempts = attempts + 1, last_tried = :now, next_retry = :retry, run_id = :run",
            {"site": site, "url": url, "state": state, "reason": reason, "status": http_status, "now": now_iso(),
             "retry": next_retry, "run": run_id})


def failed_attempts(db: sqlite_utils.Database, site: str, url: str) -> int:
    row = next(db.query("select attempts from crawl_urls where site = ? and url = ?", [site, url]), None)
    return row["attempts"] if row else 0


def record_skip(db: sqlite_utils.Database, site: str, url: str, reason: str, http_status: int | None,
                run_id: int | None) -> None:
    """An article URL that answered with something that is not an article: never fetched again."""
    with db.atomic():
        db.execute(
            "insert into crawl_urls (site, url, state, reason, http_status, attempts, first_seen, last_tried, run_id) "
            "values (:site, :url, 'skipped', :reason, :status, 1, :now, :now, :run) "
            "on conflict (site, url) do update set state = 'skipped', reason = :reason, http_status = :status, "
            "attempts = attempts + 1, last_tried = :now, next_retry = null, run_id = :run",
            {"site": site, "url": url, "reason": reason, "status": http_status, "now": now_iso(), "run": run_id})


def forget_urls(db: sqlite_utils.Database, site: str, *urls: str) -> None:
    """The article behind these URLs is in the corpus: they leave the crawl state."""
    with db.atomic():
        for url in dict.fromkeys(urls):
            db.execute("delete from crawl_urls where site = ? and url = ?", [site, url])


def due_urls(db: sqlite_utils.Database, site: str, now: str) -> list[dict]:
    """URLs to request before discovery: pending ones (a run ended before their answer) and
    failures whose retry time has come."""
    return list(db.query(
        "select url, state, attempts from crawl_urls where site = ? and "
        "(state = 'pending' or (state = 'failed' and next_retry <= ?)) order by first_seen", [site, now]))


def is_held_back(db: sqlite_utils.Database, site: str, url: str, now: str) -> bool:
    """The URL is not to be requested now: skipped, given up, or failed and not yet due."""
    row = next(db.query(
        "select 1 from crawl_urls where site = ? and url = ? and "
        "(state in ('skipped', 'given_up') or (state = 'failed' and next_retry > ?))", [site, url, now]), None)
    return row is not None


def listing_walk_complete(db: sqlite_utils.Database, site: str, start_url: str) -> bool:
    row = next(db.query("select complete from listing_walks where site = ? and start_url = ?", [site, start_url]),
               None)
    return bool(row and row["complete"])


def record_listing_walk(db: sqlite_utils.Database, site: str, start_url: str, run_id: int | None, pages: int,
                        complete: bool) -> None:
    """How far a listing walk got: ``complete`` once it reached the last page (or the page limit)."""
    with db.atomic():
        db["listing_walks"].upsert(
            {"site": site, "start_url": start_url, "run_id": run_id, "pages": pages, "complete": int(complete),
             "finished_at": now_iso()}, pk=("site", "start_url"))
