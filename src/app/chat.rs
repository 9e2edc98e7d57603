//! Chat routes: the worker authenticates, checks active membership (the route's policy), and forwards to the
//! project's chatroom Durable Object, telling it who is asking and whether the room is read-only.

use super::http::{ApiResult, Ctx};
use crate::domain::error::ApiError;
use worker::{Headers, Method, Request, RequestInit};

async fn forward(ctx: &mut Ctx, method: Method, path: &str, body: Option<String>, upgrade: bool) -> ApiResult {
    let pid = ctx.param("project")?.to_string();
    let actor = ctx.actor()?.clone();
    let headers = Headers::new();
    headers.set("x-member-id", &actor.user_id)?;
    if let Some(s) = &ctx.session {
        headers.set("x-session-id", &s.id)?;
        headers.set("x-session-ends", &s.ends_at.to_string())?;
        headers.set("x-checked-at", &ctx.now.to_string())?;
    }
    headers.set("x-member-name", &actor.display_name)?;
    headers.set("x-read-only", if actor.project.active { "0" } else { "1" })?;
    if upgrade {
        headers.set("upgrade", "websocket")?;
    }
    if body.is_some() {
        headers.set("content-type", "application/json")?;
    }
    let mut init = RequestInit::new();
    init.with_method(method).with_headers(headers).with_body(body.map(Into::into));
    let req = Request::new_with_init(&format!("https://chatroom{path}"), &init)?;
    let stub = ctx.env.durable_object("CHATROOM")?.id_from_name(&pid)?.get_stub()?;
    Ok(stub.fetch_with_request(req).await?)
}

pub async fn connect(ctx: &mut Ctx) -> ApiResult {
    if !ctx.header("upgrade").eq_ignore_ascii_case("websocket") {
        return Err(ApiError::new(426, "upgrade_required", "Open this address as a WebSocket, or use the messages route over HTTP."));
    }
    forward(ctx, Method::Get, "/connect", None, true).await
}

pub async fn history(ctx: &mut Ctx) -> ApiResult {
    let query: String = ["before", "after", "limit", "wait"]
        .iter()
        .filter_map(|k| ctx.query(k).and_then(|v| v.parse::<i64>().ok()).map(|v| format!("{k}={v}")))
        .collect::<Vec<_>>()
        .join("&");
    forward(ctx, Method::Get, &format!("/messages?{query}"), None, false).await
}

crate::domain::input::input! {
    struct Send {
        client_id: String,
        text: String,
    }
}

pub async fn send(ctx: &mut Ctx) -> ApiResult {
    // Read here, so that a typo or a wrong type is a 422 naming the field like everywhere else.
    let s: Send = ctx.json().await?;
    let body = serde_json::json!({"client_id": s.client_id, "text": s.text}).to_string();
    forward(ctx, Method::Post, "/send", Some(body), false).await
}

pub async fn read(ctx: &mut Ctx) -> ApiResult {
    crate::domain::input::input! {
        struct Read {
            seq: i64,
        }
    }
    let r: Read = ctx.json().await?;
    if r.seq < 0 {
        return Err(crate::domain::error::Invalid::new("seq", "out_of_range", "'seq' must be a message's sequence number (0 or more).").into());
    }
    forward(ctx, Method::Post, "/read", Some(serde_json::json!({"seq": r.seq}).to_string()), false).await
}

/// Tells a project's room whether it is writable, when the project starts or ends; open sockets get a `state`
/// frame at once. (A room that never existed is created empty, which is harmless.)
pub async fn set_read_only(env: &worker::Env, project: &str, read_only: bool) -> Result<(), ApiError> {
    let headers = Headers::new();
    headers.set("x-member-id", "platform")?;
    headers.set("x-read-only", if read_only { "1" } else { "0" })?;
    let mut init = RequestInit::new();
    init.with_method(Method::Post).with_headers(headers);
    let req = Request::new_with_init("https://chatroom/state", &init)?;
    env.durable_object("CHATROOM")?.id_from_name(project)?.get_stub()?.fetch_with_request(req).await?;
    Ok(())
}

/// Tells the rooms of these projects that these members (suspended, gone from the project) or sessions (ended) have
/// lost access: their open sockets close at once and nothing more from them is taken. All rooms are told at once; a
/// room that cannot be told is logged (its sockets still close when their session's absolute end comes).
pub async fn revoke(env: &worker::Env, projects: &[String], members: &[&str], sessions: &[&str]) {
    use worker::wasm_bindgen::JsValue;
    use worker::wasm_bindgen_futures::{future_to_promise, JsFuture};
    let body = serde_json::json!({"members": members, "sessions": sessions}).to_string();
    let told: Vec<_> = projects
        .iter()
        .map(|p| {
            let (env, p, body) = (env.clone(), p.clone(), body.clone());
            future_to_promise(async move {
                let tell = async {
                    let headers = Headers::new();
                    headers.set("x-member-id", "platform")?;
                    headers.set("content-type", "application/json")?;
                    let mut init = RequestInit::new();
                    init.with_method(Method::Post).with_headers(headers).with_body(Some(body.into()));
                    let req = Request::new_with_init("https://chatroom/revoke", &init)?;
                    env.durable_object("CHATROOM")?.id_from_name(&p)?.get_stub()?.fetch_with_request(req).await.map(|_| ())
                };
                if let Err(e) = tell.await {
                    worker::console_error!("chatroom {p}: could not revoke access: {e}");
                }
                Ok(JsValue::NULL)
            })
        })
        .collect();
    for promise in told {
        let _ = JsFuture::from(promise).await;
    }
}

/// How many messages in a project's room a member has not read (`None` if the room cannot be asked now: the
/// page still shows without it).
pub async fn unread(env: &worker::Env, project: &str, member: &str) -> Option<i64> {
    let ask = async {
        let headers = Headers::new();
        headers.set("x-member-id", member)?;
        let mut init = RequestInit::new();
        init.with_method(Method::Get).with_headers(headers);
        let req = Request::new_with_init("https://chatroom/unread", &init)?;
        let mut resp = env.durable_object("CHATROOM")?.id_from_name(project)?.get_stub()?.fetch_with_request(req).await?;
        resp.json::<serde_json::Value>().await
    };
    ask.await.ok().and_then(|v| v.get("unread").and_then(serde_json::Value::as_i64))
}

/// Unread counts for several rooms, asked of all of them at once: the questions go out when this is called, before
/// the answers are awaited (so other work can be done meanwhile).
pub fn unread_many(env: &worker::Env, projects: &[String], member: &str) -> impl std::future::Future<Output = Vec<Option<i64>>> {
    use worker::wasm_bindgen::JsValue;
    use worker::wasm_bindgen_futures::{future_to_promise, JsFuture};
    let asked: Vec<_> = projects
        .iter()
        .map(|p| {
            let (env, p, member) = (env.clone(), p.clone(), member.to_string());
            future_to_promise(async move {
                #[allow(clippy::cast_precision_loss)]
                Ok(unread(&env, &p, &member).await.map_or(JsValue::NULL, |n| JsValue::from_f64(n as f64)))
            })
        })
        .collect();
    async move {
        let mut counts = Vec::with_capacity(asked.len());
        for promise in asked {
            #[allow(clippy::cast_possible_truncation)]
            counts.push(JsFuture::from(promise).await.ok().and_then(|v| v.as_f64()).map(|n| n as i64));
        }
        counts
    }
}
