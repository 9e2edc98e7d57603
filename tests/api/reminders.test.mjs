// Reminders the project's space sends by itself when they fall due: a session tomorrow (its time in the recipient's
// zone), a contract unsigned after three days, a diary missing three days after its session, an overdue objective.
// Each is sent once.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startWorker, DEMO, USERS, PROJECTS } from "../support/worker.mjs";

const P = PROJECTS.annaCarla;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let w;

before(async () => {
  w = await startWorker();
});
after(async () => w.dispose());

/** Waits (as a person waits for their inbox) until a notice of this kind has reached this person. */
async function notified(user, kind) {
  const until = Date.now() + 10_000;
  for (;;) {
    const n = await w.count("SELECT COUNT(*) FROM notifications WHERE user_id = ? AND kind = ?", user, kind);
    if (n > 0 || Date.now() > until) return n;
    await new Promise((r) => setTimeout(r, 50));
  }
}

const as = async (email, at) => {
  const cookie = await w.login(email, undefined, { now: at });
  return (method, path, json) => w.fetch(`/api/projects/${P}${path}`, { method, cookie, json, now: at });
};

test("a session starting within a day: everyone is reminded once, with the time in their own zone", async () => {
  const me = await w.login(DEMO.carla);
  const name = (await w.fetch("/api/me", { cookie: me })).data.user.display_name;
  await w.fetch("/api/me/profile", { method: "PUT", cookie: me, json: { display_name: name, timezone: "Asia/Tokyo" } });
  // Carla reads Tandem in Italian: her e-mails are written in it.
  const pref = await w.fetch("/api/me/preferences", { method: "PUT", cookie: me, json: { language: "it" } });
  assert.equal(pref.status, 200, pref.text);
  assert.equal((await w.fetch("/api/me/preferences", { method: "PUT", cookie: me, json: { language: "xx" } })).status, 422);
  const anna = await as(DEMO.anna, Date.now());
  const start = Date.now() + 5 * HOUR;
  const r = await anna("POST", "/sessions", { topic: "Soon", start, zone: "Europe/Rome", duration: 30, mode: "chat" });
  assert.equal(r.status, 201, r.text);
  assert.equal(await notified(USERS.carla, "session_soon"), 1);
  const n = await w.db.prepare("SELECT note FROM notifications WHERE user_id = ? AND kind = 'session_soon'").bind(USERS.carla).first();
  const tokyo = new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Tokyo", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" }).format(new Date(start));
  assert.equal(n.note, `${tokyo} (Asia/Tokyo)`);
  assert.match((await w.lastMail(DEMO.anna)).subject, /^Tandem: A session of ".*" starts in about 24 hours/);
  // Queued in English; written in Italian for Carla when it is sent (by the cron: a reminder is no request's).
  await w.cron();
  const soon = await w.db.prepare("SELECT id FROM outbox WHERE to_email = ? AND made LIKE '%\"session_soon\"%'").bind(DEMO.carla).first();
  assert.match((await w.delivered(soon.id)).subject, /^Tandem: Una sessione di «.*» inizia tra circa 24 ore/);
  assert.equal(await notified(USERS.anna, "session_soon"), 1);
});

test("a contract unsigned three days after it was proposed: the ones who have not signed are reminded", async () => {
  // Proposed (and signed by Anna) a few seconds short of three days ago: the reminder falls due once both are done,
  // whatever the machine's load (proposed four days ago, it could come between the proposal and Anna's signature).
  const then = Date.now() - 3 * DAY + 4000;
  const anna = await as(DEMO.anna, then);
  let r = await anna("POST", "/contract", { starts_on: "2026-12-01", ends_on: "2027-06-01", clauses: [{ title: "One", text: "We meet." }] });
  assert.equal(r.status, 201, r.text);
  const v = r.data.versions[0];
  r = await anna("POST", `/contract/${v.id}/actions`, { action: "propose" });
  assert.equal(r.status, 200, r.text);
  r = await anna("POST", `/contract/${v.id}/actions`, { action: "sign", hash: v.hash });
  assert.equal(r.status, 200, r.text);
  assert.equal(await notified(USERS.carla, "contract_unsigned"), 1);
  assert.equal(await notified(USERS.coordinator, "contract_unsigned"), 1);
  assert.equal(await w.count("SELECT COUNT(*) FROM notifications WHERE user_id = ? AND kind = 'contract_unsigned'", USERS.anna), 0, "Anna signed");
});

test("a diary missing three days after its session, and an overdue objective", async () => {
  const then = Date.now() - 5 * DAY;
  const anna = await as(DEMO.anna, then);
  let r = await anna("POST", "/sessions", { topic: "Past", start: then + HOUR, zone: "Europe/Rome", duration: 60, mode: "video" });
  assert.equal(r.status, 201, r.text);
  const s = r.data.sessions.find((x) => x.topic === "Past");
  const later = await as(DEMO.anna, then + 2 * HOUR);
  assert.equal((await later("POST", `/sessions/${s.id}/actions`, { action: "hold" })).status, 200);
  assert.equal(await notified(USERS.carla, "diary_missing"), 1);

  const carla = await as(DEMO.carla, Date.now());
  r = await carla("POST", "/goals", { title: "A goal" });
  const goal = r.data.goals.find((g) => g.title === "A goal");
  const yesterday = new Date(Date.now() - DAY).toISOString().slice(0, 10);
  r = await carla("POST", `/goals/${goal.id}/objectives`, { title: "Late step", due: yesterday });
  assert.equal(r.status, 201, r.text);
  assert.equal(await notified(USERS.carla, "objective_overdue"), 1);
  assert.equal(await notified(USERS.anna, "objective_overdue"), 1);
  // Once each: another change of the goals sends nothing again.
  await carla("POST", `/goals/${goal.id}/objectives`, { title: "Another step" });
  await new Promise((res) => setTimeout(res, 300));
  assert.equal(await w.count("SELECT COUNT(*) FROM notifications WHERE user_id = ? AND kind = 'objective_overdue'", USERS.carla), 1);
});
