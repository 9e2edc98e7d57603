// The growth model (npm run bench): how fast the core D1 database grows at the target load, and how big one
// project's space (its Durable Object) gets in a year. Bytes per entity are measured, not guessed: rows like the
// store writes them go into a local D1 with Tandem's schema and indexes (the file's size as D1 reports it, before and
// after), and one project's year goes through the real API into its space. The load and the model's assumptions are
// named below; the README's "Scaling" section explains them.
// BENCH_GROWTH_SCALE (1) scales the generated project's year down while developing (0.1: a tenth).
import { startWorker, DEMO, USERS, PROJECTS, DEMO_COMMUNITY } from "../tests/support/worker.mjs";

const emit = (o) => console.log(JSON.stringify(o));
const SCALE = Number(process.env.BENCH_GROWTH_SCALE ?? 1);
const MB = 1024 * 1024;
const GB = 1024 * MB;

// The target load (issue #10).
const LOAD = {
  members: 1_000_000,
  communities: 5_000,
  projects_a_year: 100_000,
  chat_a_week: 40,
  private_messages_a_week: 5,
  notifications_a_week_per_member: 10,
};
// The model's assumptions.
const MODEL = {
  project_months: 6, // a project runs six months: 50,000 are active at any time
  members_per_project: 2,
  events_per_project: 8, // lifecycle history rows over its life
  audit_per_project: 10, // audit entries a project's life causes (admin moves, roll decisions, ...)
  mail_per_notification: 1, // every notice also e-mailed (the worst case)
  read_within_days: 7, // a notice is read within a week (80%), the rest never
  unread_share: 0.2,
  busiest_vs_average: 10, // the busiest project is ten times as active as the average one
  files_a_year: 30, // documents in a project's folder, two versions each
};

const w = await startWorker({ vars: { CHAT_RATE_MESSAGES: "1000000" } });
const size = async () => (await w.db.prepare("SELECT 1").run()).meta.size_after;
const pad = (prefix, i) => prefix + String(i).padStart(26 - prefix.length, "0") + "ff";
const text = (n, seed) => ("Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore. ".repeat(20)).slice(seed % 50, (seed % 50) + n);

/** Bytes per entity: `make(i)` gives the statements for entity i; N of them are stored and the file's growth divided. */
async function perEntity(name, n, make) {
  const before = await size();
  for (let i = 0; i < n; i += 200) {
    const statements = [];
    for (let j = i; j < Math.min(n, i + 200); j++) statements.push(...make(j).map(([sql, ...args]) => w.db.prepare(sql).bind(...args)));
    await w.db.batch(statements);
  }
  const bytes = ((await size()) - before) / n;
  emit({ name: `bytes_per_${name}`, value: Math.round(bytes), unit: "bytes", sample: n });
  return bytes;
}

const now = Date.now();
const N = Math.max(200, Math.round(3000 * Math.min(1, SCALE * 2)));
const member = await perEntity("member", N, (i) => {
  const id = pad("m", i);
  return [
    ["INSERT INTO users (id, email, display_name, password_hash, email_verified_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
      id, `member.${i}@example-school.org`, `Member Number${i} Surname`, "$argon2id$v=19$m=19456,t=2,p=1$" + "x".repeat(22) + "$" + "y".repeat(43), now, now, now],
    ["INSERT INTO profiles (user_id, presentation, languages_json, timezone, contact_tools_json, updated_at) VALUES (?, ?, ?, 'Europe/Rome', ?, ?)",
      id, text(300, i), '[{"code":"it","level":"native"},{"code":"en","level":"b2"}]', '[{"tool":"email","handle":"me@example.org"}]', now],
    ["INSERT INTO memberships (community_id, user_id, role, status, created_at) VALUES (?, ?, 'member', 'active', ?)", DEMO_COMMUNITY, id, now],
    ["INSERT INTO preferences (user_id, email_notifications, updated_at) VALUES (?, 1, ?)", id, now],
    ["INSERT INTO sessions (id, token_hash, user_id, created_at, last_seen_at, user_agent) VALUES (?, ?, ?, ?, ?, ?)",
      pad("s", i), "h".repeat(32) + String(i).padStart(32, "0"), id, now, now, "Mozilla/5.0 (Linux; Android 14) Mobile Safari/537.36"],
  ];
});
const project = await perEntity("project", N, (i) => {
  const id = pad("p", i);
  const [mentee, mentor] = [pad("m", (2 * i) % N), pad("m", (2 * i + 1) % N)];
  return [
    ["INSERT INTO projects (id, community_id, state, route, title, summary, context, mentee_id, mentor_id, asked_at, was_active, version, created_by, created_at, updated_at) VALUES (?, ?, 'active', 'b', ?, ?, ?, ?, ?, ?, 1, 4, ?, ?, ?)",
      id, DEMO_COMMUNITY, `Mentoring for Member ${i}: ${text(40, i)}`, text(250, i), text(200, i + 7), mentee, mentor, now, mentee, now, now],
    ["INSERT INTO project_members (project_id, user_id, role, status, joined_at) VALUES (?, ?, 'mentee', 'active', ?)", id, mentee, now],
    ["INSERT INTO project_members (project_id, user_id, role, status, joined_at) VALUES (?, ?, 'mentor', 'active', ?)", id, mentor, now],
    ...Array.from({ length: MODEL.events_per_project }, (_, k) => ["INSERT INTO project_events (id, project_id, actor_id, action, from_state, to_state, note, at) VALUES (?, ?, ?, 'accept', 'awaiting_consent', 'active', ?, ?)",
      pad(`e${k}`, i), id, mentor, k % 3 ? "" : text(80, k), now]),
    ["INSERT INTO project_activity (project_id, chat_messages, chat_last_at, chat_week, private_messages, messages_last_at, messages_week, files, file_bytes, files_last_at, version, at) VALUES (?, 2080, ?, 40, 260, ?, 5, 30, 12000000, ?, 900, ?)",
      id, now, now, now, now],
  ];
});
const notification = await perEntity("notification", N, (i) => [
  ["INSERT INTO notifications (id, user_id, kind, project_id, community_id, actor_id, title, note, read_at, created_at) VALUES (?, ?, 'info_requested', ?, ?, ?, ?, ?, ?, ?)",
    pad("n", i), pad("m", i % N), pad("p", i % N), DEMO_COMMUNITY, pad("m", (i + 1) % N), `Mentoring for Member ${i}: ${text(40, i)}`, text(60, i), i % 5 ? now : null, now],
]);
const mail = await perEntity("delivered_mail", N, (i) => [
  ["INSERT INTO outbox (id, to_email, subject, body, status, attempts, next_attempt_at, created_at, sent_at) VALUES (?, ?, ?, '', 'sent', 1, ?, ?, ?)",
    pad("o", i), `member.${i}@example-school.org`, `Tandem: ${text(70, i)}`, now, now, now],
]);
const audit = await perEntity("audit_entry", N, (i) => [
  ["INSERT INTO audit_log (id, actor_id, action, target_type, target_id, before_json, after_json, at) VALUES (?, ?, 'community.member.role', 'user', ?, ?, ?, ?)",
    pad("a", i), pad("m", i % N), pad("m", (i + 3) % N), '{"role":"member"}', '{"role":"admin","community":"c00000000000000000000000000d"}', now],
]);

// One project's year in its space, through the API: its chat, private messages and folder.
const PROJECT = PROJECTS.annaCarla;
const [anna, carla] = [await w.login(DEMO.anna), await w.login(DEMO.carla)];
const spaceSize = async () => {
  const ns = await w.mf.getDurableObjectNamespace("PROJECT_SPACE");
  const res = await ns.get(ns.idFromName(PROJECT)).fetch("https://space/test/count", { method: "POST", body: "size", headers: { "x-project-id": PROJECT } });
  return (await res.json()).n;
};
await w.fetch(`/api/projects/${PROJECT}/files`, { cookie: anna });
const emptySpace = await spaceSize();
const weeks = Math.max(1, Math.round(52 * SCALE));
const chat = LOAD.chat_a_week * weeks;
const letters = LOAD.private_messages_a_week * weeks;
const files = Math.max(1, Math.round(MODEL.files_a_year * SCALE));
const started = Date.now();
const inParallel = async (n, width, f) => {
  for (let i = 0; i < n; i += width) await Promise.all(Array.from({ length: Math.min(width, n - i) }, (_, k) => f(i + k)));
};
await inParallel(chat, 8, (i) => w.fetch(`/api/projects/${PROJECT}/chat/messages`, { method: "POST", cookie: i % 2 ? anna : carla, json: { client_id: `g-${i}`, text: text(60 + (i % 120), i) } }));
await inParallel(letters, 8, (i) => w.fetch(`/api/projects/${PROJECT}/messages`, { method: "POST", cookie: i % 2 ? anna : carla, json: { to: i % 2 ? USERS.carla : USERS.anna, subject: text(30, i), body: text(500 + (i % 600), i) } }));
await inParallel(files, 4, async (i) => {
  for (const v of [1, 2]) {
    const body = Buffer.from(`# Session ${i} (version ${v})\n\n${text(800, i)}\n`);
    const r = await w.fetch(`/api/projects/${PROJECT}/files`, { method: "PUT", cookie: carla, body, headers: { "x-file-name": `session-${i}.md`, "content-type": "text/markdown", "content-length": String(body.length) } });
    if (r.status >= 300) throw new Error(`upload: ${r.status} ${r.text}`);
  }
});
const yearSpace = await spaceSize();
const busiest = emptySpace + (yearSpace - emptySpace) * MODEL.busiest_vs_average / SCALE;
emit({ name: "project_space_bytes_per_year", value: Math.round((yearSpace - emptySpace) / SCALE), unit: "bytes",
  context: `${chat} chat messages, ${letters} private messages, ${files} files x 2 versions (listing only; the bytes are in R2), generated in ${((Date.now() - started) / 1000).toFixed(0)} s` });
emit({ name: "largest_project_space_after_a_year", value: +(busiest / MB).toFixed(1), unit: "MB", goal: "< 50",
  context: `the busiest project taken as ${MODEL.busiest_vs_average}x the average` });

// A person's inbox fans out to their projects' spaces: its time with 1, 10 and 30 projects, side by side.
async function inboxP50(cookie, rounds = 40) {
  const times = [];
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    const r = await w.fetch("/api/me/messages", { cookie });
    if (r.status !== 200) throw new Error(`inbox ${r.status}`);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}
const one = await inboxP50(anna);
const addProjects = async (from, to) => {
  const statements = [];
  for (let i = from; i < to; i++) {
    const id = pad("q", i);
    statements.push(
      w.db.prepare("INSERT INTO projects (id, community_id, state, route, title, mentee_id, mentor_id, was_active, created_by, created_at, updated_at) VALUES (?, ?, 'completed', 'b', ?, ?, ?, 1, ?, ?, ?)")
        .bind(id, DEMO_COMMUNITY, `Earlier mentoring ${i}`, USERS.carla, USERS.anna, USERS.carla, now, now),
      w.db.prepare("INSERT INTO project_members (project_id, user_id, role, status, joined_at) VALUES (?, ?, 'mentor', 'active', ?)").bind(id, USERS.anna, now),
      // One message each, in the legacy table: each space takes it over on the first inbox read.
      w.db.prepare("INSERT INTO private_messages (id, project_id, thread_id, sender_id, recipient_id, subject, body, created_at) VALUES (?, ?, ?, ?, ?, 'Hello', ?, ?)")
        .bind(pad("r", i), id, pad("r", i), USERS.carla, USERS.anna, text(300, i), now - i),
    );
  }
  await w.db.batch(statements);
  await w.fetch("/api/me/messages", { cookie: anna }); // the first read moves them (not timed)
};
await addProjects(0, 9);
const ten = await inboxP50(anna);
await addProjects(9, 29);
const thirty = await inboxP50(anna);
emit({ name: "inbox_fanout_10_projects_vs_1", value: +(ten / one).toFixed(2), unit: "ratio", p50_ms_1: +one.toFixed(1) });
emit({ name: "inbox_fanout_30_projects_vs_1", value: +(thirty / one).toFixed(2), unit: "ratio", p50_ms_1: +one.toFixed(1) });
await w.dispose();

// The model at the target load.
const activeProjects = LOAD.projects_a_year * MODEL.project_months / 12;
const noticesAWeek = activeProjects * MODEL.members_per_project * LOAD.notifications_a_week_per_member;
const keptWeeks = (1 - MODEL.unread_share) * (MODEL.read_within_days + 30) / 7 + MODEL.unread_share * 90 / 7;
const base = LOAD.members * member;
const plateau =
  noticesAWeek * keptWeeks * notification + // notifications: read ones kept 30 days, unread 90
  noticesAWeek * MODEL.mail_per_notification * (30 / 7) * mail + // delivered mail, kept 30 days without its body
  LOAD.projects_a_year * MODEL.audit_per_project * audit; // the audit log: 12 months in D1
const perYear = LOAD.projects_a_year * project;
const years = (10 * GB - base - plateau) / perYear;
emit({ name: "d1_base", value: +(base / GB).toFixed(2), unit: "GB", context: `${LOAD.members.toLocaleString("en")} members with profiles, memberships, a session` });
emit({ name: "d1_retained_plateau", value: +(plateau / GB).toFixed(2), unit: "GB", context: `notifications (${Math.round(noticesAWeek * keptWeeks / 1e6)}M kept), delivered mail 30 days, audit 12 months` });
emit({ name: "d1_growth_a_year", value: +(perYear / GB).toFixed(3), unit: "GB", context: `${LOAD.projects_a_year.toLocaleString("en")} projects with members, history and activity; chat, messages and folders are in the projects' spaces` });
emit({ name: "d1_years_until_10_gb", value: +years.toFixed(1), unit: "years", goal: ">= 5" });
