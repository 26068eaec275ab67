"""Options and helpers shared by the ``humas`` commands."""

import click

from humas_crawler.corpus import CorpusError, default_db_path, open_corpus


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


def open_db_or_exit(db_path: str):
    """Open the corpus or stop with a one-line error (exit code 2): a bad path is a user mistake."""
    try:
        return open_corpus(db_path)
    except CorpusError as exc:
        raise click.UsageError(str(exc)) from exc
