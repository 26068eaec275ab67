"""``humas stats``: what the corpus holds, per site: articles, dates, the last crawl, fill rates."""

from __future__ import annotations

import json

import click
from rich import box
from rich.table import Table

from humas_crawler.cli.options import db_option, open_db_or_exit, table_console
from humas_crawler.corpus import queries
from humas_crawler.fields import FILL_RATE_FIELDS

OVERVIEW = (("articles", "articles"), ("first", "first_published"), ("last", "last_published"),
            ("last crawl", "last_crawl"), ("status", "last_status"), ("problem", "last_problem"))


def cell(row: dict, key: str) -> str:
    """A value as the table shows it: the crawl time to the minute (UTC), nothing for a null."""
    value = row.get(key)
    if key == "last_crawl" and value:
        return value[:16].replace("T", " ")
    return "" if value is None else str(value)


def overview_table(stats: dict) -> Table:
    """One row per site and a totals row: articles, first and last date, the last crawl run."""
    table = Table(title="Articles per site", box=box.SIMPLE_HEAD)
    table.add_column("site", no_wrap=True)
    for title, _ in OVERVIEW:
        table.add_column(title, justify="right" if title == "articles" else "left", no_wrap=title != "problem")
    for row in stats["sites"] + [{**stats["totals"], "site": f"all ({stats['totals']['sites']})"}]:
        table.add_row(row["site"], *(cell(row, key) for _, key in OVERVIEW),
                      end_section=row is stats["sites"][-1] if stats["sites"] else False)
    return table


def fill_rate_table(stats: dict) -> Table:
    """The share of articles with each field, per site and overall: where extraction falls short."""
    table = Table(title="Fill rates (share of articles with the field)", box=box.SIMPLE_HEAD)
    table.add_column("site", no_wrap=True)
    for name in FILL_RATE_FIELDS:
        table.add_column(name, justify="right")
    for row in stats["sites"] + [{**stats["totals"], "site": "all"}]:
        rates = (f"{100 * row['fill_rates'][name]:.0f}%" if row["articles"] else "" for name in FILL_RATE_FIELDS)
        table.add_row(row["site"], *rates)
    return table


@click.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@db_option
def stats(fmt, db_path):
    """Per site: articles, first and last publication date, last crawl and its status, fill rates.

    Dates are the page's local date (published_at keeps the page's UTC offset).
    """
    report = queries.corpus_stats(open_db_or_exit(db_path), FILL_RATE_FIELDS)
    if fmt == "json":
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    console = table_console()
    console.print(overview_table(report))
    console.print(fill_rate_table(report))
