"""Options and checks shared by the ``humas`` commands.

Every user mistake is a ``click.UsageError`` (exit 2) and every failure of the machine (a read-only
corpus or folder) a ``click.ClickException`` (exit 1): the ``humas`` group prints either as one
``Error:`` line, so cron mail and scripts never see a traceback.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import click

from humas_crawler.corpus import CorpusError, default_db_path, open_corpus, queries
from humas_crawler.crawl.registry import RegistryError


PIPE_WIDTH = 250  # columns a table gets in a pipe or a file, where rich would cut its cells to 80


def table_console():
    """The rich Console tables are printed on: the terminal's width on a terminal; PIPE_WIDTH when
    the output goes to a pipe, a file or cron mail, so no cell is cut to an ellipsis. (rich is
    imported here: every command reads this module, not every command prints a table.)"""
    from rich.console import Console

    console = Console()
    if not console.is_terminal:
        console.width = PIPE_WIDTH
    return console


def db_option(func):
    """``--db PATH``: the corpus file (default ``$HUMAS_DB`` or ./corpus.db)."""
    return click.option(
        "--db",
        "db_path",
        default=default_db_path,
        show_default="$HUMAS_DB or corpus.db",
        type=click.Path(dir_okay=False),
        help="SQLite corpus file.",
    )(func)


def open_db_or_exit(db_path: str, *, create: bool = False, write: bool = False, cache_mb: int | None = None):
    """Open the corpus or stop with one line.

    A command that only reads (or rebuilds what is there) refuses a file that does not exist:
    opening would create an empty corpus, so a typo in --db would look like an empty result.
    Only a crawl creates one (``create``). A command that writes (``write``, implied by
    ``create``) first checks that the file and its folder are writable (SQLite writes its WAL
    files and the crawl lock beside the corpus): a read-only corpus is a failure of the machine
    (exit 1), not a mistake in the command line. A path that cannot be a corpus is exit 2.
    """
    path = Path(db_path)
    if not create and not path.exists():
        raise click.UsageError(f"no corpus at {path}: the file does not exist (crawl into it first, or check --db)")
    if (create or write) and not writable(path):
        raise click.ClickException(f"corpus {path} is read-only: cannot write the file or its folder {path.parent}")
    try:
        return open_corpus(path, cache_mb)
    except CorpusError as exc:
        raise click.UsageError(str(exc)) from exc


def writable(path: Path) -> bool:
    """Whether ``path`` (if it exists) and its folder can be written by this process. ``os.access``
    asks the kernel for the real user: it says no on a read-only file system even to root."""
    if not path.parent.is_dir():
        return True  # no folder: open_corpus names that mistake
    return os.access(path.parent, os.W_OK) and (not path.exists() or os.access(path, os.W_OK))


def site_or_exit(db, site: str | None) -> None:
    """A ``--site`` must name a site of the corpus: a misspelt one would silently match nothing."""
    if site is None:
        return
    known = sorted(row["name"] for row in db["sites"].rows)
    if site not in known:
        raise click.UsageError(f"no site {site!r} in this corpus; known: {', '.join(known) or 'none yet'}")


def check_since(ctx, param, value: str | None) -> str | None:
    """``--since`` is compared as text with the stored ISO dates: a value that is not a real date
    (``notadate``, ``2023-13-45``) would filter nonsense without an error, so it is refused."""
    if value is not None:
        try:
            datetime.strptime(value, "%Y-%m-%d")
        except ValueError:
            raise click.BadParameter(f"{value!r} is not a date like 2024-01-31") from None
    return value


def since_option(help_text: str):
    """``--since DATE`` (YYYY-MM-DD), checked."""
    return click.option("--since", metavar="DATE", callback=check_since, help=help_text)


def check_http_url(url: str) -> str:
    """``url`` when it is a well-formed http(s) address; urllib raises ValueError deep inside a
    fetch for e.g. an unclosed IPv6 bracket, so malformed input is refused before any network."""
    try:
        parts = urlsplit(url)
        parts.port  # parsing the port is what raises for a bad one ("http://host:x/")
    except ValueError as exc:
        raise click.UsageError(f"{url!r} is not a valid URL: {exc}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise click.UsageError(f"{url!r} is not an http(s) URL")
    return url


def redis_or_exit(url: str) -> None:
    """A distributed crawl's Redis must be named by a redis:// URL and answer: otherwise one line
    (a bad URL is exit 2, a Redis that does not answer exit 1) before any spider starts.
    (redis is imported here: every other command would pay for it.)"""
    import redis

    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=5)
    except ValueError as exc:
        raise click.UsageError(f"{url!r} is not a Redis URL (redis://HOST:PORT/DB): {exc}") from None
    try:
        client.ping()
    except redis.RedisError as exc:
        raise click.ClickException(f"Redis at {url} does not answer: {exc}") from None


@contextmanager
def registry_errors(path):
    """A broken site registry at ``path`` (``--registry`` or ``$HUMAS_REGISTRY``) is the user's file:
    one line, exit 2."""
    try:
        yield
    except RegistryError as exc:
        raise click.UsageError(str(exc)) from exc


def site_option(func):
    """``--site NAME``, repeatable."""
    return click.option("--site", "sites", multiple=True, metavar="NAME",
                        help="Only this site's articles (repeat for several).")(func)


def until_option(help_text: str):
    """``--until DATE`` (YYYY-MM-DD), checked like ``--since``."""
    return click.option("--until", metavar="DATE", callback=check_since, help=help_text)


def check_filters(db, sites: tuple[str, ...], since: str | None, until: str | None) -> None:
    """Every --site must be in the corpus, and the date range must not be empty by construction:
    either mistake would otherwise look like a search that found nothing."""
    for site in sites:
        site_or_exit(db, site)
    if since and until and queries.parse_day(since) > queries.parse_day(until):
        raise click.UsageError(f"--since {since} is after --until {until}")


def fts_or_exit(query: str) -> None:
    """A query the parser refuses is the user's mistake: one line, exit 2."""
    try:
        queries.fts_query(query)
    except queries.QueryError as exc:
        raise click.UsageError(f"cannot search for {query!r}: {exc}") from None
