//! The Worker: every request enters here. API routes are looked up in the route table, the caller's session is
//! resolved, the route's declared policy is applied, then the handler runs. Everything else is a static asset.

mod accounts;
mod admin;
mod chat;
mod chatroom;
mod communities;
mod dashboard;
mod http;
mod mail;
mod mentoring;
mod meta;
mod profiles;
mod roll;
mod store;

use crate::domain::error::ApiError;
use crate::domain::policy::{self, Actor, ProjectRelation};
use crate::domain::routes::{self, Match, Route, RouteId};
use crate::domain::session;
use crate::domain::token::sha256_hex;
use http::{env_var, error_response, is_state_changing, same_origin_ok, secure, ApiResult, Ctx, Session};
use worker::{event, Context, Date, Env, Request, Response, ScheduleContext, ScheduledEvent};

#[event(fetch)]
async fn fetch(req: Request, env: Env, worker_ctx: Context) -> worker::Result<Response> {
    if !req.path().starts_with("/api/") {
        let resp = env.assets("ASSETS")?.fetch_request(req).await?;
        return Ok(secure(resp, false));
    }
    let resp = handle(req, env, worker_ctx).await.unwrap_or_else(|e| error_response(&e));
    Ok(secure(resp, true))
}

#[event(scheduled)]
async fn scheduled(_event: ScheduledEvent, env: Env, _ctx: ScheduleContext) {
    let now = now_ms();
    if let Err(e) = mail::deliver_due(&env, now).await {
        worker::console_error!("outbox: {}", e.message);
    }
    if let Ok(db) = env.d1("DB") {
        let base_url = env_var(&env, "APP_URL").unwrap_or_default();
        if let Err(e) = mentoring::expire_due(&mentoring::Sys { db: &db, now, base_url: &base_url }).await {
            worker::console_error!("expiry: {}", e.message);
        }
        let swept = store::outbox::housekeeping(
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
    let method = req.method().to_string();
    let path = req.path();
    let (route, params) = match routes::find(&method, &path) {
        Match::Found(route, params) => (route, params),
        Match::WrongMethod(allowed) => {
            return Err(ApiError::new(405, "method_not_allowed", format!("This address accepts {} only.", allowed.join(", "))))
        }
        Match::NotFound => return Err(ApiError::not_found()),
    };
    let url = req.url()?;
    let own_origin = url.origin().ascii_serialization();
    if is_state_changing(&method) && !same_origin_ok(&req, &own_origin) {
        return Err(ApiError::new(403, "cross_origin", "This request must come from Tandem's own pages."));
    }
    let header = |name: &str| req.headers().get(name).ok().flatten();
    let testing = test_mode(&env);
    let now = header("x-tandem-now").filter(|_| testing).and_then(|v| v.parse::<i64>().ok()).unwrap_or_else(now_ms);
    let db = env.d1("DB")?;
    let community = params.get("community").unwrap_or("").to_string();
    let project = params.get("project").unwrap_or("").to_string();
    let (session, scope) = resolve_session(&db, header("cookie").as_deref(), &community, &project, now).await?;
    let community_exists = (!community.is_empty()).then_some(scope.community_exists);
    let project_exists = (!project.is_empty()).then_some(scope.project_exists);
    policy::decide_scoped(route.policy, session.as_ref().map(|s| &s.actor), community_exists, project_exists)?;
    if testing && header("x-tandem-policy-check").is_some() {
        return http::no_content();
    }
    let base_url = env_var(&env, "APP_URL").unwrap_or(own_origin).trim_end_matches('/').to_string();
    let client_ip = header("cf-connecting-ip").unwrap_or_else(|| "unknown".into());
    let mut ctx = Ctx { req, env, worker_ctx, db, now, params, session, base_url, client_ip };
    dispatch(route, &mut ctx).await
}

#[derive(Default)]
struct Scope {
    community_exists: bool,
    project_exists: bool,
}

/// The session behind the cookie, if it is live and its user active; and whether the path's community and project
/// exist (known only to signed-in callers).
async fn resolve_session(
    db: &worker::D1Database,
    cookie: Option<&str>,
    community: &str,
    project: &str,
    now: i64,
) -> Result<(Option<Session>, Scope), ApiError> {
    let none = || Ok((None, Scope::default()));
    let Some(token) = cookie.and_then(session::token_from_cookie) else { return none() };
    let Some(row) = store::accounts::session(db, &sha256_hex(token), community, project).await? else { return none() };
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
    };
    let actor = Actor {
        user_id: row.user_id,
        platform_admin: row.is_platform_admin != 0,
        community_role: role,
        project,
        display_name: row.display_name,
    };
    let scope = Scope { community_exists: row.community_exists > 0, project_exists: row.project_exists > 0 };
    Ok((Some(Session { id: row.session_id, actor }), scope))
}

/// Each handler's future is boxed: one small state machine per handler instead of one holding all of them (which
/// made the wasm a third larger).
type Handler<'a> = std::pin::Pin<Box<dyn std::future::Future<Output = ApiResult> + 'a>>;

async fn dispatch(route: &Route, ctx: &mut Ctx) -> ApiResult {
    use RouteId as R;
    let handler: Handler<'_> = match route.id {
        R::Health => Box::pin(std::future::ready(meta::health(ctx))),
        R::OpenApi => Box::pin(std::future::ready(meta::openapi(ctx))),
        R::Vocabularies => Box::pin(std::future::ready(meta::vocabularies(ctx))),
        R::Register => Box::pin(accounts::register(ctx)),
        R::VerifyEmail => Box::pin(accounts::verify_email(ctx)),
        R::ResendVerification => Box::pin(accounts::resend_verification(ctx)),
        R::Login => Box::pin(accounts::login(ctx)),
        R::Logout => Box::pin(accounts::logout(ctx)),
        R::ForgotPassword => Box::pin(accounts::forgot_password(ctx)),
        R::ResetPassword => Box::pin(accounts::reset_password(ctx)),
        R::ConfirmEmailChange => Box::pin(accounts::confirm_email_change(ctx)),
        R::Me => Box::pin(profiles::me(ctx)),
        R::ChangePassword => Box::pin(accounts::change_password(ctx)),
        R::ChangeEmail => Box::pin(accounts::change_email(ctx)),
        R::ListSessions => Box::pin(accounts::list_sessions(ctx)),
        R::EndSession => Box::pin(accounts::end_session(ctx)),
        R::UpdateProfile => Box::pin(profiles::update(ctx)),
        R::UploadCv => Box::pin(profiles::upload_cv(ctx)),
        R::DownloadOwnCv => Box::pin(profiles::download_own_cv(ctx)),
        R::DeleteCv => Box::pin(profiles::delete_cv(ctx)),
        R::UserProfile => Box::pin(profiles::user_profile(ctx)),
        R::UserCv => Box::pin(profiles::user_cv(ctx)),
        R::ListCommunities => Box::pin(communities::list(ctx)),
        R::CreateCommunity => Box::pin(communities::create(ctx)),
        R::CommunityHome => Box::pin(communities::home(ctx)),
        R::UpdateCommunity => Box::pin(communities::update(ctx)),
        R::JoinCommunity => Box::pin(communities::join(ctx)),
        R::LeaveCommunity => Box::pin(communities::leave(ctx)),
        R::ListMembers => Box::pin(communities::members(ctx)),
        R::JoinRequests => Box::pin(communities::requests(ctx)),
        R::ApproveMember => Box::pin(communities::approve(ctx)),
        R::RejectMember => Box::pin(communities::reject(ctx)),
        R::AdminUsers => Box::pin(admin::users(ctx)),
        R::AdminSuspend => Box::pin(admin::suspend(ctx)),
        R::AdminReactivate => Box::pin(admin::reactivate(ctx)),
        R::AdminPlatformRole => Box::pin(admin::platform_role(ctx)),
        R::AdminCommunityRole => Box::pin(admin::community_role(ctx)),
        R::AdminArchiveCommunity => Box::pin(admin::archive(ctx)),
        R::AdminRestoreCommunity => Box::pin(admin::restore(ctx)),
        R::AdminOutbox => Box::pin(admin::outbox(ctx)),
        R::AdminAudit => Box::pin(admin::audit(ctx)),
        R::AdminRunExpiry => Box::pin(mentoring::run_expiry(ctx)),
        R::RollView => Box::pin(roll::view(ctx)),
        R::RollCreate => Box::pin(roll::create(ctx)),
        R::RollSupervisor => Box::pin(roll::hand_over(ctx)),
        R::RollApply => Box::pin(roll::apply(ctx)),
        R::RollApplications => Box::pin(roll::applications(ctx)),
        R::RollDecide => Box::pin(roll::decide(ctx)),
        R::RollMine => Box::pin(roll::mine(ctx)),
        R::CreateRequest => Box::pin(mentoring::create_request(ctx)),
        R::MatchingQueue => Box::pin(mentoring::matching_queue(ctx)),
        R::CreateGroup => Box::pin(mentoring::create_group(ctx)),
        R::ProjectView => Box::pin(mentoring::view(ctx)),
        R::ProjectUpdate => Box::pin(mentoring::update(ctx)),
        R::ProjectAction => Box::pin(mentoring::action(ctx)),
        R::ProjectCandidates => Box::pin(mentoring::candidates(ctx)),
        R::AttachmentUpload => Box::pin(mentoring::upload_attachment(ctx)),
        R::AttachmentDownload => Box::pin(mentoring::download_attachment(ctx)),
        R::AttachmentDelete => Box::pin(mentoring::delete_attachment(ctx)),
        R::Dashboard => Box::pin(dashboard::dashboard(ctx)),
        R::Notifications => Box::pin(dashboard::notifications(ctx)),
        R::NotificationsRead => Box::pin(dashboard::mark_read(ctx)),
        R::Preferences => Box::pin(dashboard::preferences(ctx)),
        R::ChatConnect => Box::pin(chat::connect(ctx)),
        R::ChatHistory => Box::pin(chat::history(ctx)),
        R::ChatSend => Box::pin(chat::send(ctx)),
        R::ChatRead => Box::pin(chat::read(ctx)),
    };
    handler.await
}
