"""Distributed crawling: two `humas crawl --all --distributed` workers and the single writer
(`humas store-worker`), real processes, against a real redis-server and the offline mirror (seen
through a proxy that counts how many requests it serves at once). Killing a worker or the writer
with SIGKILL midway loses no article and stores none twice.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
import redis
import sqlite_utils

from conftest import ROOT
from mirror_proxy import MirrorProxy
from test_crawl_state import stored_urls, write_registry
from humas_mirror import SITES

# per domain, for the whole cluster: the five mirror sites share one host, so one domain
POLITENESS = {"AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_DELAY": 0, "CONCURRENT_REQUESTS_PER_DOMAIN": 2}
# a killed worker's requests go back to the frontier 2 s after its last heartbeat; idle workers
# close 2 s after the cluster ran out of work
FAST_CLUSTER = {"HUMAS_REDIS_WORKER_TTL": "2", "HUMAS_REDIS_IDLE_CLOSE": "2"}
KILL_AFTER_ARTICLES = 40


@pytest.fixture(scope="module")
def cluster_sites(tmp_path_factory, request):
    """The five sites behind a counting proxy, their registry, what a plain crawl of them stores
    and the spiders it ran (those `--all` picks)."""
    from humas_mirror import MirrorServer

    mirror = MirrorServer(port=0).start()
    request.addfinalizer(mirror.stop)
    proxy = MirrorProxy(mirror.url)
    request.addfinalizer(proxy.close)
    folder = tmp_path_factory.mktemp("distributed")
    registry = folder / "sites.toml"
    write_registry(registry, {site: f"{proxy.url}/{site}" for site in SITES}, POLITENESS)
    reference = folder / "reference.db"
    plain = humas(registry, "crawl", "--all", "--db", str(reference))
    out, err = plain.communicate(timeout=300)
    assert plain.returncode == 0, err[-2000:]
    spiders = {row["spider"] for row in sqlite_utils.Database(reference).query("select spider from crawl_runs")}
    return registry, sorted(stored_urls(reference)), proxy, spiders


def humas(registry, *args) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "humas_crawler", *args], cwd=ROOT,
                            env={**os.environ, "HUMAS_REGISTRY": str(registry), **FAST_CLUSTER},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def worker(registry, redis_url, db) -> subprocess.Popen:
    return humas(registry, "crawl", "--all", "--distributed", "--redis", redis_url, "--db", str(db))


def writer(registry, redis_url, db) -> subprocess.Popen:
    return humas(registry, "store-worker", "--redis", redis_url, "--db", str(db), "--exit-when-idle", "2")


def wait_for(condition, timeout: float = 60, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


def article_count(db) -> int:
    try:
        return sqlite_utils.Database(db).execute("select count(*) from articles").fetchone()[0]
    except Exception:  # the writer has not created the tables yet
        return 0


def a_worker_is_alive(redis_url) -> bool:
    return bool(list(redis.Redis.from_url(redis_url).scan_iter(match="humas:worker:*")))


def finish(*processes, timeout: float = 120) -> list[tuple[int, str]]:
    results = []
    for process in processes:
        out, err = process.communicate(timeout=timeout)
        results.append((process.returncode, out + err))
    return results


def assert_every_article_once(db, reference: list[str]) -> None:
    urls = stored_urls(db)
    # the same text under two URLs is one article and an alias: which URL wins depends on order
    known = set(urls) | {row["url"] for row in sqlite_utils.Database(db).query("select url from aliases")}
    assert len(urls) == len(set(urls)) == len(reference)
    assert set(reference) <= known
    left = list(sqlite_utils.Database(db).query("select state, count(*) as n from crawl_urls group by state"))
    assert [row for row in left if row["state"] == "pending"] == []


def test_a_worker_killed_midway_loses_nothing_and_politeness_holds_across_workers(cluster_sites, redis_url, tmp_path):
    registry, reference, proxy, spiders = cluster_sites
    proxy.most = 0
    db = tmp_path / "corpus.db"
    doomed, survivor = worker(registry, redis_url, db), worker(registry, redis_url, db)
    wait_for(lambda: a_worker_is_alive(redis_url), what="a worker")
    store = writer(registry, redis_url, db)
    wait_for(lambda: article_count(db) >= KILL_AFTER_ARTICLES, what="the first articles")
    doomed.send_signal(signal.SIGKILL)
    (_, _), (survived, survivor_log), (stored, store_log) = finish(doomed, survivor, store)
    assert survived == 0, survivor_log[-3000:]
    assert stored == 0, store_log[-3000:]
    assert_every_article_once(db, reference)
    assert proxy.most <= POLITENESS["CONCURRENT_REQUESTS_PER_DOMAIN"]
    runs = list(sqlite_utils.Database(db).query("select spider, status, problem from crawl_runs"))
    assert len(runs) == 2 * len(spiders)  # one per spider and worker
    # the killed worker's runs still open are interrupted (it may have finished a small site before)
    assert {run["status"] for run in runs} == {"finished", "interrupted"}
    assert [run for run in runs if run["status"] == "finished" and run["problem"]] == []
    walks = list(sqlite_utils.Database(db).query("select site, complete, run_id from listing_walks"))
    assert {walk["site"] for walk in walks} == spiders and all(walk["complete"] and walk["run_id"] for walk in walks)


def test_the_writer_killed_midway_then_restarted_stores_every_article_once(cluster_sites, redis_url, tmp_path):
    registry, reference, _, spiders = cluster_sites
    db = tmp_path / "corpus.db"
    workers = [worker(registry, redis_url, db), worker(registry, redis_url, db)]
    wait_for(lambda: a_worker_is_alive(redis_url), what="a worker")
    first = writer(registry, redis_url, db)
    wait_for(lambda: article_count(db) >= KILL_AFTER_ARTICLES, what="the first articles")
    first.send_signal(signal.SIGKILL)
    first.communicate(timeout=30)
    second = writer(registry, redis_url, db)
    results = finish(*workers, second)
    assert [code for code, _ in results] == [0, 0, 0], results[1][1][-5000:]
    assert_every_article_once(db, reference)
    runs = list(sqlite_utils.Database(db).query("select status, problem from crawl_runs"))
    assert len(runs) == 2 * len(spiders) and all(run["status"] == "finished" for run in runs)


def test_scrapy_crawl_with_the_redis_setting_is_a_worker_too(cluster_sites, redis_url, tmp_path):
    registry, reference, _, _ = cluster_sites
    db = tmp_path / "corpus.db"
    one_site = subprocess.Popen(
        [sys.executable, "-m", "scrapy", "crawl", "kaltimprov", "-s", f"HUMAS_REDIS_URL={redis_url}",
         "-s", f"HUMAS_DB={db}", "-s", "LOG_LEVEL=WARNING"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, env={**os.environ, "HUMAS_REGISTRY": str(registry), **FAST_CLUSTER})
    wait_for(lambda: a_worker_is_alive(redis_url), what="the worker")
    (crawled, crawl_log), (stored, store_log) = finish(one_site, writer(registry, redis_url, db))
    assert (crawled, stored) == (0, 0), crawl_log[-3000:] + store_log[-3000:]
    assert sorted(stored_urls(db)) == [url for url in reference if "/kaltimprov/" in url]


@pytest.mark.parametrize("args, code, message", [
    (["crawl", "--all", "--distributed"], 2, "Error: --distributed needs --redis redis://HOST:PORT/DB"),
    (["crawl", "--all", "--redis", "redis://127.0.0.1:6379/0"], 2,
     "Error: --redis is for a distributed crawl: add --distributed"),
    (["crawl", "--all", "--distributed", "--redis", "http://127.0.0.1/"], 2, "Error: 'http://127.0.0.1/' is not a Redis URL"),
    (["store-worker", "--redis", "127.0.0.1:6379"], 2, "Error: '127.0.0.1:6379' is not a Redis URL"),
    (["crawl", "--all", "--distributed", "--redis", "redis://127.0.0.1:{closed}/0"], 1,
     "Error: Redis at redis://127.0.0.1:{closed}/0 does not answer"),
    (["store-worker", "--redis", "redis://127.0.0.1:{closed}/0"], 1, "Error: Redis at redis://127.0.0.1:{closed}/0 does not answer"),
])
def test_bad_distributed_options_are_one_line(args, code, message, tmp_path):
    from conftest import free_port, run_humas

    closed = free_port()
    done = run_humas(*[arg.format(closed=closed) for arg in args], "--db", str(tmp_path / "corpus.db"), timeout=60)
    lines = [line for line in (done.stdout + done.stderr).splitlines() if line.strip()]
    assert done.returncode == code
    assert len(lines) == 1 and lines[0].startswith(message.format(closed=closed)), lines
