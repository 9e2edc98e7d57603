//! Pruning and archiving, from the cron: what is past keeping leaves D1 a chunk at a time (notifications, delivered
//! mail), and audit entries older than 12 months go to R2 as JSON lines before they leave.

use super::store::retention as store;
use super::store::Db;
use crate::domain::error::ApiError;
use crate::domain::retention;
use worker::{Env, HttpMetadata};

pub async fn run(env: &Env, db: &Db, now: i64) -> Result<(), ApiError> {
    let c = retention::cutoffs(now);
    store::prune(db, &c).await?;
    let old = store::old_audit(db, c.audit).await?;
    let ids: Vec<&str> = old.iter().filter_map(|r| r.get("id").and_then(serde_json::Value::as_str)).collect();
    let (Some(first), Some(last)) = (ids.first(), ids.last()) else { return Ok(()) };
    let first_at = old.first().and_then(|r| r.get("at")).and_then(serde_json::Value::as_i64).unwrap_or(now);
    let lines: String = old.iter().map(|r| format!("{r}\n")).collect();
    // Written first, removed after: a failure in between archives the same chunk again, under the same key.
    env.bucket("FILES")?
        .put(store::audit_archive_key(first_at, first, last), lines)
        .http_metadata(HttpMetadata { content_type: Some("application/x-ndjson".into()), ..Default::default() })
        .execute()
        .await?;
    store::forget_audit(db, &ids).await?;
    Ok(())
}
