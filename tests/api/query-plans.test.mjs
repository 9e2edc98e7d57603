// No full scans of growing tables: every statement the worker prepares is explained (tests/support/plans.mjs, run
// when any test file's worker stops); this file checks the checker itself, the list of growing tables, and the
// statements of the sweeps and searches that used to read whole tables.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { startWorker, DEMO } from "../support/worker.mjs";
import { GROWING, scans, badPlans } from "../support/plans.mjs";

const schema = readFileSync(new URL("../../schema.sql", import.meta.url), "utf8");
let w;
let admin;

before(async () => {
  w = await startWorker();
  admin = await w.login(DEMO.admin);
});
after(async () => w.dispose());

test("every table is named as growing or not, in schema.sql", () => {
  const tables = [...schema.matchAll(/CREATE TABLE IF NOT EXISTS (\w+)/g)].map((m) => m[1]);
  const small = schema
    .split("\n")
    .filter((l) => l.startsWith("-- not growing:"))
    .map((l) => l.slice("-- not growing:".length).trim().split(/\s+/)[0]);
  for (const t of tables) assert.ok(GROWING.has(t) !== small.includes(t), `${t}: name it on a "-- growing:" line or a "-- not growing:" line`);
  for (const t of GROWING) assert.ok(tables.includes(t), `${t} is listed as growing but is not a table`);
});

test("the check finds a full scan, through an alias too, and passes an indexed read", async () => {
  assert.deepEqual(await scans(w.db, "SELECT id FROM notifications WHERE title = ?1"), ["SCAN notifications"]);
  assert.deepEqual(await scans(w.db, "SELECT n.id FROM notifications n WHERE n.note = ?1"), ["SCAN n"]);
  assert.deepEqual(await scans(w.db, "SELECT id FROM notifications WHERE user_id = ?1 AND read_at IS NULL"), []);
});

test("the sweeps, the request expiry and the admin's user search read through indexes", async () => {
  // Make something for each to find: a reset (a token, a mail request), a failed log-in, an expiry run.
  await w.fetch("/api/auth/forgot", { method: "POST", json: { email: DEMO.carla }, headers: { origin: w.url } });
  await w.fetch("/api/auth/login", { method: "POST", json: { email: DEMO.carla, password: "wrong-password-x" }, headers: { origin: w.url } });
  assert.equal(await w.cron(), 200);
  const byWord = await w.fetch("/api/admin/users?q=bianchi", { cookie: admin });
  assert.deepEqual(byWord.data.items.map((u) => u.email), [DEMO.anna], "a word of the name");
  const byDomain = await w.fetch("/api/admin/users?q=TANDEM.TEST", { cookie: admin });
  assert.ok(byDomain.data.items.length >= 5, "the e-mail's domain");
  const inside = await w.fetch("/api/admin/users?q=ianch", { cookie: admin });
  assert.deepEqual(inside.data.items, [], "a prefix, not any part of a word");
  const { checked, bad } = await badPlans(w);
  assert.ok(checked > 20, `statements were kept (${checked})`);
  assert.deepEqual(bad, []);
});

test("a renamed person is found by the new name only", async () => {
  const carla = await w.login(DEMO.carla);
  const r = await w.fetch("/api/me/profile", { method: "PUT", json: { display_name: "Carla Zanetti" }, cookie: carla, headers: { origin: w.url } });
  assert.ok(r.status < 300, r.text);
  const found = await w.fetch("/api/admin/users?q=zanetti", { cookie: admin });
  assert.deepEqual(found.data.items.map((u) => u.email), [DEMO.carla]);
  const old = await w.fetch("/api/admin/users?q=esposito", { cookie: admin });
  assert.deepEqual(old.data.items, []);
});
