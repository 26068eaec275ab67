"""`humas eval --quotes PATH`: quotation detection and speaker attribution scored on hand-labelled bodies.

A data set is one JSON file, or a folder whose JSON files are scored one by one::

    {"description": "...", "articles": [{"key", "body", "quotes": [{"text", "kind", "speaker", "reader"?}]}]}

``text`` is the labelled span, exactly as the body prints it (a direct quote without its marks and
closing comma; reported speech from after its verb to the end of the sentence when the sentence
opens with its speaker, else the whole sentence). ``speaker`` is the person's name ("Muhammad
Faisal"), a description for someone unnamed ("seorang sumber"), or null when no reader could tell.

A predicted quote matches a labelled one when their spans overlap by at least ``MIN_OVERLAP``
(shared characters over the longer span), one to one. Precision = matches / predicted, recall =
matches / labelled; speaker accuracy = matches whose speaker is right / matches with a labelled
speaker. A speaker is right when it is the labelled one with case and dots ignored, or the same
person by the within-article rule ("Faisal" for "Muhammad Faisal").
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from humas_crawler.extraction.quotes import extract_quotes
from humas_crawler.extraction.speakers import attribute, normalise_name, same_person

MIN_OVERLAP = 0.8


@dataclass
class QuoteScore:
    dataset: str
    articles: int
    labelled: int
    predicted: int
    matched: int
    speakers_right: int
    speakers_judged: int
    missed: list[tuple[str, str]] = field(default_factory=list)      # (article key, labelled text)
    spurious: list[tuple[str, str]] = field(default_factory=list)    # (article key, predicted text)
    wrong_speaker: list[tuple[str, str, str]] = field(default_factory=list)  # (key, labelled, predicted)

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.labelled if self.labelled else 1.0

    @property
    def speaker_accuracy(self) -> float:
        return self.speakers_right / self.speakers_judged if self.speakers_judged else 1.0


def load_sets(path: str | Path) -> list[tuple[str, list[dict]]]:
    """(name, articles) of each JSON file at ``path`` (a file or a folder of them)."""
    path = Path(path)
    files = sorted(path.glob("*.json")) if path.is_dir() else [path]
    if not files:
        raise ValueError(f"{path}: no labelled quotes (*.json)")
    return [(file.stem, json.loads(file.read_text(encoding="utf-8"))["articles"]) for file in files]


def overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    shared = min(a[1], b[1]) - max(a[0], b[0])
    return max(shared, 0) / max(a[1] - a[0], b[1] - b[0], 1)


def predicted_quotes(body: str) -> list[tuple[tuple[int, int], str]]:
    """((start, end), speaker) of each quote our extractor finds: the person's name, or the
    description of an unnamed speaker."""
    people, quotes, assigned = attribute(extract_quotes(body), body)
    return [((q.start, q.end), people[i].name if i is not None else q.speaker) for q, i in zip(quotes, assigned)]


def speaker_right(predicted: str, labelled: str) -> bool:
    a, b = normalise_name(predicted), normalise_name(labelled)
    return a == b or (bool(a) and bool(b) and same_person(predicted, labelled))


def score_set(name: str, articles: list[dict]) -> QuoteScore:
    result = QuoteScore(name, len(articles), 0, 0, 0, 0, 0)
    for article in articles:
        body, key = article["body"], article["key"]
        labels = [((body.index(q["text"]), body.index(q["text"]) + len(q["text"])), q) for q in article["quotes"]]
        predicted = predicted_quotes(body)
        result.labelled += len(labels)
        result.predicted += len(predicted)
        free = set(range(len(predicted)))
        for span, label in labels:
            best = max(free, key=lambda i: overlap(span, predicted[i][0]), default=None)
            if best is None or overlap(span, predicted[best][0]) < MIN_OVERLAP:
                result.missed.append((key, label["text"]))
                continue
            free.discard(best)
            result.matched += 1
            if label["speaker"] is None:
                continue
            result.speakers_judged += 1
            if speaker_right(predicted[best][1], label["speaker"]):
                result.speakers_right += 1
            else:
                result.wrong_speaker.append((key, label["speaker"], predicted[best][1]))
        result.spurious += [(key, body[predicted[i][0][0]:predicted[i][0][1]]) for i in sorted(free)]
    return result


def evaluate(path: str | Path) -> list[QuoteScore]:
    """One score per data set at ``path``, and their total."""
    scores = [score_set(name, articles) for name, articles in load_sets(path)]
    if len(scores) > 1:
        total = QuoteScore("all", *(sum(getattr(s, f) for s in scores) for f in
                                    ("articles", "labelled", "predicted", "matched", "speakers_right",
                                     "speakers_judged")))
        scores.append(total)
    return scores


def summary(score: QuoteScore) -> dict:
    return {"dataset": score.dataset, "articles": score.articles, "labelled": score.labelled,
            "predicted": score.predicted, "precision": round(score.precision, 3), "recall": round(score.recall, 3),
            "speaker_accuracy": round(score.speaker_accuracy, 3)}
