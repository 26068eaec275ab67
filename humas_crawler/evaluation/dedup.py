"""`humas eval --dedup`: near-duplicate clustering scored on labelled pairs, on clean and noisy bodies.

A data set is one JSON file, or a folder whose JSON files are read together as one corpus::

    {"description": "...",
     "articles": [{"key", "site", "url", "published_at", "title", "body", "noisy_body"?, "note"?}, ...],
     "groups": [[key, key, ...], ...],        # copies of one release: every pair must be clustered together
     "apart": [[key, key, why], ...]}         # pairs that must stay apart (why: "template", "same event", ...)

The articles go through the pipeline's dedup stage: stored in file order in a temporary corpus,
``NearDuplicateIndex.add`` after each. A predicted pair is two labelled articles in one cluster:
precision = predicted pairs inside a group / predicted pairs (any other predicted pair is a false
link, listed or not in ``apart``); recall = predicted pairs inside a group / pairs inside groups.

Each data set is scored twice: on the clean bodies, and on noisy ones — an article's
``noisy_body`` when the data set has it (page noise an extractor left), else the clean body with
noise put back by :func:`add_page_noise`: a related-article line, a messenger banner, a photo
caption and an editor credit, in the forms Indonesian news pages print them.
"""

from __future__ import annotations

import itertools
import json
import random
import tempfile
import zlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from humas_crawler.corpus import open_corpus, store
from humas_crawler.corpus.dedup import NearDuplicateIndex, content_hash

BODIES = ("clean", "noisy")


@dataclass(frozen=True)
class LabelledSet:
    name: str
    articles: list[dict]
    groups: list[list[str]]
    apart: list[tuple[str, str, str]]

    def true_pairs(self) -> set[frozenset[str]]:
        return {frozenset(pair) for group in self.groups for pair in itertools.combinations(group, 2)}


@dataclass
class DedupScore:
    """One data set on one kind of bodies."""

    dataset: str
    bodies: str
    articles: int
    pairs: int  # labelled pairs that must link
    linked: int  # predicted pairs
    precision: float
    recall: float
    false_links: list[tuple[str, str, str]] = field(default_factory=list)  # (key, key, why: the apart label or "unlabelled")
    missed: list[tuple[str, str]] = field(default_factory=list)
    kept_apart: dict[str, tuple[int, int]] = field(default_factory=dict)  # why -> (kept apart, labelled)


def load_set(path: str | Path) -> LabelledSet:
    """A JSON file, or every JSON file of a folder (sorted by name) as one data set."""
    path = Path(path)
    files = sorted(path.glob("*.json")) if path.is_dir() else [path]
    if not files:
        raise ValueError(f"{path}: no labelled pairs (*.json)")
    articles, groups, apart = [], [], []
    for file in files:
        data = json.loads(file.read_text(encoding="utf-8"))
        articles += data["articles"]
        groups += data.get("groups", [])
        apart += [tuple(pair) for pair in data.get("apart", [])]
    keys = {article["key"] for article in articles}
    unknown = {key for key in itertools.chain(*groups, *(pair[:2] for pair in apart)) if key not in keys}
    if unknown or len(keys) != len(articles):
        raise ValueError(f"{path}: unknown or repeated article keys {sorted(unknown) or 'in articles'}")
    return LabelledSet(path.stem if path.is_file() else path.name, articles, groups, apart)


# ---- page noise ------------------------------------------------------------------------------------

RELATED_FORMS = ("Baca Juga: {title}", "BACA JUGA : {title}", "Baca juga {title}", "{title}")
BANNER_FORMS = (
    "Dapatkan update berita pilihan dan breaking news setiap hari dari {outlet}. Mari bergabung di Channel WhatsApp "
    "{outlet}, caranya klik link https://whatsapp.com/channel/{code}, kemudian join.",
    "Ikuti berita terkini dari {outlet} di Google News, klik di sini",
    "Simak berita dan artikel menarik lainnya dari {outlet} di saluran Telegram kami: t.me/{code}",
)
CAPTION_FORMS = ("{scene} (Foto: Humas {outlet})", "FOTO: {scene}", "{scene} /ist")
CREDIT_FORMS = ("Editor: {name}", "Penulis: {name} | Editor: {other}", "(hms/{code})", "Sumber: Humas {outlet}")
EDITORS = ("Ade Marboen", "Yohanes Seo", "Rina Kartika", "Fransiskus Lewar", "Dewi Lestari", "Hendrikus Bata")


def outlet_of(article: dict) -> str:
    return (urlsplit(article.get("url") or "").hostname or article["site"]).removeprefix("www.")


def add_page_noise(article: dict, titles: list[str]) -> str:
    """The clean body with the page noise an extractor may leave: a related-article line after the
    first paragraph, a caption, a banner of the site (the same on all its articles) and a credit."""
    rng = random.Random(zlib.crc32(article["key"].encode("utf-8")))
    site_rng = random.Random(zlib.crc32(article["site"].encode("utf-8")))
    outlet, code = outlet_of(article), article["site"][:4]
    paragraphs = article["body"].split("\n\n")
    scene = " ".join(paragraphs[0].split()[:rng.randrange(8, 16)]).rstrip(",.")
    others = [t for t in titles if t != article["title"]] or [article["title"]]
    related = rng.choice(RELATED_FORMS).format(title=rng.choice(others))
    caption = rng.choice(CAPTION_FORMS).format(scene=scene, outlet=outlet)
    banner = site_rng.choice(BANNER_FORMS).format(outlet=outlet, code=code)
    credit = rng.choice(CREDIT_FORMS).format(name=rng.choice(EDITORS), other=rng.choice(EDITORS), code=code,
                                             outlet=outlet)
    noisy = [caption, paragraphs[0], related, *paragraphs[1:], banner, credit]
    return "\n\n".join(noisy)


def bodies_of(labelled: LabelledSet, kind: str) -> dict[str, str]:
    if kind == "clean":
        return {a["key"]: a["body"] for a in labelled.articles}
    titles = [a["title"] for a in labelled.articles]
    return {a["key"]: a.get("noisy_body") or add_page_noise(a, titles) for a in labelled.articles}


# ---- scoring -------------------------------------------------------------------------------------

def cluster_pairs(labelled: LabelledSet, bodies: dict[str, str], workdir: Path) -> set[frozenset[str]]:
    """The pairs of labelled articles the dedup stage puts in one cluster."""
    db = open_corpus(workdir / "dedup-eval.db")
    for site, url in {a["site"]: a.get("url") or "" for a in labelled.articles}.items():
        parts = urlsplit(url)
        store.upsert_site(db, site, f"{parts.scheme}://{parts.netloc}" if parts.netloc else "", None, None)
    index = NearDuplicateIndex(db)
    key_of = {}
    for article in labelled.articles:
        body = bodies[article["key"]]
        article_id = store.insert_article(db, {
            "url": article.get("url"), "canonical_url": article.get("url") or article["key"], "site": article["site"],
            "title": article.get("title"), "body": body, "published_at": article.get("published_at"),
            "content_hash": content_hash(body),
        })
        key_of[article_id] = article["key"]
        index.add(article_id)
    members: dict[int, list[str]] = {}
    for row in db.query("select cluster_id, article_id from clusters"):
        members.setdefault(row["cluster_id"], []).append(key_of[row["article_id"]])
    db.close()
    return {frozenset(pair) for keys in members.values() for pair in itertools.combinations(keys, 2)}


def score(labelled: LabelledSet, kind: str) -> DedupScore:
    """Precision and recall of the clusters built from one kind of bodies."""
    with tempfile.TemporaryDirectory() as workdir:
        predicted = cluster_pairs(labelled, bodies_of(labelled, kind), Path(workdir))
    true = labelled.true_pairs()
    why = {frozenset(pair[:2]): pair[2] for pair in labelled.apart}
    hits = predicted & true
    labels = Counter(why.values())
    broken = Counter(why[pair] for pair in predicted if pair in why)
    return DedupScore(
        dataset=labelled.name, bodies=kind, articles=len(labelled.articles), pairs=len(true), linked=len(predicted),
        precision=len(hits) / len(predicted) if predicted else 1.0,
        recall=len(hits) / len(true) if true else 1.0,
        false_links=sorted((*sorted(pair), why.get(pair, "unlabelled")) for pair in predicted - true),
        missed=sorted(tuple(sorted(pair)) for pair in true - predicted),
        kept_apart={label: (count - broken[label], count) for label, count in sorted(labels.items())},
    )


def evaluate(paths: Iterable[str | Path]) -> list[DedupScore]:
    """Every data set scored on clean and on noisy bodies: the rows of the `humas eval --dedup` report."""
    return [score(labelled, kind) for labelled in map(load_set, paths) for kind in BODIES]


def render_table(scores: list[DedupScore]):
    """A rich table: one row per data set and kind of bodies, then one line per wrong decision."""
    from rich import box
    from rich.table import Table

    table = Table(title="Near-duplicate clustering on labelled pairs", box=box.SIMPLE_HEAD,
                  caption="pairwise over clusters; apart: labelled pairs kept apart, per kind")
    for column in ("data set", "bodies", "articles", "pairs", "linked", "precision", "recall", "apart"):
        table.add_column(column, justify="left" if column in ("data set", "bodies", "apart") else "right")
    for s in scores:
        apart = ", ".join(f"{why} {kept}/{total}" for why, (kept, total) in s.kept_apart.items())
        table.add_row(s.dataset, s.bodies, str(s.articles), str(s.pairs), str(s.linked), f"{s.precision:.3f}",
                      f"{s.recall:.3f}", apart)
    return table


def failure_lines(scores: list[DedupScore]) -> list[str]:
    """One line per false link and per missed pair, for the report's footer."""
    lines = []
    for s in scores:
        lines += [f"{s.dataset} ({s.bodies}): linked {a} + {b} ({why})" for a, b, why in s.false_links]
        lines += [f"{s.dataset} ({s.bodies}): missed {a} + {b}" for a, b in s.missed]
    return lines
