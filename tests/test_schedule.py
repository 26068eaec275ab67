"""``humas schedule``: the nightly crontab line of this checkout, installed idempotently into a crontab
file (``--crontab-file``: the user's real crontab is never touched by the tests)."""

import shlex
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from humas_crawler.cli import main

HUMAS = str(Path(sys.executable).absolute().parent / "humas")


def schedule(*args, env=None):
    return CliRunner().invoke(main, ["schedule", *args], env={"HUMAS_CONTACT": None, "HUMAS_REGISTRY": None, **(env or {})})


def test_prints_the_line_with_absolute_paths(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = schedule("--at", "3:05", "--db", "humas.db")
    assert result.exit_code == 0, result.output
    db, log = tmp_path / "humas.db", tmp_path / "humas.log"
    assert result.output == (f"5 3 * * * {HUMAS} crawl --all --db {db} --log-file {log} --quiet"
                             f" # humas-crawler {db}\n")


def test_the_environment_cron_lacks_is_carried(tmp_path):
    result = schedule("--db", str(tmp_path / "c.db"), env={"HUMAS_CONTACT": "data team <data@example.org>"})
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"15 2 * * * HUMAS_CONTACT={shlex.quote('data team <data@example.org>')} {HUMAS} ")


def test_installing_twice_leaves_one_line_and_the_other_jobs(tmp_path):
    crontab = tmp_path / "crontab"
    crontab.write_text("MAILTO=ops@example.org\n0 4 * * * /usr/bin/backup\n", encoding="utf-8")
    db = tmp_path / "corpus.db"
    first = schedule("--install", "--crontab-file", str(crontab), "--db", str(db))
    second = schedule("--install", "--at", "01:30", "--crontab-file", str(crontab), "--db", str(db))
    assert first.exit_code == 0 and second.exit_code == 0, second.output
    jobs = [line for line in crontab.read_text(encoding="utf-8").splitlines() if f"# humas-crawler {db}" in line]
    assert jobs == [f"30 1 * * * {HUMAS} crawl --all --db {db} --log-file {tmp_path / 'corpus.log'} --quiet"
                    f" # humas-crawler {db}"]
    assert "replacing 1 earlier line" in second.output
    assert "0 4 * * * /usr/bin/backup" in crontab.read_text(encoding="utf-8")


def test_each_corpus_has_its_own_job(tmp_path):
    crontab = tmp_path / "crontab"
    for name in ("a.db", "b.db"):
        assert schedule("--install", "--crontab-file", str(crontab), "--db", str(tmp_path / name)).exit_code == 0
    assert len([line for line in crontab.read_text(encoding="utf-8").splitlines() if "humas-crawler" in line]) == 2


@pytest.mark.parametrize("args, message", [
    (["--at", "25:00"], "'25:00' is not a time like 02:15"),
    (["--at", "2.15"], "'2.15' is not a time like 02:15"),
    (["--at", "02:60"], "'02:60' is not a time like 02:15"),
    (["--db", "/no/such/folder/c.db"], "folder /no/such/folder does not exist"),
])
def test_a_bad_option_is_one_line(args, message):
    result = schedule(*args)
    assert result.exit_code == 2
    assert [line for line in result.output.splitlines() if line.strip()] == [result.output.strip()]
    assert message in result.output
