"""Finding article URLs: listing pages with pagination, sitemaps, RSS/Atom feeds.

Pure functions of a page and the site's patterns, so each strategy is tested on saved pages and
shared by every spider.
"""

from __future__ import annotations

import html as html_module
import json
import re
from datetime import datetime
from typing import NamedTuple
from urllib.parse import urlencode, urljoin, urlsplit

from lxml import etree
from scrapy.utils.sitemap import Sitemap

from humas_crawler.extraction.dates import parse_date
from humas_crawler.extraction.markup import compile_selector, parse_html

# The home page under its names: sitemaps list it first, OpenSID's canonical links point at it.
HOME_PATHS = ("/", "/index.php", "/index.php/")
DEFAULT_NEXT_PAGE = (
    "a[rel=next]@href",
    "link[rel=next]@href",
    "a.next.page-numbers@href",
    "a[aria-label=next-page]@href",
    "li.next a@href",
    "a.next@href",
)


class Trap(NamedTuple):
    """Links of one kind that lead into an endless or duplicate space; ``pattern`` is searched in
    the path below the site's base URL (with the query), ``example`` is such a path (each rule's
    test refuses its example)."""

    name: str
    pattern: re.Pattern
    example: str


def _trap(name: str, pattern: str, example: str) -> Trap:
    return Trap(name, re.compile(pattern, re.IGNORECASE), example)


TRAPS = (
    _trap("session id", r"[?&](sid|phpsessid|jsessionid|sessionid)=", "/berita/x?PHPSESSID=1f3a"),
    _trap("comment reply", r"[?&]replytocom=", "/2023/01/02/x/?replytocom=12#respond"),
    _trap("share or print view", r"[?&](share|print)=", "/berita/x?print=1"),
    # a calendar widget's months and days: each page links to the next one, forever
    _trap("calendar parameter", r"[?&](calendar|ical|month|bulan|tahun|tanggal|date)=", "/berita?month=2023-04"),
    _trap("calendar path", r"/(calendar|kalender)(/|$)", "/kalender/2023/4"),
    _trap("agenda by date", r"/agenda/\d{4}(/\d{1,2}){0,2}/?([?#]|$)", "/agenda/2023/03"),
)
# Anything else (file:, javascript:, mailto:, tel:, data:, ftp:) is no page of the site.
WEB_SCHEMES = ("http", "https")


def relative_path(url: str, base_url: str) -> str | None:
    """``url`` below ``base_url`` as a root-relative path ("/berita/x"), or None when outside it:
    another host, another port, another scheme or another folder of the same origin."""
    base = base_url.rstrip("/")
    if url == base:
        return "/"
    if not url.startswith(base + "/") and not url.startswith(base + "?"):
        return None
    return url[len(base):]


def refusal(url: str, base_url: str) -> str | None:
    """Why discovery never follows ``url`` ("not a web page", "off site", or the name of the trap
    it falls into), or None when it may."""
    if urlsplit(url).scheme.lower() not in WEB_SCHEMES:
        return "not a web page"
    path = relative_path(url, base_url)
    if path is None:
        return "off site"
    return next((trap.name for trap in TRAPS if trap.pattern.search(path)), None)


def is_article_url(url: str, base_url: str, pattern: str | None) -> bool:
    """On the site, not a trap, not the home page (sitemaps list it first), and of the article
    shape when the site has one."""
    if refusal(url, base_url):
        return False
    path = relative_path(url, base_url)
    if path in HOME_PATHS:
        return False
    return bool(re.search(pattern, path)) if pattern else True


def article_links(html: str, page_url: str, base_url: str, pattern: str | None, where: str | None = None) -> list[str]:
    """Article URLs on a listing page, in page order, without repeats; ``where`` narrows to a
    CSS selector of the links (so navigation menus are not mistaken for articles)."""
    doc = parse_html(html)
    anchors = doc.cssselect(where) if where else doc.iter("a")
    found = []
    for anchor in anchors:
        href = anchor.get("href")
        if not href:
            continue
        url = urljoin(page_url, href.strip()).split("#", 1)[0]
        if is_article_url(url, base_url, pattern) and url not in found:
            found.append(url)
    return found


def next_page_url(html: str, page_url: str, base_url: str, selectors=()) -> str | None:
    """The listing's next page: the first link the next-page selectors match (in their order) that
    discovery may follow and that is not the page itself. A calendar's "next month" is often marked
    like the pager's next link and comes before it in the page: it is passed over, not taken (a
    walk of months) nor taken for the end of the listing (a walk cut short)."""
    doc = parse_html(html)
    for selector in tuple(selectors) or DEFAULT_NEXT_PAGE:
        css, attr = compile_selector(selector)
        for element in css(doc):
            href = element.get(attr or "href")
            url = urljoin(page_url, href.strip()) if href else None
            if url and url != page_url and not refusal(url, base_url):
                return url
    return None


def sitemap_entries(body: bytes, since: datetime | None = None) -> tuple[str, list[str]]:
    """The sitemap's type ("sitemapindex" or "urlset") and its locations, newer than ``since``
    when the sitemap gives ``lastmod``."""
    sitemap = Sitemap(body)
    locations = []
    for entry in sitemap:
        lastmod = parse_date(entry.get("lastmod")) if since and entry.get("lastmod") else None
        if lastmod and lastmod < since:
            continue
        locations.append(entry["loc"].strip())
    return sitemap.type, locations


def feed_links(body: bytes) -> list[str]:
    """Item links of an RSS 2.0 or Atom feed."""
    root = etree.fromstring(body, parser=etree.XMLParser(recover=True, resolve_entities=False))
    if root is None:
        return []
    links = [link.text.strip() for link in root.iterfind("./channel/item/link") if link.text]
    atom = "{http://www.w3.org/2005/Atom}"
    for entry in root.iterfind(f"{atom}entry"):
        hrefs = [link.get("href") for link in entry.iterfind(f"{atom}link") if link.get("rel", "alternate") == "alternate"]
        links.extend(href for href in hrefs[:1] if href)
    return list(dict.fromkeys(links))


# ---- WordPress REST API --------------------------------------------------------------------------

WP_POSTS_PATH = "/wp-json/wp/v2/posts"


def wp_posts_url(base_url: str, page: int = 1, per_page: int = 100, after: str | None = None) -> str:
    """A page of the newest posts with their terms and author embedded (one request per ``per_page`` posts)."""
    query = {"page": page, "per_page": per_page, "orderby": "date", "order": "desc", "_embed": "author,wp:term"}
    if after:
        # WordPress wants a full RFC 3339 time; a day-only stored date means that day's start
        query["after"] = after if "T" in after else f"{after}T00:00:00"
    return f"{base_url.rstrip('/')}{WP_POSTS_PATH}?{urlencode(query)}"


def wp_posts(body: bytes) -> list[dict]:
    """Posts of a REST API answer as article fields; ValueError when the answer is not the API's."""
    data = json.loads(body)
    if not isinstance(data, list):
        raise ValueError("not a list of posts")
    return [_wp_post_fields(post) for post in data]


def _wp_post_fields(post: dict) -> dict:
    terms = [term for group in (post.get("_embedded") or {}).get("wp:term", []) for term in group]
    categories = [t["name"] for t in terms if t.get("taxonomy") == "category"]
    return {
        "link": post["link"],
        "title": _plain(post["title"]["rendered"]),
        "published_at": _gmt(post.get("date_gmt")) or post.get("date"),
        "updated_at": _gmt(post.get("modified_gmt")) or post.get("modified"),
        "author": next((a.get("name") for a in (post.get("_embedded") or {}).get("author", []) if a.get("name")), None),
        "category": categories[0] if categories else None,
        "tags": [t["name"] for t in terms if t.get("taxonomy") == "post_tag"],
        "content_html": post["content"]["rendered"],
    }


def _plain(rendered: str) -> str:
    return " ".join(html_module.unescape(re.sub(r"<[^>]+>", "", rendered)).split())


def _gmt(value: str | None) -> str | None:
    return f"{value}+00:00" if value else None
