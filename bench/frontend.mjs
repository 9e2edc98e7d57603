// First-visit transfer of the web frontend: loads / in Chromium with an empty cache from a fresh local worker, sums
// the bytes of every response, gzipped (the local server does not compress; a response that arrives compressed
// counts as it came). Prints one JSON line; with --verbose, the per-file sizes on stderr.
import { gzipSync } from "node:zlib";
import { startWorker } from "../tests/support/worker.mjs";
import { launch } from "../tests/support/browser.mjs";

const verbose = process.argv.includes("--verbose");
const w = await startWorker({ http: true });
const browser = await launch();
try {
  // Service workers blocked: this measures what the page itself needs (the worker's precache is a later, idle fetch).
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, serviceWorkers: "block" });
  const page = await context.newPage();
  const seen = new Map();
  page.on("response", (res) => {
    seen.set(res.url(), (async () => {
      const encoded = res.headers()["content-encoding"];
      const body = await res.body().catch(() => Buffer.alloc(0));
      if (encoded) return (await res.request().sizes()).responseBodySize;
      return body.length ? gzipSync(body, { level: 6 }).length : 0;
    })());
  });
  await page.goto(w.url + "/", { waitUntil: "networkidle" });
  await page.getByRole("heading", { level: 1 }).waitFor();
  let total = 0;
  for (const [url, size] of seen) {
    const n = await size;
    total += n;
    if (verbose) console.error(String(n).padStart(7), url.replace(w.url, ""));
  }
  console.log(JSON.stringify({ name: "first_visit_transfer", value: total, unit: "bytes_gzip" }));
  await context.close();
} finally {
  await browser.close();
  await w.dispose();
}
