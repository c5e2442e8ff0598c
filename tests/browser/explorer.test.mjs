// Drives Debian's chromium (headless, through playwright-core) through the
// tupu explorer served at $TUPU_URL: search 智博会, open the 2021 expo, check
// the ten signing companies are listed with their evidence, open an
// article, view the graph, run the README's SPARQL from the editor, ask a
// question, and check the phone layout. Screenshots go to $SHOTS (docs/).
// Exit code 0 when every check passes; the first failure is printed.
import { chromium } from "playwright-core";
import assert from "node:assert/strict";
import path from "node:path";

const BASE = process.env.TUPU_URL || "http://127.0.0.1:7878";
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
  const signed = page.locator('section.group[data-predicate="signedAt"][data-direction="in"]');
  await signed.waitFor();

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
  const canvas = page.locator("#graph canvas").first();
  await canvas.waitFor();
  await page.locator("#graph").scrollIntoViewIfNeeded();
  await page.locator(".side .panel").first().screenshot({ path: path.join(SHOTS, "explorer-graph.png") });

  check("the README's SPARQL runs from the editor");
  await page.goto(BASE + "/#/sparql");
  await page.waitForFunction(() => document.getElementById("query-text").value.includes("signedAt"));
  await page.click("#run-query");
  await page.locator("#results tbody tr").nth(9).waitFor();
  assert.equal(await page.locator("#results tbody tr").count(), 10);
  const header = await page.locator("#results thead th").allInnerTexts();
  assert.deepEqual(header, ["company", "article", "sentence"]);
  const companies = await page.locator("#results tbody tr td:first-child").allInnerTexts();
  assert.deepEqual(companies, TEN);
  await page.screenshot({ path: path.join(SHOTS, "explorer-sparql.png") });

  check("a malformed query shows the parser's message");
  await page.fill("#query-text", "SELECT * WHERE { ?s ?p }");
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
  await p2.locator('section.group[data-predicate="signedAt"]').waitFor();
  const widths = await p2.evaluate(() => ({ doc: document.documentElement.scrollWidth, win: window.innerWidth }));
  assert.ok(widths.doc <= widths.win + 1, `horizontal overflow at phone width: ${JSON.stringify(widths)}`);
  await p2.screenshot({ path: path.join(SHOTS, "explorer-phone.png") });

  assert.deepEqual(errors, [], "no JavaScript errors");
  console.log("browser test: all checks passed");
} catch (e) {
  console.error(`browser test FAILED at "${step}": ${e.message}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
