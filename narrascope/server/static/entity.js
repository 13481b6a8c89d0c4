// An entity (?key=reg:kz or part of a name): its roles over time, by outlet and by voice. Only roles with
// evidence in the text count. Without ?key=, who casts whom.
"use strict";
N.run(async () => {
  const key = N.param("key");
  document.querySelectorAll(".if-entity").forEach(h => { h.hidden = !key; });
  if (!key) {
    const rows = await N.all("/api/casting");
    N.fill("list", N.table(["entity", "role", "articles", "outlets", "voices"], rows.map(r =>
      [N.links.entity(r.entity, r.name), r.role, r.articles, r.outlets, r.voices.join(", ")])));
    return "";
  }
  const [cast, timeline, byOutlet, byVoice] = await Promise.all([N.all("/api/casting", {entity: key}),
    N.all(`/api/entities/${encodeURIComponent(key)}/roles`, {by: "outlet", bucket: "month"}),
    N.all(`/api/entities/${encodeURIComponent(key)}/roles`, {by: "outlet"}),
    N.all(`/api/entities/${encodeURIComponent(key)}/roles`, {by: "voice"})]);
  const name = cast.length ? cast[0].name : key;
  document.title = name + " · narrascope";
  N.fill("title", name);
  N.fill("summary", cast.length ? N.el("ul", {}, cast.map(c => N.el("li", {}, c.summary, c.entity !== key ? ` (${c.entity})` : "")))
    : N.el("p", {class: "muted"}, "No role with evidence for this entity."));
  const roles = [...new Set(timeline.map(r => r.role))].sort();
  const colours = {Protagonist: "#2b8a3e", Antagonist: "#c92a2a", Innocent: "#1864ab"};
  await N.plot("roles-chart", roles.map(role => {
    const counts = new Map();
    for (const r of timeline.filter(r => r.role === role)) counts.set(r.period, (counts.get(r.period) || 0) + r.articles);
    const x = [...counts.keys()].sort();
    return {type: "bar", name: N.pt(role), x: x, y: x.map(p => counts.get(p)), marker: {color: colours[role] || "#868e96"}};
  }), {barmode: "stack", xaxis: {type: "date", title: {text: "month"}}, yaxis: {title: {text: "articles"}}});
  const rowsOf = list => list.map(r => [r.key === null ? N.el("span", {class: "muted"}, "none") : r.key, r.role, r.articles,
    N.el("span", {}, r.article_ids.slice(0, 6).map((id, i) => [i ? ", " : "", N.links.article(id, id.slice(0, 8))]))]);
  N.fill("by-outlet", N.table(["outlet", "role", "articles", "which"], rowsOf(byOutlet)));
  N.fill("by-voice", N.table(["voice", "role", "articles", "which"], rowsOf(byVoice)));
  return "";
});
