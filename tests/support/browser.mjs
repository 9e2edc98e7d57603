// Browser tests: one Chromium per test file (playwright-core + Debian's chromium), a 360x740 phone viewport,
// and an axe-core check. Pair with startWorker({ http: true }) from ./worker.mjs.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { before, after } from "node:test";
import { chromium } from "playwright-core";
import { DEMO_PASSWORD, startWorker } from "./worker.mjs";

const root = new URL("../../", import.meta.url);
const axeSource = readFileSync(new URL("node_modules/axe-core/axe.min.js", root), "utf8");

export const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];

export async function launch() {
  return chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: ARGS });
}

/** A fresh context (own cookies, storage, service worker) and page at phone size. */
export async function newPage(browser, { lang = "en-GB", ...opts } = {}) {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: lang, serviceWorkers: "block", ...opts });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error" && !/status of 4\d\d/.test(m.text())) errors.push(m.text()); });
  page.errors = errors;
  return { context, page };
}

/** Log in through the form and wait for the home page. */
export async function loginUi(page, base, email, password = DEMO_PASSWORD) {
  await page.goto(base + "/login");
  await page.getByLabel("E-mail address").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/login"));
}

/** A fresh context logged in as `email`, on the home page ("Hello, ..."). */
export async function signedIn(browser, base, email) {
  const s = await newPage(browser);
  await loginUi(s.page, base, email);
  await s.page.getByRole("heading", { level: 1, name: /^Hello, / }).waitFor();
  return s;
}

/** Run axe-core (WCAG 2.x A/AA) on the page; returns its violations. The page's CSP forbids injected scripts, so
 *  axe is evaluated as an expression (page.evaluate is not subject to the CSP). */
export async function axe(page) {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] } });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5) }));
  });
}

/** Waits until `paths` are all in the service worker's cache, polled as the page runs (no sleeping). */
export async function cached(page, paths) {
  await page.evaluate(() => { window.__cached = false; });
  await page.waitForFunction((list) => {
    Promise.all(list.map((p) => caches.match(p))).then((r) => { window.__cached = r.every(Boolean); });
    return window.__cached;
  }, paths, { polling: 100 });
}

/** The page fits a 360 px screen: nothing wider than it. */
export async function fits(page) {
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 360, `the page is ${wide} px wide`);
}

/** Once the page is settled, axe-core finds nothing to fix. */
export async function noViolations(page) {
  await page.waitForLoadState("networkidle");
  const v = await axe(page);
  assert.deepEqual(v, [], JSON.stringify(v, null, 1));
}

/** One worker and one Chromium for a test file: started before its tests (handed to `assign`, then to the file's
 * own `setup`), closed after. */
export function withBrowser(assign, workerOptions = {}, setup = async () => {}) {
  let w, browser;
  before(async () => {
    w = await startWorker({ http: true, ...workerOptions });
    browser = await launch();
    assign({ w, browser });
    await setup();
  });
  after(async () => {
    await browser?.close();
    await w?.dispose();
  });
}
