"""Write a site's articles as JSON Lines for an NLP pipeline: one object per article and line.

python examples/nlp_jsonl.py examples/site articles.jsonl
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import newsfmt

FIELDS = ("id", "url", "date", "lang", "categories", "title", "text")


def main(root: str, out: str) -> None:
    site = newsfmt.load_site(root)
    with Path(out).open("w", encoding="utf-8") as lines:
        for article in site.articles:
            record = article.to_dict()  # JSON-ready: ISO 8601 dates, lists, strings
            keep = {key: record[key] for key in FIELDS}
            lines.write(json.dumps(keep, ensure_ascii=False) + "\n")
    print(f"wrote {len(site.articles)} articles to {out}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
