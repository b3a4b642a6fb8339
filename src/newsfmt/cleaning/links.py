"""URLs in attributes and metadata: refuse dangerous schemes, make the rest absolute.

Entities of a body are already decoded by the parser, so ``java&#x09;script:`` arrives as ``java\\tscript:``;
browsers drop tabs and line breaks anywhere in a URL and leading controls and spaces, so we do the same
before reading the scheme. A URL that still holds entities (front matter is text, not HTML; a body may escape
its ``&``) is also read with them decoded: a reader that decodes once more must not find a script either.
"""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import urljoin

__all__ = ["absolute_srcset", "checked_url", "has_scheme", "safe_url"]

_IGNORED_IN_URL = re.compile("[\t\n\r]")
_TRIMMED_FROM_URL = " " + "".join(map(chr, range(0x20)))  # what browsers strip from both ends of a URL
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]*):")
_HOST_SCHEMES = frozenset({"http", "https", "ftp"})
_AUTHORITY_END = re.compile(r"[/?#]")
# userinfo@, then a name (letters of any script, digits, dots, dashes) or a bracketed IPv6 address, then :port
_AUTHORITY = re.compile(r"(?:[^@\s]*@)?(?:[^\W_](?:[\w.\-]*[^\W_])?\.?|\[[0-9A-Fa-f:.]+\])(?::\d{0,5})?")
_SAFE_SCHEMES = frozenset({"http", "https", "mailto", "ftp", "tel", "urn", "tag", "news", "irc", "ircs", "xmpp"})
_DECODINGS = 3
"""How many times a URL's entities are decoded to find every spelling of its scheme (``&amp;#x6A;`` takes two)."""
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
    url = checked_url(value, image=image)
    if url is None or base_url is None or has_scheme(url):
        return url
    return urljoin(base_url, url)


def checked_url(value: str, *, image: bool = False) -> str | None:
    """``value`` as browsers read it, when following it is harmless; None when it must not be kept.

    Tabs and line breaks anywhere and controls and spaces at the ends are dropped, other spaces become ``%20``.
    Then only web, mail and a few other harmless schemes pass (web URLs with a host that can exist), ``data:``
    for raster images only (``image=True``); ``javascript:``, ``vbscript:`` and the rest never do, however
    encoded (``&#x6A;avascript:``, ``javascript&colon;`` too). A protocol-relative URL gets ``https:``; a relative
    one comes back as it is.

    >>> checked_url("//cdn.example.org/i b.png"), checked_url("page.html#top")
    ('https://cdn.example.org/i%20b.png', 'page.html#top')
    >>> checked_url("java\\nscript:alert(1)") is None, checked_url("data:image/png;base64,AA", image=True) is None
    (True, False)
    >>> checked_url("javascript&colon;alert(1)") is None, checked_url("/a?b=1&amp;c=2")
    (True, '/a?b=1&amp;c=2')
    """
    url = _checked_spelling(value, image=image)
    if url is None or "&" not in url:
        return url
    decoded = url
    for _ in range(_DECODINGS):
        decoded = unescape(decoded)
        if _checked_spelling(decoded, image=image) is None:
            return None
        if "&" not in decoded:
            return url
    return url


def has_scheme(url: str) -> bool:
    """Whether ``url`` (as :func:`checked_url` returns it) is absolute: it starts with a scheme.

    >>> has_scheme("data:image/png;base64,AA"), has_scheme("/a:b")
    (True, False)
    """
    return _SCHEME.match(url) is not None


def _checked_spelling(value: str, *, image: bool) -> str | None:
    """``value`` read as browsers read it (entities as they are), or None when following it could harm."""
    url = _IGNORED_IN_URL.sub("", value).strip(_TRIMMED_FROM_URL)
    if not url:
        return None
    if " " in url:
        url = url.replace(" ", "%20")  # a space is not a URL character; browsers send it this way
    match = _SCHEME.match(url)
    if match is not None:
        return url if _scheme_allows(match.group(1).lower(), url, image=image) else None
    if url.startswith("//"):
        return "https:" + url if _has_valid_host("https:" + url) else None
    if ":" in url.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]:
        # "x:y" without a valid scheme name: browsers may still read a scheme after odd characters.
        return None
    return url


def _scheme_allows(scheme: str, url: str, *, image: bool) -> bool:
    if scheme in _HOST_SCHEMES:
        return _has_valid_host(url)
    if scheme == "data":
        return image and _IMAGE_DATA.match(url) is not None
    return scheme in _SAFE_SCHEMES


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
