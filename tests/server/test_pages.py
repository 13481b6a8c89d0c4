"""The dashboard's pages without a browser: served with the CSP, escaped, offline (plotly.js from the
pinned package), the login cookie, the technique definitions, and no way for page code to run text as HTML."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from narrascope.server import create_app
from narrascope.server.pages import PAGES, injected_style_ids, plotly_css, technique_definitions
from narrascope.server.security import COOKIE, CSP
from narrascope.tasks.semeval2023 import TECHNIQUES

SERVER = Path(__file__).resolve().parents[2] / "narrascope" / "server"
TOKEN = "dashboard-token-0123456789"


@pytest.fixture(scope="module")
def client(sample_db):
    with TestClient(create_app(sample_db)) as c:
        yield c


def test_every_page_is_html_under_the_csp_and_names_only_local_scripts(client):
    for path, (name, _) in PAGES.items():
        r = client.get(path)
        assert r.status_code == 200, path
        assert r.headers["content-type"].startswith("text/html")
        assert r.headers["content-security-policy"] == CSP
        scripts = re.findall(r"<script\b[^>]*>", r.text)
        assert scripts and all(re.search(r'src="/static/[\w./-]+\.js"', s) for s in scripts), scripts
        assert f'src="/static/{name}.js"' in r.text and "http://" not in r.text and "https://" not in r.text
        assert not re.search(r"<script\b[^>]*>[^<]", r.text), "inline script"


def test_reflected_search_fields_are_escaped(client):
    payload = '"><script>alert(1)</script>'
    r = client.get("/search", params={"q": payload, "outlet": "<img src=x onerror=alert(2)>"})
    assert "<script>alert(1)" not in r.text and "<img src=x" not in r.text
    assert "&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in r.text and "&lt;img src=x onerror=alert(2)&gt;" in r.text


def test_templates_and_scripts_never_run_text_as_html():
    for template in (SERVER / "templates").glob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert not re.search(r"\sstyle=|\son[a-z]+=|<style", text), template.name
        assert "|safe" not in text and "autoescape false" not in text, template.name
    scripts = list((SERVER / "static").glob("*.js"))
    assert len(scripts) >= 9
    for script in scripts:
        text = script.read_text(encoding="utf-8")
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
            assert sink not in text, f"{script.name} uses {sink}"


def test_plotly_comes_from_the_pinned_package(client):
    import plotly

    js = client.get("/static/vendor/plotly.min.js")
    assert js.status_code == 200 and js.headers["content-type"].startswith("text/javascript")
    assert len(js.content) > 1_000_000 and b"plotly.js v" in js.content[:200]
    bundled = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    assert js.content == bundled.read_bytes()
    css = client.get("/static/vendor/plotly.css").text
    assert ".js-plotly-plot .plotly .main-svg {position:absolute;top:0;left:0;pointer-events:none;}" in css
    assert css.count("{") > 50 and "X" not in re.sub(r"\{[^}]*\}", "", css)
    # each style element plotly would inject on load has a placeholder with its id on every page
    assert injected_style_ids() and all(f'id="{i}"' in client.get("/").text for i in injected_style_ids())


def test_plotly_css_reads_the_rules_out_of_a_bundle():
    bundle = 'x;var q={"X,X div":"direction:ltr;","X .a:hover":\'color:"red";\',"Y .b":"top:0;"};for(k in q)f(k)'
    assert plotly_css(bundle).splitlines() == [
        ".js-plotly-plot .plotly, .js-plotly-plot .plotly div {direction:ltr;}",
        '.js-plotly-plot .plotly .a:hover {color:"red";}', ".plotly-notifier .b {top:0;}"]
    from narrascope.errors import ConfigError

    with pytest.raises(ConfigError) as err:
        plotly_css("no rules here")
    assert err.value.code == "E065"


def test_technique_definitions_cover_the_23_techniques_in_order(client):
    defs = technique_definitions()
    assert [t["name"] for t in defs["techniques"]] == list(TECHNIQUES) and len(TECHNIQUES) == 23
    assert "SemEval-2023" in defs["source"] and "own words" in defs["source"]
    assert all(len(t["definition"]) > 40 and t["category"] for t in defs["techniques"])
    assert client.get("/static/techniques.json").json() == defs


def test_login_sets_an_httponly_strict_cookie_and_drops_the_token_from_the_address(sample_db):
    with TestClient(create_app(sample_db, token=TOKEN)) as c:
        assert c.get("/").status_code == 401 and c.get("/static/common.js").status_code == 401
        wrong = c.get("/login", params={"token": "not-the-token-at-all"}, follow_redirects=False)
        assert wrong.status_code == 401 and wrong.json()["error"]["code"] == "E066"
        ok = c.get("/login", params={"token": TOKEN, "next": "/matrix"}, follow_redirects=False)
        assert ok.status_code == 303 and ok.headers["location"] == "/matrix"
        cookie = ok.headers["set-cookie"]
        assert cookie.startswith(f"{COOKIE}={TOKEN};") and "HttpOnly" in cookie and "SameSite=strict" in cookie
        assert c.get("/").status_code == 200 and c.get("/api/summary").status_code == 200  # the cookie now
        for elsewhere in ("https://evil.example/", "//evil.example/x", "javascript:alert(1)"):
            r = c.get("/login", params={"token": TOKEN, "next": elsewhere}, follow_redirects=False)
            assert r.headers["location"] == "/", elsewhere


def test_unknown_static_file_is_a_404_not_a_listing(client):
    assert client.get("/static/").status_code == 404
    assert client.get("/static/../app.py").status_code == 404
