"""A night on the fault-injecting server: our fault handling next to Scrapy's stock settings, in one run.

    python benchmarks/faults.py [--hang 20] [--oversize-mb 60]

Two scenarios, each crawled twice into a fresh corpus: ``faults`` (humas_mirror.faults: one site
whose article URLs misbehave) and ``outage`` (every article answers 500). ``ours`` is the project's
settings; ``stock`` puts back Scrapy's download and retry defaults (its RetryMiddleware with no
Retry-After handling, no circuit breaker, no charset or non-article checks, a 180 s timeout that is
retried, a 1 GB size cap). Each crawl runs in its own interpreter (Twisted's reactor starts once
per process); the servers run here, so their request logs say what each crawl cost.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from humas_crawler import corpus
from humas_crawler.crawl.registry import entry_toml
from humas_mirror.faults import FaultServer

ROOT = Path(__file__).resolve().parent.parent

# The setting names our fault handling changed, and the middlewares it added.
STOCK_NAMES = ("DOWNLOAD_TIMEOUT", "RETRY_EXCEPTIONS", "RETRY_GIVE_UP_LOG_LEVEL", "DOWNLOAD_MAXSIZE",
               "DOWNLOAD_WARNSIZE", "REDIRECT_MAX_TIMES", "DOWNLOADER_MIDDLEWARES")
LOOPBACK = {"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "CONCURRENT_REQUESTS_PER_DOMAIN": 16}


def stock_overrides() -> dict:
    from scrapy.settings import default_settings

    return {name: getattr(default_settings, name) for name in STOCK_NAMES}


def child(variant: str, db_path: str) -> None:
    """Crawl the registry's one site (HUMAS_REGISTRY) and print the run's figures as JSON (the
    peak RSS is this process's: the stock settings download the oversized page whole)."""
    from humas_crawler.crawl.runner import run_spiders

    overrides = stock_overrides() if variant == "stock" else {}
    started = time.monotonic()
    runs = run_spiders(["faults"], db_path, overrides=overrides, show_progress=False)
    print(json.dumps({"seconds": time.monotonic() - started, "status": runs[-1]["status"],
                      "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


def crawl(server: FaultServer, variant: str, folder: Path) -> dict:
    """One crawl of ``server`` in a child process: its figures, its stderr and its corpus."""
    registry = folder / "sites.toml"  # the same entry for every crawl
    registry.write_text(entry_toml({"name": "faults", "url": server.url, "timezone": "WITA", "discovery": ["listing"],
                                    "start_paths": ["/berita"], "article_links": "main a", "politeness": LOOPBACK}),
                        encoding="utf-8")
    db_path = folder / f"{server.port}-{variant}.db"
    server.clear()
    done = subprocess.run([sys.executable, __file__, "--child", variant, "--db", str(db_path)], cwd=ROOT,
                          capture_output=True, text=True, env={**os.environ, "HUMAS_REGISTRY": str(registry)})
    if done.returncode:
        sys.exit(done.stderr[-3000:])
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    return {**figures, "tracebacks": done.stderr.count("Traceback"), "db": corpus.open_corpus(db_path),
            "requests": server.requests, "strays": server.strays}


def outcome(server: FaultServer, run: dict, article) -> str:
    """What a crawl made of one article URL: stored, or its crawl-state row, with its requests."""
    url = server.url + article.path
    db = run["db"]
    asked = [entry for entry in run["requests"] if entry.path.split("?")[0] == article.path]
    wait = f", retry +{asked[1].at - asked[0].at:.1f} s" if len(asked) > 1 and article.fault.retry_after else ""
    stored = next(db.query("select length(body) as chars, body from articles where canonical_url = ?", [url]), None)
    if stored:
        garbled = ", U+FFFD" if "\ufffd" in stored["body"] else ""
        what = f"stored {stored['chars']:,} chars{garbled}"
    else:
        row = next(db.query("select state, reason from crawl_urls where url = ?", [url]), None)
        what = f"{row['state']} ({(row['reason'] or '-').split(':')[0]})" if row else "no trace"
    return f"{what}, {len(asked)} req{wait}"


def good_stored(server: FaultServer, run: dict) -> str:
    urls = {row["canonical_url"] for row in run["db"].query("select canonical_url from articles")}
    good = [a for a in server.good() if server.url + a.path in urls]
    return f"{len(good)}/{len(server.good())} (+{len(urls) - len(good)} junk)"


def table(rows: list[tuple[str, ...]]) -> None:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())


def figures(server: FaultServer, runs: dict[str, dict], with_faults: bool) -> list[tuple[str, ...]]:
    rows = [("", "expected", *runs)]
    rows.append(("wall time", "", *(f"{run['seconds']:.1f} s" for run in runs.values())))
    rows.append(("run status", "finished" if with_faults else "circuit_open", *(run["status"] for run in runs.values())))
    rows.append(("requests", "", *(str(len(run["requests"])) for run in runs.values())))
    rows.append(("peak RSS", "", *(f"{run['max_rss_mb']:.0f} MB" for run in runs.values())))
    rows.append(("tracebacks", "0", *(str(run["tracebacks"]) for run in runs.values())))
    if with_faults:
        rows.append(("good stored", "all", *(good_stored(server, run) for run in runs.values())))
        rows += [(a.fault.behaviour, a.expect, *(outcome(server, run, a) for run in runs.values()))
                 for a in server.faulty()]
        rows.append(("left the site", "0", *(str(len(run["strays"])) for run in runs.values())))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hang", type=float, default=20.0, help="seconds the hanging URL stays silent")
    parser.add_argument("--oversize-mb", type=int, default=60, help="size of the oversized page")
    parser.add_argument("--child", choices=["ours", "stock"], help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.db)
        return
    scenarios = {"faults": {"hang_seconds": args.hang, "oversize_bytes": args.oversize_mb * 2**20},
                 "outage": {"outage": True}}
    with tempfile.TemporaryDirectory() as folder:
        for scenario, options in scenarios.items():
            with FaultServer(**options) as server:
                runs = {variant: crawl(server, variant, Path(folder)) for variant in ("ours", "stock")}
                faulty = len(server.articles) if server.outage else len(server.faulty())
                print(f"\n== {scenario}: {len(server.articles)} articles, {faulty} of them faulty")
                table(figures(server, runs, with_faults=not server.outage))


if __name__ == "__main__":
    main()
