// The chat's connection (public/js/mentoring/chat-connection.js) in Node, with no network and no waiting: a fake
// WebSocket, fake timers on a fake clock, a fake fetch and API. What a phone on a poor connection needs: what was
// queued is sent once, resumed after the last message seen without a gap, reconnects further apart each time, and
// falls back to HTTP when WebSockets fail.
import { test } from "node:test";
import assert from "node:assert/strict";
import { chatConnection } from "../../public/js/mentoring/chat-connection.js";

const PID = "p".repeat(28);
const ME = { id: "me", display_name: "Carla" };
const ANNA = { id: "anna", display_name: "Anna" };

/** Timers that run only when the clock is moved on. */
function fakeClock() {
  let now = 1_000_000, next = 1;
  const timers = new Map();
  const clock = {
    delays: [],
    now: () => now,
    setTimeout: (fn, ms) => { const id = next++; timers.set(id, { fn, at: now + ms }); clock.delays.push(ms); return id; },
    clearTimeout: (id) => { timers.delete(id); },
    /** Move the clock on by `ms`, running every timer due on the way, in order. */
    advance(ms) {
      const end = now + ms;
      for (;;) {
        const due = [...timers].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].fn();
      }
      now = end;
    },
  };
  return clock;
}

/** A WebSocket the test plays the server of. */
function fakeSockets({ refuse = false } = {}) {
  const made = [];
  class FakeWebSocket {
    constructor(url) {
      if (refuse) throw new Error("no WebSockets here");
      this.url = url;
      this.readyState = 0;
      this.sent = [];
      made.push(this);
    }
    send(data) { assert.equal(this.readyState, 1, "sent on a socket that is not open"); this.sent.push(data); }
    close() { this.readyState = 3; }
    // The server's side:
    open() { this.readyState = 1; this.onopen?.(); }
    frame(f) { this.onmessage?.({ data: typeof f === "string" ? f : JSON.stringify(f) }); }
    drop() { this.readyState = 3; this.onclose?.(); }
    /** The JSON frames sent, of one type. */
    frames(type) { return this.sent.filter((s) => s.startsWith("{")).map((s) => JSON.parse(s)).filter((f) => f.type === type); }
  }
  return { FakeWebSocket, made, last: () => made[made.length - 1] };
}

function memoryStorage() {
  const m = new Map();
  return { getItem: (k) => (m.has(k) ? m.get(k) : null), setItem: (k, v) => m.set(k, String(v)), removeItem: (k) => m.delete(k), map: m };
}

/** A connection with everything faked; `net.online` says whether the device is online. */
function setup({ refuse = false, fetch, api } = {}) {
  const clock = fakeClock();
  const sockets = fakeSockets({ refuse });
  const storage = memoryStorage();
  const net = { online: true };
  const seen = { status: [], changes: 0, unread: [], arrived: [], readOnly: [] };
  const apiCalls = [];
  let ids = 0;
  const conn = chatConnection(PID, ME, {
    api: api ? (...a) => { apiCalls.push(a); return api(...a); } : (...a) => { apiCalls.push(a); return new Promise(() => {}); },
    on: {
      status: (k) => seen.status.push(k),
      change: () => seen.changes++,
      unread: (n) => seen.unread.push(n),
      arrived: (m) => seen.arrived.push(m),
      readOnly: (ro) => seen.readOnly.push(ro),
    },
    WebSocket: sockets.FakeWebSocket,
    fetch: fetch || (() => new Promise(() => {})),
    setTimeout: clock.setTimeout,
    clearTimeout: clock.clearTimeout,
    now: clock.now,
    random: () => 0.5, // no jitter: 1 s, 2 s, 4 s…
    online: () => net.online,
    wsUrl: () => "ws://tandem.test",
    storage: () => storage,
    clientId: () => `c${++ids}`,
  });
  return { conn, clock, sockets, storage, net, seen, apiCalls };
}

const msg = (seq, author = ANNA, extra = {}) => ({ seq, author, text: `m${seq}`, at: 1000 + seq, client_id: `x${seq}`, ...extra });

/** The server's greeting on `ws`, then the history it sends for the resume. */
function greet(ws, messages = [], more = false) {
  ws.open();
  ws.frame({ type: "state", read_only: false });
  ws.frame({ type: "history", messages, more });
}

test("what was written offline is queued on the device, and sent once after the connection comes", () => {
  const { conn, sockets, storage, net, seen } = setup();
  net.online = false;
  conn.start();
  assert.deepEqual(seen.status, ["offline"]);
  conn.enqueue("first  \n");
  conn.enqueue("second");
  conn.flush();
  assert.equal(sockets.made.length, 0);
  assert.deepEqual(JSON.parse([...storage.map.values()][0]).map((q) => q.text), ["first", "second"]);

  net.online = true;
  conn.online();
  const ws = sockets.last();
  assert.equal(ws.url, `ws://tandem.test/api/projects/${PID}/chat`);
  greet(ws);
  assert.deepEqual(ws.frames("resume"), [{ type: "resume", after: 0 }]);
  assert.deepEqual(ws.frames("send").map((f) => [f.client_id, f.text]), [["c1", "first"], ["c2", "second"]]);

  // More history, another flush: nothing goes twice while it waits for the acks.
  conn.flush();
  assert.equal(ws.frames("send").length, 2);
  ws.frame({ type: "ack", client_id: "c1", seq: 1, at: 5 });
  ws.frame({ type: "ack", client_id: "c2", seq: 2, at: 6 });
  assert.deepEqual(conn.queue, []);
  assert.equal(storage.map.size, 0, "the queue is forgotten on the device once acknowledged");
  assert.deepEqual([...conn.msgs.values()].map((m) => [m.seq, m.text, m.author.id]), [[1, "first", "me"], [2, "second", "me"]]);
});

test("after a reconnect, messages acknowledged are not sent again, and those not acknowledged are, with the same client id", () => {
  const { conn, sockets, clock } = setup();
  conn.start();
  const ws1 = sockets.last();
  greet(ws1);
  conn.enqueue("one");
  conn.enqueue("two");
  conn.flush();
  assert.equal(ws1.frames("send").length, 2);
  ws1.frame({ type: "ack", client_id: "c1", seq: 1, at: 5 });
  ws1.drop(); // "two" got no ack before the socket died

  clock.advance(1000);
  const ws2 = sockets.last();
  assert.notEqual(ws2, ws1);
  ws2.open();
  ws2.frame({ type: "state", read_only: false });
  assert.deepEqual(ws2.frames("resume"), [{ type: "resume", after: 1 }]);
  ws2.frame({ type: "history", messages: [], more: false });
  assert.deepEqual(ws2.frames("send").map((f) => f.client_id), ["c2"]);
  // The server had stored it already: its ack (a duplicate) ends it, and nothing is sent again.
  ws2.frame({ type: "ack", client_id: "c2", seq: 2, at: 6 });
  ws2.frame({ type: "ack", client_id: "c2", seq: 2, at: 6 });
  conn.flush();
  assert.equal(ws2.frames("send").length, 1);
  assert.deepEqual(conn.queue, []);
  assert.deepEqual([...conn.msgs.keys()], [1, 2]);
});

test("my message coming back from the room (sent from here, acknowledged on a dead socket) leaves the queue", () => {
  const { conn, sockets, clock } = setup();
  conn.start();
  const ws1 = sockets.last();
  greet(ws1);
  conn.enqueue("hello");
  conn.flush();
  ws1.drop();
  clock.advance(1000);
  const ws2 = sockets.last();
  ws2.open();
  ws2.frame({ type: "state", read_only: false });
  ws2.frame({ type: "history", messages: [msg(1, ME, { client_id: "c1", text: "hello" })], more: false });
  assert.deepEqual(ws2.frames("send"), [], "the message the server has is not sent again");
  assert.deepEqual(conn.queue, []);
});

test("no ack in time: the socket is started again and the message resent under its client id", () => {
  const { conn, sockets, clock } = setup();
  conn.start();
  const ws1 = sockets.last();
  greet(ws1);
  conn.enqueue("hello");
  conn.flush();
  clock.advance(12000);
  const ws2 = sockets.last();
  assert.notEqual(ws2, ws1);
  assert.equal(ws1.readyState, 3);
  greet(ws2);
  assert.deepEqual(ws2.frames("send").map((f) => f.client_id), ["c1"]);
});

test("resume asks for what follows the last message seen without a gap", () => {
  const { conn, sockets, clock, seen } = setup();
  conn.start();
  const ws1 = sockets.last();
  greet(ws1, [msg(1), msg(2), msg(3)]);
  assert.equal(conn.last, 3);
  ws1.frame({ type: "message", ...msg(5) }); // 4 is missing
  assert.equal(conn.last, 3);
  assert.deepEqual(seen.arrived.map((m) => m.seq), [5]);
  assert.deepEqual(seen.unread, [1]);
  ws1.drop();

  clock.advance(1000);
  const ws2 = sockets.last();
  ws2.open();
  ws2.frame({ type: "state", read_only: false });
  assert.deepEqual(ws2.frames("resume"), [{ type: "resume", after: 3 }]);
  ws2.frame({ type: "history", messages: [msg(4), msg(5), msg(6)], more: true });
  assert.equal(conn.last, 6);
  // More to come: it asks again from where it is now.
  assert.deepEqual(ws2.frames("resume").map((f) => f.after), [3, 6]);
  ws2.frame({ type: "history", messages: [msg(7)], more: false });
  assert.equal(conn.last, 7);
  assert.deepEqual([...conn.msgs.keys()].sort((a, b) => a - b), [1, 2, 3, 4, 5, 6, 7]);
  // A message seen twice is announced once.
  assert.deepEqual(seen.arrived.map((m) => m.seq), [5, 4, 6, 7]);
  // The read markers: the count without moving (seq 0), then the newest on screen.
  assert.deepEqual(ws2.frames("read").map((f) => f.seq), [0, 7]);
});

test("a first page of history starts the gap-free sequence below its oldest message", () => {
  const { conn, sockets } = setup();
  conn.start();
  greet(sockets.last(), [msg(41), msg(42)], true);
  assert.equal(conn.last, 42);
  assert.equal(conn.oldest, 41);
  assert.equal(conn.moreOlder, true);
  assert.equal(conn.initial, false);
});

test("reconnecting waits longer each time (1, 2, 4… up to 30 s), and starts from 1 s again once connected", () => {
  const { conn, sockets, clock } = setup();
  conn.start();
  const waits = [];
  for (let i = 0; i < 7; i++) {
    const ws = sockets.last();
    ws.open(); // opens, then dies before the room speaks: not a failure of WebSockets, so no fallback
    const before = clock.delays.length;
    ws.drop();
    const ms = clock.delays[before];
    waits.push(ms);
    clock.advance(ms - 1);
    assert.equal(sockets.last(), ws, "not before its time");
    clock.advance(1);
    assert.notEqual(sockets.last(), ws);
  }
  assert.deepEqual(waits, [1000, 2000, 4000, 8000, 16000, 30000, 30000]);

  greet(sockets.last());
  const before = clock.delays.length;
  sockets.last().drop();
  assert.ok(clock.delays.slice(before).includes(1000), `after connecting, the first wait is 1 s: ${clock.delays.slice(before)}`);
  assert.equal(conn.mode, "ws");
});

test("a keep-alive ping without its pong starts the socket again", () => {
  const { sockets, clock, conn } = setup();
  conn.start();
  const ws1 = sockets.last();
  greet(ws1);
  clock.advance(25000);
  assert.ok(ws1.sent.includes("ping"));
  ws1.frame("pong");
  clock.advance(10000);
  assert.equal(sockets.last(), ws1, "answered: the same socket");
  clock.advance(15000); // the next ping, unanswered
  clock.advance(10000);
  assert.notEqual(sockets.last(), ws1);
});

/** A fake fetch the test answers: each call waits until `reply` is called. */
function fakeFetch() {
  const calls = [];
  const fetch = (url, opts) => new Promise((resolve, reject) => {
    calls.push({ url, opts, reply: (status, body) => resolve({ ok: status >= 200 && status < 300, status, json: async () => body }), fail: () => reject(new TypeError("network")) });
  });
  return { fetch, calls };
}
const settle = () => new Promise((r) => setImmediate(r));

test("when WebSockets fail twice it falls back to HTTP: long-polling after the last message, sending with POST", async () => {
  const http = fakeFetch();
  const acks = [];
  const { conn, sockets, clock, seen, apiCalls } = setup({
    fetch: http.fetch,
    api: async (method, path, body) => {
      if (path.endsWith("/chat/messages") && method === "POST") { const a = { client_id: body.client_id, seq: 3, at: 9 }; acks.push(a); return a; }
      if (path.endsWith("/chat/read")) return { unread: 0 };
      throw new Error("unexpected " + path);
    },
  });
  conn.start();
  sockets.last().drop(); // never opened
  clock.advance(1000);
  assert.equal(sockets.made.length, 2);
  sockets.last().drop(); // never opened again: HTTP from now on
  assert.equal(conn.mode, "http");
  assert.equal(http.calls.length, 1);
  assert.equal(http.calls[0].url, `/api/projects/${PID}/chat/messages`);
  conn.enqueue("by post");
  http.calls[0].reply(200, { messages: [msg(1), msg(2)], more: false, read_only: false });
  await settle();
  assert.equal(seen.status.at(-1), "connected_http");
  assert.deepEqual(acks.map((a) => a.client_id), ["c1"]);
  assert.deepEqual(apiCalls.filter(([m, p]) => m === "POST" && p.endsWith("/messages")).map(([, , b]) => b), [{ client_id: "c1", text: "by post" }]);
  assert.deepEqual(conn.queue, []);
  // The long poll asks for what follows the last message seen without a gap (asked before the ack came).
  assert.equal(http.calls[1].url, `/api/projects/${PID}/chat/messages?after=2&wait=25`);
  assert.equal(conn.last, 3);
  http.calls[1].reply(200, { messages: [msg(4)], read_only: false });
  await settle();
  assert.equal(http.calls[2].url, `/api/projects/${PID}/chat/messages?after=4&wait=25`);
  assert.equal(sockets.made.length, 2, "no more WebSockets");

  // The network fails under the poll: offline, and it tries again later, still by HTTP.
  http.calls[2].fail();
  await settle();
  assert.equal(seen.status.at(-1), "offline");
  clock.advance(1000);
  assert.equal(http.calls.length, 4);
  assert.equal(http.calls[3].url, `/api/projects/${PID}/chat/messages?after=4&wait=25`);
  conn.stop();
});

test("a WebSocket that cannot even be made counts as a failure too", () => {
  const http = fakeFetch();
  const { conn, clock } = setup({ refuse: true, fetch: http.fetch });
  conn.start();
  clock.advance(1000);
  assert.equal(conn.mode, "http");
  assert.equal(http.calls.length, 1);
});

test("going offline closes the socket and says so; coming back connects at once", () => {
  const { conn, sockets, net, seen } = setup();
  conn.start();
  const ws1 = sockets.last();
  greet(ws1);
  net.online = false;
  conn.offline();
  assert.equal(ws1.readyState, 3);
  assert.equal(seen.status.at(-1), "offline");
  net.online = true;
  conn.online();
  assert.notEqual(sockets.last(), ws1);
  assert.equal(seen.status.at(-1), "connecting");
});

test("an error that resending cannot cure marks the message failed; a rate limit holds it back, then sends it", () => {
  const { conn, sockets, clock } = setup();
  conn.start();
  const ws = sockets.last();
  greet(ws);
  conn.enqueue("bad");
  conn.enqueue("later");
  conn.flush();
  ws.frame({ type: "error", client_id: "c1", code: "text_control_chars" });
  ws.frame({ type: "error", client_id: "c2", code: "rate_limited", retry_after_ms: 3000 });
  assert.equal(conn.queue[0].error, "text_control_chars");
  conn.flush();
  assert.equal(ws.frames("send").length, 2, "held back");
  clock.advance(3050);
  assert.deepEqual(ws.frames("send").map((f) => f.client_id), ["c1", "c2", "c2"]);
  conn.drop("c1");
  assert.deepEqual(conn.queue.map((q) => q.client_id), ["c2"]);
});

test("read markers move only when the newest message is on screen, and only forward", () => {
  const { conn, sockets, seen } = setup();
  conn.start();
  const ws = sockets.last();
  greet(ws, [msg(1), msg(2)]);
  assert.deepEqual(ws.frames("read").map((f) => f.seq), [0, 2]);
  ws.frame({ type: "unread", unread: 0 });
  assert.deepEqual(seen.unread, [0]);
  conn.markRead();
  assert.deepEqual(ws.frames("read").map((f) => f.seq), [0, 2]);
});
