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
        started = time.perf_counter()
        run_spiders(list(SITES), str(db_path), spider_args=args, overrides=overrides, show_progress=False,
                    stats_sink=(stats := {}))
        elapsed = time.perf_counter() - started
    pages = sum(s.get("response_received_count", 0) for s in stats.values())
    articles = sum(s.get("store/new", 0) for s in stats.values())
    return {"variant": variant, "pages": pages, "articles": articles, "seconds": elapsed, "pages_per_s": pages / elapsed}


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
    """What adding the quotes stage (``QuotesPipeline``: quotes, speakers, places, and their rows)
    costs next to the rest of the pipeline's time per article, measured inside a real crawl of the
    mirror: issue 13 allows at most 10 %. The first article's one-off load of the rules and the
    gazetteer is in it, as a crawl pays it."""
    runs = [measure("stages") for _ in range(repeat)]
    shares = [r["stages"]["QuotesPipeline"] / (sum(r["stages"].values()) - r["stages"]["QuotesPipeline"])
              for r in runs]
    share = statistics.median_low(shares)
    run = runs[shares.index(share)]
    per_article = {stage: 1000 * seconds / run["articles"] for stage, seconds in run["stages"].items()}
    quotes = per_article.pop("QuotesPipeline")
    return (f"quotes stage: {quotes:.2f} ms per article against {sum(per_article.values()):.1f} ms for the rest of "
            f"the pipeline (extraction {per_article['ExtractPipeline']:.1f} ms; {run['articles']} articles stored): "
            f"{share:.1%} of the pipeline's time (median of {repeat} crawls, "
            f"each {min(shares):.1%}–{max(shares):.1%})")


STAGE_SECONDS: dict[str, float] = {}


def timed(path: str) -> type:
    """The item pipeline at ``path`` with the time of its ``process_item`` added up in STAGE_SECONDS."""
    from scrapy.utils.misc import load_object

    base = load_object(path)

    def process_item(self, item):
        started = time.perf_counter()
        try:
            return base.process_item(self, item)
        finally:
            STAGE_SECONDS[base.__name__] = STAGE_SECONDS.get(base.__name__, 0.0) + time.perf_counter() - started

    return type(base.__name__, (base,), {"process_item": process_item})


def run_stages(db_path: Path) -> dict:
    """One crawl of the five mirror sites with every pipeline timed; seconds per stage."""
    from humas_crawler import settings

    timed_pipelines = {timed(path): order for path, order in settings.ITEM_PIPELINES.items()}
    result = run_variant("full", db_path, {"ITEM_PIPELINES": timed_pipelines})
    return {**result, "stages": STAGE_SECONDS}


if __name__ == "__main__":
    main()
