// E-mail and digest settings in the browser, at phone size (#13). Carla opens them from her notifications, reads
// that her digest keeps her profile's zone, asks for a weekly digest on Fridays at 18:00 and sessions in it; after a
// reload the page shows what she chose, in Italian too. The link of a digest opens a page that asks before it stops
// digests (a mail scanner's visit stops nothing); a wrong link says so. No horizontal scrolling, axe on every view.
import { test } from "node:test";
import assert from "node:assert/strict";
import { DEMO, USERS } from "../support/worker.mjs";
import { withBrowser, signedIn, newPage, fits, noViolations } from "../support/browser.mjs";

let w, browser;
withBrowser((s) => ({ w, browser } = s));

test("Carla chooses a weekly digest on Fridays at 18:00 in her zone, and sessions in it", async () => {
  const { context, page } = await signedIn(browser, w.url, DEMO.carla);
  await page.goto(`${w.url}/notifications`);
  await page.getByRole("link", { name: "E-mail and digest settings" }).click();
  await page.getByRole("heading", { level: 1, name: "E-mail and digest" }).waitFor();
  await page.getByText("In your time zone, Europe/Rome.").waitFor();
  assert.equal(await page.getByLabel("Day of the week").isVisible(), false, "no day to choose while the digest is off");
  await page.getByLabel("Sessions and diaries").selectOption("digest");
  await page.getByLabel("How often").selectOption("weekly");
  await page.getByLabel("Day of the week").selectOption({ label: "Friday" });
  await page.getByLabel("From").selectOption({ label: "18:00" });
  await fits(page);
  await noViolations(page);
  await page.getByRole("button", { name: "Save" }).click();
  await page.getByRole("status").filter({ hasText: "Saved" }).first().waitFor();
  assert.equal(await w.count("SELECT COUNT(*) FROM digests WHERE user_id = ? AND cadence = 'weekly' AND weekday = 4 AND hour = 18", USERS.carla), 1);

  await page.reload();
  await page.getByLabel("How often").waitFor();
  assert.deepEqual(
    [await page.getByLabel("How often").inputValue(), await page.getByLabel("Day of the week").inputValue(), await page.getByLabel("From").inputValue(), await page.getByLabel("Sessions and diaries").inputValue()],
    ["weekly", "4", "18", "digest"],
  );
  // In Italian.
  await page.evaluate(() => localStorage.setItem("tandem.lang", "it"));
  await page.reload();
  await page.getByRole("heading", { level: 1, name: "E-mail e riepilogo" }).waitFor();
  assert.equal(await page.getByLabel("Giorno della settimana").locator("option:checked").innerText(), "venerdì");
  await noViolations(page);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test("a digest's link asks before it stops digests; a wrong link says so", async () => {
  // Carla's digest goes out (the clock is injected), and its link is the one she follows.
  const friday = Date.UTC(2030, 0, 4, 17, 0); // Friday 4 January 2030, 18:00 in Rome
  const admin = await w.login(DEMO.admin, undefined, { now: friday });
  await w.db.prepare("UPDATE digests SET next_at = 0 WHERE user_id = ?").bind(USERS.carla).run();
  // Something to tell: a notice of that week.
  await w.db.prepare("INSERT INTO notifications (id, user_id, kind, title, created_at) VALUES ('00ffffffffffff0000000000000a', ?, 'stage_changed', 'Carla''s mentoring', ?)").bind(USERS.carla, friday - 3_600_000).run();
  const r = await w.fetch("/api/admin/tasks/digests", { method: "POST", cookie: admin, now: friday });
  assert.equal(r.data.queued, 1, r.text);
  const row = await w.db.prepare("SELECT id FROM outbox WHERE to_email = ? ORDER BY id DESC LIMIT 1").bind(DEMO.carla).first();
  const mail = await w.delivered(row.id);
  const link = /http:\/\/\S+\/unsubscribe#token=[0-9a-f]{64}/.exec(mail.body)[0].replace(/^http:\/\/[^/]+/, w.url);

  const { context, page } = await newPage(browser);
  await page.goto(w.url + "/unsubscribe#token=" + "0".repeat(64));
  await page.getByRole("button", { name: "Stop my digests" }).click();
  await page.getByText("This link is invalid, already used or expired").waitFor();
  await page.goto(link);
  await page.getByRole("heading", { level: 1, name: "Stop my digests" }).waitFor();
  assert.ok(!page.url().includes("token"), "the secret leaves the address bar");
  assert.equal(await w.count("SELECT COUNT(*) FROM digests WHERE user_id = ? AND cadence = 'weekly'", USERS.carla), 1, "opening the page stops nothing");
  await fits(page);
  await noViolations(page);
  await page.getByRole("button", { name: "Stop my digests" }).click();
  await page.getByRole("status").filter({ hasText: "Done: no more digests." }).waitFor();
  assert.equal(await w.count("SELECT COUNT(*) FROM digests WHERE user_id = ? AND cadence = 'off'", USERS.carla), 1);
  assert.deepEqual(page.errors, []);
  await context.close();
});
