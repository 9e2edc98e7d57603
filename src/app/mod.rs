//! The Worker: every request enters here. API routes are looked up in the route table, the caller's session is
//! resolved, the route's declared policy is applied, then the handler runs. Everything else is a static asset.

mod accounts;
mod admin;
mod chat;
mod communities;
mod contract;
mod dashboard;
mod digest;
mod diary;
mod evaluation;
mod files;
mod forum;
mod goals;
mod grants;
mod health;
mod http;
mod journey;
mod library;
mod mail;
mod mentoring;
mod messages;
mod meta;
mod notifications;
mod oversight;
mod personal;
mod plan;
mod profiles;
mod report;
mod retention;
mod roll;
mod space;
mod store;
mod two_factor;
mod usage;
mod words;
mod zones;

use crate::domain::error::ApiError;
use crate::domain::grants::Scope as Part;
use crate::domain::policy::{self, Actor, ProjectRelation};
use crate::domain::routes::{self, Match, Reads, Route, RouteId};
use crate::domain::session;
use crate::domain::token::sha256_hex;
use http::{env_var, error_response, is_state_changing, same_origin_ok, secure, ApiResult, Ctx, Session};
use std::rc::Rc;
use store::{Db, Start, Who};
use worker::{event, Context, Date, Env, Request, Response, ScheduleContext, ScheduledEvent};

#[event(fetch)]
async fn fetch(req: Request, env: Env, worker_ctx: Context) -> worker::Result<Response> {
    let testing = test_mode(&env);
    if testing {
        // Keeps every statement from now on; the query-plan check reads them here.
        store::keep_statements();
        if req.path() == "/__test/statements" {
            return Response::from_json(&store::statements_seen());
        }
    }
    if !req.path().starts_with("/api/") {
        return Ok(secure(page_or_asset(req, &env).await.unwrap_or_else(|e| error_response(&e)), false));
    }
    let resp = secure(handle(req, env, worker_ctx).await.unwrap_or_else(|e| error_response(&e)), true);
    if testing {
        // For the upload benchmark: the wasm instance's memory, which grows if a body is ever held whole.
        let _ = resp.headers().set("x-tandem-wasm-memory", &wasm_memory_bytes().to_string());
    }
    Ok(resp)
}

/// The frontend: a file that exists, or for a page's address (no file extension) the app's HTML, which routes it
/// in the browser. A missing file is a 404, never the app's HTML; only GET and HEAD are served.
async fn page_or_asset(req: Request, env: &Env) -> ApiResult {
    let method = req.inner().method();
    if method != "GET" && method != "HEAD" {
        return Err(ApiError::method_not_allowed(&["GET", "HEAD"]));
    }
    let path = req.path();
    let assets = env.assets("ASSETS")?;
    let url = req.url()?;
    let resp = assets.fetch_request(req).await?;
    if resp.status_code() != 404 {
        return Ok(resp);
    }
    if !routes::is_page_path(&path) {
        return Err(ApiError::not_found());
    }
    let mut index = url;
    index.set_path("/");
    index.set_query(None);
    let page = assets.fetch(index.as_str(), None).await?;
    Ok(page)
}

fn wasm_memory_bytes() -> u32 {
    use worker::wasm_bindgen::JsCast;
    worker::wasm_bindgen::memory()
        .dyn_into::<worker::js_sys::WebAssembly::Memory>()
        .ok()
        .and_then(|m| m.buffer().dyn_into::<worker::js_sys::ArrayBuffer>().ok())
        .map_or(0, |b| b.byte_length())
}

#[event(scheduled)]
async fn scheduled(_event: ScheduledEvent, env: Env, _ctx: ScheduleContext) {
    let now = now_ms();
    if test_mode(&env) {
        store::keep_statements();
    }
    let Some(base_url) = env_var(&env, "APP_URL") else {
        worker::console_error!("APP_URL is not set: nothing is sent or expired until it is (see README, Configuration)");
        return;
    };
    if let Err(e) = mail::deliver_due(&env, now).await {
        worker::console_error!("outbox: {}", e.message);
    }
    if let Ok(db) = Db::open(&env, Start::Primary) {
        if let Err(e) = mentoring::expire_due(&mentoring::Sys { db: &db, now, base_url: &base_url }).await {
            worker::console_error!("expiry: {}", e.message);
        }
        let swept = store::mail::housekeeping(
            &db,
            now,
            now - session::FAILURE_WINDOW_MS,
            now - session::IDLE_MS,
            now - session::ABSOLUTE_MS,
        )
        .await;
        if let Err(e) = swept {
            worker::console_error!("housekeeping: {}", e.message);
        }
        if let Err(e) = personal::run(&env, &db, now, &base_url).await {
            worker::console_error!("personal data: {}", e.message);
        }
        if let Err(e) = retention::run(&env, &db, now).await {
            worker::console_error!("pruning: {}", e.message);
        }
        // The retention's pass, once an hour (it reads the projects finished over a month ago).
        if now.rem_euclid(3_600_000) < 60_000 {
            if let Err(e) = retention::purge_due(&env, &db, now).await {
                worker::console_error!("retention: {}", e.message);
            }
        }
        if let Err(e) = grants::tell_due(&db, &base_url, now).await {
            worker::console_error!("grants: {}", e.message);
        }
        if let Err(e) = daily(&db, now, &base_url).await {
            worker::console_error!("daily pass: {}", e.message);
        }
        if let Err(e) = usage::count_yesterday(&db, now).await {
            worker::console_error!("usage: {}", e.message);
        }
        match digest::pass(&env, &db, now, &base_url).await {
            Ok(0) => {}
            Ok(_) => {
                if let Err(e) = mail::deliver_due(&env, now).await {
                    worker::console_error!("outbox: {}", e.message);
                }
            }
            Err(e) => worker::console_error!("digests: {}", e.message),
        }
        // Projects whose private content is still in D1's legacy tables: their spaces are woken, and take it.
        match store::legacy::pending(&db).await {
            Ok(projects) if !projects.is_empty() => {
                space::client::call_many(&env, &projects, "platform", "/wake", &serde_json::json!({})).await;
            }
            Ok(_) => {}
            Err(e) => worker::console_error!("legacy move: {}", e.message),
        }
    }
}

/// The day's care (#12): each active project's health once a day, and evaluation requests reminded or expired.
/// Returns how many projects and requests it saw to.
async fn daily(db: &Db, now: i64, base_url: &str) -> Result<(usize, usize), ApiError> {
    // Each runs whatever the other did.
    let assessed = health::pass(db, now, base_url, None).await;
    let evaluations = evaluation::pass(db, now, base_url).await;
    Ok((assessed?, evaluations?))
}

/// `POST /api/admin/tasks/health`: the daily pass now (the cron runs it; tests drive it with the injected clock).
async fn daily_task(ctx: &mut http::Ctx) -> ApiResult {
    let (assessed, evaluations) = daily(&ctx.db, ctx.now, &ctx.base_url).await?;
    let purged = retention::purge_due(&ctx.env, &ctx.db, ctx.now).await?;
    let told = grants::tell_due(&ctx.db, &ctx.base_url, ctx.now).await?;
    mail::deliver_soon(ctx);
    http::ok(&serde_json::json!({"assessed": assessed, "evaluations": evaluations, "purged": purged, "told": told}))
}

fn now_ms() -> i64 {
    i64::try_from(Date::now().as_millis()).unwrap_or(i64::MAX)
}

/// Tests (only) may set the clock with `x-tandem-now` and ask for a policy-only answer with `x-tandem-policy-check`.
fn test_mode(env: &Env) -> bool {
    env_var(env, "TANDEM_TEST_MODE").as_deref() == Some("1")
}

async fn handle(req: Request, env: Env, worker_ctx: Context) -> ApiResult {
    // Links in e-mails must never follow a request's Host: without APP_URL, Tandem refuses to run at all.
    let Some(app_url) = env_var(&env, "APP_URL") else {
        worker::console_error!("APP_URL is not set: set it in wrangler.toml [vars] to this Tandem's public address");
        return Err(ApiError::new(
            503,
            "not_configured",
            "This Tandem is not configured yet: APP_URL (the public address its e-mails link to) is not set.",
        ));
    };
    // The method as sent (workers-rs reads methods it does not know, such as PROPFIND, as GET).
    let method = req.inner().method();
    let path = req.path();
    let (route, params) = match routes::find(&method, &path) {
        Match::Found(route, params) => (route, params),
        Match::WrongMethod(allowed) => return Err(ApiError::method_not_allowed(&allowed)),
        Match::NotFound => return Err(ApiError::not_found()),
    };
    let url = req.url()?;
    // A parameter the route does not take is refused, naming it: a typo never silently changes the answer.
    for (name, value) in url.query_pairs() {
        let Some(field) = route.query.iter().find(|f| f.name == name) else {
            let message = format!("This address does not take the parameter '{name}'.");
            return Err(crate::domain::error::Invalid::new(name.into_owned(), "unknown_parameter", message).into());
        };
        routes::check_param(field, &value)?;
    }
    // Tandem's own pages are at APP_URL: a state change or a WebSocket from anywhere else is refused, even one whose
    // Host was made to match it (DNS rebinding).
    let own_origin = worker::Url::parse(&app_url).map(|u| u.origin().ascii_serialization()).unwrap_or_default();
    let upgrade = req.headers().get("upgrade").ok().flatten().is_some_and(|u| u.eq_ignore_ascii_case("websocket"));
    if (is_state_changing(&method) || upgrade) && !same_origin_ok(&req, &own_origin) {
        return Err(ApiError::new(403, "cross_origin", "This request must come from Tandem's own pages."));
    }
    // A change, and the chat, read at the primary (whatever bookmark is sent: access is decided on the newest
    // state). A page reads at the nearest replica at least as new as the person's last change (their bookmark), so
    // they always see their own writes.
    let cookie = req.headers().get("cookie").ok().flatten().unwrap_or_default();
    let bookmark = session::bookmark_from_cookie(&cookie).map(str::to_string);
    let start = match (route.reads(), &bookmark) {
        (Reads::Primary, _) => Start::Primary,
        (Reads::Nearest, Some(b)) => Start::After(b),
        (Reads::Nearest, None) => Start::Anywhere,
    };
    let from_bookmark = matches!(start, Start::After(_));
    let start_name = match start {
        Start::Primary => "primary",
        Start::Anywhere => "nearest",
        Start::After(_) => "bookmark",
    };
    let db = Rc::new(Db::open(&env, start)?);
    let testing = test_mode(&env);
    let resp = serve(route, params, req, env, worker_ctx, Rc::clone(&db), &app_url).await.unwrap_or_else(|e| error_response(&e));
    let mut add: Vec<(&str, String)> = Vec::new();
    if from_bookmark && resp.status_code() >= 500 {
        // A bookmark the database refuses (say, after a restore) must not fail every request of this browser: it
        // is dropped, and the next request starts afresh.
        add.push(("set-cookie", session::clear_bookmark_cookie()));
    }
    // After a change, the person carries its bookmark to their next request (a read hands back nothing: the cookie
    // moves with what they do, not with every page they look at).
    let changed = is_state_changing(&method);
    if let Some(newer) = db.bookmark().filter(|b| changed && Some(b) != bookmark.as_ref()) {
        add.push(("set-cookie", session::set_bookmark_cookie(&newer)));
    }
    if testing {
        // For the consistency test: how many times this request went to D1, and where its reads started.
        add.push(("x-d1-round-trips", db.round_trips().to_string()));
        add.push(("x-d1-start", start_name.to_string()));
    }
    if add.is_empty() {
        return Ok(resp);
    }
    let add: Vec<(&str, &str)> = add.iter().map(|(k, v)| (*k, v.as_str())).collect();
    http::with_headers(resp, &add)
}

/// A request for a route, with its database session: the caller's session is resolved, the route's policy applied,
/// then its handler runs.
async fn serve(route: &Route, params: routes::Params, mut req: Request, env: Env, worker_ctx: Context, db: Rc<Db>, app_url: &str) -> ApiResult {
    let header = |name: &str| req.headers().get(name).ok().flatten();
    let testing = test_mode(&env);
    let now = header("x-tandem-now").filter(|_| testing).and_then(|v| v.parse::<i64>().ok()).unwrap_or_else(now_ms);
    let community = params.get("community").unwrap_or("").to_string();
    let project = params.get("project").unwrap_or("").to_string();
    let grant = params.get("grant").unwrap_or("").to_string();
    let token_hash = header("cookie").as_deref().and_then(session::token_from_cookie).map(sha256_hex);
    // A page whose reads can ride with the session check costs one round trip; they are used only if it allows.
    let ride = match &token_hash {
        Some(hash) => ride_along(route.id, &db, &params, Who::Session(hash))?,
        None => Vec::new(),
    };
    let (session, scope, pre) = resolve_session(&db, token_hash.as_deref(), &community, &project, &grant, now, ride).await?;
    let community_exists = (!community.is_empty()).then_some(scope.community_exists);
    let project_exists = (!project.is_empty()).then_some(scope.project_exists);
    let room = params.get("room").and_then(crate::domain::forum::Audience::parse);
    if let Err(refused) = policy::decide_scoped(route.policy, session.as_ref().map(|s| &s.actor), community_exists, project_exists, room) {
        drain(&mut req).await;
        return Err(refused);
    }
    // A module the community turned off is not there, for anyone.
    if let (Some(m), Some(s)) = (route.module(), &session) {
        if !s.actor.modules.on(m) {
            drain(&mut req).await;
            return Err(ApiError::new(404, "module_off", "This community has turned this feature off."));
        }
    }
    if testing && header("x-tandem-policy-check").is_some() {
        return http::no_content();
    }
    let base_url = app_url.trim_end_matches('/').to_string();
    let client_ip = header("cf-connecting-ip").unwrap_or_else(|| "unknown".into());
    let pre = (!pre.is_empty()).then_some(pre);
    let mut ctx = Ctx { req, env, worker_ctx, db, now, params, session, base_url, client_ip, pre };
    let answer = dispatch(route, &mut ctx).await;
    drain(&mut ctx.req).await;
    answer
}

/// A body nobody read (a request refused before its body was needed) is read before the answer goes, when it is
/// within the JSON limit: a connection whose request is still arriving is otherwise reset, and the client never
/// sees the answer.
async fn drain(req: &mut Request) {
    if req.inner().body_used() {
        return;
    }
    let length = req.headers().get("content-length").ok().flatten().and_then(|l| l.parse::<usize>().ok());
    if length.is_some_and(|n| n > 0 && n <= http::JSON_LIMIT) {
        let _ = req.bytes().await;
    }
}

#[derive(Default)]
struct Scope {
    community_exists: bool,
    project_exists: bool,
}

/// The session behind the cookie's token, if it is live and its user active; whether the path's community and project
/// exist (known only to signed-in callers); and the results of the page's reads that rode along (`ride`).
async fn resolve_session(
    db: &Db,
    token_hash: Option<&str>,
    community: &str,
    project: &str,
    grant: &str,
    now: i64,
    ride: Vec<worker::D1PreparedStatement>,
) -> Result<(Option<Session>, Scope, Vec<worker::D1Result>), ApiError> {
    let none = || Ok((None, Scope::default(), Vec::new()));
    let Some(token_hash) = token_hash else { return none() };
    let (row, pre) = store::accounts::session(db, token_hash, community, project, grant, ride).await?;
    let Some(row) = row else { return none() };
    if !session::is_live(row.created_at, row.last_seen_at, now) {
        store::accounts::delete_session(db, &row.session_id).await?;
        return none();
    }
    if row.status != "active" {
        return none();
    }
    if session::needs_touch(row.last_seen_at, now) {
        store::accounts::touch_session(db, &row.session_id, now).await?;
    }
    let role = row.community_role.as_deref().and_then(|r| crate::domain::community::Role::parse(r).ok());
    let member = row.project_member.as_deref().unwrap_or("");
    let project = ProjectRelation {
        mentee: member == "mentee:active" || member == "mentee:invited",
        mentor: member == "mentor:active" || member == "mentor:invited" || row.project_asked > 0,
        community_admin: row.project_community_admin > 0,
        member: member.ends_with(":active"),
        active: row.project_state.as_deref() == Some("active"),
        // Coordinating is an admin's task: an admin who steps down stops coordinating.
        coordinator: row.project_coordinator > 0 && row.project_community_admin > 0,
        granted: match (&row.grant_state, &row.grant_scopes) {
            (Some(state), Some(scopes)) => crate::domain::grants::open_parts(state, row.grant_expires_at, scopes, now),
            _ => 0,
        },
    };
    let standing = crate::domain::forum::Standing {
        member: role.is_some(),
        admin: role == Some(crate::domain::community::Role::Admin),
        mentor: row.community_mentor > 0,
        mentee: row.community_mentee > 0,
    };
    let actor = Actor {
        user_id: row.user_id,
        platform_admin: row.is_platform_admin != 0 && row.second_factor != 0,
        admin_needs_factor: row.is_platform_admin != 0 && row.second_factor == 0,
        community_role: role,
        project,
        display_name: row.display_name,
        standing,
        modules: crate::domain::community::Modules::from_off(row.modules_off.as_deref()),
    };
    let scope = Scope { community_exists: row.community_exists > 0, project_exists: row.project_exists > 0 };
    let ends_at = row.created_at + session::ABSOLUTE_MS;
    Ok((Some(Session { id: row.session_id, actor, ends_at }), scope, pre))
}

/// The reads of a page that can be made before its caller is known (by their session's token), so that they ride in
/// the session check's batch. The handler takes them from `ctx.pre`.
fn ride_along(id: RouteId, db: &Db, params: &routes::Params, who: Who) -> Result<Vec<worker::D1PreparedStatement>, ApiError> {
    match id {
        RouteId::Me => store::profiles::me_reads(db, who),
        RouteId::Dashboard => store::mentoring::dashboard_reads(db, who),
        RouteId::MyMessages | RouteId::MessageThread => store::messages::my_projects_reads(db, who),
        id if routes::is_process(id) => match params.get("project") {
            Some(project) => store::mentoring::context_reads(db, project),
            None => Ok(Vec::new()),
        },
        RouteId::ProjectView => match params.get("project") {
            Some(project) => store::mentoring::page_reads(db, project),
            None => Ok(Vec::new()),
        },
        RouteId::ProjectCandidates => match params.get("project") {
            Some(project) => store::mentoring::project_reads(db, project),
            None => Ok(Vec::new()),
        },
        RouteId::CommunityHome => match params.get("community") {
            Some(community) => store::communities::home_reads(db, community, who),
            None => Ok(Vec::new()),
        },
        _ => Ok(Vec::new()),
    }
}

type Handling<'a> = std::pin::Pin<Box<dyn std::future::Future<Output = ApiResult> + 'a>>;

/// A handler's future on its own (boxed), so that each is compiled apart instead of all being inlined into one
/// state machine (which made the wasm much larger).
fn apart<'a>(f: impl std::future::Future<Output = ApiResult> + 'a) -> Handling<'a> {
    Box::pin(f)
}

/// A change of the project's process, answered with the project's page.
async fn then_view(change: Change, ctx: &mut Ctx) -> ApiResult {
    match change {
        Change::Coordinator => journey::set_coordinator(ctx).await?,
        Change::Stage => journey::move_on(ctx).await?,
        Change::Journey => journey::change_journey(ctx).await?,
    }
    mentoring::view(ctx).await
}

enum Change {
    Coordinator,
    Stage,
    Journey,
}

/// The handler of a route, as one boxed future: `dispatch` is a plain function and the caller awaits once, so each of
/// the two hundred arms costs a constructor rather than a state of one giant future (14 KB of gzipped wasm).
fn dispatch<'a>(route: &Route, ctx: &'a mut Ctx) -> Handling<'a> {
    use RouteId as R;
    match route.id {
        R::Health => apart(std::future::ready(meta::health(ctx))),
        R::OpenApi => apart(meta::openapi(ctx)),
        R::Vocabularies => apart(std::future::ready(meta::vocabularies(ctx))),
        R::Register => apart(accounts::register(ctx)),
        R::VerifyEmail => apart(accounts::verify_email(ctx)),
        R::ResendVerification => apart(accounts::resend_verification(ctx)),
        R::Login => apart(accounts::login(ctx)),
        R::TwoFactorLogin => apart(two_factor::login(ctx)),
        R::TwoFactor => apart(two_factor::status(ctx)),
        R::TwoFactorStart => apart(two_factor::start(ctx)),
        R::TwoFactorConfirm => apart(two_factor::confirm(ctx)),
        R::TwoFactorRecovery => apart(two_factor::renew(ctx)),
        R::TwoFactorOff => apart(two_factor::disable(ctx)),
        R::Logout => apart(accounts::logout(ctx)),
        R::ForgotPassword => apart(accounts::forgot_password(ctx)),
        R::ResetPassword => apart(accounts::reset_password(ctx)),
        R::ConfirmEmailChange => apart(accounts::confirm_email_change(ctx)),
        R::Me => apart(profiles::me(ctx)),
        R::ChangePassword => apart(accounts::change_password(ctx)),
        R::ChangeEmail => apart(accounts::change_email(ctx)),
        R::ListSessions => apart(accounts::list_sessions(ctx)),
        R::EndSession => apart(accounts::end_session(ctx)),
        R::ExportStatus => apart(personal::status(ctx)),
        R::ExportAsk => apart(personal::ask(ctx)),
        R::ExportPart => apart(personal::part(ctx)),
        R::EraseMe => apart(personal::erase(ctx)),
        R::ResearchConsent => apart(personal::consent(ctx)),
        R::UpdateProfile => apart(profiles::update(ctx)),
        R::UploadCv => apart(profiles::upload_cv(ctx)),
        R::DownloadOwnCv => apart(profiles::download_own_cv(ctx)),
        R::DeleteCv => apart(profiles::delete_cv(ctx)),
        R::UserProfile => apart(profiles::user_profile(ctx)),
        R::UserCv => apart(profiles::user_cv(ctx)),
        R::ListCommunities => apart(communities::list(ctx)),
        R::CreateCommunity => apart(communities::create(ctx)),
        R::CommunityHome => apart(communities::home(ctx)),
        R::UpdateCommunity => apart(communities::update(ctx)),
        R::JoinCommunity => apart(communities::join(ctx)),
        R::LeaveCommunity => apart(communities::leave(ctx)),
        R::ListMembers => apart(communities::members(ctx)),
        R::JoinRequests => apart(communities::requests(ctx)),
        R::ApproveMember => apart(communities::approve(ctx)),
        R::RejectMember => apart(communities::reject(ctx)),
        R::AdminUsers => apart(admin::users(ctx)),
        R::AdminSuspend => apart(admin::suspend(ctx)),
        R::AdminReactivate => apart(admin::reactivate(ctx)),
        R::AdminPlatformRole => apart(admin::platform_role(ctx)),
        R::AdminCommunityRole => apart(admin::community_role(ctx)),
        R::AdminArchiveCommunity => apart(admin::archive(ctx)),
        R::AdminRestoreCommunity => apart(admin::restore(ctx)),
        R::AdminOutbox => apart(admin::outbox(ctx)),
        R::AdminAudit => apart(admin::audit(ctx)),
        R::AdminRunExpiry => apart(mentoring::run_expiry(ctx)),
        R::RollView => apart(roll::view(ctx)),
        R::RollCreate => apart(roll::create(ctx)),
        R::RollSupervisor => apart(roll::hand_over(ctx)),
        R::RollApply => apart(roll::apply(ctx)),
        R::RollApplications => apart(roll::applications(ctx)),
        R::RollDecide => apart(roll::decide(ctx)),
        R::RollMine => apart(roll::mine(ctx)),
        R::RollTraining => apart(roll::set_training(ctx)),
        R::CreateRequest => apart(mentoring::create_request(ctx)),
        R::MatchingQueue => apart(mentoring::matching_queue(ctx)),
        R::CreateGroup => apart(mentoring::create_group(ctx)),
        R::ProjectView => apart(mentoring::view(ctx)),
        R::ProjectUpdate => apart(mentoring::update(ctx)),
        R::ProjectAction => apart(mentoring::action(ctx)),
        R::ProjectCandidates => apart(mentoring::candidates(ctx)),
        R::AttachmentUpload => apart(mentoring::upload_attachment(ctx)),
        R::AttachmentDownload => apart(mentoring::download_attachment(ctx)),
        R::AttachmentDelete => apart(mentoring::delete_attachment(ctx)),
        R::FolderList => apart(files::list(ctx)),
        R::FileUpload => apart(files::upload(ctx)),
        R::FolderCreate => apart(files::create_folder(ctx)),
        R::FileDetails => apart(files::details(ctx)),
        R::FileDownload => apart(files::download(ctx)),
        R::FileChange => apart(files::change(ctx)),
        R::FileDelete => apart(files::delete(ctx)),
        R::TrashList => apart(files::trash(ctx)),
        R::TrashRestore => apart(files::restore(ctx)),
        R::TrashPurge => apart(files::purge(ctx)),
        R::Dashboard => apart(dashboard::dashboard(ctx)),
        R::Notifications => apart(notifications::notifications(ctx)),
        R::NotificationsRead => apart(notifications::mark_read(ctx)),
        R::Preferences => apart(notifications::preferences(ctx)),
        R::PreferencesView => apart(notifications::get_preferences(ctx)),
        R::DigestUnsubscribe => apart(digest::unsubscribe(ctx)),
        R::ChatConnect => apart(chat::connect(ctx)),
        R::ChatHistory => apart(chat::history(ctx)),
        R::ChatSend => apart(chat::send(ctx)),
        R::ChatRead => apart(chat::read(ctx)),
        R::SendMessage => apart(messages::send(ctx)),
        R::ProjectMessages => apart(messages::project_summary(ctx)),
        R::MyMessages => apart(messages::mine(ctx)),
        R::MessageThread => apart(messages::thread(ctx)),
        R::LocalMailbox => apart(mail::local_mailbox_page(ctx)),
        // A change of the project's process answers with the project's page.
        R::ProjectCoordinator => apart(then_view(Change::Coordinator, ctx)),
        R::ProjectStage => apart(then_view(Change::Stage, ctx)),
        R::ProjectJourney => apart(then_view(Change::Journey, ctx)),
        R::Journeys => apart(journey::templates(ctx)),
        R::JourneyCreate => apart(journey::create_template(ctx)),
        R::JourneyUpdate => apart(journey::update_template(ctx)),
        R::JourneyPublish => apart(journey::publish_template(ctx)),
        R::ContractView => apart(contract::view(ctx)),
        R::ContractStart => apart(contract::start(ctx)),
        R::ContractEdit => apart(contract::edit(ctx)),
        R::ContractAct => apart(contract::act(ctx)),
        R::Goals => apart(goals::list(ctx)),
        R::GoalCreate => apart(goals::create(ctx)),
        R::GoalEdit => apart(goals::edit(ctx)),
        R::GoalAct => apart(goals::act(ctx)),
        R::ObjectiveAdd => apart(goals::add_objective(ctx)),
        R::ObjectiveChange => apart(goals::change_objective(ctx)),
        R::GoalReview => apart(goals::review(ctx)),
        R::GoalComment => apart(goals::comment(ctx)),
        R::Sessions => apart(plan::list(ctx)),
        R::SessionCreate => apart(plan::create(ctx)),
        R::SessionSeries => apart(plan::create_series(ctx)),
        R::SessionEdit => apart(plan::edit(ctx)),
        R::SessionReschedule => apart(plan::reschedule(ctx)),
        R::SessionAct => apart(plan::act(ctx)),
        R::SessionPropose => apart(plan::propose(ctx)),
        R::SessionAnswer => apart(plan::answer(ctx)),
        R::SessionIcs => apart(plan::ics(ctx)),
        R::CalendarFeedNew => apart(plan::new_feed(ctx)),
        R::CalendarFeedRevoke => apart(plan::revoke_feed(ctx)),
        R::CalendarFeed => apart(plan::feed(ctx)),
        R::DiaryView => apart(diary::view(ctx)),
        R::DiarySave => apart(diary::save(ctx)),
        R::DiaryAct => apart(diary::act(ctx)),
        R::Interactions => apart(diary::interactions(ctx)),
        R::InteractionLog => apart(diary::log(ctx)),
        R::InteractionConfirm => apart(diary::confirm(ctx)),
        R::Reflections => apart(diary::reflections(ctx)),
        R::Reflect => apart(diary::reflect(ctx)),
        R::ActionPlan => apart(journey::action_plan(ctx)),
        R::ProjectHealth => apart(health::view(ctx)),
        R::ProjectOversight => apart(oversight::panel(ctx)),
        R::HealthAcknowledge => apart(health::acknowledge(ctx)),
        R::ProjectHold => apart(health::hold(ctx)),
        R::AskHelp => apart(health::ask_help(ctx)),
        R::CoordinatorMessage => apart(health::message(ctx)),
        R::CommunityAttention => apart(health::community(ctx)),
        R::AdminRunHealth => apart(daily_task(ctx)),
        R::AdminRunDigests => apart(digest::run_now(ctx)),
        R::AdminRunUsage => apart(usage::run_now(ctx)),
        R::AdminUsage => apart(usage::platform(ctx)),
        R::CommunityUsage => apart(usage::community(ctx)),
        R::CommunityModules => apart(communities::set_modules(ctx)),
        R::CommunityPrivacy => apart(retention::set_privacy(ctx)),
        R::GrantList => apart(grants::list(ctx)),
        R::GrantAsk => apart(grants::ask(ctx)),
        R::GrantsWaiting => apart(grants::waiting(ctx)),
        R::GrantAct => apart(grants::act(ctx)),
        R::GrantChat => apart(grants::read(ctx, Part::Chat)),
        R::GrantMessages => apart(grants::read(ctx, Part::Messages)),
        R::GrantFolder => apart(grants::read(ctx, Part::Folder)),
        R::GrantProcess => apart(grants::read(ctx, Part::Process)),
        R::GrantFile => apart(files::grant_download(ctx)),
        R::CommunityUsageExport => apart(usage::export(ctx)),
        R::Evaluations => apart(evaluation::list(ctx)),
        R::Report => apart(report::view(ctx)),
        R::ReportEdit => apart(report::edit(ctx)),
        R::ReportAct => apart(report::act(ctx)),
        R::ReportShares => apart(report::shares(ctx)),
        R::Rooms => apart(forum::rooms(ctx)),
        R::LibraryShelf | R::PlatformLibrary => apart(library::list(ctx)),
        R::LibraryPropose | R::PlatformLibraryAdd => apart(library::create(ctx)),
        R::LibraryItem | R::PlatformLibraryItem => apart(library::view(ctx)),
        R::LibraryEdit | R::PlatformLibraryEdit => apart(library::edit(ctx)),
        R::LibraryAct | R::PlatformLibraryAct => apart(library::act(ctx)),
        R::LibraryReview | R::PlatformLibraryReview => apart(library::review(ctx)),
        R::LibraryProgress | R::PlatformLibraryProgress => apart(library::progress(ctx)),
        R::Librarian => apart(library::librarian(ctx)),
        R::LibraryUpload | R::PlatformLibraryUpload => apart(library::upload(ctx)),
        R::LibraryFile | R::PlatformLibraryFile => apart(library::download(ctx)),
        R::ProjectLibrary => apart(library::project(ctx)),
        R::ProjectLibraryAdd => apart(library::add(ctx)),
        R::ProjectLibraryTick => apart(library::tick(ctx)),
        R::ProjectLibraryLink => apart(library::link(ctx)),
        R::ProjectLibraryRemove => apart(library::remove(ctx)),
        R::RoomThreads => apart(forum::room(ctx)),
        R::ThreadCreate => apart(forum::create_thread(ctx)),
        R::ThreadView => apart(forum::thread(ctx)),
        R::ThreadReply => apart(forum::reply(ctx)),
        R::ThreadRead => apart(forum::read(ctx)),
        R::ThreadFollow => apart(forum::follow(ctx)),
        R::ThreadModerate => apart(forum::moderate_thread(ctx)),
        R::PostEdit => apart(forum::edit(ctx)),
        R::PostRevisions => apart(forum::revisions(ctx)),
        R::PostReport => apart(forum::report(ctx)),
        R::PostModerate => apart(forum::moderate_post(ctx)),
        R::RoomBan => apart(forum::ban(ctx)),
        R::RoomUnban => apart(forum::unban(ctx)),
        R::RoomSettings => apart(forum::settings(ctx)),
        R::RoomReports => apart(forum::reports(ctx)),
        R::RoomReportResolve => apart(forum::resolve(ctx)),
        R::EvaluationRequest => apart(evaluation::request_round(ctx)),
        R::EvaluationAnswer => apart(evaluation::answer(ctx)),
        R::GuestForm => apart(evaluation::guest_form(ctx)),
        R::GuestAnswer => apart(evaluation::guest_answer(ctx)),
        R::CommunityEvaluations => apart(evaluation::community(ctx)),
        R::EvaluationForms => apart(evaluation::forms(ctx)),
        R::EvaluationFormSave => apart(evaluation::save_form(ctx)),
        R::ActionItem => apart(journey::set_action_item(ctx)),
    }
}
