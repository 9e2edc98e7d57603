// Mentoring journeys in the browser: model A (the coordinator matches), model B (the mentee chooses; a decline with a
// reason, then a second choice), and the Roll of Mentors (an application rejected with a note).
import { test } from "node:test";
import assert from "node:assert/strict";
import { DEMO, DEMO_COMMUNITY } from "../support/worker.mjs";
import { withBrowser, signedIn } from "../support/browser.mjs";

let w, browser;
withBrowser((s) => ({ w, browser } = s));

/** Log in as someone in a fresh context. */
const as = (email) => signedIn(browser, w.url, email);

/** From the community home, draft a request; returns the project's path. */
async function draftRequest(page, { title, summary }) {
  await page.goto(`${w.url}/communities/${DEMO_COMMUNITY}`);
  await page.getByRole("link", { name: "Ask for a mentor" }).click();
  await page.getByRole("heading", { level: 1, name: "Ask for a mentor" }).waitFor();
  if (title) await page.getByLabel("Title", { exact: true }).fill(title);
  await page.getByLabel("Short description").fill(summary);
  await page.getByLabel("More about it").fill("I study in Milan and I would like to talk once a month.");
  await page.getByRole("button", { name: "Save the draft" }).click();
  await page.waitForURL(/\/projects\/[0-9a-f]{28}$/);
  return new URL(page.url()).pathname;
}

const overview = (page) => page.locator(".overview");
/** No "null" or "undefined" leaks into what users read. */
async function clean(page) {
  const text = await page.locator("main").innerText();
  assert.doesNotMatch(text, /\b(null|undefined|NaN)\b/, text);
}
const history = (page) => page.locator("section", { has: page.getByRole("heading", { name: "History" }) });
/** An active project is a workspace: open one of its sections from its bar. */
async function toSection(page, name) {
  await page.getByRole("navigation", { name: "Project sections" }).getByRole("link", { name }).click();
  await page.getByRole("navigation", { name: "Project sections" }).locator('[aria-current="page"]', { hasText: name }).waitFor();
}

test("model A: Carla asks the coordinators, the coordinator matches Bruno, Bruno accepts, both see it active", async () => {
  const carla = await as(DEMO.carla);
  const { page } = carla;
  // The proposed title is filled in and can be changed.
  await page.goto(`${w.url}/communities/${DEMO_COMMUNITY}/request`);
  assert.equal(await page.getByLabel("Title", { exact: true }).inputValue(), "Mentoring for Carla Esposito");
  // A too short description is refused next to its field.
  await page.getByLabel("Short description").fill("Help");
  await page.getByRole("button", { name: "Save the draft" }).click();
  await page.getByText("This text is too short.").waitFor();
  assert.equal(await page.getByLabel("Short description").getAttribute("aria-invalid"), "true");

  const title = "Carla: from university to a first job";
  const path = await draftRequest(page, { title, summary: "I am about to graduate and need advice on my first job in software." });
  await page.getByRole("heading", { level: 1, name: title }).waitFor();
  assert.match(await overview(page).innerText(), /Draft/);
  await clean(page);
  // A document, with a progress bar.
  const pdf = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n" + " ".repeat(100_000));
  await page.getByLabel("Attach a document").setInputFiles({ name: "Carla CV.pdf", mimeType: "application/pdf", buffer: pdf });
  await page.getByRole("button", { name: "Upload" }).click();
  await page.getByRole("status").getByText("Document attached: Carla CV.pdf").waitFor();
  await page.getByRole("link", { name: "Carla CV.pdf" }).waitFor();
  await page.getByRole("button", { name: "Ask the coordinators to match me" }).click();
  await page.getByRole("status").getByText("The coordinators will match you with a mentor.").waitFor();
  assert.match(await overview(page).innerText(), /Waiting for a match/);

  // The coordinator: the dashboard points to the queue; match with Bruno, with a note.
  const coord = await as(DEMO.coordinator);
  await coord.page.getByRole("link", { name: "Matching queue (2 waiting)" }).click();
  await coord.page.getByRole("heading", { level: 1, name: "Matching queue: Demo Community" }).waitFor();
  const item = coord.page.locator(".queue > li", { has: coord.page.getByRole("link", { name: title }) });
  await item.getByRole("button", { name: "Match with Bruno Costa" }).click();
  await item.getByLabel("A note for Bruno Costa (optional; the mentee sees it too)").fill("Carla would like to hear about engineering firms too.");
  await item.getByRole("button", { name: "Ask Bruno Costa to mentor" }).click();
  await coord.page.getByRole("status").getByText(`“${title}” is matched with Bruno Costa, who is asked to accept.`).waitFor();
  assert.equal(await coord.page.locator(".queue > li").count(), 1, "Dev's request is still waiting");
  await clean(coord.page);
  await coord.context.close();

  // Bruno: waiting for his answer on the dashboard; he opens it and accepts.
  const bruno = await as(DEMO.bruno);
  const waiting = bruno.page.locator("section", { has: bruno.page.getByRole("heading", { name: "Waiting for your answer" }) });
  await waiting.getByText("From Carla Esposito, in Demo Community").waitFor();
  await waiting.getByText(/Please answer by/).waitFor();
  await waiting.getByRole("link", { name: title }).click();
  await bruno.page.getByRole("heading", { level: 1, name: title }).waitFor();
  assert.match(await overview(bruno.page).innerText(), /Without an answer, this request comes back on/);
  await bruno.page.getByText("You are asked to mentor this request.", { exact: false }).waitFor();
  // The pending mentor can read the attached document.
  assert.equal(await bruno.page.getByRole("link", { name: "Carla CV.pdf" }).getAttribute("download"), "Carla CV.pdf");
  await clean(bruno.page);
  await bruno.page.getByRole("button", { name: "Accept" }).click();
  await bruno.page.getByRole("status").getByText("You accepted: the mentoring has started.").waitFor();
  assert.match(await overview(bruno.page).innerText(), /Active/);
  // Started: its workspace opens. The coordinator's note is in the history.
  await toSection(bruno.page, "People & history");
  await history(bruno.page).getByText("Carla would like to hear about engineering firms too.").waitFor();
  assert.deepEqual(bruno.page.errors, []);
  await bruno.context.close();

  // Carla sees it active, with Bruno's preferred tools.
  await page.goto(w.url + path);
  await page.getByRole("heading", { level: 1, name: title }).waitFor();
  assert.match(await overview(page).innerText(), /Active/);
  await toSection(page, "People & history");
  const people = page.locator("section", { has: page.getByRole("heading", { name: "People" }) });
  await people.getByRole("link", { name: "Bruno Costa" }).waitFor();
  await people.getByText("Zoom: bruno.costa").waitFor();
  await history(page).getByText("Bruno Costa accepted").waitFor();
  // And on her dashboard.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Home" }).click();
  const mine = page.locator("li.card", { has: page.getByRole("link", { name: title }) });
  await mine.getByText("Active").waitFor();
  await mine.getByText("Mentor: Bruno Costa").waitFor();
  assert.deepEqual(page.errors, []);
  await carla.context.close();
});

test("model B: Dev chooses Bruno, Bruno declines with a reason, Dev sees it and chooses Anna, Anna accepts", async () => {
  const dev = await as(DEMO.dev);
  const { page } = dev;
  const path = await draftRequest(page, { summary: "I want to start a small engineering business and need a sparring partner." });
  const title = "Mentoring for Dev Patel";
  await page.getByRole("heading", { level: 1, name: title }).waitFor();
  // The ranked candidates, with their reasons in words.
  const choose = page.locator("section.choose");
  await choose.getByRole("heading", { name: "Choose a mentor" }).waitFor();
  const brunoCard = choose.locator("li.card", { has: page.getByRole("link", { name: "Bruno Costa" }) });
  await brunoCard.getByText("Same field of study").waitFor();
  await brunoCard.getByText("Speaks English").waitFor();
  assert.match(await brunoCard.innerText(), /Fit: \d+ points/);
  // Bruno (same field and sector) comes before Anna.
  const names = await choose.locator("li.card h4").allInnerTexts();
  assert.deepEqual(names, ["Bruno Costa", "Anna Bianchi"]);
  // A filter narrows the list.
  await choose.getByLabel("Uses").selectOption({ label: "Jitsi Meet" });
  await choose.getByRole("button", { name: "Show mentors" }).click();
  await page.getByRole("status").getByText("1 mentor found.").waitFor();
  assert.deepEqual(await choose.locator("li.card h4").allInnerTexts(), ["Anna Bianchi"]);
  await choose.getByLabel("Uses").selectOption({ label: "Any" });
  await choose.getByRole("button", { name: "Show mentors" }).click();
  await brunoCard.waitFor();
  await brunoCard.getByRole("button", { name: "Ask Bruno Costa" }).click();
  await page.getByRole("status").getByText("Your request is sent to Bruno Costa.").waitFor();
  assert.match(await overview(page).innerText(), /Waiting for the answer of Bruno Costa\./);
  assert.match(await overview(page).innerText(), /Without an answer, this request comes back on/);

  // Bruno declines; a reason is required.
  const bruno = await as(DEMO.bruno);
  await bruno.page.getByRole("link", { name: title }).click();
  await bruno.page.getByRole("heading", { level: 1, name: title }).waitFor();
  await bruno.page.getByRole("button", { name: "Decline", exact: true }).click();
  await bruno.page.getByRole("button", { name: "Decline the request" }).click();
  await bruno.page.getByText("This field is required.").waitFor();
  const reason = bruno.page.getByLabel("Why are you declining? The mentee will see it.");
  assert.equal(await reason.getAttribute("aria-invalid"), "true");
  await reason.fill("I am fully booked until March.");
  await bruno.page.getByRole("button", { name: "Decline the request" }).click();
  await bruno.page.getByRole("status").getByText("You declined. The mentee is told why.").waitFor();
  // The request is no longer his: he is back on his dashboard, where it no longer waits for him.
  await bruno.page.getByRole("heading", { level: 1, name: "Hello, Bruno Costa" }).waitFor();
  assert.equal(new URL(bruno.page.url()).pathname, "/");
  await bruno.page.getByRole("heading", { level: 2, name: "My requests and mentoring" }).waitFor();
  assert.equal(await bruno.page.getByRole("link", { name: title }).count(), 0);
  assert.deepEqual(bruno.page.errors, []);
  await bruno.context.close();

  // Dev: the header counts the notification; it says why.
  await page.goto(w.url + "/");
  const nav = page.getByRole("navigation", { name: "Main" });
  await nav.getByRole("link", { name: "Notifications (1 new)" }).click();
  await page.getByRole("heading", { level: 1, name: "Notifications" }).waitFor();
  const note = page.locator("li.card", { hasText: `Bruno Costa declined “${title}”.` });
  await note.getByText("I am fully booked until March.").waitFor();
  await note.getByRole("link").click();
  await page.getByRole("heading", { level: 1, name: title }).waitFor();
  assert.match(await overview(page).innerText(), /Draft/);
  // Bruno cannot be asked again; Anna can.
  await choose.getByRole("heading", { name: "Choose a mentor" }).waitFor();
  await choose.getByRole("button", { name: "Ask Anna Bianchi" }).waitFor();
  assert.equal(await choose.getByRole("button", { name: "Ask Bruno Costa" }).count(), 0);
  await choose.getByRole("button", { name: "Ask Anna Bianchi" }).click();
  await page.getByRole("status").getByText("Your request is sent to Anna Bianchi.").waitFor();

  // Anna accepts.
  const anna = await as(DEMO.anna);
  const waiting = anna.page.locator("section", { has: anna.page.getByRole("heading", { name: "Waiting for your answer" }) });
  await waiting.getByRole("link", { name: title }).click();
  await anna.page.getByRole("button", { name: "Accept" }).click();
  await anna.page.getByRole("status").getByText("You accepted: the mentoring has started.").waitFor();
  await anna.context.close();

  // Active, and the history keeps the decline with its reason.
  await page.goto(w.url + path);
  await page.getByRole("heading", { level: 1, name: title }).waitFor();
  assert.match(await overview(page).innerText(), /Active/);
  await toSection(page, "People & history");
  const declined = history(page).locator("li", { hasText: "Bruno Costa declined" });
  await declined.getByText("I am fully booked until March.").waitFor();
  await history(page).getByText("Anna Bianchi accepted").waitFor();
  // The notifications are read once marked.
  await page.goto(w.url + "/notifications");
  await page.getByRole("button", { name: "Mark all as read" }).click();
  await page.getByRole("status").getByText("All notifications are marked as read.").waitFor();
  await nav.getByRole("link", { name: "Notifications", exact: true }).waitFor();
  assert.deepEqual(page.errors, []);
  await dev.context.close();
});

test("roll: Dev applies, the supervisor rejects with a note, Dev sees the note", async () => {
  const dev = await as(DEMO.dev);
  const { page } = dev;
  await page.goto(`${w.url}/communities/${DEMO_COMMUNITY}`);
  await page.getByRole("link", { name: "Roll of Mentors" }).click();
  await page.getByRole("heading", { level: 1, name: "Roll of Mentors: Demo Community" }).waitFor();
  await page.getByText("Supervisor: Cora Coordinator").waitFor();
  const mentors = page.locator("section", { has: page.getByRole("heading", { name: "Accredited mentors (2)" }) });
  await mentors.getByRole("link", { name: "Anna Bianchi" }).waitFor();
  await mentors.getByText("Senior software engineer").waitFor();
  // Contact handles are for the members of a project only (since 46ff915), not on the roll.
  assert.equal(await mentors.getByText("Jitsi Meet: anna.bianchi").count(), 0);

  const motivation = page.getByLabel("Why do you want to mentor in this community?");
  await motivation.fill("I can help.");
  await page.getByRole("button", { name: "Apply to the roll" }).click();
  await page.getByText("This text is too short.").waitFor();
  await motivation.fill("I would like to help young engineers who want to start their own business.");
  await page.getByRole("button", { name: "Apply to the roll" }).click();
  await page.getByRole("status").getByText("Your application is sent to the supervisor.").waitFor();
  await page.getByText("Waiting for a decision").waitFor();

  const coord = await as(DEMO.coordinator);
  await coord.page.goto(`${w.url}/communities/${DEMO_COMMUNITY}/roll`);
  await coord.page.getByRole("heading", { name: "Applications and mentors (1 waiting)" }).waitFor();
  const card = coord.page.locator("li.card", { has: coord.page.getByRole("link", { name: "Dev Patel" }) });
  await card.getByText("I would like to help young engineers who want to start their own business.").waitFor();
  await card.getByRole("button", { name: "Reject: Dev Patel" }).click();
  await card.getByText("This field is required.").waitFor();
  await card.getByLabel("Note to Dev Patel").fill("Please get two years of work experience first, then apply again.");
  await card.getByRole("button", { name: "Reject: Dev Patel" }).click();
  await coord.page.getByRole("status").getByText("The application of Dev Patel is rejected.").waitFor();
  await card.getByText("Not accepted").waitFor();
  assert.deepEqual(coord.page.errors, []);
  await coord.context.close();

  await page.reload();
  await page.getByRole("heading", { level: 1, name: "Roll of Mentors: Demo Community" }).waitFor();
  await page.getByText("Not accepted").waitFor();
  await page.getByText("Please get two years of work experience first, then apply again.").waitFor();
  await page.getByRole("button", { name: "Apply again" }).waitFor();
  await clean(page);
  // The dashboard shows it too.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Home" }).click();
  const apps = page.locator("section", { has: page.getByRole("heading", { name: "My applications to the Roll of Mentors" }) });
  await apps.getByText("Please get two years of work experience first, then apply again.").waitFor();
  assert.deepEqual(page.errors, []);
  await dev.context.close();
});

test("groups: the coordinator forms one; it starts when its mentor and two mentees accept", async () => {
  const coord = await as(DEMO.coordinator);
  await coord.page.goto(`${w.url}/communities/${DEMO_COMMUNITY}`);
  await coord.page.getByRole("link", { name: "Form a group" }).click();
  const { page } = coord;
  await page.getByRole("heading", { level: 1, name: "Form a mentoring group" }).waitFor();
  await page.getByLabel("Group name").fill("Future founders");
  await page.getByLabel("Motto").fill("Small steps, every month");
  await page.getByLabel("Mentor", { exact: true }).selectOption({ label: "Bruno Costa" });
  assert.equal(await page.getByRole("checkbox", { name: "Bruno Costa" }).count(), 0, "the mentor is not offered as a mentee");
  await page.getByRole("checkbox", { name: "Dev Patel" }).check();
  await page.getByRole("button", { name: "Form the group" }).click();
  await page.getByText("Choose at least two mentees.").waitFor();
  await page.getByRole("checkbox", { name: "Carla Esposito" }).check();
  await page.getByRole("button", { name: "Form the group" }).click();
  await page.getByRole("heading", { level: 1, name: "Future founders" }).waitFor();
  await page.getByRole("status").getByText("The group is formed and its members are invited.").waitFor();
  const path = new URL(page.url()).pathname;
  await clean(page);
  await coord.context.close();

  for (const who of [DEMO.bruno, DEMO.carla, DEMO.dev]) {
    const s = await as(who);
    const inv = s.page.locator("section", { has: s.page.getByRole("heading", { name: "Invitations to groups" }) });
    await inv.getByRole("link", { name: "Future founders" }).click();
    await s.page.getByRole("heading", { level: 1, name: "Future founders" }).waitFor();
    await s.page.getByText("You are invited to this group. Accept or decline.").waitFor();
    await s.page.getByRole("button", { name: "Accept" }).click();
    await s.page.getByRole("status").getByText(/You accepted/).waitFor();
    assert.deepEqual(s.page.errors, []);
    await s.context.close();
  }
  const dev = await as(DEMO.dev);
  await dev.page.goto(w.url + path);
  await dev.page.getByRole("heading", { level: 1, name: "Future founders" }).waitFor();
  assert.match(await overview(dev.page).innerText(), /Active/);
  await toSection(dev.page, "People & history");
  await history(dev.page).getByText("The group started").waitFor();
  await dev.context.close();
});

test("a project is hidden from people outside it, platform admins included", async () => {
  const admin = await as(DEMO.admin);
  await admin.page.goto(`${w.url}/projects/e0000000000000000000000a1c1c`);
  await admin.page.getByRole("heading", { level: 1, name: "Page not found" }).waitFor();
  await admin.page.goto(`${w.url}/projects/e00000000000000000000000ffff`);
  await admin.page.getByRole("heading", { level: 1, name: "Page not found" }).waitFor();
  await admin.context.close();
});

test("the dashboard of a mentor with no requests of her own opens with her mentoring, not a mentee's empty list", async () => {
  const anna = await as(DEMO.anna);
  const { page } = anna;
  await page.getByRole("heading", { level: 2, name: "As a mentor" }).waitFor();
  const headings = await page.locator("main h2").allInnerTexts();
  const mentor = headings.indexOf("As a mentor");
  const mentee = headings.indexOf("My requests and mentoring");
  assert.ok(mentor >= 0 && mentor < mentee, headings.join(" | "));
  const [mentoring, empty] = await Promise.all([
    page.locator("section", { has: page.getByRole("heading", { name: "As a mentor" }) }).getByRole("link", { name: "Mentoring for Carla Esposito: a first job in software" }),
    page.getByText("You have no mentoring requests yet."),
  ].map((l) => l.evaluate((el) => el.getBoundingClientRect().top)));
  assert.ok(mentoring < empty);
  await anna.context.close();

  // A mentee's own requests still come first.
  const carla = await as(DEMO.carla);
  await carla.page.getByRole("heading", { level: 2, name: "My requests and mentoring" }).waitFor();
  assert.equal(await carla.page.getByRole("heading", { level: 2, name: "As a mentor" }).count(), 0);
  await carla.context.close();
});
