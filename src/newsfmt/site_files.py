"""Files of the site a post points at (``/assets/a.png``, ``https://site.example/audio/1.mp3``): found under the
site folder, never outside it (symbolic links included). Used for a book's pictures and a feed's enclosures."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .model import SiteConfig

__all__ = ["SiteFiles"]


class SiteFiles:
    """Looks up the local files of one site, each address once."""

    def __init__(self, config: SiteConfig) -> None:
        self.config = config
        self._files: dict[str, Path | None] = {}
        self._site: tuple[str, str] | None = None

    def find(self, src: str) -> Path | None:
        """The file under the site folder that ``src`` names (a site path, or an absolute URL on the site's
        ``url``), or None: remote, missing, not a file, or outside the site."""
        if src not in self._files:
            self._files[src] = self._find(src)
        return self._files[src]

    def _find(self, src: str) -> Path | None:
        if self.config.root is None:
            return None
        site = self.config.url
        if site and src.startswith(site + "/"):
            path = src[len(site) :]
        elif src.startswith("/") and not src.startswith("//"):
            path = src
        else:
            return None
        path = unquote(urlsplit(path).path)
        baseurl = self.config.baseurl
        if baseurl and path.startswith(baseurl + "/"):
            path = path[len(baseurl) :]
        # os.path rather than pathlib, which costs several times more: this runs for every picture of a book.
        root, inside = self._site_folder()
        try:
            candidate = os.path.join(root, path.lstrip("/"))  # noqa: PTH118
            # One stat first: most sources that are not files of the site name no file at all.
            if not os.path.isfile(candidate):  # noqa: PTH113
                return None
            candidate = os.path.realpath(candidate)
        except (OSError, ValueError):
            return None
        # realpath of a path isfile() accepted (it follows links) is that same file: only its place is left to check.
        if not candidate.startswith(inside):
            return None
        return Path(candidate)

    def relative(self, found: Path) -> str:
        """A file :meth:`find` returned, relative to the site folder (POSIX)."""
        return found.relative_to(self._site_folder()[0]).as_posix()

    def _site_folder(self) -> tuple[str, str]:
        """The site folder with symbolic links resolved, and the prefix of every path inside it."""
        if self._site is None:
            assert self.config.root is not None
            root = os.path.realpath(self.config.root)
            self._site = (root, root if root.endswith(os.sep) else root + os.sep)
        return self._site
