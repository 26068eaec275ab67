"""Incremental crawling against the mirror: a second run fetches what is new and little else.

Every test serves its own mirror in-process, writes a registry whose entries point at it
(``HUMAS_REGISTRY``) and runs the real command in a subprocess (Twisted's reactor starts once
per process); what a crawl cost is read from the mirror's request log.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import subprocess
import sys

import pytest

from conftest import ROOT
from humas_crawler import corpus
from humas_mirror import MirrorServer
from humas_crawler.crawl.registry import REGISTRY_FILE, entry_toml, load_registry

# a loopback mirror needs no politeness: the registry's per-site table turns it off
FAST = {"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "CONCURRENT_REQUESTS_PER_DOMAIN": 16}


def registered(name: str) -> dict:
    """The real registry's entry for a demo site, as the values a registry file holds."""
    entry = dataclasses.asdict(load_registry(REGISTRY_FILE)[name])
    return {k: v for k, v in entry.items() if v not in (None, (), {}) and k not in ("name", "url", "politeness")}


# discovery kind -> (site, its entry); the second run may read this many discovery pages
KINDS = {
    "wp-api": ("seputarkaltim", {"platform": "wordpress"}, 1),
    "listing": ("kaltimprov", registered("kaltimprov"), 2),
    "sitemap": ("balikpapan", {"discovery": ["sitemap"], "article_pattern": r"^/berita/read/\d+$"}, 1),
    "feed": ("humas_kupang", {"discovery": ["feed"], "feed": "/rss.xml"}, 1),
    "opensid": ("desa_swargabara", {"platform": "opensid"}, 2),  # sitemap and feed
}
TRAPS = re.compile(r"replytocom|PHPSESSID|kalender|print=")


@pytest.fixture
def serve():
    """Start a mirror of one's own (``serve(api_off={...})``); stopped after the test."""
    servers = []

    def start(**kwargs) -> MirrorServer:
        servers.append(MirrorServer(**kwargs).start())
        return servers[-1]

    yield start
    for server in servers:
        server.stop()


class Site:
    """One mirror site behind a registry entry, crawled into one corpus."""

    def __init__(self, mirror: MirrorServer, name: str, values: dict, tmp_path):
        self.mirror, self.name, self.db = mirror, name, tmp_path / "corpus.db"
        self.registry = tmp_path / "sites.toml"
        self.registry.write_text(entry_toml({"name": name, "url": self.url, "timezone": "WITA", **values,
                                             "politeness": FAST}), encoding="utf-8")

    @property
    def url(self) -> str:
        return self.mirror.base_url(self.name)

    def crawl(self, *args: str) -> list[str]:
        """``humas crawl NAME``; the paths it requested from this site."""
        return self.run("humas_crawler", "crawl", self.name, "--db", str(self.db), *args)

    def run(self, module: str, *args: str) -> list[str]:
        """Run a command against this site alone (robots.txt sits at the mirror's root)."""
        self.mirror.clear_requests()
        result = subprocess.run([sys.executable, "-m", module, *args], cwd=ROOT, capture_output=True, text=True,
                                timeout=300, env={**os.environ, "HUMAS_REGISTRY": str(self.registry)})
        assert result.returncode == 0, result.stderr[-3000:]
        requests = self.mirror.requests
        assert set(requests) - set(self.mirror.requests_for(self.name)) <= {"/robots.txt"}
        assert self.mirror.hosts == {f"127.0.0.1:{self.mirror.port}"}, "no request to another host"
        return self.mirror.requests_for(self.name)

    def stored(self) -> dict[str, str]:
        """Stored article URLs and titles."""
        rows = corpus.open_corpus(self.db).query("select canonical_url, title from articles")
        return {row["canonical_url"]: row["title"] for row in rows}

    def last_run(self) -> dict:
        run = next(corpus.open_corpus(self.db).query("select * from crawl_runs order by id desc limit 1"))
        return {**run, "stats": json.loads(run["stats"])}

    def urls(self, articles) -> dict[str, str]:
        return {self.url + a.path: a.title for a in articles}

    def paths(self, articles) -> set[str]:
        return {f"/{self.name}{a.path}" for a in articles}


@pytest.mark.parametrize("kind", KINDS)
def test_second_run_fetches_only_the_new_articles(serve, tmp_path, kind):
    name, values, discovery_pages = KINDS[kind]
    site = Site(serve(), name, values, tmp_path)
    site.crawl()
    reachable = site.mirror.articles(name)[:20] if kind == "feed" else site.mirror.articles(name)  # RSS: 20 newest
    assert site.stored() == site.urls(reachable)
    new = site.mirror.publish(name, 3)
    requests = site.crawl()
    assert site.last_run()["new"] == 3 and site.stored() == site.urls(reachable + new)
    articles = [path for path in requests if path in site.paths(site.mirror.articles(name))]
    assert set(articles) == (set() if kind == "wp-api" else site.paths(new)), "the API gives the text itself"
    assert len(requests) - len(articles) <= discovery_pages
    assert len(requests) <= discovery_pages + 3


def test_wordpress_without_its_api_falls_back_to_feed_and_listing(serve, tmp_path):
    site = Site(serve(api_off={"seputarkaltim"}), "seputarkaltim", {"platform": "wordpress"}, tmp_path)
    requests = site.crawl()
    api = [path for path in requests if "/wp-json/" in path]
    assert len(api) == 1 and api[0].startswith("/seputarkaltim/wp-json/wp/v2/posts?")
    assert "/seputarkaltim/feed/" in requests and "/seputarkaltim/page/11/" in requests
    assert site.stored() == site.urls(site.mirror.articles("seputarkaltim"))
    assert not [path for path in requests if TRAPS.search(path)], "comment reply links are not followed"


@pytest.fixture(scope="module")
def trap_site(tmp_path_factory):
    """The sitemap-only portal crawled (deliberately) through its trap-laden listing, with --backfill;
    the pattern is loose, so only the trap rules keep session, reply and print links out."""
    with MirrorServer() as mirror:
        site = Site(mirror, "balikpapan", {"discovery": ["listing"], "start_paths": ["/berita"],
                                           "article_pattern": r"^/berita/read/\d+"}, tmp_path_factory.mktemp("traps"))
        yield site, site.crawl("--backfill")


def listing_pages(requests) -> list[str]:
    return [path for path in requests if path.startswith("/balikpapan/berita?") or path == "/balikpapan/berita"]


def test_traps_are_refused(trap_site):
    site, requests = trap_site
    assert not [path for path in requests if TRAPS.search(path)]
    last = -(-len(site.mirror.articles("balikpapan")) // 10)
    assert listing_pages(requests) == ["/balikpapan/berita"] + [f"/balikpapan/berita?hal={n}" for n in range(2, last + 2)]
    assert site.stored() == site.urls(site.mirror.articles("balikpapan"))


def test_backfill_walks_every_listing_page_again(trap_site):
    site, first = trap_site
    assert site.crawl() == ["/balikpapan/berita"], "a page of known articles ends a normal run"
    again = site.crawl("--backfill")
    assert again == listing_pages(first) and site.last_run()["new"] == 0


def test_recheck_keeps_the_old_text_and_costs_unchanged_articles_a_304(serve, tmp_path):
    site = Site(serve(), "desa_swargabara", {"platform": "opensid"}, tmp_path)
    site.crawl()
    old = site.mirror.articles("desa_swargabara")[4]
    site.mirror.update("desa_swargabara", old.path, body=old.body + "\n\nRalat: jumlah peserta yang benar 120 orang.")
    requests = site.crawl("--recheck", "3650")
    stats = site.last_run()["stats"]
    total = len(site.mirror.articles("desa_swargabara"))
    assert stats["recheck/not_modified"] == total - 1 and stats["store/updated"] == 1
    assert stats["downloader/response_status_count/304"] == total - 1
    assert len([path for path in requests if "/artikel/" in path]) == total
    db = corpus.open_corpus(site.db)
    article = next(db.query("select * from articles where canonical_url = ?", [site.url + old.path]))
    assert article["body"].endswith("Ralat: jumlah peserta yang benar 120 orang.")
    revisions = list(db.query("select * from article_revisions"))
    assert [(r["article_id"], r["body"]) for r in revisions] == [(article["id"], old.body)]


def test_sitemap_entries_older_than_the_corpus_are_not_looked_up(serve, tmp_path):
    """lastmod filtering: on the second run only entries modified within SITEMAP_MARGIN of the
    newest stored article reach the corpus check; a backfill looks at all of them again."""
    name, values, _ = KINDS["sitemap"]
    site = Site(serve(), name, values, tmp_path)
    site.crawl()
    total = len(site.mirror.articles(name))
    site.crawl()
    looked_up = site.last_run()["stats"].get("incremental/skipped_known", 0)
    assert 0 < looked_up < total
    site.crawl("--backfill")
    assert site.last_run()["stats"]["incremental/skipped_known"] == total
