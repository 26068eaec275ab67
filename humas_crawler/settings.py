"""Scrapy settings for humas-crawler. Politeness defaults suit small government servers."""

import os

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
DOWNLOAD_TIMEOUT = 30
RETRY_TIMES = 2
HTTPCACHE_ENABLED = False

# Where the corpus lives (the CLI's --db overrides it).
HUMAS_DB = os.environ.get("HUMAS_DB", "corpus.db")
# How many listing pages a spider walks at most; incremental runs stop earlier (see the spider).
HUMAS_MAX_LISTING_PAGES = 50
# Skip article URLs already in the corpus (incremental nightly runs).
HUMAS_SKIP_KNOWN = True

# The corpus connection and the crawl-run record with its health verdict.
EXTENSIONS = {
    "humas_crawler.crawl.extensions.CorpusExtension": 0,
    "humas_crawler.crawl.extensions.CrawlRunExtension": 10,
}
ITEM_PIPELINES = {
    "humas_crawler.crawl.pipelines.ExtractPipeline": 100,
    "humas_crawler.crawl.pipelines.ValidatePipeline": 200,
    "humas_crawler.crawl.pipelines.DedupPipeline": 300,
    "humas_crawler.crawl.pipelines.StorePipeline": 400,
    "humas_crawler.crawl.pipelines.ClusterPipeline": 500,
}

FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
LOG_FORMATTER = "humas_crawler.crawl.logformatter.HumasLogFormatter"
