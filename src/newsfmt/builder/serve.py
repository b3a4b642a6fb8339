"""``newsfmt serve``: a watched build (:mod:`.watch`) whose output folder is served over HTTP, for a preview.

Only OUT is served, never the site's sources: a request names a file inside OUT, and a path that leads out of it
(``..``, an encoded ``%2e%2e``, a symbolic link to elsewhere) is answered 404, and so is a hidden file or folder
(the build's cache and lock, which hold posts that are not published yet). The server is the standard
library's threaded one, meant for one person on their own machine: it listens on loopback unless told otherwise.
OUT's ``index.html`` is the front page where a build wrote one; else the front page lists OUT's files.
"""

from __future__ import annotations

import hashlib
import html
import io
import os
import socket
import threading
import urllib.parse
from collections.abc import Callable, Mapping
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from ..errors import OutputError
from .watch import Rebuild, watch_site

__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "OutputServer", "preview_folder", "serve_site"]

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000

_TYPES = {
    ".xml": "application/xml",
    ".json": "application/json",
    ".epub": "application/epub+zip",
    ".txt": "text/plain; charset=utf-8",
    ".html": "text/html; charset=utf-8",
}
"""Content types of what a build writes (feed.json is JSON Feed, served as JSON so that a browser shows it)."""


class _OutputHandler(SimpleHTTPRequestHandler):
    """Serves the files of one folder, and nothing outside it."""

    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, **_TYPES}  # noqa: RUF012 - declared so in the base

    def send_head(self) -> Any:
        """The file's headers, or a 404 when the request leads out of the folder or into a hidden file."""
        if not self._may_serve(self.translate_path(self.path)):  # translate_path drops "..", decodes %-escapes
            self.send_error(HTTPStatus.NOT_FOUND, "File not found")
            return None
        return super().send_head()

    def _may_serve(self, path: str) -> bool:
        root = os.path.realpath(self.directory)
        real = os.path.realpath(path)
        if real != root and not real.startswith(root + os.sep):
            return False
        relative = os.path.relpath(os.path.abspath(path), os.path.abspath(self.directory))
        return not any(part.startswith(".") and part != "." for part in relative.split(os.sep))

    def list_directory(self, path: str | os.PathLike[str]) -> io.BytesIO | None:
        """A list of the folder's files, hidden ones left out: the front page until a build writes index.html."""
        try:
            names = sorted((n for n in os.listdir(path) if not n.startswith(".")), key=str.lower)
        except OSError:
            self.send_error(HTTPStatus.NOT_FOUND, "No permission to list directory")
            return None
        items = []
        for name in names:
            shown = name + "/" if os.path.isdir(os.path.join(path, name)) else name
            items.append(f'<li><a href="{urllib.parse.quote(shown)}">{html.escape(shown)}</a></li>')
        title = html.escape(urllib.parse.unquote(self.path.split("?", 1)[0]))
        listing = "\n".join(items)
        page = (
            f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>{title}</title></head>\n'
            f"<body><h1>{title}</h1><ul>\n{listing}\n</ul></body></html>\n"
        ).encode()
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(page)))
        self.end_headers()
        return io.BytesIO(page)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")  # a preview shows the last build, not the browser's copy
        self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        """Requests are not logged: the rebuild lines are what the terminal is for."""


class _IPv6Server(ThreadingHTTPServer):
    address_family = socket.AF_INET6


class OutputServer:
    """An HTTP server of one output folder, answering in its own thread."""

    def __init__(self, out: Path, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> None:
        """Bind ``host``:``port``; raise :class:`~newsfmt.OutputError` when it cannot be (the port is taken)."""
        handler = partial(_OutputHandler, directory=os.fspath(out))
        try:
            self.httpd = (_IPv6Server if ":" in host else ThreadingHTTPServer)((host, port), handler)
        except OSError as exc:
            raise OutputError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="newsfmt-serve", daemon=True)

    @property
    def url(self) -> str:
        """Where the folder is served, with the port actually bound (``port=0`` picks a free one)."""
        host, port = self.httpd.server_address[:2]
        host = host.decode() if isinstance(host, bytes) else host
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{port}/"

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        if self.thread.is_alive():
            self.httpd.shutdown()
        self.httpd.server_close()


def serve_site(
    root: Path | str,
    out: Path | str,
    *,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    overrides: Mapping[str, Any] | None = None,
    config_overrides: Mapping[str, Any] | None = None,
    on_build: Callable[[Rebuild], None],
    on_serving: Callable[[str], None],
    stop: threading.Event | None = None,
) -> None:
    """Build the site at ``root`` into ``out``, serve ``out`` at ``host``:``port`` and rebuild on every change
    (see :func:`~newsfmt.builder.watch.watch_site`), until ``stop`` is set or Ctrl-C.

    ``on_serving`` gets the address once the first build is written and the server answers. Raises
    :class:`~newsfmt.OutputError` when the address cannot be bound (the port is taken), before building anything.
    """
    out_dir = Path(out)
    server = OutputServer(out_dir, host, port)
    try:

        def built(rebuild: Rebuild) -> None:
            on_build(rebuild)
            if not server.thread.is_alive():
                server.start()
                on_serving(server.url)

        watch_site(root, out_dir, overrides=overrides, config_overrides=config_overrides, on_build=built, stop=stop)
    finally:
        server.stop()


def preview_folder(root: Path | str) -> Path:
    """Where ``newsfmt serve`` builds a site when not told: a folder of its own under the user's cache folder
    (``$XDG_CACHE_HOME``, else ``~/.cache``), ``newsfmt/serve/<site folder name>-<hash of its path>``.

    Kept between runs, so that serving again rebuilds only what changed; never inside the site, so that the
    preview leaves no file among the sources.
    """
    site = Path(root).resolve()
    cache_home = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    digest = hashlib.sha256(os.fsencode(site)).hexdigest()[:12]
    return Path(cache_home, "newsfmt", "serve", f"{site.name or 'site'}-{digest}")
