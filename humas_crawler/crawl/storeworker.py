"""The single writer of a distributed crawl (``humas store-worker``): it alone writes the corpus.

Workers push messages to one Redis list (``crawl.distributed.Outbox``); the writer takes the
oldest with BLMOVE into a processing list, handles it, and removes it from there (LREM) only once
what it wrote is committed. Killed at any moment, it finds the message in hand still in the
processing list when it starts again, and puts it back first. Handling a message twice is
harmless: an article already stored under its canonical URL is dropped by the dedup stage (and its
crawl-state URLs settled again), a crawl-state write sets the same state. Articles a killed writer
stored but had not clustered yet are clustered when it starts again.

Items go through the project's own ``ITEM_PIPELINES`` after extraction (validate → dedup → store
→ ... → cluster), each built on a real Scrapy crawler of the item's spider
that never runs an engine: the stages find their corpus, stats and spider where they always do.
"""

from __future__ import annotations

import inspect
import json
import logging
import time
from collections import Counter

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.spiderloader import SpiderLoader
from scrapy.utils.conf import build_component_list
from scrapy.utils.misc import build_from_crawler, load_object

from humas_crawler.corpus import open_corpus, store
from humas_crawler.corpus.dedup import NearDuplicateIndex, StaleIndexError
from humas_crawler.crawl.distributed import Keys, redis_client
from humas_crawler.crawl.extensions import CorpusExtension, CrawlRunExtension, run_counts, run_problem, run_status
from humas_crawler.crawl.pipelines import ExtractPipeline
from humas_crawler.items import Article

logger = logging.getLogger("humas.store_worker")
# How long one wait for a message lasts before the writer checks whether it should stop.
POLL_S = 1.0
# A closed run's id stays known this long: the spider's last crawl-state writes follow its closing.
CLOSED_RUN_KEEP_S = 24 * 3600


class SpiderStages:
    """The item pipelines after extraction for one spider's items, on a crawler of that spider."""

    def __init__(self, name: str, settings):
        spidercls = SpiderLoader.from_settings(settings).load(name)
        settings = settings.copy()
        settings.set("TWISTED_REACTOR_ENABLED", False, priority="cmdline")  # nothing here is asynchronous
        self.crawler = Crawler(spidercls, settings)
        # what Crawler.crawl does before it starts an engine: settings, stats, extensions (the corpus)
        self.crawler._apply_settings()
        self.crawler.spider = self.crawler._create_spider()
        classes = [load_object(path) for path in build_component_list(self.crawler.settings.getwithbase("ITEM_PIPELINES"))]
        self.stages = [build_from_crawler(cls, self.crawler) for cls in classes if cls is not ExtractPipeline]
        for stage in self.stages:
            if hasattr(stage, "open_spider"):
                stage.open_spider()

    def process(self, fields: dict, run_id: int | None) -> dict:
        """Run one extracted article through the stages; returns the stats it changed."""
        CrawlRunExtension.of(self.crawler).run_id = run_id
        before = dict(self.crawler.stats.get_stats())
        item = Article(**fields)
        try:
            for stage in self.stages:
                item = stage.process_item(item)
        except DropItem as exc:
            logger.debug("%s", exc)
        after = self.crawler.stats.get_stats()
        return {key: value - before.get(key, 0) for key, value in after.items()
                if isinstance(value, (int, float)) and value != before.get(key, 0)}

    def close(self) -> None:
        self.crawler.get_extension(CorpusExtension).engine_stopped()


class StoreWorker:
    """Drains the workers' messages into the corpus at ``db_path`` (whose crawl lock the caller holds)."""

    def __init__(self, redis_url: str, db_path: str, settings):
        self.server = redis_client(redis_url)
        self.keys = Keys.from_settings(settings)
        self.settings = settings
        self.db = open_corpus(db_path)
        self.spiders: dict[str, SpiderStages] = {}
        self.run_stats: dict[str, Counter] = {}  # a run key -> what the stages counted for it
        self.handled = Counter()
        self.stopping = False

    def run(self, exit_when_idle: float | None = None) -> Counter:
        """Handle messages until asked to stop (SIGTERM: :meth:`stop`) or, given ``exit_when_idle``,
        once no message came and no worker was alive for that many seconds."""
        requeued = self.requeue_unacknowledged()
        if requeued:
            logger.warning("%d message(s) a stopped writer had not committed are handled again", requeued)
        self.cluster_unindexed()
        quiet_since = time.monotonic()
        try:
            while not self.stopping:
                raw = self.server.blmove(self.keys.items, self.keys.processing, POLL_S, "RIGHT", "LEFT")
                if raw is not None:
                    self.handle(json.loads(raw))
                    self.server.lrem(self.keys.processing, 1, raw)
                    quiet_since = time.monotonic()
                elif self.workers_alive():
                    quiet_since = time.monotonic()
                elif exit_when_idle is not None and time.monotonic() - quiet_since >= exit_when_idle:
                    break
        finally:
            self.close()
        return self.handled

    def stop(self, *_):
        self.stopping = True

    def requeue_unacknowledged(self) -> int:
        """Back to the oldest end of the queue, in their order: the messages in hand when a writer died."""
        moved = 0
        while self.server.lmove(self.keys.processing, self.keys.items, "LEFT", "RIGHT") is not None:
            moved += 1
        return moved

    def cluster_unindexed(self) -> None:
        """Articles stored by a writer killed before their cluster stage."""
        try:
            added = NearDuplicateIndex(self.db).index_pending()
        except StaleIndexError as exc:
            logger.error("near-duplicate clustering is off: %s", exc)
            return
        if added:
            logger.info("clustered %d article(s) stored but not yet clustered", added)

    def workers_alive(self) -> bool:
        return next(iter(self.server.scan_iter(match=self.keys.any_heartbeat, count=100)), None) is not None

    # ---- messages -----------------------------------------------------------------------------

    def handle(self, message: dict) -> None:
        kind, spider = message["kind"], message["spider"]
        self.handled[kind] += 1
        if kind == "open_run":
            self.open_run(spider, message["run"])
            return
        run_id = self.run_id(message["run"])
        if kind == "item":
            changed = self.stages(spider).process(message["item"], run_id)
            self.run_stats.setdefault(message["run"], Counter()).update(changed)
        elif kind == "call":
            self.call(message["op"], message["args"], message["kwargs"], run_id)
        elif kind == "close_run":
            self.close_run(message, run_id)
        else:
            logger.error("unknown message kind %r from %s: ignored", kind, spider)

    def stages(self, spider: str) -> SpiderStages:
        if spider not in self.spiders:
            self.spiders[spider] = SpiderStages(spider, self.settings)
        return self.spiders[spider]

    def run_id(self, run_key: str) -> int | None:
        value = self.server.get(self.keys.run(run_key))
        return int(value) if value is not None else None

    def open_run(self, spider: str, run_key: str) -> None:
        """A worker's run, as CrawlRunExtension opens one (a message handled again opens no second)."""
        if self.run_id(run_key) is not None:
            return
        entry = self.stages(spider).crawler.spider.entry
        store.upsert_site(self.db, spider, entry.url, entry.province, entry.timezone, entry.platform)
        self.server.set(self.keys.run(run_key), store.start_run(self.db, spider))

    def call(self, op: str, args: list, kwargs: dict, run_id: int | None) -> None:
        """A worker's crawl-state write, run here with the run's id in the corpus."""
        if op not in store.CRAWL_WRITES:
            logger.error("refused a write %r that is not a crawl-state write", op)
            return
        function = getattr(store, op)
        bound = inspect.signature(function).bind(self.db, *args, **kwargs)
        if "run_id" in bound.arguments:
            bound.arguments["run_id"] = run_id
        function(*bound.args, **bound.kwargs)

    def close_run(self, message: dict, run_id: int | None) -> None:
        """The worker's stats (pages, errors) and the writer's (stored, duplicates, dropped) make the
        run's counts and health verdict, as CrawlRunExtension judges a run of one process."""
        if run_id is None:
            return
        stats = {**message["stats"], **self.run_stats.pop(message["run"], {})}
        counts = run_counts(stats)
        reason = message["reason"]
        store.finish_run(self.db, run_id, run_status(reason), counts, stats, worker_problem(reason, counts, stats))
        self.server.expire(self.keys.run(message["run"]), CLOSED_RUN_KEEP_S)

    def close(self) -> None:
        """With no worker alive, the runs left open by killed workers are marked interrupted."""
        if not self.workers_alive():
            for spider in self.spiders:
                store.mark_interrupted(self.db, spider)
        for stages in self.spiders.values():
            stages.close()
        self.db.close()


def worker_problem(reason: str, counts: dict, stats: dict) -> str | None:
    """A worker's run judged as a run of one process is (``run_problem``), except that a worker
    that got no request from the frontier did nothing to judge: the other workers had the site's
    work (it fetched no page, which would otherwise fail the night)."""
    if reason == "finished" and not stats.get("scheduler/dequeued/redis"):
        return None
    return run_problem(reason, counts, stats)
