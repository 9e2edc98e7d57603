//! Digest e-mails (#13): who is due, what their digest tells (counts and titles, never private text), and sending
//! it once per period; the link that stops digests.

use super::{all, batch, run, stmt, Arg, Db};
use crate::domain::error::ApiError;
use crate::domain::mail::Mail;

super::row! {
    /// A person whose digest the cron should look at now.
    pub struct DueRow {
        pub user_id: String,
        pub email: String,
        pub status: String,
        pub cadence: String,
        pub weekday: i64,
        pub hour: i64,
        pub last_key: Option<String>,
        pub last_sent_at: Option<i64>,
        pub zone: String,
        pub language: Option<String>,
    }
}

pub async fn due(db: &Db, now: i64, limit: i64) -> Result<Vec<DueRow>, ApiError> {
    all(
        db,
        "SELECT d.user_id, u.email, u.status, d.cadence, d.weekday, d.hour, d.last_key, d.last_sent_at, COALESCE(pf.timezone, '') AS zone, lp.language \
         FROM digests d JOIN users u ON u.id = d.user_id LEFT JOIN profiles pf ON pf.user_id = d.user_id \
         LEFT JOIN languages lp ON lp.user_id = d.user_id WHERE d.next_at <= ?1 ORDER BY d.next_at LIMIT ?2",
        &[Arg::N(now), Arg::N(limit)],
    )
    .await
}

/// The next look at a person's digest, and (`done`) the period now seen to: sent, or with nothing to tell.
pub async fn later(db: &Db, user: &str, next_at: Option<i64>, done: Option<&str>) -> Result<(), ApiError> {
    run(
        db,
        "UPDATE digests SET next_at = ?2, last_key = COALESCE(?3, last_key) WHERE user_id = ?1",
        &[Arg::S(user), next_at.map_or(Arg::Null, Arg::N), super::opt(done)],
    )
    .await
    .map(|_| ())
}

super::row! {
    pub struct NewThread {
        pub community: String,
        pub audience: String,
        pub title: String,
    }
}
super::row! {
    pub struct Replies {
        pub title: String,
        pub n: i64,
    }
}
super::row! {
    pub struct Notice {
        pub kind: String,
        pub title: String,
    }
}
super::row! {
    pub struct MyProject {
        pub id: String,
        pub title: String,
        pub role: String,
        /// Its community turned the diary off: no diary waits for a comment.
        pub diary_off: i64,
    }
}
super::row! {
    pub struct StateCount {
        pub community_id: String,
        pub community: String,
        pub state: Option<String>,
        pub n: i64,
        pub reports: i64,
    }
}

/// What D1 knows for a person's digest, read in one batch.
pub struct Facts {
    pub threads: Vec<NewThread>,
    /// Titles newly published in the libraries the person reads, for their audience.
    pub library: Vec<serde_json::Value>,
    pub replies: Vec<Replies>,
    pub notices: Vec<Notice>,
    pub topics: Vec<super::notifications::TopicRow>,
    pub projects: Vec<MyProject>,
    /// For the week's digest only: the communities the person administers, their projects by state.
    pub coordination: Vec<StateCount>,
}

pub async fn facts(db: &Db, user: &str, since: i64, weekly: bool, now: i64) -> Result<Facts, ApiError> {
    let reader = super::forum::reader("?1", "ft.community_id", "ft.audience");
    let week_ago = now - 7 * crate::domain::session::DAY_MS;
    // (Not from a community that turned its rooms off.)
    let rooms_on = "NOT EXISTS (SELECT 1 FROM community_modules cm WHERE cm.community_id = ft.community_id AND cm.module = 'rooms' AND cm.enabled = 0)";
    let results = batch(
        db,
        vec![
            // New threads in the rooms the person reads now, by others, their opening post not hidden.
            stmt(
                db,
                &format!(
                    "SELECT c.name AS community, ft.audience, ft.title FROM memberships m JOIN communities c ON c.id = m.community_id \
                     JOIN forum_threads ft ON ft.community_id = m.community_id \
                     WHERE m.user_id = ?1 AND m.status = 'active' AND ft.created_at >= ?2 AND ft.author_id IS NOT ?1 AND {reader} AND {rooms_on} \
                       AND NOT EXISTS (SELECT 1 FROM forum_posts fp WHERE fp.thread_id = ft.id AND fp.seq = 1 AND fp.hidden_at IS NOT NULL) \
                     ORDER BY c.name, ft.audience, ft.created_at DESC LIMIT 60"
                ),
                &[Arg::S(user), Arg::N(since)],
            )?,
            // Replies by others, not read yet, in the threads followed "in my digest" of rooms still read.
            stmt(
                db,
                &format!(
                    "SELECT ft.title, COUNT(fp.id) AS n FROM forum_reads fr JOIN forum_threads ft ON ft.id = fr.thread_id \
                     JOIN forum_posts fp ON fp.thread_id = ft.id AND fp.seq > fr.seen AND fp.seq > 1 \
                     WHERE fr.user_id = ?1 AND fr.follow = 'digest' AND fp.created_at >= ?2 AND fp.author_id IS NOT ?1 AND fp.hidden_at IS NULL \
                       AND {reader} AND {rooms_on} GROUP BY ft.id ORDER BY MAX(fp.created_at) DESC LIMIT 10"
                ),
                &[Arg::S(user), Arg::N(since)],
            )?,
            stmt(
                db,
                "SELECT kind, title FROM notifications WHERE user_id = ?1 AND read_at IS NULL AND created_at >= ?2 ORDER BY id DESC LIMIT 50",
                &[Arg::S(user), Arg::N(since)],
            )?,
            stmt(db, "SELECT topic, delivery FROM notification_topics WHERE user_id = ?1", &[Arg::S(user)])?,
            // Published since in the libraries the person reads (the platform's, and their communities' with the library
            // on), for everyone or for what they are: an accredited mentor, a mentee; not their own.
            stmt(
                db,
                "SELECT i.title FROM library_items i WHERE i.state = 'published' AND i.published_at >= ?2 AND i.author_id IS NOT ?1 \
                   AND (i.community_id IS NULL OR i.community_id IN (SELECT m.community_id FROM memberships m WHERE m.user_id = ?1 AND m.status = 'active' \
                     AND NOT EXISTS (SELECT 1 FROM community_modules cm WHERE cm.community_id = m.community_id AND cm.module = 'library' AND cm.enabled = 0))) \
                   AND (i.audience = 'everyone' \
                     OR (i.audience = 'mentors' AND EXISTS (SELECT 1 FROM roll_entries e WHERE e.user_id = ?1 AND e.status = 'accredited')) \
                     OR (i.audience = 'mentees' AND EXISTS (SELECT 1 FROM project_members pm WHERE pm.user_id = ?1 AND pm.role = 'mentee'))) \
                 ORDER BY i.published_at DESC LIMIT 10",
                &[Arg::S(user), Arg::N(since)],
            )?,
            stmt(
                db,
                "SELECT p.id, CASE WHEN p.route = 'group' AND p.group_name <> '' THEN p.group_name ELSE p.title END AS title, pm.role, \
                   EXISTS (SELECT 1 FROM community_modules cm WHERE cm.community_id = p.community_id AND cm.module = 'diary' AND cm.enabled = 0) AS diary_off \
                 FROM project_members pm JOIN projects p ON p.id = pm.project_id \
                 WHERE pm.user_id = ?1 AND pm.status = 'active' AND p.state = 'active' ORDER BY p.id LIMIT 20",
                &[Arg::S(user)],
            )?,
            stmt(
                db,
                "SELECT c.id AS community_id, c.name AS community, p.state, COUNT(p.id) AS n, \
                   (SELECT COUNT(*) FROM forum_reports r JOIN forum_posts rp ON rp.id = r.post_id JOIN forum_threads rt ON rt.id = rp.thread_id \
                     WHERE r.community_id = c.id AND r.created_at >= ?3 \
                       AND COALESCE((SELECT rf.sealed FROM forums rf WHERE rf.community_id = c.id AND rf.audience = rt.audience), 0) = 0) AS reports \
                 FROM memberships m JOIN communities c ON c.id = m.community_id LEFT JOIN projects p ON p.community_id = c.id \
                 WHERE m.user_id = ?1 AND m.role = 'admin' AND m.status = 'active' AND ?2 = 1 \
                 GROUP BY c.id, p.state ORDER BY c.name, c.id LIMIT 100",
                &[Arg::S(user), Arg::B(weekly), Arg::N(week_ago)],
            )?,
        ],
    )
    .await?;
    Ok(Facts {
        threads: super::rows(&results, 0)?,
        replies: super::rows(&results, 1)?,
        notices: super::rows(&results, 2)?,
        topics: super::rows(&results, 3)?,
        library: super::rows(&results, 4)?,
        projects: super::rows(&results, 5)?,
        coordination: super::rows(&results, 6)?,
    })
}

/// Queues the period's digest, with its link to stop digests, and marks the period sent: all or nothing, and only
/// if the period was not sent already (a retry, or a second runner, queues nothing).
pub struct Outgoing<'a> {
    pub user: &'a str,
    /// The period's key.
    pub key: &'a str,
    /// When the cron looks next.
    pub next_at: Option<i64>,
    pub mail: &'a Mail,
    /// The outbox row's id.
    pub id: &'a str,
    /// The hash of the link's placeholder secret (the real one is minted at sending).
    pub link_hash: &'a str,
}

pub async fn send(db: &Db, o: &Outgoing<'_>, now: i64) -> Result<bool, ApiError> {
    let Outgoing { user, key, next_at, mail, id, link_hash } = *o;
    let fresh = "EXISTS (SELECT 1 FROM digests WHERE user_id = ?1 AND last_key IS NOT ?2 AND cadence <> 'off')";
    let results = batch(
        db,
        vec![
            stmt(
                db,
                &format!(
                    "INSERT INTO outbox (id, to_email, subject, body, status, attempts, next_attempt_at, created_at) \
                     SELECT ?3, ?4, ?5, ?6, 'pending', 0, ?7, ?7 WHERE {fresh}"
                ),
                &[Arg::S(user), Arg::S(key), Arg::S(id), Arg::S(&mail.to), Arg::S(&mail.subject), Arg::S(&mail.body), Arg::N(now)],
            )?,
            stmt(
                db,
                "INSERT INTO digest_links (token_hash, user_id, expires_at, created_at) SELECT ?2, ?1, ?3, ?4 \
                 WHERE EXISTS (SELECT 1 FROM outbox WHERE id = ?5)",
                &[Arg::S(user), Arg::S(link_hash), Arg::N(now + LINK_DAYS * crate::domain::session::DAY_MS), Arg::N(now), Arg::S(id)],
            )?,
            stmt(
                db,
                "INSERT INTO outbox_links (outbox_id, token_hash) SELECT ?1, ?2 WHERE EXISTS (SELECT 1 FROM outbox WHERE id = ?1)",
                &[Arg::S(id), Arg::S(link_hash)],
            )?,
            stmt(
                db,
                "UPDATE digests SET last_key = ?2, next_at = ?3, last_sent_at = ?4 WHERE user_id = ?1 AND EXISTS (SELECT 1 FROM outbox WHERE id = ?5)",
                &[Arg::S(user), Arg::S(key), next_at.map_or(Arg::Null, Arg::N), Arg::N(now), Arg::S(id)],
            )?,
        ],
    )
    .await?;
    Ok(results.first().map(super::changes) == Some(1))
}

/// How long a digest's link to stop digests works.
pub const LINK_DAYS: i64 = 60;

/// Stops the digests of the person whose link this is (a link that is unknown or too old stops nothing). True when
/// the link was good, whether or not digests were on.
pub async fn unsubscribe(db: &Db, token_hash: &str, now: i64) -> Result<bool, ApiError> {
    let results = batch(
        db,
        vec![
            stmt(
                db,
                "UPDATE digests SET cadence = 'off', next_at = NULL, updated_at = ?2 \
                 WHERE user_id = (SELECT user_id FROM digest_links WHERE token_hash = ?1 AND expires_at > ?2)",
                &[Arg::S(token_hash), Arg::N(now)],
            )?,
            stmt(db, "SELECT 1 AS n FROM digest_links WHERE token_hash = ?1 AND expires_at > ?2", &[Arg::S(token_hash), Arg::N(now)])?,
        ],
    )
    .await?;
    Ok(super::one::<super::Count>(&results, 1)?.is_some())
}
