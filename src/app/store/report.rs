//! What a mentee shared of the final report with the coordinator (a frozen copy), in D1.

use super::{all, batch, stmt, Arg, Db};
use crate::domain::error::ApiError;
use serde::Serialize;

pub struct Share<'a> {
    pub id: &'a str,
    pub project: &'a str,
    pub sections: &'a str,
    pub text: &'a str,
    pub by: &'a str,
    pub event_id: &'a str,
    pub now: i64,
}

/// The copy, and its line in the project's history, together; with the notices given.
pub async fn share(db: &Db, s: &Share<'_>, notices: Vec<worker::D1PreparedStatement>) -> Result<(), ApiError> {
    let mut statements = vec![
        stmt(
            db,
            "INSERT INTO report_shares (id, project_id, sections, text, shared_by, shared_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            &[Arg::S(s.id), Arg::S(s.project), Arg::S(s.sections), Arg::S(s.text), Arg::S(s.by), Arg::N(s.now)],
        )?,
        stmt(
            db,
            "INSERT INTO project_events (id, project_id, actor_id, action, from_state, to_state, note, at) VALUES (?1, ?2, ?3, 'report_shared', '', ?4, '', ?5)",
            &[Arg::S(s.event_id), Arg::S(s.project), Arg::S(s.by), Arg::S(s.sections), Arg::N(s.now)],
        )?,
    ];
    statements.extend(notices);
    batch(db, statements).await?;
    Ok(())
}

super::row! {
    #[derive(Serialize)]
    pub struct Shared {
        pub id: String,
        pub sections: String,
        pub text: String,
        pub shared_by: Option<String>,
        pub shared_by_name: Option<String>,
        pub shared_at: i64,
    }
}

pub async fn shares(db: &Db, project: &str) -> Result<Vec<Shared>, ApiError> {
    all(
        db,
        "SELECT s.id, s.sections, s.text, s.shared_by, u.display_name AS shared_by_name, s.shared_at FROM report_shares s \
         LEFT JOIN users u ON u.id = s.shared_by WHERE s.project_id = ?1 ORDER BY s.shared_at DESC LIMIT 20",
        &[Arg::S(project)],
    )
    .await
}

/// When the report was last shared, and which sections (no text), for the oversight panel.
pub fn last_share(db: &Db, project: &str) -> Result<worker::D1PreparedStatement, ApiError> {
    stmt(db, "SELECT sections, shared_at FROM report_shares WHERE project_id = ?1 ORDER BY shared_at DESC LIMIT 1", &[Arg::S(project)])
}
