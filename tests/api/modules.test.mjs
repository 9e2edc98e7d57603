// Module switches (#13): a community's admins turn its rooms and contracts off. For everyone in the community the
// module is gone (404 module_off), its checks leave the stage's checklist and its health rule sleeps; its content
// stays, and comes back when the module is turned on again. Only the community's admins switch, with an audit
// entry; bad input is refused by field and changes nothing.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startWorker, DEMO, PROJECTS, DEMO_COMMUNITY } from "../support/worker.mjs";

const C = DEMO_COMMUNITY;
const P = PROJECTS.annaCarla;
const DAY = 86_400_000;
/** When Anna accepted Carla's request (demo/seed.sql). */
const START = 1790000300000;
let w;

before(async () => {
  w = await startWorker();
});
after(async () => w.dispose());

const as = async (email, at = Date.now()) => {
  const cookie = await w.login(email, undefined, { now: at });
  return (method, path, json) => w.fetch(path, { method, cookie, json, now: at });
};

test("only the community's admins switch modules; bad input changes nothing", async () => {
  const carla = await as(DEMO.carla);
  assert.equal((await carla("PUT", `/api/communities/${C}/modules`, { rooms: false })).status, 403);
  const coord = await as(DEMO.coordinator);
  for (const [body, field] of [[{ rooms: "no" }, "rooms"], [{ forums: false }, "forums"]]) {
    const r = await coord("PUT", `/api/communities/${C}/modules`, body);
    assert.deepEqual([r.status, r.data.error.field], [422, field]);
  }
  const r = await carla("GET", `/api/communities/${C}`);
  assert.deepEqual(r.data.modules, { rooms: true, contract: true, goals: true, diary: true, evaluations: true, library: true });
});

test("rooms and contract off: gone for everyone, out of the checklist, their rule asleep; back on, all is there", async () => {
  const carla = await as(DEMO.carla, START + 30 * DAY);
  let r = await carla("POST", `/api/communities/${C}/rooms/everyone/threads`, { title: "Before the switch", body: "Still here later?", client_key: "mod-1" });
  assert.equal(r.status, 201, r.text);
  const coord = await as(DEMO.coordinator, START + 30 * DAY);
  r = await coord("GET", `/api/projects/${P}`);
  const checks = r.data.process.checklist.map((i) => i.check);
  assert.ok(checks.includes("contract_in_force"), JSON.stringify(checks));

  r = await coord("PUT", `/api/communities/${C}/modules`, { rooms: false, contract: false });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.data.modules, { rooms: false, contract: false, goals: true, diary: true, evaluations: true, library: true });
  assert.equal(await w.count("SELECT COUNT(*) FROM audit_log WHERE action = 'community.modules' AND target_id = ?", C), 1);

  for (const who of [carla, coord]) {
    for (const path of [`/api/communities/${C}/rooms`, `/api/communities/${C}/rooms/everyone`, `/api/projects/${P}/contract`]) {
      r = await who("GET", path);
      assert.deepEqual([r.status, r.data.error.code], [404, "module_off"], path);
    }
  }
  r = await carla("GET", `/api/projects/${P}`);
  assert.equal(r.status, 200);
  assert.equal(r.data.modules.contract, false);
  assert.ok(!r.data.process.checklist.some((i) => i.check === "contract_in_force"), "no contract on the checklist");
  assert.equal((await carla("GET", `/api/projects/${P}/sessions`)).status, 200, "the plan stays");

  // Thirty days on without a contract: nothing is late where there is no contract.
  const admin = await as(DEMO.admin, START + 30 * DAY);
  assert.equal((await admin("POST", "/api/admin/tasks/health")).status, 200);
  r = await coord("GET", `/api/projects/${P}/health`);
  assert.equal(r.status, 200, r.text);
  assert.ok(!r.data.reasons.some((x) => x.rule === "contract_late"), JSON.stringify(r.data.reasons));

  // The usage report sets each module against its use.
  r = await coord("GET", `/api/communities/${C}/usage`);
  assert.equal(r.data.modules.rooms, false);

  // Back on: the thread written before is there.
  r = await coord("PUT", `/api/communities/${C}/modules`, { rooms: true, contract: true });
  assert.deepEqual(r.data.modules, { rooms: true, contract: true, goals: true, diary: true, evaluations: true, library: true });
  r = await carla("GET", `/api/communities/${C}/rooms/everyone`);
  assert.equal(r.status, 200);
  assert.ok(r.data.threads.some((t) => t.title === "Before the switch"));
  assert.equal((await carla("GET", `/api/projects/${P}/contract`)).status, 200);
});
