"""Datasette metadata for the corpus: titles, descriptions, hidden internals and canned queries.

``humas browse`` serves the corpus with this metadata so that a newcomer can answer the usual
questions (what is new, who republished what and how fast, how complete is each site) from the
browser alone. The canned queries are SQL, so they live here with the rest of the corpus's SQL;
the column descriptions of ``articles`` come from ``fields.ARTICLE_FIELDS``, never copied.

Dates: ``published_at`` is ISO text with the page's own UTC offset. Its first 7 or 10 characters
are the local month or day; SQLite's ``date()`` would convert to UTC and put an article published
at 00:30 WITA on the day before, so the queries below never use it for grouping or filtering.
"""

from __future__ import annotations

from humas_crawler.corpus.schema import (BUCKETS, CLUSTERS, DEDUP_SETTINGS, MIGRATIONS_TABLE, SIGNATURES,
                                         UNIQUE_VIEW)
from humas_crawler.fields import FILL_RATE_FIELDS, STORED_FIELDS

# Tables the near-duplicate index and the migrations keep for themselves: noise to an analyst.
# (Datasette hides the full-text index and its shadow tables by itself.)
INTERNAL_TABLES = (SIGNATURES, BUCKETS, DEDUP_SETTINGS, MIGRATIONS_TABLE)

# crawl_urls states an operator has to look at (``pending`` is only "not answered yet").
PROBLEM_STATES = ("failed", "given_up", "skipped")

TABLES = {
    "articles": {
        "title": "Articles",
        "description": "One row per stored article, newest first. The search box takes SQLite FTS5 syntax: "
                       'words, "exact phrases" (quote words with hyphens: "se-Kaltim"), prefix*, OR, NOT.',
    },
    UNIQUE_VIEW: {
        "title": "Articles, one per press release",
        "description": "The origin of each near-duplicate cluster plus every article that has no copy.",
    },
    "sites": {"title": "Sites", "description": "The crawled sites: registry name, address, province, "
                                               "time zone and platform (CMS)."},
    "aliases": {"title": "Aliases", "description": "Other URLs of a stored article (the same text re-posted, "
                                                   "?p= links)."},
    "article_revisions": {"title": "Article revisions",
                          "description": "Earlier text of articles that changed when re-checked."},
    CLUSTERS: {"title": "Near-duplicate clusters",
               "description": "cluster_id is the id of the article the cluster formed around; similarity the "
                              "3-gram Jaccard with the member it was linked to; is_origin 1 for the press "
                              "release the others copy. The canned query 'Press releases and who republished "
                              "them' joins titles, sites and delays."},
    "crawl_runs": {"title": "Crawl runs", "description": "One row per spider run: start, end, status, counts "
                                                         "and the health verdict (problem; empty when healthy)."},
    "crawl_urls": {"title": "Article URLs not stored",
                   "description": "Discovered article URLs without a stored article: pending, failed (retried "
                                  "from next_retry on), given_up or skipped (not an article)."},
    "listing_walks": {"title": "Listing walks",
                      "description": "Per site and listing, whether the last discovery walk reached its end."},
    "alarms": {"title": "Alarms", "description": "What the monitors flagged when a run closed: layout drift, "
                                                 "fill-rate or body-length collapse, gambling spam."},
}


def article_columns() -> dict[str, str]:
    """Each ``articles`` column's description, from the field declaration (the one source)."""
    return {"id": "Row id.", **{f.name: f.description for f in STORED_FIELDS}}


def filled(column: str) -> str:
    """SQL truth value of "this column has a value": an empty JSON list or object is no value."""
    return f"({column} is not null and {column} not in ('', '[]', '{{}}'))"


def fill_rate_sql() -> str:
    """Per site, the percentage of articles having each fill-rate field."""
    rates = ",\n       ".join(f"round(100.0 * sum({filled(name)}) / count(*), 1) as {name}"
                              for name in FILL_RATE_FIELDS)
    return f"select site, count(*) as articles,\n       {rates}\nfrom articles group by site order by site"


def problem_urls_sql() -> str:
    """The URLs that need an operator's eye, newest attempt first."""
    states = ", ".join(f"'{state}'" for state in PROBLEM_STATES)
    return (f"select site, url, state, reason, http_status, attempts, last_tried, next_retry, run_id\n"
            f"from crawl_urls where state in ({states})\norder by last_tried desc, site, url")


# Delay: julianday() reads the offsets, so origin and copy on different zones compare correctly.
REPUBLISHED_SQL = f"""select o.site as origin_site, o.title as press_release, o.published_at as released_at,
       a.site as copied_by, a.title as copy_title, a.published_at as copied_at,
       round((julianday(a.published_at) - julianday(o.published_at)) * 24, 1) as delay_hours,
       c.similarity, a.canonical_url as copy_url, o.id as origin_id, a.id as copy_id
from {CLUSTERS} c
join articles a on a.id = c.article_id
join {CLUSTERS} oc on oc.cluster_id = c.cluster_id and oc.is_origin = 1
join articles o on o.id = oc.article_id
where c.is_origin = 0
order by o.published_at desc, delay_hours"""

# Empty parameters mean "no filter": Datasette shows every named parameter as a form field.
SEARCH_SQL = """select a.id, a.site, a.published_at, a.title,
       snippet(articles_fts, -1, '**', '**', '…', 16) as snippet, a.canonical_url
from articles_fts join articles a on a.id = articles_fts.rowid
where articles_fts match :query
  and (:site = '' or a.site = :site)
  and (:since = '' or substr(a.published_at, 1, 10) >= :since)
  and (:until = '' or substr(a.published_at, 1, 10) <= :until)
order by rank limit 200"""


def canned_queries() -> dict[str, dict]:
    """The canned queries, in the order the database page lists them."""
    return {
        "latest_articles": {
            "title": "Latest articles",
            "description": "The 100 most recently published articles.",
            "sql": "select id, site, published_at, title, category, canonical_url\n"
                   "from articles order by published_at desc limit 100",
        },
        "search": {
            "title": "Search with site and date filters",
            "description": 'FTS5 syntax (words, "phrases", prefix*, OR, NOT); site, since and until '
                           "(YYYY-MM-DD, local date, both inclusive) may be left empty.",
            "sql": SEARCH_SQL,
        },
        "articles_per_site_per_month": {
            "title": "Articles per site per month",
            "description": "Months in the time zone of the site (the local date the page prints).",
            "sql": "select substr(published_at, 1, 7) as month, site, count(*) as articles\n"
                   "from articles group by month, site order by month desc, site",
        },
        "republished": {
            "title": "Press releases and who republished them",
            "description": "Each copy with its origin and the delay after it, in hours.",
            "sql": REPUBLISHED_SQL,
        },
        "fill_rates": {
            "title": "Fill rate of each field per site",
            "description": "Percentage of a site's articles having the field (an empty list counts as none).",
            "sql": fill_rate_sql(),
        },
        "problem_urls": {
            "title": "Failed, given-up and skipped URLs",
            "description": "Article URLs a crawl could not store, with the reason.",
            "sql": problem_urls_sql(),
        },
        "alarms": {
            "title": "Alarms, newest first",
            "description": "What the monitors flagged when a run closed.",
            "sql": "select raised_at, site, kind, message, details, run_id from alarms order by raised_at desc",
        },
    }


def table_metadata() -> dict[str, dict]:
    """Per table: title and description; ``articles`` also its columns, sort, label, facets and
    raw full-text search (so OR, NOT, prefix* and "phrases" work in the search box)."""
    tables = {name: dict(meta) for name, meta in TABLES.items()}
    tables["articles"].update({
        "columns": article_columns(),
        "sort_desc": "published_at",
        "label_column": "title",
        "searchmode": "raw",
        "facets": ["site", "published_month", "category", {"array": "tags"}],
    })
    tables[UNIQUE_VIEW]["columns"] = article_columns()
    tables.update({name: {"hidden": True} for name in INTERNAL_TABLES})
    return tables


def metadata(database: str) -> dict:
    """Datasette metadata for the corpus served under the name ``database`` (the file's stem)."""
    return {
        "title": "humas-crawler corpus",
        "description": "News of Indonesian regional government public-relations sites and the portals "
                       "that republish them. Read-only.",
        "databases": {
            database: {
                "title": "Corpus",
                "description": "Articles, their near-duplicate clusters and the crawl's records. Dates are ISO "
                               "text with the page's UTC offset: compare local days with substr(published_at, "
                               "1, 10), and an end date with < the next day.",
                "tables": table_metadata(),
                "queries": canned_queries(),
            },
        },
    }
