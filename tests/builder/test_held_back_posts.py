"""Nothing of a draft, future or unpublished post is stored in OUT, the build's cache included."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from newsfmt import BuildOptions, build_site

NOW = datetime(2026, 6, 1, tzinfo=UTC)


def _site(root: Path) -> Path:
    posts = root / "_posts"
    posts.mkdir(parents=True)
    (root / "_config.yml").write_text("title: Site\nurl: https://news.example\n", encoding="utf-8")
    (posts / "2026-01-01-public.md").write_text("---\ntitle: Public\n---\nOpen news.\n", encoding="utf-8")
    (posts / "2026-12-31-zzfuturezz.md").write_text(
        "---\ntitle: zzFutureTitlezz\n---\nzzFutureBodyzz\n", encoding="utf-8"
    )
    (posts / "2026-02-01-zzhiddenzz.md").write_text(
        "---\ntitle: zzHiddenTitlezz\npublished: false\n---\nzzHiddenBodyzz\n", encoding="utf-8"
    )
    drafts = root / "_drafts"
    drafts.mkdir()
    (drafts / "zzdraftzz.md").write_text("---\ntitle: zzDraftTitlezz\n---\nzzDraftBodyzz\n", encoding="utf-8")
    return root


def _everything_in(out: Path) -> bytes:
    return b"".join(path.read_bytes() for path in sorted(out.rglob("*")) if path.is_file()) + b"".join(
        str(path.relative_to(out)).encode() for path in out.rglob("*")
    )


def test_held_back_posts_leave_no_trace_in_out(tmp_path: Path) -> None:
    site, out = _site(tmp_path / "site"), tmp_path / "out"
    for _ in range(2):  # the second build reads the index the first one left
        build_site(site, out, now=NOW)
        stored = _everything_in(out)
        assert b"Open news" in stored or b"Public" in stored
        for secret in (b"zzfuture", b"zzFuture", b"zzhidden", b"zzHidden", b"zzdraft", b"zzDraft"):
            assert secret not in stored, secret


def test_a_post_held_back_later_is_removed_from_the_cache(tmp_path: Path) -> None:
    site, out = _site(tmp_path / "site"), tmp_path / "out"
    build_site(site, out, options=BuildOptions(future=True), now=NOW)
    assert b"zzFutureBodyzz" in _everything_in(out)
    build_site(site, out, now=NOW)
    assert b"zzFuture" not in _everything_in(out)
    assert b"zzfuture" not in _everything_in(out)


def test_a_future_post_is_published_when_due(tmp_path: Path) -> None:
    site, out = _site(tmp_path / "site"), tmp_path / "out"
    build_site(site, out, now=NOW)
    report = build_site(site, out, now=datetime(2027, 1, 2, tzinfo=UTC))
    assert report.articles == 2
    assert b"zzFutureBodyzz" in (out / "feed.xml").read_bytes()
