"""Speakers as printed → people: honorifics and degrees apart, the role apart from the name, and
every form an article uses for one person ("Kepala Diskominfo Kaltim Muhammad Faisal", "M. Faisal",
"Faisal", "ujarnya") joined into one.

Parsing: a printed speaker is a role and a name, in either order and with or without a comma
between them ("Karo Humas NTT, Semuel Pakereng", "Muhammad Buldansyah, Wakil Presiden Direktur PT
Hutchison 3 Indonesia"). Words of offices and places (``quote_rules.toml`` [names], the gazetteer)
and abbreviations in capitals belong to the role; the name is the capitalised run after them.

Joining within an article: two names are one person when one's words are the other's last words
("Faisal" in "Muhammad Faisal"), an initial stands for a word ("M. Faisal"), or a word is an obvious
misspelling of the other's (edit distance, "Imanudian" for "Imanudin"); a nickname printed next to
a name ("Muhammad Buldansyah (Dani)", "Pria yang akrab disapa Dani ini") is that person's form.
A role after "selaku" is the person's too; roles another role says more fully are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from humas_crawler.extraction import places as _places
from humas_crawler.extraction import quotes as _quotes
from humas_crawler.extraction.places import (district_words, districts_around, find_places, is_place_word,
                                             province_of)
from humas_crawler.extraction.quotes import (WORD_CACHE, Quote, extract_quotes, is_demonstrative, mentions, nicknames,
                                             rules)

# A word this long or longer may differ from another by one edit and still be the same name
# (a typo); from MISSPELLING_TWO_EDITS letters on, by two.
MISSPELLING_MIN_LENGTH = 5
MISSPELLING_TWO_EDITS = 9
# A person's name is at most this many words (a longer run holds an organisation's name).
MAX_NAME_WORDS = 4
_INITIAL = re.compile(r"[A-Z]\.?")
_BRACKETED = re.compile(r"\([A-Z][a-z]+\)[,.]?")


@dataclass(frozen=True)
class Speaker:
    printed: str
    name: str                 # without honorifics and degrees; "" when no one is named
    role: str                 # "" when none is printed
    honorifics: tuple[str, ...] = ()
    degrees: tuple[str, ...] = ()
    capacity: str = ""        # the role printed after "selaku": "Ketua Panitia Pelaksana Raker"


@dataclass
class Person:
    """One person of an article: the fullest name printed, every form seen, every role."""

    name: str
    aliases: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)

    def add(self, speaker: Speaker) -> None:
        if speaker.name and speaker.name not in self.aliases:
            self.aliases.append(speaker.name)
        if fuller(speaker.name, self.name):
            self.name = speaker.name
        for role in (speaker.role, speaker.capacity):
            if role and role not in self.roles:
                self.roles.append(role)

    def merge(self, other: "Person") -> None:
        """Take in ``other``'s forms and roles (the same person under a nickname)."""
        for alias in other.aliases:
            self.add(Speaker(printed=alias, name=alias, role=""))
        self.roles += [r for r in other.roles if r not in self.roles]

    @property
    def specific_roles(self) -> list[str]:
        """The roles printed, less those another of them says more fully: "Karo Humas" beside "Karo
        Humas NTT", "Kabag" and "Pemateri Kabag" (an event capacity) beside "Kabag Dokumentasi dan
        Perpustakaan"."""
        return [r for r in self.roles if not any(o != r and _says_less(r, o) for o in self.roles)]

    @property
    def role(self) -> str:
        """The most specific role printed ("Karo Humas NTT" over "Karo Humas"): the longest."""
        return max(self.specific_roles, key=len, default="")

    @property
    def province(self) -> str | None:
        """The Kemendagri code of the province a role names ("Kepala Diskominfo Kaltim" → 64)."""
        for role in self.roles:
            region = province_of(role)
            if region:
                return region.code
        return None


def _says_less(role: str, other: str) -> bool:
    """Whether ``role``'s words, event capacities ("Pemateri") aside, are all words of the longer
    ``other``."""
    words = {undotted(w) for w in role.split()} - _event_capacities()
    return len(role) < len(other) and words <= {undotted(w) for w in other.split()}


def fuller(a: str, b: str) -> bool:
    """Whether name ``a`` is printed more fully than ``b``: more words, or as many with fewer
    initials ("Muhammad Faisal" over "M. Faisal"; "Imanudin" and its misspelling "Imanudian" tie,
    and the first printed stays)."""
    if a == b:
        return False
    wa, wb = a.split(), b.split()
    if len(wa) != len(wb):
        return len(wa) > len(wb)
    return sum(map(is_initial, wa)) < sum(map(is_initial, wb))


@lru_cache(maxsize=1)
def _name_words() -> tuple[frozenset, frozenset, frozenset, frozenset]:
    """(honorifics, degrees, office words, village words) of quote_rules.toml."""
    names = rules()["names"]
    offices = frozenset(names["office_words"]) | frozenset(rules()["speakers"]["role_heads"])
    return frozenset(names["honorifics"]), frozenset(names["degrees"]), offices, frozenset(names["villages"])


def undotted(word: str) -> str:
    return word.replace(".", "").replace(",", "").casefold()


# The word tests below are cached: a site's speakers are printed with the same few hundred words
# ("Kepala", "Dinas", "Kaltim", its officials' names), and a speaker not seen before is read word
# by word several times over (45 µs a speaker uncached, most of it these tests). WORD_CACHE is
# the extraction.quotes word tests' size.


@lru_cache(maxsize=WORD_CACHE)
def is_honorific(word: str) -> bool:
    return undotted(word) in _name_words()[0]


@lru_cache(maxsize=WORD_CACHE)
def is_degree(word: str) -> bool:
    return undotted(word) in _name_words()[1]


@lru_cache(maxsize=WORD_CACHE)
def is_role_word(word: str) -> bool:
    """A word of an office, an agency, a place or an abbreviation in capitals ("IKP", "NTT")."""
    bare = word.strip("(),")
    if not bare:
        return True
    return (undotted(bare) in _name_words()[2] or is_place_word(bare) or bare.startswith("(")
            or word.startswith("(") or (len(bare) > 1 and bare.isupper() and "." not in bare)
            or bare[0].isdigit() or bare[0].islower())


@lru_cache(maxsize=WORD_CACHE)
def is_name_word(word: str) -> bool:
    bare = word.strip(",")
    return bool(bare) and bare[0].isupper() and not is_role_word(bare) and not is_degree(bare)


def split_name(words: list[str]) -> tuple[tuple[str, ...], list[str], tuple[str, ...]]:
    """(honorifics, name words, degrees) of a run of words."""
    start, end = 0, len(words)
    while start < end and is_honorific(words[start]):
        start += 1
    while end > start and is_degree(words[end - 1]):
        end -= 1
    return tuple(words[:start]), [w.strip(",") for w in words[start:end]], tuple(w.strip(",") for w in words[end:])


@lru_cache(maxsize=4096)
def parse_speaker(printed: str, districts: frozenset[str] = frozenset()) -> Speaker:
    """Role, name, honorifics and degrees of a speaker as printed; ``districts`` (case folded) are
    the district names a camat's title may be followed by (``places.districts_around``)."""
    printed = " ".join(printed.split()).strip(" ,")
    parts = [part.strip() for part in re.split(r",\s+", printed) if part.strip()]
    # degrees printed after a comma ("Elfrida, S.Sos., M.Ikom") belong to the name before them
    while len(parts) > 1 and all(is_degree(w) for w in parts[-1].split()):
        degrees = parts.pop()
        parts[-1] = f"{parts[-1]} {degrees}"
    in_capacity = [part.split()[1:] for part in parts if part.split()[0].casefold() in _capacities()]
    chunks = [_parse_chunk(part.split(), districts) for part in parts
              if part.split()[0].casefold() not in _capacities()]
    named = [c for c in chunks if c[1]]
    name_chunk = named[-1] if named else ((), [], (), [])
    honorifics, name, degrees, _ = name_chunk
    role = " ".join(" ".join(c[3]) for c in chunks if c[3]).strip()
    return Speaker(printed=printed, name=" ".join(name), role=role, honorifics=honorifics, degrees=degrees,
                   capacity=" ".join(in_capacity[0]) if in_capacity else "")


@lru_cache(maxsize=1)
def _capacities() -> frozenset[str]:
    return frozenset(rules()["speakers"]["capacities"])


@lru_cache(maxsize=1)
def _event_capacities() -> frozenset[str]:
    return frozenset(rules()["names"]["event_capacities"])


@lru_cache(maxsize=1)
def _district_titles() -> frozenset[str]:
    return frozenset(rules()["names"]["district_titles"])


def _parse_chunk(words: list[str], districts: frozenset[str]) -> tuple[tuple[str, ...], list[str], tuple[str, ...],
                                                                       list[str]]:
    """(honorifics, name, degrees, role words) of one comma-free part: the role is the words up
    to the last office or place word (or an honorific: "Asisten ... Dr Meiliana"), the name the
    run after it, at most ``MAX_NAME_WORDS`` words. A nickname in brackets after the name
    ("Muhammad Buldansyah (Dani)") is no part of either."""
    words = [w for i, w in enumerate(words) if not (i and _BRACKETED.fullmatch(w) and is_name_word(words[i - 1]))]
    end = len(words)
    while end and is_degree(words[end - 1]):
        end -= 1
    cut = i = 0
    while i < end:
        word = words[i]
        if undotted(word) in _name_words()[3]:
            return (), [], (), words  # "Kepala Desa Tanjung Limau": a village, not a name, ends the part
        if is_role_word(word) and not is_initial(word):
            cut = i + 1
        if undotted(word) in _district_titles():
            i += district_words(words[i + 1:end], districts)  # "Camat Sangkulirang Budi": the district is the role's
            cut = i + 1
        i += 1
    if end - cut > MAX_NAME_WORDS:
        cut = end - MAX_NAME_WORDS
    honorifics, name, degrees = split_name(words[cut:])
    if name and not any(is_name_word(w) for w in name):
        return honorifics, [], degrees, words
    return honorifics, name, degrees, words[:cut]


def is_initial(word: str) -> bool:
    """"M.", "S" — one capital letter standing for a name."""
    return bool(_INITIAL.fullmatch(word.strip(",")))


# ---- one person, many forms ----------------------------------------------------------------------

def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (names are short: the quadratic table costs nothing)."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def same_word(a: str, b: str) -> bool:
    """Equal, an initial of the other ("M" / "Muhammad"), or a misspelling of it."""
    a, b = undotted(a), undotted(b)
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    shorter = min(len(a), len(b))
    allowed = 2 if shorter >= MISSPELLING_TWO_EDITS else 1 if shorter >= MISSPELLING_MIN_LENGTH else 0
    return allowed > 0 and a[0] == b[0] and abs(len(a) - len(b)) <= allowed and edit_distance(a, b) <= allowed


@lru_cache(maxsize=8192)
def same_person(a: str, b: str) -> bool:
    """Whether two names of one article are one person: the shorter's words, in order, are words
    of the longer ending with its last word, or the shorter is a single word of the longer
    ("Samsul" in "Samsul Arif"). Cached: a site's articles compare the same officials' names."""
    wa, wb = a.split(), b.split()
    if not wa or not wb:
        return False
    short, long_ = sorted((wa, wb), key=len)
    if same_word(short[-1], long_[-1]):
        return _in_order(short[:-1], long_[:-1])
    return len(short) == 1 and not is_initial(short[0]) and any(same_word(short[0], w) for w in long_[:-1])


def _in_order(short: list[str], long_: list[str]) -> bool:
    position = 0
    for word in short:
        while position < len(long_) and not same_word(word, long_[position]):
            position += 1
        if position == len(long_):
            return False
        position += 1
    return True


@lru_cache(maxsize=4096)
def normalise_name(name: str) -> str:
    """The comparison key of a name across articles: lower case, no dots or honorifics."""
    words = [w for w in name.split() if not is_honorific(w) and not is_degree(w)]
    return " ".join(undotted(w) for w in words)


def join_people(speakers: list[Speaker]) -> tuple[list[Person], list[int | None]]:
    """The article's people and, per speaker, the index of its person (None for a speaker with no
    name, e.g. "seorang sumber")."""
    people: list[Person] = []
    assigned: list[int | None] = []
    for speaker in speakers:
        if not speaker.name:
            assigned.append(None)
            continue
        index = next((i for i, p in enumerate(people) if any(same_person(speaker.name, n) for n in p.aliases)), None)
        if index is None:
            people.append(Person(name=speaker.name))
            index = len(people) - 1
        people[index].add(speaker)
        assigned.append(index)
    return people, assigned


# ---- who "ujarnya" and "Dia" are -------------------------------------------------------------------

def attribute(quotes: list[Quote], body: str,
              districts: frozenset[str] = frozenset()) -> tuple[list[Person], list[Quote], list[int | None]]:
    """The article's people, its quotes with ``speaker`` set, and each quote's person (an index
    into the people, None for a speaker described but not named: "seorang sumber").

    A quote naming its speaker keeps it; -nya and a description pointing back ("sumber itu") are
    the last speaker; "Dia"/"Ia" the person named last, speaker or not ("… dibawakan Karo Humas,
    Semuel Pakereng. Dia menjelaskan, …"), but a person named alongside ("didampingi …") never
    outranks the speaker before."""
    named = [(at, printed) for at, printed in mentions(body) if parse_speaker(printed, districts).name]
    resolved: dict[int, Quote] = {}
    last_speaker: tuple[int, str] | None = None
    for i, quote in sorted(enumerate(quotes), key=lambda item: item[1].attributed_at):
        printed, at = quote.speaker_as_printed, quote.attributed_at
        if quote.anaphoric:
            mention = next((m for m in reversed(named) if m[0] < at), None)
            if printed == "-nya" or is_demonstrative(printed):
                candidate = last_speaker or mention
            else:
                candidate = max((c for c in (last_speaker, mention) if c), default=None)
            speaker = candidate[1] if candidate else ""
        else:
            speaker = printed
        if speaker:
            last_speaker = (at, speaker)
        resolved[i] = quote if quote.speaker == speaker else quote.with_speaker(speaker)
    ordered = [resolved[i] for i in range(len(quotes))]
    # readers are people of the article too: "Diddy" later is the reader "Diddy Rusdiansyah, Staff Ahli …"
    readers = [parse_speaker(q.reader, districts) for q in ordered if q.reader]
    people, assigned = join_people([parse_speaker(q.speaker, districts) for q in ordered] + readers)
    for _, printed in named:
        for speaker in named_in(printed, districts):
            person = next((p for p in people if any(same_person(speaker.name, n) for n in p.aliases)), None)
            if person:  # "dibuka oleh Kepala Diskominfo Kaltim Muhammad Faisal" is the "M. Faisal" quoted later
                person.add(speaker)
    people, assigned = join_nicknames(people, assigned, nickname_links(ordered, body, people, districts))
    return people, ordered, assigned[:len(ordered)]


def nickname_links(quotes: list[Quote], body: str, people: list[Person],
                   districts: frozenset[str] = frozenset()) -> list[tuple[str, Person]]:
    """(nickname, person) for each nickname printed where it cannot be anyone else's: right after
    the person's name ("Muhammad Buldansyah (Dani)", "… Buldansyah, yang akrab disapa Dani"), or in
    a description pointing back to the last speaker ("Pria yang akrab disapa Dani ini mengatakan")."""
    links = []
    for _, before, nick in nicknames(body):
        last = undotted(before.split()[-1]) if before.split() else ""
        person = next((p for p in people if any(undotted(a.split()[-1]) == last for a in p.aliases)), None)
        if person and last:
            links.append((nick, person))
    for quote in quotes:
        nick = nicknames(quote.speaker_as_printed) if quote.anaphoric and quote.speaker else []
        if nick:
            person = next((p for p in people if any(same_person(parse_speaker(quote.speaker, districts).name, a)
                                                    for a in p.aliases)), None)
            if person:
                links.append((nick[0][2], person))
    return links


def join_nicknames(people: list[Person], assigned: list[int | None],
                   links: list[tuple[str, Person]]) -> tuple[list[Person], list[int | None]]:
    """The people with each nickname made one of its person's forms: a person printed only by
    the nickname ("ucap Dani") is merged into them, and the speakers' indexes follow."""
    for nick, person in links:
        alias = next((p for p in people if p is not person and p.name == nick), None)
        if not alias:
            person.add(Speaker(printed=nick, name=nick, role=""))
            continue
        person.merge(alias)
        gone, target = people.index(alias), people.index(person)
        people = [p for p in people if p is not alias]
        assigned = [None if i is None else (target if i == gone else i) - ((target if i == gone else i) > gone)
                    for i in assigned]
    return people, assigned


@lru_cache(maxsize=4096)
def named_in(printed: str, districts: frozenset[str] = frozenset()) -> tuple[Speaker, ...]:
    """The people of a mention: one, or each of an enumeration ("Karo Humas NTT, Semuel Pakereng,
    Kabag Pelmas dan Hubungan Kelembagaan, Lidia Dunga Poety, …": every name with the roles
    printed right before it). Cached as ``parse_speaker`` is: a site's articles mention the same
    officials."""
    parts = [parse_speaker(part, districts) for part in re.split(r",\s+", printed)]
    if sum(bool(p.name) for p in parts) < 2 or any(p.name and p.role for p in parts) or not parts[-1].name:
        return (parse_speaker(printed, districts),) if parse_speaker(printed, districts).name else ()
    people, roles = [], []
    for part in parts:
        if part.name:
            people.append(parse_speaker(", ".join(roles + [part.printed]), districts))
            roles = []
        else:
            roles.append(part.printed)
    return tuple(people)


@lru_cache(maxsize=4096)
def organisation_of(role: str) -> str:
    """The organisation a role works at, without the job title and under one name (quote_rules.toml
    [organisations]): "Kepala Diskominfo Kaltim", "Kadis Kominfo Kaltim" → "Diskominfo Kaltim";
    "Karo Humas NTT" → "Humas NTT"; "Sekda Kaltim" → "Kaltim" (the province's government); ""
    when the role names none ("Kabag")."""
    titles, qualifiers, _ = _organisation_words()
    words = role.split()
    while words and undotted(words[0]) in titles:
        words = words[1:]
    kept = " ".join(w for w in words if undotted(w) not in qualifiers)
    return _organisation_pattern().sub(lambda m: _organisation_words()[2][m.group(0).casefold()], kept)


@lru_cache(maxsize=1)
def _organisation_words() -> tuple[frozenset, frozenset, dict[str, str]]:
    """(title words, secretariat qualifiers, each alias → the organisation's first name)."""
    table = rules()["organisations"]
    titles = frozenset(rules()["speakers"]["role_heads"]) | frozenset(table["titles"])
    canonical = {alias.casefold(): names[0] for names in table["same"] for alias in names}
    return titles, frozenset(table["qualifiers"]), canonical


@lru_cache(maxsize=1)
def _organisation_pattern() -> re.Pattern:
    aliases = sorted(_organisation_words()[2], key=len, reverse=True)
    return re.compile(rf"(?<![\w-])(?:{'|'.join(re.escape(a) for a in aliases)})(?![\w-])", re.IGNORECASE)


def load(site_province: str | None = None) -> None:
    """Everything ``said_in`` reads once (rules, patterns, the gazetteer and its name indexes, and
    the districts of ``site_province``, which every camat of the site's articles is looked up
    in), loaded now: ``QuotesPipeline`` calls this when the spider opens, so the crawl pays it
    once (some 20-25 ms, 2-5 ms of it a province's districts) before its first article rather than
    inside its articles. Other regions' districts stay lazy: read the first time an article
    naming the region quotes a camat."""
    _quotes.load()
    _places.load()
    _name_words()
    _capacities()
    _event_capacities()
    _district_titles()
    _organisation_pattern()
    province = province_of(site_province or "")
    if province:
        _places.districts_of(province.code)


def said_in(body: str, dateline: str | None = None, site_province: str | None = None) -> dict:
    """Everything issue 13 stores for one article, as plain data for the corpus layer: its quotes
    (with the index of their person), its people (name, comparison key, aliases, roles with their
    organisation and province) and the places it names. ``site_province`` (a province's name, as
    the registry gives it) stands in for a person whose roles name none."""
    fallback = province_of(site_province or "")
    places = find_places(body, dateline)
    # districts only matter after a camat's title; most bodies print none and skip looking them up
    districts = (districts_around(places, fallback) if any(t in _quotes.lowered(body) for t in _district_titles())
                 else frozenset())
    people, quotes, assigned = attribute(extract_quotes(body), body, districts)
    fallback_code = fallback.code if fallback else None
    roles = [p.role for p in people]  # once a person, not once a quote: each compares all its roles
    return {
        "quotes": [{"position": i, "text": q.text, "kind": q.kind, "verb": q.verb,
                    "speaker_as_printed": q.speaker_as_printed, "person": person,
                    "role": roles[person] if person is not None else "", "reader": q.reader,
                    "span_start": q.start, "span_end": q.end}
                   for i, (q, person) in enumerate(zip(quotes, assigned))],
        "people": [{"name": p.name, "key": normalise_name(p.name), "aliases": p.aliases,
                    "province": p.province or fallback_code,
                    "roles": [{"role": r, "organisation": organisation_of(r),
                               "province": region.code if (region := province_of(r)) else fallback_code}
                              for r in p.specific_roles]}
                   for p in people],
        "places": [{"code": m.region.code, "name": m.region.name, "kind": m.region.kind, "mentions": m.mentions,
                    "in_dateline": int(m.in_dateline)} for m in places],
    }
