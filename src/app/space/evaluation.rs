//! Evaluation answers the project may read (#12), in the project's space: each request's project-readable answers,
//! stored once (the first submission wins; the same client key again is the same submission). Who may read them,
//! and when, the worker decides from D1 (the pair's reveal rule); this part only keeps them.

use super::{ToRows, text, ProjectSpace};
use crate::domain::error::ApiError;
use serde::Serialize;

pub const SCHEMA: &[&str] = &["CREATE TABLE IF NOT EXISTS evaluation_answers (request_id TEXT PRIMARY KEY, respondent TEXT NOT NULL, \
     answers TEXT NOT NULL, client_key TEXT NOT NULL, at INTEGER NOT NULL)"];

crate::domain::input::input! {
    #[derive(Serialize)]
    /// A submission's project-readable answers (`answers`: a JSON object by question key).
    pub struct Put {
        pub request_id: String,
        pub respondent: String,
        pub answers: serde_json::Value,
        pub client_key: String,
        pub at: i64,
    }
}

crate::domain::input::input! {
    #[derive(Serialize)]
    pub struct Read {
        pub ids: Vec<String>,
    }
}

crate::app::store::row! {
    #[derive(Serialize, Clone)]
    pub struct Stored {
        pub request_id: String,
        pub respondent: String,
        pub answers: String,
        pub client_key: String,
        pub at: i64,
    }
}

impl ProjectSpace {
    /// Keeps a submission's answers, once: a second submission with another client key is refused.
    pub fn evaluation_put(&self, p: &Put) -> Result<(), ApiError> {
        let rows: Vec<Stored> = self
            .sql
            .exec("SELECT request_id, respondent, answers, client_key, at FROM evaluation_answers WHERE request_id = ?", vec![text(&p.request_id)])?
            .to_rows()?;
        if let Some(r) = rows.first() {
            return if r.client_key == p.client_key { Ok(()) } else { Err(ApiError::conflict("already_submitted", "This form has already been answered.")) };
        }
        self.sql.exec(
            "INSERT INTO evaluation_answers (request_id, respondent, answers, client_key, at) VALUES (?, ?, ?, ?, ?)",
            vec![text(&p.request_id), text(&p.respondent), text(&p.answers.to_string()), text(&p.client_key), super::int(p.at)],
        )?;
        Ok(())
    }

    /// The answers of these requests (those the worker found the reader may see).
    pub fn evaluation_read(&self, r: &Read) -> Result<Vec<serde_json::Value>, ApiError> {
        let ids = serde_json::to_string(&r.ids).map_err(|_| ApiError::internal())?;
        let rows: Vec<Stored> = self
            .sql
            .exec("SELECT request_id, respondent, answers, client_key, at FROM evaluation_answers WHERE request_id IN (SELECT value FROM json_each(?))", vec![text(&ids)])?
            .to_rows()?;
        Ok(rows
            .into_iter()
            .map(|s| serde_json::json!({"request_id": s.request_id, "respondent": s.respondent, "at": s.at, "answers": serde_json::from_str::<serde_json::Value>(&s.answers).unwrap_or_default()}))
            .collect())
    }
}
