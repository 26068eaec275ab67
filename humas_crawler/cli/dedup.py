"""``humas dedupe`` and ``humas clusters``: the near-duplicate index from the command line."""

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from humas_crawler.cli.options import db_option, open_db_or_exit, since_option, site_or_exit
from humas_crawler.corpus.dedup import NearDuplicateIndex, StaleIndexError, rebuild_index
from humas_crawler.corpus.queries import cluster_report, cluster_summary


@click.command()
@db_option
@click.option("--rebuild", is_flag=True, help="Drop the near-duplicate index and recompute it over the whole corpus.")
def dedupe(db_path: str, rebuild: bool) -> None:
    """Cluster near-duplicate articles (reposts of the same release).

    Indexes the articles the crawl has not indexed yet; --rebuild starts from scratch, e.g.
    after changing the similarity settings.
    """
    db = open_db_or_exit(db_path, write=True)
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

        indexed = rebuild_index(db, advance) if rebuild else index.index_pending(advance)
    summary = cluster_summary(db)
    click.echo(f"indexed {indexed} articles; {summary['clusters']} clusters holding {summary['members']} articles")


@click.command()
@db_option
@click.option("--site", help="Only clusters with an article from this site.")
@since_option("Only clusters whose origin was published on or after DATE (YYYY-MM-DD).")
def clusters(db_path: str, site: str | None, since: str | None) -> None:
    """List near-duplicate clusters: each origin, then its copies with delay and edit distance."""
    db = open_db_or_exit(db_path)
    site_or_exit(db, site)
    report = cluster_report(db, site=site, since=since)
    if not report:
        click.echo("no clusters")
        return
    Console().print(report_table(report))


def report_table(report: list[dict]) -> Table:
    table = Table(title=f"{len(report)} clusters", caption="edit distance: 1 − word-level difflib ratio against the origin")
    for column in ("cluster", "site", "title", "published", "delay (h)", "edit dist.", "url"):
        table.add_column(column, overflow="fold", justify="right" if column in ("delay (h)", "edit dist.") else "left")
    for cluster in report:
        origin = cluster["origin"]
        table.add_row(
            cell(cluster["cluster_id"]), cell(origin["site"], "bold"), cell(origin["title"], "bold"),
            cell(origin["published_at"]), cell("origin"), cell(""), cell(origin["url"]),
            end_section=not cluster["copies"],
        )
        for position, copy in enumerate(cluster["copies"], start=1):
            delay = "?" if copy["delay_hours"] is None else f"{copy['delay_hours']:.1f}"
            table.add_row(
                cell(""), cell(copy["site"]), cell(copy["title"]), cell(copy["published_at"]), cell(delay),
                cell(f"{copy['edit_distance']:.2f}"), cell(copy["url"]),
                end_section=position == len(cluster["copies"]),
            )
    return table


def cell(value, style: str = "") -> Text:
    """A literal cell: titles such as "[FOTO] ..." must not be read as rich markup."""
    return Text("" if value is None else str(value), style=style)
