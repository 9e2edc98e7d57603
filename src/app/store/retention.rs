//! Pruning: notifications, delivered mail and old audit entries leave D1, a chunk at a time (the cron runs it every
//! minute). Each statement reads through an index and deletes at most `CHUNK` rows. And the communities' retention
//! of finished projects' content (#14): their settings, the projects past it, and the record that it is gone.

use super::{all, audit, batch, changes, row, stmt, Arg, Audit, Before, Db};
use crate::domain::error::ApiError;
use crate::domain::retention::{Cutoffs, Privacy, CHUNK, DEFAULT_MONTHS, MONTH_MS};
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
        // Not entries naming someone whose erasure has begun: they are archived once it has made them as it does.
        "SELECT id, actor_id, action, target_type, target_id, before_json, after_json, at FROM audit_log a WHERE at < ?1 \
           AND NOT EXISTS (SELECT 1 FROM erasures e WHERE e.asked_at = 0 AND (e.user_id = a.actor_id OR (a.target_type = 'user' AND e.user_id = a.target_id))) \
         ORDER BY at, id LIMIT ?2",
        &[Arg::N(before), Arg::N(CHUNK)],
    )
    .await
}

/// Removes archived audit entries, and notes which people the chunk at `key` names (as actor, or as the account acted
/// on): an erasure rewrites only those chunks.
pub async fn forget_audit(db: &Db, ids: &[&str], key: &str, people: &[&str]) -> Result<(), ApiError> {
    let list = serde_json::to_string(ids).map_err(|_| ApiError::internal())?;
    let people = serde_json::to_string(people).map_err(|_| ApiError::internal())?;
    batch(
        db,
        vec![
            stmt(db, "INSERT OR IGNORE INTO audit_archived (user_id, r2_key) SELECT DISTINCT value, ?2 FROM json_each(?1)", &[Arg::S(&people), Arg::S(key)])?,
            stmt(db, "DELETE FROM audit_log WHERE id IN (SELECT value FROM json_each(?1))", &[Arg::S(&list)])?,
        ],
    )
    .await
    .map(|_| ())
}

/// The archived audit chunks that name a person.
pub async fn archived_naming(db: &Db, user: &str) -> Result<Vec<String>, ApiError> {
    let keys: Vec<super::accounts::Id> = all(db, "SELECT r2_key AS id FROM audit_archived WHERE user_id = ?1", &[Arg::S(user)]).await?;
    Ok(keys.into_iter().map(|k| k.id).collect())
}

/// Where a chunk of archived audit entries goes in R2: by the month of its first entry, named by its first and last
/// ids (archiving the same chunk again writes the same object).
pub fn audit_archive_key(first_at: i64, first_id: &str, last_id: &str) -> String {
    let (y, m) = crate::domain::retention::year_month(first_at);
    format!("{AUDIT_ARCHIVE}{y:04}/{m:02}/{first_id}-{last_id}.jsonl")
}

/// Where every archived audit chunk is, in R2.
pub const AUDIT_ARCHIVE: &str = "archive/audit/";

/// The archived audit's content type (JSON lines).
pub fn audit_archive_meta() -> worker::HttpMetadata {
    worker::HttpMetadata { content_type: Some("application/x-ndjson".into()), ..Default::default() }
}

/// A community's privacy settings (retention, controller), with their audit entry, in one batch.
pub async fn set_privacy(db: &Db, community: &str, p: &Privacy, a: &Audit<'_>) -> Result<(), ApiError> {
    batch(
        db,
        vec![
            audit(db, a, Before::Nothing)?,
            stmt(
                db,
                "INSERT INTO community_privacy (community_id, retention_months, controller, updated_at) VALUES (?1, ?2, ?3, ?4) \
                 ON CONFLICT (community_id) DO UPDATE SET retention_months = ?2, controller = ?3, updated_at = ?4",
                &[Arg::S(community), Arg::N(p.retention_months), Arg::S(&p.controller), Arg::N(a.now)],
            )?,
        ],
    )
    .await
    .map(|_| ())
}

row! {
    /// A finished project whose content is past its community's retention.
    pub struct Due {
        pub id: String,
        pub was_active: i64,
        pub months: i64,
        pub updated_at: i64,
    }
}

/// Finished projects past their community's retention whose content is still there, longest finished first (not
/// while a break-glass request waits or a grant is open on it). A project's `updated_at` is its last transition's
/// time: finishing is the last.
pub async fn due(db: &Db, now: i64, limit: i64) -> Result<Vec<Due>, ApiError> {
    all(
        db,
        "SELECT p.id, p.was_active, COALESCE(c.retention_months, ?2) AS months, p.updated_at FROM projects p \
         LEFT JOIN community_privacy c ON c.community_id = p.community_id \
         WHERE p.state IN ('completed', 'cancelled') AND p.updated_at < ?1 - ?3 \
           AND p.updated_at < ?1 - COALESCE(c.retention_months, ?2) * ?3 \
           AND NOT EXISTS (SELECT 1 FROM project_purges x WHERE x.project_id = p.id) \
           AND NOT EXISTS (SELECT 1 FROM access_grants g WHERE g.project_id = p.id \
             AND ((g.state = 'requested' AND g.created_at > ?1 - ?5) OR (g.state = 'active' AND g.expires_at > ?1))) \
         ORDER BY p.updated_at LIMIT ?4",
        &[Arg::N(now), Arg::N(DEFAULT_MONTHS), Arg::N(MONTH_MS), Arg::N(limit), Arg::N(crate::domain::grants::ANSWER_WITHIN_MS)],
    )
    .await
}

/// The R2 keys of a request's attachments.
pub async fn attachment_keys(db: &Db, project: &str) -> Result<Vec<String>, ApiError> {
    let keys: Vec<super::accounts::Id> = all(db, "SELECT r2_key AS id FROM project_attachments WHERE project_id = ?1", &[Arg::S(project)]).await?;
    Ok(keys.into_iter().map(|k| k.id).collect())
}

/// Is the project still as it was found (finished, not moved since)? Asked just before its content goes.
pub async fn unchanged(db: &Db, d: &Due) -> Result<bool, ApiError> {
    let n: Option<super::Count> = super::first(
        db,
        "SELECT COUNT(*) AS n FROM projects WHERE id = ?1 AND state IN ('completed', 'cancelled') AND updated_at = ?2",
        &[Arg::S(&d.id), Arg::N(d.updated_at)],
    )
    .await?;
    Ok(n.is_some_and(|c| c.n == 1))
}

/// Records that a project's content is gone (its attachments' rows too), in its history, in one batch; each statement
/// only while the project is still as it was found.
pub async fn purged(db: &Db, d: &Due, event_id: &str, now: i64) -> Result<(), ApiError> {
    let months = d.months.to_string();
    const SAME: &str = "EXISTS (SELECT 1 FROM projects WHERE id = ?1 AND state IN ('completed', 'cancelled') AND updated_at = ?2)";
    batch(
        db,
        vec![
            stmt(db, &format!("DELETE FROM project_attachments WHERE project_id = ?1 AND {SAME}"), &[Arg::S(&d.id), Arg::N(d.updated_at)])?,
            stmt(
                db,
                &format!("INSERT OR IGNORE INTO project_purges (project_id, months, at) SELECT ?1, ?3, ?4 WHERE {SAME}"),
                &[Arg::S(&d.id), Arg::N(d.updated_at), Arg::N(d.months), Arg::N(now)],
            )?,
            stmt(
                db,
                &format!("INSERT INTO project_events (id, project_id, actor_id, action, from_state, to_state, note, at) SELECT ?3, ?1, NULL, 'content_deleted', ?4, ?4, '', ?5 WHERE {SAME}"),
                &[Arg::S(&d.id), Arg::N(d.updated_at), Arg::S(event_id), Arg::S(&months), Arg::N(now)],
            )?,
        ],
    )
    .await
    .map(|_| ())
}
