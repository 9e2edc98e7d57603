//! The library (#13): a shelf's resources and learning paths (a community's, with the platform's published ones
//! beside them, or the platform's own), proposing, curating, rating and ticking a path's steps; and in a project,
//! what its members share, clone and write (kept in the project's space). The rules are `domain::library`; the
//! rows `store::library` and `space::library`.

use super::http::{id, json, ApiResult, Ctx};
use super::space::client::{call, or_refused};
use super::space::library::Op;
use super::store::library::{self as store, Filter, ItemRow};
use crate::domain::error::{ApiError, Invalid};
use crate::domain::input::input;
use crate::domain::library::{self as rules, Action, ItemInput, Kind, State, StepInput, Who};
use serde_json::{json as j, Value};

/// The shelf the path names (a community's, or the platform's) and how the person asking stands to it: `admin`
/// curates it (its community's admins, or the platform's); a librarian does too, which the queries find out.
struct Shelf {
    community: Option<String>,
    me: String,
    admin: bool,
}

fn shelf(ctx: &Ctx) -> Result<Shelf, ApiError> {
    let a = ctx.actor()?;
    let community = ctx.params.get("community").map(str::to_string);
    let admin = if community.is_some() { a.standing.admin } else { a.platform_admin };
    Ok(Shelf { community, me: a.user_id.clone(), admin })
}

/// How the person stands to an item of (or shown on) this shelf: its author, and whether they curate it (only an
/// item of this very shelf; a community's shelf shows the platform's items read only).
fn who(s: &Shelf, it: &ItemRow, librarian: bool) -> Result<(State, Who), ApiError> {
    let own = it.community_id == s.community;
    if !own && it.community_id.is_some() {
        return Err(ApiError::not_found());
    }
    let who = Who { author: it.author_id.as_deref() == Some(s.me.as_str()), curator: own && (s.admin || librarian) };
    let state = State::parse(&it.state).ok_or_else(ApiError::internal)?;
    if !rules::readable(state, who) {
        return Err(ApiError::not_found());
    }
    Ok((state, who))
}

/// The item the path names, if this shelf shows it to this person; anything else is not there.
async fn on_shelf(ctx: &Ctx, s: &Shelf) -> Result<(ItemRow, State, Who), ApiError> {
    let it = store::item(&ctx.db, ctx.param("item")?).await?.ok_or_else(ApiError::not_found)?;
    let librarian = match &s.community {
        Some(c) if !s.admin && it.community_id.as_deref() == Some(c.as_str()) => store::librarian(&ctx.db, c, &s.me).await?,
        _ => false,
    };
    let (state, who) = who(s, &it, librarian)?;
    Ok((it, state, who))
}

/// A query parameter that must be one of `list` (or absent).
fn code<'a>(ctx: &Ctx, name: &str, list: &[&'a str]) -> Result<&'a str, ApiError> {
    match ctx.query(name).filter(|v| !v.is_empty()) {
        None => Ok(""),
        Some(v) => list.iter().find(|x| **x == v).copied().ok_or_else(|| Invalid::new(name, "not_in_list", "Choose one of the values offered.").into()),
    }
}

/// `GET …/library`: the shelf, searched (`q`) and filtered by kind, audience, language and field; `show=mine` or
/// (curators) `show=to_curate`.
pub async fn list(ctx: &mut Ctx) -> ApiResult {
    use crate::domain::vocab;
    let s = shelf(ctx)?;
    let text = ctx.query("q").unwrap_or_default();
    let f = Filter {
        query: rules::fts_query(&crate::domain::text::Text::line(0, 200).parse("q", &text)?),
        kind: code(ctx, "kind", Kind::NAMES)?,
        audience: code(ctx, "audience", rules::AUDIENCES)?,
        language: code(ctx, "language", vocab::LANGUAGES)?,
        field: code(ctx, "field", rules::TOPICS)?,
        show: code(ctx, "show", &["mine", "to_curate"])?,
    };
    let (items, curator, librarians) = store::list(&ctx.db, s.community.as_deref(), &s.me, s.admin, &f).await?;
    // Its librarians, for the community's admins (who name them).
    let librarians = if s.community.is_some() && s.admin { Value::Array(librarians) } else { Value::Null };
    json(200, &j!({"items": items, "curator": curator, "librarians": librarians, "licences": rules::LICENCES, "levels": rules::LEVELS, "audiences": rules::AUDIENCES, "topics": rules::TOPICS}))
}

/// An item's page, with what this person may do to it (one round trip).
async fn page(ctx: &Ctx, s: &Shelf, id: &str, status: u16) -> ApiResult {
    let (mut v, it, librarian) = store::page(&ctx.db, id, s.community.as_deref(), &s.me).await?.ok_or_else(ApiError::not_found)?;
    let (state, who) = who(s, &it, librarian)?;
    let own = it.community_id == s.community;
    let actions: Vec<&str> = Action::NAMES.iter().copied().filter(|a| Action::parse(a).is_some_and(|a| rules::next(state, a, who).is_ok())).collect();
    if let Some(o) = v.as_object_mut() {
        o.insert("can".into(), j!({"edit": own && rules::editable(state, who), "actions": actions, "review": state == State::Published}));
        o.insert("me".into(), Value::from(s.me.as_str()));
        if !who.author && !who.curator {
            o.insert("note".into(), Value::Null);
        }
    }
    json(status, &v)
}

pub async fn view(ctx: &mut Ctx) -> ApiResult {
    let s = shelf(ctx)?;
    let id = ctx.param("item")?.to_string();
    page(ctx, &s, &id, 200).await
}

/// The item written, checked against the shelf: what it was derived from and its steps' resources are there.
async fn parse(ctx: &mut Ctx, s: &Shelf, author: Option<&str>) -> Result<(rules::Item, Option<String>), ApiError> {
    let input: ItemInput = ctx.json().await?;
    let item = rules::parse_item(&input)?;
    let mut wanted: Vec<String> = item.steps.iter().filter_map(|st| st.resource.clone()).collect();
    wanted.extend(item.derived_from.clone());
    if !wanted.is_empty() {
        let found = store::usable(&ctx.db, s.community.as_deref(), &s.me, author.unwrap_or(&s.me), &wanted).await?;
        if let Some(i) = item.steps.iter().position(|st| st.resource.as_ref().is_some_and(|r| !found.contains(r))) {
            return Err(Invalid::new(format!("steps.{i}.resource"), "not_found", "Choose a resource of this library.").into());
        }
        if item.derived_from.as_ref().is_some_and(|d| !found.contains(d)) {
            return Err(Invalid::new("derived_from", "not_found", "Choose a resource of this library.").into());
        }
    }
    Ok((item, input.client_key.filter(|k| !k.is_empty())))
}

/// `POST …/library`: a member proposes (a draft, theirs to submit; a curator may publish it at once).
pub async fn create(ctx: &mut Ctx) -> ApiResult {
    let s = shelf(ctx)?;
    let (mut item, key) = parse(ctx, &s, None).await?;
    let new_id = id(ctx.now)?;
    let now = ctx.now;
    rules::keep_ids(&[], &mut item.steps, || id(now).unwrap_or_default());
    let made = store::create(&ctx.db, &new_id, s.community.as_deref(), &s.me, &item, key.as_deref().unwrap_or(&new_id), ctx.now).await?;
    page(ctx, &s, &made, 201).await
}

/// `PUT …/library/{item}`: its author while a draft or submitted, its curators always.
pub async fn edit(ctx: &mut Ctx) -> ApiResult {
    let s = shelf(ctx)?;
    let (it, state, who) = on_shelf(ctx, &s).await?;
    if it.community_id != s.community || !rules::editable(state, who) {
        return Err(ApiError::new(403, "not_allowed", "Its author changes it until it is published; then its curators."));
    }
    let (mut item, _) = parse(ctx, &s, it.author_id.as_deref()).await?;
    if item.kind.as_str() != it.kind {
        return Err(Invalid::new("kind", "kind_fixed", "An item keeps its kind: make a new one instead.").into());
    }
    let old = store::step_ids(&ctx.db, &it.id).await?;
    let now = ctx.now;
    rules::keep_ids(&old, &mut item.steps, || id(now).unwrap_or_default());
    store::edit(&ctx.db, &it.id, it.version, &item, ctx.now).await?;
    page(ctx, &s, &it.id, 200).await
}

input! {
    struct ActInput {
        action: String,
        note: String,
    }
}

/// `POST …/library/{item}/actions`: submit, publish, return (with a note), withdraw, restore.
pub async fn act(ctx: &mut Ctx) -> ApiResult {
    let s = shelf(ctx)?;
    let (it, state, who) = on_shelf(ctx, &s).await?;
    let i: ActInput = ctx.json().await?;
    let action = Action::parse(&i.action).ok_or_else(|| Invalid::new("action", "not_in_list", "Choose one of the values offered."))?;
    let note = rules::NOTE.parse("note", &i.note)?;
    let to = rules::next(state, action, who)?;
    rules::ready(Kind::parse(&it.kind).ok_or_else(ApiError::internal)?, it.file_size > 0, action)?;
    store::set_state(&ctx.db, &it.id, state.as_str(), to.as_str(), &note, ctx.now).await?;
    page(ctx, &s, &it.id, 200).await
}

input! {
    struct ReviewInput {
        rating: i64,
        text: String,
    }
}

/// `PUT …/library/{item}/review`: a member rates a published item (1 to 5) and says why; once each, replaced.
pub async fn review(ctx: &mut Ctx) -> ApiResult {
    let s = shelf(ctx)?;
    let (it, state, _) = on_shelf(ctx, &s).await?;
    let i: ReviewInput = ctx.json().await?;
    if state != State::Published {
        return Err(ApiError::conflict("not_published", "Only what is published is rated."));
    }
    let rating = rules::parse_rating(i.rating)?;
    let text = rules::REVIEW.parse("text", &i.text)?;
    store::review(&ctx.db, &it.id, &s.me, rating, &text, ctx.now).await?;
    page(ctx, &s, &it.id, 200).await
}

input! {
    struct TickInput {
        step: String,
        done: bool,
    }
}

/// `PUT …/library/{item}/progress`: the person ticks a step of a path on their own (a roll's training, say).
pub async fn progress(ctx: &mut Ctx) -> ApiResult {
    let s = shelf(ctx)?;
    let (it, ..) = on_shelf(ctx, &s).await?;
    let i: TickInput = ctx.json().await?;
    if !store::tick(&ctx.db, &s.me, &it.id, &i.step, i.done, ctx.now).await? && i.done && !store::step_ids(&ctx.db, &it.id).await?.contains(&i.step) {
        return Err(Invalid::new("step", "not_found", "This step is not on the path.").into());
    }
    page(ctx, &s, &it.id, 200).await
}

input! {
    struct LibrarianInput {
        librarian: bool,
    }
}

/// `PUT /api/communities/{community}/librarians/{user}`: its admins name a member librarian, or no longer.
pub async fn librarian(ctx: &mut Ctx) -> ApiResult {
    let c = ctx.param("community")?.to_string();
    let user = ctx.param("user")?.to_string();
    let i: LibrarianInput = ctx.json().await?;
    let me = ctx.actor()?.user_id.clone();
    if store::set_librarian(&ctx.db, &c, &user, i.librarian, &me, ctx.now).await? == 0 && i.librarian && !store::librarians(&ctx.db, &c).await?.iter().any(|l| l.get("id").and_then(Value::as_str) == Some(user.as_str())) {
        return Err(ApiError::new(404, "not_member", "Only a member of the community can be a librarian."));
    }
    json(200, &j!({"librarians": store::librarians(&ctx.db, &c).await?}))
}

// ---- In a project ------------------------------------------------------------------------------------------------

/// The project's library from its space, with the library items it names as they are now. A step ticked done that
/// stands for an objective of the project's goals marks it done too, where the goals' rules let this person.
async fn project_view(ctx: &mut Ctx, pid: &str, me: &str, mut op: Op, status: u16) -> ApiResult {
    op.user_id = me.to_string();
    let a = ctx.actor()?;
    op.mentor = a.project.mentor && a.project.member;
    op.at = ctx.now;
    let goals_on = a.modules.on(crate::domain::community::Module::Goals);
    let mut v = or_refused!(call(&ctx.env, pid, me, "/library", &op).await?);
    // A step of a path shared from the library: checked against the path's steps there, then asked again.
    if let Some(item) = v.get("check").and_then(Value::as_str) {
        if !store::step_ids(&ctx.db, item).await?.contains(&op.step) {
            return Err(ApiError::new(404, "not_found", "This step is not on the path."));
        }
        op.checked = true;
        v = or_refused!(call(&ctx.env, pid, me, "/library", &op).await?);
    }
    let new = v.get("new").and_then(Value::as_bool) == Some(true);
    if new && !op.item.is_empty() {
        store::count(&ctx.db, pid, &op.item, op.action == "path", ctx.now).await?;
    }
    if let (Some(Value::String(goal)), Some(Value::String(objective)), true) = (v.pointer("/objective/0").cloned(), v.pointer("/objective/1").cloned(), goals_on) {
        // The step is ticked whatever the goals say: an objective they do not let this person mark stays as it is.
        match super::goals::tick_objective(ctx, &goal, &objective).await {
            Ok(true) => {
                // The links were read before the objective was marked.
                for l in v.pointer_mut("/library/links").and_then(Value::as_array_mut).into_iter().flatten().filter_map(Value::as_object_mut) {
                    if l.get("objective").and_then(Value::as_str) == Some(objective.as_str()) {
                        l.insert("done".into(), Value::Bool(true));
                    }
                }
            }
            Ok(false) => worker::console_warn!("library: objective {objective} not marked done for {me}"),
            Err(e) => worker::console_warn!("library: objective {objective}: {}", e.message),
        }
    }
    let lib = v.get_mut("library").map(Value::take).unwrap_or(Value::Null);
    let list = |k: &str| lib.get(k).and_then(Value::as_array).cloned().unwrap_or_default();
    let (entries, steps) = (list("entries"), list("steps"));
    let s = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).filter(|x| !x.is_empty()).map(str::to_string);
    let mut ids: Vec<String> = entries.iter().filter_map(|e| s(e, "item")).collect();
    ids.extend(steps.iter().filter_map(|st| s(st, "resource_id")));
    let paths: Vec<String> = entries.iter().filter(|e| s(e, "kind").as_deref() == Some("share") && s(e, "item_kind").as_deref() == Some("path")).filter_map(|e| s(e, "item")).collect();
    let (items, item_steps) = if ids.is_empty() { (Vec::new(), Vec::new()) } else { store::named(&ctx.db, &ids, &paths).await? };
    let links = if goals_on { list("links") } else { Vec::new() };
    json(status, &j!({"entries": entries, "steps": steps, "ticks": list("ticks"), "links": links, "items": items, "item_steps": item_steps, "me": me}))
}

fn op(action: &str) -> Op {
    Op { action: action.into(), ..Op::default() }
}

/// Writing needs an active project.
fn writable(ctx: &Ctx) -> Result<(), ApiError> {
    if ctx.actor()?.project.active {
        Ok(())
    } else {
        Err(ApiError::conflict("not_active", "This project is not active: its library can no longer change."))
    }
}

/// `GET /api/projects/{project}/library`.
pub async fn project(ctx: &mut Ctx) -> ApiResult {
    let pid = ctx.param("project")?.to_string();
    let me = ctx.actor()?.user_id.clone();
    project_view(ctx, &pid, &me, op("list"), 200).await
}

input! {
    struct AddInput {
        action: String,
        item: String,
        note: String,
        title: String,
        steps: Vec<StepInput>,
        client_key: String,
    }
}

/// `POST /api/projects/{project}/library`: share an item (with why), clone a path into the project, or write a
/// path of the project's own.
pub async fn add(ctx: &mut Ctx) -> ApiResult {
    writable(ctx)?;
    let pid = ctx.param("project")?.to_string();
    let me = ctx.actor()?.user_id.clone();
    let i: AddInput = ctx.json().await?;
    let key = crate::domain::diary::parse_client_key(&i.client_key)?;
    let mut o = Op { entry: id(ctx.now)?, client_key: key, note: rules::NOTE.parse("note", &i.note)?, ..op(&i.action) };
    match i.action.as_str() {
        "share" | "clone" => {
            let it = store::for_project(&ctx.db, &pid, &i.item).await?.ok_or_else(|| Invalid::new("item", "not_found", "Choose something published in this library."))?;
            if i.action == "clone" {
                if it.kind != "path" {
                    return Err(Invalid::new("item", "not_a_path", "Only a learning path is cloned.").into());
                }
                o.action = "path".into();
                o.steps = store::steps_of(&ctx.db, &it.id).await?;
            }
            (o.item, o.item_kind, o.version, o.title) = (it.id, it.kind, it.version, it.title);
        }
        "create" => {
            o.action = "path".into();
            o.title = rules::TITLE.parse("title", &i.title)?;
            let steps = rules::parse_steps(&i.steps)?;
            let wanted: Vec<String> = steps.iter().filter_map(|st| st.resource.clone()).collect();
            let mut found = Vec::new();
            for r in &wanted {
                if let Some(it) = store::for_project(&ctx.db, &pid, r).await?.filter(|it| it.kind != "path") {
                    found.push(it.id);
                }
            }
            if let Some(n) = steps.iter().position(|st| st.resource.as_ref().is_some_and(|r| !found.contains(r))) {
                return Err(Invalid::new(format!("steps.{n}.resource"), "not_found", "Choose a resource of this library.").into());
            }
            o.item_kind = "path".into();
            for st in &steps {
                o.steps.push(j!({"id": id(ctx.now)?, "resource": st.resource, "text": st.text, "from": st.range.map(|r| r.0), "to": st.range.map(|r| r.1), "minutes": st.minutes}));
            }
        }
        _ => return Err(Invalid::new("action", "not_in_list", "Choose one of the values offered.").into()),
    }
    project_view(ctx, &pid, &me, o, 201).await
}

input! {
    struct DoneInput {
        done: bool,
    }
}

/// `PUT /api/projects/{project}/library/{entry}/steps/{step}`: a member ticks a step of a path, or unticks it.
pub async fn tick(ctx: &mut Ctx) -> ApiResult {
    writable(ctx)?;
    let (pid, entry, step) = (ctx.param("project")?.to_string(), ctx.param("entry")?.to_string(), ctx.param("step")?.to_string());
    let me = ctx.actor()?.user_id.clone();
    let i: DoneInput = ctx.json().await?;
    project_view(ctx, &pid, &me, Op { entry, step, done: i.done, ..op("tick") }, 200).await
}

input! {
    struct LinkInput {
        goal: Option<String>,
        objective: Option<String>,
    }
}

/// `PUT /api/projects/{project}/library/{entry}/steps/{step}/objective`: the step stands for an objective of one of
/// the project's goals ("" for none): ticking it done marks the objective done.
pub async fn link(ctx: &mut Ctx) -> ApiResult {
    writable(ctx)?;
    if !ctx.actor()?.modules.on(crate::domain::community::Module::Goals) {
        return Err(ApiError::new(404, "module_off", "This community has turned this feature off."));
    }
    let (pid, entry, step) = (ctx.param("project")?.to_string(), ctx.param("entry")?.to_string(), ctx.param("step")?.to_string());
    let me = ctx.actor()?.user_id.clone();
    let i: LinkInput = ctx.json().await?;
    let given = |v: Option<String>, f: &str| v.ok_or_else(|| Invalid::new(f, "required", "Choose an objective, or none."));
    let (goal, objective) = (given(i.goal, "goal")?, given(i.objective, "objective")?);
    project_view(ctx, &pid, &me, Op { entry, step, goal, objective, ..op("link") }, 200).await
}

/// `DELETE /api/projects/{project}/library/{entry}`: who added it, or the mentor, takes it away.
pub async fn remove(ctx: &mut Ctx) -> ApiResult {
    writable(ctx)?;
    let (pid, entry) = (ctx.param("project")?.to_string(), ctx.param("entry")?.to_string());
    let me = ctx.actor()?.user_id.clone();
    project_view(ctx, &pid, &me, Op { entry, ..op("remove") }, 200).await
}

/// `PUT …/library/{item}/file`: a document's file, as the raw body (its author while it may change it, or a curator):
/// its type by its bytes, at most 25 MB; a new file replaces the old one.
pub async fn upload(ctx: &mut Ctx) -> ApiResult {
    let s = shelf(ctx)?;
    let (it, state, who) = on_shelf(ctx, &s).await?;
    if it.kind != "document" {
        return Err(ApiError::conflict("not_a_document", "Only a document has a file."));
    }
    if it.community_id != s.community || !rules::editable(state, who) {
        return Err(ApiError::new(403, "not_allowed", "Its author changes it until it is published; then its curators."));
    }
    // Each file its own key: a failed upload leaves the current file as it is; the old one goes once the new is in.
    let key = store::file_key(&it.id, &id(ctx.now)?);
    let (name, kind, size) = super::files::receive(ctx, &key).await?;
    store::set_file(&ctx.db, &it.id, &key, name.as_str(), kind.mime(), i64::try_from(size).unwrap_or(i64::MAX), ctx.now).await?;
    if !it.file_key.is_empty() {
        let _ = ctx.env.bucket("FILES")?.delete(&it.file_key).await;
    }
    page(ctx, &s, &it.id, 200).await
}

/// `GET …/library/{item}/file`: a document's file, for whoever reads the item.
pub async fn download(ctx: &mut Ctx) -> ApiResult {
    let s = shelf(ctx)?;
    let (it, ..) = on_shelf(ctx, &s).await?;
    if it.file_size == 0 {
        return Err(ApiError::not_found());
    }
    super::http::send_file(ctx, &it.file_key, &it.file_name, &it.file_type).await
}
