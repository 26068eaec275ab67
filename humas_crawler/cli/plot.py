"""``humas plot``: articles per site per month as a PNG, one line per site."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from humas_crawler.cli.options import db_option, open_db_or_exit
from humas_crawler.corpus import queries

DEFAULT_OUT = Path("exports/articles_per_month.png")
FIGURE_INCHES = (12, 6)
DPI = 100  # with FIGURE_INCHES: 1200 × 600 pixels
LINE_STYLES = ("-", "--", ":")


def month_range(first: str, last: str) -> list[str]:
    """Every YYYY-MM from ``first`` to ``last``: a month without articles is a 0 on the line, not a
    straight segment drawn across it."""
    year, month = map(int, first.split("-"))
    months = []
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def monthly_series(rows: list[dict]) -> tuple[list[str], dict[str, list[int]]]:
    """The months covered and, per site, its articles in each of them."""
    months = month_range(min(r["month"] for r in rows), max(r["month"] for r in rows))
    counts: dict[str, dict[str, int]] = {}
    for row in rows:
        counts.setdefault(row["site"], {})[row["month"]] = row["articles"]
    return months, {site: [per_month.get(m, 0) for m in months] for site, per_month in counts.items()}


def draw(months: list[str], series: dict[str, list[int]], out: Path) -> None:
    """Save the chart. matplotlib is imported here, with the Agg backend (no display needed, e.g.
    under cron): loading it would cost every other ``humas`` command a second."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    x = [date(int(m[:4]), int(m[5:]), 1) for m in months]
    figure, axes = plt.subplots(figsize=FIGURE_INCHES, dpi=DPI)
    colours = plt.get_cmap("tab10").colors  # ten distinct colours, then the same with dashes, dots
    for i, (site, counts) in enumerate(sorted(series.items())):
        axes.plot(x, counts, label=site, color=colours[i % 10], linestyle=LINE_STYLES[i // 10 % len(LINE_STYLES)],
                  linewidth=2, marker="o", markersize=3)
    axes.set_title("Articles per site per month (the page's local date)")
    axes.set_ylabel("articles")
    axes.xaxis.set_major_locator(locator := mdates.AutoDateLocator())
    axes.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_ylim(bottom=0)
    axes.grid(alpha=0.3)
    axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize="small", frameon=False)
    figure.tight_layout()
    figure.savefig(out, dpi=DPI)
    plt.close(figure)


@click.command()
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_OUT, show_default=True,
              help="PNG file to write.")
@db_option
def plot(out, db_path):
    """Plot articles per site per month (one line per site) into a PNG."""
    rows = queries.articles_per_month(open_db_or_exit(db_path))
    if not rows:
        raise click.ClickException("no dated article in the corpus: nothing to plot")
    try:
        if out.parent == DEFAULT_OUT.parent:
            out.parent.mkdir(exist_ok=True)  # the default folder, made on first use
        draw(*monthly_series(rows), out)
    except OSError as exc:  # a read-only folder, a full disk: the machine's failure, exit 1
        raise click.ClickException(f"cannot write {out}: {exc.strerror}") from exc
    click.echo(f"{len(rows)} site-months → {out}")
