"""``humas extract`` (the engine on saved pages or URLs) and ``humas eval`` (its scores on data sets)."""

from __future__ import annotations

import http
import http.client
import json
import re
from pathlib import Path

import click

from humas_crawler.cli.options import table_console

_URL_RE = re.compile(r"^https?://", re.IGNORECASE)
TEXT_FIELDS = ("published_at", "updated_at", "author", "reporter", "dateline", "category", "tags", "canonical_url")
NO_DATA = (
    "no data set given: pass --data PATH (repeatable). A clone of the repository has two, "
    "--data tests/data/indonesian-news (real news pages) and --data tests/layouts (hand-written layouts); "
    "trafilatura's evaluation set (a folder with evaldata.json and html/) can be given too."
)


class DataSetProblem(click.ClickException):
    """A --data path that is missing or holds no known data set: a user mistake, so exit code 2."""

    exit_code = 2


@click.command("extract")
@click.argument("inputs", nargs=-1, required=True, metavar="FILE_OR_URL...")
@click.option("--url", help="The original address of a saved page (resolves its links, dates in its path).")
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl", "text"]),
              help="Default: json for one input, jsonl (one line per page) for several.")
def extract_command(inputs, url, fmt):
    """Extract the article from saved pages or http(s) URLs and print it."""
    from humas_crawler import extract

    if url and len(inputs) > 1:
        raise click.UsageError("--url is the address of one page: give a single input with it")
    missing = [item for item in inputs if not _URL_RE.match(item) and not Path(item).is_file()]
    if missing:
        raise click.UsageError(f"no such file: {missing[0]}")
    fmt = fmt or ("json" if len(inputs) == 1 else "jsonl")
    for item in inputs:
        html, page_url = load_page(item, url)
        article = extract(html, url=page_url)
        if article["extraction"].get("rejected"):
            raise click.UsageError(f"{item} {article['extraction']['rejected']}")
        click.echo(render({"source": item, **article}, fmt))


def load_page(item: str, url: str | None) -> tuple[str, str | None]:
    """The HTML of a saved file or of a fetched URL, with the address to extract it under (a
    fetched page's final address, after redirects, unless --url names another)."""
    from humas_crawler.crawl.probe import ProbeError, fetch
    from humas_crawler.evaluation.datasets import decode_page

    if not _URL_RE.match(item):
        return decode_page(Path(item).read_bytes()), url
    try:
        status, body, final_url = fetch(item)
    except ProbeError as exc:
        raise click.ClickException(str(exc)) from exc
    except (http.client.HTTPException, ValueError) as exc:  # a malformed answer or address
        raise click.ClickException(f"cannot fetch {item}: {exc}") from exc
    if status >= 400:
        raise click.ClickException(f"cannot fetch {item}: HTTP Error {status}: {_status_phrase(status)}")
    return decode_page(body), url or final_url


def _status_phrase(status: int) -> str:
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return "unknown status"


def render(article: dict, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(article, ensure_ascii=False, indent=2)
    if fmt == "jsonl":
        return json.dumps(article, ensure_ascii=False)
    lines = [article.get("title") or "(no title)", f"source: {article['source']}"]
    for name in TEXT_FIELDS:
        value = article.get(name)
        if value:
            lines.append(f"{name}: {', '.join(value) if isinstance(value, list) else value}")
    return "\n".join([*lines, "", article.get("body") or "", ""])


@click.command("eval")
@click.option("--data", "paths", multiple=True, metavar="PATH",
              help="A labelled data-set folder (repeatable): ground_truth.json + html/ (indonesian-news), "
                   "evaldata.json + html/ (trafilatura's evaluation set) or <name>.html + <name>.json pairs.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--failures", is_flag=True, help="Also list, per page, what our extractor got wrong.")
@click.option("--no-corrections", is_flag=True,
              help="Score the indonesian-news ground truth as published, without the packaged corrections.")
@click.option("--dedup", "dedup_paths", multiple=True, metavar="PATH",
              help="Instead: score near-duplicate clustering on labelled pairs (a JSON file or a folder of them, "
                   "e.g. the clone's tests/data/dedup-pairs), on clean and on noisy bodies (repeatable).")
@click.option("--quotes", "quote_path", metavar="PATH",
              help="Instead: score quotation detection and speaker attribution on hand-labelled bodies (a JSON "
                   "file or a folder of them, e.g. the clone's tests/data/quotes).")
def eval_command(paths, fmt, failures, no_corrections, dedup_paths, quote_path):
    """Score our extractor, plain trafilatura and readability-lxml on labelled data sets."""
    from humas_crawler.evaluation import report, scoring

    if dedup_paths:
        if paths:
            raise click.UsageError("--dedup and --data are two reports: give one of them")
        print_dedup_scores(dedup_paths, fmt)
        return
    if quote_path:
        if paths or dedup_paths:
            raise click.UsageError("--quotes is a report of its own: give it without --data or --dedup")
        print_quote_scores(quote_path, fmt, failures)
        return
    if not paths:
        raise click.UsageError(NO_DATA)
    datasets = [pages for path in paths for pages in load_or_exit(path, corrections=not no_corrections)]
    scores = score_with_progress(datasets)
    summaries = scoring.summarize(scores)
    wrong = scoring.failures(scores) if failures else []
    if fmt == "json":
        found = {"summary": report.summary_dicts(summaries), "pages": report.page_dicts(scores)}
        click.echo(json.dumps({**found, "failures": wrong} if failures else found, ensure_ascii=False, indent=2))
        return
    console = table_console()
    console.print(report.render_table(summaries))
    for failure in wrong:
        console.print(report.failure_line(failure), markup=False, highlight=False)


def print_dedup_scores(paths: tuple[str, ...], fmt: str) -> None:
    """Precision and recall of the dedup stage on each labelled set, clean and noisy, then one line
    per wrong decision (every one: they are what tuning looks at)."""
    import dataclasses

    from humas_crawler.evaluation import dedup

    try:
        scores = dedup.evaluate(paths)
    except (OSError, ValueError, KeyError, TypeError) as exc:  # missing, not JSON, or not labelled pairs
        raise DataSetProblem(f"cannot read labelled pairs {', '.join(paths)}: {type(exc).__name__}: {exc}") from exc
    if fmt == "json":
        click.echo(json.dumps([dataclasses.asdict(score) for score in scores], ensure_ascii=False, indent=2))
        return
    console = table_console()
    console.print(dedup.render_table(scores))
    for line in dedup.failure_lines(scores):
        console.print(line, markup=False, highlight=False)


def print_quote_scores(path: str, fmt: str, failures: bool) -> None:
    """Precision, recall and speaker accuracy per labelled set (and in all); with --failures, each
    missed, spurious and misattributed quote."""
    from humas_crawler.evaluation import quotes

    try:
        scores = quotes.evaluate(path)
    except (OSError, ValueError, KeyError, TypeError) as exc:  # missing, not JSON, a span not in its body
        raise DataSetProblem(f"cannot read labelled quotes {path}: {type(exc).__name__}: {exc}") from exc
    if fmt == "json":
        click.echo(json.dumps([quotes.summary(score) for score in scores], ensure_ascii=False, indent=2))
        return
    from rich.table import Table

    table = Table(title=f"quotations (span overlap ≥ {quotes.MIN_OVERLAP})")
    columns = ("dataset", "articles", "labelled", "predicted", "precision", "recall", "speaker_accuracy")
    for column in columns:
        table.add_column(column, justify="left" if column == "dataset" else "right")
    for score in scores:
        row = quotes.summary(score)
        table.add_row(*(str(row[c]) for c in columns))
    console = table_console()
    console.print(table)
    for score in scores if failures else []:
        for key, text in score.missed:
            console.print(f"missed    {score.dataset} {key}: {text[:100]}", markup=False, highlight=False)
        for key, text in score.spurious:
            console.print(f"spurious  {score.dataset} {key}: {text[:100]}", markup=False, highlight=False)
        for key, labelled, predicted in score.wrong_speaker:
            console.print(f"speaker   {score.dataset} {key}: {labelled!r}, found {predicted!r}",
                          markup=False, highlight=False)


def load_or_exit(path: str, corrections: bool) -> list:
    """The labelled pages at ``path`` (one list per way to score them: see load_variants), or a
    one-line error (exit code 2) saying what is wrong."""
    from humas_crawler.evaluation.datasets import DataSetError, load_variants

    try:
        return load_variants(path, corrections=corrections)
    except DataSetError as exc:
        raise DataSetProblem(str(exc)) from exc
    except (OSError, ValueError, KeyError) as exc:  # a file of the set unreadable or malformed
        raise DataSetProblem(f"cannot read data set {path}: {type(exc).__name__}: {exc}") from exc


def score_with_progress(datasets: list[list]) -> list:
    """Every data set's scores; on a terminal a progress bar per data set goes to stderr (a full
    trafilatura set takes minutes), and nothing is printed when stderr is not a terminal."""
    from rich.console import Console
    from rich.progress import Progress

    from humas_crawler.evaluation.scoring import evaluate

    stderr = Console(stderr=True)
    scores = []
    with Progress(console=stderr, transient=True, disable=not stderr.is_terminal) as progress:
        for pages in datasets:
            name = pages[0].dataset if pages else "data set"
            task = progress.add_task(f"Scoring {name}", total=len(pages))
            scores += evaluate(pages, on_page=lambda: progress.advance(task))
    return scores
