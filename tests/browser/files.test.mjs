// The project's document folder in the browser: Carla and Anna share a document through it (a folder, an upload
// with its progress bar, a download, a new version and the old one still downloadable), refusals (a program named
// .pdf by the server, a file over the limit before anything is sent), rename and move, the trash (restore, delete
// forever), Italian, and read-only once the project ends; axe finds nothing and nothing scrolls sideways at 360 px.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync, truncateSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEMO } from "../support/worker.mjs";
import { withBrowser, newPage, loginUi, axe } from "../support/browser.mjs";
import { PROJECTS } from "../support/demo.mjs";

const PROJECT = PROJECTS.annaCarla; // Anna (mentor) and Carla (mentee), active
const TITLE = "Mentoring for Carla Esposito: a first job in software";
const FIRST = "%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n% the first session plan\n%%EOF\n";
const SECOND = "%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n% the session plan with Anna's notes\n%%EOF\n";
const pdf = (name, text) => ({ name, mimeType: "application/pdf", buffer: Buffer.from(text) });

let w, browser;
withBrowser((s) => ({ w, browser } = s));

/** Log in in a fresh context and open the project's folder (or `path` under it). */
async function open(email, path = "", opts) {
  const s = await newPage(browser, opts);
  await loginUi(s.page, w.url, email);
  await s.page.goto(`${w.url}/projects/${PROJECT}/files${path}`);
  await s.page.getByRole("heading", { level: 1 }).waitFor();
  return s;
}

/** An item of the listing (or of the trash) by its name. */
const item = (page, name) => page.locator("li.card").filter({ has: page.getByRole("heading", { name }) });
const upload = (page) => page.getByLabel("Upload a document");
const status = (page) => page.getByRole("status");
/** Switch the language (in the header's "More" menu). */
async function language(page, lang) {
  await page.locator("#nav .more-btn").click();
  await page.locator("#lang-select").selectOption(lang);
}

async function fits(page) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `the page is ${width} px wide`);
}

async function saved(download) {
  return readFileSync(await download.path(), "utf8");
}

test("Carla shares a session plan through a folder; Anna downloads it and uploads a new version; both versions stay", async () => {
  const carla = await open(DEMO.carla);
  const page = carla.page;
  await page.getByRole("heading", { level: 1, name: "Documents" }).waitFor();
  const crumbs = page.getByRole("navigation", { name: "You are here" });
  assert.equal(await crumbs.getByRole("link", { name: TITLE }).getAttribute("href"), `/projects/${PROJECT}`);
  await page.getByText("No documents yet. Upload the session plan or your notes.").waitFor();
  await page.getByText("0 KB of 500 MB used").waitFor();
  await fits(page);
  await page.waitForLoadState("networkidle");
  assert.deepEqual(await axe(page), []);

  // A folder, then into it (a real URL: reload and the back button work).
  await page.getByLabel("New folder").fill("Session plans");
  await page.getByRole("button", { name: "Create the folder" }).click();
  await status(page).getByText("Folder “Session plans” created.").waitFor();
  const folderCard = item(page, "Session plans");
  assert.match(await folderCard.innerText(), /Folder[\s\S]*Added .+ by Carla Esposito/);
  await folderCard.getByRole("link", { name: "Session plans" }).click();
  await page.getByRole("heading", { level: 1, name: "Session plans" }).waitFor();
  assert.match(page.url(), /\/files\?folder=[0-9a-f]{28}$/);
  await page.getByText("This folder is empty.").waitFor();

  // The upload: its progress bar goes to 100%, then the file is listed with Carla's name.
  await upload(page).setInputFiles(pdf("Session plan.pdf", FIRST));
  const bar = page.getByRole("progressbar", { name: "Session plan.pdf: 100%" });
  await bar.waitFor();
  assert.equal(await bar.evaluate((el) => el.value), 100);
  await page.getByRole("list", { name: "Uploads" }).getByText("Uploaded.").waitFor();
  await status(page).getByText("“Session plan.pdf” uploaded.").waitFor();
  const plan = item(page, "Session plan.pdf");
  await plan.waitFor();
  assert.match(await plan.innerText(), /1 version\b[\s\S]*Added .+ by Carla Esposito/);
  assert.match(await plan.getByRole("link", { name: "Session plan.pdf" }).getAttribute("href"), new RegExp(`^/api/projects/${PROJECT}/files/[0-9a-f]{28}/download$`));
  await page.reload();
  await page.getByRole("heading", { level: 1, name: "Session plans" }).waitFor();
  await item(page, "Session plan.pdf").waitFor();
  await page.goBack();
  await page.getByRole("heading", { level: 1, name: "Documents" }).waitFor();
  await page.goForward();
  await page.getByRole("heading", { level: 1, name: "Session plans" }).waitFor();
  await crumbs.getByRole("link", { name: "Documents" }).waitFor();
  await fits(page);
  await page.waitForLoadState("networkidle");
  assert.deepEqual(await axe(page), []);

  // Anna, in her own browser, finds it and downloads it.
  const anna = await open(DEMO.anna);
  await item(anna.page, "Session plans").getByRole("link", { name: "Session plans" }).click();
  await anna.page.getByRole("heading", { level: 1, name: "Session plans" }).waitFor();
  const hers = item(anna.page, "Session plan.pdf");
  assert.match(await hers.innerText(), /Carla Esposito/);
  const [got] = await Promise.all([anna.page.waitForEvent("download"), hers.getByRole("link", { name: "Session plan.pdf" }).click()]);
  assert.equal(got.suggestedFilename(), "Session plan.pdf");
  assert.equal(await saved(got), FIRST);

  // A file of the same name is its new version.
  await upload(anna.page).setInputFiles(pdf("Session plan.pdf", SECOND));
  await anna.page.getByText("Uploaded as version 2 of “Session plan.pdf”.").first().waitFor();
  await hers.getByText("2 versions").waitFor();
  assert.match(await hers.innerText(), /Changed .+ by Anna Bianchi/);
  assert.equal(await anna.page.locator("li.card").count(), 1);
  assert.deepEqual(anna.page.errors, []);
  await anna.context.close();

  // Carla sees two versions, and can still download the first.
  await page.reload();
  const mine = item(page, "Session plan.pdf");
  await mine.getByText("2 versions").waitFor();
  const versions = mine.getByRole("button", { name: "Versions: Session plan.pdf" });
  await versions.click();
  assert.equal(await versions.getAttribute("aria-expanded"), "true");
  await mine.getByRole("link", { name: "Version 1" }).waitFor();
  assert.match(await mine.getByRole("listitem").nth(0).innerText(), /Version 2 current[\s\S]*uploaded .+ by Anna Bianchi/);
  assert.match(await mine.getByRole("listitem").nth(1).innerText(), /Version 1[\s\S]*uploaded .+ by Carla Esposito/);
  const [old] = await Promise.all([page.waitForEvent("download"), mine.getByRole("link", { name: "Version 1" }).click()]);
  assert.equal(old.suggestedFilename(), "Session plan (version 1).pdf");
  assert.equal(await saved(old), FIRST);
  const [latest] = await Promise.all([page.waitForEvent("download"), mine.getByRole("link", { name: "Version 2" }).click()]);
  assert.equal(await saved(latest), SECOND);
  await fits(page);
  assert.deepEqual(await axe(page), []);
  // Pressed again, the panel closes.
  await versions.click();
  assert.equal(await versions.getAttribute("aria-expanded"), "false");
  assert.equal(await mine.getByRole("link", { name: "Version 1" }).count(), 0);
  assert.deepEqual(page.errors, []);
  await carla.context.close();
});

test("refusals: a program named .pdf is refused by the server and not listed; a file over 25 MB is never sent", async () => {
  const { context, page } = await open(DEMO.carla);
  await page.getByRole("heading", { level: 1, name: "Documents" }).waitFor();
  const puts = [];
  page.on("request", (r) => { if (r.method() === "PUT") puts.push(r.url()); });

  await upload(page).setInputFiles({ name: "invoice.pdf", mimeType: "application/pdf", buffer: Buffer.from("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00This program cannot be run in DOS mode.", "latin1") });
  const uploads = page.getByRole("list", { name: "Uploads" });
  const refused = uploads.getByRole("listitem").filter({ hasText: "invoice.pdf" });
  await refused.getByText("This type of file is not accepted.", { exact: false }).waitFor();
  assert.equal(puts.length, 1);
  assert.equal(await refused.getByRole("progressbar").count(), 0);
  await status(page).getByText("invoice.pdf: This type of file is not accepted.", { exact: false }).waitFor();
  assert.equal(await item(page, "invoice.pdf").count(), 0);
  await page.reload();
  await page.getByRole("heading", { level: 1, name: "Documents" }).waitFor();
  await item(page, "Session plans").waitFor();
  assert.equal(await item(page, "invoice.pdf").count(), 0);

  // 26 MB (a sparse file): refused at once, with the server's limit, and nothing goes out.
  const dir = mkdtempSync(join(tmpdir(), "tandem-files-"));
  const huge = join(dir, "recording.pdf");
  writeFileSync(huge, "%PDF-1.7\n");
  truncateSync(huge, 26 * 1024 * 1024);
  const before = puts.length;
  await upload(page).setInputFiles(huge);
  await uploads.getByRole("listitem").filter({ hasText: "recording.pdf" })
    .getByText("Not uploaded: this file is 26.0 MB, and a file can be at most 25 MB.").waitFor();
  await page.waitForLoadState("networkidle");
  assert.equal(puts.length, before);
  assert.equal(await item(page, "recording.pdf").count(), 0);
  await fits(page);
  assert.deepEqual(await axe(page), []);
  await context.close();
});

test("rename and move: a document goes into another folder and back to the top", async () => {
  const { context, page } = await open(DEMO.carla);
  await upload(page).setInputFiles({ name: "notes.md", mimeType: "text/markdown", buffer: Buffer.from("# Notes\n\n- ask about startups\n") });
  const notes = item(page, "notes.md");
  await notes.waitFor();

  // An upload that ends while the form is open leaves the form, what is typed in it and the focus alone.
  await page.route((url) => url.pathname === `/api/projects/${PROJECT}/files`, async (route) => {
    if (route.request().method() === "PUT") await new Promise((r) => setTimeout(r, 700));
    await route.continue();
  });
  await upload(page).setInputFiles({ name: "agenda.md", mimeType: "text/markdown", buffer: Buffer.from("1. Introductions\n2. Goals\n") });
  await notes.getByRole("button", { name: "Rename: notes.md" }).click();
  const name = notes.getByLabel("New name for “notes.md”");
  assert.equal(await name.evaluate((el) => el === document.activeElement), true);
  await name.pressSequentially("-draft");
  await status(page).getByText("“agenda.md” uploaded.").waitFor();
  await item(page, "agenda.md").waitFor();
  assert.equal(await name.inputValue(), "notes.md-draft");
  assert.equal(await name.evaluate((el) => el === document.activeElement), true);
  await page.unrouteAll();
  await name.fill("AGENDA.md");
  await notes.getByRole("button", { name: "Rename", exact: true }).click();
  // Another document has that name already (ignoring case): said next to the field, and nothing changes.
  await notes.getByText("There is already something with this name here. Choose another name.").waitFor();
  assert.equal(await name.getAttribute("aria-invalid"), "true");
  // A document keeps its extension: "Questions for Anna" becomes "Questions for Anna.md". Editing the name clears
  // the error at once.
  await name.fill("Questions for Anna");
  assert.equal(await notes.getByText("There is already something with this name here.", { exact: false }).count(), 0);
  assert.equal(await name.getAttribute("aria-invalid"), null);
  await notes.getByRole("button", { name: "Rename", exact: true }).click();
  await status(page).getByText("“notes.md” is now called “Questions for Anna.md”.").waitFor();
  const questions = item(page, "Questions for Anna.md");

  await questions.getByRole("button", { name: "Move: Questions for Anna.md" }).click();
  const to = questions.getByLabel("Move “Questions for Anna.md” to");
  await to.locator("option", { hasText: "Documents › Session plans" }).waitFor({ state: "attached" });
  assert.deepEqual(await to.locator("option").allInnerTexts(), ["Documents › Session plans"]);
  await to.selectOption({ label: "Documents › Session plans" });
  await questions.getByRole("button", { name: "Move", exact: true }).click();
  await status(page).getByText("“Questions for Anna.md” moved to Documents › Session plans.").waitFor();
  assert.equal(await item(page, "Questions for Anna.md").count(), 0);

  await item(page, "Session plans").getByRole("link", { name: "Session plans" }).click();
  await page.getByRole("heading", { level: 1, name: "Session plans" }).waitFor();
  const moved = item(page, "Questions for Anna.md");
  await moved.getByRole("button", { name: "Move: Questions for Anna.md" }).click();
  await moved.getByLabel("Move “Questions for Anna.md” to").selectOption({ label: "Documents" });
  await moved.getByRole("button", { name: "Move", exact: true }).click();
  await status(page).getByText("“Questions for Anna.md” moved to Documents.").waitFor();
  await page.getByRole("navigation", { name: "You are here" }).getByRole("link", { name: "Documents" }).click();
  await item(page, "Questions for Anna.md").waitFor();
  assert.deepEqual(page.errors, []);
  await context.close();
});

test("delete goes to the trash for 30 days; restore brings it back; delete forever is asked first", async () => {
  const { context, page } = await open(DEMO.carla);
  const folderCard = item(page, "Session plans");
  await folderCard.getByRole("button", { name: "Delete: Session plans" }).click();
  await folderCard.getByText("Move the folder “Session plans” and everything in it to the trash? It stays there for 30 days", { exact: false }).waitFor();
  // Cancel keeps it.
  await folderCard.getByRole("button", { name: "Cancel" }).click();
  assert.equal(await folderCard.getByRole("button", { name: "Delete: Session plans" }).evaluate((el) => el === document.activeElement), true);
  await folderCard.getByRole("button", { name: "Delete: Session plans" }).click();
  await folderCard.getByRole("button", { name: "Move to the trash" }).click();
  await status(page).getByText("“Session plans” is in the trash for 30 days: you can restore it from there.").waitFor();
  assert.equal(await item(page, "Session plans").count(), 0);

  await page.getByRole("link", { name: "Trash" }).click();
  await page.getByRole("heading", { level: 1, name: "Trash" }).waitFor();
  assert.match(page.url(), /\/files\/trash$/);
  const gone = item(page, "Session plans");
  const text = await gone.innerText();
  // With the space it holds: both versions of the document in it.
  assert.match(text, /Folder with 1 item · [\d.,]+ (KB|MB)/);
  assert.match(text, /Deleted .+ by Carla Esposito/);
  assert.match(text, /Deleted for good on .+/);
  assert.doesNotMatch(await page.locator("main").innerText(), /\b(null|undefined)\b/);
  await fits(page);
  await page.waitForLoadState("networkidle");
  assert.deepEqual(await axe(page), []);

  await gone.getByRole("button", { name: "Restore: Session plans" }).click();
  await status(page).getByText("“Session plans” is back in Documents.").waitFor();
  await page.getByText("The trash is empty.").waitFor();
  await page.getByRole("link", { name: "Back to the documents" }).click();
  await page.getByRole("heading", { level: 1, name: "Documents" }).waitFor();
  await item(page, "Session plans").getByRole("link", { name: "Session plans" }).click();
  await item(page, "Session plan.pdf").getByText("2 versions").waitFor();

  // A document deleted for good, after saying so.
  await page.getByRole("navigation", { name: "You are here" }).getByRole("link", { name: "Documents" }).click();
  const q = item(page, "Questions for Anna.md");
  await q.getByRole("button", { name: "Delete: Questions for Anna.md" }).click();
  await q.getByText("Move “Questions for Anna.md” to the trash? It stays there for 30 days", { exact: false }).waitFor();
  await q.getByRole("button", { name: "Move to the trash" }).click();
  await status(page).getByText("“Questions for Anna.md” is in the trash for 30 days", { exact: false }).waitFor();
  await page.goto(`${w.url}/projects/${PROJECT}/files/trash`);
  const t = item(page, "Questions for Anna.md");
  await t.getByRole("button", { name: "Delete forever: Questions for Anna.md" }).click();
  await t.getByText("Delete “Questions for Anna.md” forever, with all its versions? This cannot be undone.").waitFor();
  await t.getByRole("button", { name: "Delete forever", exact: true }).click();
  await status(page).getByText("“Questions for Anna.md” is deleted for good.").waitFor();
  await page.getByText("The trash is empty.").waitFor();
  assert.deepEqual(page.errors, []);
  await context.close();
});

test("in Italian: the page's own strings follow the language switcher, there and back", async () => {
  const { context, page } = await open(DEMO.anna);
  await page.getByRole("heading", { level: 1, name: "Documents" }).waitFor();
  await language(page, "it");
  await page.getByRole("heading", { level: 1, name: "Documenti" }).waitFor();
  await page.getByLabel("Carica un documento").waitFor();
  await item(page, "Session plans").getByText("Cartella", { exact: true }).waitFor();
  await page.getByText(/ usati su 500 MB$/).waitFor();
  // Sizes with a decimal comma.
  const dir = mkdtempSync(join(tmpdir(), "tandem-files-"));
  const huge = join(dir, "registrazione.pdf");
  writeFileSync(huge, "%PDF-1.7\n");
  truncateSync(huge, 26 * 1024 * 1024);
  await page.getByLabel("Carica un documento").setInputFiles(huge);
  await page.getByText("Non caricato: questo file è di 26,0 MB e un file può essere al massimo di 25 MB.").first().waitFor();
  await page.getByRole("link", { name: "Cestino" }).click();
  await page.getByRole("heading", { level: 1, name: "Cestino" }).waitFor();
  await page.getByText("Il cestino è vuoto.").waitFor();
  await language(page, "en");
  await page.getByRole("heading", { level: 1, name: "Trash" }).waitFor();
  await page.getByText("The trash is empty.").waitFor();
  await language(page, "it");
  await page.getByRole("heading", { level: 1, name: "Cestino" }).waitFor();
  await fits(page);
  assert.deepEqual(await axe(page), []);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test("long names without spaces wrap at 360 px: a folder's heading, its “In …” heading, an upload's status line", async () => {
  const { context, page } = await open(DEMO.carla);
  const long = "Sessionnotesforthewholementoringyear".repeat(3); // 108 characters, no space
  await page.getByLabel("New folder").fill(long);
  await page.getByRole("button", { name: "Create the folder" }).click();
  await status(page).getByText(`Folder “${long}” created.`).waitFor();
  await fits(page);
  await item(page, long).getByRole("link", { name: long }).click();
  await page.getByRole("heading", { level: 1, name: long }).waitFor();
  await page.getByRole("heading", { level: 2, name: `In “${long}”` }).waitFor();
  await fits(page);
  const file = "Applicationletterforthesoftwareinternship".repeat(2) + "-final.md";
  await upload(page).setInputFiles({ name: file, mimeType: "text/markdown", buffer: Buffer.from("# Letter\n") });
  await status(page).getByText(`“${file}” uploaded.`).waitFor();
  await item(page, file).waitFor();
  await fits(page);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test("once the project ends the folder is read-only: documents still download, nothing changes", async () => {
  const anna = await w.login(DEMO.anna);
  const done = await w.fetch(`/api/projects/${PROJECT}/actions`, { method: "POST", cookie: anna, headers: { origin: w.url }, json: { action: "complete" } });
  assert.equal(done.status, 200, done.text);

  const { context, page } = await open(DEMO.carla);
  await page.getByText("This project has ended: its folder is read-only. You can still download its documents.").waitFor();
  assert.equal(await upload(page).isVisible(), false);
  assert.equal(await page.getByLabel("New folder").isVisible(), false);
  assert.equal(await page.getByRole("button", { name: /^(Rename|Move|Delete)/ }).count(), 0);
  await item(page, "Session plans").getByRole("link", { name: "Session plans" }).click();
  const plan = item(page, "Session plan.pdf");
  await plan.waitFor();
  assert.deepEqual(await plan.getByRole("button").allInnerTexts(), ["Versions"]);
  const [got] = await Promise.all([page.waitForEvent("download"), plan.getByRole("link", { name: "Session plan.pdf" }).click()]);
  assert.equal(await saved(got), SECOND);
  await page.waitForLoadState("networkidle");
  assert.deepEqual(await axe(page), []);
  await page.goto(`${w.url}/projects/${PROJECT}/files/trash`);
  await page.getByRole("heading", { level: 1, name: "Trash" }).waitFor();
  await page.getByText("The trash is empty.").waitFor();
  assert.equal(await page.getByRole("button", { name: /Restore|Delete forever/ }).count(), 0);
  await context.close();
});

test("someone outside the project finds nothing there", async () => {
  const { context, page } = await open(DEMO.dev);
  await page.getByRole("heading", { level: 1, name: "Page not found" }).waitFor();
  await context.close();
});
