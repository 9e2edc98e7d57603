// The library in the browser, at phone size (#13). Anna, a mentor, proposes a learning path from her community's
// library and submits it; Cora, the coordinator, finds it waiting and publishes it. Carla, a mentee, opens her
// project's library from its section bar, finds the path, copies it into the project and ticks its first step; the
// tick stays after a reload, and Anna sees that someone ticked. Carla saves the path for reading offline and reads it
// again without a connection. Anna makes a step the homework of the next session. No horizontal scrolling at 360 px; axe on every view.
import { test } from "node:test";
import assert from "node:assert/strict";
import { DEMO, DEMO_COMMUNITY, PROJECTS } from "../support/worker.mjs";
import { withBrowser, signedIn, fits, noViolations } from "../support/browser.mjs";

let w, browser;
withBrowser((s) => ({ w, browser } = s));

const as = (email) => signedIn(browser, w.url, email);
const C = DEMO_COMMUNITY;
const P = PROJECTS.annaCarla;
const status = (scope, text) => scope.getByRole("status").filter({ hasText: text }).first().waitFor();
const PATH = "Preparing for job interviews";

test("a mentor proposes a path and submits it; the coordinator publishes it", async () => {
  const { context, page } = await as(DEMO.anna);
  await page.goto(`${w.url}/communities/${C}`);
  await page.getByRole("link", { name: "Library", exact: true }).click();
  await page.getByRole("heading", { level: 1, name: "Library" }).waitFor();
  await fits(page);
  await noViolations(page);
  await page.getByRole("link", { name: "Propose a resource or path" }).click();
  await page.getByRole("heading", { level: 1, name: "Propose a resource or path" }).waitFor();
  await page.getByLabel("Kind").selectOption("path");
  await page.getByLabel("Title").fill(PATH);
  await page.getByLabel("Description").fill("Three steps to get ready for the first interviews.");
  // Three steps: the first one's own words, then two more added.
  const steps = ["List three things you are proud of", "Practise answering with your mentor", "Write your questions for the employer"];
  for (const [n, text] of steps.entries()) {
    if (n) await page.getByRole("button", { name: "Add a step" }).click();
    await page.getByRole("group", { name: `Step ${n + 1}` }).getByLabel("What to do").fill(text);
  }
  await page.getByLabel("For whom").selectOption("mentees");
  await fits(page);
  await noViolations(page);
  await page.getByRole("button", { name: "Save as a draft" }).click();
  await page.getByRole("heading", { level: 1, name: PATH }).waitFor();
  await page.getByText("Draft", { exact: true }).waitFor();
  assert.equal(await page.locator("ol.steps li").count(), 3);
  await page.getByRole("button", { name: "Submit for publication" }).click();
  await status(page, "Submitted: the curators are asked to publish it.");
  await noViolations(page);
  assert.deepEqual(page.errors, []);
  await context.close();

  const cora = await as(DEMO.coordinator);
  await cora.page.goto(`${w.url}/communities/${C}/library`);
  await cora.page.getByRole("link", { name: "Waiting to be published" }).click();
  await cora.page.getByRole("heading", { level: 1, name: "Waiting to be published" }).waitFor();
  await cora.page.getByRole("link", { name: PATH }).click();
  await cora.page.getByRole("button", { name: "Publish", exact: true }).click();
  await status(cora.page, "Published: everyone in the community can find it.");
  await fits(cora.page);
  await noViolations(cora.page);
  await cora.context.close();
});

test("a mentee copies the path into her project and ticks a step; the tick stays; her mentor sees it", async () => {
  const { context, page } = await as(DEMO.carla);
  await page.goto(`${w.url}/projects/${P}`);
  await page.locator("nav.sections").getByRole("link", { name: "Library" }).click();
  await page.getByRole("heading", { level: 2, name: /^In Mentoring for Carla Esposito/ }).waitFor();
  await page.getByText("Nothing shared yet").waitFor();
  await page.getByRole("searchbox", { name: "Search titles and descriptions" }).fill("interviews");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  const found = page.locator("ul.library li.card", { has: page.getByRole("link", { name: PATH }) });
  await found.getByRole("button", { name: "Copy the path here" }).click();
  await status(page, `“${PATH}” is copied into the project.`);
  const card = page.locator("#plib-h ~ div li.card", { hasText: PATH });
  await card.getByText("Path copied here").waitFor();
  await card.getByLabel("Step 1 done").check();
  await status(page, "Step ticked.");
  await card.getByText("You have done 1 of 3 steps").waitFor();
  await fits(page);
  await noViolations(page);
  await page.reload();
  await page.locator("#plib-h ~ div li.card", { hasText: PATH }).getByText("You have done 1 of 3 steps").waitFor();
  assert.equal(await page.locator("#plib-h ~ div li.card", { hasText: PATH }).getByLabel("Step 1 done").isChecked(), true);

  // Saved for reading offline: without a connection the path is still there, as last seen.
  await page.goto(`${w.url}/communities/${C}/library`);
  await page.getByRole("link", { name: PATH }).click();
  await page.getByRole("heading", { level: 1, name: PATH }).waitFor();
  await page.getByRole("button", { name: "Save for reading offline" }).click();
  await page.getByRole("status").filter({ hasText: /^Saved on this device: readable without a connection \([0-9.,]+ (B|KB)\)\.$/ }).waitFor();
  await context.setOffline(true);
  await page.getByRole("link", { name: "Back to the library" }).click();
  await page.getByRole("heading", { level: 1, name: "Library" }).waitFor();
  await page.getByRole("link", { name: PATH }).click();
  await page.getByRole("heading", { level: 1, name: PATH }).waitFor();
  await page.getByText("Write your questions for the employer").waitFor();
  await page.getByText(/^Offline: shown as last seen/).waitFor();
  await page.getByRole("button", { name: "No longer keep it offline" }).waitFor();
  await context.setOffline(false);
  assert.deepEqual(page.errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch|net::/.test(e)), []);
  await context.close();

  // Anna sees Carla's tick, and makes a step the homework of the next session she planned.
  const cookie = await w.login(DEMO.anna);
  const planned = await w.fetch(`/api/projects/${P}/sessions`, { method: "POST", cookie, json: { topic: "Interviews", start: Date.now() + 3 * 86_400_000, zone: "Europe/Rome", duration: 60, mode: "video" } });
  assert.equal(planned.status, 201, planned.text);
  const anna = await as(DEMO.anna);
  await anna.page.goto(`${w.url}/projects/${P}/library`);
  const path = anna.page.locator("li.card", { hasText: PATH });
  await path.getByText("ticks by others: 1").waitFor();
  await path.getByText("Use a step in our plan").click();
  await path.getByLabel("Step", { exact: true }).selectOption({ label: "2. Practise answering with your mentor" });
  await path.getByRole("button", { name: "Make it the next session's homework" }).click();
  await status(path, "It is the homework of session 1.");
  await fits(anna.page);
  await noViolations(anna.page);
  const sessions = await w.fetch(`/api/projects/${P}/sessions`, { cookie });
  assert.equal(sessions.data.sessions.find((s) => s.topic === "Interviews").homework, "Practise answering with your mentor");
  await anna.context.close();
});
