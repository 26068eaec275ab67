"""Downloader middleware for incremental crawls: never fetch an article the corpus already has."""

from __future__ import annotations

from scrapy.exceptions import IgnoreRequest

from humas_crawler import corpus
from humas_crawler.crawl.pipelines import corpus_of


class SkipKnownArticlesMiddleware:
    """Drops requests marked ``meta["article"]`` whose URL is already stored, before they are sent."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.enabled = crawler.settings.getbool("HUMAS_SKIP_KNOWN", True)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request):
        if not self.enabled or not request.meta.get("article"):
            return None
        spider = self.crawler.spider
        if is_known(corpus_of(self.crawler), spider, request.url):
            self.crawler.stats.inc_value("incremental/skipped_known")
            raise IgnoreRequest(f"already in the corpus: {request.url}")
        return None


def is_known(db, spider, url: str) -> bool:
    """The URL as fetched, or as the real site's canonical URL, is in the corpus."""
    return corpus.is_known_url(db, url) or corpus.is_known_url(db, spider.canonical_url(url))
