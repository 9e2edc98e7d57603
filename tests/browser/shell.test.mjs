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

/** Every path in the service worker's cache, once `wanted` are all there (polled as the page runs, no sleeping). */
async function cachedOnce(page, wanted) {
  await page.evaluate(() => { window.__cached = null; });
  await page.waitForFunction((list) => {
    (async () => {
      const urls = [];
      for (const k of await caches.keys()) for (const r of await (await caches.open(k)).keys()) urls.push(new URL(r.url).pathname);
      if (list.every((u) => urls.includes(u))) window.__cached = urls;
    })();
    return window.__cached;
  }, wanted, { polling: 100 });
  return page.evaluate(() => window.__cached);
}

/** When the page registered its service worker: was the first page drawn, and loaded? */
const watchRegister = () => {
  const register = navigator.serviceWorker.register.bind(navigator.serviceWorker);
  navigator.serviceWorker.register = (...args) => {
    window.__registered = window.__registered || { drawn: !!document.querySelector("main h1"), loaded: document.readyState === "complete" };
    return register(...args);
  };
};

test("the service worker comes once the first page is usable, keeps only the person's language, and never the API", async () => {
  // Logged out, in Italian: the shell and the Italian strings; not the English ones, nor the members' pages.
  const it = await newPage(browser, { serviceWorkers: "allow", lang: "it-IT" });
  await it.context.addInitScript(watchRegister);
  await it.page.goto(w.url + "/");
  await it.page.getByRole("heading", { level: 1, name: "Mentoring, ovunque tu sia" }).waitFor();
  const first = await cachedOnce(it.page, ["/", "/js/app.js", "/css/app.css", "/i18n/it.json"]);
  assert.deepEqual(await it.page.evaluate(() => window.__registered), { drawn: true, loaded: true });
  assert.ok(!first.includes("/i18n/en.json") && !first.includes("/js/mentoring/chat.js"), first.join(" "));
  await it.context.close();

  // Logged in, in English: then the members' pages too, and the folder's English strings.
  const { context, page } = await newPage(browser, { serviceWorkers: "allow" });
  await loginUi(page, w.url, DEMO.anna);
  const cached = await cachedOnce(page, ["/", "/js/app.js", "/i18n/en.json", "/js/mentoring/dashboard.js", "/js/mentoring/chat.js", "/i18n/files.en.json"]);
  assert.ok(!cached.includes("/i18n/it.json") && !cached.includes("/i18n/files.it.json"), cached.join(" "));
  await page.goto(w.url + "/communities");
  await page.getByRole("heading", { level: 1, name: "Communities" }).waitFor();
  const after = await page.evaluate(async () => {
    const urls = [];
    for (const k of await caches.keys()) for (const r of await (await caches.open(k)).keys()) urls.push(new URL(r.url).pathname);
    return urls;
  });
  assert.equal(after.filter((u) => u.startsWith("/api/")).length, 0);

  // Reloading offline: the shell comes from the cache; the page says it waits for the connection (not the log-in
  // form: the session is still good), and carries on by itself once the connection is back.
  await context.setOffline(true);
  await page.reload();
  await page.locator("#brand", { hasText: "Tandem" }).waitFor();
  await page.getByRole("heading", { level: 1, name: "No connection" }).waitFor();
  await page.getByText("You are offline. Tandem will carry on when the connection returns.").waitFor();
  assert.equal(new URL(page.url()).pathname, "/communities");
  assert.equal(await page.getByRole("link", { name: "Log in" }).count(), 0);
  await page.getByRole("button", { name: "Try again" }).click();
  await page.getByRole("status").getByText("Still no connection.").waitFor();
  await context.setOffline(false);
  await page.getByRole("heading", { level: 1, name: "Communities" }).waitFor();
  assert.equal(new URL(page.url()).pathname, "/communities");
  assert.equal(await page.getByText("You are offline.").count(), 0);
  assert.equal(await page.getByText("Still no connection.").count(), 0);
  await page.getByRole("button", { name: "Log out", includeHidden: true }).waitFor({ state: "attached" });
  await context.close();
});

test("when Tandem does not answer at start, the page waits (no log-in form), and “Try again” carries on", async () => {
  const { context, page } = await newPage(browser);
  await loginUi(page, w.url, DEMO.anna);
  let down = true;
  await page.route((url) => url.pathname === "/api/me", (route) => (down ? route.fulfill({ status: 503, json: { error: { code: "unavailable", message: "" } } }) : route.continue()));
  await page.goto(w.url + "/account");
  await page.getByRole("heading", { level: 1, name: "Tandem is not answering" }).waitFor();
  assert.equal(new URL(page.url()).pathname, "/account");
  await page.getByRole("button", { name: "Try again" }).click();
  await page.getByRole("status").getByText("Tandem is still not answering.").waitFor();
  down = false;
  await page.getByRole("button", { name: "Try again" }).click();
  await page.getByRole("heading", { level: 1, name: "My account" }).waitFor();
  assert.equal(await page.getByText("Tandem is still not answering.").count(), 0);

  // A network failure (no HTTP status) of /api/me is not a log-out either; the `online` event carries on.
  await page.unrouteAll();
  await page.route((url) => url.pathname === "/api/me", (route) => route.abort("internetdisconnected"));
  // The profile was seen before: it opens as last seen (so it can be edited offline, the edit waiting in the outbox).
  await page.goto(w.url + "/profile");
  await page.getByRole("heading", { level: 1, name: "My profile" }).waitFor();
  await page.getByLabel("Presentation").waitFor();
  await page.unrouteAll();
  await page.evaluate(() => window.dispatchEvent(new Event("online")));
  await page.getByRole("heading", { level: 1, name: "My profile" }).waitFor();
  assert.equal(new URL(page.url()).pathname, "/profile");
  assert.deepEqual(page.errors.filter((e) => !/503|ERR_INTERNET_DISCONNECTED/.test(e)), []);
  await context.close();
});

test("pages carry no inline styles (the CSP forbids them) and no console errors", async () => {
  const { context, page } = await newPage(browser);
  const csp = [];
  page.on("console", (m) => { if (/Content Security Policy/i.test(m.text())) csp.push(m.text()); });
  await loginUi(page, w.url, DEMO.admin);
  await w.secondFactor(DEMO.admin);
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

  // A project's workspace, as its coordinator sees it, and the community's journeys.
  const coord = await newPage(browser);
  coord.page.on("console", (m) => { if (/Content Security Policy/i.test(m.text())) csp.push(m.text()); });
  await loginUi(coord.page, w.url, DEMO.coordinator);
  for (const part of ["", "/plan", "/goals", "/contract", "/contract/print", "/people"]) {
    await coord.page.goto(`${w.url}/projects/e0000000000000000000000a1c1c${part}`);
    await coord.page.getByRole("heading", { level: 1 }).waitFor();
    await coord.page.waitForLoadState("networkidle");
    assert.equal(await coord.page.locator("[style]").count(), 0, part);
  }
  await coord.page.goto(`${w.url}/communities/${DEMO_COMMUNITY}/journeys`);
  await coord.page.getByRole("heading", { level: 1 }).waitFor();
  await coord.page.waitForLoadState("networkidle");
  assert.equal(await coord.page.locator("[style]").count(), 0);
  assert.deepEqual(csp, []);
  assert.deepEqual(coord.page.errors, []);
  await coord.context.close();
});
