// Offline, what was last seen stays readable and says so: the dashboard, a project's overview and the chat history
// already loaded (moving between pages, and after a reload with the service worker); a page never seen says it waits
// for the connection and carries on by itself; what was kept is forgotten at log-out, and never in the service
// worker's cache.
import { test } from "node:test";
import assert from "node:assert/strict";
import { DEMO } from "../support/worker.mjs";
import { withBrowser, newPage, loginUi, signedIn, axe, cached } from "../support/browser.mjs";
import { PROJECTS } from "../support/demo.mjs";

const PROJECT = PROJECTS.annaCarla; // Anna (mentor) and Carla (mentee), active
const TITLE = "Mentoring for Carla Esposito: a first job in software";
const NOTICE = /^Offline: shown as last seen at \d{1,2}:\d\d( [AP]M)?\.$/;

let w, browser;
withBrowser((s) => ({ w, browser } = s));

const nav = (page) => page.getByRole("navigation", { name: "Main" });
const chat = (page) => page.locator("section.chat");
const dashboard = (page) => page.locator("section", { has: page.getByRole("heading", { level: 2, name: "My requests and mentoring" }) });

const sections = (page) => page.getByRole("navigation", { name: "Project sections" });

/** Carla sees her dashboard and her project, where she writes in the chat; back home. */
async function seeThings(page, text) {
  await dashboard(page).getByRole("link", { name: TITLE }).click();
  await page.getByRole("heading", { level: 1, name: TITLE }).waitFor();
  await sections(page).getByRole("link", { name: "Chat" }).click();
  const box = chat(page).getByLabel("Your message");
  await box.fill(text);
  await box.press("Enter");
  await chat(page).getByRole("listitem").filter({ hasText: text }).getByText("Sending…").waitFor({ state: "detached" });
  await nav(page).getByRole("link", { name: "Home" }).click();
  await dashboard(page).getByRole("link", { name: TITLE }).waitFor();
}

test("moving between pages offline: the dashboard and the chat show what was last seen, marked as such", async () => {
  const { context, page } = await signedIn(browser, w.url, DEMO.carla);
  await seeThings(page, "Written before going offline.");

  await context.setOffline(true);
  await nav(page).getByRole("link", { name: "Home" }).click();
  await page.getByRole("heading", { level: 1, name: "Hello, Carla Esposito" }).waitFor();
  await dashboard(page).getByRole("link", { name: TITLE }).waitFor();
  const notice = page.locator(".page > .stale");
  assert.match(await notice.innerText(), NOTICE);
  // Right under the heading, on screen.
  const box = await notice.boundingBox();
  assert.ok(box.y >= 0 && box.y + box.height <= 740, JSON.stringify(box));

  // The project's overview and its chat history, as last seen; the chat says it is offline.
  await dashboard(page).getByRole("link", { name: TITLE }).click();
  await page.getByRole("heading", { level: 1, name: TITLE }).waitFor();
  assert.match(await notice.innerText(), NOTICE);
  await page.getByRole("heading", { level: 2, name: "What to do next" }).waitFor();
  await sections(page).getByRole("link", { name: "Chat" }).click();
  await chat(page).waitFor();
  assert.match(await notice.innerText(), NOTICE);
  await chat(page).getByRole("listitem").filter({ hasText: "Written before going offline." }).waitFor();
  assert.match(await chat(page).locator(".stale").innerText(), NOTICE);
  await chat(page).locator("form p.chat-status").filter({ hasText: /^Offline/ }).waitFor();
  assert.deepEqual(await axe(page), []);

  // A page not seen before says it waits for the connection (not "could not be loaded"), then carries on.
  await page.getByRole("button", { name: "More" }).click();
  await page.getByRole("link", { name: "Communities" }).click();
  await page.getByRole("heading", { level: 1, name: "No connection" }).waitFor();
  await page.getByText("You are offline. Tandem will carry on when the connection returns.").waitFor();
  assert.equal(await page.getByText("This page could not be loaded.").count(), 0);
  await context.setOffline(false);
  await page.getByRole("heading", { level: 1, name: "Communities" }).waitFor();

  // Back online, a page shows what is there now, without the notice.
  await nav(page).getByRole("link", { name: "Home" }).click();
  await dashboard(page).getByRole("link", { name: TITLE }).waitFor();
  assert.equal(await page.locator(".stale").count(), 0);
  assert.deepEqual(page.errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch/.test(e)), []);
  await context.close();
});

test("the chat's offline queue is as before: written offline on a page shown as last seen, sent once back online", async () => {
  const { context, page } = await signedIn(browser, w.url, DEMO.carla);
  await seeThings(page, "Before the tunnel.");
  await context.setOffline(true);
  await dashboard(page).getByRole("link", { name: TITLE }).click();
  await sections(page).getByRole("link", { name: "Chat" }).click();
  await chat(page).getByRole("listitem").filter({ hasText: "Before the tunnel." }).waitFor();
  const box = chat(page).getByLabel("Your message");
  await box.fill("Written in the tunnel.");
  await box.press("Enter");
  const pending = chat(page).getByRole("listitem").filter({ hasText: "Written in the tunnel." });
  await pending.getByText("Waiting for the connection").waitFor();
  await context.setOffline(false);
  // Sent: no longer pending (the page, shown as last seen, is drawn afresh meanwhile).
  await chat(page).locator("li.msg:not(.pending)", { hasText: "Written in the tunnel." }).waitFor();
  await page.locator(".page > .stale").waitFor({ state: "detached" });
  const anna = await w.login(DEMO.anna);
  const r = await w.fetch(`/api/projects/${PROJECT}/chat/messages?limit=200`, { cookie: anna });
  assert.equal(r.data.messages.filter((m) => m.text === "Written in the tunnel.").length, 1);
  await context.close();
});

test("reloading offline (the service worker keeps the code): the dashboard last seen; log-out forgets it all", async () => {
  const { context, page } = await newPage(browser, { serviceWorkers: "allow" });
  await loginUi(page, w.url, DEMO.carla);
  await dashboard(page).getByRole("link", { name: TITLE }).waitFor();
  await cached(page, ["/", "/js/app.js", "/js/seen.js", "/js/mentoring/dashboard.js", "/i18n/en.json",
    // A project's workspace, its sections and their strings, for the pages seen before.
    "/js/mentoring/workspace.js", "/js/mentoring/sections.js", "/js/mentoring/contract.js", "/js/mentoring/people.js", "/i18n/process.en.json"]);

  await context.setOffline(true);
  await page.reload();
  await page.getByRole("heading", { level: 1, name: "Hello, Carla Esposito" }).waitFor();
  await dashboard(page).getByRole("link", { name: TITLE }).waitFor();
  assert.match(await page.locator(".page > .stale").innerText(), NOTICE);
  // Logged in as before (no log-in form), and nothing of /api/ in the service worker's cache.
  assert.equal(await nav(page).getByRole("link", { name: "Log in" }).count(), 0);
  const api = await page.evaluate(async () => {
    const urls = [];
    for (const k of await caches.keys()) for (const r of await (await caches.open(k)).keys()) urls.push(new URL(r.url).pathname);
    return urls.filter((u) => u.startsWith("/api/"));
  });
  assert.deepEqual(api, []);

  // Back online, the page carries on by itself: the notice goes.
  await context.setOffline(false);
  await page.locator(".page > .stale").waitFor({ state: "detached" });
  await dashboard(page).getByRole("link", { name: TITLE }).waitFor();

  // Logging out forgets what was kept on this device.
  const kept = () => page.evaluate(() => new Promise((resolve) => {
    const req = indexedDB.open("tandem-seen");
    req.onsuccess = () => {
      const c = req.result.transaction("answers").objectStore("answers").count();
      c.onsuccess = () => { resolve(c.result); req.result.close(); };
    };
  }));
  assert.ok(await kept() > 0);
  await page.getByRole("button", { name: "More" }).click();
  await page.getByRole("button", { name: "Log out" }).click();
  await page.getByRole("heading", { level: 1, name: "Log in" }).waitFor();
  assert.equal(await kept(), 0);
  assert.equal(await page.evaluate(() => localStorage.getItem("tandem.seen.owner")), null);
  await context.close();
});
