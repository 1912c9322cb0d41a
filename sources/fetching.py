"""Fetching URLs that users and feeds supply, without becoming a proxy into our own network.

Every hop (the first URL and each redirect) is checked the same way: http/https only, the host
resolved here and every address it resolves to judged; then the connection goes to one of the
addresses we judged — never back through DNS — so a name cannot resolve to a public address for
the check and to 127.0.0.1 for the connection. TLS still verifies the certificate against the
host name. One deadline covers the whole exchange (name resolution, connect, TLS handshake,
request, status line, headers, body, and every redirect hop), besides a connect timeout and a
read timeout per read: every read and write goes through a socket that re-arms its timeout from
the time left, so a server dribbling a byte at a time cannot stretch a fetch past it. Bodies are
counted after decompression, so a small gzip bomb stops at the cap.
"""

from __future__ import annotations

import http.client
import io
import ipaddress
import socket
import ssl
import threading
import time
import zlib
from dataclasses import dataclass, field
from email.message import Message
from urllib.parse import urljoin, urlsplit

from django.conf import settings

from sources.errors import (
    FetchContentType,
    FetchError,
    FetchHTTPError,
    FetchRefused,
    FetchServerError,
    FetchTooLarge,
    FetchTooManyRedirects,
    FetchTransient,
)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

ARTICLE_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/xml",
        "text/xml",
        # Many feeds are served with a generic type; feedparser decides whether it is a feed.
        "text/html",
        "text/plain",
        "application/octet-stream",
    }
)
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
CHUNK = 64 * 1024

# IPv6 ranges that carry an IPv4 address inside them; the IPv4 address is what gets reached.
_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
_IPV4_COMPATIBLE = ipaddress.ip_network("::/96")


@dataclass(frozen=True)
class Target:
    """A URL whose every resolved address passed the check."""

    url: str
    scheme: str
    host: str
    port: int
    path: str
    addresses: tuple[str, ...]


@dataclass
class FetchResult:
    url: str
    status: int
    content_type: str = ""
    charset: str | None = None
    body: bytes = b""
    etag: str = ""
    last_modified: str = ""
    redirects: list[str] = field(default_factory=list)

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 address stands for (mapped, 6to4, Teredo, NAT64, compatible)."""
    found: list[ipaddress.IPv4Address] = []
    if ip.ipv4_mapped is not None:
        found.append(ip.ipv4_mapped)
    if ip.sixtofour is not None:
        found.append(ip.sixtofour)
    if ip.teredo is not None:
        found.extend(ip.teredo)
    if any(ip in net for net in _NAT64):
        found.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    if ip in _IPV4_COMPATIBLE and int(ip) > 1:
        found.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    return found


def address_refusal(ip: IPAddress) -> str | None:
    """Why we will not connect to `ip`, or None when it is a public unicast address."""
    if isinstance(ip, ipaddress.IPv6Address):
        inner = embedded_ipv4(ip)
        if inner:
            # Python 3.11 calls several of these ranges global; what matters is the IPv4 inside.
            for v4 in inner:
                reason = address_refusal(v4)
                if reason:
                    return f"{ip} embeds IPv4 {v4}, {reason}"
            if ip.teredo is not None:
                return f"{ip} is a Teredo tunnel address"
            return None
        if ip.is_site_local:
            return "a site-local address"
    checks = (
        ("is_unspecified", "an unspecified address"),
        ("is_loopback", "a loopback address"),
        ("is_link_local", "a link-local address (cloud metadata lives there)"),
        ("is_multicast", "a multicast address"),
        ("is_reserved", "a reserved address"),
        ("is_private", "a private address"),
    )
    for attribute, reason in checks:
        if getattr(ip, attribute):
            return reason
    if not ip.is_global:
        return "not a public address"
    return None


def _allowed(host: str, ip: IPAddress, allowed: list[str]) -> bool:
    for entry in allowed:
        entry = entry.strip().lower().strip("[]")
        if not entry:
            continue
        if entry == host:
            return True
        try:
            if ip in ipaddress.ip_network(entry, strict=False):
                return True
        except ValueError:
            continue
    return False


def resolve(host: str, port: int) -> list[str]:
    """All addresses `host` resolves to, in the resolver's order (tests replace this)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchRefused(f"the host {host!r} could not be resolved ({exc})") from None
    seen: list[str] = []
    for _family, _type, _proto, _canon, sockaddr in infos:
        address = sockaddr[0].split("%", 1)[0]
        if address not in seen:
            seen.append(address)
    return seen


def _resolve_within(host: str, port: int, deadline: _Deadline) -> list[str]:
    """`resolve`, given only what is left of the fetch's deadline.

    getaddrinfo takes no timeout and cannot be interrupted, so it runs in a daemon thread that the
    fetch stops waiting for once the deadline has passed (the thread ends when the resolver gives up).
    """
    outcome: dict[str, object] = {}

    def work() -> None:
        try:
            outcome["addresses"] = resolve(host, port)
        except Exception as exc:  # handed to the fetching thread below
            outcome["error"] = exc

    thread = threading.Thread(target=work, name=f"resolve {host}", daemon=True)
    thread.start()
    thread.join(deadline.left())
    if thread.is_alive():
        deadline.left()  # the deadline's own error
        raise FetchTransient(f"resolving {host} took longer than the {deadline.seconds:g}-second deadline")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["addresses"]


def url_check(url: str, *, allowed_hosts: list[str] | None = None, deadline: _Deadline | None = None) -> Target:
    """Parse, resolve and judge `url`; raise FetchRefused with the reason when it is unsafe.

    With `deadline`, name resolution counts against it like the rest of the fetch."""
    if allowed_hosts is None:
        allowed_hosts = list(settings.FETCH_ALLOWED_PRIVATE_HOSTS)
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise FetchRefused(f"not a valid URL: {exc}") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchRefused(f"only http and https URLs can be fetched, not {scheme or 'a URL without a scheme'!r}")
    if parts.username is not None or parts.password is not None:
        raise FetchRefused("URLs with a user name or password are not fetched")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise FetchRefused("the URL has no host")
    try:
        ascii_host = host.encode("idna").decode("ascii") if not host.isascii() else host
    except UnicodeError:
        raise FetchRefused(f"the host {host!r} is not a valid domain name") from None
    port = port or (443 if scheme == "https" else 80)
    addresses = resolve(ascii_host, port) if deadline is None else _resolve_within(ascii_host, port, deadline)
    if not addresses:
        raise FetchRefused(f"the host {host!r} resolves to no address")
    for address in addresses:
        ip = ipaddress.ip_address(address)
        reason = address_refusal(ip)
        if reason and not _allowed(ascii_host.lower(), ip, allowed_hosts):
            raise FetchRefused(f"refusing {host}: it resolves to {ip}, {reason}")
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return Target(
        url=url, scheme=scheme, host=ascii_host, port=port, path=path.replace(" ", "%20"), addresses=tuple(addresses)
    )


class _Deadline:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def left(self) -> float:
        remaining = self.end - time.monotonic()
        if remaining <= 0:
            raise FetchTransient(f"the fetch took longer than the {self.seconds:g}-second deadline")
        return remaining

    def timeout(self, seconds: float) -> float:
        """`seconds`, or less when the deadline comes first (raises once it has passed)."""
        return min(seconds, self.left())


class _DeadlineSocket:
    """A connected socket whose every read and write is bounded by the read timeout and the deadline.

    http.client reads the status line and headers through a buffered file, one socket read at a
    time; re-arming the timeout before each read is what makes the deadline hold there too.
    """

    def __init__(self, sock: socket.socket, deadline: _Deadline, read_timeout: float) -> None:
        self._sock = sock
        self._deadline = deadline
        self._read_timeout = read_timeout
        self._files = 0
        self._closed = False

    def _bounded(self, operation, *args):
        self._sock.settimeout(self._deadline.timeout(self._read_timeout))
        try:
            return operation(*args)
        except TimeoutError:
            self._deadline.left()  # the deadline's own error when that is what ran out
            raise

    def recv_into(self, *args):
        return self._bounded(self._sock.recv_into, *args)

    def recv(self, *args):
        return self._bounded(self._sock.recv, *args)

    def sendall(self, *args):
        return self._bounded(self._sock.sendall, *args)

    def makefile(self, mode: str = "rb", *args, **kwargs) -> io.BufferedReader:
        # http.client reads the response through this file: it must read through the wrapper.
        self._files += 1
        return io.BufferedReader(socket.SocketIO(self, "rb"))

    # Like socket.socket: http.client closes the connection as soon as a "Connection: close"
    # response starts, and the socket must stay open until the response's file is closed too.
    def _decref_socketios(self) -> None:
        self._files -= 1
        if self._closed and self._files <= 0:
            self._sock.close()

    def close(self) -> None:
        self._closed = True
        if self._files <= 0:
            self._sock.close()

    def release(self) -> None:
        """Close the socket now, whatever still holds a file on it: the fetch is over."""
        self._sock.close()


def _connect(target: Target, deadline: _Deadline) -> http.client.HTTPConnection:
    last_error: Exception | None = None
    for address in target.addresses:
        try:
            sock = socket.create_connection(
                (address, target.port), timeout=deadline.timeout(settings.FETCH_CONNECT_TIMEOUT)
            )
        except OSError as exc:
            last_error = exc
            continue
        if target.scheme == "https":
            context = ssl.create_default_context()
            # The whole handshake runs under one socket timeout: give it what the deadline leaves.
            sock.settimeout(deadline.timeout(settings.FETCH_CONNECT_TIMEOUT))
            try:
                sock = context.wrap_socket(sock, server_hostname=target.host)
            except TimeoutError:
                sock.close()
                deadline.left()
                raise FetchTransient(f"the TLS handshake with {target.host} timed out") from None
            except (ssl.SSLError, OSError) as exc:
                sock.close()
                raise FetchError(f"TLS handshake with {target.host} failed: {exc}") from None
            conn: http.client.HTTPConnection = http.client.HTTPSConnection(target.host, target.port, context=context)
        else:
            conn = http.client.HTTPConnection(target.host, target.port)
        # The socket is already connected to the checked address; http.client only sends on it.
        # http.client drops conn.sock once a "Connection: close" response starts; the reference
        # kept in checked_sock is what gets closed at the end.
        conn.sock = conn.checked_sock = _DeadlineSocket(sock, deadline, settings.FETCH_READ_TIMEOUT)
        return conn
    raise FetchTransient(f"could not connect to {target.host}:{target.port} ({last_error})")


def _decoder(encoding: str):
    encoding = encoding.strip().lower()
    if encoding in ("", "identity"):
        return None
    if encoding in ("gzip", "x-gzip"):
        return zlib.decompressobj(16 + zlib.MAX_WBITS)
    if encoding == "deflate":
        return zlib.decompressobj()
    raise FetchError(f"the server sent an unsupported content encoding {encoding!r}")


def _read_body(response, *, max_bytes: int) -> bytes:
    decoder = _decoder(response.getheader("Content-Encoding", ""))
    chunks: list[bytes] = []
    total = 0
    too_large = FetchTooLarge(f"the response is larger than the {max_bytes:,}-byte limit")
    while True:
        try:
            chunk = response.read1(CHUNK)
        except TimeoutError:
            raise FetchTransient(f"the server sent nothing for {settings.FETCH_READ_TIMEOUT:g} seconds") from None
        except (http.client.HTTPException, OSError) as exc:
            raise FetchTransient(f"the connection broke while reading: {exc or type(exc).__name__}") from None
        if not chunk:
            break
        if decoder is None:
            data = chunk
            total += len(data)
            if total > max_bytes:
                raise too_large
            chunks.append(data)
            continue
        pending = chunk
        while pending:
            try:
                data = decoder.decompress(pending, max_bytes - total + 1)
            except zlib.error as exc:
                raise FetchError(f"the compressed response is corrupt: {exc}") from None
            total += len(data)
            if total > max_bytes:
                raise too_large
            chunks.append(data)
            pending = decoder.unconsumed_tail
    if decoder is not None:
        tail = decoder.flush()
        total += len(tail)
        if total > max_bytes:
            raise too_large
        chunks.append(tail)
    return b"".join(chunks)


def _content_type(response) -> tuple[str, str | None]:
    raw = response.getheader("Content-Type", "")
    if not raw:
        return "", None
    message = Message()
    message["content-type"] = raw
    return message.get_content_type().lower(), message.get_param("charset")


def fetch(
    url: str,
    *,
    accept: frozenset[str] = ARTICLE_TYPES,
    headers: dict[str, str] | None = None,
    max_bytes: int | None = None,
) -> FetchResult:
    """GET `url` safely and return its decoded body; raise a FetchError subclass on any refusal."""
    max_bytes = max_bytes or settings.FETCH_MAX_BYTES
    deadline = _Deadline(settings.FETCH_DEADLINE)
    redirects: list[str] = []
    current = url
    for _hop in range(settings.FETCH_MAX_REDIRECTS + 1):
        target = url_check(current, deadline=deadline)
        conn = _connect(target, deadline)
        try:
            request_headers = {
                "User-Agent": settings.FETCH_USER_AGENT,
                "Accept": ", ".join(sorted(accept)) + ", */*;q=0.1",
                "Accept-Encoding": "gzip, deflate",
                "Connection": "close",
                **(headers or {}),
            }
            try:
                conn.request("GET", target.path, headers=request_headers)
                response = conn.getresponse()
            except TimeoutError:
                raise FetchTransient(
                    f"{target.host} did not answer within {settings.FETCH_READ_TIMEOUT:g} seconds"
                ) from None
            except (http.client.HTTPException, OSError) as exc:
                raise FetchTransient(f"{target.host} broke the connection: {exc or type(exc).__name__}") from None
            status = response.status
            if status in REDIRECT_STATUSES:
                location = response.getheader("Location")
                if not location:
                    raise FetchError(f"HTTP {status} redirect without a Location header")
                current = urljoin(current, location.strip())
                redirects.append(current)
                continue
            if status == 304:
                return FetchResult(url=current, status=status, redirects=redirects)
            if status == 429 or status >= 500:
                raise FetchServerError(status, response.reason)
            if status >= 400 or status < 200:
                raise FetchHTTPError(status, response.reason)
            content_type, charset = _content_type(response)
            if content_type not in accept:
                shown = content_type or "none given"
                raise FetchContentType(f"the content type {shown!r} is not one we read")
            length = response.getheader("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes and not response.getheader("Content-Encoding"):
                raise FetchTooLarge(f"the response is {int(length):,} bytes, over the {max_bytes:,}-byte limit")
            body = _read_body(response, max_bytes=max_bytes)
            return FetchResult(
                url=current,
                status=status,
                content_type=content_type,
                charset=charset,
                body=body,
                etag=response.getheader("ETag", "") or "",
                last_modified=response.getheader("Last-Modified", "") or "",
                redirects=redirects,
            )
        finally:
            conn.close()
            conn.checked_sock.release()
    raise FetchTooManyRedirects(f"more than {settings.FETCH_MAX_REDIRECTS} redirects")
