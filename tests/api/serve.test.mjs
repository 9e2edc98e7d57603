// `npm start`'s server itself (scripts/serve.mjs, started as `npm start` starts it, on a fresh local database):
// requests cut short by the client, oversize uploads, and a rebuild while it runs never take it down.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { DEMO, DEMO_PASSWORD } from "../support/worker.mjs";
import { PROJECTS } from "../support/demo.mjs";

const root = new URL("../../", import.meta.url).pathname;
const PROJECT = PROJECTS.annaCarla;
let server, base, state, output = "";

async function freePort() {
  const s = net.createServer().listen(0, "127.0.0.1");
  await new Promise((r) => s.once("listening", r));
  const { port } = s.address();
  await new Promise((r) => s.close(r));
  return port;
}

const health = () => fetch(base + "/api/health").then((r) => r.status, () => "down");

before(async () => {
  state = mkdtempSync(`${tmpdir()}/tandem-serve-`);
  execFileSync("bash", ["scripts/local-db.sh"], { cwd: root, env: { ...process.env, TANDEM_STATE_DIR: state }, stdio: "ignore" });
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawn("node", ["scripts/serve.mjs"], { cwd: root, env: { ...process.env, PORT: String(port), TANDEM_STATE_DIR: state } });
  server.stdout.on("data", (d) => (output += d));
  server.stderr.on("data", (d) => (output += d));
  await new Promise((resolve, reject) => {
    const check = () => (output.includes("Tandem is ready") ? resolve() : server.exitCode !== null ? reject(new Error(output)) : setTimeout(check, 50));
    check();
  });
});

after(async () => {
  server?.kill("SIGTERM");
  await new Promise((r) => (server.exitCode !== null ? r() : server.once("exit", r)));
  rmSync(state, { recursive: true, force: true });
});

/** A raw HTTP/1.1 request: headers, then `send` bytes of a body that declares `declared`; `halfClose` ends our side. */
function raw({ method, path, headers = {}, declared, send, halfClose = true }) {
  const u = new URL(base);
  return new Promise((resolve) => {
    const s = net.connect(Number(u.port), u.hostname, () => {
      const lines = Object.entries({ Host: u.host, Origin: base, "Content-Length": declared, ...headers }).map(([k, v]) => `${k}: ${v}`);
      s.write(`${method} ${path} HTTP/1.1\r\n${lines.join("\r\n")}\r\n\r\n`);
      s.write(Buffer.alloc(send, 0x61));
      if (halfClose) s.end();
    });
    let out = "";
    s.on("data", (d) => {
      out += d;
      // An answer with its whole JSON body is enough; we never send the rest.
      if (/\r\n\r\n[\s\S]*\}\}\s*$/.test(out)) { resolve(out); s.destroy(); }
    });
    s.on("close", () => resolve(out));
    s.on("error", () => resolve(out));
  });
}

const statusOf = (answer) => Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1]);
const codeOf = (answer) => JSON.parse(answer.slice(answer.indexOf("{"))).error.code;

test("an upload cut short answers 400 upload_incomplete, twice, and the server stays up", async () => {
  const login = await fetch(base + "/api/auth/login", { method: "POST", headers: { "content-type": "application/json", origin: base }, body: JSON.stringify({ email: DEMO.anna, password: DEMO_PASSWORD }) });
  assert.equal(login.status, 200);
  const cookie = login.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  for (let i = 0; i < 2; i++) {
    const answer = await raw({ method: "PUT", path: `/api/projects/${PROJECT}/files`, headers: { Cookie: cookie, "X-File-Name": "cut.txt", "Content-Type": "text/plain" }, declared: 200_000, send: 1024 });
    assert.equal(statusOf(answer), 400, answer);
    assert.equal(codeOf(answer), "upload_incomplete");
    assert.equal(await health(), 200);
  }
  // A JSON body cut short is the client's to send again too.
  const json = await raw({ method: "POST", path: "/api/auth/login", headers: { "Content-Type": "application/json" }, declared: 5000, send: 10 });
  assert.equal(statusOf(json), 400, json);
  assert.equal(codeOf(json), "body_incomplete");
  // A request that is not even the app's, cut short.
  await raw({ method: "PUT", path: "/js/app.js", declared: 5000, send: 10 });
  assert.equal(await health(), 200);
  assert.doesNotMatch(output, /Uncaught|unhandled/i);
});

test("an oversize upload is answered from its Content-Length, before the body is sent", async () => {
  const login = await fetch(base + "/api/auth/login", { method: "POST", headers: { "content-type": "application/json", origin: base }, body: JSON.stringify({ email: DEMO.carla, password: DEMO_PASSWORD }) });
  const cookie = login.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  // 1 KB sent of a declared 30 MB, and the connection left open: the answer comes anyway.
  const answer = await raw({ method: "PUT", path: `/api/projects/${PROJECT}/files`, headers: { Cookie: cookie, "X-File-Name": "big.pdf" }, declared: 30_000_000, send: 1024, halfClose: false });
  assert.equal(statusOf(answer), 413, answer);
  assert.equal(codeOf(answer), "payload_too_large");
});

test("a rebuild moved into place while it runs is picked up, and the server never answers an error meanwhile", async () => {
  const copy = mkdtempSync(`${tmpdir()}/tandem-build-`);
  cpSync(`${root}build`, copy, { recursive: true });
  let answering = true;
  const statuses = [];
  const hammer = (async () => { while (answering) statuses.push(await health()); })();
  execFileSync("bash", ["scripts/install-build.sh", copy], { cwd: root });
  const until = Date.now() + 20_000;
  while (!output.includes("Reloaded the rebuilt worker") && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  answering = false;
  await hammer;
  assert.match(output, /Reloaded the rebuilt worker/);
  // While the runtime restarts with the new worker, a connection may be refused for a moment (as with any dev
  // server's reload); nothing is ever answered with an error, and it serves again at once.
  assert.ok(statuses.includes(200) && statuses.every((s) => s === 200 || s === "down"), `answers: ${[...new Set(statuses)]}`);
  assert.equal(await health(), 200);
  assert.equal(server.exitCode, null, "still running");
});
