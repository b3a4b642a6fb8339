"""What real Jekyll reads from a site: the oracle for newsfmt's differential tests.

:func:`read_with_jekyll` builds a *copy* of a site with the installed ``jekyll`` and returns, for every post
Jekyll published, what Jekyll made of it (path, URL, id, date, title, slug, categories, tags). It does so by
adding one page to the copy whose Liquid dumps ``site.posts`` as JSON, so the answer is Jekyll's own, read from
its template variables rather than guessed from the HTML it writes.

The copy is built with an override config (``work/override.yml``) so that sites whose theme or plugins are not
installed still build:

- no theme (``theme: false``: Jekyll's config merge ignores a null override) and ``plugins``/``whitelist``
  reduced to ``jekyll-feed``, the only plugin installed beside Jekyll; missing layouts then only cause warnings,
  which do not change what a post *is*;
- posts are not rendered with Liquid (a front-matter default ``render_with_liquid: false``), because a post's
  Liquid never changes its URL, date, title or categories, while a missing ``{% include %}`` in one post stops the
  whole build. Pass ``render_liquid=True`` to render them anyway;
- the dump page is added to ``include`` (Jekyll skips files whose names start with ``_``).

The process runs with ``TZ=UTC`` (Jekyll sets ``TZ`` itself from the site's ``timezone`` when there is one) and a
UTF-8 locale, so that results do not depend on the machine. A failed build raises :class:`JekyllOracleError`
carrying Jekyll's own message.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import yaml

__all__ = [
    "DUMP_NAME",
    "JekyllOracleError",
    "jekyll_available",
    "post_files",
    "read_with_jekyll",
    "unread_post_files",
]

DUMP_NAME = "__newsfmt_dump.json"
"""File name of the page that dumps ``site.posts``; chosen so that it cannot clash with a real page."""

BUILD_TIMEOUT = 900.0
"""Seconds a single ``jekyll build`` may take before the oracle gives up."""

CONFIG_NAMES = ("_config.yml", "_config.yaml", "_config.toml")
"""The config files Jekyll looks for, in its own order of preference."""

IGNORED_ON_COPY = ("_site", ".jekyll-cache", ".jekyll-metadata", ".git")
"""Build outputs and caches that must not leak into the copy (they would be read as site content)."""

_DUMP_PAGE = """\
---
layout: null
permalink: /__NAME__
render_with_liquid: true
sitemap: false
---
[
{%- for post in site.posts %}
{"path": {{ post.path | jsonify }},
 "url": {{ post.url | jsonify }},
 "id": {{ post.id | jsonify }},
 "date": {{ post.date | date: "%Y-%m-%dT%H:%M:%S%:z" | jsonify }},
 "title": {{ post.title | jsonify }},
 "slug": {{ post.slug | jsonify }},
 "categories": {{ post.categories | jsonify }},
 "tags": {{ post.tags | jsonify }},
 "draft": {{ post.draft | jsonify }},
 "author": {{ post.author | jsonify }},
 "image": {{ post.image | jsonify }},
 "layout": {{ post.layout | jsonify }} }{% unless forloop.last %},{% endunless %}
{%- endfor %}
]
""".replace("__NAME__", DUMP_NAME)

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_REASON = re.compile(r"(Exception|Error)\b.*:|Invalid date|could not be found|YOUR SITE COULD NOT BE BUILT")
_BANNER = re.compile(r"^-+$|Please append `--trace`|for any additional information|\.rb:\d+:in `")

_NO_LIQUID_IN_POSTS = [
    {"scope": {"path": "", "type": kind}, "values": {"render_with_liquid": False}} for kind in ("posts", "drafts")
]


class JekyllOracleError(RuntimeError):
    """Jekyll is missing, failed to build a site, or wrote a dump the oracle cannot read.

    ``reason`` is Jekyll's own one-line explanation when it gave one (``Liquid Exception: Could not locate the
    included file ...``, ``Invalid date '': Document ... does not have a valid date ...``); ``output`` is everything
    it printed. ``str()`` shows the message, the reason and Jekyll's messages without Ruby backtraces.
    """

    def __init__(self, message: str, *, output: str = "") -> None:
        self.output = output
        messages = _jekyll_messages(output)
        self.reason = next((line for line in messages if _REASON.search(line)), messages[0] if messages else "")
        super().__init__("\n".join([message, *messages]))


@cache
def jekyll_available() -> bool:
    """Whether a working ``jekyll`` command is on ``PATH``."""
    executable = shutil.which("jekyll")
    if executable is None:
        return False
    try:
        result = subprocess.run(
            [executable, "--version"], capture_output=True, text=True, timeout=120, env=_jekyll_env(), check=False
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return result.returncode == 0 and result.stdout.startswith("jekyll ")


def read_with_jekyll(
    site: Path,
    work: Path,
    *,
    drafts: bool = False,
    future: bool = False,
    unpublished: bool = False,
    render_liquid: bool = False,
    timeout: float = BUILD_TIMEOUT,
) -> list[dict[str, Any]]:
    """Build a copy of ``site`` in ``work`` with Jekyll and return the posts Jekyll published, newest first.

    Each post is a dict with ``path`` (relative to the site, POSIX), ``url``, ``id``, ``date``
    (``YYYY-MM-DDTHH:MM:SS+HH:MM`` in the site's time zone, UTC when it names none), ``title`` (whatever YAML
    made of it: a number stays a number, ``''`` stays empty; a missing one is Jekyll's titleized slug),
    ``slug``, ``categories``, ``tags``, ``draft``, ``author``, ``image`` and ``layout``. ``drafts``, ``future``
    and ``unpublished`` map to Jekyll's flags of the same names (a draft's date is its file's modification time,
    as Jekyll does).
    ``work`` is cleared of earlier results (``src``, ``site``, ``override.yml``) and may be reused.

    Raises :class:`JekyllOracleError` when Jekyll is absent, the build fails or the dump cannot be parsed.
    """
    executable = shutil.which("jekyll")
    if executable is None:
        raise JekyllOracleError("jekyll is not installed (no `jekyll` on PATH)")
    source, destination, override = work / "src", work / "site", work / "override.yml"
    _copy_site(site, source)
    if destination.exists():
        shutil.rmtree(destination)
    config = _ensure_config(source)
    override.write_text(
        yaml.safe_dump(_override(_read_config(config), render_liquid=render_liquid), allow_unicode=True),
        encoding="utf-8",
    )
    (source / DUMP_NAME).write_text(_DUMP_PAGE, encoding="utf-8")
    command = [
        executable,
        "build",
        "--source",
        str(source),
        "--destination",
        str(destination),
        "--config",
        f"{config},{override}",
        "--disable-disk-cache",
        "--quiet",
        *(["--drafts"] if drafts else []),
        *(["--future"] if future else []),
        *(["--unpublished"] if unpublished else []),
    ]
    try:
        result = subprocess.run(
            command, cwd=work, capture_output=True, text=True, timeout=timeout, env=_jekyll_env(), check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise JekyllOracleError(f"jekyll build of {site} took longer than {timeout:.0f} s") from exc
    output = f"{result.stderr}\n{result.stdout}".strip()
    if result.returncode != 0:
        raise JekyllOracleError(f"jekyll build of {site} failed (exit {result.returncode}):", output=output)
    return _parse_dump(destination / DUMP_NAME, output)


def post_files(site: Path, *, drafts: bool = False) -> list[str]:
    """Every file Jekyll would consider as a post of ``site`` (relative POSIX paths, sorted).

    That is every file below a ``_posts`` folder (or ``_drafts`` when ``drafts``) at any depth, provided no folder
    on the way there starts with ``_`` or ``.`` (Jekyll never walks into those), whatever its name or extension.
    """
    wanted = {"_posts", "_drafts"} if drafts else {"_posts"}
    found: list[str] = []
    for path in site.rglob("*"):
        parts = path.relative_to(site).parts
        if not path.is_file() or not _below_post_folder(parts, wanted):
            continue
        found.append("/".join(parts))
    return sorted(found)


def unread_post_files(site: Path, posts: Iterable[Mapping[str, Any]], *, drafts: bool = False) -> list[str]:
    """The files of :func:`post_files` for which Jekyll produced no post in ``posts`` (sorted).

    ``posts`` is what :func:`read_with_jekyll` returned for the same site. A file is listed whatever the reason:
    not a post name, no front matter, unpublished, future, or a draft when drafts were not asked for.
    """
    read = {str(post["path"]) for post in posts}
    return [path for path in post_files(site, drafts=drafts) if path not in read]


def _below_post_folder(parts: Sequence[str], wanted: set[str]) -> bool:
    for part in parts[:-1]:
        if part in wanted:
            return True
        if part.startswith(("_", ".")):
            return False
    return False


def _copy_site(site: Path, source: Path) -> None:
    if not site.is_dir():
        raise JekyllOracleError(f"{site} is not a folder")
    if source.exists():
        shutil.rmtree(source)
    shutil.copytree(site, source, ignore=shutil.ignore_patterns(*IGNORED_ON_COPY))


def _ensure_config(source: Path) -> Path:
    for name in CONFIG_NAMES:
        if (source / name).is_file():
            return source / name
    config = source / "_config.yml"
    # Every file named by --config must exist; an empty mapping is Jekyll's defaults.
    config.write_text("{}\n", encoding="utf-8")
    return config


def _read_config(config: Path) -> dict[str, Any]:
    text = config.read_text(encoding="utf-8-sig")
    try:
        data = tomllib.loads(text) if config.suffix == ".toml" else yaml.safe_load(text)
    except (yaml.YAMLError, tomllib.TOMLDecodeError) as exc:
        raise JekyllOracleError(f"cannot read {config.name}: {exc}") from exc
    return data if isinstance(data, dict) else {}


def _override(config: Mapping[str, Any], *, render_liquid: bool) -> dict[str, Any]:
    include = [str(item) for item in _as_list(config.get("include"))]
    defaults = [item for item in _as_list(config.get("defaults")) if isinstance(item, dict)]
    if not render_liquid:
        defaults += _NO_LIQUID_IN_POSTS
    return {
        # Not null: Jekyll's merge keeps the old value where an override is null. A non-string theme only warns.
        "theme": False,
        "plugins": ["jekyll-feed"],
        "whitelist": ["jekyll-feed"],
        "include": [*include, DUMP_NAME],
        "defaults": defaults,
    }


def _as_list(value: object) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _parse_dump(dump: Path, output: str) -> list[dict[str, Any]]:
    try:
        text = dump.read_text(encoding="utf-8")
    except OSError as exc:
        raise JekyllOracleError(f"jekyll wrote no {dump.name}", output=output) from exc
    try:
        posts = json.loads(text)
    except json.JSONDecodeError as exc:
        raise JekyllOracleError(f"{dump.name} is not JSON ({exc}); it starts with {text[:200]!r}") from exc
    if not isinstance(posts, list) or not all(isinstance(post, dict) for post in posts):
        raise JekyllOracleError(f"{dump.name} is not a list of objects; it starts with {text[:200]!r}")
    return posts


def _jekyll_messages(output: str) -> list[str]:
    """Jekyll's own lines of ``output``: colours, banners and Ruby backtraces removed, duplicates dropped."""
    messages: list[str] = []
    for raw in _ANSI.sub("", output).splitlines():
        line = raw.strip()
        if not line or raw.startswith("\t") or line.startswith("from ") or _BANNER.search(line):
            continue
        if line not in messages:
            messages.append(line)
    return messages


def _jekyll_env() -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("JEKYLL_", "BUNDLE_", "LC_"))}
    env.update(
        LANG="C.UTF-8",
        LC_ALL="C.UTF-8",
        TZ="UTC",
        # A Gemfile in a parent folder must not make Jekyll ask Bundler for gems that are not installed.
        JEKYLL_NO_BUNDLER_REQUIRE="true",
    )
    return env
