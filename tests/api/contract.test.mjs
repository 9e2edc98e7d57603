// The journey and the contract: a project's coordinator and stage, a contract drafted by the mentor, proposed, signed
// by the mentee, the mentor and the coordinator (each on the SHA-256 of the exact text), filed in the folder, and
// amended; what other admins see; and the bad inputs that change nothing.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { startWorker, DEMO, USERS, PROJECTS, DEMO_COMMUNITY } from "../support/worker.mjs";

const P = PROJECTS.annaCarla;
let w, anna, carla, coord, bruno, dev;

const TERMS = {
  clauses: [{ title: "Commitment", text: "Carla sets her goals; Anna gives time and honest feedback." }, { title: "Confidentiality", text: "What we say stays between us." }],
  starts_on: "2026-12-01",
  ends_on: "2027-06-01",
  frequency: "every two weeks",
  channels: ["video", "chat"],
  confidentiality: "We keep to the agreed channels.",
  ethics: "",
  free_text: "",
  change_note: "",
};

before(async () => {
  w = await startWorker();
  [anna, carla, coord, dev] = await Promise.all([w.login(DEMO.anna), w.login(DEMO.carla), w.login(DEMO.coordinator), w.login(DEMO.dev)]);
  // Bruno becomes an admin of the Demo Community too, but not this project's coordinator.
  const admin = await w.login(DEMO.admin);
  const r = await w.fetch(`/api/admin/communities/${DEMO_COMMUNITY}/members/${USERS.bruno}/role`, { method: "PUT", cookie: admin, json: { role: "admin" } });
  assert.equal(r.status, 200, r.text);
  bruno = await w.login(DEMO.bruno);
});
after(async () => w.dispose());

const contract = (cookie) => w.fetch(`/api/projects/${P}/contract`, { cookie });
const act = (cookie, id, json) => w.fetch(`/api/projects/${P}/contract/${id}/actions`, { method: "POST", cookie, json });
const sha = (text) => createHash("sha256").update(text, "utf8").digest("hex");

test("the project page shows its journey, stage, coordinator and checklist", async () => {
  const r = await w.fetch(`/api/projects/${P}`, { cookie: carla });
  assert.equal(r.status, 200, r.text);
  const pr = r.data.process;
  assert.equal(pr.coordinator.id, USERS.coordinator);
  assert.equal(pr.journey.title, "Three stages");
  assert.equal(pr.stage, 0);
  assert.deepEqual(pr.checklist.map((i) => i.check), ["contract_in_force", "goal_per_mentee", "first_session_held", "next_session_planned"]);
  assert.ok(pr.checklist.every((i) => !i.done));
  // Another admin of the community sees the stage and figures, not the journey's content.
  const other = await w.fetch(`/api/projects/${P}`, { cookie: bruno });
  assert.equal(other.status, 200);
  assert.equal(other.data.process.journey, undefined);
  assert.equal(other.data.process.stage, 0);
});

test("only the mentor drafts the first version here, and bad terms name their field", async () => {
  let r = await w.fetch(`/api/projects/${P}/contract`, { method: "POST", cookie: carla, json: TERMS });
  assert.equal(r.status, 403, r.text);
  r = await w.fetch(`/api/projects/${P}/contract`, { method: "POST", cookie: anna, json: { ...TERMS, ends_on: "2026-11-01" } });
  assert.deepEqual([r.status, r.data.error.field, r.data.error.code], [422, "ends_on", "date_order"]);
  r = await w.fetch(`/api/projects/${P}/contract`, { method: "POST", cookie: anna, json: { ...TERMS, channels: ["pigeon"] } });
  assert.deepEqual([r.status, r.data.error.field], [422, "channels.0"]);
  r = await w.fetch(`/api/projects/${P}/contract`, { method: "POST", cookie: anna, json: { ...TERMS, starts_on: "2026-02-30" } });
  assert.deepEqual([r.status, r.data.error.field, r.data.error.code], [422, "starts_on", "date_invalid"]);
  // None of that made a version.
  assert.equal((await contract(anna)).data.versions.length, 0);
});

test("drafted, proposed, signed by all three on the exact text: in force, and filed in the folder", async () => {
  let r = await w.fetch(`/api/projects/${P}/contract`, { method: "POST", cookie: anna, json: TERMS });
  assert.equal(r.status, 201, r.text);
  const v = r.data.versions[0];
  assert.deepEqual([v.version, v.state], [1, "draft"]);
  assert.equal(v.hash, sha(v.text), "the hash is the SHA-256 of the text shown");
  assert.match(v.text, /Mentoring contract/);
  // A second proposal while one is open.
  r = await w.fetch(`/api/projects/${P}/contract`, { method: "POST", cookie: anna, json: TERMS });
  assert.equal(r.status, 409);
  r = await act(anna, v.id, { action: "propose" });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.data.versions[0].state, "awaiting_signatures");
  assert.equal(await w.count("SELECT COUNT(*) FROM notifications WHERE user_id = ? AND kind = 'contract_proposed'", USERS.carla), 1);
  assert.equal(await w.count("SELECT COUNT(*) FROM notifications WHERE user_id = ? AND kind = 'contract_proposed'", USERS.coordinator), 1);

  // A signature on a stale hash is refused and changes nothing.
  r = await act(carla, v.id, { action: "sign", hash: sha("another text") });
  assert.deepEqual([r.status, r.data.error.field, r.data.error.code], [422, "hash", "contract_stale"]);
  assert.equal((await contract(carla)).data.versions[0].signatures.length, 0);
  r = await act(carla, v.id, { action: "sign", hash: v.hash });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.data.versions[0].signatures.length, 1);
  // Carla cannot change Anna's version; when Anna changes it, Carla's signature no longer counts.
  r = await w.fetch(`/api/projects/${P}/contract/${v.id}`, { method: "PUT", cookie: carla, json: TERMS });
  assert.equal(r.status, 403);
  r = await w.fetch(`/api/projects/${P}/contract/${v.id}`, { method: "PUT", cookie: anna, json: { ...TERMS, frequency: "every week" } });
  assert.equal(r.status, 200, r.text);
  const edited = r.data.versions[0];
  assert.notEqual(edited.hash, v.hash);
  assert.deepEqual([edited.state, edited.signatures.length], ["awaiting_signatures", 0]);
  r = await act(carla, v.id, { action: "sign", hash: v.hash });
  assert.equal(r.status, 422, "the old text's hash no longer signs");

  for (const who of [carla, anna]) {
    r = await act(who, v.id, { action: "sign", hash: edited.hash });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.data.versions[0].state, "awaiting_signatures");
  }
  r = await act(carla, v.id, { action: "sign", hash: edited.hash });
  assert.equal(r.status, 409, "signing twice");
  r = await act(coord, v.id, { action: "sign", hash: edited.hash });
  assert.equal(r.status, 200, r.text);
  const inForce = r.data.versions[0];
  assert.equal(inForce.state, "in_force");
  assert.deepEqual(inForce.signatures.map((s) => s.user_id).sort(), [USERS.anna, USERS.carla, USERS.coordinator].sort());
  assert.ok(inForce.signatures.every((s) => s.hash === edited.hash));
  assert.equal(await w.count("SELECT COUNT(*) FROM notifications WHERE user_id = ? AND kind = 'contract_in_force'", USERS.carla), 1);

  // Filed in the folder as Contract.md, with the signatures and the hash.
  const root = await w.fetch(`/api/projects/${P}/files`, { cookie: carla });
  const file = root.data.items.find((i) => i.name === "Contract.md");
  assert.ok(file, JSON.stringify(root.data.items.map((i) => i.name)));
  const doc = await w.fetch(`/api/projects/${P}/files/${file.id}/download`, { cookie: carla });
  assert.match(doc.text, /every week/);
  assert.match(doc.text, new RegExp(edited.hash));
  assert.match(doc.text, /Carla Esposito/);

  // The project's checklist sees it.
  const page = await w.fetch(`/api/projects/${P}`, { cookie: carla });
  assert.equal(page.data.process.checklist.find((i) => i.check === "contract_in_force").done, true);
});

test("an amendment: any signatory starts it with a change note; nothing in force is edited", async () => {
  const now = (await contract(carla)).data;
  const v1 = now.versions[0];
  let r = await w.fetch(`/api/projects/${P}/contract/${v1.id}`, { method: "PUT", cookie: anna, json: TERMS });
  assert.equal(r.status, 409, "in force: not editable");
  r = await w.fetch(`/api/projects/${P}/contract`, { method: "POST", cookie: carla, json: TERMS });
  assert.deepEqual([r.status, r.data.error.field, r.data.error.code], [422, "change_note", "required"]);
  r = await w.fetch(`/api/projects/${P}/contract`, { method: "POST", cookie: carla, json: { ...TERMS, change_note: "We meet on Tuesdays now." } });
  assert.equal(r.status, 201, r.text);
  const v2 = r.data.versions[0];
  assert.deepEqual([v2.version, v2.state, v2.drafter_id], [2, "draft", USERS.carla]);
  r = await act(carla, v2.id, { action: "propose" });
  assert.equal(r.status, 200);
  // Anna returns it with a reason: back to Carla.
  r = await act(anna, v2.id, { action: "decline", reason: "" });
  assert.deepEqual([r.status, r.data.error.field], [422, "reason"]);
  r = await act(anna, v2.id, { action: "decline", reason: "Thursdays suit me better." });
  assert.equal(r.status, 200);
  assert.equal(r.data.versions[0].state, "returned");
  assert.equal(r.data.versions[1].state, "in_force", "version 1 stays in force");
  assert.equal(await w.count("SELECT COUNT(*) FROM notifications WHERE user_id = ? AND kind = 'contract_returned'", USERS.carla), 1);
});

test("other admins see states, versions and signature dates only; outsiders see nothing", async () => {
  // The space pushes its figures to D1 within seconds.
  const until = Date.now() + 10_000;
  let summary;
  while (Date.now() < until) {
    const r = await contract(bruno);
    assert.equal(r.status, 200);
    summary = r.data.summary;
    if (summary.length === 2) break;
    await new Promise((res) => setTimeout(res, 100));
  }
  assert.deepEqual(summary.map((c) => [c.version, c.state]), [[2, "returned"], [1, "in_force"]]);
  assert.equal(summary[1].signed_at.length, 3);
  const r = await contract(bruno);
  assert.deepEqual(r.data.versions, []);
  assert.ok(!r.text.includes("Confidentiality"), "no text for other admins");
  // Bruno is no member and no coordinator: the private routes are 404.
  assert.equal((await w.fetch(`/api/projects/${P}/contract`, { method: "POST", cookie: bruno, json: TERMS })).status, 404);
  assert.equal((await contract(dev)).status, 404);
});

test("coordinator: only an admin of the community; the change is in the history and the audit log", async () => {
  let r = await w.fetch(`/api/projects/${P}/coordinator`, { method: "PUT", cookie: carla, json: { user_id: USERS.bruno } });
  assert.equal(r.status, 403);
  r = await w.fetch(`/api/projects/${P}/coordinator`, { method: "PUT", cookie: coord, json: { user_id: USERS.dev } });
  assert.deepEqual([r.status, r.data.error.field, r.data.error.code], [422, "user_id", "not_community_admin"]);
  r = await w.fetch(`/api/projects/${P}/coordinator`, { method: "PUT", cookie: coord, json: { user_id: USERS.bruno, note: "Bruno covers while I am away." } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.data.process.coordinator.id, USERS.bruno);
  assert.ok(r.data.history.some((e) => e.action === "coordinator" && e.note === "Bruno covers while I am away."));
  assert.equal(await w.count("SELECT COUNT(*) FROM audit_log WHERE action = 'project.coordinator' AND target_id = ?", P), 1);
  // Bruno now reads the contract's text; the old coordinator no longer does.
  assert.ok((await contract(bruno)).data.versions.length > 0);
  r = await contract(coord);
  assert.deepEqual(r.data.versions, []);
});

test("moving on: the mentor, with a note while the checklist is open", async () => {
  let r = await w.fetch(`/api/projects/${P}/stage`, { method: "POST", cookie: carla, json: {} });
  assert.equal(r.status, 403);
  r = await w.fetch(`/api/projects/${P}/stage`, { method: "POST", cookie: anna, json: {} });
  assert.deepEqual([r.status, r.data.error.field, r.data.error.code], [422, "note", "stage_note_required"]);
  r = await w.fetch(`/api/projects/${P}/stage`, { method: "POST", cookie: anna, json: { note: "Goals agreed on paper." } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.data.process.stage, 1);
  assert.ok(r.data.history.some((e) => e.action === "stage" && e.note === "Goals agreed on paper."));
});

test("journey templates: a draft from a built-in one, edited, published as the default", async () => {
  let r = await w.fetch(`/api/communities/${DEMO_COMMUNITY}/journeys`, { cookie: coord });
  assert.equal(r.status, 200);
  assert.deepEqual(r.data.built_in.map((t) => t.key), ["three_stages", "blended", "organisational"]);
  assert.equal(r.data.default, "builtin:three_stages");
  r = await w.fetch(`/api/communities/${DEMO_COMMUNITY}/journeys`, { method: "POST", cookie: coord, json: { from: "builtin:blended" } });
  assert.equal(r.status, 201, r.text);
  const draft = r.data;
  assert.deepEqual([draft.version, draft.state], [1, "draft"]);
  const template = { ...draft.template, min_interactions: 6 };
  r = await w.fetch(`/api/communities/${DEMO_COMMUNITY}/journeys/${draft.id}`, { method: "PUT", cookie: coord, json: { template: { ...template, stages: [] } } });
  assert.deepEqual([r.status, r.data.error.field], [422, "template.stages"]);
  r = await w.fetch(`/api/communities/${DEMO_COMMUNITY}/journeys/${draft.id}`, { method: "PUT", cookie: coord, json: { template } });
  assert.equal(r.status, 200, r.text);
  r = await w.fetch(`/api/communities/${DEMO_COMMUNITY}/journeys/${draft.id}/publish`, { method: "POST", cookie: coord, json: { default: true } });
  assert.equal(r.status, 200, r.text);
  r = await w.fetch(`/api/communities/${DEMO_COMMUNITY}/journeys/${draft.id}`, { method: "PUT", cookie: coord, json: { template } });
  assert.equal(r.status, 409, "published versions never change");
  r = await w.fetch(`/api/communities/${DEMO_COMMUNITY}/journeys`, { cookie: coord });
  assert.equal(r.data.default, draft.id);
  // A running project keeps its journey until its coordinator (Bruno, now) moves it.
  let page = await w.fetch(`/api/projects/${P}`, { cookie: anna });
  assert.equal(page.data.process.journey.ref, "builtin:three_stages");
  r = await w.fetch(`/api/projects/${P}/journey`, { method: "PUT", cookie: anna, json: { journey_id: draft.id } });
  assert.equal(r.status, 403);
  r = await w.fetch(`/api/projects/${P}/journey`, { method: "PUT", cookie: bruno, json: { journey_id: draft.id } });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual([r.data.process.journey.ref, r.data.process.min_interactions], [draft.id, 6]);
  assert.ok(r.data.history.some((e) => e.action === "journey"));
});

test("the last signature sent three times at once brings the version into force once", async () => {
  let c = (await contract(carla)).data;
  const v2 = c.versions.find((v) => v.version === 2);
  let r = await w.fetch(`/api/projects/${P}/contract/${v2.id}`, { method: "PUT", cookie: carla, json: { ...TERMS, change_note: "Thursdays, as Anna asked." } });
  assert.equal(r.status, 200, r.text);
  const text = r.data.versions.find((v) => v.version === 2);
  assert.equal((await act(carla, v2.id, { action: "propose" })).status, 200);
  for (const who of [anna, carla]) assert.equal((await act(who, v2.id, { action: "sign", hash: text.hash })).status, 200);
  const filedBefore = await w.spaceCount(P, "file_versions");
  const answers = await Promise.all([1, 2, 3].map(() => act(bruno, v2.id, { action: "sign", hash: text.hash })));
  assert.deepEqual(answers.map((a) => a.status).sort(), [200, 409, 409], answers.map((a) => a.text).join("\n"));
  assert.equal(await w.spaceCount(P, "file_versions"), filedBefore + 1, "filed once");
  c = (await contract(carla)).data;
  assert.deepEqual(c.versions.map((v) => [v.version, v.state]), [[2, "in_force"], [1, "superseded"]]);
});

test("organisational mentoring: the action plan's rows followed with owner, due date and state", async () => {
  let r = await w.fetch(`/api/projects/${P}/journey`, { method: "PUT", cookie: bruno, json: { journey_id: "builtin:organisational", note: "An organisation's transfer of practice." } });
  assert.equal(r.status, 200, r.text);
  r = await w.fetch(`/api/projects/${P}/action-plan`, { cookie: carla });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.data.grid.length, 8);
  assert.deepEqual(r.data.items, []);
  r = await w.fetch(`/api/projects/${P}/action-plan`, { method: "PUT", cookie: anna, json: { row: 4, owner: "mentor", due: "2027-02-15", state: "doing", note: "Draft shared with the team." } });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.data.items.map((i) => [i.row, i.owner, i.due, i.state]), [[4, "mentor", "2027-02-15", "doing"]]);
  r = await w.fetch(`/api/projects/${P}/action-plan`, { method: "PUT", cookie: bruno, json: { row: 4, owner: "mentor", due: "2027-02-15", state: "done" } });
  assert.equal(r.data.items[0].state, "done", "the coordinator follows it too");
  for (const [body, field] of [[{ row: 8, owner: "mentor", state: "open" }, "row"], [{ row: 1, owner: "boss", state: "open" }, "owner"], [{ row: 1, owner: "mentor", state: "late" }, "state"]]) {
    r = await w.fetch(`/api/projects/${P}/action-plan`, { method: "PUT", cookie: anna, json: body });
    assert.deepEqual([r.status, r.data.error.field], [422, field]);
  }
  assert.equal((await w.fetch(`/api/projects/${P}/action-plan`, { cookie: dev })).status, 404);
});
