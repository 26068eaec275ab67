"""Who said what in an article body: direct quotes and reported speech, with their speakers.

Pure functions on the clean body text (no page, no corpus). The words that make a quotation are
data, in ``quote_rules.toml``; this module only knows the shapes Indonesian releases print them in:

- direct: a span in “…”, "…" or the reversed ”…“ (seed 004) closed by an attribution verb and
  speaker ("“…,” kata Faisal.", "“…,” ujarnya.") or opened by one ("Faisal mengatakan, “…”").
  Quotation marks with no attribution are titles or terms ("tema “…”") and not quotes;
- indirect: a sentence whose subject speaks ("Faisal mengatakan, …", "Dia menjelaskan …"),
  "Menurut X, …", or a sentence with an attribution inside (", sambung Ery, …", "… ujarnya, juga …");
- a speech read on someone's behalf ("X dalam sambutan yang dibacakan oleh Y menyampaikan, …") is
  X's, with Y as its reader.
- a release quoted by its issuer ("Dalam siaran pers Biro Humas Setda NTT …, menyebutkan, …") is
  the issuer's (an organisation: a speaker with no person);
- speech referred back to ("Hal ini diungkapkan oleh X, …", "Demikian disampaikan X") makes the
  sentences before it in its paragraph, or the paragraph before when it opens one, X's words
  (unless they already hold a quotation).

Spans: a direct quote is the text between its marks (its closing comma dropped); a reported one is
what follows the verb ("…, mengatakan, <span>.") up to the end of the sentence; with the
attribution inside it, the whole sentence.

Speakers: "ujarnya" and other -nya forms are the last named speaker; "Dia"/"Ia" the person named
last, speaker or not ("Karo Humas, Semuel Pakereng. Dia menjelaskan, …"); a description ending in
"itu"/"ini" ("kata politisi Partai Hanura itu") the last speaker.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

# read through the package: in a Scrapyd egg the file is inside a zip
RULES_FILE = resources.files(__package__) / "quote_rules.toml"
QUOTE_MARKS = "“”\""
_MARK = re.compile(f"[{QUOTE_MARKS}]")
# A subject longer than this many words is a clause, not a speaker.
MAX_SUBJECT_WORDS = 18
# A description names its speaker when a capitalised run follows at most this many words
# ("ketua majelis hakim Baslin Sinaga").
DESCRIPTION_HEAD_WORDS = 3
# A sentence may open with a speaker described in this many words ("Pelaku usaha penginapan").
MAX_DESCRIBED_WORDS = 3
# Reported speech of at most this many words right before a direct quote only introduces it.
INTRO_MAX_WORDS = 6
# A person named outside an attribution is read from this many characters.
MENTION_CHARS = 200
# A speaker after a verb is read from this many characters (no speaker is half as long; the rest
# of the paragraph need not be split into words for it).
SPEAKER_CHARS = 2 * MENTION_CHARS
# A descriptive speaker ("seorang sumber kepada situs Page Six") is read up to this many words.
MAX_DESCRIPTION_WORDS = 16
WEEKDAYS = frozenset(("senin", "selasa", "rabu", "kamis", "jumat", "jum'at", "sabtu", "minggu"))
# Words a sentence-final period follows without ending the sentence ("Dr. Emilia", "M. Faisal").
ABBREVIATIONS = {"dr", "prof", "h", "hj", "ir", "drs", "no", "st", "jl", "pt", "kab", "prov", "dll", "tbk", "sos",
                 "si", "ssos", "msi", "ikom", "hum", "an", "kh"}


@dataclass(frozen=True)
class Quote:
    start: int                 # span of ``text`` in the body
    end: int
    text: str
    kind: str                  # direct | indirect
    verb: str                  # as printed: "ujarnya", "mengatakan", "menurut"
    speaker_as_printed: str    # at the attribution: "Faisal", "ujarnya" → "-nya", "dia", "sumber itu"
    speaker: str = ""          # the named form it refers to ("Kepala Diskominfo Kaltim, Muhammad Faisal")
    reader: str = ""           # who read the speech on the speaker's behalf
    attributed_at: int = 0     # where the attribution is printed (orders speakers for -nya and "Dia")

    def with_speaker(self, speaker: str) -> "Quote":
        """This quote said by ``speaker``, built field by field: half the cost of
        ``dataclasses.replace``, which reads every field's metadata first."""
        return Quote(self.start, self.end, self.text, self.kind, self.verb, self.speaker_as_printed, speaker,
                     self.reader, self.attributed_at)

    @property
    def anaphoric(self) -> bool:
        return self.speaker_as_printed == "-nya" or is_pronoun(self.speaker_as_printed) or is_demonstrative(
            self.speaker_as_printed)


@lru_cache(maxsize=1)
def rules() -> dict:
    """quote_rules.toml, read once."""
    return tomllib.loads(RULES_FILE.read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def _words(section: str, key: str) -> frozenset[str]:
    return frozenset(rules()[section][key])


def alternation(words) -> str:
    """A pattern matching any of ``words``, as a tree of their letters ("kata", "katakan", "kilah"
    → "k(?:ata(?:kan)?|ilah)"): at each position the engine follows one branch per letter instead
    of trying every word, and still tries a longer word before its prefix (each end of a word is
    optional, greedy), as an alternation sorted longest first would."""
    by_first: dict[str, list[str]] = {}
    for word in words:
        by_first.setdefault(word[:1], []).append(word[1:])
    branches = [re.escape(first) + alternation(rests) for first, rests in sorted(by_first.items()) if first]
    if not branches:
        return ""
    tree = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
    return f"(?:{tree})?" if "" in by_first else tree


@lru_cache(maxsize=1)
def patterns() -> dict[str, re.Pattern]:
    closing = alternation(_words("verbs", "closing"))
    phrases = alternation(_words("verbs", "closing_phrases"))
    opening = alternation(_words("verbs", "opening"))
    according = alternation(_words("verbs", "according"))
    connectors = alternation(_words("speakers", "connectors"))
    return {
        # right after a closing quotation mark
        "after_quote": re.compile(rf"^\s*[,.]?\s*(?:(?P<phrase>{phrases})|(?P<verb>{closing})(?P<nya>nya)?)\b"
                                  rf"(?:\s+lagi\b)?", re.IGNORECASE),
        "opening": re.compile(rf"(?<![\w-])(?P<verb>{opening})(?![\w-])", re.IGNORECASE),
        # the attribution inside a reported sentence: ", sambung Ery, …", "… ujarnya, juga …"
        "inside": re.compile(rf"(?:,\s*|\s)(?P<verb>{closing})(?P<nya>nya)?(?![\w-])"),
        "according": re.compile(rf"^(?:(?:{connectors}),?\s+)?(?P<verb>(?:{according}))(?P<nya>nya)?\b\s*",
                                re.IGNORECASE),
        "connector": re.compile(rf"^(?:{connectors})\b,?\s*", re.IGNORECASE),
        "read_by": re.compile(rf"\b(?:dalam\s+)?(?:sambutan(?:nya)?\s+)?(?:{alternation(_words('speech', 'read_by'))})"
                              rf"\s+(?P<reader>.+)$", re.IGNORECASE),
        "referring": re.compile(rf"^(?:(?:{connectors}),?\s+)?(?:{alternation(_words('speech', 'referring_subjects'))})"
                                rf"\s+(?P<verb>{alternation(_words('verbs', 'referring'))})(?P<nya>nya)?(?:\s+oleh)?\b\s*",
                                re.IGNORECASE),
        # a cheap test before a paragraph's sentences are read for one
        "referring_verb": re.compile(rf"(?<![\w-])(?:{alternation(_words('verbs', 'referring'))})", re.IGNORECASE),
        "release": re.compile(rf"^(?:{alternation(_words('speech', 'release_openers'))})\s+"
                              rf"(?:{alternation(_words('speech', 'releases'))})\s+(?=[A-Z])", re.IGNORECASE),
    }


@lru_cache(maxsize=1)
def verb_words() -> frozenset[str]:
    """Every word an attribution turns on, lower case, with its -nya form: a sentence holding none
    of them is no reported speech, and is passed over without the verb patterns' scans."""
    verbs = _words("verbs", "opening") | _words("verbs", "closing") | _words("verbs", "according")
    return verbs | {f"{verb}nya" for verb in verbs}


@lru_cache(maxsize=1)
def _any_verb() -> re.Pattern:
    """One of ``verb_words`` as a whole run of ASCII letters of a lower-cased text (an attribution
    verb, ASCII, is always one whole run): one search, where splitting the text into its words
    made a string of every one."""
    return re.compile(rf"(?<![a-z]){alternation(verb_words())}(?![a-z])")


def _speaks_nowhere(text: str) -> bool:
    """Whether ``text`` (quotations masked) holds no attribution verb: no reported speech in it."""
    return not _any_verb().search(text.lower())


def load() -> None:
    """Read the rules and compile the patterns now rather than on the first body: a crawl loads
    them once when it opens, outside the time of any article."""
    for section, table in rules().items():
        for key, value in table.items():
            if isinstance(value, list) and all(isinstance(word, str) for word in value):
                _words(section, key)
    patterns()
    _any_verb()
    _referring_anywhere()
    _marked_nickname()
    _role_head_word()


@lru_cache(maxsize=2)
def lowered(body: str) -> str:
    """``body`` in lower case, once for the three readings of one body that need it (speech
    referred back to, nicknames, a camat's title; two kept, as a speaker's nickname is looked
    for in between)."""
    return body.lower()


# The word tests a speaker is read with are cached (these and ``speakers``' own): some thirty
# words a body, most of them the same few hundred over a site's articles (a cached answer is half
# the cost of deciding again).
WORD_CACHE = 16384


@lru_cache(maxsize=WORD_CACHE)
def is_pronoun(word: str) -> bool:
    return word.casefold() in _words("speakers", "pronouns")


def is_demonstrative(phrase: str) -> bool:
    words = phrase.split()
    return len(words) > 1 and words[-1].casefold() in _words("speakers", "demonstratives")


# ---- the whole body ------------------------------------------------------------------------------

def extract_quotes(body: str) -> list[Quote]:
    """Every quotation of ``body`` in reading order, its speaker as printed (``speakers.attribute``
    says who "ujarnya" and "Dia" are)."""
    found: list[Quote] = []
    paragraphs = list(_PARAGRAPH.finditer(body or ""))
    for paragraph in paragraphs:
        found += paragraph_quotes(paragraph.group(0), paragraph.start())
    found += referred_speech(body or "", [(p.start(), p.end()) for p in paragraphs], found)
    return sorted(found, key=lambda q: q.start)


# A paragraph: lines up to one that ends a sentence; a hard-wrapped line going on in lower case
# ("… terbuka untuk\nsluruh dunia.") continues it.
_PARAGRAPH = re.compile(r"(?:[^\n]+|\n(?=[a-z]))+")


def paragraph_quotes(text: str, offset: int) -> list[Quote]:
    direct, spans = [], []
    for open_at, close_at in mark_pairs(text):
        spans.append((open_at, close_at))
        quote = direct_quote(text, open_at, close_at, offset)
        if quote:
            direct.append(quote)
    masked = mask(text, spans)
    if _speaks_nowhere(masked):
        return direct
    quoted_at = {q.start - offset for q in direct}
    opened_at = {open_at for open_at, _ in spans if any(open_at < q.start - offset <= open_at + 2 for q in direct)}
    reported = []
    for start, end in sentences(masked):
        if any(start <= q < end for q in quoted_at):
            continue
        quote = reported_speech(text, masked, start, end, offset)
        if quote and not (len(quote.text.split()) <= INTRO_MAX_WORDS and _introduces_quote(masked, end, opened_at)):
            reported.append(quote)
    return direct + reported


def mark_pairs(text: str) -> list[tuple[int, int]]:
    """Opening and closing quotation marks, paired in order ("…" and “…” and the reversed ”…“).
    Three of four paragraphs hold none: testing for each of the ``QUOTE_MARKS`` costs a fortieth
    of a scan that finds none."""
    if "“" not in text and "”" not in text and '"' not in text:
        return []
    marks = [m.start() for m in _MARK.finditer(text)]
    return list(zip(marks[::2], marks[1::2]))


def mask(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with quoted words blanked (same length), so sentences and verbs are found outside them."""
    pieces, last = [], 0
    for open_at, close_at in spans:
        pieces += [text[last:open_at + 1], text[open_at + 1:close_at].translate(_BLANKED)]
        last = close_at
    return "".join(pieces) + text[last:]


class _Blanked(dict):
    """The table ``mask`` translates a quotation with: a space stays (``str.isspace``, what ``\\s``
    matches), any other character becomes "x"; each character is decided once and then looked up
    by ``str.translate`` (three times cheaper than substituting a pattern's every match)."""

    def __missing__(self, code: int) -> str:
        self[code] = chr(code) if chr(code).isspace() else "x"
        return self[code]


_BLANKED = _Blanked()


def _introduces_quote(masked: str, end: int, opened_at: set[int]) -> bool:
    """Whether a direct quote follows the sentence ending at ``end`` in its paragraph: a short report
    right before one introduces it ("Dia menjelaskan sebagian modus menjaring mereka. “Tawaran …,”
    kata dia"), and the quote is the quotation."""
    rest = masked[end:]
    stripped = len(rest) - len(rest.lstrip())
    return (end + stripped) in opened_at


# ---- speech referred back to --------------------------------------------------------------------

def referred_speech(body: str, paragraphs: list[tuple[int, int]], found: list[Quote]) -> list[Quote]:
    """Words a later sentence hands to a speaker ("Hal ini diungkapkan oleh X"): the sentences before
    it in its paragraph, or the whole paragraph before when it opens one. Words already quoted are
    left to their quotation (the sentence only repeats who said them)."""
    referred = []
    if not _referring_anywhere().search(lowered(body)):
        return referred
    for index, (p_start, p_end) in enumerate(paragraphs):
        text = body[p_start:p_end]
        if not patterns()["referring_verb"].search(text):
            continue
        spans = sentences(mask(text, mark_pairs(text)))
        for position, (start, end) in enumerate(spans):
            match = patterns()["referring"].match(text[start:end])
            printed = _referred_speaker(match, text[start:end]) if match else ""
            if not printed:
                continue
            if position:
                words = (p_start + spans[0][0], p_start + spans[position - 1][1])
            elif index:
                words = paragraphs[index - 1]
            else:
                continue
            if any(q.start < words[1] and q.end > words[0] for q in found):
                continue
            verb = match.group("verb") + (match.group("nya") or "")
            quote = _reported(body, words[0], words[1], 0, verb, printed, p_start + start)
            if quote:
                referred.append(quote)
    return referred


@lru_cache(maxsize=1)
def _referring_anywhere() -> re.Pattern:
    """Any referring verb in a lower-cased body: their common prefix ("di") first, so that the scan
    jumps from one "di" to the next (most bodies hold none and skip the paragraph by paragraph search)."""
    verbs = _words("verbs", "referring")
    prefix = os.path.commonprefix(sorted(verbs))
    return re.compile(re.escape(prefix) + f"(?:{alternation(v[len(prefix):] for v in verbs)})")


def _referred_speaker(match: re.Match, sentence: str) -> str:
    """Who a referring sentence names: "-nya" ("Demikian dikatakannya"), a capitalised speaker, or
    "" for none ("Hal itu disampaikan dalam temu usaha" names no one)."""
    if match.group("nya"):
        return "-nya"
    printed = speaker_after(sentence[match.end():])
    return printed if printed[:1].isupper() else ""


# ---- direct quotes -------------------------------------------------------------------------------

def direct_quote(text: str, open_at: int, close_at: int, offset: int) -> Quote | None:
    inner_start, inner_end = _trimmed(text, open_at + 1, close_at)
    if inner_end - inner_start < 2:
        return None
    after = text[close_at + 1:]
    closing = patterns()["after_quote"].match(after)
    if closing:
        verb = closing.group("phrase") or closing.group("verb") + (closing.group("nya") or "")
        if closing.group("nya"):
            printed = "-nya"
        else:
            printed = speaker_after(after[closing.end():])
        if not printed and not closing.group("phrase"):
            return None
        at = offset + close_at + 1 + closing.start("verb" if closing.group("verb") else "phrase")
    else:
        opened = opening_attribution(text[:open_at])
        if not opened:
            return None
        verb, printed, at = opened[0], opened[1], offset + opened[2]
    return Quote(start=offset + inner_start, end=offset + inner_end, text=text[inner_start:inner_end],
                 kind="direct", verb=verb, speaker_as_printed=printed, attributed_at=at)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """A span without surrounding spaces and its closing comma ("…,”" / "… “,")."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return start, end


def opening_attribution(before: str) -> tuple[str, str, int] | None:
    """(verb, speaker, where) when the text before a quote ends "X mengatakan," or "Menurut X,"."""
    sentence_start = max((s for s, _ in sentences(before)), default=0)
    clause = before[sentence_start:]
    tail = re.search(r"[,:]?\s*$", clause)
    head = clause[:tail.start()]
    verbs = list(patterns()["opening"].finditer(head))
    if verbs and verbs[-1].end() == len(head):
        printed = subject_of(head[:verbs[-1].start()])
        if printed:
            return verbs[-1].group("verb"), printed, sentence_start
    according = patterns()["according"].match(clause)
    if according:
        printed = "-nya" if according.group("nya") else clause[according.end():].strip(" ,:")
        if printed and (printed == "-nya" or is_speaker_phrase(printed)):
            return according.group("verb") + (according.group("nya") or ""), printed, sentence_start
    return None


# ---- reported speech -----------------------------------------------------------------------------

def reported_speech(text: str, masked: str, start: int, end: int, offset: int) -> Quote | None:
    """The quotation a sentence reports, if it does (see the module's docstring for the forms)."""
    sentence = masked[start:end]
    if _speaks_nowhere(sentence):
        return None
    according = patterns()["according"].match(sentence)
    if according:
        if according.group("nya"):
            printed, rest_at = "-nya", according.end()
        else:
            comma = sentence.find(",", according.end())
            printed = sentence[according.end():comma].strip() if comma > 0 else ""
            rest_at = comma + 1
        if printed and (printed == "-nya" or is_speaker_phrase(printed)):
            verb = according.group("verb") + (according.group("nya") or "")
            return _reported(text, start + rest_at, end, offset, verb, printed, start)
    for verb in patterns()["opening"].finditer(sentence):
        subject = sentence[:verb.start()]
        read = patterns()["read_by"].search(subject)
        printed = subject_of(subject[:read.start()] if read else subject)
        if printed:
            reader = read.group("reader").strip(" ,") if read else ""
            rest = re.match(r"(?:\s+lagi\b)?[\s,:]*(?:(?:bahwa|kalau|jika)\s+)?", sentence[verb.end():])
            # the reported words follow the verb when the sentence opens with its speaker; after an
            # adverbial ("Pada Agustus lalu, Facebook mengatakan, …") the sentence is the span
            opening = patterns()["connector"].sub("", sentence.lstrip(), count=1).casefold()
            opens = opening.startswith(printed.split(",")[0].casefold()) or printed == release_issuer(subject)
            span_start = start + verb.end() + rest.end() if opens or read else start
            return _reported(text, span_start, end, offset, verb.group("verb"), printed, start, reader)
        break  # a verb whose subject is no speaker: a clause ("…sehingga pemerintah mengatakan") is not read on
    for inside in patterns()["inside"].finditer(sentence):
        if inside.start() == 0:
            continue
        after = sentence[inside.end():]
        if inside.group("nya"):
            printed = "-nya" if re.match(r"\s*,", after) else ""
        else:
            printed = speaker_after(after, one_part=True)
            printed = printed if printed and (printed[0].isupper() or is_pronoun(printed)) else ""
        if printed:
            verb = inside.group("verb") + (inside.group("nya") or "")
            return _reported(text, start, end, offset, verb, printed, start + inside.start())
    return None


def _reported(text, start, end, offset, verb, printed, at, reader: str = "") -> Quote | None:
    span_start, span_end = _trimmed(text, start, end)
    if span_end - span_start < 12:
        return None
    return Quote(start=offset + span_start, end=offset + span_end, text=text[span_start:span_end], kind="indirect",
                 verb=verb, speaker_as_printed=printed, reader=reader, attributed_at=offset + at)


# ---- speakers as printed -------------------------------------------------------------------------

@lru_cache(maxsize=WORD_CACHE)
def is_speaker_word(word: str) -> bool:
    """A word a speaker's role or name may hold: capitalised, an initial, a degree ("S.Sos.,"),
    an abbreviation in parentheses ("(BIL)"), a number inside a name ("PT Hutchison 3")."""
    bare = word.strip(",()")
    return bool(bare) and (bare[0].isupper() or bare[0].isdigit() or word.startswith("("))


def speaker_after(text: str, one_part: bool = False) -> str:
    """The speaker printed after a verb: "Kepala Bagian Kehumasan Imanudin SH MM didampingi …" →
    "Kepala Bagian Kehumasan Imanudin SH MM"; "dia lagi" → "dia"; "sumber itu." → "sumber itu".
    ``one_part``: the speaker ends at a comma (", sambung Ery, Prahum jangan …")."""
    text = text[:SPEAKER_CHARS]
    glued = _MISSING_SPACE.search(text)
    words = (text[:glued.start()] if glued else text).split()
    if not words:
        return ""
    first = words[0].strip(",.;:")
    if is_pronoun(first):
        return first.casefold()
    if not is_speaker_word(words[0]):
        return description(words)
    taken: list[str] = []
    joiners = _words("speakers", "joiners")
    for i, word in enumerate(words):
        bare = word.rstrip(",.;:")
        if is_speaker_word(word) or (bare.casefold() in joiners and i + 1 < len(words)
                                     and is_speaker_word(words[i + 1])):
            if bare.casefold() in WEEKDAYS:
                break
            taken.append(word)
            if word.endswith((".", ";", ":")) and not _abbreviation(bare + "."):
                break
            if word.endswith(",") and (one_part or not (i + 1 < len(words) and _continues_name(words[i + 1]))):
                break
            continue
        break
    printed = " ".join(taken).strip(" ,.;:")
    ended = bool(taken) and taken[-1].endswith((".", ";", ":")) and not _abbreviation(taken[-1])
    return printed + capacity(words[len(taken):]) if printed and not ended else printed


def capacity(words: list[str]) -> str:
    """The role a speaker is printed speaking in, right after the name: "selaku Ketua Panitia
    Pelaksana Raker Kehumasan se …" → ", selaku Ketua Panitia Pelaksana Raker Kehumasan" (to append
    to the speaker); "" when the words open no such role (``quote_rules.toml`` capacities)."""
    if not words or words[0].casefold() not in _words("speakers", "capacities"):
        return ""
    role = speaker_after(" ".join(words[1:]), one_part=True)
    first = role.split()[0].casefold() if role else ""
    return f", {words[0].casefold()} {role}" if first in _words("speakers", "role_heads") else ""


# "Monzani.Sementara": a sentence that ends without a space after its period. The mark comes
# first, so that the search jumps from mark to mark (a look-behind first is tried at every letter).
_MISSING_SPACE = re.compile(r"[.!?](?<=[a-z]{2}[.!?])(?=[A-Z])")


def _continues_name(word: str) -> bool:
    """After a comma, a capitalised word that is no weekday goes on with the speaker ("Kasubdit IV
    …, AKBP Ferdiyan Fahmi")."""
    bare = word.strip(",.;:()")
    return bool(bare) and bare[0].isupper() and bare.casefold() not in WEEKDAYS


def _abbreviation(word: str) -> bool:
    """"M.", "Dr.", "S.Sos." end no sentence."""
    bare = word.rstrip(".").replace(".", "").casefold()
    return len(bare) == 1 or bare in ABBREVIATIONS


def description(words: list[str]) -> str:
    """A speaker described, not named: "seorang sumber kepada situs Page Six" → "seorang sumber";
    "tim Project Zero" keeps the name it ends with; "politisi Partai Hanura itu" stays whole (it
    points back)."""
    taken = []
    for word in words[:MAX_DESCRIPTION_WORDS]:
        bare = word.rstrip(",.;:")
        taken.append(bare)
        if bare != word:
            break
    for i, word in enumerate(taken):
        if word.casefold() in _words("speakers", "demonstratives") and i:
            return " ".join(taken[:i + 1])
    head = 0
    while (head < min(len(taken), DESCRIPTION_HEAD_WORDS) and not is_speaker_word(taken[head])
           and taken[head].casefold() not in _words("speakers", "adjuncts")):
        head += 1
    run = _leading_run(taken[head:])
    return " ".join(taken[:head] + run)


def is_speaker_phrase(phrase: str) -> bool:
    words = phrase.split()
    return bool(words) and (is_pronoun(words[0]) or (is_speaker_word(words[0]) and len(words) <= MAX_SUBJECT_WORDS))


def subject_of(prefix: str) -> str:
    """The speaker a sentence opens with, before its verb: connectors, adverbials ("Pada Agustus
    lalu,"), weekdays and adjuncts ("saat dihubungi …", "dalam sambutannya") left out; the issuer
    of a release ("Dalam siaran pers Biro Humas …") when no one else is; "" when the text before
    the verb is no speaker."""
    return named_subject(prefix) or release_issuer(prefix)


def release_issuer(prefix: str) -> str:
    """Who issued the release a sentence opens with: "Dalam siaran Pers Biro Humas Setda NTT yang
    dikirim …" → "Biro Humas Setda NTT"; "" for any other opening."""
    prefix = patterns()["connector"].sub("", prefix.strip(), count=1)
    release = patterns()["release"].match(prefix)
    return speaker_after(prefix[release.end():], one_part=True) if release else ""


def named_subject(prefix: str) -> str:
    """``subject_of`` for a speaker named as the sentence's subject."""
    prefix = prefix.strip()
    while True:
        stripped = patterns()["connector"].sub("", prefix, count=1)
        if stripped == prefix:
            break
        prefix = stripped
    chunks = [c.strip() for c in _COMMA.split(prefix) if c.strip()]
    group: list[str] = []
    last = -1
    for index, chunk in enumerate(chunks):
        words = chunk.split()
        if is_pronoun(words[0].strip(",")) and not group:
            adjuncts = all(w.casefold() in _words("speakers", "adjuncts") for w in words[1:])
            return words[0].casefold() if adjuncts else ""
        if len(chunks) == 1 and _described(words):
            return chunk
        if words[0].casefold() in WEEKDAYS or _NUMBER_FIRST.match(chunk):
            if group:
                break
            continue
        if group and capacity(words):
            group[-1] += capacity(words)  # "Adiyat, selaku Ketua Panitia, mengatakan"
            last = index
            continue
        run = _leading_run(words)
        if not run or words[0].casefold() in _words("speakers", "not_subjects"):
            if group:
                break
            continue
        rest = words[len(run):]
        adjunct_next = bool(rest) and rest[0].casefold() in _words("speakers", "adjuncts")
        if rest and len(run) == 1 and _VERB_PREFIX.match(run[0]) and not group:
            continue  # "Menanggapi kondisi itu,": a verb opening an adverbial clause
        if rest and not adjunct_next and is_demonstrative(chunk):
            return ", ".join(group) or chunk  # "Sumber itu", "Pria yang akrab disapa Dani ini": points back
        if rest and not adjunct_next:
            if group:
                break
            continue
        group.append(" ".join(run) + capacity(rest))
        last = index
        if rest:
            break
    if any(not _adjunct(chunk) for chunk in chunks[last + 1:]):
        return ""  # "Sayangnya, pihak Tri enggan membeberkan": the clause before the verb is no adjunct
    subject = ", ".join(group)
    return subject if subject and len(subject.split()) <= MAX_SUBJECT_WORDS else ""


_COMMA = re.compile(r",\s*")
_NUMBER_FIRST = re.compile(r"^\(?\d")
_NUMBER = re.compile(r"\d[\d-]*")
_VERB_PREFIX = re.compile(r"(?i)(me|di|ber|ter|pe)")


def _described(words: list[str]) -> bool:
    """A subject described, not named: "Sejumlah warga", "Camat setempat", "Para tokoh"."""
    return (1 < len(words) <= MAX_DESCRIBED_WORDS and words[0][:1].isupper()
            and words[0].casefold() not in _words("speakers", "not_subjects")
            and all(w.islower() and w not in _words("speakers", "adjuncts") and not re.match(r"(me|di|ber|ter)", w)
                    for w in words[1:]))


def _adjunct(chunk: str) -> bool:
    """A part between the speaker and the verb: "saat dihubungi …", a weekday, a date."""
    first = chunk.split()[0].casefold()
    return first in _words("speakers", "adjuncts") or first in WEEKDAYS or first[0].isdigit() or first[0] == "("


def _leading_run(words: list[str]) -> list[str]:
    run = []
    for i, word in enumerate(words):
        joiner = (word.casefold() in _words("speakers", "joiners") and i + 1 < len(words)
                  and is_speaker_word(words[i + 1]))
        if not (is_speaker_word(word) or joiner or (run and _NUMBER.fullmatch(word))):
            break
        run.append(word)
    return run


# ---- sentences -----------------------------------------------------------------------------------

# A sentence's final mark, then the space or quotation mark before the next one; the mark comes
# first so that the scan jumps from mark to mark.
_BOUNDARY = re.compile(r"[.!?](?:[\"”“]?\s+(?=[A-Z\"“”(])|(?<=[a-z]{2}[.!?])(?=[A-Z\"“”]))")


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence; a period after an initial or a title ("M.", "Dr.") ends none."""
    spans, start = [], 0
    for boundary in _BOUNDARY.finditer(text):
        end = boundary.start() + 1
        if _abbreviation(_word_before(text, end).lstrip("(\"“”")):
            continue
        spans.append((start, end))
        start = boundary.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def _word_before(text: str, end: int) -> str:
    """The word ending at ``end`` (its last character a period or mark), read backwards to the
    space before it: slicing the text up to each boundary would cost the paragraph's length each time."""
    start = end
    while start and not text[start - 1].isspace():
        start -= 1
    return text[start:end]


# ---- who "ujarnya" and "Dia" are -------------------------------------------------------------------

def mentions(body: str) -> list[tuple[int, str]]:
    """(position, phrase) of people named outside attributions: a capitalised run opening with a
    role ("Karo Humas NTT, Semuel Pakereng") or after "oleh" ("dibuka oleh Kepala Diskominfo …")."""
    found, covered = [], 0
    for at in _mention_starts(body):
        if at < covered:
            continue  # a role word inside the last mention ("Wakil Presiden Direktur")
        printed = speaker_after(body[at:at + MENTION_CHARS])
        if printed and printed[0].isupper():
            found.append((at, printed))
            covered = at + len(printed)
    return found


def nicknames(text: str) -> list[tuple[int, str, str]]:
    """(position, words right before, nickname) of each nickname printed next to someone: "Muhammad
    Buldansyah (Dani)", "… Buldansyah, yang akrab disapa Dani", "Pria yang akrab disapa Dani ini".
    ``speakers.attribute`` decides whose it is (the words before must end with a name it knows)."""
    matches = []
    if any(marker in lowered(text) for marker in _words("speakers", "nickname_markers")):
        matches += list(_marked_nickname().finditer(text))
    if "(" in text:
        matches += [m for m in _BRACKETED_NICKNAME.finditer(text) if m.start() and text[m.start() - 1] == " "]
    return [(m.start(), text[max(0, m.start() - MENTION_CHARS):m.start()].rstrip(" ,"), m.group("nick"))
            for m in sorted(matches, key=lambda m: m.start())]


@lru_cache(maxsize=1)
def _marked_nickname() -> re.Pattern:
    markers = alternation(_words("speakers", "nickname_markers"))
    return re.compile(rf",?\s+(?i:yang\s+)?(?i:{markers})\s+(?P<nick>[A-Z][\w'-]+)")


_BRACKETED_NICKNAME = re.compile(r"\((?P<nick>[A-Z][a-z]+)\)")


# A capital right after "oleh " (a mention opens capitalised: "dibuka oleh kepala …" names no one).
_AFTER_OLEH = re.compile(r"oleh\s(?=[A-Z])")


@lru_cache(maxsize=1)
def _role_head_word() -> re.Pattern:
    """A role head printed capitalised before a space ("Kepala", "KEPALA"): grouped by its
    capital, so that the scan jumps from one such capital to the next, the rest of its letters
    in any case (half the cost of stopping at every capitalised word to look it up)."""
    by_capital: dict[str, list[str]] = {}
    for head in _words("speakers", "role_heads"):
        by_capital.setdefault(head[0].upper(), []).append(head[1:])
    branches = (f"{capital}(?i:{alternation(rest)})" for capital, rest in sorted(by_capital.items()))
    return re.compile(f"(?:{'|'.join(branches)})(?=\\s)")


def _mention_starts(body: str) -> list[int]:
    """Where a mention may open, in order: a role head as a whole word ("Kepala", not "eKepala"),
    its letters case-folded as the heads are listed (a case-blind letter also matches a few
    others, "ı" for "i"), or a capital after "oleh"."""
    heads = _words("speakers", "role_heads")
    starts = [m.start() for m in _role_head_word().finditer(body)
              if m.group().casefold() in heads and not _inside_word(body, m.start())]
    after_oleh = [m.end() for m in _AFTER_OLEH.finditer(body) if not _inside_word(body, m.start(), "_")]
    return sorted(set(starts + after_oleh)) if after_oleh else starts


def _inside_word(text: str, at: int, joiners: str = "_-") -> bool:
    """Whether ``text[at]`` goes on a word: a letter, digit or one of ``joiners`` before it."""
    return at > 0 and (text[at - 1].isalnum() or text[at - 1] in joiners)
