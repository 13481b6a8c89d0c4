from narrascope.article import Article, Span
from narrascope.pipeline import Pipeline
from narrascope.report import render_report

EVIL = ('<script>alert("x")</script> Kazakh officials said <img src=x onerror=alert(1)> that the plan '
        'was fine & "safe", and the ministry published the figures on its website on Monday morning.')


def _article():
    a = Article.from_text(EVIL + "\n\n" + EVIL.replace("Monday", "Tuesday"), source="<b>evil</b>.txt",
                          url="javascript:alert(1)", title="<i>Title</i>", outlet="Outlet & Co")
    return next(Pipeline().pipe([a]))


def test_report_escapes_everything():
    html = render_report([_article()], [{"source": "<x>.bin", "code": "E102", "level": "error",
                                         "reason": "binary <script>"}])
    assert "<script>" not in html and "<img" not in html and "<i>Title</i>" not in html
    assert "&lt;script&gt;" in html and "&lt;i&gt;Title&lt;/i&gt;" in html
    assert 'href="javascript:' not in html
    assert "Outlet &amp; Co" in html


def test_report_is_self_contained_and_highlights_layers(seeds_analysed):
    a = seeds_analysed["002"]
    a.add_layer("labels", [Span(0, 14, "demo-label", 0.5)], "test", "1")
    html = render_report([a], [])
    assert "http://" not in html.split("<body>")[0] and "https://" not in html.split("<body>")[0]
    assert "<link" not in html and "<script" not in html
    assert 'class="l-labels l-labels-0' in html or "l-labels l-labels-0" in html
    assert "demo-label (0.50)" in html
    assert html.count('class="l-sentences') >= len(a.layers["sentences"])
    assert "<del" in html  # the removed-boilerplate view
    assert "Ainur Kurmanov" in html


def test_narrative_panel_shows_labels_stance_evidence_and_escapes(seeds_analysed):
    a = seeds_analysed["004"]
    html = render_report([a], [])
    assert "<summary>Narratives</summary>" in html and "CA: Kazakh nationalism is Nazism" in html
    assert 'class="stance-promotes"' in html
    # the evidence is marked in the article's one copy of the text, and the panel links to it
    assert f'href="#a-{a.id}-ev1"' in html and f'<a id="a-{a.id}-ev1"></a><span class="' in html
    first = html.split(f'<a id="a-{a.id}-ev1"></a>', 1)[1].split(">", 1)[0]
    assert " ev" in first and "evidence: CA:" in first
    assert "<b>Dominant:</b>" in html
    hostile = Article.from_text("x", source="h.txt")
    hostile.text = '<script>alert(1)</script> and more'
    hostile.add_layer("narratives", [Span(0, 25, "CA: <b>fake</b>", 0.9, {
        "level": "narrative", "stance": "promotes", "stance_score": 0.8, "evidence": [[0, 25]],
        "voices": ["<i>v</i>"], "cues": ["<u>c</u>"], "dominant": True})], "narratives", "test")
    hostile.meta["dominant_narrative"] = {"label": "CA: <b>fake</b>"}
    hostile.meta["narrative_explanation"] = "<script>x</script>"
    out = render_report([hostile], [])
    assert "<script>" not in out and "<b>fake</b>" not in out and "<i>v</i>" not in out and "<u>c</u>" not in out


def test_technique_view_colours_spans_with_legend_counts_and_escapes(seeds_analysed):
    a = seeds_analysed["002"]
    html = render_report([a], [])
    assert "<summary>Persuasion techniques</summary>" in html
    assert 'class="t-' in html and ".t-0 {" in html
    labels = {s.label for s in a.layers["techniques"]}
    assert labels and all(label in html for label in labels)
    hostile = Article.from_text("x", source="h.txt")
    hostile.text = '<script>alert(1)</script> junta'
    hostile.add_layer("techniques", [Span(26, 31, "Loaded_Language", 0.7, {"voice": "<b>v</b>"})], "techniques", "t")
    out = render_report([hostile], [])
    assert "<script>" not in out and "<b>v</b>" not in out and "&lt;b&gt;v&lt;/b&gt;" in out


def test_entity_panel_says_no_evidence_instead_of_showing_a_prior_role(seeds_analysed):
    from narrascope.report.panels import entity_panel

    a = seeds_analysed["000"]
    by_entity = {}
    for f in a.layers["framing"].spans:
        by_entity.setdefault(f.attrs["entity"], []).append(f.attrs["evidence_kind"])
    only_prior = [eid for eid, kinds in by_entity.items() if set(kinds) == {"prior"}]
    with_cue = [eid for eid, kinds in by_entity.items() if "prior" not in kinds]
    assert only_prior and with_cue
    html = entity_panel(a, {})
    for eid in only_prior:
        row = html[html.index(f'id="e-{a.id}-{eid}"'):].split("</tr>")[0]
        assert "no evidence" in row and "Antagonist" not in row
    row = html[html.index(f'id="e-{a.id}-{with_cue[0]}"'):].split("</tr>")[0]
    assert "no evidence" not in row
