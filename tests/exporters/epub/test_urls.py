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
    ],
)
def test_book_links_are_judged_as_the_cleaner_judges_them(url: str, expected: str | None) -> None:
    assert clean_url(url, _site_absolute) == expected
    div = fragment_to_xhtml(f'<a href="{escape(url)}">x</a>', resolve_image=lambda src: None)
    assert div[0].get("href") == expected
