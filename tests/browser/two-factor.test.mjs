// Two-factor authentication in the browser: a platform administrator finds administration closed until they turn it
// on, turns it on from their account with a code from their app, keeps the recovery codes, and from then on logs in
// with a code.
import { test } from "node:test";
import assert from "node:assert/strict";
import { DEMO, DEMO_PASSWORD } from "../support/worker.mjs";
import { withBrowser, newPage, loginUi, noViolations, fits } from "../support/browser.mjs";
import { totp } from "../support/totp.mjs";
import { qrCode } from "../../public/js/qr.js";

let w, browser;
withBrowser((s) => ({ w, browser } = s));

test("an administrator turns two-factor on, then logs in with a code", async () => {
  const { context, page } = await newPage(browser);
  await loginUi(page, w.url, DEMO.admin);
  await page.goto(w.url + "/admin/users");
  await page.getByText("Platform administration needs two-factor authentication.").waitFor();
  await page.getByRole("link", { name: "Set up two-factor authentication" }).click();
  await page.getByRole("heading", { level: 2, name: "Two-factor authentication" }).waitFor();
  await page.getByText("Platform administrators must turn this on").waitFor();
  await page.getByRole("button", { name: "Turn on" }).click();
  await page.locator("#two-factor").getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Continue" }).click();
  const key = (await page.locator("code.secret").textContent()).replace(/\s/g, "");
  assert.match(key, /^[A-Z2-7]{32}$/);
  const uri = await page.getByRole("link", { name: "Open in my authenticator app" }).getAttribute("href");
  assert.match(uri, /^otpauth:\/\/totp\//);
  // The QR code on the page is the link's, drawn in the browser (its modules are the encoder's, tests/unit/qr.test.mjs).
  const qr = page.getByRole("img", { name: "QR code to scan with your authenticator app" });
  const path = await qr.locator("path").getAttribute("d");
  const code = qrCode(uri);
  const drawn = new Set([...path.matchAll(/M(\d+) (\d+)/g)].map((m) => `${m[1] - 4},${m[2] - 4}`));
  const want = new Set();
  for (let y = 0; y < code.size; y++) for (let x = 0; x < code.size; x++) if (code.dark(x, y)) want.add(`${x},${y}`);
  assert.deepEqual(drawn, want);
  assert.ok((await qr.boundingBox()).width >= 150, "big enough for a camera");
  await noViolations(page);
  await fits(page);
  // A wrong code is said next to the field, and nothing changes.
  await page.getByLabel("Code", { exact: true }).fill("000000");
  await page.locator("#two-factor").getByRole("button", { name: "Turn on" }).click();
  await page.getByText("This code is not right.").first().waitFor();
  await page.getByLabel("Code", { exact: true }).fill(totp(key, Date.now()));
  await page.locator("#two-factor").getByRole("button", { name: "Turn on" }).click();
  await page.getByRole("heading", { name: "Your recovery codes" }).waitFor();
  const codes = await page.locator("ul.codes li").allTextContents();
  assert.equal(codes.length, 10);
  assert.match(await page.getByRole("link", { name: "Download as a text file" }).getAttribute("download"), /recovery-codes/);
  await page.getByRole("button", { name: "I have saved them" }).click();
  await page.getByText("10 recovery codes left.").waitFor();
  await noViolations(page);
  // This session gave the code: administration opens.
  await page.goto(w.url + "/admin/users");
  await page.getByRole("heading", { level: 1, name: "Admin: Users" }).waitFor();
  await page.getByText("Ada Admin").first().waitFor();
  await context.close();

  // The next log-in asks for a code after the password (the next step's code: this one was used).
  const again = await newPage(browser);
  await again.page.goto(w.url + "/login");
  await again.page.getByLabel("E-mail address").fill(DEMO.admin);
  await again.page.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
  await again.page.getByRole("button", { name: "Log in" }).click();
  await again.page.getByRole("heading", { level: 2, name: "Two-factor authentication" }).waitFor();
  assert.equal(await again.page.evaluate(() => document.activeElement.name), "code");
  assert.equal(await again.page.getByLabel("Code").getAttribute("autocomplete"), "one-time-code");
  await noViolations(again.page);
  await again.page.getByLabel("Code").fill(totp(key, Date.now() + 30_000));
  await again.page.getByRole("button", { name: "Verify" }).click();
  await again.page.getByRole("heading", { level: 1, name: /^Hello, / }).waitFor();
  await again.page.goto(w.url + "/admin/users");
  await again.page.getByText("Ada Admin").first().waitFor();
  assert.deepEqual(again.page.errors, []);
  await again.context.close();
});
