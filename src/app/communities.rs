//! Communities: directory, home, creation and settings, joining and leaving, requests to join.

use super::http::id;
use super::http::{json, no_content, ok, ApiResult, Ctx};
use super::store::communities::{self as store, CommunityRow, Membership};
use super::store::paginate;
use super::store::Audit;
use crate::domain::community::{CommunityInput, Module, Modules, Settings};
use crate::domain::error::ApiError;
use serde_json::{json as j, Value};

/// Adds a key to a JSON object (no-op on anything else; never panics).
fn set(v: &mut Value, key: &str, value: Value) {
    if let Some(o) = v.as_object_mut() {
        o.insert(key.into(), value);
    }
}

pub fn community_json(c: &CommunityRow) -> Value {
    j!({
        "id": c.id, "slug": c.slug, "name": c.name, "description": c.description, "join_policy": c.join_policy,
        "models": c.models, "allow_external_mentors": c.allow_external_mentors != 0,
        "request_timeout_days": c.request_timeout_days, "archived": c.archived_at.is_some(),
        "member_count": c.member_count, "created_at": c.created_at,
        "retention_months": c.retention_months.unwrap_or(crate::domain::retention::DEFAULT_MONTHS), "controller": c.controller,
    })
}

fn membership_json(m: &Option<Membership>) -> Value {
    m.as_ref().map_or(Value::Null, |m| j!({"role": m.role, "status": m.status}))
}

pub async fn list(ctx: &mut Ctx) -> ApiResult {
    let actor = ctx.actor()?.clone();
    let (limit, cursor) = ctx.page()?;
    let (rows, mine) = store::directory(&ctx.db, &actor.user_id, actor.platform_admin, &cursor, limit).await?;
    let (rows, next) = paginate(rows, limit, |c| c.id.clone());
    let items: Vec<Value> = rows
        .iter()
        .map(|c| {
            let mut v = community_json(c);
            let m = mine.iter().find(|m| m.community_id == c.id);
            set(&mut v, "membership", m.map_or(Value::Null, |m| j!({"role": m.role, "status": m.status})));
            v
        })
        .collect();
    ok(&j!({"items": items, "next_cursor": next}))
}

pub async fn create(ctx: &mut Ctx) -> ApiResult {
    let input: CommunityInput = ctx.json().await?;
    let settings = Settings::parse(&input)?;
    let actor = ctx.actor()?.user_id.clone();
    let new_id = id(ctx.now)?;
    store::create(&ctx.db, &new_id, &settings, &actor, &id(ctx.now)?, ctx.now).await?;
    let c = store::community(&ctx.db, &new_id).await?.ok_or_else(ApiError::internal)?;
    json(201, &j!({"community": community_json(&c)}))
}

pub async fn home(ctx: &mut Ctx) -> ApiResult {
    let cid = ctx.param("community")?.to_string();
    let actor = ctx.actor()?.clone();
    let (community, membership, members, pending) = match ctx.pre.take() {
        Some(pre) => store::home_rows(&pre)?,
        None => store::home(&ctx.db, &cid, &actor.user_id).await?,
    };
    let community = community.ok_or_else(ApiError::not_found)?;
    let active = membership.as_ref().is_some_and(|m| m.status == "active");
    let is_admin = actor.platform_admin || membership.as_ref().is_some_and(|m| m.status == "active" && m.role == "admin");
    if community.archived_at.is_some() && !actor.platform_admin && !active {
        return Err(ApiError::not_found());
    }
    let mut body = j!({"community": community_json(&community), "membership": membership_json(&membership)});
    // Who belongs is for members to see.
    if active || actor.platform_admin {
        set(&mut body, "members", j!(&members));
        let more = community.member_count > store::HOME_MEMBERS;
        set(&mut body, "members_more", j!(more));
        // The members route continues from here.
        set(&mut body, "members_next_cursor", j!(if more { members.last().map(|m| m.id.clone()) } else { None }));
    }
    if is_admin {
        set(&mut body, "pending_requests", j!(pending));
    }
    set(&mut body, "can_manage", j!(is_admin));
    set(&mut body, "modules", modules_json(actor.modules));
    ok(&body)
}

pub async fn update(ctx: &mut Ctx) -> ApiResult {
    let cid = ctx.param("community")?.to_string();
    let input: CommunityInput = ctx.json().await?;
    let current = store::community(&ctx.db, &cid).await?.ok_or_else(ApiError::not_found)?;
    let current = Settings::parse(&CommunityInput {
        name: Some(current.name),
        description: Some(current.description),
        join_policy: Some(current.join_policy),
        models: Some(current.models),
        allow_external_mentors: Some(current.allow_external_mentors != 0),
        request_timeout_days: Some(current.request_timeout_days),
    })?;
    let settings = Settings::parse_over(&input, &current)?;
    let actor = ctx.actor()?.user_id.clone();
    store::update(&ctx.db, &cid, &settings, &actor, &id(ctx.now)?, ctx.now).await?;
    let c = store::community(&ctx.db, &cid).await?.ok_or_else(ApiError::not_found)?;
    ok(&j!({"community": community_json(&c)}))
}

pub async fn join(ctx: &mut Ctx) -> ApiResult {
    let cid = ctx.param("community")?.to_string();
    let user = ctx.actor()?.user_id.clone();
    let c = store::community(&ctx.db, &cid).await?.ok_or_else(ApiError::not_found)?;
    if c.archived_at.is_some() {
        return Err(ApiError::conflict("community_archived", "This community is archived: it takes no new members."));
    }
    let m = store::join(&ctx.db, &cid, &user, ctx.now).await?;
    ok(&j!({"membership": membership_json(&m)}))
}

pub async fn leave(ctx: &mut Ctx) -> ApiResult {
    let cid = ctx.param("community")?.to_string();
    let user = ctx.actor()?.user_id.clone();
    if store::leave(&ctx.db, &cid, &user).await? > 0 {
        return no_content();
    }
    match store::membership(&ctx.db, &cid, &user).await? {
        Some(_) => Err(ApiError::conflict(
            "last_admin",
            "You are this community's only admin. Make another member admin before you leave.",
        )),
        None => Err(ApiError::conflict("not_member", "You are not a member of this community.")),
    }
}

pub async fn members(ctx: &mut Ctx) -> ApiResult {
    let cid = ctx.param("community")?.to_string();
    let (limit, cursor) = ctx.page()?;
    let rows = store::members(&ctx.db, &cid, &cursor, limit).await?;
    let (items, next) = paginate(rows, limit, |m| m.id.clone());
    ok(&j!({"items": items, "next_cursor": next}))
}

pub async fn requests(ctx: &mut Ctx) -> ApiResult {
    let cid = ctx.param("community")?.to_string();
    ok(&j!({"items": store::join_requests(&ctx.db, &cid).await?}))
}

async fn decide(ctx: &mut Ctx, approve: bool) -> ApiResult {
    let cid = ctx.param("community")?.to_string();
    let target = ctx.param("user")?.to_string();
    let actor = ctx.actor()?.user_id.clone();
    let audit_id = id(ctx.now)?;
    let (action, after) = if approve {
        ("membership.approve", r#"{"status":"active"}"#)
    } else {
        ("membership.reject", r#"{"status":null}"#)
    };
    let a = Audit { id: &audit_id, actor: &actor, action, target_type: "user", target_id: &target, after, now: ctx.now };
    if store::decide_request(&ctx.db, &cid, &target, approve, &a).await? {
        no_content()
    } else {
        Err(ApiError::not_found())
    }
}

pub async fn approve(ctx: &mut Ctx) -> ApiResult {
    decide(ctx, true).await
}

pub async fn reject(ctx: &mut Ctx) -> ApiResult {
    decide(ctx, false).await
}

/// A community's modules as the pages read them: `{"rooms": true, "contract": false, ...}`.
pub fn modules_json(m: Modules) -> Value {
    Value::Object(Module::ALL.iter().map(|x| (x.as_str().to_string(), Value::Bool(m.on(*x)))).collect())
}

crate::domain::input::input! {
    struct ModulesInput {
        rooms: Option<bool>,
        contract: Option<bool>,
        goals: Option<bool>,
        diary: Option<bool>,
        evaluations: Option<bool>,
        library: Option<bool>,
    }
}

/// `PUT /api/communities/{community}/modules`: its admins turn modules off or on again (each given changes; audited).
pub async fn set_modules(ctx: &mut Ctx) -> ApiResult {
    let cid = ctx.param("community")?.to_string();
    let i: ModulesInput = ctx.json().await?;
    let given = [(Module::Rooms, i.rooms), (Module::Contract, i.contract), (Module::Goals, i.goals), (Module::Diary, i.diary), (Module::Evaluations, i.evaluations), (Module::Library, i.library)];
    let changes: Vec<(Module, bool)> = given.iter().filter_map(|(m, on)| on.map(|on| (*m, on))).collect();
    let before = ctx.actor()?.modules;
    let after = changes.iter().fold(before, |acc, (m, on)| acc.with(*m, *on));
    let actor = ctx.actor()?.user_id.clone();
    let audit_id = super::http::id(ctx.now)?;
    let summary = modules_json(after).to_string();
    let a = Audit { id: &audit_id, actor: &actor, action: "community.modules", target_type: "community", target_id: &cid, after: &summary, now: ctx.now };
    store::set_modules(&ctx.db, &cid, &changes, &a).await?;
    ok(&j!({"modules": modules_json(after)}))
}
