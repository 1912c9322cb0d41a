"""Name resolution counts against the fetch deadline (issue 16: the deadline covers the whole exchange).

getaddrinfo has no timeout of its own: a resolver that hangs used to hold a fetch for as long as it
hung. Here the system resolver is replaced by one that stalls for the names the test picks, so no
query leaves the machine; the only connection made is to a small server on 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import http.server
import ipaddress
import socket
import threading
import time
from collections.abc import Iterator

import pytest

from sources import fetching
from sources.errors import FetchTransient

DEADLINE = 1.5
STALL = 20.0  # far past the deadline; the stalled resolver is released when the test ends
SLOW_HOST = "slow-dns.example.invalid"


@pytest.fixture
def stalling_resolver(monkeypatch, settings) -> Iterator[list[str]]:
    """getaddrinfo stalls for SLOW_HOST and answers at once for IP literals; the names asked are listed."""
    settings.FETCH_ALLOWED_PRIVATE_HOSTS = ["127.0.0.1"]
    settings.FETCH_CONNECT_TIMEOUT = 1.0
    settings.FETCH_READ_TIMEOUT = 1.0
    settings.FETCH_DEADLINE = DEADLINE
    real = socket.getaddrinfo
    release = threading.Event()
    asked: list[str] = []

    def getaddrinfo(host, port, *args, **kwargs):
        asked.append(host)
        with contextlib.suppress(ValueError):
            ipaddress.ip_address(host)
            return real(host, port, *args, **kwargs)
        release.wait(STALL)
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    yield asked
    release.set()


@pytest.fixture
def connections(monkeypatch) -> list[str]:
    """The addresses connected to; anything but loopback fails the test."""
    real = socket.create_connection
    made: list[str] = []

    def guarded(address, *args, **kwargs):
        made.append(address[0])
        assert ipaddress.ip_address(address[0]).is_loopback, f"a connection to {address[0]} was attempted"
        return real(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", guarded)
    return made


def _fetch_timed(url: str) -> tuple[FetchTransient, float]:
    began = time.monotonic()
    with pytest.raises(FetchTransient) as caught:
        fetching.fetch(url)
    return caught.value, time.monotonic() - began


def test_a_resolver_that_hangs_is_cut_off_at_the_deadline(stalling_resolver, connections):
    error, elapsed = _fetch_timed(f"https://{SLOW_HOST}/story")
    assert "deadline" in str(error)
    assert DEADLINE - 0.1 < elapsed < DEADLINE + 0.5, f"stopped after {elapsed:.2f}s"
    assert stalling_resolver == [SLOW_HOST] and connections == []


@contextlib.contextmanager
def _redirecting_to(location: str, *, after: float) -> Iterator[str]:
    """A server on 127.0.0.1 that answers every GET, `after` seconds late, with a redirect to `location`."""

    class Redirect(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the name http.server calls
            time.sleep(after)
            self.send_response(302)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Redirect)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/first"
    finally:
        server.shutdown()
        server.server_close()


def test_resolving_a_redirect_target_gets_only_what_the_first_hop_left(stalling_resolver, connections):
    with _redirecting_to(f"http://{SLOW_HOST}/next", after=0.6) as url:
        error, elapsed = _fetch_timed(url)
    assert "deadline" in str(error)
    assert elapsed < DEADLINE + 0.5, f"stopped after {elapsed:.2f}s"
    # The first hop was resolved (and connected to) at once; the stall came on the second.
    assert stalling_resolver[-1] == SLOW_HOST and set(stalling_resolver) == {"127.0.0.1", SLOW_HOST}
    assert set(connections) == {"127.0.0.1"}


def test_a_resolver_error_within_the_deadline_is_still_a_refusal(monkeypatch, settings):
    settings.FETCH_DEADLINE = DEADLINE

    def unknown(host, port, *args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", unknown)
    with pytest.raises(fetching.FetchRefused, match="could not be resolved"):
        fetching.fetch(f"https://{SLOW_HOST}/story")
