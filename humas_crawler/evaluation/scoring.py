"""Scoring any list of labelled pages: per page and extractor, then one summary per data set.

Pages with an expected body are scored per page (body n-gram P/R/F1, title, date, noise) and the
scores averaged; pages with snippets (trafilatura's format) are summed into one TP/FP/FN count,
as trafilatura's own evaluation does, so its published figures compare with ours.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from statistics import mean

from humas_crawler.evaluation.datasets import LabelledPage
from humas_crawler.evaluation.extractors import Extracted, default_extractors, run_extractor
from humas_crawler.evaluation.metrics import (
    NGRAM_SIZE, SnippetMatch, body_diff, body_scores, match_snippets, noise_lines, normalize_text, same_day,
    same_minute, snippet_scores,
)

# Below this body F1 a page is listed among the failures (the bar for real pages).
FAILURE_F1 = 0.95
BODY_METRIC = f"word-{NGRAM_SIZE}-grams"
SNIPPET_METRIC = "snippets"


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
    noise: list[tuple[str, str]] | None  # None: no expected body to tell article text from noise
    snippets: SnippetMatch | None = None


@dataclass(frozen=True)
class DataSetSummary:
    dataset: str
    extractor: str
    metric: str  # how P/R/F1 were computed: BODY_METRIC (mean per page) or SNIPPET_METRIC (summed)
    n: int
    title: float | None
    date: float | None
    day: float | None
    precision: float
    recall: float
    f1: float
    noisy_bodies: int | None


def score_page(page: LabelledPage, extractor: str, produced: Extracted) -> PageScore:
    """One extractor's output on one page against the page's labels."""
    has_date = page.published_at is not None
    wanted = page.snippets
    snippets = match_snippets(produced.body, wanted.wanted, wanted.unwanted) if wanted else None
    precision, recall, f1 = snippet_scores([snippets]) if snippets else body_scores(produced.body, page.body)
    return PageScore(
        page=page,
        extractor=extractor,
        produced=produced,
        title_ok=normalize_text(produced.title) == normalize_text(page.title) if page.title else None,
        date_ok=same_minute(produced.published_at, page.published_at) if has_date else None,
        day_ok=same_day(produced.published_at, page.published_at) if has_date else None,
        precision=precision,
        recall=recall,
        f1=f1,
        noise=None if snippets else noise_lines(produced.body, page.body),
        snippets=snippets,
    )


def evaluate(pages: Sequence[LabelledPage], extractors: Sequence[str] | None = None,
             on_page: Callable[[], None] | None = None) -> list[PageScore]:
    """Score the extractors (default: :func:`default_extractors`) on every page; ``on_page`` is
    called after each page, for progress reports."""
    names = extractors or default_extractors(pages)
    scores = []
    for page in pages:
        scores.extend(score_page(page, name, run_extractor(name, page)) for name in names)
        if on_page:
            on_page()
    return scores


def summarize(scores: Sequence[PageScore]) -> list[DataSetSummary]:
    """One row per data set and extractor, in the order they were scored."""
    keys = list(dict.fromkeys((s.page.dataset, s.extractor) for s in scores))
    return [_summary(dataset, name, [s for s in scores if (s.page.dataset, s.extractor) == (dataset, name)])
            for dataset, name in keys]


def _summary(dataset: str, extractor: str, scores: list[PageScore]) -> DataSetSummary:
    by_snippets = all(s.snippets for s in scores)
    if by_snippets:
        precision, recall, f1 = snippet_scores(s.snippets for s in scores)
    else:
        precision, recall, f1 = (mean(s.precision for s in scores), mean(s.recall for s in scores),
                                 mean(s.f1 for s in scores))
    return DataSetSummary(
        dataset=dataset,
        extractor=extractor,
        metric=SNIPPET_METRIC if by_snippets else BODY_METRIC,
        n=len(scores),
        title=_rate(s.title_ok for s in scores),
        date=_rate(s.date_ok for s in scores),
        day=_rate(s.day_ok for s in scores),
        precision=precision,
        recall=recall,
        f1=f1,
        noisy_bodies=None if by_snippets else sum(1 for s in scores if s.noise),
    )


def _rate(outcomes) -> float | None:
    """Share of True among the pages that have an expected value (None: no page has one)."""
    known = [ok for ok in outcomes if ok is not None]
    return sum(known) / len(known) if known else None


def failures(scores: Sequence[PageScore], extractor: str = "ours", min_f1: float = FAILURE_F1) -> list[dict]:
    """Per page and field, what ``extractor`` got wrong: produced next to expected."""
    found = []
    for s in (s for s in scores if s.extractor == extractor):
        where = {"dataset": s.page.dataset, "page": s.page.name}
        if s.produced.error:
            found.append({**where, "field": "error", "produced": s.produced.error})
        if s.title_ok is False:
            found.append({**where, "field": "title", "produced": s.produced.title, "expected": s.page.title})
        if s.date_ok is False:
            found.append({**where, "field": "published_at", "produced": _iso(s.produced.published_at),
                          "expected": _iso(s.page.published_at)})
        if s.snippets and (s.snippets.missing or s.snippets.unwanted):
            found.append({**where, "field": "snippets", "missing": list(s.snippets.missing),
                          "unwanted": list(s.snippets.unwanted)})
        if not s.snippets and s.f1 < min_f1:
            extra, missing = body_diff(s.produced.body, s.page.body)
            found.append({**where, "field": "body", "f1": round(s.f1, 3), "precision": round(s.precision, 3),
                          "recall": round(s.recall, 3), "extra_lines": extra, "missing_lines": missing})
        if s.noise:
            found.append({**where, "field": "noise", "lines": [f"[{why}] {line}" for line, why in s.noise]})
    return found


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None
