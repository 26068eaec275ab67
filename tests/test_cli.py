"""User mistakes get one clear line and a non-zero exit, never a traceback."""

import pytest
from click.testing import CliRunner

from humas_crawler.cli import main


@pytest.fixture
def runner():
    return CliRunner()


def test_every_command_has_help(runner):
    result = runner.invoke(main, ["--help"])
    assert result.exit_code == 0
    for name, command in main.commands.items():
        assert command.help, f"{name} has no help text"
        assert name in result.output


def test_unknown_spider(runner, db_path):
    result = runner.invoke(main, ["crawl", "nosuchsite", "--db", str(db_path)])
    assert result.exit_code == 2
    assert "unknown spider nosuchsite" in result.output
    assert "Traceback" not in result.output


def test_crawl_needs_a_spider(runner, db_path):
    result = runner.invoke(main, ["crawl", "--db", str(db_path)])
    assert result.exit_code == 2 and "--all" in result.output


@pytest.mark.parametrize("command", ["crawl", "demo", "search"])
def test_unwritable_db_path(runner, tmp_path, command):
    bad = tmp_path / "missing-folder" / "corpus.db"
    args = [command, "kaltimprov"] if command == "crawl" else [command, "x"] if command == "search" else [command]
    result = runner.invoke(main, [*args, "--db", str(bad)])
    assert result.exit_code == 2
    assert "does not exist" in result.output
    assert "Traceback" not in result.output


def test_db_path_that_is_a_directory(runner, tmp_path):
    result = runner.invoke(main, ["search", "x", "--db", str(tmp_path)])
    assert result.exit_code == 2 and "is a directory" in result.output


def test_mirror_command_serves_until_stopped():
    import signal
    import socket
    import subprocess
    import sys
    import urllib.request

    from conftest import ROOT
    from humas_mirror import SITES

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen([sys.executable, "-m", "humas_crawler", "mirror", "--port", str(port)], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        hints = []
        for line in process.stderr:  # the hints come once the mirror serves; the last one ends them
            hints.append(line)
            if f"scrapy crawl {SITES[-1]} -a" in line:
                break
        page = urllib.request.urlopen(f"http://127.0.0.1:{port}/kaltimprov/berita", timeout=5).read()
        assert b"judul" in page
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=30)
    assert process.returncode == 0 and any(f"base_url=http://127.0.0.1:{port}/kaltimprov" in h for h in hints)


OK = {"downloader/response_status_count/200": 10}


@pytest.mark.parametrize(
    "reason, counts, stats, problem",
    [
        ("finished", dict(pages=30, new=25, dropped=0), OK, None),
        ("finished", dict(pages=2, new=0, dropped=0), OK, None),  # a quiet night
        ("finished", dict(pages=2, new=0, dropped=0), {"downloader/response_status_count/304": 2}, None),
        ("shutdown", dict(pages=5, new=1, dropped=0), OK, "ended with shutdown"),
        ("finished", dict(pages=0, new=0, dropped=0), {}, "fetched no page"),
        ("finished", dict(pages=12, new=0, dropped=10), OK, "dropped all 10"),
        ("finished", dict(pages=7, new=0, dropped=0), {"downloader/response_status_count/404": 7},
         "every answer was an error (HTTP 404 ×7)"),
        ("finished", dict(pages=9, new=3, dropped=0), {**OK, "log_count/ERROR": 2}, "logged 2 error(s)"),
    ],
)
def test_run_problems_make_cron_fail(reason, counts, stats, problem):
    from humas_crawler.cli.crawl import check_runs
    from humas_crawler.crawl.extensions import run_problem

    found = run_problem(reason, counts, stats)
    assert (found is None) if problem is None else (problem in found)
    run = {"spider": "x", "status": reason, "finished_at": "2026-12-01T00:00:00+00:00", "problem": found, **counts}
    assert check_runs([run]) == (0 if problem is None else 1)


def test_a_run_that_never_closed_makes_cron_fail():
    from humas_crawler.cli.crawl import check_runs

    assert check_runs([{"spider": "x", "status": "running", "finished_at": None, "problem": None}]) == 1


def test_every_command_is_in_the_readme():
    from conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, command in main.commands.items():
        assert f"humas {name}" in readme, f"`humas {name}` is not documented in README.md"
        for sub in getattr(command, "commands", {}):
            assert f"humas {name} {sub}" in readme, f"`humas {name} {sub}` is not documented in README.md"


@pytest.mark.parametrize("args", [
    ["search"],  # a missing argument
    ["crawl", "--bogus"],
    ["nosuchcommand"],
    ["sites", "show"],  # in a nested group
    ["crawl", "--all", "--verbose", "--quiet"],
])
def test_a_usage_mistake_is_one_error_line_without_the_usage_block(runner, args):
    result = runner.invoke(main, args)
    assert result.exit_code == 2
    assert result.output.startswith("Error: ") and len(result.output.strip().splitlines()) == 1, result.output


HEALTHY = {"spider": "x", "id": 7, "status": "finished", "finished_at": "2026-12-01T00:00:00+00:00", "problem": None}
ALARM = {"site": "x", "run_id": 7, "kind": "no_articles", "message": "listings led to no article"}


@pytest.mark.parametrize("problem, alarms, fail_on_alarm, code", [
    (None, [], True, 0),
    (None, [ALARM], False, 0),  # alarms are reported, and fail the night only when asked
    (None, [ALARM], True, 4),
    ("fetched no page", [ALARM], True, 1),  # a failed site weighs more than an alarm
])
def test_exit_status_for_cron(problem, alarms, fail_on_alarm, code):
    from humas_crawler.cli.crawl import exit_status

    assert exit_status([{**HEALTHY, "problem": problem}], alarms, fail_on_alarm) == code


def test_the_summary_line_names_failed_sites_alarms_and_runs(tmp_path):
    from humas_crawler.cli.crawl import summary_text

    runs = [{**HEALTHY, "new": 3, "duplicate": 1, "dropped": 0},
            {**HEALTHY, "spider": "y", "id": 8, "problem": "fetched no page", "new": 0, "duplicate": 0, "dropped": 0}]
    assert summary_text(runs, [ALARM], str(tmp_path / "c.db"), 41) == (
        f"2 sites, 3 new, 1 duplicate, 0 dropped, 1 failed (y), 1 alarm; runs 7-8; corpus {tmp_path / 'c.db'} holds 41 articles")
