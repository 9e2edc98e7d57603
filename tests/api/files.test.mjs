// The project's document folder: uploads streamed to R2, folders, versions, downloads, rename and move, the trash,
// and every refusal leaving nothing behind.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { connect } from "node:net";
import { startWorker, DEMO } from "../support/worker.mjs";
import { PROJECTS } from "../support/demo.mjs";

const PROJECT = PROJECTS.annaCarla; // Anna (mentor) and Carla (mentee), active
const FILES = `/api/projects/${PROJECT}/files`;
const DAY = 86_400_000;
let w, anna, carla, bruno, coordinator, dev;

before(async () => {
  w = await startWorker({ vars: { PROJECT_QUOTA_MB: "30" } });
  [anna, carla, bruno, coordinator, dev] = await Promise.all(
    [DEMO.anna, DEMO.carla, DEMO.bruno, DEMO.coordinator, DEMO.dev].map((e) => w.login(e)),
  );
});
after(async () => w.dispose());

const pdf = (text, size = 0) => Buffer.concat([Buffer.from(`%PDF-1.7\n${text}\n`), Buffer.alloc(size, 0x20)]);
const png = Buffer.from("89504e470d0a1a0a0000000d49484452", "hex");
/** A ZIP archive of stored entries, [name, content] each, as office suites write them. */
const zip = (...entries) => Buffer.concat(entries.flatMap(([name, data = ""]) => {
  const header = Buffer.alloc(30);
  header.write("PK\x03\x04", 0, "latin1");
  header.writeUInt16LE(Buffer.byteLength(name), 26);
  return [header, Buffer.from(name), Buffer.from(data)];
}));
/** An OLE compound file whose directory names a stream (Office files name theirs; installers do not). */
const ole = (stream) => Buffer.concat([Buffer.from("d0cf11e0a1b11ae1", "hex"), Buffer.alloc(504), Buffer.from(stream, "utf16le")]);

function upload(cookie, name, body, { folder, headers = {} } = {}) {
  const q = folder ? `?folder=${folder}` : "";
  // (Browsers send the length of a file body; Miniflare's dispatchFetch needs it said.)
  const h = { "content-type": "application/octet-stream", "content-length": String(body.length), ...headers };
  if (name !== undefined) h["x-file-name"] = encodeURIComponent(name);
  return w.fetch(FILES + q, { method: "PUT", cookie, body, headers: h });
}
const list = async (cookie, folder) => (await w.fetch(FILES + (folder ? `?folder=${folder}` : ""), { cookie })).data;
const mkdir = (cookie, name, folder) => w.fetch(`/api/projects/${PROJECT}/folders`, { method: "POST", cookie, json: { name, folder } });
const change = (cookie, id, json) => w.fetch(`${FILES}/${id}`, { method: "PATCH", cookie, json });
const remove = (cookie, id, now) => w.fetch(`${FILES}/${id}`, { method: "DELETE", cookie, now });
const objects = async () => (await (await w.bucket()).list({ prefix: `files/${PROJECT}/` })).objects.map((o) => o.key);
const stored = async () => ({
  objects: (await objects()).length,
  items: await w.spaceCount(PROJECT, "folder_items"),
  versions: await w.spaceCount(PROJECT, "file_versions"),
  uploads: await w.spaceCount(PROJECT, "uploads"),
});

test("a member uploads a document; the other sees who, when and how big, and downloads it as an attachment", async () => {
  const body = pdf("Session plan, week 1");
  const r = await upload(carla, "Session plan.pdf", body);
  assert.equal(r.status, 201, r.text);
  const item = r.data.item;
  assert.deepEqual([item.name, item.kind, item.size, item.content_type, item.created_by_name, item.versions],
    ["Session plan.pdf", "file", body.length, "application/pdf", "Carla Esposito", 1]);
  // The R2 key is made by the server, from ids only.
  const keys = await objects();
  assert.equal(keys.length, 1);
  assert.match(keys[0], new RegExp(`^files/${PROJECT}/[0-9a-f]{28}$`));

  const seen = await list(anna);
  assert.deepEqual(seen.items.map((i) => [i.name, i.created_by_name, i.size]), [["Session plan.pdf", "Carla Esposito", body.length]]);
  assert.equal(seen.usage.used_bytes, body.length);
  assert.equal(seen.writable, true);
  const d = await w.fetch(`${FILES}/${item.id}/download`, { cookie: anna });
  assert.equal(d.status, 200);
  assert.equal(d.text, body.toString());
  assert.equal(d.headers.get("content-type"), "application/pdf");
  assert.match(d.headers.get("content-disposition"), /^attachment; filename="Session plan.pdf"; filename\*=UTF-8''Session%20plan.pdf$/);
  assert.equal(d.headers.get("x-content-type-options"), "nosniff");
});

test("uploading a file with an existing name makes a new version; every version stays downloadable", async () => {
  const v2 = pdf("Session plan, week 1, revised by Anna");
  const r = await upload(anna, "session PLAN.pdf", v2);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.data.version, 2);
  assert.equal(r.data.item.name, "Session plan.pdf");
  assert.equal(r.data.item.updated_by_name, "Anna Bianchi");
  assert.equal((await list(carla)).items.length, 1);
  const details = (await w.fetch(`${FILES}/${r.data.item.id}`, { cookie: carla })).data;
  assert.deepEqual(details.versions.map((v) => [v.number, v.uploaded_by_name]), [[2, "Anna Bianchi"], [1, "Carla Esposito"]]);
  const latest = await w.fetch(`${FILES}/${r.data.item.id}/download`, { cookie: carla });
  assert.equal(latest.text, v2.toString());
  const first = await w.fetch(`${FILES}/${r.data.item.id}/download?version=${details.versions[1].id}`, { cookie: carla });
  assert.match(first.text, /week 1\n/);
  // An older version says so in the name it is saved under.
  assert.match(first.headers.get("content-disposition"), /filename="Session plan \(version 1\).pdf"/);
  assert.doesNotMatch(first.text, /revised/);
  // Both versions count towards the quota.
  assert.equal((await list(carla)).usage.used_bytes, v2.length + pdf("Session plan, week 1").length);
});

test("folders and sub-folders: create, upload into, list with their path; names are unique ignoring case", async () => {
  const plans = await mkdir(anna, "Diaries");
  assert.equal(plans.status, 201, plans.text);
  const week = await mkdir(anna, "Week 1", plans.data.item.id);
  assert.equal(week.status, 201);
  assert.equal((await upload(carla, "notes.md", Buffer.from("# Week 1\n\nWe talked about CVs.\n"), { folder: week.data.item.id })).status, 201);
  const inside = await list(carla, week.data.item.id);
  assert.deepEqual(inside.path.map((p) => p.name), ["Diaries", "Week 1"]);
  assert.deepEqual(inside.items.map((i) => [i.name, i.content_type]), [["notes.md", "text/markdown; charset=utf-8"]]);
  const root = await list(carla);
  assert.deepEqual(root.items.map((i) => [i.kind, i.name]), [["folder", "Diaries"], ["file", "Session plan.pdf"]]);

  const again = await mkdir(carla, "DIARIES");
  assert.equal(again.status, 409);
  assert.equal(again.data.error.code, "name_taken");
  const clash = await upload(carla, "Diaries", Buffer.from("a file called like the folder\n"));
  // A text file named like the folder gets ".txt" and so does not clash; an exact clash is refused.
  assert.equal(clash.status, 201);
  assert.equal(clash.data.item.name, "Diaries.txt");
  assert.equal((await mkdir(carla, "Nowhere", "0000000000000000000000000000")).data.error.field, "folder");
});

test("rename and move; a folder cannot go inside itself; a clash is refused and changes nothing", async () => {
  const root = await list(anna);
  const diaries = root.items.find((i) => i.name === "Diaries");
  const txt = root.items.find((i) => i.name === "Diaries.txt");
  const renamed = await change(anna, txt.id, { name: "Agenda.txt" });
  assert.equal(renamed.status, 200, renamed.text);
  assert.equal(renamed.data.item.name, "Agenda.txt");
  const moved = await change(anna, txt.id, { folder: diaries.id });
  assert.equal(moved.status, 200);
  assert.deepEqual((await list(anna, diaries.id)).items.map((i) => i.name), ["Week 1", "Agenda.txt"]);
  const week = (await list(anna, diaries.id)).items.find((i) => i.name === "Week 1");
  const loop = await change(anna, diaries.id, { folder: week.id });
  assert.equal(loop.status, 422);
  assert.equal(loop.data.error.code, "folder_inside_itself");
  const clash = await change(anna, week.id, { name: "agenda.TXT" });
  assert.equal(clash.status, 409);
  assert.equal(clash.data.error.code, "name_taken");
  const back = await change(anna, txt.id, { folder: "" });
  assert.equal(back.data.item.parent_id, "");
  for (const bad of ["../x", "a/b", ".."]) {
    const r = await change(anna, txt.id, { name: bad });
    assert.equal(r.status, 422, bad);
    assert.equal(r.data.error.field, "name");
  }
  assert.equal((await w.fetch(`${FILES}/${txt.id}`, { cookie: anna })).data.item.name, "Agenda.txt");
});

test("delete moves to the trash with what it holds; restore brings it all back, renamed if its name was taken", async () => {
  const diaries = (await list(carla)).items.find((i) => i.name === "Diaries");
  const gone = await remove(carla, diaries.id);
  assert.equal(gone.status, 200);
  assert.equal(gone.data.trashed, 3); // the folder, Week 1, notes.md
  assert.ok(!(await list(carla)).items.some((i) => i.name === "Diaries"));
  assert.equal((await w.fetch(`${FILES}/${diaries.id}`, { cookie: carla })).status, 404);
  const trash = (await w.fetch(`/api/projects/${PROJECT}/trash`, { cookie: anna })).data;
  assert.equal(trash.items.length, 1);
  assert.deepEqual([trash.items[0].name, trash.items[0].contains, trash.items[0].deleted_by_name], ["Diaries", 2, "Carla Esposito"]);
  assert.equal(trash.items[0].purge_at - trash.items[0].deleted_at, 30 * DAY);
  // The space a deletion holds: every version of everything in it.
  assert.equal(trash.items[0].total_bytes, Buffer.byteLength("# Week 1\n\nWe talked about CVs.\n"));

  assert.equal((await mkdir(anna, "diaries")).status, 201);
  const restored = await w.fetch(`/api/projects/${PROJECT}/trash/${diaries.id}/restore`, { method: "POST", cookie: anna });
  assert.equal(restored.status, 200, restored.text);
  assert.equal(restored.data.item.name, "Diaries (restored)");
  const week = (await list(anna, diaries.id)).items.find((i) => i.name === "Week 1");
  assert.deepEqual((await list(anna, week.id)).items.map((i) => i.name), ["notes.md"]);
  assert.equal((await w.fetch(`/api/projects/${PROJECT}/trash`, { cookie: anna })).data.items.length, 0);
});

test("the trash empties itself after 30 days, and on demand; the space is freed and R2 keeps nothing", async () => {
  const a = (await upload(carla, "old.txt", Buffer.from("old notes\n"))).data.item;
  const b = (await upload(carla, "older.txt", Buffer.from("older notes\n"))).data.item;
  const before = await stored();
  // Deleted 31 days ago (the injected clock)...
  await remove(carla, a.id, Date.now() - 31 * DAY);
  await remove(carla, b.id);
  // Delete for good on demand.
  assert.equal((await w.fetch(`/api/projects/${PROJECT}/trash/${b.id}`, { method: "DELETE", cookie: anna })).status, 204);
  // ...and the project's space empties the rest by itself (its alarm): the trash is empty, and R2 keeps nothing.
  const trashed = async () => (await w.fetch(`/api/projects/${PROJECT}/trash`, { cookie: anna })).data.items.length;
  for (let i = 0; i < 200 && (await trashed()) > 0; i++) await new Promise((r) => setTimeout(r, 25));
  const after = await stored();
  assert.equal(after.objects, before.objects - 2);
  assert.equal(after.items, before.items - 2);
  assert.equal((await w.fetch(`/api/projects/${PROJECT}/trash`, { cookie: anna })).data.items.length, 0);
});

test("refused uploads answer 413, 415 or 422 with a message, and store nothing", async () => {
  const before = await stored();
  const cases = [
    ["over 25 MB", upload(carla, "big.pdf", pdf("big", 25 * 1024 * 1024)), 413, "payload_too_large"],
    ["a renamed executable", upload(carla, "report.pdf", Buffer.concat([Buffer.from("MZ\x90\x00\x03"), Buffer.alloc(200)])), 415, "unsupported_media_type"],
    ["an ELF binary named as text", upload(carla, "notes.txt", Buffer.from("7f454c4602010100000000", "hex")), 415, "unsupported_media_type"],
    ["a plain ZIP named as Word", upload(carla, "cv.docx", zip(["payload.exe", "MZ"])), 415, "unsupported_media_type"],
    ["an installer named as a Word file", upload(carla, "setup.doc", ole("\u4840\u3b3f")), 415, "unsupported_media_type"],
    ["a direction trick in the name", upload(carla, "invoice\u202Efdp.exe", Buffer.from("x\n")), 422, "text_control_chars"],
    ["a path in the name", upload(carla, "../../etc/passwd", Buffer.from("root:x:0:0\n")), 422, "name_path"],
    ["a Windows path", upload(carla, "..\\..\\boot.ini", Buffer.from("[boot]\n")), 422, "name_path"],
    ["only dots", upload(carla, "..", Buffer.from("x\n")), 422, "name_dots"],
    ["no name", upload(carla, undefined, Buffer.from("x\n")), 422, "required"],
    ["an empty file", upload(carla, "empty.txt", Buffer.alloc(0)), 400, "file_empty"],
    ["into a folder that does not exist", upload(carla, "a.txt", Buffer.from("x\n"), { folder: "0000000000000000000000000000" }), 422, "folder_not_found"],
  ];
  for (const [what, pending, status, code] of cases) {
    const r = await pending;
    assert.equal(r.status, status, `${what}: ${r.text}`);
    assert.equal(r.data.error.code, code, what);
    assert.ok(r.data.error.message.length > 10, what);
  }
  assert.deepEqual(await stored(), before);
});

test("the project's quota counts every version and refuses what would exceed it (413), storing nothing", async () => {
  const used = (await list(carla)).usage.used_bytes;
  assert.equal((await list(carla)).usage.quota_bytes, 30 * 1024 * 1024);
  const big = pdf("big one", 20 * 1024 * 1024);
  const first = await upload(carla, "recording notes.pdf", big);
  assert.equal(first.status, 201, first.text);
  const before = await stored();
  const r = await upload(carla, "recording notes.pdf", big);
  assert.equal(r.status, 413);
  assert.equal(r.data.error.code, "quota_exceeded");
  assert.match(r.data.error.message, /of 30 MB are used/);
  assert.deepEqual(await stored(), before);
  await remove(carla, first.data.item.id);
  const trashed = (await w.fetch(`/api/projects/${PROJECT}/trash`, { cookie: carla })).data.items.find((i) => i.id === first.data.item.id);
  await w.fetch(`/api/projects/${PROJECT}/trash/${trashed.id}`, { method: "DELETE", cookie: carla });
  assert.equal((await list(carla)).usage.used_bytes, used);
});

test("an upload interrupted half-way leaves nothing visible and nothing stored", async () => {
  // Over a real socket: the phone sends the headers and part of the file, then the connection drops.
  const net = await startWorker({ http: true });
  try {
    const cookie = await net.login(DEMO.carla);
    const { hostname, port } = new URL(net.url);
    const socket = connect({ host: hostname, port: Number(port) });
    await new Promise((resolve) => socket.once("connect", resolve));
    socket.write([`PUT ${FILES} HTTP/1.1`, `Host: ${hostname}:${port}`, `Cookie: ${cookie}`, "X-File-Name: interrupted.pdf",
      `Content-Length: ${4 * 1024 * 1024}`, "Content-Type: application/pdf", "", ""].join("\r\n"));
    socket.write(pdf("interrupted", 512 * 1024));
    // The worker has begun storing it...
    for (let i = 0; i < 100 && (await net.spaceCount(PROJECT, "uploads")) === 0; i++) await new Promise((r) => setTimeout(r, 50));
    assert.equal(await net.spaceCount(PROJECT, "uploads"), 1, "the upload never started");
    socket.destroy();
    // ...and, the body cut short, cleans up.
    for (let i = 0; i < 100 && (await net.spaceCount(PROJECT, "uploads")) > 0; i++) await new Promise((r) => setTimeout(r, 50));
    assert.equal(await net.spaceCount(PROJECT, "uploads"), 0);
    assert.equal(await net.spaceCount(PROJECT, "folder_items"), 0);
    assert.deepEqual((await (await net.bucket()).list()).objects, []);
    const listing = await net.fetch(FILES, { cookie });
    assert.deepEqual(listing.data.items, []);
  } finally {
    await net.dispose();
  }
});

test("housekeeping removes what an upload that died mid-way left in R2 (an hour on)", async () => {
  // An upload left behind before the folder moved to the project's space (a row in D1's legacy table): the space
  // takes it over when first asked, and its alarm deletes the object.
  const other = PROJECTS.devRequest;
  const key = `files/${other}/0000000000000000000000000abc`;
  await (await w.bucket()).put(key, "half a file");
  await w.db.prepare("INSERT INTO uploads (id, project_id, r2_key, started_at) VALUES ('0000000000000000000000000abc', ?, ?, ?)")
    .bind(other, key, Date.now() - 2 * 3_600_000).run();
  assert.equal(await w.spaceCount(other, "uploads"), 1, "moved into the space");
  assert.equal(await w.count("SELECT COUNT(*) FROM uploads"), 0, "and out of D1");
  for (let i = 0; i < 200 && (await (await w.bucket()).head(key)) !== null; i++) await new Promise((r) => setTimeout(r, 25));
  assert.equal(await (await w.bucket()).head(key), null);
  assert.equal(await w.spaceCount(other, "uploads"), 0);
});

test("images, office and OpenDocument files, text and Markdown are accepted; a wrong extension is corrected", async () => {
  const odt = zip(["mimetype", "application/vnd.oasis.opendocument.text"], ["content.xml", "<office:document-content/>"]);
  const docx = zip(["[Content_Types].xml", "<Types/>"], ["word/document.xml", "<w:document/>"]);
  // LibreOffice writes the content types last, after the parts (and their images).
  const xlsx = zip(["_rels/.rels", "<Relationships/>"], ["xl/media/image1.png", Buffer.alloc(70_000)], ["[Content_Types].xml", "<Types/>"]);
  const cases = [
    ["photo.png", png, "photo.png", "image/png"],
    ["plan.pdf", png, "plan.pdf.png", "image/png"],
    ["minutes.odt", odt, "minutes.odt", "application/vnd.oasis.opendocument.text"],
    ["contract", docx, "contract.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
    ["budget.xlsx", xlsx, "budget.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
    ["old minutes.doc", ole("WordDocument"), "old minutes.doc", "application/msword"],
    ["goals.csv", Buffer.from("goal,by\nCV,March\n"), "goals.csv", "text/csv; charset=utf-8"],
    ["città.txt", Buffer.from("Caffè con Anna\n"), "città.txt", "text/plain; charset=utf-8"],
  ];
  for (const [name, body, want, type] of cases) {
    const r = await upload(anna, name, body);
    assert.equal(r.status, 201, `${name}: ${r.text}`);
    assert.deepEqual([r.data.item.name, r.data.item.content_type], [want, type], name);
  }
  const item = (await list(anna)).items.find((i) => i.name === "città.txt");
  const d = await w.fetch(`${FILES}/${item.id}/download`, { cookie: carla });
  assert.match(d.headers.get("content-disposition"), /filename="citt_.txt"; filename\*=UTF-8''citt%C3%A0.txt/);
});

test("a document keeps the extension of what it is, whatever it is renamed to or called", async () => {
  const txt = (await upload(carla, "run.txt", Buffer.from("echo hello\n"))).data.item;
  const renamed = await change(carla, txt.id, { name: "run.bat" });
  assert.equal(renamed.status, 200);
  assert.equal(renamed.data.item.name, "run.bat.txt");
  // Text stays text: a .txt may become Markdown or CSV.
  assert.equal((await change(carla, txt.id, { name: "run.md" })).data.item.name, "run.md");
  // A quote cannot end the download's file name and add another.
  const tricky = (await upload(carla, `notes.txt"; filename*=UTF-8''notes.html; x=".txt`, Buffer.from("<p>hi</p>\n"))).data.item;
  const d = await w.fetch(`${FILES}/${tricky.id}/download`, { cookie: anna });
  const disposition = d.headers.get("content-disposition");
  assert.equal(disposition.match(/filename\*=/g).length, 1, disposition);
  assert.match(disposition, /^attachment; filename="notes.txt__ filename__UTF-8__notes.html_ x__.txt"; filename\*=UTF-8''notes.txt%22%3B/);
});

test("folders nest at most 20 deep, and a move cannot break that", async () => {
  let parent = "";
  const chain = [];
  for (let i = 1; i <= 20; i++) {
    const r = await mkdir(anna, `Level ${i}`, parent);
    assert.equal(r.status, 201, `level ${i}: ${r.text}`);
    parent = r.data.item.id;
    chain.push(parent);
  }
  const deeper = await mkdir(anna, "Level 21", parent);
  assert.equal(deeper.status, 422);
  assert.equal(deeper.data.error.code, "folder_too_deep");
  const other = (await mkdir(anna, "Side")).data.item;
  const move = await change(anna, other.id, { folder: parent });
  assert.equal(move.data.error.code, "folder_too_deep");
  const cycle = await change(anna, chain[0], { folder: chain[19] });
  assert.equal(cycle.data.error.code, "folder_inside_itself");
  await remove(anna, chain[0]);
  await remove(anna, other.id);
});

test("outsiders cannot list, read, download or upload, even knowing the ids: 404 as for nothing", async () => {
  const item = (await list(carla)).items.find((i) => i.kind === "file");
  const before = await stored();
  for (const [who, cookie] of [["another mentor", bruno], ["the community admin", coordinator], ["another mentee", dev]]) {
    for (const r of [
      await w.fetch(FILES, { cookie }),
      await w.fetch(`${FILES}/${item.id}`, { cookie }),
      await w.fetch(`${FILES}/${item.id}/download`, { cookie }),
      await upload(cookie, "intruder.txt", Buffer.from("hello\n")),
      await remove(cookie, item.id),
      await w.fetch(`/api/projects/${PROJECT}/trash`, { cookie }),
    ]) {
      assert.equal(r.status, 404, who);
      assert.equal(r.data.error.code, "not_found", who);
    }
  }
  assert.equal((await w.fetch(`${FILES}/${item.id}/download`)).status, 401);
  assert.deepEqual(await stored(), before);
  // Another project's item is not found through this one.
  assert.equal((await w.fetch(`${FILES}/0000000000000000000000000000/download`, { cookie: carla })).status, 404);
});

test("the project home lists recent documents and the chat's unread count; the dashboard shows it too", async () => {
  await w.fetch(`/api/projects/${PROJECT}/chat/messages`, { method: "POST", cookie: anna, json: { client_id: "c-home-1", text: "Did you see the new plan?" } });
  const home = (await w.fetch(`/api/projects/${PROJECT}`, { cookie: carla })).data;
  assert.equal(home.chat_unread, 1);
  assert.ok(home.recent_files.length >= 1 && home.recent_files.length <= 5);
  assert.ok(home.recent_files.every((f, i, all) => i === 0 || all[i - 1].updated_at >= f.updated_at));
  const dash = (await w.fetch("/api/dashboard", { cookie: carla })).data;
  assert.equal(dash.as_mentee.find((p) => p.id === PROJECT).chat_unread, 1);
  // Community admins see the project page, not its shared spaces.
  const admin = (await w.fetch(`/api/projects/${PROJECT}`, { cookie: coordinator })).data;
  assert.equal(admin.recent_files, null);
  assert.equal(admin.chat_unread, null);
});

test("when the project ends its folder is read-only: documents stay downloadable, nothing changes", async () => {
  const item = (await list(carla)).items.find((i) => i.kind === "file");
  const done = await w.fetch(`/api/projects/${PROJECT}/actions`, { method: "POST", cookie: anna, json: { action: "complete", note: "Well done" } });
  assert.equal(done.status, 200, done.text);
  const before = await stored();
  for (const r of [
    await upload(carla, "late.txt", Buffer.from("late\n")),
    await mkdir(carla, "Late"),
    await change(carla, item.id, { name: "renamed.pdf" }),
    await remove(carla, item.id),
  ]) {
    assert.equal(r.status, 409);
    assert.equal(r.data.error.code, "read_only");
  }
  assert.deepEqual(await stored(), before);
  assert.equal((await list(carla)).writable, false);
  assert.equal((await w.fetch(`${FILES}/${item.id}/download`, { cookie: carla })).status, 200);
});

test("the demo documents of `npm start` load, and their listed sizes match their files", async () => {
  const { readFileSync } = await import("node:fs");
  const { unstable_splitSqlQuery } = await import("wrangler");
  const demo = await startWorker();
  try {
    const sql = readFileSync(new URL("../../demo/files.sql", import.meta.url), "utf8");
    for (const statement of unstable_splitSqlQuery(sql).filter((s) => s.trim())) await demo.db.prepare(statement).run();
    const plan = readFileSync(new URL("../../demo/files/session-plan.md", import.meta.url));
    const version = await demo.db.prepare("SELECT r2_key, size FROM file_versions").first();
    assert.equal(version.size, plan.length, "demo/files.sql lists another size than demo/files/session-plan.md has");
    await (await demo.bucket()).put(version.r2_key, plan);
    const cookie = await demo.login(DEMO.carla);
    const root = (await demo.fetch(FILES, { cookie })).data;
    assert.deepEqual(root.items.map((i) => i.name), ["Diary", "Session plans"]);
    const inside = (await demo.fetch(`${FILES}?folder=${root.items[1].id}`, { cookie })).data;
    const d = await demo.fetch(`${FILES}/${inside.items[0].id}/download`, { cookie });
    assert.equal(d.text, plan.toString());
  } finally {
    await demo.dispose();
  }
});
