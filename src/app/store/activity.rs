//! Each project's activity, as its space pushes it (counts and dates per tool; never text): what coordinators,
//! health, digests and reports read without opening a project's private content.

use super::{Arg, Db};
use crate::domain::error::ApiError;
use serde::Serialize;

super::row! {
    #[derive(Serialize)]
    pub struct Activity {
        pub project_id: String,
        pub chat_messages: i64,
        pub chat_last_at: Option<i64>,
        /// In the 7 days before `at`.
        pub chat_week: i64,
        pub private_messages: i64,
        pub messages_last_at: Option<i64>,
        pub messages_week: i64,
        /// Live files, and the bytes of every version (the trash's too).
        pub files: i64,
        pub file_bytes: i64,
        pub files_last_at: Option<i64>,
        /// One more on every push from the project's space: D1 keeps only a newer one.
        pub version: i64,
        pub at: i64,
    }
}

fn opt_n(v: Option<i64>) -> Arg<'static> {
    v.map_or(Arg::Null, Arg::N)
}

/// Stores a project's activity and its process's figures unless D1 already has a newer version (or the project is
/// gone), in one batch.
pub async fn push(db: &Db, a: &Activity, progress: &super::journey::Progress) -> Result<(), ApiError> {
    let activity = super::stmt(
        db,
        "INSERT INTO project_activity (project_id, chat_messages, chat_last_at, chat_week, private_messages, messages_last_at, \
           messages_week, files, file_bytes, files_last_at, version, at) \
         SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12 WHERE EXISTS (SELECT 1 FROM projects WHERE id = ?1) \
         ON CONFLICT (project_id) DO UPDATE SET chat_messages = excluded.chat_messages, chat_last_at = excluded.chat_last_at, \
           chat_week = excluded.chat_week, private_messages = excluded.private_messages, messages_last_at = excluded.messages_last_at, \
           messages_week = excluded.messages_week, files = excluded.files, file_bytes = excluded.file_bytes, \
           files_last_at = excluded.files_last_at, version = excluded.version, at = excluded.at \
         WHERE excluded.version > project_activity.version",
        &[
            Arg::S(&a.project_id),
            Arg::N(a.chat_messages),
            opt_n(a.chat_last_at),
            Arg::N(a.chat_week),
            Arg::N(a.private_messages),
            opt_n(a.messages_last_at),
            Arg::N(a.messages_week),
            Arg::N(a.files),
            Arg::N(a.file_bytes),
            opt_n(a.files_last_at),
            Arg::N(a.version),
            Arg::N(a.at),
        ],
    )?;
    super::batch(db, vec![activity, super::journey::push(db, progress)?]).await.map(|_| ())
}

/// A project's activity as last pushed, as a statement for the project page's batch (no row: nothing happened in its
/// space yet).
pub fn of(db: &Db, project: &str) -> Result<worker::D1PreparedStatement, ApiError> {
    super::stmt(
        db,
        "SELECT project_id, chat_messages, chat_last_at, chat_week, private_messages, messages_last_at, messages_week, files, \
           file_bytes, files_last_at, version, at FROM project_activity WHERE project_id = ?1",
        &[Arg::S(project)],
    )
}
