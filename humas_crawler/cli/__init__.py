"""The ``humas`` command: one module per command family, imported when its command runs.

Packages may add commands through the ``humas.commands`` entry-point group: the offline mirror
(``humas_mirror``) adds ``demo`` and ``mirror`` that way, so the engine never imports it.
"""

from collections.abc import MutableMapping
from importlib import import_module
from importlib.metadata import entry_points

import click

from humas_crawler import __version__

PLUGIN_GROUP = "humas.commands"
# Each command's module is imported only when that command runs (or --help lists them all):
# ``humas stats`` should not pay for Scrapy, Datasette and the extraction stack (1.7 s of imports
# measured on the shared machine, against a 0.07 s query at 100k articles).
COMMANDS = {
    "crawl": "humas_crawler.cli.crawl:crawl",
    "schedule": "humas_crawler.cli.schedule:schedule",
    "search": "humas_crawler.cli.search:search",
    "sites": "humas_crawler.cli.sites:sites",
    "extract": "humas_crawler.cli.extract:extract_command",
    "eval": "humas_crawler.cli.extract:eval_command",
    "dedupe": "humas_crawler.cli.dedup:dedupe",
    "clusters": "humas_crawler.cli.dedup:clusters",
    "export": "humas_crawler.cli.export:export",
    "browse": "humas_crawler.cli.browse:browse",
    "stats": "humas_crawler.cli.stats:stats",
    "plot": "humas_crawler.cli.plot:plot",
    "scrapyd": "humas_crawler.cli.scrapyd:scrapyd",
    "store-worker": "humas_crawler.cli.storeworker:store_worker",
    "quotes": "humas_crawler.cli.quotes:quotes_command",
    "people": "humas_crawler.cli.quotes:people_command",
}


class LazyCommands(MutableMapping):
    """click's table of subcommands, filled on first use: a value is a ``module:attribute`` path
    (or an entry point of a plugin package) until the command is looked up."""

    def __init__(self, specs: dict):
        self.specs = dict(specs)

    def __getitem__(self, name):
        spec = self.specs[name]
        if isinstance(spec, str):
            module, attribute = spec.split(":")
            spec = self.specs[name] = getattr(import_module(module), attribute)
        elif not isinstance(spec, click.Command):  # an entry point
            spec = self.specs[name] = spec.load()
        return spec

    def __setitem__(self, name, command):
        self.specs[name] = command

    def __delitem__(self, name):
        del self.specs[name]

    def __iter__(self):
        return iter(self.specs)

    def __len__(self):
        return len(self.specs)


class OneLineErrors(click.Group):
    """A usage mistake in any subcommand prints as one ``Error:`` line (exit 2), without click's
    usage block: what cron mails and scripts log stays one line per problem."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:
            exc.ctx = None  # click prints the usage and the --help hint only when it has a context
            raise


def command_table() -> LazyCommands:
    """Our commands and those that installed packages add through PLUGIN_GROUP."""
    plugins = {plugin.name: plugin for plugin in entry_points(group=PLUGIN_GROUP)}
    return LazyCommands({**COMMANDS, **plugins})


@click.group(cls=OneLineErrors, commands=command_table(), context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="humas")
def main():
    """Collect Indonesian regional government news into a SQLite corpus."""

