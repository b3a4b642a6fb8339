"""Paragraphs of plain text are collapsed all together, not one by one: the blocks must be the walk's, exactly."""

from __future__ import annotations

from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsfmt.cleaning import render
from newsfmt.cleaning.parse import parse_fragment

TEXT = st.lists(
    st.sampled_from(["株洲", "日报", "\n", " ", "\t", "\u3000", "&nbsp;", "abc", "“引”", "—", "行\n行", "a\nb", "。"]),
    max_size=5,
).map("".join)
INLINE = st.sampled_from(["{}", "{}", "<strong>{}</strong>", "<em>x{}</em>y", '<a href="https://example.org/">{}</a>'])
BLOCK = st.sampled_from(
    ["<p>{}</p>", "<p>{}</p>", "<h2>{}</h2>", "<ul><li>{}</li><li>b</li></ul>", "<table><tr><td>{}</td></tr></table>",
     "<p>{}<br>x</p>", '<p><img src="https://example.org/i.png" alt="{}"></p>', "<blockquote><p>{}</p></blockquote>"]
)  # fmt: skip
BETWEEN = st.sampled_from(["", "\n ", "\n\n", "loose {} text", "\u3000"])


@st.composite
def bodies(draw: st.DrawFn) -> str:
    parts = [draw(BETWEEN).format(draw(TEXT))]
    for _ in range(draw(st.integers(0, 6))):
        parts.append(draw(BLOCK).format(draw(INLINE).format(draw(TEXT))))
        parts.append(draw(BETWEEN).format(draw(TEXT)))
    return "".join(parts)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bodies())
def test_paragraphs_collapsed_together_are_the_walks_blocks(html: str) -> None:
    body = parse_fragment(html)
    rendered = render.render_blocks(body)
    with mock.patch.object(render, "_SIMPLE", {}):  # every paragraph and heading walked element by element
        walked = render.render_blocks(body)
    assert rendered == walked
