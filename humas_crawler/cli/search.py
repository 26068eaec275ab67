"""``humas search``: full-text search of the corpus, as a readable list, JSON or CSV."""

from __future__ import annotations

import csv
import json
import sys

import click
from rich.console import Console
from rich.text import Text

from humas_crawler.cli.options import (
    check_filters, db_option, fts_or_exit, open_db_or_exit, since_option, site_option, until_option,
)
from humas_crawler.corpus import queries

RESULT_COLUMNS = ("id", "site", "published_at", "title", "url", "snippet")
# on a terminal the table marks matches with control characters (never in stored text) and styles
# them; elsewhere (a pipe, JSON, CSV) they keep the readable default of queries.search, **word**
TERMINAL_MARK = ("\x02", "\x03")


def highlighted(snippet: str) -> Text:
    """The snippet with its matched words in bold."""
    text = Text()
    for i, part in enumerate(snippet.replace(TERMINAL_MARK[1], TERMINAL_MARK[0]).split(TERMINAL_MARK[0])):
        text.append(part, style="bold yellow" if i % 2 else "")
    return text


def print_hits(console: Console, rows: list[dict], total: int) -> None:
    """Each hit as title, then site · date · URL, then the snippet; then how many were shown. Lines
    are left to the terminal to wrap, so a URL stays one piece to copy."""
    for row in rows:
        console.print(Text(row["title"] or "", style="bold"), soft_wrap=True)
        console.print(Text(f"{row['site']} · {(row['published_at'] or '')[:10]} · {row['url']}", style="dim"),
                      soft_wrap=True)
        console.print(highlighted(row["snippet"] or ""), soft_wrap=True)
        console.print()
    console.print(f"{len(rows)} of {total} matching articles")


def stemmed_index_up_to_date(db) -> None:
    """Stem the articles stored since the last stemmed search, with a progress bar on a terminal
    (the first time over a large corpus takes minutes: about 130,000 words a second)."""
    from rich.progress import Progress

    from humas_crawler.corpus import stemming

    stderr = Console(stderr=True)
    with Progress(console=stderr, transient=True, disable=not stderr.is_terminal) as progress:
        task = progress.add_task("Stemming new articles", total=None)
        stemming.refresh(db, lambda done, total: progress.update(task, completed=done, total=total))


@click.command()
@click.argument("query")
@site_option
@since_option("Only articles published on or after DATE (YYYY-MM-DD, the page's local date).")
@until_option("Only articles published on or before DATE (YYYY-MM-DD, included).")
@click.option("--sort", type=click.Choice(list(queries.SEARCH_ORDERS)), default="rank", show_default=True,
              help="Best match first, or by publication time.")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(min=1), help="At most this many results.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@click.option("--stem", is_flag=True,
              help="Match word stems (pelantikan finds dilantik; Sastrawi): more recall, a little less precision. "
                   "The first stemmed search after a crawl stems the new articles.")
@db_option
def search(query, sites, since, until, sort, limit, fmt, stem, db_path):
    """Full-text search of titles and bodies.

    Words match whole (hyphenated ones too: se-Kaltim, desa-desa); "a phrase"; hoak* a prefix;
    OR, NOT (banjir NOT rob) and parentheses combine them; accents are ignored.
    """
    db = open_db_or_exit(db_path, write=stem)
    check_filters(db, sites, since, until)
    fts_or_exit(query)
    if stem:
        stemmed_index_up_to_date(db)
    filters = {"site": sites, "since": since, "until": until, "stem": stem}
    console = Console()
    marks = {"mark": TERMINAL_MARK} if fmt == "table" and console.is_terminal else {}
    rows = queries.search(db, query, limit=limit, sort=sort, **marks, **filters)
    total = queries.search_total(db, query, **filters)
    if fmt == "table":
        print_hits(console, rows, total)
    elif fmt == "json":
        click.echo(json.dumps({"query": query, "total": total, "results": rows}, ensure_ascii=False, indent=2))
    else:
        writer = csv.DictWriter(sys.stdout, fieldnames=RESULT_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
