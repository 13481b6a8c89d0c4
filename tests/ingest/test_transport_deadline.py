"""HTTPTransport against a real server on 127.0.0.1 that trickles: the fetch timeout is a
deadline for the whole fetch, not for each socket read."""
from __future__ import annotations

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from narrascope.article import Article
from narrascope.errors import FetchError
from narrascope.ingest import read_inputs
from narrascope.ingest.transport import HTTPTransport
from narrascope.settings import Settings

from .conftest import loopback_only

GUARD = 10.0  # seconds: generous; the old per-read timeout let these fetches run for 30 s and more
STEP = 0.25   # seconds between two trickled pieces: far below any per-read timeout
PIECES = 120  # 30 s of trickling, unless the client gives up first



@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Overrides the package-wide fixture: connections to 127.0.0.1 only (the server below)."""
    loopback_only(monkeypatch)


class _Trickle(BaseHTTPRequestHandler):
    def log_message(self, *args):  # keep test output clean
        pass

    def _pause(self) -> bool:
        return not self.server.stop.wait(STEP)

    def do_GET(self):  # noqa: N802
        try:
            if self.path == "/body":  # headers at once, then one line of the body every STEP
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.end_headers()
                self.wfile.write(b"<html><body><article>")
                for i in range(PIECES):
                    if not self._pause():
                        return
                    self.wfile.write(b"<p>Kazakhstan opened a new rail corridor to Aktau.</p>\n")
                    self.wfile.flush()
            elif self.path == "/headers":  # the status line, then one header line every STEP
                self.wfile.write(b"HTTP/1.1 200 OK\r\n")
                for i in range(PIECES):
                    if not self._pause():
                        return
                    self.wfile.write(b"X-Slow-%d: yes\r\n" % i)
                    self.wfile.flush()
            elif self.path == "/hop":  # a redirect, slowly, to a page that is itself slow
                self._pause()
                self.send_response(302)
                self.send_header("Location", "/body")
                self.send_header("Content-Length", "0")
                self.end_headers()
            else:
                body = b"<html><body><article><p>" + b"The central bank raised its key rate on Friday. " * 8 + \
                    b"</p></article></body></html>"
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up, as it should


@pytest.fixture
def server():
    srv = ThreadingHTTPServer(("127.0.0.1", 0), _Trickle)
    srv.daemon_threads = True
    srv.stop = threading.Event()
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{srv.server_address[1]}"
    finally:
        srv.stop.set()
        srv.shutdown()
        srv.server_close()
        thread.join(GUARD)


@pytest.mark.parametrize("path", ["/body", "/headers", "/hop"])
def test_trickling_server_cannot_hold_a_fetch(server, path):
    transport = HTTPTransport(timeout=1.0, allow_private=True)
    start = time.monotonic()
    with pytest.raises(FetchError) as exc:
        transport.fetch(server + path)
    assert time.monotonic() - start < GUARD
    assert exc.value.code == "E202"
    assert "within 1 s" in str(exc.value) and "fetch_timeout" in str(exc.value)
    assert server + path in str(exc.value)


def test_deadline_gives_a_record_and_the_batch_goes_on(server):
    settings = Settings(fetch_timeout=1.0, allow_private_addresses=True)
    start = time.monotonic()
    items = list(read_inputs([server + "/body", server + "/fine"], settings))
    assert time.monotonic() - start < GUARD
    err, art = items
    assert (err.code, err.source, err.level) == ("E202", server + "/body", "error")
    assert isinstance(art, Article) and "key rate" in art.raw_text


def test_a_prompt_server_is_fetched_whole(server):
    resp = HTTPTransport(timeout=5.0, allow_private=True).fetch(server + "/fine")
    assert resp.status == 200 and resp.content.count(b"key rate") == 8
    assert resp.content_type == "text/html"


def test_https_handshake_is_under_the_same_deadline():
    # A server that accepts the connection and never answers the TLS hello.
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    held = []
    acceptor = threading.Thread(target=lambda: held.append(listener.accept()[0]), daemon=True)
    acceptor.start()
    try:
        start = time.monotonic()
        with pytest.raises(FetchError) as exc:
            HTTPTransport(timeout=1.0, allow_private=True).fetch(f"https://127.0.0.1:{listener.getsockname()[1]}/")
        assert time.monotonic() - start < GUARD
        assert exc.value.code == "E202" and "within 1 s" in str(exc.value)
    finally:
        acceptor.join(GUARD)
        for conn in held:
            conn.close()
        listener.close()
