//! Goals and objectives: personal (a mentee's) and group goals, their small steps, progress reviews and comments.
//! They live in the project's space; the coordinator sees counts, states and progress only.

use super::http::{id, json, ApiResult, Ctx};
use super::journey::{loaded, tell, who};
use super::space::client::{call, or_refused};
use super::space::goals::Op;
use crate::domain::goals::{CommentInput, GoalInput, ObjectiveInput, ReviewInput};
use crate::domain::input::input;
use serde_json::Value;

/// Sends one operation to the project's space and answers with the goals as the caller sees them (telling whoever
/// the move names).
async fn run(ctx: &mut Ctx, op: &str, goal: &str, item: &str, fill: impl FnOnce(&mut Op) + 'static, status: u16) -> ApiResult {
    // One body for every operation (the closure is boxed): monomorphised per caller, it grew the wasm by its size each time.
    run_one(ctx, op, goal, item, Box::new(fill), status).await
}

async fn run_one(ctx: &mut Ctx, op: &str, goal: &str, item: &str, fill: Box<dyn FnOnce(&mut Op)>, status: u16) -> ApiResult {
    let pid = ctx.param("project")?.to_string();
    let l = loaded(ctx, &pid).await?;
    let w = who(ctx, &l, op != "list")?;
    let me = w.user_id.clone();
    let mut o = Op {
        who: w,
        op: op.into(),
        id: goal.into(),
        item: item.into(),
        goal: None,
        objective: None,
        done: None,
        review: None,
        comment: None,
        action: String::new(),
        note: String::new(),
    };
    fill(&mut o);
    let mut v = or_refused!(call(&ctx.env, &pid, &me, "/goals", &o).await?);
    if let Some(t) = v.get("tell").filter(|t| !t.is_null()).cloned() {
        tell(ctx, &l, &Value::Array(vec![t]), "goals").await?;
    }
    if let Some(obj) = v.as_object_mut() {
        obj.remove("tell");
    }
    json(status, &v)
}

fn param(ctx: &Ctx, name: &str) -> Result<String, crate::domain::error::ApiError> {
    ctx.param(name).map(str::to_string)
}

/// Marks an objective done for the person asking (a step of the project's library that stands for it was ticked),
/// by the goals' rules; false when they refused.
pub async fn tick_objective(ctx: &mut Ctx, goal: &str, objective: &str) -> Result<bool, crate::domain::error::ApiError> {
    let r = run(ctx, "objective_edit", goal, objective, move |o| o.done = Some(true), 200).await?;
    Ok(r.status_code() < 400)
}

pub async fn list(ctx: &mut Ctx) -> ApiResult {
    run(ctx, "list", "", "", move |_| {}, 200).await
}

pub async fn create(ctx: &mut Ctx) -> ApiResult {
    let input: GoalInput = ctx.json().await?;
    let new_id = id(ctx.now)?;
    run(ctx, "create", &new_id, "", move |o| o.goal = Some(input), 201).await
}

pub async fn edit(ctx: &mut Ctx) -> ApiResult {
    let input: GoalInput = ctx.json().await?;
    let goal = param(ctx, "goal")?;
    run(ctx, "edit", &goal, "", move |o| o.goal = Some(input), 200).await
}

input! {
    struct ActInput {
        action: String,
        note: String,
    }
}

/// agree, achieved, partly_achieved, not_achieved, drop (with a note), reopen.
pub async fn act(ctx: &mut Ctx) -> ApiResult {
    let input: ActInput = ctx.json().await?;
    let goal = param(ctx, "goal")?;
    run(ctx, "act", &goal, "", move |o| {
        o.action = input.action;
        o.note = input.note;
    }, 200)
    .await
}

pub async fn add_objective(ctx: &mut Ctx) -> ApiResult {
    let input: ObjectiveInput = ctx.json().await?;
    let goal = param(ctx, "goal")?;
    let item = id(ctx.now)?;
    run(ctx, "objective", &goal, &item, move |o| o.objective = Some(input), 201).await
}

input! {
    struct ObjectiveChange {
        title: Option<String>,
        due: Option<String>,
        order: Option<i64>,
        done: Option<bool>,
    }
}

/// Changes an objective (its title, due date or order: what is not given stays) and/or marks it done or not.
pub async fn change_objective(ctx: &mut Ctx) -> ApiResult {
    let input: ObjectiveChange = ctx.json().await?;
    let goal = param(ctx, "goal")?;
    let item = param(ctx, "objective")?;
    let words = (input.title.is_some() || input.due.is_some() || input.order.is_some())
        .then(|| ObjectiveInput { title: input.title.unwrap_or_default(), due: input.due, order: input.order });
    let done = input.done;
    run(ctx, "objective_edit", &goal, &item, move |o| {
        o.objective = words;
        o.done = done;
    }, 200)
    .await
}

pub async fn review(ctx: &mut Ctx) -> ApiResult {
    let input: ReviewInput = ctx.json().await?;
    let goal = param(ctx, "goal")?;
    let item = id(ctx.now)?;
    run(ctx, "review", &goal, &item, move |o| o.review = Some(input), 201).await
}

pub async fn comment(ctx: &mut Ctx) -> ApiResult {
    let input: CommentInput = ctx.json().await?;
    let goal = param(ctx, "goal")?;
    let item = id(ctx.now)?;
    run(ctx, "comment", &goal, &item, move |o| o.comment = Some(input), 201).await
}
