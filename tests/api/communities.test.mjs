// Communities: directory, home, settings, joining (open and on approval), leaving, requests, archiving.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startWorker, DEMO, DEMO_COMMUNITY, ENGINEERS } from "../support/worker.mjs";
import { USERS } from "../support/demo.mjs";

let w, admin, coordinator, carla, dev, bruno;
before(async () => {
  w = await startWorker();
  [admin, coordinator, carla, dev, bruno] = await Promise.all(
    [DEMO.admin, DEMO.coordinator, DEMO.carla, DEMO.dev, DEMO.bruno].map((e) => w.login(e)),
  );
});
after(async () => w.dispose());

const DEV = USERS.dev;
const CARLA = USERS.carla;

test("the directory lists communities with my membership", async () => {
  const r = await w.fetch("/api/communities", { cookie: carla });
  assert.equal(r.status, 200);
  const demo = r.data.items.find((c) => c.id === DEMO_COMMUNITY);
  assert.equal(demo.name, "Demo Community");
  assert.equal(demo.models, "ab");
  assert.equal(demo.member_count, 5);
  assert.deepEqual(demo.membership, { role: "member", status: "active" });
  assert.equal(r.data.items.find((c) => c.id === ENGINEERS).membership, null);
  const page = await w.fetch("/api/communities?limit=1", { cookie: carla });
  assert.equal(page.data.items.length, 1);
  const next = await w.fetch(`/api/communities?limit=1&cursor=${page.data.next_cursor}`, { cookie: carla });
  assert.notEqual(next.data.items[0].id, page.data.items[0].id);
});

test("a community's home shows members to members only", async () => {
  const member = await w.fetch(`/api/communities/${DEMO_COMMUNITY}`, { cookie: carla });
  assert.equal(member.data.community.description.length > 10, true);
  assert.ok(member.data.members.some((m) => m.display_name === "Anna Bianchi"));
  assert.equal(member.data.can_manage, false);
  const outsider = await w.fetch(`/api/communities/${ENGINEERS}`, { cookie: carla });
  assert.equal(outsider.status, 200);
  assert.equal(outsider.data.members, undefined);
  assert.equal(outsider.data.membership, null);
  assert.equal((await w.fetch(`/api/communities/${ENGINEERS}/members`, { cookie: carla })).status, 403);
  const home = await w.fetch(`/api/communities/${DEMO_COMMUNITY}`, { cookie: coordinator });
  assert.equal(home.data.can_manage, true);
  assert.equal(home.data.pending_requests, 0);
});

test("only platform admins create communities; bad settings are refused naming the field", async () => {
  const json = { name: "Rete Mentori Sud", description: "Mentoring in the south.", join_policy: "approval", models: "b", request_timeout_days: 10 };
  assert.equal((await w.fetch("/api/communities", { method: "POST", json, cookie: coordinator })).status, 403);
  const bad = await w.fetch("/api/communities", { method: "POST", json: { ...json, models: "z" }, cookie: admin });
  assert.equal(bad.status, 422);
  assert.equal(bad.data.error.field, "models");
  const r = await w.fetch("/api/communities", { method: "POST", json, cookie: admin });
  assert.equal(r.status, 201);
  assert.equal(r.data.community.slug, "rete-mentori-sud");
  assert.equal(r.data.community.request_timeout_days, 10);
  const audit = await w.fetch("/api/admin/audit", { cookie: admin });
  assert.equal(audit.data.items[0].action, "community.create");
});

test("community admins edit settings (audited, before and after); members cannot", async () => {
  const json = { name: "Demo Community", description: "Updated description.", join_policy: "open", models: "a", allow_external_mentors: true, request_timeout_days: 7 };
  assert.equal((await w.fetch(`/api/communities/${DEMO_COMMUNITY}`, { method: "PUT", json, cookie: carla })).status, 403);
  const bad = await w.fetch(`/api/communities/${DEMO_COMMUNITY}`, { method: "PUT", json: { ...json, request_timeout_days: 0 }, cookie: coordinator });
  assert.equal(bad.status, 422);
  assert.equal(bad.data.error.field, "request_timeout_days");
  const r = await w.fetch(`/api/communities/${DEMO_COMMUNITY}`, { method: "PUT", json, cookie: coordinator });
  assert.equal(r.status, 200);
  assert.equal(r.data.community.models, "a");
  const entry = (await w.fetch("/api/admin/audit", { cookie: admin })).data.items[0];
  assert.equal(entry.action, "community.update");
  assert.equal(entry.before.models, "ab");
  assert.equal(entry.after.models, "a");
  assert.equal(entry.actor.display_name, "Cora Coordinator");
  await w.fetch(`/api/communities/${DEMO_COMMUNITY}`, { method: "PUT", json: { ...json, models: "ab", request_timeout_days: 14, allow_external_mentors: false }, cookie: coordinator });
});

test("joining an approval community makes a request the admin approves; an open one joins at once", async () => {
  const j = await w.fetch(`/api/communities/${ENGINEERS}/join`, { method: "POST", cookie: dev });
  assert.deepEqual(j.data.membership, { role: "member", status: "pending" });
  assert.equal((await w.fetch(`/api/communities/${ENGINEERS}/members`, { cookie: dev })).status, 403, "pending is not a member yet");
  const home = await w.fetch(`/api/communities/${ENGINEERS}`, { cookie: bruno });
  assert.equal(home.data.pending_requests, 1);
  const reqs = await w.fetch(`/api/communities/${ENGINEERS}/requests`, { cookie: bruno });
  assert.equal(reqs.data.items[0].display_name, "Dev Patel");
  assert.equal((await w.fetch(`/api/communities/${ENGINEERS}/requests/${DEV}/approve`, { method: "POST", cookie: carla })).status, 403);
  assert.equal((await w.fetch(`/api/communities/${ENGINEERS}/requests/${DEV}/approve`, { method: "POST", cookie: bruno })).status, 204);
  const members = await w.fetch(`/api/communities/${ENGINEERS}/members`, { cookie: dev });
  assert.ok(members.data.items.some((m) => m.id === DEV));
  // Joining twice changes nothing.
  const again = await w.fetch(`/api/communities/${ENGINEERS}/join`, { method: "POST", cookie: dev });
  assert.deepEqual(again.data.membership, { role: "member", status: "active" });
  // A request can be refused.
  await w.fetch(`/api/communities/${ENGINEERS}/join`, { method: "POST", cookie: carla });
  assert.equal((await w.fetch(`/api/communities/${ENGINEERS}/requests/${CARLA}/reject`, { method: "POST", cookie: bruno })).status, 204);
  assert.equal((await w.fetch(`/api/communities/${ENGINEERS}`, { cookie: carla })).data.membership, null);
  assert.equal((await w.fetch(`/api/communities/${ENGINEERS}/requests/${CARLA}/reject`, { method: "POST", cookie: bruno })).status, 404);
});

test("leaving; the last admin cannot leave", async () => {
  assert.equal((await w.fetch(`/api/communities/${ENGINEERS}/leave`, { method: "POST", cookie: dev })).status, 204);
  assert.equal((await w.fetch(`/api/communities/${ENGINEERS}/leave`, { method: "POST", cookie: dev })).data.error.code, "not_member");
  const last = await w.fetch(`/api/communities/${ENGINEERS}/leave`, { method: "POST", cookie: bruno });
  assert.equal(last.status, 409);
  assert.equal(last.data.error.code, "last_admin");
});

test("an archived community leaves the directory, refuses joins, and comes back when restored", async () => {
  const created = await w.fetch("/api/communities", { method: "POST", json: { name: "Short Lived" }, cookie: admin });
  const id = created.data.community.id;
  assert.equal((await w.fetch(`/api/admin/communities/${id}/archive`, { method: "POST", cookie: admin })).data.community.archived, true);
  const dir = await w.fetch("/api/communities?limit=100", { cookie: carla });
  assert.ok(!dir.data.items.some((c) => c.id === id));
  assert.equal((await w.fetch(`/api/communities/${id}`, { cookie: carla })).status, 404);
  assert.equal((await w.fetch(`/api/communities/${id}/join`, { method: "POST", cookie: carla })).data.error.code, "community_archived");
  await w.fetch(`/api/admin/communities/${id}/restore`, { method: "POST", cookie: admin });
  assert.equal((await w.fetch(`/api/communities/${id}/join`, { method: "POST", cookie: carla })).data.membership.status, "active");
});

test("a community that does not exist is 404", async () => {
  const r = await w.fetch("/api/communities/0000000000000000000000000000", { cookie: carla });
  assert.equal(r.status, 404);
  assert.equal((await w.fetch("/api/communities/not-an-id", { cookie: carla })).status, 404);
});

test("applying schema.sql again to a database made before slugs were unique tells the duplicates apart", async () => {
  const { readFileSync } = await import("node:fs");
  const { unstable_splitSqlQuery } = await import("wrangler");
  await w.db.exec("DROP INDEX communities_slug");
  await w.db.batch(["c0000000000000000000000dup01", "c0000000000000000000000dup02"].map((id) => w.db.prepare(
    "INSERT INTO communities (id, slug, name, created_at, updated_at) VALUES (?1, 'twins', 'Twins', 1, 1)").bind(id)));
  const schema = unstable_splitSqlQuery(readFileSync(new URL("../../schema.sql", import.meta.url), "utf8")).filter((s) => s.trim());
  await w.db.batch(schema.map((s) => w.db.prepare(s)));
  const slugs = (await w.db.prepare("SELECT slug FROM communities WHERE name = 'Twins' ORDER BY id").all()).results.map((r) => r.slug);
  assert.deepEqual(slugs, ["twins", "twins-0dup02"]);
  await w.db.batch(schema.map((s) => w.db.prepare(s)));
  assert.equal(await w.count("SELECT COUNT(*) FROM communities WHERE slug LIKE 'twins%'"), 2, "applying it again changes nothing");
});

test("a name that makes a taken address is a 409 naming the field, and changes nothing", async () => {
  const count = () => w.count("SELECT COUNT(*) FROM communities");
  const before = await count();
  for (const name of ["Demo Community", "demo  community!", "DÉMO Community", "Ｄｅｍｏ Community"]) {
    const r = await w.fetch("/api/communities", { method: "POST", json: { name }, cookie: admin });
    assert.equal(r.status, 409, name);
    assert.deepEqual([r.data.error.code, r.data.error.field], ["community_name_taken", "name"]);
  }
  assert.equal(await count(), before);
  // Names in other scripts make addresses of their own.
  for (const name of ["Сообщество менторов", "日本語の会", "Ελληνική Κοινότητα"]) {
    assert.equal((await w.fetch("/api/communities", { method: "POST", json: { name }, cookie: admin })).status, 201, name);
  }
  // Renaming one community to another's name is refused the same way.
  const rename = await w.fetch(`/api/communities/${ENGINEERS}`, { method: "PUT", json: { name: "Demo Community" }, cookie: admin });
  assert.equal(rename.status, 409);
  assert.equal(rename.data.error.field, "name");
  assert.equal((await w.fetch(`/api/communities/${ENGINEERS}`, { cookie: admin })).data.community.name, "Engineers Network");
});
