"""Pages per second of the full pipeline against the loopback mirror, next to a bare spider that
only fetches the same pages, in one run.

    python benchmarks/crawl.py [--repeat 3]

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


def run_variant(variant: str, db_path: Path) -> dict:
    """Crawl all five mirror sites once; ``bare`` turns every item pipeline off."""
    from humas_mirror import SITES, MirrorServer
    from humas_crawler.crawl.runner import run_spiders

    overrides = {"ITEM_PIPELINES": {}} if variant == "bare" else {}
    with MirrorServer(port=0) as mirror:
        args = {site: {"base_url": mirror.base_url(site)} for site in SITES}
        started = time.perf_counter()
        run_spiders(list(SITES), str(db_path), spider_args=args, overrides=overrides, show_progress=False,
                    stats_sink=(stats := {}))
        elapsed = time.perf_counter() - started
    pages = sum(s.get("response_received_count", 0) for s in stats.values())
    return {"variant": variant, "pages": pages, "seconds": elapsed, "pages_per_s": pages / elapsed}


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
    parser.add_argument("--child", choices=["full", "bare"], help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_variant(args.child, Path(args.db))))
        return
    results = {variant: [measure(variant) for _ in range(args.repeat)] for variant in ("bare", "full")}
    print(f"{'variant':<8}{'pages':>7}{'median s':>10}{'pages/s':>10}")
    medians = {}
    for variant, runs in results.items():
        medians[variant] = statistics.median(r["pages_per_s"] for r in runs)
        seconds = statistics.median(r["seconds"] for r in runs)
        print(f"{variant:<8}{runs[0]['pages']:>7}{seconds:>10.2f}{medians[variant]:>10.1f}")
    print(f"full pipeline / bare fetch: {medians['full'] / medians['bare']:.2f} (median of {args.repeat} runs each)")
    print(quotation_cost())


def quotation_cost() -> str:
    """What the quotes stage (quotes, speakers, places: ``said_in``) costs next to extraction, per
    article, on the mirror's article pages fetched once: the stage's share must stay under 10 %."""
    import urllib.request

    from humas_crawler.extraction.layers import extract_article
    from humas_crawler.extraction.speakers import said_in
    from humas_mirror import SITES, MirrorServer, content

    with MirrorServer(port=0) as mirror:
        pages = [urllib.request.urlopen(mirror.base_url(site) + article.path).read().decode("utf-8")
                 for site in SITES for article in content.catalog([site])[site]]
    extract_seconds = quote_seconds = 0.0
    for html in pages:
        started = time.perf_counter()
        fields = extract_article(html)
        extract_seconds += time.perf_counter() - started
        started = time.perf_counter()
        said_in(fields["body"] or "", fields.get("dateline"), "Kalimantan Timur")
        quote_seconds += time.perf_counter() - started
    return (f"quotes stage: {1000 * quote_seconds / len(pages):.2f} ms per article, extraction "
            f"{1000 * extract_seconds / len(pages):.1f} ms ({len(pages)} mirror articles): "
            f"{quote_seconds / extract_seconds:.1%} of extraction")


if __name__ == "__main__":
    main()
