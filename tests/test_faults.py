"""Faults of unattended nights, proven on the fault-injecting server (humas_mirror.faults).

A real ``humas crawl`` of the fault site runs in a subprocess (Twisted's reactor starts once per
process) with a registry entry pointing at it (``HUMAS_REGISTRY``); what the crawl did is read from
the corpus, its run record and the server's request log. Then each middleware is tried on real
Scrapy requests and responses with a real crawler.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from typing import NamedTuple

import pytest
import sqlite_utils
from scrapy import Request
from scrapy.exceptions import (
    DownloadCancelledError, DownloadTimeoutError, IgnoreRequest, NotConfigured, ResponseDataLossError,
)
from scrapy.http import Headers, Response
from scrapy.responsetypes import responsetypes
from scrapy.utils.test import get_crawler

from conftest import ROOT, site_crawler
from humas_crawler import corpus, settings
from humas_crawler.corpus import store
from humas_crawler.crawl.extensions import CorpusExtension
from humas_crawler.crawl.middlewares import (
    CIRCUIT_OPEN, CharsetMiddleware, CircuitBreakerMiddleware, NonArticleMiddleware, NotAnArticle,
    RedirectLoopMiddleware, RetryAfterMiddleware, retry_after_seconds,
)
from humas_crawler.crawl.registry import SiteEntry, entry_toml
from humas_crawler.crawl.spider import HumasSpider
from humas_mirror.chrome import PNG
from humas_mirror.faults import FAULTS, PDF, PER_PAGE, FaultServer

# A loopback server needs no politeness; a short timeout keeps the hang (longer) and the drip
# (shorter) cheap, so the whole night takes seconds.
TIMEOUT = 3
HANG_SECONDS = 5
DRIP_SECONDS = 1
FAST = {"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
        "DOWNLOAD_TIMEOUT": TIMEOUT}
NIGHT_BOUND = 30  # seconds; the longest wait is one timeout plus Retry-After


class Night(NamedTuple):
    server: FaultServer
    result: subprocess.CompletedProcess
    db: sqlite_utils.Database
    seconds: float

    def stored(self) -> list[dict]:
        return list(self.db.query("select canonical_url, title, body from articles"))

    def crawl_state(self) -> dict[str, dict]:
        return {row["url"]: row for row in self.db.query("select * from crawl_urls")}

    def run(self) -> dict:
        run = next(self.db.query("select * from crawl_runs order by id desc limit 1"))
        return {**run, "stats": json.loads(run["stats"])}


def crawl(server: FaultServer, folder) -> Night:
    """``humas crawl faults`` against ``server``, from a registry of that one entry."""
    registry = folder / "sites.toml"
    registry.write_text(entry_toml({"name": "faults", "url": server.url, "timezone": "WITA", "discovery": ["listing"],
                                    "start_paths": ["/berita"], "article_links": "main a", "politeness": FAST}),
                        encoding="utf-8")
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "humas_crawler", "crawl", "faults", "--db", str(folder / "c.db")],
                            cwd=ROOT, capture_output=True, text=True, timeout=120,
                            env={**os.environ, "HUMAS_REGISTRY": str(registry)})
    return Night(server, result, corpus.open_corpus(folder / "c.db"), time.monotonic() - started)


@pytest.fixture(scope="module")
def night(tmp_path_factory):
    """One night's crawl of the fault site."""
    with FaultServer(hang_seconds=HANG_SECONDS, drip_seconds=DRIP_SECONDS) as server:
        yield crawl(server, tmp_path_factory.mktemp("faults"))


# ---- the night -------------------------------------------------------------------------------------

def test_the_night_ends_healthy_quickly_and_without_traceback(night):
    assert night.result.returncode == 0, night.result.stderr[-3000:]
    assert "Traceback" not in night.result.stderr
    run = night.run()
    assert run["status"] == "finished" and run["problem"] is None
    assert night.seconds < NIGHT_BOUND


def test_every_good_article_is_stored_exactly_once(night):
    stored = night.stored()
    assert sorted(row["canonical_url"] for row in stored) == sorted(night.server.url + a.path for a in night.server.good())
    assert {row["title"] for row in stored} == {a.title for a in night.server.good()}


@pytest.mark.parametrize("fault", FAULTS, ids=lambda fault: fault.behaviour)
def test_each_fault_ends_as_expected(night, fault):
    article = next(a for a in night.server.articles if a.fault == fault)
    url = night.server.url + article.path
    state = night.crawl_state().get(url)
    if fault.expect == "stored":
        assert url in {row["canonical_url"] for row in night.stored()} and state is None
        return
    assert url not in {row["canonical_url"] for row in night.stored()}
    assert state is not None, f"{fault.behaviour} left no trace in crawl_urls"
    kind, _, reason = fault.expect.partition("/")
    assert state["state"] == kind and state["reason"].startswith(reason)
    if reason:
        assert night.run()["stats"][f"skipped/{reason}"] == 1
    if kind == "skipped":  # recorded once, by the middleware that refused it
        assert state["attempts"] == 1


@pytest.mark.parametrize("fault", [f for f in FAULTS if f.retry_after], ids=lambda fault: fault.behaviour)
def test_retry_after_is_respected(night, fault):
    path = next(a.path for a in night.server.articles if a.fault == fault)
    first, retry = night.server.times(path)
    assert retry - first >= fault.retry_after


def test_a_hanging_url_costs_one_short_timeout(night):
    """Not retried tonight: the crawl state tries it again on another night."""
    path = next(a.path for a in night.server.articles if a.fault and a.fault.behaviour == "hang")
    assert len(night.server.times(path)) == 1
    assert "scrapy.exceptions.DownloadTimeoutError" not in settings.RETRY_EXCEPTIONS
    assert settings.DOWNLOAD_TIMEOUT <= 15


def test_a_mislabelled_page_is_stored_in_its_real_encoding(night):
    article = next(a for a in night.server.articles if a.fault and a.fault.behaviour == "mislabelled")
    body = next(row["body"] for row in night.stored() if row["canonical_url"] == night.server.url + article.path)
    assert "\ufffd" not in body and "–" in body and "–" in article.body
    assert night.run()["stats"]["charset/corrected"] == 1
    warning = next(line for line in night.result.stderr.splitlines() if article.path in line and "declares" in line)
    assert "utf-8" in warning and "cp1252" in warning


def test_no_request_left_the_site_or_fell_into_a_trap(night):
    server = night.server
    allowed = {"/robots.txt", "/berita"} | {a.path for a in server.articles}
    asked = [entry.path for entry in server.requests]
    strays = [path for path in asked if path not in allowed and not path.startswith("/berita?hal=")
              and not path.endswith("?ulang=1")]
    assert strays == [] and server.strays == []
    assert {entry.host for entry in server.requests} == {f"127.0.0.1:{server.port}"}
    stats = night.run()["stats"]
    # Twisted's connection pool re-sends a GET once when the server dropped a kept-alive connection
    # (the reset), so the server may count more requests than Scrapy sent, never fewer
    assert stats["downloader/request_count"] <= len(asked)
    assert not [key for key in stats if key.endswith(("CannotResolveHostError", "DownloadConnectionRefusedError"))], \
        "no request to another host"


def test_the_endless_pager_stops_after_the_last_page(night):
    last = -(-len(night.server.articles) // PER_PAGE)
    pages = [entry.path for entry in night.server.requests if entry.path.startswith("/berita?hal=")]
    assert pages == [f"/berita?hal={n}" for n in range(2, last + 2)]


def test_an_outage_opens_the_circuit(tmp_path):
    with FaultServer(outage=True) as server:
        night = crawl(server, tmp_path)
    assert night.result.returncode == 1, "a site that is down makes the cron run fail"
    assert night.run()["status"] == CIRCUIT_OPEN and night.run()["problem"] == f"ended with {CIRCUIT_OPEN}"
    assert "circuit open" in night.result.stderr and "Traceback" not in night.result.stderr
    articles = [entry for entry in server.requests if entry.path in server.by_path]
    assert settings.HUMAS_BREAKER_FAILURES <= len(articles) < len(server.articles), "each article asked once at most"


# ---- each middleware on real Scrapy objects ----------------------------------------------------------

REAL_SITE = "https://humas.kotauji.go.id"
Spider = HumasSpider.for_entry(SiteEntry(name="kotauji", url=REAL_SITE, timezone="WITA"), __name__)
BASE = "http://127.0.0.1:8000"  # where the spider fetches the real site from
URL = BASE + "/berita/1-satu"
NOW = datetime(2024, 3, 6, 2, 15, tzinfo=timezone.utc)


@pytest.mark.parametrize("value, seconds", [
    (b"120", 120), ("0", 0), (format_datetime(NOW + timedelta(seconds=30), usegmt=True), 30),
    (format_datetime(NOW - timedelta(hours=1), usegmt=True), 0), (b"soon", None), (None, None),
])
def test_retry_after_values(value, seconds):
    assert retry_after_seconds(value, now=NOW) == seconds


FAULT_SETTINGS = ("RETRY_TIMES", "RETRY_EXCEPTIONS", "HUMAS_RETRY_AFTER_MAX", "HUMAS_BREAKER_FAILURES",
                  "HUMAS_BREAKER_HTTP_CODES")


def crawler_with(middleware_class, **values):
    """A real crawler with the project's fault settings (and ``values``), and the middleware."""
    crawler = get_crawler(settings_dict={**{name: getattr(settings, name) for name in FAULT_SETTINGS}, **values})
    crawler.spider = crawler._create_spider("test")
    return crawler, middleware_class.from_crawler(crawler)


def answer(status: int, body: bytes = b"<html><body><p>x</p></body></html>", url: str = URL, **headers) -> Response:
    """A response of the class Scrapy's downloader would build for these headers and body."""
    cls = responsetypes.from_args(headers=Headers(headers), url=url, body=body)
    return cls(url=url, status=status, headers=headers, body=body)


def test_retry_after_holds_the_retry_and_the_server():
    crawler, middleware = crawler_with(RetryAfterMiddleware)
    retry = middleware.process_response(Request(URL), answer(503, **{"Retry-After": "2"}))
    assert isinstance(retry, Request) and retry.meta["retry_times"] == 1
    assert 1.9 < middleware.resume_at["127.0.0.1:8000"] - time.monotonic() <= 2
    assert crawler.stats.get_value("retry_after/waited") == 1


def test_a_held_server_makes_every_request_wait():
    _, middleware = crawler_with(RetryAfterMiddleware)
    middleware.hold(Request(URL), 0.3)
    started = time.monotonic()
    asyncio.run(middleware.process_request(Request("http://127.0.0.1:8000/berita/2-dua")))
    assert time.monotonic() - started >= 0.3
    started = time.monotonic()
    asyncio.run(middleware.process_request(Request("http://127.0.0.1:8001/berita/2-dua")))
    assert time.monotonic() - started < 0.1, "another server does not wait"


def test_retry_after_over_the_cap_gives_up_for_tonight():
    crawler, middleware = crawler_with(RetryAfterMiddleware, HUMAS_RETRY_AFTER_MAX=120)
    response = answer(429, **{"Retry-After": "3600"})
    assert middleware.process_response(Request(URL), response) is response
    assert middleware.resume_at == {} and crawler.stats.get_value("retry_after/over_max") == 1


def test_without_retry_after_scrapy_retries_at_once():
    _, middleware = crawler_with(RetryAfterMiddleware)
    assert isinstance(middleware.process_response(Request(URL), answer(503)), Request)
    assert middleware.resume_at == {}
    ok = answer(200, **{"Retry-After": "5"})
    assert middleware.process_response(Request(URL), ok) is ok


class EngineStub:
    """What the breaker asks of the engine: to close the spider, and why."""

    def __init__(self):
        self.reasons = []

    async def close_spider_async(self, *, reason):
        self.reasons.append(reason)


@pytest.fixture
def breaker(db_path):
    """The breaker on a real crawler of a site spider, with its corpus and run; the engine a stub."""
    crawler = site_crawler(Spider, db_path, BASE)
    crawler.engine = EngineStub()
    return crawler, CircuitBreakerMiddleware.from_crawler(crawler)


def run_async(steps):
    """Run breaker steps where Scrapy runs them, in an event loop, letting the close it schedules run."""
    async def scenario():
        steps()
        await asyncio.sleep(0)
    asyncio.run(scenario())


LIMIT = settings.HUMAS_BREAKER_FAILURES
FAILURES = [lambda: answer(500), lambda: answer(503), lambda: DownloadTimeoutError(), lambda: answer(504),
            lambda: ResponseDataLossError()]


def fail(middleware, url: str, number: int) -> None:
    """The ``number``-th kind of failure (an answer or a download error) for ``url``."""
    failure = FAILURES[number % len(FAILURES)]()
    if isinstance(failure, Exception):
        middleware.process_exception(Request(url), failure)
    else:
        middleware.process_response(Request(url), failure)


def test_the_breaker_opens_after_enough_different_urls_fail_in_a_row(breaker):
    crawler, middleware = breaker
    run_async(lambda: [fail(middleware, f"{BASE}/berita/{n}", n) for n in range(LIMIT)])
    assert crawler.engine.reasons == [CIRCUIT_OPEN]


@pytest.mark.parametrize("case", ["one url retried", "a good answer between", "not the site's fault",
                                  "failed on an earlier night"])
def test_the_breaker_stays_closed(breaker, case):
    crawler, middleware = breaker
    urls = [f"{BASE}/berita/{n}" for n in range(LIMIT + 1)]
    if case == "failed on an earlier night":
        store.record_failure(CorpusExtension.of(crawler), "kotauji", REAL_SITE + "/berita/0", "HTTP 500", 500, None,
                             "2000-01-01T00:00:00+00:00")
        urls = urls[:LIMIT]

    def steps():
        for number, url in enumerate(urls):
            if case == "one url retried":
                fail(middleware, urls[0], number)
            elif case == "not the site's fault":
                middleware.process_exception(Request(url), IgnoreRequest() if number % 2 else DownloadCancelledError())
            else:
                fail(middleware, url, number)
            if case == "a good answer between" and number == LIMIT // 2:
                middleware.process_response(Request(BASE + "/berita/ada"), answer(404))
    run_async(steps)
    assert crawler.engine.reasons == []


def test_the_breaker_can_be_turned_off():
    with pytest.raises(NotConfigured):
        crawler_with(CircuitBreakerMiddleware, HUMAS_BREAKER_FAILURES=0)


TEXT = "SAMARINDA – Wali Kota mengatakan, “Kita siap”, di kafé Tepian."


def test_a_page_in_another_encoding_than_declared_is_re_read(caplog):
    crawler, middleware = crawler_with(CharsetMiddleware)
    body = f"<html><body><p>{TEXT}</p></body></html>".encode("cp1252")
    fixed = middleware.process_response(Request(URL), answer(200, body, **{"Content-Type": "text/html; charset=utf-8"}))
    assert fixed.encoding == "cp1252" and TEXT in fixed.text
    assert crawler.stats.get_value("charset/corrected") == 1
    assert URL in caplog.text and "utf-8" in caplog.text and "cp1252" in caplog.text


@pytest.mark.parametrize("body, content_type", [
    (f"<p>{TEXT}</p>".encode("utf-8"), "text/html; charset=utf-8"),
    (f"<p>{TEXT}</p>".encode("cp1252"), "text/html; charset=windows-1252"),
    (PNG, "image/png"),
])
def test_a_page_that_decodes_as_declared_is_left_alone(body, content_type):
    crawler, middleware = crawler_with(CharsetMiddleware)
    response = answer(200, body, **{"Content-Type": content_type})
    assert middleware.process_response(Request(URL), response) is response
    assert crawler.stats.get_value("charset/corrected") is None




def article_request(url: str = URL, **meta) -> Request:
    return Request(url, meta={"article": True, **meta})


@pytest.fixture
def skipping(db_path):
    """A real crawler of a site spider whose real URL differs from where it fetches, its run open."""
    crawler = site_crawler(Spider, db_path, BASE)

    def skipped_row(url: str) -> dict | None:
        return next(corpus.open_corpus(db_path).query("select * from crawl_urls where url = ?", [url]), None)

    return crawler, skipped_row


@pytest.mark.parametrize("body, content_type, reason", [
    (b"", "text/html; charset=utf-8", "empty"),
    (b"  \r\n ", "text/html; charset=utf-8", "empty"),
    (PDF, "application/pdf", "pdf"),
    (PNG, "image/png", "image"),
    (b"ringkasan", "text/plain", "not_html"),
])
def test_an_article_url_that_answers_no_article_is_skipped(skipping, body, content_type, reason):
    crawler, skipped_row = skipping
    middleware = NonArticleMiddleware.from_crawler(crawler)
    with pytest.raises(NotAnArticle):
        middleware.process_response(article_request(), answer(200, body, **{"Content-Type": content_type}))
    row = skipped_row(REAL_SITE + "/berita/1-satu")
    assert (row["state"], row["reason"], row["http_status"]) == ("skipped", reason, 200)
    assert crawler.stats.get_value(f"skipped/{reason}") == 1


def test_an_oversized_article_is_skipped(skipping):
    crawler, skipped_row = skipping
    with pytest.raises(NotAnArticle):
        NonArticleMiddleware.from_crawler(crawler).process_exception(article_request(), DownloadCancelledError())
    assert skipped_row(REAL_SITE + "/berita/1-satu")["reason"] == "too_large"


def test_a_redirected_article_is_skipped_under_the_url_asked_for(skipping):
    crawler, skipped_row = skipping
    moved = article_request(BASE + "/files/1.pdf", redirect_urls=[URL])
    with pytest.raises(NotAnArticle):
        NonArticleMiddleware.from_crawler(crawler).process_response(moved, answer(200, PDF, url=moved.url, **{
            "Content-Type": "application/pdf"}))
    assert skipped_row(REAL_SITE + "/berita/1-satu")["reason"] == "pdf"


@pytest.mark.parametrize("request_, response", [
    (article_request(), answer(200)),                                                      # an article
    (Request(URL), answer(200, PDF, **{"Content-Type": "application/pdf"})),              # no article asked
    (article_request(), answer(404, b"")),                                                 # an error: the errback's
], ids=["html", "not an article request", "not a success"])
def test_other_answers_pass(skipping, request_, response):
    crawler, skipped_row = skipping
    assert NonArticleMiddleware.from_crawler(crawler).process_response(request_, response) is response
    assert skipped_row(REAL_SITE + "/berita/1-satu") is None


def test_a_redirect_loop_is_stopped_at_its_first_repeat(skipping):
    crawler, skipped_row = skipping
    middleware = RedirectLoopMiddleware.from_crawler(crawler)
    first = answer(302, b"", **{"Location": "/berita/1-satu?ulang=1"})
    assert middleware.process_response(article_request(), first) is first
    looping = article_request(URL + "?ulang=1", redirect_urls=[URL])
    with pytest.raises(NotAnArticle):
        middleware.process_response(looping, answer(302, b"", url=looping.url, **{"Location": "/berita/1-satu"}))
    row = skipped_row(REAL_SITE + "/berita/1-satu")
    assert (row["reason"], row["http_status"]) == ("redirect_loop", 302)
    listing = Request(BASE + "/berita?hal=2", meta={"redirect_urls": [BASE + "/berita"]})
    with pytest.raises(IgnoreRequest) as refused:
        middleware.process_response(listing, answer(301, b"", url=listing.url, **{"Location": "/berita"}))
    assert not isinstance(refused.value, NotAnArticle)
