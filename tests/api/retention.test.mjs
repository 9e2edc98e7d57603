// Pruning and retention: delivered mail loses its body, repeats of an event merge into one notification, read
// notifications go after 30 days and unread ones after 90, the audit log keeps 12 months in D1 and older entries
// are archived to R2 as JSON lines; the cron deletes a chunk at a time and the database frees the space.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startWorker, DEMO, USERS, DEMO_COMMUNITY } from "../support/worker.mjs";

const DAY = 86_400_000;
let w;
before(async () => {
  w = await startWorker();
});
after(async () => w.dispose());

test("a delivered mail's body leaves the outbox; the mail as sent reached its reader", async () => {
  const dev = await w.login(DEMO.dev);
  await w.fetch("/api/auth/forgot", { method: "POST", json: { email: DEMO.carla } });
  const queued = await w.lastMail(DEMO.carla);
  const sent = await w.delivered(queued.id);
  assert.match(sent.body, /reset#token=/);
  const row = await w.db.prepare("SELECT status, body FROM outbox WHERE id = ?").bind(queued.id).first();
  assert.deepEqual(row, { status: "sent", body: "" });
  assert.ok(dev);
});

test("repeats of the same event merge into one unread notification", async () => {
  const [dev, coordinator] = [await w.login(DEMO.dev), await w.login(DEMO.coordinator)];
  const roll = `/api/communities/${DEMO_COMMUNITY}/roll`;
  const apply = () => w.fetch(`${roll}/applications`, { method: "POST", cookie: dev, json: { motivation: "I have built two small businesses and want to help others start." } });
  assert.equal((await apply()).status, 201);
  const rejected = await w.fetch(`${roll}/entries/${USERS.dev}/decision`, { method: "POST", cookie: coordinator, json: { decision: "reject", note: "Tell us more first." } });
  assert.equal(rejected.status, 200, rejected.text);
  assert.equal((await apply()).status, 201);
  const notes = await w.fetch("/api/notifications", { cookie: coordinator });
  assert.equal(notes.data.items.filter((n) => n.kind === "roll_application").length, 1);
  assert.equal(notes.data.unread, 1);
  // Another person's application is another event: both stay.
  const carla = await w.login(DEMO.carla);
  const hers = await w.fetch(`${roll}/applications`, { method: "POST", cookie: carla, json: { motivation: "I would like to help other students find their first job in tech." } });
  assert.equal(hers.status, 201, hers.text);
  const both = await w.fetch("/api/notifications", { cookie: coordinator });
  assert.equal(both.data.items.filter((n) => n.kind === "roll_application").length, 2);
});

test("old notifications, delivered mail and audit entries leave D1 in chunks; the audit goes to R2; space is freed", async () => {
  const now = Date.now();
  const user = USERS.carla;
  const rows = (n, make) => Array.from({ length: n }, (_, i) => make(i));
  const hex = (prefix, i) => prefix + String(i).padStart(26 - prefix.length, "0") + "aa";
  const insert = (sql, values) => w.db.batch(values.map((v) => w.db.prepare(sql).bind(...v)));
  const note = "x".repeat(400);
  await insert("INSERT INTO notifications (id, user_id, kind, title, note, read_at, created_at) VALUES (?, ?, 'roll_decided', 't', ?, ?, ?)", [
    ...rows(1200, (i) => [hex("01", i), user, note, now - 35 * DAY, now - 40 * DAY]), // read, 35 days ago: go
    ...rows(600, (i) => [hex("02", i), user, note, null, now - 100 * DAY]), // unread, 100 days old: go
    ...rows(5, (i) => [hex("03", i), user, note, now - 5 * DAY, now - 6 * DAY]), // read lately: stay
    ...rows(5, (i) => [hex("04", i), user, note, null, now - 60 * DAY]), // unread, 60 days: stay
  ]);
  await insert("INSERT INTO outbox (id, to_email, subject, body, status, attempts, next_attempt_at, created_at, sent_at) VALUES (?, 'a@example.org', 's', ?, ?, 1, 0, ?, ?)", [
    ...rows(300, (i) => [hex("05", i), note, "sent", now - 40 * DAY, now - 40 * DAY]),
    ...rows(3, (i) => [hex("06", i), note, "sent", now - 2 * DAY, now - 2 * DAY]),
  ]);
  await insert("INSERT INTO audit_log (id, actor_id, action, target_type, target_id, after_json, at) VALUES (?, NULL, 'test.old', 'user', ?, ?, ?)", [
    ...rows(700, (i) => [hex("07", i), user, JSON.stringify({ n: i }), now - 400 * DAY + i]),
    ...rows(3, (i) => [hex("08", i), user, "{}", now - 10 * DAY]),
  ]);
  // The database file's size, as D1 reports it after a statement.
  const size = async () => (await w.db.prepare("SELECT 1").run()).meta.size_after;
  const full = await size();
  // Each run deletes at most a chunk per table: four runs finish it.
  for (let i = 0; i < 4; i++) assert.equal(await w.cron(), 200);
  // (The cron's daily pass may notify Carla too, under ids of its own: the test's rows are its kind.)
  const mine = "user_id = ? AND kind = 'roll_decided'";
  assert.equal(await w.count(`SELECT COUNT(*) FROM notifications WHERE ${mine} AND id LIKE '01%'`, user), 0);
  assert.equal(await w.count(`SELECT COUNT(*) FROM notifications WHERE ${mine} AND id LIKE '02%'`, user), 0);
  assert.equal(await w.count(`SELECT COUNT(*) FROM notifications WHERE ${mine} AND (id LIKE '03%' OR id LIKE '04%')`, user), 10);
  assert.equal(await w.count("SELECT COUNT(*) FROM outbox WHERE id LIKE '05%'"), 0);
  assert.equal(await w.count("SELECT COUNT(*) FROM outbox WHERE id LIKE '06%'"), 3);
  assert.equal(await w.count("SELECT COUNT(*) FROM audit_log WHERE id LIKE '07%'"), 0);
  assert.equal(await w.count("SELECT COUNT(*) FROM audit_log WHERE id LIKE '08%'"), 3);
  // The archive: every old entry once, as JSON lines, by month.
  const bucket = await w.bucket();
  const listed = (await bucket.list({ prefix: "archive/audit/" })).objects;
  assert.ok(listed.length >= 2, "archived in chunks");
  const lines = (await Promise.all(listed.map(async (o) => (await (await bucket.get(o.key)).text()).trim().split("\n")))).flat();
  const archived = lines.map((l) => JSON.parse(l)).filter((r) => r.id.startsWith("07"));
  assert.equal(archived.length, 700);
  assert.equal(new Set(archived.map((r) => r.id)).size, 700);
  assert.match(listed[0].key, /^archive\/audit\/\d{4}\/\d{2}\/[0-9a-z]+-[0-9a-z]+\.jsonl$/);
  // The database gave the space back: the file shrank, or as much again fits in the pages the pruning freed.
  const pruned = await size();
  await insert("INSERT INTO notifications (id, user_id, kind, title, note, read_at, created_at) VALUES (?, ?, 'roll_decided', 't', ?, NULL, ?)",
    rows(1800, (i) => [hex("09", i), user, note, now]));
  const refilled = await size();
  assert.ok(pruned < full || refilled - full < 100_000, JSON.stringify({ full, pruned, refilled }));
});
