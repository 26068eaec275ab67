"""Selecting from a page: CSS selectors with an "@attr" suffix, platform markup (markup.toml), parsing."""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path

from lxml import html as lxml_html
from lxml.cssselect import CSSSelector

MARKUP_FILE = Path(__file__).parents[1] / "markup.toml"
BLOCK_TAGS = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "blockquote", "section",
    "article", "table", "tr", "td", "th", "figure", "pre", "header", "footer", "aside", "br", "dd", "dt",
}
CAPTION_LABEL_RE = re.compile(r"^\s*(keterangan\s+(gambar|foto)|foto)\s*:\s*", re.IGNORECASE)


@lru_cache(maxsize=1)
def platform_selectors() -> dict[str, list[str]]:
    return tomllib.loads(MARKUP_FILE.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def caption_selector() -> CSSSelector:
    """Every caption markup of markup.toml as one selector (matches come in document order)."""
    return CSSSelector(", ".join(platform_selectors()["caption"]))


@lru_cache(maxsize=512)
def _compiled(selector: str) -> tuple[CSSSelector, str | None]:
    css, _, attr = selector.partition("@")
    return CSSSelector(css), attr or None


def _selector_list(selectors) -> list[str]:
    return [selectors] if isinstance(selectors, str) else list(selectors or ())


def select(doc, selectors) -> tuple[object, str | None]:
    """The first element matched by any of ``selectors`` and the attribute named after "@"."""
    for selector in _selector_list(selectors):
        css, attr = _compiled(selector)
        for element in css(doc):
            if attr is None or element.get(attr):
                return element, attr
    return None, None


def select_parts(doc, selectors) -> list:
    """The first element matched by any of ``selectors`` with the matches beside it (same parent):
    a body split in parts ("div.itemIntroText, div.itemFullText") is read whole, while the same
    class elsewhere on the page (a footer block) is not."""
    for selector in _selector_list(selectors):
        css, _ = _compiled(selector)
        elements = css(doc)
        if elements:
            return [e for e in elements if e.getparent() is elements[0].getparent()]
    return []


def select_text(doc, selectors) -> str | None:
    element, attr = select(doc, selectors)
    if element is None:
        return None
    return normalize_space(element.get(attr) if attr else element.text_content()) or None


def select_all_text(doc, selectors) -> list[str]:
    """Texts of every element matched by the first selector that matches anything (tags, categories)."""
    for selector in _selector_list(selectors):
        css, attr = _compiled(selector)
        values = [normalize_space(e.get(attr) if attr else e.text_content()) for e in css(doc)]
        values = list(dict.fromkeys(v for v in values if v))
        if values:
            return values
    return []


def normalize_space(text: str | None) -> str:
    return " ".join((text or "").split())


def fold(text: str | None) -> str:
    return normalize_space(text).casefold()


UTF8_PARSER = lxml_html.HTMLParser(encoding="utf-8")


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


def caption_text(caption) -> str | None:
    return CAPTION_LABEL_RE.sub("", normalize_space(caption.text_content())) or None
