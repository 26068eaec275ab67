"""The HTTP side: a threaded stdlib server that serves every site under /<site>/.

Routing is by the first path segment; each site module answers the rest. Requests are logged
in order (with the Host they came in on), 200 answers carry an ETag (If-None-Match gets a 304)
and article pages a Last-Modified. ``publish()`` and ``update()`` swap in a new immutable site
state, so requests in flight always see a consistent site; ``inject_spam()`` and ``relayout()``
change what a site's pages look like from then on (a hack, a new theme).
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import random
import threading
from collections.abc import Iterable
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

from humas_mirror import tamper
from humas_mirror.chrome import Ctx, Response
from humas_mirror.content import ALL_SITES, DATE_ONLY, Entry, MirrorArticle, site_entries, synthesize
from humas_mirror.fmt import http_date, iso, when
from humas_mirror.sites import ROBOTS, ROUTES
from humas_mirror.sites.wordpress import rest_api_off
from humas_mirror.state import SiteState

PUBLISH_STEP = timedelta(hours=3, minutes=17)


class MirrorServer:
    """The offline mirror on 127.0.0.1; ``port=0`` picks a free port.

    ``api_off`` names WordPress sites whose REST API answers 404 rest_no_route, as when a
    security plugin disables it; the set can be changed while the server runs.
    """

    def __init__(self, port: int = 0, host: str = "127.0.0.1", api_off: Iterable[str] = ()):
        self.host = host
        self._port = port
        self.api_off = set(api_off)
        self._states = {site: SiteState(site, site_entries(site)) for site in ALL_SITES}
        self._published = {site: 0 for site in ALL_SITES}
        self._spam: dict[str, bool] = {}  # site -> whether its spam is hidden
        self._relayouts: set[str] = set()
        self._lock = threading.Lock()
        self._requests: list[tuple[str, str]] = []
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # ---- lifecycle -----------------------------------------------------------------------------

    def start(self) -> MirrorServer:
        """Serve from a daemon thread (polling often, so ``stop()`` returns at once)."""
        self._httpd = ThreadingHTTPServer((self.host, self._port), handler_for(self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02},
                                        name="humas-mirror", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._thread.join()
            self._httpd = self._thread = None

    def __enter__(self) -> MirrorServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def port(self) -> int:
        return self._httpd.server_address[1] if self._httpd else self._port

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def base_url(self, site: str) -> str:
        if site not in ALL_SITES:
            raise KeyError(site)
        return f"{self.url}/{site}"

    # ---- request log ---------------------------------------------------------------------------

    @property
    def requests(self) -> list[str]:
        """Paths (with query) of every request so far, in arrival order: a snapshot."""
        with self._lock:
            return [path for _, path in self._requests]

    def requests_for(self, site: str) -> list[str]:
        """The logged paths under ``/<site>/``: what a crawl of that site cost."""
        return [path for path in self.requests if path.startswith(f"/{site}/")]

    @property
    def hosts(self) -> set[str]:
        """Every Host header the requests came with (a crawler that strays shows up here)."""
        with self._lock:
            return {host for host, _ in self._requests}

    def clear_requests(self) -> None:
        with self._lock:
            self._requests.clear()

    def log(self, path: str, host: str = "") -> None:
        with self._lock:
            self._requests.append((host, path))

    # ---- content -------------------------------------------------------------------------------

    def state(self, site: str) -> SiteState:
        return self._states[site]

    def articles(self, site: str) -> list[MirrorArticle]:
        """This instance's articles of ``site``, newest first (catalog plus published)."""
        return [copy.deepcopy(a) for a in self._states[site].articles]

    def publish(self, site: str, count: int = 1) -> list[MirrorArticle]:
        """Add ``count`` new articles dated after everything on ``site``; this instance only."""
        with self._lock:
            state = self._states[site]
            taken = {a.title for s in self._states.values() for a in s.articles}
            latest = when(state.entries[0].article.published_at)
            step = timedelta(days=1) if site in DATE_ONLY else PUBLISH_STEP
            new = []
            for i in range(count):
                rng = random.Random(f"publish:{site}:{self._published[site] + i}")
                entry = synthesize(site, rng, latest + step * (i + 1), taken)
                taken.add(entry.article.title)
                new.append(entry)
            self._published[site] += count
            self._states[site] = state.with_new(new)
        return [copy.deepcopy(e.article) for e in new]

    def update(self, site: str, path: str, body: str | None = None, title: str | None = None) -> MirrorArticle:
        """Edit a published article (new text, ETag and Last-Modified, a day after the site's newest
        article); this instance only."""
        with self._lock:
            state = self._states[site]
            old = state.by_path[path]
            edited = when(state.entries[0].article.published_at) + timedelta(days=1)
            article = dataclasses.replace(old.article, body=body or old.article.body,
                                          title=title or old.article.title, updated_at=iso(edited))
            self._states[site] = state.with_replaced(Entry(article, old.layout))
        return copy.deepcopy(article)

    def inject_spam(self, site: str, hidden: bool = True) -> None:
        """From now on every article page of ``site`` carries gambling links in its body, as a hacked
        site serves them: in a display:none block (``hidden``) or as a visible paragraph after the
        text. HTML pages only (the REST API's content is left alone); this instance only."""
        with self._lock:
            self._spam[site] = hidden

    def relayout(self, site: str) -> None:
        """From now on ``site`` serves a new theme: every class name on its pages is another (the
        registry's selectors match nothing) and article links read /baca/<post id> (the entry's
        article pattern matches none); the old article paths still answer. This instance only."""
        with self._lock:
            self._relayouts.add(site)

    def respond(self, raw_path: str, host: str) -> Response:
        """The answer to GET ``raw_path``."""
        parts = urlsplit(raw_path)
        path, query = unquote(parts.path), parse_qs(parts.query, keep_blank_values=True)
        if path == "/robots.txt":
            return robots(host, ALL_SITES)
        if path == "/":
            return index()
        site, slash, rest = path[1:].partition("/")
        if site not in ALL_SITES:
            return plain_404()
        if not slash:
            return Response("", status=301, headers={"Location": f"http://{host}/{site}/"})
        if rest == "robots.txt":
            return robots(host, (site,))
        if site in self.api_off and rest.startswith("wp-json"):
            return rest_api_off()
        ctx = Ctx(self._states[site], host)
        path = tamper.article_path(ctx, "/" + rest) if site in self._relayouts else "/" + rest
        return self.tampered(ctx, path, ROUTES[site](ctx, path, query))

    def tampered(self, ctx: Ctx, path: str, response: Response) -> Response:
        """``response`` as the site's spam injection and new theme, if any, change it."""
        spam, relayout = self._spam.get(ctx.site), ctx.site in self._relayouts
        if (spam is None and not relayout) or not response.content_type.startswith("text/html"):
            return response
        html = response.body
        if spam is not None and path in ctx.state.by_path:
            html = tamper.with_spam(html, ctx.state.by_path[path].article, spam)
        if relayout:
            html = tamper.relayout(html, ctx)
        return dataclasses.replace(response, body=html)


def robots(host: str, sites) -> Response:
    """robots.txt: each platform's admin area off limits, sitemaps announced."""
    lines, maps = ["User-agent: *"], []
    for site in sites:
        disallow, allow, sitemap = ROBOTS[site]
        lines += [f"Disallow: /{site}{p}" for p in disallow] + [f"Allow: /{site}{p}" for p in allow]
        if sitemap:
            maps.append(f"Sitemap: http://{host}/{site}{sitemap}")
    return Response("\n".join(lines + [""] + maps) + "\n", content_type="text/plain; charset=utf-8")


def index() -> Response:
    links = "".join(f'<li><a href="/{s}/">{s}</a></li>' for s in ALL_SITES)
    return Response(f"<!DOCTYPE html><html lang=\"id\"><head><meta charset=\"utf-8\"><title>Humas mirror</title></head>"
                    f"<body><h1>Humas mirror</h1><ul>{links}</ul></body></html>")


def plain_404() -> Response:
    """What the front web server says about paths outside every site."""
    return Response("<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1>"
                    "</center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n", status=404)


def handler_for(mirror: MirrorServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def version_string(self) -> str:
            return "nginx"

        def do_GET(self) -> None:
            self.answer(send_body=True)

        def do_HEAD(self) -> None:
            self.answer(send_body=False)

        def do_POST(self) -> None:
            mirror.log(self.path, self.headers.get("Host") or "")
            self.send(Response("Method Not Allowed", status=405, content_type="text/plain; charset=utf-8",
                               headers={"Allow": "GET, HEAD"}), True)

        def answer(self, send_body: bool) -> None:
            host = self.headers.get("Host") or f"{mirror.host}:{mirror.port}"
            mirror.log(self.path, host)
            self.send(mirror.respond(self.path, host), send_body)

        def send(self, response: Response, send_body: bool) -> None:
            body = response.body.encode("utf-8") if isinstance(response.body, str) else response.body
            headers = dict(response.headers)
            if response.status == 200:
                headers["ETag"] = '"' + hashlib.sha1(body).hexdigest()[:20] + '"'
                if response.modified:
                    headers["Last-Modified"] = http_date(response.modified)
                if self.headers.get("If-None-Match") == headers["ETag"]:
                    response, body = Response(b"", status=304), b""
            self.send_response(response.status)
            if response.status != 304:
                headers["Content-Type"] = response.content_type
            headers["Content-Length"] = str(len(body))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            if send_body and body:
                self.wfile.write(body)

        def log_message(self, *args) -> None:  # the mirror prints nothing
            pass

    return Handler
