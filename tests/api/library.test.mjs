// The library (#13): a member proposes, a curator (an admin, or a librarian they named) publishes; what is not
// published is seen by its author and the curators only; full-text search and filters; ratings; a path's steps keep
// their ids (and people's ticks) across an edit; the platform's shelf beside every community's; in a project, shares,
// clones and paths of its own with each person's ticks, kept in its space, D1 counting only shares and clones. Bad
// input is refused by field and stores nothing; outsiders and a library turned off get 404.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startWorker, DEMO, USERS, PROJECTS, DEMO_COMMUNITY } from "../support/worker.mjs";

const C = DEMO_COMMUNITY;
const P = PROJECTS.annaCarla;
const SHELF = `/api/communities/${C}/library`;
let w, as;

before(async () => {
  w = await startWorker();
  const cookies = {};
  for (const [who, email] of Object.entries(DEMO)) cookies[who] = await w.login(email);
  as = (who) => (method, path, json) => w.fetch(path, { method, cookie: cookies[who], json });
});
after(async () => w.dispose());

const LINK = {
  kind: "link", title: "Giving feedback that helps", description: "How a mentor gives feedback a mentee can use: specific, kind, timely.",
  url: "https://example.org/feedback", licence: "cc-by-4.0", languages: ["en"], fields: ["ict"], level: "introductory", audience: "mentors",
};
const titles = (r) => r.data.items.map((i) => i.title);

test("a member proposes, a curator publishes; before that only they see it; search, filters and ratings", async () => {
  const carla = as("carla"), dev = as("dev"), coord = as("coordinator");
  let r = await carla("POST", SHELF, { ...LINK, client_key: "lib-1" });
  assert.equal(r.status, 201, r.text);
  const item = r.data;
  assert.deepEqual([item.state, item.author_name, item.can.edit, item.can.actions], ["draft", "Carla Esposito", true, ["submit"]]);
  // The same client key again: the same item.
  r = await carla("POST", SHELF, { ...LINK, client_key: "lib-1" });
  assert.equal(r.data.id, item.id);
  assert.equal(await w.count("SELECT COUNT(*) FROM library_items WHERE title = ?", LINK.title), 1);

  // A draft: Dev sees nothing, not even by its id.
  assert.ok(!titles(await dev("GET", SHELF)).includes(LINK.title));
  assert.equal((await dev("GET", `${SHELF}/${item.id}`)).status, 404);
  assert.equal((await carla("POST", `${SHELF}/${item.id}/actions`, { action: "publish" })).status, 403);
  r = await carla("POST", `${SHELF}/${item.id}/actions`, { action: "submit" });
  assert.deepEqual([r.status, r.data.state], [200, "submitted"], r.text);
  r = await coord("GET", `${SHELF}?show=to_curate`);
  assert.deepEqual(titles(r), [LINK.title]);
  assert.equal(r.data.curator, true);
  r = await coord("POST", `${SHELF}/${item.id}/actions`, { action: "publish" });
  assert.deepEqual([r.status, r.data.state], [200, "published"], r.text);
  assert.equal((await carla("PUT", `${SHELF}/${item.id}`, { ...LINK, title: "Changed after publishing" })).status, 403);

  // Published: everyone in the community finds it, by words (any case, a prefix) and filters.
  for (const q of ["feedback", "FEEDB", "mentee kind"]) assert.deepEqual(titles(await dev("GET", `${SHELF}?q=${encodeURIComponent(q)}`)), [LINK.title], q);
  assert.deepEqual(titles(await dev("GET", `${SHELF}?q=contract`)), []);
  assert.deepEqual(titles(await dev("GET", `${SHELF}?audience=mentors&language=en&field=ict&kind=link`)), [LINK.title]);
  assert.deepEqual(titles(await dev("GET", `${SHELF}?audience=mentees`)).filter((t) => t === LINK.title), []);
  assert.deepEqual(titles(await dev("GET", `${SHELF}?q=${encodeURIComponent('title:x OR "')}`)), [], "operators are only words");

  // Rated once per member, replaced; the figures follow.
  r = await dev("PUT", `${SHELF}/${item.id}/review`, { rating: 4, text: "Clear and short." });
  assert.equal(r.status, 200, r.text);
  r = await dev("PUT", `${SHELF}/${item.id}/review`, { rating: 5, text: "Read it again: very good." });
  assert.deepEqual([r.data.ratings, r.data.rating_sum, r.data.reviews.length, r.data.reviews[0].display_name], [1, 5, 1, "Dev Patel"]);
  assert.equal((await dev("PUT", `${SHELF}/${item.id}/review`, { rating: 6 })).data.error.field, "rating");

  // Withdrawn by its author: gone for the others, back when a curator restores it.
  assert.equal((await carla("POST", `${SHELF}/${item.id}/actions`, { action: "withdraw" })).data.state, "withdrawn");
  assert.equal((await dev("GET", `${SHELF}/${item.id}`)).status, 404);
  assert.equal((await coord("POST", `${SHELF}/${item.id}/actions`, { action: "restore" })).data.state, "published");
});

test("bad input is refused by field and stores nothing", async () => {
  const carla = as("carla");
  const before = await w.count("SELECT COUNT(*) FROM library_items");
  for (const [body, field] of [
    [{ ...LINK, url: "javascript:alert(1)" }, "url"],
    [{ ...LINK, url: "file:///etc/passwd" }, "url"],
    [{ ...LINK, licence: "do-what-you-like" }, "licence"],
    [{ ...LINK, languages: ["xx"] }, "languages.0"],
    [{ ...LINK, title: "x".repeat(201) }, "title"],
    [{ ...LINK, kind: "video" }, "kind"],
    [{ ...LINK, kind: "text" }, "body"],
    [{ ...LINK, kind: "path", steps: [] }, "steps"],
    [{ ...LINK, kind: "path", steps: [{ resource: "0000000000000000000000000000", text: "" }] }, "steps.0.resource"],
    [{ ...LINK, audience: "everybody" }, "audience"],
    [{ ...LINK, colour: "red" }, "colour"],
  ]) {
    const r = await carla("POST", SHELF, body);
    assert.deepEqual([r.status, r.data.error.field], [422, field], `${field}: ${r.text}`);
  }
  assert.equal((await carla("GET", `${SHELF}?kind=video`)).data.error.field, "kind");
  assert.equal(await w.count("SELECT COUNT(*) FROM library_items"), before);
});

test("a document: its file checked by its bytes, needed before submitting, downloaded by readers only", async () => {
  const carla = as("carla"), coord = as("coordinator"), dev = as("dev"), admin = as("admin");
  let r = await carla("POST", SHELF, { kind: "document", title: "A session plan template", licence: "cc-by-4.0", languages: ["en"], client_key: "doc-1" });
  assert.equal(r.status, 201, r.text);
  const id = r.data.id;
  r = await carla("POST", `${SHELF}/${id}/actions`, { action: "submit" });
  assert.deepEqual([r.status, r.data.error.code], [409, "invalid_transition"], "no file yet");
  const put = (who, bytes, name) => w.fetch(`${SHELF}/${id}/file`, { method: "PUT", cookie: who, body: bytes,
    headers: { "content-type": "application/octet-stream", "content-length": String(bytes.length), "x-file-name": encodeURIComponent(name) } });
  const carlaCookie = await w.login(DEMO.carla);
  r = await put(carlaCookie, Buffer.concat([Buffer.from("MZ\x90\x00\x03"), Buffer.alloc(200)]), "plan.pdf");
  assert.equal(r.status, 415, r.text);
  const pdf = Buffer.from("%PDF-1.7\nA session plan\n");
  r = await put(carlaCookie, pdf, "Session plan.pdf");
  assert.equal(r.status, 200, r.text);
  assert.deepEqual([r.data.file_name, r.data.file_type, r.data.file_size], ["Session plan.pdf", "application/pdf", pdf.length]);
  assert.equal((await put(await w.login(DEMO.dev), pdf, "x.pdf")).status, 404, "a draft is not there for others");
  assert.equal((await carla("POST", `${SHELF}/${id}/actions`, { action: "submit" })).status, 200);
  assert.equal((await coord("POST", `${SHELF}/${id}/actions`, { action: "publish" })).status, 200);
  r = await w.fetch(`${SHELF}/${id}/file`, { cookie: await w.login(DEMO.dev) });
  assert.equal(r.status, 200);
  assert.match(r.headers.get("content-disposition"), /^attachment; filename="Session plan.pdf"/);
  assert.equal(r.text, pdf.toString());
  assert.equal((await w.fetch(`${SHELF}/${id}/file`, { cookie: await w.login(DEMO.admin) })).status, 404);
  assert.equal((await dev("PUT", `${SHELF}/${id}/review`, { rating: 4 })).status, 200);
  assert.equal((await admin("GET", `${SHELF}/${id}`)).status, 404);
});

test("librarians curate with the admins; the platform's shelf is beside every community's and curated by platform admins", async () => {
  const anna = as("anna"), carla = as("carla"), coord = as("coordinator"), admin = as("admin"), bruno = as("bruno");
  // A platform admin is not a member: the community's shelf is not there for them.
  assert.equal((await admin("GET", SHELF)).status, 404);
  // Anna, named a librarian, publishes Carla's submission.
  let r = await carla("POST", SHELF, { ...LINK, title: "Questions for a first session", audience: "mentees", client_key: "lib-2" });
  const id = r.data.id;
  await carla("POST", `${SHELF}/${id}/actions`, { action: "submit" });
  assert.equal((await anna("POST", `${SHELF}/${id}/actions`, { action: "publish" })).status, 404, "not published: not there for her");
  assert.equal((await bruno("PUT", `/api/communities/${C}/librarians/${USERS.anna}`, { librarian: true })).status, 403, "not an admin of this community");
  r = await coord("PUT", `/api/communities/${C}/librarians/${USERS.anna}`, { librarian: true });
  assert.deepEqual(r.data.librarians.map((l) => l.display_name), ["Anna Bianchi"]);
  r = await anna("POST", `${SHELF}/${id}/actions`, { action: "return", note: "Add where it comes from, please." });
  assert.deepEqual([r.data.state, r.data.note], ["draft", "Add where it comes from, please."]);
  assert.equal((await carla("GET", `${SHELF}/${id}`)).data.note, "Add where it comes from, please.", "its author reads why");
  await coord("PUT", `/api/communities/${C}/librarians/${USERS.anna}`, { librarian: false });
  assert.equal((await anna("GET", `${SHELF}/${id}`)).status, 404);

  // The platform's shelf: a text and a path through it, published by a platform admin; read in every community.
  r = await admin("POST", "/api/library", { kind: "text", title: "The stages of a mentoring relationship", body: "Initiation, cultivation, separation, redefinition.", licence: "cc-by-sa-4.0", languages: ["en"], client_key: "plat-1" });
  assert.equal(r.status, 201, r.text);
  const text = r.data.id;
  r = await admin("POST", "/api/library", { kind: "path", title: "Mentoring in four weeks", licence: "cc-by-4.0", languages: ["en"],
    steps: [{ resource: text, text: "Read it", minutes: 20 }, { text: "Write what you expect of your mentor", minutes: 15 }], client_key: "plat-2" });
  assert.equal(r.status, 201, r.text);
  const path = r.data.id;
  assert.deepEqual([r.data.minutes, r.data.steps.map((s) => s.resource_title)], [35, ["The stages of a mentoring relationship", null]]);
  for (const i of [text, path]) assert.equal((await admin("POST", `/api/library/${i}/actions`, { action: "publish" })).status, 200);
  r = await carla("GET", `${SHELF}?q=stages`);
  assert.deepEqual(r.data.items.map((i) => [i.title, i.platform]), [["The stages of a mentoring relationship", 1]]);
  assert.equal((await carla("GET", `/api/library/${path}`)).data.title, "Mentoring in four weeks");
  assert.equal((await carla("PUT", `/api/library/${path}`, {})).status, 403);
  assert.equal((await coord("POST", `${SHELF}/${path}/actions`, { action: "withdraw" })).status, 403, "a community's curators do not curate the platform's shelf");
  // A community's item is not on the platform's shelf.
  assert.equal((await carla("GET", `/api/library/${id}`)).status, 404);

  // Ticks are one's own; an edit that keeps a step keeps its ticks.
  const steps = (await carla("GET", `${SHELF}/${path}`)).data.steps;
  r = await carla("PUT", `${SHELF}/${path}/progress`, { step: steps[0].id, done: true });
  assert.deepEqual(r.data.done, [steps[0].id]);
  assert.equal((await carla("PUT", `${SHELF}/${path}/progress`, { step: "0000000000000000000000000000", done: true })).data.error.field, "step");
  r = await admin("PUT", `/api/library/${path}`, { kind: "path", title: "Mentoring in four weeks", licence: "cc-by-4.0", languages: ["en"],
    steps: [{ id: steps[0].id, resource: text, text: "Read it slowly", minutes: 25 }, { text: "A new second step", minutes: 10 }] });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.data.version, 2);
  r = await carla("GET", `${SHELF}/${path}`);
  assert.deepEqual([r.data.steps[0].id, r.data.steps[0].text, r.data.done], [steps[0].id, "Read it slowly", [steps[0].id]]);
  assert.notEqual(r.data.steps[1].id, steps[1].id);
});

test("a roll's training path: its supervisor sees each applicant's ticks, and accreditation waits for all of them", async () => {
  const coord = as("coordinator"), dev = as("dev"), carla = as("carla");
  const path = (await dev("GET", `${SHELF}?q=${encodeURIComponent("four weeks")}`)).data.items[0];
  assert.equal((await carla("PUT", `/api/communities/${C}/roll/training`, { path_id: path.id })).status, 403);
  const draft = (await carla("GET", `${SHELF}?show=mine`)).data.items.find((i) => i.state === "draft");
  assert.equal((await coord("PUT", `/api/communities/${C}/roll/training`, { path_id: draft.id })).data.error.field, "path_id", "only a published path");
  let r = await coord("PUT", `/api/communities/${C}/roll/training`, { path_id: path.id });
  assert.deepEqual(r.data.training, { path_id: path.id, title: "Mentoring in four weeks", steps: 2 });
  assert.equal((await dev("GET", `/api/communities/${C}/roll`)).data.training.title, "Mentoring in four weeks", "applicants see it");
  r = await dev("POST", `/api/communities/${C}/roll/applications`, { motivation: "I ran a small business for ten years and want to help." });
  assert.equal(r.status, 201, r.text);
  r = await coord("GET", `/api/communities/${C}/roll/applications`);
  assert.equal(r.data.items.find((e) => e.user_id === USERS.dev).training_done, 0);
  r = await coord("POST", `/api/communities/${C}/roll/entries/${USERS.dev}/decision`, { decision: "accredit" });
  assert.deepEqual([r.status, r.data.error.code], [409, "training_not_done"]);
  for (const step of (await dev("GET", `${SHELF}/${path.id}`)).data.steps) await dev("PUT", `${SHELF}/${path.id}/progress`, { step: step.id, done: true });
  r = await coord("GET", `/api/communities/${C}/roll/applications`);
  assert.equal(r.data.items.find((e) => e.user_id === USERS.dev).training_done, 2);
  r = await coord("POST", `/api/communities/${C}/roll/entries/${USERS.dev}/decision`, { decision: "accredit" });
  assert.deepEqual([r.status, r.data.entry.status], [200, "accredited"], r.text);
  assert.equal((await coord("PUT", `/api/communities/${C}/roll/training`, { path_id: "" })).data.training, null);
});

test("in the project: share with why, clone a path, write one; each person's ticks; only counts reach D1", async () => {
  const anna = as("anna"), carla = as("carla"), dev = as("dev"), admin = as("admin");
  const lib = `/api/projects/${P}/library`;
  const find = async (q) => (await carla("GET", `${SHELF}?q=${encodeURIComponent(q)}`)).data.items[0];
  const feedback = await find("feedback");
  const path = await find("four weeks");
  let r = await carla("POST", lib, { action: "share", item: feedback.id, note: "Useful before our next session.", client_key: "share-1" });
  assert.equal(r.status, 201, r.text);
  r = await carla("POST", lib, { action: "share", item: feedback.id, note: "Useful before our next session.", client_key: "share-1" });
  assert.equal(r.data.entries.length, 1, "the same key: stored once");
  r = await carla("POST", lib, { action: "clone", item: path.id, client_key: "clone-1" });
  assert.equal(r.status, 201, r.text);
  const clone = r.data.entries.find((e) => e.kind === "path");
  assert.deepEqual([clone.title, clone.item, clone.version], ["Mentoring in four weeks", path.id, 2]);
  assert.equal(r.data.steps.filter((s) => s.entry === clone.id).length, 2);
  r = await anna("POST", lib, { action: "create", title: "Before the interviews", steps: [{ resource: feedback.id, text: "Read", minutes: 10 }, { text: "Two questions per interview" }], client_key: "own-1" });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(r.data.items.map((i) => i.title).sort(), ["Giving feedback that helps", "Mentoring in four weeks", "The stages of a mentoring relationship"]);
  assert.equal(await w.count("SELECT shares FROM library_items WHERE id = ?", feedback.id), 1);
  assert.equal(await w.count("SELECT clones FROM library_items WHERE id = ?", path.id), 1);
  // The usage report's "most shared and cloned", by community and period.
  const day = (ms) => new Date(ms).toISOString().slice(0, 10);
  const usage = await as("coordinator")("GET", `/api/communities/${C}/usage?from=${day(Date.now() - 7 * 86_400_000)}&to=${day(Date.now())}`);
  assert.deepEqual(usage.data.library.map((i) => [i.title, i.shares, i.clones]).sort(), [["Giving feedback that helps", 1, 0], ["Mentoring in four weeks", 0, 1]]);

  // Ticks: each their own, on the project's own paths.
  const step = r.data.steps.find((s) => s.entry === clone.id);
  r = await carla("PUT", `${lib}/${clone.id}/steps/${step.id}`, { done: true });
  assert.deepEqual(r.data.ticks.map((t) => [t.step, t.user]), [[step.id, USERS.carla]]);
  r = await anna("GET", lib);
  assert.equal(r.data.ticks.length, 1, "Anna sees Carla's tick");
  assert.equal((await carla("PUT", `${lib}/${clone.id}/steps/0000000000000000000000000000`, { done: true })).status, 404);
  const share = r.data.entries.find((e) => e.kind === "share");
  assert.equal((await carla("PUT", `${lib}/${share.id}/steps/${step.id}`, { done: true })).status, 404, "a shared link has no steps");

  // A step of the clone stands for an objective of Carla's goal: ticking it marks the objective done.
  const goalsApi = `/api/projects/${P}/goals`;
  let g = await carla("POST", goalsApi, { title: "Be ready to mentor", why: "I will mentor next year." });
  const goal = g.data.goals.find((x) => x.title === "Be ready to mentor");
  await carla("POST", `${goalsApi}/${goal.id}/actions`, { action: "agree" });
  await anna("POST", `${goalsApi}/${goal.id}/actions`, { action: "agree" });
  g = await carla("POST", `${goalsApi}/${goal.id}/objectives`, { title: "Follow the four weeks path" });
  assert.ok(g.status < 300, g.text);
  const objective = g.data.goals.find((x) => x.id === goal.id).objectives[0].id;
  const second = r.data.steps.filter((s) => s.entry === clone.id)[1];
  assert.equal((await carla("PUT", `${lib}/${clone.id}/steps/${second.id}/objective`, { goal: goal.id, objective: "0000000000000000000000000000" })).data.error.field, "objective");
  r = await carla("PUT", `${lib}/${clone.id}/steps/${second.id}/objective`, { goal: goal.id, objective });
  assert.deepEqual(r.data.links.map((l) => [l.step, l.title, l.done]), [[second.id, "Follow the four weeks path", false]]);
  r = await carla("PUT", `${lib}/${clone.id}/steps/${second.id}`, { done: true });
  assert.deepEqual(r.data.links.map((l) => l.done), [true]);
  assert.equal((await carla("GET", goalsApi)).data.goals.find((x) => x.id === goal.id).objectives[0].done_by, USERS.carla);

  // Nothing of it in D1 but the counts; outsiders and drafts are refused.
  assert.equal(await w.count("SELECT COUNT(*) FROM library_items WHERE title = 'Before the interviews'"), 0);
  assert.equal((await dev("GET", lib)).status, 404);
  assert.equal((await admin("GET", lib)).status, 404);
  const draft = (await carla("POST", SHELF, { ...LINK, title: "My own draft", client_key: "lib-3" })).data;
  assert.equal((await carla("POST", lib, { action: "share", item: draft.id, client_key: "share-2" })).data.error.field, "item");
  assert.equal((await carla("POST", lib, { action: "clone", item: feedback.id, client_key: "clone-2" })).data.error.code, "not_a_path");

  // Removed by who added it or the mentor.
  const own = (await anna("GET", lib)).data.entries.find((e) => e.title === "Before the interviews");
  assert.equal((await carla("DELETE", `${lib}/${own.id}`)).status, 403);
  r = await anna("DELETE", `${lib}/${share.id}`);
  assert.deepEqual(r.data.entries.map((e) => e.title).sort(), ["Before the interviews", "Mentoring in four weeks"]);

  // A path shared live: its steps are the library's, and only those are ticked.
  r = await anna("POST", lib, { action: "share", item: path.id, note: "", client_key: "share-path" });
  const live = r.data.entries.find((e) => e.kind === "share" && e.item === path.id);
  const liveStep = r.data.item_steps.find((s) => s.path_id === path.id);
  assert.equal((await carla("PUT", `${lib}/${live.id}/steps/0000000000000000000000000001`, { done: true })).status, 404, "a step not on the path");
  r = await carla("PUT", `${lib}/${live.id}/steps/${liveStep.id}`, { done: true });
  assert.equal(r.status, 200, r.text);
  assert.ok(r.data.ticks.some((t) => t.entry === live.id && t.step === liveStep.id));
});

test("the library turned off is gone for the community and its projects; on again, all is there", async () => {
  const coord = as("coordinator"), carla = as("carla");
  let r = await coord("PUT", `/api/communities/${C}/modules`, { library: false });
  assert.equal(r.data.modules.library, false);
  for (const path of [SHELF, `/api/projects/${P}/library`]) {
    r = await carla("GET", path);
    assert.deepEqual([r.status, r.data.error.code], [404, "module_off"], path);
  }
  await coord("PUT", `/api/communities/${C}/modules`, { library: true });
  assert.equal((await carla("GET", `/api/projects/${P}/library`)).data.entries.length, 3);
});
