"""``humas crawl``: crawl the real sites (what cron runs every night) into the corpus.

How a crawl reports, here for ``humas crawl`` and ``humas demo`` alike: a person at a terminal
gets a live board and a summary table; cron, a pipe or ``--quiet`` gets plain lines, each starting
with an ISO timestamp and naming its run (``crawl.logformatter.CronFormatter``), and ``--log-file``
appends the same lines to a file. The exit status tells cron what happened (:func:`exit_status`).
"""

from __future__ import annotations

import functools
import logging
import os
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from humas_crawler.cli.options import db_option, open_db_or_exit, redis_or_exit, registry_errors
from humas_crawler.corpus import default_db_path, lock, queries
from humas_crawler.corpus.lock import CorpusBusy
from humas_crawler.crawl.logformatter import CronFormatter
from humas_crawler.crawl.registry import crawlable, default_registry, registry_path
from humas_crawler.crawl.runner import fetches_only_loopback, project_settings, run_spiders, spider_names

console = Console(stderr=True)
NOTICES = logging.getLogger("humas")  # the command's own lines: where the mirror serves, warnings
RESULTS = logging.getLogger("humas.runs")  # a line per run and the summary line: the table's plain twin
COUNTS = ("pages", "new", "duplicate", "dropped")  # the crawl_runs counts a report shows
EXIT_FAILED = 1
EXIT_LOCKED = 3
EXIT_ALARM = 4


def resolve_spiders(requested: tuple[str, ...], crawl_all: bool, include_unverified: bool = False) -> list[str]:
    """The spiders to run; an unknown name is a usage error listing the known ones. ``--all`` means
    the registry's enabled entries that are verified (unverified too when asked)."""
    with registry_errors(registry_path()):
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


# ---- how a crawl reports ------------------------------------------------------------------------

@dataclass(frozen=True)
class Reporting:
    """How a crawl command reports: ``verbose`` adds Scrapy's INFO log and tracebacks, ``quiet``
    keeps warnings, errors and the summary line only, ``log_file`` gets every plain line,
    ``fail_on_alarm`` turns the runs' alarms into exit 4."""

    verbose: bool = False
    quiet: bool = False
    log_file: str | None = None
    fail_on_alarm: bool = False

    @property
    def live(self) -> bool:
        """A board and a table are for a person watching; when stdout or stderr goes to cron, a
        pipe or a file, box drawing and redrawn bars would only garble it."""
        return not self.quiet and sys.stdout.isatty() and sys.stderr.isatty()

    @property
    def scrapy_level(self) -> int:
        return logging.INFO if self.verbose else logging.WARNING


def reporting_options(func):
    """``-v``, ``-q``, ``--log-file`` and ``--fail-on-alarm`` (``humas crawl``, ``humas demo``), handed to
    the command as one ``reporting`` argument."""

    @click.option("-v", "--verbose", is_flag=True, help="Show Scrapy's log (INFO) and tracebacks.")
    @click.option("-q", "--quiet", is_flag=True,
                  help="Print only warnings, errors and the one-line summary (for cron; --log-file still gets every line).")
    @click.option("--log-file", type=click.Path(dir_okay=False),
                  help="Append the log, one timestamped line per event, to this file.")
    @click.option("--fail-on-alarm", is_flag=True, help="Exit 4 when the runs raised alarms (and no site failed).")
    @functools.wraps(func)
    def command(*args, verbose, quiet, log_file, fail_on_alarm, **kwargs):
        if verbose and quiet:
            raise click.UsageError("--verbose and --quiet exclude each other")
        return func(*args, reporting=Reporting(verbose, quiet, log_file, fail_on_alarm), **kwargs)

    return command


class Shown(logging.Filter):
    """Which records one destination writes: Scrapy's (and the spiders') from ``scrapy`` up, the
    command's notices from ``notices`` up, run lines from ``runs`` up (None: none, as on a terminal
    where the table shows them); the summary line goes wherever run lines may."""

    def __init__(self, scrapy: int, notices: int, runs: int | None):
        super().__init__()
        self.scrapy = scrapy
        self.levels = {NOTICES.name: notices, RESULTS.name: runs}

    def filter(self, record: logging.LogRecord) -> bool:
        level = self.levels.get(record.name, self.scrapy)
        return level is not None and (record.levelno >= level or getattr(record, "summary", False))


class StderrHandler(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is when a record comes: rich's live board swaps it to print
    lines above the board (a handler holding the original stream would tear the board)."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _):
        pass  # StreamHandler.__init__ assigns one; the current sys.stderr is always used


def console_handler(reporting: Reporting) -> logging.Handler:
    """stderr: under --quiet warnings, errors and the summary; else Scrapy's log at its level, the
    command's notices, and the run lines unless a live table shows them."""
    if reporting.quiet:
        shown = Shown(logging.WARNING, logging.WARNING, logging.WARNING)
    else:
        shown = Shown(reporting.scrapy_level, logging.INFO, None if reporting.live else logging.INFO)
    return configured(StderrHandler(), shown, reporting)


def file_handler(reporting: Reporting) -> logging.Handler:
    """The --log-file, appended to (a nightly run adds its lines to the previous nights')."""
    try:
        handler = logging.FileHandler(reporting.log_file, mode="a", encoding="utf-8")
    except OSError as exc:
        raise click.UsageError(f"cannot append to log file {reporting.log_file}: {exc.strerror}") from exc
    return configured(handler, Shown(reporting.scrapy_level, logging.INFO, logging.INFO), reporting)


def configured(handler: logging.Handler, shown: Shown, reporting: Reporting) -> logging.Handler:
    handler.setFormatter(CronFormatter(tracebacks=reporting.verbose))
    handler.addFilter(shown)
    return handler


@contextmanager
def crawl_logging(reporting: Reporting):
    """The console's (and the log file's) handlers on the root logger for one crawl command, removed
    afterwards; yields them for :func:`run_spiders`, which then leaves Scrapy's own handler out."""
    handlers = [console_handler(reporting)] + ([file_handler(reporting)] if reporting.log_file else [])
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.INFO)
    for handler in handlers:
        root.addHandler(handler)
    try:
        yield handlers
    finally:
        for handler in handlers:
            root.removeHandler(handler)
            handler.close()
        root.setLevel(level)


def warn_placeholder_contact(spider_args: dict) -> None:
    """Servers read HUMAS_CONTACT in the User-Agent (settings.py); unset, it is a placeholder, which
    a crawl of real sites should not send unnoticed. A crawl of this machine (the mirror) asks nobody."""
    if not os.environ.get("HUMAS_CONTACT") and not fetches_only_loopback(spider_args):
        NOTICES.warning("HUMAS_CONTACT is not set: the User-Agent the sites see carries a placeholder contact; "
                        "set HUMAS_CONTACT to your contact URL or e-mail")


# ---- results and exit status --------------------------------------------------------------------

def problem_of(run: dict) -> str | None:
    """Why a run counts as failed: its health verdict (``crawl_runs.problem``, judged by
    CrawlRunExtension), or that it never closed (killed)."""
    return run["problem"] or (None if run["finished_at"] else "did not close")


def check_runs(runs: list[dict]) -> int:
    """Exit status for cron: 1 when a run failed (:func:`problem_of`), so a broken site gets noticed."""
    return EXIT_FAILED if any(problem_of(run) for run in runs) else 0


def print_summary(runs: list[dict], alarms: list[dict], db_path: str, live: bool) -> None:
    """The runs' results: on a terminal a table and the alarms under it; always a line per run (an
    ERROR line for a failed one) and the summary line, for the log file and for a console that is
    not a terminal (the monitors logged each alarm as a warning when it was raised)."""
    total = queries.article_count(open_db_or_exit(db_path))
    if live:
        console.print(summary_table(runs))
        for alarm in alarms:
            console.print(Text(f"alarm {alarm['kind']} on {alarm['site']} (run {alarm['run_id']}): {alarm['message']}",
                               style="yellow"))
        console.print(f"Corpus: [bold]{Path(db_path).resolve()}[/bold] ({total} articles)")
    for run in runs:
        problem = problem_of(run)
        RESULTS.log(logging.ERROR if problem else logging.INFO, "%s, %s%s", run["status"] or "?", counts_text(run),
                    f": {problem}" if problem else "", extra={"spider": run["spider"], "run_id": run["id"]})
    RESULTS.info("Crawl summary: %s", summary_text(runs, alarms, db_path, total), extra={"summary": True})


def counts_text(run: dict) -> str:
    return ", ".join(f"{run[key] or 0} {key}" for key in COUNTS)


def summary_text(runs: list[dict], alarms: list[dict], db_path: str, total: int) -> str:
    """``5 sites, 171 new, 0 duplicate, 0 dropped, 1 failed (kaltimprov), 0 alarms; runs 12-16; corpus
    PATH holds 171 articles``: what cron mails under --quiet, so it names the failed sites and the
    runs to look up."""
    failed = [run["spider"] for run in runs if problem_of(run)]
    sums = [f"{sum(run[key] or 0 for run in runs)} {key}" for key in COUNTS[1:]]
    failures = f"{len(failed)} failed" + (f" ({', '.join(failed)})" if failed else "")
    return "; ".join([", ".join([counted(len(runs), "site"), *sums, failures, counted(len(alarms), "alarm")]),
                      run_span(runs),
                      f"corpus {Path(db_path).resolve()} holds {total} articles"])


def counted(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def run_span(runs: list[dict]) -> str:
    ids = [run["id"] for run in runs]
    return f"runs {ids[0]}-{ids[-1]}" if len(ids) > 1 else f"run {ids[0]}" if ids else "no run"


def summary_table(runs: list[dict]) -> Table:
    table = Table(title="Crawl summary")
    for column in ("site", "run", "status", *COUNTS, "problem"):
        table.add_column(column, justify="right" if column == "run" or column in COUNTS else "left")
    for run in runs:
        table.add_row(run["spider"], str(run["id"]), run["status"] or "?", *(str(run[key] or 0) for key in COUNTS),
                      problem_of(run) or "", style="red" if problem_of(run) else None)
    return table


def exit_status(runs: list[dict], alarms: list[dict], fail_on_alarm: bool) -> int:
    """0 healthy, 1 a site failed, 4 alarms with ``--fail-on-alarm`` (a failed site weighs more);
    2 (usage) and 3 (locked) are decided before any run."""
    return check_runs(runs) or (EXIT_ALARM if fail_on_alarm and alarms else 0)


# ---- the crawl ----------------------------------------------------------------------------------

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


def crawl_and_report(names: list[str], db_path: str, spider_args: dict, reporting: Reporting,
                     notice: str | None = None) -> None:
    """Run the spiders, report them and exit with the cron status; ``notice`` is a first line to
    log (``humas demo``: where its mirror serves)."""
    with crawl_lock_or_exit(db_path), crawl_logging(reporting) as handlers:
        if notice:
            NOTICES.info(notice)
        warn_placeholder_contact(spider_args)
        runs = run_spiders(names, db_path, spider_args=spider_args, log_level=logging.getLevelName(reporting.scrapy_level),
                           show_progress=reporting.live, log_handlers=handlers)
        alarms = queries.run_alarms(open_db_or_exit(db_path), [run["id"] for run in runs])
        print_summary(runs, alarms, db_path, reporting.live)
    sys.exit(exit_status(runs, alarms, reporting.fail_on_alarm))


def crawl_as_worker(names: list[str], db_path: str, spider_args: dict, reporting: Reporting, redis_url: str) -> None:
    """One worker of a distributed crawl (README "Distributed crawling"): the same spiders with the
    distributed settings overlay. The single writer holds the corpus and records the runs, so the
    worker reports from its own stats, a line per spider, and exits 1 when one did not finish."""
    stats: dict[str, dict] = {}
    with crawl_logging(reporting) as handlers:
        warn_placeholder_contact(spider_args)
        run_spiders(names, db_path, spider_args=spider_args, overrides={"HUMAS_REDIS_URL": redis_url},
                    log_level=logging.getLevelName(reporting.scrapy_level), show_progress=reporting.live,
                    stats_sink=stats, log_handlers=handlers)
        for name in names:
            figures = stats.get(name, {})
            reason = figures.get("finish_reason", "not started")
            RESULTS.log(logging.INFO if reason == "finished" else logging.ERROR,
                        "worker %s: %s pages, %s articles queued for the writer", reason,
                        figures.get("response_received_count", 0), figures.get("distributed/items_queued", 0),
                        extra={"spider": name})
    sys.exit(0 if all(stats.get(name, {}).get("finish_reason") == "finished" for name in names) else EXIT_FAILED)


@click.command()
@click.argument("spiders", nargs=-1)
@click.option("--all", "crawl_all", is_flag=True, help="Crawl every enabled, verified site in the registry.")
@click.option("--include-unverified", is_flag=True, help="With --all: also the sites not yet verified.")
@click.option("--backfill", is_flag=True, help="Walk all listing pages, not just the new ones.")
@click.option("--recheck", type=click.IntRange(min=1), metavar="DAYS",
              help="Also re-fetch articles of the last DAYS days (conditional GET); keep old text as a revision.")
@click.option("--distributed", is_flag=True,
              help="Be one worker of a distributed crawl: shared frontier in Redis, articles to `humas store-worker`.")
@click.option("--redis", "redis_url", metavar="URL", help="With --distributed: redis://HOST:PORT/DB.")
@reporting_options
@db_option
def crawl(spiders, crawl_all, include_unverified, backfill, recheck, distributed, redis_url, reporting, db_path):
    """Crawl the real sites (what cron runs every night) into the corpus.

    Exit status: 0 every site healthy, 1 a site failed, 2 usage, 3 the corpus is being crawled,
    4 alarms (with --fail-on-alarm).
    """
    if redis_url and not distributed:
        raise click.UsageError("--redis is for a distributed crawl: add --distributed")
    if distributed and not redis_url:
        raise click.UsageError("--distributed needs --redis redis://HOST:PORT/DB")
    names = resolve_spiders(spiders, crawl_all, include_unverified)
    options = {"backfill": "1" if backfill else "", "recheck": recheck or ""}
    spider_args = {name: {k: v for k, v in options.items() if v} for name in names}
    if distributed:
        redis_or_exit(redis_url)
        crawl_as_worker(names, db_path, spider_args, reporting, redis_url)
    open_db_or_exit(db_path, create=True)
    crawl_and_report(names, db_path, spider_args, reporting)
