// The usage report in the browser, at phone size (#13), with the demo's four weeks of counts (demo/usage.sql).
// Cora, the coordinator, opens it from her community's page: participation by role as charts, each an SVG with its
// data table and a CSV; each feature's adoption by the active projects; the request funnel; outcomes and the rooms;
// the research export. The platform admin opens the platform's report with every community. No horizontal scrolling,
// axe on every view.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { DEMO, DEMO_COMMUNITY } from "../support/worker.mjs";
import { withBrowser, signedIn, fits, noViolations } from "../support/browser.mjs";

let w, browser;
withBrowser((s) => ({ w, browser } = s), {}, async () => {
  await w.db.prepare(await readFile(new URL("../../demo/usage.sql", import.meta.url), "utf8")).run();
});

test("a coordinator reads her community's usage: participation, features, requests, outcomes", async () => {
  const { context, page } = await signedIn(browser, w.url, DEMO.coordinator);
  await page.goto(`${w.url}/communities/${DEMO_COMMUNITY}`);
  await page.getByRole("link", { name: "Usage report" }).click();
  await page.getByRole("heading", { level: 1, name: "Usage report" }).waitFor();
  await page.getByRole("img", { name: "Mentees active per day (average)" }).waitFor();
  assert.equal(await page.locator("figure.chart svg rect.bar").count() > 0, true);
  // Each chart's data, as a table.
  const mentees = page.locator("figure.chart").filter({ has: page.getByRole("img", { name: "Mentees active per day (average)" }) });
  await mentees.getByText("Data table").click();
  assert.ok((await mentees.locator("tbody tr").count()) >= 4, "a row per week");
  assert.equal(await mentees.getByRole("link", { name: "Download as CSV" }).count(), 1);
  await fits(page);
  await noViolations(page);

  await page.getByRole("link", { name: "Features" }).click();
  await page.getByRole("table", { name: "Each feature over the period" }).waitFor();
  const chat = page.getByRole("row", { name: /^Chat/ });
  assert.match(await chat.innerText(), /100 %/, "the one active project chats every week");
  await fits(page);
  await noViolations(page);

  await page.getByRole("link", { name: "Requests" }).click();
  await page.locator("ol.funnel li").first().waitFor();
  assert.deepEqual(await page.locator("ol.funnel .step").allInnerTexts(), ["Sent", "Matched with a mentor", "Accepted", "Active", "Completed"]);
  await fits(page);
  await noViolations(page);

  await page.getByRole("link", { name: "Outcomes" }).click();
  await page.getByRole("heading", { name: "Projects that ended in the period" }).waitFor();
  await page.getByText("Answered by someone else within 48 hours").waitFor();
  const exportLink = page.getByRole("link", { name: "Download the research export (CSV)" });
  assert.match(await exportLink.getAttribute("href"), new RegExp(`^/api/communities/${DEMO_COMMUNITY}/usage/export\\?from=\\d{4}-\\d{2}-\\d{2}&to=`));
  await fits(page);
  await noViolations(page);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test("the platform admin reads every community's usage", async () => {
  const { context, page } = await signedIn(browser, w.url, DEMO.admin);
  await w.secondFactor(DEMO.admin);
  await page.goto(`${w.url}/admin`);
  await page.getByRole("link", { name: "Usage" }).click();
  await page.getByRole("heading", { level: 1, name: "Usage of the platform" }).waitFor();
  await page.getByRole("rowheader", { name: "Demo Community" }).waitFor();
  await page.getByRole("img", { name: "Coordinators active per day (average)" }).waitFor();
  await fits(page);
  await noViolations(page);
  assert.deepEqual(page.errors, []);
  await context.close();
});
