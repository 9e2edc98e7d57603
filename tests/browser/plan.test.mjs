// Plan & diary in the browser, at phone size, each person in a browser of their own. Anna (the mentor, in Rome)
// plans "every week on Tuesday at 18:00 Rome time" across the change to summer time; Carla's browser runs in Tokyo
// (her profile too): both see the four sessions, Anna at 18:00, Carla at 02:00 then 01:00 the next day with Rome's
// 18:00 beside, and the hours warning shows next to the form. A held session's diary written by Carla offline, kept
// across a reload while offline, saved once when the connection returns, submitted; Anna comments; Carla reads the
// comment; the next session takes the diary's topic and homework. Two tabs changing the diary: the second one's save
// shows both texts to merge. Interactions, the log book and the calendar feed. axe on every view.
import { test } from "node:test";
import assert from "node:assert/strict";
import { DEMO } from "../support/worker.mjs";
import { withBrowser, newPage, loginUi, axe, cached } from "../support/browser.mjs";
import { PROJECTS } from "../support/demo.mjs";

const PROJECT = PROJECTS.annaCarla; // Anna (mentor, Europe/Rome) and Carla (mentee), active
const TITLE = "Mentoring for Carla Esposito: a first job in software";
const DAY = 86_400_000;

let w, browser, cookies;
withBrowser((s) => ({ w, browser } = s), {}, async () => {
  cookies = { anna: await w.login(DEMO.anna), carla: await w.login(DEMO.carla) };
  // Carla lives in Tokyo.
  const me = await w.fetch("/api/me", { cookie: cookies.carla });
  const r = await w.fetch("/api/me/profile", { method: "PUT", cookie: cookies.carla, json: { display_name: me.data.user.display_name, timezone: "Asia/Tokyo" } });
  assert.equal(r.status, 200, r.text);
});

const api = (who, method, path, json, now) => w.fetch(`/api/projects/${PROJECT}${path}`, { method, cookie: cookies[who], json, now });
const section = (page, name) => page.locator("section", { has: page.getByRole("heading", { level: 2, name, exact: true }) });
const cards = (page) => page.locator("section.sessions li.session");
const card = (page, name) => page.locator(".session", { has: page.getByRole("heading", { level: 3, name, exact: true }) });
const status = (page, text) => page.getByRole("status").filter({ hasText: text }).first().waitFor();

/** A browser in `zone`, logged in as `email`. */
async function as(email, zone, opts = {}) {
  const s = await newPage(browser, { timezoneId: zone, ...opts });
  await loginUi(s.page, w.url, email);
  await s.page.getByRole("heading", { level: 1, name: /^Hello, / }).waitFor();
  return s;
}

async function fits(page) {
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 360, `the page is ${wide} px wide`);
}

async function noViolations(page) {
  await page.waitForLoadState("networkidle");
  const v = await axe(page);
  assert.deepEqual(v, [], JSON.stringify(v, null, 1));
}

async function toPlan(page) {
  await page.goto(`${w.url}/projects/${PROJECT}/plan`);
  await page.getByRole("heading", { level: 1, name: TITLE }).waitFor();
  await page.getByRole("heading", { level: 2, name: "Sessions", exact: true }).waitFor();
}

/** Wait until the field labelled `label` holds `value`. */
async function holds(page, label, value) {
  const box = page.getByLabel(label, { exact: true });
  await box.waitFor();
  await page.waitForFunction(([el, v]) => el.value === v, [await box.elementHandle(), value], { polling: 50 });
}

test("a repeating schedule seen in two zones: Rome's 18:00 every Tuesday, Tokyo's 02:00 then 01:00 the next day", async () => {
  const anna = await as(DEMO.anna, "Europe/Rome");
  const a = anna.page;
  await toPlan(a);
  await section(a, "Sessions").getByText("No session is planned: plan the next one, or a series until the end of the contract.").waitFor();
  await a.getByText("Times are in your time zone, Europe/Rome.").waitFor();
  const plan = a.getByRole("button", { name: "Plan repeating sessions" });
  await plan.click();
  assert.equal(await plan.getAttribute("aria-expanded"), "true");
  const form = a.locator("form.plan-form");
  await form.getByLabel("Topic").fill("Weekly check-in");
  assert.equal(await form.getByLabel("How often").inputValue(), "1");
  await form.getByLabel("On", { exact: true }).selectOption({ label: "Tuesday" });
  await form.getByLabel("Time", { exact: true }).fill("18:00");
  // The zone is Anna's own, from her profile.
  assert.equal(await form.getByLabel("Time zone").inputValue(), "Europe/Rome");
  await form.getByLabel("From").fill("2027-03-16");
  // A last date before the first is refused next to its field.
  await form.getByLabel("Until").fill("2027-03-01");
  await form.getByRole("button", { name: "Plan the sessions" }).click();
  await form.getByText("The last date must be on or after the first.").waitFor();
  assert.equal(await form.getByLabel("Until").getAttribute("aria-invalid"), "true");
  await form.getByLabel("Until").fill("2027-04-06");
  await form.getByLabel("How you meet").selectOption("video");
  await form.getByLabel("Where").fill("https://meet.example/anna");
  await fits(a);
  await noViolations(a);
  await form.getByRole("button", { name: "Plan the sessions" }).click();
  // Said next to the form's button, with the hours warning under it: Carla's nights in Tokyo.
  await form.getByRole("status").filter({ hasText: "4 sessions are planned; everyone is told." }).waitFor();
  const warning = form.locator(".warnings");
  await warning.getByText("Outside 08:00–21:00 for someone, in their own time zone:").waitFor();
  assert.equal(await warning.locator("li").innerText(), "Carla Esposito: 02:00–03:00 (sessions 1, 2); 01:00–02:00 (sessions 3, 4)");
  await noViolations(a);

  // Anna reads 18:00 each time, in Rome.
  assert.equal(await cards(a).count(), 4);
  assert.deepEqual(await cards(a).locator(".when").allInnerTexts(),
    ["Tue, Mar 16, 2027, 18:00", "Tue, Mar 23, 2027, 18:00", "Tue, Mar 30, 2027, 18:00", "Tue, Apr 6, 2027, 18:00"]);
  await card(a, "Session 1: Weekly check-in").getByText("https://meet.example/anna").waitFor();
  // Each session as an .ics file.
  assert.equal(await card(a, "Session 1: Weekly check-in").getByRole("link", { name: "Add session 1 to my calendar (.ics)" }).getAttribute("download"), "session-1.ics");

  // Carla, in Tokyo: the night of Tuesday to Wednesday, 02:00 then 01:00 after Europe's change of clocks; Rome's
  // 18:00 beside.
  const carla = await as(DEMO.carla, "Asia/Tokyo");
  const c = carla.page;
  await toPlan(c);
  await c.getByText("Times are in your time zone, Asia/Tokyo.").waitFor();
  assert.equal(await cards(c).count(), 4);
  assert.deepEqual(await cards(c).locator(".when").allInnerTexts(), [
    "Wed, Mar 17, 2027, 02:00 (Tokyo) · Tue, Mar 16, 18:00 in Rome",
    "Wed, Mar 24, 2027, 02:00 (Tokyo) · Tue, Mar 23, 18:00 in Rome",
    "Wed, Mar 31, 2027, 01:00 (Tokyo) · Tue, Mar 30, 18:00 in Rome",
    "Wed, Apr 7, 2027, 01:00 (Tokyo) · Tue, Apr 6, 18:00 in Rome",
  ]);
  // The figures: the next session, in her zone.
  await section(c, "Plan & diary").getByText("Wed, Mar 17, 2027, 02:00 (Tokyo) · Tue, Mar 16, 18:00 in Rome").waitFor();
  // She proposes a new time for the third (she cannot plan or move sessions herself).
  assert.equal(await c.getByRole("button", { name: "Plan a session" }).count(), 0);
  const third = card(c, "Session 3: Weekly check-in");
  await third.getByRole("button", { name: "Propose a change" }).click();
  await third.getByLabel("Date").fill("2027-03-31");
  await third.getByLabel("Time", { exact: true }).fill("16:00");
  assert.equal(await third.getByLabel("Time zone").inputValue(), "Asia/Tokyo");
  await fits(c);
  await noViolations(c);
  await third.getByRole("button", { name: "Propose the change" }).click();
  await status(c, "Your change to session 3 is proposed: the mentor is asked to answer.");
  await card(c, "Session 3: Weekly check-in").getByText("Carla Esposito proposes a change:").waitFor();

  // Anna accepts it: the session moves (09:00 in Rome, 16:00 in Tokyo), and the move is kept.
  await a.reload();
  await section(a, "Sessions").getByText("Carla Esposito proposes a change to session 3: accept it or reject it.").waitFor();
  const moved = card(a, "Session 3: Weekly check-in");
  await moved.getByText("a new time, Wed, Mar 31, 2027, 09:00;").waitFor();
  await moved.getByRole("button", { name: "Accept the change" }).click();
  await status(a, "Session 3 is changed as Carla Esposito proposed; everyone is told.");
  assert.equal(await moved.locator(".when").innerText(), "Wed, Mar 31, 2027, 09:00");
  await moved.getByText("Moved once").click();
  await moved.getByText("From Tue, Mar 30, 18:00 to Wed, Mar 31, 09:00").waitFor();
  await noViolations(a);
  await c.reload();
  assert.equal(await card(c, "Session 3: Weekly check-in").locator(".when").innerText(), "Wed, Mar 31, 2027, 16:00 (Tokyo) · 09:00 in Rome");
  for (const s of [anna, carla]) assert.deepEqual(s.page.errors, []);
  await anna.context.close();
  await carla.context.close();
});

test("a diary written offline, kept across a reload, synced once, submitted, commented; the next session pre-filled; two tabs merge", async () => {
  // A first session starting in a minute, and the next one in two days (no topic, no homework yet).
  let r = await api("anna", "POST", "/sessions", { topic: "First session", start: Date.now() + 60_000, zone: "Europe/Rome", duration: 60, mode: "video" });
  assert.equal(r.status, 201, r.text);
  const first = r.data.sessions.find((s) => s.topic === "First session");
  r = await api("anna", "POST", "/sessions", { topic: "", start: Date.now() + 2 * DAY, zone: "Europe/Rome", duration: 45, mode: "chat" });
  assert.equal(r.status, 201, r.text);
  assert.equal(first.number, 1);

  // Anna's browser runs an hour after the first session started (the test clock): she marks it held.
  const anna = await as(DEMO.anna, "Europe/Rome");
  const a = anna.page;
  await anna.context.route((url) => url.pathname.startsWith("/api/"), (route) =>
    route.continue({ headers: { ...route.request().headers(), "x-tandem-now": String(first.start_at + 3_600_000) } }));
  await toPlan(a);
  await section(a, "Sessions").getByText("Session 1 has started: say whether it took place.").waitFor();
  await card(a, "Session 1: First session").getByRole("button", { name: "It took place" }).click();
  await status(a, "Session 1 is marked as held: its diary can be written.");
  await card(a, "Session 1: First session").getByText("Not written yet").waitFor();

  // Carla, with the service worker (the page reloads offline).
  const carla = await as(DEMO.carla, "Asia/Tokyo", { serviceWorkers: "allow" });
  const c = carla.page;
  const saves = [];
  c.on("response", (res) => { if (res.request().method() === "PUT" && res.url().endsWith(`/sessions/${first.id}/diary`)) saves.push(res.status()); });
  // Every save sent, and every request that failed (for saying what happened when a wait below is not met).
  const sent = [];
  const failed = [];
  c.on("request", (q) => { if (q.method() === "PUT" && q.url().endsWith(`/sessions/${first.id}/diary`)) sent.push(Date.now()); });
  c.on("requestfailed", (q) => failed.push(`${q.method()} ${new URL(q.url()).pathname}: ${q.failure()?.errorText}`));
  await toPlan(c);
  await section(c, "Sessions").getByRole("link", { name: /^Write the diary of session 1/ }).click();
  await c.getByRole("heading", { level: 2, name: "Diary of session 1" }).waitFor();
  assert.equal(new URL(c.url()).pathname, `/projects/${PROJECT}/plan/${first.id}`);
  await c.getByRole("checkbox", { name: "Anna Bianchi (Mentor)" }).waitFor();
  await cached(c, ["/", "/js/app.js", "/js/routes.js", "/js/mentoring/plan.js", "/js/mentoring/diary.js", "/js/mentoring/diary-drafts.js",
    "/js/mentoring/when.js", "/js/mentoring/calendar-feed.js", "/js/mentoring/sections.js", "/i18n/process.en.json", "/i18n/en.json"]);
  await noViolations(c);

  // Offline: she writes; it is kept on her phone (once the page knows it is offline, as she sees it).
  await carla.context.setOffline(true);
  await c.waitForFunction(() => !navigator.onLine);
  const answers = {
    "How is everyone?": "Fine, a bit tired.",
    "Current issues": "Two interviews next week.",
    "Dealing with the target": "CV sent to five firms.",
    "Topic for the next session": "Preparing for interviews\nand salary talk",
    "Homework": "Write a one-page story of my internship.",
  };
  for (const [label, text] of Object.entries(answers)) await c.getByLabel(label, { exact: true }).fill(text);
  await c.getByLabel("How long it lasted, in minutes").fill("55");
  await status(c, "Offline: kept on this device. It will be saved when the connection returns.");
  await fits(c);

  // A reload, still offline: the page comes from the service worker, the text from this device.
  await c.reload();
  await c.getByRole("heading", { level: 2, name: "Diary of session 1" }).waitFor();
  for (const [label, text] of Object.entries(answers)) await holds(c, label, text);
  await holds(c, "How long it lasted, in minutes", "55");
  await c.getByLabel("Current issues", { exact: true }).fill("Two interviews next week, the first on Monday.");
  await status(c, "Offline: kept on this device.");
  assert.deepEqual(saves, [], "nothing was sent offline");

  // Back online: saved once.
  // What the line under the diary says stays (a status line gives way to the next message on the page).
  await carla.context.setOffline(false);
  await c.locator(".diary-form .save-line").getByText(/^Saved in Tandem: /).waitFor({ timeout: 20_000 }).catch(async (e) => {
    // When it does not come, say what the page showed instead, and what the server holds.
    const stored = (await api("carla", "GET", `/sessions/${first.id}/diary`)).data?.entry;
    const shown = { saves, sent: sent.length, failed, stored: stored && { revision: stored.revision, answers: stored.answers }, status: await c.getByRole("status").allTextContents(),
      line: await c.locator(".save-line").allTextContents(), online: await c.evaluate(() => navigator.onLine) };
    throw new Error(`${e.message}\n${JSON.stringify(shown)}`);
  });
  assert.deepEqual(saves, [200]);
  r = await api("carla", "GET", `/sessions/${first.id}/diary`);
  assert.equal(r.data.entry.revision, 1);
  assert.deepEqual(JSON.parse(r.data.entry.answers), ["Fine, a bit tired.", "Two interviews next week, the first on Monday.", "CV sent to five firms.",
    "Preparing for interviews\nand salary talk", "Write a one-page story of my internship."]);
  assert.equal(r.data.entry.minutes, 55);

  // Submitted: the next session is pre-filled, and the goals' review offered.
  await c.getByRole("button", { name: "Submit the diary" }).click();
  await status(c, "The diary is submitted: Anna Bianchi is asked to read it and comment.");
  const after = c.locator(".after-submit");
  await after.getByText("Topic: Preparing for interviews").waitFor();
  await after.getByText("Write a one-page story of my internship.").waitFor();
  await after.getByText("CV sent to five firms.").waitFor();
  assert.equal(await after.getByRole("link", { name: "Record progress on the goals" }).getAttribute("href"), `/projects/${PROJECT}/goals#review`);
  await noViolations(c);
  assert.deepEqual(saves, [200]);

  // Anna reads it and comments.
  await a.reload();
  await section(a, "Sessions").getByRole("link", { name: "Read and comment on the diary of session 1, by Carla Esposito" }).click();
  await a.getByRole("heading", { level: 3, name: "Dealing with the target" }).waitFor();
  await a.getByText("CV sent to five firms.").waitFor();
  await a.getByText("Present: Anna Bianchi, Carla Esposito.").waitFor();
  await a.getByRole("button", { name: "Send the comment" }).click();
  await a.getByText("This field is required.").waitFor();
  await a.getByLabel("Your comment").fill("Well done: prepare two questions for each interview.");
  await a.getByRole("button", { name: "Send the comment" }).click();
  await status(a, "Your comment is saved: Carla Esposito is told.");
  await noViolations(a);

  // Carla reads the comment; the next session took the topic and homework.
  await c.reload();
  await c.locator(".diary-comment").getByText("Well done: prepare two questions for each interview.").waitFor();
  await c.getByRole("heading", { level: 3, name: "Comment by Anna Bianchi" }).waitFor();
  await toPlan(c);
  const next = card(c, "Session 2: Preparing for interviews");
  await next.getByText("Write a one-page story of my internship.").waitFor();

  // Two tabs change the diary: the second one's save finds the first one's text, and shows both.
  const c2 = await carla.context.newPage();
  c2.setDefaultTimeout(10_000);
  for (const p of [c, c2]) {
    await p.goto(`${w.url}/projects/${PROJECT}/plan/${first.id}`);
    await p.getByRole("button", { name: "Change the diary" }).click();
    await holds(p, "Dealing with the target", "CV sent to five firms.");
  }
  await c.getByLabel("Dealing with the target", { exact: true }).fill("CV sent to five firms; two answered.");
  await c.getByRole("button", { name: "Save the changes" }).click();
  await status(c, "Your changes are saved as a new version.");
  await c2.getByLabel("Dealing with the target", { exact: true }).fill("CV sent to five firms and to a startup.");
  await c2.getByRole("button", { name: "Save the changes" }).click();
  const merge = c2.locator("form.merge");
  await merge.getByRole("heading", { name: "Two versions: compare and merge" }).waitFor();
  await status(c2, "This diary was saved elsewhere meanwhile");
  const item = merge.locator("fieldset", { has: c2.getByText("Dealing with the target", { exact: true }) });
  assert.equal(await item.getByLabel("Your text").inputValue(), "CV sent to five firms and to a startup.");
  await item.locator(".theirs").getByText("CV sent to five firms; two answered.").waitFor();
  // Only the point that differs is shown.
  assert.equal(await merge.locator("fieldset").count(), 1);
  await noViolations(c2);
  await item.getByRole("button", { name: "Add it to yours" }).click();
  await merge.getByRole("button", { name: "Save the merged diary" }).click();
  await c2.getByRole("button", { name: "Save the changes" }).click();
  await status(c2, "Your changes are saved as a new version.");
  r = await api("carla", "GET", `/sessions/${first.id}/diary`);
  assert.equal(JSON.parse(r.data.entry.answers)[2], "CV sent to five firms and to a startup.\n\nCV sent to five firms; two answered.");
  assert.equal(r.data.entry.revision, 3);
  await c2.getByText("Earlier versions (2)").waitFor();
  assert.deepEqual(anna.page.errors, []);
  assert.deepEqual(c.errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch|net::/.test(e)), []);
  await anna.context.close();
  await carla.context.close();
});

test("interactions against the minimum, confirmed by another member; a private log book; the calendar feed", async () => {
  const carla = await as(DEMO.carla, "Asia/Tokyo");
  const c = carla.page;
  await toPlan(c);
  const inter = section(c, "Interactions");
  await inter.getByText(/^Interactions so far: \d+ of 4\.$/).waitFor();
  await inter.getByText(/^Counted: sessions held with a diary, 1; interactions confirmed by another member, 0; days when both sides wrote in the chat, \d+\.$/).waitFor();
  await inter.getByRole("button", { name: "Log an interaction" }).click();
  await inter.getByLabel("What it was").selectOption("call");
  await inter.getByLabel("How many minutes").fill("20");
  await inter.getByLabel("Note").fill("A quick call about an offer.");
  await noViolations(c);
  await inter.getByRole("button", { name: "Log it" }).click();
  await status(c, "Logged: it counts once another member confirms it.");
  await inter.getByText("Waiting for another member to confirm it").waitFor();
  assert.equal(await inter.getByRole("button", { name: "Confirm it" }).count(), 0, "not one's own");

  // Anna confirms it: it counts.
  const anna = await as(DEMO.anna, "Europe/Rome");
  const a = anna.page;
  await toPlan(a);
  const hers = section(a, "Interactions");
  const before = await hers.getByText(/^Interactions so far:/).innerText();
  await hers.locator("li", { hasText: "A quick call about an offer." }).getByRole("button", { name: "Confirm it" }).click();
  await status(a, "Confirmed: it counts.");
  await hers.getByText("Confirmed by Anna Bianchi").waitFor();
  const n = (s) => Number(/so far: (\d+)/.exec(s)[1]);
  assert.equal(n(await hers.getByText(/^Interactions so far:/).innerText()), n(before) + 1);

  // Carla's log book: hers alone.
  const book = section(c, "My log book");
  await book.getByText("Private notes on how the mentoring goes: only you can read them.").waitFor();
  await book.getByLabel("A new note").fill("I felt more confident today.");
  await book.getByRole("button", { name: "Add to my log book" }).click();
  await status(c, "Added to your log book.");
  await book.getByText("I felt more confident today.").waitFor();
  await a.reload();
  await section(a, "My log book").getByText("No notes yet.").waitFor();

  // The calendar feed: a private address to copy, a warning that it is private, stopped.
  const cal = section(c, "Calendar");
  await carla.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: w.url });
  await cal.getByRole("button", { name: "Make my private calendar address" }).click();
  await status(c, "Your private calendar address is ready");
  const address = await cal.getByLabel("Your calendar address").inputValue();
  assert.match(address, /\/api\/calendar\?token=[0-9a-f]{64}$/);
  await cal.getByText("Keep this address private: anyone who has it sees the times, topics and places of your sessions.").waitFor();
  await cal.getByRole("button", { name: "Copy the address" }).click();
  await status(c, /Copied|copy it yourself/);
  await noViolations(c);
  const feed = await w.fetch(new URL(address).pathname + new URL(address).search);
  assert.equal(feed.status, 200);
  assert.match(feed.text, /BEGIN:VCALENDAR/);
  await cal.getByRole("button", { name: "Stop my calendar feed" }).click();
  await status(c, "Your calendar feed is stopped: its address no longer works.");
  assert.equal((await w.fetch(new URL(address).pathname + new URL(address).search)).status, 404);
  // On the account page too.
  await c.goto(`${w.url}/account`);
  await section(c, "Calendar").getByRole("button", { name: "Make my private calendar address" }).waitFor();
  await noViolations(c);
  assert.deepEqual(c.errors, []);
  await anna.context.close();
  await carla.context.close();
});

test("the coordinator: the plan and the diaries' states, never their text, no log book; in Italian for Carla", async () => {
  const cora = await as(DEMO.coordinator, "Europe/Rome");
  const k = cora.page;
  await toPlan(k);
  await section(k, "Sessions").locator("details.older summary").click();
  // Its topic is the members' (the coordinator's plan has times and states).
  const held = card(k, "Session 1");
  await held.getByText("Commented", { exact: true }).waitFor();
  await held.getByRole("link", { name: "The diary of session 1" }).click();
  const diary = section(k, "Diary of session 1");
  await diary.getByText("Commented", { exact: true }).waitFor();
  await diary.getByText("Submitted on").waitFor();
  assert.equal(await k.getByText("CV sent to five firms").count(), 0);
  await toPlan(k);
  assert.equal(await section(k, "My log book").count(), 0);
  assert.equal(await k.getByRole("button", { name: "Plan a session" }).count(), 0);
  await noViolations(k);
  await cora.context.close();

  const { context, page } = await newPage(browser, { lang: "it-IT", timezoneId: "Asia/Tokyo" });
  await page.goto(w.url + "/login");
  await page.getByLabel("Indirizzo e-mail").fill(DEMO.carla);
  await page.getByLabel("Password", { exact: true }).fill("demo-password-2026");
  await page.getByRole("button", { name: "Accedi" }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/login"));
  await page.goto(`${w.url}/projects/${PROJECT}/plan`);
  await page.getByRole("heading", { level: 2, name: "Sessioni", exact: true }).waitFor();
  await page.getByText("Gli orari sono nel tuo fuso orario, Asia/Tokyo.").waitFor();
  await card(page, "Sessione 3: Weekly check-in").getByText("In programma", { exact: true }).waitFor();
  assert.match(await card(page, "Sessione 6: Weekly check-in").locator(".when").innerText(), /^mer 7 apr 2027, 01:00 \(Tokyo\) · mar 6 apr, 18:00 \(Rome\)$/);
  await section(page, "Interazioni").getByText(/^Interazioni finora: \d+ su 4\.$/).waitFor();
  await section(page, "Il mio diario di bordo").waitFor();
  await noViolations(page);
  assert.deepEqual(page.errors, []);
  await context.close();
});
