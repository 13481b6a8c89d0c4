// Propagation: each earliest version with its later copies and translations (outlet, language, lag), from
// GET /api/copies; the chart puts every version on a day x outlet plane with a line from the origin.
"use strict";
N.run(async () => {
  const copies = await N.api("/api/copies", {limit: 1000}, true);
  if (copies === null) return "No copy detection in this store yet.";
  if (!copies.items.length) return "No copies or translations found.";
  const traces = [], names = [];
  copies.items.forEach((g, k) => {
    const o = g.origin;
    const x = [], y = [];
    for (const m of g.members) { x.push(o.day, m.day, null); y.push(N.pt(o.outlet), N.pt(m.outlet), null); }
    traces.push({type: "scatter", mode: "lines", x, y, line: {color: "#adb5bd", width: 1}, hoverinfo: "skip", showlegend: false});
    names.push(o.article_id);
  });
  const points = (role, rows, colour, symbol) => ({type: "scatter", mode: "markers", name: role, marker: {color: colour, size: 11, symbol},
    x: rows.map(r => r.day), y: rows.map(r => N.pt(r.outlet)),
    text: rows.map(r => N.pt(`${r.language || "?"} · ${r.article_id}` + (r.kind ? ` · ${r.kind} · lag ${r.lag_days} d` : ""))),
    hovertemplate: "%{y}<br>%{x}<br>%{text}<extra>" + role + "</extra>"});
  traces.push(points("earliest version", copies.items.map(g => g.origin), "#1d3557", "star"));
  traces.push(points("later copy or translation", copies.items.flatMap(g => g.members), "#e76f51", "circle"));
  await N.plot("copies-chart", traces, {xaxis: {type: "date"}, yaxis: {automargin: true}, margin: {l: 20, r: 20, t: 10, b: 50}});
  N.fill("groups", copies.items.map(g => N.el("section", {class: "copy-group"},
    N.el("h2", {}, "Earliest: ", N.links.article(g.origin.article_id), ` · ${g.origin.outlet || "no outlet"} · ${g.origin.language || "?"} · ${g.origin.day || "undated"}`),
    N.table(["article", "outlet", "language", "day", "lag (days)", "kind", "score"], g.members.map(m =>
      [N.links.article(m.article_id), N.links.outlet(m.outlet), m.language || "?", m.day || "", m.lag_days === null ? "" : m.lag_days,
        m.kind || "", typeof m.score === "number" ? m.score.toFixed(2) : ""])))));
  return "";
});
