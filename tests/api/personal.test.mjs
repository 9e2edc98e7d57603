// Personal data (#14): a person's export (once a day, written by the cron a page at a time, downloaded by its owner
// only) and their erasure (refused while others depend on them, cancelled by logging in, and then without a trace:
// no table, no project space and no R2 object holds their e-mail address, name or words).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startWorker, DEMO, USERS, PROJECTS, DEMO_PASSWORD, DEMO_COMMUNITY } from "../support/worker.mjs";
import { seedProcess } from "../../demo/process.mjs";

let w;
before(async () => (w = await startWorker()));
after(async () => w.dispose());

const P = PROJECTS.annaCarla;
const CHAT = "Carla's chat words: a plan with the lighthouse keeper";
const PRIVATE = "Carla's private words: the interview on Thursday";
const PROFILE = "Carla's profile words: I collect old maps";
const CV = "Carla's CV words: three summers at the harbour";
const TOPIC = "Carla's topic words: the harbour office's interview";
const REACHED = "Carla's report words: an offer from the harbour office";
const CLOSING = "Anna's closing words: keep the peer group going";
const COMMENT = "A good start, Carla. Keep the list short and specific"; // the demo's diary comment, by Anna
const DRAFT = "Carla's library words: a reading list for harbour clerks";
const ANNA_TOPIC = "Getting to know each other, the contract and the goals"; // a session Anna planned in the demo

async function cronUntil(done, times = 10) {
  for (let i = 0; i < times; i++) {
    await w.cron();
    if (await done()) return;
  }
  throw new Error("the cron did not finish");
}

/** Everything the platform holds, as text: every D1 table, every project space, every R2 object. */
async function everything() {
  const parts = [];
  const tables = await w.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' AND name NOT LIKE '_cf%' AND name NOT LIKE 'd1_%'").all();
  for (const { name } of tables.results) {
    const rows = await w.db.prepare(`SELECT * FROM "${name}"`).all();
    parts.push(`${name}: ${JSON.stringify(rows.results)}`);
  }
  const ns = await w.mf.getDurableObjectNamespace("PROJECT_SPACE");
  const projects = await w.db.prepare("SELECT id FROM projects").all();
  for (const { id } of projects.results) {
    const res = await ns.get(ns.idFromName(id)).fetch("https://space/test/dump", { method: "POST", headers: { "x-project-id": id } });
    parts.push(`space ${id}: ${await res.text()}`);
  }
  const bucket = await w.bucket();
  let cursor;
  do {
    const listed = await bucket.list({ cursor, limit: 500 });
    for (const o of listed.objects) parts.push(`r2 ${o.key}: ${await (await bucket.get(o.key)).text()}`);
    cursor = listed.truncated ? listed.cursor : undefined;
  } while (cursor);
  return parts.join("\n");
}

/** Each of `words` is somewhere on the platform (so that `gone` can fail). */
async function held(words) {
  const all = await everything();
  for (const s of words) assert.ok(all.includes(JSON.stringify(s).slice(1, -1)), `before: ${s}`);
}

/** None of `words` is anywhere: no table, no project space, no R2 object. */
async function gone(words) {
  const all = await everything();
  for (const s of words) {
    const at = all.indexOf(JSON.stringify(s).slice(1, -1));
    assert.equal(at, -1, `${s} is still in: ${all.slice(Math.max(0, at - 300), at + 100)}`);
  }
}

/** The audit entries archived in R2, by id. */
async function archivedAudit() {
  const bucket = await w.bucket();
  const out = {};
  for (const o of (await bucket.list({ prefix: "archive/audit/" })).objects) {
    for (const line of (await (await bucket.get(o.key)).text()).split("\n").filter(Boolean)) {
      const e = JSON.parse(line);
      out[e.id] = e;
    }
  }
  return out;
}

let carla;
test("Carla writes in her project and her profile", async () => {
  // The demo's process: a contract in force signed by Anna, Carla and the coordinator (filed as Contract.md, with
  // their names), goals, sessions and diaries.
  assert.equal(await seedProcess((path, opts) => w.fetch(path, opts)), true);
  carla = await w.login(DEMO.carla);
  const chat = await w.fetch(`/api/projects/${P}/chat/messages`, { method: "POST", json: { client_id: "carla-chat-1", text: CHAT }, cookie: carla });
  assert.equal(chat.status, 200, chat.text);
  const pm = await w.fetch(`/api/projects/${P}/messages`, { method: "POST", json: { to: USERS.anna, subject: "Thursday", body: PRIVATE }, cookie: carla });
  assert.equal(pm.status, 201, pm.text);
  const profile = await w.fetch("/api/me/profile", { method: "PUT", json: { presentation: PROFILE }, cookie: carla });
  assert.equal(profile.status, 200, profile.text);
  const cv = await w.fetch("/api/me/cv", { method: "PUT", body: Buffer.from(`%PDF-1.4\n${CV}\n`), cookie: carla, headers: { "x-file-name": "cv.pdf", "content-type": "application/pdf" } });
  assert.equal(cv.status, 200, cv.text);
  const consent = await w.fetch("/api/me/research-consent", { method: "PUT", json: { given: true }, cookie: carla });
  assert.deepEqual(consent.data, { research_consent: true });
  const anna = await w.login(DEMO.anna);
  const reply = await w.fetch(`/api/projects/${P}/chat/messages`, { method: "POST", json: { client_id: "anna-chat-1", text: "Anna's answer" }, cookie: anna });
  assert.equal(reply.status, 200, reply.text);
  // A new topic Carla proposes for the planned session, and the final report: her section, Anna's closing words,
  // filed as Final report.md with both their names, and shared with the coordinator.
  const plan = await w.fetch(`/api/projects/${P}/sessions`, { cookie: carla });
  const next = plan.data.sessions.find((s) => s.state === "planned");
  const proposed = await w.fetch(`/api/projects/${P}/sessions/${next.id}/proposals`, { method: "POST", json: { topic: TOPIC }, cookie: carla });
  assert.ok(proposed.status < 300, proposed.text);
  const report = (cookie, json, path = "") => w.fetch(`/api/projects/${P}/report${path}`, { method: path ? "POST" : "PUT", json, cookie });
  assert.equal((await report(carla, { reached: REACHED })).status, 200);
  assert.equal((await report(carla, { action: "approve" }, "/actions")).status, 200);
  assert.equal((await report(anna, { mentor: CLOSING })).status, 200);
  assert.equal((await report(anna, { action: "add_mentor" }, "/actions")).status, 200);
  const reached = `## What has been reached\n\n${REACHED}\n`;
  const doc = `# Final report of Carla Esposito, with Anna Bianchi\n\n${reached}\n## The mentor's feedback\n\n${CLOSING}\n`;
  const filed = await report(carla, { action: "finalise", document: doc }, "/actions");
  assert.equal(filed.status, 200, filed.text);
  const shared = await report(carla, { action: "share", sections: ["reached"], text: reached }, "/actions");
  assert.equal(shared.status, 200, shared.text);
  // A draft for her community's library, never published.
  const draft = await w.fetch(`/api/communities/${DEMO_COMMUNITY}/library`, { method: "POST", json: { kind: "text", title: "Reading list", body: DRAFT, licence: "cc-by-4.0", languages: ["en"], client_key: "carla-draft" }, cookie: carla });
  assert.equal(draft.status, 201, draft.text);
  // Anna renames the filed contract: it is still Tandem's, and still goes.
  const root = await w.fetch(`/api/projects/${P}/files`, { cookie: anna });
  const contract = root.data.items.find((i) => i.name === "Contract.md");
  const renamed = await w.fetch(`/api/projects/${P}/files/${contract.id}`, { method: "PATCH", json: { name: "Our agreement.md" }, cookie: anna });
  assert.equal(renamed.status, 200, renamed.text);
  // Audit entries older than the year D1 keeps, archived to R2 by the cron: one by Carla, one on her account.
  await w.db.prepare("INSERT INTO audit_log (id, actor_id, action, target_type, target_id, before_json, after_json, at) VALUES ('0old-by-carla', ?1, 'community.join', 'community', 'c1', NULL, NULL, 1000), ('0old-on-carla', ?2, 'user.email', 'user', ?1, ?3, NULL, 1001)")
    .bind(USERS.carla, USERS.admin, JSON.stringify({ email: DEMO.carla })).run();
  await w.cron();
  assert.equal(await w.count("SELECT COUNT(*) FROM audit_log WHERE id LIKE '0old-%'"), 0, "archived");
});

test("an export: asked once a day, written by the cron, downloaded by its owner only", async () => {
  const none = await w.fetch("/api/me/export", { cookie: carla });
  assert.deepEqual(none.data, { export: null, next_at: null, research_consent: true });
  const asked = await w.fetch("/api/me/export", { method: "POST", cookie: carla });
  assert.equal(asked.status, 202, asked.text);
  assert.equal(asked.data.export.state, "working");
  const id = asked.data.export.id;
  // Twice in a day: refused, with when to ask again; nothing new is written.
  const again = await w.fetch("/api/me/export", { method: "POST", cookie: carla });
  assert.equal(again.status, 429);
  assert.equal(again.data.error.code, "export_once_a_day");
  assert.ok(Number(again.headers.get("retry-after")) > 80_000);
  assert.equal(await w.count("SELECT COUNT(*) FROM exports"), 1);

  await cronUntil(async () => (await w.fetch("/api/me/export", { cookie: carla })).data.export.state === "ready");
  const ready = (await w.fetch("/api/me/export", { cookie: carla })).data.export;
  assert.ok(ready.parts > 5, JSON.stringify(ready));
  assert.ok(ready.expires_at - ready.ready_at === 7 * 24 * 3600 * 1000);
  const mail = await w.db.prepare("SELECT * FROM outbox WHERE to_email = ? AND subject LIKE '%ready to download%'").bind(DEMO.carla).first();
  assert.ok(mail);
  assert.match(mail.body, /\/account\/data/);

  let all = "";
  for (let n = 1; n <= ready.parts; n++) {
    const r = await w.fetch(`/api/me/export/${id}?part=${n}`, { cookie: carla });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.data.part, n);
    all += r.text;
  }
  // What she wrote, where it lives: D1 (profile), the project's space (chat, private messages).
  for (const words of [CHAT, PRIVATE, PROFILE, DEMO.carla]) assert.ok(all.includes(JSON.stringify(words).slice(1, -1)), words);
  // Documents are links (the CV's); the consent to research is there.
  assert.ok(all.includes('"link":"/api/me/cv"'));
  assert.ok(all.includes('"table":"research_consents"'));
  // No secrets: no password hash, no session token hash, no storage key.
  assert.ok(!all.includes("argon2"));
  assert.ok(!all.includes("token_hash"));
  assert.ok(!all.includes("cv_key") && !all.includes("r2_key"));
  // Another person, or a part that is not there: nothing.
  const anna = await w.login(DEMO.anna);
  assert.equal((await w.fetch(`/api/me/export/${id}?part=1`, { cookie: anna })).status, 404);
  assert.equal((await w.fetch(`/api/me/export/${id}?part=${ready.parts + 1}`, { cookie: carla })).status, 404);
  assert.equal((await w.fetch(`/api/me/export/${id}?part=x`, { cookie: carla })).status, 422);
});

test("erasure is refused while others depend on the person, and for a wrong password", async () => {
  const anna = await w.login(DEMO.anna);
  const only = await w.fetch("/api/me", { method: "DELETE", json: { password: DEMO_PASSWORD }, cookie: anna });
  assert.equal(only.status, 409, only.text);
  assert.equal(only.data.error.code, "only_mentor");
  const admin = await w.login(DEMO.admin);
  const last = await w.fetch("/api/me", { method: "DELETE", json: { password: DEMO_PASSWORD }, cookie: admin });
  assert.equal(last.status, 409);
  assert.equal(last.data.error.code, "last_platform_admin");
  const wrong = await w.fetch("/api/me", { method: "DELETE", json: { password: "not it" }, cookie: carla });
  assert.equal(wrong.status, 422);
  assert.equal(wrong.data.error.field, "password");
  assert.equal(await w.count("SELECT COUNT(*) FROM erasures"), 0);
  assert.equal((await w.fetch("/api/me", { cookie: carla })).status, 200);
});

test("logging in within the 14 days cancels the erasure, and says so", async () => {
  const asked = await w.fetch("/api/me", { method: "DELETE", json: { password: DEMO_PASSWORD }, cookie: carla });
  assert.equal(asked.status, 200, asked.text);
  assert.ok(asked.data.erase_at > Date.now() + 13 * 24 * 3600 * 1000);
  assert.match(asked.headers.get("set-cookie"), /Max-Age=0/);
  assert.equal((await w.fetch("/api/me", { cookie: carla })).status, 401);
  const told = async (subject) => (await w.db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE to_email = ? AND subject = ?").bind(DEMO.carla, subject).first()).n;
  assert.equal(await told("Your Tandem account will be deleted"), 1);
  carla = await w.login(DEMO.carla);
  assert.equal(await w.count("SELECT COUNT(*) FROM erasures"), 0);
  assert.equal(await told("Your Tandem account will not be deleted"), 1);
  // Once the cron has begun an erasure (what others share changes first), logging in no longer cancels it.
  await w.db.prepare("INSERT INTO erasures (user_id, asked_at, due_at) VALUES (?, 0, ?)").bind(USERS.dev, Date.now() + 600_000).run();
  await w.login(DEMO.dev);
  assert.equal(await w.count("SELECT COUNT(*) FROM erasures WHERE user_id = ?", USERS.dev), 1);
  await w.db.prepare("DELETE FROM erasures WHERE user_id = ?").bind(USERS.dev).run();
});

test("after the erasure, nothing holds her address, her name or her words; the others' project stays", async () => {
  const asked = await w.fetch("/api/me", { method: "DELETE", json: { password: DEMO_PASSWORD }, cookie: carla });
  assert.equal(asked.status, 200, asked.text);
  const words = [DEMO.carla, "Carla Esposito", CHAT, PRIVATE, PROFILE, CV, TOPIC, REACHED, DRAFT];
  await held(words);
  // The cron erases her once the 14 days have passed.
  await w.db.prepare("UPDATE erasures SET due_at = 0").run();
  await cronUntil(async () => (await w.count("SELECT COUNT(*) FROM erasures")) === 0);
  await gone(words);
  // The archived audit keeps what was done, without her as its actor or her account's before and after.
  const archived = await archivedAudit();
  assert.equal(archived["0old-by-carla"].actor_id, null);
  assert.equal(archived["0old-by-carla"].action, "community.join");
  assert.deepEqual([archived["0old-on-carla"].actor_id, archived["0old-on-carla"].before_json], [USERS.admin, null]);
  // The contract and the report stay in the project (the generated documents went; their text named her).
  const annaNow = await w.login(DEMO.anna);
  const page = await w.fetch(`/api/projects/${P}`, { cookie: annaNow });
  assert.equal(page.status, 200, page.text);
  assert.deepEqual(page.data.members.find((m) => m.id === USERS.carla)?.display_name, "");
  assert.equal((await w.fetch(`/api/projects/${P}/contract`, { cookie: annaNow })).data.versions.length, 2);
  assert.equal((await w.fetch(`/api/projects/${P}/report`, { cookie: annaNow })).data.mentor, CLOSING);
  // She cannot log in; the audit keeps the action without an actor.
  const login = await w.fetch("/api/auth/login", { method: "POST", json: { email: DEMO.carla, password: DEMO_PASSWORD } });
  assert.equal(login.status, 401);
  const audit = await w.db.prepare("SELECT actor_id FROM audit_log WHERE action = 'user.erase'").first();
  assert.equal(audit.actor_id, null);
  // Anna's project keeps its structure: the chat's sequence numbers, her own words; Carla's message reads deleted.
  const anna = await w.login(DEMO.anna);
  const history = await w.fetch(`/api/projects/${P}/chat/messages?limit=100`, { cookie: anna });
  assert.equal(history.status, 200, history.text);
  const mine = history.data.messages.filter((m) => m.author.id === USERS.carla);
  assert.ok(mine.length >= 1);
  assert.ok(mine.every((m) => m.text === "" && m.author.display_name === "" && m.seq > 0));
  assert.ok(history.data.messages.some((m) => m.author.id === USERS.anna && m.text));
});

test("a mentor's erasure: her diary comments, closing words and planned sessions go; the project stays", async () => {
  const anna = await w.login(DEMO.anna);
  await held([DEMO.anna, "Anna Bianchi", CLOSING, COMMENT, ANNA_TOPIC]);
  let asked = await w.fetch("/api/me", { method: "DELETE", json: { password: DEMO_PASSWORD }, cookie: anna });
  assert.equal(asked.status, 409, "the only mentor of an active project");
  const done = await w.fetch(`/api/projects/${P}/actions`, { method: "POST", json: { action: "complete" }, cookie: anna });
  assert.equal(done.status, 200, done.text);
  asked = await w.fetch("/api/me", { method: "DELETE", json: { password: DEMO_PASSWORD }, cookie: anna });
  assert.equal(asked.status, 200, asked.text);
  await w.db.prepare("UPDATE erasures SET due_at = 0").run();
  await cronUntil(async () => (await w.count("SELECT COUNT(*) FROM erasures")) === 0);
  await gone([DEMO.anna, "Anna Bianchi", CLOSING, COMMENT, ANNA_TOPIC]);
  // The plan keeps its sessions (numbered, dated), without her words.
  const coord = await w.login(DEMO.coordinator);
  const project = await w.fetch(`/api/projects/${P}`, { cookie: coord });
  assert.equal(project.data.project.state, "completed");
});

test("a mentee's request waiting for a mentor ends with her erasure; the matching queue goes on", async () => {
  const dev = await w.login(DEMO.dev);
  assert.equal((await w.fetch("/api/me", { method: "DELETE", json: { password: DEMO_PASSWORD }, cookie: dev })).status, 200);
  await w.db.prepare("UPDATE erasures SET due_at = 0").run();
  await cronUntil(async () => (await w.count("SELECT COUNT(*) FROM erasures")) === 0);
  assert.equal(await w.count("SELECT state FROM projects WHERE id = ?", PROJECTS.devRequest), "cancelled");
  const coord = await w.login(DEMO.coordinator);
  const queue = await w.fetch(`/api/communities/${DEMO_COMMUNITY}/matching`, { cookie: coord });
  assert.equal(queue.status, 200, queue.text);
  assert.ok(!JSON.stringify(queue.data).includes(PROJECTS.devRequest));
});

test("when the day comes the refusals are checked again: an erasure that would leave no administrator is dropped", async () => {
  const admin = await w.login(DEMO.admin);
  const granted = await w.fetch(`/api/admin/users/${USERS.bruno}/platform-admin`, { method: "PUT", json: { granted: true }, cookie: admin });
  assert.equal(granted.status, 200, granted.text);
  const asked = await w.fetch("/api/me", { method: "DELETE", json: { password: DEMO_PASSWORD }, cookie: admin });
  assert.equal(asked.status, 200, asked.text);
  // Bruno stops being one meanwhile (and another admin waiting to be erased would not count either).
  await w.db.prepare("UPDATE users SET is_platform_admin = 0 WHERE id = ?").bind(USERS.bruno).run();
  await w.db.prepare("UPDATE erasures SET due_at = 0").run();
  await w.cron();
  assert.equal(await w.count("SELECT COUNT(*) FROM erasures"), 0);
  assert.equal(await w.count("SELECT COUNT(*) FROM users WHERE email = ?", DEMO.admin), 1);
});
