"""The web dashboard: HTML pages (jinja2, autoescaped) whose own scripts fetch the JSON API, the
dashboard's CSS/JS, and plotly.js from the pinned ``plotly`` package (never a CDN, never a copy).

Every page is a shell; the data arrive through ``/api`` and are inserted as DOM text nodes, so article
text stays inert. The CSP allows no inline script or style: plotly's own style rules are served as a
stylesheet (``/static/vendor/plotly.css``, read out of the bundle) and plotly is told not to inject them.

    >>> from fastapi import FastAPI
    >>> install(FastAPI())          # doctest: +SKIP   (pages at /, /matrix, /article?id=..., /login)
"""
from __future__ import annotations

import functools
import hmac
import json
import re
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from ..errors import ConfigError, message
from .security import COOKIE, HEADERS

HERE = Path(__file__).parent
# path -> (page name: its template and script, title in the nav; None = not in the nav)
PAGES = {"/": ("overview", "Overview"), "/matrix": ("matrix", "Heat map"), "/outlet": ("outlet", "Outlets"),
         "/entity": ("entity", "Entities"), "/copies": ("copies", "Propagation"), "/search": ("search", "Search"),
         "/wave": ("wave", None), "/article": ("article", None)}
SEARCH_FIELDS = ("q", "outlet", "language", "since", "until", "narrative", "stance", "entity", "technique")
STATIC_CACHE = {"Cache-Control": "private, max-age=3600"}
router = APIRouter(include_in_schema=False)
_env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                          undefined=jinja2.StrictUndefined)


def _plotly_js() -> Path:
    try:
        path = Path(str(resources.files("plotly") / "package_data" / "plotly.min.js"))
    except ModuleNotFoundError:
        raise ConfigError("E065", detail="the plotly package is not installed") from None
    if not path.is_file():
        raise ConfigError("E065", detail=f"{path} is missing from the plotly package")
    return path


_RULE = re.compile(r'"((?:[^"\\]|\\.)*)"\s*:\s*(?:"((?:[^"\\]|\\.)*)"|\'((?:[^\'\\]|\\.)*)\')')


def plotly_css(bundle: str) -> str:
    """plotly.js's style rules (which it would otherwise inject as an inline ``<style>``, refused by
    the CSP) as a stylesheet, read out of the bundle: the object of ``"X selector": "declarations"``
    where X stands for ``.js-plotly-plot .plotly`` and Y for ``.plotly-notifier``.

        >>> plotly_css('var a={"X,X div":"direction:ltr;","Y .notifier-note":\\'color:#fff;\\'};for(k in a)')
        '.js-plotly-plot .plotly, .js-plotly-plot .plotly div {direction:ltr;}\\n.plotly-notifier .notifier-note {color:#fff;}'
    """
    start = bundle.find('"X,X div"')
    end = bundle.find("};", start)
    if start < 0 or end < 0:
        raise ConfigError("E065", detail="plotly.js's style rules were not found in its bundle")
    rules = []
    for key, dq, sq in _RULE.findall(bundle[start:end]):
        selector = key.replace(",", ", ").replace("X", ".js-plotly-plot .plotly").replace("Y", ".plotly-notifier")
        rules.append(f"{selector} {{{(dq or sq).encode().decode('unicode_escape')}}}")
    return "\n".join(rules)


@functools.lru_cache(maxsize=1)
def _plotly_css_text() -> str:
    return plotly_css(_plotly_js().read_text(encoding="utf-8"))


_INJECTED = re.compile(r'getElementById\("([0-9a-f]{32,64})"\)\)\{var \w+=document\.createElement\("style"\)')


@functools.lru_cache(maxsize=1)
def injected_style_ids() -> tuple[str, ...]:
    """Ids of the ``<style>`` elements plotly.js would inject on load unless an element with that id
    exists (its bundled map library's CSS): the pages hold a placeholder for each, so nothing inline runs."""
    return tuple(_INJECTED.findall(_plotly_js().read_text(encoding="utf-8")))


@functools.lru_cache(maxsize=1)
def technique_definitions() -> dict[str, Any]:
    """The 23 SemEval-2023 persuasion techniques in their canonical order, each with its category
    and a one-line definition in our own words (``resources/techniques/definitions.json``)."""
    text = resources.files("narrascope").joinpath("resources/techniques/definitions.json").read_text(encoding="utf-8")
    return json.loads(text)


def _page(request: Request, path: str) -> HTMLResponse:
    name, _ = PAGES[path]
    values = {f: request.query_params.get(f, "") for f in SEARCH_FIELDS}
    nav = [(p, title) for p, (_, title) in PAGES.items() if title]
    html = _env.get_template(f"{name}.html").render(page=name, nav=nav, path=path, values=values,
                                                    placeholders=injected_style_ids(),
                                                    stances=("promotes", "reports-on", "counters", "unclear"))
    return HTMLResponse(html)


def _route(path: str) -> None:
    def page(request: Request) -> HTMLResponse:
        return _page(request, path)

    router.add_api_route(path, page, methods=["GET"], response_class=HTMLResponse, name=f"page_{PAGES[path][0]}")


for _path in PAGES:
    _route(_path)


@router.get("/login")
def login(request: Request, token: str = "", next: str = "/") -> Response:
    """``/login?token=TOKEN`` once: sets the HttpOnly, SameSite=Strict ``narrascope_token`` cookie that
    the pages and their fetches then carry, and sends the browser on (the token leaves the address bar)."""
    expected = request.app.state.token
    if expected and not hmac.compare_digest(token.encode(), expected.encode()):
        return JSONResponse({"error": {"code": "E066", "message": message("E066")}}, status_code=401, headers=HEADERS)
    parts = urlsplit(next)
    target = next if next.startswith("/") and not next.startswith("//") and not parts.netloc else "/"
    response = RedirectResponse(target, status_code=303)
    if expected:
        response.set_cookie(COOKIE, token, httponly=True, samesite="strict", path="/")
    return response


@router.get("/static/vendor/plotly.min.js")
def plotly_js() -> Response:
    return Response(_plotly_js().read_bytes(), media_type="text/javascript", headers=STATIC_CACHE)


@router.get("/static/vendor/plotly.css")
def plotly_stylesheet() -> Response:
    return Response(_plotly_css_text(), media_type="text/css", headers=STATIC_CACHE)


@router.get("/static/techniques.json")
def techniques_json() -> JSONResponse:
    return JSONResponse(technique_definitions(), headers=STATIC_CACHE)


def install(app: FastAPI) -> None:
    """Add the pages, the login and the static files to ``app`` (after the API's routes)."""
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
