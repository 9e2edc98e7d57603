//! Profiles: my account and profile, profile edits, CV upload and download, other members' profiles.

use super::http::{no_content, ok, send_file, ApiResult, Ctx};
use super::store::accounts::UserRow;
use super::store::profiles::{self as store, NewCv, ProfileRow};
use crate::domain::error::ApiError;
use crate::domain::profile::{safe_file_name, sniff_cv, Profile, ProfileInput, CV_MAX_BYTES};
use crate::domain::text::DisplayName;
use serde_json::{json, Value};
use worker::HttpMetadata;

pub fn user_json(u: &UserRow) -> Value {
    json!({
        "id": u.id, "email": u.email, "display_name": u.display_name, "email_verified": u.email_verified_at.is_some(),
        "platform_admin": u.is_platform_admin != 0, "status": u.status, "created_at": u.created_at,
        "suspended_reason": u.suspended_reason,
    })
}

fn cv_json(p: &ProfileRow) -> Value {
    match (&p.cv_name, &p.cv_type, p.cv_size, p.cv_uploaded_at) {
        (Some(name), Some(mime), Some(size), Some(at)) => json!({"name": name, "type": mime, "size": size, "uploaded_at": at}),
        _ => Value::Null,
    }
}

pub async fn me(ctx: &mut Ctx) -> ApiResult {
    let user_id = ctx.actor()?.user_id.clone();
    // A platform administrator whose session gave no second factor: their pages say how to get one.
    let needs_factor = ctx.actor()?.admin_needs_factor;
    let (user, profile, communities) = match ctx.pre.take() {
        Some(pre) => store::me_rows(&pre)?,
        None => store::me(&ctx.db, &user_id).await?,
    };
    let user = user.ok_or_else(ApiError::unauthenticated)?;
    let communities: Vec<Value> = communities
        .iter()
        .map(|m| json!({"id": m.id, "name": m.name, "slug": m.slug, "role": m.role, "status": m.status}))
        .collect();
    ok(&json!({
        "user": user_json(&user),
        "profile": profile.as_ref().map(ProfileRow::profile).unwrap_or_default(),
        "cv": profile.as_ref().map(cv_json).unwrap_or(Value::Null),
        "communities": communities,
        "two_factor_needed": needs_factor,
    }))
}

pub async fn update(ctx: &mut Ctx) -> ApiResult {
    let input: ProfileInput = ctx.json().await?;
    let user_id = ctx.actor()?.user_id.clone();
    let (_, current, _) = store::me(&ctx.db, &user_id).await?;
    let profile = Profile::parse_over(&input, &current.map(|p| p.profile()).unwrap_or_default())?;
    let name = input.display_name.as_deref().map(DisplayName::parse).transpose()?;
    store::save(&ctx.db, &user_id, &profile, name.as_ref().map(DisplayName::as_str), ctx.now).await?;
    ok(&json!({"profile": profile, "display_name": name.as_ref().map(DisplayName::as_str)}))
}

pub async fn upload_cv(ctx: &mut Ctx) -> ApiResult {
    let user_id = ctx.actor()?.user_id.clone();
    let bytes = ctx
        .body_bytes(CV_MAX_BYTES)
        .await
        .map_err(|e| if e.status == 413 { ApiError::payload_too_large("A CV can be at most 5 MB.") } else { e })?;
    if bytes.is_empty() {
        return Err(ApiError::bad_request("file_empty", "The file is empty.").with_field("cv"));
    }
    let kind = sniff_cv(&bytes).ok_or_else(|| {
        ApiError::unsupported_type("A CV must be a PDF, Word (DOC or DOCX) or OpenDocument (ODT) file.").with_field("cv")
    })?;
    let name = safe_file_name(&crate::domain::text::file_name_header(&ctx.header("x-file-name"))?, kind.extension());
    let size = i64::try_from(bytes.len()).unwrap_or(i64::MAX);
    let previous = store::cv(&ctx.db, &user_id).await?.and_then(|c| c.cv_key);
    let key = store::cv_key(&user_id, &super::http::id(ctx.now)?);
    let bucket = ctx.env.bucket("FILES")?;
    bucket
        .put(&key, bytes)
        .http_metadata(HttpMetadata { content_type: Some(kind.mime().into()), ..Default::default() })
        .execute()
        .await?;
    let saved = store::set_cv(&ctx.db, &user_id, Some(&NewCv { key: &key, name: &name, mime: kind.mime(), size }), ctx.now).await;
    if let Err(e) = saved {
        // Leave nothing behind.
        let _ = bucket.delete(&key).await;
        return Err(e);
    }
    if let Some(old) = previous {
        let _ = bucket.delete(&old).await;
    }
    ok(&json!({"cv": {"name": name, "type": kind.mime(), "size": size, "uploaded_at": ctx.now}}))
}

pub async fn download_own_cv(ctx: &mut Ctx) -> ApiResult {
    let user_id = ctx.actor()?.user_id.clone();
    match store::cv(&ctx.db, &user_id).await? {
        Some(store::CvRow { cv_key: Some(key), cv_name: Some(name), cv_type: Some(mime) }) => send_file(ctx, &key, &name, &mime).await,
        _ => Err(ApiError::not_found()),
    }
}

pub async fn delete_cv(ctx: &mut Ctx) -> ApiResult {
    let user_id = ctx.actor()?.user_id.clone();
    let previous = store::cv(&ctx.db, &user_id).await?.and_then(|c| c.cv_key).ok_or_else(ApiError::not_found)?;
    store::set_cv(&ctx.db, &user_id, None, ctx.now).await?;
    ctx.env.bucket("FILES")?.delete(&previous).await?;
    no_content()
}

async fn visible(ctx: &Ctx) -> Result<(store::PersonRow, ProfileRow, bool), ApiError> {
    let target = ctx.param("user")?;
    let actor = ctx.actor()?;
    store::visible_profile(&ctx.db, target, &actor.user_id, actor.platform_admin).await?.ok_or_else(ApiError::not_found)
}

pub async fn user_profile(ctx: &mut Ctx) -> ApiResult {
    let (person, profile, may_contact) = visible(ctx).await?;
    ok(&json!({
        "user": {"id": person.id, "display_name": person.display_name},
        "profile": profile.profile().seen_by(may_contact),
        "cv": cv_json(&profile),
    }))
}

pub async fn user_cv(ctx: &mut Ctx) -> ApiResult {
    let (person, profile, _) = visible(ctx).await?;
    match (&person.cv_key, &profile.cv_name, &profile.cv_type) {
        (Some(key), Some(name), Some(mime)) => send_file(ctx, key, name, mime).await,
        _ => Err(ApiError::not_found()),
    }
}
