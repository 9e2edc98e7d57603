//! The e-mail outbox: claiming due messages, recording the outcome, housekeeping.

use super::{all, batch, run, stmt, Arg};
use crate::domain::error::ApiError;
use crate::domain::mail::Status;
use super::Db;

super::row! {
    pub struct Due {
        pub id: String,
        pub to_email: String,
        pub subject: String,
        pub body: String,
        pub attempts: i64,
        /// The hash of the one-time token whose link this mail carries (its secret is minted at sending).
        pub link_token: Option<String>,
        /// The link stops digests: the mail says so in its headers too (`List-Unsubscribe`).
        pub unsubscribe: i64,
        /// The reader's language, and what a notification's mail was made of: written again in it when sent.
        pub lang: Option<String>,
        pub made: Option<String>,
    }
}

pub async fn due(db: &Db, now: i64, limit: i64) -> Result<Vec<Due>, ApiError> {
    all(
        db,
        "SELECT o.id, o.to_email, o.subject, o.body, o.attempts, l.token_hash AS link_token, o.lang, o.made, \
           EXISTS (SELECT 1 FROM digest_links dl WHERE dl.token_hash = l.token_hash) AS unsubscribe FROM outbox o \
         LEFT JOIN outbox_links l ON l.outbox_id = o.id WHERE o.status = 'pending' AND o.next_attempt_at <= ?1 \
         ORDER BY l.token_hash IS NULL, o.id LIMIT ?2",
        &[Arg::N(now), Arg::N(limit)],
    )
    .await
}

/// Claims a message for one delivery attempt: only one runner wins it, so nothing is sent twice. The claim pushes
/// the next attempt out, so a runner that dies mid-send is retried later rather than lost.
pub async fn claim(db: &Db, m: &Due, now: i64, lease_ms: i64) -> Result<bool, ApiError> {
    let changed = run(
        db,
        "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?3 WHERE id = ?1 AND status = 'pending' AND attempts = ?2",
        &[Arg::S(&m.id), Arg::N(m.attempts), Arg::N(now + lease_ms)],
    )
    .await?;
    Ok(changed == 1)
}

pub async fn record(
    db: &Db,
    id: &str,
    status: Status,
    next_attempt: Option<i64>,
    error: Option<&str>,
    now: i64,
) -> Result<(), ApiError> {
    run(
        db,
        // Once delivered (or given up after its last retry), a mail's body leaves the outbox: kept, it would be most
        // of the outbox's size, and nobody needs it again.
        "UPDATE outbox SET status = ?2, next_attempt_at = COALESCE(?3, next_attempt_at), last_error = ?4, \
           sent_at = CASE WHEN ?2 = 'sent' THEN ?5 ELSE sent_at END, body = CASE WHEN ?2 = 'pending' THEN body ELSE '' END \
         WHERE id = ?1",
        &[Arg::S(id), Arg::S(status.as_str()), next_attempt.map_or(Arg::Null, Arg::N), super::opt(error), Arg::N(now)],
    )
    .await
    .map(|_| ())
}

/// Gives a claimed mail's one-time token a new secret (its hash), so the link is made only now and held by nobody
/// but the mail. False when the token is gone or spent (a newer link replaced it): the mail is then not sent.
pub async fn mint_link(db: &Db, outbox_id: &str, old_hash: &str, new_hash: &str) -> Result<bool, ApiError> {
    let results = batch(
        db,
        vec![
            stmt(
                db,
                "UPDATE email_tokens SET token_hash = ?2 WHERE token_hash = ?1 AND used_at IS NULL",
                &[Arg::S(old_hash), Arg::S(new_hash)],
            )?,
            // A guest's link to an evaluation form (#12) is minted the same way.
            stmt(
                db,
                "UPDATE evaluation_requests SET token_hash = ?2 WHERE token_hash = ?1 AND state = 'requested'",
                &[Arg::S(old_hash), Arg::S(new_hash)],
            )?,
            // A digest's link to stop digests (#13) too.
            stmt(db, "UPDATE digest_links SET token_hash = ?2 WHERE token_hash = ?1", &[Arg::S(old_hash), Arg::S(new_hash)])?,
            stmt(
                db,
                "UPDATE outbox_links SET token_hash = ?2 WHERE outbox_id = ?1 AND (EXISTS (SELECT 1 FROM email_tokens WHERE token_hash = ?2) \
                   OR EXISTS (SELECT 1 FROM evaluation_requests WHERE token_hash = ?2) OR EXISTS (SELECT 1 FROM digest_links WHERE token_hash = ?2))",
                &[Arg::S(outbox_id), Arg::S(new_hash)],
            )?,
        ],
    )
    .await?;
    Ok(results.iter().take(3).map(super::changes).sum::<usize>() == 1)
}

/// The local mailbox (console provider on a developer's machine only): the mail as sent.
pub async fn keep_locally(db: &Db, id: &str, to: &str, subject: &str, body: &str, now: i64) -> Result<(), ApiError> {
    run(
        db,
        "INSERT INTO local_mailbox (id, to_email, subject, body, sent_at) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (id) DO NOTHING",
        &[Arg::S(id), Arg::S(to), Arg::S(subject), Arg::S(body), Arg::N(now)],
    )
    .await
    .map(|_| ())
}

super::row! {
    #[derive(serde::Serialize)]
    pub struct LocalMail {
        pub id: String,
        pub to_email: String,
        pub subject: String,
        pub body: String,
        pub sent_at: i64,
    }
}

pub async fn local_mailbox(db: &Db, limit: i64) -> Result<Vec<LocalMail>, ApiError> {
    super::all(db, "SELECT id, to_email, subject, body, sent_at FROM local_mailbox ORDER BY sent_at DESC, id DESC LIMIT ?1", &[Arg::N(limit)]).await
}

/// Forgets what is no longer needed: old login failures, spent or expired tokens, dead sessions.
pub async fn housekeeping(db: &Db, now: i64, failures_before: i64, sessions_idle_before: i64, sessions_born_before: i64) -> Result<(), ApiError> {
    batch(
        db,
        vec![
            stmt(db, "DELETE FROM login_failures WHERE at < ?1", &[Arg::N(failures_before)])?,
            stmt(db, "DELETE FROM email_tokens WHERE expires_at < ?1", &[Arg::N(now)])?,
            stmt(db, "DELETE FROM login_challenges WHERE expires_at < ?1", &[Arg::N(now)])?,
            stmt(db, "DELETE FROM digest_links WHERE expires_at < ?1", &[Arg::N(now)])?,
            stmt(db, "DELETE FROM mail_requests WHERE at < ?1", &[Arg::N(failures_before)])?,
            stmt(db, "DELETE FROM local_mailbox WHERE sent_at < ?1", &[Arg::N(now - crate::domain::session::DAY_MS)])?,
            stmt(db, "DELETE FROM trusted_devices WHERE last_used_at < ?1", &[Arg::N(now - crate::domain::session::DEVICE_MS)])?,
            stmt(
                db,
                "DELETE FROM sessions WHERE last_seen_at < ?1 OR created_at < ?2",
                &[Arg::N(sessions_idle_before), Arg::N(sessions_born_before)],
            )?,
        ],
    )
    .await
    .map(|_| ())
}
