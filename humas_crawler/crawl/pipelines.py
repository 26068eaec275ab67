"""Item pipelines: clean → validate → dedup → store → cluster. Each counts what it does in Scrapy stats."""

from __future__ import annotations

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.exceptions import DropItem

from humas_crawler import corpus
from humas_crawler.corpus import now_iso
from humas_crawler.corpus.dedup import NearDuplicateIndex, StaleIndexError, content_hash
from humas_crawler.extraction.layers import extract_article

REQUIRED_FIELDS = ("title", "body", "published_at")


def corpus_of(crawler):
    """The crawl's corpus connection, opened once and shared by the pipelines and middlewares."""
    db = getattr(crawler, "humas_corpus", None)
    if db is None:
        db = corpus.open_corpus(crawler.settings.get("HUMAS_DB"))
        crawler.humas_corpus = db
    return db


class _Pipeline:
    """Keeps the crawler: stats, settings and the spider come from it."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    @property
    def spider(self):
        return self.crawler.spider


class CleanPipeline(_Pipeline):
    """Turns the fetched page into article fields with the noise stripped.

    Extraction happens here, not in the spider, because cleaning works on the page's DOM (related
    blocks, share widgets, captions) before the text exists; spiders stay a list of URLs and hints.
    """

    def process_item(self, item):
        adapter = ItemAdapter(item)
        html = adapter.pop("html")
        spider = self.spider
        fields = extract_article(html, url=adapter["url"], selectors=spider.selectors, zone=spider.zone)
        declared = fields.pop("canonical_url")
        for key, value in fields.items():
            if not adapter.get(key):
                adapter[key] = value
        adapter["canonical_url"] = spider.canonical_url(adapter["url"], declared)
        for rule, count in fields["extraction"].get("removed", {}).items():
            self.stats.inc_value(f"clean/removed/{rule}", count)
        return item


class ValidatePipeline(_Pipeline):
    """Drops articles without a title, body or date: they would poison the corpus."""

    def process_item(self, item):
        adapter = ItemAdapter(item)
        missing = [name for name in REQUIRED_FIELDS if not adapter.get(name)]
        if missing:
            for name in missing:
                self.stats.inc_value(f"validate/missing/{name}")
            self.stats.inc_value("validate/dropped")
            raise DropItem(f"validate: {adapter.get('url')} has no {', '.join(missing)}")
        adapter["content_hash"] = content_hash(adapter["body"])
        adapter.setdefault("fetched_at", now_iso())
        return item


class DedupPipeline(_Pipeline):
    """Stores each article once: same canonical URL, or same normalized text on the same site."""

    def process_item(self, item):
        adapter = ItemAdapter(item)
        db = corpus_of(self.crawler)
        if adapter.get("recheck_of"):
            return self.changed_or_drop(db, adapter, item)
        if corpus.find_article_id(db, canonical_url=adapter["canonical_url"]):
            self.stats.inc_value("dedup/duplicate_url")
            raise DropItem(f"dedup: {adapter['url']} is already stored")
        same_text = corpus.find_article_id(db, content_hash=adapter["content_hash"], site=adapter["site"])
        if same_text:
            corpus.add_alias(db, adapter["canonical_url"], same_text, "same_text")
            self.stats.inc_value("dedup/duplicate_text")
            raise DropItem(f"dedup: {adapter['url']} repeats the text of article {same_text}")
        return item

    def changed_or_drop(self, db, adapter, item):
        """A re-checked article passes only when its text changed."""
        if corpus.stored_hash(db, adapter["recheck_of"]) == adapter["content_hash"]:
            self.stats.inc_value("recheck/unchanged")
            raise DropItem(f"dedup: {adapter['url']} has not changed")
        return item


class StorePipeline(_Pipeline):
    """Writes articles into the SQLite corpus and records the crawl run."""

    def __init__(self, crawler):
        super().__init__(crawler)
        self.run_id = None
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    def open_spider(self):
        db = corpus_of(self.crawler)
        spider = self.spider
        corpus.upsert_site(db, spider.name, spider.site_url, spider.province, spider.zone)
        self.run_id = corpus.start_run(db, spider.name)

    def process_item(self, item):
        adapter = ItemAdapter(item)
        row = adapter.asdict()
        row["run_id"] = self.run_id
        db = corpus_of(self.crawler)
        if adapter.get("recheck_of"):
            corpus.update_article(db, adapter["recheck_of"], row)
            self.stats.inc_value("store/updated")
            return item
        adapter["article_id"] = corpus.insert_article(db, row)
        self.stats.inc_value("store/new")
        return item

    def spider_closed(self, spider, reason):
        stats = self.stats.get_stats()
        counts = {
            "pages": stats.get("response_received_count", 0),
            "new": stats.get("store/new", 0),
            "duplicate": stats.get("dedup/duplicate_url", 0) + stats.get("dedup/duplicate_text", 0),
            "dropped": stats.get("validate/dropped", 0),
        }
        corpus.finish_run(corpus_of(self.crawler), self.run_id, reason, counts, stats)


class ClusterPipeline(_Pipeline):
    """Links a stored article to near-duplicate copies on other sites (syndicated press releases).

    Copies stay in the corpus; the MinHash index and the clusters table live in the same SQLite file,
    so the check costs a few indexed lookups whatever the corpus size.
    """

    def __init__(self, crawler):
        super().__init__(crawler)
        self.index = None
        self.disabled = False

    def open_spider(self):
        try:
            self.index = NearDuplicateIndex(corpus_of(self.crawler))
        except StaleIndexError as exc:
            # The articles are still stored; `humas dedupe` indexes them once the index is rebuilt.
            self.crawler.spider.logger.error("near-duplicate clustering is off for this run: %s", exc)
            self.disabled = True

    def process_item(self, item):
        adapter = ItemAdapter(item)
        if self.disabled or not adapter.get("article_id"):
            return item  # no usable index, or an update of a known article whose cluster stands
        match = self.index.add(adapter["article_id"])
        if match:
            self.stats.inc_value("cluster/near_duplicate")
        return item
