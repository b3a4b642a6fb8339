"""Jekyll 4 permalinks: styles, placeholders, slugify, escaping, and the post id.

Mirrors ``Jekyll::URL``, ``Jekyll::Drops::UrlDrop`` and ``Jekyll::Utils.slugify`` so that links
match the deployed site byte for byte.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from collections.abc import Mapping, Sequence
from datetime import datetime
from urllib.parse import quote

__all__ = ["PERMALINK_STYLES", "expand_permalink_style", "jekyll_post_id", "jekyll_slugify", "render_permalink"]

PERMALINK_STYLES: Mapping[str, str] = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}
_PLACEHOLDER = re.compile(r":([a-z_]+)")
_PRETTY_KEEP = frozenset("._~!$&'()+,;=@")
_SAFE_PATH = re.compile(r"^[a-zA-Z0-9./-]+$")
# RFC 3986 pchar plus "/", as Addressable's PATH character class.
_PATH_SAFE_CHARS = "/!$&'()*+,;=:@-._~"


def expand_permalink_style(style: str | None) -> str:
    """A ``permalink:`` config value (a style name or a template) as a template."""
    if not style:
        return PERMALINK_STYLES["date"]
    return PERMALINK_STYLES.get(style, style)


def jekyll_slugify(text: str, *, mode: str = "default", cased: bool = False) -> str:
    """``Jekyll::Utils.slugify`` for the ``default`` and ``pretty`` modes.

    >>> jekyll_slugify("Hello, World!")
    'hello-world'
    >>> jekyll_slugify("株洲 日报", mode="pretty", cased=True)
    '株洲-日报'
    """
    keep_extra = _PRETTY_KEEP if mode == "pretty" else frozenset()
    out: list[str] = []
    in_run = False
    for char in text:
        category = unicodedata.category(char)
        if category[0] in "LM" or category == "Nd" or char in keep_extra:
            out.append(char)
            in_run = False
        elif not in_run:
            out.append("-")
            in_run = True
    slug = "".join(out)
    if slug.startswith("-"):
        slug = slug[1:]
    if slug.endswith("-"):
        slug = slug[:-1]
    return slug if cased else slug.lower()


def escape_path(path: str) -> str:
    """``Jekyll::URL.escape_path``: percent-encode what a URL path segment may not hold."""
    if not path or _SAFE_PATH.match(path):
        return path
    return quote(path, safe=_PATH_SAFE_CHARS)


def _sanitize(url: str) -> str:
    url = ("/" + url).replace("..", "/").replace("./", "")
    return re.sub(r"/{2,}", "/", url)


def render_permalink(
    template: str,
    *,
    date: datetime,
    categories: Sequence[str],
    slug: str,
    basename: str,
    output_ext: str,
) -> str:
    """Fill a Jekyll URL template for a post, as ``Jekyll::URL#to_s`` does.

    ``slug`` is the post's slug (front matter or file name); ``basename`` the file name without
    its extension. ``date`` must already be in the site's time zone.

    >>> from datetime import datetime
    >>> render_permalink("/:categories/:year/:month/:day/:title:output_ext", date=datetime(2021, 12, 8),
    ...     categories=["emnews"], slug="abc", basename="2021-12-08-abc", output_ext=".html")
    '/emnews/2021/12/08/abc.html'
    """
    seen: dict[str, None] = {}
    for category in categories:
        seen.setdefault(category.lower(), None)
    iso_year, iso_week, _ = date.isocalendar()
    values: dict[str, str] = {
        "collection": "posts",
        "path": "",
        "name": jekyll_slugify(basename),
        "title": jekyll_slugify(slug, mode="pretty", cased=True),
        "slug": jekyll_slugify(slug),
        "categories": "/".join(seen),
        "year": f"{date.year:04d}",
        "month": f"{date.month:02d}",
        "day": f"{date.day:02d}",
        "hour": f"{date.hour:02d}",
        "minute": f"{date.minute:02d}",
        "second": f"{date.second:02d}",
        "i_day": str(date.day),
        "i_month": str(date.month),
        "short_month": date.strftime("%b"),
        "long_month": date.strftime("%B"),
        "short_year": date.strftime("%y"),
        "y_day": date.strftime("%j"),
        "w_year": str(iso_year),
        "week": f"{iso_week:02d}",
        "w_day": str(date.isoweekday()),
        "short_day": date.strftime("%a"),
        "long_day": date.strftime("%A"),
        "output_ext": output_ext,
    }

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        for key in (name, name.rstrip("_")):
            if key in values:
                return escape_path(values[key]) + match.group(0)[1 + len(key) :]
        raise ValueError(f"unknown placeholder :{name} in permalink {template!r}")

    return _sanitize(re.sub(r"/{2,}", "/", _PLACEHOLDER.sub(replace, template)))


def jekyll_post_id(permalink: str, slug: str) -> str:
    """Jekyll's ``post.id``: the permalink's folder joined with the slug.

    >>> jekyll_post_id("/emnews/2021/12/08/abc.html", "abc")
    '/emnews/2021/12/08/abc'
    >>> jekyll_post_id("/2010/how-it-began/", "how-it-began")
    '/2010/how-it-began'
    """
    folder = posixpath.dirname(permalink.rstrip("/") or "/") or "/"
    return posixpath.join(folder, slug)
