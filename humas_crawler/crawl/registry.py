"""The site registry (``spiders/sites.toml``): one entry per news source, read and checked here.

An entry names its platform (a table of ``humas_crawler/platforms.toml``) to start from that
platform's discovery defaults; any problem is one RegistryError line naming the file and the entry.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from urllib.parse import urlsplit

from humas_crawler.extraction.dates import DEFAULT_ZONE, ZONES
from humas_crawler.extraction.platforms import PlatformError, platform as platform_table

# Read through the spiders package, not a file path: in a Scrapyd egg the registry is inside a zip.
REGISTRY_FILE = resources.files("spiders") / "sites.toml"
STRATEGIES = ("listing", "sitemap", "feed", "wp-api")


class RegistryError(ValueError):
    """A registry entry that cannot work: named, with the reason, so the user can fix the file."""


@dataclass(frozen=True)
class SiteEntry:
    name: str
    url: str
    province: str | None = None
    timezone: str = DEFAULT_ZONE
    platform: str | None = None  # None: not known, so each page's detect hints pick its selectors
    discovery: tuple[str, ...] = ("listing",)
    start_paths: tuple[str, ...] = ("/",)
    article_pattern: str | None = None
    article_links: str | None = None
    next_page: tuple[str, ...] = ()
    sitemap: str | None = None
    feed: str | None = None
    selectors: dict = field(default_factory=dict)
    politeness: dict = field(default_factory=dict)
    verified: bool = False
    enabled: bool = True

    @property
    def host(self) -> str:
        return urlsplit(self.url).hostname or ""

    @classmethod
    def from_dict(cls, data: dict) -> "SiteEntry":
        known = {f.name for f in fields(cls)}
        name = data.get("name") or "?"
        unknown = set(data) - known
        if unknown:
            raise RegistryError(f"site {name}: unknown key(s) {', '.join(sorted(unknown))}")
        values = dict(data)
        for key in ("discovery", "start_paths", "next_page"):
            if isinstance(values.get(key), str):
                values[key] = (values[key],)
            if key in values:
                values[key] = tuple(values[key])
        entry = cls(**values)
        entry.check()
        return entry

    def check(self) -> None:
        if not re.fullmatch(r"[a-z][a-z0-9_]*", self.name or ""):
            raise RegistryError(f"site {self.name!r}: a name is lower-case letters, digits and _")
        if urlsplit(self.url).scheme not in ("http", "https") or not self.host:
            raise RegistryError(f"site {self.name}: url {self.url!r} is not an http(s) URL")
        if self.timezone not in ZONES:
            raise RegistryError(f"site {self.name}: timezone must be one of {', '.join(ZONES)}")
        bad = [s for s in self.discovery if s not in STRATEGIES]
        if bad:
            raise RegistryError(f"site {self.name}: unknown discovery {bad}; use {', '.join(STRATEGIES)}")
        if self.article_pattern:
            try:
                re.compile(self.article_pattern)
            except re.error as exc:
                raise RegistryError(f"site {self.name}: bad article_pattern: {exc}") from exc


def load_registry(path: Traversable | str = REGISTRY_FILE) -> dict[str, SiteEntry]:
    """All entries by name, in file order; a broken file raises RegistryError naming the problem."""
    try:
        data = tomllib.loads((Path(path) if isinstance(path, str) else path).read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise RegistryError(f"cannot read site registry {path}: not UTF-8 text ({exc.reason})") from exc
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise RegistryError(f"cannot read site registry {path}: {exc}") from exc
    entries: dict[str, SiteEntry] = {}
    for raw in data.get("site", []):
        entry = entry_in(path, raw)
        if entry.name in entries:
            raise RegistryError(f"{path}: site {entry.name} is listed twice")
        entries[entry.name] = entry
    return entries


def entry_in(path: Path | str, raw: dict) -> SiteEntry:
    """The checked entry of ``raw`` over its platform's defaults; errors name ``path`` too."""
    try:
        return SiteEntry.from_dict(with_platform_defaults(raw))
    except RegistryError as exc:
        raise RegistryError(f"{path}: {exc}") from None


def with_platform_defaults(raw: dict) -> dict:
    """The entry over its platform's discovery defaults (platforms.toml): what the entry says wins.
    An entry without a platform gets none; one naming an unknown platform is refused."""
    name = raw.get("platform")
    if name is None:
        return dict(raw)
    try:
        defaults = platform_table(name).defaults
    except PlatformError as exc:
        raise RegistryError(f"site {raw.get('name') or '?'}: {exc}") from None
    return {**defaults, **raw}


def crawlable(entries: Iterable[SiteEntry], include_unverified: bool = False) -> list[SiteEntry]:
    """The entries a crawl of "all sites" runs, in order: enabled and verified ones (an unverified
    entry's URL or markup was never checked online), plus the unverified when asked."""
    return [entry for entry in entries if entry.enabled and (entry.verified or include_unverified)]


def registry_path() -> Traversable:
    """``HUMAS_REGISTRY`` if set (a private or test registry), else ``spiders/sites.toml``."""
    return Path(os.environ["HUMAS_REGISTRY"]) if os.environ.get("HUMAS_REGISTRY") else REGISTRY_FILE


@lru_cache(maxsize=1)
def default_registry() -> dict[str, SiteEntry]:
    return load_registry(registry_path())


def registry_entry(name: str) -> SiteEntry:
    """The default registry's entry for ``name``; a missing one is a RegistryError."""
    try:
        return default_registry()[name]
    except KeyError:
        raise RegistryError(f"no site named {name!r} in {registry_path()}") from None


def entry_toml(values: dict) -> str:
    """A ``[[site]]`` block for the registry file (strings, booleans, lists of strings, tables)."""
    def literal(value):
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, (list, tuple)):
            return "[" + ", ".join(literal(v) for v in value) + "]"
        text = str(value)
        return f"'{text}'" if "'" not in text and "\\" in text else '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    lines = ["[[site]]"] + [f"{key} = {literal(v)}" for key, v in values.items() if not isinstance(v, dict)]
    for key, table in values.items():
        if isinstance(table, dict) and table:
            lines += [f"[site.{key}]"] + [f"{k} = {literal(v)}" for k, v in table.items()]
    return "\n".join(lines) + "\n"


def append_entry(values: dict, path: Path | str) -> SiteEntry:
    """Check an entry, then add it to the registry file; a clash with an existing name is refused."""
    entry = entry_in(path, values)
    if entry.name in load_registry(path):
        raise RegistryError(f"site {entry.name} is already in {path}")
    with open(path, "a", encoding="utf-8") as handle:
        handle.write("\n" + entry_toml(values))
    default_registry.cache_clear()
    return entry
