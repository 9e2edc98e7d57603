// Offline drafts and the outbox: what is typed is kept as a draft until it is sent; what is sent offline waits on the
// device, said at the top of the page, survives a reload, and arrives once when the connection returns.
import { test } from "node:test";
import assert from "node:assert/strict";
import { DEMO, USERS, PROJECTS } from "../support/worker.mjs";
import { withBrowser, newPage, loginUi, cached } from "../support/browser.mjs";

const PROJECT = PROJECTS.annaCarla;
let w, browser;
withBrowser((s) => ({ w, browser } = s));

const waiting = (page) => page.locator("#outbox");

test("offline, a private message and a profile edit wait through a reload, then arrive once", async () => {
  const { context, page } = await newPage(browser, { serviceWorkers: "allow" });
  await loginUi(page, w.url, DEMO.carla);
  // Seen online first: the project's messages and the profile (so their pages open offline as last seen).
  await page.goto(`${w.url}/projects/${PROJECT}/messages`);
  await page.getByRole("button", { name: "Write to Anna Bianchi" }).waitFor();
  await page.goto(`${w.url}/profile`);
  await page.getByLabel("Presentation").waitFor();
  await cached(page, ["/js/outbox.js", "/js/mentoring/messages.js", "/js/pages/profile.js", "/i18n/en.json"]);

  await context.setOffline(true);
  await page.goto(`${w.url}/projects/${PROJECT}/messages`).catch(() => {});
  await page.getByRole("button", { name: "Write to Anna Bianchi" }).click();
  await page.getByLabel("Subject (optional)").fill("Written on the train");
  await page.getByLabel("Message", { exact: true }).fill("No signal here: this goes when I am back.");
  await page.getByRole("button", { name: "Send to Anna Bianchi" }).click();
  await page.getByText("Kept on this device: it goes as soon as the connection returns.").waitFor();
  await waiting(page).filter({ hasText: "1 thing waiting for the connection" }).waitFor();

  await page.goto(`${w.url}/profile`).catch(() => {});
  await page.getByLabel("Presentation").fill("Edited offline, saved when the connection came back.");
  await page.getByRole("button", { name: "Save my profile" }).click();
  await page.getByText("Kept on this device: it goes as soon as the connection returns.").waitFor();
  await waiting(page).filter({ hasText: "2 things waiting for the connection" }).waitFor();

  // A reload offline keeps both.
  await page.reload();
  await waiting(page).filter({ hasText: "2 things waiting for the connection" }).waitFor();

  // Back online: they go, once each, and the line goes.
  await context.setOffline(false);
  await waiting(page).waitFor({ state: "hidden" });
  const anna = await w.login(DEMO.anna);
  const inbox = await w.fetch("/api/me/messages", { cookie: anna });
  const got = inbox.data.items.filter((m) => m.body === "No signal here: this goes when I am back.");
  assert.equal(got.length, 1);
  assert.equal(got[0].subject, "Written on the train");
  const profile = await w.fetch(`/api/users/${USERS.carla}`, { cookie: anna });
  assert.equal(profile.data.profile.presentation, "Edited offline, saved when the connection came back.");
  // Sent again by a flaky network (same client key): still one.
  const carla = await w.login(DEMO.carla);
  const body = { to: USERS.anna, body: "Once only", client_key: "k-once-only-1" };
  for (let i = 0; i < 2; i++) assert.equal((await w.fetch(`/api/projects/${PROJECT}/messages`, { method: "POST", json: body, cookie: carla })).status, 201);
  const again = await w.fetch("/api/me/messages", { cookie: anna });
  assert.equal(again.data.items.filter((m) => m.body === "Once only").length, 1);
  await context.close();
});

test("a draft survives a reload, and goes once it is sent", async () => {
  const { context, page } = await newPage(browser);
  await loginUi(page, w.url, DEMO.carla);
  await page.goto(`${w.url}/projects/${PROJECT}/messages`);
  await page.getByRole("button", { name: "Write to Anna Bianchi" }).click();
  await page.getByLabel("Message", { exact: true }).fill("Half a thought, kept as I type");
  await page.reload();
  await page.getByRole("button", { name: "Write to Anna Bianchi" }).click();
  await page.getByText("What you had typed here and not sent is back.").waitFor();
  assert.equal(await page.getByLabel("Message", { exact: true }).inputValue(), "Half a thought, kept as I type");
  await page.getByRole("button", { name: "Send to Anna Bianchi" }).click();
  await page.getByText("Your message is sent to Anna Bianchi.").waitFor();
  await page.reload();
  await page.getByRole("button", { name: "Write to Anna Bianchi" }).click();
  assert.equal(await page.getByLabel("Message", { exact: true }).inputValue(), "");
  await context.close();
});
