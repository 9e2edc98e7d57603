// The project chatroom: a Durable Object per project, over WebSockets and over HTTP.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import WebSocket from "ws";
import { startWorker, DEMO } from "../support/worker.mjs";
import { PROJECTS } from "../support/demo.mjs";

const PROJECT = PROJECTS.annaCarla; // Anna (mentor) and Carla (mentee), active
const DEV_REQUEST = PROJECTS.devRequest;

/** A chat client: collects every frame, lets a test wait for one. */
function connect(w, cookie, project = PROJECT, headers = {}) {
  const ws = new WebSocket(`${w.url.replace("http", "ws")}/api/projects/${project}/chat`, { headers: { ...headers, ...(cookie ? { cookie } : {}) } });
  const frames = [];
  const waiters = [];
  ws.on("message", (data) => {
    const f = JSON.parse(data.toString());
    frames.push(f);
    for (const wt of [...waiters]) if (wt.pred(f)) { waiters.splice(waiters.indexOf(wt), 1); wt.resolve(f); }
    if (f.code === "access_ended") finishClosing();
  });
  // The room says why, then sends its close frame at once (the socket is CLOSING here within milliseconds). The
  // local runtime then leaves the TCP connection open, and ws would wait its 30-second close timeout before "close":
  // once the frame has come, the connection is ended here, and "close" carries the code the room sent.
  const finishClosing = (tries = 200) => {
    if (ws.readyState === WebSocket.CLOSING) ws.terminate();
    else if (ws.readyState === WebSocket.OPEN && tries > 0) setTimeout(() => finishClosing(tries - 1), 10).unref();
  };
  const opened = new Promise((resolve, reject) => {
    ws.once("open", resolve);
    ws.once("unexpected-response", (_, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once("error", reject);
  });
  const next = (pred, ms = 5000) => {
    const seen = frames.find(pred);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const wt = { pred, resolve };
      waiters.push(wt);
      setTimeout(() => reject(new Error("no such frame in time")), ms).unref();
    });
  };
  const send = (obj) => ws.send(JSON.stringify(obj));
  const closed = new Promise((resolve) => ws.once("close", (code) => resolve(code)));
  return { ws, frames, opened, closed, next, send, close: () => ws.close() };
}

describe("chat over WebSockets", () => {
  let w, anna, carla, dev;
  before(async () => {
    w = await startWorker({ http: true });
    [anna, carla, dev] = await Promise.all([DEMO.anna, DEMO.carla, DEMO.dev].map((e) => w.login(e)));
  });
  after(async () => w.dispose());

  test("a message is stored, acknowledged with a sequence number, and delivered to the other member", async () => {
    const a = connect(w, anna);
    const c = connect(w, carla);
    await Promise.all([a.opened, c.opened]);
    assert.deepEqual(await a.next((f) => f.type === "state"), { type: "state", read_only: false });
    a.send({ type: "send", client_id: "a-1", text: "Hello Carla! How did the interview go?" });
    const ack = await a.next((f) => f.type === "ack");
    assert.equal(ack.seq, 1);
    assert.equal(ack.client_id, "a-1");
    const got = await c.next((f) => f.type === "message");
    assert.equal(got.text, "Hello Carla! How did the interview go?");
    assert.equal(got.author.display_name, "Anna Bianchi");
    assert.equal(got.seq, 1);
    a.close();
    c.close();
  });

  test("a retry with the same client id never makes a second message", async () => {
    const a = connect(w, anna);
    await a.opened;
    a.send({ type: "send", client_id: "a-1", text: "Hello Carla! How did the interview go?" });
    const ack = await a.next((f) => f.type === "ack");
    assert.deepEqual([ack.seq, ack.duplicate], [1, true]);
    const history = await w.fetch(`/api/projects/${PROJECT}/chat/messages`, { cookie: anna });
    assert.equal(history.data.messages.length, 1);
    // The retry used up no number: clients resume from the last number they saw without a gap.
    a.send({ type: "send", client_id: "a-2", text: "Still there?" });
    assert.equal((await a.next((f) => f.type === "ack" && f.client_id === "a-2")).seq, 2);
    a.close();
  });

  test("bad frames and over-long messages get a clear error frame and store nothing", async () => {
    const a = connect(w, anna);
    await a.opened;
    a.send({ type: "send", client_id: "a-long", text: "x".repeat(4001) });
    const e = await a.next((f) => f.type === "error" && f.client_id === "a-long");
    assert.equal(e.code, "text_too_long");
    a.ws.send("nonsense");
    assert.equal((await a.next((f) => f.type === "error" && f.code === "frame_invalid")).type, "error");
    a.send({ type: "send", client_id: "", text: "no id" });
    assert.equal((await a.next((f) => f.code === "client_id_invalid")).type, "error");
    assert.equal((await w.fetch(`/api/projects/${PROJECT}/chat/messages`, { cookie: anna })).data.messages.length, 2);
    a.close();
  });

  test("more than 10 messages in 10 seconds are refused with a rate-limit frame", async () => {
    const c = connect(w, carla);
    await c.opened;
    for (let i = 0; i < 11; i++) c.send({ type: "send", client_id: `burst-${i}`, text: `message ${i}` });
    const e = await c.next((f) => f.type === "error" && f.code === "rate_limited");
    assert.equal(e.client_id, "burst-10");
    assert.ok(e.retry_after_ms > 0);
    await c.next((f) => f.type === "ack" && f.client_id === "burst-9");
    c.close();
  });

  test("a reconnecting client resumes from the last sequence it saw", async () => {
    const c = connect(w, carla);
    await c.opened;
    c.send({ type: "resume", after: 5 });
    const h = await c.next((f) => f.type === "history");
    assert.deepEqual(h.messages.map((m) => m.seq), [6, 7, 8, 9, 10, 11, 12]);
    c.close();
  });

  test("non-members cannot connect, read or write, even knowing the project id", async () => {
    await assert.rejects(connect(w, dev).opened, /HTTP 404/);
    await assert.rejects(connect(w, undefined).opened, /HTTP 401/);
    const coordinator = await w.login(DEMO.coordinator);
    for (const cookie of [dev, coordinator]) {
      assert.equal((await w.fetch(`/api/projects/${PROJECT}/chat/messages`, { cookie })).status, 404);
      assert.equal((await w.fetch(`/api/projects/${PROJECT}/chat/messages`, { method: "POST", cookie, json: { client_id: "x", text: "hi" } })).status, 404);
    }
    // A request that has not started has a read-only room: nobody writes until the mentor accepts.
    const early = await w.fetch(`/api/projects/${DEV_REQUEST}/chat/messages`, { method: "POST", cookie: dev, json: { client_id: "x", text: "hi" } });
    assert.equal(early.data.error.code, "read_only");
  });
});

describe("chat over HTTP (for networks where WebSockets fail)", () => {
  let w, anna, carla;
  before(async () => {
    w = await startWorker({ http: true });
    [anna, carla] = await Promise.all([DEMO.anna, DEMO.carla].map((e) => w.login(e)));
  });
  after(async () => w.dispose());
  const post = (cookie, json) => w.fetch(`/api/projects/${PROJECT}/chat/messages`, { method: "POST", cookie, json });

  test("send with POST (same ids, same guarantees) and page the history by sequence number", async () => {
    for (let i = 1; i <= 7; i++) assert.equal((await post(anna, { client_id: `h-${i}`, text: `note ${i}` })).data.seq, i);
    assert.equal((await post(anna, { client_id: "h-3", text: "note 3" })).data.duplicate, true);
    const bad = await post(anna, { client_id: "h-8", text: "   " });
    assert.equal(bad.status, 422);
    assert.equal(bad.data.error.field, "text");
    const latest = await w.fetch(`/api/projects/${PROJECT}/chat/messages?limit=3`, { cookie: carla });
    assert.deepEqual(latest.data.messages.map((m) => m.seq), [5, 6, 7]);
    assert.equal(latest.data.more, true);
    const before = await w.fetch(`/api/projects/${PROJECT}/chat/messages?before=5&limit=3`, { cookie: carla });
    assert.deepEqual(before.data.messages.map((m) => m.seq), [2, 3, 4]);
    const afterIt = await w.fetch(`/api/projects/${PROJECT}/chat/messages?after=6`, { cookie: carla });
    assert.deepEqual(afterIt.data.messages.map((m) => m.seq), [7]);
  });

  test("long-polling returns as soon as a message arrives", async () => {
    const started = Date.now();
    const poll = w.fetch(`/api/projects/${PROJECT}/chat/messages?after=7&wait=10`, { cookie: carla });
    await new Promise((r) => setTimeout(r, 600));
    await post(anna, { client_id: "h-poll", text: "are you there?" });
    const r = await poll;
    assert.deepEqual(r.data.messages.map((m) => m.text), ["are you there?"]);
    assert.ok(Date.now() - started < 8000);
    const empty = await w.fetch(`/api/projects/${PROJECT}/chat/messages?after=8&wait=1`, { cookie: carla });
    assert.deepEqual(empty.data.messages, []);
  });

  test("read markers give unread counts", async () => {
    const r = await w.fetch(`/api/projects/${PROJECT}/chat/read`, { method: "POST", cookie: carla, json: { seq: 5 } });
    assert.deepEqual(r.data, { unread: 3, last_seq: 8, read_seq: 5 });
    const mine = await w.fetch(`/api/projects/${PROJECT}/chat/read`, { method: "POST", cookie: anna, json: { seq: 0 } });
    assert.equal(mine.data.unread, 0, "your own messages are not unread");
  });

  test("when the project ends the room turns read-only: history stays, writing is refused", async () => {
    const done = await w.fetch(`/api/projects/${PROJECT}/actions`, { method: "POST", cookie: anna, json: { action: "complete" } });
    assert.equal(done.data.project.state, "completed");
    const refused = await post(carla, { client_id: "late", text: "one more thing" });
    assert.equal(refused.status, 409);
    assert.equal(refused.data.error.code, "read_only");
    const history = await w.fetch(`/api/projects/${PROJECT}/chat/messages`, { cookie: carla });
    assert.equal(history.data.read_only, true);
    assert.equal(history.data.messages.length, 8);
  });
});

describe("the room follows the project's state", () => {
  let w, anna, carla;
  before(async () => {
    w = await startWorker({ http: true });
    [anna, carla] = await Promise.all([DEMO.anna, DEMO.carla].map((e) => w.login(e)));
  });
  after(async () => w.dispose());

  test("completing the project turns an open socket read-only at once; reopening writes again", async () => {
    const c = connect(w, carla);
    await c.opened;
    await c.next((f) => f.type === "state" && f.read_only === false);
    await w.fetch(`/api/projects/${PROJECT}/actions`, { method: "POST", cookie: anna, json: { action: "complete" } });
    await c.next((f) => f.type === "state" && f.read_only === true);
    c.send({ type: "send", client_id: "after-end", text: "still there?" });
    assert.equal((await c.next((f) => f.type === "error" && f.client_id === "after-end")).code, "read_only");
    await w.fetch(`/api/projects/${PROJECT}/actions`, { method: "POST", cookie: anna, json: { action: "reopen" } });
    await c.next((f) => f.type === "state" && f.read_only === false && c.frames.indexOf(f) > 1);
    c.send({ type: "send", client_id: "after-reopen", text: "back again" });
    assert.equal((await c.next((f) => f.type === "ack" && f.client_id === "after-reopen")).seq, 1);
    c.close();
  });
});

describe("access follows the person into the chat", () => {
  let w, admin;
  before(async () => {
    w = await startWorker({ http: true });
    admin = await w.login(DEMO.admin);
  });
  after(async () => w.dispose());

  const history = async (cookie) => (await w.fetch(`/api/projects/${PROJECT}/chat/messages?limit=100`, { cookie })).data.messages.map((m) => m.text);

  test("a suspended member's socket closes at once and nothing more from it is stored", async () => {
    const carla = await w.login(DEMO.carla);
    const anna = await w.login(DEMO.anna);
    const c = connect(w, carla);
    const a = connect(w, anna);
    await Promise.all([c.opened, a.opened]);
    const carlaId = (await w.fetch("/api/me", { cookie: carla })).data.user.id;
    const r = await w.fetch(`/api/admin/users/${carlaId}/suspend`, { method: "POST", cookie: admin, json: { reason: "Testing suspension" } });
    assert.equal(r.status, 200);
    assert.equal(await c.closed, 4003);
    // Anna's socket stays; nothing Carla tries reaches anyone.
    try { c.send({ type: "send", client_id: "late-1", text: "after suspension" }); } catch { /* closed */ }
    a.send({ type: "send", client_id: "anna-after", text: "still here" });
    await a.next((f) => f.type === "ack" && f.client_id === "anna-after");
    assert.ok(!(await history(anna)).includes("after suspension"));
    assert.equal(a.ws.readyState, WebSocket.OPEN);
    a.close();
    await w.fetch(`/api/admin/users/${carlaId}/reactivate`, { method: "POST", cookie: admin });
    // Reinstated, she connects and writes again.
    const again = connect(w, await w.login(DEMO.carla));
    await again.opened;
    again.send({ type: "send", client_id: "back-1", text: "I am back" });
    assert.equal((await again.next((f) => f.type === "ack")).client_id, "back-1");
    again.close();
  });

  test("logging out, ending a session and changing the password close those sessions' sockets", async () => {
    const one = await w.login(DEMO.anna);
    const two = await w.login(DEMO.anna);
    const three = await w.login(DEMO.anna);
    const [s1, s2, s3] = [one, two, three].map((c) => connect(w, c));
    await Promise.all([s1.opened, s2.opened, s3.opened]);
    assert.equal((await w.fetch("/api/auth/logout", { method: "POST", cookie: one })).status, 204);
    assert.equal(await s1.closed, 4003);
    const sessions = (await w.fetch("/api/me/sessions", { cookie: two })).data.items;
    const other = sessions.find((s) => !s.current && s.id);
    // Which of two and three is "other" does not matter: end it, and exactly one of the two sockets closes.
    assert.equal((await w.fetch(`/api/me/sessions/${other.id}`, { method: "DELETE", cookie: two })).status, 204);
    const first = await Promise.race([s2.closed.then(() => 2), s3.closed.then(() => 3)]);
    const survivor = first === 2 ? s3 : s2;
    survivor.send({ type: "send", client_id: "survivor", text: "still open" });
    await survivor.next((f) => f.type === "ack" && f.client_id === "survivor");
    survivor.close();
  });

  test("a socket closes when its session reaches its absolute end, and a long poll ends with its reader's access", async () => {
    const DAY = 86_400_000;
    const end = Date.now() + 3000;
    // A session that began 30 days before `end`, kept alive by use every few days.
    const old = await w.login(DEMO.anna, undefined, { now: end - 30 * DAY });
    for (let t = end - 30 * DAY + 2 * DAY; t < Date.now(); t += 2 * DAY) await w.fetch("/api/me", { cookie: old, now: t });
    const s = connect(w, old);
    await s.opened;
    assert.equal(await s.closed, 4003);
    assert.ok(Date.now() >= end - 50, "not before its end");
    // A long poll by a member suspended meanwhile ends at once, without the message written after.
    const dev = await w.login(DEMO.carla);
    const carlaId = (await w.fetch("/api/me", { cookie: dev })).data.user.id;
    const last = (await w.fetch(`/api/projects/${PROJECT}/chat/messages?limit=1`, { cookie: dev })).data.messages.at(-1)?.seq ?? 0;
    const poll = w.fetch(`/api/projects/${PROJECT}/chat/messages?after=${last}&wait=20`, { cookie: dev });
    await w.fetch(`/api/admin/users/${carlaId}/suspend`, { method: "POST", cookie: admin, json: { reason: "Testing the long poll" } });
    const anna = await w.login(DEMO.anna);
    await w.fetch(`/api/projects/${PROJECT}/chat/messages`, { method: "POST", cookie: anna, json: { client_id: "after-suspension", text: "not for Carla" } });
    const r = await poll;
    assert.equal(r.status, 404);
    assert.doesNotMatch(r.text, /not for Carla/);
    await w.fetch(`/api/admin/users/${carlaId}/reactivate`, { method: "POST", cookie: admin });
  });

  test("a WebSocket from a foreign Origin is refused, even with a valid cookie", async () => {
    const carla = await w.login(DEMO.carla);
    const evil = connect(w, carla, PROJECT, { origin: "https://evil.example" });
    await assert.rejects(evil.opened, /HTTP 403/);
    // Nor from a name made to resolve here (DNS rebinding): the Origin must be Tandem's own address.
    const rebound = connect(w, carla, PROJECT, { origin: "http://evil.example", host: "evil.example" });
    await assert.rejects(rebound.opened, /HTTP 403/);
    const own = connect(w, carla, PROJECT, { origin: w.url });
    await own.opened;
    own.close();
  });
});
