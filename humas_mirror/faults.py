"""A fault-injecting news site on 127.0.0.1: the test double of a slow, flaky government server.

One small site (listing pages ``/berita?hal=N``, articles ``/berita/<n>-<slug>``, in plain markup
the generic extractor reads: an h1, a printed date "Senin, 6 Maret 2023 | 10:15 WITA", paragraphs)
whose article URLs misbehave as :data:`FAULTS` says: an error that passes, Retry-After on 503 and
429, a hang, a reset, a truncated and a dripping body, windows-1252 declared as UTF-8, an oversized
page, empty, PDF and image answers, a redirect loop. Every listing page carries the traps a crawler
must not follow (calendar and date links, a pager that always has a "next", other hosts and ports,
``file:``, ``javascript:``, ``mailto:``, ``tel:``), and a decoy server on a second port logs any
request that strays there. Each fault names what a correct crawl makes of it (``Fault.expect``),
as the mirror's catalog says what a correct extractor makes of a page.

The article texts are the mirror's (the ``balikpapan`` catalog), so they are realistic Indonesian
releases; the request log (time, Host, path) lets a test check when a retry came and where a
crawl went.
"""

from __future__ import annotations

import socket
import struct
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import NamedTuple
from urllib.parse import parse_qs, urlsplit

from humas_mirror.chrome import PNG, int_param, page_count, page_slice
from humas_mirror.content import catalog
from humas_mirror.fmt import DAYS, MONTHS, esc, paragraphs_html, slugify, when

SOURCE_SITE = "balikpapan"  # whose catalog lends the articles their text
PER_PAGE = 6
CHUNK = 64 * 1024


class Fault(NamedTuple):
    """What one article URL does, and what a correct crawl makes of it: ``stored`` (the article is
    in the corpus), ``failed`` (recorded in the crawl state, retried on a later night) or
    ``skipped/<reason>`` (recorded as no article, never fetched again)."""

    slug: str
    behaviour: str  # a method of the request handler: ``fault_<behaviour>``
    expect: str
    retry_after: int = 0  # seconds, for the answers that carry Retry-After


FAULTS = (
    Fault("gangguan-sementara", "error_once", "stored"),      # 500, then 200 on a later request
    Fault("server-sibuk", "unavailable", "stored", 2),        # 503 Retry-After: 2, then 200
    Fault("terlalu-sering", "throttled", "stored", 1),        # 429 Retry-After: 1, then 200
    Fault("tidak-menjawab", "hang", "failed"),                # silent past the download timeout
    Fault("koneksi-putus", "reset", "failed"),                # TCP reset before any answer
    Fault("terpotong", "truncated", "failed"),                # Content-Length larger than the body
    Fault("pelan-pelan", "drip", "stored"),                   # trickled, complete within the timeout
    Fault("salah-charset", "mislabelled", "stored"),          # windows-1252 bytes, charset=utf-8
    Fault("halaman-raksasa", "oversize", "skipped/too_large"),
    Fault("halaman-kosong", "empty", "skipped/empty"),
    Fault("laporan-pdf", "pdf", "skipped/pdf"),
    Fault("foto-kegiatan", "image", "skipped/image"),
    Fault("berputar-putar", "redirect_loop", "skipped/redirect_loop"),  # /x -> /x?ulang=1 -> /x
)
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


class Logged(NamedTuple):
    at: float  # time.monotonic() on arrival
    host: str
    path: str  # with the query


@dataclass(frozen=True)
class FaultArticle:
    path: str
    title: str
    published_at: str
    body: str
    fault: Fault | None = None

    @property
    def expect(self) -> str:
        return self.fault.expect if self.fault else "stored"


def articles() -> list[FaultArticle]:
    """The site's articles, newest first: faulty and good ones alternate, so every listing page
    mixes them (a run of failures is rarer than on a real site having a bad night)."""
    source = catalog((SOURCE_SITE,))[SOURCE_SITE]
    faults = iter(FAULTS)
    made = []
    for number, article in enumerate(source, start=1):
        fault = next(faults, None) if number % 2 else None
        slug = fault.slug if fault else slugify(article.title)[:60].rstrip("-")
        made.append(FaultArticle(f"/berita/{number}-{slug}", article.title, article.published_at, article.body, fault))
    return made


def printed_date(iso_time: str) -> str:
    """The date as the article prints it: 'Senin, 6 Maret 2023 | 10:15 WITA'."""
    dt = when(iso_time)
    return f"{DAYS[dt.weekday()]}, {dt.day} {MONTHS[dt.month - 1]} {dt.year} | {dt:%H:%M} WITA"


def page_html(title: str, main: str, after: str = "") -> str:
    return (f'<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>{esc(title)} | Humas Kota Uji'
            f'</title></head><body><header><a href="/">Beranda</a> <a href="/berita">Berita</a></header>'
            f'<main>{main}</main>{after}<footer>Bagian Humas Sekretariat Daerah Kota Uji</footer></body></html>')


def article_html(article: FaultArticle) -> str:
    return page_html(article.title, f'<article><h1>{esc(article.title)}</h1><div class="tanggal">'
                                    f'{printed_date(article.published_at)}</div><div class="isi">'
                                    f'{paragraphs_html(article.body.split(chr(10) * 2))}</div></article>')


def calendar_links(month: datetime) -> str:
    """A calendar widget with every date trap at once: month pager (rel=prev/next, before the
    listing's own pager in the page), day, date, bulan/tahun links and agenda/kalender paths."""
    ym = f"{month:%Y-%m}"
    days = "".join(f'<a href="/berita?tanggal={ym}-{day:02d}">{day}</a>' for day in (1, 6, 13))
    return (f'<aside class="kalender"><a rel="prev" href="/berita?month={shifted(month, -1):%Y-%m}">‹</a>'
            f'<a rel="next" href="/berita?month={shifted(month, 1):%Y-%m}">›</a>{days}'
            f'<a href="/berita?date={ym}-20">20</a>'
            f'<a href="/berita?bulan={month.month}&amp;tahun={month.year}">Bulan ini</a>'
            f'<a href="/agenda/{month:%Y/%m}">Agenda</a><a href="/kalender/{month:%Y/%m}">Kalender</a></aside>')


def shifted(month: datetime, months: int) -> datetime:
    """The first of the month ``months`` after ``month``."""
    index = month.year * 12 + month.month - 1 + months
    return datetime(index // 12, index % 12 + 1, 1)


def stray_links(port: int, decoy_port: int) -> str:
    """Links off the site: its own server under another name, another port on 127.0.0.1, another
    host (unresolvable, so no answer either way) and schemes that are no web page."""
    hrefs = (f"http://localhost:{port}/berita/2-lain", f"http://127.0.0.1:{decoy_port}/berita/2-lain",
             "http://humas.example.invalid/berita/2-lain", "//cdn.example.invalid/berita/2-lain",
             "file:///etc/passwd", "javascript:void(0)", "mailto:humas@example.go.id", "tel:+62542123456")
    return '<ul class="tautan">' + "".join(f'<li><a href="{h}">tautan</a></li>' for h in hrefs) + "</ul>"


class QuietServer(ThreadingHTTPServer):
    """The faults break connections on purpose (a reset, a crawler hanging up at its size cap or
    timeout): those are no errors to print. Handler threads are daemons, so a hanging answer does
    not hold up ``stop()``."""

    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        pass


class FaultServer:
    """The fault site on 127.0.0.1 (``port=0`` picks a free port) and its decoy on another port.

    ``hang_seconds`` is how long the hanging URL stays silent (longer than the crawler's download
    timeout), ``drip_seconds`` how long the dripping one takes (shorter), ``oversize_bytes`` the
    size of the oversized page (over the crawler's cap). ``outage`` makes every article answer 500,
    as a site whose database is down does.
    """

    def __init__(self, port: int = 0, host: str = "127.0.0.1", *, hang_seconds: float = 4.0,
                 drip_seconds: float = 1.0, oversize_bytes: int = 11 * 2**20, outage: bool = False):
        self.host, self._port = host, port
        self.hang_seconds, self.drip_seconds, self.oversize_bytes = hang_seconds, drip_seconds, oversize_bytes
        self.outage = outage
        self.articles = articles()
        self.by_path = {a.path: a for a in self.articles}
        self._lock = threading.Lock()
        self._log: list[Logged] = []
        self._strays: list[Logged] = []
        self._servers: list[tuple[QuietServer, threading.Thread]] = []

    # ---- lifecycle -----------------------------------------------------------------------------

    def start(self) -> FaultServer:
        self._serve(self._port, site_handler(self))
        self._serve(0, decoy_handler(self))
        return self

    def _serve(self, port: int, handler) -> None:
        httpd = QuietServer((self.host, port), handler)
        thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.02},
                                  name="humas-faults", daemon=True)
        thread.start()
        self._servers.append((httpd, thread))

    def stop(self) -> None:
        for httpd, thread in self._servers:
            httpd.shutdown()
            httpd.server_close()
            thread.join()
        self._servers.clear()

    def __enter__(self) -> FaultServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def port(self) -> int:
        return self._servers[0][0].server_address[1]

    @property
    def decoy_port(self) -> int:
        return self._servers[1][0].server_address[1]

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    # ---- request log ---------------------------------------------------------------------------

    def log(self, host: str, path: str, stray: bool = False) -> None:
        with self._lock:
            (self._strays if stray else self._log).append(Logged(time.monotonic(), host, path))

    @property
    def requests(self) -> list[Logged]:
        """Every request the site received, in arrival order: a snapshot."""
        with self._lock:
            return list(self._log)

    @property
    def strays(self) -> list[Logged]:
        """Requests that reached the decoy port (a crawler that left the site)."""
        with self._lock:
            return list(self._strays)

    def times(self, path: str) -> list[float]:
        """When ``path`` was requested (monotonic seconds), in order."""
        return [entry.at for entry in self.requests if entry.path == path]

    def clear(self) -> None:
        with self._lock:
            self._log.clear()
            self._strays.clear()

    # ---- content -------------------------------------------------------------------------------

    def good(self) -> list[FaultArticle]:
        """The articles a correct crawl stores."""
        return [a for a in self.articles if a.expect == "stored"]

    def faulty(self) -> list[FaultArticle]:
        return [a for a in self.articles if a.fault]

    def attempt(self, path: str) -> int:
        """How many times ``path`` has been requested so far, this one included."""
        return len(self.times(path))

    def listing(self, page: int, month: datetime) -> str:
        shown = page_slice(self.articles, page, PER_PAGE)
        rows = "".join(f'<li><a href="{a.path}">{esc(a.title)}</a> <span class="tanggal">'
                       f'{printed_date(a.published_at)}</span></li>' for a in shown)
        main = (f'<h1>Berita</h1>{calendar_links(month)}<ul class="daftar-berita">{rows}</ul>'
                f'{stray_links(self.port, self.decoy_port)}')
        return page_html("Berita", main, f'<nav class="pagination">Halaman {page} dari '
                                         f'{page_count(len(self.articles), PER_PAGE)} '
                                         f'<a rel="next" href="/berita?hal={page + 1}">Berikutnya »</a></nav>')


def listing_month(query: dict, page: int) -> datetime:
    """The calendar's month: the one asked for, else one per listing page, so that every page's
    date links are new (a crawler following them never runs out)."""
    asked = (query.get("month") or [""])[0]
    try:
        return datetime.strptime(asked, "%Y-%m")
    except ValueError:
        return shifted(datetime(2024, 12, 1), -page)


class SiteHandler(BaseHTTPRequestHandler):
    """Answers the fault site's requests; ``server_state`` is the :class:`FaultServer`."""

    protocol_version = "HTTP/1.1"
    server_state: FaultServer

    def version_string(self) -> str:
        return "Apache"

    def log_message(self, *args) -> None:  # the server prints nothing
        pass

    def do_GET(self) -> None:
        state = self.server_state
        state.log(self.headers.get("Host") or "", self.path)
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        article = state.by_path.get(parts.path)
        if parts.path == "/robots.txt":
            self.send("User-agent: *\nDisallow: /admin/\n", content_type="text/plain")
        elif parts.path in ("/", "/berita") or parts.path.startswith(("/agenda/", "/kalender/")):
            page = int_param(query, "hal")
            self.send(state.listing(page, listing_month(query, page)))
        elif article is None:
            self.send(page_html("Tidak ditemukan", "<h1>404</h1>"), status=404)
        elif state.outage:
            self.send(page_html("Kesalahan", "<h1>Database error</h1>"), status=500)
        elif article.fault:
            getattr(self, f"fault_{article.fault.behaviour}")(article)
        else:
            self.send(article_html(article))

    def send(self, body: str | bytes, status: int = 200, content_type: str = "text/html; charset=utf-8",
             headers: dict | None = None, length: int | None = None) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.send_head(status, content_type, len(data) if length is None else length, headers)
        self.wfile.write(data)

    def send_head(self, status: int, content_type: str, length: int, headers: dict | None = None) -> None:
        self.send_response(status)
        for name, value in {"Content-Type": content_type, "Content-Length": str(length), **(headers or {})}.items():
            self.send_header(name, value)
        self.end_headers()

    def first_time(self, article: FaultArticle) -> bool:
        return self.server_state.attempt(article.path) == 1

    # ---- the faults (one method per Fault.behaviour) -------------------------------------------

    def fault_error_once(self, article: FaultArticle) -> None:
        if self.first_time(article):
            self.send(page_html("Kesalahan", "<h1>Internal Server Error</h1>"), status=500)
        else:
            self.send(article_html(article))

    def fault_unavailable(self, article: FaultArticle) -> None:
        self.busy_once(article, 503)

    def fault_throttled(self, article: FaultArticle) -> None:
        self.busy_once(article, 429)

    def busy_once(self, article: FaultArticle, status: int) -> None:
        if self.first_time(article):
            self.send(page_html("Sibuk", "<h1>Coba lagi nanti</h1>"), status=status,
                      headers={"Retry-After": str(article.fault.retry_after)})
        else:
            self.send(article_html(article))

    def fault_hang(self, article: FaultArticle) -> None:
        time.sleep(self.server_state.hang_seconds)
        self.close_connection = True

    def fault_reset(self, article: FaultArticle) -> None:
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()
        self.close_connection = True

    def fault_truncated(self, article: FaultArticle) -> None:
        body = article_html(article).encode("utf-8")
        self.send(body[: len(body) // 2], length=len(body))
        self.close_connection = True

    def fault_drip(self, article: FaultArticle) -> None:
        body = article_html(article).encode("utf-8")
        pieces = 10
        self.send_head(200, "text/html; charset=utf-8", len(body))
        step = -(-len(body) // pieces)
        for start in range(0, len(body), step):
            self.wfile.write(body[start:start + step])
            self.wfile.flush()
            time.sleep(self.server_state.drip_seconds / pieces)

    def fault_mislabelled(self, article: FaultArticle) -> None:
        self.send(article_html(article).encode("cp1252", errors="xmlcharrefreplace"))

    def fault_oversize(self, article: FaultArticle) -> None:
        size = self.server_state.oversize_bytes
        self.send_head(200, "text/html; charset=utf-8", size)
        chunk = b"<p>" + b"data " * (CHUNK // 5 - 2) + b"</p>"
        try:
            for _ in range(size // len(chunk)):
                self.wfile.write(chunk)
            self.wfile.write(b" " * (size % len(chunk)))
        except OSError:  # the crawler hung up at its size cap, as it should
            self.close_connection = True

    def fault_empty(self, article: FaultArticle) -> None:
        self.send(b"")

    def fault_pdf(self, article: FaultArticle) -> None:
        self.send(PDF, content_type="application/pdf")

    def fault_image(self, article: FaultArticle) -> None:
        self.send(PNG, content_type="image/png")

    def fault_redirect_loop(self, article: FaultArticle) -> None:
        target = article.path if "ulang=" in self.path else f"{article.path}?ulang=1"
        self.send(b"", status=302, headers={"Location": target})


def site_handler(state: FaultServer) -> type[SiteHandler]:
    return type("BoundSiteHandler", (SiteHandler,), {"server_state": state})


def decoy_handler(state: FaultServer) -> type[BaseHTTPRequestHandler]:
    """The second port's answer: a 404, and the request on the strays log."""

    class Decoy(SiteHandler):
        server_state = state

        def do_GET(self) -> None:
            state.log(self.headers.get("Host") or "", self.path, stray=True)
            self.send("", status=404)

    return Decoy
