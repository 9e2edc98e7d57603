// The Roll of Mentors: who sees it, applying, the supervisor's decisions, mentors' own settings.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startWorker, DEMO, DEMO_COMMUNITY, ENGINEERS } from "../support/worker.mjs";
import { USERS } from "../support/demo.mjs";

let w, c;
const ROLL = `/api/communities/${DEMO_COMMUNITY}/roll`;
const DEV = USERS.dev;
const ANNA = USERS.anna;
const CORA = USERS.coordinator;
before(async () => {
  w = await startWorker();
  c = {};
  for (const [k, email] of Object.entries(DEMO)) c[k] = await w.login(email);
});
after(async () => w.dispose());

const post = (url, cookie, json) => w.fetch(url, { method: "POST", cookie, json });

test("members see the roll: its supervisor and the accredited mentors with their mentor profiles", async () => {
  const r = await w.fetch(ROLL, { cookie: c.carla });
  assert.equal(r.status, 200);
  assert.equal(r.data.roll.supervisor_name, "Cora Coordinator");
  assert.deepEqual(r.data.mentors.map((m) => m.display_name), ["Anna Bianchi", "Bruno Costa"]);
  assert.match(r.data.mentors[0].profile.mentor_experience, /mentored/);
  assert.equal(r.data.mine, null);
  assert.equal((await w.fetch(`/api/communities/${ENGINEERS}/roll`, { cookie: c.carla })).status, 403, "not a member there");
});

test("a community admin creates a roll once and supervises it", async () => {
  assert.equal((await post(ROLL, c.coordinator)).data.error.code, "roll_exists");
  const created = await post(`/api/communities/${ENGINEERS}/roll`, c.bruno);
  assert.equal(created.status, 201);
  assert.equal((await w.fetch(`/api/communities/${ENGINEERS}/roll`, { cookie: c.bruno })).data.is_supervisor, true);
});

test("applying: a motivation is required, one application at a time, and the supervisor is told", async () => {
  const short = await post(`${ROLL}/applications`, c.dev, { motivation: "I can help" });
  assert.equal(short.status, 422);
  assert.equal(short.data.error.field, "motivation");
  const ok = await post(`${ROLL}/applications`, c.dev, { motivation: "I have built two small businesses and want to help others start." });
  assert.equal(ok.status, 201);
  assert.equal(ok.data.entry.status, "applied");
  assert.equal((await post(`${ROLL}/applications`, c.dev, { motivation: "Once more, with feeling and many more words." })).status, 409);
  const note = await w.db.prepare("SELECT kind FROM notifications WHERE user_id = ? ORDER BY id DESC LIMIT 1").bind(CORA).first();
  assert.equal(note.kind, "roll_application");
  const list = await w.fetch(`${ROLL}/applications`, { cookie: c.coordinator });
  assert.equal(list.data.items[0].display_name, "Dev Patel");
  assert.equal((await w.fetch(`${ROLL}/applications`, { cookie: c.carla })).status, 403);
});

test("the supervisor rejects with a note the applicant sees; a re-application is accredited", async () => {
  const noNote = await post(`${ROLL}/entries/${DEV}/decision`, c.coordinator, { decision: "reject", note: "" });
  assert.equal(noNote.status, 422);
  const bad = await post(`${ROLL}/entries/${DEV}/decision`, c.coordinator, { decision: "promote" });
  assert.equal(bad.data.error.field, "decision");
  const rejected = await post(`${ROLL}/entries/${DEV}/decision`, c.coordinator, { decision: "reject", note: "Please fill in your mentor experience first." });
  assert.equal(rejected.data.entry.status, "rejected");
  const seen = await w.fetch(ROLL, { cookie: c.dev });
  assert.equal(seen.data.mine.status, "rejected");
  assert.equal(seen.data.mine.decision_note, "Please fill in your mentor experience first.");
  const dash = await w.fetch("/api/dashboard", { cookie: c.dev });
  assert.equal(dash.data.applications[0].status, "rejected");
  const notes = await w.fetch("/api/notifications", { cookie: c.dev });
  assert.equal(notes.data.items[0].kind, "roll_decided");
  assert.equal(notes.data.items[0].note, "Please fill in your mentor experience first.");
  await post(`${ROLL}/applications`, c.dev, { motivation: "I have now described my experience in my profile." });
  const again = await post(`${ROLL}/entries/${DEV}/decision`, c.coordinator, { decision: "accredit", note: "Welcome!" });
  assert.equal(again.data.entry.status, "accredited");
  assert.equal((await post(`${ROLL}/entries/${DEV}/decision`, c.coordinator, { decision: "accredit" })).status, 409, "already accredited");
});

test("only the supervisor decides; the roll can be handed over to another community admin", async () => {
  await w.fetch(`/api/admin/communities/${DEMO_COMMUNITY}/members/${ANNA}/role`, { method: "PUT", json: { role: "admin" }, cookie: c.admin });
  const notSupervisor = await post(`${ROLL}/entries/${DEV}/decision`, c.anna, { decision: "suspend", note: "x" });
  assert.equal(notSupervisor.status, 403);
  assert.equal(notSupervisor.data.error.code, "not_supervisor");
  const toMember = await w.fetch(`${ROLL}/supervisor`, { method: "PUT", cookie: c.coordinator, json: { user_id: DEV } });
  assert.equal(toMember.status, 422);
  const handed = await w.fetch(`${ROLL}/supervisor`, { method: "PUT", cookie: c.coordinator, json: { user_id: ANNA } });
  assert.equal(handed.status, 200);
  assert.equal((await post(`${ROLL}/entries/${DEV}/decision`, c.coordinator, { decision: "suspend", note: "x" })).status, 403);
  const suspended = await post(`${ROLL}/entries/${DEV}/decision`, c.anna, { decision: "suspend", note: "Complaints to review." });
  assert.equal(suspended.data.entry.status, "suspended");
  assert.ok(!(await w.fetch(ROLL, { cookie: c.carla })).data.mentors.some((m) => m.user_id === DEV));
  await w.fetch(`${ROLL}/supervisor`, { method: "PUT", cookie: c.anna, json: { user_id: CORA } });
  await w.fetch(`/api/admin/communities/${DEMO_COMMUNITY}/members/${ANNA}/role`, { method: "PUT", json: { role: "member" }, cookie: c.admin });
});

test("accredited mentors set their availability, capacity and openness to other communities", async () => {
  const bad = await w.fetch(`${ROLL}/me`, { method: "PUT", cookie: c.bruno, json: { available: true, capacity: 0, open_to_other_communities: false } });
  assert.equal(bad.status, 422);
  assert.equal(bad.data.error.field, "capacity");
  const ok = await w.fetch(`${ROLL}/me`, { method: "PUT", cookie: c.bruno, json: { available: false, capacity: 4, open_to_other_communities: true } });
  assert.equal(ok.data.entry.available, false);
  assert.equal(ok.data.entry.capacity, 4);
  const notMentor = await w.fetch(`${ROLL}/me`, { method: "PUT", cookie: c.carla, json: { available: true, capacity: 2, open_to_other_communities: false } });
  assert.equal(notMentor.data.error.code, "not_accredited");
  await w.fetch(`${ROLL}/me`, { method: "PUT", cookie: c.bruno, json: { available: true, capacity: 2, open_to_other_communities: false } });
});
