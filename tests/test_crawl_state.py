"""Crawl state across runs: a killed run loses nothing, a failed article is fetched on a later night.

The five demo sites are served by a mirror in this process and crawled by the real ``humas crawl``
in a subprocess, slowed a little so that a kill lands in the middle of the work.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
import sqlite_utils

from conftest import ROOT
from mirror_proxy import MirrorProxy
from humas_crawler.crawl.registry import REGISTRY_FILE, entry_toml, load_registry
from humas_mirror import SITES

# slow enough that the crawl takes several seconds, fast enough for a test
SLOW = {"DOWNLOAD_DELAY": 0.05, "AUTOTHROTTLE_ENABLED": False, "CONCURRENT_REQUESTS_PER_DOMAIN": 2}


def write_registry(path, base_urls: dict[str, str], politeness: dict) -> None:
    """The real registry's entries for ``base_urls``' sites, pointed at those origins."""
    real = load_registry(REGISTRY_FILE)
    blocks = []
    for name, base in base_urls.items():
        values = {k: v for k, v in real[name].__dict__.items() if v not in (None, (), {}) and k not in ("politeness",)}
        blocks.append(entry_toml({**values, "url": base, "politeness": politeness}))
    path.write_text("\n".join(blocks), encoding="utf-8")


def humas(registry, *args, **popen) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "humas_crawler", *args], cwd=ROOT,
                            env={**os.environ, "HUMAS_REGISTRY": str(registry)},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **popen)


def crawl(registry, db, *extra) -> subprocess.CompletedProcess:
    process = humas(registry, "crawl", *SITES, "--db", str(db), *extra)
    out, err = process.communicate(timeout=300)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def stored_urls(db) -> list[str]:
    """The articles' URLs; none when the crawl was killed before its corpus had tables (a loaded
    machine can be that slow to start): the rerun then creates them."""
    corpus = sqlite_utils.Database(db)
    if not corpus["articles"].exists():
        return []
    return [r["canonical_url"] for r in corpus.query("select canonical_url from articles")]


@pytest.fixture(scope="module")
def sites(tmp_path_factory, request):
    from humas_mirror import MirrorServer

    mirror = MirrorServer(port=0).start()
    request.addfinalizer(mirror.stop)
    folder = tmp_path_factory.mktemp("state")
    registry = folder / "sites.toml"
    write_registry(registry, {site: mirror.base_url(site) for site in SITES}, SLOW)
    reference = folder / "reference.db"
    result = crawl(registry, reference)
    assert result.returncode == 0, result.stderr[-2000:]
    return registry, sorted(stored_urls(reference))


@pytest.mark.parametrize("how, after", [
    (signal.SIGKILL, 1.0), (signal.SIGKILL, 2.5), (signal.SIGKILL, 4.0), (signal.SIGTERM, 2.0),
])
def test_a_killed_crawl_then_a_plain_rerun_stores_every_article_exactly_once(sites, tmp_path, how, after):
    registry, reference = sites
    db = tmp_path / "corpus.db"
    process = humas(registry, "crawl", *SITES, "--db", str(db))
    time.sleep(after)
    process.send_signal(how)
    process.communicate(timeout=60)
    killed_with = len(stored_urls(db)) if db.exists() else 0
    rerun = crawl(registry, db)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    urls = stored_urls(db)
    # the same text under two URLs is one article and an alias: which URL wins depends on order
    known = set(urls) | {r["url"] for r in sqlite_utils.Database(db).query("select url from aliases")}
    assert len(urls) == len(reference), f"killed at {killed_with} articles"
    assert set(reference) <= known, f"killed at {killed_with} articles"
    runs = list(sqlite_utils.Database(db).query("select status from crawl_runs"))
    assert "running" not in {r["status"] for r in runs}


def test_an_article_failing_all_night_is_fetched_on_a_later_night(tmp_path):
    from humas_mirror import MirrorServer

    with MirrorServer(port=0) as mirror:
        proxy = MirrorProxy(mirror.url)
        try:
            registry = tmp_path / "sites.toml"
            write_registry(registry, {"kaltimprov": proxy.url + "/kaltimprov"},
                           {**SLOW, "DOWNLOAD_DELAY": 0, "RETRY_TIMES": 1})
            db = tmp_path / "corpus.db"
            flaky = mirror.articles("kaltimprov")[0].path
            proxy.failing.add("/kaltimprov" + flaky)

            night1 = run_crawl(registry, db)
            assert night1.returncode == 0, night1.stderr[-2000:]
            row = failed_row(db, flaky)
            assert (row["state"], row["http_status"], row["attempts"], row["reason"]) == ("failed", 500, 1, "HTTP 500")
            assert row["next_retry"] > row["last_tried"]

            proxy.failing.clear()
            proxy.log.clear()
            again = run_crawl(registry, db)  # the same night: not due yet, not asked again
            assert again.returncode == 0 and "/kaltimprov" + flaky not in proxy.log
            # a day later: the retry time has come
            sqlite_utils.Database(db).execute("update crawl_urls set next_retry = '2000-01-01T00:00:00+00:00'")
            night2 = run_crawl(registry, db)
            assert night2.returncode == 0, night2.stderr[-2000:]
            assert "/kaltimprov" + flaky in proxy.log
            assert any(url.endswith(flaky) for url in stored_urls(db))
            assert failed_row(db, flaky) is None
        finally:
            proxy.close()


def test_an_article_that_keeps_failing_is_given_up_after_the_set_number_of_nights(tmp_path):
    from humas_mirror import MirrorServer

    with MirrorServer(port=0) as mirror:
        proxy = MirrorProxy(mirror.url)
        try:
            registry = tmp_path / "sites.toml"
            write_registry(registry, {"kaltimprov": proxy.url + "/kaltimprov"},
                           {**SLOW, "DOWNLOAD_DELAY": 0, "RETRY_TIMES": 0})
            db = tmp_path / "corpus.db"
            flaky = mirror.articles("kaltimprov")[0].path
            proxy.failing.add("/kaltimprov" + flaky)
            for _ in range(2):
                run_crawl(registry, db, "HUMAS_RETRY_BACKOFF_HOURS=0", "HUMAS_RETRY_NIGHTS=2")
            assert failed_row(db, flaky)["state"] == "given_up"
            proxy.log.clear()
            run_crawl(registry, db, "HUMAS_RETRY_BACKOFF_HOURS=0", "HUMAS_RETRY_NIGHTS=2")
            assert "/kaltimprov" + flaky not in proxy.log  # given up: not asked again
        finally:
            proxy.close()


def run_crawl(registry, db, *settings: str) -> subprocess.CompletedProcess:
    """One night: ``scrapy crawl kaltimprov`` with extra settings (scrapy's -s)."""
    args = [sys.executable, "-m", "scrapy", "crawl", "kaltimprov", "-s", f"HUMAS_DB={db}", "-s", "LOG_LEVEL=WARNING"]
    for setting in settings:
        args += ["-s", setting]
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "HUMAS_REGISTRY": str(registry)})


def failed_row(db, path: str) -> dict | None:
    return next(sqlite_utils.Database(db).query(
        "select * from crawl_urls where url like ?", ["%" + path]), None)


def test_one_crawl_per_corpus_and_a_killed_holder_never_blocks(sites, tmp_path):
    registry, _ = sites
    db = tmp_path / "corpus.db"
    first = humas(registry, "crawl", *SITES, "--db", str(db))
    try:
        for _ in range(100):  # until the first crawl holds the lock
            if (tmp_path / "corpus.db.lock.json").exists():
                break
            time.sleep(0.05)
        for command in (["crawl", *SITES], ["demo"]):
            second = humas(registry, *command, "--db", str(db))
            out, err = second.communicate(timeout=60)
            assert second.returncode == 3, (out, err)
            lines = [line for line in (out + err).splitlines() if line.strip()]
            assert lines == [f"corpus {db} is being crawled by PID {first.pid} since {lines[0].rsplit(' since ', 1)[1]}"]
    finally:
        first.send_signal(signal.SIGKILL)
        first.communicate(timeout=60)
    third = crawl(registry, db)  # the dead holder's lock is gone with its process
    assert third.returncode == 0, third.stderr[-2000:]


def test_a_site_answering_404_to_everything_fails_the_night(tmp_path):
    from humas_mirror import MirrorServer

    with MirrorServer(port=0) as mirror:
        proxy = MirrorProxy(mirror.url, status=404)
        try:
            registry = tmp_path / "sites.toml"
            write_registry(registry, {"kaltimprov": proxy.url + "/kaltimprov"}, {**SLOW, "DOWNLOAD_DELAY": 0})
            proxy.failing.add("/")
            process = humas(registry, "crawl", "kaltimprov", "--db", str(tmp_path / "corpus.db"))
            out, err = process.communicate(timeout=120)
        finally:
            proxy.close()
    assert process.returncode == 1
    assert "every answer was an error (HTTP 404" in out + err
