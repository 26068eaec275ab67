"""``humas stats`` (per site: articles, dates, last crawl, fill rates; totals) and ``humas plot``
(articles per site per month as a PNG of the expected size with one colour per site)."""

from __future__ import annotations

import json

import matplotlib.image
import numpy as np
import pytest

from humas_crawler import corpus
from humas_crawler.cli.plot import DPI, FIGURE_INCHES, month_range, monthly_series
from humas_crawler.corpus import store as corpus_store
from humas_crawler.fields import FILL_RATE_FIELDS
from test_search import ARTICLES, analyst_corpus, humas


@pytest.fixture
def built(tmp_path):
    """The analyst corpus with two kaltimprov runs (a failed one, then a healthy one) and a failed
    humas_ntt run; porosnusantara and diskominfo_kutim never ran (the latter has no article)."""
    path = tmp_path / "corpus.db"
    db, _ = analyst_corpus(path)
    counts = {"pages": 1, "new": 0, "duplicate": 0, "dropped": 0}
    for spider, status, problem in [("kaltimprov", "failed", "fetched no page"), ("kaltimprov", "finished", None),
                                    ("humas_ntt", "failed", "layout changed")]:
        corpus_store.finish_run(db, corpus_store.start_run(db, spider), status, counts, {}, problem)
    return path


def stats(path) -> dict:
    result = humas("stats", "--format", "json", "--db", path)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_every_site_with_articles_dates_and_the_last_run(built):
    report = {row["site"]: row for row in stats(built)["sites"]}
    assert list(report) == ["diskominfo_kutim", "humas_ntt", "kaltimprov", "porosnusantara"]
    kaltim = report["kaltimprov"]
    assert (kaltim["articles"], kaltim["first_published"], kaltim["last_published"]) == (2, "2021-08-31", "2021-09-01")
    assert (kaltim["last_status"], kaltim["last_problem"]) == ("finished", None) and kaltim["last_crawl"]
    assert (report["humas_ntt"]["last_status"], report["humas_ntt"]["last_problem"]) == ("failed", "layout changed")
    assert report["porosnusantara"]["last_crawl"] is None
    empty = report["diskominfo_kutim"]
    assert (empty["articles"], empty["first_published"], empty["fill_rates"]["title"]) == (0, None, 0.0)


@pytest.mark.parametrize("site, field, rate", [
    ("kaltimprov", "author", 0.5),
    ("kaltimprov", "tags", 0.5),
    ("kaltimprov", "title", 1.0),
    ("humas_ntt", "author", 0.5),
    ("porosnusantara", "images", 0.0),
    (None, "author", round(2 / 6, 4)),  # the totals: 2 of 6
    (None, "images", round(1 / 6, 4)),
])
def test_fill_rates(built, site, field, rate):
    report = stats(built)
    row = report["totals"] if site is None else next(r for r in report["sites"] if r["site"] == site)
    assert set(row["fill_rates"]) == set(FILL_RATE_FIELDS)
    assert row["fill_rates"][field] == pytest.approx(rate, abs=1e-4)


def test_totals(built):
    totals = stats(built)["totals"]
    assert (totals["sites"], totals["articles"]) == (4, len(ARTICLES))
    assert (totals["first_published"], totals["last_published"]) == ("2020-01-10", "2021-09-01")


def test_table(built):
    result = humas("stats", "--db", built)
    assert result.exit_code == 0, result.output
    for text in ("kaltimprov", "2021-09-01", "finished", "layout changed", "all (4)", "published_at", "50%"):
        assert text in result.stdout


@pytest.mark.parametrize("first, last, expected", [
    ("2021-11", "2022-02", ["2021-11", "2021-12", "2022-01", "2022-02"]),
    ("2021-05", "2021-05", ["2021-05"]),
])
def test_month_range(first, last, expected):
    assert month_range(first, last) == expected


def test_a_month_without_articles_is_zero():
    months, series = monthly_series([{"site": "a", "month": "2021-01", "articles": 2},
                                     {"site": "b", "month": "2021-03", "articles": 1}])
    assert months == ["2021-01", "2021-02", "2021-03"] and series == {"a": [2, 0, 0], "b": [0, 0, 1]}


def test_plot_writes_a_png_of_the_expected_size_with_several_colours(built, tmp_path):
    out = tmp_path / "plot.png"
    result = humas("plot", "--out", out, "--db", built)
    assert result.exit_code == 0, result.output
    pixels = matplotlib.image.imread(out)
    assert pixels.shape[:2] == (FIGURE_INCHES[1] * DPI, FIGURE_INCHES[0] * DPI)
    colours = np.unique((pixels[..., :3] * 255).round().astype(int).reshape(-1, 3), axis=0)
    tab10 = {(31, 119, 180), (255, 127, 14), (44, 160, 44)}  # the first three sites' lines
    assert tab10 <= {tuple(c) for c in colours}


def test_plot_default_goes_under_exports(built, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert humas("plot", "--db", built).exit_code == 0
    assert (tmp_path / "exports" / "articles_per_month.png").stat().st_size > 0


def test_plot_of_an_empty_corpus_is_one_line_exit_1(tmp_path):
    path = tmp_path / "empty.db"
    corpus.open_corpus(path).close()
    result = humas("plot", "--out", tmp_path / "p.png", "--db", path)
    assert result.exit_code == 1 and result.stderr.strip() == "Error: no dated article in the corpus: nothing to plot"
    assert not (tmp_path / "p.png").exists()
