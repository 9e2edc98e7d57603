//! The project's chat, in the project's space: its history in the object's SQLite storage, live over WebSockets
//! (the hibernation API: the object may be evicted between messages and the sockets stay open; ping/pong is answered
//! by the runtime without waking it) or long-polled over HTTP.
//!
//! Access follows the person: when a member is suspended or leaves, or a session ends, the worker tells the space
//! (`POST /revoke`), which closes that member's or session's sockets at once and refuses anything more from them
//! (the refusals are kept in the object's own storage and memory, so no message costs a database round trip). A
//! socket also closes by itself when its session reaches its absolute end.

use crate::domain::chat::{self, ClientFrame, Window};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::HashSet;
use std::rc::Rc;
use std::time::Duration;
use wasm_bindgen::{prelude::wasm_bindgen, JsCast, JsValue};
use worker::js_sys::{Array, JsString};
use super::{ToRows, body, err_json, int, int_at, json_text, now, raw_rows, text, ProjectSpace};
use worker::{Delay, SqlStorage, Request, Response, Result, SqlStorageValue, WebSocket, WebSocketIncomingMessage, WebSocketPair};

/// Who a socket belongs to, kept with the socket across hibernation.
/// The chat's tables: the history, each member's read marker, revocations.
pub(super) const SCHEMA: &[&str] = &[
    "CREATE TABLE IF NOT EXISTS messages (seq INTEGER PRIMARY KEY AUTOINCREMENT, client_key TEXT NOT NULL UNIQUE, \
     client_id TEXT NOT NULL, author_id TEXT NOT NULL, author_name TEXT NOT NULL, text TEXT NOT NULL, at INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS reads (member_id TEXT PRIMARY KEY, seq INTEGER NOT NULL)",
    // A member's recent sends (the rate window after a wake) are read from the history by author and time.
    "CREATE INDEX IF NOT EXISTS messages_by_author ON messages (author_id, at)",
    // Rooms made before the rate window moved to memory kept sends in a table of their own.
    "DROP TABLE IF EXISTS sends",
    "CREATE TABLE IF NOT EXISTS revoked (tag TEXT PRIMARY KEY, at INTEGER NOT NULL)",
];

/// Stores a message unless its client key is already there (a retry).
pub(super) const INSERT: &str = "INSERT INTO messages (seq, client_key, client_id, author_id, author_name, text, at) \
    SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7 WHERE NOT EXISTS (SELECT 1 FROM messages WHERE client_key = ?2)";

#[derive(Serialize, Deserialize, Clone)]
pub(super) struct Member {
    id: String,
    name: String,
    /// The session that opened the socket, and when that session ends whatever happens (ms).
    #[serde(default)]
    session: String,
    #[serde(default)]
    ends_at: i64,
}

impl Member {
    fn tags(&self) -> [String; 2] {
        [format!("m:{}", self.id), format!("s:{}", self.session)]
    }
}

crate::domain::input::input! {
    struct RevokeBody {
        members: Vec<String>,
        sessions: Vec<String>,
    }
}

struct Refused {
    code: &'static str,
    message: String,
    retry_after_ms: Option<i64>,
}

impl Refused {
    fn new(code: &'static str, message: impl Into<String>) -> Self {
        Refused { code, message: message.into(), retry_after_ms: None }
    }
    /// The room's own failure: logged with its detail, answered as the one internal error.
    fn internal(e: impl std::fmt::Display) -> Self {
        worker::console_error!("chatroom: {e}");
        Refused::new("internal", "Something went wrong on our side. Please try again.")
    }
    fn status(&self) -> u16 {
        match self.code {
            "rate_limited" => 429,
            "read_only" => 409,
            "internal" => 500,
            _ => 422,
        }
    }
    fn frame(&self, client_id: Option<&str>) -> Value {
        json!({"type": "error", "code": self.code, "message": self.message, "client_id": client_id, "retry_after_ms": self.retry_after_ms})
    }
}


/// The room's open sockets, kept on the JS side so that a broadcast is one call out of wasm however many sockets
/// there are (rather than two per socket). Filled from the runtime's list after each wake; a socket that can no
/// longer be sent to leaves it.
#[wasm_bindgen(inline_js = "
export function sockets() { return new Set(); }
export function broadcast(set, text) {
  for (const ws of set) {
    try { ws.send(text); } catch { set.delete(ws); }
  }
}
")]
extern "C" {
    #[wasm_bindgen(js_name = sockets)]
    pub(super) fn new_socket_set() -> worker::js_sys::Set;
    #[wasm_bindgen(js_name = broadcast)]
    fn broadcast_to(set: &worker::js_sys::Set, text: &str);
}

#[wasm_bindgen]
extern "C" {
    /// The room's SQLite storage, seen only for `exec` with a query string made once (the insert of every message).
    type Sql;
    #[wasm_bindgen(method, catch, variadic, js_name = exec)]
    fn exec_with(this: &Sql, query: &JsString, bindings: &Array) -> std::result::Result<Cursor, JsValue>;
    type Cursor;
    #[wasm_bindgen(method, getter, js_name = rowsWritten)]
    fn rows_written(this: &Cursor) -> f64;
}

crate::app::store::row! {
    /// A stored message, read strictly: a missing column is an error.
    struct MessageRow {
        seq: i64,
        client_id: String,
        author_id: String,
        author_name: String,
        text: String,
        at: i64,
    }
}

#[derive(Serialize)]
struct Author<'a> {
    id: &'a str,
    display_name: &'a str,
}

/// The `message` frame: what every socket receives, and what history pages hold.
#[derive(Serialize)]
struct MessageFrame<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    seq: i64,
    client_id: &'a str,
    author: Author<'a>,
    text: &'a str,
    at: i64,
}

impl<'a> MessageFrame<'a> {
    fn new(seq: i64, client_id: &'a str, author_id: &'a str, author_name: &'a str, text: &'a str, at: i64) -> Self {
        MessageFrame { kind: "message", seq, client_id, author: Author { id: author_id, display_name: author_name }, text, at }
    }
}

impl MessageRow {
    fn frame(&self) -> MessageFrame<'_> {
        MessageFrame::new(self.seq, &self.client_id, &self.author_id, &self.author_name, &self.text, self.at)
    }
}

/// The `ack` frame: the sender's message is stored as `seq` (`duplicate`: it already was, nothing was sent again).
#[derive(Serialize)]
struct Ack<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    client_id: &'a str,
    seq: i64,
    at: i64,
    duplicate: bool,
}

/// A member's read state: messages by others after their read marker, the newest message, the marker.
#[derive(Serialize)]
pub(super) struct Unread {
    pub(super) unread: i64,
    pub(super) last_seq: i64,
    pub(super) read_seq: i64,
}

fn ack(client_id: &str, seq: i64, at: i64, duplicate: bool) -> String {
    serde_json::to_string(&Ack { kind: "ack", client_id, seq, at, duplicate }).unwrap_or_default()
}


impl ProjectSpace {
    fn sql(&self) -> &SqlStorage {
        &self.sql
    }

    fn read_only(&self) -> Result<bool> {
        if let Some(on) = self.read_only.get() {
            return Ok(on);
        }
        let rows = raw_rows(self.sql().exec("SELECT value FROM meta WHERE key = 'read_only'", None)?)?;
        let on = matches!(rows.first().and_then(|r| r.first()), Some(SqlStorageValue::String(v)) if v == "1");
        self.read_only.set(Some(on));
        Ok(on)
    }

    pub(super) fn set_read_only(&self, on: bool) -> Result<()> {
        self.sql().exec(
            "INSERT INTO meta (key, value) VALUES ('read_only', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            vec![text(if on { "1" } else { "0" })],
        )?;
        self.read_only.set(Some(on));
        Ok(())
    }

    fn messages(&self, w: Window) -> Result<(Vec<MessageRow>, bool)> {
        const COLUMNS: &str = "seq, client_id, author_id, author_name, text, at";
        let (sql, args, reverse) = match w {
            Window::Latest(n) => (format!("SELECT {COLUMNS} FROM messages ORDER BY seq DESC LIMIT ?"), vec![int(n + 1)], true),
            Window::Before(b, n) => (format!("SELECT {COLUMNS} FROM messages WHERE seq < ? ORDER BY seq DESC LIMIT ?"), vec![int(b), int(n + 1)], true),
            Window::After(a, n) => (format!("SELECT {COLUMNS} FROM messages WHERE seq > ? ORDER BY seq ASC LIMIT ?"), vec![int(a), int(n + 1)], false),
        };
        let limit = match w {
            Window::Latest(n) | Window::Before(_, n) | Window::After(_, n) => usize::try_from(n).unwrap_or(50),
        };
        let mut rows: Vec<MessageRow> = self.sql().exec(&sql, args)?.to_rows::<MessageRow>().map_err(|_| worker::Error::RustError("project space: a message row is unreadable".into()))?;
        let more = rows.len() > limit;
        rows.truncate(limit);
        if reverse {
            rows.reverse();
        }
        Ok((rows, more))
    }

    /// The number of the newest message (0: none yet), read once after each wake.
    fn last_seq(&self) -> Result<i64> {
        if let Some(n) = self.last_seq.get() {
            return Ok(n);
        }
        let rows = raw_rows(self.sql().exec("SELECT COALESCE(MAX(seq), 0) FROM messages", None)?)?;
        let n = rows.first().map_or(Ok(0), |r| int_at(r, 0))?;
        self.last_seq.set(Some(n));
        Ok(n)
    }

    /// The sequence number and time of a message already stored under this member's client key.
    fn stored(&self, key: &str) -> Result<Option<(i64, i64)>> {
        let rows = raw_rows(self.sql().exec("SELECT seq, at FROM messages WHERE client_key = ?", vec![text(key)])?)?;
        match rows.first() {
            Some(row) => Ok(Some((int_at(row, 0)?, int_at(row, 1)?))),
            None => Ok(None),
        }
    }

    /// The member's rate window, read from the history the first time they send after a wake.
    fn rate_check(&self, member: &str, t: i64) -> Result<std::result::Result<(), i64>> {
        let mut sent = self.sent.borrow_mut();
        if !sent.contains_key(member) {
            let rows = raw_rows(
                self.sql().exec("SELECT at FROM messages WHERE author_id = ? AND at > ?", vec![text(member), int(t - chat::RATE_WINDOW_MS)])?,
            )?;
            let times = rows.iter().map(|r| int_at(r, 0)).collect::<Result<Vec<i64>>>()?;
            sent.insert(member.to_string(), chat::RateWindow::new(times));
        }
        Ok(sent.get_mut(member).map_or(Ok(()), |w| w.check(t, self.rate)))
    }

    /// Stores a message (once per client id), then broadcasts it. Returns the ack frame. In the usual case this is
    /// one statement: the insert, which also finds a retry (it inserts only when the client key is new), with the
    /// next sequence number given by the room.
    fn send(&self, member: &Member, client_id: &str, raw: &str) -> std::result::Result<String, Refused> {
        let client_id = chat::parse_client_id(client_id).map_err(|e| Refused::new(e.code, e.message))?;
        let key = format!("{}:{client_id}", member.id);
        let internal = Refused::internal;
        // A refusal gives way to a retry of a message already stored: it is acknowledged again, nothing more.
        let refuse = |r: Refused| match self.stored(&key).map_err(internal)? {
            Some((seq, at)) => Ok(ack(&client_id, seq, at, true)),
            None => Err(r),
        };
        if self.read_only().map_err(internal)? {
            return refuse(Refused::new("read_only", "This project is not active: its chat can be read but not written."));
        }
        let body = match chat::parse_text(raw) {
            Ok(b) => b,
            Err(e) => return refuse(Refused::new(e.code, e.message)),
        };
        let t = now();
        if let Err(wait) = self.rate_check(&member.id, t).map_err(internal)? {
            return refuse(Refused {
                retry_after_ms: Some(wait),
                ..Refused::new("rate_limited", format!("You are sending too fast: at most {} messages in {} seconds. Wait a moment.", self.rate, chat::RATE_WINDOW_MS / 1000))
            });
        }
        // The next number, with no gap: the history is numbered by the room, one after the other.
        let seq = self.last_seq().map_err(internal)? + 1;
        #[allow(clippy::cast_precision_loss)]
        let args: Array = [
            JsValue::from_f64(seq as f64),
            JsValue::from_str(&key),
            JsValue::from_str(&client_id),
            JsValue::from_str(&member.id),
            JsValue::from_str(&member.name),
            JsValue::from_str(&body),
            JsValue::from_f64(t as f64),
        ]
        .into_iter()
        .collect();
        let sql: &Sql = self.sql.as_ref().unchecked_ref();
        let written = sql
            .exec_with(&self.insert_sql, &args)
            .map(|cursor| cursor.rows_written())
            .map_err(|e| {
                // The number given may not hold (the insert failed): read the newest again next time.
                self.last_seq.set(None);
                internal(worker::Error::from(e))
            })?;
        if written < 1.0 {
            // A retry: the insert did nothing.
            let (seq, at) = self.stored(&key).map_err(internal)?.ok_or_else(|| Refused::internal("a retry's message was not found"))?;
            return Ok(ack(&client_id, seq, at, true));
        }
        self.last_seq.set(Some(seq));
        self.chat_changed();
        if let Some(w) = self.sent.borrow_mut().get_mut(&member.id) {
            w.record(t);
        }
        let frame = MessageFrame::new(seq, &client_id, &member.id, &member.name, &body, t);
        self.broadcast(&frame);
        Ok(ack(&client_id, seq, t, false))
    }

    /// Sends a frame to every socket in the room (serialised once).
    fn broadcast<T: Serialize>(&self, frame: &T) {
        let Ok(text) = serde_json::to_string(frame) else { return };
        if !self.sockets_loaded.replace(true) {
            for ws in self.state.get_websockets() {
                let socket: &worker::web_sys::WebSocket = ws.as_ref();
                self.sockets.add(socket);
            }
        }
        broadcast_to(&self.sockets, &text);
    }

    /// A socket is closing: no more broadcasts to it.
    fn forget(&self, ws: &WebSocket) {
        let socket: &worker::web_sys::WebSocket = ws.as_ref();
        self.sockets.delete(socket);
        let key: &worker::js_sys::Object = socket.unchecked_ref();
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        if let Some(n) = self.socket_keys.get(key).as_f64() {
            self.members.borrow_mut().remove(&(n as u32));
            self.socket_keys.delete(key);
        }
    }

    /// The member a socket belongs to (None: a socket without one, which is closed).
    fn member(&self, ws: &WebSocket) -> Result<Option<Rc<Member>>> {
        let socket: &worker::web_sys::WebSocket = ws.as_ref();
        let key: &worker::js_sys::Object = socket.unchecked_ref();
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        if let Some(n) = self.socket_keys.get(key).as_f64() {
            if let Some(m) = self.members.borrow().get(&(n as u32)) {
                return Ok(Some(Rc::clone(m)));
            }
        }
        let Some(m) = ws.deserialize_attachment::<Member>()? else { return Ok(None) };
        let m = Rc::new(m);
        let n = self.next_key.get();
        self.next_key.set(n.wrapping_add(1));
        self.socket_keys.set(key, &JsValue::from(n));
        self.members.borrow_mut().insert(n, Rc::clone(&m));
        Ok(Some(m))
    }

    fn mark_read(&self, member: &str, seq: i64) -> Result<()> {
        self.sql().exec(
            "INSERT INTO reads (member_id, seq) VALUES (?, ?) ON CONFLICT (member_id) DO UPDATE SET seq = MAX(seq, excluded.seq)",
            vec![text(member), int(seq.max(0))],
        )?;
        Ok(())
    }

    pub(super) fn unread(&self, member: &str) -> Result<Unread> {
        let rows = raw_rows(self.sql().exec(
            "SELECT (SELECT COUNT(*) FROM messages WHERE seq > COALESCE((SELECT seq FROM reads WHERE member_id = ?), 0) AND author_id <> ?), \
                    (SELECT COALESCE(MAX(seq), 0) FROM messages), COALESCE((SELECT seq FROM reads WHERE member_id = ?), 0)",
            vec![text(member), text(member), text(member)],
        )?)?;
        let r = rows.first().map_or(&[][..], Vec::as_slice);
        Ok(Unread { unread: int_at(r, 0)?, last_seq: int_at(r, 1)?, read_seq: int_at(r, 2)? })
    }

    fn member_of(req: &Request) -> Option<Member> {
        let h = |n: &str| req.headers().get(n).ok().flatten();
        Some(Member {
            id: h("x-member-id")?,
            name: h("x-member-name").unwrap_or_default(),
            session: h("x-session-id").unwrap_or_default(),
            ends_at: h("x-session-ends").and_then(|v| v.parse().ok()).unwrap_or(i64::MAX),
        })
    }

    /// Whether the worker said this socket's member or session is gone (or its session has ended). When the room
    /// cannot tell (its storage failed), the answer is yes.
    fn is_revoked(&self, member: &Member) -> bool {
        if member.ends_at <= now() {
            return true;
        }
        let mut cache = self.revoked.borrow_mut();
        if cache.is_none() {
            let loaded = self.sql().exec("SELECT tag FROM revoked", None).and_then(|c| {
                c.raw()
                    .map(|r| match r?.into_iter().next() {
                        Some(SqlStorageValue::String(tag)) => Ok(tag),
                        _ => Err(worker::Error::RustError("chatroom: revoked.tag is not text".into())),
                    })
                    .collect::<Result<HashSet<String>>>()
            });
            match loaded {
                Ok(set) => *cache = Some(set),
                Err(e) => {
                    worker::console_error!("chatroom: could not read revocations: {e}");
                    return true;
                }
            }
        }
        // Usually nobody was revoked: no tag is built.
        cache.as_ref().is_some_and(|set| !set.is_empty() && member.tags().iter().any(|t| set.contains(t)))
    }

    /// Closes the sockets of these members and sessions, and refuses them from now on.
    fn revoke(&self, tags: &[String]) -> Result<()> {
        for tag in tags {
            self.sql().exec("INSERT INTO revoked (tag, at) VALUES (?, ?) ON CONFLICT (tag) DO NOTHING", vec![text(tag), int(now())])?;
            if let Some(set) = self.revoked.borrow_mut().as_mut() {
                set.insert(tag.clone());
            }
            for ws in self.state.get_websockets_with_tag(tag) {
                let _ = ws.send_with_str(json!({"type": "error", "code": "access_ended", "message": "Your access to this chat has ended."}).to_string());
                self.forget(&ws);
                let _ = ws.close(Some(4003), Some("access ended"));
            }
        }
        Ok(())
    }

    /// The worker checked this member again at `checked_at` (a new connection): what was said of them before that
    /// no longer holds. What was said after it (a suspension racing the connection) still does.
    fn readmit(&self, member: &Member, checked_at: i64) -> Result<()> {
        let tag = format!("m:{}", member.id);
        let cursor = self.sql().exec("DELETE FROM revoked WHERE tag = ? AND at < ? RETURNING tag", vec![text(&tag), int(checked_at)])?;
        if !raw_rows(cursor)?.is_empty() {
            if let Some(set) = self.revoked.borrow_mut().as_mut() {
                set.remove(&tag);
            }
        }
        Ok(())
    }

}

crate::domain::input::input! {
    struct SendBody {
        client_id: String,
        text: String,
    }
}

crate::domain::input::input! {
    struct ReadBody {
        seq: i64,
    }
}


impl ProjectSpace {
    /// The chat's requests from the worker: a socket, history (long-polled), a message, read state, revocations.
    pub(super) async fn chat_fetch(&self, mut req: Request, url: &worker::Url, path: &str) -> Result<Response> {
        let q = |n: &str| url.query_pairs().find(|(k, _)| k == n).and_then(|(_, v)| v.parse::<i64>().ok());
        if let Some(flag) = req.headers().get("x-read-only")? {
            let on = flag == "1";
            if on != self.read_only()? {
                self.set_read_only(on)?;
                self.broadcast(&json!({"type": "state", "read_only": on}));
            }
        }
        let Some(member) = Self::member_of(&req) else { return err_json(400, "no_member", "Missing member.") };
        match (req.method().to_string().as_str(), path) {
            ("GET", "/connect") => {
                let checked_at = req.headers().get("x-checked-at")?.and_then(|v| v.parse().ok()).unwrap_or(0);
                self.readmit(&member, checked_at)?;
                if self.is_revoked(&member) {
                    return err_json(404, "not_found", "Nothing was found here.");
                }
                if let Some(due) = self.sessions_due.get() {
                    self.sessions_due.set(Some(due.min(member.ends_at)));
                }
                self.wake_at(member.ends_at).await?;
                let pair = WebSocketPair::new()?;
                let [by_member, by_session] = member.tags();
                self.state.accept_websocket_with_tags(&pair.server, &[&by_member, &by_session]);
                if self.sockets_loaded.get() {
                    let socket: &worker::web_sys::WebSocket = pair.server.as_ref();
                    self.sockets.add(socket);
                }
                pair.server.serialize_attachment(&member)?;
                pair.server.send_with_str(json!({"type": "state", "read_only": self.read_only()?}).to_string())?;
                Response::from_websocket(pair.client)
            }
            ("POST", "/send") => {
                let Ok(body) = body::<SendBody>(&mut req).await else {
                    return err_json(400, "invalid_json", "Send {\"client_id\": …, \"text\": …}.");
                };
                match self.send(&member, &body.client_id, &body.text) {
                    Ok(ack) => json_text(ack),
                    Err(r) => {
                        let field = if r.code == "client_id_invalid" { Some("client_id") } else if r.status() == 422 { Some("text") } else { None };
                        let resp = Response::from_json(&json!({"error": {"code": r.code, "message": r.message, "field": field}}))?.with_status(r.status());
                        match r.retry_after_ms {
                            Some(ms) => {
                                let headers = worker::Headers::new();
                                headers.set("content-type", "application/json")?;
                                headers.set("retry-after", &((ms + 999) / 1000).to_string())?;
                                Ok(resp.with_headers(headers))
                            }
                            None => Ok(resp),
                        }
                    }
                }
            }
            ("GET", "/messages") => {
                let w = chat::window(q("before"), q("after"), q("limit"));
                let wait_ms = q("wait").unwrap_or(0).clamp(0, 25) * 1000;
                let started = now();
                loop {
                    // A long poll ends as soon as its reader's access does.
                    if self.is_revoked(&member) {
                        return err_json(404, "not_found", "Nothing was found here.");
                    }
                    let (messages, more) = self.messages(w)?;
                    if !messages.is_empty() || wait_ms == 0 || !matches!(w, Window::After(..)) || now() - started >= wait_ms {
                        let messages: Vec<MessageFrame> = messages.iter().map(MessageRow::frame).collect();
                        return Response::from_json(&json!({"messages": messages, "more": more, "read_only": self.read_only()?}));
                    }
                    Delay::from(Duration::from_millis(250)).await;
                }
            }
            ("POST", "/read") => {
                match body::<ReadBody>(&mut req).await {
                    Ok(r) => {
                        self.mark_read(&member.id, r.seq)?;
                        Response::from_json(&self.unread(&member.id)?)
                    }
                    Err(_) => err_json(400, "invalid_json", "Send {\"seq\": N}."),
                }
            }
            ("GET", "/unread") => Response::from_json(&self.unread(&member.id)?),
            ("POST", "/revoke") => match body::<RevokeBody>(&mut req).await {
                Ok(r) => {
                    let tags: Vec<String> =
                        r.members.iter().map(|m| format!("m:{m}")).chain(r.sessions.iter().map(|s| format!("s:{s}"))).collect();
                    self.revoke(&tags)?;
                    Response::from_json(&json!({"revoked": tags.len()}))
                }
                Err(()) => err_json(400, "invalid_json", "Send {\"members\": [...], \"sessions\": [...]}."),
            },
            // The worker tells the room when the project starts or ends (the header above did the work).
            ("POST", "/state") => Response::from_json(&json!({"read_only": self.read_only()?})),
            _ => err_json(404, "not_found", "Nothing was found here."),
        }
    }

    /// A session reached its absolute end: its sockets close. Refusals older than any session can be are forgotten.
    pub(super) fn chat_alarm(&self, t: i64) -> Result<Option<i64>> {
        let mut next: Option<i64> = None;
        for ws in self.state.get_websockets() {
            let Ok(Some(m)) = ws.deserialize_attachment::<Member>() else { continue };
            if m.ends_at <= t {
                let _ = ws.send_with_str(json!({"type": "error", "code": "access_ended", "message": "Your session has ended: log in again."}).to_string());
                self.forget(&ws);
                let _ = ws.close(Some(4003), Some("session ended"));
            } else if m.ends_at != i64::MAX {
                next = Some(next.map_or(m.ends_at, |n| n.min(m.ends_at)));
            }
        }
        self.sql().exec("DELETE FROM revoked WHERE at < ?", vec![int(t - crate::domain::session::ABSOLUTE_MS)])?;
        *self.revoked.borrow_mut() = None;
        Ok(next)
    }
}

/// The hibernation handlers, bound by hand as plain methods rather than through `#[durable_object]`'s async exports:
/// all they do is synchronous (SQLite, sockets), and an async export costs every message a promise and a task
/// (about a tenth of the room's time in a profile).
#[wasm_bindgen]
impl ProjectSpace {
    #[wasm_bindgen(js_name = webSocketMessage)]
    pub fn on_websocket_message(&self, ws: worker::web_sys::WebSocket, message: JsValue) -> std::result::Result<(), JsValue> {
        let message = match message.as_string() {
            Some(text) => WebSocketIncomingMessage::String(text),
            None => WebSocketIncomingMessage::Binary(Vec::new()),
        };
        self.websocket_message(ws.into(), message).map_err(JsValue::from)
    }

    #[wasm_bindgen(js_name = webSocketClose)]
    pub fn on_websocket_close(&self, ws: worker::web_sys::WebSocket, code: u16, _reason: String, _clean: bool) {
        let ws = WebSocket::from(ws);
        self.forget(&ws);
        let code = Some(code).filter(|c| *c >= 1000 && *c != 1005 && *c != 1006).unwrap_or(1000);
        let _ = ws.close(Some(code), Some("closing"));
    }

    #[wasm_bindgen(js_name = webSocketError)]
    pub fn on_websocket_error(&self, ws: worker::web_sys::WebSocket, _error: JsValue) {
        let ws = WebSocket::from(ws);
        self.forget(&ws);
        let _ = ws.close(Some(1011), Some("error"));
    }
}

impl ProjectSpace {
    fn websocket_message(&self, ws: WebSocket, message: WebSocketIncomingMessage) -> Result<()> {
        let WebSocketIncomingMessage::String(raw) = message else {
            let _ = ws.send_with_str(json!({"type": "error", "code": "frame_invalid", "message": "Send text frames."}).to_string());
            return Ok(());
        };
        let Some(member) = self.member(&ws)? else {
            self.forget(&ws);
            let _ = ws.close(Some(4001), Some("Unknown member."));
            return Ok(());
        };
        if self.is_revoked(&member) {
            let _ = ws.send_with_str(json!({"type": "error", "code": "access_ended", "message": "Your access to this chat has ended."}).to_string());
            self.forget(&ws);
            let _ = ws.close(Some(4003), Some("access ended"));
            return Ok(());
        }
        let reply = match ClientFrame::parse(&raw) {
            Err(e) => json!({"type": "error", "code": e.code, "message": e.message}).to_string(),
            Ok(ClientFrame::Send { client_id, text }) => match self.send(&member, &client_id, &text) {
                Ok(ack) => ack,
                Err(r) => r.frame(Some(&client_id)).to_string(),
            },
            Ok(ClientFrame::Read { seq }) => {
                self.mark_read(&member.id, seq)?;
                let u = self.unread(&member.id)?;
                json!({"type": "unread", "unread": u.unread, "last_seq": u.last_seq, "read_seq": u.read_seq}).to_string()
            }
            Ok(ClientFrame::Resume { after }) => {
                let w = if after > 0 { Window::After(after, chat::MAX_PAGE) } else { Window::Latest(chat::PAGE) };
                let (messages, more) = self.messages(w)?;
                let messages: Vec<MessageFrame> = messages.iter().map(MessageRow::frame).collect();
                json!({"type": "history", "messages": messages, "more": more, "read_only": self.read_only()?}).to_string()
            }
        };
        let _ = ws.send_with_str(reply);
        Ok(())
    }

}
