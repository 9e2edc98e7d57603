//! Private messages between project members: write, reply in a thread, inbox and sent, read state.

use super::http::id;
use super::http::{json, ok, ApiResult, Ctx};
use super::store::mentoring as projects;
use super::store::messages::{self as store, MessageRow, NewMessage};
use super::store::paginate;
use crate::domain::error::{ApiError, Invalid};
use crate::domain::messages::{Box_, Message, MessageInput};
use serde_json::{json as j, Value};

pub async fn send(ctx: &mut Ctx) -> ApiResult {
    let pid = ctx.param("project")?.to_string();
    let input: MessageInput = ctx.json().await?;
    let msg = Message::parse(&input)?;
    let me = ctx.actor()?.user_id.clone();
    let (to, thread) = if input.reply_to.is_empty() {
        (input.to.clone(), String::new())
    } else {
        let original = store::message(&ctx.db, &input.reply_to)
            .await?
            .filter(|m| m.project_id == pid && (m.sender_id == me || m.recipient_id == me))
            .ok_or_else(|| ApiError::from(Invalid::new("reply_to", "not_found", "The message you answer was not found.")))?;
        let other = if original.sender_id == me { original.recipient_id } else { original.sender_id };
        (other, original.thread_id)
    };
    if to == me {
        return Err(Invalid::new("to", "not_yourself", "Write to another member of the project.").into());
    }
    if !crate::domain::token::is_id_shaped(&to) || !store::is_member(&ctx.db, &pid, &to).await? {
        return Err(Invalid::new("to", "not_member", "Write to a member of this project.").into());
    }
    let p = projects::project(&ctx.db, &pid).await?.ok_or_else(ApiError::not_found)?;
    if p.state != "active" {
        return Err(ApiError::conflict("read_only", "This project is not active: its messages can be read but not written."));
    }
    let mid = id(ctx.now)?;
    let thread = if thread.is_empty() { mid.clone() } else { thread };
    store::insert(
        &ctx.db,
        &NewMessage { id: &mid, project: &pid, thread: &thread, from: &me, to: &to, subject: &msg.subject, body: &msg.body, now: ctx.now },
    )
    .await?;
    let m = store::message(&ctx.db, &mid).await?.ok_or_else(ApiError::internal)?;
    json(201, &j!({"message": m}))
}

pub async fn mine(ctx: &mut Ctx) -> ApiResult {
    let me = ctx.actor()?.user_id.clone();
    let sent = Box_::parse(ctx.query("box").as_deref())? == Box_::Sent;
    let (limit, cursor) = ctx.page()?;
    let (rows, unread) = store::mailbox(&ctx.db, &me, sent, &cursor, limit).await?;
    let (items, next) = paginate(rows, limit, |m| m.id.clone());
    ok(&j!({"items": items, "next_cursor": next, "unread": unread}))
}

pub async fn thread(ctx: &mut Ctx) -> ApiResult {
    let mid = ctx.param("message")?.to_string();
    let me = ctx.actor()?.user_id.clone();
    let m = store::message(&ctx.db, &mid).await?.filter(|m| m.sender_id == me || m.recipient_id == me).ok_or_else(ApiError::not_found)?;
    store::mark_thread_read(&ctx.db, &m.thread_id, &me, ctx.now).await?;
    let items = store::thread(&ctx.db, &m.thread_id).await?;
    ok(&j!({"thread_id": m.thread_id, "project_id": m.project_id, "project_title": m.project_title, "items": items}))
}

/// With each other member: the last three messages they sent me and I sent them.
pub async fn project_summary(ctx: &mut Ctx) -> ApiResult {
    let pid = ctx.param("project")?.to_string();
    let me = ctx.actor()?.user_id.clone();
    let (page, all) = store::in_project(&ctx.db, &pid, &me).await?;
    let members: Vec<Value> = page
        .members
        .iter()
        .filter(|m| m.status == "active" && m.user_id != me)
        .map(|m| {
            let last = |pred: &dyn Fn(&MessageRow) -> bool| all.iter().filter(|x| pred(x)).take(3).collect::<Vec<_>>();
            j!({
                "id": m.user_id, "display_name": m.display_name, "role": m.role,
                "received": last(&|x| x.sender_id == m.user_id),
                "sent": last(&|x| x.recipient_id == m.user_id),
            })
        })
        .collect();
    ok(&j!({"members": members}))
}
