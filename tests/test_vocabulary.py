"""Each closed vocabulary is spelled once, in newsfmt.vocabulary, and every door (CLI, config) takes exactly it."""

from __future__ import annotations

import re
from typing import get_args

import click
import pytest

import newsfmt.vocabulary as vocabulary
from newsfmt.cli import cli
from newsfmt.errors import ConfigError
from newsfmt.options import BuildOptions, parse_output_kinds
from tests.conftest import REPO

_LITERAL = re.compile(r"\bLiteral\[")


def test_literals_are_declared_only_in_the_vocabulary() -> None:
    elsewhere = [
        path.relative_to(REPO).as_posix()
        for path in sorted((REPO / "src" / "newsfmt").rglob("*.py"))
        if path.name != "vocabulary.py" and _LITERAL.search(path.read_text(encoding="utf-8"))
    ]
    assert elsewhere == []


def test_each_literal_has_its_tuple_of_distinct_words() -> None:
    literals = [getattr(vocabulary, name) for name in vocabulary.__all__ if name[:1].isupper() and not name.isupper()]
    tuples = [getattr(vocabulary, name) for name in vocabulary.__all__ if name.isupper()]
    assert sorted(get_args(literal) for literal in literals) == sorted(tuples)
    assert all(len(set(words)) == len(words) for words in tuples)


def _choices(command: str, option: str) -> tuple[str, ...]:
    param = next(p for p in cli.commands[command].params if p.name == option)
    assert isinstance(param.type, click.Choice)
    return tuple(param.type.choices)


@pytest.mark.parametrize(
    ("command", "option", "words"),
    [
        ("feed", "fmt", vocabulary.FEED_FORMATS),
        ("text", "links", vocabulary.LINK_STYLES),
        ("epub", "by", vocabulary.BOOK_SPLITS),
        ("epub", "toc_by", vocabulary.TOC_GROUPINGS),
        ("build", "epub_by", vocabulary.BOOK_SPLITS),
        ("build", "naive_dates", vocabulary.NAIVE_DATES),
        ("inspect", "naive_dates", vocabulary.NAIVE_DATES),
    ],
)
def test_cli_choices_come_from_the_vocabulary(command: str, option: str, words: tuple[str, ...]) -> None:
    assert _choices(command, option) == words


@pytest.mark.parametrize(
    ("option", "words"),
    [
        ("feed_content", vocabulary.FEED_CONTENTS),
        ("epub_by", vocabulary.BOOK_SPLITS),
        ("text_links", vocabulary.LINK_STYLES),
    ],
)
def test_build_options_take_exactly_the_vocabulary(option: str, words: tuple[str, ...]) -> None:
    for word in words:
        assert getattr(BuildOptions().merged({option: word}, source="test"), option) == word
    with pytest.raises(ConfigError, match=re.escape(vocabulary.spell_out(words))):
        BuildOptions().merged({option: "nonsense"}, source="test")


def test_output_kinds_are_parsed_once_for_config_and_command_line() -> None:
    assert parse_output_kinds("feeds, text,") == {"feeds", "text"}
    assert parse_output_kinds(["epub"]) == {"epub"}
    assert BuildOptions().only == set(vocabulary.OUTPUT_KINDS)
    for bad in ("", ",", "feeds,books"):
        with pytest.raises(ValueError, match="expected some of feeds, epub, text"):
            parse_output_kinds(bad)
    with pytest.raises(ConfigError, match="some of feeds, epub, text"):
        BuildOptions().merged({"only": "books"}, source="test")
