"""Labelled pages and the data-set formats they are read from, each given by its folder's path.

A folder's format is told by what it contains (:func:`dataset_format`):
- ``indonesian-news``: ``ground_truth.json`` (url, title, date in ms, content per page path) and
  ``html/``; the documented corrections packaged here are applied unless turned off;
- ``trafilatura-eval``: ``evaldata.json`` (per URL: file, ``with`` and ``without`` snippets) and
  ``html/<file>.gz`` (an uncompressed ``html/<file>`` is read too, so a hand-made set stays
  readable);
- ``layouts``: ``<name>.html`` pages, each with its expected fields in ``<name>.json`` (a ``site``
  key names the registry site whose selectors and zone ours gets, as its spider would give them).
Pages built elsewhere (the offline mirror's, in the tests) are plain :class:`LabelledPage` lists.
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from importlib import resources
from pathlib import Path

from humas_crawler.evaluation.metrics import WIB, paragraphs, parse_instant

CORRECTIONS_FILE = "indonesian-news.corrections.json"
_META_CHARSET_RE = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)


class DataSetError(Exception):
    """A data set that cannot be read: a one-line reason for the user."""


@dataclass(frozen=True)
class Snippets:
    """trafilatura's annotations: text the main content must contain, and text it must not."""

    wanted: tuple[str, ...]
    unwanted: tuple[str, ...]


@dataclass(frozen=True)
class LabelledPage:
    """One page with what a correct extraction must produce: fields, or snippets (then no body)."""

    dataset: str
    name: str
    url: str | None
    html: str
    title: str | None = None
    published_at: datetime | None = None
    body: str = ""
    fields: dict = field(default_factory=dict)  # other expected fields (layouts only)
    site: str | None = None  # registry name: ours gets that site's selectors and zone, as its spider would
    snippets: Snippets | None = None


# ---------------------------------------------------------------- pages as text


def decode_page(data: bytes) -> str:
    """Bytes of a page as text: the charset its meta tag declares, else UTF-8, else cp1252 (old
    PHP sites often serve Windows-1252 text without saying so)."""
    declared = _META_CHARSET_RE.search(data)
    for encoding in (declared and declared.group(1).decode("ascii"), "utf-8"):
        if encoding:
            try:
                return data.decode(encoding)
            except (UnicodeDecodeError, LookupError):
                continue
    return data.decode("cp1252", errors="replace")


def read_page(path: Path) -> str:
    """A saved page as text, gunzipped first when its name ends in .gz."""
    data = path.read_bytes()
    return decode_page(gzip.decompress(data) if path.suffix == ".gz" else data)


# ---------------------------------------------------------------- formats


def dataset_format(folder: Path) -> str:
    """The format of a data-set folder, by the files it holds; a DataSetError if none fits."""
    if not folder.exists():
        raise DataSetError(f"no such data set: {folder}")
    if not folder.is_dir():
        raise DataSetError(f"not a data-set folder: {folder}")
    if (folder / "html").is_dir():
        for index, kind in (("ground_truth.json", "indonesian-news"), ("evaldata.json", "trafilatura-eval")):
            if (folder / index).is_file():
                return kind
    if layout_specs(folder):
        return "layouts"
    raise DataSetError(
        f"{folder}: not a known data-set format (ground_truth.json + html/, evaldata.json + html/, "
        "or <name>.html + <name>.json pairs)"
    )


def load_dataset(path: str | Path, corrections: bool = True) -> list[LabelledPage]:
    """The labelled pages of a data-set folder in whichever format it is; ``corrections`` applies
    the packaged ground-truth corrections to the indonesian-news format."""
    folder = Path(path)
    kind = dataset_format(folder)
    if kind == "indonesian-news":
        return indonesian_news_pages(folder, packaged_corrections() if corrections else {})
    if kind == "trafilatura-eval":
        return trafilatura_eval_pages(folder)
    return layout_pages(folder)


def load_variants(path: str | Path, corrections: bool = True) -> list[list[LabelledPage]]:
    """The pages of a data-set folder as :func:`load_dataset` reads them, one list per way to
    score them: the indonesian-news set with its corrections comes also as published (the data
    set "<name> (raw labels)"), so one run shows what the corrections change."""
    pages = load_dataset(path, corrections)
    if not corrections or dataset_format(Path(path)) != "indonesian-news":
        return [pages]
    raw = [replace(page, dataset=f"{page.dataset} (raw labels)") for page in load_dataset(path, corrections=False)]
    return [pages, raw]


def dataset_name(folder: Path) -> str:
    """What reports call a data set: its folder's name."""
    return folder.resolve().name


# ---------------------------------------------------------------- loaders


def layout_pages(folder: Path) -> list[LabelledPage]:
    """Hand-written layouts: ``<name>.html`` with its expected fields in ``<name>.json``."""
    pages = []
    for spec_path in layout_specs(folder):
        spec = json.loads(spec_path.read_text("utf-8"))
        scored = {key: spec.pop(key) for key in ("url", "title", "published_at", "body")}
        site = spec.pop("site", None)  # a registry name: ours reads the page with that site's selectors
        pages.append(
            LabelledPage(
                dataset_name(folder), spec_path.stem, scored["url"], read_page(spec_path.with_suffix(".html")),
                scored["title"], parse_instant(scored["published_at"]), scored["body"], fields=spec, site=site,
            )
        )
    return pages


def layout_specs(folder: Path) -> list[Path]:
    """The ``<name>.json`` files that have their ``<name>.html`` page beside them."""
    return [spec for spec in sorted(folder.glob("*.json")) if spec.with_suffix(".html").is_file()]


def indonesian_news_pages(folder: Path, corrections: dict[str, dict]) -> list[LabelledPage]:
    """The article pages of ``ground_truth.json`` after ``corrections`` (page path -> edits)."""
    truth = json.loads((folder / "ground_truth.json").read_text("utf-8"))
    unknown = set(corrections) - set(truth)
    if unknown:
        raise DataSetError(f"{folder}: corrections for pages not in its ground truth ({', '.join(sorted(unknown))}); "
                           "use --no-corrections for a data set other than indonesian-news")
    pages = []
    for path, entry in sorted(truth.items()):
        entry = apply_corrections(entry, corrections.get(path, {}).get("edits", []))
        pages.append(
            LabelledPage(
                dataset_name(folder), path.removeprefix("html/"), entry["url"], read_page(folder / path),
                entry["title"], datetime.fromtimestamp(int(entry["date"]) / 1000, WIB),
                paragraphs(entry["content"]),
            )
        )
    return pages


def trafilatura_eval_pages(folder: Path) -> list[LabelledPage]:
    """trafilatura's evaluation pages with their snippets; they carry no expected body."""
    entries = json.loads((folder / "evaldata.json").read_text("utf-8"))
    return [
        LabelledPage(
            dataset_name(folder), entry["file"], url, read_page(_saved_page(folder / "html", entry["file"])),
            snippets=Snippets(tuple(entry["with"]), tuple(entry["without"])),
        )
        for url, entry in entries.items()
    ]


def _saved_page(folder: Path, file: str) -> Path:
    """``<file>.gz`` as the upstream set stores it, else ``<file>`` itself."""
    packed = folder / f"{file}.gz"
    return packed if packed.is_file() else folder / file



# ---------------------------------------------------------------- ground-truth corrections


def packaged_corrections() -> dict[str, dict]:
    """The documented corrections of the indonesian-news ground truth, per page path."""
    text = resources.files(__package__).joinpath("data", CORRECTIONS_FILE).read_text("utf-8")
    return json.loads(text)["pages"]


def apply_corrections(entry: dict, edits: list[dict]) -> dict:
    """Apply ground-truth edits (``old`` -> ``new`` in ``field``, or a whole new ``value``).

    An ``old`` text that is not found exactly once is an error, so a correction cannot go stale
    silently when the data changes.
    """
    entry = dict(entry)
    for edit in edits:
        name = edit["field"]
        if "value" in edit:
            entry[name] = edit["value"]
            continue
        if entry[name].count(edit["old"]) != 1:
            raise DataSetError(f"correction of {name!r} does not apply: {edit['old'][:60]!r}")
        entry[name] = entry[name].replace(edit["old"], edit["new"])
    return entry
