// Mentoring relationships: requests, models A and B, the mentor's consent, expiry, the lifecycle, groups, privacy.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startWorker, DEMO, DEMO_COMMUNITY } from "../support/worker.mjs";
import { PROJECTS, USERS } from "../support/demo.mjs";

const ANNA = USERS.anna;
const BRUNO = USERS.bruno;
const CARLA = USERS.carla;
const DEV = USERS.dev;
const DEV_REQUEST = PROJECTS.devRequest;
const ACTIVE = PROJECTS.annaCarla;
const DAY = 86_400_000;

async function fresh() {
  const w = await startWorker();
  const c = {};
  for (const [k, email] of Object.entries(DEMO)) c[k] = await w.login(email);
  const act = (project, cookie, json, opts = {}) => w.fetch(`/api/projects/${project}/actions`, { method: "POST", cookie, json, ...opts });
  const draft = async (cookie, json = {}) => {
    const r = await w.fetch(`/api/communities/${DEMO_COMMUNITY}/projects`, { method: "POST", cookie, json: { summary: "I would like help to plan my next career step.", ...json } });
    assert.equal(r.status, 201, r.text);
    return r.data.project;
  };
  const kinds = async (user) => (await w.db.prepare("SELECT kind FROM notifications WHERE user_id = ? ORDER BY id").bind(user).all()).results.map((n) => n.kind);
  return { w, c, act, draft, kinds };
}

describe("model B: the mentee chooses, a decline with a reason, a second choice", () => {
  let t;
  before(async () => (t = await fresh()));
  after(async () => t.w.dispose());

  test("a draft gets a proposed title; bad input names the field and stores nothing", async () => {
    const n = await t.w.count("SELECT COUNT(*) FROM projects");
    const bad = await t.w.fetch(`/api/communities/${DEMO_COMMUNITY}/projects`, { method: "POST", cookie: t.c.dev, json: { summary: "help" } });
    assert.equal(bad.status, 422);
    assert.equal(bad.data.error.field, "summary");
    assert.equal(await t.w.count("SELECT COUNT(*) FROM projects"), n);
    const p = await t.draft(t.c.dev);
    assert.equal(p.title, "Mentoring for Dev Patel");
    assert.equal(p.state, "draft");
    t.project = p.id;
  });

  test("candidates are the available accredited mentors, ranked by fit, and can be filtered", async () => {
    const r = await t.w.fetch(`/api/projects/${t.project}/candidates`, { cookie: t.c.dev });
    assert.deepEqual(r.data.items.map((m) => m.display_name), ["Bruno Costa", "Anna Bianchi"]);
    assert.ok(r.data.items[0].fit.score > r.data.items[1].fit.score);
    assert.ok(r.data.items[0].fit.reasons.includes("field"));
    const pt = await t.w.fetch(`/api/projects/${t.project}/candidates?language=pt`, { cookie: t.c.dev });
    assert.deepEqual(pt.data.items.map((m) => m.display_name), ["Bruno Costa"]);
    const tool = await t.w.fetch(`/api/projects/${t.project}/candidates?tool=jitsi`, { cookie: t.c.dev });
    assert.deepEqual(tool.data.items.map((m) => m.display_name), ["Anna Bianchi"]);
    // Candidates show expertise, languages and availability; never a private contact handle before any match.
    assert.ok(r.data.items.every((m) => !("contact_tools" in m.profile)));
    assert.doesNotMatch(r.text, /anna\.bianchi|"handle"/);
  });

  test("contact handles are for people who share an active project", async () => {
    const asDev = await t.w.fetch(`/api/users/${ANNA}`, { cookie: t.c.dev });
    assert.equal(asDev.status, 200);
    assert.deepEqual(asDev.data.profile.contact_tools, []);
    const carla = await t.w.login(DEMO.carla);
    const asCarla = await t.w.fetch(`/api/users/${ANNA}`, { cookie: carla });
    assert.ok(asCarla.data.profile.contact_tools.length > 0, "her mentee sees how to reach her");
    const roll = await t.w.fetch(`/api/communities/${DEMO_COMMUNITY}/roll`, { cookie: t.c.dev });
    assert.doesNotMatch(roll.text, /"handle"/);
  });

  test("sending asks the mentor, who sees the request and is told; sending twice changes nothing", async () => {
    const sent = await t.act(t.project, t.c.dev, { action: "send", mentor_id: BRUNO });
    assert.equal(sent.status, 200, sent.text);
    assert.equal(sent.data.project.state, "awaiting_consent");
    assert.equal(sent.data.project.mentor.display_name, "Bruno Costa");
    const again = await t.act(t.project, t.c.dev, { action: "send", mentor_id: BRUNO });
    assert.equal(again.status, 200);
    assert.equal(await t.w.count("SELECT COUNT(*) FROM project_events WHERE project_id = ? AND action = 'send'", t.project), 1);
    const seen = await t.w.fetch(`/api/projects/${t.project}`, { cookie: t.c.bruno });
    assert.deepEqual(seen.data.actions, ["accept", "decline", "ask_info"]);
    assert.deepEqual(await t.kinds(BRUNO), ["request_received"]);
    const dash = await t.w.fetch("/api/dashboard", { cookie: t.c.bruno });
    assert.equal(dash.data.waiting_for_me[0].id, t.project);
    assert.ok(dash.data.waiting_for_me[0].expires_at > Date.now() + 13 * DAY);
    assert.match((await t.w.delivered((await t.w.lastMail(DEMO.bruno)).id)).body, /asked to mentor/);
  });

  test("only the mentor answers; a decline needs a reason, which the mentee is told", async () => {
    const byMentee = await t.act(t.project, t.c.dev, { action: "accept" });
    assert.equal(byMentee.status, 403);
    const noReason = await t.act(t.project, t.c.bruno, { action: "decline", note: "" });
    assert.equal(noReason.status, 422);
    assert.equal(noReason.data.error.field, "note");
    const declined = await t.act(t.project, t.c.bruno, { action: "decline", note: "I am fully booked until spring." });
    assert.equal(declined.status, 200);
    assert.equal((await t.w.fetch(`/api/projects/${t.project}`, { cookie: t.c.dev })).data.project.state, "draft");
    const note = (await t.w.fetch("/api/notifications", { cookie: t.c.dev })).data.items[0];
    assert.deepEqual([note.kind, note.note], ["declined", "I am fully booked until spring."]);
    assert.equal((await t.w.fetch(`/api/projects/${t.project}`, { cookie: t.c.bruno })).status, 404, "no longer his to see");
  });

  test("a mentor who declined is not offered or asked again; the second choice accepts", async () => {
    const cands = await t.w.fetch(`/api/projects/${t.project}/candidates`, { cookie: t.c.dev });
    assert.deepEqual(cands.data.items.map((m) => m.display_name), ["Anna Bianchi"]);
    const back = await t.act(t.project, t.c.dev, { action: "send", mentor_id: BRUNO });
    assert.equal(back.data.error.code, "mentor_declined");
    assert.equal((await t.act(t.project, t.c.dev, { action: "send", mentor_id: ANNA })).status, 200);
    const accepted = await t.act(t.project, t.c.anna, { action: "accept" });
    assert.equal(accepted.data.project.state, "active");
    assert.deepEqual(accepted.data.members.map((m) => [m.display_name, m.role, m.status]), [["Anna Bianchi", "mentor", "active"], ["Dev Patel", "mentee", "active"]]);
    const history = accepted.data.history.map((e) => [e.action, e.from_state, e.to_state]);
    assert.deepEqual(history, [
      ["create", "", "draft"], ["send", "draft", "awaiting_consent"], ["decline", "awaiting_consent", "draft"],
      ["send", "draft", "awaiting_consent"], ["accept", "awaiting_consent", "active"],
    ]);
    assert.equal(accepted.data.history[2].note, "I am fully booked until spring.");
    assert.equal(accepted.data.history[2].actor_name, "Bruno Costa");
    assert.ok((await t.kinds(DEV)).includes("accepted"));
    const dash = await t.w.fetch("/api/dashboard", { cookie: t.c.dev });
    assert.ok(dash.data.as_mentee.some((p) => p.id === t.project && p.state === "active"));
  });

  test("impossible transitions answer 409 and change nothing", async () => {
    const again = await t.act(t.project, t.c.anna, { action: "accept" });
    assert.equal(again.status, 409);
    assert.match(again.data.error.message, /already started/);
    assert.equal((await t.act(t.project, t.c.dev, { action: "withdraw" })).status, 409);
    assert.equal((await t.act(t.project, t.c.dev, { action: "fly" })).status, 422);
    assert.equal(await t.w.count("SELECT COUNT(*) FROM project_events WHERE project_id = ?", t.project), 5);
  });
});

describe("model A: the admins match, the mentor asks for more information, then accepts", () => {
  let t;
  before(async () => (t = await fresh()));
  after(async () => t.w.dispose());

  test("the matching queue shows the request with suggested mentors ranked by fit", async () => {
    const q = await t.w.fetch(`/api/communities/${DEMO_COMMUNITY}/matching`, { cookie: t.c.coordinator });
    // Matching comes before any match: no contact handle of the mentee's.
    assert.ok(q.data.items.length > 0);
    assert.ok(q.data.items.every((i) => i.mentee_profile.contact_tools.length === 0));
    assert.doesNotMatch(q.text, /"handle"/);
    assert.equal(q.status, 200);
    const item = q.data.items.find((i) => i.project.id === DEV_REQUEST);
    assert.deepEqual(item.suggestions.map((s) => s.display_name), ["Bruno Costa", "Anna Bianchi"]);
    assert.equal((await t.w.fetch(`/api/communities/${DEMO_COMMUNITY}/matching`, { cookie: t.c.anna })).status, 403);
    const dash = await t.w.fetch("/api/dashboard", { cookie: t.c.coordinator });
    assert.equal(dash.data.community_admin[0].counts.awaiting_match, 1);
    assert.equal(dash.data.community_admin[0].counts.active, 1);
  });

  test("only admins match; the match tells the mentor and the mentee", async () => {
    assert.equal((await t.act(DEV_REQUEST, t.c.dev, { action: "match", mentor_id: BRUNO })).status, 403);
    const noMentor = await t.act(DEV_REQUEST, t.c.coordinator, { action: "match", mentor_id: "" });
    assert.equal(noMentor.data.error.field, "mentor_id");
    const self = await t.act(DEV_REQUEST, t.c.coordinator, { action: "match", mentor_id: DEV });
    assert.equal(self.data.error.code, "not_available");
    const m = await t.act(DEV_REQUEST, t.c.coordinator, { action: "match", mentor_id: BRUNO, note: "Bruno started his own firm." });
    assert.equal(m.data.project.state, "awaiting_consent");
    assert.deepEqual(await t.kinds(DEV), ["matched"]);
    assert.deepEqual(await t.kinds(BRUNO), ["request_received"]);
  });

  test("asking for more information keeps the request pending; the mentee answers; the mentor accepts", async () => {
    const early = await t.act(DEV_REQUEST, t.c.dev, { action: "reply", note: "Nobody asked yet." });
    assert.equal(early.status, 409, "nothing to answer before the mentor asks");
    assert.ok(!(await t.w.fetch(`/api/projects/${DEV_REQUEST}`, { cookie: t.c.dev })).data.actions.includes("reply"));
    const ask = await t.act(DEV_REQUEST, t.c.bruno, { action: "ask_info", note: "What kind of business do you have in mind?" });
    assert.equal(ask.data.project.state, "awaiting_consent");
    assert.ok((await t.kinds(DEV)).includes("info_requested"));
    assert.ok((await t.w.fetch(`/api/projects/${DEV_REQUEST}`, { cookie: t.c.dev })).data.actions.includes("reply"));
    const reply = await t.act(DEV_REQUEST, t.c.dev, { action: "reply", note: "A small electrical installation company." });
    assert.equal(reply.status, 200);
    assert.equal((await t.act(DEV_REQUEST, t.c.dev, { action: "reply", note: "And another thing." })).status, 409, "one answer per question");
    assert.ok((await t.kinds(BRUNO)).includes("info_given"));
    const ok = await t.act(DEV_REQUEST, t.c.bruno, { action: "accept" });
    assert.equal(ok.data.project.state, "active");
  });

  test("a decline under model A returns the request to the matching queue", async () => {
    const p = await t.draft(t.c.carla, { title: "Public speaking" });
    await t.act(p.id, t.c.carla, { action: "hand_to_admins" });
    await t.act(p.id, t.c.coordinator, { action: "match", mentor_id: BRUNO });
    await t.act(p.id, t.c.bruno, { action: "decline", note: "Not my field." });
    const seen = await t.w.fetch(`/api/projects/${p.id}`, { cookie: t.c.carla });
    assert.equal(seen.data.project.state, "awaiting_match");
    const q = await t.w.fetch(`/api/communities/${DEMO_COMMUNITY}/matching`, { cookie: t.c.coordinator });
    const item = q.data.items.find((i) => i.project.id === p.id);
    assert.deepEqual(item.suggestions.map((s) => s.display_name), ["Anna Bianchi"], "Bruno declined");
  });

  test("the community's settings decide which models a mentee is offered", async () => {
    const settings = { name: "Demo Community", description: "Only A.", join_policy: "open", models: "a", request_timeout_days: 14 };
    await t.w.fetch(`/api/communities/${DEMO_COMMUNITY}`, { method: "PUT", cookie: t.c.coordinator, json: settings });
    const p = await t.draft(t.c.carla, { title: "Only model A here" });
    const send = await t.act(p.id, t.c.carla, { action: "send", mentor_id: ANNA });
    assert.equal(send.status, 409);
    assert.match(send.data.error.message, /hand the request to the community admins/);
    assert.deepEqual((await t.w.fetch(`/api/projects/${p.id}`, { cookie: t.c.carla })).data.actions, ["hand_to_admins", "withdraw"]);
  });
});

describe("consent times out", () => {
  let t;
  before(async () => (t = await fresh()));
  after(async () => t.w.dispose());

  test("an unanswered request returns to the mentee (B) or to the queue (A) after the community's timeout, and both sides are told", async () => {
    const t0 = Date.now();
    const b = await t.draft(t.c.carla, { title: "Model B request" });
    await t.act(b.id, t.c.carla, { action: "send", mentor_id: BRUNO }, { now: t0 });
    await t.act(DEV_REQUEST, t.c.coordinator, { action: "match", mentor_id: ANNA }, { now: t0 });
    // Two weeks on, the admin's old session has ended too: log in at that time.
    const admin = await t.w.login(DEMO.admin, undefined, { now: t0 + 14 * DAY - 1000 });
    const early = await t.w.fetch("/api/admin/tasks/expire", { method: "POST", cookie: admin, now: t0 + 14 * DAY - 1000 });
    assert.equal(early.data.expired, 0);
    const due = await t.w.fetch("/api/admin/tasks/expire", { method: "POST", cookie: admin, now: t0 + 14 * DAY + 1000 });
    assert.equal(due.data.expired, 2);
    assert.equal((await t.w.fetch(`/api/projects/${b.id}`, { cookie: t.c.carla })).data.project.state, "draft");
    assert.equal((await t.w.fetch(`/api/projects/${DEV_REQUEST}`, { cookie: t.c.dev })).data.project.state, "awaiting_match");
    assert.ok((await t.kinds(CARLA)).includes("expired"));
    assert.ok((await t.kinds(BRUNO)).includes("expired"));
    assert.ok((await t.kinds(DEV)).includes("expired"));
    assert.ok((await t.kinds(ANNA)).includes("expired"));
    const history = (await t.w.fetch(`/api/projects/${b.id}`, { cookie: t.c.carla })).data.history;
    assert.deepEqual(history.at(-1).actor_id, null, "the platform did it");
    // The mentor who did not answer is not excluded; one who declined would be.
    const again = await t.act(b.id, t.c.carla, { action: "send", mentor_id: BRUNO });
    assert.equal(again.status, 200);
  });

  test("the cron trigger expires overdue requests too", async () => {
    const p = await t.draft(t.c.dev, { title: "Cron expiry" });
    await t.act(p.id, t.c.dev, { action: "send", mentor_id: ANNA });
    await t.w.db.prepare("UPDATE projects SET asked_at = ? WHERE id = ?").bind(Date.now() - 15 * DAY, p.id).run();
    await t.w.cron();
    assert.equal((await t.w.fetch(`/api/projects/${p.id}`, { cookie: t.c.dev })).data.project.state, "draft");
  });
});

describe("withdrawing, duplicates, attachments and privacy", () => {
  let t;
  before(async () => (t = await fresh()));
  after(async () => t.w.dispose());

  test("the same client key makes one draft", async () => {
    const a = await t.draft(t.c.carla, { client_key: "draft-123" });
    const b = await t.draft(t.c.carla, { client_key: "draft-123" });
    assert.equal(a.id, b.id);
    assert.equal(await t.w.count("SELECT COUNT(*) FROM projects WHERE client_key = 'draft-123'"), 1);
  });

  test("a mentee cannot hold two open requests to the same mentor", async () => {
    const a = await t.draft(t.c.carla, { title: "First" });
    const b = await t.draft(t.c.carla, { title: "Second" });
    assert.equal((await t.act(a.id, t.c.carla, { action: "send", mentor_id: BRUNO })).status, 200);
    const dup = await t.act(b.id, t.c.carla, { action: "send", mentor_id: BRUNO });
    assert.equal(dup.status, 409);
    assert.equal(dup.data.error.code, "duplicate_request");
    t.pending = a.id;
  });

  test("documents attached to a request are checked by content and visible to the mentor being asked", async () => {
    const put = (bytes, name, cookie = t.c.carla) =>
      t.w.fetch(`/api/projects/${t.pending}/attachments`, { method: "PUT", cookie, body: bytes, headers: { "x-file-name": name, "content-type": "application/octet-stream" } });
    const exe = await put(Buffer.from("MZ\x90\x00 program"), "plan.pdf");
    assert.equal(exe.status, 415);
    const ok = await put(Buffer.concat([Buffer.from("%PDF-1.5\n"), Buffer.alloc(300)]), "my%20plan.pdf");
    assert.equal(ok.status, 201);
    assert.equal(ok.data.attachment.name, "my plan.pdf");
    assert.equal((await put(Buffer.from("%PDF-1.5\n"), "x.pdf", t.c.bruno)).status, 403, "the mentor reads, the mentee attaches");
    const dl = await t.w.fetch(`/api/projects/${t.pending}/attachments/${ok.data.attachment.id}`, { cookie: t.c.bruno });
    assert.equal(dl.status, 200);
    assert.match(dl.headers.get("content-disposition"), /attachment; filename="my plan.pdf"/);
    assert.equal((await t.w.fetch(`/api/projects/${t.pending}/attachments/${ok.data.attachment.id}`, { cookie: t.c.anna })).status, 404);
    assert.equal((await t.w.fetch(`/api/projects/${t.pending}/attachments/${ok.data.attachment.id}`, { cookie: t.c.admin })).status, 404);
    assert.equal((await t.w.fetch(`/api/projects/${t.pending}/attachments/${ok.data.attachment.id}`, { cookie: t.c.coordinator })).status, 200);
  });

  test("the mentee withdraws before acceptance; the mentor no longer sees it", async () => {
    assert.equal((await t.act(t.pending, t.c.bruno, { action: "withdraw" })).status, 403);
    const w = await t.act(t.pending, t.c.carla, { action: "withdraw" });
    assert.equal(w.data.project.state, "cancelled");
    assert.ok((await t.kinds(BRUNO)).includes("withdrawn"));
    assert.equal((await t.w.fetch(`/api/projects/${t.pending}`, { cookie: t.c.bruno })).status, 404);
    const reopen = await t.act(t.pending, t.c.coordinator, { action: "reopen" });
    assert.equal(reopen.status, 409);
    assert.match(reopen.data.error.message, /never started/);
  });

  test("the mentee edits a draft; nobody else can", async () => {
    const p = await t.draft(t.c.carla);
    const edit = await t.w.fetch(`/api/projects/${p.id}`, { method: "PUT", cookie: t.c.carla, json: { title: "Becoming a data engineer", summary: "I want to move from testing to data engineering.", context: "" } });
    assert.equal(edit.data.project.title, "Becoming a data engineer");
    const other = await t.w.fetch(`/api/projects/${p.id}`, { method: "PUT", cookie: t.c.coordinator, json: { title: "Hijacked", summary: "Something else entirely here." } });
    assert.equal(other.status, 403);
  });
});

describe("the lifecycle after acceptance", () => {
  let t;
  before(async () => (t = await fresh()));
  after(async () => t.w.dispose());

  test("complete, reopen, cancel with a reason; each step recorded and told", async () => {
    assert.equal((await t.act(ACTIVE, t.c.carla, { action: "complete" })).status, 403);
    const done = await t.act(ACTIVE, t.c.anna, { action: "complete" });
    assert.equal(done.data.project.state, "completed");
    assert.ok((await t.kinds(CARLA)).includes("completed"));
    assert.equal((await t.act(ACTIVE, t.c.carla, { action: "reopen" })).status, 403);
    assert.equal((await t.act(ACTIVE, t.c.coordinator, { action: "reopen" })).data.project.state, "active");
    const noReason = await t.act(ACTIVE, t.c.carla, { action: "cancel" });
    assert.equal(noReason.status, 422);
    const cancelled = await t.act(ACTIVE, t.c.carla, { action: "cancel", note: "I found a job, thank you!" });
    assert.equal(cancelled.data.project.state, "cancelled");
    assert.ok((await t.kinds(ANNA)).includes("cancelled"));
    const h = cancelled.data.history.slice(-3).map((e) => [e.action, e.to_state, e.note]);
    assert.deepEqual(h, [["complete", "completed", ""], ["reopen", "active", ""], ["cancel", "cancelled", "I found a job, thank you!"]]);
  });
});

describe("group mentoring", () => {
  let t;
  before(async () => (t = await fresh()));
  after(async () => t.w.dispose());
  const groups = `/api/communities/${DEMO_COMMUNITY}/groups`;

  test("only community admins and accredited mentors form groups of one mentor and two or more mentees", async () => {
    const json = { mentor_id: ANNA, mentee_ids: [CARLA, DEV], name: "Career Starters", motto: "Together we go further" };
    assert.equal((await t.w.fetch(groups, { method: "POST", cookie: t.c.carla, json })).status, 403);
    const few = await t.w.fetch(groups, { method: "POST", cookie: t.c.coordinator, json: { ...json, mentee_ids: [CARLA] } });
    assert.equal(few.data.error.code, "too_few");
    const notMentor = await t.w.fetch(groups, { method: "POST", cookie: t.c.coordinator, json: { ...json, mentor_id: DEV, mentee_ids: [CARLA, ANNA] } });
    assert.equal(notMentor.data.error.field, "mentor_id");
    const r = await t.w.fetch(groups, { method: "POST", cookie: t.c.coordinator, json });
    assert.equal(r.status, 201);
    assert.equal(r.data.project.kind, "group");
    t.group = r.data.project.id;
    assert.ok((await t.kinds(CARLA)).includes("group_invited"));
    assert.ok((await t.kinds(ANNA)).includes("group_invited"));
  });

  test("it starts when its mentor and two mentees have accepted", async () => {
    assert.equal((await t.act(t.group, t.c.carla, { action: "accept" })).data.project.state, "awaiting_consent");
    assert.equal((await t.act(t.group, t.c.carla, { action: "accept" })).data.error.code, "already_answered");
    assert.equal((await t.act(t.group, t.c.anna, { action: "accept" })).data.project.state, "awaiting_consent");
    const started = await t.act(t.group, t.c.dev, { action: "accept" });
    assert.equal(started.data.project.state, "active");
    assert.ok((await t.kinds(CARLA)).includes("group_started"));
    assert.equal((await t.w.fetch(`/api/projects/${t.group}`, { cookie: t.c.bruno })).status, 404);
  });

  test("it is dissolved when it can no longer have two mentees", async () => {
    const r = await t.w.fetch(groups, { method: "POST", cookie: t.c.anna, json: { mentor_id: ANNA, mentee_ids: [CARLA, DEV], name: "Evening Club" } });
    assert.equal(r.status, 201, "an accredited mentor forms a group they mentor");
    const declined = await t.act(r.data.project.id, t.c.dev, { action: "decline", note: "No time, sorry." });
    assert.equal(declined.data.project.state, "cancelled");
    assert.ok((await t.kinds(CARLA)).includes("group_dissolved"));
  });
});

describe("notifications", () => {
  let t;
  before(async () => (t = await fresh()));
  after(async () => t.w.dispose());

  test("carry an unread count, can be marked read, and are e-mailed only when wanted", async () => {
    const p = await t.draft(t.c.carla, { title: "Notify me" });
    await t.act(p.id, t.c.carla, { action: "send", mentor_id: BRUNO });
    let n = await t.w.fetch("/api/notifications", { cookie: t.c.bruno });
    assert.equal(n.data.unread, 1);
    assert.equal(n.data.email_notifications, true);
    assert.equal((await t.w.fetch("/api/dashboard", { cookie: t.c.bruno })).data.unread_notifications, 1);
    assert.equal((await t.w.fetch("/api/notifications/read", { method: "POST", cookie: t.c.bruno, json: { ids: ["bad id"] } })).status, 422);
    await t.w.fetch("/api/notifications/read", { method: "POST", cookie: t.c.bruno, json: {} });
    assert.equal((await t.w.fetch("/api/notifications", { cookie: t.c.bruno })).data.unread, 0);
    await t.w.fetch("/api/me/preferences", { method: "PUT", cookie: t.c.carla, json: { email_notifications: false } });
    const mails = await t.w.count("SELECT COUNT(*) FROM outbox WHERE to_email = ?", DEMO.carla);
    await t.act(p.id, t.c.bruno, { action: "ask_info", note: "Which notifications?" });
    n = await t.w.fetch("/api/notifications", { cookie: t.c.carla });
    assert.equal(n.data.items[0].kind, "info_requested");
    assert.equal(n.data.items[0].actor_name, "Bruno Costa");
    assert.equal(await t.w.count("SELECT COUNT(*) FROM outbox WHERE to_email = ?", DEMO.carla), mails, "no e-mail");
  });
});
