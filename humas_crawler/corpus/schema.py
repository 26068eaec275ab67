"""The corpus schema: every table, index and view, reached through an ordered list of migrations.

A corpus records the migrations applied to it in ``schema_migrations``. Opening a corpus applies the
missing ones in order, then reconciles ``articles`` with the declared fields (a field added to
``fields.ARTICLE_FIELDS`` becomes a column; a change of the searchable fields rebuilds the full-text
index), all in one transaction: a failure leaves the file as it was, and no step drops a row.

A migration is history: once released it never changes. A new table, column or index is a new
migration appended to ``MIGRATIONS``; article columns need none (they follow the declaration).
Corpora written before versioning (0.1) have today's baseline tables and no ``schema_migrations``:
migration 1 creates only what is missing, so they upgrade like any other.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone

import sqlite_utils

from humas_crawler.fields import REVISED_COLUMNS, SEARCHABLE_COLUMNS, article_columns

MIGRATIONS_TABLE = "schema_migrations"
SIGNATURES = "minhash_signatures"
BUCKETS = "lsh_buckets"
CLUSTERS = "clusters"
DEDUP_SETTINGS = "dedup_settings"
UNIQUE_VIEW = "articles_unique"
FTS_TOKENIZER = "unicode61"  # the tokenizer of 0.1 (migration 1); FOLDING_TOKENIZER since migration 8
# remove_diacritics 2: every Latin diacritic folded (1, the default, misses letters with two, e.g. ǖ)
FOLDING_TOKENIZER = "unicode61 remove_diacritics 2"


class SchemaError(Exception):
    """A corpus this version cannot use (written by a newer humas-crawler)."""


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    apply: Callable[[sqlite_utils.Database], None]


# ---- migrations (history: never edit a released one) --------------------------------------------

# The article columns of 0.1, the baseline every later corpus grows from.
BASELINE_ARTICLE_COLUMNS = {
    "id": int, "url": str, "canonical_url": str, "site": str, "title": str, "body": str, "published_at": str,
    "updated_at": str, "author": str, "editor": str, "reporter": str, "dateline": str, "category": str,
    "tags": str, "images": str, "language": str, "content_hash": str, "fetched_at": str, "extraction": str,
    "etag": str, "last_modified": str, "run_id": int,
}
BASELINE_REVISED_COLUMNS = ("title", "body", "published_at", "updated_at", "content_hash", "fetched_at")


def baseline(db: sqlite_utils.Database) -> None:
    """The tables of 0.1: sites, crawl runs, articles with their full-text index, revisions,
    aliases, and the near-duplicate index with its clusters."""
    db["sites"].create({"name": str, "url": str, "province": str, "timezone": str}, pk="name", if_not_exists=True)
    db["crawl_runs"].create(
        {"id": int, "spider": str, "started_at": str, "finished_at": str, "status": str, "pages": int,
         "new": int, "duplicate": int, "dropped": int, "stats": str},
        pk="id", if_not_exists=True,
    )
    if "articles" not in db.table_names():
        articles = db["articles"].create(BASELINE_ARTICLE_COLUMNS, pk="id", foreign_keys=[("site", "sites", "name")])
        articles.create_index(["canonical_url"], unique=True)
        # (content_hash, site) rather than content_hash alone: with both equalities on separate
        # indexes SQLite may pick (site, published_at) and scan a whole site per lookup.
        articles.create_index(["content_hash", "site"])
        articles.create_index(["url"])
        articles.create_index(["site", "published_at"])
        articles.enable_fts(["title", "body"], create_triggers=True, tokenize=FTS_TOKENIZER)
    if "article_revisions" not in db.table_names():
        db["article_revisions"].create(
            {"id": int, "article_id": int, **{c: str for c in BASELINE_REVISED_COLUMNS}, "replaced_at": str},
            pk="id", foreign_keys=[("article_id", "articles", "id")],
        ).create_index(["article_id"])
    db["aliases"].create(
        {"url": str, "article_id": int, "reason": str, "seen_at": str},
        pk="url", foreign_keys=[("article_id", "articles", "id")], if_not_exists=True,
    )
    baseline_dedup(db)


def baseline_dedup(db: sqlite_utils.Database) -> None:
    """The near-duplicate index of 0.1 (which made it lazily, on the first clustered article).

    - minhash_signatures(article_id, signature): little-endian uint32 values, NULL for a text too
      short to compare; a row means "indexed".
    - lsh_buckets(bucket, article_id): one row per LSH band of each signature. WITHOUT ROWID keeps
      (bucket, article_id) in one B-tree: a lookup by bucket is a range scan of the primary key.
    - clusters(cluster_id, article_id, similarity, is_origin): cluster_id is the id of the article
      the cluster formed around; similarity the 3-gram Jaccard with the article the member was
      linked to; is_origin 1 for the elected origin.
    - dedup_settings(key, value): the signature scheme the index was built with.
    - articles_unique: the origin of each cluster plus every unclustered article.
    """
    db[SIGNATURES].create({"article_id": int, "signature": bytes}, pk="article_id", if_not_exists=True)
    db.execute(
        f"create table if not exists {BUCKETS} (bucket integer not null, article_id integer not null, "
        "primary key (bucket, article_id)) without rowid"
    )
    if CLUSTERS not in db.table_names():
        db[CLUSTERS].create(
            {"article_id": int, "cluster_id": int, "similarity": float, "is_origin": int},
            pk="article_id", column_order=["cluster_id", "article_id", "similarity", "is_origin"],
        ).create_index(["cluster_id"])
    db[DEDUP_SETTINGS].create({"key": str, "value": str}, pk="key", if_not_exists=True)
    db.create_view(
        UNIQUE_VIEW,
        f"select a.* from articles a left join {CLUSTERS} c on c.article_id = a.id "
        "where c.article_id is null or c.is_origin = 1",
        ignore=True,
    )


def run_verdicts_and_site_platforms(db: sqlite_utils.Database) -> None:
    """crawl_runs.problem holds the health verdict a run closed with (why cron should be told);
    sites.platform the registry's platform, so analysts can group sites by CMS."""
    if "problem" not in db["crawl_runs"].columns_dict:
        db["crawl_runs"].add_column("problem", str)
    if "platform" not in db["sites"].columns_dict:
        db["sites"].add_column("platform", str)
    db["aliases"].create_index(["article_id"], if_not_exists=True)


def crawl_state(db: sqlite_utils.Database) -> None:
    """What a crawl must not forget between nights.

    - crawl_urls(site, url, state, reason, http_status, attempts, first_seen, last_tried,
      next_retry, run_id): article URLs discovered and not stored. ``state`` is ``pending``
      (requested, no answer yet: a killed run leaves these), ``failed`` (an error; retried from
      ``next_retry`` on), ``given_up`` (failed on too many nights) or ``skipped`` (answered with
      something that is not an article, e.g. a PDF or an empty page; never retried). A URL leaves
      the table when its article is stored.
    - listing_walks(site, start_url, run_id, pages, complete, finished_at): the last walk of each
      listing; an incremental run stops at a page of known articles only after a complete walk.
    - alarms(id, run_id, site, kind, message, details, raised_at): what the monitors flagged when
      a run closed (layout drift, spam injection).
    """
    db["crawl_urls"].create(
        {"site": str, "url": str, "state": str, "reason": str, "http_status": int, "attempts": int,
         "first_seen": str, "last_tried": str, "next_retry": str, "run_id": int},
        pk=("site", "url"), if_not_exists=True,
    )
    db["crawl_urls"].create_index(["site", "state", "next_retry"], if_not_exists=True)
    db["listing_walks"].create(
        {"site": str, "start_url": str, "run_id": int, "pages": int, "complete": int, "finished_at": str},
        pk=("site", "start_url"), if_not_exists=True,
    )
    db["alarms"].create(
        {"id": int, "run_id": int, "site": str, "kind": str, "message": str, "details": str, "raised_at": str},
        pk="id", if_not_exists=True,
    )
    db["alarms"].create_index(["site", "raised_at"], if_not_exists=True)


LOOPBACK_ORIGIN = re.compile(r"^https?://(?:127\.0\.0\.1|localhost|\[::1\])(?::\d+)?")


def real_site_urls(db: sqlite_utils.Database) -> None:
    """Articles fetched from a mirror or proxy on this machine (``-a base_url=http://127.0.0.1:…/site``)
    stored that address in ``url`` and their image URLs: dead links for every reader. Both move
    to the real site (``sites.url``), the path below the origin and the site's own segment kept."""
    site_urls = {row["name"]: row["url"].rstrip("/") for row in db.query("select name, url from sites")}
    rows = list(db.query("select a.id, a.site, a.url, a.images from articles a "
                         "where a.url like 'http://127.0.0.1%' or a.url like 'http://localhost%' "
                         "or a.url like 'http://[::1]%'"))
    for row in rows:
        real = site_urls.get(row["site"])
        if not real:
            continue
        move = functools.partial(moved_to_site, site=row["site"], real=real)
        images = json.loads(row["images"]) if row["images"] else []
        for image in images:
            image["url"] = move(image.get("url"))
        db["articles"].update(row["id"], {"url": move(row["url"]),
                                          "images": json.dumps(images, ensure_ascii=False)})


def moved_to_site(url: str | None, site: str, real: str) -> str | None:
    """``http://127.0.0.1:8000/kaltimprov/berita/x`` → ``https://kaltimprov.go.id/berita/x``."""
    origin = LOOPBACK_ORIGIN.match(url or "")
    if not origin:
        return url
    path = url[origin.end():]
    return real + (path[len(site) + 1:] if path.startswith(f"/{site}/") else path)


# What a copy's clusters row says of the link that brought it in (issue 14); filled by dedup.
CLUSTER_EVIDENCE_COLUMNS = {
    "linked_to": int, "rule": str, "containment": float, "aligned": float, "aligned_sentences": int,
    "sentences": int, "shared_quotes": int, "shared_specifics": str, "changed_specifics": str, "agreement": float,
    "delay_hours": float,
}


def cluster_evidence(db: sqlite_utils.Database) -> None:
    """Clusters that explain themselves, and the sketch size the candidate screen needs.

    - clusters: per member, the evidence of the link that brought it in: ``linked_to`` (the
      article it was verified against), ``rule`` (which clause of dedup.decide linked it),
      ``containment`` (3-gram overlap coefficient), ``aligned`` (boilerplate-discounted share of
      the shorter text's words in near-identical sentences), ``aligned_sentences`` of
      ``sentences`` (the shorter text's), ``shared_quotes``, ``shared_specifics`` (JSON list of
      the dates ``d:``, numbers ``n:``, decree numbers ``c:`` and capitalized words ``w:`` both
      name), ``agreement`` (share of the informative specifics the other names too; NULL when too
      few) and ``delay_hours`` (publication time after the linked article). NULL for rows made
      before this migration: ``humas dedupe --rebuild`` fills them.
    - minhash_signatures.shingles: how many 3-grams the sketch was sampled from.
    """
    add_missing_columns(db[CLUSTERS], CLUSTER_EVIDENCE_COLUMNS)
    add_missing_columns(db[SIGNATURES], {"shingles": int})


def published_month(db: sqlite_utils.Database) -> None:
    """articles.published_month: the month as the page gives it (``substr(published_at, 1, 7)``), a
    virtual generated column, so Datasette can facet by local month (SQLite's ``date()`` would
    convert to UTC and move an evening article of the last day into the next month)."""
    if "published_month" not in {row["name"] for row in db.query("select name from pragma_table_xinfo('articles')")}:
        db.execute("alter table articles add column published_month text "
                   "generated always as (substr(published_at, 1, 7)) virtual")


COPIES_VIEW = "cluster_copies"
# Per cluster member, measured against the cluster's origin (kept current when the origin changes).
ORIGIN_MEASURE_COLUMNS = {"origin_delay_hours": float, "edit_distance": float}


def cluster_copies(db: sqlite_utils.Database) -> None:
    """Clusters an analyst can read without joins.

    - clusters.origin_delay_hours: hours from the origin's publication to the member's (0 for the
      origin; NULL when a date is missing); clusters.edit_distance: word-level distance of the
      member's body to the origin's (1 − difflib ratio over the normalized words: 0 identical,
      1 nothing in common). Both are filled for the clusters already there.
    - cluster_copies: one row per cluster member with its title, site, URL and date, its origin's,
      ``delay_hours`` after the origin, ``edit_distance``, and the evidence of its link (whose
      delay after the article it was linked to is ``linked_delay_hours`` there).
    """
    add_missing_columns(db[CLUSTERS], ORIGIN_MEASURE_COLUMNS)
    db.create_view(COPIES_VIEW, f"""select c.cluster_id, c.article_id, c.is_origin, a.site, a.title, a.published_at,
       a.canonical_url as url, o.id as origin_id, o.site as origin_site, o.title as origin_title,
       o.published_at as origin_published_at, o.canonical_url as origin_url, c.origin_delay_hours as delay_hours,
       c.edit_distance, c.similarity, c.rule, c.linked_to, c.containment, c.aligned, c.aligned_sentences,
       c.sentences, c.shared_quotes, c.shared_specifics, c.changed_specifics, c.agreement,
       c.delay_hours as linked_delay_hours
from {CLUSTERS} c
join articles a on a.id = c.article_id
left join {CLUSTERS} oc on oc.cluster_id = c.cluster_id and oc.is_origin = 1
left join articles o on o.id = oc.article_id""", replace=True)
    # The measures are dedup's (its text normalization); imported here, at run time, because dedup
    # reads this module's table names.
    from humas_crawler.corpus.dedup import measure_against_origin

    for row in list(db.query(f"select distinct cluster_id from {CLUSTERS}")):
        measure_against_origin(db, row["cluster_id"])


STEM_FTS = "articles_stem_fts"


def folding_and_stemmed_fts(db: sqlite_utils.Database) -> None:
    """Search that understands Indonesian text: articles_fts folds every diacritic, and a second,
    stemmed index exists for ``humas search --stem``."""
    folding_fts(db)
    stem_index(db)


def folding_fts(db: sqlite_utils.Database) -> None:
    """articles_fts rebuilt with FOLDING_TOKENIZER, so a search without accents finds every accented
    spelling of a name or loanword (and the other way round)."""
    db["articles"].enable_fts(list(SEARCHABLE_COLUMNS), create_triggers=True, tokenize=FOLDING_TOKENIZER,
                              replace=True)


def stem_index(db: sqlite_utils.Database) -> None:
    """articles_stem_fts(searchable columns…, content_hash): the searchable fields reduced to their
    Indonesian stems, for ``humas search --stem``; ``content_hash`` (not indexed) is the article's
    when it was stemmed. Created empty: ``corpus.stemming.refresh`` fills it on the first stemmed
    search (stemming needs Python, which no trigger can count on)."""
    columns = ", ".join([*SEARCHABLE_COLUMNS, "content_hash unindexed"])
    db.execute(f"create virtual table if not exists {STEM_FTS} using fts5({columns}, "
               f"tokenize='{FOLDING_TOKENIZER}')")


QUOTES = "quotes"
PEOPLE = "people"
ROLES = "roles"
ARTICLE_PLACES = "article_places"


def quotations(db: sqlite_utils.Database) -> None:
    """Who said what (issue 13), filled by the crawl's QuotesPipeline and ``humas quotes --rebuild``.

    - quotes(id, article_id, position, text, kind, verb, speaker_as_printed, person_id, role, reader,
      span_start, span_end): every quotation of an article body in reading order; ``kind`` direct or
      indirect; ``speaker_as_printed`` as the attribution prints it ("Faisal", "-nya", "dia");
      ``person_id`` the person it resolves to (NULL for a speaker described, not named);
      ``role`` the role the article gives that person; ``reader`` who read a speech on the
      speaker's behalf; ``span_start``/``span_end`` the span in the body. Full-text index quotes_fts.
    - people(id, name, key, aliases, province): one person across articles: the fullest name
      printed, its comparison key (lower case, no honorifics), every form seen (JSON list) and the
      Kemendagri code of the province their roles name (or their sites').
    - roles(person_id, role, organisation, province, first_seen, last_seen, articles): every role
      a person was printed with, and the first and last publication day it was.
    - article_places(article_id, code, name, kind, mentions, in_dateline): provinces, regencies
      and cities an article names, by Kemendagri code.
    """
    db[PEOPLE].create({"id": int, "name": str, "key": str, "aliases": str, "province": str}, pk="id",
                      if_not_exists=True)
    db[PEOPLE].create_index(["key"], if_not_exists=True)
    db[QUOTES].create(
        {"id": int, "article_id": int, "position": int, "text": str, "kind": str, "verb": str,
         "speaker_as_printed": str, "person_id": int, "role": str, "reader": str, "span_start": int, "span_end": int},
        pk="id", foreign_keys=[("article_id", "articles", "id"), ("person_id", PEOPLE, "id")], if_not_exists=True,
    )
    db[QUOTES].create_index(["article_id", "position"], unique=True, if_not_exists=True)
    db[QUOTES].create_index(["person_id"], if_not_exists=True)
    db[QUOTES].enable_fts(["text"], create_triggers=True, tokenize=FOLDING_TOKENIZER, replace=True)
    db[ROLES].create(
        {"person_id": int, "role": str, "organisation": str, "province": str, "first_seen": str,
         "last_seen": str, "articles": int},
        pk=("person_id", "role"), foreign_keys=[("person_id", PEOPLE, "id")], if_not_exists=True,
    )
    db[ARTICLE_PLACES].create(
        {"article_id": int, "code": str, "name": str, "kind": str, "mentions": int, "in_dateline": int},
        pk=("article_id", "code"), foreign_keys=[("article_id", "articles", "id")], if_not_exists=True,
    )
    db[ARTICLE_PLACES].create_index(["code"], if_not_exists=True)


# What migration 10's fill_mask records, one bit each in this order (history: a field declared later
# gets no bit, and its fill rate is read from its column).
FILL_MASK_FIELDS = ("title", "published_at", "author", "reporter", "dateline", "category", "tags", "images", "body")
FILL_MASK_COLUMN = "fill_mask"


def filled(column: str) -> str:
    """SQL true when ``column`` has a value (a JSON list or object only when not empty)."""
    return f"({column} is not null and {column} not in ('', '[]', '{{}}'))"


def stats_indexes(db: sqlite_utils.Database) -> None:
    """Indexes that keep a million-article corpus quick to summarise and export:
    - articles.fill_mask, a virtual generated column (bit i: FILL_MASK_FIELDS[i] has a value), and an
      index on (site, published_at, fill_mask): ``humas stats`` reads per-site counts, first and last
      dates and fill rates from the index alone instead of every body;
    - an index on published_at: exports (oldest first) stream in index order instead of sorting the
      whole table in temporary files."""
    if FILL_MASK_COLUMN not in {row["name"] for row in db.query("select name from pragma_table_xinfo('articles')")}:
        mask = " + ".join(f"({filled(name)} << {bit})" for bit, name in enumerate(FILL_MASK_FIELDS))
        db.execute(f"alter table articles add column {FILL_MASK_COLUMN} integer generated always as ({mask}) virtual")
    db["articles"].create_index(["site", "published_at", FILL_MASK_COLUMN], index_name="idx_articles_site_stats",
                                if_not_exists=True)
    db["articles"].create_index(["published_at"], if_not_exists=True)


def quotes_fts_per_article(db: sqlite_utils.Database) -> None:
    """quotes_fts without its insert trigger: ``corpus.quotes`` indexes an article's quotes in one
    statement after inserting them (a trigger runs once per row: a third of the rows' cost). The
    delete and update triggers stay, so a replaced or edited quote still leaves the index."""
    db.execute(f'drop trigger if exists "{QUOTES}_ai"')


QUOTES_UNINDEXED = "quotes_unindexed"


def quotes_fts_at_run_end(db: sqlite_utils.Database) -> None:
    """quotes_unindexed(id): the stored quotes not yet in quotes_fts. A crawl's quotes wait there
    and are indexed in one statement when its spider closes (FTS5 writes a segment at every commit
    and merges them: some 30 µs per quote indexed in its article's transaction, 3 µs in one go);
    a run killed before that leaves them listed for the next one. The delete and update triggers take out of the index only the
    quotes in it (an FTS5 'delete' of a row it never indexed corrupts it) and drop a deleted quote
    from the list."""
    db.execute(f"create table if not exists {QUOTES_UNINDEXED} (id integer primary key)")
    indexed = f"not exists (select 1 from {QUOTES_UNINDEXED} where id = old.id)"
    unindex = f"insert into {QUOTES}_fts ({QUOTES}_fts, rowid, text) select 'delete', old.id, old.text where {indexed};"
    db.execute(f'drop trigger if exists "{QUOTES}_ad"')
    db.execute(f'drop trigger if exists "{QUOTES}_au"')
    db.execute(f'create trigger "{QUOTES}_ad" after delete on {QUOTES} begin {unindex} '
               f"delete from {QUOTES_UNINDEXED} where id = old.id; end")
    db.execute(f'create trigger "{QUOTES}_au" after update on {QUOTES} begin {unindex} '
               f"insert into {QUOTES}_fts (rowid, text) select new.id, new.text where {indexed}; end")


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "baseline tables of 0.1", baseline),
    Migration(2, "crawl_runs.problem, sites.platform, aliases by article", run_verdicts_and_site_platforms),
    Migration(3, "crawl state: crawl_urls, listing_walks, alarms", crawl_state),
    Migration(4, "url and image URLs on the real site, not a loopback mirror", real_site_urls),
    Migration(5, "near-duplicate evidence in clusters, sketch sizes", cluster_evidence),
    Migration(6, "articles.published_month for local-month facets", published_month),
    Migration(7, "clusters: delay and edit distance to the origin; cluster_copies view", cluster_copies),
    Migration(8, "full-text index folds every diacritic (unicode61 remove_diacritics 2); articles_stem_fts",
              folding_and_stemmed_fts),
    Migration(9, "who said what: quotes, people, roles, article_places", quotations),
    Migration(10, "articles.fill_mask and indexes for stats and exports at a million articles", stats_indexes),
    Migration(11, "quotes_fts filled per article in one statement by corpus.quotes, not per row by trigger",
              quotes_fts_per_article),
    Migration(12, "quotes_unindexed: a crawl's quotes enter quotes_fts in one statement when its spider closes",
              quotes_fts_at_run_end),
)
SCHEMA_VERSION = MIGRATIONS[-1].version


# ---- applying them -------------------------------------------------------------------------------

def migrate(db: sqlite_utils.Database) -> list[Migration]:
    """Bring the corpus to ``SCHEMA_VERSION`` and the declared article fields, in one transaction.

    Returns the migrations applied (none for an up-to-date corpus, which costs two cheap reads).
    """
    applied = applied_version(db)
    if applied > SCHEMA_VERSION:
        raise SchemaError(f"corpus schema version {applied} is newer than this humas-crawler's "
                          f"({SCHEMA_VERSION}): upgrade humas-crawler")
    pending = [m for m in MIGRATIONS if m.version > applied]
    if not pending and articles_match_fields(db):
        return []
    with db.atomic():
        db[MIGRATIONS_TABLE].create({"version": int, "description": str, "applied_at": str}, pk="version",
                                    if_not_exists=True)
        for migration in pending:
            migration.apply(db)
            db[MIGRATIONS_TABLE].insert({"version": migration.version, "description": migration.description,
                                         "applied_at": datetime.now(timezone.utc).isoformat(timespec="seconds")})
        reconcile_articles(db)
    return pending


def applied_version(db: sqlite_utils.Database) -> int:
    if MIGRATIONS_TABLE not in db.table_names():
        return 0
    row = next(db.query(f"select max(version) as version from {MIGRATIONS_TABLE}"))
    return row["version"] or 0


def articles_match_fields(db: sqlite_utils.Database) -> bool:
    """Every declared column exists and the full-text index covers exactly the searchable fields."""
    return (set(article_columns()) <= set(db["articles"].columns_dict)
            and set(REVISED_COLUMNS) <= set(db["article_revisions"].columns_dict)
            and fts_columns(db) == list(SEARCHABLE_COLUMNS))


def add_missing_columns(table: sqlite_utils.db.Table, columns: dict[str, type]) -> None:
    existing = table.columns_dict
    for name, kind in columns.items():
        if name not in existing:
            table.add_column(name, kind)


def fts_columns(db: sqlite_utils.Database) -> list[str]:
    fts = db["articles"].detect_fts()
    return [c.name for c in db[fts].columns] if fts else []


def reconcile_articles(db: sqlite_utils.Database) -> None:
    """Add the columns of fields declared since the corpus was made (to ``article_revisions`` too,
    for revised fields); re-index full text when the searchable fields changed. Columns of fields
    no longer declared are kept, with their data."""
    add_missing_columns(db["articles"], article_columns())
    add_missing_columns(db["article_revisions"], dict.fromkeys(REVISED_COLUMNS, str))
    if fts_columns(db) != list(SEARCHABLE_COLUMNS):
        folding_fts(db)
        db[STEM_FTS].drop(ignore=True)
        stem_index(db)
