"""Distributed crawling: any number of worker processes (on any machines) share one frontier in
Redis through scrapy-redis, and send what they find to the single writer (``humas store-worker``).

It is a settings overlay, nothing else: :class:`DistributedAddon` (in ``ADDONS``) applies
``OVERLAY_SETTINGS`` and ``OVERLAY_COMPONENTS`` when ``HUMAS_REDIS_URL`` is set, so ``scrapy crawl SITE -s HUMAS_REDIS_URL=...``
and ``humas crawl --all --distributed --redis URL`` run the same spiders with the same components.

What a worker changes, and why:
- the scheduler (:class:`LeasedScheduler`) is scrapy-redis's, with its shared dupefilter and a
  persistent frontier; a request a worker pops is leased to it (kept in the worker's lease hash)
  until its outcome is in Redis: its items queued, its requests in the frontier. A worker killed
  with SIGKILL stops renewing its heartbeat, and the next worker to look gives its leases back to
  the frontier, so nothing it held is lost; redoing a request is harmless (the dupefilter drops
  its links again, the writer's dedup its article);
- a worker closes by itself once the frontier is empty and no live worker holds a lease for
  ``HUMAS_REDIS_IDLE_CLOSE`` seconds, instead of waiting for ever;
- the items, after extraction, and the crawl-state writes (pending, failures, skips, listing walks,
  runs) go to one Redis list, in the order they were made, for the writer; a worker reads the
  corpus (known URLs, due retries) from a read-only copy, or from none;
- the workers of one spider share one run (its key in Redis, :class:`WorkerRunExtension`): the
  writer closes it, and judges its health and alarms, when the last of them has closed;
- only the first worker of a run to start its re-checks (``--recheck``) sends them to the frontier
  (:class:`RecheckOnceMiddleware`): they bypass the dupefilter, so each worker's would be fetched;
- politeness is cluster-wide (``crawl.politeness``).
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections import Counter

import redis
from itemadapter import ItemAdapter
from scrapy import Request, signals
from scrapy.exceptions import DontCloseSpider
from scrapy.utils.misc import load_object
from scrapy_redis.queue import PriorityQueue
from scrapy_redis.scheduler import Scheduler
from twisted.internet import task

from humas_crawler.corpus import open_corpus_readonly, store
from humas_crawler.crawl.extensions import CorpusExtension, CrawlRunExtension
from humas_crawler.crawl.pipelines import ExtractPipeline

logger = logging.getLogger(__name__)

LEASE = "humas_lease"  # request.meta key: the lease a popped request holds, (lease hash, field)
# Set in a worker's stats when it was the last alive worker of its run to close: the run is over.
LAST_WORKER_STAT = "distributed/last_worker"
# A run's claim on its re-checks outlives any night's crawl (it names the run, so it never blocks another).
RECHECK_CLAIM_KEEP_S = 7 * 24 * 3600
# The workers' figures in a run stay this long after the last was saved (the writer needs them to close it).
RUN_SHARES_KEEP_S = 7 * 24 * 3600
OVERLAY_SETTINGS = {
    "SCHEDULER": "humas_crawler.crawl.distributed.LeasedScheduler",
    "SCHEDULER_QUEUE_CLASS": "humas_crawler.crawl.distributed.LeasedQueue",
    "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
    # the frontier and the dupefilter outlive a worker: a restarted one resumes the crawl
    "SCHEDULER_PERSIST": True,
}
# (setting, component, priority): None takes the component out. Of the item pipelines a worker
# keeps extraction only (it needs the page); every later stage runs in the writer (ItemQueuePipeline).
OVERLAY_COMPONENTS = (
    ("ITEM_PIPELINES", "humas_crawler.crawl.distributed.ItemQueuePipeline", 900),
    ("EXTENSIONS", "humas_crawler.crawl.extensions.CorpusExtension", None),
    ("EXTENSIONS", "humas_crawler.crawl.distributed.WorkerCorpusExtension", 0),
    ("EXTENSIONS", "humas_crawler.crawl.extensions.CrawlRunExtension", None),
    ("EXTENSIONS", "humas_crawler.crawl.distributed.WorkerRunExtension", 10),
    # alarms need the whole run's stats and stored articles: the writer judges them (crawl.storeworker)
    ("EXTENSIONS", "humas_crawler.crawl.monitors.MonitorExtension", None),
    ("SPIDER_MIDDLEWARES", "humas_crawler.crawl.distributed.LeaseAckMiddleware", 1000),
    ("SPIDER_MIDDLEWARES", "humas_crawler.crawl.distributed.RecheckOnceMiddleware", 1010),
    ("DOWNLOADER_MIDDLEWARES", "humas_crawler.crawl.politeness.ClusterPolitenessMiddleware", 950),
)


def redis_client(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, socket_connect_timeout=5, socket_timeout=30, retry_on_timeout=True)


class Keys:
    """Every Redis key of a distributed crawl, under ``HUMAS_REDIS_PREFIX``."""

    def __init__(self, prefix: str):
        self.prefix = prefix

    @classmethod
    def from_settings(cls, settings) -> "Keys":
        return cls(settings.get("HUMAS_REDIS_PREFIX"))

    @property
    def items(self) -> str:
        """The list workers push messages to and the writer drains (oldest at the right end)."""
        return f"{self.prefix}:items"

    @property
    def processing(self) -> str:
        """The writer's message in hand, until committed (the reliable-queue pattern)."""
        return f"{self.prefix}:items:processing"

    def run(self, run_key: str) -> str:
        """A run key → its crawl_runs id in the corpus (written by the writer)."""
        return f"{self.prefix}:run:{run_key}"

    def current_run(self, spider: str) -> str:
        """The key of the spider's run its workers share now (set by the first, deleted by the last)."""
        return f"{self.prefix}:{spider}:run"

    def shares(self, run_key: str) -> str:
        """Each worker's figures (its Scrapy stats) in a run, by worker: renewed with its heartbeat
        and when it closes, so a killed worker's are not lost to its run."""
        return f"{self.prefix}:run:{run_key}:shares"

    def recheck_claim(self, run_key: str) -> str:
        """Which worker of the run sends its re-checks."""
        return f"{self.prefix}:recheck:{run_key}"

    def frontier(self, spider: str) -> str:
        return f"{self.prefix}:{spider}:requests"

    def dupefilter(self, spider: str) -> str:
        return f"{self.prefix}:{spider}:dupefilter"

    def workers(self, spider: str) -> str:
        return f"{self.prefix}:{spider}:workers"

    def leases(self, spider: str, worker: str) -> str:
        return f"{self.prefix}:{spider}:leases:{worker}"

    def heartbeat(self, worker: str) -> str:
        return f"{self.prefix}:worker:{worker}"

    @property
    def any_heartbeat(self) -> str:
        return f"{self.prefix}:worker:*"


class DistributedAddon:
    """Turns a crawl distributed when ``HUMAS_REDIS_URL`` is set (by ``-s`` or ``humas crawl --redis``)."""

    def update_settings(self, settings) -> None:
        url = settings.get("HUMAS_REDIS_URL")
        if not url:
            return
        settings.set("REDIS_URL", url, priority="addon")
        keys = Keys.from_settings(settings)
        settings.set("SCHEDULER_QUEUE_KEY", keys.frontier("%(spider)s"), priority="addon")
        settings.set("SCHEDULER_DUPEFILTER_KEY", keys.dupefilter("%(spider)s"), priority="addon")
        for name, value in OVERLAY_SETTINGS.items():
            settings.set(name, value, priority="addon")
        for path in settings.getdict("ITEM_PIPELINES"):
            if load_object(path) is not ExtractPipeline:
                settings.set_in_component_priority_dict("ITEM_PIPELINES", load_object(path), None)
        for name, component, priority in OVERLAY_COMPONENTS:
            settings.set_in_component_priority_dict(name, load_object(component), priority)


# ---- the shared frontier with leases ------------------------------------------------------------

# Pop the best request and keep it in the worker's lease hash, in one step: a worker killed right
# after the pop still has it on record. The hash field is "<token>|<score>" (the score to requeue at).
POP_LEASED = """
local found = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #found == 0 then return false end
redis.call('ZREM', KEYS[1], found[1])
local field = ARGV[1] .. '|' .. found[2]
redis.call('HSET', KEYS[2], field, found[1])
return {field, found[1]}
"""
# Give a worker's leases back to the frontier, unless its heartbeat is alive (ARGV[2] = "1" forces:
# the worker itself, closing early). Atomic, so two workers reclaiming at once requeue each once.
RECLAIM = """
if ARGV[2] ~= '1' and redis.call('EXISTS', KEYS[4]) == 1 then return -1 end
local entries = redis.call('HGETALL', KEYS[2])
for i = 1, #entries, 2 do
  redis.call('ZADD', KEYS[1], string.match(entries[i], '|(.*)$'), entries[i + 1])
end
redis.call('DEL', KEYS[2])
redis.call('SREM', KEYS[3], ARGV[1])
return #entries / 2
"""


class LeasedQueue(PriorityQueue):
    """scrapy-redis's priority queue, whose pop leases the request to this worker."""

    lease_key: str = ""
    tokens = 0

    def pop(self, timeout=0):
        self.tokens += 1
        found = self.server.eval(POP_LEASED, 2, self.key, self.lease_key, self.tokens)
        if not found:
            return None
        field, data = found
        request = self._decode_request(data)
        request.meta[LEASE] = (self.lease_key, field.decode())
        return request


def release(server: redis.Redis, lease: tuple[str, str]) -> None:
    """The leased request's outcome is in Redis: it is no longer this worker's to redo."""
    server.hdel(*lease)


class LeasedScheduler(Scheduler):
    """scrapy-redis's scheduler with leased pops, a heartbeat, reclaiming dead workers' leases and
    closing once the whole cluster is idle (see the module's docstring)."""

    @classmethod
    def from_crawler(cls, crawler):
        scheduler = super().from_crawler(crawler)
        scheduler.crawler = crawler
        settings = crawler.settings
        scheduler.keys = Keys.from_settings(settings)
        scheduler.worker = WorkerRunExtension.of(crawler).worker
        scheduler.ttl = settings.getfloat("HUMAS_REDIS_WORKER_TTL")
        scheduler.idle_close = settings.getfloat("HUMAS_REDIS_IDLE_CLOSE")
        scheduler.idle_since = None
        scheduler.beat = task.LoopingCall(scheduler.heartbeat)
        crawler.signals.connect(scheduler.spider_idle, signal=signals.spider_idle)
        return scheduler

    def open(self, spider):
        super().open(spider)
        self.lease_key = self.queue.lease_key = self.keys.leases(spider.name, self.worker)
        self.heartbeat()
        self.server.sadd(self.keys.workers(spider.name), self.worker)
        self.beat.start(self.ttl / 3, now=False)
        reclaimed = self.reclaim()
        logger.info("worker %s of %s: %d requests in the frontier (%d reclaimed from dead workers)",
                    self.worker, spider.name, len(self.queue), reclaimed, extra={"spider": spider})

    def heartbeat(self) -> None:
        """This worker is alive, and its figures so far are in its run's shares (read by the
        writer if it dies)."""
        self.server.set(self.keys.heartbeat(self.worker), self.spider.name, px=int(self.ttl * 1000))
        WorkerRunExtension.of(self.crawler).save_share()

    def reclaim(self) -> int:
        """Give the leases of dead workers of this spider back to the frontier; how many."""
        total = 0
        for worker in self.server.smembers(self.keys.workers(self.spider.name)):
            worker = worker.decode()
            if worker != self.worker:
                total += max(0, self._give_back(worker, force=False))
        if total:
            self.stats.inc_value("distributed/reclaimed", total)
            logger.warning("%d requests of dead workers back in the frontier", total, extra={"spider": self.spider})
        return total

    def _give_back(self, worker: str, force: bool) -> int:
        name = self.spider.name
        return self.server.eval(RECLAIM, 4, self.keys.frontier(name), self.keys.leases(name, worker),
                                self.keys.workers(name), self.keys.heartbeat(worker), worker, "1" if force else "0")

    def enqueue_request(self, request):
        """A retried or redirected request carries the lease of the one it replaces: that one's
        work is handed over once the new request is in the frontier. (scrapy-redis's own method
        passes ``spider`` to the stats, which Scrapy 2.13+ deprecates.)"""
        replaced = request.meta.pop(LEASE, None)
        added = request.dont_filter or not self.df.request_seen(request)
        if added:
            self.stats.inc_value("scheduler/enqueued/redis")
            self.queue.push(request)
        else:
            self.df.log(request, self.spider)
        if replaced:
            release(self.server, replaced)
        return added

    def next_request(self):
        request = self.queue.pop()
        if request:
            self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def others_busy(self) -> bool:
        """Another worker of this spider holds leases (alive, or dead and not yet reclaimable)."""
        name = self.spider.name
        return any(self.server.hlen(self.keys.leases(name, worker.decode()))
                   for worker in self.server.smembers(self.keys.workers(name)) if worker.decode() != self.worker)

    def spider_idle(self, spider):
        """This worker has nothing in hand: its leases are stale (failed requests). Keep it open
        while the cluster has work, then ``HUMAS_REDIS_IDLE_CLOSE`` seconds more."""
        self.server.delete(self.lease_key)
        if self.reclaim() or len(self.queue) or self.others_busy():
            self.idle_since = None
            raise DontCloseSpider
        self.idle_since = self.idle_since or time.monotonic()
        if time.monotonic() - self.idle_since < self.idle_close:
            raise DontCloseSpider

    def close(self, reason):
        """A finished worker leaves the cluster; one stopped early gives its leases back now. The
        last to finish an idle cluster clears the dupefilter, so the next crawl starts afresh. The
        last alive worker to leave, whatever its reason, ends the run they share (its stats say
        so to the writer; a worker started later opens a new one)."""
        if self.beat.running:
            self.beat.stop()
        name = self.spider.name
        if reason == "finished":
            self.server.delete(self.lease_key)
            self.server.srem(self.keys.workers(name), self.worker)
            if not len(self.queue) and not self.others_busy():
                self.df.clear()
        else:
            self._give_back(self.worker, force=True)
        if not self.others_alive():
            self.server.delete(self.keys.current_run(name))
            self.stats.set_value(LAST_WORKER_STAT, 1)
        self.server.delete(self.keys.heartbeat(self.worker))
        super().close(reason)

    def others_alive(self) -> bool:
        """Another worker of this spider still has a heartbeat (called after this one left the
        set: of two leaving at once, the later to look is the last, or both are)."""
        return any(self.server.exists(self.keys.heartbeat(worker.decode()))
                   for worker in self.server.smembers(self.keys.workers(self.spider.name))
                   if worker.decode() != self.worker)


class LeaseAckMiddleware:
    """Acknowledges a request's lease once its whole outcome is in Redis: every request its callback
    yielded is in the frontier and every item it yielded has left the pipelines (queued for the
    writer, or dropped). Failed requests keep their lease until the worker is next idle."""

    def __init__(self, crawler):
        self.server = redis_client(crawler.settings.get("HUMAS_REDIS_URL"))
        self.outstanding: Counter[tuple] = Counter()
        self.done: set[tuple] = set()
        for signal in (signals.item_scraped, signals.item_dropped, signals.item_error):
            crawler.signals.connect(self.item_done, signal=signal)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    async def process_spider_output(self, response, result):
        lease = response.meta.get(LEASE)
        async for output in result:
            if lease and not isinstance(output, Request):
                self.outstanding[lease] += 1
            yield output
        if lease:
            self.done.add(lease)
            self._maybe_ack(lease)

    def item_done(self, item, response, **kwargs):
        lease = response.meta.get(LEASE) if response is not None else None
        if lease:
            self.outstanding[lease] -= 1
            self._maybe_ack(lease)

    def _maybe_ack(self, lease: tuple) -> None:
        if lease in self.done and self.outstanding[lease] <= 0:
            self.done.discard(lease)
            del self.outstanding[lease]
            release(self.server, lease)


# ---- what workers send the writer ---------------------------------------------------------------

# The key's value, or ARGV[1] stored there (expiring after ARGV[2] seconds, unless 0) when it has
# none: in one step, so two workers asking at once get the same value (SET NX GET needs Redis 7).
SET_IF_ABSENT = """
local found = redis.call('GET', KEYS[1])
if found then return found end
redis.call('SET', KEYS[1], ARGV[1])
if tonumber(ARGV[2]) > 0 then redis.call('EXPIRE', KEYS[1], ARGV[2]) end
return ARGV[1]
"""


def set_if_absent(server: redis.Redis, key: str, value: str, expire_s: int = 0) -> str:
    return server.eval(SET_IF_ABSENT, 1, key, value, expire_s).decode()


class Outbox:
    """The one Redis list a worker's messages go to, oldest first for the writer: items, crawl-state
    writes, the run's opening and closing. Their order is kept (a URL is pending before its article
    is stored, which then settles it)."""

    def __init__(self, crawler):
        settings = crawler.settings
        self.server = redis_client(settings.get("HUMAS_REDIS_URL"))
        self.key = Keys.from_settings(settings).items
        self.crawler = crawler

    def send(self, kind: str, **fields) -> None:
        """Each message has an id: the writer commits it with what it wrote, so one it handles
        again after a restart is recognised."""
        spider = self.crawler.spider
        message = {"kind": kind, "id": uuid.uuid4().hex, "spider": spider.name,
                   "run": WorkerRunExtension.of(self.crawler).run_key, **fields}
        self.server.lpush(self.key, json.dumps(message, default=str, ensure_ascii=False))


class RedisWrites:
    """``StoreWrites``' twin on a worker: each crawl-state write becomes a message to the writer,
    which runs the same ``corpus.store`` function (the run id is the writer's to fill in)."""

    def __init__(self, outbox: Outbox):
        self.outbox = outbox

    def __getattr__(self, name: str):
        if name not in store.CRAWL_WRITES:
            raise AttributeError(f"{name} is not a crawl-state write of corpus.store")
        return lambda *args, **kwargs: self.outbox.send("call", op=name, args=args, kwargs=kwargs)


class WorkerCorpusExtension(CorpusExtension):
    """A worker's corpus: read-only (``HUMAS_DB`` if the file is on this machine, else empty), no
    crawl lock (the writer holds it), writes sent through :class:`Outbox`."""

    def __init__(self, crawler):
        self.db_path = crawler.settings.get("HUMAS_DB")
        self.db = open_corpus_readonly(self.db_path)
        self.writes = RedisWrites(Outbox(crawler))

    @classmethod
    def from_crawler(cls, crawler):
        extension = cls(crawler)
        crawler.signals.connect(extension.engine_stopped, signal=signals.engine_stopped)
        return extension

    def engine_stopped(self):
        self.db.close()


class WorkerRunExtension(CrawlRunExtension):
    """A worker's share of its spider's run: every worker of the spider joins the run the first
    opened (``Keys.current_run``), whose key names it in every message; the writer opens it in the
    corpus (``crawl_runs``) and closes it with every worker's figures (``Keys.shares``) added up
    once the last has closed (``LAST_WORKER_STAT``), or died idle. No run id is known here."""

    def __init__(self, crawler):
        super().__init__(crawler)
        self.run_key: str | None = None
        self.worker = uuid.uuid4().hex[:12]  # the scheduler's name for this worker in Redis

    def save_share(self) -> None:
        """This worker's stats in its run's shares, stamped with Redis's clock (the writer judges
        a share's age by it, whatever the machines' clocks say)."""
        if self.run_key is None:
            return
        server = self.outbox.server
        share = {"stats": self.crawler.stats.get_stats(), "at": server.time()[0]}
        key = Keys.from_settings(self.crawler.settings).shares(self.run_key)
        server.hset(key, self.worker, json.dumps(share, default=str, ensure_ascii=False))
        server.expire(key, RUN_SHARES_KEEP_S)

    def spider_opened(self, spider):
        self.db = CorpusExtension.of(self.crawler)
        self.outbox = Outbox(self.crawler)
        current = Keys.from_settings(self.crawler.settings).current_run(spider.name)
        self.run_key = set_if_absent(self.outbox.server, current, uuid.uuid4().hex)
        self.outbox.send("open_run")

    def spider_closed(self, spider, reason):
        self.save_share()
        self.outbox.send("close_run", reason=reason, last=bool(self.crawler.stats.get_value(LAST_WORKER_STAT)))


class ItemQueuePipeline:
    """The worker's last stage: the extracted article goes to the writer, which validates, dedups,
    stores and clusters it (``crawl.storeworker``)."""

    def __init__(self, crawler):
        self.outbox = Outbox(crawler)
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_item(self, item):
        self.outbox.send("item", item=ItemAdapter(item).asdict())
        self.stats.inc_value("distributed/items_queued")
        return item


class RecheckOnceMiddleware:
    """Lets one worker of a run send the run's re-checks (``--recheck``: conditional GETs of stored
    articles, ``dont_filter`` so the dupefilter lets them by): the first to yield one claims the
    run's re-checks in Redis (``set_if_absent``), the others drop theirs. A worker without the
    corpus on its machine has none to send and claims nothing."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.server = redis_client(crawler.settings.get("HUMAS_REDIS_URL"))
        self.keys = Keys.from_settings(crawler.settings)
        self.token = uuid.uuid4().hex
        self.mine: bool | None = None

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def claimed(self) -> bool:
        if self.mine is None:
            key = self.keys.recheck_claim(WorkerRunExtension.of(self.crawler).run_key)
            self.mine = set_if_absent(self.server, key, self.token, RECHECK_CLAIM_KEEP_S) == self.token
        return self.mine

    async def process_start(self, start):
        async for request in start:
            if isinstance(request, Request) and request.meta.get("recheck_of") and not self.claimed():
                self.crawler.stats.inc_value("distributed/rechecks_left_to_another")
                continue
            yield request
