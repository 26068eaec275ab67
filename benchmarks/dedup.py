"""Benchmark of the dedup stage: exact check, store, NearDuplicateIndex.index_article per article, as the pipelines do.

    python benchmarks/dedup.py [--n 100000] [--batch 1000] [--cache-mb MB] [--workers N] [--scaling]

The corpus connection (the pipeline's, and the rebuild's) has the crawl's page cache,
HUMAS_SQLITE_CACHE_MB, unless --cache-mb says otherwise; the rebuild has HUMAS_DEDUP_WORKERS
worker processes, unless --workers says otherwise.

Synthetic corpus: ~300-word articles of sentences drawn from a Zipf-distributed Indonesian-like
vocabulary (real function words and administrative terms first, then syllable-built words), each
story naming its own specifics: a date "(12/5/2024)", capitalized names, numbers.

Planted near-duplicate groups: copies edited the way portals edit Humas releases (issue 14): a new
lead that keeps the story's date and names, one paragraph rewritten (half its words replaced, its
specifics kept), two paragraphs merged or one dropped, a few words swapped, dateline and reporter
credit added, published 1-40 hours after the original (and sometimes stored before it).
Hard negatives: template series of one office (weekly or monthly, on one site) whose editions share
three fixed paragraphs word for word, the first sentence's date and names swapped, around unique
paragraphs with their own specifics; a fifth of the editions are copied by a portal (a planted
group of two). Precision and recall are pairwise over planted groups: a predicted pair is two
articles in one cluster, a true pair two articles of one planted group. Afterwards the index is
rebuilt over the finished corpus (``humas dedupe --rebuild``), timed, and checked to give the same
clusters. ``--scaling`` runs 10k, 25k, 50k and 100k articles, each on a fresh corpus.

Times are wall-clock and, beside them, the process' CPU time: on a shared machine the CPU time is
what compares one run with another. The competitor, run on the same finished corpus in the same
process, is datasketch's MinHashLSH (128 permutations, Jaccard threshold 0.4, the threshold of this
project's shingle rule before sentence verification) over the same content 3-grams, held in memory,
each LSH hit a link and the clusters their connected components; it is skipped when datasketch is not installed (a
benchmark extra in requirements.txt).
"""

from __future__ import annotations

import argparse
import importlib.util
import itertools
import resource
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from humas_crawler.corpus import open_corpus, store  # noqa: E402
from humas_crawler.corpus.dedup import (  # noqa: E402
    MIN_SHINGLES,
    NearDuplicateIndex,
    Text,
    content_hash,
    rebuild_index,
)
from humas_crawler.settings import HUMAS_DEDUP_WORKERS, HUMAS_SQLITE_CACHE_MB  # noqa: E402

COMMON_WORDS = (
    "yang dan di ke dari untuk dengan ini itu dalam pada tidak akan juga oleh kepada bahwa "
    "sebagai kabupaten pemerintah daerah bupati masyarakat desa kecamatan kegiatan program "
    "tahun dinas kepala wakil kota provinsi warga bantuan pelayanan pembangunan rapat "
    "koordinasi menyampaikan mengatakan menjelaskan sambutannya tersebut serta para seluruh "
    "saat hari senin selasa rabu kamis jumat sabtu minggu agar dapat telah sudah masih lebih"
).split()
SYLLABLES = [c + v for c in "bcdfghjklmnprstwy" for v in "aiueo"] + ["ng", "ny", "an", "ar", "ak", "at"]
VOCABULARY_SIZE = 30_000
PARAGRAPHS = 6
SENTENCES = 3  # per paragraph
SENTENCE_WORDS = 17
COPY_SHARE = 0.2  # of all articles, copies in planted groups
SERIES_SHARE = 0.02  # of all articles, editions of template series
SERIES_COUNT = 40
TEMPLATE_PARAGRAPHS = 3  # fixed paragraphs of a series, word for word (the monthly ceremony)
EDITION_PARAGRAPHS = 2  # the unique paragraphs of an edition
EDITION_COPY_SHARE = 0.2  # of the editions, copied by a portal
SITES = [f"portal-{i}" for i in range(30)] + [f"humas-{i}" for i in range(30)]
START = datetime(2022, 1, 3, 8, tzinfo=timezone(timedelta(hours=8)))
STORY_SPACING = timedelta(minutes=20)  # 100k stories span ~4 years
COMPETITOR_PERMUTATIONS = 128
COMPETITOR_JACCARD = 0.4


def build_vocabulary(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Words and their Zipf (s=1) probabilities, most frequent first."""
    made = set()
    while len(made) < VOCABULARY_SIZE - len(COMMON_WORDS):
        made.add("".join(rng.choice(SYLLABLES, size=rng.integers(2, 5))))
    words = np.array(COMMON_WORDS + sorted(made))
    weights = 1.0 / np.arange(1, len(words) + 1)
    return words, weights / weights.sum()


@dataclass(frozen=True)
class Slot:
    """One article of the stream: an original story, an edited copy of one, a series edition or its copy."""

    kind: str  # "story", "copy", "edition", "edition-copy"
    story: int  # story number (copies share their original's); series number for editions
    variant: int  # which copy / which edition


def plan_stream(n: int, rng: np.random.Generator) -> list[Slot]:
    """The order articles arrive in; copies are shuffled in anywhere, even before their original."""
    editions = int(n * SERIES_SHARE)
    edition_copies = int(editions * EDITION_COPY_SHARE)
    copies = int(n * COPY_SHARE)
    stories = n - editions - edition_copies - copies
    slots = [Slot("story", s, 0) for s in range(stories)]
    grouped = rng.choice(stories, size=copies)  # several copies of one story happen
    slots += [Slot("copy", int(s), i) for i, s in enumerate(grouped)]
    slots += [Slot("edition", i % SERIES_COUNT, i) for i in range(editions)]
    slots += [Slot("edition-copy", int(e) % SERIES_COUNT, int(e)) for e in rng.choice(editions, edition_copies, replace=False)]
    order = rng.permutation(len(slots))
    return [slots[i] for i in order]


@dataclass
class Draft:
    paragraphs: list[list[list[str]]]  # paragraphs of sentences of words
    published: datetime


class TextFactory:
    """Deterministic texts: a slot's text depends only on the seed and the slot."""

    def __init__(self, seed: int):
        self.seed = seed
        self.words, probabilities = build_vocabulary(np.random.default_rng(seed))
        self.cumulative = np.cumsum(probabilities)

    def draw(self, rng: np.random.Generator, count: int) -> list[str]:
        picks = np.searchsorted(self.cumulative, rng.random(count) * self.cumulative[-1])
        return self.words[picks].tolist()

    def specifics(self, rng: np.random.Generator, when: datetime) -> list[str]:
        """What the story names: a date, two capitalized names, two numbers."""
        names = ["".join(rng.choice(SYLLABLES, size=3)).capitalize() for _ in range(2)]
        return [f"({when.day}/{when.month}/{when.year})", *names, f"{rng.integers(12, 9000):,}".replace(",", "."),
                f"{rng.integers(2, 99)},{rng.integers(1, 9)}"]

    def sentence(self, rng: np.random.Generator, specifics: list[str] = ()) -> list[str]:
        words = self.draw(rng, SENTENCE_WORDS + int(rng.integers(-4, 5)))
        for specific in specifics:
            words.insert(int(rng.integers(1, len(words))), specific)
        return words

    def paragraph(self, rng: np.random.Generator, specifics: list[str]) -> list[list[str]]:
        sentences = [self.sentence(rng) for _ in range(SENTENCES)]
        for specific in specifics:
            sentences[int(rng.integers(SENTENCES))].insert(1 + int(rng.integers(SENTENCE_WORDS - 4)), specific)
        return sentences

    def story(self, story: int) -> Draft:
        rng = np.random.default_rng([self.seed, 1, story])
        published = START + story * STORY_SPACING
        named = self.specifics(rng, published)
        lead = [self.sentence(rng, named[:3])]
        body = [self.paragraph(rng, [named[3 + i % 2]] if i < 2 else []) for i in range(PARAGRAPHS - 1)]
        return Draft([lead, *body], published)

    def copy(self, story: int, variant: int) -> Draft:
        """Portal edits: a new lead keeping the date and a name, one paragraph rewritten (half its
        words replaced, specifics kept), two merged or one dropped, swaps, dateline and credit."""
        rng = np.random.default_rng([self.seed, 2, variant])
        original = self.story(story)
        lead, *rest = [[list(s) for s in p] for p in original.paragraphs]
        new_lead = [self.sentence(rng, [w for w in lead[0] if w[0].isupper() or w[0] == "("][:2])]
        rewritten = rest[int(rng.integers(len(rest)))]
        for sentence in rewritten:
            for i in rng.choice(len(sentence), size=len(sentence) // 2, replace=False):
                if sentence[i][0].islower():
                    sentence[i] = self.draw(rng, 1)[0]
        if rng.random() < 0.5:
            del rest[int(rng.integers(len(rest)))]
        else:
            i = int(rng.integers(len(rest) - 1))
            rest[i:i + 2] = [rest[i] + rest[i + 1]]
        for _ in range(int(rng.integers(2, 6))):
            sentence = rest[int(rng.integers(len(rest)))][0]
            sentence[int(rng.integers(len(sentence)))] = self.draw(rng, 1)[0]
        dateline = [self.draw(rng, 1)[0].upper() + ",", "Poros", "Nusantara", "–"]
        new_lead[0] = dateline + new_lead[0]
        credit = [["(", "Laporan", ":", *[w.capitalize() for w in self.draw(rng, 2)], ")"]]
        return Draft([new_lead, *rest, credit], original.published + timedelta(hours=int(rng.integers(1, 41))))

    def edition(self, series: int, edition: int) -> Draft:
        """A series' fixed paragraphs around this edition's own; the first sentence is the series'
        with this edition's date and names in its slots."""
        template_rng = np.random.default_rng([self.seed, 3, series])
        opening = self.sentence(template_rng)
        fixed = [self.paragraph(template_rng, []) for _ in range(TEMPLATE_PARAGRAPHS)]
        rng = np.random.default_rng([self.seed, 4, edition])
        period = timedelta(days=7 if series % 2 else 30)
        published = START + (edition // SERIES_COUNT) * period + timedelta(hours=series)
        named = self.specifics(rng, published)
        lead = [opening[:3] + named[:3] + opening[3:]]
        own = [self.paragraph(rng, named[3 + i:4 + i]) for i in range(EDITION_PARAGRAPHS)]
        return Draft([lead, fixed[0], own[0], fixed[1], own[1], fixed[2]], published)

    def edition_copy(self, series: int, edition: int) -> Draft:
        """A portal's copy of an edition: a dateline before it, its closing paragraph dropped."""
        rng = np.random.default_rng([self.seed, 5, edition])
        original = self.edition(series, edition)
        lead = [[self.draw(rng, 1)[0].upper() + ",", "Poros", "Nusantara", "–", *original.paragraphs[0][0]]]
        return Draft([lead, *original.paragraphs[1:-1]], original.published + timedelta(hours=int(rng.integers(1, 41))))

    def article(self, slot: Slot, number: int) -> dict:
        draft = {"story": lambda: self.story(slot.story), "copy": lambda: self.copy(slot.story, slot.variant),
                 "edition": lambda: self.edition(slot.story, slot.variant),
                 "edition-copy": lambda: self.edition_copy(slot.story, slot.variant)}[slot.kind]()
        body = "\n\n".join(" ".join(sentence_text(s) for s in p) for p in draft.paragraphs)
        site = f"humas-{slot.story % 30}" if slot.kind == "edition" else SITES[number % len(SITES)]
        return {
            "url": f"https://{site}.example.id/berita/{number}",
            "canonical_url": f"https://{site}.example.id/berita/{number}",
            "site": site,
            "title": " ".join(draft.paragraphs[0][0][:8]),
            "body": body,
            "published_at": draft.published.isoformat(),
            "content_hash": content_hash(body),
        }


def sentence_text(words: list[str]) -> str:
    """Words as a sentence: the first one capitalized (names keep theirs), a full stop."""
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def truth_key(slot: Slot) -> tuple:
    """Planted group of a slot: originals and their copies share the story, an edition its copies."""
    return ("story", slot.story) if slot.kind in ("story", "copy") else ("edition", slot.variant)


def corpus_path(workdir: Path, n: int) -> Path:
    return workdir / f"bench-{n}.db"


def run(n: int, batch: int, cache_mb: int | None, seed: int, workdir: Path, workers: int = HUMAS_DEDUP_WORKERS) -> dict:
    """Build a corpus of n articles through the dedup stage; returns timings and quality."""
    rng = np.random.default_rng(seed)
    factory = TextFactory(seed)
    slots = plan_stream(n, rng)
    db = open_corpus(corpus_path(workdir, n), cache_mb)
    for site in SITES:
        store.upsert_site(db, site, f"https://{site}.example.id", None, None)
    index = NearDuplicateIndex(db)
    articles_table = db["articles"]
    stage, dedup = Stopwatch(), Stopwatch()
    slot_of_id: dict[int, Slot] = {}
    for start in range(0, n, batch):
        chunk = slots[start:start + batch]
        articles = [factory.article(slot, start + i) for i, slot in enumerate(chunk)]
        with stage, db.atomic():
            for slot, article in zip(chunk, articles):
                with dedup:
                    exact = store.find_article_id(db, canonical_url=article["canonical_url"],
                                                  content_hash=article["content_hash"], site=article["site"])
                if exact:
                    continue  # DedupPipeline: an exact copy is an alias, not a row
                article_id = articles_table.insert(article).last_pk  # StorePipeline
                with dedup:  # ClusterPipeline: the stored article's fields as the item holds them
                    index.index_article(article_id, article["body"], article["site"], article["published_at"])
                slot_of_id[article_id] = slot
    precision, recall = pairwise_quality(clusters_of(db), slot_of_id)
    clusters_built = cluster_rows(db)
    with Stopwatch() as rebuild:
        rebuild_index(db, workers=workers)
    same_after_rebuild = cluster_rows(db) == clusters_built
    db.close()
    return {"n": n, "stage": stage, "dedup": dedup, "precision": precision, "recall": recall, "rebuild": rebuild,
            "same_after_rebuild": same_after_rebuild, "slot_of_id": slot_of_id, "workers": workers}


class Stopwatch:
    """Wall-clock and process CPU seconds summed over the ``with`` blocks it times, and the CPU
    seconds of the child processes that ended inside them (the rebuild's workers)."""

    def __init__(self):
        self.wall = self.cpu = self.children_cpu = 0.0

    def __enter__(self) -> Stopwatch:
        self.started = time.perf_counter(), time.process_time(), children_cpu()
        return self

    def __exit__(self, *exc) -> None:
        self.wall += time.perf_counter() - self.started[0]
        self.cpu += time.process_time() - self.started[1]
        self.children_cpu += children_cpu() - self.started[2]


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_competitor(path: Path, slot_of_id: dict[int, Slot]) -> dict:
    """datasketch MinHashLSH over the corpus' articles in id order (the order they arrived), on
    the 3-grams our Text keeps (its content lines: the same input as ours); timed per article
    from the body to the LSH insert, the body's read from SQLite left out. Imported here, after
    our run, so that its imports (scipy) do not count in our peak RSS."""
    from datasketch import MinHash, MinHashLSH

    db = open_corpus(path)
    lsh = MinHashLSH(threshold=COMPETITOR_JACCARD, num_perm=COMPETITOR_PERMUTATIONS)
    permutations = MinHash(num_perm=COMPETITOR_PERMUTATIONS)  # drawn once, shared by every sketch
    parent: dict[int, int] = {}
    work = Stopwatch()
    for article_id, body in db.execute("select id, body from articles order by id"):
        with work:
            shingles = Text(body).shingles
            if shingles.size < MIN_SHINGLES:
                continue
            sketch = MinHash(num_perm=COMPETITOR_PERMUTATIONS, hashfunc=low_32_bits,
                             permutations=permutations.permutations, scheme=permutations.scheme)
            sketch.update_batch(shingles.tolist())
            for other in lsh.query(sketch):
                parent[find_root(parent, article_id)] = find_root(parent, other)
            lsh.insert(article_id, sketch)
    db.close()
    components: dict[int, list[int]] = {}
    for article_id in list(parent):
        components.setdefault(find_root(parent, article_id), []).append(article_id)
    precision, recall = pairwise_quality(components.values(), slot_of_id)
    return {"work": work, "precision": precision, "recall": recall}


def low_32_bits(shingle: int) -> int:
    """The 32-bit hash datasketch's permutations expect, from our uniform 64-bit shingle hash."""
    return shingle & 0xFFFFFFFF


def find_root(parent: dict[int, int], article_id: int) -> int:
    """Union-find root, halving the path on the way."""
    parent.setdefault(article_id, article_id)
    while parent[article_id] != article_id:
        parent[article_id] = parent[parent[article_id]]
        article_id = parent[article_id]
    return article_id


def cluster_rows(db) -> set[tuple]:
    return set(db.execute("select cluster_id, article_id, is_origin from clusters").fetchall())


def clusters_of(db) -> list[list[int]]:
    clusters: dict[int, list[int]] = {}
    for cluster_id, article_id in db.execute("select cluster_id, article_id from clusters"):
        clusters.setdefault(cluster_id, []).append(article_id)
    return list(clusters.values())


def pairwise_quality(clusters: Iterable[list[int]], slot_of_id: dict[int, Slot]) -> tuple[float, float]:
    predicted = {frozenset(p) for members in clusters for p in itertools.combinations(members, 2)}
    groups: dict[tuple, list[int]] = {}
    for article_id, slot in slot_of_id.items():
        groups.setdefault(truth_key(slot), []).append(article_id)
    true = {frozenset(p) for members in groups.values() for p in itertools.combinations(members, 2)}
    hits = len(predicted & true)
    return hits / max(len(predicted), 1), hits / max(len(true), 1)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def print_result(result: dict) -> None:
    n, dedup, rebuild = result["n"], result["dedup"], result["rebuild"]
    print(
        f"{n:>8,} articles  {result['stage'].wall:6.1f} s with storage, dedup stage {dedup.wall:5.1f} s "
        f"(CPU {dedup.cpu:5.1f} s): {n / dedup.wall:5.0f} articles/s ({n / dedup.cpu:5.0f} per CPU second)  "
        f"precision {result['precision']:.3f}  recall {result['recall']:.3f}  peak RSS {peak_rss_mb():.0f} MB  |  "
        f"rebuild {rebuild.wall:.1f} s (CPU {rebuild.cpu:.1f} s; {result['workers']} workers, CPU "
        f"{rebuild.children_cpu:.1f} s), same clusters: {result['same_after_rebuild']}",
        flush=True,
    )


def print_competitor(n: int, competitor: dict | None) -> None:
    if competitor is None:
        print("         competitor skipped: datasketch is not installed (see requirements.txt, benchmark extras)")
        return
    work = competitor["work"]
    print(
        f"         competitor, datasketch MinHashLSH at Jaccard {COMPETITOR_JACCARD} in memory: {work.wall:5.1f} s "
        f"(CPU {work.cpu:5.1f} s): {n / work.wall:5.0f} articles/s ({n / work.cpu:5.0f} per CPU second)  "
        f"precision {competitor['precision']:.3f}  recall {competitor['recall']:.3f}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=100_000, help="articles to build (default 100000)")
    parser.add_argument("--batch", type=int, default=1000, help="articles per transaction (1 = commit each)")
    parser.add_argument("--cache-mb", type=int, default=HUMAS_SQLITE_CACHE_MB,
                        help="SQLite page cache of the corpus connection (default: HUMAS_SQLITE_CACHE_MB, "
                             f"{HUMAS_SQLITE_CACHE_MB}; 0: SQLite's 2 MB)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--scaling", action="store_true", help="time 10k, 25k, 50k and 100k articles")
    parser.add_argument("--workers", type=int, default=HUMAS_DEDUP_WORKERS,
                        help="processes making the rebuild's Texts (default: HUMAS_DEDUP_WORKERS, "
                             f"{HUMAS_DEDUP_WORKERS}; 1: none)")
    args = parser.parse_args()
    sizes = [10_000, 25_000, 50_000, 100_000] if args.scaling else [args.n]
    print("per article as the pipelines do: exact check (canonical URL, text hash) → insert into articles → "
          "NearDuplicateIndex.index_article;\n'dedup stage' times the exact check and the indexing, 'with storage' adds the insert; "
          "text generation is excluded;")
    print(f"peak RSS is the process' high-water mark so far ({peak_rss_mb():.0f} MB after imports); "
          "rebuild: rebuild_index() over the finished corpus,\nits CPU this process' (which decides, in id order), "
          "then that of the worker processes making the Texts ahead")
    with tempfile.TemporaryDirectory() as workdir:
        for n in sizes:
            result = run(n, args.batch, args.cache_mb, args.seed, Path(workdir), args.workers)
            print_result(result)
            print_competitor(n, run_competitor(corpus_path(Path(workdir), n), result["slot_of_id"])
                             if importlib.util.find_spec("datasketch") else None)


if __name__ == "__main__":
    main()
