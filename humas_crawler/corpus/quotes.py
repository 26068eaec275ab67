"""Who said what: the SQL of the quotes, people, roles and article_places tables (migration 9).

What is stored comes from ``extraction.speakers.said_in`` as plain data; this module decides only
which stored person an article's person is. Across articles, one person is one normalised name
(``people.key``: lower case, no honorifics or dots) in one province, with compatible roles:

- the province: a stored person and an article's person with the same key are one when their
  provinces are equal or either is unknown ("Muhammad Faisal" of Kaltim in 2022 and in 2023 is one
  row with both years in ``roles``; a namesake whose roles name another province is another);
- the roles: they clash when the article prints the person at an organisation the stored person
  was never printed at (``roles.organisation``: "Diskominfo Kaltim", one name for its spellings)
  while the stored person was printed at another organisation within ``SAME_TIME_DAYS`` of the
  article's day. Two namesakes heading two agencies in the same months stay two people; an
  official printed at a new organisation after that (a Kepala Dinas who becomes Sekda) stays one
  person with both roles, each with its first and last day. A role naming no organisation
  ("Kabag"), an article without a date or a person printed without a role clash with nothing.

A name printed alone ("Faisal") joins the one person of the province whose name ends with it,
when there is exactly one.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from operator import itemgetter

import sqlite_utils

from humas_crawler.corpus import atomic
from humas_crawler.corpus.schema import ARTICLE_PLACES, PEOPLE, QUOTES, QUOTES_UNINDEXED, ROLES

# Two organisations printed for one name within this many days are two people at the same time;
# further apart, one official who changed office (a transfer is printed under the new title from
# then on; the old title in a later article still joins, as an organisation the person held).
SAME_TIME_DAYS = 30

# what ``said`` gives of each quote and place, as stored; the article's id (and the person's) go first
QUOTE_FIELDS = ("position", "text", "kind", "verb", "speaker_as_printed", "role", "reader", "span_start", "span_end")
QUOTE_COLUMNS = ("article_id", "person_id", *QUOTE_FIELDS)
PLACE_FIELDS = ("code", "name", "kind", "mentions", "in_dateline")
PLACE_COLUMNS = ("article_id", *PLACE_FIELDS)
_quote_values, _place_values = itemgetter(*QUOTE_FIELDS), itemgetter(*PLACE_FIELDS)


def store_quotations(db: sqlite_utils.Database, article_id: int, said: dict, day: str | None) -> int:
    """Replace an article's quotes and places with ``said``; its people join or become people
    rows and their roles record ``day`` (the local publication date). Returns the quotes stored.
    Commits on its own, its quotes indexed for search at once, or is part of the caller's
    transaction (the store's, with the article): that transaction, rolled back whole on an error,
    already holds all of it or none, so no savepoint of its own is opened (two statements fewer
    per article), and the quotes wait in quotes_unindexed for ``index_quotes`` (the crawl's, when
    its spider closes)."""
    if not db.conn.in_transaction:
        with atomic(db):
            stored = _replace_quotations(db, article_id, said, day)
            index_quotes(db)
            return stored
    return _replace_quotations(db, article_id, said, day)


def _replace_quotations(db: sqlite_utils.Database, article_id: int, said: dict, day: str | None) -> int:
    """The rows go in as tuples straight from ``said``; a table the article gives nothing to is
    not written."""
    conn, people, quoted = db.conn, said["people"], said["quotes"]
    conn.execute(f"delete from {QUOTES} where article_id = ?", [article_id])
    conn.execute(f"delete from {ARTICLE_PLACES} where article_id = ?", [article_id])
    ids = [person_id(db, person, day) for person in people]
    record_roles(db, [(pid, role) for person, pid in zip(people, ids) for role in person["roles"]], day)
    if quoted:
        insert_rows(db, QUOTES, QUOTE_COLUMNS,
                    [(article_id, None if q["person"] is None else ids[q["person"]], *_quote_values(q)) for q in quoted])
        # to be indexed for search with the run's others (migration 12)
        conn.execute(f"insert into {QUOTES_UNINDEXED} (id) select id from {QUOTES} where article_id = ?", [article_id])
    insert_rows(db, ARTICLE_PLACES, PLACE_COLUMNS, [(article_id, *_place_values(place)) for place in said["places"]])
    return len(quoted)


def index_quotes(db: sqlite_utils.Database) -> int:
    """Put every quote listed in quotes_unindexed into the full-text index, in one statement (an
    article's few at a time, each its own FTS5 segment, cost some ten times more per quote), and
    empty the list; part of the caller's transaction, if one is open. Returns the quotes indexed."""
    with atomic(db):
        indexed = db.conn.execute(f"insert into {QUOTES}_fts (rowid, text) select q.id, q.text from {QUOTES} q "
                                  f"join {QUOTES_UNINDEXED} u on u.id = q.id").rowcount
        db.conn.execute(f"delete from {QUOTES_UNINDEXED}")
    return indexed


def insert_rows(db: sqlite_utils.Database, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """One prepared insert for all ``rows`` (values in the order of ``columns``): sqlite-utils'
    insert_all inspects the table on every call, which cost as much as the rows themselves for an
    article's handful."""
    if rows:
        db.conn.executemany(f"insert into {table} ({', '.join(columns)}) values ({', '.join('?' * len(columns))})",
                            rows)


def person_id(db: sqlite_utils.Database, person: dict, day: str | None = None) -> int:
    """The stored person ``person`` (printed on ``day``) is, by the module docstring's rule,
    created when none is."""
    key, province = person["key"], person.get("province")
    rows = _people_with_roles(db, "key = ?", key)
    if not rows and " " not in key:
        rows = _people_with_roles(db, "key like ?", f"% {key}")
        rows = rows if len(rows) == 1 else []
    match = next((r for r in rows if (not r["province"] or not province or r["province"] == province)
                  and not roles_clash(r["roles"], person.get("roles", []), day)), None)
    if match is None:
        return db.conn.execute(f"insert into {PEOPLE} (name, key, province, aliases) values (?, ?, ?, ?)",
                               [person["name"], key, province,
                                json.dumps(person["aliases"], ensure_ascii=False)]).lastrowid
    aliases = json.loads(match["aliases"] or "[]")
    new = [a for a in person["aliases"] if a not in aliases]
    if new or (province and not match["province"]):
        db.conn.execute(f"update {PEOPLE} set aliases = ?, province = ? where id = ?",
                        [json.dumps(aliases + new, ensure_ascii=False), match["province"] or province, match["id"]])
    return match["id"]


def _people_with_roles(db: sqlite_utils.Database, where: str, value: str) -> list[dict]:
    """The stored people matching ``where`` (on ``people``, one parameter), in id order, each with
    ``roles``: the organisation, first and last day of every role they were printed with. One
    read, people and roles joined: straight from the connection, as sqlite-utils' ``query`` wraps
    each read in a savepoint of its own (two more statements)."""
    people: dict[int, dict] = {}
    for pid, aliases, province, has_role, organisation, first_seen, last_seen in db.conn.execute(
            f"select p.id, p.aliases, p.province, r.person_id, r.organisation, r.first_seen, r.last_seen "
            f"from {PEOPLE} p left join {ROLES} r on r.person_id = p.id where p.{where} order by p.id", [value]):
        person = people.setdefault(pid, {"id": pid, "aliases": aliases, "province": province, "roles": []})
        if has_role is not None:
            person["roles"].append({"organisation": organisation, "first_seen": first_seen, "last_seen": last_seen})
    return list(people.values())


def roles_clash(stored: list[dict], printed: list[dict], day: str | None) -> bool:
    """Whether roles ``printed`` on ``day`` make the person another than the stored one with roles
    ``stored``: only organisations the stored person was never printed at, while one they were
    printed at was printed within ``SAME_TIME_DAYS`` of ``day``."""
    organisations = {(r.get("organisation") or "").casefold() for r in printed} - {""}
    held = {(r["organisation"] or "").casefold() for r in stored}
    if not day or not organisations or organisations & held:
        return False  # nothing to compare, or an organisation the person is known at (the other: a second hat)
    moment = date.fromisoformat(day[:10])
    window = timedelta(days=SAME_TIME_DAYS)
    return any(date.fromisoformat(r["first_seen"][:10]) - window <= moment
               <= date.fromisoformat((r["last_seen"] or r["first_seen"])[:10]) + window
               for r in stored if r["organisation"] and r["first_seen"])


def record_roles(db: sqlite_utils.Database, held: list[tuple[int, dict]], day: str | None) -> None:
    """One more article where each person ``pid`` held ``role`` (``held``: (pid, role) pairs, in
    one prepared statement): first and last seen widen to ``day``."""
    if not held:
        return
    db.conn.executemany(
        f"insert into {ROLES} (person_id, role, organisation, province, first_seen, last_seen, articles) "
        "values (?, ?, ?, ?, ?, ?, 1) on conflict (person_id, role) do update set "
        "first_seen = min(coalesce(first_seen, excluded.first_seen), coalesce(excluded.first_seen, first_seen)), "
        "last_seen = max(coalesce(last_seen, excluded.last_seen), coalesce(excluded.last_seen, last_seen)), "
        "articles = articles + 1",
        [[pid, role["role"], role["organisation"], role["province"], day, day] for pid, role in held],
    )


def clear_quotations(db: sqlite_utils.Database) -> None:
    """Empty every table of this module (``humas quotes --rebuild`` starts from nothing)."""
    with db.atomic():
        for table in (QUOTES, ARTICLE_PLACES, ROLES, PEOPLE):
            db.execute(f"delete from {table}")


def articles_to_quote(db: sqlite_utils.Database) -> Iterator[dict]:
    """Every article with what quotation needs, oldest first (so roles' first and last seen grow
    in time order): id, body, dateline, the local day and its site's province."""
    yield from db.query(
        "select a.id, a.body, a.dateline, substr(a.published_at, 1, 10) as day, s.province "
        "from articles a left join sites s on s.name = a.site order by a.published_at, a.id")


def article_count(db: sqlite_utils.Database) -> int:
    return db["articles"].count


# ---- what commands read --------------------------------------------------------------------------

def find_quotes(db: sqlite_utils.Database, person: str | None = None, query: str | None = None,
                sites: Sequence[str] = (), since: str | None = None, limit: int | None = 50) -> list[dict]:
    """Quotes newest first with their article and speaker. ``person``: a part of the person's name
    (case ignored); ``query``: an FTS5 query over quote texts (already parsed for FTS);
    ``since``: a local day (YYYY-MM-DD), included."""
    where, args = [], {}
    if person:
        where.append("(p.name like :person or p.aliases like :person)")
        args["person"] = f"%{person}%"
    if query:
        where.append(f"q.id in (select rowid from {QUOTES}_fts where {QUOTES}_fts match :query)")
        args["query"] = query
    if sites:
        names = {f"site{i}": site for i, site in enumerate(sites)}
        where.append(f"a.site in ({', '.join(':' + n for n in names)})")
        args.update(names)
    if since:
        where.append("substr(a.published_at, 1, 10) >= :since")
        args["since"] = since
    sql = (f"select q.article_id, a.site, substr(a.published_at, 1, 10) as day, p.name as person, q.role, "
           f"q.kind, q.verb, q.speaker_as_printed, q.reader, q.text, a.title, a.canonical_url as url "
           f"from {QUOTES} q join articles a on a.id = q.article_id left join {PEOPLE} p on p.id = q.person_id"
           + (" where " + " and ".join(where) if where else "")
           + " order by a.published_at desc, q.article_id, q.position limit :limit")
    args["limit"] = -1 if limit is None else limit
    return list(db.query(sql, args))


def top_people(db: sqlite_utils.Database, top: int = 20, role: str | None = None) -> list[dict]:
    """The most quoted people: quotes, articles, their roles (with first and last day) and
    province. ``role``: only people who held a role containing this text (case ignored)."""
    where, args = "", {"top": top}
    if role:
        where = f"where p.id in (select person_id from {ROLES} where role like :role)"
        args["role"] = f"%{role}%"
    sql = (f"select p.id, p.name, p.province, p.aliases, count(q.id) as quotes, "
           f"count(distinct q.article_id) as articles, "
           f"(select group_concat(r.role || ' (' || coalesce(r.first_seen, '?') || ' – ' || "
           f"coalesce(r.last_seen, '?') || ')', '; ') from {ROLES} r where r.person_id = p.id) as roles "
           f"from {PEOPLE} p left join {QUOTES} q on q.person_id = p.id {where} "
           f"group by p.id order by quotes desc, p.name limit :top")
    return list(db.query(sql, args))


def counts(db: sqlite_utils.Database) -> dict[str, int]:
    return {table: db[table].count for table in (QUOTES, PEOPLE, ROLES, ARTICLE_PLACES)}
