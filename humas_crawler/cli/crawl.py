"""``humas crawl``, ``humas demo`` and ``humas mirror``: crawling the real sites or the mirror."""

from __future__ import annotations

import sqlite3
import sys
import time
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from humas_crawler import corpus
from humas_crawler.cli.options import db_option, open_db_or_exit
from humas_crawler.crawl.runner import MIRROR_SETTINGS, project_settings, run_spiders, spider_names

console = Console(stderr=True)


def resolve_spiders(requested: tuple[str, ...], crawl_all: bool) -> list[str]:
    """The spiders to run; an unknown name is a usage error listing the known ones."""
    known = spider_names(project_settings(corpus.default_db_path()))
    if crawl_all:
        return known
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
    db = corpus.open_corpus(db_path)
    total = db["articles"].count
    console.print(f"Corpus: [bold]{Path(db_path).resolve()}[/bold] ({total} articles)")


def run_problem(run: dict) -> str | None:
    """Why a run should wake someone up: the spider did not finish, fetched nothing, or every
    article it fetched was dropped (the site's layout changed under its selectors)."""
    if run["status"] != "finished":
        return f"ended with {run['status']}"
    if not run["pages"]:
        return "fetched no page"
    if run["dropped"] and not run["new"]:
        return f"dropped all {run['dropped']} articles it fetched (layout changed?)"
    return None


def check_runs(runs: list[dict]) -> int:
    """Exit status for cron: 1 when a run has a problem, so a broken site gets noticed."""
    problems = [(run["spider"], run_problem(run)) for run in runs]
    for spider, problem in problems:
        if problem:
            console.print(f"[red]{spider}: {problem}[/red]")
    return 1 if any(problem for _, problem in problems) else 0


@click.command()
@click.argument("spiders", nargs=-1)
@click.option("--all", "crawl_all", is_flag=True, help="Crawl every enabled site in the registry.")
@click.option("--backfill", is_flag=True, help="Walk all listing pages, not just the new ones.")
@click.option("--recheck", type=click.IntRange(min=1), metavar="DAYS",
              help="Also re-fetch articles of the last DAYS days (conditional GET); keep old text as a revision.")
@click.option("-v", "--verbose", is_flag=True, help="Show Scrapy's log.")
@db_option
def crawl(spiders, crawl_all, backfill, recheck, verbose, db_path):
    """Crawl the real sites (what cron runs every night) into the corpus."""
    open_db_or_exit(db_path)
    names = resolve_spiders(spiders, crawl_all)
    options = {"backfill": "1" if backfill else "", "recheck": recheck or ""}
    args = {name: {k: v for k, v in options.items() if v} for name in names}
    runs = run_spiders(names, db_path, spider_args=args, log_level="INFO" if verbose else "WARNING")
    print_summary(runs, db_path)
    sys.exit(check_runs(runs))


@click.command()
@click.option("-v", "--verbose", is_flag=True, help="Show Scrapy's log.")
@db_option
def demo(verbose, db_path):
    """Serve the offline mirror on a free loopback port and crawl all five sources from it."""
    open_db_or_exit(db_path)
    from humas_mirror import SITES, MirrorServer

    with MirrorServer(port=0) as mirror:
        console.print(f"Offline mirror serving at {mirror.url}")
        args = {site: {"base_url": mirror.base_url(site)} for site in SITES}
        runs = run_spiders(list(SITES), db_path, spider_args=args, overrides=MIRROR_SETTINGS,
                           log_level="INFO" if verbose else "WARNING")
    print_summary(runs, db_path)
    sys.exit(check_runs(runs))


@click.command()
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="0 picks a free port.")
def mirror(port):
    """Serve the offline mirror of the five sites on 127.0.0.1 until interrupted."""
    from humas_mirror import SITES, MirrorServer

    try:
        server = MirrorServer(port=port).start()
    except OSError as exc:
        raise click.ClickException(f"cannot listen on 127.0.0.1:{port}: {exc.strerror or exc}") from exc
    console.print(f"Offline mirror at {server.url} (Ctrl-C stops it) — try:")
    for site in SITES:
        console.print(f"  scrapy crawl {site} -a base_url={server.base_url(site)}")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


@click.command()
@click.argument("query")
@click.option("--site", help="Only this site's articles.")
@click.option("--since", metavar="DATE", help="Only articles published on or after DATE (YYYY-MM-DD).")
@click.option("--limit", default=20, show_default=True)
@db_option
def search(query, site, since, limit, db_path):
    """Full-text search of titles and bodies (SQLite FTS5 syntax: words, "phrases", OR, NOT)."""
    db = open_db_or_exit(db_path)
    table = Table()
    for column in ("id", "site", "published_at", "title"):
        table.add_column(column)
    try:
        rows = corpus.search(db, query, limit=limit, site=site, since=since)
    except sqlite3.OperationalError as exc:
        raise click.UsageError(f"cannot search for {query!r}: {exc}") from exc
    for row in rows:
        table.add_row(str(row["id"]), row["site"], row["published_at"] or "", row["title"])
    Console().print(table)
