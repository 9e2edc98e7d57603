// Evaluation and feedback (#12): the fit check raises a concern only the coordinator sees; on completion each member
// is asked their form; answers are split by who may read them, the pair's revealed only when both are in; an
// organisation's contact answers once through an e-mailed link; reminders after 7, 14 and 21 days, then expiry;
// anonymous answers shown only as aggregates over five. Bad input changes nothing.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startWorker, DEMO, USERS, PROJECTS, DEMO_COMMUNITY } from "../support/worker.mjs";

const P = PROJECTS.annaCarla;
const DAY = 86_400_000;
let w, anna, carla, coord, dev;

before(async () => {
  w = await startWorker();
  [anna, carla, coord, dev] = await Promise.all([DEMO.anna, DEMO.carla, DEMO.coordinator, DEMO.dev].map((e) => w.login(e)));
});
after(async () => w.dispose());

const get = (cookie, path = `/api/projects/${P}/evaluations`) => w.fetch(path, { cookie });
const post = (cookie, path, json) => w.fetch(path, { method: "POST", cookie, json });
const answer = (cookie, request, answers, client_key = `k-${Math.random().toString(36).slice(2)}`) =>
  post(cookie, `/api/projects/${P}/evaluations/${request}/answers`, { answers, client_key });
const snapshot = async () => {
  const rows = async (sql) => JSON.stringify((await w.db.prepare(sql).all()).results);
  return (await rows("SELECT * FROM evaluation_requests ORDER BY id")) + (await rows("SELECT * FROM evaluation_answers ORDER BY 1, 2")) +
    (await rows("SELECT * FROM evaluation_anonymous ORDER BY 1"));
};

test("are we well matched? A 'not sure' is the coordinator's alone, puts the project at risk, and is cleared by an acknowledgement", async () => {
  let r = await post(coord, `/api/projects/${P}/evaluations`, { kind: "fit" });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.data.requests.filter((x) => x.audience === "fit").length, 2, "each member");
  assert.equal((await post(carla, `/api/projects/${P}/evaluations`, { kind: "fit" })).status, 403, "members do not ask");
  r = await get(carla);
  const mine = r.data.requests.find((x) => x.audience === "fit" && x.respondent_id === USERS.carla);
  assert.deepEqual(r.data.open, [mine.id]);
  assert.equal(r.data.forms[mine.form_ref].questions[0].key, "fit");
  const before = await snapshot();
  r = await answer(carla, mine.id, { fit: "perhaps" });
  assert.equal(r.status, 422);
  assert.equal(r.data.error.field, "answers.fit");
  const annas = (await get(anna)).data.requests.find((x) => x.audience === "fit" && x.respondent_id === USERS.anna);
  r = await answer(carla, annas.id, { fit: "yes" });
  assert.equal(r.status, 403, "not requested of her");
  assert.equal(r.data.error.code, "not_requested");
  assert.equal(await snapshot(), before, "refused answers change nothing");

  r = await answer(carla, mine.id, { fit: "not_sure", note: "We rarely find a time that suits us both." });
  assert.equal(r.status, 200, r.text);
  // The coordinator sees the concern and the note, with Carla's name; the project is at risk and they are told.
  r = await get(coord);
  assert.ok(r.data.requests.find((x) => x.id === mine.id).concern);
  assert.deepEqual(r.data.programme.filter((a) => a.request_id === mine.id).map((a) => [a.question, a.value]).sort(), [["fit", "not_sure"], ["note", "We rarely find a time that suits us both."]]);
  const health = (await get(coord, `/api/projects/${P}/health`)).data;
  assert.ok(["at_risk", "stalled"].includes(health.level), health.level);
  assert.ok(health.reasons.some((x) => x.rule === "fit_concern"));
  assert.ok(await w.count("SELECT COUNT(*) FROM outbox WHERE to_email = ? AND subject LIKE '%is at risk%'", DEMO.coordinator));
  // Anna sees neither the answer nor the concern, nor the reason.
  r = await get(anna);
  assert.ok(!JSON.stringify(r.data).includes("rarely"));
  assert.equal(r.data.requests.find((x) => x.id === mine.id), undefined, "nor that Carla was asked, nor when she answered");
  assert.ok(!JSON.stringify((await get(anna, `/api/projects/${P}/health`)).data).includes("fit_concern"));
  assert.equal((await get(dev)).status, 404);
  // Acknowledged: the concern is cleared.
  const snooze = new Date(Date.now() + 10 * DAY).toISOString().slice(0, 10);
  r = await post(coord, `/api/projects/${P}/health/acknowledge`, { note: "Talked with both: a new weekly slot.", snooze_until: snooze });
  assert.equal(r.status, 200, r.text);
  assert.equal(await w.count("SELECT COUNT(*) FROM evaluation_requests WHERE project_id = ? AND concern = 1", P), 0);
});

test("on completion each member answers their form; the pair's answers are revealed only when both are in", async () => {
  let r = await post(anna, `/api/projects/${P}/actions`, { action: "complete", note: "Carla has an offer." });
  assert.equal(r.status, 200, r.text);
  const carlaView = (await get(carla)).data;
  const cr = carlaView.requests.find((x) => x.audience === "mentee");
  const ar = carlaView.requests.find((x) => x.audience === "mentor");
  assert.ok(cr && ar && cr.round_id === ar.round_id);
  assert.deepEqual(carlaView.open, [cr.id]);
  assert.equal(await w.count("SELECT COUNT(*) FROM notifications WHERE user_id = ? AND kind = 'evaluation_requested'", USERS.carla), 1);

  const before = await snapshot();
  for (const [answers, field] of [
    [{ goals_reached: "Yes", useful: 6, recommend: "Yes" }, "answers.useful"],
    [{ goals_reached: "Yes", useful: 4 }, "answers.recommend"],
    [{ goals_reached: "Yes", useful: 4, recommend: "Yes", mood: "good" }, "answers.mood"],
  ]) {
    r = await answer(carla, cr.id, answers);
    assert.equal(r.status, 422, JSON.stringify(answers));
    assert.equal(r.data.error.field, field);
  }
  assert.equal(await snapshot(), before);
  const mentee = { goals_reached: "Partly", useful: 4, recommend: "Yes", best: "Mock interviews before each application.", report: "Two applications, one offer." };
  r = await answer(carla, cr.id, mentee, "carla-final-1");
  assert.equal(r.status, 200, r.text);
  r = await answer(carla, cr.id, mentee, "carla-final-1");
  assert.equal(r.status, 200, "the same submission again changes nothing");
  r = await answer(carla, cr.id, { ...mentee, useful: 5 }, "carla-final-2");
  assert.equal(r.status, 409, "a second submission");
  assert.equal(r.data.error.code, "request_closed");

  // Not revealed yet: Anna cannot read Carla's answers; Carla reads her own.
  r = await get(anna);
  assert.ok(!JSON.stringify(r.data).includes("Mock interviews"));
  r = await get(carla);
  assert.deepEqual(r.data.answers.map((a) => a.request_id), [cr.id]);
  assert.deepEqual(r.data.programme.filter((a) => a.request_id === cr.id).map((a) => a.question), ["report"], "her own answer for the programme");
  r = await answer(anna, ar.id, { achieved: "Partly", realistic: "Yes", again: "Yes", support: 4, gained: "Patience, and a fresh look at hiring.", lessons: "Start the CV work earlier." });
  assert.equal(r.status, 200, r.text);
  r = await get(anna);
  assert.ok(JSON.stringify(r.data.answers).includes("Mock interviews"), "revealed to Anna");
  assert.ok(r.data.requests.find((x) => x.id === cr.id).revealed);
  r = await get(carla);
  assert.ok(JSON.stringify(r.data.answers).includes("a fresh look at hiring"), "revealed to Carla");
  assert.ok(!JSON.stringify(r.data).includes("Start the CV work earlier"), "the other's programme answers stay the programme's");
  // The coordinator reads the programme's answers, never the project's; anonymous ones are nobody's.
  r = await get(coord);
  assert.ok(JSON.stringify(r.data.programme).includes("Two applications, one offer."));
  assert.ok(!JSON.stringify(r.data).includes("Mock interviews"));
  assert.equal(await w.count("SELECT COUNT(*) FROM evaluation_anonymous WHERE question = 'useful'"), 1);
  r = await get(coord, `/api/communities/${DEMO_COMMUNITY}/evaluations`);
  assert.equal(r.status, 200, r.text);
  const useful = r.data.anonymous.find((x) => x.question === "useful");
  assert.equal(useful.aggregate, null, "fewer than five: no aggregate");
  assert.ok(r.data.counts.some((c) => c.audience === "mentee" && c.submitted === 1));
  assert.equal((await get(anna, `/api/communities/${DEMO_COMMUNITY}/evaluations`)).status, 403);
});

test("an organisation's contact answers once through the e-mailed link, which opens that form only", async () => {
  let r = await post(coord, `/api/projects/${P}/evaluations`, { kind: "organisation", name: "Giulia Neri", email: "not-an-address" });
  assert.equal(r.status, 422);
  assert.equal(r.data.error.field, "email");
  r = await post(coord, `/api/projects/${P}/evaluations`, { kind: "organisation", name: "Giulia Neri", email: "giulia@example.org" });
  assert.equal(r.status, 200, r.text);
  assert.ok(r.data.requests.some((x) => x.audience === "organisation" && x.guest && x.respondent_name === "Giulia Neri"));
  const history = (await get(coord, `/api/projects/${P}`)).data.history;
  assert.ok(history.some((e) => e.action === "evaluation_guest" && e.to_state === "Giulia Neri"), "the history lists the guest");
  const outbox = await w.db.prepare("SELECT body FROM outbox WHERE to_email = 'giulia@example.org'").first();
  assert.ok(!/#token=[0-9a-f]{64}/.test(outbox.body), "the outbox never holds the secret");
  const token = await w.mailedToken("giulia@example.org");
  assert.ok(token, "the delivered mail carries the link");
  r = await w.fetch("/api/evaluations/guest/open", { method: "POST", json: { token } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.data.form.audience, "organisation");
  assert.deepEqual(Object.keys(r.data).sort(), ["expires_at", "form", "name", "project_title"]);
  r = await w.fetch("/api/evaluations/guest", { method: "POST", json: { token, answers: { targets_met: "Yes", quality: 9, plan_adopted: "Yes" }, client_key: "g1" } });
  assert.equal(r.status, 422);
  r = await w.fetch("/api/evaluations/guest", { method: "POST", json: { token, answers: { targets_met: "Yes", quality: 5, plan_adopted: "In part", comments: "Our staff now run the workshops themselves." }, client_key: "g1" } });
  assert.equal(r.status, 200, r.text);
  r = await w.fetch("/api/evaluations/guest", { method: "POST", json: { token, answers: { targets_met: "Yes", quality: 5, plan_adopted: "In part" }, client_key: "g2" } });
  assert.equal(r.status, 400, "the link is spent");
  assert.equal(r.data.error.code, "token_invalid");
  assert.equal((await w.fetch("/api/evaluations/guest/open", { method: "POST", json: { token } })).status, 400);
  r = await w.fetch("/api/evaluations/guest", { method: "POST", json: { token, answers: { targets_met: "Yes", quality: 5, plan_adopted: "In part", comments: "Our staff now run the workshops themselves." }, client_key: "g1" } });
  assert.equal(r.status, 200, "the same answer sent again is the same answer");
  // Project-readable: the members read it (its round has one request, all in).
  assert.ok(JSON.stringify((await get(carla)).data.answers).includes("run the workshops themselves"));
});

test("reminders after 7, 14 and 21 days, each once; then the request expires and can no longer be answered", async () => {
  let r = await post(coord, `/api/projects/${P}/evaluations`, { kind: "members" });
  assert.equal(r.status, 200, r.text);
  const round = r.data.requests.at(-1).round_id;
  const req = r.data.requests.find((x) => x.round_id === round && x.respondent_id === USERS.carla);
  const at = req.requested_at;
  const tick = async (days) => {
    const now = at + days * DAY;
    const admin = await w.login(DEMO.admin, undefined, { now });
    const res = await w.fetch("/api/admin/tasks/health", { method: "POST", cookie: admin, now });
    assert.equal(res.status, 200, res.text);
  };
  const reminders = () => w.count("SELECT reminders FROM evaluation_requests WHERE id = ?", req.id);
  await tick(6);
  assert.equal(await reminders(), 0);
  await tick(7);
  assert.equal(await reminders(), 1);
  await tick(8);
  assert.equal(await reminders(), 1, "once");
  await tick(15);
  assert.equal(await reminders(), 2);
  await tick(22);
  assert.equal(await reminders(), 3);
  assert.equal(await w.count("SELECT COUNT(*) FROM outbox WHERE to_email = ? AND subject LIKE '%A reminder: the evaluation form%'", DEMO.carla), 3);
  await tick(29);
  assert.equal(await w.count("SELECT COUNT(*) FROM evaluation_requests WHERE id = ? AND state = 'expired'", req.id), 1);
  r = await answer(carla, req.id, { goals_reached: "Yes", useful: 5, recommend: "Yes" });
  assert.equal(r.status, 409);
});
