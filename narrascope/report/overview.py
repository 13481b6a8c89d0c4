"""The corpus overview of the report: the dashboard's views as SVG charts and tables.

Everything comes from the corpus tables through the corpus layer's own functions (the numbers the
REST API and the dashboard show), never from re-reading the articles, so it costs the same few
queries at 100 articles or 100,000.

    >>> from narrascope.store import open_store
    >>> data = overview_data(open_store("demo.db", create=False))     # doctest: +SKIP
    >>> html = overview_html(data, link=lambda aid: f"#a-{aid}")       # doctest: +SKIP
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from html import escape
from typing import Any, Callable

from ..corpus.casting import casting
from ..corpus.filters import STANCES
from ..corpus.outlets import matrix, outlets
from ..corpus.timelines import timeline, undated
from ..corpus.voices import quoted_voices
from ..store.sqlite import Store
from .panels import bdi
from .svg import PALETTE, ROLE_COLOURS, STANCE_COLOURS, hbars, heatmap, stacked_bars

# "unclear" = the stance model abstained: shown as "no evidence", never as a stance
SHOWN = {"unclear": "no evidence"}
TOP_NARRATIVES, TOP_OUTLETS, TOP_ENTITIES, TOP_VOICES, TOP_WAVES = 12, 15, 12, 12, 20


def _e(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


def _waves(store: Store) -> tuple[list[dict[str, Any]], str | None]:
    """Detected waves (the note is for a store whose timelines have no dated article)."""
    from ..corpus.waves import detect_waves

    waves = detect_waves(store)
    return waves, None if store.db.execute("SELECT 1 FROM corpus_articles WHERE day IS NOT NULL LIMIT 1").fetchone() \
        else "no article has a publication date"


def _periods(first: str, last: str, bucket: str) -> list[str]:
    """Every period from the one holding ``first`` to the one holding ``last`` (gaps shown as zero)."""
    a, b = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    if bucket == "week":
        a, out = a - dt.timedelta(days=a.weekday()), []
        while a <= b:
            out.append(a.isoformat())
            a += dt.timedelta(days=7)
        return out
    if bucket == "year":
        return [str(y) for y in range(a.year, b.year + 1)]
    return [f"{y:04d}-{m:02d}" for y in range(a.year, b.year + 1) for m in range(1, 13)
            if (a.year, a.month) <= (y, m) <= (b.year, b.month)]


def bucket_for(first: str, last: str) -> str:
    """Weeks for half a year or less, months up to 15 years, years beyond."""
    days = (dt.date.fromisoformat(last) - dt.date.fromisoformat(first)).days
    return "week" if days <= 183 else "month" if days <= 15 * 366 else "year"


def overview_data(store: Store) -> dict[str, Any]:
    """The rows of every overview view (plain data: the dashboard can serve the same)."""
    first, last, total = store.db.execute("SELECT MIN(day), MAX(day), COUNT(*) FROM corpus_articles").fetchone()
    data: dict[str, Any] = {"articles": total, "first_day": first, "last_day": last, "undated": undated(store)}
    data["languages"] = store.db.execute("SELECT COALESCE(language, '?'), COUNT(*) FROM corpus_articles GROUP BY 1 "
                                         "ORDER BY 2 DESC, 1").fetchall()
    data["bucket"] = bucket_for(first, last) if first else "month"
    data["periods"] = _periods(first, last, data["bucket"]) if first else []
    data["timeline"] = timeline(store, bucket=data["bucket"], by="stance", ids=False)
    data["matrix"] = matrix(store, ids=False)
    data["outlets"] = outlets(store, limit=TOP_OUTLETS)
    data["casting"] = casting(store, limit=TOP_ENTITIES * 3, ids=False)
    data["voices"] = quoted_voices(store, limit=TOP_VOICES)
    data["waves"], data["waves_note"] = _waves(store)
    return data


def _period_of(day: str, bucket: str) -> str:
    d = dt.date.fromisoformat(day)
    return (d - dt.timedelta(days=d.weekday())).isoformat() if bucket == "week" else day[:4] if bucket == "year" \
        else day[:7]


def timeline_charts(data: dict[str, Any]) -> str:
    """One stacked-bar chart per narrative (most articles first), bars split by stance, waves shaded."""
    periods, bucket = data["periods"], data["bucket"]
    index = {p: i for i, p in enumerate(periods)}
    counts: dict[str, dict[str, list[float]]] = defaultdict(lambda: {s: [0.0] * len(periods) for s in STANCES})
    for row in data["timeline"]:
        if row["period"] in index:
            counts[row["narrative"]][row["key"] if row["key"] in STANCES else "unclear"][index[row["period"]]] += \
                row["articles"]
    ranked = sorted(counts, key=lambda n: (-sum(sum(v) for v in counts[n].values()), n))
    charts = []
    for narrative in ranked[:TOP_NARRATIVES]:
        shade = [(index[_period_of(w["start"], bucket)], index[_period_of(w["end"], bucket)],
                  f"wave {w['start']} to {w['end']} (peak {w['peak']}), {w['volume']} article(s)")
                 for w in data["waves"] if w["narrative"] == narrative
                 and _period_of(w["start"], bucket) in index and _period_of(w["end"], bucket) in index]
        series = [(SHOWN.get(s, s), STANCE_COLOURS[s], counts[narrative][s]) for s in STANCES
                  if any(counts[narrative][s])]
        svg = stacked_bars(periods, series, shade=shade, title=f"{narrative}: articles per {bucket} by stance")
        charts.append(f'<figure class="timeline"><figcaption>{bdi(narrative)}</figcaption>{svg}</figure>')
    more = len(ranked) - TOP_NARRATIVES
    note = f"<p>{more} more narrative(s) not drawn.</p>" if more > 0 else ""
    if not charts:
        return "<p>No dated article carries a narrative.</p>"
    return (f"<p>Articles per {bucket}, by the author's stance; shaded: detected waves (hover for dates).</p>"
            f'<div class="charts">{"".join(charts)}</div>{note}')


def matrix_chart(data: dict[str, Any]) -> str:
    """The outlet x narrative x stance heat map (the top outlets and narratives)."""
    per_outlet: dict[Any, float] = defaultdict(float)
    per_narrative: dict[str, float] = defaultdict(float)
    for r in data["matrix"]:
        per_outlet[r["outlet"]] += r["articles"]
        per_narrative[r["narrative"]] += r["articles"]
    outs = sorted(per_outlet, key=lambda o: (-per_outlet[o], o is None, o or ""))[:TOP_OUTLETS]
    nars = sorted(per_narrative, key=lambda n: (-per_narrative[n], n))[:TOP_NARRATIVES * 2]
    if not outs or not nars:
        return "<p>No narrative found in any outlet.</p>"
    oi, ni = {o: j for j, o in enumerate(outs)}, {n: i for i, n in enumerate(nars)}
    cells = {(ni[r["narrative"]], oi[r["outlet"]], SHOWN.get(r["stance"], r["stance"])): float(r["articles"])
             for r in data["matrix"] if r["outlet"] in oi and r["narrative"] in ni}
    names = [SHOWN.get(s, s) for s in STANCES]
    svg = heatmap(nars, [o or "(no outlet)" for o in outs], cells, title="Outlet x narrative x stance: articles",
                  layers=[(SHOWN.get(s, s), STANCE_COLOURS[s]) for s in STANCES])
    return (f"<p>Rows: narratives; columns: outlets, each split into the four stances ({', '.join(names)}); "
            f"darker = more articles.</p>{svg}")


def outlet_section(data: dict[str, Any]) -> str:
    """The outlets: stance mix chart and a table (articles, group, languages, dates, top narratives)."""
    mix: dict[Any, dict[str, float]] = defaultdict(lambda: {s: 0.0 for s in STANCES})
    tops: dict[Any, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for r in data["matrix"]:
        mix[r["outlet"]][r["stance"]] += r["articles"]
        tops[r["outlet"]][r["narrative"]] += r["articles"]
    items = data["outlets"]["items"]
    if not items:
        return "<p>No article names its outlet.</p>"
    chart = hbars([(o["outlet"], [(SHOWN.get(s, s), STANCE_COLOURS[s], mix[o["outlet"]][s]) for s in STANCES])
                   for o in items],
                  title="Stance mix of each outlet's narratives (article-narrative pairs)")
    rows = []
    for o in items:
        top = sorted(tops[o["outlet"]].items(), key=lambda kv: (-kv[1], kv[0]))[:3]
        rows.append(f"<tr><td>{bdi(o['outlet'])}</td><td>{o['articles']}</td><td>{bdi(o['group'] or '')}</td>"
                    f"<td>{bdi(o['country'] or '')}</td><td>{_e(', '.join(o['languages']))}</td>"
                    f"<td>{_e(o['first_day'] or '')} – {_e(o['last_day'] or '')}</td>"
                    f"<td>{'; '.join(f'{bdi(n)} ({int(c)})' for n, c in top)}</td></tr>")
    more = data["outlets"]["total"] - len(items)
    return (chart + "<table><thead><tr><th>outlet</th><th>articles</th><th>group</th><th>country</th>"
            "<th>languages</th><th>dates</th><th>top narratives</th></tr></thead><tbody>" + "".join(rows) +
            "</tbody></table>" + (f"<p>{more} more outlet(s) not listed.</p>" if more > 0 else ""))


def casting_section(data: dict[str, Any]) -> str:
    """Who casts whom: each entity's main roles (articles), with the one-line summaries."""
    by_entity: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in data["casting"]:
        by_entity[r["entity"]].append(r)
    ranked = sorted(by_entity.values(), key=lambda rs: (-sum(r["articles"] for r in rs), rs[0]["entity"]))
    ranked = ranked[:TOP_ENTITIES]
    if not ranked:
        return "<p>No entity is cast in a role with evidence in the text.</p>"
    chart = hbars([(rs[0]["name"], [(r["role"], ROLE_COLOURS.get(r["role"], PALETTE[-1]), r["articles"]) for r in rs])
                   for rs in ranked], title="Who casts whom: articles casting each entity in each role")
    lines = "".join(f"<li>{bdi(r['summary'])} <small>(voices: {bdi(', '.join(r['voices'][:5]))})</small></li>"
                    for rs in ranked for r in rs)
    return f"{chart}<ul class=\"cast\">{lines}</ul>"


def voices_section(data: dict[str, Any]) -> str:
    """Quoted voices: speakers quoted by the most outlets first, with their outlets and narratives."""
    voices = data["voices"]
    if not voices:
        return "<p>No named speaker is quoted.</p>"
    chart = hbars([(v["name"], [("articles quoting", PALETTE[0], v["articles"])]) for v in voices],
                  title="Quoted voices: articles quoting each speaker")
    rows = "".join(
        f"<tr><td>{bdi(v['name'])}</td><td>{v['quotes']}</td><td>{v['articles']}</td><td>{v['outlet_count']}: "
        f"{bdi(', '.join(v['outlets'][:5]))}</td><td>"
        + "; ".join(f"{bdi(n['narrative'])} ({_e(SHOWN.get(n['stance'], n['stance']))}, {n['articles']})"
                    for n in v["narratives"][:3])
        + "</td></tr>" for v in voices)
    return (chart + "<table><thead><tr><th>speaker</th><th>quotes</th><th>articles</th><th>outlets</th>"
            f"<th>narratives of those articles</th></tr></thead><tbody>{rows}</tbody></table>")


def waves_section(data: dict[str, Any], link: Callable[[str], str]) -> str:
    """The detected waves: start, peak, end, volume, outlets, first movers (linked), techniques, speakers."""
    if data["waves_note"]:
        return f"<p>No waves: {_e(data['waves_note'])}.</p>"
    waves = data["waves"][:TOP_WAVES]
    if not waves:
        return "<p>No wave detected.</p>"
    rows = "".join(
        f"<tr><td>{bdi(w['narrative'])}{' · ' + bdi(w['group']) if w['group'] else ''}</td><td>{_e(w['start'])}</td>"
        f"<td>{_e(w['peak'])}</td><td>{_e(w['end'])}</td><td>{w['volume']}</td>"
        f"<td>{bdi(', '.join(o['outlet'] for o in w['outlets'][:3]))}</td><td>"
        + ", ".join(f'<a href="{_e(link(m["article_id"]))}">{bdi(m["outlet"] or m["article_id"])}</a> '
                    f"({_e(m['day'])})" for m in w["first_movers"])
        + f"</td><td>{_e(', '.join(t['technique'] for t in w['techniques'][:3]))}</td>"
        f"<td>{bdi(', '.join(str(s['name']) for s in w['speakers'][:3]))}</td></tr>" for w in waves)
    more = len(data["waves"]) - len(waves)
    return ("<table><thead><tr><th>narrative</th><th>start</th><th>peak</th><th>end</th><th>articles</th>"
            "<th>outlets</th><th>first movers</th><th>techniques</th><th>most quoted</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>" + (f"<p>{more} more wave(s) not listed.</p>" if more > 0 else ""))


def overview_html(data: dict[str, Any], link: Callable[[str], str]) -> str:
    """The overview sections; ``link`` turns an article id into an href (same file or a page)."""
    langs = ", ".join(f"{_e(lang)} {n}" for lang, n in data["languages"])
    dates = f"{_e(data['first_day'])} to {_e(data['last_day'])}" if data["first_day"] else "no dated article"
    return (f"<h2 id=\"overview\">Corpus overview</h2><p>{data['articles']} article(s) in the corpus tables, "
            f"{dates} ({data['undated']} undated, left out of the timelines); languages: {langs}.</p>"
            f"<h3>Narrative timelines</h3>{timeline_charts(data)}"
            f"<h3>Waves</h3>{waves_section(data, link)}"
            f"<h3>Who pushes what: outlet x narrative x stance</h3>{matrix_chart(data)}"
            f"<h3>Outlets</h3>{outlet_section(data)}"
            f"<h3>Who casts whom</h3>{casting_section(data)}"
            f"<h3>Quoted voices</h3>{voices_section(data)}")
