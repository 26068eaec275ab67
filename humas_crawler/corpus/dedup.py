"""Deduplication: exact (normalized-text hash) and near-duplicate (MinHash/LSH) detection.

Exact copies are the pipeline's: it compares :func:`content_hash` with stored articles and
records an alias instead of a second row. Near duplicates (reposts of a release with a new
headline, shortened lead, dateline, credit) are this module's: the pipeline calls
``NearDuplicateIndex(db).add(article_id)`` for each article it stores, and the clusters
found are read back with the ``articles_unique`` view and ``queries.cluster_report``.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
import zlib
from collections.abc import Callable
from datetime import datetime, timezone
from urllib.parse import urlsplit

import numpy as np
import sqlite_utils
from datasketch import MinHash, MinHashLSH

from humas_crawler.corpus.schema import BUCKETS, CLUSTERS, DEDUP_SETTINGS, SIGNATURES

# Apostrophes inside words are dropped rather than split on: "Jum'at" and "Jumat" agree.
APOSTROPHES = "'`\u2018\u2019\u02bc\u02b9\u00b4"
# Every other ASCII non-alphanumeric, and the typographic punctuation of Indonesian news
# (curly quotes, dashes, ellipsis, bullets), becomes a space by str.translate: a text left
# all ASCII then needs no regular expression, which is what makes normalizing fast.
SEPARATORS = str.maketrans(
    {
        **{chr(c): " " for c in range(128) if not chr(c).isalnum()},
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u00ab\u00bb\u2039\u203a\u2010\u2011\u2012\u2013\u2014"
                        "\u2015\u2026\u2022\u00b7\u00b0\u00a9\u00ae\u2122\u2032\u2033\u00a7\u00b6", " "),
        **dict.fromkeys(APOSTROPHES, None),
    }
)
NOT_WORD = re.compile(r"[\W_]+")


def normalize_text(text: str | None) -> str:
    """Casefolded words separated by single spaces, punctuation and symbols removed.

    NFKC folds compatibility forms (full-width letters, ligatures, non-breaking spaces), so
    copies that differ only in typography (curly quotes, en/em dashes, spacing) normalize to
    the same string.
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text).casefold().translate(SEPARATORS)
    if not text.isascii():
        text = NOT_WORD.sub(" ", text)
    return " ".join(text.split())


def content_hash(text: str | None) -> str:
    """SHA-1 hex of :func:`normalize_text`: equal for copies that differ only in typography."""
    return hashlib.sha1(normalize_text(text).encode("utf-8")).hexdigest()


# ---------------------------------------------------------------------------------------
# Near duplicates
#
# Similarity is measured on sets of word 3-grams ("shingles") of the normalized body (the
# title is left out: reposts rewrite headlines). 3-grams rather than 5-grams because every
# edit breaks n shingles: the repost measured Jaccard 0.61 on 3-grams, 0.53 on
# 5-grams.
#
# Decision rule, tuned on the labelled pairs in tests/test_dedup.py (exact 3-gram sets):
#
#   pair                                   Jaccard      overlap coefficient
#   exact copy on another site             1.00         1.00
#   release vs lightly edited repost       0.53-0.71    0.82-0.89
#   repost vs repost of the same release   0.49         0.67  (linked through the release)
#   weekly column, same template (x6)      0.41-0.45    0.59-0.64
#   independent story of the same event    0.00-0.03    0.01-0.09
#
# Jaccard alone separates reposts from template columns by a margin of 0.04 only: reposts
# mostly *remove* text (shorter lead, dropped paragraph), which Jaccard punishes as much as
# a replaced topic. The overlap coefficient |A∩B| / min(|A|, |B|) (the share of the shorter
# text copied from the other) is indifferent to removals, and leaves a 0.18 gap (0.64 vs
# 0.82). So a pair is linked when overlap >= MIN_OVERLAP = 0.72 (mid-gap, a little towards
# the columns: a repost must copy 72% of its shingles) *and* Jaccard >= MIN_JACCARD = 0.4,
# which keeps a short text that happens to be quoted inside a long one apart, and is the
# level the LSH banding is built to find.
# ---------------------------------------------------------------------------------------

SHINGLE_WORDS = 3
MIN_SHINGLES = 20  # captions and stubs: too short for a similarity to mean anything
MIN_JACCARD = 0.4
MIN_OVERLAP = 0.72
# datasketch's banding optimum for MIN_JACCARD with false negatives weighted 9:1 (a false
# candidate costs one verification, a missed one a missed repost). With 90 permutations:
# 30 bands of 3 rows, P(candidate) = 0.86 at Jaccard 0.4, 0.98 at 0.5, 0.999 at 0.6 (the
# issue's repost), 0.03 at 0.1. Each band is one B-tree insert and one search per article,
# the dominant cost at scale: 128 permutations (42 bands) would raise P at 0.5 to 0.996
# for 40% more index work (see benchmarks/dedup.py).
NUM_PERM = 90
LSH_PARAMS = MinHashLSH(threshold=MIN_JACCARD, num_perm=NUM_PERM, weights=(0.1, 0.9))
BANDS, ROWS = LSH_PARAMS.b, LSH_PARAMS.r
# Candidates whose signature estimate is this far below MIN_JACCARD (2.8 standard
# deviations of a 90-permutation estimate) are not worth reading the body of.
ESTIMATE_MARGIN = 0.15

PERMUTATIONS = MinHash(num_perm=NUM_PERM, seed=1).permutations
# Random odd multipliers and a salt per band turn a band's ROWS hash values into one 64-bit
# bucket key (a different key space per band).
_KEY_RANDOM = np.random.RandomState(20240601)
BAND_MULTIPLIERS = _KEY_RANDOM.randint(0, 2**63, size=(BANDS, ROWS), dtype=np.uint64) * np.uint64(2) + np.uint64(1)
BAND_SALTS = _KEY_RANDOM.randint(0, 2**63, size=BANDS, dtype=np.uint64)

REBUILD_BATCH = 1000  # articles per transaction when indexing many

# Everything a stored signature or bucket key depends on: signatures made under another
# scheme cannot be compared with new ones, so the index must then be rebuilt.
SIGNATURE_SCHEME = (
    f"word{SHINGLE_WORDS}grams-crc32-fmix64 minhash-affine32-seed1-{NUM_PERM}perm "
    f"lsh-{BANDS}x{ROWS}-47bit"
)


# Shingles are kept as 64-bit hashes, not strings: set operations on small integer arrays
# are what makes verification and signatures cheap. Word hashes are CRC-32 (stable across
# runs, unlike ``hash``); a 3-gram's hash mixes its three word hashes with odd multipliers
# and the MurmurHash3 64-bit finalizer. 64 bits make a collision between two distinct
# shingles of a corpus negligible, so Jaccard on hashes is Jaccard on shingles.
SHINGLE_MULTIPLIERS = np.array(
    [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9], dtype=np.uint64
)[:SHINGLE_WORDS]


def shingles(text: str | None) -> np.ndarray:
    """Sorted unique 64-bit hashes of the word 3-grams of the normalized text."""
    words = normalize_text(text).encode("utf-8").split()
    count = len(words) - SHINGLE_WORDS + 1
    if count < 1:
        return np.empty(0, dtype=np.uint64)
    word_hashes = np.fromiter(map(zlib.crc32, words), dtype=np.uint64, count=len(words))
    mixed = np.zeros(count, dtype=np.uint64)
    for offset, multiplier in enumerate(SHINGLE_MULTIPLIERS):
        mixed += word_hashes[offset:offset + count] * multiplier
    return np.unique(fmix64(mixed))


def fmix64(values: np.ndarray) -> np.ndarray:
    """MurmurHash3's 64-bit finalizer: spreads every input bit over the whole word."""
    values ^= values >> np.uint64(33)
    values *= np.uint64(0xFF51AFD7ED558CCD)
    values ^= values >> np.uint64(33)
    values *= np.uint64(0xC4CEB9FE1A85EC53)
    values ^= values >> np.uint64(33)
    return values


def minhash_signature(shingle_hashes: np.ndarray) -> np.ndarray:
    """datasketch MinHash (affine32 scheme) of the shingles' low 32 bits: NUM_PERM uint32."""
    minhash = MinHash(num_perm=NUM_PERM, hashfunc=int, permutations=PERMUTATIONS, scheme="affine32")
    minhash.update_batch((shingle_hashes & np.uint64(0xFFFFFFFF)).tolist())
    return minhash.hashvalues


def band_keys(signature: np.ndarray) -> list[int]:
    """One bucket key per LSH band, 47 bits (stored by SQLite in 6 bytes; collisions between
    different bands' contents stay negligible at millions of articles)."""
    bands = signature[: BANDS * ROWS].astype(np.uint64).reshape(BANDS, ROWS)
    keys = (bands * BAND_MULTIPLIERS).sum(axis=1, dtype=np.uint64) + BAND_SALTS
    return (fmix64(keys) >> np.uint64(17)).tolist()


def shared_count(a: np.ndarray, b: np.ndarray) -> int:
    return np.intersect1d(a, b, assume_unique=True).size


def similarity_scores(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """(overlap coefficient, Jaccard) of two shingle sets; the overlap |A∩B| / min(|A|, |B|)
    is how much of the shorter text the other one contains."""
    if not a.size or not b.size:
        return 0.0, 0.0
    shared = shared_count(a, b)
    return shared / min(a.size, b.size), shared / (a.size + b.size - shared)


def is_near_duplicate(overlap: float, jaccard: float) -> bool:
    return overlap >= MIN_OVERLAP and jaccard >= MIN_JACCARD


class StaleIndexError(Exception):
    """The stored index follows another signature scheme; ``humas dedupe --rebuild`` fixes it."""


class NearDuplicateIndex:
    """MinHash/LSH index of the corpus' bodies, persisted in the corpus itself.

    Signatures and band buckets live in SQLite tables, so the index survives runs and a new
    article costs a fixed number of indexed lookups (its BANDS bucket keys) whatever the
    corpus size; nothing but the article at hand and its few candidates is held in memory.

    Writes go through ``db.atomic()``: a call commits on its own, or joins the caller's
    transaction when one is open (so a caller may batch many articles per commit).
    """

    def __init__(self, db: sqlite_utils.Database):
        """Raises StaleIndexError when the stored signatures follow another SIGNATURE_SCHEME."""
        self.db = db
        check_signature_scheme(db)

    def add(self, article_id: int) -> dict | None:
        """Index one stored article and cluster it with its near duplicates already indexed.

        Returns ``{"cluster_id", "origin_id", "similarity"}`` (similarity: 3-gram Jaccard
        with the best match) when it joins a cluster, else None. An article id already
        indexed is ignored (None), so the call is idempotent.
        """
        row = next(self.db.query(
            f"select a.body, s.article_id is not null as indexed from articles a "
            f"left join {SIGNATURES} s on s.article_id = a.id where a.id = ?",
            [article_id],
        ), None)
        if row is None:
            raise KeyError(f"no article with id {article_id}")
        if row["indexed"]:
            return None
        own_shingles = shingles(row["body"])
        with self.db.atomic():
            if own_shingles.size < MIN_SHINGLES:
                self.store_signature(article_id, None)
                return None
            signature = minhash_signature(own_shingles)
            keys = band_keys(signature)
            matches = self.verified_matches(own_shingles, signature, self.candidates(keys))
            self.store_signature(article_id, signature)
            self.store_buckets(article_id, keys)
            return self.link(article_id, matches) if matches else None

    def index_pending(self, progress: Callable[[int, int], None] | None = None) -> int:
        """Add every article not yet indexed, oldest id first; returns how many were added.

        ``progress(done, total)`` is called after each article.
        """
        pending = [r["id"] for r in self.db.query(
            f"select id from articles where id not in (select article_id from {SIGNATURES}) order by id"
        )]
        for start in range(0, len(pending), REBUILD_BATCH):
            with self.db.atomic():
                for done, article_id in enumerate(pending[start:start + REBUILD_BATCH], start=start + 1):
                    self.add(article_id)
                    if progress:
                        progress(done, len(pending))
        return len(pending)

    def candidates(self, keys: list[int]) -> list[int]:
        """Ids of indexed articles sharing at least one band bucket."""
        # A join driven by json_each runs one primary-key search per key; "bucket in
        # (select value from json_each(?))" first builds a temporary list: twice slower.
        rows = self.db.query(
            f"select b.article_id from json_each(?) k join {BUCKETS} b on b.bucket = k.value", [json.dumps(keys)]
        )
        return list(dict.fromkeys(r["article_id"] for r in rows))

    def verified_matches(self, own_shingles: np.ndarray, signature: np.ndarray, candidate_ids: list[int]) -> list[tuple[int, float]]:
        """(id, Jaccard) of the verified near duplicates, best first: highest overlap, then
        Jaccard, then lowest id.

        The signature estimate screens candidates; survivors are verified on exact shingle
        sets, so the decision never rests on a sampling error.
        """
        scored = []
        for candidate_id, body in self.plausible_candidates(signature, candidate_ids):
            overlap, jaccard = similarity_scores(own_shingles, shingles(body))
            if is_near_duplicate(overlap, jaccard):
                scored.append((-overlap, -jaccard, candidate_id))
        return [(candidate_id, round(-jaccard, 4)) for _, jaccard, candidate_id in sorted(scored)]

    def plausible_candidates(self, signature: np.ndarray, candidate_ids: list[int]) -> list[tuple[int, str]]:
        """(id, body) of the candidates whose estimated Jaccard is near MIN_JACCARD or above."""
        if not candidate_ids:
            return []
        signatures = self.db.query(
            f"select article_id, signature from {SIGNATURES} where article_id in (select value from json_each(?))",
            [json.dumps(candidate_ids)],
        )
        plausible = [
            r["article_id"] for r in signatures
            if estimated_jaccard(signature, r["signature"]) >= MIN_JACCARD - ESTIMATE_MARGIN
        ]
        if not plausible:
            return []
        return [(r["id"], r["body"]) for r in self.db.query(
            "select id, body from articles where id in (select value from json_each(?))", [json.dumps(plausible)]
        )]

    def store_signature(self, article_id: int, signature: np.ndarray | None) -> None:
        blob = None if signature is None else signature.astype("<u4").tobytes()
        self.db.execute(f"insert into {SIGNATURES} (article_id, signature) values (?, ?)", [article_id, blob])

    def store_buckets(self, article_id: int, keys: list[int]) -> None:
        self.db.execute(
            f"insert or ignore into {BUCKETS} (bucket, article_id) select value, ? from json_each(?)",
            [article_id, json.dumps(keys)],
        )

    def link(self, article_id: int, matches: list[tuple[int, float]]) -> dict:
        """Put the article in its best match's cluster (a new one, named after the match, if
        it had none), together with any other match still unclustered (a copy indexed before
        its original), then re-elect the cluster's origin.

        Existing clusters are never merged: a chain of partial copies must not glue
        unrelated releases together.
        """
        best_id, similarity = matches[0]
        memberships = self.clusters_of([match_id for match_id, _ in matches])
        cluster_id = memberships.get(best_id, best_id)
        joining = [(article_id, similarity)] + [m for m in matches if m[0] not in memberships]
        self.db[CLUSTERS].insert_all(
            {"cluster_id": cluster_id, "article_id": member_id, "similarity": member_similarity, "is_origin": 0}
            for member_id, member_similarity in joining
        )
        origin_id = self.elect_origin(cluster_id)
        return {"cluster_id": cluster_id, "origin_id": origin_id, "similarity": similarity}

    def clusters_of(self, article_ids: list[int]) -> dict[int, int]:
        """Cluster id of each of these articles that is in a cluster."""
        return {r["article_id"]: r["cluster_id"] for r in self.db.query(
            f"select article_id, cluster_id from {CLUSTERS} where article_id in (select value from json_each(?))",
            [json.dumps(article_ids)],
        )}

    def elect_origin(self, cluster_id: int) -> int:
        members = list(self.db.query(
            f"select a.id, a.published_at, a.canonical_url from {CLUSTERS} c join articles a on a.id = c.article_id "
            "where c.cluster_id = ?",
            [cluster_id],
        ))
        origin_id = min(members, key=origin_rank)["id"]
        self.db.execute(f"update {CLUSTERS} set is_origin = (article_id = ?) where cluster_id = ?", [origin_id, cluster_id])
        return origin_id


def estimated_jaccard(signature: np.ndarray, stored: bytes | None) -> float:
    if stored is None:
        return 0.0
    return float(np.count_nonzero(signature == np.frombuffer(stored, dtype="<u4"))) / NUM_PERM


def origin_rank(member: dict) -> tuple:
    """Sort key electing a cluster's origin: the earliest publication day; on the same day a
    ``.go.id`` copy (the Humas release itself: portals often carry date-only or mis-zoned
    times, so hours cannot be trusted across sites); then the earliest time, then lowest id.
    Undated copies come last."""
    published = parse_published(member["published_at"])
    if published is None:
        return (1, "", True, 0.0, member["id"])
    day = member["published_at"][:10]
    return (0, day, not is_go_id(member["canonical_url"]), published_timestamp(published), member["id"])


def is_go_id(url: str | None) -> bool:
    host = (urlsplit(url or "").hostname or "").lower()
    return host == "go.id" or host.endswith(".go.id")


def parse_published(value: str | None) -> datetime | None:
    """ISO 8601 date or datetime as stored by the pipeline; None when missing or unparseable."""
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def published_timestamp(published: datetime) -> float:
    """Seconds since the epoch; a naive time is taken as UTC (only used to order same-day copies)."""
    if published.tzinfo is None:
        published = published.replace(tzinfo=timezone.utc)
    return published.timestamp()


def check_signature_scheme(db: sqlite_utils.Database) -> None:
    """Record SIGNATURE_SCHEME in a new index; refuse an index built under another one."""
    stored = next(db.query(f"select value from {DEDUP_SETTINGS} where key = 'signature_scheme'"), None)
    if stored is None and next(db.query(f"select 1 from {SIGNATURES} limit 1"), None) is None:
        db[DEDUP_SETTINGS].insert({"key": "signature_scheme", "value": SIGNATURE_SCHEME})
    elif stored is None or stored["value"] != SIGNATURE_SCHEME:
        raise StaleIndexError(
            f"the near-duplicate index was built with other signature settings "
            f"({stored['value'] if stored else 'unrecorded'}; now {SIGNATURE_SCHEME}): run `humas dedupe --rebuild`"
        )


def rebuild_index(db: sqlite_utils.Database, progress: Callable[[int, int], None] | None = None) -> int:
    """Drop signatures, buckets, clusters and the recorded scheme, and index the whole corpus again
    in id order (the order the pipeline added them), so clusters come out the same. Run after a
    change of the similarity settings (``humas dedupe --rebuild``)."""
    with db.atomic():
        for name in (CLUSTERS, BUCKETS, SIGNATURES, DEDUP_SETTINGS):
            db.execute(f"delete from {name}")
    return NearDuplicateIndex(db).index_pending(progress)
