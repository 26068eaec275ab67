"""The generic layer, for pages no selector knows: trafilatura's and readability's readings (and a
gallery's captions) compete, and the one with the most prose and least furniture wins."""

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

SENTENCE_END_RE = re.compile(r"[.!?\"”’)]$")
# A line this short without closing punctuation is a label, a button or a headline, not prose.
FURNITURE_MAX_WORDS = 20
PROSE_MIN_WORDS = 8
# A candidate body "contains" the page's description when this share of its word trigrams is there.
DESCRIPTION_COVERAGE = 0.8


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


def generic_body(doc, url: str | None, title: str | None) -> tuple[Cleaned, str]:
    """The body of a page no selector knows, from the page after our noise blocks are gone.

    Three readings compete: trafilatura's, readability's (which finds text typed before the first
    <p> and a lone article beside long listings) and a photo gallery's captions. A reading that
    contains the page's own description (og:description) beats one that does not; among the rest,
    the most prose with the least furniture wins (ties go to the earlier reading).
    """
    split_break_runs(doc)
    readings = {
        "generic": trafilatura_paragraphs(doc, url),
        "readability": readability_paragraphs(doc),
        "gallery": gallery_captions(doc),
    }
    cleaned = {layer: clean_paragraphs(paragraphs, title=title) for layer, paragraphs in readings.items()}
    description = meta_content(doc, "og:description") or meta_content(doc, "description")
    relevant = [layer for layer, c in cleaned.items() if covers(c.text, description)] or list(cleaned)
    layer = max(relevant, key=lambda name: body_score(cleaned[name].paragraphs))
    return cleaned[layer], layer


def trafilatura_paragraphs(doc, url: str | None) -> list[str]:
    text = trafilatura.extract(
        doc, url=url, include_comments=False, include_tables=False, favor_precision=True, deduplicate=False
    )
    return [normalize_space(line) for line in (text or "").splitlines() if line.strip()]


def readability_paragraphs(doc) -> list[str]:
    """readability-lxml's main text; photo captions go first, so they cannot pass for paragraphs.
    (Without the page's URL: readability would spend its time making links absolute.)"""
    page = copy.deepcopy(doc)
    for caption in caption_selector()(page):
        caption.drop_tree()
    try:
        summary = Document(lxml_html.tostring(page, encoding="unicode")).summary(html_partial=True)
    except Unparseable:
        return []
    return element_paragraphs(lxml_html.fragment_fromstring(summary, create_parent="div"))


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
