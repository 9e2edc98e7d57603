// Private messages in the browser, at phone size: Carla writes to her mentor from the project's Messages section, Anna
// sees the unread count, opens her inbox and the thread and answers, Carla sees the answer; axe finds nothing to fix.
import { test } from "node:test";
import assert from "node:assert/strict";
import { DEMO } from "../support/worker.mjs";
import { withBrowser, newPage, loginUi, axe, signedIn } from "../support/browser.mjs";
import { PROJECTS } from "../support/demo.mjs";

const PROJECT = PROJECTS.annaCarla; // Anna (mentor) and Carla (mentee), active
const TITLE = "Mentoring for Carla Esposito: a first job in software";

let w, browser;
withBrowser((s) => ({ w, browser } = s));

/** Log in as someone in a fresh context. */
const as = (email) => signedIn(browser, w.url, email);

const section = (page, name) => page.locator("section", { has: page.getByRole("heading", { level: 2, name, exact: true }) });
const nav = (page) => page.getByRole("navigation", { name: "Main" });
const sections = (page) => page.getByRole("navigation", { name: "Project sections" });

/** Nothing is wider than the phone's screen. */
async function fits(page) {
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 360, `the page is ${wide} px wide`);
}

async function noViolations(page) {
  await page.waitForLoadState("networkidle");
  assert.deepEqual(await axe(page), []);
}

test("Carla writes to Anna from the project's messages; Anna reads it in her inbox and answers; Carla sees the answer", async () => {
  const carla = await as(DEMO.carla);
  const { page } = carla;
  await page.goto(`${w.url}/projects/${PROJECT}`);
  await page.getByRole("heading", { level: 1, name: TITLE }).waitFor();
  // The project's overview, in order: its stage, what to do next, the next session, the checklist.
  await section(page, "What to do next").waitFor();
  const headings = await page.locator("main h2").allInnerTexts();
  const order = ["Building rapport and setting goals", "What to do next", "Next session", "This stage's checklist"].map((x) => headings.findIndex((hd) => hd.startsWith(x)));
  assert.ok(order.every((i, k) => i >= 0 && (k === 0 || i > order[k - 1])), headings.join(" | "));
  // The chat is empty: say hello (the link opens the chat on its message box).
  const hello = section(page, "What to do next").getByRole("link", { name: "Say hello in the chat" });
  assert.equal(await hello.getAttribute("href"), `/projects/${PROJECT}/chat#write`);
  await hello.click();
  await page.waitForFunction(() => document.activeElement.tagName === "TEXTAREA" && document.activeElement.labels[0].textContent === "Your message");
  // Anna's profile summary and her preferred tools, in People & history.
  await sections(page).getByRole("link", { name: "People & history" }).click();
  const people = section(page, "People");
  await people.getByText("Jitsi Meet: anna.bianchi").waitFor();

  await sections(page).getByRole("link", { name: "Messages" }).click();
  const last = section(page, "Last messages");
  const anna = last.locator("li.card", { hasText: "Anna Bianchi" });
  await anna.getByText("No messages between you and Anna Bianchi yet.").waitFor();
  await anna.getByRole("button", { name: "Write to Anna Bianchi" }).click();
  assert.equal(await anna.getByRole("button", { name: "Write to Anna Bianchi" }).getAttribute("aria-expanded"), "true");
  await noViolations(page);
  // The message is required.
  await anna.getByRole("button", { name: "Send to Anna Bianchi" }).click();
  await anna.getByText("This field is required.").waitFor();
  await fits(page);
  await anna.getByLabel("Subject (optional)").fill("My CV before Friday");
  await anna.getByLabel("Message", { exact: true }).fill("Hello Anna,\ncould you read my CV before Friday's interview?\n<b>Thanks</b>");
  await anna.getByRole("button", { name: "Send to Anna Bianchi" }).click();
  await page.getByRole("status").getByText("Your message is sent to Anna Bianchi.").waitFor();
  // The form is closed and the sent message is listed with a link to its thread.
  await anna.getByRole("link", { name: "My CV before Friday" }).waitFor();
  assert.equal(await anna.getByLabel("Message", { exact: true }).count(), 0);
  await anna.getByText("Last to Anna Bianchi").waitFor();
  assert.deepEqual(page.errors, []);

  // Anna: the header and the dashboard count the unread message.
  const a = await as(DEMO.anna);
  await nav(a.page).getByRole("link", { name: "Messages (1 new)" }).waitFor();
  await a.page.getByRole("link", { name: "You have 1 new private message." }).click();
  await a.page.getByRole("heading", { level: 1, name: "Messages: inbox" }).waitFor();
  await a.page.getByText("1 unread message.").waitFor();
  const row = a.page.locator("li.card", { has: a.page.getByRole("link", { name: "My CV before Friday" }) });
  assert.match(await row.getAttribute("class"), /\bunread\b/);
  await row.getByText("New", { exact: true }).waitFor();
  await row.getByText("From Carla Esposito").waitFor();
  await row.getByText(`In “${TITLE}”`).waitFor();
  assert.equal(await a.page.getByRole("link", { name: "Inbox" }).getAttribute("aria-current"), "page");
  await fits(a.page);
  await noViolations(a.page);

  // The project's messages show it; its overview says to answer her.
  await a.page.goto(`${w.url}/projects/${PROJECT}/messages`);
  const fromCarla = section(a.page, "Last messages").locator("li.card", { hasText: "Carla Esposito" });
  await fromCarla.getByText("Last from Carla Esposito").waitFor();
  await sections(a.page).getByRole("link", { name: "Overview" }).click();
  await section(a.page, "What to do next").getByRole("link", { name: "Answer Carla Esposito's message" }).click();

  // The thread: her message, as text; opening it marks it read.
  await a.page.getByRole("heading", { level: 1, name: "My CV before Friday" }).waitFor();
  const thread = a.page.getByRole("list", { name: "The conversation" });
  const first = thread.getByRole("listitem").first();
  await first.getByText("Carla Esposito wrote").waitFor();
  assert.match(await first.innerText(), /could you read my CV before Friday's interview\?\n<b>Thanks<\/b>/);
  assert.equal(await first.locator("b").count(), 0, "text is never rendered as HTML");
  await a.page.getByRole("link", { name: TITLE }).waitFor();
  await nav(a.page).getByRole("link", { name: "Messages", exact: true }).waitFor();
  await fits(a.page);
  await noViolations(a.page);
  // An empty answer is refused next to its field; then she answers.
  await a.page.getByRole("button", { name: "Send the answer" }).click();
  await a.page.getByText("This field is required.").waitFor();
  assert.equal(await a.page.getByLabel("Your answer to Carla Esposito").getAttribute("aria-invalid"), "true");
  await a.page.getByLabel("Your answer to Carla Esposito").fill("Of course. Send it by Wednesday and I will comment on it.");
  await a.page.getByRole("button", { name: "Send the answer" }).click();
  await a.page.getByRole("status").getByText("Your answer is sent to Carla Esposito.").waitFor();
  await thread.getByRole("listitem").nth(1).getByText("You wrote to Carla Esposito").waitFor();
  assert.equal(await a.page.getByLabel("Your answer to Carla Esposito").inputValue(), "");
  // Nothing left unread; the inbox shows it read, the sent box holds the answer.
  await a.page.getByRole("link", { name: "Inbox" }).click();
  await a.page.getByRole("heading", { level: 1, name: "Messages: inbox" }).waitFor();
  const read = a.page.locator("li.card", { has: a.page.getByRole("link", { name: "My CV before Friday" }) });
  await read.waitFor();
  assert.doesNotMatch(await read.getAttribute("class"), /\bunread\b/);
  assert.equal(await a.page.getByText("1 unread message.").count(), 0);
  await a.page.getByRole("link", { name: "Sent", exact: true }).click();
  await a.page.getByRole("heading", { level: 1, name: "Messages: sent" }).waitFor();
  const sent = a.page.locator("li.card", { hasText: "Send it by Wednesday" });
  await sent.getByText("To Carla Esposito").waitFor();
  await noViolations(a.page);
  assert.deepEqual(a.page.errors, []);
  await a.context.close();

  // Carla: her message shows read in her sent box, and the answer is waiting for her.
  await page.goto(w.url + "/messages?box=sent");
  await page.locator("li.card", { hasText: "My CV before Friday" }).locator("p.hint", { hasText: "· Read" }).waitFor();
  assert.match(await page.locator("li.card", { hasText: "My CV before Friday" }).innerText(), /To Anna Bianchi · .+ · Read\b/);
  await page.goto(w.url + "/");
  await nav(page).getByRole("link", { name: "Messages (1 new)" }).click();
  await page.getByRole("heading", { level: 1, name: "Messages: inbox" }).waitFor();
  await page.locator("li.card.unread", { hasText: "From Anna Bianchi" }).getByRole("link", { name: "Re: My CV before Friday" }).click();
  await page.getByRole("heading", { level: 1, name: "My CV before Friday" }).waitFor();
  const items = page.getByRole("list", { name: "The conversation" }).getByRole("listitem");
  assert.equal(await items.count(), 2);
  await items.nth(0).getByText("You wrote to Anna Bianchi").waitFor();
  await items.nth(1).getByText("Of course. Send it by Wednesday and I will comment on it.").waitFor();
  await nav(page).getByRole("link", { name: "Messages", exact: true }).waitFor();
  assert.deepEqual(page.errors, []);
  await carla.context.close();
});

test("the inbox pages back with “Older messages”", async () => {
  const origin = { origin: w.url };
  const anna = await w.login(DEMO.anna);
  const carla = await w.login(DEMO.carla);
  const me = (await w.fetch("/api/me", { cookie: carla })).data.user.id;
  for (let i = 1; i <= 23; i++) {
    const r = await w.fetch(`/api/projects/${PROJECT}/messages`, { method: "POST", cookie: anna, headers: origin,
      json: { to: me, subject: `Note ${i}`, body: `Note number ${i}.` } });
    assert.equal(r.status, 201, r.text);
  }
  const { context, page } = await as(DEMO.carla);
  await page.goto(w.url + "/messages");
  await page.getByRole("heading", { level: 1, name: "Messages: inbox" }).waitFor();
  await page.getByRole("link", { name: "Note 23", exact: true }).waitFor();
  assert.equal(await page.getByRole("link", { name: "Note 3", exact: true }).count(), 0);
  await page.getByRole("button", { name: "Older messages" }).click();
  await page.getByRole("link", { name: "Note 1", exact: true }).waitFor();
  await page.getByRole("button", { name: "Older messages" }).waitFor({ state: "hidden" });
  assert.deepEqual(page.errors, []);
  await context.close();
});

test("in Italian: the inbox, its second page and a thread", async () => {
  const { context, page } = await newPage(browser, { lang: "it-IT" });
  await page.goto(w.url + "/login");
  await page.getByLabel("Indirizzo e-mail").fill(DEMO.carla);
  await page.getByLabel("Password", { exact: true }).fill("demo-password-2026");
  await page.getByRole("button", { name: "Accedi" }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/login"));
  await page.goto(w.url + "/messages");
  await page.getByRole("heading", { level: 1, name: "Messaggi ricevuti" }).waitFor();
  await page.getByText("Messaggi privati tra te e gli altri membri dei tuoi percorsi di mentoring.").waitFor();
  await noViolations(page);
  // The answer from the first test is on the second page.
  await page.getByRole("button", { name: "Messaggi meno recenti" }).click();
  await page.getByRole("link", { name: "Re: My CV before Friday" }).click();
  await page.getByRole("heading", { level: 1, name: "My CV before Friday" }).waitFor();
  // "ad" before a vowel: "ad Anna", but "a Bruno".
  await page.getByText("Hai scritto ad Anna Bianchi").waitFor();
  await page.getByLabel("La tua risposta ad Anna Bianchi").waitFor();
  await noViolations(page);
  assert.deepEqual(await page.evaluate(async () => {
    const { t } = await import("/js/i18n.js");
    return [t("msg.write_to", { name: "Bruno Costa" }), t("msg.write_to", { name: "Elena" }), t("msg.to", { name: "Anna" }), t("msg.to", { name: "Bruno" })];
  }), ["Scrivi a Bruno Costa", "Scrivi ad Elena", "Ad Anna", "A Bruno"]);
  await page.goto(`${w.url}/projects/${PROJECT}/messages`);
  const last = section(page, "Ultimi messaggi");
  await last.getByRole("button", { name: "Scrivi ad Anna Bianchi" }).waitFor();
  await last.getByText("Ultimo ad Anna Bianchi").waitFor();
  // The sent box does not repeat the inbox's "n messages to read".
  await page.goto(w.url + "/messages");
  await page.getByText(/^\d+ messaggi da leggere\.$/).waitFor();
  await page.getByRole("link", { name: "Inviati", exact: true }).click();
  await page.getByRole("heading", { level: 1, name: "Messaggi inviati" }).waitFor();
  await page.getByText("Ad Anna Bianchi").first().waitFor();
  assert.equal(await page.getByText(/da leggere/).filter({ visible: true }).count(), 0);
  assert.equal(await page.getByText("A Anna Bianchi").count(), 0);
  await context.close();
});

test("a long subject without spaces wraps at 360 px: in the inbox, as the thread's heading, in the project's messages", async () => {
  const anna = await w.login(DEMO.anna);
  const carla = await w.login(DEMO.carla);
  const me = (await w.fetch("/api/me", { cookie: carla })).data.user.id;
  const subject = "Preparationforthetechnicalinterview".repeat(4); // 140 characters, no space
  const r = await w.fetch(`/api/projects/${PROJECT}/messages`, { method: "POST", cookie: anna, headers: { origin: w.url },
    json: { to: me, subject, body: "See the subject." } });
  assert.equal(r.status, 201, r.text);
  const { context, page } = await as(DEMO.carla);
  await page.goto(w.url + "/messages");
  await page.getByRole("link", { name: subject }).waitFor();
  await fits(page);
  await page.getByRole("link", { name: subject }).click();
  await page.getByRole("heading", { level: 1, name: subject }).waitFor();
  await fits(page);
  await page.goto(`${w.url}/projects/${PROJECT}/messages`);
  await section(page, "Last messages").getByRole("link", { name: subject }).waitFor();
  await fits(page);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test("the header's count follows without navigating: when the tab is shown again, and after sending a message", async () => {
  const carla = await w.login(DEMO.carla);
  const annaId = (await w.fetch("/api/me", { cookie: await w.login(DEMO.anna) })).data.user.id;
  const fromCarla = async (subject) => {
    const r = await w.fetch(`/api/projects/${PROJECT}/messages`, { method: "POST", cookie: carla, headers: { origin: w.url },
      json: { to: annaId, subject, body: "Written from my phone." } });
    assert.equal(r.status, 201, r.text);
  };
  const { context, page } = await newPage(browser);
  await page.clock.install();
  await loginUi(page, w.url, DEMO.anna);
  await page.goto(`${w.url}/projects/${PROJECT}/messages`);
  await page.getByRole("heading", { level: 1, name: TITLE }).waitFor();
  await nav(page).getByRole("link", { name: "Messages", exact: true }).waitFor();
  let asked = 0;
  page.on("request", (r) => { if (new URL(r.url()).pathname === "/api/me/messages") asked++; });

  // Carla writes meanwhile; Anna comes back to the tab a while later: the count is asked for again.
  await fromCarla("While you were away");
  await page.clock.fastForward(11_000);
  await page.evaluate(() => document.dispatchEvent(new Event("visibilitychange")));
  await nav(page).getByRole("link", { name: "Messages (1 new)" }).waitFor();
  assert.equal(asked, 1);
  // Coming back again at once asks nothing more (at most every 10 seconds).
  for (let i = 0; i < 3; i++) await page.evaluate(() => document.dispatchEvent(new Event("visibilitychange")));
  await page.waitForTimeout(300);
  assert.equal(asked, 1);

  // Another message arrives; Anna writes to Carla from the project's messages: after sending, the count is fresh.
  await fromCarla("One more thing");
  const card = section(page, "Last messages").locator("li.card", { hasText: "Carla Esposito" });
  await card.getByRole("button", { name: "Write to Carla Esposito" }).click();
  await card.getByLabel("Message", { exact: true }).fill("Got them both, thanks.");
  await card.getByRole("button", { name: "Send to Carla Esposito" }).click();
  await page.getByRole("status").getByText("Your message is sent to Carla Esposito.").waitFor();
  await nav(page).getByRole("link", { name: "Messages (2 new)" }).waitFor();
  assert.deepEqual(page.errors, []);
  await context.close();
});
