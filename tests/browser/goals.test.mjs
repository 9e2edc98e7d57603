// Goals in the browser, at phone size, each person in a browser of their own: Carla (the mentee) proposes a goal from
// the journey's library (the goal, then its suggested objectives); Anna (the mentor) agrees it; objectives are ticked
// done by both; Anna records a review of the progress; Carla comments; a second goal is dropped with a note (asked
// for next to its field). The coordinator's Goals section shows the figures, states and progress without titles or
// text. Italian. axe on every view.
import { test } from "node:test";
import assert from "node:assert/strict";
import { DEMO } from "../support/worker.mjs";
import { withBrowser, newPage, loginUi, signedIn, axe } from "../support/browser.mjs";
import { PROJECTS } from "../support/demo.mjs";

const PROJECT = PROJECTS.annaCarla; // Anna (mentor) and Carla (mentee), active; Cora coordinates it
const TITLE = "Mentoring for Carla Esposito: a first job in software";

let w, browser;
withBrowser((s) => ({ w, browser } = s));

const as = (email) => signedIn(browser, w.url, email);
const section = (page, name) => page.locator("section", { has: page.getByRole("heading", { level: 2, name, exact: true }) });
const goal = (page, name) => page.locator("li.goal", { has: page.getByRole("heading", { level: 3, name, exact: true }) });
const status = (page, text) => page.getByRole("status").filter({ hasText: text }).first().waitFor();

async function fits(page) {
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 360, `the page is ${wide} px wide`);
}

async function noViolations(page) {
  await page.waitForLoadState("networkidle");
  const v = await axe(page);
  assert.deepEqual(v, [], JSON.stringify(v, null, 1));
}

async function toGoals(page) {
  await page.goto(`${w.url}/projects/${PROJECT}/goals`);
  await page.getByRole("heading", { level: 1, name: TITLE }).waitFor();
  await page.getByRole("heading", { level: 2, name: "Goals", exact: true }).waitFor();
}

test("Carla proposes a goal from the library; Anna agrees; objectives ticked; a review recorded; a comment", async () => {
  const carla = await as(DEMO.carla);
  const c = carla.page;
  await toGoals(c);
  await c.getByText("Mentees with an agreed goal").waitFor();
  await section(c, "The goals you follow").getByText("No goals yet: propose one, or start from one below.").waitFor();
  const lib = section(c, "Goals to start from").locator("li.card", { hasText: "Find a first job in my field" });
  await lib.getByRole("button", { name: "Start from this goal" }).click();
  const form = lib.locator("form.goal-form");
  assert.equal(await form.getByLabel("The goal").inputValue(), "Find a first job in my field");
  for (const o of ["Update my CV", "List ten employers to approach", "Prepare for an interview"]) assert.equal(await form.getByRole("checkbox", { name: o }).isChecked(), true);
  // One of the suggested objectives is left out.
  await form.getByRole("checkbox", { name: "Prepare for an interview" }).uncheck();
  await form.getByLabel("Why it matters").fill("I graduate in June.");
  await form.getByLabel("How you will know it is reached").fill("An offer I want to accept.");
  await form.getByLabel("By when").fill("2027-06-30");
  await fits(c);
  await noViolations(c);
  await form.getByRole("button", { name: "Propose the goal" }).click();
  const mine = goal(c, "Find a first job in my field");
  await mine.getByRole("status").filter({ hasText: "Your goal is proposed: Anna Bianchi is asked to agree it." }).waitFor();
  await mine.getByText("Proposed", { exact: true }).waitFor();
  await mine.getByText("Carla Esposito's goal").waitFor();
  await mine.getByText("By Wed, Jun 30, 2027").waitFor();
  assert.deepEqual(await mine.locator(".objective-list label").allInnerTexts(), ["Update my CV", "List ten employers to approach"]);
  // The mentor agrees it, not she.
  assert.equal(await mine.getByRole("button", { name: "Agree this goal" }).count(), 0);
  await mine.getByText("Progress reviews (0)").click();
  await mine.getByText("Progress is recorded once the goal is agreed.").waitFor();
  await noViolations(c);

  // Anna agrees it, ticks an objective, records progress.
  const anna = await as(DEMO.anna);
  const a = anna.page;
  await toGoals(a);
  const hers = goal(a, "Find a first job in my field");
  await hers.getByRole("button", { name: "Agree this goal" }).click();
  await status(a, "The goal is agreed: plan its first objective.");
  await hers.getByText("Agreed", { exact: true }).waitFor();
  await hers.getByRole("checkbox", { name: "Update my CV" }).check();
  await status(a, "“Update my CV” is done.");
  assert.equal(await hers.getByRole("checkbox", { name: "Update my CV" }).isChecked(), true);
  // The focus stays on the box ticked.
  assert.equal(await a.evaluate(() => document.activeElement.closest(".field")?.innerText.split("\n")[0]), "Update my CV");
  await hers.getByText(/^done by Anna Bianchi/).waitFor();
  await hers.getByRole("button", { name: "Add an objective" }).click();
  await hers.getByLabel("The objective").fill("Practise an interview with a friend");
  await hers.getByRole("button", { name: "Add it" }).click();
  await status(a, "“Practise an interview with a friend” is added.");
  await hers.getByText("Progress reviews (0)").click();
  await hers.getByLabel("Progress, in %").fill("130");
  await hers.getByRole("button", { name: "Record the progress" }).click();
  await hers.getByText("Progress is a percentage from 0 to 100.").waitFor();
  assert.equal(await hers.getByLabel("Progress, in %").getAttribute("aria-invalid"), "true");
  await hers.getByLabel("Progress, in %").fill("30");
  await hers.getByLabel("What moved, what is next").fill("CV done, applications next.");
  await noViolations(a);
  await hers.getByRole("button", { name: "Record the progress" }).click();
  await status(a, "Progress recorded: 30%.");
  await hers.getByText("Progress: 30%").first().waitFor();
  await hers.getByText("CV done, applications next.").waitFor();

  // Carla sees it agreed, ticks the next objective and comments.
  await c.reload();
  const again = goal(c, "Find a first job in my field");
  await again.getByText("Agreed", { exact: true }).waitFor();
  await again.getByText("Progress: 30%").first().waitFor();
  await again.getByRole("checkbox", { name: "List ten employers to approach" }).check();
  await status(c, "“List ten employers to approach” is done.");
  await again.getByText("Comments (0)").click();
  await again.getByLabel("Your comment").fill("Thanks! I will send the list on Friday.");
  await again.getByRole("button", { name: "Comment", exact: true }).click();
  await status(c, "Your comment is added.");
  await again.getByText("Comments (1)").waitFor();
  await fits(c);
  await noViolations(c);

  // A second goal, by Anna for Carla, dropped: a note is asked for next to its field.
  await a.reload();
  await section(a, "The goals you follow").getByRole("button", { name: "Propose a goal" }).click();
  const form2 = section(a, "The goals you follow").locator("form.goal-form");
  await form2.getByLabel("The goal").fill("Learn Rust");
  await form2.getByRole("button", { name: "Propose the goal" }).click();
  await status(a, "The goal is proposed.");
  const rust = goal(a, "Learn Rust");
  await rust.getByText("Carla Esposito's goal").waitFor();
  await rust.getByRole("button", { name: "Drop it" }).click();
  await rust.getByRole("button", { name: "Drop the goal" }).click();
  await rust.getByText("This field is required.").waitFor();
  await rust.getByLabel("Why drop it?").fill("Not now: the job first.");
  await rust.getByRole("button", { name: "Drop the goal" }).click();
  await status(a, "The goal is dropped.");
  await rust.getByText("Dropped", { exact: true }).waitFor();
  await rust.getByText("Not now: the job first.").waitFor();
  assert.equal(await rust.getByRole("button", { name: "Add an objective" }).count(), 0);
  await rust.getByRole("button", { name: "Reopen it" }).waitFor();
  // Closing the first one offers its outcomes (not done here: it stays agreed).
  const job = goal(a, "Find a first job in my field");
  await job.getByRole("button", { name: "Close the goal" }).click();
  await job.getByRole("group", { name: "How did it go?" }).getByRole("radio", { name: "Partly achieved" }).waitFor();
  assert.equal(await job.getByRole("radio", { name: "Achieved", exact: true }).isChecked(), true);
  await noViolations(a);
  await job.getByRole("button", { name: "Cancel" }).click();
  assert.equal(await job.getByRole("button", { name: "Close the goal" }).getAttribute("aria-expanded"), "false");
  for (const s of [anna, carla]) assert.deepEqual(s.page.errors, []);
  await anna.context.close();
  await carla.context.close();
});

test("the coordinator's Goals: counts, states and progress, never titles or text", async () => {
  const { context, page } = await as(DEMO.coordinator);
  await toGoals(page);
  await page.getByText("As the coordinator you see how many goals there are, their states and progress; their titles and texts are for the project's members.").waitFor();
  const byState = page.locator(".goal-summary dl");
  assert.deepEqual(await byState.locator("dt").allInnerTexts(), ["Agreed", "Dropped"]);
  assert.deepEqual(await byState.locator("dd").allInnerTexts(), ["1", "1"]);
  const each = page.locator(".goal-meta li");
  assert.equal(await each.count(), 2);
  await each.filter({ hasText: "Agreed" }).getByText("Progress: 30%").waitFor();
  await each.filter({ hasText: "Dropped" }).getByText("No progress recorded yet.").waitFor();
  const text = await page.locator("main").innerText();
  for (const secret of ["Find a first job", "Learn Rust", "Update my CV", "CV done", "I graduate in June", "Thanks!"]) assert.ok(!text.includes(secret), secret);
  // Nothing to propose, no library.
  assert.equal(await page.getByRole("button", { name: "Propose a goal" }).count(), 0);
  assert.equal(await section(page, "Goals to start from").count(), 0);
  await fits(page);
  await noViolations(page);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test("after a diary is submitted, its answer on the target is offered for a review; in Italian", async () => {
  // A session held an hour ago (the test clock), its diary written and submitted by Carla through the API.
  const anna = await w.login(DEMO.anna);
  const carla = await w.login(DEMO.carla);
  const api = (cookie, method, path, json, now) => w.fetch(`/api/projects/${PROJECT}${path}`, { method, cookie, json, now });
  let r = await api(anna, "POST", "/sessions", { topic: "Review", start: Date.now() + 60_000, zone: "Europe/Rome", duration: 60, mode: "video" });
  const s = r.data.sessions[0];
  const later = s.start_at + 3_600_000;
  assert.equal((await api(anna, "POST", `/sessions/${s.id}/actions`, { action: "hold" }, later)).status, 200);
  r = await api(carla, "PUT", `/sessions/${s.id}/diary`, { answers: ["Fine", "", "Three applications sent.", "Interviews", ""], base: 0, client_key: "goals-1" }, later);
  assert.equal(r.status, 200, r.text);

  const { context, page } = await newPage(browser);
  await loginUi(page, w.url, DEMO.carla);
  await page.goto(`${w.url}/projects/${PROJECT}/plan/${s.id}`);
  await page.getByRole("button", { name: "Submit the diary" }).click();
  await page.locator(".after-submit").getByText("Three applications sent.").waitFor();
  await page.getByRole("link", { name: "Record progress on the goals" }).click();
  // The goals page opens on what the diary said, and each review form offers to link to it.
  const hint = section(page, "From the diary of session 1");
  await hint.getByText("Three applications sent.").waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.textContent), "From the diary of session 1");
  const g = goal(page, "Find a first job in my field");
  await g.getByRole("checkbox", { name: "From the diary of session 1" }).waitFor();
  await g.getByLabel("Progress, in %").fill("45");
  await g.getByRole("button", { name: "Record the progress" }).click();
  await status(page, "Progress recorded: 45%.");
  await g.getByText("From a session's diary.").waitFor();
  await noViolations(page);
  await hint.getByRole("button", { name: "Hide this" }).click();
  assert.equal(await section(page, "From the diary of session 1").count(), 0);
  assert.deepEqual(page.errors, []);
  await context.close();

  const it = await newPage(browser, { lang: "it-IT" });
  await it.page.goto(w.url + "/login");
  await it.page.getByLabel("Indirizzo e-mail").fill(DEMO.anna);
  await it.page.getByLabel("Password", { exact: true }).fill("demo-password-2026");
  await it.page.getByRole("button", { name: "Accedi" }).click();
  await it.page.waitForURL((u) => !u.pathname.startsWith("/login"));
  await it.page.goto(`${w.url}/projects/${PROJECT}/goals`);
  await it.page.getByRole("heading", { level: 2, name: "Gli obiettivi che segui" }).waitFor();
  const lavoro = goal(it.page, "Find a first job in my field");
  await lavoro.getByText("Concordato", { exact: true }).waitFor();
  await lavoro.getByText("Obiettivo di Carla Esposito").waitFor();
  await lavoro.getByText("Progresso: 45%").first().waitFor();
  await goal(it.page, "Learn Rust").getByRole("button", { name: "Riaprilo" }).waitFor();
  await section(it.page, "Obiettivi da cui partire").getByRole("button", { name: "Parti da questo obiettivo" }).first().waitFor();
  await noViolations(it.page);
  assert.deepEqual(it.page.errors, []);
  await it.context.close();
});
