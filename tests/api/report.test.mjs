// The final report (#12): the mentee writes what has been reached, approves; the mentor adds the closing feedback;
// the mentee makes it final (filed in the folder as a versioned Markdown document) and shares chosen sections with
// the coordinator, who receives a frozen copy (logged in the history). Refused moves change nothing.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startWorker, DEMO, USERS, PROJECTS } from "../support/worker.mjs";

const P = PROJECTS.annaCarla;
let w, anna, carla, coord, dev;
before(async () => {
  w = await startWorker();
  [anna, carla, coord, dev] = await Promise.all([DEMO.anna, DEMO.carla, DEMO.coordinator, DEMO.dev].map((e) => w.login(e)));
});
after(async () => w.dispose());

const report = (cookie) => w.fetch(`/api/projects/${P}/report`, { cookie });
const edit = (cookie, json) => w.fetch(`/api/projects/${P}/report`, { method: "PUT", cookie, json });
const act = (cookie, json) => w.fetch(`/api/projects/${P}/report/actions`, { method: "POST", cookie, json });

test("draft, approved by the mentee, the mentor's section, final in the folder, two sections shared with the coordinator", async () => {
  let r = await report(carla);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.data.state, "draft");
  r = await edit(anna, { mentor: "Carla worked hard." });
  assert.equal(r.status, 409, "the mentees approve first");
  r = await edit(carla, { reached: "I have an offer, and a plan for my first year." });
  assert.equal(r.status, 200, r.text);
  assert.equal((await act(anna, { action: "approve" })).status, 403, "the mentees approve");
  r = await act(carla, { action: "approve" });
  assert.equal(r.data.state, "approved");
  assert.deepEqual(r.data.approvals, [USERS.carla]);
  // A change to the mentees' section asks for approval again.
  r = await edit(carla, { reached: "I have an offer, a plan for my first year, and a peer group." });
  assert.equal(r.data.state, "draft");
  assert.deepEqual(r.data.approvals, []);
  r = await act(carla, { action: "approve" });
  assert.equal(r.data.state, "approved");
  r = await act(anna, { action: "add_mentor" });
  assert.equal(r.status, 409, "write it first");
  r = await edit(anna, { mentor: "Carla prepared every session; keep the peer group going." });
  assert.equal(r.status, 200, r.text);
  r = await act(anna, { action: "add_mentor" });
  assert.equal(r.data.state, "mentor_added");
  assert.equal((await act(carla, { action: "share", sections: ["goals"], text: "x" })).status, 409, "final first");
  assert.equal((await act(anna, { action: "finalise", document: "# Report" })).status, 403, "it belongs to the mentee");
  r = await act(carla, { action: "finalise" });
  assert.equal(r.status, 422);
  assert.equal(r.data.error.field, "document");
  const doc = "# Final report\n\n## What has been reached\n\nI have an offer.\n\n## Goals\n\n- First job: achieved\n";
  r = await act(carla, { action: "finalise", document: doc });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.data.state, "final");
  const files = (await w.fetch(`/api/projects/${P}/files`, { cookie: carla })).data.items;
  assert.ok(files.some((f) => f.name === "Final report.md"), "filed in the folder");
  assert.equal((await act(carla, { action: "finalise", document: doc })).status, 409, "final is final");
  assert.equal((await edit(carla, { reached: "Changed." })).status, 409);

  // Sharing: checked sections, a frozen copy for the coordinator, in the history.
  r = await act(carla, { action: "share", sections: ["chat"], text: "x" });
  assert.equal(r.status, 422);
  assert.equal(r.data.error.field, "sections");
  assert.equal((await act(anna, { action: "share", sections: ["goals"], text: "## Goals" })).status, 403);
  r = await act(carla, { action: "share", sections: ["reached"], text: "## What has been reached\n\nI have an offer.\n\n## Mentor\n\nInvented praise.\n" });
  assert.equal(r.status, 422, "only the ticked sections, as filed");
  assert.equal(r.data.error.code, "share_mismatch");
  r = await act(carla, { action: "share", sections: ["reached", "goals"], text: "## What has been reached\n\nI have an offer.\n\n## Goals\n\n- First job: achieved\n" });
  assert.equal(r.status, 200, r.text);
  r = await w.fetch(`/api/projects/${P}/report/shares`, { cookie: coord });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.data.shares[0].sections, ["reached", "goals"]);
  assert.match(r.data.shares[0].text, /I have an offer/);
  assert.equal((await report(coord)).status, 404, "the coordinator reads only what was shared");
  assert.equal((await w.fetch(`/api/projects/${P}/report/shares`, { cookie: dev })).status, 404);
  const history = (await w.fetch(`/api/projects/${P}`, { cookie: carla })).data.history;
  assert.ok(history.some((e) => e.action === "report_shared"));
  assert.equal(await w.count("SELECT COUNT(*) FROM notifications WHERE user_id = ? AND kind = 'report_shared'", USERS.coordinator), 1);
  const panel = (await w.fetch(`/api/projects/${P}/oversight`, { cookie: coord })).data;
  assert.deepEqual(panel.report.shared_sections, ["reached", "goals"]);
  assert.ok(!JSON.stringify(panel).includes("I have an offer"), "the panel carries no text");
});
