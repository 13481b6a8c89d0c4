// Search: full-text (FTS5) with the corpus filters, one page at a time; without words, the filtered articles.
"use strict";
N.run(async () => {
  const FIELDS = ["q", "outlet", "language", "since", "until", "narrative", "stance", "entity", "technique"];
  const params = Object.fromEntries(FIELDS.map(f => [f, N.param(f)]));
  const offset = Math.max(0, parseInt(N.param("offset") || "0", 10) || 0);
  const limit = 20;
  const hasFilter = FIELDS.some(f => params[f]);
  const body = params.q ? await N.api("/api/search", Object.assign({}, params, {limit, offset}))
    : await N.api("/api/articles", Object.assign({}, params, {limit, offset}));
  N.fill("count", `${body.total} article(s)` + (params.q ? ` match ${params.q}` : hasFilter ? " match the filters" : " in the store") +
    (body.total ? `; ${offset + 1}–${Math.min(offset + limit, body.total)} shown` : ""));

  function snippet(s) {  // the passage with its matches marked, as text nodes and <mark>s
    if (!s) return null;
    const out = N.el("div", {class: "snippet"});
    let at = 0;
    for (const [a, b] of s.matches) {
      if (a < at) continue;
      out.append(s.text.slice(at, a), N.el("mark", {}, s.text.slice(a, b)));
      at = b;
    }
    out.append(s.text.slice(at));
    return out;
  }
  N.fill("results", body.items.map(a => N.el("li", {},
    N.links.article(a.article_id, a.title || a.article_id), N.el("div", {class: "muted"},
      `${a.day || "undated"} · ${a.outlet || "no outlet"} · ${a.language || "?"}`), snippet(a.snippet))));
  const page = (o, label, id) => N.el("a", {href: "/search" + N.query(Object.assign({}, params, {offset: o})), id: id}, label);
  N.fill("pager", offset > 0 ? page(Math.max(0, offset - limit), "← previous", "previous") : null,
    offset + limit < body.total ? page(offset + limit, "next →", "next") : null);
});
