//! The move of a project's private content out of D1: the first time a space is asked for its messages or its
//! folder, it copies the project's rows from the legacy D1 tables (ids and all, so links keep working) and then has
//! them deleted from D1. The copy is idempotent: a move cut short is finished by the next request.

use super::{raw_rows, ProjectSpace};
use crate::app::store::legacy::{self as store, ITEM_COLUMNS, MESSAGE_COLUMNS, UPLOAD_COLUMNS, VERSION_COLUMNS};
use crate::app::store::{Db, Start};
use crate::domain::error::ApiError;
use serde_json::Value;
use worker::SqlStorageValue;

fn value(v: Option<&Value>) -> SqlStorageValue {
    match v {
        Some(Value::String(s)) => SqlStorageValue::String(s.clone()),
        Some(Value::Number(n)) => n.as_i64().map_or_else(|| SqlStorageValue::Float(n.as_f64().unwrap_or(0.0)), SqlStorageValue::Integer),
        Some(Value::Bool(b)) => SqlStorageValue::Integer(i64::from(*b)),
        _ => SqlStorageValue::Null,
    }
}

impl ProjectSpace {
    fn copy(&self, table: &str, columns: &[&str], rows: &[Value]) -> worker::Result<()> {
        let marks = vec!["?"; columns.len()].join(", ");
        let sql = format!("INSERT OR IGNORE INTO {table} ({}) VALUES ({marks})", columns.join(", "));
        for row in rows {
            self.sql.exec(&sql, columns.iter().map(|c| value(row.get(*c))).collect::<Vec<_>>())?;
        }
        Ok(())
    }

    /// Moves the project's rows out of D1's legacy tables, once (`force`: look again even after a move, as the cron
    /// does for a project it still finds there).
    pub(super) async fn import_legacy(&self, force: bool) -> Result<(), ApiError> {
        if !force && self.imported.get() {
            return Ok(());
        }
        let done = raw_rows(self.sql.exec("SELECT 1 FROM meta WHERE key = 'legacy_moved'", None)?)?;
        if !force && !done.is_empty() {
            self.imported.set(true);
            return Ok(());
        }
        let project = self.project()?;
        let db = Db::open(&self.env, Start::Primary)?;
        let legacy = store::read(&db, &project).await?;
        // Another request may have moved them while this one waited: what it moved may have changed since (a
        // purge, a deletion), and a second copy would bring it back.
        if !force && self.imported.get() {
            return Ok(());
        }
        if !legacy.is_empty() {
            self.copy("private_messages", MESSAGE_COLUMNS, &legacy.messages)?;
            self.copy("folder_items", ITEM_COLUMNS, &legacy.items)?;
            self.copy("file_versions", VERSION_COLUMNS, &legacy.versions)?;
            self.copy("uploads", UPLOAD_COLUMNS, &legacy.uploads)?;
            store::forget(&db, &project, &legacy).await?;
            self.changed();
            self.files_due.set(None);
            self.wake_by(super::now());
        }
        self.sql.exec("INSERT INTO meta (key, value) VALUES ('legacy_moved', '1') ON CONFLICT (key) DO NOTHING", None)?;
        self.imported.set(true);
        Ok(())
    }
}
