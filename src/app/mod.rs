//! The Worker: every request enters here. API routes are looked up in the route table, the caller's session is
//! resolved, the route's declared policy is applied, then the handler runs. Everything else is a static asset.

mod accounts;
mod admin;
mod chat;
mod communities;
mod contract;
mod dashboard;
mod diary;
mod files;
mod goals;
mod http;
mod journey;
mod mail;
mod mentoring;
mod messages;
mod meta;
mod notifications;
mod plan;
mod profiles;
mod retention;
mod roll;
mod space;
mod store;
mod zones;

use crate::domain::error::ApiError;
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
        if let Err(e) = retention::run(&env, &db, now).await {
            worker::console_error!("pruning: {}", e.message);
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
async fn serve(route: &Route, params: routes::Params, req: Request, env: Env, worker_ctx: Context, db: Rc<Db>, app_url: &str) -> ApiResult {
    let header = |name: &str| req.headers().get(name).ok().flatten();
    let testing = test_mode(&env);
    let now = header("x-tandem-now").filter(|_| testing).and_then(|v| v.parse::<i64>().ok()).unwrap_or_else(now_ms);
    let community = params.get("community").unwrap_or("").to_string();
    let project = params.get("project").unwrap_or("").to_string();
    let token_hash = header("cookie").as_deref().and_then(session::token_from_cookie).map(sha256_hex);
    // A page whose reads can ride with the session check costs one round trip; they are used only if it allows.
    let ride = match &token_hash {
        Some(hash) => ride_along(route.id, &db, &params, Who::Session(hash))?,
        None => Vec::new(),
    };
    let (session, scope, pre) = resolve_session(&db, token_hash.as_deref(), &community, &project, now, ride).await?;
    let community_exists = (!community.is_empty()).then_some(scope.community_exists);
    let project_exists = (!project.is_empty()).then_some(scope.project_exists);
    policy::decide_scoped(route.policy, session.as_ref().map(|s| &s.actor), community_exists, project_exists)?;
    if testing && header("x-tandem-policy-check").is_some() {
        return http::no_content();
    }
    let base_url = app_url.trim_end_matches('/').to_string();
    let client_ip = header("cf-connecting-ip").unwrap_or_else(|| "unknown".into());
    let pre = (!pre.is_empty()).then_some(pre);
    let mut ctx = Ctx { req, env, worker_ctx, db, now, params, session, base_url, client_ip, pre };
    dispatch(route, &mut ctx).await
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
    now: i64,
    ride: Vec<worker::D1PreparedStatement>,
) -> Result<(Option<Session>, Scope, Vec<worker::D1Result>), ApiError> {
    let none = || Ok((None, Scope::default(), Vec::new()));
    let Some(token_hash) = token_hash else { return none() };
    let (row, pre) = store::accounts::session(db, token_hash, community, project, ride).await?;
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
    };
    let actor = Actor {
        user_id: row.user_id,
        platform_admin: row.is_platform_admin != 0,
        community_role: role,
        project,
        display_name: row.display_name,
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

async fn then_view(done: Result<(), ApiError>, ctx: &mut Ctx) -> ApiResult {
    done?;
    mentoring::view(ctx).await
}

async fn dispatch(route: &Route, ctx: &mut Ctx) -> ApiResult {
    use RouteId as R;
    match route.id {
        R::Health => meta::health(ctx),
        R::OpenApi => meta::openapi(ctx).await,
        R::Vocabularies => meta::vocabularies(ctx),
        R::Register => accounts::register(ctx).await,
        R::VerifyEmail => accounts::verify_email(ctx).await,
        R::ResendVerification => accounts::resend_verification(ctx).await,
        R::Login => accounts::login(ctx).await,
        R::Logout => accounts::logout(ctx).await,
        R::ForgotPassword => accounts::forgot_password(ctx).await,
        R::ResetPassword => accounts::reset_password(ctx).await,
        R::ConfirmEmailChange => accounts::confirm_email_change(ctx).await,
        R::Me => profiles::me(ctx).await,
        R::ChangePassword => accounts::change_password(ctx).await,
        R::ChangeEmail => accounts::change_email(ctx).await,
        R::ListSessions => accounts::list_sessions(ctx).await,
        R::EndSession => accounts::end_session(ctx).await,
        R::UpdateProfile => profiles::update(ctx).await,
        R::UploadCv => profiles::upload_cv(ctx).await,
        R::DownloadOwnCv => profiles::download_own_cv(ctx).await,
        R::DeleteCv => profiles::delete_cv(ctx).await,
        R::UserProfile => profiles::user_profile(ctx).await,
        R::UserCv => profiles::user_cv(ctx).await,
        R::ListCommunities => communities::list(ctx).await,
        R::CreateCommunity => communities::create(ctx).await,
        R::CommunityHome => communities::home(ctx).await,
        R::UpdateCommunity => communities::update(ctx).await,
        R::JoinCommunity => communities::join(ctx).await,
        R::LeaveCommunity => communities::leave(ctx).await,
        R::ListMembers => communities::members(ctx).await,
        R::JoinRequests => communities::requests(ctx).await,
        R::ApproveMember => communities::approve(ctx).await,
        R::RejectMember => communities::reject(ctx).await,
        R::AdminUsers => admin::users(ctx).await,
        R::AdminSuspend => admin::suspend(ctx).await,
        R::AdminReactivate => admin::reactivate(ctx).await,
        R::AdminPlatformRole => admin::platform_role(ctx).await,
        R::AdminCommunityRole => admin::community_role(ctx).await,
        R::AdminArchiveCommunity => admin::archive(ctx).await,
        R::AdminRestoreCommunity => admin::restore(ctx).await,
        R::AdminOutbox => admin::outbox(ctx).await,
        R::AdminAudit => admin::audit(ctx).await,
        R::AdminRunExpiry => mentoring::run_expiry(ctx).await,
        R::RollView => roll::view(ctx).await,
        R::RollCreate => roll::create(ctx).await,
        R::RollSupervisor => roll::hand_over(ctx).await,
        R::RollApply => roll::apply(ctx).await,
        R::RollApplications => roll::applications(ctx).await,
        R::RollDecide => roll::decide(ctx).await,
        R::RollMine => roll::mine(ctx).await,
        R::CreateRequest => mentoring::create_request(ctx).await,
        R::MatchingQueue => mentoring::matching_queue(ctx).await,
        R::CreateGroup => mentoring::create_group(ctx).await,
        R::ProjectView => mentoring::view(ctx).await,
        R::ProjectUpdate => mentoring::update(ctx).await,
        R::ProjectAction => mentoring::action(ctx).await,
        R::ProjectCandidates => mentoring::candidates(ctx).await,
        R::AttachmentUpload => mentoring::upload_attachment(ctx).await,
        R::AttachmentDownload => mentoring::download_attachment(ctx).await,
        R::AttachmentDelete => mentoring::delete_attachment(ctx).await,
        R::FolderList => files::list(ctx).await,
        R::FileUpload => files::upload(ctx).await,
        R::FolderCreate => files::create_folder(ctx).await,
        R::FileDetails => files::details(ctx).await,
        R::FileDownload => files::download(ctx).await,
        R::FileChange => files::change(ctx).await,
        R::FileDelete => files::delete(ctx).await,
        R::TrashList => files::trash(ctx).await,
        R::TrashRestore => files::restore(ctx).await,
        R::TrashPurge => files::purge(ctx).await,
        R::Dashboard => dashboard::dashboard(ctx).await,
        R::Notifications => notifications::notifications(ctx).await,
        R::NotificationsRead => notifications::mark_read(ctx).await,
        R::Preferences => notifications::preferences(ctx).await,
        R::ChatConnect => chat::connect(ctx).await,
        R::ChatHistory => chat::history(ctx).await,
        R::ChatSend => chat::send(ctx).await,
        R::ChatRead => chat::read(ctx).await,
        R::SendMessage => messages::send(ctx).await,
        R::ProjectMessages => messages::project_summary(ctx).await,
        R::MyMessages => messages::mine(ctx).await,
        R::MessageThread => messages::thread(ctx).await,
        R::LocalMailbox => mail::local_mailbox_page(ctx).await,
        // A change of the project's process answers with the project's page.
        R::ProjectCoordinator => then_view(journey::set_coordinator(ctx).await, ctx).await,
        R::ProjectStage => then_view(journey::move_on(ctx).await, ctx).await,
        R::ProjectJourney => then_view(journey::change_journey(ctx).await, ctx).await,
        R::Journeys => journey::templates(ctx).await,
        R::JourneyCreate => journey::create_template(ctx).await,
        R::JourneyUpdate => journey::update_template(ctx).await,
        R::JourneyPublish => journey::publish_template(ctx).await,
        R::ContractView => contract::view(ctx).await,
        R::ContractStart => contract::start(ctx).await,
        R::ContractEdit => contract::edit(ctx).await,
        R::ContractAct => contract::act(ctx).await,
        R::Goals => goals::list(ctx).await,
        R::GoalCreate => goals::create(ctx).await,
        R::GoalEdit => goals::edit(ctx).await,
        R::GoalAct => goals::act(ctx).await,
        R::ObjectiveAdd => goals::add_objective(ctx).await,
        R::ObjectiveChange => goals::change_objective(ctx).await,
        R::GoalReview => goals::review(ctx).await,
        R::GoalComment => goals::comment(ctx).await,
        R::Sessions => plan::list(ctx).await,
        R::SessionCreate => plan::create(ctx).await,
        R::SessionSeries => plan::create_series(ctx).await,
        R::SessionEdit => plan::edit(ctx).await,
        R::SessionReschedule => plan::reschedule(ctx).await,
        R::SessionAct => plan::act(ctx).await,
        R::SessionPropose => plan::propose(ctx).await,
        R::SessionAnswer => plan::answer(ctx).await,
        R::SessionIcs => plan::ics(ctx).await,
        R::CalendarFeedNew => plan::new_feed(ctx).await,
        R::CalendarFeedRevoke => plan::revoke_feed(ctx).await,
        R::CalendarFeed => plan::feed(ctx).await,
        R::DiaryView => diary::view(ctx).await,
        R::DiarySave => diary::save(ctx).await,
        R::DiaryAct => diary::act(ctx).await,
        R::Interactions => diary::interactions(ctx).await,
        R::InteractionLog => diary::log(ctx).await,
        R::InteractionConfirm => diary::confirm(ctx).await,
        R::Reflections => diary::reflections(ctx).await,
        R::Reflect => diary::reflect(ctx).await,
    }
}
