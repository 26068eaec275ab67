"""Page kind: is a page one article, or a listing (home, category, tag, search, index page)?

A listing shows many headline links, most with a date beside them, and little prose per link:
no single block of text dominates it. An article has one dominant block of prose, usually with
the markup of an article (og:type "article", article:published_time, a JSON-LD NewsArticle). A
short article beside a long sidebar of headlines is still an article when its markup says so.
"""

from __future__ import annotations

import re
from itertools import chain

from humas_crawler.extraction.markup import loose_texts, parse_html, text_content
from humas_crawler.extraction.structured import meta_content
from humas_crawler.extraction.text import HEADING_TAGS, fold, normalize_space

# A link whose text has this many words reads as a headline (not "Home", "Berikutnya »").
HEADLINE_MIN_WORDS = 4
# A listing has at least this many headline links, and its largest block of prose is either under
# DOMINANT_WORDS (headlines only) or teasers: a headline link in it for every TEASER_WORDS_PER_LINK
# words (half as many on a page whose markup says article).
LISTING_MIN_HEADLINES = 8
TEASER_WORDS_PER_LINK = 30
DOMINANT_WORDS = 100
# The largest block of prose must have this many words for a page to be an article at all, fewer
# when the markup says article.
ARTICLE_MIN_WORDS = 60
MARKED_ARTICLE_MIN_WORDS = 20
PARAGRAPH_MIN_WORDS = 5
OG_ARTICLE = "og:article"
# The page's own headline stands over its largest text when that text sits within this many levels
# above the headline and holds at most this many headline links ("Baca juga" links).
HEADLINE_REACH = 4
HEADLINE_LINKS_IN_BODY = 2
# Furniture: its links are the site's menus, not a listing of the page.
FURNITURE = ("nav", "header", "footer")

MONTHS = (
    "jan|feb|mar|apr|mei|may|jun|jul|agu|aug|agt|sep|okt|oct|nov|des|dec"
)
MONTH_INITIALS = "".join(sorted({month[0] for month in MONTHS.split("|")}))
# Every form starts at a word boundary with a digit or a month's first letter: tested first, that
# halves the time the regex takes on a page's link texts.
DATE_RE = re.compile(
    rf"\b(?=[\d{MONTH_INITIALS}])(?:"
    rf"\d{{1,2}}[/.\-]\d{{1,2}}[/.\-]\d{{2,4}}\b|\d{{4}}-\d{{2}}-\d{{2}}\b"
    rf"|\d{{1,2}}\s+(?:{MONTHS})[a-z]*\.?\s+\d{{4}}\b|(?:{MONTHS})[a-z]*\.?\s+\d{{1,2}},?\s+\d{{4}}\b"
    r"|\d+\s+(?:menit|jam|hari|minggu|bulan)\s+(?:yang\s+)?lalu\b|\d+\s+(?:minutes?|hours?|days?)\s+ago\b)",
    re.IGNORECASE,
)
# A teaser ends where the excerpt was cut: "[…]", "...", "…", "Selengkapnya »"; a short text that
# does (under DOMINANT_WORDS) is a teaser, not an article.
TEASER_END_RE = re.compile(r"(\[\s*(?:…|\.{3})\s*\]|…|\.{3}|selengkapnya\W*|read more\W*|baca selengkapnya\W*)\s*$",
                           re.IGNORECASE)
DIGIT_RE = re.compile(r"\d")
# A link's listing item: the block around it holds at most this many characters of text.
DATED_BLOCK_MAX_CHARS = 400
ARTICLE_TYPES_RE = re.compile(r'"@type"\s*:\s*"(?:News|Blog)?(?:Article|Posting|Report)"', re.IGNORECASE)
LISTING_TYPES_RE = re.compile(r'"@type"\s*:\s*"(?:CollectionPage|SearchResultsPage|ItemList)"', re.IGNORECASE)
PARAGRAPH_TAGS = {"p", "li", "blockquote", "dd", "pre", *HEADING_TAGS}


def is_article(page) -> tuple[bool, str]:
    """Whether ``page`` (HTML text or bytes, or a parsed document) is one article, with the reason
    ("article: ...", "listing: ...", "no article text: ...", "no page body")."""
    article, reason, _ = _read(page)
    return article, reason


def _read(page) -> tuple[bool, str, int]:
    """``is_article``'s answer and the page's ``text_words`` (see :func:`page_facts`; 0 without a body)."""
    doc = parse_html(page) if isinstance(page, (str, bytes)) else page
    if doc is None or doc.find("body") is None:
        return False, "no page body", 0
    facts = page_facts(doc)
    return (*_judged(facts), facts["text_words"])


def _judged(facts: dict) -> tuple[bool, str]:
    links, dated, marked = facts["headline_links"], facts["dated_links"], facts["marked"]
    dominant, inside, titled = facts["dominant_words"], facts["dominant_links"], facts["titled"]
    summary = (f"{links} headline links ({dated} dated), largest text block {dominant} words"
               f" with {inside} headline links" + (" ending cut short" if facts["dominant_cut"] else "")
               + (f", marked {marked}" if marked else "")
               + (", headline in the title" if titled else ""))
    # Some themes mark every page og:type "article", listings too: that markup counts with the
    # page's own headline, or when no headline link sits in the largest text (a teaser holds its
    # headline's link); a publication time or a JSON-LD article counts alone.
    article_markup = marked == "article" or (marked == OG_ARTICLE and (titled or not inside))
    minimum = MARKED_ARTICLE_MIN_WORDS if article_markup or titled else ARTICLE_MIN_WORDS
    # teasers: the largest text sits between headline links (fewer words per link in an article's
    # own markup); no text: headlines only (a short release under its own headline is not that)
    words_per_link = TEASER_WORDS_PER_LINK // 2 if article_markup else TEASER_WORDS_PER_LINK
    teasers = inside >= max(LISTING_MIN_HEADLINES, dominant / words_per_link) or facts["dominant_cut"]
    headlines_only = dominant < DOMINANT_WORDS and not (titled or article_markup)
    if (links >= LISTING_MIN_HEADLINES or marked == "listing") and (teasers or headlines_only):
        return False, f"listing: {summary}"
    if dominant >= minimum:
        return True, f"article: {summary}"
    return False, f"no article text: {summary}"


def page_facts(doc) -> dict:
    """What the decision reads: headline links outside menus (and how many have a date beside
    them), the largest block of prose and the headline links inside it, and what the markup says
    the page is; and the words of all the page's text outside links, scripts and styles
    (``text_words``), counted on the way."""
    body = doc.find("body")
    furniture = {a for block in body.iter(*FURNITURE) for a in block.iter("a")}
    texts = _TextCache()  # a listing's links share their item blocks: each block's text is read once
    hrefs = {link: _headline_href(link, furniture, texts) for link in body.iter("a")}  # each link judged once
    headlines: dict[str, bool] = {}
    for link, href in hrefs.items():
        if href:
            headlines[href] = headlines.get(href, False) or _dated(link, texts)
    container, words, text_words = dominant_block(body)
    inside = len({hrefs.get(a) for a in container.iter("a")} - {None}) if container is not None else 0
    return {
        "headline_links": len(headlines),
        "dated_links": sum(headlines.values()),
        "dominant_words": words,
        "text_words": text_words,
        "dominant_links": inside,
        "marked": marked_kind(doc),
        "titled": _titles_text(own_headline(doc), container, inside),
        "dominant_cut": container is not None and words < DOMINANT_WORDS
        and bool(TEASER_END_RE.search(container.text_content())),
    }


def _titles_text(headline, container, links: int) -> bool:
    """Whether the page's own headline stands over its largest text: that text sits in the
    headline's container (a few levels up) and is prose, not a block of headline links."""
    if headline is None or container is None or links > HEADLINE_LINKS_IN_BODY:
        return False
    holder = headline
    for _ in range(HEADLINE_REACH):
        holder = holder.getparent()
        if holder is None:
            return False
        if container is holder or any(a is holder for a in container.iterancestors()):
            return True
    return False


def own_headline(doc):
    """The page's own headline: the first heading of HEADLINE_MIN_WORDS words or more, not a link,
    that the page's <title> or og:title repeats (an article's; a listing's headlines are links);
    None when there is none."""
    titles = [t for t in (fold(doc.findtext(".//title")), fold(meta_content(doc, "og:title"))) if t]
    for heading in doc.iter(*HEADING_TAGS[:3]) if titles else ():
        text = fold(heading.text_content())
        if len(text.split()) < HEADLINE_MIN_WORDS or heading.find(".//a") is not None:
            continue
        if any(text in title for title in titles) and next(heading.iterancestors("a"), None) is None:
            return heading
    return None


class _TextCache(dict):
    """Elements' text with spacing normalized, each read once per page, and whether it shows a
    date, each asked once (a listing item's block holds several links)."""

    def __init__(self):
        super().__init__()
        self.dated: dict = {}

    def __missing__(self, element) -> str:
        text = self[element] = normalize_space(text_content(element))
        return text

    def shows_date(self, element) -> bool:
        if element not in self.dated:
            text = self[element]
            self.dated[element] = bool(DIGIT_RE.search(text) and DATE_RE.search(text))  # every date has a digit
        return self.dated[element]


def _headline_href(link, furniture: set, texts: _TextCache) -> str | None:
    """The address of a headline link outside the menus (``furniture``: the links inside them)."""
    href = (link.get("href") or "").strip()
    if not href or href.startswith(("#", "javascript:", "mailto:")):
        return None
    if link in furniture or len(texts[link].split()) < HEADLINE_MIN_WORDS:
        return None
    return href


def dominant_block(body):
    """The element holding the most words of prose (text outside links, in runs of
    PARAGRAPH_MIN_WORDS words or more) in its own paragraphs, and those words: an article's text, or
    a listing's teasers; and the words of all the text it looked at."""
    totals: dict = {}
    containers: dict = {}  # a paragraph's texts (around its links and <b>s) share their holder
    text_words = 0
    for holder, text in loose_texts(body):
        n = len(text.split())
        text_words += n
        if n < PARAGRAPH_MIN_WORDS:
            continue
        if holder not in containers:
            containers[holder] = _paragraph_container(holder)
        container = containers[holder]
        if container is not None:
            totals[container] = totals.get(container, 0) + n
    if not totals:
        return None, 0, text_words
    container = max(totals, key=totals.get)
    return container, totals[container], text_words


def _paragraph_container(holder):
    """The element whose own paragraphs a text held by ``holder`` counts for: the parent of the
    paragraph it sits in, or ``holder`` itself outside paragraphs."""
    if holder is None:
        return None
    block = next((e for e in chain((holder,), holder.iterancestors()) if e.tag in PARAGRAPH_TAGS), holder)
    return block.getparent() if block.tag in PARAGRAPH_TAGS else block


def marked_kind(doc) -> str | None:
    """"article" or "listing" when the page's own markup says so (a publication time, JSON-LD), or
    OG_ARTICLE when only og:type says article (which some themes print on every page), else None."""
    og_type = ""
    for meta in doc.iter("meta"):
        if (meta.get("property") or meta.get("name") or "").lower() == "og:type":
            og_type = (meta.get("content") or "").strip().lower()
        if (meta.get("property") or "").lower() == "article:published_time":
            return "article"
    scripts = " ".join(s.text or "" for s in doc.iter("script") if (s.get("type") or "").lower() == "application/ld+json")
    if ARTICLE_TYPES_RE.search(scripts):
        return "article"
    if LISTING_TYPES_RE.search(scripts):
        return "listing"
    return OG_ARTICLE if og_type == "article" else None


def _dated(link, texts: _TextCache) -> bool:
    """A date in the link or in the small block holding it (a listing item, up to two levels up)."""
    node = link
    for level in range(3):
        if level:
            node = node.getparent()
            if node is None or len(texts[node]) > DATED_BLOCK_MAX_CHARS:
                return False
        if texts.shows_date(node):
            return True
    return False


def page_kind(page) -> dict:
    """``is_article`` as extract_article reports it: {"kind": "article" | "listing" | "other",
    "reason": ...} (the reason's first word is the kind, "no article text" and "no page body" are
    "other")."""
    return page_kind_and_words(page)[0]


def page_kind_and_words(page) -> tuple[dict, int]:
    """``page_kind`` and the words of the page's text outside links, scripts and styles: more than
    its prose words as long as nothing is added to it, so a body's sanity check need not walk the
    page again to count those when the body is long enough anyway."""
    article, reason, words = _read(page)
    kind = "article" if article else "listing" if reason.startswith("listing") else "other"
    return {"kind": kind, "reason": reason}, words
