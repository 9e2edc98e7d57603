// The final report in the browser, at phone size (#12). The demo's process is written first (a contract in force, two
// goals with objectives, two sessions held with their diaries, one commented). Carla (the mentee) reads the report put
// together from it, part by part, writes what has been reached (kept on this device: a reload gives it back), saves
// and approves it; Anna (the mentor) writes her closing feedback and adds it; Carla makes the report final (filed in
// Documents as "Final report.md", the whole report as Markdown) and shares two sections with the coordinator, after a
// preview and a confirmation. Cora, the coordinator, reads exactly those two on the project's overview and on the
// report's page, as text (nothing in it read as HTML). The printable page is a document: the project, the people,
// the dates, every part on a page of its own on paper. Carla in Italian. No horizontal scrolling at 360 px, and axe on
// every view.
import { test } from "node:test";
import assert from "node:assert/strict";
import { DEMO } from "../support/worker.mjs";
import { withBrowser, newPage, signedIn, fits, noViolations } from "../support/browser.mjs";
import { PROJECTS } from "../support/demo.mjs";
import { seedProcess } from "../../demo/process.mjs";

const PROJECT = PROJECTS.annaCarla; // Anna (mentor) and Carla (mentee), active; Cora coordinates it
const TITLE = "Mentoring for Carla Esposito: a first job in software";
const REACHED = "I have two interviews lined up and a <em>clear</em> plan.\n- Keep practising coding twice a week\n- Ask Anna for a last mock interview";
const CLOSING = "Carla prepared every session with care. Keep the peer group going after the mentoring ends.";
const PARTS = ["The contract in force", "Goals and objectives", "Sessions held", "Interactions", "Diary", "Evaluations",
  "What has been reached and how to continue", "The mentor's closing feedback"];

let w, browser;
withBrowser((s) => ({ w, browser } = s), {}, async () => {
  // The demo's process; its space pushes the figures to D1 within seconds.
  assert.equal(await seedProcess((path, opts) => w.fetch(path, opts)), true);
  const until = Date.now() + 20_000;
  while ((await w.count("SELECT COUNT(*) FROM project_progress WHERE project_id = ? AND sessions_held = 2", PROJECT)) === 0 && Date.now() < until) {
    await new Promise((res) => setTimeout(res, 100));
  }
});

const as = (email) => signedIn(browser, w.url, email);
const section = (scope, name) => scope.locator("section", { has: scope.getByRole("heading", { level: 2, name, exact: true }) });
const part = (page, key) => page.locator(`section.report-part[data-part="${key}"]`);
const status = (scope, text) => scope.getByRole("status").filter({ hasText: text }).first().waitFor();
const report = (page) => page.locator("section.report-status");

test("Carla reads the report put together from the project, writes her section (kept after a reload), saves and approves it", async () => {
  const { context, page } = await as(DEMO.carla);
  await page.goto(`${w.url}/projects/${PROJECT}`);
  const card = section(page, "Final report");
  await card.getByText("Draft", { exact: true }).waitFor();
  await card.getByText("Next for you: write what has been reached and how to continue, save it, then approve the report.").waitFor();
  await card.getByRole("link", { name: "Open the final report" }).click();
  await page.waitForURL(`${w.url}/projects/${PROJECT}/report`);
  await page.getByRole("heading", { level: 1, name: TITLE }).waitFor();
  assert.equal(await page.title(), `Final report · ${TITLE} · Tandem`);
  await report(page).getByText("Draft", { exact: true }).waitFor();
  // Every part, in order, each from what the project holds.
  assert.deepEqual(await page.locator("section.report-part > h2").allInnerTexts(), PARTS);
  await part(page, "contract").getByText(/^Version 1, in force since .+\. Signed by .*Carla Esposito/).waitFor();
  await part(page, "contract").getByText("Carla sets her own goals and works towards them", { exact: false }).waitFor();
  const goals = part(page, "goals");
  await goals.getByRole("heading", { level: 3, name: "Find a first job in software" }).waitFor();
  await goals.getByText("State: Agreed").first().waitFor();
  await goals.getByText("Progress: 40%").waitFor();
  await goals.getByText("Objective not done: Update my CV").waitFor();
  await part(page, "sessions").getByText("2 sessions held.").waitFor();
  await part(page, "sessions").getByText(/Video call · CV and the list of employers$/).waitFor();
  await part(page, "interactions").getByText(/^\d+ interactions counted, below the minimum of 4\.$/).waitFor();
  const diary = part(page, "diary").locator("li");
  assert.equal(await diary.count(), 2, "one line per entry");
  await diary.nth(0).getByText(/^Session 1, .+: Getting to know each other, the contract and the goals · homework: Update the CV; list ten employers\. · the mentor's comment: A good start, Carla\./).waitFor();
  await diary.nth(1).getByText(/^Session 2, .+: CV and the list of employers · homework: Two coding exercises/).waitFor();
  await part(page, "evaluations").getByText("No evaluation answers the project may read.").waitFor();
  await part(page, "mentor").getByText("Not written yet.").waitFor();
  assert.doesNotMatch(await page.locator("main").innerText(), /\b(null|undefined|NaN)\b|report\.[a-z_]+\./);
  // Anna's section is not Carla's to write; nor is anything to share before the report is final.
  assert.equal(await part(page, "mentor").locator("textarea").count(), 0);
  assert.equal(await page.getByRole("heading", { name: "Share with the coordinator" }).count(), 0);
  await fits(page);
  await noViolations(page);

  // What she types is kept on this device: a reload gives it back, not saved yet.
  const box = part(page, "reached").getByLabel("Write what has been reached and how to continue");
  await box.fill(REACHED);
  await part(page, "reached").getByText("Kept on this device: not saved in the report yet.").waitFor();
  await page.reload();
  const again = part(page, "reached").getByLabel("Write what has been reached and how to continue");
  await again.waitFor();
  assert.equal(await again.inputValue(), REACHED);
  await part(page, "reached").getByText(/^Restored from this device \(typed on .+\): not saved in the report yet\.$/).waitFor();
  assert.equal((await w.fetch(`/api/projects/${PROJECT}/report`, { cookie: await w.login(DEMO.carla) })).data.reached, "", "not saved yet");
  await fits(page);
  await noViolations(page);

  // Saved without a connection: nothing is lost, and that is said next to the text.
  await context.setOffline(true);
  await part(page, "reached").getByRole("button", { name: "Save this section" }).click();
  await part(page, "reached").getByText("No connection: your text is kept on this device. Save it again when you are back online.").waitFor();
  assert.equal(await again.getAttribute("aria-invalid"), "true");
  await context.setOffline(false);
  await part(page, "reached").getByRole("button", { name: "Save this section" }).click();
  await status(part(page, "reached"), "Saved in the report.");
  assert.equal(await page.evaluate(() => document.activeElement.textContent), "What has been reached and how to continue");
  assert.equal(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("tandem.report.")).length), 0, "the kept draft is gone once saved");
  await report(page).getByRole("button", { name: "Approve the report" }).click();
  await status(report(page), "Approved: the mentor can now add the closing feedback.");
  await report(page).getByText("Approved by the mentees", { exact: true }).waitFor();
  await report(page).getByText("Approved. Next: Anna Bianchi writes the closing feedback.", { exact: false }).waitFor();
  assert.equal(await report(page).getByRole("button", { name: "Approve the report" }).count(), 0);
  // Still hers to change (it would need approving again).
  await part(page, "reached").getByText("The report is approved: changing this section makes it a draft again, to approve again.").waitFor();
  await fits(page);
  await noViolations(page);
  // The save refused offline is the browser's only complaint.
  assert.deepEqual(page.errors.filter((e) => !/ERR_INTERNET_DISCONNECTED/.test(e)), []);
  await context.close();
});

test("Anna writes her closing feedback and adds it to the report", async () => {
  const { context, page } = await as(DEMO.anna);
  await page.goto(`${w.url}/projects/${PROJECT}/report`);
  await report(page).getByText("Next for you: write your closing feedback, save it, and add it to the report.").waitFor();
  // Carla's section, as text: what looks like HTML stays text, a list is a list.
  const reached = part(page, "reached");
  await reached.getByText("I have two interviews lined up and a <em>clear</em> plan.").waitFor();
  assert.equal(await reached.locator("em").count(), 0);
  assert.deepEqual(await reached.locator("ul li").allInnerTexts(), ["Keep practising coding twice a week", "Ask Anna for a last mock interview"]);
  assert.equal(await reached.locator("textarea").count(), 0);
  // Adding it saves what she typed first.
  await part(page, "mentor").getByLabel("Write your closing feedback").fill(CLOSING);
  await fits(page);
  await noViolations(page);
  await report(page).getByRole("button", { name: "Add my feedback to the report" }).click();
  await status(report(page), "Your feedback is added: the mentees can now make the report final.");
  await report(page).getByText("Mentor's feedback added", { exact: true }).waitFor();
  assert.equal(await part(page, "mentor").getByLabel("Write your closing feedback").inputValue(), CLOSING);
  const r = (await w.fetch(`/api/projects/${PROJECT}/report`, { cookie: await w.login(DEMO.anna) })).data;
  assert.equal(r.state, "mentor_added");
  assert.equal(r.mentor, CLOSING);
  await fits(page);
  await noViolations(page);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test("Carla makes it final: the whole report is filed in Documents as Final report.md", async () => {
  const { context, page } = await as(DEMO.carla);
  await page.goto(`${w.url}/projects/${PROJECT}/report`);
  await report(page).getByText("Next for you: read the whole report and make it final.", { exact: false }).waitFor();
  await part(page, "mentor").getByText(CLOSING).waitFor();
  const open = report(page).getByRole("button", { name: "Make the report final" });
  await open.click();
  assert.equal(await open.getAttribute("aria-expanded"), "true");
  await report(page).getByText("Once final, the report no longer changes.", { exact: false }).waitFor();
  await fits(page);
  await noViolations(page);
  await report(page).getByRole("button", { name: "Yes, make it final" }).click();
  await status(report(page), "The report is final, and filed in Documents as “Final report.md”.");
  await report(page).getByText("Final", { exact: true }).waitFor();
  assert.equal(await page.locator("section.report-part textarea").count(), 0, "nothing more to write");

  await report(page).getByRole("link", { name: "“Final report.md” in Documents" }).click();
  await page.getByRole("heading", { level: 1, name: "Documents" }).waitFor();
  await page.getByRole("link", { name: "Final report.md" }).waitFor();
  const cookie = await w.login(DEMO.carla);
  const file = (await w.fetch(`/api/projects/${PROJECT}/files`, { cookie })).data.items.find((f) => f.name === "Final report.md");
  const md = (await w.fetch(`/api/projects/${PROJECT}/files/${file.id}/download`, { cookie })).text;
  assert.match(md, new RegExp(`^# Final report: ${TITLE.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\n`));
  for (const title of PARTS) assert.ok(md.includes(`\n## ${title}\n`), title);
  for (const bit of ["- Mentor: Anna Bianchi", "- Mentees: Carla Esposito", "- Coordinator: Cora Coordinator", "### Mentoring contract:",
    "### Find a first job in software", "- Objective not done: Update my CV", "the mentor's comment: A good start, Carla.", REACHED, CLOSING]) {
    assert.ok(md.includes(bit), bit);
  }
  assert.deepEqual(page.errors, []);
  await context.close();
});

test("Carla shares two sections, after a preview and a confirmation; the coordinator reads exactly those two", async () => {
  const carla = await as(DEMO.carla);
  let page = carla.page;
  await page.goto(`${w.url}/projects/${PROJECT}/report`);
  await report(page).getByText(/^Final since .+, and filed in Documents\. You may share sections of it with the coordinator\.$/).waitFor();
  const share = section(page, "Share with the coordinator");
  await share.getByText("Cora Coordinator reads only what you share", { exact: false }).waitFor();
  await share.getByText("Nothing shared yet.").waitFor();
  const open = share.getByRole("button", { name: "Choose what to share" });
  await open.click();
  assert.equal(await open.getAttribute("aria-expanded"), "true");
  const form = share.locator("form.share-form");
  const preview = form.getByRole("region", { name: "Preview: exactly what Cora Coordinator will receive" });
  await preview.getByText("Tick at least one section: its text shows here.").waitFor();
  // Nothing ticked: said next to the boxes.
  await form.getByRole("button", { name: "Share with Cora Coordinator" }).click();
  await form.getByText("This field is required.").waitFor();
  await form.getByLabel("Goals and objectives").check();
  await form.getByLabel("What has been reached and how to continue").check();
  // The preview: exactly what goes.
  assert.deepEqual(await preview.getByRole("heading", { level: 3 }).allInnerTexts(), ["Goals and objectives", "What has been reached and how to continue"]);
  await preview.getByText("Find a first job in software").waitFor();
  await preview.getByText("Keep practising coding twice a week").waitFor();
  for (const other of ["Carla sets her own goals", CLOSING, "sessions held", "A good start, Carla"]) assert.equal(await preview.getByText(other, { exact: false }).count(), 0, other);
  await fits(page);
  await noViolations(page);
  await form.getByRole("button", { name: "Share with Cora Coordinator" }).click();
  await form.getByText("Share these sections with Cora Coordinator: goals, what has been reached? They receive this copy, and it does not change.").waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.textContent), "Yes, share now");
  assert.equal((await w.fetch(`/api/projects/${PROJECT}/report/shares`, { cookie: await w.login(DEMO.carla) })).data.shares.length, 0, "nothing goes before the confirmation");
  await fits(page);
  await noViolations(page);
  await form.getByRole("button", { name: "Yes, share now" }).click();
  await status(share, "Shared with Cora Coordinator: goals, what has been reached.");
  await share.getByText(/^Shared on .+: goals, what has been reached$/).waitFor();
  assert.equal(await share.locator("form").count(), 0);
  await fits(page);
  await noViolations(page);
  assert.deepEqual(page.errors, []);
  await carla.context.close();

  // Cora, on the project's overview: the copy shared with her, and nothing else of the report.
  const cora = await as(DEMO.coordinator);
  page = cora.page;
  await page.goto(`${w.url}/projects/${PROJECT}`);
  const card = section(page, "Final report");
  const copy = card.locator("article.shared-copy");
  await copy.waitFor();
  assert.match(await copy.locator("p > strong").innerText(), /^Final report shared with you on .+$/);
  await copy.getByText("by Carla Esposito: goals, what has been reached.").waitFor();
  assert.deepEqual(await copy.getByRole("heading", { level: 3 }).allInnerTexts(), ["Goals and objectives", "What has been reached and how to continue"]);
  await copy.getByText("Find a first job in software").waitFor();
  await copy.getByText("I have two interviews lined up and a <em>clear</em> plan.").waitFor();
  assert.equal(await copy.locator("em, script, img").count(), 0, "text, never HTML");
  for (const other of ["Carla sets her own goals", CLOSING, "sessions held", "A good start, Carla", "interactions counted"]) {
    assert.equal(await page.getByText(other, { exact: false }).count(), 0, other);
  }
  await fits(page);
  await noViolations(page);
  // The report's own address (where her notification leads): the copies shared, and only them.
  await page.goto(`${w.url}/projects/${PROJECT}/report`);
  const shared = section(page, "Final report");
  await shared.locator("article.shared-copy").getByText("Keep practising coding twice a week").waitFor();
  assert.equal(await page.locator("section.report-part").count(), 0);
  assert.equal(await page.getByText(CLOSING).count(), 0);
  await fits(page);
  await noViolations(page);
  assert.deepEqual(page.errors, []);
  await cora.context.close();
});

test("the printable page: a document with the project, the people, the dates and every part; on paper, no navigation", async () => {
  const { context, page } = await as(DEMO.carla);
  await page.goto(`${w.url}/projects/${PROJECT}/report`);
  await report(page).getByRole("link", { name: "Printable version" }).click();
  await page.getByRole("heading", { level: 1, name: `Final report: ${TITLE}` }).waitFor();
  assert.deepEqual(await page.locator("section.print-part > h2").allInnerTexts(), PARTS);
  const facts = page.locator("dl.print-facts");
  await facts.getByText("Demo Community").waitFor();
  await facts.getByText("Anna Bianchi (Mentor)").waitFor();
  await facts.getByText("Carla Esposito (Mentee)").waitFor();
  await facts.getByText("Cora Coordinator").waitFor();
  assert.match(await facts.locator("dt:has-text('Final since') + dd time").innerText(), /20\d\d/);
  await page.locator('section.print-part[data-part="contract"]').getByText("Carla sets her own goals", { exact: false }).waitFor();
  await page.locator('section.print-part[data-part="diary"]').getByText("the mentor's comment: A good start, Carla.", { exact: false }).waitFor();
  await page.locator('section.print-part[data-part="mentor"]').getByText(CLOSING).waitFor();
  assert.equal(await page.getByRole("navigation", { name: "Project sections" }).count(), 0);
  await fits(page);
  await noViolations(page);
  await page.emulateMedia({ media: "print" });
  assert.equal(await page.locator("header.top").isVisible(), false);
  assert.equal(await page.getByRole("button", { name: "Print" }).isVisible(), false);
  assert.equal(await page.locator("section.print-part").nth(1).evaluate((el) => getComputedStyle(el).breakBefore), "page");
  assert.equal(await page.locator("section.print-part").first().isVisible(), true);
  await page.emulateMedia({ media: "screen" });
  assert.deepEqual(page.errors, []);
  await context.close();
});

test("in Italian: Carla's final report and what she shared", async () => {
  const { context, page } = await newPage(browser, { lang: "it-IT" });
  await page.goto(w.url + "/login");
  await page.getByLabel("Indirizzo e-mail").fill(DEMO.carla);
  await page.getByLabel("Password", { exact: true }).fill("demo-password-2026");
  await page.getByRole("button", { name: "Accedi" }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/login"));
  await page.goto(`${w.url}/projects/${PROJECT}/report`);
  await report(page).getByRole("heading", { level: 2, name: "Rapporto finale" }).waitFor();
  await report(page).getByText("Definitivo", { exact: true }).waitFor();
  assert.equal(await page.title(), `Rapporto finale · ${TITLE} · Tandem`);
  assert.deepEqual(await page.locator("section.report-part > h2").allInnerTexts(), ["Il contratto in vigore", "Obiettivi e traguardi", "Sessioni svolte",
    "Interazioni", "Diario", "Valutazioni", "Che cosa è stato raggiunto e come proseguire", "Il riscontro finale del mentore"]);
  await part(page, "sessions").getByText("2 sessioni svolte.").waitFor();
  await section(page, "Condividi con chi coordina").getByText(/^Condiviso il .+: obiettivi, che cosa è stato raggiunto$/).waitFor();
  await fits(page);
  await noViolations(page);
  assert.deepEqual(page.errors, []);
  await context.close();
});
