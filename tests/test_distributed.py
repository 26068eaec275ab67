"""Distributed crawling: two `humas crawl --all --distributed` workers and the single writer
(`humas store-worker`), real processes, against a real redis-server and the offline mirror (seen
through a proxy that counts how many requests it serves at once). Killing a worker or the writer
with SIGKILL midway loses no article, stores none twice and miscounts none; a worker on "another
machine" (another folder, no corpus) works; re-checks go out once; the writer raises alarms.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter

import pytest
import redis
import sqlite_utils

from conftest import ROOT
from mirror_proxy import MirrorProxy
from test_crawl_state import stored_urls, write_registry
from humas_crawler.crawl.distributed import Keys
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


def humas(registry, *args, cwd=ROOT) -> subprocess.Popen:
    env = {key: value for key, value in os.environ.items() if key != "HUMAS_DB"}
    return subprocess.Popen([sys.executable, "-m", "humas_crawler", *args], cwd=cwd,
                            env={**env, "HUMAS_REGISTRY": str(registry), **FAST_CLUSTER},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def worker(registry, redis_url, db, *extra) -> subprocess.Popen:
    return humas(registry, "crawl", "--all", "--distributed", "--redis", redis_url, "--db", str(db), *extra)


def worker_elsewhere(registry, redis_url, folder) -> subprocess.Popen:
    """A worker as on another machine: its own folder and copy of the registry, no corpus, no
    --db: only Redis and HTTP to the sites."""
    folder.mkdir()
    shutil.copy(registry, folder / "sites.toml")
    return humas(folder / "sites.toml", "crawl", "--all", "--distributed", "--redis", redis_url, cwd=folder)


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


def workers_alive(redis_url) -> int:
    """How many worker spiders have a heartbeat (a process has one per spider)."""
    return len(list(redis.Redis.from_url(redis_url).scan_iter(match="humas:worker:*")))


def a_worker_is_alive(redis_url) -> bool:
    return workers_alive(redis_url) > 0


def finish(*processes, timeout: float = 120) -> list[tuple[int, str]]:
    results = []
    for process in processes:
        out, err = process.communicate(timeout=timeout)
        results.append((process.returncode, out + err))
    return results


def runs_of(db) -> list[dict]:
    """Each run with its counts and how many articles it stored."""
    return list(sqlite_utils.Database(db).query(
        "select r.*, (select count(*) from articles a where a.run_id = r.id) as stored from crawl_runs r order by id"))


def assert_one_run_per_spider(db, spiders) -> list[dict]:
    """The workers of a spider share one run; it closed when the last did (or the writer, when the
    last died idle), healthy, with no alarm, its pages those of every worker."""
    runs = runs_of(db)
    assert sorted(run["spider"] for run in runs) == sorted(spiders)
    assert [run for run in runs if run["status"] != "finished" or run["problem"] or not run["pages"]] == []
    assert list(sqlite_utils.Database(db).query("select * from alarms")) == []
    return runs


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
    # the survivor finished the killed worker's share, and what the killed one fetched is counted
    assert_one_run_per_spider(db, spiders)
    walks = list(sqlite_utils.Database(db).query("select site, complete, run_id from listing_walks"))
    assert {walk["site"] for walk in walks} == spiders and all(walk["complete"] and walk["run_id"] for walk in walks)


def test_the_writer_killed_midway_then_restarted_stores_and_counts_every_article_once(cluster_sites, redis_url,
                                                                                     tmp_path):
    """One of the workers runs as on another machine (no corpus, another folder). It starts first,
    and the sites answer once both workers have opened every spider: it holds the listings then,
    so it surely fetches pages (a worker takes from the frontier all its downloader holds)."""
    registry, reference, proxy, spiders = cluster_sites
    db = tmp_path / "corpus.db"
    elsewhere = tmp_path / "another-machine"
    proxy.gate.clear()
    try:
        workers = [worker_elsewhere(registry, redis_url, elsewhere)]
        wait_for(lambda: workers_alive(redis_url) == len(spiders), what="the other machine's worker")
        workers.append(worker(registry, redis_url, db))
        wait_for(lambda: workers_alive(redis_url) == 2 * len(spiders), what="both workers")
    finally:
        proxy.gate.set()
    first = writer(registry, redis_url, db)
    wait_for(lambda: article_count(db) >= KILL_AFTER_ARTICLES, what="the first articles")
    first.send_signal(signal.SIGKILL)
    first.communicate(timeout=30)
    second = writer(registry, redis_url, db)
    results = finish(*workers, second)
    assert [code for code, _ in results] == [0, 0, 0], "\n".join(log[-2000:] for _, log in results)
    assert_every_article_once(db, reference)
    runs = assert_one_run_per_spider(db, spiders)
    # what the killed writer stored before it died is counted too, and nothing twice
    assert [(run["spider"], run["new"]) for run in runs] == [(run["spider"], run["stored"]) for run in runs]
    assert sum(run["new"] for run in runs) == len(reference)
    pages = [int(n) for n in re.findall(r"worker finished: (\d+) pages", results[0][1])]
    assert len(pages) == len(spiders) and sum(pages) > 0, results[0][1][-3000:]
    assert os.listdir(elsewhere) == ["sites.toml"]  # it wrote no file


def test_a_second_night_on_two_workers_rechecks_once_and_raises_the_alarms(cluster_sites, redis_url, tmp_path):
    """The night after the reference crawl, with --recheck on both workers, and one site whose
    every page answers a maintenance notice: each stored article of the others is re-checked
    once, and that site's run raises its alarm in the corpus and the writer's log."""
    registry, reference, proxy, spiders = cluster_sites
    db = tmp_path / "corpus.db"
    with sqlite3.connect(registry.parent / "reference.db") as source, sqlite3.connect(db) as copy:
        source.backup(copy)
    last_night = max(run["id"] for run in runs_of(db))
    failing = "kaltimprov"
    proxy.in_maintenance, asked_before = {f"/{failing}/"}, len(proxy.log)
    try:
        recheck = ("--recheck", "10000")
        workers = [worker(registry, redis_url, db, *recheck), worker(registry, redis_url, db, *recheck)]
        wait_for(lambda: a_worker_is_alive(redis_url), what="a worker")
        results = finish(*workers, writer(registry, redis_url, db))
    finally:
        proxy.in_maintenance = set()
    assert results[2][0] == 0, results[2][1][-3000:]
    asked = Counter(path for path in proxy.log[asked_before:] if not path.startswith(f"/{failing}/"))
    assert [path for path, times in asked.items() if times > 1 and path != "/robots.txt"] == []
    runs = {run["spider"]: run for run in runs_of(db) if run["id"] > last_night}
    assert sorted(runs) == sorted(spiders)
    for site in spiders - {failing}:
        assert (runs[site]["status"], runs[site]["problem"]) == ("finished", None)
        stats = json.loads(runs[site]["stats"])
        rechecked = sum(stats.get(key, 0) for key in ("recheck/not_modified", "recheck/unchanged", "store/updated"))
        assert rechecked == len([url for url in reference if f"/{site}/" in url]) > 0, site
    alarms = list(sqlite_utils.Database(db).query("select run_id, site, kind from alarms"))
    assert alarms == [{"run_id": runs[failing]["id"], "site": failing, "kind": "no_articles"}]
    assert f"alarm no_articles: run {runs[failing]['id']} of {failing}:" in results[2][1]


def test_a_message_handled_again_after_a_writer_restart_is_stored_and_counted_once(cluster_sites, redis_url,
                                                                                   tmp_path):
    """What a writer killed between committing a message and acknowledging it finds when it starts
    again: the same message (the same id) once more."""
    registry, _, _, _ = cluster_sites
    db = tmp_path / "corpus.db"
    url = "https://kaltimprov.go.id/berita/rapat-kerja"
    fields = {"url": url, "canonical_url": url, "site": "kaltimprov", "title": "Rapat kerja",
              "published_at": "2024-03-04T09:00:00+08:00", "fetched_at": "2024-03-04T10:00:00+00:00",
              "body": "SAMARINDA – Gubernur membuka rapat kerja perangkat daerah.", "extraction": {}}
    run = {"spider": "kaltimprov", "run": "a-run-key"}
    item = {"kind": "item", "id": "the-item", "item": fields, **run}
    messages = [{"kind": "open_run", "id": "open", **run}, item, item,
                {"kind": "close_run", "id": "close", "reason": "finished", "last": True, **run}]
    server = redis.Redis.from_url(redis_url)
    for message in messages:
        server.lpush(Keys("humas").items, json.dumps(message))
    [(code, log)] = finish(writer(registry, redis_url, db))
    assert code == 0, log[-3000:]
    [stored] = runs_of(db)
    assert (stored["new"], stored["duplicate"], stored["stored"], stored["status"]) == (1, 0, 1, "finished")


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
