//! The Roll of Mentors: creating it, applying, the supervisor's decisions, mentors' own settings.

use super::http::{json, ok, ApiResult, Ctx};
use super::store::notifications::{notify, Notice, To};
use super::store::roll as store;
use super::store as db;
use crate::domain::error::{ApiError, Invalid};
use crate::domain::notifications::Kind;
use crate::domain::roll::{self, Decision, EntryStatus};
use serde_json::{json as j, Value};

fn entry_json(e: &store::EntryRow) -> Value {
    j!({
        "user_id": e.user_id, "display_name": e.display_name, "status": e.status, "motivation": e.motivation,
        "decision_note": e.decision_note, "available": e.available != 0, "capacity": e.capacity,
        "open_to_other_communities": e.open_to_other_communities != 0, "applied_at": e.applied_at, "decided_at": e.decided_at,
        "training_done": e.training_done,
    })
}

fn no_roll() -> ApiError {
    ApiError::conflict("no_roll", "This community has no Roll of Mentors yet: a community admin can create it.")
}

pub async fn view(ctx: &mut Ctx) -> ApiResult {
    let community = ctx.param("community")?.to_string();
    let me = ctx.actor()?.user_id.clone();
    let (roll_row, mine, mentors, profiles, training) = store::view(&ctx.db, &community, &me).await?;
    let mentors: Vec<Value> = mentors
        .iter()
        .zip(profiles.iter())
        .map(|(e, p)| {
            j!({
                "user_id": e.user_id, "display_name": e.display_name, "available": e.available != 0,
                "capacity": e.capacity, "open_to_other_communities": e.open_to_other_communities != 0,
                "profile": p.profile().seen_by(false),
            })
        })
        .collect();
    ok(&j!({
        "roll": roll_row,
        "mine": mine.as_ref().map(entry_json),
        "mentors": if roll_row.is_some() { j!(mentors) } else { j!([]) },
        "is_supervisor": roll_row.as_ref().is_some_and(|r| r.supervisor_id == me),
        "training": training,
    }))
}

pub async fn create(ctx: &mut Ctx) -> ApiResult {
    let community = ctx.param("community")?.to_string();
    let me = ctx.actor()?.user_id.clone();
    if store::supervisor(&ctx.db, &community).await?.is_some() {
        return Err(ApiError::conflict("roll_exists", "This community already has a Roll of Mentors."));
    }
    let statement = store::create(&ctx.db, &community, &me, ctx.now)?;
    db::batch_constrained(&ctx.db, vec![statement], vec![("rolls.community_id", ApiError::conflict("roll_exists", "This community already has a Roll of Mentors."))]).await?;
    json(201, &j!({"roll": {"supervisor_id": me, "created_at": ctx.now}}))
}

/// The supervisor (or a platform admin) may act; other community admins may not.
async fn require_supervisor(ctx: &Ctx, community: &str) -> Result<String, ApiError> {
    let actor = ctx.actor()?;
    let supervisor = store::supervisor(&ctx.db, community).await?.ok_or_else(no_roll)?;
    if supervisor != actor.user_id && !actor.platform_admin {
        return Err(ApiError::new(403, "not_supervisor", "Only the roll's supervisor can do this."));
    }
    Ok(supervisor)
}

crate::domain::input::input! {
    #[derive(Default)]
    struct HandOver {
        user_id: String,
    }
}

pub async fn hand_over(ctx: &mut Ctx) -> ApiResult {
    let community = ctx.param("community")?.to_string();
    let input: HandOver = ctx.json().await?;
    require_supervisor(ctx, &community).await?;
    let target = super::store::communities::membership(&ctx.db, &community, &input.user_id).await?;
    if !target.is_some_and(|m| m.role == "admin" && m.status == "active") {
        return Err(Invalid::new("user_id", "not_admin", "Hand the roll over to one of the community's admins.").into());
    }
    db::batch(&ctx.db, vec![store::set_supervisor(&ctx.db, &community, &input.user_id, ctx.now)?]).await?;
    ok(&j!({"roll": {"supervisor_id": input.user_id}}))
}

crate::domain::input::input! {
    #[derive(Default)]
    struct Apply {
        motivation: String,
    }
}

pub async fn apply(ctx: &mut Ctx) -> ApiResult {
    let community = ctx.param("community")?.to_string();
    let input: Apply = ctx.json().await?;
    let motivation = roll::parse_motivation(&input.motivation)?;
    let me = ctx.actor()?.user_id.clone();
    let supervisor = store::supervisor(&ctx.db, &community).await?.ok_or_else(no_roll)?;
    let current = store::entry(&ctx.db, &community, &me).await?.and_then(|e| EntryStatus::parse(&e.status));
    roll::may_apply(current).map_err(|m| ApiError::conflict("already_applied", m))?;
    let name = super::store::accounts::user(&ctx.db, &me).await?.map(|u| u.display_name).unwrap_or_default();
    let link = format!("{}/communities/{community}/roll", ctx.base_url);
    let mut statements = vec![store::apply(&ctx.db, &community, &me, &motivation, ctx.now)?];
    statements.extend(notify(
        &ctx.db,
        &Notice { to: To::User(&supervisor), kind: Kind::RollApplication, project: None, community: Some(&community), actor: Some(&me), title: &name, note: "", link: &link },
        ctx.now,
        None,
    )?);
    db::batch(&ctx.db, statements).await?;
    super::mail::deliver_soon(ctx);
    let entry = store::entry(&ctx.db, &community, &me).await?.ok_or_else(ApiError::internal)?;
    json(201, &j!({"entry": entry_json(&entry)}))
}

pub async fn applications(ctx: &mut Ctx) -> ApiResult {
    let community = ctx.param("community")?.to_string();
    let (supervisor, entries, training) = store::entries(&ctx.db, &community).await?;
    supervisor.ok_or_else(no_roll)?;
    let items: Vec<Value> = entries.iter().map(entry_json).collect();
    ok(&j!({"items": items, "training": training}))
}

crate::domain::input::input! {
    #[derive(Default)]
    struct DecisionInput {
        decision: String,
        note: String,
    }
}

pub async fn decide(ctx: &mut Ctx) -> ApiResult {
    let community = ctx.param("community")?.to_string();
    let target = ctx.param("user")?.to_string();
    let input: DecisionInput = ctx.json().await?;
    let decision = Decision::parse(&input.decision)?;
    let note = roll::parse_note(decision, &input.note)?;
    require_supervisor(ctx, &community).await?;
    let me = ctx.actor()?.user_id.clone();
    let entry = store::entry(&ctx.db, &community, &target).await?.ok_or_else(ApiError::not_found)?;
    let from = EntryStatus::parse(&entry.status).ok_or_else(ApiError::internal)?;
    let to = roll::decide(from, decision).map_err(|m| ApiError::conflict("invalid_transition", m))?;
    let training = store::training(&ctx.db, &community).await?.map(|t| roll::Training { steps: t.steps, done: entry.training_done });
    roll::may_accredit(decision, training).map_err(|m| ApiError::conflict("training_not_done", m))?;
    let community_name = super::store::communities::community(&ctx.db, &community).await?.map(|c| c.name).unwrap_or_default();
    let link = format!("{}/communities/{community}/roll", ctx.base_url);
    let decided = store::Decided { community: &community, user: &target, from: from.as_str(), to: to.as_str(), note: &note, by: &me, now: ctx.now };
    let mut statements = vec![store::decide(&ctx.db, &decided)?];
    statements.extend(notify(
        &ctx.db,
        &Notice { to: To::User(&target), kind: Kind::RollDecided, project: None, community: Some(&community), actor: Some(&me), title: &community_name, note: &note, link: &link },
        ctx.now,
        None,
    )?);
    let results = db::batch(&ctx.db, statements).await?;
    if results.first().map_or(0, db::changes) == 0 {
        return Err(ApiError::conflict("changed_meanwhile", "This entry changed meanwhile: reload and try again."));
    }
    super::mail::deliver_soon(ctx);
    let entry = store::entry(&ctx.db, &community, &target).await?.ok_or_else(ApiError::internal)?;
    ok(&j!({"entry": entry_json(&entry)}))
}

crate::domain::input::input! {
    struct MineInput {
        available: bool,
        capacity: i64,
        open_to_other_communities: bool,
    }
}

pub async fn mine(ctx: &mut Ctx) -> ApiResult {
    let community = ctx.param("community")?.to_string();
    let input: MineInput = ctx.json().await?;
    let capacity = roll::parse_capacity(input.capacity)?;
    let me = ctx.actor()?.user_id.clone();
    let statement = store::settings(&ctx.db, &community, &me, input.available, capacity, input.open_to_other_communities)?;
    let results = db::batch(&ctx.db, vec![statement]).await?;
    if results.first().map_or(0, db::changes) == 0 {
        return Err(ApiError::conflict("not_accredited", "Only accredited mentors of this roll have these settings."));
    }
    let entry = store::entry(&ctx.db, &community, &me).await?.ok_or_else(ApiError::internal)?;
    ok(&j!({"entry": entry_json(&entry)}))
}

crate::domain::input::input! {
    struct TrainingInput {
        path_id: Option<String>,
    }
}

/// `PUT /api/communities/{community}/roll/training`: the supervisor asks mentors to complete a path of the library
/// before they are accredited ("" for none).
pub async fn set_training(ctx: &mut Ctx) -> ApiResult {
    let community = ctx.param("community")?.to_string();
    let input: TrainingInput = ctx.json().await?;
    require_supervisor(ctx, &community).await?;
    let given = input.path_id.ok_or_else(|| Invalid::new("path_id", "required", "Choose a learning path, or none."))?;
    let path = Some(given.as_str()).filter(|p| !p.is_empty());
    if !store::set_training(&ctx.db, &community, path, ctx.now).await? {
        return Err(Invalid::new("path_id", "not_found", "Choose a learning path published in this library.").into());
    }
    ok(&j!({"training": store::training(&ctx.db, &community).await?}))
}
