// Break-glass access (#14): a community admin asks to read named parts of one project for a reason; a member's consent
// or a second admin's approval (a platform admin's where the community has one admin) opens it for at most 72 hours,
// read-only, each read logged and answered with the grant's id; the members are told at once or after the recorded
// delay, and the project's history says who read what and why. Without an open grant nothing opens (404).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startWorker, DEMO, USERS, DEMO_COMMUNITY, PROJECTS } from "../support/worker.mjs";

const P = PROJECTS.annaCarla;
const HOUR = 3_600_000;
let w, coordinator, carla, anna, dev;
const start = Date.now();

before(async () => {
  w = await startWorker();
  [coordinator, carla, anna, dev] = [await w.login(DEMO.coordinator), await w.login(DEMO.carla), await w.login(DEMO.anna), await w.login(DEMO.dev)];
  // Something to read: a chat message, a private message, a file.
  assert.equal((await w.fetch(`/api/projects/${P}/chat/messages`, { method: "POST", cookie: carla, json: { client_id: "g-1", text: "The chat, as it was" } })).status, 200);
  assert.equal((await w.fetch(`/api/projects/${P}/messages`, { method: "POST", cookie: carla, json: { to: USERS.anna, subject: "Private", body: "Between the two of us" } })).status, 201);
  const file = Buffer.from("notes");
  const up = await w.fetch(`/api/projects/${P}/files`, { method: "PUT", cookie: anna, body: file, headers: { "content-type": "application/octet-stream", "content-length": "5", "x-file-name": "notes.txt" } });
  assert.equal(up.status, 201, up.text);
});
after(async () => w.dispose());

const ask = (cookie, json) => w.fetch(`/api/projects/${P}/grants`, { method: "POST", cookie, json });
const act = (cookie, grant, json, now) => w.fetch(`/api/grants/${grant}/actions`, { method: "POST", cookie, json, now });
const read = (cookie, grant, part, now, project = P) => w.fetch(`/api/projects/${project}/grants/${grant}/${part}`, { cookie, now });
const REASON = "A parent reported a worrying message in the chat.";
const grants = async () => w.count("SELECT COUNT(*) FROM access_grants");

test("bad requests are refused with a clear 4xx and store nothing", async () => {
  for (const [json, field] of [
    [{ scopes: ["chat"], category: "safeguarding", reason: REASON, hours: 73, approval: "member" }, "hours"],
    [{ scopes: [], category: "safeguarding", reason: REASON, hours: 24, approval: "member" }, "scopes"],
    [{ scopes: ["export"], category: "safeguarding", reason: REASON, hours: 24, approval: "member" }, "scopes"],
    [{ scopes: ["chat"], category: "curiosity", reason: REASON, hours: 24, approval: "member" }, "category"],
    [{ scopes: ["chat"], category: "complaint", reason: "why", hours: 24, approval: "member" }, "reason"],
  ]) {
    const r = await ask(coordinator, json);
    assert.ok([400, 422].includes(r.status), r.text);
    assert.equal(r.data.error.field, field, r.text);
  }
  const good = { scopes: ["chat"], category: "safeguarding", reason: REASON, hours: 24, approval: "member" };
  assert.equal((await ask(carla, good)).status, 403, "a member cannot ask");
  assert.equal((await ask(dev, good)).status, 404, "an outsider learns nothing");
  assert.equal(await grants(), 0);
});

let first;
test("a member's consent opens exactly the parts asked for; each read is logged and carries the grant's id", async () => {
  const r = await ask(coordinator, { scopes: ["chat", "folder"], category: "safeguarding", reason: REASON, hours: 48, approval: "member" });
  assert.equal(r.status, 201, r.text);
  first = r.data.grant;
  // Asked, not open: nothing to read yet.
  assert.equal((await read(coordinator, first, "chat")).status, 404);
  // The members are asked (in their list and by a notice); the requester cannot answer for them.
  const waiting = await w.fetch("/api/grants", { cookie: carla });
  assert.deepEqual(waiting.data.items.map((g) => [g.id, g.state, g.reason]), [[first, "requested", REASON]]);
  assert.equal(await w.count("SELECT COUNT(*) FROM notifications WHERE user_id = ? AND kind = 'grant_asked'", USERS.carla), 1);
  const own = await act(coordinator, first, { action: "approve" });
  assert.equal(own.status, 403);
  assert.equal(own.data.error.code, "grant_own_request");
  assert.equal((await act(dev, first, { action: "approve" })).status, 404, "an outsider learns nothing");
  assert.equal(await w.count("SELECT COUNT(*) FROM access_grants WHERE state = 'requested'"), 1, "refusals change nothing");
  const yes = await act(carla, first, { action: "approve" });
  assert.equal(yes.status, 200, yes.text);
  assert.equal(yes.data.grant.state, "active");
  assert.equal((await act(anna, first, { action: "approve" })).status, 409, "answered once");
  assert.equal(await w.count("SELECT COUNT(*) FROM audit_log WHERE action = 'grant.approve' AND after_json = ?", first), 1, "the refused second answer is not in the audit log");

  const chat = await read(coordinator, first, "chat");
  assert.equal(chat.status, 200, chat.text);
  assert.equal(chat.data.grant, first);
  assert.equal(chat.headers.get("x-tandem-grant"), first);
  assert.deepEqual(chat.data.items.map((m) => m.text), ["The chat, as it was"]);
  const folder = await read(coordinator, first, "folder");
  assert.deepEqual(folder.data.items.map((i) => [i.name, i.created_by_name]), [["notes.txt", "Anna Bianchi"]]);
  // Its documents open too, logged, with the grant's id.
  const notes = await read(coordinator, first, `files/${folder.data.items[0].id}`);
  assert.equal(notes.status, 200, notes.text);
  assert.equal(notes.text, "notes");
  assert.equal(notes.headers.get("x-tandem-grant"), first);
  // Every route of the API description that reads through a grant, with each person: only the holder, only the
  // parts asked for.
  const doc = (await w.fetch("/api/openapi.json")).data;
  const routes = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).filter(([, op]) => op["x-access-policy"] === "grant").map(([method]) => [path, method]));
  assert.equal(routes.length, 5);
  const admin = await w.login(DEMO.admin);
  for (const [path, method] of routes) {
    for (const [who, cookie] of Object.entries({ coordinator, carla, anna, dev, admin })) {
      const url = path.replace("{project}", P).replace("{grant}", first).replace("{item}", folder.data.items[0].id);
      const r = await w.fetch(url, { method: method.toUpperCase(), cookie });
      const open = who === "coordinator" && (path.endsWith("/chat") || path.endsWith("/folder") || path.endsWith("/files/{item}"));
      assert.equal(r.status, open ? 200 : 404, `${who} ${path}`);
    }
  }
  // Not this grant's project, not its holder.
  assert.equal((await read(coordinator, first, "chat", undefined, PROJECTS.devRequest)).status, 404);
  // Read-only: no route writes through a grant.
  assert.equal((await w.fetch(`/api/projects/${P}/grants/${first}/chat`, { method: "POST", cookie: coordinator, json: {} })).status, 405);

  // The members were told at once; the project's history and its access page say who read what, and why.
  assert.equal(await w.count("SELECT COUNT(*) FROM notifications WHERE user_id = ? AND kind = 'grant_opened'", USERS.anna), 1);
  const page = await w.fetch(`/api/projects/${P}`, { cookie: anna });
  const opened = page.data.history.find((e) => e.action === "grant_opened");
  assert.equal(opened.note, REASON);
  const seen = await w.fetch(`/api/projects/${P}/grants`, { cookie: anna });
  const g = seen.data.items.find((x) => x.id === first);
  const reads = new Set(g.reads.map((x) => `${x.reader_name} ${x.scope}`));
  assert.deepEqual([...reads].sort(), ["Cora Coordinator chat", "Cora Coordinator folder"]);
  assert.ok(g.reads.some((x) => x.what === "file notes.txt"), "which document was read");
  assert.equal(seen.data.can_ask, false);
});

test("its hours end it: after them every part answers 404 again; ending early closes it at once", async () => {
  const later = start + 49 * HOUR;
  const coord = await w.login(DEMO.coordinator, undefined, { now: later });
  for (const part of ["chat", "folder"]) assert.equal((await read(coord, first, part, later)).status, 404, part);
  const list = await w.fetch(`/api/projects/${P}/grants`, { cookie: coord, now: later });
  const expired = list.data.items.find((x) => x.id === first);
  assert.deepEqual([expired.state, expired.can_end, expired.can_answer], ["expired", false, false]);
  // A new one, ended by its requester.
  const r = await ask(coordinator, { scopes: ["messages"], category: "complaint", reason: "A complaint about a private message.", hours: 2, approval: "member" });
  assert.equal((await act(anna, r.data.grant, { action: "approve" })).status, 200);
  const pm = await read(coordinator, r.data.grant, "messages");
  assert.deepEqual(pm.data.items.map((m) => [m.body, m.sender_name]), [["Between the two of us", "Carla Esposito"]]);
  assert.equal((await act(coordinator, r.data.grant, { action: "end" })).status, 200);
  assert.equal((await read(coordinator, r.data.grant, "messages")).status, 404);
});

test("a second admin's approval (a platform admin's where there is one admin) may delay telling the members, with a reason", async () => {
  const r = await ask(coordinator, { scopes: ["process"], category: "legal", reason: "A court asked for the session records.", hours: 24, approval: "admin" });
  const g = r.data.grant;
  // The members do not know of it yet, and cannot act on it.
  assert.equal((await w.fetch("/api/grants", { cookie: carla })).data.items.length, 0);
  assert.equal((await act(carla, g, { action: "approve" })).status, 404);
  assert.ok(!(await w.fetch(`/api/projects/${P}/grants`, { cookie: carla })).data.items.some((x) => x.id === g));
  // The Demo Community has one admin: a platform admin approves in a second admin's place, and is asked.
  assert.equal(await w.count("SELECT COUNT(*) FROM notifications WHERE user_id = ? AND kind = 'grant_asked'", USERS.admin), 1);
  const admin = await w.login(DEMO.admin);
  assert.deepEqual((await w.fetch("/api/grants", { cookie: admin })).data.items.map((x) => x.id), [g]);
  const tooLong = await act(admin, g, { action: "approve", delay_days: 8, delay_reason: "An investigation is under way." });
  assert.equal(tooLong.status, 422);
  const yes = await act(admin, g, { action: "approve", delay_days: 3, delay_reason: "An investigation is under way." });
  assert.equal(yes.status, 200, yes.text);
  const process = await read(coordinator, g, "process");
  assert.equal(process.status, 200, process.text);
  assert.ok(Array.isArray(process.data.sessions) && Array.isArray(process.data.goals));
  // (Notices of the same kind by the same person about the same project merge: the history counts each.)
  const told = () => w.count("SELECT COUNT(*) FROM project_events WHERE project_id = ? AND action = 'grant_opened'", P);
  const before = await told();
  // The daily tasks (the cron runs them every minute), at a given time.
  const pass = async (at) => {
    const cookie = await w.login(DEMO.admin, undefined, { now: at });
    const res = await w.fetch("/api/admin/tasks/health", { method: "POST", cookie, now: at });
    assert.equal(res.status, 200, res.text);
    return res.data.told;
  };
  assert.equal(await pass(Date.now()), 0);
  assert.equal(await told(), before, "not yet");
  // Three days on, they are told; then they see it, its reason and its reads.
  assert.equal(await pass(start + 3 * 24 * HOUR + 60_000), 1);
  assert.equal(await told(), before + 1);
  const seen = await w.fetch(`/api/projects/${P}/grants`, { cookie: carla });
  const mine = seen.data.items.find((x) => x.id === g);
  assert.equal(mine.delay_reason, "An investigation is under way.");
  assert.deepEqual(mine.reads.map((x) => x.scope), ["process"]);
});

test("a request not answered within 7 days lapses: nobody can approve it, and it waits for nobody", async () => {
  const r = await ask(coordinator, { scopes: ["chat"], category: "other", reason: "An old question nobody answered.", hours: 1, approval: "member" });
  const week = start + 7 * 24 * HOUR + 60_000;
  const carlaLater = await w.login(DEMO.carla, undefined, { now: week });
  assert.ok(!(await w.fetch("/api/grants", { cookie: carlaLater, now: week })).data.items.some((x) => x.id === r.data.grant));
  const late = await act(carlaLater, r.data.grant, { action: "approve" }, week);
  assert.equal(late.status, 409);
  assert.equal(late.data.error.code, "grant_not_waiting");
  assert.equal(await w.count("SELECT state FROM access_grants WHERE id = ?", r.data.grant), "requested", "nothing changed");
});

test("who may answer is fixed when it is asked: an admin made later cannot approve (but may end); after the members refused, the approval tells them at once", async () => {
  const refused = await ask(coordinator, { scopes: ["chat"], category: "complaint", reason: "A complaint about the chat, asked of the members.", hours: 2, approval: "member" });
  assert.equal((await act(carla, refused.data.grant, { action: "refuse" })).status, 200);
  const r = await ask(coordinator, { scopes: ["chat"], category: "complaint", reason: "The same complaint, asked of the administrators.", hours: 2, approval: "admin" });
  assert.equal(r.status, 201, r.text);
  const g = r.data.grant;
  // Bruno becomes an admin of the community after the request: it does not wait for him, and he cannot answer it.
  const admin = await w.login(DEMO.admin);
  assert.equal((await w.fetch(`/api/admin/communities/${DEMO_COMMUNITY}/members/${USERS.bruno}/role`, { method: "PUT", cookie: admin, json: { role: "admin" } })).status, 200);
  const bruno = await w.login(DEMO.bruno);
  assert.ok(!(await w.fetch("/api/grants", { cookie: bruno })).data.items.some((x) => x.id === g));
  assert.equal((await act(bruno, g, { action: "approve" })).status, 403);
  const listed = (await w.fetch(`/api/projects/${P}/grants`, { cookie: bruno })).data.items.find((x) => x.id === g);
  assert.equal(listed.can_answer, false);
  assert.equal(await w.count("SELECT state FROM access_grants WHERE id = ?", g), "requested", "nothing changed");
  // Nobody who was an admin then is left to answer it: the platform's admins do, without delaying the members' notice.
  assert.ok((await w.fetch("/api/grants", { cookie: admin })).data.items.some((x) => x.id === g));
  const delayed = await act(admin, g, { action: "approve", delay_days: 2, delay_reason: "An investigation is under way." });
  assert.equal(delayed.status, 422);
  assert.deepEqual([delayed.data.error.field, delayed.data.error.code], ["delay_days", "not_allowed"]);
  const toldBefore = await w.count("SELECT COUNT(*) FROM project_events WHERE project_id = ? AND action = 'grant_opened'", P);
  assert.equal((await act(admin, g, { action: "approve" })).status, 200);
  assert.equal(await w.count("SELECT COUNT(*) FROM project_events WHERE project_id = ? AND action = 'grant_opened'", P), toldBefore + 1, "told at once");
  // Any admin of the community may end it, Bruno too.
  assert.equal((await act(bruno, g, { action: "end" })).status, 200);
  assert.equal((await read(coordinator, g, "chat")).status, 404);
});

test("the Access page comes 20 grants at a time, newest first, each with its latest 200 reads and how many there were", async () => {
  for (let i = 0; i < 21; i++) {
    const r = await ask(coordinator, { scopes: ["folder"], category: "other", reason: `Paging the list, request number ${i}.`, hours: 1, approval: "admin" });
    assert.equal(r.status, 201, r.text);
  }
  const all = await w.count("SELECT COUNT(*) FROM access_grants WHERE project_id = ?", P);
  const seen = [];
  let before = "";
  let pages = 0;
  do {
    const page = await w.fetch(`/api/projects/${P}/grants${before}`, { cookie: coordinator });
    assert.equal(page.status, 200, page.text);
    assert.ok(page.data.items.length <= 20);
    seen.push(...page.data.items.map((x) => x.id));
    before = page.data.next ? `?before=${page.data.next}` : "";
    pages++;
  } while (before && pages < 10);
  assert.equal(seen.length, all, "every grant once");
  assert.equal(new Set(seen).size, all);
  assert.ok(pages >= 2);
  assert.equal((await w.fetch(`/api/projects/${P}/grants?before=x`, { cookie: coordinator })).status, 422);
  // A grant read 250 times: the latest 200 are listed, with the count of all.
  const busy = seen[seen.length - 1];
  const values = Array.from({ length: 250 }, (_, i) => `('page-read-${i}', '${busy}', '${USERS.coordinator}', 'chat', 'page', ${1000 + i})`).join(", ");
  await w.db.prepare(`INSERT INTO grant_reads (id, grant_id, reader_id, scope, what, at) VALUES ${values}`).run();
  let found;
  before = "";
  while (!found) {
    const page = await w.fetch(`/api/projects/${P}/grants${before}`, { cookie: coordinator });
    found = page.data.items.find((x) => x.id === busy);
    before = `?before=${page.data.next}`;
  }
  assert.equal(found.reads_total, 250 + (await w.count("SELECT COUNT(*) FROM grant_reads WHERE grant_id = ? AND id NOT LIKE 'page-read-%'", busy)));
  assert.equal(found.reads.length, 200);
  assert.equal(found.reads[0].at >= found.reads[199].at, true, "newest first");
});

test("the members' refusal brings forward the notice of a grant opened with a delay", async () => {
  // A month on (an earlier refusal no longer counts), Bruno, an admin of the community when it is asked, approves
  // with a delay of 7 days.
  const later = start + 31 * 24 * HOUR;
  const [coord, bruno, carlaLater] = [await w.login(DEMO.coordinator, undefined, { now: later }), await w.login(DEMO.bruno, undefined, { now: later }), await w.login(DEMO.carla, undefined, { now: later })];
  const at = (cookie, json) => w.fetch(`/api/projects/${P}/grants`, { method: "POST", cookie, json, now: later });
  const g = (await at(coord, { scopes: ["chat"], category: "safeguarding", reason: "A worrying message, looked into quietly.", hours: 72, approval: "admin" })).data.grant;
  const yes = await act(bruno, g, { action: "approve", delay_days: 7, delay_reason: "An investigation is under way." }, later);
  assert.equal(yes.status, 200, yes.text);
  const told = () => w.count("SELECT COUNT(*) FROM access_grants WHERE id = ? AND told_at IS NOT NULL", g);
  // The members refuse another request: the delayed notice comes at the next pass of the cron's tasks.
  const other = (await at(coord, { scopes: ["messages"], category: "complaint", reason: "Another question, for the members.", hours: 2, approval: "member" })).data.grant;
  assert.equal((await act(carlaLater, other, { action: "refuse" }, later)).status, 200);
  const admin = await w.login(DEMO.admin, undefined, { now: later + 60_000 });
  const pass = await w.fetch("/api/admin/tasks/health", { method: "POST", cookie: admin, now: later + 60_000 });
  assert.equal(pass.status, 200, pass.text);
  assert.equal(await told(), 1);
});
