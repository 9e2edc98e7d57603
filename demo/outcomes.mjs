// The demo's outcomes and care (#12), written through the API as their people would have done it (the clock is
// moved with the test-mode header x-tandem-now), over the projects demo/outcomes.sql adds:
// - Elena and Bruno: Elena writes what she reached and approves the final report, Bruno adds his closing feedback,
//   Elena makes it final and shares two sections with the coordinator; Bruno completes the project and both answer
//   their evaluation forms.
// - Marta and Anna: two sessions held, with Marta's diaries; then Marta answers "not sure" to "are we well
//   matched?", which puts the project at risk in the coordinator's queue.
// - Farid and Bruno: nothing since the start, months ago: the daily pass finds it stalled.
// Safe to run again: it does nothing once Elena's project is completed.
import { demoClient } from "./process.mjs";

const ELENA_PROJECT = "e0000000000000000000000e1e1e";
const MARTA_PROJECT = "e0000000000000000000000a2a2a";
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** `fetch(path, { method, json, cookie, now })` → `{ status, data, headers }` (tests/support/worker.mjs's shape). */
/** `cron`: runs the scheduled handler once (the daily pass is part of it). */
export async function seedOutcomes(fetch, { now = Date.now(), cron } = {}) {
  const { must, login } = demoClient(fetch);
  const as = async (email, project, at) => {
    const cookie = await login(email, at);
    return (method, path, json) => must(`${method} ${path}`, fetch(`/api/projects/${project}${path}`, { method, json, cookie, now: at }));
  };

  // Elena and Bruno: the final report, then the end and both evaluations (a week ago).
  const ended = now - 7 * DAY;
  let elena = await as("mentee.elena@tandem.test", ELENA_PROJECT, ended);
  const page = await elena("GET", "");
  if (page.project.state !== "active") return false;
  let bruno = await as("mentor.bruno@tandem.test", ELENA_PROJECT, ended);
  const reached = "I passed the entrance test and start the evening course in October. I know how to plan my week around work and study, and whom to ask when I am stuck.";
  const closing = "Elena set clear goals and kept every appointment. Keep the study group going, and come back to the community as a peer mentor next year.";
  await elena("PUT", "/report", { reached });
  await elena("POST", "/report/actions", { action: "approve" });
  await bruno("PUT", "/report", { mentor: closing });
  await bruno("POST", "/report/actions", { action: "add_mentor" });
  const document = `# Final report: back to study in engineering\n\n## What has been reached and how to continue\n\n${reached}\n\n## The mentor's closing feedback\n\n${closing}\n`;
  await elena("POST", "/report/actions", { action: "finalise", document });
  await elena("POST", "/report/actions", {
    action: "share",
    sections: ["reached", "mentor"],
    text: `## What has been reached and how to continue\n\n${reached}\n\n## The mentor's closing feedback\n\n${closing}\n`,
  });
  await bruno("POST", "/actions", { action: "complete", note: "Elena starts her course in October." });
  const open = (view, who) => view.requests.find((r) => r.respondent_id === who && r.state === "requested");
  let view = await elena("GET", "/evaluations");
  await elena("POST", `/evaluations/${open(view, "d000000000000000000000000e1e").id}/answers`, {
    answers: { goals_reached: "Yes", useful: 5, recommend: "Yes", best: "Planning the week together.", next: "The evening course, and the study group.", report: "Entrance test passed; course starts in October." },
    client_key: "demo-eval-elena",
  });
  view = await bruno("GET", "/evaluations");
  await bruno("POST", `/evaluations/${open(view, "d000000000000000000000000b1b").id}/answers`, {
    answers: { achieved: "Yes", realistic: "Yes", gained: "A reminder of how much a plan helps.", signposting: ["Further study", "Peer mentoring"], again: "Yes", support: 4 },
    client_key: "demo-eval-bruno",
  });

  // Marta and Anna: two sessions, then the fit check, answered "not sure".
  const planned = now - 20 * DAY;
  let anna = await as("mentor.anna@tandem.test", MARTA_PROJECT, planned);
  const times = [now - 10 * DAY, now - 3 * DAY].map((t) => t - (t % HOUR) + HOUR);
  for (const [i, start] of times.entries()) {
    const plan = await anna("POST", "/sessions", { topic: ["Getting to know each other", "The specialisations on offer"][i], start, zone: "Europe/Rome", duration: 45, mode: "video" });
    const s = plan.sessions.find((x) => x.start_at === start);
    const after = start + 2 * HOUR;
    anna = await as("mentor.anna@tandem.test", MARTA_PROJECT, after);
    const marta = await as("mentee.marta@tandem.test", MARTA_PROJECT, after);
    await anna("POST", `/sessions/${s.id}/actions`, { action: "hold" });
    await marta("PUT", `/sessions/${s.id}/diary`, {
      answers: ["Fine.", "I am not sure what I want.", "We listed what I like in my courses.", "The specialisations on offer", "Read the course guide."],
      attendance: [{ user: "d000000000000000000000000a1a", present: true }, { user: "d000000000000000000000000a2a", present: true }],
      minutes: 45, base: 0, client_key: `demo-marta-diary-${i}`,
    });
    await marta("POST", `/sessions/${s.id}/diary/actions`, { action: "submit" });
  }
  const asked = now - 2 * DAY;
  const coordinator = await as("coordinator@tandem.test", MARTA_PROJECT, asked);
  // The project's space tells D1 its figures within seconds: wait for the two sessions, as the coordinator would.
  for (let i = 0; i < 200; i++) {
    const panel = await coordinator("GET", "/oversight");
    if (panel.sessions.held === 2 && panel.interactions.count >= 2) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await coordinator("POST", "/evaluations", { kind: "fit" });
  const marta = await as("mentee.marta@tandem.test", MARTA_PROJECT, asked);
  view = await marta("GET", "/evaluations");
  await marta("POST", `/evaluations/${open(view, "d000000000000000000000000a2a").id}/answers`, {
    answers: { fit: "not_sure", note: "Anna is kind, but I think I need someone who studied what I am choosing between." },
    client_key: "demo-fit-marta",
  });

  // The daily pass (the cron's, as it runs every minute): Farid's project is found stalled (and every other project
  // assessed). Through the cron rather than the administration's route, which needs a second factor.
  await cron();
  return true;
}
