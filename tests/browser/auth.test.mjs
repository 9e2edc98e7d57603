// Sign-up, e-mail verification, log-in (wrong then right password), and the Italian catalogue.
import { test } from "node:test";
import assert from "node:assert/strict";
import { DEMO } from "../support/worker.mjs";
import { withBrowser, newPage, loginUi } from "../support/browser.mjs";

let w, browser;
withBrowser((s) => ({ w, browser } = s));

test("sign up, open the e-mailed link, log in and see my name", async () => {
  const { context, page } = await newPage(browser);
  const email = "nina.new@example.org";
  await page.goto(w.url + "/signup");
  await page.getByLabel("Your name").fill("Nina Nuova");
  await page.getByLabel("E-mail address").fill(email);
  await page.getByLabel("Password", { exact: true }).fill("a long walk by the river");
  await page.getByRole("button", { name: "Sign up" }).click();
  await page.getByRole("heading", { level: 1, name: "Check your inbox" }).waitFor();
  assert.match(await page.locator("main").innerText(), /nina\.new@example\.org/);

  // On a developer's machine the mail waits in the local mailbox, marked as such; its link confirms the address.
  assert.ok(await w.mailedToken(email), "a verification link was e-mailed");
  await page.goto(w.url + "/mailbox");
  await page.getByRole("heading", { level: 1, name: "Local mailbox" }).waitFor();
  await page.getByText("Only on this developer's machine").waitFor();
  const mail = page.locator("li.card", { hasText: `To ${email}` });
  await mail.getByRole("link", { name: /\/verify#token=/ }).click();
  await page.getByText("Your e-mail address is confirmed").waitFor();
  assert.equal(new URL(page.url()).hash, "", "the token is dropped from the address bar");

  await page.getByRole("link", { name: "Log in" }).first().click();
  await page.getByLabel("E-mail address").fill(email);
  await page.getByLabel("Password", { exact: true }).fill("a long walk by the river");
  await page.getByRole("button", { name: "Log in" }).click();
  await page.getByRole("heading", { level: 1, name: "Hello, Nina Nuova" }).waitFor();
  assert.deepEqual(page.errors, []);
  await context.close();
});

test("a used verification link says so", async () => {
  const { context, page } = await newPage(browser);
  await page.goto(`${w.url}/verify#token=${"ab".repeat(32)}`);
  await page.getByText("This link is invalid, already used or expired").waitFor();
  await context.close();
});

test("logging in without a verified address offers to send the link again", async () => {
  const email = "unverified@example.org";
  const r = await w.fetch("/api/auth/register", { method: "POST", json: { email, display_name: "Ugo", password: "a long walk by the river" } });
  assert.equal(r.status, 202);
  const { context, page } = await newPage(browser);
  await page.goto(w.url + "/login");
  await page.getByLabel("E-mail address").fill(email);
  await page.getByLabel("Password", { exact: true }).fill("a long walk by the river");
  await page.getByRole("button", { name: "Log in" }).click();
  await page.getByText("Confirm your e-mail address first").waitFor();
  await page.getByRole("button", { name: "Send the link again" }).click();
  await page.getByRole("status").getByText("we sent a new link").waitFor();
  await context.close();
});

test("a wrong password is reported next to the password field; the right one logs in", async () => {
  const { context, page } = await newPage(browser);
  await page.goto(w.url + "/login");
  await page.getByLabel("E-mail address").fill(DEMO.anna);
  const pw = page.getByLabel("Password", { exact: true });
  await pw.fill("not-the-password");
  await page.getByRole("button", { name: "Log in" }).click();
  await page.getByText("The e-mail address or the password is not right.").first().waitFor();
  assert.equal(await pw.getAttribute("aria-invalid"), "true");
  const described = (await pw.getAttribute("aria-describedby")).split(" ");
  const errId = described.find((id) => id.endsWith("-err"));
  assert.equal(await page.locator(`#${errId}`).innerText(), "The e-mail address or the password is not right.");
  assert.equal(await page.evaluate(() => document.activeElement.type), "password", "focus moves to the field in error");

  await pw.fill("demo-password-2026");
  await page.getByRole("button", { name: "Log in" }).click();
  await page.getByRole("heading", { level: 1, name: "Hello, Anna Bianchi" }).waitFor();
  assert.equal(await pw.count(), 0);
  await context.close();
});

test("an unknown path needs a session; after logging in the user lands where they wanted", async () => {
  const { context, page } = await newPage(browser);
  await page.goto(w.url + "/account");
  await page.waitForURL(/\/login\?next=%2Faccount/);
  await page.getByLabel("E-mail address").fill(DEMO.carla);
  await page.getByLabel("Password", { exact: true }).fill("demo-password-2026");
  await page.getByRole("button", { name: "Log in" }).click();
  await page.getByRole("heading", { level: 1, name: "My account" }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.tagName), "H1", "focus moves to the page heading");
  await context.close();
});

test("with a live session, /login and /signup go on to `next` (or home) instead of the empty form", async () => {
  const { context, page } = await newPage(browser);
  await loginUi(page, w.url, DEMO.carla);
  await page.goto(w.url + "/login?next=%2Faccount");
  await page.getByRole("heading", { level: 1, name: "My account" }).waitFor();
  assert.equal(new URL(page.url()).pathname, "/account");
  await page.goto(w.url + "/signup");
  await page.getByRole("heading", { level: 1, name: /^Hello, / }).waitFor();
  assert.equal(new URL(page.url()).pathname, "/");
  // Never off the site.
  await page.goto(w.url + "/login?next=" + encodeURIComponent("//example.com/x"));
  await page.getByRole("heading", { level: 1, name: /^Hello, / }).waitFor();
  assert.equal(new URL(page.url()).origin, w.url);
  assert.equal(await page.getByLabel("Password", { exact: true }).count(), 0);
  await context.close();
});

test("switching to Italian shows the log-in page in Italian, and it is remembered", async () => {
  const { context, page } = await newPage(browser);
  await page.goto(w.url + "/login");
  await page.getByRole("heading", { level: 1, name: "Log in" }).waitFor();
  await page.getByLabel("Language").selectOption("it");
  await page.getByRole("heading", { level: 1, name: "Accedi" }).waitFor();
  await page.getByLabel("Indirizzo e-mail").waitFor();
  assert.equal(await page.getAttribute("html", "lang"), "it");
  await page.reload();
  await page.getByRole("heading", { level: 1, name: "Accedi" }).waitFor();
  assert.ok(await page.getByRole("link", { name: "Hai dimenticato la password?" }).isVisible());
  // Server errors are translated by their code.
  await page.getByLabel("Indirizzo e-mail").fill(DEMO.anna);
  await page.getByLabel("Password", { exact: true }).fill("sbagliata-del-tutto");
  await page.getByRole("button", { name: "Accedi" }).click();
  await page.getByText("L'indirizzo e-mail o la password non sono corretti.").first().waitFor();
  await context.close();
});

test("an Italian browser gets Italian by default", async () => {
  const { context, page } = await newPage(browser, { lang: "it-IT" });
  await page.goto(w.url + "/signup");
  await page.getByRole("heading", { level: 1, name: "Crea il tuo account" }).waitFor();
  await context.close();
});
