//! Notifications: every event that needs someone. Each is shown in the app (translated there by its kind) and,
//! when the person wants, e-mailed in their language (`words.rs`: `kind.<kind>` in `public/i18n/mail.<lang>.json`).

use super::mail::Mail;
use super::words::Words;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    RequestReceived,
    RequestToMatch,
    Matched,
    Accepted,
    Declined,
    InfoRequested,
    InfoGiven,
    Expired,
    Withdrawn,
    Completed,
    Cancelled,
    Reopened,
    GroupInvited,
    GroupStarted,
    GroupDissolved,
    RollApplication,
    RollDecided,
    ContractProposed,
    ContractSigned,
    ContractInForce,
    ContractReturned,
    ContractUnsigned,
    GoalAgreed,
    GoalAchieved,
    ObjectiveOverdue,
    SessionPlanned,
    SessionChanged,
    SessionCancelled,
    SessionSoon,
    DiaryYours,
    DiarySubmitted,
    DiaryCommented,
    DiaryMissing,
    CoordinatorChanged,
    StageChanged,
    SessionProposed,
    ProposalAnswered,
    /// The members, with the concrete next step (the note is the health rule's name).
    HealthNudge,
    /// The coordinator: the project is at risk (the note names the rules).
    HealthAtRisk,
    /// Every community admin: the project is stalled, or at risk and unacknowledged for two weeks.
    HealthEscalated,
    /// The coordinator: a member asked for help (the text stays in Tandem).
    HelpRequested,
    /// A member is asked to answer an evaluation form (and reminded after 7, 14 and 21 days).
    EvaluationRequested,
    EvaluationReminder,
    /// "Are we well matched?": asked of each member in the first stage after the second session.
    FitCheck,
    /// The coordinator: a mentee shared (sections of) the final report.
    ReportShared,
    /// The members: their coordinator wrote to the project (the note is the message), or proposes a check-in.
    CoordinatorMessage,
    CheckInProposed,
    /// The members: the project is on hold until a date (the note), or back from hold.
    ProjectOnHold,
    ProjectResumed,
    /// Discussion rooms: a reply in a thread followed; a mention; a post hidden (its author, with the reason); a post
    /// reported (the room's moderators); banned from writing in a room (with the reason).
    RoomReply,
    RoomMention,
    RoomPostHidden,
    RoomReported,
    RoomBanned,
    /// Break-glass access (#14): a community admin asks to read parts of a project (its approvers: the members or the
    /// other admins); the members are told that it opened (the note is the reason).
    GrantAsked,
    GrantOpened,
}

impl Kind {
    /// Every kind (to read one back from its name).
    pub const ALL: [Kind; 56] = [Kind::RequestReceived, Kind::RequestToMatch, Kind::Matched, Kind::Accepted, Kind::Declined, Kind::InfoRequested, Kind::InfoGiven, Kind::Expired, Kind::Withdrawn, Kind::Completed, Kind::Cancelled, Kind::Reopened, Kind::GroupInvited, Kind::GroupStarted, Kind::GroupDissolved, Kind::RollApplication, Kind::RollDecided, Kind::ContractProposed, Kind::ContractSigned, Kind::ContractInForce, Kind::ContractReturned, Kind::ContractUnsigned, Kind::GoalAgreed, Kind::GoalAchieved, Kind::ObjectiveOverdue, Kind::SessionPlanned, Kind::SessionChanged, Kind::SessionCancelled, Kind::SessionSoon, Kind::DiaryYours, Kind::DiarySubmitted, Kind::DiaryCommented, Kind::DiaryMissing, Kind::CoordinatorChanged, Kind::StageChanged, Kind::SessionProposed, Kind::ProposalAnswered, Kind::HealthNudge, Kind::HealthAtRisk, Kind::HealthEscalated, Kind::HelpRequested, Kind::EvaluationRequested, Kind::EvaluationReminder, Kind::FitCheck, Kind::ReportShared, Kind::CoordinatorMessage, Kind::CheckInProposed, Kind::ProjectOnHold, Kind::ProjectResumed, Kind::RoomReply, Kind::RoomMention, Kind::RoomPostHidden, Kind::RoomReported, Kind::RoomBanned, Kind::GrantAsked, Kind::GrantOpened];

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::RequestReceived => "request_received",
            Kind::RequestToMatch => "request_to_match",
            Kind::Matched => "matched",
            Kind::Accepted => "accepted",
            Kind::Declined => "declined",
            Kind::InfoRequested => "info_requested",
            Kind::InfoGiven => "info_given",
            Kind::Expired => "expired",
            Kind::Withdrawn => "withdrawn",
            Kind::Completed => "completed",
            Kind::Cancelled => "cancelled",
            Kind::Reopened => "reopened",
            Kind::GroupInvited => "group_invited",
            Kind::GroupStarted => "group_started",
            Kind::GroupDissolved => "group_dissolved",
            Kind::RollApplication => "roll_application",
            Kind::RollDecided => "roll_decided",
            Kind::ContractProposed => "contract_proposed",
            Kind::ContractSigned => "contract_signed",
            Kind::ContractInForce => "contract_in_force",
            Kind::ContractReturned => "contract_returned",
            Kind::ContractUnsigned => "contract_unsigned",
            Kind::GoalAgreed => "goal_agreed",
            Kind::GoalAchieved => "goal_achieved",
            Kind::ObjectiveOverdue => "objective_overdue",
            Kind::SessionPlanned => "session_planned",
            Kind::SessionChanged => "session_changed",
            Kind::SessionCancelled => "session_cancelled",
            Kind::SessionSoon => "session_soon",
            Kind::DiaryYours => "diary_yours",
            Kind::DiarySubmitted => "diary_submitted",
            Kind::DiaryCommented => "diary_commented",
            Kind::DiaryMissing => "diary_missing",
            Kind::CoordinatorChanged => "coordinator_changed",
            Kind::StageChanged => "stage_changed",
            Kind::SessionProposed => "session_proposed",
            Kind::ProposalAnswered => "proposal_answered",
            Kind::HealthNudge => "health_nudge",
            Kind::HealthAtRisk => "health_at_risk",
            Kind::HealthEscalated => "health_escalated",
            Kind::HelpRequested => "help_requested",
            Kind::EvaluationRequested => "evaluation_requested",
            Kind::EvaluationReminder => "evaluation_reminder",
            Kind::FitCheck => "fit_check",
            Kind::ReportShared => "report_shared",
            Kind::CoordinatorMessage => "coordinator_message",
            Kind::CheckInProposed => "check_in_proposed",
            Kind::ProjectOnHold => "project_on_hold",
            Kind::ProjectResumed => "project_resumed",
            Kind::RoomReply => "room_reply",
            Kind::RoomMention => "room_mention",
            Kind::RoomPostHidden => "room_post_hidden",
            Kind::RoomReported => "room_reported",
            Kind::RoomBanned => "room_banned",
            Kind::GrantAsked => "grant_asked",
            Kind::GrantOpened => "grant_opened",
        }
    }
}

/// What a notification is about: each kind belongs to one topic, and each person says per topic how they want to
/// hear of it (by e-mail at once, in their digest, or only in Tandem).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Topic {
    /// Requests, matching and each project's life (accepted, completed, groups).
    Requests,
    /// The Roll of Mentors: applications and decisions.
    Roll,
    /// The process: contract, goals, stages, coordinator.
    Process,
    /// Sessions and their diaries.
    Sessions,
    /// Care: health, help, evaluations, the coordinator's messages, holds.
    Care,
    /// Discussion rooms: replies in threads followed, mentions.
    Rooms,
    /// Moderation in the rooms: hidden posts, reports, bans.
    Moderation,
}

impl Topic {
    pub const ALL: [Topic; 7] = [Topic::Requests, Topic::Roll, Topic::Process, Topic::Sessions, Topic::Care, Topic::Rooms, Topic::Moderation];
    pub const NAMES: &'static [&'static str] = &["requests", "roll", "process", "sessions", "care", "rooms", "moderation"];
    pub fn as_str(self) -> &'static str {
        match self {
            Topic::Requests => "requests",
            Topic::Roll => "roll",
            Topic::Process => "process",
            Topic::Sessions => "sessions",
            Topic::Care => "care",
            Topic::Rooms => "rooms",
            Topic::Moderation => "moderation",
        }
    }
    pub fn parse(s: &str) -> Option<Topic> {
        Topic::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

/// How a person hears of a topic's notifications beyond the app: an e-mail each (the default), a line in their
/// digest, or nothing (the notice stays in Tandem).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    Instant,
    Digest,
    Off,
}

impl Delivery {
    pub const NAMES: &'static [&'static str] = &["instant", "digest", "off"];
    pub fn as_str(self) -> &'static str {
        match self {
            Delivery::Instant => "instant",
            Delivery::Digest => "digest",
            Delivery::Off => "off",
        }
    }
    pub fn parse(s: &str) -> Option<Delivery> {
        [Delivery::Instant, Delivery::Digest, Delivery::Off].into_iter().find(|d| d.as_str() == s)
    }
}

impl Kind {
    pub fn topic(self) -> Topic {
        use Kind::*;
        match self {
            RequestReceived | RequestToMatch | Matched | Accepted | Declined | InfoRequested | InfoGiven | Expired | Withdrawn | Completed
            | Cancelled | Reopened | GroupInvited | GroupStarted | GroupDissolved => Topic::Requests,
            RollApplication | RollDecided => Topic::Roll,
            ContractProposed | ContractSigned | ContractInForce | ContractReturned | ContractUnsigned | GoalAgreed | GoalAchieved
            | ObjectiveOverdue | CoordinatorChanged | StageChanged => Topic::Process,
            SessionPlanned | SessionChanged | SessionCancelled | SessionSoon | SessionProposed | ProposalAnswered | DiaryYours | DiarySubmitted
            | DiaryCommented | DiaryMissing => Topic::Sessions,
            HealthNudge | HealthAtRisk | HealthEscalated | HelpRequested | EvaluationRequested | EvaluationReminder | FitCheck | ReportShared
            | CoordinatorMessage | CheckInProposed | ProjectOnHold | ProjectResumed | GrantAsked | GrantOpened => Topic::Care,
            RoomReply | RoomMention => Topic::Rooms,
            RoomPostHidden | RoomReported | RoomBanned => Topic::Moderation,
        }
    }

    /// Its words point at a note that comes with it ("for the reason below"): a digest counts it instead of listing it.
    pub fn points_at_note(self) -> bool {
        matches!(self, Kind::RoomPostHidden | Kind::RoomBanned | Kind::ProjectOnHold | Kind::GrantAsked | Kind::GrantOpened)
    }

    /// The notice in words (for a digest's list).
    pub fn sentence(self, words: &Words, title: &str) -> String {
        words.say(&format!("kind.{}", self.as_str()), &[("title", title)])
    }
}

/// The e-mail for a notification in the words of the recipient's language; `note` is the reason, question, answer
/// or time that came with it (a health notice's: the names of its rules, each said as its next step).
pub fn mail(kind: Kind, words: &Words, to: &str, title: &str, note: &str, link: &str) -> Mail {
    let sentence = kind.sentence(words, title);
    let note = if matches!(kind, Kind::HealthNudge | Kind::HealthAtRisk | Kind::HealthEscalated) {
        note.split(',').filter(|r| !r.is_empty()).map(|r| words.say(&format!("health.{r}"), &[])).collect::<Vec<_>>().join(" ")
    } else {
        note.to_string()
    };
    let mut body = sentence.clone();
    if !note.is_empty() {
        body.push_str("\n\n");
        body.push_str(&words.say("quote", &[("note", &note)]));
    }
    body.push_str(&format!("\n\n{}: {link}\n\n{}\n", words.say("open", &[]), words.say("off", &[])));
    let subject: String = words.say("subject", &[("sentence", &sentence)]).chars().take(120).collect();
    Mail { to: to.into(), subject, body, made: String::new() }
}

/// What a notification's mail is made of (kept with it in the outbox), to write it again in the reader's language
/// when it is sent.
#[derive(serde::Serialize, serde::Deserialize)]
pub struct Made {
    pub kind: String,
    pub title: String,
    pub note: String,
    pub link: String,
}

/// The notification's mail in `words`' language (None when what it was made of cannot be read).
pub fn rewrite(made: &str, words: &Words, to: &str) -> Option<Mail> {
    let m: Made = serde_json::from_str(made).ok()?;
    Some(mail(Kind::parse(&m.kind)?, words, to, &m.title, &m.note, &m.link))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mails_carry_the_reason_and_a_link() {
        let en = Words::english();
        let m = mail(Kind::Declined, en, "dev@example.org", "Mentoring for Dev", "I am fully booked this term.", "https://t/p/1");
        assert!(m.subject.starts_with("Tandem: The mentor declined"));
        assert!(m.body.contains("I am fully booked this term."));
        assert!(m.body.contains("https://t/p/1"));
        assert_eq!(Kind::RollDecided.as_str(), "roll_decided");
        let it = Words::parse("it", include_str!("../../public/i18n/mail.it.json")).unwrap_or_else(|| Words::english().clone());
        let soon = mail(Kind::SessionSoon, &it, "carla@example.org", "Mentoring", "2027-03-16 02:00 (Asia/Tokyo)", "https://t/p/1");
        assert!(soon.subject.starts_with("Tandem: Una sessione di «Mentoring» inizia"));
        assert!(soon.body.contains("2027-03-16 02:00 (Asia/Tokyo)") && soon.body.contains("Apri Tandem: https://t/p/1"));
        for rule in super::super::health::RULES {
            assert!(en.has(&format!("health.{rule}")) && it.has(&format!("health.{rule}")), "{rule}");
        }
        let nudge = mail(Kind::HealthNudge, &it, "", "Mentoring", "quiet,no_next_session", "https://t/p/1");
        assert!(nudge.body.contains("saluta nella chat") && nudge.body.contains("pianifica la prossima"));
        let made = serde_json::to_string(&Made { kind: "session_soon".into(), title: "Mentoring".into(), note: "n".into(), link: "https://t/p/1".into() }).unwrap_or_default();
        assert_eq!(rewrite(&made, &it, "carla@example.org").map(|m| m.subject), Some(soon.subject.clone()));
        assert!(rewrite("{}", &it, "x").is_none());
        for k in Kind::ALL {
            assert!(en.has(&format!("kind.{}", k.as_str())) && it.has(&format!("kind.{}", k.as_str())) && Kind::parse(k.as_str()) == Some(k));
            assert_eq!(Topic::parse(k.topic().as_str()), Some(k.topic()));
        }
        assert_eq!(Topic::NAMES, Topic::ALL.map(Topic::as_str));
        assert_eq!(Delivery::NAMES.iter().map(|d| Delivery::parse(d).map(Delivery::as_str)).collect::<Vec<_>>(), Delivery::NAMES.iter().map(|d| Some(*d)).collect::<Vec<_>>());
    }
}
