"""The extractors compared: ours (with and without a site's registry hints), plain trafilatura and
readability-lxml, each a function ``LabelledPage -> Extracted`` so every data set is scored the
same way for every one of them.

Pages that name a registry site get that site's selectors, platform and zone in "ours", as its
spider would give them; "ours-generic" shows the same engine without them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from humas_crawler.crawl.registry import default_registry
from humas_crawler.evaluation.datasets import LabelledPage
from humas_crawler.evaluation.metrics import paragraphs, parse_instant
from humas_crawler.extraction.layers import extract_article
from humas_crawler.extraction.markup import element_paragraphs


@dataclass(frozen=True)
class Extracted:
    """What an extractor produced, reduced to the scored fields."""

    title: str | None = None
    published_at: datetime | None = None
    body: str = ""
    error: str | None = None
    fields: dict = field(default_factory=dict)  # the full output of ours, for field checks


def run_ours(page: LabelledPage) -> Extracted:
    """Ours as a spider runs it: with the site's registry selectors, platform and time zone when
    it has them."""
    entry = default_registry().get(page.site) if page.site else None
    hints = {"selectors": entry.selectors, "zone": entry.timezone, "platform": entry.platform} if entry else {}
    return _ours(page, hints)


def run_ours_generic(page: LabelledPage) -> Extracted:
    """Ours on a page no spider knows: structured data, platform markup and the generic layer only."""
    return _ours(page, {})


def _ours(page: LabelledPage, hints: dict) -> Extracted:
    article = extract_article(page.html, url=page.url, **hints)
    return Extracted(
        article.get("title"), parse_instant(article.get("published_at")), article.get("body") or "",
        fields=article,
    )


def run_trafilatura(page: LabelledPage) -> Extracted:
    """Plain trafilatura as its evaluation README runs it: defaults but ``include_comments=False``
    (reader comments are not the article); its title, htmldate's date (a day) and main text."""
    import trafilatura

    document = trafilatura.bare_extraction(page.html, url=page.url, with_metadata=True, include_comments=False)
    if document is None:
        return Extracted()
    return Extracted(document.title, parse_instant(document.date), paragraphs(document.text))


def run_readability(page: LabelledPage) -> Extracted:
    """readability-lxml: the short title and the summary's text; it finds no dates."""
    from readability import Document

    document = Document(page.html, url=page.url)
    return Extracted(document.short_title(), None, html_text(document.summary(html_partial=True)))


def html_text(markup: str) -> str:
    """The text of an HTML fragment, one paragraph per block element."""
    from lxml import html as lxml_html

    return paragraphs("\n".join(element_paragraphs(lxml_html.fragment_fromstring(markup, create_parent="div"))))


EXTRACTORS: dict[str, Callable[[LabelledPage], Extracted]] = {
    "ours": run_ours,
    "ours-generic": run_ours_generic,
    "trafilatura": run_trafilatura,
    "readability": run_readability,
}


def default_extractors(pages: Sequence[LabelledPage]) -> list[str]:
    """All extractors, except "ours-generic" when no page has site hints (it would only repeat "ours")."""
    return [name for name in EXTRACTORS if name != "ours-generic" or any(page.site for page in pages)]


def run_extractor(name: str, page: LabelledPage) -> Extracted:
    """Run one extractor on one page; a crash scores as an empty result carrying the error."""
    try:
        return EXTRACTORS[name](page)
    except Exception as exc:  # noqa: BLE001 - one bad page must not hide the others' scores
        return Extracted(error=f"{type(exc).__name__}: {exc}")
