"""The Datasette plugin ``humas browse`` registers: the CLI's search syntax in the browser.

FTS5 reads ``se-Kaltim`` as a column filter and fails on it, while hyphenated words are everywhere
in Indonesian. ``humas search`` parses its query (``queries.fts_query``); this plugin makes
Datasette use the same parser, through the one mechanism Datasette 0.65 gives a plugin for it,
SQL functions registered on each connection (the ``prepare_connection`` hook):

- ``escape_fts(query)``: the function Datasette's table search box calls (``match
  escape_fts(:search)``) unless the table's search mode is raw. Ours replaces Datasette's own
  (which only quotes words, so ``OR``, ``NOT`` and ``prefix*`` are lost); ``trylast`` makes it
  registered after Datasette's default, so it wins. ``?_searchmode=raw`` still reaches FTS5 as typed.
- ``humas_fts(query)``: the same, for canned and hand-written queries (``articles_fts match
  humas_fts(:query)``).

A query the parser refuses (a stray quote, a dangling ``OR``) is read as its words: SQLite cannot
carry the parser's message to the page (Datasette would show "user-defined function raised
exception"), and the words are what was meant. An empty query matches nothing.
"""

from __future__ import annotations

import re

from datasette import hookimpl

from humas_crawler.corpus.queries import OPERATORS, QueryError, fts_query

SQL_FUNCTION = "humas_fts"
# Datasette's own name for the function its search box calls (datasette/filters.py)
DATASETTE_ESCAPE = "escape_fts"
NO_MATCH = '""'  # an empty phrase: valid FTS5 that matches no row
NOT_IN_WORDS = re.compile(r'[\s"()]+')


def browser_fts(query: str | None) -> str:
    """``query`` as the CLI reads it, or, when the CLI would refuse it, its words."""
    try:
        return fts_query(query or "")
    except QueryError:
        words = [w for w in NOT_IN_WORDS.split(query or "") if re.search(r"\w", w) and w not in OPERATORS]
        return fts_query(" ".join(words)) if words else NO_MATCH


@hookimpl(trylast=True)
def prepare_connection(conn):
    for name in (SQL_FUNCTION, DATASETTE_ESCAPE):
        conn.create_function(name, 1, browser_fts, deterministic=True)
