"""``humas crawl``: crawl the real sites (what cron runs every night) into the corpus."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from humas_crawler.cli.options import db_option, open_db_or_exit
from humas_crawler.corpus import default_db_path, queries
from humas_crawler.corpus import lock
from humas_crawler.corpus.lock import CorpusBusy
from humas_crawler.crawl.registry import crawlable, default_registry
from humas_crawler.crawl.runner import project_settings, run_spiders, spider_names

console = Console(stderr=True)


def resolve_spiders(requested: tuple[str, ...], crawl_all: bool, include_unverified: bool = False) -> list[str]:
    """The spiders to run; an unknown name is a usage error listing the known ones. ``--all`` means
    the registry's enabled entries that are verified (unverified too when asked)."""
    known = spider_names(project_settings(default_db_path()))
    if crawl_all:
        chosen = {entry.name for entry in crawlable(default_registry().values(), include_unverified)}
        return [name for name in known if name in chosen]
    if not requested:
        raise click.UsageError("name at least one spider, or use --all (see `scrapy list`)")
    unknown = [name for name in requested if name not in known]
    if unknown:
        raise click.UsageError(f"unknown spider {', '.join(unknown)}; known: {', '.join(known)}")
    return list(dict.fromkeys(requested))


def print_summary(runs: list[dict], db_path: str) -> None:
    table = Table(title="Crawl summary")
    for column in ("site", "status", "pages", "new", "duplicate", "dropped"):
        table.add_column(column, justify="left" if column in ("site", "status") else "right")
    for run in runs:
        table.add_row(run["spider"], run["status"] or "?", *(str(run[k] or 0) for k in ("pages", "new", "duplicate", "dropped")))
    console.print(table)
    total = queries.article_count(open_db_or_exit(db_path))
    console.print(f"Corpus: [bold]{Path(db_path).resolve()}[/bold] ({total} articles)")


def check_runs(runs: list[dict]) -> int:
    """Exit status for cron: 1 when a run closed unhealthy (``crawl_runs.problem``, judged by
    CrawlRunExtension) or never closed, so a broken site gets noticed."""
    problems = [(run["spider"], run["problem"] or (None if run["finished_at"] else "did not close"))
                for run in runs]
    for spider, problem in problems:
        if problem:
            console.print(f"[red]{spider}: {problem}[/red]")
    return 1 if any(problem for _, problem in problems) else 0


EXIT_LOCKED = 3


@contextmanager
def crawl_lock_or_exit(db_path: str):
    """Hold the corpus's crawl lock, or print who holds it (one line) and exit 3."""
    try:
        lock.acquire(db_path)
    except CorpusBusy as exc:
        click.echo(str(exc), err=True)
        sys.exit(EXIT_LOCKED)
    try:
        yield
    finally:
        lock.release(db_path)


def crawl_and_report(names: list[str], db_path: str, spider_args: dict, verbose: bool) -> None:
    """Run the spiders, print the summary and exit with the cron status."""
    with crawl_lock_or_exit(db_path):
        runs = run_spiders(names, db_path, spider_args=spider_args, log_level="INFO" if verbose else "WARNING")
    print_summary(runs, db_path)
    sys.exit(check_runs(runs))


@click.command()
@click.argument("spiders", nargs=-1)
@click.option("--all", "crawl_all", is_flag=True, help="Crawl every enabled, verified site in the registry.")
@click.option("--include-unverified", is_flag=True, help="With --all: also the sites not yet verified.")
@click.option("--backfill", is_flag=True, help="Walk all listing pages, not just the new ones.")
@click.option("--recheck", type=click.IntRange(min=1), metavar="DAYS",
              help="Also re-fetch articles of the last DAYS days (conditional GET); keep old text as a revision.")
@click.option("-v", "--verbose", is_flag=True, help="Show Scrapy's log.")
@db_option
def crawl(spiders, crawl_all, include_unverified, backfill, recheck, verbose, db_path):
    """Crawl the real sites (what cron runs every night) into the corpus."""
    open_db_or_exit(db_path)
    names = resolve_spiders(spiders, crawl_all, include_unverified)
    options = {"backfill": "1" if backfill else "", "recheck": recheck or ""}
    crawl_and_report(names, db_path, {name: {k: v for k, v in options.items() if v} for name in names}, verbose)
