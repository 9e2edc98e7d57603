//! Discussion rooms in D1 (#13): a room's state (sealed, moderators, bans), its threads and posts, each reader's
//! read state and follow, reports, revisions. Who reads a room is worked out in SQL here (`reader`) exactly as
//! `domain::forum::access` does for the person asking: the followers told of a reply and the people one may mention
//! are the room's readers now, never a stale list.

use super::{all, batch, first, one, rows, stmt, Arg, Count, Db};
use crate::domain::error::ApiError;
use crate::domain::forum::Audience;
use serde::Serialize;
use worker::D1PreparedStatement;

/// The projects' states in which their mentees belong to the mentees' room (past the draft).
const MENTEE_STATES: &str = "('awaiting_match', 'awaiting_consent', 'active', 'completed')";

/// SQL true when `{u}` reads the room `{a}` of community `{c}` now (each a column or a parameter): of its audience,
/// or an active admin of the community when the room is not sealed. The mirror of `domain::forum::access`.
pub fn reader(u: &str, c: &str, a: &str) -> String {
    audience_sql(u, c, a, true)
}

/// SQL true when `{u}` is of the audience of room `{a}` (`admins`: or reads it as an admin of an unsealed room).
fn audience_sql(u: &str, c: &str, a: &str, admins: bool) -> String {
    let admin = if admins { "rm.role = 'admin'" } else { "0" };
    format!(
        "EXISTS (SELECT 1 FROM memberships rm WHERE rm.community_id = {c} AND rm.user_id = {u} AND rm.status = 'active' AND ( \
           {a} = 'everyone' OR ({a} = 'coordinators' AND rm.role = 'admin') \
           OR ({admin} AND COALESCE((SELECT rf.sealed FROM forums rf WHERE rf.community_id = {c} AND rf.audience = {a}), 0) = 0) \
           OR ({a} = 'mentors' AND (EXISTS (SELECT 1 FROM roll_entries re WHERE re.community_id = {c} AND re.user_id = {u} AND re.status = 'accredited') \
             OR EXISTS (SELECT 1 FROM rolls ro WHERE ro.community_id = {c} AND ro.supervisor_id = {u}))) \
           OR ({a} = 'mentees' AND EXISTS (SELECT 1 FROM project_members rp JOIN projects pj ON pj.id = rp.project_id \
             WHERE rp.user_id = {u} AND rp.role = 'mentee' AND rp.status = 'active' AND pj.community_id = {c} AND pj.state IN {MENTEE_STATES}))))"
    )
}

super::row! {
    /// A room as the person asking stands to it.
    pub struct RoomRow {
        pub sealed: i64,
        pub moderator: i64,
        pub banned_until: Option<i64>,
        pub ban_reason: Option<String>,
    }
}

fn room_stmt(db: &Db, community: &str, room: Audience, user: &str) -> Result<D1PreparedStatement, ApiError> {
    stmt(
        db,
        "SELECT COALESCE((SELECT sealed FROM forums WHERE community_id = ?1 AND audience = ?2), 0) AS sealed, \
           EXISTS (SELECT 1 FROM forum_moderators WHERE community_id = ?1 AND audience = ?2 AND user_id = ?3) AS moderator, \
           (SELECT until FROM forum_bans WHERE community_id = ?1 AND audience = ?2 AND user_id = ?3) AS banned_until, \
           (SELECT reason FROM forum_bans WHERE community_id = ?1 AND audience = ?2 AND user_id = ?3) AS ban_reason",
        &[Arg::S(community), Arg::S(room.as_str()), Arg::S(user)],
    )
}

pub async fn room(db: &Db, community: &str, room: Audience, user: &str) -> Result<RoomRow, ApiError> {
    let results = batch(db, vec![room_stmt(db, community, room, user)?]).await?;
    one(&results, 0)?.ok_or_else(ApiError::internal)
}

// The rooms ---------------------------------------------------------------------------------------------------------

super::row! {
    #[derive(Serialize)]
    pub struct RoomFigures {
        pub audience: String,
        pub threads: i64,
        pub unread: i64,
        pub last_post_at: Option<i64>,
    }
}

super::row! {
    pub struct RoomState {
        pub audience: String,
        pub sealed: i64,
        pub moderator: i64,
    }
}

/// Every room's figures for this reader (threads, those with unread posts, the last post; a thread whose first post
/// is hidden only for its author), each room's state, and the open reports of each room.
pub async fn rooms(db: &Db, community: &str, user: &str) -> Result<(Vec<RoomFigures>, Vec<RoomState>, Vec<RoomReports>), ApiError> {
    let results = batch(
        db,
        vec![
            stmt(
                db,
                "SELECT t.audience, COUNT(*) AS threads, SUM(CASE WHEN t.posts > COALESCE(r.seen, 0) THEN 1 ELSE 0 END) AS unread, \
                   MAX(t.last_post_at) AS last_post_at \
                 FROM forum_threads t LEFT JOIN forum_reads r ON r.thread_id = t.id AND r.user_id = ?2 \
                 WHERE t.community_id = ?1 AND (t.author_id = ?2 OR NOT EXISTS (SELECT 1 FROM forum_posts fp WHERE fp.thread_id = t.id AND fp.seq = 1 \
                   AND fp.hidden_at IS NOT NULL)) GROUP BY t.audience",
                &[Arg::S(community), Arg::S(user)],
            )?,
            stmt(
                db,
                "SELECT f.audience, f.sealed, EXISTS (SELECT 1 FROM forum_moderators m WHERE m.community_id = f.community_id \
                   AND m.audience = f.audience AND m.user_id = ?2) AS moderator FROM forums f WHERE f.community_id = ?1",
                &[Arg::S(community), Arg::S(user)],
            )?,
            stmt(
                db,
                "SELECT t.audience, COUNT(*) AS n FROM forum_reports r JOIN forum_posts p ON p.id = r.post_id JOIN forum_threads t ON t.id = p.thread_id \
                 WHERE r.community_id = ?1 AND r.resolved_at IS NULL GROUP BY t.audience",
                &[Arg::S(community)],
            )?,
        ],
    )
    .await?;
    Ok((rows(&results, 0)?, rows(&results, 1)?, rows(&results, 2)?))
}

super::row! {
    /// Open reports in a room.
    pub struct RoomReports {
        pub audience: String,
        pub n: i64,
    }
}

super::row! {
    #[derive(Serialize)]
    pub struct Person {
        pub id: String,
        pub display_name: String,
    }
}

/// The room's readers now, by name (for mentions, and to check them), at most 500; `only`: just these people;
/// `admins`: with the community's admins who read it as such (else its audience only).
pub async fn people(db: &Db, community: &str, room: Audience, only: Option<&[String]>, admins: bool) -> Result<Vec<Person>, ApiError> {
    super::all_of(db, people_stmt(db, community, room, only, admins)?).await
}

fn people_stmt(db: &Db, community: &str, room: Audience, only: Option<&[String]>, admins: bool) -> Result<D1PreparedStatement, ApiError> {
    let list = only.map(|ids| serde_json::to_string(ids).unwrap_or_default());
    stmt(
        db,
        &format!(
            "SELECT u.id, u.display_name FROM memberships m JOIN users u ON u.id = m.user_id \
             WHERE m.community_id = ?1 AND m.status = 'active' AND u.status = 'active' \
               AND (?3 IS NULL OR u.id IN (SELECT value FROM json_each(?3))) AND {} \
             ORDER BY u.display_name, u.id LIMIT 500",
            audience_sql("u.id", "?1", "?2", admins)
        ),
        &[Arg::S(community), Arg::S(room.as_str()), super::opt(list.as_deref())],
    )
}

super::row! {
    #[derive(Serialize)]
    pub struct Moderator {
        pub id: String,
        pub display_name: String,
    }
}

super::row! {
    #[derive(Serialize)]
    /// Someone banned from writing in a room, until when and why.
    pub struct Ban {
        pub user_id: String,
        pub display_name: String,
        pub until: i64,
        pub reason: String,
    }
}

/// The room's bans still running.
fn bans_stmt(db: &Db, community: &str, room: Audience, now: i64) -> Result<D1PreparedStatement, ApiError> {
    stmt(
        db,
        "SELECT b.user_id, u.display_name, b.until, b.reason FROM forum_bans b JOIN users u ON u.id = b.user_id \
         WHERE b.community_id = ?1 AND b.audience = ?2 AND b.until > ?3 ORDER BY b.until LIMIT 100",
        &[Arg::S(community), Arg::S(room.as_str()), Arg::N(now)],
    )
}

pub async fn moderators(db: &Db, community: &str, room: Audience) -> Result<Vec<Moderator>, ApiError> {
    super::all_of(db, moderators_stmt(db, community, room)?).await
}

fn moderators_stmt(db: &Db, community: &str, room: Audience) -> Result<D1PreparedStatement, ApiError> {
    stmt(
        db,
        "SELECT u.id, u.display_name FROM forum_moderators m JOIN users u ON u.id = m.user_id \
         WHERE m.community_id = ?1 AND m.audience = ?2 ORDER BY u.display_name LIMIT 50",
        &[Arg::S(community), Arg::S(room.as_str())],
    )
}

// Threads -----------------------------------------------------------------------------------------------------------

super::row! {
    pub struct ThreadRow {
        pub id: String,
        pub title: String,
        pub author_id: Option<String>,
        pub author_name: Option<String>,
        pub pseudonymous: i64,
        pub about_case: i64,
        pub pinned: i64,
        pub locked: i64,
        pub posts: i64,
        pub last_post_at: i64,
        pub created_at: i64,
        pub seen: i64,
        pub follow: String,
        /// Its first post is hidden (the thread with it, but for its moderators).
        pub hidden: i64,
        /// Open reports on its posts.
        pub reports: i64,
    }
}

const THREAD: &str = "t.id, t.title, t.author_id, u.display_name AS author_name, t.pseudonymous, t.about_case, t.pinned, \
    t.locked, t.posts, t.last_post_at, t.created_at, COALESCE(r.seen, 0) AS seen, COALESCE(r.follow, 'default') AS follow, \
    EXISTS (SELECT 1 FROM forum_posts fp WHERE fp.thread_id = t.id AND fp.seq = 1 AND fp.hidden_at IS NOT NULL) AS hidden, \
    (SELECT COUNT(*) FROM forum_reports rp JOIN forum_posts pp ON pp.id = rp.post_id WHERE pp.thread_id = t.id AND rp.resolved_at IS NULL) AS reports \
    FROM forum_threads t LEFT JOIN users u ON u.id = t.author_id LEFT JOIN forum_reads r ON r.thread_id = t.id AND r.user_id = ?3";

/// What a room's page asks for: which page of threads, and what besides.
pub struct PageAsk {
    /// The threads active before this moment (0: the first page, pinned ones first).
    pub before: i64,
    pub limit: i64,
    pub now: i64,
    /// Its readers by name (for mentions).
    pub people: bool,
    /// Its audience (for its admins, who choose its moderators from it).
    pub audience: bool,
    /// The bans still running (for its moderators).
    pub bans: bool,
}

/// A room's page, in one batch.
pub struct RoomPage {
    /// On the first page (`before` 0) the pinned threads; then the others by newest activity.
    pub pinned: Vec<ThreadRow>,
    pub threads: Vec<ThreadRow>,
    pub people: Vec<Person>,
    pub moderators: Vec<Moderator>,
    pub audience: Option<Vec<Person>>,
    pub bans: Option<Vec<Ban>>,
}

/// A room's page for this reader, a page of threads at a time: one D1 batch.
pub async fn room_page(db: &Db, community: &str, room: Audience, user: &str, wants: &PageAsk) -> Result<RoomPage, ApiError> {
    let args = [Arg::S(community), Arg::S(room.as_str()), Arg::S(user), Arg::N(wants.before), Arg::N(wants.limit)];
    let mut statements = vec![
        stmt(db, &format!("SELECT {THREAD} WHERE t.community_id = ?1 AND t.audience = ?2 AND t.pinned = 1 AND ?4 = 0 ORDER BY t.last_post_at DESC LIMIT 20 + 0 * ?5"), &args)?,
        stmt(
            db,
            &format!("SELECT {THREAD} WHERE t.community_id = ?1 AND t.audience = ?2 AND t.pinned = 0 AND (?4 = 0 OR t.last_post_at < ?4) ORDER BY t.last_post_at DESC LIMIT ?5"),
            &args,
        )?,
        moderators_stmt(db, community, room)?,
    ];
    // The optional reads follow, in this order; each one's place in the batch is counted as it is added.
    let at = |on: bool, s: &mut Vec<D1PreparedStatement>, st: D1PreparedStatement| on.then(|| {
        s.push(st);
        s.len() - 1
    });
    let people = at(wants.people, &mut statements, people_stmt(db, community, room, None, true)?);
    let audience = at(wants.audience, &mut statements, people_stmt(db, community, room, None, false)?);
    let bans = at(wants.bans, &mut statements, bans_stmt(db, community, room, wants.now)?);
    let results = batch(db, statements).await?;
    Ok(RoomPage {
        pinned: rows(&results, 0)?,
        threads: rows(&results, 1)?,
        moderators: rows(&results, 2)?,
        people: people.map(|i| rows(&results, i)).transpose()?.unwrap_or_default(),
        audience: audience.map(|i| rows(&results, i)).transpose()?,
        bans: bans.map(|i| rows(&results, i)).transpose()?,
    })
}

/// One thread of this room, for this reader.
pub async fn thread(db: &Db, community: &str, room: Audience, user: &str, id: &str) -> Result<Option<ThreadRow>, ApiError> {
    first(db, &format!("SELECT {THREAD} WHERE t.id = ?4 AND t.community_id = ?1 AND t.audience = ?2"), &[Arg::S(community), Arg::S(room.as_str()), Arg::S(user), Arg::S(id)]).await
}

super::row! {
    #[derive(Serialize)]
    pub struct PostRow {
        pub id: String,
        pub seq: i64,
        pub author_id: Option<String>,
        pub author_name: Option<String>,
        pub body: String,
        pub quote_of: Option<String>,
        pub hidden_at: Option<i64>,
        pub hidden_reason: String,
        pub edited_at: Option<i64>,
        pub revisions: i64,
        pub created_at: i64,
        /// Open reports on it.
        pub reports: i64,
        /// The reader reported it.
        pub reported_by_me: i64,
    }
}

const POST: &str = "p.id, p.seq, p.author_id, u.display_name AS author_name, p.body, p.quote_of, p.hidden_at, p.hidden_reason, \
    p.edited_at, p.revisions, p.created_at, \
    (SELECT COUNT(*) FROM forum_reports r WHERE r.post_id = p.id AND r.resolved_at IS NULL) AS reports, \
    EXISTS (SELECT 1 FROM forum_reports r WHERE r.post_id = p.id AND r.reporter_id = ?3) AS reported_by_me \
    FROM forum_posts p LEFT JOIN users u ON u.id = p.author_id";

/// A thread's posts after a seq, in order.
pub async fn posts(db: &Db, thread: &str, after: i64, user: &str, limit: i64) -> Result<Vec<PostRow>, ApiError> {
    all(db, &format!("SELECT {POST} WHERE p.thread_id = ?1 AND p.seq > ?2 ORDER BY p.seq LIMIT ?4"), &[Arg::S(thread), Arg::N(after), Arg::S(user), Arg::N(limit)]).await
}

super::row! {
    /// A post with the room it is in.
    pub struct PostPlace {
        pub id: String,
        pub thread_id: String,
        pub author_id: Option<String>,
        pub body: String,
        pub hidden_at: Option<i64>,
        pub revisions: i64,
        pub created_at: i64,
        pub title: String,
        pub locked: i64,
    }
}

/// A post of this room.
pub async fn post(db: &Db, community: &str, room: Audience, id: &str) -> Result<Option<PostPlace>, ApiError> {
    first(
        db,
        "SELECT p.id, p.thread_id, p.author_id, p.body, p.hidden_at, p.revisions, p.created_at, t.title, t.locked \
         FROM forum_posts p JOIN forum_threads t ON t.id = p.thread_id WHERE p.id = ?3 AND t.community_id = ?1 AND t.audience = ?2",
        &[Arg::S(community), Arg::S(room.as_str()), Arg::S(id)],
    )
    .await
}

/// How many posts this person wrote since a moment (the rate limit).
pub async fn posted_since(db: &Db, user: &str, since: i64) -> Result<i64, ApiError> {
    Ok(first::<Count>(db, "SELECT COUNT(*) AS n FROM forum_posts WHERE author_id = ?1 AND created_at > ?2", &[Arg::S(user), Arg::N(since)]).await?.map_or(0, |c| c.n))
}

super::row! {
    struct IdRow {
        id: String,
    }
}

/// The thread this person already started with this client key (a retry).
pub async fn thread_by_key(db: &Db, user: &str, key: &str, community: &str, room: Audience) -> Result<Option<String>, ApiError> {
    Ok(first::<IdRow>(
        db,
        "SELECT id FROM forum_threads WHERE author_id = ?1 AND client_key = ?2 AND community_id = ?3 AND audience = ?4",
        &[Arg::S(user), Arg::S(key), Arg::S(community), Arg::S(room.as_str())],
    )
    .await?
    .map(|r| r.id))
}

/// Has this person used this client key for a thread or a post anywhere (a key is one draft's)?
pub async fn key_used(db: &Db, user: &str, key: &str) -> Result<bool, ApiError> {
    Ok(first::<Count>(
        db,
        "SELECT (SELECT COUNT(*) FROM forum_threads WHERE author_id = ?1 AND client_key = ?2) + (SELECT COUNT(*) FROM forum_posts WHERE author_id = ?1 AND client_key = ?2) AS n",
        &[Arg::S(user), Arg::S(key)],
    )
    .await?
    .is_some_and(|c| c.n > 0))
}

/// The post this person already sent with this client key (a retry).
pub async fn post_by_key(db: &Db, user: &str, key: &str, thread: &str) -> Result<Option<PostRow>, ApiError> {
    first(db, &format!("SELECT {POST} WHERE p.author_id = ?1 AND p.client_key = ?2 AND ?3 = ?3 AND p.thread_id = ?4"), &[Arg::S(user), Arg::S(key), Arg::S(user), Arg::S(thread)]).await
}

/// A new thread and its first post; its author reads and follows it.
pub struct NewThread<'a> {
    pub id: &'a str,
    pub post_id: &'a str,
    pub community: &'a str,
    pub room: Audience,
    pub author: &'a str,
    pub title: &'a str,
    pub body: &'a str,
    pub about_case: bool,
    pub pseudonymous: bool,
    pub client_key: &'a str,
    pub now: i64,
}

pub fn create_thread(db: &Db, t: &NewThread<'_>) -> Result<Vec<D1PreparedStatement>, ApiError> {
    Ok(vec![
        stmt(
            db,
            "INSERT INTO forum_threads (id, community_id, audience, author_id, title, pseudonymous, about_case, pinned, locked, posts, last_post_at, client_key, created_at, updated_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0, 0, 1, ?9, ?8, ?9, ?9) ON CONFLICT DO NOTHING",
            &[Arg::S(t.id), Arg::S(t.community), Arg::S(t.room.as_str()), Arg::S(t.author), Arg::S(t.title), Arg::B(t.pseudonymous), Arg::B(t.about_case), Arg::S(t.client_key), Arg::N(t.now)],
        )?,
        stmt(
            db,
            "INSERT INTO forum_posts (id, thread_id, seq, author_id, body, created_at) SELECT ?1, ?2, 1, ?3, ?4, ?5 \
             WHERE EXISTS (SELECT 1 FROM forum_threads WHERE id = ?2 AND created_at = ?5 AND author_id = ?3)",
            &[Arg::S(t.post_id), Arg::S(t.id), Arg::S(t.author), Arg::S(t.body), Arg::N(t.now)],
        )?,
        stmt(
            db,
            "INSERT INTO forum_reads (user_id, thread_id, seen, follow) SELECT ?1, ?2, 1, 'instant' WHERE EXISTS (SELECT 1 FROM forum_posts WHERE id = ?3)",
            &[Arg::S(t.author), Arg::S(t.id), Arg::S(t.post_id)],
        )?,
    ])
}

/// A reply: numbered after the thread's last post, the thread's count and activity moved on, its author reads it
/// and follows the thread (unless they chose otherwise). A retry with the same client key adds nothing.
pub struct NewPost<'a> {
    pub id: &'a str,
    pub thread: &'a str,
    pub author: &'a str,
    pub body: &'a str,
    pub quote_of: Option<&'a str>,
    pub client_key: &'a str,
    pub now: i64,
}

pub fn reply(db: &Db, p: &NewPost<'_>) -> Result<Vec<D1PreparedStatement>, ApiError> {
    Ok(vec![
        stmt(
            db,
            "INSERT INTO forum_posts (id, thread_id, seq, author_id, body, quote_of, client_key, created_at) \
             SELECT ?1, ?2, COALESCE((SELECT MAX(seq) FROM forum_posts WHERE thread_id = ?2), 0) + 1, ?3, ?4, ?5, ?6, ?7 \
             WHERE NOT EXISTS (SELECT 1 FROM forum_posts WHERE author_id = ?3 AND client_key = ?6)",
            &[Arg::S(p.id), Arg::S(p.thread), Arg::S(p.author), Arg::S(p.body), super::opt(p.quote_of), Arg::S(p.client_key), Arg::N(p.now)],
        )?,
        stmt(
            db,
            "UPDATE forum_threads SET posts = (SELECT MAX(seq) FROM forum_posts WHERE thread_id = ?1), last_post_at = ?3, updated_at = ?3 \
             WHERE id = ?1 AND EXISTS (SELECT 1 FROM forum_posts WHERE id = ?2)",
            &[Arg::S(p.thread), Arg::S(p.id), Arg::N(p.now)],
        )?,
        stmt(
            db,
            "INSERT INTO forum_reads (user_id, thread_id, seen, follow) SELECT ?1, ?2, seq, 'instant' FROM forum_posts WHERE id = ?3 \
             ON CONFLICT (user_id, thread_id) DO UPDATE SET seen = MAX(seen, excluded.seen), \
               follow = CASE WHEN follow = 'default' THEN 'instant' ELSE follow END",
            &[Arg::S(p.author), Arg::S(p.thread), Arg::S(p.id)],
        )?,
    ])
}

pub async fn read(db: &Db, user: &str, thread: &str, seen: i64) -> Result<(), ApiError> {
    super::run(
        db,
        "INSERT INTO forum_reads (user_id, thread_id, seen, follow) SELECT ?1, ?2, MIN(?3, posts), 'default' FROM forum_threads WHERE id = ?2 \
         ON CONFLICT (user_id, thread_id) DO UPDATE SET seen = MAX(seen, excluded.seen)",
        &[Arg::S(user), Arg::S(thread), Arg::N(seen)],
    )
    .await
    .map(|_| ())
}

pub async fn follow(db: &Db, user: &str, thread: &str, mode: &str) -> Result<(), ApiError> {
    super::run(
        db,
        "INSERT INTO forum_reads (user_id, thread_id, seen, follow) VALUES (?1, ?2, 0, ?3) ON CONFLICT (user_id, thread_id) DO UPDATE SET follow = excluded.follow",
        &[Arg::S(user), Arg::S(thread), Arg::S(mode)],
    )
    .await
    .map(|_| ())
}

/// An author's edit; `keep`: the replaced text becomes a revision.
pub async fn edit(db: &Db, post: &str, body: &str, keep: bool, revisions: i64, now: i64) -> Result<bool, ApiError> {
    let mut statements = Vec::new();
    if keep {
        statements.push(stmt(
            db,
            "INSERT OR IGNORE INTO forum_revisions (post_id, n, body, replaced_at) SELECT id, revisions + 1, body, ?2 FROM forum_posts \
             WHERE id = ?1 AND revisions = ?3 AND hidden_at IS NULL",
            &[Arg::S(post), Arg::N(now), Arg::N(revisions)],
        )?);
    }
    statements.push(stmt(
        db,
        "UPDATE forum_posts SET body = ?2, edited_at = ?3, revisions = revisions + ?4 WHERE id = ?1 AND revisions = ?5 AND hidden_at IS NULL",
        &[Arg::S(post), Arg::S(body), Arg::N(now), Arg::N(i64::from(keep)), Arg::N(revisions)],
    )?);
    let results = batch(db, statements).await?;
    Ok(results.last().map_or(0, super::changes) == 1)
}

super::row! {
    #[derive(Serialize)]
    pub struct Revision {
        pub n: i64,
        pub body: String,
        pub replaced_at: i64,
    }
}

pub async fn revisions(db: &Db, post: &str) -> Result<Vec<Revision>, ApiError> {
    all(db, "SELECT n, body, replaced_at FROM forum_revisions WHERE post_id = ?1 ORDER BY n LIMIT 100", &[Arg::S(post)]).await
}

// Moderation ---------------------------------------------------------------------------------------------------------

/// What a moderator did, for the audit log.
pub struct Moderation<'a> {
    pub audit_id: &'a str,
    pub actor: &'a str,
    pub action: &'a str,
    pub target_type: &'a str,
    pub target: &'a str,
    pub after: &'a str,
    pub now: i64,
}

fn audited(db: &Db, m: &Moderation<'_>) -> Result<D1PreparedStatement, ApiError> {
    super::audit(
        db,
        &super::Audit { id: m.audit_id, actor: m.actor, action: m.action, target_type: m.target_type, target_id: m.target, after: m.after, now: m.now },
        super::Before::Nothing,
    )
}

/// Pin, unpin, lock, unlock, or move to another room.
pub fn moderate_thread(db: &Db, thread: &str, set: (&str, &str), m: &Moderation<'_>) -> Result<Vec<D1PreparedStatement>, ApiError> {
    let (column, value) = set;
    let sql = match column {
        "pinned" => "UPDATE forum_threads SET pinned = CAST(?2 AS INTEGER), updated_at = ?3 WHERE id = ?1",
        "locked" => "UPDATE forum_threads SET locked = CAST(?2 AS INTEGER), updated_at = ?3 WHERE id = ?1",
        // Moved, a pseudonymous thread stays so (its author's name was promised to nobody but the moderators).
        _ => "UPDATE forum_threads SET audience = ?2, updated_at = ?3 WHERE id = ?1",
    };
    Ok(vec![stmt(db, sql, &[Arg::S(thread), Arg::S(value), Arg::N(m.now)])?, audited(db, m)?])
}

/// Hide a post with a reason, or restore it; the open reports on it are closed either way.
pub fn moderate_post(db: &Db, post: &str, hide: Option<&str>, m: &Moderation<'_>) -> Result<Vec<D1PreparedStatement>, ApiError> {
    Ok(vec![
        match hide {
            Some(reason) => stmt(
                db,
                "UPDATE forum_posts SET hidden_at = ?2, hidden_reason = ?3, hidden_by = ?4 WHERE id = ?1 AND hidden_at IS NULL",
                &[Arg::S(post), Arg::N(m.now), Arg::S(reason), Arg::S(m.actor)],
            )?,
            None => stmt(db, "UPDATE forum_posts SET hidden_at = NULL, hidden_reason = '', hidden_by = NULL WHERE id = ?1 AND hidden_at IS NOT NULL", &[Arg::S(post)])?,
        },
        stmt(db, "UPDATE forum_reports SET resolved_at = ?2, resolved_by = ?3 WHERE post_id = ?1 AND resolved_at IS NULL", &[Arg::S(post), Arg::N(m.now), Arg::S(m.actor)])?,
        audited(db, m)?,
    ])
}

pub fn ban(db: &Db, community: &str, room: Audience, user: &str, until: Option<(i64, &str)>, m: &Moderation<'_>) -> Result<Vec<D1PreparedStatement>, ApiError> {
    Ok(vec![
        match until {
            Some((until, reason)) => stmt(
                db,
                "INSERT INTO forum_bans (community_id, audience, user_id, until, reason, banned_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) \
                 ON CONFLICT (community_id, audience, user_id) DO UPDATE SET until = excluded.until, reason = excluded.reason, banned_by = excluded.banned_by",
                &[Arg::S(community), Arg::S(room.as_str()), Arg::S(user), Arg::N(until), Arg::S(reason), Arg::S(m.actor), Arg::N(m.now)],
            )?,
            None => stmt(db, "DELETE FROM forum_bans WHERE community_id = ?1 AND audience = ?2 AND user_id = ?3", &[Arg::S(community), Arg::S(room.as_str()), Arg::S(user)])?,
        },
        audited(db, m)?,
    ])
}

/// Seal a room with its moderators, or open it.
pub fn settings(db: &Db, community: &str, room: Audience, sealed: bool, moderators: &[String], m: &Moderation<'_>) -> Result<Vec<D1PreparedStatement>, ApiError> {
    let list = serde_json::to_string(moderators).map_err(|_| ApiError::internal())?;
    Ok(vec![
        stmt(
            db,
            "INSERT INTO forums (community_id, audience, sealed, updated_at) VALUES (?1, ?2, ?3, ?4) \
             ON CONFLICT (community_id, audience) DO UPDATE SET sealed = excluded.sealed, updated_at = excluded.updated_at",
            &[Arg::S(community), Arg::S(room.as_str()), Arg::B(sealed), Arg::N(m.now)],
        )?,
        stmt(db, "DELETE FROM forum_moderators WHERE community_id = ?1 AND audience = ?2", &[Arg::S(community), Arg::S(room.as_str())])?,
        stmt(
            db,
            "INSERT INTO forum_moderators (community_id, audience, user_id) SELECT ?1, ?2, value FROM json_each(?3)",
            &[Arg::S(community), Arg::S(room.as_str()), Arg::S(&list)],
        )?,
        audited(db, m)?,
    ])
}

/// A reader's report of a post (once per reader: a second changes nothing).
pub struct Report<'a> {
    pub id: &'a str,
    pub post: &'a str,
    pub community: &'a str,
    pub reporter: &'a str,
    pub reason: &'a str,
    pub note: &'a str,
    pub now: i64,
}

pub fn report(db: &Db, r: &Report<'_>) -> Result<D1PreparedStatement, ApiError> {
    stmt(
        db,
        "INSERT INTO forum_reports (id, post_id, community_id, reporter_id, reason, note, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO NOTHING",
        &[Arg::S(r.id), Arg::S(r.post), Arg::S(r.community), Arg::S(r.reporter), Arg::S(r.reason), Arg::S(r.note), Arg::N(r.now)],
    )
}

super::row! {
    #[derive(Serialize)]
    /// An open report, with the post and where it is (never who reported it).
    pub struct ReportRow {
        pub id: String,
        pub reason: String,
        pub note: String,
        pub created_at: i64,
        pub post_id: String,
        pub seq: i64,
        pub body: String,
        pub author_id: Option<String>,
        pub author_name: Option<String>,
        pub hidden_at: Option<i64>,
        pub thread_id: String,
        pub title: String,
        pub pseudonymous: i64,
        pub thread_author: Option<String>,
        pub audience: String,
        pub sealed: i64,
        /// The person asking moderates this room as one of its chosen moderators.
        pub moderator: i64,
    }
}

/// The community's open reports, oldest first.
pub async fn open_reports(db: &Db, community: &str, user: &str) -> Result<Vec<ReportRow>, ApiError> {
    all(
        db,
        "SELECT r.id, r.reason, r.note, r.created_at, p.id AS post_id, p.seq, p.body, p.author_id, u.display_name AS author_name, p.hidden_at, \
           t.id AS thread_id, t.title, t.pseudonymous, t.author_id AS thread_author, t.audience, COALESCE(f.sealed, 0) AS sealed, \
           EXISTS (SELECT 1 FROM forum_moderators m WHERE m.community_id = t.community_id AND m.audience = t.audience AND m.user_id = ?2) AS moderator \
         FROM forum_reports r JOIN forum_posts p ON p.id = r.post_id JOIN forum_threads t ON t.id = p.thread_id \
         LEFT JOIN users u ON u.id = p.author_id LEFT JOIN forums f ON f.community_id = t.community_id AND f.audience = t.audience \
         WHERE r.community_id = ?1 AND r.resolved_at IS NULL ORDER BY r.created_at LIMIT 200",
        &[Arg::S(community), Arg::S(user)],
    )
    .await
}

/// Is this person a chosen moderator of one of the community's rooms?
pub async fn moderates_any(db: &Db, community: &str, user: &str) -> Result<bool, ApiError> {
    Ok(first::<Count>(db, "SELECT COUNT(*) AS n FROM forum_moderators WHERE community_id = ?1 AND user_id = ?2", &[Arg::S(community), Arg::S(user)]).await?.is_some_and(|c| c.n > 0))
}

super::row! {
    /// A report and the room of its post.
    pub struct ReportPlace {
        pub post_id: String,
        pub audience: String,
        pub resolved_at: Option<i64>,
    }
}

pub async fn report_place(db: &Db, community: &str, id: &str) -> Result<Option<ReportPlace>, ApiError> {
    first(
        db,
        "SELECT r.post_id, t.audience, r.resolved_at FROM forum_reports r JOIN forum_posts p ON p.id = r.post_id JOIN forum_threads t ON t.id = p.thread_id \
         WHERE r.id = ?2 AND r.community_id = ?1",
        &[Arg::S(community), Arg::S(id)],
    )
    .await
}

pub async fn resolve(db: &Db, id: &str, m: &Moderation<'_>) -> Result<(), ApiError> {
    batch(
        db,
        vec![
            stmt(db, "UPDATE forum_reports SET resolved_at = ?2, resolved_by = ?3 WHERE id = ?1 AND resolved_at IS NULL", &[Arg::S(id), Arg::N(m.now), Arg::S(m.actor)])?,
            audited(db, m)?,
        ],
    )
    .await
    .map(|_| ())
}
