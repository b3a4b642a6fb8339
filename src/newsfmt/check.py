"""``newsfmt check``: every problem of a site at once, beyond what reading it reports.

Besides the reader's problems: two posts with one id or one URL (feed readers would merge them, and the deployed
site would overwrite one), links or images in bodies to a post URL of the site that no post has (or to a missing
file in a folder the site has), categories, tags, books or texts whose output names fold to one (the build gives
each its own name and warns; ``check`` lists them as warnings), and a ``newsfmt: build: cover`` a build could not
use (it finds out only at its first book). Every other ``newsfmt:`` setting is checked when the config is read, by
every command alike.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from lxml import html as lxml_html

from .errors import NewsfmtError
from .exporters.artwork import site_artwork
from .exporters.epub.images import read_cover
from .exporters.epub.plan import book_names
from .exporters.feeds.policy import wants_tag_feeds
from .exporters.text import number_collisions, numbering_problems, text_location
from .model import Article, Problem, Site, SiteConfig
from .options import site_cover
from .output_names import collision_problems, site_names
from .readers.site import NO_POSTS, load_site

__all__ = ["check_site", "site_problems"]

_LINK_ATTRIBUTES = (("a", "href"), ("img", "src"), ("source", "src"), ("video", "poster"))


def check_site(root: Path | str, *, drafts: bool = False, future: bool = False) -> list[Problem]:
    """Read a site and return every problem found, in path order (an empty list: all is well)."""
    site = load_site(root, drafts=drafts, future=future)
    return site_problems(site)


def site_problems(site: Site) -> list[Problem]:
    """The reader's problems plus duplicate ids and URLs, local links that point nowhere, and outputs whose names
    fold to one (warnings: the build gives each its own name, see :mod:`newsfmt.output_names`)."""
    problems = list(site.problems)
    config = site.config
    if not site.articles and not site.problems:
        problems.append(Problem(config.root, None, NO_POSTS))
    if config.baseurl and config.url.endswith(config.baseurl):
        # Jekyll joins them anyway (https://host/blog + /blog + /2021/…): every absolute link and feed id says
        # /blog/blog/. newsfmt joins them the same way, so that feed ids stay jekyll-feed's.
        message = f"url {config.url!r} already ends with baseurl {config.baseurl!r}: absolute links repeat it"
        problems.append(Problem(config.source, None, message, "warning"))
    problems.extend(_option_problems(config))
    problems.extend(_duplicates(site.articles, "id", lambda a: a.id))
    problems.extend(_duplicates(site.articles, "URL", lambda a: a.permalink))
    problems.extend(_dead_local_links(site))
    problems.extend(_shared_names(site))
    return sorted(problems, key=lambda p: (str(p.path), p.line or 0, p.message))


def _option_problems(config: SiteConfig) -> list[Problem]:
    """What ``newsfmt build`` would reject of the ``newsfmt: build:`` settings beyond what reading the config
    checks: a cover that leads outside the site, is missing, is not an image, or is too large to decode (the build
    finds out only when it writes its first book or its catalog)."""
    cover = config.options.build.cover
    if cover is None or config.root is None:
        return []
    try:
        path = site_cover(config.root, cover)
        site_artwork(*read_cover(path), source=path)
    except NewsfmtError as exc:
        return [Problem(config.source or config.root, None, f"newsfmt.build.cover: {exc.message}")]
    return []


def _duplicates(articles: tuple[Article, ...], what: str, key: object) -> list[Problem]:
    groups: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        groups[key(article)].append(article)  # type: ignore[operator]
    found = []
    for value, group in groups.items():
        if len(group) < 2:
            continue
        first = group[0]
        for other in group[1:]:
            found.append(Problem(other.path, None, f"same {what} {value!r} as {first.path}"))
    return found


def _site_path(url: str, config: SiteConfig) -> str | None:
    """The site-relative path of a URL on the site itself, or None for a URL elsewhere."""
    prefix = f"{config.url}{config.baseurl}"
    if config.url and url.startswith(prefix + "/"):
        return unquote(urlsplit(url[len(prefix) :]).path)
    if url.startswith("/") and not url.startswith("//"):
        path = unquote(urlsplit(url).path)
        if config.baseurl and path.startswith(config.baseurl + "/"):
            path = path[len(config.baseurl) :]
        return path
    return None


def _dead_local_links(site: Site) -> list[Problem]:
    """Links and images to a post URL of the site that no post has and no file of the site makes.

    Only paths shaped like the site's post URLs (same folders, numbers where they have dates, the same ending) and
    files in a folder the site has (``/assets/gone.png`` beside ``assets/``) are checked: a link elsewhere on the
    host may go to a page, an asset left out of the folder, a collection document or another site served there
    (``user.github.io/project/``), which newsfmt cannot know to be missing.
    """
    config = site.config
    root = config.root
    if root is None:
        return []
    known = {unquote(a.permalink) for a in site.articles}
    known |= {p.rstrip("/") for p in known}
    shapes = {_shape(unquote(urlsplit(a.permalink).path)) for a in site.articles}
    found = []
    for article in site.articles:
        for tag, url in _site_links(article):
            path = _site_path(url, config)
            if path is None or path in known or path.rstrip("/") in known:
                continue
            relative = PurePosixPath(path.lstrip("/"))
            if ".." in relative.parts or not (_shape(path) in shapes or _in_a_site_folder(root, relative)):
                continue
            if _made_by_a_file(root, relative):
                continue
            what = "image" if tag == "img" else "link"
            found.append(Problem(article.path, None, f"{what} to {url} points at nothing in the site"))
    return found


def _site_links(article: Article) -> list[tuple[str, str]]:
    """The (tag, URL) of each link and image of the article's body."""
    if not article.body_html.strip():
        return []
    try:
        tree = lxml_html.fragment_fromstring(article.body_html, create_parent="div")
    except Exception:
        return []
    return [
        (tag, url)
        for tag, attribute in _LINK_ATTRIBUTES
        for element in tree.iter(tag)
        if (url := element.get(attribute))
    ]


def _shape(path: str) -> tuple[str, ...]:
    """A URL path's folders (numbers as ``#``) and its ending: ``/2021/05/01/slug/`` is ``('#', '#', '#', '*/')``."""
    path = path.removesuffix("index.html")
    segments = path.strip("/").split("/")
    ending = "/" if path.endswith("/") else PurePosixPath(segments[-1]).suffix
    return (*("#" if segment.isdigit() else segment for segment in segments[:-1]), "*" + ending)


def _in_a_site_folder(root: Path, relative: PurePosixPath) -> bool:
    """Whether ``relative`` names a file (not a page) in a folder the site publishes (``assets/``, or Hugo's
    ``static/assets/``)."""
    parent = relative.parent
    if relative.suffix.lower() in ("", ".html", ".htm") or not parent.parts or parent.parts[0].startswith(("_", ".")):
        return False
    return (root / parent).is_dir() or (root / "static" / parent).is_dir()


_SOURCE_SUFFIXES = (".md", ".markdown", ".html", ".htm", ".textile", ".scss", ".sass")


def _made_by_a_file(root: Path, relative: PurePosixPath) -> bool:
    """Whether a file of the site serves ``relative`` or a page, collection document (``_docs/x.md`` for
    ``docs/x``), Hugo content or Hugo static file makes it."""
    bare = relative.with_suffix("") if relative.suffix in (".html", ".htm", ".css") else relative
    if not bare.parts:
        return True
    collection = PurePosixPath(f"_{bare.parts[0]}", *bare.parts[1:])
    bases = [root / bare, root / collection, root / "content" / bare]
    candidates = [root / relative, root / "static" / relative, root / relative / "index.html"]
    candidates += [base.with_name(base.name + suffix) for base in bases for suffix in _SOURCE_SUFFIXES]
    candidates += [
        base / f"{index}{suffix}" for base in bases for index in ("index", "_index") for suffix in (".md", ".html")
    ]
    return any(candidate.is_file() for candidate in candidates)


def _shared_names(site: Site) -> list[Problem]:
    """The warnings a build of the site gives about output names: terms that got a suffix, texts that got a number
    (tags only when the site asks for tag feeds)."""
    articles, config = site.articles, site.config
    names = site_names(articles)
    sets = [names.categories, book_names(articles, config)]
    if wants_tag_feeds(config, config.options.build.tag_feeds):
        sets.append(names.tags)
    planned = [text_location(article, names.categories) for article in articles]
    numbered = number_collisions(planned, [(str(article.path or ""), article.id) for article in articles])
    return collision_problems(*sets) + numbering_problems(articles, planned, numbered)
