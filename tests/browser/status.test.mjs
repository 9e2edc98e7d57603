// What a form did is said where the person is looking: at 360 px, after pressing a form's button far down a long
// page, its status message is on screen, just below the button, in a live region (role=status); an error that names
// no field is said there too; only one message shows at a time.
import { test } from "node:test";
import assert from "node:assert/strict";
import { DEMO, DEMO_COMMUNITY } from "../support/worker.mjs";
import { withBrowser, signedIn } from "../support/browser.mjs";

let w, browser;
withBrowser((s) => ({ w, browser } = s));

/** `text` shows in a live region, inside the 740 px screen, within 100 px below `button`. */
async function saidBelow(page, button, text) {
  const msg = page.getByRole("status").filter({ hasText: text });
  await msg.waitFor();
  const [m, b] = [await msg.boundingBox(), await button.boundingBox()];
  assert.ok(m.y >= 0 && m.y + m.height <= 740, `“${text}” is on screen: ${JSON.stringify(m)}`);
  assert.ok(m.y >= b.y + b.height - 1 && m.y - (b.y + b.height) < 100, `“${text}” is just below its button: ${JSON.stringify({ m, b })}`);
  // Nothing else is said at the same time.
  assert.equal(await page.locator('[role="status"]:not(:empty)').count(), 1);
}

test("my profile: “saved” appears next to Save, 3,000 px down the page", async () => {
  const { context, page } = await signedIn(browser, w.url, DEMO.anna);
  await page.goto(w.url + "/profile");
  await page.getByRole("heading", { level: 1, name: "My profile" }).waitFor();
  const save = page.getByRole("button", { name: "Save my profile" });
  await save.scrollIntoViewIfNeeded();
  assert.ok(await page.evaluate(() => window.scrollY) > 1000, "Save is far down the page");
  await save.click();
  await saidBelow(page, save, "Your profile is saved.");

  // An error without a field is said there too (here: the server is gone), and replaces the earlier message.
  await page.route("**/api/me/profile", (route) => route.fulfill({ status: 500, json: { error: { code: "internal", message: "Something went wrong." } } }));
  await save.click();
  await saidBelow(page, save, "Something went wrong");
  assert.equal(await page.getByText("Your profile is saved.").count(), 0);
  await page.unrouteAll();

  // The CV's form has its own line, under its own button.
  const upload = page.getByRole("button", { name: "Upload the CV" });
  await page.getByLabel("Choose a file").setInputFiles({ name: "cv.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n%%EOF\n") });
  await upload.click();
  await saidBelow(page, upload, "CV uploaded: cv.pdf");
  assert.deepEqual(page.errors.filter((e) => !/500/.test(e)), []);
  await context.close();
});

test("my account, community settings, the roll, notification e-mails: each form says it below its button", async () => {
  const anna = await signedIn(browser, w.url, DEMO.anna);
  let page = anna.page;
  await page.goto(w.url + "/account");
  await page.getByRole("heading", { level: 1, name: "My account" }).waitFor();
  await page.getByLabel("New e-mail address").fill("anna.new@tandem.test");
  await page.getByLabel("Password", { exact: true }).fill("demo-password-2026");
  const send = page.getByRole("button", { name: "Send a confirmation link" });
  await send.click();
  await saidBelow(page, send, "We sent a link to anna.new@tandem.test");

  // Anna is on the roll: her settings there.
  await page.goto(`${w.url}/communities/${DEMO_COMMUNITY}/roll`);
  await page.getByRole("heading", { name: "My settings as a mentor" }).waitFor();
  const settings = page.locator("form", { has: page.getByRole("heading", { name: "My settings as a mentor" }) });
  const save = settings.getByRole("button", { name: "Save" });
  await save.click();
  await saidBelow(page, save, "Saved.");

  await page.goto(w.url + "/notifications/settings");
  await page.getByRole("heading", { level: 1, name: "E-mail and digest" }).waitFor();
  const pref = page.locator("form", { has: page.getByRole("heading", { name: /e-mail/i }) });
  const savePref = pref.getByRole("button", { name: "Save" });
  await savePref.click();
  await saidBelow(page, savePref, "Saved.");
  await anna.context.close();

  const cora = await signedIn(browser, w.url, DEMO.coordinator);
  page = cora.page;
  await page.goto(`${w.url}/communities/${DEMO_COMMUNITY}`);
  await page.getByRole("heading", { name: "Community settings" }).waitFor();
  const form = page.locator("form.settings");
  await form.getByLabel("Description").fill("A friendly place to try Tandem.");
  const saveSettings = form.getByRole("button", { name: "Save" });
  await saveSettings.click();
  await saidBelow(page, saveSettings, "Saved.");
  assert.deepEqual(page.errors, []);
  await cora.context.close();
});
