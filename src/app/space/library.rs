//! The library in a project's space (#13): what its members shared from the library (a live reference, with why),
//! the paths of its own (cloned from the library with their origin and version, or written from scratch) and each
//! person's ticks on every path's steps. Private to the project, like the rest of its content; D1 only counts the
//! shares and clones of each library item. The worker checks the library's side (the item exists, is published,
//! is on the project's shelf) before it asks.

use super::{int, text, ProjectSpace};
use crate::domain::error::ApiError;
use serde::Serialize;
use serde_json::Value;
use worker::SqlStorageValue;

pub const SCHEMA: &[&str] = &[
    // kind: "share" (item_id: the library item, live) or "path" (item_id: the library path it was cloned from, or "").
    "CREATE TABLE IF NOT EXISTS lib_entries (id TEXT PRIMARY KEY, kind TEXT NOT NULL, item_id TEXT NOT NULL, item_kind TEXT NOT NULL, \
     version INTEGER NOT NULL, title TEXT NOT NULL, note TEXT NOT NULL, by_id TEXT NOT NULL, client_key TEXT NOT NULL UNIQUE, at INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS lib_steps (entry_id TEXT NOT NULL, n INTEGER NOT NULL, id TEXT NOT NULL, resource_id TEXT NOT NULL, \
     text TEXT NOT NULL, range_from INTEGER, range_to INTEGER, minutes INTEGER NOT NULL, PRIMARY KEY (entry_id, n))",
    "CREATE TABLE IF NOT EXISTS lib_ticks (entry_id TEXT NOT NULL, step_id TEXT NOT NULL, user_id TEXT NOT NULL, at INTEGER NOT NULL, \
     PRIMARY KEY (entry_id, step_id, user_id))",
    // A step that is an objective of one of the project's goals: ticking it done marks the objective done.
    "CREATE TABLE IF NOT EXISTS lib_links (entry_id TEXT NOT NULL, step_id TEXT NOT NULL, goal_id TEXT NOT NULL, objective_id TEXT NOT NULL, \
     PRIMARY KEY (entry_id, step_id))",
];

crate::domain::input::input! {
    #[derive(Serialize, Default)]
    /// A look at, or a change of, the project's library: who asks, what, and with what.
    pub struct Op {
        pub user_id: String,
        pub mentor: bool,
        /// list, share, path, tick, link, remove
        pub action: String,
        /// The entry: made (share, path) or named (tick, remove).
        pub entry: String,
        /// The library item shared, or the path cloned ("" for a path written here).
        pub item: String,
        pub item_kind: String,
        pub version: i64,
        pub title: String,
        pub note: String,
        /// A path's steps: `{id, resource, text, from, to, minutes}` each.
        pub steps: Vec<Value>,
        pub step: String,
        pub done: bool,
        /// The worker checked the step against the shared path's steps in the library.
        pub checked: bool,
        /// The goal and objective a step becomes ("" to undo).
        pub goal: String,
        pub objective: String,
        pub client_key: String,
        pub at: i64,
    }
}

/// The project's library as one JSON document, built by SQLite: its entries (newest first), the steps of its own
/// paths and everyone's ticks.
const LIST: &str = "SELECT json_object(\
    'entries', (SELECT json_group_array(json_object('id', id, 'kind', kind, 'item', item_id, 'item_kind', item_kind, 'version', version, \
        'title', title, 'note', note, 'by', by_id, 'at', at)) FROM (SELECT * FROM lib_entries ORDER BY at DESC, id)), \
    'steps', (SELECT json_group_array(json_object('entry', entry_id, 'id', id, 'n', n, 'resource_id', NULLIF(resource_id, ''), 'text', text, \
        'range_from', range_from, 'range_to', range_to, 'minutes', minutes)) FROM (SELECT * FROM lib_steps ORDER BY entry_id, n)), \
    'ticks', (SELECT json_group_array(json_object('entry', entry_id, 'step', step_id, 'user', user_id, 'at', at)) FROM lib_ticks), \
    'links', (SELECT json_group_array(json_object('entry', l.entry_id, 'step', l.step_id, 'goal', l.goal_id, 'objective', l.objective_id, \
        'title', o.title, 'done', json(CASE WHEN o.done_at IS NULL THEN 'false' ELSE 'true' END))) FROM lib_links l JOIN objectives o ON o.id = l.objective_id))";

fn refused(code: &'static str, message: &'static str) -> ApiError {
    ApiError::new(404, code, message)
}

impl ProjectSpace {
    /// The first column of the first row, as text (None: no row).
    fn lib_text(&self, sql: &str, args: Vec<SqlStorageValue>) -> Result<Option<String>, ApiError> {
        let rows = super::raw_rows(self.sql.exec(sql, args)?)?;
        Ok(rows.into_iter().next().and_then(|r| match r.into_iter().next() {
            Some(SqlStorageValue::String(s)) => Some(s),
            _ => None,
        }))
    }

    fn lib_list(&self) -> Result<Value, ApiError> {
        let doc = self.lib_text(LIST, Vec::new())?.ok_or_else(ApiError::internal)?;
        serde_json::from_str(&doc).map_err(|e| super::super::http::internal(e.to_string()))
    }

    pub fn library_op(&self, o: &Op) -> Result<Value, ApiError> {
        match o.action.as_str() {
            "list" => {}
            "share" | "path" => {
                // A repeat of the same client key stores nothing.
                if self.lib_text("SELECT id FROM lib_entries WHERE client_key = ?", vec![text(&o.client_key)])?.is_some() {
                    return Ok(serde_json::json!({"new": false, "library": self.lib_list()?}));
                }
                let kind = if o.action == "share" { "share" } else { "path" };
                self.sql.exec(
                    "INSERT INTO lib_entries (id, kind, item_id, item_kind, version, title, note, by_id, client_key, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    vec![text(&o.entry), text(kind), text(&o.item), text(&o.item_kind), int(o.version), text(&o.title), text(&o.note), text(&o.user_id), text(&o.client_key), int(o.at)],
                )?;
                for (n, s) in o.steps.iter().enumerate() {
                    let t = |k: &str| s.get(k).and_then(Value::as_str).unwrap_or("").to_string();
                    let i = |k: &str| s.get(k).and_then(Value::as_i64).map_or(SqlStorageValue::Null, int);
                    self.sql.exec(
                        "INSERT INTO lib_steps (entry_id, n, id, resource_id, text, range_from, range_to, minutes) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        vec![text(&o.entry), int(i64::try_from(n).unwrap_or(0)), text(&t("id")), text(&t("resource")), text(&t("text")), i("from"), i("to"), int(s.get("minutes").and_then(Value::as_i64).unwrap_or(0))],
                    )?;
                }
                self.changed();
                return Ok(serde_json::json!({"new": true, "library": self.lib_list()?}));
            }
            "tick" | "link" => {
                let (kind, item) = self
                    .lib_text("SELECT CASE WHEN kind = 'path' OR item_kind = 'path' THEN json_array(kind, item_id) END FROM lib_entries WHERE id = ?", vec![text(&o.entry)])?
                    .and_then(|j| serde_json::from_str::<(String, String)>(&j).ok())
                    .ok_or_else(|| refused("not_found", "This path is not in the project's library."))?;
                // A step of a path of the project's own is checked here; a shared path's in the library, by the worker,
                // which asks again once it has (`checked`).
                if kind == "path" && self.lib_text("SELECT id FROM lib_steps WHERE entry_id = ? AND id = ?", vec![text(&o.entry), text(&o.step)])?.is_none() {
                    return Err(refused("not_found", "This step is not on the path."));
                }
                if kind == "share" && !o.checked {
                    return Ok(serde_json::json!({"check": item}));
                }
                let (entry, step) = (text(&o.entry), text(&o.step));
                if o.action == "link" {
                    if !o.objective.is_empty() && self.lib_text("SELECT id FROM objectives WHERE id = ? AND goal_id = ?", vec![text(&o.objective), text(&o.goal)])?.is_none() {
                        return Err(ApiError::new(422, "not_found", "This objective is not among the project's goals.").with_field("objective"));
                    }
                    self.sql.exec("DELETE FROM lib_links WHERE entry_id = ? AND step_id = ?", vec![entry.clone(), step.clone()])?;
                    if !o.objective.is_empty() {
                        self.sql.exec("INSERT INTO lib_links (entry_id, step_id, goal_id, objective_id) VALUES (?, ?, ?, ?)", vec![entry, step, text(&o.goal), text(&o.objective)])?;
                    }
                    self.changed();
                    return Ok(serde_json::json!({"library": self.lib_list()?}));
                }
                if o.done {
                    self.sql.exec("INSERT INTO lib_ticks (entry_id, step_id, user_id, at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING", vec![entry.clone(), step.clone(), text(&o.user_id), int(o.at)])?;
                } else {
                    self.sql.exec("DELETE FROM lib_ticks WHERE entry_id = ? AND step_id = ? AND user_id = ?", vec![entry.clone(), step.clone(), text(&o.user_id)])?;
                }
                self.changed();
                // Ticked done: the objective it stands for, for the worker to mark done (by the goals' rules).
                let link = self.lib_text("SELECT json_array(goal_id, objective_id) FROM lib_links WHERE entry_id = ? AND step_id = ?", vec![entry, step])?;
                let objective: Value = link.filter(|_| o.done).and_then(|l| serde_json::from_str(&l).ok()).unwrap_or(Value::Null);
                return Ok(serde_json::json!({"objective": objective, "library": self.lib_list()?}));
            }
            "remove" => {
                let by = self.lib_text("SELECT by_id FROM lib_entries WHERE id = ?", vec![text(&o.entry)])?.ok_or_else(|| refused("not_found", "This is not in the project's library."))?;
                if by != o.user_id && !o.mentor {
                    return Err(ApiError::new(403, "not_allowed", "Who added it, or the mentor, removes it."));
                }
                for sql in ["DELETE FROM lib_ticks WHERE entry_id = ?", "DELETE FROM lib_links WHERE entry_id = ?", "DELETE FROM lib_steps WHERE entry_id = ?", "DELETE FROM lib_entries WHERE id = ?"] {
                    self.sql.exec(sql, vec![text(&o.entry)])?;
                }
                self.changed();
            }
            _ => return Err(ApiError::not_found()),
        }
        Ok(serde_json::json!({"library": self.lib_list()?}))
    }
}
