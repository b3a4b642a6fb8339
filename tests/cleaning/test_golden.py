"""Golden files: HTML in, clean HTML (and what was extracted) out; HTML in, plain text out.

Each case is ``tests/golden/<kind>/<name>.in.html``; a first-line comment may set options
(``<!-- newsfmt: base_url=... width=20 links=references -->``). Run with ``NEWSFMT_REGEN=1`` to
rewrite the expected files after a deliberate change, then review the diff.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from newsfmt import clean_html, to_text
from tests.support.golden import GOLDEN, assert_golden

_OPTIONS = re.compile(r"<!-- newsfmt: (.*?) -->")


def _cases(kind: str) -> list[Path]:
    return sorted((GOLDEN / kind).glob("*.in.html"))


def _read_case(path: Path) -> tuple[str, dict[str, str]]:
    html = path.read_text(encoding="utf-8")
    match = _OPTIONS.match(html)
    options = dict(item.split("=", 1) for item in match.group(1).split()) if match else {}
    return html, options


@pytest.mark.parametrize("case", _cases("clean"), ids=lambda p: p.name.removesuffix(".in.html"))
def test_clean_golden(case: Path) -> None:
    html, options = _read_case(case)
    result = clean_html(html, base_url=options.get("base_url"))
    name = case.name.removesuffix(".in.html")
    assert_golden(case.with_name(f"{name}.out.html"), result.html + "\n")
    extracted: dict[str, Any] = {
        "source_name": result.source_name,
        "source_url": result.source_url,
        "summary": result.summary,
        "text": result.text,
    }
    assert_golden(case.with_name(f"{name}.json"), json.dumps(extracted, ensure_ascii=False, indent=1) + "\n")
    etree.fromstring(f"<div>{result.html}</div>")  # well-formed XML, with no entity but the XML five


@pytest.mark.parametrize("case", _cases("text"), ids=lambda p: p.name.removesuffix(".in.html"))
def test_text_golden(case: Path) -> None:
    html, options = _read_case(case)
    width = int(options["width"]) if "width" in options else None
    links = options.get("links", "inline")
    assert links in ("inline", "references", "none")
    result = clean_html(html, base_url=options.get("base_url"))
    text = to_text(result.html, width=width, links=links)  # type: ignore[arg-type]
    name = case.name.removesuffix(".in.html")
    assert_golden(case.with_name(f"{name}.txt"), text + "\n")
    if width is None and links == "inline":
        assert text == result.text


def test_every_case_has_its_expected_files() -> None:
    for kind, suffixes in (("clean", (".out.html", ".json")), ("text", (".txt",))):
        for case in _cases(kind):
            name = case.name.removesuffix(".in.html")
            for suffix in suffixes:
                assert case.with_name(name + suffix).exists(), f"{kind}/{name}{suffix}"
