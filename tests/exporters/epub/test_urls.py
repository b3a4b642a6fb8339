"""Link targets in a book pass the cleaner's safety check (one check for every output), then become valid URIs."""

from __future__ import annotations

import re
from html import escape

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsfmt.cleaning.links import checked_url
from newsfmt.exporters.epub.urls import clean_url
from newsfmt.exporters.epub.xhtml import fragment_to_xhtml
from tests.cleaning.test_xss import VECTORS

_SAFE_SCHEMES = re.compile(r"(https?|mailto|ftp|tel|urn|news|ircs?|xmpp):")


def _site_absolute(url: str) -> str | None:
    return "https://site.example" + url if url.startswith("/") else None


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                *["java", "script", "vb", "data", ":", "image/png", ";base64,", "\t", "\n", "\x01", " ", "&#"],
                *["https", "ftp", "//", "/", "e.example", "alert(1)", "#", "?", "x", "中", "_", "@", "[::1]", "urn"],
            ]
        )
    ).map("".join)
)
def test_a_book_links_to_nothing_the_cleaner_would_refuse(url: str) -> None:
    href = clean_url(url, _site_absolute)
    assert href is None or (checked_url(url) is not None and _SAFE_SCHEMES.match(href)), href


@pytest.mark.parametrize("vector", VECTORS, ids=range(len(VECTORS)))
def test_xss_vectors_leave_no_unsafe_link_in_a_book(vector: str) -> None:
    div = fragment_to_xhtml(vector, resolve_image=lambda src: None, absolute=_site_absolute)
    for element in div.iter():
        for name in ("href", "src", "cite"):
            value = element.get(name)
            assert value is None or _SAFE_SCHEMES.match(value), f"{name}={value!r} from {vector!r}"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("ftp://files.example/a b.txt", "ftp://files.example/a%20b.txt"),  # schemes the cleaner keeps, a book too
        ("urn:isbn:9780000000000", "urn:isbn:9780000000000"),
        ("xmpp:someone@e.example", "xmpp:someone@e.example"),
        ("JaVa\tScRiPt:alert(1)", None),  # however encoded: the tab is dropped before the scheme is read
        ("\x01javascript:alert(1)", None),
        ("vbscript:msgbox(1)", None),
        ("data:image/png;base64,AAAA", None),  # data: only where a picture is expected, never as a link
        ("https://e.exa\nmple/x", "https://e.example/x"),  # line breaks go, as browsers drop them
        ("https://_bad.example/", None),  # a host that cannot exist
        ("news://\xa0\t😀%`", None),  # other schemes with a host: it must be one too
        ("xmpp://:x*% %:80١`4[::1]", None),  # a lenient parser finds the host "::1" in there
        ("news:\t//[::1]>\t😀4%&", None),
        ("irc://irc.example:6667/channel", "irc://irc.example:6667/channel"),
    ],
)
def test_book_links_are_judged_as_the_cleaner_judges_them(url: str, expected: str | None) -> None:
    assert clean_url(url, _site_absolute) == expected
    div = fragment_to_xhtml(f'<a href="{escape(url)}">x</a>', resolve_image=lambda src: None)
    assert div[0].get("href") == expected


_SUB = r"[A-Za-z0-9\-._~!$&'()*+,;=]|%[0-9A-Fa-f]{2}"
_PCHAR = rf"(?:{_SUB}|[:@])"
_URI = re.compile(
    rf"[A-Za-z][A-Za-z0-9+.\-]*:"
    rf"(?://(?:(?:{_SUB}|:)*@)?(?:\[[0-9A-Fa-f:.]+\]|(?:{_SUB})*)(?::[0-9]*)?)?"
    rf"(?:/|{_PCHAR})*(?:\?(?:{_PCHAR}|[/?])*)?(?:#(?:{_PCHAR}|[/?])*)?"
)
"""An absolute URI as RFC 3986 writes it (what epubcheck's URL checks accept), written here on its own."""


@settings(max_examples=800, deadline=None)
@given(
    st.sampled_from(
        [
            "https://e.example",
            "https://e.example/a",
            "//e.example/",
            "/",
            "mailto:",
            "tel:",
            "urn:x:",
            "news://",
            "xmpp:",
        ]
    ),
    st.text(alphabet="#%? :@/&=;a1.-~_ü中[]|^`{}\\\"<>'\t+!$*(),\xa0😀١", max_size=30),
)
def test_every_link_in_a_book_is_a_valid_uri(start: str, rest: str) -> None:
    href = clean_url(start + rest, _site_absolute)
    if href is not None:
        assert _URI.fullmatch(href), href
        assert clean_url(href, _site_absolute) == href  # a valid URL is left as it is


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://e.example/a#b#c", "https://e.example/a#b%23c"),  # a fragment holding "#"
        ("https://e.example/a#two words", "https://e.example/a#two%20words"),
        ("https://e.example/a b/c#d e#f", "https://e.example/a%20b/c#d%20e%23f"),
        ("/2021/post.html#第一节 #2", "https://site.example/2021/post.html#%E7%AC%AC%E4%B8%80%E8%8A%82%20%232"),
        ("https://e.example/100%?q=5%#50%", "https://e.example/100%25?q=5%25#50%25"),  # "%" not before two hex digits
        ("https://e.example/%E4%B8%AD#%20x", "https://e.example/%E4%B8%AD#%20x"),  # escapes already there stay
        ("https://e.example/a?b=[1]&c={2}#|^`", "https://e.example/a?b=%5B1%5D&c=%7B2%7D#%7C%5E%60"),
    ],
)
def test_fragments_spaces_and_stray_percents_are_percent_encoded(url: str, expected: str) -> None:
    assert clean_url(url, _site_absolute) == expected
