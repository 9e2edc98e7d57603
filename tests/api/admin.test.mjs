// Platform administration: search, suspension, rights, the outbox and the audit log.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startWorker, DEMO, DEMO_COMMUNITY } from "../support/worker.mjs";
import { USERS } from "../support/demo.mjs";

let w, admin;
before(async () => {
  w = await startWorker();
  admin = await w.login(DEMO.admin);
});
after(async () => w.dispose());

const DEV = USERS.dev;
const ANNA = USERS.anna;
const ADMIN = USERS.admin;

test("search users by name or e-mail, with pages", async () => {
  const byName = await w.fetch("/api/admin/users?q=bianchi", { cookie: admin });
  assert.deepEqual(byName.data.items.map((u) => u.email), [DEMO.anna]);
  const byMail = await w.fetch("/api/admin/users?q=MENTEE", { cookie: admin });
  assert.equal(byMail.data.items.length, 2);
  const wild = await w.fetch("/api/admin/users?q=%25", { cookie: admin });
  assert.equal(wild.data.items.length, 0, "% is matched literally");
  const p1 = await w.fetch("/api/admin/users?limit=2", { cookie: admin });
  assert.equal(p1.data.items.length, 2);
  const p2 = await w.fetch(`/api/admin/users?limit=2&cursor=${p1.data.next_cursor}`, { cookie: admin });
  assert.ok(p2.data.items.every((u) => !p1.data.items.some((v) => v.id === u.id)));
});

test("suspending ends the user's sessions at once; they cannot log in until reactivated", async () => {
  const dev = await w.login(DEMO.dev);
  const noReason = await w.fetch(`/api/admin/users/${DEV}/suspend`, { method: "POST", json: { reason: " " }, cookie: admin });
  assert.equal(noReason.status, 422);
  assert.equal((await w.fetch("/api/me", { cookie: dev })).status, 200);
  const r = await w.fetch(`/api/admin/users/${DEV}/suspend`, { method: "POST", json: { reason: "Spam in the forums" }, cookie: admin });
  assert.equal(r.data.user.status, "suspended");
  assert.equal((await w.fetch("/api/me", { cookie: dev })).status, 401);
  const login = await w.fetch("/api/auth/login", { method: "POST", json: { email: DEMO.dev, password: "demo-password-2026" } });
  assert.equal(login.data.error.code, "account_suspended");
  const entry = (await w.fetch("/api/admin/audit", { cookie: admin })).data.items[0];
  assert.equal(entry.action, "user.suspend");
  assert.deepEqual(entry.before, { status: "active", platform_admin: 0 });
  assert.equal(entry.after.reason, "Spam in the forums");
  await w.fetch(`/api/admin/users/${DEV}/reactivate`, { method: "POST", cookie: admin });
  assert.ok(await w.login(DEMO.dev));
  assert.equal((await w.fetch(`/api/admin/users/${ADMIN}/suspend`, { method: "POST", json: { reason: "x" }, cookie: admin })).status, 409);
});

test("granting and revoking platform-admin rights; nobody revokes their own", async () => {
  const anna = await w.login(DEMO.anna);
  assert.equal((await w.fetch("/api/admin/users", { cookie: anna })).status, 403);
  await w.fetch(`/api/admin/users/${ANNA}/platform-admin`, { method: "PUT", json: { granted: true }, cookie: admin });
  assert.equal((await w.fetch("/api/admin/users", { cookie: anna })).status, 200);
  await w.fetch(`/api/admin/users/${ANNA}/platform-admin`, { method: "PUT", json: { granted: false }, cookie: admin });
  assert.equal((await w.fetch("/api/admin/users", { cookie: anna })).status, 403);
  const self = await w.fetch(`/api/admin/users/${ADMIN}/platform-admin`, { method: "PUT", json: { granted: false }, cookie: admin });
  assert.equal(self.data.error.code, "cannot_revoke_self");
  const bad = await w.fetch(`/api/admin/users/${ANNA}/platform-admin`, { method: "PUT", json: { granted: "yes" }, cookie: admin });
  assert.deepEqual([bad.status, bad.data.error.field], [422, "granted"]);
});

test("making a member community admin, and back", async () => {
  const anna = await w.login(DEMO.anna);
  const url = `/api/admin/communities/${DEMO_COMMUNITY}/members/${ANNA}/role`;
  assert.equal((await w.fetch(url, { method: "PUT", json: { role: "boss" }, cookie: admin })).status, 422);
  assert.equal((await w.fetch(url, { method: "PUT", json: { role: "admin" }, cookie: admin })).status, 200);
  assert.equal((await w.fetch(`/api/communities/${DEMO_COMMUNITY}/requests`, { cookie: anna })).status, 200);
  await w.fetch(url, { method: "PUT", json: { role: "member" }, cookie: admin });
  assert.equal((await w.fetch(`/api/communities/${DEMO_COMMUNITY}/requests`, { cookie: anna })).status, 403);
  const outsider = await w.fetch(`/api/admin/communities/c00000000000000000000000000e/members/${ANNA}/role`, { method: "PUT", json: { role: "admin" }, cookie: admin });
  assert.equal(outsider.data.error.code, "not_member");
});

test("the outbox is visible to platform admins, newest first", async () => {
  await w.fetch("/api/auth/forgot", { method: "POST", json: { email: DEMO.carla } });
  const r = await w.fetch("/api/admin/outbox", { cookie: admin });
  assert.equal(r.data.items[0].to_email, DEMO.carla);
  assert.match(r.data.items[0].subject, /Reset your Tandem password/);
  assert.ok(["pending", "sent"].includes(r.data.items[0].status));
});
