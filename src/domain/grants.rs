//! Break-glass access (#14): a community admin asks to read named parts of one project (its chat, private messages,
//! folder, process) for a reason. A member's consent, or a second admin's approval (a platform admin's where the
//! community has one admin), opens it for at most 72 hours, read-only; every read is logged. The members are told
//! at once, or, where the approving admin records why, after at most 7 days. Nothing renews a grant: a new need is a
//! new request.
//!
//! ```text
//!   requested ──approve──▶ active ──(its hours pass)──▶ expired
//!       │                    └──end──▶ ended
//!       ├──refuse──▶ refused
//!       └──withdraw──▶ withdrawn
//! ```

use super::error::{ApiError, Invalid};
use super::text::Text;

pub const MAX_HOURS: i64 = 72;
pub const HOUR_MS: i64 = 3_600_000;
pub const DAY_MS: i64 = 86_400_000;
/// The longest an approving admin may keep the members from being told, with a reason.
pub const MAX_DELAY_DAYS: i64 = 7;
/// A request not answered within this lapses (a later need is a new request, with a reason that is current).
pub const ANSWER_WITHIN_MS: i64 = 7 * DAY_MS;
/// A refusal by the project's members counts this long: meanwhile an admin's approval cannot delay telling them, and
/// a refusal brings forward the notice of any grant opened with a delay.
pub const REFUSAL_COUNTS_MS: i64 = 30 * DAY_MS;
/// Grants on one page of a project's Access page (newest first), and the latest reads shown with each (the page
/// says how many there were in all).
pub const LIST_PAGE: i64 = 20;
pub const READS_SHOWN: i64 = 200;
pub const REASON: Text = Text::lines(10, 2000);
pub const DELAY_REASON: Text = Text::lines(10, 1000);

/// The space's tables a grant to the process opens: the contract, goals, plan, diary and interactions. Not a member's
/// own reflections, which are private even from the other members.
pub const PROCESS_TABLES: &[&str] = &[
    "contracts", "contract_signatures", "goals", "objectives", "goal_reviews", "goal_comments", "sessions", "session_moves",
    "session_proposals", "diaries", "interactions", "action_items",
];

/// The parts of a project a grant may open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Chat,
    Messages,
    Folder,
    Process,
}

impl Scope {
    pub const ALL: [Scope; 4] = [Scope::Chat, Scope::Messages, Scope::Folder, Scope::Process];
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Chat => "chat",
            Scope::Messages => "messages",
            Scope::Folder => "folder",
            Scope::Process => "process",
        }
    }
    pub fn parse(raw: &str) -> Option<Scope> {
        Scope::ALL.into_iter().find(|s| s.as_str() == raw)
    }
    pub fn bit(self) -> u8 {
        match self {
            Scope::Chat => 1,
            Scope::Messages => 2,
            Scope::Folder => 4,
            Scope::Process => 8,
        }
    }
    /// The scopes a grant holds, stored as a comma-separated list.
    pub fn list(stored: &str) -> Vec<Scope> {
        stored.split(',').filter_map(Scope::parse).collect()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    Safeguarding,
    Complaint,
    Legal,
    Other,
}

impl Category {
    pub fn parse(raw: &str) -> Option<Category> {
        [Category::Safeguarding, Category::Complaint, Category::Legal, Category::Other].into_iter().find(|c| c.as_str() == raw)
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Safeguarding => "safeguarding",
            Category::Complaint => "complaint",
            Category::Legal => "legal",
            Category::Other => "other",
        }
    }
}

/// Who may open the grant: one of the project's members, or a second admin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Approval {
    Member,
    Admin,
}

impl Approval {
    pub fn parse(raw: &str) -> Option<Approval> {
        match raw {
            "member" => Some(Approval::Member),
            "admin" => Some(Approval::Admin),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Approval::Member => "member",
            Approval::Admin => "admin",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Requested,
    Active,
    Refused,
    Withdrawn,
    Ended,
    /// Active until its hours passed, or asked and not answered within 7 days (never stored: worked out from
    /// `expires_at` and the time it was asked).
    Expired,
}

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            State::Requested => "requested",
            State::Active => "active",
            State::Refused => "refused",
            State::Withdrawn => "withdrawn",
            State::Ended => "ended",
            State::Expired => "expired",
        }
    }
    /// A stored state as it stands at `now` (`asked_at`: when it was requested).
    pub fn at(stored: &str, expires_at: Option<i64>, asked_at: i64, now: i64) -> Option<State> {
        let s = [State::Requested, State::Active, State::Refused, State::Withdrawn, State::Ended].into_iter().find(|s| s.as_str() == stored)?;
        let over = match s {
            State::Active => expires_at.is_none_or(|e| now >= e),
            State::Requested => now >= asked_at.saturating_add(ANSWER_WITHIN_MS),
            _ => false,
        };
        Some(if over { State::Expired } else { s })
    }
}

super::input::input! {
    /// `POST /api/projects/{project}/grants`.
    pub struct AskInput {
        pub scopes: Vec<String>,
        pub category: String,
        pub reason: String,
        pub hours: i64,
        pub approval: String,
    }
}

/// A request for access, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ask {
    pub scopes: Vec<Scope>,
    pub category: Category,
    pub reason: String,
    pub hours: i64,
    pub approval: Approval,
}

impl Ask {
    pub fn parse(i: &AskInput) -> Result<Ask, Invalid> {
        let mut scopes: Vec<Scope> = Vec::new();
        for raw in &i.scopes {
            let s = Scope::parse(raw).ok_or_else(|| Invalid::new("scopes", "not_in_list", "Choose among chat, messages, folder and process."))?;
            if !scopes.contains(&s) {
                scopes.push(s);
            }
        }
        if scopes.is_empty() {
            return Err(Invalid::new("scopes", "required", "Name the parts of the project to read."));
        }
        let category = Category::parse(&i.category)
            .ok_or_else(|| Invalid::new("category", "not_in_list", "Choose safeguarding, complaint, legal or other."))?;
        let reason = REASON.parse("reason", &i.reason)?;
        if !(1..=MAX_HOURS).contains(&i.hours) {
            return Err(Invalid::new("hours", "out_of_range", "Access lasts 1 to 72 hours; a longer need is a new request."));
        }
        let approval = Approval::parse(&i.approval).ok_or_else(|| Invalid::new("approval", "not_in_list", "Choose a member's consent or an administrator's approval."))?;
        Ok(Ask { scopes, category, reason, hours: i.hours, approval })
    }
    /// The scopes as stored.
    pub fn scopes_text(&self) -> String {
        self.scopes.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(",")
    }
}

super::input::input! {
    /// `POST /api/projects/{project}/grants/{grant}/actions`.
    pub struct ActInput {
        pub action: String,
        pub delay_days: Option<i64>,
        pub delay_reason: Option<String>,
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Act {
    /// Opens the grant; an admin may delay telling the members by up to 7 days, saying why.
    Approve { delay: Option<(i64, String)> },
    Refuse,
    Withdraw,
    End,
}

impl Act {
    pub fn parse(i: &ActInput) -> Result<Act, Invalid> {
        Ok(match i.action.as_str() {
            "approve" => match i.delay_days.filter(|d| *d != 0) {
                None => Act::Approve { delay: None },
                Some(days) if (1..=MAX_DELAY_DAYS).contains(&days) => {
                    Act::Approve { delay: Some((days, DELAY_REASON.parse("delay_reason", i.delay_reason.as_deref().unwrap_or(""))?)) }
                }
                Some(_) => return Err(Invalid::new("delay_days", "out_of_range", "The members are told within 7 days at the latest.")),
            },
            "refuse" => Act::Refuse,
            "withdraw" => Act::Withdraw,
            "end" => Act::End,
            _ => return Err(Invalid::new("action", "not_in_list", "Choose approve, refuse, withdraw or end.")),
        })
    }
}

/// The person acting, as the grant sees them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    Requester,
    /// An active member of the project.
    Member,
    /// An active admin of the project's community other than the requester, who was one when it was asked for.
    OtherAdmin,
    /// An active admin of the community made one after the request: may end a grant, never answer one (a sole admin
    /// cannot name a friend to approve their own request).
    NewAdmin,
    /// A platform admin (with a second factor) who is not an admin of the community.
    PlatformAdmin,
}

/// What is known of the grant when someone acts on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Facts {
    /// As it stands now (`State::at`).
    pub state: State,
    pub approval: Approval,
    pub hours: i64,
    /// None of the community's other admins when it was asked for is still one: a platform admin approves in a
    /// second admin's place.
    pub sole_admin: bool,
    /// The project's members refused a request for it lately (`REFUSAL_COUNTS_MS`): an admin's approval cannot delay
    /// telling them.
    pub members_refused: bool,
}

/// What an act does: the new state, when access ends, when the members are told (and why later).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Effects {
    pub to: State,
    pub expires_at: Option<i64>,
    pub tell_at: Option<i64>,
    pub delay_reason: Option<String>,
}

fn own() -> ApiError {
    ApiError::new(403, "grant_own_request", "You cannot approve your own request: a member of the project or another administrator must.")
}

/// May `who` approve or refuse a grant asked for this way?
fn approver(f: &Facts, who: Who) -> Result<(), ApiError> {
    match (f.approval, who) {
        (_, Who::Requester) => Err(own()),
        (Approval::Member, Who::Member) | (Approval::Admin, Who::OtherAdmin) => Ok(()),
        (Approval::Admin, Who::PlatformAdmin) if f.sole_admin => Ok(()),
        _ => Err(ApiError::forbidden()),
    }
}

pub fn next(f: &Facts, act: &Act, who: Who, now: i64) -> Result<Effects, ApiError> {
    let waiting = || if f.state == State::Requested { Ok(()) } else { Err(ApiError::conflict("grant_not_waiting", "This request has already been answered.")) };
    let none = |to| Effects { to, expires_at: None, tell_at: None, delay_reason: None };
    match act {
        Act::Approve { delay } => {
            waiting()?;
            approver(f, who)?;
            let tell_at = match delay {
                None => now,
                // A member who consents knows of it already.
                Some(_) if f.approval == Approval::Member => {
                    return Err(Invalid::new("delay_days", "not_allowed", "Only an administrator's approval may delay telling the members.").into())
                }
                Some(_) if f.members_refused => {
                    return Err(Invalid::new("delay_days", "not_allowed", "The project's members refused an earlier request: they are told at once.").into())
                }
                Some((days, _)) => now + days * DAY_MS,
            };
            Ok(Effects { to: State::Active, expires_at: Some(now + f.hours * HOUR_MS), tell_at: Some(tell_at), delay_reason: delay.as_ref().map(|(_, why)| why.clone()) })
        }
        Act::Refuse => {
            waiting()?;
            approver(f, who)?;
            Ok(none(State::Refused))
        }
        Act::Withdraw => {
            waiting()?;
            if who != Who::Requester {
                return Err(ApiError::forbidden());
            }
            Ok(none(State::Withdrawn))
        }
        Act::End => {
            if f.state != State::Active {
                return Err(ApiError::conflict("grant_not_active", "This access is not open."));
            }
            if who == Who::Member {
                return Err(ApiError::forbidden());
            }
            Ok(none(State::Ended))
        }
    }
}

/// The parts a grant opens to its holder now (`Scope::bit`s; none unless it is active and unexpired).
pub fn open_parts(stored_state: &str, expires_at: Option<i64>, scopes: &str, now: i64) -> u8 {
    if State::at(stored_state, expires_at, now, now) == Some(State::Active) { Scope::list(scopes).iter().fold(0, |bits, s| bits | s.bit()) } else { 0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ask(scopes: &[&str], hours: i64, approval: &str) -> Result<Ask, Invalid> {
        Ask::parse(&AskInput {
            scopes: scopes.iter().map(|s| s.to_string()).collect(),
            category: "safeguarding".into(),
            reason: "A mentee's parent reported a worrying message.".into(),
            hours,
            approval: approval.into(),
        })
    }

    #[test]
    fn a_request_names_its_parts_its_reason_and_at_most_72_hours() {
        let a = ask(&["chat", "folder", "chat"], 72, "admin");
        assert_eq!(a.as_ref().map(|a| a.scopes_text()), Ok("chat,folder".to_string()));
        for (scopes, hours, approval, field) in [
            (&["chat"][..], 73, "admin", "hours"),
            (&["chat"][..], 0, "admin", "hours"),
            (&[][..], 24, "admin", "scopes"),
            (&["export"][..], 24, "admin", "scopes"),
            (&["chat"][..], 24, "anyone", "approval"),
        ] {
            assert_eq!(ask(scopes, hours, approval).map_err(|e| e.field), Err(field.to_string()));
        }
        let short = Ask::parse(&AskInput { scopes: vec!["chat".into()], category: "complaint".into(), reason: "why".into(), hours: 1, approval: "member".into() });
        assert_eq!(short.map_err(|e| e.field), Err("reason".to_string()));
    }

    fn facts(state: State, approval: Approval, sole_admin: bool) -> Facts {
        Facts { state, approval, hours: 48, sole_admin, members_refused: false }
    }

    #[test]
    fn an_admin_made_after_the_request_cannot_answer_it_but_may_end_a_grant() {
        let asked = facts(State::Requested, Approval::Admin, false);
        assert_eq!(next(&asked, &Act::Approve { delay: None }, Who::NewAdmin, 0).err().map(|e| e.status), Some(403));
        assert_eq!(next(&asked, &Act::Refuse, Who::NewAdmin, 0).err().map(|e| e.status), Some(403));
        let open = facts(State::Active, Approval::Admin, false);
        assert_eq!(next(&open, &Act::End, Who::NewAdmin, 0).map(|e| e.to), Ok(State::Ended));
    }

    #[test]
    fn after_the_members_refused_an_admin_approval_tells_them_at_once() {
        let f = Facts { members_refused: true, ..facts(State::Requested, Approval::Admin, false) };
        let delayed = next(&f, &Act::Approve { delay: Some((3, "An investigation is under way.".into())) }, Who::OtherAdmin, 0);
        assert_eq!(delayed.err().map(|e| (e.status, e.code)), Some((422, "not_allowed")));
        assert_eq!(next(&f, &Act::Approve { delay: None }, Who::OtherAdmin, 5).map(|e| e.tell_at), Ok(Some(5)));
    }

    #[test]
    fn approval_opens_for_its_hours_and_tells_the_members() {
        let f = facts(State::Requested, Approval::Admin, false);
        let e = next(&f, &Act::Approve { delay: None }, Who::OtherAdmin, 1_000);
        assert_eq!(e, Ok(Effects { to: State::Active, expires_at: Some(1_000 + 48 * HOUR_MS), tell_at: Some(1_000), delay_reason: None }));
        let later = next(&f, &Act::Approve { delay: Some((7, "An investigation is under way.".into())) }, Who::OtherAdmin, 0).ok();
        assert_eq!(later.and_then(|e| e.tell_at), Some(7 * DAY_MS));
        // A member's consent opens a member-approved request; no delay there.
        let m = facts(State::Requested, Approval::Member, false);
        assert_eq!(next(&m, &Act::Approve { delay: None }, Who::Member, 0).map(|e| e.to), Ok(State::Active));
        assert_eq!(next(&m, &Act::Approve { delay: Some((1, "x".repeat(20))) }, Who::Member, 0).err().map(|e| e.status), Some(422));
    }

    #[test]
    fn nobody_approves_their_own_request_or_one_not_theirs_to_approve() {
        let status = |f: Facts, who| next(&f, &Act::Approve { delay: None }, who, 0).err().map(|e| (e.status, e.code));
        let admin = facts(State::Requested, Approval::Admin, false);
        assert_eq!(status(admin, Who::Requester), Some((403, "grant_own_request")));
        assert_eq!(status(admin, Who::Member), Some((403, "forbidden")));
        // A platform admin stands in only for a second admin the community does not have.
        assert_eq!(status(admin, Who::PlatformAdmin), Some((403, "forbidden")));
        assert_eq!(status(facts(State::Requested, Approval::Admin, true), Who::PlatformAdmin), None);
        let member = facts(State::Requested, Approval::Member, false);
        assert_eq!(status(member, Who::OtherAdmin), Some((403, "forbidden")));
        assert_eq!(status(member, Who::Requester), Some((403, "grant_own_request")));
        // Answered once.
        assert_eq!(status(facts(State::Active, Approval::Admin, false), Who::OtherAdmin), Some((409, "grant_not_waiting")));
    }

    #[test]
    fn withdrawn_by_its_requester_ended_while_open_never_renewed() {
        let asked = facts(State::Requested, Approval::Admin, false);
        assert_eq!(next(&asked, &Act::Withdraw, Who::Requester, 0).map(|e| e.to), Ok(State::Withdrawn));
        assert_eq!(next(&asked, &Act::Withdraw, Who::OtherAdmin, 0).err().map(|e| e.status), Some(403));
        let open = facts(State::Active, Approval::Admin, false);
        assert_eq!(next(&open, &Act::End, Who::Requester, 0).map(|e| e.to), Ok(State::Ended));
        assert_eq!(next(&open, &Act::End, Who::Member, 0).err().map(|e| e.status), Some(403));
        let expired = facts(State::Expired, Approval::Admin, false);
        assert_eq!(next(&expired, &Act::End, Who::Requester, 0).err().map(|e| e.code), Some("grant_not_active"));
        assert_eq!(next(&expired, &Act::Approve { delay: None }, Who::OtherAdmin, 0).err().map(|e| e.code), Some("grant_not_waiting"));
    }

    #[test]
    fn a_grant_opens_exactly_its_scopes_until_it_expires() {
        assert_eq!(open_parts("active", Some(100), "chat,folder", 99), Scope::Chat.bit() | Scope::Folder.bit());
        assert_eq!(open_parts("active", Some(100), "chat,folder", 100), 0);
        assert_eq!(open_parts("requested", None, "chat", 0), 0);
        assert_eq!(open_parts("ended", Some(100), "chat", 0), 0);
        assert_eq!(State::at("active", None, 0, 0), Some(State::Expired));
        assert_eq!(State::at("bogus", None, 0, 0), None);
        // A request waits a week for its answer, then lapses.
        assert_eq!(State::at("requested", None, 0, ANSWER_WITHIN_MS - 1), Some(State::Requested));
        assert_eq!(State::at("requested", None, 0, ANSWER_WITHIN_MS), Some(State::Expired));
    }

    #[test]
    fn acts_parse_with_limits() {
        let act = |action: &str, days: Option<i64>, why: Option<&str>| Act::parse(&ActInput { action: action.into(), delay_days: days, delay_reason: why.map(Into::into) });
        assert_eq!(act("approve", Some(8), Some("A long enough reason.")).map_err(|e| e.field), Err("delay_days".to_string()));
        assert_eq!(act("approve", Some(3), None).map_err(|e| e.field), Err("delay_reason".to_string()));
        assert_eq!(act("approve", Some(0), None), Ok(Act::Approve { delay: None }));
        assert_eq!(act("renew", None, None).map_err(|e| e.field), Err("action".to_string()));
    }
}
