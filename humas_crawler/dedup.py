"""Deduplication: exact (normalized-text hash) and near-duplicate (MinHash/LSH) detection."""

from __future__ import annotations

import hashlib
import re
import unicodedata

# Apostrophes inside words are dropped rather than split on: "Jum'at" and "Jumat" agree.
APOSTROPHES = dict.fromkeys(map(ord, "'`\u2018\u2019\u02bc\u02b9\u00b4"), None)
NOT_WORD = re.compile(r"[\W_]+")


def normalize_text(text: str | None) -> str:
    """Casefolded words separated by single spaces, punctuation and symbols removed.

    NFKC folds compatibility forms (full-width letters, ligatures, non-breaking spaces), so
    copies that differ only in typography (curly quotes, en/em dashes, spacing) normalize to
    the same string.
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text).casefold().translate(APOSTROPHES)
    return NOT_WORD.sub(" ", text).strip()


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
NUM_PERM = 128
# datasketch's banding optimum for MIN_JACCARD with false negatives weighted 4:1 (a false
# candidate costs one verification, a missed one a missed repost): 42 bands of 3 rows,
# P(candidate) = 0.94 at Jaccard 0.4, 0.996 at 0.5, 0.04 at 0.1.
LSH_PARAMS = MinHashLSH(threshold=MIN_JACCARD, num_perm=NUM_PERM, weights=(0.2, 0.8))
BANDS, ROWS = LSH_PARAMS.b, LSH_PARAMS.r
# Candidates whose signature estimate is this far below MIN_JACCARD (3.3 standard
# deviations of a 128-permutation estimate) are not worth reading the body of.
ESTIMATE_MARGIN = 0.15

PERMUTATIONS = MinHash(num_perm=NUM_PERM, seed=1).permutations
# Random odd multipliers and a salt per band turn a band's ROWS hash values into one 64-bit
# bucket key (a different key space per band).
_KEY_RANDOM = np.random.RandomState(20240601)
BAND_MULTIPLIERS = _KEY_RANDOM.randint(0, 2**63, size=(BANDS, ROWS), dtype=np.uint64) * np.uint64(2) + np.uint64(1)
BAND_SALTS = _KEY_RANDOM.randint(0, 2**63, size=BANDS, dtype=np.uint64)

SIGNATURES = "minhash_signatures"
BUCKETS = "lsh_buckets"
CLUSTERS = "clusters"
UNIQUE_VIEW = "articles_unique"


def shingles(text: str | None) -> set[str]:
    """The set of word 3-grams of the normalized text."""
    words = normalize_text(text).split()
    return {" ".join(words[i:i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}


def shingle_hash(shingle: str) -> int:
    """CRC-32: stable across runs (unlike ``hash``), fast, and datasketch's affine32 scheme
    mixes it with a MurmurHash3 finalizer before permuting."""
    return zlib.crc32(shingle.encode("utf-8"))


def minhash_signature(shingle_set: set[str]) -> np.ndarray:
    minhash = MinHash(num_perm=NUM_PERM, hashfunc=shingle_hash, permutations=PERMUTATIONS, scheme="affine32")
    minhash.update_batch(shingle_set)
    return minhash.hashvalues


def band_keys(signature: np.ndarray) -> list[int]:
    """One signed 64-bit bucket key per LSH band (SQLite integers are signed)."""
    bands = signature[: BANDS * ROWS].astype(np.uint64).reshape(BANDS, ROWS)
    keys = (bands * BAND_MULTIPLIERS).sum(axis=1, dtype=np.uint64) + BAND_SALTS
    return keys.view(np.int64).tolist()


def shingle_jaccard(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def shingle_overlap(a: set[str], b: set[str]) -> float:
    """|A∩B| / min(|A|, |B|): how much of the shorter text the other one contains."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def is_near_duplicate(a: set[str], b: set[str]) -> bool:
    return shingle_jaccard(a, b) >= MIN_JACCARD and shingle_overlap(a, b) >= MIN_OVERLAP
