//! The oversight panel (#12): one project in figures and dates only, for its coordinator and community admins, and
//! the same for its members. Never text, goal titles, topics, file names or message subjects: it reads D1 alone
//! (what the project's space pushes there is figures), in one batch.

use super::http::{ok, ApiResult, Ctx};
use super::store::activity::Activity;
use super::store::health::{self as store, PanelProject, Stored};
use super::store::journey::{Process, Progress};
use crate::domain::error::ApiError;
use crate::domain::health::DAY_MS;
use serde_json::{json as j, Value};

/// `GET /api/projects/{project}/oversight`.
pub async fn panel(ctx: &mut Ctx) -> ApiResult {
    let pid = ctx.param("project")?.to_string();
    let a = ctx.actor()?;
    if !(a.project.member || a.project.community_admin) {
        return Err(ApiError::not_found());
    }
    let viewer = super::health::Viewer { user_id: a.user_id.clone(), coordinator: a.project.coordinator, admin: a.project.community_admin };
    let rows = super::store::batch(&ctx.db, store::panel_reads(&ctx.db, &pid)?).await?;
    let p: PanelProject = super::store::one(&rows, 0)?.ok_or_else(ApiError::not_found)?;
    let process: Option<Process> = super::store::one(&rows, 1)?;
    let progress: Option<Progress> = super::store::one(&rows, 2)?;
    let activity: Option<Activity> = super::store::one(&rows, 3)?;
    let health: Option<Stored> = super::store::one(&rows, 4)?;
    let shared: Option<store::LastShare> = super::store::one(&rows, 5)?;
    let evaluations: Vec<super::store::evaluation::Counts> = super::store::rows(&rows, 6)?;
    let now = ctx.now;
    let detail: Value = progress.as_ref().and_then(|x| serde_json::from_str(&x.detail).ok()).unwrap_or(Value::Null);
    let list = |k: &str| detail.get(k).and_then(Value::as_array).cloned().unwrap_or_default();
    // Each part keeps only its figures and dates, whatever the space pushed beside them.
    let pick = |v: &Value, keys: &[&str]| -> Value { Value::Object(keys.iter().filter_map(|k| Some(((*k).to_string(), v.get(*k)?.clone()))).collect()) };

    let (stage, template) = match process.as_ref() {
        Some(pr) => {
            let t = super::journey::template_from(&pr.journey_ref, pr.journey_body.as_deref())?;
            let st = t.stage(pr.stage);
            (
                j!({
                    "index": pr.stage, "of": t.stages.len(), "title": st.map(|s| s.title.clone()), "since": pr.stage_since,
                    "days": (now - pr.stage_since).max(0) / DAY_MS, "expected_days": st.map(|s| s.days),
                }),
                Some(t),
            )
        }
        None => (Value::Null, None),
    };
    let sessions: Vec<Value> = list("sessions").iter().map(|s| pick(s, &["start_at", "mode", "state"])).collect();
    let diaries: Vec<Value> = list("diaries").iter().map(|d| pick(d, &["state", "submitted_at"])).collect();
    let goals: Vec<Value> = list("goals_detail").iter().map(|g| pick(g, &["state", "progress"])).collect();
    let contracts: Vec<Value> = list("contracts").iter().map(|c| pick(c, &["version", "state", "signed_at", "in_force_at"])).collect();
    let health = match health {
        Some(h) => {
            let reasons = super::health::visible_reasons(&h.reasons, &viewer)?;
            // The level these reasons make (a member's view leaves out another's private concern, and its level).
            let level = super::health::level_of(&reasons);
            j!({"level": level.as_str(), "reasons": reasons, "computed_at": super::health::seen_at(h.computed_at, &viewer), "hold_until": h.hold_until.filter(|u| *u > now)})
        }
        None => Value::Null,
    };
    let tool = |last: Option<i64>, week: i64, total: i64| j!({"last_at": last, "week": week, "total": total});
    let activity = activity.map_or(Value::Null, |a| {
        j!({
            "chat": tool(a.chat_last_at, a.chat_week, a.chat_messages),
            "messages": tool(a.messages_last_at, a.messages_week, a.private_messages),
            "documents": j!({"last_at": a.files_last_at, "files": a.files}),
            "at": a.at,
        })
    });
    ok(&j!({
        "project": {"id": p.id, "title": p.title, "state": p.state, "updated_at": p.updated_at},
        "coordinator": process.as_ref().map(|pr| j!({"id": pr.coordinator_id, "name": pr.coordinator_name})),
        "stage": stage,
        "health": health,
        "contract": progress.as_ref().map(|x| j!({"state": x.contract_state, "version": x.contract_version, "versions": contracts})),
        "goals": progress.as_ref().map(|x| j!({"count": x.goals, "agreed": x.goals_agreed, "items": goals})),
        "sessions": {"held": progress.as_ref().map_or(0, |x| x.sessions_held), "next_at": progress.as_ref().and_then(|x| x.next_session_at), "items": sessions},
        "diaries": {"missing": progress.as_ref().map_or(0, |x| x.diaries_missing), "items": diaries},
        "interactions": {"count": progress.as_ref().map_or(0, |x| x.interactions), "min": template.as_ref().map(|t| t.min_interactions),
                         "last_at": detail.get("last_interaction_at")},
        "activity": activity,
        "evaluations": evaluations,
        "report": {"state": detail.get("report"), "shared_at": shared.as_ref().map(|x| x.shared_at),
                   "shared_sections": shared.as_ref().map(|x| x.sections.split(',').collect::<Vec<_>>())},
    }))
}
