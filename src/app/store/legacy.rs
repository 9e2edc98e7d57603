//! Before each project had its own space, its private messages and its folder were in D1 (the tables marked legacy
//! in schema.sql). A project's space moves its own rows out the first time it is asked (`space::legacy`): read here
//! in one round trip, then deleted here in one batch once the space has them.

use super::{batch, rows, stmt, Arg, Db};
use crate::domain::error::ApiError;
use serde_json::Value;

/// A project's rows in the legacy tables: private messages, folder items, file versions, uploads in flight.
pub struct Legacy {
    pub messages: Vec<Value>,
    pub items: Vec<Value>,
    pub versions: Vec<Value>,
    pub uploads: Vec<Value>,
}

impl Legacy {
    pub fn is_empty(&self) -> bool {
        self.messages.is_empty() && self.items.is_empty() && self.versions.is_empty() && self.uploads.is_empty()
    }
}

pub const MESSAGE_COLUMNS: &[&str] = &["id", "thread_id", "sender_id", "recipient_id", "subject", "body", "created_at", "read_at"];
pub const ITEM_COLUMNS: &[&str] = &[
    "id", "parent_id", "kind", "name", "name_key", "version_id", "size", "content_type", "versions", "created_by", "created_at",
    "updated_by", "updated_at", "deleted_at", "deleted_by", "trash_id",
];
pub const VERSION_COLUMNS: &[&str] = &["id", "item_id", "number", "r2_key", "size", "content_type", "uploaded_by", "created_at"];
pub const UPLOAD_COLUMNS: &[&str] = &["id", "r2_key", "started_at"];

pub async fn read(db: &Db, project: &str) -> Result<Legacy, ApiError> {
    let select = |table: &str, columns: &[&str]| stmt(db, &format!("SELECT {} FROM {table} WHERE project_id = ?1", columns.join(", ")), &[Arg::S(project)]);
    let results = batch(
        db,
        vec![
            select("private_messages", MESSAGE_COLUMNS)?,
            select("folder_items", ITEM_COLUMNS)?,
            select("file_versions", VERSION_COLUMNS)?,
            select("uploads", UPLOAD_COLUMNS)?,
        ],
    )
    .await?;
    Ok(Legacy { messages: rows(&results, 0)?, items: rows(&results, 1)?, versions: rows(&results, 2)?, uploads: rows(&results, 3)? })
}

/// Deletes the legacy rows a space has copied (by their ids: a row written meanwhile stays, for the next move).
pub async fn forget(db: &Db, project: &str, legacy: &Legacy) -> Result<(), ApiError> {
    let ids = |rows: &[Value]| -> Result<String, ApiError> {
        let ids: Vec<&str> = rows.iter().filter_map(|r| r.get("id").and_then(Value::as_str)).collect();
        serde_json::to_string(&ids).map_err(|_| ApiError::internal())
    };
    let delete = |table: &str, list: &str| {
        stmt(db, &format!("DELETE FROM {table} WHERE project_id = ?1 AND id IN (SELECT value FROM json_each(?2))"), &[Arg::S(project), Arg::S(list)])
    };
    let (m, v, i, u) = (ids(&legacy.messages)?, ids(&legacy.versions)?, ids(&legacy.items)?, ids(&legacy.uploads)?);
    batch(db, vec![delete("private_messages", &m)?, delete("file_versions", &v)?, delete("folder_items", &i)?, delete("uploads", &u)?]).await.map(|_| ())
}

super::row! {
    struct ProjectRow {
        project_id: String,
    }
}

/// Some projects that still have rows in the legacy tables (the cron wakes their spaces, which move them).
pub async fn pending(db: &Db) -> Result<Vec<String>, ApiError> {
    let first = |table: &str| stmt(db, &format!("SELECT project_id FROM {table} WHERE project_id > '' LIMIT 10"), &[]);
    let results = batch(db, vec![first("private_messages")?, first("folder_items")?, first("file_versions")?, first("uploads")?]).await?;
    let mut projects: Vec<String> = Vec::new();
    for i in 0..4 {
        for r in rows::<ProjectRow>(&results, i)? {
            if !projects.contains(&r.project_id) {
                projects.push(r.project_id);
            }
        }
    }
    Ok(projects)
}
