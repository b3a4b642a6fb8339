"""--fetch-images against a server of the test's own: what is fetched, what is refused, and why.

The server listens on 127.0.0.1, which the default rules refuse: each test fetches with ``LOOPBACK_ALLOWED``
(the default rules plus that one address), and the first checks that the default rules refuse the same server.
"""

from __future__ import annotations

import re
import socket
import time
from collections.abc import Iterator
from dataclasses import replace
from urllib.parse import quote

import pytest

from newsfmt.exporters.epub.fetching import FetchRules
from newsfmt.exporters.epub.images import ImageCollector
from tests.support.image_server import LOOPBACK_ALLOWED, PNG_1X1, ImageServer, serving

from .factory import site


@pytest.fixture
def server() -> Iterator[ImageServer]:
    with serving() as running:
        yield running


def fetch(url: str, rules: FetchRules = LOOPBACK_ALLOWED) -> tuple[bytes | None, list[str]]:
    """The bytes embedded for ``url`` (None when it is left as a link) and the warnings."""
    images = ImageCollector(site(None), fetch=rules)
    href = images.resolve(url)
    data = images.images[0].read() if href is not None else None
    return data, images.warnings


def test_the_test_server_is_reached_only_with_the_test_rules(server: ImageServer) -> None:
    assert fetch(server.url("/ok.png")) == (PNG_1X1, [])
    assert server.requests == ["/ok.png"]
    data, warnings = fetch(server.url("/ok.png"), FetchRules())
    assert data is None and warnings == [
        f"remote image {server.url('/ok.png')} left as a link: 127.0.0.1 is not a public address"
    ]
    assert server.requests == ["/ok.png"]  # the default rules never connected


def test_nothing_is_fetched_unless_asked(server: ImageServer) -> None:
    images = ImageCollector(site(None))
    assert images.resolve(server.url("/ok.png")) is None
    assert images.warnings == [] and server.requests == []


# Spellings of 127.0.0.1 that a lookup turns into that very address: with the test rules each reaches the server
# (so each really names it), with the default rules each is refused before any connection.
LOOPBACK_SPELLINGS = ["2130706433", "0177.0.0.1", "0x7f.1", "127.1", "0x7f000001", "017700000001", "127.0.0.1."]


@pytest.mark.parametrize("host", LOOPBACK_SPELLINGS)
def test_every_spelling_of_the_loopback_address_is_refused(server: ImageServer, host: str) -> None:
    url = server.with_port(host) + "/ok.png"
    assert fetch(url) == (PNG_1X1, [])
    data, [warning] = fetch(url, FetchRules())
    assert data is None and re.search(r"\b127\.0\.0\.1(, which)? is not a public address$", warning), warning
    assert server.requests == ["/ok.png"]


@pytest.mark.parametrize(
    ("host", "reason"),
    [
        ("[::1]", "::1 is not a public address"),
        ("[::ffff:127.0.0.1]", "::ffff:127.0.0.1 is not a public address"),
        ("[::ffff:7f00:1]", "::ffff:7f00:1 is not a public address"),
        ("[::127.0.0.1]", "::127.0.0.1 is not a public address"),
        ("[64:ff9b::127.0.0.1]", "64:ff9b::127.0.0.1 is not a public address"),
        ("[64:ff9b::10.0.0.1]", "64:ff9b::10.0.0.1 is not a public address"),
        ("[2002:7f00:1::]", "2002:7f00:1:: is not a public address"),
        ("[fe80::1]", "fe80::1 is not a public address"),
        ("[fec0::1]", "fec0::1 is not a public address"),
        ("[fc00::1]", "fc00::1 is not a public address"),
        ("[ff02::1]", "ff02::1 is not a public address"),
        ("[::]", ":: is not a public address"),
        ("0.0.0.0", "0.0.0.0 is not a public address"),
        ("0", "0 resolves to 0.0.0.0, which is not a public address"),
        ("10.1.2.3", "10.1.2.3 is not a public address"),
        ("0xa.1.2.3", "0xa.1.2.3 resolves to 10.1.2.3, which is not a public address"),
        ("172.16.0.1", "172.16.0.1 is not a public address"),
        ("192.168.1.1", "192.168.1.1 is not a public address"),
        ("100.64.0.1", "100.64.0.1 is not a public address"),
        ("169.254.169.254", "169.254.169.254 is not a public address"),
        ("224.0.0.1", "224.0.0.1 is not a public address"),
        ("240.0.0.1", "240.0.0.1 is not a public address"),
        ("255.255.255.255", "255.255.255.255 is not a public address"),
        # localhost resolves (through the hosts file) to loopback addresses, whichever comes first.
        ("ｌｏｃａｌｈｏｓｔ", "which is not a public address"),
        ("LocalHost.", "which is not a public address"),
    ],
)
def test_hosts_of_private_loopback_and_special_addresses_are_refused(host: str, reason: str) -> None:
    url = f"http://{host}:9/x.png"
    data, [warning] = fetch(url, FetchRules(deadline=2.0))
    assert data is None and warning.startswith(f"remote image {url} left as a link: ")
    assert warning.endswith(reason), warning


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.org/a.png",
        "file:///etc/passwd",
        "gopher://127.0.0.1:70/",
        "http://:80/a.png",
        "http://a..b/x.png",
        "http://[zz]/x.png",
        "https://127.0.0.1:99999/x.png",
    ],
)
def test_only_http_and_https_urls_with_a_valid_host_are_fetched(url: str) -> None:
    images = ImageCollector(site(None), fetch=LOOPBACK_ALLOWED)
    assert images.resolve(url) is None
    if url.startswith("http"):  # other schemes are never fetched, so not worth a warning
        assert len(images.warnings) == 1


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        ("http://10.0.0.1/x.png", "10.0.0.1 is not a public address"),
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is not a public address"),
        ("http://[::ffff:192.168.0.1]/x.png", "::ffff:192.168.0.1 is not a public address"),
        ("http://0x7f.2:{port}/ok.png", "0x7f.2 resolves to 127.0.0.2, which is not a public address"),
        ("file:///etc/passwd", "only http and https are fetched, not file"),
        ("ftp://example.org/x.png", "only http and https are fetched, not ftp"),
    ],
)
@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_each_redirect_is_checked_as_the_first_url_was(
    server: ImageServer, target: str, reason: str, status: int
) -> None:
    target = target.format(port=server.base.rsplit(":", 1)[1])
    data, [warning] = fetch(server.url(f"/redirect/?status={status}&to={quote(target, safe='')}"))
    assert data is None and warning.endswith(reason), warning
    assert len(server.requests) == 1  # the redirect only; its target never reached


def test_redirects_are_followed_a_few_times_only(server: ImageServer) -> None:
    assert fetch(server.url("/hops/3")) == (PNG_1X1, [])
    data, [warning] = fetch(server.url("/hops/4"))
    assert data is None and warning.endswith("more than 3 redirects")
    assert server.requests[-1] == "/hops/1"  # four answers read, the fifth URL never asked for


@pytest.mark.parametrize("path", ["/drip-body.png", "/drip-headers.png"])
def test_a_slow_drip_meets_the_deadline_of_the_whole_exchange(server: ImageServer, path: str) -> None:
    started = time.monotonic()
    data, [warning] = fetch(server.url(path), replace(LOOPBACK_ALLOWED, deadline=0.6))
    elapsed = time.monotonic() - started
    assert data is None and warning.endswith("took longer than 0.6 s"), warning
    assert 0.5 < elapsed < 4.0  # each byte came within 50 ms: a socket timeout alone would have waited 10 s and more


@pytest.mark.parametrize("path", ["/padded/5000.png", "/chunked/5000.png"])
def test_an_image_over_the_size_cap_is_refused(server: ImageServer, path: str) -> None:
    rules = replace(LOOPBACK_ALLOWED, max_bytes=1000)
    data, [warning] = fetch(server.url(path), rules)
    assert data is None and warning.endswith("larger than 1000 bytes")
    assert fetch(server.url("/padded/100.png"), rules)[0] == PNG_1X1 + b"\0" * 100


@pytest.mark.parametrize(
    ("size", "reason"),
    [
        ("16384x100", None),
        ("6000x6000", None),
        ("16385x1", "16385 × 1 pixels is larger than allowed (16384 a side, 40000000 in all)"),
        ("1x16385", "1 × 16385 pixels is larger than allowed (16384 a side, 40000000 in all)"),
        ("7000x7000", "7000 × 7000 pixels is larger than allowed (16384 a side, 40000000 in all)"),
        ("65535x65535", "65535 × 65535 pixels is larger than allowed (16384 a side, 40000000 in all)"),
        ("4294967295x1", "4294967295 × 1 pixels is larger than allowed (16384 a side, 40000000 in all)"),
        ("0x10", "its header declares no valid width and height"),
    ],
)
def test_image_dimensions_from_the_header_are_capped(server: ImageServer, size: str, reason: str | None) -> None:
    data, warnings = fetch(server.url(f"/declaring/{size}.png"))
    if reason is None:
        assert data is not None and warnings == []
    else:
        assert data is None and [warning.split(": ", 1)[1] for warning in warnings] == [reason]


def test_the_book_cap_leaves_later_images_out(server: ImageServer) -> None:
    rules = replace(LOOPBACK_ALLOWED, max_bytes=3000, max_book_bytes=5000)
    images = ImageCollector(site(None), fetch=rules)
    assert images.resolve(server.url("/padded/2000.png")) is not None
    assert images.resolve(server.url("/padded/2001.png")) is not None  # 4,140 bytes so far
    assert images.resolve(server.url("/padded/2002.png")) is None  # would pass 5,000
    assert images.resolve(server.url("/padded/10.png")) is not None  # a small one still fits
    assert images.resolve(server.url("/padded/800.png")) is None  # and then nothing does
    assert [len(image.read()) for image in images.images] == [2070, 2071, 80]
    assert images.warnings == [
        f"remote image {server.url('/padded/2002.png')} left as a link: "
        "the book's fetched images would pass their limit of 5000 bytes",
        f"remote image {server.url('/padded/800.png')} left as a link: "
        "the book's fetched images would pass their limit of 5000 bytes",
    ]


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/html.png", "the server says it is text/html, not an image"),
        ("/lies.png", "it is not a PNG, JPEG, GIF or WebP image"),
        ("/missing.png", "the server answered 404 Not Found"),
    ],
)
def test_answers_that_are_not_images_are_refused(server: ImageServer, path: str, reason: str) -> None:
    assert fetch(server.url(path)) == (None, [f"remote image {server.url(path)} left as a link: {reason}"])


@pytest.mark.parametrize("scheme", ["http", "https"])
def test_a_server_that_never_answers_meets_the_deadline(scheme: str) -> None:
    with socket.create_server(("127.0.0.1", 0)) as silent:  # accepts (the kernel's backlog) and says nothing
        url = f"{scheme}://127.0.0.1:{silent.getsockname()[1]}/x.png"
        started = time.monotonic()
        data, [warning] = fetch(url, replace(LOOPBACK_ALLOWED, deadline=0.5))
        assert data is None and warning.endswith("took longer than 0.5 s")
        assert time.monotonic() - started < 3.0


def test_a_closed_port_is_one_warning(server: ImageServer) -> None:
    data, [warning] = fetch("http://127.0.0.1:9/x.png")
    assert data is None and "cannot connect" in warning


def test_each_image_is_fetched_and_warned_about_once(server: ImageServer) -> None:
    images = ImageCollector(site(None), fetch=LOOPBACK_ALLOWED)
    for _ in range(3):
        images.resolve(server.url("/ok.png"))
        images.resolve(server.url("/missing.png"))
    assert server.requests == ["/ok.png", "/missing.png"] and len(images.warnings) == 1
