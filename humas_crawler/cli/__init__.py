"""The ``humas`` command: one module per command family.

Packages may add commands through the ``humas.commands`` entry-point group: the offline mirror
(``humas_mirror``) adds ``demo`` and ``mirror`` that way, so the engine never imports it.
"""

from importlib.metadata import entry_points

import click

from humas_crawler import __version__
from humas_crawler.cli.browse import browse
from humas_crawler.cli.crawl import crawl
from humas_crawler.cli.dedup import clusters, dedupe
from humas_crawler.cli.export import export
from humas_crawler.cli.extract import eval_command, extract_command
from humas_crawler.cli.plot import plot
from humas_crawler.cli.quotes import people_command, quotes_command
from humas_crawler.cli.schedule import schedule
from humas_crawler.cli.scrapyd import scrapyd
from humas_crawler.cli.search import search
from humas_crawler.cli.sites import sites
from humas_crawler.cli.stats import stats
from humas_crawler.cli.storeworker import store_worker

PLUGIN_GROUP = "humas.commands"


class OneLineErrors(click.Group):
    """A usage mistake in any subcommand prints as one ``Error:`` line (exit 2), without click's
    usage block: what cron mails and scripts log stays one line per problem."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:
            exc.ctx = None  # click prints the usage and the --help hint only when it has a context
            raise


@click.group(cls=OneLineErrors, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="humas")
def main():
    """Collect Indonesian regional government news into a SQLite corpus."""


for command in (crawl, schedule, search, sites, extract_command, eval_command, dedupe, clusters, export, browse,
                stats, plot, scrapyd, store_worker, quotes_command, people_command):
    main.add_command(command)
for plugin in entry_points(group=PLUGIN_GROUP):
    main.add_command(plugin.load(), plugin.name)
