//! Interaction health and escalation (#12): the daily pass over active projects (metadata only, rules in
//! `domain::health`), the project's health as its members and its coordinator see it, the coordinator's
//! acknowledgement and hold, "ask the coordinator for help", and the community's "Needs attention" queue.

use super::http::{id, ok, ApiResult, Ctx};
use crate::domain::community::Modules;
use super::store::health::{self as store, Acknowledgement, Assessed, Subject};
use super::store::notifications::{notify, Notice, To};
use super::store::Db;
use crate::domain::calendar;
use crate::domain::error::{ApiError, Invalid};
use crate::domain::health::{self as rules, Facts, Health, HoldMove, Level, Memory, Step, DAY_MS};
use crate::domain::input::input;
use crate::domain::notifications::Kind;
use serde_json::{json as j, Value};

/// How many projects one cron tick assesses (the rest wait for the next tick, a minute later).
const PER_TICK: i64 = 200;
const PAGE: i64 = 50;

/// The day's pass: every active project not assessed today (`only`: that one, now, whatever the day). Returns how
/// many were assessed.
pub async fn pass(db: &Db, now: i64, base_url: &str, only: Option<&str>) -> Result<usize, ApiError> {
    let day_start = if only.is_some() { i64::MAX } else { now - now.rem_euclid(DAY_MS) };
    let mut cursor = String::new();
    let mut n = 0;
    while i64::try_from(n).unwrap_or(i64::MAX) < PER_TICK {
        let page = store::due(db, day_start, &cursor, PAGE, only).await?;
        let Some(last) = page.last() else { break };
        cursor = last.project_id.clone();
        for s in &page {
            // Claimed first: a project another pass (or a coordinator) touched since it was read is left to it.
            if !store::claim(db, &s.project_id, s.computed_at, s.memory.as_deref(), now).await? {
                continue;
            }
            // One project that cannot be read is logged and skipped: the others are still assessed.
            let done = match assess(db, s, now, base_url) {
                Ok(statements) => super::store::batch(db, statements).await.map(|_| ()),
                Err(e) => Err(e),
            };
            match done {
                Ok(()) => n += 1,
                Err(e) => {
                    worker::console_error!("health: project {}: {}", s.project_id, e.message);
                    // Given back, so that the next tick tries again.
                    if let Err(e) = store::release(db, &s.project_id, now, s.computed_at.unwrap_or(0)).await {
                        worker::console_error!("health: project {}: {}", s.project_id, e.message);
                    }
                }
            }
        }
        if i64::try_from(page.len()).unwrap_or(0) < PAGE {
            break;
        }
    }
    Ok(n)
}

/// The facts of one project, from what its space pushed and its process.
fn facts(s: &Subject, memory: &Memory, now: i64) -> Result<(Facts, rules::Rules), ApiError> {
    let t = super::journey::template_from(&s.journey_ref, s.journey_body.as_deref())?;
    let detail: Value = s.detail.as_deref().map_or(Ok(Value::Null), serde_json::from_str).map_err(|_| ApiError::internal())?;
    let at = |k: &str| detail.get(k).and_then(Value::as_i64);
    let sessions: Vec<(i64, &str)> = detail
        .get("sessions")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(|x| Some((x.get("start_at")?.as_i64()?, x.get("state")?.as_str()?))).collect())
        .unwrap_or_default();
    let next_session_at = sessions.iter().filter(|(t, st)| *st == "planned" && *t > now).map(|(t, _)| *t).min();
    let last_session_at = sessions.iter().filter(|(t, st)| *st != "cancelled" && *t <= now).map(|(t, _)| *t).max();
    let f = Facts {
        now,
        started_at: s.started_at,
        duration_months: t.duration_months,
        min_interactions: t.min_interactions,
        interactions: s.interactions.unwrap_or(0),
        last_interaction_at: at("last_interaction_at"),
        contract_in_force: at("contract_in_force") == Some(1),
        next_session_at,
        last_session_at,
        diary_missing_since: at("diary_missing_since"),
        unanswered_since: at("unanswered_since"),
        stage_since: s.stage_since,
        stage_days: t.stage(s.stage).map_or(0, |st| st.days),
        fit_concern: s.fit_open > 0,
        help_requested: s.help_open > 0,
        holds: memory.holds.clone(),
        sessions_without_diary: s.sessions_held.unwrap_or(0) - detail.pointer("/interactions_detail/sessions").and_then(Value::as_i64).unwrap_or(0),
    }
    .with_modules(Modules::from_off(s.modules_off.as_deref()));
    Ok((f, t.health))
}

/// The reasons as stored: each in figures, with its level.
fn reasons_json(h: &Health, r: &rules::Rules) -> String {
    let list: Vec<Value> = h
        .reasons
        .iter()
        .map(|x| {
            let mut v = serde_json::to_value(x).unwrap_or(Value::Null);
            if let Some(o) = v.as_object_mut() {
                o.insert("level".into(), x.level(r).as_str().into());
            }
            v
        })
        .collect();
    Value::Array(list).to_string()
}

/// One project's assessment: its health stored with the ladder's notices, as one batch.
fn assess(db: &Db, s: &Subject, now: i64, base_url: &str) -> Result<Vec<worker::D1PreparedStatement>, ApiError> {
    let memory: Memory = s.memory.as_deref().filter(|m| *m != "{}").map(serde_json::from_str).transpose().map_err(|_| ApiError::internal())?.unwrap_or_default();
    let link = format!("{base_url}/projects/{}", s.project_id);
    if rules::hold_ended(s.hold_until, now) {
        // Its day came: back from hold (told and in the history); the next pass assesses it, the time held left out.
        let m = Moved { project: &s.project_id, community: &s.community_id, title: &s.title, version: s.version, actor: None, mv: HoldMove::Resume, memory: &memory };
        return held(db, &m, base_url, now);
    }
    if rules::on_hold(s.hold_until, now) {
        // On hold: its rules sleep, and it leaves the queue.
        let m = serde_json::to_string(&Memory { nudged: Vec::new(), trouble_since: None, coordinator_told_at: None, admins_told_at: None, ..memory }).map_err(|_| ApiError::internal())?;
        return Ok(vec![store::store(db, &Assessed { project: &s.project_id, level: "ok", reasons: "[]", memory: &m, needs_attention: false, now })?]);
    }
    let (f, r) = facts(s, &memory, now)?;
    let h = rules::assess(&f, &r);
    let (steps, next) = rules::ladder(&memory, &h, now);
    let m = serde_json::to_string(&next).map_err(|_| ApiError::internal())?;
    let reasons = reasons_json(&h, &r);
    let mut out = vec![store::store(
        db,
        &Assessed { project: &s.project_id, level: h.level.as_str(), reasons: &reasons, memory: &m, needs_attention: next.needs_attention(h.level, now), now },
    )?];
    let nudges: Vec<&str> = steps.iter().filter_map(|st| if let Step::Nudge(x) = st { Some(x.rule()) } else { None }).collect();
    let all_rules: Vec<&str> = h.reasons.iter().map(|x| x.rule()).collect();
    // Every admin hears of a private concern only as one.
    let mut shared: Vec<&str> = h.reasons.iter().map(|x| if x.private() { "private_concern" } else { x.rule() }).collect();
    shared.dedup();
    let (nudge_note, all_note, admins_note) = (nudges.join(","), all_rules.join(","), shared.join(","));
    let mut tell = |to: To, kind: Kind, note: &str| -> Result<(), ApiError> {
        let n = Notice { to, kind, project: Some(&s.project_id), community: Some(&s.community_id), actor: None, title: &s.title, note, link: &link };
        out.extend(notify(db, &n, now, None)?);
        Ok(())
    };
    if !nudges.is_empty() {
        tell(To::ProjectMembers(&s.project_id), Kind::HealthNudge, &nudge_note)?;
    }
    if steps.contains(&Step::TellCoordinator) {
        match s.coordinator_id.as_deref().filter(|_| s.coordinator_active > 0) {
            Some(c) => tell(To::User(c), Kind::HealthAtRisk, &all_note)?,
            // Without a coordinator, the community's admins are the first to hear.
            None => tell(To::CommunityAdmins(&s.community_id), Kind::HealthAtRisk, &all_note)?,
        }
    }
    if steps.contains(&Step::TellAdmins) {
        tell(To::CommunityAdmins(&s.community_id), Kind::HealthEscalated, &admins_note)?;
    }
    // "Are we well matched?": asked once, in the first stage, after the second session held.
    // (Not where the community turned evaluations off.)
    let evaluations = Modules::from_off(s.modules_off.as_deref()).on(crate::domain::community::Module::Evaluations);
    if evaluations && s.stage == 0 && s.sessions_held.unwrap_or(0) >= 2 && s.fit_asked == 0 {
        let round = super::http::id(now)?;
        let r = super::store::evaluation::Round {
            project: &s.project_id,
            round_id: &round,
            kind: "fit",
            requested_by: None,
            now,
            expires_at: now + crate::domain::evaluation::EXPIRES_MS,
        };
        out.push(super::store::evaluation::member_round(db, &r, None)?);
        let fit_link = format!("{link}/evaluations");
        let n = Notice { to: To::ProjectMembers(&s.project_id), kind: Kind::FitCheck, project: Some(&s.project_id), community: Some(&s.community_id), actor: None, title: &s.title, note: "", link: &fit_link };
        out.extend(notify(db, &n, now, None)?);
    }
    Ok(out)
}

// A project's health ------------------------------------------------------------------------------------------------

/// Who asks, in relation to the project.
pub(super) struct Viewer {
    pub user_id: String,
    pub coordinator: bool,
    pub admin: bool,
}

/// A project without an active coordinator has its health coordinated by every admin of its community: they
/// are the ones told, so they read what the coordinator would (a request for help, a fit concern).
async fn viewer(ctx: &Ctx, project: &str) -> Result<Viewer, ApiError> {
    let a = ctx.actor()?;
    let coordinator = a.project.coordinator || (a.project.community_admin && !store::has_coordinator(&ctx.db, project).await?);
    Ok(Viewer { user_id: a.user_id.clone(), coordinator, admin: a.project.community_admin })
}

/// The reasons this viewer may read: the coordinator all of them; other admins see a private one as "a private
/// concern"; members never see another's (their own help request is listed apart).
pub(super) fn visible_reasons(stored: &str, v: &Viewer) -> Result<Vec<Value>, ApiError> {
    let all: Vec<Value> = serde_json::from_str(stored).map_err(|_| ApiError::internal())?;
    Ok(all
        .into_iter()
        .filter_map(|r| {
            let private = matches!(r.get("rule").and_then(Value::as_str), Some("fit_concern" | "help_requested"));
            match (private, v.coordinator, v.admin) {
                (false, _, _) | (true, true, _) => Some(r),
                (true, false, true) => Some(j!({"rule": "private_concern", "level": r.get("level")})),
                (true, false, false) => None,
            }
        })
        .collect())
}

/// When the health was worked out, as this viewer may know it: admins the moment; members the day only (a moment
/// would tell them when another member's private concern or request for help made the pass run again).
pub(super) fn seen_at(computed_at: i64, v: &Viewer) -> i64 {
    if v.admin || v.coordinator { computed_at } else { computed_at - computed_at.rem_euclid(DAY_MS) }
}

/// The worst level among these reasons (ok without any).
pub(super) fn level_of(reasons: &[Value]) -> Level {
    reasons.iter().filter_map(|r| r.get("level").and_then(Value::as_str)).filter_map(Level::parse).max().unwrap_or(Level::Ok)
}

/// The project's health as this person may see it.
async fn health_view(ctx: &Ctx, pid: &str) -> Result<Value, ApiError> {
    let v = viewer(ctx, pid).await?;
    let (stored, help) = store::view(&ctx.db, pid, if v.coordinator { None } else { Some(&v.user_id) }).await?;
    let Some(h) = stored else {
        return Ok(j!({"level": null, "reasons": [], "computed_at": null, "hold_until": null, "help": help}));
    };
    let on_hold = h.hold_until.filter(|u| *u > ctx.now);
    // On hold, the rules sleep: what they said before the hold is not said now.
    let reasons = if on_hold.is_some() { Vec::new() } else { visible_reasons(&h.reasons, &v)? };
    let level = level_of(&reasons);
    let memory: Memory = serde_json::from_str(&h.memory).unwrap_or_default();
    let mut out = j!({
        "level": if h.computed_at == 0 && h.reasons == "[]" { Value::Null } else { level.as_str().into() },
        "reasons": reasons,
        "computed_at": seen_at(h.computed_at, &v),
        "hold_until": on_hold,
        "help": help,
    });
    if v.coordinator || v.admin {
        if let Some(o) = out.as_object_mut() {
            o.insert("needs_attention".into(), (h.needs_attention > 0).into());
            o.insert(
                "acknowledged".into(),
                j!({"at": memory.acknowledged_at, "by": h.ack_by, "by_name": h.ack_by_name, "note": h.ack_note, "snooze_until": memory.snooze_until}),
            );
        }
    }
    Ok(out)
}

/// `GET /api/projects/{project}/health`.
pub async fn view(ctx: &mut Ctx) -> ApiResult {
    let pid = ctx.param("project")?.to_string();
    let a = ctx.actor()?;
    if !(a.project.member || a.project.community_admin) {
        return Err(ApiError::not_found());
    }
    ok(&health_view(ctx, &pid).await?)
}

input! {
    struct AckInput {
        note: String,
        snooze_until: String,
    }
}

/// A date ("YYYY-MM-DD") as the start of that day, UTC.
fn day_of(field: &str, raw: &str) -> Result<i64, Invalid> {
    calendar::day_number(raw.trim())
        .map(|d| d.saturating_mul(DAY_MS))
        .ok_or_else(|| Invalid::new(field, "date_invalid", "Give a date as YYYY-MM-DD."))
}

/// `POST /api/projects/{project}/health/acknowledge`: the coordinator (or another community admin) has seen the
/// trouble; a note, and a date until which the ladder waits (unless the project gets worse).
pub async fn acknowledge(ctx: &mut Ctx) -> ApiResult {
    let pid = ctx.param("project")?.to_string();
    let input: AckInput = ctx.json().await?;
    let note = rules::ACK_NOTE.parse("note", &input.note)?;
    let until = day_of("snooze_until", &input.snooze_until)?;
    let h = store::of(&ctx.db, &pid).await?.ok_or_else(|| ApiError::conflict("nothing_to_acknowledge", "This project is not at risk."))?;
    let level = Level::parse(&h.level).unwrap_or(Level::Ok);
    // At risk, or a request for help still open (a project on hold rates ok, but its members may still ask).
    let asking = !store::open_requests(&ctx.db, &pid, None).await?.is_empty();
    if level < Level::AtRisk && !asking {
        return Err(ApiError::conflict("nothing_to_acknowledge", "This project is not at risk."));
    }
    let memory: Memory = serde_json::from_str(&h.memory).map_err(|_| ApiError::internal())?;
    let next = rules::acknowledge(&memory, level, ctx.now, until)?;
    let m = serde_json::to_string(&next).map_err(|_| ApiError::internal())?;
    let actor = ctx.actor()?.user_id.clone();
    let a = Acknowledgement { project: &pid, actor: &actor, note: &note, memory: &m, computed_at: h.computed_at, audit_id: &id(ctx.now)?, now: ctx.now };
    if !store::acknowledge(&ctx.db, &a).await? {
        return Err(ApiError::conflict("changed_meanwhile", "The project's health changed meanwhile: read it again."));
    }
    ok(&health_view(ctx, &pid).await?)
}

input! {
    struct HoldInput {
        until: String,
    }
}

/// `PUT /api/projects/{project}/hold`: on hold until a date (its rules sleep, it leaves the queue), the date moved,
/// or back with an empty date. A move of the project's life: the members are told, the history and the audit log
/// say so.
pub async fn hold(ctx: &mut Ctx) -> ApiResult {
    let pid = ctx.param("project")?.to_string();
    let input: HoldInput = ctx.json().await?;
    let until = if input.until.trim().is_empty() { None } else { Some(day_of("until", &input.until)?) };
    let p = super::store::mentoring::project(&ctx.db, &pid).await?.ok_or_else(ApiError::not_found)?;
    let stored = store::of(&ctx.db, &pid).await?;
    let mv = rules::hold_move(p.state == "active", stored.as_ref().and_then(|h| h.hold_until), until, ctx.now)?;
    let memory: Memory = stored.as_ref().map(|h| serde_json::from_str(&h.memory)).transpose().map_err(|_| ApiError::internal())?.unwrap_or_default();
    let actor = ctx.actor()?.user_id.clone();
    let title = p.name();
    let statements = held(&ctx.db, &Moved { project: &pid, community: &p.community_id, title, version: p.version, actor: Some(&actor), mv, memory: &memory }, &ctx.base_url, ctx.now)?;
    let results = super::store::batch(&ctx.db, statements).await?;
    if results.first().map_or(0, super::store::changes) != 1 {
        return Err(ApiError::conflict("changed_meanwhile", "The project changed meanwhile: read it again."));
    }
    if mv == HoldMove::Resume {
        pass(&ctx.db, ctx.now, &ctx.base_url, Some(&pid)).await?;
    }
    super::mail::deliver_soon(ctx);
    ok(&health_view(ctx, &pid).await?)
}

/// A hold's move, by a person or by the clock.
struct Moved<'a> {
    project: &'a str,
    community: &'a str,
    title: &'a str,
    version: i64,
    actor: Option<&'a str>,
    mv: HoldMove,
    memory: &'a Memory,
}

/// The statements of a hold's move: the move itself (first: its changes say whether it happened) and the members'
/// notice, guarded by the version it makes.
fn held(db: &Db, m: &Moved<'_>, base_url: &str, now: i64) -> Result<Vec<worker::D1PreparedStatement>, ApiError> {
    let memory = serde_json::to_string(&m.mv.memory(m.memory, now)).map_err(|_| ApiError::internal())?;
    let mut out = store::hold(
        db,
        &store::Hold { project: m.project, version: m.version, actor: m.actor, action: m.mv.action(), until: m.mv.until(), memory: &memory, audit_id: &id(now)?, event_id: &id(now)?, now },
    )?;
    let (kind, note) = match m.mv.until() {
        Some(u) => (Kind::ProjectOnHold, calendar::iso_date(u)),
        None => (Kind::ProjectResumed, String::new()),
    };
    let link = format!("{base_url}/projects/{}", m.project);
    let n = Notice { to: To::ProjectMembers(m.project), kind, project: Some(m.project), community: Some(m.community), actor: m.actor, title: m.title, note: &note, link: &link };
    out.extend(notify(db, &n, now, Some((m.project, m.version + 1)))?);
    Ok(out)
}

input! {
    struct HelpInput {
        text: String,
    }
}

/// `POST /api/projects/{project}/help`: a member asks the coordinator for help (with a text only if they wrote
/// one); the project is at risk at once, and the coordinator told.
pub async fn ask_help(ctx: &mut Ctx) -> ApiResult {
    let pid = ctx.param("project")?.to_string();
    let input: HelpInput = ctx.json().await?;
    let text = rules::HELP_TEXT.parse("text", &input.text)?;
    let a = ctx.actor()?;
    if !a.project.active {
        return Err(ApiError::conflict("not_active", "This project is not active."));
    }
    let me = a.user_id.clone();
    if !store::open_requests(&ctx.db, &pid, Some(&me)).await?.is_empty() {
        return Err(ApiError::conflict("help_open", "You have already asked: your coordinator has been told."));
    }
    let mut statements = store::ask_help(&ctx.db, &id(ctx.now)?, &pid, &me, &text, ctx.now)?;
    // The coordinator hears of it at once (the community's admins when the project has none), never its text.
    let l = super::journey::loaded(ctx, &pid).await?;
    let p = l.project.as_ref().ok_or_else(ApiError::not_found)?;
    let coordinator = l.process.as_ref().filter(|c| c.coordinator_active > 0).and_then(|c| c.coordinator_id.clone());
    let to = coordinator.as_deref().map_or(To::CommunityAdmins(&p.community_id), To::User);
    let title = p.name();
    let link = format!("{}/projects/{pid}", ctx.base_url);
    let n = Notice { to, kind: Kind::HelpRequested, project: Some(&pid), community: Some(&p.community_id), actor: Some(&me), title, note: "", link: &link };
    statements.extend(notify(&ctx.db, &n, ctx.now, None)?);
    super::store::batch(&ctx.db, statements).await?;
    pass(&ctx.db, ctx.now, &ctx.base_url, Some(&pid)).await?;
    super::mail::deliver_soon(ctx);
    ok(&health_view(ctx, &pid).await?)
}

input! {
    struct MessageInput {
        text: String,
        check_in: Option<bool>,
    }
}

/// `POST /api/projects/{project}/coordinator-message`: the coordinator (or another community admin) writes to the
/// project: every member reads it in the history and is told; with `check_in`, it proposes a check-in session (the
/// mentor plans it).
pub async fn message(ctx: &mut Ctx) -> ApiResult {
    let pid = ctx.param("project")?.to_string();
    let input: MessageInput = ctx.json().await?;
    let text = rules::MESSAGE.parse("text", &input.text)?;
    let p = super::store::mentoring::project(&ctx.db, &pid).await?.ok_or_else(ApiError::not_found)?;
    if p.state != "active" {
        return Err(ApiError::conflict("not_active", "This project is not active."));
    }
    let check_in = input.check_in.unwrap_or(false);
    let (action, kind) = if check_in { ("check_in", Kind::CheckInProposed) } else { ("coordinator_message", Kind::CoordinatorMessage) };
    let actor = ctx.actor()?.user_id.clone();
    let title = p.name().to_string();
    let link = format!("{}/projects/{pid}/people", ctx.base_url);
    let n = Notice { to: To::ProjectMembers(&pid), kind, project: Some(&pid), community: Some(&p.community_id), actor: Some(&actor), title: &title, note: &text, link: &link };
    let notices = notify(&ctx.db, &n, ctx.now, None)?;
    let m = store::Message { project: &pid, actor: &actor, action, text: &text, event_id: &id(ctx.now)?, audit_id: &id(ctx.now)?, now: ctx.now };
    store::message(&ctx.db, &m, notices).await?;
    super::mail::deliver_soon(ctx);
    ok(&j!({"sent": true}))
}

// The community's view ---------------------------------------------------------------------------------------------

/// `GET /api/communities/{community}/attention`: the community's active projects by stage and health, the "Needs
/// attention" queue, and those on hold. Figures and names of projects only, never their text.
pub async fn community(ctx: &mut Ctx) -> ApiResult {
    let cid = ctx.param("community")?.to_string();
    let me = ctx.actor()?.user_id.clone();
    let rows = store::community(&ctx.db, &cid).await?;
    let mut by_level = serde_json::Map::new();
    for l in Level::ALL {
        by_level.insert(l.as_str().into(), 0.into());
    }
    by_level.insert("unknown".into(), 0.into());
    let mut by_stage = std::collections::BTreeMap::<i64, i64>::new();
    let (mut queue, mut held) = (Vec::new(), Vec::new());
    // Each journey read once: the stage's title in the queue.
    let mut journeys = std::collections::HashMap::<&str, Option<crate::domain::journey::Template>>::new();
    for r in &rows {
        let stage_title = match (r.journey_ref.as_deref(), r.stage) {
            (Some(jr), Some(n)) => journeys
                .entry(jr)
                .or_insert_with(|| super::journey::template_from(jr, r.journey_body.as_deref()).ok())
                .as_ref()
                .and_then(|t| t.stage(n))
                .map(|s| s.title.clone()),
            _ => None,
        };
        let on_hold = r.hold_until.is_some_and(|u| u > ctx.now);
        let key = if on_hold { "unknown" } else { r.level.as_deref().unwrap_or("unknown") };
        if let Some(c) = by_level.get_mut(key) {
            *c = (c.as_i64().unwrap_or(0) + 1).into();
        }
        *by_stage.entry(r.stage.unwrap_or(0)).or_default() += 1;
        let coordinating = r.coordinator_id.as_deref() == Some(me.as_str()) || r.coordinator_active == 0;
        let v = Viewer { user_id: me.clone(), coordinator: coordinating, admin: true };
        let item = j!({
            "project_id": r.project_id, "title": r.title, "coordinator_id": r.coordinator_id, "coordinator_name": r.coordinator_name,
            "stage": r.stage, "stage_title": stage_title, "level": r.level, "reasons": visible_reasons(r.reasons.as_deref().unwrap_or("[]"), &v)?,
            "computed_at": r.computed_at, "hold_until": r.hold_until.filter(|_| on_hold),
        });
        if on_hold {
            held.push(item);
        } else if r.needs_attention == Some(1) {
            queue.push(item);
        }
    }
    let stages: Vec<Value> = by_stage.into_iter().map(|(stage, n)| j!({"stage": stage, "projects": n})).collect();
    ok(&j!({"active": rows.len(), "by_level": by_level, "by_stage": stages, "needs_attention": queue, "on_hold": held}))
}
