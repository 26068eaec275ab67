"""``humas browse``: the corpus in Datasette, read-only, with titles, descriptions and canned queries."""

from __future__ import annotations

import asyncio
from pathlib import Path

import click

from humas_crawler.cli.options import db_option, open_db_or_exit
from humas_crawler.corpus import checkpoint
from humas_crawler.corpus import datasette as corpus_metadata


def datasette_app(db_path: Path):
    """A Datasette serving ``db_path`` immutable (read-only, row counts cached) with the corpus's
    metadata; installed plugins (datasette-pretty-json for tags, images, extraction) load themselves."""
    from datasette.app import Datasette  # imported here: the other commands need not load it
    from datasette.plugins import pm

    from humas_crawler.corpus import datasette_plugin

    if not pm.is_registered(datasette_plugin):  # the CLI's search syntax in the search box
        pm.register(datasette_plugin, name="humas_crawler")
    app = Datasette(immutables=[str(db_path)], metadata=corpus_metadata.metadata(db_path.stem))
    asyncio.run(app.invoke_startup())
    return app


@click.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0 shares the corpus with the network).")
@click.option("--port", default=8001, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
def browse(db_path, host, port):
    """Browse the corpus in Datasette, read-only: titles, descriptions, canned queries, FTS5 search."""
    import uvicorn  # a dependency of datasette

    path = Path(db_path).resolve()
    db = open_db_or_exit(str(path))
    if not checkpoint(db):
        click.echo("Warning: a crawl is writing to the corpus; its newest articles may not show until "
                   "`humas browse` is restarted.", err=True)
    db.close()
    click.echo(f"Serving {path} read-only on http://{host}:{port}/ (Ctrl-C stops)")
    uvicorn.run(datasette_app(path).app(), host=host, port=port, log_level="warning")
