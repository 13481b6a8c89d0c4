"""The one seam every network read goes through.

``HTTPTransport`` fetches with a deadline and a size cap, and refuses private, loopback,
link-local and other non-public addresses (checked again on every redirect) unless the
settings allow them. The deadline is wall-clock time for the whole fetch (connecting, TLS,
every redirect and every read), so a server that trickles a byte now and then cannot hold
a batch. ``OfflineTransport`` serves fixed responses, for tests and for replaying saved
pages; it never touches the network.

    >>> HTTPTransport(timeout=5).fetch("https://example.org/")   # doctest: +SKIP
"""
from __future__ import annotations

import http.client
import io
import ipaddress
import socket
import time
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
        if problem := ip_problem(info[4][0]):
            return problem
    return None


def ip_problem(ip: str) -> str | None:
    """Why the address ``ip`` must not be connected to by default, or None if it is public."""
    addr = ipaddress.ip_address(ip.split("%")[0])
    if getattr(addr, "ipv4_mapped", None):
        addr = addr.ipv4_mapped
    for kind in ("loopback", "link_local", "private", "multicast", "reserved", "unspecified"):
        if getattr(addr, f"is_{kind}"):
            return f"{kind.replace('_', '-')} ({addr})"
    if not addr.is_global:
        return f"non-public ({addr})"
    return None


def _pinned_connect(resolve: Callable, url: str):
    """A ``create_connection`` that connects only to the public addresses it resolved itself.

    The name is looked up once, here, and the socket goes to an address that was checked: a host
    whose DNS answer changes between the check and the connection (DNS rebinding) cannot steer the
    fetch to a private address.
    """

    def create(address, timeout=socket.getdefaulttimeout(), source_address=None):
        host, port = address
        try:
            infos = resolve(host, port, type=socket.SOCK_STREAM)
        except socket.gaierror as exc:
            raise FetchError("E202", source=url, detail=f"name lookup failed: {exc}") from exc
        for info in infos:
            if problem := ip_problem(info[4][0]):
                raise BlockedAddressError("E201", source=url, detail=problem)
        error: OSError | None = None
        for family, kind, proto, _, sockaddr in infos:
            sock = socket.socket(family, kind, proto)
            try:
                sock.settimeout(timeout)
                if source_address:
                    sock.bind(source_address)
                sock.connect(sockaddr)
                return sock
            except OSError as exc:
                sock.close()
                error = exc
        raise error or OSError(f"no address for {host}")

    return create


def check_url(url: str, allow_private: bool, resolve: Callable = socket.getaddrinfo) -> None:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise FetchError("E203", source=url, detail=f"scheme '{parts.scheme}' is not http or https")
    if not parts.hostname:
        raise FetchError("E203", source=url, detail="no host in the URL")
    if not allow_private and (problem := address_problem(parts.hostname, resolve)):
        raise BlockedAddressError("E201", source=url, detail=problem)


def _remaining(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError("deadline passed")
    return left


class _DeadlineReader(socket.SocketIO):
    """Reads a socket; each read may wait only for what is left of the deadline."""

    def __init__(self, sock: socket.socket, deadline: float):
        super().__init__(sock, "rb")
        self._deadline = deadline

    def readinto(self, buffer) -> int:
        self._sock.settimeout(_remaining(self._deadline))
        return super().readinto(buffer)


class _DeadlineSocket:
    """A connected socket whose reads and sends share one deadline (http.client needs only these)."""

    def __init__(self, sock: socket.socket, deadline: float):
        self._sock, self._deadline = sock, deadline

    def makefile(self, mode: str = "rb", *args, **kwargs):
        self._sock._io_refs += 1  # as socket.makefile does: the fd stays open while the response reads
        return io.BufferedReader(_DeadlineReader(self._sock, self._deadline))

    def sendall(self, data) -> None:
        self._sock.settimeout(_remaining(self._deadline))
        self._sock.sendall(data)

    def __getattr__(self, name: str):
        return getattr(self._sock, name)


class _DeadlineConnection:
    """Mixed into http.client's connections: one deadline for connect, TLS and every read."""

    deadline = 0.0
    pinned = None  # a create_connection that checks the addresses it connects to, or None

    def connect(self) -> None:
        self.timeout = _remaining(self.deadline)  # bounds the TCP connect and, for HTTPS, the TLS handshake
        if self.pinned:
            self._create_connection = self.pinned
        super().connect()
        self.sock = _DeadlineSocket(self.sock, self.deadline)


class _DeadlineHTTPConnection(_DeadlineConnection, http.client.HTTPConnection):
    pass


class _DeadlineHTTPSConnection(_DeadlineConnection, http.client.HTTPSConnection):
    pass


def _connection(base: type, deadline: float, pinned: Callable | None) -> type:
    return type(base.__name__, (base,), {"deadline": deadline, "pinned": staticmethod(pinned) if pinned else None})


class _DeadlineHandler:
    """Mixed into urllib's HTTP(S) handlers: opens connections with the fetch's deadline and pinning."""

    def __init__(self, deadline: float, pin: Callable[[str], Callable] | None = None):
        super().__init__()
        self.deadline, self.pin = deadline, pin

    def _connection_class(self, base: type, req) -> type:
        # Through a proxy the user configured, the proxy's own address is theirs to choose.
        pinned = self.pin(req.full_url) if self.pin and not req.has_proxy() else None
        return _connection(base, self.deadline, pinned)


class _DeadlineHTTPHandler(_DeadlineHandler, urllib.request.HTTPHandler):
    def http_open(self, req):
        return self.do_open(self._connection_class(_DeadlineHTTPConnection, req), req)


class _DeadlineHTTPSHandler(_DeadlineHandler, urllib.request.HTTPSHandler):
    def https_open(self, req):
        return self.do_open(self._connection_class(_DeadlineHTTPSConnection, req), req, context=self._context)


class HTTPTransport:
    """urllib-based transport with a deadline per fetch, a size cap and address checks.

    ``timeout`` is the wall-clock seconds one ``fetch`` may take in all, redirects included;
    past it the fetch fails with E202.
    """

    def __init__(self, timeout: float = 20.0, max_bytes: int = 20_000_000, allow_private: bool = False,
                 max_redirects: int = 5, resolve: Callable = socket.getaddrinfo):
        self.timeout, self.max_bytes = timeout, max_bytes
        self.allow_private, self.max_redirects = allow_private, max_redirects
        self.resolve = resolve

    def fetch(self, url: str) -> Response:
        transport = self

        class _Redirect(urllib.request.HTTPRedirectHandler):
            max_redirections = self.max_redirects

            def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: N802
                check_url(newurl, transport.allow_private, transport.resolve)  # every hop is checked
                return super().redirect_request(req, fp, code, msg, headers, newurl)

        check_url(url, self.allow_private, self.resolve)
        deadline = time.monotonic() + self.timeout
        pin = None if self.allow_private else (lambda hop: _pinned_connect(self.resolve, hop))
        opener = urllib.request.build_opener(_Redirect, _DeadlineHTTPHandler(deadline, pin),
                                             _DeadlineHTTPSHandler(deadline, pin))
        try:
            request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
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
        except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as exc:
            if time.monotonic() >= deadline - 0.01:  # whichever read it was, the fetch as a whole ran out of time
                raise FetchError("E202", source=url, detail=f"no complete response within {self.timeout:g} s "
                                 "(Settings.fetch_timeout, the limit for the whole fetch)") from exc
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
