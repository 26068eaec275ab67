"""humas-crawler: collect Indonesian regional government news into a SQLite corpus."""

__version__ = "0.1.0"


def extract(html, url=None, **kwargs):
    """Extract one article from an HTML page; ``selectors``, ``zone`` and ``platform`` are passed
    on to :func:`humas_crawler.extraction.layers.extract_article` (imported here on first use, so
    importing the package stays cheap)."""
    from humas_crawler.extraction.layers import extract_article

    return extract_article(html, url=url, **kwargs)
