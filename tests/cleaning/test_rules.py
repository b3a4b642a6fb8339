"""CleaningRules: data in, behaviour out; bad options are ConfigErrors that name the option."""

from __future__ import annotations

import pytest

from newsfmt import DEFAULT_RULES, CleaningRules, ConfigError, clean_html
from newsfmt.cleaning.parse import parse_fragment
from newsfmt.cleaning.rules import compile_rules


def test_from_options_extends_the_defaults() -> None:
    rules = CleaningRules.from_options({"cleaning": {"remove_selectors": ["div.share"], "summary_chars": 60}})
    assert rules.remove_selectors[: len(DEFAULT_RULES.remove_selectors)] == DEFAULT_RULES.remove_selectors
    assert rules.remove_selectors[-1] == "div.share"
    assert rules.summary_chars == 60
    assert CleaningRules.from_options(None) is DEFAULT_RULES
    assert CleaningRules.from_options({"cleaning": None}) is DEFAULT_RULES


def test_defaults_false_starts_from_nothing() -> None:
    rules = CleaningRules.from_options({"cleaning": {"defaults": False, "remove_patterns": "^广告.*$"}})
    assert rules.remove_selectors == ()
    assert rules.source_patterns == ()
    assert rules.remove_patterns == ("^广告.*$",)
    result = clean_html("<p>正文。</p><p>（文章来源：株洲日报）</p>", rules=rules)
    assert result.source_name is None
    assert "文章来源" in result.text


def test_user_selectors_and_patterns_remove_blocks() -> None:
    rules = CleaningRules.from_options(
        {"cleaning": {"remove_selectors": ["div.share", "p.editor"], "remove_patterns": [r"责任编辑：\S+"]}}
    )
    html = (
        '<p>正文第一段。</p><div class="share"><a href="https://x.example/">分享到微博</a></div>'
        '<p class="editor">编辑：王五</p><p>责任编辑：张三</p><p>正文最后一段。</p>'
    )
    result = clean_html(html, rules=rules)
    assert result.text == "正文第一段。\n\n正文最后一段。"
    default = clean_html(html)
    assert "责任编辑：张三" in default.text and "分享到微博" in default.text


def test_user_source_pattern_gives_source_name() -> None:
    rules = CleaningRules.from_options({"cleaning": {"source_patterns": [r"Originally published in (?P<name>.+)\."]}})
    result = clean_html("<p>Body.</p><p>Originally published in The Example Times.</p>", rules=rules)
    assert result.source_name == "The Example Times"
    assert result.text == "Body."


def test_switches_turn_rules_off() -> None:
    html = '<p>正文。</p><p style="display:none">隐藏</p><p>http://example.org/a</p><p><a href="/">返回首页</a></p>'
    switches = {"remove_hidden": False, "trailing_url": False, "trailing_navigation": False}
    rules = CleaningRules.from_options({"cleaning": switches})
    result = clean_html(html, rules=rules)
    assert result.text == "正文。\n\n隐藏\n\nhttp://example.org/a\n\n返回首页"
    assert result.source_url is None


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"bogus": 1}, "newsfmt.cleaning.bogus: unknown option"),
        ({"remove_selectors": "p[["}, "bad CSS selector"),
        ({"remove_patterns": ["("]}, "bad regular expression"),
        ({"remove_patterns": [1]}, "must be a list of non-empty strings"),
        ({"summary_chars": "many"}, "summary_chars must be a whole number"),
        ({"summary_chars": 0}, "summary_chars must be a whole number"),
        ({"remove_hidden": "yes"}, "remove_hidden must be true or false"),
        ({"defaults": "no"}, "defaults must be true or false"),
        ({"source_patterns": ["来源：.*"]}, "needs a group (?P<name>...)"),
        ({"nav_link_pattern": 3}, "nav_link_pattern must be a string"),
        ("remove everything", "newsfmt options must be a mapping"),
        ({"cleaning": ["x"]}, "must be a mapping"),
    ],
)
def test_bad_options_raise_config_error(options: object, message: str) -> None:
    if isinstance(options, dict) and "cleaning" not in options:
        options = {"cleaning": options}
    with pytest.raises(ConfigError) as info:
        CleaningRules.from_options(options)  # type: ignore[arg-type]
    assert message in str(info.value)


def test_rules_are_hashable_values() -> None:
    thirty = {"cleaning": {"summary_words": 30}}
    assert CleaningRules.from_options(thirty) == CleaningRules.from_options(thirty)
    assert hash(DEFAULT_RULES) == hash(CleaningRules.from_options({"cleaning": {}}))


def test_other_newsfmt_options_are_ignored() -> None:
    assert CleaningRules.from_options({"feed_limit": 20, "epub": {"by": "year"}}) is DEFAULT_RULES


def test_lone_trailing_url_is_a_source_only_in_cjk_posts_by_default() -> None:
    zh = "<p>正文。</p><p>http://example.cn/news/1.html</p>"
    en = "<p>See my gist.</p><p>https://gist.example.com/42</p>"
    assert clean_html(zh).source_url == "http://example.cn/news/1.html"
    assert clean_html(zh, lang="en").source_url == "http://example.cn/news/1.html"  # the default lang says little
    assert clean_html(en).source_url is None
    assert clean_html(en).text == "See my gist.\n\nhttps://gist.example.com/42"
    assert clean_html(en, lang="zh-CN").source_url == "https://gist.example.com/42"
    everywhere = CleaningRules.from_options({"cleaning": {"trailing_url_cjk_only": False}})
    assert clean_html(en, rules=everywhere).source_url == "https://gist.example.com/42"


@pytest.mark.parametrize("colon", [":", "：", ": "])
@pytest.mark.parametrize(
    "last",
    [
        "<p>http://example.cn/report.html</p>",
        '<p><a href="http://example.cn/report.html">http://example.cn/report.html</a></p>',
        "<p>&lt;http://example.cn/report.html&gt;</p>",
    ],
)
def test_a_last_link_a_paragraph_ending_in_a_colon_introduces_is_content(colon: str, last: str) -> None:
    html = f"<p>全文见报告。</p><p>报告全文在此{colon}</p>{last}"
    result = clean_html(html, lang="zh-CN")
    assert result.source_url is None
    *_, introduction, link = result.text.split("\n\n")
    assert introduction == f"报告全文在此{colon.strip()}" and "http://example.cn/report.html" in link
    everywhere = CleaningRules.from_options({"cleaning": {"trailing_url_cjk_only": False}})
    english = clean_html(f"<p>Read the report here{colon}</p>{last}", rules=everywhere)
    assert english.source_url is None and "http://example.cn/report.html" in english.text.split("\n\n")[-1]


@pytest.mark.parametrize(
    "before", ["<p>全文完。</p>", "<p>时间：2021年</p><p>正文到此为止</p>", "<p>说明：见下</p><p>。</p>"]
)
def test_a_last_link_after_any_other_paragraph_is_still_the_source(before: str) -> None:
    result = clean_html(f"{before}<p>http://example.cn/news/1.html</p><p>（文章来源：证券时报）</p>", lang="zh-CN")
    assert result.source_url == "http://example.cn/news/1.html"
    assert result.source_name == "证券时报"
    assert "http://example.cn/news/1.html" not in result.text and "证券时报" not in result.text


@pytest.mark.parametrize(
    ("selector", "names"),
    [
        ("div.share", ("div",)),
        ("div > p, p.editor", ("div", "p")),
        ("h1 + p", ("h1",)),
        ("*.share", None),  # any element: the XPath always runs
        ('[title="a | b"]', None),
    ],
)
def test_selectors_run_only_on_bodies_holding_their_elements(selector: str, names: tuple[str, ...] | None) -> None:
    rules = CleaningRules.from_options({"cleaning": {"defaults": False, "remove_selectors": [selector]}})
    selection = compile_rules(rules).remove
    assert selection is not None and selection.names == names
    markup = '<div class="share" title="a | b"><p class="editor">x</p></div><h1>t</h1><p class="share">y</p>'
    body = parse_fragment(markup)
    assert selection(body, look_first=True) == selection.xpath(body) != []  # the same elements as the XPath alone
    assert selection(parse_fragment("<table><tr><td>1</td></tr></table>"), look_first=True) == []
