"""The single writer of a distributed crawl (``humas store-worker``): it alone writes the corpus.

Workers push messages to one Redis list (``crawl.distributed.Outbox``); the writer takes the
oldest with BLMOVE into a processing list, handles it, and removes it from there (LREM) only once
what it wrote is committed. Killed at any moment, it finds the message in hand still in the
processing list when it starts again, and puts it back first. Handling a message twice is
harmless: an article already stored under its canonical URL is dropped by the dedup stage (and its
crawl-state URLs settled again), a crawl-state write sets the same state. Articles a killed writer
stored but had not clustered yet are clustered when it starts again.

A run (one per spider, shared by its workers) keeps the writer's counts so far in its own
``crawl_runs.stats``, each article's committed with what it wrote and its message's id: a
restarted writer loses none, and a message it handles again is neither stored nor counted twice.
The workers' own figures (pages, answers, errors) are their shares in Redis. The last worker's
closing (or, when the last died idle, the writer itself) closes the run, whose health verdict
and alarms are judged on the whole run's figures, as a one-process crawl's are (``crawl.monitors``).

Items go through the project's own ``ITEM_PIPELINES`` after extraction (validate → dedup → quotes
→ store → cluster; an article and its quotes are one transaction), each built on a real Scrapy
crawler of the item's spider that never runs an engine: the stages find their corpus, stats and spider where they always do.
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
from humas_crawler.crawl import monitors
from humas_crawler.crawl.distributed import LAST_WORKER_STAT, Keys, redis_client
from humas_crawler.crawl.extensions import CorpusExtension, CrawlRunExtension, run_counts, run_problem, run_status
from humas_crawler.crawl.pipelines import ExtractPipeline
from humas_crawler.items import Article

logger = logging.getLogger("humas.store_worker")
# How long one wait for a message lasts before the writer checks whether it should stop.
POLL_S = 1.0
# A closed run's id stays known this long: the spider's last crawl-state writes follow its closing.
CLOSED_RUN_KEEP_S = 24 * 3600
# The writer's own entries in a run's stats: the workers' key for the run, and the id of the last
# message whose counts are in.
RUN_KEY_STAT = "distributed/run_key"
COUNTED_STAT = "distributed/last_message"


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

    @property
    def db(self):
        """The stages' own connection to the corpus: a transaction that must hold their writes is on it."""
        return CorpusExtension.of(self.crawler)

    def close(self) -> None:
        self.crawler.get_extension(CorpusExtension).engine_stopped()


class StoreWorker:
    """Drains the workers' messages into the corpus at ``db_path`` (whose crawl lock the caller holds)."""

    def __init__(self, redis_url: str, db_path: str, settings):
        self.server = redis_client(redis_url)
        self.keys = Keys.from_settings(settings)
        self.settings = settings
        self.ttl = settings.getfloat("HUMAS_REDIS_WORKER_TTL")
        self.db = open_corpus(db_path, settings.getint("HUMAS_SQLITE_CACHE_MB"))
        self.spiders: dict[str, SpiderStages] = {}
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
                    continue
                self.close_orphaned_runs()  # the queue is drained: the dead workers' messages are in
                if self.workers_alive():
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
            self.store_item(spider, message, run_id)
        elif kind == "call":
            self.call(message["op"], message["args"], message["kwargs"], run_id)
        elif kind == "close_run":
            self.close_run(spider, message, run_id)
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
        """The workers' run, as CrawlRunExtension opens one, at the first worker's message (the
        others', and one handled again after a restart, find it by its key)."""
        if self.run_id(run_key) is not None:
            return
        run_id = store.run_with_stat(self.db, spider, RUN_KEY_STAT, run_key)
        if run_id is None:
            entry = self.stages(spider).crawler.spider.entry
            store.upsert_site(self.db, spider, entry.url, entry.province, entry.timezone, entry.platform)
            with self.db.atomic():
                run_id = store.start_run(self.db, spider)
                store.save_run_stats(self.db, run_id, {RUN_KEY_STAT: run_key})
        self.server.set(self.keys.run(run_key), run_id)

    def store_item(self, spider: str, message: dict, run_id: int | None) -> None:
        """One article through the stages; what they counted joins its run's stats in the same
        transaction (on the stages' connection), unless the message's counts are in already."""
        stages = self.stages(spider)
        with stages.db.atomic():
            run = store.run_record(stages.db, run_id) if run_id is not None else None
            if run is not None and counted(run["stats"], message):
                return
            changed = stages.process(message["item"], run_id)
            if run is not None:
                counts = {**added(run["stats"], changed), COUNTED_STAT: message.get("id")}
                store.save_run_stats(stages.db, run_id, counts)

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

    def close_run(self, spider: str, message: dict, run_id: int | None) -> None:
        """A worker's spider closed. When it was the run's last alive worker, the run closes."""
        if run_id is None or not message.get("last"):
            return
        with self.db.atomic():
            run = store.run_record(self.db, run_id)
            if run is not None and not run["finished_at"]:
                self.finish_run(spider, run, message["run"], message["reason"])

    def finish_run(self, spider: str, run: dict, run_key: str, reason: str) -> None:
        """The run's counts, health verdict and alarms from the writer's figures (stored,
        duplicates, dropped: in the run's stats) and every worker's (pages, answers, errors: their
        shares), as CrawlRunExtension and MonitorExtension judge a run of one process."""
        stats = dict(run["stats"])
        for share in self.shares(run_key).values():
            stats = added(stats, share["stats"])
        stats.pop(LAST_WORKER_STAT, None)
        counts = run_counts(stats)
        problem = run_problem(reason, counts, stats)
        store.finish_run(self.db, run["id"], run_status(reason), counts, stats, problem)
        if problem:
            logger.error("run %s of %s is unhealthy: %s", run["id"], spider, problem)
        alarms = monitors.judge(self.db, self.settings, spider, run["id"], reason, stats)
        monitors.raise_alarms(self.db, spider, run["id"], alarms, logger)
        self.server.expire(self.keys.run(run_key), CLOSED_RUN_KEEP_S)

    def shares(self, run_key: str) -> dict[str, dict]:
        """Each worker's last saved figures in the run, by worker."""
        shares = self.server.hgetall(self.keys.shares(run_key))
        return {worker.decode(): json.loads(share) for worker, share in shares.items()}

    def close_orphaned_runs(self) -> None:
        """Runs whose last alive workers died with nothing left to do (idle, the frontier empty: the
        others had left) close with the figures their workers last saved. A run with work left in
        Redis stays open for a worker to resume (or is marked interrupted when the writer stops)."""
        now = self.server.time()[0]
        for run in store.running_runs(self.db):
            run_key = run["stats"].get(RUN_KEY_STAT)
            shares = self.shares(run_key) if run_key else {}
            if not shares or any(now - share["at"] < self.ttl or self.server.exists(self.keys.heartbeat(worker))
                                 for worker, share in shares.items()):
                continue
            if self.work_left(run["spider"]):
                continue
            logger.warning("run %s of %s: its last workers died idle; closed with the figures they saved",
                           run["id"], run["spider"])
            with self.db.atomic():
                self.finish_run(run["spider"], run, run_key, "finished")

    def work_left(self, spider: str) -> bool:
        """Requests of the spider in the frontier, or leased to a worker."""
        if self.server.zcard(self.keys.frontier(spider)):
            return True
        return any(self.server.hlen(key) for key in self.server.scan_iter(match=self.keys.leases(spider, "*")))

    def close(self) -> None:
        """With no worker alive, the runs left open by killed workers are marked interrupted."""
        if not self.workers_alive():
            for spider in self.spiders:
                store.mark_interrupted(self.db, spider)
        for stages in self.spiders.values():
            stages.close()
        self.db.close()


def counted(stats: dict, message: dict) -> bool:
    """Whether this message's counts are in the run's stats already (it was committed, then the
    writer died before acknowledging it)."""
    return "id" in message and stats.get(COUNTED_STAT) == message["id"]


def added(stats: dict, more: dict) -> dict:
    """Two workers' (or a worker's and the writer's) stats as one run's: numbers add up, other
    values (times, the close reason) are the later ones."""
    total = dict(stats)
    for key, value in more.items():
        number = isinstance(value, (int, float)) and not isinstance(value, bool)
        total[key] = total.get(key, 0) + value if number and isinstance(total.get(key, 0), (int, float)) else value
    return total
