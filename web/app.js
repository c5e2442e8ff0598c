// tupu explorer: a hash-routed page over the server's JSON API.
//   #/search?q=…   entities by label or alias (/api/search)
//   #/entity/ID    facts grouped by predicate with evidence (/entity/ID),
//                  neighbourhood graph (cytoscape.js), article text (/api/article/ID)
//   #/sparql       editor with the README's examples (/api/examples, /sparql)
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

// ---- search ---------------------------------------------------------------

async function runSearch(q) {
  show("search");
  $("search-input").value = q;
  const list = $("search-results");
  list.replaceChildren();
  if (!q) return;
  $("search-title").textContent = `搜索 “${q}”`;
  try {
    const res = await getJSON(`/api/search?q=${encodeURIComponent(q)}&limit=50`);
    $("search-help").textContent = res.hits.length ? `${res.hits.length} 个结果 results` : "没有结果 no match";
    for (const h of res.hits) {
      list.append(
        el("li", { class: "hit" },
          el("a", { href: `#/entity/${idPath(h.id)}`, text: h.label }),
          ...h.types.map((t) => el("span", { class: "badge", text: t })))
      );
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

function drawGraph(page) {
  const nodes = new Map();
  const edges = [];
  nodes.set(page.iri, { id: page.iri, label: page.label, type: mainType(page.types), centre: 1, eid: page.id });
  for (const g of page.groups) {
    for (const f of g.facts) {
      if (!f.entity) continue;
      const o = f.entity;
      if (!nodes.has(o.iri)) nodes.set(o.iri, { id: o.iri, label: o.label, type: mainType(o.types), centre: 0, eid: o.id });
      const [s, t] = g.direction === "in" ? [o.iri, page.iri] : [page.iri, o.iri];
      edges.push({ id: `${g.predicate}|${s}|${t}`, source: s, target: t, label: g.label_zh });
    }
  }
  const elements = [
    ...[...nodes.values()].map((n) => ({ data: n })),
    ...edges.map((e) => ({ data: e })),
  ];
  if (cy) cy.destroy();
  cy = cytoscape({
    container: $("graph"),
    elements,
    layout: { name: nodes.size > 2 ? "concentric" : "grid", concentric: (n) => n.data("centre") ? 2 : 1, levelWidth: () => 1, minNodeSpacing: 18, animate: false },
    style: [
      { selector: "node", style: {
        label: "data(label)", "font-size": 11, "text-valign": "bottom", "text-margin-y": 3,
        "background-color": (n) => TYPE_COLOURS[n.data("type")] || "#999", width: 16, height: 16,
        "font-family": "Noto Sans CJK SC, Noto Sans SC, sans-serif", color: "#1d2330",
        "text-wrap": "ellipsis", "text-max-width": 120,
      } },
      { selector: "node[centre = 1]", style: { width: 28, height: 28, "font-size": 14, "font-weight": 700 } },
      { selector: "edge", style: {
        label: "data(label)", "font-size": 9, color: "#5f6b7a", width: 1.2, "line-color": "#b8c2d0",
        "target-arrow-color": "#b8c2d0", "target-arrow-shape": "triangle", "curve-style": "bezier",
        "text-rotation": "autorotate", "font-family": "Noto Sans CJK SC, sans-serif",
      } },
    ],
    wheelSensitivity: 0.3,
  });
  cy.on("tap", "node", (evt) => {
    const id = evt.target.data("eid");
    if (id && id !== page.id) location.hash = `#/entity/${idPath(id)}`;
  });
  const present = new Set([...nodes.values()].map((n) => n.type));
  $("legend").replaceChildren(...Object.entries(TYPE_COLOURS).filter(([t]) => present.has(t)).map(([t, c]) =>
    el("span", { class: "key" }, el("i", { style: `background:${c}` }), t)));
  window.__tupuGraph = { nodes: nodes.size, edges: edges.length };
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
  facts.replaceChildren();
  if (!page.groups.length) facts.append(el("p", { class: "muted", text: "no facts" }));
  for (const g of page.groups) {
    const ul = el("ul");
    for (const f of g.facts) {
      const li = el("li", { class: "fact" });
      if (f.entity) {
        li.append(el("a", { class: "entity", href: `#/entity/${idPath(f.entity.id)}`, text: f.entity.label }),
          ...f.entity.types.map((t) => el("span", { class: "badge", text: t })));
      } else {
        li.append(el("span", { class: "value", text: f.value }));
      }
      for (const ev of f.evidence) li.append(evidenceNode(ev));
      ul.append(li);
    }
    facts.append(el("section", { class: "group", "data-predicate": g.predicate, "data-direction": g.direction },
      el("h2", {}, `${ARROW[g.direction] || ""} ${g.label_zh} `,
        el("span", { class: "pred", text: `${g.predicate} (${g.facts.length})` })),
      ul));
  }
  drawGraph(page);
}

// ---- SPARQL ---------------------------------------------------------------

let examples = [];

async function loadExamples() {
  if (examples.length) return;
  examples = await getJSON("/api/examples");
  const sel = $("example-select");
  sel.replaceChildren(...examples.map((x, i) => el("option", { value: String(i), text: x.name })));
  $("query-text").value = examples[0] ? examples[0].query : "";
}

function termText(t) {
  if (!t) return "";
  return t.value;
}

async function runQuery() {
  const format = $("format-select").value;
  const status = $("query-status");
  const table = $("results");
  const raw = $("results-raw");
  table.replaceChildren();
  raw.hidden = true;
  status.textContent = "running…";
  const t0 = performance.now();
  const r = await fetch("/sparql", {
    method: "POST",
    headers: { "Content-Type": "application/sparql-query", Accept: format },
    body: $("query-text").value,
  });
  const ms = Math.round(performance.now() - t0);
  const text = await r.text();
  if (!r.ok) {
    status.textContent = `${r.status}: ${text}`;
    return;
  }
  const truncated = r.headers.get("x-tupu-truncated");
  const note = truncated ? ` (cut at ${truncated} rows)` : "";
  if (format !== "application/sparql-results+json") {
    raw.hidden = false;
    raw.textContent = text;
    status.textContent = `${ms} ms${note}`;
    return;
  }
  const res = JSON.parse(text);
  if ("boolean" in res) {
    status.textContent = `ASK → ${res.boolean} (${ms} ms)`;
    return;
  }
  const vars = res.head.vars;
  table.append(el("thead", {}, el("tr", {}, ...vars.map((v) => el("th", { text: v })))));
  const tbody = el("tbody");
  for (const b of res.results.bindings) {
    tbody.append(el("tr", {}, ...vars.map((v) => el("td", { text: termText(b[v]) }))));
  }
  table.append(tbody);
  status.textContent = `${res.results.bindings.length} rows, ${ms} ms${note}`;
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
  const q = new URLSearchParams(location.hash.split("?")[1] || "").get("q") || "";
  return runSearch(q);
}

$("search-form").addEventListener("submit", (e) => {
  e.preventDefault();
  location.hash = `#/search?q=${encodeURIComponent($("search-input").value.trim())}`;
});
$("ask-form").addEventListener("submit", (e) => {
  e.preventDefault();
  location.hash = `#/ask?q=${encodeURIComponent($("ask-input").value.trim())}`;
});
$("example-select").addEventListener("change", (e) => {
  $("query-text").value = examples[Number(e.target.value)].query;
});
$("run-query").addEventListener("click", () => runQuery().catch((e) => { $("query-status").textContent = e.message; }));
window.addEventListener("hashchange", route);

getJSON("/api/stats").then((s) => {
  $("stats").textContent = `${s.articles} articles · ${s.entities} entities · ${s.quads} quads`;
}).catch(() => {});
route();
