"""The Article item: one news article on its way through the pipelines into the corpus.

Its fields are ``fields.ARTICLE_FIELDS``; each field's meaning is documented there.
"""

import scrapy

from humas_crawler.fields import ARTICLE_FIELDS

Article = type(
    "Article",
    (scrapy.Item,),
    {
        "__doc__": "One news article; see humas_crawler.fields for what each field holds.",
        "__module__": __name__,
        **{f.name: scrapy.Field(description=f.description) for f in ARTICLE_FIELDS},
    },
)
