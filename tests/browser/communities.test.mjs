// Joining communities from the directory: on approval (request pending, then approved by the community admin) and open.
import { test } from "node:test";
import assert from "node:assert/strict";
import { DEMO, DEMO_COMMUNITY, ENGINEERS } from "../support/worker.mjs";
import { withBrowser, newPage, loginUi, signedIn, noViolations } from "../support/browser.mjs";

let w, browser;
withBrowser((s) => ({ w, browser } = s));

test("dev asks to join Engineers Network: the request is pending; Bruno approves it", async () => {
  const { context, page } = await newPage(browser);
  await loginUi(page, w.url, DEMO.dev);
  await page.getByRole("navigation", { name: "Main" }).getByRole("button", { name: "More" }).click();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Communities" }).click();
  await page.getByRole("heading", { level: 1, name: "Communities" }).waitFor();
  const card = page.locator("li.card", { has: page.getByRole("link", { name: "Engineers Network" }) });
  await card.getByRole("button", { name: "Ask to join: Engineers Network" }).click();
  await card.getByText("Request pending").waitFor();
  await page.getByRole("status").getByText("Your request to join Engineers Network is pending approval.").waitFor();
  // Its home says so too, and does not show the members.
  await card.getByRole("link", { name: "Engineers Network" }).click();
  await page.getByRole("heading", { level: 1, name: "Engineers Network" }).waitFor();
  await page.getByText("Request pending").waitFor();
  assert.ok(await page.getByRole("button", { name: "Withdraw my request" }).isVisible());
  assert.equal(await page.getByRole("heading", { name: "Members" }).count(), 0);

  const admin = await newPage(browser);
  await loginUi(admin.page, w.url, DEMO.bruno);
  await admin.page.goto(`${w.url}/communities/${ENGINEERS}`);
  await admin.page.getByRole("heading", { name: "Requests to join (1)" }).waitFor();
  await admin.page.getByRole("button", { name: "Approve: Dev Patel" }).click();
  await admin.page.getByRole("status").getByText("Dev Patel is now a member.").waitFor();
  await admin.context.close();

  await page.reload();
  await page.getByText("You are a member of this community").waitFor();
  await page.getByRole("heading", { name: "Members" }).waitFor();
  assert.ok(await page.getByRole("link", { name: "Dev Patel" }).isVisible());
  await context.close();
});

test("a new member joins the open Demo Community and appears in its member list", async () => {
  const email = "olga.open@example.org";
  const password = "a long walk by the river";
  assert.equal((await w.fetch("/api/auth/register", { method: "POST", json: { email, display_name: "Olga Aperta", password } })).status, 202);
  const token = await w.mailedToken(email);
  assert.equal((await w.fetch("/api/auth/verify", { method: "POST", json: { token } })).status, 200);

  const { context, page } = await newPage(browser);
  await loginUi(page, w.url, email, password);
  await page.getByRole("heading", { level: 1, name: "Hello, Olga Aperta" }).waitFor();
  await page.getByText("You have not joined a community yet.").waitFor();
  await page.getByRole("link", { name: "Browse communities" }).click();
  const card = page.locator("li.card", { has: page.getByRole("link", { name: "Demo Community" }) });
  await card.getByRole("button", { name: "Join: Demo Community" }).click();
  await card.getByText("You are a member of this community").waitFor();

  await page.goto(`${w.url}/communities/${DEMO_COMMUNITY}`);
  await page.getByRole("heading", { level: 1, name: "Demo Community" }).waitFor();
  const members = page.locator("section", { has: page.getByRole("heading", { name: "Members" }) });
  await members.getByRole("link", { name: "Olga Aperta" }).waitFor();
  assert.ok(await members.getByRole("link", { name: "Anna Bianchi" }).isVisible());

  // Home lists it, and leaving works.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Home" }).click();
  await page.getByRole("link", { name: "Demo Community" }).waitFor();
  assert.deepEqual(page.errors, []);
  await context.close();
});

test("the community admin edits the settings; a member sees another member's profile", async () => {
  const { context, page } = await newPage(browser);
  await loginUi(page, w.url, DEMO.coordinator);
  await page.goto(`${w.url}/communities/${DEMO_COMMUNITY}`);
  await page.getByRole("heading", { name: "Community settings" }).waitFor();
  await page.getByLabel("Days before an unanswered request expires").fill("200");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await page.getByText("Choose a number from 1 to 90.").waitFor();
  await page.getByLabel("Days before an unanswered request expires").fill("30");
  await page.getByLabel("Description").fill("A friendly place to try Tandem.");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await page.getByRole("status").getByText("Saved.").waitFor();
  await page.reload();
  await page.getByText("A friendly place to try Tandem.").first().waitFor();

  await page.getByRole("link", { name: "Anna Bianchi" }).click();
  await page.getByRole("heading", { level: 1, name: "Anna Bianchi" }).waitFor();
  assert.match(await page.locator("main").innerText(), /Senior software engineer/);
  await context.close();
});

test("the community admin turns the discussion rooms off: the members' page no longer offers them", async () => {
  const admin = await signedIn(browser, w.url, DEMO.coordinator);
  await admin.page.goto(`${w.url}/communities/${DEMO_COMMUNITY}`);
  const form = admin.page.locator("form.modules");
  await form.getByLabel("Discussion rooms").uncheck();
  await form.getByRole("button", { name: "Save the features" }).click();
  await form.getByRole("status").filter({ hasText: "Saved" }).waitFor();
  await noViolations(admin.page);
  await admin.context.close();
  const carla = await signedIn(browser, w.url, DEMO.carla);
  await carla.page.goto(`${w.url}/communities/${DEMO_COMMUNITY}`);
  await carla.page.getByRole("link", { name: "Roll of Mentors" }).waitFor();
  assert.equal(await carla.page.getByRole("link", { name: /Discussion rooms/ }).count(), 0);
  await carla.page.goto(`${w.url}/communities/${DEMO_COMMUNITY}/rooms`);
  await carla.page.getByText("This community has turned this feature off.").first().waitFor();
  assert.deepEqual(carla.page.errors, []);
  await carla.context.close();
  // (On again, for the other tests.)
  await w.db.prepare("DELETE FROM community_modules").run();
});

test("the community admin sets the retention and the controller; members read them on the community's page", async () => {
  const admin = await signedIn(browser, w.url, DEMO.coordinator);
  await admin.page.goto(`${w.url}/communities/${DEMO_COMMUNITY}`);
  await admin.page.getByText("is kept for 24 months, then deleted").waitFor();
  const form = admin.page.locator("form.privacy");
  await form.getByLabel("Months to keep a finished project's content").fill("0");
  await form.getByLabel("Controller of personal data").fill("Fondazione Ponte, privacy@ponte.example");
  await form.getByRole("button", { name: "Save the privacy settings" }).click();
  await form.getByText("Keep a finished project's content for 1 to 120 months.").waitFor();
  await form.getByLabel("Months to keep a finished project's content").fill("36");
  await form.getByRole("button", { name: "Save the privacy settings" }).click();
  await form.getByRole("status").filter({ hasText: "Saved" }).waitFor();
  await admin.page.getByText("is kept for 36 months, then deleted").waitFor();
  await noViolations(admin.page);
  await admin.context.close();
  const carla = await signedIn(browser, w.url, DEMO.carla);
  await carla.page.goto(`${w.url}/communities/${DEMO_COMMUNITY}`);
  await carla.page.getByText("Responsible for your data here (the controller): Fondazione Ponte, privacy@ponte.example.").waitFor();
  assert.equal(await carla.page.locator("form.privacy").count(), 0);
  await carla.context.close();
});
