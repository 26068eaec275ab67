"""Pages per second of the full pipeline against the loopback mirror, next to a bare spider that
only fetches the same pages, in one run.

    python benchmarks/crawl.py [--repeat 3] [--quotes-only]

Each variant runs in its own interpreter (Twisted's reactor starts once per process) against its
own mirror on a free port, into a fresh corpus.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_variant(variant: str, db_path: Path, overrides: dict | None = None) -> dict:
    """Crawl all five mirror sites once; ``bare`` turns every item pipeline off."""
    from humas_mirror import SITES, MirrorServer
    from humas_crawler.crawl.runner import run_spiders

    overrides = overrides or ({"ITEM_PIPELINES": {}} if variant == "bare" else {})
    with MirrorServer(port=0) as mirror:
        args = {site: {"base_url": mirror.base_url(site)} for site in SITES}
        started, cpu_started = time.perf_counter(), time.thread_time()
        run_spiders(list(SITES), str(db_path), spider_args=args, overrides=overrides, show_progress=False,
                    stats_sink=(stats := {}))
        elapsed, cpu = time.perf_counter() - started, time.thread_time() - cpu_started
    pages = sum(s.get("response_received_count", 0) for s in stats.values())
    articles = sum(s.get("store/new", 0) for s in stats.values())
    return {"variant": variant, "pages": pages, "articles": articles, "seconds": elapsed, "cpu_seconds": cpu,
            "pages_per_s": pages / elapsed}


def measure(variant: str) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        out = subprocess.run(
            [sys.executable, __file__, "--child", variant, "--db", str(Path(folder) / "c.db")],
            cwd=ROOT, capture_output=True, text=True, check=True,
        ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quotes-only", action="store_true", help="only the quotes stage's share of the pipeline")
    parser.add_argument("--child", choices=["full", "bare", "stages"], help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run = run_stages if args.child == "stages" else lambda path: run_variant(args.child, path)
        print(json.dumps(run(Path(args.db))))
        return
    if args.quotes_only:
        print(quotation_cost(args.repeat))
        return
    results = {variant: [measure(variant) for _ in range(args.repeat)] for variant in ("bare", "full")}
    print(f"{'variant':<8}{'pages':>7}{'median s':>10}{'pages/s':>10}")
    medians = {}
    for variant, runs in results.items():
        medians[variant] = statistics.median(r["pages_per_s"] for r in runs)
        seconds = statistics.median(r["seconds"] for r in runs)
        print(f"{variant:<8}{runs[0]['pages']:>7}{seconds:>10.2f}{medians[variant]:>10.1f}")
    print(f"full pipeline / bare fetch: {medians['full'] / medians['bare']:.2f} (median of {args.repeat} runs each)")
    print(quotation_cost(args.repeat))


def quotation_cost(repeat: int = 3) -> str:
    """What adding the quotes stage (``QuotesPipeline``: quotes, speakers, places; and their rows,
    which the store writes in the article's transaction) costs per article inside a real crawl of the mirror, next to the other item pipelines (extract,
    validate, dedup, store, cluster) and next to all the crawl thread does for an article (fetching,
    scheduling, parsing, every pipeline). Issue 13 allows at most 10 % of "the pipeline's time per
    article". What the stage loads when the spider opens (rules, patterns, gazetteer, the site
    province's districts: once per crawl, before any article) is printed apart and is in no
    per-article figure; whatever an article still loads (another region's districts) is in the
    stage, as a crawl pays it, and the first article's time is printed apart."""
    runs = [measure("stages") for _ in range(repeat)]
    for run in runs:
        run["quotes"] = run["stages"].pop("QuotesPipeline")
        run["share"] = run["quotes"] / sum(run["stages"].values())
    shares = sorted(r["share"] for r in runs)
    run = next(r for r in runs if r["share"] == statistics.median_low(shares))
    per_article = {stage: 1000 * seconds / run["articles"] for stage, seconds in run["stages"].items()}
    quotes, rows, crawl = (1000 * run[key] / run["articles"] for key in ("quotes", "quote_rows", "cpu_seconds"))
    return (f"quotes stage: {quotes:.2f} ms per article (CPU, {rows:.2f} ms of it the quote rows the store writes; "
            f"the first article's {1000 * run['first_quotes']:.1f} ms included; loaded at open, once per crawl: "
            f"{1000 * run['open_quotes']:.0f} ms; the run's quotes indexed at close: "
            f"{1000 * run['close_quotes']:.1f} ms), other item pipelines {sum(per_article.values()):.1f} ms (extraction "
            f"{per_article['ExtractPipeline']:.1f} ms): {run['share']:.1%} of the item pipelines' time "
            f"({shares[0]:.1%}–{shares[-1]:.1%} over {repeat} crawls of {run['articles']} articles); "
            f"{quotes / (crawl - quotes):.1%} of the rest of the crawl thread's {crawl - quotes:.1f} ms per article")


STAGE_SECONDS: dict[str, float] = {}
FIRST_CALL: dict[str, float] = {}
OPEN_SECONDS: dict[str, float] = {}  # a stage's open_spider and close_spider, once per spider: not per article


def timed(path: str) -> type:
    """The item pipeline at ``path`` with the time of its ``process_item`` added up in STAGE_SECONDS
    (the first call's also in FIRST_CALL; its ``open_spider``'s and ``close_spider``'s, once per
    spider, in OPEN_SECONDS under the stage's name and "<name>.close"):
    CPU time of the crawl's thread, so neither the mirror serving pages from another thread nor
    other jobs on the machine count against a stage."""
    from scrapy.utils.misc import load_object

    base = load_object(path)

    def process_item(self, item):
        started = time.thread_time()
        try:
            return base.process_item(self, item)
        finally:
            spent = time.thread_time() - started
            FIRST_CALL.setdefault(base.__name__, spent)
            STAGE_SECONDS[base.__name__] = STAGE_SECONDS.get(base.__name__, 0.0) + spent

    methods = {"process_item": process_item}
    for method, key in (("open_spider", base.__name__), ("close_spider", f"{base.__name__}.close")):
        if hasattr(base, method):
            methods[method] = once_timed(getattr(base, method), key)
    return type(base.__name__, (base,), methods)


def once_timed(method, key: str):
    """``method`` (a pipeline's open_spider or close_spider) with its time added up in OPEN_SECONDS[key]."""
    def run(self, *args):
        started = time.thread_time()
        try:
            return method(self, *args)
        finally:
            OPEN_SECONDS[key] = OPEN_SECONDS.get(key, 0.0) + time.thread_time() - started

    return run


def time_quote_rows() -> None:
    """The store writes an article's quote rows in the article's transaction: their time, added up
    in STAGE_SECONDS[QUOTE_ROWS], is the quotes stage's cost, not the store's."""
    from humas_crawler.corpus import quotes

    write = quotes.store_quotations

    def store_quotations(*args, **kwargs):
        started = time.thread_time()
        try:
            return write(*args, **kwargs)
        finally:
            STAGE_SECONDS[QUOTE_ROWS] = STAGE_SECONDS.get(QUOTE_ROWS, 0.0) + time.thread_time() - started

    quotes.store_quotations = store_quotations


QUOTE_ROWS = "quote rows"


def run_stages(db_path: Path) -> dict:
    """One crawl of the five mirror sites with every pipeline timed: CPU seconds per stage, the
    quote rows the store writes counted in the quotes stage."""
    from humas_crawler import settings

    time_quote_rows()
    timed_pipelines = {timed(path): order for path, order in settings.ITEM_PIPELINES.items()}
    result = run_variant("full", db_path, {"ITEM_PIPELINES": timed_pipelines})
    rows = STAGE_SECONDS.pop(QUOTE_ROWS, 0.0)
    STAGE_SECONDS["StorePipeline"] -= rows
    STAGE_SECONDS["QuotesPipeline"] += rows
    return {**result, "stages": STAGE_SECONDS, "quote_rows": rows, "first_quotes": FIRST_CALL["QuotesPipeline"],
            "open_quotes": OPEN_SECONDS.get("QuotesPipeline", 0.0),
            "close_quotes": OPEN_SECONDS.get("QuotesPipeline.close", 0.0)}


if __name__ == "__main__":
    main()
