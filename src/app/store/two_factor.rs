//! Two-factor authentication's rows: each person's sealed secret, their recovery codes' hashes, the codes spent, and
//! the log-ins waiting for their code.

use super::{audit, batch, batch_constrained, first, one, stmt, Arg, Audit, Before, Db};
use crate::domain::error::ApiError;
use worker::D1PreparedStatement;

super::row! {
    /// A person's two-factor state.
    pub struct State {
        pub secret_sealed: String,
        pub enabled_at: Option<i64>,
        pub last_step: i64,
        pub failures: i64,
        pub failed_at: i64,
        /// Their unused recovery codes' hashes, comma-separated ("" when none).
        pub recovery: String,
    }
}

const STATE: &str = "SELECT t.secret_sealed, t.enabled_at, t.last_step, t.failures, t.failed_at, \
       COALESCE((SELECT group_concat(r.code_hash) FROM recovery_codes r WHERE r.user_id = t.user_id), '') AS recovery \
     FROM two_factor t WHERE t.user_id = ?1";

pub async fn state(db: &Db, user: &str) -> Result<Option<State>, ApiError> {
    first(db, STATE, &[Arg::S(user)]).await
}

fn wrong_stmt(db: &Db, user: &str, now: i64) -> Result<D1PreparedStatement, ApiError> {
    stmt(db, "UPDATE two_factor SET failures = failures + 1, failed_at = ?2 WHERE user_id = ?1", &[Arg::S(user), Arg::N(now)])
}

/// A wrong code: counted against the person (each wrong code past five waits longer).
pub async fn wrong(db: &Db, user: &str, now: i64) -> Result<(), ApiError> {
    batch(db, vec![wrong_stmt(db, user, now)?]).await.map(|_| ())
}

/// A code accepted: the step it belongs to (an app's code) or the recovery code's hash.
pub enum Spend {
    Step(i64),
    /// The recovery code's stored hash.
    Recovery(String),
}

/// The statements that spend a code for `user` (first in a batch): a second request with the same code meets the
/// spent mark's key and its whole batch is refused (`code_used`).
fn spend(db: &Db, user: &str, code: &Spend, now: i64) -> Result<Vec<D1PreparedStatement>, ApiError> {
    let mark = match code {
        Spend::Step(s) => format!("s:{s}"),
        Spend::Recovery(h) => format!("r:{h}"),
    };
    let mut out = vec![
        stmt(db, "DELETE FROM two_factor_spent WHERE user_id = ?1 AND at < ?2", &[Arg::S(user), Arg::N(now - 10 * 60_000)])?,
        stmt(db, "INSERT INTO two_factor_spent (user_id, mark, at) VALUES (?1, ?2, ?3)", &[Arg::S(user), Arg::S(&mark), Arg::N(now)])?,
        stmt(db, "UPDATE two_factor SET failures = 0 WHERE user_id = ?1", &[Arg::S(user)])?,
    ];
    out.push(match code {
        Spend::Step(s) => stmt(db, "UPDATE two_factor SET last_step = MAX(last_step, ?2) WHERE user_id = ?1", &[Arg::S(user), Arg::N(*s)])?,
        Spend::Recovery(h) => stmt(db, "DELETE FROM recovery_codes WHERE user_id = ?1 AND code_hash = ?2", &[Arg::S(user), Arg::S(h)])?,
    });
    Ok(out)
}

fn code_used() -> ApiError {
    ApiError::new(409, "code_used", "This code was just used. Wait for the next one in your app.").with_field("code")
}

async fn spending(db: &Db, statements: Vec<D1PreparedStatement>) -> Result<(), ApiError> {
    batch_constrained(db, statements, vec![("two_factor_spent.user_id, two_factor_spent.mark", code_used())]).await.map(|_| ())
}

/// Begins (or begins again) an enrolment: a new secret, not yet on. Nothing changes when two-factor is already on.
pub async fn start(db: &Db, user: &str, sealed: &str, now: i64) -> Result<(), ApiError> {
    super::run(
        db,
        "INSERT INTO two_factor (user_id, secret_sealed, enabled_at, last_step, created_at) VALUES (?1, ?2, NULL, 0, ?3) \
         ON CONFLICT (user_id) DO UPDATE SET secret_sealed = excluded.secret_sealed, created_at = excluded.created_at \
         WHERE two_factor.enabled_at IS NULL",
        &[Arg::S(user), Arg::S(sealed), Arg::N(now)],
    )
    .await
    .map(|_| ())
}

fn codes(db: &Db, user: &str, hashes: &[String]) -> Result<Vec<D1PreparedStatement>, ApiError> {
    let mut out = vec![stmt(db, "DELETE FROM recovery_codes WHERE user_id = ?1", &[Arg::S(user)])?];
    for h in hashes {
        out.push(stmt(db, "INSERT INTO recovery_codes (user_id, code_hash) VALUES (?1, ?2)", &[Arg::S(user), Arg::S(h)])?);
    }
    Ok(out)
}

fn audited(db: &Db, audit_id: &str, user: &str, action: &str, now: i64) -> Result<D1PreparedStatement, ApiError> {
    audit(db, &Audit { id: audit_id, actor: user, action, target_type: "user", target_id: user, after: "{}", now }, Before::Nothing)
}

pub struct Change<'a> {
    pub user: &'a str,
    pub audit_id: &'a str,
    pub now: i64,
}

/// Turns two-factor on with the code that proved the app has the secret: new recovery codes, and this session counts
/// as one that gave a second factor.
pub async fn enable(db: &Db, c: &Change<'_>, step: i64, session: &str, hashes: &[String]) -> Result<(), ApiError> {
    let mut statements = spend(db, c.user, &Spend::Step(step), c.now)?;
    statements.push(stmt(db, "UPDATE two_factor SET enabled_at = ?2 WHERE user_id = ?1 AND enabled_at IS NULL", &[Arg::S(c.user), Arg::N(c.now)])?);
    statements.extend(codes(db, c.user, hashes)?);
    statements.push(stmt(db, "UPDATE sessions SET second_factor = 1 WHERE id = ?1 AND user_id = ?2", &[Arg::S(session), Arg::S(c.user)])?);
    statements.push(audited(db, c.audit_id, c.user, "two_factor_on", c.now)?);
    spending(db, statements).await
}

/// New recovery codes (the old ones stop working), with a code as proof.
pub async fn renew(db: &Db, c: &Change<'_>, code: &Spend, hashes: &[String]) -> Result<(), ApiError> {
    let mut statements = spend(db, c.user, code, c.now)?;
    statements.extend(codes(db, c.user, hashes)?);
    statements.push(audited(db, c.audit_id, c.user, "recovery_codes_renewed", c.now)?);
    spending(db, statements).await
}

/// Turns two-factor off, with a code as proof.
pub async fn disable(db: &Db, c: &Change<'_>, code: &Spend) -> Result<(), ApiError> {
    let mut statements = spend(db, c.user, code, c.now)?;
    statements.push(stmt(db, "DELETE FROM recovery_codes WHERE user_id = ?1", &[Arg::S(c.user)])?);
    statements.push(stmt(db, "DELETE FROM two_factor WHERE user_id = ?1", &[Arg::S(c.user)])?);
    // No session of theirs counts as having given a second factor any more (were they made an administrator later).
    statements.push(stmt(db, "UPDATE sessions SET second_factor = 0 WHERE user_id = ?1", &[Arg::S(c.user)])?);
    statements.push(audited(db, c.audit_id, c.user, "two_factor_off", c.now)?);
    spending(db, statements).await
}

/// A log-in that passed its password waits for a code.
pub struct NewChallenge<'a> {
    pub token_hash: &'a str,
    pub user: &'a str,
    pub device_hash: &'a str,
    pub failure_keys: &'a str,
    pub rehash: Option<&'a str>,
    pub now: i64,
}

pub async fn challenge(db: &Db, c: &NewChallenge<'_>) -> Result<(), ApiError> {
    let mut statements = vec![
        // One waiting log-in per person and device is plenty; older ones of theirs go.
        stmt(db, "DELETE FROM login_challenges WHERE user_id = ?1 AND (device_hash = ?2 OR expires_at < ?3)", &[Arg::S(c.user), Arg::S(c.device_hash), Arg::N(c.now)])?,
        stmt(
            db,
            "INSERT INTO login_challenges (token_hash, user_id, device_hash, failure_keys, attempts, expires_at) VALUES (?1, ?2, ?3, ?4, 0, ?5)",
            &[Arg::S(c.token_hash), Arg::S(c.user), Arg::S(c.device_hash), Arg::S(c.failure_keys), Arg::N(c.now + crate::domain::two_factor::CHALLENGE_MS)],
        )?,
    ];
    if let Some(hash) = c.rehash {
        statements.push(stmt(db, "UPDATE users SET password_hash = ?2, updated_at = ?3 WHERE id = ?1", &[Arg::S(c.user), Arg::S(hash), Arg::N(c.now)])?);
    }
    batch(db, statements).await.map(|_| ())
}

super::row! {
    /// A waiting log-in, with its person's two-factor state.
    pub struct Waiting {
        pub user_id: String,
        pub device_hash: String,
        pub failure_keys: String,
        pub status: String,
        pub secret_sealed: String,
        pub last_step: i64,
        pub failures: i64,
        pub failed_at: i64,
        pub recovery: String,
    }
}

/// The waiting log-in of this secret, still in time: one of its tries is used up first (in the same transaction as
/// the read), so requests racing with one secret get no more tries between them. None: expired, or no tries left.
pub async fn waiting(db: &Db, token_hash: &str, now: i64) -> Result<Option<Waiting>, ApiError> {
    let results = batch(
        db,
        vec![
            stmt(
                db,
                "UPDATE login_challenges SET attempts = attempts + 1 WHERE token_hash = ?1 AND expires_at > ?2 AND attempts < ?3",
                &[Arg::S(token_hash), Arg::N(now), Arg::N(crate::domain::two_factor::CHALLENGE_TRIES)],
            )?,
            stmt(
                db,
                "SELECT c.user_id, c.device_hash, c.failure_keys, u.status, t.secret_sealed, t.last_step, t.failures, t.failed_at, \
                   COALESCE((SELECT group_concat(r.code_hash) FROM recovery_codes r WHERE r.user_id = c.user_id), '') AS recovery \
                 FROM login_challenges c JOIN users u ON u.id = c.user_id \
                   JOIN two_factor t ON t.user_id = c.user_id AND t.enabled_at IS NOT NULL \
                 WHERE c.token_hash = ?1 AND c.expires_at > ?2",
                &[Arg::S(token_hash), Arg::N(now)],
            )?,
        ],
    )
    .await?;
    if results.first().map_or(0, super::changes) == 0 {
        return Ok(None);
    }
    one(&results, 1)
}

/// A wrong code: counted against the person, and as a failed log-in under the log-in's throttling keys.
pub async fn wrong_code(db: &Db, user: &str, keys: &[String], now: i64) -> Result<(), ApiError> {
    let mut statements = vec![wrong_stmt(db, user, now)?];
    for k in keys {
        statements.push(stmt(db, "INSERT INTO login_failures (key, at) VALUES (?1, ?2)", &[Arg::S(k), Arg::N(now)])?);
    }
    batch(db, statements).await.map(|_| ())
}

/// The right code: the waiting log-in becomes a session (its statements from `accounts::session_statements`).
pub async fn complete(
    db: &Db,
    token_hash: &str,
    user: &str,
    code: &Spend,
    session: Vec<D1PreparedStatement>,
    audit_id: Option<&str>,
    now: i64,
) -> Result<(), ApiError> {
    let mut statements = spend(db, user, code, now)?;
    statements.push(stmt(db, "DELETE FROM login_challenges WHERE token_hash = ?1", &[Arg::S(token_hash)])?);
    statements.extend(session);
    if let Some(id) = audit_id {
        statements.push(audited(db, id, user, "recovery_code_used", now)?);
    }
    spending(db, statements).await
}

