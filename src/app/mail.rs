//! Delivers the outbox. `EMAIL_PROVIDER=console` (local) prints each message to the console, and on a developer's
//! machine keeps it in the local mailbox; `resend` posts it to Resend's API with the `EMAIL_API_KEY` secret. Runs
//! right after a message is queued and from the cron trigger. A mail with a one-time link gets its secret here, at
//! the moment it is sent: only the secret's hash is stored.

use super::http::{env_var, Ctx};
use super::store::mail as store;
use crate::domain::error::ApiError;
use crate::domain::mail::{after_failure, fill_secret, is_local_url, list_unsubscribe, Status};
use crate::domain::token::{new_secret, sha256_hex};
use crate::domain::session::MINUTE_MS;
use worker::{console_error, console_log, Env, Fetch, Headers, Method, Request, RequestInit};

/// Sends what is due, after the response has gone.
pub fn deliver_soon(ctx: &Ctx) {
    let env = ctx.env.clone();
    let now = ctx.now;
    ctx.wait_until(async move {
        if let Err(e) = deliver_due(&env, now).await {
            console_error!("outbox delivery failed: {}", e.message);
        }
    });
}

pub async fn deliver_due(env: &Env, now: i64) -> Result<usize, ApiError> {
    // Sending claims each mail: at the primary, where every claim is decided.
    let db = super::store::Db::open(env, super::store::Start::Primary)?;
    let mut sent = 0;
    let mut words = super::words::Catalogues::default();
    for mut m in store::due(&db, now, 20).await? {
        if !store::claim(&db, &m, now, 10 * MINUTE_MS).await? {
            continue;
        }
        // A notification for a reader of another language: written again in theirs.
        if let (Some(lang), Some(made)) = (m.lang.as_deref().filter(|l| *l != "en"), m.made.as_deref()) {
            let words = words.get(env, lang).await;
            // (An account's own mail, or a notification.)
            let again = crate::domain::mail::rewrite_account(made, words, &m.to_email).or_else(|| crate::domain::notifications::rewrite(made, words, &m.to_email));
            if let Some(mail) = again {
                m.subject = mail.subject;
                m.body = mail.body;
            }
        }
        let mut headers = Vec::new();
        let body = match &m.link_token {
            None => m.body.clone(),
            Some(old) => {
                let secret = new_secret().map_err(|e| {
                    console_error!("{e}");
                    ApiError::internal()
                })?;
                if !store::mint_link(&db, &m.id, old, &sha256_hex(&secret)).await? {
                    store::record(&db, &m.id, Status::Failed, None, Some("not sent: a newer link replaced this one"), now).await?;
                    continue;
                }
                if m.unsubscribe != 0 {
                    headers.extend(list_unsubscribe(env_var(env, "APP_URL").unwrap_or_default().trim_end_matches('/'), &secret));
                }
                fill_secret(&m.body, &secret)
            }
        };
        match send(env, &db, &m, &body, &headers, now).await {
            Ok(()) => {
                store::record(&db, &m.id, Status::Sent, None, None, now).await?;
                sent += 1;
            }
            Err(reason) => {
                let (status, next) = after_failure(m.attempts + 1, now);
                store::record(&db, &m.id, status, next, Some(&reason), now).await?;
            }
        }
    }
    Ok(sent)
}

/// The local mailbox: only on a developer's machine; anywhere else it does not exist.
pub async fn local_mailbox_page(ctx: &mut Ctx) -> super::http::ApiResult {
    // Asked for at APP_URL itself, not through another name that resolves here (DNS rebinding).
    let host = |u: &str| worker::Url::parse(u).ok().and_then(|u| u.host_str().map(str::to_string));
    let asked_here = ctx.req.url().ok().and_then(|u| u.host_str().map(str::to_string)) == env_var(&ctx.env, "APP_URL").and_then(|u| host(&u));
    if !local_mailbox(&ctx.env) || !asked_here {
        return Err(ApiError::not_found());
    }
    let items = store::local_mailbox(&ctx.db, 50).await?;
    super::http::ok(&serde_json::json!({"local": true, "items": items}))
}

/// Whether this Tandem keeps a local mailbox: only when `npm start` (or the tests) say so with `LOCAL_MAILBOX=1`,
/// with the console provider, on a local `APP_URL`. A deployed Tandem never does.
pub fn local_mailbox(env: &Env) -> bool {
    env_var(env, "LOCAL_MAILBOX").as_deref() == Some("1")
        && env_var(env, "EMAIL_PROVIDER").as_deref().unwrap_or("console") == "console"
        && env_var(env, "APP_URL").is_some_and(|u| is_local_url(&u))
}

async fn send(env: &Env, db: &super::store::Db, m: &store::Due, body: &str, extra: &[(&str, String)], now: i64) -> Result<(), String> {
    match env_var(env, "EMAIL_PROVIDER").as_deref().unwrap_or("console") {
        "console" => {
            let head: String = extra.iter().map(|(k, v)| format!("{k}: {v}\n")).collect();
            console_log!("\n--- e-mail to {} ---\nSubject: {}\n{head}\n{}---", m.to_email, m.subject, body);
            if local_mailbox(env) {
                store::keep_locally(db, &m.id, &m.to_email, &m.subject, body, now).await.map_err(|e| e.message)?;
            }
            Ok(())
        }
        "resend" => {
            let key = env.secret("EMAIL_API_KEY").map_err(|_| "EMAIL_API_KEY is not set".to_string())?.to_string();
            let from = env_var(env, "EMAIL_FROM").unwrap_or_else(|| "Tandem <no-reply@example.org>".into());
            let headers: serde_json::Map<String, serde_json::Value> = extra.iter().map(|(k, v)| ((*k).to_string(), v.clone().into())).collect();
            let body = serde_json::json!({"from": from, "to": [m.to_email], "subject": m.subject, "text": body, "headers": headers});
            let headers = Headers::new();
            headers.set("authorization", &format!("Bearer {key}")).map_err(|e| e.to_string())?;
            headers.set("content-type", "application/json").map_err(|e| e.to_string())?;
            let mut init = RequestInit::new();
            init.with_method(Method::Post).with_headers(headers).with_body(Some(body.to_string().into()));
            let req = Request::new_with_init("https://api.resend.com/emails", &init).map_err(|e| e.to_string())?;
            let resp = Fetch::Request(req).send().await.map_err(|e| e.to_string())?;
            match resp.status_code() {
                200..=299 => Ok(()),
                code => Err(format!("provider answered {code}")),
            }
        }
        other => Err(format!("unknown EMAIL_PROVIDER {other}")),
    }
}
