// An organisational journey's action plan in the browser, at phone size. The coordinator has moved the project to
// Tandem's organisational journey; its first activity, due in January and still in progress, is overdue. Anna (the
// mentor, her profile in Rome, her browser in New York) sees the next session on the overview at Rome's time; in
// Plan & diary she updates an activity (whose it is, a due date, in progress, a note): a note too long is refused
// next to its field. Cora, the coordinator, sees it and marks it done. Carla reads it all in Italian. No horizontal
// scrolling at 360 px, and axe on every view.
import { test } from "node:test";
import assert from "node:assert/strict";
import { DEMO } from "../support/worker.mjs";
import { withBrowser, newPage, loginUi, fits, noViolations } from "../support/browser.mjs";
import { PROJECTS } from "../support/demo.mjs";
import { localToUtc, utcToLocal } from "../../public/js/mentoring/when.js";

const PROJECT = PROJECTS.annaCarla; // Anna (mentor) and Carla (mentee), active; Cora coordinates it
const TITLE = "Mentoring for Carla Esposito: a first job in software";
/** The organisational journey's rows this test follows (the grid's 1st and 5th). */
const FIRST = "Agree the operating principles and who is responsible";
const TIMETABLE = "Agree a timetable and responsibilities: the preliminary action plan";
const NOTE = "Draft timetable shared with the organisation's team.";
/** The next session: in sixty days, at 18:00 in Rome (never 18:00 in New York, six hours behind or five). */
const SESSION = localToUtc("Europe/Rome", utcToLocal("Europe/Rome", Date.now() + 60 * 86_400_000).date, "18:00");

let w, browser, cookies;
withBrowser((s) => ({ w, browser } = s), {}, async () => {
  cookies = { anna: await w.login(DEMO.anna), cora: await w.login(DEMO.coordinator) };
  let r = await api("cora", "PUT", "/journey", { journey_id: "builtin:organisational", note: "An organisation's transfer of practice." });
  assert.equal(r.status, 200, r.text);
  // The first activity was due on 15 January 2026 and is still in progress: overdue.
  r = await api("cora", "PUT", "/action-plan", { row: 0, owner: "coordinator", due: "2026-01-15", state: "doing", note: "" });
  assert.equal(r.status, 200, r.text);
  r = await api("anna", "POST", "/sessions", { topic: "Opening session", start: SESSION, zone: "Europe/Rome", duration: 60, mode: "video" });
  assert.equal(r.status, 201, r.text);
});

const api = (who, method, path, json) => w.fetch(`/api/projects/${PROJECT}${path}`, { method, cookie: cookies[who], json });
const section = (page, name) => page.locator("section", { has: page.getByRole("heading", { level: 2, name, exact: true }) });
const row = (page, name) => page.locator("li.action-row", { has: page.getByRole("heading", { level: 4, name, exact: true }) });
const status = (scope, text) => scope.getByRole("status").filter({ hasText: text }).first().waitFor();

/** A browser (in `zone`, in `lang`) logged in as `email`. */
async function as(email, opts = {}) {
  const s = await newPage(browser, opts);
  await loginUi(s.page, w.url, email);
  await s.page.waitForURL((u) => !u.pathname.startsWith("/login"));
  return s;
}

test("the mentor follows an activity: whose it is, its due date, in progress, a note; a note too long is refused", async () => {
  const { context, page } = await as(DEMO.anna, { timezoneId: "America/New_York" });
  await page.getByRole("heading", { level: 1, name: /^Hello, / }).waitFor();
  // The overview: the next session in her profile's zone (Rome), not her browser's.
  await page.goto(`${w.url}/projects/${PROJECT}`);
  await page.getByRole("heading", { level: 1, name: TITLE }).waitFor();
  const next = section(page, "Next session").locator("time");
  await next.waitFor();
  assert.match(await next.innerText(), /^[A-Z][a-z]{2}, [A-Z][a-z]{2} \d{1,2}(, \d{4})?, 18:00$/);
  assert.equal(await next.getAttribute("datetime"), new Date(SESSION).toISOString());
  await section(page, "Next session").getByText("(Rome)").waitFor();

  await page.goto(`${w.url}/projects/${PROJECT}/plan`);
  const plan = section(page, "Action plan");
  await plan.getByText("Done: 0 of 8 activities.").waitFor();
  assert.deepEqual(await plan.getByRole("heading", { level: 3 }).allInnerTexts(),
    ["Consensus and preparation", "Getting acquainted", "Planning together", "Mentoring", "Evaluation"]);
  assert.equal(await plan.locator("li.action-row").count(), 8);
  // The overdue activity says so in words, and the count above says how many.
  await plan.getByText("1 overdue").waitFor();
  const first = row(page, FIRST);
  await first.getByText("Overdue", { exact: true }).waitFor();
  await first.getByText("In progress", { exact: true }).waitFor();
  await first.getByText("Thu, Jan 15, 2026").waitFor();
  await first.getByText("Updated by Cora Coordinator on").waitFor();
  // An activity nobody has touched yet: to do, the grid's owner, no date.
  const card = row(page, TIMETABLE);
  await card.getByText("To do", { exact: true }).waitFor();
  await card.getByText("Mentor", { exact: true }).waitFor();
  await card.getByText("No date set").waitFor();
  assert.equal(await card.getByText("Overdue").count(), 0);
  await fits(page);
  await noViolations(page);

  const update = card.getByRole("button", { name: "Update" });
  await update.click();
  assert.equal(await update.getAttribute("aria-expanded"), "true");
  const form = card.locator("form");
  assert.equal(await page.evaluate(() => document.activeElement.name), "owner");
  await form.getByLabel("Who takes care of it").selectOption({ label: "Organisation" });
  await form.getByLabel("Due date").fill("2030-02-15");
  await form.getByLabel("Where it stands").selectOption({ label: "In progress" });
  // The box keeps to 500 characters; a longer note (pasted where it is not kept short) is refused next to its field.
  await form.getByLabel("Note").evaluate((el) => { el.value = "x".repeat(501); });
  await form.getByRole("button", { name: "Save this activity" }).click();
  await form.getByText("The note is too long: use at most 500 characters.").waitFor();
  assert.equal(await form.getByLabel("Note").getAttribute("aria-invalid"), "true");
  assert.equal(await page.evaluate(() => document.activeElement.name), "note");
  await fits(page);
  await noViolations(page);
  await form.getByLabel("Note").fill(NOTE);
  assert.equal(await form.getByLabel("Note").getAttribute("aria-invalid"), null);
  await form.getByRole("button", { name: "Save this activity" }).click();

  // Saved: said on the activity's card, the focus on its title, the form gone.
  await status(card, `Saved: “${TIMETABLE}”.`);
  assert.equal(await page.evaluate(() => document.activeElement.textContent), TIMETABLE);
  assert.equal(await card.locator("form").count(), 0);
  await card.getByText("In progress", { exact: true }).waitFor();
  await card.getByText("Organisation", { exact: true }).waitFor();
  assert.equal(await card.locator("time").getAttribute("datetime"), "2030-02-15");
  assert.equal(await card.locator("time").innerText(), "Fri, Feb 15, 2030");
  await card.getByText(NOTE).waitFor();
  await card.getByText("Updated by Anna Bianchi on").waitFor();
  await fits(page);
  await noViolations(page);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test("the coordinator sees the mentor's update and marks the activity done", async () => {
  const { context, page } = await as(DEMO.coordinator);
  await page.goto(`${w.url}/projects/${PROJECT}/plan`);
  const plan = section(page, "Action plan");
  const card = row(page, TIMETABLE);
  await card.getByText(NOTE).waitFor();
  await card.getByText("Updated by Anna Bianchi on").waitFor();
  await card.getByRole("button", { name: "Update" }).click();
  const form = card.locator("form");
  // The form holds what the row has.
  assert.equal(await form.getByLabel("Who takes care of it").inputValue(), "organisation");
  assert.equal(await form.getByLabel("Due date").inputValue(), "2030-02-15");
  assert.equal(await form.getByLabel("Note").inputValue(), NOTE);
  await form.getByLabel("Where it stands").selectOption({ label: "Done" });
  await form.getByRole("button", { name: "Save this activity" }).click();
  await status(card, `Saved: “${TIMETABLE}”.`);
  await card.getByText("Done", { exact: true }).waitFor();
  await card.getByText("Updated by Cora Coordinator on").waitFor();
  await plan.getByText("Done: 1 of 8 activities.").waitFor();

  // Cancel closes an opened form, the focus back on its button.
  const first = row(page, FIRST);
  const update = first.getByRole("button", { name: "Update" });
  await update.click();
  await first.getByRole("button", { name: "Cancel" }).click();
  assert.equal(await first.locator("form").count(), 0);
  assert.equal(await update.getAttribute("aria-expanded"), "false");
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute("aria-expanded")), "false");
  await fits(page);
  await noViolations(page);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test("in Italian: the action plan, its states, dates and the overdue activity", async () => {
  const { context, page } = await newPage(browser, { lang: "it-IT" });
  await page.goto(w.url + "/login");
  await page.getByLabel("Indirizzo e-mail").fill(DEMO.carla);
  await page.getByLabel("Password", { exact: true }).fill("demo-password-2026");
  await page.getByRole("button", { name: "Accedi" }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/login"));
  await page.goto(`${w.url}/projects/${PROJECT}/plan`);
  const plan = section(page, "Piano d'azione");
  await plan.getByText("Fatte: 1 attività su 8.").waitFor();
  await plan.getByText("1 in ritardo").waitFor();
  const first = row(page, FIRST);
  await first.getByText("In ritardo", { exact: true }).waitFor();
  await first.getByText("In corso", { exact: true }).waitFor();
  const card = row(page, TIMETABLE);
  await card.getByText("Fatta", { exact: true }).waitFor();
  await card.getByText("Organizzazione", { exact: true }).waitFor();
  assert.match(await card.locator("time").innerText(), /^ven 15 feb 2030$/);
  await card.getByRole("button", { name: "Aggiorna" }).click();
  await card.getByLabel("Chi se ne occupa").waitFor();
  await card.getByLabel("A che punto è").waitFor();
  await fits(page);
  await noViolations(page);
  assert.deepEqual(page.errors, []);
  await context.close();
});
