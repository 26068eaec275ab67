"""``humas quotes`` (who said what, searchable) and ``humas people`` (the most quoted officials)."""

from __future__ import annotations

import csv
import json
import sys

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table
from rich.text import Text

from humas_crawler.cli.options import (
    check_filters, db_option, fts_or_exit, open_db_or_exit, since_option, site_option, table_console,
)
from humas_crawler.corpus import queries
from humas_crawler.corpus import quotes as corpus_quotes
from humas_crawler.extraction.speakers import said_in

QUOTE_COLUMNS = ("day", "site", "person", "role", "kind", "verb", "text", "url")
PEOPLE_COLUMNS = ("id", "name", "province", "quotes", "articles", "roles")


@click.command("quotes")
@click.option("--person", metavar="NAME", help="Only quotes of people whose name contains NAME (case ignored).")
@click.option("--query", metavar="Q", help='Full-text search of the quote texts (words, "phrases", prefix*, OR, NOT).')
@site_option
@since_option("Only quotes of articles published on or after DATE (YYYY-MM-DD, the page's local date).")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(min=1), help="At most this many quotes.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@click.option("--rebuild", is_flag=True, help="Recompute quotes, people, roles and places for every stored article.")
@db_option
def quotes_command(person, query, sites, since, limit, fmt, rebuild, db_path):
    """Who said what: quotations in the corpus with their speaker, role and article."""
    db = open_db_or_exit(db_path, write=rebuild)
    if rebuild:
        rebuild_quotes(db)
        return
    check_filters(db, sites, since, None)
    if query:
        fts_or_exit(query)
    rows = corpus_quotes.find_quotes(db, person=person, query=queries.fts_query(query) if query else None,
                                     sites=sites, since=since, limit=limit)
    emit(rows, QUOTE_COLUMNS, fmt, title="quotes")


@click.command("people")
@click.option("--top", default=20, show_default=True, type=click.IntRange(min=1), help="How many people.")
@click.option("--role", metavar="TEXT", help='Only people who held a role containing TEXT ("Kepala Diskominfo").')
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@db_option
def people_command(top, role, fmt, db_path):
    """The most quoted people, with every role they were printed with and when."""
    db = open_db_or_exit(db_path)
    emit(corpus_quotes.top_people(db, top=top, role=role), PEOPLE_COLUMNS, fmt, title="people")


def rebuild_quotes(db) -> None:
    """Empty the quotation tables and fill them again from every article, oldest first."""
    corpus_quotes.clear_quotations(db)
    total = corpus_quotes.article_count(db)
    stored = 0
    with Progress(TextColumn("[bold]quoting"), BarColumn(), MofNCompleteColumn(),
                  console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("quoting", total=total)
        for article in corpus_quotes.articles_to_quote(db):
            said = said_in(article["body"] or "", article["dateline"], article["province"])
            stored += corpus_quotes.store_quotations(db, article["id"], said, article["day"] or None)
            progress.advance(task)
    found = corpus_quotes.counts(db)
    click.echo(f"{total} articles: {stored} quotes, {found['people']} people, {found['roles']} roles, "
               f"{found['article_places']} article places")


def emit(rows: list[dict], columns: tuple[str, ...], fmt: str, title: str) -> None:
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif fmt == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    elif not rows:
        click.echo(f"no {title}")
    else:
        table = Table(title=f"{len(rows)} {title}")
        for column in columns:
            table.add_column(column, overflow="fold")
        for row in rows:
            table.add_row(*(Text("" if row.get(c) is None else str(row[c])) for c in columns))
        table_console().print(table)
