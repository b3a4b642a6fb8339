"""Link targets for a book: safe as the cleaner judges them, absolute, with a real host, and valid URIs."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import quote, urlsplit

from ...cleaning.links import checked_url

__all__ = ["clean_url", "valid_uri"]

_URL_SAFE = ":/?#[]@!$&'()*+,;=%~-._"
_HOST_SCHEMES = frozenset({"http", "https", "ftp"})
_LABEL = r"[a-z0-9_](?:[a-z0-9_\-]*[a-z0-9_])?"
# RFC 3986: the characters a path (``_PATH``) or a query or fragment (``_QUERY``) may hold as they are, besides
# percent-escapes (``%`` and two hex digits).
_PATH = "A-Za-z0-9_.\\-~!$&'()*+,;=:@/"
_QUERY = _PATH + "?"
# An http(s) URL with a lower-case host and no port, user or brackets, whose every part is already valid: the
# common case, whose cleaning is only the host check.
_SIMPLE_URL = re.compile(
    rf"https?://([a-z0-9_.\-]+)"
    rf"(?:/[{_PATH}]*(?:%[0-9A-Fa-f]{{2}}[{_PATH}]*)*)?"
    rf"(?:\?[{_QUERY}]*(?:%[0-9A-Fa-f]{{2}}[{_QUERY}]*)*)?"
    rf"(?:#[{_QUERY}]*(?:%[0-9A-Fa-f]{{2}}[{_QUERY}]*)*)?"
)
_NOT_IN_USERINFO = re.compile(r"%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9_.\-~!$&'()*+,;=:%]")
_NOT_IN_PATH = re.compile(rf"%(?![0-9A-Fa-f]{{2}})|[^{_PATH}%]")
_NOT_IN_QUERY = re.compile(rf"%(?![0-9A-Fa-f]{{2}})|[^{_QUERY}%]")
# A simple URL's host: names (an IPv4 address is one), one dot between labels (no backtracking blow-up); the
# general path's rule, as an address in brackets cannot be simple.
_HOST = re.compile(rf"^{_LABEL}(?:\.{_LABEL})*\.?$")
# A whole authority, as urlsplit is lenient with it (``[::1]x`` has the host ``::1``): user, host or address, port.
_AUTHORITY = re.compile(
    rf"(?:(?:[A-Za-z0-9_.\-~!$&'()*+,;=:]|%[0-9A-Fa-f]{{2}})*@)?(?:{_LABEL}(?:\.{_LABEL})*\.?|\[[0-9a-f:.]+\])(?::[0-9]*)?",
    re.IGNORECASE,
)


def clean_url(value: str, absolute: Callable[[str], str | None], *, resolve_relative: bool = True) -> str | None:
    """``value`` as a link target in a book: a URL the cleaner's check lets through, absolute, a valid URI.

    Safety is :func:`~newsfmt.cleaning.links.checked_url`'s, as for every output; a book adds that web hosts are
    ASCII (IDNA) names or addresses, that ports are numbers and that every part is percent-encoded as RFC 3986
    wants. A relative URL goes through ``absolute`` (unless ``resolve_relative`` is false). None: no link
    (fragment links too, as a book keeps no ids).

    >>> clean_url("https://e.example/a b#x#y", lambda url: None)
    'https://e.example/a%20b#x%23y'
    """
    url = checked_url(value)
    if url is None or url.startswith("#"):
        return None  # fragment links: a book keeps no ids (nor does the allow-list), so they point at nothing
    simple = _SIMPLE_URL.fullmatch(url)
    if simple is not None:  # what quote, valid_uri and urlsplit would leave as it is: only the host needs a look
        return url if _HOST.match(simple.group(1)) else None
    try:
        encoded = valid_uri(quote(_ascii_host(url), safe=_URL_SAFE))
        parts = urlsplit(encoded)
        _ = parts.port  # raises ValueError for a port that is not a number
    except ValueError:
        return None
    if parts.scheme in _HOST_SCHEMES or parts.netloc:  # news://, irc:// … name a host too
        return encoded if parts.hostname and _AUTHORITY.fullmatch(parts.netloc) else None
    if parts.scheme:
        return encoded  # one of the harmless schemes checked_url lets through
    if not resolve_relative:
        return None
    resolved = absolute(url)
    return None if resolved is None else clean_url(resolved, absolute, resolve_relative=False)


def valid_uri(url: str) -> str:
    """``url`` with every character its part may not hold as it is (RFC 3986) percent-encoded.

    A second ``#``, brackets outside the host, spaces, a ``%`` not starting an escape, non-ASCII characters: what
    validators (and epubcheck) refuse in an ``href``. The scheme, host and port are left alone (the caller checks
    them); a URL that is already valid comes back unchanged.

    >>> valid_uri("https://e.example/a[1]?q=a b#x#y%")
    'https://e.example/a%5B1%5D?q=a%20b#x%23y%25'
    """
    rest, hash_sign, fragment = url.partition("#")
    rest, question_mark, query = rest.partition("?")
    scheme, colon, path = rest.partition(":")
    if not colon or not _SCHEME_NAME.fullmatch(scheme):
        scheme, colon, path = "", "", rest
    authority = ""
    if path.startswith("//"):
        end = len(path) if (slash := path.find("/", 2)) < 0 else slash
        authority, path = path[2:end], path[end:]
        userinfo, at, host = authority.rpartition("@")
        authority = "//" + _NOT_IN_USERINFO.sub(_percent_escape, userinfo) + at + host
    return (
        scheme
        + colon
        + authority
        + _NOT_IN_PATH.sub(_percent_escape, path)
        + question_mark
        + _NOT_IN_QUERY.sub(_percent_escape, query)
        + hash_sign
        + _NOT_IN_QUERY.sub(_percent_escape, fragment)
    )


_SCHEME_NAME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*")


def _percent_escape(match: re.Match[str]) -> str:
    return quote(match.group(), safe="")


def _ascii_host(url: str) -> str:
    """``url`` with an internationalised host name in its IDNA (``xn--``) form, which URL parsers accept."""
    if url.isascii() and "[" not in url and "]" not in url:
        return url  # its host is ASCII, and urlsplit would not raise (saves a parse per link)
    parts = urlsplit(url)
    host = parts.hostname
    if not host or host.isascii():
        return url
    try:
        encoded = host.encode("idna").decode("ascii")
    except UnicodeError as exc:
        raise ValueError(f"bad host {host!r}") from exc
    return parts._replace(netloc=parts.netloc.replace(host, encoded)).geturl()
