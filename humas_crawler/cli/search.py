"""``humas search``: full-text search of the corpus."""

import sqlite3

import click
from rich.console import Console
from rich.table import Table

from humas_crawler.cli.options import db_option, open_db_or_exit, since_option, site_or_exit
from humas_crawler.corpus import queries


@click.command()
@click.argument("query")
@click.option("--site", help="Only this site's articles.")
@since_option("Only articles published on or after DATE (YYYY-MM-DD).")
@click.option("--limit", default=20, show_default=True)
@db_option
def search(query, site, since, limit, db_path):
    """Full-text search of titles and bodies (SQLite FTS5 syntax: words, "phrases", OR, NOT)."""
    db = open_db_or_exit(db_path)
    site_or_exit(db, site)
    try:
        rows = queries.search(db, query, limit=limit, site=site, since=since)
    except sqlite3.OperationalError as exc:
        raise click.UsageError(f"cannot search for {query!r}: {exc}") from exc
    table = Table()
    for column in ("id", "site", "published_at", "title"):
        table.add_column(column)
    for row in rows:
        table.add_row(str(row["id"]), row["site"], row["published_at"] or "", row["title"])
    Console().print(table)
