"""Deterministic Indonesian government-news prose for the synthetic part of the catalog.

A topic holds sentence banks with {slots}; a scene fills the slots with one region's places,
officials and numbers. Each article draws its own subset of sentences, so unrelated articles
share few word 5-grams (the dedup tests rely on that), while two articles about one scene
still share names and places.

Officials are not drawn: ``data/cast.json`` says who held each office of a region on the
article's day (governor, deputy and sekda per term, agency heads for years), so a name keeps
its office across articles and sites, and a governor changes on an inauguration day.

The banks and region tables are data, read at import: ``data/regions.json`` (places, venues,
office titles and a pool of names per region), ``data/cast.json`` (the officials and their
terms), ``data/topics.json`` (each topic's angles, facts, quotes, captions and tags) and
``data/phrases.json`` (topic-neutral sentences, attribution verbs, comments, agenda items).
This module only draws from them.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from humas_mirror.fmt import DAYS, MONTHS, hari_angka

DATA_DIR = Path(__file__).with_name("data")


def _load(name: str):
    """A data file's content with its lists as tuples: the banks are fixed, and stay hashable."""
    return _tuples(json.loads((DATA_DIR / name).read_text(encoding="utf-8")))


def _tuples(value):
    if isinstance(value, list):
        return tuple(_tuples(item) for item in value)
    if isinstance(value, dict):
        return {key: _tuples(item) for key, item in value.items()}
    return value


# ---- regions -----------------------------------------------------------------------------------

_regions = _load("regions.json")
REGIONS: dict[str, dict] = _regions["regions"]  # per region: its government's names, venues, places, villages
# per region: the names the scenes drew officials from before cast.json (see scene: still drawn)
NAMES: dict[str, tuple[str, ...]] = _regions["names"]

# ---- the cast ----------------------------------------------------------------------------------

CAST: dict[str, dict[str, tuple[dict, ...]]] = _load("cast.json")["regions"]
# Short forms that are no one's usual name: "Muhammad Faisal" is "Faisal" on second mention.
NOT_SHORT_NAMES = ("Hj.", "Muhammad")


def official(region: str, office: str, day: datetime) -> str:
    """Who held ``office`` ("kepala", "sekda", or a topic's agency) in ``region`` on ``day``:
    the last term that began on or before it."""
    terms = [t for t in CAST[region][office] if t["from"] <= day.date().isoformat()]
    if not terms:
        raise ValueError(f"no {office} of {region} on {day:%Y-%m-%d} in cast.json")
    return terms[-1]["name"]


def agency_in(region: str, topic: Topic) -> str:
    """The topic's agency as the region names it: a regency has Bagian where a province has Biro."""
    return topic.agency.replace("Biro ", "Bagian ") if region == "kutim" else topic.agency


def short_name(name: str) -> str:
    """How a release names an official after the first mention: the first word that is a name."""
    words = name.split()
    return next((w for w in words if w not in NOT_SHORT_NAMES), words[0])


# ---- topics ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Topic:
    key: str
    sector: str            # maps to each site's categories (content.CATEGORIES)
    since: int             # first year the topic makes sense (no COVID vaccines in 2014)
    agency: str
    angles: tuple[tuple[str, str, str], ...]   # (lead, headline, alternative headline)
    facts: tuple[str, ...]
    quotes: tuple[str, ...]
    captions: tuple[str, ...]
    tags: tuple[str, ...]


def _topic(spec: dict) -> Topic:
    """A topic of data/topics.json; its angles become (lead, headline, alternative headline)."""
    angles = tuple((angle["lead"], angle["headline"], angle["alternative"]) for angle in spec["angles"])
    return Topic(**{**spec, "angles": angles})


TOPICS = tuple(_topic(spec) for spec in _load("topics.json"))
TOPIC_BY_KEY = {t.key: t for t in TOPICS}

# ---- phrases -----------------------------------------------------------------------------------

_phrases = _load("phrases.json")
# topic-neutral context sentences; each article draws a few, which keeps unrelated articles apart
GENERIC: tuple[str, ...] = _phrases["generic"]
SAYS: tuple[str, ...] = _phrases["says"]
SAYS_SELF: tuple[str, ...] = _phrases["says_self"]
HBKN: tuple[str, ...] = _phrases["hbkn"]  # the holidays prices rise before
COMMENT_NAMES: tuple[str, ...] = _phrases["comment_names"]
COMMENTS: tuple[str, ...] = _phrases["comments"]
AGENDA_ITEMS: tuple[str, ...] = _phrases["agenda_items"]  # a governor's week, for weekly_agenda


# ---- scenes and drafts -------------------------------------------------------------------------


@dataclass
class Draft:
    """An article before site conventions (dateline, reporter code, images) are applied."""

    title: str
    alt_title: str | None          # another headline for the same story (copies, re-posts)
    paragraphs: list[str]
    city: str
    captions: list[str]
    tags: list[str]
    topic: Topic


def scene(rng: random.Random, region: str, topic: Topic, day: datetime) -> dict:
    """Slot values for one event: who, where, when and how many."""
    reg = REGIONS[region]
    agency = agency_in(region, topic)
    # the draw the random cast made before cast.json: kept, so the later draws (times, numbers,
    # places) stay where they were: the demo sites' articles kept their dates and sentences
    rng.sample(NAMES[region], 5)
    venue, city = rng.choice(reg["venues"])
    place = rng.choice(reg["places"])
    values = {
        "daerah": reg["daerah"], "prov": reg["prov"], "pemda": reg["pemda"],
        "dinas": f"{agency} {reg['daerah']}", "lokasi": venue, "kota": city,
        "tempat": f"{rng.choice(reg['villages'])}, {place}" if rng.random() < 0.4 else place,
        "hari": hari_angka(day, year=rng.random() < 0.7), "tahun": day.year, "tahun_depan": day.year + 1,
        "hbkn": rng.choice(HBKN), "desa": rng.choice(reg["villages"]),
        "jam": f"{rng.randrange(8, 11):02d}.{rng.choice(('00', '15', '30'))}", "n1": rng.randrange(25, 400), "n2": rng.randrange(3, 60),
        "n3": rng.randrange(2, 90), "pct": f"{rng.randrange(1, 40)},{rng.randrange(10, 99)}",
    }
    for role, office in (("kepala", "kepala"), ("wakil", "wakil"), ("sekda", "sekda"), ("kadis", topic.agency)):
        title = f"Kepala {values['dinas']}" if role == "kadis" else reg[role]
        name = official(region, office, day)
        values[role] = f"{title} {name}"
        values[f"{role}_n"] = short_name(name)
    return values


def fill(template: str, values: dict) -> str:
    return template.format_map(values)


def attribute(rng: random.Random, text: str, speaker: str, previous: str | None, introduced: set,
              values: dict) -> str:
    """A quoted paragraph with Indonesian attribution: full title first, short name after,
    'ujarnya' only right after the same speaker's quote."""
    if speaker == previous:
        said = rng.choice(SAYS_SELF)
    elif speaker in introduced:
        said = f"{rng.choice(SAYS)} {values[speaker + '_n']}"
    else:
        said = f"{rng.choice(SAYS)} {values[speaker]}"
    introduced.add(speaker)
    return f"“{fill(text, values)},” {said}."


def compose(rng: random.Random, topic: Topic, values: dict, *, half: int | None = None,
            angle: int | tuple[str, str, str] | None = None) -> Draft:
    """One article from a topic and a scene; ``angle`` picks (or gives) the lead and headlines.

    ``half`` (0 or 1) restricts the article to alternate sentences of the banks, so two articles
    about the same scene share names and places but not sentences (the near-miss pairs).
    """
    def bank(items):
        return list(items if half is None else items[half::2])

    if angle is None:
        angle = rng.randrange(len(topic.angles))
    lead, *headlines = topic.angles[angle] if isinstance(angle, int) else angle
    rng.shuffle(headlines)
    facts = [fill(f, values) for f in rng.sample(bank(topic.facts), k=rng.randrange(2, len(bank(topic.facts)) + 1))]
    for extra in rng.sample(bank(GENERIC), k=rng.randrange(2, 5)):
        facts.insert(rng.randrange(1, len(facts) + 1), fill(extra, values))
    speakers = ("kadis", "kepala") if half is None else (("kadis", "sekda"), ("kepala", "wakil"))[half]
    quotes = rng.sample(bank(topic.quotes), k=rng.randrange(1, len(bank(topic.quotes)) + 1))
    # one to three sentences a paragraph, at most eight paragraphs after the lead
    items: list = []
    while facts:
        take = max(rng.choice((1, 1, 2)), -(-len(facts) // (8 - len(quotes) - len(items))))
        items.append(" ".join(facts[:take]))
        facts = facts[take:]
    for text in quotes:
        items.insert(rng.randrange(len(items) + 1), (text, rng.choice(speakers)))
    paras, previous, introduced = [], None, set()
    for item in items:
        if isinstance(item, tuple):
            paras.append(attribute(rng, *item, previous, introduced, values))
            previous = item[1]
        else:
            paras.append(item)
            previous = None
    paras = [fill(lead, values)] + paras
    captions = [fill(c, values) for c in topic.captions + ("Suasana kegiatan di {lokasi}, {hari}.",)]
    rng.shuffle(captions)
    return Draft(title=fill(headlines[0], values), alt_title=fill(headlines[1], values), paragraphs=paras,
                 city=values["kota"], captions=captions, tags=list(topic.tags[: rng.randrange(1, 4)]),
                 topic=topic)


def weekly_agenda(rng: random.Random, region: str, monday: datetime) -> Draft:
    """'Agenda Gubernur Pekan Ini': fixed boilerplate around a different week's items (near-miss)."""
    values = scene(rng, region, TOPIC_BY_KEY["kunker"], monday)
    reg = REGIONS[region]
    friday = monday + timedelta(days=4)
    week = f"{monday.day}-{friday.day} {MONTHS[friday.month - 1]} {friday.year}"
    intro = (f"Biro Administrasi Pimpinan Setda Provinsi {reg['prov']} kembali merilis agenda kegiatan "
             f"{reg['kepala']} untuk sepekan ke depan. Agenda ini disusun agar masyarakat dan media dapat "
             f"mengikuti kegiatan pimpinan daerah secara terbuka.")
    acts = [fill(a, values) for a in rng.sample(AGENDA_ITEMS, 6)]
    days = [f"Pada hari {day}, {reg['kepala']} dijadwalkan {act}." for day, act in zip(DAYS, acts)]
    days[rng.randrange(5)] += f" Setelah itu, {acts[5]}."
    outro = ("Agenda dapat berubah sewaktu-waktu menyesuaikan dinamika kegiatan pimpinan. Informasi "
             "perubahan jadwal akan disampaikan melalui kanal resmi Biro Administrasi Pimpinan.")
    paras = [intro, " ".join(days[:2]), days[2], " ".join(days[3:]), outro]
    return Draft(title=f"Agenda {reg['kepala']} Pekan Ini, {week}", alt_title=None, paragraphs=paras,
                 city="Samarinda", captions=[], tags=["Agenda Gubernur"], topic=TOPIC_BY_KEY["kunker"])
