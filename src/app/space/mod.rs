//! A project's space: one Durable Object per project holding all of the project's private content in its own SQLite
//! storage: the chat (`chat.rs`), the private messages between its members (`messages.rs`) and the document folder's
//! listing and versions (`files.rs`; the bytes are in R2 under keys made from ids). D1 keeps only what others may
//! see: the object pushes the project's activity there, counts and dates without text (`activity.rs`), so no D1 query
//! can return a project's private text.
//!
//! Only the worker reaches it (Durable Objects have no public address): the worker has authenticated the caller and
//! decided their access, and says who they are in `x-member-id` (and which project this is in `x-project-id`). The
//! object trusts nothing else. Its alarm closes sockets whose session has ended, empties the trash, forgets uploads
//! that never finished and pushes the activity, retrying until D1 has it.

mod activity;
mod chat;
pub mod client;
pub mod contract;
pub mod diary;
pub mod evaluation;
pub mod files;
pub mod goals;
mod grants;
pub mod journey;
pub mod library;
mod legacy;
pub mod messages;
pub mod personal;
pub mod plan;
pub mod report;
mod retention;
mod reminders;

use crate::domain::chat as chat_rules;
use crate::domain::error::ApiError;
use crate::domain::input::parse;
use serde::{Deserialize, Serialize};
use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};
use std::rc::Rc;
use worker::js_sys::JsString;
use worker::{durable_object, Env, Request, Response, Result, SqlStorage, SqlStorageValue, State};

/// Only `fetch` and `alarm` are bound by the macro; the WebSocket handlers are bound in `chat.rs`, by hand.
#[durable_object(alarm)]
pub struct ProjectSpace {
    state: State,
    env: Env,
    /// The object's SQLite storage.
    sql: SqlStorage,
    /// The project's id, told by the worker and kept in `meta` (R2 keys and D1 rows name it).
    project: RefCell<Option<String>>,
    /// The activity changed since it was last pushed to D1 (known in memory, so a chat message costs no write).
    dirty: Cell<bool>,
    /// The project's rows in D1's legacy tables have been moved here (see legacy.rs).
    imported: Cell<bool>,
    /// The earliest alarm asked for since the last wake (None: not known).
    alarm_at: Rc<Cell<Option<i64>>>,
    /// When the next open socket's session ends (None: not known since the last wake): the alarm looks at the
    /// sockets only then, not on every push of the activity.
    sessions_due: Cell<Option<i64>>,
    /// The same for the folder's housekeeping (the trash's oldest deletion, the oldest upload in flight).
    files_due: Cell<Option<i64>>,
    // The chat (see chat.rs).
    /// Messages a member may send in the rate window (`CHAT_RATE_MESSAGES`, default 10).
    rate: usize,
    /// Members (`m:{id}`) and sessions (`s:{id}`) the worker said are gone, loaded once after each wake.
    revoked: RefCell<Option<HashSet<String>>>,
    /// Whether the chat is read-only, read once after each wake (the worker's header changes it).
    read_only: Cell<Option<bool>>,
    /// Each member's sends in the rate window, newest last: read from the history the first time a member sends
    /// after a wake, then kept here, so a message costs one statement (its insert).
    sent: RefCell<HashMap<String, chat_rules::RateWindow>>,
    /// The open sockets (see `broadcast_to`), and whether they were read from the runtime since the last wake.
    sockets: worker::js_sys::Set,
    sockets_loaded: Cell<bool>,
    /// Who each socket belongs to, read from its attachment once per wake rather than once per message (about 5% of
    /// the room's time in a profile): the socket maps to a number here, and the number to the member.
    socket_keys: worker::js_sys::WeakMap,
    members: RefCell<HashMap<u32, Rc<chat::Member>>>,
    next_key: Cell<u32>,
    /// The number of the newest message, once read (see `last_seq`).
    last_seq: Cell<Option<i64>>,
    /// Stores a message unless its client key is already there (a retry).
    insert_sql: JsString,
}

/// The time in ms (read as a number: no `Date` object is made for every message).
fn now() -> i64 {
    #[allow(clippy::cast_possible_truncation)]
    let ms = worker::js_sys::Date::now() as i64;
    ms
}

pub(super) fn int(v: i64) -> SqlStorageValue {
    SqlStorageValue::Integer(v)
}

pub(super) fn text(v: &str) -> SqlStorageValue {
    SqlStorageValue::String(v.to_string())
}

/// Text, or SQL's null.
pub(super) fn opt_text(v: Option<&str>) -> SqlStorageValue {
    v.map_or(SqlStorageValue::Null, text)
}

fn err_json(status: u16, code: &str, message: &str) -> Result<Response> {
    Ok(Response::from_json(&serde_json::json!({"error": {"code": code, "message": message, "field": null}}))?.with_status(status))
}

/// Every row of a statement, as raw values. A cursor is always read to its end: a statement left half-read (an
/// `INSERT ... RETURNING` read for its first row only) does not finish its work.
fn raw_rows(cursor: worker::SqlCursor) -> Result<Vec<Vec<SqlStorageValue>>> {
    cursor.raw().collect()
}

/// An integer from a raw row (SQLite integers reach us as doubles).
fn int_at(row: &[SqlStorageValue], i: usize) -> Result<i64> {
    #[allow(clippy::cast_possible_truncation)]
    match row.get(i) {
        Some(SqlStorageValue::Integer(n)) => Ok(*n),
        Some(SqlStorageValue::Float(f)) if f.fract() == 0.0 => Ok(*f as i64),
        _ => Err(worker::Error::RustError(format!("project space: column {i} is not an integer"))),
    }
}

/// Rows read as JSON values and then field by field, strictly, like D1's (`store::FromRow`): one deserializer for
/// every table instead of a derived one per row type.
pub(super) trait ToRows {
    fn to_rows<T: crate::app::store::FromRow>(self) -> std::result::Result<Vec<T>, ApiError>;
}

impl ToRows for worker::SqlCursor {
    fn to_rows<T: crate::app::store::FromRow>(self) -> std::result::Result<Vec<T>, ApiError> {
        self.to_array::<serde_json::Value>()?.iter().map(T::from_row).collect()
    }
}

/// A response whose JSON body is already written.
fn json_text(body: String) -> Result<Response> {
    let headers = worker::Headers::new();
    headers.set("content-type", "application/json")?;
    Ok(Response::ok(body)?.with_headers(headers))
}

/// A request body read with `input!` (Err when it is not one).
async fn body<T: crate::domain::input::FromJson>(req: &mut Request) -> std::result::Result<T, ()> {
    let bytes = req.bytes().await.map_err(|_| ())?;
    crate::domain::input::parse::<T>(&bytes).map_err(|_| ())
}

/// The object's answer: JSON, or the one error shape (a refusal the worker passes on as it is).
fn answer<T: Serialize>(result: std::result::Result<T, ApiError>) -> Result<Response> {
    match result {
        Ok(v) => Response::from_json(&v),
        Err(e) => Ok(super::http::error_response(&e)),
    }
}

/// An operation's answer, from a closure (so that `?` works in it).
fn answer_now<T: Serialize>(f: impl FnOnce() -> std::result::Result<T, ApiError>) -> Result<Response> {
    answer(f())
}

/// What the project's home shows from its space, in one request: chat and inbox unread counts, the recent files.
#[derive(Serialize)]
pub struct Home {
    pub unread: i64,
    pub last_seq: i64,
    pub read_seq: i64,
    pub messages_unread: i64,
    pub recent_files: Vec<files::Item>,
    /// The process's figures (asked for by the project page, which names the mentees).
    pub progress: Option<crate::domain::journey::Progress>,
}

/// What a member's digest says of this project (#13): counts and the next session's time, never text.
#[derive(Serialize, Deserialize)]
pub struct DigestFacts {
    pub chat_unread: i64,
    pub messages_unread: i64,
    /// The next planned session: its start (UTC ms), and whether homework was set for it.
    pub next_session_at: Option<i64>,
    pub homework: bool,
    /// Diaries submitted and not commented on yet, written by others (the worker keeps it for the mentor).
    pub diaries_to_comment: i64,
}

crate::domain::input::input! {
    /// The worker's clock, for "the next session".
    pub struct DigestAsk {
        pub at: i64,
    }
}

impl ProjectSpace {
    fn digest(&self, member: &str, at: i64) -> std::result::Result<DigestFacts, ApiError> {
        let next = self.session_rows("WHERE state = 'planned' AND start_at > ? ORDER BY start_at LIMIT 1", vec![int(at)])?;
        let waiting = raw_rows(self.sql.exec(
            "SELECT COUNT(*) FROM diaries WHERE state = 'submitted' AND commented_at IS NULL AND author_id <> ?",
            vec![text(member)],
        )?)?;
        Ok(DigestFacts {
            chat_unread: self.unread(member)?.unread,
            messages_unread: self.pm_unread(member)?,
            next_session_at: next.first().map(|s| s.start_at),
            homework: next.first().is_some_and(|s| !s.homework.trim().is_empty()),
            diaries_to_comment: waiting.first().map_or(Ok(0), |r| int_at(r, 0))?,
        })
    }

    /// The project's id (as the worker told it).
    fn project(&self) -> std::result::Result<String, ApiError> {
        if let Some(p) = self.project.borrow().as_ref() {
            return Ok(p.clone());
        }
        let rows = raw_rows(self.sql.exec("SELECT value FROM meta WHERE key = 'project'", None)?)?;
        match rows.first().and_then(|r| r.first()) {
            Some(SqlStorageValue::String(p)) => {
                *self.project.borrow_mut() = Some(p.clone());
                Ok(p.clone())
            }
            _ => Err(ApiError::internal()),
        }
    }

    fn know_project(&self, id: &str) -> Result<()> {
        if self.project.borrow().as_deref() == Some(id) {
            return Ok(());
        }
        self.sql.exec("INSERT INTO meta (key, value) VALUES ('project', ?) ON CONFLICT (key) DO NOTHING", vec![text(id)])?;
        *self.project.borrow_mut() = Some(id.to_string());
        Ok(())
    }

    /// Sets the alarm for `at` unless one is due sooner.
    async fn wake_at(&self, at: i64) -> Result<()> {
        if at == i64::MAX || self.alarm_at.get().is_some_and(|t| t <= at) {
            return Ok(());
        }
        let storage = self.state.storage();
        match storage.get_alarm().await? {
            Some(existing) if existing <= at => {
                self.alarm_at.set(Some(existing));
                Ok(())
            }
            _ => {
                self.alarm_at.set(Some(at));
                #[allow(clippy::cast_precision_loss)]
                storage.set_alarm(worker::ScheduledTime::new(worker::js_sys::Date::new(&(at as f64).into()))).await
            }
        }
    }

    /// Folder housekeeping will be due at `at` (a deletion, an upload started): the alarm must look then.
    fn files_due_by(&self, at: i64) {
        if let Some(due) = self.files_due.get() {
            self.files_due.set(Some(due.min(at)));
        }
        self.wake_by(at);
    }

    /// `wake_at` from code that cannot wait (the alarm is set as soon as this event yields; only once it is, is it
    /// remembered, so a failure leaves the next change to try again).
    fn wake_by(&self, at: i64) {
        if self.alarm_at.get().is_some_and(|t| t <= at) {
            return;
        }
        let storage = self.state.storage();
        let known = Rc::clone(&self.alarm_at);
        worker::wasm_bindgen_futures::spawn_local(async move {
            let set = async {
                match storage.get_alarm().await? {
                    Some(existing) if existing <= at => Ok(existing),
                    #[allow(clippy::cast_precision_loss)]
                    _ => storage.set_alarm(worker::ScheduledTime::new(worker::js_sys::Date::new(&(at as f64).into()))).await.map(|()| at),
                }
            };
            match set.await {
                Ok(due) => known.set(Some(known.get().map_or(due, |k| k.min(due)))),
                Err(e) => worker::console_error!("project space: could not set the alarm: {e}"),
            }
        });
    }

    fn home(&self, member: &str, ask: Option<&journey::Ask>) -> std::result::Result<Home, ApiError> {
        let u = self.unread(member)?;
        Ok(Home {
            unread: u.unread,
            last_seq: u.last_seq,
            read_seq: u.read_seq,
            messages_unread: self.pm_unread(member)?,
            recent_files: self.recent_files(crate::domain::files::RECENT)?,
            progress: ask.map(|a| self.progress(&a.mentor, &a.mentees, a.at.unwrap_or_else(now))).transpose()?,
        })
    }

    /// Private messages, the folder and the process (`/pm/...`, `/files/...`, ...), for the member the worker names.
    async fn content(&self, mut req: Request, path: &str) -> Result<Response> {
        let Some(me) = req.headers().get("x-member-id")? else { return err_json(400, "no_member", "Missing member.") };
        if let Err(e) = self.import_legacy(path == "/wake").await {
            return Ok(super::http::error_response(&e));
        }
        // The body is read once, here. Most operations are synchronous (SQLite storage), so one small future serves
        // them all (13 KB of gzipped wasm less than a future per operation); only the three below reach R2 or D1.
        let Ok(bytes) = req.bytes().await else {
            return Ok(super::http::error_response(&ApiError::bad_request("invalid_json", "The request body could not be read.")));
        };
        let body = bytes.as_slice();
        match path {
            "/files/purge" => answer(
                async {
                    let t: files::Stamp = parse(body)?;
                    if self.purge(&t.item).await? { Ok(()) } else { Err(ApiError::not_found()) }
                }
                .await,
            ),
            "/report" => answer(async { self.report_op(&parse(body)?).await }.await),
            "/contract/act" => answer(
                async {
                    let (view, moved) = self.contract_act(&parse(body)?).await?;
                    self.schedule_reminders();
                    Ok(serde_json::json!({"view": view, "moved": moved}))
                }
                .await,
            ),
            _ => self.content_now(&me, path, body),
        }
    }

    /// The synchronous operations of `content`.
    fn content_now(&self, me: &str, path: &str, body: &[u8]) -> Result<Response> {
        match path {
            // The cron found this project's rows in D1's legacy tables: the move above took them.
            "/wake" => answer(Ok(())),
            "/home" => answer_now(|| {
                // The dashboard asks without a body; the project page names its mentees for the process's figures.
                let ask = parse::<journey::Ask>(body).ok().filter(|_| !body.is_empty() && body != b"{}");
                self.home(me, ask.as_ref())
            }),
            "/digest" => answer_now(|| self.digest(me, parse::<DigestAsk>(body)?.at)),
            "/pm/send" => answer_now(|| self.pm_send(me, &parse(body)?)),
            "/pm/page" => answer_now(|| {
                let (items, unread) = self.pm_page(me, &parse(body)?)?;
                Ok(serde_json::json!({"items": items, "unread": unread}))
            }),
            "/pm/thread" => answer_now(|| {
                let found = self.pm_thread(me, &parse(body)?)?;
                Ok(found.map(|(thread_id, items)| serde_json::json!({"thread_id": thread_id, "items": items})))
            }),
            "/pm/with" => answer(self.pm_with(me)),
            "/personal/page" => answer_now(|| self.personal_page(me, &parse(body)?)),
            "/personal/erase" => answer_now(|| self.personal_erase(me, &parse(body)?)),
            "/retention/purge" => answer(self.retention_purge()),
            "/grants/read" => answer_now(|| self.grant_read(&parse(body)?)),
            "/files/list" => answer_now(|| {
                let f: files::Folder = parse(body)?;
                self.list(&f.folder)?.ok_or_else(ApiError::not_found)
            }),
            "/files/folder" => answer_now(|| self.create_folder(me, &parse(body)?)),
            "/files/room" => answer_now(|| {
                let f: files::Folder = parse(body)?;
                Ok(serde_json::json!({"used": self.room(&f.folder)?}))
            }),
            "/files/begin" => answer_now(|| Ok(serde_json::json!({"r2_key": self.begin_upload(&parse(body)?)?}))),
            "/files/finish" => answer_now(|| {
                let (item, version) = self.finish_upload(me, &parse(body)?)?;
                Ok(serde_json::json!({"item": item, "version": version}))
            }),
            "/files/abort" => answer_now(|| {
                let u: files::Upload = parse(body)?;
                self.abort_upload(&u.id)
            }),
            "/files/details" => answer_now(|| {
                let t: files::Target = parse(body)?;
                let item = self.live_item(&t.item)?.ok_or_else(ApiError::not_found)?;
                let path = self.path(&item.parent_id)?;
                Ok(serde_json::json!({"item": item, "path": path, "versions": self.versions(&item.id)?}))
            }),
            "/files/version" => answer_now(|| {
                let (item, version, current) = self.version(&parse(body)?)?.ok_or_else(ApiError::not_found)?;
                Ok(serde_json::json!({"name": item.name, "r2_key": version.r2_key, "content_type": version.content_type, "number": version.number, "current": current}))
            }),
            "/files/change" => answer_now(|| self.change(me, &parse(body)?)?.ok_or_else(ApiError::not_found)),
            "/files/delete" => answer_now(|| {
                let t: files::Stamp = parse(body)?;
                match self.trash(me, &t)? {
                    0 => Err(ApiError::not_found()),
                    n => Ok(serde_json::json!({"trashed": n, "purge_at": t.at + crate::domain::files::TRASH_MS})),
                }
            }),
            "/files/trash" => answer(self.trash_list()),
            "/files/restore" => answer_now(|| {
                let (item, path) = self.restore(me, &parse(body)?)?.ok_or_else(ApiError::not_found)?;
                Ok(serde_json::json!({"item": item, "path": path}))
            }),
            "/journey/progress" => answer_now(|| {
                let a: journey::Ask = parse(body)?;
                self.remember(&a.mentor, &a.mentees)?;
                self.progress(&a.mentor, &a.mentees, a.at.unwrap_or_else(now))
            }),
            "/evaluation/put" => answer_now(|| self.evaluation_put(&parse(body)?)),
            "/evaluation/read" => answer_now(|| Ok(serde_json::json!({"items": self.evaluation_read(&parse(body)?)?}))),
            "/journey/items" => answer(self.action_items().map(|items| serde_json::json!({"items": items}))),
            "/journey/item" => answer_now(|| {
                let set: journey::SetItem = parse(body)?;
                Ok(serde_json::json!({"items": self.set_action_item(&set)?}))
            }),
            "/goals" => answer_now(|| {
                let o: goals::Op = parse(body)?;
                self.remember(&o.who.mentor_id, &o.who.mentees)?;
                let v = self.goals_op(&o);
                self.schedule_reminders();
                v
            }),
            "/library" => answer_now(|| self.library_op(&parse(body)?)),
            "/plan" => answer_now(|| {
                let o: plan::Op = parse(body)?;
                self.remember(&o.who.mentor_id, &o.who.mentees)?;
                let v = self.plan_op(&o);
                self.schedule_reminders();
                v
            }),
            // A member's calendar feed: the sessions as they are (topics, times, places; no diary).
            "/plan/feed" => answer(self.session_rows("ORDER BY start_at LIMIT 500", Vec::new()).map(|s| serde_json::json!({"sessions": s}))),
            "/diary" => answer_now(|| {
                let o: diary::Op = parse(body)?;
                self.remember(&o.who.mentor_id, &o.who.mentees)?;
                let v = self.diary_op(&o);
                self.schedule_reminders();
                v
            }),
            "/contract/view" => answer_now(|| {
                let l: contract::Look = parse(body)?;
                self.contract_view(&l.context)
            }),
            "/contract/start" => answer_now(|| {
                let v = self.contract_start(&parse(body)?);
                self.schedule_reminders();
                v
            }),
            "/contract/edit" => answer_now(|| {
                let (view, moved) = self.contract_edit(&parse(body)?)?;
                self.schedule_reminders();
                Ok(serde_json::json!({"view": view, "moved": moved}))
            }),
            _ => err_json(404, "not_found", "Nothing was found here."),
        }
    }
}

impl ProjectSpace {
    /// Tests only (`TANDEM_TEST_MODE`): how many rows one of the space's tables holds (after the legacy move), or
    /// (`size`) how many bytes its storage takes.
    async fn test_count(&self, mut req: Request) -> Result<Response> {
        const TABLES: &[&str] = &["messages", "private_messages", "folder_items", "file_versions", "uploads"];
        let table = req.text().await?;
        if table == "size" {
            // The bytes the object's storage takes (for the growth model in `npm run bench`).
            return Response::from_json(&serde_json::json!({"n": self.sql.database_size()}));
        }
        if !TABLES.contains(&table.as_str()) {
            return err_json(400, "unknown_table", "No such table.");
        }
        if let Err(e) = self.import_legacy(false).await {
            return Ok(super::http::error_response(&e));
        }
        let rows = raw_rows(self.sql.exec(&format!("SELECT COUNT(*) FROM {table}"), None)?)?;
        Response::from_json(&serde_json::json!({"n": rows.first().map_or(Ok(0), |r| int_at(r, 0))?}))
    }
}

impl ProjectSpace {
    /// Tests only (`TANDEM_TEST_MODE`): every row of every table, as JSON text (the erasure's test searches it).
    async fn test_dump(&self) -> Result<Response> {
        if let Err(e) = self.import_legacy(false).await {
            return Ok(super::http::error_response(&e));
        }
        let tables: Vec<serde_json::Value> = self.sql.exec("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_cf%' ESCAPE '\\' AND name NOT LIKE 'sqlite%'", None)?.to_array()?;
        let mut all = serde_json::Map::new();
        for t in tables.iter().filter_map(|t| t.get("name").and_then(serde_json::Value::as_str)) {
            let rows: Vec<serde_json::Value> = self.sql.exec(&format!("SELECT * FROM \"{t}\""), None)?.to_array()?;
            all.insert(t.to_string(), serde_json::Value::Array(rows));
        }
        Response::from_json(&all)
    }
}

impl worker::DurableObject for ProjectSpace {
    fn new(state: State, env: Env) -> Self {
        let rate = env.var("CHAT_RATE_MESSAGES").ok().and_then(|v| v.to_string().parse().ok()).unwrap_or(chat_rules::RATE_MESSAGES);
        let sql = state.storage().sql();
        let own = ["CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"];
        for ddl in own.iter().chain(chat::SCHEMA).chain(messages::SCHEMA).chain(files::SCHEMA).chain(contract::SCHEMA).chain(goals::SCHEMA).chain(plan::SCHEMA).chain(diary::SCHEMA).chain(journey::SCHEMA).chain(evaluation::SCHEMA).chain(report::SCHEMA).chain(library::SCHEMA) {
            if let Err(e) = sql.exec(ddl, None) {
                worker::console_error!("project space schema: {e}");
            }
        }
        // Clients send "ping"; the runtime answers "pong" without waking the object.
        if let Ok(pair) = worker::worker_sys::WebSocketRequestResponsePair::new("ping", "pong") {
            state.set_websocket_auto_response(&pair);
        }
        ProjectSpace {
            state,
            env,
            project: RefCell::new(None),
            dirty: Cell::new(false),
            imported: Cell::new(false),
            alarm_at: Rc::new(Cell::new(None)),
            sessions_due: Cell::new(None),
            files_due: Cell::new(None),
            rate,
            revoked: RefCell::new(None),
            read_only: Cell::new(None),
            sent: RefCell::new(HashMap::new()),
            sql,
            sockets: chat::new_socket_set(),
            sockets_loaded: Cell::new(false),
            socket_keys: worker::js_sys::WeakMap::new(),
            members: RefCell::new(HashMap::new()),
            next_key: Cell::new(0),
            last_seq: Cell::new(None),
            insert_sql: JsString::from(chat::INSERT),
        }
    }

    async fn fetch(&self, req: Request) -> Result<Response> {
        if let Some(p) = req.headers().get("x-project-id")? {
            self.know_project(&p)?;
        }
        let url = req.url()?;
        let path = url.path().to_string();
        if path.starts_with("/test/") && self.env.var("TANDEM_TEST_MODE").is_ok_and(|v| v.to_string() == "1") {
            return if path == "/test/dump" { self.test_dump().await } else { self.test_count(req).await };
        }
        if path == "/home" || path == "/wake" || path == "/digest" || path.starts_with("/pm/") || path.starts_with("/files/") || path.starts_with("/contract/") || path.starts_with("/journey/") || path.starts_with("/evaluation/") || path.starts_with("/personal/") || path == "/retention/purge" || path == "/grants/read"
            || matches!(path.as_str(), "/goals" | "/plan" | "/plan/feed" | "/diary" | "/report" | "/library")
        {
            return self.content(req, &path).await;
        }
        self.chat_fetch(req, &url, &path).await
    }

    /// Closes the sockets of sessions that have ended, empties the trash of what is 30 days old, forgets uploads
    /// that never finished, pushes the activity to D1; then sleeps until the next of these is due.
    async fn alarm(&self) -> Result<Response> {
        let t = now();
        self.alarm_at.set(None);
        let mut next = match self.sessions_due.get() {
            Some(due) if due > t => (due != i64::MAX).then_some(due),
            _ => match self.chat_alarm(t) {
                Ok(at) => {
                    self.sessions_due.set(Some(at.unwrap_or(i64::MAX)));
                    at
                }
                Err(e) => {
                    worker::console_error!("project space: closing ended sessions: {e}");
                    Some(t + activity::RETRY_MS)
                }
            },
        };
        let mut soonest = |at: Option<i64>| {
            if let Some(at) = at {
                next = Some(next.map_or(at, |n| n.min(at)));
            }
        };
        match self.files_due.get() {
            Some(due) if due > t => soonest((due != i64::MAX).then_some(due)),
            _ => match self.sweep_files(t).await {
                Ok(at) => {
                    self.files_due.set(Some(at.unwrap_or(i64::MAX)));
                    soonest(at);
                }
                Err(e) => {
                    worker::console_error!("project space: folder housekeeping: {}", e.message);
                    self.files_due.set(None);
                    soonest(Some(t + activity::RETRY_MS));
                }
            },
        }
        // The process's reminders (sessions tomorrow, unsigned contracts, missing diaries, overdue objectives).
        match self.next_reminder(t) {
            Ok(Some(at)) if at <= t => match self.send_reminders(t).await {
                Ok(at) => soonest(at.map(|a| a.max(t + 1))),
                Err(e) => {
                    worker::console_error!("project space: reminders (tried again in {} s): {}", activity::RETRY_MS / 1000, e.message);
                    soonest(Some(t + activity::RETRY_MS));
                }
            },
            Ok(at) => soonest(at),
            Err(e) => worker::console_error!("project space: reminders: {}", e.message),
        }
        soonest(self.push_activity(t).await);
        if let Some(at) = next {
            self.wake_at(at.max(t + 1)).await?;
        }
        Response::ok("")
    }
}
