"""The report of a store: corpus charts from the corpus tables, each article's text once, hostile
fields inert, one file for the demo, a folder of pages with relative links beyond 1,000 articles."""
import html as htmllib
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from narrascope import open_store
from narrascope.article import Article, Span
from narrascope.cli import main
from narrascope.corpus.outlets import matrix
from narrascope.corpus.timelines import timeline
from narrascope.report import store_report
from narrascope.report.overview import TOP_NARRATIVES, overview_data
from narrascope.report.store_report import render_single, write_store_report

GENERATED = re.compile(r'<p class="generated">.*?</p>')


def _visible_text(page: str) -> str:
    """What a reader sees: tags (and their attributes, e.g. tooltips) removed, entities decoded."""
    page = re.sub(r"<style>.*?</style>|<title>.*?</title>", "", page, flags=re.S)
    return htmllib.unescape(re.sub(r"<[^>]+>", "", page))


@pytest.fixture(scope="module")
def sample_html(sample_db):
    with open_store(sample_db, create=False) as store:
        return render_single(store)


def test_charts_have_one_series_per_stance_and_one_cell_per_matrix_row(sample_db, sample_html):
    with open_store(sample_db, create=False) as store:
        data = overview_data(store)
        rows = timeline(store, bucket=data["bucket"], by="stance", ids=False)
        cells = matrix(store, ids=False)
    narratives = {r["narrative"] for r in rows}
    figures = re.findall(r'<figure class="timeline"><figcaption><bdi>(.*?)</bdi></figcaption>(<svg.*?</svg>)',
                         sample_html, flags=re.S)
    assert len(figures) == min(TOP_NARRATIVES, len(narratives)) >= 5
    for label, svg in figures:
        mine = [r for r in rows if r["narrative"] == htmllib.unescape(label)]
        # one bar segment per (period, stance) with articles, and a legend entry per stance drawn
        assert svg.count('class="bar"') == len(mine)
        assert svg.count('class="legend-item"') == len({r["key"] for r in mine})
    heat = re.search(r'<svg[^>]*class="chart heatmap".*?</svg>', sample_html, flags=re.S).group()
    assert heat.count('class="cell"') == len(cells) > 10
    assert "Vostok" in sample_html or "Восток Сегодня" in sample_html  # outlets section
    assert sample_html.count('<svg') == sample_html.count("</svg>") >= len(figures) + 4  # + heat map, outlets, cast, voices


def test_each_article_text_appears_exactly_once(sample_db, sample_html):
    visible = _visible_text(sample_html)
    with open_store(sample_db, create=False) as store:
        articles = list(store.articles())
    checked = 0
    for a in articles:
        assert sample_html.count(f'<section class="article" id="a-{a.id}">') == 1
        for s in (a.layers["sentences"].spans if "sentences" in a.layers else []):
            sentence = a.text[s.start:s.end].strip()
            if len(sentence) >= 60:
                copies = sum(sentence in b.text for b in articles)  # a mirror republishes the sentence
                assert visible.count(sentence) == copies, (a.id, sentence)
                checked += 1
    assert checked > 100
    assert len(sample_html) < 20_000 * len(articles)  # was ~28 KB an article with three copies


def test_same_store_same_bytes(sample_db, sample_html, tmp_path):
    with open_store(sample_db, create=False) as store:
        again = render_single(store)
    assert GENERATED.sub("", again) == GENERATED.sub("", sample_html)
    assert len(GENERATED.findall(sample_html)) == 1


def _hostile_store(path: Path) -> Path:
    evil = '</svg><script>alert(1)</script>" onload="alert(2)'
    text = (f"Officials in Astana said {evil} on Monday that the grain corridor would open in spring.\n\n"
            "Traders in Almaty asked for lower rail tariffs </p></section><script>x</script> before the harvest.")
    with open_store(path) as store:
        for k in range(3):
            a = Article.from_text(text, source=f"evil{k}.txt", title=f"Title {k} {evil}", outlet=f"Outlet {evil}",
                                  published=f"2022-03-0{k + 1}T10:00:00+00:00")
            a.language = "en"
            a.add_layer("paragraphs", [Span(0, text.index("\n\n"), "paragraph"),
                                       Span(text.index("\n\n") + 2, len(text), "paragraph")], "t", "1")
            a.add_layer("narratives", [Span(0, 40, f"CA: {evil}", 0.9, {
                "level": "narrative", "stance": "promotes", "stance_score": 0.8, "evidence": [[0, 40]],
                "voices": [evil], "cues": [evil], "taxonomy": "central_asia"})], "narratives", "t")
            a.add_layer("techniques", [Span(10, 20, "Loaded_Language", 0.7, {"voice": evil})], "techniques", "t")
            a.add_layer("quotes", [Span(25, 60, "direct", 0.9, {"speaker": "anonymous", "speaker_name": evil})],
                        "quotes", "t")
            store.save(a)
    return path


def test_hostile_titles_texts_and_labels_stay_inert(tmp_path):
    db = _hostile_store(tmp_path / "evil.db")
    with open_store(db, create=False) as store:
        page = render_single(store)
        out = write_store_report(store, f"{tmp_path / 'folder'}/")
    pages = [page] + [p.read_text(encoding="utf-8") for p in Path(out["path"]).rglob("*.html")]
    for text in pages:
        assert "<script" not in text and 'onload="' not in text and " onload=" not in text.replace("&quot; onload=", "")
        assert text.count("<svg") == text.count("</svg>")
        assert text.count("<section") == text.count("</section>")
    assert "&lt;/svg&gt;&lt;script&gt;alert(1)&lt;/script&gt;&quot; onload=&quot;alert(2)" in page
    assert page.count('class="chart bars"') == 1 and 'class="cell"' in page  # the hostile narrative is charted


def _links(page: Path) -> list[str]:
    return re.findall(r'href="([^"]*)"', page.read_text(encoding="utf-8"))


def test_folder_mode_pages_with_relative_links_that_resolve(sample_db, tmp_path, monkeypatch):
    monkeypatch.setattr(store_report, "PAGE_SIZE", 10)
    db = tmp_path / "s.db"
    shutil.copy(sample_db, db)
    with open_store(db, create=False) as store:
        done = write_store_report(store, f"{tmp_path / 'rep'}/", jobs=2)
        n = store.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    folder = Path(done["path"])
    pages = sorted((folder / "articles").glob("page-*.html"))
    assert done["mode"] == "folder" and done["pages"] == len(pages) == -(-n // 10) >= 4
    assert [p.name for p in pages] == [f"page-{i:04d}.html" for i in range(1, len(pages) + 1)]
    ids = set()
    for p in pages:
        ids |= set(re.findall(r'<section class="article" id="a-([0-9a-f]+)">', p.read_text(encoding="utf-8")))
    assert len(ids) == n  # every article on exactly one page
    checked = 0
    for page in [folder / "index.html", *pages]:
        for href in _links(page):
            href = htmllib.unescape(href)
            if href.startswith(("http://", "https://")):
                continue  # an article's own source URL, shown as a link
            parts = urlsplit(href)
            assert not parts.scheme and not href.startswith("/"), href
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            assert target.is_file(), (page.name, href)
            if parts.fragment:
                assert f'id="{parts.fragment}"' in target.read_text(encoding="utf-8"), (page.name, href)
            checked += 1
    assert checked > 200
    index = (folder / "index.html").read_text(encoding="utf-8")
    assert "Corpus overview" in index and index.count('href="articles/page-') >= len(pages)
    # deterministic pages, whatever the number of processes
    again = tmp_path / "again"
    with open_store(db, create=False) as store:
        write_store_report(store, str(again) + "/", jobs=1)
    for p in pages:
        assert (again / "articles" / p.name).read_bytes() == p.read_bytes()


def test_cli_single_file_for_the_demo_folder_beyond_the_limit(sample_db, tmp_path, capsys, monkeypatch):
    db = tmp_path / "s.db"
    shutil.copy(sample_db, db)
    code = main(["report", "--db", str(db), "-o", str(tmp_path / "demo-report.html")])
    err = capsys.readouterr().err
    assert code == 0 and "one self-contained file" in err and (tmp_path / "demo-report.html").is_file()
    assert not (tmp_path / "demo-report").exists()
    monkeypatch.setattr(store_report, "MAX_SINGLE_FILE", 10)
    code = main(["report", "--db", str(db), "-o", str(tmp_path / "big.html"), "--jobs", "1"])
    err = capsys.readouterr().err
    assert code == 0 and "wrote the folder" in err and (tmp_path / "big" / "index.html").is_file()
    code = main(["report", "--db", str(db), "-o", "-"])
    captured = capsys.readouterr()
    assert code != 0 and "E067" in captured.err and captured.out == ""
    (tmp_path / "taken").write_text("not a folder")
    code = main(["report", "--db", str(db), "-o", str(tmp_path / "taken") + "/"])
    assert code != 0 and "E068" in capsys.readouterr().err


def test_waves_are_shaded_in_their_narrative_timeline_and_listed_with_first_movers(sample_db):
    from narrascope.report.overview import overview_html

    with open_store(sample_db, create=False) as store:
        data = overview_data(store)
        first = store.db.execute("SELECT article_id, outlet, day FROM corpus_articles WHERE day IS NOT NULL "
                                 "ORDER BY day, article_id LIMIT 1").fetchone()
    narrative = max({r["narrative"] for r in data["timeline"]},
                    key=lambda n: sum(r["articles"] for r in data["timeline"] if r["narrative"] == n))
    periods = data["periods"]
    # a wave as corpus.waves.detect_waves returns it (that module needs corpus/bursts.py)
    data["waves"] = [{"narrative": narrative, "group": None, "start": f"{periods[1]}-03"[:10], "peak": f"{periods[1]}-05"[:10],
                      "end": f"{periods[2]}-20"[:10], "volume": 4, "outlets": [{"outlet": "Outlet <b>", "articles": 4}],
                      "first_movers": [{"article_id": first[0], "outlet": first[1], "day": first[2]}],
                      "techniques": [{"technique": "Loaded_Language", "spans": 3}],
                      "speakers": [{"speaker": "x", "name": "Всеволод Трунов", "quotes": 2, "articles": 1}]}]
    data["waves_note"] = None
    page = overview_html(data, link=lambda aid: f"#a-{aid}")
    charts = re.findall(r"<figure class=\"timeline\"><figcaption><bdi>(.*?)</bdi>.*?</figure>", page, flags=re.S)
    shaded = re.findall(r"<figure class=\"timeline\"><figcaption><bdi>([^<]*)</bdi></figcaption><svg(?:(?!</svg>).)*"
                        r'class="wave"', page, flags=re.S)
    assert charts and shaded == [htmllib.escape(narrative)]
    assert f'<a href="#a-{first[0]}">' in page and "Outlet &lt;b&gt;" in page and "Всеволод Трунов" in page
