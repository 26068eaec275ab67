"""Deduplication: exact (normalized-text hash) and near-duplicate (syndicated copy) detection.

Exact copies are the pipeline's: it compares :func:`content_hash` with stored articles and
records an alias instead of a second row. Near duplicates (a portal's repost of a release with a
new lead, rewritten or dropped paragraphs, dateline and credit) are this module's: the pipeline
calls ``NearDuplicateIndex(db).index_article`` for each article it stores (``add(article_id)``
reads the fields back first); the clusters found,
with the evidence that linked each copy, are read back with the ``articles_unique`` view and
``queries.cluster_report``.

An article goes through three stages:

1. **content**: the body's lines without the page noise an extractor may leave (related-article
   lines, messenger banners, captions, credits) and without the dateline, split into sentences
   with their quotations and specifics (dates, numbers, decree numbers, names);
2. **candidates**: a consistent sample of its word 3-grams is looked up in SQLite posting lists
   (cheap, tuned for recall: any pair sharing a few dozen 3-grams meets);
3. **verification**: each candidate is compared sentence by sentence; the decision rule
   (:func:`decide`) links a copy on shared narrative text whose specifics agree, and keeps apart
   the template stories of one office (same paragraphs, other dates, names and numbers).
"""

from __future__ import annotations

import bisect
import multiprocessing
import os
import signal
import hashlib
import itertools
import json
import re
import unicodedata
import zlib
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import cached_property
from urllib.parse import urlsplit

import numpy as np
import sqlite_utils
from rapidfuzz.distance import LCSseq

from humas_crawler.corpus import atomic, transaction
from humas_crawler.corpus.schema import BUCKETS, CLUSTER_EVIDENCE_COLUMNS, CLUSTERS, DEDUP_SETTINGS, SIGNATURES

# Apostrophes inside words are dropped rather than split on: "Jum'at" and "Jumat" agree.
APOSTROPHES = "'`\u2018\u2019\u02bc\u02b9\u00b4"
# The typographic punctuation of Indonesian news (curly quotes, dashes, ellipsis, bullets): like
# every ASCII non-alphanumeric, a word separator.
TYPOGRAPHIC = ("\u201c\u201d\u201e\u201f\u00ab\u00bb\u2039\u203a\u2010\u2011\u2012\u2013\u2014"
               "\u2015\u2026\u2022\u00b7\u00b0\u00a9\u00ae\u2122\u2032\u2033\u00a7\u00b6")
ASCII_APOSTROPHES = "".join(c for c in APOSTROPHES if c.isascii()).encode("ascii")
OTHER_APOSTROPHES = [c for c in APOSTROPHES if not c.isascii()]


def ascii_fold_table(keep: str = "") -> bytes:
    """bytes.translate table: ASCII letters lowercased, digits kept, every other ASCII byte (but
    ``keep``) a space; bytes of UTF-8 sequences (128 and above) unchanged."""
    table = bytearray(range(256))
    for code in range(128):
        char = chr(code)
        if not char.isalnum() and char not in keep:
            table[code] = ord(" ")
        elif char.isupper():
            table[code] = ord(char.lower())
    return bytes(table)


FOLD = ascii_fold_table()
LINE_FOLD = ascii_fold_table(keep="\n")
# What is left to separate once ASCII is folded: non-ASCII characters that are no word character
# (the typographic ones, other symbols and punctuation, non-ASCII spaces).
OTHER_SEPARATORS = re.compile(r"[^\w\x00-\x7f]+")


def folded(text: str, table: bytes = FOLD) -> bytes:
    """The text as UTF-8 words separated by ASCII whitespace: NFKC (full-width letters, ligatures,
    non-breaking spaces folded), casefolded, apostrophes dropped, every other character that is
    not a letter or digit a space (``table``: FOLD, or LINE_FOLD to keep line breaks).

    ASCII is folded by bytes.translate, which costs a few microseconds where str.translate with
    a mapping costs ~15 ns a character (a 2,000-character body holding one curly quote or dash
    took 80-100 us to normalize, now 20-25 us); only a text holding other non-ASCII separators
    needs a regular expression. The words are the same as NFKC, casefold, the separators made
    spaces and a regular expression over the whole text would give.
    """
    if text.isascii():  # NFKC and casefold leave ASCII as it is, bar the case
        return text.encode("ascii").translate(table, ASCII_APOSTROPHES)
    text = unicodedata.normalize("NFKC", text).casefold()
    for apostrophe in OTHER_APOSTROPHES:
        if apostrophe in text:
            text = text.replace(apostrophe, "")
    for separator in TYPOGRAPHIC:  # a search per character costs less than one regular expression pass
        if separator in text:
            text = text.replace(separator, " ")
    data = text.encode("utf-8").translate(table, ASCII_APOSTROPHES)
    if data.isascii():
        return data
    return OTHER_SEPARATORS.sub(" ", data.decode("utf-8")).encode("utf-8")


def normalize_text(text: str | None) -> str:
    """Casefolded words separated by single spaces, punctuation and symbols removed.

    NFKC folds compatibility forms (full-width letters, ligatures, non-breaking spaces), so
    copies that differ only in typography (curly quotes, en/em dashes, spacing) normalize to
    the same string.
    """
    return b" ".join(folded(text).split()).decode("utf-8") if text else ""


def content_hash(text: str | None) -> str:
    """SHA-1 hex of :func:`normalize_text`: equal for copies that differ only in typography."""
    return hashlib.sha1(normalize_text(text).encode("utf-8")).hexdigest()


def words_of(text: str) -> list[bytes]:
    return folded(text).split()


def line_words(lines: list[str]) -> list[list[bytes]]:
    """words_of for each line, normalizing the text once (a call per line costs twice as much)."""
    return [line.split() for line in folded("\n".join(lines), LINE_FOLD).split(b"\n")]


# ---------------------------------------------------------------------------------------
# Content: the lines that decide a pair
#
# The extractor removes page noise, but some slips through on unknown layouts (issue 14
# measured recall falling from 0.765 to 0.647 when it does). Dedup cannot use the extractor's
# rules (the corpus package imports nothing of extraction), and needs none of its precision: a
# content line taken for noise only costs a little evidence, a noise line taken for content
# dilutes it. So a line is noise by its shape — too short to be a paragraph; wholly in
# parentheses (credits such as "(mar/hmsprov)"); no sentence ending (headlines of related
# articles, captions, share widgets); a caption's "(Foto: ...)" — or by an opening that only
# noise has: a credit or caption label ("Editor:", "Foto:"), a related-article link ("Baca
# juga"), a promotion (a verb such as "ikuti"/"klik" with a messenger, social network or URL).
# Sentences opening that way are dropped inside paragraphs too.
# ---------------------------------------------------------------------------------------

MIN_LINE_WORDS = 4
HEADLINE_WORDS = 25  # an unpunctuated line longer than this is a paragraph with a typo
# "Editor: Ade", "Penulis: X | Editor: Y", "Foto: ...", "Sumber: Humas ...": a credit or caption label.
LABEL = re.compile(
    r"^\W*(?:editor|penulis|pewarta|reporter|redaktur|foto|sumber|caption|keterangan(?:\s+foto)?|laporan|video|tags?)"
    r"\s*:", re.IGNORECASE)
# "Baca juga: ...", "BACA JUGA ...", "Simak juga ...", "Berita terkait ...": a related article.
RELATED = re.compile(r"^\W*(?:(?:baca|lihat|simak)\s+(?:juga|pula)|berita\s+terkait)\b", re.IGNORECASE)
# Either opening in one match (tried on every line and sentence: one call instead of two).
NOISE_OPENING = re.compile(f"{LABEL.pattern}|{RELATED.pattern}", re.IGNORECASE)
PARENTHESIZED = re.compile(r"^\s*[(\[].*[)\]]\s*$", re.DOTALL)
CLOSING_MARKS = "\"'”’)]"
CAPTION_CREDIT = re.compile(r"\(\s*(?:foto|dok|ist|istimewa)\b[^)]*\)\s*$", re.IGNORECASE)
# A promotion names a messenger, a social network or a link *and* asks to follow, join or click.
# Both are looked for in the lowercased text (case-insensitive alternations cost several times more),
# the platforms with `in`: over twice as fast as an alternation, which is tried at every common letter.
PLATFORMS = ("whatsapp", "telegram", "google news", "instagram", "facebook", "twitter", "tiktok", "youtube", "http://",
             "https://", "www.")
PROMOTION_VERB = re.compile(r"\b(?:ikuti|follow|gabung|bergabung|dapatkan|simak|klik|kunjungi|subscribe|join|unduh)\b")
# "KUPANG, Poros Nusantara –", "OELNASI, TIMEX -", "Mataram (ANTARA) -": the place (and outlet)
# opening the first paragraph; a copy adds its own, so it must not count as text or specifics.
DATELINE = re.compile(r"^\s*[A-Z][^\s–—]*(?:\s+[^\s–—]+){0,3}?\s+[–—-]{1,2}\s+")


def names_platform(text: str) -> bool:
    folded = text.lower()
    for platform in PLATFORMS:  # a plain loop: any() over a generator costs a third more here
        if platform in folded:
            return True
    return False


def is_promotion(text: str) -> bool:
    return names_platform(text) and bool(PROMOTION_VERB.search(text.lower()))


def ends_like_sentence(line: str) -> bool:
    """A full stop, question or exclamation mark (or a closing quotation) at the end."""
    line = line.rstrip()
    return line[-1:] in "\"”’" or line.rstrip(CLOSING_MARKS)[-1:] in ".!?…"


def is_noise_sentence(text: str, may_promote: bool = True) -> bool:
    """A credit, caption label, related-article link or promotion (also run into a paragraph;
    ``may_promote`` False when the paragraph names no platform, which spares the search)."""
    return bool(NOISE_OPENING.match(text)) or (may_promote and is_promotion(text))


def is_noise_line(line: str, may_promote: bool = True) -> bool:
    """True for a line an extractor may leave that is not the article's text (``may_promote``
    False when the body names no platform, which spares the search)."""
    word_count = len(line.split(None, HEADLINE_WORDS))  # counted up to HEADLINE_WORDS + 1: all it needs
    return (
        word_count < MIN_LINE_WORDS
        or bool(PARENTHESIZED.match(line))
        or is_noise_sentence(line, may_promote)
        or (word_count <= HEADLINE_WORDS and not ends_like_sentence(line))
        or (line.rstrip().endswith(")") and bool(CAPTION_CREDIT.search(line)))
    )


def strip_dateline(line: str) -> str:
    match = DATELINE.match(line)
    return line[match.end():] if match else line


def content_lines(body: str | None, may_promote: bool = True) -> list[str]:
    """The body's paragraphs without noise lines, the first one without its dateline
    (``may_promote``: as for is_noise_line)."""
    lines = [line.strip() for line in (body or "").splitlines()]
    kept = [line for line in lines if line and not is_noise_line(line, may_promote)]
    if kept:
        kept[0] = strip_dateline(kept[0])
    return kept


# ---------------------------------------------------------------------------------------
# Shingles
#
# Similarity is measured on sets of word 3-grams ("shingles") of the content lines (the title
# is left out: reposts rewrite headlines; no 3-gram spans two lines, so a noise line slipped
# between two paragraphs breaks nothing). 3-grams rather than 5-grams because every edit
# breaks n shingles. Shingles are kept as 64-bit hashes: word hashes are CRC-32 (stable across
# runs, unlike ``hash``), mixed with odd multipliers and the MurmurHash3 finalizer, so they are
# uniform over the 64-bit range (which the sampling below relies on) and a collision between
# two distinct shingles of a corpus is negligible.
# ---------------------------------------------------------------------------------------

SHINGLE_WORDS = 3
MIN_SHINGLES = 20  # captions and stubs: too short for a similarity to mean anything
SHINGLE_MULTIPLIERS = np.array(
    [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9], dtype=np.uint64
)[:SHINGLE_WORDS]


def fmix64(values: np.ndarray) -> np.ndarray:
    """MurmurHash3's 64-bit finalizer: spreads every input bit over the whole word."""
    values ^= values >> np.uint64(33)
    values *= np.uint64(0xFF51AFD7ED558CCD)
    values ^= values >> np.uint64(33)
    values *= np.uint64(0xC4CEB9FE1A85EC53)
    values ^= values >> np.uint64(33)
    return values


def run_hashes(words: list[bytes]) -> np.ndarray:
    """The hash of the 3-gram starting at each word of the run but its last two."""
    count = len(words) - SHINGLE_WORDS + 1
    if count < 1:
        return np.empty(0, dtype=np.uint64)
    word_hashes = np.fromiter(map(zlib.crc32, words), dtype=np.uint64, count=len(words))
    # sum over the 3-gram's words of word hash x multiplier at its offset (mod 2^64, as uint64
    # arithmetic wraps): one convolution instead of a product and a sum per offset
    return fmix64(np.convolve(word_hashes, SHINGLE_MULTIPLIERS[::-1], mode="valid"))


CROSSING_OFFSETS = tuple(range(1 - SHINGLE_WORDS, 0))  # starts of the 3-grams crossing a list end, from it


def inside_lists(word_lists: list[list[bytes]], count: int) -> np.ndarray:
    """Mask of the ``count`` 3-gram starts of the lists joined that stay inside one list."""
    inside = np.ones(count, dtype=bool)
    inside[[start for end in itertools.accumulate(map(len, word_lists[:-1])) for offset in CROSSING_OFFSETS
            if 0 <= (start := end + offset) < count]] = False
    return inside


def word_run(word_lists: list[list[bytes]], run: tuple[bytes, np.ndarray] | None = None
             ) -> tuple[bytes, np.ndarray, np.ndarray]:
    """(the lists' words joined by spaces, their run_hashes, the inside_lists mask). ``run``: the
    joined words and run_hashes of a text whose words may be these lists' (a Text's content, of
    which these are the sentences): the hashes are then taken from it rather than made again. No
    word holds a space, so the joined words tell two word sequences apart as the lists would."""
    words = list(itertools.chain.from_iterable(word_lists))
    joined = b" ".join(words)
    hashes = run[1] if run is not None and run[0] == joined else run_hashes(words)
    return joined, hashes, inside_lists(word_lists, hashes.size)


def shingle_occurrences(word_lists: list[list[bytes]], run: tuple[bytes, np.ndarray] | None = None
                        ) -> tuple[np.ndarray, np.ndarray]:
    """(hash, index of its word list) of every 3-gram inside one of the word lists (``run``: as
    for word_run)."""
    _, hashes, inside = word_run(word_lists, run)
    lengths = np.fromiter(map(len, word_lists), dtype=np.int64, count=len(word_lists))
    return hashes[inside], np.repeat(np.arange(len(word_lists)), lengths)[:inside.size][inside]


def sorted_distinct(values: np.ndarray) -> np.ndarray:
    """np.unique for a few hundred values at a quarter of its cost (its general machinery
    dominates at that size)."""
    values = np.sort(values)
    keep = np.empty(values.size, dtype=bool)
    keep[:1] = True
    np.not_equal(values[1:], values[:-1], out=keep[1:])
    return values[keep]


# ---------------------------------------------------------------------------------------
# Sentences, quotations and specifics
#
# Verification compares narrative sentences: a paragraph's text with its direct quotations
# taken out. Quotations are compared on their own (shared quotes), because two independent
# reports of one press conference quote the same words while telling the rest in their own:
# shared quotes say "same event", shared narrative says "same text".
#
# Specifics are what a copy keeps and a template story of another event changes: dates
# ("Jumat (12/5/2023)", "12 Mei" -> d:12-5), numbers and amounts ("Rp4.200", "3.150 hektare",
# "14,6 persen" -> n:4200, n:3150, n:14.6; years and one-digit counts say little and are left
# out), decree and letter numbers ("Nomor 188.45/123/KEP/2023"), and capitalized words not
# opening a sentence (personal names, places, offices, acronyms).
# ---------------------------------------------------------------------------------------

QUOTE_MARKS = '"“”'
QUOTATION = re.compile(r"[\"“”]([^\"“”]+)[\"“”]")
QUOTE_MIN_WORDS = 4
QUOTE_MATCH = 0.5  # share of the shorter quotation's 3-grams found in the other: the same quote
SENTENCE_BREAK = re.compile(r"[.!?][\"'”’)]*\s+")
# Tokens before a full stop that does not end a sentence: titles, ranks, degrees, "Jl.", "No.".
ABBREVIATIONS = frozenset(
    "drs dr ir h hj st no nomor jl kab kec kel prov yth bpk sdr prof kol letkol mayjen brigjen kompol akbp akp "
    "ipda iptu aiptu bripka brigpol se sh mh mm tbk dll dsb dkk tgl".split()
)
MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "pebruari": 2, "feb": 2, "maret": 3, "mar": 3, "april": 4, "apr": 4,
    "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "agustus": 8, "agu": 8, "agt": 8, "ags": 8,
    "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "november": 11, "nopember": 11, "nov": 11,
    "desember": 12, "des": 12,
}
# Capitalized words that name no one: weekdays and months (dates are compared as dates), "Rp", and
# the titles and administrative nouns before a name ("Bupati", "Desa", "Kepala Dinas"), which every
# release of an office repeats.
NOT_NAMES = frozenset([
    "senin", "selasa", "rabu", "kamis", "jumat", "jum'at", "sabtu", "minggu", "rp", *MONTHS,
    *"""bupati wakil gubernur wali walikota kota kabupaten provinsi kecamatan desa kelurahan kampung dusun dinas
    kepala badan bagian biro kantor unit pemerintah pemkab pemkot pemprov sekretaris sekretariat daerah setda ketua
    anggota camat lurah presiden menteri kementerian direktur kapolres kapolresta kapolda wakapolres wakapolresta
    kasat kabag polres polresta polda polri dprd rsud puskesmas sekolah universitas hari tahun bulan nasional negeri
    umum rumah sakit pasar jalan pulau sungai pantai bapak ibu pak bu penjabat plt pj sekda asisten kepolisian
    satuan keputusan peraturan perda perbup pergub nomor pasal ayat undang surat""".split(),
    # academic and religious titles around names: "Drs. Marthen Lusi Tanone, M.Si."
    *"drs dr ir prof hj si sos sh se st mh mm msi mpd pd kom ip stp ap ag hum sp spd skm md mt kes ked".split(),
])
# The slash, number, written-date and name patterns start at a digit or a capital, their left
# boundaries checked in Python (continues_word): a look-behind or \b tried at every position of the
# text costs three to four times more. No start the bounded pattern accepts lies inside a refused match
# (its other digits and capitals follow a letter or a digit), so the matches kept are the same.
SLASHED = re.compile(r"\d[\w.-]*/[\w./-]*")
TOKEN_CHARS = "./-_"
NUMERIC_DATE = re.compile(r"(\d{1,2})[/-](\d{1,2})(?:[/-](\d{2}|\d{4}))?")
WORD_DATE = re.compile(r"(\d{1,2})\s+(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b", re.IGNORECASE)
DECREE = re.compile(r"\b(?:nomor|no\.?)\s*(\d+)\s+tahun\s+(\d{4})\b", re.IGNORECASE)
DECREE_HINT = re.compile(r"\d\s+tahun\s+\d{4}", re.IGNORECASE)  # in every DECREE match; found fast
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
NAME = re.compile(r"[A-Z][^\W\d_]+(?:['’-][^\W\d_]+)*(?![\w'’-])")
NAME_JOINERS = "_'’-"  # a capital after these (or a letter, a digit) is inside a word: "McDonald", "al-Amin"
LEADING_PUNCTUATION = " \t(\"'“‘[-–—,.:;"
YEARS = range(1900, 2101)
DATE_PREFIX = "d:"


def has_quote_mark(line: str) -> bool:
    """Any of QUOTE_MARKS in the line: a substring search each (a set's isdisjoint makes a
    one-character string of every character of the line: over ten times slower)."""
    for mark in QUOTE_MARKS:
        if mark in line:
            return True
    return False


def split_sentences(text: str) -> list[str]:
    """Sentences of a narrative text: a break is a full stop (question, exclamation mark, closing
    quote) and a space before a capital, a digit or an opening bracket or quote; a full stop after
    an abbreviation or an initial is kept."""
    sentences, start = [], 0
    for match in SENTENCE_BREAK.finditer(text):
        end = match.end()
        if end < len(text) and (text[end].isupper() or text[end].isdigit() or text[end] in "(\"“") \
                and not ends_with_abbreviation(text[start:match.start() + 1]):
            sentences.append(text[start:end].strip())
            start = end
    sentences.append(text[start:].strip())
    return [sentence for sentence in sentences if sentence]


def ends_with_abbreviation(sentence: str) -> bool:
    """"Drs.", "M.Si.", "H." (an initial): a full stop that does not end the sentence."""
    words = sentence.rsplit(None, 1)
    token = words[-1].rstrip(".!?").lower() if words else ""
    return len(token) <= 1 or token in ABBREVIATIONS or "." in token


def date_key(day: str, month: int) -> str | None:
    day_number = int(day)
    if 1 <= day_number <= 31 and 1 <= month <= 12:
        return f"{DATE_PREFIX}{day_number}-{month}"
    return None


def number_key(raw: str) -> str | None:
    """n:<digits> for a number worth comparing: "3.150" -> n:3150, "5,2" -> n:5.2."""
    value = raw.replace(".", "").replace(",", ".").lstrip("0") or "0"
    if "." not in value and (len(value) < 2 or (len(value) == 4 and int(value) in YEARS)):
        return None
    return f"n:{value}"


SENTENCE_SEPARATOR = "\x00"  # joins sentences for one pass per pattern; no pattern's \s crosses it


def continues_word(text: str, start: int, joiners: str = "_") -> bool:
    """The character before ``start`` is a letter, a digit or one of ``joiners`` (the default: a
    regex word character, so False is a \b before a word)."""
    return start > 0 and (text[start - 1].isalnum() or text[start - 1] in joiners)


def inside_word(text: str, start: int, end: int) -> bool:
    """The span continues a word on either side: the 4 of "SP4N" is no number."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return before.isalnum() or before in "'’-_" or after.isalnum()


def pattern_starts(text: str) -> tuple[list[int], list[int]]:
    """(positions where a digit pattern may match: every ASCII digit and every non-ASCII
    character; positions of the capitals A-Z). Found by numpy over the code points: Python's re
    tries a pattern at every position of the text at ~20 ns each, which made the specifics'
    five scans the costliest part of reading a text's sentences."""
    points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    digits = np.flatnonzero((points - np.uint32(ord("0")) < 10) | (points > 127)).tolist()
    capitals = np.flatnonzero(points - np.uint32(ord("A")) < 26).tolist()
    return digits, capitals


def matches_at(pattern: re.Pattern, text: str, starts: list[int]) -> Iterator[re.Match]:
    """pattern.finditer(text) for a pattern that can only start at one of ``starts`` (sorted): the
    same matches, tried at those positions alone (a match found, the next is looked for after it)."""
    end = 0
    for start in starts:
        if start >= end:
            match = pattern.match(text, start)
            if match:
                yield match
                end = match.end()


def slashed_tokens(text: str, digits: list[int]) -> list[tuple[int, int]]:
    """Spans of tokens holding a slash and a digit: "12/5/2023", "821.2/148/BKPSDM/V/2023"
    (``digits``: pattern_starts' first list)."""
    spans = []
    for match in matches_at(SLASHED, text, digits):
        start = match.start()
        while start and (text[start - 1].isalnum() or text[start - 1] in TOKEN_CHARS):
            start -= 1
        spans.append((start, match.end()))
    return spans


def blanked(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """The text with these spans made spaces: what was found is not found again, offsets stay."""
    pieces, position = [], 0
    for start, end in spans:
        pieces += [text[position:start], " " * (end - start)]
        position = end
    return "".join(pieces) + text[position:]


def sentence_specifics(sentences: list[str]) -> list[frozenset[str]]:
    """Dates, numbers, decree numbers and capitalized words of each narrative sentence.

    Each pattern runs once over the sentences joined, a match going to the sentence it starts in
    (one pass per sentence costs several times more). Slashed tokens are read first (a date such as
    12/5/2023, else a decree number), then decree numbers, then written dates, then numbers.
    """
    text = SENTENCE_SEPARATOR.join(sentences)
    starts = list(itertools.accumulate((len(sentence) + 1 for sentence in sentences[:-1]), initial=0))
    found: list[set[str]] = [set() for _ in sentences]
    # Blanking keeps offsets and only turns characters into spaces, so these candidate starts of
    # the joined text stay a superset for every pass.
    digits, capitals = pattern_starts(text)

    def add(position: int, key: str | None) -> None:
        if key:
            found[bisect.bisect_right(starts, position) - 1].add(key)

    slashed = slashed_tokens(text, digits)
    for start, end in slashed:
        token = text[start:end].strip(".-")
        date = NUMERIC_DATE.fullmatch(token)
        add(start, (date and date_key(date.group(1), int(date.group(2)))) or f"c:{token.lower()}")
    if slashed:
        text = blanked(text, slashed)
    if next(matches_at(DECREE_HINT, text, digits), None):
        for match in DECREE.finditer(text):
            add(match.start(), f"c:{match.group(1)}/{match.group(2)}")
    written = [match for match in matches_at(WORD_DATE, text, digits) if not continues_word(text, match.start())]
    for match in written:
        add(match.start(), date_key(match.group(1), MONTHS[match.group(2).lower()]))
    if written:
        text = blanked(text, (match.span() for match in written))
    for match in matches_at(NUMBER, text, digits):
        start = match.start()
        if not inside_word(text, start, match.end()) or text[max(0, start - 3):start].endswith(("Rp", "Rp.")):
            add(start, number_key(match.group(0)))
    # Names over the joined text, then per sentence: no name crosses a separator (no letter), and
    # before a sentence's first character the separator is no letter or joiner either.
    pieces = text.split(SENTENCE_SEPARATOR)  # the sentences, codes and dates blanked
    piece_starts = list(itertools.accumulate((len(piece) + 1 for piece in pieces[:-1]), initial=0))
    names_of: list[list[str]] = [[] for _ in pieces]
    for match in matches_at(NAME, text, capitals):
        if not continues_word(text, match.start(), NAME_JOINERS):
            names_of[bisect.bisect_right(piece_starts, match.start()) - 1].append(match.group())
    for keys, names, sentence in zip(found, names_of, pieces):
        opening = names and sentence.lstrip(LEADING_PUNCTUATION).startswith(names[0])  # capitalized anyway
        keys.update(f"w:{name}" for name in (n.lower().replace("’", "'") for n in names[1 if opening else 0:])
                    if name not in NOT_NAMES)
    return [frozenset(keys) for keys in found]


@dataclass(frozen=True)
class Sentences:
    """The narrative sentences of a text as arrays, for aligning two texts in a few numpy calls.

    ``hashes``/``owners``: every sentence's distinct 3-gram hashes and the sentence each belongs
    to, sorted by hash; ``sizes``: 3-grams per sentence; ``words``: words per sentence (the
    weight a sentence carries in the aligned share).
    """

    hashes: np.ndarray
    owners: np.ndarray
    sizes: np.ndarray
    words: np.ndarray
    specifics: tuple[frozenset[str], ...]
    quotes: tuple[np.ndarray, ...]

    @classmethod
    def of(cls, lines: list[str], run: tuple[bytes, np.ndarray] | None = None,
           may_promote: bool = True) -> Sentences:
        """``run``: the words (joined) and run_hashes of the lines (a Text's), reused when the narrative
        sentences hold the same words (no quotation, no noise sentence dropped: most texts);
        ``may_promote`` False when the text names no platform (no line need be searched)."""
        narrative, quoted = [], []
        for line in lines:
            if not has_quote_mark(line):  # most lines: spares both quotation passes
                narrative_text = line
            else:
                quoted += [words for words in map(words_of, QUOTATION.findall(line)) if len(words) >= QUOTE_MIN_WORDS]
                narrative_text = QUOTATION.sub(" ", line)
            promotes = may_promote and names_platform(line)
            narrative += [s for s in split_sentences(narrative_text) if not is_noise_sentence(s, promotes)]
        quotes = []
        if quoted:  # most texts quote no one: spares the 3-gram machinery
            quote_hashes, quote_owners = shingle_occurrences(quoted)
            quotes = [sorted_distinct(quote_hashes[quote_owners == i]) for i in range(len(quoted))]
        word_lists = line_words(narrative)
        hashes, owners = shingle_occurrences(word_lists, run)
        order = np.argsort(hashes, kind="stable")  # owners ascend already: ties stay in owner order
        hashes, owners = hashes[order], owners[order]
        distinct = np.ones(hashes.size, dtype=bool)
        distinct[1:] = (hashes[1:] != hashes[:-1]) | (owners[1:] != owners[:-1])
        hashes, owners = hashes[distinct], owners[distinct]
        return cls(
            hashes=hashes, owners=owners, sizes=np.bincount(owners, minlength=len(narrative)),
            words=np.fromiter(map(len, word_lists), dtype=np.int64, count=len(word_lists)),
            specifics=tuple(sentence_specifics(narrative)) if narrative else (), quotes=tuple(quotes),
        )

    def __len__(self) -> int:
        return len(self.words)


class Text:
    """What dedup reads of one body: its content lines, their 3-gram set, and (on demand, for
    verification only) their sentences."""

    def __init__(self, body: str | None):
        # A platform named nowhere in the body is named in none of its lines (each is a substring,
        # lowercased alike): one search of the body spares one per line, here and in the sentences.
        self.may_promote = names_platform(body or "")
        self.lines = content_lines(body, self.may_promote)
        joined, hashes, inside = word_run(line_words(self.lines))
        self.shingles = sorted_distinct(hashes[inside])
        # for the sentences, then dropped; the words joined, one object: a list of them kept in the
        # cache would be freed cold
        self.run: tuple[bytes, np.ndarray] | None = (joined, hashes)

    @cached_property
    def sentences(self) -> Sentences:
        sentences = Sentences.of(self.lines, self.run, self.may_promote)
        self.run = None
        return sentences

    def __getstate__(self) -> dict:
        """Pickled (a worker's Text) without the run: the sentences, when asked for, are made
        from the lines alone, which gives the same."""
        return {**vars(self), "run": None}


# ---------------------------------------------------------------------------------------
# Candidates: a consistent sample of the shingles, in SQLite posting lists
#
# Every shingle whose hash falls below 1/KEY_RATE of the 64-bit range is a key (at least the
# MIN_KEYS smallest, for short texts). The choice depends on the shingle alone, so two texts
# sharing s shingles share about s/KEY_RATE keys whatever else they contain, and meet with
# P = 1 - (1 - 1/KEY_RATE)^s: containment, not Jaccard, decides, which is what a lead-less,
# shortened copy needs. For a 300-shingle text (~300 words, 25 keys, fewer inserts than the
# 30 LSH bands this replaced): containment 0.3 (s = 90) meets with P = 0.9996, 0.2 with 0.994,
# 0.1 with 0.92; the weakest missed copy (Jaccard 0.23, containment 0.42) had P = 0.31
# under the 30x3 banding. A key is a band of one value in MinHash LSH terms.
#
# A key held by MAX_POSTINGS articles is a common phrase ("pemerintah kabupaten kupang", a site
# banner that slipped through): it yields no candidates and takes no further article. A copy
# does not add the keys its cluster already holds, so a release copied by many portals keeps
# short posting lists. The stored sketch (minhash_signatures.signature) is the sample of the
# shingles below 1/SAMPLE_RATE of the range, top 32 bits each: SAMPLE_RATE x the sketches'
# intersection estimates the shared shingles, which screens candidates before their bodies
# are read.
# ---------------------------------------------------------------------------------------

KEY_RATE = 12
MIN_KEYS = 12
SAMPLE_RATE = 4
KEY_LIMIT = np.uint64(2**64 // KEY_RATE)
SAMPLE_LIMIT = np.uint64(2**64 // SAMPLE_RATE)
MAX_POSTINGS = 8
KEY_SHIFT = np.uint64(17)  # 47-bit keys: 6 bytes in SQLite, collisions negligible at millions of articles
# Candidates whose estimated containment is below this are not worth reading: true copies sit at
# 0.3 and above (the sketch's error at 0.3 on 300 shingles is about 0.06).
SCREEN_CONTAINMENT = 0.12
SCREEN_MIN_SAMPLE = 8  # below this many expected sample values the estimate is noise: verify
REBUILD_BATCH = 1000  # articles per transaction when indexing many
TEXT_CACHE = 512  # Texts (with their sentences) kept per index: ~30 KB each
CONTENT_RULES = "content-lines-1"  # bump when content_lines() changes what is shingled

# Everything a stored sketch or key depends on: sketches made under another scheme cannot be
# compared with new ones, so the index must then be rebuilt.
SIGNATURE_SCHEME = (
    f"{CONTENT_RULES} word{SHINGLE_WORDS}grams-crc32-fmix64 sample-1/{SAMPLE_RATE}-top32 "
    f"keys-1/{KEY_RATE}-min{MIN_KEYS}-47bit postings-{MAX_POSTINGS}"
)


def index_keys(shingles: np.ndarray) -> list[int]:
    """The sampled shingles used as posting-list keys (``shingles`` sorted and distinct)."""
    count = max(MIN_KEYS, int(np.searchsorted(shingles, KEY_LIMIT)))
    return (shingles[:count] >> KEY_SHIFT).tolist()


def sketch(shingles: np.ndarray) -> np.ndarray:
    """Top 32 bits of the shingles below 1/SAMPLE_RATE of the range, sorted."""
    return (shingles[: int(np.searchsorted(shingles, SAMPLE_LIMIT))] >> np.uint64(32)).astype("<u4")


def estimated_containment(own_sketch: np.ndarray, own_size: int, stored: bytes | None, size: int | None) -> float:
    """Estimated share of the smaller shingle set found in the other (1.0 when too small to estimate)."""
    if stored is None or not size:
        return 0.0
    smaller = min(own_size, size)
    if smaller < SCREEN_MIN_SAMPLE * SAMPLE_RATE:
        return 1.0
    return shared_count(own_sketch, np.frombuffer(stored, dtype="<u4")) * SAMPLE_RATE / smaller


def shared_count(a: np.ndarray, b: np.ndarray) -> int:
    """How many values of ``b`` are in ``a`` (sorted): for two sorted sets, the size of their
    intersection. One binary search of ``a``, where np.intersect1d sorts both again."""
    if not a.size:
        return 0
    return int(np.count_nonzero(a.take(a.searchsorted(b), mode="clip") == b))


def json_ints(values: Iterable[int]) -> str:
    """A JSON array of ints, for json_each(): what json.dumps gives, at a third of its cost."""
    return "[" + ",".join(map(str, values)) + "]"


# ---------------------------------------------------------------------------------------
# Verification: the signals of a pair
# ---------------------------------------------------------------------------------------

SENTENCE_MATCH = 0.5  # share of a sentence's 3-grams in one sentence of the other: "near-identical"
# A sentence recurring in this many articles of one site (among the article and the candidates
# that share text with it) is the site's template, and weighs BOILERPLATE_WEIGHT.
BOILERPLATE_ARTICLES = 3
BOILERPLATE_WEIGHT = 0.1
MIN_INFORMATIVE = 2  # fewer agreeing or foreign units on both sides: agreement is not measured
AGREEMENT_PRIOR = 0.5
MIN_OUTLET_WORD = 4  # shorter words are found inside any site name
MAX_CHANGED = 1  # more specifics swapped in place than this (a typo fix swaps one): a template


@dataclass(frozen=True)
class Alignment:
    """For each sentence of each text, the index of its near-identical sentence in the other (-1: none)."""

    a: np.ndarray
    b: np.ndarray


def best_partners(owners: np.ndarray, partners: np.ndarray, ratios: np.ndarray, count: int) -> np.ndarray:
    """Per owner sentence, the partner with the highest ratio if that ratio reaches SENTENCE_MATCH."""
    best = np.full(count, -1, dtype=np.int64)
    order = np.lexsort((ratios, owners))  # ascending: the last write per owner is its best
    kept = order[ratios[order] >= SENTENCE_MATCH]
    best[owners[kept]] = partners[kept]
    return best


def align(a: Sentences, b: Sentences) -> Alignment:
    """Match each sentence to the sentence of the other text holding most of its 3-grams."""
    lo = np.searchsorted(b.hashes, a.hashes, "left")
    runs = np.searchsorted(b.hashes, a.hashes, "right") - lo
    hits = runs > 0
    if not hits.any():
        return Alignment(np.full(len(a), -1), np.full(len(b), -1))
    runs_hit = runs[hits]
    starts = np.repeat(lo[hits] - (np.cumsum(runs_hit) - runs_hit), runs_hit) + np.arange(runs_hit.sum())
    pairs = np.repeat(a.owners[hits], runs_hit) * len(b) + b.owners[starts]
    keys, shared = np.unique(pairs, return_counts=True)
    a_sentences, b_sentences = keys // len(b), keys % len(b)
    return Alignment(
        best_partners(a_sentences, b_sentences, shared / a.sizes[a_sentences], len(a)),
        best_partners(b_sentences, a_sentences, shared / b.sizes[b_sentences], len(b)),
    )


def quote_keys(a: Sentences, b: Sentences) -> tuple[set[str], set[str]]:
    """Keys of the quotations of each text; a quote of ``b`` matching one of ``a`` gets its key."""
    keys_a = {f"q:{i}" for i in range(len(a.quotes))}
    keys_b = set()
    for j, quote in enumerate(b.quotes):
        match = next((i for i, other in enumerate(a.quotes)
                      if np.intersect1d(quote, other, assume_unique=True).size
                      >= QUOTE_MATCH * min(quote.size, other.size) > 0), None)
        keys_b.add(f"q:{match}" if match is not None else f"q:b{j}")
    return keys_a, keys_b


def aligned_pairs(alignment: Alignment) -> set[tuple[int, int]]:
    """(sentence of a, sentence of b) for every alignment, in either direction."""
    return ({(i, int(j)) for i, j in enumerate(alignment.a) if j >= 0}
            | {(int(i), j) for j, i in enumerate(alignment.b) if i >= 0})


def frame_specifics(a: Sentences, b: Sentences, pairs: set[tuple[int, int]]) -> set[str]:
    """Specifics kept in place by aligned sentences: the shared frame, which tells nothing new
    (nor do the sites' own names, see outlet_names)."""
    return set().union(*(a.specifics[i] & b.specifics[j] for i, j in pairs))


def changed_specifics(a: Sentences, b: Sentences, pairs: set[tuple[int, int]], specifics_a: set[str],
                      specifics_b: set[str]) -> set[str]:
    """Specifics swapped inside an aligned sentence pair: one taken out, another put in, neither
    named anywhere in the other text (the date or name slot of a template filled again). A copy
    that adds a name or drops a number is not a swap."""
    changed: set[str] = set()
    for i, j in pairs:  # a specific named anywhere in the other text (or ignored) was not swapped
        removed, inserted = a.specifics[i] - specifics_b, b.specifics[j] - specifics_a
        if removed and inserted:
            changed |= removed | inserted
    return changed


def all_specifics(sentences: Sentences) -> set[str]:
    return set().union(*sentences.specifics)


def side_agreement(sentences: Sentences, partners: np.ndarray, frame: set[str], other: set[str],
                   quotes: set[str], other_quotes: set[str]) -> tuple[int, int]:
    """(agreeing, foreign) units of one text: each unaligned sentence with informative specifics
    (not in the frame) agrees when the other text names at least half of them; each quotation
    agrees when the other has it."""
    agreeing = len(quotes & other_quotes)
    foreign = len(quotes - other_quotes)
    for specifics, partner in zip(sentences.specifics, partners):
        informative = specifics - frame
        if partner >= 0 or not informative:
            continue
        if 2 * len(informative & other) >= len(informative):
            agreeing += 1
        else:
            foreign += 1
    return agreeing, foreign


def agreement_of(*sides: tuple[int, int]) -> float | None:
    """The better side's share of agreeing units, each side's share taken with a prior of one half
    (one unit counts as 1.5 of 2): a copy's additions are foreign on its side only, its drops on the
    release's side only, while a template's other event is foreign on both. None when the two sides
    hold fewer than MIN_INFORMATIVE units."""
    if sum(agreeing + foreign for agreeing, foreign in sides) < MIN_INFORMATIVE:
        return None
    return round(max((agreeing + AGREEMENT_PRIOR) / (agreeing + foreign + 2 * AGREEMENT_PRIOR)
                     for agreeing, foreign in sides), 4)


def dates_of(specifics: Iterable[str]) -> set[str]:
    return {s for s in specifics if s.startswith(DATE_PREFIX)}


@dataclass(frozen=True)
class Evidence:
    """The signals of one pair, as stored with the copy in ``clusters``.

    - jaccard, containment: exact 3-gram Jaccard and overlap coefficient of the content;
    - aligned: share of the shorter text's narrative words in sentences that have a near-identical
      sentence in the other, site boilerplate weighing BOILERPLATE_WEIGHT;
      aligned_sentences / sentences: the same as a count of the shorter text's sentences;
    - shared_quotes: quotations found in both; shared_specifics: dates, numbers, names in both;
    - changed_specifics: specifics swapped inside aligned sentences (see changed_specifics);
    - agreement: the share of the unaligned sentences and quotations whose specifics the other
      text names (see side_agreement, agreement_of); None when there are too few to tell;
    - date_conflict: the texts name dates and none in common, or a date was swapped in place;
    - delay_hours: hours from the other's publication to this one's (None when a date is missing).
    """

    jaccard: float
    containment: float
    aligned: float
    aligned_sentences: int
    sentences: int
    shared_quotes: int
    shared_specifics: tuple[str, ...]
    changed_specifics: tuple[str, ...]
    agreement: float | None
    date_conflict: bool
    delay_hours: float | None


def aligned_share(sentences: Sentences, partners: np.ndarray, weights: np.ndarray) -> float:
    """Weighted share of the words in sentences that have a partner."""
    mass = sentences.words * weights
    total = mass.sum()
    return float(mass[partners >= 0].sum() / total) if total else 0.0


def outlet_names(specifics: set[str], sites: Iterable[str | None]) -> set[str]:
    """The capitalized words that name one of the sites itself ("Poros Nusantara" on site
    porosnusantara: a portal crediting itself), which tell nothing of the event."""
    outlets = [re.sub(r"[\W_]+", "", site.lower()) for site in sites if site]
    return {key for key in specifics if key.startswith("w:") and len(key) >= 2 + MIN_OUTLET_WORD
            and any(key[2:] in outlet for outlet in outlets)}


def compare(a: Text, b: Text, weights_a: np.ndarray, weights_b: np.ndarray, delay_hours: float | None,
            alignment: Alignment | None = None, sites: tuple[str | None, ...] = ()) -> Evidence:
    """Every signal of the pair (a, b); ``weights_*`` are per-sentence boilerplate weights,
    ``sites`` the two articles' site names."""
    sa, sb = a.sentences, b.sentences
    alignment = alignment or align(sa, sb)
    shared = shared_count(a.shingles, b.shingles)
    smaller = min(a.shingles.size, b.shingles.size)
    if sa.words.sum() <= sb.words.sum():
        short, partners, weights = sa, alignment.a, weights_a
    else:
        short, partners, weights = sb, alignment.b, weights_b
    pairs = aligned_pairs(alignment)
    quotes_a, quotes_b = quote_keys(sa, sb)
    specifics_a, specifics_b = all_specifics(sa), all_specifics(sb)
    outlets = outlet_names(specifics_a | specifics_b, sites)
    frame = frame_specifics(sa, sb, pairs) | outlets
    changed = changed_specifics(sa, sb, pairs, specifics_a | outlets, specifics_b | outlets)
    dates_a, dates_b = dates_of(specifics_a), dates_of(specifics_b)
    return Evidence(
        jaccard=round(shared / (a.shingles.size + b.shingles.size - shared), 4) if smaller else 0.0,
        containment=round(shared / smaller, 4) if smaller else 0.0,
        aligned=round(aligned_share(short, partners, weights), 4),
        aligned_sentences=int((partners[short.sizes > 0] >= 0).sum()),
        sentences=int((short.sizes > 0).sum()),
        shared_quotes=len(quotes_a & quotes_b),
        shared_specifics=tuple(sorted(specifics_a & specifics_b)),
        changed_specifics=tuple(sorted(changed)),
        agreement=agreement_of(side_agreement(sa, alignment.a, frame, specifics_b, quotes_a, quotes_b),
                               side_agreement(sb, alignment.b, frame, specifics_a, quotes_b, quotes_a)),
        date_conflict=bool((dates_a and dates_b and dates_a.isdisjoint(dates_b)) or dates_of(changed)),
        delay_hours=delay_hours,
    )


# ---------------------------------------------------------------------------------------
# The decision rule
#
# A copy shares text *and* names the same specifics; a template story of the same office shares
# text (its fixed paragraphs) but changes the date, names and numbers; an independent report of
# the same event names the same specifics (and quotes) but tells the rest in its own words.
#
# Shared text is measured twice: ``aligned`` (whole sentences, quotations left out, boilerplate
# discounted) and ``containment`` (3-grams, quotations included). Their mean, the text evidence,
# credits a sentence rewritten halfway (containment) without letting a shared quotation make two
# reports one (aligned). In order:
#
#   1. a date conflict (the monthly ceremony of 19/6 vs 17/7)                      -> apart
#   2. more than MAX_CHANGED specifics swapped in place (the slots of a template)  -> apart
#   3. agreement < MIN_AGREEMENT: the rest tells of another event                  -> apart
#   4. aligned >= NEAR_EXACT: a copy with at most a new lead, a credit              -> "near-exact"
#   5. published more than MAX_EDIT_DAYS apart (weekly, monthly, annual series)     -> apart
#   6. text >= MIN_TEXT and the specifics agree                                     -> "edited-copy"
#   7. too few specifics to compare: text >= TEXT_ONLY                              -> "shared-text"
#
# Measured on tests/data/dedup-pairs (the same on clean and noisy bodies): the text evidence of
# the 33 copy pairs is 0.42-1.0 and of the 18 independent reports 0.0-0.21 (MIN_TEXT between);
# the agreement of edited copies 0.70-0.93, of the 31 template pairs 0.07-0.50 (0.25 at most for
# the 9 without a date conflict); 21 template pairs swap two or more specifics in place, no copy
# does; template editions are 7 days apart or more, copies 27 hours at most. No veto suffices
# alone: agreement alone keeps 26 of the 31 template pairs apart (editions that only swap figures
# in shared sentences need rules 1-2), rules 1, 2 and 5 without agreement 29 (a weekly column
# naming no date needs rule 3).
# ---------------------------------------------------------------------------------------

NEAR_EXACT = 0.85
MIN_TEXT = 0.3
TEXT_ONLY = 0.7
MIN_AGREEMENT = 0.5
MAX_EDIT_DAYS = 10


def text_evidence(evidence: Evidence) -> float:
    """Mean of the aligned share and the 3-gram containment."""
    return (evidence.aligned + evidence.containment) / 2


def decide(evidence: Evidence) -> str | None:
    """The rule that links the pair as copies of one release, or None to keep them apart."""
    if evidence.date_conflict or len(evidence.changed_specifics) > MAX_CHANGED:
        return None
    if evidence.agreement is not None and evidence.agreement < MIN_AGREEMENT:
        return None
    if evidence.aligned >= NEAR_EXACT:
        return "near-exact"
    if evidence.delay_hours is not None and abs(evidence.delay_hours) > MAX_EDIT_DAYS * 24:
        return None
    text = text_evidence(evidence)
    if evidence.agreement is not None and text >= MIN_TEXT:
        return "edited-copy"
    if text >= TEXT_ONLY:
        return "shared-text"
    return None


@dataclass(frozen=True)
class Neighbour:
    """A candidate read for verification."""

    article_id: int
    site: str | None
    published_at: str | None
    text: Text


def boilerplate_weights(site: str | None, text: Text, neighbours: list[Neighbour],
                        alignments: list[Alignment]) -> np.ndarray:
    """Per sentence of ``text``, BOILERPLATE_WEIGHT if it recurs in BOILERPLATE_ARTICLES articles
    of one site among the article and its neighbours (the articles that share text with it: the
    only ones a template paragraph can link it to), else 1."""
    per_site: dict[str | None, np.ndarray] = {}
    own = per_site.setdefault(site, np.zeros(len(text.sentences), dtype=np.int64))
    own += 1
    for neighbour, alignment in zip(neighbours, alignments):
        counts = per_site.setdefault(neighbour.site, np.zeros(len(text.sentences), dtype=np.int64))
        counts += alignment.a >= 0
    recurring = np.max(np.stack(list(per_site.values())), axis=0) >= BOILERPLATE_ARTICLES
    return np.where(recurring, BOILERPLATE_WEIGHT, 1.0)


def partner_weights(own_weights: np.ndarray, partners: np.ndarray) -> np.ndarray:
    """The other text's sentence weights: a sentence aligned to a boilerplate one is boilerplate."""
    weights = np.ones(len(partners))
    aligned = partners >= 0
    weights[aligned] = own_weights[partners[aligned]]
    return weights


@dataclass(frozen=True)
class Match:
    article_id: int
    rule: str
    evidence: Evidence

    def rank(self) -> tuple:
        return (-self.evidence.aligned, -self.evidence.jaccard, self.article_id)


def compare_with_neighbours(site: str | None, published_at: str | None, text: Text,
                            neighbours: list[Neighbour]) -> list[Match]:
    """The neighbours that the decision rule links to the text, best first."""
    alignments = [align(text.sentences, n.text.sentences) for n in neighbours]
    weights = boilerplate_weights(site, text, neighbours, alignments)
    matches = []
    for neighbour, alignment in zip(neighbours, alignments):
        delay = hours_between(parse_published(neighbour.published_at), parse_published(published_at))
        evidence = compare(text, neighbour.text, weights, partner_weights(weights, alignment.b), delay, alignment,
                           (site, neighbour.site))
        rule = decide(evidence)
        if rule:
            matches.append(Match(neighbour.article_id, rule, evidence))
    return sorted(matches, key=Match.rank)


def hours_between(earlier: datetime | None, later: datetime | None) -> float | None:
    """Delay in hours; when one side has no offset both are compared as wall-clock times."""
    if earlier is None or later is None:
        return None
    if (earlier.tzinfo is None) != (later.tzinfo is None):
        earlier, later = earlier.replace(tzinfo=None), later.replace(tzinfo=None)
    return round((later - earlier).total_seconds() / 3600, 1)


# ---------------------------------------------------------------------------------------
# The persisted index
# ---------------------------------------------------------------------------------------

class StaleIndexError(Exception):
    """The stored index follows another signature scheme; ``humas dedupe --rebuild`` fixes it."""


def evidence_columns(match: Match) -> dict:
    """The clusters row's explanation of a link (schema.CLUSTER_EVIDENCE_COLUMNS), lists as JSON."""
    values = vars(match.evidence)
    row = {"similarity": values["jaccard"], "rule": match.rule, "linked_to": match.article_id}
    for name in CLUSTER_EVIDENCE_COLUMNS.keys() - row.keys():
        value = values[name]
        row[name] = json.dumps(list(value), ensure_ascii=False) if isinstance(value, tuple) else value
    return row


class NearDuplicateIndex:
    """The near-duplicate index of the corpus' bodies, persisted in the corpus itself.

    Sketches and posting lists live in SQLite tables, so the index survives runs and a new
    article costs a fixed number of indexed lookups (its keys) whatever the corpus size; nothing
    but the article at hand and its few candidates is held in memory.

    A call commits on its own, or joins the caller's transaction when one is open (so a caller
    may batch many articles per commit). Joining, an article that links to no other writes its
    posting lists and then its sketch, the mark of an indexed article, with no savepoint of its
    own: an error between the two leaves postings without a sketch, which the screen passes over,
    and an article that index_pending indexes again. An article that links writes under a
    savepoint (:func:`humas_crawler.corpus.atomic`), rolled back whole on an error.
    """

    def __init__(self, db: sqlite_utils.Database):
        """Raises StaleIndexError when the stored sketches follow another SIGNATURE_SCHEME."""
        self.db = db
        self.texts: OrderedDict[int, Text] = OrderedDict()  # recently read, most recent last
        check_signature_scheme(db)

    def add(self, article_id: int) -> dict | None:
        """Index one stored article and cluster it with its near duplicates already indexed.

        Returns ``{"cluster_id", "origin_id", "similarity", "rule"}`` (similarity: 3-gram Jaccard
        with the best match) when it joins a cluster, else None. An article id already indexed
        is ignored (None), so the call is idempotent.
        """
        row = self.db.execute(
            f"select a.body, a.site, a.published_at, s.article_id is not null from articles a "
            f"left join {SIGNATURES} s on s.article_id = a.id where a.id = ?",
            [article_id],
        ).fetchone()
        if row is None:
            raise KeyError(f"no article with id {article_id}")
        body, site, published_at, indexed = row
        return None if indexed else self.index_article(article_id, body, site, published_at)

    def index_article(self, article_id: int, body: str | None, site: str | None,
                      published_at: str | None, text: Text | None = None) -> dict | None:
        """add() for an article read already and known not to be indexed: one the pipeline has
        just stored, or one index_pending read (``text``: its Text made ahead by the workers)."""
        text = self.remember(article_id, Text(body) if text is None else text)
        with transaction(self.db) as joined:  # joined: the caller's; see the class docstring for what an error leaves
            if text.shingles.size < MIN_SHINGLES:
                self.store_signature(article_id, None, text.shingles.size)
                return None
            own_sketch, keys = sketch(text.shingles), index_keys(text.shingles)
            postings = self.postings(keys)
            open_keys = [key for key in keys if len(postings.get(key, ())) < MAX_POSTINGS]
            candidates = self.sketches(list(dict.fromkeys(i for key in open_keys for i in postings.get(key, ()))))
            neighbours = self.plausible_neighbours(own_sketch, text.shingles.size, candidates)
            matches = compare_with_neighbours(site, published_at, text, neighbours) if neighbours else []
            if not matches:  # most articles: postings first, the sketch marking the article indexed last
                self.store_buckets(article_id, open_keys)
                self.store_signature(article_id, own_sketch, text.shingles.size)
                return None
            with atomic(self.db) if joined else nullcontext():  # in a transaction of its own, rolled back whole
                self.store_signature(article_id, own_sketch, text.shingles.size)
                linked = {match.article_id for match in matches}
                self.store_buckets(article_id, [key for key in open_keys if linked.isdisjoint(postings.get(key, ()))])
                return self.link(article_id, matches)

    def index_pending(self, progress: Callable[[int, int], None] | None = None, workers: int = 1,
                      batch_size: int = REBUILD_BATCH, mates: dict[int, list[int]] | None = None) -> int:
        """Add every article not yet indexed, oldest id first; returns how many were added.

        ``progress(done, total)`` is called after each article. Bodies are read ``batch_size`` at a
        time, in the transaction that indexes them (an article indexed or deleted meanwhile by
        another writer is passed over). With ``workers`` > 1 and more than one batch, that many
        processes make the Texts of the next batches (content lines and 3-grams: a pure function of
        the body, a fifth of an article's work) while this one indexes in id order, the only order
        that decides; a Text made ahead is used only for the body it was made from. ``mates``
        (a rebuild's hint: article id -> the earlier members of its former cluster) says which
        articles will likely be verified, and against which earlier ones: their Texts come with
        their sentences, and the earlier ones' are put in the cache before the article is indexed.
        A wrong hint costs time, never a decision.
        """
        mates = mates or {}
        pending = [article_id for article_id, in self.db.execute(
            f"select id from articles where id not in (select article_id from {SIGNATURES}) order by id"
        )]
        batches = [pending[start:start + batch_size] for start in range(0, len(pending), batch_size)]
        done = 0
        with text_pool(workers if len(batches) > 1 else 1) as pool:
            for batch, made in texts_ahead(self.db, batches, pool, mates):
                with self.db.atomic():
                    unindexed = {row[0]: row[1:] for row in self.db.execute(
                        "select id, body, site, published_at from articles where id in (select value from "
                        f"json_each(?)) and id not in (select article_id from {SIGNATURES})", [json_ints(batch)])}
                    for done, article_id in enumerate(batch, start=done + 1):
                        if article_id in unindexed:
                            self.index_made(article_id, *unindexed[article_id], made, mates.get(article_id, ()))
                        if progress:
                            progress(done, len(pending))
                made.cancel()
        return len(pending)

    def index_made(self, article_id: int, body: str | None, site: str | None, published_at: str | None,
                   made: MadeAhead, likely_neighbours: Iterable[int]) -> dict | None:
        """index_article with what the workers have made by now: the Texts of the article's likely
        neighbours put in the cache first (those it holds stay as they are), its own used if made
        from this very body."""
        for neighbour in likely_neighbours:
            if neighbour not in self.texts and (found := made.get(neighbour)):
                self.remember(neighbour, found[1])
        made_body, text = made.get(article_id) or (None, None)
        return self.index_article(article_id, body, site, published_at, text if made_body == body else None)

    def postings(self, keys: list[int]) -> dict[int, list[int]]:
        """The articles holding each key (at most MAX_POSTINGS per key)."""
        # A join driven by json_each runs one primary-key search per key; "bucket in
        # (select value from json_each(?))" first builds a temporary list: twice slower.
        found: dict[int, list[int]] = {}
        for bucket, holder in self.db.execute(
            f"select b.bucket, b.article_id from json_each(?) k join {BUCKETS} b on b.bucket = k.value",
            [json_ints(keys)],
        ):
            found.setdefault(bucket, []).append(holder)
        return found

    def sketches(self, article_ids: list[int]) -> dict[int, tuple[bytes | None, int | None]]:
        """Each article's stored (sketch, shingle count), (None, None) when it has none. A second
        statement, for the holders of the open keys only: reading a holder's sketch with each of
        its postings (a join) read it once per shared key, and those of saturated keys for nothing."""
        if not article_ids:
            return {}
        return {article_id: (stored, size) for article_id, stored, size in self.db.execute(
            f"select k.value, s.signature, s.shingles from json_each(?) k "
            f"left join {SIGNATURES} s on s.article_id = k.value", [json_ints(article_ids)])}

    def plausible_neighbours(self, own_sketch: np.ndarray, size: int,
                             candidates: dict[int, tuple[bytes | None, int | None]]) -> list[Neighbour]:
        """The candidates (id: stored sketch and shingle count) whose estimated containment reaches
        SCREEN_CONTAINMENT, read for verification."""
        plausible = [article_id for article_id, (stored, stored_size) in candidates.items()
                     if estimated_containment(own_sketch, size, stored, stored_size) >= SCREEN_CONTAINMENT]
        if not plausible:
            return []
        rows = self.db.execute(
            "select id, site, published_at, case when id in (select value from json_each(:cached)) then null "
            "else body end from articles where id in (select value from json_each(:plausible)) order by id",
            {"cached": json_ints([i for i in plausible if i in self.texts]), "plausible": json_ints(plausible)},
        ).fetchall()
        return [Neighbour(article_id, site, published_at, self.text_of(article_id, body))
                for article_id, site, published_at, body in rows]

    def text_of(self, article_id: int, body: str | None) -> Text:
        """The article's Text from the cache, else made from ``body``."""
        if article_id in self.texts:
            self.texts.move_to_end(article_id)
            return self.texts[article_id]
        return self.remember(article_id, Text(body))

    def remember(self, article_id: int, text: Text) -> Text:
        """Keep the Texts of the last TEXT_CACHE articles read: copies of one release, and the
        editions of a template series, are verified against the same few articles again and again."""
        self.texts[article_id] = text
        if len(self.texts) > TEXT_CACHE:
            self.texts.popitem(last=False)
        return text

    def store_signature(self, article_id: int, own_sketch: np.ndarray | None, size: int) -> None:
        blob = None if own_sketch is None else own_sketch.tobytes()
        self.db.execute(f"insert into {SIGNATURES} (article_id, signature, shingles) values (?, ?, ?)",
                        [article_id, blob, size])

    def store_buckets(self, article_id: int, keys: list[int]) -> None:
        self.db.execute(
            f"insert or ignore into {BUCKETS} (bucket, article_id) select value, ? from json_each(?)",
            [article_id, json_ints(keys)],
        )

    def link(self, article_id: int, matches: list[Match]) -> dict:
        """Put the article in its best match's cluster (a new one, named after the match, if
        it had none), together with any other match still unclustered (a copy indexed before
        its original), then re-elect the cluster's origin. Each row records the evidence of the
        link that brought its article in.

        Existing clusters are never merged: a chain of partial copies must not glue
        unrelated releases together.
        """
        best = matches[0]
        memberships = self.clusters_of([match.article_id for match in matches])
        cluster_id = memberships.get(best.article_id, best.article_id)
        rows = [{"article_id": article_id, **evidence_columns(best)}]
        rows += [{**evidence_columns(match), "article_id": match.article_id, "linked_to": article_id,
                  "delay_hours": None if match.evidence.delay_hours is None else -match.evidence.delay_hours}
                 for match in matches if match.article_id not in memberships]
        columns = ["cluster_id", "is_origin", *rows[0]]
        self.db.conn.executemany(
            f"insert into {CLUSTERS} ({', '.join(columns)}) values ({', '.join('?' * len(columns))})",
            [[cluster_id, 0, *(row[name] for name in columns[2:])] for row in rows],
        )
        origin_id, kept = self.elect_origin(cluster_id)
        measure_against_origin(self.db, cluster_id, [row["article_id"] for row in rows] if kept else None)
        return {"cluster_id": cluster_id, "origin_id": origin_id, "similarity": best.evidence.jaccard,
                "rule": best.rule}

    def clusters_of(self, article_ids: list[int]) -> dict[int, int]:
        """Cluster id of each of these articles that is in a cluster."""
        return dict(self.db.execute(
            f"select article_id, cluster_id from {CLUSTERS} where article_id in (select value from json_each(?))",
            [json_ints(article_ids)],
        ))

    def elect_origin(self, cluster_id: int) -> tuple[int, bool]:
        """(the cluster's origin by origin_rank, whether it is the one marked already). Members just
        inserted are marked 0, so the marks are rewritten only when the origin changes."""
        members = [{"id": article_id, "published_at": published_at, "canonical_url": url, "is_origin": is_origin}
                   for article_id, published_at, url, is_origin in self.db.execute(
                       f"select a.id, a.published_at, a.canonical_url, c.is_origin from {CLUSTERS} c "
                       "join articles a on a.id = c.article_id where c.cluster_id = ?", [cluster_id])]
        origin_id = min(members, key=origin_rank)["id"]
        kept = [member["id"] for member in members if member["is_origin"]] == [origin_id]
        if not kept:
            self.db.execute(f"update {CLUSTERS} set is_origin = (article_id = ?) where cluster_id = ?",
                            [origin_id, cluster_id])
        return origin_id, kept


def word_edit_distance(a: list[bytes] | list[str], b: list[bytes] | list[str]) -> float:
    """1 − 2·LCS / (len a + len b) over two word sequences (the share of words an insert/delete
    edit script touches): 0 identical, 1 nothing in common. A word-level measure, blind to
    typography; the exact longest common subsequence, by rapidfuzz's bit-parallel LCSseq in C++
    (the same lengths as the bit-parallel Python loop it replaced, at a third of its cost inside the
    dedup stage; difflib's ratio, used before that, only approximates it greedily)."""
    total = len(a) + len(b)
    return round(1 - 2 * LCSseq.similarity(a, b) / total, 3) if total else 0.0


def measure_against_origin(db: sqlite_utils.Database, cluster_id: int, article_ids: list[int] | None = None) -> None:
    """Store, for members of the cluster (``article_ids``, or all when None), the delay after the
    cluster's origin and the word edit distance to its body: what an analyst asks of a copy, kept
    in the row so that Datasette and SQL need no Python. The origin's own row gets 0 (its delay
    NULL when undated). Called whenever the cluster gains members; all of them when the origin
    changed."""
    rows = db.execute(
        f"select c.article_id, c.is_origin, a.body, a.published_at from {CLUSTERS} c "
        "join articles a on a.id = c.article_id where c.cluster_id = :cluster "
        "and (c.is_origin = 1 or :ids is null or c.article_id in (select value from json_each(:ids)))",
        {"cluster": cluster_id, "ids": None if article_ids is None else json_ints(article_ids)},
    ).fetchall()
    origin = next((row for row in rows if row[1]), None)
    if origin is None:
        return
    origin_id, _, origin_body, origin_published = origin
    origin_words, origin_time = words_of(origin_body or ""), parse_published(origin_published)
    measures = [
        (hours_between(origin_time, parse_published(published_at)),
         0.0 if member_id == origin_id else word_edit_distance(origin_words, words_of(body or "")),
         member_id)
        for member_id, _, body, published_at in rows
    ]
    db.conn.executemany(f"update {CLUSTERS} set origin_delay_hours = ?, edit_distance = ? where article_id = ?",
                        measures)


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


def rebuild_index(db: sqlite_utils.Database, progress: Callable[[int, int], None] | None = None,
                  workers: int = 1, batch_size: int = REBUILD_BATCH) -> int:
    """Drop sketches, posting lists, clusters and the recorded scheme, and index the whole corpus
    again in id order (the order the pipeline added them), so clusters come out the same. Run
    after a change of the signature settings (``humas dedupe --rebuild``, on a connection opened
    with settings.HUMAS_SQLITE_CACHE_MB: the posting lists and sketches are read at random; with
    settings.HUMAS_DEDUP_WORKERS processes making the Texts ahead, see index_pending)."""
    with db.atomic():
        mates = former_mates(db)
        for name in (CLUSTERS, BUCKETS, SIGNATURES, DEDUP_SETTINGS):
            db.execute(f"delete from {name}")
    return NearDuplicateIndex(db).index_pending(progress, workers, batch_size, mates)


def former_mates(db: sqlite_utils.Database) -> dict[int, list[int]]:
    """Each clustered article's earlier cluster members: the neighbours it will most likely be
    verified against when the index is built again."""
    members: dict[int, list[int]] = {}
    for cluster_id, article_id in db.execute(f"select cluster_id, article_id from {CLUSTERS} order by article_id"):
        members.setdefault(cluster_id, []).append(article_id)
    return {article_id: cluster[:position] for cluster in members.values()
            for position, article_id in enumerate(cluster) if position}


# ---------------------------------------------------------------------------------------
# Texts made ahead, in worker processes, for index_pending
#
# A rebuild indexes the corpus in id order, one article after the other: each decision reads the
# posting lists and clusters the articles before it left. What depends on one body only (its Text)
# can be made ahead, by other processes, while this one indexes; the decisions stay this
# process' own, made by the same index_article. Sentences are worth making ahead only for the
# few texts that will be verified (a fifth of them; unpickling sentences costs a fifth of making
# them): in a rebuild the former clusters name them, and name the earlier articles each will
# likely be verified against, whose Texts are then made ahead too (the cache no longer holds
# them when a copy comes long after its release).
# ---------------------------------------------------------------------------------------

BATCHES_AHEAD = 2  # batches whose Texts are being made while one is indexed: memory holds these, never the corpus
# The workers yield to the indexing process, the critical path, when the cores are shared: they need
# half its CPU time (29-32 s against 61-65 s at 100k), and at equal priority each extra process would
# take from the indexing process' share as much as from anyone else's. Not lower: what a starved
# worker has not made the indexing process makes itself, which costs it more than making it at once
# (20k articles at load 3: 10.4-13.1 s of its CPU at niceness 5, 17.5-19.7 s at 19).
WORKER_NICENESS = 5
TEXTS_PER_TASK = 100  # bodies per task: what the indexing process finds made, or makes itself


def texts_of(jobs: list[tuple[str | None, bool]]) -> list[Text]:
    """A worker's share of a batch: the Text of each body, with its sentences when asked for
    (module level: a spawned process finds it by name)."""
    texts = []
    for body, with_sentences in jobs:
        texts.append(Text(body))
        if with_sentences:
            texts[-1].sentences  # a cached property: made here, pickled with the Text
    return texts


def start_worker() -> None:
    """Worker initializer: a lower priority (WORKER_NICENESS), and Ctrl-C ignored: it reaches the
    whole process group, and only the indexing process should act on it (it cancels what is queued;
    the workers then exit with the pool)."""
    os.nice(WORKER_NICENESS)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@contextmanager
def text_pool(workers: int) -> Iterator[ProcessPoolExecutor | None]:
    """``workers`` spawned processes (None for one or fewer: the Texts are then made in
    process). Spawned, not forked: the caller may run threads (a progress display) and hold a
    SQLite connection, neither of which a forked child should inherit (a spawned child imports
    the caller's main module again: a script must guard its work with ``if __name__ ==
    "__main__"``, or the pool breaks, BrokenProcessPool). On leaving, queued work is cancelled and
    the workers are waited for (a chunk takes a fraction of a second)."""
    if workers <= 1:
        yield None
        return
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"), initializer=start_worker)
    try:
        yield pool
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


class MadeAhead:
    """The Texts the workers are making for one batch, by task of TEXTS_PER_TASK bodies. What a
    worker has not finished when it is needed is made in process instead, so the indexing never
    waits for a worker (on a busy machine a worker gets less than its share of a core); the
    tasks not started once the batch is indexed are cancelled."""

    def __init__(self, tasks: list[tuple[list[tuple[int, str | None]], Future]]):
        self.tasks = tasks
        self.task_of = {article_id: position for position, (rows, _) in enumerate(tasks) for article_id, _ in rows}
        self.texts: dict[int, tuple[str | None, Text]] = {}
        self.collected: set[int] = set()

    def get(self, article_id: int) -> tuple[str | None, Text] | None:
        """(the body it was made from, the Text), or None when it is not made (yet). A worker's
        error is raised here."""
        position = self.task_of.get(article_id)
        if position is None:
            return None
        if position not in self.collected:
            rows, future = self.tasks[position]
            if not future.done():
                return None
            self.collected.add(position)
            self.texts.update((row_id, (body, text)) for (row_id, body), text in zip(rows, future.result()))
        return self.texts.get(article_id)

    def cancel(self) -> None:
        for _, future in self.tasks:
            future.cancel()


def texts_ahead(db: sqlite_utils.Database, batches: list[list[int]], pool: ProcessPoolExecutor | None,
                mates: dict[int, list[int]]) -> Iterator[tuple[list[int], MadeAhead]]:
    """Each batch of article ids with the Texts being made for its articles and for the ``mates``
    of its articles from earlier batches, submitted to the pool BATCHES_AHEAD batches ahead of the
    one yielded (nothing made without a pool)."""
    if pool is None:
        yield from ((batch, MadeAhead([])) for batch in batches)
        return
    submitted: deque[tuple[list[int], MadeAhead]] = deque()
    for batch in batches:
        earlier = sorted({mate for article_id in batch for mate in mates.get(article_id, ()) if mate < batch[0]})
        rows = db.execute("select id, body from articles where id in (select value from json_each(?)) order by id",
                          [json_ints(batch + earlier)]).fetchall()
        tasks = [rows[start:start + TEXTS_PER_TASK] for start in range(0, len(rows), TEXTS_PER_TASK)]
        submitted.append((batch, MadeAhead([
            (task, pool.submit(texts_of, [(body, article_id in mates or article_id < batch[0])
                                          for article_id, body in task]))
            for task in tasks])))
        if len(submitted) > BATCHES_AHEAD:
            yield submitted.popleft()
    yield from submitted
