// An outlet: narratives with their stance mix, techniques per 1,000 words, quoted voices, whom it casts.
// Without ?name=, the list of outlets.
"use strict";
N.run(async () => {
  const name = N.param("name");
  document.querySelectorAll(".if-outlet").forEach(h => { h.hidden = !name; });
  if (!name) {
    const outlets = await N.all("/api/outlets");
    N.fill("list", N.table(["outlet", "country", "group", "type", "articles", "from", "to", "languages"], outlets.map(o =>
      [N.links.outlet(o.outlet), o.country || "", o.group || "", o.type || "", o.articles, o.first_day || "", o.last_day || "",
        o.languages.join(", ")])));
    return "";
  }
  const p = await N.api("/api/outlets/" + encodeURIComponent(name));
  document.title = p.outlet + " · narrascope";
  N.fill("title", p.outlet);
  N.fill("facts", N.card(p.articles, "articles"), N.card(p.words, "words"), N.card(`${p.first_day || "?"} → ${p.last_day || "?"}`, "dated range"),
    N.card([p.country, p.group, p.type].filter(Boolean).join(" · ") || "—", "country · group · type"),
    ...N.STANCES.map(s => N.card(p.stance_mix[s], s === "unclear" ? "no evidence of stance" : s)));
  const labels = p.narratives.map(n => N.pt(n.narrative)).reverse();
  await N.plot("outlet-chart", N.STANCES.map(s => ({type: "bar", orientation: "h", name: s === "unclear" ? "no evidence of stance" : s,
    y: labels, x: p.narratives.map(n => n[s]).reverse(), marker: {color: N.STANCE_COLOURS[s]}})),
    {barmode: "stack", margin: {l: 20, r: 20, t: 10, b: 40}, yaxis: {automargin: true}, xaxis: {title: {text: "articles"}},
      height: Math.max(220, 60 + 28 * labels.length)});
  N.fill("techniques", p.techniques.length ? N.table(["technique", "voice", "spans", "per 1,000 words"],
    p.techniques.map(t => [t.technique.replace(/_/g, " "), t.voice, t.spans, t.per_1000_words === null ? "" : t.per_1000_words]))
    : N.el("p", {class: "muted"}, "No technique spans."));
  N.fill("voices", p.quoted_voices.length ? N.table(["speaker", "quotes", "articles"],
    p.quoted_voices.map(v => [v.name || v.speaker, v.quotes, v.articles])) : N.el("p", {class: "muted"}, "No quoted voices."));
  N.fill("casts", p.casts.length ? N.table(["entity", "role", "articles"],
    p.casts.map(c => [N.links.entity(c.entity, c.name), c.role, c.articles])) : N.el("p", {class: "muted"}, "No roles with evidence."));
  N.fill("list", N.el("p", {}, N.el("a", {href: "/search" + N.query({outlet: p.outlet})}, `All ${p.articles} article(s) of ${p.outlet}`)));
  return "";
});
