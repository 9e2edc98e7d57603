// Private messages between project members: writing, replying in threads, inbox and sent, read state, privacy.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startWorker, DEMO } from "../support/worker.mjs";
import { PROJECTS, USERS } from "../support/demo.mjs";

const PROJECT = PROJECTS.annaCarla; // Anna (mentor) and Carla (mentee), active
const ANNA = USERS.anna;
const CARLA = USERS.carla;
const BRUNO = USERS.bruno;
let w, anna, carla, bruno, coordinator;
before(async () => {
  w = await startWorker();
  [anna, carla, bruno, coordinator] = await Promise.all([DEMO.anna, DEMO.carla, DEMO.bruno, DEMO.coordinator].map((e) => w.login(e)));
});
after(async () => w.dispose());

const write = (cookie, json) => w.fetch(`/api/projects/${PROJECT}/messages`, { method: "POST", cookie, json });

test("a member writes privately to another member; it arrives unread in their inbox", async () => {
  const r = await write(carla, { to: ANNA, subject: "Thursday", body: "Can we move our call to Thursday at 18:00?" });
  assert.equal(r.status, 201);
  assert.equal(r.data.message.recipient_name, "Anna Bianchi");
  const inbox = await w.fetch("/api/me/messages", { cookie: anna });
  assert.equal(inbox.data.unread, 1);
  assert.equal(inbox.data.items[0].body, "Can we move our call to Thursday at 18:00?");
  assert.equal(inbox.data.items[0].project_title, "Mentoring for Carla Esposito: a first job in software");
  assert.equal((await w.fetch("/api/dashboard", { cookie: anna })).data.unread_messages, 1);
  const sent = await w.fetch("/api/me/messages?box=sent", { cookie: carla });
  assert.equal(sent.data.items[0].id, r.data.message.id);
});

test("replies join the thread and go to the other party; opening the thread marks it read", async () => {
  const first = (await w.fetch("/api/me/messages", { cookie: anna })).data.items[0];
  const reply = await write(anna, { reply_to: first.id, body: "Thursday at 18:00 works for me." });
  assert.equal(reply.data.message.recipient_id, CARLA);
  assert.equal(reply.data.message.thread_id, first.thread_id);
  const thread = await w.fetch(`/api/messages/${first.id}`, { cookie: anna });
  assert.deepEqual(thread.data.items.map((m) => m.sender_name), ["Carla Esposito", "Anna Bianchi"]);
  assert.equal((await w.fetch("/api/me/messages", { cookie: anna })).data.unread, 0);
  assert.equal((await w.fetch("/api/me/messages", { cookie: carla })).data.unread, 1);
});

test("the project home shows, with each member, the last messages received and sent", async () => {
  const r = await w.fetch(`/api/projects/${PROJECT}/messages`, { cookie: carla });
  assert.equal(r.data.members.length, 1);
  assert.equal(r.data.members[0].display_name, "Anna Bianchi");
  assert.equal(r.data.members[0].received[0].body, "Thursday at 18:00 works for me.");
  assert.equal(r.data.members[0].sent[0].body, "Can we move our call to Thursday at 18:00?");
});

test("bad input names the field and stores nothing; only members write and read", async () => {
  const n = await w.spaceCount(PROJECT, "private_messages");
  assert.equal((await write(carla, { to: ANNA, body: "  " })).data.error.field, "body");
  assert.equal((await write(carla, { to: BRUNO, body: "Hello Bruno" })).data.error.code, "not_member");
  assert.equal((await write(carla, { to: CARLA, body: "Note to self" })).data.error.code, "not_yourself");
  assert.equal((await write(carla, { to: ANNA, body: "x".repeat(10_001) })).data.error.field, "body");
  assert.equal((await write(carla, { reply_to: "0000000000000000000000000000", body: "?" })).data.error.field, "reply_to");
  assert.equal(await w.spaceCount(PROJECT, "private_messages"), n);
  assert.equal((await write(bruno, { to: ANNA, body: "let me in" })).status, 404);
  assert.equal((await write(coordinator, { to: ANNA, body: "admins neither" })).status, 404);
  const first = (await w.fetch("/api/me/messages?box=sent", { cookie: carla })).data.items[0];
  const other = await w.fetch(`/api/messages/${first.id}`, { cookie: bruno });
  const none = await w.fetch("/api/messages/0000000000000000000000000000", { cookie: bruno });
  assert.equal(other.status, 404);
  assert.equal(other.text, none.text);
  assert.equal((await w.fetch("/api/me/messages?box=trash", { cookie: carla })).data.error.field, "box");
});

test("when the project ends, messages stay readable but no new ones are written", async () => {
  await w.fetch(`/api/projects/${PROJECT}/actions`, { method: "POST", cookie: anna, json: { action: "complete" } });
  const r = await write(carla, { to: ANNA, body: "One last thing" });
  assert.equal(r.data.error.code, "read_only");
  assert.equal((await w.fetch("/api/me/messages?box=sent", { cookie: carla })).data.items.length, 1);
});

test("messages kept in D1 before each project had its own space move there when first asked, and leave D1", async () => {
  const old = await startWorker();
  try {
    await old.db.prepare(
      "INSERT INTO private_messages (id, project_id, thread_id, sender_id, recipient_id, subject, body, created_at) VALUES (?1, ?2, ?1, ?3, ?4, 'Before', 'Written before the move.', 1790000600000)",
    ).bind("01a0f00000000000000000000a01", PROJECT, CARLA, ANNA).run();
    const annaOld = await old.login(DEMO.anna);
    const inbox = await old.fetch("/api/me/messages", { cookie: annaOld });
    assert.deepEqual(inbox.data.items.map((m) => [m.subject, m.body, m.sender_name]), [["Before", "Written before the move.", "Carla Esposito"]]);
    assert.equal(await old.count("SELECT COUNT(*) FROM private_messages"), 0, "gone from D1");
    assert.equal(await old.spaceCount(PROJECT, "private_messages"), 1);
    const reply = await old.fetch(`/api/projects/${PROJECT}/messages`, { method: "POST", cookie: annaOld, json: { reply_to: "01a0f00000000000000000000a01", body: "Still here." } });
    assert.equal(reply.data.message.thread_id, "01a0f00000000000000000000a01");
  } finally {
    await old.dispose();
  }
});

test("the cron moves what is left in D1's legacy tables for projects nobody opens", async () => {
  const old = await startWorker();
  try {
    const other = PROJECTS.devRequest;
    await old.db.prepare(
      "INSERT INTO private_messages (id, project_id, thread_id, sender_id, recipient_id, subject, body, created_at) VALUES (?1, ?2, ?1, ?3, ?4, '', 'Left behind.', 1790000600000)",
    ).bind("01a0f00000000000000000000a02", other, USERS.dev, USERS.coordinator).run();
    assert.equal(await old.cron(), 200);
    assert.equal(await old.count("SELECT COUNT(*) FROM private_messages"), 0);
    assert.equal(await old.spaceCount(other, "private_messages"), 1);
  } finally {
    await old.dispose();
  }
});
