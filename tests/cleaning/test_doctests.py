"""The examples in the docstrings of the cleaning and text modules run and say what they show."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "newsfmt.cleaning.clean",
    "newsfmt.cleaning.links",
    "newsfmt.cleaning.parse",
    "newsfmt.cleaning.rules",
    "newsfmt.cleaning.whitespace",
    "newsfmt.cleaning.wrap",
    "newsfmt.exporters.text",
    "newsfmt.paths",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    assert result.attempted > 0
