"""Extensions holding a crawl's cross-cutting state: its corpus connection and its run record.

``scrapy crawl`` and ``humas crawl`` load the same two (``EXTENSIONS`` in settings), so both
record and judge runs alike. Components reach them through the crawler in ``from_crawler``.
"""

from __future__ import annotations

import functools

import sqlite_utils
from scrapy import signals
from scrapy.exceptions import NotConfigured

from humas_crawler.corpus import lock, open_corpus, store


class CorpusExtension:
    """The crawl's one connection to the corpus (``HUMAS_DB``), opened when the crawler is built
    and closed when the engine stops, after every other component has finished with it. It holds
    the corpus's crawl lock meanwhile: a second crawl of the same corpus fails to start
    (:class:`~humas_crawler.corpus.lock.CorpusBusy`)."""

    def __init__(self, db_path: str, cache_mb: int | None = None):
        lock.acquire(db_path)
        self.db_path = db_path
        try:
            self.db = open_corpus(db_path, cache_mb)
        except Exception:
            lock.release(db_path)
            raise
        self.writes = StoreWrites(self.db)

    @classmethod
    def from_crawler(cls, crawler):
        extension = cls(crawler.settings.get("HUMAS_DB"), crawler.settings.getint("HUMAS_SQLITE_CACHE_MB"))
        crawler.signals.connect(extension.engine_stopped, signal=signals.engine_stopped)
        return extension

    def engine_stopped(self):
        self.db.close()
        lock.release(self.db_path)

    @classmethod
    def of(cls, crawler) -> sqlite_utils.Database:
        """The corpus of ``crawler``'s run (for pipelines, spiders and other extensions)."""
        extension = crawler.get_extension(cls)
        if extension is None:
            raise NotConfigured(f"{cls.__module__}.{cls.__name__} is not in EXTENSIONS")
        return extension.db

    @classmethod
    def writes_of(cls, crawler) -> "StoreWrites":
        """Where ``crawler``'s crawl-state writes go (:class:`StoreWrites`)."""
        return crawler.get_extension(cls).writes


class StoreWrites:
    """The crawl-state writes a spider and its middlewares make (``store.CRAWL_WRITES``), called
    as ``writes.record_skip(site, url, ...)``: here each runs on the corpus at once. A distributed
    worker has no corpus to write, so its twin (``crawl.distributed.RedisWrites``) sends the same
    calls to the single writer; the spider's code is the same in both modes."""

    def __init__(self, db: sqlite_utils.Database):
        self.db = db

    def __getattr__(self, name: str):
        if name not in store.CRAWL_WRITES:
            raise AttributeError(f"{name} is not a crawl-state write of corpus.store")
        return functools.partial(getattr(store, name), self.db)


class CrawlRunExtension:
    """Records each spider run in ``crawl_runs`` and judges its health when it closes.

    A run is unhealthy (``crawl_runs.problem`` says why, logged as an error, and ``humas crawl``
    exits 1) when the spider did not finish, fetched no page, or dropped every article it fetched
    (the site's layout changed under its selectors).
    """

    def __init__(self, crawler):
        self.crawler = crawler
        self.db: sqlite_utils.Database | None = None  # the corpus extension exists once all are built
        self.run_id: int | None = None
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    @classmethod
    def of(cls, crawler) -> "CrawlRunExtension":
        extension = crawler.get_extension(cls)
        if extension is None:
            raise NotConfigured(f"{cls.__module__}.{cls.__name__} is not in EXTENSIONS")
        return extension

    def spider_opened(self, spider):
        self.db = CorpusExtension.of(self.crawler)
        entry = spider.entry
        store.upsert_site(self.db, spider.name, entry.url, entry.province, entry.timezone, entry.platform)
        interrupted = store.mark_interrupted(self.db, spider.name)
        if interrupted:
            spider.logger.warning("%s earlier run(s) of %s never closed: marked interrupted", interrupted, spider.name)
        self.run_id = store.start_run(self.db, spider.name)

    def spider_closed(self, spider, reason):
        stats = self.crawler.stats.get_stats()
        counts = run_counts(stats)
        problem = run_problem(reason, counts, stats)
        if problem:
            spider.logger.error("run %s of %s is unhealthy: %s", self.run_id, spider.name, problem)
        store.finish_run(self.db, self.run_id, run_status(reason), counts, stats, problem)


# Scrapy closes a spider stopped by SIGTERM or SIGINT (Scrapyd's cancel.json, Ctrl-C, kill) with
# reason "shutdown": the run record says what a user did, the close reason stays in its problem.
RUN_STATUS_OF_REASON = {"shutdown": "cancelled"}


def run_status(reason: str) -> str:
    """A closed run's crawl_runs.status: Scrapy's close reason (finished, circuit_open, ...),
    except "cancelled" for a run someone stopped."""
    return RUN_STATUS_OF_REASON.get(reason, reason)


def run_counts(stats: dict) -> dict:
    """The counts a run row keeps, from Scrapy's stats."""
    return {
        "pages": stats.get("response_received_count", 0),
        "new": stats.get("store/new", 0),
        "duplicate": stats.get("dedup/duplicate_url", 0) + stats.get("dedup/duplicate_text", 0),
        "dropped": stats.get("validate/dropped", 0),
    }


def run_problem(reason: str, counts: dict, stats: dict) -> str | None:
    """Why a run should wake someone up, or None for a healthy run: it did not finish, fetched
    nothing, got only error answers, dropped every article it fetched, or logged errors (an
    unhandled exception, a storage error, a failed listing page)."""
    if reason != "finished":
        return f"ended with {reason}"
    if not counts["pages"]:
        return "fetched no page"
    if not good_answers(stats):
        return f"every answer was an error ({answer_summary(stats)})"
    if counts["dropped"] and not counts["new"]:
        return f"dropped all {counts['dropped']} articles it fetched (layout changed?)"
    errors = stats.get("log_count/ERROR", 0)
    if errors:
        return f"logged {errors} error(s): see the crawl log"
    return None


STATUS_PREFIX = "downloader/response_status_count/"


def good_answers(stats: dict) -> int:
    """Responses that carried a page or confirmed one (2xx, 3xx including 304)."""
    return sum(count for key, count in stats.items() if key.startswith(STATUS_PREFIX)
               and key[len(STATUS_PREFIX):].isdigit() and int(key[len(STATUS_PREFIX):]) < 400)


def answer_summary(stats: dict) -> str:
    return ", ".join(f"HTTP {key[len(STATUS_PREFIX):]} ×{count}" for key, count in sorted(stats.items())
                     if key.startswith(STATUS_PREFIX)) or "no HTTP answer"
