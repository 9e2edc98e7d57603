//! Usage (#13): counting a day's use per community and feature from what D1 already holds, once; reading it back
//! for the reports, with the request funnel, outcomes and the rooms' answers.

use super::{batch, rows, stmt, Arg, Db};
use crate::domain::error::ApiError;
use crate::domain::usage::{Daily, Feature, Kept, Path, Totals, DAY_MS};
use serde_json::Value;
use worker::D1PreparedStatement;

super::row! {
    /// An active project's running totals now, and when usage was last counted (the `t_` columns, NULL: never).
    pub struct ProjectTotals {
        pub id: String,
        pub community_id: String,
        pub chat: i64,
        pub messages: i64,
        pub documents: i64,
        pub contract: i64,
        pub goals: i64,
        pub sessions: i64,
        pub diary: i64,
        pub t_chat: Option<i64>,
        pub t_messages: Option<i64>,
        pub t_documents: Option<i64>,
        pub t_contract: Option<i64>,
        pub t_goals: Option<i64>,
        pub t_sessions: Option<i64>,
        pub t_diary: Option<i64>,
        pub t_week: Option<i64>,
        pub t_used: Option<i64>,
    }
}

impl ProjectTotals {
    pub fn now(&self) -> Totals {
        Totals { chat: self.chat, messages: self.messages, documents: self.documents, contract: self.contract, goals: self.goals, sessions: self.sessions, interactions: self.diary }
    }
    pub fn before(&self) -> Option<Kept> {
        let totals = Totals {
            chat: self.t_chat?,
            messages: self.t_messages?,
            documents: self.t_documents?,
            contract: self.t_contract?,
            goals: self.t_goals?,
            sessions: self.t_sessions?,
            interactions: self.t_diary?,
        };
        Some(Kept { totals, week: self.t_week?, used: self.t_used? })
    }
}

super::row! {
    /// A community's count of something on the day.
    pub struct Counted {
        pub community_id: String,
        pub feature: String,
        pub events: i64,
        pub people: Option<i64>,
        pub projects: i64,
    }
}

/// The running totals of an active project.
const CURRENT: &str = "COALESCE(a.chat_messages, 0) AS chat, COALESCE(a.private_messages, 0) AS messages, COALESCE(a.files, 0) AS documents, \
    COALESCE(g.contract_version, 0) AS contract, COALESCE(g.goals, 0) AS goals, COALESCE(g.sessions_held, 0) AS sessions, \
    COALESCE(g.interactions, 0) AS diary";
const JOINS: &str = "FROM projects p LEFT JOIN project_activity a ON a.project_id = p.id LEFT JOIN project_progress g ON g.project_id = p.id";

/// The moves of a request's life (the history also has stage moves, holds and the like: not counted as requests).
const LIFECYCLE: &str = "'send', 'hand_to_admins', 'match', 'accept', 'decline', 'ask_info', 'reply', 'expire', 'withdraw', 'activate', 'dissolve', 'complete', 'cancel', 'reopen'";

/// Ids are time-ordered (`token::new_id`): the first id of a time, for reading a day through the id's index.
fn id_at(ms: i64) -> String {
    format!("{:012x}", ms.max(0))
}

/// What D1 says of the day `day`: every active project's totals, and the day's counts of what D1 itself holds.
pub async fn day_facts(db: &Db, day: i64) -> Result<(Vec<ProjectTotals>, Vec<Counted>), ApiError> {
    let (start, end) = (day * DAY_MS, (day + 1) * DAY_MS);
    let (from_id, to_id) = (id_at(start), id_at(end));
    // An active member of an active project in this role (its community is `x`'s).
    let in_projects = |role: &str| {
        format!(
            "JOIN project_members pm ON pm.user_id = s.user_id AND pm.role = '{role}' AND pm.status = 'active' \
             JOIN projects x ON x.id = pm.project_id AND x.state = 'active'"
        )
    };
    // (CROSS JOIN: read from the day's sessions, through their index, then each person's roles.)
    let seen = |role_join: &str, feature: &str| {
        format!(
            "SELECT x.community_id, '{feature}' AS feature, COUNT(DISTINCT s.user_id) AS events, COUNT(DISTINCT s.user_id) AS people, 0 AS projects \
             FROM sessions s CROSS {role_join} WHERE s.last_seen_at >= ?1 GROUP BY x.community_id"
        )
    };
    let results = batch(
        db,
        vec![
            stmt(
                db,
                &format!(
                    "SELECT p.id, p.community_id, {CURRENT}, t.chat AS t_chat, t.messages AS t_messages, t.documents AS t_documents, t.contract AS t_contract, \
                       t.goals AS t_goals, t.sessions AS t_sessions, t.diary AS t_diary, t.week AS t_week, t.used AS t_used \
                     {JOINS} LEFT JOIN usage_totals t ON t.project_id = p.id WHERE p.state = 'active' AND ?1 = ?1 ORDER BY p.community_id"
                ),
                &[Arg::N(day)],
            )?,
            // The requests' moves, by the ids of the day (time-ordered).
            stmt(
                db,
                &format!(
                    "SELECT p.community_id, 'requests' AS feature, COUNT(*) AS events, COUNT(DISTINCT e.actor_id) AS people, COUNT(DISTINCT e.project_id) AS projects \
                     FROM project_events e JOIN projects p ON p.id = e.project_id WHERE e.id >= ?1 AND e.id < ?2 AND e.action IN ({LIFECYCLE}) \
                     GROUP BY p.community_id"
                ),
                &[Arg::S(&from_id), Arg::S(&to_id)],
            )?,
            stmt(
                db,
                "SELECT ft.community_id, 'rooms' AS feature, COUNT(*) AS events, COUNT(DISTINCT fp.author_id) AS people, 0 AS projects \
                 FROM forum_posts fp JOIN forum_threads ft ON ft.id = fp.thread_id WHERE fp.id >= ?1 AND fp.id < ?2 GROUP BY ft.community_id",
                &[Arg::S(&from_id), Arg::S(&to_id)],
            )?,
            stmt(
                db,
                "SELECT p.community_id, 'evaluations' AS feature, COUNT(*) AS events, COUNT(DISTINCT r.respondent_id) AS people, COUNT(DISTINCT r.project_id) AS projects \
                 FROM evaluation_requests r JOIN projects p ON p.id = r.project_id \
                 WHERE r.state = 'submitted' AND r.submitted_at >= ?1 AND r.submitted_at < ?2 GROUP BY p.community_id",
                &[Arg::N(start), Arg::N(end)],
            )?,
            // People seen since the day began (the count runs minutes after it ends), by their role in a community.
            stmt(db, &seen("JOIN memberships x ON x.user_id = s.user_id AND x.role = 'admin' AND x.status = 'active'", "active_admins"), &[Arg::N(start)])?,
            stmt(db, &seen(&in_projects("mentor"), "active_mentors"), &[Arg::N(start)])?,
            stmt(db, &seen(&in_projects("mentee"), "active_mentees"), &[Arg::N(start)])?,
        ],
    )
    .await?;
    let mut counted: Vec<Counted> = Vec::new();
    for i in 1..results.len() {
        counted.extend(rows::<Counted>(&results, i)?);
    }
    Ok((rows(&results, 0)?, counted))
}

/// Stores the day's counts and what is kept of every active project (its totals as read, the week's features used),
/// once: a second runner (or a retry after the day was stored) changes nothing. False when the day was already
/// counted.
pub async fn store_day(db: &Db, day: i64, counts: &[(String, Daily)], kept: &[(&str, Kept)], now: i64) -> Result<bool, ApiError> {
    let fresh = "NOT EXISTS (SELECT 1 FROM usage_days WHERE day = ?2)";
    let mut statements: Vec<D1PreparedStatement> = Vec::new();
    for (community, d) in counts {
        statements.push(stmt(
            db,
            &format!(
                "INSERT INTO usage_daily (community_id, day, feature, events, people, projects) SELECT ?1, ?2, ?3, ?4, ?5, ?6 WHERE {fresh} \
                 ON CONFLICT (community_id, day, feature) DO NOTHING"
            ),
            &[Arg::S(community), Arg::N(day), Arg::S(d.feature.as_str()), Arg::N(d.events), d.people.map_or(Arg::Null, Arg::N), Arg::N(d.projects)],
        )?);
    }
    // The totals as they were read (a change pushed since is counted tomorrow: never lost, never twice).
    for (project, k) in kept {
        let t = &k.totals;
        statements.push(stmt(
            db,
            &format!(
                "INSERT INTO usage_totals (project_id, chat, messages, documents, contract, goals, sessions, diary, day, week, used) \
                 SELECT ?1, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?2, ?10, ?11 WHERE {fresh} \
                 ON CONFLICT (project_id) DO UPDATE SET chat = excluded.chat, messages = excluded.messages, documents = excluded.documents, \
                   contract = excluded.contract, goals = excluded.goals, sessions = excluded.sessions, diary = excluded.diary, day = excluded.day, \
                   week = excluded.week, used = excluded.used"
            ),
            &[
                Arg::S(project), Arg::N(day), Arg::N(t.chat), Arg::N(t.messages), Arg::N(t.documents), Arg::N(t.contract), Arg::N(t.goals),
                Arg::N(t.sessions), Arg::N(t.interactions), Arg::N(k.week), Arg::N(k.used),
            ],
        )?);
    }
    statements.push(stmt(db, "INSERT INTO usage_days (day, counted_at) VALUES (?2, ?1) ON CONFLICT (day) DO NOTHING", &[Arg::N(now), Arg::N(day)])?);
    let results = batch(db, statements).await?;
    Ok(results.last().map(super::changes) == Some(1))
}

pub async fn counted(db: &Db, day: i64) -> Result<bool, ApiError> {
    Ok(super::first::<super::Count>(db, "SELECT 1 AS n FROM usage_days WHERE day = ?1", &[Arg::N(day)]).await?.is_some())
}

super::row! {
    pub struct DayRow {
        pub day: i64,
        pub feature: String,
        pub events: i64,
        pub people: Option<i64>,
        pub projects: i64,
    }
}

impl DayRow {
    pub fn daily(&self) -> Option<Daily> {
        Some(Daily { feature: Feature::parse(&self.feature)?, day: self.day, events: self.events, people: self.people, projects: self.projects })
    }
}

/// The library's items most shared and cloned in projects over the period (of one community, or of all).
fn library(of_community: bool) -> String {
    let (whose, from) = if of_community { ("u.community_id = ?1 AND ", 2) } else { ("", 1) };
    format!(
        "SELECT i.id, i.title, i.kind, SUM(u.kind = 'share') AS shares, SUM(u.kind = 'clone') AS clones FROM library_uses u \
         JOIN library_items i ON i.id = u.item_id WHERE {whose}u.at >= ?{from} AND u.at < ?{} GROUP BY i.id ORDER BY COUNT(*) DESC, i.title LIMIT 10",
        from + 1
    )
}

/// A community's report in one round trip: its days' counts from `from` to `to` (day numbers), every request's way,
/// the threads started between `start` and `end` (ms), and the library's items most shared and cloned then.
pub async fn community_report(db: &Db, community: &str, from: i64, to: i64, start: i64, end: i64) -> Result<(Vec<DayRow>, Vec<PathRow>, Vec<ThreadRow>, Vec<Value>), ApiError> {
    let results = batch(
        db,
        vec![
            stmt(
                db,
                "SELECT day, feature, events, people, projects FROM usage_daily WHERE community_id = ?1 AND day >= ?2 AND day <= ?3",
                &[Arg::S(community), Arg::N(from), Arg::N(to)],
            )?,
            stmt(db, PATHS, &[Arg::S(community)])?,
            stmt(db, THREADS, &[Arg::S(community), Arg::N(start), Arg::N(end)])?,
            stmt(db, &library(true), &[Arg::S(community), Arg::N(start), Arg::N(end)])?,
        ],
    )
    .await?;
    Ok((rows(&results, 0)?, rows(&results, 1)?, rows(&results, 2)?, rows(&results, 3)?))
}

super::row! {
    /// A community's uses of a feature over the period.
    pub struct CommunityTotal {
        pub id: String,
        pub name: String,
        pub feature: String,
        pub events: i64,
    }
}

/// The platform's report in one round trip: every community's days added up, day by day (a person in two
/// communities counts in each), and each community's uses of each feature over the period.
pub async fn platform_report(db: &Db, from: i64, to: i64) -> Result<(Vec<DayRow>, Vec<CommunityTotal>, Vec<Value>), ApiError> {
    let results = batch(
        db,
        vec![
            stmt(
                db,
                "SELECT day, feature, SUM(events) AS events, SUM(people) AS people, SUM(projects) AS projects FROM usage_daily \
                 WHERE day >= ?1 AND day <= ?2 GROUP BY day, feature",
                &[Arg::N(from), Arg::N(to)],
            )?,
            stmt(
                db,
                "SELECT u.community_id AS id, c.name, u.feature, SUM(u.events) AS events FROM usage_daily u JOIN communities c ON c.id = u.community_id \
                 WHERE u.day >= ?1 AND u.day <= ?2 GROUP BY u.community_id, u.feature ORDER BY c.name LIMIT 20000",
                &[Arg::N(from), Arg::N(to)],
            )?,
            stmt(db, &library(false), &[Arg::N(from * DAY_MS), Arg::N((to + 1) * DAY_MS)])?,
        ],
    )
    .await?;
    Ok((rows(&results, 0)?, rows(&results, 1)?, rows(&results, 2)?))
}

super::row! {
    /// A request's way: when it first reached each step, how it ended, and its figures once finished.
    pub struct PathRow {
        pub id: String,
        pub route: String,
        pub state: String,
        pub sent: Option<i64>,
        pub matched: Option<i64>,
        pub accepted: Option<i64>,
        pub active: Option<i64>,
        pub completed: Option<i64>,
        pub cancelled: Option<i64>,
        pub expired: i64,
        pub withdrawn: i64,
        pub declines: i64,
        pub chat: i64,
        pub messages: i64,
        pub documents: i64,
        pub sessions: i64,
        pub interactions: i64,
        pub goals: i64,
        /// Whether every member gave research consent (#14): only then is the project a row of the research export.
        pub consented: i64,
    }
}

impl PathRow {
    pub fn path(&self) -> Path {
        Path {
            sent: self.sent,
            matched: self.matched,
            accepted: self.accepted,
            active: self.active,
            completed: self.completed,
            cancelled: self.cancelled,
            declines: self.declines,
            expired: self.expired != 0,
            withdrawn: self.withdrawn != 0,
        }
    }
}

/// Every request of a community, with its way through the funnel and its figures (the report keeps those of the
/// period). Reads the community's projects through their index, and each one's history through its own.
/// The same for the research export, with its entry in the audit log, in one batch.
pub async fn paths_audited(db: &Db, community: &str, look: &super::Audit<'_>) -> Result<Vec<PathRow>, ApiError> {
    let results = batch(db, vec![super::audit(db, look, super::Before::Nothing)?, stmt(db, PATHS, &[Arg::S(community)])?]).await?;
    rows(&results, 1)
}

const PATHS: &str = "SELECT p.id, p.route, p.state, \
           (SELECT MIN(e.at) FROM project_events e WHERE e.project_id = p.id AND e.to_state IN ('awaiting_match', 'awaiting_consent')) AS sent, \
           (SELECT MIN(e.at) FROM project_events e WHERE e.project_id = p.id AND e.to_state = 'awaiting_consent') AS matched, \
           (SELECT MIN(e.at) FROM project_events e WHERE e.project_id = p.id AND e.action IN ('accept', 'activate')) AS accepted, \
           (SELECT MIN(e.at) FROM project_events e WHERE e.project_id = p.id AND e.to_state = 'active') AS active, \
           (SELECT MIN(e.at) FROM project_events e WHERE e.project_id = p.id AND e.to_state = 'completed') AS completed, \
           (SELECT MIN(e.at) FROM project_events e WHERE e.project_id = p.id AND e.to_state = 'cancelled') AS cancelled, \
           EXISTS (SELECT 1 FROM project_events e WHERE e.project_id = p.id AND e.action = 'expire') AS expired, \
           EXISTS (SELECT 1 FROM project_events e WHERE e.project_id = p.id AND e.action = 'withdraw') AS withdrawn, \
           (SELECT COUNT(*) FROM project_declines d WHERE d.project_id = p.id) AS declines, \
           COALESCE(a.chat_messages, 0) AS chat, COALESCE(a.private_messages, 0) AS messages, COALESCE(a.files, 0) AS documents, \
           COALESCE(g.sessions_held, 0) AS sessions, COALESCE(g.interactions, 0) AS interactions, COALESCE(g.goals, 0) AS goals, \
           NOT EXISTS (SELECT 1 FROM project_members m WHERE m.project_id = p.id \
             AND NOT EXISTS (SELECT 1 FROM research_consents r WHERE r.user_id = m.user_id)) AS consented \
         FROM projects p LEFT JOIN project_activity a ON a.project_id = p.id LEFT JOIN project_progress g ON g.project_id = p.id \
         WHERE p.community_id = ?1 ORDER BY p.id LIMIT 20000";

super::row! {
    pub struct ThreadRow {
        pub created_at: i64,
        /// The first reply by someone else (None: none yet).
        pub answered_at: Option<i64>,
        pub posts: i64,
    }
}

/// The threads of a community's rooms started from `from` to `to` (ms), with their first answer.
const THREADS: &str = "SELECT ft.created_at, (SELECT MIN(fp.created_at) FROM forum_posts fp WHERE fp.thread_id = ft.id AND fp.seq > 1 \
           AND fp.author_id IS NOT ft.author_id) AS answered_at, ft.posts FROM forum_threads ft \
         WHERE ft.community_id = ?1 AND ft.created_at >= ?2 AND ft.created_at < ?3 LIMIT 20000";
