//! The e-mail outbox: claiming due messages, recording the outcome, housekeeping.

use super::{all, batch, run, stmt, Arg};
use crate::domain::error::ApiError;
use crate::domain::outbox::Status;
use worker::D1Database;

super::row! {
    pub struct Due {
        pub id: String,
        pub to_email: String,
        pub subject: String,
        pub body: String,
        pub attempts: i64,
    }
}

pub async fn due(db: &D1Database, now: i64, limit: i64) -> Result<Vec<Due>, ApiError> {
    all(
        db,
        "SELECT id, to_email, subject, body, attempts FROM outbox WHERE status = 'pending' AND next_attempt_at <= ?1 ORDER BY id LIMIT ?2",
        &[Arg::N(now), Arg::N(limit)],
    )
    .await
}

/// Claims a message for one delivery attempt: only one runner wins it, so nothing is sent twice. The claim pushes
/// the next attempt out, so a runner that dies mid-send is retried later rather than lost.
pub async fn claim(db: &D1Database, m: &Due, now: i64, lease_ms: i64) -> Result<bool, ApiError> {
    let changed = run(
        db,
        "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?3 WHERE id = ?1 AND status = 'pending' AND attempts = ?2",
        &[Arg::S(&m.id), Arg::N(m.attempts), Arg::N(now + lease_ms)],
    )
    .await?;
    Ok(changed == 1)
}

pub async fn record(
    db: &D1Database,
    id: &str,
    status: Status,
    next_attempt: Option<i64>,
    error: Option<&str>,
    now: i64,
) -> Result<(), ApiError> {
    run(
        db,
        "UPDATE outbox SET status = ?2, next_attempt_at = COALESCE(?3, next_attempt_at), last_error = ?4, \
           sent_at = CASE WHEN ?2 = 'sent' THEN ?5 ELSE sent_at END WHERE id = ?1",
        &[Arg::S(id), Arg::S(status.as_str()), next_attempt.map_or(Arg::Null, Arg::N), super::opt(error), Arg::N(now)],
    )
    .await
    .map(|_| ())
}

/// Forgets what is no longer needed: old login failures, spent or expired tokens, dead sessions.
pub async fn housekeeping(db: &D1Database, now: i64, failures_before: i64, sessions_idle_before: i64, sessions_born_before: i64) -> Result<(), ApiError> {
    batch(
        db,
        vec![
            stmt(db, "DELETE FROM login_failures WHERE at < ?1", &[Arg::N(failures_before)])?,
            stmt(db, "DELETE FROM email_tokens WHERE expires_at < ?1", &[Arg::N(now)])?,
            stmt(
                db,
                "DELETE FROM sessions WHERE last_seen_at < ?1 OR created_at < ?2",
                &[Arg::N(sessions_idle_before), Arg::N(sessions_born_before)],
            )?,
        ],
    )
    .await
    .map(|_| ())
}
