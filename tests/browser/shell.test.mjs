// The app shell: skip link, focus on navigation, the service worker (offline shell, never /api/), no inline styles.
import { test } from "node:test";
import assert from "node:assert/strict";
import { DEMO, DEMO_COMMUNITY } from "../support/worker.mjs";
import { withBrowser, newPage, loginUi } from "../support/browser.mjs";

let w, browser;
withBrowser((s) => ({ w, browser } = s));

test("the skip link comes first and client-side navigation moves focus to the heading", async () => {
  const { context, page } = await newPage(browser);
  await page.goto(w.url + "/login");
  await page.getByRole("heading", { level: 1, name: "Log in" }).waitFor();
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.textContent), "Skip to main content");
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await page.getByRole("heading", { level: 1, name: "Forgot your password" }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.textContent), "Forgot your password");
  assert.equal(await page.title(), "Forgot your password · Tandem");
  await page.goBack();
  await page.getByRole("heading", { level: 1, name: "Log in" }).waitFor();
  const unknown = await page.goto(w.url + "/no/such/page");
  assert.equal(unknown.status(), 200);
  await page.getByRole("heading", { level: 1, name: "Page not found" }).waitFor();
  await context.close();
});

test("the service worker keeps the shell for offline use and never caches the API", async () => {
  const { context, page } = await newPage(browser, { serviceWorkers: "allow" });
  await loginUi(page, w.url, DEMO.anna);
  await page.evaluate(() => navigator.serviceWorker.ready);
  const cached = await page.evaluate(async () => {
    const urls = [];
    for (const k of await caches.keys()) for (const r of await (await caches.open(k)).keys()) urls.push(new URL(r.url).pathname);
    return urls;
  });
  assert.ok(cached.includes("/") && cached.includes("/js/app.js") && cached.includes("/i18n/it.json"), cached.join(" "));
  await page.goto(w.url + "/communities");
  await page.getByRole("heading", { level: 1, name: "Communities" }).waitFor();
  const after = await page.evaluate(async () => {
    const urls = [];
    for (const k of await caches.keys()) for (const r of await (await caches.open(k)).keys()) urls.push(new URL(r.url).pathname);
    return urls;
  });
  assert.equal(after.filter((u) => u.startsWith("/api/")).length, 0);

  await context.setOffline(true);
  await page.reload();
  await page.locator("#brand", { hasText: "Tandem" }).waitFor();
  await page.getByRole("heading", { level: 1 }).waitFor();
  await page.getByText("No connection to Tandem.").waitFor();
  await context.close();
});

test("pages carry no inline styles (the CSP forbids them) and no console errors", async () => {
  const { context, page } = await newPage(browser);
  const csp = [];
  page.on("console", (m) => { if (/Content Security Policy/i.test(m.text())) csp.push(m.text()); });
  await loginUi(page, w.url, DEMO.admin);
  for (const path of ["/", "/profile", "/account", "/communities", "/admin/users", "/admin/outbox", "/notifications",
    `/communities/${DEMO_COMMUNITY}/roll`, `/communities/${DEMO_COMMUNITY}/matching`, `/communities/${DEMO_COMMUNITY}/request`,
    "/projects/e0000000000000000000000a1c1c", "/messages", "/messages?box=sent"]) {
    await page.goto(w.url + path);
    await page.getByRole("heading", { level: 1 }).waitFor();
    await page.waitForLoadState("networkidle");
    assert.equal(await page.locator("[style]").count(), 0, path);
    assert.equal(await page.locator("style").count(), 0, path);
  }
  assert.deepEqual(csp, []);
  assert.deepEqual(page.errors, []);
  await context.close();
});
