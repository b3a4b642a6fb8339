"""Automatic summaries: whole sentences, bylines and labels skipped, CJK and English budgets, ellipsis."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from newsfmt import CleaningRules, clean_html
from newsfmt.cleaning import summary as summary_module


def test_whole_text_when_short_and_no_ellipsis() -> None:
    assert clean_html("<p>株洲日报讯。</p><p>第二句。</p>").summary == "株洲日报讯。第二句。"
    assert clean_html("<p>Short one.</p><p>Two.</p>").summary == "Short one. Two."


def test_bylines_and_labels_are_skipped() -> None:
    html = "<p>本报记者 张三</p><p>【导读】</p><p>新华社北京12月31日电</p><p>正文第一句。</p>"
    assert clean_html(html).summary == "正文第一句。"
    assert clean_html("<p>By John Smith</p><p>Update:</p><p>The body starts here.</p>").summary == (
        "The body starts here."
    )


def test_cjk_budget_cuts_at_a_sentence_end() -> None:
    sentence = "长株潭一体化发展迈出新步伐。"  # 14 characters
    summary = clean_html("<p>" + sentence * 20 + "</p>").summary
    assert summary == sentence * 9 + "…"  # 126 characters; a tenth would pass 120 by more than 10%


def test_english_budget_is_about_fifty_words() -> None:
    sentence = "This sentence has exactly six words. "
    summary = clean_html("<p>" + sentence * 20 + "</p>").summary
    assert summary == (sentence * 9).strip() + "…"  # 54 words; a tenth sentence would pass 50 by more than 10%


def test_long_first_sentence_is_cut_after_a_comma() -> None:
    clause = "长株潭一体化发展迈出新步伐，"
    summary = clean_html("<p>" + clause * 20 + "结束。</p>").summary
    assert summary.endswith("新步伐…")
    assert 100 <= len(summary) <= 122


def test_headings_and_tables_are_not_summaries() -> None:
    html = "<h2>标题不算</h2><table><tr><td>表格不算</td></tr></table><p>正文。</p>"
    assert clean_html(html).summary == "正文。"


def test_summary_length_is_a_rule() -> None:
    rules = CleaningRules.from_options({"cleaning": {"summary_chars": 20}})
    summary = clean_html("<p>" + "长株潭一体化发展。" * 5 + "</p>", rules=rules).summary
    assert summary == "长株潭一体化发展。长株潭一体化发展。…"


_LAZY_SENTENCE = re.compile(r".*?(?:[。！？!?]+|…+|\.(?=\s|$))[”’」』）)\"']*\s*|.+$", re.DOTALL)
"""The sentence pattern as first written; the faster one must split every text the same way."""


@settings(max_examples=500)
@given(st.lists(st.sampled_from([*"ab1 .。！？!?…”’」』）)\"'\n\t\u3000株洲", "e.g.", "...", ". "])).map("".join))
def test_sentences_split_as_the_lazy_pattern_does(text: str) -> None:
    spans = [match.span() for match in summary_module._SENTENCE.finditer(text)]
    assert spans == [match.span() for match in _LAZY_SENTENCE.finditer(text)]


def test_skip_patterns_are_joined_only_when_that_keeps_their_meaning() -> None:
    assert summary_module._any_of((re.compile("a"), re.compile("b"))) is not None
    assert summary_module._any_of((re.compile(r"(a)\1"), re.compile("b"))) is None  # group numbers would shift
    assert summary_module._any_of((re.compile("a"), re.compile("(?i)b"))) is None  # a global flag mid-pattern
    rules = CleaningRules(byline_patterns=("(?i)^by ",), label_patterns=(r"(\w)\1",))
    assert clean_html("<p>BY the river.</p><p>aa</p><p>Body.</p>", rules=rules).summary == "Body."


_PARAGRAPHS = st.lists(
    st.sampled_from(
        [
            "<p>本报记者 张三</p>",
            "<p>【导读】</p>",
            "<p>长株潭一体化发展迈出新步伐。</p>",
            "<p>株洲" * 3 + "日报，" * 9 + "</p>",
            "<p>This sentence has exactly six words.</p>",
            "<h2>标题不算</h2>",
            "<ul><li>一项。</li><li>Item two.</li></ul>",
            "<blockquote><p>引文一句。</p></blockquote>",
            '<p><img src="/a.png" alt="图注"/></p>',
            "loose text。",
            "<br/>",
            "<strong>粗体</strong>",
            "<em>Inline words</em>",
            "株洲日报长沙湘潭",
            '<p><a href="https://example.org/x">链接文字。</a></p>',
            "<table><tr><td>表格不算</td></tr></table>",
        ]
    ),
    max_size=40,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(_PARAGRAPHS, st.sampled_from([5, 20, 120]))
@example("loose text。" + "<p>长株潭一体化发展迈出新步伐。</p>" * 12, 20)
@example("<p>短。</p>" * 7 + "<strong>粗体</strong>" * 10, 5)
def test_a_feed_gets_the_summary_of_the_whole_body(html: str, chars: int) -> None:
    # Without plain text, the summary comes from the first elements of the body when they hold it.
    rules = CleaningRules.from_options({"cleaning": {"summary_chars": chars}})
    whole = clean_html(html, rules=rules)
    feed = clean_html(html, rules=rules, plain_text=False)
    assert feed.summary == whole.summary
    assert feed.html == whole.html
    assert feed.text == ("" if whole.summary else whole.text)
