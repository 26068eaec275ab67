"""Selecting from a page: CSS selectors with an "@attr" suffix, parsing, a block's paragraphs.

Which selectors to try for a field is platform knowledge (:mod:`humas_crawler.extraction.platforms`); this
module only applies them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from cssselect import parser as css_parser
from lxml import etree
from lxml import html as lxml_html
from lxml.cssselect import CSSSelector

from humas_crawler.extraction.text import BLOCK_TAGS, normalize_space

CAPTION_LABEL_RE = re.compile(r"^\s*(keterangan\s+(gambar|foto)|foto)\s*:\s*", re.IGNORECASE)


def _page_parser(**options) -> lxml_html.HTMLParser:
    """An HTML parser whose elements are lxml.html's, picked in C: lxml.html's own lookup is Python
    code that runs each time a walk meets an element with no live proxy (a million calls over 300
    pages, a tenth of the extraction's time under the profiler), only to give <form>, <input>,
    <select>, <textarea> and <label> their form-filling classes, which no reader here uses."""
    parser = lxml_html.HTMLParser(**options)
    parser.set_element_class_lookup(etree.ElementDefaultClassLookup(
        element=lxml_html.HtmlElement, comment=lxml_html.HtmlComment, pi=lxml_html.HtmlProcessingInstruction,
        entity=lxml_html.HtmlEntity))
    return parser


UTF8_PARSER = _page_parser(encoding="utf-8")
BYTES_PARSER = _page_parser()  # the page's own <meta charset> or lxml's guess decides
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


# A selector part of the shape tag, #id, .class.class, tag.class or [id^=prefix]. Every CSSSelector
# walks the whole page, and the block rules hold some forty parts: parts of this shape are matched
# for all rules in one walk instead (see simple_matches; cleaning's block rules, the captions).
SIMPLE_SELECTOR_RE = re.compile(
    r"^(?P<tag>[a-z][a-z0-9]*)?(?:#(?P<id>[\w-]+))?(?P<classes>(?:\.[\w-]+)*)$|^\[id\^=(?P<prefix>[\w-]+)\]$"
)


@dataclass(frozen=True)
class SimpleSelector:
    tag: str | None = None
    id: str | None = None
    classes: frozenset = frozenset()
    prefix: str | None = None

    def matches(self, tag: str, id_: str | None, classes: set[str]) -> bool:
        return ((self.tag is None or self.tag == tag) and (self.id is None or self.id == id_)
                and self.classes <= classes and (self.prefix is None or (id_ or "").startswith(self.prefix)))

    @property
    def key(self) -> tuple[str, str]:
        """What an element must have for this part to match it, for the walk's lookup table."""
        if self.classes:
            return "class", min(self.classes)
        if self.id:
            return "id", self.id
        return ("tag", self.tag) if self.tag else ("prefix", "")


@lru_cache(maxsize=256)
def simple_selectors(selector: str) -> tuple[SimpleSelector, ...] | None:
    parts = []
    for part in selector.split(","):
        match = SIMPLE_SELECTOR_RE.match(part.strip())
        if not match or not any(match.groups()):
            return None
        classes = frozenset(filter(None, (match["classes"] or "").split(".")))
        parts.append(SimpleSelector(match["tag"], match["id"], classes, match["prefix"]))
    return tuple(parts)


def simple_table(entries) -> dict[str, dict[str, list[tuple[object, SimpleSelector]]]]:
    """(label, part) pairs by the kind and value of each part's key (see SimpleSelector.key)."""
    table: dict = {}
    for label, part in entries:
        kind, value = part.key
        table.setdefault(kind, {}).setdefault(value, []).append((label, part))
    return table


def simple_matches(root, table):
    """(element, labels of the parts it matches) for each element of ``root`` (``root`` included,
    as CSSSelector does) that matches a part of ``table`` (see :func:`simple_table`), in document
    order, from one walk: an element is only compared with the parts naming its tag, one of its
    classes or its id (most elements: none)."""
    by_tag, by_class, by_id, prefixed = (table.get(kind, {}) for kind in ("tag", "class", "id", "prefix"))
    for element in root.iter(etree.Element):  # elements only: comments and PIs are skipped by lxml
        tag, id_, class_attr = element.tag, element.get("id"), element.get("class")
        entries = by_tag.get(tag, ())
        names = class_attr.split() if class_attr else ()
        # half the elements have classes, and few of those are any part's: a C test rules them out
        if names and not by_class.keys().isdisjoint(names):
            entries = [*entries, *(entry for name in names for entry in by_class.get(name, ()))]
        if id_:
            entries = [*entries, *by_id.get(id_, ()), *prefixed.get("", ())]
        if not entries:
            continue
        classes = set(names)
        labels = {label for label, part in entries if part.matches(tag, id_, classes)}
        if labels:
            yield element, labels


class SimpleSelectorList:
    """A selector list of simple parts, called like a CSSSelector (the elements of a root it
    matches, the root included, in document order) but matched in one walk: a CSSSelector walks
    the page once per part, comparing every class attribute as a string (the eight caption
    selectors took 2 ms a page, five times this walk)."""

    def __init__(self, parts: tuple[SimpleSelector, ...]):
        self.table = simple_table((None, part) for part in parts)

    def __call__(self, root) -> list:
        return [element for element, _ in simple_matches(root, self.table)]


def fast_selector(selector: str):
    """``selector`` as a SimpleSelectorList when all its parts are simple, else compiled CSS."""
    parts = simple_selectors(selector)
    return CSSSelector(selector) if parts is None else SimpleSelectorList(parts)


def _selector_list(selectors) -> list[str]:
    return [selectors] if isinstance(selectors, str) else list(selectors or ())


def page_markup(doc, nodes: list | None = None) -> tuple[set[str], set[str]]:
    """The tags and the attribute names of a page's elements, from one walk: a selector needing
    others (see :func:`selector_needs`) matches nothing there and is not tried. Each selector
    tried is an XPath walk of the page (0.2-0.4 ms); three pages in five of trafilatura's
    evaluation set have no ``itemprop``, which half the generic table's field selectors need.
    ``nodes``: ``list(doc.iter())`` when the caller holds it already (comments and processing
    instructions among them are passed over), which spares the walk."""
    tags, attributes = set(), set()
    for element in doc.iter(etree.Element) if nodes is None else nodes:
        if isinstance(element.tag, str):
            tags.add(element.tag)
            attributes.update(element.keys())
    return tags, attributes


@lru_cache(maxsize=512)
def selector_needs(css: str) -> tuple[tuple[frozenset, frozenset], ...]:
    """Per selector of the list ``css``, the tags and attribute names that elements of a page it
    matches in must have: its compounds' own (what a :not(), :has() or :is() asks is left out;
    "[x!=y]" needs no x)."""
    needs = []
    for selector in css_parser.parse(css):
        tags, attributes, nodes = set(), set(), [selector.parsed_tree]
        while nodes:
            node = nodes.pop()
            if isinstance(node, css_parser.Element):
                if node.element and not node.namespace:
                    tags.add(node.element)
                continue
            if isinstance(node, css_parser.CombinedSelector):
                nodes.append(node.subselector)
            elif isinstance(node, css_parser.Attrib) and node.operator != "!=" and not node.namespace:
                attributes.add(node.attrib)
            elif isinstance(node, (css_parser.Class, css_parser.Hash)):
                attributes.add("class" if isinstance(node, css_parser.Class) else "id")
            nodes.append(node.selector)
        needs.append((frozenset(tags), frozenset(attributes)))
    return tuple(needs)


def may_match(css: str, markup: tuple[set[str], set[str]] | None) -> bool:
    """Whether ``css`` can match anything on a page of ``markup`` (:func:`page_markup`; None: unknown)."""
    if markup is None:
        return True
    tags, attributes = markup
    return any(need_tags <= tags and need_attributes <= attributes for need_tags, need_attributes in selector_needs(css))


def select(doc, selectors, markup=None) -> tuple[object, str | None]:
    """The first element matched by any of ``selectors`` and the attribute named after "@" (a
    list often reads one element's attributes in turn: "[itemprop=x]@content", "...@datetime";
    its matches are found once). ``markup``: see :func:`may_match`."""
    matched: dict = {}
    for selector in _selector_list(selectors):
        css, attr = compile_selector(selector)
        if css not in matched:
            matched[css] = css(doc) if may_match(css.css, markup) else []
        for element in matched[css]:
            if attr is None or element.get(attr):
                return element, attr
    return None, None


def select_parts(doc, selectors, markup=None) -> list:
    """The first element matched by any of ``selectors`` with the matches beside it (same parent):
    a body split in parts ("div.itemIntroText, div.itemFullText") is read whole, while the same
    class elsewhere on the page (a footer block) is not. ``markup``: see :func:`may_match`."""
    for selector in _selector_list(selectors):
        css, _ = compile_selector(selector)
        elements = css(doc) if may_match(css.css, markup) else []
        if elements:
            return [e for e in elements if e.getparent() is elements[0].getparent()]
    return []


def select_text(doc, selectors, markup=None) -> str | None:
    element, attr = select(doc, selectors, markup)
    if element is None:
        return None
    return normalize_space(element.get(attr) if attr else text_content(element)) or None


def select_all_text(doc, selectors, markup=None) -> list[str]:
    """Texts of every element matched by the first selector that matches anything (tags,
    categories). ``markup``: see :func:`may_match`."""
    for selector in _selector_list(selectors):
        css, attr = compile_selector(selector)
        if not may_match(css.css, markup):
            continue
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


# An opening tag: a PDF's "<</Type" or a JSON document's "<" in a string is none
OPENING_TAG_RE = re.compile(r"<[a-zA-Z][\w:-]*(?:\s[^<>]*)?/?>")
# Control characters other than tab, newline, form feed and carriage return: a text page has none
# or a few strays (a real news page carries 22 NULs mid-text), a binary file (an image, a SQLite
# file, a PDF's compressed streams) one in every few dozen bytes
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")
BINARY_CONTROL_SHARE = 0.01  # of the characters sampled: BINARY_WINDOW at the start, middle and end
BINARY_WINDOW = 4096


def not_a_page(html: str | bytes | None) -> str | None:
    """Why ``html`` cannot hold an article (None when it may): empty, binary or no markup at all.

    Checked before parsing, because lxml raises on an empty document and reads a binary file or a
    plain text as a page whose "body" is its bytes; the reason finishes "<file> ...". Bytes are read as
    Latin-1 here, which maps each byte to one character whatever the page's real encoding."""
    text = html.decode("latin-1") if isinstance(html, bytes) else (html or "")
    if not text or text.isspace():  # isspace stops at the first letter; strip() would copy the page
        return "is empty"
    if binary_share(text) > BINARY_CONTROL_SHARE:
        return "is a binary file, not an HTML page"
    if not OPENING_TAG_RE.search(text):
        return "holds no HTML markup, not an HTML page"
    return None


def binary_share(text: str) -> float:
    """The share of control characters in three windows of ``text`` (start, middle, end): a PDF
    opens with text and holds its binary streams further on; reading every character of a big
    page for this would cost a tenth of a page's extraction."""
    if len(text) <= 3 * BINARY_WINDOW:
        sample = text
    else:
        middle = len(text) // 2
        sample = text[:BINARY_WINDOW] + text[middle:middle + BINARY_WINDOW] + text[-BINARY_WINDOW:]
    return len(CONTROL_RE.findall(sample)) / len(sample)


def parse_html(html: str | bytes):
    """Parse a page; text is re-encoded as UTF-8 so a stale <meta charset> cannot garble it."""
    if isinstance(html, bytes):
        return lxml_html.document_fromstring(html, parser=BYTES_PARSER)
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
