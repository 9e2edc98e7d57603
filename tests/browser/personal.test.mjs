// Personal data in the browser (#14): from My account, a person asks for a copy of their data, gets it when the cron
// has written it, downloads a document, then asks for their account to be deleted (refused first for a mentor who
// others depend on), is logged out, and logging in again cancels it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { DEMO, DEMO_PASSWORD } from "../support/worker.mjs";
import { withBrowser, newPage, loginUi, noViolations, fits } from "../support/browser.mjs";

let w, browser;
withBrowser((s) => ({ w, browser } = s));

test("a mentee downloads a copy of her data, then deletes her account, and logging in cancels it", async () => {
  const { context, page } = await newPage(browser);
  await loginUi(page, w.url, DEMO.dev);
  await page.goto(w.url + "/account");
  await page.getByRole("link", { name: "Download a copy of your data, or delete your account" }).click();
  await page.getByRole("heading", { level: 1, name: "Your data" }).waitFor();
  await page.getByRole("button", { name: "Ask for a copy" }).click();
  await page.getByText("Asked. We will e-mail you when your copy is ready.").waitFor();
  await page.getByText("Your copy is being put together.").waitFor();
  await noViolations(page);
  await fits(page);
  // The cron writes it; the page shows the documents, and when another copy may be asked for.
  for (let i = 0; i < 5 && (await w.count("SELECT COUNT(*) FROM exports WHERE state = 'ready'")) === 0; i++) await w.cron();
  await page.reload();
  await page.getByText(/Your copy is ready\. You can download it until/).waitFor();
  await page.getByText(/You can ask for another copy after/).waitFor();
  const first = page.getByRole("link", { name: "Document 1", exact: true });
  const [download] = await Promise.all([page.waitForEvent("download"), first.click()]);
  const path = await download.path();
  const doc = JSON.parse(readFileSync(path, "utf8"));
  assert.equal(doc.part, 1);
  assert.ok(Array.isArray(doc.rows));

  // Deleting: a wrong password is said next to the field; then the account waits 14 days and she is logged out.
  await page.getByLabel("Password").fill("not my password");
  await page.getByRole("button", { name: "Delete my account in 14 days" }).click();
  await page.getByText("This is not your current password.").first().waitFor();
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Delete my account in 14 days" }).click();
  await page.getByText(/Your account will be deleted on .*log in before then to cancel it\./).waitFor();
  await page.getByRole("heading", { level: 1, name: "Log in" }).waitFor();
  assert.equal(await w.count("SELECT COUNT(*) FROM erasures"), 1);
  await loginUi(page, w.url, DEMO.dev);
  assert.equal(await w.count("SELECT COUNT(*) FROM erasures"), 0);
  await context.close();
});

test("a mentor who is a project's only mentor is told what to do first, in Arabic, right to left", async () => {
  const { context, page } = await newPage(browser, { lang: "ar" });
  const c = JSON.parse(readFileSync(new URL("../../public/i18n/ar.json", import.meta.url), "utf8"));
  await page.goto(w.url + "/login");
  await page.getByLabel(c["field.email"]).fill(DEMO.anna);
  await page.getByLabel(c["field.password"], { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: c["login.submit"] }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/login"));
  await page.goto(w.url + "/account/data");
  await page.getByRole("heading", { level: 1, name: c["data.title"] }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.dir), "rtl");
  await page.getByLabel(c["field.password"]).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: c["data.delete_submit"] }).click();
  await page.getByText(c["error.only_mentor"]).waitFor();
  assert.equal(await w.count("SELECT COUNT(*) FROM erasures"), 0);
  await noViolations(page);
  await fits(page);
  await context.close();
});
