#!/usr/bin/env python3
"""Benchmark newsfmt's feeds beside Hugo's RSS and jekyll-feed on generated Chinese news sites.

For each size (default 1,000 and 10,000 posts) the script generates a site with the shared ``gen_corpus.py``
(seed 1), then measures, as the median of ``--repeats`` runs under ``/usr/bin/time -v`` (wall time, peak RSS):

* ``newsfmt feed SITE --format rss --limit 0`` end to end (read + clean + write every post, full content),
  and the same for ``atom`` and ``json``; needs the site reader (reported as "reader not merged" otherwise);
* ``newsfmt feed SITE`` as most people run it (RSS, the newest 50 posts, whose bodies alone are cleaned);
* the exporters alone, in a fresh process per format: articles are loaded first (with ``load_site``, or, until
  the reader is merged, a labelled stand-in that splits front matter with PyYAML and keeps the body as it is),
  then ``build_view`` (selection, ids, cleaning of text), feedgen's object setup, feedgen's lxml tree and the
  serialisation are timed separately;
* Hugo building only a full-content RSS feed (the issue's reference: half its wall time, less memory), and
  Hugo's default build (pages + its summary-only RSS);
* Jekyll with jekyll-feed and every post in the feed (slow: by default only up to 1,000 posts; ``--jekyll-max``).

Usage::

    python3 benchmarks/bench_feeds.py [--sizes 1000 10000] [--repeats 3] [--work DIR] [--out results.md]

Run it with the project's virtualenv Python from the repository root. Nothing is written outside ``--work``
(a temporary folder by default) except ``--out``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
GEN = REPO / ".." / "shared" / "tools" / "gen_corpus.py"

HUGO_CONFIG = """baseURL = "https://finews.withounder.com/"
languageCode = "zh-CN"
title = "财经新闻聚合"
hasCJKLanguage = true
timeZone = "Asia/Shanghai"
disableKinds = ["taxonomy", "term", "sitemap", "robotsTXT", "404"]
[markup.goldmark.renderer]
unsafe = true
"""
HUGO_FEED_ONLY = """layoutDir = "layouts-fc"
[[cascade]]
  [cascade._build]
    render = "link"
    list = "always"
  [cascade._target]
    kind = "page"
"""
HUGO_SINGLE = (
    '<!DOCTYPE html><html><head><meta charset="utf-8"><title>{{ .Title }}</title></head>'
    "<body><h1>{{ .Title }}</h1>{{ .Content }}</body></html>\n"
)
HUGO_LIST = (
    '<!DOCTYPE html><html><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body><ul>'
    '{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></body></html>\n'
)
# Full-content RSS (Hugo's embedded template carries only .Summary), as in the team's peer benchmark.
HUGO_RSS_FULL = """{{- $pages := .Pages -}}
{{- if .IsHome -}}{{- $pages = .Site.RegularPages -}}{{- end -}}
{{- printf "<?xml version=\\"1.0\\" encoding=\\"utf-8\\" standalone=\\"yes\\"?>" | safeHTML }}
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>{{ .Site.Title }}</title>
    <link>{{ .Permalink }}</link>
    <description>{{ .Site.Title }}</description>
    <language>{{ site.LanguageCode }}</language>
    {{ with .OutputFormats.Get "RSS" }}
      {{- printf "<atom:link href=%q rel=\\"self\\" type=%q />" .Permalink .MediaType | safeHTML -}}
    {{ end }}
    {{- range $pages }}
    <item>
      <title>{{ .Title }}</title>
      <link>{{ .Permalink }}</link>
      <pubDate>{{ .Date.Format "Mon, 02 Jan 2006 15:04:05 -0700" | safeHTML }}</pubDate>
      <guid>{{ .Permalink }}</guid>
      {{- with .Params.categories }}<category>{{ . }}</category>{{ end }}
      <description>{{ .Content | html }}</description>
    </item>
    {{- end }}
  </channel>
</rss>
"""


# ----------------------------------------------------------------------------------------------- measuring
def timed(command: list[str], *, env: dict[str, str] | None = None, cwd: Path | None = None) -> tuple[float, float]:
    """Run ``command`` under ``/usr/bin/time -v``: (wall seconds, peak RSS in MB). Raises on failure."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        result = subprocess.run(
            ["/usr/bin/time", "-v", "-o", report.name, *command],
            capture_output=True,
            env=env,
            cwd=cwd,
            check=False,
        )
        text = Path(report.name).read_text()
    if result.returncode != 0:
        raise RuntimeError(f"{command[0]} failed: {result.stderr.decode('utf-8', 'replace')[-1500:]}")
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)", text)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
    assert wall and rss, text
    hours, minutes, seconds = int(wall.group(1) or 0), int(wall.group(2)), float(wall.group(3))
    return hours * 3600 + minutes * 60 + seconds, int(rss.group(1)) / 1024


def median_run(command: list[str], repeats: int, **kwargs: Any) -> dict[str, Any]:
    runs = [timed(command, **kwargs) for _ in range(repeats)]
    return {
        "wall": statistics.median(r[0] for r in runs),
        "rss": max(r[1] for r in runs),
        "runs": [round(r[0], 2) for r in runs],
    }


def python_env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO / "src"), "PYTHONHASHSEED": "0"}


# ----------------------------------------------------------------------------------------------- sites
def generate(size: int, work: Path) -> Path:
    site = work / f"site-{size}"
    if not (site / ".complete").exists():
        shutil.rmtree(site, ignore_errors=True)
        subprocess.run(
            [sys.executable, str(GEN), "-n", str(size), "-o", str(site), "--seed", "1"],
            check=True,
            capture_output=True,
        )
        (site / ".complete").touch()
    return site


def hugo_site(size: int, site: Path, work: Path) -> Path:
    hugo = work / f"hugo-{size}"
    if (hugo / ".complete").exists():
        return hugo
    shutil.rmtree(hugo, ignore_errors=True)
    (hugo / "content").mkdir(parents=True)
    shutil.copytree(site / "_posts", hugo / "content" / "posts")
    (hugo / "config.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    (hugo / "feedonly.toml").write_text(HUGO_FEED_ONLY, encoding="utf-8")
    for layouts in ("layouts", "layouts-fc"):
        (hugo / layouts / "_default").mkdir(parents=True)
        (hugo / layouts / "_default" / "single.html").write_text(HUGO_SINGLE, encoding="utf-8")
        (hugo / layouts / "_default" / "list.html").write_text(HUGO_LIST, encoding="utf-8")
    (hugo / "layouts-fc" / "_default" / "rss.xml").write_text(HUGO_RSS_FULL, encoding="utf-8")
    (hugo / ".complete").touch()
    return hugo


# ----------------------------------------------------------------------------------------------- inner run
def standin_articles(site: Path) -> tuple[list[Any], Any]:
    """Articles without the real reader: front matter by PyYAML, body kept as written (HTML for most posts)."""
    from zoneinfo import ZoneInfo

    import yaml

    from newsfmt.model import Article, Author, SiteConfig

    raw = yaml.safe_load((site / "_config.yml").read_text(encoding="utf-8"))
    config = SiteConfig(
        title=raw.get("title", ""),
        description=raw.get("description", ""),
        url=raw.get("url", ""),
        lang=raw.get("lang", "en"),
        timezone=raw.get("timezone", "UTC"),
        author=Author(raw["author"]) if raw.get("author") else None,
    )
    zone = ZoneInfo(config.timezone)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    articles = []
    for path in sorted((site / "_posts").iterdir()):
        text = path.read_text(encoding="utf-8")
        _, header, body = text.split("---\n", 2)
        meta = yaml.load(header, Loader=loader)
        stamp = str(meta["date"])
        try:
            date = datetime.strptime(stamp, "%Y-%m-%d %H:%M:%S %z")
        except ValueError:
            date = datetime.strptime(stamp[:19], "%Y-%m-%d %H:%M:%S").replace(tzinfo=zone)
        categories = meta.get("categories") or ()
        categories = tuple(categories.split() if isinstance(categories, str) else map(str, categories))
        tags = meta.get("tags") or ()
        tags = tuple(tags.split() if isinstance(tags, str) else map(str, tags))
        slug = path.stem[11:]
        post_id = "/" + "/".join((*categories, date.astimezone(zone).strftime("%Y/%m/%d"), slug))
        articles.append(
            Article(
                id=post_id,
                title=str(meta.get("title", "")),
                date=date,
                updated=None,
                categories=categories,
                tags=tags,
                authors=(config.author,) if config.author else (),
                summary=body[:120],
                body_html=body,
                text=body,
                url=config.absolute_url(post_id + ".html"),
                permalink=post_id + ".html",
                slug=slug,
                lang=config.lang,
            )
        )
    return articles, config


def direct_rss_tree(view: Any) -> Any:
    """The same RSS items built with plain lxml calls: a floor that shows what feedgen's layer costs."""
    from email.utils import format_datetime

    from lxml import etree

    content = "{http://purl.org/rss/1.0/modules/content/}encoded"
    creator = "{http://purl.org/dc/elements/1.1/}creator"
    namespaces = {"content": content[1:].split("}")[0], "dc": creator[1:].split("}")[0]}
    root = etree.Element("rss", version="2.0", nsmap=namespaces)
    channel = etree.SubElement(root, "channel")
    etree.SubElement(channel, "title").text = view.title
    etree.SubElement(channel, "link").text = view.home_url
    for entry in view.entries:
        item = etree.SubElement(channel, "item")
        etree.SubElement(item, "title").text = entry.title
        etree.SubElement(item, "link").text = entry.link
        etree.SubElement(item, "description").text = entry.summary
        etree.SubElement(item, content).text = entry.content_html
        etree.SubElement(item, "guid", isPermaLink="true").text = entry.guid
        for term in entry.categories:
            etree.SubElement(item, "category").text = term
        etree.SubElement(item, "pubDate").text = format_datetime(entry.published)
        for author in entry.authors:
            etree.SubElement(item, creator).text = author.name
    return root


def inner(fmt: str, site: Path) -> None:
    """One exporter run in this process; prints JSON CPU times of each phase (robust on a busy machine)."""
    from lxml import etree

    import newsfmt
    from newsfmt.exporters.feeds import rss_atom as feeds
    from newsfmt.exporters.feeds.json_feed import _document
    from newsfmt.exporters.feeds.view import build_view

    clock = time.process_time
    started = clock()
    try:
        site = newsfmt.load_site(site)
        articles, config, loader = list(site.articles), site.config, "load_site"
    except NotImplementedError:
        articles, config = standin_articles(site)
        loader = "stand-in"
    rss_loaded = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    phases: dict[str, float] = {"load": clock() - started}
    mark = clock()
    view = build_view(articles, config, fmt=fmt, limit=0)  # type: ignore[arg-type]
    phases["view"] = clock() - mark
    mark = clock()
    if fmt == "json":
        document = _document(view)
        phases["objects"] = clock() - mark
        mark = clock()
        data = json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
        phases["serialise"] = clock() - mark
    else:
        generator = feeds._generator(view, fmt)  # type: ignore[arg-type]
        phases["feedgen setup"] = clock() - mark
        mark = clock()
        root, _ = generator._create_rss() if fmt == "rss" else generator._create_atom()
        if fmt == "atom":
            feeds._finish_atom(root, view)
        phases["feedgen tree"] = clock() - mark
        mark = clock()
        data = etree.tostring(root, encoding="UTF-8", xml_declaration=True, pretty_print=True)
        phases["serialise"] = clock() - mark
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    floor = None
    if fmt == "rss":
        del root, generator, data
        mark = clock()
        floor_data = etree.tostring(direct_rss_tree(view), encoding="UTF-8", xml_declaration=True, pretty_print=True)
        floor = clock() - mark
        data = floor_data
    print(
        json.dumps(
            {
                "loader": loader,
                "entries": len(view.entries),
                "bytes": len(data),
                "phases": phases,
                "lxml_floor": floor,
                "rss_after_load_mb": rss_loaded,
                "rss_peak_mb": peak,
            }
        )
    )


def run_inner(fmt: str, site: Path, repeats: int) -> dict[str, Any]:
    results = []
    for _ in range(repeats):
        output = subprocess.run(
            [sys.executable, __file__, "--inner", fmt, str(site)],
            capture_output=True,
            env=python_env(),
            check=True,
        )
        results.append(json.loads(output.stdout))
    best = min(results, key=lambda r: sum(v for k, v in r["phases"].items() if k != "load"))
    best["export_median"] = statistics.median(sum(v for k, v in r["phases"].items() if k != "load") for r in results)
    return best


# ----------------------------------------------------------------------------------------------- main
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--work", type=Path, help="work folder (default: a new temporary folder)")
    parser.add_argument("--out", type=Path, help="also write the Markdown tables here")
    parser.add_argument("--jekyll-max", type=int, default=1000, help="largest site Jekyll builds (slow)")
    parser.add_argument("--formats", nargs="+", default=["rss", "atom", "json"], choices=["rss", "atom", "json"])
    parser.add_argument("--no-peers", action="store_true", help="skip Hugo and Jekyll")
    parser.add_argument("--inner", nargs=2, metavar=("FORMAT", "SITE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inner:
        inner(args.inner[0], Path(args.inner[1]))
        return
    work = args.work or Path(tempfile.mkdtemp(prefix="newsfmt-bench-feeds-"))
    work.mkdir(parents=True, exist_ok=True)
    rows = ["| tool | task | posts | median wall s | peak RSS MB | runs (s) |", "|---|---|---|---|---|---|"]
    phase_rows = [
        "| format | posts | articles from | entries | feed MB | load s | view s | feedgen setup s | tree s "
        "| serialise s | export total s (median) | plain-lxml floor s | RSS after load MB | peak RSS MB |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]

    def row(tool: str, task: str, size: int, result: dict[str, Any]) -> None:
        rows.append(f"| {tool} | {task} | {size:,} | {result['wall']:.2f} | {result['rss']:.0f} | {result['runs']} |")
        print(rows[-1], flush=True)

    for size in args.sizes:
        site = generate(size, work)
        for fmt in args.formats:
            out = work / f"out-{size}.{fmt}"
            command = [sys.executable, "-m", "newsfmt", "feed", str(site), "--format", fmt, "--limit", "0"]
            try:
                row(
                    "newsfmt",
                    f"feed --format {fmt} --limit 0",
                    size,
                    median_run([*command, "-o", str(out)], args.repeats, env=python_env()),
                )
            except RuntimeError as exc:
                reason = "reader not merged" if "NotImplementedError" in str(exc) else str(exc).splitlines()[-1]
                rows.append(f"| newsfmt | feed --format {fmt} --limit 0 | {size:,} | – | – | {reason} |")
                print(rows[-1], flush=True)
            phases = run_inner(fmt, site, args.repeats)
            p = phases["phases"]
            setup = p.get("feedgen setup", p.get("objects", 0.0))
            floor = "–" if phases["lxml_floor"] is None else f"{p['view'] + phases['lxml_floor']:.2f}"
            phase_rows.append(
                f"| {fmt} | {size:,} | {phases['loader']} | {phases['entries']:,} | {phases['bytes'] / 2**20:.1f} "
                f"| {p['load']:.2f} | {p['view']:.2f} | {setup:.2f} | {p.get('feedgen tree', 0.0):.2f} "
                f"| {p['serialise']:.2f} | {phases['export_median']:.2f} | {floor} "
                f"| {phases['rss_after_load_mb']:.0f} | {phases['rss_peak_mb']:.0f} |"
            )
            print(phase_rows[-1], flush=True)
        newest = [sys.executable, "-m", "newsfmt", "feed", str(site), "-o", str(work / f"out-{size}-newest.rss")]
        row("newsfmt", "feed (RSS, newest 50: the default)", size, median_run(newest, args.repeats, env=python_env()))
        if args.no_peers:
            continue
        if shutil.which("hugo"):
            hugo = hugo_site(size, site, work)
            dest = work / f"hugo-out-{size}"
            config = f"{hugo / 'config.toml'},{hugo / 'feedonly.toml'}"
            row(
                "hugo",
                "RSS only, full content",
                size,
                median_run(["hugo", "--quiet", "-s", str(hugo), "-d", str(dest), "--config", config], args.repeats),
            )
            row(
                "hugo",
                "pages + RSS (summary)",
                size,
                median_run(["hugo", "--quiet", "-s", str(hugo), "-d", str(dest)], args.repeats),
            )
        if shutil.which("jekyll") and size <= args.jekyll_max:
            override = work / "jekyll-feed-all.yml"
            override.write_text("feed:\n  posts_limit: 100000000\n", encoding="utf-8")
            env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
            dest = work / f"jekyll-out-{size}"
            config = f"{site / '_config.yml'},{override}"
            row(
                "jekyll",
                "build + jekyll-feed (all posts)",
                size,
                median_run(
                    [
                        "jekyll",
                        "build",
                        "-q",
                        "--disable-disk-cache",
                        "-s",
                        str(site),
                        "-d",
                        str(dest),
                        "--config",
                        config,
                    ],
                    1,
                    env=env,
                ),
            )
    text = "\n".join(rows) + "\n\nExporter phases, CPU seconds (one process per format, best of the repeats):\n\n"
    text += "\n".join(phase_rows) + "\n"
    print("\n" + text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
