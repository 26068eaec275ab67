"""Small text helpers shared by the extraction modules, and the tag sets that decide where a
page's text breaks: one definition each, so cleaning, selecting and the layers agree."""

from __future__ import annotations

import re
import unicodedata

HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")
# Elements that end a paragraph when a page's text is read.
BLOCK_TAGS = {
    *HEADING_TAGS, "p", "div", "li", "ul", "ol", "blockquote", "section", "article", "table", "tr", "td",
    "th", "figure", "pre", "header", "footer", "aside", "br", "dd", "dt",
}


def normalize_space(text: str | None) -> str:
    """Runs of whitespace (newlines, tabs, nbsp) as one space, trimmed: how a page's text reads."""
    return " ".join((text or "").split())


# Characters a reader never sees: soft hyphens (hyphenation hints: "Mit\u00adtel\u00adal\u00adter"),
# zero-width spaces and joiners, the byte-order mark. Left in, they split the words of a search.
INVISIBLE_RE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")


def readable(text: str | None) -> str:
    """A paragraph as a reader sees it, stored the same way whatever the page's encoding: spacing
    normalized, invisible characters gone, composed Unicode (NFC: "ü" one character, as typed)."""
    return normalize_space(unicodedata.normalize("NFC", INVISIBLE_RE.sub("", text or "")))


def fold(text: str | None) -> str:
    """A text for comparison: spacing and case do not count ("JUDUL  Berita" == "judul berita")."""
    return normalize_space(text).casefold()
