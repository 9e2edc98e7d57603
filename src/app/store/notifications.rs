//! Notifications: each notice is an in-app row and, when the person wants it, an outbox e-mail. Both are statements
//! for the caller's batch, so a notice is stored with the change it tells about, or not at all.

use super::{batch, run, stmt, Arg};
use crate::domain::error::ApiError;
use crate::domain::notifications::{self as notify, Kind};
use serde::Serialize;
use super::Db;
use worker::D1PreparedStatement;

/// SQL: 'digest' while the person `{u}` has no digest (what they keep for it then comes at once), else nothing.
const NO_DIGEST: &str = "CASE WHEN COALESCE((SELECT dg.cadence FROM digests dg WHERE dg.user_id = {u}), 'off') = 'off' THEN 'digest' END";

/// Who is told.
#[derive(Clone, Copy)]
pub enum To<'a> {
    User(&'a str),
    /// The active admins of a community.
    CommunityAdmins(&'a str),
    /// The active members of a project.
    ProjectMembers(&'a str),
    /// The platform's administrators (`.0` is not used).
    PlatformAdmins(&'a str),
    /// Those following a discussion thread instantly who still read its room, but the post's author (with
    /// `notify_for_post` only: its ?9 is the post).
    ThreadFollowers(&'a str),
}

impl<'a> To<'a> {
    /// SQL yielding `uid` rows, using ?8 for the target.
    fn sql(self) -> (String, &'a str) {
        match self {
            To::User(u) => ("SELECT ?8 AS uid".into(), u),
            To::CommunityAdmins(c) => ("SELECT user_id AS uid FROM memberships WHERE community_id = ?8 AND role = 'admin' AND status = 'active'".into(), c),
            To::ProjectMembers(p) => ("SELECT user_id AS uid FROM project_members WHERE project_id = ?8 AND status = 'active'".into(), p),
            To::PlatformAdmins(x) => ("SELECT id AS uid FROM users WHERE is_platform_admin = 1 AND status = 'active' AND ?8 = ?8".into(), x),
            To::ThreadFollowers(t) => (
                format!(
                    "SELECT fr.user_id AS uid FROM forum_reads fr JOIN forum_threads ft ON ft.id = fr.thread_id \
                     WHERE fr.thread_id = ?8 AND fr.follow IN ('instant', {}) \
                       AND fr.user_id IS NOT (SELECT fp.author_id FROM forum_posts fp WHERE fp.id = ?9) AND {}",
                    NO_DIGEST.replace("{u}", "fr.user_id"),
                    super::forum::reader("fr.user_id", "ft.community_id", "ft.audience")
                ),
                t,
            ),
        }
    }
}

pub struct Notice<'a> {
    pub to: To<'a>,
    pub kind: Kind,
    pub project: Option<&'a str>,
    pub community: Option<&'a str>,
    /// Not told about their own action.
    pub actor: Option<&'a str>,
    /// The request's title (or, for roll notices, a person's or community's name).
    pub title: &'a str,
    pub note: &'a str,
    /// Where the e-mail's link points.
    pub link: &'a str,
}

/// Only when the project is at this version (the transition that sends the notice happened).
pub type Guard<'a> = Option<(&'a str, i64)>;

pub fn notify(db: &Db, n: &Notice, now: i64, guard: Guard) -> Result<Vec<D1PreparedStatement>, ApiError> {
    match guard {
        Some((p, v)) => guarded(db, n, now, ("EXISTS (SELECT 1 FROM projects WHERE id = ?9 AND version = ?10)", p, v)),
        None => guarded(db, n, now, ("?9 = ?9 AND ?10 = ?10", "", 0)),
    }
}

/// Only if this discussion post was stored by this request (a retry stores none, and tells nobody again).
pub fn notify_for_post(db: &Db, n: &Notice, now: i64, post: &str) -> Result<Vec<D1PreparedStatement>, ApiError> {
    guarded(db, n, now, ("EXISTS (SELECT 1 FROM forum_posts WHERE id = ?9 AND created_at = ?10)", post, now))
}

/// Only if this report of a discussion post was stored by this request (a second report of the same post by the
/// same reader stores none, and tells nobody).
pub fn notify_for_report(db: &Db, n: &Notice, now: i64, report: &str) -> Result<Vec<D1PreparedStatement>, ApiError> {
    guarded(db, n, now, ("EXISTS (SELECT 1 FROM forum_reports WHERE id = ?9 AND created_at = ?10)", report, now))
}

/// Only if this grant's members were told by this request (`told_at` is this request's time): telling them twice,
/// from the approval and from the cron at once, tells them once.
pub fn notify_for_grant(db: &Db, n: &Notice, now: i64, grant: &str) -> Result<Vec<D1PreparedStatement>, ApiError> {
    guarded(db, n, now, ("EXISTS (SELECT 1 FROM access_grants WHERE id = ?9 AND told_at = ?10)", grant, now))
}

/// Only while the community `community` has at most one active admin (a break-glass request's second approver is
/// then a platform admin).
pub fn notify_if_sole_admin(db: &Db, n: &Notice, now: i64, community: &str) -> Result<Vec<D1PreparedStatement>, ApiError> {
    guarded(db, n, now, ("(SELECT COUNT(*) FROM memberships WHERE community_id = ?9 AND role = 'admin' AND status = 'active') <= 1 AND ?10 = ?10", community, 0))
}

fn guarded(db: &Db, n: &Notice, now: i64, guard: (&str, &str, i64)) -> Result<Vec<D1PreparedStatement>, ApiError> {
    let (recipients, target) = n.to.sql();
    let (guard_sql, gp, gv) = guard;
    // Queued in English, with the reader's language and what it is made of: the mail is written again in their
    // language when it is sent (`app/mail.rs`, `app/words.rs`).
    let mail = notify::mail(n.kind, crate::domain::words::Words::english(), "", n.title, n.note, n.link);
    let made = serde_json::to_string(&notify::Made { kind: n.kind.as_str().into(), title: n.title.into(), note: n.note.into(), link: n.link.into() })
        .map_err(|_| ApiError::internal())?;
    let new_id = "printf('%012x', ?1) || lower(hex(randomblob(8)))";
    // A topic kept for the digest comes at once while the person has no digest (never nowhere).
    let no_digest = NO_DIGEST.replace("{u}", "u.id");
    let in_app = format!(
        "INSERT INTO notifications (id, user_id, kind, project_id, community_id, actor_id, title, note, created_at) \
         SELECT {new_id}, r.uid, ?2, ?3, ?4, ?5, ?6, ?7, ?1 FROM ({recipients}) r \
         WHERE r.uid IS NOT ?5 AND {guard_sql}"
    );
    let email = format!(
        "INSERT INTO outbox (id, to_email, subject, body, status, attempts, next_attempt_at, created_at, lang, made, project_id, actor_id) \
         SELECT {new_id}, u.email, ?6, ?7, 'pending', 0, ?1, ?1, lp.language, ?11, ?3, ?5 \
           FROM ({recipients}) r JOIN users u ON u.id = r.uid \
         LEFT JOIN preferences pr ON pr.user_id = u.id LEFT JOIN languages lp ON lp.user_id = u.id \
         WHERE u.status = 'active' AND COALESCE(pr.email_notifications, 1) = 1 AND r.uid IS NOT ?5 AND {guard_sql} \
           AND COALESCE((SELECT nt.delivery FROM notification_topics nt WHERE nt.user_id = u.id AND nt.topic = ?12), 'instant') IN ('instant', {no_digest}) \
           AND ?2 = ?2 AND ?4 IS ?4"
    );
    // Repeats of the same event merge into one row: the newest notice replaces the person's unread ones of the same
    // kind, by the same person, about the same thing (project or community, and title).
    let merge = format!(
        "DELETE FROM notifications WHERE read_at IS NULL AND kind = ?2 AND project_id IS ?3 AND community_id IS ?4 \
           AND actor_id IS ?5 AND title = ?6 \
           AND user_id IN (SELECT r.uid FROM ({recipients}) r WHERE r.uid IS NOT ?5) AND {guard_sql} AND ?1 = ?1 AND ?7 = ?7"
    );
    Ok(vec![
        stmt(db, &merge, &[Arg::N(now), Arg::S(n.kind.as_str()), super::opt(n.project), super::opt(n.community), super::opt(n.actor), Arg::S(n.title), Arg::S(n.note), Arg::S(target), Arg::S(gp), Arg::N(gv)])?,
        stmt(db, &in_app, &[Arg::N(now), Arg::S(n.kind.as_str()), super::opt(n.project), super::opt(n.community), super::opt(n.actor), Arg::S(n.title), Arg::S(n.note), Arg::S(target), Arg::S(gp), Arg::N(gv)])?,
        stmt(db, &email, &[Arg::N(now), Arg::S(n.kind.as_str()), super::opt(n.project), super::opt(n.community), super::opt(n.actor), Arg::S(&mail.subject), Arg::S(&mail.body), Arg::S(target), Arg::S(gp), Arg::N(gv), Arg::S(&made), Arg::S(n.kind.topic().as_str())])?,
    ])
}

super::row! {
    #[derive(Serialize)]
    pub struct NotificationRow {
        pub id: String,
        pub kind: String,
        pub project_id: Option<String>,
        pub community_id: Option<String>,
        pub actor_name: Option<String>,
        pub title: String,
        pub note: String,
        pub read_at: Option<i64>,
        pub created_at: i64,
    }
}

/// A page of my notifications, how many are unread, and whether I get them by e-mail, in one round trip.
pub async fn list(db: &Db, user: &str, cursor: &str, limit: i64) -> Result<(Vec<NotificationRow>, i64, bool), ApiError> {
    super::row! {
        struct P {
            email_notifications: i64,
        }
    }
    let results = batch(
        db,
        vec![
            stmt(
                db,
                "SELECT n.id, n.kind, n.project_id, n.community_id, a.display_name AS actor_name, n.title, n.note, n.read_at, n.created_at \
                 FROM notifications n LEFT JOIN users a ON a.id = n.actor_id WHERE n.user_id = ?1 AND n.id < ?2 \
                 ORDER BY n.id DESC LIMIT ?3",
                &[Arg::S(user), super::below(cursor), Arg::N(limit + 1)],
            )?,
            stmt(db, "SELECT COUNT(*) AS n FROM notifications WHERE user_id = ?1 AND read_at IS NULL", &[Arg::S(user)])?,
            stmt(db, "SELECT email_notifications FROM preferences WHERE user_id = ?1", &[Arg::S(user)])?,
        ],
    )
    .await?;
    let unread = super::one::<super::Count>(&results, 1)?.map_or(0, |n| n.n);
    let email = super::one::<P>(&results, 2)?.is_none_or(|p| p.email_notifications != 0);
    Ok((super::rows(&results, 0)?, unread, email))
}

pub async fn mark_read(db: &Db, user: &str, ids: &[String], now: i64) -> Result<(), ApiError> {
    if ids.is_empty() {
        run(db, "UPDATE notifications SET read_at = ?2 WHERE user_id = ?1 AND read_at IS NULL", &[Arg::S(user), Arg::N(now)]).await?;
        return Ok(());
    }
    let statements = ids
        .iter()
        .map(|id| stmt(db, "UPDATE notifications SET read_at = ?3 WHERE user_id = ?1 AND id = ?2 AND read_at IS NULL", &[Arg::S(user), Arg::S(id), Arg::N(now)]))
        .collect::<Result<Vec<_>, _>>()?;
    batch(db, statements).await.map(|_| ())
}

super::row! {
    pub struct TopicRow {
        pub topic: String,
        pub delivery: String,
    }
}
super::row! {
    pub struct PrefsRow {
        pub email_notifications: Option<i64>,
        pub language: Option<String>,
        /// 1 when the person chose the language (rather than it being the one their browser read Tandem in).
        pub language_chosen: Option<i64>,
        pub zone: Option<String>,
        pub cadence: Option<String>,
        pub weekday: Option<i64>,
        pub hour: Option<i64>,
    }
}

/// A person's preferences in one round trip: e-mail on or off, language, zone, digest schedule, and how each topic
/// is heard of (the topics not listed: an e-mail each).
pub async fn preferences(db: &Db, user: &str) -> Result<(PrefsRow, Vec<TopicRow>), ApiError> {
    let results = batch(
        db,
        vec![
            stmt(
                db,
                "SELECT pr.email_notifications, lp.language, lp.chosen AS language_chosen, pf.timezone AS zone, d.cadence, d.weekday, d.hour FROM users u \
                 LEFT JOIN preferences pr ON pr.user_id = u.id LEFT JOIN languages lp ON lp.user_id = u.id \
                 LEFT JOIN profiles pf ON pf.user_id = u.id LEFT JOIN digests d ON d.user_id = u.id WHERE u.id = ?1",
                &[Arg::S(user)],
            )?,
            stmt(db, "SELECT topic, delivery FROM notification_topics WHERE user_id = ?1 ORDER BY topic", &[Arg::S(user)])?,
        ],
    )
    .await?;
    let prefs = super::one::<PrefsRow>(&results, 0)?.ok_or_else(ApiError::not_found)?;
    Ok((prefs, super::rows(&results, 1)?))
}

/// What changes, each only when given.
pub struct Changes<'a> {
    pub email: Option<bool>,
    /// The language, and whether the person chose it (a chosen one is never replaced by one that was not).
    pub language: Option<(&'a str, bool)>,
    pub topics: &'a [(notify::Topic, notify::Delivery)],
    /// The digest's schedule, and when the cron first looks at it (None: off).
    pub digest: Option<(crate::domain::digest::Schedule, Option<i64>)>,
}

/// Stores what was given, in one batch.
pub async fn set_preferences(db: &Db, user: &str, c: &Changes<'_>, now: i64) -> Result<(), ApiError> {
    let mut statements = Vec::new();
    if let Some(on) = c.email {
        statements.push(stmt(
            db,
            "INSERT INTO preferences (user_id, email_notifications, updated_at) VALUES (?1, ?2, ?3) \
             ON CONFLICT (user_id) DO UPDATE SET email_notifications = ?2, updated_at = ?3",
            &[Arg::S(user), Arg::B(on), Arg::N(now)],
        )?);
    }
    if let Some((l, chosen)) = c.language {
        statements.push(stmt(
            db,
            "INSERT INTO languages (user_id, language, chosen, updated_at) VALUES (?1, ?2, ?4, ?3) \
             ON CONFLICT (user_id) DO UPDATE SET language = ?2, chosen = ?4, updated_at = ?3 WHERE ?4 = 1 OR languages.chosen = 0",
            &[Arg::S(user), Arg::S(l), Arg::N(now), Arg::B(chosen)],
        )?);
    }
    for (topic, delivery) in c.topics {
        statements.push(stmt(
            db,
            "INSERT INTO notification_topics (user_id, topic, delivery) VALUES (?1, ?2, ?3) ON CONFLICT (user_id, topic) DO UPDATE SET delivery = ?3",
            &[Arg::S(user), Arg::S(topic.as_str()), Arg::S(delivery.as_str())],
        )?);
    }
    if let Some((s, next_at)) = &c.digest {
        statements.push(stmt(
            db,
            "INSERT INTO digests (user_id, cadence, weekday, hour, next_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) \
             ON CONFLICT (user_id) DO UPDATE SET cadence = ?2, weekday = ?3, hour = ?4, next_at = ?5, updated_at = ?6",
            &[Arg::S(user), Arg::S(s.cadence.as_str()), Arg::N(s.weekday), Arg::N(s.hour), next_at.map_or(Arg::Null, Arg::N), Arg::N(now)],
        )?);
    }
    if statements.is_empty() {
        return Ok(());
    }
    batch(db, statements).await.map(|_| ())
}
