"""The generic layer, for pages no selector knows: trafilatura reads the page, readability-lxml
reads it too when that reading looks doubtful, a gallery's captions compete, and the reading with
the most prose and least furniture wins; plus the sanity checks that tell a selector's fragment
("Subscribe", a teaser) from a body."""

from __future__ import annotations

import copy
import re
from collections import defaultdict

import trafilatura
from lxml import etree
from lxml import html as lxml_html
from readability import Document
from readability.readability import Unparseable

from humas_crawler.extraction.cleaning import Cleaned, clean_paragraphs
from humas_crawler.extraction.dates import printed_datetime
from humas_crawler.extraction.markup import caption_text, element_paragraphs
from humas_crawler.extraction.structured import meta_content
from humas_crawler.extraction.text import BLOCK_TAGS, normalize_space
from humas_crawler.extraction.platforms import caption_selector

PAGE_TEXT = etree.XPath("//body//text()[not(ancestor::a or ancestor::script or ancestor::style)]")
SENTENCE_END_RE = re.compile(r"[.!?\"”’)]$")
# A line this short without closing punctuation is a label, a button or a headline, not prose.
FURNITURE_MAX_WORDS = 20
PROSE_MIN_WORDS = 8
# A candidate body "contains" the page's description when this share of its word trigrams is there.
DESCRIPTION_COVERAGE = 0.8
# A first reading with this many words of prose (furniture counted against) and at least this share
# of the page's prose words is not checked by a second reader.
CONFIDENT_PROSE_WORDS = 120
CONFIDENT_PAGE_SHARE = 0.35
# A chosen reading shorter than this (characters: CJK has no spaces) is checked against trafilatura's
# reading of the page before our noise blocks went.
RESCUE_CHARS = 300
# A reading with less than this share of trafilatura's words is a fragment, not the article.
FAR_SHORTER = 0.5
# A selector's body is doubtful under this many words, when more than this share of its text is
# links, or when it holds less than this share of the page's prose words; the generic reading then
# replaces it when it is this many times longer (and scores higher).
MIN_BODY_WORDS = 25
MAX_LINK_SHARE = 0.5
MIN_PAGE_SHARE = 0.25
LONGER_BY = 2
# A line this short that is furniture, at the end of trafilatura's reading, is a label under the text.
TRAILING_LABEL_WORDS = 4
TRAILING_LABEL_CHARS = 30
# A reading of one paragraph this long is the page's whole text run together, not an article.
DUMP_WORDS = 200


def split_break_runs(root) -> None:
    """Give each text of a <br><br>-separated run its own block (old CMSes, table layouts, text
    typed before the first <p>): the main-content extractors judge blocks, and drop loose text."""
    for parent in [e for e in root.iter() if isinstance(e.tag, str) and _has_break_run(e)]:
        _wrap_segments(parent)


def _has_break_run(element) -> bool:
    return any(
        child.tag == "br" and not (child.tail or "").strip() and child.getnext() is not None
        and child.getnext().tag == "br"
        for child in element
    )


def _wrap_segments(parent) -> None:
    """Rebuild ``parent`` as blocks: its block children stay, each stretch of inline content between
    them or between <br>s becomes a <div>."""
    pieces: list = [[parent.text] if parent.text else []]
    parent.text = None
    for child in list(parent):
        tail, child.tail = child.tail, None
        parent.remove(child)
        if child.tag == "br":
            pieces.append([])
        elif isinstance(child.tag, str) and child.tag in BLOCK_TAGS:
            pieces += [child, []]
        else:
            pieces[-1].append(child)
        if tail:
            pieces[-1].append(tail)
    for piece in pieces:
        if not isinstance(piece, list):
            parent.append(piece)
        elif any(not isinstance(part, str) or part.strip() for part in piece):
            _inline_block(parent, piece)


def _inline_block(parent, parts: list) -> None:
    """A <div> at the end of ``parent`` holding ``parts`` (texts and inline elements, in order)."""
    block = etree.SubElement(parent, "div")
    for part in parts:
        if not isinstance(part, str):
            block.append(part)
        elif len(block):
            block[-1].tail = (block[-1].tail or "") + part
        else:
            block.text = (block.text or "") + part


def generic_body(doc, url: str | None, title: str | None, pristine=None) -> tuple[Cleaned, str]:
    """The body of a page no selector knows, from the page after our noise blocks are gone.

    trafilatura reads the page first (its default, balanced settings: plain trafilatura is the
    floor this layer must not fall under). readability's reading (which finds text typed before
    the first <p> and a lone article beside long listings) is taken only when that first reading
    looks doubtful (see :func:`doubtful`); a photo gallery's captions compete too. A reading that
    contains the page's own description (og:description) beats one that does not; among the rest,
    the most prose with the least furniture wins (ties go to the earlier reading), and a reading
    far shorter than trafilatura's never wins. ``pristine`` is the page before our noise blocks
    went: when every reading of the cleaned page is short, trafilatura reads that too (a noise
    rule that took a page-wide <form>, say, must not leave the page without a body).
    """
    split_break_runs(doc)
    description = meta_content(doc, "og:description") or meta_content(doc, "description")
    first = clean_paragraphs(trafilatura_paragraphs(doc, url), title=title)
    cleaned = {"generic": first}
    gallery = gallery_captions(doc)
    if gallery:
        cleaned["gallery"] = clean_paragraphs(gallery, title=title)
    if doubtful(first, description, page_prose_words(doc)):
        cleaned["readability"] = clean_paragraphs(readability_paragraphs(doc), title=title)
    relevant = [layer for layer, c in cleaned.items() if covers(c.text, description)] or list(cleaned)
    if "readability" in relevant and word_count(cleaned["readability"].paragraphs) < FAR_SHORTER * word_count(
            first.paragraphs):
        relevant.remove("readability")  # a fragment of what trafilatura read
    relevant = relevant or ["generic"]
    layer = max(relevant, key=lambda name: body_score(cleaned[name].paragraphs))
    chosen = cleaned[layer]
    if pristine is not None and len(chosen.text) < RESCUE_CHARS:
        rescue = clean_paragraphs(trafilatura_paragraphs(pristine, url), title=title)
        if better_reading(rescue, chosen) and (covers(rescue.text, description) or not covers(chosen.text, description)):
            return rescue, "generic"
    return chosen, layer


def doubtful(reading: Cleaned, description: str | None, page_words: int) -> bool:
    """Whether a reading may have missed the article, so another reader should be asked: little
    prose (furniture counted against it), the page's description not in it, or a small share of
    the page's prose."""
    words = word_count(reading.paragraphs)
    if body_score(reading.paragraphs) < CONFIDENT_PROSE_WORDS:
        return True
    if description and len(_trigrams(description)) >= PROSE_MIN_WORDS and not covers(reading.text, description):
        return True
    return words < CONFIDENT_PAGE_SHARE * page_words


def word_count(paragraphs: list[str]) -> int:
    return sum(len(paragraph.split()) for paragraph in paragraphs)


def page_prose_words(doc) -> int:
    """Words of prose on the whole page: text nodes of PROSE_MIN_WORDS words or more outside links,
    scripts and styles (what a reading of the article could at most hold, plus teasers and footers)."""
    words = 0
    for text in PAGE_TEXT(doc):
        n = len(text.split())
        if n >= PROSE_MIN_WORDS:
            words += n
    return words


def trafilatura_paragraphs(doc, url: str | None) -> list[str]:
    """trafilatura's reading of the page with its default, balanced settings (neither reader comments
    nor layout tables: on these sites tables hold bylines and share rows)."""
    text = trafilatura.extract(
        doc, url=url, include_comments=False, include_tables=False, deduplicate=False
    )
    paragraphs = [normalize_space(line) for line in (text or "").splitlines() if line.strip()]
    while paragraphs and is_label(paragraphs[-1]):
        paragraphs.pop()  # a button or a section label under the text ("Index »", "Share")
    return paragraphs


def readability_paragraphs(doc) -> list[str]:
    """readability-lxml's main text; photo captions go first, so they cannot pass for paragraphs.
    (Without the page's URL: readability would spend its time making links absolute.)"""
    page = copy.deepcopy(doc)
    for caption in caption_selector()(page):
        caption.drop_tree()
    try:
        summary = Document(lxml_html.tostring(page, encoding="unicode")).summary(html_partial=True)
        fragment = lxml_html.fragment_fromstring(summary, create_parent="div")
    except (Unparseable, AssertionError, ValueError):  # lxml asserts on a summary with no body left
        return []
    return element_paragraphs(fragment)


def gallery_captions(doc) -> list[str]:
    """The captions of a photo gallery (the largest set of captioned images side by side): the text
    of a photo story."""
    groups = defaultdict(list)
    for caption in caption_selector()(doc):
        holder = caption.getparent()
        if holder is not None and holder.getparent() is not None:
            groups[holder.getparent()].append(caption_text(caption))
    largest = max(groups.values(), key=len, default=[])
    return list(dict.fromkeys(c for c in largest if c)) if len(largest) > 1 else []


def body_score(paragraphs: list[str]) -> int:
    """Words of prose minus twice the words of page furniture (short lines without closing
    punctuation, short lines with a date and time: headlines, buttons, listings)."""
    if len(paragraphs) == 1 and len(paragraphs[0].split()) >= DUMP_WORDS:
        return 1  # the whole page in one line (trafilatura's last resort): better than nothing only
    score = 0
    for paragraph in paragraphs:
        words = len(paragraph.split())
        if is_furniture(paragraph):
            score -= 2 * words
        elif words >= PROSE_MIN_WORDS:
            score += words
    return score


def is_furniture(paragraph: str) -> bool:
    if len(paragraph.split()) >= FURNITURE_MAX_WORDS:
        return False
    return not SENTENCE_END_RE.search(paragraph) or printed_datetime(paragraph) is not None


def is_label(paragraph: str) -> bool:
    """A button or a section label: a few short words of furniture (CJK text, without spaces, is
    judged by its characters)."""
    short = len(paragraph.split()) <= TRAILING_LABEL_WORDS and len(paragraph) <= TRAILING_LABEL_CHARS
    return short and is_furniture(paragraph)


def covers(text: str, description: str | None) -> bool:
    """Whether ``text`` contains (nearly all of) ``description``, when that says enough to tell."""
    wanted = _trigrams(description)
    if len(wanted) < PROSE_MIN_WORDS:
        return False
    return len(wanted & _trigrams(text)) >= DESCRIPTION_COVERAGE * len(wanted)


def _trigrams(text: str | None) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", (text or "").lower())
    return {tuple(words[i:i + 3]) for i in range(len(words) - 2)}


def body_container(doc, paragraphs: list[str]):
    """The element holding a body found as text (from its first paragraph to its last): where
    that body's images and their captions are."""
    first = _first_holder(doc, paragraphs)
    last = _first_holder(doc, reversed(paragraphs))
    if first is None or last is None:
        return None
    ancestors = [first, *first.iterancestors()]
    return next((a for a in [last, *last.iterancestors()] if a in ancestors), None)


def _first_holder(doc, paragraphs):
    return next((h for h in (_text_holder(doc, p) for p in paragraphs) if h is not None), None)


def _text_holder(doc, paragraph: str):
    """The element of the first text node of 20+ characters that belongs to ``paragraph``."""
    for element in doc.iter():
        if not isinstance(element.tag, str):
            continue
        for text, holder in ((element.text, element), (element.tail, element.getparent())):
            text = normalize_space(text)
            if len(text) >= 20 and text in paragraph and holder is not None:
                return holder
    return None


# ---- sanity checks of a selector's body ---------------------------------------------------------

def plausible_body(reading: Cleaned, elements, doc) -> bool:
    """Whether the body a site's or platform's selector found can stand without a second opinion:
    enough words, not mostly links, and not a small share of the page's prose (a selector that
    matched a "Subscribe" box, a teaser or a widget of the same class)."""
    words = word_count(reading.paragraphs)
    if words < MIN_BODY_WORDS:
        return False
    text = sum(len(normalize_space(e.text_content())) for e in elements)
    linked = sum(len(normalize_space(a.text_content())) for e in elements for a in e.iter("a"))
    if text and linked > MAX_LINK_SHARE * text:
        return False
    return words >= MIN_PAGE_SHARE * page_prose_words(doc)


def better_reading(candidate: Cleaned, selected: Cleaned) -> bool:
    """Whether the generic layer's ``candidate`` replaces a doubtful selector's body: clearly
    longer, and more prose once furniture is counted against it."""
    more = len(candidate.text) >= LONGER_BY * max(1, len(selected.text))  # characters: CJK has no spaces
    return more and (not selected.paragraphs or body_score(candidate.paragraphs) >= body_score(selected.paragraphs))
