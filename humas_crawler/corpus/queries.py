"""What commands and analysts read from the corpus: search, export, clusters, runs and fill rates."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence
from datetime import date, datetime, timedelta

import sqlite_utils

from humas_crawler.corpus.monitoring import run_alarms  # noqa: F401  re-exported: what a crawl summary lists
from humas_crawler.corpus.schema import CLUSTER_EVIDENCE_COLUMNS, CLUSTERS, COPIES_VIEW, UNIQUE_VIEW
from humas_crawler.corpus.schema import FILL_MASK_COLUMN, FILL_MASK_FIELDS, filled
from humas_crawler.corpus.schema import STEM_FTS
from humas_crawler.corpus.stemming import stemmed_query
from humas_crawler.fields import EXPORT_COLUMNS


def article_count(db: sqlite_utils.Database) -> int:
    return db["articles"].count


def latest_runs(db: sqlite_utils.Database, since_id: int = 0) -> list[dict]:
    """Crawl runs recorded after run ``since_id``, oldest first."""
    return list(db.query("select * from crawl_runs where id > ? order by id", [since_id]))


def last_run_id(db: sqlite_utils.Database) -> int:
    row = next(db.query("select max(id) as id from crawl_runs"), None)
    return (row or {}).get("id") or 0


def export_rows(db: sqlite_utils.Database, site: str | Sequence[str] | None = None, since: str | None = None,
                until: str | None = None, query: str | None = None, unique: bool = False):
    """Articles for export in ``EXPORT_ROW_COLUMNS`` order, oldest first (then by id, so two exports
    of one corpus are identical). ``unique`` reads one row per near-duplicate cluster (its origin);
    ``query`` is a search query (see :func:`fts_query`), so a search can be exported whole."""
    where, args = article_filters(site, since, until)
    if query:
        fts = fts_table(db)
        where.append(f"a.id in (select rowid from {fts} where {fts} match :query)")
        args["query"] = fts_query(query)
    columns = ", ".join([f"a.{name}" for name in EXPORT_COLUMNS]
                        + ["c.cluster_id", "coalesce(c.is_origin, 0) as is_origin"])
    sql = (f"select {columns} from {UNIQUE_VIEW if unique else 'articles'} a "
           f"left join {CLUSTERS} c on c.article_id = a.id")
    yield from db.query(sql + where_clause(where) + " order by a.published_at, a.id", args)


def search(db: sqlite_utils.Database, query: str, limit: int | None = 20, site: str | Sequence[str] | None = None,
           since: str | None = None, until: str | None = None, sort: str = "rank",
           mark: tuple[str, str] = ("**", "**"), stem: bool = False) -> list[dict]:
    """Full-text search over the searchable fields: id, site, title, published_at, url (the canonical
    one) and a snippet of the best-matching text with the matched words between ``mark``.

    ``query`` is the user's syntax (see :func:`fts_query`; a malformed one raises QueryError);
    ``sort`` one of ``SEARCH_ORDERS``; ``site`` a name or several. ``stem``: match word stems in
    the stemmed index (see ``corpus.stemming``; its snippets show stems); the caller brings that
    index up to date first (``stemming.refresh``).
    """
    fts = search_index(db, stem)
    # ranked over the index alone; only a sort by date joins the matches (those a filter kept) to articles.
    # With the id after it SQLite keeps the best `limit` as it goes (a bare `order by rank` has FTS5
    # sort every match first: p95 CPU 55-70 against 42-53 ms at a million articles, README)
    from_where, args = search_from(db, query, site, since, until, stem, joined=sort != "rank")
    args["limit"] = -1 if limit is None else limit
    ranking = f"select {fts}.rowid as id {from_where} order by {SEARCH_ORDERS[sort]}, {fts}.rowid limit :limit"
    ids = [row["id"] for row in db.query(ranking, args)]
    return search_hits(db, fts, args["query"], ids, mark)


def search_hits(db: sqlite_utils.Database, fts: str, match: str, ids: list[int],
                mark: tuple[str, str]) -> list[dict]:
    """The rows of a search's chosen articles, in the order of ``ids``, with their snippets.

    Snippets are made only here, for the page of results: made in the ranking query, SQLite
    builds one for every match before the limit applies (1.8 s against 0.16 s for the ranking
    alone, p95 at a million articles)."""
    rows = db.query(
        f"select a.id, a.site, a.title, a.published_at, a.canonical_url as url, "
        f"snippet({fts}, -1, :open, :close, '…', {SNIPPET_TOKENS}) as snippet "
        f"from {fts} join articles a on a.id = {fts}.rowid "
        f"where {fts} match :query and {fts}.rowid in (select value from json_each(:ids))",
        {"query": match, "ids": json.dumps(ids), "open": mark[0], "close": mark[1]})
    by_id = {row["id"]: row for row in rows}
    return [by_id[article_id] for article_id in ids]


def fill_rates(db: sqlite_utils.Database, fields: tuple[str, ...]) -> tuple[int, dict[str, float]]:
    """How many articles there are and, per field, the share that has a value (a JSON list or
    object counts only when not empty)."""
    total = article_count(db)
    if not total:
        return 0, {}
    row = next(db.query(f"select {filled_counts(fields)} from articles"))
    return total, {name: (row[name] or 0) / total for name in fields}


# ---- clusters -----------------------------------------------------------------------------------

REPORT_SQL = f"""
with selected as (
    select c.cluster_id, a.published_at
    from {CLUSTERS} c join articles a on a.id = c.article_id
    where c.is_origin = 1
      and (:since is null or a.published_at >= :since)
      and (:site is null or exists (
          select 1 from {CLUSTERS} m join articles ma on ma.id = m.article_id
          where m.cluster_id = c.cluster_id and ma.site = :site))
)
select v.* from selected s
join {COPIES_VIEW} v on v.cluster_id = s.cluster_id
order by s.published_at desc, s.cluster_id, v.is_origin desc, v.published_at, v.article_id
"""
MEMBER_KEYS = ("article_id", "site", "title", "url", "published_at")
COPY_KEYS = ("similarity", "delay_hours", "edit_distance")
# evidence columns the view renames: its delay_hours is after the origin
EVIDENCE_IN_VIEW = {"delay_hours": "linked_delay_hours"}


def cluster_report(db: sqlite_utils.Database, site: str | None = None, since: str | None = None) -> list[dict]:
    """Each cluster with its origin and its copies, most recent origin first.

    ``site``: clusters with at least one member on that site. ``since``: clusters whose origin
    was published on or after that ISO date. Each copy carries, as stored by the index,
    ``delay_hours`` after the origin, ``edit_distance`` to the origin (see
    ``dedup.word_edit_distance``), ``similarity`` and ``evidence``: why it was linked
    (see :func:`link_evidence`).
    """
    clusters: list[dict] = []
    for row in cluster_rows(db, site, since):
        member = {key: row[key] for key in MEMBER_KEYS}
        if row["is_origin"]:
            clusters.append({"cluster_id": row["cluster_id"], "origin": member, "copies": []})
        else:
            clusters[-1]["copies"].append({**member, **{key: row[key] for key in COPY_KEYS},
                                           "evidence": link_evidence(row)})
    return clusters


def cluster_rows(db: sqlite_utils.Database, site: str | None = None, since: str | None = None) -> list[dict]:
    """The rows of ``cluster_copies`` for :func:`cluster_report`'s clusters, origin first in each:
    one flat row per member (what CSV exports)."""
    return list(db.query(REPORT_SQL, {"site": site, "since": since}))


def cluster_summary(db: sqlite_utils.Database) -> dict:
    """How many clusters there are and how many articles they hold."""
    return next(db.query(f"select count(distinct cluster_id) as clusters, count(*) as members from {CLUSTERS}"))


def link_evidence(row: dict) -> dict:
    """The signals that linked a member (schema.cluster_evidence), from a ``cluster_copies`` row:
    ``linked_to`` (the article it was verified against), ``rule``, ``containment``, ``aligned`` with ``aligned_sentences`` of
    ``sentences``, ``shared_quotes``, ``shared_specifics`` and ``changed_specifics`` (lists),
    ``agreement`` and ``delay_hours`` after ``linked_to``. All None for a link made before the
    signals were stored (``humas dedupe --rebuild`` fills them)."""
    evidence = {name: row[EVIDENCE_IN_VIEW.get(name, name)] for name in CLUSTER_EVIDENCE_COLUMNS}
    for name in ("shared_specifics", "changed_specifics"):
        evidence[name] = json.loads(evidence[name]) if evidence[name] else None
    return evidence


# ---- search and export filters --------------------------------------------------------------------

# every stored field in declaration order (fields.EXPORT_COLUMNS), then the article's cluster
EXPORT_ROW_COLUMNS = EXPORT_COLUMNS + ("cluster_id", "is_origin")
# ties in order of id, so a page of results is always the same
SEARCH_ORDERS = {"rank": "rank", "newest": "a.published_at desc", "oldest": "a.published_at"}
SNIPPET_TOKENS = 16
# a filter expected to keep more of the corpus than this is checked on each match's article row
# (see search_from); at a million articles the id set costs 300 ms to build when it keeps them all
WIDE_FILTER_SHARE = 0.25
OPERATORS = ("AND", "OR", "NOT")
# a "phrase" (with an optional prefix star), a parenthesis, or a bare word up to the next space,
# quote or parenthesis; a quote left over is unbalanced
QUERY_TOKEN = re.compile(r'"(?P<phrase>[^"]*)"(?P<star>\*?)|(?P<paren>[()])|(?P<word>[^\s"()]+)|(?P<quote>")')
TYPOGRAPHIC_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"'})


class QueryError(ValueError):
    """A search query that cannot be turned into an FTS5 expression; the message says why."""


def fts_query(query: str) -> str:
    """The user's search query as a safe FTS5 expression.

    FTS5 reads ``se-Kaltim`` as the column filter ``se`` minus ``Kaltim`` and fails on ``*`` or a
    stray quote, while hyphens are everywhere in Indonesian. So every word and "phrase" becomes a
    quoted FTS5 string (the tokenizer splits ``desa-desa`` into adjacent tokens: a phrase match),
    ``word*`` keeps its prefix star, and only ``OR``, ``AND``, ``NOT`` (upper case, as in FTS5) and
    parentheses stay operators. The query is NFC-normalized so a decomposed accent folds like a
    composed one; typographic quotes count as quotes. Raises QueryError for what cannot be meant.
    """
    tokens = [t for t in map(query_token, QUERY_TOKEN.finditer(unicodedata.normalize("NFC", query)
                                                                  .translate(TYPOGRAPHIC_QUOTES))) if t]
    check_grammar(tokens)
    parts = []
    for previous, token in zip([None] + tokens, tokens):
        if is_operand_start(token) and previous is not None and is_operand_end(previous):
            parts.append("AND")  # explicit: FTS5 does not join a phrase and a parenthesis implicitly
        parts.append(token)
    return " ".join(parts)


def query_token(match: re.Match) -> str | None:
    """One token of the query as FTS5 text: an operator, a parenthesis or a quoted string; None for
    a bare word of punctuation only (a dash between words), which matches nothing anyway."""
    if match["quote"]:
        raise QueryError("unbalanced quote: close the \"phrase\"")
    if match["paren"]:
        return match["paren"]
    if match["word"] in OPERATORS:
        return match["word"]
    text, star = (match["phrase"], match["star"]) if match["phrase"] is not None else (
        match["word"].rstrip("*"), "*" if match["word"].endswith("*") else "")
    if not re.search(r"\w", text):
        if match["phrase"] is not None or star:
            raise QueryError(f"{match[0]!r} holds no word: search for words, e.g. hoak* or \"raker kehumasan\"")
        return None
    return '"' + text + '"' + star  # the patterns exclude a quote inside, so nothing needs escaping


def check_grammar(tokens: list[str]) -> None:
    """Operators between terms, parentheses balanced: what FTS5 would otherwise reject with a
    cryptic syntax error. NOT is binary in FTS5 (``banjir NOT rob``), so it cannot open a query."""
    if not tokens:
        raise QueryError("nothing to search for")
    depth = 0
    for previous, token in zip([None] + tokens, tokens + [None]):
        if token in OPERATORS and (previous is None or not is_operand_end(previous)):
            raise QueryError(f"{token} needs a term before it, e.g. banjir {token} rob")
        if token is None and previous in OPERATORS:
            raise QueryError(f"{previous} needs a term after it, e.g. banjir {previous} rob")
        if token == ")" and (depth == 0 or previous == "("):
            raise QueryError("unbalanced or empty parentheses")
        depth += {"(": 1, ")": -1}.get(token, 0)
    if depth:
        raise QueryError("unbalanced parentheses: close every (")


def is_operand_start(token: str) -> bool:
    return token == "(" or token.startswith('"')


def is_operand_end(token: str) -> bool:
    return token == ")" or token.startswith('"')


def fts_table(db: sqlite_utils.Database) -> str:
    """The full-text index of ``articles`` (``articles_fts``, as the schema names it)."""
    return db["articles"].detect_fts()


def article_filters(site: str | Sequence[str] | None, since: str | None, until: str | None,
                    ) -> tuple[list[str], dict]:
    """Where conditions on ``articles a`` (with their arguments) for one or several sites and a
    publication date range, both ends included.

    published_at is ISO text with the page's UTC offset: ``published_at <= '2021-08-31'`` would drop
    every article of the 31st (its text is longer), so ``until`` compares with ``< the next day``.
    Both bounds are local dates of the page, which is what the page printed.
    """
    sites = (site,) if isinstance(site, str) else tuple(site or ())
    where, args = [], {}
    if sites:
        where.append(f"a.site in ({', '.join(f':site{i}' for i in range(len(sites)))})")
        args.update({f"site{i}": name for i, name in enumerate(sites)})
    if since:
        where.append("a.published_at >= :since")
        args["since"] = parse_day(since).isoformat()
    if until:
        where.append("a.published_at < :before")
        args["before"] = (parse_day(until) + timedelta(days=1)).isoformat()
    return where, args


def parse_day(value: str) -> date:
    """A YYYY-MM-DD date (``2021-8-5`` too, written back as ``2021-08-05`` so text comparison holds)."""
    return datetime.strptime(value, "%Y-%m-%d").date()


def where_clause(conditions: list[str]) -> str:
    return f" where {' and '.join(conditions)}" if conditions else ""


def search_index(db: sqlite_utils.Database, stem: bool) -> str:
    """The full-text index a search reads: the stemmed one, or the plain one."""
    return STEM_FTS if stem else fts_table(db)


def search_from(db: sqlite_utils.Database, query: str, site, since, until, stem: bool = False,
                joined: bool = False) -> tuple[str, dict]:
    """The from and where clauses of a search, shared by its rows and its total; ``joined`` joins
    the matches to ``articles a`` (for a sort by date).

    A selective filter (see :func:`filter_share`) is the set of article ids it keeps, read from the
    articles' indexes (site, published_at) and checked for each match of the index, the ``+``
    keeping SQLite from handing every id to FTS5 as a lookup of its own; only the matches kept are
    ranked. Joining every match to its article row to filter it costs a random read of the big
    table per match instead, which only a filter keeping most of the corpus repays."""
    fts = search_index(db, stem)
    where, args = article_filters(site, since, until)
    args["query"] = stemmed_query(fts_query(query)) if stem else fts_query(query)
    conditions = [f"{fts} match :query"]
    if where and filter_share(db, site, since, until) <= WIDE_FILTER_SHARE:
        conditions.append(f"+{fts}.rowid in (select a.id from articles a{where_clause(where)})")
    elif where:
        joined = True
        conditions += where
    join = f" join articles a on a.id = {fts}.rowid" if joined else ""
    return f"from {fts}{join}" + where_clause(conditions), args


def filter_share(db: sqlite_utils.Database, site: str | Sequence[str] | None, since: str | None,
                 until: str | None) -> float:
    """The share of the corpus a filter keeps, were articles spread evenly over the registered sites
    and the corpus' publication span: an estimate from a few index reads, no count."""
    sites = {site} if isinstance(site, str) else set(site or ())
    share = min(1.0, len(sites) / max(1, db["sites"].count)) if sites else 1.0
    return share * span_share(db, since, until) if since or until else share


def span_share(db: sqlite_utils.Database, since: str | None, until: str | None) -> float:
    """The share of the days from the first to the last publication that ``since``..``until``
    covers (1 for an empty corpus or a stored date that is not ISO: the estimate then errs wide)."""
    # two subqueries: SQLite reads min() or max() from the index only when it is alone in its query
    row = next(db.query("select (select min(published_at) from articles) as first, "
                        "(select max(published_at) from articles) as last"))
    try:
        first, last = parse_day(row["first"][:10]), parse_day(row["last"][:10])
    except (TypeError, ValueError):
        return 1.0
    start = max(first, parse_day(since)) if since else first
    end = min(last, parse_day(until)) if until else last
    return max(0, (end - start).days + 1) / ((last - first).days + 1)


def search_total(db: sqlite_utils.Database, query: str, site: str | Sequence[str] | None = None,
                 since: str | None = None, until: str | None = None, stem: bool = False) -> int:
    """How many articles a search matches, beyond its --limit."""
    from_where, args = search_from(db, query, site, since, until, stem)
    return next(db.query(f"select count(*) as n {from_where}", args))["n"]


# ---- statistics -----------------------------------------------------------------------------------

def filled_counts(fields: tuple[str, ...], table: str = "") -> str:
    """Select expressions counting, per field, the rows that have a value (a JSON list or object
    only when not empty); ``table`` qualifies the columns (``a.``)."""
    return ", ".join(f"sum({filled(table + name)}) as {name}" for name in fields)


def masked_counts(fields: tuple[str, ...], table: str = "") -> str:
    """:func:`filled_counts` read from the ``fill_mask`` bits where a field has one, so a query over
    (site, published_at, fill_mask) reads the index alone, never a body."""
    return ", ".join(f"sum(({table}{FILL_MASK_COLUMN} >> {FILL_MASK_FIELDS.index(name)}) & 1) as {name}"
                     if name in FILL_MASK_FIELDS else filled_counts((name,), table) for name in fields)


def corpus_stats(db: sqlite_utils.Database, fields: tuple[str, ...]) -> dict:
    """Per site (every registered site, even one without articles yet): articles, first and last
    published date (the page's local date), the last crawl run's start, end, status and problem,
    and the fill rate of each of ``fields``; then the same over the whole corpus.

    Articles are counted per site first, then joined to the sites: grouped that way SQLite reads
    the (site, published_at, fill_mask) index alone; driven by the sites table it visits every
    article's row (1.55 s against 0.48 s at a million articles)."""
    sql = f"""
    with per_site as (
        select site, count(*) as articles,
               substr(min(published_at), 1, 10) as first_published,
               substr(max(published_at), 1, 10) as last_published, {masked_counts(fields)}
        from articles group by site
    )
    select s.name as site, coalesce(p.articles, 0) as articles, p.first_published, p.last_published,
           {", ".join(f"p.{name}" for name in fields)},
           r.started_at as last_crawl, r.finished_at as last_crawl_finished,
           r.status as last_status, r.problem as last_problem
    from sites s
    left join per_site p on p.site = s.name
    left join crawl_runs r on r.id = (select max(id) from crawl_runs where spider = s.name)
    order by s.name
    """
    rows = list(db.query(sql))
    dated = [row for row in rows if row["articles"]]
    totals = with_rates({"site": None, "sites": len(rows), "articles": sum(row["articles"] for row in rows),
                         "first_published": min((row["first_published"] for row in dated), default=None),
                         "last_published": max((row["last_published"] for row in dated), default=None),
                         **{name: sum(row[name] or 0 for row in rows) for name in fields}}, fields)
    return {"sites": [with_rates(row, fields) for row in rows], "totals": totals}


def with_rates(row: dict, fields: tuple[str, ...]) -> dict:
    """``row`` with its per-field filled counts replaced by ``fill_rates``: shares of its articles."""
    rest = {key: value for key, value in row.items() if key not in fields}
    return {**rest, "fill_rates": {name: round((row[name] or 0) / row["articles"], 4) if row["articles"] else 0.0
                                   for name in fields}}


def articles_per_month(db: sqlite_utils.Database) -> list[dict]:
    """(site, month YYYY-MM of the page's local date, articles), in order: what ``humas plot`` draws."""
    return list(db.query(
        "select site, substr(published_at, 1, 7) as month, count(*) as articles from articles "
        "where published_at is not null group by site, month order by site, month"))
