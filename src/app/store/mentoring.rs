//! Mentoring requests and projects: reading them, drafting, and applying transitions as one guarded batch.

use super::profiles::{ProfileRow, PROFILE_OR_EMPTY};
use super::{all, batch, changes, first, one, rows, stmt, Arg, Who};
use crate::domain::error::ApiError;
use serde::Serialize;
use super::Db;
use worker::{D1PreparedStatement, D1Result};

super::row! {
    #[derive(Serialize, Clone)]
    pub struct ProjectRow {
        pub id: String,
        pub community_id: String,
        pub community_name: String,
        pub models: String,
        pub allow_external_mentors: i64,
        pub request_timeout_days: i64,
        pub state: String,
        pub route: String,
        pub title: String,
        pub summary: String,
        pub context: String,
        pub group_name: String,
        pub motto: String,
        pub mentee_id: Option<String>,
        pub mentee_name: Option<String>,
        pub mentor_id: Option<String>,
        pub mentor_name: Option<String>,
        pub asked_at: Option<i64>,
        pub was_active: i64,
        pub version: i64,
        pub created_by: String,
        pub created_at: i64,
        pub updated_at: i64,
        /// The latest of send, match, ask_info and reply: is a question waiting for the mentee?
        pub last_exchange: Option<String>,
        /// On hold until this day (an active project; see `domain::health::HoldMove`).
        pub hold_until: Option<i64>,
    }
}

impl ProjectRow {
    /// What the project is called where it is named: a group's name, else its title.
    pub fn name(&self) -> &str {
        if self.route == "group" && !self.group_name.is_empty() { &self.group_name } else { &self.title }
    }
}

const PROJECT: &str = "p.id, p.community_id, c.name AS community_name, c.models, c.allow_external_mentors, c.request_timeout_days, \
    p.state, p.route, p.title, p.summary, p.context, p.group_name, p.motto, p.mentee_id, me.display_name AS mentee_name, \
    p.mentor_id, mo.display_name AS mentor_name, p.asked_at, p.was_active, p.version, p.created_by, p.created_at, p.updated_at, \
    (SELECT e.action FROM project_events e WHERE e.project_id = p.id AND e.action IN ('send', 'match', 'ask_info', 'reply') \
       ORDER BY e.at DESC, e.id DESC LIMIT 1) AS last_exchange, \
    (SELECT h.hold_until FROM project_health h WHERE h.project_id = p.id AND p.state = 'active') AS hold_until \
    FROM projects p JOIN communities c ON c.id = p.community_id \
    LEFT JOIN users me ON me.id = p.mentee_id LEFT JOIN users mo ON mo.id = p.mentor_id";

pub async fn project(db: &Db, id: &str) -> Result<Option<ProjectRow>, ApiError> {
    first(db, &format!("SELECT {PROJECT} WHERE p.id = ?1"), &[Arg::S(id)]).await
}

/// The project's row as a statement (to ride with the session check), and reading it back.
pub fn project_reads(db: &Db, id: &str) -> Result<Vec<D1PreparedStatement>, ApiError> {
    Ok(vec![stmt(db, &format!("SELECT {PROJECT} WHERE p.id = ?1"), &[Arg::S(id)])?])
}

pub fn project_row(results: &[D1Result]) -> Result<Option<ProjectRow>, ApiError> {
    one(results, 0)
}

super::row! {
    #[derive(Serialize)]
    pub struct MemberRow {
        pub user_id: String,
        pub display_name: String,
        pub role: String,
        pub status: String,
    }
}

super::row! {
    #[derive(Serialize)]
    pub struct EventRow {
        pub id: String,
        pub actor_id: Option<String>,
        pub actor_name: Option<String>,
        pub action: String,
        pub from_state: String,
        pub to_state: String,
        pub note: String,
        pub at: i64,
    }
}

super::row! {
    #[derive(Serialize)]
    pub struct AttachmentRow {
        pub id: String,
        pub name: String,
        pub content_type: String,
        pub size: i64,
        pub uploaded_by: String,
        pub created_at: i64,
    }
}

pub struct Page {
    pub project: Option<ProjectRow>,
    pub members: Vec<MemberRow>,
    pub member_profiles: Vec<ProfileRow>,
    pub events: Vec<EventRow>,
    pub attachments: Vec<AttachmentRow>,
    /// What the project's space last said of its activity (counts and dates; never text).
    pub activity: Option<super::activity::Activity>,
    /// Its process (coordinator, journey, stage), once it has been active.
    pub process: Option<super::journey::Process>,
    /// Its process's figures as its space last pushed them.
    pub progress: Option<super::journey::Progress>,
}

/// Everything the project page shows, in one round trip.
pub async fn page(db: &Db, id: &str) -> Result<Page, ApiError> {
    page_rows(&batch(db, page_reads(db, id)?).await?)
}

/// The project page's statements (eight; other reads may share their batch after them) and their rows.
pub fn page_reads(db: &Db, id: &str) -> Result<Vec<D1PreparedStatement>, ApiError> {
    let members = "FROM project_members pm JOIN users u ON u.id = pm.user_id LEFT JOIN profiles p ON p.user_id = pm.user_id \
        WHERE pm.project_id = ?1 ORDER BY pm.role DESC, u.display_name, pm.user_id";
    Ok(vec![
            stmt(db, &format!("SELECT {PROJECT} WHERE p.id = ?1"), &[Arg::S(id)])?,
            stmt(db, &format!("SELECT pm.user_id, u.display_name, pm.role, pm.status {members}"), &[Arg::S(id)])?,
            // Every member has a row here, in the same order (an erased member's profile is gone: it reads empty).
            stmt(db, &format!("SELECT {PROFILE_OR_EMPTY} {members}"), &[Arg::S(id)])?,
            stmt(
                db,
                "SELECT e.id, e.actor_id, u.display_name AS actor_name, e.action, e.from_state, e.to_state, e.note, e.at \
                 FROM project_events e LEFT JOIN users u ON u.id = e.actor_id WHERE e.project_id = ?1 ORDER BY e.id",
                &[Arg::S(id)],
            )?,
            stmt(
                db,
                "SELECT id, name, content_type, size, uploaded_by, created_at FROM project_attachments WHERE project_id = ?1 ORDER BY id",
                &[Arg::S(id)],
            )?,
            super::activity::of(db, id)?,
            super::journey::process_of(db, id)?,
            super::journey::progress_of(db, id)?,
    ])
}

pub fn page_rows(results: &[D1Result]) -> Result<Page, ApiError> {
    Ok(Page {
        project: one(results, 0)?,
        members: rows(results, 1)?,
        member_profiles: rows(results, 2)?,
        events: rows(results, 3)?,
        attachments: rows(results, 4)?,
        activity: one(results, 5)?,
        process: one(results, 6)?,
        progress: one(results, 7)?,
    })
}

pub struct NewRequest<'a> {
    pub id: &'a str,
    pub community: &'a str,
    pub mentee: &'a str,
    pub title: &'a str,
    pub summary: &'a str,
    pub context: &'a str,
    pub client_key: Option<&'a str>,
    pub event_id: &'a str,
    pub now: i64,
}

/// Drafts a request. With a client key already used by this mentee, nothing new is made: returns the existing id.
pub async fn create_request(db: &Db, r: &NewRequest<'_>) -> Result<String, ApiError> {
    let fresh = "EXISTS (SELECT 1 FROM projects WHERE id = ?1)";
    let results = batch(
        db,
        vec![
            stmt(
                db,
                "INSERT INTO projects (id, community_id, state, title, summary, context, mentee_id, client_key, created_by, created_at, updated_at) \
                 VALUES (?1, ?2, 'draft', ?3, ?4, ?5, ?6, ?7, ?6, ?8, ?8) ON CONFLICT DO NOTHING",
                &[Arg::S(r.id), Arg::S(r.community), Arg::S(r.title), Arg::S(r.summary), Arg::S(r.context), Arg::S(r.mentee), r.client_key.map_or(Arg::Null, Arg::S), Arg::N(r.now)],
            )?,
            stmt(
                db,
                &format!("INSERT INTO project_members (project_id, user_id, role, status, joined_at) SELECT ?1, ?2, 'mentee', 'active', ?3 WHERE {fresh}"),
                &[Arg::S(r.id), Arg::S(r.mentee), Arg::N(r.now)],
            )?,
            stmt(
                db,
                &format!("INSERT INTO project_events (id, project_id, actor_id, action, from_state, to_state, at) SELECT ?2, ?1, ?3, 'create', '', 'draft', ?4 WHERE {fresh}"),
                &[Arg::S(r.id), Arg::S(r.event_id), Arg::S(r.mentee), Arg::N(r.now)],
            )?,
            stmt(
                db,
                "SELECT id FROM projects WHERE id = ?1 OR (created_by = ?2 AND client_key = ?3) ORDER BY id = ?1 DESC LIMIT 1",
                &[Arg::S(r.id), Arg::S(r.mentee), r.client_key.map_or(Arg::Null, Arg::S)],
            )?,
        ],
    )
    .await?;
    super::row! {
        struct Id {
            id: String,
        }
    }
    one::<Id>(&results, 3)?.map(|i| i.id).ok_or_else(ApiError::internal)
}

/// A rematch (#12): with the project's cancellation, the same mentee's request as a new model-A request waiting in
/// the coordinators' matching queue; each project's history names the other (its `to_state`). Guarded by the move.
pub fn rematch(db: &Db, m: &Move<'_>, p: &ProjectRow, new_id: &str, old_event: &str, new_event: &str) -> Result<Vec<D1PreparedStatement>, ApiError> {
    let actor = m.actor.unwrap_or_default();
    Ok(vec![
        stmt(
            db,
            "INSERT INTO projects (id, community_id, state, route, title, summary, context, mentee_id, created_by, created_at, updated_at) \
             SELECT ?1, community_id, 'awaiting_match', 'a', title, summary, context, mentee_id, ?2, ?3, ?3 FROM projects WHERE id = ?4 AND version = ?5",
            &[Arg::S(new_id), Arg::S(actor), Arg::N(m.now), Arg::S(&p.id), Arg::N(m.version + 1)],
        )?,
        stmt(
            db,
            "INSERT INTO project_members (project_id, user_id, role, status, joined_at) SELECT ?1, mentee_id, 'mentee', 'active', ?2 FROM projects WHERE id = ?1",
            &[Arg::S(new_id), Arg::N(m.now)],
        )?,
        stmt(
            db,
            "INSERT INTO project_events (id, project_id, actor_id, action, from_state, to_state, note, at) \
             SELECT ?1, ?2, ?3, 'rematched_from', ?4, 'awaiting_match', ?5, ?6 WHERE EXISTS (SELECT 1 FROM projects WHERE id = ?2)",
            &[Arg::S(new_event), Arg::S(new_id), Arg::S(actor), Arg::S(&p.id), Arg::S(m.note), Arg::N(m.now)],
        )?,
        stmt(
            db,
            "INSERT INTO project_events (id, project_id, actor_id, action, from_state, to_state, note, at) \
             SELECT ?1, ?2, ?3, 'rematch', '', ?4, '', ?5 WHERE EXISTS (SELECT 1 FROM projects WHERE id = ?4)",
            &[Arg::S(old_event), Arg::S(&p.id), Arg::S(actor), Arg::S(new_id), Arg::N(m.now)],
        )?,
        // Audited like the coordinator's other actions (under the history entry's id).
        super::audit(
            db,
            &super::Audit { id: old_event, actor, action: "project.rematch", target_type: "project", target_id: &p.id, after: new_id, now: m.now },
            super::Before::Nothing,
        )?,
    ])
}

pub async fn update_request(db: &Db, id: &str, title: &str, summary: &str, context: &str, now: i64) -> Result<(), ApiError> {
    super::run(
        db,
        "UPDATE projects SET title = ?2, summary = ?3, context = ?4, updated_at = ?5, version = version + 1 WHERE id = ?1",
        &[Arg::S(id), Arg::S(title), Arg::S(summary), Arg::S(context), Arg::N(now)],
    )
    .await
    .map(|_| ())
}

/// What a transition writes to the project row.
pub struct Move<'a> {
    pub project: &'a str,
    pub version: i64,
    pub from: &'a str,
    pub to: &'a str,
    pub route: &'a str,
    pub mentor: Option<&'a str>,
    pub asked_at: Option<i64>,
    pub was_active: bool,
    pub actor: Option<&'a str>,
    pub action: &'a str,
    pub note: &'a str,
    pub event_id: &'a str,
    pub now: i64,
}

/// The guard later statements of a transition use: the project is at the version this transition made.
pub fn guard<'a>(m: &Move<'a>) -> Option<(&'a str, i64)> {
    Some((m.project, m.version + 1))
}

/// Applies a transition and everything that goes with it, atomically. Returns false (and changes nothing) when the
/// project moved meanwhile.
pub async fn apply(db: &Db, m: &Move<'_>, then: Vec<D1PreparedStatement>) -> Result<bool, ApiError> {
    let mut statements = vec![
        stmt(
            db,
            "UPDATE projects SET state = ?3, route = ?4, mentor_id = ?5, asked_at = ?6, was_active = ?7, version = version + 1, updated_at = ?8 \
             WHERE id = ?1 AND version = ?2",
            &[Arg::S(m.project), Arg::N(m.version), Arg::S(m.to), Arg::S(m.route), m.mentor.map_or(Arg::Null, Arg::S), m.asked_at.map_or(Arg::Null, Arg::N), Arg::B(m.was_active), Arg::N(m.now)],
        )?,
        stmt(
            db,
            "INSERT INTO project_events (id, project_id, actor_id, action, from_state, to_state, note, at) \
             SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8 WHERE EXISTS (SELECT 1 FROM projects WHERE id = ?2 AND version = ?9)",
            &[Arg::S(m.event_id), Arg::S(m.project), m.actor.map_or(Arg::Null, Arg::S), Arg::S(m.action), Arg::S(m.from), Arg::S(m.to), Arg::S(m.note), Arg::N(m.now), Arg::N(m.version + 1)],
        )?,
    ];
    if m.from == "active" && m.to != "active" {
        // Completed or cancelled while on hold: the hold ends with the project's life (a reopened project is not
        // on hold).
        statements.push(guarded(db, m, "UPDATE project_health SET hold_until = NULL WHERE project_id = ?1 AND hold_until IS NOT NULL", &[])?);
    }
    if m.to == "active" {
        // Reopened after the retention emptied it: when it finishes again, its new content is kept as long, then goes.
        statements.push(guarded(db, m, "DELETE FROM project_purges WHERE project_id = ?1", &[])?);
    }
    statements.extend(then);
    let results = batch(db, statements).await?;
    Ok(results.first().map_or(0, changes) == 1)
}

/// A statement that runs only if the transition happened (`?1` project, `?2` version after; the rest from `args`).
pub fn guarded(db: &Db, m: &Move<'_>, sql: &str, args: &[Arg]) -> Result<D1PreparedStatement, ApiError> {
    let mut all_args = vec![Arg::S(m.project), Arg::N(m.version + 1)];
    all_args.extend_from_slice(args);
    stmt(db, &format!("{sql} AND EXISTS (SELECT 1 FROM projects WHERE id = ?1 AND version = ?2)"), &all_args)
}

/// The acting mentor joins the project (their consent), if the move was stored.
pub fn mentor_joins(db: &Db, m: &Move<'_>, mentor: &str) -> Result<D1PreparedStatement, ApiError> {
    stmt(
        db,
        "INSERT INTO project_members (project_id, user_id, role, status, joined_at) \
         SELECT ?1, ?3, 'mentor', 'active', ?4 WHERE EXISTS (SELECT 1 FROM projects WHERE id = ?1 AND version = ?2)",
        &[Arg::S(m.project), Arg::N(m.version + 1), Arg::S(mentor), Arg::N(m.now)],
    )
}

/// The acting mentor's refusal is kept (they are not offered or asked again), if the move was stored.
pub fn decline_kept(db: &Db, m: &Move<'_>, mentor: &str, reason: &str) -> Result<D1PreparedStatement, ApiError> {
    stmt(
        db,
        "INSERT INTO project_declines (project_id, mentor_id, reason, at) \
         SELECT ?1, ?3, ?4, ?5 WHERE EXISTS (SELECT 1 FROM projects WHERE id = ?1 AND version = ?2)",
        &[Arg::S(m.project), Arg::N(m.version + 1), Arg::S(mentor), Arg::S(reason), Arg::N(m.now)],
    )
}

pub async fn has_declined(db: &Db, project: &str, mentor: &str) -> Result<bool, ApiError> {
    Ok(first::<serde_json::Value>(db, "SELECT 1 AS x FROM project_declines WHERE project_id = ?1 AND mentor_id = ?2", &[Arg::S(project), Arg::S(mentor)]).await?.is_some())
}

/// Another request of this mentee already waiting for this mentor?
pub async fn open_request_to(db: &Db, mentee: &str, mentor: &str, except: &str) -> Result<bool, ApiError> {
    Ok(first::<serde_json::Value>(
        db,
        "SELECT 1 AS x FROM projects WHERE mentee_id = ?1 AND mentor_id = ?2 AND state = 'awaiting_consent' AND id <> ?3",
        &[Arg::S(mentee), Arg::S(mentor), Arg::S(except)],
    )
    .await?
    .is_some())
}

super::row! {
    pub struct GroupCount {
        pub mentor_active: i64,
        pub mentees_active: i64,
        pub mentees_possible: i64,
    }
}

pub async fn group_counts(db: &Db, project: &str) -> Result<GroupCount, ApiError> {
    first(
        db,
        "SELECT \
           (SELECT COUNT(*) FROM project_members WHERE project_id = ?1 AND role = 'mentor' AND status = 'active') AS mentor_active, \
           (SELECT COUNT(*) FROM project_members WHERE project_id = ?1 AND role = 'mentee' AND status = 'active') AS mentees_active, \
           (SELECT COUNT(*) FROM project_members WHERE project_id = ?1 AND role = 'mentee' AND status IN ('active', 'invited')) AS mentees_possible",
        &[Arg::S(project)],
    )
    .await?
    .ok_or_else(ApiError::internal)
}

/// Requests whose mentor has not answered within the community's timeout.
pub async fn overdue(db: &Db, now: i64) -> Result<Vec<ProjectRow>, ApiError> {
    all(
        db,
        &format!("SELECT {PROJECT} WHERE p.state = 'awaiting_consent' AND p.asked_at IS NOT NULL AND p.asked_at + c.request_timeout_days * 86400000 <= ?1 LIMIT 100"),
        &[Arg::N(now)],
    )
    .await
}

super::row! {
    pub struct Attachment {
        pub r2_key: String,
        pub name: String,
        pub content_type: String,
        pub uploaded_by: String,
    }
}

pub async fn attachment(db: &Db, project: &str, id: &str) -> Result<Option<Attachment>, ApiError> {
    first(
        db,
        "SELECT r2_key, name, content_type, uploaded_by FROM project_attachments WHERE project_id = ?1 AND id = ?2",
        &[Arg::S(project), Arg::S(id)],
    )
    .await
}

pub async fn attachment_count(db: &Db, project: &str) -> Result<i64, ApiError> {
    Ok(first::<super::Count>(db, "SELECT COUNT(*) AS n FROM project_attachments WHERE project_id = ?1", &[Arg::S(project)]).await?.map_or(0, |n| n.n))
}

pub struct NewAttachment<'a> {
    pub id: &'a str,
    pub project: &'a str,
    pub key: &'a str,
    pub name: &'a str,
    pub content_type: &'a str,
    pub size: i64,
    pub by: &'a str,
    pub now: i64,
}

pub async fn add_attachment(db: &Db, a: &NewAttachment<'_>) -> Result<(), ApiError> {
    super::run(
        db,
        "INSERT INTO project_attachments (id, project_id, r2_key, name, content_type, size, uploaded_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        &[Arg::S(a.id), Arg::S(a.project), Arg::S(a.key), Arg::S(a.name), Arg::S(a.content_type), Arg::N(a.size), Arg::S(a.by), Arg::N(a.now)],
    )
    .await
    .map(|_| ())
}

pub async fn delete_attachment(db: &Db, project: &str, id: &str) -> Result<(), ApiError> {
    super::run(db, "DELETE FROM project_attachments WHERE project_id = ?1 AND id = ?2", &[Arg::S(project), Arg::S(id)]).await.map(|_| ())
}

pub fn attachment_key(project: &str, id: &str) -> String {
    format!("req/{project}/{id}")
}

pub struct NewGroup<'a> {
    pub id: &'a str,
    pub community: &'a str,
    pub mentor: &'a str,
    pub mentor_consents: bool,
    pub mentees: &'a [String],
    pub name: &'a str,
    pub motto: &'a str,
    pub summary: &'a str,
    pub by: &'a str,
    pub event_id: &'a str,
    pub now: i64,
}

pub fn create_group(db: &Db, g: &NewGroup<'_>) -> Result<Vec<D1PreparedStatement>, ApiError> {
    let mut statements = vec![
        stmt(
            db,
            "INSERT INTO projects (id, community_id, state, route, title, summary, group_name, motto, mentor_id, asked_at, created_by, created_at, updated_at) \
             VALUES (?1, ?2, 'awaiting_consent', 'group', ?3, ?4, ?3, ?5, ?6, ?7, ?8, ?7, ?7)",
            &[Arg::S(g.id), Arg::S(g.community), Arg::S(g.name), Arg::S(g.summary), Arg::S(g.motto), Arg::S(g.mentor), Arg::N(g.now), Arg::S(g.by)],
        )?,
        stmt(
            db,
            "INSERT INTO project_members (project_id, user_id, role, status, joined_at) VALUES (?1, ?2, 'mentor', ?3, ?4)",
            &[Arg::S(g.id), Arg::S(g.mentor), Arg::S(if g.mentor_consents { "active" } else { "invited" }), Arg::N(g.now)],
        )?,
        stmt(
            db,
            "INSERT INTO project_events (id, project_id, actor_id, action, from_state, to_state, at) VALUES (?1, ?2, ?3, 'create', '', 'awaiting_consent', ?4)",
            &[Arg::S(g.event_id), Arg::S(g.id), Arg::S(g.by), Arg::N(g.now)],
        )?,
    ];
    for m in g.mentees {
        statements.push(stmt(
            db,
            "INSERT INTO project_members (project_id, user_id, role, status, joined_at) VALUES (?1, ?2, 'mentee', 'invited', ?3)",
            &[Arg::S(g.id), Arg::S(m), Arg::N(g.now)],
        )?);
    }
    Ok(statements)
}

/// Of these people, who are active members of the community?
pub async fn active_members(db: &Db, community: &str, people: &[String]) -> Result<Vec<String>, ApiError> {
    super::row! {
        struct U {
            user_id: String,
        }
    }
    let list = serde_json::to_string(people).map_err(|_| ApiError::internal())?;
    let rows: Vec<U> = all(
        db,
        "SELECT m.user_id FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.community_id = ?1 AND m.status = 'active' \
         AND u.status = 'active' AND m.user_id IN (SELECT value FROM json_each(?2))",
        &[Arg::S(community), Arg::S(&list)],
    )
    .await?;
    Ok(rows.into_iter().map(|u| u.user_id).collect())
}

/// Model A's queue: requests waiting for a mentor, each with its mentee's profile and the mentors who declined it
/// (three statements, one round trip).
/// A request waiting for a match, its mentee's profile, and the mentors who declined it.
pub type Waiting = (ProjectRow, ProfileRow, Vec<String>);
/// A mentor on the roll and their profile.
pub type Candidate = (super::roll::CandidateRow, ProfileRow);

/// The matching queue: the requests waiting for a match and the mentors who could take them, in one round trip.
pub async fn matching_queue(db: &Db, community: &str) -> Result<(Vec<Waiting>, Vec<Candidate>), ApiError> {
    let mut statements = awaiting_match_reads(db, community)?;
    statements.extend(super::roll::candidates_reads(db, community, "", "")?);
    let results = batch(db, statements).await?;
    let (waiting, pool) = results.split_at(results.len().min(3));
    Ok((awaiting_match_rows(waiting)?, super::roll::candidates_rows(pool)?))
}

fn awaiting_match_reads(db: &Db, community: &str) -> Result<Vec<D1PreparedStatement>, ApiError> {
    Ok(vec![
            stmt(db, &format!("SELECT {PROJECT} WHERE p.community_id = ?1 AND p.state = 'awaiting_match' ORDER BY p.updated_at, p.id"), &[Arg::S(community)])?,
            stmt(
                db,
                &format!(
                    "SELECT {PROFILE_OR_EMPTY} FROM projects q LEFT JOIN profiles p ON p.user_id = q.mentee_id \
                     WHERE q.community_id = ?1 AND q.state = 'awaiting_match' ORDER BY q.updated_at, q.id"
                ),
                &[Arg::S(community)],
            )?,
            stmt(
                db,
                "SELECT d.project_id, d.mentor_id FROM project_declines d JOIN projects q ON q.id = d.project_id \
                 WHERE q.community_id = ?1 AND q.state = 'awaiting_match'",
                &[Arg::S(community)],
            )?,
    ])
}

fn awaiting_match_rows(results: &[D1Result]) -> Result<Vec<Waiting>, ApiError> {
    super::row! {
        struct Declined {
            project_id: String,
            mentor_id: String,
        }
    }
    let projects: Vec<ProjectRow> = rows(results, 0)?;
    let profiles: Vec<ProfileRow> = rows(results, 1)?;
    let declined: Vec<Declined> = rows(results, 2)?;
    Ok(projects
        .into_iter()
        .zip(profiles)
        .map(|(p, pr)| {
            let d = declined.iter().filter(|d| d.project_id == p.id).map(|d| d.mentor_id.clone()).collect();
            (p, pr, d)
        })
        .collect())
}

super::row! {
    #[derive(Serialize)]
    pub struct MyProjectRow {
        pub id: String,
        pub title: String,
        pub state: String,
        pub route: String,
        pub community_id: String,
        pub community_name: String,
        pub role: String,
        pub status: String,
        pub mentee_name: Option<String>,
        pub mentor_name: Option<String>,
        pub updated_at: i64,
        /// Unread chat messages (filled in for active projects).
        #[serde(skip_serializing_if = "Option::is_none")]
        pub chat_unread: Option<i64>,
        /// On hold until this day (an active project).
        pub hold_until: Option<i64>,
    }
}

super::row! {
    #[derive(Serialize)]
    pub struct WaitingRow {
        pub id: String,
        pub title: String,
        pub route: String,
        pub community_id: String,
        pub community_name: String,
        pub mentee_name: Option<String>,
        pub asked_at: Option<i64>,
        pub expires_at: Option<i64>,
    }
}

super::row! {
    #[derive(Serialize)]
    pub struct ApplicationRow {
        pub community_id: String,
        pub community_name: String,
        pub status: String,
        pub decision_note: String,
        pub applied_at: i64,
        pub decided_at: Option<i64>,
    }
}

super::row! {
    #[derive(Serialize)]
    pub struct CountRow {
        pub community_id: String,
        pub community_name: String,
        pub state: String,
        pub n: i64,
    }
}

pub struct Dashboard {
    pub projects: Vec<MyProjectRow>,
    pub waiting: Vec<WaitingRow>,
    pub applications: Vec<ApplicationRow>,
    pub admin_counts: Vec<CountRow>,
    pub unread: i64,
    pub unread_messages: i64,
}

/// Everything the dashboard shows: the statements (they may ride with the session check) and their rows.
pub fn dashboard_reads(db: &Db, who: Who) -> Result<Vec<D1PreparedStatement>, ApiError> {
    let me = who.id_sql(1);
    Ok(vec![
            stmt(
                db,
                &format!("SELECT p.id, p.title, p.state, p.route, p.community_id, c.name AS community_name, pm.role, pm.status, \
                   me.display_name AS mentee_name, mo.display_name AS mentor_name, p.updated_at, NULL AS chat_unread, \
                   (SELECT h.hold_until FROM project_health h WHERE h.project_id = p.id AND p.state = 'active') AS hold_until \
                 FROM project_members pm JOIN projects p ON p.id = pm.project_id JOIN communities c ON c.id = p.community_id \
                 LEFT JOIN users me ON me.id = p.mentee_id LEFT JOIN users mo ON mo.id = p.mentor_id \
                 WHERE pm.user_id = {me} AND pm.status IN ('active', 'invited') ORDER BY p.updated_at DESC LIMIT 200"),
                &[who.arg()],
            )?,
            stmt(
                db,
                &format!("SELECT p.id, p.title, p.route, p.community_id, c.name AS community_name, me.display_name AS mentee_name, p.asked_at, \
                   p.asked_at + c.request_timeout_days * 86400000 AS expires_at \
                 FROM projects p JOIN communities c ON c.id = p.community_id LEFT JOIN users me ON me.id = p.mentee_id \
                 WHERE p.mentor_id = {me} AND p.state = 'awaiting_consent' AND p.route IN ('a', 'b') ORDER BY p.asked_at"),
                &[who.arg()],
            )?,
            stmt(
                db,
                &format!("SELECT e.community_id, c.name AS community_name, e.status, e.decision_note, e.applied_at, e.decided_at \
                 FROM roll_entries e JOIN communities c ON c.id = e.community_id WHERE e.user_id = {me} ORDER BY e.applied_at DESC"),
                &[who.arg()],
            )?,
            stmt(
                db,
                &format!("SELECT p.community_id, c.name AS community_name, p.state, COUNT(*) AS n FROM projects p \
                 JOIN communities c ON c.id = p.community_id \
                 JOIN memberships m ON m.community_id = p.community_id AND m.user_id = {me} AND m.role = 'admin' AND m.status = 'active' \
                 GROUP BY p.community_id, p.state ORDER BY c.name, p.state"),
                &[who.arg()],
            )?,
            stmt(db, &format!("SELECT COUNT(*) AS n FROM notifications WHERE user_id = {me} AND read_at IS NULL"), &[who.arg()])?,
    ])
}

pub fn dashboard_rows(results: &[D1Result]) -> Result<Dashboard, ApiError> {
    Ok(Dashboard {
        projects: rows(results, 0)?,
        waiting: rows(results, 1)?,
        applications: rows(results, 2)?,
        admin_counts: rows(results, 3)?,
        unread: one::<super::Count>(results, 4)?.map_or(0, |n| n.n),
        unread_messages: 0,
    })
}

pub async fn dashboard(db: &Db, me: &str) -> Result<Dashboard, ApiError> {
    dashboard_rows(&batch(db, dashboard_reads(db, Who::User(me))?).await?)
}

/// A project's active mentees (ids), in the order they joined.
pub async fn active_mentees(db: &Db, project: &str) -> Result<Vec<String>, ApiError> {
    let rows: Vec<super::accounts::Id> = super::all(
        db,
        "SELECT user_id AS id FROM project_members WHERE project_id = ?1 AND role = 'mentee' AND status = 'active' ORDER BY joined_at, user_id",
        &[Arg::S(project)],
    )
    .await?;
    Ok(rows.into_iter().map(|r| r.id).collect())
}

// What every process route reads first: the project, its process, its active members --------------------------

super::row! {
    pub struct Member {
        pub user_id: String,
        pub role: String,
        pub display_name: String,
        /// Their profile's IANA zone ("" when they gave none).
        pub timezone: String,
    }
}

/// A project, its process and its active members with their names: what the process routes need from D1.
pub struct Context {
    pub project: Option<ProjectRow>,
    pub process: Option<super::journey::Process>,
    pub members: Vec<Member>,
    pub progress: Option<super::journey::Progress>,
}

/// Its statements (they ride with the session check: one round trip), and reading them back.
pub fn context_reads(db: &Db, project: &str) -> Result<Vec<D1PreparedStatement>, ApiError> {
    let mut out = project_reads(db, project)?;
    out.push(super::journey::process_of(db, project)?);
    out.push(stmt(
        db,
        "SELECT pm.user_id, pm.role, u.display_name, COALESCE(pr.timezone, '') AS timezone FROM project_members pm \
         JOIN users u ON u.id = pm.user_id LEFT JOIN profiles pr ON pr.user_id = pm.user_id \
         WHERE pm.project_id = ?1 AND pm.status = 'active' ORDER BY pm.role DESC, pm.joined_at, pm.user_id",
        &[Arg::S(project)],
    )?);
    out.push(super::journey::progress_of(db, project)?);
    Ok(out)
}

pub fn context_rows(results: &[worker::D1Result]) -> Result<Context, ApiError> {
    Ok(Context {
        project: super::one(results, 0)?,
        process: super::one(results, 1)?,
        members: super::rows(results, 2)?,
        progress: super::one(results, 3)?,
    })
}

