// The article view, after Prta: technique spans coloured (legend with definitions), quotes underlined by
// speaker, narratives with stance and evidence (highlighted on click), entities with their roles.
// Overlapping spans are cut into segments; each segment carries every span that covers it.
"use strict";
N.run(async () => {
  const id = N.param("id");
  if (!id) return "Open an article from search, the heat map or a wave: /article?id=ARTICLE_ID";
  const [art, defs] = await Promise.all([N.api("/api/articles/" + encodeURIComponent(id)), N.api("/static/techniques.json")]);
  const text = art.text || "";
  const spans = name => (art.layers[name] || {spans: []}).spans;
  const order = new Map(defs.techniques.map((t, i) => [t.name, i]));
  const techniques = spans("techniques").slice().sort((a, b) => a.start - b.start || b.end - a.end);
  const quotes = spans("quotes");
  const narratives = spans("narratives").filter(s => (s.attrs.level || "narrative") === "narrative");
  const speakerOf = q => q.attrs.speaker_name || q.attrs.speaker || "unknown";
  const speakers = [...new Set(quotes.map(speakerOf))];

  document.title = (art.title || art.id) + " · narrascope";
  N.fill("title", art.title || art.id);
  const url = art.url && /^https?:\/\//i.test(art.url) ? N.el("a", {href: art.url, rel: "noopener noreferrer nofollow"}, art.url) : art.url;
  N.fill("meta", N.links.outlet(art.outlet), " · ", art.published || "undated", " · ", art.language || "?",
    art.author ? [" · ", art.author] : null, url ? [" · ", url] : null);

  // Paragraphs, then segments cut at every span boundary inside them.
  let paragraphs = spans("paragraphs").map(p => [p.start, p.end, p.attrs.lang]);
  if (!paragraphs.length) {
    const re = /[^\n]+/g;
    for (let m; (m = re.exec(text));) paragraphs.push([m.index, m.index + m[0].length, null]);
  }
  const evidence = narratives.flatMap((n, i) => (n.attrs.evidence || [[n.start, n.end]]).map(([s, e]) => ({start: s, end: e, i: i})));
  const all = [...techniques, ...quotes, ...evidence];
  const textNode = N.fill("text");
  textNode.setAttribute("lang", art.language || "");
  for (const [pstart, pend, lang] of paragraphs) {
    const cuts = new Set([pstart, pend]);
    for (const s of all) for (const c of [s.start, s.end]) if (c > pstart && c < pend) cuts.add(c);
    const sorted = [...cuts].sort((a, b) => a - b);
    const p = N.el("p", {lang: lang || null});
    for (let k = 0; k + 1 < sorted.length; k++) {
      const [a, b] = [sorted[k], sorted[k + 1]];
      const piece = text.slice(a, b);
      const tech = techniques.filter(s => s.start <= a && b <= s.end);
      const quote = quotes.find(s => s.start <= a && b <= s.end);
      const ev = evidence.filter(s => s.start <= a && b <= s.end).map(s => s.i);
      if (!tech.length && !quote && !ev.length) { p.appendChild(document.createTextNode(piece)); continue; }
      const classes = [];
      if (tech.length) {
        const inner = tech[tech.length - 1];  // the innermost (latest-starting) span gives the colour
        classes.push("tq", order.has(inner.label) ? "t-" + order.get(inner.label) : "t-x");
        if (tech.length > 1) classes.push("multi");
      }
      if (quote) classes.push("v-" + (speakers.indexOf(speakerOf(quote)) % 8));
      const tip = tech.map(s => `${s.label.replace(/_/g, " ")} (${s.attrs.voice || "author"}, ${(s.score || 0).toFixed(2)})`);
      if (quote) tip.push(`quote: ${speakerOf(quote)}`);
      p.appendChild(N.el("span", {class: classes.join(" "), title: tip.join("\n") || null,
        "data-ev": ev.length ? ev.join(" ") : null, "data-techniques": tech.map(s => s.label).join(" ") || null}, piece));
    }
    textNode.appendChild(p);
  }
  if (!paragraphs.length) textNode.appendChild(N.el("p", {class: "muted"}, "No clean text."));

  // Legend: the techniques found, most spans first, each with its definition; then all 23.
  const counts = new Map();
  for (const s of techniques) counts.set(s.label, (counts.get(s.label) || 0) + 1);
  const item = (t, n) => N.el("div", {class: "item"}, N.el("span", {class: "swatch t-" + order.get(t.name)}),
    N.el("div", {}, N.el("b", {}, t.name.replace(/_/g, " ")), n ? N.el("span", {class: "count"}, ` ×${n}`) : null,
      N.el("div", {class: "def"}, `${t.category}: ${t.definition}`)));
  const found = defs.techniques.filter(t => counts.has(t.name)).sort((a, b) => counts.get(b.name) - counts.get(a.name));
  N.fill("legend", found.length ? found.map(t => item(t, counts.get(t.name))) : N.el("p", {class: "muted"}, "No technique spans."),
    N.el("details", {}, N.el("summary", {}, "All 23 techniques"), defs.techniques.map(t => item(t, 0)),
      N.el("p", {class: "def"}, defs.source)));
  const quoteCount = speakers.map(sp => quotes.filter(q => speakerOf(q) === sp).length);
  N.fill("voices", speakers.length ? speakers.map((sp, k) => N.el("div", {class: "item"}, N.el("span", {class: "swatch v-" + (k % 8)}),
    N.el("span", {}, sp), N.el("span", {class: "count"}, ` ×${quoteCount[k]}`))) : N.el("p", {class: "muted"}, "No quotes."));

  // Narratives: a click highlights the evidence in the text.
  const subs = spans("narratives").filter(s => s.attrs.level === "subnarrative");
  function highlight(i, row) {
    const on = !row.classList.contains("active");
    document.querySelectorAll(".narr.active").forEach(r => r.classList.remove("active"));
    document.querySelectorAll("#text span.ev").forEach(s => s.classList.remove("ev"));
    if (!on) return;
    row.classList.add("active");
    const marked = [...document.querySelectorAll("#text span[data-ev]")].filter(s => s.dataset.ev.split(" ").includes(String(i)));
    marked.forEach(s => s.classList.add("ev"));
    if (marked.length) marked[0].scrollIntoView({block: "center"});
  }
  N.fill("narratives", narratives.length ? N.table(["narrative", "score", "stance of the author", "voices", "evidence"],
    narratives.map((n, i) => {
      const fine = subs.filter(s => s.attrs.parent === n.label).map(s => s.label.split(": ").pop());
      const label = N.el("div", {class: "narr", "data-narrative": String(i)}, N.el("b", {}, n.label), n.attrs.dominant ? " (dominant)" : "",
        fine.length ? N.el("div", {class: "def"}, fine.join("; ")) : null);
      label.addEventListener("click", () => highlight(i, label));
      const st = n.attrs.stance || "unclear";
      return [label, (n.score || 0).toFixed(2), N.el("span", {}, N.stance(st), st === "unclear" ? "" : ` (${(n.attrs.stance_score || 0).toFixed(2)})`),
        (n.attrs.voices || []).join(", "), `${(n.attrs.evidence || []).length} passage(s)`];
    })) : N.el("p", {class: "muted"}, "No narrative of the loaded taxonomies was found."));

  // Entities with their roles by voice; a role that is only the prior is "no evidence".
  const roles = new Map();
  for (const s of spans("framing")) roles.set(s.attrs.entity, [...(roles.get(s.attrs.entity) || []), s]);
  const ents = Object.entries(art.entities || {}).sort((a, b) => b[1].mentions - a[1].mentions);
  N.fill("entities", ents.length ? N.table(["entity", "type", "mentions", "roles by voice"], ents.map(([eid, e]) => {
    const key = e.registry ? "reg:" + e.registry : "name:" + String(e.name || "").split(/\s+/).join(" ").toLowerCase();
    const found = roles.get(eid) || [];
    const real = found.filter(s => s.attrs.evidence_kind !== "prior");
    const shown = real.length ? real.map(s => `${s.attrs.voice || "author"}: ${s.label}` +
      ((s.attrs.fine_roles || []).length ? ` (${s.attrs.fine_roles.join(", ")})` : "")).join("; ")
      : found.length ? N.el("span", {class: "muted"}, "no evidence") : "";
    return [N.links.entity(key, e.name), e.type, e.mentions, shown];
  })) : N.el("p", {class: "muted"}, "No entities."));
});
