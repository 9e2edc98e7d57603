// A project's workspace and its contract in the browser, at phone size: the section bar (a deep link, the back
// button, one row at 360 px, the chat's unread count on it); the contract drafted and proposed by Anna (the mentor),
// signed by Carla (the mentee), the coordinator and Anna, each in a browser of their own, a signature on a text that
// changed meanwhile refused and the new text shown, in force for all three; the printable page with the three
// signatures and the hash; an amendment returned with a reason, then withdrawn; Italian; axe on the overview, the
// contract and its printable page.
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
const bar = (page) => page.getByRole("navigation", { name: "Project sections" });
const section = (page, name) => page.locator("section", { has: page.getByRole("heading", { level: 2, name, exact: true }) });
const contract = (page) => page.locator("section.contract");
const open = (page) => contract(page).locator("article.version.open");
const status = (page, text) => page.getByRole("status").filter({ hasText: text }).waitFor();
const path = (page) => new URL(page.url()).pathname;

async function fits(page) {
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 360, `the page is ${wide} px wide`);
}

async function noViolations(page) {
  await page.waitForLoadState("networkidle");
  const v = await axe(page);
  assert.deepEqual(v, [], JSON.stringify(v, null, 1));
}

/** Open the contract section from the project's overview, through the bar. */
async function toContract(page) {
  await page.goto(`${w.url}/projects/${PROJECT}`);
  await page.getByRole("heading", { level: 1, name: TITLE }).waitFor();
  await bar(page).getByRole("link", { name: "Contract" }).click();
  await contract(page).getByRole("heading", { level: 2, name: "Contract" }).waitFor();
}

test("the section bar: one row at 360 px, a deep link, the back button, the chat's unread count; axe on the overview", async () => {
  const { context, page } = await newPage(browser);
  await loginUi(page, w.url, DEMO.carla);
  // The view says 2 unread in the chat: a badge on "Chat", said in its name.
  await page.route((url) => url.pathname === `/api/projects/${PROJECT}`, async (route) => {
    const res = await route.fetch();
    const body = await res.json();
    body.chat_unread = 2;
    await route.fulfill({ response: res, json: body });
  });
  // A deep link to the contract: the project's title, the bar with "Contract" marked, the section.
  await page.goto(`${w.url}/projects/${PROJECT}/contract`);
  await page.getByRole("heading", { level: 1, name: TITLE }).waitFor();
  await contract(page).getByRole("heading", { level: 2, name: "Contract" }).waitFor();
  assert.equal(await bar(page).getByRole("link", { name: "Contract" }).getAttribute("aria-current"), "page");
  assert.equal(await page.title(), `Contract · ${TITLE} · Tandem`);
  const names = ["Overview", "Chat (2 new)", "Plan & diary", "Goals", "Contract", "Documents", "Messages", "Library", "People & history"];
  assert.equal(await bar(page).getByRole("link").count(), names.length);
  for (const [i, name] of names.entries()) await bar(page).getByRole("link").nth(i).and(page.getByRole("link", { name, exact: true })).waitFor();
  assert.equal(await bar(page).getByRole("link", { name: "Chat (2 new)" }).locator(".dot").innerText(), "2");
  // One row (scrolled sideways when it must), the current one in view; the header's navigation one row too.
  const rows = await page.evaluate(() => {
    const tops = (sel) => new Set([...document.querySelectorAll(sel)].filter((el) => el.offsetParent).map((el) => Math.round(el.getBoundingClientRect().top))).size;
    const cur = document.querySelector('.sections [aria-current="page"]').getBoundingClientRect();
    return { bar: tops(".sections li"), nav: tops("#nav-list > li"), left: cur.left, right: cur.right };
  });
  assert.deepEqual([rows.bar, rows.nav], [1, 1]);
  assert.ok(rows.left >= 0 && rows.right <= 360, `the current section is in view: ${JSON.stringify(rows)}`);
  await fits(page);
  await noViolations(page);

  // To the overview through the bar, then the contract again: the focus goes to the section's heading.
  await bar(page).getByRole("link", { name: "Overview" }).click();
  await section(page, "What to do next").waitFor();
  assert.equal(path(page), `/projects/${PROJECT}`);
  assert.equal(await bar(page).getByRole("link", { name: "Overview" }).getAttribute("aria-current"), "page");
  await section(page, "This stage's checklist").getByText("The contract is in force").waitFor();
  await section(page, "Next session").getByText("None planned.").waitFor();
  assert.equal(await section(page, "Next session").getByRole("link", { name: "Plan the next session in Plan & diary" }).getAttribute("href"), `/projects/${PROJECT}/plan`);
  await page.getByText("Interactions so far: 0 of at least 4.").waitFor();
  await page.getByText("Coordinator: Cora Coordinator").waitFor();
  await page.getByText(/^Stage 1 of 3 · day \d+/).waitFor();
  // Carla is the mentee: moving on is for the mentor and the coordinator.
  assert.equal(await page.getByRole("button", { name: "Move on to the next stage" }).count(), 0);
  await fits(page);
  await noViolations(page);
  await bar(page).getByRole("link", { name: "Contract" }).click();
  await contract(page).getByRole("heading", { level: 2, name: "Contract" }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.textContent), "Contract");
  // The back button: the overview again; forward: the contract.
  await page.goBack();
  await section(page, "What to do next").waitFor();
  assert.equal(path(page), `/projects/${PROJECT}`);
  await page.goForward();
  await contract(page).getByRole("heading", { level: 2, name: "Contract" }).waitFor();
  assert.equal(path(page), `/projects/${PROJECT}/contract`);

  // Every section opens at its own address, with its heading.
  for (const [link, heading, at] of [["Plan & diary", "Plan & diary", "/plan"], ["Goals", "Goals", "/goals"], ["Messages", "Last messages", "/messages"],
    ["People & history", "People", "/people"], ["Documents", null, "/files"]]) {
    await bar(page).getByRole("link", { name: link }).click();
    if (heading) await page.getByRole("heading", { level: 2, name: heading, exact: true }).waitFor();
    else await page.getByRole("heading", { level: 1, name: "Documents" }).waitFor();
    assert.equal(path(page), `/projects/${PROJECT}${at}`);
    assert.equal(await bar(page).locator('[aria-current="page"]').innerText(), link);
  }
  // The plan shows the figures and the sessions (none yet: the mentor plans them); the goals, the journey's goals to
  // start from.
  await page.goto(`${w.url}/projects/${PROJECT}/plan`);
  await page.getByText("Sessions held", { exact: true }).waitFor();
  await section(page, "Sessions").getByText("No session is planned.").waitFor();
  await section(page, "What each session's diary covers").getByText("Topic for the next session").waitFor();
  await noViolations(page);
  await page.goto(`${w.url}/projects/${PROJECT}/goals`);
  await page.getByText("Mentees with an agreed goal").waitFor();
  await section(page, "Goals to start from").getByText("Find a first job in my field").waitFor();
  await noViolations(page);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test("Anna drafts and proposes the contract; Carla, the coordinator and Anna sign it; it is in force for all three", async () => {
  const anna = await as(DEMO.anna);
  const carla = await as(DEMO.carla);
  const cora = await as(DEMO.coordinator);

  // Anna: "What to do next" asks her to draft it.
  await anna.page.goto(`${w.url}/projects/${PROJECT}`);
  await section(anna.page, "What to do next").getByRole("link", { name: "Draft the contract" }).click();
  await contract(anna.page).getByText("No contract yet.").waitFor();
  assert.equal(path(anna.page), `/projects/${PROJECT}/contract`);
  // Carla cannot start it: the mentor drafts it in this community.
  await toContract(carla.page);
  await contract(carla.page).getByText("Once it is drafted and proposed, you will be asked here to read it and sign it.").waitFor();
  assert.equal(await contract(carla.page).getByRole("button", { name: "Draft the contract" }).count(), 0);

  // The form starts with a few clauses, today's date and the journey's length; Anna adapts it.
  const a = anna.page;
  await contract(a).getByRole("button", { name: "Draft the contract" }).click();
  const form = contract(a).locator("form.contract-form");
  assert.match(await form.getByLabel("Starts on").inputValue(), /^\d{4}-\d\d-\d\d$/);
  assert.equal(await form.getByLabel("Title of clause 1").inputValue(), "Commitment");
  await form.getByLabel("Title of clause 1").fill("Commitment and goals");
  await form.getByRole("button", { name: "Remove clause 4" }).click();
  assert.equal(await form.getByLabel("Title of clause 4").count(), 0);
  await form.getByRole("button", { name: "Add a clause" }).click();
  await form.getByLabel("Title of clause 4").fill("Interviews");
  // An empty clause text is refused next to its field.
  await form.getByRole("button", { name: "Save the draft" }).click();
  await form.getByText("This field is required.").waitFor();
  assert.equal(await form.getByLabel("Text of clause 4").getAttribute("aria-invalid"), "true");
  await form.getByLabel("Text of clause 4").fill("Before each interview we meet once to <b>practise</b> it.");
  await form.getByLabel("How often").fill("every two weeks");
  await form.getByRole("checkbox", { name: "Video call" }).check();
  await fits(a);
  await noViolations(a);
  await form.getByRole("button", { name: "Save the draft" }).click();
  await status(a, "Version 1 is saved as a draft. Read it, then propose it for signatures.");
  await open(a).getByText("A draft: nobody can sign it until it is proposed.").waitFor();
  await open(a).getByText("Draft", { exact: true }).waitFor();
  await open(a).getByText("Read version 1").click();
  // The text, as text: its headings and paragraphs; the markup typed stays as typed.
  await open(a).getByRole("heading", { name: "4. Interviews" }).waitFor();
  await open(a).getByText("Before each interview we meet once to <b>practise</b> it.").waitFor();
  assert.equal(await open(a).locator(".contract-text b").count(), 0);
  await open(a).getByRole("button", { name: "Propose version 1 for signatures" }).click();
  // Said on the version's card, where the button was (and where the focus goes), announced.
  await open(a).getByRole("status").filter({ hasText: "Version 1 is proposed: everyone is asked to read it and sign it." }).waitFor();
  assert.equal(await a.evaluate(() => document.activeElement.tagName + " " + document.activeElement.textContent), "H3 Version 1 Waiting for signatures");
  await open(a).getByText("Waiting for 3 signatures:").waitFor();
  for (const name of ["Anna Bianchi", "Carla Esposito", "Cora Coordinator"]) await open(a).locator("li.unsigned", { hasText: name }).waitFor();

  // Carla: asked to sign from the overview; the box must be ticked; she signs.
  const c = carla.page;
  await c.goto(`${w.url}/projects/${PROJECT}`);
  await section(c, "What to do next").getByRole("link", { name: "Read and sign the contract (version 1)" }).click();
  await open(c).getByRole("button", { name: "Read and sign version 1" }).click();
  const sign = open(c).locator("form.sign-form");
  await sign.getByText("every two weeks").waitFor();
  await sign.locator("code.hash").waitFor();
  assert.match(await sign.locator("code.hash").innerText(), /^[0-9a-f]{64}$/);
  await sign.getByRole("button", { name: "Sign version 1", exact: true }).click();
  await sign.getByText("Tick the box to say that you have read this version and agree to it.").waitFor();
  await fits(c);
  await noViolations(c);
  await sign.getByRole("checkbox", { name: "I have read version 1 and I agree to it" }).check();
  await sign.getByRole("button", { name: "Sign version 1", exact: true }).click();
  await status(c, "You signed version 1.");
  await open(c).locator("li.signed", { hasText: "Carla Esposito" }).waitFor();
  await open(c).getByText("Waiting for 2 signatures:").waitFor();

  // The coordinator is told, and the notification leads to the contract. She opens the text to sign; meanwhile Anna
  // changes it: the old text's signature is refused, the new text is shown, and she signs that.
  const k = cora.page;
  await k.goto(`${w.url}/notifications`);
  await k.getByRole("link", { name: `The contract of “${TITLE}” waits for your signature: read it and sign it, or return it with a reason.` }).click();
  await contract(k).getByRole("heading", { level: 2, name: "Contract" }).waitFor();
  assert.equal(path(k), `/projects/${PROJECT}/contract`);
  await open(k).getByRole("button", { name: "Read and sign version 1" }).click();
  await open(k).locator("form.sign-form").getByText("every two weeks").waitFor();
  await toContract(a);
  await open(a).getByRole("button", { name: "Change version 1" }).click();
  await open(a).getByText("This version waits for signatures: a change clears the signatures given, and everyone signs the new text.").waitFor();
  await open(a).getByLabel("How often").fill("every week");
  await open(a).getByRole("button", { name: "Save the changes" }).click();
  await status(a, "Version 1 is saved: everyone is asked to sign the new text.");
  await open(a).getByText("Waiting for 3 signatures:").waitFor();

  const stale = open(k).locator("form.sign-form");
  await stale.getByRole("checkbox", { name: "I have read version 1 and I agree to it" }).check();
  await stale.getByRole("button", { name: "Sign version 1", exact: true }).click();
  await status(k, "The contract changed since you read it: read the new text below, then sign it.");
  const fresh = open(k).locator("form.sign-form");
  await fresh.getByText("Frequency: every week").waitFor();
  assert.equal(await fresh.getByText("every two weeks").count(), 0);
  await noViolations(k);
  await fresh.getByRole("checkbox", { name: "I have read version 1 and I agree to it" }).check();
  await fresh.getByRole("button", { name: "Sign version 1", exact: true }).click();
  await status(k, "You signed version 1.");
  await open(k).locator("li.signed", { hasText: "Cora Coordinator" }).waitFor();

  // Carla's signature was for the old text: she signs the new one.
  await c.reload();
  await open(c).locator("li.unsigned", { hasText: "Carla Esposito" }).waitFor();
  await open(c).getByRole("button", { name: "Read and sign version 1" }).click();
  await open(c).locator("form.sign-form").getByText("Frequency: every week").waitFor();
  await open(c).getByRole("checkbox", { name: "I have read version 1 and I agree to it" }).check();
  await open(c).getByRole("button", { name: "Sign version 1", exact: true }).click();
  await status(c, "You signed version 1.");

  // Anna signs last: in force.
  await a.reload();
  await open(a).getByRole("button", { name: "Read and sign version 1" }).click();
  await open(a).getByRole("checkbox", { name: "I have read version 1 and I agree to it" }).check();
  await open(a).getByRole("button", { name: "Sign version 1", exact: true }).click();
  await status(a, "You signed, and everyone has now signed: version 1 is in force. A copy is in the project's documents.");
  const inForce = (page) => contract(page).locator("article.in-force");
  await inForce(a).getByRole("heading", { name: "In force: version 1" }).waitFor();
  assert.equal(await open(a).count(), 0);
  for (const page of [c, k]) {
    await page.reload();
    await inForce(page).getByRole("heading", { name: "In force: version 1" }).waitFor();
    for (const name of ["Anna Bianchi", "Carla Esposito", "Cora Coordinator"]) await inForce(page).getByText(`Signed by ${name}`).waitFor();
    await inForce(page).getByText("Frequency: every week").waitFor();
  }
  await noViolations(c);
  // The overview's checklist says so, in words.
  await c.goto(`${w.url}/projects/${PROJECT}`);
  await section(c, "This stage's checklist").locator("li", { hasText: "The contract is in force" }).getByText("Done").waitFor();
  for (const s of [anna, carla, cora]) assert.deepEqual(s.page.errors, []);
  await anna.context.close();
  await carla.context.close();
  await cora.context.close();
});

test("the printable page: every version, its three signatures with their times, and the hash; only the contract on paper", async () => {
  const { context, page } = await as(DEMO.carla);
  await toContract(page);
  await contract(page).getByRole("link", { name: "Printable page, with every version and its signatures" }).click();
  await page.getByRole("heading", { level: 1, name: `Contract: ${TITLE}` }).waitFor();
  const v1 = page.locator("article.print-version", { has: page.getByRole("heading", { level: 2, name: "Version 1 · In force" }) });
  const rows = v1.locator("table.signatures tbody tr");
  assert.equal(await rows.count(), 3);
  const hash = await v1.locator("dd code.hash").innerText();
  assert.match(hash, /^[0-9a-f]{64}$/);
  const signed = await rows.evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((td) => td.innerText)));
  assert.deepEqual(signed.map((r) => r[0]).sort(), ["Anna Bianchi", "Carla Esposito", "Cora Coordinator"]);
  for (const [, when, h] of signed) {
    assert.equal(h, hash, "each signature is on the text's hash");
    assert.match(when, /2\d{3}/);
  }
  await v1.getByText("Frequency: every week").waitFor();
  await fits(page);
  await noViolations(page);
  // On paper: no header, no buttons, the contract only.
  await page.emulateMedia({ media: "print" });
  assert.equal(await page.locator("header.top").isVisible(), false);
  assert.equal(await page.getByRole("button", { name: "Print" }).isVisible(), false);
  assert.equal(await v1.isVisible(), true);
  await page.emulateMedia({ media: "screen" });
  assert.deepEqual(page.errors, []);
  await context.close();
});

test("an amendment: Carla proposes a change with a note; Anna returns it with a reason; Carla reads why and withdraws it", async () => {
  const carla = await as(DEMO.carla);
  const c = carla.page;
  await toContract(c);
  await contract(c).getByRole("button", { name: "Propose a change" }).click();
  const form = contract(c).locator("form.contract-form");
  // It starts from the version in force; what changes must be said.
  assert.equal(await form.getByLabel("How often").inputValue(), "every week");
  await form.getByLabel("How often").fill("every week, on Tuesdays");
  await form.getByRole("button", { name: "Save the draft" }).click();
  await form.getByText("This field is required.").waitFor();
  await form.getByLabel("What changes in this version").fill("We meet on Tuesdays now.");
  await form.getByRole("button", { name: "Save the draft" }).click();
  await status(c, "Version 2 is saved as a draft.");
  await open(c).getByText("What changes: We meet on Tuesdays now.").waitFor();
  await open(c).getByRole("button", { name: "Propose version 2 for signatures" }).click();
  await status(c, "Version 2 is proposed");

  const anna = await as(DEMO.anna);
  const a = anna.page;
  await toContract(a);
  // Version 1 stays in force meanwhile.
  await contract(a).getByRole("heading", { name: "In force: version 1" }).waitFor();
  await open(a).getByRole("button", { name: "Return it with a reason" }).click();
  await open(a).getByRole("button", { name: "Return version 2" }).click();
  await open(a).getByText("This field is required.").waitFor();
  await open(a).getByLabel("Why do you return it?").fill("Thursdays suit me better.");
  await open(a).getByRole("button", { name: "Return version 2" }).click();
  await status(a, "Version 2 is returned to Carla Esposito with your reason.");
  await open(a).getByText("Returned", { exact: true }).waitFor();
  await anna.context.close();

  await c.reload();
  await open(c).getByText("Anna Bianchi returned it:").waitFor();
  await open(c).getByText("Thursdays suit me better.").waitFor();
  await open(c).getByRole("button", { name: "Change version 2" }).waitFor();
  await noViolations(c);

  // She withdraws it instead: version 1 stays in force, version 2 goes among the earlier versions, readable.
  await open(c).getByRole("button", { name: "Withdraw it" }).click();
  await open(c).getByText("Withdraw version 2? Nobody will be able to sign it; a new version can be started.").waitFor();
  await open(c).getByRole("button", { name: "Withdraw version 2" }).click();
  await status(c, "Version 2 is withdrawn.");
  assert.equal(await open(c).count(), 0);
  await contract(c).getByRole("heading", { name: "In force: version 1" }).waitFor();
  await contract(c).getByText("Earlier versions (1)").click();
  const older = contract(c).locator("details.older .card", { has: c.getByRole("heading", { name: "Version 2" }) });
  await older.getByText("Withdrawn", { exact: true }).waitFor();
  await older.getByText("Read version 2").click();
  await older.getByRole("heading", { name: "Changes in this version" }).waitFor();
  await older.getByText("We meet on Tuesdays now.").waitFor();
  await contract(c).getByRole("button", { name: "Propose a change" }).waitFor();
  await noViolations(c);
  assert.deepEqual(c.errors, []);
  await carla.context.close();
});

test("in Italian: the section bar, the overview and the contract", async () => {
  const { context, page } = await newPage(browser, { lang: "it-IT" });
  await page.goto(w.url + "/login");
  await page.getByLabel("Indirizzo e-mail").fill(DEMO.carla);
  await page.getByLabel("Password", { exact: true }).fill("demo-password-2026");
  await page.getByRole("button", { name: "Accedi" }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/login"));
  await page.goto(`${w.url}/projects/${PROJECT}`);
  await page.getByRole("heading", { level: 1, name: TITLE }).waitFor();
  const sezioni = page.getByRole("navigation", { name: "Sezioni del progetto" });
  assert.deepEqual(await sezioni.getByRole("link").allInnerTexts(),
    ["Panoramica", "Chat", "Piano e diario", "Obiettivi", "Contratto", "Documenti", "Messaggi", "Biblioteca", "Persone e storia"]);
  await page.getByRole("heading", { level: 2, name: "Prossima sessione" }).waitFor();
  await page.getByText(/^Fase 1 di 3 · giorno \d+/).waitFor();
  await section(page, "Cosa chiede questa fase").locator("li", { hasText: "Il contratto è in vigore" }).getByText("Fatto").waitFor();
  await noViolations(page);
  await sezioni.getByRole("link", { name: "Contratto" }).click();
  await contract(page).getByRole("heading", { level: 3, name: "In vigore: versione 1" }).waitFor();
  await contract(page).getByText("Firmato da Anna Bianchi").waitFor();
  await contract(page).getByText("Versioni precedenti (1)").waitFor();
  await contract(page).getByRole("button", { name: "Proponi una modifica" }).click();
  await contract(page).getByLabel("Cosa cambia in questa versione").waitFor();
  await contract(page).getByRole("checkbox", { name: "Videochiamata" }).waitFor();
  await noViolations(page);
  assert.deepEqual(page.errors, []);
  await context.close();
});
