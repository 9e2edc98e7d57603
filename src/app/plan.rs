//! The session plan: sessions planned one by one or by a repeat rule (in the organiser's zone, right across daylight
//! saving), moved, proposed changes, marked held, missed or cancelled; each session as an `.ics` file, and each
//! member's private calendar feed of their sessions. The zone rules come from the runtime's `Intl`.

use super::http::{id, json, secret, ApiResult, Ctx};
use super::journey::{loaded, tell, who};
use super::space::client::{call, call_many, or_refused};
use super::space::plan::Op;
use super::store::mentoring::Context as Loaded;
use crate::domain::error::{ApiError, Invalid};
use crate::domain::input::input;
use crate::domain::plan::{self as rules, EditInput, ProposalInput, RepeatInput, RescheduleInput, Series, SessionInput};
use serde_json::{json as j, Value};
use super::zones::IntlZones;

fn blank(w: super::space::journey::Who, op: &str, session: &str) -> Op {
    Op {
        who: w,
        op: op.into(),
        id: session.into(),
        ids: Vec::new(),
        starts: Vec::new(),
        session: None,
        edit: None,
        reschedule: None,
        proposal: None,
        item: String::new(),
        accept: false,
        action: String::new(),
        reason: String::new(),
    }
}

/// The members with their names and zones (profiles), for times shown in everyone's zone and the hours warning.
fn people(l: &Loaded) -> Vec<Value> {
    l.members.iter().map(|m| j!({"id": m.user_id, "display_name": m.display_name, "role": m.role, "timezone": m.timezone})).collect()
}

/// Warnings for sessions this operation made or moved that fall outside 08:00-21:00 for a participant.
fn warnings(l: &Loaded, v: &Value) -> Vec<Value> {
    let zones = IntlZones::default();
    let participants: Vec<(String, String)> =
        l.members.iter().map(|m| (m.user_id.clone(), if m.timezone.is_empty() { "UTC".to_string() } else { m.timezone.clone() })).collect();
    let touched: Vec<&str> = v.get("touched").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).collect();
    let mut out = Vec::new();
    for s in v.get("sessions").and_then(Value::as_array).into_iter().flatten() {
        let sid = s.get("id").and_then(Value::as_str).unwrap_or("");
        if !touched.contains(&sid) {
            continue;
        }
        let (start, minutes) = (s.get("start_at").and_then(Value::as_i64).unwrap_or(0), s.get("duration").and_then(Value::as_i64).unwrap_or(0));
        for w in rules::outside_hours(start, minutes, &participants, &zones) {
            out.push(j!({"session": sid, "user_id": w.user_id, "local_start": w.local_start, "local_end": w.local_end}));
        }
    }
    out
}

async fn run(ctx: &mut Ctx, o: impl FnOnce(super::space::journey::Who) -> Result<Op, ApiError> + 'static, status: u16) -> ApiResult {
    // One body for every operation (the closure is boxed), not one per caller.
    run_one(ctx, Box::new(o), status).await
}

async fn run_one(ctx: &mut Ctx, o: Box<dyn FnOnce(super::space::journey::Who) -> Result<Op, ApiError>>, status: u16) -> ApiResult {
    let pid = ctx.param("project")?.to_string();
    let l = loaded(ctx, &pid).await?;
    let w = who(ctx, &l, true)?;
    let me = w.user_id.clone();
    let op = o(w)?;
    let listing = op.op == "list";
    let mut v = or_refused!(call(&ctx.env, &pid, &me, "/plan", &op).await?);
    if !listing {
        if let Some(t) = v.get("tell").cloned() {
            tell(ctx, &l, &t, "plan").await?;
        }
    }
    let warned = warnings(&l, &v);
    if let Some(obj) = v.as_object_mut() {
        obj.remove("tell");
        obj.remove("touched");
        obj.insert("warnings".into(), Value::Array(warned));
        obj.insert("people".into(), Value::Array(people(&l)));
    }
    json(status, &v)
}

/// The plan: every session with its number, moves, proposals and diary state; the people with their zones.
pub async fn list(ctx: &mut Ctx) -> ApiResult {
    let pid = ctx.param("project")?.to_string();
    let l = loaded(ctx, &pid).await?;
    let w = who(ctx, &l, false)?;
    let me = w.user_id.clone();
    let mut v = or_refused!(call(&ctx.env, &pid, &me, "/plan", &blank(w, "list", "")).await?);
    if let Some(obj) = v.as_object_mut() {
        obj.remove("tell");
        obj.remove("touched");
        obj.insert("people".into(), Value::Array(people(&l)));
    }
    json(200, &v)
}

pub async fn create(ctx: &mut Ctx) -> ApiResult {
    let input: SessionInput = ctx.json().await?;
    let new_id = id(ctx.now)?;
    run(ctx, move |w| Ok(Op { session: Some(input), ..blank(w, "create", &new_id) }), 201).await
}

/// A repeat rule: every n weeks on a weekday at a wall-clock time in a zone, between two dates (at most 100).
pub async fn create_series(ctx: &mut Ctx) -> ApiResult {
    let input: RepeatInput = ctx.json().await?;
    let series = Series::parse(&input, &IntlZones::default(), ctx.now)?;
    let mut ids = Vec::new();
    for _ in &series.starts {
        ids.push(id(ctx.now)?);
    }
    if series.starts.last().is_some_and(|last| *last > ctx.now + rules::MAX_AHEAD_MS) {
        return Err(Invalid::new("until", "session_too_far", "Plan sessions at most three years ahead.").into());
    }
    let first = *series.starts.first().ok_or_else(|| Invalid::new("from", "no_sessions", "No future date in this range falls on that weekday: check the weekday and the dates."))?;
    let session = SessionInput {
        topic: input.topic,
        start: first,
        zone: series.zone.clone(),
        duration: input.duration,
        mode: input.mode,
        place: input.place,
        homework: String::new(),
        diarist: None,
    };
    run(ctx, move |w| Ok(Op { session: Some(session), ids, starts: series.starts, ..blank(w, "create", "") }), 201).await
}

pub async fn edit(ctx: &mut Ctx) -> ApiResult {
    let input: EditInput = ctx.json().await?;
    let sid = ctx.param("session")?.to_string();
    run(ctx, move |w| Ok(Op { edit: Some(input), ..blank(w, "edit", &sid) }), 200).await
}

pub async fn reschedule(ctx: &mut Ctx) -> ApiResult {
    let input: RescheduleInput = ctx.json().await?;
    let sid = ctx.param("session")?.to_string();
    let move_id = id(ctx.now)?;
    run(ctx, move |w| Ok(Op { reschedule: Some(input), item: move_id, ..blank(w, "reschedule", &sid) }), 200).await
}

input! {
    struct ActInput {
        action: String,
        reason: String,
    }
}

/// hold, miss, or cancel (with a reason).
pub async fn act(ctx: &mut Ctx) -> ApiResult {
    let input: ActInput = ctx.json().await?;
    let sid = ctx.param("session")?.to_string();
    run(ctx, move |w| Ok(Op { action: input.action, reason: input.reason, ..blank(w, "act", &sid) }), 200).await
}

pub async fn propose(ctx: &mut Ctx) -> ApiResult {
    let input: ProposalInput = ctx.json().await?;
    let sid = ctx.param("session")?.to_string();
    let pid = id(ctx.now)?;
    run(ctx, move |w| Ok(Op { proposal: Some(input), item: pid, ..blank(w, "propose", &sid) }), 201).await
}

input! {
    struct Answer {
        accept: bool,
    }
}

pub async fn answer(ctx: &mut Ctx) -> ApiResult {
    let input: Answer = ctx.json().await?;
    let sid = ctx.param("session")?.to_string();
    let proposal = ctx.param("proposal")?.to_string();
    run(ctx, move |w| Ok(Op { accept: input.accept, item: proposal, ..blank(w, "answer", &sid) }), 200).await
}

// Calendar files ---------------------------------------------------------------------------------------------------

fn event(project_title: &str, link: &str, s: &Value) -> rules::IcsEvent {
    let text = |k: &str| s.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    let int = |k: &str| s.get(k).and_then(Value::as_i64).unwrap_or(0);
    let topic = text("topic");
    rules::IcsEvent {
        uid: format!("{}@tandem", text("id")),
        start_ms: int("start_at"),
        duration_min: int("duration"),
        summary: if topic.is_empty() { project_title.to_string() } else { format!("{project_title}: {topic}") },
        description: text("homework"),
        location: text("place"),
        url: link.to_string(),
        stamp_ms: int("updated_at"),
        sequence: int("sequence"),
        cancelled: text("state") == "cancelled",
    }
}

fn calendar(body: String, name: &str) -> ApiResult {
    let headers = worker::Headers::new();
    headers.set("content-type", "text/calendar; charset=utf-8")?;
    headers.set("content-disposition", &format!("attachment; filename=\"{name}\""))?;
    headers.set("cache-control", "private, no-store")?;
    Ok(worker::Response::ok(body)?.with_headers(headers))
}

/// One session as an `.ics` file.
pub async fn ics(ctx: &mut Ctx) -> ApiResult {
    let pid = ctx.param("project")?.to_string();
    let sid = ctx.param("session")?.to_string();
    let l = loaded(ctx, &pid).await?;
    let w = who(ctx, &l, false)?;
    if !w.member {
        // A calendar file is for the people who meet.
        return Err(ApiError::not_found());
    }
    let me = w.user_id.clone();
    let v = or_refused!(call(&ctx.env, &pid, &me, "/plan", &blank(w, "list", "")).await?);
    let s = v.get("sessions").and_then(Value::as_array).into_iter().flatten().find(|s| s.get("id").and_then(Value::as_str) == Some(sid.as_str()));
    let s = s.ok_or_else(ApiError::not_found)?;
    let title = l.project.as_ref().map(|p| p.title.clone()).unwrap_or_default();
    let link = format!("{}/projects/{pid}/plan", ctx.base_url);
    calendar(rules::ics_calendar("Tandem", &[event(&title, &link, s)]), "session.ics")
}

/// Makes (or remakes, revoking the old one) my private calendar feed's address.
pub async fn new_feed(ctx: &mut Ctx) -> ApiResult {
    let me = ctx.actor()?.user_id.clone();
    let token = secret()?;
    super::store::journey::set_feed(&ctx.db, &me, &crate::domain::token::sha256_hex(&token), ctx.now).await?;
    json(201, &j!({"url": format!("{}/api/calendar?token={token}", ctx.base_url)}))
}

pub async fn revoke_feed(ctx: &mut Ctx) -> ApiResult {
    let me = ctx.actor()?.user_id.clone();
    super::store::journey::drop_feed(&ctx.db, &me).await?;
    super::http::no_content()
}

/// The feed: every session of every project I am an active member of, as standard iCalendar. The address is the
/// secret (stored hashed); it shows no private text beyond topics, places and homework to its owner's calendar.
pub async fn feed(ctx: &mut Ctx) -> ApiResult {
    let token = ctx.query("token").unwrap_or_default();
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(ApiError::not_found());
    }
    let Some(user) = super::store::journey::feed_owner(&ctx.db, &crate::domain::token::sha256_hex(&token)).await? else {
        return Err(ApiError::not_found());
    };
    let projects = super::store::journey::my_active_projects(&ctx.db, &user).await?;
    let ids: Vec<String> = projects.iter().map(|p| p.id.clone()).collect();
    let mut events = Vec::new();
    for (p, answer) in projects.iter().zip(call_many(&ctx.env, &ids, &user, "/plan/feed", &j!({})).await) {
        let link = format!("{}/projects/{}/plan", ctx.base_url, p.id);
        for s in answer.as_ref().and_then(|a| a.get("sessions")).and_then(Value::as_array).into_iter().flatten() {
            events.push(event(&p.title, &link, s));
        }
    }
    calendar(rules::ics_calendar("Tandem", &events), "tandem.ics")
}
