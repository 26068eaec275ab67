"""The shared base spider: discovery by the registry entry's strategies, extraction in pipelines."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from urllib.parse import urlsplit

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError

from humas_crawler.corpus import now_iso, store
from humas_crawler.crawl.discovery import (
    article_links, feed_links, is_article_url, next_page_url, sitemap_entries, wp_posts,
    wp_posts_url,
)
from humas_crawler.crawl.extensions import CorpusExtension, CrawlRunExtension
from humas_crawler.crawl.middlewares import NotAnArticle
from humas_crawler.crawl.registry import SiteEntry, registry_entry
from humas_crawler.crawl.urls import canonicalize_url
from humas_crawler.extraction.dates import parse_date, to_iso
from humas_crawler.items import Article


SITEMAP_MARGIN = timedelta(days=7)
# The crawl state keeps one discovery walk per site (listing pages, sitemap and API together).
WALK_KEY = "discovery"


class HumasSpider(scrapy.Spider):
    """Crawls one registry entry. Arguments: ``-a base_url=...`` fetches from another origin (the
    offline mirror) while stored URLs stay the real site's; ``-a backfill=1`` walks every listing
    page instead of stopping at the first page of known articles; ``-a recheck=DAYS`` re-fetches
    articles published in the last DAYS days with conditional GETs and stores what changed."""

    entry: SiteEntry

    def __init_subclass__(cls, **kwargs):
        """A site spider names its registry entry by its ``name``; the entry is its configuration."""
        super().__init_subclass__(**kwargs)
        if "entry" not in cls.__dict__ and cls.__dict__.get("name"):
            cls.entry = registry_entry(cls.name)

    def __init__(self, *args, base_url: str | None = None, backfill: str | bool = False,
                 recheck: str | int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.base_url = (base_url or self.entry.url).rstrip("/")
        self.backfill = str(backfill).lower() in ("1", "true", "yes")
        self.recheck_days = int(recheck) if recheck else 0
        # Scrapy's offsite filter then drops any request, redirects included, that leaves the site
        # (www. and other subdomains of its host stay allowed).
        self.allowed_domains = sorted({site_domain(self.base_url), site_domain(self.entry.url)})

    @classmethod
    def update_settings(cls, settings):
        """The entry's ``politeness`` table (DOWNLOAD_DELAY, AUTOTHROTTLE_ENABLED, ...) overrides the
        project's defaults for this site alone: a slow server gets more delay, a local mirror none."""
        super().update_settings(settings)
        entry = getattr(cls, "entry", None)
        settings.setdict(entry.politeness if entry else {}, priority="spider")

    @classmethod
    def for_entry(cls, entry: SiteEntry, module: str) -> type["HumasSpider"]:
        """A spider class for a registry entry that needs no code of its own."""
        attrs = {"name": entry.name, "entry": entry, "__module__": module,
                 "__doc__": f"{entry.name}: {entry.url} ({entry.platform or 'unknown platform'})"}
        return type(f"{entry.name.title().replace('_', '')}Spider", (cls,), attrs)

    @property
    def corpus(self):
        """The crawl's corpus (from CorpusExtension; available once the crawl has started)."""
        return CorpusExtension.of(self.crawler)

    @property
    def writes(self):
        """Where the crawl state's writes go: the corpus, or a distributed crawl's single writer."""
        return CorpusExtension.writes_of(self.crawler)

    def canonical_url(self, url: str, declared: str | None = None) -> str:
        """The article's URL on the real site: the page's rel=canonical when it names an article of
        this site, else the fetched URL, moved from ``base_url`` to the real site and cleaned."""
        chosen = declared if declared and self._names_article(declared) else url
        return canonicalize_url(self.real_url(chosen))

    def _names_article(self, url: str) -> bool:
        """On this site and shaped like an article: OpenSID's theme, for one, points every page's
        canonical link at the home page, which would make all its articles one."""
        return is_article_url(self._fetchable(url), self.base_url, self.entry.article_pattern)

    # -- crawl state ---------------------------------------------------------------------------------
    @property
    def run_id(self) -> int | None:
        return CrawlRunExtension.of(self.crawler).run_id

    def begin_walk(self) -> None:
        """Discovery may stop early (at a page of known articles, at the newest stored date) only
        when the previous walk of this site reached its end: a run killed half-way leaves its walk
        incomplete, and the next one walks the whole way. The walk is recorded incomplete now and
        complete when this run closes having finished it (:meth:`closed`)."""
        self.walk_failed = False
        self.previous_walk_complete = store.listing_walk_complete(self.corpus, self.name, WALK_KEY)
        self.writes.record_listing_walk(self.name, WALK_KEY, self.run_id, 0, complete=False)

    @property
    def may_stop_early(self) -> bool:
        return not self.backfill and self.previous_walk_complete

    def closed(self, reason):
        if reason == "finished" and not self.walk_failed:
            self.writes.record_listing_walk(self.name, WALK_KEY, self.run_id,
                                            self.crawler.stats.get_value("discovery/listing_pages", 0), complete=True)

    def start_due(self):
        """Article URLs an earlier run left unanswered (killed) or that failed and are due again."""
        now = now_iso()
        due = store.due_urls(self.corpus, self.name, now)
        self.crawler.stats.set_value("crawlstate/due", len(due))
        yield from self.article_requests(self.unknown_articles(self._fetchable(row["url"]) for row in due))

    def article_failed(self, failure):
        """An article request that failed for good tonight (after Scrapy's retries): recorded with
        its reason and retried on a later night with a growing delay, then given up."""
        request = failure.request
        url = self.canonical_url(request.url)
        if failure.check(NotAnArticle):  # recorded as skipped by the middleware that refused it
            return
        if failure.check(IgnoreRequest) and not failure.check(HttpError):  # robots.txt, a refusal
            self.writes.record_skip(self.name, url, str(failure.value) or "ignored", None, self.run_id)
            return
        response = getattr(failure.value, "response", None)
        status = response.status if response is not None else None
        reason = f"HTTP {status}" if status else f"{failure.type.__name__}: {failure.getErrorMessage()}"[:300]
        attempts = self.record_failure(url, reason, status)
        self.crawler.stats.inc_value("crawlstate/failed")
        self.logger.warning("article %s failed (%s), attempt %s", request.url, reason, attempts)

    def record_failure(self, url: str, reason: str, status: int | None) -> int:
        """One more failed night for the article at ``url`` (the real site's), with its retry time
        or given up; returns the attempts so far."""
        attempts = store.failed_attempts(self.corpus, self.name, url) + 1
        self.writes.record_failure(self.name, url, reason, status, self.run_id, self.next_retry(attempts))
        return attempts

    def next_retry(self, attempts: int) -> str | None:
        """When to try again after ``attempts`` failed nights: HUMAS_RETRY_BACKOFF_HOURS, doubling;
        None (give up) after HUMAS_RETRY_NIGHTS."""
        if attempts >= self.settings.getint("HUMAS_RETRY_NIGHTS"):
            return None
        hours = self.settings.getfloat("HUMAS_RETRY_BACKOFF_HOURS") * 2 ** (attempts - 1)
        return (datetime.now(timezone.utc) + timedelta(hours=hours)).isoformat(timespec="seconds")

    def discovery_failed(self, failure):
        """A listing, sitemap or feed request that failed: this walk cannot count as complete."""
        self.walk_failed = True
        self.crawler.stats.inc_value("discovery/failed")
        self.logger.error("discovery request %s failed: %s", failure.request.url, failure.getErrorMessage())

    # -- discovery ----------------------------------------------------------------------------------
    async def start(self):
        self.begin_walk()
        for request in self.start_due():
            yield request
        for request in self.start_strategies(self.entry.discovery):
            yield request
        for request in self.start_recheck():
            yield request

    def start_recheck(self):
        """Conditional GETs (ETag / Last-Modified) for recent articles: a 304 costs no body."""
        if not self.recheck_days:
            return
        since = (datetime.now(timezone.utc) - timedelta(days=self.recheck_days)).isoformat(timespec="seconds")
        for row in store.recent_articles(self.corpus, self.name, since):
            headers = {"If-None-Match": row["etag"], "If-Modified-Since": row["last_modified"]}
            yield scrapy.Request(
                self._fetchable(row["canonical_url"]), callback=self.parse_article, dont_filter=True,
                headers={k: v for k, v in headers.items() if v},
                meta={"recheck_of": row["id"], "handle_httpstatus_list": [304]},
            )

    def start_strategies(self, strategies):
        """The REST API, when listed first, stands for the rest: they start only if it fails."""
        if strategies and strategies[0] == "wp-api":
            yield from self.start_wp_api()
            return
        for strategy in strategies:
            yield from getattr(self, f"start_{strategy.replace('-', '_')}")()

    def start_listing(self):
        for path in self.entry.start_paths:
            yield scrapy.Request(self.base_url + path, callback=self.parse_listing, errback=self.discovery_failed,
                                 meta={"listing_page": 1})

    def start_sitemap(self):
        yield scrapy.Request(self.base_url + (self.entry.sitemap or "/sitemap.xml"), callback=self.parse_sitemap,
                             errback=self.discovery_failed, cb_kwargs={"since": self.sitemap_since()})

    def sitemap_since(self) -> datetime | None:
        """Sitemap entries last modified before this are not even looked up: a margin before the
        newest article already stored (backdated or late-indexed posts); none on a backfill or
        after an incomplete walk."""
        if not self.may_stop_early:
            return None
        newest = parse_date(store.latest_published(self.corpus, self.name))
        return newest - SITEMAP_MARGIN if newest else None

    def start_feed(self):
        yield scrapy.Request(self.base_url + (self.entry.feed or "/feed/"), callback=self.parse_feed,
                             errback=self.discovery_failed)

    def start_wp_api(self):
        """Posts after the newest stored one; all of them after an incomplete walk (the API lists
        newest first, so a killed run may have stored the newest and missed older ones)."""
        after = store.latest_published(self.corpus, self.name) if self.may_stop_early else None
        yield scrapy.Request(wp_posts_url(self.base_url, after=after), callback=self.parse_wp_api,
                             errback=self.wp_api_failed, cb_kwargs={"page": 1, "after": after})

    def parse_wp_api(self, response, page, after):
        try:
            posts = wp_posts(response.body)
        except (ValueError, KeyError, TypeError):
            self.logger.warning("%s is not a WordPress REST API answer: falling back", response.url)
            yield from self.start_strategies(self.entry.discovery[1:])
            return
        self.crawler.stats.inc_value("discovery/wp_api/posts", len(posts))
        for post in posts:
            yield self.article_from_api(post)
        pages = int(response.headers.get("X-WP-TotalPages", b"1").decode() or 1)
        if page < pages and page < self.settings.getint("HUMAS_MAX_LISTING_PAGES"):
            yield scrapy.Request(wp_posts_url(self.base_url, page=page + 1, after=after), callback=self.parse_wp_api,
                                 errback=self.discovery_failed, cb_kwargs={"page": page + 1, "after": after})

    def wp_api_failed(self, failure):
        """The API is off (404, 403, blocked): the entry's other strategies take over."""
        self.logger.warning("WordPress REST API unavailable (%s): falling back", failure.value)
        yield from self.start_strategies(self.entry.discovery[1:])

    def article_from_api(self, post: dict) -> Article:
        """An article whose metadata the API gave; the pipelines clean its rendered content. The
        API's times are to the second: ``date_gmt`` (UTC) shown in the site's zone, else ``date``
        (site-local, no offset)."""
        zone = self.entry.timezone
        published = to_iso(parse_date(post["published_at"], zone), zone)
        updated = to_iso(parse_date(post["updated_at"], zone), zone)
        return Article(
            url=self.real_url(self._fetchable(post["link"])), site=self.name, title=post["title"],
            published_at=published, published_precision="second" if published else None,
            updated_at=updated, updated_precision="second" if updated else None,
            author=post["author"], category=post["category"], tags=post["tags"], fetched_at=now_iso(),
            html=f'<html><body><div class="entry-content">{post["content_html"]}</div></body></html>',
        )

    def parse_listing(self, response):
        links = article_links(response.text, response.url, self.base_url, self.entry.article_pattern,
                              self.entry.article_links)
        listed = response.meta.get("listed", frozenset())
        unseen = [url for url in links if url not in listed]
        fresh = list(self.unknown_articles(unseen))
        yield from self.article_requests(fresh)
        page = response.meta["listing_page"]
        self.crawler.stats.inc_value("discovery/listing_pages")
        if not unseen:  # past the last real page: nothing, or only what every page repeats (sidebars)
            return
        if not fresh and self.may_stop_early:
            self.logger.info("listing page %s holds only known articles: stopping here", response.url)
            return
        if page >= self.settings.getint("HUMAS_MAX_LISTING_PAGES"):
            return
        next_url = next_page_url(response.text, response.url, self.base_url, self.entry.next_page)
        if next_url:
            yield response.follow(next_url, callback=self.parse_listing, errback=self.discovery_failed,
                                  meta={"listing_page": page + 1, "listed": listed | set(links)})

    def parse_sitemap(self, response, since=None):
        kind, locations = sitemap_entries(response.body, since=since)
        if kind == "sitemapindex":
            for url in locations:
                yield scrapy.Request(self._fetchable(url), callback=self.parse_sitemap, errback=self.discovery_failed,
                                     cb_kwargs={"since": since})
        else:
            yield from self.article_requests(self.unknown_articles(self._fetchable(url) for url in locations))

    def parse_feed(self, response):
        yield from self.article_requests(self.unknown_articles(self._fetchable(u) for u in feed_links(response.body)))

    def unknown_articles(self, urls):
        """The article URLs among ``urls`` to request: not in the corpus as fetched or as the real
        site's canonical URL (the one known-URL check of an incremental crawl; ``HUMAS_SKIP_KNOWN``
        off fetches them all again), and not held back by the crawl state (skipped, given up, or
        failed and not yet due)."""
        skip_known = self.settings.getbool("HUMAS_SKIP_KNOWN", True)
        now = now_iso()
        for url in urls:
            if not is_article_url(url, self.base_url, self.entry.article_pattern):
                continue
            real = self.canonical_url(url)
            if skip_known and store.is_known_url(self.corpus, url, real):
                self.crawler.stats.inc_value("incremental/skipped_known")
                continue
            if store.is_held_back(self.corpus, self.name, real, now):
                self.crawler.stats.inc_value("crawlstate/held_back")
                continue
            yield url

    def article_requests(self, urls):
        """Requests for article pages, each recorded as pending first: a run killed before the
        answer leaves it for the next run to fetch."""
        urls = list(urls)
        self.writes.mark_pending(self.name, [self.canonical_url(url) for url in urls], self.run_id)
        for url in urls:
            yield scrapy.Request(url, callback=self.parse_article, errback=self.article_failed,
                                 meta={"article": True})

    def _fetchable(self, url: str) -> str:
        """A URL from a sitemap or feed that names the real site, moved to where we fetch from."""
        site = self.entry.url.rstrip("/")
        return self.base_url + url[len(site):] if url.startswith(site) else url

    def real_url(self, url: str) -> str:
        """A fetched URL moved from ``base_url`` (a mirror, a proxy) to the real site: what the
        corpus stores, and what the page's relative links and images resolve against."""
        return self.entry.url.rstrip("/") + url[len(self.base_url):] if url.startswith(self.base_url) else url

    def parse_article(self, response):
        if response.status == 304:
            self.crawler.stats.inc_value("recheck/not_modified")
            return
        self.rekey_redirected(response)
        yield Article(
            url=self.real_url(response.url), site=self.name, html=response.text, fetched_at=now_iso(),
            etag=_header(response, b"ETag"), last_modified=_header(response, b"Last-Modified"),
            recheck_of=response.meta.get("recheck_of"),
        )


    def rekey_redirected(self, response) -> None:
        """A redirected article is pending under its final URL, no longer under the one asked for."""
        asked = response.meta.get("redirect_urls")
        if asked and response.meta.get("article"):
            self.writes.mark_pending(self.name, [self.canonical_url(response.url)], self.run_id)
            self.writes.forget_urls(self.name, *(self.canonical_url(url) for url in asked))


def site_domain(url: str) -> str:
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")


def _header(response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None
