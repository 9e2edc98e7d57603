//! The project's contract: versions drafted, proposed, signed by every active member and the coordinator, returned
//! or withdrawn. Its text lives in the project's space; D1 learns its state, version and signature dates.

use super::http::{id, json, ok, ApiResult, Ctx};
use super::space::client::{call, call_as, or_refused};
use super::space::contract::{Act, Context, Look, Moved, View, Write};
use super::journey::loaded;
use super::store::mentoring::Context as Loaded;
use super::store::notifications::{notify, Notice, To};
use crate::domain::contract::ContractInput;
use crate::domain::error::ApiError;
use crate::domain::input::input;
use crate::domain::notifications::Kind;
use serde_json::{json as j, Value};

/// Who may act and sign, as the space needs it. The project must be active for any change.
fn context(ctx: &Ctx, l: &Loaded, writing: bool) -> Result<Context, ApiError> {
    let p = l.project.as_ref().ok_or_else(ApiError::not_found)?;
    let process = l.process.as_ref().ok_or_else(|| ApiError::conflict("not_active", "This project has not started: its contract comes when it is active."))?;
    if writing && p.state != "active" {
        return Err(ApiError::conflict("not_active", "This project is not active: its contract can no longer change."));
    }
    let a = ctx.actor()?;
    let mut required: Vec<String> = l.members.iter().map(|m| m.user_id.clone()).collect();
    // The coordinator signs while they are one (an active admin of the community).
    if let Some(c) = process.coordinator_id.as_ref().filter(|c| process.coordinator_active > 0 && !required.contains(c)) {
        required.push(c.clone());
    }
    let t = super::journey::template_of(process)?;
    Ok(Context {
        user_id: a.user_id.clone(),
        member: a.project.member,
        mentor: a.project.mentor && a.project.member,
        coordinator: a.project.coordinator,
        required,
        drafter: t.contract_drafter.as_str().into(),
        title: p.name().to_string(),
        at: ctx.now,
    })
}

/// Everyone the contract concerns, with their names (for the page and the filed document).
fn people(l: &Loaded) -> Vec<Value> {
    let mut out: Vec<Value> = l.members.iter().map(|m| j!({"id": m.user_id, "display_name": m.display_name, "role": m.role})).collect();
    if let Some(p) = &l.process {
        if let Some(c) = p.coordinator_id.as_ref().filter(|c| !l.members.iter().any(|m| &m.user_id == *c)) {
            out.push(j!({"id": c, "display_name": p.coordinator_name, "role": "coordinator"}));
        }
    }
    out
}

fn page(l: &Loaded, view: &View) -> Value {
    let coordinator = l.process.as_ref().and_then(|p| p.coordinator_id.clone());
    j!({"versions": view.versions, "can_start": view.can_start, "people": people(l), "coordinator_id": coordinator})
}

/// The contract. Members and the coordinator read every version; the project's other viewers (community admins,
/// invitees) only states, versions and signature dates.
pub async fn view(ctx: &mut Ctx) -> ApiResult {
    let pid = ctx.param("project")?.to_string();
    let l = loaded(ctx, &pid).await?;
    let relation = ctx.actor()?.project;
    if !(relation.member || relation.coordinator) {
        let detail: Value = l.progress.as_ref().and_then(|p| serde_json::from_str(&p.detail).ok()).unwrap_or(Value::Null);
        return ok(&j!({"versions": [], "summary": detail.get("contracts").cloned().unwrap_or(j!([])), "can_start": false}));
    }
    let c = context(ctx, &l, false)?;
    let me = c.user_id.clone();
    let v: View = or_refused!(call_as(&ctx.env, &pid, &me, "/contract/view", &Look { context: c }).await?);
    ok(&page(&l, &v))
}

/// Starts a version: the first (by the coordinator or the mentor, as the community decided) or an amendment.
pub async fn start(ctx: &mut Ctx) -> ApiResult {
    let pid = ctx.param("project")?.to_string();
    let terms: ContractInput = ctx.json().await?;
    let l = loaded(ctx, &pid).await?;
    let c = context(ctx, &l, true)?;
    let me = c.user_id.clone();
    let w = Write { context: c, id: id(ctx.now)?, terms };
    let v: View = or_refused!(call_as(&ctx.env, &pid, &me, "/contract/start", &w).await?);
    json(201, &page(&l, &v))
}

/// Changes a version's terms (a change after the first signature asks everyone to sign again).
pub async fn edit(ctx: &mut Ctx) -> ApiResult {
    let pid = ctx.param("project")?.to_string();
    let cid = ctx.param("contract")?.to_string();
    let terms: ContractInput = ctx.json().await?;
    let l = loaded(ctx, &pid).await?;
    let c = context(ctx, &l, true)?;
    let me = c.user_id.clone();
    let w = Write { context: c, id: cid, terms };
    let answer = or_refused!(call(&ctx.env, &pid, &me, "/contract/edit", &w).await?);
    let view: View = serde_json::from_value(answer.get("view").cloned().unwrap_or(Value::Null)).map_err(|_| ApiError::internal())?;
    if let Some(m) = answer.get("moved").cloned().filter(|m| !m.is_null()) {
        let m: Moved = serde_json::from_value(m).map_err(|_| ApiError::internal())?;
        tell(ctx, &l, &m).await?;
    }
    ok(&page(&l, &view))
}

input! {
    struct ActInput {
        action: String,
        hash: String,
        reason: String,
    }
}

/// Proposes, signs, returns (with a reason) or withdraws a version.
pub async fn act(ctx: &mut Ctx) -> ApiResult {
    let pid = ctx.param("project")?.to_string();
    let cid = ctx.param("contract")?.to_string();
    let input: ActInput = ctx.json().await?;
    let l = loaded(ctx, &pid).await?;
    let c = context(ctx, &l, true)?;
    let me = c.user_id.clone();
    let names = people(&l)
        .iter()
        .map(|p| vec![p["id"].as_str().unwrap_or("").to_string(), p["display_name"].as_str().unwrap_or("").to_string()])
        .collect();
    let a = Act {
        context: c,
        id: cid,
        action: input.action,
        hash: input.hash,
        reason: input.reason,
        names,
        file_id: id(ctx.now)?,
        quota: i64::try_from(super::files::quota(ctx)).unwrap_or(i64::MAX),
    };
    let answer = or_refused!(call(&ctx.env, &pid, &me, "/contract/act", &a).await?);
    let view: View = serde_json::from_value(answer.get("view").cloned().unwrap_or(Value::Null)).map_err(|_| ApiError::internal())?;
    let moved: Moved = serde_json::from_value(answer.get("moved").cloned().unwrap_or(Value::Null)).map_err(|_| ApiError::internal())?;
    tell(ctx, &l, &moved).await?;
    ok(&page(&l, &view))
}

/// Tells the people a move names (never the actor), in one batch.
async fn tell(ctx: &Ctx, l: &Loaded, m: &Moved) -> Result<(), ApiError> {
    let Some(p) = l.project.as_ref() else { return Ok(()) };
    let me = ctx.actor()?.user_id.clone();
    let coordinator = l.process.as_ref().and_then(|x| x.coordinator_id.clone());
    let mut everyone: Vec<String> = l.members.iter().map(|x| x.user_id.clone()).collect();
    everyone.extend(coordinator.clone());
    let here = format!("{}/projects/{}/contract", ctx.base_url, p.id);
    let mut statements = Vec::new();
    for (recipient, kind) in &m.tell {
        let Some(kind) = Kind::parse(kind) else { continue };
        let people: Vec<String> = match recipient.as_str() {
            "signatories" => everyone.clone(),
            "unsigned" => m.unsigned.clone(),
            "drafter" => vec![m.drafter_id.clone()],
            "coordinator" => coordinator.iter().cloned().collect(),
            _ => Vec::new(),
        };
        for person in people.iter().filter(|x| **x != me) {
            let n = Notice { to: To::User(person), kind, project: Some(&p.id), community: Some(&p.community_id), actor: Some(&me), title: &p.title, note: "", link: &here };
            statements.extend(notify(&ctx.db, &n, ctx.now, None)?);
        }
    }
    if !statements.is_empty() {
        super::store::batch(&ctx.db, statements).await?;
        super::mail::deliver_soon(ctx);
    }
    Ok(())
}
