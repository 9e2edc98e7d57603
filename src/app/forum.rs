//! A community's discussion rooms (#13): the rooms a member reads, a room's threads, a thread's posts, writing,
//! reading, following, reporting and moderating. Who may do what is `domain::forum`; the rows are `store::forum`.

use super::http::{id, json, no_content, ok, ApiResult, Ctx};
use super::store::forum::{self as store, Moderation, PostRow, RoomRow, ThreadRow};
use super::store::notifications::{notify, notify_for_post, notify_for_report, Notice, To};
use crate::domain::error::{ApiError, Invalid};
use crate::domain::forum::{self as rules, Access, Audience, Room, Standing, ThreadMove};
use crate::domain::input::input;
use crate::domain::notifications::Kind;
use serde_json::{json as j, Value};

/// The room the path names, as the person asking stands to it.
struct Here {
    community: String,
    room: Audience,
    me: String,
    standing: Standing,
    state: RoomRow,
    access: Access,
}

impl Here {
    fn banned(&self, now: i64) -> bool {
        self.state.banned_until.is_some_and(|u| u > now)
    }
    fn link(&self, base: &str, thread: &str) -> String {
        format!("{base}/communities/{}/rooms/{}/threads/{thread}", self.community, self.room.as_str())
    }
}

async fn here(ctx: &Ctx) -> Result<Here, ApiError> {
    let community = ctx.param("community")?.to_string();
    let room = Audience::parse(ctx.param("room")?).ok_or_else(ApiError::not_found)?;
    let a = ctx.actor()?;
    let state = store::room(&ctx.db, &community, room, &a.user_id).await?;
    let access = rules::access(room, Room { sealed: state.sealed > 0, moderator: state.moderator > 0 }, a.standing);
    if access == Access::None {
        return Err(ApiError::not_found());
    }
    Ok(Here { community, room, me: a.user_id.clone(), standing: a.standing, state, access })
}

fn int_query(ctx: &Ctx, name: &str) -> Result<i64, ApiError> {
    match ctx.query(name).filter(|v| !v.is_empty()) {
        None => Ok(0),
        Some(v) => v.parse::<i64>().ok().filter(|n| *n >= 0).ok_or_else(|| Invalid::new(name, "out_of_range", "Give a whole number, 0 or more.").into()),
    }
}

fn access_str(a: Access) -> &'static str {
    match a {
        Access::None => "none",
        Access::Reader => "reader",
        Access::Moderator => "moderator",
        Access::Reported => "reported",
    }
}

/// A thread as this reader may see it: a pseudonymous one's author only for them and the moderators.
fn thread_json(t: &ThreadRow, h: &Here) -> Value {
    let mine = t.author_id.as_deref() == Some(h.me.as_str());
    let named = t.pseudonymous == 0 || mine || h.access.moderates();
    let mut v = j!({
        "id": t.id, "title": t.title, "pseudonymous": t.pseudonymous > 0, "about_case": t.about_case > 0,
        "author": t.author_id.as_ref().filter(|_| named).map(|id| j!({"id": id, "display_name": t.author_name})),
        "mine": mine, "pinned": t.pinned > 0, "locked": t.locked > 0, "posts": t.posts, "unread": (t.posts - t.seen).max(0),
        "seen": t.seen, "follow": t.follow, "last_post_at": t.last_post_at, "created_at": t.created_at, "hidden": t.hidden > 0,
    });
    if h.access.moderates() || h.access == Access::Reported {
        if let Some(o) = v.as_object_mut() {
            o.insert("reports".into(), t.reports.into());
        }
    }
    v
}

/// A post as this reader may see it: a hidden one's text only for the moderators (its author reads why); in a
/// pseudonymous thread, its author's name only for them, the moderators and the author.
fn post_json(p: &PostRow, t: &ThreadRow, h: &Here) -> Value {
    let mine = p.author_id.as_deref() == Some(h.me.as_str());
    let by_op = p.author_id.is_some() && p.author_id == t.author_id;
    let named = !(t.pseudonymous > 0 && by_op) || mine || h.access.moderates();
    let hidden = p.hidden_at.is_some();
    let readable = !hidden || h.access.moderates();
    let mut v = j!({
        "id": p.id, "seq": p.seq, "mine": mine,
        "author": p.author_id.as_ref().filter(|_| named).map(|id| j!({"id": id, "display_name": p.author_name})),
        "body": if readable { Value::from(p.body.clone()) } else { Value::Null },
        "quote_of": p.quote_of, "hidden": hidden,
        "hidden_reason": if hidden && (mine || h.access.moderates()) { Value::from(p.hidden_reason.clone()) } else { Value::Null },
        "edited_at": p.edited_at, "revisions": p.revisions, "created_at": p.created_at, "reported": p.reported_by_me > 0,
    });
    if h.access.moderates() || h.access == Access::Reported {
        if let Some(o) = v.as_object_mut() {
            o.insert("reports".into(), p.reports.into());
        }
    }
    v
}

/// `GET /api/communities/{community}/rooms`: the rooms this member reads, with their figures.
pub async fn rooms(ctx: &mut Ctx) -> ApiResult {
    let community = ctx.param("community")?.to_string();
    let a = ctx.actor()?;
    let (figures, states, reports) = store::rooms(&ctx.db, &community, &a.user_id).await?;
    let mut list = Vec::new();
    let mut moderates_any = false;
    let mut open = 0;
    for room in Audience::ALL {
        let st = states.iter().find(|s| s.audience == room.as_str());
        let r = Room { sealed: st.is_some_and(|s| s.sealed > 0), moderator: st.is_some_and(|s| s.moderator > 0) };
        let access = rules::access(room, r, a.standing);
        if access == Access::None {
            continue;
        }
        if access.moderates() || access == Access::Reported {
            moderates_any = true;
            open += reports.iter().find(|r| r.audience == room.as_str()).map_or(0, |r| r.n);
        }
        let f = figures.iter().find(|f| f.audience == room.as_str());
        // A room read only for its reports shows no figures of its own.
        let (threads, unread, last) = match (f, access.reads()) {
            (Some(f), true) => (f.threads, f.unread, f.last_post_at),
            _ => (0, 0, None),
        };
        list.push(j!({"room": room.as_str(), "sealed": r.sealed, "access": access_str(access), "threads": threads, "unread": unread, "last_post_at": last}));
    }
    ok(&j!({"rooms": list, "open_reports": if moderates_any { Value::from(open) } else { Value::Null }}))
}

/// `GET /api/communities/{community}/rooms/{room}`: the room, what the reader may do, its people and threads.
pub async fn room(ctx: &mut Ctx) -> ApiResult {
    let h = here(ctx).await?;
    let before = int_query(ctx, "before")?;
    // Its readers by name for mentions; for its admins, its audience (moderators are chosen from it); for its
    // moderators, the bans still running.
    let ask = store::PageAsk { before, limit: rules::PAGE, now: ctx.now, people: h.access.reads(), audience: h.standing.admin, bans: h.access.moderates() };
    let page = store::room_page(&ctx.db, &h.community, h.room, &h.me, &ask).await?;
    let threads: Vec<Value> = page.pinned.iter().chain(page.threads.iter()).filter(|t| sees(&h, t)).map(|t| thread_json(t, &h)).collect();
    let next = (i64::try_from(page.threads.len()).unwrap_or(0) >= rules::PAGE).then(|| page.threads.last().map(|t| t.last_post_at)).flatten();
    let (people, moderators, audience, bans) = (page.people, page.moderators, page.audience, page.bans);
    ok(&j!({
        "audience": audience, "bans": bans,
        "room": h.room.as_str(), "sealed": h.state.sealed > 0, "access": access_str(h.access), "admin": h.standing.admin,
        "banned_until": h.state.banned_until.filter(|_| h.banned(ctx.now)), "ban_reason": h.state.ban_reason.as_ref().filter(|_| h.banned(ctx.now)),
        "moderators": moderators, "people": people, "threads": threads, "next_before": next,
    }))
}

input! {
    struct ThreadInput {
        title: String,
        body: String,
        about_case: Option<bool>,
        pseudonymous: Option<bool>,
        client_key: String,
    }
}

/// The people a post mentions, checked: each must read the room now.
async fn mentioned(ctx: &Ctx, h: &Here, body: &rules::Body) -> Result<Vec<String>, ApiError> {
    let ids: Vec<String> = body.mentions.iter().filter(|m| **m != h.me).take(20).cloned().collect();
    if ids.is_empty() {
        return Ok(ids);
    }
    let found = store::people(&ctx.db, &h.community, h.room, Some(&ids), true).await?;
    if found.len() != ids.len() {
        return Err(Invalid::new("body", "mention_invalid", "A mention names someone who is not in this room.").into());
    }
    Ok(ids)
}

/// Not faster than the rate allows.
async fn not_too_fast(ctx: &Ctx, me: &str) -> Result<(), ApiError> {
    if rules::too_fast(store::posted_since(&ctx.db, me, ctx.now - rules::RATE_WINDOW_MS).await?) {
        let mut e = ApiError::new(429, "rate_limited", "You are posting very fast: wait a minute, then send again.");
        e.retry_after = Some(60);
        return Err(e);
    }
    Ok(())
}

fn mention_notices(ctx: &Ctx, h: &Here, people: &[String], title: &str, link: &str, post: &str) -> Result<Vec<worker::D1PreparedStatement>, ApiError> {
    let mut out = Vec::new();
    for p in people {
        let n = Notice { to: To::User(p), kind: Kind::RoomMention, project: None, community: Some(&h.community), actor: None, title, note: "", link };
        out.extend(notify_for_post(&ctx.db, &n, ctx.now, post)?);
    }
    Ok(out)
}

/// `POST /api/communities/{community}/rooms/{room}/threads`: a new thread and its first post.
pub async fn create_thread(ctx: &mut Ctx) -> ApiResult {
    let h = here(ctx).await?;
    let input: ThreadInput = ctx.json().await?;
    let title = rules::TITLE.parse("title", &input.title)?;
    let body = rules::parse_body("body", &input.body)?;
    let key = crate::domain::diary::parse_client_key(&input.client_key)?;
    let (about_case, pseudonymous) = (input.about_case.unwrap_or(false), input.pseudonymous.unwrap_or(false));
    rules::check_extras(h.room, about_case, pseudonymous)?;
    rules::may_post(h.access, h.banned(ctx.now), false)?;
    if let Some(existing) = store::thread_by_key(&ctx.db, &h.me, &key, &h.community, h.room).await? {
        return thread_answer(ctx, &h, &existing, 200).await;
    }
    if store::key_used(&ctx.db, &h.me, &key).await? {
        return Err(key_reused());
    }
    not_too_fast(ctx, &h.me).await?;
    let people = mentioned(ctx, &h, &body).await?;
    let (tid, pid) = (id(ctx.now)?, id(ctx.now)?);
    let mut statements = store::create_thread(
        &ctx.db,
        &store::NewThread { id: &tid, post_id: &pid, community: &h.community, room: h.room, author: &h.me, title: &title, body: &body.text, about_case, pseudonymous, client_key: &key, now: ctx.now },
    )?;
    let link = h.link(&ctx.base_url, &tid);
    statements.extend(mention_notices(ctx, &h, &people, &title, &link, &pid)?);
    super::store::batch(&ctx.db, statements).await?;
    super::mail::deliver_soon(ctx);
    let stored = store::thread_by_key(&ctx.db, &h.me, &key, &h.community, h.room).await?.ok_or_else(key_reused)?;
    thread_answer(ctx, &h, &stored, 201).await
}

/// A client key is one draft's: used for something else, it is refused.
fn key_reused() -> ApiError {
    Invalid::new("client_key", "client_key_invalid", "This client key was used for another post: send a new one.").into()
}

async fn thread_answer(ctx: &Ctx, h: &Here, thread: &str, status: u16) -> ApiResult {
    let t = store::thread(&ctx.db, &h.community, h.room, &h.me, thread).await?.ok_or_else(ApiError::internal)?;
    json(status, &j!({"thread": thread_json(&t, h)}))
}

/// The thread the path names, if this reader may see it.
async fn visible_thread(ctx: &Ctx, h: &Here) -> Result<ThreadRow, ApiError> {
    let tid = ctx.param("thread")?;
    let t = store::thread(&ctx.db, &h.community, h.room, &h.me, tid).await?.ok_or_else(ApiError::not_found)?;
    if sees(h, &t) {
        Ok(t)
    } else {
        Err(ApiError::not_found())
    }
}

/// Whether this reader sees a thread of the room: a moderator every one; an admin of a sealed room those with open
/// reports; the others all but those whose first post is hidden, unless they wrote it (they read why).
fn sees(h: &Here, t: &ThreadRow) -> bool {
    match h.access {
        Access::Moderator => true,
        Access::Reported => t.reports > 0,
        _ => t.hidden == 0 || t.author_id.as_deref() == Some(h.me.as_str()),
    }
}

/// `GET .../threads/{thread}`: the thread and its posts after a seq.
pub async fn thread(ctx: &mut Ctx) -> ApiResult {
    let h = here(ctx).await?;
    let t = visible_thread(ctx, &h).await?;
    let after = int_query(ctx, "after")?;
    let posts = store::posts(&ctx.db, &t.id, after, &h.me, rules::PAGE).await?;
    let list: Vec<Value> = posts.iter().filter(|p| h.access != Access::Reported || p.reports > 0).map(|p| post_json(p, &t, &h)).collect();
    let more = i64::try_from(posts.len()).unwrap_or(0) >= rules::PAGE;
    let may_post = rules::may_post(h.access, h.banned(ctx.now), t.locked > 0).is_ok();
    ok(&j!({"thread": thread_json(&t, &h), "posts": list, "more": more, "may_post": may_post, "access": access_str(h.access)}))
}

input! {
    struct ReplyInput {
        body: String,
        quote_of: Option<String>,
        client_key: String,
    }
}

/// `POST .../threads/{thread}/posts`: a reply; its followers and the people it mentions are told.
pub async fn reply(ctx: &mut Ctx) -> ApiResult {
    let h = here(ctx).await?;
    let t = visible_thread(ctx, &h).await?;
    let input: ReplyInput = ctx.json().await?;
    let body = rules::parse_body("body", &input.body)?;
    let key = crate::domain::diary::parse_client_key(&input.client_key)?;
    rules::may_post(h.access, h.banned(ctx.now), t.locked > 0)?;
    if let Some(p) = store::post_by_key(&ctx.db, &h.me, &key, &t.id).await? {
        return ok(&j!({"post": post_json(&p, &t, &h)}));
    }
    if store::key_used(&ctx.db, &h.me, &key).await? {
        return Err(key_reused());
    }
    let quote = input.quote_of.filter(|q| !q.is_empty());
    if let Some(q) = &quote {
        let place = store::post(&ctx.db, &h.community, h.room, q).await?;
        if !place.is_some_and(|p| p.thread_id == t.id && p.hidden_at.is_none()) {
            return Err(Invalid::new("quote_of", "not_found", "The post quoted is not in this thread.").into());
        }
    }
    not_too_fast(ctx, &h.me).await?;
    let people = mentioned(ctx, &h, &body).await?;
    let pid = id(ctx.now)?;
    let mut statements = store::reply(&ctx.db, &store::NewPost { id: &pid, thread: &t.id, author: &h.me, body: &body.text, quote_of: quote.as_deref(), client_key: &key, now: ctx.now })?;
    let link = h.link(&ctx.base_url, &t.id);
    let n = Notice { to: To::ThreadFollowers(&t.id), kind: Kind::RoomReply, project: None, community: Some(&h.community), actor: None, title: &t.title, note: "", link: &link };
    statements.extend(notify_for_post(&ctx.db, &n, ctx.now, &pid)?);
    statements.extend(mention_notices(ctx, &h, &people, &t.title, &link, &pid)?);
    super::store::batch(&ctx.db, statements).await?;
    super::mail::deliver_soon(ctx);
    let p = store::post_by_key(&ctx.db, &h.me, &key, &t.id).await?.ok_or_else(key_reused)?;
    json(201, &j!({"post": post_json(&p, &t, &h)}))
}

input! {
    struct ReadInput {
        seen: i64,
    }
}

/// `PUT .../threads/{thread}/read`.
pub async fn read(ctx: &mut Ctx) -> ApiResult {
    let h = here(ctx).await?;
    let t = visible_thread(ctx, &h).await?;
    let input: ReadInput = ctx.json().await?;
    if input.seen < 0 {
        return Err(Invalid::new("seen", "out_of_range", "Give the number of the last post read.").into());
    }
    store::read(&ctx.db, &h.me, &t.id, input.seen).await?;
    no_content()
}

input! {
    struct FollowInput {
        follow: String,
    }
}

/// `PUT .../threads/{thread}/follow`.
pub async fn follow(ctx: &mut Ctx) -> ApiResult {
    let h = here(ctx).await?;
    let t = visible_thread(ctx, &h).await?;
    let input: FollowInput = ctx.json().await?;
    if !["instant", "digest", "off"].contains(&input.follow.as_str()) {
        return Err(Invalid::new("follow", "not_in_list", "Choose instant, digest or off.").into());
    }
    if !h.access.reads() {
        return Err(ApiError::new(403, "not_allowed", "Only this room's members follow its threads."));
    }
    store::follow(&ctx.db, &h.me, &t.id, &input.follow).await?;
    ok(&j!({"follow": input.follow}))
}

input! {
    struct ThreadModInput {
        action: String,
        to: Option<String>,
    }
}

/// `POST .../threads/{thread}/moderation`: pin, unpin, lock, unlock, move.
pub async fn moderate_thread(ctx: &mut Ctx) -> ApiResult {
    let h = here(ctx).await?;
    let t = visible_thread(ctx, &h).await?;
    let input: ThreadModInput = ctx.json().await?;
    let m = rules::thread_move(h.access, h.standing.admin, h.room, ThreadMove::parse(&input.action, input.to.as_deref())?)?;
    let set = match m {
        ThreadMove::Pin => ("pinned", "1"),
        ThreadMove::Unpin => ("pinned", "0"),
        ThreadMove::Lock => ("locked", "1"),
        ThreadMove::Unlock => ("locked", "0"),
        ThreadMove::Move(to) => ("audience", to.as_str()),
    };
    let action = format!("room.thread.{}", m.as_str());
    let audit = Moderation { audit_id: &id(ctx.now)?, actor: &h.me, action: &action, target_type: "forum_thread", target: &t.id, after: set.1, now: ctx.now };
    super::store::batch(&ctx.db, store::moderate_thread(&ctx.db, &t.id, set, &audit)?).await?;
    if let ThreadMove::Move(to) = m {
        return ok(&j!({"moved_to": to.as_str(), "thread": t.id}));
    }
    thread_answer(ctx, &h, &t.id, 200).await
}

/// The post the path names, in this room and visible to this reader.
async fn visible_post(ctx: &Ctx, h: &Here) -> Result<store::PostPlace, ApiError> {
    let p = store::post(&ctx.db, &h.community, h.room, ctx.param("post")?).await?.ok_or_else(ApiError::not_found)?;
    let mine = p.author_id.as_deref() == Some(h.me.as_str());
    if h.access.reads() && (p.hidden_at.is_none() || mine || h.access.moderates()) {
        return Ok(p);
    }
    Err(ApiError::not_found())
}

input! {
    struct EditInput {
        body: String,
    }
}

/// `PATCH .../posts/{post}`: its author edits it.
pub async fn edit(ctx: &mut Ctx) -> ApiResult {
    let h = here(ctx).await?;
    let p = visible_post(ctx, &h).await?;
    let input: EditInput = ctx.json().await?;
    let body = rules::parse_body("body", &input.body)?;
    let how = rules::edit(p.author_id.as_deref() == Some(h.me.as_str()), p.hidden_at.is_some(), p.created_at, ctx.now)?;
    // Banned, or the thread locked: no writing, editing included.
    rules::may_post(h.access, h.banned(ctx.now), p.locked > 0)?;
    if body.text == p.body {
        return ok(&j!({"edited": false}));
    }
    mentioned(ctx, &h, &body).await?;
    if !store::edit(&ctx.db, &p.id, &body.text, how == rules::Edit::KeepRevision, p.revisions, ctx.now).await? {
        return Err(ApiError::conflict("changed_meanwhile", "This post changed meanwhile: read it again."));
    }
    ok(&j!({"edited": true, "revision_kept": how == rules::Edit::KeepRevision}))
}

/// `GET .../posts/{post}/revisions`: for its author and the moderators.
pub async fn revisions(ctx: &mut Ctx) -> ApiResult {
    let h = here(ctx).await?;
    let p = visible_post(ctx, &h).await?;
    if !(h.access.moderates() || p.author_id.as_deref() == Some(h.me.as_str())) {
        return Err(ApiError::new(403, "not_allowed", "Only its author and the moderators read a post's earlier texts."));
    }
    ok(&j!({"current": p.body, "revisions": store::revisions(&ctx.db, &p.id).await?}))
}

input! {
    struct ReportInput {
        reason: String,
        note: Option<String>,
    }
}

/// `POST .../posts/{post}/report`: a reader reports a post; the room's moderators are told.
pub async fn report(ctx: &mut Ctx) -> ApiResult {
    let h = here(ctx).await?;
    let p = visible_post(ctx, &h).await?;
    let input: ReportInput = ctx.json().await?;
    if !rules::REPORT_REASONS.contains(&input.reason.as_str()) {
        return Err(Invalid::new("reason", "not_in_list", "Choose one of the reasons.").into());
    }
    let note = rules::NOTE.parse("note", input.note.as_deref().unwrap_or(""))?;
    if p.author_id.as_deref() == Some(h.me.as_str()) {
        return Err(ApiError::conflict("own_post", "This is your own post: edit it instead."));
    }
    let rid = id(ctx.now)?;
    let r = store::Report { id: &rid, post: &p.id, community: &h.community, reporter: &h.me, reason: &input.reason, note: &note, now: ctx.now };
    let mut statements = vec![store::report(&ctx.db, &r)?];
    let link = format!("{}/communities/{}/rooms/reports", ctx.base_url, h.community);
    // The room's moderators: the community's admins, and a sealed room's chosen moderators (its admins see the
    // reported post too).
    let admins = Notice { to: To::CommunityAdmins(&h.community), kind: Kind::RoomReported, project: None, community: Some(&h.community), actor: None, title: &p.title, note: "", link: &link };
    let mods = if h.state.sealed > 0 { store::moderators(&ctx.db, &h.community, h.room).await? } else { Vec::new() };
    let mut told: Vec<Notice> = mods.iter().map(|m| Notice { to: To::User(&m.id), ..admins }).collect();
    told.push(admins);
    for n in &told {
        statements.extend(notify_for_report(&ctx.db, n, ctx.now, &rid)?);
    }
    let results = super::store::batch(&ctx.db, statements).await?;
    if results.first().map_or(0, super::store::changes) == 0 {
        return Err(ApiError::conflict("already_reported", "You have reported this post already: the moderators have it."));
    }
    super::mail::deliver_soon(ctx);
    json(201, &j!({"reported": true}))
}

input! {
    struct PostModInput {
        action: String,
        reason: Option<String>,
    }
}

/// `POST .../posts/{post}/moderation`: hide with a reason (its author is told), or restore.
pub async fn moderate_post(ctx: &mut Ctx) -> ApiResult {
    let h = here(ctx).await?;
    rules::moderating(h.access)?;
    let p = visible_post(ctx, &h).await?;
    let input: PostModInput = ctx.json().await?;
    let restore = match input.action.as_str() {
        "hide" => false,
        "restore" => true,
        _ => return Err(Invalid::new("action", "not_in_list", "Choose hide or restore.").into()),
    };
    let reason = if restore { String::new() } else { rules::REASON.parse("reason", input.reason.as_deref().unwrap_or(""))? };
    rules::hide(h.access, p.hidden_at.is_some(), restore)?;
    let action = if restore { "room.post.restore" } else { "room.post.hide" };
    // The audit log says who did what, not the moderator's words about the room's content.
    let audit = Moderation { audit_id: &id(ctx.now)?, actor: &h.me, action, target_type: "forum_post", target: &p.id, after: "", now: ctx.now };
    let mut statements = store::moderate_post(&ctx.db, &p.id, (!restore).then_some(reason.as_str()), &audit)?;
    if let (false, Some(author)) = (restore, p.author_id.as_deref()) {
        let link = h.link(&ctx.base_url, &p.thread_id);
        let n = Notice { to: To::User(author), kind: Kind::RoomPostHidden, project: None, community: Some(&h.community), actor: None, title: &p.title, note: &reason, link: &link };
        statements.extend(notify(&ctx.db, &n, ctx.now, None)?);
    }
    super::store::batch(&ctx.db, statements).await?;
    super::mail::deliver_soon(ctx);
    ok(&j!({"hidden": !restore}))
}

input! {
    struct BanInput {
        days: i64,
        reason: String,
    }
}

/// `PUT .../bans/{user}`: a moderator bans someone from writing in the room for some days, telling them why.
pub async fn ban(ctx: &mut Ctx) -> ApiResult {
    let h = here(ctx).await?;
    let user = ctx.param("user")?.to_string();
    let input: BanInput = ctx.json().await?;
    if !(1..=rules::MAX_BAN_DAYS).contains(&input.days) {
        return Err(Invalid::new("days", "out_of_range", "Ban for 1 to 365 days.").into());
    }
    let reason = rules::REASON.parse("reason", &input.reason)?;
    rules::moderating(h.access)?;
    if user == h.me {
        return Err(ApiError::conflict("own_ban", "You cannot ban yourself."));
    }
    if store::people(&ctx.db, &h.community, h.room, Some(std::slice::from_ref(&user)), true).await?.is_empty() {
        return Err(ApiError::not_found());
    }
    let until = ctx.now + input.days * 86_400_000;
    let days = input.days.to_string();
    let audit = Moderation { audit_id: &id(ctx.now)?, actor: &h.me, action: "room.ban", target_type: "user", target: &user, after: &days, now: ctx.now };
    let mut statements = store::ban(&ctx.db, &h.community, h.room, &user, Some((until, &reason)), &audit)?;
    let link = format!("{}/communities/{}/rooms/{}", ctx.base_url, h.community, h.room.as_str());
    let n = Notice { to: To::User(&user), kind: Kind::RoomBanned, project: None, community: Some(&h.community), actor: None, title: h.room.title(), note: &reason, link: &link };
    statements.extend(notify(&ctx.db, &n, ctx.now, None)?);
    super::store::batch(&ctx.db, statements).await?;
    super::mail::deliver_soon(ctx);
    ok(&j!({"banned_until": until}))
}

/// `DELETE .../bans/{user}`.
pub async fn unban(ctx: &mut Ctx) -> ApiResult {
    let h = here(ctx).await?;
    let user = ctx.param("user")?.to_string();
    rules::moderating(h.access)?;
    let audit = Moderation { audit_id: &id(ctx.now)?, actor: &h.me, action: "room.unban", target_type: "user", target: &user, after: "", now: ctx.now };
    super::store::batch(&ctx.db, store::ban(&ctx.db, &h.community, h.room, &user, None, &audit)?).await?;
    no_content()
}

input! {
    struct SettingsInput {
        sealed: bool,
        moderators: Vec<String>,
    }
}

/// `PUT .../settings`: a community admin seals the room with moderators chosen from its audience, or opens it.
pub async fn settings(ctx: &mut Ctx) -> ApiResult {
    let h = here(ctx).await?;
    let input: SettingsInput = ctx.json().await?;
    if !(h.standing.admin && h.standing.member) {
        return Err(ApiError::new(403, "not_allowed", "Only the community's admins seal or open a room."));
    }
    let mut ids = input.moderators.clone();
    ids.sort();
    ids.dedup();
    if ids.len() > 20 || ids.iter().any(|i| !crate::domain::token::is_id_shaped(i)) {
        return Err(Invalid::new("moderators", "not_in_audience", "Choose up to 20 people of the room's audience.").into());
    }
    if input.sealed && ids.is_empty() {
        return Err(Invalid::new("moderators", "required", "A sealed room needs at least one moderator from its audience.").into());
    }
    if !ids.is_empty() && store::people(&ctx.db, &h.community, h.room, Some(&ids), false).await?.len() != ids.len() {
        return Err(Invalid::new("moderators", "not_in_audience", "Moderators are chosen from the room's own audience.").into());
    }
    let after = j!({"sealed": input.sealed, "moderators": ids}).to_string();
    let audit = Moderation { audit_id: &id(ctx.now)?, actor: &h.me, action: "room.settings", target_type: "community", target: &h.community, after: &after, now: ctx.now };
    super::store::batch(&ctx.db, store::settings(&ctx.db, &h.community, h.room, input.sealed, &ids, &audit)?).await?;
    ok(&j!({"sealed": input.sealed, "moderators": store::moderators(&ctx.db, &h.community, h.room).await?}))
}

/// How this person moderates the room of a report: acts on it, only sees it, or neither.
fn report_access(sealed: bool, moderator: bool, audience: &str, s: Standing) -> Access {
    Audience::parse(audience).map_or(Access::None, |a| rules::access(a, Room { sealed, moderator }, s))
}

/// `GET /api/communities/{community}/room-reports`: the open reports this person moderates (or, of a sealed room,
/// that were reported to them as an admin).
pub async fn reports(ctx: &mut Ctx) -> ApiResult {
    let community = ctx.param("community")?.to_string();
    let a = ctx.actor()?;
    if !(a.standing.admin || store::moderates_any(&ctx.db, &community, &a.user_id).await?) {
        return Err(ApiError::new(403, "not_allowed", "Only the community's admins and the rooms' moderators see reports."));
    }
    let rows = store::open_reports(&ctx.db, &community, &a.user_id).await?;
    let mut list = Vec::new();
    for r in &rows {
        let access = report_access(r.sealed > 0, r.moderator > 0, &r.audience, a.standing);
        if !(access.moderates() || access == Access::Reported) {
            continue;
        }
        // A pseudonymous thread's author stays "a mentee" to an admin who only looks at what is reported.
        let named = access.moderates() || r.pseudonymous == 0 || r.author_id != r.thread_author;
        list.push(j!({
            "id": r.id, "reason": r.reason, "note": r.note, "created_at": r.created_at, "room": r.audience, "sealed": r.sealed > 0,
            "can_act": access.moderates(), "thread": {"id": r.thread_id, "title": r.title, "pseudonymous": r.pseudonymous > 0},
            "post": {"id": r.post_id, "seq": r.seq, "body": r.body, "hidden": r.hidden_at.is_some(),
              "author": r.author_id.as_ref().filter(|_| named).map(|id| j!({"id": id, "display_name": r.author_name}))},
        }));
    }
    ok(&j!({"reports": list}))
}

/// `POST /api/communities/{community}/room-reports/{report}/resolve`: close a report (the room's moderators).
pub async fn resolve(ctx: &mut Ctx) -> ApiResult {
    let community = ctx.param("community")?.to_string();
    let rid = ctx.param("report")?.to_string();
    let a = ctx.actor()?;
    let place = store::report_place(&ctx.db, &community, &rid).await?.ok_or_else(ApiError::not_found)?;
    let room = Audience::parse(&place.audience).ok_or_else(ApiError::internal)?;
    let state = store::room(&ctx.db, &community, room, &a.user_id).await?;
    let access = rules::access(room, Room { sealed: state.sealed > 0, moderator: state.moderator > 0 }, a.standing);
    if access == Access::None {
        return Err(ApiError::not_found());
    }
    if !access.moderates() {
        return Err(ApiError::new(403, "not_allowed", "Only this room's moderators close its reports."));
    }
    if place.resolved_at.is_some() {
        return Err(ApiError::conflict("already_resolved", "This report was closed already."));
    }
    let me = a.user_id.clone();
    let audit = Moderation { audit_id: &id(ctx.now)?, actor: &me, action: "room.report.resolve", target_type: "forum_post", target: &place.post_id, after: "", now: ctx.now };
    store::resolve(&ctx.db, &rid, &audit).await?;
    no_content()
}
