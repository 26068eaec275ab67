"""The five seed articles (verbatim copies in ./seeds/) turned into catalog entries.

A seed file is the text a scraper got from the real page, noise included. Each spec says where
the body starts and stops and which lines were captions, so the mirror can put that noise back
as HTML while the catalog keeps the clean body the extractor is expected to produce.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from humas_mirror.fmt import MONTHS

SEED_DIR = Path(__file__).with_name("seeds")
FOTO_PREFIX = "/////FOTO : "


@dataclass(frozen=True)
class SeedSpec:
    seed: str
    file: str
    site: str
    path: str
    title: str
    published_at: str
    category: str
    dateline: str
    reporter: str | None = None
    author: str | None = None
    tags: tuple[str, ...] = ()
    skip_head: int = 0                 # lines before the body (section header, repeated title)
    stop: str | None = None            # first line of the trailing noise
    inline: tuple[tuple[str, str], ...] = ()   # (caption line, image url): figures inside the body
    drop: tuple[str, ...] = ()         # widget text inside the body area ("Loading")
    lead: tuple[str, str | None] | None = None  # (image url, caption) of a lead image
    baca_juga_after: int | None = None


SPECS = (
    SeedSpec("000", "000_07229bd32068cbe6.txt", "kaltimprov", "/berita/paser-tuan-rumah-raker-kehumasan-se-kaltim",
             "Paser Tuan Rumah Raker Kehumasan se-Kaltim", "2015-03-21T09:30:00+08:00",
             "Government Public Relation", "SAMARINDA", "(mar/hmsprov)", skip_head=3, stop="Berita Terkait"),
    SeedSpec("001", "001_5d165ce732ba8ae8.txt", "kaltimprov", "/berita/hasil-raker-kehumasan-kaltim-dan-kaltara",
             "Hasil Raker Kehumasan Kaltim dan Kaltara", "2014-06-30T10:00:00+08:00", "Sosial", "SAMARINDA",
             "(her/sul/es/hmsprov)", skip_head=1, stop="/////FOTO",
             lead=("/uploads/berita/raker-kehumasan-nunukan-2014.jpg", None)),
    SeedSpec("002", "002_429675a0f8317971.txt", "diskominfo_kaltim",
             "/berita/diskominfo-kaltim-gelar-forum-bakohumas-se-kaltim-2022",
             "Diskominfo Kaltim Gelar Forum Bakohumas se-Kaltim 2022", "2022-11-01T00:00:00+08:00", "Berita",
             "Samarinda", author="Tim Diskominfo", tags=("Bakohumas", "IKN", "Kehumasan"),
             lead=("/storage/image/qT7vXk2LmP9sRw4ZbN1c.JPG",
                   "Suasana Forum Bakohumas se-Kalimantan Timur 2022 di Hotel Aston Samarinda.")),
    SeedSpec("003", "003_28309a84a59470d6.txt", "diskominfo_kutim",
             "/2023/04/11/108-pranata-humas-se-kaltim-ikuti-raker-di-balikpapan/",
             "108 Pranata Humas se-Kaltim Ikuti Raker di Balikpapan", "2023-04-11T16:20:00+08:00", "Berita",
             "BALIKPAPAN", "(G-S02)", author="Admin Kominfo", tags=("Pranata Humas", "Raker", "Kehumasan"),
             inline=(("Kepala Diskominfo Staper Kutim Ery Mulyadi", "/wp-content/uploads/2023/04/ery-mulyadi.jpg"),
                     ("Kadis Kominfo Kaltim M. Faisal.", "/wp-content/uploads/2023/04/faisal-raker-prahum.jpg")),
             drop=("Loading",)),
    SeedSpec("004", "004_abc9e71bf040a9e6.txt", "porosnusantara",
             "/2018/04/25/raker-kehumasan-ntt-tekankan-sharing-pendapat/",
             "Raker Kehumasan NTT Tekankan Sharing Pendapat", "2018-04-25T14:40:00+08:00", "Daerah",
             "Kupang, Poros Nusantara", "( Laporan : Erni Amperawati )", author="Redaksi",
             tags=("Humas NTT", "Raker Kehumasan"),
             lead=("/wp-content/uploads/2018/04/IMG-20180425-WA0031.jpg",
                   "Suasana Raker Kehumasan se-NTT di Hotel Pelita, Waikabubak."),
             baca_juga_after=1),
    # the release seed 004 was republished from (not a seed file: written for the mirror)
    SeedSpec("004", "004_humas_ntt_original.txt", "humas_ntt",
             "/berita/detail/biro-humas-setda-ntt-gelar-raker-kehumasan-se-ntt-di-waikabubak",
             "Biro Humas Setda NTT Gelar Raker Kehumasan se-NTT di Waikabubak", "2018-04-25T10:15:00+08:00",
             "Berita Biro", "KUPANG", "(hms/ntt)", author="Admin Biro", tags=("Raker Kehumasan", "Biro Humas"),
             lead=("/asset/foto_berita/25raker-humas-waikabubak.jpg",
                   "Karo Humas NTT, Semuel Pakereng membawakan materi pada Raker Kehumasan di Waikabubak. "
                   "Dokumentasi : Biro Administrasi Pimpinan Setda Provinsi NTT")),
)


@dataclass
class SeedParts:
    spec: SeedSpec
    body: list[str]
    images: list[dict]
    image_after: list[int]
    related: list[tuple[str, str]] = field(default_factory=list)  # (ISO time, category) of 001's listing


def lines(file: str) -> list[str]:
    """Non-empty lines, whitespace runs (incl. no-break spaces) collapsed: one paragraph each."""
    text = (SEED_DIR / file).read_text(encoding="utf-8")
    return [" ".join(line.split()) for line in text.splitlines() if line.split()]


def parse_jam(text: str) -> str:
    """'09 Agustus 2018 Jam 19:26:47' -> '2018-08-09T19:26:47+08:00'."""
    day, month, year, _, clock = text.split()
    return f"{year}-{MONTHS.index(month) + 1:02d}-{int(day):02d}T{clock}+08:00"


def split(spec: SeedSpec) -> SeedParts:
    """Separate a seed's body from its captions and trailing noise."""
    body: list[str] = []
    images: list[dict] = []
    after: list[int] = []
    if spec.lead:
        images.append({"url": spec.lead[0], "caption": spec.lead[1]})
        after.append(-1)
    all_lines = lines(spec.file)
    rest = all_lines[spec.skip_head:]
    tail: list[str] = []
    captions = dict(spec.inline)
    for i, line in enumerate(rest):
        if spec.stop and line.startswith(spec.stop):
            tail = rest[i:]
            break
        if line in captions:
            images.append({"url": captions[line], "caption": line})
            after.append(len(body) - 1)
        elif line not in spec.drop:
            body.append(line)
    parts = SeedParts(spec, body, images, after)
    if tail and tail[0].startswith(FOTO_PREFIX):
        images[0]["caption"] = tail[0][len(FOTO_PREFIX):]
        parts.related = [(parse_jam(d), c) for d, c in zip(tail[1::2], tail[2::2])]
    return parts


def all_parts() -> list[SeedParts]:
    return [split(spec) for spec in SPECS]
