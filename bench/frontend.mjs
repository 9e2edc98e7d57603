// First-visit transfer of the web frontend, what the service worker fetches included: loads / in Chromium with an
// empty cache through a counting proxy in front of a fresh local worker, once with service workers blocked (the page
// alone) and once with them allowed (the page, then the service worker's install and precache), waiting each time
// until the network has been quiet for two seconds. The proxy gzips what it passes on, as Cloudflare's edge does (the
// local runtime does not compress), and counts the body bytes it sends: a 304 (a file revalidated, not downloaded
// again) counts nothing. Prints one JSON line; with --verbose, each request on stderr.
import http from "node:http";
import { gzipSync } from "node:zlib";
import { startWorker } from "../tests/support/worker.mjs";
import { launch } from "../tests/support/browser.mjs";

const verbose = process.argv.includes("--verbose");
const QUIET_MS = 2000;
const COMPRESSIBLE = /^(text\/|application\/(javascript|json|manifest\+json)|image\/svg\+xml)/;

const w = await startWorker({ http: true });
const upstream = new URL(w.url);

/** The proxy: every request is logged as {url, status, bytes}; `inflight` and `last` tell when the network is quiet. */
const net = { log: [], inflight: 0, last: Date.now() };
const proxy = http.createServer((req, res) => {
  net.inflight++;
  net.last = Date.now();
  const headers = { ...req.headers, host: upstream.host };
  delete headers["accept-encoding"];
  const up = http.request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers }, (r) => {
    const chunks = [];
    r.on("data", (c) => chunks.push(c));
    r.on("end", () => {
      let body = Buffer.concat(chunks);
      const out = { ...r.headers };
      delete out["content-length"];
      delete out["transfer-encoding"];
      if (body.length && COMPRESSIBLE.test(r.headers["content-type"] || "") && /\bgzip\b/.test(req.headers["accept-encoding"] || "")) {
        body = gzipSync(body, { level: 6 });
        out["content-encoding"] = "gzip";
      }
      out["content-length"] = String(body.length);
      res.writeHead(r.statusCode, out);
      res.end(body);
      net.log.push({ url: req.url, status: r.statusCode, bytes: body.length, by: req.headers["service-worker"] ? "sw-script" : "" });
      net.inflight--;
      net.last = Date.now();
    });
  });
  up.on("error", () => { res.writeHead(502); res.end(); net.inflight--; net.last = Date.now(); });
  req.pipe(up);
});
await new Promise((resolve) => proxy.listen(0, "127.0.0.1", resolve));
const base = `http://127.0.0.1:${proxy.address().port}`;

async function quiet() {
  for (;;) {
    await new Promise((r) => setTimeout(r, 100));
    if (!net.inflight && Date.now() - net.last >= QUIET_MS) return;
  }
}

/** One first visit: the bytes sent, and the requests. */
async function visit(browser, serviceWorkers) {
  net.log = [];
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, serviceWorkers });
  const page = await context.newPage();
  await page.goto(base + "/", { waitUntil: "load" });
  await page.getByRole("heading", { level: 1 }).waitFor();
  if (serviceWorkers === "allow") await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  await quiet();
  await context.close();
  const log = net.log;
  return { bytes: log.reduce((n, r) => n + r.bytes, 0), log };
}

const browser = await launch();
try {
  const page = await visit(browser, "block");
  const all = await visit(browser, "allow");
  if (verbose) {
    for (const r of all.log) console.error(String(r.bytes).padStart(7), r.status, r.url, r.by);
    console.error(`page alone: ${page.bytes} bytes in ${page.log.length} requests; with the service worker: ${all.bytes} in ${all.log.length}`);
  }
  console.log(JSON.stringify({
    name: "first_visit_transfer", value: all.bytes, unit: "bytes_gzip", target: 60_000,
    page_alone: page.bytes, service_worker: all.bytes - page.bytes, requests: all.log.length,
    context: "GET / logged out, empty cache, service worker allowed, until the network is quiet for 2 s; bodies gzipped, 304s count 0",
  }));
} finally {
  await browser.close();
  proxy.close();
  await w.dispose();
}
