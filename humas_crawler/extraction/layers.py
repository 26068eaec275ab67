"""Layered article extraction: site selectors, then structured data, then the page's platform's
selectors and the generic table's (platforms.toml), then a generic main-content extractor. Every
field records the layer that produced it.

The engine knows no site: a spider passes its selectors, its platform and its province's time zone.
"""

from __future__ import annotations

import re
from collections import Counter
from copy import deepcopy
from datetime import datetime
from urllib.parse import urljoin

from htmldate import find_date
from lxml import etree

from humas_crawler.extraction.cleaning import clean_dom, clean_paragraphs, strip_spam
from humas_crawler.extraction.dates import (
    date_in_url,
    parse_date,
    precision_of,
    printed_datetime,
    read_date,
    shown_zone,
    to_iso,
    weekday_numeric_date,
    zone_named_in,
    zone_offset,
)
from humas_crawler.extraction.pagekind import page_kind_and_words
from humas_crawler.extraction.generic import (
    better_reading, body_container, generic_body, plausible_body, refined_selector_body, with_lead,
)
from humas_crawler.extraction.markup import (
    caption_text,
    element_paragraphs,
    not_a_page,
    page_markup,
    parse_html,
    select_all_text,
    select_parts,
    select_text,
    text_content,
)
from humas_crawler.extraction.structured import meta_content, structured_data
from humas_crawler.extraction.text import HEADING_TAGS, fold, normalize_space, readable
from humas_crawler.extraction.platforms import CUSTOM, caption_selector, detect_platform, field_selectors, platform as known_platform

# page furniture: a date printed there is another article's
FURNITURE_TAGS = {"nav", "aside", "footer", "script", "style", "noscript", "select", "form"}
AUTHOR_LABEL_RE = re.compile(
    r"^\s*((ditulis|diposting)\s+oleh|oleh|penulis|reporter|by|editor|pewarta)\s*[:\-]?\s*", re.IGNORECASE
)
URL_RE = re.compile(r"^(https?:)?//|^www\.", re.IGNORECASE)
TITLE_SUFFIX_RE = re.compile(r"\s+[|\-–—»:]\s+[^|\-–—»:]{2,60}$")
# where <title> and og:title join the headline and the site name: "X - Kompas.com", "Site | X"
TITLE_SEPARATOR_RE = re.compile(r"\s+(?:[|\-–—»·]|::)\s+")
# desk and reporter credits that close Humas releases: "(mar/hmsprov)", "(G-S02)", "( Laporan : X )"
REPORTER_RE = re.compile(
    r"(\(\s*(?i:laporan|reporter|penulis|editor|pewarta)\s*:[^()]{2,80}\)"
    r"|\((?:[A-Za-z0-9 .\-]{1,20}/){1,6}[A-Za-z0-9 .\-]{1,20}\)"
    r"|\([A-Z]{1,4}-[A-Z0-9]{1,6}\)"
    r"|\([a-z]{2,6}\))\s*\.?\s*$"
)
DATELINE_RE = re.compile(
    r"^(?P<dateline>[A-Z][A-Za-z.'’]+(?:\s[A-Za-z.'’]+){0,2}(?:,\s*[A-Z][A-Za-z.'’]+(?:\s[A-Za-z.'’]+){0,3})?"
    r"(?:\s*\([^)]{2,30}\))?)\s*[-–—]{1,2}\s"
)
# "-750x500" before the extension: WordPress's resized copy of an uploaded image
IMAGE_SIZE_RE = re.compile(r"-\d{2,4}x\d{2,4}(?=\.\w{3,4}$)")
INDONESIAN_WORDS = {"yang", "dan", "di", "dengan", "untuk", "dari", "ini", "itu", "dalam", "tidak", "akan", "pada"}
ENGLISH_WORDS = {"the", "and", "of", "to", "in", "is", "that", "for", "with", "on", "was", "by"}
# How far up from the headline (or the lead image) a printed date (or caption) is looked for.
NEARBY_LEVELS = 4
# How many text nodes away from the headline a printed date may sit, and how long its text may be.
PRINTED_DATE_REACH = 20
PRINTED_DATE_MAX_CHARS = 120
# The single-valued fields the platform's and the generic table's selectors are asked for.
PLATFORM_FIELDS = ("title", "published_at", "updated_at", "author", "editor", "lead_image")
TIME_FIELDS = ("published_at", "updated_at")


# ---- body --------------------------------------------------------------------------------------

def take_captions(element, base_url: str | None) -> list[dict]:
    """Images inside the body with their captions; the captions leave the body text."""
    images = []
    for caption in caption_selector()(element):
        holder = caption.getparent()
        img = None
        while holder is not None and img is None:
            img = next(holder.iter("img"), None)
            holder = holder.getparent() if img is None and holder is not element else None
        images.append({"url": _image_url(img, base_url), "caption": caption_text(caption)})
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


def lead_image_caption(doc, lead_url: str | None, base_url: str | None) -> str | None:
    """The caption printed with the lead image (og:image), often outside the body: the nearest
    caption in the image's container, climbing no higher than a container that holds another image."""
    img = _lead_img(doc, lead_url, base_url)
    node = img
    for _ in range(NEARBY_LEVELS):
        node = node.getparent() if node is not None else None
        if node is None or sum(1 for _ in node.iter("img")) > 1:
            return None
        caption = next(iter(caption_selector()(node)), None)
        if caption is not None:
            return caption_text(caption)
    return None


def _lead_img(doc, lead_url, base_url):
    """The <img> showing ``lead_url``: by its own address (a resized copy counts) or its link's."""
    if not lead_url:
        return None
    wanted = _image_key(lead_url)
    for img in doc.iter("img"):
        own = _image_url(img, base_url)  # already absolute: joining it again gives it back
        if own and _image_key(own) == wanted:
            return img
        link = next(img.iterancestors("a"), None)
        href = link.get("href") if link is not None else None
        if href and _image_key(urljoin(base_url or "", href)) == wanted:
            return img
    return None


def _image_key(url: str) -> str:
    return IMAGE_SIZE_RE.sub("", url.split("?", 1)[0])


# ---- titles and dates printed on the page -------------------------------------------------------

def page_headings(doc) -> set[str]:
    return {readable(text_content(h)) for h in doc.iter(*HEADING_TAGS)} - {""}


def clean_title(value: str | None, site_title: str | None, headings: set[str]) -> str | None:
    """The headline without the site name that <title> and og:title add ("X - Kompas.com",
    "Pemkab Sungai Tenang | X"): the part that is a heading of the page, else the longest heading
    the value contains, else the value less a " | Site" suffix repeated from <title>."""
    if not value:
        return None
    value = readable(value)
    if value in headings:
        return value
    for separator in TITLE_SEPARATOR_RE.finditer(value):
        for part in (value[:separator.start()], value[separator.end():]):
            if part in headings:
                return part
    contained = [h for h in headings if len(h.split()) >= 3 and h in value]
    if contained:
        return max(contained, key=len)
    if site_title and value.endswith(site_title) and value != site_title:
        return TITLE_SUFFIX_RE.sub("", value)
    return value


def title_element(doc, title: str | None):
    """The element printing the headline: the first heading with its text, else the first element
    with it (a table cell on old PHP sites); a link to the article is not its headline."""
    body = doc.find("body")
    if not title or body is None:
        return None
    wanted = fold(title)
    for heading in body.iter(*HEADING_TAGS):
        if fold(text_content(heading)) == wanted:
            return heading
    return _element_titled(body, wanted)


def _element_titled(body, wanted: str):
    """The first element in document order, not a link, whose folded text is ``wanted``. An
    element's text is part of its parent's, so a subtree whose text does not contain ``wanted``
    is skipped: reading every element's text cost 3.6 ms on the pages with no such heading."""
    walker = etree.iterwalk(body, events=("start",))
    for _, element in walker:
        text = fold(text_content(element))
        if wanted not in text:
            walker.skip_subtree()
        elif text == wanted and element.tag != "a":
            return element
    return None


def sole_headline(doc):
    """The page's one <h1>, when it has exactly one: its headline, even when <title> and og:title
    word it otherwise (a site's suffix, "ss" for "ß", another dash); a date is not looked for
    beside it (the headline's text is not known to be the title's), the lead is."""
    found = doc.findall(".//body//h1")
    return found[0] if len(found) == 1 else None


def printed_date(anchor, zone: str | None) -> tuple[datetime, str] | None:
    """The date and time printed by the headline ("Rabu, 4 November 2015 | 21:04 WIB") and its text:
    the nearest short text with both, within the headline's container, climbing a few levels;
    navigation, sidebars and footers never count."""
    container = anchor
    read: dict[str, tuple[datetime, str] | None] = {}  # a text met again one level up is not re-read
    for _ in range(NEARBY_LEVELS):
        container = container.getparent() if container is not None else None
        if container is None:
            return None
        texts = _page_texts(container, anchor)
        start = next((i for i, (_, inside) in enumerate(texts) if inside), None)
        if start is None:  # the headline sits in page furniture
            return None
        reach = range(max(0, start - PRINTED_DATE_REACH), min(len(texts), start + PRINTED_DATE_REACH + 1))
        for i in sorted(reach, key=lambda i: (abs(i - start), i < start)):  # nearest first, after before
            text, inside = texts[i]
            if inside or len(text) > PRINTED_DATE_MAX_CHARS:
                continue
            if text not in read:
                read[text] = printed_datetime(text, zone)
            if read[text]:
                return read[text], text
    return None


def _page_texts(element, anchor) -> list[tuple[str, bool]]:
    """The non-blank text nodes under ``element`` in document order, each with whether it belongs to
    ``anchor``, up to PRINTED_DATE_REACH texts after the anchor's first (no later one is read: a
    headline near the top of a large container left most of it unwalked); furniture subtrees are
    skipped (their tails are not theirs). One walk driven by lxml: a recursive generator paid for
    every level of nesting at every text."""
    texts, inside, start = [], False, None
    walker = etree.iterwalk(element, events=("start", "end", "comment", "pi"))
    for event, node in walker:  # each step adds one text at most
        if start is None and texts and texts[-1][1]:
            start = len(texts) - 1  # the anchor's first text
        if start is not None and len(texts) > start + PRINTED_DATE_REACH:
            break
        if event == "start":
            inside = inside or node is anchor
            if node is not element and node.tag in FURNITURE_TAGS:
                walker.skip_subtree()
            elif node.text and node.text.strip():
                texts.append((normalize_space(node.text), inside))
            continue
        if node is anchor:
            inside = False
        if node is not element and node.tail and node.tail.strip():
            texts.append((normalize_space(node.tail), inside))
    return texts


def published_time(found: Layers, printed: tuple[datetime, str] | None, url: str | None, zone: str | None,
                   doc, body: str, marked: list[tuple[str, str]] = ()
                   ) -> tuple[datetime | None, str | None, str | None, str | None]:
    """Publication time, its precision, its layer and the zone to show it in: the layers' value,
    else the URL's date, else the date printed by the headline, else htmldate's reading of the page,
    else a "Rabu (25/4/2018)" date in the text. A day found without a time takes the time of that
    day that the markup states (``marked``: every machine-readable time, see :func:`marked_times`),
    else the printed one, else htmldate's; a time is never thrown away for a date-only text, and a
    day-only result stays a day (precision "day"), never a midnight."""
    text = found.get("published_at")
    reference = _url_datetime(url)
    best = _reading(text, zone, reference, found.layers.get("published_at"))
    if best is None and reference:
        best = (reference.replace(tzinfo=zone_offset(zone)), "day", "url")
    if best is None or best[1] == "day":
        finer = [_reading(value, zone, reference, layer) for value, layer in marked]
        if printed:
            finer.append((printed[0], precision_of(printed[1]), "printed"))
        for candidate in finer:
            if candidate and candidate[1] != "day" and (best is None or _same_day(candidate[0], best[0])):
                best = candidate
                break
    if best is None and not printed:
        best = _guessed_day(doc, body, zone)
    elif best[1] == "day":  # htmldate reads times from markup no selector knows (Blogger's abbr title)
        guessed = _guessed_day(doc, "", zone)
        if guessed and guessed[1] != "day" and _same_day(guessed[0], best[0]):
            best = guessed
    if best is None:
        return None, None, None, None
    value, precision, layer = best
    return value, precision, layer, shown_zone(value, zone)


def _reading(text: str | None, zone: str | None, reference: datetime | None, layer: str | None):
    """(time, precision, layer) of a date as written, or None."""
    read = read_date(text, zone, reference)
    return (*read, layer) if read else None


def _same_day(value: datetime, day: datetime) -> bool:
    """Whether ``value`` falls on the day ``day`` states, in the zone that day was given in."""
    return value.astimezone(day.tzinfo).date() == day.date() or value.date() == day.date()


def updated_time(found: Layers, zone: str | None,
                 marked: list[tuple[str, str]] = ()) -> tuple[datetime | None, str | None, str | None]:
    """Last modification time, its precision and the zone to show it in: read like the publication
    time, a zone-less one in the published time's zone, else the site's; a day-only value takes a
    time of that day that the markup states."""
    local = zone_named_in(found.get("published_at") or "") or zone
    best = _reading(found.get("updated_at"), local, None, None)
    if best is None or best[1] == "day":
        for value, _ in marked:
            candidate = _reading(value, local, None, None)
            if candidate and candidate[1] != "day" and (best is None or _same_day(candidate[0], best[0])):
                best = candidate
                break
    if best is None:
        return None, None, None
    return best[0], best[1], shown_zone(best[0], zone)


def marked_times(data: dict, platform_values: dict) -> dict[str, list[tuple[str, str]]]:
    """Every time the markup states for published_at and updated_at, with its layer: structured data
    (``data``: JSON-LD, article:* meta), then the platform's and the generic selectors
    (``platform_values``: ``<time datetime>``, itemprop). Read before the body's cleaning, which may
    drop the header holding them."""
    times = {}
    for name in ("published_at", "updated_at"):
        found = [data[name]] if data.get(name) and data[name][0] else []
        if platform_values[name]:
            found.append((platform_values[name], "platform"))
        times[name] = found
    return times


def _guessed_day(doc, body: str, zone: str | None):
    """htmldate's reading of the page, else a "Rabu (25/4/2018)" date in the text: (time, precision,
    layer). htmldate writes midnight without an offset when it found only a day: that is a day."""
    guessed = find_date(doc, extensive_search=False, original_date=True, outputformat="%Y-%m-%dT%H:%M:%S%z")
    value = parse_date(guessed, zone) if guessed else None
    if value is not None:
        midnight = value.time() == datetime.min.time() and not guessed[19:]
        return value, "day" if midnight else "second" if value.second else "minute", "htmldate"
    day = weekday_numeric_date(body or "")
    if day:
        return datetime.combine(day, datetime.min.time(), zone_offset(zone)), "day", "text"
    return None


def _url_datetime(url: str | None) -> datetime | None:
    day = date_in_url(url)
    return datetime(day.year, day.month, day.day) if day else None


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
    indonesian = sum(map(INDONESIAN_WORDS.__contains__, words))  # counted in C: a body has thousands
    english = sum(map(ENGLISH_WORDS.__contains__, words))
    if indonesian or english:
        return "id" if indonesian >= english else "en"
    lang = (doc.get("lang") or "").split("-")[0].lower()
    return lang or None


def clean_person(value: str | None) -> str | None:
    """A byline without its label ("Ditulis oleh", "Penulis:"); a URL (a profile page) names no one."""
    value = AUTHOR_LABEL_RE.sub("", normalize_space(value))
    return value if value and not URL_RE.match(value) else None


def _canonical_link(doc, url):
    for link in doc.iter("link"):
        if (link.get("rel") or "").lower() == "canonical" and link.get("href"):
            return urljoin(url or "", link.get("href"))
    og_url = meta_content(doc, "og:url")
    return urljoin(url or "", og_url) if og_url else None


def _merge_images(lead_url, lead_caption, images, text_captions):
    merged = []
    if lead_url:
        merged.append({"url": lead_url, "caption": lead_caption})
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


# ---- the layered extractor ---------------------------------------------------------------------

class Layers:
    """Field values with the layer that produced each: first layer to give a value wins."""

    def __init__(self):
        self.values: dict = {}
        self.layers: dict = {}

    def offer(self, field: str, value, layer: str) -> None:
        if field in ("author", "editor"):
            value = clean_person(value)
        if value and field not in self.values:
            self.values[field] = value
            self.layers[field] = layer

    def get(self, field: str, default=None):
        return self.values.get(field, default)


BLANK_PAGE = "<html><body></body></html>"


def rejected_page(reason: str) -> dict:
    """The result for input that is no page: a blank page's fields (all empty, none invented from
    the bytes), and why it was rejected."""
    article = extract_article(BLANK_PAGE)
    article["extraction"]["rejected"] = reason
    return article


def extract_article(html: str | bytes, url: str | None = None, selectors: dict | None = None,
                    zone: str | None = None, platform: str | None = None) -> dict:
    """Extract one article from a page.

    ``selectors`` maps field names (title, body, published_at, updated_at, author, editor, category,
    tags, lead_image) to CSS selectors (or lists of them; "@attr" reads an attribute). ``zone`` is
    the site's time zone (WIB/WITA/WIT) for dates that name none. ``platform`` (a platforms.toml
    name) picks the CMS selectors tried; when None, the page's detect hints pick it, and a page
    with none gets no CMS selectors ("custom"). ``extraction["platform"]`` says which was used.
    Gambling spam (a hacked site's hidden link blocks) goes before any layer reads the page;
    ``extraction["spam"]`` reports it ({"blocks", "links", "words"}), only on pages that had some.
    Input that is no page (empty, binary, no markup: :func:`markup.not_a_page`) gives every field
    empty and ``extraction["rejected"]`` saying why.
    """
    problem = not_a_page(html)
    if problem:
        return rejected_page(problem)
    doc = parse_html(html)
    # Held until the end: lxml makes a Python object (through lxml.html's class lookup, in Python)
    # for an element each time a walk meets it unless one is alive; a dozen walks per page made
    # that a tenth of the extraction time.
    elements = list(doc.iter())
    markup = page_markup(doc, elements)  # selectors needing a tag or attribute the page lacks are not tried
    spam = strip_spam(doc, url, markup)
    kind, text_words = page_kind_and_words(doc)  # before any layer cuts the page
    platform = page_platform(doc, platform, markup)
    data = structured_data(doc)  # read once: the fields' layers and the marked times both use it
    found, platform_values = offer_fields(doc, selectors or {}, platform, data, markup)
    site_title = normalize_space(doc.findtext(".//title")) or None
    title = clean_title(found.get("title"), site_title, page_headings(doc))
    lead = found.get("lead_image")
    lead_url = urljoin(url or "", lead) if lead else None
    lead_caption = lead_image_caption(doc, lead_url, url)
    anchor = title_element(doc, title)
    headline = anchor if anchor is not None else sole_headline(doc)  # where a lead is looked for
    printed = printed_date(anchor, zone) if anchor is not None else None  # before the body's cleaning
    marked = marked_times(data, platform_values)

    cleaned, images, layer, removed = extract_body(doc, url, title, selectors or {}, platform, text_words,
                                                   lambda: _without_spam(html, url), markup)
    if layer != "site":  # a site's checked selector knows where its body starts
        cleaned = with_lead(cleaned, headline, title)
    removed.update(spam.removed)
    body = cleaned.text
    found.offer("body", body, layer)
    found.offer("editor", cleaned.editor, "text")
    published, precision, date_layer, shown_in = published_time(found, printed, url, zone, doc, body,
                                                                 marked["published_at"])
    if published is not None:
        found.layers["published_at"] = date_layer
    updated, updated_precision, updated_zone = updated_time(found, zone, marked["updated_at"])
    return {
        "title": title,
        "body": body or None,
        "published_at": to_iso(published, shown_in, precision),
        "published_precision": precision,
        "updated_at": to_iso(updated, updated_zone, updated_precision),
        "updated_precision": updated_precision,
        "author": found.get("author"),
        "editor": found.get("editor"),
        "reporter": find_reporter(body),
        "dateline": find_dateline(body),
        "category": found.get("category"),
        "tags": found.get("tags") or [],
        "images": _merge_images(lead_url, lead_caption, images, cleaned.captions),
        "language": guess_language(doc, body),
        "canonical_url": _canonical_link(doc, url),
        "extraction": {**found.layers, "platform": platform, "page_kind": kind, "removed": dict(removed),
                       **({"spam": spam.report} if spam.report else {})},
    }


def _without_spam(html: str | bytes, url: str | None):
    """The page parsed again with its spam gone: extract_article's tree as it stands before any
    layer cuts it."""
    doc = parse_html(html)
    strip_spam(doc, url)
    return doc


def page_platform(doc, platform: str | None, markup=None) -> str:
    """The platform whose selectors the page gets: the one given (checked, so a typo fails loudly
    instead of quietly extracting less), else the one its detect hints show, else "custom".
    ``markup``: see :func:`markup.may_match`."""
    if platform is not None:
        return known_platform(platform).name
    return detect_platform(doc, markup=markup) or CUSTOM


def offer_fields(doc, selectors: dict, platform: str, data: dict, markup=None) -> tuple[Layers, dict]:
    """Every field but the body from the layers in order: site selectors, structured data
    (``data``), the platform's and the generic table's selectors, then the page's own headline and
    <title>; and the platform selectors' values of the single-valued fields. A field an earlier
    layer gave is not asked of the platform's selectors (each is a walk over the page), except the
    times, which :func:`marked_times` reads from every layer; nor is a selector that needs a tag
    or an attribute the page has none of (``markup``, see :func:`markup.may_match`)."""
    found = Layers()
    for name in ("title", "published_at", "updated_at", "author", "editor", "category", "lead_image"):
        found.offer(name, select_text(doc, selectors.get(name)), "site")
    found.offer("tags", select_all_text(doc, selectors.get("tags")), "site")
    for name, (value, layer) in data.items():
        found.offer(name, value, layer)
    platform_values = {name: select_text(doc, field_selectors(platform, name), markup)
                       if name in TIME_FIELDS or name not in found.values else None for name in PLATFORM_FIELDS}
    for name in PLATFORM_FIELDS:
        found.offer(name, platform_values[name], "platform")
    if "category" not in found.values:
        found.offer("category", (select_all_text(doc, field_selectors(platform, "category"), markup) or [None])[0],
                    "platform")
    if "tags" not in found.values:
        found.offer("tags", select_all_text(doc, field_selectors(platform, "tags"), markup), "platform")
    found.offer("author", meta_content(doc, "author"), "meta")
    if "title" not in found.values:
        found.offer("title", select_text(doc, "h1"), "generic")
    found.offer("title", doc.findtext(".//title"), "generic")
    return found, platform_values


def extract_body(doc, url: str | None, title: str | None, selectors: dict, platform: str,
                 text_words: int | None = None, uncut=None, markup=None):
    """The cleaned body, its images, its layer and the noise removed: the site's or the platform's
    body elements when they match, else the generic layer on the whole page. A selector's body that
    fails the sanity checks (a few words, mostly links, a small share of the page's prose) gives way
    to the generic reading when that is clearly longer and scores higher. ``text_words``: see
    :func:`plausible_body`; ``uncut``: a function giving ``doc`` again as it is now (see
    :func:`_generic_body`); ``markup``: see :func:`markup.may_match`."""
    elements, layer = select_parts(doc, selectors.get("body")), "site"
    if not elements:
        elements, layer = select_parts(doc, field_selectors(platform, "body"), markup), "platform"
    if not elements:
        return _generic_body(doc, url, title, uncut, text_words)
    removed = Counter()
    paragraphs, images = [], []
    for element in elements:
        removed.update(clean_dom(element, keep=element))
        images += take_captions(element, url)
        paragraphs += element_paragraphs(element)
    cleaned = clean_paragraphs(paragraphs, title=title)
    if not plausible_body(cleaned, elements, doc, text_words):  # "Subscribe", a teaser: the generic layer may do better
        generic = _generic_body(doc, url, title, text_words=text_words)
        if better_reading(generic[0], cleaned):
            return generic
    if layer == "platform":  # a CMS's body class, not a site's checked selector: furniture may sit inside
        cleaned = refined_selector_body(cleaned, elements, url)
    removed.update(cleaned.removed)
    return cleaned, images, layer, removed


def _generic_body(doc, url: str | None, title: str | None, uncut=None, text_words: int | None = None):
    """extract_body's result from the generic layer on the whole page. The generic layer may take
    a second look at the page before our noise blocks went (``pristine``): ``uncut`` gives it
    again when asked (on 2 % of trafilatura's evaluation pages), else it is copied now (a copy
    on every page cost as much as making it again on one page in six). ``text_words``: see
    :func:`plausible_body`."""
    if uncut is None:
        copied = deepcopy(doc)
        uncut = lambda: copied  # noqa: E731
    removed = clean_dom(doc)
    cleaned, layer = generic_body(doc, url, title, uncut, text_words)
    container = body_container(doc, cleaned.paragraphs)
    images = take_captions(container, url) if container is not None else []
    removed.update(cleaned.removed)
    return cleaned, images, layer, removed
