"""Pages per second and peak memory of our extractor next to plain trafilatura, on the same pages,
in one run.

    python benchmarks/extract.py [--rounds 3] [--groups layouts,shared,mirror]

The pages (hand-written layouts, the shared real pages, the mirror's articles fetched once) are
saved to a temporary file; each extractor then runs in its own interpreter, so the peak resident
memory it reports (ru_maxrss) is its own. The Python-heap peak (tracemalloc) comes from one more
round with tracing on, kept out of the timed rounds because tracing slows them down.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
EXTRACTORS = ("ours", "trafilatura")


def extractor(name: str):
    """The call each side makes per page: ours, and trafilatura as ``humas eval`` runs it."""
    if name == "ours":
        from humas_crawler import extract

        return lambda html, url: extract(html, url=url)
    import trafilatura

    return lambda html, url: trafilatura.bare_extraction(html, url=url, with_metadata=True)


def save_pages(groups: list[str], path: Path) -> int:
    from humas_crawler.evaluation.harness import LOADERS

    pages = [{"html": page.html, "url": page.url} for group in groups for page in LOADERS[group]()]
    path.write_text(json.dumps(pages), encoding="utf-8")
    return len(pages)


def run_child(name: str, pages_file: Path, rounds: int) -> dict:
    pages = json.loads(pages_file.read_text(encoding="utf-8"))
    run = extractor(name)
    run(pages[0]["html"], pages[0]["url"])  # warm-up: lazy imports and caches are not per-page cost
    rss_before = _max_rss_mb()
    started = time.perf_counter()
    for _ in range(rounds):
        for page in pages:
            run(page["html"], page["url"])
    elapsed = time.perf_counter() - started
    rss_peak = _max_rss_mb()
    tracemalloc.start()
    for page in pages:
        run(page["html"], page["url"])
    heap_peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return {
        "extractor": name, "pages": len(pages) * rounds, "seconds": elapsed,
        "pages_per_s": len(pages) * rounds / elapsed, "rss_peak_mb": rss_peak,
        "rss_growth_mb": rss_peak - rss_before, "heap_peak_mb": heap_peak,
    }


def _max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def measure(name: str, pages_file: Path, rounds: int) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", name, "--pages", str(pages_file), "--rounds", str(rounds)],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3, help="timed passes over all pages")
    parser.add_argument("--groups", default="layouts,shared,mirror", help="page groups, comma-separated")
    parser.add_argument("--child", choices=EXTRACTORS, help=argparse.SUPPRESS)
    parser.add_argument("--pages", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_child(args.child, args.pages, args.rounds)))
        return
    with tempfile.TemporaryDirectory() as folder:
        pages_file = Path(folder) / "pages.json"
        count = save_pages(args.groups.split(","), pages_file)
        results = {name: measure(name, pages_file, args.rounds) for name in EXTRACTORS}
    print(f"{count} pages ({args.groups}), {args.rounds} timed rounds each")
    print(f"{'extractor':<12}{'pages/s':>9}{'peak RSS MB':>13}{'RSS growth MB':>15}{'heap peak MB':>14}")
    for r in results.values():
        print(f"{r['extractor']:<12}{r['pages_per_s']:>9.1f}{r['rss_peak_mb']:>13.1f}{r['rss_growth_mb']:>15.1f}"
              f"{r['heap_peak_mb']:>14.1f}")
    ours, plain = results["ours"], results["trafilatura"]
    print(f"ours / trafilatura: speed {ours['pages_per_s'] / plain['pages_per_s']:.2f}x, "
          f"peak RSS {ours['rss_peak_mb'] / plain['rss_peak_mb']:.2f}x, "
          f"heap peak {ours['heap_peak_mb'] / plain['heap_peak_mb']:.2f}x")


if __name__ == "__main__":
    main()
