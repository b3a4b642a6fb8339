"""Every output its own: categories, tags, books and texts whose names fold to one never overwrite or merge.

Each folding class gets a site of its own: a term first used on one day and one whose output name folds to the same,
used later. The build writes each its own feeds, book and text folder, the first keeping the plain name; it warns
naming both terms; ``check`` lists the same; a second build gives the same names and bytes.
"""

from __future__ import annotations

import hashlib
import unicodedata
import zipfile
from pathlib import Path
from urllib.parse import unquote

import feedparser
import pytest
from click.testing import CliRunner, Result
from lxml import etree

from newsfmt.cli import cli

FOLDING = {
    "punctuation": ("C++", "C#", "c"),
    "separators": ("A B", "a-b", "a-b"),
    "width": ("ＡＢＣ", "ABC", "abc"),
    "normalisation": (unicodedata.normalize("NFC", "café"), unicodedata.normalize("NFD", "café"), "café"),
    "case": ("Python", "python", "python"),
    "cut by characters": ("x" * 90 + "first", "x" * 90 + "second", "x" * 80),
    "cut by bytes": ("新" * 60 + "甲", "新" * 60 + "乙", "新" * 53),
}
OPF = "{http://www.idpf.org/2007/opf}"
DC = "{http://purl.org/dc/elements/1.1/}"


def suffixed(term: str, plain: str) -> str:
    digest = "-" + hashlib.sha256(term.encode("utf-8")).hexdigest()[:6]
    while len((plain + digest).encode("utf-8")) > 160 or len(plain + digest) > 80:
        plain = plain[:-1]
    return plain + digest


def yaml_string(term: str) -> str:
    return '"' + term.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_post(site: Path, name: str, title: str, term: str) -> None:
    text = f"---\ntitle: {title}\ncategories: [{yaml_string(term)}]\ntags: [{yaml_string(term)}]\n---\n{title} body\n"
    (site / "_posts" / name).write_text(text, encoding="utf-8")


def make_site(root: Path, first: str, later: str) -> Path:
    site = root / "site"
    (site / "_posts").mkdir(parents=True)
    (site / "_config.yml").write_text("title: Names\nurl: https://names.example.org\n", encoding="utf-8")
    write_post(site, "2021-03-01-one.md", "First post", first)
    write_post(site, "2021-06-01-two.md", "Later post", later)
    return site


def build(site: Path, out: Path) -> Result:
    result = CliRunner().invoke(cli, ["build", str(site), "-o", str(out), "--tag-feeds", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    return result


def entries(feed: Path) -> tuple[str, list[str]]:
    parsed = feedparser.parse(feed.read_bytes())
    assert not parsed.bozo, (feed, parsed.get("bozo_exception"))
    return parsed.feed.title, [entry.title for entry in parsed.entries]


def book_titles(book: Path) -> tuple[str, list[str]]:
    """The book's title and the titles of its chapters, read back from its OPF and XHTML."""
    with zipfile.ZipFile(book) as archive:
        assert archive.testzip() is None
        container = etree.fromstring(archive.read("META-INF/container.xml"))
        opf_path = container.find(".//{*}rootfile").get("full-path")
        opf = etree.fromstring(archive.read(opf_path))
        chapters = [name for name in archive.namelist() if name.endswith(".xhtml") and "nav" not in name]
        heads = [etree.fromstring(archive.read(name)).findtext(".//{*}h1") for name in chapters]
    title = opf.findtext(f"{OPF}metadata/{DC}title")
    return title, sorted(head for head in heads if head and head != title)


def tree(out: Path) -> dict[str, bytes]:
    return {
        path.relative_to(out).as_posix(): path.read_bytes()
        for path in out.rglob("*")
        if path.is_file() and ".newsfmt-cache" not in path.parts
    }


@pytest.mark.parametrize(("first", "later", "plain"), FOLDING.values(), ids=FOLDING.keys())
def test_terms_that_fold_to_one_name_get_one_output_each(tmp_path: Path, first: str, later: str, plain: str) -> None:
    site = make_site(tmp_path, first, later)
    out = tmp_path / "out"
    result = build(site, out)
    other = suffixed(later, plain)
    for kind in ("categories", "tags"):
        for name, term, title in ((plain, first, "First post"), (other, later, "Later post")):
            for feed in ("feed.xml", "atom.xml"):
                assert entries(out / kind / name / feed) == (f"Names | {term}", [title])
            atom = etree.parse(str(out / kind / name / "atom.xml")).getroot()
            self_link = atom.find("{http://www.w3.org/2005/Atom}link[@rel='self']").get("href")
            assert unquote(self_link) == f"https://names.example.org/{kind}/{name}/atom.xml"
        assert sorted(path.name for path in (out / kind).iterdir()) == sorted([plain, other])
    assert book_titles(out / "epub" / f"{plain}-2021.epub") == (f"{first} 2021", ["First post"])
    assert book_titles(out / "epub" / f"{other}-2021.epub") == (f"{later} 2021", ["Later post"])
    first_text = (out / "text" / plain / "2021" / "2021-03-01-one.txt").read_text(encoding="utf-8")
    later_text = (out / "text" / other / "2021" / "2021-06-01-two.txt").read_text(encoding="utf-8")
    assert first_text.startswith("First post") and later_text.startswith("Later post")
    for kind in ("category", "tag"):
        warning = f"{kind} {later!r} is written as {other!r}: its name {plain!r} folds to the one of {kind} {first!r}"
        assert warning in result.stderr
    for path in out.rglob("*"):  # the name, and the temporary name write_atomic gives it, fit every file system
        assert len(f".{path.name}.4194304-99999999.tmp".encode()) <= 255

    again = build(site, out)
    assert "(0 written" in again.stderr
    rebuilt = tmp_path / "rebuilt"
    build(site, rebuilt)
    assert tree(rebuilt) == tree(out)

    checked = CliRunner().invoke(cli, ["check", str(site)])
    assert f"warning: category {later!r} is written as {other!r}" in checked.stderr
    assert "2021-06-01-two.md" in checked.stderr


def test_a_colliding_term_used_later_leaves_the_existing_names_alone(tmp_path: Path) -> None:
    site = make_site(tmp_path, "C++", "C#")
    out = tmp_path / "out"
    build(site, out)
    before = tree(out)
    write_post(site, "2021-09-01-three.md", "Third post", "C")
    result = build(site, out)
    after = tree(out)
    kept = {name: data for name, data in before.items() if "/" in name}  # not the site feeds: they list the new post
    assert {name: after.get(name) for name in kept} == kept  # no name moved, no byte changed
    assert entries(out / "categories" / suffixed("C", "c") / "feed.xml")[1] == ["Third post"]
    assert "category 'C' is written as" in result.stderr and "category 'C++'" in result.stderr


def test_feed_and_epub_commands_find_each_term_and_write_the_builds_bytes(tmp_path: Path) -> None:
    site = make_site(tmp_path, "Python", "python")
    out = tmp_path / "out"
    build(site, out)
    other = suffixed("python", "python")
    runner = CliRunner()
    for wanted, folder in (("Python", "python"), ("python", other), (other, other)):
        printed = runner.invoke(cli, ["feed", str(site), "--format", "atom", "--category", wanted])
        assert printed.exit_code == 0, printed.output
        assert printed.stdout_bytes == (out / "categories" / folder / "atom.xml").read_bytes(), wanted
    ambiguous = runner.invoke(cli, ["feed", str(site), "--category", "PYTHON"])
    assert ambiguous.exit_code == 1
    assert "category 'PYTHON' is ambiguous: it may be 'Python', 'python'" in ambiguous.stderr
    assert "Traceback" not in ambiguous.stderr
    books = tmp_path / "books"
    made = runner.invoke(cli, ["epub", str(site), "--category", "python", "-o", str(books)])
    assert made.exit_code == 0, made.output
    assert [path.name for path in books.iterdir()] == [f"{other}-2021.epub"]


def test_texts_whose_names_fold_are_numbered_and_a_later_one_never_replaces_an_earlier(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "_posts" / "b").mkdir(parents=True)
    (site / "_config.yml").write_text("title: Names\n", encoding="utf-8")
    (site / "_posts" / "b" / "2021-01-01-x.md").write_text("---\ntitle: Bee\ncategories: s\n---\nb\n", "utf-8")
    out = tmp_path / "out"
    build(site, out)
    (site / "_posts" / "a").mkdir()  # sorts first: its text takes the plain name, and the other gets -2
    (site / "_posts" / "a" / "2021-01-01-X.md").write_text("---\ntitle: Ay\ncategories: s\n---\na\n", "utf-8")
    result = build(site, out)
    folder = out / "text" / "s" / "2021"
    assert sorted(path.name for path in folder.iterdir()) == ["2021-01-01-x-2.txt", "2021-01-01-x.txt"]
    assert (folder / "2021-01-01-x.txt").read_text(encoding="utf-8").startswith("Ay")
    assert (folder / "2021-01-01-x-2.txt").read_text(encoding="utf-8").startswith("Bee")
    assert "its text is written as 'text/s/2021/2021-01-01-x-2.txt'" in result.stderr
    (site / "_posts" / "c").mkdir()  # sorts last: read now, its text must not replace the one named x.txt
    (site / "_posts" / "c" / "2021-01-01-x.md").write_text("---\ntitle: See\ncategories: s\n---\nc\n", "utf-8")
    build(site, out)
    assert [(folder / f"2021-01-01-x{n}.txt").read_text(encoding="utf-8")[:3] for n in ("", "-2", "-3")] == [
        "Ay\n",
        "Bee",
        "See",
    ]
    checked = CliRunner().invoke(cli, ["check", str(site)])
    assert "its text is written as 's/2021/2021-01-01-x-2.txt'" in checked.stderr


def test_a_category_that_takes_a_suffix_later_does_not_clobber_an_earlier_text(tmp_path: Path) -> None:
    """A worker writes a text where its post alone would put it, before the site's names are known."""
    site = tmp_path / "site"
    (site / "_posts").mkdir(parents=True)
    (site / "_config.yml").write_text("title: Names\n", encoding="utf-8")
    (site / "_posts" / "2021-01-01-x.md").write_text("---\ntitle: Plus\ncategories: [C++]\n---\np\n", "utf-8")
    out = tmp_path / "out"
    build(site, out)
    (site / "_posts" / "2021-01-01-x.markdown").write_text(
        "---\ntitle: Sharp\ndate: 2021-01-01 12:00\ncategories: [C#]\n---\ns\n", "utf-8"
    )
    (site / "_posts" / "2021-01-02-y.md").write_text("---\ntitle: Why\ncategories: [C#]\n---\ny\n", "utf-8")
    build(site, out)
    assert (out / "text" / "c" / "2021" / "2021-01-01-x.txt").read_text(encoding="utf-8").startswith("Plus")
    sharp = out / "text" / suffixed("C#", "c") / "2021"
    assert (sharp / "2021-01-01-x.txt").read_text(encoding="utf-8").startswith("Sharp")
    assert (sharp / "2021-01-02-y.txt").read_text(encoding="utf-8").startswith("Why")
    texts = sorted(path.relative_to(out / "text").as_posix() for path in (out / "text").rglob("*.txt"))
    named = sharp.parent.name  # c-<hash>
    assert texts == sorted(
        ["c/2021/2021-01-01-x.txt", f"{named}/2021/2021-01-01-x.txt", f"{named}/2021/2021-01-02-y.txt"]
    )


def test_terms_per_post_are_capped_and_outputs_grow_linearly(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "_posts").mkdir(parents=True)
    (site / "_config.yml").write_text("title: H\n", encoding="utf-8")
    sizes = []
    for posts in (1, 2):
        for number in range(posts):
            terms = ", ".join(f"p{number}t{term}" for term in range(3000))
            text = f"---\ntitle: P{number}\ncategories: [{terms}]\ntags: [{terms}]\n---\nx\n"
            (site / "_posts" / f"2024-01-0{number + 1}-p.md").write_text(text, encoding="utf-8")
        out = tmp_path / f"out{posts}"
        build(site, out)
        files = [path for path in out.rglob("*") if path.is_file() and ".newsfmt-cache" not in path.parts]
        # site feeds, index page and catalog; per post: feeds, books, its text, and each category's page,
        # acquisition feed, book cover and its thumbnail
        assert len(files) == 3 + 2 + posts * (64 * 3 * 2 + 64 + 1 + 64 * 4)
        sizes.append(sum(path.stat().st_size for path in files))
    assert sizes[1] < 2.2 * sizes[0]
