//! Accounts: register, verify, log in and out, reset and change the password, change the e-mail, sessions.

use super::http::{no_content, ok, ApiResult, Ctx};
use super::mail;
use super::store::accounts::{self as store, AskedLink, LinkMail, NewSession, NewUser};
use crate::domain::email::Email;
use crate::domain::error::{ApiError, Invalid};
use crate::domain::mail as letter;
use crate::domain::password::{self, Password, Verdict};
use crate::domain::session::{self, FAILURE_WINDOW_MS};
use crate::domain::text::DisplayName;
use crate::domain::token::{self, sha256_hex};
use serde_json::json;
use worker::Response;

use super::http::{id, internal, secret};

/// A new password, checked against the policy and the list of common passwords (kept with the static assets:
/// `scripts/build.sh` copies `src/domain/common_passwords.txt` there).
async fn new_password(ctx: &Ctx, field: &str, raw: &str) -> Result<Password, ApiError> {
    let resp = ctx.env.assets("ASSETS")?.fetch("https://assets.local/data/common-passwords.txt", None).await;
    let list = match resp {
        Ok(mut r) if r.status_code() == 200 => r.text().await?,
        _ => {
            worker::console_error!("public/data/common-passwords.txt is missing: scripts/build.sh puts it there");
            return Err(ApiError::internal());
        }
    };
    Ok(Password::parse(field, raw, &list)?)
}

fn hash_password(p: &Password) -> Result<String, ApiError> {
    hash_raw(p.as_str())
}

fn hash_raw(p: &str) -> Result<String, ApiError> {
    let salt = token::random_bytes::<16>().map_err(internal)?;
    password::hash(p, &salt).map_err(internal)
}

/// Mail that a stranger can trigger for an address (sign-up notices, verification and reset links) is capped per
/// address, counted whether or not the address has an account (so the answer tells nothing about accounts), and
/// never crowded out by notifications. Over the cap the person is told how long to wait, and nothing is queued.
async fn not_flooded(ctx: &Ctx, email: &Email) -> Result<(), ApiError> {
    let asked = store::mail_requests_since(&ctx.db, email.as_str(), ctx.now - session::MAIL_WINDOW_MS).await?;
    match session::mail_wait(&asked, &ctx.client_ip, ctx.now) {
        None => Ok(()),
        Some(secs) => Err(ApiError {
            message: format!(
                "We have sent several e-mails to this address in the last few minutes. Wait {} and try again; check your spam folder meanwhile.",
                session::minutes_phrase(secs)
            ),
            field: Some("email".into()),
            ..ApiError { code: "mail_wait", ..ApiError::too_many(secs) }
        }),
    }
}

/// A one-time token's hash for a link whose secret does not exist yet: a random value nobody knows, replaced by the
/// real secret's hash when the mail is sent (see `mail.rs`).
fn unsendable_hash() -> Result<String, ApiError> {
    Ok(sha256_hex(&secret()?))
}

fn token_invalid() -> ApiError {
    ApiError::bad_request("token_invalid", "This link is invalid, already used or expired. Ask for a new one.")
        .with_field("token")
}

/// A token from a link: refused before any lookup when it cannot be one of ours.
fn token_hash(raw: &str) -> Result<String, ApiError> {
    if token::is_secret_shaped(raw) {
        Ok(sha256_hex(raw))
    } else {
        Err(token_invalid())
    }
}

fn accepted() -> ApiResult {
    super::http::json(202, &json!({"ok": true}))
}

crate::domain::input::input! {
    #[derive(Default)]
    struct RegisterInput {
        email: String,
        display_name: String,
        password: String,
        /// The language the page was in: the verification mail goes out in it, and it stays the person's until
        /// they choose one.
        language: Option<String>,
    }
}

pub async fn register(ctx: &mut Ctx) -> ApiResult {
    let input: RegisterInput = ctx.json().await?;
    // In the form's order, so the first field to fix is the one named.
    let name = DisplayName::parse(&input.display_name)?;
    let email = Email::parse(&input.email)?;
    let language = match input.language.as_deref() {
        Some(l) if !crate::domain::words::LANGUAGES.contains(&l) => return Err(Invalid::new("language", "not_in_list", "Choose one of the values offered.").into()),
        other => other,
    };
    let pw = new_password(ctx, "password", &input.password).await?;
    not_flooded(ctx, &email).await?;
    let now = ctx.now;
    let welcome = letter::verification(email.as_str(), name.as_str(), &letter::secret_link(&ctx.base_url, "/verify"));
    let reset_link = format!("{}/forgot", ctx.base_url);
    let already = letter::already_registered(email.as_str(), &reset_link);
    let user = NewUser {
        id: &id(now)?,
        email: email.as_str(),
        display_name: name.as_str(),
        password_hash: &hash_password(&pw)?,
        verify_token_hash: &unsendable_hash()?,
        verify_expires: now + session::VERIFY_TTL_MS,
        requester: &ctx.client_ip,
        language,
        now,
    };
    store::register(&ctx.db, &user, (&id(now)?, &welcome), (&id(now)?, &already)).await?;
    mail::deliver_soon(ctx);
    accepted()
}

crate::domain::input::input! {
    #[derive(Default)]
    struct TokenInput {
        token: String,
    }
}

pub async fn verify_email(ctx: &mut Ctx) -> ApiResult {
    let input: TokenInput = ctx.json().await?;
    let th = token_hash(&input.token)?;
    if store::verify_email(&ctx.db, &th, ctx.now).await? {
        ok(&json!({"ok": true}))
    } else {
        Err(token_invalid())
    }
}

crate::domain::input::input! {
    #[derive(Default)]
    struct EmailInput {
        email: String,
    }
}

pub async fn resend_verification(ctx: &mut Ctx) -> ApiResult {
    let input: EmailInput = ctx.json().await?;
    let email = Email::parse(&input.email)?;
    not_flooded(ctx, &email).await?;
    let now = ctx.now;
    let mail = letter::verification(email.as_str(), "", &letter::secret_link(&ctx.base_url, "/verify"));
    let link = LinkMail { id: &id(now)?, mail: &mail, token_hash: &unsendable_hash()?, expires_at: now + session::VERIFY_TTL_MS };
    store::ask_link(&ctx.db, AskedLink::Verify, email.as_str(), &ctx.client_ip, &link, now).await?;
    mail::deliver_soon(ctx);
    accepted()
}

crate::domain::input::input! {
    #[derive(Default)]
    struct LoginInput {
        email: String,
        password: String,
    }
}

pub async fn login(ctx: &mut Ctx) -> ApiResult {
    let input: LoginInput = ctx.json().await?;
    if input.email.trim().is_empty() {
        return Err(Invalid::new("email", "required", "Enter your e-mail address.").into());
    }
    if input.password.is_empty() {
        return Err(Invalid::new("password", "required", "Enter your password.").into());
    }
    let now = ctx.now;
    // A malformed address cannot have an account; it is treated like an unknown one.
    let email = Email::parse(&input.email).map(|e| e.as_str().to_string()).unwrap_or_else(|_| input.email.trim().to_ascii_lowercase());
    // The browser's device token: trusted for this account if it logged into it before (a new one is set below).
    let cookie = ctx.header("cookie");
    let device = session::secret_cookie(&cookie, session::DEVICE_COOKIE).map(str::to_string);
    let device_hash = device.as_deref().map(sha256_hex).unwrap_or_default();
    let untrusted = session::LoginKeys::new(&email, &ctx.client_ip, None);
    let trusted = session::LoginKeys::new(&email, &ctx.client_ip, Some(&device_hash));
    let all_keys = [untrusted.pair.as_str(), untrusted.account.as_str(), untrusted.address.as_str(), trusted.device.as_deref().unwrap_or("")];
    let (user, is_trusted, failures) = store::login_lookup(&ctx.db, &email, &device_hash, &all_keys, now - FAILURE_WINDOW_MS).await?;
    let keys = if is_trusted { trusted } else { untrusted };
    let seen: Vec<(String, i64)> = failures.into_iter().map(|f| (f.key, f.at)).collect();
    if let Some(secs) = keys.wait(&seen, now) {
        return Err(ApiError {
            message: format!("Too many failed log-ins. Wait {} and try again.", session::minutes_phrase(secs)),
            ..ApiError::too_many(secs)
        });
    }
    // Unknown e-mail: verify against a dummy hash so both answers take the same time.
    let verdict = password::verify(&input.password, user.as_ref().map_or(password::DUMMY_HASH, |u| u.password_hash.as_str()));
    let user = match (user, &verdict) {
        (Some(u), Verdict::Right | Verdict::RightNeedsRehash) => u,
        _ => {
            let counted: Vec<&str> = keys.limits().into_iter().map(|(k, _)| k).collect();
            store::record_failure(&ctx.db, &counted, now).await?;
            return Err(ApiError::new(401, "invalid_credentials", "The e-mail address or the password is not right.")
                .with_field("password"));
        }
    };
    if user.status == "suspended" {
        return Err(ApiError::new(403, "account_suspended", "This account is suspended. Contact the platform administrators."));
    }
    if user.email_verified_at.is_none() {
        return Err(ApiError::new(403, "email_unverified", "Confirm your e-mail address first: open the link we sent you, or ask for a new one."));
    }
    // Upgrade a hash made with older parameters, now that we have the password.
    let rehash = match verdict {
        Verdict::RightNeedsRehash => Some(hash_raw(&input.password)?),
        _ => None,
    };
    let device = match device {
        Some(d) => d,
        None => secret()?,
    };
    // Two-factor on: the password was the first step; the browser keeps a one-time secret for the second.
    if user.two_factor != 0 {
        let keys = crate::domain::two_factor::ChallengeKeys {
            count: keys.limits().into_iter().map(|(k, _)| k.to_string()).collect(),
            clear: keys.cleared_by_success().into_iter().map(str::to_string).collect(),
        };
        let challenge = secret()?;
        let failure_keys = serde_json::to_string(&keys).map_err(|_| ApiError::internal())?;
        let c = super::store::two_factor::NewChallenge {
            token_hash: &sha256_hex(&challenge),
            user: &user.id,
            device_hash: &sha256_hex(&device),
            failure_keys: &failure_keys,
            rehash: rehash.as_deref(),
            now,
        };
        super::store::two_factor::challenge(&ctx.db, &c).await?;
        return with_cookies(ok(&json!({"two_factor": true, "challenge": challenge}))?, &[&session::set_device_cookie(&device)]);
    }
    let token = secret()?;
    let user_agent: String = ctx.header("user-agent").chars().take(200).collect();
    let session = NewSession { id: &id(now)?, token_hash: &sha256_hex(&token), user_id: &user.id, user_agent: &user_agent, second_factor: false, now };
    let statements = store::session_statements(&ctx.db, &session, &sha256_hex(&device), &keys.cleared_by_success(), rehash.as_deref())?;
    super::store::batch(&ctx.db, statements).await?;
    let me = store::user(&ctx.db, &user.id).await?.ok_or_else(ApiError::internal)?;
    with_cookies(ok(&json!({"user": super::profiles::user_json(&me)}))?, &[&session::set_cookie(&token), &session::set_device_cookie(&device)])
}

fn with_cookie(resp: Response, cookie: &str) -> ApiResult {
    with_cookies(resp, &[cookie])
}

fn with_cookies(resp: Response, cookies: &[&str]) -> ApiResult {
    let cookies: Vec<(&str, &str)> = cookies.iter().map(|c| ("set-cookie", *c)).collect();
    super::http::with_headers(resp, &cookies)
}

/// Access follows the person into the chat: closes the sockets of this person (`everywhere`) or of these sessions of
/// theirs, in every room they are in.
pub async fn close_sockets(ctx: &Ctx, user_id: &str, everywhere: bool, sessions: &[String]) -> Result<(), ApiError> {
    if !everywhere && sessions.is_empty() {
        return Ok(());
    }
    let rooms = store::rooms_of(&ctx.db, user_id).await?;
    let sessions: Vec<&str> = sessions.iter().map(String::as_str).collect();
    let members: &[&str] = if everywhere { &[user_id] } else { &[] };
    super::chat::revoke(&ctx.env, &rooms, members, &sessions).await;
    Ok(())
}

pub async fn logout(ctx: &mut Ctx) -> ApiResult {
    if let Some(s) = &ctx.session {
        store::delete_session(&ctx.db, &s.id).await?;
        close_sockets(ctx, &s.actor.user_id, false, std::slice::from_ref(&s.id)).await?;
    }
    with_cookie(no_content()?, &session::clear_cookie())
}

pub async fn forgot_password(ctx: &mut Ctx) -> ApiResult {
    let input: EmailInput = ctx.json().await?;
    let email = Email::parse(&input.email)?;
    not_flooded(ctx, &email).await?;
    let now = ctx.now;
    let mail = letter::password_reset(email.as_str(), &letter::secret_link(&ctx.base_url, "/reset"));
    let link = LinkMail { id: &id(now)?, mail: &mail, token_hash: &unsendable_hash()?, expires_at: now + session::RESET_TTL_MS };
    store::ask_link(&ctx.db, AskedLink::Reset, email.as_str(), &ctx.client_ip, &link, now).await?;
    mail::deliver_soon(ctx);
    accepted()
}

crate::domain::input::input! {
    #[derive(Default)]
    struct ResetInput {
        token: String,
        password: String,
    }
}

pub async fn reset_password(ctx: &mut Ctx) -> ApiResult {
    let input: ResetInput = ctx.json().await?;
    let th = token_hash(&input.token)?;
    let pw = new_password(ctx, "password", &input.password).await?;
    let hash = hash_password(&pw)?;
    match store::reset_password(&ctx.db, &th, &hash, ctx.now).await? {
        Some(user) => {
            // Every session ended: so do their chat sockets.
            close_sockets(ctx, &user, true, &[]).await?;
            ok(&json!({"ok": true}))
        }
        None => Err(token_invalid()),
    }
}

pub async fn confirm_email_change(ctx: &mut Ctx) -> ApiResult {
    let input: TokenInput = ctx.json().await?;
    let th = token_hash(&input.token)?;
    let notice = letter::email_changed_notice();
    if !store::confirm_email_change(&ctx.db, &th, &id(ctx.now)?, &notice, ctx.now).await? {
        return Err(token_invalid());
    }
    mail::deliver_soon(ctx);
    ok(&json!({"ok": true}))
}

crate::domain::input::input! {
    #[derive(Default)]
    struct ChangePasswordInput {
        current_password: String,
        new_password: String,
    }
}

/// Re-authentication: the current password, checked for the signed-in user.
/// Wrong passwords given by a signed-in person (a session taken by someone else must not become a way to guess the
/// password, and so to turn two-factor on for an administrator): five in 15 minutes, then they wait.
pub(super) async fn check_password(ctx: &Ctx, user_id: &str, field: &str, given: &str) -> Result<String, ApiError> {
    let key = format!("reauth:{user_id}");
    let seen = store::failures(&ctx.db, &key, ctx.now - FAILURE_WINDOW_MS).await?;
    if let Some(secs) = session::throttle(&seen, ctx.now, session::MAX_PAIR_FAILURES, FAILURE_WINDOW_MS) {
        return Err(ApiError {
            message: format!("Too many wrong passwords. Wait {} and try again.", session::minutes_phrase(secs)),
            ..ApiError::too_many(secs)
        });
    }
    let secret = store::password_hash(&ctx.db, user_id).await?.ok_or_else(ApiError::unauthenticated)?;
    match password::verify(given, &secret.password_hash) {
        Verdict::Wrong => {
            store::record_failure(&ctx.db, &[&key], ctx.now).await?;
            Err(Invalid::new(field, "password_wrong", "This is not your current password.").into())
        }
        _ => Ok(secret.email),
    }
}

pub async fn change_password(ctx: &mut Ctx) -> ApiResult {
    let input: ChangePasswordInput = ctx.json().await?;
    let pw = new_password(ctx, "new_password", &input.new_password).await?;
    let (user_id, session_id) = match &ctx.session {
        Some(s) => (s.actor.user_id.clone(), s.id.clone()),
        None => return Err(ApiError::unauthenticated()),
    };
    let email = check_password(ctx, &user_id, "current_password", &input.current_password).await?;
    let hash = hash_password(&pw)?;
    let others = store::other_sessions(&ctx.db, &user_id, &session_id).await?;
    let now = ctx.now;
    let mail = letter::password_changed_notice(&email);
    store::change_password(&ctx.db, &user_id, &session_id, &hash, (&id(now)?, &mail), now).await?;
    close_sockets(ctx, &user_id, false, &others).await?;
    mail::deliver_soon(ctx);
    ok(&json!({"ok": true}))
}

crate::domain::input::input! {
    #[derive(Default)]
    struct ChangeEmailInput {
        password: String,
        new_email: String,
    }
}

pub async fn change_email(ctx: &mut Ctx) -> ApiResult {
    let input: ChangeEmailInput = ctx.json().await?;
    let new_email = Email::parse(&input.new_email).map_err(|e| Invalid { field: "new_email".into(), ..e })?;
    let user_id = ctx.actor()?.user_id.clone();
    let current = check_password(ctx, &user_id, "password", &input.password).await?;
    if current == new_email.as_str() {
        return Err(Invalid::new("new_email", "email_unchanged", "This is already your e-mail address.").into());
    }
    let now = ctx.now;
    let mail = letter::email_change(new_email.as_str(), &letter::secret_link(&ctx.base_url, "/confirm-email"));
    let link = LinkMail { id: &id(now)?, mail: &mail, token_hash: &unsendable_hash()?, expires_at: now + session::CHANGE_EMAIL_TTL_MS };
    store::change_email(&ctx.db, &user_id, new_email.as_str(), &link, now).await?;
    mail::deliver_soon(ctx);
    accepted()
}

pub async fn list_sessions(ctx: &mut Ctx) -> ApiResult {
    let (user_id, current) = match &ctx.session {
        Some(s) => (s.actor.user_id.clone(), s.id.clone()),
        None => return Err(ApiError::unauthenticated()),
    };
    let now = ctx.now;
    let items: Vec<_> = store::sessions_of(&ctx.db, &user_id)
        .await?
        .into_iter()
        .filter(|s| session::is_live(s.created_at, s.last_seen_at, now))
        .map(|s| json!({"id": s.id, "created_at": s.created_at, "last_seen_at": s.last_seen_at, "user_agent": s.user_agent, "current": s.id == current}))
        .collect();
    ok(&json!({"items": items}))
}

pub async fn end_session(ctx: &mut Ctx) -> ApiResult {
    let target = ctx.param("session")?.to_string();
    let (user_id, current) = match &ctx.session {
        Some(s) => (s.actor.user_id.clone(), s.id.clone()),
        None => return Err(ApiError::unauthenticated()),
    };
    if store::end_session_of(&ctx.db, &user_id, &target).await? == 0 {
        return Err(ApiError::not_found());
    }
    close_sockets(ctx, &user_id, false, std::slice::from_ref(&target)).await?;
    if target == current {
        return with_cookie(no_content()?, &session::clear_cookie());
    }
    no_content()
}
