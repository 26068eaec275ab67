"""The ``humas`` command: crawl, demo, mirror, search and the corpus tools."""

import click

from humas_crawler import __version__
from humas_crawler.cli.crawl import crawl, demo, mirror, search
from humas_crawler.cli.dedup import clusters, dedupe
from humas_crawler.cli.export import export
from humas_crawler.cli.extract import eval_command, extract_command
from humas_crawler.cli.sites import sites


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="humas")
def main():
    """Collect Indonesian regional government news into a SQLite corpus."""


for command in (crawl, demo, mirror, search, sites, extract_command, eval_command, dedupe, clusters, export):
    main.add_command(command)
