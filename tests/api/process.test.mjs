// The process inside a project: goals with objectives and reviews, a session plan in two time zones (a repeat rule
// across a daylight-saving change), the diary written by the diarist with drafts that survive retries and conflicts,
// commented by the mentor and pre-filling the next session, interactions confirmed by another member, private
// reflections, calendar files; what the coordinator sees (figures, never text); and bad input that changes nothing.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startWorker, DEMO, USERS, PROJECTS } from "../support/worker.mjs";

const P = PROJECTS.annaCarla;
const DAY = 86_400_000;
// The whole file runs on a fixed clock (the test-mode header), two weeks before the change to summer time of 2027.
const T0 = Date.UTC(2027, 2, 1, 9);
let w, anna, carla, coord, dev;

before(async () => {
  w = await startWorker();
  [anna, carla, coord, dev] = await Promise.all([DEMO.anna, DEMO.carla, DEMO.coordinator, DEMO.dev].map((e) => w.login(e, undefined, { now: T0 })));
  // Carla lives in Tokyo; Anna plans in Rome's time.
  const me = await w.fetch("/api/me", { cookie: carla, now: T0 });
  const r = await w.fetch("/api/me/profile", { method: "PUT", cookie: carla, now: T0, json: { timezone: "Asia/Tokyo", display_name: me.data.user.display_name } });
  assert.equal(r.status, 200, r.text);
});
after(async () => w.dispose());

const api = (cookie, method, path, json, now = T0) => w.fetch(`/api/projects/${P}${path}`, { method, cookie, json, now });

test("goals: Carla proposes, Anna agrees, objectives and a review; a dropped goal takes no objective", async () => {
  let r = await api(carla, "POST", "/goals", { title: "Find a first job in software", why: "I graduate in June.", success: "An offer I want", target_date: "2027-06-30" });
  assert.equal(r.status, 201, r.text);
  const goal = r.data.goals[0];
  assert.deepEqual([goal.state, goal.owner_id, goal.kind], ["proposed", USERS.carla, "personal"]);
  r = await api(carla, "POST", `/goals/${goal.id}/actions`, { action: "agree" });
  assert.equal(r.status, 403, "the mentor agrees the mentee's goal");
  r = await api(anna, "POST", `/goals/${goal.id}/actions`, { action: "agree" });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.data.goals[0].state, "agreed");
  assert.equal(await w.count("SELECT COUNT(*) FROM notifications WHERE user_id = ? AND kind = 'goal_agreed'", USERS.carla), 1);
  r = await api(carla, "POST", `/goals/${goal.id}/objectives`, { title: "Update my CV", due: "2027-01-15" });
  assert.equal(r.status, 201, r.text);
  const obj = r.data.goals[0].objectives[0];
  r = await api(carla, "PUT", `/goals/${goal.id}/objectives/${obj.id}`, { done: true });
  assert.equal(r.data.goals[0].objectives[0].done_by, USERS.carla);
  r = await api(carla, "PUT", `/goals/${goal.id}/objectives/${obj.id}`, { due: "2027-01-31" });
  assert.deepEqual([r.data.goals[0].objectives[0].title, r.data.goals[0].objectives[0].due], ["Update my CV", "2027-01-31"], "what is not given stays");
  assert.equal((await api(carla, "PUT", `/goals/${goal.id}/objectives/0000000000000000000000000fff`, { done: true })).status, 404);
  r = await api(anna, "POST", `/goals/${goal.id}/reviews`, { progress: 130, note: "" });
  assert.deepEqual([r.status, r.data.error.field], [422, "progress"]);
  r = await api(anna, "POST", `/goals/${goal.id}/reviews`, { progress: 30, note: "CV done, applications next." });
  assert.equal(r.status, 201);
  assert.equal(r.data.goals[0].progress, 30);
  r = await api(anna, "POST", `/goals/${goal.id}/comments`, { text: "Good start." });
  assert.equal(r.data.goals[0].comments.length, 1);

  // A second goal, dropped: no objective can be added to it.
  r = await api(anna, "POST", "/goals", { title: "Learn Rust" });
  const second = r.data.goals.find((g) => g.title === "Learn Rust");
  assert.equal(second.owner_id, USERS.carla, "the mentor's goal in a pair is the mentee's");
  r = await api(anna, "POST", `/goals/${second.id}/actions`, { action: "drop" });
  assert.deepEqual([r.status, r.data.error.field], [422, "note"]);
  r = await api(anna, "POST", `/goals/${second.id}/actions`, { action: "drop", note: "Not now." });
  assert.equal(r.status, 200);
  for (const who of [carla, anna]) {
    r = await api(who, "POST", `/goals/${second.id}/objectives`, { title: "Read the book" });
    assert.deepEqual([r.status, r.data.error.field, r.data.error.code], [422, "goal", "goal_closed"]);
  }

  // The coordinator sees counts, states and progress; no titles.
  r = await api(coord, "GET", "/goals");
  assert.equal(r.status, 200);
  assert.deepEqual(r.data.goals, []);
  assert.ok(!r.text.includes("Find a first job"));
  assert.ok(r.data.summary.goals.some(([, state, progress]) => state === "agreed" && progress === 30));
  assert.equal((await api(dev, "GET", "/goals")).status, 404);
});

test("a repeat rule keeps 18:00 in Rome across the change to summer time; each member reads it in their zone", async () => {
  let r = await api(anna, "POST", "/sessions/series", { every_weeks: 1, weekday: "tue", time: "18:00", zone: "Europe/Rome", from: "2027-03-16", until: "2027-04-06", topic: "Weekly check-in", duration: 60, mode: "video", place: "https://meet.example/anna" });
  assert.equal(r.status, 201, r.text);
  const starts = r.data.sessions.map((s) => new Date(s.start_at).toISOString());
  assert.deepEqual(starts, ["2027-03-16T17:00:00.000Z", "2027-03-23T17:00:00.000Z", "2027-03-30T16:00:00.000Z", "2027-04-06T16:00:00.000Z"]);
  assert.ok(r.data.sessions.every((s) => s.zone === "Europe/Rome" && s.diarist_id === USERS.carla));
  // 18:00 in Rome is 02:00 or 01:00 the next day in Tokyo: Carla's hours are warned of.
  assert.ok(r.data.warnings.some((x) => x.user_id === USERS.carla && /^0[12]:00$/.test(x.local_start)), JSON.stringify(r.data.warnings));
  assert.ok(r.data.people.some((p) => p.id === USERS.carla && p.timezone === "Asia/Tokyo"));
  assert.equal(await w.count("SELECT COUNT(*) FROM notifications WHERE user_id = ? AND kind = 'session_planned'", USERS.carla), 1);
});

test("bad plans are refused with the field named and change nothing", async () => {
  const before = (await api(anna, "GET", "/sessions")).data.sessions.length;
  const one = { topic: "x", start: T0 + DAY, zone: "Europe/Rome", duration: 60, mode: "video" };
  for (const [body, field, code, path] of [
    [{ ...one, start: T0 - DAY }, "start", "session_in_past", "/sessions"],
    [{ ...one, start: T0 + 4 * 366 * DAY }, "start", "session_too_far", "/sessions"],
    [{ ...one, zone: "Mars/Olympus" }, "zone", null, "/sessions"],
    [{ ...one, diarist: USERS.anna }, "diarist", "diarist_not_mentee", "/sessions"],
    [{ every_weeks: 1, weekday: "mon", time: "09:00", zone: "Europe/Rome", from: "2027-01-04", until: "2029-12-31", duration: 60, mode: "chat" }, "until", "too_many_sessions", "/sessions/series"],
  ]) {
    const r = await api(anna, "POST", path, body);
    assert.equal(r.status, 422, `${field}: ${r.text}`);
    assert.equal(r.data.error.field, field);
    if (code) assert.equal(r.data.error.code, code);
  }
  assert.equal((await api(carla, "POST", "/sessions", one)).status, 403, "the mentor plans");
  assert.equal((await api(anna, "GET", "/sessions")).data.sessions.length, before);
});

test("proposals, moves and cancellations keep the row and its history", async () => {
  const s = (await api(anna, "GET", "/sessions")).data.sessions[1];
  let r = await api(carla, "POST", `/sessions/${s.id}/proposals`, { start: s.start_at + 3_600_000 });
  assert.equal(r.status, 201, r.text);
  const proposal = r.data.sessions.find((x) => x.id === s.id).proposals[0];
  assert.equal(await w.count("SELECT COUNT(*) FROM notifications WHERE user_id = ? AND kind = 'session_proposed'", USERS.anna), 1);
  r = await api(anna, "POST", `/sessions/${s.id}/proposals/${proposal.id}`, { accept: true });
  assert.equal(r.status, 200, r.text);
  const moved = r.data.sessions.find((x) => x.id === s.id);
  assert.equal(moved.start_at, s.start_at + 3_600_000);
  assert.deepEqual(moved.moves.map((m) => [m.from_start, m.to_start]), [[s.start_at, s.start_at + 3_600_000]]);
  r = await api(anna, "POST", `/sessions/${s.id}/actions`, { action: "cancel" });
  assert.deepEqual([r.status, r.data.error.field], [422, "reason"]);
});

test("the diary: written by the diarist offline and synced once, 409 on a stale base, commented, and the next session pre-filled", async () => {
  // A session in an hour (the clock is moved on by three hours below: it has been held).
  let made = await api(anna, "POST", "/sessions", { topic: "First session", start: T0 + 3_600_000, zone: "Europe/Rome", duration: 60, mode: "video" });
  assert.equal(made.status, 201, made.text);
  const first = made.data.sessions[0];
  const after = first.start_at + 2 * 3_600_000;
  // Not held yet: no diary.
  let r = await api(carla, "PUT", `/sessions/${first.id}/diary`, { answers: ["", "", "", "", ""], base: 0, client_key: "k1" }, after);
  assert.equal(r.status, 409, r.text);
  r = await api(carla, "POST", `/sessions/${first.id}/actions`, { action: "hold" }, after);
  assert.equal(r.status, 200, r.text);
  const answers = ["Fine, a bit tired.", "Two interviews next week.", "CV sent to five firms.", "Preparing for interviews\nand salary talk", "Write a one-page story of my internship."];
  const entry = { answers, attendance: [{ user: USERS.anna, present: true }, { user: USERS.carla, present: true }], minutes: 55, base: 0, client_key: "draft-1" };
  r = await api(anna, "PUT", `/sessions/${first.id}/diary`, entry, after);
  assert.equal(r.status, 403, "only the diarist writes");
  r = await api(carla, "PUT", `/sessions/${first.id}/diary`, { ...entry, answers: answers.slice(0, 4) }, after);
  assert.deepEqual([r.status, r.data.error.field], [422, "answers"]);
  r = await api(carla, "PUT", `/sessions/${first.id}/diary`, entry, after);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.data.entry.revision, 1);
  // The same save again (a retry after a cut connection) changes nothing.
  r = await api(carla, "PUT", `/sessions/${first.id}/diary`, entry, after);
  assert.equal(r.data.entry.revision, 1);
  // A save from an old base (another device) is a conflict with the stored text.
  r = await api(carla, "PUT", `/sessions/${first.id}/diary`, { ...entry, answers: ["Other device", "", "", "", ""], client_key: "draft-x" }, after);
  assert.equal(r.status, 409);
  assert.equal(r.data.error.code, "diary_conflict");
  assert.equal(r.data.current.answers.includes("Two interviews next week."), true);
  r = await api(carla, "POST", `/sessions/${first.id}/diary/actions`, { action: "submit" }, after);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.data.entry.state, "submitted");
  assert.deepEqual(r.data.prefill, { topic: "Preparing for interviews", homework: "Write a one-page story of my internship." });
  assert.equal(r.data.review_hint, "CV sent to five firms.");
  assert.equal(await w.count("SELECT COUNT(*) FROM notifications WHERE user_id = ? AND kind = 'diary_submitted'", USERS.anna), 1);
  // The next session took the topic? It had its own ("Weekly check-in"): kept. Its homework was empty: filled.
  const next = (await api(anna, "GET", "/sessions")).data.sessions.find((x) => x.start_at > first.start_at && x.state === "planned");
  assert.equal(next.topic, "Weekly check-in");
  assert.equal(next.homework, "Write a one-page story of my internship.");
  r = await api(anna, "POST", `/sessions/${first.id}/diary/actions`, { action: "comment", comment: "Well done: prepare two questions for them." }, after);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.data.entry.state, "commented");
  assert.equal(await w.count("SELECT COUNT(*) FROM notifications WHERE user_id = ? AND kind = 'diary_commented'", USERS.carla), 1);
  // The coordinator sees that it exists, its state and dates; not the text.
  r = await api(coord, "GET", `/sessions/${first.id}/diary`);
  assert.equal(r.status, 200);
  assert.equal(r.data.entry.state, "commented");
  assert.ok(!r.text.includes("Two interviews"), "no diary text for the coordinator");
  assert.equal((await api(coord, "PUT", `/sessions/${first.id}/diary`, entry, after)).status, 404);
});

test("a session's details change in place; the mentor names another diarist only among the mentees; a diary is closed", async () => {
  const list = (await api(anna, "GET", "/sessions")).data.sessions;
  const planned = list.find((x) => x.state === "planned");
  let r = await api(anna, "PUT", `/sessions/${planned.id}`, { topic: "Interview practice", duration: 45, mode: "phone", place: "", homework: "Two questions", diarist: USERS.anna });
  assert.deepEqual([r.status, r.data.error.field], [422, "diarist"]);
  r = await api(anna, "PUT", `/sessions/${planned.id}`, { topic: "Interview practice", duration: 45, mode: "phone", place: "", homework: "Two questions" });
  assert.equal(r.status, 200, r.text);
  const edited = r.data.sessions.find((x) => x.id === planned.id);
  assert.deepEqual([edited.topic, edited.duration, edited.mode, edited.sequence > planned.sequence], ["Interview practice", 45, "phone", true]);
  assert.equal((await api(carla, "PUT", `/sessions/${planned.id}`, { topic: "Mine", duration: 45, mode: "phone" })).status, 403);
  // A mentee's proposal the mentor rejects changes nothing.
  r = await api(carla, "POST", `/sessions/${planned.id}/proposals`, { topic: "Salary talk" });
  const proposal = r.data.sessions.find((x) => x.id === planned.id).proposals.at(-1);
  r = await api(anna, "POST", `/sessions/${planned.id}/proposals/${proposal.id}`, { accept: false });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.data.sessions.find((x) => x.id === planned.id).topic, "Interview practice");
  assert.equal(await w.count("SELECT COUNT(*) FROM notifications WHERE user_id = ? AND kind = 'proposal_answered'", USERS.carla), 1);
  // The diary commented earlier is closed by the mentor; then nothing in it changes.
  const held = (await api(anna, "GET", "/sessions")).data.sessions.find((x) => x.diary && x.diary.state === "commented");
  const at = held.start_at + 3 * 3_600_000;
  r = await api(anna, "POST", `/sessions/${held.id}/diary/actions`, { action: "close" }, at);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.data.entry.state, "closed");
  r = await api(carla, "PUT", `/sessions/${held.id}/diary`, { answers: ["", "", "", "", ""], base: r.data.entry.revision, client_key: "late" }, at);
  assert.equal(r.status, 409);
});

test("a goal's words change; a comment and the reopen of a dropped goal", async () => {
  let goals = (await api(carla, "GET", "/goals")).data.goals;
  const g = goals.find((x) => x.title === "Find a first job in software");
  let r = await api(carla, "PUT", `/goals/${g.id}`, { title: "Find a first job in software, in Milan", why: g.why, success: g.success, target_date: g.target_date });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.data.goals.find((x) => x.id === g.id).title, "Find a first job in software, in Milan");
  r = await api(carla, "PUT", `/goals/${g.id}`, { kind: "group", title: "x" });
  assert.deepEqual([r.status, r.data.error.field], [422, "kind"]);
  const dropped = r.status && (await api(anna, "GET", "/goals")).data.goals.find((x) => x.state === "dropped");
  r = await api(carla, "POST", `/goals/${dropped.id}/actions`, { action: "reopen" });
  assert.equal(r.status, 403, "the mentor reopens");
  r = await api(anna, "POST", `/goals/${dropped.id}/actions`, { action: "reopen" });
  assert.equal(r.data.goals.find((x) => x.id === dropped.id).state, "agreed");
});

test("the coordinator sees when and how sessions are, never what they are about", async () => {
  const r = await api(coord, "GET", "/sessions");
  assert.equal(r.status, 200);
  assert.ok(r.data.sessions.length > 0);
  assert.ok(r.data.sessions.every((s) => s.topic === "" && s.homework === "" && s.place === ""));
  assert.ok(!r.text.includes("Weekly check-in") && !r.text.includes("meet.example"));
  assert.equal((await api(coord, "GET", `/sessions/${r.data.sessions[0].id}/ics`)).status, 404);
});

test("interactions count when another member confirms; reflections are their author's alone", async () => {
  let r = await api(carla, "POST", "/interactions", { kind: "call", at: T0 - 3_600_000, minutes: 20, note: "Quick call about an offer", client_key: "call-1" });
  assert.equal(r.status, 201, r.text);
  const item = r.data.items[0];
  const counted = r.data.counted;
  r = await api(carla, "POST", `/interactions/${item.id}/confirm`, {});
  assert.equal(r.status, 403, "not your own");
  r = await api(anna, "POST", `/interactions/${item.id}/confirm`, {});
  assert.equal(r.status, 200);
  assert.equal(r.data.counted, counted + 1);
  r = await api(carla, "POST", "/interactions", { kind: "call", at: T0 + 2 * DAY, client_key: "call-2" });
  assert.deepEqual([r.status, r.data.error.field], [422, "at"]);
  r = await api(coord, "GET", "/interactions");
  assert.equal(r.status, 200);
  assert.ok(!r.text.includes("Quick call about an offer"), "no notes for the coordinator");

  r = await api(carla, "POST", "/reflections", { text: "I felt more confident today.", client_key: "refl-1" });
  assert.equal(r.status, 201, r.text);
  r = await api(carla, "POST", "/reflections", { text: "I felt more confident today.", client_key: "refl-1" });
  assert.equal(r.data.items.length, 1, "a retry is not a second entry");
  r = await api(anna, "GET", "/reflections");
  assert.deepEqual(r.data.items, []);
  assert.equal((await api(coord, "GET", "/reflections")).status, 404);
});

test("calendar: a session's .ics and a private, revocable feed that parses back", async () => {
  const s = (await api(anna, "GET", "/sessions")).data.sessions.find((x) => x.state === "planned");
  let r = await api(carla, "GET", `/sessions/${s.id}/ics`);
  assert.equal(r.status, 200);
  assert.match(r.headers.get("content-type"), /text\/calendar/);
  const unfold = (t) => t.replace(/\r\n[ \t]/g, "").split("\r\n");
  const lines = unfold(r.text);
  assert.ok(lines.includes("BEGIN:VCALENDAR") && lines.includes("END:VEVENT"));
  assert.ok(lines.includes(`DTSTART:${new Date(s.start_at).toISOString().replace(/[-:]/g, "").replace(/\.\d+/, "")}`), r.text);
  r = await w.fetch("/api/me/calendar", { method: "POST", cookie: carla, now: T0 });
  assert.equal(r.status, 201);
  const url = new URL(r.data.url);
  r = await w.fetch(url.pathname + url.search);
  assert.equal(r.status, 200);
  const events = unfold(r.text).filter((l) => l === "BEGIN:VEVENT").length;
  assert.equal(events, 5);
  assert.ok(unfold(r.text).some((l) => l.startsWith("SUMMARY:") && l.includes("Weekly check-in")));
  // A new address revokes the old one; revoking ends both.
  const again = await w.fetch("/api/me/calendar", { method: "POST", cookie: carla, now: T0 });
  assert.equal((await w.fetch(url.pathname + url.search)).status, 404);
  await w.fetch("/api/me/calendar", { method: "DELETE", cookie: carla, now: T0 });
  const u2 = new URL(again.data.url);
  assert.equal((await w.fetch(u2.pathname + u2.search)).status, 404);
});

test("the overview counts it all: goals, sessions, the interactions against the minimum", async () => {
  const r = await w.fetch(`/api/projects/${P}`, { cookie: carla, now: T0 });
  const p = r.data.process.progress;
  assert.equal(p.mentees_with_agreed_goal, 1);
  assert.equal(p.sessions_held, 1);
  assert.ok(p.next_session_at > T0);
  assert.ok(p.interactions >= 2, JSON.stringify(p));
  assert.equal(r.data.process.min_interactions, 4);
});
