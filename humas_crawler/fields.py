"""The article's fields, declared once.

Everything that lists article fields is derived from ``ARTICLE_FIELDS``: the Scrapy item
(``items.Article``), the ``articles`` table's columns and full-text index (``corpus.schema``), the
export's column order (``corpus.queries``), the fill-rate report of ``humas sites check`` and the
schema table in the README (a test keeps it in step). Adding a field is one entry here: opening an
existing corpus adds its column (see ``corpus.schema.reconcile_articles``).

Run ``python -m humas_crawler.fields`` to print the README's table.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    """One article field.

    ``kind`` is the Python type the item carries (``list`` and ``dict`` are stored as JSON text);
    ``stored``: a column of ``articles`` and of ``humas export``, in declaration order (else it
    lives on the item only, between pipelines); ``searchable``: in the
    full-text index; ``required``: an article without it is dropped; ``revised``: its previous
    value is kept in ``article_revisions`` when a re-check finds the article changed;
    ``fill_rate``: reported by ``humas sites check``.
    """

    name: str
    kind: type
    description: str
    stored: bool = True
    searchable: bool = False
    required: bool = False
    revised: bool = False
    fill_rate: bool = False

    @property
    def is_json(self) -> bool:
        return self.kind in (list, dict)

    @property
    def column_type(self) -> type:
        return str if self.is_json else self.kind


ARTICLE_FIELDS: tuple[Field, ...] = (
    Field("site", str, "Registry name of the site (spider name)."),
    Field("canonical_url", str, "The article's address on the real site (rel=canonical when it names an article "
          "of the site, else the fetched URL), cleaned of tracking parameters. Unique."),
    Field("title", str, "Headline, without the site name.", searchable=True, required=True,
          revised=True, fill_rate=True),
    Field("published_at", str, "Publication time, ISO 8601: with the UTC offset the page names (WIB +07:00, "
          "WITA +08:00, WIT +09:00, or its own), else the site's zone's; a page giving only the day "
          "gets the bare date (2023-07-06), never an invented midnight.", required=True, revised=True,
          fill_rate=True),
    Field("published_precision", str, "How precisely the page states published_at: day (a bare date), minute "
          "or second; NULL without a date.", revised=True),
    Field("author", str, "Byline without its label (\"Penulis:\").", fill_rate=True),
    Field("editor", str, "Editor credit as printed (\"Editor: Ade Marboen\")."),
    Field("reporter", str, "Desk or reporter code closing the text, e.g. \"(mar/hmsprov)\".",
          fill_rate=True),
    Field("dateline", str, "Place that opens the text, e.g. \"SAMARINDA\".", fill_rate=True),
    Field("category", str, "Section as the site names it.", fill_rate=True),
    Field("tags", list, "Tags as printed (JSON list).", fill_rate=True),
    Field("images", list, "Lead image and body images with their captions (JSON list of {url, caption}).", fill_rate=True),
    Field("language", str, "ISO 639-1 code guessed from the text."),
    Field("body", str, "Clean text, paragraphs separated by blank lines; related-article listings, share "
          "widgets and captions removed.", searchable=True, required=True, revised=True,
          fill_rate=True),
    Field("url", str, "The URL fetched, on the real site (a page fetched from a mirror or proxy is stored "
          "under the real site's address)."),
    Field("updated_at", str, "Last modification time the page declares, ISO 8601 as published_at (a bare "
          "date when only the day is given).", revised=True),
    Field("updated_precision", str, "How precisely the page states updated_at: day, minute or second; NULL "
          "without one.", revised=True),
    Field("content_hash", str, "SHA-1 of the normalized body: equal for copies differing only in typography.",
          revised=True),
    Field("fetched_at", str, "When the page was fetched (UTC, ISO 8601).", revised=True),
    Field("extraction", dict, "Which layer produced each field (site, jsonld, meta, platform, printed, "
          "generic, ...) and the noise rules that fired (JSON)."),
    Field("etag", str, "HTTP ETag, for conditional re-checks."),
    Field("last_modified", str, "HTTP Last-Modified, for conditional re-checks."),
    Field("run_id", int, "The crawl_runs row of the run that stored (or last updated) the article."),
    Field("recheck_of", int, "Set on a re-fetch of a stored article: that article's id.", stored=False),
    Field("article_id", int, "The stored row's id, once stored (the cluster stage reads it).", stored=False),
    Field("said", dict, "Who said what in the body (extraction.speakers.said_in: quotes, people, places): the "
          "quotes stage finds it, the store writes it into the quotes tables with the article.", stored=False),
    Field("html", str, "The fetched page; the extract stage consumes it, it is never stored.", stored=False),
)

FIELDS_BY_NAME = {f.name: f for f in ARTICLE_FIELDS}
STORED_FIELDS = tuple(f for f in ARTICLE_FIELDS if f.stored)
JSON_FIELDS = tuple(f.name for f in STORED_FIELDS if f.is_json)
EXPORT_COLUMNS = ("id",) + tuple(f.name for f in STORED_FIELDS)
SEARCHABLE_COLUMNS = tuple(f.name for f in ARTICLE_FIELDS if f.searchable)
REQUIRED_FIELDS = tuple(f.name for f in ARTICLE_FIELDS if f.required)
REVISED_COLUMNS = tuple(f.name for f in ARTICLE_FIELDS if f.revised)
FILL_RATE_FIELDS = tuple(f.name for f in ARTICLE_FIELDS if f.fill_rate)


def article_columns() -> dict[str, type]:
    """The ``articles`` table's columns: the row id, then every stored field."""
    return {"id": int, **{f.name: f.column_type for f in STORED_FIELDS}}


def markdown_table() -> str:
    """The README's schema table of the ``articles`` table."""
    lines = ["| column | type | searched | description |", "|---|---|---|---|", "| id | integer | | Row id. |"]
    for f in STORED_FIELDS:
        kind = "JSON" if f.is_json else {str: "text", int: "integer"}[f.kind]
        lines.append(f"| {f.name} | {kind} | {'yes' if f.searchable else ''} | {f.description} |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown_table())
