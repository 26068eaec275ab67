"""A second full-text index of titles and bodies reduced to their Indonesian stems (Sastrawi), for
``humas search --stem``: ``pelantikan`` finds ``dilantik``, ``kebanjiran`` finds ``banjir``.

Measured on tests/data/search-queries.json (22 queries against the demo corpus): recall 0.653 →
0.796 (mean per query), precision 0.802 → 0.788; README "For analysts" has the figures. Stemming
also joins unrelated words (``pemasaran``, marketing, and ``pasar``, market), so it is a choice at
search time, not the default.

The index (``articles_stem_fts``, migration 9) is filled lazily: a ``--stem`` search first stems
the articles stored or changed since the last one (a row remembers the ``content_hash`` it was
stemmed from). So a crawl pays nothing for it, and no trigger needs a Python function that the
sqlite3 shell or Datasette would lack.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections.abc import Callable

import sqlite_utils

from humas_crawler.corpus.schema import STEM_FTS
from humas_crawler.fields import SEARCHABLE_COLUMNS

REFRESH_BATCH = 500  # articles per transaction while catching up
QUOTED = re.compile(r'"([^"]*)"(\*?)')  # a string of queries.fts_query's output, with its prefix star


@functools.cache
def stemmer():
    """Sastrawi's cached stemmer over its dictionary of root words, held in a set: Sastrawi's own
    ArrayDictionary looks words up in a list of 30,000, which made stemming 300× slower (424
    against 134,000 words/s, measured on the demo corpus)."""
    from Sastrawi.Dictionary.ArrayDictionary import ArrayDictionary
    from Sastrawi.Stemmer.Cache.ArrayCache import ArrayCache
    from Sastrawi.Stemmer.CachedStemmer import CachedStemmer
    from Sastrawi.Stemmer.Stemmer import Stemmer
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    class SetDictionary(ArrayDictionary):
        def __init__(self, words):
            super().__init__()
            self.words = {word for word in words if word.strip()}

        def contains(self, word):
            return word in self.words

    return CachedStemmer(ArrayCache(), Stemmer(SetDictionary(StemmerFactory().get_words())))


def stem_text(text: str | None) -> str:
    """The text's words as stems, lower case. Accents are folded first: Sastrawi keeps only a-z
    and digits, and would cut ``kafé`` to ``kaf``."""
    folded = "".join(c for c in unicodedata.normalize("NFKD", text or "") if not unicodedata.combining(c))
    return stemmer().stem(folded)


def stemmed_query(expression: str) -> str:
    """An FTS5 expression of ``queries.fts_query`` with each quoted word or phrase stemmed; a
    prefix (``hoak*``) is left as typed, lower case, since the stem of a word's start means nothing."""
    def stem_string(match: re.Match) -> str:
        text = match[1].lower() if match[2] else stem_text(match[1])
        return f'"{text}"{match[2]}'

    return QUOTED.sub(stem_string, expression)


def refresh(db: sqlite_utils.Database, progress: Callable[[int, int], None] | None = None) -> int:
    """Stem the articles the index lacks or holds an older text of; returns how many.
    ``progress(done, total)`` is called after each batch."""
    pending = [row["id"] for row in db.query(
        f"select a.id from articles a left join {STEM_FTS} s on s.rowid = a.id "
        "where s.rowid is null or s.content_hash is not a.content_hash")]
    columns = ", ".join(SEARCHABLE_COLUMNS)
    for start in range(0, len(pending), REFRESH_BATCH):
        batch = pending[start:start + REFRESH_BATCH]
        rows = db.query(f"select id, content_hash, {columns} from articles "
                        "where id in (select value from json_each(?))", [json.dumps(batch)])
        stemmed = [[row["id"], row["content_hash"], *(stem_text(row[name]) for name in SEARCHABLE_COLUMNS)]
                   for row in rows]
        with db.atomic():
            db.execute(f"delete from {STEM_FTS} where rowid in (select value from json_each(?))",
                       [json.dumps(batch)])
            db.conn.executemany(f"insert into {STEM_FTS} (rowid, content_hash, {columns}) "
                                f"values ({', '.join('?' * (2 + len(SEARCHABLE_COLUMNS)))})", stemmed)
        if progress:
            progress(start + len(batch), len(pending))
    return len(pending)
