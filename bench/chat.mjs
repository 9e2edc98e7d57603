// Chat fan-out on the local runtime: N clients in one room. Latency: messages sent one at a time, each waiting until
// every client has it (send to receipt, p50/p99). Throughput: every client sends a burst; deliveries per second.
// Every message must reach every client (nothing lost). One JSON line per figure.
import WebSocket from "ws";
import { startWorker, DEMO } from "../tests/support/worker.mjs";
import { PROJECTS } from "../tests/support/demo.mjs";

const PROJECT = PROJECTS.annaCarla;
const emit = (o) => console.log(JSON.stringify(o));
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

async function room(clientCount, perClient) {
  const w = await startWorker({ http: true, vars: { CHAT_RATE_MESSAGES: "1000000" } });
  try {
    const cookies = [await w.login(DEMO.anna), await w.login(DEMO.carla)];
    const sentAt = new Map();
    const latencies = [];
    let delivered = 0;
    let expected = 0;
    let done;
    let finished;
    const arm = (n) => {
      delivered = 0;
      expected = n;
      finished = new Promise((r) => (done = r));
    };
    arm(1);
    const clients = await Promise.all(
      Array.from({ length: clientCount }, (_, i) => new Promise((resolve, reject) => {
        const ws = new WebSocket(`${w.url.replace("http", "ws")}/api/projects/${PROJECT}/chat`, { headers: { cookie: cookies[i % 2] } });
        ws.on("message", (data) => {
          const f = JSON.parse(data.toString());
          if (f.type !== "message") return;
          if (f.client_id.startsWith("lat")) latencies.push(performance.now() - sentAt.get(f.client_id));
          if (++delivered === expected) done();
        });
        ws.once("open", () => resolve(ws));
        ws.once("error", reject);
      })),
    );
    const within = (p) => Promise.race([p, new Promise((_, reject) => setTimeout(() => reject(new Error(`only ${delivered} of ${expected} delivered`)), 60_000).unref())]);
    // Latency, unloaded: one message at a time.
    for (let n = 0; n < 40; n++) {
      arm(clientCount);
      const id = `lat-${n}`;
      sentAt.set(id, performance.now());
      clients[n % clientCount].send(JSON.stringify({ type: "send", client_id: id, text: `ping ${n}` }));
      await within(finished);
    }
    // Throughput: everyone sends.
    arm(clientCount * perClient * clientCount);
    const start = performance.now();
    for (let n = 0; n < perClient; n++) {
      for (const [i, ws] of clients.entries()) {
        const id = `b${i}-${n}`;
        sentAt.set(id, performance.now());
        ws.send(JSON.stringify({ type: "send", client_id: id, text: `message ${n} from ${i}` }));
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    await within(finished);
    const seconds = (performance.now() - start) / 1000;
    clients.forEach((ws) => ws.close());
    const ctx = { clients: clientCount, messages: clientCount * perClient, deliveries: delivered, lost: expected - delivered };
    emit({ name: `chat_${clientCount}_delivered_per_second`, value: Math.round(delivered / seconds), unit: "messages/s", ...ctx });
    emit({ name: `chat_${clientCount}_latency_p50`, value: Math.round(pct(latencies, 50) * 10) / 10, unit: "ms", ...ctx });
    emit({ name: `chat_${clientCount}_latency_p99`, value: Math.round(pct(latencies, 99) * 10) / 10, unit: "ms", ...ctx });
  } finally {
    await w.dispose();
  }
}

await room(10, 20);
await room(50, 4);
