// Overview: summary counts, a narrative's timeline stacked by stance with waves shaded, the waves, the narratives.
"use strict";
N.run(async () => {
  const summary = await N.api("/api/summary");
  N.fill("summary", N.card(summary.articles, "articles"), N.card(summary.outlets, "outlets"),
    N.card(Object.keys(summary.narratives).length, "narratives found"),
    N.card(`${summary.first_day || "?"} → ${summary.last_day || "?"}`, "dated range"),
    N.card(Object.entries(summary.languages).map(([l, n]) => `${l} ${n}`).join(" · "), "languages"),
    N.card(summary.undated, "undated (not in timelines)"));
  const picker = document.getElementById("narrative");
  for (const label of Object.keys(summary.narratives)) picker.appendChild(N.el("option", {value: label}, label));
  picker.value = N.param("narrative");
  const bucket = document.getElementById("bucket");
  if (N.param("bucket")) bucket.value = N.param("bucket");

  const waves = await N.api("/api/waves", {limit: 1000}, true);
  const note = waves === null ? "No wave detection in this store yet: the chart has no wave marks." : "";
  document.getElementById("wave-note").textContent = note;
  N.fill("waves", waves === null ? N.el("p", {class: "muted"}, "No wave detection in this store yet.") :
    waves.items.length ? N.table(["wave", "peak", "articles", "outlets", "first movers"], waves.items.map(w => [
      N.links.wave(w), w.peak, w.volume, w.outlets.length, w.first_movers.map(m => m.outlet).join(", ")]))
      : N.el("p", {class: "muted"}, "No waves found."));
  N.fill("narratives", N.table(["narrative", "articles"],
    Object.entries(summary.narratives).map(([label, n]) => [N.links.narrative(label), n])));

  async function draw() {
    const narrative = picker.value;
    const rows = (await N.all("/api/timeline", {bucket: bucket.value, by: "stance", narrative: narrative}))
      .filter(r => !narrative || r.narrative === narrative);  // the API's filter is a substring
    const traces = N.STANCES.map(s => {
      const counts = new Map();
      for (const r of rows.filter(r => r.key === s)) counts.set(r.period, (counts.get(r.period) || 0) + r.articles);
      const x = [...counts.keys()].sort();
      // each bar spans its whole week or month (not centred on its first day), so wave shading lines up
      return {type: "bar", name: s === "unclear" ? "no evidence of stance" : s, x: x, y: x.map(p => counts.get(p)),
        xperiod: bucket.value === "month" ? "M1" : 7 * 86400000, xperiodalignment: "middle",
        marker: {color: N.STANCE_COLOURS[s]}};
    }).filter(t => t.x.length);
    const marked = waves === null ? [] : waves.items.filter(w => !narrative || w.narrative === narrative);
    await N.plot("timeline", traces, {barmode: "stack", shapes: N.waveShapes(marked), bargap: 0.15,
      xaxis: {type: "date", title: {text: bucket.value}}, yaxis: {title: {text: narrative ? "articles" : "articles × narrative"}}});
  }
  picker.addEventListener("change", draw);
  bucket.addEventListener("change", draw);
  await draw();
  return note;
});
