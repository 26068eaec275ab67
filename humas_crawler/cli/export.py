"""``humas export``: the corpus (or one row per cluster) as JSON lines or CSV under exports/."""

from __future__ import annotations

import csv
import json
from datetime import datetime
from pathlib import Path

import click
from rich.console import Console

from humas_crawler.cli.options import db_option, open_db_or_exit, since_option, site_or_exit
from humas_crawler.corpus import queries
from humas_crawler.fields import EXPORT_COLUMNS, FIELDS_BY_NAME, JSON_FIELDS

EXPORTS_DIR = Path("exports")


def write_jsonl(rows, handle) -> int:
    count = 0
    for count, row in enumerate(rows, 1):
        row = {**row, **{name: json.loads(row[name]) if row[name] else FIELDS_BY_NAME[name].kind()
                         for name in JSON_FIELDS if name in row}}
        handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    return count


def write_csv(rows, handle) -> int:
    writer = csv.DictWriter(handle, fieldnames=EXPORT_COLUMNS)
    writer.writeheader()
    count = 0
    for count, row in enumerate(rows, 1):
        writer.writerow(row)
    return count


def default_output(fmt: str) -> Path:
    """A new file under exports/ (made on first use) named for the time of the export."""
    EXPORTS_DIR.mkdir(exist_ok=True)
    return EXPORTS_DIR / f"articles-{datetime.now():%Y%m%d-%H%M%S}.{fmt}"


@click.command()
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True)
@click.option("--site", help="Only this site's articles.")
@since_option("Only articles published on or after DATE (YYYY-MM-DD).")
@click.option("--unique", is_flag=True, help="One row per near-duplicate cluster (its origin).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="Output file (default: exports/articles-<time>.<format>).")
@db_option
def export(fmt, site, since, unique, output, db_path):
    """Export articles for analysis tools that do not read SQLite."""
    db = open_db_or_exit(db_path)
    site_or_exit(db, site)
    rows = queries.export_rows(db, site=site, since=since, unique=unique)
    try:
        output = output or default_output(fmt)
        with open(output, "w", encoding="utf-8", newline="") as handle:
            count = (write_jsonl if fmt == "jsonl" else write_csv)(rows, handle)
    except OSError as exc:  # a read-only folder, a full disk: the machine's failure, exit 1
        raise click.ClickException(f"cannot write {exc.filename}: {exc.strerror}") from exc
    Console(stderr=True).print(f"{count} articles → {output}")
