"""Make one book per category of a year, with your cover and a display name for each category.

python examples/yearly_book.py examples/site 2025 cover.png books
"""

from __future__ import annotations

import sys
from pathlib import Path

import newsfmt

DISPLAY_NAMES = {"city": "城市新闻", "economy": "经济观察", "tech": "科技"}
"""What a reader sees on the cover and title page, by category (others keep their name)."""


def main(root: str, year: str, cover: str, out: str) -> None:
    site = newsfmt.load_site(root)
    Path(out).mkdir(parents=True, exist_ok=True)
    for plan in newsfmt.plan_books(site.articles, site.config, by="year", year=int(year)):
        name = DISPLAY_NAMES.get(plan.category, plan.category)
        path = newsfmt.write_epub(
            plan.articles,
            site.config,
            Path(out) / plan.file_name,
            title=f"{name} {plan.period}",
            category=plan.category,
            period=plan.period,
            cover=Path(cover),
        )
        print(f"{path}: {len(plan.articles)} articles")


if __name__ == "__main__":
    main(*sys.argv[1:5])
