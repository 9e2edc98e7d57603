// npm run bench: prints one JSON object a line ({"name","value","unit", ...context}).
// Latencies are taken side by side in one run, interleaved, and reported with the runtime's floor (a constant route
// in the same worker) so that the ratio, not the absolute time of a shared machine, is the figure to watch.
import { readFileSync, existsSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { spawnSync } from "node:child_process";
import { startWorker, DEMO, DEMO_COMMUNITY, DEMO_PASSWORD } from "../tests/support/worker.mjs";

const emit = (o) => console.log(JSON.stringify(o));
const root = new URL("../", import.meta.url);

// 1. Size of the worker.
const wasm = readFileSync(new URL("build/index_bg.wasm", root));
emit({ name: "wasm_size", value: wasm.length, unit: "bytes" });
emit({ name: "wasm_size_gzip", value: gzipSync(wasm, { level: 9 }).length, unit: "bytes", target: 1_000_000 });

// 2. Latency on the local runtime (workerd via Miniflare, loopback HTTP), interleaved.
const w = await startWorker({ http: true });
const cookie = await w.login(DEMO.anna);
const targets = {
  floor: { path: "/api/health" },
  me: { path: "/api/me", cookie },
  community_page: { path: `/api/communities/${DEMO_COMMUNITY}`, cookie },
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
    const res = await fetch(w.url + t.path, { method: t.method ?? "GET", headers, body: t.body });
    await res.arrayBuffer();
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (res.status >= 400) throw new Error(`${name}: ${res.status}`);
    if (i >= 10) samples[name].push(ms); // the first rounds warm up
  }
}
await w.dispose();
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const round = (x) => Math.round(x * 100) / 100;
const floor50 = pct(samples.floor, 50);
for (const [name, xs] of Object.entries(samples)) {
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

// 3. Chat fan-out.
{
  const r = spawnSync(process.execPath, [new URL("bench/chat.mjs", root).pathname], { stdio: ["ignore", "inherit", "inherit"] });
  if (r.status !== 0) process.exitCode = 1;
}

// 4. The document folder: 20 MB through the worker, and its memory.
{
  const r = spawnSync(process.execPath, [new URL("bench/files.mjs", root).pathname], { stdio: ["ignore", "inherit", "inherit"] });
  if (r.status !== 0) process.exitCode = 1;
}

// 5. The frontend's first visit (the browser measures it, when Chromium is there).
if (existsSync(new URL("bench/frontend.mjs", root)) && existsSync("/usr/bin/chromium")) {
  const r = spawnSync(process.execPath, [new URL("bench/frontend.mjs", root).pathname], { stdio: "inherit" });
  if (r.status !== 0) process.exitCode = 1;
}
