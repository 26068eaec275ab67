"""On-demand runs through a real Scrapyd: the project deployed as an egg, a mirror crawl scheduled
through the HTTP JSON API and found in the corpus, a second one cancelled midway and recorded so.

One Scrapyd (started by `humas scrapyd start` on a free loopback port, its eggs, logs and queues in a
temporary folder) serves the module; the egg is built by `humas scrapyd deploy` from a copy of the
project, so the build leaves nothing in the working tree.
"""

from __future__ import annotations

import json
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request

import pytest
import sqlite_utils

from click.testing import CliRunner

from conftest import ROOT, free_port
from humas_crawler.cli import main

PROJECT = "humas_crawler"
PROJECT_FILES = ("humas_crawler", "humas_mirror", "spiders", "pyproject.toml", "setup.py", "scrapy.cfg", "README.md")
FAST = ["DOWNLOAD_DELAY=0", "AUTOTHROTTLE_ENABLED=0"]
# slow enough that a cancel lands midway: a page every 0.4 s, one at a time
SLOW = ["DOWNLOAD_DELAY=0.4", "RANDOMIZE_DOWNLOAD_DELAY=0", "AUTOTHROTTLE_ENABLED=0", "CONCURRENT_REQUESTS_PER_DOMAIN=1"]
WAIT = 40  # seconds a job may take at most


def api(url: str, endpoint: str, data: list[tuple[str, str]] | None = None) -> dict:
    """One call of Scrapyd's JSON API (POST when ``data`` is given), its answer checked ok."""
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    query = "" if data is not None else f"?project={PROJECT}"
    with urllib.request.urlopen(f"{url}/{endpoint}.json{query}", data=body, timeout=30) as answer:
        reply = json.load(answer)
    assert reply["status"] == "ok", reply
    return reply


def humas(*args: str):
    """``humas ARGS`` in this process: these commands only speak HTTP (no reactor), so no interpreter
    start-up per call."""
    return CliRunner().invoke(main, list(args))


def job_state(url: str, job: str) -> str | None:
    listing = api(url, "listjobs")
    return next((state for state in ("pending", "running", "finished") for entry in listing[state]
                 if entry["id"] == job), None)


def wait_for(condition, what: str, timeout: float = WAIT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := condition():
            return result
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture(scope="module")
def scrapyd(tmp_path_factory):
    """A running Scrapyd with the project deployed; yields its URL."""
    folder = tmp_path_factory.mktemp("scrapyd")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with open(folder / "scrapyd.log", "w") as log:  # Scrapyd's own log, to read when a test fails
        server = subprocess.Popen([sys.executable, "-m", "humas_crawler", "scrapyd", "start", "--port", str(port),
                                   "--dir", str(folder / "server")], cwd=folder, stdout=log, stderr=log)
    try:
        wait_for(lambda: _answers(url), "Scrapyd to listen", timeout=20)
        source = folder / "project"
        for name in PROJECT_FILES:
            copy = shutil.copytree if (ROOT / name).is_dir() else shutil.copy2
            copy(ROOT / name, source / name, **({"ignore": shutil.ignore_patterns("__pycache__")}
                                                if (ROOT / name).is_dir() else {}))
        deployed = subprocess.run([sys.executable, "-m", "humas_crawler", "scrapyd", "deploy", "--url", url],
                                  cwd=source, capture_output=True, text=True, timeout=120)
        assert deployed.returncode == 0, deployed.stderr[-2000:]
        yield url
    finally:
        server.terminate()
        server.wait(timeout=20)


def _answers(url: str) -> bool:
    try:
        return api(url, "daemonstatus")["status"] == "ok"
    except OSError:
        return False


def test_the_egg_carries_every_registry_spider(scrapyd):
    from humas_crawler.crawl.registry import default_registry

    spiders = api(scrapyd, "listspiders")["spiders"]
    assert sorted(spiders) == sorted(entry.name for entry in default_registry().values() if entry.enabled)


def test_a_scheduled_mirror_crawl_lands_in_the_corpus(scrapyd, mirror, tmp_path):
    db = tmp_path / "corpus.db"
    job = api(scrapyd, "schedule", [("project", PROJECT), ("spider", "kaltimprov"),
                                    ("base_url", mirror.base_url("kaltimprov")), ("backfill", "1"),
                                    ("setting", f"HUMAS_DB={db}"), *(("setting", s) for s in FAST)])["jobid"]
    wait_for(lambda: job_state(scrapyd, job) == "finished", f"job {job} to finish")
    corpus = sqlite_utils.Database(db)
    titles = {row["title"] for row in corpus.query("select title from articles where site = 'kaltimprov'")}
    assert {article.title for article in mirror.articles("kaltimprov")} <= titles
    runs = list(corpus.query("select status, problem, new from crawl_runs"))
    assert [(r["status"], r["problem"]) for r in runs] == [("finished", None)] and runs[0]["new"] > 0


def test_a_cancelled_job_is_recorded_cancelled(scrapyd, mirror, tmp_path):
    db = tmp_path / "corpus.db"
    settings = [arg for s in SLOW for arg in ("--set", s)]
    scheduled = humas("scrapyd", "schedule", "humas_ntt", "--base-url", mirror.base_url("humas_ntt"), "--backfill",
                      "--db", str(db), *settings, "--url", scrapyd)
    assert scheduled.exit_code == 0, scheduled.output
    job = scheduled.stdout.strip()
    wait_for(lambda: db.exists() and stored(db) >= 3, "the crawl to store its first articles")
    cancelled = humas("scrapyd", "cancel", job, "--url", scrapyd)
    assert cancelled.exit_code == 0 and "was running" in cancelled.stdout, cancelled.output
    wait_for(lambda: job_state(scrapyd, job) == "finished", f"job {job} to stop")
    run = next(sqlite_utils.Database(db).query("select status, problem from crawl_runs"))
    assert run["status"] == "cancelled" and "shutdown" in run["problem"]
    assert stored(db) < len(mirror.articles("humas_ntt")), "the crawl was not stopped midway"
    listed = humas("scrapyd", "jobs", "--url", scrapyd)
    assert f"{job}\thumas_ntt\tfinished" in listed.stdout
    log = humas("scrapyd", "log", job, "--url", scrapyd)
    assert log.exit_code == 0 and "shutting down gracefully" in log.stdout


def stored(db) -> int:
    """Articles in the corpus so far (0 while the crawl is still creating its tables)."""
    try:
        return sqlite_utils.Database(db).execute("select count(*) from articles").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


@pytest.mark.parametrize("args, message", [
    (["jobs", "--url", "http://127.0.0.1:9"], "no Scrapyd answers at http://127.0.0.1:9"),
    (["schedule", "kaltimprov", "--set", "NOEQUALS", "--url", "http://127.0.0.1:9"], "expected NAME=VALUE"),
])
def test_scrapyd_mistakes_are_one_error_line(args, message):
    done = humas("scrapyd", *args)
    assert done.exit_code != 0 and done.output.startswith("Error: ") and message in done.output, done.output
    assert len(done.output.strip().splitlines()) == 1


def test_cancelling_an_unknown_job_is_one_error_line(scrapyd):
    done = humas("scrapyd", "cancel", "nosuchjob", "--url", scrapyd)
    assert done.exit_code == 2 and done.output.startswith("Error: no job nosuchjob"), done.output


def test_starting_on_a_taken_port_is_one_error_line(tmp_path):
    with socket.create_server(("127.0.0.1", 0)) as taken:
        done = humas("scrapyd", "start", "--port", str(taken.getsockname()[1]), "--dir", str(tmp_path))
    assert done.exit_code == 1 and done.output.startswith("Error: cannot listen on 127.0.0.1:"), done.output
