"""The SQLite corpus: schema, reads and writes. All of the project's SQL lives here."""

from __future__ import annotations

import json
import os
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

import sqlite_utils

DEFAULT_DB = "corpus.db"

ARTICLE_COLUMNS = {
    "id": int,
    "url": str,
    "canonical_url": str,
    "site": str,
    "title": str,
    "body": str,
    "published_at": str,
    "updated_at": str,
    "author": str,
    "editor": str,
    "reporter": str,
    "dateline": str,
    "category": str,
    "tags": str,  # JSON list
    "images": str,  # JSON list of {"url", "caption"}
    "language": str,
    "content_hash": str,
    "fetched_at": str,
    "extraction": str,  # JSON: field -> layer
    "etag": str,
    "last_modified": str,
    "run_id": int,
}
REVISED_COLUMNS = ("title", "body", "published_at", "updated_at", "content_hash", "fetched_at")
JSON_COLUMNS = ("tags", "images", "extraction")


class CorpusError(Exception):
    """A corpus path that cannot be opened or written: reported to the user in one line."""


def default_db_path() -> str:
    """``HUMAS_DB`` if set, else ``corpus.db`` in the current directory."""
    return os.environ.get("HUMAS_DB") or DEFAULT_DB


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def open_corpus(path: str | os.PathLike) -> sqlite_utils.Database:
    """Open (creating if needed) the corpus at ``path`` in WAL mode with its schema in place."""
    path = Path(path)
    if path.is_dir():
        raise CorpusError(f"database path {path} is a directory")
    if not path.parent.exists():
        raise CorpusError(f"cannot create database {path}: folder {path.parent} does not exist")
    try:
        db = sqlite_utils.Database(path)
        db.enable_wal()
        ensure_schema(db)
    except sqlite3.Error as exc:
        raise CorpusError(f"cannot open database {path}: {exc}") from exc
    return db


def ensure_schema(db: sqlite_utils.Database) -> None:
    """Create the tables, indexes and full-text index the corpus needs (idempotent)."""
    if "sites" not in db.table_names():
        db["sites"].create(
            {"name": str, "url": str, "province": str, "timezone": str}, pk="name"
        )
    if "crawl_runs" not in db.table_names():
        db["crawl_runs"].create(
            {
                "id": int,
                "spider": str,
                "started_at": str,
                "finished_at": str,
                "status": str,
                "pages": int,
                "new": int,
                "duplicate": int,
                "dropped": int,
                "stats": str,
            },
            pk="id",
        )
    if "articles" not in db.table_names():
        db["articles"].create(ARTICLE_COLUMNS, pk="id", foreign_keys=[("site", "sites", "name")])
        db["articles"].create_index(["canonical_url"], unique=True)
        # (content_hash, site) rather than content_hash alone: with both equalities on separate
        # indexes SQLite may pick (site, published_at) and scan a whole site per lookup.
        db["articles"].create_index(["content_hash", "site"])
        db["articles"].create_index(["url"])
        db["articles"].create_index(["site", "published_at"])
        db["articles"].enable_fts(["title", "body"], create_triggers=True, tokenize="unicode61")
    if "article_revisions" not in db.table_names():
        db["article_revisions"].create(
            {"id": int, "article_id": int, **{c: str for c in REVISED_COLUMNS}, "replaced_at": str},
            pk="id",
            foreign_keys=[("article_id", "articles", "id")],
        )
        db["article_revisions"].create_index(["article_id"])
    if "aliases" not in db.table_names():
        db["aliases"].create(
            {"url": str, "article_id": int, "reason": str, "seen_at": str},
            pk="url",
            foreign_keys=[("article_id", "articles", "id")],
        )


def upsert_site(db: sqlite_utils.Database, name: str, url: str, province: str | None, tz: str | None) -> None:
    db["sites"].upsert({"name": name, "url": url, "province": province, "timezone": tz}, pk="name")


def find_article_id(db: sqlite_utils.Database, canonical_url: str | None = None, content_hash: str | None = None,
                    site: str | None = None) -> int | None:
    """The id of a stored article with this canonical URL, or with this body hash (on ``site`` if given)."""
    if canonical_url:
        row = next(db.query("select id from articles where canonical_url = ?", [canonical_url]), None)
        if row:
            return row["id"]
        row = next(db.query("select article_id as id from aliases where url = ?", [canonical_url]), None)
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


def is_known_url(db: sqlite_utils.Database, url: str) -> bool:
    """True when ``url`` is an article's fetched or canonical URL or a recorded alias."""
    row = next(
        db.query(
            "select 1 from articles where url = :u or canonical_url = :u "
            "union all select 1 from aliases where url = :u limit 1",
            {"u": url},
        ),
        None,
    )
    return row is not None


def insert_article(db: sqlite_utils.Database, article: dict) -> int:
    """Store one article (a dict with the item's fields) and return its id."""
    row = _row(article, exclude=("id",))
    with db.atomic():
        return db["articles"].insert(row).last_pk


def _row(article: dict, exclude=()) -> dict:
    """The article's columns, lists and dicts as JSON text."""
    row = {key: article.get(key) for key in ARTICLE_COLUMNS if key not in exclude}
    for key in JSON_COLUMNS:
        if key in row and row[key] is not None and not isinstance(row[key], str):
            row[key] = json.dumps(row[key], ensure_ascii=False)
    return row


def update_article(db: sqlite_utils.Database, article_id: int, article: dict) -> None:
    """Replace a changed article's text, keeping the previous version in ``article_revisions``."""
    previous = db["articles"].get(article_id)
    row = _row(article, exclude=("id", "site", "canonical_url", "url"))
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


def start_run(db: sqlite_utils.Database, spider: str) -> int:
    with db.atomic():
        return db["crawl_runs"].insert(
            {"spider": spider, "started_at": now_iso(), "status": "running", "pages": 0, "new": 0,
             "duplicate": 0, "dropped": 0}
        ).last_pk


def finish_run(db: sqlite_utils.Database, run_id: int, status: str, counts: dict, stats: dict) -> None:
    with db.atomic():
        db["crawl_runs"].update(
            run_id,
            {"finished_at": now_iso(), "status": status, **counts,
             "stats": json.dumps(stats, default=str, ensure_ascii=False)},
        )


def latest_runs(db: sqlite_utils.Database, since_id: int = 0) -> list[dict]:
    return list(db.query("select * from crawl_runs where id > ? order by id", [since_id]))


def last_run_id(db: sqlite_utils.Database) -> int:
    row = next(db.query("select max(id) as id from crawl_runs"), None)
    return (row or {}).get("id") or 0


def latest_published(db: sqlite_utils.Database, site: str) -> str | None:
    """The newest publication time stored for ``site`` (where an incremental API crawl resumes)."""
    row = next(db.query("select max(published_at) as latest from articles where site = ?", [site]), None)
    return row["latest"] if row else None


EXPORT_COLUMNS = ("id", "site", "canonical_url", "title", "published_at", "author", "editor", "reporter", "dateline",
                  "category", "tags", "images", "language", "body")


def export_rows(db: sqlite_utils.Database, site: str | None = None, since: str | None = None,
                unique: bool = False):
    """Articles for export, oldest first; ``unique`` reads one row per near-duplicate cluster."""
    source = "articles_unique" if unique and "articles_unique" in db.view_names() else "articles"
    where, args = [], []
    if site:
        where.append("site = ?")
        args.append(site)
    if since:
        where.append("published_at >= ?")
        args.append(since)
    sql = f"select {', '.join(EXPORT_COLUMNS)} from {source}"
    if where:
        sql += " where " + " and ".join(where)
    yield from db.query(sql + " order by published_at", args)


def search(db: sqlite_utils.Database, query: str, limit: int = 20, site: str | None = None,
           since: str | None = None) -> list[dict]:
    """Full-text search over titles and bodies, best match first, optionally for one site or
    from a date on."""
    where, args = [], {}
    if site:
        where.append("site = :site")
        args["site"] = site
    if since:
        where.append("published_at >= :since")
        args["since"] = since
    return list(db["articles"].search(
        query, columns=["id", "site", "title", "published_at", "canonical_url"], limit=limit,
        where=" and ".join(where) or None, where_args=args or None))
