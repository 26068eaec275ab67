"""``humas extract`` (the engine on saved pages or URLs) and ``humas eval`` (its scores)."""

from __future__ import annotations

import http.client
import json
import re
import urllib.error
from pathlib import Path

import click

from humas_crawler.evaluation import harness as evaluate

_URL_RE = re.compile(r"^https?://", re.IGNORECASE)
TEXT_FIELDS = ("published_at", "updated_at", "author", "reporter", "dateline", "category", "tags", "canonical_url")


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
        click.echo(render({"source": item, **extract(html, url=page_url)}, fmt))


def load_page(item: str, url: str | None) -> tuple[str, str | None]:
    """The HTML of a saved file or of a fetched URL, with the address to extract it under."""
    if not _URL_RE.match(item):
        return evaluate.decode_page(Path(item).read_bytes()), url
    try:
        return evaluate.fetch(item), url or item
    except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as exc:
        detail = exc if isinstance(exc, urllib.error.HTTPError) else getattr(exc, "reason", exc)
        raise click.ClickException(f"cannot fetch {item}: {detail}") from exc


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
@click.option("--group", "groups", type=click.Choice(evaluate.GROUPS), multiple=True,
              help="Page group to score (repeatable). Default: all.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--failures", is_flag=True, help="Also list, per page, what our extractor got wrong.")
def eval_command(groups, fmt, failures):
    """Score our extractor, plain trafilatura and readability-lxml on the labelled pages."""
    scores = []
    for group in groups or evaluate.GROUPS:
        try:
            scores += evaluate.evaluate(groups=[group])
        except (OSError, ImportError, ValueError, KeyError) as exc:
            raise click.ClickException(f"cannot load the {group} pages: {exc}") from exc
    summaries = evaluate.summarize(scores)
    wrong = evaluate.failures(scores) if failures else []
    if fmt == "json":
        report = {"summary": evaluate.summary_dicts(summaries), "pages": evaluate.page_dicts(scores)}
        click.echo(json.dumps({**report, "failures": wrong} if failures else report, ensure_ascii=False, indent=2))
        return
    from rich.console import Console

    console = Console()
    console.print(evaluate.render_table(summaries))
    for failure in wrong:
        console.print(_failure_line(failure), markup=False, highlight=False)


def _failure_line(failure: dict) -> str:
    where = f"{failure['group']}/{failure['page']} {failure['field']}"
    details = {key: value for key, value in failure.items() if key not in ("group", "page", "field")}
    return f"{where}: {json.dumps(details, ensure_ascii=False)}"
