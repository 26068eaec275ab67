"""``humas sites``: list, show, add (probe a new site) and check registry entries."""

from __future__ import annotations

import logging
import os
import tempfile
from dataclasses import asdict
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from humas_crawler.cli.crawl import problem_of
from humas_crawler.cli.options import check_http_url, registry_errors
from humas_crawler.corpus import open_corpus, queries
from humas_crawler.extraction.layers import extract_article
from humas_crawler.fields import FILL_RATE_FIELDS
from humas_crawler.crawl.probe import ProbeError, probe
from humas_crawler.crawl.registry import (
    ZONES, RegistryError, append_entry, default_registry, entry_toml, load_registry, registry_path,
)

console = Console()


def registry_option(func):
    return click.option("--registry", "registry_path", type=click.Path(dir_okay=False),
                        default=lambda: str(registry_path()), show_default="$HUMAS_REGISTRY or spiders/sites.toml",
                        help="Site registry file.")(func)


def load_or_exit(path):
    with registry_errors(path):
        return load_registry(path)


@click.group()
def sites():
    """The site registry: list, show, add and check sites."""


@sites.command("list")
@registry_option
def list_sites(registry_path):
    """Every site in the registry."""
    table = Table()
    for column in ("name", "platform", "discovery", "timezone", "verified", "enabled", "url"):
        table.add_column(column)
    for entry in load_or_exit(registry_path).values():
        table.add_row(entry.name, entry.platform or "", ",".join(entry.discovery), entry.timezone,
                      "yes" if entry.verified else "no", "yes" if entry.enabled else "no", entry.url)
    console.print(table)


@sites.command()
@click.argument("name")
@registry_option
def show(name, registry_path):
    """One site's entry (with its platform's defaults filled in)."""
    registry = load_or_exit(registry_path)
    if name not in registry:
        raise click.UsageError(f"no site named {name!r}; see `humas sites list`")
    for key, value in asdict(registry[name]).items():
        console.print(f"[bold]{key:<16}[/bold] {value}")


@sites.command()
@click.argument("url")
@click.option("--name", help="Registry name (default: from the host name).")
@click.option("--province", help="Province, e.g. 'Kalimantan Timur'.")
@click.option("--timezone", "zone", type=click.Choice(ZONES), default="WIB", show_default=True)
@click.option("--yes", is_flag=True, help="Write the entry without asking.")
@registry_option
def add(url, name, province, zone, yes, registry_path):
    """Probe a site, propose an entry with its best strategy, show two sample articles (sampled pages
    that are listings are rejected), write it."""
    try:
        proposal = probe(check_http_url(url))
    except ProbeError as exc:
        raise click.ClickException(str(exc)) from exc
    if name:
        proposal.name = name
    values = proposal.entry(province=province, timezone=zone)
    for note in proposal.notes:
        console.print(f"• {note}", markup=False)
    console.print(f"Platform: [bold]{proposal.platform or 'unknown'}[/bold]; discovery: [bold]{', '.join(proposal.discovery)}[/bold]")
    show_samples(proposal, zone)
    console.print(entry_toml(values), markup=False)
    if not yes and not click.confirm(f"Add {proposal.name} to {registry_path}?", default=True):
        raise SystemExit(1)
    try:
        append_entry(values, registry_path)
    except RegistryError as exc:
        raise click.ClickException(str(exc)) from exc
    console.print(f"Added [bold]{proposal.name}[/bold]: try `scrapy crawl {proposal.name}` or `humas sites check {proposal.name}`")


def show_samples(proposal, zone: str) -> None:
    """How many sampled pages were articles and how many listings, each page not an article with
    the reason, and what extraction makes of the article pages (the site's selectors judged on
    articles only)."""
    counts = proposal.kind_counts()
    console.print(f"Samples: {counts.get('article', 0)} article(s), {counts.get('listing', 0)} listing(s)"
                  + "".join(f", {n} {kind}" for kind, n in counts.items() if kind not in ("article", "listing"))
                  + f" of {len(proposal.pages)} page(s) fetched", markup=False)
    for page in proposal.rejected:
        console.print(f"  rejected {page.url}: {page.reason}", markup=False)
    for page in proposal.articles:
        article = extract_article(page.html, url=page.final_url, zone=zone)
        console.print(f"Sample {page.url}\n  title: {article['title']}\n  published: {article['published_at']}\n"
                      f"  body: {(article['body'] or '')[:160]}…", markup=False)


@sites.command()
@click.argument("name")
@click.option("--base-url", help="Fetch from another origin (e.g. the offline mirror).")
@click.option("--pages", default=10, show_default=True, help="Articles to fetch.")
@click.option("-v", "--verbose", is_flag=True, help="Show Scrapy's log.")
@registry_option
def check(name, base_url, pages, verbose, registry_path):
    """Crawl a handful of articles into a scratch corpus and report each field's fill rate."""
    from humas_crawler.crawl.runner import run_spiders

    registry = load_or_exit(registry_path)
    if name not in registry:
        raise click.UsageError(f"no site named {name!r}; see `humas sites list`")
    # the spider loader builds its spiders from $HUMAS_REGISTRY: make that the registry checked here
    os.environ["HUMAS_REGISTRY"] = str(Path(registry_path).resolve())
    default_registry.cache_clear()
    with tempfile.TemporaryDirectory() as folder:
        db_path = Path(folder) / "check.db"
        args = {name: {"base_url": base_url}} if base_url else None
        # the report is the table or one line saying why there is none: Scrapy's log only when asked
        runs = run_spiders([name], str(db_path), spider_args=args, overrides={"CLOSESPIDER_ITEMCOUNT": pages},
                           log_level="INFO" if verbose else "WARNING", show_progress=False,
                           stats_sink=(stats := {}), log_handlers=None if verbose else [logging.NullHandler()])
        total, rates = queries.fill_rates(open_corpus(db_path), FILL_RATE_FIELDS)
    if not total:
        raise click.ClickException(f"{name}: no article could be stored{why_none(runs, stats.get(name, {}))}")
    table = Table(title=f"{name}: fill rates over {total} articles")
    table.add_column("field")
    table.add_column("filled", justify="right")
    for field_name, rate in rates.items():
        table.add_row(field_name, f"{100 * rate:.0f}%")
    console.print(table)


def why_none(runs: list[dict], stats: dict) -> str:
    """``: fetched no page (DownloadConnectionRefusedError ×3)``: the run's verdict and the download
    errors Scrapy counted, which the check's quiet log does not show."""
    problem = next(filter(None, map(problem_of, runs)), "no article found")
    errors = [f"{key.rsplit('.', 1)[-1]} ×{count}" for key, count in stats.items()
              if key.startswith("downloader/exception_type_count/")]
    return f": {problem}" + (f" ({', '.join(errors)})" if errors else "")
