// narrascope dashboard: helpers shared by every page. Text from the store is only ever inserted as
// DOM text (textContent / text nodes), never as HTML, so whatever an article holds stays inert.
"use strict";
const N = (() => {
  const STANCES = ["promotes", "reports-on", "counters", "unclear"];
  const STANCE_COLOURS = {"promotes": "#a61e4d", "reports-on": "#1864ab", "counters": "#2b8a3e", "unclear": "#adb5bd"};
  const PLOT_CONFIG = {displayModeBar: false, responsive: true};

  // el("a", {href: "/x", class: "y"}, "text", node, ...): an element; strings become text nodes.
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value);
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined) continue;
      node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  // plotly reads a few HTML tags and entities in its labels: data strings go in with those escaped.
  function pt(text) {
    return String(text === null || text === undefined ? "" : text).replace(/&/g, "&amp;").replace(/</g, "&lt;")
      .replace(/>/g, "&gt;");
  }

  function param(name) { return new URLSearchParams(location.search).get(name) || ""; }

  function query(params) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params || {})) if (v !== "" && v !== null && v !== undefined) q.set(k, v);
    const s = q.toString();
    return s ? "?" + s : "";
  }

  // GET a JSON API path; null for a 404 when allowMissing (an endpoint this store does not have yet).
  async function api(path, params, allowMissing) {
    const response = await fetch(path + query(params), {credentials: "same-origin", headers: {"Accept": "application/json"}});
    if (allowMissing && response.status === 404) {
      const body = await response.json().catch(() => ({}));
      if (!body.error) return null;  // no such route (an API error with a code is a real answer)
    }
    const body = await response.json().catch(() => null);
    if (!response.ok) {
      const err = body && body.error ? `[${body.error.code}] ${body.error.message}` : `HTTP ${response.status}`;
      throw new Error(err);
    }
    return body;
  }

  // Every page of a paginated list (limit 1000 a page).
  async function all(path, params) {
    const items = [];
    for (let offset = 0; ; offset += 1000) {
      const page = await api(path, Object.assign({}, params, {limit: 1000, offset: offset}));
      items.push(...page.items);
      if (items.length >= page.total || !page.items.length) return items;
    }
  }

  function status(text, isError) {
    const node = document.getElementById("status");
    node.textContent = text || "";
    node.className = "status" + (isError ? " err" : "");
  }

  function table(headers, rows) {
    return el("table", {}, el("thead", {}, el("tr", {}, headers.map(h => el("th", {}, h)))),
      el("tbody", {}, rows.map(r => el("tr", {}, r.map(c => typeof c === "number" ? el("td", {class: "num"}, String(c)) : el("td", {}, c))))));
  }

  function fill(id, ...children) {
    const node = document.getElementById(id);
    node.replaceChildren(...children.flat().filter(c => c !== null && c !== undefined));
    return node;
  }

  function card(value, label) { return el("div", {class: "card"}, el("b", {}, String(value)), el("span", {}, label)); }

  function stance(s) { return el("span", {class: "stance-" + s}, s === "unclear" ? "no evidence" : s); }

  const links = {
    article: (id, text) => el("a", {href: "/article" + query({id: id})}, text || id),
    outlet: name => name ? el("a", {href: "/outlet" + query({name: name})}, name) : el("span", {class: "muted"}, "no outlet"),
    entity: (key, text) => el("a", {href: "/entity" + query({key: key})}, text || key),
    narrative: label => el("a", {href: "/search" + query({narrative: label})}, label),
    wave: w => el("a", {href: "/wave" + query({narrative: w.narrative || "", group: w.group || "", start: w.start})},
      `${w.narrative || w.group} · ${w.start} → ${w.end}`),
  };

  function plot(id, traces, layout) {
    const base = {margin: {l: 50, r: 20, t: 20, b: 50}, font: {family: "system-ui, sans-serif", size: 12},
      paper_bgcolor: "#fff", plot_bgcolor: "#fff", legend: {orientation: "h", y: -0.18}};
    return Plotly.newPlot(id, traces, Object.assign(base, layout || {}), PLOT_CONFIG);
  }

  // The shaded ranges that mark waves on a date axis (start..end, inclusive days).
  function waveShapes(waves) {
    return waves.map(w => ({type: "rect", xref: "x", yref: "paper", x0: w.start, x1: addDays(w.end, 1), y0: 0, y1: 1,
      fillcolor: "rgba(231, 111, 81, 0.18)", line: {width: 1, color: "rgba(231, 111, 81, 0.7)"}, layer: "below",
      name: "wave"}));
  }

  function addDays(day, n) {
    const d = new Date(day + "T00:00:00Z");
    d.setUTCDate(d.getUTCDate() + n);
    return d.toISOString().slice(0, 10);
  }

  // Run a page's main function; the page is marked ready (for people and tests) when it has drawn.
  function run(main) {
    document.addEventListener("DOMContentLoaded", async () => {
      try {
        status(await main() || "");  // a page may return a note to show instead of "Loading…"
      } catch (err) {
        status(String(err.message || err), true);
      } finally {
        document.body.setAttribute("data-ready", "1");
      }
    });
  }

  return {STANCES, STANCE_COLOURS, el, pt, param, query, api, all, status, table, fill, card, stance, links, plot,
    waveShapes, addDays, run};
})();
