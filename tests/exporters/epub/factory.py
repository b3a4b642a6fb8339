"""Hand-made articles for the EPUB tests: Chinese, English and hostile bodies (written for these tests)."""

from __future__ import annotations

import base64
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from newsfmt.model import Article, Author, SiteConfig

CST = timezone(timedelta(hours=8))

# A 1×1 PNG and a 1×1 GIF, the smallest real images.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
GIF = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")


def article(
    number: int,
    body: str,
    *,
    title: str | None = None,
    date: datetime | None = None,
    categories: tuple[str, ...] = ("财经",),
    lang: str = "zh-CN",
    **fields: Any,
) -> Article:
    """An article with sensible defaults; ``number`` makes its id, slug and (by default) its date."""
    when = date or datetime(2021, 1 + number % 12, 1 + number % 28, 8, 30, tzinfo=CST)
    values: dict[str, Any] = {
        "id": f"/news/{number}",
        "title": f"第{number}条新闻" if title is None else title,
        "date": when,
        "updated": None,
        "categories": categories,
        "tags": (),
        "authors": (Author("本报记者"),),
        "summary": "摘要。",
        "body_html": body,
        "text": "正文",
        "url": f"https://news.example.org/news/{number}.html",
        "permalink": f"/news/{number}.html",
        "slug": f"n{number}",
        "lang": lang,
    }
    values.update(fields)
    return Article(**values)


def site(root: Path | None = None, **fields: Any) -> SiteConfig:
    """A Chinese site config, with its folder at ``root``."""
    values: dict[str, Any] = {
        "title": "临江测试报",
        "url": "https://news.example.org",
        "lang": "zh-CN",
        "timezone": "Asia/Shanghai",
        "author": Author("编辑部"),
        "root": root,
    }
    values.update(fields)
    return SiteConfig(**values)


def make_site_folder(root: Path) -> Path:
    """A site folder with two pictures, a text file posing as an image, and a secret outside it."""
    (root / "site" / "assets").mkdir(parents=True)
    (root / "site" / "assets" / "dot.png").write_bytes(PNG)
    (root / "site" / "assets" / "dot.gif").write_bytes(GIF)
    (root / "site" / "assets" / "fake.png").write_text("not an image", encoding="utf-8")
    (root / "secret.png").write_bytes(PNG)
    return root / "site"


HOSTILE_BODIES = (
    # named entities, attributes XHTML does not know, a style attribute, an event handler
    '<p>空格&nbsp;与&copy;符号&mdash;破折号</p><p style="color:red" onclick="x()">'
    '<span web="1" href="https://x.example">非法属性</span><img border="0" src="/assets/dot.png"></p>',
    # duplicate and invalid ids, broken and working fragment links
    '<h2 id="a">一</h2><h2 id="a">二</h2><p id="1 bad">三</p><a href="#a">到一</a>'
    '<a href="#1 bad">到三</a><a href="#missing">无处</a>',
    # blocks inside paragraphs and links, lists and tables with stray content, a lone li
    '<p>段<div>块</div></p><a href="https://e.example/"><div>链接块</div></a><ul>文字<p>段</p><li>项</li></ul>'
    "<table>裸字<td>格</td><tr><th>头</th></tr><tbody><tr><td>1</td></tr></tbody><tfoot><tr><td>脚</td></tr>"
    "</tfoot></table><li>孤立项</li><dl>字<dt>术语</dt><dd>解释</dd></dl>",
    # scripts, frames, forms, svg, media, unknown elements, control characters
    "<script>alert(1)</script><iframe src='https://evil.example/'></iframe><form><input></form>"
    "<svg><circle r='1'/></svg><video src='/clip.mp4'></video><o:p>未知</o:p><font color=red>红</font>"
    "<marquee>滚动</marquee>控制\x01字符\x0b<details><summary>摘要</summary>细节</details>",
    # images: remote, traversal, encoded traversal, non-image, protocol-relative, data URL, missing src
    '<p><img src="https://cdn.example.com/a.jpg" alt="远程图"><img src="/../secret.png" alt="越界">'
    '<img src="https://news.example.org/%2e%2e/secret.png" alt="编码越界"><img src="/assets/fake.png">'
    '<img src="//cdn.example.com/b.png"><img src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAA'
    'AAABAAEAAAIBRAA7" alt="内嵌"><img alt="无源"></p>',
    # links: relative, javascript, odd characters, nested links, time without datetime
    '<p><a href="/local/page.html">相对</a><a href="javascript:alert(1)">脚本</a>'
    '<a href="https://e.example/a b?q=中文">空格</a><a href="https://e.example/"><a href="https://f.example/">嵌套'
    '</a></a><time>昨天</time><a href="ftp:/x">坏</a></p>',
    "",
    "   \n  ",
)

ENGLISH_BODIES = (
    "<p>The council voted <em>seven to two</em> for the new bridge.</p><blockquote><p>A good day.</p></blockquote>",
    '<h2>Numbers</h2><ol start="3"><li>three</li><li>four</li></ol><table><tr><th>Year</th><td>2021</td></tr></table>',
)
