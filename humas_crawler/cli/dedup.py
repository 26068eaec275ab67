"""``humas dedupe`` and ``humas clusters``: the near-duplicate index from the command line."""

import csv
import json
import sys
from concurrent.futures.process import BrokenProcessPool

import click
from rich import box
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from humas_crawler.cli.options import db_option, open_db_or_exit, since_option, site_or_exit, table_console
from humas_crawler.corpus.dedup import NearDuplicateIndex, StaleIndexError, rebuild_index
from humas_crawler.corpus.queries import cluster_report, cluster_rows, cluster_summary
from humas_crawler.settings import HUMAS_DEDUP_WORKERS, HUMAS_SQLITE_CACHE_MB


@click.command()
@db_option
@click.option("--rebuild", is_flag=True, help="Drop the near-duplicate index and recompute it over the whole corpus.")
@click.option("--workers", type=click.IntRange(min=1), default=HUMAS_DEDUP_WORKERS, show_default=True,
              help="Processes making the bodies' 3-grams ahead of the indexing (1: none, all in this one; "
                   "setting HUMAS_DEDUP_WORKERS).")
def dedupe(db_path: str, rebuild: bool, workers: int) -> None:
    """Cluster near-duplicate articles (reposts of the same release).

    Indexes the articles the crawl has not indexed yet; --rebuild starts from scratch, e.g.
    after changing the similarity settings.
    """
    db = open_db_or_exit(db_path, write=True, cache_mb=HUMAS_SQLITE_CACHE_MB)
    try:
        index = None if rebuild else NearDuplicateIndex(db)
    except StaleIndexError as exc:
        raise click.ClickException(str(exc)) from exc
    with Progress(
        TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
        console=Console(stderr=True),
    ) as progress:
        task = progress.add_task("rebuilding" if rebuild else "indexing", total=None)

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        try:
            indexed = rebuild_index(db, advance, workers) if rebuild else index.index_pending(advance, workers)
        except BrokenProcessPool as exc:  # a worker killed (out of memory?): what was committed stays
            raise click.ClickException(f"a worker process died ({exc}); run again, with --workers 1 "
                                       "if it happens again") from exc
    summary = cluster_summary(db)
    click.echo(f"indexed {indexed} articles; {summary['clusters']} clusters holding {summary['members']} articles")


@click.command()
@db_option
@click.option("--site", help="Only clusters with an article from this site.")
@since_option("Only clusters whose origin was published on or after DATE (YYYY-MM-DD).")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True,
              help="table: origins and copies with why each was linked; json: nested clusters; "
                   "csv: one row per member (the cluster_copies view).")
def clusters(db_path: str, site: str | None, since: str | None, fmt: str) -> None:
    """List near-duplicate clusters: each origin, then its copies with the rule and signals that
    linked them, the delay after the origin and the edit distance to it."""
    db = open_db_or_exit(db_path)
    site_or_exit(db, site)
    if fmt == "csv":
        rows = cluster_rows(db, site=site, since=since)
        writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]) if rows else ["cluster_id"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return
    report = cluster_report(db, site=site, since=since)
    if fmt == "json":
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
    elif not report:
        click.echo("no clusters")
    else:
        table_console().print(report_table(report))


def report_table(report: list[dict]) -> Table:
    """Per cluster its origin, then each copy with the delay after the origin, the edit distance to
    it and a line saying why it was linked. The signals share the title's cell rather than columns
    of their own, so the table stays readable in 80 columns (cron mail, a pipe)."""
    table = Table(title=f"{len(report)} clusters", box=box.SIMPLE_HEAD, padding=(0, 1),
                  caption="why: the decision rule; aligned: sentences of the shorter text with a near-identical "
                          "one in the other; quotes, specifics (dates, numbers, names): how many both name; agree: "
                          "share of the specifics the other names too (? when too few to tell); sim.: 3-gram "
                          "Jaccard; delay: hours after the origin; edit: word-level edit distance to it "
                          "(1 − 2·LCS/both lengths)")
    table.add_column("site", no_wrap=True)
    table.add_column("published", no_wrap=True)
    table.add_column("delay", justify="right", no_wrap=True)
    table.add_column("edit", justify="right", no_wrap=True)
    table.add_column("cluster · title · url · why", overflow="fold", ratio=1)
    for cluster in report:
        origin = cluster["origin"]
        heading = cell(f"[{cluster['cluster_id']}] ", "bold") + described(origin, "bold")
        table.add_row(cell(origin["site"], "bold"), cell(published(origin)), cell("origin"), cell(""), heading,
                      end_section=not cluster["copies"])
        for position, copy in enumerate(cluster["copies"], start=1):
            table.add_row(cell(copy["site"]), cell(published(copy)), cell(question(copy["delay_hours"], 1)),
                          cell(question(copy["edit_distance"], 2)), described(copy).append(why(copy), style="cyan"),
                          end_section=position == len(cluster["copies"]))
    return table


def published(member: dict) -> str:
    """Day and minute: the seconds and the offset would double the column's width."""
    return (member["published_at"] or "?")[:16].replace("T", " ")


def described(member: dict, style: str = "") -> Text:
    """The title, then the URL on its own line."""
    return cell(member["title"], style).append("\n" + (member["url"] or ""), style="dim")


def why(copy: dict) -> str:
    """The rule and the signals that linked a copy, one line; "?" where the index has no value
    (a link stored before the signals were)."""
    evidence = copy["evidence"]
    aligned = "?" if evidence["sentences"] is None else f"{evidence['aligned_sentences']}/{evidence['sentences']}"
    specifics = "?" if evidence["shared_specifics"] is None else len(evidence["shared_specifics"])
    return (f"\n{evidence['rule'] or '?'} · aligned {aligned} · quotes {question(evidence['shared_quotes'], 0)} · "
            f"specifics {specifics} · agree {question(evidence['agreement'], 2)} · "
            f"sim. {question(copy['similarity'], 2)}")


def question(value: float | None, digits: int) -> str:
    """A number with ``digits`` decimals, "?" when unknown (NULL)."""
    return "?" if value is None else f"{value:.{digits}f}"


def cell(value, style: str = "") -> Text:
    """A literal cell: titles such as "[FOTO] ..." must not be read as rich markup."""
    return Text("" if value is None else str(value), style=style)
