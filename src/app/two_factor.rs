//! Two-factor authentication: turning it on (a secret for the app, a code that proves it, ten recovery codes), new
//! recovery codes, turning it off, and the second step of a log-in. Required for platform administrators.

use super::http::{id, internal, no_content, ok, secret, ApiResult, Ctx};
use super::store::accounts as accounts_store;
use super::store::two_factor::{self as store, Change, Spend};
use crate::domain::error::{ApiError, Invalid};
use crate::domain::session;
use crate::domain::token::{self, sha256_hex};
use crate::domain::two_factor::{self as rules, Code};
use serde::Serialize;
use serde_json::json;

/// The worker's sealing key (the secret TOTP_KEY). Without it two-factor cannot work: 503, and nothing changes.
fn key(ctx: &Ctx) -> Result<Vec<u8>, ApiError> {
    let k = ctx.env.secret("TOTP_KEY").map(|s| s.to_string()).or_else(|_| ctx.env.var("TOTP_KEY").map(|s| s.to_string())).unwrap_or_default();
    if k.len() < rules::MIN_KEY_LEN {
        worker::console_error!("TOTP_KEY is not set (or shorter than 32 characters): two-factor authentication cannot work");
        return Err(ApiError::new(503, "not_configured", "Two-factor authentication is not configured on this Tandem yet (TOTP_KEY)."));
    }
    Ok(k.into_bytes())
}

fn user(ctx: &Ctx) -> Result<(String, String, bool), ApiError> {
    let s = ctx.session.as_ref().ok_or_else(ApiError::unauthenticated)?;
    Ok((s.actor.user_id.clone(), s.id.clone(), s.actor.platform_admin || s.actor.admin_needs_factor))
}

fn unopened() -> ApiError {
    internal("a two-factor secret does not open with TOTP_KEY (was the key changed?)".into())
}

fn code_wrong() -> ApiError {
    ApiError::new(422, "code_wrong", "This code is not right. Check that your phone's clock is set automatically, and type the newest code.")
        .with_field("code")
}

/// What the code proves, if it is right: an app's code within the window and newer than the last, or one of the
/// person's unused recovery codes (`recovery`: their hashes, comma-separated).
fn accept(key: &[u8], user: &str, sealed: &str, code: &Code, recovery: &str, last_step: i64, now: i64) -> Result<Spend, ApiError> {
    match code {
        Code::Totp(digits) => {
            let secret = rules::open(key, sealed).ok_or_else(unopened)?;
            rules::verify(&secret, digits, now, last_step).map(Spend::Step).ok_or_else(code_wrong)
        }
        Code::Recovery(c) => {
            let hash = rules::recovery_hash(key, user, c);
            recovery.split(',').any(|h| rules::same(h.as_bytes(), hash.as_bytes())).then_some(Spend::Recovery(hash)).ok_or_else(code_wrong)
        }
    }
}

/// Past five wrong codes in a row, the next waits (longer each time): 429 with how long.
fn not_too_many(failures: i64, failed_at: i64, now: i64) -> Result<(), ApiError> {
    match rules::wait(failures, failed_at, now) {
        None => Ok(()),
        Some(secs) => Err(ApiError {
            message: format!("Too many wrong codes. Wait {} and try again.", crate::domain::session::minutes_phrase(secs)),
            ..ApiError::too_many(secs)
        }),
    }
}

fn recovery_codes(key: &[u8], user: &str) -> Result<(Vec<String>, Vec<String>), ApiError> {
    let mut shown = Vec::with_capacity(rules::RECOVERY_CODES);
    for _ in 0..rules::RECOVERY_CODES {
        shown.push(rules::recovery_code(&token::random_bytes::<10>().map_err(internal)?));
    }
    let hashes = shown.iter().map(|c| rules::recovery_hash(key, user, &c.replace('-', ""))).collect();
    Ok((shown, hashes))
}

#[derive(Serialize)]
struct Status {
    enabled: bool,
    /// Platform administrators must have it on.
    required: bool,
    recovery_left: i64,
}

pub async fn status(ctx: &mut Ctx) -> ApiResult {
    let (user, _, required) = user(ctx)?;
    let s = store::state(&ctx.db, &user).await?;
    let enabled = s.as_ref().is_some_and(|s| s.enabled_at.is_some());
    let left = s.as_ref().map_or(0, |s| s.recovery.split(',').filter(|h| !h.is_empty()).count());
    ok(&Status { enabled, required, recovery_left: if enabled { i64::try_from(left).unwrap_or(0) } else { 0 } })
}

crate::domain::input::input! {
    #[derive(Default)]
    struct PasswordInput {
        password: String,
    }
}

#[derive(Serialize)]
struct Enrolment {
    /// The secret in base32, to type into an app.
    secret: String,
    /// The same as an `otpauth://` address (a phone opens its authenticator app from it).
    uri: String,
}

/// Begins turning it on: asks for the password, makes a new secret and shows it this once.
pub async fn start(ctx: &mut Ctx) -> ApiResult {
    let input: PasswordInput = ctx.json().await?;
    let (user, _, _) = user(ctx)?;
    let key = key(ctx)?;
    let email = super::accounts::check_password(ctx, &user, "password", &input.password).await?;
    if store::state(&ctx.db, &user).await?.is_some_and(|s| s.enabled_at.is_some()) {
        return Err(two_factor_on());
    }
    let raw = token::random_bytes::<{ rules::SECRET_BYTES }>().map_err(internal)?;
    let nonce = token::random_bytes::<16>().map_err(internal)?;
    store::start(&ctx.db, &user, &rules::seal(&key, &nonce, &raw), ctx.now).await?;
    ok(&Enrolment { secret: rules::base32(&raw), uri: rules::otpauth_uri(&raw, &email) })
}

fn two_factor_on() -> ApiError {
    ApiError::new(409, "two_factor_on", "Two-factor authentication is already on for this account.")
}

fn two_factor_off() -> ApiError {
    ApiError::new(409, "two_factor_off", "Two-factor authentication is off for this account: turn it on first.")
}

crate::domain::input::input! {
    #[derive(Default)]
    struct CodeInput {
        code: String,
    }
}

#[derive(Serialize)]
struct Codes {
    /// Shown this once; only their hashes are kept.
    recovery_codes: Vec<String>,
}

/// Turns it on with a code from the app; answers the recovery codes, this once.
pub async fn confirm(ctx: &mut Ctx) -> ApiResult {
    let input: CodeInput = ctx.json().await?;
    let (user, session, _) = user(ctx)?;
    let key = key(ctx)?;
    let Code::Totp(digits) = Code::parse(&input.code)? else {
        return Err(Invalid::new("code", "code_shape", "Enter the six digits your authenticator app shows.").into());
    };
    let state = store::state(&ctx.db, &user).await?.ok_or_else(|| {
        ApiError::new(409, "two_factor_not_started", "Start again: ask for a new key for your app.")
    })?;
    if state.enabled_at.is_some() {
        return Err(two_factor_on());
    }
    let secret = rules::open(&key, &state.secret_sealed).ok_or_else(unopened)?;
    let step = rules::verify(&secret, &digits, ctx.now, state.last_step).ok_or_else(code_wrong)?;
    let (shown, hashes) = recovery_codes(&key, &user)?;
    store::enable(&ctx.db, &Change { user: &user, audit_id: &id(ctx.now)?, now: ctx.now }, step, &session, &hashes).await?;
    ok(&Codes { recovery_codes: shown })
}

/// The person's state and what their code proves (a wrong code counts against them).
async fn proven(ctx: &Ctx, key: &[u8], user: &str, code: &Code) -> Result<Spend, ApiError> {
    let state = store::state(&ctx.db, user).await?.filter(|s| s.enabled_at.is_some()).ok_or_else(two_factor_off)?;
    not_too_many(state.failures, state.failed_at, ctx.now)?;
    match accept(key, user, &state.secret_sealed, code, &state.recovery, state.last_step, ctx.now) {
        Ok(spend) => Ok(spend),
        Err(e) => {
            if e.code == "code_wrong" {
                store::wrong(&ctx.db, user, ctx.now).await?;
            }
            Err(e)
        }
    }
}

/// New recovery codes (the old ones stop working), with a code from the app or a recovery code.
pub async fn renew(ctx: &mut Ctx) -> ApiResult {
    let input: CodeInput = ctx.json().await?;
    let (user, _, _) = user(ctx)?;
    let code = Code::parse(&input.code)?;
    let key = key(ctx)?;
    let spend = proven(ctx, &key, &user, &code).await?;
    let (shown, hashes) = recovery_codes(&key, &user)?;
    store::renew(&ctx.db, &Change { user: &user, audit_id: &id(ctx.now)?, now: ctx.now }, &spend, &hashes).await?;
    ok(&Codes { recovery_codes: shown })
}

/// Turns it off, with a code; platform administrators keep it.
pub async fn disable(ctx: &mut Ctx) -> ApiResult {
    let input: CodeInput = ctx.json().await?;
    let (user, _, required) = user(ctx)?;
    if required {
        return Err(ApiError::new(409, "two_factor_required", "Platform administrators keep two-factor authentication on."));
    }
    let code = Code::parse(&input.code)?;
    let key = key(ctx)?;
    let spend = proven(ctx, &key, &user, &code).await?;
    store::disable(&ctx.db, &Change { user: &user, audit_id: &id(ctx.now)?, now: ctx.now }, &spend).await?;
    no_content()
}

crate::domain::input::input! {
    #[derive(Default)]
    struct SecondStepInput {
        challenge: String,
        code: String,
    }
}

/// The second step of a log-in: the waiting log-in's secret and a code.
pub async fn login(ctx: &mut Ctx) -> ApiResult {
    let input: SecondStepInput = ctx.json().await?;
    let expired = || ApiError::bad_request("challenge_invalid", "This log-in has expired. Log in again with your password.");
    if !token::is_secret_shaped(&input.challenge) {
        return Err(expired());
    }
    let code = Code::parse(&input.code)?;
    let key = key(ctx)?;
    let (now, challenge) = (ctx.now, sha256_hex(&input.challenge));
    let w = store::waiting(&ctx.db, &challenge, now).await?.ok_or_else(expired)?;
    if w.status == "suspended" {
        return Err(ApiError::new(403, "account_suspended", "This account is suspended. Contact the platform administrators."));
    }
    not_too_many(w.failures, w.failed_at, now)?;
    let keys: rules::ChallengeKeys = serde_json::from_str(&w.failure_keys).map_err(|_| ApiError::internal())?;
    let spend = match accept(&key, &w.user_id, &w.secret_sealed, &code, &w.recovery, w.last_step, now) {
        Ok(s) => s,
        Err(e) => {
            // A wrong code counts (against the person, and as a failed log-in); a secret that does not open is ours.
            if e.code == "code_wrong" {
                store::wrong_code(&ctx.db, &w.user_id, &keys.count, now).await?;
            }
            return Err(e);
        }
    };
    let token = secret()?;
    let user_agent: String = ctx.header("user-agent").chars().take(200).collect();
    let s = accounts_store::NewSession { id: &id(now)?, token_hash: &sha256_hex(&token), user_id: &w.user_id, user_agent: &user_agent, second_factor: true, now };
    let clear: Vec<&str> = keys.clear.iter().map(String::as_str).collect();
    let statements = accounts_store::session_statements(&ctx.db, &s, &w.device_hash, &clear, None)?;
    let audit_id = match spend {
        Spend::Step(_) => None,
        Spend::Recovery(_) => Some(id(now)?),
    };
    store::complete(&ctx.db, &challenge, &w.user_id, &spend, statements, audit_id.as_deref(), now).await?;
    let me = accounts_store::user(&ctx.db, &w.user_id).await?.ok_or_else(ApiError::internal)?;
    let resp = ok(&json!({"user": super::profiles::user_json(&me)}))?;
    super::http::with_headers(resp, &[("set-cookie", &session::set_cookie(&token))])
}
