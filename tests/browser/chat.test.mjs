// The project chatroom in the browser (its section of the project's workspace, /projects/{id}/chat): two members chat
// live, a message written offline is delivered once when the connection comes back, the room turns read-only when the
// project ends, and axe finds nothing to fix.
import { test } from "node:test";
import assert from "node:assert/strict";
import { DEMO } from "../support/worker.mjs";
import { withBrowser, newPage, loginUi, axe } from "../support/browser.mjs";
import { PROJECTS } from "../support/demo.mjs";

const PROJECT = PROJECTS.annaCarla; // Anna (mentor) and Carla (mentee), active
const TITLE = "Mentoring for Carla Esposito: a first job in software";

let w, browser;
  // A higher rate limit, so that one test can fill more than a page of history quickly.
withBrowser((s) => ({ w, browser } = s), { vars: { CHAT_RATE_MESSAGES: "1000" } });

/** Log in as someone in a fresh context and open the project's chat, connected. */
async function open(email, { connected = "Connected", init, viewport } = {}) {
  const s = await newPage(browser, viewport ? { viewport } : {});
  if (init) await s.context.addInitScript(init);
  await loginUi(s.page, w.url, email);
  await s.page.goto(`${w.url}/projects/${PROJECT}/chat`);
  await s.page.getByRole("heading", { level: 1, name: TITLE }).waitFor();
  await connection(s.page, connected).waitFor();
  return s;
}

/** A network where WebSockets never connect (some proxies and captive portals). */
function noWebSockets() {
  window.WebSocket = class {
    static CONNECTING = 0; static OPEN = 1; static CLOSING = 2; static CLOSED = 3;
    constructor() {
      this.readyState = 0;
      setTimeout(() => { this.readyState = 3; if (this.onclose) this.onclose({ code: 1006 }); }, 50);
    }
    send() { throw new Error("not open"); }
    close() {}
  };
}

const chat = (page) => page.locator("section.chat");
/** The connection's state as said next to the message box (`text`: the whole text, or a RegExp). */
const connection = (page, text) => chat(page).locator("form p.chat-status")
  .filter({ hasText: typeof text === "string" ? new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`) : text });
const messages = (page) => chat(page).getByRole("list", { name: "Messages" }).getByRole("listitem");
const message = (page, text) => messages(page).filter({ hasText: text });

async function write(page, text) {
  const box = chat(page).getByLabel("Your message");
  await box.fill(text);
  await box.press("Enter");
}

async function history(cookie) {
  const r = await w.fetch(`/api/projects/${PROJECT}/chat/messages?limit=200`, { cookie });
  assert.equal(r.status, 200);
  return r.data;
}

test("Anna and Carla chat: each sees the other's messages appear without reloading", async () => {
  const anna = await open(DEMO.anna);
  const carla = await open(DEMO.carla);
  await chat(carla.page).getByText("No messages yet. Say hello!").waitFor();

  await write(anna.page, "Hello Carla! How did the interview go?");
  const got = message(carla.page, "Hello Carla! How did the interview go?");
  await got.waitFor();
  assert.match(await got.innerText(), /Anna Bianchi/);
  // Anna sees her own message, marked as hers, with its time.
  const mine = message(anna.page, "Hello Carla! How did the interview go?");
  await mine.waitFor();
  assert.match(await mine.getAttribute("class"), /\bmine\b/);
  assert.match(await mine.innerText(), /^You\b/);
  assert.equal(await mine.locator("time").count(), 1);
  await mine.getByText("Sending…").waitFor({ state: "detached" });

  // The other way round; Shift+Enter makes a new line, and text is never HTML.
  const box = chat(carla.page).getByLabel("Your message");
  await box.fill("Quite well, thanks!");
  await box.press("Shift+Enter");
  await box.pressSequentially("<b>Second</b> round on Friday.");
  assert.equal(await box.inputValue(), "Quite well, thanks!\n<b>Second</b> round on Friday.");
  await chat(carla.page).getByRole("button", { name: "Send" }).click();
  const reply = message(anna.page, "<b>Second</b> round on Friday.");
  await reply.waitFor();
  assert.match(await reply.innerText(), /Carla Esposito/);
  assert.equal(await reply.locator("b").count(), 0, "text is never rendered as HTML");
  assert.equal(await box.inputValue(), "", "the composer is emptied");

  // Near the limit, a counter; over it, nothing is sent.
  await box.fill("x".repeat(3990));
  await chat(carla.page).getByText("10 characters left").waitFor();
  await box.fill("x".repeat(4005));
  await chat(carla.page).getByText("5 characters too many (at most 4,000)").waitFor();
  await box.press("Enter");
  assert.equal((await history(await w.login(DEMO.anna))).messages.length, 2);

  assert.equal(await messages(anna.page).count(), 2);
  assert.equal(await messages(carla.page).count(), 2);
  assert.deepEqual(anna.page.errors, []);
  assert.deepEqual(carla.page.errors, []);
  await anna.context.close();
  await carla.context.close();
});

test("offline and back: Carla's message waits as pending, then is delivered once", async () => {
  const anna = await open(DEMO.anna);
  const carla = await open(DEMO.carla);
  const text = "Written on the train, with no signal.";

  await carla.context.setOffline(true);
  await connection(carla.page, /^Offline/).waitFor();
  // Said above the list and next to the message box, announced once (only the one by the box is a live region).
  await chat(carla.page).locator("p.chat-status").first().getByText(/^Offline/).waitFor();
  assert.equal(await chat(carla.page).locator("[aria-live]").filter({ hasText: /^Offline/ }).count(), 1);
  assert.match(await chat(carla.page).getByLabel("Your message").getAttribute("aria-describedby"), new RegExp(await connection(carla.page, /^Offline/).getAttribute("id")));
  await write(carla.page, text);
  const pending = message(carla.page, text);
  await pending.getByText("Waiting for the connection").waitFor();
  assert.equal(await pending.getByText("Sending…").count(), 0);
  // It survives in this device's queue (localStorage), with its client id.
  const queued = await carla.page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("tandem.chat.")).map((k) => JSON.parse(localStorage.getItem(k))));
  assert.equal(queued.length, 1);
  assert.equal(queued[0][0].text, text);
  assert.match(queued[0][0].client_id, /^[A-Za-z0-9_-]{1,64}$/);
  await carla.page.waitForTimeout(1500);
  assert.equal(await message(anna.page, text).count(), 0, "nothing left while offline");

  await carla.context.setOffline(false);
  await connection(carla.page, "Connected").waitFor();
  await pending.getByText(/Sending…|Waiting for the connection/).waitFor({ state: "detached" });
  await message(anna.page, text).waitFor();
  await anna.page.waitForTimeout(1000);
  assert.equal(await message(anna.page, text).count(), 1, "Anna sees it exactly once");
  assert.equal(await message(carla.page, text).count(), 1);
  assert.equal(await carla.page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("tandem.chat.")).length), 0, "the queue is empty");

  const h = await history(await w.login(DEMO.carla));
  assert.equal(h.messages.filter((m) => m.text === text).length, 1, "stored once");
  assert.deepEqual(carla.page.errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|WebSocket/.test(e)), []);
  await anna.context.close();
  await carla.context.close();
});

test("back online, a queued message says “Sending…” instead of “Waiting for the connection”", async () => {
  const carla = await open(DEMO.carla, { connected: "Connected (slower mode)", init: noWebSockets });
  // From now on the room does not take messages (nor answer a poll): back online, the message stays on its way.
  await carla.page.route((url) => url.pathname.startsWith(`/api/projects/${PROJECT}/chat`), () => {});
  await carla.context.setOffline(true);
  await connection(carla.page, /^Offline/).waitFor();
  const box = chat(carla.page).getByLabel("Your message");
  await box.fill("Queued while offline, then on its way.");
  await chat(carla.page).getByRole("button", { name: "Send" }).click();
  const pending = message(carla.page, "Queued while offline, then on its way.");
  await pending.getByText("Waiting for the connection").waitFor();
  await carla.context.setOffline(false);
  await connection(carla.page, "Connected (slower mode)").waitFor();
  await pending.getByText("Sending…").waitFor();
  assert.equal(await pending.getByText("Waiting for the connection").count(), 0);
  await carla.page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("tandem.chat.")).forEach((k) => localStorage.removeItem(k)));
  await carla.context.close();
});

test("on a touch screen Enter starts a new line and the Send button sends; the hint says so", async () => {
  const s = await newPage(browser, { hasTouch: true });
  await loginUi(s.page, w.url, DEMO.carla);
  await s.page.goto(`${w.url}/projects/${PROJECT}/chat`);
  await connection(s.page, "Connected").waitFor();
  await chat(s.page).getByText("Press Send to send your message; Enter starts a new line.", { exact: false }).waitFor();
  assert.equal(await chat(s.page).getByText("Shift+Enter", { exact: false }).count(), 0);
  const box = chat(s.page).getByLabel("Your message");
  await box.fill("First line");
  await box.press("Enter");
  await box.pressSequentially("second line, sent from a phone.");
  assert.equal(await box.inputValue(), "First line\nsecond line, sent from a phone.");
  assert.equal(await message(s.page, "sent from a phone").count(), 0, "Enter did not send");
  await chat(s.page).getByRole("button", { name: "Send" }).click();
  await message(s.page, "sent from a phone").getByText("Sending…").waitFor({ state: "detached" });
  assert.equal(await box.inputValue(), "");
  assert.deepEqual(s.page.errors, []);
  await s.context.close();
});

test("without WebSockets the chat falls back to HTTP: sending with POST, receiving by long-polling", async () => {
  const anna = await open(DEMO.anna);
  const carla = await open(DEMO.carla, { connected: "Connected (slower mode)", init: noWebSockets });
  await message(carla.page, "Written on the train, with no signal.").waitFor();

  await write(anna.page, "Can you read me over the slow line?");
  await message(carla.page, "Can you read me over the slow line?").waitFor();
  await write(carla.page, "Yes, loud and clear.");
  await message(anna.page, "Yes, loud and clear.").waitFor();
  await message(carla.page, "Yes, loud and clear.").getByText("Sending…").waitFor({ state: "detached" });
  await anna.page.waitForTimeout(500);
  assert.equal(await message(anna.page, "Yes, loud and clear.").count(), 1);
  assert.equal(await message(carla.page, "Yes, loud and clear.").count(), 1);
  assert.deepEqual(carla.page.errors, []);
  await anna.context.close();
  await carla.context.close();
});

test("axe-core finds no violations on the project's chat", async () => {
  const carla = await open(DEMO.carla);
  await messages(carla.page).first().waitFor();
  await carla.page.waitForLoadState("networkidle").catch(() => {});
  const violations = await axe(carla.page);
  assert.deepEqual(violations, [], JSON.stringify(violations, null, 1));
  // With the counter showing.
  await chat(carla.page).getByLabel("Your message").fill("y".repeat(3600));
  await chat(carla.page).getByText("400 characters left").waitFor();
  assert.deepEqual(await axe(carla.page), []);
  await carla.context.close();
});

test("a long history: the newest page at the bottom, older messages on demand", async () => {
  const anna = await w.login(DEMO.anna);
  for (let i = 1; i <= 60; i++) {
    const r = await w.fetch(`/api/projects/${PROJECT}/chat/messages`, { method: "POST", cookie: anna, headers: { origin: w.url }, json: { client_id: `bulk-${i}`, text: `Note number ${i}` } });
    assert.equal(r.status, 200, r.text);
  }
  const total = (await history(anna)).messages.length;
  assert.ok(total > 60);
  // A small screen (a phone with its keyboard open): the end of the list starts below the fold.
  const carla = await open(DEMO.carla, { viewport: { width: 360, height: 400 } });
  await message(carla.page, "Note number 60").waitFor();
  assert.equal(await messages(carla.page).count(), 50);
  assert.equal(await messages(carla.page).last().innerText().then((t) => t.includes("Note number 60")), true, "newest at the bottom");
  // Not seen yet (the end of the list is below the fold): the heading counts them; once seen, they are read.
  await chat(carla.page).getByRole("heading", { name: /^Chat \(\d+ unread\)$/ }).waitFor();
  // The section bar's badge says it too, and follows.
  const tab = carla.page.getByRole("navigation", { name: "Project sections" }).getByRole("link", { name: /^Chat/ });
  assert.match(await tab.textContent(), /^Chat \(\d+ new\)\d+$/);
  await chat(carla.page).locator(".chat-end").scrollIntoViewIfNeeded();
  await chat(carla.page).getByRole("heading", { name: "Chat", exact: true }).waitFor();
  await carla.page.getByRole("navigation", { name: "Project sections" }).getByRole("link", { name: "Chat", exact: true }).waitFor();
  assert.equal((await w.fetch(`/api/projects/${PROJECT}/chat/read`, { method: "POST", cookie: await w.login(DEMO.carla), headers: { origin: w.url }, json: { seq: 0 } })).data.unread, 0);
  await chat(carla.page).getByRole("button", { name: "Load older messages" }).click();
  await message(carla.page, "Hello Carla! How did the interview go?").waitFor();
  assert.equal(await messages(carla.page).count(), total);
  await chat(carla.page).getByRole("button", { name: "Load older messages" }).waitFor({ state: "hidden" });
  assert.match(await messages(carla.page).first().innerText(), /Hello Carla! How did the interview go\?/);
  await carla.context.close();
});

test("read-only once the project is completed: the history stays, the composer is disabled", async () => {
  const carla = await open(DEMO.carla);
  const before = await messages(carla.page).count();
  assert.ok(before > 0);
  const anna = await w.login(DEMO.anna);
  const done = await w.fetch(`/api/projects/${PROJECT}/actions`, { method: "POST", cookie: anna, headers: { origin: w.url }, json: { action: "complete" } });
  assert.equal(done.status, 200, done.text);
  assert.equal(done.data.project.state, "completed");

  await carla.page.reload();
  await carla.page.getByRole("heading", { level: 1, name: TITLE }).waitFor();
  await chat(carla.page).getByText("This project is not active: you can read the chat, but not write in it.").waitFor();
  assert.equal(await chat(carla.page).getByLabel("Your message").isDisabled(), true);
  assert.equal(await chat(carla.page).getByRole("button", { name: "Send" }).isDisabled(), true);
  await message(carla.page, "Note number 60").waitFor();
  assert.equal(await messages(carla.page).count(), before, "the history is still there");
  assert.deepEqual(await axe(carla.page), []);
  await carla.context.close();
});
