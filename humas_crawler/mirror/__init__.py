"""Offline mirror of five Indonesian regional government news sites, served on 127.0.0.1.

Spiders and tests crawl it instead of the internet: each site lives under /<site>/ with its
platform's URLs, markup, feeds, sitemaps and (for WordPress) REST API. ``catalog()`` holds what
a perfect extractor should get from every article page.
"""

from humas_crawler.mirror.content import SITES, MirrorArticle, catalog, labelled_pairs
from humas_crawler.mirror.server import MirrorServer, serve_forever

__all__ = ["SITES", "MirrorArticle", "MirrorServer", "catalog", "labelled_pairs", "serve_forever"]
