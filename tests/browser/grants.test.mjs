// Break-glass access in the browser (#14): the coordinator asks to read a project's chat, with a reason, from the
// project's Access page; Carla, a member, consents on the same page; the coordinator reads the chat through the grant
// (the page says every read is logged); Carla sees who read what, and the project's history says it opened.
import { test } from "node:test";
import assert from "node:assert/strict";
import { DEMO, PROJECTS } from "../support/worker.mjs";
import { withBrowser, signedIn, noViolations, fits } from "../support/browser.mjs";

let w, browser;
withBrowser((s) => ({ w, browser } = s));
const P = PROJECTS.annaCarla;
const REASON = "A parent reported a worrying message in the chat.";

test("asked with a reason, consented to by a member, read through, and seen by the members", async () => {
  const carlaApi = await w.login(DEMO.carla);
  assert.equal((await w.fetch(`/api/projects/${P}/chat/messages`, { method: "POST", cookie: carlaApi, json: { client_id: "bg-1", text: "What the chat said" } })).status, 200);

  const coord = await signedIn(browser, w.url, DEMO.coordinator);
  // From the project's People page, where its state and history are.
  await coord.page.goto(`${w.url}/projects/${P}/people`);
  await coord.page.getByRole("link", { name: "Access to this project: who asked to read it, and why" }).click();
  await coord.page.getByRole("heading", { level: 1, name: "Access to this project" }).waitFor();
  await coord.page.getByText("Nobody has asked to read this project.").waitFor();
  const form = coord.page.locator("form.grant-ask");
  // Refused with the reason at its field: nothing is asked.
  await form.getByLabel("Chat").check();
  await form.getByLabel("Hours of access (1 to 72)").fill("100");
  await form.getByLabel(/What happened/).fill(REASON);
  await form.getByRole("button", { name: "Ask for access" }).click();
  await form.getByText("Access lasts 1 to 72 hours, and the members are told within 7 days at the latest.").waitFor();
  await form.getByLabel("Hours of access (1 to 72)").fill("24");
  await form.getByRole("button", { name: "Ask for access" }).click();
  await form.getByRole("status").filter({ hasText: "Asked. It opens once approved." }).waitFor();
  await coord.page.getByText("Waiting for an answer").waitFor();
  await noViolations(coord.page);
  await fits(coord.page);

  const carla = await signedIn(browser, w.url, DEMO.carla);
  await carla.page.goto(`${w.url}/projects/${P}/access`);
  await carla.page.getByText(REASON).waitFor();
  await carla.page.getByRole("button", { name: "Approve" }).click();
  await carla.page.getByText("Access is open.").waitFor();
  await carla.page.getByText("Open", { exact: true }).waitFor();

  await coord.page.reload();
  await coord.page.getByRole("link", { name: "Read: Chat" }).click();
  await coord.page.getByRole("heading", { level: 1, name: "Chat" }).waitFor();
  await coord.page.getByText(/Every page you open is logged/).waitFor();
  await coord.page.getByText("What the chat said").waitFor();
  await noViolations(coord.page);
  await fits(coord.page);
  assert.deepEqual(coord.page.errors, []);

  // Carla sees who read what, and the history says who was given access and why.
  await carla.page.reload();
  await carla.page.getByText("Reads: 1").click();
  await carla.page.getByText("Cora Coordinator read: Chat").waitFor();
  await carla.page.goto(`${w.url}/projects/${P}/people`);
  await carla.page.getByText("Cora Coordinator was given access to read: Chat").waitFor();
  assert.deepEqual(carla.page.errors, []);
  await coord.context.close();
  await carla.context.close();
});
