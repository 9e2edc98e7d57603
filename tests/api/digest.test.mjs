// Digest e-mails and how each topic reaches a person (#13). The clock is injected: Carla's daily digest at 08:00 in
// Rome goes out at 06:00 UTC in summer time and 07:00 UTC after the clocks go back (25 October 2026), exactly once a
// period whatever the retries; it tells counts and titles, never private text; an empty digest is not sent; its link
// stops digests, with one click and no Origin (RFC 8058); a topic read in the digest sends no e-mail of its own.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startWorker, DEMO, USERS, PROJECTS, DEMO_COMMUNITY } from "../support/worker.mjs";

const P = PROJECTS.annaCarla;
const H = 3_600_000;
/** Wednesday 21 October 2026, 12:00 UTC (14:00 in Rome, summer time). */
const T0 = Date.UTC(2026, 9, 21, 12);
let w;

before(async () => {
  w = await startWorker();
});
after(async () => w.dispose());

const as = async (email, at) => {
  const cookie = await w.login(email, undefined, { now: at });
  return (method, path, json) => w.fetch(path, { method, cookie, json, now: at });
};
/** The digests' pass at `at` (the cron runs it every minute): how many were queued. */
const pass = async (at) => {
  const admin = await as(DEMO.admin, at);
  const r = await admin("POST", "/api/admin/tasks/digests");
  assert.equal(r.status, 200, r.text);
  return r.data.queued;
};
const DIGEST = "subject IN ('Tandem: your day', 'Tandem: your week', 'Tandem: la tua giornata', 'Tandem: la tua settimana')";
const digests = (email) => w.count(`SELECT COUNT(*) FROM outbox WHERE to_email = ? AND ${DIGEST}`, email);
async function lastDigest(email) {
  const row = await w.db.prepare(`SELECT id FROM outbox WHERE to_email = ? AND ${DIGEST} ORDER BY id DESC LIMIT 1`).bind(email).first();
  return row && (await w.delivered(row.id));
}

test("preferences: every topic by e-mail and no digest by default; bad values are refused by field and change nothing", async () => {
  const carla = await as(DEMO.carla, T0);
  let r = await carla("GET", "/api/me/preferences");
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.data.digest, { cadence: "off", weekday: 0, hour: 8 });
  assert.equal(r.data.zone, "Europe/Rome");
  assert.deepEqual(Object.values(r.data.topics), Array(7).fill("instant"));
  for (const [body, field] of [
    [{ digest_hour: 24 }, "digest_hour"],
    [{ digest_cadence: "hourly" }, "digest_cadence"],
    [{ digest_weekday: -1 }, "digest_weekday"],
    [{ topics: [{ topic: "sessions", delivery: "digest" }, { topic: "gossip", delivery: "off" }] }, "topics.1.topic"],
    [{ topics: [{ topic: "sessions", delivery: "sometimes" }] }, "topics.0.delivery"],
    [{ digest: "daily" }, "digest"],
  ]) {
    r = await carla("PUT", "/api/me/preferences", body);
    assert.equal(r.status, 422, JSON.stringify(body));
    assert.equal(r.data.error.field, field, JSON.stringify(body));
  }
  r = await carla("GET", "/api/me/preferences");
  assert.deepEqual(r.data.digest, { cadence: "off", weekday: 0, hour: 8 });
  assert.equal(r.data.topics.sessions, "instant", "the good half of a refused change was not kept");
});

test("Carla's daily digest at 08:00 in Rome: once a period, across the change of the clocks, counts and titles only", async () => {
  const carla = await as(DEMO.carla, T0);
  // Sessions in the digest, the rooms' replies and mentions only in Tandem.
  let r = await carla("PUT", "/api/me/preferences", {
    digest_cadence: "daily", digest_hour: 8,
    topics: [{ topic: "sessions", delivery: "digest" }, { topic: "rooms", delivery: "off" }],
  });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual([r.data.digest, r.data.topics.sessions, r.data.topics.rooms, r.data.topics.care], [{ cadence: "daily", weekday: 0, hour: 8 }, "digest", "off", "instant"]);

  // Anna plans a session with a private topic and homework: Carla is told in Tandem, not by an e-mail of its own.
  const anna = await as(DEMO.anna, T0);
  const start = Date.UTC(2026, 9, 27, 16);
  r = await anna("POST", `/api/projects/${P}/sessions`, { topic: "Salary negotiation with Acme", start, zone: "Europe/Rome", duration: 60, mode: "video", homework: "Bring the Acme offer letter" });
  assert.equal(r.status, 201, r.text);
  assert.equal(await w.count("SELECT COUNT(*) FROM notifications WHERE user_id = ? AND kind = 'session_planned'", USERS.carla), 1);
  assert.equal(await w.count("SELECT COUNT(*) FROM outbox WHERE to_email = ? AND subject LIKE '%was planned%'", DEMO.carla), 0, "no instant e-mail for a topic read in the digest");
  // A new thread in the common room, by Anna.
  const room = `/api/communities/${DEMO_COMMUNITY}/rooms/everyone`;
  r = await anna("POST", `${room}/threads`, { title: "Open evening in November", body: "My phone number is 333 123 4567.", client_key: "digest-thread-1" });
  assert.equal(r.status, 201, r.text);
  // Carla follows it in her digest; Anna adds two replies: no e-mail for them now, a count in the digest.
  const thread = r.data.id ?? r.data.thread?.id;
  r = await carla("PUT", `${room}/threads/${thread}/follow`, { follow: "digest" });
  assert.ok(r.status < 300, r.text);
  for (const [i, body] of ["Doors open at 18:00.", "Bring a friend."].entries()) {
    r = await anna("POST", `${room}/threads/${thread}/posts`, { body, client_key: `digest-reply-${i}` });
    assert.equal(r.status, 201, r.text);
  }
  assert.equal(await w.count("SELECT COUNT(*) FROM outbox WHERE to_email = ? AND subject LIKE '%new reply%'", DEMO.carla), 0);
  // The library publishes one item for mentees and one for mentors: Carla, a mentee, hears of the first only.
  const coord = await as(DEMO.coordinator, T0);
  const shelf = `/api/communities/${DEMO_COMMUNITY}/library`;
  for (const [title, audience] of [["CV clinic for mentees", "mentees"], ["For mentors only", "mentors"]]) {
    r = await anna("POST", shelf, { kind: "link", title, url: "https://example.org/" + audience, licence: "cc-by-4.0", audience, client_key: "digest-lib-" + audience });
    assert.equal(r.status, 201, r.text);
    assert.equal((await coord("POST", `${shelf}/${r.data.id}/actions`, { action: "publish" })).status, 200);
  }

  // Thursday 22 October: 08:00 in Rome is 06:00 UTC (summer time). Not before; once at 06:00, whatever the retries.
  assert.equal(await pass(Date.UTC(2026, 9, 22, 5, 59)), 0);
  assert.equal(await digests(DEMO.carla), 0);
  assert.equal(await pass(Date.UTC(2026, 9, 22, 6, 0)), 1);
  assert.equal(await pass(Date.UTC(2026, 9, 22, 6, 1)), 0);
  assert.equal(await pass(Date.UTC(2026, 9, 22, 20, 0)), 0);
  assert.equal(await digests(DEMO.carla), 1);
  const m = await lastDigest(DEMO.carla);
  assert.equal(m.subject, "Tandem: your day");
  // Carla chose no language: English. Her next session in her time, that homework waits, the planned session's notice,
  // the new thread's title; never the session's topic, its homework or the post's text.
  for (const words of ["Next session: 2026-10-27 17:00 (Europe/Rome)", "There is homework for the next session", "was planned", "New threads: Demo Community · Common room\n- Open evening in November", "Threads you follow\n- Open evening in November: 2 new replies", "New in the library\n- CV clinic for mentees"]) {
    assert.ok(m.body.includes(words), `${words}\n${m.body}`);
  }
  for (const secret of ["Salary negotiation", "Acme", "333 123", "Doors open", "For mentors only"]) assert.ok(!m.body.includes(secret), secret);
  assert.match(m.body, /\/unsubscribe#token=[0-9a-f]{64}/);

  // Sunday 25 October the clocks go back: 08:00 in Rome is 07:00 UTC. At 06:00 UTC (07:00 in Rome) nothing yet.
  assert.equal(await pass(Date.UTC(2026, 9, 25, 6, 0)), 0);
  assert.equal(await pass(Date.UTC(2026, 9, 25, 7, 0)), 1);
  assert.equal(await pass(Date.UTC(2026, 9, 25, 7, 5)), 0);
  assert.equal(await digests(DEMO.carla), 2);
  const sunday = await lastDigest(DEMO.carla);
  assert.ok(sunday.body.includes("Next session: 2026-10-27 17:00 (Europe/Rome)"), "17:00 in Rome, winter time");
  assert.ok(!sunday.body.includes("Open evening"), "a thread is new once");
});

test("an empty digest is not sent; a weekly digest on its day; the community admin's week in numbers", async () => {
  // Dev: nothing active, nothing new: nothing sent, the period still seen to.
  const dev = await as(DEMO.dev, T0);
  assert.equal((await dev("PUT", "/api/me/preferences", { digest_cadence: "daily", digest_hour: 9 })).status, 200);
  await pass(Date.UTC(2026, 10, 2, 8, 0)); // Monday 2 November, 09:00 in Rome
  assert.equal(await digests(DEMO.dev), 0);
  assert.equal(await w.count("SELECT COUNT(*) FROM digests WHERE user_id = ? AND last_key = 'd:2026-11-02'", USERS.dev), 1);

  // The coordinator (an admin of the Demo Community, in Rome, reading Italian): weekly, on Mondays at 07:00.
  const coord = await as(DEMO.coordinator, T0);
  assert.equal((await coord("PUT", "/api/me/preferences", { digest_cadence: "weekly", digest_weekday: 0, digest_hour: 7, language: "it" })).status, 200);
  await pass(Date.UTC(2026, 9, 23, 6, 0)); // a Friday
  assert.equal(await digests(DEMO.coordinator), 0);
  await pass(Date.UTC(2026, 9, 26, 6, 0)); // Monday 26 October, 07:00 in Rome (winter time)
  assert.equal(await digests(DEMO.coordinator), 1);
  const m = await lastDigest(DEMO.coordinator);
  assert.equal(m.subject, "Tandem: la tua settimana");
  assert.match(m.body, /Coordinamento: Demo Community\n- 1 richiesta aspetta un abbinamento\n- Progetti per stato: [^\n]*attivi 1/);
});

test("the digest's link stops digests: the page's button, or the mail's one-click post without an Origin", async () => {
  const m = await lastDigest(DEMO.carla);
  const token = /#token=([0-9a-f]{64})/.exec(m.body)[1];
  // A wrong or malformed link changes nothing.
  let r = await w.fetch(`/api/digest/unsubscribe?token=${"0".repeat(64)}`, { method: "POST" });
  assert.deepEqual([r.status, r.data.error.code], [400, "token_invalid"]);
  r = await w.fetch("/api/digest/unsubscribe?token=x", { method: "POST" });
  assert.equal(r.status, 400);
  r = await w.fetch("/api/digest/unsubscribe", { method: "POST", json: { token: "1".repeat(64) } });
  assert.deepEqual([r.status, r.data.error.code], [400, "token_invalid"]);
  r = await w.fetch(`/api/digest/unsubscribe?token=${token}`, { method: "POST", headers: { origin: "https://evil.example" } });
  assert.equal(r.status, 403, "a cross-site post is refused");
  assert.equal(await w.count("SELECT COUNT(*) FROM digests WHERE user_id = ? AND cadence = 'daily'", USERS.carla), 1);
  // The mail program's one-click (RFC 8058).
  r = await w.fetch(`/api/digest/unsubscribe?token=${token}`, { method: "POST", body: "List-Unsubscribe=One-Click", headers: { "content-type": "application/x-www-form-urlencoded" } });
  assert.equal(r.status, 204, r.text);
  const carla = await as(DEMO.carla, Date.UTC(2026, 9, 26, 12));
  assert.equal((await carla("GET", "/api/me/preferences")).data.digest.cadence, "off");
  assert.equal(await pass(Date.UTC(2026, 9, 27, 7, 0)), 0);
  // Only the link's hash is stored.
  assert.equal(await w.count("SELECT COUNT(*) FROM digest_links WHERE token_hash = ?", token), 0);
  // Without a digest, what Carla kept for it (sessions) comes by e-mail at once: never nowhere.
  const anna = await as(DEMO.anna, Date.UTC(2026, 9, 26, 12));
  r = await anna("POST", `/api/projects/${P}/sessions`, { topic: "Wrap-up", start: Date.UTC(2026, 10, 10, 16), zone: "Europe/Rome", duration: 60, mode: "video" });
  assert.equal(r.status, 201, r.text);
  assert.equal(await w.count("SELECT COUNT(*) FROM outbox WHERE to_email = ? AND subject LIKE '%was planned%'", DEMO.carla), 1);
});
