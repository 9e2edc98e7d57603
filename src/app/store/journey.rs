//! Journeys in D1: a community's templates, each active project's process (coordinator, journey version, stage) and
//! its progress in figures as the project's space pushes them (never text).

use super::{batch, changes, first, run, stmt, Arg, Db};
use crate::domain::error::ApiError;
use serde::Serialize;
use worker::D1PreparedStatement;

/// The coordinator a project gets when it becomes active: the admin who matched it (model A), otherwise the roll's
/// supervisor. `?1` is the project.
/// Either only while they are an active admin of the project's community.
const DEFAULT_COORDINATOR: &str = "(SELECT c.id FROM ( \
      SELECT 1 AS rank, e.actor_id AS id FROM project_events e WHERE e.project_id = ?1 AND e.action = 'match' \
      UNION ALL SELECT 2, r.supervisor_id FROM rolls r JOIN projects p ON p.community_id = r.community_id WHERE p.id = ?1) c \
    JOIN projects p ON p.id = ?1 JOIN memberships m ON m.community_id = p.community_id AND m.user_id = c.id \
    WHERE m.role = 'admin' AND m.status = 'active' ORDER BY c.rank LIMIT 1)";
/// The journey a project takes when it becomes active: its community's default published template, otherwise the
/// built-in three stages.
const DEFAULT_JOURNEY: &str = "COALESCE((SELECT j.id FROM journeys j JOIN projects p ON p.community_id = j.community_id \
    WHERE p.id = ?1 AND j.is_default = 1 AND j.state = 'published'), 'builtin:three_stages')";

/// A project that has just become active gets its process (for the batch of the move; nothing when it had one
/// already: a reopened project keeps its journey, stage and coordinator).
pub fn start(db: &Db, project: &str, now: i64) -> Result<D1PreparedStatement, ApiError> {
    stmt(
        db,
        &format!(
            "INSERT OR IGNORE INTO project_process (project_id, coordinator_id, journey_ref, stage, stage_since, updated_at) \
             SELECT ?1, {DEFAULT_COORDINATOR}, {DEFAULT_JOURNEY}, 0, ?2, ?2 FROM projects WHERE id = ?1 AND state = 'active'"
        ),
        &[Arg::S(project), Arg::N(now)],
    )
}

super::row! {
    /// A project's process, with its journey's body when it is one of the community's (built-in ones are in code).
    pub struct Process {
        pub coordinator_id: Option<String>,
        pub coordinator_name: Option<String>,
        /// The coordinator is still an active admin of the project's community (only then do they coordinate, and
        /// sign its contract).
        pub coordinator_active: i64,
        pub journey_ref: String,
        pub journey_body: Option<String>,
        pub journey_version: Option<i64>,
        pub journey_key: Option<String>,
        pub stage: i64,
        pub stage_since: i64,
    }
}

/// A project's process, as a statement for its page's batch.
pub fn process_of(db: &Db, project: &str) -> Result<D1PreparedStatement, ApiError> {
    stmt(
        db,
        "SELECT pp.coordinator_id, u.display_name AS coordinator_name, \
           (SELECT COUNT(*) FROM projects p JOIN memberships m ON m.community_id = p.community_id \
             WHERE p.id = pp.project_id AND m.user_id = pp.coordinator_id AND m.role = 'admin' AND m.status = 'active') AS coordinator_active, \
           pp.journey_ref, j.body AS journey_body, \
           j.version AS journey_version, j.key AS journey_key, pp.stage, pp.stage_since \
         FROM project_process pp LEFT JOIN users u ON u.id = pp.coordinator_id LEFT JOIN journeys j ON j.id = pp.journey_ref \
         WHERE pp.project_id = ?1",
        &[Arg::S(project)],
    )
}

pub async fn process(db: &Db, project: &str) -> Result<Option<Process>, ApiError> {
    super::one(&batch(db, vec![process_of(db, project)?]).await?, 0)
}

/// A project's history entry for a change of its coordinator, named from the old to the new one (its `from_state`
/// and `to_state` carry the names: the project's own state does not change). Runs before the change, in its batch.
fn coordinator_event(db: &Db, h: &Handover<'_>) -> Result<D1PreparedStatement, ApiError> {
    stmt(
        db,
        "INSERT INTO project_events (id, project_id, actor_id, action, from_state, to_state, note, at) \
         SELECT ?2, ?1, ?3, 'coordinator', COALESCE((SELECT u.display_name FROM project_process pp JOIN users u ON u.id = pp.coordinator_id \
           WHERE pp.project_id = ?1), ''), (SELECT display_name FROM users WHERE id = ?4), ?5, ?6",
        &[Arg::S(h.project), Arg::S(h.event_id), Arg::S(h.actor), Arg::S(h.to), Arg::S(h.note), Arg::N(h.now)],
    )
}

pub struct Handover<'a> {
    pub project: &'a str,
    pub community: &'a str,
    pub to: &'a str,
    pub actor: &'a str,
    pub event_id: &'a str,
    pub audit_id: &'a str,
    pub note: &'a str,
    pub now: i64,
}

/// Makes a community admin the project's coordinator, with its history entry and an audit entry (the handler has
/// checked that `to` is an active admin of the project's community; the update checks it again).
pub async fn set_coordinator(db: &Db, h: &Handover<'_>) -> Result<bool, ApiError> {
    let results = batch(
        db,
        vec![
            super::audit(
                db,
                &super::Audit { id: h.audit_id, actor: h.actor, action: "project.coordinator", target_type: "project", target_id: h.project, after: h.to, now: h.now },
                super::Before::Row {
                    json: "json_object('coordinator_id', coordinator_id)",
                    table: "project_process",
                    keys: &[("project_id", Arg::S(h.project))],
                    filter: "",
                },
            )?,
            coordinator_event(db, h)?,
            stmt(
                db,
                "UPDATE project_process SET coordinator_id = ?2, updated_at = ?4 WHERE project_id = ?1 AND EXISTS \
                 (SELECT 1 FROM memberships m WHERE m.community_id = ?3 AND m.user_id = ?2 AND m.role = 'admin' AND m.status = 'active')",
                &[Arg::S(h.project), Arg::S(h.to), Arg::S(h.community), Arg::N(h.now)],
            )?,
        ],
    )
    .await?;
    Ok(results.get(2).map_or(0, changes) == 1)
}

/// Who changes a project's process, when and why (its history entry).
#[derive(Clone, Copy)]
pub struct Step<'a> {
    pub project: &'a str,
    pub actor: &'a str,
    pub event_id: &'a str,
    pub note: &'a str,
    pub now: i64,
}

/// Moves a project from stage `from` to `to` with its history entry. False when it is no longer at `from`.
pub async fn move_stage(db: &Db, s: &Step<'_>, from: i64, to: i64) -> Result<bool, ApiError> {
    let Step { project, actor, event_id, note, now } = *s;
    let results = batch(
        db,
        vec![
            stmt(
                db,
                "UPDATE project_process SET stage = ?3, stage_since = ?4, updated_at = ?4 WHERE project_id = ?1 AND stage = ?2",
                &[Arg::S(project), Arg::N(from), Arg::N(to), Arg::N(now)],
            )?,
            stmt(
                db,
                // The stages' numbers from 1, as the history shows them.
                "INSERT INTO project_events (id, project_id, actor_id, action, from_state, to_state, note, at) \
                 SELECT ?2, ?1, ?3, 'stage', ?5, ?8, ?4, ?7 FROM project_process \
                 WHERE project_id = ?1 AND stage = ?6 AND stage_since = ?7",
                &[Arg::S(project), Arg::S(event_id), Arg::S(actor), Arg::S(note), Arg::S(&(from + 1).to_string()), Arg::N(to), Arg::N(now), Arg::S(&(to + 1).to_string())],
            )?,
        ],
    )
    .await?;
    Ok(results.first().map_or(0, changes) == 1)
}

/// Moves a project to another published version of its journey (the coordinator's choice), with its history entry.
/// `titles`: the old and the new journey's titles, for the history.
pub async fn change_journey(db: &Db, s: &Step<'_>, from: &str, to: &str, stage: i64, titles: (&str, &str)) -> Result<bool, ApiError> {
    let Step { project, actor, event_id, note, now } = *s;
    let results = batch(
        db,
        vec![
            stmt(
                db,
                "UPDATE project_process SET journey_ref = ?3, stage = ?4, updated_at = ?5 WHERE project_id = ?1 AND journey_ref = ?2",
                &[Arg::S(project), Arg::S(from), Arg::S(to), Arg::N(stage), Arg::N(now)],
            )?,
            stmt(
                db,
                "INSERT INTO project_events (id, project_id, actor_id, action, from_state, to_state, note, at) \
                 SELECT ?2, ?1, ?3, 'journey', ?7, ?8, ?4, ?5 FROM projects p JOIN project_process pp ON pp.project_id = p.id \
                 WHERE p.id = ?1 AND pp.journey_ref = ?6",
                &[Arg::S(project), Arg::S(event_id), Arg::S(actor), Arg::S(note), Arg::N(now), Arg::S(to), Arg::S(titles.0), Arg::S(titles.1)],
            )?,
        ],
    )
    .await?;
    Ok(results.first().map_or(0, changes) == 1)
}

// Templates ----------------------------------------------------------------------------------------------------

super::row! {
    #[derive(Serialize)]
    pub struct Journey {
        pub id: String,
        pub key: String,
        pub version: i64,
        pub state: String,
        pub title: String,
        pub body: String,
        pub is_default: i64,
        pub created_at: i64,
        pub published_at: Option<i64>,
    }
}

const JOURNEY: &str = "id, key, version, state, title, body, is_default, created_at, published_at";

/// A community's templates, newest version of each first.
pub async fn journeys(db: &Db, community: &str) -> Result<Vec<Journey>, ApiError> {
    super::all(db, &format!("SELECT {JOURNEY} FROM journeys WHERE community_id = ?1 ORDER BY key, version DESC LIMIT 200"), &[Arg::S(community)]).await
}

pub async fn journey(db: &Db, community: &str, id: &str) -> Result<Option<Journey>, ApiError> {
    first(db, &format!("SELECT {JOURNEY} FROM journeys WHERE community_id = ?1 AND id = ?2"), &[Arg::S(community), Arg::S(id)]).await
}

pub struct NewJourney<'a> {
    pub id: &'a str,
    pub community: &'a str,
    pub key: &'a str,
    pub title: &'a str,
    pub body: &'a str,
    pub by: &'a str,
    pub now: i64,
}

/// A new draft: version one above the newest of its key. False when a draft of that key is already open.
pub async fn create_draft(db: &Db, j: &NewJourney<'_>) -> Result<bool, ApiError> {
    let n = run(
        db,
        "INSERT INTO journeys (id, community_id, key, version, state, title, body, is_default, created_by, created_at) \
         SELECT ?1, ?2, ?3, COALESCE((SELECT MAX(version) FROM journeys WHERE community_id = ?2 AND key = ?3), 0) + 1, 'draft', ?4, ?5, 0, ?6, ?7 \
         WHERE NOT EXISTS (SELECT 1 FROM journeys WHERE community_id = ?2 AND key = ?3 AND state = 'draft')",
        &[Arg::S(j.id), Arg::S(j.community), Arg::S(j.key), Arg::S(j.title), Arg::S(j.body), Arg::S(j.by), Arg::N(j.now)],
    )
    .await?;
    Ok(n == 1)
}

/// Replaces a draft's content (published versions never change). False when it is not a draft.
pub async fn update_draft(db: &Db, community: &str, id: &str, title: &str, body: &str) -> Result<bool, ApiError> {
    let n = run(
        db,
        "UPDATE journeys SET title = ?3, body = ?4 WHERE community_id = ?1 AND id = ?2 AND state = 'draft'",
        &[Arg::S(community), Arg::S(id), Arg::S(title), Arg::S(body)],
    )
    .await?;
    Ok(n == 1)
}

/// Publishes a draft; with `default`, new projects of the community take it from now on.
pub async fn publish(db: &Db, community: &str, id: &str, default: bool, actor: &str, audit_id: &str, now: i64) -> Result<bool, ApiError> {
    let mut statements = vec![stmt(
        db,
        "UPDATE journeys SET state = 'published', published_at = ?3 WHERE community_id = ?1 AND id = ?2 AND state = 'draft'",
        &[Arg::S(community), Arg::S(id), Arg::N(now)],
    )?];
    if default {
        statements.push(stmt(
            db,
            "UPDATE journeys SET is_default = 0 WHERE community_id = ?1 AND is_default = 1 AND id <> ?2 \
             AND EXISTS (SELECT 1 FROM journeys WHERE id = ?2 AND published_at = ?3)",
            &[Arg::S(community), Arg::S(id), Arg::N(now)],
        )?);
        statements.push(stmt(
            db,
            "UPDATE journeys SET is_default = 1 WHERE community_id = ?1 AND id = ?2 AND published_at = ?3",
            &[Arg::S(community), Arg::S(id), Arg::N(now)],
        )?);
    }
    statements.push(super::audit(
        db,
        &super::Audit { id: audit_id, actor, action: "journey.publish", target_type: "journey", target_id: id, after: if default { "default" } else { "published" }, now },
        super::Before::Row { json: "json_object('version', version)", table: "journeys", keys: &[("id", Arg::S(id))], filter: "" },
    )?);
    let results = batch(db, statements).await?;
    Ok(results.first().map_or(0, changes) == 1)
}

// Progress -----------------------------------------------------------------------------------------------------

super::row! {
    #[derive(Serialize)]
    /// A project's process in figures, as its space last pushed them.
    pub struct Progress {
        pub project_id: String,
        pub contract_state: String,
        pub contract_version: i64,
        pub goals: i64,
        pub goals_agreed: i64,
        pub sessions_held: i64,
        pub next_session_at: Option<i64>,
        pub diaries_missing: i64,
        pub interactions: i64,
        /// JSON: per contract version, goal, session and diary their states and dates (see the space's journey.rs).
        pub detail: String,
        pub version: i64,
        pub at: i64,
    }
}

/// Stores a project's progress unless D1 has a newer version (a statement for the activity push's batch).
pub fn push(db: &Db, p: &Progress) -> Result<D1PreparedStatement, ApiError> {
    stmt(
        db,
        "INSERT INTO project_progress (project_id, contract_state, contract_version, goals, goals_agreed, sessions_held, next_session_at, \
           diaries_missing, interactions, detail, version, at) \
         SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12 WHERE EXISTS (SELECT 1 FROM projects WHERE id = ?1) \
         ON CONFLICT (project_id) DO UPDATE SET contract_state = excluded.contract_state, contract_version = excluded.contract_version, \
           goals = excluded.goals, goals_agreed = excluded.goals_agreed, sessions_held = excluded.sessions_held, \
           next_session_at = excluded.next_session_at, diaries_missing = excluded.diaries_missing, interactions = excluded.interactions, \
           detail = excluded.detail, version = excluded.version, at = excluded.at \
         WHERE excluded.version > project_progress.version",
        &[
            Arg::S(&p.project_id),
            Arg::S(&p.contract_state),
            Arg::N(p.contract_version),
            Arg::N(p.goals),
            Arg::N(p.goals_agreed),
            Arg::N(p.sessions_held),
            p.next_session_at.map_or(Arg::Null, Arg::N),
            Arg::N(p.diaries_missing),
            Arg::N(p.interactions),
            Arg::S(&p.detail),
            Arg::N(p.version),
            Arg::N(p.at),
        ],
    )
}

/// A project's progress as last pushed, as a statement for its page's batch.
pub fn progress_of(db: &Db, project: &str) -> Result<D1PreparedStatement, ApiError> {
    stmt(
        db,
        "SELECT project_id, contract_state, contract_version, goals, goals_agreed, sessions_held, next_session_at, diaries_missing, \
           interactions, detail, version, at FROM project_progress WHERE project_id = ?1",
        &[Arg::S(project)],
    )
}

// Calendar feeds -----------------------------------------------------------------------------------------------

/// A person's calendar feed: a new secret replaces the old one (whose address stops working).
pub async fn set_feed(db: &Db, user: &str, token_hash: &str, now: i64) -> Result<(), ApiError> {
    run(
        db,
        "INSERT INTO calendar_feeds (user_id, token_hash, created_at) VALUES (?1, ?2, ?3) \
         ON CONFLICT (user_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at",
        &[Arg::S(user), Arg::S(token_hash), Arg::N(now)],
    )
    .await
    .map(|_| ())
}

pub async fn drop_feed(db: &Db, user: &str) -> Result<(), ApiError> {
    run(db, "DELETE FROM calendar_feeds WHERE user_id = ?1", &[Arg::S(user)]).await.map(|_| ())
}

/// The active account whose feed this is.
pub async fn feed_owner(db: &Db, token_hash: &str) -> Result<Option<String>, ApiError> {
    let row: Option<super::accounts::Id> = first(
        db,
        "SELECT f.user_id AS id FROM calendar_feeds f JOIN users u ON u.id = f.user_id WHERE f.token_hash = ?1 AND u.status = 'active'",
        &[Arg::S(token_hash)],
    )
    .await?;
    Ok(row.map(|r| r.id))
}

super::row! {
    pub struct MyProject {
        pub id: String,
        pub title: String,
    }
}

/// The projects a person is an active member of (their sessions make the feed).
pub async fn my_active_projects(db: &Db, user: &str) -> Result<Vec<MyProject>, ApiError> {
    super::all(
        db,
        "SELECT p.id, p.title FROM project_members pm JOIN projects p ON p.id = pm.project_id \
         WHERE pm.user_id = ?1 AND pm.status = 'active' AND p.state IN ('active', 'completed') LIMIT 100",
        &[Arg::S(user)],
    )
    .await
}
