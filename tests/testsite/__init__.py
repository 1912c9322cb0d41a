"""A test site on 127.0.0.1, written by us, standing in for the public internet in tests.

It serves feeds, articles, near-duplicate copies, redirects (including a chain that ends on a
refused host), slow and dripping responses, 404/500, a 20 MB page, a gzip bomb, binary content
and malformed XML, and counts the requests each path received.
"""

from __future__ import annotations

import contextlib
import gzip
import threading
import time
from collections import Counter
from email.utils import formatdate
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from tests.testsite.content import RUSSIAN_TEXT, article_html, article_text, long_article_html

BIG_PAGE_BYTES = 20 * 1024 * 1024
BOMB_BYTES = 64 * 1024 * 1024
_bomb_cache: list[bytes] = []


def gzip_bomb() -> bytes:
    """~64 KB of gzip that inflates to 64 MB of spaces."""
    if not _bomb_cache:
        _bomb_cache.append(gzip.compress(b" " * BOMB_BYTES, compresslevel=9))
    return _bomb_cache[0]


class _Handler(BaseHTTPRequestHandler):
    server_version = "CounterclaimTestSite/1.0"
    protocol_version = "HTTP/1.0"

    def log_message(self, format, *args):  # keep test output quiet
        pass

    def _send(self, status: int, body: bytes = b"", content_type: str = "text/html; charset=utf-8", headers=None):
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)

    def do_GET(self):  # noqa: C901 - one flat routing table is easiest to read
        site: TestSite = self.server.site
        path = urlsplit(self.path).path
        site.hits[path] += 1
        if path in site.pages:
            status, body, content_type = site.pages[path]
            return self._send(status, body, content_type)
        if path.startswith("/articles/") and path.endswith(".html"):
            name = path.removeprefix("/articles/").removesuffix(".html")
            number, _, variant = name.partition("-")
            if not number.isdigit():
                return self._send(404, b"not found")
            return self._send(200, article_html(int(number), variant=variant).encode())
        if path.startswith("/long/") and path.endswith(".html"):
            number = path.removeprefix("/long/").removesuffix(".html")
            return self._send(200, long_article_html(int(number)).encode())
        if path.startswith("/text/") and path.endswith(".txt"):
            number = path.removeprefix("/text/").removesuffix(".txt")
            return self._send(200, article_text(int(number)).encode(), "text/plain; charset=utf-8")
        if path == "/feed.xml":
            return self._feed()
        if path == "/feed-malformed.xml":
            return self._send(
                200, b"<?xml version='1.0'?><rss><channel><title>Broken<item><link>", "application/rss+xml"
            )
        if path.startswith("/redirect/"):
            hops = int(path.removeprefix("/redirect/") or 0)
            target = f"/redirect/{hops - 1}" if hops > 1 else "/articles/1.html"
            return self._send(302, b"", headers={"Location": target})
        if path == "/redirect-to-metadata":
            return self._send(302, b"", headers={"Location": "http://169.254.169.254/latest/meta-data/"})
        if path == "/redirect-chain-refused":
            return self._send(302, b"", headers={"Location": "/redirect-to-private"})
        if path == "/redirect-to-private":
            return self._send(301, b"", headers={"Location": "http://10.0.0.7/internal"})
        if path == "/slow":
            time.sleep(site.slow_seconds)
            return self._send(200, article_html(1).encode())
        if path == "/drip":
            return self._drip()
        if path == "/500":
            return self._send(500, b"server error")
        if path == "/big.html":
            return self._big()
        if path == "/gzipped.html":
            return self._send(200, gzip.compress(article_html(2).encode()), headers={"Content-Encoding": "gzip"})
        if path == "/bomb.html":
            return self._send(200, gzip_bomb(), headers={"Content-Encoding": "gzip"})
        if path == "/image.png":
            return self._send(200, b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 64, "image/png")
        if path == "/binary.html":
            return self._send(200, b"\x00\x01\x02\x03" + bytes(range(256)) * 64)
        if path == "/russian.html":
            html = f"<html><body><article><p>{escape(RUSSIAN_TEXT)}</p><p>{escape(RUSSIAN_TEXT)}</p></article></body></html>"
            return self._send(200, html.encode())
        if path == "/empty.html":
            return self._send(200, b"<html><body><nav><a href='/'>Home</a></nav></body></html>")
        return self._send(404, b"not found")

    def _feed(self):
        site: TestSite = self.server.site
        etag = f'"feed-{site.feed_version}"'
        if self.headers.get("If-None-Match") == etag:
            return self._send(304, b"", content_type="", headers={"ETag": etag})
        base = f"http://127.0.0.1:{site.port}"
        items = "".join(
            f"<item><title>Report {n}</title><link>{base}/articles/{n}.html?utm_source=rss&amp;utm_medium=feed</link>"
            f"<pubDate>{formatdate(1693526400 + n * 3600, usegmt=True)}</pubDate></item>"
            for n in site.feed_items
        )
        body = (
            "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>Test Wire</title>"
            f"<link>{base}/</link><description>Test feed</description>{items}</channel></rss>"
        ).encode()
        return self._send(200, body, "application/rss+xml; charset=utf-8", headers={"ETag": etag})

    def _drip(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        try:
            for _ in range(200):  # bounded: stops by itself after ~20 s
                self.wfile.write(b"<p>.</p>")
                self.wfile.flush()
                time.sleep(0.1)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _big(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(BIG_PAGE_BYTES))
        self.end_headers()
        chunk = b"<p>" + b"filler " * 1000 + b"</p>\n"
        sent = 0
        try:
            while sent < BIG_PAGE_BYTES:
                part = chunk[: BIG_PAGE_BYTES - sent]
                self.wfile.write(part)
                sent += len(part)
        except (BrokenPipeError, ConnectionResetError):
            pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


class TestSite:
    __test__ = False  # not a test class, despite the name

    def __init__(self) -> None:
        self.hits: Counter[str] = Counter()
        self.pages: dict[str, tuple[int, bytes, str]] = {}
        self.feed_items: list[int] = [1, 2, 3]
        self.feed_version = 1
        self.slow_seconds = 3.0
        gzip_bomb()  # built once, before any request waits on it
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.site = self
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, name="testsite", daemon=True)

    def start(self) -> TestSite:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def add(self, path: str, body: bytes | str, content_type: str = "text/html; charset=utf-8", status: int = 200):
        self.pages[path] = (status, body.encode() if isinstance(body, str) else body, content_type)
