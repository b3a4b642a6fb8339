"""The ``newsfmt`` command: flags to options, a library call, files written, an exit code.

No logic lives here that the library lacks. Errors of the library (:class:`NewsfmtError`) become
one line on stderr and exit code 1; usage errors exit 2 (click's own convention).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, Literal, TypeVar

import click

from . import __version__
from .errors import ExportError, NewsfmtError, PostError, format_location
from .inspect import article_to_json, articles_table
from .model import Problem, Site, SiteConfig
from .readers import load_config, load_post, load_site

F = TypeVar("F", bound=Callable[..., Any])


def reports_errors(command: F) -> F:
    """Turn a NewsfmtError raised by a command into one line on stderr and exit code 1."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except NewsfmtError as exc:
            click.echo(f"newsfmt: {exc}", err=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsfmt")
def cli() -> None:
    """Turn front-matter post archives into feeds, EPUB books and plain text."""


def main() -> None:
    """Entry point of the console script."""
    cli(prog_name="newsfmt")


def site_root_of(path: Path) -> Path | None:
    """The site folder a post file belongs to (the nearest parent with a site config), if any."""
    from .readers.config import HUGO_CONFIGS, JEKYLL_CONFIGS

    for parent in list(path.resolve().parents)[:6]:
        if any((parent / name).is_file() for name in (*JEKYLL_CONFIGS, *HUGO_CONFIGS)):
            return parent
    return None


def read_input(
    path: Path, *, strict: bool, drafts: bool = False, future: bool = False, naive_dates: str | None = None
) -> Site:
    """A site folder, or a single post file (read with its site's config when it has one), as a Site."""
    overrides = {"naive_dates": naive_dates} if naive_dates else {}
    if path.is_dir():
        config = load_config(path, overrides=overrides)
        return load_site(path, strict=strict, drafts=drafts, future=future, config=config)
    root = site_root_of(path)
    config = load_config(root, overrides=overrides) if root else SiteConfig(options=overrides)
    try:
        return Site(config, (load_post(path, config),))
    except PostError as exc:
        if strict:
            raise
        return Site(config, (), (Problem(exc.path, exc.line, exc.message),))


def echo_problems(site: Site) -> None:
    """Each problem on its own stderr line, ``path:line: severity: message``."""
    for problem in site.problems:
        click.echo(f"{format_location(problem.path, problem.line, problem.severity)}: {problem.message}", err=True)


_PATH = click.Path(exists=True, path_type=Path)
_NAIVE = click.Choice(["utc", "local"])


@cli.command("inspect")
@click.argument("path", type=_PATH)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per article and line.")
@click.option("--body", is_flag=True, help="With --json: include body_html and text.")
@click.option("--strict", is_flag=True, help="Stop at the first problem (exit 1).")
@click.option("--drafts", is_flag=True, help="Include _drafts/ and draft: true posts.")
@click.option("--future", is_flag=True, help="Include posts dated in the future.")
@click.option("--naive-dates", type=_NAIVE, help="Offset-less timestamps: utc (as Jekyll) or local (site zone).")
@reports_errors
def inspect_command(
    path: Path, as_json: bool, body: bool, strict: bool, drafts: bool, future: bool, naive_dates: str | None
) -> None:
    """Show the articles newsfmt reads from PATH (a site folder or a post file), and the problems."""
    site = read_input(path, strict=strict, drafts=drafts, future=future, naive_dates=naive_dates)
    if as_json:
        for article in site.articles:
            click.echo(article_to_json(article, body=body))
    else:
        click.echo(articles_table(site.articles))
        rule = "local (site time zone)" if site.config.naive_dates == "local" else "UTC (as Jekyll reads them)"
        click.echo(
            f"{len(site.articles)} articles; offset-less timestamps read as {rule}; "
            f"time zone {site.config.timezone}; {len(site.problems)} problems",
            err=True,
        )
    echo_problems(site)


@cli.command("epub")
@click.argument("site_path", metavar="SITE", type=_PATH)
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="Folder, or one .epub file.")
@click.option("--category", "categories", multiple=True, help="Only this category (name or slug); repeatable.")
@click.option("--year", type=int, help="Only articles of this year.")
@click.option("--by", type=click.Choice(["year", "month", "all"]), default="year", show_default=True)
@click.option("--max-articles", type=click.IntRange(min=1), help="Split larger books into numbered volumes.")
@click.option("--toc-by", type=click.Choice(["month", "year", "none"]), default="month", show_default=True)
@click.option("--vertical", is_flag=True, help="Vertical Chinese (writing-mode vertical-rl, pages right to left).")
@click.option("--cover", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="Cover image.")
@click.option("--fetch-images", is_flag=True, help="Download remote images into the books.")
@click.option("--strict", is_flag=True, help="Stop at the first bad post (exit 1).")
@reports_errors
def epub_command(
    site_path: Path,
    output: Path,
    categories: tuple[str, ...],
    year: int | None,
    by: Literal["year", "month", "all"],
    max_articles: int | None,
    toc_by: Literal["month", "year", "none"],
    vertical: bool,
    cover: Path | None,
    fetch_images: bool,
    strict: bool,
) -> None:
    """Write EPUB books of SITE, one per category and year (or --by month/all) as <category-slug>-<year>.epub."""
    from .exporters.books import plan_books
    from .exporters.epub import write_epub

    site = read_input(site_path, strict=strict)
    echo_problems(site)
    plans = plan_books(
        site.articles, site.config, by=by, max_articles=max_articles, categories=categories or None, year=year
    )
    if not plans:
        raise ExportError("no articles to put in a book")
    single = output.suffix.lower() == ".epub"
    if single and len(plans) > 1:
        names = ", ".join(plan.file_name for plan in plans[:5])
        raise click.UsageError(f"{len(plans)} books ({names}…) do not fit in one file: give a folder, or narrow down")
    for plan in plans:
        path = output if single else output / plan.file_name
        write_epub(
            plan.articles,
            site.config,
            path,
            title=plan.title,
            category=plan.category,
            period=plan.period,
            volume=plan.volume,
            toc_by=toc_by,
            vertical=vertical,
            cover=cover,
            fetch_images=fetch_images,
        )
        click.echo(f"{path}: {len(plan.articles)} articles", err=True)
