"""Downloader middlewares for unattended nights on slow, flaky government servers.

In the order an answer meets them (``DOWNLOADER_MIDDLEWARES`` in settings, after Scrapy's redirect
and decompression): :class:`CharsetMiddleware` re-decodes a page whose declared charset is wrong;
:class:`CircuitBreakerMiddleware` sees every attempt and closes the spider when the site keeps
failing; :class:`RetryAfterMiddleware`, in place of Scrapy's RetryMiddleware, retries no sooner
than Retry-After asks; :class:`NonArticleMiddleware` sees only final answers and records an article
URL that gave no article (empty, a PDF, an image, an oversized page) as skipped; ahead of them all,
:class:`RedirectLoopMiddleware` stops a redirect loop at its first repeat.
"""

from __future__ import annotations

import logging
import time
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin

import charset_normalizer
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest, NotConfigured
from scrapy.http import HtmlResponse, TextResponse
from scrapy.utils.asyncio import sleep
from scrapy.utils.defer import deferred_from_coro
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.python import global_object_name
from scrapy.utils.response import response_status_message

from humas_crawler.corpus import store
from humas_crawler.crawl.extensions import CorpusExtension, CrawlRunExtension

logger = logging.getLogger(__name__)

CIRCUIT_OPEN = "circuit_open"  # the spider's close reason (crawl_runs.status) when the breaker trips
# Media types of answers at article URLs that are recorded as skipped under their own reason
# (stats skipped/<reason>); anything else that is not HTML is "not_html".
SKIPPED_TYPES = (("application/pdf", "pdf"), ("image/", "image"))
# Of the encodings that decode a mislabelled page to the same text, the one named in the log:
# the pages of Indonesian sites mislabelled as UTF-8 are Windows-1252 (text pasted from Word).
PREFERRED_ENCODINGS = ("cp1252",)


# ---- Retry-After -----------------------------------------------------------------------------------

def retry_after_seconds(value: bytes | str | None, now: datetime | None = None) -> float | None:
    """The wait a Retry-After header asks for, in seconds (delta-seconds or an HTTP date; a date
    in the past is 0); None when there is none or it cannot be read."""
    text = (value.decode("latin-1") if isinstance(value, bytes) else value or "").strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    when = when if when.tzinfo else when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - (now or datetime.now(timezone.utc))).total_seconds())


class _CrawlerComponent:
    """Built from the crawler, which it keeps (stats, settings, the engine, the spider)."""

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)


class RetryAfterMiddleware(RetryMiddleware):
    """Scrapy's retries (RETRY_TIMES, RETRY_HTTP_CODES, RETRY_EXCEPTIONS), except that a retryable
    answer carrying Retry-After (429, 503) is retried no sooner than it asks, and no other request
    goes to that server before then either: the header speaks of the server, not of one page.

    A wait over ``HUMAS_RETRY_AFTER_MAX`` seconds gives the URL up for tonight (the answer goes on
    to the spider's errback; the crawl state retries it on a later night) rather than hold the run
    open. Waiting is an awaited sleep in ``process_request``, so the reactor goes on with everything
    else; a request waiting there still counts as in progress, so the spider does not close as idle
    with a retry pending.
    """

    def __init__(self, settings):
        super().__init__(settings)
        self.max_wait = settings.getfloat("HUMAS_RETRY_AFTER_MAX")
        self.resume_at: dict[str, float] = {}  # host:port -> time.monotonic() before which it waits

    async def process_request(self, request):
        wait = self.resume_at.get(urlparse_cached(request).netloc, 0.0) - time.monotonic()
        if wait > 0:
            await sleep(wait)

    def process_response(self, request, response):
        delay = retry_after_seconds(response.headers.get(b"Retry-After"))
        if delay is None or response.status not in self.retry_http_codes or request.meta.get("dont_retry"):
            return super().process_response(request, response)
        if delay > self.max_wait:
            self.crawler.stats.inc_value("retry_after/over_max")
            logger.warning("%s answered %s with Retry-After %.0f s, over HUMAS_RETRY_AFTER_MAX (%.0f s): "
                           "given up for tonight", request.url, response.status, delay, self.max_wait)
            return response
        self.hold(request, delay)
        return self._retry(request, response_status_message(response.status)) or response

    def hold(self, request, delay: float) -> None:
        """Keep every request to ``request``'s server waiting ``delay`` seconds from now."""
        netloc = urlparse_cached(request).netloc
        self.resume_at[netloc] = max(self.resume_at.get(netloc, 0.0), time.monotonic() + delay)
        self.crawler.stats.inc_value("retry_after/waited")
        self.crawler.stats.max_value("retry_after/max_seconds", delay)


# ---- circuit breaker -------------------------------------------------------------------------------

# Exceptions that say nothing about the site's health: a request we refused ourselves (robots.txt,
# a skipped answer) and a download we cancelled at DOWNLOAD_MAXSIZE.
NOT_SITE_FAILURES = (IgnoreRequest, DownloadCancelledError)


class CircuitBreakerMiddleware(_CrawlerComponent):
    """Closes the spider with reason ``circuit_open`` once ``HUMAS_BREAKER_FAILURES`` different URLs
    of the site have failed in a row (an answer in ``HUMAS_BREAKER_HTTP_CODES`` or a download error)
    with no good answer between them: the site is down tonight, and the rest of its requests would
    only wait out their timeouts. A URL counts once however often it is retried, so one broken page
    cannot open the circuit, and not at all when it already failed on an earlier night (the crawl
    state's due retries come first in a run: a site with a few dead pages must not trip it every
    night); any other answer (a 404 too: the server is working) resets the count. It sits between
    the downloader and RetryMiddleware, so it sees every attempt.
    """

    def __init__(self, crawler):
        super().__init__(crawler)
        self.limit = crawler.settings.getint("HUMAS_BREAKER_FAILURES")
        if self.limit <= 0:
            raise NotConfigured
        self.codes = {int(code) for code in crawler.settings.getlist("HUMAS_BREAKER_HTTP_CODES")}
        self.failing: dict[str, str] = {}  # URL -> why, since the last good answer
        self.closing = None


    def process_response(self, request, response):
        if response.status in self.codes:
            self.failed(request, f"HTTP {response.status}")
        else:
            self.failing.clear()
        return response

    def process_exception(self, request, exception):
        if not isinstance(exception, NOT_SITE_FAILURES):
            self.failed(request, global_object_name(type(exception)))

    def failed(self, request, reason: str) -> None:
        if self.failed_before(request):
            return
        self.failing[request.url] = reason
        if len(self.failing) < self.limit or self.closing is not None:
            return
        self.crawler.stats.set_value("circuit_breaker/failing_urls", len(self.failing))
        logger.error("circuit open: %d URLs failed in a row, the last %s (%s): closing the spider",
                     len(self.failing), request.url, reason)
        self.closing = deferred_from_coro(self.crawler.engine.close_spider_async(reason=CIRCUIT_OPEN))

    def failed_before(self, request) -> bool:
        """The URL failed on an earlier night (the crawl state counts its attempts)."""
        spider = self.crawler.spider
        return store.failed_attempts(CorpusExtension.of(self.crawler), spider.name, spider.canonical_url(request.url)) > 0


# ---- charset -----------------------------------------------------------------------------------------

def decodes(body: bytes, encoding: str) -> bool:
    try:
        body.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def detect_encoding(body: bytes) -> str | None:
    """The encoding the bytes are in, by charset-normalizer; None when it finds none."""
    best = charset_normalizer.from_bytes(body).best()
    if best is None:
        return None
    return next((name for name in PREFERRED_ENCODINGS if name in best.could_be_from_charset), best.encoding)


class CharsetMiddleware(_CrawlerComponent):
    """A page that does not decode in the charset it declares (Content-Type, BOM or <meta>) would
    be stored with U+FFFD for every accented letter and curly quote, silently: it is re-read in the
    encoding its bytes are really in, counted (``charset/corrected``) and logged with both names."""


    def process_response(self, request, response):
        if not isinstance(response, TextResponse) or decodes(response.body, response.encoding):
            return response
        actual = detect_encoding(response.body)
        if actual is None:
            return response
        self.crawler.stats.inc_value("charset/corrected")
        logger.warning("%s declares %s but is not: decoded as %s", response.url, response.encoding, actual)
        return response.replace(encoding=actual)


# ---- answers that are no article ---------------------------------------------------------------------

class NotAnArticle(IgnoreRequest):
    """An article URL answered with no article; the middleware has recorded it as skipped."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def non_article_reason(response) -> str | None:
    """Why a successful answer at an article URL is no article, or None when it is an HTML page."""
    if not response.body.strip():
        return "empty"
    if isinstance(response, HtmlResponse):
        return None
    content_type = (response.headers.get(b"Content-Type") or b"").decode("latin-1").lower()
    return next((reason for prefix, reason in SKIPPED_TYPES if content_type.startswith(prefix)), "not_html")


def asked_url(request) -> str:
    """The URL the spider asked for, before any redirect: the one its crawl state knows (pending,
    and checked before the next night's request), so that is the one to mark."""
    return (request.meta.get("redirect_urls") or [request.url])[0]


def skipped(crawler, request, reason: str, status: int | None) -> NotAnArticle:
    """Record the article ``request`` asked for as skipped in the crawl state (under the real
    site's URL; never fetched again), count and log it; the exception that drops the request."""
    spider = crawler.spider
    CorpusExtension.writes_of(crawler).record_skip(spider.name, spider.canonical_url(asked_url(request)), reason,
                                                  status, CrawlRunExtension.of(crawler).run_id)
    crawler.stats.inc_value(f"skipped/{reason}")
    logger.info("%s is no article (%s): skipped", request.url, reason)
    return NotAnArticle(reason)


class NonArticleMiddleware(_CrawlerComponent):
    """An article request (``meta["article"]``) answered with an empty page, a PDF, an image or
    anything else that is not HTML, or cut off at DOWNLOAD_MAXSIZE, is recorded as skipped (reason
    and status) and dropped with :class:`NotAnArticle` before it reaches the spider and the
    pipelines, where it could only fail. It sees final answers only: retries and redirects happen
    before it."""


    def process_response(self, request, response):
        if request.meta.get("article") and 200 <= response.status < 300:
            reason = non_article_reason(response)
            if reason:
                raise skipped(self.crawler, request, reason, response.status)
        return response

    def process_exception(self, request, exception):
        if request.meta.get("article") and isinstance(exception, DownloadCancelledError):
            raise skipped(self.crawler, request, "too_large", None)


class RedirectLoopMiddleware(_CrawlerComponent):
    """A redirect back to a URL of its own chain is a loop. Scrapy would follow it to the repeated
    URL, which its duplicate filter then drops without a word: the article would stay pending for
    ever. The loop is stopped at the first repeat instead: an article URL is recorded as skipped
    (``redirect_loop``), any other request is ignored (its errback hears of it). It sits on the
    downloader side of RedirectMiddleware, so it sees the redirect before it is followed."""


    def process_response(self, request, response):
        location = response.headers.get(b"Location")
        if not 300 <= response.status < 400 or not location:
            return response
        target = urljoin(request.url, location.decode("latin-1"))
        if target not in (request.url, *request.meta.get("redirect_urls", ())):
            return response
        if request.meta.get("article"):
            raise skipped(self.crawler, request, "redirect_loop", response.status)
        raise IgnoreRequest(f"redirect loop at {request.url}")
