"""Fetching one remote image for a book (``--fetch-images``), within the limits of :class:`FetchRules`.

The URL comes from a post, and posts are untrusted: only http and https, only to public addresses (checked on
the addresses the host resolves to, and connected to as checked), redirects followed here, each one checked the
same way, one deadline for the whole exchange, and a cap on the bytes read.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import quote, urljoin, urlsplit

from .addresses import AddressPolicy, FetchRefusedError, IPAddress, canonical_host, is_public_address, resolve_checked

__all__ = ["Deadline", "FetchRefusedError", "FetchRules", "Target", "TooLargeError", "fetch_image"]

_PATH_SAFE = "/%?=&;:@!$'()*+,~-._"
"""What stays as it is in a request path: a post's non-ASCII or space becomes %XX, a %XX already there stays."""


class TooLargeError(FetchRefusedError):
    """An image larger than the bytes it was allowed."""


@dataclass(frozen=True, slots=True)
class FetchRules:
    """The limits of fetching remote images into a book.

    The defaults are what ``--fetch-images`` uses. ``address_allowed`` decides which resolved addresses may be
    connected to; the default, :func:`is_public_address`, refuses loopback, private, link-local, multicast and
    reserved addresses. Only a test of a server of its own on 127.0.0.1 should pass another.
    """

    deadline: float = 10.0
    """Seconds for one image, from the name lookup to the last byte, redirects included."""
    max_bytes: int = 5 * 1024 * 1024
    """Largest image, in bytes."""
    max_book_bytes: int = 50 * 1024 * 1024
    """Largest total of the images fetched for one book, in bytes; later images are left out."""
    max_side: int = 16_384
    """Widest and tallest image, in pixels (as its header declares)."""
    max_pixels: int = 40_000_000
    """Largest width × height, in pixels."""
    max_redirects: int = 3
    """Redirects followed for one image."""
    address_allowed: AddressPolicy = is_public_address
    """Whether an address may be connected to."""


class Deadline:
    """A moment after which a fetch gives up; each step asks how long it has left."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._end = time.monotonic() + seconds

    def left(self) -> float:
        """Seconds left; raises :class:`FetchRefusedError` when none is."""
        left = self._end - time.monotonic()
        if left <= 0:
            raise self.passed()
        return left

    def passed(self) -> FetchRefusedError:
        """The refusal of a fetch that ran out of time."""
        return FetchRefusedError(f"took longer than {self.seconds:g} s")


@dataclass(frozen=True, slots=True)
class Target:
    """Where one request goes: the checked address to connect to, and the name to send and to verify TLS for."""

    scheme: str
    host: str
    port: int
    address: IPAddress
    path: str


def fetch_image(url: str, rules: FetchRules, *, max_bytes: int) -> bytes:
    """The body of ``url``, an image of at most ``max_bytes`` bytes, fetched by ``rules``.

    Raises :class:`FetchRefusedError` saying why when the URL or any redirect is not http(s) to a public address,
    the server does not answer 200 with an ``image/…`` type, the body is larger, or the deadline passes.
    """
    from .pinned_http import get  # http.client and ssl: only for books that fetch images

    deadline = Deadline(rules.deadline)
    for _ in range(rules.max_redirects + 1):
        answer = get(_target(url, rules, deadline), deadline, max_bytes=max_bytes)
        if isinstance(answer, bytes):
            return answer
        url = urljoin(url, answer.location)
    raise FetchRefusedError(f"more than {rules.max_redirects} redirects")


def _target(url: str, rules: FetchRules, deadline: Deadline) -> Target:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise FetchRefusedError(f"{url} is not a valid URL") from None
    if parts.scheme not in ("http", "https"):
        raise FetchRefusedError(f"only http and https are fetched, not {parts.scheme or 'a relative URL'}")
    if not parts.hostname:
        raise FetchRefusedError(f"{url} names no host")
    host = canonical_host(parts.hostname)
    port = port or (443 if parts.scheme == "https" else 80)
    address = resolve_checked(host, port, allowed=rules.address_allowed, timeout=deadline.left())
    path = quote(parts.path or "/", safe=_PATH_SAFE)
    if parts.query:
        path += "?" + quote(parts.query, safe=_PATH_SAFE)
    return Target(parts.scheme, host, port, address, path)
