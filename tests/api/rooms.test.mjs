// A community's discussion rooms (#13), through the API: each room for its audience, worked out on every request
// (a mentor suspended from the Roll is out of the mentors' room at once, and hears nothing more of it); threads,
// replies, mentions, followers and read state; a pseudonymous thread in the mentees' room; reports, hiding with a
// reason (its author told), a sealed room moderated by its own moderators; bans, locks, moves; the author's edit
// window; the rate limit; and bad input (raw HTML, javascript: links, oversize posts, mentions outside the room)
// refused with nothing stored.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startWorker, DEMO, USERS, DEMO_COMMUNITY, ENGINEERS } from "../support/worker.mjs";

const C = DEMO_COMMUNITY;
const DAY = 86_400_000;
let w, cookies;
let key = 0;
const k = () => `key-${++key}`;

before(async () => {
  w = await startWorker();
  // Eve: a plain member of the community (no Roll entry, no mentoring).
  await w.fetch("/api/auth/register", { method: "POST", json: { email: "eve@example.org", display_name: "Eve Rossi", password: "a long passphrase 42" } });
  await w.fetch("/api/auth/verify", { method: "POST", json: { token: await w.mailedToken("eve@example.org") } });
  const eve = await w.login("eve@example.org", "a long passphrase 42");
  await w.fetch(`/api/communities/${C}/join`, { method: "POST", cookie: eve });
  cookies = {
    eve,
    anna: await w.login(DEMO.anna),
    bruno: await w.login(DEMO.bruno),
    carla: await w.login(DEMO.carla),
    dev: await w.login(DEMO.dev),
    cora: await w.login(DEMO.coordinator),
    ada: await w.login(DEMO.admin),
  };
});
after(async () => w.dispose());

const as = (who) => (method, path, json, opts = {}) => w.fetch(`/api/communities/${C}${path}`, { method, json, cookie: cookies[who], ...opts });
const notices = (user, kind) => w.count("SELECT COUNT(*) FROM notifications WHERE user_id = ? AND kind = ?", user, kind);
const threads = () => w.count("SELECT COUNT(*) FROM forum_threads");
const posts = () => w.count("SELECT COUNT(*) FROM forum_posts");
const mention = (name, id) => `@[${name}](mention:${id})`;

test("each room for its audience: the rooms listed, and the others answer 404 like nothing", async () => {
  const rooms = async (who) => (await as(who)("GET", "/rooms")).data.rooms.map((r) => r.room);
  assert.deepEqual(await rooms("eve"), ["everyone"]);
  assert.deepEqual(await rooms("anna"), ["mentors", "everyone"]);
  assert.deepEqual(await rooms("carla"), ["mentees", "everyone"]);
  assert.deepEqual(await rooms("dev"), ["mentees", "everyone"], "a request past its draft makes Dev a mentee");
  assert.deepEqual(await rooms("cora"), ["mentors", "mentees", "everyone", "coordinators"]);
  assert.equal((await as("ada")("GET", "/rooms")).status, 404, "a platform admin is outside the community");
  assert.equal((await w.fetch(`/api/communities/${ENGINEERS}/rooms/everyone`, { cookie: cookies.cora })).status, 404, "another community's admin");
  const carla = as("carla");
  const hidden = await carla("GET", "/rooms/mentors");
  const absent = await carla("GET", "/rooms/admins");
  assert.equal(hidden.status, 404);
  assert.equal(absent.status, 404);
  assert.equal((await as("anna")("GET", "/rooms/mentees")).status, 404);
  assert.equal((await as("eve")("GET", "/rooms/coordinators")).status, 404);
});

let mentorsThread, firstPost;

test("a mentor starts a thread in the mentors' room, mentioning another: told; a retry makes no second thread; mentees never see it", async () => {
  const anna = as("anna");
  const body = `Has anyone used a **session agenda** template? ${mention("Bruno Costa", USERS.bruno)} you mentioned one.\n\n- goals\n- homework`;
  const key1 = k();
  let r = await anna("POST", "/rooms/mentors/threads", { title: "Session agendas", body, client_key: key1, about_case: false });
  assert.equal(r.status, 201, r.text);
  mentorsThread = r.data.thread.id;
  assert.equal(r.data.thread.author.display_name, "Anna Bianchi");
  assert.equal(await notices(USERS.bruno, "room_mention"), 1);
  // The same key again (a retry after a dropped connection): the same thread, nobody told twice.
  r = await anna("POST", "/rooms/mentors/threads", { title: "Session agendas", body, client_key: key1 });
  assert.equal(r.status, 200);
  assert.equal(r.data.thread.id, mentorsThread);
  assert.equal(await threads(), 1);
  assert.equal(await notices(USERS.bruno, "room_mention"), 1);

  r = await as("bruno")("GET", `/rooms/mentors/threads/${mentorsThread}`);
  assert.equal(r.status, 200);
  assert.equal(r.data.posts.length, 1);
  firstPost = r.data.posts[0].id;
  assert.match(r.data.posts[0].body, /session agenda/);
  assert.equal(r.data.thread.unread, 1);
  // Carla, a mentee, finds nothing: not the thread, not its posts, not the room.
  for (const path of [`/rooms/mentors/threads/${mentorsThread}`, "/rooms/mentors", `/rooms/mentors/posts/${firstPost}/revisions`]) {
    assert.equal((await as("carla")("GET", path)).status, 404, path);
  }
  // Nor through another room's path.
  assert.equal((await as("carla")("GET", `/rooms/mentees/threads/${mentorsThread}`)).status, 404);
});

test("a reply: the followers told once, read state and unread counts, quoting a post of the thread only", async () => {
  const bruno = as("bruno");
  const replyKey = k();
  let r = await bruno("POST", `/rooms/mentors/threads/${mentorsThread}/posts`, { body: "> Has anyone used a session agenda template?\n\nYes: mine is in the library.", quote_of: firstPost, client_key: replyKey });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.data.post.seq, 2);
  assert.equal(await notices(USERS.anna, "room_reply"), 1, "Anna follows the thread she started");
  assert.equal(await notices(USERS.bruno, "room_reply"), 0, "not told of his own reply");
  r = await bruno("POST", `/rooms/mentors/threads/${mentorsThread}/posts`, { body: "Yes", client_key: replyKey });
  assert.equal(r.status, 200, "a retry");
  assert.equal(await posts(), 2);
  // Anna sees one unread post in the room's list, then reads it.
  const anna = as("anna");
  r = await anna("GET", "/rooms/mentors");
  assert.equal(r.data.threads.find((t) => t.id === mentorsThread).unread, 1);
  assert.equal((await anna("GET", "/rooms")).data.rooms.find((x) => x.room === "mentors").unread, 1);
  assert.equal((await anna("PUT", `/rooms/mentors/threads/${mentorsThread}/read`, { seen: 2 })).status, 204);
  assert.equal((await anna("GET", "/rooms/mentors")).data.threads.find((t) => t.id === mentorsThread).unread, 0);
  // A quote must be of this thread.
  r = await anna("POST", `/rooms/mentors/threads/${mentorsThread}/posts`, { body: "Thanks", quote_of: "0000000000000000000000000000", client_key: k() });
  assert.equal(r.status, 422);
  assert.equal(r.data.error.field, "quote_of");
});

test("bad input is refused with the field named, and nothing is stored", async () => {
  const anna = as("anna");
  const [t0, p0] = [await threads(), await posts()];
  const cases = [
    [{ title: "x", body: "<script>alert(1)</script>" }, "body", "raw_html"],
    [{ title: "x", body: "Look <img src=x onerror=alert(1)>" }, "body", "raw_html"],
    [{ title: "x", body: "[click me](javascript:alert(1))" }, "body", "link_invalid"],
    [{ title: "x", body: "[data](data:text/html;base64,PHNjcmlwdD4=)" }, "body", "link_invalid"],
    [{ title: "x", body: "a".repeat(10_001) }, "body", "text_too_long"],
    [{ title: "x", body: `Hello ${mention("Carla Esposito", USERS.carla)}` }, "body", "mention_invalid"],
    [{ title: "", body: "Hello" }, "title", "required"],
    [{ title: "x", body: "Hello", pseudonymous: true }, "pseudonymous", "not_here"],
  ];
  for (const [input, field, code] of cases) {
    const r = await anna("POST", "/rooms/mentors/threads", { ...input, client_key: k() });
    assert.equal(r.status, 422, `${code}: ${r.text}`);
    assert.equal(r.data.error.field, field, code);
    assert.equal(r.data.error.code, code, r.text);
  }
  const r = await as("eve")("POST", "/rooms/everyone/threads", { title: "x", body: "Hello", about_case: true, client_key: k() });
  assert.equal(r.data.error.field, "about_case");
  assert.deepEqual([await threads(), await posts()], [t0, p0]);
});

test("a mentor suspended from the Roll is out of the mentors' room at once, and hears no more of it", async () => {
  await as("bruno")("PUT", `/rooms/mentors/threads/${mentorsThread}/follow`, { follow: "instant" });
  await w.db.prepare("UPDATE roll_entries SET status = 'suspended' WHERE community_id = ? AND user_id = ?").bind(C, USERS.bruno).run();
  assert.equal((await as("bruno")("GET", `/rooms/mentors/threads/${mentorsThread}`)).status, 404);
  assert.deepEqual((await as("bruno")("GET", "/rooms")).data.rooms.map((r) => r.room), ["everyone"]);
  const before = await notices(USERS.bruno, "room_reply");
  const r = await as("anna")("POST", `/rooms/mentors/threads/${mentorsThread}/posts`, { body: "Bruno, are you there?", client_key: k() });
  assert.equal(r.status, 201);
  assert.equal(await notices(USERS.bruno, "room_reply"), before, "a follower out of the room is told nothing");
  // Mentioning him now is mentioning someone outside the room.
  const m = await as("anna")("POST", `/rooms/mentors/threads/${mentorsThread}/posts`, { body: mention("Bruno Costa", USERS.bruno), client_key: k() });
  assert.equal(m.data.error.code, "mention_invalid");
  await w.db.prepare("UPDATE roll_entries SET status = 'accredited' WHERE community_id = ? AND user_id = ?").bind(C, USERS.bruno).run();
});

let pseudoThread, carlaPost;

test("a pseudonymous thread in the mentees' room: other mentees read \"a mentee\"; the moderators see who", async () => {
  let r = await as("carla")("POST", "/rooms/mentees/threads", { title: "Nervous about my first interview", body: "How did you prepare?", pseudonymous: true, client_key: k() });
  assert.equal(r.status, 201, r.text);
  pseudoThread = r.data.thread.id;
  assert.equal(r.data.thread.author.display_name, "Carla Esposito", "she sees her own name");
  r = await as("dev")("GET", `/rooms/mentees/threads/${pseudoThread}`);
  assert.equal(r.data.thread.author, null);
  assert.equal(r.data.posts[0].author, null);
  assert.ok(!JSON.stringify(r.data).includes("Carla"), "her name is nowhere in what Dev reads");
  carlaPost = r.data.posts[0].id;
  r = await as("dev")("GET", "/rooms/mentees");
  assert.equal(r.data.threads[0].author, null);
  r = await as("cora")("GET", `/rooms/mentees/threads/${pseudoThread}`);
  assert.equal(r.data.thread.author.display_name, "Carla Esposito");
});

test("a reader reports a post; a moderator hides it with a reason (its author is told) and restores it", async () => {
  const dev = as("dev");
  let r = await dev("POST", `/rooms/mentees/posts/${carlaPost}/report`, { reason: "identifies_someone", note: "It names her school." });
  assert.equal(r.status, 201, r.text);
  const told = await w.count("SELECT COUNT(*) FROM outbox WHERE to_email = ?", DEMO.coordinator);
  assert.equal((await dev("POST", `/rooms/mentees/posts/${carlaPost}/report`, { reason: "spam" })).data.error.code, "already_reported");
  assert.equal(await w.count("SELECT COUNT(*) FROM outbox WHERE to_email = ?", DEMO.coordinator), told, "a second report tells nobody again");
  assert.equal((await as("carla")("POST", `/rooms/mentees/posts/${carlaPost}/report`, { reason: "spam" })).data.error.code, "own_post");
  assert.equal((await dev("POST", `/rooms/mentees/posts/${carlaPost}/report`, { reason: "because" })).status, 422);
  assert.equal(await notices(USERS.coordinator, "room_reported"), 1);
  // The queue: Cora's; Dev moderates nothing.
  r = await as("cora")("GET", "/room-reports");
  assert.equal(r.data.reports.length, 1);
  assert.equal(r.data.reports[0].reason, "identifies_someone");
  assert.equal(r.data.reports[0].can_act, true);
  assert.ok(!("reporter" in r.data.reports[0]) && !JSON.stringify(r.data).includes("Dev Patel"), "who reported stays unsaid");
  assert.equal((await dev("GET", "/room-reports")).status, 403);
  // A reader cannot hide; the moderator hides with a reason.
  assert.equal((await dev("POST", `/rooms/mentees/posts/${carlaPost}/moderation`, { action: "hide", reason: "x" })).status, 403);
  assert.equal((await as("cora")("POST", `/rooms/mentees/posts/${carlaPost}/moderation`, { action: "hide" })).data.error.field, "reason");
  r = await as("cora")("POST", `/rooms/mentees/posts/${carlaPost}/moderation`, { action: "hide", reason: "It names a school: write it again without it." });
  assert.equal(r.status, 200, r.text);
  assert.equal(await notices(USERS.carla, "room_post_hidden"), 1);
  const queued = await w.db.prepare("SELECT id FROM outbox WHERE to_email = ? AND subject LIKE '%hid one of your posts%'").bind(DEMO.carla).first();
  assert.match((await w.delivered(queued.id)).body, /It names a school/, "the e-mail gives the reason");
  assert.equal(await w.count("SELECT COUNT(*) FROM audit_log WHERE action = 'room.post.hide'"), 1);
  assert.equal((await as("cora")("GET", "/room-reports")).data.reports.length, 0, "the report is closed with it");
  // Its first post hidden, the thread is gone for Dev; Carla reads why; Cora still reads it.
  assert.equal((await dev("GET", `/rooms/mentees/threads/${pseudoThread}`)).status, 404);
  r = await as("carla")("GET", `/rooms/mentees/threads/${pseudoThread}`);
  assert.equal(r.data.posts[0].hidden, true, "its author still reads it, and why");
  assert.equal(r.data.posts[0].body, null);
  assert.equal(r.data.posts[0].hidden_reason, "It names a school: write it again without it.");
  r = await as("cora")("GET", `/rooms/mentees/threads/${pseudoThread}`);
  assert.equal(r.data.posts[0].hidden, true);
  assert.equal(r.data.posts[0].hidden_reason, "It names a school: write it again without it.");
  assert.equal((await as("cora")("POST", `/rooms/mentees/posts/${carlaPost}/moderation`, { action: "restore" })).status, 200);
  assert.equal((await dev("GET", `/rooms/mentees/threads/${pseudoThread}`)).status, 200);
});

test("a sealed room: moderated by its own moderators; the community's admins see only what is reported to them", async () => {
  const cora = as("cora");
  let r = await cora("PUT", "/rooms/mentees/settings", { sealed: true, moderators: [USERS.anna] });
  assert.equal(r.data.error.code, "not_in_audience", "moderators come from the room's audience");
  assert.equal((await cora("PUT", "/rooms/mentees/settings", { sealed: true, moderators: [] })).data.error.field, "moderators");
  assert.equal((await as("dev")("PUT", "/rooms/mentees/settings", { sealed: false, moderators: [] })).status, 403);
  r = await cora("PUT", "/rooms/mentees/settings", { sealed: true, moderators: [USERS.dev] });
  assert.equal(r.status, 200, r.text);
  // Cora now sees nothing of the room but what is reported.
  r = await cora("GET", "/rooms/mentees");
  assert.equal(r.data.access, "reported");
  assert.deepEqual(r.data.threads, []);
  assert.equal((await cora("GET", `/rooms/mentees/threads/${pseudoThread}`)).status, 404);
  assert.equal((await cora("POST", "/rooms/mentees/threads", { title: "x", body: "y", client_key: k() })).status, 403);
  // Dev moderates: a reply reported by Carla reaches Dev and Cora, who can only look.
  const reply = (await as("dev")("POST", `/rooms/mentees/threads/${pseudoThread}/posts`, { body: "Practise with a friend.", client_key: k() })).data.post;
  assert.equal((await as("carla")("POST", `/rooms/mentees/posts/${reply.id}/report`, { reason: "off_topic" })).status, 201);
  assert.equal(await notices(USERS.dev, "room_reported"), 1);
  r = await cora("GET", `/rooms/mentees/threads/${pseudoThread}`);
  assert.equal(r.status, 200);
  assert.deepEqual(r.data.posts.map((p) => p.id), [reply.id], "only the reported post");
  assert.equal(r.data.thread.author, null, "and never the pseudonymous author");
  // Dev reports the first post, Carla's: the admin who only looks at what is reported reads "a mentee".
  const first = (await as("dev")("GET", `/rooms/mentees/threads/${pseudoThread}`)).data.posts[0];
  assert.equal((await as("eve")("GET", "/rooms")).status, 200);
  const queue = (await cora("GET", "/room-reports")).data.reports;
  assert.equal(queue[0].can_act, false);
  assert.equal(queue[0].post.author?.display_name, "Dev Patel", "a reply's author is named");
  await as("carla")("POST", `/rooms/mentees/threads/${pseudoThread}/posts`, { body: "Thanks!", client_key: k() });
  const own = (await as("dev")("GET", `/rooms/mentees/threads/${pseudoThread}`)).data.posts.find((p) => p.body === "Thanks!");
  assert.equal((await as("dev")("POST", `/rooms/mentees/posts/${own.id}/report`, { reason: "other" })).status, 201);
  const theirs = (await cora("GET", "/room-reports")).data.reports.find((r) => r.post.id === own.id);
  assert.equal(theirs.post.author, null, "the pseudonymous author's reply stays \"a mentee\"");
  assert.ok(!JSON.stringify((await cora("GET", "/room-reports")).data).includes("Carla"));
  assert.equal(first.seq, 1);
  assert.equal((await cora("POST", `/room-reports/${queue[0].id}/resolve`, {})).status, 403);
  assert.equal((await cora("POST", `/rooms/mentees/posts/${reply.id}/moderation`, { action: "hide", reason: "x" })).status, 403);
  const devQueue = (await as("dev")("GET", "/room-reports")).data.reports;
  assert.equal(devQueue[0].can_act, true);
  assert.equal((await as("dev")("POST", `/room-reports/${devQueue[0].id}/resolve`, {})).status, 204);
  assert.equal((await cora("PUT", "/rooms/mentees/settings", { sealed: false, moderators: [] })).status, 200);
});

test("a ban from a room, a locked thread, a thread moved to another room", async () => {
  const cora = as("cora");
  const eve = as("eve");
  const t = (await eve("POST", "/rooms/everyone/threads", { title: "Hello all", body: "I am new here.", client_key: k() })).data.thread;
  const earlier = (await as("anna")("POST", `/rooms/everyone/threads/${t.id}/posts`, { body: "Hi Eve", client_key: k() })).data.post;
  let r = await cora("PUT", `/rooms/everyone/bans/${USERS.anna}`, { days: 400, reason: "x" });
  assert.equal(r.data.error.field, "days");
  assert.equal((await eve("PUT", `/rooms/everyone/bans/${USERS.anna}`, { days: 1, reason: "x" })).status, 403);
  r = await cora("PUT", `/rooms/everyone/bans/${USERS.anna}`, { days: 1, reason: "Please cool down for a day." });
  assert.equal(r.status, 200, r.text);
  assert.equal(await notices(USERS.anna, "room_banned"), 1);
  r = await as("anna")("POST", `/rooms/everyone/threads/${t.id}/posts`, { body: "Welcome!", client_key: k() });
  assert.equal(r.data.error.code, "banned");
  assert.equal((await as("anna")("GET", `/rooms/everyone/threads/${t.id}`)).status, 200, "she still reads the room");
  assert.equal((await as("anna")("PATCH", `/rooms/everyone/posts/${earlier.id}`, { body: "Edited while banned" })).data.error.code, "banned", "nor edit");
  // The room's moderators see who is banned, until when and why; its readers do not.
  const bans = (await cora("GET", "/rooms/everyone")).data.bans;
  assert.deepEqual(bans.map((b) => [b.display_name, b.reason]), [["Anna Bianchi", "Please cool down for a day."]]);
  assert.equal((await eve("GET", "/rooms/everyone")).data.bans, null);
  assert.equal((await as("anna")("POST", `/rooms/everyone/threads/${t.id}/posts`, { body: "Welcome!", client_key: k() }, { now: Date.now() + 2 * DAY })).status, 201, "the ban ends");
  assert.equal((await cora("DELETE", `/rooms/everyone/bans/${USERS.anna}`)).status, 204);

  assert.equal((await eve("POST", `/rooms/everyone/threads/${t.id}/moderation`, { action: "lock" })).status, 403);
  r = await cora("POST", `/rooms/everyone/threads/${t.id}/moderation`, { action: "lock" });
  assert.equal(r.data.thread.locked, true);
  assert.equal((await eve("POST", `/rooms/everyone/threads/${t.id}/posts`, { body: "Hello?", client_key: k() })).data.error.code, "thread_locked");
  assert.equal((await cora("POST", `/rooms/everyone/threads/${t.id}/posts`, { body: "Locked: see the new thread.", client_key: k() })).status, 201, "moderators still may");
  r = await cora("POST", `/rooms/everyone/threads/${t.id}/moderation`, { action: "move", to: "everyone" });
  assert.equal(r.data.error.code, "same_room");
  r = await cora("POST", `/rooms/everyone/threads/${t.id}/moderation`, { action: "move", to: "coordinators" });
  assert.equal(r.data.moved_to, "coordinators");
  assert.equal((await eve("GET", `/rooms/everyone/threads/${t.id}`)).status, 404);
  assert.equal((await cora("GET", `/rooms/coordinators/threads/${t.id}`)).status, 200);
});

test("an author edits freely for a day, later keeping the earlier text; only the author edits", async () => {
  const eve = as("eve");
  const t = (await eve("POST", "/rooms/everyone/threads", { title: "A question", body: "First text", client_key: k() })).data.thread;
  const post = (await eve("GET", `/rooms/everyone/threads/${t.id}`)).data.posts[0];
  assert.equal((await as("anna")("PATCH", `/rooms/everyone/posts/${post.id}`, { body: "Hacked" })).status, 403);
  let r = await eve("PATCH", `/rooms/everyone/posts/${post.id}`, { body: "Second text" });
  assert.deepEqual(r.data, { edited: true, revision_kept: false });
  r = await eve("PATCH", `/rooms/everyone/posts/${post.id}`, { body: "Third text" }, { now: Date.now() + 2 * DAY });
  assert.deepEqual(r.data, { edited: true, revision_kept: true });
  r = await eve("GET", `/rooms/everyone/posts/${post.id}/revisions`);
  assert.equal(r.data.current, "Third text");
  assert.deepEqual(r.data.revisions.map((x) => x.body), ["Second text"]);
  assert.equal((await as("anna")("GET", `/rooms/everyone/posts/${post.id}/revisions`)).status, 403);
  assert.equal((await eve("PATCH", `/rooms/everyone/posts/${post.id}`, { body: "<b>bold</b>" })).data.error.code, "raw_html");
});

test("posting very fast is slowed down: five a minute", async () => {
  const dev = as("dev");
  const at = Date.now() + DAY;
  const t = (await dev("POST", "/rooms/everyone/threads", { title: "Quick ones", body: "1", client_key: k() }, { now: at })).data.thread;
  for (let i = 2; i <= 5; i++) {
    assert.equal((await dev("POST", `/rooms/everyone/threads/${t.id}/posts`, { body: String(i), client_key: k() }, { now: at + i })).status, 201);
  }
  const r = await dev("POST", `/rooms/everyone/threads/${t.id}/posts`, { body: "6", client_key: k() }, { now: at + 6 });
  assert.equal(r.status, 429);
  assert.equal(r.headers.get("retry-after"), "60");
  assert.equal((await dev("POST", `/rooms/everyone/threads/${t.id}/posts`, { body: "6", client_key: k() }, { now: at + 61_000 })).status, 201);
});

test("a pseudonymous thread moved to another room stays pseudonymous; a client key is one draft's", async () => {
  const t = (await as("carla")("POST", "/rooms/mentees/threads", { title: "Moving on", body: "A thought.", pseudonymous: true, client_key: "carla-draft-1" })).data.thread;
  assert.equal((await as("cora")("POST", `/rooms/mentees/threads/${t.id}/moderation`, { action: "move", to: "everyone" })).status, 200);
  const r = await as("eve")("GET", `/rooms/everyone/threads/${t.id}`);
  assert.equal(r.status, 200);
  assert.equal(r.data.thread.author, null);
  assert.equal(r.data.posts[0].author, null);
  // The same key for a thread in another room, or for a reply: refused, nothing made.
  const n = await threads();
  let again = await as("carla")("POST", "/rooms/mentees/threads", { title: "Other", body: "Other", client_key: "carla-draft-1" });
  assert.equal(again.data.error.code, "client_key_invalid", again.text);
  again = await as("carla")("POST", `/rooms/everyone/threads/${t.id}/posts`, { body: "Other", client_key: "carla-draft-1" });
  assert.equal(again.data.error.code, "client_key_invalid", again.text);
  assert.equal(await threads(), n);
});
