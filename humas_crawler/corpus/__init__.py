"""The SQLite corpus. This package owns the schema and every SQL statement of the project.

- ``schema``: tables, indexes and views, reached through ordered migrations;
- ``store``: what a crawl writes and looks up (sites, articles, revisions, aliases, runs);
- ``dedup``: normalized-text hashes and the near-duplicate (MinHash/LSH) index with its clusters;
- ``queries``: what commands and analysts read (search, export, clusters, runs, fill rates).

Open a corpus with :func:`open_corpus`: it creates or upgrades the file in place.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

import sqlite_utils

from humas_crawler.corpus.schema import SCHEMA_VERSION, SchemaError, applied_version, migrate

DEFAULT_DB = "corpus.db"
# A reader checkpointing the WAL may hold the file for a moment: wait rather than fail.
BUSY_TIMEOUT_MS = 5000
SAVEPOINT = "humas"  # the name :func:`atomic` gives its savepoints


class CorpusError(Exception):
    """A corpus path that cannot be opened or written: reported to the user in one line."""


def default_db_path() -> str:
    """``HUMAS_DB`` if set, else ``corpus.db`` in the current directory."""
    return os.environ.get("HUMAS_DB") or DEFAULT_DB


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def open_corpus(path: str | os.PathLike, cache_mb: int | None = None) -> sqlite_utils.Database:
    """Open (creating if needed) the corpus at ``path`` in WAL mode, upgraded to the current schema.

    ``cache_mb``: the connection's SQLite page cache (settings.HUMAS_SQLITE_CACHE_MB for the
    connections that write the corpus); None keeps SQLite's default (2 MB).
    """
    path = Path(path)
    if path.is_dir():
        raise CorpusError(f"database path {path} is a directory")
    if not path.parent.exists():
        raise CorpusError(f"cannot create database {path}: folder {path.parent} does not exist")
    try:
        db = sqlite_utils.Database(path)
        db.enable_wal()
        # In WAL mode NORMAL loses no committed transaction when the process dies (only on power
        # loss), and spares an fsync per commit: a crawl commits once per article.
        db.execute("pragma synchronous = normal")
        # Savepoint journals (the copy of each page a savepoint changes, kept to roll it back) and
        # temporary sorts in memory: the savepoint of an article's writes inside a batch of articles
        # (its cluster links, its quotes) changes some 30 pages, past the 64 KiB SQLite keeps in
        # memory before it spills to a temporary file, which took half the cost of those writes.
        db.execute("pragma temp_store = memory")
        db.execute(f"pragma busy_timeout = {BUSY_TIMEOUT_MS}")
        if cache_mb:
            db.execute(f"pragma cache_size = -{int(cache_mb) * 1024}")  # negative: KiB, not pages
        migrate(db)
    except (sqlite3.Error, SchemaError) as exc:
        raise CorpusError(f"cannot open database {path}: {exc}") from exc
    return db


def open_corpus_readonly(path: str | os.PathLike) -> sqlite_utils.Database:
    """The corpus at ``path`` for reading only (a distributed crawl's worker: its writes go through
    the single writer), or an empty in-memory corpus when there is no file (a worker on another
    machine: it then skips no known article, and the writer's dedup drops what is stored). A file
    not yet at this schema (the writer creating or upgrading it right now) counts as none."""
    path = Path(path)
    if path.is_file():
        db = sqlite_utils.Database(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True))
        db.execute(f"pragma busy_timeout = {BUSY_TIMEOUT_MS}")
        if applied_version(db) == SCHEMA_VERSION:
            return db
        db.close()
    db = sqlite_utils.Database(memory=True)
    migrate(db)
    return db


@contextmanager
def transaction(db: sqlite_utils.Database) -> Iterator[bool]:
    """The caller's transaction when one is open (no savepoint: its writes must leave nothing
    harmful half done, for a caller that goes on after an error), else one of its own, committed
    on leaving; yields whether it joined the caller's."""
    if db.conn.in_transaction:
        yield True
        return
    with db.atomic():
        yield False


@contextmanager
def atomic(db: sqlite_utils.Database) -> Iterator[None]:
    """``db.atomic()``, but inside an open transaction under one fixed savepoint name: sqlite_utils
    names each savepoint anew (a random name), so SQLite parses both statements again each time,
    and the writes made per article inside the store's transaction (its index entries, its quotes)
    would pay that for every article. Nested uses of the one name are fine: SQLite rolls back to,
    and releases, the innermost savepoint of a name."""
    conn = db.conn
    if not conn.in_transaction:
        with db.atomic():
            yield
        return
    conn.execute(f"savepoint {SAVEPOINT}")
    try:
        yield
    except BaseException:
        if conn.in_transaction:  # an error may have ended the transaction already
            conn.execute(f"rollback to {SAVEPOINT}")
            conn.execute(f"release {SAVEPOINT}")
        raise
    conn.execute(f"release {SAVEPOINT}")


def checkpoint(db: sqlite_utils.Database) -> bool:
    """Move the WAL's committed pages into the file and empty the WAL; whether it succeeded.

    A reader that ignores the ``-wal`` file (Datasette's immutable mode) would otherwise miss the
    newest articles. A crawl writing at this moment keeps the WAL busy.
    """
    busy, _, _ = db.execute("pragma wal_checkpoint(TRUNCATE)").fetchone()
    return not busy
