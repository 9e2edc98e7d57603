//! Platform administration routes (all under `/api/admin/`, all platform-admin only, all audited).

use super::http::id;
use super::communities::community_json;
use super::http::{ok, ApiResult, Ctx};
use super::profiles::user_json;
use super::store::accounts as accounts_store;
use super::store::admin as store;
use super::store::communities as communities_store;
use super::store::{paginate, Audit};
use crate::domain::community::Role;
use crate::domain::error::{ApiError, Invalid};
use serde_json::{json, Value};

pub async fn users(ctx: &mut Ctx) -> ApiResult {
    let q = ctx.query("q").unwrap_or_default();
    let q = crate::domain::text::SEARCH.parse("q", &q)?;
    let (limit, cursor) = ctx.page()?;
    let rows = store::search_users(&ctx.db, &q, &cursor, limit).await?;
    let (rows, next) = paginate(rows, limit, |u| u.id.clone());
    let items: Vec<Value> = rows.iter().map(user_json).collect();
    ok(&json!({"items": items, "next_cursor": next}))
}

struct Target {
    actor: String,
    target: String,
    audit_id: String,
}

async fn target_user(ctx: &Ctx) -> Result<Target, ApiError> {
    let target = ctx.param("user")?.to_string();
    accounts_store::user(&ctx.db, &target).await?.ok_or_else(ApiError::not_found)?;
    Ok(Target { actor: ctx.actor()?.user_id.clone(), target, audit_id: id(ctx.now)? })
}

async fn user_response(ctx: &Ctx, user_id: &str) -> ApiResult {
    let u = accounts_store::user(&ctx.db, user_id).await?.ok_or_else(ApiError::not_found)?;
    ok(&json!({"user": user_json(&u)}))
}

crate::domain::input::input! {
    #[derive(Default)]
    struct SuspendInput {
        reason: String,
    }
}

pub async fn suspend(ctx: &mut Ctx) -> ApiResult {
    let input: SuspendInput = ctx.json().await?;
    let reason = crate::domain::text::SUSPENSION_REASON.parse("reason", &input.reason)?;
    let t = target_user(ctx).await?;
    if t.target == t.actor {
        return Err(ApiError::conflict("cannot_suspend_self", "You cannot suspend your own account."));
    }
    let after = json!({"status": "suspended", "reason": reason}).to_string();
    let a = Audit { id: &t.audit_id, actor: &t.actor, action: "user.suspend", target_type: "user", target_id: &t.target, after: &after, now: ctx.now };
    store::set_status(&ctx.db, &a, "suspended", Some(&reason)).await?;
    // Suspension ends every session at once, and so every open chat socket.
    super::accounts::close_sockets(ctx, &t.target, true, &[]).await?;
    user_response(ctx, &t.target).await
}

pub async fn reactivate(ctx: &mut Ctx) -> ApiResult {
    let t = target_user(ctx).await?;
    let after = r#"{"status":"active"}"#;
    let a = Audit { id: &t.audit_id, actor: &t.actor, action: "user.reactivate", target_type: "user", target_id: &t.target, after, now: ctx.now };
    store::set_status(&ctx.db, &a, "active", None).await?;
    user_response(ctx, &t.target).await
}

crate::domain::input::input! {
    struct GrantInput {
        granted: bool,
    }
}

pub async fn platform_role(ctx: &mut Ctx) -> ApiResult {
    let input: GrantInput = ctx.json().await?;
    let t = target_user(ctx).await?;
    if t.target == t.actor && !input.granted {
        return Err(ApiError::conflict("cannot_revoke_self", "You cannot remove your own platform-admin rights; ask another admin."));
    }
    let after = json!({"platform_admin": input.granted}).to_string();
    let action = if input.granted { "user.grant_platform_admin" } else { "user.revoke_platform_admin" };
    let a = Audit { id: &t.audit_id, actor: &t.actor, action, target_type: "user", target_id: &t.target, after: &after, now: ctx.now };
    store::set_platform_admin(&ctx.db, &a, input.granted).await?;
    user_response(ctx, &t.target).await
}

crate::domain::input::input! {
    #[derive(Default)]
    struct RoleInput {
        role: String,
    }
}

pub async fn community_role(ctx: &mut Ctx) -> ApiResult {
    let input: RoleInput = ctx.json().await?;
    let role = Role::parse(&input.role)?;
    let community = ctx.param("community")?.to_string();
    let t = target_user(ctx).await?;
    let after = json!({"community": community, "role": role.as_str()}).to_string();
    let action = if role == Role::Admin { "membership.grant_admin" } else { "membership.revoke_admin" };
    let a = Audit { id: &t.audit_id, actor: &t.actor, action, target_type: "user", target_id: &t.target, after: &after, now: ctx.now };
    if store::set_community_role(&ctx.db, &a, &community, role.as_str()).await? == 0 {
        return Err(Invalid::new("user", "not_member", "This person is not an active member of the community.").into());
    }
    ok(&json!({"membership": {"community_id": community, "user_id": t.target, "role": role.as_str(), "status": "active"}}))
}

async fn archive_flag(ctx: &mut Ctx, archived: bool) -> ApiResult {
    let community = ctx.param("community")?.to_string();
    let actor = ctx.actor()?.user_id.clone();
    let audit_id = id(ctx.now)?;
    let after = json!({"archived": archived}).to_string();
    let action = if archived { "community.archive" } else { "community.restore" };
    let a = Audit { id: &audit_id, actor: &actor, action, target_type: "community", target_id: &community, after: &after, now: ctx.now };
    store::set_archived(&ctx.db, &a, archived).await?;
    let c = communities_store::community(&ctx.db, &community).await?.ok_or_else(ApiError::not_found)?;
    ok(&json!({"community": community_json(&c)}))
}

pub async fn archive(ctx: &mut Ctx) -> ApiResult {
    archive_flag(ctx, true).await
}

pub async fn restore(ctx: &mut Ctx) -> ApiResult {
    archive_flag(ctx, false).await
}

/// The outbox as admins see it: delivery status and text, never a usable one-time link (the secret of a link is
/// minted only when its mail is sent, and anything shaped like one is hidden). Every look is audited.
pub async fn outbox(ctx: &mut Ctx) -> ApiResult {
    let (limit, cursor) = ctx.page()?;
    let actor = ctx.actor()?.user_id.clone();
    let after = json!({"cursor": cursor, "limit": limit}).to_string();
    let audit_id = super::http::id(ctx.now)?;
    let a = Audit { id: &audit_id, actor: &actor, action: "outbox.view", target_type: "outbox", target_id: "outbox", after: &after, now: ctx.now };
    let rows = store::outbox(&ctx.db, &a, &cursor, limit).await?;
    let (mut items, next) = paginate(rows, limit, |m| m.id.clone());
    for m in &mut items {
        m.body = if m.digest != 0 { "[A digest: counts and titles for its recipient only.]".to_string() } else { crate::domain::mail::for_admins(&m.body) };
    }
    ok(&json!({"items": items, "next_cursor": next}))
}

pub async fn audit(ctx: &mut Ctx) -> ApiResult {
    let (limit, cursor) = ctx.page()?;
    let rows = store::audit_log(&ctx.db, &cursor, limit).await?;
    let (rows, next) = paginate(rows, limit, |a| a.id.clone());
    let parse = |s: &Option<String>| s.as_deref().and_then(|s| serde_json::from_str::<Value>(s).ok()).unwrap_or(Value::Null);
    let items: Vec<Value> = rows
        .iter()
        .map(|a| json!({
            "id": a.id, "actor": {"id": a.actor_id, "display_name": a.actor_name}, "action": a.action,
            "target_type": a.target_type, "target_id": a.target_id, "target_name": a.target_name, "before": parse(&a.before_json),
            "after": parse(&a.after_json), "at": a.at,
        }))
        .collect();
    ok(&json!({"items": items, "next_cursor": next}))
}
