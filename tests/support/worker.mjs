// Starts the built worker (build/index.js) in Miniflare with the bindings of wrangler.toml: real D1, R2 and static
// assets, each instance with its own fresh in-memory storage. Tests use it as a black box over HTTP.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { unstable_splitSqlQuery } from "wrangler";
import { Miniflare, workerOptions } from "../../scripts/runtime.mjs";
import { DEMO_PASSWORD } from "./demo.mjs";
import { badPlans } from "./plans.mjs";

const root = new URL("../../", import.meta.url);
const read = (p) => readFileSync(new URL(p, root), "utf8");

// The demo's people, communities and projects are named once, in demo.mjs.
export { DEMO_PASSWORD, DEMO, USERS, DEMO_COMMUNITY, ENGINEERS, PROJECTS } from "./demo.mjs";

/** Start a worker. `seed`: load the demo data. `http`: listen on a loopback port (for the browser). `vars`: override
 * wrangler.toml's vars. */
export async function startWorker({ seed = true, http = false, vars = {}, persist } = {}) {
  const options = {
    ...workerOptions({ persist, port: http ? 0 : undefined, vars: { APP_URL: "http://tandem.test", LOCAL_MAILBOX: "1", ...vars, TANDEM_TEST_MODE: "1" } }),
    unsafeTriggerHandlers: true,
    log: undefined,
  };
  const mf = new Miniflare(options);
  const url = http ? (await mf.ready).toString().replace(/\/$/, "") : "http://tandem.test";
  if (http) {
    options.port = Number(new URL(url).port);
    // Links in e-mails point where the browser is (unless the test set APP_URL itself).
    if (!("APP_URL" in vars)) {
      options.bindings = { ...options.bindings, APP_URL: url };
      await mf.setOptions(options);
      await mf.ready;
    }
  }
  const db = await mf.getD1Database("DB");
  const run = async (sql) => {
    const statements = unstable_splitSqlQuery(sql).filter((s) => s.trim());
    await db.batch(statements.map((s) => db.prepare(s)));
  };
  await run(read("schema.sql"));
  if (seed) await run(read("demo/seed.sql"));
  const w = new Worker(mf, url, db);
  w.options = options;
  return w;
}

class Worker {
  constructor(mf, url, db) {
    this.mf = mf;
    this.url = url;
    this.db = db;
  }
  /** Restarts the runtime (every Durable Object is evicted); storage survives only with `persist`. */
  async restart() {
    await this.mf.setOptions(this.options);
    await this.mf.ready;
    this.db = await this.mf.getD1Database("DB");
  }
  /** Stops the runtime, after checking the plan of every statement the worker prepared: a full scan of a table that
   * grows with use fails the test file that made it (see plans.mjs). */
  async dispose() {
    let bad = [];
    try {
      ({ bad } = await badPlans(this));
    } finally {
      await this.mf.dispose();
    }
    if (bad.length) {
      const list = bad.map((b) => `  ${b.scans.join("; ")}\n    in: ${b.sql}`).join("\n");
      throw new Error(`${bad.length} statement(s) read a growing table whole (add an index, or bound the query):\n${list}`);
    }
  }
  async bucket() {
    return this.mf.getR2Bucket("FILES");
  }
  /** A raw request. `cookie`, `now` (ms, the injected clock), `ip` are shortcuts for their headers. */
  async fetch(path, { method = "GET", json, body, headers = {}, cookie, now, ip = "203.0.113.1" } = {}) {
    const h = { "cf-connecting-ip": ip, ...headers };
    if (json !== undefined) {
      h["content-type"] = "application/json";
      body = JSON.stringify(json);
    }
    if (cookie) h.cookie = cookie;
    if (now !== undefined) h["x-tandem-now"] = String(now);
    const res = await this.mf.dispatchFetch(this.url + path, { method, headers: h, body, redirect: "manual" });
    const text = await res.text();
    let data = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch {
      data = text;
    }
    return { status: res.status, headers: res.headers, data, text };
  }
  /** Runs the cron handler once, as the platform would. */
  async cron() {
    const res = await this.mf.dispatchFetch(this.url + "/cdn-cgi/handler/scheduled?cron=*+*+*+*+*");
    await res.text();
    return res.status;
  }
  /** Log in and return the session cookie ("name=value"). */
  async login(email, password = DEMO_PASSWORD, opts = {}) {
    const r = await this.fetch("/api/auth/login", { method: "POST", json: { email, password }, ...opts });
    if (r.status !== 200 || !r.headers.get("set-cookie")?.startsWith("__Host-tandem_session=")) throw new Error(`login ${email}: ${r.status} ${r.text}`);
    const cookie = r.headers.get("set-cookie").split(";")[0];
    // Platform administration needs a session that gave a second factor. Tests about something else count every
    // session as one; tests/api/two-factor.test.mjs and tests/browser/two-factor.test.mjs go through the real steps.
    const token = cookie.split("=")[1];
    await this.db.prepare("UPDATE sessions SET second_factor = 1 WHERE token_hash = ?").bind(createHash("sha256").update(token).digest("hex")).run();
    return cookie;
  }
  /** Every session of this person counts as one that gave a second factor (for browser tests about something else). */
  async secondFactor(email) {
    await this.db.prepare("UPDATE sessions SET second_factor = 1 WHERE user_id = (SELECT id FROM users WHERE email = ?)").bind(email).run();
  }
  /** The newest outbox message to an address. */
  async lastMail(to) {
    return this.db.prepare("SELECT * FROM outbox WHERE to_email = ? ORDER BY id DESC LIMIT 1").bind(to).first();
  }
  /** A queued mail as it was delivered (the local mailbox keeps it, links included). Mail is sent just after the
   * response that queued it, so this waits for it, up to 5 s, as a person waits for their inbox. */
  async delivered(id) {
    const until = Date.now() + 5000;
    for (;;) {
      const m = await this.db.prepare("SELECT * FROM local_mailbox WHERE id = ?").bind(id).first();
      if (m || Date.now() > until) return m;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  /** The token in the newest link mailed to an address (links carry it after `#token=`). */
  async mailedToken(to) {
    const last = await this.lastMail(to);
    const m = last && (await this.delivered(last.id));
    const match = m && /#token=([0-9a-f]{64})/.exec(m.body);
    return match ? match[1] : null;
  }
  /** How many rows a table of a project's space holds (its Durable Object's own storage; tests only). */
  async spaceCount(project, table) {
    const ns = await this.mf.getDurableObjectNamespace("PROJECT_SPACE");
    const res = await ns.get(ns.idFromName(project)).fetch("https://space/test/count", { method: "POST", body: table, headers: { "x-project-id": project } });
    const data = await res.json();
    if (res.status !== 200) throw new Error(`spaceCount ${table}: ${res.status} ${JSON.stringify(data)}`);
    return data.n;
  }
  async count(sql, ...args) {
    const row = await this.db.prepare(sql).bind(...args).first();
    return Object.values(row)[0];
  }
}
