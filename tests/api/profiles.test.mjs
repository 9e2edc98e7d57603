// Profiles and CVs: editing, validation, upload limits checked by content, downloads, who may see what.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startWorker, DEMO } from "../support/worker.mjs";
import { USERS } from "../support/demo.mjs";

let w, carla, anna, stranger;
before(async () => {
  w = await startWorker();
  carla = await w.login(DEMO.carla);
  anna = await w.login(DEMO.anna);
  // Someone who shares no community with anybody.
  await w.fetch("/api/auth/register", { method: "POST", json: { email: "stranger@example.org", display_name: "Stranger", password: "a long passphrase 42" } });
  await w.fetch("/api/auth/verify", { method: "POST", json: { token: await w.mailedToken("stranger@example.org") } });
  stranger = await w.login("stranger@example.org", "a long passphrase 42");
});
after(async () => w.dispose());

const CARLA = USERS.carla;
const put = (json, cookie = carla) => w.fetch("/api/me/profile", { method: "PUT", json, cookie });
const upload = (bytes, name, cookie = carla) =>
  w.fetch("/api/me/cv", { method: "PUT", body: bytes, cookie, headers: { "x-file-name": encodeURIComponent(name), "content-type": "application/octet-stream" } });
const pdf = (size = 2000) => Buffer.concat([Buffer.from("%PDF-1.4\n"), Buffer.alloc(size, 32)]);

test("a profile is saved whole and read back in order", async () => {
  const profile = {
    presentation: "Final-year student.\nI like robotics.",
    education_level: "bachelor", status: "student", position: "Intern", field_of_study: "engineering", sector: "manufacturing",
    languages: [{ code: "it", level: "native" }, { code: "de", level: "a2" }, { code: "en", level: "b2" }],
    timezone: "Europe/Rome",
    contact_tools: [{ tool: "signal", handle: "carla.e" }],
    mentor_experience: "", mentor_motivation: "", accepting_mentees: false, open_to_other_communities: false, open_to_groups: true,
  };
  const r = await put(profile);
  assert.equal(r.status, 200);
  const me = await w.fetch("/api/me", { cookie: carla });
  assert.deepEqual(me.data.profile, profile);
});

test("bad profile input names the field and changes nothing", async () => {
  const before = (await w.fetch("/api/me", { cookie: carla })).data.profile;
  const cases = [
    [{ education_level: "wizard" }, "education_level"],
    [{ languages: [{ code: "xx", level: "b1" }] }, "languages.0.code"],
    [{ languages: [{ code: "it", level: "b1" }, { code: "it", level: "c1" }] }, "languages.1.code"],
    [{ contact_tools: [{ tool: "fax", handle: "123" }] }, "contact_tools.0.tool"],
    [{ contact_tools: [{ tool: "zoom", handle: "" }] }, "contact_tools.0.handle"],
    [{ timezone: "Nowhere" }, "timezone"],
    [{ presentation: "x".repeat(2001) }, "presentation"],
  ];
  for (const [json, field] of cases) {
    const r = await put(json);
    assert.equal(r.status, 422, JSON.stringify(json));
    assert.equal(r.data.error.field, field);
  }
  const wrongType = await put({ accepting_mentees: "yes" });
  assert.deepEqual([wrongType.status, wrongType.data.error.field, wrongType.data.error.code], [422, "accepting_mentees", "wrong_type"]);
  const typo = await put({ presentaton: "typo in the field name" });
  assert.deepEqual([typo.status, typo.data.error.field, typo.data.error.code], [422, "presentaton", "unknown_field"]);
  const atlantis = await put({ timezone: "Europe/Atlantis" });
  assert.equal(atlantis.data.error.code, "timezone_invalid");
  assert.deepEqual((await w.fetch("/api/me", { cookie: carla })).data.profile, before);
});

test("an edit changes what it names and keeps the rest", async () => {
  const before = (await w.fetch("/api/me", { cookie: carla })).data.profile;
  const r = await put({ position: "Junior data engineer" });
  assert.equal(r.status, 200);
  const after = (await w.fetch("/api/me", { cookie: carla })).data.profile;
  assert.deepEqual(after, { ...before, position: "Junior data engineer" });
  assert.equal((await put({})).status, 200);
  assert.deepEqual((await w.fetch("/api/me", { cookie: carla })).data.profile, after, "an empty edit changes nothing");
});

test("a PDF CV uploads, shows with its name, and downloads as an attachment", async () => {
  const r = await upload(pdf(), "Carla CV 2026.pdf");
  assert.equal(r.status, 200);
  assert.equal(r.data.cv.name, "Carla CV 2026.pdf");
  assert.equal(r.data.cv.type, "application/pdf");
  const me = await w.fetch("/api/me", { cookie: carla });
  assert.equal(me.data.cv.name, "Carla CV 2026.pdf");
  const dl = await w.fetch("/api/me/cv", { cookie: carla });
  assert.equal(dl.status, 200);
  assert.equal(dl.headers.get("content-type"), "application/pdf");
  assert.match(dl.headers.get("content-disposition"), /^attachment; filename="Carla CV 2026.pdf"/);
  assert.equal(dl.headers.get("x-content-type-options"), "nosniff");
  assert.ok(dl.text.startsWith("%PDF-1.4"));
});

test("a new CV replaces the old one, which is removed from storage", async () => {
  const bucket = await w.bucket();
  const before = (await bucket.list({ prefix: `cv/${CARLA}/` })).objects.length;
  assert.equal(before, 1);
  // A ZIP whose first, stored entry is "mimetype" (name length 8 at offset 26), as OpenDocument requires.
  const header = Buffer.alloc(30);
  header.write("PK\x03\x04", 0, "latin1");
  header.writeUInt16LE(8, 26);
  const odt = Buffer.concat([header, Buffer.from("mimetypeapplication/vnd.oasis.opendocument.text"), Buffer.alloc(500)]);
  const r = await upload(odt, "cv.odt");
  assert.equal(r.data.cv.type, "application/vnd.oasis.opendocument.text");
  assert.equal((await bucket.list({ prefix: `cv/${CARLA}/` })).objects.length, 1);
});

test("uploads are checked by size and by content, not by name, and a refusal stores nothing", async () => {
  const bucket = await w.bucket();
  const count = async () => (await bucket.list({ prefix: "cv/" })).objects.length;
  const n = await count();
  const exe = await upload(Buffer.from("MZ\x90\x00\x03 this is a program"), "cv.pdf", anna);
  assert.equal(exe.status, 415);
  assert.equal(exe.data.error.code, "unsupported_media_type");
  assert.match(exe.data.error.message, /PDF/);
  const txt = await upload(Buffer.from("just some text"), "cv.docx", anna);
  assert.equal(txt.status, 415);
  const big = await upload(pdf(5 * 1024 * 1024), "big.pdf", anna);
  assert.equal(big.status, 413);
  assert.match(big.data.error.message, /5 MB/);
  const empty = await upload(Buffer.alloc(0), "empty.pdf", anna);
  assert.equal(empty.status, 400);
  assert.equal(await count(), n);
  assert.equal((await w.fetch("/api/me", { cookie: anna })).data.cv, null);
});

test("file names are made safe", async () => {
  const r = await upload(pdf(), "../../etc/passwd\";.pdf", anna);
  assert.equal(r.data.cv.name, "passwd.pdf");
  const dl = await w.fetch("/api/me/cv", { cookie: anna });
  assert.match(dl.headers.get("content-disposition"), /filename="passwd.pdf"/);
});

test("members of a shared community see each other's profile and CV; others get 404", async () => {
  const seen = await w.fetch(`/api/users/${CARLA}`, { cookie: anna });
  assert.equal(seen.status, 200);
  assert.equal(seen.data.user.display_name, "Carla Esposito");
  assert.equal(seen.data.profile.timezone, "Europe/Rome");
  assert.equal(seen.data.user.email, undefined, "the account e-mail is private");
  assert.equal((await w.fetch(`/api/users/${CARLA}/cv`, { cookie: anna })).status, 200);
  const hidden = await w.fetch(`/api/users/${CARLA}`, { cookie: stranger });
  const missing = await w.fetch(`/api/users/000000000000000000000000ffff`, { cookie: stranger });
  assert.equal(hidden.status, 404);
  assert.deepEqual(hidden.data, missing.data);
  assert.equal((await w.fetch(`/api/users/${CARLA}/cv`, { cookie: stranger })).status, 404);
  assert.equal((await w.fetch(`/api/users/${CARLA}`)).status, 401);
});

test("removing the CV deletes the file", async () => {
  assert.equal((await w.fetch("/api/me/cv", { method: "DELETE", cookie: carla })).status, 204);
  assert.equal((await w.fetch("/api/me/cv", { cookie: carla })).status, 404);
  assert.equal((await (await w.bucket()).list({ prefix: `cv/${CARLA}/` })).objects.length, 0);
});

test("vocabularies are served to the frontend", async () => {
  const r = await w.fetch("/api/vocabularies");
  assert.ok(r.data.education_levels.includes("bachelor"));
  assert.ok(r.data.languages.includes("it"));
  assert.ok(r.data.contact_tools.includes("jitsi"));
});
