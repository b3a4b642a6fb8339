"""Read a site and list its newest articles and its problems.

python examples/read_site.py examples/site
"""

from __future__ import annotations

import sys

import newsfmt


def main(root: str) -> None:
    site = newsfmt.load_site(root)
    print(f"{site.config.title}: {len(site.articles)} articles")
    for article in site.articles[:5]:
        print(f"{article.date:%Y-%m-%d %H:%M}  {article.title}  {article.url}")
    for problem in site.problems:
        print(problem, file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "examples/site")
