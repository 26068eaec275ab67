"""The mirror's article catalog: seeds, synthetic releases and labelled dedup material.

The five demo sites (``SITES``) carry the seeds and the dedup pairs; the four ``EXTRA_SITES``
(a WordPress site with its REST API, an OpenSID village site, a sitemap-only and an RSS-only
portal) hold synthetic releases only, built after the demo catalog so they never change it.

Everything is derived from fixed seeds (string-seeded ``random.Random``) and fixed dates, so
the catalog is identical on every run and machine. Each article's ``body`` is what a perfect
extractor returns; how the page wraps it (lead image, captions between paragraphs, "Baca Juga"
links) is kept apart in a :class:`Layout`, so the expected data stays exactly the contract's.
"""

from __future__ import annotations

import copy
import random
import re
import string
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from functools import lru_cache
from typing import NamedTuple

from humas_mirror import seeds, textgen
from humas_mirror.fmt import WITA, hari_angka, iso, slugify, when

SITES = ("kaltimprov", "diskominfo_kaltim", "diskominfo_kutim", "humas_ntt", "porosnusantara")
EXTRA_SITES = ("seputarkaltim", "desa_swargabara", "balikpapan", "humas_kupang")
ALL_SITES = SITES + EXTRA_SITES
WORDPRESS = ("diskominfo_kutim", "porosnusantara", "seputarkaltim")
DATE_ONLY = ("diskominfo_kaltim", "desa_swargabara")  # pages print the day without a time
UNTAGGED = ("kaltimprov", "desa_swargabara", "humas_kupang")  # CMSs without tags
REGULAR_PER_SITE = 26
# the REST API site holds more posts than one page of per_page=100, so API paging is exercised
EXTRA_PER_SITE = {"seputarkaltim": 104, "desa_swargabara": 26, "balikpapan": 26, "humas_kupang": 26}
ID_EPOCH = datetime(2015, 1, 1, tzinfo=WITA)
SYNTHETIC_SPAN = (datetime(2019, 1, 2, tzinfo=WITA), datetime(2024, 12, 20, tzinfo=WITA))

# each site's category for a topic sector
CATEGORIES = {
    "kaltimprov": {
        "agenda": "Agenda Pemerintah", "kesehatan": "Kesehatan", "bencana": "Informasi Bencana",
        "umkm": "Koperasi dan Usaha Kecil dan Menengah", "pimpinan": "Gubernur Kaltim",
        "sosialisasi": "Sosialisasi Masyarakat", "pendidikan": "Pendidikan", "kunker": "Kunjungan Kerja",
        "pertanian": "Pertanian dan Ketahanan Pangan", "perhubungan": "Perhubungan",
        "silaturahmi": "Kegiatan Silaturahmi", "kominfo": "Informasi dan Komunikasi",
        "kesbangpol": "Kesatuan Bangsa dan Politik Dalam Negeri", "sosial": "Sosial", "pariwisata": "Pariwisata",
    },
    "diskominfo_kaltim": {"kesehatan": "Kesehatan", "pendidikan": "Pendidikan", "pariwisata": "Pariwisata"},
    "diskominfo_kutim": {},
    "humas_ntt": {
        "agenda": "Berita Biro", "pimpinan": "Berita Biro", "kominfo": "Berita Biro", "sosialisasi": "Berita Biro",
        "silaturahmi": "Berita Biro", "kunker": "Berita Biro", "umkm": "Ekonomi", "pertanian": "Ekonomi",
        "pariwisata": "Pariwisata",
    },
    "porosnusantara": {
        "umkm": "Ekonomi", "pertanian": "Ekonomi", "agenda": "Ekonomi", "pendidikan": "Pendidikan",
        "kesbangpol": "Politik", "pimpinan": "Nasional", "kesehatan": "Kesehatan",
    },
    "seputarkaltim": {
        "agenda": "Pemerintahan", "pimpinan": "Pemerintahan", "kunker": "Pemerintahan", "kesehatan": "Kesehatan",
        "pendidikan": "Pendidikan", "umkm": "Ekonomi", "pertanian": "Ekonomi", "pariwisata": "Pariwisata",
    },
    "desa_swargabara": {"agenda": "Agenda Desa", "umkm": "Produk Desa", "pertanian": "Produk Desa"},
    "balikpapan": {"kesehatan": "Kesehatan", "pendidikan": "Pendidikan", "umkm": "Ekonomi", "pariwisata": "Pariwisata"},
    "humas_kupang": {"pariwisata": "Pariwisata", "kesehatan": "Kesehatan", "pertanian": "Ekonomi"},
}
DEFAULT_CATEGORY = {"kaltimprov": "Sosial", "diskominfo_kaltim": "Berita", "diskominfo_kutim": "Berita",
                    "humas_ntt": "Berita Daerah", "porosnusantara": "Daerah", "seputarkaltim": "Daerah",
                    "desa_swargabara": "Berita Desa", "balikpapan": "Pemerintahan", "humas_kupang": "Berita Daerah"}
DASH = {"kaltimprov": "–", "diskominfo_kaltim": "—", "diskominfo_kutim": "–", "humas_ntt": "–",
        "porosnusantara": "–", "seputarkaltim": "–", "desa_swargabara": "-", "balikpapan": "–",
        "humas_kupang": "–"}
AUTHORS = {"kaltimprov": (None,), "diskominfo_kaltim": ("Tim Diskominfo", "Humas Diskominfo Kaltim"),
           "diskominfo_kutim": ("Admin Kominfo", "Prahum Kutim"), "humas_ntt": ("Admin Biro",),
           "porosnusantara": ("Redaksi",), "seputarkaltim": ("Redaksi Seputar Kaltim", "Admin Adpim"),
           "desa_swargabara": ("Administrator", "Operator Desa"), "balikpapan": ("Diskominfo Balikpapan",),
           "humas_kupang": ("Humas Setda", "Admin")}
REGIONS = {"diskominfo_kutim": "kutim", "desa_swargabara": "kutim", "humas_ntt": "ntt", "humas_kupang": "ntt"}
DESK = ("jay", "sul", "ri", "mar", "her", "es", "yans", "dw", "sar", "nit", "arf", "ros")
PHOTOGRAPHERS = ("syaiful", "yans", "rudi", "dodi", "jay")
POROS_REPORTERS = ("Yohanes Kolo", "Maria Nona Bota", "Ferdinand Tefa", "Ansel Dua Ratu", "Erni Amperawati")
NTT_CREDIT = "Dokumentasi : Biro Administrasi Pimpinan Setda Provinsi NTT"


@dataclass
class MirrorArticle:
    site: str
    path: str
    title: str
    published_at: str
    body: str
    category: str | None
    tags: list[str]
    author: str | None
    reporter: str | None
    dateline: str | None
    images: list[dict]
    seed: str | None = None
    updated_at: str | None = None  # set when the site edits a published article (MirrorServer.update)


@dataclass(frozen=True)
class Layout:
    """Where the page puts an article's parts; not part of the expected extraction."""

    image_after: tuple[int, ...] = ()      # per image: paragraph index it follows, -1 = lead slot
    baca_juga_after: int | None = None     # paragraph index followed by an inline "Baca Juga" link
    related: tuple[str, ...] = ()          # fixed related-article paths (seed 001's listing)


class Entry(NamedTuple):
    article: MirrorArticle
    layout: Layout


@dataclass
class Catalog:
    entries: dict[str, list[Entry]] = field(default_factory=lambda: {s: [] for s in SITES})
    pairs: list[tuple[tuple[str, str], tuple[str, str], str]] = field(default_factory=list)
    titles: set[str] = field(default_factory=set)
    times: set[str] = field(default_factory=set)

    def add(self, entry: Entry) -> Entry:
        art = entry.article
        if art.title in self.titles or art.published_at in self.times:
            raise ValueError(f"duplicate title or time: {art.title} {art.published_at}")
        self.titles.add(art.title)
        self.times.add(art.published_at)
        self.entries[art.site].append(entry)
        return entry

    def pair(self, a: Entry, b: Entry, relation: str) -> None:
        self.pairs.append(((a.article.site, a.article.path), (b.article.site, b.article.path), relation))


# ---- public API --------------------------------------------------------------------------------

def catalog(sites=SITES) -> dict[str, list[MirrorArticle]]:
    """Site -> its articles, newest first, for ``sites`` (the five demo sites unless told, e.g.
    ``catalog(EXTRA_SITES)``); a fresh deep copy on every call."""
    return {site: [copy.deepcopy(e.article) for e in site_entries(site)] for site in sites}


def site_entries(site: str) -> list[Entry]:
    """The built entries of one site, demo or extra."""
    return (built() if site in SITES else built_extra()).entries[site]


def labelled_pairs() -> list[tuple[tuple[str, str], tuple[str, str], str]]:
    """((site, path), (site, path), relation) with relation in syndicated / near_miss / exact."""
    return list(built().pairs)


# ---- site conventions --------------------------------------------------------------------------

def region_of(site: str, rng: random.Random) -> str:
    if site == "porosnusantara":
        return "ntt" if rng.random() < 0.8 else "kaltim"
    return REGIONS.get(site, "kaltim")


def dateline_of(site: str, city: str) -> str:
    """The dateline as each site prints it: 'SAMARINDA', 'Samarinda', 'Kupang, Poros Nusantara'."""
    if site == "porosnusantara":
        return f"{city}, Poros Nusantara"
    return city if site == "diskominfo_kaltim" else city.upper()


def reporter_of(site: str, rng: random.Random) -> str | None:
    """A desk or reporter credit in the site's style (some releases carry none)."""
    roll = rng.random()
    if site == "kaltimprov":
        return f"({'/'.join(rng.sample(DESK, rng.randrange(1, 4)))}/{rng.choice(('hmsprov', 'humasprov'))})"
    if site == "diskominfo_kaltim":
        return None if roll < 0.5 else f"({rng.choice(('pt', 'rw', 'ty', 'dey', 'ags'))}/diskominfo)"
    if site == "diskominfo_kutim":
        if roll < 0.15:
            return None
        return f"(G-S0{rng.randrange(1, 6)})" if roll < 0.8 else f"(G-ADV{rng.randrange(1, 4)}/S02)"
    if site == "humas_ntt":
        return "(hms/ntt)" if roll < 0.7 else f"(hms/ntt/{rng.choice(('ns', 'yl', 'fm', 'mt'))})"
    if site == "porosnusantara":
        return None if roll < 0.1 else f"( Laporan : {rng.choice(POROS_REPORTERS)} )"
    if site == "desa_swargabara":  # village operators sign nothing
        return None
    desk = {"seputarkaltim": "adpim", "balikpapan": "diskominfo", "humas_kupang": "hms"}[site]
    return None if roll < 0.3 else f"({rng.choice(DESK)}/{desk})"


def path_of(site: str, slug: str, published: datetime, category: str) -> str:
    if site in WORDPRESS:
        return f"/{published:%Y/%m/%d}/{slug}/"
    if site == "humas_ntt":
        return f"/berita/detail/{slug}"
    if site == "diskominfo_kaltim":
        return f"/{slugify(category)}/{slug}"
    if site == "desa_swargabara":  # OpenSID: month and day not zero-padded, under index.php
        return f"/index.php/artikel/{published.year}/{published.month}/{published.day}/{slug}"
    if site == "balikpapan":
        return f"/berita/read/{numeric_id(published)}"
    if site == "humas_kupang":
        return f"/baca-berita-{numeric_id(published)}-{slug}.html"
    return f"/berita/{slug}"


def numeric_id(published: datetime) -> int:
    """A database id that grows with time, for CMSs whose URLs carry one (hours since 2015:
    articles on one site are never published within the same hour)."""
    return int((published - ID_EPOCH).total_seconds() // 3600)


def images_of(site: str, rng: random.Random, published: datetime, slug: str, captions: list[str],
              n_paragraphs: int) -> tuple[list[dict], tuple[int, ...]]:
    """Images in page order and where each sits; URL and caption styles follow the platform."""
    if not captions:  # columns without photos
        return [], ()
    words = "-".join(slug.split("-")[:4])
    if site in ("diskominfo_kutim", "seputarkaltim"):
        count = rng.choice((0, 1, 1, 2, 3))
        after = tuple(sorted(rng.sample(range(n_paragraphs - 1), min(count, n_paragraphs - 1))))
        return ([{"url": f"/wp-content/uploads/{published:%Y/%m}/{words}-{i + 1}.jpg", "caption": captions[i]}
                 for i in range(len(after))], after)
    if site == "porosnusantara":
        count = rng.choice((0, 1, 1, 2))
        urls = [f"/wp-content/uploads/{published:%Y/%m}/IMG-{published:%Y%m%d}-WA{rng.randrange(10000):04d}.jpg"
                for _ in range(count)]
        lead_caption = captions[0] if rng.random() < 0.6 else None
        images = [{"url": u, "caption": lead_caption if i == 0 else captions[i]} for i, u in enumerate(urls)]
        return images, tuple([-1] + [rng.randrange(1, n_paragraphs - 1)] * (count - 1))[:count]
    if rng.random() < 0.25:
        return [], ()
    if site == "kaltimprov":
        url = f"/uploads/berita/{published:%Y%m%d}-{words}.jpg"
        caption = f"{captions[0]}({rng.choice(PHOTOGRAPHERS)}/humasprov)" if rng.random() < 0.8 else None
    elif site == "diskominfo_kaltim":
        url = "/storage/image/" + "".join(rng.choices(string.ascii_letters + string.digits, k=20)) + ".JPG"
        caption = captions[0] if rng.random() < 0.7 else None
    elif site == "humas_ntt":
        url = f"/asset/foto_berita/{rng.randrange(10, 99)}{words}.jpg"
        caption = f"{captions[0]} {NTT_CREDIT}"
    elif site == "desa_swargabara":  # OpenSID keeps no caption for the article photo
        url, caption = f"/desa/upload/artikel/sedang_{int(published.timestamp())}_{words}.jpg", None
    elif site == "balikpapan":
        url, caption = f"/storage/berita/{published:%Y/%m}/{words}.jpg", captions[0]
    else:  # Lokomedia
        url, caption = f"/foto_berita/{rng.randrange(10, 99)}{words}.jpg", None
    return [{"url": url, "caption": caption}], (-1,)


def baca_juga_of(site: str, slug: str, n_paragraphs: int) -> int | None:
    """Inline 'Baca Juga' links: about 1/3 of kutim posts, 1/2 of poros posts (after paragraph 2).

    Drawn from the slug, not the article's stream, so the share can change without changing text.
    """
    rng = random.Random(f"baca:{slug}")
    share = {"diskominfo_kutim": 1 / 3, "porosnusantara": 1 / 2, "seputarkaltim": 1 / 4}.get(site, 0)
    if n_paragraphs < 3 or rng.random() >= share:
        return None
    return 1 if site == "porosnusantara" else rng.randrange(1, n_paragraphs - 1)


def make_entry(site: str, draft: textgen.Draft, published: datetime, rng: random.Random, *,
               category: str | None = None, reporter: str | None | bool = True) -> Entry:
    """Apply a site's conventions to a draft: dateline, desk code, category, images, URL."""
    dateline = dateline_of(site, draft.city)
    paragraphs = [f"{dateline} {DASH[site]} {draft.paragraphs[0]}"] + draft.paragraphs[1:]
    if reporter is True:
        reporter = reporter_of(site, rng)
    if reporter and site == "porosnusantara":
        paragraphs.append(reporter)
    elif reporter:
        paragraphs[-1] = f"{paragraphs[-1]} {reporter}"
    category = category or CATEGORIES[site].get(draft.topic.sector, DEFAULT_CATEGORY[site])
    slug = slugify(draft.title)
    images, after = images_of(site, rng, published, slug, draft.captions, len(paragraphs))
    article = MirrorArticle(
        site=site, path=path_of(site, slug, published, category), title=draft.title, published_at=iso(published),
        body="\n\n".join(paragraphs), category=category, tags=[] if site in UNTAGGED else list(draft.tags),
        author=rng.choice(AUTHORS[site]), reporter=reporter or None, dateline=dateline, images=images)
    return Entry(article, Layout(image_after=after, baca_juga_after=baca_juga_of(site, slug, len(paragraphs))))


def stamp(site: str, rng: random.Random, day: datetime) -> datetime:
    """A time of day in the precision the site shows (date only, minutes, or seconds)."""
    if site in DATE_ONLY:
        return day.replace(hour=0, minute=0, second=0)
    second = 0 if site in ("humas_ntt", "humas_kupang") else rng.randrange(60)
    return day.replace(hour=rng.randrange(7, 22), minute=rng.randrange(60), second=second)


def fresh_draft(rng: random.Random, site: str, topic: textgen.Topic, day: datetime, taken: set[str],
                **kwargs) -> textgen.Draft:
    """A draft whose title is not taken yet (re-rolls the scene on a clash)."""
    for _ in range(50):
        draft = textgen.compose(rng, topic, textgen.scene(rng, region_of(site, rng), topic, day), **kwargs)
        if draft.title not in taken and draft.alt_title not in taken:
            return draft
    raise RuntimeError(f"no fresh title for {topic.key}")


def pick_topic(rng: random.Random, year: int, sector: str | None = None) -> textgen.Topic:
    return rng.choice([t for t in textgen.TOPICS if t.since <= year and sector in (None, t.sector)])


def synthesize(site: str, rng: random.Random, published: datetime, taken: set[str], **kwargs) -> Entry:
    """One synthetic release for ``site``; also what MirrorServer.publish() adds."""
    topic = pick_topic(rng, published.year, kwargs.pop("sector", None))
    return make_entry(site, fresh_draft(rng, site, topic, published, taken), published, rng, **kwargs)


# ---- assembly ----------------------------------------------------------------------------------

def free_time(cat: Catalog, site: str, rng: random.Random, lo: datetime, hi: datetime) -> datetime:
    """A time in [lo, hi) not used yet, the same time one and two days later free too (copies of
    an article land a day later, at midnight on the date-only site)."""
    days = (hi - lo).days
    while True:
        moment = stamp(site, rng, lo + timedelta(days=rng.randrange(days)))
        if iso(moment) not in cat.times and all(iso(moment + timedelta(days=k)) not in cat.times for k in (1, 2)):
            return moment


def add_seeds(cat: Catalog) -> None:
    """Seeds 000-004, kaltimprov's 21 articles listed under seed 001, and seed 004's original."""
    for parts in seeds.all_parts():
        spec = parts.spec
        related = tuple(add_listed(cat, iso_time, category) for iso_time, category in parts.related)
        article = MirrorArticle(
            site=spec.site, path=spec.path, title=spec.title, published_at=spec.published_at,
            body="\n\n".join(parts.body), category=spec.category, tags=list(spec.tags), author=spec.author,
            reporter=spec.reporter, dateline=spec.dateline, images=parts.images,
            seed=None if spec.file.startswith("004_humas") else spec.seed)
        cat.add(Entry(article, Layout(tuple(parts.image_after), spec.baca_juga_after, related)))
    original, republished = (next(e for e in cat.entries[s.site] if e.article.path == s.path)
                             for s in (seeds.SPECS[-1], seeds.SPECS[-2]))
    cat.pair(original, republished, "syndicated")


def add_listed(cat: Catalog, iso_time: str, category: str) -> str:
    """A kaltimprov article with a date and category fixed by seed 001's related listing."""
    rng = random.Random(f"listed:{iso_time}")
    sector = next(s for s, c in CATEGORIES["kaltimprov"].items() if c == category)
    published = when(iso_time)
    entry = synthesize("kaltimprov", rng, published, cat.titles, sector=sector, category=category)
    return cat.add(entry).article.path


def first_sentence(paragraph: str) -> str:
    return re.split(r"(?<=\.)\s+(?=[A-Z])", paragraph, maxsplit=1)[0]


def add_syndicated(cat: Catalog, rng: random.Random, src: str, dst: str, delay: timedelta) -> None:
    """A release and its republished copy: new headline, shorter lead, own dateline and credit."""
    published = free_time(cat, src, rng, *SYNTHETIC_SPAN)
    topic = pick_topic(rng, published.year)
    draft = fresh_draft(rng, src, topic, published, cat.titles)
    original = cat.add(make_entry(src, draft, published, rng))
    copied = replace(draft, title=draft.alt_title,
                     paragraphs=[first_sentence(draft.paragraphs[0])] + draft.paragraphs[1:])
    cat.pair(original, cat.add(make_entry(dst, copied, stamp(dst, rng, published + delay), rng)), "syndicated")


# the second report on a near-miss event, per topic: (lead, headline, alternative headline)
FOLLOW_UPS = {
    "kunker": ("Keluhan warga {tempat} soal jalan poros yang rusak, listrik yang sering padam dan air bersih "
               "mendapat perhatian {kepala}. Hal itu terungkap dalam dialog di kantor camat setempat, {hari}.",
               "Jalan Rusak dan Listrik Padam Jadi Keluhan Utama Warga {tempat}",
               "Warga {tempat} Curhat Soal Jalan dan Listrik kepada {kepala}"),
    "wisata": ("Hari kedua Festival Budaya {tempat}, {hari}, diisi lomba tenun ikat dan pentas musik sasando. "
               "Panitia mencatat jumlah pengunjung terus bertambah sejak pembukaan.",
               "Lomba Tenun Ikat Warnai Hari Kedua Festival Budaya {tempat}",
               "Pengunjung Festival Budaya {tempat} Terus Bertambah"),
}


def add_same_event(cat: Catalog, rng: random.Random, site_a: str, site_b: str, topic_key: str) -> None:
    """Two different reports on one event: same people, place and day, no shared sentences."""
    topic = textgen.TOPIC_BY_KEY[topic_key]
    published = free_time(cat, site_a, rng, *SYNTHETIC_SPAN)
    values = textgen.scene(rng, region_of(site_a, rng), topic, published)
    first = textgen.compose(rng, topic, values, half=0, angle=0)
    later = stamp(site_b, rng, published + timedelta(days=1))
    second = textgen.compose(rng, topic, {**values, "hari": hari_angka(later)}, half=1, angle=FOLLOW_UPS[topic_key])
    a = cat.add(make_entry(site_a, first, published, rng))
    b = cat.add(make_entry(site_b, second, later, rng))
    cat.pair(a, b, "near_miss")


def add_weekly(cat: Catalog, rng: random.Random) -> None:
    """Two issues of kaltimprov's weekly agenda column: shared boilerplate, different weeks."""
    issues = []
    for monday in (datetime(2023, 5, 8, tzinfo=WITA), datetime(2023, 5, 15, tzinfo=WITA)):
        draft = textgen.weekly_agenda(rng, "kaltim", monday)
        issues.append(cat.add(make_entry("kaltimprov", draft, stamp("kaltimprov", rng, monday), rng,
                                         category="Agenda Pemerintah")))
    cat.pair(issues[0], issues[1], "near_miss")


def add_exact(cat: Catalog, rng: random.Random, site: str, sector: str | None, fix_typo: bool) -> None:
    """The same text posted twice under two URLs (a re-post after fixing the headline)."""
    published = free_time(cat, site, rng, *SYNTHETIC_SPAN)
    draft = fresh_draft(rng, site, pick_topic(rng, published.year, sector), published, cat.titles)
    if fix_typo:
        title, retitle = typo(draft.title), draft.title
    else:
        title, retitle = draft.title, draft.alt_title
    first = cat.add(make_entry(site, replace(draft, title=title), published, rng))
    if site == "diskominfo_kaltim":  # date-only site: the re-post is a day later
        later = stamp(site, rng, published + timedelta(days=1))
    else:
        later = published + timedelta(minutes=43)
    art = first.article
    category = DEFAULT_CATEGORY[site] if site == "diskominfo_kaltim" else art.category
    path = path_of(site, slugify(retitle), later, category)
    copy_ = Entry(replace(art, title=retitle, path=path, published_at=iso(later), category=category,
                          images=copy.deepcopy(art.images), tags=list(art.tags)), first.layout)
    cat.pair(first, cat.add(copy_), "exact")


def typo(title: str) -> str:
    """Swap two inner letters of the longest word: the headline slip a re-post fixes."""
    word = max(title.split(), key=len)
    i = len(word) // 2
    return title.replace(word, word[:i - 1] + word[i] + word[i - 1] + word[i + 1:], 1)


@lru_cache(maxsize=1)
def built() -> Catalog:
    """The whole catalog, built once per process."""
    cat = Catalog()
    add_seeds(cat)
    rng = random.Random("humas-mirror-dedup")
    add_syndicated(cat, rng, "humas_ntt", "porosnusantara", timedelta(hours=5))
    add_syndicated(cat, rng, "kaltimprov", "porosnusantara", timedelta(days=1, hours=2))
    add_syndicated(cat, rng, "kaltimprov", "diskominfo_kaltim", timedelta(days=1))
    add_same_event(cat, rng, "diskominfo_kutim", "diskominfo_kaltim", "kunker")
    add_same_event(cat, rng, "humas_ntt", "humas_ntt", "wisata")
    add_weekly(cat, rng)
    add_exact(cat, rng, "diskominfo_kutim", None, fix_typo=True)
    add_exact(cat, rng, "diskominfo_kaltim", "kesehatan", fix_typo=False)
    for site in SITES:
        add_regular(cat, site, REGULAR_PER_SITE)
    return sorted_catalog(cat)


@lru_cache(maxsize=1)
def built_extra() -> Catalog:
    """The extra sites' articles: titles and times kept apart from the demo catalog's."""
    main = built()
    cat = Catalog(entries={site: [] for site in EXTRA_SITES}, titles=set(main.titles), times=set(main.times))
    for site in EXTRA_SITES:
        add_regular(cat, site, EXTRA_PER_SITE[site])
    return sorted_catalog(cat)


def add_regular(cat: Catalog, site: str, count: int) -> None:
    """``count`` synthetic releases from the site's own random stream."""
    rng = random.Random(f"humas-mirror-{site}")
    for _ in range(count):
        cat.add(synthesize(site, rng, free_time(cat, site, rng, *SYNTHETIC_SPAN), cat.titles))


def sorted_catalog(cat: Catalog) -> Catalog:
    for entries in cat.entries.values():
        entries.sort(key=lambda e: when(e.article.published_at), reverse=True)
    return cat
