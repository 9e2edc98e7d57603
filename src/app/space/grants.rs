//! Reads through a break-glass grant (#14): a page of the chat or of the private messages, the folder's list, or the
//! process's records, as they are. The worker checked the grant, logs the read and names the people.

use super::ProjectSpace;
use crate::domain::error::ApiError;
use crate::domain::grants::PROCESS_TABLES;
use serde_json::{json, Value};

crate::domain::input::input! {
    pub struct Read {
        pub scope: String,
        pub before: Option<i64>,
    }
}

/// Chat messages and private messages per page.
const PAGE: i64 = 100;

impl ProjectSpace {
    pub fn grant_read(&self, r: &Read) -> Result<Value, ApiError> {
        let before = r.before.unwrap_or(i64::MAX);
        let page = |sql: &str| -> Result<Value, ApiError> {
            let mut rows: Vec<Value> = self.sql.exec(sql, vec![super::int(before), super::int(PAGE + 1)])?.to_array()?;
            let more = rows.len() > usize::try_from(PAGE).unwrap_or(100);
            rows.truncate(usize::try_from(PAGE).unwrap_or(100));
            Ok(json!({"items": rows, "more": more}))
        };
        match r.scope.as_str() {
            "chat" => page("SELECT seq, author_id, author_name, text, at FROM messages WHERE seq < ? ORDER BY seq DESC LIMIT ?"),
            "messages" => page(
                "SELECT rowid AS n, id, thread_id, sender_id, recipient_id, subject, body, created_at, read_at FROM private_messages \
                 WHERE rowid < ? ORDER BY rowid DESC LIMIT ?",
            ),
            "folder" => Ok(json!({"items": self.folder_all()?})),
            "process" => {
                let mut out = serde_json::Map::new();
                for t in PROCESS_TABLES {
                    let mut rows: Vec<Value> = self.sql.exec(&format!("SELECT * FROM {t} LIMIT 1000"), None)?.to_array()?;
                    for row in &mut rows {
                        if let Some(o) = row.as_object_mut() {
                            o.remove("client_key");
                        }
                    }
                    out.insert((*t).to_string(), Value::Array(rows));
                }
                Ok(Value::Object(out))
            }
            _ => Err(ApiError::not_found()),
        }
    }
}
