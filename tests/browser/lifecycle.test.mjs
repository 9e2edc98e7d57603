// A request's and a project's moves in the browser, each checked by what people see: the mentor asks for more
// information and the mentee answers, the mentee withdraws; the mentor completes and reopens, the mentee cancels.
import { test } from "node:test";
import assert from "node:assert/strict";
import { DEMO, DEMO_COMMUNITY } from "../support/worker.mjs";
import { withBrowser, signedIn } from "../support/browser.mjs";
import { PROJECTS, USERS } from "../support/demo.mjs";

const PROJECT = PROJECTS.annaCarla; // Anna (mentor) and Carla (mentee), active
const TITLE = "Mentoring for Carla Esposito: a first job in software";
const ANNA = USERS.anna;

let w, browser;
withBrowser((s) => ({ w, browser } = s));

/** Log in as someone in a fresh context. */
const as = (email) => signedIn(browser, w.url, email);

async function open(page, path, title) {
  await page.goto(w.url + path);
  await page.getByRole("heading", { level: 1, name: title }).waitFor();
}

const section = (page, name) => page.locator("section", { has: page.getByRole("heading", { level: 2, name, exact: true }) });
const history = (page) => page.locator("section", { has: page.getByRole("heading", { name: /History/i }) }).locator("ol.history");
const overview = (page) => page.locator(".overview");
const noteForm = (page) => page.locator("form.note-form");
const said = (page, text) => page.getByRole("status").getByText(text).waitFor();

test("the mentor asks for more information, the mentee answers, then withdraws the request", async () => {
  // Dev's request, sent to Anna.
  const dev = await w.login(DEMO.dev);
  const origin = { origin: w.url };
  const draft = await w.fetch(`/api/communities/${DEMO_COMMUNITY}/projects`, { method: "POST", cookie: dev, headers: origin,
    json: { summary: "I want to start a small engineering business and need a sparring partner." } });
  assert.equal(draft.status, 201, draft.text);
  const path = `/projects/${draft.data.project.id}`;
  const title = draft.data.project.title;
  const sent = await w.fetch(`${path.replace("/projects", "/api/projects")}/actions`, { method: "POST", cookie: dev, headers: origin, json: { action: "send", mentor_id: ANNA } });
  assert.equal(sent.status, 200, sent.text);

  // Anna asks a question; a question is required.
  const anna = await as(DEMO.anna);
  const waiting = section(anna.page, "Waiting for your answer");
  await waiting.getByRole("link", { name: title }).click();
  await anna.page.getByRole("heading", { level: 1, name: title }).waitFor();
  await anna.page.getByRole("button", { name: "Ask for more information" }).click();
  await noteForm(anna.page).getByRole("button", { name: "Send the question" }).click();
  await noteForm(anna.page).getByText("This field is required.").waitFor();
  await anna.page.getByLabel("What would you like to know?").fill("Which sector is your business in, and how far along are you?");
  await noteForm(anna.page).getByRole("button", { name: "Send the question" }).click();
  await said(anna.page, "Your question is sent to the mentee.");
  assert.match(await overview(anna.page).innerText(), /Waiting for the mentor's answer/);
  const asked = history(anna.page).locator("li", { hasText: "Anna Bianchi asked for more information" });
  await asked.getByText("Which sector is your business in, and how far along are you?").waitFor();
  // She can still accept or decline.
  await anna.page.getByRole("button", { name: "Accept" }).waitFor();

  // Dev sees the question and answers it.
  const d = await as(DEMO.dev);
  await open(d.page, path, title);
  await history(d.page).getByText("Which sector is your business in, and how far along are you?").waitFor();
  await d.page.getByRole("button", { name: "Answer the mentor" }).click();
  await d.page.getByLabel("Your answer to the mentor").fill("Civil engineering; I have two clients already.");
  await noteForm(d.page).getByRole("button", { name: "Send the answer" }).click();
  await said(d.page, "Your answer is sent to the mentor.");
  await history(d.page).locator("li", { hasText: "Dev Patel answered" }).getByText("Civil engineering; I have two clients already.").waitFor();
  // Answered: nothing more to answer until she asks again.
  assert.equal(await d.page.getByRole("button", { name: "Answer the mentor" }).count(), 0);

  // Anna sees the answer.
  await open(anna.page, path, title);
  await history(anna.page).getByText("Civil engineering; I have two clients already.").waitFor();
  await anna.context.close();

  // Dev withdraws his request, with a note; it is cancelled and nothing more can be done.
  await d.page.getByRole("button", { name: "Withdraw the request" }).click();
  await d.page.getByLabel("A note (optional)").fill("I found a mentor through a friend.");
  await noteForm(d.page).getByRole("button", { name: "Withdraw the request" }).click();
  await said(d.page, "The request is withdrawn.");
  assert.match(await overview(d.page).innerText(), /Cancelled/);
  await history(d.page).locator("li", { hasText: "Dev Patel withdrew it" }).getByText("I found a mentor through a friend.").waitFor();
  assert.equal(await d.page.getByRole("button", { name: "Withdraw the request" }).count(), 0);
  assert.deepEqual(d.page.errors, []);
  await d.context.close();
});

test("the mentor completes the mentoring and reopens it; the mentee cancels it with a reason", async () => {
  // An active project is a workspace: its state, its moves and its history are in "People & history".
  const people = `/projects/${PROJECT}/people`;
  const state = (page) => section(page, "State and history");
  const anna = await as(DEMO.anna);
  await open(anna.page, people, TITLE);
  await state(anna.page).getByRole("button", { name: "Mark as completed" }).click();
  await anna.page.getByLabel("A closing note (optional)").fill("Carla found her first job. Well done!");
  await noteForm(anna.page).getByRole("button", { name: "Mark as completed" }).click();
  await said(anna.page, "The mentoring is marked completed.");
  assert.match(await state(anna.page).innerText(), /Completed/);
  await history(anna.page).locator("li", { hasText: "Anna Bianchi marked it completed" }).getByText("Carla found her first job. Well done!").waitFor();
  // The chat and the messages stay readable, but nobody writes any more; nothing waits on the overview.
  await open(anna.page, `/projects/${PROJECT}/chat`, TITLE);
  await anna.page.getByText("This project is not active: you can read the chat, but not write in it.").waitFor();
  await open(anna.page, `/projects/${PROJECT}/messages`, TITLE);
  await section(anna.page, "Last messages").getByText("Carla Esposito").first().waitFor();
  assert.equal(await anna.page.getByRole("button", { name: "Write to Carla Esposito" }).count(), 0);
  await open(anna.page, `/projects/${PROJECT}`, TITLE);
  await overview(anna.page).getByText("This mentoring has ended: everything in it stays here to read.").waitFor();
  assert.match(await overview(anna.page).innerText(), /Completed/);
  assert.equal(await anna.page.getByRole("heading", { name: "What to do next" }).count(), 0);
  assert.equal(await anna.page.getByRole("button", { name: "Move on to the next stage" }).count(), 0);

  // Carla sees it completed, and cannot reopen it.
  const carla = await as(DEMO.carla);
  await open(carla.page, people, TITLE);
  assert.match(await state(carla.page).innerText(), /Completed/);
  await history(carla.page).getByText("Carla found her first job. Well done!").waitFor();
  assert.equal(await carla.page.getByRole("button", { name: "Reopen" }).count(), 0);

  // Anna reopens it: active again, with what to do next and the write form.
  await open(anna.page, people, TITLE);
  await anna.page.getByRole("button", { name: "Reopen" }).click();
  await anna.page.getByLabel("Why is it reopened? (optional)").fill("One more round of interviews.");
  await noteForm(anna.page).getByRole("button", { name: "Reopen" }).click();
  await said(anna.page, "The mentoring is active again.");
  assert.match(await state(anna.page).innerText(), /Active/);
  await history(anna.page).getByText("Anna Bianchi reopened it").waitFor();
  await open(anna.page, `/projects/${PROJECT}`, TITLE);
  await anna.page.getByRole("heading", { level: 2, name: "What to do next" }).waitFor();
  await open(anna.page, `/projects/${PROJECT}/messages`, TITLE);
  await anna.page.getByRole("button", { name: "Write to Carla Esposito" }).waitFor();

  // Carla cancels it; a reason is required.
  await open(carla.page, people, TITLE);
  await state(carla.page).getByRole("button", { name: "Cancel the mentoring" }).click();
  await noteForm(carla.page).getByRole("button", { name: "Cancel the mentoring" }).click();
  await noteForm(carla.page).getByText("This field is required.").waitFor();
  assert.equal(await carla.page.getByLabel("Why is it cancelled?").getAttribute("aria-invalid"), "true");
  await carla.page.getByLabel("Why is it cancelled?").fill("I am moving abroad and will not have time.");
  await noteForm(carla.page).getByRole("button", { name: "Cancel the mentoring" }).click();
  await said(carla.page, "The mentoring is cancelled.");
  assert.match(await state(carla.page).innerText(), /Cancelled/);
  assert.deepEqual(carla.page.errors, []);
  await carla.context.close();

  // Anna reads why, and could reopen it.
  await open(anna.page, people, TITLE);
  await history(anna.page).locator("li", { hasText: "Carla Esposito cancelled it" }).getByText("I am moving abroad and will not have time.").waitFor();
  await anna.page.getByRole("button", { name: "Reopen" }).waitFor();
  assert.deepEqual(anna.page.errors, []);
  await anna.context.close();
});
