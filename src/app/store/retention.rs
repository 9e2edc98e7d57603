//! Pruning: notifications, delivered mail and old audit entries leave D1, a chunk at a time (the cron runs it every
//! minute). Each statement reads through an index and deletes at most `CHUNK` rows.

use super::{all, batch, changes, run, stmt, Arg, Db};
use crate::domain::error::ApiError;
use crate::domain::retention::{Cutoffs, CHUNK};
use serde_json::Value;

/// Deletes a chunk of what is past keeping; how many rows went.
pub async fn prune(db: &Db, c: &Cutoffs) -> Result<usize, ApiError> {
    let results = batch(
        db,
        vec![
            stmt(
                db,
                "DELETE FROM notifications WHERE id IN (SELECT id FROM notifications WHERE read_at < ?1 LIMIT ?2)",
                &[Arg::N(c.read_notices), Arg::N(CHUNK)],
            )?,
            stmt(
                db,
                "DELETE FROM notifications WHERE id IN (SELECT id FROM notifications WHERE read_at IS NULL AND created_at < ?1 LIMIT ?2)",
                &[Arg::N(c.unread_notices), Arg::N(CHUNK)],
            )?,
            stmt(
                db,
                "DELETE FROM outbox WHERE id IN (SELECT id FROM outbox WHERE status IN ('sent', 'failed') AND created_at < ?1 LIMIT ?2)",
                &[Arg::N(c.outbox), Arg::N(CHUNK)],
            )?,
        ],
    )
    .await?;
    Ok(results.iter().map(changes).sum())
}

/// The oldest audit entries from before `before`, oldest first, as whole rows (a chunk).
pub async fn old_audit(db: &Db, before: i64) -> Result<Vec<Value>, ApiError> {
    all(
        db,
        "SELECT id, actor_id, action, target_type, target_id, before_json, after_json, at FROM audit_log WHERE at < ?1 ORDER BY at, id LIMIT ?2",
        &[Arg::N(before), Arg::N(CHUNK)],
    )
    .await
}

/// Removes archived audit entries.
pub async fn forget_audit(db: &Db, ids: &[&str]) -> Result<usize, ApiError> {
    let list = serde_json::to_string(ids).map_err(|_| ApiError::internal())?;
    run(db, "DELETE FROM audit_log WHERE id IN (SELECT value FROM json_each(?1))", &[Arg::S(&list)]).await
}

/// Where a chunk of archived audit entries goes in R2: by the month of its first entry, named by its first and last
/// ids (archiving the same chunk again writes the same object).
pub fn audit_archive_key(first_at: i64, first_id: &str, last_id: &str) -> String {
    let (y, m) = crate::domain::retention::year_month(first_at);
    format!("archive/audit/{y:04}/{m:02}/{first_id}-{last_id}.jsonl")
}
