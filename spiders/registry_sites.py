"""Spiders generated from ``sites.toml`` for every enabled entry without a module of its own."""

import importlib.util

from humas_crawler.crawl.registry import default_registry
from humas_crawler.crawl.spider import HumasSpider


def _generated_spiders():
    for entry in default_registry().values():
        if entry.enabled and importlib.util.find_spec(f"spiders.{entry.name}") is None:
            yield HumasSpider.for_entry(entry, __name__)


globals().update({spider.__name__: spider for spider in _generated_spiders()})
