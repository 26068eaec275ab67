"""What a crawl writes into the corpus and looks up on the way: sites, articles, revisions,
aliases and crawl runs. Each write is one transaction, or joins the caller's (``db.atomic()``)."""

from __future__ import annotations

import json

import sqlite_utils

from humas_crawler.corpus import now_iso
from humas_crawler.fields import JSON_FIELDS, REVISED_COLUMNS, article_columns


def upsert_site(db: sqlite_utils.Database, name: str, url: str, province: str | None, tz: str | None,
                platform: str | None = None) -> None:
    with db.atomic():
        db["sites"].upsert({"name": name, "url": url, "province": province, "timezone": tz, "platform": platform},
                           pk="name")


def find_article_id(db: sqlite_utils.Database, canonical_url: str | None = None, content_hash: str | None = None,
                    site: str | None = None) -> int | None:
    """The id of a stored article with this canonical URL (or alias), or with this body hash (on
    ``site`` if given)."""
    if canonical_url:
        row = next(db.query(
            "select id from articles where canonical_url = :u "
            "union all select article_id from aliases where url = :u limit 1", {"u": canonical_url}), None)
        if row:
            return row["id"]
    if content_hash:
        sql = "select id from articles where content_hash = ?"
        args = [content_hash]
        if site:
            sql += " and site = ?"
            args.append(site)
        row = next(db.query(sql + " limit 1", args), None)
        if row:
            return row["id"]
    return None


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
