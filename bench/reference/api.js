// The API benchmark's reference: a plain JavaScript worker answering GET /api/me and GET /api/communities/:id with
// the same D1 queries as Tandem (the same statements in a D1 session, the same round trip: the page's reads ride in
// one batch with the session check, reading the user through the session's token hash)
// and the same JSON, written as a JS engineer would write it for Workers. bench/run.mjs runs it in its own Miniflare
// with its own D1 (schema.sql + demo/seed.sql and a copy of a Tandem session) and prints Tandem's ratios to it.

const COOKIE = "__Host-tandem_session";
const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
const IDLE_MS = 3 * DAY_MS; // a session ends after this long without a request…
const ABSOLUTE_MS = 30 * DAY_MS; // …or this long after log-in
const TOUCH_EVERY_MS = 5 * MINUTE_MS; // last_seen_at is written at most this often
const HOME_MEMBERS = 50;

// ---- The SQL, statement for statement Tandem's. Keep in step with src/app/store/: ----
const USER_COLUMNS = // store::accounts::USER_COLUMNS
  "u.id, u.email, u.display_name, u.email_verified_at, u.is_platform_admin, u.status, u.created_at, u.suspended_reason";
const PROFILE_COLUMNS = // store::profiles::PROFILE_COLUMNS
  "p.presentation, p.education_level, p.status, p.position, p.field_of_study, p.sector, " +
  "p.languages_json, p.timezone, p.contact_tools_json, p.mentor_experience, p.mentor_motivation, p.accepting_mentees, " +
  "p.open_to_other_communities, p.open_to_groups, p.cv_name, p.cv_type, p.cv_size, p.cv_uploaded_at";
const COMMUNITY = // store::communities::COMMUNITY
  "c.id, c.slug, c.name, c.description, c.join_policy, c.models, c.allow_external_mentors, " +
  "c.request_timeout_days, c.archived_at, c.created_at, " +
  "(SELECT COUNT(*) FROM memberships x WHERE x.community_id = c.id AND x.status = 'active') AS member_count";
// The user of the session whose token hash is bound at ?n (store::Who::Session).
const ME = (n) => `(SELECT s.user_id FROM sessions s WHERE s.token_hash = ?${n})`;
const SQL = {
  // store::accounts::session (?1 token hash, ?2 the path's community or '', ?3 the path's project or ''): one query
  // per request, in src/app/mod.rs resolve_session.
  session:
    "SELECT s.id AS session_id, s.created_at, s.last_seen_at, u.id AS user_id, u.is_platform_admin, u.status, u.display_name, " +
    "(SELECT p.state FROM projects p WHERE p.id = ?3) AS project_state, " +
    "(SELECT m.role FROM memberships m WHERE m.user_id = u.id AND m.community_id = ?2 AND m.status = 'active') AS community_role, " +
    "(SELECT COUNT(*) FROM communities c WHERE c.id = ?2) AS community_exists, " +
    "(SELECT COUNT(*) FROM projects p WHERE p.id = ?3) AS project_exists, " +
    "(SELECT pm.role || ':' || pm.status FROM project_members pm WHERE pm.project_id = ?3 AND pm.user_id = u.id) AS project_member, " +
    "(SELECT COUNT(*) FROM projects p WHERE p.id = ?3 AND p.mentor_id = u.id AND p.state = 'awaiting_consent') AS project_asked, " +
    "(SELECT COUNT(*) FROM projects p JOIN memberships m ON m.community_id = p.community_id " +
    "WHERE p.id = ?3 AND m.user_id = u.id AND m.role = 'admin' AND m.status = 'active') AS project_community_admin " +
    "FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?1",
  touchSession: "UPDATE sessions SET last_seen_at = ?2 WHERE id = ?1", // store::accounts::touch_session
  deleteSession: "DELETE FROM sessions WHERE id = ?1", // store::accounts::delete_session
  // store::profiles::me_reads (?1 the token hash), riding with the session check.
  me: [
    `SELECT ${USER_COLUMNS} FROM users u WHERE u.id = ${ME(1)}`,
    `SELECT ${PROFILE_COLUMNS} FROM profiles p WHERE p.user_id = ${ME(1)}`,
    "SELECT c.id, c.name, c.slug, m.role, m.status FROM memberships m JOIN communities c ON c.id = m.community_id " +
      `WHERE m.user_id = ${ME(1)} AND c.archived_at IS NULL ORDER BY c.name`,
  ],
  // store::communities::home_reads (and members_stmt), riding with the session check (?1 community id, ?2 the token
  // hash; the members: ?2 cursor, ?3 limit).
  home: [
    `SELECT ${COMMUNITY} FROM communities c WHERE c.id = ?1`,
    `SELECT role, status FROM memberships WHERE community_id = ?1 AND user_id = ${ME(2)}`,
    "SELECT u.id, u.display_name, m.role, m.created_at AS joined_at FROM memberships m JOIN users u ON u.id = m.user_id " +
      "WHERE m.community_id = ?1 AND m.status = 'active' AND u.status = 'active' AND u.id > ?2 ORDER BY u.id LIMIT ?3",
    "SELECT COUNT(*) AS n FROM memberships WHERE community_id = ?1 AND status = 'pending'",
  ],
};

// The headers every API response of Tandem's carries (src/app/http.rs `secure`).
const SECURITY_HEADERS = {
  "content-security-policy":
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; " +
    "manifest-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  "strict-transport-security": "max-age=63072000; includeSubDomains",
  "x-content-type-options": "nosniff",
  "referrer-policy": "same-origin",
  "x-frame-options": "DENY",
  "cross-origin-opener-policy": "same-origin",
  "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=()",
  "cache-control": "no-store",
};

const json = (status, body) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...SECURITY_HEADERS } });
const error = (status, code, message) => json(status, { error: { code, message, field: null } });
const unauthenticated = () => error(401, "unauthenticated", "Please log in first.");
const notFound = () => error(404, "not_found", "Nothing was found here.");

function cookie(header, name) {
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1);
  }
  return null;
}

async function sha256Hex(text) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The live session behind the request's cookie, with the path's community checked in the same query (or null), and
 * the page's reads, run in the same batch. */
async function session(db, request, community, now) {
  const token = cookie(request.headers.get("cookie"), COOKIE);
  if (!token || !/^[0-9a-fA-F]{64}$/.test(token)) return null;
  const hash = await sha256Hex(token);
  const ride = community
    ? SQL.home.map((sql, i) => db.prepare(sql).bind(...[[community], [community, hash], [community, "", HOME_MEMBERS], [community]][i]))
    : SQL.me.map((sql) => db.prepare(sql).bind(hash));
  const [first, ...pre] = await db.batch([db.prepare(SQL.session).bind(hash, community, ""), ...ride]);
  const row = first.results[0];
  if (!row) return null;
  row.pre = pre;
  if (!(now - row.last_seen_at < IDLE_MS && now - row.created_at < ABSOLUTE_MS)) {
    await db.prepare(SQL.deleteSession).bind(row.session_id).run();
    return null;
  }
  if (row.status !== "active") return null;
  if (now - row.last_seen_at >= TOUCH_EVERY_MS) await db.prepare(SQL.touchSession).bind(row.session_id, now).run();
  return row;
}

const list = (raw) => {
  try {
    const v = JSON.parse(raw);
    return Array.isArray(v) ? v : [];
  } catch {
    return [];
  }
};

const EMPTY_PROFILE = {
  presentation: "", education_level: "", status: "", position: "", field_of_study: "", sector: "", languages: [],
  timezone: "", contact_tools: [], mentor_experience: "", mentor_motivation: "", accepting_mentees: false,
  open_to_other_communities: false, open_to_groups: false,
};

function me(user) {
  const [users, profiles, memberships] = user.pre;
  const u = users.results[0];
  if (!u) return unauthenticated();
  const p = profiles.results[0];
  return json(200, {
    user: {
      id: u.id, email: u.email, display_name: u.display_name, email_verified: u.email_verified_at !== null,
      platform_admin: u.is_platform_admin !== 0, status: u.status, created_at: u.created_at, suspended_reason: u.suspended_reason,
    },
    profile: p
      ? {
          presentation: p.presentation, education_level: p.education_level, status: p.status, position: p.position,
          field_of_study: p.field_of_study, sector: p.sector, languages: list(p.languages_json), timezone: p.timezone,
          contact_tools: list(p.contact_tools_json), mentor_experience: p.mentor_experience, mentor_motivation: p.mentor_motivation,
          accepting_mentees: p.accepting_mentees !== 0, open_to_other_communities: p.open_to_other_communities !== 0,
          open_to_groups: p.open_to_groups !== 0,
        }
      : EMPTY_PROFILE,
    cv: p && p.cv_name !== null && p.cv_type !== null && p.cv_size !== null && p.cv_uploaded_at !== null
      ? { name: p.cv_name, type: p.cv_type, size: p.cv_size, uploaded_at: p.cv_uploaded_at }
      : null,
    communities: memberships.results.map((m) => ({ id: m.id, name: m.name, slug: m.slug, role: m.role, status: m.status })),
  });
}

function home(user) {
  const [communities, mine, memberRows, pendingRows] = user.pre;
  const c = communities.results[0];
  if (!c) return notFound();
  const membership = mine.results[0] ?? null;
  const admin = user.is_platform_admin !== 0;
  const active = membership?.status === "active";
  const manages = admin || (active && membership.role === "admin");
  if (c.archived_at !== null && !admin && !active) return notFound();
  const body = {
    community: {
      id: c.id, slug: c.slug, name: c.name, description: c.description, join_policy: c.join_policy, models: c.models,
      allow_external_mentors: c.allow_external_mentors !== 0, request_timeout_days: c.request_timeout_days,
      archived: c.archived_at !== null, member_count: c.member_count, created_at: c.created_at,
    },
    membership: membership && { role: membership.role, status: membership.status },
  };
  if (active || admin) {
    const members = memberRows.results;
    const more = c.member_count > HOME_MEMBERS;
    body.members = members;
    body.members_more = more;
    body.members_next_cursor = more ? members.at(-1)?.id ?? null : null;
  }
  if (manages) body.pending_requests = pendingRows.results[0]?.n ?? 0;
  body.can_manage = manages;
  return json(200, body);
}

export default {
  async fetch(request, env) {
    const { pathname } = new URL(request.url);
    if (request.method !== "GET") return error(405, "method_not_allowed", "This address accepts GET only.");
    if (pathname === "/api/health") return json(200, { ok: true });
    const community = /^\/api\/communities\/([^/]+)$/.exec(pathname)?.[1];
    if (pathname !== "/api/me" && !community) return notFound();
    // A D1 session, as Tandem opens one: from the person's bookmark, else (a read) wherever is nearest.
    const bookmark = cookie(request.headers.get("cookie"), "__Host-tandem_bookmark");
    const db = env.DB.withSession(bookmark && /^[0-9a-f]+(-[0-9a-f]+)*$/.test(bookmark) ? bookmark : "first-unconstrained");
    const user = await session(db, request, community ?? "", Date.now());
    if (!user) return unauthenticated();
    if (!community) return me(user);
    if (user.community_exists === 0) return notFound();
    return home(user);
  },
};
