// `npm start`: serves Tandem from build/ with embedded D1, R2 and Durable Objects (Miniflare, the same runtime as
// Cloudflare's), its data kept in the state folder between runs.
//
// Not `wrangler dev`: its proxy reports any request body cut short by the client (a phone losing its connection
// mid-upload) as a fatal error and exits. Here the runtime answers such requests like any other.
// A rebuild (`npm run build`, or `npm test` in another terminal) moves the new worker into build/ a file at a time,
// the entry point last; this reloads when the entry point changes, so it never loads a half-written worker.
// Cron triggers do not fire locally by themselves: this fires the scheduled handler every minute, as Cloudflare does.
import { watch } from "node:fs";
import { Log, LogLevel } from "miniflare";
import { Miniflare, workerOptions } from "./runtime.mjs";

const port = Number(process.env.PORT || 8787);
const url = `http://127.0.0.1:${port}`;
const state = process.env.TANDEM_STATE_DIR || new URL("../.wrangler/state", import.meta.url).pathname;
const options = workerOptions({ persist: state, port, vars: { APP_URL: url, LOCAL_MAILBOX: "1" }, log: new Log(LogLevel.INFO) });

const mf = new Miniflare(options);
await mf.ready;
console.log(`Tandem is ready at ${url} (local mailbox: ${url}/mailbox)`);

let reloading = Promise.resolve();
let timer = null;
watch(new URL("../build/", import.meta.url), (_event, file) => {
  if (file !== "index.js") return;
  clearTimeout(timer);
  timer = setTimeout(() => {
    reloading = reloading
      .then(() => mf.setOptions(options))
      .then(() => console.log("Reloaded the rebuilt worker."))
      .catch((e) => console.error("Could not reload the rebuilt worker (still serving the previous one):", e.message));
  }, 200);
});

const tick = setInterval(async () => {
  try {
    await reloading;
    const worker = await mf.getWorker();
    await worker.scheduled({ cron: "* * * * *" });
  } catch (e) {
    console.error("scheduled run failed:", e.message);
  }
}, 60_000);

const stop = async () => {
  clearInterval(tick);
  await mf.dispose().catch(() => {});
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
