// Editing my profile (incl. a language with its level and a contact tool) and uploading a CV with progress; what is
// asked only of mentors (and of those applying to a roll).
import { test } from "node:test";
import assert from "node:assert/strict";
import { DEMO, DEMO_COMMUNITY } from "../support/worker.mjs";
import { withBrowser, newPage, loginUi, signedIn, axe } from "../support/browser.mjs";

let w, browser, context, page;
withBrowser((s) => ({ w, browser } = s), {}, async () => {
  ({ context, page } = await newPage(browser));
  await loginUi(page, w.url, DEMO.carla);
});

test("edit my profile, save, reload: the values are there", async () => {
  await page.getByRole("navigation", { name: "Main" }).getByRole("button", { name: "More" }).click();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "My profile" }).click();
  await page.getByRole("heading", { level: 1, name: "My profile" }).waitFor();
  await page.getByLabel("Position or role").fill("Intern at a start-up");
  await page.getByLabel("Current status").selectOption({ label: "Working student" });
  await page.getByLabel("Sector of work").selectOption({ label: "Information and communication" });
  await page.getByLabel("Presentation").fill("Final-year student.\nI like distributed systems.");
  await page.getByRole("button", { name: "Add a language" }).click();
  const lang = page.locator('select[data-field="languages.2.code"]');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.field), "languages.2.code", "focus goes to the new row");
  await lang.selectOption("fr");
  await page.locator('select[data-field="languages.2.level"]').selectOption({ label: "B1 (intermediate)" });
  await page.getByRole("button", { name: "Add a way to reach me" }).click();
  await page.locator('select[data-field="contact_tools.1.tool"]').selectOption({ label: "Signal" });
  await page.locator('input[data-field="contact_tools.1.handle"]').fill("@carla.e");
  await page.getByLabel("I am open to group mentoring").check();
  await page.getByRole("button", { name: "Save my profile" }).click();
  await page.getByRole("status").getByText("Your profile is saved.").waitFor();

  await page.reload();
  await page.getByRole("heading", { level: 1, name: "My profile" }).waitFor();
  assert.equal(await page.getByLabel("Position or role").inputValue(), "Intern at a start-up");
  assert.equal(await page.getByLabel("Current status").inputValue(), "student_worker");
  assert.equal(await page.getByLabel("Presentation").inputValue(), "Final-year student.\nI like distributed systems.");
  assert.equal(await page.locator('select[data-field="languages.2.code"]').inputValue(), "fr");
  assert.equal(await page.locator('select[data-field="languages.2.level"]').inputValue(), "b1");
  assert.equal(await page.locator('select[data-field="contact_tools.1.tool"]').inputValue(), "signal");
  assert.equal(await page.locator('input[data-field="contact_tools.1.handle"]').inputValue(), "@carla.e");
  assert.ok(await page.getByLabel("I am open to group mentoring").isChecked());

  // Another member sees it, with the vocabulary translated and the language named by the browser.
  await page.getByRole("link", { name: "See how others see it" }).click();
  await page.getByRole("heading", { level: 1, name: "Carla Esposito" }).waitFor();
  const text = await page.locator("main").innerText();
  assert.match(text, /Working student/);
  assert.match(text, /French: B1 \(intermediate\)/);
  assert.match(text, /Signal: @carla\.e/);
});

test("an invalid entry is reported next to its field", async () => {
  await page.goto(w.url + "/profile");
  await page.getByRole("button", { name: "Add a language" }).click();
  await page.locator('select[data-field="languages.3.code"]').selectOption("it");
  await page.locator('select[data-field="languages.3.level"]').selectOption("a1");
  await page.getByRole("button", { name: "Save my profile" }).click();
  const sel = page.locator('select[data-field="languages.3.code"]');
  await page.getByText("This language is listed twice.").waitFor();
  assert.equal(await sel.getAttribute("aria-invalid"), "true");
});

test("upload a PDF as my CV with a progress bar; a text file named .pdf is refused", async () => {
  await page.goto(w.url + "/profile");
  await page.getByRole("heading", { name: "CV", exact: true }).waitFor();
  assert.ok(await page.getByText("You have not uploaded a CV.").isVisible());
  const pdf = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n" + " ".repeat(200_000));
  await page.getByLabel("Choose a file").setInputFiles({ name: "Carla CV.pdf", mimeType: "application/pdf", buffer: pdf });
  // Watch the progress bar while the upload runs.
  await page.evaluate(() => {
    window.__progress = [];
    const p = document.querySelector("progress");
    new MutationObserver(() => window.__progress.push([p.closest("[hidden]") ? "hidden" : "shown", p.value])).observe(p.parentElement, { attributes: true, subtree: true });
  });
  await page.getByRole("button", { name: "Upload the CV" }).click();
  await page.getByRole("status").getByText("CV uploaded: Carla CV.pdf").waitFor();
  assert.equal(await page.locator(".cv-name").innerText(), "Carla CV.pdf");
  const seen = await page.evaluate(() => window.__progress);
  assert.ok(seen.some(([s]) => s === "shown"), "the progress bar was shown");
  assert.ok(seen.some(([, v]) => v === 100), "the progress reached 100%");
  assert.ok(await page.getByRole("link", { name: "Download" }).isVisible());
  const res = await page.request.get(w.url + "/api/me/cv");
  assert.equal(res.status(), 200);
  assert.equal((await res.body()).subarray(0, 8).toString(), "%PDF-1.4");

  await page.getByLabel("Choose a file").setInputFiles({ name: "notes.pdf", mimeType: "application/pdf", buffer: Buffer.from("just some text, not a PDF\n") });
  await page.getByRole("button", { name: "Upload the CV" }).click();
  const msg = "This file is not accepted: a CV must be a PDF, Word (DOC or DOCX) or OpenDocument (ODT) file.";
  await page.getByText(msg).waitFor();
  assert.equal(await page.getByLabel("Choose a file").getAttribute("aria-invalid"), "true");
  assert.equal(await page.locator(".cv-name").innerText(), "Carla CV.pdf", "the previous CV stays");

  // Still there after a reload.
  await page.reload();
  await page.locator(".cv-name").waitFor();
  assert.equal(await page.locator(".cv-name").innerText(), "Carla CV.pdf");
  assert.deepEqual(page.errors, []);
});

test("a failed CV upload does not leave an earlier \"saved\" status on screen", async () => {
  await page.goto(w.url + "/profile");
  await page.getByRole("heading", { level: 1, name: "My profile" }).waitFor();
  await page.getByRole("button", { name: "Save my profile" }).click();
  await page.getByRole("status").getByText("Your profile is saved.").waitFor();
  await page.getByLabel("Choose a file").setInputFiles({ name: "notes.pdf", mimeType: "application/pdf", buffer: Buffer.from("just some text, not a PDF\n") });
  await page.getByRole("button", { name: "Upload the CV" }).click();
  await page.getByText("This file is not accepted: a CV must be a PDF, Word (DOC or DOCX) or OpenDocument (ODT) file.").waitFor();
  assert.equal(await page.getByText("Your profile is saved.").count(), 0);
  // Nor after "choose a file first".
  await page.getByRole("button", { name: "Save my profile" }).click();
  await page.getByRole("status").getByText("Your profile is saved.").waitFor();
  await page.getByLabel("Choose a file").setInputFiles([]);
  await page.getByRole("button", { name: "Upload the CV" }).click();
  await page.locator('[aria-invalid="true"]').waitFor();
  assert.equal(await page.getByText("Your profile is saved.").count(), 0);
  assert.deepEqual(page.errors, []);
});

test("only mentors and applicants to a roll are asked about mentoring; a mentee's save keeps what she cannot see", async () => {
  // Something Carla's profile holds from before, that her form no longer shows.
  const carla = await w.login(DEMO.carla);
  const put = await w.fetch("/api/me/profile", { method: "PUT", cookie: carla, headers: { origin: w.url }, json: { mentor_experience: "Tutored first-years." } });
  assert.equal(put.status, 200, put.text);
  await page.goto(w.url + "/profile");
  await page.getByRole("button", { name: "Save my profile" }).waitFor();
  for (const label of ["Why I want to mentor", "Experience as a mentor", "I am accepting new mentees", "I am open to mentees from other communities"]) {
    assert.equal(await page.getByLabel(label).count(), 0, `a mentee is not asked “${label}”`);
  }
  // She may still say she is open to a group, and is told where one applies to mentor.
  assert.ok(await page.getByLabel("I am open to group mentoring").isVisible());
  await page.getByText("Would you like to mentor? Apply to a community's Roll of Mentors").waitFor();
  await page.getByRole("button", { name: "Save my profile" }).click();
  await page.getByRole("status").getByText("Your profile is saved.").waitFor();
  const me = await w.fetch("/api/me", { cookie: carla });
  assert.equal(me.data.profile.mentor_experience, "Tutored first-years.");

  // An accredited mentor is asked.
  const anna = await signedIn(browser, w.url, DEMO.anna);
  await anna.page.goto(w.url + "/profile");
  await anna.page.getByLabel("Why I want to mentor").waitFor();
  assert.ok(await anna.page.getByLabel("Experience as a mentor").isVisible());
  assert.deepEqual(await axe(anna.page), []);
  await anna.context.close();

  // Dev applies to the roll (where he says why), then his profile asks the rest.
  const dev = await signedIn(browser, w.url, DEMO.dev);
  await dev.page.goto(w.url + "/profile");
  await dev.page.getByRole("button", { name: "Save my profile" }).waitFor();
  assert.equal(await dev.page.getByLabel("Why I want to mentor").count(), 0);
  await dev.page.goto(`${w.url}/communities/${DEMO_COMMUNITY}/roll`);
  await dev.page.getByLabel("Why do you want to mentor in this community?").fill("I started two small firms and want to help.");
  await dev.page.getByRole("button", { name: "Apply to the roll" }).click();
  await dev.page.getByRole("status").getByText("Your application is sent", { exact: false }).waitFor();
  await dev.page.goto(w.url + "/profile");
  await dev.page.getByLabel("Experience as a mentor").waitFor();
  await dev.context.close();
});
