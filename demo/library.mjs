// The demo's library in Anna and Carla's project (#13), written through the API as its people would have: Anna shares
// the Europass link with a word on why and the platform's "Your first month of mentoring" path; Carla copies the
// community's "Getting ready for a first job" path into the project and ticks its first step. The library's items
// themselves are demo/library.sql. Safe to run again: it does nothing once the project's library has something.
import { demoClient } from "./process.mjs";

const PROJECT = "e0000000000000000000000a1c1c";
const CV = "f1b000000000000000000000000d";
const FIRST_MONTH = "f1b000000000000000000000000b";
const FIRST_JOB = "f1b000000000000000000000000e";

export async function seedLibrary(fetch) {
  const { must, login } = demoClient(fetch);
  const as = async (email) => {
    const cookie = await login(email);
    return (method, json, path = "") => must(`${method} library${path}`, fetch(`/api/projects/${PROJECT}/library${path}`, { method, json, cookie }));
  };
  const anna = await as("mentor.anna@tandem.test");
  if ((await anna("GET")).entries.length) return false;
  await anna("POST", { action: "share", item: CV, note: "Start your CV here: we will read it together next week.", client_key: "demo-lib-share-cv" });
  await anna("POST", { action: "share", item: FIRST_MONTH, note: "What our first month looks like.", client_key: "demo-lib-share-month" });
  const carla = await as("mentee.carla@tandem.test");
  const lib = await carla("POST", { action: "clone", item: FIRST_JOB, client_key: "demo-lib-clone-job" });
  const path = lib.entries.find((e) => e.kind === "path");
  const first = lib.steps.find((s) => s.entry === path.id && s.n === 0);
  await carla("PUT", { done: true }, `/${path.id}/steps/${first.id}`);
  return true;
}
