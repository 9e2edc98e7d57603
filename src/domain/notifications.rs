//! Notifications: every event that needs someone. Each is shown in the app (translated there by its kind) and,
//! when the person wants, e-mailed (English text made here).

use super::mail::Mail;

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
}

impl Kind {
    /// Every kind (to read one back from its name).
    pub const ALL: [Kind; 37] = [Kind::RequestReceived, Kind::RequestToMatch, Kind::Matched, Kind::Accepted, Kind::Declined, Kind::InfoRequested, Kind::InfoGiven, Kind::Expired, Kind::Withdrawn, Kind::Completed, Kind::Cancelled, Kind::Reopened, Kind::GroupInvited, Kind::GroupStarted, Kind::GroupDissolved, Kind::RollApplication, Kind::RollDecided, Kind::ContractProposed, Kind::ContractSigned, Kind::ContractInForce, Kind::ContractReturned, Kind::ContractUnsigned, Kind::GoalAgreed, Kind::GoalAchieved, Kind::ObjectiveOverdue, Kind::SessionPlanned, Kind::SessionChanged, Kind::SessionCancelled, Kind::SessionSoon, Kind::DiaryYours, Kind::DiarySubmitted, Kind::DiaryCommented, Kind::DiaryMissing, Kind::CoordinatorChanged, Kind::StageChanged, Kind::SessionProposed, Kind::ProposalAnswered];

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
        }
    }

    fn sentence(self, title: &str) -> String {
        match self {
            Kind::RequestReceived => format!("You have been asked to mentor \"{title}\". Please accept, decline or ask for more information."),
            Kind::RequestToMatch => format!("The mentoring request \"{title}\" is waiting to be matched with a mentor."),
            Kind::Matched => format!("Your request \"{title}\" has been matched with a mentor, who has been asked to accept."),
            Kind::Accepted => format!("Your mentor accepted \"{title}\": the mentoring has started."),
            Kind::Declined => format!("The mentor declined \"{title}\"."),
            Kind::InfoRequested => format!("The mentor asks for more information about \"{title}\"."),
            Kind::InfoGiven => format!("The mentee answered your question about \"{title}\"."),
            Kind::Expired => format!("Nobody answered the request \"{title}\" in time, so it has come back."),
            Kind::Withdrawn => format!("The mentee withdrew the request \"{title}\"."),
            Kind::Completed => format!("The mentoring \"{title}\" has been marked completed."),
            Kind::Cancelled => format!("The mentoring \"{title}\" has been cancelled."),
            Kind::Reopened => format!("The mentoring \"{title}\" has been reopened."),
            Kind::GroupInvited => format!("You are invited to the mentoring group \"{title}\". Please accept or decline."),
            Kind::GroupStarted => format!("The mentoring group \"{title}\" has started."),
            Kind::GroupDissolved => format!("The mentoring group \"{title}\" will not start."),
            Kind::RollApplication => format!("{title} applied to the Roll of Mentors."),
            Kind::RollDecided => format!("The supervisor decided on your application to the Roll of Mentors of {title}."),
            Kind::ContractProposed => format!("A contract for \"{title}\" is waiting for your signature: read it and sign it, or return it with a reason."),
            Kind::ContractSigned => format!("Someone signed the contract of \"{title}\"."),
            Kind::ContractInForce => format!("Everyone signed: the contract of \"{title}\" is in force. A copy is in the project's documents."),
            Kind::ContractReturned => format!("The contract of \"{title}\" was returned with a reason: change the draft and propose it again."),
            Kind::ContractUnsigned => format!("The contract of \"{title}\" still waits for your signature."),
            Kind::GoalAgreed => format!("A goal of \"{title}\" was agreed: plan its first objective."),
            Kind::GoalAchieved => format!("A goal of \"{title}\" was marked achieved."),
            Kind::ObjectiveOverdue => format!("An objective in \"{title}\" is past its due date: mark it done or give it a new date."),
            Kind::SessionPlanned => format!("A session of \"{title}\" was planned: check the time in your zone."),
            Kind::SessionChanged => format!("A session of \"{title}\" was moved: check the new time."),
            Kind::SessionCancelled => format!("A session of \"{title}\" was cancelled."),
            Kind::SessionSoon => format!("A session of \"{title}\" starts in about 24 hours."),
            Kind::DiaryYours => format!("You fill in the diary of the next session of \"{title}\"."),
            Kind::DiarySubmitted => format!("A diary of \"{title}\" was submitted: read it and add your comment."),
            Kind::DiaryCommented => format!("The mentor commented on your diary in \"{title}\"."),
            Kind::DiaryMissing => format!("The diary of a session held three days ago in \"{title}\" is still missing: please fill it in."),
            Kind::CoordinatorChanged => format!("The coordinator of \"{title}\" changed."),
            Kind::StageChanged => format!("\"{title}\" moved to its next stage."),
            Kind::SessionProposed => format!("A mentee of \"{title}\" proposes a change to a session: accept it or reject it."),
            Kind::ProposalAnswered => format!("The mentor answered your proposed change to a session of \"{title}\"."),
        }
    }
}

/// The e-mail for a notification; `note` is the reason, question or answer that came with it.
pub fn mail(kind: Kind, to: &str, title: &str, note: &str, link: &str) -> Mail {
    let mut body = kind.sentence(title);
    if !note.is_empty() {
        body.push_str(&format!("\n\n\u{201c}{note}\u{201d}"));
    }
    body.push_str(&format!("\n\nOpen Tandem: {link}\n\nYou can turn these e-mails off in your account settings.\n"));
    let subject: String = format!("Tandem: {}", kind.sentence(title)).chars().take(120).collect();
    Mail { to: to.into(), subject, body }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mails_carry_the_reason_and_a_link() {
        let m = mail(Kind::Declined, "dev@example.org", "Mentoring for Dev", "I am fully booked this term.", "https://t/p/1");
        assert!(m.subject.starts_with("Tandem: The mentor declined"));
        assert!(m.body.contains("I am fully booked this term."));
        assert!(m.body.contains("https://t/p/1"));
        assert_eq!(Kind::RollDecided.as_str(), "roll_decided");
    }
}
