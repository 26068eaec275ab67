"""Shared fixtures: a real mirror server on 127.0.0.1, temporary corpora, the humas command."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXPECTED = Path(__file__).resolve().parent / "expected"
DATA = Path(__file__).resolve().parent / "data"
SEED_TITLES = {
    "000": "Paser Tuan Rumah Raker Kehumasan se-Kaltim",
    "001": "Hasil Raker Kehumasan Kaltim dan Kaltara",
}


def site_crawler(spider_class, db_path, base_url: str):
    """A real crawler for one site spider with the project's extensions built on the corpus at
    ``db_path`` and its run opened, as a crawl has them before its first item (no engine runs:
    the run extension's spider_opened handler is called as the signal would)."""
    from scrapy.utils.test import get_crawler

    from humas_crawler import settings
    from humas_crawler.crawl.extensions import CrawlRunExtension

    project = {name: getattr(settings, name) for name in dir(settings) if name.isupper()}
    crawler = get_crawler(spider_class, settings_dict={**project, "HUMAS_DB": str(db_path)})
    crawler.spider = crawler._create_spider(base_url=base_url)
    CrawlRunExtension.of(crawler).spider_opened(crawler.spider)
    return crawler


@pytest.fixture(scope="session")
def mirror():
    from humas_mirror import MirrorServer

    with MirrorServer(port=0) as server:
        yield server


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "corpus.db"


def free_port() -> int:
    """A loopback port nothing listens on now (for servers the tests start as subprocesses)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def expected_body(seed: str) -> str:
    return (EXPECTED / f"{seed}.txt").read_text(encoding="utf-8").strip()


def run_humas(*args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    """Run the real ``humas`` command in a fresh interpreter (Twisted's reactor starts once per process)."""
    return subprocess.run(
        [sys.executable, "-m", "humas_crawler", *args],
        cwd=ROOT, capture_output=True, text=True, timeout=timeout,
    )


@pytest.fixture(scope="session")
def demo_corpus(tmp_path_factory) -> Path:
    """A corpus of all five sources, as `humas demo` builds it from the offline mirror (read it, or
    copy it before writing: the session shares it)."""
    path = tmp_path_factory.mktemp("demo-corpus") / "corpus.db"
    done = run_humas("demo", "--db", str(path), timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return path


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory) -> str:
    """A real redis-server (Debian's package: .ci/install-system-packages) on a free loopback port,
    in a temporary folder, persisting nothing; its URL."""
    import redis

    port = free_port()
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--dir", str(tmp_path_factory.mktemp("redis")),
         "--save", "", "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    yield url
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture
def redis_url(redis_server) -> str:
    """The test's Redis, emptied first."""
    import redis

    redis.Redis.from_url(redis_server).flushdb()
    return redis_server
