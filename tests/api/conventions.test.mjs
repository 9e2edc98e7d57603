// API conventions: the API description, the error shape, security headers, Origin checks, methods.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startWorker, DEMO } from "../support/worker.mjs";
import { DEMO_COMMUNITY, PROJECTS } from "../support/demo.mjs";

let w, admin, coordinator, carla;
before(async () => {
  w = await startWorker();
  admin = await w.login(DEMO.admin);
  coordinator = await w.login(DEMO.coordinator);
  carla = await w.login(DEMO.carla);
});
after(async () => w.dispose());

const ID = DEMO_COMMUNITY;
const PROJECT = PROJECTS.annaCarla;

test("GET /api/openapi.json describes every route the worker answers", async () => {
  const doc = (await w.fetch("/api/openapi.json")).data;
  assert.equal(doc.openapi, "3.1.0");
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      assert.ok(op.summary && op.responses && op["x-access-policy"], `${method} ${path} is described`);
      // Mentoring projects, and a community's oversight of them, are private even to platform admins: walk them as
      // the community's admin.
      const policy = op["x-access-policy"];
      // Reading through a break-glass grant needs an open one: tests/api/grants.test.mjs walks those routes with it.
      if (policy === "grant") continue;
      // A room is named by its audience; a community's rooms are its members' only.
      const url = path.replace(/\{(\w+)\}/g, (_, n) => (n === "project" ? PROJECT : n === "room" ? "everyone" : ID));
      const cookie = ["project-viewer", "project-process", "project-admin", "community-staff", "community-insider", "room"].includes(policy) ? coordinator : policy === "project-member" ? carla : admin;
      const r = await w.fetch(url, { method: method.toUpperCase(), cookie, headers: { "x-tandem-policy-check": "1" } });
      assert.equal(r.status, 204, `${method} ${path} is routed`);
    }
  }
  // And what is not described is not answered.
  for (const [method, path] of [["GET", "/api/users"], ["POST", "/api/me"], ["GET", "/api/admin"], ["GET", "/api/secret"]]) {
    const r = await w.fetch(path, { method, cookie: admin, headers: { "x-tandem-policy-check": "1" } });
    assert.ok([404, 405].includes(r.status), `${method} ${path} answered ${r.status}`);
  }
});

test("paging parameters are checked", async () => {
  for (const [q, field] of [["limit=0", "limit"], ["limit=abc", "limit"], ["limit=101", "limit"], ["cursor=!!!", "cursor"]]) {
    const r = await w.fetch(`/api/communities?${q}`, { cookie: admin });
    assert.deepEqual([r.status, r.data.error.field], [422, field], q);
  }
  assert.equal((await w.fetch("/api/communities?limit=100", { cookie: admin })).status, 200);
});

test("a value of the wrong type names its field; unknown fields are refused; nothing changes", async () => {
  const wrong = await w.fetch(`/api/communities/${ID}`, { method: "PUT", cookie: admin, json: { request_timeout_days: "abc" } });
  assert.deepEqual([wrong.status, wrong.data.error.field, wrong.data.error.code], [422, "request_timeout_days", "wrong_type"]);
  const typo = await w.fetch(`/api/communities/${ID}`, { method: "PUT", cookie: admin, json: { name: "Demo Community", timeout_days: -3 } });
  assert.deepEqual([typo.status, typo.data.error.field], [422, "timeout_days"]);
  const home = await w.fetch(`/api/communities/${ID}`, { cookie: admin });
  assert.match(home.data.community.description, /community to try Tandem/);
});

test("errors have one shape; wrong methods are 405", async () => {
  const r = await w.fetch("/api/me", { method: "PATCH", cookie: admin });
  assert.equal(r.status, 405);
  assert.deepEqual(Object.keys(r.data.error).sort(), ["code", "field", "message"]);
  const missing = await w.fetch("/api/nothing-here");
  assert.equal(missing.status, 404);
  assert.equal(missing.data.error.code, "not_found");
});

test("every response carries the security headers, pages included", async () => {
  for (const path of ["/api/health", "/api/me", "/", "/communities"]) {
    const r = await w.fetch(path);
    const h = r.headers;
    assert.match(h.get("content-security-policy"), /default-src 'self'/, path);
    assert.doesNotMatch(h.get("content-security-policy"), /unsafe-inline/, path);
    assert.match(h.get("content-security-policy"), /frame-ancestors 'none'/, path);
    assert.match(h.get("strict-transport-security"), /max-age=\d+/, path);
    assert.equal(h.get("x-content-type-options"), "nosniff", path);
    assert.ok(h.get("referrer-policy"), path);
  }
  assert.equal((await w.fetch("/api/me")).headers.get("cache-control"), "no-store");
});

test("state-changing requests from another site are refused and change nothing", async () => {
  const count = () => w.count("SELECT COUNT(*) FROM users");
  const n = await count();
  const json = { email: "csrf@example.org", display_name: "Csrf", password: "a long passphrase 42" };
  const foreign = await w.fetch("/api/auth/register", { method: "POST", json, headers: { origin: "https://evil.example" } });
  assert.equal(foreign.status, 403);
  assert.equal(foreign.data.error.code, "cross_origin");
  const site = await w.fetch("/api/auth/register", { method: "POST", json, headers: { "sec-fetch-site": "cross-site" } });
  assert.equal(site.status, 403);
  assert.equal(await count(), n);
  const same = await w.fetch("/api/auth/register", { method: "POST", json, headers: { origin: w.url, "sec-fetch-site": "same-origin" } });
  assert.equal(same.status, 202);
  assert.equal(await count(), n + 1);
});

test("any method an address does not take is a 405 with Allow, unknown ones included", async () => {
  for (const [method, path, allow] of [["PATCH", "/api/me", "GET, DELETE, HEAD"], ["PROPFIND", "/api/me", "GET, DELETE, HEAD"], ["QUERY", "/api/communities", "GET, POST, HEAD"],
    ["PROPFIND", "/", "GET, HEAD"], ["POST", "/communities", "GET, HEAD"], ["PUT", "/js/app.js", "GET, HEAD"]]) {
    const r = await w.fetch(path, { method, cookie: admin });
    assert.equal(r.status, 405, `${method} ${path}`);
    assert.equal(r.headers.get("allow"), allow, `${method} ${path}`);
    assert.equal(r.data.error.code, "method_not_allowed");
  }
});

test("a query parameter the route does not take is a 422 naming it", async () => {
  const r = await w.fetch("/api/communities?limt=5", { cookie: admin });
  assert.deepEqual([r.status, r.data.error.field, r.data.error.code], [422, "limt", "unknown_parameter"]);
  const me = await w.fetch("/api/me?debug=1", { cookie: carla });
  assert.deepEqual([me.status, me.data.error.field], [422, "debug"]);
  assert.equal((await w.fetch("/api/communities?limit=5", { cookie: admin })).status, 200);
});

test("a missing file is a 404; a page's address gets the app", async () => {
  for (const path of ["/i18n/xx.json", "/js/nothing.js", "/css/none.css", "/favicon.ico"]) {
    const r = await w.fetch(path);
    assert.equal(r.status, 404, path);
    assert.doesNotMatch(r.text, /<html/i, path);
  }
  for (const path of ["/", "/communities", "/projects/e0000000000000000000000a1c1c/files", "/reset"]) {
    const r = await w.fetch(path);
    assert.equal(r.status, 200, path);
    assert.match(r.text, /<html/i, path);
  }
  assert.equal((await w.fetch("/i18n/en.json")).status, 200);
});

test("an uploaded file's name that is not UTF-8 is a 422, and nothing is stored", async () => {
  const anna = await w.login(DEMO.anna);
  const count = () => w.spaceCount(PROJECT, "folder_items");
  const before = await count();
  const body = Buffer.from("plain text notes\n");
  const r = await w.fetch(`/api/projects/${PROJECT}/files`, {
    method: "PUT", cookie: anna, body, headers: { "x-file-name": "notes%FF%FE.txt", "content-type": "text/plain", "content-length": String(body.length) },
  });
  assert.deepEqual([r.status, r.data.error.field, r.data.error.code], [422, "name", "name_not_utf8"]);
  assert.equal(await count(), before);
  const pdf = Buffer.from("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n");
  const cv = await w.fetch("/api/me/cv", { method: "PUT", cookie: anna, body: pdf, headers: { "x-file-name": "cv%C0.pdf", "content-length": String(pdf.length) } });
  assert.deepEqual([cv.status, cv.data.error.field], [422, "name"]);
});
