"""Digests that must be the same in every process."""

from __future__ import annotations

from dataclasses import dataclass

from newsfmt.builder.stable import stable_digest, stable_form


@dataclass(frozen=True)
class _Settings:
    name: str
    tags: frozenset[str]


def test_equal_values_digest_alike_whether_or_not_they_are_one_object() -> None:
    shared = "".join(["ca", "t"])
    one_object = {"a": shared, "b": shared}
    two_objects = {"a": "".join(["c", "at"]), "b": "".join(["ca", "t"])}
    assert one_object["a"] is one_object["b"]
    assert two_objects["a"] is not two_objects["b"]
    assert stable_digest(one_object) == stable_digest(two_objects)


def test_a_reordered_mapping_is_a_different_value() -> None:
    # a Liquid loop over a config mapping shows its order, so a reorder must not look unchanged
    assert stable_digest({"a": 1, "b": 2}) != stable_digest({"b": 2, "a": 1})


def test_sets_and_dataclasses_have_one_form() -> None:
    first = _Settings("x", frozenset({"b", "a", "c"}))
    second = _Settings("x", frozenset({"c", "a", "b"}))
    assert stable_form(first) == stable_form(second)
    assert stable_digest(first) != stable_digest(_Settings("y", first.tags))
    assert stable_digest(1) != stable_digest("1") != stable_digest(1.0)
