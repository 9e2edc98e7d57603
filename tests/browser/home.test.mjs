// The project's overview (the home of its workspace), with the API's answers shaped by the test (page.route): the
// recent documents and the way to the folder, what to do next about documents, the chat's unread count from the view
// (on the section bar, and where "what to do next" leads), each project's unread chat count on the dashboard, and the
// section bar near the top; and nothing of them when the API does not give them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { DEMO } from "../support/worker.mjs";
import { withBrowser, newPage, loginUi, axe } from "../support/browser.mjs";
import { PROJECTS } from "../support/demo.mjs";

const PROJECT = PROJECTS.annaCarla; // Anna (mentor) and Carla (mentee), active
const TITLE = "Mentoring for Carla Esposito: a first job in software";

let w, browser;
withBrowser((s) => ({ w, browser } = s));

/** Rewrite the JSON of one API route (by its exact path) before the page sees it. */
async function patch(page, path, fn) {
  await page.route((url) => url.pathname === path, async (route) => {
    const res = await route.fetch();
    const body = await res.json();
    fn(body);
    await route.fulfill({ response: res, json: body });
  });
}

async function home(email, change) {
  const s = await newPage(browser);
  await loginUi(s.page, w.url, email);
  if (change) await patch(s.page, `/api/projects/${PROJECT}`, change);
  await s.page.goto(`${w.url}/projects/${PROJECT}`);
  await s.page.getByRole("heading", { level: 1, name: TITLE }).waitFor();
  await s.page.getByRole("heading", { level: 2, name: "What to do next" }).waitFor();
  return s;
}

const sections = (page) => page.getByRole("navigation", { name: "Project sections" });

const section = (page, name) => page.locator("section", { has: page.getByRole("heading", { level: 2, name, exact: true }) });
const todo = (page) => section(page, "What to do next");
const HOUR = 3600_000;

test("recent documents: each links to its download, with who changed it last; a link opens the folder", async () => {
  const now = Date.now();
  const { context, page } = await home(DEMO.anna, (v) => {
    v.recent_files = [
      { id: "f00000000000000000000000f001", kind: "file", name: "Session plan.pdf", size: 120_000, updated_at: now - HOUR, updated_by: "d000000000000000000000000a1a", updated_by_name: "Anna Bianchi" },
      { id: "f00000000000000000000000f002", name: "Carla CV <draft>.docx", size: 2_500_000, updated_at: now - 2 * HOUR, updated_by: { display_name: "Carla Esposito" } },
    ];
  });
  const docs = section(page, "Recent documents");
  const plan = docs.getByRole("link", { name: "Session plan.pdf" });
  assert.equal(await plan.getAttribute("href"), `/api/projects/${PROJECT}/files/f00000000000000000000000f001/download`);
  const items = docs.getByRole("listitem");
  assert.equal(await items.count(), 2);
  assert.match(await items.nth(0).innerText(), /117 KB · updated .+ by Anna Bianchi/);
  assert.match(await items.nth(1).innerText(), /Carla CV <draft>\.docx\n+2\.4 MB · updated .+ by Carla Esposito/);
  assert.equal(await docs.getByRole("link", { name: "Open the folder" }).getAttribute("href"), `/projects/${PROJECT}/files`);
  // Its place: last on the overview, after what to do next, the next session and the checklist.
  const headings = await page.locator("main h2").allInnerTexts();
  const at = (x) => headings.findIndex((hd) => hd.startsWith(x));
  assert.ok(at("What to do next") < at("Next session") && at("Next session") < at("This stage's checklist") && at("This stage's checklist") < at("Recent documents"), headings.join(" | "));
  assert.equal(at("Recent documents"), headings.length - 1, headings.join(" | "));
  // With documents there, nothing to upload.
  assert.equal(await todo(page).getByRole("link", { name: /Upload/ }).count(), 0);
  await page.waitForLoadState("networkidle");
  assert.deepEqual(await axe(page), []);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test("an empty folder: the mentor is asked for a session plan, the mentee for a CV", async () => {
  const anna = await home(DEMO.anna, (v) => { v.recent_files = []; });
  await section(anna.page, "Recent documents").getByText("No documents in the folder yet.").waitFor();
  const plan = todo(anna.page).getByRole("link", { name: "Upload a session plan to the project's folder" });
  assert.equal(await plan.getAttribute("href"), `/projects/${PROJECT}/files`);
  await anna.context.close();

  const carla = await home(DEMO.carla, (v) => { v.recent_files = []; });
  const cv = todo(carla.page).getByRole("link", { name: "Upload your CV to the project's folder" });
  assert.equal(await cv.getAttribute("href"), `/projects/${PROJECT}/files`);
  await carla.context.close();
});

test("without recent_files in the view there is no documents section; a mentee without a CV is sent to her profile", async () => {
  const { context, page } = await home(DEMO.carla, (v) => { delete v.recent_files; delete v.chat_unread; });
  assert.equal(await page.getByRole("heading", { name: "Recent documents" }).count(), 0);
  assert.equal(await page.getByRole("link", { name: "Open the folder" }).count(), 0);
  const cv = todo(page).getByRole("link", { name: "Upload your CV to your profile" });
  assert.equal(await cv.getAttribute("href"), "/profile");
  await cv.click();
  await page.getByRole("heading", { level: 1, name: "My profile" }).waitFor();
  assert.deepEqual(page.errors, []);
  await context.close();
});

test("the chat's heading starts from the view's chat_unread; the dashboard shows each project's unread chat count", async () => {
  const s = await newPage(browser);
  // A room that never answers (no WebSocket, HTTP that hangs): the count is the view's.
  await s.context.addInitScript(() => {
    window.WebSocket = class {
      constructor() { this.readyState = 0; setTimeout(() => { this.readyState = 3; if (this.onclose) this.onclose({ code: 1006 }); }, 50); }
      send() { throw new Error("not open"); }
      close() {}
    };
  });
  await s.page.route((url) => url.pathname.startsWith(`/api/projects/${PROJECT}/chat`), () => {});
  await loginUi(s.page, w.url, DEMO.carla);
  await patch(s.page, `/api/projects/${PROJECT}`, (v) => { v.chat_unread = 3; });
  await patch(s.page, "/api/dashboard", (d) => { for (const p of d.as_mentee) p.chat_unread = p.id === PROJECT ? 3 : 0; });
  await s.page.goto(w.url + "/");
  const card = s.page.locator("li.card", { has: s.page.getByRole("link", { name: TITLE }) });
  await card.getByText("3 new in the chat").waitFor();
  await card.getByRole("link", { name: TITLE }).click();
  await s.page.getByRole("heading", { level: 1, name: TITLE }).waitFor();
  // The section bar counts them on "Chat".
  await sections(s.page).getByRole("link", { name: "Chat (3 new)" }).waitFor();
  // What to do next says to read them (not "Nothing waits for you now"); the link goes to the chat's messages.
  const read = todo(s.page).getByRole("link", { name: "Read the 3 new chat messages" });
  assert.equal(await read.getAttribute("href"), `/projects/${PROJECT}/chat#unread`);
  assert.equal(await todo(s.page).getByText(/Nothing waits for you/).count(), 0);
  await read.click();
  await s.page.getByRole("heading", { level: 2, name: "Chat (3 unread)" }).waitFor();
  assert.equal(new URL(s.page.url()).pathname, `/projects/${PROJECT}/chat`);
  await s.page.waitForFunction(() => document.activeElement && document.activeElement.getAttribute("aria-label") === "Messages");
  assert.equal(await s.page.evaluate(() => document.activeElement.closest("section")?.id + " " + document.activeElement.getAttribute("aria-label")), "chat Messages");
  const top = await s.page.getByRole("heading", { level: 2, name: "Chat (3 unread)" }).evaluate((el) => el.getBoundingClientRect().top);
  assert.ok(top > -2 && top < 400, `the chat's heading is at ${top} px`);
  assert.deepEqual(s.page.errors, []);
  await s.context.close();

  // Without the field, no count.
  const t = await newPage(browser);
  await loginUi(t.page, w.url, DEMO.carla);
  await patch(t.page, "/api/dashboard", (d) => { for (const p of d.as_mentee) delete p.chat_unread; });
  await t.page.goto(w.url + "/");
  const plain = t.page.locator("li.card", { has: t.page.getByRole("link", { name: TITLE }) });
  await plain.getByText("Mentor: Anna Bianchi").waitFor();
  assert.equal(await plain.getByText(/new in the chat/).count(), 0);
  await t.context.close();
});

test("the section bar near the top of the overview: Chat, Messages and Documents open at their own addresses", async () => {
  const { context, page } = await home(DEMO.carla);
  const bar = sections(page);
  assert.deepEqual(await bar.getByRole("link").allInnerTexts(), ["Overview", "Chat", "Plan & diary", "Goals", "Contract", "Documents", "Messages", "Library", "People & history"]);
  assert.equal(await bar.getByRole("link", { name: "Overview" }).getAttribute("aria-current"), "page");
  assert.equal(await bar.getByRole("link", { name: "Documents" }).getAttribute("href"), `/projects/${PROJECT}/files`);
  // Before "What to do next".
  // Both read in one frame, so a re-render or a scroll between the two reads cannot swap them.
  const [q, t] = await page.evaluate(() => {
    const todo = [...document.querySelectorAll("section h2")].find((h) => h.textContent === "What to do next").closest("section");
    return [document.querySelector('nav[aria-label="Project sections"]'), todo].map((el) => el.getBoundingClientRect().top);
  });
  assert.ok(q < t, `the bar at ${q} px, "What to do next" at ${t} px`);
  // Each section at its address, the focus on its heading.
  await bar.getByRole("link", { name: "Messages" }).click();
  await page.getByRole("heading", { level: 2, name: "Last messages" }).waitFor();
  assert.equal(new URL(page.url()).pathname, `/projects/${PROJECT}/messages`);
  await page.waitForFunction(() => document.activeElement.textContent === "Last messages");
  await bar.getByRole("link", { name: "Chat" }).click();
  await page.locator("section.chat").waitFor();
  await page.waitForFunction(() => document.activeElement.closest("section")?.id === "chat");
  await bar.getByRole("link", { name: "Documents" }).click();
  await page.getByRole("heading", { level: 1, name: "Documents" }).waitFor();
  assert.equal(await bar.getByRole("link", { name: "Documents" }).getAttribute("aria-current"), "page");
  // Back, and back again: the chat, then the messages.
  await page.goBack();
  await page.locator("section.chat").waitFor();
  await page.goBack();
  await page.getByRole("heading", { level: 2, name: "Last messages" }).waitFor();
  await page.goBack();
  await todo(page).waitFor();
  assert.equal(new URL(page.url()).pathname, `/projects/${PROJECT}`);
  await page.waitForLoadState("networkidle");
  assert.deepEqual(await axe(page), []);
  assert.deepEqual(page.errors, []);
  await context.close();
});
