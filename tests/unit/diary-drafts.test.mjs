// A diary's drafts (public/js/mentoring/diary-drafts.js) in Node, with no network and no waiting: a fake server with
// the API's rules (a client key stored once, a stale base refused with 409 and the stored text), fake timers on a
// fake clock, a store in memory and a switch for the connection. What a phone on a poor connection needs: what is
// typed is kept at once and saved once, a retry of the same text is the same request, a reload offline loses
// nothing, this device's own save whose answer was lost is not a conflict, and a real conflict hands over both texts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { diaryDraft, parseEntry, sameText } from "../../public/js/mentoring/diary-drafts.js";

const PID = "p".repeat(28);
const SID = "s".repeat(28);

/** Timers that run only when the clock is moved on. */
function fakeClock() {
  let now = 1_000_000, next = 1;
  const timers = new Map();
  return {
    now: () => now,
    setTimeout: (fn, ms) => { const id = next++; timers.set(id, { fn, at: now + ms }); return id; },
    clearTimeout: (id) => { timers.delete(id); },
    pending: () => timers.size,
    async advance(ms) {
      const end = now + ms;
      for (;;) {
        const due = [...timers].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].fn();
        await settle();
      }
      now = end;
      await settle();
    },
  };
}

/** Let every promise in flight settle. */
async function settle() {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
}

/** The server's side of PUT …/diary, by the API's rules. */
function fakeServer() {
  const srv = { revision: 0, text: null, keys: new Set(), calls: [], stored: 0, down: false, loseNext: false };
  const entry = () => srv.text && { answers: JSON.stringify(srv.text.answers), attendance: JSON.stringify(srv.text.attendance), minutes: srv.text.minutes ?? 0, revision: srv.revision, state: "draft" };
  srv.view = () => ({ session_id: SID, entry: entry(), actions: ["write", "submit"] });
  srv.request = async (method, path, body) => {
    assert.equal(method, "PUT");
    assert.equal(path, `/api/projects/${PID}/sessions/${SID}/diary`);
    srv.calls.push(body);
    if (srv.down) throw new TypeError("Failed to fetch");
    let res;
    if (srv.keys.has(body.client_key)) res = { status: 200, data: srv.view() };
    else if (body.base !== srv.revision) res = { status: 409, data: { error: { code: "diary_conflict", field: "base", message: "" }, current: entry(), revision: srv.revision } };
    else if (body.answers.some((a) => a.length > 4000)) res = { status: 422, data: { error: { code: "text_too_long", field: "answers.0", message: "" } } };
    else {
      srv.revision += 1;
      srv.stored += 1;
      srv.text = { answers: body.answers, attendance: body.attendance, minutes: body.minutes };
      srv.keys.add(body.client_key);
      res = { status: 200, data: srv.view() };
    }
    if (srv.loseNext) { srv.loseNext = false; throw new TypeError("Failed to fetch"); }
    return res;
  };
  return srv;
}

function memory() {
  const m = new Map();
  return { map: m, get: async (k) => (m.has(k) ? structuredClone(m.get(k)) : null), put: async (k, v) => { m.set(k, structuredClone(v)); }, del: async (k) => { m.delete(k); } };
}

/** A draft wired to the fakes; `net.up` is whether the device is online, `net.back()` says it came back. */
function setup({ srv = fakeServer(), store = memory(), clock = fakeClock(), net = { up: true, fns: new Set() }, auto = true } = {}) {
  net.back = () => { net.up = true; srv.down = false; for (const fn of net.fns) fn(); };
  let n = 0;
  const states = [];
  const d = diaryDraft({
    pid: PID, sid: SID, user: "carla", size: 3, auto, delay: 1500,
    request: srv.request, store, online: () => net.up, onOnline: (fn) => { net.fns.add(fn); return () => net.fns.delete(fn); },
    setTimeout: clock.setTimeout, clearTimeout: clock.clearTimeout, now: clock.now, makeKey: () => `k${++n}`,
    on: { change: (st) => states.push(st) },
  });
  return { d, srv, store, clock, net, states };
}

test("typing is kept at once and saved once after a pause", async () => {
  const { d, srv, store, clock } = setup();
  assert.deepEqual(await d.start(srv.view()), { answers: ["", "", ""], attendance: [], minutes: null });
  d.edit({ answers: ["F", "", ""] });
  d.edit({ answers: ["Fine", "", ""] });
  await settle();
  // On this device before any request.
  assert.deepEqual([...store.map.values()][0].answers, ["Fine", "", ""]);
  assert.equal(srv.calls.length, 0);
  await clock.advance(1500);
  assert.equal(srv.calls.length, 1);
  assert.deepEqual(srv.calls[0], { answers: ["Fine", "", ""], attendance: [], base: 0, client_key: "k1" });
  assert.equal(d.state().status, "saved");
  assert.equal(d.state().dirty, false);
  assert.equal(d.state().base, 1);
  // Nothing changed: nothing sent.
  await d.flush();
  assert.equal(srv.calls.length, 1);
  d.stop();
});

test("a save with no answer is retried with the same key, further apart each time, and stored once", async () => {
  const { d, srv, clock } = setup();
  await d.start(srv.view());
  srv.down = true;
  d.edit({ answers: ["Two interviews", "", ""], attendance: [{ user: "anna", present: true }], minutes: 55 });
  await clock.advance(1500);
  assert.equal(d.state().status, "retrying");
  await clock.advance(2000);
  await clock.advance(4000);
  assert.deepEqual(srv.calls.map((c) => c.client_key), ["k1", "k1", "k1"]);
  // It was stored, but the answer was lost: the retry is a no-op on the server.
  srv.down = false;
  srv.loseNext = true;
  await clock.advance(8000);
  assert.equal(srv.stored, 1);
  await clock.advance(16000);
  assert.deepEqual(srv.calls.map((c) => c.client_key), ["k1", "k1", "k1", "k1", "k1"]);
  assert.equal(srv.stored, 1);
  assert.equal(srv.revision, 1);
  assert.equal(d.state().status, "saved");
  assert.equal(srv.calls[0].minutes, 55);
  d.stop();
});

test("offline: nothing is sent, everything is kept; back online it is saved once", async () => {
  const { d, srv, clock, net } = setup();
  await d.start(srv.view());
  net.up = false;
  d.edit({ answers: ["Written in the tunnel", "", ""] });
  await clock.advance(1500);
  d.edit({ answers: ["Written in the tunnel, still", "", ""] });
  await d.flush();
  await clock.advance(60_000);
  assert.equal(srv.calls.length, 0);
  assert.equal(d.state().status, "offline");
  net.back();
  await settle();
  assert.equal(srv.calls.length, 1);
  assert.equal(srv.revision, 1);
  assert.deepEqual(srv.text.answers, ["Written in the tunnel, still", "", ""]);
  d.stop();
});

test("a reload offline: the draft comes back from the store and is saved once the connection returns", async () => {
  const srv = fakeServer();
  const store = memory();
  const first = setup({ srv, store, net: { up: false, fns: new Set() } });
  await first.d.start(srv.view());
  first.d.edit({ answers: ["Typed before the reload", "", ""] });
  await settle();
  first.d.stop();
  // The page is loaded again, still offline, with the view kept from before (no entry yet).
  const net = { up: false, fns: new Set() };
  const again = setup({ srv, store, net });
  assert.deepEqual((await again.d.start({ entry: null })).answers, ["Typed before the reload", "", ""]);
  assert.equal(again.d.state().status, "offline");
  assert.equal(again.d.state().dirty, true);
  net.back();
  await settle();
  assert.equal(srv.calls.length, 1);
  assert.equal(srv.revision, 1);
  again.d.stop();
});

test("this device's own save whose answer was lost is not a conflict", async () => {
  const { d, srv, clock } = setup();
  await d.start(srv.view());
  d.edit({ answers: ["First", "", ""] });
  srv.loseNext = true;
  await clock.advance(1500);
  assert.equal(srv.revision, 1, "stored");
  assert.equal(d.state().status, "retrying");
  // More is typed before the retry: a new text from the old base (0), refused as stale...
  d.edit({ answers: ["First, then more", "", ""] });
  await clock.advance(1500);
  // ...but the text stored is the one sent from this base: carried on from it, no conflict.
  await settle();
  assert.equal(d.state().conflict, null);
  assert.equal(srv.revision, 2);
  assert.deepEqual(srv.text.answers, ["First, then more", "", ""]);
  assert.equal(d.state().status, "saved");
  d.stop();
});

test("someone else's newer save: both texts handed over; the merged text is saved on the stored revision", async () => {
  const { d, srv, clock } = setup();
  await d.start(srv.view());
  // Another tab saves first.
  srv.revision = 3;
  srv.text = { answers: ["Theirs", "Both", ""], attendance: [], minutes: 0 };
  d.edit({ answers: ["Mine", "Both", ""] });
  await clock.advance(1500);
  const st = d.state();
  assert.equal(st.status, "conflict");
  assert.deepEqual(st.conflict.theirs.answers, ["Theirs", "Both", ""]);
  assert.equal(st.conflict.revision, 3);
  assert.deepEqual(st.text.answers, ["Mine", "Both", ""]);
  // No more saves until it is merged.
  d.edit({ answers: ["Mine!", "Both", ""] });
  await clock.advance(5000);
  assert.equal(srv.calls.length, 1);
  await d.resolve({ answers: ["Mine and theirs", "Both", ""], attendance: [], minutes: null });
  await settle();
  assert.equal(srv.revision, 4);
  assert.deepEqual(srv.calls.at(-1).base, 3);
  assert.deepEqual(srv.text.answers, ["Mine and theirs", "Both", ""]);
  assert.equal(d.state().status, "saved");
  d.stop();
});

test("a refused save keeps the draft, says why and is not sent again until changed", async () => {
  const { d, srv, clock, store } = setup();
  await d.start(srv.view());
  d.edit({ answers: ["x".repeat(4001), "", ""] });
  await clock.advance(1500);
  assert.equal(d.state().status, "error");
  assert.deepEqual([d.state().error.code, d.state().error.field], ["text_too_long", "answers.0"]);
  await clock.advance(120_000);
  assert.equal(srv.calls.length, 1);
  assert.equal([...store.map.values()][0].answers[0].length, 4001);
  d.edit({ answers: ["Shorter", "", ""] });
  assert.equal(d.state().status, "idle");
  await clock.advance(1500);
  assert.equal(d.state().status, "saved");
  d.stop();
});

test("where to start: an unsaved draft wins; a saved copy older than the server's gives way to it", async () => {
  const srv = fakeServer();
  const store = memory();
  srv.revision = 2;
  srv.text = { answers: ["Server", "", ""], attendance: [], minutes: 0 };
  // A saved copy of revision 1: the server's revision 2 is newer.
  store.map.set(`carla ${PID} ${SID}`, { answers: ["Old", "", ""], attendance: [], minutes: null, base: 1, dirty: false, key: null, keyFor: null, sent: [] });
  let s = setup({ srv, store });
  assert.deepEqual((await s.d.start(srv.view())).answers, ["Server", "", ""]);
  s.d.stop();
  // A draft not saved yet: kept, whatever the server has.
  store.map.set(`carla ${PID} ${SID}`, { answers: ["Unsaved", "", ""], attendance: [], minutes: null, base: 1, dirty: true, key: null, keyFor: null, sent: [] });
  s = setup({ srv, store, net: { up: false, fns: new Set() } });
  assert.deepEqual((await s.d.start(srv.view())).answers, ["Unsaved", "", ""]);
  s.d.stop();
});

test("an entry already submitted is saved when asked, not on every pause", async () => {
  const { d, srv, clock } = setup({ auto: false });
  await d.start(srv.view());
  d.edit({ answers: ["A change after submitting", "", ""] });
  await clock.advance(10_000);
  assert.equal(srv.calls.length, 0);
  const st = await d.flush();
  assert.equal(srv.calls.length, 1);
  assert.equal(st.status, "saved");
  d.stop();
});

test("entries are read from the API's JSON text; the same text ignores trailing empty answers and order", () => {
  const e = parseEntry({ answers: '["a","b"]', attendance: '[{"user":"u2","present":false},{"user":"u1","present":true}]', minutes: 5, revision: 2, state: "submitted" });
  assert.deepEqual(e, { answers: ["a", "b"], attendance: [{ user: "u2", present: false }, { user: "u1", present: true }], minutes: 5, revision: 2, state: "submitted" });
  assert.ok(sameText(e, { answers: ["a", "b", ""], attendance: [{ user: "u1", present: true }, { user: "u2", present: false }], minutes: 5 }));
  assert.ok(!sameText(e, { answers: ["a", "c"], attendance: e.attendance, minutes: 5 }));
  assert.equal(parseEntry(null), null);
  assert.deepEqual(parseEntry({ answers: "not json", attendance: null, revision: 1 }).answers, []);
});

test("the same text again (a field's change event after its input) is not a change", async () => {
  const { d, srv, clock } = setup();
  await d.start(srv.view());
  d.edit({ answers: ["Once", "", ""] });
  await clock.advance(1500);
  assert.equal(srv.calls.length, 1);
  d.edit({ answers: ["Once", "", ""] });
  assert.equal(d.state().dirty, false);
  await d.flush();
  await clock.advance(5000);
  assert.equal(srv.calls.length, 1);
  d.stop();
});
