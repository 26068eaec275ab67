"""Offline mirror of Indonesian regional government news sites, served on 127.0.0.1.

Spiders and tests crawl it instead of the internet: each site lives under /<site>/ with its
platform's URLs, markup, feeds, sitemaps and (for WordPress) REST API. ``SITES`` are the five
demo sites; ``EXTRA_SITES`` add one per discovery kind (a WordPress REST API site, an OpenSID
village, a sitemap-only and an RSS-only portal). ``catalog(sites)`` holds what a perfect
extractor should get from every article page.
"""

from humas_mirror.content import ALL_SITES, EXTRA_SITES, SITES, MirrorArticle, catalog, labelled_pairs
from humas_mirror.server import MirrorServer

__all__ = ["ALL_SITES", "EXTRA_SITES", "SITES", "MirrorArticle", "MirrorServer", "catalog", "labelled_pairs"]
