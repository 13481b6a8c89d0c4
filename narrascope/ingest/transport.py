"""The one seam every network read goes through.

``HTTPTransport`` fetches with a timeout and a size cap, and refuses private, loopback,
link-local and other non-public addresses (checked again on every redirect) unless the
settings allow them. ``OfflineTransport`` serves fixed responses, for tests and for
replaying saved pages; it never touches the network.
"""
from __future__ import annotations

import ipaddress
import socket
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from typing import Callable, Protocol

from ..errors import BlockedAddressError, FetchError, TooLargeError

USER_AGENT = "narrascope (+https://github.com/narrascope/narrascope)"


@dataclass
class Response:
    url: str
    status: int
    content: bytes
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


class Transport(Protocol):
    def fetch(self, url: str) -> Response: ...


def address_problem(host: str, resolve: Callable = socket.getaddrinfo) -> str | None:
    """Why ``host`` must not be fetched from by default, or None if every address is public."""
    try:
        infos = resolve(host, None)
    except socket.gaierror as exc:
        raise FetchError("E202", source=host, detail=f"name lookup failed: {exc}") from exc
    for info in infos:
        addr = ipaddress.ip_address(info[4][0].split("%")[0])
        if getattr(addr, "ipv4_mapped", None):
            addr = addr.ipv4_mapped
        for kind in ("loopback", "link_local", "private", "multicast", "reserved", "unspecified"):
            if getattr(addr, f"is_{kind}"):
                return f"{kind.replace('_', '-')} ({addr})"
        if not addr.is_global:
            return f"non-public ({addr})"
    return None


def check_url(url: str, allow_private: bool, resolve: Callable = socket.getaddrinfo) -> None:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise FetchError("E203", source=url, detail=f"scheme '{parts.scheme}' is not http or https")
    if not parts.hostname:
        raise FetchError("E203", source=url, detail="no host in the URL")
    if not allow_private and (problem := address_problem(parts.hostname, resolve)):
        raise BlockedAddressError("E201", source=url, detail=problem)


class HTTPTransport:
    """urllib-based transport with a timeout, a size cap and address checks."""

    def __init__(self, timeout: float = 20.0, max_bytes: int = 20_000_000, allow_private: bool = False,
                 max_redirects: int = 5):
        self.timeout, self.max_bytes = timeout, max_bytes
        self.allow_private, self.max_redirects = allow_private, max_redirects

    def fetch(self, url: str) -> Response:
        transport = self

        class _Redirect(urllib.request.HTTPRedirectHandler):
            max_redirections = self.max_redirects

            def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: N802
                check_url(newurl, transport.allow_private)  # every hop is checked
                return super().redirect_request(req, fp, code, msg, headers, newurl)

        check_url(url, self.allow_private)
        opener = urllib.request.build_opener(_Redirect)
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
        try:
            with opener.open(request, timeout=self.timeout) as resp:
                declared = resp.headers.get("Content-Length")
                if declared and declared.isdigit() and int(declared) > self.max_bytes:
                    raise TooLargeError("E104", source=url, size=int(declared), limit=self.max_bytes)
                content = resp.read(self.max_bytes + 1)
                if len(content) > self.max_bytes:
                    raise TooLargeError("E104", source=url, size=f">{self.max_bytes}", limit=self.max_bytes)
                headers = {k.lower(): v for k, v in resp.headers.items()}
                return Response(resp.geturl(), resp.status, content, headers)
        except urllib.error.HTTPError as exc:
            raise FetchError("E202", source=url, detail=f"HTTP {exc.code}") from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise FetchError("E202", source=url, detail=str(getattr(exc, "reason", exc))) from exc


class OfflineTransport:
    """Serves responses from a dict ``{url: Response | bytes}``; any other URL is an error."""

    def __init__(self, pages: dict[str, Response | bytes] | None = None):
        self.pages = dict(pages or {})
        self.requested: list[str] = []

    def fetch(self, url: str) -> Response:
        self.requested.append(url)
        page = self.pages.get(url)
        if page is None:
            raise FetchError("E202", source=url, detail="not available offline")
        if isinstance(page, bytes):
            page = Response(url, 200, page, {"content-type": "text/html"})
        return page
