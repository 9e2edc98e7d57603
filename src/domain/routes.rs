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
    TwoFactorLogin,
    TwoFactor,
    TwoFactorStart,
    TwoFactorConfirm,
    TwoFactorRecovery,
    TwoFactorOff,
    ExportStatus,
    ExportAsk,
    ExportPart,
    EraseMe,
    ResearchConsent,
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
    RollTraining,
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
    PreferencesView,
    DigestUnsubscribe,
    ChatConnect,
    ChatHistory,
    ChatSend,
    ChatRead,
    SendMessage,
    ProjectMessages,
    MyMessages,
    MessageThread,
    LocalMailbox,
    ProjectCoordinator,
    ProjectStage,
    ProjectJourney,
    Journeys,
    JourneyCreate,
    JourneyUpdate,
    JourneyPublish,
    ContractView,
    ContractStart,
    ContractEdit,
    ContractAct,
    Goals,
    GoalCreate,
    GoalEdit,
    GoalAct,
    ObjectiveAdd,
    ObjectiveChange,
    GoalReview,
    GoalComment,
    Sessions,
    SessionCreate,
    SessionSeries,
    SessionEdit,
    SessionReschedule,
    SessionAct,
    SessionPropose,
    SessionAnswer,
    SessionIcs,
    CalendarFeedNew,
    CalendarFeedRevoke,
    CalendarFeed,
    DiaryView,
    DiarySave,
    DiaryAct,
    Interactions,
    InteractionLog,
    InteractionConfirm,
    Reflections,
    Reflect,
    ActionPlan,
    ActionItem,
    ProjectHealth,
    ProjectOversight,
    HealthAcknowledge,
    ProjectHold,
    AskHelp,
    CoordinatorMessage,
    CommunityAttention,
    AdminRunHealth,
    AdminRunDigests,
    AdminRunUsage,
    CommunityModules,
    CommunityPrivacy,
    GrantList,
    GrantAsk,
    GrantsWaiting,
    GrantAct,
    GrantChat,
    GrantMessages,
    GrantFolder,
    GrantProcess,
    GrantFile,
    AdminUsage,
    CommunityUsage,
    CommunityUsageExport,
    Evaluations,
    EvaluationRequest,
    EvaluationAnswer,
    GuestForm,
    GuestAnswer,
    CommunityEvaluations,
    EvaluationForms,
    EvaluationFormSave,
    Report,
    ReportEdit,
    ReportAct,
    ReportShares,
    Rooms,
    RoomThreads,
    ThreadCreate,
    ThreadView,
    ThreadReply,
    ThreadRead,
    ThreadFollow,
    ThreadModerate,
    PostEdit,
    PostRevisions,
    PostReport,
    PostModerate,
    RoomBan,
    RoomUnban,
    RoomSettings,
    RoomReports,
    RoomReportResolve,
    LibraryShelf,
    LibraryPropose,
    LibraryItem,
    LibraryEdit,
    LibraryAct,
    LibraryReview,
    LibraryProgress,
    Librarian,
    LibraryUpload,
    LibraryFile,
    PlatformLibrary,
    PlatformLibraryAdd,
    PlatformLibraryItem,
    PlatformLibraryEdit,
    PlatformLibraryAct,
    PlatformLibraryReview,
    PlatformLibraryProgress,
    PlatformLibraryUpload,
    PlatformLibraryFile,
    ProjectLibrary,
    ProjectLibraryAdd,
    ProjectLibraryTick,
    ProjectLibraryLink,
    ProjectLibraryRemove,
}

/// What a body field or query parameter holds. Each names the rule its parser applies (the same constants), so the
/// API description states exactly what the handlers accept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    Text(Text),
    /// Exactly one of these values.
    OneOf(&'static [&'static str]),
    /// One of these values, or "" for none.
    Code(&'static [&'static str]),
    Bool,
    Int(i64, i64),
    Id,
    /// An id, or "" (the root folder).
    IdOrRoot,
    /// A list of ids, from `.0` to `.1` of them.
    Ids(usize, usize),
    Email,
    /// A new password (8 to 128 characters, not a common one).
    NewPassword,
    /// Any non-empty text (a log-in's e-mail and password are checked against the account, not a pattern).
    Given,
    /// A one-time link's secret.
    Secret,
    /// Up to 64 letters, digits, - or _.
    ClientKey,
    Timezone,
    Languages,
    Contacts,
    /// A calendar date, `YYYY-MM-DD`.
    Date,
    /// A list of one of these values each (no repeats).
    Codes(&'static [&'static str]),
    /// A list of objects with these fields, at most `.1` of them.
    Objects(&'static [Field], usize),
    /// A journey template (see `journey::Template`).
    Template,
    /// A list of texts, each with this rule, at most `.1` of them.
    Texts(Text, usize),
    /// Answers to an evaluation form, by question key.
    Answers,
    /// An evaluation form (see `evaluation::Form`).
    Form,
}

/// A field of a JSON request body, or a query parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    pub name: &'static str,
    pub ty: Ty,
    pub required: bool,
}

const fn opt(name: &'static str, ty: Ty) -> Field {
    Field { name, ty, required: false }
}

const fn req(name: &'static str, ty: Ty) -> Field {
    Field { name, ty, required: true }
}

pub struct Route {
    pub id: RouteId,
    pub method: &'static str,
    pub path: &'static str,
    pub policy: Policy,
    pub tag: &'static str,
    pub summary: &'static str,
    pub body: &'static [Field],
    pub query: &'static [Field],
}

/// Where a request's reads must start (D1 read replication; README, "Reads near the reader").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reads {
    /// At the primary: a change (its checks must see the newest state, whatever bookmark the caller sends), and the
    /// chat, whose room acts on what the worker tells it (who may connect, whether the room is read-only).
    Primary,
    /// At the nearest replica at least as new as the person's bookmark.
    Nearest,
}

/// The routes of a project's process that read the project's context first (it rides with the session check).
pub fn is_process(id: RouteId) -> bool {
    use RouteId as R;
    matches!(
        id,
        R::ContractView | R::ContractStart | R::ContractEdit | R::ContractAct | R::Goals | R::GoalCreate | R::GoalEdit | R::GoalAct
            | R::ObjectiveAdd | R::ObjectiveChange | R::GoalReview | R::GoalComment | R::Sessions | R::SessionCreate | R::SessionSeries
            | R::SessionEdit | R::SessionReschedule | R::SessionAct | R::SessionPropose | R::SessionAnswer | R::SessionIcs | R::DiaryView
            | R::DiarySave | R::DiaryAct | R::Interactions | R::InteractionLog | R::InteractionConfirm | R::Reflections | R::Reflect
            | R::ActionPlan | R::ActionItem
    )
}

impl Route {
    /// The community module this route belongs to: turned off, the route is not there (404 `module_off`).
    pub fn module(&self) -> Option<super::community::Module> {
        use super::community::Module;
        use RouteId as R;
        if self.tag == "library" {
            return Some(Module::Library);
        }
        if matches!(self.policy, Policy::Room | Policy::CommunityInsider) {
            return Some(Module::Rooms);
        }
        Some(match self.id {
            R::ContractView | R::ContractStart | R::ContractEdit | R::ContractAct => Module::Contract,
            R::Goals | R::GoalCreate | R::GoalEdit | R::GoalAct | R::ObjectiveAdd | R::ObjectiveChange | R::GoalReview | R::GoalComment => Module::Goals,
            R::DiaryView | R::DiarySave | R::DiaryAct | R::Reflections | R::Reflect => Module::Diary,
            R::Evaluations | R::EvaluationRequest | R::EvaluationAnswer | R::CommunityEvaluations | R::EvaluationForms | R::EvaluationFormSave => Module::Evaluations,
            _ => return None,
        })
    }

    pub fn reads(&self) -> Reads {
        let changes = !matches!(self.method, "GET" | "HEAD");
        // (A grant's reads are checked against the primary: one just opened or ended is so at once.)
        if changes || matches!(self.id, RouteId::ChatConnect | RouteId::ChatHistory | RouteId::ChatSend | RouteId::ChatRead | RouteId::GrantChat | RouteId::GrantMessages | RouteId::GrantFolder | RouteId::GrantProcess | RouteId::GrantFile) {
            Reads::Primary
        } else {
            Reads::Nearest
        }
    }

    /// Whether `?name=` is one of this route's query parameters.
    pub fn takes(&self, name: &str) -> bool {
        self.query.iter().any(|f| f.name == name)
    }
}

const fn r(
    id: RouteId,
    method: &'static str,
    path: &'static str,
    policy: Policy,
    tag: &'static str,
    summary: &'static str,
) -> Route {
    // The summaries are for the API description, written by the native build (src/bin/openapi.rs): the worker does
    // not carry them (about 8 KB of its gzipped wasm).
    let summary = if cfg!(target_arch = "wasm32") { "" } else { summary };
    Route { id, method, path, policy, tag, summary, body: &[], query: &[] }
}

const fn b(mut route: Route, body: &'static [Field]) -> Route {
    // Bodies are described for the API description too (handlers parse them with `input!`): not in the worker.
    if !cfg!(target_arch = "wasm32") {
        route.body = body;
    }
    route
}

/// A report's period: from and to (dates; by default the last twelve weeks).
const PERIOD: &[Field] = &[opt("from", Ty::Date), opt("to", Ty::Date)];

const fn q(mut route: Route, query: &'static [Field]) -> Route {
    route.query = query;
    route
}

use super::community::{self as community, Role};
use super::contract;
use super::diary;
use super::goals;
use super::grants;
use super::health;
use super::evaluation;
use super::forum;
use super::report;
use super::plan;
use super::journey;
use super::library;
use super::lifecycle::Action;
use super::messages::{self as messages, Box_};
use super::profile as profile;
use super::request as request;
use super::roll::{self as roll, Decision};
use super::text::{self as text, Text};
use super::vocab;
use Policy::{Anyone, CommunityAdmin, CommunityInsider, CommunityStaff, Member, PlatformAdmin, ProjectAdmin, ProjectMember, ProjectProcess, ProjectViewer, Room, User};
use RouteId as R;
use Ty::{Bool, Code, Id, IdOrRoot, Ids, Int, OneOf, Secret};

/// A document's or folder's name.
const FILE_NAME: Text = Text::line(1, super::files::MAX_NAME_CHARS);
const PAGE: &[Field] = &[opt("cursor", Id), opt("limit", Int(1, 100))];
const COMMUNITY_FIELDS: &[Field] = &[
    req("name", Ty::Text(community::NAME)),
    opt("description", Ty::Text(community::DESCRIPTION)),
    opt("join_policy", OneOf(community::JOIN_POLICIES)),
    opt("models", OneOf(community::MODELS)),
    opt("allow_external_mentors", Bool),
    opt("request_timeout_days", Int(*community::TIMEOUT_DAYS.start(), *community::TIMEOUT_DAYS.end())),
];
/// An edit names only what changes.
const COMMUNITY_CHANGES: &[Field] = &[
    opt("name", Ty::Text(community::NAME)),
    opt("description", Ty::Text(community::DESCRIPTION)),
    opt("join_policy", OneOf(community::JOIN_POLICIES)),
    opt("models", OneOf(community::MODELS)),
    opt("allow_external_mentors", Bool),
    opt("request_timeout_days", Int(*community::TIMEOUT_DAYS.start(), *community::TIMEOUT_DAYS.end())),
];
const CANDIDATE_FILTERS: &[Field] = &[
    opt("sector", Code(vocab::SECTORS)),
    opt("field", Code(vocab::FIELDS)),
    opt("language", Code(vocab::LANGUAGES)),
    opt("tool", Code(vocab::CONTACT_TOOLS)),
];
const CONTRACT_FIELDS: &[Field] = &[
    opt("clauses", Ty::Objects(&[req("title", Ty::Text(contract::CLAUSE_TITLE)), req("text", Ty::Text(contract::CLAUSE_TEXT))], contract::MAX_CLAUSES)),
    req("starts_on", Ty::Date),
    req("ends_on", Ty::Date),
    opt("frequency", Ty::Text(contract::FREQUENCY)),
    opt("channels", Ty::Codes(contract::CHANNELS)),
    opt("confidentiality", Ty::Text(contract::LONG_TEXT)),
    opt("ethics", Ty::Text(contract::LONG_TEXT)),
    opt("free_text", Ty::Text(contract::LONG_TEXT)),
    opt("change_note", Ty::Text(contract::CHANGE_NOTE)),
];
const GOAL_FIELDS: &[Field] = &[
    opt("kind", OneOf(&["personal", "group"])),
    opt("owner", Id),
    req("title", Ty::Text(goals::TITLE)),
    opt("why", Ty::Text(goals::LONG_TEXT)),
    opt("success", Ty::Text(goals::LONG_TEXT)),
    opt("target_date", Ty::Date),
    opt("shared", Bool),
];
const OBJECTIVE_FIELDS: &[Field] = &[req("title", Ty::Text(goals::TITLE)), opt("due", Ty::Date), opt("order", Int(0, 1000))];
const REQUEST_FIELDS: &[Field] =
    &[opt("title", Ty::Text(request::TITLE)), req("summary", Ty::Text(request::SUMMARY)), opt("context", Ty::Text(request::CONTEXT))];

const STEP_FIELDS: &[Field] = &[opt("id", Id), opt("resource", Id), opt("text", Ty::Text(library::STEP_TEXT)), opt("range_from", Int(0, 100_000)), opt("range_to", Int(0, 100_000)), opt("minutes", Int(0, 600))];
const ITEM_FIELDS: &[Field] = &[
    req("kind", OneOf(library::Kind::WRITTEN)),
    req("title", Ty::Text(library::TITLE)),
    opt("description", Ty::Text(library::DESCRIPTION)),
    opt("url", Ty::Text(Text::line(0, 2000))),
    opt("body", Ty::Text(library::BODY)),
    req("licence", OneOf(library::LICENCES)),
    opt("languages", Ty::Codes(vocab::LANGUAGES)),
    opt("fields", Ty::Codes(library::TOPICS)),
    opt("level", Code(library::LEVELS)),
    opt("audience", Code(library::AUDIENCES)),
    opt("provenance", Ty::Text(library::PROVENANCE)),
    opt("derived_from", Id),
    opt("steps", Ty::Objects(STEP_FIELDS, library::MAX_STEPS)),
    opt("client_key", Ty::ClientKey),
];
const SHELF_QUERY: &[Field] = &[
    opt("q", Ty::Text(Text::line(0, 200))),
    opt("kind", Code(library::Kind::NAMES)),
    opt("audience", Code(library::AUDIENCES)),
    opt("language", Code(vocab::LANGUAGES)),
    opt("field", Code(library::TOPICS)),
    opt("show", Code(&["mine", "to_curate"])),
];
const LIBRARY_ACT: &[Field] = &[req("action", OneOf(library::Action::NAMES)), opt("note", Ty::Text(library::NOTE))];
const LIBRARY_REVIEW: &[Field] = &[req("rating", Int(1, 5)), opt("text", Ty::Text(library::REVIEW))];
const LIBRARY_TICK: &[Field] = &[req("step", Id), req("done", Bool)];

pub const ROUTES: &[Route] = &[
    r(R::Health, "GET", "/api/health", Anyone, "meta", "Liveness check; answers without touching storage"),
    r(R::OpenApi, "GET", "/api/openapi.json", Anyone, "meta", "This API description"),
    r(R::Vocabularies, "GET", "/api/vocabularies", Anyone, "meta", "Controlled vocabularies for profiles"),
    b(r(R::Register, "POST", "/api/auth/register", Anyone, "auth", "Create an account; a verification link is e-mailed"),
        &[req("email", Ty::Email), req("display_name", Ty::Text(text::DISPLAY_NAME)), req("password", Ty::NewPassword), opt("language", Ty::OneOf(crate::domain::words::LANGUAGES))]),
    b(r(R::VerifyEmail, "POST", "/api/auth/verify", Anyone, "auth", "Confirm an e-mail address with the link's token"),
        &[req("token", Secret)]),
    b(r(R::ResendVerification, "POST", "/api/auth/resend-verification", Anyone, "auth", "Send the verification link again"),
        &[req("email", Ty::Email)]),
    b(r(R::Login, "POST", "/api/auth/login", Anyone, "auth", "Log in; sets the session cookie, or, with two-factor on, answers a challenge for the second step"),
        &[req("email", Ty::Given), req("password", Ty::Given)]),
    b(r(R::TwoFactorLogin, "POST", "/api/auth/two-factor", Anyone, "auth", "The second step of a log-in: the challenge and a code from the app (or a recovery code); sets the session cookie"),
        &[req("challenge", Secret), req("code", Ty::Given)]),
    r(R::Logout, "POST", "/api/auth/logout", User, "auth", "End this session"),
    b(r(R::ForgotPassword, "POST", "/api/auth/forgot", Anyone, "auth", "E-mail a one-time password reset link (15 minutes)"),
        &[req("email", Ty::Email)]),
    b(r(R::ResetPassword, "POST", "/api/auth/reset", Anyone, "auth", "Set a new password with a reset token; ends all sessions"),
        &[req("token", Secret), req("password", Ty::NewPassword)]),
    b(r(R::ConfirmEmailChange, "POST", "/api/auth/confirm-email", Anyone, "auth", "Confirm a new e-mail address with the link's token"),
        &[req("token", Secret)]),
    r(R::Me, "GET", "/api/me", User, "me", "Who I am: account, profile and communities"),
    b(r(R::ChangePassword, "POST", "/api/me/password", User, "me", "Change my password; ends my other sessions"),
        &[req("current_password", Ty::Given), req("new_password", Ty::NewPassword)]),
    b(r(R::ChangeEmail, "POST", "/api/me/email", User, "me", "Change my e-mail address (asks for the password; confirmed by a link)"),
        &[req("password", Ty::Given), req("new_email", Ty::Email)]),
    r(R::ListSessions, "GET", "/api/me/sessions", User, "me", "My active sessions"),
    r(R::EndSession, "DELETE", "/api/me/sessions/{session}", User, "me", "End one of my sessions"),
    r(R::TwoFactor, "GET", "/api/me/two-factor", User, "me", "Whether my two-factor authentication is on, required, and how many recovery codes are left"),
    b(r(R::TwoFactorStart, "POST", "/api/me/two-factor", User, "me", "Begin turning two-factor on (asks for the password): a new secret for the authenticator app, shown once"),
        &[req("password", Ty::Given)]),
    b(r(R::TwoFactorConfirm, "POST", "/api/me/two-factor/confirm", User, "me", "Turn two-factor on with a code from the app; answers ten recovery codes, shown once"),
        &[req("code", Ty::Given)]),
    b(r(R::TwoFactorRecovery, "POST", "/api/me/two-factor/recovery", User, "me", "New recovery codes (the old ones stop working), with a code"),
        &[req("code", Ty::Given)]),
    b(r(R::TwoFactorOff, "DELETE", "/api/me/two-factor", User, "me", "Turn two-factor off, with a code (platform administrators keep it)"),
        &[req("code", Ty::Given)]),
    r(R::ExportStatus, "GET", "/api/me/export", User, "me", "My latest export of my data, and when I may ask for another"),
    r(R::ExportAsk, "POST", "/api/me/export", User, "me", "Ask for a copy of my data (once a day): JSON documents, e-mailed when ready and kept 7 days"),
    q(r(R::ExportPart, "GET", "/api/me/export/{export}", User, "me", "Download one document of my ready export"), &[req("part", Ty::Int(1, 100_000))]),
    b(r(R::ResearchConsent, "PUT", "/api/me/research-consent", User, "me", "Give or withdraw my consent to research: the research export has record-level rows only of projects whose every member gave it"),
        &[req("given", Bool)]),
    b(r(R::EraseMe, "DELETE", "/api/me", User, "me", "Delete my account in 14 days (logging in cancels it); refused while I am the last platform admin or a project's only mentor"),
        &[req("password", Ty::Given)]),
    b(r(R::UpdateProfile, "PUT", "/api/me/profile", User, "me", "Replace my profile"),
        &[opt("display_name", Ty::Text(text::DISPLAY_NAME)), opt("presentation", Ty::Text(profile::PRESENTATION)),
          opt("education_level", Code(vocab::EDUCATION_LEVELS)), opt("status", Code(vocab::STATUSES)),
          opt("position", Ty::Text(profile::POSITION)), opt("field_of_study", Code(vocab::FIELDS)), opt("sector", Code(vocab::SECTORS)),
          opt("languages", Ty::Languages), opt("timezone", Ty::Timezone), opt("contact_tools", Ty::Contacts),
          opt("mentor_experience", Ty::Text(profile::MENTOR_TEXT)), opt("mentor_motivation", Ty::Text(profile::MENTOR_TEXT)),
          opt("accepting_mentees", Bool), opt("open_to_other_communities", Bool), opt("open_to_groups", Bool)]),
    r(R::UploadCv, "PUT", "/api/me/cv", User, "me", "Upload my CV: the raw file as the body (PDF, DOC, DOCX or ODT; 5 MB); X-File-Name names it"),
    r(R::DownloadOwnCv, "GET", "/api/me/cv", User, "me", "Download my CV"),
    r(R::DeleteCv, "DELETE", "/api/me/cv", User, "me", "Remove my CV"),
    r(R::UserProfile, "GET", "/api/users/{user}", User, "people", "A member's profile (people who share a community)"),
    r(R::UserCv, "GET", "/api/users/{user}/cv", User, "people", "Download a member's CV (people who share a community)"),
    q(r(R::ListCommunities, "GET", "/api/communities", User, "communities", "Community directory"), PAGE),
    b(r(R::CreateCommunity, "POST", "/api/communities", PlatformAdmin, "communities", "Create a community"), COMMUNITY_FIELDS),
    r(R::CommunityHome, "GET", "/api/communities/{community}", User, "communities", "A community's home: description, settings, my membership, members (to members)"),
    b(r(R::UpdateCommunity, "PUT", "/api/communities/{community}", CommunityAdmin, "communities", "Edit a community's description and settings (the fields given; the rest stay)"), COMMUNITY_CHANGES),
    r(R::JoinCommunity, "POST", "/api/communities/{community}/join", User, "communities", "Join (open communities) or ask to join (on approval)"),
    r(R::LeaveCommunity, "POST", "/api/communities/{community}/leave", User, "communities", "Leave, or withdraw a request to join"),
    q(r(R::ListMembers, "GET", "/api/communities/{community}/members", Member, "communities", "Members of a community"), PAGE),
    r(R::JoinRequests, "GET", "/api/communities/{community}/requests", CommunityAdmin, "communities", "Pending requests to join"),
    r(R::ApproveMember, "POST", "/api/communities/{community}/requests/{user}/approve", CommunityAdmin, "communities", "Accept a request to join"),
    r(R::RejectMember, "POST", "/api/communities/{community}/requests/{user}/reject", CommunityAdmin, "communities", "Refuse a request to join"),
    q(r(R::AdminUsers, "GET", "/api/admin/users", PlatformAdmin, "admin", "Search users by name or e-mail"),
        &[opt("q", Ty::Text(text::SEARCH)), opt("cursor", Id), opt("limit", Int(1, 100))]),
    b(r(R::AdminSuspend, "POST", "/api/admin/users/{user}/suspend", PlatformAdmin, "admin", "Suspend a user; their sessions end at once"),
        &[req("reason", Ty::Text(text::SUSPENSION_REASON))]),
    r(R::AdminReactivate, "POST", "/api/admin/users/{user}/reactivate", PlatformAdmin, "admin", "Reactivate a suspended user"),
    b(r(R::AdminPlatformRole, "PUT", "/api/admin/users/{user}/platform-admin", PlatformAdmin, "admin", "Grant or revoke platform-admin rights"),
        &[req("granted", Bool)]),
    b(r(R::AdminCommunityRole, "PUT", "/api/admin/communities/{community}/members/{user}/role", PlatformAdmin, "admin", "Make a member community admin, or back to member"),
        &[req("role", OneOf(Role::ALL))]),
    r(R::AdminArchiveCommunity, "POST", "/api/admin/communities/{community}/archive", PlatformAdmin, "admin", "Archive a community (read-only, hidden from the directory)"),
    r(R::AdminRestoreCommunity, "POST", "/api/admin/communities/{community}/restore", PlatformAdmin, "admin", "Bring an archived community back"),
    q(r(R::AdminOutbox, "GET", "/api/admin/outbox", PlatformAdmin, "admin", "Outgoing e-mail and its delivery status"), PAGE),
    q(r(R::AdminAudit, "GET", "/api/admin/audit", PlatformAdmin, "admin", "Audit log of admin actions"), PAGE),
    r(R::AdminRunExpiry, "POST", "/api/admin/tasks/expire", PlatformAdmin, "admin", "Expire unanswered mentoring requests now (the cron trigger does it every minute)"),
    // Roll of Mentors
    r(R::RollView, "GET", "/api/communities/{community}/roll", Member, "roll", "The community's Roll of Mentors: supervisor, accredited mentors and their mentor profiles, my entry"),
    r(R::RollCreate, "POST", "/api/communities/{community}/roll", CommunityAdmin, "roll", "Create the roll; the creator becomes its supervisor"),
    b(r(R::RollSupervisor, "PUT", "/api/communities/{community}/roll/supervisor", CommunityAdmin, "roll", "Hand the roll over to another community admin (the supervisor only)"),
        &[req("user_id", Id)]),
    b(r(R::RollApply, "POST", "/api/communities/{community}/roll/applications", Member, "roll", "Apply to the roll with a motivation"),
        &[req("motivation", Ty::Text(roll::MOTIVATION))]),
    r(R::RollApplications, "GET", "/api/communities/{community}/roll/applications", CommunityAdmin, "roll", "Every entry of the roll, applications first"),
    b(r(R::RollDecide, "POST", "/api/communities/{community}/roll/entries/{user}/decision", CommunityAdmin, "roll", "Accredit, reject (with a note), suspend or reinstate (the supervisor only)"),
        &[req("decision", OneOf(Decision::ALL)), opt("note", Ty::Text(roll::NOTE))]),
    b(r(R::RollTraining, "PUT", "/api/communities/{community}/roll/training", CommunityAdmin, "roll", "The supervisor asks mentors to complete a learning path of the library before accreditation (\"\" for none)"),
        &[req("path_id", IdOrRoot)]),
    b(r(R::RollMine, "PUT", "/api/communities/{community}/roll/me", Member, "roll", "As an accredited mentor: availability, capacity, openness to other communities"),
        &[req("available", Bool), req("capacity", Int(1, roll::MAX_CAPACITY)), req("open_to_other_communities", Bool)]),
    // Mentoring requests and projects
    b(r(R::CreateRequest, "POST", "/api/communities/{community}/projects", Member, "mentoring", "Draft a mentoring request (the title is proposed when left empty)"),
        &[opt("title", Ty::Text(request::TITLE)), req("summary", Ty::Text(request::SUMMARY)), opt("context", Ty::Text(request::CONTEXT)),
          opt("client_key", Ty::ClientKey)]),
    r(R::MatchingQueue, "GET", "/api/communities/{community}/matching", CommunityAdmin, "mentoring", "Model A: requests waiting for a mentor, each with suggested mentors ranked by fit"),
    b(r(R::CreateGroup, "POST", "/api/communities/{community}/groups", Member, "mentoring", "Form a group project (community admins and accredited mentors)"),
        &[req("mentor_id", Id), req("mentee_ids", Ids(2, request::MAX_GROUP_MENTEES)), req("name", Ty::Text(request::GROUP_NAME)),
          opt("motto", Ty::Text(request::MOTTO)), opt("summary", Ty::Text(request::GROUP_SUMMARY))]),
    r(R::ProjectView, "GET", "/api/projects/{project}", ProjectViewer, "mentoring", "A request or project: state, members, history, attachments, what I can do next"),
    b(r(R::ProjectUpdate, "PUT", "/api/projects/{project}", ProjectViewer, "mentoring", "Edit a request's title and descriptions (the mentee, before a mentor is asked)"),
        REQUEST_FIELDS),
    b(r(R::ProjectAction, "POST", "/api/projects/{project}/actions", ProjectViewer, "mentoring", "Move the request or project on: send, hand_to_admins, match, accept, decline, ask_info, reply, withdraw, complete, cancel (with rematch: a community admin sends the mentee's request back to matching as a new one), reopen"),
        &[req("action", OneOf(Action::NAMES_BY_PEOPLE)), opt("mentor_id", Id), opt("note", Ty::Text(request::NOTE)), opt("rematch", Bool)]),
    q(r(R::ProjectCandidates, "GET", "/api/projects/{project}/candidates", ProjectViewer, "mentoring", "Model B: mentors the mentee may choose, ranked by fit"),
        CANDIDATE_FILTERS),
    r(R::AttachmentUpload, "PUT", "/api/projects/{project}/attachments", ProjectViewer, "mentoring", "Attach a document to a request: the raw file as the body; X-File-Name names it"),
    r(R::AttachmentDownload, "GET", "/api/projects/{project}/attachments/{file}", ProjectViewer, "mentoring", "Download an attached document"),
    r(R::AttachmentDelete, "DELETE", "/api/projects/{project}/attachments/{file}", ProjectViewer, "mentoring", "Remove an attached document (whoever attached it)"),
    // The project's document folder
    q(r(R::FolderList, "GET", "/api/projects/{project}/files", ProjectMember, "files", "A folder's documents and sub-folders (the root without ?folder=), its path, and the project's usage"), &[opt("folder", Id)]),
    q(r(R::FileUpload, "PUT", "/api/projects/{project}/files", ProjectMember, "files", "Upload a document into a folder: the raw file as the body with its Content-Length; X-File-Name names it (percent-encoded). A file of the same name gets a new version. 25 MB a file; PDF, images, office and OpenDocument files, text, Markdown"), &[opt("folder", Id)]),
    b(r(R::FolderCreate, "POST", "/api/projects/{project}/folders", ProjectMember, "files", "Create a folder (in the root, or in the folder given)"),
        &[req("name", Ty::Text(FILE_NAME)), opt("folder", IdOrRoot)]),
    r(R::FileDetails, "GET", "/api/projects/{project}/files/{item}", ProjectMember, "files", "A document or folder: who made it and when, its path, and a document's versions"),
    q(r(R::FileDownload, "GET", "/api/projects/{project}/files/{item}/download", ProjectMember, "files", "Download a document (its latest version, or ?version=)"), &[opt("version", Id)]),
    b(r(R::FileChange, "PATCH", "/api/projects/{project}/files/{item}", ProjectMember, "files", "Rename a document or folder, or move it to another folder (\"\" is the root)"),
        &[opt("name", Ty::Text(FILE_NAME)), opt("folder", IdOrRoot)]),
    r(R::FileDelete, "DELETE", "/api/projects/{project}/files/{item}", ProjectMember, "files", "Move a document or folder (with all it holds) to the trash, restorable for 30 days"),
    r(R::TrashList, "GET", "/api/projects/{project}/trash", ProjectMember, "files", "What was deleted, and when it will be gone for good"),
    r(R::TrashRestore, "POST", "/api/projects/{project}/trash/{item}/restore", ProjectMember, "files", "Bring a deleted item back where it was (renamed if its name was taken meanwhile)"),
    r(R::TrashPurge, "DELETE", "/api/projects/{project}/trash/{item}", ProjectMember, "files", "Delete an item in the trash for good, freeing its space"),
    r(R::Dashboard, "GET", "/api/dashboard", User, "me", "My mentoring, requests waiting for my answer, my roll applications, and for community admins their queues"),
    q(r(R::Notifications, "GET", "/api/notifications", User, "me", "My notifications, newest first, with the unread count"), PAGE),
    b(r(R::NotificationsRead, "POST", "/api/notifications/read", User, "me", "Mark notifications read (all of them when no ids are given)"),
        &[opt("ids", Ids(0, 200))]),
    r(R::PreferencesView, "GET", "/api/me/preferences", User, "me", "My notification preferences: e-mail, language, each topic (instant, digest or off) and my digest's schedule in my zone"),
    b(r(R::Preferences, "PUT", "/api/me/preferences", User, "me", "Change my notification preferences (what is given changes); answers them as they now are"),
        &[opt("email_notifications", Bool), opt("language", OneOf(super::words::LANGUAGES)), opt("language_chosen", Bool),
          opt("topics", Ty::Objects(&[req("topic", OneOf(super::notifications::Topic::NAMES)), req("delivery", OneOf(super::notifications::Delivery::NAMES))], 7)),
          opt("digest_cadence", OneOf(super::digest::Cadence::NAMES)), opt("digest_weekday", Int(0, 6)), opt("digest_hour", Int(0, 23))]),
    b(q(r(R::DigestUnsubscribe, "POST", "/api/digest/unsubscribe", Anyone, "me", "Stop my digests with the link of a digest e-mail: its token in the body (the page), or in the address (the mail's one-click List-Unsubscribe-Post)"),
        &[opt("token", Secret)]), &[opt("token", Secret)]),
    // The project chatroom (one Durable Object per project)
    r(R::ChatConnect, "GET", "/api/projects/{project}/chat", ProjectMember, "chat", "Open the chatroom's WebSocket (frames: see src/domain/chat.rs); read-only when the project is not active"),
    q(r(R::ChatHistory, "GET", "/api/projects/{project}/chat/messages", ProjectMember, "chat", "Chat history by sequence number (before, after, limit); with after and wait (seconds, at most 25) it long-polls"),
        &[opt("before", Int(0, i64::MAX)), opt("after", Int(0, i64::MAX)), opt("limit", Int(1, super::chat::MAX_PAGE)), opt("wait", Int(0, 25))]),
    b(r(R::ChatSend, "POST", "/api/projects/{project}/chat/messages", ProjectMember, "chat", "Send a chat message over HTTP (same ids and guarantees as the WebSocket)"),
        &[req("client_id", Ty::ClientKey), req("text", Ty::Text(Text::lines(1, super::chat::MAX_CHARS)))]),
    b(r(R::ChatRead, "POST", "/api/projects/{project}/chat/read", ProjectMember, "chat", "Mark the chat read up to a sequence number; returns the unread count"),
        &[req("seq", Int(0, i64::MAX))]),
    // Private messages
    b(r(R::SendMessage, "POST", "/api/projects/{project}/messages", ProjectMember, "messages", "Write privately to another member of the project, or reply in a thread"),
        &[opt("to", Id), opt("subject", Ty::Text(messages::SUBJECT)), req("body", Ty::Text(messages::BODY)), opt("reply_to", Id),
          opt("client_key", Ty::ClientKey)]),
    r(R::ProjectMessages, "GET", "/api/projects/{project}/messages", ProjectMember, "messages", "For the project home: with each other member, the last messages I received and sent"),
    q(r(R::MyMessages, "GET", "/api/me/messages", User, "messages", "My inbox (or ?box=sent), newest first, with unread counts"),
        &[opt("box", Code(Box_::ALL)), opt("cursor", Id), opt("limit", Int(1, 100))]),
    r(R::MessageThread, "GET", "/api/messages/{message}", User, "messages", "A message's whole thread (its two parties only); opening it marks what I received read"),
    // The process of each project: its journey and coordinator
    b(r(R::ProjectCoordinator, "PUT", "/api/projects/{project}/coordinator", ProjectAdmin, "journey", "Make a community admin the project's coordinator (audited; in the history)"),
        &[req("user_id", Id), opt("note", Ty::Text(journey::STAGE_NOTE))]),
    b(r(R::ProjectStage, "POST", "/api/projects/{project}/stage", ProjectProcess, "journey", "Move the project on to its journey's next stage (the mentor or the coordinator; a note when the checklist is not complete)"),
        &[opt("note", Ty::Text(journey::STAGE_NOTE))]),
    b(r(R::ProjectJourney, "PUT", "/api/projects/{project}/journey", ProjectProcess, "journey", "Move the project to another published template version (its coordinator)"),
        &[req("journey_id", Ty::Text(Text::line(1, 60))), opt("note", Ty::Text(journey::STAGE_NOTE))]),
    r(R::Journeys, "GET", "/api/communities/{community}/journeys", CommunityAdmin, "journey", "The community's journey templates (every version) and Tandem's built-in ones"),
    b(r(R::JourneyCreate, "POST", "/api/communities/{community}/journeys", CommunityAdmin, "journey", "Start a draft from a built-in template (builtin:three_stages, builtin:blended, builtin:organisational) or a stored version"),
        &[req("from", Ty::Text(Text::line(1, 60)))]),
    b(r(R::JourneyUpdate, "PUT", "/api/communities/{community}/journeys/{journey}", CommunityAdmin, "journey", "Replace a draft template's content (published versions never change)"),
        &[req("template", Ty::Template)]),
    b(r(R::JourneyPublish, "POST", "/api/communities/{community}/journeys/{journey}/publish", CommunityAdmin, "journey", "Publish a draft; with default, new projects take it"),
        &[opt("default", Bool)]),
    // The contract
    r(R::ContractView, "GET", "/api/projects/{project}/contract", ProjectViewer, "contract", "The contract: every version with its text, hash and signatures (members and the coordinator); states, versions and signature dates only (other viewers)"),
    b(r(R::ContractStart, "POST", "/api/projects/{project}/contract", ProjectProcess, "contract", "Start a version: the first (the coordinator or the mentor, as the community decided) or an amendment (any signatory, while none is open)"),
        CONTRACT_FIELDS),
    b(r(R::ContractEdit, "PUT", "/api/projects/{project}/contract/{contract}", ProjectProcess, "contract", "Change a version's terms (whoever started it); after the first signature everyone signs again"),
        CONTRACT_FIELDS),
    b(r(R::ContractAct, "POST", "/api/projects/{project}/contract/{contract}/actions", ProjectProcess, "contract", "propose, sign (with the SHA-256 of the text read), decline (with a reason) or withdraw a version"),
        &[req("action", OneOf(&["propose", "sign", "decline", "withdraw"])), opt("hash", Ty::Text(Text::line(0, 64))), opt("reason", Ty::Text(contract::REASON))]),
    // Goals and objectives
    r(R::Goals, "GET", "/api/projects/{project}/goals", ProjectProcess, "goals", "The goals I follow, with objectives, reviews and comments; the coordinator gets counts, states and progress only"),
    b(r(R::GoalCreate, "POST", "/api/projects/{project}/goals", ProjectProcess, "goals", "Propose a goal: personal (a mentee's) or group (group projects)"), GOAL_FIELDS),
    b(r(R::GoalEdit, "PUT", "/api/projects/{project}/goals/{goal}", ProjectProcess, "goals", "Change a goal's words (its owner or the mentor)"), GOAL_FIELDS),
    b(r(R::GoalAct, "POST", "/api/projects/{project}/goals/{goal}/actions", ProjectProcess, "goals", "agree, achieved, partly_achieved, not_achieved, drop (with a note) or reopen a goal"),
        &[req("action", OneOf(&["agree", "achieved", "partly_achieved", "not_achieved", "drop", "reopen"])), opt("note", Ty::Text(goals::NOTE))]),
    b(r(R::ObjectiveAdd, "POST", "/api/projects/{project}/goals/{goal}/objectives", ProjectProcess, "goals", "Add an objective (a small step) to an open goal"), OBJECTIVE_FIELDS),
    b(r(R::ObjectiveChange, "PUT", "/api/projects/{project}/goals/{goal}/objectives/{objective}", ProjectProcess, "goals", "Change an objective, or mark it done or not (done alone)"),
        &[opt("title", Ty::Text(goals::TITLE)), opt("due", Ty::Date), opt("order", Int(0, 1000)), opt("done", Bool)]),
    b(r(R::GoalReview, "POST", "/api/projects/{project}/goals/{goal}/reviews", ProjectProcess, "goals", "Record progress (0-100) on an agreed goal, with a note, optionally from a diary entry"),
        &[req("progress", Int(0, 100)), opt("note", Ty::Text(goals::LONG_TEXT)), opt("diary_entry", Id)]),
    b(r(R::GoalComment, "POST", "/api/projects/{project}/goals/{goal}/comments", ProjectProcess, "goals", "Comment on a goal"),
        &[req("text", Ty::Text(goals::COMMENT))]),
    // The session plan
    r(R::Sessions, "GET", "/api/projects/{project}/sessions", ProjectProcess, "plan", "The session plan: every session (UTC start and the organiser's zone), its moves and proposals, its diary's state; the members' zones"),
    b(r(R::SessionCreate, "POST", "/api/projects/{project}/sessions", ProjectProcess, "plan", "Plan a session (the mentor; mentees too when the journey lets them); warns of times outside 08:00-21:00 for anyone"),
        &[opt("topic", Ty::Text(plan::TOPIC)), req("start", Int(0, i64::MAX)), req("zone", Ty::Timezone), req("duration", Int(plan::MIN_DURATION, plan::MAX_DURATION)),
          req("mode", OneOf(plan::Mode::NAMES)), opt("place", Ty::Text(plan::PLACE)), opt("homework", Ty::Text(plan::HOMEWORK)), opt("diarist", Id)]),
    b(r(R::SessionSeries, "POST", "/api/projects/{project}/sessions/series", ProjectProcess, "plan", "Plan the period at once: every n weeks on a weekday at a local time in a zone, between two dates (at most 100 sessions)"),
        &[req("every_weeks", Int(1, 4)), req("weekday", OneOf(&plan::WEEKDAYS)), req("time", Ty::Text(Text::line(5, 5))), req("zone", Ty::Timezone),
          req("from", Ty::Date), req("until", Ty::Date), opt("topic", Ty::Text(plan::TOPIC)), req("duration", Int(plan::MIN_DURATION, plan::MAX_DURATION)),
          req("mode", OneOf(plan::Mode::NAMES)), opt("place", Ty::Text(plan::PLACE))]),
    b(r(R::SessionEdit, "PUT", "/api/projects/{project}/sessions/{session}", ProjectProcess, "plan", "Change a planned session's topic, duration, mode, place, homework or diarist"),
        &[opt("topic", Ty::Text(plan::TOPIC)), req("duration", Int(plan::MIN_DURATION, plan::MAX_DURATION)), req("mode", OneOf(plan::Mode::NAMES)),
          opt("place", Ty::Text(plan::PLACE)), opt("homework", Ty::Text(plan::HOMEWORK)), opt("diarist", Id)]),
    b(r(R::SessionReschedule, "POST", "/api/projects/{project}/sessions/{session}/reschedule", ProjectProcess, "plan", "Move a planned session to a new time (the row stays; the move is kept)"),
        &[req("start", Int(0, i64::MAX)), req("zone", Ty::Timezone)]),
    b(r(R::SessionAct, "POST", "/api/projects/{project}/sessions/{session}/actions", ProjectProcess, "plan", "hold or miss (once started), or cancel (with a reason) a session"),
        &[req("action", OneOf(&["hold", "miss", "cancel"])), opt("reason", Ty::Text(plan::REASON))]),
    b(r(R::SessionPropose, "POST", "/api/projects/{project}/sessions/{session}/proposals", ProjectProcess, "plan", "A mentee proposes a new time and/or topic; the mentor answers"),
        &[opt("start", Int(0, i64::MAX)), opt("topic", Ty::Text(plan::TOPIC))]),
    b(r(R::SessionAnswer, "POST", "/api/projects/{project}/sessions/{session}/proposals/{proposal}", ProjectProcess, "plan", "The mentor accepts (the change is made) or rejects a proposal"),
        &[req("accept", Bool)]),
    r(R::SessionIcs, "GET", "/api/projects/{project}/sessions/{session}/ics", ProjectProcess, "plan", "A session as an iCalendar (.ics) file"),
    r(R::CalendarFeedNew, "POST", "/api/me/calendar", User, "plan", "Make my private calendar feed's address (a new one revokes the old)"),
    r(R::CalendarFeedRevoke, "DELETE", "/api/me/calendar", User, "plan", "Revoke my calendar feed"),
    q(r(R::CalendarFeed, "GET", "/api/calendar", Anyone, "plan", "A calendar feed (iCalendar) of its owner's sessions; the token is its secret"),
        &[req("token", Secret)]),
    // The diary, interactions and reflections
    r(R::DiaryView, "GET", "/api/projects/{project}/sessions/{session}/diary", ProjectProcess, "diary", "A session's diary (members); the coordinator sees its state and dates only"),
    b(r(R::DiarySave, "PUT", "/api/projects/{project}/sessions/{session}/diary", ProjectProcess, "diary", "Save the diary (the session's diarist): answers per agenda item, attendance, minutes; 409 with the stored text when base is stale"),
        &[req("answers", Ty::Texts(diary::ANSWER, 12)), opt("attendance", Ty::Objects(&[req("user", Id), req("present", Bool)], 30)), opt("minutes", Int(0, diary::MAX_MINUTES)),
          req("base", Int(0, i64::MAX)), req("client_key", Ty::ClientKey)]),
    b(r(R::DiaryAct, "POST", "/api/projects/{project}/sessions/{session}/diary/actions", ProjectProcess, "diary", "submit (the diarist; pre-fills the next session), comment (the mentor) or close a diary"),
        &[req("action", OneOf(&["submit", "comment", "close"])), opt("comment", Ty::Text(diary::COMMENT))]),
    r(R::Interactions, "GET", "/api/projects/{project}/interactions", ProjectProcess, "diary", "Interactions logged outside sessions, and the interactions counted so far"),
    b(r(R::InteractionLog, "POST", "/api/projects/{project}/interactions", ProjectProcess, "diary", "Log an interaction outside sessions (it counts once another member confirms it)"),
        &[req("kind", OneOf(diary::InteractionKind::NAMES)), req("at", Int(0, i64::MAX)), opt("minutes", Int(0, diary::MAX_MINUTES)), opt("note", Ty::Text(diary::NOTE)), req("client_key", Ty::ClientKey)]),
    r(R::InteractionConfirm, "POST", "/api/projects/{project}/interactions/{interaction}/confirm", ProjectProcess, "diary", "Confirm an interaction another member logged"),
    r(R::Reflections, "GET", "/api/projects/{project}/reflections", ProjectMember, "diary", "My private reflective log (mine alone)"),
    b(r(R::Reflect, "POST", "/api/projects/{project}/reflections", ProjectMember, "diary", "Add to my private reflective log"),
        &[req("text", Ty::Text(diary::REFLECTION)), req("client_key", Ty::ClientKey)]),
    // The action plan of organisational journeys
    r(R::ActionPlan, "GET", "/api/projects/{project}/action-plan", ProjectProcess, "journey", "The journey's action plan (phases x activities), each row with the project's owner, due date, state and note"),
    b(r(R::ActionItem, "PUT", "/api/projects/{project}/action-plan", ProjectProcess, "journey", "Set a row of the action plan: its owner, due date, state (open, doing, done) and a note"),
        &[req("row", Int(0, 40)), req("owner", OneOf(journey::OWNERS)), opt("due", Ty::Date), req("state", OneOf(journey::ITEM_STATES)), opt("note", Ty::Text(journey::ITEM_NOTE))]),
    // Health and escalation
    r(R::ProjectHealth, "GET", "/api/projects/{project}/health", ProjectViewer, "health", "The project's health (ok, watch, at risk, stalled) and its reasons in figures; members see all but others' private concerns"),
    r(R::ProjectOversight, "GET", "/api/projects/{project}/oversight", ProjectViewer, "health", "The project in figures and dates only (stage, health, contract, goals, sessions, diaries, interactions, activity per tool): for its coordinator, community admins and members; never text"),
    b(r(R::HealthAcknowledge, "POST", "/api/projects/{project}/health/acknowledge", ProjectAdmin, "health", "The coordinator (or another community admin) acknowledges an at-risk project: a note, and a date until which the ladder waits"),
        &[req("note", Ty::Text(health::ACK_NOTE)), req("snooze_until", Ty::Date)]),
    b(r(R::ProjectHold, "PUT", "/api/projects/{project}/hold", ProjectAdmin, "health", "Put the project on hold until a date (its health rules sleep), or back with no date"),
        &[opt("until", Ty::Date)]),
    b(r(R::AskHelp, "POST", "/api/projects/{project}/help", ProjectMember, "health", "Ask the coordinator for help (privately; the text is optional)"),
        &[opt("text", Ty::Text(health::HELP_TEXT))]),
    b(r(R::CoordinatorMessage, "POST", "/api/projects/{project}/coordinator-message", ProjectAdmin, "health", "The coordinator writes to the project (every member reads it in the history), or proposes a check-in session"),
        &[req("text", Ty::Text(health::MESSAGE)), opt("check_in", Bool)]),
    r(R::CommunityAttention, "GET", "/api/communities/{community}/attention", CommunityStaff, "health", "The community's active projects by stage and health, the \"Needs attention\" queue and the projects on hold (never their text)"),
    r(R::AdminRunUsage, "POST", "/api/admin/tasks/usage", PlatformAdmin, "admin", "Count yesterday's use of each feature per community, once (the cron trigger does it just after midnight UTC)"),
    q(r(R::AdminUsage, "GET", "/api/admin/usage", PlatformAdmin, "usage", "The platform's use of each feature by week over a period (by default the last twelve weeks), and each community's totals"),
        PERIOD),
    b(r(R::CommunityModules, "PUT", "/api/communities/{community}/modules", CommunityAdmin, "communities", "Turn the community's modules off, or on again (rooms, library, contract, goals, diary, evaluations; each given changes; audited)"),
        &[opt("rooms", Bool), opt("library", Bool), opt("contract", Bool), opt("goals", Bool), opt("diary", Bool), opt("evaluations", Bool)]),
    b(r(R::CommunityPrivacy, "PUT", "/api/communities/{community}/privacy", CommunityAdmin, "communities", "Set how many months a finished project's content is kept (1 to 120; then it is deleted, its metadata and counts kept) and who the data controller is (audited)"),
        &[req("retention_months", Int(1, 120)), req("controller", Ty::Text(crate::domain::retention::CONTROLLER))]),
    q(r(R::GrantList, "GET", "/api/projects/{project}/grants", ProjectViewer, "grants", "Break-glass access to the project: its requests and grants, newest first, 20 at a time (members see those they were told of, or asked to consent to), each with its latest 200 reads and how many there were"), &[opt("before", Int(1, i64::MAX))]),
    b(r(R::GrantAsk, "POST", "/api/projects/{project}/grants", ProjectAdmin, "grants", "Ask to read parts of the project (chat, messages, folder, process) for a reason, for at most 72 hours, approved by a member's consent or by another admin (a platform admin where the community has one admin)"),
        &[req("scopes", Ty::Codes(&["chat", "messages", "folder", "process"])), req("category", Ty::OneOf(&["safeguarding", "complaint", "legal", "other"])),
          req("reason", Ty::Text(grants::REASON)), req("hours", Int(1, 72)), req("approval", Ty::OneOf(&["member", "admin"]))]),
    r(R::GrantsWaiting, "GET", "/api/grants", User, "grants", "Requests for break-glass access waiting for my answer (as a project's member, another admin of its community, or a platform admin)"),
    b(r(R::GrantAct, "POST", "/api/grants/{grant}/actions", User, "grants", "approve (optionally telling the members after up to 7 days, with a reason: admins only) or refuse a request; its requester withdraws it or ends the access early. Others get 404"),
        &[req("action", Ty::OneOf(&["approve", "refuse", "withdraw", "end"])), opt("delay_days", Int(0, 7)), opt("delay_reason", Ty::Text(grants::DELAY_REASON))]),
    q(r(R::GrantChat, "GET", "/api/projects/{project}/grants/{grant}/chat", Policy::Grant(grants::Scope::Chat), "grants", "Read the chat through an open grant (newest first, 100 at a time; logged)"), &[opt("before", Int(1, i64::MAX))]),
    q(r(R::GrantMessages, "GET", "/api/projects/{project}/grants/{grant}/messages", Policy::Grant(grants::Scope::Messages), "grants", "Read the private messages through an open grant (newest first, 100 at a time; logged)"), &[opt("before", Int(1, i64::MAX))]),
    r(R::GrantFolder, "GET", "/api/projects/{project}/grants/{grant}/folder", Policy::Grant(grants::Scope::Folder), "grants", "Read the folder's list of files through an open grant (logged)"),
    r(R::GrantFile, "GET", "/api/projects/{project}/grants/{grant}/files/{item}", Policy::Grant(grants::Scope::Folder), "grants", "Download a document's latest version through an open grant to the folder (logged)"),
    r(R::GrantProcess, "GET", "/api/projects/{project}/grants/{grant}/process", Policy::Grant(grants::Scope::Process), "grants", "Read the process (contract, goals, plan, diary, interactions) through an open grant (logged)"),
    q(r(R::CommunityUsage, "GET", "/api/communities/{community}/usage", CommunityStaff, "usage", "The community's use of each feature by week, participation by role, the request funnel, outcomes and the rooms' answers, over a period"),
        PERIOD),
    q(r(R::CommunityUsageExport, "GET", "/api/communities/{community}/usage/export", CommunityStaff, "usage", "A CSV for research: one row per request sent in the period, pseudonymous, dates by week, counts under 5 as \"<5\" (audited)"),
        PERIOD),
    r(R::AdminRunDigests, "POST", "/api/admin/tasks/digests", PlatformAdmin, "admin", "Send the digests that are due now, once per person and period (the cron trigger does it every minute)"),
    r(R::AdminRunHealth, "POST", "/api/admin/tasks/health", PlatformAdmin, "admin", "Assess the health of every active project not assessed today, remind or expire evaluation requests, and delete the content of finished projects past their community's retention (the cron trigger does all three)"),
    // Evaluations and feedback
    r(R::Evaluations, "GET", "/api/projects/{project}/evaluations", ProjectViewer, "evaluations", "The project's evaluation rounds; a member's forms to answer, own answers and the others' once revealed; the coordinator's programme answers"),
    b(r(R::EvaluationRequest, "POST", "/api/projects/{project}/evaluations", ProjectAdmin, "evaluations", "Ask the members (their end-of-mentoring forms, or the fit check), or an organisation's contact by e-mail (a one-time link)"),
        &[req("kind", OneOf(&["members", "fit", "organisation"])), opt("name", Ty::Text(evaluation::GUEST_NAME)), opt("email", Ty::Email)]),
    b(r(R::EvaluationAnswer, "POST", "/api/projects/{project}/evaluations/{request}/answers", ProjectMember, "evaluations", "Answer a form asked of me (once; the same client key again is the same answer)"),
        &[req("answers", Ty::Answers), req("client_key", Ty::ClientKey)]),
    b(r(R::GuestForm, "POST", "/api/evaluations/guest/open", Anyone, "evaluations", "The one form an organisation's contact's link opens (the token in the body: never in an address)"),
        &[req("token", Secret)]),
    b(r(R::GuestAnswer, "POST", "/api/evaluations/guest", Anyone, "evaluations", "An organisation's contact answers through their link (which is spent with it)"),
        &[req("token", Secret), req("answers", Ty::Answers), req("client_key", Ty::ClientKey)]),
    r(R::CommunityEvaluations, "GET", "/api/communities/{community}/evaluations", CommunityStaff, "evaluations", "Evaluations requested and received per audience, and anonymous answers as aggregates over at least five"),
    r(R::EvaluationForms, "GET", "/api/communities/{community}/evaluation-forms", CommunityStaff, "evaluations", "The form each audience gets: the community's newest version, or Tandem's"),
    b(r(R::EvaluationFormSave, "PUT", "/api/communities/{community}/evaluation-forms", CommunityStaff, "evaluations", "A new version of a form (for new requests; earlier ones keep theirs)"),
        &[req("form", Ty::Form)]),
    // The final report
    r(R::Report, "GET", "/api/projects/{project}/report", ProjectMember, "report", "The final report's state, the mentees' section, the mentor's closing feedback and the approvals"),
    b(r(R::ReportEdit, "PUT", "/api/projects/{project}/report", ProjectMember, "report", "Write the mentees' section (what has been reached and how to continue; approvals start again) or the mentor's closing feedback"),
        &[opt("reached", Ty::Text(report::SECTION)), opt("mentor", Ty::Text(report::SECTION))]),
    b(r(R::ReportAct, "POST", "/api/projects/{project}/report/actions", ProjectMember, "report", "approve (a mentee), add_mentor (the mentor), finalise (a mentee: filed in the folder as Final report.md), share (a mentee: the ticked sections, frozen for the coordinator)"),
        &[req("action", OneOf(&["approve", "add_mentor", "finalise", "share"])), opt("document", Ty::Text(report::DOCUMENT)), opt("sections", Ty::Codes(report::SECTIONS)), opt("text", Ty::Text(report::DOCUMENT))]),
    r(R::ReportShares, "GET", "/api/projects/{project}/report/shares", ProjectProcess, "report", "The copies of the final report a mentee shared with the coordinator"),
    // A community's discussion rooms ({room}: mentors, mentees, everyone or coordinators)
    r(R::Rooms, "GET", "/api/communities/{community}/rooms", CommunityInsider, "rooms", "The discussion rooms this member reads, with their threads and unread counts; for moderators, the open reports"),
    q(r(R::RoomThreads, "GET", "/api/communities/{community}/rooms/{room}", Room, "rooms", "A room: whether it is sealed, its moderators, what the reader may do, its people (for mentions) and its threads, pinned first, newest activity first (before: a last_post_at)"),
        &[opt("before", Int(0, i64::MAX))]),
    b(r(R::ThreadCreate, "POST", "/api/communities/{community}/rooms/{room}/threads", Room, "rooms", "Start a thread: a title and its first post (Markdown subset); about_case in the mentors' room, pseudonymous in the mentees' room"),
        &[req("title", Ty::Text(forum::TITLE)), req("body", Ty::Text(forum::BODY)), opt("about_case", Bool), opt("pseudonymous", Bool), req("client_key", Ty::ClientKey)]),
    q(r(R::ThreadView, "GET", "/api/communities/{community}/rooms/{room}/threads/{thread}", Room, "rooms", "A thread and its posts in order (after: a seq), with how far the reader has read and how they follow it"),
        &[opt("after", Int(0, i64::MAX))]),
    b(r(R::ThreadReply, "POST", "/api/communities/{community}/rooms/{room}/threads/{thread}/posts", Room, "rooms", "Reply (Markdown subset; quote_of: the post quoted); mentioned readers and followers are told"),
        &[req("body", Ty::Text(forum::BODY)), opt("quote_of", Id), req("client_key", Ty::ClientKey)]),
    b(r(R::ThreadRead, "PUT", "/api/communities/{community}/rooms/{room}/threads/{thread}/read", Room, "rooms", "Read up to a post (its seq)"),
        &[req("seen", Int(0, i64::MAX))]),
    b(r(R::ThreadFollow, "PUT", "/api/communities/{community}/rooms/{room}/threads/{thread}/follow", Room, "rooms", "Follow a thread: instant (told of each reply), digest, or off"),
        &[req("follow", OneOf(&["instant", "digest", "off"]))]),
    b(r(R::ThreadModerate, "POST", "/api/communities/{community}/rooms/{room}/threads/{thread}/moderation", Room, "rooms", "A moderator pins, unpins, locks or unlocks a thread; a community admin moves it to another room"),
        &[req("action", OneOf(forum::ThreadMove::NAMES)), opt("to", OneOf(forum::Audience::NAMES))]),
    b(r(R::PostEdit, "PATCH", "/api/communities/{community}/rooms/{room}/posts/{post}", Room, "rooms", "Its author edits a post: freely for a day, then keeping the earlier text as a revision"),
        &[req("body", Ty::Text(forum::BODY))]),
    r(R::PostRevisions, "GET", "/api/communities/{community}/rooms/{room}/posts/{post}/revisions", Room, "rooms", "The earlier texts of a post edited after a day (its author and the moderators)"),
    b(r(R::PostReport, "POST", "/api/communities/{community}/rooms/{room}/posts/{post}/report", Room, "rooms", "Report a post to the moderators (once per reader)"),
        &[req("reason", OneOf(forum::REPORT_REASONS)), opt("note", Ty::Text(forum::NOTE))]),
    b(r(R::PostModerate, "POST", "/api/communities/{community}/rooms/{room}/posts/{post}/moderation", Room, "rooms", "A moderator hides a post with a reason (its author is told) or restores it"),
        &[req("action", OneOf(&["hide", "restore"])), opt("reason", Ty::Text(forum::REASON))]),
    b(r(R::RoomBan, "PUT", "/api/communities/{community}/rooms/{room}/bans/{user}", Room, "rooms", "A moderator bans someone from writing in the room for some days, with a reason they are told"),
        &[req("days", Int(1, forum::MAX_BAN_DAYS)), req("reason", Ty::Text(forum::REASON))]),
    r(R::RoomUnban, "DELETE", "/api/communities/{community}/rooms/{room}/bans/{user}", Room, "rooms", "A moderator lifts a ban"),
    b(r(R::RoomSettings, "PUT", "/api/communities/{community}/rooms/{room}/settings", Room, "rooms", "A community admin seals a room (its moderators, chosen from its audience, then moderate it) or opens it"),
        &[req("sealed", Bool), req("moderators", Ids(0, 20))]),
    r(R::RoomReports, "GET", "/api/communities/{community}/room-reports", CommunityInsider, "rooms", "The open reports this person moderates: the community's admins for its rooms (of a sealed room, those reported to them), a sealed room's moderators for theirs"),
    r(R::RoomReportResolve, "POST", "/api/communities/{community}/room-reports/{report}/resolve", CommunityInsider, "rooms", "Close a report (after hiding the post, or leaving it)"),
    // The library (#13): a community's shelf (with the platform's published items beside it), the platform's own
    q(r(R::LibraryShelf, "GET", "/api/communities/{community}/library", CommunityInsider, "library", "The community's library with the platform's: published items, the reader's own, and for its curators (admins and librarians) everything; full-text search (q) and filters"),
        SHELF_QUERY),
    b(r(R::LibraryPropose, "POST", "/api/communities/{community}/library", CommunityInsider, "library", "Propose a resource (a link or a text) or a learning path: a draft, its author's to submit"),
        ITEM_FIELDS),
    r(R::LibraryItem, "GET", "/api/communities/{community}/library/{item}", CommunityInsider, "library", "An item with its steps, reviews, the reader's ticks and what the reader may do"),
    b(r(R::LibraryEdit, "PUT", "/api/communities/{community}/library/{item}", CommunityInsider, "library", "Change an item: its author until it is published, its curators always (steps keep their ids and ticks)"),
        ITEM_FIELDS),
    b(r(R::LibraryAct, "POST", "/api/communities/{community}/library/{item}/actions", CommunityInsider, "library", "Curation: submit (author), publish, return with a note, withdraw, restore"),
        LIBRARY_ACT),
    b(r(R::LibraryReview, "PUT", "/api/communities/{community}/library/{item}/review", CommunityInsider, "library", "Rate a published item from 1 to 5, with a review (one per member, replaced)"),
        LIBRARY_REVIEW),
    b(r(R::LibraryProgress, "PUT", "/api/communities/{community}/library/{item}/progress", CommunityInsider, "library", "Tick a step of a path on one's own, or untick it"),
        LIBRARY_TICK),
    r(R::LibraryUpload, "PUT", "/api/communities/{community}/library/{item}/file", CommunityInsider, "library", "A document's file: the raw file as the body with its Content-Length, X-File-Name naming it (percent-encoded); 25 MB; PDF, images, office and OpenDocument files, text, Markdown. Its author until published, its curators always"),
    r(R::LibraryFile, "GET", "/api/communities/{community}/library/{item}/file", CommunityInsider, "library", "A document's file, for whoever reads the item"),
    b(r(R::Librarian, "PUT", "/api/communities/{community}/librarians/{user}", CommunityAdmin, "library", "Name a member librarian (they curate the community's library with its admins), or no longer"),
        &[req("librarian", Bool)]),
    q(r(R::PlatformLibrary, "GET", "/api/library", User, "library", "The platform's library: what it publishes for every community (its admins see everything)"),
        SHELF_QUERY),
    b(r(R::PlatformLibraryAdd, "POST", "/api/library", PlatformAdmin, "library", "Add a resource or path to the platform's library (a draft)"),
        ITEM_FIELDS),
    r(R::PlatformLibraryItem, "GET", "/api/library/{item}", User, "library", "An item of the platform's library"),
    b(r(R::PlatformLibraryEdit, "PUT", "/api/library/{item}", PlatformAdmin, "library", "Change an item of the platform's library"),
        ITEM_FIELDS),
    b(r(R::PlatformLibraryAct, "POST", "/api/library/{item}/actions", PlatformAdmin, "library", "Curate the platform's library: publish, return, withdraw, restore"),
        LIBRARY_ACT),
    b(r(R::PlatformLibraryReview, "PUT", "/api/library/{item}/review", User, "library", "Rate a published item of the platform's library"),
        LIBRARY_REVIEW),
    b(r(R::PlatformLibraryProgress, "PUT", "/api/library/{item}/progress", User, "library", "Tick a step of one of the platform's paths on one's own"),
        LIBRARY_TICK),
    r(R::PlatformLibraryUpload, "PUT", "/api/library/{item}/file", PlatformAdmin, "library", "A document's file on the platform's shelf (as for a community's)"),
    r(R::PlatformLibraryFile, "GET", "/api/library/{item}/file", User, "library", "A document's file of the platform's library"),
    // A project's library, in its space
    r(R::ProjectLibrary, "GET", "/api/projects/{project}/library", ProjectMember, "library", "What the project's members shared from the library, its own paths (cloned or written) and everyone's ticks"),
    b(r(R::ProjectLibraryAdd, "POST", "/api/projects/{project}/library", ProjectMember, "library", "Share a published item with why (share), clone a path into the project (clone), or write a path of the project's own (create)"),
        &[req("action", OneOf(&["share", "clone", "create"])), opt("item", Id), opt("note", Ty::Text(library::NOTE)), opt("title", Ty::Text(library::TITLE)),
          opt("steps", Ty::Objects(STEP_FIELDS, library::MAX_STEPS)), req("client_key", Ty::ClientKey)]),
    b(r(R::ProjectLibraryTick, "PUT", "/api/projects/{project}/library/{entry}/steps/{step}", ProjectMember, "library", "Tick a step of one of the project's paths, or untick it (each person their own)"),
        &[req("done", Bool)]),
    b(r(R::ProjectLibraryLink, "PUT", "/api/projects/{project}/library/{entry}/steps/{step}/objective", ProjectMember, "library", "Make a path's step an objective of one of the project's goals (\"\" for none): ticking it done marks the objective done"),
        &[req("goal", IdOrRoot), req("objective", IdOrRoot)]),
    r(R::ProjectLibraryRemove, "DELETE", "/api/projects/{project}/library/{entry}", ProjectMember, "library", "Take a share or a path out of the project's library (who added it, or the mentor)"),
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
                    // Every parameter is an id (a discussion room is named by its audience); anything else cannot
                    // name a thing.
                    let named = if name == "room" { super::forum::Audience::parse(h).is_some() } else { super::token::is_id_shaped(h) };
                    if !named {
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
    if allowed.contains(&"GET") {
        allowed.push("HEAD");
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

const ID_PATTERN: &str = "^[0-9a-f]{28}$";

/// A query parameter's value checked against its rule, before any handler sees it (an empty value is the parameter
/// left out).
pub fn check_param(f: &Field, raw: &str) -> Result<(), super::error::Invalid> {
    use super::error::Invalid;
    if raw.is_empty() {
        return Ok(());
    }
    match f.ty {
        Ty::Int(min, max) => match raw.parse::<i64>() {
            Ok(n) if (min..=max).contains(&n) => Ok(()),
            _ => Err(Invalid::new(f.name, "out_of_range", format!("'{}' must be a whole number from {min} to {max}.", f.name))),
        },
        Ty::Id if f.name == "cursor" && !super::token::is_id_shaped(raw) => {
            Err(Invalid::new(f.name, "cursor_invalid", "Use the next_cursor of the previous page."))
        }
        Ty::Id if !super::token::is_id_shaped(raw) => Err(Invalid::new(f.name, "id_invalid", format!("'{}' must be an id.", f.name))),
        Ty::OneOf(values) | Ty::Code(values) if !values.contains(&raw) => {
            Err(Invalid::new(f.name, "not_in_list", format!("'{}' must be one of: {}.", f.name, values.join(", "))))
        }
        Ty::Text(t) => t.parse(f.name, raw).map(|_| ()),
        _ => Ok(()),
    }
}

/// The JSON Schema of what a field holds.
pub fn schema(ty: Ty) -> Value {
    let id = json!({"type": "string", "pattern": ID_PATTERN});
    match ty {
        Ty::Text(t) if t.multiline => json!({"type": "string", "minLength": t.min, "maxLength": t.max}),
        Ty::Text(t) => json!({"type": "string", "minLength": t.min, "maxLength": t.max, "pattern": "^[^\\n\\r]*$"}),
        Ty::OneOf(values) => json!({"type": "string", "enum": values}),
        Ty::Code(values) => json!({"type": "string", "enum": std::iter::once("").chain(values.iter().copied()).collect::<Vec<_>>()}),
        Ty::Bool => json!({"type": "boolean"}),
        Ty::Int(min, max) => json!({"type": "integer", "minimum": min, "maximum": max}),
        Ty::Id => id,
        Ty::IdOrRoot => json!({"type": "string", "pattern": "^([0-9a-f]{28})?$"}),
        Ty::Ids(min, max) => json!({"type": "array", "items": id, "minItems": min, "maxItems": max}),
        Ty::Email => json!({"type": "string", "format": "email", "maxLength": 254}),
        Ty::NewPassword => json!({"type": "string", "format": "password", "minLength": super::password::MIN_CHARS, "maxLength": super::password::MAX_CHARS}),
        Ty::Given => json!({"type": "string", "minLength": 1}),
        Ty::Secret => json!({"type": "string", "pattern": "^[0-9a-f]{64}$"}),
        Ty::ClientKey => json!({"type": "string", "pattern": super::request::CLIENT_KEY_PATTERN}),
        Ty::Timezone => json!({"type": "string", "enum": std::iter::once("").chain(profile::timezones()).collect::<Vec<_>>()}),
        Ty::Languages => json!({"type": "array", "maxItems": profile::MAX_LANGUAGES, "items": {
            "type": "object", "additionalProperties": false, "required": ["code", "level"],
            "properties": {"code": {"type": "string", "enum": vocab::LANGUAGES}, "level": {"type": "string", "enum": vocab::LANGUAGE_LEVELS}}}}),
        Ty::Date => json!({"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}),
        Ty::Codes(values) => json!({"type": "array", "uniqueItems": true, "items": {"type": "string", "enum": values}}),
        Ty::Objects(fields, max) => {
            let props: Map<String, Value> = fields.iter().map(|f| (f.name.to_string(), schema(f.ty))).collect();
            let required: Vec<&str> = fields.iter().filter(|f| f.required).map(|f| f.name).collect();
            json!({"type": "array", "maxItems": max, "items": {"type": "object", "additionalProperties": false, "required": required, "properties": props}})
        }
        Ty::Texts(t, max) => json!({"type": "array", "maxItems": max, "items": schema(Ty::Text(t))}),
        Ty::Answers => json!({"type": "object", "description": "By question key: a scale 1-5 (integer), an option (string), options (array of strings), or text", "additionalProperties": {"type": ["integer", "string", "array"]}}),
        Ty::Form => json!({"type": "object", "description": "An evaluation form: audience (mentee, mentor, organisation, fit), title, intro, questions [{key, kind, text, options, required, readers}]"}),
        Ty::Template => json!({"type": "object", "description": "A journey template: title, description, stages, agenda, clauses, goal_library, min_interactions, duration_months, contract_drafter, mentees_edit_plan, action_plan (see GET .../journeys)"}),
        Ty::Contacts => json!({"type": "array", "maxItems": profile::MAX_CONTACTS, "items": {
            "type": "object", "additionalProperties": false, "required": ["tool", "handle"],
            "properties": {"tool": {"type": "string", "enum": vocab::CONTACT_TOOLS}, "handle": schema(Ty::Text(profile::HANDLE))}}}),
    }
}

/// The routes that hold a raw file as their body (with `Content-Length` and `X-File-Name`).
fn is_upload(route: &Route) -> bool {
    matches!(route.id, R::UploadCv | R::AttachmentUpload | R::FileUpload | R::LibraryUpload | R::PlatformLibraryUpload)
}

/// Every status a route may answer, and why: the success, and each error with the one error shape.
pub fn responses(route: &Route) -> Vec<(u16, &'static str)> {
    let mut out = vec![(400, "A body cut short, or a link's token that is invalid, used or expired")];
    let changes = !matches!(route.method, "GET" | "HEAD");
    if route.id == R::ChatConnect {
        out.push((101, "Switching to the WebSocket"));
        out.push((426, "Not a WebSocket upgrade"));
    }
    if route.policy != Anyone || matches!(route.id, R::Login | R::TwoFactorLogin) {
        out.push((401, "Not logged in (or, to log in, a wrong e-mail address or password)"));
    }
    if route.policy != Anyone || changes || route.id == R::ChatConnect {
        out.push((403, "Not allowed, or a request from another site"));
    }
    out.push((404, "Nothing here (or private: the same answer)"));
    out.push((405, "The address does not take this method; `Allow` says which it does"));
    if changes {
        out.push((409, "The change conflicts with the current state"));
    }
    if is_upload(route) {
        out.push((411, "The upload has no Content-Length"));
    }
    if !route.body.is_empty() || is_upload(route) {
        out.push((413, "The body is too large"));
        out.push((415, "The body is not of a type this route takes"));
    }
    out.push((422, "A parameter or field is missing, malformed or unknown; `field` names it"));
    // Guessing is held back: log-ins and their codes, sign-ups and links by mail, the chat's pace, and what asks for the
    // password or a code again of someone signed in (a session in other hands).
    if matches!(
        route.id,
        R::Login | R::TwoFactorLogin | R::Register | R::ForgotPassword | R::ResendVerification | R::ChatSend | R::ChangePassword | R::ChangeEmail
            | R::TwoFactorStart | R::TwoFactorRecovery | R::TwoFactorOff | R::ExportAsk | R::EraseMe
    ) {
        out.push((429, "Too many attempts; `Retry-After` says how long to wait"));
    }
    out.push((503, "This Tandem is not configured (APP_URL)"));
    out.sort_unstable();
    out
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
            .map(|n| json!({"name": n, "in": "path", "required": true, "schema": {"type": "string", "pattern": ID_PATTERN}}))
            .chain(route.query.iter().map(|f| json!({"name": f.name, "in": "query", "required": f.required, "schema": schema(f.ty)})))
            .collect();
        let mut responses = Map::new();
        responses.insert("2XX".into(), json!({"description": "Success"}));
        for (status, why) in self::responses(route) {
            let body = if status == 101 { json!({"description": why}) } else { json!({"description": why, "content": {"application/json": {"schema": error}}}) };
            responses.insert(status.to_string(), body);
        }
        let mut op: Map<String, Value> = json!({
            "operationId": format!("{:?}", route.id),
            "summary": route.summary,
            "tags": [route.tag],
            "x-access-policy": route.policy.as_str(),
            "parameters": params,
            "responses": responses,
        })
        .as_object()
        .cloned()
        .unwrap_or_default();
        if route.policy != Policy::Anyone {
            op.insert("security".into(), json!([{"session": []}]));
        }
        if !route.body.is_empty() {
            let props: Map<String, Value> = route.body.iter().map(|f| (f.name.to_string(), schema(f.ty))).collect();
            let required: Vec<&str> = route.body.iter().filter(|f| f.required).map(|f| f.name).collect();
            op.insert(
                "requestBody".into(),
                json!({"required": true, "content": {"application/json": {"schema": {
                    "type": "object", "properties": props, "required": required, "additionalProperties": false}}}}),
            );
        }
        if is_upload(route) {
            op.insert(
                "requestBody".into(),
                json!({"required": true, "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}}),
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

    #[test]
    fn each_module_owns_its_routes_and_no_others() {
        use crate::domain::community::Module;
        let of = |m: Module| ROUTES.iter().filter(|r| r.module() == Some(m)).map(|r| r.path).collect::<Vec<_>>();
        assert!(of(Module::Rooms).iter().all(|p| p.contains("/rooms") || p.contains("/room-reports")), "{:?}", of(Module::Rooms));
        assert!(of(Module::Contract).iter().all(|p| p.contains("/contract")));
        assert!(of(Module::Goals).iter().all(|p| p.contains("/goals")));
        assert!(of(Module::Diary).iter().all(|p| p.contains("/diary") || p.contains("/reflections")));
        assert!(of(Module::Evaluations).iter().all(|p| p.contains("evaluation")));
        assert!(of(Module::Library).iter().all(|p| p.contains("/library") || p.contains("/librarians")), "{:?}", of(Module::Library));
        for m in Module::ALL {
            assert!(!of(m).is_empty(), "{m:?}");
        }
        // The project itself, its chat, plan, documents and messages, and the switches: always there.
        for path in ["/api/projects/{project}", "/api/projects/{project}/chat", "/api/projects/{project}/sessions", "/api/communities/{community}/modules"] {
            assert!(ROUTES.iter().filter(|r| r.path == path).all(|r| r.module().is_none()), "{path}");
        }
    }

    #[test]
    fn changes_the_chat_and_grants_read_at_the_primary() {
        for route in ROUTES {
            let grant = matches!(route.policy, Policy::Grant(_));
            let expected = if route.method != "GET" || route.tag == "chat" || grant { Reads::Primary } else { Reads::Nearest };
            assert_eq!(route.reads(), expected, "{} {}", route.method, route.path);
        }
        assert!(ROUTES.iter().any(|r| r.reads() == Reads::Nearest));
    }

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
        assert!(matches!(find("PATCH", "/api/me"), Match::WrongMethod(m) if m.contains(&"GET") && m.contains(&"DELETE")));
        assert!(matches!(find("GET", "/api/nothing"), Match::NotFound));
        assert!(matches!(find("GET", "/api/communities/not-an-id"), Match::NotFound));
        assert!(matches!(find("GET", "/api/me/"), Match::NotFound));
    }

    #[test]
    fn query_parameters_follow_their_rules() {
        let limit = opt("limit", Int(1, 100));
        assert!(check_param(&limit, "100").is_ok());
        assert!(check_param(&limit, "").is_ok(), "empty is left out");
        for bad in ["0", "101", "ten", "1.5"] {
            assert_eq!(check_param(&limit, bad).map_err(|e| (e.field, e.code)), Err(("limit".to_string(), "out_of_range")));
        }
        assert_eq!(check_param(&opt("cursor", Id), "!!").map_err(|e| e.code), Err("cursor_invalid"));
        assert_eq!(check_param(&opt("folder", Id), "x").map_err(|e| e.code), Err("id_invalid"));
        assert!(check_param(&opt("folder", Id), ID).is_ok());
        assert_eq!(check_param(&opt("sector", Code(vocab::SECTORS)), "nope").map_err(|e| e.code), Err("not_in_list"));
        assert_eq!(check_param(&opt("q", Ty::Text(text::SEARCH)), &"q".repeat(101)).map_err(|e| e.code), Err("text_too_long"));
    }

    #[test]
    fn documented_values_are_the_parsers_values() {
        for d in Decision::ALL {
            assert!(Decision::parse(d).is_ok(), "{d}");
        }
        for r in Role::ALL {
            assert!(Role::parse(r).is_ok(), "{r}");
        }
        for b in Box_::ALL {
            assert!(Box_::parse(Some(b)).is_ok(), "{b}");
        }
        for a in Action::NAMES_BY_PEOPLE {
            assert!(Action::parse(a).is_some(), "{a}");
        }
        for p in community::JOIN_POLICIES.iter().chain(community::MODELS) {
            let input = if community::MODELS.contains(p) {
                community::CommunityInput { name: Some("Name".into()), models: Some((*p).into()), ..Default::default() }
            } else {
                community::CommunityInput { name: Some("Name".into()), join_policy: Some((*p).into()), ..Default::default() }
            };
            assert!(community::Settings::parse(&input).is_ok(), "{p}");
        }
    }

    #[test]
    fn every_route_documents_its_errors() {
        for route in ROUTES {
            let statuses: Vec<u16> = responses(route).iter().map(|r| r.0).collect();
            for s in [400, 404, 405, 422, 503] {
                assert!(statuses.contains(&s), "{} {} lacks {s}", route.method, route.path);
            }
            if route.policy != Anyone {
                assert!(statuses.contains(&401) && statuses.contains(&403), "{}", route.path);
            }
        }
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
