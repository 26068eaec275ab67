"""Reports of the scores: a rich table, JSON-ready rows, and one line per failure."""

from __future__ import annotations

import json
from collections.abc import Sequence

from humas_crawler.evaluation.metrics import NGRAM_SIZE
from humas_crawler.evaluation.scoring import DataSetSummary, PageScore

CAPTION = (f"P/R/F1: body word {NGRAM_SIZE}-grams, mean per page; for snippet data sets trafilatura's metric "
           "(with/without snippets, TP/FP/FN summed over pages). date%: same minute; day%: same day; "
           "noisy: bodies with a noise line left")


def summary_dicts(summaries: Sequence[DataSetSummary]) -> list[dict]:
    return [vars(summary) for summary in summaries]


def page_dicts(scores: Sequence[PageScore]) -> list[dict]:
    """Per page and extractor scores, for JSON reports; snippet pages also give their TP/FP/FN."""
    return [
        {
            "dataset": s.page.dataset, "page": s.page.name, "extractor": s.extractor,
            "title_ok": s.title_ok, "date_ok": s.date_ok, "precision": round(s.precision, 4),
            "recall": round(s.recall, 4), "f1": round(s.f1, 4),
            "snippets": dict(zip(("tp", "fp", "fn"), s.snippets.counts)) if s.snippets else None,
            "noise": None if s.noise is None else [f"[{why}] {line}" for line, why in s.noise],
            "error": s.produced.error,
        }
        for s in scores
    ]


def render_table(summaries: Sequence[DataSetSummary]):
    """A rich table: one row per data set and extractor."""
    from rich import box
    from rich.table import Table

    table = Table(title="Extraction evaluation", box=box.SIMPLE_HEAD, padding=0, show_edge=False,
                  caption=CAPTION)  # the box's space divider is the gap: fits 80 columns
    for column in ("data set", "extractor", "n", "title%", "date%", "day%", "P", "R", "F1", "noisy"):
        table.add_column(column, justify="left" if column in ("data set", "extractor") else "right", no_wrap=True)
    for s in summaries:
        table.add_row(s.dataset, s.extractor, str(s.n), _percent(s.title), _percent(s.date), _percent(s.day),
                      f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}",
                      "-" if s.noisy_bodies is None else str(s.noisy_bodies))
    return table


def _percent(rate: float | None) -> str:
    return "-" if rate is None else f"{100 * rate:.1f}"


def failure_line(failure: dict) -> str:
    """``dataset/page field: {details}`` on one line."""
    where = f"{failure['dataset']}/{failure['page']} {failure['field']}"
    details = {key: value for key, value in failure.items() if key not in ("dataset", "page", "field")}
    return f"{where}: {json.dumps(details, ensure_ascii=False)}"
