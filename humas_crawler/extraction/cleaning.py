"""Noise removal: gambling spam, related-article listings, share widgets, captions, counters.

Three passes, all driven by the rules in ``noise_rules.toml``: spam rules take the gambling spam of
hacked sites out of the whole page first (and say what they took); block rules cut noise out of
the page's DOM before text is taken; line rules then clean the text paragraph by paragraph.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from urllib.parse import urlsplit

from lxml import etree
from lxml.cssselect import CSSSelector

from humas_crawler.extraction.markup import (
    SimpleSelector, loose_texts, may_match, simple_matches, simple_selectors, simple_table, text_content,
)
from humas_crawler.extraction.text import BLOCK_TAGS, HEADING_TAGS, fold, normalize_space, readable

# Package data, read through the package: in a Scrapyd egg it is inside a zip.
RULES_FILE = resources.files(__package__) / "noise_rules.toml"
ACTIONS = ("drop", "cut", "caption", "editor")
# A hidden block is spam when it carries this many different gambling words (one alone may be a
# headline about gambling raids in a hidden tab) or links to this many addresses on other hosts
# (a hidden share menu has a handful).
HIDDEN_SPAM_MIN_WORDS = 2
HIDDEN_SPAM_MIN_EXTERNAL_LINKS = 10
# A visible block is spam when it is mostly links and this many of them are gambling links.
VISIBLE_SPAM_MIN_LINKS = 2
# Prose: a text node of this many words outside links, scripts and styles (not a label or a headline).
PROSE_MIN_WORDS = 8
STYLED = etree.XPath(".//*[@style]")
GROUP_NAME_RE = re.compile(r"\(\?P<\w+>")
BACKREFERENCE_RE = re.compile(r"\\[1-9]|\(\?P=")
# A block rule's match holding this share of the page's prose is the article's container whose
# class happens to say "share" or "ads" (a theme's "entry share" wrapper), not a noise block.
NOISE_BLOCK_MAX_PROSE_SHARE = 0.5
# A line rule with keywords (see LineRule) judges lines up to this long: notices, not paragraphs.
KEYWORD_RULE_MAX_CHARS = 300
# How a sentence ends (a breadcrumb, a date line or a label does not).
SENTENCE_END_RE = re.compile(r"[.!?…\"”’»)]$")


@dataclass(frozen=True)
class BlockRule:
    name: str
    example: str
    selector: str | None = None
    heading: str | None = None

    @property
    def css(self) -> CSSSelector | None:
        return compiled_css(self.selector) if self.selector else None

    @property
    def simple(self) -> tuple[SimpleSelector, ...] | None:
        """The selector as simple selectors, when each of its parts is one (else None)."""
        return simple_selectors(self.selector) if self.selector else None


@lru_cache(maxsize=512)
def compiled_regex(pattern: str) -> re.Pattern:
    """A rule's pattern, case-insensitive, compiled once (re's own cache is small and its lookup
    showed in profiles: every line of every body meets every line rule)."""
    return re.compile(pattern, re.IGNORECASE)


@dataclass(frozen=True)
class LineRule:
    """A line rule; one with ``words`` (lower case) is tried only on a line of at most
    KEYWORD_RULE_MAX_CHARS characters holding one of them: a notice or a promotion found by a
    phrase anywhere in it ("... signing up to our newsletter"), whose pattern would otherwise scan
    every line of every body for its phrases (0.6 ms a page for the six such rules)."""

    name: str
    pattern: str
    action: str
    example: str
    words: tuple[str, ...] = ()

    @property
    def regex(self) -> re.Pattern:
        """Case does not count unless the pattern says so with (?-i:...)."""
        return compiled_regex(self.pattern)


@dataclass(frozen=True)
class SpamRule:
    """A way hacked pages carry gambling spam: hidden by an inline ``style`` (a regex) or by the
    markup ``selector`` matches; a rule with neither finds visible blocks of gambling links."""

    name: str
    example: str
    style: str | None = None
    selector: str | None = None

    @property
    def hidden(self) -> bool:
        return bool(self.style or self.selector)

    def candidates(self, root, styled: list, markup=None) -> list:
        """The blocks to judge, outermost first for hidden ones (the whole hidden block goes) and
        innermost first for visible ones (the spam paragraph goes, not the article around it).
        ``styled``: the elements of ``root`` with a style attribute, found once for every style rule;
        ``markup``: see :func:`markup.may_match`."""
        if self.selector:
            return compiled_css(self.selector)(root) if may_match(self.selector, markup) else []
        if self.style:
            style = compiled_regex(self.style)
            return [e for e in styled if style.search(e.get("style"))]
        return list(reversed(list(root.iter(*BLOCK_TAGS))))


@dataclass
class SpamFound:
    """What the spam pass removed from a page: per rule the blocks, their links and gambling words."""

    removed: Counter = field(default_factory=Counter)
    links: int = 0
    words: set[str] = field(default_factory=set)

    def add(self, rule: str, element, words: set[str]) -> None:
        self.removed[rule] += 1
        self.links += sum(1 for a in element.iter("a") if a.get("href"))
        self.words |= words

    @property
    def report(self) -> dict | None:
        """The page's spam report (``extraction["spam"]``), None for a clean page."""
        if not self.removed:
            return None
        return {"blocks": sum(self.removed.values()), "links": self.links, "words": sorted(self.words)}


@dataclass
class Cleaned:
    paragraphs: list[str]
    captions: list[str] = field(default_factory=list)
    editor: str | None = None
    removed: Counter = field(default_factory=Counter)

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


@lru_cache(maxsize=4)
def _rule_data(path: Traversable | str) -> dict:
    return tomllib.loads((Path(path) if isinstance(path, str) else path).read_text(encoding="utf-8"))


@lru_cache(maxsize=256)
def compiled_css(selector: str) -> CSSSelector:
    """A rule's selector, compiled once: compiling cost ~5% of extraction when done per page."""
    return CSSSelector(selector)


@lru_cache(maxsize=4)
def load_rules(path: Traversable = RULES_FILE) -> tuple[tuple[BlockRule, ...], tuple[LineRule, ...]]:
    """Read the rule file once; a broken rule fails here, at start-up, not mid-crawl."""
    data = _rule_data(path)
    blocks = tuple(BlockRule(**entry) for entry in data.get("block", []))
    lines = tuple(LineRule(**{**entry, "words": tuple(entry.get("words", ()))}) for entry in data.get("line", []))
    for rule in lines:
        if rule.action not in ACTIONS:
            raise ValueError(f"noise rule {rule.name}: unknown action {rule.action!r}")
        if any(not word or word != word.lower() for word in rule.words):
            raise ValueError(f"noise rule {rule.name}: its words must be non-empty and lower case")
        rule.regex  # compile now: a typo in a pattern should fail loudly
        if BACKREFERENCE_RE.search(rule.pattern):
            raise ValueError(f"noise rule {rule.name}: a back-reference breaks the rules' alternation (any_line_rule)")
    return blocks, lines


@lru_cache(maxsize=4)
def load_spam_rules(path: Traversable = RULES_FILE) -> tuple[tuple[SpamRule, ...], re.Pattern]:
    """The spam rules and the gambling vocabulary as one regex (whole words: no letter either
    side, so "slot88" counts and "judicial" does not); compiled now, so a typo fails at start-up."""
    data = _rule_data(path)
    rules = tuple(SpamRule(**entry) for entry in data.get("spam", []))
    for rule in rules:
        if rule.style:
            re.compile(rule.style)
        if rule.selector:
            CSSSelector(rule.selector)
    words = "|".join(map(re.escape, data["spam_vocabulary"]["words"]))
    return rules, re.compile(rf"(?<![^\W\d_])({words})(?![^\W\d_])", re.IGNORECASE)


@lru_cache(maxsize=4)
def _vocabulary_folded(path: Traversable = RULES_FILE) -> tuple[str, ...]:
    return tuple(word.casefold() for word in _rule_data(path)["spam_vocabulary"]["words"])


def may_name_gambling(text: str) -> bool:
    """False only when the vocabulary regex cannot find a word in ``text``: a plain substring test
    of the case-folded text (dotless i folded too, as the regex's case-insensitive match does),
    six times cheaper than that regex on a page's links, which almost never hold one."""
    folded = text.casefold().replace("\u0131", "i")
    return any(word in folded for word in _vocabulary_folded())


# ---- spam pass ------------------------------------------------------------------------------

def strip_spam(root, url: str | None = None, markup=None) -> SpamFound:
    """Remove the gambling spam of a hacked site from ``root`` in place, before anything reads the
    page: hidden or off-screen blocks that carry gambling words or many external links, and
    visible blocks of gambling links. ``url`` (the page's) tells the site's own links from others;
    without it every absolute link counts as another site's. ``markup``: the page's tags and
    attribute names, when known (see :func:`markup.may_match`)."""
    rules, vocabulary = load_spam_rules()
    host = _site_host(url)
    found = SpamFound()
    links = list(root.iter("a"))
    text = " ".join(f"{text_content(a)} {a.get('href') or ''}" for a in links)
    gambling = may_name_gambling(text) and vocabulary.search(text)
    styled = STYLED(root) if may_match("[style]", markup) else []
    for rule in rules:
        if not rule.hidden and not (gambling and any(_is_spam_link(a, host, vocabulary) for a in links)):
            continue  # the common case: no gambling link anywhere, nothing visible to judge
        for element in rule.candidates(root, styled, markup):
            if not _attached(element, root):
                continue
            words = _spam_words(element, host, vocabulary)
            if _is_spam(rule, element, words, host, vocabulary):
                found.add(rule.name, element, words)
                element.drop_tree()
    return found


def _is_spam(rule: SpamRule, element, words: set[str], host: str | None, vocabulary: re.Pattern) -> bool:
    if rule.hidden:
        external = sum(1 for a in element.iter("a") if _is_external(a, host))
        return len(words) >= HIDDEN_SPAM_MIN_WORDS or external >= HIDDEN_SPAM_MIN_EXTERNAL_LINKS
    spam_links = sum(1 for a in element.iter("a") if _is_spam_link(a, host, vocabulary))
    return spam_links >= VISIBLE_SPAM_MIN_LINKS and _link_dense(element)


def _attached(element, root) -> bool:
    """Inside ``root`` (never ``root`` itself), not in a block removed already."""
    return any(ancestor is root for ancestor in element.iterancestors())


@lru_cache(maxsize=4096)
def _site_host(url: str | None) -> str | None:
    """The host a web address names, "www." or not (sites link to themselves both ways); None for
    a relative, non-web or malformed one. Remembered: the spam pass asks about the same links once
    per hidden block around them, and splitting addresses was a fifth of its time."""
    try:
        parts = urlsplit((url or "").strip())
        host = parts.hostname if parts.scheme in ("http", "https", "") else None
    except ValueError:  # "http://[oops": pages carry such links
        return None
    return host.removeprefix("www.") if host else None


def _is_external(link, host: str | None) -> bool:
    """A link to another site (an absolute web address on another host)."""
    target = _site_host(link.get("href"))
    return target is not None and target != host


def _is_spam_link(link, host: str | None, vocabulary: re.Pattern) -> bool:
    """A link to another site with a gambling word in its text or address."""
    return _is_external(link, host) and bool(vocabulary.search(f"{text_content(link)} {link.get('href') or ''}"))


def _spam_words(element, host: str | None, vocabulary: re.Pattern) -> set[str]:
    """The gambling words a block carries: in its text, less the text of the site's own links (its
    headlines may report on gambling), and in the addresses of its links to other sites."""
    def found(text: str) -> Counter:
        return Counter(match.lower() for match in vocabulary.findall(text))

    text = element.text_content()
    if not may_name_gambling(" ".join((text, *(link.get("href") or "" for link in element.iter("a"))))):
        return set()  # most hidden blocks (menus, modals): no word to look for with the regex
    words = found(text)
    for link in element.iter("a"):
        if _is_external(link, host):
            words += found(link.get("href") or "")
        else:
            words -= found(link.text_content())
    return set(words)


# ---- DOM pass ---------------------------------------------------------------------------------

def prose_words(element) -> int:
    """Words of prose under ``element``: text nodes of PROSE_MIN_WORDS words or more outside links,
    scripts and styles (an article's sentences, a teaser; not menus, labels or headlines)."""
    return sum(n for _, n in _prose_texts(element))


def _prose_texts(element):
    """(holding element, words) of every prose text node under ``element``."""
    for holder, text in loose_texts(element):
        n = len(text.split())
        if n >= PROSE_MIN_WORDS:
            yield holder, n


def prose_by_element(root) -> Counter:
    """prose_words of ``root`` and of every element under it, from one walk over its text."""
    counts: Counter = Counter()
    for holder, n in _prose_texts(root):
        while holder is not None:
            counts[holder] += n
            if holder is root:
                break
            holder = holder.getparent()
    return counts


def clean_dom(root, keep=None) -> Counter:
    """Remove noise blocks from ``root`` in place; ``keep`` (an element) is never removed, nor a
    match holding most of the page's prose (see NOISE_BLOCK_MAX_PROSE_SHARE)."""
    blocks, _ = load_rules()
    removed: Counter = Counter()
    prose = prose_by_element(root)
    most_prose = NOISE_BLOCK_MAX_PROSE_SHARE * prose[root]
    matched = block_targets(root, blocks)
    for rule in blocks:
        if rule.name in matched:
            targets = [e for e in matched[rule.name] if _attached(e, root)]
        elif rule.selector:
            targets = rule.css(root)
        else:
            targets = related_blocks(root, re.compile(rule.heading, re.I))
        for element in targets:
            if element is keep or element.getparent() is None or _contains(element, keep):
                continue
            if most_prose and prose[element] > most_prose:
                continue
            element.drop_tree()  # keeps the element's tail text, which belongs to its parent
            removed[rule.name] += 1
    return removed


def block_targets(root, blocks) -> dict[str, list]:
    """Per block rule whose selector is simple (see SIMPLE_SELECTOR_RE), the elements it matches
    in ``root`` (``root`` included, as CSSSelector does), in document order, from one walk."""
    found: dict[str, list] = {rule.name: [] for rule in blocks if rule.simple}
    for element, names in simple_matches(root, _selector_table(blocks)):
        for name in names:
            found[name].append(element)
    return found


@lru_cache(maxsize=4)
def _selector_table(blocks) -> dict:
    return simple_table((rule.name, part) for rule in blocks for part in rule.simple or ())


def _contains(element, other) -> bool:
    return other is not None and any(node is other for node in element.iterdescendants())


def related_blocks(root, heading_re: re.Pattern) -> list:
    """Blocks introduced by a heading such as "Berita Terkait": the heading's container when that
    container is mostly links, else the heading and the link lists that follow it."""
    found = []
    for heading in root.iter(*HEADING_TAGS, "strong", "b"):
        if not heading_re.search(heading.text_content().strip()):
            continue
        if heading.tag in ("strong", "b") and _has_prose_around(heading):
            continue  # inline "Baca juga:" inside a paragraph: the line rules handle it
        container = heading.getparent()
        if container is not None and container is not root and _link_dense(container, heading):
            found.append(container)
            continue
        found.append(heading)
        sibling = heading.getnext()
        while sibling is not None and sibling.tag in ("ul", "ol", "div", "nav") and _link_dense(sibling):
            found.append(sibling)
            sibling = sibling.getnext()
    return found


def _has_prose_around(element) -> bool:
    parent = element.getparent()
    if parent is None:
        return False
    own = len(element.text_content())
    return len(parent.text_content().strip()) - own > 60 and not parent.findall(".//a")


def _link_dense(element, heading=None) -> bool:
    """Most of the text sits inside links (or dates next to them): a listing, not prose."""
    text = element.text_content()
    if heading is not None:
        text = text.replace(heading.text_content(), "", 1)
    total = len(" ".join(text.split()))
    if total == 0:
        return True
    linked = sum(len(" ".join(a.text_content().split())) for a in element.iter("a"))
    paragraphs_of_prose = sum(1 for p in element.iter("p") if len(p.text_content()) > 200 and not p.findall(".//a"))
    return paragraphs_of_prose == 0 and linked / total >= 0.35


# ---- text pass --------------------------------------------------------------------------------

def clean_paragraphs(paragraphs: list[str], title: str | None = None) -> Cleaned:
    """Apply the line rules to a body's paragraphs, after dropping the title repeated above it."""
    result = Cleaned(paragraphs=[])
    readable_paragraphs = [p for p in map(readable, paragraphs) if p]
    screens = _default_screens()
    for paragraph in _drop_leading_title(readable_paragraphs, title, result.removed):
        rule, match = _first_match(*screens, paragraph)
        if rule is None:
            result.paragraphs.append(paragraph)
            continue
        result.removed[rule.name] += 1
        if rule.action == "caption":
            result.captions.append(_kept(match, "caption"))
        elif rule.action == "editor":
            result.editor = result.editor or _kept(match, "editor")
        elif rule.action == "cut":
            break
    return result


def _kept(match: re.Match, group: str) -> str:
    """The named group a "caption" or "editor" rule keeps, else the whole line."""
    return (match.groupdict().get(group) or match.string).strip()


def noise_line_rule(line: str) -> str | None:
    """The name of the first line rule that ``line`` matches, else None (how the evaluation
    tells noise left in a body from prose)."""
    rule, _ = _first_match(*_default_screens(), normalize_space(line))
    return rule.name if rule else None


@lru_cache(maxsize=1)
def _default_screens():
    """The rule file's line rules with their screens (see :func:`_first_match`), looked up once per
    process: the screens' caches hash every rule of their key."""
    _, rules = load_rules()
    return rules, any_line_rule(rules), keyword_gate(rules)


@lru_cache(maxsize=4)
def any_line_rule(rules: tuple[LineRule, ...]) -> re.Pattern:
    """One regex matching a line when any of ``rules`` without words does (their alternation, group names
    dropped): most lines of a body are prose that no rule matches, and one match call over the
    alternation costs less than one per rule (a back-reference would point elsewhere in it:
    :func:`load_rules` refuses one)."""
    unkeyed = [rule for rule in rules if not rule.words]
    return re.compile("|".join(f"(?:{GROUP_NAME_RE.sub('(?:', rule.pattern)})" for rule in unkeyed), re.IGNORECASE)


@lru_cache(maxsize=4)
def keyword_gate(rules: tuple[LineRule, ...]) -> re.Pattern | None:
    """One regex finding any rule's ``words`` in a lower-cased line (case-sensitive: an
    IGNORECASE search of the same alternation costs seven times as much), None without such rules."""
    words = sorted({word for rule in rules for word in rule.words}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words))) if words else None


def _first_match(rules, screen: re.Pattern, gate: re.Pattern | None, paragraph: str):
    """The first of ``rules`` matching ``paragraph`` and its match, tried only when ``screen`` (their
    :func:`any_line_rule`) matches or, for a short line, ``gate`` (their :func:`keyword_gate`) finds
    one of the keyed rules' words; only the rules a screen let through are tried (a keyed rule on a
    line with one of its words)."""
    lowered = paragraph.lower() if gate is not None and len(paragraph) <= KEYWORD_RULE_MAX_CHARS else None
    screened = screen.match(paragraph) is not None
    keyed = lowered is not None and gate.search(lowered) is not None
    if not screened and not keyed:
        return None, None
    for rule in rules:
        if rule.words:
            if not keyed or not any(word in lowered for word in rule.words):
                continue
        elif not screened:
            continue
        match = rule.regex.match(paragraph)
        if match:
            return rule, match
    return None, None


def _drop_leading_title(paragraphs: list[str], title: str | None, removed: Counter) -> list[str]:
    """Drop a page header and the title repeated above the body (seed 000's "Kalimantan Timur",
    title, title). When prose comes before the title's line, that line is a heading inside the
    body (an article's first paragraphs, then its title again as a section head): only the
    title's lines go."""
    if not title:
        return paragraphs
    wanted = fold(title)
    head = [i for i, p in enumerate(paragraphs[:4]) if fold(p) == wanted]
    if not head:
        return paragraphs
    removed["title_repeated"] += len(head)
    if any(len(p.split()) >= PROSE_MIN_WORDS and SENTENCE_END_RE.search(p) for p in paragraphs[:head[-1]]):
        return [p for i, p in enumerate(paragraphs) if i not in head]
    return paragraphs[head[-1] + 1:]
