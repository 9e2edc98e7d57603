// Part of `npm start`'s demo data: Anna and Carla's contract, goals, sessions and diaries (demo/process.mjs), the
// outcomes of three more projects (demo/outcomes.mjs) and their project's library (demo/library.mjs), written
// through the API by a short-lived runtime over the same local state, in test mode so that the demo's clock can be set
// back. Each part does nothing when already written.
import { Miniflare, workerOptions } from "./runtime.mjs";
import { seedProcess } from "../demo/process.mjs";
import { seedOutcomes } from "../demo/outcomes.mjs";
import { seedLibrary } from "../demo/library.mjs";

const state = process.env.TANDEM_STATE_DIR || new URL("../.wrangler/state", import.meta.url).pathname;
const url = "http://127.0.0.1:8787";
const mf = new Miniflare(workerOptions({ persist: state, vars: { APP_URL: url, LOCAL_MAILBOX: "1", TANDEM_TEST_MODE: "1" } }));
try {
  await mf.ready;
  const fetch = async (path, { method = "GET", json, cookie, now } = {}) => {
    const headers = { "cf-connecting-ip": "127.0.0.1" };
    if (json !== undefined) headers["content-type"] = "application/json";
    if (cookie) headers.cookie = cookie;
    if (now !== undefined) headers["x-tandem-now"] = String(now);
    const res = await mf.dispatchFetch(url + path, { method, headers, body: json === undefined ? undefined : JSON.stringify(json) });
    const text = await res.text();
    return { status: res.status, headers: res.headers, data: text ? JSON.parse(text) : null };
  };
  if (await seedProcess(fetch)) {
    // The project's space tells D1 its figures within seconds: wait for them, so the coordinator's view has them.
    const db = await mf.getD1Database("DB");
    for (let i = 0; i < 100; i++) {
      const row = await db.prepare("SELECT version FROM project_progress WHERE project_id = 'e0000000000000000000000a1c1c'").first();
      if (row) break;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  // Outcomes and care: a completed project with its evaluations and shared report; one stalled, one at risk.
  await seedOutcomes(fetch, { cron: async () => (await mf.getWorker()).scheduled({ cron: "* * * * *" }) });
  // The library in Anna and Carla's project: two shares and a cloned path with a step ticked.
  await seedLibrary(fetch);
} finally {
  await mf.dispose();
}
