"""``humas store-worker``: the single writer of a distributed crawl (``crawl.storeworker``)."""

from __future__ import annotations

import logging
import signal

import click

from humas_crawler.cli.crawl import crawl_lock_or_exit
from humas_crawler.cli.options import db_option, open_db_or_exit, redis_or_exit
from humas_crawler.crawl.runner import project_settings
from humas_crawler.crawl.storeworker import StoreWorker


@click.command("store-worker")
@click.option("--redis", "redis_url", required=True, metavar="URL", help="redis://HOST:PORT/DB, as the workers'.")
@click.option("--exit-when-idle", type=click.FloatRange(min=0), metavar="SECONDS",
              help="Stop once no message came and no worker was alive for SECONDS (default: run until SIGTERM).")
@db_option
def store_worker(redis_url, exit_when_idle, db_path):
    """Store what the workers of a distributed crawl send (validate, dedup, store, cluster), one
    message at a time, each acknowledged once committed. Runs until SIGTERM (or idle, when asked).

    Exit status: 0 stopped, 1 Redis does not answer, 2 usage, 3 another crawl holds the corpus.
    """
    redis_or_exit(redis_url)
    open_db_or_exit(db_path, create=True)
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s: %(message)s"))
    logging.getLogger("humas").addHandler(handler)
    logging.getLogger("humas").setLevel(logging.INFO)
    with crawl_lock_or_exit(db_path):
        writer = StoreWorker(redis_url, db_path, project_settings(db_path))
        signal.signal(signal.SIGTERM, writer.stop)
        signal.signal(signal.SIGINT, writer.stop)
        handled = writer.run(exit_when_idle)
    click.echo(f"store-worker: {handled['item']} articles, {handled['call']} crawl-state writes, "
               f"{handled['open_run']} runs opened, {handled['close_run']} closed", err=True)
