"""``humas schedule``: the crontab line of the nightly crawl for this checkout, and its installation."""

from __future__ import annotations

import os
import re
import shlex
import sys
from pathlib import Path

import click
from crontab import CronTab

from humas_crawler.cli.options import db_option

# What cron's bare environment would lose: the contact the servers see, a private registry.
CARRIED_ENVIRONMENT = ("HUMAS_CONTACT", "HUMAS_REGISTRY")
_AT_RE = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)")


def parse_at(ctx, param, value: str) -> tuple[int, int]:
    """``HH:MM`` (24-hour clock) as (hour, minute)."""
    match = _AT_RE.fullmatch(value)
    if not match:
        raise click.BadParameter(f"{value!r} is not a time like 02:15 (HH:MM, 24-hour clock)")
    return int(match.group(1)), int(match.group(2))


def humas_executable() -> Path:
    """The ``humas`` script of the environment running this command (beside ``sys.executable``, not
    resolved: a venv's python is a link into the base interpreter, whose folder has no humas)."""
    executable = Path(sys.executable).absolute().parent / "humas"
    if not executable.is_file():
        raise click.ClickException(f"no humas command beside {sys.executable}: install the checkout (pip install -e .)")
    return executable


def existing_folder(path: str, what: str) -> Path:
    """``path`` made absolute (cron runs from the home folder); its folder must exist tonight."""
    absolute = Path(path).expanduser().absolute()
    if not absolute.parent.is_dir():
        raise click.UsageError(f"{what} {absolute}: folder {absolute.parent} does not exist")
    return absolute


def cron_command(db: Path, log_file: Path) -> str:
    """The job's command: this checkout's ``humas crawl --all`` with absolute paths, quiet (cron mails
    what it prints: warnings, errors and the summary), everything in the log file, the carried
    environment in front (python-crontab escapes ``%``, which cron reads as a newline)."""
    env = [f"{name}={shlex.quote(os.environ[name])}" for name in CARRIED_ENVIRONMENT if os.environ.get(name)]
    words = [str(humas_executable()), "crawl", "--all", "--db", str(db), "--log-file", str(log_file), "--quiet"]
    return " ".join([*env, *map(shlex.quote, words)])


def job_comment(db: Path) -> str:
    """What identifies the job: one nightly crawl per corpus, so a reinstall replaces it."""
    return f"humas-crawler {db}"


def user_crontab(crontab_file: str | None) -> CronTab:
    """The user's crontab, or the file given instead (tests must never touch the real one)."""
    if crontab_file is None:
        return CronTab(user=True)
    Path(crontab_file).touch()
    return CronTab(tabfile=crontab_file)


def add_job(cron: CronTab, hour: int, minute: int, db: Path, log: Path):
    """Add the nightly crawl of ``db`` to ``cron``, removing its earlier jobs there (identified by
    :func:`job_comment`): a second install replaces, never duplicates. The job and how many went."""
    comment = job_comment(db)
    earlier = list(cron.find_comment(comment))
    cron.remove(*earlier)
    job = cron.new(command=cron_command(db, log), comment=comment)
    job.setall(minute, hour, "*", "*", "*")
    return job, len(earlier)


def install(hour: int, minute: int, db: Path, log: Path, crontab_file: str | None) -> tuple[str, int]:
    """Write the job into the user's crontab: its line and how many earlier ones it replaced."""
    try:
        cron = user_crontab(crontab_file)
        job, replaced = add_job(cron, hour, minute, db, log)
        cron.write()
    except OSError as exc:  # python-crontab's IOError: no crontab program, crontab refused the table
        raise click.ClickException(f"cannot install into the crontab: {exc}") from exc
    return str(job), replaced


@click.command()
@click.option("--at", "at", default="02:15", show_default=True, callback=parse_at, metavar="HH:MM",
              help="When the crawl runs every night (the machine's local time).")
@click.option("--install", "install_it", is_flag=True, help="Add the line to your crontab (replacing this corpus's earlier one).")
@db_option
@click.option("--log-file", type=click.Path(dir_okay=False), show_default="the corpus's path with .log",
              help="Log file the nightly crawl appends to.")
@click.option("--crontab-file", type=click.Path(dir_okay=False), hidden=True,
              help="A crontab file to install into instead of the user's (tests).")
def schedule(at, install_it, db_path, log_file, crontab_file):
    """Print (or --install) the crontab line that crawls every site nightly."""
    hour, minute = at
    db = existing_folder(db_path, "corpus")
    log = existing_folder(log_file or str(db.with_suffix(".log")), "log file")
    if not install_it:
        job, _ = add_job(CronTab(tab=""), hour, minute, db, log)
        click.echo(str(job))
        return
    line, replaced = install(hour, minute, db, log, crontab_file)
    click.echo(line)
    replacing = f", replacing {replaced} earlier line(s) for this corpus" if replaced else ""
    click.echo(f"installed in {crontab_file or 'your crontab'}{replacing}", err=True)
