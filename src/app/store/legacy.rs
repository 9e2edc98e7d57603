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

/// Deletes a project's legacy rows (its space has them now).
pub async fn forget(db: &Db, project: &str) -> Result<(), ApiError> {
    let delete = |table: &str| stmt(db, &format!("DELETE FROM {table} WHERE project_id = ?1"), &[Arg::S(project)]);
    batch(db, vec![delete("private_messages")?, delete("file_versions")?, delete("folder_items")?, delete("uploads")?]).await.map(|_| ())
}
