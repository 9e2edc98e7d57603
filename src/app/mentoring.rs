//! Mentoring requests and projects: drafting, choosing or matching a mentor, the mentor's consent, the lifecycle,
//! groups, attachments. Every state change goes through `domain::lifecycle::next` and is stored with its history
//! and notices in one guarded batch.

use super::http::id;
use super::http::{json, no_content, ok, ApiResult, Ctx};
use super::http::send_file;
use super::store::mentoring::{self as store, Move, NewAttachment, ProjectRow};
use super::store::notifications::{notify, Notice, To};
use super::store::roll as roll_store;
use super::store::{self as db, Arg};
use crate::domain::error::{ApiError, Invalid};
use crate::domain::lifecycle::{self, Action, Facts, Held, Recipient, Roles, Route, State};
use crate::domain::matching::{self, Filters};
use crate::domain::notifications::Kind;
use crate::domain::policy::ProjectRelation;
use crate::domain::profile::{safe_file_name, sniff_cv, Profile, CV_MAX_BYTES};
use crate::domain::request::{self, Group, GroupInput, Request, RequestInput};
use serde::Serialize;
use serde_json::{json as j, Value};
use worker::HttpMetadata;

pub const MAX_ATTACHMENTS: i64 = 5;

fn roles(r: ProjectRelation) -> Roles {
    Roles { mentee: r.mentee, mentor: r.mentor, community_admin: r.community_admin, platform: false }
}

fn facts(p: &ProjectRow) -> Result<Facts, ApiError> {
    Ok(Facts {
        state: State::parse(&p.state).ok_or_else(ApiError::internal)?,
        route: Route::parse(&p.route),
        was_active: p.was_active != 0,
        allows_a: p.models.contains('a'),
        allows_b: p.models.contains('b'),
        info_requested: p.last_exchange.as_deref() == Some("ask_info"),
    })
}


fn changed_meanwhile() -> ApiError {
    ApiError::conflict("changed_meanwhile", "This request changed while you were looking at it. Reload it and try again.")
}

fn link(ctx: &Ctx, project: &str) -> String {
    format!("{}/projects/{project}", ctx.base_url)
}

fn project_json(p: &ProjectRow) -> Value {
    j!({
        "id": p.id, "community": {"id": p.community_id, "name": p.community_name, "models": p.models},
        "state": p.state, "route": p.route, "kind": if p.route == "group" { "group" } else { "pair" },
        "title": p.title, "summary": p.summary, "context": p.context, "group_name": p.group_name, "motto": p.motto,
        "mentee": p.mentee_id.as_ref().map(|id| j!({"id": id, "display_name": p.mentee_name})),
        "mentor": p.mentor_id.as_ref().map(|id| j!({"id": id, "display_name": p.mentor_name})),
        "asked_at": p.asked_at,
        "expires_at": p.asked_at.filter(|_| p.state == "awaiting_consent").map(|t| t + p.request_timeout_days * 86_400_000),
        "created_at": p.created_at, "updated_at": p.updated_at,
        // On hold until this day (see `domain::health::HoldMove`): its state stays active.
        "hold_until": p.hold_until,
    })
}

/// `GET /api/projects/{id}`: the project page.
#[derive(Serialize)]
struct ProjectPage<'a> {
    /// Its process once active: journey, stage, checklist and figures (see `journey::overview`).
    process: Option<Value>,
    /// The folder's latest documents and the unread chat messages: for the project's active members only.
    recent_files: Option<Vec<Value>>,
    chat_unread: Option<i64>,
    project: Value,
    members: Vec<MemberView<'a>>,
    history: &'a [store::EventRow],
    attachments: &'a [store::AttachmentRow],
    /// The project's activity (counts and dates per tool, never text), as its space last pushed it: what a
    /// coordinator may see of a project without reading it.
    activity: Option<&'a super::store::activity::Activity>,
    my_roles: MyRoles,
    my_member_status: Option<&'a str>,
    /// The moves the caller may make now.
    actions: Vec<Action>,
    /// The community's modules, on or off (the sections of those off are not shown).
    modules: Value,
}

/// A member as the project page shows them (contact handles only to the other active members).
#[derive(Serialize)]
struct MemberView<'a> {
    id: &'a str,
    display_name: &'a str,
    role: &'a str,
    status: &'a str,
    position: String,
    presentation: String,
    languages: Vec<crate::domain::profile::Language>,
    timezone: String,
    contact_tools: Vec<crate::domain::profile::Contact>,
}

#[derive(Serialize)]
struct MyRoles {
    mentee: bool,
    mentor: bool,
    community_admin: bool,
    coordinator: bool,
}

pub async fn view(ctx: &mut Ctx) -> ApiResult {
    let pid = ctx.param("project")?.to_string();
    let relation = ctx.actor()?.project;
    // The page's reads rode with the session check when this is the page asked for (after a change, read afresh).
    let page = match ctx.pre.take() {
        Some(pre) => store::page_rows(&pre)?,
        None => store::page(&ctx.db, &pid).await?,
    };
    let p = page.project.ok_or_else(ApiError::not_found)?;
    let f = facts(&p)?;
    let members: Vec<MemberView> = page
        .members
        .iter()
        .zip(page.member_profiles.iter())
        .map(|(m, pr)| {
            // Contact handles are for the project's active members, about each other.
            let profile = pr.profile().seen_by(relation.member && relation.active && m.status == "active");
            MemberView {
                id: &m.user_id,
                display_name: &m.display_name,
                role: &m.role,
                status: &m.status,
                position: profile.position,
                presentation: profile.presentation,
                languages: profile.languages,
                timezone: profile.timezone,
                contact_tools: profile.contact_tools,
            }
        })
        .collect();
    let me = ctx.actor()?.user_id.clone();
    let my_member_status = page.members.iter().find(|m| m.user_id == me).map(|m| m.status.as_str());
    // The project's space, for the project home (its active members only): the recent files and unread chat.
    let mentees: Vec<String> = page.members.iter().filter(|m| m.role == "mentee" && m.status == "active").map(|m| m.user_id.clone()).collect();
    let mut live = None;
    let (recent_files, chat_unread) = if relation.member {
        let mentor = page.members.iter().find(|m| m.role == "mentor" && m.status == "active").map(|m| m.user_id.clone()).unwrap_or_default();
        let ask = serde_json::json!({"mentor": mentor, "mentees": mentees, "at": ctx.now});
        let home = super::space::client::call(&ctx.env, &pid, &me, "/home", &ask).await.ok().and_then(Result::ok);
        live = home.as_ref().and_then(|h| h.get("progress")).and_then(|p| serde_json::from_value::<crate::domain::journey::Progress>(p.clone()).ok());
        let mut files = home.as_ref().and_then(|h| h.get("recent_files")).cloned().unwrap_or(Value::Array(Vec::new()));
        // Names already at hand: the members' and the coordinator's (who files the signed contract).
        let mut known: std::collections::HashMap<String, String> = page.members.iter().map(|m| (m.user_id.clone(), m.display_name.clone())).collect();
        if let Some((id, name)) = page.process.as_ref().and_then(|pr| Some((pr.coordinator_id.clone()?, pr.coordinator_name.clone()?))) {
            known.insert(id, name);
        }
        super::http::with_names(&ctx.db, &mut files, &known).await?;
        let files: Vec<Value> = files.as_array().map(|a| a.iter().map(super::files::item_json).collect()).unwrap_or_default();
        (Some(files), home.as_ref().and_then(|h| h.get("unread")).and_then(Value::as_i64))
    } else {
        (None, None)
    };
    // The process: live figures for members, as last pushed for the coordinator and other admins.
    let process = match page.process.as_ref() {
        Some(pr) => {
            let mentee_count = i64::try_from(mentees.len()).unwrap_or(0);
            let progress = live.unwrap_or_else(|| super::journey::stored_progress(page.progress.as_ref(), mentee_count));
            Some(super::journey::overview(pr, &progress, relation, ctx.actor()?.modules)?)
        }
        None => None,
    };
    ok(&ProjectPage {
        process,
        recent_files,
        chat_unread,
        project: project_json(&p),
        members,
        history: &page.events,
        attachments: &page.attachments,
        activity: page.activity.as_ref(),
        my_roles: MyRoles { mentee: relation.mentee, mentor: relation.mentor, community_admin: relation.community_admin, coordinator: relation.coordinator },
        my_member_status,
        actions: lifecycle::available(f, roles(relation)),
        modules: super::communities::modules_json(ctx.actor()?.modules),
    })
}

pub async fn create_request(ctx: &mut Ctx) -> ApiResult {
    let community = ctx.param("community")?.to_string();
    let input: RequestInput = ctx.json().await?;
    let client_key = request::parse_client_key(input.client_key.as_deref())?;
    let me = ctx.actor()?.user_id.clone();
    let name = super::store::accounts::user(&ctx.db, &me).await?.map(|u| u.display_name).unwrap_or_default();
    let r = Request::parse(&input, &name)?;
    let c = super::store::communities::community(&ctx.db, &community).await?.ok_or_else(ApiError::not_found)?;
    if c.archived_at.is_some() {
        return Err(ApiError::conflict("community_archived", "This community is archived: it takes no new requests."));
    }
    let new = store::NewRequest {
        id: &id(ctx.now)?,
        community: &community,
        mentee: &me,
        title: &r.title,
        summary: &r.summary,
        context: &r.context,
        client_key: client_key.as_deref(),
        event_id: &id(ctx.now)?,
        now: ctx.now,
    };
    let pid = store::create_request(&ctx.db, &new).await?;
    let p = store::project(&ctx.db, &pid).await?.ok_or_else(ApiError::internal)?;
    json(201, &j!({"project": project_json(&p)}))
}

pub async fn update(ctx: &mut Ctx) -> ApiResult {
    let pid = ctx.param("project")?.to_string();
    let input: RequestInput = ctx.json().await?;
    let relation = ctx.actor()?.project;
    let p = store::project(&ctx.db, &pid).await?.ok_or_else(ApiError::not_found)?;
    if !relation.mentee || p.route == "group" {
        return Err(ApiError::new(403, "not_allowed", "Only the mentee edits their request."));
    }
    if !matches!(p.state.as_str(), "draft" | "awaiting_match") {
        return Err(ApiError::conflict("invalid_transition", "A request can be edited only before a mentor is asked."));
    }
    let r = Request::parse(&input, p.mentee_name.as_deref().unwrap_or(""))?;
    store::update_request(&ctx.db, &pid, &r.title, &r.summary, &r.context, ctx.now).await?;
    let p = store::project(&ctx.db, &pid).await?.ok_or_else(ApiError::internal)?;
    ok(&j!({"project": project_json(&p)}))
}

crate::domain::input::input! {
    #[derive(Default)]
    struct ActionInput {
        action: String,
        mentor_id: String,
        note: String,
        /// With cancel, by a community admin: the mentee's request goes back to the coordinators' matching queue as
        /// a new model-A request (#12's rematch); this project's history stays, and names the new one.
        rematch: Option<bool>,
    }
}

/// Checks that a mentor may be asked for this request (accredited, available, under capacity, not declined it, no
/// other open request from this mentee).
async fn check_mentor(ctx: &Ctx, p: &ProjectRow, mentor: &str) -> Result<(), ApiError> {
    let mentee = p.mentee_id.as_deref().unwrap_or("");
    if store::has_declined(&ctx.db, &p.id, mentor).await? {
        return Err(ApiError::conflict("mentor_declined", "This mentor already declined this request: choose another one.").with_field("mentor_id"));
    }
    if store::open_request_to(&ctx.db, mentee, mentor, &p.id).await? {
        return Err(ApiError::conflict("duplicate_request", "There is already an open request from this mentee to this mentor.").with_field("mentor_id"));
    }
    let candidates = roll_store::candidates(&ctx.db, &p.community_id, &p.id, mentee).await?;
    if !candidates.iter().any(|(c, _)| c.user_id == mentor) {
        return Err(Invalid::new("mentor_id", "not_available", "This mentor cannot be asked: choose one from the list of available mentors.").into());
    }
    Ok(())
}

pub async fn action(ctx: &mut Ctx) -> ApiResult {
    let pid = ctx.param("project")?.to_string();
    let input: ActionInput = ctx.json().await?;
    let action = Action::parse(&input.action).ok_or_else(|| {
        ApiError::from(Invalid::new("action", "not_in_list", "Unknown action: use send, hand_to_admins, match, accept, decline, ask_info, reply, withdraw, complete, cancel or reopen."))
    })?;
    let note = request::parse_note(&input.note, action.needs_note())?;
    let actor = ctx.actor()?.clone();
    let p = store::project(&ctx.db, &pid).await?.ok_or_else(ApiError::not_found)?;
    let f = facts(&p)?;
    let who = roles(actor.project);
    // Sending the same thing twice is not an error: the first one counted.
    let repeat = match action {
        Action::Send => f.state == State::AwaitingConsent && p.mentor_id.as_deref() == Some(input.mentor_id.as_str()) && who.mentee,
        Action::HandToAdmins => f.state == State::AwaitingMatch && who.mentee,
        _ => false,
    };
    if repeat {
        return view(ctx).await;
    }
    let held = Held { mentor: p.mentor_id.clone(), asked_at: p.asked_at };
    let chosen = matches!(action, Action::Send | Action::Match).then_some(input.mentor_id.as_str());
    let e = lifecycle::effects(f, &held, action, who, chosen, ctx.now).map_err(ApiError::from)?;
    if chosen.is_some() {
        if !crate::domain::token::is_id_shaped(&input.mentor_id) {
            return Err(Invalid::new("mentor_id", "required", "Choose a mentor.").into());
        }
        check_mentor(ctx, &p, &input.mentor_id).await?;
    }
    if f.route == Route::Group && matches!(action, Action::Accept | Action::Decline) {
        return group_answer(ctx, &p, action, &note).await;
    }
    // The domain decided what the move does; here it is stored, in one batch guarded by the project's version.
    let to = e.to;
    let event_id = id(ctx.now)?;
    let m = Move {
        project: &pid,
        version: p.version,
        from: f.state.as_str(),
        to: to.as_str(),
        route: e.route.as_str(),
        mentor: e.mentor.as_deref(),
        asked_at: e.asked_at,
        was_active: e.was_active,
        actor: Some(&actor.user_id),
        action: action.as_str(),
        note: &note,
        event_id: &event_id,
        now: ctx.now,
    };
    let here = link(ctx, &pid);
    let mut then = Vec::new();
    if e.mentor_joins {
        then.push(store::mentor_joins(&ctx.db, &m, &actor.user_id)?);
    }
    if e.decline_kept {
        then.push(store::decline_kept(&ctx.db, &m, &actor.user_id, &note)?);
    }
    if to == State::Active {
        // Its process starts with it: coordinator, journey and first stage (a reopened project keeps its own).
        then.push(super::store::journey::start(&ctx.db, &pid, ctx.now)?);
    }
    if to == State::Completed && actor.modules.on(crate::domain::community::Module::Evaluations) {
        // Its members are asked how it went (each mentee the mentee's form, the mentor the mentor's), where the
        // community keeps evaluations.
        let round = super::http::id(ctx.now)?;
        let r = super::store::evaluation::Round {
            project: &pid,
            round_id: &round,
            kind: "members",
            requested_by: Some(&actor.user_id),
            now: ctx.now,
            expires_at: ctx.now + crate::domain::evaluation::EXPIRES_MS,
        };
        then.push(super::store::evaluation::member_round(&ctx.db, &r, store::guard(&m))?);
        let ask = format!("{here}/evaluations");
        let n = Notice { to: To::ProjectMembers(&pid), kind: Kind::EvaluationRequested, project: Some(&pid), community: Some(&p.community_id), actor: None, title: &p.title, note: "", link: &ask };
        then.extend(notify(&ctx.db, &n, ctx.now, store::guard(&m))?);
    }
    if input.rematch == Some(true) {
        if action != Action::Cancel || !actor.project.community_admin || f.route == Route::Group || p.mentee_id.is_none() {
            return Err(Invalid::new("rematch", "rematch_invalid", "Only a community admin rematches a one-to-one project, while cancelling it.").into());
        }
        let new_id = id(ctx.now)?;
        then.extend(store::rematch(&ctx.db, &m, &p, &new_id, &id(ctx.now)?, &id(ctx.now)?)?);
        let n = Notice { to: To::CommunityAdmins(&p.community_id), kind: Kind::RequestToMatch, project: Some(&new_id), community: Some(&p.community_id), actor: Some(&actor.user_id), title: &p.title, note: &note, link: &link(ctx, &new_id) };
        then.extend(notify(&ctx.db, &n, ctx.now, store::guard(&m))?);
    }
    let mentee = p.mentee_id.clone().unwrap_or_default();
    let asked = p.mentor_id.clone().unwrap_or_default();
    for (recipient, kind) in &e.tell {
        let to = match recipient {
            Recipient::Mentee => To::User(&mentee),
            Recipient::AskedMentor => To::User(&asked),
            Recipient::ChosenMentor => To::User(&input.mentor_id),
            Recipient::CommunityAdmins => To::CommunityAdmins(&p.community_id),
            Recipient::Members => To::ProjectMembers(&pid),
        };
        let n = Notice { to, kind: *kind, project: Some(&pid), community: Some(&p.community_id), actor: Some(&actor.user_id), title: &p.title, note: &note, link: &here };
        then.extend(notify(&ctx.db, &n, ctx.now, store::guard(&m))?);
    }
    if !store::apply(&ctx.db, &m, then).await? {
        return Err(changed_meanwhile());
    }
    tell_room(&ctx.env, &pid, f.state, to).await;
    super::mail::deliver_soon(ctx);
    view(ctx).await
}

/// When a project starts or ends, its chatroom opens for writing or turns read-only at once, open sockets included.
async fn tell_room(env: &worker::Env, project: &str, from: State, to: State) {
    if (from == State::Active) != (to == State::Active) {
        if let Err(e) = super::chat::set_read_only(env, project, to != State::Active).await {
            worker::console_error!("chatroom state: {}", e.message);
        }
    }
}

/// A group member (mentor or mentee) says yes or no; the group starts when its mentor and two mentees are in, and
/// is dissolved when that can no longer happen.
async fn group_answer(ctx: &mut Ctx, p: &ProjectRow, action: Action, note: &str) -> ApiResult {
    let me = ctx.actor()?.user_id.clone();
    let page = store::page(&ctx.db, &p.id).await?;
    let mine = page.members.iter().find(|m| m.user_id == me).ok_or_else(ApiError::not_found)?;
    if mine.status != "invited" {
        return Err(ApiError::conflict("already_answered", "You have already answered this invitation."));
    }
    let status = if action == Action::Accept { "active" } else { "declined" };
    let event_id = id(ctx.now)?;
    let state = p.state.as_str();
    let m = Move {
        project: &p.id, version: p.version, from: state, to: state, route: "group", mentor: p.mentor_id.as_deref(),
        asked_at: p.asked_at, was_active: p.was_active != 0, actor: Some(&me), action: action.as_str(), note, event_id: &event_id, now: ctx.now,
    };
    let then = vec![store::guarded(
        &ctx.db,
        &m,
        "UPDATE project_members SET status = ?4, joined_at = ?5 WHERE project_id = ?1 AND user_id = ?3",
        &[Arg::S(&me), Arg::S(status), Arg::N(ctx.now)],
    )?];
    if !store::apply(&ctx.db, &m, then).await? {
        return Err(changed_meanwhile());
    }
    let counts = store::group_counts(&ctx.db, &p.id).await?;
    let mentor_out = mine.role == "mentor" && action == Action::Decline;
    let platform = if counts.mentor_active > 0 && counts.mentees_active >= 2 {
        Some((Action::Activate, Kind::GroupStarted))
    } else if mentor_out || counts.mentees_possible < 2 {
        Some((Action::Dissolve, Kind::GroupDissolved))
    } else {
        None
    };
    if let Some((platform_action, kind)) = platform {
        let fresh = store::project(&ctx.db, &p.id).await?.ok_or_else(ApiError::internal)?;
        if platform_move(&Sys::from(&*ctx), &fresh, platform_action, kind, "").await? && platform_action == Action::Activate {
            tell_room(&ctx.env, &p.id, State::AwaitingConsent, State::Active).await;
        }
    }
    super::mail::deliver_soon(ctx);
    view(ctx).await
}

/// What the platform's own moves need: the database, the clock, and where links point.
pub struct Sys<'a> {
    pub db: &'a super::store::Db,
    pub now: i64,
    pub base_url: &'a str,
}

impl<'a> From<&'a Ctx> for Sys<'a> {
    fn from(ctx: &'a Ctx) -> Self {
        Sys { db: &ctx.db, now: ctx.now, base_url: &ctx.base_url }
    }
}

/// A transition the platform makes (expiry, a group starting or dissolving), told to everyone concerned.
async fn platform_move(ctx: &Sys<'_>, p: &ProjectRow, action: Action, kind: Kind, note: &str) -> Result<bool, ApiError> {
    let f = facts(p)?;
    let platform = Roles { platform: true, ..Roles::default() };
    let to = lifecycle::next(f, action, platform).map_err(ApiError::from)?;
    let back_to_mentee = action == Action::Expire && f.route != Route::Group;
    let event_id = id(ctx.now)?;
    let m = Move {
        project: &p.id,
        version: p.version,
        from: f.state.as_str(),
        to: to.as_str(),
        route: &p.route,
        mentor: if back_to_mentee { None } else { p.mentor_id.as_deref() },
        asked_at: if back_to_mentee { None } else { p.asked_at },
        was_active: p.was_active != 0 || to == State::Active,
        actor: None,
        action: action.as_str(),
        note,
        event_id: &event_id,
        now: ctx.now,
    };
    let here = format!("{}/projects/{}", ctx.base_url, p.id);
    let mut then = Vec::new();
    if to == State::Active {
        then.push(super::store::journey::start(ctx.db, &p.id, ctx.now)?);
    }
    let mut tell = |to: To<'_>| -> Result<(), ApiError> {
        then.extend(notify(
            ctx.db,
            &Notice { to, kind, project: Some(&p.id), community: Some(&p.community_id), actor: None, title: &p.title, note, link: &here },
            ctx.now,
            store::guard(&m),
        )?);
        Ok(())
    };
    if f.route == Route::Group {
        tell(To::ProjectMembers(&p.id))?;
        if action != Action::Activate {
            // Invitees who never answered are told too.
            for member in store::page(ctx.db, &p.id).await?.members.iter().filter(|m| m.status == "invited") {
                tell(To::User(&member.user_id))?;
            }
        }
    } else {
        if let Some(mentee) = p.mentee_id.as_deref() {
            tell(To::User(mentee))?;
        }
        if let Some(mentor) = p.mentor_id.as_deref() {
            tell(To::User(mentor))?;
        }
        if to == State::AwaitingMatch {
            tell(To::CommunityAdmins(&p.community_id))?;
        }
    }
    store::apply(ctx.db, &m, then).await
}

/// Expires every request whose mentor has not answered within its community's timeout. The cron trigger and
/// `POST /api/admin/tasks/expire` run it; tests drive it with the injected clock.
pub async fn expire_due(ctx: &Sys<'_>) -> Result<usize, ApiError> {
    let mut n = 0;
    for p in store::overdue(ctx.db, ctx.now).await? {
        if platform_move(ctx, &p, Action::Expire, Kind::Expired, "").await? {
            n += 1;
        }
    }
    Ok(n)
}

pub async fn run_expiry(ctx: &mut Ctx) -> ApiResult {
    let expired = expire_due(&Sys::from(&*ctx)).await?;
    super::mail::deliver_soon(ctx);
    ok(&j!({"expired": expired}))
}

/// A mentor offered for a request (to the mentee under model B, to the admins under model A): their roll entry, how
/// well they fit, and the parts of their profile that matching uses (never a contact handle).
#[derive(Serialize)]
struct CandidateView<'a> {
    id: &'a str,
    display_name: &'a str,
    /// The community whose roll they are on.
    community: Named<'a>,
    capacity: i64,
    load: i64,
    fit: &'a matching::Fit,
    profile: CandidateProfile<'a>,
}

#[derive(Serialize)]
struct Named<'a> {
    id: &'a str,
    name: &'a str,
}

#[derive(Serialize)]
struct CandidateProfile<'a> {
    presentation: &'a str,
    position: &'a str,
    status: &'a str,
    field_of_study: &'a str,
    sector: &'a str,
    languages: &'a [crate::domain::profile::Language],
    timezone: &'a str,
    mentor_experience: &'a str,
    mentor_motivation: &'a str,
}

fn candidate_json(c: &roll_store::CandidateRow, p: &Profile, fit: &matching::Fit) -> Value {
    serde_json::to_value(CandidateView {
        id: &c.user_id,
        display_name: &c.display_name,
        community: Named { id: &c.home_community, name: &c.home_community_name },
        capacity: c.capacity,
        load: c.load,
        fit,
        profile: CandidateProfile {
            presentation: &p.presentation,
            position: &p.position,
            status: &p.status,
            field_of_study: &p.field_of_study,
            sector: &p.sector,
            languages: &p.languages,
            timezone: &p.timezone,
            mentor_experience: &p.mentor_experience,
            mentor_motivation: &p.mentor_motivation,
        },
    })
    .unwrap_or(Value::Null)
}

pub async fn candidates(ctx: &mut Ctx) -> ApiResult {
    let pid = ctx.param("project")?.to_string();
    let relation = ctx.actor()?.project;
    let p = match ctx.pre.take() {
        Some(pre) => store::project_row(&pre)?,
        None => store::project(&ctx.db, &pid).await?,
    };
    let p = p.ok_or_else(ApiError::not_found)?;
    if !relation.mentee || p.route == "group" {
        return Err(ApiError::new(403, "not_allowed", "Only the mentee chooses a mentor for their request."));
    }
    let filters = Filters {
        sector: ctx.query("sector").unwrap_or_default(),
        field: ctx.query("field").unwrap_or_default(),
        language: ctx.query("language").unwrap_or_default(),
        tool: ctx.query("tool").unwrap_or_default(),
    };
    let mentee = p.mentee_id.clone().unwrap_or_default();
    let (mine, found) = roll_store::candidates_for(&ctx.db, &p.community_id, &pid, &mentee).await?;
    let mine = mine.map(|p| p.profile()).unwrap_or_default();
    let list: Vec<_> = found
        .into_iter()
        .map(|(c, pr)| {
            let name = c.display_name.clone();
            (c, pr.profile(), name)
        })
        .filter(|(_, profile, _)| filters.keeps(profile))
        .collect();
    let items: Vec<Value> = matching::rank(&mine, list).iter().map(|(c, pr, fit)| candidate_json(c, pr, fit)).collect();
    ok(&j!({"items": items}))
}

pub async fn matching_queue(ctx: &mut Ctx) -> ApiResult {
    let community = ctx.param("community")?.to_string();
    let (waiting, pool) = store::matching_queue(&ctx.db, &community).await?;
    let mut items = Vec::new();
    for (p, mentee_profile, declined) in &waiting {
        // Matching happens before any match: expertise, languages and availability, never a contact handle.
        let mentee = mentee_profile.profile().seen_by(false);
        let list: Vec<_> = pool
            .iter()
            .filter(|(c, _)| Some(&c.user_id) != p.mentee_id.as_ref() && !declined.contains(&c.user_id))
            .map(|(c, pr)| (c, pr.profile(), c.display_name.clone()))
            .collect();
        let suggested: Vec<Value> = matching::rank(&mentee, list).iter().take(5).map(|(c, pr, fit)| candidate_json(c, pr, fit)).collect();
        items.push(j!({"project": project_json(p), "mentee_profile": mentee, "suggestions": suggested}));
    }
    ok(&j!({"items": items}))
}

pub async fn create_group(ctx: &mut Ctx) -> ApiResult {
    let community = ctx.param("community")?.to_string();
    let input: GroupInput = ctx.json().await?;
    let g = Group::parse(&input)?;
    let actor = ctx.actor()?.clone();
    let is_admin = actor.platform_admin || actor.community_role == Some(crate::domain::community::Role::Admin);
    if !is_admin {
        if !roll_store::is_accredited(&ctx.db, &community, &actor.user_id).await? {
            return Err(ApiError::new(403, "not_allowed", "Only community admins and accredited mentors form groups."));
        }
        if g.mentor_id != actor.user_id {
            return Err(Invalid::new("mentor_id", "not_yourself", "As a mentor, you form groups that you mentor yourself.").into());
        }
    }
    if !roll_store::is_accredited(&ctx.db, &community, &g.mentor_id).await? {
        return Err(Invalid::new("mentor_id", "not_accredited", "The group's mentor must be accredited in this community's roll.").into());
    }
    let members = store::active_members(&ctx.db, &community, &g.mentee_ids).await?;
    if let Some((i, _)) = g.mentee_ids.iter().enumerate().find(|(_, m)| !members.contains(m)) {
        return Err(Invalid::new(format!("mentee_ids.{i}"), "not_member", "Every mentee must be an active member of this community.").into());
    }
    let gid = id(ctx.now)?;
    let event_id = id(ctx.now)?;
    let new = store::NewGroup {
        id: &gid, community: &community, mentor: &g.mentor_id, mentor_consents: g.mentor_id == actor.user_id,
        mentees: &g.mentee_ids, name: &g.name, motto: &g.motto, summary: &g.summary, by: &actor.user_id, event_id: &event_id, now: ctx.now,
    };
    let mut statements = store::create_group(&ctx.db, &new)?;
    let here = link(ctx, &gid);
    let mut invitees: Vec<&str> = g.mentee_ids.iter().map(String::as_str).collect();
    if g.mentor_id != actor.user_id {
        invitees.push(&g.mentor_id);
    }
    for person in invitees {
        statements.extend(notify(
            &ctx.db,
            &Notice { to: To::User(person), kind: Kind::GroupInvited, project: Some(&gid), community: Some(&community), actor: Some(&actor.user_id), title: &g.name, note: &g.motto, link: &here },
            ctx.now,
            None,
        )?);
    }
    db::batch(&ctx.db, statements).await?;
    super::mail::deliver_soon(ctx);
    let p = store::project(&ctx.db, &gid).await?.ok_or_else(ApiError::internal)?;
    json(201, &j!({"project": project_json(&p)}))
}

pub async fn upload_attachment(ctx: &mut Ctx) -> ApiResult {
    let pid = ctx.param("project")?.to_string();
    let actor = ctx.actor()?.clone();
    let p = store::project(&ctx.db, &pid).await?.ok_or_else(ApiError::not_found)?;
    if !actor.project.mentee {
        return Err(ApiError::new(403, "not_allowed", "Only the mentee attaches documents to their request."));
    }
    if !State::parse(&p.state).is_some_and(State::is_open_request) {
        return Err(ApiError::conflict("invalid_transition", "Documents are attached to a request before it starts; use the project's folder afterwards."));
    }
    if store::attachment_count(&ctx.db, &pid).await? >= MAX_ATTACHMENTS {
        return Err(ApiError::conflict("too_many_attachments", format!("A request can have at most {MAX_ATTACHMENTS} documents.")));
    }
    let bytes = ctx
        .body_bytes(CV_MAX_BYTES)
        .await
        .map_err(|e| if e.status == 413 { ApiError::payload_too_large("A document can be at most 5 MB.") } else { e })?;
    let kind = sniff_cv(&bytes).ok_or_else(|| ApiError::unsupported_type("Attach a PDF, Word (DOC or DOCX) or OpenDocument (ODT) file."))?;
    let name = safe_file_name(&crate::domain::text::file_name_header(&ctx.header("x-file-name"))?, kind.extension());
    let file_id = id(ctx.now)?;
    let key = store::attachment_key(&pid, &file_id);
    let size = i64::try_from(bytes.len()).unwrap_or(i64::MAX);
    let bucket = ctx.env.bucket("FILES")?;
    bucket.put(&key, bytes).http_metadata(HttpMetadata { content_type: Some(kind.mime().into()), ..Default::default() }).execute().await?;
    let a = NewAttachment { id: &file_id, project: &pid, key: &key, name: &name, content_type: kind.mime(), size, by: &actor.user_id, now: ctx.now };
    if let Err(e) = store::add_attachment(&ctx.db, &a).await {
        let _ = bucket.delete(&key).await;
        return Err(e);
    }
    json(201, &j!({"attachment": {"id": file_id, "name": name, "content_type": kind.mime(), "size": size, "uploaded_by": actor.user_id, "created_at": ctx.now}}))
}

pub async fn download_attachment(ctx: &mut Ctx) -> ApiResult {
    let pid = ctx.param("project")?.to_string();
    let fid = ctx.param("file")?.to_string();
    let a = store::attachment(&ctx.db, &pid, &fid).await?.ok_or_else(ApiError::not_found)?;
    send_file(ctx, &a.r2_key, &a.name, &a.content_type).await
}

pub async fn delete_attachment(ctx: &mut Ctx) -> ApiResult {
    let pid = ctx.param("project")?.to_string();
    let fid = ctx.param("file")?.to_string();
    let me = ctx.actor()?.user_id.clone();
    let a = store::attachment(&ctx.db, &pid, &fid).await?.ok_or_else(ApiError::not_found)?;
    if a.uploaded_by != me {
        return Err(ApiError::new(403, "not_allowed", "Only whoever attached a document can remove it."));
    }
    store::delete_attachment(&ctx.db, &pid, &fid).await?;
    ctx.env.bucket("FILES")?.delete(&a.r2_key).await?;
    no_content()
}
