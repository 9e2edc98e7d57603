// Two-factor authentication: enrolment, the log-in's second step, recovery codes, turning it off, and platform
// administration that needs it. Codes come from an app made of RFC 6238 (tests/support/totp.mjs); the clock is the
// worker's injected one, so each step is a code of its own.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startWorker, DEMO, DEMO_PASSWORD, USERS } from "../support/worker.mjs";
import { totp } from "../support/totp.mjs";

const STEP = 30_000;
let w;
before(async () => (w = await startWorker()));
after(async () => w.dispose());

const T0 = 1_800_000_000_000; // a step boundary
const post = (path, json, cookie, now) => w.fetch(path, { method: "POST", json, cookie, now });

/** A log-in's first step, as the browser makes it: the password, then (two-factor on) a challenge. */
async function password(email, now) {
  const r = await post("/api/auth/login", { email, password: DEMO_PASSWORD }, undefined, now);
  assert.equal(r.status, 200, r.text);
  return r;
}

test("a platform administrator can only enrol until two-factor is on; then logs in with a code", async () => {
  const first = await password(DEMO.admin, T0);
  assert.equal(first.data.user.platform_admin, true);
  const cookie = first.headers.get("set-cookie").split(";")[0];
  // Without a second factor: no administration, with a reason the person can act on; their own pages work.
  const users = await w.fetch("/api/admin/users", { cookie, now: T0 });
  assert.equal(users.status, 403);
  assert.equal(users.data.error.code, "two_factor_required");
  assert.equal((await w.fetch("/api/me", { cookie, now: T0 })).status, 200);
  assert.deepEqual((await w.fetch("/api/me/two-factor", { cookie, now: T0 })).data, { enabled: false, required: true, recovery_left: 0 });

  // Enrolment asks for the password; the secret is shown once and stored sealed.
  const wrongPassword = await post("/api/me/two-factor", { password: "not it" }, cookie, T0);
  assert.equal(wrongPassword.status, 422);
  assert.equal(wrongPassword.data.error.field, "password");
  const start = await post("/api/me/two-factor", { password: DEMO_PASSWORD }, cookie, T0);
  assert.equal(start.status, 200, start.text);
  assert.match(start.data.secret, /^[A-Z2-7]{32}$/);
  assert.match(start.data.uri, /^otpauth:\/\/totp\/Tandem:admin@tandem\.test\?secret=[A-Z2-7]{32}&issuer=Tandem/);
  const stored = await w.db.prepare("SELECT secret_sealed, enabled_at FROM two_factor WHERE user_id = ?").bind(USERS.admin).first();
  assert.equal(stored.enabled_at, null);
  assert.ok(!stored.secret_sealed.includes(start.data.secret));
  const secret = start.data.secret;

  // A wrong code, a code from two steps away and a malformed one change nothing.
  for (const [code, status] of [["000000", 422], [totp(secret, T0 - 2 * STEP), 422], ["12345", 422], ["abcdefghij", 422]]) {
    const r = await post("/api/me/two-factor/confirm", { code }, cookie, T0);
    assert.equal(r.status, status, `${code}: ${r.text}`);
  }
  assert.equal((await w.db.prepare("SELECT enabled_at FROM two_factor").first()).enabled_at, null);

  const on = await post("/api/me/two-factor/confirm", { code: totp(secret, T0) }, cookie, T0);
  assert.equal(on.status, 200, on.text);
  assert.equal(on.data.recovery_codes.length, 10);
  assert.ok(on.data.recovery_codes.every((c) => /^[a-z2-9]{5}-[a-z2-9]{5}$/.test(c)));
  assert.equal(new Set(on.data.recovery_codes).size, 10);
  const codes = await w.db.prepare("SELECT code_hash FROM recovery_codes").all();
  assert.equal(codes.results.length, 10);
  assert.ok(codes.results.every((r) => !on.data.recovery_codes.some((c) => r.code_hash.includes(c.replace("-", "")))));
  // The session that turned it on counts as one with a second factor.
  assert.equal((await w.fetch("/api/admin/users", { cookie, now: T0 })).status, 200);
  const audit = await w.db.prepare("SELECT action FROM audit_log WHERE action LIKE 'two_factor%'").all();
  assert.deepEqual(audit.results.map((r) => r.action), ["two_factor_on"]);
  // Administrators keep it.
  const off = await w.fetch("/api/me/two-factor", { method: "DELETE", json: { code: totp(secret, T0 + STEP) }, cookie, now: T0 + STEP });
  assert.equal(off.status, 409);
  assert.equal(off.data.error.code, "two_factor_required");

  // The next log-in: the password gives a challenge, not a session.
  const t1 = T0 + 10 * STEP;
  const step1 = await password(DEMO.admin, t1);
  assert.equal(step1.data.two_factor, true);
  assert.match(step1.data.challenge, /^[0-9a-f]{64}$/);
  assert.ok(!(step1.headers.get("set-cookie") ?? "").includes("tandem_session"));
  const second = (code, now = t1, challenge = step1.data.challenge) => post("/api/auth/two-factor", { challenge, code }, undefined, now);
  assert.equal((await second("000000")).status, 422);
  assert.equal((await second(totp(secret, t1), t1, "f".repeat(64))).data.error.code, "challenge_invalid");
  const in1 = await second(totp(secret, t1));
  assert.equal(in1.status, 200, in1.text);
  const cookie1 = in1.headers.get("set-cookie").split(";")[0];
  assert.equal((await w.fetch("/api/admin/users", { cookie: cookie1, now: t1 })).status, 200);
  // The challenge is spent, and the code too: never accepted twice.
  assert.equal((await second(totp(secret, t1))).data.error.code, "challenge_invalid");
  const replay = await password(DEMO.admin, t1);
  const again = await second(totp(secret, t1), t1, replay.data.challenge);
  assert.equal(again.status, 422);
  assert.equal(again.data.error.code, "code_wrong");

  // A recovery code logs in once.
  const t2 = t1 + 10 * STEP;
  const rc = on.data.recovery_codes[3];
  const viaRecovery = await second(rc.toUpperCase(), t2, (await password(DEMO.admin, t2)).data.challenge);
  assert.equal(viaRecovery.status, 200, viaRecovery.text);
  const reused = await second(rc, t2, (await password(DEMO.admin, t2)).data.challenge);
  assert.equal(reused.status, 422);
  const cookie2 = viaRecovery.headers.get("set-cookie").split(";")[0];
  assert.equal((await w.fetch("/api/me/two-factor", { cookie: cookie2, now: t2 })).data.recovery_left, 9);

  // New recovery codes: the old ones stop working.
  const renewed = await post("/api/me/two-factor/recovery", { code: totp(secret, t2) }, cookie2, t2);
  assert.equal(renewed.status, 200, renewed.text);
  const t3 = t2 + 10 * STEP;
  assert.equal((await second(on.data.recovery_codes[0], t3, (await password(DEMO.admin, t3)).data.challenge)).status, 422);
  assert.equal((await second(renewed.data.recovery_codes[0], t3, (await password(DEMO.admin, t3)).data.challenge)).status, 200);
});

test("five wrong codes end the waiting log-in, and count as failed log-ins", async () => {
  // Bruno turns it on for himself (offered to everyone).
  const t = T0 + 100 * STEP;
  const cookie = await w.login(DEMO.bruno, DEMO_PASSWORD, { now: t });
  const start = await post("/api/me/two-factor", { password: DEMO_PASSWORD }, cookie, t);
  assert.equal((await post("/api/me/two-factor/confirm", { code: totp(start.data.secret, t) }, cookie, t)).status, 200);
  const t1 = t + 10 * STEP;
  const { data } = await password(DEMO.bruno, t1);
  for (let i = 0; i < 5; i++) {
    assert.equal((await post("/api/auth/two-factor", { challenge: data.challenge, code: "111111" }, undefined, t1)).status, 422);
  }
  // The sixth try, even with the right code, finds no waiting log-in.
  const late = await post("/api/auth/two-factor", { challenge: data.challenge, code: totp(start.data.secret, t1) }, undefined, t1);
  assert.equal(late.data.error.code, "challenge_invalid");
  const failures = await w.db.prepare("SELECT COUNT(*) AS n FROM login_failures").first();
  assert.ok(failures.n >= 5);
  // Five wrong codes in a row: whatever the device or the waiting log-in, the next code waits a minute (then longer),
  // even a right one.
  const elsewhere1 = await w.fetch("/api/auth/login", { method: "POST", json: { email: DEMO.bruno, password: DEMO_PASSWORD }, now: t1, ip: "198.51.100.9" });
  const held = await post("/api/auth/two-factor", { challenge: elsewhere1.data.challenge, code: totp(start.data.secret, t1) }, undefined, t1);
  assert.equal(held.status, 429, held.text);
  assert.match(held.data.error.message, /Too many wrong codes/);
  const later = t1 + 61_000;
  const elsewhere2 = await w.fetch("/api/auth/login", { method: "POST", json: { email: DEMO.bruno, password: DEMO_PASSWORD }, now: later, ip: "198.51.100.10" });
  assert.equal((await post("/api/auth/two-factor", { challenge: elsewhere2.data.challenge, code: totp(start.data.secret, later) }, undefined, later)).status, 200);
  // And he may turn it off again, with a code: no session of his counts as having given a second factor after.
  const off = await w.fetch("/api/me/two-factor", { method: "DELETE", json: { code: totp(start.data.secret, later + STEP) }, cookie, now: later + STEP });
  assert.equal(off.status, 204, off.text);
  assert.equal((await w.db.prepare("SELECT COUNT(*) AS n FROM sessions WHERE user_id = ? AND second_factor = 1").bind(USERS.bruno).first()).n, 0);
  for (const table of ["two_factor", "recovery_codes"]) {
    assert.equal((await w.db.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE user_id = ?`).bind(USERS.bruno).first()).n, 0, table);
  }
  // The five wrong codes counted as failed log-ins: from the same address, the password now waits.
  const throttled = await w.fetch("/api/auth/login", { method: "POST", json: { email: DEMO.bruno, password: DEMO_PASSWORD }, now: later + 2 * STEP });
  assert.equal(throttled.status, 429);
  // Elsewhere, with two-factor off, the password alone logs in again.
  const elsewhere = await w.fetch("/api/auth/login", { method: "POST", json: { email: DEMO.bruno, password: DEMO_PASSWORD }, now: later + 2 * STEP, ip: "198.51.100.7" });
  assert.match(elsewhere.headers.get("set-cookie"), /__Host-tandem_session=/);
});

test("a session taken by someone else is no way to guess the password: five wrong ones, then a wait", async () => {
  const t = T0 + 1000 * STEP;
  const cookie = await w.login(DEMO.dev, DEMO_PASSWORD, { now: t });
  for (let i = 0; i < 5; i++) {
    assert.equal((await post("/api/me/two-factor", { password: `wrong guess ${i}` }, cookie, t)).status, 422);
  }
  const held = await post("/api/me/two-factor", { password: DEMO_PASSWORD }, cookie, t);
  assert.equal(held.status, 429);
  assert.equal((await w.db.prepare("SELECT COUNT(*) AS n FROM two_factor WHERE user_id = (SELECT id FROM users WHERE email = ?)").bind(DEMO.dev).first()).n, 0);
});
