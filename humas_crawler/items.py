"""The Article item: one news article as it flows through the pipelines into the corpus."""

import scrapy


class Article(scrapy.Item):
    url = scrapy.Field()  # the URL fetched
    canonical_url = scrapy.Field()  # the article's identity on the real web (rel=canonical, cleaned)
    site = scrapy.Field()  # spider / registry name
    title = scrapy.Field()
    body = scrapy.Field()  # clean text, paragraphs joined by blank lines
    published_at = scrapy.Field()  # ISO 8601 with UTC offset
    updated_at = scrapy.Field()
    author = scrapy.Field()
    editor = scrapy.Field()  # editor credit as printed ("Editor: Ade Marboen")
    reporter = scrapy.Field()  # desk/reporter code as printed, e.g. "(mar/hmsprov)"
    dateline = scrapy.Field()  # e.g. "SAMARINDA"
    category = scrapy.Field()
    tags = scrapy.Field()  # list[str]
    images = scrapy.Field()  # list[{"url", "caption"}]
    language = scrapy.Field()
    content_hash = scrapy.Field()  # hash of the normalized body
    fetched_at = scrapy.Field()
    extraction = scrapy.Field()  # field -> layer that produced it ("site", "jsonld", "meta", "generic", ...)
    etag = scrapy.Field()  # HTTP validators, for conditional re-checks
    last_modified = scrapy.Field()
    recheck_of = scrapy.Field()
    article_id = scrapy.Field()  # the corpus row, once stored  # id of the stored article this fetch re-checks
    html = scrapy.Field()  # raw page, consumed by the clean pipeline, never stored
