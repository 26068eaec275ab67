"""Noise removal: related-article listings, share widgets, captions, counters.

Two passes, both driven by the rules in ``noise_rules.toml``: block rules cut noise out of the
page's DOM before text is taken; line rules then clean the text paragraph by paragraph.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from lxml.cssselect import CSSSelector

from humas_crawler.extraction.text import HEADING_TAGS, fold, normalize_space

RULES_FILE = Path(__file__).with_name("noise_rules.toml")
ACTIONS = ("drop", "cut", "caption", "editor")


@dataclass(frozen=True)
class BlockRule:
    name: str
    example: str
    selector: str | None = None
    heading: str | None = None

    @property
    def css(self) -> CSSSelector | None:
        return CSSSelector(self.selector) if self.selector else None


@dataclass(frozen=True)
class LineRule:
    name: str
    pattern: str
    action: str
    example: str

    @property
    def regex(self) -> re.Pattern:
        """Case does not count unless the pattern says so with (?-i:...)."""
        return re.compile(self.pattern, re.IGNORECASE)


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
def load_rules(path: Path = RULES_FILE) -> tuple[tuple[BlockRule, ...], tuple[LineRule, ...]]:
    """Read the rule file once; a broken rule fails here, at start-up, not mid-crawl."""
    data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    blocks = tuple(BlockRule(**entry) for entry in data.get("block", []))
    lines = tuple(LineRule(**entry) for entry in data.get("line", []))
    for rule in lines:
        if rule.action not in ACTIONS:
            raise ValueError(f"noise rule {rule.name}: unknown action {rule.action!r}")
        rule.regex  # compile now: a typo in a pattern should fail loudly
    return blocks, lines


# ---- DOM pass ---------------------------------------------------------------------------------

def clean_dom(root, keep=None) -> Counter:
    """Remove noise blocks from ``root`` in place; ``keep`` (an element) is never removed."""
    blocks, _ = load_rules()
    removed: Counter = Counter()
    for rule in blocks:
        targets = rule.css(root) if rule.selector else related_blocks(root, re.compile(rule.heading, re.I))
        for element in targets:
            if element is keep or element.getparent() is None or _contains(element, keep):
                continue
            element.drop_tree()  # keeps the element's tail text, which belongs to its parent
            removed[rule.name] += 1
    return removed


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
    _, rules = load_rules()
    result = Cleaned(paragraphs=[])
    for paragraph in _drop_leading_title(paragraphs, title, result.removed):
        rule, match = _first_match(rules, paragraph)
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
    _, rules = load_rules()
    rule, _ = _first_match(rules, normalize_space(line))
    return rule.name if rule else None


def _first_match(rules, paragraph: str):
    for rule in rules:
        match = rule.regex.match(paragraph)
        if match:
            return rule, match
    return None, None


def _drop_leading_title(paragraphs: list[str], title: str | None, removed: Counter) -> list[str]:
    """Drop a page header and the title repeated above the body (seed 000's "Kalimantan Timur",
    title, title)."""
    if not title:
        return paragraphs
    wanted = fold(title)
    head = [i for i, p in enumerate(paragraphs[:4]) if fold(p) == wanted]
    if not head:
        return paragraphs
    removed["title_repeated"] += len(head)
    return paragraphs[head[-1] + 1:]
