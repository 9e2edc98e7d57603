// A project's health in the browser, at phone size (#12). The daily pass runs with the clock forty days after Anna
// and Carla's project started: forty days quiet, it is at risk. Then the demo's process is written (a contract, goals,
// sessions, diaries) for the oversight panel's figures. Cora, the coordinator, finds the project on her community's
// "Needs attention" page, opens it and acknowledges it with a note and a date (a missing note and a date too far
// refused next to their fields): the queue is then empty. Carla reads the health card (the level, each reason in
// words with its next step), asks the coordinator for help with a text and sees her request; Anna does not see it;
// Cora reads it. The oversight panel for Cora; Carla in Italian; Cora puts the project on hold and takes it off (the
// history says both). No horizontal scrolling at 360 px, and axe on every view.
import { test } from "node:test";
import assert from "node:assert/strict";
import { DEMO, DEMO_COMMUNITY } from "../support/worker.mjs";
import { withBrowser, newPage, signedIn, fits, noViolations } from "../support/browser.mjs";
import { PROJECTS } from "../support/demo.mjs";
import { seedProcess } from "../../demo/process.mjs";
import { fmtWhen, fmtDay } from "../../public/js/mentoring/when.js";

const PROJECT = PROJECTS.annaCarla; // Anna (mentor) and Carla (mentee), active; Cora coordinates it
const TITLE = "Mentoring for Carla Esposito: a first job in software";
const DAY = 86_400_000;
/** When Anna accepted Carla's request (demo/seed.sql), and the daily pass forty days on. */
const START = 1790000300000;
const PASS = START + 40 * DAY;
const NOTE = "Called Carla: exams until the 20th, then a session every week.";
const HELP = "My new job leaves me no free evenings: could we find another way to meet?";
/** A civil date `n` days from now, as the server counts them (UTC days). */
const inDays = (n) => new Date(Date.now() + n * DAY).toISOString().slice(0, 10);

let w, browser;
withBrowser((s) => ({ w, browser } = s), {}, async () => {
  const cookie = await w.login(DEMO.admin, undefined, { now: PASS });
  const r = await w.fetch("/api/admin/tasks/health", { method: "POST", cookie, now: PASS });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.data.assessed, 1);
  // The demo's process, for the oversight panel; its space pushes the figures to D1 within seconds.
  assert.equal(await seedProcess((path, opts) => w.fetch(path, opts)), true);
  const until = Date.now() + 20_000;
  while ((await w.count("SELECT COUNT(*) FROM project_progress WHERE project_id = ? AND sessions_held = 2 AND contract_version = 2", PROJECT)) === 0 && Date.now() < until) {
    await new Promise((res) => setTimeout(res, 100));
  }
});

const as = (email) => signedIn(browser, w.url, email);
const section = (page, name) => page.locator("section", { has: page.getByRole("heading", { level: 2, name, exact: true }) });
const status = (scope, text) => scope.getByRole("status").filter({ hasText: text }).first().waitFor();

test("the coordinator finds the project in Needs attention, acknowledges it, and the queue is empty", async () => {
  const { context, page } = await as(DEMO.coordinator);
  await page.goto(`${w.url}/communities/${DEMO_COMMUNITY}`);
  await page.getByRole("link", { name: "Needs attention", exact: true }).click();
  await page.getByRole("heading", { level: 1, name: "Needs attention: Demo Community" }).waitFor();
  const glance = section(page, "At a glance");
  await glance.getByText("1 active project").waitFor();
  assert.equal(await glance.locator('dd[data-level="at_risk"]').innerText(), "1");
  assert.equal(await glance.locator('dd[data-level="ok"]').innerText(), "0");
  await glance.getByText("Stage 1", { exact: true }).waitFor();
  const queue = section(page, "Needs attention (1)");
  const card = queue.locator("li.card", { has: page.getByRole("link", { name: TITLE, exact: true }) });
  // The level in words beside its sign, each reason in words with its figures, the coordinator.
  await card.getByText("At risk", { exact: true }).waitFor();
  assert.equal(await card.locator(".badge.level-at_risk .sign").getAttribute("aria-hidden"), "true");
  await card.getByText("No qualifying interaction for 40 days").waitFor();
  await card.getByText("The contract is not in force 40 days after the start").waitFor();
  await card.getByText("40 days in a stage planned to last about 30").waitFor();
  await card.getByText("Coordinator: Cora Coordinator").waitFor();
  await section(page, "On hold (0)").getByText("No project is on hold.").waitFor();
  await fits(page);
  await noViolations(page);

  await card.getByRole("link", { name: TITLE, exact: true }).click();
  await page.getByRole("heading", { level: 1, name: TITLE }).waitFor();
  const health = section(page, "Health: what the coordinator sees");
  await health.getByText("At risk", { exact: true }).waitFor();
  await health.getByText("Nobody has met or written for a while: say hello in the chat, or plan a session.").waitFor();
  await health.getByText("Needs attention", { exact: true }).waitFor();
  await health.getByText("Nobody has acknowledged it yet.").waitFor();
  await fits(page);
  await noViolations(page);

  const open = health.getByRole("button", { name: "Acknowledge", exact: true });
  await open.click();
  assert.equal(await open.getAttribute("aria-expanded"), "true");
  const form = health.locator("form.ack-form");
  assert.equal(await page.evaluate(() => document.activeElement.name), "note");
  // No note: said next to it.
  await form.getByRole("button", { name: "Acknowledge the situation" }).click();
  await form.getByText("This field is required.").waitFor();
  assert.equal(await form.getByLabel("What you did or agreed").getAttribute("aria-invalid"), "true");
  // A date too far ahead: the server's answer next to the date.
  await form.getByLabel("What you did or agreed").fill(NOTE);
  await form.getByLabel("No reminders until").fill(inDays(200));
  await form.getByRole("button", { name: "Acknowledge the situation" }).click();
  await form.getByText("Choose a date from tomorrow to 120 days ahead.").waitFor();
  assert.equal(await form.getByLabel("No reminders until").getAttribute("aria-invalid"), "true");
  assert.equal(await page.evaluate(() => document.activeElement.name), "snooze_until");
  await fits(page);
  await noViolations(page);
  const snooze = inDays(14);
  await form.getByLabel("No reminders until").fill(snooze);
  await form.getByRole("button", { name: "Acknowledge the situation" }).click();
  const day = fmtDay(snooze, "en");
  await status(health, `Acknowledged: out of the Needs attention list until ${day}, unless it gets worse.`);
  assert.equal(await page.evaluate(() => document.activeElement.textContent), "Health: what the coordinator sees");
  assert.equal(await health.locator("form").count(), 0);
  await health.getByText("Acknowledged by Cora Coordinator on").waitFor();
  await health.getByText(NOTE).waitFor();
  await health.getByText(`No more reminders until ${day}, unless it gets worse.`).waitFor();
  assert.equal(await health.getByText("Needs attention", { exact: true }).count(), 0);
  await fits(page);
  await noViolations(page);

  await page.goto(`${w.url}/communities/${DEMO_COMMUNITY}/attention`);
  await section(page, "Needs attention (0)").getByText("No project needs attention now.").waitFor();
  assert.equal(await page.getByRole("link", { name: TITLE, exact: true }).count(), 0);
  await fits(page);
  await noViolations(page);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test("Carla reads the reasons and asks the coordinator for help; Anna does not see it, the coordinator reads it", async () => {
  const carla = await as(DEMO.carla);
  let page = carla.page;
  await page.goto(`${w.url}/projects/${PROJECT}`);
  let health = section(page, "Health: what your coordinator sees");
  await health.getByText("At risk", { exact: true }).waitFor();
  await health.getByText(/^Checked on /).waitFor();
  const reasons = health.locator("ul.reasons > li");
  assert.deepEqual(await reasons.locator(".reason").allInnerTexts(), [
    "No qualifying interaction for 40 days",
    "The contract is not in force 40 days after the start",
    "No session planned, and the last one (or the start) was 40 days ago",
    "40 days in a stage planned to last about 30",
  ]);
  await reasons.filter({ hasText: "No session planned" }).getByText("No session is planned: plan the next one.").waitFor();
  // Members see neither the acknowledgement nor its forms.
  assert.equal(await health.getByText(NOTE).count(), 0);
  assert.equal(await health.getByRole("button", { name: "Acknowledge", exact: true }).count(), 0);
  await fits(page);
  await noViolations(page);

  const ask = health.getByRole("button", { name: "Ask the coordinator for help" });
  await ask.click();
  assert.equal(await ask.getAttribute("aria-expanded"), "true");
  await health.getByText("Ask Cora Coordinator, your coordinator: they are told at once.", { exact: false }).waitFor();
  const form = health.locator("form.help-form");
  await form.getByLabel("What would you like help with?").fill(HELP);
  await fits(page);
  await noViolations(page);
  await form.getByRole("button", { name: "Send to the coordinator" }).click();
  await status(health, "Sent: your coordinator has been told, and will get in touch.");
  await health.getByText(/^You asked on .+ — your coordinator has been told\.$/).waitFor();
  await health.getByText(HELP).waitFor();
  assert.equal(await health.getByRole("button", { name: "Ask the coordinator for help" }).count(), 0);
  await fits(page);
  await noViolations(page);
  // Asked once: it stays said after a reload.
  await page.reload();
  health = section(page, "Health: what your coordinator sees");
  await health.getByText(/^You asked on /).waitFor();
  assert.deepEqual(page.errors, []);
  await carla.context.close();

  const anna = await as(DEMO.anna);
  page = anna.page;
  await page.goto(`${w.url}/projects/${PROJECT}`);
  health = section(page, "Health: what your coordinator sees");
  await health.getByRole("button", { name: "Ask the coordinator for help" }).waitFor();
  assert.equal(await page.getByText(HELP).count(), 0);
  assert.equal(await page.getByText(/asked (on|for help)/).count(), 0);
  assert.deepEqual(page.errors, []);
  await anna.context.close();

  const cora = await as(DEMO.coordinator);
  page = cora.page;
  await page.goto(`${w.url}/projects/${PROJECT}`);
  health = section(page, "Health: what the coordinator sees");
  const requests = health.locator(".help-requests");
  await requests.getByRole("heading", { level: 3, name: "Requests for help" }).waitFor();
  await requests.getByText(/^Carla Esposito asked on /).waitFor();
  await requests.getByText(HELP).waitFor();
  await health.getByText("A member asked the coordinator for help", { exact: true }).waitFor();
  await fits(page);
  await noViolations(page);
  assert.deepEqual(page.errors, []);
  await cora.context.close();
});

test("the oversight panel: the project in figures, times in the reader's zone, at 360 px", async () => {
  const { context, page } = await as(DEMO.coordinator);
  const sessions = (await w.fetch(`/api/projects/${PROJECT}/oversight`, { cookie: await w.login(DEMO.coordinator) })).data.sessions.items;
  assert.equal(sessions.length, 3);
  await page.goto(`${w.url}/projects/${PROJECT}`);
  await page.getByRole("link", { name: "Oversight panel: what the coordinator sees, in figures" }).click();
  await page.waitForURL(`${w.url}/projects/${PROJECT}/oversight`);
  await page.getByRole("heading", { level: 1, name: TITLE }).waitFor();
  const panel = section(page, "Oversight panel");
  await panel.getByText("Times are in your time zone, Europe/Rome.").waitFor();
  const part = (name) => panel.locator("section", { has: page.getByRole("heading", { level: 3, name, exact: true }) });
  await part("Stage").getByText("Stage 1 of 3: Building rapport and setting goals").waitFor();
  await part("Stage").getByText("Longer than planned").waitFor();
  await part("Health").locator(".badge.level").waitFor();
  const contract = part("Contract");
  await contract.locator("li", { hasText: "Version 2" }).getByText("Waiting for signatures", { exact: true }).waitFor();
  await contract.locator("li", { hasText: "Version 2" }).getByText("No signature yet.").waitFor();
  await contract.locator("li", { hasText: "Version 1" }).getByText("In force", { exact: true }).waitFor();
  await contract.locator("li", { hasText: "Version 1" }).getByText("3 signatures:").waitFor();
  assert.equal(await contract.locator("li", { hasText: "Version 1" }).locator("ul.dates time").count(), 3);
  await part("Goals").getByText("2 goals, 2 agreed").waitFor();
  await part("Goals").getByText("Progress: 40%").waitFor();
  // Each session: its date and time in Cora's zone (Rome), its mode, its state.
  const rows = part("Sessions").locator("ol.sessions-list > li");
  assert.equal(await rows.count(), 3);
  for (const [i, s] of sessions.entries()) {
    const when = rows.nth(i).locator("time");
    assert.equal(await when.getAttribute("datetime"), new Date(s.start_at).toISOString());
    assert.equal(await when.innerText(), fmtWhen(s.start_at, "Europe/Rome", "en", { year: true }));
    await rows.nth(i).getByText("Video", { exact: false }).waitFor();
  }
  await rows.nth(0).getByText("Held", { exact: true }).waitFor();
  await rows.nth(2).getByText("Planned", { exact: true }).waitFor();
  assert.equal(await part("Diaries").locator("ol > li").count(), 2);
  await part("Interactions").getByText(/^\d+ of the minimum of 4/).waitFor();
  await part("Last activity").waitFor();
  // Figures only: none of the words written in the project.
  const text = await panel.innerText();
  for (const words of ["Find a first job in software", "CV and the list of employers", "Both well", HELP, NOTE]) assert.ok(!text.includes(words), words);
  await fits(page);
  await noViolations(page);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test("in Italian: Carla's health card and the oversight panel", async () => {
  const { context, page } = await newPage(browser, { lang: "it-IT" });
  await page.goto(w.url + "/login");
  await page.getByLabel("Indirizzo e-mail").fill(DEMO.carla);
  await page.getByLabel("Password", { exact: true }).fill("demo-password-2026");
  await page.getByRole("button", { name: "Accedi" }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/login"));
  await page.goto(`${w.url}/projects/${PROJECT}`);
  const health = section(page, "Andamento: cosa vede chi vi coordina");
  await health.getByText(/^Hai chiesto aiuto il .+ — chi coordina è stato avvisato\.$/).waitFor();
  await health.locator(".badge.level").waitFor();
  await fits(page);
  await noViolations(page);
  await health.getByRole("link", { name: "Quadro di controllo: cosa vede chi coordina, in cifre" }).click();
  const panel = section(page, "Quadro di controllo");
  await panel.getByText("Fase 1 di 3: Building rapport and setting goals").waitFor();
  await panel.getByText("2 obiettivi, 2 concordati").waitFor();
  await panel.getByText(/^\d+ sul minimo di 4/).waitFor();
  assert.equal(await page.title(), "Quadro di controllo · " + TITLE + " · Tandem");
  await fits(page);
  await noViolations(page);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test("the coordinator puts the project on hold until a date, sees it on hold in the queue's page, and takes it off", async () => {
  const { context, page } = await as(DEMO.coordinator);
  await page.goto(`${w.url}/projects/${PROJECT}`);
  const health = section(page, "Health: what the coordinator sees");
  const open = health.getByRole("button", { name: "Put on hold" });
  await open.click();
  const form = health.locator("form.hold-form");
  await form.getByRole("button", { name: "Put the project on hold" }).click();
  await form.getByText("This field is required.").waitFor();
  const until = inDays(30);
  await form.getByLabel("On hold until").fill(until);
  await form.getByRole("button", { name: "Put the project on hold" }).click();
  const day = fmtDay(until, "en");
  await status(health, `On hold until ${day}.`);
  await health.getByText(`On hold until ${day}: the checks are paused until then.`).waitFor();
  await fits(page);
  await noViolations(page);

  await page.goto(`${w.url}/communities/${DEMO_COMMUNITY}/attention`);
  const held = section(page, "On hold (1)");
  await held.getByRole("link", { name: TITLE, exact: true }).waitFor();
  await held.getByText(`On hold until ${day}`, { exact: true }).waitFor();
  await fits(page);
  await noViolations(page);

  await held.getByRole("link", { name: TITLE, exact: true }).click();
  // A state of the project's life: its page says so at the top.
  await page.locator("span.badge", { hasText: `On hold until ${day}` }).waitFor();
  const again = section(page, "Health: what the coordinator sees");
  await again.getByRole("button", { name: "Take off hold" }).click();
  await status(again, "Taken off hold: the project has been checked again.");
  assert.equal(await again.getByText(/On hold until/).count(), 0);
  await again.getByRole("button", { name: "Put on hold" }).waitFor();
  // The history keeps both, the day in words.
  await page.goto(`${w.url}/projects/${PROJECT}/people`);
  const history = section(page, "State and history").locator("ol.history");
  await history.getByText(`Cora Coordinator put it on hold until ${day}`, { exact: true }).waitFor();
  await history.getByText("Cora Coordinator took it off hold", { exact: true }).waitFor();
  await fits(page);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test("the coordinator proposes a check-in: Plan & diary says so to the pair, with her words, until a session is planned", async () => {
  const cora = await as(DEMO.coordinator);
  await cora.page.goto(`${w.url}/projects/${PROJECT}`);
  const health = section(cora.page, "Health: what the coordinator sees");
  await health.getByRole("button", { name: "Write to the project" }).click();
  const form = health.locator("form.message-form");
  await form.getByLabel("Your message").fill("Shall we meet, the three of us, before the holidays?");
  await form.getByLabel("Propose a check-in session (the mentor plans it)").check();
  await form.getByRole("button", { name: "Send" }).click();
  await status(health, "You proposed a check-in session; the members are told.");
  await cora.context.close();

  const anna = await as(DEMO.anna);
  await anna.page.goto(`${w.url}/projects/${PROJECT}/plan`);
  const notice = anna.page.locator(".notice.check-in");
  await notice.getByText(/^Cora Coordinator proposed a check-in session on .+\. Plan it below\.$/).waitFor();
  await notice.getByText("Shall we meet, the three of us, before the holidays?").waitFor();
  await fits(anna.page);
  await noViolations(anna.page);
  assert.deepEqual(anna.page.errors, []);
  await anna.context.close();

  // Carla, who does not plan, reads it without the call to plan.
  const carla = await as(DEMO.carla);
  await carla.page.goto(`${w.url}/projects/${PROJECT}/plan`);
  await carla.page.locator(".notice.check-in").getByText(/^Cora Coordinator proposed a check-in session on .+\.$/).waitFor();
  // Anna plans it: the notice has done its work.
  const cookie = await w.login(DEMO.anna);
  const start = Date.now() + 5 * DAY - (Date.now() % 3_600_000);
  const r = await w.fetch(`/api/projects/${PROJECT}/sessions`, { method: "POST", cookie, json: { topic: "Check-in with Cora", start, zone: "Europe/Rome", duration: 45, mode: "video", place: "Our usual link" } });
  assert.equal(r.status, 201, r.text);
  await carla.page.reload();
  await section(carla.page, "Sessions").getByText("Check-in with Cora").first().waitFor();
  assert.equal(await carla.page.locator(".notice.check-in").count(), 0);
  await carla.context.close();
});
