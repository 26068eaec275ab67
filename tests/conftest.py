"""Shared fixtures: a real mirror server on 127.0.0.1, temporary corpora, the humas command."""

from __future__ import annotations

import subprocess
import sys
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


def expected_body(seed: str) -> str:
    return (EXPECTED / f"{seed}.txt").read_text(encoding="utf-8").strip()


def run_humas(*args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    """Run the real ``humas`` command in a fresh interpreter (Twisted's reactor starts once per process)."""
    return subprocess.run(
        [sys.executable, "-m", "humas_crawler", *args],
        cwd=ROOT, capture_output=True, text=True, timeout=timeout,
    )
