// The demo's process (demo/process.mjs, written by `npm start`): Anna and Carla's contract in force signed by all
// three, two goals with objectives, three sessions (two held with diaries, one commented; one planned) and an
// amendment waiting for signatures. Run here against a fresh worker, and a second time to show it changes nothing.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startWorker, DEMO, USERS, PROJECTS, DEMO_COMMUNITY } from "../support/worker.mjs";
import { seedProcess } from "../../demo/process.mjs";
import { seedOutcomes } from "../../demo/outcomes.mjs";
import { seedLibrary } from "../../demo/library.mjs";
import { readFileSync } from "node:fs";

const P = PROJECTS.annaCarla;
let w;
before(async () => {
  w = await startWorker();
});
after(async () => w.dispose());

test("the demo's process is written through the API, once", async () => {
  const fetch = (path, opts) => w.fetch(path, opts);
  assert.equal(await seedProcess(fetch), true);
  assert.equal(await seedProcess(fetch), false, "a second run does nothing");
  const carla = await w.login(DEMO.carla);
  const c = (await w.fetch(`/api/projects/${P}/contract`, { cookie: carla })).data;
  assert.deepEqual(c.versions.map((v) => [v.version, v.state]), [[2, "awaiting_signatures"], [1, "in_force"]]);
  assert.deepEqual(c.versions[1].signatures.map((s) => s.user_id).sort(), [USERS.anna, USERS.carla, USERS.coordinator].sort());
  const goals = (await w.fetch(`/api/projects/${P}/goals`, { cookie: carla })).data.goals;
  assert.equal(goals.length, 2);
  assert.ok(goals.every((g) => g.state === "agreed" && g.objectives.length >= 2));
  const plan = (await w.fetch(`/api/projects/${P}/sessions`, { cookie: carla })).data.sessions;
  assert.deepEqual(plan.map((s) => s.state), ["held", "held", "planned"]);
  assert.deepEqual(plan.map((s) => s.diary && s.diary.state), ["commented", "submitted", null]);
  const page = (await w.fetch(`/api/projects/${P}`, { cookie: carla })).data.process;
  assert.equal(page.checklist.filter((i) => i.done).length, 4, JSON.stringify(page.checklist));
  assert.equal(page.progress.interactions >= 2, true);
  const files = (await w.fetch(`/api/projects/${P}/files`, { cookie: carla })).data.items.map((i) => i.name);
  assert.ok(files.includes("Contract.md"));
});

test("the oversight panel: figures and dates only, for the coordinator and the members; none of the demo's text", async () => {
  // The project's space pushes its figures to D1 within seconds of a change: wait for them as a coordinator would.
  const until = Date.now() + 20_000;
  while ((await w.count("SELECT COUNT(*) FROM project_progress WHERE project_id = ? AND sessions_held = 2 AND contract_version = 2", P)) === 0 && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 100));
  }
  const coordinator = await w.login(DEMO.coordinator);
  const r = await w.fetch(`/api/projects/${P}/oversight`, { cookie: coordinator });
  assert.equal(r.status, 200, r.text);
  const d = r.data;
  assert.equal(d.stage.index, 0);
  assert.equal(d.contract.state, "awaiting_signatures");
  assert.deepEqual(d.contract.versions.map((v) => [v.version, v.state]), [[2, "awaiting_signatures"], [1, "in_force"]]);
  assert.equal(d.contract.versions[1].signed_at.length, 3, "version 1: three signature dates");
  assert.equal(d.goals.count, 2);
  assert.deepEqual(d.sessions.items.map((s) => s.state), ["held", "held", "planned"]);
  assert.ok(d.sessions.items.every((s) => typeof s.start_at === "number" && typeof s.mode === "string" && Object.keys(s).length === 3));
  assert.deepEqual(d.diaries.items.map((x) => x.state), ["commented", "submitted"]);
  assert.ok(d.interactions.count >= 2 && d.interactions.min === 4);
  assert.ok(d.activity === null || typeof d.activity.chat.week === "number");
  // None of the demo's words: not a topic, goal, diary answer, clause, note or the request's text.
  const json = JSON.stringify(d);
  const source = readFileSync(new URL("../../demo/process.mjs", import.meta.url), "utf8") + readFileSync(new URL("../../demo/seed.sql", import.meta.url), "utf8");
  const texts = [...source.matchAll(/["'`]([^"'`\n]{14,})["'`]/g)].map((m) => m[1]).filter((t) => / /.test(t) && !/[${}]/.test(t));
  assert.ok(texts.length > 20, `${texts.length} texts`);
  // (The project's title and the coordinator's name are the panel's own.)
  const leaked = texts.filter((t) => json.includes(t) && !d.project.title.includes(t) && t !== d.coordinator.name && t !== d.stage.title);
  assert.deepEqual(leaked, []);
  // Members see the same panel for their own project; outsiders get nothing.
  assert.equal((await w.fetch(`/api/projects/${P}/oversight`, { cookie: await w.login(DEMO.carla) })).status, 200);
  assert.equal((await w.fetch(`/api/projects/${P}/oversight`, { cookie: await w.login(DEMO.dev) })).status, 404);
  assert.equal((await w.fetch(`/api/projects/${P}/oversight`, { cookie: await w.login(DEMO.bruno) })).status, 404);
});

test("the demo's outcomes: a completed project with both evaluations and a shared report; a stalled and an at-risk one in the queue", async () => {
  const sql = readFileSync(new URL("../../demo/outcomes.sql", import.meta.url), "utf8");
  const { unstable_splitSqlQuery } = await import("wrangler");
  await w.db.batch(unstable_splitSqlQuery(sql).filter((s) => s.trim()).map((s) => w.db.prepare(s)));
  const fetch = (path, opts) => w.fetch(path, opts);
  const cron = () => w.cron();
  assert.equal(await seedOutcomes(fetch, { cron }), true);
  assert.equal(await seedOutcomes(fetch, { cron }), false, "a second run does nothing");
  const coordinator = await w.login(DEMO.coordinator);
  const queue = (await w.fetch(`/api/communities/${DEMO_COMMUNITY}/attention`, { cookie: coordinator })).data;
  const level = (id) => queue.needs_attention.find((p) => p.project_id === id)?.level;
  assert.equal(level("e0000000000000000000000f1f1f"), "stalled", JSON.stringify(queue.needs_attention.map((p) => [p.title, p.level])));
  assert.equal(level("e0000000000000000000000a2a2a"), "at_risk");
  const marta = queue.needs_attention.find((p) => p.project_id === "e0000000000000000000000a2a2a");
  assert.ok(marta.reasons.some((r) => r.rule === "fit_concern"));
  const elena = "e0000000000000000000000e1e1e";
  const evals = (await w.fetch(`/api/projects/${elena}/evaluations`, { cookie: coordinator })).data;
  assert.deepEqual(evals.requests.filter((r) => r.audience !== "fit").map((r) => [r.audience, r.state]).sort(), [["mentee", "submitted"], ["mentor", "submitted"]]);
  const shared = (await w.fetch(`/api/projects/${elena}/report/shares`, { cookie: coordinator })).data.shares;
  assert.deepEqual(shared[0].sections, ["reached", "mentor"]);
  assert.equal((await w.fetch(`/api/projects/${elena}`, { cookie: coordinator })).data.project.state, "completed");
  // The queue and the panels carry none of these projects' words (their titles and people's names are their own).
  const words = [...readFileSync(new URL("../../demo/outcomes.mjs", import.meta.url), "utf8").matchAll(/["'`]([^"'`\n]{14,})["'`]/g)]
    .map((m) => m[1]).filter((t) => / /.test(t) && !/[${}]/.test(t));
  assert.ok(words.length > 8, `${words.length} texts`);
  for (const id of [elena, "e0000000000000000000000a2a2a", "e0000000000000000000000f1f1f"]) {
    const json = JSON.stringify((await w.fetch(`/api/projects/${id}/oversight`, { cookie: coordinator })).data);
    assert.deepEqual(words.filter((t) => json.includes(t)), [], id);
  }
  assert.deepEqual(words.filter((t) => JSON.stringify(queue).includes(t)), []);
  // A platform admin is not the community's: its oversight answers 404, as projects do.
  assert.equal((await w.fetch(`/api/communities/${DEMO_COMMUNITY}/attention`, { cookie: await w.login(DEMO.admin) })).status, 404);
});

test("the demo's discussion rooms: a thread in each room, a case and a pseudonymous one, the mentees' room sealed with Dev moderating it", async () => {
  const sql = readFileSync(new URL("../../demo/rooms.sql", import.meta.url), "utf8");
  const { unstable_splitSqlQuery } = await import("wrangler");
  await w.db.batch(unstable_splitSqlQuery(sql).filter((s) => s.trim()).map((s) => w.db.prepare(s)));
  const get = async (email, path) => (await w.fetch(`/api/communities/${DEMO_COMMUNITY}${path}`, { cookie: await w.login(email) })).data;
  const cora = await get(DEMO.coordinator, "/rooms");
  assert.deepEqual(cora.rooms.map((r) => [r.room, r.access]), [["mentors", "moderator"], ["mentees", "reported"], ["everyone", "moderator"], ["coordinators", "moderator"]]);
  const mentees = await get(DEMO.dev, "/rooms/mentees");
  assert.equal(mentees.access, "moderator");
  assert.equal(mentees.threads[0].author.display_name, "Carla Esposito", "its moderator sees who wrote it");
  const everyone = await get(DEMO.anna, "/rooms/everyone");
  assert.deepEqual(everyone.threads.map((t) => [t.title, t.pinned]), [["Welcome: introduce yourself here", true], ["Useful links for engineering careers", false]]);
  const mentors = await get(DEMO.anna, "/rooms/mentors");
  assert.equal(mentors.threads[0].about_case, true);
  const thread = await get(DEMO.carla, "/rooms/everyone/threads/f1000000000000000000000000e1");
  assert.equal(thread.posts.length, 3);
  assert.equal(thread.thread.unread, 1);
});

test("Tandem's own library and the demo's: the platform's texts in English and Italian with a path each, the community's link and path, a proposal to curate; Anna and Carla's project shares and clones", async () => {
  const { unstable_splitSqlQuery } = await import("wrangler");
  for (const file of ["../../library.sql", "../../demo/library.sql"]) {
    const sql = readFileSync(new URL(file, import.meta.url), "utf8");
    await w.db.batch(unstable_splitSqlQuery(sql).filter((s) => s.trim()).map((s) => w.db.prepare(s)));
  }
  const shelf = async (email, q = "") => (await w.fetch(`/api/communities/${DEMO_COMMUNITY}/library${q}`, { cookie: await w.login(email) })).data;
  assert.deepEqual((await shelf(DEMO.carla, "?language=it&kind=path")).items.map((i) => i.title), ["Il tuo primo mese di mentoring"]);
  assert.deepEqual((await shelf(DEMO.dev, "?q=riservatezza")).items.map((i) => i.title), ["Confini e riservatezza"]);
  assert.deepEqual((await shelf(DEMO.coordinator, "?show=to_curate")).items.map((i) => i.title), ["Mentoring guidelines of a university"]);
  assert.equal((await shelf(DEMO.carla, "?show=mine")).items[0].state, "draft");
  const fetch = (path, opts) => w.fetch(path, opts);
  assert.equal(await seedLibrary(fetch), true);
  assert.equal(await seedLibrary(fetch), false, "a second run does nothing");
  const lib = (await w.fetch(`/api/projects/${PROJECTS.annaCarla}/library`, { cookie: await w.login(DEMO.anna) })).data;
  assert.deepEqual(lib.entries.map((e) => [e.kind, e.title]).sort(), [["path", "Getting ready for a first job"], ["share", "Europass: create your CV"], ["share", "Your first month of mentoring"]]);
  assert.equal(lib.ticks.length, 1);
  assert.equal(lib.item_steps.length, 4, "the shared path's steps come from the library");
});
