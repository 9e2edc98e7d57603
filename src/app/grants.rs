//! Break-glass access (#14): a community admin's request to read parts of a project, its answer by a member or a
//! second admin, the members told, and the reads through an open grant (each logged; each answer carries the grant's
//! id). The rules are `domain::grants`; the route's policy (`Policy::Grant`) lets only an open grant's holder read.

use super::http::{id, json, ok, ApiResult, Ctx};
use super::store::grants as store;
use crate::domain::error::ApiError;
use crate::domain::grants::{self as rules, Act, ActInput, Approval, Ask, AskInput, Facts, Scope, State, Who};
use serde_json::{json, Value};

/// A grant as its readers see it, with its state now.
fn grant_json(g: &store::GrantRow, now: i64) -> Value {
    let mut v = json!(g);
    let state = State::at(&g.state, g.expires_at, g.created_at, now).map_or("", State::as_str);
    if let Some(o) = v.as_object_mut() {
        o.insert("state".into(), json!(state));
        o.insert("scopes".into(), json!(Scope::list(&g.scopes).iter().map(|s| s.as_str()).collect::<Vec<_>>()));
    }
    v
}

/// `POST /api/projects/{project}/grants`: an admin of the project's community asks.
pub async fn ask(ctx: &mut Ctx) -> ApiResult {
    let pid = ctx.param("project")?.to_string();
    let ask = Ask::parse(&ctx.json::<AskInput>().await?)?;
    let p = super::store::mentoring::project(&ctx.db, &pid).await?.ok_or_else(ApiError::not_found)?;
    let me = ctx.actor()?.user_id.clone();
    let gid = id(ctx.now)?;
    let link = format!("{}/projects/{pid}/access", ctx.base_url);
    let audit_id = id(ctx.now)?;
    let by = store::By { me: &me, action: "request", link: &link, audit_id: &audit_id, event_id: "", now: ctx.now };
    store::create(&ctx.db, (&gid, &pid, &p.community_id, &p.title), &ask, &by).await?;
    super::mail::deliver_soon(ctx);
    json(201, &json!({"grant": gid}))
}

/// `GET /api/projects/{project}/grants?before=`: its admins see every request and read; its active members those they
/// were told of, and the requests asking for their consent. Each says what I may do with it. A page at a time, newest
/// first: `next` is the `before` of the next page.
pub async fn list(ctx: &mut Ctx) -> ApiResult {
    let pid = ctx.param("project")?.to_string();
    // (Checked against the route's rule already: a whole number from 1.)
    let before = ctx.query("before").and_then(|v| v.parse::<i64>().ok()).unwrap_or(i64::MAX);
    let a = ctx.actor()?;
    let (relation, me) = (a.project, a.user_id.clone());
    let store::Listed { grants, reads, counts, named } = store::of_project(&ctx.db, &pid, &me, before).await?;
    let (grants, next) = super::store::paginate(grants, rules::LIST_PAGE, |g| g.created_at.to_string());
    let member_asked = |g: &store::GrantRow| g.state == "requested" && g.approval == Approval::Member.as_str();
    let items: Vec<Value> = grants
        .iter()
        .filter(|g| relation.community_admin || (relation.member && (g.told_at.is_some() || member_asked(g))))
        .map(|g| {
            let mut v = grant_json(g, ctx.now);
            let state = State::at(&g.state, g.expires_at, g.created_at, ctx.now);
            let mine = g.requester_id == me;
            let can_answer = state == Some(State::Requested)
                && !mine
                && (if member_asked(g) { relation.member } else { relation.community_admin && named.contains(&g.id) });
            let can_end = state == Some(State::Active) && (mine || relation.community_admin);
            let open = relation.community_admin || g.told_at.is_some();
            let seen: Vec<&store::ReadRow> = reads.iter().filter(|r| r.grant_id == g.id && open).collect();
            let total = counts.iter().find(|c| c.grant_id == g.id && open).map_or(0, |c| c.n);
            if let Some(o) = v.as_object_mut() {
                o.insert("reads".into(), json!(seen));
                o.insert("reads_total".into(), json!(total));
                o.insert("can_answer".into(), json!(can_answer));
                o.insert("can_withdraw".into(), json!(mine && state == Some(State::Requested)));
                o.insert("can_end".into(), json!(can_end));
            }
            v
        })
        .collect();
    ok(&json!({"items": items, "can_ask": relation.community_admin, "next": next}))
}

/// `GET /api/grants`: the requests waiting for my answer.
pub async fn waiting(ctx: &mut Ctx) -> ApiResult {
    let a = ctx.actor()?;
    let rows = store::waiting_for(&ctx.db, &a.user_id, a.platform_admin, ctx.now).await?;
    let items: Vec<Value> = rows
        .iter()
        .map(|g| {
            let mut v = grant_json(g, ctx.now);
            if let Some(o) = v.as_object_mut() {
                o.insert("can_answer".into(), json!(true));
            }
            v
        })
        .collect();
    ok(&json!({"items": items}))
}

/// `POST /api/grants/{grant}/actions`: approve, refuse, withdraw or end. Anyone the grant does not concern gets 404.
pub async fn act(ctx: &mut Ctx) -> ApiResult {
    let gid = ctx.param("grant")?.to_string();
    let act = Act::parse(&ctx.json::<ActInput>().await?)?;
    let a = ctx.actor()?.clone();
    let (g, r) = store::with_relation(&ctx.db, &gid, &a.user_id, ctx.now).await?.ok_or_else(ApiError::not_found)?;
    let approval = Approval::parse(&g.approval).ok_or_else(ApiError::internal)?;
    let sole_admin = r.approvers == 0;
    let who = if g.requester_id == a.user_id {
        Who::Requester
    } else if r.admin != 0 {
        match approval {
            Approval::Member if r.member != 0 => Who::Member,
            Approval::Member => Who::OtherAdmin,
            Approval::Admin if r.named != 0 => Who::OtherAdmin,
            // A platform admin answers in a second admin's place where none is left, whatever else they are.
            Approval::Admin if a.platform_admin && sole_admin => Who::PlatformAdmin,
            Approval::Admin => Who::NewAdmin,
        }
    } else if r.member != 0 && (approval == Approval::Member || g.told_at.is_some()) {
        Who::Member
    } else if a.platform_admin && approval == Approval::Admin && sole_admin {
        Who::PlatformAdmin
    } else {
        return Err(ApiError::not_found());
    };
    let state = State::at(&g.state, g.expires_at, g.created_at, ctx.now).ok_or_else(ApiError::internal)?;
    let facts = Facts { state, approval, hours: g.hours, sole_admin, members_refused: r.members_refused != 0 };
    let effects = rules::next(&facts, &act, who, ctx.now)?;
    let name = match act {
        Act::Approve { .. } => "approve",
        Act::Refuse => "refuse",
        Act::Withdraw => "withdraw",
        Act::End => "end",
    };
    let link = format!("{}/projects/{}/access", ctx.base_url, g.project_id);
    let (audit_id, event_id) = (id(ctx.now)?, id(ctx.now)?);
    let by = store::By { me: &a.user_id, action: name, link: &link, audit_id: &audit_id, event_id: &event_id, now: ctx.now };
    if !store::act(&ctx.db, &g, state, &effects, &by).await? {
        return Err(ApiError::conflict("grant_not_waiting", "This request has already been answered."));
    }
    super::mail::deliver_soon(ctx);
    let (g, _) = store::with_relation(&ctx.db, &gid, &a.user_id, ctx.now).await?.ok_or_else(ApiError::not_found)?;
    ok(&json!({"grant": grant_json(&g, ctx.now)}))
}

/// The reads through an open grant (the route's policy checked it opens this part): asked of the project's space,
/// logged, and answered with the grant's id, in the body and in `x-tandem-grant`.
pub async fn read(ctx: &mut Ctx, scope: Scope) -> ApiResult {
    let pid = ctx.param("project")?.to_string();
    let gid = ctx.param("grant")?.to_string();
    let me = ctx.actor()?.user_id.clone();
    // (Checked against the route's rule already: a whole number from 1.)
    let before = ctx.query("before").and_then(|v| v.parse::<i64>().ok());
    let ask = json!({"scope": scope.as_str(), "before": before});
    let mut page = match super::space::client::call(&ctx.env, &pid, &me, "/grants/read", &ask).await? {
        Ok(v) => v,
        Err(refused) => return Ok(refused),
    };
    super::http::with_names(&ctx.db, &mut page, &std::collections::HashMap::new()).await?;
    let what = match before {
        Some(b) => format!("{} before {b}", scope.as_str()),
        None => scope.as_str().to_string(),
    };
    store::log_read(&ctx.db, &id(ctx.now)?, &gid, &me, scope.as_str(), &what, ctx.now).await?;
    if let Some(o) = page.as_object_mut() {
        o.insert("grant".into(), json!(gid));
    }
    let resp = ok(&page)?;
    resp.headers().set("x-tandem-grant", &gid)?;
    Ok(resp)
}

/// Tells the members of grants whose delay has passed (the cron); how many were told. One that fails is logged and
/// tried again next time: the others are still told.
pub async fn tell_due(db: &super::store::Db, base_url: &str, now: i64) -> Result<usize, ApiError> {
    let mut told = 0;
    for g in store::untold(db, now).await? {
        match store::tell(db, &g.id, &id(now)?, &format!("{base_url}/projects/{}/access", g.project_id), now).await {
            Ok(()) => told += 1,
            Err(e) => worker::console_error!("grants: telling {}: {}", g.id, e.message),
        }
    }
    Ok(told)
}
