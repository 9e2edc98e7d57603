// Usage reports (#13). The clock is injected: Monday 2 November 2026 the coordinator matches Dev's request and Carla
// writes in the common room; the chat of Anna and Carla's project grows (as its space pushes it). Just after midnight
// the day is counted, once; Tuesday's growth is counted the next night. The community's report shows each feature by
// week, its adoption by the active projects, the request funnel with its median days, outcomes and the rooms'
// answers; the platform's report every community. The research export is pseudonymous, by week, hides counts under
// 5, and is audited. Bad periods are refused by field.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startWorker, DEMO, USERS, PROJECTS, DEMO_COMMUNITY } from "../support/worker.mjs";

const C = DEMO_COMMUNITY;
const P = PROJECTS.annaCarla;
const DEV = PROJECTS.devRequest;
const H = 3_600_000;
const MON = Date.UTC(2026, 10, 2);
const DAY = 86_400_000;
let w;

before(async () => {
  w = await startWorker();
});
after(async () => w.dispose());

const as = async (email, at) => {
  const cookie = await w.login(email, undefined, { now: at });
  return (method, path, json) => w.fetch(path, { method, cookie, json, now: at });
};
/** The project's chat total, as its space would push it. */
const chatTotal = (n) =>
  w.db.prepare("INSERT INTO project_activity (project_id, chat_messages, chat_last_at, chat_week, private_messages, messages_last_at, messages_week, files, file_bytes, files_last_at, version, at) \
    VALUES (?1, ?2, NULL, 0, 3, NULL, 0, 0, 0, NULL, ?2, 0) ON CONFLICT (project_id) DO UPDATE SET chat_messages = ?2, private_messages = 3, version = ?2").bind(P, n).run();
const count = async (at) => {
  const admin = await as(DEMO.admin, at);
  const r = await admin("POST", "/api/admin/tasks/usage");
  assert.equal(r.status, 200, r.text);
  return r.data.counted;
};
const daily = (day, feature) =>
  w.db.prepare("SELECT events, people, projects FROM usage_daily WHERE community_id = ? AND day = ? AND feature = ?").bind(C, day / DAY, feature).first();

test("each day is counted once, just after it ends, from what D1 holds", async () => {
  const coord = await as(DEMO.coordinator, MON + 10 * H);
  let r = await coord("POST", `/api/projects/${DEV}/actions`, { action: "match", mentor_id: USERS.anna, note: "Anna knows engineering startups." });
  assert.equal(r.status, 200, r.text);
  const carla = await as(DEMO.carla, MON + 11 * H);
  r = await carla("POST", `/api/communities/${C}/rooms/everyone/threads`, { title: "Hello from Carla", body: "Who else is looking for a first job?", client_key: "usage-1" });
  assert.equal(r.status, 201, r.text);
  await chatTotal(12);

  assert.equal(await count(MON + DAY + 5 * 60_000), true);
  assert.equal(await count(MON + DAY + 6 * 60_000), false, "once a day");
  assert.deepEqual({ ...(await daily(MON, "requests")) }, { events: 1, people: 1, projects: 1 });
  assert.deepEqual({ ...(await daily(MON, "rooms")) }, { events: 1, people: 1, projects: 0 });
  assert.deepEqual({ ...(await daily(MON, "chat")) }, { events: 0, people: null, projects: 0 }, "first seen: its history is not one day's use");
  assert.equal((await daily(MON, "active_projects")).projects, 1);
  assert.ok((await daily(MON, "active_mentees")).events >= 1, "Carla was seen");

  // Tuesday: eight more messages, counted the next night. Wednesday the chat does not move: no messages, and one
  // project chatted this week so far.
  await chatTotal(20);
  assert.equal(await count(MON + 2 * DAY + 60_000), true);
  assert.deepEqual({ ...(await daily(MON + DAY, "chat")) }, { events: 8, people: null, projects: 1 });
  assert.equal(await count(MON + 3 * DAY + 60_000), true);
  assert.deepEqual({ ...(await daily(MON + 2 * DAY, "chat")) }, { events: 0, people: null, projects: 1 });
  // Stage moves, holds and the like are the project's history, not requests' moves: only the match counted.
  assert.equal((await daily(MON, "requests")).events, 1);
});

test("the community's report: features by week, adoption, the funnel, outcomes and the rooms", async () => {
  const coord = await as(DEMO.coordinator, MON + 3 * DAY);
  const r = await coord("GET", `/api/communities/${C}/usage?from=2026-09-01&to=2026-11-04`);
  assert.equal(r.status, 200, r.text);
  const d = r.data;
  assert.equal(d.weeks.at(-1), "2026-11-02");
  assert.equal(d.weeks[0], "2026-08-31", "weeks start on Monday");
  const lastWeek = (f) => d.features[f].weeks.at(-1);
  assert.equal(lastWeek("chat").events, 8);
  assert.equal(d.features.chat.adoption.at(-1), 1000, "every active project used the chat");
  assert.equal(d.features.goals.adoption.at(-1), 0);
  assert.equal(d.features.rooms.adoption, null, "rooms are not a project's");
  // Anna and Carla's request (sent, chosen, accepted, active) and Dev's (sent, matched today).
  assert.deepEqual(d.funnel.steps.map((s) => [s.step, s.reached]), [["sent", 2], ["matched", 2], ["accepted", 1], ["active", 1], ["completed", 0]]);
  assert.equal(d.funnel.steps[1].median_days, 20.9, "Dev's waited 41.8 days to be matched, Carla chose Anna at once");
  assert.deepEqual(d.rooms, { threads: 1, posts: 1, answered_48h: 0 });
  assert.deepEqual([d.outcomes.completed, d.outcomes.cancelled], [0, 0]);
  assert.ok(!r.text.includes("Hello from Carla") && !r.text.includes(USERS.carla), "no titles, no people");

  // Another community's admin, a platform admin, a member: not theirs.
  for (const email of [DEMO.admin, DEMO.carla]) {
    const other = await as(email, MON + 3 * DAY);
    assert.ok([403, 404].includes((await other("GET", `/api/communities/${C}/usage`)).status), email);
  }
  for (const [q, field] of [["from=2026-11-05&to=2026-11-01", "from"], ["from=2026-13-01", "from"], ["to=yesterday", "to"], ["from=2020-01-01&to=2026-01-01", "from"]]) {
    const bad = await coord("GET", `/api/communities/${C}/usage?${q}`);
    assert.equal(bad.status, 422, q);
    assert.equal(bad.data.error.field, field, q);
  }
});

test("the platform's report covers every community", async () => {
  const admin = await as(DEMO.admin, MON + 3 * DAY);
  const r = await admin("GET", "/api/admin/usage?from=2026-10-26&to=2026-11-04");
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.data.weeks, ["2026-10-26", "2026-11-02"]);
  assert.equal(r.data.features.chat.weeks[1].events, 8);
  assert.equal(r.data.features.active_projects.weeks[1].projects, 1);
  const demo = r.data.communities.find((c) => c.id === C);
  assert.equal(demo.name, "Demo Community");
  assert.equal(demo.events.requests, 1);
});

test("the research export: pseudonyms new each time, weeks not days, small counts hidden, every export audited", async () => {
  const cookie = await w.login(DEMO.coordinator, undefined, { now: MON + 3 * DAY });
  // Without every member's consent to research, a project is no row of the export (#14).
  const none = await w.fetch(`/api/communities/${C}/usage/export?from=2026-09-01&to=2026-11-04`, { cookie, now: MON + 3 * DAY });
  assert.equal(none.text.trim().split("\r\n").length, 1, "the header only");
  for (const email of [DEMO.carla, DEMO.anna, DEMO.dev]) {
    const c = await w.login(email, undefined, { now: MON + 3 * DAY });
    const given = await w.fetch("/api/me/research-consent", { method: "PUT", json: { given: true }, cookie: c, now: MON + 3 * DAY });
    assert.equal(given.status, 200, given.text);
  }
  const one = await w.fetch(`/api/communities/${C}/usage/export?from=2026-09-01&to=2026-11-04`, { cookie, now: MON + 3 * DAY });
  assert.equal(one.status, 200, one.text);
  assert.match(one.headers.get("content-type"), /^text\/csv/);
  assert.match(one.headers.get("content-disposition"), /attachment; filename="tandem-usage-2026-09-01-2026-11-04\.csv"/);
  const lines = one.text.trim().split("\r\n");
  assert.equal(lines[0].split(",")[0], "project");
  assert.equal(lines.length, 3, "two requests sent in the period");
  const carla = lines.find((l) => l.includes(",active,"));
  const cells = carla.split(",");
  assert.match(cells[0], /^P-[0-9a-f]{10}$/);
  assert.equal(cells[3], "2026-09-21", "sent in the week of Monday 21 September");
  assert.equal(cells[9], "20", "twenty chat messages");
  assert.equal(cells[10], "<5", "three private messages");
  assert.equal(cells[12], "0");
  assert.ok(!one.text.includes(P) && !one.text.includes(DEV) && !one.text.includes("Carla"));
  const two = await w.fetch(`/api/communities/${C}/usage/export?from=2026-09-01&to=2026-11-04`, { cookie, now: MON + 3 * DAY });
  assert.notEqual(two.text.split("\r\n")[1].split(",")[0], lines[1].split(",")[0], "a new pseudonym in each export");
  assert.equal(await w.count("SELECT COUNT(*) FROM audit_log WHERE action = 'usage.export' AND target_id = ?", C), 3);
  // Withdrawn by one member: that project's row goes.
  const dev = await w.login(DEMO.dev, undefined, { now: MON + 3 * DAY });
  await w.fetch("/api/me/research-consent", { method: "PUT", json: { given: false }, cookie: dev, now: MON + 3 * DAY });
  const three = await w.fetch(`/api/communities/${C}/usage/export?from=2026-09-01&to=2026-11-04`, { cookie, now: MON + 3 * DAY });
  assert.equal(three.text.trim().split("\r\n").length, 2);
});
