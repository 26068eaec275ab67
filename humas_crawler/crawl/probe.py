"""Probing an unknown site to propose a registry entry: platform, discovery strategy, samples.

What `humas sites add URL` runs. It reads what a site advertises (robots.txt sitemaps, feed
links in the head, the WordPress REST API) before guessing: the platform from the home page's
detect hints (platforms.toml), feed and sitemap paths from the platforms' guesses (the detected
platform's first), then the article URL shape; it picks the strategy that gives the most
reliable article list.

The URLs found are only candidates: a sitemap lists category pages, a home page links a dossier
under an article's address. Each sample is fetched and judged by its page kind
(``extraction.pagekind``): listings are rejected with their reason, and the article pattern is
checked on the pages that are articles.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from humas_crawler.crawl.discovery import (
    article_links, feed_links, is_article_url, relative_path, sitemap_entries, wp_posts, wp_posts_url,
)
from humas_crawler.extraction.markup import parse_html
from humas_crawler.extraction.pagekind import page_kind
from humas_crawler.extraction.platforms import detect_platform, guesses
from humas_crawler.settings import USER_AGENT


# The probe shows this many article pages, fetching at most SAMPLE_FETCHES candidates to find them.
SAMPLE_ARTICLES = 2
SAMPLE_FETCHES = 6


class ProbeError(Exception):
    """The site could not be reached or read: a one-line reason for the user."""


@dataclass
class Sample:
    """A candidate article page, fetched and judged: ``kind`` is page_kind's (article, listing,
    other) or "unreadable" (an HTTP error or no answer), ``reason`` why, opening with the kind
    ("listing: 15 headline links ...")."""

    url: str
    kind: str
    reason: str
    html: str = ""
    final_url: str = ""


@dataclass
class Proposal:
    name: str
    url: str
    platform: str | None = None
    discovery: list[str] = field(default_factory=list)
    feed: str | None = None
    sitemap: str | None = None
    article_pattern: str | None = None
    samples: list[str] = field(default_factory=list)  # candidate article URLs, best first
    pages: list[Sample] = field(default_factory=list)  # the candidates fetched and judged
    notes: list[str] = field(default_factory=list)

    @property
    def articles(self) -> list[Sample]:
        return [page for page in self.pages if page.kind == "article"]

    @property
    def rejected(self) -> list[Sample]:
        return [page for page in self.pages if page.kind != "article"]

    def kind_counts(self) -> dict[str, int]:
        """How many sampled pages were of each kind: articles first, then listings."""
        counts = Counter(page.kind for page in self.pages)
        return {kind: counts[kind] for kind in ("article", "listing", "other", "unreadable") if counts[kind]}

    def entry(self, province: str | None = None, timezone: str = "WIB") -> dict:
        """The registry entry this proposal writes (keys left out when unknown)."""
        values = {
            "name": self.name, "url": self.url, "province": province, "timezone": timezone,
            "platform": self.platform, "discovery": self.discovery, "feed": self.feed,
            "sitemap": self.sitemap, "article_pattern": self.article_pattern, "verified": False,
        }
        return {key: value for key, value in values.items() if value not in (None, [], "")}


def fetch(url: str, timeout: float = 15) -> tuple[int, bytes, str]:
    """Status, body and final URL; HTTP errors are answers (status >= 400), not exceptions."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read(), response.geturl()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read() or b"", url
    except (urllib.error.URLError, OSError) as exc:
        raise ProbeError(f"cannot reach {url}: {getattr(exc, 'reason', exc)}") from exc


def name_from_url(url: str) -> str:
    """"https://diskominfo.kutaitimurkab.go.id" → "diskominfo_kutaitimurkab"."""
    parts = urlsplit(url)
    host = [p for p in (parts.hostname or "").split(".") if p not in ("www", "go", "id", "co", "com", "net", "org", "desa")]
    path = [p for p in parts.path.split("/") if p]
    words = re.sub(r"[^a-z0-9]+", "_", "_".join(host + path).lower()).strip("_")
    return words if words and words[0].isalpha() else f"site_{words}"


def head_feeds(html: str, page_url: str) -> list[str]:
    doc = parse_html(html)
    return [urljoin(page_url, link.get("href")) for link in doc.iter("link")
            if (link.get("rel") or "").lower() == "alternate" and link.get("href")
            and (link.get("type") or "").lower() in ("application/rss+xml", "application/atom+xml")
            and "comments" not in link.get("href")]


def robots_sitemaps(base_url: str) -> list[str]:
    parts = urlsplit(base_url)
    status, body, _ = fetch(f"{parts.scheme}://{parts.netloc}/robots.txt")
    if status >= 400:
        return []
    found = re.findall(r"(?im)^\s*sitemap\s*:\s*(\S+)", body.decode("utf-8", "replace"))
    return [url for url in found if relative_path(url, base_url) is not None]


def guess_article_pattern(urls: list[str], base_url: str) -> str | None:
    """The URL shape most links on the home page share (dates and ids become \\d+)."""
    shapes = Counter()
    for url in urls:
        path = relative_path(url, base_url)
        segments = [s for s in (path or "").split("?")[0].split("/") if s]
        if len(segments) < 2 or len(segments[-1]) < 12 or "-" not in segments[-1]:
            continue
        head = [r"\d+" if s.isdigit() else re.escape(s) for s in segments[:-1]]
        shapes["^/" + "/".join(head) + r"/[^/?#]+/?$"] += 1
    if not shapes:
        return None
    shape, count = shapes.most_common(1)[0]
    return shape if count >= 3 else None


def probe(url: str) -> Proposal:
    """Look at a site and propose how to crawl it."""
    base_url = url.rstrip("/")
    status, body, final_url = fetch(base_url + "/")
    if status >= 400:
        raise ProbeError(f"{base_url}/ answered HTTP {status}")
    html = body.decode("utf-8", "replace")
    proposal = Proposal(name=name_from_url(base_url), url=base_url, platform=detect_platform(html))
    home_links = article_links(html, final_url, base_url, None)
    _probe_wp_api(proposal)
    _probe_feed(proposal, html, final_url)
    _probe_sitemap(proposal)
    proposal.article_pattern = guess_article_pattern(home_links + proposal.samples, base_url)
    if proposal.article_pattern and not proposal.samples:
        proposal.samples = article_links(html, final_url, base_url, proposal.article_pattern)
    if proposal.article_pattern:
        proposal.discovery.append("listing")
    if not proposal.discovery:
        raise ProbeError(f"found no feed, sitemap, REST API or article links on {base_url}/")
    proposal.samples = list(dict.fromkeys(proposal.samples))
    judge_samples(proposal)
    return proposal


def judge_samples(proposal: Proposal) -> None:
    """Fetch candidates in order until SAMPLE_ARTICLES of them are articles (at most SAMPLE_FETCHES),
    each judged by its page kind; then check the article pattern on the article pages: it should
    match them all, and a listing it matches is one the URL shape cannot tell from an article."""
    for url in proposal.samples:
        if len(proposal.articles) >= SAMPLE_ARTICLES or len(proposal.pages) >= SAMPLE_FETCHES:
            break
        proposal.pages.append(sample_page(url))
    if not proposal.articles:
        counts = ", ".join(f"{n} {kind}" for kind, n in proposal.kind_counts().items())
        proposal.notes.append(f"none of the {len(proposal.pages)} sampled pages is an article ({counts})")
    pattern = proposal.article_pattern
    if not pattern:
        return
    missed = [page.url for page in proposal.articles if not _matches(pattern, page.url, proposal.url)]
    if missed:
        proposal.notes.append(f"article pattern {pattern} misses {len(missed)} of the {len(proposal.articles)} "
                              f"article pages sampled: {', '.join(missed)}")
    taken = [page.url for page in proposal.rejected if page.kind == "listing"
             and _matches(pattern, page.url, proposal.url)]
    if taken:
        proposal.notes.append(f"article pattern {pattern} also matches {len(taken)} listing page(s), which "
                              f"the crawl drops by page kind: {', '.join(taken)}")


def sample_page(url: str) -> Sample:
    """One candidate fetched and judged by its page kind."""
    try:
        status, body, final_url = fetch(url)
    except ProbeError as exc:
        return Sample(url, "unreadable", f"unreadable: {exc}")
    if status >= 400:
        return Sample(url, "unreadable", f"unreadable: HTTP {status}")
    html = body.decode("utf-8", "replace")
    kind = page_kind(html)
    return Sample(url, kind["kind"], kind["reason"], html, final_url)


def _matches(pattern: str, url: str, base_url: str) -> bool:
    return bool(re.search(pattern, relative_path(url, base_url) or ""))


def _probe_wp_api(proposal: Proposal) -> None:
    status, body, _ = fetch(wp_posts_url(proposal.url, per_page=2))
    if status != 200:
        return
    try:
        posts = wp_posts(body)
    except (ValueError, KeyError, TypeError):
        return
    proposal.platform = "wordpress"
    proposal.discovery.append("wp-api")
    proposal.samples += [post["link"] for post in posts]
    proposal.notes.append(f"WordPress REST API answers with {len(posts)} posts")


def _probe_feed(proposal: Proposal, html: str, page_url: str) -> None:
    candidates = head_feeds(html, page_url) + [proposal.url + path for path in guesses("feed", proposal.platform)]
    for feed_url in dict.fromkeys(candidates):
        status, body, _ = fetch(feed_url)
        links = feed_links(body) if status == 200 and body.lstrip().startswith(b"<") else []
        if links:
            proposal.feed = relative_path(feed_url, proposal.url)
            proposal.discovery.append("feed")
            proposal.samples += links
            proposal.notes.append(f"feed {feed_url} lists {len(links)} articles")
            return


def _probe_sitemap(proposal: Proposal) -> None:
    candidates = robots_sitemaps(proposal.url) + [proposal.url + path for path in guesses("sitemap", proposal.platform)]
    for sitemap_url in dict.fromkeys(candidates):
        status, body, _ = fetch(sitemap_url)
        if status != 200 or b"<" not in body[:200]:
            continue
        try:
            kind, locations = sitemap_entries(body)
        except Exception:  # noqa: BLE001 - a broken sitemap is simply not a sitemap
            continue
        if locations:
            proposal.sitemap = relative_path(sitemap_url, proposal.url)
            proposal.discovery.append("sitemap")
            if kind == "urlset":
                proposal.samples += [url for url in locations if is_article_url(url, proposal.url, None)]
            proposal.notes.append(f"sitemap {sitemap_url} ({kind}, {len(locations)} entries)")
            return
