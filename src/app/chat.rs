//! Chat routes: the worker authenticates, checks active membership (the route's policy), and forwards to the
//! project's space (its Durable Object), telling it who is asking and whether the chat is read-only.

use super::http::{ApiResult, Ctx};
use crate::domain::error::ApiError;
use worker::Method;

async fn forward(ctx: &mut Ctx, method: Method, path: &str, body: Option<String>, upgrade: bool) -> ApiResult {
    let pid = ctx.param("project")?.to_string();
    let actor = ctx.actor()?.clone();
    let (session, ends, checked) = match &ctx.session {
        Some(s) => (s.id.clone(), s.ends_at.to_string(), ctx.now.to_string()),
        None => Default::default(),
    };
    let mut headers = vec![
        ("x-member-id", actor.user_id.as_str()),
        ("x-member-name", actor.display_name.as_str()),
        ("x-read-only", if actor.project.active { "0" } else { "1" }),
    ];
    if !session.is_empty() {
        headers.extend([("x-session-id", session.as_str()), ("x-session-ends", ends.as_str()), ("x-checked-at", checked.as_str())]);
    }
    if upgrade {
        headers.push(("upgrade", "websocket"));
    }
    Ok(ask_room(&ctx.env, &pid, method, path, &headers, body).await?)
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

async fn ask_room(env: &worker::Env, project: &str, method: Method, path: &str, headers: &[(&str, &str)], body: Option<String>) -> worker::Result<worker::Response> {
    super::space::client::ask(env, project, method, path, headers, body).await
}

/// Tells a project's room whether it is writable, when the project starts or ends; open sockets get a `state`
/// frame at once. (A room that never existed is created empty, which is harmless.)
pub async fn set_read_only(env: &worker::Env, project: &str, read_only: bool) -> Result<(), ApiError> {
    let flag = if read_only { "1" } else { "0" };
    ask_room(env, project, Method::Post, "/state", &[("x-member-id", "platform"), ("x-read-only", flag)], None).await?;
    Ok(())
}

/// Tells the rooms of these projects that these members (suspended, gone from the project) or sessions (ended) have
/// lost access: their open sockets close at once and nothing more from them is taken. All rooms are told at once; a
/// room that cannot be told is logged (its sockets still close when their session's absolute end comes).
pub async fn revoke(env: &worker::Env, projects: &[String], members: &[&str], sessions: &[&str]) {
    let body = serde_json::json!({"members": members, "sessions": sessions}).to_string();
    let tell = projects.iter().map(|p| {
        let (env, p, body) = (env.clone(), p.clone(), body.clone());
        async move {
            if let Err(e) = ask_room(&env, &p, Method::Post, "/revoke", &[("x-member-id", "platform")], Some(body)).await {
                worker::console_error!("chatroom {p}: could not revoke access: {e}");
            }
            worker::wasm_bindgen::JsValue::NULL
        }
    });
    super::space::client::at_once(tell.collect()).await;
}

