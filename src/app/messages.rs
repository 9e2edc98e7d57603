//! Private messages between project members: write, reply in a thread, inbox and sent, read state. The messages are
//! in each project's space; a person's inbox asks all their projects' spaces at once and merges the answers (the
//! fan-out is measured by `npm run bench`).

use super::http::{id, json, ok, with_names, ApiResult, Ctx};
use super::space::client::{call, or_refused, call_many};
use super::space::messages::{Open, Page, Send};
use super::store::messages::{self as store, ProjectTitle};
use super::store::paginate;
use crate::domain::error::{ApiError, Invalid};
use crate::domain::messages::{Box_, Message, MessageInput};
use serde_json::{json as j, Value};
use std::collections::HashMap;

/// Adds the project's id and title to a message from its space.
fn in_project(mut m: Value, p: &ProjectTitle) -> Value {
    if let Some(o) = m.as_object_mut() {
        o.insert("project_id".into(), j!(p.id));
        o.insert("project_title".into(), j!(p.title));
    }
    m
}

pub async fn send(ctx: &mut Ctx) -> ApiResult {
    let pid = ctx.param("project")?.to_string();
    let input: MessageInput = ctx.json().await?;
    let msg = Message::parse(&input)?;
    let me = ctx.actor()?.user_id.clone();
    if input.reply_to.is_empty() && !crate::domain::token::is_id_shaped(&input.to) {
        return Err(Invalid::new("to", "not_member", "Write to a member of this project.").into());
    }
    let (project, members) = store::members(&ctx.db, &pid).await?;
    let project = project.ok_or_else(ApiError::not_found)?;
    let send = Send {
        id: id(ctx.now)?,
        to: input.to.clone(),
        reply_to: input.reply_to.clone(),
        subject: msg.subject,
        body: msg.body,
        client_key: msg.client_key.unwrap_or_default(),
        at: ctx.now,
        members: members.iter().map(|m| m.user_id.clone()).collect(),
        writable: ctx.actor()?.project.active,
    };
    let m = or_refused!(call(&ctx.env, &pid, &me, "/pm/send", &send).await?);
    let known: HashMap<String, String> = members.into_iter().map(|m| (m.user_id, m.display_name)).collect();
    let mut m = in_project(m, &project);
    with_names(&ctx.db, &mut m, &known).await?;
    json(201, &j!({"message": m}))
}

/// The projects my messages span: read with the session check when it could ride along.
async fn my_projects(ctx: &mut Ctx, me: &str) -> Result<Vec<ProjectTitle>, ApiError> {
    match ctx.pre.take() {
        Some(pre) => store::my_projects_rows(&pre),
        None => store::my_projects(&ctx.db, me).await,
    }
}

pub async fn mine(ctx: &mut Ctx) -> ApiResult {
    let me = ctx.actor()?.user_id.clone();
    let sent = Box_::parse(ctx.query("box").as_deref())? == Box_::Sent;
    let (limit, cursor) = ctx.page()?;
    let projects = my_projects(ctx, &me).await?;
    let ids: Vec<String> = projects.iter().map(|p| p.id.clone()).collect();
    // Each space gives its newest below the cursor; merged, the newest `limit` of them all are the page.
    let pages = call_many(&ctx.env, &ids, &me, "/pm/page", &Page { sent, before: cursor, limit: limit + 1 }).await;
    let mut unread = 0;
    let mut all: Vec<Value> = Vec::new();
    for (p, page) in projects.iter().zip(pages) {
        let Some(page) = page else { continue };
        unread += page.get("unread").and_then(Value::as_i64).unwrap_or(0);
        if let Some(Value::Array(items)) = page.get("items") {
            all.extend(items.iter().cloned().map(|m| in_project(m, p)));
        }
    }
    let key = |m: &Value| m.get("id").and_then(Value::as_str).unwrap_or("").to_string();
    all.sort_by_key(|m| std::cmp::Reverse(key(m)));
    all.truncate(usize::try_from(limit + 1).unwrap_or(usize::MAX));
    let (items, next) = paginate(all, limit, key);
    let mut items = Value::Array(items);
    with_names(&ctx.db, &mut items, &HashMap::new()).await?;
    ok(&j!({"items": items, "next_cursor": next, "unread": unread}))
}

pub async fn thread(ctx: &mut Ctx) -> ApiResult {
    let mid = ctx.param("message")?.to_string();
    let me = ctx.actor()?.user_id.clone();
    let projects = my_projects(ctx, &me).await?;
    let ids: Vec<String> = projects.iter().map(|p| p.id.clone()).collect();
    // The message is in one of my projects' spaces: each is asked, the one that has it answers.
    let answers = call_many(&ctx.env, &ids, &me, "/pm/thread", &Open { message: mid, at: ctx.now }).await;
    let (p, found) = projects.iter().zip(answers).find_map(|(p, a)| a.filter(|a| !a.is_null()).map(|a| (p, a))).ok_or_else(ApiError::not_found)?;
    let items: Vec<Value> = match found.get("items") {
        Some(Value::Array(items)) => items.iter().cloned().map(|m| in_project(m, p)).collect(),
        _ => Vec::new(),
    };
    let mut items = Value::Array(items);
    with_names(&ctx.db, &mut items, &HashMap::new()).await?;
    ok(&j!({"thread_id": found.get("thread_id"), "project_id": p.id, "project_title": p.title, "items": items}))
}

/// With each other member: the last three messages they sent me and I sent them.
pub async fn project_summary(ctx: &mut Ctx) -> ApiResult {
    let pid = ctx.param("project")?.to_string();
    let me = ctx.actor()?.user_id.clone();
    let (page, all) = match futures_join(ctx, &pid, &me).await? {
        Ok(found) => found,
        Err(refused) => return Ok(refused),
    };
    let project = page.project.as_ref().map(|p| ProjectTitle { id: p.id.clone(), title: p.title.clone() }).ok_or_else(ApiError::not_found)?;
    let known: HashMap<String, String> = page.members.iter().map(|m| (m.user_id.clone(), m.display_name.clone())).collect();
    let mut all = Value::Array(all.into_iter().map(|m| in_project(m, &project)).collect());
    with_names(&ctx.db, &mut all, &known).await?;
    let all = all.as_array().cloned().unwrap_or_default();
    let field = |m: &Value, k: &str| m.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    let members: Vec<Value> = page
        .members
        .iter()
        .filter(|m| m.status == "active" && m.user_id != me)
        .map(|m| {
            let last = |k: &str| all.iter().filter(|x| field(x, k) == m.user_id).take(3).cloned().collect::<Vec<_>>();
            j!({
                "id": m.user_id, "display_name": m.display_name, "role": m.role,
                "received": last("sender_id"),
                "sent": last("recipient_id"),
            })
        })
        .collect();
    ok(&j!({"members": members}))
}

/// The project page's members (D1) and my messages with them (the space).
async fn futures_join(ctx: &Ctx, pid: &str, me: &str) -> Result<Result<(super::store::mentoring::Page, Vec<Value>), worker::Response>, ApiError> {
    let page = super::store::mentoring::page(&ctx.db, pid).await?;
    let all = match call(&ctx.env, pid, me, "/pm/with", &j!({})).await? {
        Ok(Value::Array(items)) => items,
        Ok(_) => Vec::new(),
        Err(refused) => return Ok(Err(refused)),
    };
    Ok(Ok((page, all)))
}
