"""The ``newsfmt`` command: flags to options, a library call, files written, an exit code.

No logic lives here that the library lacks. Errors of the library (:class:`NewsfmtError`) become
one line on stderr and exit code 1; usage errors exit 2 (click's own convention).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, TypeVar

import click

from . import __version__
from .errors import NewsfmtError, OutputError, PostError, format_location
from .progress import SILENT, Progress
from .terminal import Feedback, TerminalProgress, wants_colour
from .vocabulary import (
    BOOK_SPLITS,
    FEED_FORMATS,
    LINK_STYLES,
    NAIVE_DATES,
    OUTPUT_KINDS,
    TOC_GROUPINGS,
    BookSplit,
    FeedContent,
    FeedFormat,
    LinkStyle,
    NaiveDates,
    TocGrouping,
    counted,
)

if TYPE_CHECKING:
    from .builder.report import BuildReport
    from .builder.unchanged import Shortcut
    from .model import Article, Problem, Site, SiteConfig

# Each command imports the readers and exporters it uses when it runs: the cleaning rules, feedgen and
# ebooklib together take longer to import than an incremental build of a large site takes to run.

F = TypeVar("F", bound=Callable[..., Any])

_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Control characters but tab and newline, C1 included: ESC and CSI start terminal escape sequences."""


def say(text: str, *, err: bool = False, colour: str | None = None) -> None:
    """Echo text that may hold what a site wrote (titles, paths, bodies) without its control characters: a post
    must not be able to move the cursor, retitle the window or rewrite what a terminal shows. ``colour`` (a click
    colour name) is used only on a terminal, and not under ``NO_COLOR``."""
    shown = wants_colour(sys.stderr if err else sys.stdout)
    line = _CONTROLS.sub("", text)
    click.echo(click.style(line, fg=colour) if colour and shown else line, err=err, color=shown)


def feedback() -> Feedback:
    """How much the running command tells (``--quiet``, ``--verbose``; the default outside a command)."""
    context = click.get_current_context(silent=True)
    meta = context.meta if context is not None else {}
    quiet, verbose = bool(meta.get("newsfmt.quiet")), bool(meta.get("newsfmt.verbose"))
    if quiet and verbose:
        raise click.UsageError("--quiet and --verbose exclude each other")
    return Feedback(quiet=quiet, verbose=verbose)


def note(text: str) -> None:
    """A line of what the command did (a summary) on stderr, unless ``--quiet``."""
    if not feedback().quiet:
        say(text, err=True)


def _remember(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    ctx.meta[f"newsfmt.{param.name}"] = value


def feedback_options(command: F) -> F:
    """The ``--quiet`` and ``--verbose`` flags of a command."""
    verbose = click.option(
        "-v",
        "--verbose",
        is_flag=True,
        expose_value=False,
        callback=_remember,
        help="Also tell how long each phase took (build: and each file written or removed).",
    )
    quiet = click.option(
        "-q", "--quiet", is_flag=True, expose_value=False, callback=_remember, help="Tell only errors."
    )
    return quiet(verbose(command))


@contextmanager
def progress_shown() -> Iterator[Progress]:
    """The reporter of the running command's long work: lines on a terminal (stderr), none elsewhere or when
    ``--quiet``; a line cut short by Ctrl-C or an error is ended, so that the terminal's cursor comes back."""
    reporter: TerminalProgress | None = feedback().progress(sys.stderr)
    try:
        yield reporter or SILENT
    finally:
        if reporter is not None:
            reporter.finish()


def reports_errors(command: F) -> F:
    """Turn a NewsfmtError raised by a command into one line on stderr and exit code 1."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except NewsfmtError as exc:
            say(f"newsfmt: {exc}", err=True, colour="red")
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsfmt")
def cli() -> None:
    """Turn front-matter post archives into feeds, EPUB books and plain text.

    \b
    Examples:
      newsfmt build SITE -o OUT              every feed, book and text (only what changed)
      newsfmt feed SITE --format atom --category city -o city.xml
      newsfmt epub SITE --category city --year 2025 -o books/
      newsfmt text SITE --width 72 -o texts/
      newsfmt inspect SITE --json            the articles read, one JSON object per line
      newsfmt check SITE                     every problem of the site; exit 1 if any
      newsfmt watch SITE -o OUT              rebuild what each edit touches, until Ctrl-C
      newsfmt serve SITE --port 8000         the same, previewed at http://127.0.0.1:8000/

    Shell completion: eval "$(_NEWSFMT_COMPLETE=bash_source newsfmt)" (zsh_source, fish_source).
    """


_INTERRUPTED = 130
"""The exit code of a command stopped by Ctrl-C (128 + SIGINT), as shells report it."""


def main(looked: Shortcut | None = None) -> None:
    """Entry point of the console script: Ctrl-C ends it with one line and exit code 130. ``looked`` is the early
    look ``python -m newsfmt`` took at a plain build's site (see :mod:`newsfmt.__main__`): the build uses it."""
    try:
        cli(prog_name="newsfmt", standalone_mode=False, obj=looked)
    except click.exceptions.Abort:
        click.echo("newsfmt: interrupted", err=True)
        sys.exit(_INTERRUPTED)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)


def echo_problems(site: Site) -> None:
    """Each problem on its own stderr line, ``path:line: severity: message``."""
    for problem in site.problems:
        echo_problem(problem)


_SEVERITY_COLOURS = {"error": "red", "warning": "yellow"}


def echo_problem(problem: Problem) -> None:
    """One problem on one stderr line, ``path:line: severity: message`` (on a terminal, errors in red and warnings
    in yellow); ``--quiet`` leaves out warnings."""
    if problem.severity != "error" and feedback().quiet:
        return
    line = f"{format_location(problem.path, problem.line, problem.severity)}: {problem.message}"
    say(line, err=True, colour=_SEVERITY_COLOURS.get(problem.severity))


_PATH = click.Path(exists=True, path_type=Path)
_FETCH_HELP = "Download remote images into the books (http(s) from public addresses only, within size limits)."
_NAIVE = click.Choice(NAIVE_DATES, case_sensitive=False)


@cli.command("inspect")
@click.argument("path", type=_PATH)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per article and line.")
@click.option("--body", is_flag=True, help="With --json: include body_html and text.")
@click.option("--strict", is_flag=True, help="Stop at the first problem (exit 1).")
@click.option("--drafts", is_flag=True, help="Include _drafts/ and draft: true posts.")
@click.option("--future", is_flag=True, help="Include posts dated in the future.")
@click.option("--expired", is_flag=True, help="Include Hugo pages past their expiryDate.")
@click.option("--naive-dates", type=_NAIVE, help="Offset-less timestamps: utc (as Jekyll) or local (site zone).")
@reports_errors
def inspect_command(
    path: Path,
    as_json: bool,
    body: bool,
    strict: bool,
    drafts: bool,
    future: bool,
    expired: bool,
    naive_dates: NaiveDates | None,
) -> None:
    """Show the articles newsfmt reads from PATH (a site folder or a post file), and the problems."""
    from .inspection import article_to_json, articles_table
    from .readers.inputs import load_path

    site = load_path(path, strict=strict, drafts=drafts, future=future, expired=expired, naive_dates=naive_dates)
    echo_problems(site)
    if as_json:
        for article in site.articles:
            say(article_to_json(article, body=body))
        return
    say(articles_table(site.articles))
    rule = "local (site time zone)" if site.config.naive_dates == "local" else "UTC (as Jekyll reads them)"
    click.echo(
        f"{counted(len(site.articles), 'article')}; offset-less timestamps read as {rule}; "
        f"time zone {site.config.timezone}; {counted(len(site.problems), 'problem')}",
        err=True,
    )


@cli.command("check")
@click.argument("site", type=_PATH)
@click.option("--drafts", is_flag=True, help="Check drafts too.")
@click.option("--future", is_flag=True, help="Check posts dated in the future too.")
@click.option("--expired", is_flag=True, help="Check Hugo pages past their expiryDate too.")
@feedback_options
@reports_errors
def check_command(site: Path, drafts: bool, future: bool, expired: bool) -> None:
    """Report every problem of SITE (bad front matter, dates, duplicate ids and URLs, dead local links, names
    that fold to one output name).

    Every `newsfmt:` setting a build would refuse is a problem too. Exits 1 when there is any problem, 0 when
    there is none.
    """
    from .check import site_problems
    from .model import Site
    from .parallel import available_cores
    from .readers.config import load_config
    from .readers.site import load_site

    config = load_config(site)
    with progress_shown() as progress:
        site_read = load_site(
            site,
            drafts=drafts,
            future=future,
            expired=expired,
            config=config,
            jobs=available_cores(),
            progress=progress,
        )
    found = site_problems(site_read)
    echo_problems(Site(config, (), tuple(found)))
    note(counted(len(found), "problem"))
    if found:
        sys.exit(1)


@cli.command("text")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--width", type=click.IntRange(min=10), help="Wrap lines at this display width (CJK counts 2).")
@click.option(
    "--links",
    type=click.Choice(LINK_STYLES, case_sensitive=False),
    default="inline",
    show_default=True,
    help="How links are written.",
)
@click.option("-o", "--output", "out", type=click.Path(path_type=Path), help="Folder to write to.")
@click.option("--category", "categories", multiple=True, help="Only this category (name or slug); repeatable.")
@click.option("--tag", "tags", multiple=True, help="Only posts with this tag (name or slug); repeatable.")
@click.option("--year", type=int, help="Only articles of this year.")
@feedback_options
@reports_errors
def text_command(
    paths: tuple[Path, ...],
    width: int | None,
    links: LinkStyle,
    out: Path | None,
    categories: tuple[str, ...],
    tags: tuple[str, ...],
    year: int | None,
) -> None:
    """Write posts as plain text: one post to stdout, or posts and sites into OUT/<category>/<year>/."""
    from .confine import Confinement
    from .exporters.text import text_paths, to_text
    from .readers.inputs import load_path
    from .site_outputs import chosen_articles

    if out is not None:
        folder_for_output(out)
    articles: list[Article] = []
    with progress_shown() as progress:
        for path in paths:
            site = load_path(path, strict=False, progress=progress)
            if not site.articles and not path.is_dir() and site.problems:
                first = site.problems[0]
                raise PostError(first.message, path=first.path, line=first.line)
            echo_problems(site)
            articles.extend(site.articles)
    if not articles:
        raise NewsfmtError("no article to write")
    articles = chosen_articles(articles, categories=categories, tags=tags, year=year)
    if out is None:
        if len(paths) != 1 or paths[0].is_dir():
            raise click.UsageError("-o DIR is needed for a site or several posts")
        say(to_text(articles[0], width=width, links=links))
        return
    confined = Confinement(out)
    with progress_shown() as progress:
        progress.start("texts", len(articles))
        for article, relative in zip(articles, text_paths(articles), strict=True):
            text = to_text(article, width=width, links=links) + "\n"
            confined.write(relative.as_posix(), text.encode(), durable=True)
            progress.advance()
    note(f"newsfmt: wrote {counted(len(articles), 'text file')} to {out}")


def folder_for_output(out: Path) -> None:
    """Refuse, in one line, an ``-o`` that names an existing file where a folder is written."""
    if out.exists() and not out.is_dir():
        raise OutputError("cannot write: this is a file, and -o needs a folder here", path=out)


_jobs_option = click.option(
    "--jobs", "-j", type=click.IntRange(min=0), help="Worker processes [default: one per core]."
)


@cli.command("feed")
@click.argument("site", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--format", "fmt", type=click.Choice(FEED_FORMATS, case_sensitive=False), default="rss", show_default=True
)
@click.option("--category", help="Only posts of this category.")
@click.option("--tag", help="Only posts with this tag.")
@click.option("--limit", type=click.IntRange(min=0), help="Entries at most; 0 = all [default: feed.posts_limit or 50].")
@click.option("--summary-only", is_flag=True, help="Summaries instead of full content (also: feed.excerpt_only).")
@click.option("--title", help="Feed title [default: the site title].")
@click.option("--feed-url", help="The feed's own URL, for its self link [default: where `build` writes it].")
@click.option("--strict", is_flag=True, help="Stop at the first bad post and write nothing.")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Output file [default: stdout].")
@_jobs_option
@feedback_options
@reports_errors
def feed_command(
    site: Path,
    fmt: FeedFormat,
    category: str | None,
    tag: str | None,
    limit: int | None,
    summary_only: bool,
    title: str | None,
    feed_url: str | None,
    strict: bool,
    output: Path | None,
    jobs: int | None,
) -> None:
    """Write one feed (RSS, Atom or JSON Feed) of SITE, newest posts first.

    A category or tag is matched by its name or its slug; one the site does not have exits 1 and names the
    closest ones.
    """
    from .atomic import write_atomic
    from .site_outputs import feed_of_site

    if output is not None and output.is_dir():
        raise OutputError("cannot write: this is a folder, and -o names the feed's file", path=output)
    content: FeedContent | None = "summary" if summary_only else None
    feed = feed_of_site(
        site,
        fmt,
        category=category,
        tag=tag,
        limit=limit,
        content=content,
        title=title,
        feed_url=feed_url,
        strict=strict,
        jobs=jobs,
    )
    echo_problems(feed.site)
    skipped = sum(problem.severity == "error" for problem in feed.site.problems)
    if skipped:
        note(f"newsfmt: skipped {counted(skipped, 'post')}")
    if not feed.matched:
        wanted = " and ".join(f"{flag} {value!r}" for flag, value in (("category", category), ("tag", tag)) if value)
        note(f"newsfmt: no post has {wanted}; the feed is empty")
    if output is None:
        click.echo(feed.data, nl=False)
    else:
        write_atomic(output, feed.data)


@cli.command("epub")
@click.argument("site_path", metavar="SITE", type=_PATH)
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="Folder, or one .epub file.")
@click.option("--category", "categories", multiple=True, help="Only this category (name or slug); repeatable.")
@click.option("--year", type=int, help="Only articles of this year.")
@click.option("--by", type=click.Choice(BOOK_SPLITS, case_sensitive=False), default="year", show_default=True)
@click.option("--max-articles", type=click.IntRange(min=1), help="Split larger books into numbered volumes.")
@click.option("--toc-by", type=click.Choice(TOC_GROUPINGS, case_sensitive=False), default="month", show_default=True)
@click.option("--vertical", is_flag=True, help="Vertical Chinese (writing-mode vertical-rl, pages right to left).")
@click.option("--cover", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="Cover image.")
@click.option("--fetch-images", is_flag=True, help=_FETCH_HELP)
@click.option("--default-category", help="Book for posts without a category [default: the site title].")
@click.option("--strict", is_flag=True, help="Stop at the first bad post (exit 1).")
@feedback_options
@reports_errors
def epub_command(
    site_path: Path,
    output: Path,
    categories: tuple[str, ...],
    year: int | None,
    by: BookSplit,
    max_articles: int | None,
    toc_by: TocGrouping,
    vertical: bool,
    cover: Path | None,
    fetch_images: bool,
    default_category: str | None,
    strict: bool,
) -> None:
    """Write EPUB books of SITE, one per category and year (or --by month/all) as <category-slug>-<year>.epub.

    A category is matched by its name or its slug; a category or year the site does not have exits 1 and names
    the closest ones.
    """
    from .confine import inside
    from .exporters.epub.book import write_epub
    from .site_outputs import books_of_site

    if output.suffix.lower() != ".epub":
        folder_for_output(output)
    books = books_of_site(
        site_path,
        categories=categories,
        year=year,
        by=by,
        max_articles=max_articles,
        default_category=default_category,
        strict=strict,
    )
    site, plans = books.site, books.plans
    echo_problems(site)
    single = output.suffix.lower() == ".epub"
    if single and len(plans) > 1:
        names = ", ".join(plan.file_name for plan in plans[:5])
        raise click.UsageError(f"{len(plans)} books ({names}…) do not fit in one file: give a folder, or narrow down")
    for plan in plans:
        path = output if single else inside(output, PurePosixPath(plan.file_name))
        if path.is_dir():
            raise OutputError("cannot write: this is a folder, and a book is a file", path=path)
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
            warn=echo_problem,
        )
        note(f"{path}: {counted(len(plan.articles), 'article')}")


@cli.command("build")
@click.argument("site_path", metavar="SITE", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("-o", "--output", "out", type=click.Path(path_type=Path), required=True, help="Output folder.")
@click.option(
    "--only",
    callback=lambda ctx, param, value: _output_kinds(value),
    help=f"Comma-separated outputs: {','.join(OUTPUT_KINDS)} [default: all].",
)
@_jobs_option
@click.option("--strict", is_flag=True, default=None, help="Stop at the first problem and write nothing (exit 1).")
@click.option("--drafts", is_flag=True, default=None, help="Include drafts.")
@click.option("--future", is_flag=True, default=None, help="Include posts dated in the future.")
@click.option("--expired", is_flag=True, default=None, help="Include Hugo pages past their expiryDate.")
@click.option(
    "--allow-shrink", is_flag=True, default=None, help="Build even if the site has no post or lost most of them."
)
@click.option("--limit", "feed_limit", type=click.IntRange(min=0), help="Entries per feed; 0 = all.")
@click.option("--summary-only", is_flag=True, default=None, help="Summaries instead of full content in feeds.")
@click.option("--tag-feeds", is_flag=True, default=None, help="Also write a feed per tag under tags/.")
@click.option(
    "--by", "epub_by", type=click.Choice(BOOK_SPLITS, case_sensitive=False), help="One book per … [default: year]."
)
@click.option("--max-articles", type=click.IntRange(min=1), help="Split larger books into numbered volumes.")
@click.option("--vertical", is_flag=True, default=None, help="Vertical Chinese in the books.")
@click.option("--fetch-images", is_flag=True, default=None, help=_FETCH_HELP)
@click.option("--text-width", type=click.IntRange(min=10), help="Wrap plain text at this display width.")
@click.option(
    "--cache", "cache_dir", type=click.Path(file_okay=False, path_type=Path, resolve_path=True), help="Cache folder."
)
@click.option("--naive-dates", type=_NAIVE, help="Offset-less timestamps: utc (as Jekyll) or local (site zone).")
@click.option("--ping-hub", is_flag=True, help="Tell the site's WebSub hub (newsfmt: feeds: hub:) of changed feeds.")
@feedback_options
@reports_errors
def build_command(site_path: Path, out: Path, naive_dates: NaiveDates | None, ping_hub: bool, **flags: Any) -> None:
    """Build every feed, book and text file of SITE into OUT (only what changed since the last build)."""
    from .builder.unchanged import Shortcut

    if flags.pop("summary_only"):
        flags["feed_content"] = "summary"
    # Before the config is read: a build that finds the site as the last one left it stops here. The arguments
    # given, as ``python -m newsfmt`` tells a plain build's (none) before it imports click.
    given = {**flags, "naive_dates": naive_dates, "ping_hub": ping_hub}
    asked = {name: value for name, value in given.items() if value is not None and value is not False}
    looked = click.get_current_context().obj
    if isinstance(looked, Shortcut) and not asked and looked.looks_at(site_path, out):
        shortcut = looked  # taken a moment ago, before the command line was parsed
    else:
        shortcut = Shortcut.prepare(site_path, out, asked, cache=flags["cache_dir"])
    report, config = shortcut.report(), None
    if report is None:
        from .readers.config import load_config

        config = load_config(site_path, overrides={"naive_dates": naive_dates} if naive_dates else None)
        report = _build(site_path, out, config, ping_hub, flags, shortcut)
    for problem in report.problems:
        echo_problem(problem)
    if feedback().verbose:
        for relative in report.written_files:
            say(f"wrote {relative}", err=True)
        for relative in report.removed_files:
            say(f"removed {relative}", err=True)
    note(f"newsfmt: {report.summary()} in {report.seconds:.1f} s")
    if config is not None and ping_hub and report.changed_feeds:
        _notify_hub(config, report.changed_feeds)


def _build(
    site_path: Path, out: Path, config: SiteConfig, ping_hub: bool, flags: dict[str, Any], shortcut: Shortcut
) -> BuildReport:
    """``newsfmt build`` past its early look (the config read): the whole build."""
    from .builder.runner import build_site

    if ping_hub and not config.options.feeds.hub:
        raise click.UsageError("--ping-hub needs a hub: set newsfmt: feeds: hub: in the site's config")
    with progress_shown() as progress:
        return build_site(site_path, out, overrides=flags, config=config, progress=progress, shortcut=shortcut)


def _notify_hub(config: SiteConfig, changed: list[str]) -> None:
    """Tell the hub of the changed feeds; a failure is one warning line, and the build still succeeds (its
    outputs are complete, and a hub also polls the feeds it serves)."""
    from .websub import ping_hub

    hub = config.options.feeds.hub
    assert hub is not None
    if not config.url:
        say("newsfmt: warning: the site has no url, so its feeds have no address to tell the hub of", err=True)
        return
    result = ping_hub(hub, [config.absolute_url(url) for url in changed])
    if result.failure:
        say(f"newsfmt: warning: {result.failure}", err=True)
    else:
        note(f"newsfmt: told {hub} of {counted(result.notified, 'changed feed')}")


def _output_kinds(value: str | None) -> str | None:
    """Check ``--only`` while parsing, so that a typo is a usage error (exit 2)."""
    if value is not None:
        from .options import parse_output_kinds

        value = value.lower()
        try:
            parse_output_kinds(value)
        except ValueError as exc:
            raise click.BadParameter(str(exc)) from None
    return value


_WATCHED_SITE = click.Path(exists=True, file_okay=False, path_type=Path)


def _echo_rebuild(rebuild: Any) -> None:
    """A watched build's new problems, then its one line (see :func:`newsfmt.builder.watch.describe`)."""
    from .builder.watch import describe

    for problem in rebuild.new_problems:
        echo_problem(problem)
    say(f"newsfmt: {describe(rebuild)}", err=True)


@cli.command("watch")
@click.argument("site_path", metavar="SITE", type=_WATCHED_SITE)
@click.option("-o", "--output", "out", type=click.Path(path_type=Path), required=True, help="Output folder.")
@click.option("--drafts", is_flag=True, default=None, help="Include drafts.")
@click.option("--future", is_flag=True, default=None, help="Include posts dated in the future.")
@reports_errors
def watch_command(site_path: Path, out: Path, drafts: bool | None, future: bool | None) -> None:
    """Build SITE into OUT, then rebuild what each edit touches, until Ctrl-C (exit 130).

    One line per rebuild says what changed, what was written and how long it took.
    """
    from .builder.watch import watch_site

    watch_site(site_path, out, overrides={"drafts": drafts, "future": future}, on_build=_echo_rebuild)


@cli.command("serve")
@click.argument("site_path", metavar="SITE", type=_WATCHED_SITE)
@click.option(
    "-o",
    "--output",
    "out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Output folder [default: a folder of SITE's own under ~/.cache/newsfmt/serve/].",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback: this machine).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="0 picks a free port.")
@click.option("--drafts", is_flag=True, default=None, help="Include drafts.")
@click.option("--future", is_flag=True, default=None, help="Include posts dated in the future.")
@reports_errors
def serve_command(
    site_path: Path, out: Path | None, host: str, port: int, drafts: bool | None, future: bool | None
) -> None:
    """Build SITE, serve its feeds, books and texts over HTTP for a preview, and rebuild on every change.

    Only the output folder is served, never the site's sources. Stop with Ctrl-C (exit 130).
    """
    from .builder.serve import preview_folder, serve_site

    target = out or preview_folder(site_path)
    say(f"newsfmt: building into {target}", err=True)
    serve_site(
        site_path,
        target,
        host=host,
        port=port,
        overrides={"drafts": drafts, "future": future},
        on_build=_echo_rebuild,
        on_serving=lambda url: say(f"newsfmt: serving {target} at {url} (Ctrl-C stops)", err=True),
    )
