// Chat fan-out on the local runtime, side by side with a plain JavaScript chatroom doing the same work
// (bench/reference/chatroom.js: validates, de-duplicates, rate-checks, stores, then broadcasts; the same frames).
// Both run at once, each in its own Miniflare (workerd), and take turns: Tandem, reference, reference, Tandem, ...
//
// Loads: C clients in one room, each sending M messages (10x100, 50x40), in two modes:
// - closed: each client sends its next message as soon as the ack of its previous one came back;
// - paced: each client sends 5 messages a second (open loop; the clients' starts spread over the first interval).
// Per delivery (one message reaching one client, the sender included): latency from send to receipt, p50 and p99;
// and deliveries per second (from the first send to the last receipt). Every message must reach every client once,
// or the bench fails. Figures are the medians of the rounds; one JSON line per figure, then Tandem's ratio to the
// reference with the goal (throughput at least 1.0x, p99 at most 1.1x).
//
// Env: BENCH_CHAT_ROUNDS (3), BENCH_CHAT_LOADS ("10x100,50x40"), BENCH_CHAT_MODES ("closed,paced"),
// BENCH_CHAT_RATE (5 messages/s per client, paced), BENCH_CHAT_DEFLATE (1: clients offer permessage-deflate),
// BENCH_REFERENCE_BARE (see below).
//
// Also, per run, the CPU time each side spent (Linux /proc): the room's workerd per message sent (the server's work,
// whatever limits the run), and the share of the run the clients' process was busy (near 1: the clients, not the
// room, set the pace, and the throughput and latency ratios say little).
import { readFileSync, readdirSync } from "node:fs";
import WebSocket from "ws";
import { Miniflare, workerOptions } from "../scripts/runtime.mjs";
import { startWorker, DEMO, USERS } from "../tests/support/worker.mjs";
import { PROJECTS } from "../tests/support/demo.mjs";

const root = new URL("../", import.meta.url).pathname;
const PROJECT = PROJECTS.annaCarla;
const ROUNDS = Number(process.env.BENCH_CHAT_ROUNDS ?? 3);
const LOADS = (process.env.BENCH_CHAT_LOADS ?? "10x100,50x40").split(",").map((l) => l.split("x").map(Number));
const MODES = (process.env.BENCH_CHAT_MODES ?? "closed,paced").split(",");
const RATE = Number(process.env.BENCH_CHAT_RATE ?? 5);
// The clients (one Node process on the same machine) do not offer permessage-deflate: inflating every delivery made
// them, not the rooms, the bottleneck (the runtime compresses natively, alike for both rooms).
const DEFLATE = Boolean(process.env.BENCH_CHAT_DEFLATE);
const emit = (o) => console.log(JSON.stringify(o));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs, p) => {
  const s = Float64Array.from(xs).sort();
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const r1 = (x) => Math.round(x * 10) / 10;
const r2 = (x) => Math.round(x * 100) / 100;
const started = performance.now();

/** The workerd processes this process started (each Miniflare runs one), and a process's CPU time in ms. */
function workerds() {
  try {
    const task = `/proc/${process.pid}/task`;
    return readdirSync(task)
      .flatMap((t) => readFileSync(`${task}/${t}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number))
      .filter((pid) => readFileSync(`/proc/${pid}/comm`, "utf8").trim() === "workerd");
  } catch {
    return [];
  }
}
function cpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" "); // from field 3 (state) on: utime is 14, stime 15
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // USER_HZ
  } catch {
    return NaN;
  }
}
const clientCpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

// Tandem, as the other benches start it (a rate limit that never bites), and two members of one project.
const w = await startWorker({ http: true, vars: { CHAT_RATE_MESSAGES: "1000000" } });
const cookies = [await w.login(DEMO.anna), await w.login(DEMO.carla)];
const names = Object.fromEntries(
  (await w.db.prepare("SELECT id, display_name FROM users WHERE id IN (?, ?)").bind(USERS.anna, USERS.carla).all()).results.map((u) => [u.id, u.display_name]),
);
const members = [USERS.anna, USERS.carla].map((id) => ({ id, name: names[id] }));

// The reference, in a Miniflare of its own, like for like: Tandem's configuration (wrangler.toml's bindings: the
// static assets, which the runtime's asset router passes every request through first, D1, R2, the Durable Object
// class `ProjectSpace` on SQLite, the compatibility date) with the reference's script, and the same rate limit.
// BENCH_REFERENCE_BARE=1: the reference alone, without Tandem's other bindings (no asset router in front of it).
const tandemPids = workerds();
const ref = new Miniflare({
  ...(process.env.BENCH_REFERENCE_BARE
    ? { modules: true, compatibilityDate: w.options.compatibilityDate, durableObjects: { PROJECT_SPACE: { className: "ProjectSpace", useSQLite: true } } }
    : workerOptions()),
  name: "reference-chat",
  scriptPath: `${root}bench/reference/chatroom.js`,
  modulesRoot: `${root}bench/reference/`,
  bindings: { CHAT_RATE_MESSAGES: "1000000" },
  host: "127.0.0.1",
  port: 0,
});
const refUrl = (await ref.ready).toString().replace(/\/$/, "");
const pids = { tandem: tandemPids[0], reference: workerds().find((p) => !tandemPids.includes(p)) };

const impls = {
  tandem: {
    url: () => `${w.url.replace("http", "ws")}/api/projects/${PROJECT}/chat`,
    headers: (i) => ({ cookie: cookies[i % 2] }),
  },
  reference: {
    // One room for every run, as Tandem's project has one: both histories grow alike.
    url: (i) => `${refUrl.replace("http", "ws")}/rooms/bench/chat?member=${members[i % 2].id}&name=${encodeURIComponent(members[i % 2].name)}`,
    headers: () => ({}),
  },
};

let runs = 0;

/** One run: `clients` sockets in the room, each sending `perClient` messages in `mode`. */
async function run(impl, clients, perClient, mode) {
  const tag = `r${++runs}`;
  const total = clients * perClient;
  const deliveries = total * clients;
  const sentAt = new Map();
  const latencies = new Float64Array(deliveries);
  const received = new Array(clients).fill(0);
  const acked = new Array(clients).fill(0);
  const next = new Array(clients).fill(0);
  let delivered = 0;
  let acks = 0;
  let firstSend = 0;
  let lastReceipt = 0;
  let failure = null;
  const sample = {};
  let finish;
  const finished = new Promise((resolve) => (finish = resolve));
  const check = () => {
    if (failure || (delivered === deliveries && acks === total)) finish();
  };

  const sockets = await Promise.all(
    Array.from({ length: clients }, (_, i) => new Promise((resolve, reject) => {
      const ws = new WebSocket(impls[impl].url(i), { headers: impls[impl].headers(i), perMessageDeflate: DEFLATE });
      ws.once("unexpected-response", (_, res) => reject(new Error(`${impl}: connect: HTTP ${res.statusCode}`)));
      ws.once("error", reject);
      ws.on("message", (data) => {
        const now = performance.now();
        const f = JSON.parse(data.toString());
        sample[f.type] ??= f;
        if (f.type === "message") {
          if (!f.client_id.startsWith(tag)) return;
          latencies[delivered++] = now - sentAt.get(f.client_id);
          received[i]++;
          lastReceipt = now;
        } else if (f.type === "ack") {
          if (f.duplicate) failure ??= new Error(`${impl}: ${f.client_id} acknowledged as a duplicate`);
          acks++;
          acked[i]++;
          if (mode === "closed" && next[i] < perClient) send(i);
        } else if (f.type === "state") {
          resolve(ws); // the room has the socket
        } else {
          failure ??= new Error(`${impl}: unexpected frame ${data}`);
        }
        check();
      });
    })),
  );
  function send(i) {
    const n = next[i]++;
    const id = `${tag}-${i}-${n}`;
    const t = performance.now();
    firstSend ||= t;
    sentAt.set(id, t);
    sockets[i].send(JSON.stringify({ type: "send", client_id: id, text: `message ${n} from ${i}` }));
  }

  const cpu0 = { server: cpuMs(pids[impl]), client: clientCpuMs(), at: performance.now() };
  let timer;
  if (mode === "closed") {
    for (let i = 0; i < clients; i++) send(i);
  } else {
    // Open loop: client i sends its n-th message at start + i * interval / clients + n * interval.
    const interval = 1000 / RATE;
    const start = performance.now() + 10;
    let k = 0;
    const due = (k) => start + ((k % clients) * interval) / clients + Math.floor(k / clients) * interval;
    const tick = () => {
      while (k < total && due(k) <= performance.now()) send(k++ % clients);
      if (k < total) timer = setTimeout(tick, Math.max(0, due(k) - performance.now()));
    };
    timer = setTimeout(tick, 10);
  }
  const limit = 60_000 + (mode === "paced" ? (perClient * 1000) / RATE : 0);
  const timeout = setTimeout(() => {
    failure ??= new Error(`${impl} ${clients}x${perClient} ${mode}: only ${delivered} of ${deliveries} deliveries and ${acks} of ${total} acks within ${limit / 1000} s`);
    finish();
  }, limit);
  await finished;
  const cpu1 = { server: cpuMs(pids[impl]), client: clientCpuMs(), at: performance.now() };
  clearTimeout(timeout);
  clearTimeout(timer);
  await Promise.all(sockets.map((ws) => new Promise((resolve) => {
    if (ws.readyState === WebSocket.CLOSED) return resolve();
    ws.once("close", resolve);
    ws.close();
    setTimeout(() => { ws.terminate(); resolve(); }, 2000).unref();
  })));
  if (failure) throw failure;
  const short = received.findIndex((n) => n !== total);
  if (short >= 0) throw new Error(`${impl}: client ${short} received ${received[short]} of ${total} messages`);
  return {
    throughput: deliveries / ((lastReceipt - firstSend) / 1000),
    p50: pct(latencies, 50),
    p99: pct(latencies, 99),
    server_cpu: ((cpu1.server - cpu0.server) * 1000) / total,
    client_busy: (cpu1.client - cpu0.client) / (cpu1.at - cpu0.at),
    sample,
  };
}

// Warm both up (the reference's JIT, Tandem's wasm tiers, both rooms and their storage), and check that both send
// the same frames: the same fields, of the same types.
const shape = (v) => (v && typeof v === "object" ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, shape(v[k])])) : typeof v);
const samples = {};
for (const impl of Object.keys(impls)) {
  samples[impl] = (await run(impl, 10, 30, "closed")).sample;
  await run(impl, 50, 6, "closed");
}
for (const type of ["state", "message", "ack"]) {
  const [t, r] = [JSON.stringify(shape(samples.tandem[type])), JSON.stringify(shape(samples.reference[type]))];
  if (t !== r) throw new Error(`the reference's ${type} frame differs from Tandem's: ${r} against ${t}`);
}

try {
  for (const [clients, perClient] of LOADS) {
    for (const mode of MODES) {
      const rounds = { tandem: [], reference: [] };
      for (let r = 0; r < ROUNDS; r++) {
        for (const impl of r % 2 ? ["reference", "tandem"] : ["tandem", "reference"]) rounds[impl].push(await run(impl, clients, perClient, mode));
      }
      const name = `chat_${clients}x${perClient}_${mode}`;
      const ctx = {
        clients, messages: clients * perClient, deliveries: clients * clients * perClient, lost: 0, rounds: ROUNDS,
        mode: mode === "closed" ? "closed loop: next message on the ack of the previous" : `open loop: ${RATE} messages/s per client`,
      };
      const busy = (impl) => r2(median(rounds[impl].map((x) => x.client_busy)));
      ctx.client_process_busy = { tandem: busy("tandem"), reference: busy("reference") };
      for (const [figure, key, unit, goal, round] of [
        ["throughput", "throughput", "deliveries/s", ">= 1.0", Math.round],
        ["latency_p50", "p50", "ms", null, r1],
        ["latency_p99", "p99", "ms", "<= 1.1", r1],
        ["server_cpu_per_message", "server_cpu", "µs", null, Math.round],
      ]) {
        const t = median(rounds.tandem.map((x) => x[key]));
        const ref = median(rounds.reference.map((x) => x[key]));
        emit({ name: `${name}_${figure}`, value: round(t), unit, reference: round(ref), ...ctx,
          tandem_rounds: rounds.tandem.map((x) => round(x[key])), reference_rounds: rounds.reference.map((x) => round(x[key])) });
        const ratio = r2(t / ref);
        const met = goal === null ? undefined : goal.startsWith(">=") ? ratio >= Number(goal.slice(3)) : ratio <= Number(goal.slice(3));
        emit({ name: `${name}_${figure}_ratio`, value: ratio, ...(goal ? { goal, met } : {}), tandem: round(t), reference: round(ref) });
      }
    }
  }
} finally {
  await w.dispose();
  await ref.dispose();
}
emit({ name: "chat_bench_seconds", value: Math.round((performance.now() - started) / 1000), unit: "s", context: "the whole chat bench, both runtimes' start included" });
