"""The fetch deadline covers the whole exchange, not only the body (issue 16).

A server that sends its status line or its headers a byte at a time, each byte well inside the
read timeout, used to hold a fetch for as long as it liked (probes ran 120 s against a 30 s
deadline). A small server on 127.0.0.1 plays that server here, with a short deadline.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator

import pytest

from sources import fetching
from sources.errors import FetchTransient

DEADLINE = 1.5
READ_TIMEOUT = 1.0
# The dribbling server gives up by itself after this long, so a failing test still ends.
SERVER_LIMIT = 12.0


class Dribbler:
    """Accepts connections and answers each with `response`, one byte every `interval` seconds."""

    def __init__(self, response: bytes, *, interval: float = 0.1, silent_for: float = 0.0) -> None:
        self.response, self.interval, self.silent_for = response, interval, silent_for
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def _serve(self) -> None:
        self.listener.settimeout(0.2)
        while not self.stopped.is_set():
            try:
                conn, _ = self.listener.accept()
            except TimeoutError:
                continue
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn: socket.socket) -> None:
        began = time.monotonic()
        with conn, contextlib.suppress(OSError):
            conn.recv(65536)  # the request
            time.sleep(self.silent_for)
            for byte in self.response:
                if self.stopped.is_set() or time.monotonic() - began > SERVER_LIMIT:
                    return
                conn.sendall(bytes([byte]))
                time.sleep(self.interval)


@contextlib.contextmanager
def dribbling(response: bytes, **kwargs) -> Iterator[Dribbler]:
    server = Dribbler(response, **kwargs)
    server.thread.start()
    try:
        yield server
    finally:
        server.stopped.set()
        server.thread.join()
        server.listener.close()


@pytest.fixture
def short_deadline(settings):
    settings.FETCH_ALLOWED_PRIVATE_HOSTS = ["127.0.0.1"]
    settings.FETCH_CONNECT_TIMEOUT = 1.0
    settings.FETCH_READ_TIMEOUT = READ_TIMEOUT
    settings.FETCH_DEADLINE = DEADLINE
    settings.FETCH_MAX_REDIRECTS = 3


def _fetch_timed(url: str) -> tuple[Exception, float]:
    began = time.monotonic()
    with pytest.raises(FetchTransient) as caught:
        fetching.fetch(url)
    return caught.value, time.monotonic() - began


# Enough bytes that dribbling them at 0.1 s each takes far longer than the deadline.
SLOW_STATUS = b"HTTP/1.1 200 OK but the reason phrase goes on and on and on and on and on and on\r\n"
SLOW_HEADERS = b"HTTP/1.1 200 OK\r\n" + b"".join(b"X-Pad-%d: %s\r\n" % (n, b"y" * 20) for n in range(20))


@pytest.mark.parametrize("response", [SLOW_STATUS, SLOW_HEADERS], ids=["status line", "headers"])
def test_a_dribbled_response_head_is_cut_off_at_the_deadline(short_deadline, response):
    with dribbling(response) as server:
        error, elapsed = _fetch_timed(server.url())
    print(f"dribbled {len(response)} bytes: stopped after {elapsed:.2f}s against a {DEADLINE:g}s deadline")
    assert "deadline" in str(error)
    assert elapsed < DEADLINE + 0.5


def test_a_silent_server_is_still_a_read_timeout(short_deadline):
    with dribbling(b"HTTP/1.1 200 OK\r\n\r\n", silent_for=3.0) as server:
        error, elapsed = _fetch_timed(server.url())
    assert "did not answer within" in str(error)
    assert elapsed < DEADLINE


def test_the_deadline_spans_every_redirect_hop(short_deadline):
    # Each hop answers in about 0.7 s, inside the read timeout; three hops together are not.
    with dribbling(b"", interval=0) as target:
        redirect = b"HTTP/1.1 302 Found\r\nLocation: " + target.url("/next").encode() + b"\r\n\r\n"
        target.response = redirect
        with dribbling(b"", interval=0) as first:
            first.response = redirect
            first.silent_for = target.silent_for = 0.7
            error, elapsed = _fetch_timed(first.url())
    assert "deadline" in str(error)
    assert elapsed < DEADLINE + 0.5
