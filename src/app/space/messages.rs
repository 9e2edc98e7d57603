//! The private messages between a project's members, in the project's space: threads (a thread's id is its first
//! message's), read state per recipient. The worker names the people (their display names are in D1).

use super::{ToRows, text, ProjectSpace};
use crate::domain::error::{ApiError, Invalid};
use serde::Serialize;
use worker::SqlStorageValue;

pub const SCHEMA: &[&str] = &[
    "CREATE TABLE IF NOT EXISTS private_messages (id TEXT PRIMARY KEY, thread_id TEXT NOT NULL, sender_id TEXT NOT NULL, \
     recipient_id TEXT NOT NULL, subject TEXT NOT NULL, body TEXT NOT NULL, created_at INTEGER NOT NULL, read_at INTEGER)",
    "CREATE INDEX IF NOT EXISTS private_messages_inbox ON private_messages (recipient_id, id)",
    "CREATE INDEX IF NOT EXISTS private_messages_sent ON private_messages (sender_id, id)",
    "CREATE INDEX IF NOT EXISTS private_messages_thread ON private_messages (thread_id, id)",
    // The browser's key of each message sent with one: the same key again answers the message already stored.
    "CREATE TABLE IF NOT EXISTS private_message_keys (sender_id TEXT NOT NULL, client_key TEXT NOT NULL, message_id TEXT NOT NULL, \
     PRIMARY KEY (sender_id, client_key))",
];

crate::app::store::row! {
    #[derive(Serialize, Clone)]
    /// A stored message, read strictly (every column must be there; `read_at` may be null).
    pub struct Row {
        pub id: String,
        pub thread_id: String,
        pub sender_id: String,
        pub recipient_id: String,
        pub subject: String,
        pub body: String,
        pub created_at: i64,
        pub read_at: Option<i64>,
    }
}

const COLUMNS: &str = "id, thread_id, sender_id, recipient_id, subject, body, created_at, read_at";

crate::domain::input::input! {
    #[derive(Serialize)]
    /// A message to store: checked by the worker (text, the sender's access); the object checks what only it knows
    /// (the message answered, and that the recipient is one of `members`, the project's active members).
    pub struct Send {
        pub id: String,
        pub to: String,
        pub reply_to: String,
        pub subject: String,
        pub body: String,
        /// "" when the browser sent none.
        pub client_key: String,
        pub at: i64,
        pub members: Vec<String>,
        pub writable: bool,
    }
}

crate::domain::input::input! {
    #[derive(Serialize)]
    /// A page of my inbox (`sent`: of what I sent), newest first, below the id `before` (`""`: from the newest).
    pub struct Page {
        pub sent: bool,
        pub before: String,
        pub limit: i64,
    }
}

crate::domain::input::input! {
    #[derive(Serialize)]
    pub struct Open {
        pub message: String,
        pub at: i64,
    }
}


impl ProjectSpace {
    /// Since when the oldest private message has waited for its recipient to write back to its sender (for the
    /// project's health: a time, never who or what).
    pub fn unanswered_since(&self) -> Result<Option<i64>, ApiError> {
        let n = super::raw_rows(self.sql.exec(
            // One pass: each pair's last message, then the oldest message sent after its recipient last wrote back.
            "WITH last AS (SELECT sender_id, recipient_id, MAX(created_at) AS at FROM private_messages GROUP BY sender_id, recipient_id) \
             SELECT COALESCE(MIN(m.created_at), 0) FROM private_messages m \
             LEFT JOIN last l ON l.sender_id = m.recipient_id AND l.recipient_id = m.sender_id WHERE m.created_at > COALESCE(l.at, 0)",
            None,
        )?)?;
        Ok(n.first().map(|r| super::int_at(r, 0)).transpose()?.filter(|v| *v > 0))
    }

    fn pm_rows(&self, sql: &str, args: Vec<SqlStorageValue>) -> Result<Vec<Row>, ApiError> {
        self.sql.exec(sql, args)?.to_rows::<Row>()
    }

    fn pm_one(&self, id: &str) -> Result<Option<Row>, ApiError> {
        Ok(self.pm_rows(&format!("SELECT {COLUMNS} FROM private_messages WHERE id = ?"), vec![text(id)])?.into_iter().next())
    }

    /// Stores a message from `me`: to `to`, or, answering `reply_to`, to its other party in its thread.
    pub fn pm_send(&self, me: &str, m: &Send) -> Result<Row, ApiError> {
        if !m.client_key.is_empty() {
            let sent = super::raw_rows(self.sql.exec(
                "SELECT message_id FROM private_message_keys WHERE sender_id = ? AND client_key = ?",
                vec![text(me), text(&m.client_key)],
            )?)?;
            if let Some(SqlStorageValue::String(id)) = sent.first().and_then(|r| r.first()) {
                return self.pm_one(id)?.ok_or_else(ApiError::internal);
            }
        }
        let (to, thread) = if m.reply_to.is_empty() {
            (m.to.clone(), m.id.clone())
        } else {
            let original = self
                .pm_one(&m.reply_to)?
                .filter(|o| o.sender_id == me || o.recipient_id == me)
                .ok_or_else(|| ApiError::from(Invalid::new("reply_to", "not_found", "The message you answer was not found.")))?;
            let other = if original.sender_id == me { original.recipient_id } else { original.sender_id };
            (other, original.thread_id)
        };
        if to == me {
            return Err(Invalid::new("to", "not_yourself", "Write to another member of the project.").into());
        }
        if !m.members.contains(&to) {
            return Err(Invalid::new("to", "not_member", "Write to a member of this project.").into());
        }
        if !m.writable {
            return Err(ApiError::conflict("read_only", "This project is not active: its messages can be read but not written."));
        }
        self.sql.exec(
            "INSERT INTO private_messages (id, thread_id, sender_id, recipient_id, subject, body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            vec![text(&m.id), text(&thread), text(me), text(&to), text(&m.subject), text(&m.body), SqlStorageValue::Integer(m.at)],
        )?;
        if !m.client_key.is_empty() {
            self.sql.exec(
                "INSERT INTO private_message_keys (sender_id, client_key, message_id) VALUES (?, ?, ?)",
                vec![text(me), text(&m.client_key), text(&m.id)],
            )?;
        }
        self.changed();
        self.pm_one(&m.id)?.ok_or_else(ApiError::internal)
    }

    /// A page of one member's inbox or sent messages in this project, and how many in their inbox are unread.
    pub fn pm_page(&self, me: &str, p: &Page) -> Result<(Vec<Row>, i64), ApiError> {
        let who = if p.sent { "sender_id" } else { "recipient_id" };
        let before = if p.before.is_empty() { "\u{10FFFF}" } else { p.before.as_str() };
        let rows = self.pm_rows(
            &format!("SELECT {COLUMNS} FROM private_messages WHERE {who} = ? AND id < ? ORDER BY id DESC LIMIT ?"),
            vec![text(me), text(before), SqlStorageValue::Integer(p.limit.clamp(1, 201))],
        )?;
        Ok((rows, self.pm_unread(me)?))
    }

    pub fn pm_unread(&self, me: &str) -> Result<i64, ApiError> {
        let n = super::raw_rows(self.sql.exec("SELECT COUNT(*) FROM private_messages WHERE recipient_id = ? AND read_at IS NULL", vec![text(me)])?)?;
        Ok(n.first().map_or(Ok(0), |r| super::int_at(r, 0))?)
    }

    /// The thread a message of mine belongs to, read by me now (None: no such message of mine here).
    pub fn pm_thread(&self, me: &str, o: &Open) -> Result<Option<(String, Vec<Row>)>, ApiError> {
        let Some(m) = self.pm_one(&o.message)?.filter(|m| m.sender_id == me || m.recipient_id == me) else { return Ok(None) };
        self.sql.exec(
            "UPDATE private_messages SET read_at = ? WHERE thread_id = ? AND recipient_id = ? AND read_at IS NULL",
            vec![SqlStorageValue::Integer(o.at), text(&m.thread_id), text(me)],
        )?;
        let items = self.pm_rows(&format!("SELECT {COLUMNS} FROM private_messages WHERE thread_id = ? ORDER BY id LIMIT 500"), vec![text(&m.thread_id)])?;
        Ok(Some((m.thread_id, items)))
    }

    /// My last messages with the others, newest first (the project home groups them per member).
    pub fn pm_with(&self, me: &str) -> Result<Vec<Row>, ApiError> {
        self.pm_rows(
            &format!(
                "SELECT {COLUMNS} FROM (SELECT * FROM private_messages WHERE sender_id = ?1 ORDER BY id DESC LIMIT 200) \
                 UNION SELECT {COLUMNS} FROM (SELECT * FROM private_messages WHERE recipient_id = ?1 ORDER BY id DESC LIMIT 200) \
                 ORDER BY id DESC LIMIT 200"
            ),
            vec![text(me)],
        )
    }
}
