"""Running spiders in-process (what ``humas crawl`` does) with live progress on a terminal, their log
going to Scrapy's handler or to the caller's (``humas crawl``'s cron lines)."""

from __future__ import annotations

import logging
import os
from contextlib import contextmanager
from urllib.parse import urlsplit

from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from scrapy import signals
from scrapy.crawler import CrawlerProcess
from scrapy.spiderloader import SpiderLoader
from scrapy.utils.project import get_project_settings

from humas_crawler.corpus import lock, open_corpus, queries
from humas_crawler.crawl.extensions import CrawlRunExtension

# An origin on this machine (a mirror, a cache, a test server) needs no politeness.
LOOPBACK_SETTINGS = {
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_DELAY": 0,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
    "CONCURRENT_REQUESTS": 32,
}
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


def project_settings(db_path: str, overrides: dict | None = None, log_level: str = "WARNING"):
    """The project's settings wherever the command runs from (no scrapy.cfg needed)."""
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "humas_crawler.settings")
    settings = get_project_settings()
    settings.set("HUMAS_DB", str(db_path), priority="cmdline")
    settings.set("LOG_LEVEL", log_level, priority="cmdline")
    for key, value in (overrides or {}).items():
        settings.set(key, value, priority="cmdline")
    return settings


def spider_names(settings) -> list[str]:
    return sorted(SpiderLoader.from_settings(settings).list())


def is_loopback(url: str | None) -> bool:
    return (urlsplit(url or "").hostname or "") in LOOPBACK_HOSTS


def fetches_only_loopback(spider_args: dict[str, dict] | None) -> bool:
    """Whether every spider fetches from this machine (its ``base_url``): no real site is asked."""
    bases = [args.get("base_url") for args in (spider_args or {}).values()]
    return bool(bases) and all(is_loopback(base) for base in bases)


def loopback_overrides(spider_args: dict[str, dict] | None) -> dict:
    """``LOOPBACK_SETTINGS`` when every spider fetches from this machine, else none."""
    return dict(LOOPBACK_SETTINGS) if fetches_only_loopback(spider_args) else {}


class _ProgressBoard:
    """One line per spider: pages fetched and articles stored, updated from Scrapy signals."""

    def __init__(self, progress: Progress):
        self.progress = progress
        self.tasks = {}

    def watch(self, crawler, name: str) -> None:
        task = self.progress.add_task(name, total=None, pages=0, stored=0)
        self.tasks[name] = task
        crawler.signals.connect(lambda **_: self._bump(task, "pages"), signal=signals.response_received, weak=False)
        crawler.signals.connect(lambda **_: self._bump(task, "stored"), signal=signals.item_scraped, weak=False)

    def _bump(self, task, key):
        fields = self.progress.tasks[task].fields
        self.progress.update(task, **{key: fields[key] + 1})
        self.progress.advance(task)


class _RunTagger(logging.Filter):
    """Gives each record the spider and run it is about, for :func:`~humas_crawler.crawl.logformatter.label`.

    Scrapy passes the spider with most of its records (``extra={"spider": ...}``); a record without
    one (a project middleware, Twisted) belongs to the only spider when one runs. The run id is the
    spider's crawl_runs row, known from the moment CrawlRunExtension opened it.
    """

    def __init__(self, crawlers: dict):
        self.crawlers = crawlers

    def filter(self, record: logging.LogRecord) -> bool:
        spider = getattr(record, "spider", None)
        if spider is None and len(self.crawlers) == 1:
            spider = next(iter(self.crawlers.values())).spider
        crawler = getattr(spider, "crawler", None)
        if crawler is not None and getattr(record, "run_id", None) is None:
            record.spider = spider
            record.run_id = getattr(crawler.get_extension(CrawlRunExtension), "run_id", None)
        return True


@contextmanager
def _logging_to(handlers: list[logging.Handler], tagger: logging.Filter):
    """``handlers`` on the root logger (those not there yet, until the end) and tagging its records."""
    root = logging.getLogger()
    added = [handler for handler in handlers if handler not in root.handlers]
    for handler in added:
        root.addHandler(handler)
    for handler in handlers:
        handler.addFilter(tagger)
    try:
        yield
    finally:
        for handler in handlers:
            handler.removeFilter(tagger)
        for handler in added:
            root.removeHandler(handler)


def run_spiders(names: list[str], db_path: str, spider_args: dict[str, dict] | None = None,
                overrides: dict | None = None, log_level: str = "WARNING", show_progress: bool = True,
                stats_sink: dict | None = None, log_handlers: list[logging.Handler] | None = None) -> list[dict]:
    """Crawl ``names`` into the corpus at ``db_path`` and return the crawl_runs rows they wrote;
    ``stats_sink`` (a dict) receives each spider's Scrapy stats. The corpus's crawl lock is taken
    first: another crawl of it raises CorpusBusy before anything starts.

    Scrapy logs through its own root handler unless ``log_handlers`` are given: they take its place
    on the root logger for the run (the caller may have put them there already, for its own lines),
    and their records are tagged with their spider and run.

    A distributed worker (``HUMAS_REDIS_URL`` in ``overrides``) takes no lock and returns no rows:
    the single writer holds the corpus and records the runs.
    """
    args = (names, db_path, spider_args, overrides, log_level, show_progress, stats_sink, log_handlers)
    if (overrides or {}).get("HUMAS_REDIS_URL"):
        _crawl(*args)
        return []
    lock.acquire(db_path)
    try:
        db = open_corpus(db_path)
        before = queries.last_run_id(db)
        _crawl(*args)
        return queries.latest_runs(db, since_id=before)
    finally:
        lock.release(db_path)


def _crawl(names, db_path, spider_args, overrides, log_level, show_progress, stats_sink, log_handlers) -> None:
    settings = project_settings(db_path, {**loopback_overrides(spider_args), **(overrides or {}),
                                          "LOG_INSTALL_ROOT_HANDLER": log_handlers is None}, log_level)
    process = CrawlerProcess(settings)
    logging.getLogger("scrapy").setLevel(log_level)
    progress = Progress(
        TextColumn("[bold]{task.description:<20}"), BarColumn(bar_width=None, pulse_style="cyan"),
        TextColumn("{task.fields[pages]:>5} pages  {task.fields[stored]:>4} stored"), TimeElapsedColumn(),
        disable=not show_progress, transient=False,
    )
    board = _ProgressBoard(progress)
    crawlers = {name: process.create_crawler(name) for name in names}
    for name, crawler in crawlers.items():
        board.watch(crawler, name)
        process.crawl(crawler, **(spider_args or {}).get(name, {}))
    with _logging_to(log_handlers or [], _RunTagger(crawlers)), progress:
        process.start()
    if stats_sink is not None:
        stats_sink.update({name: crawler.stats.get_stats() for name, crawler in crawlers.items()})
