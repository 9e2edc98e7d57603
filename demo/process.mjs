// The demo's process for Anna and Carla's project, written through the API as its people would have done it over
// the last three weeks (the clock is moved with the test-mode header x-tandem-now): a contract signed by Anna, Carla
// and the coordinator; two goals with objectives; three sessions, two held with their diaries (one commented by
// Anna) and one planned; and an amendment of the contract waiting for signatures. Safe to run again: it does
// nothing once the project has a contract.
export const DEMO_PASSWORD = "demo-password-2026";
const PROJECT = "e0000000000000000000000a1c1c";
const ANNA = "mentor.anna@tandem.test";
const CARLA = "mentee.carla@tandem.test";
const COORDINATOR = "coordinator@tandem.test";
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The demo's way with the API through `fetch(path, { method, json, cookie, now })` → `{ status, data, headers }`
 * (tests/support/worker.mjs's shape): `must` answers the data or throws, `login` answers a session cookie. */
export function demoClient(fetch) {
  const must = async (what, r) => {
    const res = await r;
    if (res.status >= 300) throw new Error(`demo: ${what}: ${res.status} ${JSON.stringify(res.data)}`);
    return res.data;
  };
  const login = async (email, at) => {
    const r = await fetch("/api/auth/login", { method: "POST", json: { email, password: DEMO_PASSWORD }, now: at });
    if (r.status !== 200) throw new Error(`demo: log-in ${email}: ${r.status}`);
    return r.headers.get("set-cookie").split(";")[0];
  };
  return { must, login };
}

/** `fetch(path, { method, json, cookie, now })` → `{ status, data, headers }` (tests/support/worker.mjs's shape). */
export async function seedProcess(fetch, { now = Date.now() } = {}) {
  const { must, login } = demoClient(fetch);
  const api = (cookie, at) => (method, path, json) => must(`${method} ${path}`, fetch(`/api/projects/${PROJECT}${path}`, { method, json, cookie, now: at }));

  const start = now - 21 * DAY;
  let anna = api(await login(ANNA, start), start);
  const existing = await anna("GET", "/contract");
  if (existing.versions.length) return false;
  const carlaCookie = await login(CARLA, start);
  let carla = api(carlaCookie, start);
  const coordinator = api(await login(COORDINATOR, start), start);

  // The contract, version 1: drafted by Anna, signed by all three.
  const day = (ms) => new Date(ms).toISOString().slice(0, 10);
  const terms = {
    clauses: [
      { title: "Commitment", text: "Carla sets her own goals and works towards them; Anna gives her time, experience and honest feedback." },
      { title: "Openness", text: "We speak openly and listen without judging. Anna's advice is guidance: Carla makes her own decisions." },
      { title: "Ending", text: "Either of us may ask the coordinator to end the mentoring; we aim to close with a final session." },
    ],
    starts_on: day(start),
    ends_on: day(start + 182 * DAY),
    frequency: "Every week, usually on Tuesday evening",
    channels: ["video", "chat"],
    confidentiality: "What we say stays between us, also after the mentoring ends. We keep to the agreed channels and tell each other early when we cannot keep an appointment.",
    ethics: "We treat each other with respect, keep our promises and declare any conflict of interest.",
    free_text: "",
    change_note: "",
  };
  let c = await anna("POST", "/contract", terms);
  const v1 = c.versions[0];
  await anna("POST", `/contract/${v1.id}/actions`, { action: "propose" });
  await carla("POST", `/contract/${v1.id}/actions`, { action: "sign", hash: v1.hash });
  await anna("POST", `/contract/${v1.id}/actions`, { action: "sign", hash: v1.hash });
  await coordinator("POST", `/contract/${v1.id}/actions`, { action: "sign", hash: v1.hash });

  // Two goals with objectives, agreed by Anna.
  const named = (title) => (r) => r.goals.find((g) => g.title === title);
  const first = "Find a first job in software";
  const second = "Prepare for technical interviews";
  const g1 = named(first)(await carla("POST", "/goals", { title: first, why: "I graduate in June and want to start in a team where I can learn.", success: "An offer from a team I would like to join", target_date: day(start + 180 * DAY) }));
  const g2 = named(second)(await anna("POST", "/goals", { title: second, why: "Interviews are where Carla feels least sure.", success: "Three mock interviews done, with feedback" }));
  for (const g of [g1, g2]) await anna("POST", `/goals/${g.id}/actions`, { action: "agree" });
  for (const [g, titles] of [[g1, ["Update my CV", "List ten employers to approach", "Apply to five of them"]], [g2, ["Practise two coding exercises a week", "Do a mock interview with Anna"]]]) {
    for (const title of titles) await carla("POST", `/goals/${g.id}/objectives`, { title });
  }

  // Three sessions on Tuesdays at 18:00 in Rome, planned in the first week.
  const plannedAt = start + 2 * DAY;
  anna = api(await login(ANNA, plannedAt), plannedAt);
  const at = [now - 14 * DAY, now - 7 * DAY, now + 3 * DAY].map((t) => t - (t % HOUR) + HOUR);
  const topics = ["Getting to know each other, the contract and the goals", "CV and the list of employers", "Preparing the first interviews"];
  const sessions = [];
  for (const [i, startAt] of at.entries()) {
    const r = await anna("POST", "/sessions", { topic: topics[i], start: startAt, zone: "Europe/Rome", duration: 60, mode: "video", place: "The video link in our chat" });
    sessions.push(r.sessions.find((s) => s.start_at === startAt));
  }

  // The two held sessions, their diaries by Carla; Anna comments on the first.
  const diaries = [
    ["Both well; Carla is busy with her thesis.", "Whether to aim for a startup or a large company.", "We agreed the contract and two goals.", "CV and the list of employers", "Update the CV; list ten employers."],
    ["Fine, a little tired.", "Two companies answered; one asks for a coding test.", "CV updated and sent to four employers.", "Preparing the first interviews", "Two coding exercises; write down three questions for the interviewer."],
  ];
  for (const [i, s] of sessions.slice(0, 2).entries()) {
    const after = s.start_at + 2 * HOUR;
    anna = api(await login(ANNA, after), after);
    carla = api(await login(CARLA, after), after);
    await anna("POST", `/sessions/${s.id}/actions`, { action: "hold" });
    await carla("PUT", `/sessions/${s.id}/diary`, { answers: diaries[i], attendance: [{ user: "d000000000000000000000000a1a", present: true }, { user: "d000000000000000000000000c1c", present: true }], minutes: 60, base: 0, client_key: `demo-diary-${i}` });
    await carla("POST", `/sessions/${s.id}/diary/actions`, { action: "submit" });
    if (i === 0) await anna("POST", `/sessions/${s.id}/diary/actions`, { action: "comment", comment: "A good start, Carla. Keep the list short and specific: five employers you really like beat twenty." });
    if (i === 1) await anna("POST", `/goals/${g1.id}/reviews`, { progress: 40, note: "CV done and sent; answers coming in." });
  }

  // An amendment, proposed yesterday by Carla, waiting for signatures.
  const yesterday = now - DAY;
  carla = api(await login(CARLA, yesterday), yesterday);
  c = await carla("POST", "/contract", { ...terms, frequency: "Every week, on Thursday evening from next month", change_note: "Carla's thesis defence moves our sessions to Thursdays." });
  await carla("POST", `/contract/${c.versions[0].id}/actions`, { action: "propose" });
  return true;
}
