// Cold start, side by side: the first response of a fresh runtime (a new workerd, the worker loaded and its wasm
// compiled) for Tandem and for a minimal Rust worker built from bench/minimal, alternating; and the time V8 takes
// to compile each wasm, lazily (as workerd does) and eagerly. Prints medians and Tandem's ratios.
import { readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { Miniflare, workerOptions } from "../scripts/runtime.mjs";

const root = new URL("../", import.meta.url).pathname;
const emit = (o) => console.log(JSON.stringify(o));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ROUNDS = Number(process.env.BENCH_COLD_ROUNDS ?? 15);

// Like for like: both with Tandem's bindings (D1, R2, the static assets, the vars) but the Durable Object, whose
// class only Tandem has; Tandem with every binding is printed beside them.
const tandemFull = workerOptions({ vars: { APP_URL: "http://localhost" } });
const { durableObjects, ...shared } = tandemFull;
const tandem = shared;
const minimal = {
  ...shared,
  name: "minimal",
  scriptPath: `${root}bench/minimal/build/index.js`,
  modulesRoot: `${root}bench/minimal/build/`,
};

async function firstResponse(options, path) {
  const start = process.hrtime.bigint();
  const mf = new Miniflare({ ...options, port: 0 });
  const res = await mf.dispatchFetch(`http://localhost${path}`);
  await res.arrayBuffer();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  await mf.dispose();
  return ms;
}

const cold = { tandem: [], minimal: [], full: [] };
await firstResponse(minimal, "/api/health"); // the first workerd start of the process warms the disk cache for all
for (let i = 0; i < ROUNDS; i++) {
  cold.minimal.push(await firstResponse(minimal, "/api/health"));
  cold.tandem.push(await firstResponse(tandem, "/api/health"));
  cold.full.push(await firstResponse(tandemFull, "/api/health"));
}
const [t, m, f] = [median(cold.tandem), median(cold.minimal), median(cold.full)];
emit({ name: "cold_start_first_response", unit: "ms", tandem: +t.toFixed(1), minimal_rust: +m.toFixed(1), ratio: +(t / m).toFixed(2),
  goal_ratio: 1.5, tandem_with_durable_object: +f.toFixed(1), rounds: ROUNDS });

// Compiling each wasm in V8 (node's, the engine workerd embeds), lazily and eagerly: once per fresh process (V8
// caches a module it has compiled), the median of several processes.
const compileOnce = (wasm, flag) => Number(execFileSync(process.execPath, [flag, "-e", `
  const b = require("fs").readFileSync(${JSON.stringify(wasm)});
  const s = process.hrtime.bigint(); new WebAssembly.Module(b); process.stdout.write(String(Number(process.hrtime.bigint() - s) / 1e6));`]).toString());
const compile = (wasm, flag) => median(Array.from({ length: 9 }, () => compileOnce(wasm, flag)));
for (const [mode, flag] of [["lazy", "--wasm-lazy-compilation"], ["eager", "--no-wasm-lazy-compilation"]]) {
  const tw = compile(`${root}build/index_bg.wasm`, flag);
  const mw = compile(`${root}bench/minimal/build/index_bg.wasm`, flag);
  emit({ name: `wasm_compile_${mode}`, unit: "ms", tandem: +tw.toFixed(2), minimal_rust: +mw.toFixed(2), ratio: +(tw / mw).toFixed(2) });
}
emit({ name: "wasm_size_minimal_rust", value: readFileSync(`${root}bench/minimal/build/index_bg.wasm`).length, unit: "bytes" });
