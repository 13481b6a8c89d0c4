"""The REST API over the analysed sample store: every view as JSON, pages, errors as JSON with codes,
read-only, token rules, and headers that keep article text inert."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from narrascope.errors import ConfigError, StoreError
from narrascope.server import create_app
from narrascope.server.security import CSP, check_bind, is_loopback


@pytest.fixture(scope="module")
def client(sample_db):
    with TestClient(create_app(sample_db)) as c:
        yield c


def test_every_view_answers_json_with_pages(client):
    for path in ("/api/summary", "/api/timeline?bucket=month&by=stance", "/api/volume?bucket=month",
                 "/api/matrix", "/api/outlets", "/api/outlets/Восток%20Сегодня", "/api/casting",
                 "/api/entities/reg:kz/roles?by=voice", "/api/voices?anonymous=true",
                 "/api/search?q=русофоб*", "/api/articles?language=ru", "/api/waves", "/api/copies"):
        r = client.get(path)
        assert r.status_code == 200, (path, r.text)
        body = r.json()
        if "items" in body:
            assert {"total", "offset", "limit"} <= set(body) and len(body["items"]) <= body["limit"]
    summary = client.get("/api/summary").json()
    assert summary["articles"] >= 30 and summary["pending_refresh"] == 0


def test_pages_are_disjoint_and_cover_the_total(client):
    whole = client.get("/api/timeline?bucket=month&by=stance&limit=1000").json()
    pages = [client.get(f"/api/timeline?bucket=month&by=stance&limit=7&offset={o}").json() for o in range(0, 21, 7)]
    assert all(p["total"] == whole["total"] for p in pages)
    assert sum((p["items"] for p in pages), []) == whole["items"][:21]
    assert client.get("/api/matrix?limit=0").status_code == 422
    assert client.get("/api/matrix?limit=100000").status_code == 422


def test_article_view_has_text_and_spans_inside_it(client):
    aid = client.get("/api/articles?limit=1&narrative=ungrateful").json()["items"][0]["article_id"]
    art = client.get(f"/api/articles/{aid[:8]}").json()
    assert art["id"] == aid and art["text"]
    assert {"narratives", "techniques", "quotes", "entities"} <= set(art["layers"])
    for layer in art["layers"].values():
        for span in layer["spans"]:
            assert 0 <= span["start"] <= span["end"] <= len(art["text"])
    assert all(s["attrs"].get("stance") for s in art["layers"]["narratives"]["spans"])


def test_errors_are_json_with_codes(client):
    r = client.get("/api/articles/ffffffffffffffff")
    assert r.status_code == 404 and r.json()["error"]["code"] == "E403"
    r = client.get("/api/timeline?bucket=fortnight")
    assert r.status_code == 400 and r.json()["error"]["code"] == "E062"
    r = client.get("/api/search?q=AND")
    assert r.status_code == 400 and r.json()["error"]["code"] == "E061"
    r = client.get("/api/outlets/Nowhere")
    assert r.status_code == 400 and "Восток Сегодня" in r.json()["error"]["message"]
    r = client.get("/api/outlets/AP%2FReuters")  # a "/" in a name reaches the view, not a missing route
    assert r.status_code == 400 and "AP/Reuters" in r.json()["error"]["message"]
    assert client.get("/api/matrix?since=yesterday").json()["error"]["code"] == "E017"


def test_headers_keep_article_text_inert(client):
    r = client.get("/api/search?q=coup")
    assert r.headers["content-security-policy"] == CSP and "script-src 'self'" in CSP and "unsafe-inline" not in CSP
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["content-type"].startswith("application/json")


def test_openapi_describes_the_api(client):
    spec = client.get("/openapi.json").json()
    assert {"/api/timeline", "/api/search", "/api/articles/{article_id}", "/api/outlets/{name}"} <= set(spec["paths"])
    assert client.get("/docs").status_code == 200


def test_the_api_cannot_write(sample_db):
    app = create_app(sample_db)
    with TestClient(app) as c:
        assert c.post("/api/articles", json={}).status_code == 405
        assert c.delete("/api/articles/x").status_code == 405
    from narrascope.store import open_store

    with open_store(sample_db, readonly=True) as ro, pytest.raises(Exception):
        ro.db.execute("DELETE FROM articles")


def test_token(sample_db):
    token = "a-long-enough-token-1234"
    with TestClient(create_app(sample_db, token=token)) as c:
        assert c.get("/api/health").status_code == 200  # open, for load balancers
        r = c.get("/api/summary")
        assert r.status_code == 401 and r.json()["error"]["code"] == "E064"
        assert c.get("/api/summary", headers={"Authorization": "Bearer wrong-token-wrong-token"}).status_code == 401
        assert c.get("/api/summary", headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_binding_rules():
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5") and not is_loopback("example.org")
    check_bind("127.0.0.1", None)
    check_bind("0.0.0.0", "x" * 16)
    for host, token in (("0.0.0.0", None), ("10.0.0.2", ""), ("127.0.0.1", "short")):
        with pytest.raises(ConfigError) as err:
            check_bind(host, token)
        assert err.value.code == "E063"


def test_missing_store_is_refused_up_front(tmp_path):
    with pytest.raises(StoreError) as err:
        create_app(tmp_path / "nothing.db")
    assert err.value.code == "E404"
