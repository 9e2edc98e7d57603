// Reads near the reader. Each request runs in a D1 session: its reads may come from a nearby replica, and the
// bookmark of a person's last change travels back with them (a cookie), so the next request reads at least that new
// a database: a person always sees what they just did. And every page costs few round trips to D1 (the test build
// reports them in `x-d1-round-trips`): one where the page's reads ride in the same batch as the session check,
// never more than two.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startWorker, DEMO, DEMO_COMMUNITY } from "../support/worker.mjs";
import { PROJECTS, USERS } from "../support/demo.mjs";

let w, carla, coordinator, admin;
const BOOKMARK = "__Host-tandem_bookmark";
const cookiesOf = (res) => res.headers.getSetCookie().map((c) => c.split(";")[0]);
const bookmarkOf = (res) => cookiesOf(res).find((c) => c.startsWith(`${BOOKMARK}=`));

before(async () => {
  w = await startWorker();
  [carla, coordinator, admin] = await Promise.all([DEMO.carla, DEMO.coordinator, DEMO.admin].map((e) => w.login(e)));
});
after(async () => w.dispose());

test("a change hands back its bookmark, and the next request that carries it reads the change", async () => {
  const changed = await w.fetch("/api/me/profile", { method: "PUT", cookie: carla, json: { position: "Learning to lead a team" } });
  assert.equal(changed.status, 200, changed.text);
  const bookmark = bookmarkOf(changed);
  assert.match(bookmark ?? "", /^__Host-tandem_bookmark=[0-9a-f-]+$/);
  assert.match(changed.headers.get("set-cookie"), /__Host-tandem_bookmark=[^;]+; Path=\/; Secure; HttpOnly; SameSite=Lax/);
  const me = await w.fetch("/api/me", { cookie: `${carla}; ${bookmark}` });
  assert.equal(me.data.profile.position, "Learning to lead a team");
  // A read hands back no cookie of its own: the bookmark moves with what the person changes.
  assert.equal(bookmarkOf(me), undefined);
});

test("changes and the chat read at the primary whatever bookmark they carry; pages start from the bookmark", async () => {
  const bookmark = `${BOOKMARK}=00000000-00000001-00000000-00000000000000000000000000000000`;
  const start = async (path, init = {}) => (await w.fetch(path, { cookie: `${carla}; ${bookmark}`, ...init })).headers.get("x-d1-start");
  assert.equal(await start("/api/me"), "bookmark");
  assert.equal(await start("/api/me", { cookie: carla }), "nearest");
  // An old bookmark must not let a change (or the chat's access check) read a replica from before a suspension.
  assert.equal(await start("/api/me/profile", { method: "PUT", json: { position: "Team lead" } }), "primary");
  assert.equal(await start(`/api/projects/${PROJECTS.annaCarla}/chat/messages`), "primary");
  assert.equal(await start(`/api/projects/${PROJECTS.annaCarla}/chat/messages`, { method: "POST", json: { client_id: "c-1", text: "hi" } }), "primary");
});

test("a bookmark of the wrong shape is ignored, never an error", async () => {
  for (const bad of ["first-primary", "'; DROP TABLE users", "zz-00", ""]) {
    const me = await w.fetch("/api/me", { cookie: `${carla}; ${BOOKMARK}=${bad}` });
    assert.equal(me.status, 200, bad);
    assert.equal(me.data.user.id, USERS.carla);
  }
});

test("the session check and a page's reads share one round trip; no page takes more than two", async () => {
  const doc = (await w.fetch("/api/openapi.json")).data;
  const ids = { community: DEMO_COMMUNITY, project: PROJECTS.annaCarla, user: USERS.anna, session: "0000000000000000000000000001", file: "0000000000000000000000000002", message: "0000000000000000000000000003", item: "0000000000000000000000000004" };
  const trips = {};
  for (const [path, ops] of Object.entries(doc.paths)) {
    if (!ops.get || path.includes("/chat") || path.includes("/local/")) continue;
    const url = path.replace(/\{(\w+)\}/g, (_, name) => ids[name]);
    // Whoever may see the page: the mentee, the community's admin, or the platform admin.
    for (const cookie of [carla, coordinator, admin]) {
      const r = await w.fetch(url, { cookie });
      if (r.status === 200) {
        trips[path] = Number(r.headers.get("x-d1-round-trips"));
        break;
      }
    }
  }
  assert.ok(Object.keys(trips).length >= 20, `only ${Object.keys(trips).length} pages answered`);
  const over = Object.entries(trips).filter(([, n]) => !(n >= 1 && n <= 2));
  assert.deepEqual(over, [], "pages outside one or two round trips");
  for (const path of ["/api/me", "/api/communities/{community}", "/api/dashboard"]) {
    assert.equal(trips[path], 1, `${path}: its reads ride with the session check`);
  }
});
