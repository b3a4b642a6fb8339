"""Add feedgen extensions (here iTunes podcast tags) to newsfmt's RSS feed before writing it.

python examples/podcast_feed.py examples/site podcast.xml
"""

from __future__ import annotations

import sys

import newsfmt


def main(root: str, out: str) -> None:
    site = newsfmt.load_site(root)
    # The feed to_rss would write, as a feedgen FeedGenerator:
    feed = newsfmt.to_feedgen(site.articles, site.config, fmt="rss", limit=10)
    feed.load_extension("podcast")
    feed.podcast.itunes_category("News")
    feed.podcast.itunes_explicit("no")
    feed.rss_file(out, pretty=True)
    print(f"wrote {out}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
