"""The scoring functions: text normalization, body overlap, trafilatura's snippet metric, dates, noise.

Pure functions of strings and datetimes, so each metric can be checked on hand-made values:
- body: precision/recall/F1 over sets of lowercased word 4-grams of the produced and expected body;
- snippets (trafilatura's evaluation format): a page's ``with`` snippets found in the text are true
  positives, those missing false negatives, its ``without`` snippets found false positives; counts
  are summed over the pages before precision and recall are taken;
- dates: the same instant to the minute (pages print minutes; seconds in meta tags vary), or the
  same day for extractors that only find days;
- noise: the lines of a body still matched by a cleaning rule, or found by an independent check.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from humas_crawler.extraction.cleaning import noise_line_rule
from humas_crawler.extraction.text import normalize_space

WIB = timezone(timedelta(hours=7))
NGRAM_SIZE = 4
# A stray line this short is a headline, button or byline rather than a lost paragraph.
WIDGET_MAX_WORDS = 20

_WORD_RE = re.compile(r"\w+")
_SENTENCE_END_RE = re.compile(r"(?<!\.)[.!?\"”’)]$")  # an ellipsis ("Memuat...") ends no sentence
_DATE_LIKE_RE = re.compile(
    r"\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b|\b\d{1,2}[:.]\d{2}\s*(WIB|WITA|WIT)?\b|"
    r"\b\d{1,2}\s+(jan|feb|mar|apr|mei|jun|jul|agu|agt|aug|sep|okt|oct|nov|des|dec)\w*\s+\d{4}\b",
    re.IGNORECASE,
)


# ---------------------------------------------------------------- text


def normalize_text(text: str | None) -> str:
    """The extraction's ``normalize_space`` after NFC, so a decomposed accent in a label and a
    composed one in a page (or the reverse) compare equal."""
    return normalize_space(unicodedata.normalize("NFC", text or ""))


def paragraphs(text: str | None) -> str:
    """One paragraph per non-blank line, joined by blank lines: the body convention of the corpus."""
    lines = (normalize_text(line) for line in (text or "").splitlines())
    return "\n\n".join(line for line in lines if line)


def words(text: str) -> list[str]:
    """Lowercased words; punctuation and quote styles are ignored so only wording is compared."""
    return _WORD_RE.findall(text.lower())


def word_ngrams(text: str, size: int = NGRAM_SIZE) -> set[tuple[str, ...]]:
    """The word n-grams body scores compare; a text shorter than ``size`` words is one n-gram of
    all its words, so short texts still compare."""
    tokens = words(text)
    if len(tokens) < size:
        return {tuple(tokens)} if tokens else set()
    return {tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


# ---------------------------------------------------------------- bodies


def body_scores(produced: str, expected: str) -> tuple[float, float, float]:
    """Precision, recall and F1 of the produced body's word n-grams against the expected body's."""
    got, want = word_ngrams(produced), word_ngrams(expected)
    if not got and not want:
        return 1.0, 1.0, 1.0
    common = len(got & want)
    precision = common / len(got) if got else 0.0
    recall = common / len(want) if want else 0.0
    return precision, recall, f1_score(precision, recall)


def f1_score(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def body_diff(produced: str, expected: str) -> tuple[list[str], list[str]]:
    """Produced lines sharing nothing with the expected body, and expected lines that are missing."""
    got, want = word_ngrams(produced), word_ngrams(expected)
    extra = [line for line in produced.split("\n\n") if line and word_ngrams(line).isdisjoint(want)]
    missing = [line for line in expected.split("\n\n") if line and word_ngrams(line).isdisjoint(got)]
    return extra, missing


# ---------------------------------------------------------------- snippets


@dataclass(frozen=True)
class SnippetMatch:
    """One page's snippets against one text; the counts are what trafilatura's metric sums."""

    found: tuple[str, ...]     # wanted snippets in the text: true positives
    missing: tuple[str, ...]   # wanted snippets not in it: false negatives
    unwanted: tuple[str, ...]  # unwanted snippets in it: false positives

    @property
    def counts(self) -> tuple[int, int, int]:
        """(TP, FP, FN)."""
        return len(self.found), len(self.unwanted), len(self.missing)


def match_snippets(text: str, wanted: Sequence[str], unwanted: Sequence[str]) -> SnippetMatch:
    """Substring tests after whitespace normalization of snippets and text, as trafilatura's
    evaluation README defines them (``normalize_space`` is its ``re.sub(r"\\s+", " ", t).strip()``)."""
    text = normalize_space(text)
    present = [normalize_space(snippet) in text for snippet in wanted]
    return SnippetMatch(
        found=tuple(s for s, hit in zip(wanted, present) if hit),
        missing=tuple(s for s, hit in zip(wanted, present) if not hit),
        unwanted=tuple(s for s in unwanted if normalize_space(s) in text),
    )


def snippet_scores(matches: Iterable[SnippetMatch]) -> tuple[float, float, float]:
    """Precision, recall and F1 from TP/FP/FN summed over pages (not averaged per page)."""
    tp = fp = fn = 0
    for match in matches:
        page_tp, page_fp, page_fn = match.counts
        tp, fp, fn = tp + page_tp, fp + page_fp, fn + page_fn
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall, f1_score(precision, recall)


# ---------------------------------------------------------------- dates


def same_minute(produced: datetime | None, expected: datetime | None) -> bool:
    if produced is None or expected is None:
        return False
    return _minute(produced) == _minute(expected)


def same_day(produced: datetime | None, expected: datetime | None) -> bool:
    """The same calendar day in the expected date's zone: what a date-only extractor can achieve."""
    if produced is None or expected is None:
        return False
    return produced.astimezone(expected.tzinfo).date() == expected.date()


def _minute(value: datetime) -> datetime:
    return value.astimezone(timezone.utc).replace(second=0, microsecond=0)


def parse_instant(value: str | datetime | None) -> datetime | None:
    """An aware datetime from ISO text or a datetime; no zone means WIB (the contract's default),
    and a bare date means its midnight, as the extractors report date-only findings."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value.strip())
    return value if value.tzinfo else value.replace(tzinfo=WIB)


# ---------------------------------------------------------------- noise


def noise_lines(body: str, expected_body: str) -> list[tuple[str, str]]:
    """The noise lines of a body, each with the reason: a cleaning rule's name, or "stray".

    Only lines that are not article text count: a line with most of its n-grams in the expected
    body (or, under four words, occurring in it) is never noise, so a rule that fires on real text
    (a hard-wrapped line, say) is not blamed on the extractor. Of the other lines, those a
    cleaning rule matches are noise, and so, by a check that does not rely on those rules, are
    lines that look like page furniture: short with no closing punctuation (a related headline,
    a button, an editor credit) or carrying a date or time (a listing entry).
    """
    expected_ngrams = word_ngrams(expected_body)
    expected_words = f" {' '.join(words(expected_body))} "
    found = []
    for line in filter(None, (normalize_text(line) for line in body.splitlines())):
        tokens = words(line)
        if not tokens or _in_expected(line, tokens, expected_ngrams, expected_words):
            continue  # wordless separators and article text
        reason = noise_line_rule(line) or ("stray" if _looks_like_furniture(line, tokens) else None)
        if reason:
            found.append((line, reason))
    return found


def _in_expected(line: str, tokens: list[str], expected_ngrams: set, expected_words: str) -> bool:
    if len(tokens) >= NGRAM_SIZE:
        own = word_ngrams(line)
        return 2 * len(own & expected_ngrams) >= len(own)
    return f" {' '.join(tokens)} " in expected_words


def _looks_like_furniture(line: str, tokens: list[str]) -> bool:
    short_label = len(tokens) < WIDGET_MAX_WORDS and not _SENTENCE_END_RE.search(line)
    return short_label or bool(_DATE_LIKE_RE.search(line))
