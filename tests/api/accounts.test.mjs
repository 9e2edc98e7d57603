// Accounts: sign-up, verification, log-in, throttling, sessions, password reset and change, e-mail change.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startWorker, DEMO, DEMO_PASSWORD } from "../support/worker.mjs";

const MIN = 60_000;
let w;
before(async () => (w = await startWorker()));
after(async () => w.dispose());

const register = (json, opts = {}) => w.fetch("/api/auth/register", { method: "POST", json, ...opts });
const users = (email) => w.count("SELECT COUNT(*) FROM users WHERE email = ?", email);

async function newVerifiedUser(email, password = "a long passphrase 42") {
  assert.equal((await register({ email, display_name: "Test Person", password })).status, 202);
  const token = await w.mailedToken(email);
  assert.equal((await w.fetch("/api/auth/verify", { method: "POST", json: { token } })).status, 200);
  return password;
}

describe("sign-up", () => {
  test("registers, mails a link, and the link verifies the address once", async () => {
    const r = await register({ email: "New.Person@Example.org", display_name: "  New Person ", password: "a long passphrase 42" });
    assert.equal(r.status, 202);
    const mail = await w.lastMail("new.person@example.org");
    assert.match(mail.subject, /Confirm your e-mail/);
    // What is stored holds no usable link; the mail as sent does.
    assert.doesNotMatch(mail.body, /[0-9a-f]{32}/);
    assert.match((await w.delivered(mail.id)).body, /http:\/\/tandem\.test\/verify#token=[0-9a-f]{64}\n/);
    const row = await w.db.prepare("SELECT display_name, email_verified_at FROM users WHERE email = ?").bind("new.person@example.org").first();
    assert.equal(row.display_name, "New Person");
    assert.equal(row.email_verified_at, null);
    // Not verified yet: log-in is refused with a reason the person can act on.
    const early = await w.fetch("/api/auth/login", { method: "POST", json: { email: "new.person@example.org", password: "a long passphrase 42" } });
    assert.equal(early.status, 403);
    assert.equal(early.data.error.code, "email_unverified");
    const token = await w.mailedToken("new.person@example.org");
    assert.equal((await w.fetch("/api/auth/verify", { method: "POST", json: { token } })).status, 200);
    const again = await w.fetch("/api/auth/verify", { method: "POST", json: { token } });
    assert.equal(again.status, 400);
    assert.equal(again.data.error.code, "token_invalid");
    assert.ok(await w.login("new.person@example.org", "a long passphrase 42"));
  });

  test("an address already registered gets the same answer, and its owner a notice", async () => {
    const r = await register({ email: DEMO.anna, display_name: "Impostor", password: "another passphrase 7" });
    assert.equal(r.status, 202);
    assert.deepEqual(r.data, { ok: true });
    assert.equal(await users(DEMO.anna), 1);
    assert.match((await w.lastMail(DEMO.anna)).subject, /already have a Tandem account/);
    // Anna's password is unchanged.
    assert.ok(await w.login(DEMO.anna));
  });

  test("bad input is a 422 naming the field, and nothing is stored", async () => {
    const cases = [
      [{ email: "not-an-email", display_name: "X", password: "a long passphrase 42" }, "email", "email_invalid"],
      [{ email: "", display_name: "X", password: "a long passphrase 42" }, "email", "required"],
      [{ email: "bad1@example.org", display_name: "", password: "a long passphrase 42" }, "display_name", "required"],
      [{ email: "bad2@example.org", display_name: "x".repeat(81), password: "a long passphrase 42" }, "display_name", "text_too_long"],
      [{ email: "bad3@example.org", display_name: "X", password: "short" }, "password", "password_too_short"],
      [{ email: "bad4@example.org", display_name: "X", password: "p".repeat(129) }, "password", "password_too_long"],
      [{ email: "bad5@example.org", display_name: "X", password: "Password123" }, "password", "password_common"],
      [{ email: "bad6@example.org", display_name: "X", password: "iloveyou" }, "password", "password_common"],
    ];
    for (const [json, field, code] of cases) {
      const r = await register(json);
      assert.equal(r.status, 422, JSON.stringify(json));
      assert.deepEqual([r.data.error.field, r.data.error.code], [field, code]);
      assert.ok(r.data.error.message.length > 10);
      if (json.email) assert.equal(await users(json.email), 0);
    }
  });

  test("malformed bodies are refused clearly", async () => {
    const notJson = await w.fetch("/api/auth/register", { method: "POST", body: "{oops", headers: { "content-type": "application/json" } });
    assert.equal(notJson.status, 400);
    assert.equal(notJson.data.error.code, "invalid_json");
    const wrongType = await w.fetch("/api/auth/register", { method: "POST", body: "email=a", headers: { "content-type": "application/x-www-form-urlencoded" } });
    assert.equal(wrongType.status, 415);
    const huge = await register({ email: "big@example.org", display_name: "x".repeat(70_000), password: "a long passphrase 42" });
    assert.equal(huge.status, 413);
    assert.equal(await users("big@example.org"), 0);
  });
});

describe("log-in", () => {
  test("sets a __Host- session cookie, HttpOnly, Secure, SameSite, and /api/me knows the user", async () => {
    const r = await w.fetch("/api/auth/login", { method: "POST", json: { email: DEMO.carla, password: DEMO_PASSWORD } });
    assert.equal(r.status, 200);
    const cookie = r.headers.get("set-cookie");
    assert.match(cookie, /^__Host-tandem_session=[0-9a-f]{64}; Path=\/; Secure; HttpOnly; SameSite=Lax/);
    assert.doesNotMatch(cookie, /Domain=/);
    const token = cookie.split(";")[0].split("=")[1];
    // Only the token's hash is stored.
    assert.equal(await w.count("SELECT COUNT(*) FROM sessions WHERE token_hash = ?", token), 0);
    const me = await w.fetch("/api/me", { cookie: cookie.split(";")[0] });
    assert.equal(me.data.user.email, DEMO.carla);
    assert.equal(me.data.communities[0].name, "Demo Community");
  });

  test("wrong password and unknown e-mail give the same answer", async () => {
    const wrong = await w.fetch("/api/auth/login", { method: "POST", json: { email: DEMO.dev, password: "wrong password!" }, ip: "198.51.100.7" });
    const unknown = await w.fetch("/api/auth/login", { method: "POST", json: { email: "nobody@example.org", password: "wrong password!" }, ip: "198.51.100.8" });
    assert.equal(wrong.status, 401);
    assert.deepEqual(wrong.data, unknown.data);
    assert.equal(wrong.data.error.code, "invalid_credentials");
  });

  const login = (email, password, opts = {}) => w.fetch("/api/auth/login", { method: "POST", json: { email, password }, ...opts });
  /** People with the demo password, made directly in the database (fast), verified. */
  async function people(prefix, n) {
    const emails = Array.from({ length: n }, (_, i) => `${prefix}${i}@example.org`);
    await w.db.batch(emails.map((e, i) => w.db.prepare(
      "INSERT INTO users (id, email, display_name, password_hash, email_verified_at, created_at, updated_at) " +
      "SELECT printf('%012x', ?3) || lower(hex(randomblob(8))), ?1, ?2, password_hash, 1, 1, 1 FROM users WHERE email = ?4",
    ).bind(e, `Person ${i}`, Date.now() + i, DEMO.carla)));
    return emails;
  }

  test("behind one shared address, one person failing 10 times holds back nobody else", async () => {
    const ip = "198.51.100.30";
    const [eve, ...others] = await people("school", 30);
    for (let i = 0; i < 10; i++) {
      const r = await login(eve, `wrong ${i}`, { ip });
      assert.ok([401, 429].includes(r.status));
    }
    const held = await login(eve, DEMO_PASSWORD, { ip });
    assert.equal(held.status, 429);
    assert.equal(held.data.error.code, "rate_limited");
    const wait = Number(held.headers.get("retry-after"));
    assert.ok(wait > 800 && wait <= 900, `Retry-After ${wait}`);
    assert.match(held.data.error.message, /Wait 1[45] minutes/);
    for (const email of others) assert.equal((await login(email, DEMO_PASSWORD, { ip })).status, 200, email);
    // After the window, the right password works again for her too.
    assert.equal((await login(eve, DEMO_PASSWORD, { ip, now: Date.now() + 16 * MIN })).status, 200);
  });

  test("an attacker's 50 failures on an account do not stop its owner's known browser", async () => {
    const [owner] = await people("owner", 1);
    const first = await login(owner, DEMO_PASSWORD, { ip: "203.0.113.50" });
    assert.equal(first.status, 200);
    const device = /__Host-tandem_device=([0-9a-f]{64}); Path=\/; Secure; HttpOnly; SameSite=Strict/.exec(first.headers.get("set-cookie"));
    assert.ok(device, "a device cookie is set at log-in");
    // Only its hash is stored.
    assert.equal(await w.count("SELECT COUNT(*) FROM trusted_devices WHERE token_hash = ?", device[1]), 0);
    for (let i = 0; i < 50; i++) await login(owner, `guess ${i}`, { ip: `192.0.2.${i + 1}` });
    // A browser that never logged in waits...
    assert.equal((await login(owner, DEMO_PASSWORD, { ip: "203.0.113.51" })).status, 429);
    // ...the owner's does not, from any address.
    const known = await login(owner, DEMO_PASSWORD, { ip: "203.0.113.52", cookie: `__Host-tandem_device=${device[1]}` });
    assert.equal(known.status, 200);
    // Not even a spray from the owner's own address holds the known browser back.
    for (let i = 0; i < 100; i++) await login(`spray.${i}@example.org`, "Summer2026!", { ip: "203.0.113.52" });
    assert.equal((await login(owner, DEMO_PASSWORD, { ip: "203.0.113.52", cookie: `__Host-tandem_device=${device[1]}` })).status, 200);
    // A forged device cookie is just an unknown browser.
    assert.equal((await login(owner, DEMO_PASSWORD, { ip: "203.0.113.53", cookie: `__Host-tandem_device=${"e".repeat(64)}` })).status, 429);
  });

  test("a password spray from one address is slowed", async () => {
    const ip = "198.51.100.99";
    let refused = 0;
    for (let i = 0; i < 110; i++) {
      const r = await login(`sprayed${i}@example.org`, "Summer2026!", { ip });
      if (r.status === 429) refused++;
    }
    assert.ok(refused >= 10, `refused ${refused}`);
    // Someone else at another address is untouched.
    assert.ok(await w.login(DEMO.coordinator, DEMO_PASSWORD, { ip: "198.51.100.98" }));
  });

  test("log-out ends the session", async () => {
    const c = await w.login(DEMO.dev);
    const out = await w.fetch("/api/auth/logout", { method: "POST", cookie: c });
    assert.equal(out.status, 204);
    assert.match(out.headers.get("set-cookie"), /Max-Age=0/);
    assert.equal((await w.fetch("/api/me", { cookie: c })).status, 401);
  });

  test("sessions end after 3 idle days or 30 days in all", async () => {
    const t0 = Date.now();
    const c = await w.login(DEMO.anna, DEMO_PASSWORD, { now: t0 });
    assert.equal((await w.fetch("/api/me", { cookie: c, now: t0 + 2 * 24 * 60 * MIN })).status, 200);
    assert.equal((await w.fetch("/api/me", { cookie: c, now: t0 + 4 * 24 * 60 * MIN })).status, 200, "used at day 2, so day 4 is within 3 idle days");
    assert.equal((await w.fetch("/api/me", { cookie: c, now: t0 + 8 * 24 * 60 * MIN })).status, 401);
  });

  test("a user lists their sessions and ends one", async () => {
    const a = await w.login(DEMO.carla, DEMO_PASSWORD, { headers: { "user-agent": "Phone A" } });
    const b = await w.login(DEMO.carla, DEMO_PASSWORD, { headers: { "user-agent": "Laptop B" } });
    const list = await w.fetch("/api/me/sessions", { cookie: a });
    const mine = list.data.items.find((s) => s.current);
    const other = list.data.items.find((s) => s.user_agent === "Laptop B");
    assert.equal(mine.user_agent, "Phone A");
    assert.equal((await w.fetch(`/api/me/sessions/${other.id}`, { method: "DELETE", cookie: a })).status, 204);
    assert.equal((await w.fetch("/api/me", { cookie: b })).status, 401);
    assert.equal((await w.fetch("/api/me", { cookie: a })).status, 200);
    // Someone else's session id is "not found".
    const dev = await w.login(DEMO.dev);
    assert.equal((await w.fetch(`/api/me/sessions/${mine.id}`, { method: "DELETE", cookie: dev })).status, 404);
  });
});

describe("password reset", () => {
  test("a one-time link valid for 15 minutes sets the password and ends every session", async () => {
    await newVerifiedUser("reset.me@example.org");
    const old = await w.login("reset.me@example.org", "a long passphrase 42");
    assert.equal((await w.fetch("/api/auth/forgot", { method: "POST", json: { email: "reset.me@example.org" } })).status, 202);
    const token = await w.mailedToken("reset.me@example.org");
    const weak = await w.fetch("/api/auth/reset", { method: "POST", json: { token, password: "12345678" } });
    assert.equal(weak.status, 422);
    const ok = await w.fetch("/api/auth/reset", { method: "POST", json: { token, password: "a brand new passphrase" } });
    assert.equal(ok.status, 200);
    assert.equal((await w.fetch("/api/me", { cookie: old })).status, 401);
    const reuse = await w.fetch("/api/auth/reset", { method: "POST", json: { token, password: "yet another passphrase" } });
    assert.equal(reuse.data.error.code, "token_invalid");
    assert.ok(await w.login("reset.me@example.org", "a brand new passphrase"));
  });

  test("the link expires after 15 minutes", async () => {
    await newVerifiedUser("slow.reset@example.org");
    const t0 = Date.now();
    await w.fetch("/api/auth/forgot", { method: "POST", json: { email: "slow.reset@example.org" }, now: t0 });
    const token = await w.mailedToken("slow.reset@example.org");
    const late = await w.fetch("/api/auth/reset", { method: "POST", json: { token, password: "a brand new passphrase" }, now: t0 + 15 * MIN + 1 });
    assert.equal(late.status, 400);
    assert.equal(late.data.error.code, "token_invalid");
    assert.ok(await w.login("slow.reset@example.org", "a long passphrase 42"));
  });

  test("unknown addresses get the same answer and no mail", async () => {
    const r = await w.fetch("/api/auth/forgot", { method: "POST", json: { email: "nobody.here@example.org" } });
    assert.equal(r.status, 202);
    assert.equal(await w.lastMail("nobody.here@example.org"), null);
    const bad = await w.fetch("/api/auth/reset", { method: "POST", json: { token: "../../etc", password: "a brand new passphrase" } });
    assert.equal(bad.data.error.code, "token_invalid");
  });
});

describe("changing the password and the e-mail", () => {
  test("change password asks for the current one and ends the other sessions", async () => {
    await newVerifiedUser("changer@example.org");
    const here = await w.login("changer@example.org", "a long passphrase 42");
    const there = await w.login("changer@example.org", "a long passphrase 42");
    const wrong = await w.fetch("/api/me/password", { method: "POST", cookie: here, json: { current_password: "not it at all", new_password: "a different passphrase" } });
    assert.equal(wrong.status, 422);
    assert.deepEqual([wrong.data.error.field, wrong.data.error.code], ["current_password", "password_wrong"]);
    const ok = await w.fetch("/api/me/password", { method: "POST", cookie: here, json: { current_password: "a long passphrase 42", new_password: "a different passphrase" } });
    assert.equal(ok.status, 200);
    assert.equal((await w.fetch("/api/me", { cookie: here })).status, 200);
    assert.equal((await w.fetch("/api/me", { cookie: there })).status, 401);
    assert.match((await w.lastMail("changer@example.org")).subject, /password was changed/);
  });

  test("change e-mail re-authenticates, confirms by a link to the new address and tells the old one", async () => {
    await newVerifiedUser("old.address@example.org");
    const c = await w.login("old.address@example.org", "a long passphrase 42");
    const noPw = await w.fetch("/api/me/email", { method: "POST", cookie: c, json: { password: "wrong wrong", new_email: "new.address@example.org" } });
    assert.equal(noPw.data.error.code, "password_wrong");
    const r = await w.fetch("/api/me/email", { method: "POST", cookie: c, json: { password: "a long passphrase 42", new_email: "New.Address@example.org" } });
    assert.equal(r.status, 202);
    const token = await w.mailedToken("new.address@example.org");
    assert.equal((await w.fetch("/api/auth/confirm-email", { method: "POST", json: { token } })).status, 200);
    assert.equal((await w.fetch("/api/me", { cookie: c })).data.user.email, "new.address@example.org");
    assert.match((await w.lastMail("old.address@example.org")).subject, /e-mail address was changed/);
  });

  test("an address taken meanwhile is a conflict and changes nothing", async () => {
    await newVerifiedUser("taker@example.org");
    const c = await w.login("taker@example.org", "a long passphrase 42");
    await w.fetch("/api/me/email", { method: "POST", cookie: c, json: { password: "a long passphrase 42", new_email: "soon.taken@example.org" } });
    const token = await w.mailedToken("soon.taken@example.org");
    await newVerifiedUser("soon.taken@example.org");
    const r = await w.fetch("/api/auth/confirm-email", { method: "POST", json: { token } });
    assert.deepEqual([r.status, r.data.error.code], [409, "email_taken"]);
    assert.equal((await w.fetch("/api/me", { cookie: c })).data.user.email, "taker@example.org");
  });
});

describe("outgoing e-mail", () => {
  test("is delivered once (printed locally) and marked sent", async () => {
    await register({ email: "mailbox@example.org", display_name: "Mailbox", password: "a long passphrase 42" });
    let row;
    for (let i = 0; i < 50; i++) {
      row = await w.lastMail("mailbox@example.org");
      if (row.status === "sent") break;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(row.status, "sent");
    assert.equal(row.attempts, 1);
    await w.cron();
    assert.equal((await w.lastMail("mailbox@example.org")).attempts, 1, "not sent twice");
  });

  test("a failing provider leaves the mail pending with its error, retried later with backoff", async () => {
    const broken = await startWorker({ vars: { EMAIL_PROVIDER: "resend" } });
    try {
      await broken.fetch("/api/auth/forgot", { method: "POST", json: { email: DEMO.carla } });
      let row;
      for (let i = 0; i < 50; i++) {
        row = await broken.lastMail(DEMO.carla);
        if (row.attempts > 0 && row.last_error) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      assert.equal(row.status, "pending");
      assert.match(row.last_error, /EMAIL_API_KEY/);
      assert.ok(row.next_attempt_at > Date.now() + 60_000);
      await broken.cron();
      // (The cron's daily pass may queue other mail to Carla: this one is read by its id.)
      const again = await broken.db.prepare("SELECT attempts FROM outbox WHERE id = ?").bind(row.id).first();
      assert.equal(again.attempts, 1, "not retried before its time");
    } finally {
      await broken.dispose();
    }
  });
});

describe("mail flooding", () => {
  test("mail a stranger can trigger is capped at 3 per 15 minutes per address, and the person is told to wait", async () => {
    const t0 = Date.now() + 3600_000;
    for (const email of [DEMO.coordinator, "no.account.here@example.org"]) {
      const count = () => w.count("SELECT COUNT(*) FROM outbox WHERE to_email = ? AND created_at >= ?", email, t0);
      const before = await count();
      for (let i = 0; i < 3; i++) {
        assert.equal((await w.fetch("/api/auth/forgot", { method: "POST", json: { email }, now: t0 + i * 1000 })).status, 202);
      }
      const held = await w.fetch("/api/auth/forgot", { method: "POST", json: { email }, now: t0 + 5000 });
      // The same answer whether or not the address has an account.
      assert.equal(held.status, 429, email);
      assert.equal(held.data.error.field, "email");
      assert.match(held.data.error.message, /Wait 15 minutes/);
      assert.equal(Number(held.headers.get("retry-after")), 15 * 60 - 5);
      const resend = await w.fetch("/api/auth/resend-verification", { method: "POST", json: { email }, now: t0 + 6000 });
      assert.equal(resend.status, 429);
      assert.equal(await count(), before + (email === DEMO.coordinator ? 3 : 0));
      assert.equal((await w.fetch("/api/auth/forgot", { method: "POST", json: { email }, now: t0 + 16 * MIN })).status, 202);
    }
  });

  test("a stranger's requests use up neither the owner's nor the links already sent", async () => {
    const t0 = Date.now() + 2 * 3600_000;
    const owner = "owned@example.org";
    await newVerifiedUser(owner);
    await w.fetch("/api/auth/forgot", { method: "POST", json: { email: owner }, ip: "198.51.100.61", now: t0 });
    const sent = await w.mailedToken(owner);
    for (let i = 0; i < 3; i++) await w.fetch("/api/auth/forgot", { method: "POST", json: { email: owner }, ip: "192.0.2.66", now: t0 + 1000 + i });
    assert.equal((await w.fetch("/api/auth/forgot", { method: "POST", json: { email: owner }, ip: "192.0.2.66", now: t0 + 2000 })).status, 429);
    // The owner, from their own address, is not held back, and the link they already had still works.
    assert.equal((await w.fetch("/api/auth/forgot", { method: "POST", json: { email: owner }, ip: "198.51.100.61", now: t0 + 3000 })).status, 202);
    assert.equal((await w.fetch("/api/auth/reset", { method: "POST", json: { token: sent, password: "my own passphrase 9" }, now: t0 + 4000 })).status, 200);
  });

  test("notifications never crowd out a reset link", async () => {
    const now = Date.now();
    // Three notifications just went to Dev.
    await w.db.batch([1, 2, 3].map((i) => w.db.prepare(
      "INSERT INTO outbox (id, to_email, subject, body, status, attempts, next_attempt_at, created_at, sent_at) VALUES (?1, ?2, 'Notice', 'Something happened', 'sent', 1, ?3, ?3, ?3)",
    ).bind(`00000000000000000000000000n${i}`, DEMO.dev, now)));
    const r = await w.fetch("/api/auth/forgot", { method: "POST", json: { email: DEMO.dev } });
    assert.equal(r.status, 202);
    const token = await w.mailedToken(DEMO.dev);
    assert.match(token, /^[0-9a-f]{64}$/);
  });
});

describe("one-time links are seen by their owner only", () => {
  test("an admin reading the outbox cannot take over an account, and every look is audited", async () => {
    const victim = "victim@example.org";
    await newVerifiedUser(victim);
    assert.equal((await w.fetch("/api/auth/forgot", { method: "POST", json: { email: victim } })).status, 202);
    const sent = await w.mailedToken(victim);
    assert.ok(sent, "the victim's mailbox has the link");
    const admin = await w.login(DEMO.admin);
    const looks = () => w.count("SELECT COUNT(*) FROM audit_log WHERE action = 'outbox.view'");
    const before = await looks();
    const view = await w.fetch("/api/admin/outbox?limit=100", { cookie: admin });
    assert.equal(view.status, 200);
    assert.equal(await looks(), before + 1);
    const text = JSON.stringify(view.data);
    // Delivered, its body has left the outbox (a queued one holds only a slot for the secret: see "sign-up").
    assert.ok(view.data.items.some((m) => m.to_email === victim && m.status === "sent" && m.body === ""));
    assert.doesNotMatch(text, /[0-9a-f]{40}/, "nothing shaped like a secret");
    // Nor does anything stored in D1 hold the secret.
    for (const table of ["outbox", "outbox_links", "email_tokens", "audit_log"]) {
      const rows = await w.db.prepare(`SELECT * FROM ${table}`).all();
      assert.ok(!JSON.stringify(rows.results).includes(sent), table);
    }
    // Every hex string an admin could see is refused as a token.
    for (const m of text.matchAll(/[0-9a-f]{64}/g)) {
      assert.equal((await w.fetch("/api/auth/reset", { method: "POST", json: { token: m[0], password: "taken over 12345" } })).status, 400);
    }
    assert.equal((await w.fetch("/api/auth/reset", { method: "POST", json: { token: sent, password: "my own new passphrase" } })).status, 200);
  });

  test("the local mailbox exists only on a developer's machine with the console provider", async () => {
    const here = await w.fetch("/api/local/mailbox");
    assert.equal(here.status, 200);
    assert.equal(here.data.local, true);
    assert.ok(here.data.items.some((m) => /#token=[0-9a-f]{64}/.test(m.body)));
    // Asked through another name for this machine (DNS rebinding), it is not there either.
    const served = await startWorker({ http: true });
    try {
      const { request } = await import("node:http");
      const u = new URL(served.url);
      const status = (host) => new Promise((resolve, reject) => {
        request({ host: u.hostname, port: u.port, path: "/api/local/mailbox", headers: { host } }, (res) => { res.resume(); resolve(res.statusCode); })
          .on("error", reject).end();
      });
      assert.equal(await status(u.host), 200);
      assert.equal(await status("evil.example"), 404);
    } finally {
      await served.dispose();
    }
    for (const vars of [{ APP_URL: "https://tandem.example.org" }, { EMAIL_PROVIDER: "resend" }, { LOCAL_MAILBOX: "" }, { APP_URL: "http://staging.tandem.test", LOCAL_MAILBOX: "" }]) {
      const other = await startWorker({ vars });
      try {
        await other.fetch("/api/auth/forgot", { method: "POST", json: { email: DEMO.carla } });
        assert.equal((await other.fetch("/api/local/mailbox")).status, 404, JSON.stringify(vars));
        assert.equal(await other.count("SELECT COUNT(*) FROM local_mailbox"), 0);
      } finally {
        await other.dispose();
      }
    }
  });

  test("links follow APP_URL, never the request's Host, and without APP_URL Tandem refuses to run", async () => {
    // A provider that fails (no API key), so the mail stays queued with its body (a delivered one leaves the outbox's).
    const deployed = await startWorker({ vars: { APP_URL: "https://tandem.example.org", EMAIL_PROVIDER: "resend" } });
    try {
      await deployed.fetch("/api/auth/forgot", { method: "POST", json: { email: DEMO.carla }, headers: { host: "evil.example", "x-forwarded-host": "evil.example" } });
      const m = await deployed.lastMail(DEMO.carla);
      assert.match(m.body, /https:\/\/tandem\.example\.org\/reset#token=/);
      assert.doesNotMatch(m.body, /evil/);
    } finally {
      await deployed.dispose();
    }
    const bare = await startWorker({ vars: { APP_URL: "" } });
    try {
      for (const path of ["/api/health", "/api/auth/forgot"]) {
        const post = path.endsWith("forgot");
        const r = await bare.fetch(path, post ? { method: "POST", json: { email: DEMO.carla } } : {});
        assert.equal(r.status, 503);
        assert.equal(r.data.error.code, "not_configured");
        assert.match(r.data.error.message, /APP_URL/);
      }
      assert.equal(await bare.count("SELECT COUNT(*) FROM outbox"), 0);
    } finally {
      await bare.dispose();
    }
  });
});

describe("an account's own mails", () => {
  test("go out in the reader's language, the link's secret still made at sending", async () => {
    const carla = await w.login(DEMO.carla);
    assert.equal((await w.fetch("/api/me/preferences", { method: "PUT", cookie: carla, json: { language: "it" } })).status, 200);
    await w.fetch("/api/auth/forgot", { method: "POST", json: { email: DEMO.carla } });
    const queued = await w.lastMail(DEMO.carla);
    // Queued in English, with the reader's language and what it is made of; sent in Italian.
    assert.equal(queued.subject, "Reset your Tandem password");
    const sent = await w.delivered(queued.id);
    assert.equal(sent.subject, "Reimposta la password di Tandem");
    assert.match(sent.body, /Apri questo link entro 15 minuti/);
    assert.match(sent.body, /\/reset#token=[A-Za-z0-9_-]{20,}/);
    // A new account's verification mail goes out in the language of the page it signed up on.
    assert.equal((await register({ email: "ana@example.org", display_name: "Ana", password: "a long passphrase 42", language: "pt" })).status, 202);
    const welcome = await w.delivered((await w.lastMail("ana@example.org")).id);
    assert.equal(welcome.subject, "Confirme o seu endereço de e-mail para o Tandem");
    assert.equal((await register({ email: "bo@example.org", display_name: "Bo", password: "a long passphrase 42", language: "xx" })).status, 422);
    // An address without an account of another language reads English.
    await w.fetch("/api/auth/forgot", { method: "POST", json: { email: DEMO.dev } });
    const en = await w.delivered((await w.lastMail(DEMO.dev)).id);
    assert.equal(en.subject, "Reset your Tandem password");
  });
});
