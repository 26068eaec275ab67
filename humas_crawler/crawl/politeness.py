"""Politeness across every worker of a distributed crawl: per domain, at most
``CONCURRENT_REQUESTS_PER_DOMAIN`` requests at once and ``DOWNLOAD_DELAY`` seconds between two
starts, counted in Redis for the whole cluster rather than per worker (ten workers would otherwise
hit a small government server ten times as hard).

A request takes a slot (a member of the domain's sorted set, scored by when it expires) just
before it is downloaded and gives it back with its answer or its error; a worker killed while
downloading leaves a slot that expires ``DOWNLOAD_TIMEOUT`` plus a margin later. Times are the
Redis server's, so the workers' clocks do not matter. Each worker still obeys robots.txt itself
(Scrapy's RobotsTxtMiddleware), and its own per-domain limits apply on top.
"""

from __future__ import annotations

import uuid

from scrapy.exceptions import NotConfigured
from scrapy.utils.asyncio import sleep
from scrapy.utils.httpobj import urlparse_cached

from humas_crawler.crawl.distributed import Keys, redis_client

SLOT = "humas_slot"  # request.meta key: the cluster slot the request holds
# A slot outlives the longest download by this much before it is taken back from a dead worker.
SLOT_MARGIN_S = 5
# How long a request waits before asking again when every slot of its domain is taken.
FULL_POLL_S = 0.05
# Returns 0 when the slot is taken, else the milliseconds to wait (the delay's rest, or a poll).
TAKE_SLOT = """
local now = redis.call('TIME')
now = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local next_at = tonumber(redis.call('GET', KEYS[2]) or '0')
if now < next_at then return next_at - now end
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then return tonumber(ARGV[4]) end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[5])
if tonumber(ARGV[2]) > 0 then redis.call('SET', KEYS[2], now + tonumber(ARGV[2]), 'PX', ARGV[2]) end
return 0
"""


def domain(request) -> str:
    return (urlparse_cached(request).hostname or "").removeprefix("www.")


class ClusterPolitenessMiddleware:
    """Waits (an awaited sleep: the reactor goes on) until the domain has a free cluster slot."""

    def __init__(self, crawler):
        settings = crawler.settings
        if not settings.get("HUMAS_REDIS_URL"):
            raise NotConfigured("not a distributed crawl")
        self.server = redis_client(settings.get("HUMAS_REDIS_URL"))
        self.keys = Keys.from_settings(settings)
        self.limit = settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN")
        self.delay_ms = int(settings.getfloat("DOWNLOAD_DELAY") * 1000)
        self.lease_ms = int((settings.getfloat("DOWNLOAD_TIMEOUT") + SLOT_MARGIN_S) * 1000)
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def slot_keys(self, request) -> tuple[str, str]:
        name = domain(request)
        return f"{self.keys.prefix}:slots:{name}", f"{self.keys.prefix}:next:{name}"

    async def process_request(self, request):
        token = uuid.uuid4().hex
        while wait_ms := self.server.eval(TAKE_SLOT, 2, *self.slot_keys(request), self.limit, self.delay_ms,
                                          self.lease_ms, int(FULL_POLL_S * 1000), token):
            self.stats.inc_value("politeness/cluster_waits")
            await sleep(wait_ms / 1000)
        request.meta[SLOT] = token

    def release(self, request) -> None:
        token = request.meta.pop(SLOT, None)
        if token:
            self.server.zrem(self.slot_keys(request)[0], token)

    def process_response(self, request, response):
        self.release(request)
        return response

    def process_exception(self, request, exception):
        self.release(request)
