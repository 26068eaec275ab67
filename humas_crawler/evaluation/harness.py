"""Extraction evaluation: labelled pages, three extractors and the metrics of the extraction issue.

Site-agnostic on purpose: a page group is a loader returning labelled pages and an extractor is a
function ``LabelledPage -> Extracted``, so every group is scored the same way for every extractor.
Mirror pages name their registry site: "ours" then gets that site's selectors and zone, as its
spider would give them, and "ours-generic" shows the same engine without them.

Metrics, per page then averaged per group and extractor:
- title: exact match after whitespace normalization;
- published_at: the same instant to the minute (pages print minutes; seconds in meta tags vary);
- body: precision/recall/F1 over sets of lowercased word 4-gram shingles;
- noise: the lines of a body still matched by a cleaning rule, or found by an independent check
  (see :func:`noise_lines`); a group reports how many bodies have any.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from statistics import mean
from typing import Callable

from humas_crawler.extraction.cleaning import noise_line_rule

REPO_DIR = Path(__file__).resolve().parents[2]
LAYOUTS_DIR = REPO_DIR / "tests" / "layouts"
OVERRIDES_FILE = REPO_DIR / "tests" / "shared_overrides.json"
GROUPS = ("mirror", "shared", "layouts")
# The issue's body F1 targets; layouts have none in the issue, the shared pages' bar is used.
TARGET_F1 = {"mirror": 0.98, "shared": 0.95, "layouts": 0.95}
WIB = timezone(timedelta(hours=7))
SHINGLE_SIZE = 4
# A stray line this short is a headline, button or byline rather than a lost paragraph.
WIDGET_MAX_WORDS = 20
USER_AGENT = "humas-crawler-eval/0.1"

_WORD_RE = re.compile(r"\w+")
_SENTENCE_END_RE = re.compile(r"(?<!\.)[.!?\"”’)]$")  # an ellipsis ("Memuat...") ends no sentence
_DATE_LIKE_RE = re.compile(
    r"\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b|\b\d{1,2}[:.]\d{2}\s*(WIB|WITA|WIT)?\b|"
    r"\b\d{1,2}\s+(jan|feb|mar|apr|mei|jun|jul|agu|agt|aug|sep|okt|oct|nov|des|dec)\w*\s+\d{4}\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class LabelledPage:
    """One page with the fields a correct extraction must produce."""

    group: str
    name: str
    url: str | None
    html: str
    title: str | None
    published_at: datetime | None
    body: str
    fields: dict = field(default_factory=dict)  # other expected fields (layouts only)
    site: str | None = None  # registry name: ours gets that site's selectors and zone, as its spider would


@dataclass(frozen=True)
class Extracted:
    """What an extractor produced, reduced to the scored fields."""

    title: str | None = None
    published_at: datetime | None = None
    body: str = ""
    error: str | None = None
    fields: dict = field(default_factory=dict)  # the full output of ours, for field checks


@dataclass(frozen=True)
class PageScore:
    page: LabelledPage
    extractor: str
    produced: Extracted
    title_ok: bool | None
    date_ok: bool | None
    day_ok: bool | None
    precision: float
    recall: float
    f1: float
    noise: list[tuple[str, str]]


@dataclass(frozen=True)
class GroupSummary:
    group: str
    extractor: str
    n: int
    title: float | None
    date: float | None
    day: float | None
    precision: float
    recall: float
    f1: float
    noisy_bodies: int


# ---------------------------------------------------------------- text and metrics


def normalize_space(text: str | None) -> str:
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def paragraphs(text: str | None) -> str:
    """One paragraph per non-blank line, joined by blank lines: the body convention of the corpus."""
    lines = (normalize_space(line) for line in (text or "").splitlines())
    return "\n\n".join(line for line in lines if line)


def words(text: str) -> list[str]:
    """Lowercased words; punctuation and quote styles are ignored so only wording is compared."""
    return _WORD_RE.findall(text.lower())


def shingles(text: str, size: int = SHINGLE_SIZE) -> set[tuple[str, ...]]:
    """Word n-grams of a text; a text shorter than ``size`` words is one shingle of all its words."""
    tokens = words(text)
    if len(tokens) < size:
        return {tuple(tokens)} if tokens else set()
    return {tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


def body_scores(produced: str, expected: str) -> tuple[float, float, float]:
    """Precision, recall and F1 of the produced body's shingles against the expected body's."""
    got, want = shingles(produced), shingles(expected)
    if not got and not want:
        return 1.0, 1.0, 1.0
    common = len(got & want)
    precision = common / len(got) if got else 0.0
    recall = common / len(want) if want else 0.0
    f1 = 2 * precision * recall / (precision + recall) if common else 0.0
    return precision, recall, f1


def same_minute(produced: datetime | None, expected: datetime | None) -> bool:
    if produced is None or expected is None:
        return False
    return _minute(produced) == _minute(expected)


def same_day(produced: datetime | None, expected: datetime | None) -> bool:
    """The same calendar day in the expected date's zone: what a date-only extractor can achieve."""
    if produced is None or expected is None:
        return False
    return produced.astimezone(expected.tzinfo).date() == expected.date()


def _minute(value: datetime) -> datetime:
    return value.astimezone(timezone.utc).replace(second=0, microsecond=0)


def parse_instant(value: str | datetime | None) -> datetime | None:
    """An aware datetime from ISO text or a datetime; no zone means WIB (the contract's default),
    and a bare date means its midnight, as the extractors report date-only findings."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value.strip())
    return value if value.tzinfo else value.replace(tzinfo=WIB)


def noise_lines(body: str, expected_body: str) -> list[tuple[str, str]]:
    """The noise lines of a body, each with the reason: a cleaning rule's name, or "stray".

    Only lines that are not article text count: a line with most of its shingles in the expected
    body (or, under four words, occurring in it) is never noise, so a rule that fires on real text
    (a hard-wrapped line, say) is not blamed on the extractor. Of the other lines, those a
    cleaning rule matches are noise, and so, by a check that does not rely on those rules, are
    lines that look like page furniture: short with no closing punctuation (a related headline,
    a button, an editor credit) or carrying a date or time (a listing entry).
    """
    expected_shingles = shingles(expected_body)
    expected_words = f" {' '.join(words(expected_body))} "
    found = []
    for line in filter(None, (normalize_space(line) for line in body.splitlines())):
        tokens = words(line)
        if not tokens or _in_expected(line, tokens, expected_shingles, expected_words):
            continue  # wordless separators and article text
        reason = noise_line_rule(line) or ("stray" if _looks_like_furniture(line, tokens) else None)
        if reason:
            found.append((line, reason))
    return found


def _in_expected(line: str, tokens: list[str], expected_shingles: set, expected_words: str) -> bool:
    if len(tokens) >= SHINGLE_SIZE:
        own = shingles(line)
        return 2 * len(own & expected_shingles) >= len(own)
    return f" {' '.join(tokens)} " in expected_words


def _looks_like_furniture(line: str, tokens: list[str]) -> bool:
    short_label = len(tokens) < WIDGET_MAX_WORDS and not _SENTENCE_END_RE.search(line)
    return short_label or bool(_DATE_LIKE_RE.search(line))


def body_diff(produced: str, expected: str) -> tuple[list[str], list[str]]:
    """Produced lines sharing nothing with the expected body, and expected lines that are missing."""
    got, want = shingles(produced), shingles(expected)
    extra = [line for line in produced.split("\n\n") if line and shingles(line).isdisjoint(want)]
    missing = [line for line in expected.split("\n\n") if line and shingles(line).isdisjoint(got)]
    return extra, missing


# ---------------------------------------------------------------- labelled pages


def shared_news_dir() -> Path:
    """The real news pages: ``data/indonesian-news`` under ``$HUMAS_SHARED_DIR`` or ../shared."""
    root = os.environ.get("HUMAS_SHARED_DIR") or REPO_DIR / ".." / "shared"
    return Path(root) / "data" / "indonesian-news"


def layout_pages(folder: Path = LAYOUTS_DIR) -> list[LabelledPage]:
    """Hand-written layouts: ``<name>.html`` with its expected fields in ``<name>.json``."""
    pages = []
    for spec_path in sorted(folder.glob("*.json")):
        spec = json.loads(spec_path.read_text("utf-8"))
        html = spec_path.with_suffix(".html").read_text("utf-8")
        scored = {key: spec.pop(key) for key in ("url", "title", "published_at", "body")}
        pages.append(
            LabelledPage(
                "layouts", spec_path.stem, scored["url"], html, scored["title"],
                parse_instant(scored["published_at"]), scored["body"], fields=spec,
            )
        )
    return pages


def shared_pages(folder: Path | None = None, overrides_file: Path = OVERRIDES_FILE) -> list[LabelledPage]:
    """The real pages with their ground truth, after the documented corrections in the overrides."""
    folder = folder or shared_news_dir()
    truth = json.loads((folder / "ground_truth.json").read_text("utf-8"))
    corrections = json.loads(overrides_file.read_text("utf-8"))["pages"]
    unknown = set(corrections) - set(truth)
    if unknown:
        raise ValueError(f"overrides for pages not in the ground truth: {sorted(unknown)}")
    pages = []
    for path, entry in sorted(truth.items()):
        entry = apply_corrections(entry, corrections.get(path, {}).get("edits", []))
        pages.append(
            LabelledPage(
                "shared", path.removeprefix("html/"), entry["url"], (folder / path).read_text("utf-8"),
                entry["title"], datetime.fromtimestamp(int(entry["date"]) / 1000, WIB),
                paragraphs(entry["content"]),
            )
        )
    return pages


def apply_corrections(entry: dict, edits: list[dict]) -> dict:
    """Apply ground-truth edits (``old`` -> ``new`` in ``field``, or a whole new ``value``).

    An ``old`` text that is not found exactly once is an error, so a correction cannot go stale
    silently when the data changes.
    """
    entry = dict(entry)
    for edit in edits:
        name = edit["field"]
        if "value" in edit:
            entry[name] = edit["value"]
            continue
        if entry[name].count(edit["old"]) != 1:
            raise ValueError(f"correction of {name!r} does not apply: {edit['old'][:60]!r}")
        entry[name] = entry[name].replace(edit["old"], edit["new"])
    return entry


def mirror_pages() -> list[LabelledPage]:
    """The offline mirror's articles, fetched over HTTP from a mirror server started here."""
    from humas_mirror import MirrorServer, catalog

    pages = []
    with MirrorServer(port=0) as server:
        for site, articles in sorted(catalog().items()):
            for article in articles:
                url = server.base_url(site) + article.path
                pages.append(
                    LabelledPage(
                        "mirror", f"{site}{article.path}", url, fetch(url), article.title,
                        parse_instant(article.published_at), paragraphs(article.body), site=site,
                    )
                )
    return pages


LOADERS: dict[str, Callable[[], list[LabelledPage]]] = {
    "mirror": mirror_pages,
    "shared": shared_pages,
    "layouts": layout_pages,
}


def fetch(url: str, timeout: float = 30) -> str:
    """The page at ``url`` as text; HTTP errors raise (urllib.error.HTTPError)."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return decode_page(response.read(), response.headers.get_content_charset())


def decode_page(data: bytes, charset: str | None = None) -> str:
    """Bytes of a page as text: the declared charset, else UTF-8, else cp1252 (old PHP sites
    often serve Windows-1252 text without saying so)."""
    for encoding in (charset, "utf-8"):
        if encoding:
            try:
                return data.decode(encoding)
            except (UnicodeDecodeError, LookupError):
                continue
    return data.decode("cp1252", errors="replace")


# ---------------------------------------------------------------- extractors


def run_ours(page: LabelledPage) -> Extracted:
    """Ours as a spider runs it: with the site's registry selectors and time zone when it has them."""
    from humas_crawler.crawl.registry import default_registry

    entry = default_registry().get(page.site) if page.site else None
    return _ours(page, {"selectors": entry.selectors, "zone": entry.timezone} if entry else {})


def run_ours_generic(page: LabelledPage) -> Extracted:
    """Ours on a page no spider knows: structured data, platform markup and the generic layer only."""
    return _ours(page, {})


def _ours(page: LabelledPage, hints: dict) -> Extracted:
    from humas_crawler import extract

    article = extract(page.html, url=page.url, **hints)
    return Extracted(
        article.get("title"), parse_instant(article.get("published_at")), article.get("body") or "",
        fields=article,
    )


def run_trafilatura(page: LabelledPage) -> Extracted:
    """Plain trafilatura with its defaults: title, htmldate's date (a day) and the main text."""
    import trafilatura

    document = trafilatura.bare_extraction(page.html, url=page.url, with_metadata=True)
    if document is None:
        return Extracted()
    return Extracted(document.title, parse_instant(document.date), paragraphs(document.text))


def run_readability(page: LabelledPage) -> Extracted:
    """readability-lxml: the short title and the summary's text; it finds no dates."""
    from readability import Document

    document = Document(page.html, url=page.url)
    return Extracted(document.short_title(), None, html_text(document.summary(html_partial=True)))


EXTRACTORS: dict[str, Callable[[LabelledPage], Extracted]] = {
    "ours": run_ours,
    "ours-generic": run_ours_generic,
    "trafilatura": run_trafilatura,
    "readability": run_readability,
}

def html_text(markup: str) -> str:
    """The text of an HTML fragment, one paragraph per block element."""
    from lxml import html as lxml_html

    from humas_crawler.extraction.markup import element_paragraphs

    return paragraphs("\n".join(element_paragraphs(lxml_html.fragment_fromstring(markup, create_parent="div"))))


# ---------------------------------------------------------------- scoring


def score_page(page: LabelledPage, extractor: str, produced: Extracted) -> PageScore:
    precision, recall, f1 = body_scores(produced.body, page.body)
    has_date = page.published_at is not None
    return PageScore(
        page=page,
        extractor=extractor,
        produced=produced,
        title_ok=normalize_space(produced.title) == normalize_space(page.title) if page.title else None,
        date_ok=same_minute(produced.published_at, page.published_at) if has_date else None,
        day_ok=same_day(produced.published_at, page.published_at) if has_date else None,
        precision=precision,
        recall=recall,
        f1=f1,
        noise=noise_lines(produced.body, page.body),
    )


def run_extractor(name: str, page: LabelledPage) -> Extracted:
    """Run one extractor on one page; a crash scores as an empty result carrying the error."""
    try:
        return EXTRACTORS[name](page)
    except Exception as exc:  # noqa: BLE001 - one bad page must not hide the others' scores
        return Extracted(error=f"{type(exc).__name__}: {exc}")


def evaluate(groups=GROUPS, extractors: tuple[str, ...] | None = None) -> list[PageScore]:
    """Score the extractors on every page of the groups (each group's pages loaded once).

    By default all of them, except "ours-generic" in groups where no page has site hints (there
    it would only repeat "ours").
    """
    scores = []
    for group in groups:
        pages = LOADERS[group]()
        names = extractors or [n for n in EXTRACTORS if n != "ours-generic" or any(p.site for p in pages)]
        for page in pages:
            scores.extend(score_page(page, name, run_extractor(name, page)) for name in names)
    return scores


def summarize(scores: list[PageScore]) -> list[GroupSummary]:
    """One row per group and extractor, in the order they were scored."""
    keys = list(dict.fromkeys((s.page.group, s.extractor) for s in scores))
    return [_summary(group, name, [s for s in scores if (s.page.group, s.extractor) == (group, name)])
            for group, name in keys]


def _summary(group: str, extractor: str, scores: list[PageScore]) -> GroupSummary:
    return GroupSummary(
        group=group,
        extractor=extractor,
        n=len(scores),
        title=_rate(s.title_ok for s in scores),
        date=_rate(s.date_ok for s in scores),
        day=_rate(s.day_ok for s in scores),
        precision=mean(s.precision for s in scores),
        recall=mean(s.recall for s in scores),
        f1=mean(s.f1 for s in scores),
        noisy_bodies=sum(1 for s in scores if s.noise),
    )


def _rate(outcomes) -> float | None:
    """Share of True among the pages that have an expected value (None: no page has one)."""
    known = [ok for ok in outcomes if ok is not None]
    return sum(known) / len(known) if known else None


def failures(scores: list[PageScore], extractor: str = "ours") -> list[dict]:
    """Per page and field, what ``extractor`` got wrong: produced next to expected."""
    found = []
    for s in (s for s in scores if s.extractor == extractor):
        where = {"group": s.page.group, "page": s.page.name}
        if s.produced.error:
            found.append({**where, "field": "error", "produced": s.produced.error})
        if s.title_ok is False:
            found.append({**where, "field": "title", "produced": s.produced.title, "expected": s.page.title})
        if s.date_ok is False:
            found.append({**where, "field": "published_at", "produced": _iso(s.produced.published_at),
                          "expected": _iso(s.page.published_at)})
        if s.f1 < TARGET_F1[s.page.group]:
            extra, missing = body_diff(s.produced.body, s.page.body)
            found.append({**where, "field": "body", "f1": round(s.f1, 3), "precision": round(s.precision, 3),
                          "recall": round(s.recall, 3), "extra_lines": extra, "missing_lines": missing})
        if s.noise:
            found.append({**where, "field": "noise", "lines": [f"[{why}] {line}" for line, why in s.noise]})
    return found


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


# ---------------------------------------------------------------- reports


def summary_dicts(summaries: list[GroupSummary]) -> list[dict]:
    return [vars(summary) for summary in summaries]


def render_table(summaries: list[GroupSummary]):
    """A rich table: one row per group and extractor."""
    from rich import box
    from rich.table import Table

    table = Table(
        title="Extraction evaluation", box=box.SIMPLE_HEAD, collapse_padding=True, pad_edge=False,
        caption="P/R/F1: body word 4-gram shingles; date%: same minute; day%: same day; "
                "noisy: bodies with a noise line left",
    )
    for column in ("group", "extractor", "n", "title%", "date%", "day%", "P", "R", "F1", "noisy"):
        table.add_column(column, justify="left" if column in ("group", "extractor") else "right", no_wrap=True)
    for s in summaries:
        table.add_row(s.group, s.extractor, str(s.n), _percent(s.title), _percent(s.date), _percent(s.day),
                      f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}", str(s.noisy_bodies))
    return table


def _percent(rate: float | None) -> str:
    return "-" if rate is None else f"{100 * rate:.1f}"


def page_dicts(scores: list[PageScore]) -> list[dict]:
    """Per page and extractor scores, for JSON reports."""
    return [
        {
            "group": s.page.group, "page": s.page.name, "extractor": s.extractor,
            "title_ok": s.title_ok, "date_ok": s.date_ok, "precision": round(s.precision, 4),
            "recall": round(s.recall, 4), "f1": round(s.f1, 4),
            "noise": [f"[{why}] {line}" for line, why in s.noise], "error": s.produced.error,
        }
        for s in scores
    ]
