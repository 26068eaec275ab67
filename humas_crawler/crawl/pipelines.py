"""Item pipelines, in the order an article flows: extract → validate → dedup → quotes → store → cluster.

Each counts what it does in Scrapy's stats and drops an item with ``DropItem`` and a reason. They
get the corpus from :class:`~humas_crawler.crawl.extensions.CorpusExtension` in ``from_crawler``.
"""

from __future__ import annotations

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem

from humas_crawler.corpus import quotes, store
from humas_crawler.corpus.dedup import NearDuplicateIndex, StaleIndexError, content_hash
from humas_crawler.crawl.extensions import CorpusExtension
from humas_crawler.extraction import speakers
from humas_crawler.extraction.layers import extract_article
from humas_crawler.fields import REQUIRED_FIELDS


class _Pipeline:
    """Keeps the crawler (stats and the spider come from it) and the crawl's corpus."""

    def settle(self, adapter) -> None:
        """The article behind this item is in the corpus now (stored, or found there): its URLs
        leave the crawl state."""
        spider = self.spider
        store.forget_urls(self.db, spider.name, spider.canonical_url(adapter["url"]), adapter["canonical_url"])

    def __init__(self, crawler):
        self.crawler = crawler
        self.stats = crawler.stats
        self.db = CorpusExtension.of(crawler)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    @property
    def spider(self):
        return self.crawler.spider


class ExtractPipeline(_Pipeline):
    """Turns the fetched page into article fields with the noise stripped.

    Extraction happens here, not in the spider, because cleaning works on the page's DOM (related
    blocks, share widgets, captions) before the text exists; spiders stay a list of URLs and hints.
    What the spider already knows (an API's title, date, author) wins over what the page yields.
    """

    def process_item(self, item):
        adapter = ItemAdapter(item)
        spider, entry = self.spider, self.spider.entry
        html = adapter.pop("html") or ""
        limit = self.crawler.settings.getint("HUMAS_MAX_EXTRACT_CHARS")
        if len(html) > limit:
            self.stats.inc_value("extract/truncated")
            html = html[:limit]
        fields = extract_article(html, url=adapter["url"], selectors=entry.selectors,
                                 zone=entry.timezone, platform=entry.platform)
        if fields["extraction"].get("rejected"):
            self.stats.inc_value("extract/not_a_page")
            raise DropItem(f"extract: {adapter['url']} {fields['extraction']['rejected']}")
        kind = fields["extraction"].get("page_kind") or {}
        if kind.get("kind") == "listing" and not adapter.get("title"):
            # a home, category or tag page reached as an article; an API post (its title given by
            # the spider) is an article by the API's word, whatever links its text holds
            self.stats.inc_value("extract/listing_dropped")
            raise DropItem(f"extract: {adapter['url']} is a listing page, not an article ({kind['reason']})")
        declared = fields.pop("canonical_url")
        for key, value in fields.items():
            if not adapter.get(key):
                adapter[key] = value
        adapter["canonical_url"] = spider.canonical_url(adapter["url"], declared)
        for rule, count in fields["extraction"].get("removed", {}).items():
            self.stats.inc_value(f"clean/removed/{rule}", count)
        return item


class ValidatePipeline(_Pipeline):
    """Drops articles missing a required field (title, body, date): they would poison the corpus.

    The URL is recorded as failed, so it is tried again on later nights (a fixed selector, a page
    that was half-published) and then given up, rather than fetched every night for ever.
    """

    def process_item(self, item):
        adapter = ItemAdapter(item)
        missing = [name for name in REQUIRED_FIELDS if not adapter.get(name)]
        if missing:
            for name in missing:
                self.stats.inc_value(f"validate/missing/{name}")
            self.stats.inc_value("validate/dropped")
            reason = f"no {', '.join(missing)}"
            if not adapter.get("recheck_of"):
                self.spider.record_failure(self.spider.canonical_url(adapter["url"]), reason, 200)
            raise DropItem(f"validate: {adapter.get('url')} has {reason}")
        return item


class DedupPipeline(_Pipeline):
    """Lets through only what the corpus lacks: a new canonical URL with a text new on its site,
    or a re-checked article whose text changed. A same-text copy under another URL is recorded as
    an alias of the stored article, so the next crawl does not fetch it again."""

    def process_item(self, item):
        adapter = ItemAdapter(item)
        adapter["content_hash"] = content_hash(adapter["body"])
        if adapter.get("recheck_of"):
            return self.changed_or_drop(adapter, item)
        stored = store.find_stored(self.db, adapter["canonical_url"], adapter["content_hash"], adapter["site"])
        if stored is None:
            return item
        if stored.same_url:
            self.settle(adapter)
            self.stats.inc_value("dedup/duplicate_url")
            raise DropItem(f"dedup: {adapter['url']} is already stored")
        with self.db.atomic():
            store.add_alias(self.db, adapter["canonical_url"], stored.article_id, "same_text")
            self.settle(adapter)
        self.stats.inc_value("dedup/duplicate_text")
        raise DropItem(f"dedup: {adapter['url']} repeats the text of article {stored.article_id}")

    def changed_or_drop(self, adapter, item):
        if store.stored_hash(self.db, adapter["recheck_of"]) == adapter["content_hash"]:
            self.stats.inc_value("recheck/unchanged")
            raise DropItem(f"dedup: {adapter['url']} has not changed")
        return item


class StorePipeline(_Pipeline):
    """Writes a new article, or a changed one's new version (the old text kept as a revision), with
    who said what in it (``said``, from the quotes stage; a re-check's replaces the old quotes).

    The article, its quotes and the removal of its URLs from the crawl state are one transaction:
    killed at any moment, the corpus holds the article with its quotes or the state still lists
    it, never an article without its quotes, never neither. One commit per article, too.
    """

    def process_item(self, item):
        adapter = ItemAdapter(item)
        row = {**adapter.asdict(), "run_id": self.spider.run_id}
        updated = adapter.get("recheck_of")
        with self.db.atomic():
            if updated:
                store.update_article(self.db, updated, row)
            else:
                adapter["article_id"] = store.insert_article(self.db, row)
                self.settle(adapter)
            self.store_said(adapter, updated or adapter["article_id"])
        self.stats.inc_value("store/updated" if updated else "store/new")
        return item

    def store_said(self, adapter, article_id: int) -> None:
        """The article's quotes, people and places in place of those stored; without the quotes
        stage (``said`` unset: a crawl whose ITEM_PIPELINES leave it out) the stored ones stay."""
        said = adapter.get("said")
        if said is not None:
            day = (adapter.get("published_at") or "")[:10] or None
            self.stats.inc_value("quotes/stored", quotes.store_quotations(self.db, article_id, said, day))


class ClusterPipeline(_Pipeline):
    """Links a stored article to near-duplicate copies on other sites (syndicated press releases).

    Copies stay in the corpus; the MinHash index and the clusters table live in the same SQLite file,
    so the check costs a few indexed lookups whatever the corpus size.
    """

    def __init__(self, crawler):
        super().__init__(crawler)
        self.index = None

    def open_spider(self):
        try:
            self.index = NearDuplicateIndex(self.db)
        except StaleIndexError as exc:
            # The articles are still stored; `humas dedupe` indexes them once the index is rebuilt.
            self.spider.logger.error("near-duplicate clustering is off for this run: %s", exc)

    def process_item(self, item):
        adapter = ItemAdapter(item)
        if self.index is None or not adapter.get("article_id"):
            return item  # no usable index, or an update of a known article whose cluster stands
        # just stored by StorePipeline, so not indexed yet: its fields are at hand, not read back
        linked = self.index.index_article(adapter["article_id"], adapter["body"], adapter["site"],
                                          adapter.get("published_at"))
        if linked:
            self.stats.inc_value("cluster/near_duplicate")
        return item


class QuotesPipeline(_Pipeline):
    """Finds who said what in an article about to be stored: its quotations, the people speaking
    and the places it names, as ``said`` on the item. After dedup, so a copy the corpus holds costs
    nothing; before the store, which writes them in the article's own transaction (the people are
    joined with the corpus's there). The run's quotes become searchable when its spider closes,
    indexed in one statement; quotes a killed run left unindexed are indexed when the next opens."""

    def open_spider(self):
        # the rules, patterns, gazetteer and the site's districts are read once per process, here
        # rather than inside the first articles (a fixed cost of the crawl, not of an article)
        speakers.load(self.spider.entry.province)
        self.stats.inc_value("quotes/indexed_from_earlier_run", quotes.index_quotes(self.db))

    def close_spider(self):
        self.stats.inc_value("quotes/indexed", quotes.index_quotes(self.db))

    def process_item(self, item):
        adapter = ItemAdapter(item)
        adapter["said"] = speakers.said_in(adapter["body"], adapter.get("dateline"), self.spider.entry.province)
        return item
