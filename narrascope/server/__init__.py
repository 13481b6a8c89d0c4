"""``narrascope serve``: the REST API (and the dashboard) over one store, read-only.

    >>> from narrascope.server import create_app
    >>> app = create_app("corpus.db")           # doctest: +SKIP   (an ASGI app: uvicorn, TestClient)
"""
from .app import create_app, serve

__all__ = ["create_app", "serve"]
