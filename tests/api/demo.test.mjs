// The demo's process (demo/process.mjs, written by `npm start`): Anna and Carla's contract in force signed by all
// three, two goals with objectives, three sessions (two held with diaries, one commented; one planned) and an
// amendment waiting for signatures. Run here against a fresh worker, and a second time to show it changes nothing.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startWorker, DEMO, USERS, PROJECTS } from "../support/worker.mjs";
import { seedProcess } from "../../demo/process.mjs";

const P = PROJECTS.annaCarla;
let w;
before(async () => {
  w = await startWorker();
});
after(async () => w.dispose());

test("the demo's process is written through the API, once", async () => {
  const fetch = (path, opts) => w.fetch(path, opts);
  assert.equal(await seedProcess(fetch), true);
  assert.equal(await seedProcess(fetch), false, "a second run does nothing");
  const carla = await w.login(DEMO.carla);
  const c = (await w.fetch(`/api/projects/${P}/contract`, { cookie: carla })).data;
  assert.deepEqual(c.versions.map((v) => [v.version, v.state]), [[2, "awaiting_signatures"], [1, "in_force"]]);
  assert.deepEqual(c.versions[1].signatures.map((s) => s.user_id).sort(), [USERS.anna, USERS.carla, USERS.coordinator].sort());
  const goals = (await w.fetch(`/api/projects/${P}/goals`, { cookie: carla })).data.goals;
  assert.equal(goals.length, 2);
  assert.ok(goals.every((g) => g.state === "agreed" && g.objectives.length >= 2));
  const plan = (await w.fetch(`/api/projects/${P}/sessions`, { cookie: carla })).data.sessions;
  assert.deepEqual(plan.map((s) => s.state), ["held", "held", "planned"]);
  assert.deepEqual(plan.map((s) => s.diary && s.diary.state), ["commented", "submitted", null]);
  const page = (await w.fetch(`/api/projects/${P}`, { cookie: carla })).data.process;
  assert.equal(page.checklist.filter((i) => i.done).length, 4, JSON.stringify(page.checklist));
  assert.equal(page.progress.interactions >= 2, true);
  const files = (await w.fetch(`/api/projects/${P}/files`, { cookie: carla })).data.items.map((i) => i.name);
  assert.ok(files.includes("Contract.md"));
});
