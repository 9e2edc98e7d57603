// Pruning and retention: delivered mail loses its body, repeats of an event merge into one notification, read
// notifications go after 30 days and unread ones after 90, the audit log keeps 12 months in D1 and older entries
// are archived to R2 as JSON lines; the cron deletes a chunk at a time and the database frees the space. And each
// community's retention (#14): a finished project's content goes after it, its metadata and counts stay.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startWorker, DEMO, USERS, DEMO_COMMUNITY, PROJECTS } from "../support/worker.mjs";

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
  // Many rows a statement: the VALUES' placeholders read each row of a JSON array (one statement a row took 30 s).
  const insert = async (sql, values) => {
    let k = 0;
    const select = sql.replace(/VALUES \((.*)\)$/, (_, list) => `SELECT ${list.replace(/\?/g, () => `value->>${k++}`)} FROM json_each(?)`);
    for (let i = 0; i < values.length; i += 500) await w.db.prepare(select).bind(JSON.stringify(values.slice(i, i + 500))).run();
  };
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

test("a community's retention: its admins set it with limits; the page states it and who the controller is", async () => {
  const [coordinator, carla] = [await w.login(DEMO.coordinator), await w.login(DEMO.carla)];
  const home = `/api/communities/${DEMO_COMMUNITY}`;
  const before = (await w.fetch(home, { cookie: carla })).data.community;
  assert.deepEqual([before.retention_months, before.controller], [24, null]);
  const set = (cookie, json) => w.fetch(`${home}/privacy`, { method: "PUT", cookie, json });
  for (const [json, field] of [
    [{ retention_months: 0, controller: "Fondazione Ponte" }, "retention_months"],
    [{ retention_months: 121, controller: "Fondazione Ponte" }, "retention_months"],
    [{ retention_months: 12, controller: " " }, "controller"],
    [{ retention_months: 12 }, "controller"],
  ]) {
    const r = await set(coordinator, json);
    assert.equal(r.status, 422, r.text);
    assert.equal(r.data.error.field, field);
  }
  assert.equal((await set(carla, { retention_months: 1, controller: "Carla" })).status, 403);
  assert.equal((await w.fetch(home, { cookie: carla })).data.community.retention_months, 24, "refusals change nothing");
  const ok = await set(coordinator, { retention_months: 1, controller: "Fondazione Ponte, Milano (privacy@ponte.example)" });
  assert.equal(ok.status, 200, ok.text);
  const after = (await w.fetch(home, { cookie: carla })).data.community;
  assert.deepEqual([after.retention_months, after.controller], [1, "Fondazione Ponte, Milano (privacy@ponte.example)"]);
  assert.equal(await w.count("SELECT COUNT(*) FROM audit_log WHERE action = 'community.privacy' AND target_id = ?", DEMO_COMMUNITY), 1);
});

test("past the retention a finished project's content goes: chat, messages, files; its metadata and history stay", async () => {
  const MONTH = 2_629_746_000;
  const P = PROJECTS.annaCarla;
  const [anna, carla] = [await w.login(DEMO.anna), await w.login(DEMO.carla)];
  const said = await w.fetch(`/api/projects/${P}/chat/messages`, { method: "POST", cookie: carla, json: { client_id: "ret-1", text: "My CV, second draft" } });
  assert.equal(said.status, 200, said.text);
  const pm = await w.fetch(`/api/projects/${P}/messages`, { method: "POST", cookie: carla, json: { to: USERS.anna, subject: "CV", body: "Here is my CV" } });
  assert.equal(pm.status, 201, pm.text);
  const file = Buffer.from("Carla's CV, in plain text.");
  const up = await w.fetch(`/api/projects/${P}/files`, { method: "PUT", cookie: carla, body: file,
    headers: { "content-type": "application/octet-stream", "content-length": String(file.length), "x-file-name": "cv.txt" } });
  assert.equal(up.status, 201, up.text);
  const objects = async () => (await (await w.bucket()).list({ prefix: `files/${P}/` })).objects.length;
  assert.equal(await objects(), 1);
  const done = await w.fetch(`/api/projects/${P}/actions`, { method: "POST", cookie: anna, json: { action: "complete", note: "Well done" } });
  assert.equal(done.status, 200, done.text);
  const pass = async (at) => {
    const admin = await w.login(DEMO.admin, undefined, { now: at });
    const r = await w.fetch("/api/admin/tasks/health", { method: "POST", cookie: admin, now: at });
    assert.equal(r.status, 200, r.text);
    return r.data.purged;
  };
  // Within the month nothing goes.
  assert.equal(await pass(Date.now() + MONTH / 2), 0);
  assert.ok((await w.spaceCount(P, "messages")) >= 1);
  // Past it, once.
  const later = Date.now() + 2 * MONTH;
  assert.equal(await pass(later), 1);
  assert.equal(await pass(later), 0, "once");
  for (const table of ["messages", "private_messages", "folder_items", "file_versions"]) assert.equal(await w.spaceCount(P, table), 0, table);
  // The file's object is deleted by the space's own alarm, at once.
  for (let i = 0; i < 100 && (await objects()) > 0; i++) await new Promise((r) => setTimeout(r, 50));
  assert.equal(await objects(), 0);
  // The project, its members and its history stay; the history says what went and why.
  const annaLater = await w.login(DEMO.anna, undefined, { now: later });
  const page = await w.fetch(`/api/projects/${P}`, { cookie: annaLater, now: later });
  assert.equal(page.status, 200, page.text);
  assert.equal(page.data.project.state, "completed");
  assert.equal(page.data.members.length, 2);
  const last = page.data.history.at(-1);
  assert.deepEqual([last.action, last.to_state, last.actor_id], ["content_deleted", "1", null]);
  const chat = await w.fetch(`/api/projects/${P}/chat/messages`, { cookie: annaLater, now: later });
  assert.equal(chat.status, 200, chat.text);
  assert.deepEqual(chat.data.messages, []);
});
