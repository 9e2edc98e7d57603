// A person's export (#14) with 1,000 and with 10,000 chat messages of theirs, side by side in one run: how long the
// cron takes to write it (wall time over the runs of the cron it needs), and how much the worker's wasm memory grows
// meanwhile (its high-water mark, read from the `x-tandem-wasm-memory` header tests get). The export pages through
// the chatroom and D1 and writes each page to R2 before reading the next, so the memory should not grow with the
// messages: the figure to watch is the growth with 10,000 against the growth with 1,000 (flat: about the same), and the
// time per message (about linear).
//
// Env: BENCH_EXPORT_SIZES ("1000,10000").
import { createHash, randomBytes } from "node:crypto";
import { startWorker, USERS, PROJECTS } from "../tests/support/worker.mjs";

const emit = (o) => console.log(JSON.stringify(o));
const SIZES = (process.env.BENCH_EXPORT_SIZES ?? "1000,10000").split(",").map(Number);
const memory = async (w) => Number((await w.fetch("/api/health")).headers.get("x-tandem-wasm-memory"));
const text = "A message of about two hundred characters, as people write in a mentoring chat: a question, a link to read, ".repeat(2);

const results = [];
for (const n of SIZES) {
  const w = await startWorker({ vars: { CHAT_RATE_MESSAGES: "1000000" } });
  try {
    // A session written straight into D1: a log-in would hash a password (argon2id takes 19 MiB of wasm memory), and
    // the memory's high-water mark would then hide what the export needs.
    const token = randomBytes(32).toString("hex");
    const now = Date.now();
    await w.db.prepare("INSERT INTO sessions (id, token_hash, user_id, created_at, last_seen_at, user_agent, second_factor) VALUES (?, ?, ?, ?, ?, 'bench', 0)")
      .bind(randomBytes(14).toString("hex"), createHash("sha256").update(token).digest("hex"), USERS.carla, now, now).run();
    const carla = `__Host-tandem_session=${token}`;
    let next = 0;
    const send = async () => {
      while (next < n) {
        const i = next++;
        const r = await w.fetch(`/api/projects/${PROJECTS.annaCarla}/chat/messages`, { method: "POST", cookie: carla, json: { client_id: `bench-${i}`, text } });
        if (r.status !== 200) throw new Error(`message ${i}: ${r.status} ${r.text}`);
      }
    };
    await Promise.all(Array.from({ length: 16 }, send));
    const before = await memory(w);
    const asked = await w.fetch("/api/me/export", { method: "POST", cookie: carla });
    if (asked.status !== 202) throw new Error(`export: ${asked.status} ${asked.text}`);
    const t0 = performance.now();
    let runs = 0;
    while ((await w.count("SELECT COUNT(*) FROM exports WHERE state = 'ready'")) === 0) {
      await w.cron();
      if (++runs > 200) throw new Error("the export did not finish");
    }
    const ms = performance.now() - t0;
    const after = await memory(w);
    const e = await w.db.prepare("SELECT parts, bytes FROM exports").first();
    results.push({ n, ms, growth: after - before });
    emit({ name: `export_${n}_messages_ms`, value: Math.round(ms), unit: "ms", context: `${runs} runs of the cron, ${e.parts} documents, ${e.bytes} bytes` });
    emit({ name: `export_${n}_messages_wasm_memory_growth`, value: after - before, unit: "bytes", context: `wasm memory ${before} bytes before the export, ${after} after` });
  } finally {
    await w.dispose().catch(() => {});
  }
}
if (results.length === 2) {
  const [a, b] = results;
  emit({ name: "export_time_ratio", value: Math.round((b.ms / a.ms) * 100) / 100, unit: "x", context: `${b.n} messages over ${a.n} (linear: ${b.n / a.n})` });
  emit({ name: "export_memory_growth_difference", value: b.growth - a.growth, unit: "bytes", context: `${b.n} messages against ${a.n}: flat when near 0 (pages of 500 rows)`, flat: b.growth - a.growth <= 1024 * 1024 });
}
