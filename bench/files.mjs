// The document folder: a 20 MB upload and download through the worker, side by side with the same bytes put into
// and read from the same local R2 through Miniflare's binding API, interleaved. (That API passes through a Node
// proxy, so it is a reference point in the same run, not a lower bound.) And the wasm instance's memory before
// and after: it stays flat when uploads stream (a body held whole would grow it by 20 MB at least).
import { randomBytes } from "node:crypto";
import { startWorker, DEMO } from "../tests/support/worker.mjs";
import { PROJECTS } from "../tests/support/demo.mjs";

const emit = (o) => console.log(JSON.stringify(o));
const PROJECT = PROJECTS.annaCarla;
const MB = 1024 * 1024;
const SIZE = 20 * MB;
const ROUNDS = Number(process.env.BENCH_FILE_ROUNDS ?? 5);

const w = await startWorker({ http: true });
const cookie = await w.login(DEMO.carla);
const bucket = await w.bucket();
const body = Buffer.concat([Buffer.from("%PDF-1.7\n"), randomBytes(SIZE - 9)]);
const memory = (res) => Number(res.headers.get("x-tandem-wasm-memory"));

async function upload(name, bytes) {
  const res = await fetch(`${w.url}/api/projects/${PROJECT}/files`, {
    method: "PUT",
    headers: { cookie, "x-file-name": name, "content-type": "application/pdf" },
    body: bytes,
  });
  const json = await res.json();
  if (res.status >= 300) throw new Error(`upload: ${res.status} ${JSON.stringify(json)}`);
  return { id: json.item.id, memory: memory(res) };
}

const timed = async (f) => {
  const start = process.hrtime.bigint();
  const out = await f();
  return [Number(process.hrtime.bigint() - start) / 1e6, out];
};

// Warm up with a small file, and note the memory the instance has then.
const warm = await upload("warm-up.pdf", body.subarray(0, MB));
const samples = { worker_upload: [], worker_download: [], r2_put: [], r2_get: [] };
let peak = warm.memory;
for (let i = 0; i < ROUNDS; i++) {
  const [up, file] = await timed(() => upload(`bench-${i}.pdf`, body));
  samples.worker_upload.push(up);
  peak = Math.max(peak, file.memory);
  const [down] = await timed(async () => {
    const res = await fetch(`${w.url}/api/projects/${PROJECT}/files/${file.id}/download`, { headers: { cookie } });
    const got = Buffer.from(await res.arrayBuffer());
    if (got.length !== SIZE || !got.subarray(-64).equals(body.subarray(-64))) throw new Error("download differs");
    peak = Math.max(peak, memory(res));
  });
  samples.worker_download.push(down);
  const [put] = await timed(() => bucket.put(`bench/${i}`, body));
  samples.r2_put.push(put);
  const [get] = await timed(async () => (await (await bucket.get(`bench/${i}`)).arrayBuffer()).byteLength);
  samples.r2_get.push(get);
}
await w.dispose();

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x) => Math.round(x * 100) / 100;
const rate = (ms) => round(SIZE / MB / (ms / 1000));
for (const [name, floor] of [["worker_upload", "r2_put"], ["worker_download", "r2_get"]]) {
  emit({
    name: `file_20mb_${name.replace("worker_", "")}_throughput`,
    value: rate(median(samples[name])),
    unit: "MB/s",
    rounds: ROUNDS,
    direct_r2_api_mb_s: rate(median(samples[floor])),
    ratio_to_direct_r2_api: round(median(samples[floor]) / median(samples[name])),
  });
}
emit({
  name: "file_upload_wasm_memory_growth",
  value: peak - warm.memory,
  unit: "bytes",
  context: `wasm linear memory after a 1 MB upload: ${warm.memory} bytes; highest after ${ROUNDS} uploads and downloads of 20 MB: ${peak} bytes`,
  flat: peak - warm.memory < MB,
});
