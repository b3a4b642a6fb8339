"""URLs in attributes: refuse dangerous schemes, make the rest absolute.

Entities are already decoded by the parser, so ``java&#x09;script:`` arrives as ``java\\tscript:``;
browsers drop tabs and line breaks anywhere in a URL and leading controls and spaces, so we do the same
before reading the scheme.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

__all__ = ["absolute_srcset", "safe_url"]

_IGNORED_IN_URL = re.compile("[\t\n\r]")
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]*):")
_HOST_SCHEMES = frozenset({"http", "https", "ftp"})
_AUTHORITY_END = re.compile(r"[/?#]")
# userinfo@, then a name (letters of any script, digits, dots, dashes) or a bracketed IPv6 address, then :port
_AUTHORITY = re.compile(r"(?:[^@\s]*@)?(?:[^\W_](?:[\w.\-]*[^\W_])?\.?|\[[0-9A-Fa-f:.]+\])(?::\d{0,5})?")
_SAFE_SCHEMES = frozenset({"http", "https", "mailto", "ftp", "tel", "urn", "news", "irc", "ircs", "xmpp"})
_IMAGE_DATA = re.compile(r"data:image/(?:png|gif|jpe?g|webp|avif|bmp)[;,]", re.IGNORECASE)


def safe_url(value: str, base_url: str | None, *, image: bool = False) -> str | None:
    """Return the URL made absolute against ``base_url``, or None when it must not be kept.

    Only web, mail and a few other harmless schemes pass; ``data:`` passes for raster images only
    (``image=True``). Protocol-relative URLs (``//host/x``) get ``https:``.

    >>> safe_url("/a b?x=1#f", "http://example.org/2021/post.html")
    'http://example.org/a%20b?x=1#f'
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
    if " " in url:
        url = url.replace(" ", "%20")  # a space is not a URL character; browsers send it this way
    match = _SCHEME.match(url)
    if match is not None:
        scheme = match.group(1).lower()
        if scheme in _HOST_SCHEMES:
            return url if _has_valid_host(url) else None
        if scheme in _SAFE_SCHEMES:
            return url
        if scheme == "data" and image and _IMAGE_DATA.match(url):
            return url
        return None
    if url.startswith("//"):
        return "https:" + url if _has_valid_host("https:" + url) else None
    if ":" in url.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]:
        # "x:y" without a valid scheme name: browsers may still read a scheme after odd characters.
        return None
    if base_url is None:
        return url
    return urljoin(base_url, url)


def _has_valid_host(url: str) -> bool:
    """Whether a web URL names a host that can exist (``http://%20http://x`` cannot; validators reject it)."""
    rest = url.split("//", 1)
    if len(rest) != 2:
        return False
    authority = _AUTHORITY_END.split(rest[1], 1)[0]
    return _AUTHORITY.fullmatch(authority) is not None


def absolute_srcset(value: str, base_url: str | None) -> str | None:
    """Make every URL of a ``srcset`` absolute; drop unsafe candidates; None when none is left.

    >>> absolute_srcset("a.png 1x, //cdn.example.org/b.png 2x", "https://example.org/p/")
    'https://example.org/p/a.png 1x, https://cdn.example.org/b.png 2x'
    """
    candidates: list[str] = []
    for raw, descriptor in _srcset_candidates(value):
        url = safe_url(raw, base_url, image=True)
        if url is None or url.startswith("data:"):
            continue
        candidates.append(f"{url} {descriptor}" if descriptor else url)
    return ", ".join(candidates) if candidates else None


def _srcset_candidates(value: str) -> list[tuple[str, str]]:
    # As the HTML parser reads srcset: a URL is a run of non-spaces (commas included, except trailing
    # ones); its descriptor runs to the next comma.
    candidates: list[tuple[str, str]] = []
    position, length = 0, len(value)
    while True:
        while position < length and (value[position].isspace() or value[position] == ","):
            position += 1
        if position >= length:
            return candidates
        start = position
        while position < length and not value[position].isspace():
            position += 1
        url = value[start:position]
        descriptor = ""
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            start, depth = position, 0
            while position < length and not (value[position] == "," and depth <= 0):
                depth += {"(": 1, ")": -1}.get(value[position], 0)
                position += 1
            descriptor = " ".join(value[start:position].split())
        candidates.append((url, descriptor))
