"""A forwarding proxy in front of the offline mirror, for crawl tests that need to see or bend
what the sites answer: it logs every path asked, can make some paths fail (a server having a bad
night), and records the most requests it was answering at once (politeness across workers)."""

from __future__ import annotations

import threading
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

FORWARDED_HEADERS = ("Content-Type", "ETag", "Last-Modified", "Location")
# What a site under maintenance answers for every page, with 200: no listing, no article.
MAINTENANCE_PAGE = ("<html><head><title>Sedang dalam perbaikan</title></head><body><h1>Situs sedang dalam "
                    "perbaikan</h1><p>Silakan kembali beberapa saat lagi.</p></body></html>").encode()


class MirrorProxy:
    """Forwards to ``upstream``, except that paths starting with one in ``failing`` answer
    ``status`` and those starting with one in ``in_maintenance`` the ``MAINTENANCE_PAGE``; ``log``
    lists the paths asked, ``most`` the highest number answered at once. While ``gate`` is
    cleared, requests wait (crawlers started one after the other then begin together)."""

    def __init__(self, upstream: str, status: int = 500):
        self.upstream, self.failing, self.log, self.status = upstream, set(), [], status
        self.in_maintenance = set()
        self.gate = threading.Event()
        self.gate.set()
        self.active = self.most = 0
        self.lock = threading.Lock()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                proxy.gate.wait()
                proxy.log.append(self.path)
                if any(self.path.startswith(path) for path in proxy.failing):
                    self.send_response(proxy.status)
                    self.end_headers()
                    return
                if any(self.path.startswith(path) for path in proxy.in_maintenance):
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html; charset=utf-8")
                    self.send_header("Content-Length", str(len(MAINTENANCE_PAGE)))
                    self.end_headers()
                    self.wfile.write(MAINTENANCE_PAGE)
                    return
                with proxy.lock:
                    proxy.active += 1
                    proxy.most = max(proxy.most, proxy.active)
                try:
                    with urllib.request.urlopen(proxy.upstream + self.path, timeout=10) as answer:
                        status, headers, body = answer.status, answer.headers, answer.read()
                except urllib.error.HTTPError as exc:
                    status, headers, body = exc.code, exc.headers, exc.read()
                finally:
                    with proxy.lock:  # before the answer leaves: the client may ask again at once
                        proxy.active -= 1
                self.send_response(status)
                for name in FORWARDED_HEADERS:
                    if headers.get(name):
                        self.send_header(name, headers[name])
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def close(self):
        self.server.shutdown()
        self.server.server_close()
