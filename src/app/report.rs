//! The final report (#12): the members write and approve it, a mentee makes it final (filed in the folder) and
//! shares chosen sections with the coordinator, who receives a frozen copy. The rules are `domain::report`; the
//! report's text is in the project's space.

use super::http::{id, ok, ApiResult, Ctx};
use super::space::client::{call, or_refused};
use super::space::report::Op;
use super::store::notifications::{notify, Notice, To};
use super::store::report::{self as store, Share};
use crate::domain::error::{ApiError, Invalid};
use crate::domain::input::input;
use crate::domain::notifications::Kind;
use crate::domain::report as rules;
use serde_json::json as j;

/// Who asks, as the space needs it: a member, their role, and the project's active mentees.
async fn op(ctx: &mut Ctx, pid: &str, action: &str) -> Result<Op, ApiError> {
    let l = super::journey::loaded(ctx, pid).await?;
    let p = l.project.as_ref().ok_or_else(ApiError::not_found)?;
    let a = ctx.actor()?;
    if action != "view" && !matches!(p.state.as_str(), "active" | "completed") {
        return Err(ApiError::conflict("not_active", "This project's report can no longer change."));
    }
    Ok(Op {
        user_id: a.user_id.clone(),
        mentee: a.project.mentee && a.project.member,
        mentor: a.project.mentor && a.project.member,
        mentees: l.members.iter().filter(|m| m.role == "mentee").map(|m| m.user_id.clone()).collect(),
        action: action.into(),
        reached: None,
        mentor_text: None,
        document: String::new(),
        parts: 0,
        file_id: id(ctx.now)?,
        quota: i64::try_from(super::files::quota(ctx)).unwrap_or(i64::MAX),
        at: ctx.now,
    })
}

/// `GET /api/projects/{project}/report`.
pub async fn view(ctx: &mut Ctx) -> ApiResult {
    let pid = ctx.param("project")?.to_string();
    let o = op(ctx, &pid, "view").await?;
    let v = or_refused!(call(&ctx.env, &pid, &o.user_id, "/report", &o).await?);
    ok(&v)
}

input! {
    struct EditInput {
        reached: Option<String>,
        mentor: Option<String>,
    }
}

/// `PUT /api/projects/{project}/report`: the mentees' section, or the mentor's.
pub async fn edit(ctx: &mut Ctx) -> ApiResult {
    let pid = ctx.param("project")?.to_string();
    let input: EditInput = ctx.json().await?;
    if input.reached.is_none() && input.mentor.is_none() {
        return Err(Invalid::new("reached", "required", "Write the section you change.").into());
    }
    let mut o = op(ctx, &pid, "edit").await?;
    o.reached = input.reached;
    o.mentor_text = input.mentor;
    let v = or_refused!(call(&ctx.env, &pid, &o.user_id, "/report", &o).await?);
    ok(&v)
}

input! {
    struct ActInput {
        action: String,
        document: Option<String>,
        sections: Option<Vec<String>>,
        text: Option<String>,
    }
}

/// `POST /api/projects/{project}/report/actions`: approve (a mentee), add_mentor (the mentor), finalise (a mentee,
/// with the text assembled in the browser), share (a mentee: the ticked sections, frozen for the coordinator).
pub async fn act(ctx: &mut Ctx) -> ApiResult {
    let pid = ctx.param("project")?.to_string();
    let input: ActInput = ctx.json().await?;
    let action = input.action.as_str();
    if !matches!(action, "approve" | "add_mentor" | "finalise" | "share") {
        return Err(Invalid::new("action", "not_in_list", "Choose approve, add_mentor, finalise or share.").into());
    }
    // Every field sent is read by its rule, whatever the action (one that does not use it still refuses it bad).
    if let Some(d) = &input.document {
        rules::DOCUMENT.parse("document", d)?;
    }
    if let Some(t) = &input.text {
        rules::DOCUMENT.parse("text", t)?;
    }
    if let Some(list) = input.sections.as_ref().filter(|l| !l.is_empty()) {
        rules::parse_sections(list)?;
    }
    if action == "share" {
        return share(ctx, &pid, input).await;
    }
    let mut o = op(ctx, &pid, action).await?;
    o.document = input.document.unwrap_or_default();
    let v = or_refused!(call(&ctx.env, &pid, &o.user_id, "/report", &o).await?);
    ok(&v)
}

async fn share(ctx: &mut Ctx, pid: &str, input: ActInput) -> ApiResult {
    let sections = rules::parse_sections(&input.sections.unwrap_or_default())?;
    let text = rules::DOCUMENT.parse("text", input.text.as_deref().unwrap_or_default())?;
    let mut o = op(ctx, pid, "check_share").await?;
    o.document = text.clone();
    o.parts = i64::try_from(sections.len()).unwrap_or(0);
    or_refused!(call(&ctx.env, pid, &o.user_id, "/report", &o).await?);
    let l = super::journey::loaded(ctx, pid).await?;
    let p = l.project.as_ref().ok_or_else(ApiError::not_found)?;
    let coordinator = l.process.as_ref().filter(|c| c.coordinator_active > 0).and_then(|c| c.coordinator_id.clone());
    let to = coordinator.as_deref().map_or(To::CommunityAdmins(&p.community_id), To::User);
    let link = format!("{}/projects/{pid}/report", ctx.base_url);
    let title = p.name().to_string();
    let notices = notify(&ctx.db, &Notice { to, kind: Kind::ReportShared, project: Some(pid), community: Some(&p.community_id), actor: Some(&o.user_id), title: &title, note: "", link: &link }, ctx.now, None)?;
    let list = sections.join(",");
    let s = Share { id: &id(ctx.now)?, project: pid, sections: &list, text: &text, by: &o.user_id, event_id: &id(ctx.now)?, now: ctx.now };
    store::share(&ctx.db, &s, notices).await?;
    super::mail::deliver_soon(ctx);
    shares(ctx).await
}

/// `GET /api/projects/{project}/report/shares`: the copies shared with the coordinator (the coordinator and the
/// members read them; nobody else).
pub async fn shares(ctx: &mut Ctx) -> ApiResult {
    let pid = ctx.param("project")?.to_string();
    let a = ctx.actor()?;
    if !(a.project.member || a.project.coordinator) {
        return Err(ApiError::not_found());
    }
    let list: Vec<serde_json::Value> = store::shares(&ctx.db, &pid)
        .await?
        .into_iter()
        .map(|s| j!({"id": s.id, "sections": s.sections.split(',').collect::<Vec<_>>(), "text": s.text, "shared_by": s.shared_by, "shared_by_name": s.shared_by_name, "shared_at": s.shared_at}))
        .collect();
    ok(&j!({"shares": list}))
}
