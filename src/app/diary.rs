//! The session diary (written by the session's diarist, commented by the mentor, drafts saved with a client key and
//! refused on a stale base), the interaction log, and each member's private reflections. The coordinator sees that
//! diaries exist, their states and dates, never their text.

use super::http::{id, json, ApiResult, Ctx};
use super::journey::{loaded, tell, template_of, who};
use super::space::client::{call, or_refused};
use super::space::diary::Op;
use super::space::journey::Who;
use crate::domain::diary::{EntryInput, InteractionInput, ReflectionInput};
use crate::domain::error::ApiError;
use crate::domain::input::input;
use serde_json::{json as j, Value};

fn blank(w: Who, op: &str, target: &str, agenda: Vec<Value>) -> Op {
    Op {
        who: w,
        op: op.into(),
        id: target.into(),
        new_id: String::new(),
        agenda,
        entry: None,
        action: String::new(),
        comment: String::new(),
        interaction: None,
        reflection: None,
    }
}

/// Runs one operation in the project's space. `members_only`: the coordinator (not a member) gets 404, like nothing.
async fn run(ctx: &mut Ctx, writing: bool, members_only: bool, make: impl FnOnce(Who, Vec<Value>) -> Result<Op, ApiError> + 'static, status: u16, section: &str) -> ApiResult {
    // One body for every operation (the closure is boxed), not one per caller.
    run_one(ctx, writing, members_only, Box::new(make), status, section).await
}

async fn run_one(ctx: &mut Ctx, writing: bool, members_only: bool, make: Box<dyn FnOnce(Who, Vec<Value>) -> Result<Op, ApiError>>, status: u16, section: &str) -> ApiResult {
    let pid = ctx.param("project")?.to_string();
    let l = loaded(ctx, &pid).await?;
    let w = who(ctx, &l, writing)?;
    if members_only && !w.member {
        return Err(ApiError::not_found());
    }
    let member = w.member;
    let me = w.user_id.clone();
    let agenda = match l.process.as_ref() {
        Some(p) => template_of(p)?.agenda.iter().filter_map(|a| serde_json::to_value(a).ok()).collect(),
        None => Vec::new(),
    };
    let op = make(w, agenda.clone())?;
    let mut v = or_refused!(call(&ctx.env, &pid, &me, "/diary", &op).await?);
    if let Some(error) = v.get("error").cloned() {
        // A save that lost to a newer one: 409, with the text stored now to merge with.
        return json(409, &j!({"error": error, "current": v.get("entry"), "revision": v.pointer("/entry/revision")}));
    }
    if let Some(t) = v.get("tell").cloned() {
        tell(ctx, &l, &t, section).await?;
    }
    if let Some(obj) = v.as_object_mut() {
        obj.remove("tell");
        if !member {
            // The coordinator: that an entry exists, its state and dates.
            if let Some(entry) = obj.remove("entry").filter(|e| !e.is_null()) {
                let keep = |k: &str| entry.get(k).cloned().unwrap_or(Value::Null);
                obj.insert("entry".into(), j!({"state": keep("state"), "submitted_at": keep("submitted_at"), "commented_at": keep("commented_at"), "updated_at": keep("updated_at")}));
            }
            obj.remove("revisions");
            obj.remove("prefill");
            obj.remove("review_hint");
        }
        obj.insert("agenda".into(), Value::Array(agenda));
    }
    json(status, &v)
}

pub async fn view(ctx: &mut Ctx) -> ApiResult {
    let sid = ctx.param("session")?.to_string();
    run(ctx, false, false, move |w, a| Ok(blank(w, "view", &sid, a)), 200, "plan").await
}

/// Saves the diarist's draft (or an edit after submission). A `base` older than the stored revision is 409 with the
/// stored text; a repeated `client_key` is a no-op.
pub async fn save(ctx: &mut Ctx) -> ApiResult {
    let input: EntryInput = ctx.json().await?;
    let sid = ctx.param("session")?.to_string();
    let section = format!("plan/{sid}");
    run(ctx, true, true, move |w, a| Ok(Op { entry: Some(input), ..blank(w, "save", &sid, a) }), 200, &section).await
}

input! {
    struct ActInput {
        action: String,
        comment: String,
    }
}

/// submit (the diarist), comment (the mentor, with the comment), close (the mentor).
pub async fn act(ctx: &mut Ctx) -> ApiResult {
    let input: ActInput = ctx.json().await?;
    let sid = ctx.param("session")?.to_string();
    // The e-mails lead to the session's own page, where its diary is.
    let section = format!("plan/{sid}");
    run(ctx, true, true, move |w, a| Ok(Op { action: input.action, comment: input.comment, ..blank(w, "act", &sid, a) }), 200, &section).await
}

/// The interactions logged outside sessions, and what counts so far.
pub async fn interactions(ctx: &mut Ctx) -> ApiResult {
    run(ctx, false, false, move |w, a| Ok(blank(w, "interactions", "", a)), 200, "plan").await
}

pub async fn log(ctx: &mut Ctx) -> ApiResult {
    let input: InteractionInput = ctx.json().await?;
    let new_id = id(ctx.now)?;
    run(ctx, true, true, move |w, a| Ok(Op { interaction: Some(input), new_id, ..blank(w, "log", "", a) }), 201, "plan").await
}

/// Another member confirms a logged interaction (it counts from then on).
pub async fn confirm(ctx: &mut Ctx) -> ApiResult {
    let iid = ctx.param("interaction")?.to_string();
    run(ctx, true, true, move |w, a| Ok(blank(w, "confirm", &iid, a)), 200, "plan").await
}

/// My reflective log: readable by me alone.
pub async fn reflections(ctx: &mut Ctx) -> ApiResult {
    run(ctx, false, true, move |w, a| Ok(blank(w, "reflections", "", a)), 200, "plan").await
}

pub async fn reflect(ctx: &mut Ctx) -> ApiResult {
    let input: ReflectionInput = ctx.json().await?;
    let new_id = id(ctx.now)?;
    run(ctx, false, true, move |w, a| Ok(Op { reflection: Some(input), new_id, ..blank(w, "reflect", "", a) }), 201, "plan").await
}
