"""The generic layer, for pages no selector knows: trafilatura reads the page, readability-lxml
reads it too when that reading looks doubtful, a gallery's captions compete, and the reading with
the most prose and least furniture wins; plus the sanity checks that tell a selector's fragment
("Subscribe", a teaser) from a body."""

from __future__ import annotations

import copy
import re
import unicodedata
from collections import defaultdict
from functools import lru_cache

import trafilatura
from lxml import etree
from lxml import html as lxml_html
from readability import Document
from trafilatura.settings import Extractor
from readability.readability import REGEXES as READABILITY_REGEXES, Unparseable

from humas_crawler.extraction.cleaning import PROSE_MIN_WORDS, Cleaned, clean_paragraphs, prose_words
from humas_crawler.extraction.dates import printed_datetime
from humas_crawler.extraction.markup import caption_text, element_paragraphs, text_content
from humas_crawler.extraction.structured import meta_content
from humas_crawler.extraction.text import BLOCK_TAGS, normalize_space, readable
from humas_crawler.extraction.platforms import caption_selector

WORD_PATTERN = r"\w+"  # a word, for the trigrams that tell whether one text holds another
SENTENCE_END_RE = re.compile(r"[.!?\"”’)]$")
# A line this short without closing punctuation is a label, a button or a headline, not prose.
FURNITURE_MAX_WORDS = 20
# A candidate body "contains" the page's description when this share of its word trigrams is there.
DESCRIPTION_COVERAGE = 0.8
# A first reading with this many words of prose (furniture counted against) and at least this share
# of the page's prose words is not checked by a second reader.
CONFIDENT_PROSE_WORDS = 120
CONFIDENT_PAGE_SHARE = 0.35
# A first reading with at least this many furniture lines making up more than this share of its
# lines has a menu or a listing run into it (trafilatura's fast mode keeps such runs): checked too.
DOUBTFUL_FURNITURE_LINES = 5
DOUBTFUL_FURNITURE_SHARE = 0.5
# A chosen reading shorter than this (characters: CJK has no spaces) is checked against trafilatura's
# reading of the page before our noise blocks went.
RESCUE_CHARS = 300
# A reading with less than this share of trafilatura's words is a fragment, not the article.
FAR_SHORTER = 0.5
# A reading that holds the page's description but this many times less prose than another reading
# holds the lead (or the teaser) only: it does not win for holding the description.
DESCRIPTION_ONLY_RATIO = 4
# A reading at most this many times as long as the description may be that description alone.
TEASER_MAX_RATIO = 1.5
# When neither trafilatura's reading nor readability's scores above this (more furniture than
# prose: a recipe's lists, a data sheet, code, a listing), readability's judgment of prose has
# nothing to go on and trafilatura's reading, which keeps lists and tables, stays.
NO_PROSE_SCORE = 0
# A selector's body is doubtful under this many words, when more than this share of its text is
# links, or when it holds less than this share of the page's prose words; the generic reading then
# replaces it when it is this many times longer (and scores higher).
MIN_BODY_WORDS = 25
MAX_LINK_SHARE = 0.5
MIN_PAGE_SHARE = 0.25
LONGER_BY = 2
# A platform selector's body whose links make up this share of its text may hold a links box.
REFINE_MIN_LINK_SHARE = 0.05
# A line this short that is furniture, at the end of trafilatura's reading, is a label under the text.
TRAILING_LABEL_WORDS = 4
TRAILING_LABEL_CHARS = 30
# A table cell holding two paragraphs of prose: the page is laid out in tables, not a data table.
LAYOUT_TABLE = etree.XPath(
    "boolean(//td[count(.//*[self::p or self::div][string-length(normalize-space(.)) > 80]) >= 2])"
)
# A reading of one paragraph this long is the page's whole text run together, not an article.
DUMP_WORDS = 200
# The standfirst (lead) printed between the headline and the body in a block of its own: looked for
# among this many text blocks after the headline, and taken only when the body starts within them
# and at most this many prose blocks come before it (more is a listing, not a lead).
LEAD_REACH = 25
LEAD_MAX_BLOCKS = 3
# A block of this many words right under the headline, directly followed by the body, is its
# subtitle, even without a sentence's closing punctuation (shorter: a byline or a label).
SUBTITLE_MIN_WORDS = 6
SUBTITLE_TAGS = {"h2", "h3", "h4"}
SUBTITLE_CLASSES = re.compile(r"sub-?title|sub-?head|subline|dek\b|standfirst|excerpt|teaser|intro|lead|summary",
                              re.IGNORECASE)
# Where a lead never is: page furniture, figures and their captions, forms; and text blocks whose
# class or id names a caption, a credit, a byline, a share row or a picture.
LEAD_SKIP_TAGS = {"nav", "aside", "footer", "figure", "figcaption", "form", "script", "style", "noscript", "select"}
LEAD_SKIP_CLASSES = re.compile(r"caption|credit|byline|author|share|social|breadcrumb|photo|foto|image|gallery", re.IGNORECASE)
LEAD_TAGS = {"p", "div", "h2", "h3", "h4", "h5", "h6", "span", "section", "header"}
CODE_TAGS = {"script", "style", "noscript"}


def split_break_runs(root) -> None:
    """Give each text of a <br><br>-separated run its own block (old CMSes, table layouts, text
    typed before the first <p>): the main-content extractors judge blocks, and drop loose text.
    The parents to rebuild are found from the page's <br>s, not by asking every element about its
    children (a tenth of the generic layer's own time); each is rebuilt without looking inside
    its children, so the order they are rebuilt in does not matter."""
    parents = dict.fromkeys(br.getparent() for br in root.iter("br") if _starts_break_run(br))
    for parent in parents:
        _wrap_segments(parent)


def _starts_break_run(br) -> bool:
    """A <br> with nothing but spacing between it and the next <br>."""
    following = br.getnext()
    return following is not None and following.tag == "br" and not (br.tail or "").strip()


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


def generic_body(doc, url: str | None, title: str | None, pristine=None,
                 text_words: int | None = None) -> tuple[Cleaned, str]:
    """The body of a page no selector knows, from the page after our noise blocks are gone.

    trafilatura reads the page first (balanced settings, fast mode: without its own fallback
    readers, which cost as much again; plain trafilatura is the floor this layer must not fall
    under). readability's reading (which finds text typed before
    the first <p> and a lone article beside long listings) is taken only when that first reading
    looks doubtful (see :func:`doubtful`); a photo gallery's captions compete too. A reading that
    contains the page's own description (og:description) beats one that does not, unless it is
    only that lead beside a reading with many times its prose; among the rest,
    the most prose with the least furniture wins (ties go to the earlier reading), and a reading
    far shorter than trafilatura's never wins. ``pristine`` gives the page before our noise blocks
    went (a function, called only when needed): when every reading of the cleaned page is short,
    trafilatura reads that too (a noise rule that took a page-wide <form>, say, must not leave the
    page without a body). ``text_words``: see :func:`doubtful`.
    """
    split_break_runs(doc)
    description = meta_content(doc, "og:description") or meta_content(doc, "description")
    first = clean_paragraphs(trafilatura_paragraphs(doc, url), title=title)
    cleaned = {"generic": first}
    captions = caption_selector()(doc)  # found once: the gallery and readability's copy both need them
    gallery = gallery_captions(captions)
    if gallery:
        cleaned["gallery"] = clean_paragraphs(gallery, title=title)
    if doubtful(first, description, None, doc, text_words):
        cleaned["readability"] = clean_paragraphs(readability_paragraphs(doc, captions), title=title)
    scores = {name: body_score(c.paragraphs) for name, c in cleaned.items()}
    photos = set(cleaned["gallery"].paragraphs) if gallery else set()
    relevant = [layer for layer, c in cleaned.items()
                if holds_description(c, description, set() if layer == "gallery" else photos)
                and DESCRIPTION_ONLY_RATIO * scores[layer] >= max(scores.values())
                and not teaser_only(c, description)] or list(cleaned)
    if "readability" in relevant and word_count(cleaned["readability"].paragraphs) < FAR_SHORTER * word_count(
            first.paragraphs):
        relevant.remove("readability")  # a fragment of what trafilatura read
    if "readability" in relevant and max(scores["readability"], scores["generic"]) <= NO_PROSE_SCORE:
        relevant.remove("readability")  # neither found prose (a recipe, a listing, code)
    relevant = relevant or ["generic"]
    layer = max(relevant, key=scores.get)
    chosen = cleaned[layer]
    if pristine is not None and len(chosen.text) < RESCUE_CHARS:
        rescue = clean_paragraphs(trafilatura_paragraphs(pristine(), url), title=title)
        held = holds_description(chosen, description, set() if layer == "gallery" else photos)
        if better_reading(rescue, chosen) and (holds_description(rescue, description, photos) or not held):
            return rescue, "generic"
    return chosen, layer


def holds_description(reading: Cleaned, description: str | None, photos: set[str]) -> bool:
    """Whether a reading holds the page's description in its own text: a gallery's captions
    (``photos``) that a reader took in beside other text do not count, since the gallery's own
    reading competes with them (a photo story whose captions sit above other stories' teasers)."""
    return covers("\n\n".join(p for p in reading.paragraphs if p not in photos), description)


def teaser_only(reading: Cleaned, description: str) -> bool:
    """Whether a reading is the page's description and little else (the teaser printed above an
    article that a reader took for the whole text): it holds the description, but that is no sign
    of holding the article. Told by the reading's word trigrams being nearly all in the
    description, checked only for a reading at most TEASER_MAX_RATIO times the description's length."""
    short = word_count(reading.paragraphs) <= TEASER_MAX_RATIO * len(description.split())
    return short and covers(description, reading.text)


def doubtful(reading: Cleaned, description: str | None, page_words: int | None, doc=None,
             text_words: int | None = None) -> bool:
    """Whether a reading may have missed the article, so another reader should be asked: little
    prose (furniture counted against it), the page's description not in it while the page
    (``doc``, when given) shows it, a small share of the page's prose (``page_words``, counted
    from ``doc`` when None: only this last check needs them), or mostly lines of furniture.
    A description the page does not print (a summary written for search engines) tells nothing
    about a reading: on trafilatura's evaluation set, not asking readability about those pages
    (116 of its 415 calls) kept every snippet found and five unwanted ones out. ``text_words``, the
    words of the page's text before our cuts (see :func:`plausible_body`), bound its prose words
    from above: a reading long enough beside them needs no count of the prose."""
    words = word_count(reading.paragraphs)
    if body_score(reading.paragraphs) < CONFIDENT_PROSE_WORDS:
        return True
    furniture = sum(map(is_furniture, reading.paragraphs))
    if furniture >= DOUBTFUL_FURNITURE_LINES and furniture > DOUBTFUL_FURNITURE_SHARE * len(reading.paragraphs):
        return True
    if (description and len(_trigrams(description)) >= PROSE_MIN_WORDS and not covers(reading.text, description)
            and (doc is None or covers(page_text(doc), description))):
        return True
    if page_words is None and text_words is not None and words >= CONFIDENT_PAGE_SHARE * text_words:
        return False
    return words < CONFIDENT_PAGE_SHARE * (page_prose_words(doc) if page_words is None else page_words)


def word_count(paragraphs: list[str]) -> int:
    return sum(len(paragraph.split()) for paragraph in paragraphs)


def page_prose_words(doc) -> int:
    """Words of prose on the whole page (see :func:`prose_words`): what a reading of the article
    could at most hold, plus teasers and footers."""
    body = doc.find("body")
    return prose_words(body) if body is not None else 0


def trafilatura_paragraphs(doc, url: str | None) -> list[str]:
    """trafilatura's reading of the page with its default, balanced settings, reader comments left
    out. Data tables are read (article text on many sites: 0.002 F1 on trafilatura's own set); a
    page laid out in tables is read without them, since trafilatura runs a table cell's paragraphs
    together (old PHP CMSes put the whole article, bylines and share rows in table cells). A row
    comes as a plain line, so a byline row ("| Penulis | : X |") meets the line rules."""
    laid_out = next(doc.iter("td"), None) is not None and LAYOUT_TABLE(doc)  # no XPath walk without cells
    text = trafilatura.extract(doc, options=_trafilatura_options(not laid_out, url))
    paragraphs = [_row_text(normalize_space(line)) for line in (text or "").splitlines() if line.strip()]
    while paragraphs and is_label(paragraphs[-1]):
        paragraphs.pop()  # a button or a section label under the text ("Index »", "Share")
    return paragraphs


@lru_cache(maxsize=2)
def _base_options(tables: bool) -> Extractor:
    return Extractor(fast=True, comments=False, tables=tables, dedup=False)


def _trafilatura_options(tables: bool, url: str | None) -> Extractor:
    """trafilatura's settings for one page: built once and copied, since building them reads its
    config file's values anew each time (an eighth of a reading of a selector's element). The
    page's address is set as trafilatura's constructor sets it."""
    options = copy.copy(_base_options(tables))
    options.url = url
    options.source = url and url.encode("utf-8", "replace").decode("utf-8")
    return options


def _row_text(line: str) -> str:
    """A table row as trafilatura writes it ("| a | b |") as its cells' text ("a b")."""
    if len(line) > 1 and line.startswith("|") and line.endswith("|"):
        return " ".join(cell.strip() for cell in line[1:-1].split("|") if cell.strip())
    return line


def readability_paragraphs(doc, captions=None) -> list[str]:
    """readability-lxml's main text; photo captions (``captions``: the caption elements of
    ``doc``, when already found) go first, so they cannot pass for paragraphs. (Without the page's
    URL: readability would spend its time making links absolute.) readability reads the tree
    itself (no serialising and re-parsing) through :class:`_TreeReadability`, which copies it for
    each of its attempts; the captions are found in each copy by their paths, cheaper than
    matching the caption selector again."""
    tree = doc.getroottree()
    paths = [tree.getpath(caption) for caption in (caption_selector()(doc) if captions is None else captions)]
    try:
        summary = _TreeReadability(doc, paths).summary(html_partial=True)
        fragment = lxml_html.fragment_fromstring(summary, create_parent="div")
    except (Unparseable, AssertionError, ValueError):  # lxml asserts on a summary with no body left
        return []
    return element_paragraphs(fragment)


class _TreeReadability(Document):
    """readability-lxml's Document on a tree it must not change, without its HTML cleaner: each
    attempt (a short first reading is retried less ruthlessly) reads a fresh copy of the page,
    less the captions at ``caption_paths``, the hidden elements readability drops, and what its
    cleaner would take out that holds text (scripts, styles, <link>s, comments, processing
    instructions). The cleaner also rewrote every link and scanned every attribute for
    JavaScript, a fifth of readability's time, and changed no text: the same paragraphs on every
    page of trafilatura's evaluation set."""

    def __init__(self, doc, caption_paths: list[str]):
        super().__init__(doc)
        self.caption_paths = caption_paths

    def _parse(self, input):
        page = copy.deepcopy(input)
        copied = page.getroottree()
        for caption in [found for path in self.caption_paths for found in copied.xpath(path)]:
            caption.drop_tree()
        for element in page.xpath("//*[@hidden]"):
            element.drop_tree()
        for element in page.xpath("//*[@style]"):
            if READABILITY_REGEXES["displayNoneRe"].search(element.get("style")):
                element.drop_tree()
        etree.strip_elements(page, "script", "style", "link", etree.Comment, etree.ProcessingInstruction,
                             with_tail=False)
        etree.strip_attributes(page, "style")
        for image in page.iter("image"):  # the cleaner's one renaming: readability counts <img>s
            image.tag = "img"
        self.encoding = "utf-8"
        return page


def gallery_captions(captions) -> list[str]:
    """The captions of a photo gallery (the largest set of captioned images side by side) among a
    page's caption elements: the text of a photo story."""
    groups = defaultdict(list)
    for caption in captions:
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
    """Whether ``text`` contains (nearly all of) ``description``, when that says enough to tell:
    each of the description's word trigrams is looked for in ``text``'s words joined by single
    spaces, which costs a third of building the set of ``text``'s trigrams (a whole page's text)."""
    wanted = _trigrams(description)
    if len(wanted) < PROSE_MIN_WORDS:
        return False
    words = f" {' '.join(re.findall(WORD_PATTERN, (text or '').lower()))} "
    found = sum(f" {' '.join(trigram)} " in words for trigram in wanted)
    return found >= DESCRIPTION_COVERAGE * len(wanted)


def page_text(doc) -> str:
    """All the text of the page's body (scripts' too: a reader may keep what a script writes)."""
    body = doc.find("body")
    return body.text_content() if body is not None else ""


def _trigrams(text: str | None) -> set[tuple[str, ...]]:
    words = re.findall(WORD_PATTERN, (text or "").lower())
    return {tuple(words[i:i + 3]) for i in range(len(words) - 2)}


def body_container(doc, paragraphs: list[str]):
    """The element holding a body found as text (from its first paragraph to its last): where
    that body's images and their captions are."""
    texts = _long_texts(doc)
    first = _first_holder(texts, paragraphs)
    last = _first_holder(texts, reversed(paragraphs))
    if first is None or last is None:
        return None
    ancestors = [first, *first.iterancestors()]
    return next((a for a in [last, *last.iterancestors()] if a in ancestors), None)


def _long_texts(doc) -> list[tuple[str, object]]:
    """Every text node of 20+ characters in document order, read as the body's paragraphs are,
    with the element it belongs to (a tail belongs to its element's parent)."""
    texts = []
    for element in doc.iter(etree.Element):  # elements only, picked by lxml (comments' tails are not read)
        text, tail = element.text, element.tail
        if text and len(text) >= 20:
            _add_long(texts, text, element)
        if tail and len(tail) >= 20:  # the parent is only looked up for a long tail
            _add_long(texts, tail, element.getparent())
    return texts


def _add_long(texts: list, text: str, holder) -> None:
    """Keep ``text`` with its holder when it is still 20+ characters once read as a paragraph is."""
    if holder is not None:
        text = readable(text)
        if len(text) >= 20:
            texts.append((text, holder))


def _first_holder(texts, paragraphs):
    """The holder of the first long text that belongs to a paragraph, trying the paragraphs in order."""
    for paragraph in paragraphs:
        holder = next((h for text, h in texts if text in paragraph), None)
        if holder is not None:
            return holder
    return None


# ---- the lead ------------------------------------------------------------------------------------

def with_lead(reading: Cleaned, anchor, title: str | None) -> Cleaned:
    """``reading`` with the standfirst put back before it: the prose blocks printed between the
    headline (``anchor``) and the body's first paragraph that the reading left out (a CMS's
    "teaser-text", "entry-excerpt" or subtitle block, which readers take for page furniture since
    it sits in the article's header, apart from the body's container)."""
    if anchor is None or not reading.paragraphs:
        return reading
    blocks = lead_blocks(anchor, _squashed(reading.text))
    if not blocks:
        return reading
    lead = clean_paragraphs(blocks, title=title)
    if not lead.paragraphs:
        return reading
    removed = reading.removed.copy()
    removed.update(lead.removed)
    return Cleaned(lead.paragraphs + reading.paragraphs, reading.captions + lead.captions, reading.editor, removed)


def lead_blocks(anchor, body: str) -> list[str]:
    """The prose blocks after ``anchor`` in document order up to the first block that is in
    ``body`` (squashed, see :func:`_squashed`); none when the body does not start within LEAD_REACH
    blocks or more than LEAD_MAX_BLOCKS prose blocks come first. A subtitle (see :func:`is_subtitle`)
    counts too when it is the one block between the headline and the body."""
    found, seen, subtitle = [], 0, None
    for text, linked, node in _blocks_after(anchor):
        squashed = _squashed(text)
        if not squashed:
            continue
        if squashed in body:
            return found or ([subtitle] if subtitle and seen == 1 else [])
        seen += 1
        if seen > LEAD_REACH:
            return []
        if is_prose(text) and linked * 2 < len(text):
            found.append(text)
            if len(found) > LEAD_MAX_BLOCKS:
                return []
        elif seen == 1 and is_subtitle(node, text, linked):
            subtitle = text
    return []


def is_subtitle(node, text: str, linked: int) -> bool:
    """Whether a block printed right under the headline is its subtitle (a dek: "X presents the
    third edition of the event on the lake"), often without a sentence's closing punctuation: a
    heading or a block whose class or id names a subtitle, of SUBTITLE_MIN_WORDS words or more,
    not a link, not fields run together with " | " (a byline's "By X | Filed under: Y"). (Any block
    there would also take in the byline-and-date lines.)"""
    marked = node.tag in SUBTITLE_TAGS or SUBTITLE_CLASSES.search(f'{node.get("class") or ""} {node.get("id") or ""}')
    return (bool(marked) and len(text.split()) >= SUBTITLE_MIN_WORDS and linked * 2 < len(text)
            and " | " not in text)


def _blocks_after(anchor):
    """(text, characters of link text, element) of each innermost text block after ``anchor`` in document
    order (the following siblings of the anchor and of each of its ancestors), furniture skipped;
    none when the anchor has left the page (inside a noise block that went)."""
    if next(anchor.iterancestors("body"), None) is None:
        return
    node = anchor
    while node is not None and node.tag != "body":
        for sibling in node.itersiblings():
            if isinstance(sibling.tag, str):
                yield from _blocks_in(sibling)
        node = node.getparent()


def _blocks_in(root):
    """The innermost text blocks under ``root`` (a block holding no other block: a lead's <p>, a
    subtitle <h2>, a teaser <div> of plain text), one walk driven by lxml, furniture subtrees and
    caption-like blocks skipped."""
    walker = etree.iterwalk(root, events=("start",))
    for _, node in walker:
        if not isinstance(node.tag, str):
            continue
        if node.tag in LEAD_SKIP_TAGS:
            walker.skip_subtree()
        elif node.tag in LEAD_TAGS and not any(isinstance(child.tag, str) and child.tag in BLOCK_TAGS
                                                for child in node):
            walker.skip_subtree()
            if _furniture_block(node) or any(child.tag in CODE_TAGS for child in node):
                continue  # a block holding a script or a style reads as its code
            text = readable(node.text_content())
            if text:
                yield text, sum(len(normalize_space(text_content(a))) for a in node.iter("a")), node


def _furniture_block(node) -> bool:
    """Whether a text block is a caption, a byline or a share row by its class or id (checked on
    the block itself: a wrapper's "single-image-top" class may hold the whole article), or sits
    beside a picture (then its text is the picture's caption)."""
    if LEAD_SKIP_CLASSES.search(f'{node.get("class") or ""} {node.get("id") or ""}'):
        return True
    return _beside_picture(node)


def _beside_picture(node) -> bool:
    """Whether a block holds a picture or sits beside one: its text is the picture's caption."""
    parent = node.getparent()
    return next(node.iter("img"), None) is not None or (
        parent is not None and any(child.tag == "img" for child in parent))


# ---- sanity checks of a selector's body ---------------------------------------------------------

def plausible_body(reading: Cleaned, elements, doc, text_words: int | None = None) -> bool:
    """Whether the body a site's or platform's selector found can stand without a second opinion:
    enough words, not mostly links, and not a small share of the page's prose (a selector that
    matched a "Subscribe" box, a teaser or a widget of the same class). ``text_words``, the words
    of the page's text outside links, scripts and styles counted before noise blocks went (page
    kind counts them), bounds its prose words from above: a body long enough beside that needs
    no count of the prose."""
    words = word_count(reading.paragraphs)
    if words < MIN_BODY_WORDS:
        return False
    linked, text = link_chars(elements)
    if text and linked > MAX_LINK_SHARE * text:
        return False
    if text_words is not None and words >= MIN_PAGE_SHARE * text_words:
        return True
    return words >= MIN_PAGE_SHARE * page_prose_words(doc)


def link_chars(elements) -> tuple[int, int]:
    """Characters of link text and of all text in ``elements``, spacing normalized."""
    text = sum(len(normalize_space(e.text_content())) for e in elements)
    linked = sum(len(normalize_space(text_content(a))) for e in elements for a in e.iter("a"))
    return linked, text


def refined_selector_body(reading: Cleaned, elements, url: str | None) -> Cleaned:
    """A platform selector's body less the furniture inside its element (share rows, "Related
    Topics", newsletter boxes, an author box: a CMS class holds whatever the theme puts there):
    trafilatura reads the elements alone, and the paragraphs it keeps stay, with the prose
    paragraphs before the first of them (a lead in its own block, which trafilatura tends to drop).
    When trafilatura keeps none of them, the reading stays as it is; it is not asked when the
    element holds no furniture (see :func:`holds_furniture`)."""
    if not holds_furniture(reading, elements):
        return reading
    page = lxml_html.document_fromstring("<html><body></body></html>")
    holder = page.find("body")
    for element in elements:
        holder.append(copy.deepcopy(element))
    kept = "\n".join(trafilatura_paragraphs(page, url))
    squashed, trigrams = _squashed(kept), _trigrams(kept)
    inside = [_squashed(p) in squashed or _mostly_in(p, trigrams) for p in reading.paragraphs]
    if not any(inside):
        return reading
    first = inside.index(True)
    paragraphs = [p for i, p in enumerate(reading.paragraphs) if inside[i] or (i < first and is_prose(p))]
    if paragraphs == reading.paragraphs:
        return reading
    removed = reading.removed.copy()
    removed["outside_main_text"] += len(reading.paragraphs) - len(paragraphs)
    return Cleaned(paragraphs, reading.captions, reading.editor, removed)


def holds_furniture(reading: Cleaned, elements) -> bool:
    """Whether a selector's elements may hold what trafilatura drops: a line of furniture (a box's
    heading, a label, a button) or links making up REFINE_MIN_LINK_SHARE of the text. On the 293
    pages of trafilatura's evaluation set that a platform selector reads, trafilatura changed none
    of the 36 bodies without either; on the seed sites' articles it changed none at all, and took
    about a quarter of the time those pages took (profiled)."""
    if any(map(is_furniture, reading.paragraphs)):
        return True
    linked, text = link_chars(elements)
    return bool(text) and linked >= REFINE_MIN_LINK_SHARE * text


def is_prose(paragraph: str) -> bool:
    return len(paragraph.split()) >= PROSE_MIN_WORDS and not is_furniture(paragraph)


def _mostly_in(paragraph: str, trigrams: set) -> bool:
    """Whether most of a paragraph's word trigrams are among ``trigrams`` (one reader dropped a
    link's text or an inline note that the other kept)."""
    own = _trigrams(paragraph)
    return len(own) >= PROSE_MIN_WORDS and len(own & trigrams) >= DESCRIPTION_COVERAGE * len(own)


def _squashed(text: str) -> str:
    """Text without what readers may render differently (spaces, punctuation, case): for telling
    whether one reading's paragraph is in another's."""
    return re.sub(r"\W+", "", unicodedata.normalize("NFKC", text).lower())


def better_reading(candidate: Cleaned, selected: Cleaned) -> bool:
    """Whether the generic layer's ``candidate`` replaces a doubtful selector's body: clearly
    longer, and more prose once furniture is counted against it."""
    more = len(candidate.text) >= LONGER_BY * max(1, len(selected.text))  # characters: CJK has no spaces
    return more and (not selected.paragraphs or body_score(candidate.paragraphs) >= body_score(selected.paragraphs))

