"""One site as served: its articles plus the page facts derived from them.

Post ids, term ids, view counts, comments and related links are derived deterministically
(chronological order, string-seeded randomness per path), so they never change between runs
and publishing newer articles leaves every existing id and link where it was.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cached_property

from humas_mirror.content import Entry, MirrorArticle
from humas_mirror.fmt import when
from humas_mirror.textgen import COMMENT_NAMES, COMMENTS


@dataclass(frozen=True)
class Comment:
    id: int
    name: str
    text: str
    at: datetime


class SiteState:
    """Immutable view of a site's entries (newest first); publishing makes a new state."""

    def __init__(self, site: str, entries: list[Entry] | tuple[Entry, ...]):
        self.site = site
        self.entries = tuple(sorted(entries, key=lambda e: when(e.article.published_at), reverse=True))
        self.by_path = {e.article.path: e for e in self.entries}

    def with_new(self, entries: list[Entry]) -> SiteState:
        return SiteState(self.site, list(self.entries) + entries)

    def with_replaced(self, entry: Entry) -> SiteState:
        """The same site with one article (matched by path) edited."""
        return SiteState(self.site, [entry if e.article.path == entry.article.path else e for e in self.entries])

    @property
    def articles(self) -> list[MirrorArticle]:
        return [e.article for e in self.entries]

    def rng(self, entry: Entry, purpose: str) -> random.Random:
        return random.Random(f"{self.site}:{entry.article.path}:{purpose}")

    # ---- ids (WordPress post, term and user ids; stable under publishing) ----------------------

    @cached_property
    def post_ids(self) -> dict[str, int]:
        rng, next_id, ids = random.Random(f"ids:{self.site}"), 1000, {}
        for entry in reversed(self.entries):
            next_id += rng.randrange(3, 40)  # attachments and revisions take ids in between
            ids[entry.article.path] = next_id
        return ids

    @cached_property
    def by_id(self) -> dict[int, Entry]:
        return {self.post_ids[e.article.path]: e for e in self.entries}

    def _first_seen(self, values_of, start: int) -> dict[str, int]:
        ids: dict[str, int] = {}
        for entry in reversed(self.entries):
            for value in values_of(entry.article):
                ids.setdefault(value, start + len(ids))
        return ids

    @cached_property
    def category_ids(self) -> dict[str, int]:
        return self._first_seen(lambda a: [a.category] if a.category else [], 2)

    @cached_property
    def tag_ids(self) -> dict[str, int]:
        return self._first_seen(lambda a: a.tags, 40)

    @cached_property
    def author_ids(self) -> dict[str, int]:
        return self._first_seen(lambda a: [a.author] if a.author else [], 1)

    # ---- per-article page facts ----------------------------------------------------------------

    def hits(self, entry: Entry) -> int:
        return self.rng(entry, "hits").randrange(40, 4000)

    def popular(self, n: int = 5) -> list[Entry]:
        return sorted(self.entries, key=self.hits, reverse=True)[:n]

    def latest(self, n: int, exclude: Entry | None = None) -> list[Entry]:
        return [e for e in self.entries if e is not exclude][:n]

    def related(self, entry: Entry, n: int) -> list[Entry]:
        """Same category first, nearest in time."""
        moment = when(entry.article.published_at)
        others = [e for e in self.entries if e is not entry]
        others.sort(key=lambda e: (e.article.category != entry.article.category,
                                   abs(when(e.article.published_at) - moment)))
        return others[:n]

    def baca_juga(self, entry: Entry) -> Entry | None:
        """The article an inline 'Baca Juga' points to: one of the ten next older ones."""
        if entry.layout.baca_juga_after is None:
            return None
        index = self.entries.index(entry)
        older = self.entries[index + 1:index + 11] or self.entries[:index]
        return self.rng(entry, "baca").choice(older) if older else None

    def comments(self, entry: Entry) -> list[Comment]:
        rng = self.rng(entry, "comments")
        start = when(entry.article.published_at)
        base = self.post_ids[entry.article.path] * 10
        return [Comment(base + i, rng.choice(COMMENT_NAMES), rng.choice(COMMENTS),
                        start + timedelta(hours=rng.randrange(2, 72), minutes=rng.randrange(60)))
                for i in range(rng.choice((0, 0, 1, 2)))]

    def categories(self) -> list[tuple[str, int]]:
        """(category, article count), most used first."""
        counts: dict[str, int] = {}
        for a in self.articles:
            if a.category:
                counts[a.category] = counts.get(a.category, 0) + 1
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))

    def archive_months(self) -> list[datetime]:
        """First day of every month with posts, newest first (WordPress 'Arsip')."""
        months = {when(a.published_at).replace(day=1, hour=0, minute=0, second=0) for a in self.articles}
        return sorted(months, reverse=True)
