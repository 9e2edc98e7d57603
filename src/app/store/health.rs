//! Health in D1: what the daily pass reads of each active project (metadata only), what it stores (level, reasons in
//! figures, the ladder's memory), the coordinator's acknowledgement and hold, members' requests for help, and the
//! community's "Needs attention" queue.

use super::{all, batch, changes, first, stmt, Arg, Db};
use crate::domain::error::ApiError;
use serde::Serialize;
use worker::D1PreparedStatement;

super::row! {
    /// What the pass needs of one active project.
    pub struct Subject {
        pub project_id: String,
        pub community_id: String,
        pub title: String,
        pub started_at: i64,
        pub coordinator_id: Option<String>,
        pub coordinator_active: i64,
        pub journey_ref: String,
        pub journey_body: Option<String>,
        pub stage: i64,
        pub stage_since: i64,
        pub interactions: Option<i64>,
        pub detail: Option<String>,
        pub memory: Option<String>,
        pub hold_until: Option<i64>,
        /// When it was last assessed (None: never): the pass claims it from there.
        pub computed_at: Option<i64>,
        /// The project's version (a hold that ended is resumed from it).
        pub version: i64,
        pub help_open: i64,
        pub sessions_held: Option<i64>,
        /// A fit answer raised a concern not yet acknowledged; the fit check was asked already.
        pub fit_open: i64,
        pub fit_asked: i64,
        /// The modules its community turned off ("contract,diary").
        pub modules_off: Option<String>,
    }
}

/// Active projects not assessed since `day_start` (all of them with `day_start` in the future), after `cursor`, by
/// id; one of them only with `only`.
pub async fn due(db: &Db, day_start: i64, cursor: &str, limit: i64, only: Option<&str>) -> Result<Vec<Subject>, ApiError> {
    all(
        db,
        "SELECT p.id AS project_id, p.community_id, CASE WHEN p.route = 'group' AND p.group_name <> '' THEN p.group_name ELSE p.title END AS title, \
           COALESCE((SELECT MIN(e.at) FROM project_events e WHERE e.project_id = p.id AND e.to_state = 'active'), pp.stage_since) AS started_at, \
           pp.coordinator_id, (SELECT COUNT(*) FROM memberships m WHERE m.community_id = p.community_id AND m.user_id = pp.coordinator_id \
             AND m.role = 'admin' AND m.status = 'active') AS coordinator_active, \
           pp.journey_ref, j.body AS journey_body, pp.stage, pp.stage_since, \
           pr.interactions, pr.detail, h.memory, h.hold_until, h.computed_at, p.version, \
           EXISTS (SELECT 1 FROM help_requests r WHERE r.project_id = p.id AND r.closed_at IS NULL) AS help_open, pr.sessions_held, \
           EXISTS (SELECT 1 FROM evaluation_requests e WHERE e.project_id = p.id AND e.audience = 'fit' AND e.concern = 1) AS fit_open, \
           EXISTS (SELECT 1 FROM evaluation_requests e WHERE e.project_id = p.id AND e.audience = 'fit') AS fit_asked, \
           (SELECT group_concat(cm.module) FROM community_modules cm WHERE cm.community_id = p.community_id AND cm.enabled = 0) AS modules_off \
         FROM projects p JOIN project_process pp ON pp.project_id = p.id LEFT JOIN journeys j ON j.id = pp.journey_ref \
         LEFT JOIN project_progress pr ON pr.project_id = p.id LEFT JOIN project_health h ON h.project_id = p.id \
         WHERE p.state = 'active' AND p.id > ?2 AND (?4 IS NULL OR p.id = ?4) AND (h.computed_at IS NULL OR h.computed_at < ?1) \
         ORDER BY p.id LIMIT ?3",
        &[Arg::N(day_start), Arg::S(cursor), Arg::N(limit), super::opt(only)],
    )
    .await
}

/// The pass claims a project before assessing it: only if nobody assessed it, acknowledged it or put it on hold
/// since it was read (`computed_at` and `memory` as read; None: never assessed), so that two passes at once (the
/// cron's and one after a request for help) do not both send its notices. False: someone else has it.
pub async fn claim(db: &Db, project: &str, computed_at: Option<i64>, memory: Option<&str>, now: i64) -> Result<bool, ApiError> {
    let n = match (computed_at, memory) {
        (Some(at), Some(m)) => super::run(
            db,
            "UPDATE project_health SET computed_at = ?4 WHERE project_id = ?1 AND computed_at = ?2 AND memory = ?3",
            &[Arg::S(project), Arg::N(at), Arg::S(m), Arg::N(now)],
        )
        .await?,
        _ => super::run(
            db,
            "INSERT INTO project_health (project_id, level, reasons, memory, needs_attention, ack_note, ack_by, hold_until, computed_at) \
             VALUES (?1, 'ok', '[]', '{}', 0, '', NULL, NULL, ?2) ON CONFLICT (project_id) DO NOTHING",
            &[Arg::S(project), Arg::N(now)],
        )
        .await?,
    };
    Ok(n == 1)
}

/// A claim given back (its assessment failed): the next tick tries again.
pub async fn release(db: &Db, project: &str, claimed_at: i64, computed_at: i64) -> Result<(), ApiError> {
    super::run(db, "UPDATE project_health SET computed_at = ?3 WHERE project_id = ?1 AND computed_at = ?2", &[Arg::S(project), Arg::N(claimed_at), Arg::N(computed_at)]).await?;
    Ok(())
}

/// A project's health as the pass found it, for its batch (with the notices of its ladder).
pub struct Assessed<'a> {
    pub project: &'a str,
    pub level: &'a str,
    pub reasons: &'a str,
    pub memory: &'a str,
    pub needs_attention: bool,
    pub now: i64,
}

pub fn store(db: &Db, a: &Assessed<'_>) -> Result<D1PreparedStatement, ApiError> {
    stmt(
        db,
        "INSERT INTO project_health (project_id, level, reasons, memory, needs_attention, ack_note, ack_by, hold_until, computed_at) \
         SELECT ?1, ?2, ?3, ?4, ?5, '', NULL, NULL, ?6 WHERE EXISTS (SELECT 1 FROM projects WHERE id = ?1 AND state = 'active') \
         ON CONFLICT (project_id) DO UPDATE SET level = excluded.level, reasons = excluded.reasons, memory = excluded.memory, \
           needs_attention = excluded.needs_attention, computed_at = excluded.computed_at",
        &[Arg::S(a.project), Arg::S(a.level), Arg::S(a.reasons), Arg::S(a.memory), Arg::N(i64::from(a.needs_attention)), Arg::N(a.now)],
    )
}

super::row! {
    #[derive(Serialize)]
    /// A project's health as stored.
    pub struct Stored {
        pub level: String,
        pub reasons: String,
        pub memory: String,
        pub needs_attention: i64,
        pub ack_note: String,
        pub ack_by: Option<String>,
        pub ack_by_name: Option<String>,
        pub hold_until: Option<i64>,
        pub computed_at: i64,
    }
}

const STORED: &str = "SELECT h.level, h.reasons, h.memory, h.needs_attention, h.ack_note, h.ack_by, u.display_name AS ack_by_name, h.hold_until, h.computed_at \
     FROM project_health h LEFT JOIN users u ON u.id = h.ack_by WHERE h.project_id = ?1";

pub async fn of(db: &Db, project: &str) -> Result<Option<Stored>, ApiError> {
    first(db, STORED, &[Arg::S(project)]).await
}

/// A project's health and its open requests for help (`author`: only theirs), in one batch.
pub async fn view(db: &Db, project: &str, author: Option<&str>) -> Result<(Option<Stored>, Vec<HelpRequest>), ApiError> {
    let results = batch(db, vec![stmt(db, STORED, &[Arg::S(project)])?, open_requests_of(db, project, author)?]).await?;
    Ok((super::one(&results, 0)?, super::rows(&results, 1)?))
}

/// The coordinator (or another community admin) acknowledges: the new memory (snooze included), the note, open help
/// requests closed, and an audit entry, together; only while the health is the one acknowledged (`computed_at`).
pub struct Acknowledgement<'a> {
    pub project: &'a str,
    pub actor: &'a str,
    pub note: &'a str,
    pub memory: &'a str,
    pub computed_at: i64,
    pub audit_id: &'a str,
    pub now: i64,
}

pub async fn acknowledge(db: &Db, a: &Acknowledgement<'_>) -> Result<bool, ApiError> {
    let results = batch(
        db,
        vec![
            super::audit(
                db,
                &super::Audit { id: a.audit_id, actor: a.actor, action: "project.health.acknowledge", target_type: "project", target_id: a.project, after: a.memory, now: a.now },
                super::Before::Row { json: "json_object('level', level, 'memory', json(memory))", table: "project_health", keys: &[("project_id", Arg::S(a.project))], filter: "" },
            )?,
            stmt(
                db,
                "UPDATE project_health SET memory = ?2, ack_note = ?3, ack_by = ?4, needs_attention = 0 WHERE project_id = ?1 AND computed_at = ?5",
                &[Arg::S(a.project), Arg::S(a.memory), Arg::S(a.note), Arg::S(a.actor), Arg::N(a.computed_at)],
            )?,
            stmt(
                db,
                "UPDATE evaluation_requests SET concern = 0 WHERE project_id = ?1 AND concern = 1 \
                 AND EXISTS (SELECT 1 FROM project_health WHERE project_id = ?1 AND computed_at = ?2 AND memory = ?3)",
                &[Arg::S(a.project), Arg::N(a.computed_at), Arg::S(a.memory)],
            )?,
            stmt(
                db,
                "UPDATE help_requests SET closed_at = ?2 WHERE project_id = ?1 AND closed_at IS NULL \
                 AND EXISTS (SELECT 1 FROM project_health WHERE project_id = ?1 AND computed_at = ?3 AND memory = ?4)",
                &[Arg::S(a.project), Arg::N(a.now), Arg::N(a.computed_at), Arg::S(a.memory)],
            )?,
        ],
    )
    .await?;
    Ok(results.get(1).map_or(0, changes) == 1)
}

/// A project put on hold until a date, its end moved, or resumed (by a person, or by the clock when the day
/// comes): the project's version moves on (a lifecycle move: the statements after it, and the caller's notices
/// guarded by `version + 1`, happen only if no other move came first), the hold and the ladder's memory are stored,
/// and the history says so; a person's move is audited.
pub struct Hold<'a> {
    pub project: &'a str,
    /// The project's version as read: the move happens only from it.
    pub version: i64,
    /// None: the clock (a hold that ended by itself).
    pub actor: Option<&'a str>,
    pub action: &'a str,
    pub until: Option<i64>,
    pub memory: &'a str,
    pub audit_id: &'a str,
    pub event_id: &'a str,
    pub now: i64,
}

pub fn hold(db: &Db, h: &Hold<'_>) -> Result<Vec<D1PreparedStatement>, ApiError> {
    let after = h.until.map_or_else(String::new, crate::domain::calendar::iso_date);
    let next = h.version + 1;
    let moved = "EXISTS (SELECT 1 FROM projects WHERE id = ?1 AND version = ?2)";
    let mut out = vec![
        stmt(
            db,
            "UPDATE projects SET version = version + 1, updated_at = ?3 WHERE id = ?1 AND version = ?2 AND state = 'active'",
            &[Arg::S(h.project), Arg::N(h.version), Arg::N(h.now)],
        )?,
        stmt(
            db,
            &format!(
                "INSERT INTO project_events (id, project_id, actor_id, action, from_state, to_state, note, at) \
                 SELECT ?3, ?1, ?4, ?5, '', ?6, '', ?7 WHERE {moved}"
            ),
            &[Arg::S(h.project), Arg::N(next), Arg::S(h.event_id), super::opt(h.actor), Arg::S(h.action), Arg::S(&after), Arg::N(h.now)],
        )?,
    ];
    if let Some(actor) = h.actor {
        out.push(super::audit(
            db,
            &super::Audit { id: h.audit_id, actor, action: &format!("project.{}", h.action), target_type: "project", target_id: h.project, after: &after, now: h.now },
            super::Before::Row {
                json: "(SELECT json_object('hold_until', x.hold_until) FROM project_health x WHERE x.project_id = projects.id)",
                table: "projects",
                keys: &[("id", Arg::S(h.project)), ("version", Arg::N(next))],
                filter: "",
            },
        )?);
    }
    // Resumed, it is assessed again by the next pass (with the time held left out); on hold, it leaves the queue.
    out.push(stmt(
        db,
        &format!(
            "INSERT INTO project_health (project_id, level, reasons, memory, needs_attention, ack_note, ack_by, hold_until, computed_at) \
             SELECT ?1, 'ok', '[]', ?3, 0, '', NULL, ?4, 0 WHERE {moved} \
             ON CONFLICT (project_id) DO UPDATE SET hold_until = excluded.hold_until, memory = excluded.memory, \
               needs_attention = CASE WHEN excluded.hold_until IS NULL THEN project_health.needs_attention ELSE 0 END, \
               computed_at = CASE WHEN excluded.hold_until IS NULL THEN 0 ELSE project_health.computed_at END"
        ),
        &[Arg::S(h.project), Arg::N(next), Arg::S(h.memory), h.until.map_or(Arg::Null, Arg::N)],
    )?);
    Ok(out)
}

/// A member asks the coordinator for help (the project's health is assessed again at once).
pub fn ask_help(db: &Db, id: &str, project: &str, user: &str, text: &str, now: i64) -> Result<Vec<D1PreparedStatement>, ApiError> {
    Ok(vec![
        stmt(
            db,
            "INSERT OR IGNORE INTO help_requests (id, project_id, user_id, text, created_at, closed_at) VALUES (?1, ?2, ?3, ?4, ?5, NULL)",
            &[Arg::S(id), Arg::S(project), Arg::S(user), Arg::S(text), Arg::N(now)],
        )?,
        // Assessed again by the next pass, whatever the day.
        stmt(db, "UPDATE project_health SET computed_at = 0 WHERE project_id = ?1", &[Arg::S(project)])?,
    ])
}

super::row! {
    #[derive(Serialize)]
    pub struct HelpRequest {
        pub id: String,
        pub user_id: String,
        pub name: String,
        pub text: String,
        pub created_at: i64,
    }
}

/// A project's open requests for help; `author`: only theirs.
pub async fn open_requests(db: &Db, project: &str, author: Option<&str>) -> Result<Vec<HelpRequest>, ApiError> {
    super::all_of(db, open_requests_of(db, project, author)?).await
}

fn open_requests_of(db: &Db, project: &str, author: Option<&str>) -> Result<D1PreparedStatement, ApiError> {
    stmt(
        db,
        "SELECT r.id, r.user_id, u.display_name AS name, r.text, r.created_at FROM help_requests r JOIN users u ON u.id = r.user_id \
         WHERE r.project_id = ?1 AND r.closed_at IS NULL AND (?2 IS NULL OR r.user_id = ?2) ORDER BY r.created_at LIMIT 50",
        &[Arg::S(project), super::opt(author)],
    )
}

super::row! {
    #[derive(Serialize)]
    /// A project of the community's oversight: its stage and health (never text).
    pub struct Overseen {
        pub project_id: String,
        pub title: String,
        pub coordinator_id: Option<String>,
        pub coordinator_name: Option<String>,
        pub stage: Option<i64>,
        pub level: Option<String>,
        pub reasons: Option<String>,
        pub needs_attention: Option<i64>,
        pub hold_until: Option<i64>,
        pub computed_at: Option<i64>,
        /// Its coordinator is one of the community's active admins (else every admin coordinates its health).
        pub coordinator_active: i64,
        /// Its journey (for the stage's title).
        pub journey_ref: Option<String>,
        pub journey_body: Option<String>,
    }
}

/// Has the project a coordinator who is still one of its community's active admins?
pub async fn has_coordinator(db: &Db, project: &str) -> Result<bool, ApiError> {
    let n = first::<super::Count>(
        db,
        "SELECT COUNT(*) AS n FROM project_process pp JOIN projects p ON p.id = pp.project_id JOIN memberships m \
           ON m.community_id = p.community_id AND m.user_id = pp.coordinator_id AND m.role = 'admin' AND m.status = 'active' \
         WHERE pp.project_id = ?1",
        &[Arg::S(project)],
    )
    .await?;
    Ok(n.is_some_and(|c| c.n > 0))
}

/// The community's active projects with their stage and health (the dashboard counts them; the queue is those that
/// need attention).
pub async fn community(db: &Db, community: &str) -> Result<Vec<Overseen>, ApiError> {
    all(
        db,
        "SELECT p.id AS project_id, CASE WHEN p.route = 'group' AND p.group_name <> '' THEN p.group_name ELSE p.title END AS title, \
           pp.coordinator_id, u.display_name AS coordinator_name, pp.stage, h.level, h.reasons, h.needs_attention, h.hold_until, h.computed_at, \
           EXISTS (SELECT 1 FROM memberships m WHERE m.community_id = p.community_id AND m.user_id = pp.coordinator_id \
             AND m.role = 'admin' AND m.status = 'active') AS coordinator_active, pp.journey_ref, j.body AS journey_body \
         FROM projects p LEFT JOIN project_process pp ON pp.project_id = p.id LEFT JOIN users u ON u.id = pp.coordinator_id \
         LEFT JOIN journeys j ON j.id = pp.journey_ref \
         LEFT JOIN project_health h ON h.project_id = p.id \
         WHERE p.community_id = ?1 AND p.state = 'active' ORDER BY p.id LIMIT 1000",
        &[Arg::S(community)],
    )
    .await
}

super::row! {
    /// The project as the oversight panel names it (never its request's text).
    pub struct PanelProject {
        pub id: String,
        pub state: String,
        pub title: String,
        pub updated_at: i64,
    }
}

/// The oversight panel's reads, in one batch: the project, its process, its figures, its activity, its health.
pub fn panel_reads(db: &Db, project: &str) -> Result<Vec<D1PreparedStatement>, ApiError> {
    Ok(vec![
        stmt(
            db,
            "SELECT id, state, CASE WHEN route = 'group' AND group_name <> '' THEN group_name ELSE title END AS title, updated_at \
             FROM projects WHERE id = ?1",
            &[Arg::S(project)],
        )?,
        super::journey::process_of(db, project)?,
        super::journey::progress_of(db, project)?,
        super::activity::of(db, project)?,
        stmt(
            db,
            "SELECT h.level, h.reasons, h.memory, h.needs_attention, h.ack_note, h.ack_by, u.display_name AS ack_by_name, h.hold_until, h.computed_at \
             FROM project_health h LEFT JOIN users u ON u.id = h.ack_by WHERE h.project_id = ?1",
            &[Arg::S(project)],
        )?,
        super::report::last_share(db, project)?,
        stmt(
            db,
            "SELECT audience, SUM(state = 'requested') AS requested, SUM(state = 'submitted') AS submitted, SUM(state = 'expired') AS expired \
             FROM evaluation_requests WHERE project_id = ?1 GROUP BY audience ORDER BY audience",
            &[Arg::S(project)],
        )?,
    ])
}

super::row! {
    /// When the final report was last shared with the coordinator, and which sections (never its text).
    pub struct LastShare {
        pub sections: String,
        pub shared_at: i64,
    }
}

/// A coordinator's message to the project (or a proposed check-in session): in its history, audited, with the
/// members' notices, together.
pub struct Message<'a> {
    pub project: &'a str,
    pub actor: &'a str,
    pub action: &'a str,
    pub text: &'a str,
    pub event_id: &'a str,
    pub audit_id: &'a str,
    pub now: i64,
}

pub async fn message(db: &Db, m: &Message<'_>, notices: Vec<D1PreparedStatement>) -> Result<(), ApiError> {
    let mut statements = vec![
        stmt(
            db,
            "INSERT INTO project_events (id, project_id, actor_id, action, from_state, to_state, note, at) VALUES (?1, ?2, ?3, ?4, '', '', ?5, ?6)",
            &[Arg::S(m.event_id), Arg::S(m.project), Arg::S(m.actor), Arg::S(m.action), Arg::S(m.text), Arg::N(m.now)],
        )?,
        super::audit(
            db,
            &super::Audit { id: m.audit_id, actor: m.actor, action: &format!("project.{}", m.action), target_type: "project", target_id: m.project, after: "", now: m.now },
            super::Before::Nothing,
        )?,
    ];
    statements.extend(notices);
    batch(db, statements).await?;
    Ok(())
}
