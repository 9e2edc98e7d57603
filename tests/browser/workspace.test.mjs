// A project's process in the browser, at phone size: the mentor moves the project on to its next stage (a note is
// asked while the stage's checklist is open); the coordinator adapts one of Tandem's journeys for the community (a
// number out of range refused next to its field), publishes it for new projects and moves the project to it; a
// community admin hands the project to another admin as its coordinator. Each change is in the history.
import { test } from "node:test";
import assert from "node:assert/strict";
import { DEMO, DEMO_COMMUNITY } from "../support/worker.mjs";
import { withBrowser, signedIn, axe } from "../support/browser.mjs";
import { PROJECTS, USERS } from "../support/demo.mjs";

const PROJECT = PROJECTS.annaCarla; // Anna (mentor) and Carla (mentee), active; Cora coordinates it
const TITLE = "Mentoring for Carla Esposito: a first job in software";

let w, browser;
withBrowser((s) => ({ w, browser } = s));

const as = (email) => signedIn(browser, w.url, email);
const section = (page, name) => page.locator("section", { has: page.getByRole("heading", { level: 2, name, exact: true }) });
const status = (page, text) => page.getByRole("status").filter({ hasText: text }).waitFor();
const history = (page) => section(page, "State and history").locator("ol.history");

async function noViolations(page) {
  await page.waitForLoadState("networkidle");
  const v = await axe(page);
  assert.deepEqual(v, [], JSON.stringify(v, null, 1));
}

test("the mentor moves the project on: a note is asked while the checklist is open, and the history keeps it", async () => {
  const { context, page } = await as(DEMO.anna);
  await page.goto(`${w.url}/projects/${PROJECT}`);
  const stage = section(page, "Building rapport and setting goals");
  await stage.getByText(/^Stage 1 of 3 · day \d+/).waitFor();
  const checklist = section(page, "This stage's checklist");
  assert.equal(await checklist.getByText("Not yet").count(), 4);
  const move = checklist.getByRole("button", { name: "Move on to the next stage" });
  await move.click();
  assert.equal(await move.getAttribute("aria-expanded"), "true");
  await checklist.getByText("4 items of this stage are not done yet: say in a note why you move on now.").waitFor();
  await checklist.getByRole("button", { name: "Move on to stage 2: Working together" }).click();
  await checklist.getByText("Some items of this stage are not done yet: say in a note why you move on.").waitFor();
  assert.equal(await checklist.getByLabel("Why move on now?").getAttribute("aria-invalid"), "true");
  await noViolations(page);
  await checklist.getByLabel("Why move on now?").fill("We agreed the goals on paper at our first meeting.");
  await checklist.getByRole("button", { name: "Move on to stage 2: Working together" }).click();
  await status(page, "The project moved on to stage 2: Working together.");
  const next = section(page, "Working together");
  await next.getByText("Stage 2 of 3 · day 1 of about 120").waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.textContent), "Working together");
  await section(page, "This stage's checklist").getByText("The diaries are up to date").waitFor();

  await page.getByRole("navigation", { name: "Project sections" }).getByRole("link", { name: "People & history" }).click();
  await history(page).locator("li", { hasText: "Anna Bianchi moved it on to the next stage" }).getByText("We agreed the goals on paper at our first meeting.").waitFor();
  await section(page, "Journey").locator('li[aria-current="step"]', { hasText: "Working together" }).getByText("Current stage").waitFor();
  assert.deepEqual(page.errors, []);
  await context.close();
});

test("the coordinator adapts a journey, publishes it for new projects and moves the project to it", async () => {
  const { context, page } = await as(DEMO.coordinator);
  await page.goto(`${w.url}/communities/${DEMO_COMMUNITY}`);
  await page.getByRole("link", { name: "Journey templates" }).click();
  await page.getByRole("heading", { level: 1, name: "Journeys: Demo Community" }).waitFor();
  const builtIn = section(page, "Tandem's journeys");
  await builtIn.locator("li.card", { hasText: "Three stages" }).getByText("Used for new projects").waitFor();
  await section(page, "This community's journeys").getByText("None yet").waitFor();

  // A copy of "Blended mentoring" becomes a draft, opened to edit.
  await builtIn.getByRole("button", { name: "Copy to adapt it: Blended mentoring" }).click();
  await status(page, "“Blended mentoring”, version 1, is a new draft: adapt it, then publish it.");
  const draft = section(page, "This community's journeys").locator("li.card", { hasText: "Blended mentoring" });
  await draft.getByText("Draft", { exact: true }).waitFor();
  const form = draft.locator("form.journey-form");
  assert.equal(await form.getByLabel("Title", { exact: true }).inputValue(), "Blended mentoring");
  // A stage of no days is refused next to its field.
  await form.getByLabel("Days of stage 1").fill("0");
  await form.getByRole("button", { name: "Save the draft" }).click();
  await form.getByText("Out of range: a stage lasts 1 to 365 days").waitFor();
  assert.equal(await form.getByLabel("Days of stage 1").getAttribute("aria-invalid"), "true");
  await form.getByLabel("Days of stage 1").fill("21");
  await form.getByLabel("Minimum of interactions").fill("6");
  await form.getByRole("button", { name: "Add a stage" }).click();
  await form.getByLabel("Title of stage 4").fill("Follow-up");
  await form.getByLabel("Description of stage 4").fill("A call three months later: how did it go?");
  await form.getByLabel("Days of stage 4").fill("90");
  await form.getByLabel("Who drafts the first contract").selectOption({ label: "The coordinator" });
  await noViolations(page);
  await form.getByRole("button", { name: "Save the draft" }).click();
  await status(page, "“Blended mentoring”, version 1, is saved.");
  await draft.getByText("4 stages · 6 months · at least 6 interactions · the coordinator drafts the contract").waitFor();

  // Published as the default: new projects take it.
  await draft.getByRole("button", { name: "Publish: Blended mentoring" }).click();
  await draft.getByLabel("Use it for new projects").check();
  await draft.getByRole("button", { name: "Publish version 1" }).click();
  await status(page, "“Blended mentoring”, version 1, is published: new projects take it.");
  await draft.getByText("Published", { exact: true }).waitFor();
  await draft.getByText("Used for new projects").waitFor();
  assert.equal(await builtIn.getByText("Used for new projects").count(), 0);
  await draft.getByRole("button", { name: "Start a new version: Blended mentoring" }).waitFor();

  // The project keeps its journey until its coordinator moves it.
  await page.goto(`${w.url}/projects/${PROJECT}/people`);
  const journey = section(page, "Journey");
  await journey.getByText("Three stages", { exact: true }).waitFor();
  await journey.getByRole("button", { name: "Change the journey" }).click();
  await journey.getByLabel("New journey").selectOption({ label: "Blended mentoring (version 1)" });
  await journey.getByLabel("A note for the history").fill("The community's own journey, with a follow-up call.");
  await noViolations(page);
  await journey.getByRole("button", { name: "Move the project to this journey" }).click();
  await status(page, "The project now follows “Blended mentoring”.");
  await journey.getByText("Follow-up", { exact: true }).waitFor();
  await history(page).locator("li", { hasText: "Cora Coordinator moved it to another journey" }).getByText("The community's own journey, with a follow-up call.").waitFor();
  await page.getByRole("navigation", { name: "Project sections" }).getByRole("link", { name: "Overview" }).click();
  await page.getByText("Journey: Blended mentoring").waitFor();
  await page.getByText(/^Interactions so far: \d+ of at least 6\.$/).waitFor();
  assert.deepEqual(page.errors, []);
  await context.close();
});

test("a community admin hands the project to another admin as its coordinator", async () => {
  // Bruno becomes an admin of the Demo Community too.
  const admin = await w.login(DEMO.admin);
  const r = await w.fetch(`/api/admin/communities/${DEMO_COMMUNITY}/members/${USERS.bruno}/role`, { method: "PUT", cookie: admin, headers: { origin: w.url }, json: { role: "admin" } });
  assert.equal(r.status, 200, r.text);
  // An admin who is not its coordinator sees where the project is, not its journey's content nor the members' sections.
  const other = await as(DEMO.bruno);
  const b = other.page;
  await b.goto(`${w.url}/projects/${PROJECT}`);
  await b.getByRole("heading", { level: 1, name: TITLE }).waitFor();
  await b.getByRole("heading", { level: 2, name: "Stage 2 of 4" }).waitFor();
  await b.getByText("Coordinator: Cora Coordinator").waitFor();
  assert.deepEqual(await b.getByRole("navigation", { name: "Project sections" }).getByRole("link").allInnerTexts(), ["Overview", "Contract", "People & history"]);
  await noViolations(b);
  await b.getByRole("navigation", { name: "Project sections" }).getByRole("link", { name: "Contract" }).click();
  await b.locator("section.contract").getByText("No contract yet.").waitFor();
  assert.deepEqual(b.errors, []);
  await other.context.close();

  const { context, page } = await as(DEMO.coordinator);
  await page.goto(`${w.url}/projects/${PROJECT}/people`);
  const people = section(page, "People");
  const card = people.locator("li.card", { hasText: "Follows the project for the community" });
  await card.getByRole("link", { name: "Cora Coordinator" }).waitFor();
  await card.getByRole("button", { name: "Change the coordinator" }).click();
  await card.getByLabel("New coordinator").selectOption({ label: "Bruno Costa" });
  await card.getByLabel("A note for the history").fill("Bruno covers while I am away.");
  await card.getByRole("button", { name: "Make them the coordinator" }).click();
  await status(page, "Bruno Costa is now the project's coordinator.");
  await people.locator("li.card", { hasText: "Follows the project for the community" }).getByRole("link", { name: "Bruno Costa" }).waitFor();
  await history(page).locator("li", { hasText: "Cora Coordinator changed the coordinator" }).getByText("Bruno covers while I am away.").waitFor();
  await noViolations(page);
  assert.deepEqual(page.errors, []);
  await context.close();

  // Bruno sees it on the overview.
  const bruno = await as(DEMO.bruno);
  await bruno.page.goto(`${w.url}/projects/${PROJECT}`);
  await bruno.page.getByRole("heading", { level: 1, name: TITLE }).waitFor();
  await bruno.page.getByText("Coordinator: Bruno Costa").waitFor();
  await bruno.context.close();
});
