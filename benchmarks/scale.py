"""A corpus of N synthetic articles built with the project's own storage code, then what users do with it.

    python benchmarks/scale.py [--n 1000000] [--sites 500] [--db PATH] [--measure-only [--search-only]]
                               [--no-competitor]

Build: ~300-word articles in the Indonesian-like text of ``benchmarks/dedup.py`` (Zipf vocabulary,
stories naming their own dates, names and numbers), over ``--sites`` sites, one story every
STORY_SPACING (so a bigger corpus spans more years at the same rate); SYNDICATED_SHARE of the stream
are portal copies of a recent story (edited the way portals edit Humas releases), on another site.
Each article goes through what the pipelines do: the exact check (``store.find_article_id``),
``store.insert_article`` (the full-text index follows by trigger) and ``NearDuplicateIndex.index_article``,
BATCH articles per transaction. The competitor: plain sqlite-utils ``insert_all`` of the same rows
into a table with a trigger-kept FTS5 index and no dedup, and plain FTS5 queries without our parser.

Then: file size, search latency through ``queries.search`` (median and p95 over QUERIES queries, with
and without site and date filters), ``humas stats`` (the query in-process, and the command), ``humas
export`` to JSONL and Parquet in a subprocess (wall time and the child's peak RSS, from wait4), and
the near-duplicate check's time per new article over the WINDOW articles before 100k and before N.
``--db`` keeps the corpus (and ``--measure-only`` measures a kept one again, e.g. after a migration;
``--search-only`` then stops after the search figures). Search times are wall time, with the p95 of
the process' CPU time beside them.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import sqlite_utils

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import dedup as textgen  # noqa: E402  benchmarks/dedup.py: the synthetic text
from humas_crawler.corpus import checkpoint, open_corpus, queries, store  # noqa: E402
from humas_crawler.corpus.dedup import NearDuplicateIndex  # noqa: E402
from humas_crawler.fields import FILL_RATE_FIELDS  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
# 500 sites publishing ~100k articles a year between them: 1M articles are about ten years.
textgen.STORY_SPACING = timedelta(minutes=5)
SYNDICATED_SHARE = 0.2  # of the stream, copies of a story published shortly before on another site
COPY_HORIZON = 2000  # a copy's original is among this many latest stories
BATCH = 1000
WINDOW = 2000  # articles whose near-duplicate check is timed before 100k and before N
REFERENCE_SIZE = 100_000
QUERIES = 100
SEARCH_LIMIT = 20
PLAIN_FTS_COLUMNS = ["title", "body"]


def site_name(number: int) -> str:
    return f"site-{number:03d}"


def article_at(factory: textgen.TextFactory, number: int, sites: int, stories: list[int]) -> dict:
    """Article ``number`` of the stream: a new story, or (SYNDICATED_SHARE of the time) a copy of a
    recent story on another site. ``stories`` counts the stories so far (one-element list)."""
    rng = random.Random(number)
    if stories[0] and rng.random() < SYNDICATED_SHARE:
        story = stories[0] - 1 - rng.randrange(min(COPY_HORIZON, stories[0]))
        slot, site = textgen.Slot("copy", story, number), (story + 1 + rng.randrange(sites - 1)) % sites
    else:
        slot, site = textgen.Slot("story", stories[0], 0), stories[0] % sites
        stories[0] += 1
    article = factory.article(slot, number)
    url = f"https://{site_name(site)}.example.go.id/berita/{number}"
    return {**article, "site": site_name(site), "url": url, "canonical_url": url}


def build(db_path: Path, plain_path: Path | None, n: int, sites: int) -> dict:
    """Store n articles as the pipelines do; the competitor gets the same rows by insert_all."""
    factory, stories = textgen.TextFactory(seed=7), [0]
    db = open_corpus(db_path)
    for site in range(sites):
        store.upsert_site(db, site_name(site), f"https://{site_name(site)}.example.go.id", None, "Asia/Makassar")
    index = NearDuplicateIndex(db)
    plain = plain_corpus(plain_path) if plain_path else None
    ours = plain_seconds = 0.0
    checks: dict[int, list[float]] = {REFERENCE_SIZE: [], n: []}
    stored = 0
    for start in range(0, n, BATCH):
        rows = [article_at(factory, number, sites, stories) for number in range(start, min(start + BATCH, n))]
        began = time.perf_counter()
        with db.atomic():
            for offset, article in enumerate(rows):
                if store.find_article_id(db, canonical_url=article["canonical_url"],
                                          content_hash=article["content_hash"], site=article["site"]):
                    continue
                article_id = store.insert_article(db, article)
                checked = time.perf_counter()
                index.index_article(article_id, article["body"], article["site"], article["published_at"])
                elapsed = time.perf_counter() - checked
                stored += 1
                for size, times in checks.items():
                    if size - WINDOW <= start + offset < size:
                        times.append(elapsed)
        ours += time.perf_counter() - began
        if plain is not None:
            began = time.perf_counter()
            plain["articles"].insert_all(rows, batch_size=BATCH)
            plain_seconds += time.perf_counter() - began
        if start and start % 100_000 == 0:
            print(f"  ... {start:,} articles, {ours:.0f} s in storage, peak RSS {peak_rss_mb():.0f} MB", flush=True)
    checkpoint(db)
    db.close()
    if plain is not None:
        plain.execute("pragma wal_checkpoint(TRUNCATE)")
        plain.close()
    return {"stored": stored, "seconds": ours, "plain_seconds": plain_seconds, "build_rss_mb": peak_rss_mb(),
            "checks_ms": {size: 1000 * statistics.mean(times) for size, times in checks.items() if times}}


def plain_corpus(path: Path) -> sqlite_utils.Database:
    """The competitor: one sqlite-utils table of the same columns, FTS5 kept by triggers, same journal."""
    plain = sqlite_utils.Database(path)
    plain.enable_wal()
    plain.execute("pragma synchronous = normal")
    plain["articles"].create({"id": int, "site": str, "url": str, "canonical_url": str, "title": str, "body": str,
                              "published_at": str, "content_hash": str}, pk="id")
    plain["articles"].enable_fts(PLAIN_FTS_COLUMNS, create_triggers=True)
    return plain


def query_set(rng: random.Random) -> list[str]:
    """QUERIES searches: single words of middling frequency (in 0.5-9 % of articles), two-word AND
    queries of commoner words, and quoted two-word phrases from the text."""
    words = textgen.TextFactory(seed=7).words
    singles = [str(words[rng.randrange(300, 5000)]) for _ in range(QUERIES * 2 // 5)]
    pairs = [f"{words[rng.randrange(100, 1000)]} {words[rng.randrange(100, 1000)]}" for _ in range(QUERIES * 2 // 5)]
    phrases = [f'"{words[rng.randrange(20, 300)]} {words[rng.randrange(20, 300)]}"'
               for _ in range(QUERIES - len(singles) - len(pairs))]
    return singles + pairs + phrases


def span(db: sqlite_utils.Database) -> tuple[str, str]:
    row = next(db.query("select min(published_at) as first, max(published_at) as last from articles"))
    return row["first"][:10], row["last"][:10]


def latencies(call, arguments: list) -> tuple[float, float, float]:
    """Median and p95 of ``call(*a)`` over ``arguments``, in milliseconds, and the p95 of its CPU
    time (this process'): on a shared machine the wall time also counts others' turns on the cores."""
    times, cpu = [], []
    for args in arguments:
        began, began_cpu = time.perf_counter(), time.process_time()
        call(*args)
        times.append(1000 * (time.perf_counter() - began))
        cpu.append(1000 * (time.process_time() - began_cpu))
    return statistics.median(times), statistics.quantiles(times, n=20)[-1], statistics.quantiles(cpu, n=20)[-1]


def search_figures(db_path: Path, plain_path: Path | None, sites: int) -> list[tuple[str, float, float, float]]:
    rng = random.Random(11)
    db = open_corpus(db_path)
    first, last = span(db)
    years = range(int(first[:4]), int(last[:4]) + 1)
    searches = query_set(rng)
    month = [f"{rng.choice(years)}-{rng.randrange(1, 13):02d}" for _ in searches]
    variants = {
        "no filter": [(q, None, None, None) for q in searches],
        "--site": [(q, site_name(rng.randrange(sites)), None, None) for q in searches],
        "--since/--until (a month)": [(q, None, f"{m}-01", f"{m}-28") for q, m in zip(searches, month)],
        "--site and a year": [(q, site_name(rng.randrange(sites)), f"{m[:4]}-01-01", f"{m[:4]}-12-31")
                              for q, m in zip(searches, month)],
    }
    rows = [(f"humas search, {name}", *latencies(
        lambda q, site, since, until: queries.search(db, q, limit=SEARCH_LIMIT, site=site, since=since, until=until),
        args)) for name, args in variants.items()]
    rows.append(("humas search total (count), no filter", *latencies(
        lambda q: queries.search_total(db, q), [(q,) for q in searches])))
    db.close()
    if plain_path:
        plain = sqlite_utils.Database(plain_path)
        rows.append(("plain FTS5 match, rank, limit 20 (competitor)", *latencies(
            lambda q: list(plain.query("select a.id, a.title from articles_fts f join articles a on a.id = f.rowid "
                                       "where articles_fts match ? order by rank limit 20", [q])),
            [(q,) for q in searches])))
        plain.close()
    return rows


def run_child(args: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one command, its own rusage from wait4."""
    began = time.perf_counter()
    process = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - began
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"{' '.join(args)} failed: {process.stderr.read().decode()[-2000:]}")
    process.stderr.close()
    return seconds, usage.ru_maxrss / 1024


def command_figures(db_path: Path, plain_path: Path | None, folder: Path) -> list[tuple[str, float, float]]:
    humas = [sys.executable, "-m", "humas_crawler"]
    # a migration added to the code since the build runs here, untimed, not inside the first command
    run_child([sys.executable, "-c", f"from humas_crawler.corpus import open_corpus; open_corpus({str(db_path)!r})"])
    db = open_corpus(db_path)
    began = time.perf_counter()
    queries.corpus_stats(db, FILL_RATE_FIELDS)
    in_process = time.perf_counter() - began
    db.close()
    rows = [("stats query (queries.corpus_stats)", in_process, peak_rss_mb()),
            ("humas stats --format json", *run_child([*humas, "stats", "--format", "json", "--db", str(db_path)]))]
    for fmt in ("jsonl", "parquet"):
        output = folder / f"export.{fmt}"
        rows.append((f"humas export --format {fmt}",
                     *run_child([*humas, "export", "--format", fmt, "--db", str(db_path), "-o", str(output)])))
        output.unlink()
    if plain_path:
        sqlite_utils_cli = str(Path(sys.executable).with_name("sqlite-utils"))
        rows.append(("sqlite-utils rows --nl, plain table (competitor)",
                     *run_child(["sh", "-c", f"{sqlite_utils_cli} rows {plain_path} articles --nl > {folder}/plain.jsonl"])))
    return rows


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def file_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*")) / 2**20


def report(n: int, built: dict | None, db_path: Path, plain_path: Path | None, sites: int, folder: Path,
           search_only: bool = False) -> None:
    if built:
        print(f"stored {built['stored']:,} of {n:,} articles (the rest exact copies) over {sites} sites: "
              f"{built['seconds']:.0f} s in storage ({built['stored'] / built['seconds']:,.0f} articles/s, text "
              f"generation excluded), builder peak RSS {built['build_rss_mb']:.0f} MB")
        if plain_path:
            print(f"competitor sqlite-utils insert_all + FTS5 triggers, no dedup: {built['plain_seconds']:.0f} s "
                  f"({n / built['plain_seconds']:,.0f} articles/s)")
        for size, ms in sorted(built["checks_ms"].items()):
            print(f"near-duplicate check (exact check excluded, NearDuplicateIndex.index_article) per new article, "
                  f"the {WINDOW:,} before {size:,}: {ms:.2f} ms")
    print(f"file size: ours {file_mb(db_path):,.0f} MB" + (f", plain {file_mb(plain_path):,.0f} MB" if plain_path else ""))
    print(f"{'search (' + str(QUERIES) + ' queries)':<52}{'median ms':>10}{'p95 ms':>10}{'p95 CPU ms':>12}")
    for name, median, p95, cpu_p95 in search_figures(db_path, plain_path, sites):
        print(f"{name:<52}{median:>10.1f}{p95:>10.1f}{cpu_p95:>12.1f}", flush=True)
    if search_only:
        return
    print(f"{'command':<52}{'seconds':>10}{'peak MB':>10}")
    for name, seconds, rss in command_figures(db_path, plain_path, folder):
        print(f"{name:<52}{seconds:>10.2f}{rss:>10.0f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1_000_000, help="articles in the stream (default 1000000)")
    parser.add_argument("--sites", type=int, default=500)
    parser.add_argument("--db", type=Path, help="keep the corpus here (default: a temporary folder)")
    parser.add_argument("--measure-only", action="store_true", help="measure the corpus at --db, build nothing")
    parser.add_argument("--search-only", action="store_true", help="the search figures alone (no stats, no exports)")
    parser.add_argument("--no-competitor", action="store_true", help="skip the plain sqlite-utils corpus")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = args.db.resolve().parent if args.db else Path(temporary)
        db_path = args.db.resolve() if args.db else folder / "scale.db"
        plain_path = None if args.no_competitor else db_path.with_name(db_path.stem + "-plain.db")
        if args.measure_only:
            built = None
            plain_path = plain_path if plain_path and plain_path.exists() else None
        else:
            for stale in [*folder.glob(db_path.name + "*"), *(folder.glob(plain_path.name + "*") if plain_path else [])]:
                stale.unlink()
            built = build(db_path, plain_path, args.n, args.sites)
        report(args.n, built, db_path, plain_path, args.sites, Path(temporary), args.search_only)


if __name__ == "__main__":
    main()
