// Drives Debian's chromium (headless, through playwright-core) through the
// tupu explorer served at $TUPU_URL (the seeds): search 智博会, open the 2021
// expo, check the ten signing companies are listed with their evidence
// (behind "show more"), open an article, view the graph, run the README's
// SPARQL from the editor, ask a question, and check the phone layout. With
// $TUPU_ARCHIVE_URL (a store of 2,000 Xinwen Lianbo stories) it also checks
// the explorer at archive scale: the overview home page, 习近平's page at
// most 3 screens high with every predicate group reachable, 二十大's graph
// at most 30 labelled nodes with "+N more" and expanding in place, search
// 中国 ranking 中国 first, and the SPARQL editor paging SELECT *.
// Screenshots go to $SHOTS (docs/).
// Exit code 0 when every check passes; the first failure is printed.
import { chromium } from "playwright-core";
import assert from "node:assert/strict";
import path from "node:path";

const BASE = process.env.TUPU_URL || "http://127.0.0.1:7878";
const ARCHIVE = process.env.TUPU_ARCHIVE_URL || "";
const SHOTS = process.env.SHOTS || "docs";
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";

// The README's table for examples/signed_at_2021_expo.rq.
const TEN = [
  "中南高科", "中国兵器装备集团有限公司", "云南耀兴集团", "博世集团", "奥动新能源",
  "敏华实业有限公司", "深圳市物联投资发展有限公司", "科大讯飞", "腾讯公司", "阿尔特",
];
const EXPO = "2021中国国际智能产业博览会";

let step = "start";
function check(name) {
  step = name;
  console.log(`· ${name}`);
}

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
});
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "zh-CN" });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));

  check("the explorer loads");
  await page.goto(BASE + "/", { waitUntil: "networkidle" });
  assert.match(await page.locator("#stats").innerText(), /5 articles/);

  check("search 智博会");
  await page.fill("#search-input", "智博会");
  await page.press("#search-input", "Enter");
  await page.locator("#search-results li.hit").first().waitFor();
  const first = page.locator("#search-results li.hit a").first();
  assert.equal(await first.innerText(), EXPO);

  check("open the 2021 expo's entity page");
  await first.click();
  await page.waitForFunction(() => document.getElementById("entity-label").textContent.length > 0);
  assert.equal(await page.locator("#entity-label").innerText(), EXPO);
  const signed = page.locator('details.group[data-predicate="signedAt"][data-direction="in"]');
  await signed.waitFor();

  check("a group shows a few facts, the rest behind “show more”");
  assert.equal(await signed.locator("li.fact").count(), 3);
  while (await signed.locator("button.more").filter({ hasText: "show" }).count()) {
    await signed.locator("button.more").filter({ hasText: "show" }).first().click();
  }

  check("the ten signing companies are listed, each with its evidence sentence highlighted");
  for (const company of TEN) {
    // The label the page shows: cross-article entity resolution may name the
    // company by another article's form (腾讯公司 → 腾讯); the API says which.
    const res = await fetch(`${BASE}/entity/${encodeURIComponent(company)}`, { headers: { Accept: "application/json" } });
    assert.equal(res.status, 200, `${company} is an entity`);
    const label = (await res.json()).label;
    const fact = signed.locator("li.fact", { has: page.locator("a.entity", { hasText: new RegExp(`^${label}$`) }) });
    assert.equal(await fact.count(), 1, `${company} (${label}) is listed once`);
    const ev = fact.locator("blockquote.evidence").first();
    const sentence = await ev.innerText();
    assert.ok(sentence.includes(company), `${company}: evidence ${sentence}`);
    assert.ok((await ev.locator("mark").count()) === 1, `${company}: evidence is highlighted`);
  }

  check("the evidence opens the article with the span highlighted");
  const bosch = signed.locator("li.fact", { has: page.locator("a.entity", { hasText: /^博世集团$/ }) });
  await bosch.locator("blockquote.evidence").first().click();
  await page.locator("#article-text mark").waitFor();
  const marked = (await page.locator("#article-text mark").innerText()).replace(/\s/g, "");
  assert.ok(marked.includes("九龙坡区与博世集团签署合作协议"), marked);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(SHOTS, "explorer-entity.png") });

  check("the neighbourhood graph is drawn");
  await page.waitForFunction(() => window.__tupuGraph && window.__tupuGraph.nodes > 10);
  const g = await page.evaluate(() => window.__tupuGraph);
  assert.ok(g.edges >= g.nodes - 1, JSON.stringify(g));
  assert.equal(g.layout, "fcose", JSON.stringify(g));
  const canvas = page.locator("#graph canvas").first();
  await canvas.waitFor();
  await page.locator("#graph").scrollIntoViewIfNeeded();
  await page.locator(".side .panel").first().screenshot({ path: path.join(SHOTS, "explorer-graph.png") });

  check("the README's SPARQL runs from the editor");
  await page.goto(BASE + "/#/sparql");
  await page.waitForFunction(() => document.querySelector(".CodeMirror") &&
    document.querySelector(".CodeMirror").CodeMirror.getValue().includes("signedAt"));
  assert.ok(await page.locator(".CodeMirror .cm-keyword").count() > 0, "the query is highlighted");
  await page.click("#run-query");
  await page.locator("#results tbody tr").nth(9).waitFor();
  assert.equal(await page.locator("#results tbody tr").count(), 10);
  const header = await page.locator("#results thead th").allInnerTexts();
  assert.deepEqual(header, ["company", "article", "sentence"]);
  const companies = await page.locator("#results tbody tr td:first-child").allInnerTexts();
  assert.deepEqual(companies, TEN);
  await page.screenshot({ path: path.join(SHOTS, "explorer-sparql.png") });

  check("a malformed query shows the parser's message");
  await page.evaluate(() => document.querySelector(".CodeMirror").CodeMirror.setValue("SELECT * WHERE { ?s ?p }"));
  await page.click("#run-query");
  await page.waitForFunction(() => document.getElementById("query-status").textContent.startsWith("400"));
  assert.match(await page.locator("#query-status").innerText(), /invalid SPARQL: error at 1:25/);

  check("the question box answers from the graph");
  await page.goto(BASE + "/#/ask");
  await page.fill("#ask-input", "博世集团和重庆有什么联系？");
  await page.press("#ask-input", "Enter");
  await page.locator("#ask-answers li").first().waitFor();
  assert.match(await page.locator("#ask-answers li").first().innerText(), /2021中国国际智能产业博览会/);

  check("phone width: one column, nothing wider than the screen");
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  const p2 = await phone.newPage();
  await p2.goto(BASE + "/#/entity/" + encodeURIComponent("2021智博会"), { waitUntil: "networkidle" });
  await p2.locator('details.group[data-predicate="signedAt"]').first().waitFor();
  const widths = await p2.evaluate(() => ({ doc: document.documentElement.scrollWidth, win: window.innerWidth }));
  assert.ok(widths.doc <= widths.win + 1, `horizontal overflow at phone width: ${JSON.stringify(widths)}`);
  await p2.screenshot({ path: path.join(SHOTS, "explorer-phone.png") });

  if (ARCHIVE) await archive(browser, errors);
  else console.log("SKIPPED archive checks: TUPU_ARCHIVE_URL not set");

  assert.deepEqual(errors, [], "no JavaScript errors");
  console.log("browser test: all checks passed");
} catch (e) {
  console.error(`browser test FAILED at "${step}": ${e.message}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}

// The checks on the 2,000-story store (see the header).
async function archive(browser, errors) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "zh-CN" });
  const page = await context.newPage();
  page.on("pageerror", (e) => errors.push(String(e)));
  const screen = 800;

  check("archive: the home page is an overview");
  await page.goto(ARCHIVE + "/", { waitUntil: "networkidle" });
  await page.locator("#overview .card").first().waitFor();
  assert.ok(await page.locator("#overview .card[data-type]").count() >= 5);
  assert.ok(await page.locator("#overview .recent li").count() >= 5);
  await page.screenshot({ path: path.join(SHOTS, "explorer-archive-home.png") });

  check("archive: search 中国 ranks 中国 first, and pages");
  await page.goto(ARCHIVE + "/#/search?q=" + encodeURIComponent("中国"));
  await page.locator("#search-results li.hit").first().waitFor();
  assert.equal(await page.locator("#search-results li.hit a").first().innerText(), "中国");
  assert.equal(await page.locator("#search-results li.hit").count(), 20);
  await page.screenshot({ path: path.join(SHOTS, "explorer-archive-search.png") });
  await page.locator("#search-pager button.next").click();
  await page.waitForFunction(() => document.getElementById("search-results").start === 21);

  check("archive: 习近平's page is at most 3 screens high, every predicate group reachable");
  const res = await fetch(`${ARCHIVE}/entity/${encodeURIComponent("习近平")}`, { headers: { Accept: "application/json" } });
  const xi = await res.json();
  await page.goto(ARCHIVE + "/#/entity/" + encodeURIComponent("习近平"));
  await page.locator("details.group").first().waitFor();
  await page.waitForFunction(() => window.__tupuGraph);
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  console.log(`  习近平: ${height} px, ${xi.groups.length} groups`);
  assert.ok(height <= 3 * screen, `习近平's page is ${height} px high`);
  for (const g of xi.groups) {
    const group = page.locator(`details.group[data-predicate="${g.predicate}"][data-direction="${g.direction}"]`);
    assert.equal(await group.count(), 1, `${g.predicate} ${g.direction} group`);
    assert.ok(await group.locator("li.fact").count() >= 1);
  }
  assert.ok(!(await page.locator("details.group[data-predicate=nameInArticle], details.group[data-predicate=resolvedBy]").count()),
    "provenance is not listed as facts");
  assert.ok(await page.locator("#provenance-list li").count() > 0, "provenance is listed as provenance");
  await page.screenshot({ path: path.join(SHOTS, "explorer-archive-entity.png"), fullPage: true });

  check("archive: 二十大's graph shows at most 30 labelled nodes with “+N more”, and expands in place");
  await page.evaluate(() => { window.__tupuGraph = null; });
  await page.goto(ARCHIVE + "/#/entity/" + encodeURIComponent("二十大"));
  await page.waitForFunction(() => document.getElementById("entity-label").textContent.includes("二十"));
  await page.waitForFunction(() => window.__tupuGraph && window.__tupuGraph.nodes > 5);
  const g = await page.evaluate(() => window.__tupuGraph);
  console.log(`  二十大: ${JSON.stringify(g)}`);
  assert.ok(g.labelled <= 30, JSON.stringify(g));
  assert.ok(g.more.length === 1 && /^\+\d+ more$/.test(g.more[0]), JSON.stringify(g));
  const before = page.url();
  // Tap a neighbour (not the centre, not "+N more") through cytoscape.
  await page.evaluate(() => {
    const cy = window.__tupuCy;
    cy.nodes("[centre = 0][!more]").first().emit("tap");
  });
  await page.waitForFunction(() => document.getElementById("graph-info").textContent.startsWith("expanded"));
  assert.equal(page.url(), before, "a tap expands in place, it does not navigate");
  await page.evaluate(() => window.__tupuCy.nodes("[more = 1]").first().emit("tap"));
  await page.waitForFunction((n) => window.__tupuGraph.nodes > n, g.nodes);
  await page.locator("#graph").scrollIntoViewIfNeeded();
  await page.locator(".side .panel").first().screenshot({ path: path.join(SHOTS, "explorer-archive-graph.png") });

  check("archive: the SPARQL editor pages SELECT *");
  await page.goto(ARCHIVE + "/#/sparql");
  await page.waitForFunction(() => document.querySelector(".CodeMirror") &&
    document.querySelector(".CodeMirror").CodeMirror.getValue().includes("signedAt"));
  await page.evaluate(() => document.querySelector(".CodeMirror").CodeMirror.setValue("SELECT * WHERE { ?s ?p ?o }"));
  await page.click("#run-query");
  await page.locator("#results tbody tr").first().waitFor();
  assert.equal(await page.locator("#results tbody tr").count(), 50);
  assert.deepEqual(await page.locator("#results thead th").allInnerTexts(), ["s", "p", "o"]);
  assert.match(await page.locator("#results-pager").innerText(), /rows 1–50 of \d+/);
  await page.locator("#results-pager button.next").click();
  assert.match(await page.locator("#results-pager").innerText(), /rows 51–100 of/);
  assert.ok(await page.locator("#results tbody a[href^='#/entity/']").count() > 0, "IRIs link into the explorer");
  await page.screenshot({ path: path.join(SHOTS, "explorer-archive-sparql.png") });

  check("archive: CONSTRUCT in the default format is shown as Turtle");
  await page.evaluate(() => document.querySelector(".CodeMirror").CodeMirror.setValue(
    "CONSTRUCT { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } LIMIT 5"));
  await page.click("#run-query");
  await page.waitForFunction(() => !document.getElementById("results-raw").hidden);
  assert.match(await page.locator("#results-raw").innerText(), /rdfs:label/);
  await context.close();
}
