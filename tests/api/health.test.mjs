// Interaction health and escalation (#12): the daily pass over active projects, from metadata only. Days pass in the
// test (the clock is injected): the members are nudged with the next step at most once a week per rule, an at-risk
// project tells its coordinator once and enters the community's "Needs attention" queue, the coordinator
// acknowledges it with a snooze, a stalled project tells every community admin once; a member asks for help
// privately; a project on hold sleeps.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startWorker, DEMO, USERS, PROJECTS, DEMO_COMMUNITY } from "../support/worker.mjs";

const P = PROJECTS.annaCarla;
const DAY = 86_400_000;
/** When Anna accepted Carla's request (demo/seed.sql): the project's start. */
const START = 1790000300000;
const day = (n) => START + n * DAY + 3_600_000;
const date = (ms) => new Date(ms).toISOString().slice(0, 10);
let w;

before(async () => {
  w = await startWorker();
});
after(async () => w.dispose());

/** Someone's requests at a given time. */
const as = async (email, at) => {
  const cookie = await w.login(email, undefined, { now: at });
  return (method, path, json) => w.fetch(path, { method, cookie, json, now: at });
};
/** The day's pass, run at `at` by a platform admin (as the cron does). */
const pass = async (at) => {
  const admin = await as(DEMO.admin, at);
  const r = await admin("POST", "/api/admin/tasks/health");
  assert.equal(r.status, 200, r.text);
  return r.data.assessed;
};
const mails = (email, subject) =>
  w.count("SELECT COUNT(*) FROM outbox WHERE to_email = ? AND subject LIKE ?", email, `%${subject}%`);
const NUDGE = "needs a step forward";
/** The newest mail to someone whose subject says this, as delivered. */
async function mail(email, subject) {
  const row = await w.db.prepare("SELECT id FROM outbox WHERE to_email = ? AND subject LIKE ? ORDER BY id DESC LIMIT 1").bind(email, `%${subject}%`).first();
  return row && (await w.delivered(row.id));
}

test("quiet weeks: nudged once a week per rule, then at risk (the coordinator told once), acknowledged, then stalled (every admin told once)", async () => {
  assert.equal(await pass(day(10)), 1, "the one active project is assessed");
  assert.equal(await pass(day(10) + 3_600_000), 0, "once a day");
  let carla = await as(DEMO.carla, day(10));
  let r = await carla("GET", `/api/projects/${P}/health`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.data.level, "ok");
  assert.deepEqual(r.data.reasons, []);

  // Three weeks without a qualifying interaction, no contract, no session: watch, with the next steps.
  await pass(day(22));
  carla = await as(DEMO.carla, day(22));
  r = await carla("GET", `/api/projects/${P}/health`);
  assert.equal(r.data.level, "watch");
  assert.deepEqual(r.data.reasons.map((x) => x.rule).sort(), ["contract_late", "no_next_session", "quiet"]);
  assert.equal(r.data.reasons.find((x) => x.rule === "quiet").days, 22);
  assert.equal(r.data.needs_attention, undefined, "members do not see the queue's flag");
  assert.equal(await mails(DEMO.carla, NUDGE), 1);
  assert.equal(await mails(DEMO.anna, NUDGE), 1);
  assert.match((await mail(DEMO.anna, NUDGE)).body, /plan the next one/);
  assert.equal(await mails(DEMO.coordinator, "at risk"), 0);

  await pass(day(25));
  assert.equal(await mails(DEMO.carla, NUDGE), 1, "not twice in a week");
  await pass(day(29));
  assert.equal(await mails(DEMO.carla, NUDGE), 2, "again a week on");

  // Five weeks: at risk. The coordinator is told once; the project is in the queue.
  await pass(day(36));
  assert.equal(await mails(DEMO.coordinator, "is at risk"), 1);
  await pass(day(37));
  assert.equal(await mails(DEMO.coordinator, "is at risk"), 1, "once per episode");
  const coord = await as(DEMO.coordinator, day(37));
  r = await coord("GET", `/api/communities/${DEMO_COMMUNITY}/attention`);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.data.needs_attention.map((p) => p.project_id), [P]);
  assert.equal(r.data.by_level.at_risk, 1);
  assert.equal(r.data.needs_attention[0].level, "at_risk");
  const anna = await as(DEMO.anna, day(37));
  assert.equal((await anna("GET", `/api/communities/${DEMO_COMMUNITY}/attention`)).status, 403, "a member is not an admin");

  // Acknowledging: bad input changes nothing; members and outsiders cannot.
  const ack = (who, body) => who("POST", `/api/projects/${P}/health/acknowledge`, body);
  r = await ack(coord, { note: "Called Carla.", snooze_until: date(day(30)) });
  assert.equal(r.status, 422);
  assert.equal(r.data.error.field, "snooze_until");
  r = await ack(coord, { note: "", snooze_until: date(day(47)) });
  assert.equal(r.status, 422);
  assert.equal(r.data.error.field, "note");
  assert.equal((await ack(anna, { note: "Fine.", snooze_until: date(day(47)) })).status, 403);
  const dev = await as(DEMO.dev, day(37));
  assert.equal((await ack(dev, { note: "Fine.", snooze_until: date(day(47)) })).status, 404);
  assert.equal((await dev("GET", `/api/projects/${P}/health`)).status, 404);
  r = await coord("GET", `/api/communities/${DEMO_COMMUNITY}/attention`);
  assert.equal(r.data.needs_attention.length, 1, "still in the queue");
  r = await ack(coord, { note: "Called Carla: exams until the 20th.", snooze_until: date(day(47)) });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.data.acknowledged.note, "Called Carla: exams until the 20th.");
  r = await coord("GET", `/api/communities/${DEMO_COMMUNITY}/attention`);
  assert.deepEqual(r.data.needs_attention, [], "acknowledged: out of the queue");
  const audit = await w.count("SELECT COUNT(*) FROM audit_log WHERE action = 'project.health.acknowledge' AND target_id = ?", P);
  assert.equal(audit, 1);

  // Fourteen days at risk, but acknowledged: no escalation. The snooze over, back in the queue.
  await pass(day(51));
  assert.equal(await mails(DEMO.admin, "community admins' attention"), 0);
  r = await (await as(DEMO.coordinator, day(51)))("GET", `/api/communities/${DEMO_COMMUNITY}/attention`);
  assert.deepEqual(r.data.needs_attention.map((p) => p.project_id), [P]);

  // Sixty days quiet: stalled. Every community admin is told, once.
  await pass(day(61));
  const admins = await w.db.prepare("SELECT u.email FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.community_id = ? AND m.role = 'admin' AND m.status = 'active'").bind(DEMO_COMMUNITY).all();
  assert.ok(admins.results.length >= 1);
  for (const a of admins.results) assert.equal(await mails(a.email, "community admins' attention"), 1, a.email);
  await pass(day(62));
  for (const a of admins.results) assert.equal(await mails(a.email, "community admins' attention"), 1, `${a.email}: once`);
  r = await (await as(DEMO.carla, day(62)))("GET", `/api/projects/${P}/health`);
  assert.equal(r.data.level, "stalled");
});

test("a member asks the coordinator for help: private to them and the coordinator; asked twice, refused", async () => {
  const at = day(63);
  const carla = await as(DEMO.carla, at);
  let r = await carla("POST", `/api/projects/${P}/help`, { text: "Something at home makes this hard right now." });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.data.help.length, 1);
  assert.equal(r.data.help[0].text, "Something at home makes this hard right now.");
  assert.ok(!r.data.reasons.some((x) => x.rule === "help_requested"), "listed apart, not as a reason");
  const told = await mail(DEMO.coordinator, "asks you for help");
  assert.ok(told, "the coordinator is told");
  assert.ok(!told.body.includes("Something at home"), "the e-mail carries no text");
  r = await carla("POST", `/api/projects/${P}/help`, { text: "" });
  assert.equal(r.status, 409);
  assert.equal(r.data.error.code, "help_open");
  r = await carla("POST", `/api/projects/${P}/help`, { text: "x".repeat(2001) });
  assert.equal(r.status, 422);

  const anna = await as(DEMO.anna, at);
  r = await anna("GET", `/api/projects/${P}/health`);
  assert.deepEqual(r.data.help, [], "the other member does not see it");
  assert.ok(!JSON.stringify(r.data).includes("help_requested"));
  const coord = await as(DEMO.coordinator, at);
  r = await coord("GET", `/api/projects/${P}/health`);
  assert.ok(r.data.reasons.some((x) => x.rule === "help_requested"));
  assert.equal(r.data.help[0].text, "Something at home makes this hard right now.");
  r = await coord("GET", `/api/communities/${DEMO_COMMUNITY}/attention`);
  assert.ok(!JSON.stringify(r.data).includes("Something at home"), "the queue carries no text");

  // Acknowledged: the request is closed.
  r = await coord("POST", `/api/projects/${P}/health/acknowledge`, { note: "Talked with Carla.", snooze_until: date(day(70)) });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.data.help, []);
});

test("on hold until a date: its rules sleep and it leaves the queue; back, it is assessed at once; in the history", async () => {
  const at = day(64);
  const coord = await as(DEMO.coordinator, at);
  let r = await coord("PUT", `/api/projects/${P}/hold`, { until: date(day(200)) });
  assert.equal(r.status, 422, "at most 120 days ahead");
  assert.equal(r.data.error.field, "until");
  r = await coord("PUT", `/api/projects/${P}/hold`, { until: date(day(80)) });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.data.hold_until, Date.parse(date(day(80))));
  assert.deepEqual([r.data.level, r.data.reasons], ["ok", []], "its rules sleep at once");
  await pass(day(65));
  r = await coord("GET", `/api/communities/${DEMO_COMMUNITY}/attention`);
  assert.deepEqual(r.data.needs_attention, []);
  assert.deepEqual(r.data.on_hold.map((p) => p.project_id), [P]);
  const carla = await as(DEMO.carla, day(65));
  assert.equal((await carla("PUT", `/api/projects/${P}/hold`, {})).status, 403);
  r = await carla("GET", `/api/projects/${P}`);
  assert.ok(r.data.history.some((e) => e.action === "hold" && e.to_state === date(day(80))), JSON.stringify(r.data.history?.slice(-2)));
  // A state of the project's life: its page and its members' dashboards say until when, and the members are told.
  assert.equal(r.data.project.hold_until, Date.parse(date(day(80))));
  assert.equal(r.data.project.state, "active", "its chat, messages and folder stay open");
  assert.equal((await carla("GET", "/api/dashboard")).data.as_mentee.find((p) => p.id === P).hold_until, Date.parse(date(day(80))));
  assert.equal(await w.count("SELECT COUNT(*) FROM notifications WHERE user_id = ? AND kind = 'project_on_hold'", USERS.carla), 1);
  r = await coord("PUT", `/api/projects/${P}/hold`, {});
  assert.equal(r.status, 200, r.text);
  assert.equal(r.data.hold_until, null);
  assert.equal(r.data.level, "stalled", "assessed again at once: a day on hold does not undo two months of silence");
  assert.equal(await w.count("SELECT COUNT(*) FROM notifications WHERE user_id = ? AND kind = 'project_resumed'", USERS.carla), 1);
  r = await coord("PUT", `/api/projects/${P}/hold`, {});
  assert.equal(r.status, 409, "not on hold: nothing to resume");
  assert.equal(r.data.error.code, "not_on_hold");
});

test("a hold ends on its date by itself: back in the history by nobody, the members told, the time held left out", async () => {
  const coord = await as(DEMO.coordinator, day(66));
  let r = await coord("PUT", `/api/projects/${P}/hold`, { until: date(day(70)) });
  assert.equal(r.status, 200, r.text);
  const told = await w.count("SELECT COUNT(*) FROM notifications WHERE user_id = ? AND kind = 'project_resumed'", USERS.carla);
  await pass(day(69));
  const carla = await as(DEMO.carla, day(69));
  assert.equal((await carla("GET", `/api/projects/${P}/health`)).data.hold_until, Date.parse(date(day(70))));
  await pass(day(70));
  r = await carla("GET", `/api/projects/${P}`);
  assert.equal(r.data.project.hold_until, null);
  const last = r.data.history.at(-1);
  assert.deepEqual([last.action, last.actor_id], ["resume", null]);
  assert.equal(await w.count("SELECT COUNT(*) FROM notifications WHERE user_id = ? AND kind = 'project_resumed'", USERS.carla), told + 1);
  // The next pass assesses it: quiet since before the holds, which do not count.
  await pass(day(70) + 3_600_000);
  r = await carla("GET", `/api/projects/${P}/health`);
  const quiet = r.data.reasons.find((x) => x.rule === "quiet");
  assert.ok(quiet, JSON.stringify(r.data.reasons));
  // Nobody has written since the start: 70 days, less the 4 held (days 66 to 70).
  assert.equal(quiet.days, 66);
});

test("the coordinator writes to the project, or proposes a check-in: every member reads it in the history and is told", async () => {
  const at = Date.now();
  const coord = await as(DEMO.coordinator, at);
  let r = await coord("POST", `/api/projects/${P}/coordinator-message`, { text: "" });
  assert.equal(r.status, 422);
  assert.equal(r.data.error.field, "text");
  const carla = await as(DEMO.carla, at);
  assert.equal((await carla("POST", `/api/projects/${P}/coordinator-message`, { text: "Hello" })).status, 403);
  r = await coord("POST", `/api/projects/${P}/coordinator-message`, { text: "Could you plan a session before the holidays?", check_in: true });
  assert.equal(r.status, 200, r.text);
  const history = (await carla("GET", `/api/projects/${P}`)).data.history;
  const e = history.find((x) => x.action === "check_in");
  assert.equal(e.note, "Could you plan a session before the holidays?");
  assert.equal(await w.count("SELECT COUNT(*) FROM notifications WHERE user_id = ? AND kind = 'check_in_proposed'", USERS.anna), 1);
  assert.equal(await w.count("SELECT COUNT(*) FROM audit_log WHERE action = 'project.check_in' AND target_id = ?", P), 1);
});

test("rematch: the coordinator cancels the project and the mentee's request goes back to matching as a new one; each history names the other", async () => {
  const at = Date.now();
  const carla = await as(DEMO.carla, at);
  let r = await carla("POST", `/api/projects/${P}/actions`, { action: "cancel", note: "Not working.", rematch: true });
  assert.equal(r.status, 422, "only a community admin rematches");
  assert.equal(r.data.error.code, "rematch_invalid");
  assert.equal((await carla("GET", `/api/projects/${P}`)).data.project.state, "active", "nothing changed");
  const coord = await as(DEMO.coordinator, at);
  r = await coord("POST", `/api/projects/${P}/actions`, { action: "cancel", note: "A mentor closer to Carla's field will help more.", rematch: true });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.data.project.state, "cancelled");
  const ev = r.data.history.find((e) => e.action === "rematch");
  assert.ok(ev && /^[0-9a-f]{28}$/.test(ev.to_state));
  const fresh = (await carla("GET", `/api/projects/${ev.to_state}`)).data;
  assert.equal(fresh.project.state, "awaiting_match");
  assert.equal(fresh.project.route, "a");
  assert.equal(fresh.project.title, r.data.project.title);
  assert.ok(fresh.history.some((e) => e.action === "rematched_from" && e.from_state === P));
  const queue = (await coord("GET", `/api/communities/${DEMO_COMMUNITY}/matching`)).data;
  assert.ok(JSON.stringify(queue).includes(ev.to_state), "in the coordinators' matching queue");
});
