// The one place that turns wrangler.toml into a running Tandem on this machine: Miniflare (workerd) with the built
// worker, real D1, R2, Durable Objects and the static assets. `npm start` (scripts/serve.mjs) and the tests
// (tests/support/worker.mjs) both start Tandem through it.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { Miniflare } from "miniflare";
import { unstable_getMiniflareWorkerOptions } from "wrangler";

const root = new URL("../", import.meta.url);

/** Miniflare options for the built worker. `persist`: a folder laid out as `wrangler dev --persist-to` lays it
 * (so `wrangler d1 execute --local --persist-to` reaches the same data); `vars` override wrangler.toml's. */
export function workerOptions({ vars = {}, persist, port, host = "127.0.0.1", log } = {}) {
  const { workerOptions: fromToml } = unstable_getMiniflareWorkerOptions(new URL("wrangler.toml", root).pathname);
  return {
    ...fromToml,
    name: "tandem",
    scriptPath: new URL("build/index.js", root).pathname,
    modules: true,
    modulesRoot: new URL("build/", root).pathname,
    modulesRules: [{ type: "CompiledWasm", include: ["**/*.wasm"], fallthrough: true }],
    compatibilityDate: fromToml.compatibilityDate ?? "2026-07-30",
    bindings: { TOTP_KEY: sealingKey(persist), ...(fromToml.bindings ?? {}), ...vars },
    cf: false,
    host,
    port,
    ...(log ? { log } : {}),
    ...(persist
      ? {
          d1Persist: `${persist}/v3/d1`,
          r2Persist: `${persist}/v3/r2`,
          durableObjectsPersist: `${persist}/v3/do`,
          cachePersist: `${persist}/v3/cache`,
        }
      : {}),
  };
}

/** Two-factor secrets are sealed with TOTP_KEY, a Worker secret on Cloudflare (`wrangler secret put TOTP_KEY`). Here:
 * a random key kept with the local data (so `npm start` keeps working across restarts), or a fixed one for tests. */
function sealingKey(persist) {
  if (!persist) return "a-fixed-key-for-tests-only-".padEnd(64, "0");
  const file = `${persist}/totp.key`;
  if (!existsSync(file)) {
    mkdirSync(persist, { recursive: true });
    writeFileSync(file, randomBytes(32).toString("hex"), { mode: 0o600 });
  }
  return readFileSync(file, "utf8").trim();
}

export { Miniflare };
