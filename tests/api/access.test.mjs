// The access matrix: every route of the API description, with every role, gets the status its declared policy
// demands. Refusals are real requests (and must change nothing); allowed calls use the test-only policy check, so
// that the walk does not log anyone out or suspend anybody.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startWorker, DEMO, DEMO_COMMUNITY } from "../support/worker.mjs";
import { PROJECTS, USERS } from "../support/demo.mjs";

const ROLES = [
  "anonymous", "member", "community_admin", "other_community_admin", "platform_admin", "suspended",
  "mentee", "mentor", "pending_mentor", "other_project_member", "coordinator", "diarist",
];
// Expected status for each policy (x-access-policy) and role, in ROLES order; 204 means "allowed".
const EXPECTED = {
  anyone: [204, 204, 204, 204, 204, 204, 204, 204, 204, 204, 204, 204],
  user: [401, 204, 204, 204, 204, 401, 204, 204, 204, 204, 204, 204],
  "community-member": [401, 204, 204, 403, 204, 401, 204, 204, 204, 204, 204, 204],
  "community-admin": [401, 403, 204, 403, 204, 401, 403, 403, 403, 403, 204, 403],
  "platform-admin": [401, 403, 403, 403, 204, 401, 403, 403, 403, 403, 403, 403],
  // A community's oversight (Needs attention, evaluations): its admins only; platform admins get 404, as for projects.
  "community-staff": [401, 403, 204, 404, 404, 401, 403, 403, 403, 403, 204, 403],
  // Mentoring is private: outsiders, platform admins and admins of other communities included, get 404.
  "project-viewer": [401, 404, 204, 404, 404, 401, 204, 204, 204, 404, 204, 204],
  // The project's shared spaces (chat): active members only; the mentor still deciding and community admins get 404.
  "project-member": [401, 404, 404, 404, 404, 401, 204, 204, 404, 404, 404, 204],
  // The process (contract, goals, plan, diary): active members and the project's coordinator; another admin of the
  // community gets 404 like anyone outside.
  "project-process": [401, 404, 404, 404, 404, 401, 204, 204, 404, 404, 204, 204],
  // Changing the coordinator: admins of the project's community; the project's members get 403, outsiders 404.
  "project-admin": [401, 404, 204, 404, 404, 401, 403, 403, 403, 404, 204, 403],
  // A community's discussion rooms: its active members only; platform admins and other communities' admins get 404.
  "community-insider": [401, 204, 204, 404, 404, 401, 204, 204, 204, 204, 204, 204],
  // Reading a project through a break-glass grant: nobody without an open one (tests/api/grants.test.mjs opens one
  // and walks these routes again).
  grant: [401, 404, 404, 404, 404, 401, 404, 404, 404, 404, 404, 404],
};
// A room's routes (policy "room"), by the room in the path: its audience now, and the community's admins; everyone
// else 404. Dev's request is past its draft, so he is of the mentees' room; the coordinator supervises the Roll, so
// she is of the mentors'. The suspended mentor's Roll entry is suspended: out of the mentors' room at once.
const ROOM_ROLES = [...ROLES, "suspended_mentor"];
const ROOM_EXPECTED = {
  everyone: [401, 204, 204, 404, 404, 401, 204, 204, 204, 204, 204, 204, 204],
  mentors: [401, 404, 204, 404, 404, 401, 404, 204, 204, 404, 204, 404, 404],
  mentees: [401, 404, 204, 404, 404, 401, 204, 404, 404, 204, 204, 204, 404],
  coordinators: [401, 404, 204, 404, 404, 401, 404, 404, 404, 404, 204, 404, 404],
};

const CARLA = USERS.carla;
const ANNA = USERS.anna;
const ACTIVE_PROJECT = PROJECTS.annaCarla; // Carla (mentee) and Anna (mentor)
const DEV_REQUEST = PROJECTS.devRequest; // Dev's request, matched to Anna in before()
const IDS = {
  community: DEMO_COMMUNITY, user: CARLA, session: "0000000000000000000000000001", file: "0000000000000000000000000002",
  message: "0000000000000000000000000003", item: "0000000000000000000000000004", contract: "0000000000000000000000000005",
  goal: "0000000000000000000000000006", objective: "0000000000000000000000000007", proposal: "0000000000000000000000000008",
  interaction: "0000000000000000000000000009", journey: "000000000000000000000000000a", request: "000000000000000000000000000b",
  thread: "000000000000000000000000000c", post: "000000000000000000000000000d", report: "000000000000000000000000000e",
  entry: "000000000000000000000000000f", step: "0000000000000000000000000010", export: "0000000000000000000000000011",
  grant: "0000000000000000000000000012",
};
let w, cookies, doc;

async function newMember(email) {
  await w.fetch("/api/auth/register", { method: "POST", json: { email, display_name: email.split("@")[0], password: "a long passphrase 42" } });
  await w.fetch("/api/auth/verify", { method: "POST", json: { token: await w.mailedToken(email) } });
  const cookie = await w.login(email, "a long passphrase 42");
  await w.fetch(`/api/communities/${DEMO_COMMUNITY}/join`, { method: "POST", cookie });
  return cookie;
}

before(async () => {
  w = await startWorker();
  // Bruno administers Engineers Network only: take him out of the Demo Community the routes are walked on.
  await w.db.prepare("DELETE FROM memberships WHERE community_id = ? AND user_id = ?").bind(DEMO_COMMUNITY, "d000000000000000000000000b1b").run();
  const suspended = await newMember("sam@example.org");
  // Ada administers the Demo Community too, without coordinating Anna and Carla's project (its coordinator is the
  // demo's coordinator, a role of its own below).
  const ada = await newMember("ada@example.org");
  const padmin = await w.login(DEMO.admin);
  const adaId = (await w.fetch("/api/admin/users?q=ada@example.org", { cookie: padmin })).data.items[0].id;
  assert.equal((await w.fetch(`/api/admin/communities/${DEMO_COMMUNITY}/members/${adaId}/role`, { method: "PUT", cookie: padmin, json: { role: "admin" } })).status, 200);
  cookies = {
    anonymous: undefined,
    member: await newMember("eve@example.org"),
    community_admin: ada,
    coordinator: await w.login(DEMO.coordinator),
    other_community_admin: await w.login(DEMO.bruno),
    platform_admin: await w.login(DEMO.admin),
    suspended,
    mentee: await w.login(DEMO.carla),
    mentor: await w.login(DEMO.anna),
    other_project_member: await w.login(DEMO.dev),
  };
  cookies.pending_mentor = cookies.mentor;
  // A mentor of the Roll whose entry was suspended by its supervisor.
  cookies.suspended_mentor = await newMember("mia@example.org");
  const mia = (await w.fetch("/api/admin/users?q=mia@example.org", { cookie: cookies.platform_admin })).data.items[0].id;
  await w.db.prepare("INSERT INTO roll_entries (community_id, user_id, status, motivation, applied_at, decided_at) VALUES (?, ?, 'suspended', 'I mentor.', 1, 2)").bind(DEMO_COMMUNITY, mia).run();
  // Carla fills in the diary of her sessions (one to one, the mentee is the diarist).
  cookies.diarist = cookies.mentee;
  const matched = await w.fetch(`/api/projects/${DEV_REQUEST}/actions`, { method: "POST", cookie: cookies.coordinator, json: { action: "match", mentor_id: ANNA, note: "Anna knows engineering startups." } });
  assert.equal(matched.status, 200, matched.text);
  const sam = (await w.fetch("/api/admin/users?q=sam@example.org", { cookie: cookies.platform_admin })).data.items[0];
  await w.fetch(`/api/admin/users/${sam.id}/suspend`, { method: "POST", json: { reason: "matrix" }, cookie: cookies.platform_admin });
  doc = (await w.fetch("/api/openapi.json")).data;
});
after(async () => w.dispose());

const snapshot = async () => {
  const tables = ["users", "sessions", "profiles", "communities", "memberships", "email_tokens", "outbox", "audit_log",
    "rolls", "roll_entries", "projects", "project_members", "project_declines", "project_events", "project_attachments",
    "notifications", "preferences", "private_messages", "folder_items", "file_versions", "uploads", "project_process",
    "journeys", "calendar_feeds", "project_health", "help_requests", "evaluation_forms", "evaluation_requests", "evaluation_answers",
    "evaluation_anonymous", "forums", "forum_moderators", "forum_bans", "forum_threads", "forum_posts", "forum_revisions", "forum_reads",
    "forum_reports", "digests", "digest_links", "notification_topics", "exports", "erasures"];
  // (Chat history lives in each project's Durable Object; refused requests never reach it.)
  const out = {};
  for (const t of tables) out[t] = (await w.db.prepare(`SELECT * FROM ${t} ORDER BY 1`).all()).results;
  return JSON.stringify(out);
};

test("every route, every role: the declared policy decides, and refusals change nothing", async () => {
  const routes = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method: method.toUpperCase(), op })));
  assert.ok(routes.length >= 60, `only ${routes.length} routes documented`);
  const before = await snapshot();
  const failures = [];
  for (const { path, method, op } of routes.filter((r) => r.op["x-access-policy"] !== "room")) {
    const expected = EXPECTED[op["x-access-policy"]];
    assert.ok(expected, `${method} ${path} has an unknown policy ${op["x-access-policy"]}`);
    for (const [i, role] of ROLES.entries()) {
      const project = role === "pending_mentor" ? DEV_REQUEST : ACTIVE_PROJECT;
      const url = path.replace(/\{(\w+)\}/g, (_, name) => (name === "project" ? project : IDS[name]));
      const allowed = expected[i] === 204;
      const r = await w.fetch(url, {
        method,
        cookie: cookies[role],
        json: method === "GET" ? undefined : {},
        headers: allowed ? { "x-tandem-policy-check": "1" } : {},
      });
      if (r.status !== expected[i]) failures.push(`${method} ${path} as ${role}: ${r.status}, expected ${expected[i]}`);
      if (!allowed && r.data?.error?.code === undefined) failures.push(`${method} ${path} as ${role}: no error body`);
    }
  }
  assert.deepEqual(failures, []);
  assert.equal(await snapshot(), before, "a refused request changed stored data");
});

test("every room route, in every room, with every role: the room's audience now, and the community's admins", async () => {
  const routes = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method: method.toUpperCase(), op })))
    .filter((r) => r.op["x-access-policy"] === "room");
  assert.ok(routes.length >= 14, `only ${routes.length} room routes documented`);
  const before = await snapshot();
  const failures = [];
  for (const { path, method } of routes) {
    for (const [room, expected] of Object.entries(ROOM_EXPECTED)) {
      for (const [i, role] of ROOM_ROLES.entries()) {
        const url = path.replace(/\{(\w+)\}/g, (_, name) => (name === "room" ? room : IDS[name]));
        const allowed = expected[i] === 204;
        const r = await w.fetch(url, { method, cookie: cookies[role], json: method === "GET" ? undefined : {}, headers: allowed ? { "x-tandem-policy-check": "1" } : {} });
        if (r.status !== expected[i]) failures.push(`${method} ${url} as ${role}: ${r.status}, expected ${expected[i]}`);
      }
    }
  }
  assert.deepEqual(failures, []);
  assert.equal(await snapshot(), before, "a refused request changed stored data");
  // A room that is not one answers 404 like nothing, to anyone.
  assert.equal((await w.fetch(`/api/communities/${DEMO_COMMUNITY}/rooms/admins`, { cookie: cookies.coordinator })).status, 404);
});

test("private things answer 404 to outsiders exactly as things that do not exist", async () => {
  const stranger = cookies.other_community_admin;
  const hidden = await w.fetch(`/api/users/${IDS.user}`, { cookie: stranger });
  const absent = await w.fetch("/api/users/0000000000000000000000000000", { cookie: stranger });
  assert.equal(hidden.status, 404);
  assert.equal(hidden.text, absent.text);
  for (const role of ["member", "other_community_admin", "platform_admin", "other_project_member"]) {
    const project = await w.fetch(`/api/projects/${ACTIVE_PROJECT}`, { cookie: cookies[role] });
    const nothing = await w.fetch("/api/projects/0000000000000000000000000000", { cookie: cookies[role] });
    assert.equal(project.status, 404, role);
    assert.equal(project.text, nothing.text, role);
  }
});
