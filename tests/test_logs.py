"""What cron reads: plain timestamped lines naming their run when the output is not a terminal,
``--log-file`` appended night after night, ``--quiet``, the HUMAS_CONTACT warning, and exit 4 for
alarms with ``--fail-on-alarm``.

Nights of the real ``humas crawl`` (a subprocess: Twisted's reactor starts once per process) crawl
a mirror's kaltimprov through a registry entry pointing at it, into one corpus and one log.
"""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys

import pytest
import sqlite_utils

from conftest import ROOT
from humas_crawler.cli.crawl import Reporting, console_handler
from humas_crawler.crawl.logformatter import CronFormatter, label
from humas_crawler.crawl.registry import REGISTRY_FILE, entry_toml, load_registry

STAMP = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d"
LINE = re.compile(rf"{STAMP} (kaltimprov run \d+|humas\[\d+\])( [A-Z]+)?: ")
RUN_LINE = re.compile(rf"{STAMP} kaltimprov run (\d+): finished, \d+ pages, (\d+) new, \d+ duplicate, \d+ dropped$")
CONTACT = "HUMAS_CONTACT is not set"
BOX_OR_ESCAPE = re.compile("[\u2500-\u257f\u2580-\u259f\x1b]")  # box drawing, bar blocks, ANSI escapes


def mirror_registry(folder, mirror):
    """A registry of the real kaltimprov entry, its url the mirror's (a crawl asks no real site)."""
    registry = folder / "sites.toml"
    entry = {k: v for k, v in load_registry(REGISTRY_FILE)["kaltimprov"].__dict__.items() if v not in (None, (), {})}
    registry.write_text(entry_toml({**entry, "url": mirror.base_url("kaltimprov"),
                                    "politeness": {"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False}}),
                        encoding="utf-8")
    return registry


def night(registry, db, log, *extra, contact: str | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "HUMAS_CONTACT"}
    env.update({"HUMAS_REGISTRY": str(registry), **({"HUMAS_CONTACT": contact} if contact else {})})
    return subprocess.run([sys.executable, "-m", "humas_crawler", "crawl", "kaltimprov", "--db", str(db),
                           "--log-file", str(log), *extra], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, env=env)


def lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def nights(mirror, tmp_path_factory):
    """Night 1 plain without HUMAS_CONTACT, night 2 ``--quiet`` with it; the corpus and the log."""
    folder = tmp_path_factory.mktemp("logs")
    registry = mirror_registry(folder, mirror)
    db, log = folder / "corpus.db", folder / "crawl.log"
    first = night(registry, db, log)
    after_first = log.read_text(encoding="utf-8")
    second = night(registry, db, log, "--quiet", contact="data@example.org")
    return first, second, after_first, log.read_text(encoding="utf-8"), db


def test_off_a_terminal_every_line_is_plain_timestamped_and_names_its_run(nights):
    first, _, _, log, db = nights
    assert first.returncode == 0, first.stderr[-3000:]
    assert not BOX_OR_ESCAPE.search(first.stdout + first.stderr)
    for line in lines(first.stdout + first.stderr) + lines(log):
        assert LINE.match(line), line
    [run_line] = [match for match in map(RUN_LINE.match, lines(first.stderr)) if match]
    row = next(sqlite_utils.Database(db).query("select id, new from crawl_runs order by id limit 1"))
    assert (int(run_line.group(1)), int(run_line.group(2))) == (row["id"], row["new"])
    assert "Crawl summary: 1 site, " in lines(first.stderr)[-1]


def test_an_unset_contact_is_one_warning_at_the_start(nights):
    first, second, _, _, _ = nights
    warnings = [line for line in lines(first.stderr) if CONTACT in line]
    assert len(warnings) == 1 and lines(first.stderr)[0] == warnings[0] and " WARNING: " in warnings[0]
    assert CONTACT not in second.stderr


def test_quiet_prints_only_the_summary_when_all_is_well(nights):
    _, second, _, _, _ = nights
    assert second.returncode == 0, second.stderr[-3000:]
    output = lines(second.stdout + second.stderr)
    assert len(output) == 1 and re.match(rf"{STAMP} humas\[\d+\]: Crawl summary: 1 site, 0 new, ", output[0]), output


def test_the_log_file_is_appended_and_keeps_the_quiet_nights_runs(nights):
    first, _, after_first, log, _ = nights
    assert log.startswith(after_first)
    assert lines(after_first) == lines(first.stderr)
    run_ids = [RUN_LINE.match(line).group(1) for line in lines(log) if RUN_LINE.match(line)]
    assert len(run_ids) == 2 and run_ids[0] != run_ids[1]


def test_an_alarm_fails_the_night_only_with_fail_on_alarm(tmp_path):
    """A new theme whose listings lead nowhere: the run is healthy (pages answered) but the
    monitors raise a no_articles alarm, which --fail-on-alarm turns into exit 4."""
    from humas_mirror import MirrorServer

    db, log = tmp_path / "corpus.db", tmp_path / "crawl.log"
    with MirrorServer() as mirror:
        registry = mirror_registry(tmp_path, mirror)
        assert night(registry, db, log).returncode == 0
        mirror.publish("kaltimprov", 3)
        mirror.relayout("kaltimprov")
        drifted = night(registry, db, log, "--quiet", "--fail-on-alarm", contact="data@example.org")
        again = night(registry, db, log, "--quiet", contact="data@example.org")
    assert drifted.returncode == 4, drifted.stderr[-3000:]
    alarm, summary = lines(drifted.stderr)
    assert re.match(rf"{STAMP} kaltimprov run 2 WARNING: alarm no_articles: ", alarm), alarm
    assert "0 failed, 1 alarm; run 2;" in summary
    assert again.returncode == 0 and ", 1 alarm; run 3;" in again.stderr


def record(message: str, exc: BaseException | None = None, **extra) -> logging.LogRecord:
    exc_info = None
    if exc is not None:
        try:
            raise exc
        except type(exc):
            exc_info = sys.exc_info()
    made = logging.LogRecord("scrapy.core.scraper", logging.ERROR, __file__, 1, message, None, exc_info)
    made.__dict__.update(extra)
    return made


@pytest.mark.parametrize("extra, who", [
    ({}, f"humas[{os.getpid()}]"),
    ({"spider": "kaltimprov"}, "kaltimprov"),
    ({"spider": "kaltimprov", "run_id": 12}, "kaltimprov run 12"),
])
def test_a_line_names_its_run_or_the_process(extra, who):
    assert label(record("x", **extra)) == who


@pytest.mark.parametrize("message, exc, line", [
    # the message already quotes the exception (Scrapy's download errors): its type is enough
    ("Error downloading <GET http://x/>: Connection refused", ConnectionRefusedError("Connection refused"),
     "Error downloading <GET http://x/>: Connection refused [ConnectionRefusedError]"),
    ("Error processing item", ValueError("bad date"), "Error processing item [ValueError: bad date]"),
])
def test_an_exception_is_one_line_without_verbose(message, exc, line):
    text = CronFormatter().format(record(message, exc, spider="kaltimprov", run_id=3))
    assert re.fullmatch(rf"{STAMP} kaltimprov run 3 ERROR: {re.escape(line)}", text), text


def test_verbose_keeps_the_traceback_behind_the_timestamp():
    text = CronFormatter(tracebacks=True).format(record("Error processing item", ValueError("bad date")))
    assert "Traceback" in text and len(text.splitlines()) > 2
    assert all(LINE.match(line) for line in text.splitlines())


CONSOLE_RECORDS = {  # name: (logger, level)
    "scrapy info": ("scrapy.core.engine", logging.INFO),
    "spider warning": ("kaltimprov", logging.WARNING),
    "notice": ("humas", logging.INFO),
    "run line": ("humas.runs", logging.INFO),
    "summary": ("humas.runs", logging.INFO),
}


@pytest.mark.parametrize("reporting, shown", [
    (Reporting(), {"spider warning", "notice", "run line", "summary"}),
    (Reporting(verbose=True), {"scrapy info", "spider warning", "notice", "run line", "summary"}),
    (Reporting(quiet=True), {"spider warning", "summary"}),
])
def test_what_the_console_shows_off_a_terminal(reporting, shown):
    handler = console_handler(reporting)  # pytest captures stdout: no terminal
    passed = set()
    for name, (logger, level) in CONSOLE_RECORDS.items():
        made = logging.LogRecord(logger, level, __file__, 1, name, None, None)
        made.summary = name == "summary"
        if handler.filter(made):
            passed.add(name)
    assert passed == shown
