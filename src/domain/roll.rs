//! The Roll of Mentors: applications and the supervisor's decisions.

use super::error::Invalid;
use super::text::Text;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryStatus {
    Applied,
    Accredited,
    Rejected,
    Suspended,
}

impl EntryStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            EntryStatus::Applied => "applied",
            EntryStatus::Accredited => "accredited",
            EntryStatus::Rejected => "rejected",
            EntryStatus::Suspended => "suspended",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "applied" => EntryStatus::Applied,
            "accredited" => EntryStatus::Accredited,
            "rejected" => EntryStatus::Rejected,
            "suspended" => EntryStatus::Suspended,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Accredit,
    Reject,
    Suspend,
    Reinstate,
}

impl Decision {
    pub const ALL: &'static [&'static str] = &["accredit", "reject", "suspend", "reinstate"];
    pub fn parse(s: &str) -> Result<Self, Invalid> {
        Ok(match s {
            "accredit" => Decision::Accredit,
            "reject" => Decision::Reject,
            "suspend" => Decision::Suspend,
            "reinstate" => Decision::Reinstate,
            _ => return Err(Invalid::new("decision", "not_in_list", "The decision must be accredit, reject, suspend or reinstate.")),
        })
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Accredit => "accredit",
            Decision::Reject => "reject",
            Decision::Suspend => "suspend",
            Decision::Reinstate => "reinstate",
        }
    }
}

/// Where a supervisor's decision leads, or why it cannot be taken.
pub fn decide(current: EntryStatus, decision: Decision) -> Result<EntryStatus, &'static str> {
    use Decision as D;
    use EntryStatus as S;
    match (decision, current) {
        (D::Accredit, S::Applied) => Ok(S::Accredited),
        (D::Reject, S::Applied) => Ok(S::Rejected),
        (D::Suspend, S::Accredited) => Ok(S::Suspended),
        (D::Reinstate, S::Suspended) => Ok(S::Accredited),
        (D::Accredit | D::Reject, _) => Err("Only a pending application can be accredited or rejected."),
        (D::Suspend, _) => Err("Only an accredited mentor can be suspended."),
        (D::Reinstate, _) => Err("Only a suspended mentor can be reinstated."),
    }
}

/// A roll's training path as a mentor stands to it: its steps, and how many of them they ticked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Training {
    pub steps: i64,
    pub done: i64,
}

impl Training {
    /// Every step ticked.
    pub fn complete(self) -> bool {
        self.done >= self.steps
    }
}

/// Accrediting waits for the roll's training, where there is one, to be complete.
pub fn may_accredit(decision: Decision, training: Option<Training>) -> Result<(), &'static str> {
    match (decision, training) {
        (Decision::Accredit, Some(t)) if !t.complete() => Err("This mentor has not completed the roll's training path yet."),
        _ => Ok(()),
    }
}

/// Can this person (re)apply now, given their current entry?
pub fn may_apply(current: Option<EntryStatus>) -> Result<(), &'static str> {
    match current {
        None | Some(EntryStatus::Rejected) => Ok(()),
        Some(EntryStatus::Applied) => Err("Your application is already waiting for the supervisor."),
        Some(EntryStatus::Accredited) => Err("You are already an accredited mentor in this community."),
        Some(EntryStatus::Suspended) => Err("Your accreditation is suspended: the roll's supervisor can reinstate it."),
    }
}

pub const MOTIVATION: Text = Text::lines(20, 4000);
/// A supervisor's note: required to reject or suspend.
pub const NOTE: Text = Text::lines(0, 2000);

pub fn parse_motivation(raw: &str) -> Result<String, Invalid> {
    MOTIVATION.parse("motivation", raw)
}

/// A rejection or suspension tells the person why; an accreditation may carry a welcome.
pub fn parse_note(decision: Decision, raw: &str) -> Result<String, Invalid> {
    let min = if matches!(decision, Decision::Reject | Decision::Suspend) { 1 } else { 0 };
    Text { min, ..NOTE }.parse("note", raw)
}

pub const MAX_CAPACITY: i64 = 20;

pub fn parse_capacity(n: i64) -> Result<i64, Invalid> {
    if (1..=MAX_CAPACITY).contains(&n) {
        Ok(n)
    } else {
        Err(Invalid::new("capacity", "out_of_range", format!("Take between 1 and {MAX_CAPACITY} mentees at a time.")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Decision as D;
    use EntryStatus as S;

    #[test]
    fn accreditation_waits_for_the_training() {
        let half = Training { steps: 4, done: 2 };
        assert!(may_accredit(Decision::Accredit, Some(half)).is_err());
        assert!(may_accredit(Decision::Reject, Some(half)).is_ok(), "a rejection does not wait");
        assert!(may_accredit(Decision::Accredit, Some(Training { steps: 4, done: 4 })).is_ok());
        assert!(may_accredit(Decision::Accredit, None).is_ok());
    }

    #[test]
    fn decisions() {
        assert_eq!(decide(S::Applied, D::Accredit), Ok(S::Accredited));
        assert_eq!(decide(S::Applied, D::Reject), Ok(S::Rejected));
        assert_eq!(decide(S::Accredited, D::Suspend), Ok(S::Suspended));
        assert_eq!(decide(S::Suspended, D::Reinstate), Ok(S::Accredited));
        for (from, d) in [(S::Accredited, D::Accredit), (S::Rejected, D::Accredit), (S::Applied, D::Suspend), (S::Accredited, D::Reinstate), (S::Suspended, D::Reject)] {
            assert!(decide(from, d).is_err(), "{d:?} from {from:?}");
        }
    }

    #[test]
    fn applying() {
        assert!(may_apply(None).is_ok());
        assert!(may_apply(Some(S::Rejected)).is_ok());
        assert!(may_apply(Some(S::Applied)).is_err());
        assert!(may_apply(Some(S::Accredited)).is_err());
        assert!(may_apply(Some(S::Suspended)).is_err());
        assert_eq!(parse_motivation("too short").map_err(|e| e.code), Err("text_too_short"));
        assert!(parse_note(D::Reject, " ").is_err());
        assert!(parse_note(D::Accredit, "").is_ok());
        assert!(parse_capacity(0).is_err() && parse_capacity(21).is_err() && parse_capacity(3).is_ok());
    }
}
