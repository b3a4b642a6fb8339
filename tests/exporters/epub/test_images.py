"""ImageCollector: local pictures under the site folder only, real media types, once each (fetching: test_fetching)."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsfmt.exporters.epub.images import ImageCollector, sniff_image_type

from .factory import GIF, PNG, site


def test_site_relative_absolute_and_baseurl_prefixed_sources_resolve_to_one_picture(site_root: Path) -> None:
    images = ImageCollector(site(site_root, baseurl="/blog"))
    hrefs = {
        images.resolve("https://news.example.org/blog/assets/dot.png"),
        images.resolve("/blog/assets/dot.png"),
        images.resolve("/assets/dot.png"),
        images.resolve("/blog/assets/dot.png?v=2#x"),
        images.resolve("/blog/assets/%64ot.png"),
    }
    assert len(hrefs) == 1
    (href,) = hrefs
    assert href is not None and href.startswith("images/") and href.endswith(".png") and href.isascii()
    assert [(image.href, image.media_type, image.read()) for image in images.images] == [(href, "image/png", PNG)]


def test_media_type_comes_from_the_bytes_not_the_name(site_root: Path) -> None:
    (site_root / "assets" / "really-a-gif.png").write_bytes(GIF)
    images = ImageCollector(site(site_root))
    href = images.resolve("/assets/really-a-gif.png")
    assert href is not None and href.endswith(".gif")
    assert images.images[0].media_type == "image/gif"
    assert images.resolve("/assets/fake.png") is None


@pytest.mark.parametrize(
    "src",
    [
        "/../secret.png",
        "/assets/../../secret.png",
        "https://news.example.org/%2e%2e/secret.png",
        "/assets/%2e%2e/%2e%2e/secret.png",
        "/assets/missing.png",
        "/assets",
        "https://other.example.org/assets/dot.png",
        "//news.example.org/assets/dot.png",
        "assets/dot.png",
    ],
)
def test_sources_outside_the_site_or_elsewhere_are_never_read(site_root: Path, src: str) -> None:
    images = ImageCollector(site(site_root))
    assert images.resolve(src) is None
    assert images.images == []


def test_a_symlink_leaving_the_site_is_not_followed(site_root: Path) -> None:
    (site_root / "assets" / "link.png").symlink_to(site_root.parent / "secret.png")
    assert ImageCollector(site(site_root)).resolve("/assets/link.png") is None


def test_without_a_site_folder_nothing_local_is_read() -> None:
    assert ImageCollector(site(None)).resolve("/assets/dot.png") is None


def test_data_urls_are_decoded_and_embedded() -> None:
    images = ImageCollector(site(None))
    href = images.resolve("data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")
    assert href is not None and href.endswith(".gif") and images.images[0].read() == GIF
    assert images.resolve("data:text/html;base64,PGI+aGk8L2I+") is None
    assert images.resolve("data:image/png,notbase64") is None


def test_sniffing() -> None:
    assert sniff_image_type(PNG[:16]) == "image/png"
    assert sniff_image_type(b"\xff\xd8\xff\xe0") == "image/jpeg"
    assert sniff_image_type(b"RIFF\0\0\0\0WEBPVP8 ") == "image/webp"
    assert sniff_image_type(b"<svg") is None
