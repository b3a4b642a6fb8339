"""A local HTTP server of the tests' own, on 127.0.0.1, serving good and hostile answers to image fetches.

newsfmt refuses loopback addresses by design, so the tests fetch from it with :data:`LOOPBACK_ALLOWED` (rules
that also allow 127.0.0.1) and check that the default rules refuse the very same server.
"""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from ipaddress import IPv4Address
from urllib.parse import parse_qs, urlsplit

from newsfmt.exporters.epub.addresses import IPAddress, is_public_address
from newsfmt.exporters.epub.fetching import FetchRules

__all__ = ["LOOPBACK_ALLOWED", "ImageServer", "png_declaring", "serving"]

# A 1×1 PNG (the smallest real image) and the same header declaring any size.
PNG_1X1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6364f8cf50030003860180"
    "5a347d6b0000000049454e44ae426082"
)


def png_declaring(width: int, height: int) -> bytes:
    """A PNG whose header says ``width`` × ``height`` (its pixels are those of the 1×1 image)."""
    return PNG_1X1[:16] + width.to_bytes(4, "big") + height.to_bytes(4, "big") + PNG_1X1[24:]


def _test_server_or_public(address: IPAddress) -> bool:
    return address == IPv4Address("127.0.0.1") or is_public_address(address)


LOOPBACK_ALLOWED = FetchRules(deadline=2.0, address_allowed=_test_server_or_public)
"""The default rules, but 127.0.0.1 (only) may be reached, and a shorter deadline."""


@dataclass
class ImageServer:
    """The running server: its base URL and the paths it was asked for."""

    base: str
    requests: list[str] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.base + path

    def with_port(self, host: str) -> str:
        """The base URL with ``host`` spelled in place of 127.0.0.1."""
        return self.base.replace("127.0.0.1", host)


class _Handler(http.server.BaseHTTPRequestHandler):
    server_state: ImageServer
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        type(self).server_state.requests.append(self.path)
        parts = urlsplit(self.path)
        query = {key: values[0] for key, values in parse_qs(parts.query).items()}
        folder = parts.path[: parts.path.find("/", 1) + 1]  # "/padded/" of "/padded/10.png", "" of "/ok.png"
        route = _ROUTES.get(folder or parts.path)
        try:
            if route is None:
                self._send(200, "image/png", PNG_1X1)
            else:
                route(self, parts.path, query)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up, as it should have

    def _send(self, status: int, content_type: str, body: bytes, *, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def _html(handler: _Handler, path: str, query: dict[str, str]) -> None:
    handler._send(200, "text/html", PNG_1X1)


def _lies(handler: _Handler, path: str, query: dict[str, str]) -> None:
    handler._send(200, "image/png", b"<html>not a picture</html>")


def _missing(handler: _Handler, path: str, query: dict[str, str]) -> None:
    handler._send(404, "text/plain", b"no")


def _padded(handler: _Handler, path: str, query: dict[str, str]) -> None:
    """/padded/N.png: the 1×1 PNG followed by N zero bytes (a distinct image of a chosen size)."""
    handler._send(200, "image/png", PNG_1X1 + b"\0" * int(path.rsplit("/", 1)[1].split(".")[0]))


def _chunked(handler: _Handler, path: str, query: dict[str, str]) -> None:
    """/chunked/N.png: N bytes of image, chunked, with no Content-Length to refuse it early."""
    body = PNG_1X1 + b"\0" * int(path.rsplit("/", 1)[1].split(".")[0])
    handler.send_response(200)
    handler.send_header("Content-Type", "image/png")
    handler.send_header("Transfer-Encoding", "chunked")
    handler.end_headers()
    for start in range(0, len(body), 4096):
        piece = body[start : start + 4096]
        handler.wfile.write(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
    handler.wfile.write(b"0\r\n\r\n")


def _declaring(handler: _Handler, path: str, query: dict[str, str]) -> None:
    """/declaring/WxH.png: a small PNG whose header declares W × H pixels."""
    width, height = (int(side) for side in path.rsplit("/", 1)[1].split(".")[0].split("x"))
    handler._send(200, "image/png", png_declaring(width, height))


def _redirect(handler: _Handler, path: str, query: dict[str, str]) -> None:
    """/redirect/?to=URL&status=302"""
    handler._send(int(query.get("status", "302")), "text/plain", b"", headers={"Location": query["to"]})


def _hops(handler: _Handler, path: str, query: dict[str, str]) -> None:
    """/hops/N: N redirects (relative ones) before the image."""
    left = int(path.rsplit("/", 1)[1])
    location = f"/hops/{left - 1}" if left > 1 else "/ok.png"
    handler._send(302, "text/plain", b"", headers={"Location": location})


def _drip_body(handler: _Handler, path: str, query: dict[str, str]) -> None:
    """The headers at once, then the body one byte every 50 ms: no single read ever waits long."""
    body = PNG_1X1 + b"\0" * 1000
    handler.send_response(200)
    handler.send_header("Content-Type", "image/png")
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    _drip(handler, body)


def _drip_headers(handler: _Handler, path: str, query: dict[str, str]) -> None:
    """The status line and endless headers, one byte every 50 ms."""
    _drip(handler, b"HTTP/1.1 200 OK\r\n" + b"X-Padding: slow\r\n" * 1000)


def _drip(handler: _Handler, data: bytes) -> None:
    stop = time.monotonic() + 10  # the client gives up long before; the server thread ends anyway
    for byte in data:
        if time.monotonic() > stop:
            return
        handler.wfile.write(bytes([byte]))
        handler.wfile.flush()
        time.sleep(0.05)


_ROUTES = {
    "/html.png": _html,
    "/lies.png": _lies,
    "/missing.png": _missing,
    "/padded/": _padded,
    "/chunked/": _chunked,
    "/declaring/": _declaring,
    "/redirect/": _redirect,
    "/hops/": _hops,
    "/drip-body.png": _drip_body,
    "/drip-headers.png": _drip_headers,
}


@contextmanager
def serving() -> Iterator[ImageServer]:
    """Run the server on a free port of 127.0.0.1 while the block runs."""
    handler = type("Handler", (_Handler,), {})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    state = handler.server_state = ImageServer(f"http://127.0.0.1:{httpd.server_address[1]}")
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()
