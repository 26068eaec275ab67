"""Platform knowledge in one place (``platforms.toml``): for each CMS, the hints that recognise
its pages, the discovery defaults a registry entry starts from, and the selectors extraction tries.

The file is read and checked once, when this module is imported: a wrong key, regex or selector
fails at start-up with the file and the table named, not mid-crawl. Extraction and crawl both
import this module, so it imports no crawl, corpus or cli module, and of extraction only the
selector helpers (markup.py, which imports nothing of ours but text.py).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from types import MappingProxyType

from lxml.cssselect import CSSSelector

from humas_crawler.extraction.markup import compile_selector, fast_selector, may_match, parse_html

# Package data, read through the package: in a Scrapyd egg it is inside a zip.
PLATFORMS_FILE = resources.files(__package__) / "platforms.toml"
GENERIC = "generic"  # the table of cross-platform markup; not a platform
CUSTOM = "custom"  # a site's own CMS: no hints, no selectors
FIELDS = ("title", "body", "published_at", "updated_at", "author", "editor", "category", "tags", "lead_image")
GENERIC_FIELDS = (*FIELDS, "caption")
DISCOVERY_KEYS = ("discovery", "start_paths", "article_pattern", "article_links", "next_page", "feed", "sitemap")
LIST_KEYS = ("discovery", "start_paths", "next_page")  # the others are one string
GUESS_KEYS = {"feed": "feed_guesses", "sitemap": "sitemap_guesses"}
DETECT_KEYS = ("generator", "markup", "links")
# Links of a platform's shape a page must show: one can be a link to another site, two are the site's own.
LINK_QUORUM = 2


class PlatformError(ValueError):
    """A platform table that cannot work, or a platform name that is not in the file."""


@dataclass(frozen=True)
class Detect:
    """Hints that a page is a platform's: the generator meta, markup, link shapes."""

    generator: tuple[re.Pattern, ...] = ()
    markup: tuple[CSSSelector, ...] = ()
    links: tuple[re.Pattern, ...] = ()


@dataclass(frozen=True)
class Platform:
    """One table of platforms.toml, checked."""

    name: str
    detect: Detect
    defaults: Mapping[str, object]  # registry keys (discovery, start_paths, feed, ...) -> value
    guesses: Mapping[str, tuple[str, ...]]  # "feed" / "sitemap" -> paths to probe, the default first
    selectors: Mapping[str, tuple[str, ...]]  # field -> selectors


# ---- reading and checking the file ------------------------------------------------------------

def load_platforms(path: Traversable | str = PLATFORMS_FILE) -> tuple[dict[str, Platform], dict[str, tuple[str, ...]]]:
    """The platforms by name (file order) and the generic table's selectors; PlatformError names
    the file, the table and the key of the first problem."""
    try:
        data = tomllib.loads((Path(path) if isinstance(path, str) else path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise PlatformError(f"cannot read {path}: {exc}") from exc
    for required in (GENERIC, CUSTOM):
        if required not in data:
            raise PlatformError(f"{path}: no [{required}] table")
    generic = _selectors(data.pop(GENERIC), GENERIC_FIELDS, f"{path}: [{GENERIC}]")
    return {name: _platform(name, table, f"{path}: [{name}]") for name, table in data.items()}, generic


def _platform(name: str, table, where: str) -> Platform:
    table = dict(_table(table, where))
    detect = _detect(table.pop("detect", {}), f"{where}.detect")
    selectors = _selectors(table.pop("selectors", {}), FIELDS, f"{where}.selectors")
    _known_keys(table, (*DISCOVERY_KEYS, *GUESS_KEYS.values()), where)
    defaults = _defaults(table, where)
    guesses = _guesses(table, defaults, where)
    return Platform(name, detect, MappingProxyType(defaults), MappingProxyType(guesses), selectors)


def _detect(table, where: str) -> Detect:
    table = _table(table, where)
    _known_keys(table, DETECT_KEYS, where)
    hints = {key: _strings(table.get(key, ()), f"{where} {key}") for key in DETECT_KEYS}
    return Detect(
        generator=_regexes(hints["generator"], f"{where} generator"),
        markup=_css(hints["markup"], f"{where} markup"),
        links=_regexes(hints["links"], f"{where} links"),
    )


def _defaults(table: dict, where: str) -> dict:
    """The registry keys a platform sets, in the registry's types: lists of strings or one string."""
    defaults = {}
    for key in DISCOVERY_KEYS:
        if key not in table:
            continue
        if key in LIST_KEYS:
            defaults[key] = _strings(table[key], f"{where} {key}")
        elif isinstance(table[key], str) and table[key]:
            defaults[key] = table[key]
        else:
            raise PlatformError(f"{where} {key} must be a string")
    if "article_pattern" in defaults:
        _regexes((defaults["article_pattern"],), f"{where} article_pattern")
    return defaults


def _guesses(table: dict, defaults: dict, where: str) -> dict[str, tuple[str, ...]]:
    """Per kind ("feed", "sitemap"), the paths the probe tries: the default, then the guesses."""
    found = {}
    for kind, key in GUESS_KEYS.items():
        paths = ((defaults[kind],) if kind in defaults else ()) + _strings(table.get(key, ()), f"{where} {key}")
        found[kind] = tuple(dict.fromkeys(paths))
    return found


def _table(value, where: str) -> dict:
    if not isinstance(value, dict):
        raise PlatformError(f"{where} must be a table")
    return value


def _known_keys(table: dict, known: Iterable[str], where: str) -> None:
    unknown = sorted(set(table) - set(known))
    if unknown:
        raise PlatformError(f"{where}: unknown key(s) {', '.join(unknown)}; known: {', '.join(known)}")


def _strings(value, where: str) -> tuple[str, ...]:
    """A string or a list of strings, as a tuple."""
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, (list, tuple)) or not all(isinstance(v, str) and v for v in values):
        raise PlatformError(f"{where} must be a string or a list of strings")
    return tuple(values)


def _selectors(table, fields: tuple[str, ...], where: str) -> Mapping[str, tuple[str, ...]]:
    """Field -> selectors, each compiled once here so a typo fails when the file is read."""
    table = _table(table, where)
    _known_keys(table, fields, where)
    checked = {field: _strings(value, f"{where} {field}") for field, value in table.items()}
    for field, selectors in checked.items():
        for selector in selectors:
            try:
                compile_selector(selector)
            except Exception as exc:  # cssselect raises several kinds
                raise PlatformError(f"{where} {field}: bad selector {selector!r}: {exc}") from exc
    return MappingProxyType(checked)


def _regexes(patterns: tuple[str, ...], where: str) -> tuple[re.Pattern, ...]:
    try:
        return tuple(re.compile(p) for p in patterns)
    except re.error as exc:
        raise PlatformError(f"{where}: bad regex: {exc}") from exc


def _css(selectors: tuple[str, ...], where: str) -> tuple[CSSSelector, ...]:
    try:
        return tuple(CSSSelector(s) for s in selectors)
    except Exception as exc:  # cssselect raises several kinds
        raise PlatformError(f"{where}: bad selector: {exc}") from exc


@lru_cache(maxsize=1)
def _catalog() -> tuple[dict[str, Platform], dict[str, tuple[str, ...]]]:
    return load_platforms()


PLATFORMS: tuple[str, ...] = tuple(_catalog()[0])


# ---- asking -----------------------------------------------------------------------------------

def platform(name: str) -> Platform:
    """The platform called ``name``; an unknown name is a PlatformError listing the known ones."""
    try:
        return _catalog()[0][name]
    except KeyError:
        raise PlatformError(f"unknown platform {name!r}; known: {', '.join(PLATFORMS)}") from None


@lru_cache(maxsize=256)
def field_selectors(name: str, field: str) -> tuple[str, ...]:
    """The selectors a page of platform ``name`` tries for ``field``: its platform's, then the
    generic table's. Never another platform's: a CMS's classes mean something else elsewhere."""
    return platform(name).selectors.get(field, ()) + _catalog()[1].get(field, ())


@lru_cache(maxsize=1)
def caption_selector():
    """Every caption markup of the generic table as one selector (matches come in document order),
    matched in one walk when every part is simple (see :func:`markup.fast_selector`)."""
    return fast_selector(", ".join(_catalog()[1]["caption"]))


def guesses(kind: str, first: str | None = None) -> tuple[str, ...]:
    """Paths to probe for a ``kind`` ("feed" or "sitemap"): platform ``first``'s (custom's when
    the platform is unknown), then every other platform's in file order, without repeats."""
    names = [first or CUSTOM, *PLATFORMS]
    return tuple(dict.fromkeys(path for name in names for path in platform(name).guesses[kind]))


def detect_platform(page, links: Iterable[str] | None = None, markup=None) -> str | None:
    """The platform a page (HTML or a parsed document) shows, by the detect hints alone, else None.

    Hints are tried strongest first across all platforms: a generator meta naming the CMS, then
    markup only that CMS prints, then links of its shape (``links``: the URLs to judge, by
    default the page's own links; LINK_QUORUM different ones must match). ``markup``: the page's
    tags and attribute names, when known (see :func:`markup.may_match`).
    """
    doc = parse_html(page) if isinstance(page, (str, bytes)) else page
    generator = " ".join(m.get("content") or "" for m in doc.iter("meta") if (m.get("name") or "").lower() == "generator")
    urls = set(links if links is not None else (a.get("href") or "" for a in doc.iter("a")))
    tiers = (
        lambda hints: any(regex.search(generator) for regex in hints.generator),
        lambda hints: any(css(doc) for css in hints.markup if may_match(css.css, markup)),
        lambda hints: len(_matching(urls, hints.links)) >= LINK_QUORUM,
    )
    for shows in tiers:
        for candidate in _catalog()[0].values():
            if shows(candidate.detect):
                return candidate.name
    return None


def _matching(urls: set[str], regexes: tuple[re.Pattern, ...]) -> set[str]:
    """The URLs any of ``regexes`` finds a match in: each regex filters the page's links in one C
    loop (a Python test per link and platform was two thirds of the detection's time)."""
    return {url for regex in regexes for url in filter(regex.search, urls)}
