// The Roll of Mentors' supervisor in the browser: suspending and reinstating a mentor, and handing the roll over to
// another community admin; each checked by what the supervisor, the mentor and the new supervisor see.
import { test } from "node:test";
import assert from "node:assert/strict";
import { DEMO, DEMO_COMMUNITY } from "../support/worker.mjs";
import { withBrowser, newPage, loginUi } from "../support/browser.mjs";

const ROLL = `/communities/${DEMO_COMMUNITY}/roll`;
const HEADING = "Roll of Mentors: Demo Community";

let w, browser;
withBrowser((s) => ({ w, browser } = s));

async function atRoll(email) {
  const s = await newPage(browser);
  await loginUi(s.page, w.url, email);
  await s.page.goto(w.url + ROLL);
  await s.page.getByRole("heading", { level: 1, name: HEADING }).waitFor();
  return s;
}

const section = (page, name) => page.locator("section", { has: page.getByRole("heading", { level: 2, name }) });
const entry = (page, name) => section(page, /^Applications and mentors/).locator("li.card", { has: page.getByRole("link", { name }) });

test("the supervisor suspends a mentor with a note, the mentor sees it and leaves the list, then is reinstated", async () => {
  const coord = await atRoll(DEMO.coordinator);
  const { page } = coord;
  const anna = entry(page, "Anna Bianchi");
  await anna.getByText("Accredited").waitFor();
  // A note is required to suspend.
  await anna.getByRole("button", { name: "Suspend: Anna Bianchi" }).click();
  await anna.getByText("This field is required.").waitFor();
  await anna.getByLabel("Note to Anna Bianchi").fill("Please update your availability before taking new mentees.");
  await anna.getByRole("button", { name: "Suspend: Anna Bianchi" }).click();
  await page.getByRole("status").getByText("Anna Bianchi is suspended.").waitFor();
  await anna.getByText("Suspended", { exact: true }).waitFor();
  await anna.getByRole("button", { name: "Reinstate: Anna Bianchi" }).waitFor();

  // Anna sees her status and the note; the list of mentors no longer has her.
  const a = await atRoll(DEMO.anna);
  await section(a.page, "Become a mentor").getByText("Suspended").waitFor();
  await a.page.getByText("Please update your availability before taking new mentees.").waitFor();
  const mentors = section(a.page, /^Accredited mentors/);
  await a.page.getByRole("heading", { level: 2, name: "Accredited mentors (1)" }).waitFor();
  assert.equal(await mentors.getByRole("link", { name: "Anna Bianchi" }).count(), 0);
  // Not offered to mentees either: Dev's new request lists only Bruno.
  const dev = await newPage(browser);
  await loginUi(dev.page, w.url, DEMO.dev);
  await dev.page.goto(`${w.url}/communities/${DEMO_COMMUNITY}/request`);
  await dev.page.getByLabel("Short description").fill("I want to start a small engineering business and need a sparring partner.");
  await dev.page.getByRole("button", { name: "Save the draft" }).click();
  const choose = dev.page.locator("section.choose");
  await choose.getByRole("button", { name: "Ask Bruno Costa" }).waitFor();
  assert.equal(await choose.getByRole("button", { name: "Ask Anna Bianchi" }).count(), 0);

  // Reinstated: accredited again, and back in the list.
  await anna.getByRole("button", { name: "Reinstate: Anna Bianchi" }).click();
  await page.getByRole("status").getByText("Anna Bianchi is accredited again.").waitFor();
  await anna.getByText("Accredited", { exact: true }).waitFor();
  await a.page.reload();
  await a.page.getByRole("heading", { level: 2, name: "Accredited mentors (2)" }).waitFor();
  await section(a.page, /^Accredited mentors/).getByRole("link", { name: "Anna Bianchi" }).waitFor();
  await dev.page.reload();
  await choose.getByRole("button", { name: "Ask Anna Bianchi" }).waitFor();
  for (const s of [coord, a, dev]) {
    assert.deepEqual(s.page.errors, []);
    await s.context.close();
  }
});

test("the supervisor hands the roll over to another community admin, who then decides on applications", async () => {
  // Bruno becomes an admin of Demo Community (by the platform admin), and Dev applies to the roll.
  const origin = { origin: w.url };
  const bruno = await w.login(DEMO.bruno);
  const brunoId = (await w.fetch("/api/me", { cookie: bruno })).data.user.id;
  const admin = await w.login(DEMO.admin);
  const role = await w.fetch(`/api/admin/communities/${DEMO_COMMUNITY}/members/${brunoId}/role`, { method: "PUT", cookie: admin, headers: origin, json: { role: "admin" } });
  assert.equal(role.status, 200, role.text);
  const dev = await w.login(DEMO.dev);
  const applied = await w.fetch(`/api/communities/${DEMO_COMMUNITY}/roll/applications`, { method: "POST", cookie: dev, headers: origin,
    json: { motivation: "I would like to help young engineers who want to start their own business." } });
  assert.equal(applied.status, 201, applied.text);

  const coord = await atRoll(DEMO.coordinator);
  const { page } = coord;
  await page.getByText("Supervisor: Cora Coordinator").waitFor();
  const hand = section(page, "Hand the roll over");
  // A new supervisor must be chosen.
  await hand.getByRole("button", { name: "Hand over" }).click();
  await hand.getByText("Choose one of the community's admins.").waitFor();
  assert.equal(await hand.getByLabel("New supervisor").getAttribute("aria-invalid"), "true");
  await hand.getByLabel("New supervisor").selectOption({ label: "Bruno Costa" });
  await hand.getByRole("button", { name: "Hand over" }).click();
  await page.getByRole("status").getByText("Bruno Costa is now the roll's supervisor.").waitFor();
  await page.getByText("Supervisor: Bruno Costa").waitFor();
  // Cora no longer decides.
  assert.equal(await page.getByRole("heading", { name: /^Applications and mentors/ }).count(), 0);
  assert.equal(await page.getByRole("heading", { name: "Hand the roll over" }).count(), 0);
  assert.deepEqual(page.errors, []);
  await coord.context.close();

  // Bruno does: he sees Dev's application and accredits him.
  const b = await atRoll(DEMO.bruno);
  await b.page.getByText("Supervisor: Bruno Costa").waitFor();
  await b.page.getByRole("heading", { level: 2, name: "Applications and mentors (1 waiting)" }).waitFor();
  const devCard = entry(b.page, "Dev Patel");
  await devCard.getByRole("button", { name: "Accredit: Dev Patel" }).click();
  await b.page.getByRole("status").getByText("Dev Patel is accredited.").waitFor();
  await b.page.getByRole("heading", { level: 2, name: "Hand the roll over" }).waitFor();
  assert.deepEqual(b.page.errors, []);
  await b.context.close();
});
