// npm run bench: prints one JSON object a line ({"name","value","unit", ...context}).
// Latencies are taken side by side in one run, interleaved, and reported with the runtime's floor (a constant route
// in the same worker) so that the ratio, not the absolute time of a shared machine, is the figure to watch. `GET
// /api/me` and the community page are also measured against a plain JavaScript worker running the same D1 queries
// (bench/reference/api.js), request by request in the same loop: Tandem's p50 over the reference's, goal at most 1.1.
// BENCH_ROUNDS (200) sets the rounds; BENCH_SKIP="chat,files,frontend" leaves those parts out (while developing).
import { readFileSync, existsSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { spawnSync } from "node:child_process";
import { deepStrictEqual } from "node:assert";
import { unstable_splitSqlQuery } from "wrangler";
import { Miniflare, workerOptions } from "../scripts/runtime.mjs";
import { startWorker, DEMO, DEMO_COMMUNITY, DEMO_PASSWORD, PROJECTS } from "../tests/support/worker.mjs";
import { seedProcess } from "../demo/process.mjs";

const emit = (o) => console.log(JSON.stringify(o));
const root = new URL("../", import.meta.url);
const skip = new Set((process.env.BENCH_SKIP ?? "").split(",").filter(Boolean));

// 1. Size of the worker.
const wasm = readFileSync(new URL("build/index_bg.wasm", root));
emit({ name: "wasm_size", value: wasm.length, unit: "bytes" });
emit({ name: "wasm_size_gzip", value: gzipSync(wasm, { level: 9 }).length, unit: "bytes", target: 1_000_000 });

// 2. Latency on the local runtime (workerd via Miniflare, loopback HTTP), interleaved.
const w = await startWorker({ http: true });
const cookie = await w.login(DEMO.anna);
// Anna and Carla's project with its whole process (demo/process.mjs): the project overview reads all of it.
await seedProcess((path, opts) => w.fetch(path, opts));
const PROJECT = PROJECTS.annaCarla;

// The reference worker, in its own Miniflare with its own D1: like for like, with Tandem's configuration (the static
// assets, whose router every request passes through first, D1, R2, the vars; not the Durable Object, whose class
// only Tandem has) and the reference's script; BENCH_REFERENCE_BARE=1 runs it alone (D1 only). Its D1 gets the same
// schema and demo data, and Anna's session copied from Tandem's database, so that the same cookie logs in to both.
const { durableObjects: _, ...tandemBindings } = workerOptions({ vars: { APP_URL: "http://localhost" } });
const reference = new Miniflare({
  ...(process.env.BENCH_REFERENCE_BARE ? { modules: true, compatibilityDate: w.options.compatibilityDate, d1Databases: { DB: "reference-api" } } : tandemBindings),
  name: "reference-api",
  scriptPath: new URL("bench/reference/api.js", root).pathname,
  modulesRoot: new URL("bench/reference/", root).pathname,
  host: "127.0.0.1",
  port: 0,
});
const ref = (await reference.ready).toString().replace(/\/$/, "");
{
  const db = await reference.getD1Database("DB");
  for (const file of ["schema.sql", "demo/seed.sql"]) {
    const statements = unstable_splitSqlQuery(readFileSync(new URL(file, root), "utf8")).filter((s) => s.trim());
    await db.batch(statements.map((s) => db.prepare(s)));
  }
  const { results: sessions } = await w.db.prepare("SELECT * FROM sessions").all();
  await db.batch(sessions.map((s) => db.prepare(`INSERT INTO sessions (${Object.keys(s).join(", ")}) VALUES (${Object.keys(s).map(() => "?").join(", ")})`).bind(...Object.values(s))));
  // Same answers, or the comparison means nothing.
  for (const path of ["/api/me", `/api/communities/${DEMO_COMMUNITY}`]) {
    const [t, r] = await Promise.all([w.url, ref].map(async (base) => {
      const res = await fetch(base + path, { headers: { cookie } });
      return { status: res.status, body: await res.json() };
    }));
    deepStrictEqual(r, t, `the reference's ${path} differs from Tandem's`);
  }
}

const targets = {
  floor: { path: "/api/health" },
  reference_floor: { base: ref, path: "/api/health" },
  me: { path: "/api/me", cookie },
  reference_me: { base: ref, path: "/api/me", cookie },
  community_page: { path: `/api/communities/${DEMO_COMMUNITY}`, cookie },
  reference_community_page: { base: ref, path: `/api/communities/${DEMO_COMMUNITY}`, cookie },
  // The project's overview (its stage, checklist and figures: one call to its space, one D1 batch) and the process's
  // sections.
  project_overview: { path: `/api/projects/${PROJECT}`, cookie },
  contract_section: { path: `/api/projects/${PROJECT}/contract`, cookie },
  plan_section: { path: `/api/projects/${PROJECT}/sessions`, cookie },
  goals_section: { path: `/api/projects/${PROJECT}/goals`, cookie },
  login: {
    path: "/api/auth/login",
    method: "POST",
    body: JSON.stringify({ email: DEMO.bruno, password: DEMO_PASSWORD }),
  },
};
const samples = Object.fromEntries(Object.keys(targets).map((k) => [k, []]));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 200);
for (let i = 0; i < ROUNDS + 10; i++) {
  for (const [name, t] of Object.entries(targets)) {
    if (name === "login" && i % 4 !== 0) continue; // the password hash is slow by design: fewer samples
    const headers = { "content-type": "application/json", "cf-connecting-ip": `10.0.${i % 250}.1` };
    if (t.cookie) headers.cookie = t.cookie;
    const start = process.hrtime.bigint();
    const res = await fetch((t.base ?? w.url) + t.path, { method: t.method ?? "GET", headers, body: t.body });
    await res.arrayBuffer();
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (res.status >= 400) throw new Error(`${name}: ${res.status}`);
    if (i >= 10) samples[name].push(ms); // the first rounds warm up
  }
}
// Round trips of the overview and the sections: D1 (the test build counts them) and the project's space (one call).
for (const [name, path] of [["project_overview", `/api/projects/${PROJECT}`], ["contract_section", `/api/projects/${PROJECT}/contract`], ["plan_section", `/api/projects/${PROJECT}/sessions`]]) {
  const res = await fetch(w.url + path, { headers: { cookie } });
  await res.arrayBuffer();
  emit({ name: `${name}_d1_round_trips`, value: Number(res.headers.get("x-d1-round-trips")), unit: "round trips", goal: "<= 2 (the session check with the page's reads, then at most one batch)", space_calls: 1 });
}
await w.dispose();
await reference.dispose();
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const round = (x) => Math.round(x * 100) / 100;
const floor50 = pct(samples.floor, 50);
for (const [name, xs] of Object.entries(samples)) {
  if (name.startsWith("reference_")) continue;
  for (const p of [50, 99]) {
    emit({ name: `${name}_p${p}`, value: round(pct(xs, p)), unit: "ms", samples: xs.length, ratio_to_floor_p50: round(pct(xs, p) / floor50) });
  }
}
emit({
  name: "password_hash_cost",
  value: round(pct(samples.login, 50) - pct(samples.me, 50)),
  unit: "ms",
  context: "log-in p50 minus /api/me p50: argon2id m=19456 KiB, t=2, p=1 in workerd (wall time on loopback)",
});

// Tandem against the plain JavaScript worker with the same queries (and the two runtimes' floors, for context).
for (const name of ["floor", "me", "community_page"]) {
  const [t, r] = [samples[name], samples[`reference_${name}`]];
  const ratio = round(pct(t, 50) / pct(r, 50));
  emit({
    name: `api_${name}_p50_ratio`, value: ratio, ...(name === "floor" ? {} : { goal: "<= 1.1", met: ratio <= 1.1 }),
    tandem_ms: round(pct(t, 50)), reference_ms: round(pct(r, 50)), tandem_p99_ms: round(pct(t, 99)), reference_p99_ms: round(pct(r, 99)),
    samples: t.length, context: "p50 against a plain JS worker running the same D1 queries (bench/reference/api.js), interleaved",
  });
}

// 3. Chat fan-out, against a plain JavaScript chatroom (bench/reference/chatroom.js).
if (!skip.has("chat")) {
  const r = spawnSync(process.execPath, [new URL("bench/chat.mjs", root).pathname], { stdio: ["ignore", "inherit", "inherit"] });
  if (r.status !== 0) process.exitCode = 1;
}

// 4. The document folder: 20 MB through the worker, and its memory.
if (!skip.has("files")) {
  const r = spawnSync(process.execPath, [new URL("bench/files.mjs", root).pathname], { stdio: ["ignore", "inherit", "inherit"] });
  if (r.status !== 0) process.exitCode = 1;
}

// 5. The frontend's first visit (the browser measures it, when Chromium is there).
if (!skip.has("frontend") && existsSync(new URL("bench/frontend.mjs", root)) && existsSync("/usr/bin/chromium")) {
  const r = spawnSync(process.execPath, [new URL("bench/frontend.mjs", root).pathname], { stdio: "inherit" });
  if (r.status !== 0) process.exitCode = 1;
}
