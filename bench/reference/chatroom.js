// The chat benchmark's reference: a plain JavaScript chatroom doing the same work per message as Tandem's
// (src/app/chatroom.rs, src/domain/chat.rs), written as a JS engineer would write it for Workers. bench/chat.mjs runs
// it in its own Miniflare beside Tandem and prints Tandem's ratios to it.
//
// Same work: a SQLite-backed Durable Object on the hibernation WebSocket API (ping/pong answered by the runtime);
// every `send` is validated (client id, text), de-duplicated by (member, client id) through a UNIQUE column, checked
// against the member's rate window (in memory, reloaded lazily from the history after a wake), STORED, and only then
// broadcast (one string for every socket) and acknowledged. Also `read` (a read marker, then the unread counts) and
// `resume` (a page of history). What it leaves out: Tandem's authentication at connect (done by Tandem's worker,
// before the socket opens, which the bench does not time) and revocation (Tandem keeps revoked members and sessions
// in a set loaded once after a wake; with nobody revoked a message costs a check that the set is empty).
//
// GET /rooms/:name/chat?member=ID&name=NAME (an upgrade) opens a socket in room `name` as that member.

const MAX_CHARS = 4000;
const RATE_MESSAGES = 10; // default of CHAT_RATE_MESSAGES, as Tandem's
const RATE_WINDOW_MS = 10_000;
const PAGE = 50;
const MAX_PAGE = 200;
const CLIENT_ID = /^[A-Za-z0-9_-]{1,64}$/;
// Control characters (Unicode Cc) but \t, \n and \r.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

// ---- The frames the room sends: built here and nowhere else (Tandem's are in src/app/chatroom.rs). ----
const frames = {
  state: (readOnly) => JSON.stringify({ type: "state", read_only: readOnly }),
  /** A stored message as every socket gets it (and as history pages hold it, unserialised). */
  message: (m) => ({
    type: "message",
    seq: m.seq,
    client_id: m.client_id,
    author: { id: m.author_id, display_name: m.author_name },
    text: m.text,
    at: m.at,
  }),
  ack: (clientId, seq, at, duplicate) => JSON.stringify({ type: "ack", client_id: clientId, seq, at, duplicate }),
  unread: (u) => JSON.stringify({ type: "unread", unread: u.unread, last_seq: u.last_seq, read_seq: u.read_seq }),
  history: (rows, more, readOnly) => JSON.stringify({ type: "history", messages: rows.map(frames.message), more, read_only: readOnly }),
  /** A refusal of a frame (`clientId` and `retryAfterMs` only for a refused send). */
  error: (code, message, clientId, retryAfterMs) =>
    JSON.stringify(
      clientId === undefined
        ? { type: "error", code, message }
        : { type: "error", code, message, client_id: clientId, retry_after_ms: retryAfterMs ?? null },
    ),
};

class Refused extends Error {
  constructor(code, message, retryAfterMs) {
    super(message);
    this.code = code;
    this.retryAfterMs = retryAfterMs;
  }
}

/** The text of a message, or a refusal (as Tandem's chat::parse_text). */
function parseText(raw) {
  if (raw.trim() === "") throw new Refused("required", "Write a message first.");
  if (CONTROL.test(raw)) throw new Refused("text_control_chars", "Remove the special control characters from this message.");
  if (raw.length > MAX_CHARS) {
    // UTF-16 units over the limit: count characters (code points), as Tandem does.
    let n = 0;
    for (const _ of raw) n++;
    if (n > MAX_CHARS) throw new Refused("text_too_long", `A message can have at most ${MAX_CHARS} characters (this one has ${n}).`);
  }
  return raw.trimEnd();
}

/** One member's send times in the rate window, oldest first (a queue with a moving head). */
class RateWindow {
  constructor(times) {
    this.times = times.sort((a, b) => a - b);
    this.head = 0;
  }
  /** null when a message may be sent at `now`, otherwise the milliseconds to wait. */
  check(now, limit) {
    const t = this.times;
    while (this.head < t.length && now - t[this.head] >= RATE_WINDOW_MS) this.head++;
    if (t.length - this.head > limit) this.head = t.length - limit;
    if (this.head > 1024 && this.head * 2 > t.length) {
      this.times = t.slice(this.head);
      this.head = 0;
    }
    return this.times.length - this.head >= limit ? Math.max(1, this.times[this.head] + RATE_WINDOW_MS - now) : null;
  }
  record(at) {
    this.times.push(at);
  }
}

export class ProjectSpace {
  constructor(ctx, env) {
    this.ctx = ctx;
    this.sql = ctx.storage.sql;
    this.rate = Math.max(1, Number(env.CHAT_RATE_MESSAGES) || RATE_MESSAGES);
    /** member id -> RateWindow, filled the first time a member sends after a wake. */
    this.sent = new Map();
    /** Whether the room is read-only, read once after a wake. */
    this.readOnlyFlag = undefined;
    this.sql.exec(`CREATE TABLE IF NOT EXISTS messages (seq INTEGER PRIMARY KEY AUTOINCREMENT, client_key TEXT NOT NULL UNIQUE,
      client_id TEXT NOT NULL, author_id TEXT NOT NULL, author_name TEXT NOT NULL, text TEXT NOT NULL, at INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS reads (member_id TEXT PRIMARY KEY, seq INTEGER NOT NULL);
      CREATE INDEX IF NOT EXISTS messages_by_author ON messages (author_id, at);
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);`);
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
  }

  readOnly() {
    this.readOnlyFlag ??= this.sql.exec("SELECT value FROM meta WHERE key = 'read_only'").toArray()[0]?.value === "1";
    return this.readOnlyFlag;
  }

  async fetch(request) {
    const url = new URL(request.url);
    const id = url.searchParams.get("member");
    if (!id) return Response.json({ error: { code: "no_member", message: "Missing member.", field: null } }, { status: 400 });
    if (request.headers.get("upgrade")?.toLowerCase() !== "websocket") return new Response("Expected a WebSocket", { status: 426 });
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server, [`m:${id}`]);
    server.serializeAttachment({ id, name: url.searchParams.get("name") ?? "" });
    server.send(frames.state(this.readOnly()));
    return new Response(null, { status: 101, webSocket: client });
  }

  async webSocketMessage(ws, raw) {
    if (typeof raw !== "string") return ws.send(frames.error("frame_invalid", "Send text frames."));
    const member = ws.deserializeAttachment();
    if (!member) return ws.close(4001, "Unknown member.");
    let frame;
    try {
      if (raw.length > MAX_CHARS * 4 + 512) throw new Refused("text_too_long", `A message can have at most ${MAX_CHARS} characters.`);
      frame = JSON.parse(raw);
    } catch (e) {
      return ws.send(e instanceof Refused ? frames.error(e.code, e.message) : badFrame());
    }
    switch (frame?.type) {
      case "send": {
        const { client_id = "", text = "" } = frame;
        if (typeof client_id !== "string" || typeof text !== "string") return ws.send(badFrame());
        return ws.send(this.send(member, client_id, text));
      }
      case "read": {
        if (!Number.isInteger(frame.seq)) return ws.send(badFrame());
        this.sql.exec(
          "INSERT INTO reads (member_id, seq) VALUES (?, ?) ON CONFLICT (member_id) DO UPDATE SET seq = MAX(seq, excluded.seq)",
          member.id,
          Math.max(0, frame.seq),
        );
        return ws.send(frames.unread(this.unread(member.id)));
      }
      case "resume": {
        const after = Number.isInteger(frame.after) ? frame.after : 0;
        const { rows, more } = this.page(after);
        return ws.send(frames.history(rows, more, this.readOnly()));
      }
      default:
        return ws.send(badFrame());
    }
  }

  /** Stores a message once per (member, client id), broadcasts it, and returns the ack (or a refusal) frame. */
  send(member, clientId, raw) {
    if (!CLIENT_ID.test(clientId)) {
      return frames.error("client_id_invalid", "Each message needs a client id of up to 64 letters, digits, - or _.", clientId);
    }
    const key = `${member.id}:${clientId}`;
    let text;
    const at = Date.now();
    try {
      if (this.readOnly()) throw new Refused("read_only", "This project is not active: its chat can be read but not written.");
      text = parseText(raw);
      const wait = this.rateWindow(member.id, at).check(at, this.rate);
      if (wait !== null) {
        throw new Refused("rate_limited", `You are sending too fast: at most ${this.rate} messages in ${RATE_WINDOW_MS / 1000} seconds. Wait a moment.`, wait);
      }
    } catch (e) {
      if (!(e instanceof Refused)) throw e;
      // A refusal gives way to a retry of a message already stored: acknowledged again, nothing more.
      const stored = this.stored(key);
      return stored ? frames.ack(clientId, stored.seq, stored.at, true) : frames.error(e.code, e.message, clientId, e.retryAfterMs);
    }
    const row = this.sql
      .exec(
        // As Tandem: inserted only when the client key is new (ON CONFLICT DO NOTHING would use up a sequence number).
        `INSERT INTO messages (client_key, client_id, author_id, author_name, text, at)
         SELECT ?1, ?2, ?3, ?4, ?5, ?6 WHERE NOT EXISTS (SELECT 1 FROM messages WHERE client_key = ?1) RETURNING seq`,
        key, clientId, member.id, member.name, text, at,
      )
      .toArray()[0];
    if (!row) {
      const stored = this.stored(key); // a retry: the insert did nothing
      return frames.ack(clientId, stored.seq, stored.at, true);
    }
    this.sent.get(member.id).record(at);
    const message = JSON.stringify(frames.message({ seq: row.seq, client_id: clientId, author_id: member.id, author_name: member.name, text, at }));
    for (const socket of this.ctx.getWebSockets()) {
      try {
        socket.send(message);
      } catch {
        // a socket that is closing
      }
    }
    return frames.ack(clientId, row.seq, at, false);
  }

  rateWindow(memberId, now) {
    let w = this.sent.get(memberId);
    if (!w) {
      const times = this.sql.exec("SELECT at FROM messages WHERE author_id = ? AND at > ?", memberId, now - RATE_WINDOW_MS).toArray().map((r) => r.at);
      w = new RateWindow(times);
      this.sent.set(memberId, w);
    }
    return w;
  }

  stored(key) {
    return this.sql.exec("SELECT seq, at FROM messages WHERE client_key = ?", key).toArray()[0];
  }

  unread(memberId) {
    return this.sql
      .exec(
        `SELECT (SELECT COUNT(*) FROM messages WHERE seq > COALESCE((SELECT seq FROM reads WHERE member_id = ?), 0) AND author_id <> ?) AS unread,
                (SELECT COALESCE(MAX(seq), 0) FROM messages) AS last_seq,
                COALESCE((SELECT seq FROM reads WHERE member_id = ?), 0) AS read_seq`,
        memberId, memberId, memberId,
      )
      .one();
  }

  /** What came after `after` (a resume), or the newest page. */
  page(after) {
    const columns = "seq, client_id, author_id, author_name, text, at";
    const limit = after > 0 ? MAX_PAGE : PAGE;
    const rows = after > 0
      ? this.sql.exec(`SELECT ${columns} FROM messages WHERE seq > ? ORDER BY seq ASC LIMIT ?`, after, limit + 1).toArray()
      : this.sql.exec(`SELECT ${columns} FROM messages ORDER BY seq DESC LIMIT ?`, limit + 1).toArray();
    const more = rows.length > limit;
    rows.length = Math.min(rows.length, limit);
    if (after <= 0) rows.reverse();
    return { rows, more };
  }

  async webSocketClose(ws, code) {
    ws.close(code >= 1000 && code !== 1005 && code !== 1006 ? code : 1000, "closing");
  }

  async webSocketError(ws) {
    ws.close(1011, "error");
  }
}

function badFrame() {
  return frames.error("frame_invalid", 'Unknown message: send {"type":"send","client_id":…,"text":…}, read or resume.');
}

export default {
  async fetch(request, env) {
    const m = /^\/rooms\/([^/]+)\/chat$/.exec(new URL(request.url).pathname);
    if (!m || request.method !== "GET") return Response.json({ error: { code: "not_found", message: "Nothing was found here.", field: null } }, { status: 404 });
    return env.PROJECT_SPACE.get(env.PROJECT_SPACE.idFromName(decodeURIComponent(m[1]))).fetch(request);
  },
};
