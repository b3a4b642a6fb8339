"""Hugo's built-in shortcodes rendered to safe HTML, unknown ones left out with a warning: on the written site,
no ``{{< … >}}`` or ``{{% … %}}`` marker is left in any feed, book or text."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

from click.testing import CliRunner

import newsfmt
from newsfmt.cli import cli

BODY = """See {{< ref "posts/other.md" >}} and [other]({{< relref "/posts/other" >}}).

{{< figure src="/img/a.png" title="A <b>cap</b>" link="https://example.org/big.png" >}}

{{< youtube w7Ft2ymGmfc >}} {{< vimeo id="146022717" >}} {{< gist spf13 7896402 >}}

Color is {{< param color >}}, author {{< param "author" >}}.

{{< highlight go "linenos=table" >}}
func main() { fmt.Println("<hi>") }
{{< /highlight >}}

{{< unknown-theme thing="x" >}}inside{{< /unknown-theme >}} and {{% notice info %}}Notice text{{% /notice %}}
"""


def _site(root: Path) -> Path:
    posts = root / "content" / "posts"
    posts.mkdir(parents=True)
    (root / "hugo.toml").write_text(
        'baseURL = "https://example.org/"\ntitle = "t"\n[params]\nauthor = "Site Author"\n', encoding="utf-8"
    )
    (posts / "sc.md").write_text(f"---\ntitle: sc\ndate: 2020-01-01\ncolor: blue\n---\n{BODY}", encoding="utf-8")
    (posts / "other.md").write_text("---\ntitle: other\ndate: 2020-01-02\n---\nOther.\n", encoding="utf-8")
    return root


def test_built_in_shortcodes_render_and_unknown_ones_warn(tmp_path: Path) -> None:
    site = newsfmt.load_site(_site(tmp_path))
    article = next(a for a in site.articles if a.title == "sc")
    html = article.body_html
    assert "See https://example.org/posts/other/ and" in html
    assert '<a href="https://example.org/posts/other/">other</a>' in html
    assert '<img src="https://example.org/img/a.png" alt="A &lt;b&gt;cap&lt;/b&gt;"/>' in html
    assert "<figcaption>A &lt;b&gt;cap&lt;/b&gt;</figcaption>" in html
    assert '<a href="https://www.youtube.com/watch?v=w7Ft2ymGmfc">' in html
    assert '<a href="https://vimeo.com/146022717">' in html
    assert '<a href="https://gist.github.com/spf13/7896402">' in html
    assert "Color is blue, author Site Author." in html
    assert 'fmt.Println("&lt;hi&gt;")' in html and "<pre>" in html
    assert "inside and Notice text" in html
    warnings = sorted(p.message for p in site.problems)
    assert warnings == [
        "shortcode 'notice' is not one newsfmt renders; left out",
        "shortcode 'unknown-theme' is not one newsfmt renders; left out",
    ]


def test_no_marker_reaches_an_output(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(_site(tmp_path / "site")), "-o", str(out)])
    assert result.exit_code == 0, result.output
    written = [path for path in out.rglob("*") if path.is_file() and path.suffix in (".xml", ".json", ".txt")]
    assert len(written) >= 4
    for path in written:
        text = path.read_text(encoding="utf-8")
        assert "{{<" not in text and "{{%" not in text and "{{&lt;" not in text, path
    items = ElementTree.parse(out / "feed.xml").getroot().iter("item")
    assert {item.findtext("title") for item in items} == {"sc", "other"}
