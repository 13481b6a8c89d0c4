"""DNS rebinding: the address a fetch connects to is the address that was checked.

A name that resolves to a public address when checked and to a private one when connected must
not reach the private one. The server runs on 127.0.0.1; a fake resolver plays the rebinding DNS.
"""
from __future__ import annotations

import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from narrascope.errors import BlockedAddressError
from narrascope.ingest.transport import HTTPTransport

from .conftest import loopback_only

PAGE = b"<html><body><article><p>An internal page that must stay internal.</p></article></body></html>"


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Overrides the package-wide fixture: connections to 127.0.0.1 only (the server below)."""
    loopback_only(monkeypatch)


class _Page(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):  # noqa: N802
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(PAGE)))
        self.end_headers()
        self.wfile.write(PAGE)


@pytest.fixture()
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Page)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_address[1]
    httpd.shutdown()
    httpd.server_close()


class Rebinding:
    """Answers with a public address first, then with 127.0.0.1: a rebinding DNS server."""

    def __init__(self):
        self.calls = 0

    def __call__(self, host, port, *args, **kwargs):
        self.calls += 1
        ip = "93.184.216.34" if self.calls == 1 else "127.0.0.1"
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port or 80))]


def test_a_name_rebound_to_a_private_address_after_the_check_is_refused(server):
    resolve = Rebinding()
    transport = HTTPTransport(timeout=5, resolve=resolve)
    with pytest.raises(BlockedAddressError) as err:
        transport.fetch(f"http://news.example:{server}/page")
    assert err.value.code == "E201" and "loopback" in str(err.value)
    assert resolve.calls == 2  # checked, then looked up again at connect time and refused there


def test_the_connection_goes_to_the_checked_address(server):
    # A resolver that always answers 127.0.0.1: allowed only with allow_private, and then it connects there.
    def local(host, port, *args, **kwargs):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port or 80))]

    with pytest.raises(BlockedAddressError):
        HTTPTransport(timeout=5, resolve=local).fetch(f"http://news.example:{server}/page")
    page = HTTPTransport(timeout=5, allow_private=True, resolve=local).fetch(f"http://127.0.0.1:{server}/page")
    assert page.status == 200 and page.content == PAGE
