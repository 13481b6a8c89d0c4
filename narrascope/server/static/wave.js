// A wave (?narrative=...&start=YYYY-MM-DD, or ?group=...&start=...): its daily timeline with the wave shaded,
// outlets, first movers, techniques, speakers and articles, from GET /api/waves.
"use strict";
const DAY = 864e5;  // a day in ms: daily bars are centred on noon and fill most of their day
N.run(async () => {
  const narrative = N.param("narrative"), group = N.param("group"), start = N.param("start");
  const waves = await N.api("/api/waves", {limit: 1000}, true);
  if (waves === null) return "No wave detection in this store yet.";
  const wave = waves.items.find(w => w.start === start && (narrative ? w.narrative === narrative : w.group === group));
  if (!wave) {
    N.fill("articles", waves.items.length ? N.el("ul", {}, waves.items.map(w => N.el("li", {}, N.links.wave(w))))
      : N.el("p", {class: "muted"}, "No waves found."));
    return start ? "No such wave; the waves found are listed below." : "Pick a wave:";
  }
  N.fill("title", `Wave: ${wave.narrative || wave.group}`);
  N.fill("facts", N.card(`${wave.start} → ${wave.end}`, "start → end"), N.card(wave.peak, "peak"),
    N.card(wave.volume, "articles"), N.card(wave.outlets.length, "outlets"), wave.group ? N.card(wave.group, "outlet group") : null);
  const since = N.addDays(wave.start, -14), until = N.addDays(wave.end, 14);
  let traces;
  if (wave.narrative) {
    const rows = (await N.all("/api/timeline", {bucket: "day", by: "stance", narrative: wave.narrative, since, until}))
      .filter(r => r.narrative === wave.narrative);
    traces = N.STANCES.map(s => ({type: "bar", name: s === "unclear" ? "no evidence of stance" : s,
      x: rows.filter(r => r.key === s).map(r => r.period + " 12:00"), y: rows.filter(r => r.key === s).map(r => r.articles),
      width: 0.8 * DAY, marker: {color: N.STANCE_COLOURS[s]}})).filter(t => t.x.length);
  } else {
    const rows = await N.all("/api/volume", {bucket: "day", group: wave.group, since, until});
    traces = [{type: "bar", name: "articles", x: rows.map(r => r.period + " 12:00"), y: rows.map(r => r.articles),
      width: 0.8 * DAY, marker: {color: "#457b9d"}}];
  }
  await N.plot("wave-chart", traces, {barmode: "stack", shapes: N.waveShapes([wave]),
    xaxis: {type: "date", range: [since, until]}, yaxis: {title: {text: "articles per day"}}});
  const describe = x => typeof x === "object" && x !== null ? Object.values(x).map(String).join(" · ") : String(x);
  const list = (id, items) => N.fill(id, items.length ? N.el("ul", {}, items.map(x => N.el("li", {}, describe(x))))
    : N.el("p", {class: "muted"}, "None."));
  N.fill("outlets", wave.outlets.length ? N.el("ul", {}, wave.outlets.map(o => N.el("li", {}, N.links.outlet(o)))) : N.el("p", {class: "muted"}, "None."));
  N.fill("movers", N.table(["day", "outlet", "article"], wave.first_movers.map(m => [m.day || "", N.links.outlet(m.outlet), N.links.article(m.article_id)])));
  list("techniques", wave.techniques);
  list("speakers", wave.speakers);
  const known = new Map((await N.all("/api/articles", {narrative: wave.narrative || "", group: wave.group || "",
    since: wave.start, until: wave.end})).map(a => [a.article_id, a]));
  N.fill("articles", N.table(["day", "outlet", "article"], wave.article_ids.map(id => {
    const a = known.get(id) || {};
    return [a.day || "", a.outlet ? N.links.outlet(a.outlet) : "", N.links.article(id, a.title || id)];
  })));
  return "";
});
