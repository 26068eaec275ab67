"""``humas export``: the corpus (or a search, or one row per cluster) as JSON lines, CSV or Parquet."""

from __future__ import annotations

import csv
import json
import os
import tempfile
from contextlib import contextmanager
from datetime import datetime
from functools import partial
from pathlib import Path

import click
from rich.console import Console

from humas_crawler.cli.options import (
    check_filters, db_option, fts_or_exit, open_db_or_exit, since_option, site_option, until_option,
)
from humas_crawler.corpus import queries
from humas_crawler.fields import FIELDS_BY_NAME, JSON_FIELDS

EXPORTS_DIR = Path("exports")
# JSON lists that Parquet holds as lists; a JSON object (extraction, whose keys vary per article)
# stays JSON text there, as one column type must fit every row
PARQUET_LIST_FIELDS = ("tags", "images")
BATCH_ROWS = 2000


def decoded(row: dict) -> dict:
    """``row`` with its JSON fields as lists and objects (an absent value as an empty one)."""
    return {**row, **{name: json.loads(row[name]) if row[name] else FIELDS_BY_NAME[name].kind()
                      for name in JSON_FIELDS}}


def write_jsonl(rows, path: Path) -> int:
    count = 0
    with open(path, "w", encoding="utf-8") as handle:
        for count, row in enumerate(rows, 1):
            handle.write(json.dumps(decoded(row), ensure_ascii=False) + "\n")
    return count


def write_csv(rows, path: Path, excel: bool = False) -> int:
    """JSON fields stay JSON text. ``excel``: a byte-order mark, without which Excel reads UTF-8 as
    Windows-1252 and garbles “ ” – and every accented name."""
    count = 0
    with open(path, "w", encoding="utf-8-sig" if excel else "utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=queries.EXPORT_ROW_COLUMNS)
        writer.writeheader()
        for count, row in enumerate(rows, 1):
            writer.writerow(row)
    return count


def parquet_schema():
    """Column types from the field declaration: integers, text, and lists for PARQUET_LIST_FIELDS."""
    import pyarrow as pa

    lists = {"tags": pa.list_(pa.string()),
             "images": pa.list_(pa.struct([("url", pa.string()), ("caption", pa.string())]))}

    def column_type(name):
        if name in lists:
            return lists[name]
        field = FIELDS_BY_NAME.get(name)  # None: id, cluster_id, is_origin
        return pa.int64() if field is None or field.kind is int else pa.string()

    return pa.schema([(name, column_type(name)) for name in queries.EXPORT_ROW_COLUMNS])


def write_parquet(rows, path: Path) -> int:
    """Written in batches, so an export never holds the corpus in memory. pyarrow is imported here:
    loading it would cost every other ``humas`` command half a second."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = parquet_schema()
    count, batch = 0, []
    with pq.ParquetWriter(path, schema) as writer:
        for count, row in enumerate(rows, 1):
            lists = decoded(row)
            batch.append({**row, **{name: lists[name] for name in PARQUET_LIST_FIELDS}})
            if len(batch) == BATCH_ROWS:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                batch = []
        writer.write_table(pa.Table.from_pylist(batch, schema=schema))
    return count


WRITERS = {"jsonl": write_jsonl, "csv": write_csv, "parquet": write_parquet}


@contextmanager
def replaced_atomically(target: Path):
    """A temporary file beside ``target``, renamed onto it when the block ends without error and
    removed otherwise: a crash or a full disk never leaves half an export under the final name.
    mkstemp makes the file private (0600): it gets the mode a plain open() would have given."""
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    os.close(handle)
    try:
        yield Path(temporary)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, target)
    finally:
        Path(temporary).unlink(missing_ok=True)


def default_output(fmt: str) -> Path:
    """A file under exports/ named for the time of the export (the folder is made when writing)."""
    return EXPORTS_DIR / f"articles-{datetime.now():%Y%m%d-%H%M%S}.{fmt}"


@click.command()
@click.option("--format", "fmt", type=click.Choice(list(WRITERS)), default="jsonl", show_default=True)
@site_option
@since_option("Only articles published on or after DATE (YYYY-MM-DD, the page's local date).")
@until_option("Only articles published on or before DATE (YYYY-MM-DD, included).")
@click.option("--query", help="Only articles matching this search (the syntax of `humas search`).")
@click.option("--unique", is_flag=True, help="One row per near-duplicate cluster (its origin).")
@click.option("--excel", is_flag=True, help="CSV with a byte-order mark, so Excel reads it as UTF-8.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Output file (default: exports/articles-<time>.<format>).")
@db_option
def export(fmt, sites, since, until, query, unique, excel, output, db_path):
    """Export articles for pandas, R, Excel and other tools that do not read SQLite.

    Every stored field in a fixed order, then cluster_id and is_origin (0 for an article in no
    cluster); oldest first.
    """
    db = open_db_or_exit(db_path)
    check_filters(db, sites, since, until)
    if query:
        fts_or_exit(query)
    if excel and fmt != "csv":
        raise click.UsageError("--excel applies to --format csv only")
    rows = queries.export_rows(db, site=sites, since=since, until=until, query=query, unique=unique)
    output = output or default_output(fmt)
    try:
        if output.parent == EXPORTS_DIR:
            EXPORTS_DIR.mkdir(exist_ok=True)  # the default folder, made on first use
        writer = partial(write_csv, excel=excel) if fmt == "csv" else WRITERS[fmt]
        with replaced_atomically(output) as temporary:
            count = writer(rows, temporary)
    except OSError as exc:  # a read-only folder, a full disk: the machine's failure, exit 1
        raise click.ClickException(f"cannot write {output}: {exc.strerror}") from exc
    Console(stderr=True).print(f"{count} articles → {output}")
