"""Write one Atom feed per category, each with its own address, into a folder of your layout.

python examples/category_feeds.py examples/site feeds
"""

from __future__ import annotations

import sys
from pathlib import Path

import newsfmt


def main(root: str, out: str) -> None:
    site = newsfmt.load_site(root)
    for plan in newsfmt.plan_feeds(site.articles, site.config):
        if plan.category is None:
            continue  # the site-wide feed
        name = f"{newsfmt.slugify(plan.category)}.xml"  # the slug newsfmt's own outputs use
        data = newsfmt.to_atom(
            site.articles,
            site.config,
            category=plan.category,
            feed_url=f"/feeds/{name}",  # the feed's own address: its self link
            limit=20,
        )
        Path(out, name).parent.mkdir(parents=True, exist_ok=True)
        Path(out, name).write_bytes(data)
        print(f"{plan.category}: {out}/{name}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
