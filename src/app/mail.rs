//! Delivers the outbox. `EMAIL_PROVIDER=console` (local) prints each message to the console; `resend` posts it to
//! Resend's API with the `EMAIL_API_KEY` secret. Runs right after a message is queued and from the cron trigger.

use super::http::{env_var, Ctx};
use super::store::outbox as store;
use crate::domain::error::ApiError;
use crate::domain::outbox::{after_failure, Status};
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
    let db = env.d1("DB")?;
    let mut sent = 0;
    for m in store::due(&db, now, 20).await? {
        if !store::claim(&db, &m, now, 10 * MINUTE_MS).await? {
            continue;
        }
        match send(env, &m).await {
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

async fn send(env: &Env, m: &store::Due) -> Result<(), String> {
    match env_var(env, "EMAIL_PROVIDER").as_deref().unwrap_or("console") {
        "console" => {
            console_log!("\n--- e-mail to {} ---\nSubject: {}\n\n{}---", m.to_email, m.subject, m.body);
            Ok(())
        }
        "resend" => {
            let key = env.secret("EMAIL_API_KEY").map_err(|_| "EMAIL_API_KEY is not set".to_string())?.to_string();
            let from = env_var(env, "EMAIL_FROM").unwrap_or_else(|| "Tandem <no-reply@example.org>".into());
            let body = serde_json::json!({"from": from, "to": [m.to_email], "subject": m.subject, "text": m.body});
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
