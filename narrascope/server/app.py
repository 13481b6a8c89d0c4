"""The ASGI app and ``serve``: one process, the JSON API under ``/api``, OpenAPI docs at ``/docs``.

    >>> serve("corpus.db")                               # doctest: +SKIP   (http://127.0.0.1:8765)
    >>> serve("corpus.db", host="0.0.0.0", token="...")  # doctest: +SKIP   (refused without a token: E063)
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from ..corpus.facts import refresh
from ..errors import NarrascopeError, StoreError, message
from ..store import open_store
from .pages import install as install_pages
from .routes import router
from .security import HEADERS, authorised, check_bind

DEFAULT_PORT = 8765
log = logging.getLogger("narrascope.server")


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status, headers=HEADERS)


def create_app(db_path: str | Path, *, token: str | None = None) -> FastAPI:
    """The app over the store at ``db_path`` (which must exist and be migrated: E404/E407)."""
    open_store(db_path, readonly=True).close()  # refuse a missing or unmigrated store now, not per request
    from .. import __version__

    app = FastAPI(title="narrascope", version=__version__,
                  description="Narratives inside news: corpus views over one narrascope store (read-only).")
    app.state.db_path = str(db_path)
    app.state.token = token

    @app.middleware("http")
    async def guard(request: Request, call_next: Any):
        if not authorised(app.state.token, request.headers, request.cookies, request.url.path):
            return _error(401, "E064", message("E064"))
        response = await call_next(request)
        for key, value in HEADERS.items():
            response.headers.setdefault(key, value)
        if request.url.path in ("/docs", "/redoc"):  # FastAPI's docs pages load their own inline script
            del response.headers["Content-Security-Policy"]
        return response

    @app.exception_handler(NarrascopeError)
    async def narrascope_error(request: Request, exc: NarrascopeError) -> JSONResponse:
        status = 404 if exc.code in ("E403",) else 503 if isinstance(exc, StoreError) else 400
        return _error(status, exc.code, str(exc))

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception) -> JSONResponse:
        log.exception("internal error on %s", request.url.path)
        return _error(500, "E000", f"internal error: {type(exc).__name__}; please report it")

    app.include_router(router)
    install_pages(app)
    return app


def serve(db_path: str | Path, *, host: str = "127.0.0.1", port: int = DEFAULT_PORT, token: str | None = None,
          log_level: str = "warning") -> None:
    """Bring the corpus tables up to date, then serve until interrupted."""
    check_bind(host, token)
    with open_store(db_path, create=False) as store:  # migrate and refresh once, as the writer
        refresh(store)
    import uvicorn

    uvicorn.run(create_app(db_path, token=token), host=host, port=port, log_level=log_level)
