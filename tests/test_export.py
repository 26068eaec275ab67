"""``humas export``: every stored field in a stable order plus the cluster columns, in JSON lines,
CSV (UTF-8, --excel with a byte-order mark) and Parquet; the filters of search; a crash never
leaves half a file."""

from __future__ import annotations

import csv
import json
import os
import stat

import pyarrow.parquet as pq
import pytest

from humas_crawler.cli.export import WRITERS
from humas_crawler.corpus.queries import EXPORT_ROW_COLUMNS
from humas_crawler.fields import STORED_FIELDS
from test_search import ARTICLES, analyst_corpus, humas

FORMATS = ("jsonl", "csv", "parquet")


@pytest.fixture
def built(tmp_path):
    path = tmp_path / "corpus.db"
    _, ids = analyst_corpus(path)
    return path, ids


def read(path, fmt) -> list[dict]:
    """The exported rows as dicts, JSON fields decoded whatever the format."""
    if fmt == "jsonl":
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    if fmt == "parquet":
        return pq.read_table(path).to_pylist()
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def export(path, tmp_path, fmt, *args) -> list[dict]:
    out = tmp_path / f"out.{fmt}"
    result = humas("export", "--db", path, "--format", fmt, "-o", out, *args)
    assert result.exit_code == 0, result.output
    return read(out, fmt)


def columns(tmp_path, fmt) -> list[str]:
    out = tmp_path / f"out.{fmt}"
    if fmt == "parquet":
        return pq.read_schema(out).names
    first = out.read_text(encoding="utf-8").splitlines()[0]
    return list(json.loads(first)) if fmt == "jsonl" else first.split(",")


def test_columns_are_every_stored_field_then_the_cluster():
    assert EXPORT_ROW_COLUMNS == ("id", *(f.name for f in STORED_FIELDS), "cluster_id", "is_origin")
    assert {"url", "updated_at", "fetched_at"} <= set(EXPORT_ROW_COLUMNS)


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_has_the_columns_in_order(built, tmp_path, fmt):
    path, _ = built
    rows = export(path, tmp_path, fmt)
    assert len(rows) == len(ARTICLES) and columns(tmp_path, fmt) == list(EXPORT_ROW_COLUMNS)


@pytest.mark.parametrize("fmt", FORMATS)
def test_cluster_columns(built, tmp_path, fmt):
    path, ids = built
    rows = {int(r["id"]): r for r in export(path, tmp_path, fmt)}
    as_int = (lambda v: int(v) if v not in ("", None) else None)
    assert (as_int(rows[ids["ikn"]]["cluster_id"]), as_int(rows[ids["ikn"]]["is_origin"])) == (ids["ikn"], 1)
    assert (as_int(rows[ids["ikn_copy"]]["cluster_id"]), as_int(rows[ids["ikn_copy"]]["is_origin"])) == (ids["ikn"], 0)
    assert (as_int(rows[ids["rob"]]["cluster_id"]), as_int(rows[ids["rob"]]["is_origin"])) == (None, 0)


@pytest.mark.parametrize("fmt, decode", [("jsonl", False), ("parquet", False), ("csv", True)])
def test_tags_and_images_are_lists_or_json_text(built, tmp_path, fmt, decode):
    path, ids = built
    row = next(r for r in export(path, tmp_path, fmt) if int(r["id"]) == ids["rakor"])
    tags, images = (json.loads(row["tags"]), json.loads(row["images"])) if decode else (row["tags"], row["images"])
    assert tags == ["Rakor", "Banjir"]
    assert images == [{"url": "https://kaltimprov.go.id/foto/rakor.jpg", "caption": "Gubernur membuka “rakor”"}]


@pytest.mark.parametrize("fmt", FORMATS)
def test_oldest_first_and_stable(built, tmp_path, fmt):
    path, ids = built
    first = [int(r["id"]) for r in export(path, tmp_path, fmt)]
    assert first[0] == ids["hoax"] and first[-1] == ids["desa"]
    assert [int(r["id"]) for r in export(path, tmp_path, fmt)] == first


@pytest.mark.parametrize("args, expected", [
    (["--unique"], set(ARTICLES) - {"ikn_copy"}),
    (["--site", "kaltimprov", "--site", "porosnusantara"], {"rakor", "desa", "ikn_copy", "rob"}),
    (["--since", "2021-08-16", "--until", "2021-08-31"], {"ikn_copy", "rakor"}),  # both days included
    (["--query", "IKN-Nusantara"], {"ikn", "ikn_copy"}),
    (["--query", "IKN-Nusantara", "--unique"], {"ikn"}),
    (["--query", "hoa*", "--until", "2021-01-01"], {"hoax"}),
])
def test_filters(built, tmp_path, args, expected):
    path, ids = built
    by_id = {v: k for k, v in ids.items()}
    assert {by_id[int(r["id"])] for r in export(path, tmp_path, "csv", *args)} == expected


@pytest.mark.parametrize("args, bom", [([], False), (["--excel"], True)])
def test_csv_is_utf8_and_excel_adds_the_byte_order_mark(built, tmp_path, args, bom):
    path, _ = built
    export(path, tmp_path, "csv", *args)
    data = (tmp_path / "out.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") is bom
    assert "Gubernur membuka “rakor”" in data.decode("utf-8-sig")


@pytest.mark.parametrize("args, fragment", [
    (["--excel"], "--excel applies to --format csv only"),
    (["--query", '"unclosed'], "cannot search for"),
    (["--site", "nowhere"], "known: diskominfo_kutim, humas_ntt, kaltimprov, porosnusantara"),
    (["--until", "2021-13-01"], "is not a date"),
    (["--format", "xlsx"], "'xlsx' is not one of"),
])
def test_bad_options_are_one_line_exit_2(built, tmp_path, args, fragment):
    path, _ = built
    result = humas("export", "--db", path, "-o", tmp_path / "x", *args)
    lines = result.stderr.strip().splitlines()
    assert result.exit_code == 2 and len(lines) == 1 and fragment in lines[0], result.output
    assert not (tmp_path / "x").exists()


def test_default_writes_under_exports(built, tmp_path, monkeypatch):
    path, _ = built
    monkeypatch.chdir(tmp_path)
    result = humas("export", "--db", path)
    written = list((tmp_path / "exports").iterdir())
    assert result.exit_code == 0 and len(written) == 1 and written[0].suffix == ".jsonl"
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(written[0].stat().st_mode) == 0o666 & ~umask  # not mkstemp's private 0600


def test_a_crash_leaves_the_previous_file_and_no_part(built, tmp_path, monkeypatch):
    path, _ = built
    out = tmp_path / "out.jsonl"
    out.write_text("the previous export\n", encoding="utf-8")

    def crashing(rows, target):
        target.write_text(json.dumps(next(iter(rows))), encoding="utf-8")
        raise MemoryError("killed half-way")

    monkeypatch.setitem(WRITERS, "jsonl", crashing)
    result = humas("export", "--db", path, "-o", out)
    assert isinstance(result.exception, MemoryError)
    assert out.read_text(encoding="utf-8") == "the previous export\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus.db", "corpus.db-shm", "corpus.db-wal", "out.jsonl"]


def test_an_unwritable_target_is_one_line_exit_1(built, tmp_path):
    path, _ = built
    result = humas("export", "--db", path, "-o", tmp_path / "missing" / "out.csv", "--format", "csv")
    assert result.exit_code == 1 and result.stderr.strip().startswith("Error: cannot write")
