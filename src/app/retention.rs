//! Pruning and archiving, from the cron: what is past keeping leaves D1 a chunk at a time (notifications, delivered
//! mail), and audit entries older than 12 months go to R2 as JSON lines before they leave. And each community's
//! retention (#14): its admins set it; an hourly pass deletes the content of projects finished longer ago.

use super::http::{ok, ApiResult, Ctx};
use super::store::retention as store;
use super::store::{Audit, Db};
use crate::domain::error::ApiError;
use crate::domain::retention::{self, Privacy, PrivacyInput};
use worker::Env;

/// Projects whose content one pass deletes (each is a call to its space and a batch).
const PURGES_PER_PASS: i64 = 10;

/// `PUT /api/communities/{community}/privacy`: its admins set how long finished projects' content is kept and who the
/// controller is (audited).
pub async fn set_privacy(ctx: &mut Ctx) -> ApiResult {
    let cid = ctx.param("community")?.to_string();
    let p = Privacy::parse(&ctx.json::<PrivacyInput>().await?)?;
    let actor = ctx.actor()?.user_id.clone();
    let audit_id = super::http::id(ctx.now)?;
    let after = serde_json::json!({"retention_months": p.retention_months, "controller": p.controller}).to_string();
    let a = Audit { id: &audit_id, actor: &actor, action: "community.privacy", target_type: "community", target_id: &cid, after: &after, now: ctx.now };
    store::set_privacy(&ctx.db, &cid, &p, &a).await?;
    ok(&serde_json::json!({"retention_months": p.retention_months, "controller": p.controller}))
}

/// Deletes the content of finished projects past their community's retention: the space's (its files' objects go by
/// its own alarm), then the request's attachments; the project, its members, history and counts stay. How many went.
pub async fn purge_due(env: &Env, db: &Db, now: i64) -> Result<usize, ApiError> {
    let due = store::due(db, now, PURGES_PER_PASS).await?;
    let bucket = env.bucket("FILES")?;
    let mut purged = 0;
    for d in &due {
        // One that fails is logged and tried again next pass: the others still go.
        match purge(env, db, &bucket, d, now).await {
            Ok(true) => purged += 1,
            Ok(false) => {}
            Err(e) => worker::console_error!("retention: project {}: {}", d.id, e.message),
        }
    }
    Ok(purged)
}

/// One project's content, unless it moved since it was found (reopened): whether it went.
async fn purge(env: &Env, db: &Db, bucket: &worker::Bucket, d: &store::Due, now: i64) -> Result<bool, ApiError> {
    if !store::unchanged(db, d).await? {
        return Ok(false);
    }
    if d.was_active != 0 {
        super::space::client::call(env, &d.id, "", "/retention/purge", &serde_json::json!({})).await?.map_err(|_| ApiError::internal())?;
    }
    for key in store::attachment_keys(db, &d.id).await? {
        bucket.delete(&key).await?;
    }
    store::purged(db, d, &super::http::id(now)?, now).await?;
    Ok(true)
}

pub async fn run(env: &Env, db: &Db, now: i64) -> Result<(), ApiError> {
    let c = retention::cutoffs(now);
    store::prune(db, &c).await?;
    let old = store::old_audit(db, c.audit).await?;
    let ids: Vec<&str> = old.iter().filter_map(|r| r.get("id").and_then(serde_json::Value::as_str)).collect();
    let (Some(first), Some(last)) = (ids.first(), ids.last()) else { return Ok(()) };
    let first_at = old.first().and_then(|r| r.get("at")).and_then(serde_json::Value::as_i64).unwrap_or(now);
    let lines: String = old.iter().map(|r| format!("{r}\n")).collect();
    // The people it names: its actors, and the accounts acted on.
    let people: Vec<&str> = old
        .iter()
        .flat_map(|r| {
            let s = |k: &str| r.get(k).and_then(serde_json::Value::as_str);
            [s("actor_id"), s("target_id").filter(|_| s("target_type") == Some("user"))]
        })
        .flatten()
        .collect();
    // Written first, removed after: a failure in between archives the same chunk again, under the same key.
    let key = store::audit_archive_key(first_at, first, last);
    env.bucket("FILES")?.put(&key, lines).http_metadata(store::audit_archive_meta()).execute().await?;
    store::forget_audit(db, &ids, &key, &people).await
}
