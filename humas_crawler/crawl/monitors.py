"""Layout-drift and compromise alarms, judged when a spider closes.

A site rarely fails loudly: a new theme leaves every page answering 200 while the selectors find
nothing, or find the headline but no byline; a hacked site keeps publishing, with gambling links
hidden in its pages. :class:`MonitorExtension` runs the checks below on each run once
:class:`~humas_crawler.crawl.extensions.CrawlRunExtension` has closed it (it comes later in
``EXTENSIONS``, so its ``spider_closed`` handler runs later), and records each alarm in the
``alarms`` table, logs it as a warning naming the site and the run, and counts it in the stats
(``monitors/alarms/<kind>``). Each check is a plain function of figures; its threshold is a
``HUMAS_ALARM_*`` setting. A distributed crawl's workers run no monitor: its writer judges each run
of theirs with the same :func:`judge` once the last has closed it (``crawl.storeworker``).
"""

from __future__ import annotations

from dataclasses import dataclass

from scrapy import signals

from humas_crawler.corpus import monitoring
from humas_crawler.corpus.monitoring import Figures
from humas_crawler.crawl.extensions import CorpusExtension, CrawlRunExtension, run_counts

# Stats that show discovery found articles, just none to store: known ones it did not request
# (a quiet night's listings hold only those), ones held back or failed by the crawl state, answers
# that were no article, re-checks that found nothing changed.
FOUND_ARTICLE_STATS = ("incremental/skipped_known", "crawlstate/held_back", "crawlstate/failed",
                       "recheck/not_modified", "recheck/unchanged")
FOUND_ARTICLE_PREFIXES = ("skipped/",)
# Set (even to 0) when the WordPress REST API answered: an empty answer for posts after the newest
# stored one is a quiet night, and JSON has no layout to drift.
API_ANSWERED_STAT = "discovery/wp_api/posts"


@dataclass(frozen=True)
class Alarm:
    kind: str
    message: str
    details: dict


@dataclass(frozen=True)
class Thresholds:
    """The ``HUMAS_ALARM_*`` settings, read once per run."""

    history_runs: int
    min_articles: int
    fill_rate_drop: float
    body_length_ratio: float
    fields: tuple[str, ...]

    @classmethod
    def from_settings(cls, settings) -> "Thresholds":
        return cls(settings.getint("HUMAS_ALARM_HISTORY_RUNS"), settings.getint("HUMAS_ALARM_MIN_ARTICLES"),
                   settings.getfloat("HUMAS_ALARM_FILL_RATE_DROP"), settings.getfloat("HUMAS_ALARM_BODY_LENGTH_RATIO"),
                   tuple(settings.getlist("HUMAS_ALARM_FILL_RATE_FIELDS")))


# ---- the checks ----------------------------------------------------------------------------------

def articles_found(counts: dict, stats: dict) -> int:
    """How many articles discovery found that the run neither stored nor dropped: duplicates and
    those the stats in ``FOUND_ARTICLE_STATS`` and ``FOUND_ARTICLE_PREFIXES`` count."""
    skipped = sum(value for key, value in stats.items() if key.startswith(FOUND_ARTICLE_PREFIXES))
    return counts["duplicate"] + skipped + sum(stats.get(key, 0) for key in FOUND_ARTICLE_STATS)


def no_articles(counts: dict, stats: dict, earlier_articles: int, finished: bool) -> Alarm | None:
    """A site that used to yield articles stored none tonight although its pages answered: every
    article it fetched was dropped (the selectors no longer find title, body or date), or
    discovery found no article at all, not even a known one (the listings' links changed shape).
    A quiet night is not this: its listings show known articles (``incremental/skipped_known``);
    nor is a run cut short (killed, its circuit breaker open: its health verdict says so)."""
    if not finished or not earlier_articles or not counts["pages"] or counts["new"]:
        return None
    details = {"pages": counts["pages"], "earlier_articles": earlier_articles,
               "listing_pages": stats.get("discovery/listing_pages", 0)}
    if counts["dropped"]:
        missing = {key.rsplit("/", 1)[1]: value for key, value in stats.items() if key.startswith("validate/missing/")}
        return Alarm("no_articles", f"dropped all {counts['dropped']} articles it fetched (missing: "
                     f"{', '.join(sorted(missing)) or '?'}): the layout changed?",
                     {**details, "dropped": counts["dropped"], "missing": missing})
    if articles_found(counts, stats) or API_ANSWERED_STAT in stats:
        return None
    return Alarm("no_articles", f"{counts['pages']} pages answered but no article was found on them, "
                 f"where {earlier_articles} came from before: the listings changed?", details)


def fill_rate_drops(now: Figures, recent: Figures, fields: tuple[str, ...], min_articles: int,
                    max_drop: float) -> list[Alarm]:
    """Fields filled in far fewer of tonight's articles than of the recent ones (a byline selector
    that stopped matching): a drop of at least ``max_drop`` (a share, 0-1). Judged only when
    tonight stored ``min_articles`` or more, so two bylineless posts are not a trend."""
    if now.articles < min_articles or not recent.articles:
        return []
    return [
        Alarm("fill_rate", f"{name} filled in {now.fill[name]:.0%} of {now.articles} new articles, "
              f"{recent.fill[name]:.0%} of the {recent.articles} of recent runs",
              {"field": name, "now": now.fill[name], "recent": recent.fill[name], "articles": now.articles,
               "recent_articles": recent.articles})
        for name in fields if recent.fill[name] - now.fill[name] >= max_drop
    ]


def body_length_collapse(now: Figures, recent: Figures, min_articles: int, ratio: float) -> Alarm | None:
    """Tonight's median body is under ``ratio`` of the recent median (the body selector now catches
    a teaser or a caption), judged only on ``min_articles`` or more new articles."""
    if now.articles < min_articles or not recent.median_body or now.median_body >= ratio * recent.median_body:
        return None
    return Alarm("body_length", f"median body {now.median_body:.0f} characters over {now.articles} new articles, "
                 f"{recent.median_body:.0f} in recent runs",
                 {"median": now.median_body, "recent_median": recent.median_body, "articles": now.articles})


def spam_served(pages: list[dict]) -> Alarm | None:
    """Pages that carried gambling spam (removed from their bodies, reported by extraction): the
    site is compromised. The alarm names every page."""
    if not pages:
        return None
    words = sorted({word for page in pages for word in page["words"]})
    return Alarm("spam", f"{len(pages)} pages carried gambling spam ({', '.join(words)}), e.g. {pages[0]['url']}",
                 {"pages": pages})


# ---- judging a run ------------------------------------------------------------------------------

def judge(db, settings, site: str, run_id: int, reason: str, stats: dict) -> list[Alarm]:
    """Every check on run ``run_id``'s figures (its ``stats`` and stored articles) against the
    site's recent ones. Shared by :class:`MonitorExtension` and a distributed crawl's writer, which
    judges a run of all its workers once the last one has closed it (``crawl.storeworker``)."""
    limits = Thresholds.from_settings(settings)
    now = monitoring.article_figures(db, site, [run_id], limits.fields)
    recent = monitoring.article_figures(db, site, monitoring.recent_runs(db, site, run_id, limits.history_runs),
                                        limits.fields)
    alarms = [
        no_articles(run_counts(stats), stats, monitoring.earlier_articles(db, site, run_id), reason == "finished"),
        *fill_rate_drops(now, recent, limits.fields, limits.min_articles, limits.fill_rate_drop),
        body_length_collapse(now, recent, limits.min_articles, limits.body_length_ratio),
        spam_served(monitoring.spam_pages(db, site, run_id)),
    ]
    return [alarm for alarm in alarms if alarm]


def raise_alarms(db, site: str, run_id: int, alarms: list[Alarm], log) -> None:
    """Record each alarm in the ``alarms`` table and log it as a warning naming the site and run."""
    for alarm in alarms:
        monitoring.record_alarm(db, run_id, site, alarm.kind, alarm.message, alarm.details)
        log.warning("alarm %s: run %s of %s: %s", alarm.kind, run_id, site, alarm.message)


# ---- the extension -------------------------------------------------------------------------------

class MonitorExtension:
    """Runs the checks on each run when its spider closes and raises their alarms."""

    def __init__(self, crawler):
        self.crawler = crawler
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def spider_closed(self, spider, reason):
        run_id = CrawlRunExtension.of(self.crawler).run_id
        db = CorpusExtension.of(self.crawler)
        alarms = judge(db, self.crawler.settings, spider.name, run_id, reason, self.crawler.stats.get_stats())
        raise_alarms(db, spider.name, run_id, alarms, spider.logger)
        for alarm in alarms:
            self.crawler.stats.inc_value("monitors/alarms")
            self.crawler.stats.inc_value(f"monitors/alarms/{alarm.kind}")
