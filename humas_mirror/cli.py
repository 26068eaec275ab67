"""``humas demo`` and ``humas mirror``: the offline mirror's commands, added to ``humas`` through
the ``humas.commands`` entry points (pyproject.toml)."""

from __future__ import annotations

import signal
import threading

import click
from rich.console import Console

from humas_crawler.cli.crawl import crawl_and_report, crawl_lock_or_exit, reporting_options
from humas_crawler.cli.options import db_option, open_db_or_exit
from humas_mirror import SITES, MirrorServer

console = Console(stderr=True)


@click.command()
@reporting_options
@db_option
def demo(reporting, db_path):
    """Serve the offline mirror on a free loopback port and crawl all five sources from it.

    Reports and exits like `humas crawl`.
    """
    open_db_or_exit(db_path, create=True)
    with crawl_lock_or_exit(db_path), MirrorServer(port=0) as mirror:
        crawl_and_report(list(SITES), db_path, {site: {"base_url": mirror.base_url(site)} for site in SITES},
                         reporting, notice=f"offline mirror serving at {mirror.url}")


@click.command()
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="0 picks a free port.")
def mirror(port):
    """Serve the offline mirror of the five sites on 127.0.0.1 until interrupted."""
    try:
        server = MirrorServer(port=port).start()
    except OSError as exc:
        raise click.ClickException(f"cannot listen on 127.0.0.1:{port}: {exc.strerror or exc}") from exc
    stopping = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        # set explicitly, not left to KeyboardInterrupt: a parent that ignores SIGINT (a script, a
        # test run) would otherwise leave Ctrl-C without effect; SIGTERM is how a service is stopped
        signal.signal(signum, lambda *_: stopping.set())
    try:
        console.print(f"Offline mirror at {server.url} (Ctrl-C stops it) — try:")
        for site in SITES:
            console.print(f"  scrapy crawl {site} -a base_url={server.base_url(site)}")
        stopping.wait()
    finally:
        server.stop()
