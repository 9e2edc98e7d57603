//! Accounts, sessions, one-time tokens and login throttling.

use super::{batch, first, one, rows, run, stmt, Arg};
use crate::domain::error::ApiError;
use crate::domain::mail::Mail;
use serde::Serialize;
use super::Db;
use worker::{D1PreparedStatement, D1Result};

super::row! {
    pub struct SessionRow {
        pub session_id: String,
        pub created_at: i64,
        pub last_seen_at: i64,
        /// 1 when the log-in gave a second factor.
        pub second_factor: i64,
        pub user_id: String,
        pub is_platform_admin: i64,
        pub status: String,
        pub community_role: Option<String>,
        pub community_exists: i64,
        pub project_exists: i64,
        /// `role:status` of their project membership, if any.
        pub project_member: Option<String>,
        pub project_asked: i64,
        pub project_community_admin: i64,
        pub project_coordinator: i64,
        pub project_state: Option<String>,
        pub display_name: String,
        /// An accredited entry of the path's community's Roll, or its supervisor.
        pub community_mentor: i64,
        /// A mentee of one of its projects past the draft.
        pub community_mentee: i64,
        /// The modules the community (of the path, or of its project) turned off: "rooms,diary".
        pub modules_off: Option<String>,
        /// The break-glass grant the path names, if it is theirs for this project: its state, end and parts.
        pub grant_state: Option<String>,
        pub grant_expires_at: Option<i64>,
        pub grant_scopes: Option<String>,
    }
}

/// The session, its user and, when the path names a community or a project, their relation to it: one query.
/// The session behind a token, with what the path's community and project are to its user; `ride` are a page's
/// reads, run in the same batch (one round trip, one snapshot) and returned after the session's row.
pub async fn session(
    db: &Db,
    token_hash: &str,
    community: &str,
    project: &str,
    grant: &str,
    ride: Vec<D1PreparedStatement>,
) -> Result<(Option<SessionRow>, Vec<D1Result>), ApiError> {
    let mut statements = vec![session_stmt(db, token_hash, community, project, grant)?];
    statements.extend(ride);
    let mut results = batch(db, statements).await?;
    let row = one(&results, 0)?;
    Ok((row, results.split_off(1)))
}

fn session_stmt(db: &Db, token_hash: &str, community: &str, project: &str, grant: &str) -> Result<D1PreparedStatement, ApiError> {
    const GRANT: &str = "FROM access_grants g WHERE g.id = ?4 AND g.project_id = ?3 AND g.requester_id = u.id";
    stmt(
        db,
        &format!("SELECT s.id AS session_id, s.created_at, s.last_seen_at, s.second_factor, u.id AS user_id, u.is_platform_admin, u.status, u.display_name, \
           (SELECT p.state FROM projects p WHERE p.id = ?3) AS project_state, \
           (SELECT m.role FROM memberships m WHERE m.user_id = u.id AND m.community_id = ?2 AND m.status = 'active') AS community_role, \
           (SELECT COUNT(*) FROM communities c WHERE c.id = ?2) AS community_exists, \
           (SELECT COUNT(*) FROM projects p WHERE p.id = ?3) AS project_exists, \
           (SELECT pm.role || ':' || pm.status FROM project_members pm WHERE pm.project_id = ?3 AND pm.user_id = u.id) AS project_member, \
           (SELECT COUNT(*) FROM projects p WHERE p.id = ?3 AND p.mentor_id = u.id AND p.state = 'awaiting_consent') AS project_asked, \
           (SELECT COUNT(*) FROM projects p JOIN memberships m ON m.community_id = p.community_id \
              WHERE p.id = ?3 AND m.user_id = u.id AND m.role = 'admin' AND m.status = 'active') AS project_community_admin, \
           (SELECT COUNT(*) FROM project_process pp WHERE pp.project_id = ?3 AND pp.coordinator_id = u.id) AS project_coordinator, \
           EXISTS (SELECT 1 FROM roll_entries re WHERE re.community_id = ?2 AND re.user_id = u.id AND re.status = 'accredited') \
             OR EXISTS (SELECT 1 FROM rolls r WHERE r.community_id = ?2 AND r.supervisor_id = u.id) AS community_mentor, \
           EXISTS (SELECT 1 FROM project_members pm JOIN projects p ON p.id = pm.project_id WHERE pm.user_id = u.id \
             AND pm.status = 'active' AND pm.role = 'mentee' AND p.community_id = ?2 \
             AND p.state IN ('awaiting_match', 'awaiting_consent', 'active', 'completed')) AS community_mentee, \
           (SELECT group_concat(cm.module) FROM community_modules cm WHERE cm.enabled = 0 \
             AND cm.community_id = COALESCE((SELECT p.community_id FROM projects p WHERE p.id = ?3), ?2)) AS modules_off, \
           (SELECT g.state {GRANT}) AS grant_state, (SELECT g.expires_at {GRANT}) AS grant_expires_at, (SELECT g.scopes {GRANT}) AS grant_scopes \
         FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?1"),
        &[Arg::S(token_hash), Arg::S(community), Arg::S(project), Arg::S(grant)],
    )
}

pub async fn touch_session(db: &Db, id: &str, now: i64) -> Result<(), ApiError> {
    run(db, "UPDATE sessions SET last_seen_at = ?2 WHERE id = ?1", &[Arg::S(id), Arg::N(now)]).await.map(|_| ())
}

pub async fn delete_session(db: &Db, id: &str) -> Result<(), ApiError> {
    run(db, "DELETE FROM sessions WHERE id = ?1", &[Arg::S(id)]).await.map(|_| ())
}

/// The language of the account whose address is `?2` (none: English).
const LANG_OF_ADDRESS: &str = "(SELECT lp.language FROM users lu JOIN languages lp ON lp.user_id = lu.id WHERE lu.email = ?2)";

/// Queues an e-mail (a statement for the caller's batch). With `when_sql` the mail is queued only when that SQL
/// condition (a `FROM ... WHERE ...` tail, which may use ?7 onwards from `extra`) holds.
pub(super) fn queue_mail(
    db: &Db,
    id: &str,
    mail: &Mail,
    now: i64,
    when_sql: &str,
    extra: &[Arg],
) -> Result<D1PreparedStatement, ApiError> {
    // An account's own mail keeps what it is made of, and its reader's language (an address with an account): the
    // outbox writes it again in that language when it is sent.
    let made = 7 + extra.len();
    let sql = format!(
        "INSERT INTO outbox (id, to_email, subject, body, status, attempts, next_attempt_at, created_at, lang, made) \
         SELECT ?1, ?2, ?3, ?4, 'pending', 0, ?5, ?6, {LANG_OF_ADDRESS}, NULLIF(?{made}, '') {when_sql}"
    );
    let mut args = vec![Arg::S(id), Arg::S(&mail.to), Arg::S(&mail.subject), Arg::S(&mail.body), Arg::N(now), Arg::N(now)];
    args.extend_from_slice(extra);
    args.push(Arg::S(&mail.made));
    stmt(db, &sql, &args)
}

/// Queues a mail that carries the one-time link of the token `token_hash` (two statements for the caller's batch;
/// see `queue_mail` for `when_sql`). The mail's body holds the link's slot; the secret is minted when it is sent.
fn queue_link_mail(
    db: &Db,
    id: &str,
    mail: &Mail,
    token_hash: &str,
    now: i64,
    when_sql: &str,
    extra: &[Arg],
) -> Result<[D1PreparedStatement; 2], ApiError> {
    Ok([
        queue_mail(db, id, mail, now, when_sql, extra)?,
        stmt(
            db,
            "INSERT INTO outbox_links (outbox_id, token_hash) SELECT ?1, ?2 WHERE EXISTS (SELECT 1 FROM outbox WHERE id = ?1)",
            &[Arg::S(id), Arg::S(token_hash)],
        )?,
    ])
}

super::row! {
    pub struct MailRequest {
        pub requester: String,
        pub at: i64,
    }
}

/// Who asked for mail a stranger can trigger for this address lately (sign-up, verification, reset), and when.
pub async fn mail_requests_since(db: &Db, email: &str, since: i64) -> Result<Vec<(String, i64)>, ApiError> {
    let rows: Vec<MailRequest> =
        super::all(db, "SELECT requester, at FROM mail_requests WHERE email = ?1 AND at > ?2", &[Arg::S(email), Arg::N(since)]).await?;
    Ok(rows.into_iter().map(|r| (r.requester, r.at)).collect())
}

/// Counts one such request (a statement for the caller's batch).
fn mail_requested(db: &Db, email: &str, requester: &str, now: i64) -> Result<D1PreparedStatement, ApiError> {
    stmt(db, "INSERT INTO mail_requests (email, requester, at) VALUES (?1, ?2, ?3)", &[Arg::S(email), Arg::S(requester), Arg::N(now)])
}

pub struct NewUser<'a> {
    pub id: &'a str,
    pub email: &'a str,
    pub display_name: &'a str,
    pub password_hash: &'a str,
    pub verify_token_hash: &'a str,
    pub verify_expires: i64,
    /// Who asked (their address), for the mail cap.
    pub requester: &'a str,
    /// The page's language, kept as theirs until they choose one (their mails go out in it).
    pub language: Option<&'a str>,
    pub now: i64,
}

/// Registers the user unless the e-mail is taken. Either way exactly one mail is queued: the verification link to a
/// new user, or a notice to the address's owner; the caller cannot tell which (no account enumeration).
pub async fn register(
    db: &Db,
    u: &NewUser<'_>,
    welcome: (&str, &Mail),
    already: (&str, &Mail),
) -> Result<(), ApiError> {
    let created = "FROM users WHERE id = ?7";
    let [welcome_mail, welcome_link] = queue_link_mail(db, welcome.0, welcome.1, u.verify_token_hash, u.now, created, &[Arg::S(u.id)])?;
    batch(
        db,
        vec![
            mail_requested(db, u.email, u.requester, u.now)?,
            stmt(
                db,
                "INSERT INTO users (id, email, display_name, password_hash, created_at, updated_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?5) ON CONFLICT(email) DO NOTHING",
                &[Arg::S(u.id), Arg::S(u.email), Arg::S(u.display_name), Arg::S(u.password_hash), Arg::N(u.now)],
            )?,
            stmt(
                db,
                "INSERT INTO profiles (user_id, updated_at) SELECT id, ?2 FROM users WHERE id = ?1",
                &[Arg::S(u.id), Arg::N(u.now)],
            )?,
            stmt(
                db,
                "INSERT INTO email_tokens (token_hash, user_id, purpose, expires_at, created_at) \
                 SELECT ?1, id, 'verify', ?2, ?3 FROM users WHERE id = ?4",
                &[Arg::S(u.verify_token_hash), Arg::N(u.verify_expires), Arg::N(u.now), Arg::S(u.id)],
            )?,
            stmt(
                db,
                "INSERT INTO languages (user_id, language, chosen, updated_at) SELECT ?1, ?2, 0, ?3 \
                 WHERE ?2 IS NOT NULL AND EXISTS (SELECT 1 FROM users WHERE id = ?1) ON CONFLICT (user_id) DO NOTHING",
                &[Arg::S(u.id), super::opt(u.language), Arg::N(u.now)],
            )?,
            welcome_mail,
            welcome_link,
            queue_mail(
                db,
                already.0,
                already.1,
                u.now,
                "WHERE NOT EXISTS (SELECT 1 FROM users WHERE id = ?7)",
                &[Arg::S(u.id)],
            )?,
        ],
    )
    .await
    .map(|_| ())
}

/// Spends a one-time token: marks it used if it is unused, unexpired and of this purpose, and returns it, together
/// with the follow-up statements (which find the user through the token) in the same transaction. Returns whose
/// token it was, when it was good.
async fn spend_token(
    db: &Db,
    token_hash: &str,
    purpose: &str,
    now: i64,
    then: Vec<D1PreparedStatement>,
) -> Result<Option<String>, ApiError> {
    let mut statements = vec![stmt(
        db,
        "UPDATE email_tokens SET used_at = ?3 WHERE token_hash = ?1 AND purpose = ?2 AND used_at IS NULL AND expires_at > ?3 \
         RETURNING user_id",
        &[Arg::S(token_hash), Arg::S(purpose), Arg::N(now)],
    )?];
    statements.extend(then);
    let results = super::batch_constrained(db, statements, vec![("users.email", ApiError::conflict("email_taken", "This e-mail address is already in use by another account."))]).await?;
    Ok(one::<SpentBy>(&results, 0)?.map(|r| r.user_id))
}

super::row! {
    pub struct SpentBy {
        pub user_id: String,
    }
}

/// SQL for "the user the token just spent belongs to": use in `spend_token`'s follow-ups, with ?1 = token hash, ?2 = now.
const SPENT_USER: &str = "(SELECT user_id FROM email_tokens WHERE token_hash = ?1 AND used_at = ?2)";

fn after_spend(db: &Db, sql: &str, token_hash: &str, now: i64, more: &[Arg]) -> Result<D1PreparedStatement, ApiError> {
    let mut args = vec![Arg::S(token_hash), Arg::N(now)];
    args.extend_from_slice(more);
    stmt(db, &sql.replace("{user}", SPENT_USER), &args)
}

super::row! {
    pub struct LoginUser {
        pub id: String,
        pub password_hash: String,
        pub status: String,
        pub email_verified_at: Option<i64>,
        /// 1 when the account has two-factor authentication on.
        pub two_factor: i64,
    }
}

super::row! {
    pub struct Failure {
        pub key: String,
        pub at: i64,
    }
}

/// The user (if any), whether the browser's device token is trusted for them, and the recent failures of the
/// attempt's throttling keys: one round trip.
pub async fn login_lookup(
    db: &Db,
    email: &str,
    device_hash: &str,
    keys: &[&str],
    since: i64,
) -> Result<(Option<LoginUser>, bool, Vec<Failure>), ApiError> {
    let list = serde_json::to_string(keys).map_err(|_| ApiError::internal())?;
    let results = batch(
        db,
        vec![
            stmt(db, "SELECT id, password_hash, status, email_verified_at, \
               EXISTS (SELECT 1 FROM two_factor t WHERE t.user_id = users.id AND t.enabled_at IS NOT NULL) AS two_factor \
             FROM users WHERE email = ?1", &[Arg::S(email)])?,
            stmt(
                db,
                "SELECT COUNT(*) AS n FROM trusted_devices WHERE token_hash = ?1 AND user_id = (SELECT id FROM users WHERE email = ?2)",
                &[Arg::S(device_hash), Arg::S(email)],
            )?,
            stmt(
                db,
                "SELECT key, at FROM login_failures WHERE key IN (SELECT value FROM json_each(?1)) AND at > ?2",
                &[Arg::S(&list), Arg::N(since)],
            )?,
        ],
    )
    .await?;
    let trusted = one::<super::Count>(&results, 1)?.is_some_and(|c| c.n > 0);
    Ok((one(&results, 0)?, trusted, rows(&results, 2)?))
}

super::row! {
    struct At {
        at: i64,
    }
}

/// When the failures counted under `key` since `since` happened.
pub async fn failures(db: &Db, key: &str, since: i64) -> Result<Vec<i64>, ApiError> {
    let rows: Vec<At> = super::all(db, "SELECT at FROM login_failures WHERE key = ?1 AND at > ?2", &[Arg::S(key), Arg::N(since)]).await?;
    Ok(rows.into_iter().map(|r| r.at).collect())
}

pub async fn record_failure(db: &Db, keys: &[&str], now: i64) -> Result<(), ApiError> {
    let statements = keys
        .iter()
        .map(|k| stmt(db, "INSERT INTO login_failures (key, at) VALUES (?1, ?2)", &[Arg::S(k), Arg::N(now)]))
        .collect::<Result<Vec<_>, _>>()?;
    batch(db, statements).await.map(|_| ())
}

pub struct NewSession<'a> {
    pub id: &'a str,
    pub token_hash: &'a str,
    pub user_id: &'a str,
    pub user_agent: &'a str,
    /// The log-in gave a second factor.
    pub second_factor: bool,
    pub now: i64,
}

/// A new session, and the browser's device token trusted for this account from now on (statements for a batch).
pub fn session_statements(
    db: &Db,
    s: &NewSession<'_>,
    device_hash: &str,
    clear_failures: &[&str],
    rehash: Option<&str>,
) -> Result<Vec<D1PreparedStatement>, ApiError> {
    let mut statements = vec![
        stmt(
            db,
            "INSERT INTO sessions (id, token_hash, user_id, created_at, last_seen_at, user_agent, second_factor) \
             VALUES (?1, ?2, ?3, ?4, ?4, ?5, ?6)",
            &[Arg::S(s.id), Arg::S(s.token_hash), Arg::S(s.user_id), Arg::N(s.now), Arg::S(s.user_agent), Arg::B(s.second_factor)],
        )?,
        stmt(
            db,
            "INSERT INTO trusted_devices (token_hash, user_id, created_at, last_used_at) VALUES (?1, ?2, ?3, ?3) \
             ON CONFLICT (token_hash, user_id) DO UPDATE SET last_used_at = excluded.last_used_at",
            &[Arg::S(device_hash), Arg::S(s.user_id), Arg::N(s.now)],
        )?,
    ];
    for key in clear_failures {
        statements.push(stmt(db, "DELETE FROM login_failures WHERE key = ?1", &[Arg::S(key)])?);
    }
    // Logging in cancels an erasure waiting its 14 days (#14), and says so by mail (the outbox row takes the session's
    // id, which is as unique as any).
    let told = crate::domain::mail::erasure_cancelled();
    statements.push(stmt(
        db,
        "INSERT INTO outbox (id, to_email, subject, body, status, attempts, next_attempt_at, created_at, lang, made) \
         SELECT ?1, u.email, ?3, ?4, 'pending', 0, ?5, ?5, (SELECT language FROM languages WHERE user_id = u.id), ?6 \
         FROM users u JOIN erasures e ON e.user_id = u.id WHERE u.id = ?2 AND e.asked_at > 0",
        &[Arg::S(s.id), Arg::S(s.user_id), Arg::S(&told.subject), Arg::S(&told.body), Arg::N(s.now), Arg::S(&told.made)],
    )?);
    // (Not once the cron has begun it: what the others share has been changed already.)
    statements.push(stmt(db, "DELETE FROM erasures WHERE user_id = ?1 AND asked_at > 0", &[Arg::S(s.user_id)])?);
    if let Some(hash) = rehash {
        statements.push(stmt(
            db,
            "UPDATE users SET password_hash = ?2, updated_at = ?3 WHERE id = ?1",
            &[Arg::S(s.user_id), Arg::S(hash), Arg::N(s.now)],
        )?);
    }
    Ok(statements)
}

super::row! {
    #[derive(Serialize)]
    pub struct UserRow {
        pub id: String,
        pub email: String,
        pub display_name: String,
        pub email_verified_at: Option<i64>,
        pub is_platform_admin: i64,
        pub status: String,
        pub created_at: i64,
        pub suspended_reason: Option<String>,
    }
}

pub const USER_COLUMNS: &str =
    "u.id, u.email, u.display_name, u.email_verified_at, u.is_platform_admin, u.status, u.created_at, u.suspended_reason";

pub async fn user(db: &Db, id: &str) -> Result<Option<UserRow>, ApiError> {
    first(db, &format!("SELECT {USER_COLUMNS} FROM users u WHERE u.id = ?1"), &[Arg::S(id)]).await
}

super::row! {
    pub struct Secret {
        pub email: String,
        pub password_hash: String,
    }
}

pub async fn password_hash(db: &Db, user_id: &str) -> Result<Option<Secret>, ApiError> {
    first(db, "SELECT email, password_hash FROM users WHERE id = ?1", &[Arg::S(user_id)]).await
}

super::row! {
    #[derive(Serialize)]
    pub struct SessionListRow {
        pub id: String,
        pub created_at: i64,
        pub last_seen_at: i64,
        pub user_agent: String,
    }
}

pub async fn sessions_of(db: &Db, user_id: &str) -> Result<Vec<SessionListRow>, ApiError> {
    super::all(
        db,
        "SELECT id, created_at, last_seen_at, user_agent FROM sessions WHERE user_id = ?1 ORDER BY last_seen_at DESC LIMIT 100",
        &[Arg::S(user_id)],
    )
    .await
}

pub async fn end_session_of(db: &Db, user_id: &str, session_id: &str) -> Result<usize, ApiError> {
    run(db, "DELETE FROM sessions WHERE id = ?1 AND user_id = ?2", &[Arg::S(session_id), Arg::S(user_id)]).await
}

/// The projects whose chatrooms a person may have sockets in (every project they are an active member of).
pub async fn rooms_of(db: &Db, user_id: &str) -> Result<Vec<String>, ApiError> {
    let rows: Vec<Id> =
        super::all(db, "SELECT project_id AS id FROM project_members WHERE user_id = ?1 AND status = 'active'", &[Arg::S(user_id)]).await?;
    Ok(rows.into_iter().map(|r| r.id).collect())
}

/// A person's sessions other than this one (before they are ended, so their sockets can be closed).
pub async fn other_sessions(db: &Db, user_id: &str, except: &str) -> Result<Vec<String>, ApiError> {
    let rows: Vec<Id> =
        super::all(db, "SELECT id FROM sessions WHERE user_id = ?1 AND id <> ?2", &[Arg::S(user_id), Arg::S(except)]).await?;
    Ok(rows.into_iter().map(|r| r.id).collect())
}

super::row! {
    pub struct Id {
        pub id: String,
    }
}

/// A mail carrying a one-time link, ready to queue: the token's hash (its secret is minted at sending) and its end.
pub struct LinkMail<'a> {
    pub id: &'a str,
    pub mail: &'a Mail,
    pub token_hash: &'a str,
    pub expires_at: i64,
}

/// Opening the verification link: the address is proven. Says whether the link was good.
pub async fn verify_email(db: &Db, token_hash: &str, now: i64) -> Result<bool, ApiError> {
    let then = vec![after_spend(
        db,
        "UPDATE users SET email_verified_at = COALESCE(email_verified_at, ?2), updated_at = ?2 WHERE id = {user}",
        token_hash,
        now,
        &[],
    )?];
    Ok(spend_token(db, token_hash, "verify", now, then).await?.is_some())
}

/// Which one-time link a stranger may ask for by e-mail address, and which accounts it is for.
#[derive(Clone, Copy)]
pub enum AskedLink {
    /// The verification link again: active accounts not verified yet.
    Verify,
    /// A password reset: active accounts. Links sent before stay good until one is used.
    Reset,
}

/// A link asked for by e-mail address: queued only when an account it is for has that address, in one transaction
/// whatever the address, so the answer says nothing about whether an account exists. The request counts for the
/// mail cap either way.
pub async fn ask_link(db: &Db, kind: AskedLink, email: &str, requester: &str, link: &LinkMail<'_>, now: i64) -> Result<(), ApiError> {
    // The accounts it is for, with the e-mail address at the placeholder given.
    let (purpose, accounts): (&str, fn(&str) -> String) = match kind {
        AskedLink::Verify => ("verify", |e: &str| format!("FROM users WHERE email = {e} AND email_verified_at IS NULL AND status = 'active'")),
        AskedLink::Reset => ("reset", |e: &str| format!("FROM users WHERE email = {e} AND status = 'active'")),
    };
    let [queued, linked] = queue_link_mail(db, link.id, link.mail, link.token_hash, now, &accounts("?7"), &[Arg::S(email)])?;
    batch(
        db,
        vec![
            mail_requested(db, email, requester, now)?,
            stmt(
                db,
                &format!("INSERT INTO email_tokens (token_hash, user_id, purpose, expires_at, created_at) SELECT ?1, id, ?5, ?2, ?3 {}", accounts("?4")),
                &[Arg::S(link.token_hash), Arg::N(link.expires_at), Arg::N(now), Arg::S(email), Arg::S(purpose)],
            )?,
            queued,
            linked,
        ],
    )
    .await
    .map(|_| ())
}

/// Spends a reset link and sets the password: opening the link also proves the address; every session ends; the
/// other reset links, the trust of every browser and the account's log-in failures go. Returns whose it was.
pub async fn reset_password(db: &Db, token_hash: &str, password_hash: &str, now: i64) -> Result<Option<String>, ApiError> {
    let then = vec![
        after_spend(
            db,
            "UPDATE users SET password_hash = ?3, email_verified_at = COALESCE(email_verified_at, ?2), updated_at = ?2 WHERE id = {user}",
            token_hash,
            now,
            &[Arg::S(password_hash)],
        )?,
        after_spend(db, "DELETE FROM sessions WHERE user_id = {user}", token_hash, now, &[])?,
        after_spend(db, "DELETE FROM email_tokens WHERE user_id = {user} AND purpose = 'reset' AND token_hash <> ?1", token_hash, now, &[])?,
        after_spend(db, "DELETE FROM trusted_devices WHERE user_id = {user}", token_hash, now, &[])?,
        after_spend(
            db,
            "DELETE FROM login_failures WHERE key = 'acct:' || (SELECT email FROM users WHERE id = {user}) \
             OR (key >= 'pair:' || (SELECT email FROM users WHERE id = {user}) || '|' \
                 AND key < 'pair:' || (SELECT email FROM users WHERE id = {user}) || '|' || char(1114111))",
            token_hash,
            now,
            &[],
        )?,
    ];
    spend_token(db, token_hash, "reset", now, then).await
}

/// Spends an e-mail change link: the old address is told (before it is replaced), then the new one is the
/// account's. Says whether the link was good.
pub async fn confirm_email_change(db: &Db, token_hash: &str, notice_id: &str, notice: &Mail, now: i64) -> Result<bool, ApiError> {
    let then = vec![
        stmt(
            db,
            &format!(
                "INSERT INTO outbox (id, to_email, subject, body, status, attempts, next_attempt_at, created_at, lang, made) \
                 SELECT ?3, email, ?4, ?5, 'pending', 0, ?2, ?2, (SELECT language FROM languages WHERE user_id = users.id), ?6 \
                 FROM users WHERE id = {SPENT_USER}"
            ),
            &[Arg::S(token_hash), Arg::N(now), Arg::S(notice_id), Arg::S(&notice.subject), Arg::S(&notice.body), Arg::S(&notice.made)],
        )?,
        after_spend(
            db,
            "UPDATE users SET email = (SELECT new_email FROM email_tokens WHERE token_hash = ?1), \
             email_verified_at = ?2, updated_at = ?2 WHERE id = {user}",
            token_hash,
            now,
            &[],
        )?,
    ];
    Ok(spend_token(db, token_hash, "change_email", now, then).await?.is_some())
}

/// A new password: the other sessions end, and the owner is told.
pub async fn change_password(db: &Db, user: &str, keep_session: &str, password_hash: &str, notice: (&str, &Mail), now: i64) -> Result<(), ApiError> {
    batch(
        db,
        vec![
            stmt(db, "UPDATE users SET password_hash = ?2, updated_at = ?3 WHERE id = ?1", &[Arg::S(user), Arg::S(password_hash), Arg::N(now)])?,
            stmt(db, "DELETE FROM sessions WHERE user_id = ?1 AND id <> ?2", &[Arg::S(user), Arg::S(keep_session)])?,
            queue_mail(db, notice.0, notice.1, now, "", &[])?,
        ],
    )
    .await
    .map(|_| ())
}

/// A new address waits for its link (an earlier change waiting is dropped).
pub async fn change_email(db: &Db, user: &str, new_email: &str, link: &LinkMail<'_>, now: i64) -> Result<(), ApiError> {
    let [queued, linked] = queue_link_mail(db, link.id, link.mail, link.token_hash, now, "", &[])?;
    batch(
        db,
        vec![
            stmt(db, "DELETE FROM email_tokens WHERE user_id = ?1 AND purpose = 'change_email'", &[Arg::S(user)])?,
            stmt(
                db,
                "INSERT INTO email_tokens (token_hash, user_id, purpose, new_email, expires_at, created_at) VALUES (?1, ?2, 'change_email', ?3, ?4, ?5)",
                &[Arg::S(link.token_hash), Arg::S(user), Arg::S(new_email), Arg::N(link.expires_at), Arg::N(now)],
            )?,
            queued,
            linked,
        ],
    )
    .await
    .map(|_| ())
}

super::row! {
    struct NameRow {
        id: String,
        display_name: String,
    }
}

/// The display names of these people, in one query (an id without a user is left out).
pub async fn names(db: &Db, ids: &[&str]) -> Result<std::collections::HashMap<String, String>, ApiError> {
    if ids.is_empty() {
        return Ok(std::collections::HashMap::new());
    }
    let list = serde_json::to_string(ids).map_err(|_| ApiError::internal())?;
    let rows: Vec<NameRow> =
        super::all(db, "SELECT id, display_name FROM users WHERE id IN (SELECT value FROM json_each(?1))", &[Arg::S(&list)]).await?;
    Ok(rows.into_iter().map(|r| (r.id, r.display_name)).collect())
}
