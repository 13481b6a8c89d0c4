// The outlet x narrative x stance heat map; a click on a cell lists the articles behind it.
"use strict";
N.run(async () => {
  const rows = await N.all("/api/matrix");
  const picker = document.getElementById("stance");
  picker.value = N.param("stance");
  const outletName = r => r.outlet === null ? "(no outlet)" : r.outlet;
  const outlets = [...new Set(rows.map(outletName))].sort();
  const narratives = [...new Set(rows.map(r => r.narrative))].sort();
  const original = new Map([...outlets, ...narratives].map(v => [N.pt(v), v]));  // chart label -> value

  function cells() {  // (outlet, narrative) -> {articles, ids}, for the chosen stance or all
    const map = new Map();
    for (const r of rows.filter(r => !picker.value || r.stance === picker.value)) {
      const key = outletName(r) + "\u0000" + r.narrative;
      const cell = map.get(key) || {articles: 0, ids: new Set(), stances: {}};
      r.article_ids.forEach(id => cell.ids.add(id));
      cell.articles = cell.ids.size;
      cell.stances[r.stance] = (cell.stances[r.stance] || 0) + r.articles;
      map.set(key, cell);
    }
    return map;
  }

  async function showCell(outlet, narrative, map) {
    const cell = map.get(outlet + "\u0000" + narrative);
    N.fill("cell-title", `${outlet} · ${narrative}` + (picker.value ? ` · ${picker.value}` : ""));
    if (!cell) { N.fill("cell", N.el("p", {class: "muted"}, "No article.")); return; }
    const list = await N.all("/api/articles", {outlet: outlet === "(no outlet)" ? "" : outlet, narrative: narrative,
      stance: picker.value});
    const byId = new Map(list.map(a => [a.article_id, a]));
    N.fill("cell", N.el("p", {}, Object.entries(cell.stances).map(([s, n]) => [N.stance(s), ` ${n}  `])),
      N.el("ul", {id: "cell-articles"}, [...cell.ids].sort().map(id => {
        const a = byId.get(id) || {};
        return N.el("li", {}, a.day || "undated", " · ", N.links.article(id, a.title || id));
      })));
  }

  async function draw() {
    const map = cells();
    const z = outlets.map(o => narratives.map(n => (map.get(o + "\u0000" + n) || {articles: null}).articles));  // empty: blank
    const text = outlets.map(o => narratives.map(n => {
      const c = map.get(o + "\u0000" + n);
      return c ? Object.entries(c.stances).map(([s, k]) => `${s}: ${k}`).join("<br>") : "";  // stances: ours
    }));
    await N.plot("heat", [{type: "heatmap", x: narratives.map(N.pt), y: outlets.map(N.pt), z: z, text: text, xgap: 2, ygap: 2,
      colorscale: [[0, "#f8f9fa"], [0.001, "#d0ebff"], [1, "#1d3557"]], zmin: 0,
      hovertemplate: "%{y}<br>%{x}<br>%{z} article(s)<br>%{text}<extra></extra>",
      showscale: false, texttemplate: "%{z}"}],  // no colour bar: plotly styles its rects inline (CSP); counts in the cells
      {margin: {l: 200, r: 20, t: 10, b: 230}, xaxis: {tickangle: 35, automargin: true}, yaxis: {automargin: true}});
    const heat = document.getElementById("heat");
    heat.removeAllListeners && heat.removeAllListeners("plotly_click");
    heat.on("plotly_click", ev => showCell(original.get(ev.points[0].y), original.get(ev.points[0].x), map));
    return map;
  }
  picker.addEventListener("change", draw);
  await draw();
  return rows.length ? "" : "No narrative found in this store.";
});
