"""Who may ask, and what a response may do in a browser.

- Loopback only by default; on any other address the server refuses to start without an API token
  (E063), and then every request but the health check needs ``Authorization: Bearer <token>``
  (or, for the dashboard's own pages, the ``narrascope_token`` cookie set by ``/login?token=``).
- Every response carries a Content-Security-Policy that allows only the server's own scripts and
  styles (no inline script, no CDN, no frames), ``nosniff`` and ``no-referrer``: text from articles
  can never run, whatever it holds.
"""
from __future__ import annotations

import hmac
import ipaddress
from typing import Any

from ..errors import ConfigError

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
           "X-Frame-Options": "DENY", "Cache-Control": "no-store"}
OPEN_PATHS = ("/api/health", "/login")  # /login checks the token it is given itself
COOKIE = "narrascope_token"


def is_loopback(host: str) -> bool:
    """``127.0.0.1``, ``::1`` and ``localhost`` are loopback; every other address (``0.0.0.0`` too) is not."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_bind(host: str, token: str | None) -> None:
    """Refuse to listen beyond this machine without a token (E063), or with a token too short to hold."""
    if token is not None and len(token) < 16:
        raise ConfigError("E063", host=host, detail="the API token is shorter than 16 characters")
    if not is_loopback(host) and not token:
        raise ConfigError("E063", host=host, detail="no API token was given")


def authorised(token: str | None, headers: Any, cookies: Any, path: str) -> bool:
    """True when no token is set, the path is open, or the request carries the token."""
    if not token or path in OPEN_PATHS:
        return True
    given = ""
    auth = headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        given = auth[7:].strip()
    elif cookies.get(COOKIE):
        given = cookies.get(COOKIE)
    return hmac.compare_digest(given.encode(), token.encode())
