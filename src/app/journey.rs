//! Each project's journey (its coordinator, the template version it follows, its stage and checklist) and a
//! community's journey templates.

use super::http::{id, json, ok, ApiResult, Ctx};
use super::store::journey::{self as store, Handover, NewJourney, Process, Step};
use super::store::mentoring::{self as mentoring_store, Context as Loaded};
use super::store::notifications::{notify, Notice, To};
use crate::domain::error::{ApiError, Invalid};
use crate::domain::input::input;
use crate::domain::journey::{self, Progress, Template};
use crate::domain::notifications::Kind;
use crate::domain::policy::ProjectRelation;
use crate::domain::token::is_id_shaped;
use super::space::journey::Who;
use serde_json::{json as j, Value};

/// The template a project follows: a built-in one by key, or the community's stored version.
pub fn template_of(p: &Process) -> Result<Template, ApiError> {
    template_from(&p.journey_ref, p.journey_body.as_deref())
}

/// A journey by its ref: a built-in one, or a community's (its stored body).
pub fn template_from(journey_ref: &str, body: Option<&str>) -> Result<Template, ApiError> {
    if let Some(key) = journey_ref.strip_prefix("builtin:") {
        return journey::built_in(key).ok_or_else(ApiError::internal);
    }
    let body = body.ok_or_else(ApiError::internal)?;
    let v: Value = serde_json::from_str(body).map_err(|_| ApiError::internal())?;
    Template::parse(&v).map_err(|_| ApiError::internal())
}

use crate::domain::community::Modules;

/// The process part of the project page. Members and the coordinator get the journey, the stage and its checklist;
/// other community admins get the stage and the figures only. `progress`: live from the space (members), or as last
/// pushed to D1.
pub fn overview(p: &Process, progress: &Progress, relation: ProjectRelation, modules: Modules) -> Result<Value, ApiError> {
    let t = template_of(p)?;
    let stage = t.stage(p.stage);
    let progress = &progress.with_modules(modules);
    let checklist = stage.map(|s| journey::checklist(s, progress, t.min_interactions, modules)).unwrap_or_default();
    let coordinator = j!({"id": p.coordinator_id, "display_name": p.coordinator_name});
    if !(relation.member || relation.coordinator) {
        return Ok(j!({
            "coordinator": coordinator, "stage": p.stage, "stages": t.stages.len(), "stage_since": p.stage_since,
            "checklist": checklist, "progress": progress, "min_interactions": t.min_interactions,
        }));
    }
    Ok(j!({
        "coordinator": coordinator,
        "journey": {
            "ref": p.journey_ref, "version": p.journey_version, "key": p.journey_key, "title": t.title, "description": t.description,
            "stages": t.stages, "min_interactions": t.min_interactions, "duration_months": t.duration_months,
            "action_plan": t.action_plan, "agenda": t.agenda, "goal_library": t.goal_library,
            "clauses": t.clauses, "contract_drafter": t.contract_drafter, "mentees_edit_plan": t.mentees_edit_plan,
        },
        "stage": p.stage,
        "stage_since": p.stage_since,
        "checklist": checklist,
        "progress": progress,
        "min_interactions": t.min_interactions,
    }))
}

/// A project's figures as D1 last had them (for those who do not open its space).
pub fn stored_progress(s: Option<&store::Progress>, mentees: i64) -> Progress {
    let Some(s) = s else { return Progress { mentees, ..Progress::default() } };
    let detail: Value = serde_json::from_str(&s.detail).unwrap_or(Value::Null);
    let n = |k: &str| detail.get(k).and_then(Value::as_i64).unwrap_or(0);
    Progress {
        contract_in_force: s.contract_state == "in_force" || n("contract_in_force") > 0,
        mentees,
        mentees_with_agreed_goal: n("mentees_with_agreed_goal"),
        sessions_held: s.sessions_held,
        next_session_at: s.next_session_at,
        diaries_missing: s.diaries_missing,
        interactions: s.interactions,
        goals_open: n("goals_open"),
        goals_unreviewed: n("goals_unreviewed"),
        sessions_with_diary: detail.pointer("/interactions_detail/sessions").and_then(Value::as_i64).unwrap_or(0),
    }
}

async fn process_or_404(ctx: &Ctx, project: &str) -> Result<Process, ApiError> {
    store::process(&ctx.db, project).await?.ok_or_else(|| ApiError::conflict("not_active", "This project has not started: its process begins when it is active."))
}

/// The project's live figures, from its space.
pub async fn live_progress(ctx: &Ctx, project: &str, mentor: &str, mentees: &[String]) -> Result<Progress, ApiError> {
    let me = ctx.actor()?.user_id.clone();
    super::space::client::call_as(&ctx.env, project, &me, "/journey/progress", &j!({"mentor": mentor, "mentees": mentees, "at": ctx.now}))
        .await?
        .map_err(|_| ApiError::internal())
}

input! {
    struct CoordinatorInput {
        user_id: String,
        note: String,
    }
}

/// A community admin makes another (or themselves) the project's coordinator (the dispatcher answers with the
/// project's page, as after every change of its process).
pub async fn set_coordinator(ctx: &mut Ctx) -> Result<(), ApiError> {
    let pid = ctx.param("project")?.to_string();
    let input: CoordinatorInput = ctx.json().await?;
    if !is_id_shaped(&input.user_id) {
        return Err(Invalid::new("user_id", "required", "Choose a community admin.").into());
    }
    let note = journey::STAGE_NOTE.parse("note", &input.note)?;
    let p = super::store::mentoring::project(&ctx.db, &pid).await?.ok_or_else(ApiError::not_found)?;
    let process = process_or_404(ctx, &pid).await?;
    if process.coordinator_id.as_deref() == Some(input.user_id.as_str()) {
        return Ok(());
    }
    let admins = super::store::communities::admins(&ctx.db, &p.community_id).await?;
    if !admins.iter().any(|a| a == &input.user_id) {
        return Err(Invalid::new("user_id", "not_community_admin", "The coordinator must be an admin of this community.").into());
    }
    let actor = ctx.actor()?.user_id.clone();
    let h = Handover {
        project: &pid,
        community: &p.community_id,
        to: &input.user_id,
        actor: &actor,
        event_id: &id(ctx.now)?,
        audit_id: &id(ctx.now)?,
        note: &note,
        now: ctx.now,
    };
    if !store::set_coordinator(&ctx.db, &h).await? {
        return Err(ApiError::conflict("changed_meanwhile", "The project changed meanwhile: reload it and try again."));
    }
    let here = format!("{}/projects/{pid}", ctx.base_url);
    let mut tell = Vec::new();
    for to in [To::ProjectMembers(&pid), To::User(&input.user_id)] {
        let n = Notice { to, kind: Kind::CoordinatorChanged, project: Some(&pid), community: Some(&p.community_id), actor: Some(&actor), title: &p.title, note: &note, link: &here };
        tell.extend(notify(&ctx.db, &n, ctx.now, None)?);
    }
    super::store::batch(&ctx.db, tell).await?;
    super::mail::deliver_soon(ctx);
    Ok(())
}

input! {
    struct StageInput {
        note: String,
    }
}

/// The mentor (or the coordinator) moves the project on to its next stage.
pub async fn move_on(ctx: &mut Ctx) -> Result<(), ApiError> {
    let pid = ctx.param("project")?.to_string();
    let input: StageInput = ctx.json().await?;
    let relation = ctx.actor()?.project;
    if !(relation.coordinator || relation.mentor && relation.member) {
        return Err(ApiError::new(403, "not_allowed", "The mentor moves the project on to its next stage."));
    }
    let p = super::store::mentoring::project(&ctx.db, &pid).await?.ok_or_else(ApiError::not_found)?;
    if p.state != "active" {
        return Err(ApiError::conflict("not_active", "Only an active project moves on through its stages."));
    }
    let process = process_or_404(ctx, &pid).await?;
    let t = template_of(&process)?;
    let mentees = super::store::mentoring::active_mentees(&ctx.db, &pid).await?;
    let mentor = p.mentor_id.clone().unwrap_or_default();
    let progress = live_progress(ctx, &pid, &mentor, &mentees).await?;
    let modules = ctx.actor()?.modules;
    let to = journey::move_on(&t, process.stage, &progress.with_modules(modules), &input.note, modules)?;
    let actor = ctx.actor()?.user_id.clone();
    let note = input.note.trim().to_string();
    let step = Step { project: &pid, actor: &actor, event_id: &id(ctx.now)?, note: &note, now: ctx.now };
    if !store::move_stage(&ctx.db, &step, process.stage, to).await? {
        return Err(ApiError::conflict("changed_meanwhile", "The project moved on meanwhile: reload it."));
    }
    let here = format!("{}/projects/{pid}", ctx.base_url);
    let title = t.stage(to).map(|s| s.title.clone()).unwrap_or_default();
    let n = Notice { to: To::ProjectMembers(&pid), kind: Kind::StageChanged, project: Some(&pid), community: Some(&p.community_id), actor: Some(&actor), title: &p.title, note: &title, link: &here };
    let mut tell = notify(&ctx.db, &n, ctx.now, None)?;
    if let Some(c) = process.coordinator_id.as_deref().filter(|c| *c != actor) {
        tell.extend(notify(&ctx.db, &Notice { to: To::User(c), ..n }, ctx.now, None)?);
    }
    super::store::batch(&ctx.db, tell).await?;
    super::mail::deliver_soon(ctx);
    Ok(())
}

input! {
    struct JourneyChoice {
        journey_id: String,
        note: String,
    }
}

/// The coordinator moves a running project to another published version of a template (its stage stays, within
/// the new version's stages).
pub async fn change_journey(ctx: &mut Ctx) -> Result<(), ApiError> {
    let pid = ctx.param("project")?.to_string();
    let input: JourneyChoice = ctx.json().await?;
    if !ctx.actor()?.project.coordinator {
        return Err(ApiError::new(403, "not_allowed", "The project's coordinator chooses its journey."));
    }
    let note = journey::STAGE_NOTE.parse("note", &input.note)?;
    let p = super::store::mentoring::project(&ctx.db, &pid).await?.ok_or_else(ApiError::not_found)?;
    if p.state != "active" {
        return Err(ApiError::conflict("not_active", "Only an active project changes its journey."));
    }
    let process = process_or_404(ctx, &pid).await?;
    let (to_ref, t) = if let Some(key) = input.journey_id.strip_prefix("builtin:") {
        let t = journey::built_in(key).ok_or_else(|| Invalid::new("journey_id", "not_found", "There is no such template."))?;
        (input.journey_id.clone(), t)
    } else {
        let found = store::journey(&ctx.db, &p.community_id, &input.journey_id).await?.filter(|j| j.state == "published");
        let found = found.ok_or_else(|| Invalid::new("journey_id", "not_found", "Choose a published template of this community."))?;
        let v: Value = serde_json::from_str(&found.body).map_err(|_| ApiError::internal())?;
        (found.id.clone(), Template::parse(&v).map_err(|_| ApiError::internal())?)
    };
    let stages = t.stages.len();
    let from_title = template_of(&process)?.title;
    if to_ref == process.journey_ref {
        return Ok(());
    }
    let stage = process.stage.min(i64::try_from(stages).unwrap_or(1) - 1).max(0);
    let actor = ctx.actor()?.user_id.clone();
    let step = Step { project: &pid, actor: &actor, event_id: &id(ctx.now)?, note: &note, now: ctx.now };
    if !store::change_journey(&ctx.db, &step, &process.journey_ref, &to_ref, stage, (&from_title, &t.title)).await? {
        return Err(ApiError::conflict("changed_meanwhile", "The project changed meanwhile: reload it."));
    }
    Ok(())
}

// A community's templates ------------------------------------------------------------------------------------

fn stored_json(j: &store::Journey) -> Value {
    let body: Value = serde_json::from_str(&j.body).unwrap_or(Value::Null);
    j!({"id": j.id, "key": j.key, "version": j.version, "state": j.state, "title": j.title, "is_default": j.is_default == 1,
        "created_at": j.created_at, "published_at": j.published_at, "template": body})
}

/// The community's templates (every version) and Tandem's built-in ones, with the one new projects take.
pub async fn templates(ctx: &mut Ctx) -> ApiResult {
    let community = ctx.param("community")?.to_string();
    let stored = store::journeys(&ctx.db, &community).await?;
    let default = stored.iter().find(|j| j.is_default == 1 && j.state == "published").map_or("builtin:three_stages".to_string(), |j| j.id.clone());
    let built_in: Vec<Value> = journey::BUILT_IN
        .iter()
        .filter_map(|k| journey::built_in(k).map(|t| j!({"id": format!("builtin:{k}"), "key": k, "template": t})))
        .collect();
    ok(&j!({"default": default, "built_in": built_in, "items": stored.iter().map(stored_json).collect::<Vec<_>>()}))
}

input! {
    struct NewTemplate {
        /// A built-in key (`builtin:three_stages`) or a stored version's id: the draft starts as its copy.
        from: String,
    }
}

/// A new draft: a copy of a built-in template (a new key) or the next version of a stored one.
pub async fn create_template(ctx: &mut Ctx) -> ApiResult {
    let community = ctx.param("community")?.to_string();
    let input: NewTemplate = ctx.json().await?;
    let (key, t) = if let Some(k) = input.from.strip_prefix("builtin:") {
        let t = journey::built_in(k).ok_or_else(|| Invalid::new("from", "not_found", "There is no such template."))?;
        (k.to_string(), t)
    } else {
        let found = store::journey(&ctx.db, &community, &input.from).await?;
        let found = found.ok_or_else(|| Invalid::new("from", "not_found", "There is no such template in this community."))?;
        let v: Value = serde_json::from_str(&found.body).map_err(|_| ApiError::internal())?;
        (found.key.clone(), Template::parse(&v).map_err(|_| ApiError::internal())?)
    };
    let body = serde_json::to_string(&t).map_err(|_| ApiError::internal())?;
    let new_id = id(ctx.now)?;
    let me = ctx.actor()?.user_id.clone();
    let made = store::create_draft(&ctx.db, &NewJourney { id: &new_id, community: &community, key: &key, title: &t.title, body: &body, by: &me, now: ctx.now }).await?;
    if !made {
        return Err(ApiError::conflict("draft_open", "A draft of this template is already open: edit it or publish it first.").with_field("from"));
    }
    let j = store::journey(&ctx.db, &community, &new_id).await?.ok_or_else(ApiError::internal)?;
    json(201, &stored_json(&j))
}

input! {
    struct TemplateChange {
        template: Value,
    }
}

/// Replaces a draft's content (published versions never change).
pub async fn update_template(ctx: &mut Ctx) -> ApiResult {
    let community = ctx.param("community")?.to_string();
    let jid = ctx.param("journey")?.to_string();
    let input: TemplateChange = ctx.json().await?;
    let t = Template::parse(&input.template).map_err(|mut e| {
        e.field = crate::domain::input::path("template", &e.field);
        e
    })?;
    let found = store::journey(&ctx.db, &community, &jid).await?.ok_or_else(ApiError::not_found)?;
    if found.state != "draft" {
        return Err(ApiError::conflict("published", "A published version never changes: start a new draft from it."));
    }
    let body = serde_json::to_string(&t).map_err(|_| ApiError::internal())?;
    if !store::update_draft(&ctx.db, &community, &jid, &t.title, &body).await? {
        return Err(ApiError::conflict("published", "A published version never changes: start a new draft from it."));
    }
    let j = store::journey(&ctx.db, &community, &jid).await?.ok_or_else(ApiError::internal)?;
    ok(&stored_json(&j))
}

input! {
    struct PublishInput {
        default: Option<bool>,
    }
}

/// Publishes a draft; with `default`, new projects of the community take it.
pub async fn publish_template(ctx: &mut Ctx) -> ApiResult {
    let community = ctx.param("community")?.to_string();
    let jid = ctx.param("journey")?.to_string();
    let input: PublishInput = ctx.json().await?;
    let found = store::journey(&ctx.db, &community, &jid).await?.ok_or_else(ApiError::not_found)?;
    if found.state != "draft" {
        return Err(ApiError::conflict("published", "This version is already published."));
    }
    let me = ctx.actor()?.user_id.clone();
    if !store::publish(&ctx.db, &community, &jid, input.default.unwrap_or(false), &me, &id(ctx.now)?, ctx.now).await? {
        return Err(ApiError::conflict("published", "This version is already published."));
    }
    let j = store::journey(&ctx.db, &community, &jid).await?.ok_or_else(ApiError::internal)?;
    ok(&stored_json(&j))
}

// What every process route shares -------------------------------------------------------------------------------

/// The project's context from D1 (it rode with the session check when it could).
pub async fn loaded(ctx: &mut Ctx, project: &str) -> Result<Loaded, ApiError> {
    match ctx.pre.take() {
        Some(pre) => mentoring_store::context_rows(&pre),
        None => mentoring_store::context_rows(&super::store::batch(&ctx.db, mentoring_store::context_reads(&ctx.db, project)?).await?),
    }
}

/// Who asks and the project's people and settings, as the space's process parts read them. `writing`: the project
/// must be active.
pub fn who(ctx: &Ctx, l: &Loaded, writing: bool) -> Result<Who, ApiError> {
    let p = l.project.as_ref().ok_or_else(ApiError::not_found)?;
    let process = l.process.as_ref().ok_or_else(|| ApiError::conflict("not_active", "This project has not started: its process begins when it is active."))?;
    if writing && p.state != "active" {
        return Err(ApiError::conflict("not_active", "This project is not active: its process can no longer change."));
    }
    let a = ctx.actor()?;
    let t = template_of(process)?;
    Ok(Who {
        user_id: a.user_id.clone(),
        member: a.project.member,
        mentor: a.project.mentor && a.project.member,
        mentee: a.project.mentee && a.project.member,
        coordinator: a.project.coordinator,
        mentees: l.members.iter().filter(|m| m.role == "mentee").map(|m| m.user_id.clone()).collect(),
        members: l.members.iter().map(|m| m.user_id.clone()).collect(),
        mentor_id: l.members.iter().find(|m| m.role == "mentor").map(|m| m.user_id.clone()).unwrap_or_default(),
        is_group: p.route == "group",
        mentees_edit: t.mentees_edit_plan,
        at: ctx.now,
    })
}

/// Tells people what a process part's answer names: `tell` is a list of (notification kind, user ids), in one batch.
pub async fn tell(ctx: &Ctx, l: &Loaded, tell: &Value, section: &str) -> Result<(), ApiError> {
    let Some(p) = l.project.as_ref() else { return Ok(()) };
    let Some(list) = tell.as_array() else { return Ok(()) };
    let me = ctx.actor()?.user_id.clone();
    let here = format!("{}/projects/{}/{section}", ctx.base_url, p.id);
    let mut statements = Vec::new();
    for item in list {
        let Some(kind) = item.get(0).and_then(Value::as_str).and_then(Kind::parse) else { continue };
        // Who writes the next diary is not news where the community turned the diary off.
        if kind == Kind::DiaryYours && !ctx.actor()?.modules.on(crate::domain::community::Module::Diary) {
            continue;
        }
        for person in item.get(1).and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).filter(|x| *x != me) {
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

// The action plan (organisational journeys) ---------------------------------------------------------------------

/// The journey's action plan grid, each row with how the project follows it (owner, due date, state, note).
pub async fn action_plan(ctx: &mut Ctx) -> ApiResult {
    let pid = ctx.param("project")?.to_string();
    let l = loaded(ctx, &pid).await?;
    let w = who(ctx, &l, false)?;
    let t = template_of(l.process.as_ref().ok_or_else(ApiError::not_found)?)?;
    let me = w.user_id.clone();
    let v = super::space::client::or_refused!(super::space::client::call(&ctx.env, &pid, &me, "/journey/items", &j!({})).await?);
    ok(&j!({"grid": t.action_plan, "items": v.get("items")}))
}

/// A member or the coordinator sets a row of the action plan.
pub async fn set_action_item(ctx: &mut Ctx) -> ApiResult {
    let pid = ctx.param("project")?.to_string();
    let item: journey::ItemInput = ctx.json().await?;
    let l = loaded(ctx, &pid).await?;
    let w = who(ctx, &l, true)?;
    let t = template_of(l.process.as_ref().ok_or_else(ApiError::not_found)?)?;
    let me = w.user_id.clone();
    let set = super::space::journey::SetItem { who: w, item, rows: i64::try_from(t.action_plan.len()).unwrap_or(0) };
    let v = super::space::client::or_refused!(super::space::client::call(&ctx.env, &pid, &me, "/journey/item", &set).await?);
    ok(&j!({"grid": t.action_plan, "items": v.get("items")}))
}
