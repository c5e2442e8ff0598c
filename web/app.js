// tupu explorer: a hash-routed page over the server's JSON API.
//   #/             the graph's overview (/api/overview)
//   #/search?q=…&offset=N  entities by label or alias, ranked and paged (/api/search)
//   #/entity/ID    facts grouped by predicate with evidence (/entity/ID),
//                  neighbourhood graph (cytoscape.js), article text (/api/article/ID)
//   #/sparql       CodeMirror editor with the README's examples, paged results,
//                  CSV/JSON download, CONSTRUCT as Turtle (/api/examples, /sparql)
//   #/ask          question box (/ask)
// Every string from the graph goes into the page through textContent.
"use strict";

const $ = (id) => document.getElementById(id);

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") e.className = v;
    else if (k === "text") e.textContent = v;
    else e.setAttribute(k, v);
  }
  for (const c of children) {
    if (c !== null && c !== undefined) e.append(c);
  }
  return e;
}

// An entity id in a URL: each segment percent-encoded, slashes kept.
function idPath(id) {
  return id.split("/").map(encodeURIComponent).join("/");
}

async function getJSON(url) {
  const r = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await r.json().catch(() => ({ error: r.statusText }));
  if (!r.ok) throw Object.assign(new Error(body.error || r.statusText), { body, status: r.status });
  return body;
}

function show(view) {
  for (const v of document.querySelectorAll(".view")) v.hidden = v.id !== "view-" + view;
  for (const a of document.querySelectorAll("nav a")) a.classList.toggle("active", a.dataset.view === view);
}

// ---- search and home ------------------------------------------------------

const SEARCH_PAGE = 20;

function entityLink(e) {
  return el("a", { href: `#/entity/${idPath(e.id)}`, text: e.label });
}

async function showOverview() {
  const box = $("overview");
  box.replaceChildren();
  const o = await getJSON("/api/overview");
  $("search-title").textContent = "图谱概览 Overview";
  $("search-help").textContent = `${o.articles} 篇文章 articles · ${o.entities} 个实体 entities · ${o.quads} quads`;
  for (const t of o.types) {
    box.append(el("div", { class: "card", "data-type": t.type },
      el("h2", { text: `${t.type} (${t.count})` }),
      el("ol", {}, ...t.top.map((e) => el("li", {}, entityLink(e))))));
  }
  box.append(el("div", { class: "card recent" },
    el("h2", { text: "最新文章 Latest articles" }),
    el("ol", {}, ...o.recent.map((id) => el("li", {}, el("code", { text: id }))))));
}

async function runSearch(q, offset) {
  show("search");
  $("search-input").value = q;
  const list = $("search-results");
  list.replaceChildren();
  $("search-pager").replaceChildren();
  $("overview").replaceChildren();
  if (!q) return showOverview().catch((e) => { $("search-help").textContent = "error: " + e.message; });
  $("search-title").textContent = `搜索 “${q}”`;
  try {
    const res = await getJSON(`/api/search?q=${encodeURIComponent(q)}&limit=${SEARCH_PAGE}&offset=${offset}`);
    $("search-help").textContent = res.total
      ? `${res.total} 个结果 results, ${offset + 1}–${offset + res.hits.length}`
      : "没有结果 no match";
    list.start = offset + 1;
    for (const h of res.hits) {
      list.append(el("li", { class: "hit" }, entityLink(h), ...h.types.map((t) => el("span", { class: "badge", text: t }))));
    }
    const go = (o) => { location.hash = `#/search?q=${encodeURIComponent(q)}&offset=${o}`; };
    if (offset > 0) $("search-pager").append(el("button", { class: "secondary", text: "← 上一页 previous" }));
    if (offset + res.hits.length < res.total) $("search-pager").append(el("button", { class: "secondary next", text: "下一页 next →" }));
    for (const b of $("search-pager").querySelectorAll("button")) {
      b.addEventListener("click", () => go(b.classList.contains("next") ? offset + SEARCH_PAGE : Math.max(0, offset - SEARCH_PAGE)));
    }
  } catch (e) {
    $("search-help").textContent = "error: " + e.message;
  }
}

// ---- entity ---------------------------------------------------------------

const ARROW = { out: "→", in: "←", both: "↔" };
const TYPE_COLOURS = {
  Organization: "#4e79a7", Person: "#f28e2b", Park: "#59a14f",
  Project: "#b07aa1", Event: "#e15759", Place: "#76b7b2",
};

function mainType(types) {
  return ["Organization", "Person", "Park", "Project", "Event", "Place"].find((t) => types.includes(t)) || "Organization";
}

// The sentence with the exact evidence marked.
function evidenceNode(ev) {
  const q = el("blockquote", { class: "evidence", title: "show in the article" });
  const s = ev.sentence || "";
  const i = ev.evidence ? s.indexOf(ev.evidence) : -1;
  if (i >= 0 && ev.evidence) {
    q.append(s.slice(0, i), el("mark", { text: ev.evidence }), s.slice(i + ev.evidence.length));
  } else {
    q.append(s || "(no sentence)");
  }
  q.append(el("cite", { text: `${ev.article} [${ev.start ?? "?"}..${ev.end ?? "?"}]` }));
  q.addEventListener("click", () => showArticle(ev));
  return q;
}

async function showArticle(ev) {
  const panel = $("article-panel");
  panel.hidden = false;
  $("article-id").textContent = ev.article;
  const box = $("article-text");
  box.replaceChildren();
  try {
    const a = await getJSON(`/api/article/${encodeURIComponent(ev.article)}`);
    if (a.text === null || a.text === undefined) {
      $("article-note").textContent = a.note || "the article text is not available";
      box.append(evidenceNode(ev));
      return;
    }
    $("article-note").textContent = `${a.source} — characters ${ev.start}..${ev.end} highlighted`;
    // Offsets are CHARACTER (code point) offsets into the original text.
    const chars = Array.from(a.text);
    const m = el("mark", { text: chars.slice(ev.start, ev.end).join("") });
    box.append(chars.slice(0, ev.start).join(""), m, chars.slice(ev.end).join(""));
    m.scrollIntoView({ block: "center" });
  } catch (e) {
    $("article-note").textContent = "error: " + e.message;
  }
}

let cy = null;
// At most this many neighbours of one node are drawn; the rest behind "+N more".
const HUB_CAP = 24;

// The neighbours of an entity page: [{entity, predicate, label_zh, direction}].
function neighbours(page, type, pred) {
  const out = [];
  for (const g of page.groups) {
    if (pred && g.predicate !== pred) continue;
    for (const f of g.facts) {
      if (!f.entity || (type && !f.entity.types.includes(type))) continue;
      out.push({ entity: f.entity, predicate: g.predicate, label_zh: g.label_zh, direction: g.direction });
    }
  }
  return out;
}

// Adds up to `cap` more neighbours of `centre` (an entity page) to the graph,
// and a "+N more" node for the rest.
function addNeighbours(page, from, cap) {
  const type = $("graph-type").value, pred = $("graph-pred").value;
  const all = neighbours(page, type, pred);
  const more = `${page.iri}|more`;
  if (cy.getElementById(more).length) cy.getElementById(more).remove();
  const added = [];
  const slice = all.slice(from, from + cap);
  for (const n of slice) {
    const o = n.entity;
    if (!cy.getElementById(o.iri).length) {
      added.push(cy.add({ data: { id: o.iri, label: o.label, type: mainType(o.types), eid: o.id, centre: 0 } }));
    }
    const [src, dst] = n.direction === "in" ? [o.iri, page.iri] : [page.iri, o.iri];
    const id = `${n.predicate}|${src}|${dst}`;
    if (!cy.getElementById(id).length) cy.add({ data: { id, source: src, target: dst, label: n.label_zh } });
  }
  const rest = all.length - from - slice.length;
  if (rest > 0) {
    added.push(cy.add({ data: { id: more, label: `+${rest} more`, more: 1, owner: page.iri, next: from + cap, type: "more" } }));
    cy.add({ data: { id: `${more}|edge`, source: page.iri, target: more, label: "" } });
  }
  return added;
}

function relayout() {
  cy.layout({ name: typeof cytoscapeFcose !== "undefined" ? "fcose" : "cose", animate: false, randomize: false,
    nodeRepulsion: 9000, idealEdgeLength: 90, nodeSeparation: 80, packComponents: true }).run();
  cy.fit(undefined, 20);
  window.__tupuGraph = {
    nodes: cy.nodes("[!more]").length,
    labelled: cy.nodes().filter((n) => n.style("label") !== "").length,
    more: cy.nodes("[more = 1]").map((n) => n.data("label")),
    edges: cy.edges().length,
    layout: typeof cytoscapeFcose !== "undefined" ? "fcose" : "cose",
  };
}

const pages = new Map();

async function expand(node) {
  if (node.data("more")) {
    const owner = pages.get(node.data("owner"));
    addNeighbours(owner, node.data("next"), HUB_CAP);
    return relayout();
  }
  if (node.data("expanded")) return;
  node.data("expanded", 1);
  let page = pages.get(node.id());
  if (!page) {
    page = await getJSON(`/entity/${idPath(node.data("eid"))}`);
    pages.set(page.iri, page);
  }
  addNeighbours(page, 0, HUB_CAP);
  relayout();
  $("graph-info").replaceChildren("expanded ", el("a", { href: `#/entity/${idPath(page.id)}`, text: page.label }));
}

function drawGraph(page) {
  pages.clear();
  pages.set(page.iri, page);
  const preds = [...new Set(page.groups.filter((g) => g.facts.some((f) => f.entity)).map((g) => g.predicate))];
  const types = [...new Set(neighbours(page, "", "").flatMap((n) => n.entity.types))].sort();
  const keep = (sel, opts) => {
    const v = sel.value;
    sel.replaceChildren(el("option", { value: "", text: "全部 all" }), ...opts.map((o) => el("option", { value: o, text: o })));
    if (opts.includes(v)) sel.value = v;
  };
  keep($("graph-type"), types);
  keep($("graph-pred"), preds);
  if (cy) cy.destroy();
  cy = cytoscape({
    container: $("graph"),
    elements: [{ data: { id: page.iri, label: page.label, type: mainType(page.types), centre: 1, eid: page.id, expanded: 1 } }],
    style: [
      { selector: "node", style: {
        label: "data(label)", "font-size": 11, "text-valign": "bottom", "text-margin-y": 3,
        "background-color": (n) => TYPE_COLOURS[n.data("type")] || "#999", width: 16, height: 16,
        "font-family": "Noto Sans CJK SC, Noto Sans SC, sans-serif", color: "#1d2330",
        "text-wrap": "ellipsis", "text-max-width": 110, "text-background-color": "#fcfcfd",
        "text-background-opacity": 0.8, "text-background-padding": 1,
      } },
      { selector: "node[centre = 1]", style: { width: 28, height: 28, "font-size": 14, "font-weight": 700 } },
      { selector: "node[more = 1]", style: { shape: "round-rectangle", width: 44, height: 18, "background-color": "#dfe5ee",
        "text-valign": "center", "text-margin-y": 0, "font-size": 10 } },
      { selector: "edge", style: {
        label: "", "font-size": 9, color: "#5f6b7a", width: 1.2, "line-color": "#b8c2d0",
        "target-arrow-color": "#b8c2d0", "target-arrow-shape": "triangle", "curve-style": "bezier",
        "text-rotation": "autorotate", "font-family": "Noto Sans CJK SC, sans-serif",
      } },
      { selector: "edge:selected, node:selected + edge, edge.hover", style: { label: "data(label)" } },
    ],
    wheelSensitivity: 0.3,
  });
  window.__tupuCy = cy;
  addNeighbours(page, 0, HUB_CAP);
  relayout();
  cy.on("tap", "node", (evt) => expand(evt.target).catch((e) => { $("graph-info").textContent = e.message; }));
  cy.on("dbltap", "node[eid]", (evt) => { location.hash = `#/entity/${idPath(evt.target.data("eid"))}`; });
  cy.on("mouseover", "edge", (e) => e.target.addClass("hover"));
  cy.on("mouseout", "edge", (e) => e.target.removeClass("hover"));
  $("graph-type").onchange = $("graph-pred").onchange = () => drawGraph(page);
  const present = new Set(cy.nodes().map((n) => n.data("type")));
  $("legend").replaceChildren(...Object.entries(TYPE_COLOURS).filter(([t]) => present.has(t)).map(([t, c]) =>
    el("span", { class: "key" }, el("i", { style: `background:${c}` }), t)));
}

// Facts shown per predicate group before "show more", and per click.
const GROUP_SHOW = 3;
const GROUP_STEP = 20;
// Evidence sentences shown per fact before "+N more evidence", and per click.
const EVIDENCE_STEP = 5;

// A list that shows `first` items, then a button adding `step` more.
function pagedList(ul, items, render, first, step, label) {
  let shown = 0;
  const more = el("button", { type: "button", class: "more" });
  const add = (n) => {
    for (const it of items.slice(shown, shown + n)) ul.append(render(it));
    shown = Math.min(items.length, shown + n);
    more.textContent = `${label(items.length - shown)}`;
    more.hidden = shown >= items.length;
    if (!more.hidden) ul.append(more);
  };
  more.addEventListener("click", () => { more.remove(); add(step); });
  add(first);
}

function factNode(f) {
  const li = el("li", { class: "fact" });
  if (f.entity) {
    li.append(el("a", { class: "entity", href: `#/entity/${idPath(f.entity.id)}`, text: f.entity.label }),
      ...f.entity.types.map((t) => el("span", { class: "badge", text: t })));
  } else {
    li.append(el("span", { class: "value", text: f.value }));
  }
  const evs = el("div", { class: "evidence-list" });
  li.append(evs);
  pagedList(evs, f.evidence, (ev) => evidenceNode(ev), 1, EVIDENCE_STEP, (n) => `+${n} 条证据 more evidence`);
  return li;
}

function renderFacts(page, type) {
  const facts = $("facts");
  facts.replaceChildren();
  let total = 0;
  for (const g of page.groups) {
    const kept = g.facts.filter((f) => !type || (f.entity && f.entity.types.includes(type)));
    if (!kept.length) continue;
    total += kept.length;
    const ul = el("ul");
    pagedList(ul, kept, factNode, GROUP_SHOW, GROUP_STEP, (n) => `显示更多 show ${n} more`);
    facts.append(el("details", { class: "group", open: "", "data-predicate": g.predicate, "data-direction": g.direction },
      el("summary", {}, `${ARROW[g.direction] || ""} ${g.label_zh} `,
        el("span", { class: "pred", text: `${g.predicate} (${kept.length})` })),
      ul));
  }
  if (!total) facts.append(el("p", { class: "muted", text: "no facts" }));
  $("fact-count").textContent = `${total} facts in ${facts.querySelectorAll(".group").length} groups`;
}

async function openEntity(id) {
  show("entity");
  $("article-panel").hidden = true;
  const facts = $("facts");
  facts.replaceChildren(el("p", { class: "muted", text: "loading…" }));
  let page;
  try {
    page = await getJSON(`/entity/${idPath(id)}`);
  } catch (e) {
    facts.replaceChildren(el("p", { text: e.message }));
    $("entity-label").textContent = id;
    return;
  }
  document.title = `${page.label} · tupu`;
  $("entity-label").textContent = page.label;
  $("entity-types").replaceChildren(...page.types.map((t) => el("span", { class: "badge", text: t })));
  $("entity-iri").textContent = page.iri;
  $("entity-aliases").textContent = page.aliases.length ? `别名 aliases: ${page.aliases.join("、")}` : "";
  const types = new Set();
  for (const g of page.groups) for (const f of g.facts) if (f.entity) f.entity.types.forEach((t) => types.add(t));
  $("fact-type").replaceChildren(el("option", { value: "", text: "全部 all" }),
    ...[...types].sort().map((t) => el("option", { value: t, text: t })));
  $("fact-type").onchange = () => renderFacts(page, $("fact-type").value);
  renderFacts(page, "");
  $("provenance-list").replaceChildren(...page.provenance.map((p) =>
    el("li", {}, el("code", { text: p.article }), ` “${p.name || ""}” — ${p.resolved_by || "?"}`)));
  $("provenance").hidden = !page.provenance.length;
  drawGraph(page);
}

// ---- SPARQL ---------------------------------------------------------------

let examples = [];
let editor = null;
const RESULT_PAGE = 50;

function queryText() {
  return editor ? editor.getValue() : $("query-text").value;
}

async function loadExamples() {
  if (!editor && typeof CodeMirror !== "undefined") {
    editor = CodeMirror.fromTextArea($("query-text"), { mode: "sparql", lineNumbers: true, matchBrackets: true });
  }
  if (examples.length) return;
  examples = await getJSON("/api/examples");
  const sel = $("example-select");
  sel.replaceChildren(...examples.map((x, i) => el("option", { value: String(i), text: x.name })));
  setQuery(examples[0] ? examples[0].query : "");
}

function setQuery(q) {
  if (editor) editor.setValue(q);
  else $("query-text").value = q;
}

// The query form (SELECT, ASK, CONSTRUCT, DESCRIBE), ignoring comments,
// PREFIX and BASE declarations and IRIs.
function queryForm(q) {
  const bare = q.replace(/<[^>\s]*>/g, "<>").replace(/#[^\n]*/g, "");
  const m = bare.match(/\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b/i);
  return m ? m[1].toUpperCase() : "SELECT";
}

const ENTITY_BASE = "https://tupu.dev/id/";

function termNode(t) {
  if (!t) return "";
  if (t.type === "uri" && t.value.startsWith(ENTITY_BASE)) {
    const id = t.value.slice(ENTITY_BASE.length);
    return el("a", { href: `#/entity/${idPath(id)}`, title: t.value, text: decodeURIComponent(id) });
  }
  if (t.type === "uri") return el("span", { class: "iri", title: t.value, text: t.value });
  return t.value;
}

async function fetchSparql(accept) {
  return fetch("/sparql", {
    method: "POST",
    headers: { "Content-Type": "application/sparql-query", Accept: accept },
    body: queryText(),
  });
}

let lastResult = null;

function renderPage(page) {
  const { res, vars, ms, note } = lastResult;
  const rows = res.results.bindings;
  const pages = Math.max(1, Math.ceil(rows.length / RESULT_PAGE));
  page = Math.min(Math.max(0, page), pages - 1);
  const table = $("results");
  table.replaceChildren(el("thead", {}, el("tr", {}, ...vars.map((v) => el("th", { text: v })))));
  const tbody = el("tbody");
  for (const b of rows.slice(page * RESULT_PAGE, (page + 1) * RESULT_PAGE)) {
    tbody.append(el("tr", {}, ...vars.map((v) => el("td", {}, termNode(b[v])))));
  }
  table.append(tbody);
  const first = rows.length ? page * RESULT_PAGE + 1 : 0;
  const last = Math.min(rows.length, (page + 1) * RESULT_PAGE);
  $("query-status").textContent = `${rows.length} rows, ${ms} ms${note}`;
  const pager = $("results-pager");
  pager.replaceChildren(`rows ${first}–${last} of ${rows.length} `);
  if (page > 0) pager.append(el("button", { class: "secondary prev", text: "← previous" }));
  if (page < pages - 1) pager.append(el("button", { class: "secondary next", text: "next →" }));
  for (const b of pager.querySelectorAll("button")) {
    b.addEventListener("click", () => renderPage(b.classList.contains("next") ? page + 1 : page - 1));
  }
}

async function runQuery() {
  let format = $("format-select").value;
  const form = queryForm(queryText());
  if (format === "auto") format = form === "CONSTRUCT" || form === "DESCRIBE" ? "text/turtle" : "application/sparql-results+json";
  const status = $("query-status");
  const raw = $("results-raw");
  $("results").replaceChildren();
  $("results-pager").replaceChildren();
  raw.hidden = true;
  status.textContent = "running…";
  const t0 = performance.now();
  const r = await fetchSparql(format);
  const ms = Math.round(performance.now() - t0);
  const text = await r.text();
  if (!r.ok) {
    status.textContent = r.status === 406
      ? `406: the ${form} answer has no ${format} form; choose “auto” or Turtle for CONSTRUCT/DESCRIBE`
      : `${r.status}: ${text}`;
    return;
  }
  const truncated = r.headers.get("x-tupu-truncated");
  const note = truncated ? ` (cut at ${truncated} rows)` : "";
  if (format !== "application/sparql-results+json") {
    raw.hidden = false;
    raw.textContent = text;
    status.textContent = `${form === "CONSTRUCT" || form === "DESCRIBE" ? "Turtle, " : ""}${ms} ms${note}`;
    return;
  }
  const res = JSON.parse(text);
  if ("boolean" in res) {
    status.textContent = `ASK → ${res.boolean} (${ms} ms)`;
    return;
  }
  // Columns in the order the query names them (SELECT * gives them sorted).
  const q = queryText();
  const at = (v) => { const i = q.search(new RegExp(`[?$]${v}\\b`)); return i < 0 ? Infinity : i; };
  const vars = [...res.head.vars].sort((a, b) => at(a) - at(b));
  lastResult = { res, vars, ms, note };
  renderPage(0);
}

async function download(accept, ext) {
  const r = await fetchSparql(accept);
  const blob = await r.blob();
  const a = el("a", { href: URL.createObjectURL(blob), download: `tupu-results.${ext}` });
  document.body.append(a);
  a.click();
  a.remove();
}

// ---- ask ------------------------------------------------------------------

async function runAsk(q) {
  show("ask");
  $("ask-input").value = q;
  const list = $("ask-answers");
  list.replaceChildren();
  $("ask-sparql").textContent = "";
  if (!q) return;
  $("ask-status").textContent = "…";
  try {
    const res = await getJSON(`/ask?q=${encodeURIComponent(q)}`);
    $("ask-status").textContent = res.answers.length ? `${res.answers.length} 个答案 answers` : "图谱中没有答案 no answer in the graph";
    $("ask-sparql").textContent = res.sparql;
    for (const a of res.answers) {
      const head = a.name || a.value || "(unnamed)";
      const li = el("li", {});
      if (a.iri && a.iri.startsWith("https://tupu.dev/id/")) {
        li.append(el("a", { href: `#/entity/${idPath(a.iri.slice("https://tupu.dev/id/".length))}`, text: head }));
      } else {
        li.append(head);
      }
      const evs = a.hops ? a.hops.flatMap((h) => h.evidence) : a.evidence;
      for (const ev of evs) li.append(evidenceNode(ev));
      list.append(li);
    }
  } catch (e) {
    const closest = e.body && e.body.closest ? e.body.closest.map((c) => c.example).join(" / ") : "";
    $("ask-status").textContent = `没有理解 not understood${closest ? " — try: " + closest : ""}`;
  }
}

// ---- routing --------------------------------------------------------------

function route() {
  const h = decodeURI(location.hash.slice(1) || "/");
  if (h.startsWith("/entity/")) return openEntity(decodeURIComponent(location.hash.slice("#/entity/".length)));
  if (h.startsWith("/sparql")) { show("sparql"); return loadExamples(); }
  if (h.startsWith("/ask")) {
    const q = new URLSearchParams(location.hash.split("?")[1] || "").get("q") || "";
    return runAsk(q);
  }
  const params = new URLSearchParams(location.hash.split("?")[1] || "");
  return runSearch(params.get("q") || "", Number(params.get("offset")) || 0);
}

$("search-form").addEventListener("submit", (e) => {
  e.preventDefault();
  location.hash = `#/search?q=${encodeURIComponent($("search-input").value.trim())}`;
});
$("ask-form").addEventListener("submit", (e) => {
  e.preventDefault();
  location.hash = `#/ask?q=${encodeURIComponent($("ask-input").value.trim())}`;
});
$("example-select").addEventListener("change", (e) => setQuery(examples[Number(e.target.value)].query));
$("download-csv").addEventListener("click", () => download("text/csv", "csv"));
$("download-json").addEventListener("click", () => download("application/sparql-results+json", "json"));
$("run-query").addEventListener("click", () => runQuery().catch((e) => { $("query-status").textContent = e.message; }));
window.addEventListener("hashchange", route);

getJSON("/api/stats").then((s) => {
  $("stats").textContent = `${s.articles} articles · ${s.entities} entities · ${s.quads} quads`;
}).catch(() => {});
route();
