//! The final report (#12): assembled in the browser from what the members can already read, plus two sections
//! written at the end: "what has been reached and how to continue" (the mentees) and the mentor's closing feedback.
//! Its states: draft -> approved by the mentee(s) -> mentor section added -> final. It belongs to the mentee: the
//! final text is filed in the project's folder, and sharing it with the coordinator is a separate step in which a
//! mentee ticks which sections go.

/// The name the final report is filed under, in the project folder's root.
pub const FILE: &str = "Final report.md";

use super::error::Invalid;
use super::lifecycle::Refusal;
use super::text::Text;

pub const SECTION: Text = Text::lines(0, 8000);
/// The whole report as filed (Markdown, assembled in the browser).
/// (Within the 64 KB a JSON body may hold.)
pub const DOCUMENT: Text = Text::lines(1, 60_000);
/// The sections a report has (the browser assembles them; a share names those that go).
pub const SECTIONS: &[&str] = &["contract", "goals", "sessions", "interactions", "diary", "evaluations", "reached", "mentor"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Draft,
    Approved,
    MentorAdded,
    Final,
}

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            State::Draft => "draft",
            State::Approved => "approved",
            State::MentorAdded => "mentor_added",
            State::Final => "final",
        }
    }
    pub fn parse(s: &str) -> Option<State> {
        [State::Draft, State::Approved, State::MentorAdded, State::Final].into_iter().find(|x| x.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// A mentee edits their section ("what has been reached and how to continue"): approvals start again.
    EditReached,
    /// A mentee approves the draft; the last approval makes it approved.
    Approve,
    /// The mentor writes their closing feedback (once approved).
    EditMentor,
    /// The mentor adds their section.
    AddMentor,
    /// A mentee makes it final: it is filed in the folder.
    Finalise,
    /// A mentee shares chosen sections of the final report with the coordinator.
    Share,
}

impl Action {
    pub fn parse(s: &str) -> Option<Action> {
        Some(match s {
            "approve" => Action::Approve,
            "add_mentor" => Action::AddMentor,
            "finalise" => Action::Finalise,
            "share" => Action::Share,
            _ => return None,
        })
    }
}

/// Who acts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Who {
    pub mentee: bool,
    pub mentor: bool,
}

/// What the move reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Facts {
    pub state: State,
    /// Mentees who have approved, and how many there are.
    pub approvals: usize,
    pub mentees: usize,
    pub already_approved: bool,
    pub mentor_text: bool,
}

/// The state after a move, or why it is refused.
pub fn next(f: &Facts, a: Action, who: Who) -> Result<State, Refusal> {
    use Action as A;
    use State as S;
    let only = |ok: bool, why: &'static str| if ok { Ok(()) } else { Err(Refusal::NotYours(why)) };
    Ok(match (a, f.state) {
        (A::EditReached, S::Draft | S::Approved) => {
            only(who.mentee, "The mentees write what has been reached and how to continue.")?;
            S::Draft
        }
        (A::Approve, S::Draft) => {
            only(who.mentee, "The mentees approve the report.")?;
            if f.already_approved {
                return Err(Refusal::Impossible("You have already approved this draft."));
            }
            if f.approvals + 1 >= f.mentees { S::Approved } else { S::Draft }
        }
        (A::EditMentor, S::Approved | S::MentorAdded) => {
            only(who.mentor, "The mentor writes the closing feedback.")?;
            f.state
        }
        (A::AddMentor, S::Approved) => {
            only(who.mentor, "The mentor adds the closing feedback.")?;
            if !f.mentor_text {
                return Err(Refusal::Impossible("Write your closing feedback first."));
            }
            S::MentorAdded
        }
        (A::Finalise, S::MentorAdded) => {
            only(who.mentee, "The report belongs to the mentee: a mentee makes it final.")?;
            S::Final
        }
        (A::Share, S::Final) => {
            only(who.mentee, "The report belongs to the mentee: a mentee shares it.")?;
            S::Final
        }
        (A::EditMentor, S::Draft) => return Err(Refusal::Impossible("The mentees approve the report first.")),
        (A::Approve, S::Approved | S::MentorAdded | S::Final) => return Err(Refusal::Impossible("The report is already approved.")),
        (A::AddMentor, S::Draft) => return Err(Refusal::Impossible("The mentees approve the report first.")),
        (A::Finalise | A::Share, S::Draft | S::Approved) => return Err(Refusal::Impossible("The mentor's section comes first.")),
        (A::Share, S::MentorAdded) => return Err(Refusal::Impossible("Make the report final first.")),
        (_, S::Final) => return Err(Refusal::Impossible("The report is final: it no longer changes.")),
        (_, S::MentorAdded) => return Err(Refusal::Impossible("The mentor's section is added: make the report final.")),
    })
}

/// The sections a mentee chose to share: known, each once, at least one.
pub fn parse_sections(sent: &[String]) -> Result<Vec<String>, Invalid> {
    let mut out: Vec<String> = Vec::new();
    for s in sent {
        if !SECTIONS.contains(&s.as_str()) {
            return Err(Invalid::new("sections", "not_in_list", "Choose among the report's sections."));
        }
        if !out.contains(s) {
            out.push(s.clone());
        }
    }
    if out.is_empty() {
        return Err(Invalid::new("sections", "required", "Choose at least one section to share."));
    }
    Ok(out)
}

/// A share is cut from the final text: as many parts as the sections named, each (from its `## ` heading) found as it
/// is in the text filed. Nothing else can reach the coordinator under the report's name.
pub fn check_share(filed: &str, shared: &str, sections: usize) -> Result<(), Invalid> {
    let mut parts: Vec<String> = Vec::new();
    for line in shared.lines() {
        if line.starts_with("## ") || parts.is_empty() {
            parts.push(String::new());
        }
        if let Some(p) = parts.last_mut() {
            p.push_str(line);
            p.push('\n');
        }
    }
    let parts: Vec<&str> = parts.iter().map(|p| p.trim()).filter(|p| !p.is_empty()).collect();
    let all_filed = parts.iter().all(|p| p.starts_with("## ") && filed.contains(p));
    if parts.len() != sections || !all_filed {
        return Err(Invalid::new("text", "share_mismatch", "What is shared must be the ticked sections of the final report, as filed."));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const MENTEE: Who = Who { mentee: true, mentor: false };
    const MENTOR: Who = Who { mentee: false, mentor: true };

    fn f(state: State) -> Facts {
        Facts { state, approvals: 0, mentees: 1, already_approved: false, mentor_text: true }
    }

    #[test]
    fn the_path_from_draft_to_final() {
        assert_eq!(next(&f(State::Draft), Action::EditReached, MENTEE), Ok(State::Draft));
        assert_eq!(next(&f(State::Draft), Action::Approve, MENTEE), Ok(State::Approved));
        assert_eq!(next(&f(State::Approved), Action::EditMentor, MENTOR), Ok(State::Approved));
        assert_eq!(next(&f(State::Approved), Action::AddMentor, MENTOR), Ok(State::MentorAdded));
        assert_eq!(next(&f(State::MentorAdded), Action::Finalise, MENTEE), Ok(State::Final));
        assert_eq!(next(&f(State::Final), Action::Share, MENTEE), Ok(State::Final));
        // Editing the mentees' section after approval asks for approval again.
        assert_eq!(next(&f(State::Approved), Action::EditReached, MENTEE), Ok(State::Draft));
    }

    #[test]
    fn in_a_group_every_mentee_approves() {
        let two = Facts { mentees: 2, ..f(State::Draft) };
        assert_eq!(next(&two, Action::Approve, MENTEE), Ok(State::Draft));
        assert_eq!(next(&Facts { approvals: 1, ..two }, Action::Approve, MENTEE), Ok(State::Approved));
        assert!(next(&Facts { approvals: 1, already_approved: true, ..two }, Action::Approve, MENTEE).is_err());
    }

    #[test]
    fn refused_moves() {
        let table: Vec<(State, Action, Who)> = vec![
            (State::Draft, Action::Approve, MENTOR),
            (State::Draft, Action::EditMentor, MENTOR),
            (State::Draft, Action::AddMentor, MENTOR),
            (State::Draft, Action::Finalise, MENTEE),
            (State::Draft, Action::Share, MENTEE),
            (State::Draft, Action::EditReached, MENTOR),
            (State::Approved, Action::AddMentor, MENTEE),
            (State::Approved, Action::Approve, MENTEE),
            (State::Approved, Action::Finalise, MENTEE),
            (State::MentorAdded, Action::Finalise, MENTOR),
            (State::MentorAdded, Action::Share, MENTEE),
            (State::MentorAdded, Action::EditReached, MENTEE),
            (State::Final, Action::EditReached, MENTEE),
            (State::Final, Action::EditMentor, MENTOR),
            (State::Final, Action::Share, MENTOR),
            (State::Final, Action::Finalise, MENTEE),
        ];
        for (state, action, who) in table {
            assert!(next(&f(state), action, who).is_err(), "{state:?} {action:?} {who:?}");
        }
        assert!(next(&Facts { mentor_text: false, ..f(State::Approved) }, Action::AddMentor, MENTOR).is_err());
    }

    #[test]
    fn a_share_is_cut_from_the_filed_text() {
        let filed = "# Final report\n\n## Goals\n\n- First job: achieved\n\n## What has been reached\n\nAn offer.\n\n## The mentor's feedback\n\nWell done.\n";
        assert!(check_share(filed, "## Goals\n\n- First job: achieved\n\n## What has been reached\n\nAn offer.\n", 2).is_ok());
        assert!(check_share(filed, "## Goals\n\n- First job: achieved\n", 2).is_err(), "fewer parts than sections");
        assert!(check_share(filed, "## Goals\n\n- First job: achieved, with honours\n", 1).is_err(), "changed");
        assert!(check_share(filed, "## Mentor\n\nInvented.\n", 1).is_err(), "invented");
        assert!(check_share(filed, "Some preface\n## Goals\n\n- First job: achieved\n", 1).is_err(), "text outside a part");
    }

    #[test]
    fn shared_sections_are_checked() {
        assert_eq!(parse_sections(&["goals".into(), "reached".into(), "goals".into()]).unwrap(), vec!["goals", "reached"]);
        assert_eq!(parse_sections(&[]).unwrap_err().code, "required");
        assert_eq!(parse_sections(&["chat".into()]).unwrap_err().code, "not_in_list");
    }
}
