"""One HTTP(S) GET to an address checked beforehand, under a hard deadline.

http.client would look the host name up again when it connects, and a name can answer a public address to the
check and a private one to the connection (DNS rebinding): the connection here goes to the checked address,
while the Host header and the TLS certificate check keep the name. A socket timeout bounds each read, not their
sum, and a server that drips one byte a second would hold a read for ever: a timer shuts the socket down when
the deadline passes, whatever is waiting on it.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import threading
from contextlib import suppress
from dataclasses import dataclass
from functools import cache

from .fetching import Deadline, FetchRefusedError, Target, TooLargeError

__all__ = ["Redirect", "get"]

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_HEADERS = {
    "User-Agent": "newsfmt",
    "Accept": "image/png, image/jpeg, image/gif, image/webp",
    "Accept-Encoding": "identity",
}
_CHUNK = 64 * 1024


@dataclass(frozen=True, slots=True)
class Redirect:
    """A redirect answer: where the server sends the client next (possibly relative)."""

    location: str


def get(target: Target, deadline: Deadline, *, max_bytes: int) -> bytes | Redirect:
    """The image body at ``target`` (at most ``max_bytes``), or the redirect it answers. Raises
    :class:`FetchRefusedError` for any other answer, a failed connection, or a passed deadline."""
    connection = _PinnedConnection(target, deadline)
    watchdog = threading.Timer(deadline.left(), connection.abort)
    watchdog.daemon = True
    watchdog.start()
    try:
        connection.request("GET", target.path, headers=_HEADERS)
        answer = _answer(connection.getresponse(), max_bytes)
    except (OSError, http.client.HTTPException, ValueError, FetchRefusedError) as exc:
        # Whatever the timer's cut made the exchange look like, the deadline is the reason; and a socket timeout
        # (set to the time left when connecting) ends after the deadline too, when it beats the timer to it.
        if connection.aborted or isinstance(exc, TimeoutError):
            raise deadline.passed() from None
        if isinstance(exc, FetchRefusedError):
            raise
        raise FetchRefusedError(_failure(exc)) from None
    finally:
        watchdog.cancel()
        connection.close()
    if connection.aborted:  # the timer cut the body short
        raise deadline.passed()
    return answer


def _answer(response: http.client.HTTPResponse, max_bytes: int) -> bytes | Redirect:
    if response.status in _REDIRECTS:
        location = response.getheader("Location")
        if not location:
            raise FetchRefusedError(f"the server answered {response.status} without a Location")
        return Redirect(location)
    if response.status != 200:
        raise FetchRefusedError(f"the server answered {response.status} {response.reason}".rstrip())
    declared = response.headers.get_content_type()
    if not declared.startswith("image/"):
        raise FetchRefusedError(f"the server says it is {declared}, not an image")
    length = response.getheader("Content-Length", "")
    if length.isdigit() and int(length) > max_bytes:
        raise TooLargeError(f"larger than {max_bytes} bytes")
    return _body(response, max_bytes)


def _body(response: http.client.HTTPResponse, max_bytes: int) -> bytes:
    chunks: list[bytes] = []
    total = 0
    while chunk := response.read(min(_CHUNK, max_bytes + 1 - total)):
        chunks.append(chunk)
        total += len(chunk)
        if total > max_bytes:
            raise TooLargeError(f"larger than {max_bytes} bytes")
    if response.length:  # fewer bytes than Content-Length said
        raise FetchRefusedError("the server closed the connection before the end of the image")
    return b"".join(chunks)


def _failure(exc: Exception) -> str:
    if isinstance(exc, ssl.SSLCertVerificationError):
        return f"its TLS certificate is not valid: {exc.verify_message}"
    if isinstance(exc, OSError) and exc.strerror:
        return f"cannot connect: {exc.strerror}"
    return f"the exchange failed: {exc or type(exc).__name__}"


class _PinnedConnection(http.client.HTTPConnection):
    """A connection to ``target.address`` for ``target.host`` (TLS for https), that :meth:`abort` can cut."""

    def __init__(self, target: Target, deadline: Deadline) -> None:
        super().__init__(target.host, target.port, timeout=deadline.left())
        self.default_port = 443 if target.scheme == "https" else 80  # the Host header leaves the default port out
        self._target = target
        self._deadline = deadline
        self.aborted = False

    def connect(self) -> None:
        sock = socket.create_connection((str(self._target.address), self.port), self._deadline.left())
        self.sock = sock
        if self._target.scheme == "https":
            # The handshake waits on the network too: wrap first, so that abort() can reach the socket it uses.
            self.sock = _tls().wrap_socket(sock, server_hostname=self.host, do_handshake_on_connect=False)
        if self.aborted:
            raise TimeoutError("deadline")
        if isinstance(self.sock, ssl.SSLSocket):
            self.sock.do_handshake()

    def abort(self) -> None:
        """End the exchange now: whatever waits on the socket returns (called by the deadline's timer)."""
        self.aborted = True
        sock = self.sock
        if sock is not None:
            # socket.socket's own shutdown, also for a TLS socket: it acts on the connection, not the TLS state.
            with suppress(OSError):
                socket.socket.shutdown(sock, socket.SHUT_RDWR)


@cache
def _tls() -> ssl.SSLContext:
    return ssl.create_default_context()
