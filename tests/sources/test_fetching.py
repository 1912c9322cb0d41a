"""Safe fetching: address checks without connecting, and real fetches from the local test site."""

from __future__ import annotations

import ipaddress
import socket

import pytest

from sources import errors, fetching


@pytest.fixture
def no_connections(monkeypatch):
    """Fail the test if anything tries to open a socket to a non-loopback address."""
    real = socket.create_connection
    attempts = []

    def guarded(address, *args, **kwargs):
        attempts.append(address[0])
        if not ipaddress.ip_address(address[0]).is_loopback:
            raise AssertionError(f"a connection to {address[0]} was attempted")
        return real(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", guarded)
    return attempts


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "loopback"),
        ("127.8.9.10", "loopback"),
        ("10.1.2.3", "private"),
        ("172.16.5.4", "private"),
        ("192.168.1.1", "private"),
        ("169.254.169.254", "link-local"),
        ("100.64.0.1", "not a public"),
        ("0.0.0.0", "unspecified"),
        ("224.0.0.251", "multicast"),
        ("240.0.0.1", "reserved"),
        ("::1", "loopback"),
        ("::", "unspecified"),
        ("fe80::1", "link-local"),
        ("fc00::5", "private"),
        ("ff02::1", "multicast"),
        ("::ffff:127.0.0.1", "embeds IPv4 127.0.0.1"),
        ("::ffff:169.254.169.254", "embeds IPv4 169.254.169.254"),
        ("2002:7f00:1::", "embeds IPv4 127.0.0.1"),
        ("2002:a9fe:a9fe::1", "embeds IPv4 169.254.169.254"),
        ("64:ff9b::a9fe:a9fe", "embeds IPv4 169.254.169.254"),
        ("64:ff9b::10.0.0.1", "embeds IPv4 10.0.0.1"),
        ("2001:0:4136:e378:8000:63bf:f5ff:fffe", "embeds IPv4 10.0.0.1"),
        ("::10.0.0.1", "embeds IPv4 10.0.0.1"),
    ],
)
def test_non_public_addresses_are_refused_with_a_reason(address, reason):
    verdict = fetching.address_refusal(ipaddress.ip_address(address))
    assert verdict is not None and reason in verdict


@pytest.mark.parametrize(
    "address", ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946", "::ffff:93.184.216.34", "64:ff9b::5db8:d822"]
)
def test_public_addresses_pass_the_check(address):
    assert fetching.address_refusal(ipaddress.ip_address(address)) is None


def test_teredo_addresses_are_refused_even_with_public_endpoints():
    # Teredo tunnels traffic through a relay; the endpoint we would reach is not the one we checked.
    teredo = ipaddress.ip_address("2001:0:5db8:d822:0:a247:a247:5dd7")
    assert "Teredo" in fetching.address_refusal(teredo)


@pytest.mark.parametrize(
    ("resolved", "expected"),
    [
        (["169.254.169.254"], "link-local"),
        (["10.0.0.5"], "private"),
        (["93.184.216.34", "192.168.0.10"], "private"),
        (["::ffff:10.0.0.5"], "embeds IPv4 10.0.0.5"),
        (["fd00::1"], "private"),
    ],
)
def test_hosts_resolving_to_internal_addresses_are_refused_before_any_connection(
    monkeypatch, no_connections, resolved, expected
):
    monkeypatch.setattr(fetching, "resolve", lambda host, port: resolved)
    with pytest.raises(errors.FetchRefused, match=expected):
        fetching.fetch("https://news.example.com/story")
    assert no_connections == []


def test_public_host_passes_the_check_with_the_addresses_it_resolved_to(monkeypatch):
    monkeypatch.setattr(fetching, "resolve", lambda host, port: ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"])
    target = fetching.url_check("https://news.example.com/a/b?x=1")
    assert target.host == "news.example.com"
    assert target.port == 443
    assert target.path == "/a/b?x=1"
    assert target.addresses == ("93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946")


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.com/file",
        "file:///etc/passwd",
        "gopher://example.com/",
        "javascript:alert(1)",
        "//example.com/no-scheme",
        "http://user:secret@example.com/",
        "http:///no-host",
        "http://example.com:99999/",
    ],
)
def test_urls_that_are_not_plain_http_are_refused(no_connections, url):
    with pytest.raises(errors.FetchRefused):
        fetching.url_check(url)
    assert no_connections == []


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "2130706433", "0x7f000001", "127.1", "[::1]"])
def test_loopback_in_any_spelling_is_refused_when_not_allowed(site, settings, host):
    settings.FETCH_ALLOWED_PRIVATE_HOSTS = []
    with pytest.raises(errors.FetchRefused, match="loopback"):
        fetching.fetch(f"http://{host}:{site.port}/articles/1.html")
    assert sum(site.hits.values()) == 0


def test_allowed_test_site_serves_an_article(site):
    result = fetching.fetch(site.url("/articles/1.html"))
    assert result.status == 200
    assert result.content_type == "text/html"
    assert result.charset == "utf-8"
    assert b"test-site dispatch number 1" in result.body


def test_gzip_responses_are_decoded(site):
    result = fetching.fetch(site.url("/gzipped.html"))
    assert b"test-site dispatch number 2" in result.body


def test_up_to_the_redirect_limit_is_followed(site):
    result = fetching.fetch(site.url("/redirect/3"))
    assert result.url.endswith("/articles/1.html")
    assert len(result.redirects) == 3


def test_one_redirect_too_many_is_refused(site):
    with pytest.raises(errors.FetchTooManyRedirects):
        fetching.fetch(site.url("/redirect/4"))


def test_redirect_to_the_metadata_address_is_refused_without_connecting(site, no_connections):
    with pytest.raises(errors.FetchRefused, match="169.254.169.254"):
        fetching.fetch(site.url("/redirect-to-metadata"))
    assert set(no_connections) == {"127.0.0.1"}


def test_redirect_chain_ending_on_a_private_host_is_refused(site, no_connections):
    with pytest.raises(errors.FetchRefused, match="10.0.0.7"):
        fetching.fetch(site.url("/redirect-chain-refused"))
    assert set(no_connections) == {"127.0.0.1"}
    assert site.hits["/redirect-to-private"] == 1


@pytest.mark.parametrize(
    ("path", "error", "match", "transient"),
    [
        pytest.param(
            "/slow", errors.FetchTransient, "did not answer", True, id="a-server-slower-than-the-read-timeout"
        ),
        pytest.param(
            "/drip", errors.FetchTransient, "deadline", True, id="a-server-dripping-bytes-is-cut-off-at-the-deadline"
        ),
        pytest.param("/missing", errors.FetchHTTPError, "404", False, id="not-found-is-a-permanent-error"),
        pytest.param("/500", errors.FetchServerError, "500", True, id="server-error-is-transient"),
        pytest.param("/big.html", errors.FetchTooLarge, None, False, id="a-20-megabyte-page-is-refused"),
        pytest.param(
            "/bomb.html",
            errors.FetchTooLarge,
            "2,097,152",
            False,
            id="a-gzip-bomb-stops-at-the-cap-after-decompression",
        ),
        pytest.param("/image.png", errors.FetchContentType, "image/png", False, id="binary-content-types-are-refused"),
    ],
)
def test_a_fetch_that_fails_says_why_and_whether_to_retry(site, path, error, match, transient):
    with pytest.raises(error, match=match) as caught:
        fetching.fetch(site.url(path))
    assert isinstance(caught.value, errors.TransientError) is transient
