"""URLs in attributes: refuse dangerous schemes, make the rest absolute.

Entities are already decoded by the parser, so ``java&#x09;script:`` arrives as ``java\\tscript:``;
browsers drop tabs and line breaks anywhere in a URL and leading controls and spaces, so we do the same
before reading the scheme.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

__all__ = ["absolute_srcset", "safe_url"]

_IGNORED_IN_URL = re.compile("[\t\n\r]")
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]*):")
_SAFE_SCHEMES = frozenset({"http", "https", "mailto", "ftp", "tel", "urn", "news", "irc", "ircs", "xmpp"})
_IMAGE_DATA = re.compile(r"data:image/(?:png|gif|jpe?g|webp|avif|bmp)[;,]", re.IGNORECASE)
_NETWORK_SCHEMES = frozenset({"http", "https", "ftp"})
# What a host may hold (letters of any script for IDNs, digits, dots, hyphens, a port, IPv6 brackets, userinfo).
_BAD_HOST = re.compile(r"[\s%\\/?#<>\"{}|^`]")
# ASCII that may not appear raw in a URL; percent-encoded so that strict consumers (epubcheck) accept it.
_UNSAFE_ASCII = re.compile(r"[ \"<>\\^`{|}]")


def _checked(url: str) -> str | None:
    """A web URL with a usable host, its stray spaces and quotes percent-encoded; None when it has no host."""
    scheme = url.split(":", 1)[0].lower()
    if scheme not in _NETWORK_SCHEMES:
        return url
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return None
    if not host or _BAD_HOST.search(host):
        return None
    return _UNSAFE_ASCII.sub(lambda m: f"%{ord(m.group(0)):02X}", url)


def safe_url(value: str, base_url: str | None, *, image: bool = False) -> str | None:
    """Return the URL made absolute against ``base_url``, or None when it must not be kept.

    Only web, mail and a few other harmless schemes pass; ``data:`` passes for raster images only
    (``image=True``). Protocol-relative URLs (``//host/x``) get ``https:``.

    >>> safe_url("/a b?x=1#f", "http://example.org/2021/post.html")
    'http://example.org/a%20b?x=1#f'
    >>> safe_url("http:// http://example.org/x", None) is None  # no usable host: the link is dropped
    True
    >>> safe_url("//cdn.example.org/i.png", "http://example.org/")
    'https://cdn.example.org/i.png'
    >>> safe_url(" JaVa\\tScRiPt:alert(1)", None) is None
    True
    """
    url = _IGNORED_IN_URL.sub("", value).strip(
        " \x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11"
        "\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f"
    )
    if not url:
        return None
    match = _SCHEME.match(url)
    if match is not None:
        scheme = match.group(1).lower()
        if scheme in _SAFE_SCHEMES:
            return _checked(url)
        if scheme == "data" and image and _IMAGE_DATA.match(url):
            return url
        return None
    if url.startswith("//"):
        return _checked("https:" + url)
    if ":" in url.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]:
        # "x:y" without a valid scheme name: browsers may still read a scheme after odd characters.
        return None
    if base_url is None:
        return url
    return _checked(urljoin(base_url, url))


def absolute_srcset(value: str, base_url: str | None) -> str | None:
    """Make every URL of a ``srcset`` absolute; drop unsafe candidates; None when none is left.

    >>> absolute_srcset("a.png 1x, //cdn.example.org/b.png 2x", "https://example.org/p/")
    'https://example.org/p/a.png 1x, https://cdn.example.org/b.png 2x'
    """
    candidates: list[str] = []
    for part in value.split(","):
        fields = part.split()
        if not fields:
            continue
        url = safe_url(fields[0], base_url, image=True)
        if url is None or url.startswith("data:"):
            continue
        candidates.append(" ".join([url, *fields[1:2]]))
    return ", ".join(candidates) if candidates else None
