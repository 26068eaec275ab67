"""Layered article extraction: site selectors, then structured data, then platform markup, then a
generic main-content extractor. Every field records the layer that produced it.

The engine knows no site: a spider passes its selectors and its province's time zone.
"""

from __future__ import annotations

import json
import re
import tomllib
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from urllib.parse import urljoin

import trafilatura
from htmldate import find_date
from lxml import html as lxml_html
from lxml.cssselect import CSSSelector

from humas_crawler.cleaning import clean_dom, clean_paragraphs
from humas_crawler.dates import (
    date_in_url, parse_date, to_iso, weekday_numeric_date, zone_named_in, zone_offset,
)

MARKUP_FILE = Path(__file__).with_name("markup.toml")
FIELDS = ("title", "body", "published_at", "updated_at", "author", "category", "tags", "lead_image")
BLOCK_TAGS = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "blockquote", "section",
    "article", "table", "tr", "td", "th", "figure", "pre", "header", "footer", "aside", "br", "dd", "dt",
}
CAPTION_SELECTOR = CSSSelector("figcaption, .wp-caption-text, p.caption, .caption, .keterangan-foto")
CAPTION_LABEL_RE = re.compile(r"^\s*(keterangan\s+(gambar|foto)|foto)\s*:\s*", re.IGNORECASE)
AUTHOR_LABEL_RE = re.compile(r"^\s*(oleh|penulis|reporter|by|editor|pewarta)\s*[:\-]?\s*", re.IGNORECASE)
TITLE_SUFFIX_RE = re.compile(r"\s+[|\-–—»:]\s+[^|\-–—»:]{2,60}$")
# desk and reporter credits that close Humas releases: "(mar/hmsprov)", "(G-S02)", "( Laporan : X )"
REPORTER_RE = re.compile(
    r"(\(\s*(?:laporan|reporter|penulis|editor|pewarta)\s*:[^()]{2,80}\)"
    r"|\((?:[A-Za-z0-9 .\-]{1,20}/){1,6}[A-Za-z0-9 .\-]{1,20}\)"
    r"|\([A-Z]{1,4}-[A-Z0-9]{1,6}\)"
    r"|\([a-z]{2,6}\))\s*\.?\s*$"
)
DATELINE_RE = re.compile(
    r"^(?P<dateline>[A-Z][A-Za-z.'’]+(?:\s[A-Za-z.'’]+){0,2}(?:,\s*[A-Z][A-Za-z.'’]+(?:\s[A-Za-z.'’]+){0,3})?"
    r"(?:\s*\([^)]{2,30}\))?)\s*[-–—]{1,2}\s"
)
INDONESIAN_WORDS = {"yang", "dan", "di", "dengan", "untuk", "dari", "ini", "itu", "dalam", "tidak", "akan", "pada"}
ENGLISH_WORDS = {"the", "and", "of", "to", "in", "is", "that", "for", "with", "on", "was", "by"}


@lru_cache(maxsize=1)
def platform_selectors() -> dict[str, list[str]]:
    return tomllib.loads(MARKUP_FILE.read_text(encoding="utf-8"))


@lru_cache(maxsize=512)
def _compiled(selector: str) -> tuple[CSSSelector, str | None]:
    css, _, attr = selector.partition("@")
    return CSSSelector(css), attr or None


def select(doc, selectors) -> tuple[object, str | None]:
    """The first element matched by any of ``selectors`` and the attribute named after "@"."""
    for selector in [selectors] if isinstance(selectors, str) else selectors or ():
        css, attr = _compiled(selector)
        for element in css(doc):
            if attr is None or element.get(attr):
                return element, attr
    return None, None


def select_text(doc, selectors) -> str | None:
    element, attr = select(doc, selectors)
    if element is None:
        return None
    value = element.get(attr) if attr else element.text_content()
    value = " ".join((value or "").split())
    return value or None


def select_all_text(doc, selectors) -> list[str]:
    """Texts of every element matched by the first selector that matches anything (tags, categories)."""
    for selector in [selectors] if isinstance(selectors, str) else selectors or ():
        css, attr = _compiled(selector)
        values = [" ".join((e.get(attr) if attr else e.text_content()).split()) for e in css(doc)]
        values = list(dict.fromkeys(v for v in values if v))
        if values:
            return values
    return []


# ---- structured data ---------------------------------------------------------------------------

def structured_data(doc) -> dict:
    """Fields from JSON-LD (NewsArticle and kin), OpenGraph/``article:*`` meta and plain meta tags."""
    found: dict = {}
    for item in _jsonld_articles(doc):
        _set_missing(found, "jsonld", {
            "title": item.get("headline"),
            "published_at": item.get("datePublished"),
            "updated_at": item.get("dateModified"),
            "author": _jsonld_name(item.get("author")),
            "category": _first(item.get("articleSection")),
            "tags": _keywords(item.get("keywords")),
            "lead_image": _jsonld_name(item.get("image"), key="url"),
        })
    meta = {(m.get("property") or m.get("name") or "").lower(): m.get("content") for m in doc.iter("meta")}
    tags = [m.get("content") for m in doc.iter("meta") if (m.get("property") or "").lower() == "article:tag"]
    _set_missing(found, "meta", {
        "title": meta.get("og:title") or meta.get("twitter:title"),
        "published_at": meta.get("article:published_time") or meta.get("pubdate") or meta.get("publishdate"),
        "updated_at": meta.get("article:modified_time") or meta.get("og:updated_time"),
        "author": meta.get("author") or meta.get("article:author"),
        "category": meta.get("article:section"),
        "tags": [t for t in tags if t] or _keywords(meta.get("news_keywords")),
        "lead_image": meta.get("og:image") or meta.get("twitter:image"),
    })
    return found


def _set_missing(found: dict, layer: str, values: dict) -> None:
    for key, value in values.items():
        if value and key not in found:
            found[key] = (value.strip() if isinstance(value, str) else value, layer)


def _jsonld_articles(doc):
    for script in doc.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except ValueError:
            continue
        stack = [data]
        while stack:
            node = stack.pop()
            if isinstance(node, list):
                stack.extend(node)
            elif isinstance(node, dict):
                kinds = node.get("@type") or []
                kinds = [kinds] if isinstance(kinds, str) else kinds
                if any(k in ("NewsArticle", "Article", "BlogPosting", "ReportageNewsArticle") for k in kinds):
                    yield node
                stack.extend(node.get("@graph") or [])


def _jsonld_name(value, key="name"):
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        return value.get(key)
    return value if isinstance(value, str) else None


def _first(value):
    return value[0] if isinstance(value, list) and value else value if isinstance(value, str) else None


def _keywords(value) -> list[str]:
    if isinstance(value, str):
        value = value.split(",")
    return [v.strip() for v in value or [] if isinstance(v, str) and v.strip()]


# ---- body --------------------------------------------------------------------------------------

def element_paragraphs(element) -> list[str]:
    """The text of ``element`` as paragraphs: block elements and <br> end a paragraph."""
    paragraphs: list[str] = []
    buffer: list[str] = []

    def flush():
        text = " ".join("".join(buffer).split())
        if text:
            paragraphs.append(text)
        buffer.clear()

    def walk(node):
        if not isinstance(node.tag, str):  # comments, processing instructions
            if node.tail:
                buffer.append(node.tail)
            return
        block = node.tag in BLOCK_TAGS
        if block:
            flush()
        if node.text:
            buffer.append(node.text)
        for child in node:
            walk(child)
        if block:
            flush()
        if node.tail:
            buffer.append(node.tail)

    walk(element)
    flush()
    return paragraphs


def take_captions(element, base_url: str | None) -> list[dict]:
    """Images inside the body with their captions; the captions leave the body text."""
    images = []
    for caption in CAPTION_SELECTOR(element):
        text = CAPTION_LABEL_RE.sub("", " ".join(caption.text_content().split()))
        holder = caption.getparent()
        img = None
        while holder is not None and img is None:
            img = next(holder.iter("img"), None)
            holder = holder.getparent() if img is None and holder is not element else None
        images.append({"url": _image_url(img, base_url), "caption": text or None})
        caption.drop_tree()
    for img in element.iter("img"):
        url = _image_url(img, base_url)
        if url and all(image["url"] != url for image in images):
            images.append({"url": url, "caption": None})
    return images


def _image_url(img, base_url):
    if img is None:
        return None
    src = img.get("data-src") or img.get("data-lazy-src") or img.get("src")
    return urljoin(base_url or "", src) if src else None


def generic_paragraphs(doc, url: str | None) -> list[str]:
    """Main content by trafilatura, run on the page after our own noise blocks are gone."""
    text = trafilatura.extract(
        doc, url=url, include_comments=False, include_tables=False, favor_precision=True, deduplicate=False
    )
    return [" ".join(line.split()) for line in (text or "").splitlines() if line.strip()]


# ---- small fields ------------------------------------------------------------------------------

def find_reporter(body: str) -> str | None:
    last = body.rstrip().rsplit("\n", 1)[-1] if body else ""
    match = REPORTER_RE.search(last)
    return match.group(1).strip() if match else None


def find_dateline(body: str) -> str | None:
    match = DATELINE_RE.match(body or "")
    return match.group("dateline").strip() if match else None


def guess_language(doc, body: str) -> str | None:
    words = re.findall(r"[a-z]+", (body or "").lower())
    indonesian = sum(w in INDONESIAN_WORDS for w in words)
    english = sum(w in ENGLISH_WORDS for w in words)
    if indonesian or english:
        return "id" if indonesian >= english else "en"
    lang = (doc.get("lang") or "").split("-")[0].lower()
    return lang or None


def clean_author(value: str | None) -> str | None:
    value = AUTHOR_LABEL_RE.sub("", value or "").strip()
    return value or None


def clean_title(value: str | None, site_title: str | None) -> str | None:
    """Drop a " | Site name" suffix copied from <title> or og:title."""
    if not value:
        return None
    value = " ".join(value.split())
    if site_title and value.endswith(site_title) and value != site_title:
        return TITLE_SUFFIX_RE.sub("", value)
    return value


# ---- the layered extractor ---------------------------------------------------------------------

class Layers:
    """Field values with the layer that produced each: first layer to give a value wins."""

    def __init__(self):
        self.values: dict = {}
        self.layers: dict = {}

    def offer(self, field: str, value, layer: str) -> None:
        if value and field not in self.values:
            self.values[field] = value
            self.layers[field] = layer

    def get(self, field: str, default=None):
        return self.values.get(field, default)


UTF8_PARSER = lxml_html.HTMLParser(encoding="utf-8")


def parse_html(html: str | bytes):
    """Parse a page; text is re-encoded as UTF-8 so a stale <meta charset> cannot garble it."""
    if isinstance(html, bytes):
        return lxml_html.document_fromstring(html)
    return lxml_html.document_fromstring(html.encode("utf-8"), parser=UTF8_PARSER)


def extract_article(html: str | bytes, url: str | None = None, selectors: dict | None = None,
                    zone: str | None = None) -> dict:
    """Extract one article from a page.

    ``selectors`` maps field names (title, body, published_at, updated_at, author, category, tags,
    lead_image) to CSS selectors (or lists of them; "@attr" reads an attribute). ``zone`` is the
    site's time zone (WIB/WITA/WIT) for dates that name none.
    """
    doc = parse_html(html)
    selectors = selectors or {}
    platform = platform_selectors()
    found = Layers()
    site_title = " ".join((doc.findtext(".//title") or "").split()) or None

    for field_name in ("title", "published_at", "updated_at", "author", "category", "lead_image"):
        found.offer(field_name, select_text(doc, selectors.get(field_name)), "site")
    found.offer("tags", select_all_text(doc, selectors.get("tags")), "site")
    for field_name, (value, layer) in structured_data(doc).items():
        found.offer(field_name, value, layer)
    for field_name in ("title", "published_at", "updated_at", "author"):
        found.offer(field_name, select_text(doc, platform.get(field_name)), "platform")
    found.offer("category", (select_all_text(doc, platform["category"]) or [None])[0], "platform")
    found.offer("tags", select_all_text(doc, platform["tags"]), "platform")
    found.offer("title", select_text(doc, "h1"), "generic")
    found.offer("title", site_title, "generic")
    canonical = _canonical_link(doc, url)

    body_element, layer = select(doc, selectors.get("body")), "site"
    body_element = body_element[0]
    if body_element is None:
        body_element, _ = select(doc, platform["body"])
        layer = "platform"
    images = []
    if body_element is not None:
        images = take_captions(body_element, url)
        removed = clean_dom(body_element, keep=body_element)
        paragraphs = element_paragraphs(body_element)
    else:
        removed = clean_dom(doc)
        paragraphs, layer = generic_paragraphs(doc, url), "generic"
    title = clean_title(found.get("title"), site_title)
    cleaned = clean_paragraphs(paragraphs, title=title)
    removed.update(cleaned.removed)
    body = cleaned.text
    found.offer("body", body, layer)

    lead = found.get("lead_image")
    lead_url = urljoin(url or "", lead) if lead else None
    images = _merge_images(lead_url, images, cleaned.captions)

    zone_hint = zone_named_in(found.get("published_at") or "") or zone
    published, date_layer = published_time(found, doc, body, url, zone_hint)
    if published is not None:
        found.layers["published_at"] = date_layer
    result = {
        "title": title,
        "body": body or None,
        "published_at": to_iso(published, zone_hint),
        "updated_at": to_iso(parse_date(found.get("updated_at"), zone_hint), zone_hint),
        "author": clean_author(found.get("author")),
        "reporter": find_reporter(body),
        "dateline": find_dateline(body),
        "category": found.get("category"),
        "tags": found.get("tags") or [],
        "images": images,
        "language": guess_language(doc, body),
        "canonical_url": canonical,
        "extraction": {**found.layers, "removed": dict(removed)},
    }
    return result


def published_time(found: Layers, doc, body: str, url: str | None, zone: str | None):
    """Publication time and its layer: the layers' value, else the URL's date, else htmldate's
    reading of the page, else a "Rabu (25/4/2018)" date in the text."""
    reference = _url_datetime(url)
    parsed = parse_date(found.get("published_at"), zone, reference)
    if parsed:
        return parsed, found.layers["published_at"]
    if reference:
        return reference.replace(tzinfo=zone_offset(zone)), "url"
    guessed = find_date(doc, extensive_search=False, original_date=True, outputformat="%Y-%m-%d %H:%M:%S")
    if guessed:
        return parse_date(guessed, zone), "htmldate"
    day = weekday_numeric_date(body or "")
    if day:
        return datetime.combine(day, datetime.min.time(), zone_offset(zone)), "text"
    return None, None


def _url_datetime(url: str | None) -> datetime | None:
    day = date_in_url(url)
    return datetime(day.year, day.month, day.day) if day else None


def _canonical_link(doc, url):
    for link in doc.iter("link"):
        if (link.get("rel") or "").lower() == "canonical" and link.get("href"):
            return urljoin(url or "", link.get("href"))
    return None


def _merge_images(lead_url, images, text_captions):
    merged = []
    if lead_url:
        merged.append({"url": lead_url, "caption": None})
    for image in images:
        if image["url"] and any(m["url"] == image["url"] for m in merged):
            for m in merged:
                if m["url"] == image["url"] and not m["caption"]:
                    m["caption"] = image["caption"]
        else:
            merged.append(dict(image))
    for caption in text_captions:
        target = next((m for m in merged if not m["caption"]), None)
        if target:
            target["caption"] = caption
        else:
            merged.append({"url": None, "caption": caption})
    return merged
