"""WebSub publishing (https://www.w3.org/TR/websub/#publishing): tell a site's hub which of its feeds changed.

The hub is the site's ``newsfmt: feeds: hub:`` (http or https only). Each changed feed is one ``POST`` of
``hub.mode=publish`` and ``hub.url=<feed>`` (form-encoded), answered by a 2xx status; a redirect is not followed
(it would turn the POST into a GET). The first failure stops the pings, since a hub that is down or refusing will
not answer the rest either; the caller prints it as one line.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

from .errors import ConfigError
from .vocabulary import counted

__all__ = ["PING_TIMEOUT", "PingResult", "ping_hub"]

PING_TIMEOUT = 10.0
"""Seconds one notification may take (connecting and answering)."""


@dataclass(frozen=True, slots=True)
class PingResult:
    """What the hub was told."""

    notified: int
    """Feeds the hub accepted."""
    failure: str | None = None
    """Why the rest were not notified (one line), or None when every feed was."""


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # the 3xx then surfaces as an HTTPError: a failure


def ping_hub(hub: str, feed_urls: Sequence[str], *, timeout: float = PING_TIMEOUT) -> PingResult:
    """Notify ``hub`` of each feed of ``feed_urls`` (absolute URLs), one request each, in order.

    Raises :class:`~newsfmt.ConfigError` when ``hub`` is not an http or https URL.
    """
    if urlsplit(hub).scheme not in ("http", "https"):
        raise ConfigError(f"the WebSub hub must be an http or https URL, not {hub!r}")
    opener = urllib.request.build_opener(_NoRedirects())
    for done, feed in enumerate(feed_urls):
        body = urlencode({"hub.mode": "publish", "hub.url": feed}).encode("ascii")
        request = urllib.request.Request(hub, data=body, method="POST")
        request.add_header("Content-Type", "application/x-www-form-urlencoded")
        try:
            with opener.open(request, timeout=timeout) as response:
                status = response.status
        except urllib.error.HTTPError as exc:
            status = exc.code
        except (OSError, ValueError) as exc:
            reason = getattr(exc, "reason", None) or exc
            return PingResult(done, _failure(hub, feed, len(feed_urls) - done, f"unreachable ({reason})"))
        if not 200 <= status < 300:
            return PingResult(done, _failure(hub, feed, len(feed_urls) - done, f"answered HTTP {status}"))
    return PingResult(len(feed_urls))


def _failure(hub: str, feed: str, left: int, why: str) -> str:
    return f"WebSub hub {hub} {why} for {feed}; {counted(left, 'changed feed')} not notified"
