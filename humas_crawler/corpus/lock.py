"""One crawl per corpus at a time: an OS file lock beside the corpus file (``corpus.db.lock``).

The lock is an ``flock`` taken through filelock, so the kernel releases it when its process dies:
a lock left by a killed crawl never blocks the next one. Who holds it (PID, start time) is written
to ``corpus.db.lock.json`` for the one-line message a second crawl prints. Within one process the
lock is re-entrant (``humas crawl`` runs several spiders, each with its own corpus extension).
"""

from __future__ import annotations

import json
import os
from datetime import datetime, timezone
from pathlib import Path

from filelock import FileLock, Timeout

_held: dict[Path, list] = {}  # lock path -> [FileLock, how many holders in this process]


class CorpusBusy(Exception):
    """Another process is crawling into this corpus."""

    def __init__(self, db_path: Path, holder: dict):
        self.holder = holder
        who = f"PID {holder.get('pid', '?')} since {holder.get('started', '?')}"
        super().__init__(f"corpus {db_path} is being crawled by {who}; try again when it ends")


def lock_path(db_path) -> Path:
    return Path(f"{Path(db_path).resolve()}.lock")


def holder_path(db_path) -> Path:
    return Path(f"{lock_path(db_path)}.json")


def acquire(db_path) -> None:
    """Take the corpus's crawl lock, or raise CorpusBusy naming the holder."""
    path = lock_path(db_path)
    if path in _held:
        _held[path][1] += 1
        return
    lock = FileLock(path, timeout=0, thread_local=False)
    try:
        lock.acquire()
    except Timeout:
        raise CorpusBusy(Path(db_path), read_holder(db_path)) from None
    _held[path] = [lock, 1]
    holder_path(db_path).write_text(json.dumps({
        "pid": os.getpid(), "started": datetime.now(timezone.utc).isoformat(timespec="seconds")}), encoding="utf-8")


def release(db_path) -> None:
    path = lock_path(db_path)
    entry = _held.get(path)
    if entry is None:
        return
    entry[1] -= 1
    if entry[1] == 0:
        del _held[path]
        holder_path(db_path).unlink(missing_ok=True)
        entry[0].release()


def read_holder(db_path) -> dict:
    try:
        return json.loads(holder_path(db_path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
