//! The route table: every API route, its access policy and its description, in one place. The worker dispatches from
//! it, `GET /api/openapi.json` is generated from it, and the access-matrix test walks it.

use super::policy::Policy;
use serde_json::{json, Map, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RouteId {
    Health,
    OpenApi,
    Vocabularies,
    Register,
    VerifyEmail,
    ResendVerification,
    Login,
    Logout,
    ForgotPassword,
    ResetPassword,
    ConfirmEmailChange,
    Me,
    ChangePassword,
    ChangeEmail,
    ListSessions,
    EndSession,
    UpdateProfile,
    UploadCv,
    DownloadOwnCv,
    DeleteCv,
    UserProfile,
    UserCv,
    ListCommunities,
    CreateCommunity,
    CommunityHome,
    UpdateCommunity,
    JoinCommunity,
    LeaveCommunity,
    ListMembers,
    JoinRequests,
    ApproveMember,
    RejectMember,
    AdminUsers,
    AdminSuspend,
    AdminReactivate,
    AdminPlatformRole,
    AdminCommunityRole,
    AdminArchiveCommunity,
    AdminRestoreCommunity,
    AdminOutbox,
    AdminAudit,
    AdminRunExpiry,
    RollView,
    RollCreate,
    RollSupervisor,
    RollApply,
    RollApplications,
    RollDecide,
    RollMine,
    CreateRequest,
    MatchingQueue,
    CreateGroup,
    ProjectView,
    ProjectUpdate,
    ProjectAction,
    ProjectCandidates,
    AttachmentUpload,
    AttachmentDownload,
    AttachmentDelete,
    FolderList,
    FileUpload,
    FolderCreate,
    FileDetails,
    FileDownload,
    FileChange,
    FileDelete,
    TrashList,
    TrashRestore,
    TrashPurge,
    Dashboard,
    Notifications,
    NotificationsRead,
    Preferences,
    ChatConnect,
    ChatHistory,
    ChatSend,
    ChatRead,
    SendMessage,
    ProjectMessages,
    MyMessages,
    MessageThread,
    LocalMailbox,
}

/// A field of a JSON request body: name, JSON Schema type, required.
pub type Field = (&'static str, &'static str, bool);

pub struct Route {
    pub id: RouteId,
    pub method: &'static str,
    pub path: &'static str,
    pub policy: Policy,
    pub tag: &'static str,
    pub summary: &'static str,
    pub body: &'static [Field],
    pub query: &'static [&'static str],
}

const fn r(
    id: RouteId,
    method: &'static str,
    path: &'static str,
    policy: Policy,
    tag: &'static str,
    summary: &'static str,
) -> Route {
    Route { id, method, path, policy, tag, summary, body: &[], query: &[] }
}

const fn b(mut route: Route, body: &'static [Field]) -> Route {
    route.body = body;
    route
}

const fn q(mut route: Route, query: &'static [&'static str]) -> Route {
    route.query = query;
    route
}

use Policy::{Anyone, CommunityAdmin, Member, PlatformAdmin, ProjectMember, ProjectViewer, User};
use RouteId as R;

const PAGE: &[&str] = &["cursor", "limit"];
const COMMUNITY_FIELDS: &[Field] = &[
    ("name", "string", true),
    ("description", "string", false),
    ("join_policy", "string", false),
    ("models", "string", false),
    ("allow_external_mentors", "boolean", false),
    ("request_timeout_days", "integer", false),
];

pub const ROUTES: &[Route] = &[
    r(R::Health, "GET", "/api/health", Anyone, "meta", "Liveness check; answers without touching storage"),
    r(R::OpenApi, "GET", "/api/openapi.json", Anyone, "meta", "This API description"),
    r(R::Vocabularies, "GET", "/api/vocabularies", Anyone, "meta", "Controlled vocabularies for profiles"),
    b(r(R::Register, "POST", "/api/auth/register", Anyone, "auth", "Create an account; a verification link is e-mailed"),
        &[("email", "string", true), ("display_name", "string", true), ("password", "string", true)]),
    b(r(R::VerifyEmail, "POST", "/api/auth/verify", Anyone, "auth", "Confirm an e-mail address with the link's token"),
        &[("token", "string", true)]),
    b(r(R::ResendVerification, "POST", "/api/auth/resend-verification", Anyone, "auth", "Send the verification link again"),
        &[("email", "string", true)]),
    b(r(R::Login, "POST", "/api/auth/login", Anyone, "auth", "Log in; sets the session cookie"),
        &[("email", "string", true), ("password", "string", true)]),
    r(R::Logout, "POST", "/api/auth/logout", User, "auth", "End this session"),
    b(r(R::ForgotPassword, "POST", "/api/auth/forgot", Anyone, "auth", "E-mail a one-time password reset link (15 minutes)"),
        &[("email", "string", true)]),
    b(r(R::ResetPassword, "POST", "/api/auth/reset", Anyone, "auth", "Set a new password with a reset token; ends all sessions"),
        &[("token", "string", true), ("password", "string", true)]),
    b(r(R::ConfirmEmailChange, "POST", "/api/auth/confirm-email", Anyone, "auth", "Confirm a new e-mail address with the link's token"),
        &[("token", "string", true)]),
    r(R::Me, "GET", "/api/me", User, "me", "Who I am: account, profile and communities"),
    b(r(R::ChangePassword, "POST", "/api/me/password", User, "me", "Change my password; ends my other sessions"),
        &[("current_password", "string", true), ("new_password", "string", true)]),
    b(r(R::ChangeEmail, "POST", "/api/me/email", User, "me", "Change my e-mail address (asks for the password; confirmed by a link)"),
        &[("password", "string", true), ("new_email", "string", true)]),
    r(R::ListSessions, "GET", "/api/me/sessions", User, "me", "My active sessions"),
    r(R::EndSession, "DELETE", "/api/me/sessions/{session}", User, "me", "End one of my sessions"),
    b(r(R::UpdateProfile, "PUT", "/api/me/profile", User, "me", "Replace my profile"),
        &[("presentation", "string", false), ("education_level", "string", false), ("status", "string", false),
          ("position", "string", false), ("field_of_study", "string", false), ("sector", "string", false),
          ("languages", "array", false), ("timezone", "string", false), ("contact_tools", "array", false),
          ("mentor_experience", "string", false), ("mentor_motivation", "string", false),
          ("accepting_mentees", "boolean", false), ("open_to_other_communities", "boolean", false),
          ("open_to_groups", "boolean", false)]),
    r(R::UploadCv, "PUT", "/api/me/cv", User, "me", "Upload my CV: the raw file as the body (PDF, DOC, DOCX or ODT; 5 MB); X-File-Name names it"),
    r(R::DownloadOwnCv, "GET", "/api/me/cv", User, "me", "Download my CV"),
    r(R::DeleteCv, "DELETE", "/api/me/cv", User, "me", "Remove my CV"),
    r(R::UserProfile, "GET", "/api/users/{user}", User, "people", "A member's profile (people who share a community)"),
    r(R::UserCv, "GET", "/api/users/{user}/cv", User, "people", "Download a member's CV (people who share a community)"),
    q(r(R::ListCommunities, "GET", "/api/communities", User, "communities", "Community directory"), PAGE),
    b(r(R::CreateCommunity, "POST", "/api/communities", PlatformAdmin, "communities", "Create a community"), COMMUNITY_FIELDS),
    r(R::CommunityHome, "GET", "/api/communities/{community}", User, "communities", "A community's home: description, settings, my membership, members (to members)"),
    b(r(R::UpdateCommunity, "PUT", "/api/communities/{community}", CommunityAdmin, "communities", "Edit a community's description and settings"), COMMUNITY_FIELDS),
    r(R::JoinCommunity, "POST", "/api/communities/{community}/join", User, "communities", "Join (open communities) or ask to join (on approval)"),
    r(R::LeaveCommunity, "POST", "/api/communities/{community}/leave", User, "communities", "Leave, or withdraw a request to join"),
    q(r(R::ListMembers, "GET", "/api/communities/{community}/members", Member, "communities", "Members of a community"), PAGE),
    r(R::JoinRequests, "GET", "/api/communities/{community}/requests", CommunityAdmin, "communities", "Pending requests to join"),
    r(R::ApproveMember, "POST", "/api/communities/{community}/requests/{user}/approve", CommunityAdmin, "communities", "Accept a request to join"),
    r(R::RejectMember, "POST", "/api/communities/{community}/requests/{user}/reject", CommunityAdmin, "communities", "Refuse a request to join"),
    q(r(R::AdminUsers, "GET", "/api/admin/users", PlatformAdmin, "admin", "Search users by name or e-mail"), &["q", "cursor", "limit"]),
    b(r(R::AdminSuspend, "POST", "/api/admin/users/{user}/suspend", PlatformAdmin, "admin", "Suspend a user; their sessions end at once"),
        &[("reason", "string", true)]),
    r(R::AdminReactivate, "POST", "/api/admin/users/{user}/reactivate", PlatformAdmin, "admin", "Reactivate a suspended user"),
    b(r(R::AdminPlatformRole, "PUT", "/api/admin/users/{user}/platform-admin", PlatformAdmin, "admin", "Grant or revoke platform-admin rights"),
        &[("granted", "boolean", true)]),
    b(r(R::AdminCommunityRole, "PUT", "/api/admin/communities/{community}/members/{user}/role", PlatformAdmin, "admin", "Make a member community admin, or back to member"),
        &[("role", "string", true)]),
    r(R::AdminArchiveCommunity, "POST", "/api/admin/communities/{community}/archive", PlatformAdmin, "admin", "Archive a community (read-only, hidden from the directory)"),
    r(R::AdminRestoreCommunity, "POST", "/api/admin/communities/{community}/restore", PlatformAdmin, "admin", "Bring an archived community back"),
    q(r(R::AdminOutbox, "GET", "/api/admin/outbox", PlatformAdmin, "admin", "Outgoing e-mail and its delivery status"), PAGE),
    q(r(R::AdminAudit, "GET", "/api/admin/audit", PlatformAdmin, "admin", "Audit log of admin actions"), PAGE),
    r(R::AdminRunExpiry, "POST", "/api/admin/tasks/expire", PlatformAdmin, "admin", "Expire unanswered mentoring requests now (the cron trigger does it every minute)"),
    // Roll of Mentors
    r(R::RollView, "GET", "/api/communities/{community}/roll", Member, "roll", "The community's Roll of Mentors: supervisor, accredited mentors and their mentor profiles, my entry"),
    r(R::RollCreate, "POST", "/api/communities/{community}/roll", CommunityAdmin, "roll", "Create the roll; the creator becomes its supervisor"),
    b(r(R::RollSupervisor, "PUT", "/api/communities/{community}/roll/supervisor", CommunityAdmin, "roll", "Hand the roll over to another community admin (the supervisor only)"),
        &[("user_id", "string", true)]),
    b(r(R::RollApply, "POST", "/api/communities/{community}/roll/applications", Member, "roll", "Apply to the roll with a motivation"),
        &[("motivation", "string", true)]),
    r(R::RollApplications, "GET", "/api/communities/{community}/roll/applications", CommunityAdmin, "roll", "Every entry of the roll, applications first"),
    b(r(R::RollDecide, "POST", "/api/communities/{community}/roll/entries/{user}/decision", CommunityAdmin, "roll", "Accredit, reject (with a note), suspend or reinstate (the supervisor only)"),
        &[("decision", "string", true), ("note", "string", false)]),
    b(r(R::RollMine, "PUT", "/api/communities/{community}/roll/me", Member, "roll", "As an accredited mentor: availability, capacity, openness to other communities"),
        &[("available", "boolean", true), ("capacity", "integer", true), ("open_to_other_communities", "boolean", true)]),
    // Mentoring requests and projects
    b(r(R::CreateRequest, "POST", "/api/communities/{community}/projects", Member, "mentoring", "Draft a mentoring request (the title is proposed when left empty)"),
        &[("title", "string", false), ("summary", "string", true), ("context", "string", false), ("client_key", "string", false)]),
    r(R::MatchingQueue, "GET", "/api/communities/{community}/matching", CommunityAdmin, "mentoring", "Model A: requests waiting for a mentor, each with suggested mentors ranked by fit"),
    b(r(R::CreateGroup, "POST", "/api/communities/{community}/groups", Member, "mentoring", "Form a group project (community admins and accredited mentors)"),
        &[("mentor_id", "string", true), ("mentee_ids", "array", true), ("name", "string", true), ("motto", "string", false), ("summary", "string", false)]),
    r(R::ProjectView, "GET", "/api/projects/{project}", ProjectViewer, "mentoring", "A request or project: state, members, history, attachments, what I can do next"),
    b(r(R::ProjectUpdate, "PUT", "/api/projects/{project}", ProjectViewer, "mentoring", "Edit a request's title and descriptions (the mentee, before a mentor is asked)"),
        &[("title", "string", true), ("summary", "string", true), ("context", "string", false)]),
    b(r(R::ProjectAction, "POST", "/api/projects/{project}/actions", ProjectViewer, "mentoring", "Move the request or project on: send, hand_to_admins, match, accept, decline, ask_info, reply, withdraw, complete, cancel, reopen"),
        &[("action", "string", true), ("mentor_id", "string", false), ("note", "string", false)]),
    q(r(R::ProjectCandidates, "GET", "/api/projects/{project}/candidates", ProjectViewer, "mentoring", "Model B: mentors the mentee may choose, ranked by fit"),
        &["sector", "field", "language", "tool"]),
    r(R::AttachmentUpload, "PUT", "/api/projects/{project}/attachments", ProjectViewer, "mentoring", "Attach a document to a request: the raw file as the body; X-File-Name names it"),
    r(R::AttachmentDownload, "GET", "/api/projects/{project}/attachments/{file}", ProjectViewer, "mentoring", "Download an attached document"),
    r(R::AttachmentDelete, "DELETE", "/api/projects/{project}/attachments/{file}", ProjectViewer, "mentoring", "Remove an attached document (whoever attached it)"),
    // The project's document folder
    q(r(R::FolderList, "GET", "/api/projects/{project}/files", ProjectMember, "files", "A folder's documents and sub-folders (the root without ?folder=), its path, and the project's usage"), &["folder"]),
    q(r(R::FileUpload, "PUT", "/api/projects/{project}/files", ProjectMember, "files", "Upload a document into a folder: the raw file as the body with its Content-Length; X-File-Name names it (percent-encoded). A file of the same name gets a new version. 25 MB a file; PDF, images, office and OpenDocument files, text, Markdown"), &["folder"]),
    b(r(R::FolderCreate, "POST", "/api/projects/{project}/folders", ProjectMember, "files", "Create a folder (in the root, or in the folder given)"),
        &[("name", "string", true), ("folder", "string", false)]),
    r(R::FileDetails, "GET", "/api/projects/{project}/files/{item}", ProjectMember, "files", "A document or folder: who made it and when, its path, and a document's versions"),
    q(r(R::FileDownload, "GET", "/api/projects/{project}/files/{item}/download", ProjectMember, "files", "Download a document (its latest version, or ?version=)"), &["version"]),
    b(r(R::FileChange, "PATCH", "/api/projects/{project}/files/{item}", ProjectMember, "files", "Rename a document or folder, or move it to another folder (\"\" is the root)"),
        &[("name", "string", false), ("folder", "string", false)]),
    r(R::FileDelete, "DELETE", "/api/projects/{project}/files/{item}", ProjectMember, "files", "Move a document or folder (with all it holds) to the trash, restorable for 30 days"),
    r(R::TrashList, "GET", "/api/projects/{project}/trash", ProjectMember, "files", "What was deleted, and when it will be gone for good"),
    r(R::TrashRestore, "POST", "/api/projects/{project}/trash/{item}/restore", ProjectMember, "files", "Bring a deleted item back where it was (renamed if its name was taken meanwhile)"),
    r(R::TrashPurge, "DELETE", "/api/projects/{project}/trash/{item}", ProjectMember, "files", "Delete an item in the trash for good, freeing its space"),
    r(R::Dashboard, "GET", "/api/dashboard", User, "me", "My mentoring, requests waiting for my answer, my roll applications, and for community admins their queues"),
    q(r(R::Notifications, "GET", "/api/notifications", User, "me", "My notifications, newest first, with the unread count"), PAGE),
    b(r(R::NotificationsRead, "POST", "/api/notifications/read", User, "me", "Mark notifications read (all of them when no ids are given)"),
        &[("ids", "array", false)]),
    b(r(R::Preferences, "PUT", "/api/me/preferences", User, "me", "Whether notifications are also e-mailed"),
        &[("email_notifications", "boolean", true)]),
    // The project chatroom (one Durable Object per project)
    r(R::ChatConnect, "GET", "/api/projects/{project}/chat", ProjectMember, "chat", "Open the chatroom's WebSocket (frames: see src/domain/chat.rs); read-only when the project is not active"),
    q(r(R::ChatHistory, "GET", "/api/projects/{project}/chat/messages", ProjectMember, "chat", "Chat history by sequence number (before, after, limit); with after and wait (seconds, at most 25) it long-polls"),
        &["before", "after", "limit", "wait"]),
    b(r(R::ChatSend, "POST", "/api/projects/{project}/chat/messages", ProjectMember, "chat", "Send a chat message over HTTP (same ids and guarantees as the WebSocket)"),
        &[("client_id", "string", true), ("text", "string", true)]),
    b(r(R::ChatRead, "POST", "/api/projects/{project}/chat/read", ProjectMember, "chat", "Mark the chat read up to a sequence number; returns the unread count"),
        &[("seq", "integer", true)]),
    // Private messages
    b(r(R::SendMessage, "POST", "/api/projects/{project}/messages", ProjectMember, "messages", "Write privately to another member of the project, or reply in a thread"),
        &[("to", "string", false), ("subject", "string", false), ("body", "string", true), ("reply_to", "string", false)]),
    r(R::ProjectMessages, "GET", "/api/projects/{project}/messages", ProjectMember, "messages", "For the project home: with each other member, the last messages I received and sent"),
    q(r(R::MyMessages, "GET", "/api/me/messages", User, "messages", "My inbox (or ?box=sent), newest first, with unread counts"), &["box", "cursor", "limit"]),
    r(R::MessageThread, "GET", "/api/messages/{message}", User, "messages", "A message's whole thread (its two parties only); opening it marks what I received read"),
    r(R::LocalMailbox, "GET", "/api/local/mailbox", Anyone, "mail", "On a developer's machine only (EMAIL_PROVIDER console, APP_URL local): the mail sent, links included, newest first; 404 anywhere else"),
];

/// Path parameters, in path order.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Params(Vec<(&'static str, String)>);

impl Params {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str())
    }
}

pub enum Match<'a> {
    Found(&'a Route, Params),
    /// The path exists, but not for this method.
    WrongMethod(Vec<&'static str>),
    NotFound,
}

fn matches(pattern: &'static str, path: &str) -> Option<Params> {
    let mut params = Vec::new();
    let mut want = pattern.split('/');
    let mut have = path.split('/');
    loop {
        match (want.next(), have.next()) {
            (None, None) => return Some(Params(params)),
            (Some(w), Some(h)) => {
                if let Some(name) = w.strip_prefix('{').and_then(|n| n.strip_suffix('}')) {
                    // Every parameter is an id; anything else cannot name a thing.
                    if !super::token::is_id_shaped(h) {
                        return None;
                    }
                    params.push((name, h.to_string()));
                } else if w != h {
                    return None;
                }
            }
            _ => return None,
        }
    }
}

pub fn find(method: &str, path: &str) -> Match<'static> {
    let method = if method == "HEAD" { "GET" } else { method };
    let mut allowed = Vec::new();
    for route in ROUTES {
        if let Some(params) = matches(route.path, path) {
            if route.method == method {
                return Match::Found(route, params);
            }
            allowed.push(route.method);
        }
    }
    if allowed.is_empty() {
        Match::NotFound
    } else {
        Match::WrongMethod(allowed)
    }
}

/// Whether a frontend path names a page of the app (served the app's HTML) rather than a file: its last segment has
/// no extension.
pub fn is_page_path(path: &str) -> bool {
    !path.starts_with("/api/") && !path.rsplit('/').next().unwrap_or("").contains('.')
}

/// The OpenAPI 3.1 description of every route in the table.
pub fn openapi() -> Value {
    let error = json!({"$ref": "#/components/schemas/Error"});
    let mut paths = Map::new();
    for route in ROUTES {
        let params: Vec<Value> = route
            .path
            .split('/')
            .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
            .map(|n| json!({"name": n, "in": "path", "required": true, "schema": {"type": "string", "pattern": "^[0-9a-f]{28}$"}}))
            .chain(route.query.iter().map(|n| json!({"name": n, "in": "query", "required": false, "schema": {"type": "string"}})))
            .collect();
        let mut op: Map<String, Value> = json!({
            "operationId": format!("{:?}", route.id),
            "summary": route.summary,
            "tags": [route.tag],
            "x-access-policy": route.policy.as_str(),
            "parameters": params,
            "responses": {
                "200": {"description": "Success"},
                "default": {"description": "An error", "content": {"application/json": {"schema": error}}}
            }
        })
        .as_object()
        .cloned()
        .unwrap_or_default();
        if route.policy != Policy::Anyone {
            op.insert("security".into(), json!([{"session": []}]));
        }
        if !route.body.is_empty() {
            let props: Map<String, Value> =
                route.body.iter().map(|(n, t, _)| ((*n).to_string(), json!({"type": t}))).collect();
            let required: Vec<&str> = route.body.iter().filter(|f| f.2).map(|f| f.0).collect();
            op.insert(
                "requestBody".into(),
                json!({"required": true, "content": {"application/json": {"schema": {
                    "type": "object", "properties": props, "required": required}}}}),
            );
        }
        if let Some(ops) = paths.entry(route.path.to_string()).or_insert_with(|| json!({})).as_object_mut() {
            ops.insert(route.method.to_ascii_lowercase(), Value::Object(op));
        }
    }
    json!({
        "openapi": "3.1.0",
        "info": {"title": "Tandem API", "version": env!("CARGO_PKG_VERSION"),
                 "description": "E-mentoring at the edge. Errors share one shape; state-changing requests must come from Tandem's own origin."},
        "paths": paths,
        "components": {
            "securitySchemes": {"session": {"type": "apiKey", "in": "cookie", "name": super::session::COOKIE}},
            "schemas": {"Error": {"type": "object", "required": ["error"], "properties": {"error": {
                "type": "object", "required": ["code", "message", "field"],
                "properties": {"code": {"type": "string"}, "message": {"type": "string"}, "field": {"type": ["string", "null"]}}}}}}
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "018f0a1b2c3d00112233445566ff";

    #[test]
    fn finds_routes_and_params() {
        match find("POST", &format!("/api/communities/{ID}/requests/{ID}/approve")) {
            Match::Found(route, params) => {
                assert_eq!(route.id, RouteId::ApproveMember);
                assert_eq!(params.get("community"), Some(ID));
                assert_eq!(params.get("user"), Some(ID));
            }
            _ => panic!("not found"),
        }
        assert!(matches!(find("GET", "/api/me"), Match::Found(r, _) if r.id == RouteId::Me));
        assert!(matches!(find("HEAD", "/api/health"), Match::Found(r, _) if r.id == RouteId::Health));
    }

    #[test]
    fn wrong_method_and_unknown_paths() {
        assert!(matches!(find("DELETE", "/api/me"), Match::WrongMethod(m) if m == vec!["GET"]));
        assert!(matches!(find("GET", "/api/nothing"), Match::NotFound));
        assert!(matches!(find("GET", "/api/communities/not-an-id"), Match::NotFound));
        assert!(matches!(find("GET", "/api/me/"), Match::NotFound));
    }

    #[test]
    fn pages_and_files() {
        for p in ["/", "/dashboard", "/projects/018f0a1b2c3d00112233445566ff/files", "/reset"] {
            assert!(is_page_path(p), "{p}");
        }
        for p in ["/i18n/xx.json", "/js/nothing.js", "/favicon.ico", "/api/me"] {
            assert!(!is_page_path(p), "{p}");
        }
    }

    #[test]
    fn table_is_consistent() {
        let mut seen = std::collections::HashSet::new();
        for route in ROUTES {
            assert!(seen.insert((route.method, route.path)), "duplicate {} {}", route.method, route.path);
            assert!(route.path.starts_with("/api/"));
            // Routes with a community in the path use a policy that checks it, or are platform-admin routes.
            if route.path.contains("{community}") && route.policy == Policy::Anyone {
                panic!("{} must not be public", route.path);
            }
            if route.path.starts_with("/api/admin/") {
                assert_eq!(route.policy, Policy::PlatformAdmin, "{}", route.path);
            }
        }
    }

    #[test]
    fn openapi_lists_every_route() {
        let doc = openapi();
        for route in ROUTES {
            let op = &doc["paths"][route.path][route.method.to_ascii_lowercase()];
            assert_eq!(op["x-access-policy"], route.policy.as_str(), "{} {}", route.method, route.path);
        }
        assert_eq!(doc["openapi"], "3.1.0");
    }
}
