// The access matrix: every route of the API description, with every role, gets the status its declared policy
// demands. Refusals are real requests (and must change nothing); allowed calls use the test-only policy check, so
// that the walk does not log anyone out or suspend anybody.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startWorker, DEMO, DEMO_COMMUNITY } from "../support/worker.mjs";

const ROLES = ["anonymous", "member", "community_admin", "other_community_admin", "platform_admin", "suspended"];
// Expected status for each policy (x-access-policy) and role; 204 means "allowed" (the policy check's answer).
const EXPECTED = {
  anyone: [204, 204, 204, 204, 204, 204],
  user: [401, 204, 204, 204, 204, 401],
  "community-member": [401, 204, 204, 403, 204, 401],
  "community-admin": [401, 403, 204, 403, 204, 401],
  "platform-admin": [401, 403, 403, 403, 204, 401],
};

const IDS = { community: DEMO_COMMUNITY, user: "d000000000000000000000000c1c", session: "0000000000000000000000000001" };
let w, cookies, doc;

before(async () => {
  w = await startWorker();
  // Bruno administers Engineers Network only: take him out of the Demo Community the routes are walked on.
  await w.db.prepare("DELETE FROM memberships WHERE community_id = ? AND user_id = ?").bind(DEMO_COMMUNITY, "d000000000000000000000000b1b").run();
  const suspended = await w.login(DEMO.dev);
  cookies = {
    anonymous: undefined,
    member: await w.login(DEMO.carla),
    community_admin: await w.login(DEMO.coordinator),
    other_community_admin: await w.login(DEMO.bruno),
    platform_admin: await w.login(DEMO.admin),
    suspended,
  };
  await w.fetch("/api/admin/users/d000000000000000000000000d1d/suspend", { method: "POST", json: { reason: "matrix" }, cookie: cookies.platform_admin });
  doc = (await w.fetch("/api/openapi.json")).data;
});
after(async () => w.dispose());

const snapshot = async () => {
  const tables = ["users", "sessions", "profiles", "communities", "memberships", "email_tokens", "outbox", "audit_log"];
  const out = {};
  for (const t of tables) out[t] = (await w.db.prepare(`SELECT * FROM ${t} ORDER BY 1`).all()).results;
  return JSON.stringify(out);
};

test("every route, every role: the declared policy decides, and refusals change nothing", async () => {
  const routes = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method: method.toUpperCase(), op })));
  assert.ok(routes.length >= 40, `only ${routes.length} routes documented`);
  const before = await snapshot();
  const failures = [];
  for (const { path, method, op } of routes) {
    const expected = EXPECTED[op["x-access-policy"]];
    assert.ok(expected, `${method} ${path} has an unknown policy ${op["x-access-policy"]}`);
    const url = path.replace(/\{(\w+)\}/g, (_, name) => IDS[name]);
    for (const [i, role] of ROLES.entries()) {
      const allowed = expected[i] === 204;
      const r = await w.fetch(url, {
        method,
        cookie: cookies[role],
        json: method === "GET" ? undefined : {},
        headers: allowed ? { "x-tandem-policy-check": "1" } : {},
      });
      if (r.status !== expected[i]) failures.push(`${method} ${path} as ${role}: ${r.status}, expected ${expected[i]}`);
      if (!allowed && r.data?.error?.code === undefined) failures.push(`${method} ${path} as ${role}: no error body`);
    }
  }
  assert.deepEqual(failures, []);
  assert.equal(await snapshot(), before, "a refused request changed stored data");
});

test("private things answer 404 to outsiders exactly as things that do not exist", async () => {
  const stranger = cookies.other_community_admin;
  const hidden = await w.fetch(`/api/users/${IDS.user}`, { cookie: stranger });
  const absent = await w.fetch("/api/users/0000000000000000000000000000", { cookie: stranger });
  assert.equal(hidden.status, 404);
  assert.equal(hidden.text, absent.text);
});
