"""Scrapy settings for humas-crawler. Politeness defaults suit small government servers."""

import os

from scrapy.settings import default_settings as _scrapy_defaults

BOT_NAME = "humas_crawler"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"

# Be a good guest on government servers.
HUMAS_CONTACT = os.environ.get("HUMAS_CONTACT", "https://github.com/humas-crawler (set HUMAS_CONTACT)")
USER_AGENT = f"humas-crawler/0.1 (research corpus of Indonesian government news; +{HUMAS_CONTACT})"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
# Faults of unattended nights (humas_crawler/crawl/middlewares.py). A server silent for 15 s will
# not answer at 30; a URL that times out is not retried tonight (the crawl state retries it on a
# later night: HUMAS_RETRY_NIGHTS), so a hanging page costs one timeout a night, not three.
DOWNLOAD_TIMEOUT = 15
RETRY_TIMES = 2
# Giving up is routine now (the URL is recorded and retried on a later night): a warning, not an error.
RETRY_GIVE_UP_LOG_LEVEL = "WARNING"
RETRY_EXCEPTIONS = [name for name in _scrapy_defaults.RETRY_EXCEPTIONS if name != "scrapy.exceptions.DownloadTimeoutError"]
# No article page is 10 MB: a bigger answer (a runaway dump) is cancelled, not downloaded and stored.
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
# A chain of redirects is given up after a few hops rather than Scrapy's 20 (a loop back to a URL of
# the chain is stopped at its first repeat by RedirectLoopMiddleware).
REDIRECT_MAX_TIMES = 5
# Retry-After (on 429/503) is honoured up to this many seconds; a longer wait gives the URL up for tonight.
HUMAS_RETRY_AFTER_MAX = 120
# After this many different URLs of a site failed in a row (these statuses or download errors, no good
# answer between), the spider closes with reason circuit_open; 0 turns the breaker off.
HUMAS_BREAKER_FAILURES = 5
HUMAS_BREAKER_HTTP_CODES = [500, 502, 503, 504, 522, 524]
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "humas_crawler.crawl.middlewares.NonArticleMiddleware": 540,
    "humas_crawler.crawl.middlewares.RetryAfterMiddleware": 550,
    "humas_crawler.crawl.middlewares.CircuitBreakerMiddleware": 560,
    "humas_crawler.crawl.middlewares.CharsetMiddleware": 570,
    "humas_crawler.crawl.middlewares.RedirectLoopMiddleware": 610,
}
HTTPCACHE_ENABLED = False

# Where the corpus lives (the CLI's --db overrides it).
HUMAS_DB = os.environ.get("HUMAS_DB", "corpus.db")
# SQLite page cache, in MB, of the connections that write the corpus (the crawl's, the store worker's,
# `humas dedupe`): the near-duplicate index's posting lists and sketches are read and written at random,
# and SQLite's 2 MB default re-reads them and spills dirty pages mid-transaction. Pages are allocated as
# they are used, up to this. Measured in README, Benchmarks (benchmarks/dedup.py --cache-mb).
HUMAS_SQLITE_CACHE_MB = int(os.environ.get("HUMAS_SQLITE_CACHE_MB", 64))
# Processes that make the bodies' content lines and 3-grams ahead while `humas dedupe` (--rebuild)
# indexes them in id order, which alone decides; 1: all in the one process. Measured in README,
# Benchmarks (benchmarks/dedup.py).
HUMAS_DEDUP_WORKERS = int(os.environ.get("HUMAS_DEDUP_WORKERS", os.cpu_count() or 1))
# How many listing pages a spider walks at most; incremental runs stop earlier (see the spider).
HUMAS_MAX_LISTING_PAGES = 50
# Skip article URLs already in the corpus (incremental nightly runs).
HUMAS_SKIP_KNOWN = True
# A failed article URL is retried on later nights, HUMAS_RETRY_BACKOFF_HOURS after its first failure,
# then twice as long after each further one; after HUMAS_RETRY_NIGHTS failed nights it is given up
# (crawl_urls.state = 'given_up'). 20 hours: a nightly cron run always finds it due the next night.
HUMAS_RETRY_NIGHTS = 5
HUMAS_RETRY_BACKOFF_HOURS = 20
# Text beyond this many characters never reaches extraction (a runaway page, a dump).
HUMAS_MAX_EXTRACT_CHARS = 2_000_000

# The corpus connection and the crawl-run record with its health verdict.
EXTENSIONS = {
    "humas_crawler.crawl.extensions.CorpusExtension": 0,
    "humas_crawler.crawl.extensions.CrawlRunExtension": 10,
    # after the run record: it judges the closed run
    "humas_crawler.crawl.monitors.MonitorExtension": 20,
}
# Alarms judged when a run closes (crawl/monitors.py), kept in the `alarms` table and logged as warnings.
# The baseline: a site's last this-many healthy runs that stored articles.
HUMAS_ALARM_HISTORY_RUNS = 7
# The fill-rate and body-length checks judge a run only when it stored at least this many articles.
HUMAS_ALARM_MIN_ARTICLES = 5
# Fields whose fill rate is watched; an alarm when one falls this much (a share, 0-1) below its recent
# rate (an absolute drop: with five articles a night a ratio alarms by chance on a half-filled field).
HUMAS_ALARM_FILL_RATE_FIELDS = ["title", "body", "published_at", "author"]
HUMAS_ALARM_FILL_RATE_DROP = 0.5
# An alarm when a run's median body length is under this fraction of the recent median.
HUMAS_ALARM_BODY_LENGTH_RATIO = 0.5
ITEM_PIPELINES = {
    "humas_crawler.crawl.pipelines.ExtractPipeline": 100,
    "humas_crawler.crawl.pipelines.ValidatePipeline": 200,
    "humas_crawler.crawl.pipelines.DedupPipeline": 300,
    # quotes before the store: the store writes an article and its quotations in one transaction
    "humas_crawler.crawl.pipelines.QuotesPipeline": 350,
    "humas_crawler.crawl.pipelines.StorePipeline": 400,
    "humas_crawler.crawl.pipelines.ClusterPipeline": 500,
}

# Distributed crawling (crawl/distributed.py, README "Distributed crawling"): set HUMAS_REDIS_URL
# (redis://HOST:PORT/DB; `humas crawl --distributed --redis URL` does) and the add-on turns the crawl
# into a worker of a shared frontier; empty, a crawl runs in this process alone.
HUMAS_REDIS_URL = ""
ADDONS = {"humas_crawler.crawl.distributed.DistributedAddon": 0}
# Every key of a distributed crawl starts with this (two crawls can share one Redis database).
HUMAS_REDIS_PREFIX = "humas"
# A worker renews its heartbeat every third of this; when it has not for this many seconds (killed),
# the others give the requests it held back to the frontier.
# (Both can also be set in the environment, like HUMAS_DB.)
HUMAS_REDIS_WORKER_TTL = float(os.environ.get("HUMAS_REDIS_WORKER_TTL", 30))
# A worker closes after the frontier has been empty, with no worker holding a request, this long.
HUMAS_REDIS_IDLE_CLOSE = float(os.environ.get("HUMAS_REDIS_IDLE_CLOSE", 60))

FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
LOG_FORMATTER = "humas_crawler.crawl.logformatter.HumasLogFormatter"
