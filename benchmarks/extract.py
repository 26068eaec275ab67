"""Pages per second, peak memory and F1 of our extractor next to plain trafilatura, on the same
labelled pages, in one run.

    python benchmarks/extract.py [--data PATH ...] [--rounds 3]

``--data`` takes any data-set folder ``humas eval`` reads (repeatable; default tests/layouts and
tests/data/indonesian-news); trafilatura's evaluation set, ../shared/data/trafilatura-eval, can be
given too. Each extractor runs as ``humas eval`` runs it, in its own interpreter that loads the
pages itself, so the peak resident memory it reports (ru_maxrss) is its own and the RSS growth is
what it adds above the loaded pages. The Python-heap peak (tracemalloc) comes from one more round
with tracing on, kept out of the timed rounds because tracing slows them down. Speed is given
by the clock and by the process's CPU time: on a shared machine the other jobs' load changes
between the two extractors' runs, and the CPU-time ratio is the steadier one. F1 is the
evaluation's on each data set (body word 4-grams, or trafilatura's summed snippet metric), scored
on the last timed round's outputs.

Two groups are timed, each with its own ratio to trafilatura: the ``--data`` pages, which name no
site (ours gets no selectors: the generic path a new site starts on), and the articles of the five
seed sites served by the offline mirror, which ours reads with each site's registry selectors and
zone, as its spider does (``--no-sites`` leaves that group out).
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
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
EXTRACTORS = ("ours", "trafilatura")
DEFAULT_DATA = (ROOT / "tests" / "layouts", ROOT / "tests" / "data" / "indonesian-news")


def run_child(name: str, paths: list[Path], rounds: int) -> dict:
    """Time one extractor over every page, then measure its heap peak and score its outputs."""
    from humas_crawler.evaluation.datasets import load_dataset
    from humas_crawler.evaluation.extractors import run_extractor
    from humas_crawler.evaluation.scoring import score_page, summarize

    pages = [page for path in paths for page in load_dataset(path)]
    for page in pages:  # warm-up: lazy imports and one-time loads (dateparser's languages on the
        run_extractor(name, page)  # first page that needs it) are not per-page cost
    rss_before = _max_rss_mb()
    started, cpu_started = time.perf_counter(), time.process_time()
    for _ in range(rounds):
        produced = [run_extractor(name, page) for page in pages]
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    rss_peak = _max_rss_mb()
    tracemalloc.start()
    for page in pages:
        run_extractor(name, page)
    heap_peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    summaries = summarize([score_page(page, name, out) for page, out in zip(pages, produced)])
    return {
        "extractor": name, "pages": len(pages) * rounds, "seconds": elapsed,
        "pages_per_s": len(pages) * rounds / elapsed, "cpu_pages_per_s": len(pages) * rounds / cpu,
        "rss_peak_mb": rss_peak,
        "rss_growth_mb": rss_peak - rss_before, "heap_peak_mb": heap_peak,
        "datasets": {s.dataset: {"n": s.n, "metric": s.metric, "f1": s.f1} for s in summaries},
    }


def _max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def measure(name: str, paths: list[Path], rounds: int) -> dict:
    data = [arg for path in paths for arg in ("--data", str(path))]
    out = subprocess.run(
        [sys.executable, __file__, "--child", name, "--rounds", str(rounds), *data],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def site_pages(folder: Path) -> Path:
    """The seed sites' articles as the offline mirror serves them, saved under ``folder`` as a
    layouts data set whose specs name their site (so ours gets the registry's selectors)."""
    import urllib.request

    from humas_mirror import SITES, MirrorServer

    with MirrorServer(port=0) as mirror:
        for site in SITES:
            for n, article in enumerate(mirror.articles(site)):
                url = mirror.base_url(site) + article.path
                with urllib.request.urlopen(url, timeout=30) as answer:
                    (folder / f"{site}-{n:03}.html").write_bytes(answer.read())
                spec = {"url": url, "title": article.title, "published_at": article.published_at,
                        "body": article.body, "site": site}
                (folder / f"{site}-{n:03}.json").write_text(json.dumps(spec, ensure_ascii=False), "utf-8")
    return folder


def measure_group(paths: list[Path], rounds: int) -> tuple[dict[str, dict], tuple[float, float]]:
    """Every extractor's figures on ``paths``, and the machine's 1-minute load average before and
    after: on a shared machine the other jobs' load is what moves the wall-clock figures."""
    before = os.getloadavg()[0]
    results = {name: measure(name, paths, rounds) for name in EXTRACTORS}
    return results, (before, os.getloadavg()[0])


def print_results(results: dict[str, dict], rounds: int, group: str, load: tuple[float, float]) -> None:
    """One row per extractor: speed and memory, then F1 per data set; then the ratios."""
    datasets = results["ours"]["datasets"]
    names = list(datasets)
    print(", ".join(f"{name}: {d['n']} pages ({d['metric']})" for name, d in datasets.items())
          + f"; {rounds} timed rounds each; load average {load[0]:.1f} before, {load[1]:.1f} after")
    f1_heads = "".join(f"{'F1 ' + name:>{len(name) + 5}}" for name in names)
    print(f"{'extractor':<12}{'pages/s':>9}{'CPU pages/s':>13}{'peak RSS MB':>13}{'RSS growth MB':>15}{'heap peak MB':>14}{f1_heads}")
    for r in results.values():
        f1s = "".join(f"{r['datasets'][name]['f1']:>{len(name) + 5}.3f}" for name in names)
        print(f"{r['extractor']:<12}{r['pages_per_s']:>9.1f}{r['cpu_pages_per_s']:>13.1f}{r['rss_peak_mb']:>13.1f}{r['rss_growth_mb']:>15.1f}"
              f"{r['heap_peak_mb']:>14.1f}{f1s}")
    ours, plain = results["ours"], results["trafilatura"]
    print(f"ours / trafilatura ({group}): speed {ours['pages_per_s'] / plain['pages_per_s']:.2f}x "
          f"(CPU {ours['cpu_pages_per_s'] / plain['cpu_pages_per_s']:.2f}x), "
          f"peak RSS {ours['rss_peak_mb'] / plain['rss_peak_mb']:.2f}x, "
          f"heap peak {ours['heap_peak_mb'] / plain['heap_peak_mb']:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, action="append", metavar="PATH",
                        help="a labelled data-set folder (repeatable; default: tests/layouts and "
                             "tests/data/indonesian-news)")
    parser.add_argument("--rounds", type=int, default=3, help="timed passes over all pages")
    parser.add_argument("--no-sites", action="store_true", help="time the --data pages only")
    parser.add_argument("--child", choices=EXTRACTORS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    paths = args.data or list(DEFAULT_DATA)
    if args.child:
        print(json.dumps(run_child(args.child, paths, args.rounds)))
        return
    from humas_crawler.evaluation.datasets import DataSetError, dataset_format

    try:
        for path in paths:
            dataset_format(path)
    except DataSetError as exc:
        parser.error(str(exc))
    results, load = measure_group(paths, args.rounds)
    print_results(results, args.rounds, "no site hints", load)
    if not args.no_sites:
        with tempfile.TemporaryDirectory(prefix="humas-sites-") as folder:
            mirrored = Path(folder) / "seed-sites"
            mirrored.mkdir()
            mirrored = [site_pages(mirrored)]
            print()
            results, load = measure_group(mirrored, args.rounds)
            print_results(results, args.rounds, "site selectors", load)


if __name__ == "__main__":
    main()
