"""Selecting from a page: CSS selectors with an "@attr" suffix, parsing, a block's paragraphs.

Which selectors to try for a field is platform knowledge (:mod:`humas_crawler.extraction.platforms`); this
module only applies them.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lxml import etree
from lxml import html as lxml_html
from lxml.cssselect import CSSSelector

from humas_crawler.extraction.text import BLOCK_TAGS, normalize_space

CAPTION_LABEL_RE = re.compile(r"^\s*(keterangan\s+(gambar|foto)|foto)\s*:\s*", re.IGNORECASE)
UTF8_PARSER = lxml_html.HTMLParser(encoding="utf-8")
NOT_PROSE_TAGS = {"a", "script", "style"}  # text inside these is never counted as prose


@lru_cache(maxsize=512)
def compile_selector(selector: str) -> tuple[CSSSelector, str | None]:
    """``"css@attr"`` as a compiled selector and the attribute to read (None: the text); a bad
    selector raises here, so platforms.toml can check its selectors when it is read."""
    css, _, attr = selector.partition("@")
    return _compiled_css(css), attr or None


@lru_cache(maxsize=512)
def _compiled_css(css: str) -> CSSSelector:
    """One compiled selector per CSS text, whatever attribute is read after it: :func:`select`
    tells by identity that two selectors of a list match the same elements."""
    return CSSSelector(css)


def _selector_list(selectors) -> list[str]:
    return [selectors] if isinstance(selectors, str) else list(selectors or ())


def select(doc, selectors) -> tuple[object, str | None]:
    """The first element matched by any of ``selectors`` and the attribute named after "@" (a
    list often reads one element's attributes in turn: "[itemprop=x]@content", "...@datetime";
    its matches are found once)."""
    matched: dict = {}
    for selector in _selector_list(selectors):
        css, attr = compile_selector(selector)
        if css not in matched:
            matched[css] = css(doc)
        for element in matched[css]:
            if attr is None or element.get(attr):
                return element, attr
    return None, None


def select_parts(doc, selectors) -> list:
    """The first element matched by any of ``selectors`` with the matches beside it (same parent):
    a body split in parts ("div.itemIntroText, div.itemFullText") is read whole, while the same
    class elsewhere on the page (a footer block) is not."""
    for selector in _selector_list(selectors):
        css, _ = compile_selector(selector)
        elements = css(doc)
        if elements:
            return [e for e in elements if e.getparent() is elements[0].getparent()]
    return []


def select_text(doc, selectors) -> str | None:
    element, attr = select(doc, selectors)
    if element is None:
        return None
    return normalize_space(element.get(attr) if attr else text_content(element)) or None


def select_all_text(doc, selectors) -> list[str]:
    """Texts of every element matched by the first selector that matches anything (tags, categories)."""
    for selector in _selector_list(selectors):
        css, attr = compile_selector(selector)
        values = [normalize_space(e.get(attr) if attr else text_content(e)) for e in css(doc)]
        values = list(dict.fromkeys(v for v in values if v))
        if values:
            return values
    return []


def loose_texts(root) -> list[tuple[object, str]]:
    """Every text node under ``root`` outside links, scripts and styles, in document order, with the
    element it belongs to (a tail belongs to its element's parent): what prose is counted from. One
    walk driven by lxml, skipping those subtrees (an XPath testing each node's ancestors cost 1.4
    times as much), since the page kind, the noise blocks and the sanity checks all ask for it."""
    if any(ancestor.tag in NOT_PROSE_TAGS for ancestor in root.iterancestors()):
        return []
    texts = []
    walker = etree.iterwalk(root, events=("start", "end", "comment", "pi"))
    for event, node in walker:
        if event == "start":
            if node.tag in NOT_PROSE_TAGS:
                walker.skip_subtree()
            elif node.text:
                texts.append((node, node.text))
        elif node is not root and node.tail:
            texts.append((node.getparent(), node.tail))
    return texts


def text_content(element) -> str:
    """``element.text_content()``, without its XPath call for an element with no children (most
    links: reading every link's text that way cost three times as much)."""
    return element.text_content() if len(element) else element.text or ""


def parse_html(html: str | bytes):
    """Parse a page; text is re-encoded as UTF-8 so a stale <meta charset> cannot garble it."""
    if isinstance(html, bytes):
        return lxml_html.document_fromstring(html)
    return lxml_html.document_fromstring(html.encode("utf-8"), parser=UTF8_PARSER)


def element_paragraphs(element) -> list[str]:
    """The text of ``element`` as paragraphs: block elements and <br> end a paragraph."""
    paragraphs: list[str] = []
    buffer: list[str] = []

    def flush():
        text = normalize_space("".join(buffer))
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


def caption_text(caption) -> str | None:
    """A caption element's text without its "Keterangan Gambar :" / "Foto :" label."""
    return CAPTION_LABEL_RE.sub("", normalize_space(caption.text_content())) or None
