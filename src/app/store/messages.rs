//! Private messages.

use super::{all, first, run, Arg};
use crate::domain::error::ApiError;
use serde::Serialize;
use super::Db;

super::row! {
    #[derive(Serialize)]
    pub struct MessageRow {
        pub id: String,
        pub project_id: String,
        pub project_title: String,
        pub thread_id: String,
        pub sender_id: String,
        pub sender_name: String,
        pub recipient_id: String,
        pub recipient_name: String,
        pub subject: String,
        pub body: String,
        pub created_at: i64,
        pub read_at: Option<i64>,
    }
}

const MESSAGE: &str = "m.id, m.project_id, p.title AS project_title, m.thread_id, m.sender_id, s.display_name AS sender_name, \
    m.recipient_id, r.display_name AS recipient_name, m.subject, m.body, m.created_at, m.read_at \
    FROM private_messages m JOIN projects p ON p.id = m.project_id \
    JOIN users s ON s.id = m.sender_id JOIN users r ON r.id = m.recipient_id";

pub async fn message(db: &Db, id: &str) -> Result<Option<MessageRow>, ApiError> {
    first(db, &format!("SELECT {MESSAGE} WHERE m.id = ?1"), &[Arg::S(id)]).await
}

/// Is this person an active member of the project?
pub async fn is_member(db: &Db, project: &str, user: &str) -> Result<bool, ApiError> {
    let n: Option<super::Count> = first(
        db,
        "SELECT COUNT(*) AS n FROM project_members pm JOIN users u ON u.id = pm.user_id \
         WHERE pm.project_id = ?1 AND pm.user_id = ?2 AND pm.status = 'active' AND u.status = 'active'",
        &[Arg::S(project), Arg::S(user)],
    )
    .await?;
    Ok(n.is_some_and(|n| n.n > 0))
}

pub struct NewMessage<'a> {
    pub id: &'a str,
    pub project: &'a str,
    pub thread: &'a str,
    pub from: &'a str,
    pub to: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
    pub now: i64,
}

pub async fn insert(db: &Db, m: &NewMessage<'_>) -> Result<(), ApiError> {
    run(
        db,
        "INSERT INTO private_messages (id, project_id, thread_id, sender_id, recipient_id, subject, body, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        &[Arg::S(m.id), Arg::S(m.project), Arg::S(m.thread), Arg::S(m.from), Arg::S(m.to), Arg::S(m.subject), Arg::S(m.body), Arg::N(m.now)],
    )
    .await
    .map(|_| ())
}

/// Inbox (received) or sent, newest first; the unread count comes with it.
pub async fn mailbox(db: &Db, user: &str, sent: bool, cursor: &str, limit: i64) -> Result<(Vec<MessageRow>, i64), ApiError> {
    let who = if sent { "m.sender_id" } else { "m.recipient_id" };
    let results = super::batch(
        db,
        vec![
            super::stmt(
                db,
                &format!("SELECT {MESSAGE} WHERE {who} = ?1 AND m.id < ?2 ORDER BY m.id DESC LIMIT ?3"),
                &[Arg::S(user), super::below(cursor), Arg::N(limit + 1)],
            )?,
            unread_stmt(db, user)?,
        ],
    )
    .await?;
    Ok((super::rows(&results, 0)?, super::one::<super::Count>(&results, 1)?.map_or(0, |n| n.n)))
}

fn unread_stmt(db: &Db, user: &str) -> Result<worker::D1PreparedStatement, ApiError> {
    super::stmt(db, "SELECT COUNT(*) AS n FROM private_messages WHERE recipient_id = ?1 AND read_at IS NULL", &[Arg::S(user)])
}

pub async fn thread(db: &Db, thread: &str) -> Result<Vec<MessageRow>, ApiError> {
    all(db, &format!("SELECT {MESSAGE} WHERE m.thread_id = ?1 ORDER BY m.id LIMIT 500"), &[Arg::S(thread)]).await
}

pub async fn mark_thread_read(db: &Db, thread: &str, user: &str, now: i64) -> Result<(), ApiError> {
    run(
        db,
        "UPDATE private_messages SET read_at = ?3 WHERE thread_id = ?1 AND recipient_id = ?2 AND read_at IS NULL",
        &[Arg::S(thread), Arg::S(user), Arg::N(now)],
    )
    .await
    .map(|_| ())
}

/// In a project, the messages between me and the others, newest first (the home page groups them per member).
/// The project page (its members) and my last messages with each of them, in one round trip.
pub async fn in_project(db: &Db, project: &str, me: &str) -> Result<(super::mentoring::Page, Vec<MessageRow>), ApiError> {
    let mut statements = super::mentoring::page_reads(db, project)?;
    statements.push(super::stmt(
        db,
        &format!("SELECT {MESSAGE} WHERE m.project_id = ?1 AND (m.sender_id = ?2 OR m.recipient_id = ?2) ORDER BY m.id DESC LIMIT 200"),
        &[Arg::S(project), Arg::S(me)],
    )?);
    let results = super::batch(db, statements).await?;
    Ok((super::mentoring::page_rows(&results)?, super::rows(&results, super::mentoring::PAGE_READS)?))
}
