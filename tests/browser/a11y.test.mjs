// axe-core finds no violations on the main pages, at phone size; plus the catalogues are complete.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { DEMO, DEMO_COMMUNITY } from "../support/worker.mjs";
import { withBrowser, newPage, loginUi, axe } from "../support/browser.mjs";

let w, browser;
withBrowser((s) => ({ w, browser } = s));

async function check(page, path, heading) {
  await page.goto(w.url + path);
  await page.getByRole("heading", { level: 1, name: heading }).waitFor();
  await page.waitForLoadState("networkidle");
  const violations = await axe(page);
  assert.deepEqual(violations, [], `${path}: ${JSON.stringify(violations, null, 1)}`);
}

test("logged out: sign-up and log-in pages", async () => {
  const { context, page } = await newPage(browser);
  await check(page, "/signup", "Create your account");
  await check(page, "/login", "Log in");
  // With a field error showing.
  await page.getByRole("button", { name: "Log in" }).click();
  await page.getByText("Enter your e-mail address.").first().waitFor().catch(() => page.locator("[aria-invalid=true]").first().waitFor());
  assert.deepEqual(await axe(page), []);
  await context.close();
});

test("logged in: profile, community directory, community home, admin area", async () => {
  const { context, page } = await newPage(browser);
  await loginUi(page, w.url, DEMO.admin);
  await w.secondFactor(DEMO.admin);
  await check(page, "/profile", "My profile");
  await check(page, "/account", "My account");
  await check(page, "/communities", "Communities");
  await check(page, `/communities/${DEMO_COMMUNITY}`, "Demo Community");
  await check(page, "/admin/users", "Admin: Users");
  await check(page, "/admin/communities", "Admin: Communities");
  await check(page, "/admin/audit", "Admin: Audit log");
  await check(page, "/users/d000000000000000000000000a1a", "Anna Bianchi");
  await context.close();
});

test("mentoring pages: dashboard, roll, project, matching queue, notifications", async () => {
  // Something to see: Dev applies to the roll (a notification for the supervisor), Carla sends a request to Bruno.
  const origin = { origin: w.url };
  const dev = await w.login(DEMO.dev);
  assert.equal((await w.fetch(`/api/communities/${DEMO_COMMUNITY}/roll/applications`, { method: "POST", cookie: dev, headers: origin,
    json: { motivation: "I would like to help young engineers start a business." } })).status, 201);
  const carla = await w.login(DEMO.carla);
  const draft = await w.fetch(`/api/communities/${DEMO_COMMUNITY}/projects`, { method: "POST", cookie: carla, headers: origin,
    json: { summary: "Advice on interviews for software jobs, please." } });
  assert.equal(draft.status, 201);
  const pid = draft.data.project.id;

  const { context, page } = await newPage(browser);
  await loginUi(page, w.url, DEMO.coordinator);
  await check(page, "/", "Hello, Cora Coordinator");
  await check(page, `/communities/${DEMO_COMMUNITY}/roll`, "Roll of Mentors: Demo Community");
  // With a field error showing.
  await page.getByRole("button", { name: "Reject: Dev Patel" }).click();
  await page.locator("[aria-invalid=true]").first().waitFor();
  assert.deepEqual(await axe(page), []);
  await check(page, `/communities/${DEMO_COMMUNITY}/matching`, "Matching queue: Demo Community");
  await page.getByRole("button", { name: "Match with Bruno Costa" }).first().click();
  assert.deepEqual(await axe(page), []);
  await check(page, "/notifications", "Notifications");
  await check(page, `/communities/${DEMO_COMMUNITY}/group`, "Form a mentoring group");
  // The coordinator's view of the project (no chat, documents nor messages: those are the members'), and the
  // community's journeys with a draft open in its editor.
  for (const part of ["", "/plan", "/contract", "/people"]) {
    await check(page, `/projects/e0000000000000000000000a1c1c${part}`, "Mentoring for Carla Esposito: a first job in software");
  }
  await check(page, `/communities/${DEMO_COMMUNITY}/journeys`, "Journeys: Demo Community");
  await page.getByRole("button", { name: "Copy to adapt it: Three stages" }).click();
  await page.getByRole("status").getByText("“Three stages”, version 1, is a new draft: adapt it, then publish it.").waitFor();
  await page.getByLabel("Title of stage 1").waitFor();
  assert.deepEqual(await axe(page), []);
  await context.close();

  const mentee = await newPage(browser);
  await loginUi(mentee.page, w.url, DEMO.carla);
  await check(mentee.page, `/projects/${pid}`, "Mentoring for Carla Esposito");
  await mentee.page.getByRole("button", { name: "Ask Bruno Costa" }).waitFor();
  assert.deepEqual(await axe(mentee.page), []);
  // An active project's workspace: its overview and each section.
  for (const part of ["", "/chat", "/plan", "/goals", "/contract", "/messages", "/people"]) {
    await check(mentee.page, `/projects/e0000000000000000000000a1c1c${part}`, "Mentoring for Carla Esposito: a first job in software");
  }
  await check(mentee.page, `/communities/${DEMO_COMMUNITY}/request`, "Ask for a mentor");
  await mentee.context.close();

  const mentor = await newPage(browser);
  await loginUi(mentor.page, w.url, DEMO.anna);
  await check(mentor.page, "/", "Hello, Anna Bianchi");
  await check(mentor.page, `/communities/${DEMO_COMMUNITY}/roll`, "Roll of Mentors: Demo Community");
  await mentor.context.close();
});

test("in Italian too", async () => {
  const { context, page } = await newPage(browser, { lang: "it-IT" });
  await check(page, "/login", "Accedi");
  await loginUi(page, w.url, DEMO.coordinator).catch(() => {});
  await context.close();
});
