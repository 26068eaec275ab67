"""``humas scrapyd``: on-demand runs through Scrapyd, so a spider can be started (and stopped) by a
web call instead of a shell. Thin on purpose: Scrapyd runs the crawls, scrapyd-deploy builds the
egg, scrapyd-client speaks the HTTP JSON API; this only fills in the project's defaults.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import click
import requests
from scrapy.utils.conf import closest_scrapy_cfg
from scrapyd_client.exceptions import ErrorResponse, MalformedResponse
from scrapyd_client.pyclient import ScrapydClient

PROJECT = "humas_crawler"  # the project name of scrapy.cfg's deploy targets
DEFAULT_URL = "http://127.0.0.1:6800"
# Scrapyd looks for scheduled jobs this often: an on-demand run should start within a second.
POLL_INTERVAL = 1.0
# One crawl per corpus (the crawl lock): with one process, a second job waits for the first
# instead of failing on the lock. Raise it for jobs writing to different corpora.
DEFAULT_MAX_PROC = 1
JOB_STATES = ("pending", "running", "finished")


def url_option(func):
    return click.option("--url", default=lambda: os.environ.get("HUMAS_SCRAPYD") or DEFAULT_URL,
                        show_default="$HUMAS_SCRAPYD or " + DEFAULT_URL, help="The Scrapyd server.")(func)


@contextmanager
def talking_to(url: str):
    """Scrapyd's answers and failures as one ``Error:`` line each (exit 1), never a traceback."""
    try:
        yield ScrapydClient(url.rstrip("/"))
    except requests.ConnectionError:
        raise click.ClickException(f"no Scrapyd answers at {url} (start one with `humas scrapyd start`)") from None
    except (ErrorResponse, MalformedResponse, requests.RequestException) as exc:
        lines = str(exc).strip().splitlines() or [type(exc).__name__]  # Scrapyd's message ends with the reason
        raise click.ClickException(f"Scrapyd at {url}: {lines[-1]}") from None


@click.group()
def scrapyd():
    """Run spiders on demand through a Scrapyd server (start, deploy, schedule, jobs, cancel, log)."""


def scrapyd_config(folder: Path, bind: str, port: int, max_proc: int) -> str:
    """A scrapyd.conf keeping the eggs, logs and job queues under ``folder``."""
    return "\n".join([
        "[scrapyd]", f"bind_address = {bind}", f"http_port = {port}", f"eggs_dir = {folder / 'eggs'}",
        f"logs_dir = {folder / 'logs'}", f"dbs_dir = {folder / 'dbs'}", f"max_proc = {max_proc}",
        f"poll_interval = {POLL_INTERVAL}", "",
    ])


@scrapyd.command()
@click.option("--port", type=click.IntRange(1, 65535), default=6800, show_default=True)
@click.option("--bind", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0: every interface).")
@click.option("--dir", "folder", type=click.Path(file_okay=False, path_type=Path), default=Path("scrapyd"),
              show_default=True, help="Folder for scrapyd.conf, eggs, logs and job queues.")
@click.option("--max-proc", type=click.IntRange(1), default=DEFAULT_MAX_PROC, show_default=True,
              help="Crawls at once (jobs of one corpus wait for each other anyway).")
def start(port, bind, folder, max_proc):
    """Run a Scrapyd server in the foreground (Ctrl-C stops it)."""
    folder = folder.resolve()
    check_free(bind, port)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "scrapyd.conf").write_text(scrapyd_config(folder, bind, port, max_proc), encoding="utf-8")
    except OSError as exc:
        raise click.ClickException(f"cannot write {folder}: {exc.strerror}") from exc
    click.echo(f"Scrapyd on http://{bind}:{port}/ (config, eggs and logs in {folder})", err=True)
    # Scrapyd reads scrapyd.conf from its working directory; its crawls inherit the environment.
    # It replaces this process, so a signal to it (Ctrl-C, a service manager) reaches Scrapyd itself.
    os.chdir(folder)
    os.execv(sys.executable, [sys.executable, "-m", "scrapyd"])


def check_free(bind: str, port: int) -> None:
    """Refuse a taken port in one line here: once Scrapyd has replaced this process it would fail
    with a Twisted traceback."""
    try:
        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as Twisted listens
            probe.bind((bind, port))
    except OSError as exc:
        raise click.ClickException(f"cannot listen on {bind}:{port}: {exc.strerror}") from None


def build_egg(egg: Path) -> None:
    """The project as an egg, built by scrapyd-deploy from the checkout holding scrapy.cfg."""
    config = closest_scrapy_cfg()
    if not config:
        raise click.UsageError("no scrapy.cfg here or above: run deploy from a checkout of humas-crawler")
    built = subprocess.run([sys.executable, "-m", "scrapyd_client.deploy", "--build-egg", str(egg)],
                           cwd=Path(config).parent, capture_output=True, text=True)
    if built.returncode or not egg.exists():
        raise click.ClickException(f"scrapyd-deploy could not build the egg: {built.stderr.strip()[-500:]}")


@scrapyd.command()
@click.option("--version", "version", help="Version name (default: the time, so the newest deploy wins).")
@url_option
def deploy(version, url):
    """Build the project egg (registry and rule files inside) and upload it to Scrapyd."""
    version = version or str(int(time.time()))
    with tempfile.TemporaryDirectory() as folder:
        egg = Path(folder) / "humas_crawler.egg"
        build_egg(egg)
        with talking_to(url) as client, open(egg, "rb") as handle:
            answer = requests.post(f"{client.url}/addversion.json", data={"project": PROJECT, "version": version},
                                   files={"egg": (egg.name, handle)}, auth=client.auth)
            answer.raise_for_status()
            reply = answer.json()
            if reply.get("status") != "ok":
                raise ErrorResponse(reply.get("message", reply))
    click.echo(f"deployed {PROJECT} version {version}: {reply['spiders']} spiders")


def setting_pairs(values: tuple[str, ...]) -> list[tuple[str, str]]:
    for value in values:
        if "=" not in value or not value.split("=", 1)[0]:
            raise click.UsageError(f"--set {value!r}: expected NAME=VALUE")
    return [("setting", value) for value in values]


@scrapyd.command()
@click.argument("spider")
@click.option("--base-url", help="Crawl this address instead of the site's (a mirror, a proxy).")
@click.option("--backfill", is_flag=True, help="Walk every listing page, not only the new ones.")
@click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Corpus file on the Scrapyd machine (made absolute here; default: Scrapyd's HUMAS_DB).")
@click.option("--set", "settings", multiple=True, metavar="NAME=VALUE", help="A Scrapy setting for this run.")
@url_option
def schedule(spider, base_url, backfill, db_path, settings, url):
    """Queue a crawl of SPIDER; prints the job id."""
    args = setting_pairs(settings)
    if db_path:  # Scrapyd's working directory is not the caller's
        args.append(("setting", f"HUMAS_DB={db_path.resolve()}"))
    if base_url:
        args.append(("base_url", base_url))
    if backfill:
        args.append(("backfill", "1"))
    with talking_to(url) as client:
        click.echo(client.schedule(PROJECT, spider, args))


def find_job(client: ScrapydClient, job: str) -> tuple[str, dict]:
    """The state and listing of ``job``; an unknown id is the user's mistake."""
    listing = client.jobs(PROJECT)
    for state in JOB_STATES:
        for entry in listing.get(state, []):
            if entry["id"] == job:
                return state, entry
    raise click.UsageError(f"no job {job} on this Scrapyd (see `humas scrapyd jobs`)")


@scrapyd.command()
@url_option
def jobs(url):
    """Pending, running and finished jobs: id, spider, state, start and end."""
    with talking_to(url) as client:
        listing = client.jobs(PROJECT)
    for state in JOB_STATES:
        for entry in listing.get(state, []):
            click.echo("\t".join([entry["id"], entry["spider"], state, entry.get("start_time") or "",
                                  entry.get("end_time") or ""]))


@scrapyd.command()
@click.argument("job")
@url_option
def cancel(job, url):
    """Stop a running job (its run is recorded as cancelled) or drop a pending one."""
    with talking_to(url) as client:
        find_job(client, job)
        previous = client.cancel(PROJECT, job).get("prevstate")
    if previous is None:
        raise click.UsageError(f"job {job} is neither pending nor running")
    click.echo(f"job {job} was {previous}: " + ("stopping" if previous == "running" else "removed from the queue"))


@scrapyd.command()
@click.argument("job")
@url_option
def log(job, url):
    """Print a job's Scrapy log (as far as it has got)."""
    with talking_to(url) as client:
        _, entry = find_job(client, job)
        answer = requests.get(f"{client.url}/logs/{PROJECT}/{entry['spider']}/{job}.log", auth=client.auth)
        answer.raise_for_status()
    click.echo(answer.text, nl=False)
