"""``humas search``: the query parser (hyphens, phrases, prefixes, OR/NOT, accents), the filters
(repeatable and checked --site, --since/--until compared as dates), sorting, totals, snippets and
the three output formats, over a small hand-written corpus.

``analyst_corpus`` builds that corpus; test_export and test_stats reuse it.
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from humas_crawler import corpus
from humas_crawler.cli import main
from humas_crawler.corpus import queries
from humas_crawler.corpus import store as corpus_store

SITES = {"kaltimprov": "https://kaltimprov.go.id", "humas_ntt": "https://humas.nttprov.go.id",
         "porosnusantara": "https://porosnusantara.co.id", "diskominfo_kutim": "https://diskominfo.kutaitimurkab.go.id"}

# key: (site, published_at, title, body, extra fields)
ARTICLES = {
    "rakor": ("kaltimprov", "2021-08-31T21:30:00+08:00", "Gubernur Buka Rakor se-Kaltim",
              "Rapat koordinasi se-Kaltim membahas penanganan banjir di Samarinda.",
              {"tags": ["Rakor", "Banjir"], "author": "Rina",
               "images": [{"url": "https://kaltimprov.go.id/foto/rakor.jpg",
                           "caption": "Gubernur membuka “rakor”"}]}),
    "desa": ("kaltimprov", "2021-09-01T08:00:00+08:00", "Desa-desa di Kutai Terima Bantuan",
             "Pemerintah menyalurkan bantuan ke desa-desa terpencil. Warga diminta waspada hoaks.", {}),
    "ikn": ("humas_ntt", "2021-08-15T10:00:00+08:00", "Pembangunan IKN-Nusantara Dipercepat",
            "Ibu kota IKN-Nusantara dibangun bertahap; kafé warga di Kupang menyiarkan kabar.", {"author": "Ade"}),
    "ikn_copy": ("porosnusantara", "2021-08-16T09:00:00+08:00", "IKN Nusantara Dibangun Lebih Cepat",
                 "Kupang, Poros Nusantara – Ibu kota IKN Nusantara dibangun bertahap.", {}),
    "hoax": ("humas_ntt", "2020-01-10T09:00:00+08:00", "Waspada Hoax Jelang Pemilu",
             "Diskominfo mengajak warga melawan hoax dan berita bohong. Stunting juga dibahas.", {}),
    "rob": ("porosnusantara", "2021-07-01T07:00:00+07:00", "Banjir Rob Genangi Pesisir",
            "Banjir rob menggenangi pesisir Kupang.", {}),
}


def analyst_corpus(path):
    """The corpus of ARTICLES (ikn_copy clustered as a copy of ikn) and the article ids by key."""
    db = corpus.open_corpus(path)
    for name, url in SITES.items():
        corpus_store.upsert_site(db, name, url, None, None)
    ids = {}
    for key, (site, published_at, title, body, extra) in ARTICLES.items():
        url = f"{SITES[site]}/berita/{key}"
        ids[key] = corpus_store.insert_article(db, {"site": site, "url": url, "canonical_url": url, "title": title,
                                                    "published_at": published_at, "body": body, **extra})
    db["clusters"].insert_all([
        {"cluster_id": ids["ikn"], "article_id": ids["ikn"], "similarity": 1.0, "is_origin": 1},
        {"cluster_id": ids["ikn"], "article_id": ids["ikn_copy"], "similarity": 0.8, "is_origin": 0},
    ])
    return db, ids


@pytest.fixture
def built(tmp_path):
    path = tmp_path / "corpus.db"
    db, ids = analyst_corpus(path)
    return path, db, ids


def humas(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def found(db, ids, query, **filters) -> set[str]:
    by_id = {v: k for k, v in ids.items()}
    return {by_id[row["id"]] for row in queries.search(db, query, **filters)}


@pytest.mark.parametrize("query, expected", [
    ("se-Kaltim", {"rakor"}),
    ("desa-desa", {"desa"}),
    ("IKN-Nusantara", {"ikn", "ikn_copy"}),  # the tokenizer splits it: a phrase, matching "IKN Nusantara" too
    ("hoak*", {"desa"}),
    ("hoa*", {"desa", "hoax"}),
    ('"berita bohong"', {"hoax"}),
    ("“berita bohong”", {"hoax"}),  # typographic quotes, as a phone types them
    ('"bohong berita"', set()),  # a phrase keeps its order
    ("stunting OR rob", {"hoax", "rob"}),
    ("banjir NOT rob", {"rakor"}),
    ("(hoaks OR hoax) warga", {"desa", "hoax"}),
    ("kafe", {"ikn"}),
    ("KAFÉ", {"ikn"}),
    ("kafe\u0301", {"ikn"}),  # a decomposed accent folds like the composed one
    ("banjir – samarinda", {"rakor"}),  # a dash between words is no word
    ("or", set()),  # lower-case or is a word, not the operator
])
def test_query_syntax(built, query, expected):
    _, db, ids = built
    assert found(db, ids, query) == expected


@pytest.mark.parametrize("query, reason", [
    ('""', "holds no word"),
    ("*", "holds no word"),
    ('"unclosed', "unbalanced quote"),
    ('berita "bohong', "unbalanced quote"),
    ("NOT hoax", "NOT needs a term before it"),
    ("banjir OR", "OR needs a term after it"),
    ("banjir OR OR rob", "OR needs a term before it"),
    ("(banjir", "unbalanced parentheses"),
    ("banjir)", "unbalanced"),
    ("()", "empty parentheses"),
    ("", "nothing to search for"),
    ("– …", "nothing to search for"),
])
def test_an_invalid_query_is_one_line_exit_2(built, query, reason):
    path, _, _ = built
    result = humas("search", query, "--db", path)
    lines = result.stderr.strip().splitlines()
    assert result.exit_code == 2 and len(lines) == 1, result.output
    assert lines[0].startswith("Error: cannot search for") and reason in lines[0]


@pytest.mark.parametrize("filters, expected", [
    ({"until": "2021-08-31"}, {"rakor", "ikn", "ikn_copy", "hoax", "rob"}),  # 21:30 on the 31st is the 31st
    ({"since": "2021-09-01"}, {"desa"}),
    ({"since": "2021-08-31", "until": "2021-08-31"}, {"rakor"}),
    ({"since": "2021-8-1", "until": "2021-8-20"}, {"ikn", "ikn_copy"}),  # single digits are read as dates
    ({"site": "porosnusantara"}, {"ikn_copy", "rob"}),
    ({"site": ("kaltimprov", "humas_ntt"), "until": "2021-08-31"}, {"rakor", "ikn", "hoax"}),
])
def test_filters_compare_dates_as_dates(built, filters, expected):
    _, db, ids = built
    everything = "bantuan OR banjir OR nusantara OR hoax OR rob"
    assert found(db, ids, everything, **filters) == expected


def test_text_comparison_would_have_dropped_the_last_day(built):
    """Why --until compares with the next day: the naive text comparison loses the 31st."""
    _, db, _ = built
    naive = db.execute("select count(*) from articles where published_at <= '2021-08-31' "
                       "and published_at >= '2021-08-31'").fetchone()[0]
    assert naive == 0 and len(queries.search(db, "se-Kaltim", since="2021-08-31", until="2021-08-31")) == 1


@pytest.mark.parametrize("filters", [
    {"site": "humas_ntt"},
    {"since": "2021-08-01", "until": "2021-08-31"},
    {"site": ("porosnusantara", "humas_ntt"), "since": "2021-01-01"},
])
@pytest.mark.parametrize("sort", ["rank", "newest"])
def test_a_filter_read_as_ids_or_on_each_matching_row_finds_the_same(built, monkeypatch, filters, sort):
    _, db, _ = built
    results = []
    for share in (0.0, 1.0):  # every filter checked on each match's row, then every filter a set of ids
        monkeypatch.setattr(queries, "WIDE_FILTER_SHARE", share)
        results.append((queries.search(db, "warga OR banjir OR kupang", sort=sort, **filters),
                        queries.search_total(db, "warga OR banjir OR kupang", **filters)))
    assert results[0] == results[1] and results[0][1] >= 2


@pytest.mark.parametrize("filters, share", [
    ({"site": "kaltimprov"}, 1 / 4),
    ({"site": ("kaltimprov", "humas_ntt", "kaltimprov")}, 2 / 4),
    ({"since": "2020-01-10"}, 1.0),  # the corpus spans 2020-01-10 to 2021-09-01: 601 days
    ({"since": "2021-09-01", "until": "2022-12-31"}, 1 / 601),
    ({"site": "kaltimprov", "until": "2019-12-31"}, 0.0),
])
def test_a_filter_share_is_estimated_from_sites_and_the_corpus_span(built, filters, share):
    _, db, _ = built
    assert queries.filter_share(db, filters.get("site"), filters.get("since"), filters.get("until")) == \
        pytest.approx(share)


def test_a_selective_filter_is_one_match_and_a_list_of_ids_from_the_site_index(built):
    """Not a lookup of each match's article row, nor one FTS5 query per id of the site (``=`` in
    FTS5's plan: a rowid equality, each redoing the match)."""
    _, db, _ = built
    from_where, args = queries.search_from(db, "warga", "kaltimprov", None, None)
    plan = [row["detail"] for row in db.query(f"explain query plan select 1 {from_where}", args)]
    fts_step = next(step for step in plan if "articles_fts" in step)
    assert plan[1:] == ["LIST SUBQUERY 1", "SEARCH a USING COVERING INDEX idx_articles_site_stats (site=?)"] \
        and fts_step.startswith("SCAN") and "=" not in fts_step.split(":")[-1], plan


@pytest.mark.parametrize("args, fragment", [
    (["--site", "nowhere"], "known: diskominfo_kutim, humas_ntt, kaltimprov, porosnusantara"),
    (["--site", "kaltimprov", "--site", "nowhere"], "no site 'nowhere'"),
    (["--until", "2021-02-30"], "is not a date"),
    (["--since", "2021-09-02", "--until", "2021-09-01"], "is after --until"),
    (["--sort", "best"], "'best' is not one of"),
    (["--limit", "0"], "0 is not in the range"),
])
def test_bad_options_are_one_line_exit_2(built, args, fragment):
    path, _, _ = built
    result = humas("search", "warga", *args, "--db", path)
    lines = result.stderr.strip().splitlines()
    assert result.exit_code == 2 and len(lines) == 1 and fragment in lines[0], result.output


@pytest.mark.parametrize("sort, expected", [
    ("newest", ["desa", "ikn", "hoax"]),
    ("oldest", ["hoax", "ikn", "desa"]),
])
def test_sort_by_date(built, sort, expected):
    _, db, ids = built
    by_id = {v: k for k, v in ids.items()}
    assert [by_id[r["id"]] for r in queries.search(db, "warga", sort=sort)] == expected


def test_rank_puts_the_title_match_first(built):
    _, db, ids = built
    assert queries.search(db, "hoax OR hoaks", sort="rank")[0]["id"] == ids["hoax"]


def test_json_has_total_beyond_the_limit_and_highlighted_snippets(built):
    path, _, ids = built
    result = humas("search", "warga", "--limit", "1", "--sort", "oldest", "--format", "json", "--db", path)
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert answer["total"] == 3 and len(answer["results"]) == 1
    hit = answer["results"][0]
    assert hit["id"] == ids["hoax"] and hit["url"] == "https://humas.nttprov.go.id/berita/hoax"
    assert "**warga**" in hit["snippet"] and hit["published_at"] == "2020-01-10T09:00:00+08:00"


def test_csv_output(built):
    path, _, _ = built
    result = humas("search", "IKN-Nusantara", "--format", "csv", "--site", "porosnusantara", "--db", path)
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert result.exit_code == 0 and [r["title"] for r in rows] == ["IKN Nusantara Dibangun Lebih Cepat"]
    assert list(rows[0]) == ["id", "site", "published_at", "title", "url", "snippet"]
    assert "**IKN Nusantara**" in rows[0]["snippet"]  # a matched phrase is one highlight


def test_table_shows_title_site_date_url_snippet_and_count(built):
    path, _, _ = built
    result = humas("search", "se-Kaltim", "--db", path)
    assert result.exit_code == 0, result.output
    assert "Gubernur Buka Rakor se-Kaltim" in result.stdout
    assert "kaltimprov · 2021-08-31 · https://kaltimprov.go.id/berita/rakor" in result.stdout
    assert "**se-Kaltim**" in result.stdout and "1 of 1 matching articles" in result.stdout
