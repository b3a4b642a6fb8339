"""The address rule of image fetching: public unicast only, embedded IPv4 addresses unwrapped, names canonical."""

from __future__ import annotations

from ipaddress import ip_address

import pytest

from newsfmt.exporters.epub.addresses import FetchRefusedError, canonical_host, is_public_address, resolve_checked

REFUSED = [
    "127.0.0.1",
    "127.255.255.254",
    "10.0.0.1",
    "172.16.5.4",
    "192.168.0.1",
    "100.64.0.1",  # shared address space (carrier-grade NAT)
    "100.127.255.254",
    "169.254.169.254",  # link-local: cloud metadata services
    "224.0.0.251",
    "239.255.255.250",
    "0.0.0.0",
    "0.1.2.3",
    "240.0.0.1",
    "255.255.255.255",
    "192.0.2.1",  # documentation
    "198.18.0.1",  # benchmarking
    "::1",
    "::",
    "fe80::1",
    "fec0::1",
    "fc00::1",
    "fd12:3456::1",
    "ff02::1",
    "ff0e::1",
    "2001:db8::1",
    "::ffff:127.0.0.1",
    "::ffff:10.0.0.1",
    "::ffff:169.254.169.254",
    "::127.0.0.1",  # IPv4-compatible
    "::8.8.8.8",
    "64:ff9b::127.0.0.1",  # NAT64 of loopback
    "64:ff9b::192.168.0.1",
    "64:ff9b:1::1",
    "2002:7f00:1::1",  # 6to4 of loopback
    "2002:a00:1::1",
    "2001::1",  # Teredo
    "100::1",  # discard-only
]
PUBLIC = ["8.8.8.8", "93.184.216.34", "1.1.1.1", "2606:4700:4700::1111", "::ffff:8.8.8.8", "64:ff9b::8.8.8.8"]


@pytest.mark.parametrize("address", REFUSED)
def test_addresses_that_are_not_public_unicast_are_refused(address: str) -> None:
    assert not is_public_address(ip_address(address))


@pytest.mark.parametrize("address", PUBLIC)
def test_public_addresses_are_allowed(address: str) -> None:
    assert is_public_address(ip_address(address))


@pytest.mark.parametrize(
    ("host", "canonical"),
    [
        ("example.org", "example.org"),
        ("example.org.", "example.org"),
        ("ｅｘａｍｐｌｅ.org", "example.org"),
        ("bücher.example", "xn--bcher-kva.example"),
        ("127.0.0.1.", "127.0.0.1"),
        ("::ffff:127.0.0.1", "::ffff:127.0.0.1"),
    ],
)
def test_hosts_are_made_canonical_before_the_lookup(host: str, canonical: str) -> None:
    assert canonical_host(host) == canonical


@pytest.mark.parametrize("host", ["a..b", "x" * 64 + ".org", "."])
def test_host_names_idna_cannot_encode_are_refused(host: str) -> None:
    with pytest.raises(FetchRefusedError, match="not a valid host name"):
        canonical_host(host)


def test_every_address_a_name_resolves_to_is_checked() -> None:
    # localhost resolves to 127.0.0.1 (and maybe ::1): one refused address refuses the name.
    def allow_only_ipv6(address: object) -> bool:
        return ip_address(str(address)).version == 6

    with pytest.raises(FetchRefusedError, match=r"localhost resolves to 127\.0\.0\.1, which is not a public address"):
        resolve_checked("localhost", 80, allowed=allow_only_ipv6, timeout=2.0)
    assert resolve_checked("localhost", 80, allowed=lambda address: address.is_loopback, timeout=2.0).is_loopback


def test_a_name_that_does_not_resolve_is_refused() -> None:
    with pytest.raises(FetchRefusedError, match="cannot resolve"):
        resolve_checked("no-such-host.invalid", 80, allowed=is_public_address, timeout=5.0)
