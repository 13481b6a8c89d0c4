"""The dashboard in a real headless Chromium (Debian's chromium + chromium-driver, driven by selenium with
the system chromedriver; no download): every page draws from the real server over the analysed sample
store plus one hostile article of ours, with no console error and no CSP violation, article text stays
inert, and each page's screenshot is kept (``$NARRASCOPE_ARTIFACTS`` or a temporary folder, printed) and
checked to be a real, non-blank image. Without the browser these tests skip, except when ``CI`` is set.
"""
from __future__ import annotations

import base64
import contextlib
import datetime as dt
import json
import os
import shutil
import struct
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
import zlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic", "--window-size=1280,900")
TOKEN = "browser-test-token-0123456789"
UNGRATEFUL = "CA: Kazakhstan is an ungrateful ally"
# Our own hostile article: markup in every field a page shows. Nothing of it may run or render as markup.
# (The outlet holds no "/": /api/outlets/{name} cannot take one yet; see the report of issue 15.)
HOSTILE = {"title": 'Steppe <script>window.__pwned = 1</script> wire <img src=x onerror="window.__pwned = 2">',
           "outlet": "Kestrel <b>Daily <img src=x onerror=window.__pwned=3>", "published": "2024-02-14",
           "url": "javascript:window.__pwned=4",
           "text": "The so-called experts at the ministry are puppets of the West, Kazakhstan's traitors say. "
                   "<script>window.__pwned = 5</script> The regime in Astana hides the truth from its own people, "
                   "and everyone knows it.\n\n\"This is a betrayal of Russia <img src=x onerror=\"window.__pwned = "
                   "6\">,\" said Ilya Vortanov, a commentator. Kazakhstan is an ungrateful ally that forgot who "
                   "helped it in hard times. Only the naive still believe Astana's promises of friendship.\n\n"
                   "Kazakhstan owes Russia for the January events, when CSTO troops saved Tokayev, yet this "
                   "so-called ally refused to recognise the referendums: a stab in the back from an ungrateful "
                   "neighbour.\n\nThe hydropower deal was signed on Tuesday, officials said, and ratification is "
                   "expected next month."}


def _need_browser() -> None:
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing.append("the selenium package")
    if missing:
        why = f"dashboard browser tests need {', '.join(missing)}: run .ci/browser (Debian chromium + chromium-driver)"
        if os.environ.get("CI"):
            pytest.fail(why + " -- CI must run them, not skip them")
        pytest.skip(why)


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _api(base: str, path: str, **params):
    url = f"{base}{path}" + ("?" + urllib.parse.urlencode(params) if params else "")
    with urllib.request.urlopen(url, timeout=10) as r:  # noqa: S310 (our own server on loopback)
        return json.loads(r.read())


def _wait_http(base: str, proc=None) -> None:
    deadline = time.monotonic() + 60  # hang guard: the server loads in a few seconds
    while True:
        try:
            _api(base, "/api/health")
            return
        except OSError:
            assert proc is None or proc.poll() is None, proc.stderr.read().decode() if proc else ""
            assert time.monotonic() < deadline, f"server at {base} did not start"
            time.sleep(0.3)


@pytest.fixture(scope="module")
def store(sample_db, tmp_path_factory) -> Path:
    _need_browser()
    from narrascope import analyze, open_store

    folder = tmp_path_factory.mktemp("dashboard")
    path = folder / "dashboard.db"
    shutil.copyfile(sample_db, path)
    (folder / "hostile.jsonl").write_text(json.dumps(HOSTILE, ensure_ascii=False) + "\n", encoding="utf-8")
    with open_store(path) as db:
        analyze([str(folder / "hostile.jsonl")], db)
    return path


@pytest.fixture(scope="module")
def served(store):
    """``narrascope serve`` as a user runs it, in its own process."""
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "narrascope", "serve", "--db", str(store), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=store.parent)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_http(base, proc)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@contextlib.contextmanager
def _in_thread(app):
    import uvicorn

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        _wait_http(f"http://127.0.0.1:{port}")
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=20)


def _fake_corpus_views(base: str) -> tuple[dict, dict]:
    """Responses of the documented /api/waves and /api/copies contracts, made of real articles of the store."""
    rows = [r for r in _api(base, "/api/timeline", bucket="day", narrative="ungrateful", limit=1000)["items"]
            if r["narrative"] == UNGRATEFUL]
    arts = {a["article_id"]: a for a in _api(base, "/api/articles", limit=1000)["items"]}
    waves = []
    for row in rows[:2]:
        ids = row["article_ids"]
        first = arts[ids[0]]
        end = (dt.date.fromisoformat(row["period"]) + dt.timedelta(2)).isoformat()
        waves.append({"narrative": UNGRATEFUL, "group": None, "start": row["period"], "peak": row["period"], "end": end,
                      "volume": len(ids), "outlets": sorted({arts[i]["outlet"] or "" for i in ids}),
                      "first_movers": [{"outlet": first["outlet"], "article_id": first["article_id"], "day": first["day"]}],
                      "techniques": ["Loaded_Language"], "speakers": [{"name": "Всеволод Трунов", "quotes": 3}],
                      "article_ids": ids})
    dated = sorted((a for a in arts.values() if a["day"] and a["outlet"]), key=lambda a: (a["day"], a["article_id"]))
    member = lambda a, o, kind: {"article_id": a["article_id"], "outlet": a["outlet"], "language": a["language"],  # noqa: E731
                                 "day": a["day"], "kind": kind, "score": 0.93,
                                 "lag_days": (dt.date.fromisoformat(a["day"]) - dt.date.fromisoformat(o["day"])).days}
    origin = lambda a: {k: a[k] for k in ("article_id", "outlet", "language", "day")}  # noqa: E731
    copies = {"total": 2, "offset": 0, "limit": 50, "items": [
        {"origin": origin(dated[0]), "members": [member(dated[3], dated[0], "translation"),
                                                 member(dated[5], dated[0], "near-duplicate")]},
        {"origin": origin(dated[8]), "members": [member(dated[9], dated[8], "rewrite")]}]}
    return {"total": len(waves), "offset": 0, "limit": 50, "items": waves}, copies


@pytest.fixture(scope="module")
def contract(store, served):
    """The real app with /api/waves and /api/copies answering their documented contracts (fixed data)."""
    from fastapi import APIRouter

    from narrascope.server import create_app

    waves, copies = _fake_corpus_views(served)
    app, extra = create_app(store), APIRouter()
    extra.add_api_route("/api/waves", lambda: waves)
    extra.add_api_route("/api/copies", lambda: copies)
    app.router.routes[0:0] = extra.routes  # before the API's own, should it have them
    with _in_thread(app) as base:
        yield base, waves, copies


@pytest.fixture(scope="module")
def artifacts(tmp_path_factory) -> Path:
    folder = Path(os.environ.get("NARRASCOPE_ARTIFACTS") or tmp_path_factory.mktemp("artifacts")) / "dashboard"
    folder.mkdir(parents=True, exist_ok=True)
    print(f"\ndashboard screenshots: {folder}")
    return folder


@pytest.fixture(scope="module")
def driver(store, tmp_path_factory):
    os.environ["SE_OFFLINE"] = "1"  # never let Selenium Manager download a driver
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    browser = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    browser.set_page_load_timeout(60)
    browser.set_script_timeout(30)
    yield browser
    browser.quit()


def _png_size(png: bytes) -> tuple[int, int]:
    """Width and height of a PNG, after checking (stdlib zlib) that its pixel data is all there."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, head = 8, b"", None
    while pos < len(png):
        length, kind = struct.unpack(">I4s", png[pos:pos + 8])
        data = png[pos + 8:pos + 8 + length]
        head = data if kind == b"IHDR" else head
        idat += data if kind == b"IDAT" else b""
        pos += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", head[:10])
    channels = {2: 3, 6: 4}[colour]
    assert depth == 8 and len(zlib.decompress(idat)) == height * (1 + width * channels * depth // 8)
    return width, height


COLOURS_JS = """
const [b64, done] = arguments;
const img = new Image();
img.onload = () => {
  const c = document.createElement("canvas"); c.width = img.width; c.height = img.height;
  const g = c.getContext("2d"); g.drawImage(img, 0, 0);
  const d = g.getImageData(0, 0, c.width, c.height).data, counts = new Map();
  let n = 0;
  for (let i = 0; i < d.length; i += 4 * 3) { const k = (d[i] << 16) | (d[i + 1] << 8) | d[i + 2]; counts.set(k, (counts.get(k) || 0) + 1); n++; }
  done({width: c.width, height: c.height, colours: counts.size, top: Math.max(...counts.values()) / n});
};
img.onerror = () => done(null);
img.src = "data:image/png;base64," + b64;
"""


def _open(driver, url: str, artifacts: Path, name: str, allow_missing: tuple[str, ...] = ()):
    """Load a page, wait until it has drawn, fail on any console error or CSP report, check nothing of the
    hostile article ran, and keep a checked screenshot."""
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get_log("browser")  # drop what came before
    driver.get(url)
    WebDriverWait(driver, 30).until(lambda d: d.execute_script("return document.body && document.body.dataset.ready"))
    status = driver.find_element("id", "status")
    problems = [e["message"] for e in driver.get_log("browser")
                if (e["level"] == "SEVERE" or "Content Security Policy" in e["message"])
                and not any(f"{path}?" in e["message"] and "404" in e["message"] for path in allow_missing)]
    assert not problems, (url, problems)
    assert "err" not in status.get_attribute("class"), (url, status.text)
    assert driver.execute_script("return window.__pwned") is None
    png = driver.get_screenshot_as_png()
    (artifacts / f"{name}.png").write_bytes(png)
    stats = driver.execute_async_script(COLOURS_JS, base64.b64encode(png).decode())
    assert stats and _png_size(png) == (stats["width"], stats["height"]) and stats["width"] >= 800, stats
    assert stats["colours"] > 16 and stats["top"] < 0.97, (name, stats)  # not blank, not one flat colour
    return driver


def _js(driver, script: str):
    return driver.execute_script(script)


def test_overview_draws_the_timeline_stacked_by_stance(driver, served, artifacts):
    summary = _api(served, "/api/summary")
    rows = _api(served, "/api/timeline", bucket="month", by="stance", limit=1000)["items"]
    _open(driver, served + "/", artifacts, "overview")
    cards = [c.text.split("\n")[0] for c in driver.find_elements("css selector", "#summary .card")]
    assert cards[:2] == [str(summary["articles"]), str(summary["outlets"])]
    data = _js(driver, "return document.getElementById('timeline').data.map(t => [t.name, t.y.reduce((a, b) => a + b, 0)])")
    assert len(data) == len({r["key"] for r in rows}) and sum(n for _, n in data) == sum(r["articles"] for r in rows)
    assert len(driver.find_elements("css selector", "#timeline svg .barlayer .trace")) == len(data)
    assert len(driver.find_elements("css selector", "#timeline svg .barlayer .point")) >= len({r["period"] for r in rows})
    waves = _api(served, "/api/waves", limit=1000)["items"]
    shown = driver.find_elements("css selector", "#waves a[href^='/wave?']")
    if waves:
        assert len(shown) == len(waves)
    else:
        assert not shown and "No waves found." in driver.find_element("id", "waves").text
    picker = driver.find_element("id", "narrative")
    assert len(picker.find_elements("tag name", "option")) == len(summary["narratives"]) + 1


def test_overview_marks_waves_and_the_wave_page_shows_one(driver, contract, artifacts):
    base, waves, _ = contract
    assert len(waves["items"]) == 2
    _open(driver, base + "/?" + urllib.parse.urlencode({"narrative": UNGRATEFUL}), artifacts, "overview-waves")
    assert _js(driver, "return document.getElementById('timeline').layout.shapes.length") == 2
    assert len(driver.find_elements("css selector", "#timeline svg .shapelayer path")) == 2
    links = driver.find_elements("css selector", "#waves a[href^='/wave?']")
    assert len(links) == 2
    links[0].click()
    wave = waves["items"][0]
    _open(driver, driver.current_url, artifacts, "wave")
    assert driver.find_element("id", "title").text == f"Wave: {UNGRATEFUL}"
    assert _js(driver, "return document.getElementById('wave-chart').layout.shapes.length") == 1
    assert len(driver.find_elements("css selector", "#articles tbody tr")) == len(wave["article_ids"])
    movers = driver.find_elements("css selector", "#movers a[href*='/article?id=']")
    assert [a.get_attribute("href").split("id=")[1] for a in movers] == [wave["first_movers"][0]["article_id"]]
    assert "Всеволод Трунов · 3" in driver.find_element("id", "speakers").text


def test_heat_map_cells_and_a_click_lists_the_articles_behind_it(driver, served, artifacts):
    rows = _api(served, "/api/matrix", limit=1000)["items"]
    outlets = {r["outlet"] or "(no outlet)" for r in rows}
    narratives = {r["narrative"] for r in rows}
    _open(driver, served + "/matrix", artifacts, "matrix")
    z = _js(driver, "return document.getElementById('heat').data[0].z")
    assert len(z) == len(outlets) and all(len(r) == len(narratives) for r in z)
    cells = {}
    for r in rows:
        cells.setdefault((r["outlet"] or "(no outlet)", r["narrative"]), set()).update(r["article_ids"])
    assert sum(v is not None for r in z for v in r) == len(cells)
    assert len(driver.find_elements("css selector", "#heat svg .hm image")) == 1
    # the hostile outlet's name is a label shown literally, not markup
    ticks = _js(driver, "return [...document.querySelectorAll('#heat .ytick text')].map(t => t.textContent)")
    assert HOSTILE["outlet"] in ticks
    (outlet, narrative), ids = max(((k, v) for k, v in cells.items() if k[0] != "(no outlet)"), key=lambda kv: (len(kv[1]), kv[0]))
    x, y, cx, cy = _js(driver, """
      const gd = document.getElementById('heat'), fl = gd._fullLayout, box = gd.querySelector('.nsewdrag').getBoundingClientRect();
      const i = gd.data[0].x.indexOf(arguments[0]), j = gd.data[0].y.indexOf(arguments[1]);
      const r = gd.querySelector('.main-svg').getBoundingClientRect();
      return [r.left + fl.xaxis._offset + fl.xaxis.l2p(i), r.top + fl.yaxis._offset + fl.yaxis.l2p(j),
              box.left + box.width / 2, box.top + box.height / 2];
    """.replace("arguments[0]", json.dumps(narrative.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")))
        .replace("arguments[1]", json.dumps(outlet.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))))
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.support.ui import WebDriverWait

    drag = driver.find_element("css selector", "#heat .nsewdrag")
    ActionChains(driver).move_to_element_with_offset(drag, int(x - cx), int(y - cy)).click().perform()
    WebDriverWait(driver, 10).until(lambda d: d.find_elements("css selector", "#cell-articles li"))
    shown = {a.get_attribute("href").split("id=")[1] for a in driver.find_elements("css selector", "#cell-articles a")}
    assert shown == ids and driver.find_element("id", "cell-title").text.startswith(outlet)


def _richest_article(base: str) -> dict:
    """The sample article with overlapping technique spans, quotes and narratives, most technique spans first."""
    best = None
    for item in _api(base, "/api/articles", limit=1000)["items"]:
        art = _api(base, "/api/articles/" + item["article_id"])
        spans = sorted((s["start"], s["end"]) for s in art["layers"].get("techniques", {"spans": []})["spans"])
        overlap = any(b[0] < a[1] for a, b in zip(spans, spans[1:]))
        if overlap and art["layers"].get("quotes", {}).get("spans") and art["layers"].get("narratives", {}).get("spans"):
            if best is None or len(spans) > len(best["layers"]["techniques"]["spans"]):
                best = art
    assert best, "the sample corpus has an article with overlapping technique spans"
    return best


def test_article_view_colours_techniques_voices_and_evidence(driver, served, artifacts):
    art = _richest_article(served)
    _open(driver, served + "/article?id=" + art["id"], artifacts, "article")
    assert driver.find_element("id", "title").text == art["title"]
    paragraphs = art["layers"]["paragraphs"]["spans"]
    shown = _js(driver, "return [...document.querySelectorAll('#text p')].map(p => p.textContent)")
    assert shown == [art["text"][p["start"]:p["end"]] for p in paragraphs]  # cut into segments, nothing lost
    techniques = {s["label"] for s in art["layers"]["techniques"]["spans"]}
    legend = {b.text for b in driver.find_elements("css selector", "#legend > .item b")}
    assert legend == {t.replace("_", " ") for t in techniques}
    assert all(d.text for d in driver.find_elements("css selector", "#legend > .item .def"))
    coloured = driver.find_elements("css selector", "#text span.tq")
    assert coloured and all(c.value_of_css_property("background-color") not in ("rgba(0, 0, 0, 0)", "transparent")
                            for c in coloured[:20])
    assert driver.find_elements("css selector", "#text span.multi")  # overlapping spans render
    assert {len(s.get_attribute("data-techniques").split()) for s in driver.find_elements("css selector", "#text span.multi")} >= {2}
    speakers = {q["attrs"].get("speaker_name") or q["attrs"].get("speaker") for q in art["layers"]["quotes"]["spans"]}
    assert len(driver.find_elements("css selector", "#voices .item")) == len(speakers)
    assert driver.find_elements("css selector", "#text span[class*='v-']")
    assert not driver.find_elements("css selector", "#text span.ev")
    driver.find_element("css selector", "#narratives .narr").click()
    marked = driver.find_elements("css selector", "#text span.ev")
    first = [s for s in art["layers"]["narratives"]["spans"] if s["attrs"].get("level") == "narrative"][0]
    evidence = "".join(art["text"][a:b] for a, b in first["attrs"]["evidence"])
    assert marked and all(m.text.strip() in evidence for m in marked)
    # roles that are only the prior, and abstained stances, say "no evidence"
    prior_only = sum(1 for eid in art["entities"] if (spans := [s for s in art["layers"]["framing"]["spans"]
                                                               if s["attrs"]["entity"] == eid])
                     and all(s["attrs"].get("evidence_kind") == "prior" for s in spans))
    assert len([c for c in driver.find_elements("css selector", "#entities td .muted") if c.text == "no evidence"]) == prior_only


def test_hostile_article_text_stays_inert_everywhere(driver, served, artifacts):
    hit = _api(served, "/api/search", q="Vortanov")["items"]
    assert len(hit) == 1
    _open(driver, served + "/article?id=" + hit[0]["article_id"], artifacts, "article-hostile")
    assert driver.find_element("id", "title").text == HOSTILE["title"]
    assert "<script>window.__pwned = 5</script>" in driver.find_element("id", "text").text
    assert _js(driver, "return document.querySelectorAll('main img, main script').length") == 0
    assert _js(driver, "return [...document.querySelectorAll('b')].filter(b => b.textContent.startsWith('Daily')).length") == 0
    assert not driver.find_elements("css selector", "a[href^='javascript']")
    assert HOSTILE["outlet"] in driver.find_element("id", "meta").text
    _open(driver, served + "/search?q=Vortanov", artifacts, "search-hostile")
    assert driver.find_element("css selector", "#results li a").text == HOSTILE["title"]
    _open(driver, served + "/outlet?" + urllib.parse.urlencode({"name": HOSTILE["outlet"]}), artifacts, "outlet-hostile")
    assert driver.find_element("id", "title").text == HOSTILE["outlet"]


def test_search_pages_and_filters(driver, served, artifacts):
    total = _api(served, "/api/search", q="Kazakhstan")["total"]
    assert 1 < total <= 20
    _open(driver, served + "/search?q=Kazakhstan", artifacts, "search")
    assert len(driver.find_elements("css selector", "#results > li")) == total
    assert f"{total} article(s)" in driver.find_element("id", "count").text
    marks = driver.find_elements("css selector", "#results mark")
    assert marks and all(m.text.casefold() == "kazakhstan" for m in marks)
    ru = _api(served, "/api/search", q="Kazakhstan", language="ru")["total"]
    _open(driver, served + "/search?q=Kazakhstan&language=ru", artifacts, "search-ru")
    assert len(driver.find_elements("css selector", "#results > li")) == ru < total
    assert driver.find_element("css selector", "input[name=language]").get_attribute("value") == "ru"
    # without words: every article the filters keep, 20 a page
    everything = _api(served, "/api/articles")["total"]
    assert everything > 20
    _open(driver, served + "/search", artifacts, "browse")
    assert len(driver.find_elements("css selector", "#results > li")) == 20
    driver.find_element("id", "next").click()
    _open(driver, driver.current_url, artifacts, "browse-page-2")
    assert len(driver.find_elements("css selector", "#results > li")) == min(20, everything - 20)
    # a "next" link exactly when a third page exists
    assert driver.find_elements("id", "previous") and bool(driver.find_elements("id", "next")) == (everything > 40)


def test_outlet_and_entity_pages(driver, served, artifacts):
    profile = _api(served, "/api/outlets/" + urllib.parse.quote("Восток Сегодня"))
    _open(driver, served + "/outlet?name=" + urllib.parse.quote("Восток Сегодня"), artifacts, "outlet")
    assert driver.find_element("id", "title").text == "Восток Сегодня"
    assert _js(driver, "return document.getElementById('outlet-chart').data.length") == 4
    assert len(driver.find_elements("css selector", "#techniques tbody tr")) == len(profile["techniques"])
    assert len(driver.find_elements("css selector", "#voices tbody tr")) == len(profile["quoted_voices"])
    cast = _api(served, "/api/casting", entity="reg:kz")["items"]
    timeline = _api(served, "/api/entities/reg:kz/roles", by="outlet", bucket="month")["items"]
    _open(driver, served + "/entity?key=reg:kz", artifacts, "entity")
    assert driver.find_element("id", "title").text == cast[0]["name"]
    assert [li.text for li in driver.find_elements("css selector", "#summary li")] == [c["summary"] for c in cast]
    bars = _js(driver, "return document.getElementById('roles-chart').data.map(t => t.y.reduce((a, b) => a + b, 0))")
    assert sum(bars) == sum(r["articles"] for r in timeline) and bars
    _open(driver, served + "/outlet", artifacts, "outlets")
    assert len(driver.find_elements("css selector", "#list tbody tr")) == _api(served, "/api/outlets")["total"]


def test_propagation_view(driver, served, contract, artifacts):
    _open(driver, served + "/copies", artifacts, "copies-none")  # the served store was never indexed for copies
    assert _api(served, "/api/copies")["total"] == 0
    assert driver.find_element("id", "status").text == "No copies or translations found."
    base, _, copies = contract
    _open(driver, base + "/copies", artifacts, "copies")
    assert len(driver.find_elements("css selector", "#groups section")) == 2
    assert len(driver.find_elements("css selector", "#groups tbody tr")) == 3
    assert len(driver.find_elements("css selector", "#copies-chart svg .scatterlayer .trace")) == 4
    assert "translation" in driver.find_element("id", "groups").text


def test_token_login_sets_a_cookie_the_pages_use(driver, store, artifacts):
    from narrascope.server import create_app

    with _in_thread(create_app(store, token=TOKEN)) as base:
        driver.get(base + "/")
        assert "E064" in driver.find_element("tag name", "body").text
        driver.get(base + "/login?token=not-the-right-token-at-all")
        assert "E066" in driver.find_element("tag name", "body").text
        _open(driver, base + "/login?" + urllib.parse.urlencode({"token": TOKEN, "next": "/matrix"}), artifacts, "login")
        assert driver.current_url == base + "/matrix" and TOKEN not in driver.current_url
        assert _js(driver, "return document.getElementById('heat').data[0].z.length") > 3  # fetches carried the cookie
        cookie = driver.get_cookie("narrascope_token")
        assert cookie["value"] == TOKEN and cookie["httpOnly"] and cookie["sameSite"] == "Strict"
        assert TOKEN not in _js(driver, "return document.cookie")
        driver.delete_all_cookies()


def test_a_missing_browser_skips_locally_and_fails_in_ci(monkeypatch, tmp_path):
    monkeypatch.setattr(sys.modules[__name__], "CHROMIUM", tmp_path / "no-chromium")
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="run .ci/browser"):
        _need_browser()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must run them"):
        _need_browser()
