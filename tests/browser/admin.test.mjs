// The admin area: suspending a user logs them out on their next request; roles, communities, outbox, audit log.
import { test } from "node:test";
import assert from "node:assert/strict";
import { DEMO } from "../support/worker.mjs";
import { withBrowser, newPage, loginUi } from "../support/browser.mjs";

let w, browser, admin;
withBrowser((s) => ({ w, browser } = s), {}, async () => {
  admin = await newPage(browser);
  await loginUi(admin.page, w.url, DEMO.admin);
  await w.secondFactor(DEMO.admin);
});

test("an admin suspends a user; the user's open page ends up on the log-in page", async () => {
  const dev = await newPage(browser);
  await loginUi(dev.page, w.url, DEMO.dev);
  await dev.page.getByRole("heading", { level: 1, name: "Hello, Dev Patel" }).waitFor();

  const page = admin.page;
  await page.getByRole("navigation", { name: "Main" }).getByRole("button", { name: "More" }).click();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" }).click();
  await page.getByRole("heading", { level: 1, name: "Admin: Users" }).waitFor();
  await page.getByLabel("Search by name or e-mail").fill("dev");
  await page.getByRole("button", { name: "Search" }).click();
  const card = page.locator("li.card", { hasText: "mentee.dev@tandem.test" });
  await card.getByRole("button", { name: "Suspend: Dev Patel" }).click();
  await card.getByLabel("Why are you suspending Dev Patel?").fill("Spam messages to mentors.");
  await card.getByRole("button", { name: "Suspend the account" }).click();
  await card.getByText("Suspended", { exact: true }).waitFor();
  await page.getByRole("status").getByText("Dev Patel is suspended and logged out.").waitFor();

  // Dev's page, on its next navigation, finds the session gone.
  await dev.page.getByRole("navigation", { name: "Main" }).getByRole("button", { name: "More" }).click();
  await dev.page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Communities" }).click();
  await dev.page.getByRole("heading", { level: 1, name: "Log in" }).waitFor();
  assert.match(dev.page.url(), /\/login/);
  await dev.page.getByText("Your session has ended. Please log in again.").waitFor();
  assert.ok(await dev.page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sign up" }).isVisible(), "the nav shows the logged-out links");
  // And cannot log in again.
  await dev.page.getByLabel("E-mail address").fill(DEMO.dev);
  await dev.page.getByLabel("Password", { exact: true }).fill("demo-password-2026");
  await dev.page.getByRole("button", { name: "Log in" }).click();
  await dev.page.getByText("This account is suspended.").waitFor();
  await dev.context.close();

  await card.getByRole("button", { name: "Reactivate: Dev Patel" }).click();
  await page.getByRole("status").getByText("Dev Patel is active again.").waitFor();
});

test("an admin makes a member community admin and back", async () => {
  const page = admin.page;
  await page.getByRole("link", { name: "Communities", exact: true }).last().click();
  await page.getByRole("heading", { level: 1, name: "Admin: Communities" }).waitFor();
  await page.getByText("Members and roles of Demo Community").click();
  await page.getByRole("button", { name: "Make community admin: Anna Bianchi" }).click();
  await page.getByRole("status").getByText("Anna Bianchi is now community admin.").waitFor();
  await page.getByRole("button", { name: "Make member: Anna Bianchi" }).click();
  await page.getByRole("status").getByText("Anna Bianchi is now member.").waitFor();
});

test("an admin creates, archives and restores a community", async () => {
  const page = admin.page;
  await page.goto(w.url + "/admin/communities");
  await page.getByText("Create a community").click();
  await page.getByLabel("Community name").fill("Nurses Circle");
  await page.getByLabel("Who can join").selectOption("approval");
  await page.getByRole("button", { name: "Create the community" }).click();
  await page.getByRole("status").getByText("Community Nurses Circle created.").waitFor();
  const card = page.locator("li.card", { has: page.getByRole("link", { name: "Nurses Circle" }) });
  page.once("dialog", (d) => d.accept());
  await card.getByRole("button", { name: "Archive: Nurses Circle" }).click();
  await card.getByText("Archived", { exact: true }).waitFor();
  await card.getByRole("button", { name: "Restore: Nurses Circle" }).click();
  await page.getByRole("status").getByText("Nurses Circle is restored.").waitFor();
});

test("the outbox and the audit log list what happened", async () => {
  await w.fetch("/api/auth/forgot", { method: "POST", json: { email: DEMO.anna } });
  const page = admin.page;
  await page.goto(w.url + "/admin/audit");
  await page.getByRole("heading", { level: 1, name: "Admin: Audit log" }).waitFor();
  await page.getByText("User suspended").waitFor();
  await page.getByText("Community created").waitFor();
  await page.getByRole("link", { name: "E-mail outbox" }).click();
  await page.getByRole("heading", { level: 1, name: "Admin: E-mail outbox" }).waitFor();
  // The reset link is for Anna alone: admins see that there was one, never the link; delivered, its text is gone.
  const mail = page.locator("li.card", { hasText: "To mentor.anna@tandem.test" }).first();
  await mail.getByText("Delivered: its text is no longer kept.").waitFor();
  assert.doesNotMatch(await page.locator("main").innerText(), /[0-9a-f]{64}/);
  // Looking is audited.
  await page.getByRole("link", { name: "Audit log" }).click();
  await page.getByText("E-mail outbox viewed").first().waitFor();
  assert.deepEqual(admin.page.errors, []);
});

test("the admin area is not for members", async () => {
  const { context, page } = await newPage(browser);
  await loginUi(page, w.url, DEMO.carla);
  assert.equal(await page.getByRole("link", { name: "Admin" }).count(), 0);
  await page.goto(w.url + "/admin");
  await page.getByRole("heading", { level: 1, name: "Not allowed" }).waitFor();
  await context.close();
});
