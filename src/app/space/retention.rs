//! A finished project's content leaves its space when its community's retention is past (#14): everything but the
//! space's metadata and counts. The files' objects are noted as doomed first; the space's alarm deletes them.

use super::ProjectSpace;
use crate::domain::error::ApiError;
use crate::domain::retention::SPACE_KEPT;
use serde_json::Value;

impl ProjectSpace {
    /// Deletes the content; answers how many tables it emptied.
    pub fn retention_purge(&self) -> Result<Value, ApiError> {
        self.sql.exec("INSERT OR IGNORE INTO doomed (r2_key) SELECT r2_key FROM file_versions", None)?;
        self.sql.exec("INSERT OR IGNORE INTO doomed (r2_key) SELECT r2_key FROM uploads", None)?;
        let tables: Vec<Value> = self
            .sql
            .exec("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_cf%' ESCAPE '\\' AND name NOT LIKE 'sqlite%'", None)?
            .to_array()?;
        let mut emptied = 0;
        for t in tables.iter().filter_map(|t| t.get("name").and_then(Value::as_str)).filter(|t| !SPACE_KEPT.contains(t)) {
            self.sql.exec(&format!("DELETE FROM \"{t}\""), None)?;
            emptied += 1;
        }
        self.set_read_only(true)?;
        self.files_due_by(super::now());
        Ok(serde_json::json!({"tables": emptied}))
    }
}
