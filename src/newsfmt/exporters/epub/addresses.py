"""Which hosts a fetched image may come from: the URL's host, spelled any way, resolved once, every address checked.

A post names the image, so a post must not be able to make the build reach the machine it runs on or its
network (a cloud metadata service, a router's admin page, a database on localhost). The check is on the
addresses a name resolves to, not on how the name is written, so that ``2130706433``, ``0x7f.1``, ``127.1``,
``[::ffff:127.0.0.1]``, a trailing dot or a full-width IDNA spelling of ``localhost`` all meet the same rule; the
caller then connects to the address checked here, so that a second lookup cannot answer differently.
"""

from __future__ import annotations

from collections.abc import Callable
from ipaddress import IPv4Address, IPv6Address, IPv6Network, ip_address

__all__ = ["AddressPolicy", "FetchRefusedError", "IPAddress", "canonical_host", "is_public_address", "resolve_checked"]

IPAddress = IPv4Address | IPv6Address
AddressPolicy = Callable[[IPAddress], bool]
"""Decides whether an address may be connected to."""

_NAT64 = IPv6Network("64:ff9b::/96")
"""The well-known NAT64 prefix (RFC 6052): its last 32 bits are an IPv4 address the gateway connects to."""


class FetchRefusedError(Exception):
    """A remote image that is not fetched, with the reason in words (the caller turns it into a warning)."""


def is_public_address(address: IPAddress) -> bool:
    """Whether ``address`` is a public unicast address: not loopback, private, shared (100.64/10), link-local,
    site-local, multicast, unspecified or reserved, nor an IPv6 address carrying such an IPv4 address (mapped,
    6to4 or NAT64). The rule every fetch uses unless a caller (a test of a local server) gives another.

    >>> [is_public_address(ip_address(a)) for a in ("93.184.216.34", "127.0.0.1", "::ffff:10.0.0.1", "fe80::1")]
    [True, False, False, False]
    """
    if isinstance(address, IPv6Address):
        embedded = _embedded_ipv4(address)
        if embedded is not None:
            return is_public_address(embedded)
        if address.is_site_local:
            return False
    return address.is_global and not (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_unspecified
        or address.is_reserved
    )


def _embedded_ipv4(address: IPv6Address) -> IPv4Address | None:
    """The IPv4 address a packet to ``address`` reaches in the end, for the forms that carry one."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address in _NAT64:
        return IPv4Address(int(address) & 0xFFFFFFFF)
    return address.sixtofour


def canonical_host(host: str) -> str:
    """``host`` (as ``urlsplit`` gives it: lower case, no brackets) in the ASCII form a lookup and a TLS
    certificate check take: an IP literal as it is, a name through IDNA, one trailing dot dropped.

    >>> canonical_host("ｌｏｃａｌｈｏｓｔ."), canonical_host("::1")
    ('localhost', '::1')
    """
    host = host.removesuffix(".")
    if _is_address(host):
        return host
    try:
        canonical = host.encode("idna").decode("ascii")
    except UnicodeError:
        canonical = ""
    if not canonical:
        raise FetchRefusedError(f"{host!r} is not a valid host name")
    return canonical


def resolve_checked(host: str, port: int, *, allowed: AddressPolicy, timeout: float) -> IPAddress:
    """The address to connect to for ``host``: every address the name resolves to must pass ``allowed``, and
    the first is returned. Raises :class:`FetchRefusedError` when one does not, when the name does not resolve, or
    when the lookup takes longer than ``timeout`` seconds."""
    addresses = _lookup(host, port, timeout)
    if not addresses:
        raise FetchRefusedError(f"{host} does not resolve to any address")
    for address in addresses:
        if not allowed(address):
            named = host if _is_address(host) else f"{host} resolves to {address}, which"
            raise FetchRefusedError(f"{named} is not a public address")
    return addresses[0]


def _is_address(host: str) -> bool:
    try:
        ip_address(host)
    except ValueError:
        return False
    return True


def _lookup(host: str, port: int, timeout: float) -> list[IPAddress]:
    import socket  # with threading: only for books that fetch images
    import threading

    # getaddrinfo cannot be interrupted: it runs in a thread that is left to finish on its own after the timeout.
    found: list[IPAddress] = []
    failure: list[str] = []

    def lookup() -> None:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
            found.extend(ip_address(info[4][0]) for info in infos)
        except (OSError, UnicodeError, ValueError) as exc:
            failure.append(str(getattr(exc, "strerror", None) or exc))

    thread = threading.Thread(target=lookup, name="newsfmt-resolve", daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        raise FetchRefusedError(f"looking up {host} did not finish before the deadline")
    if failure:
        raise FetchRefusedError(f"cannot resolve {host}: {failure[0]}")
    return found
