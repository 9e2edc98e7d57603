//! The mentoring lifecycle: one pure state machine. Every transition says who may make it; an impossible one is
//! refused with a message, and nothing changes.
//!
//! ```text
//!  draft ──send (B)──────────────► awaiting consent ──accept──► active ──complete──► completed
//!    │  ╲                              ▲    │  ask info (stays)    │  ╲                  │
//!    │   hand to admins (A)            │    │                      │   cancel            │
//!    │      ▼                          │    ├─decline / expire──► draft (B) or          │
//!    │   awaiting match ──match (A)────┘    │                     awaiting match (A)   │
//!    └── withdraw (mentee, any time before acceptance) ──► cancelled ◄──────────────────┘
//!                         reopen (mentor or community admin): completed / cancelled ──► active
//! ```

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    Draft,
    AwaitingMatch,
    AwaitingConsent,
    Active,
    Completed,
    Cancelled,
}

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            State::Draft => "draft",
            State::AwaitingMatch => "awaiting_match",
            State::AwaitingConsent => "awaiting_consent",
            State::Active => "active",
            State::Completed => "completed",
            State::Cancelled => "cancelled",
        }
    }
    pub fn parse(s: &str) -> Option<State> {
        Some(match s {
            "draft" => State::Draft,
            "awaiting_match" => State::AwaitingMatch,
            "awaiting_consent" => State::AwaitingConsent,
            "active" => State::Active,
            "completed" => State::Completed,
            "cancelled" => State::Cancelled,
            _ => return None,
        })
    }
    pub const ALL: [State; 6] =
        [State::Draft, State::AwaitingMatch, State::AwaitingConsent, State::Active, State::Completed, State::Cancelled];
    /// Still a request: not yet accepted, not finished.
    pub fn is_open_request(self) -> bool {
        matches!(self, State::Draft | State::AwaitingMatch | State::AwaitingConsent)
    }
}

/// How the request reached (or is reaching) its mentor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// Not decided yet (a draft).
    Undecided,
    /// Model A: the community admins match.
    Matched,
    /// Model B: the mentee chooses.
    Chosen,
    /// A group formed by a mentor or a community admin.
    Group,
}

impl Route {
    pub fn as_str(self) -> &'static str {
        match self {
            Route::Undecided => "",
            Route::Matched => "a",
            Route::Chosen => "b",
            Route::Group => "group",
        }
    }
    pub fn parse(s: &str) -> Route {
        match s {
            "a" => Route::Matched,
            "b" => Route::Chosen,
            "group" => Route::Group,
            _ => Route::Undecided,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Model B: the mentee sends the request to the mentor they chose.
    Send,
    /// Model A: the mentee hands the request to the community admins.
    HandToAdmins,
    /// Model A: a community admin picks a mentor.
    Match,
    Accept,
    Decline,
    AskInfo,
    /// The mentee answers a request for more information.
    Reply,
    /// Nobody answered in time (the clock, not a person).
    Expire,
    Withdraw,
    /// A group has its mentor and enough mentees (the platform, not a person).
    Activate,
    /// A group can no longer start: its mentor or too many mentees said no (the platform).
    Dissolve,
    Complete,
    Cancel,
    Reopen,
}

impl Action {
    /// The names of the moves people make, as the API takes them (`BY_PEOPLE`, spelled out; a test keeps them equal).
    pub const NAMES_BY_PEOPLE: &'static [&'static str] =
        &["send", "hand_to_admins", "match", "accept", "decline", "ask_info", "reply", "withdraw", "complete", "cancel", "reopen"];
    pub fn parse(s: &str) -> Option<Action> {
        Some(match s {
            "send" => Action::Send,
            "hand_to_admins" => Action::HandToAdmins,
            "match" => Action::Match,
            "accept" => Action::Accept,
            "decline" => Action::Decline,
            "ask_info" => Action::AskInfo,
            "reply" => Action::Reply,
            "withdraw" => Action::Withdraw,
            "complete" => Action::Complete,
            "cancel" => Action::Cancel,
            "reopen" => Action::Reopen,
            _ => return None,
        })
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Send => "send",
            Action::HandToAdmins => "hand_to_admins",
            Action::Match => "match",
            Action::Accept => "accept",
            Action::Decline => "decline",
            Action::AskInfo => "ask_info",
            Action::Reply => "reply",
            Action::Expire => "expire",
            Action::Withdraw => "withdraw",
            Action::Activate => "activate",
            Action::Dissolve => "dissolve",
            Action::Complete => "complete",
            Action::Cancel => "cancel",
            Action::Reopen => "reopen",
        }
    }
    /// Actions a person can ask for (the others are the platform's).
    pub const BY_PEOPLE: [Action; 11] = [
        Action::Send,
        Action::HandToAdmins,
        Action::Match,
        Action::Accept,
        Action::Decline,
        Action::AskInfo,
        Action::Reply,
        Action::Withdraw,
        Action::Complete,
        Action::Cancel,
        Action::Reopen,
    ];
    /// Does this action need a note (a reason or a message)?
    pub fn needs_note(self) -> bool {
        matches!(self, Action::Decline | Action::AskInfo | Action::Reply | Action::Cancel)
    }
}

/// Who is acting, in relation to this project. One person can be several at once (a community admin who is also
/// the mentee); the platform acts for the clock.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Roles {
    pub mentee: bool,
    /// The mentor being asked, or the project's mentor.
    pub mentor: bool,
    pub community_admin: bool,
    pub platform: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Facts {
    pub state: State,
    pub route: Route,
    /// Was the project ever active (so there is a relationship to reopen)?
    pub was_active: bool,
    /// Which models the community offers now.
    pub allows_a: bool,
    pub allows_b: bool,
    /// The mentor asked for more information and the mentee has not answered yet.
    pub info_requested: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The person may not do this (403).
    NotYours(&'static str),
    /// Nobody can do this now (409).
    Impossible(&'static str),
}

/// A refusal is an API error: 403 `not_allowed` (not this person's move) or 409 `invalid_transition` (nobody's, now).
/// Every state machine of the domain refuses this way.
impl From<Refusal> for super::error::ApiError {
    fn from(r: Refusal) -> Self {
        match r {
            Refusal::NotYours(m) => super::error::ApiError::new(403, "not_allowed", m),
            Refusal::Impossible(m) => super::error::ApiError::conflict("invalid_transition", m),
        }
    }
}

/// The one rule book: where an action leads from here, or why not.
pub fn next(f: Facts, action: Action, who: Roles) -> Result<State, Refusal> {
    use Action as A;
    use State as S;
    let only = |ok: bool, msg: &'static str| if ok { Ok(()) } else { Err(Refusal::NotYours(msg)) };
    let group = f.route == Route::Group;
    let back_to = if f.route == Route::Matched { S::AwaitingMatch } else { S::Draft };
    let target = match (action, f.state) {
        (A::Send, S::Draft) if !group => {
            only(who.mentee, "Only the mentee sends their request.")?;
            if !f.allows_b {
                return Err(Refusal::Impossible("This community does not let mentees choose their mentor: hand the request to the community admins."));
            }
            S::AwaitingConsent
        }
        (A::HandToAdmins, S::Draft) if !group => {
            only(who.mentee, "Only the mentee sends their request.")?;
            if !f.allows_a {
                return Err(Refusal::Impossible("In this community mentees choose their mentor from the roll."));
            }
            S::AwaitingMatch
        }
        (A::Match, S::AwaitingMatch) => {
            only(who.community_admin, "Only the community admins match requests with mentors.")?;
            S::AwaitingConsent
        }
        (A::Accept, S::AwaitingConsent) => {
            only(who.mentor || (group && who.mentee), "Only the mentor who was asked can accept.")?;
            // A group starts when its mentor and enough mentees have said yes (see Activate).
            if group { S::AwaitingConsent } else { S::Active }
        }
        (A::Decline, S::AwaitingConsent) => {
            only(who.mentor || (group && who.mentee), "Only the mentor who was asked can decline.")?;
            if group { S::AwaitingConsent } else { back_to }
        }
        (A::AskInfo, S::AwaitingConsent) if !group => {
            only(who.mentor, "Only the mentor who was asked can ask for more information.")?;
            S::AwaitingConsent
        }
        (A::Reply, S::AwaitingConsent) if !group => {
            only(who.mentee, "Only the mentee answers the mentor's questions.")?;
            if !f.info_requested {
                return Err(Refusal::Impossible("The mentor has not asked for more information: there is nothing to answer yet."));
            }
            S::AwaitingConsent
        }
        (A::Expire, S::AwaitingConsent) => {
            only(who.platform, "Requests expire by themselves.")?;
            if group { S::Cancelled } else { back_to }
        }
        (A::Activate, S::AwaitingConsent) if group => {
            only(who.platform, "Groups start by themselves.")?;
            S::Active
        }
        (A::Dissolve, S::AwaitingConsent) if group => {
            only(who.platform, "Groups are dissolved by the platform when they can no longer start.")?;
            S::Cancelled
        }
        (A::Withdraw, S::Draft | S::AwaitingMatch | S::AwaitingConsent) if !group => {
            only(who.mentee, "Only the mentee can withdraw their request.")?;
            S::Cancelled
        }
        (A::Withdraw, S::Draft | S::AwaitingMatch | S::AwaitingConsent) => {
            only(who.community_admin || who.mentor, "Only the group's mentor or a community admin can call it off.")?;
            S::Cancelled
        }
        (A::Complete, S::Active) => {
            only(who.mentor || who.community_admin, "Only the mentor or a community admin can mark the mentoring completed.")?;
            S::Completed
        }
        (A::Cancel, S::Active) => {
            only(who.mentor || who.mentee || who.community_admin, "Only the project's members or a community admin can cancel it.")?;
            S::Cancelled
        }
        (A::Reopen, S::Completed | S::Cancelled) => {
            only(who.mentor || who.community_admin, "Only the mentor or a community admin can reopen a project.")?;
            if !f.was_active {
                return Err(Refusal::Impossible("This request never started, so there is nothing to reopen: make a new request."));
            }
            S::Active
        }
        (_, state) => return Err(Refusal::Impossible(impossible(action, state))),
    };
    Ok(target)
}

fn impossible(action: Action, state: State) -> &'static str {
    use State as S;
    match state {
        S::Completed => "This mentoring is completed. The mentor or a community admin can reopen it.",
        S::Cancelled => "This request or project was cancelled.",
        S::Active if action == Action::Accept => "This mentoring has already started.",
        S::Active => "This mentoring is under way, so that is no longer possible.",
        S::AwaitingConsent => "The request is waiting for the mentor's answer, so that is not possible now.",
        S::AwaitingMatch => "The request is waiting for the community admins to match it with a mentor.",
        S::Draft => "This request is still a draft: send it first.",
    }
}

/// What this person could do next (for the interface's buttons).
pub fn available(f: Facts, who: Roles) -> Vec<Action> {
    Action::BY_PEOPLE.into_iter().filter(|a| next(f, *a, who).is_ok()).collect()
}

/// Who is told of a move.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recipient {
    Mentee,
    /// The mentor the request was with before this move.
    AskedMentor,
    /// The mentor this move asks (sending under model B, matching under model A).
    ChosenMentor,
    CommunityAdmins,
    /// Every active member of the project.
    Members,
}

/// What a project holds besides the facts the rules read: what a move may change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Held {
    pub mentor: Option<String>,
    pub asked_at: Option<i64>,
}

/// Everything a person's move does, decided here so that it is tested like the moves are; the worker only stores
/// it and tells who it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Effects {
    pub to: State,
    pub route: Route,
    /// The mentor the project is with after the move (None: with nobody).
    pub mentor: Option<String>,
    /// When that mentor was asked (the answer's deadline runs from it).
    pub asked_at: Option<i64>,
    pub was_active: bool,
    /// The acting mentor joins the project (consent given).
    pub mentor_joins: bool,
    /// The acting mentor's refusal is kept (they are not offered or asked again).
    pub decline_kept: bool,
    pub tell: Vec<(Recipient, super::notifications::Kind)>,
}

/// A person's move and everything it does: the next state (by `next`), the project's route, mentor and timing, and
/// who is told what. `chosen`: the mentor a send or a match names. Group answers are not moves of the project (see
/// the worker's group handling).
pub fn effects(f: Facts, held: &Held, action: Action, who: Roles, chosen: Option<&str>, now: i64) -> Result<Effects, Refusal> {
    use super::notifications::Kind as K;
    use Action as A;
    use Recipient as R;
    let to = next(f, action, who)?;
    let asks = matches!(action, A::Send | A::Match);
    let route = match action {
        A::Send => Route::Chosen,
        A::HandToAdmins => Route::Matched,
        _ => f.route,
    };
    let (mentor, asked_at) = match action {
        _ if asks => (chosen.map(str::to_string), Some(now)),
        A::Decline => (None, None),
        _ => (held.mentor.clone(), held.asked_at),
    };
    let tell = match action {
        A::Send => vec![(R::ChosenMentor, K::RequestReceived)],
        A::HandToAdmins => vec![(R::CommunityAdmins, K::RequestToMatch)],
        A::Match => vec![(R::ChosenMentor, K::RequestReceived), (R::Mentee, K::Matched)],
        A::Accept => vec![(R::Mentee, K::Accepted)],
        A::Decline if to == State::AwaitingMatch => vec![(R::Mentee, K::Declined), (R::CommunityAdmins, K::RequestToMatch)],
        A::Decline => vec![(R::Mentee, K::Declined)],
        A::AskInfo => vec![(R::Mentee, K::InfoRequested)],
        A::Reply => vec![(R::AskedMentor, K::InfoGiven)],
        A::Withdraw if f.state == State::AwaitingConsent => vec![(R::AskedMentor, K::Withdrawn)],
        A::Complete => vec![(R::Members, K::Completed)],
        A::Cancel => vec![(R::Members, K::Cancelled)],
        A::Reopen => vec![(R::Members, K::Reopened)],
        _ => Vec::new(),
    };
    Ok(Effects {
        to,
        route,
        mentor,
        asked_at,
        was_active: f.was_active || to == State::Active,
        mentor_joins: action == A::Accept,
        decline_kept: action == A::Decline,
        tell,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    mod what_moves_do {
        use super::super::*;
        use crate::domain::notifications::Kind;
        use Recipient as R;

        const NOW: i64 = 1_000;
        fn facts(state: State, route: Route) -> Facts {
            Facts { state, route, was_active: false, allows_a: true, allows_b: true, info_requested: false }
        }
        fn mentee() -> Roles {
            Roles { mentee: true, ..Roles::default() }
        }
        fn mentor() -> Roles {
            Roles { mentor: true, ..Roles::default() }
        }
        fn admin() -> Roles {
            Roles { community_admin: true, ..Roles::default() }
        }
        fn asked(by: &str, at: i64) -> Held {
            Held { mentor: Some(by.into()), asked_at: Some(at) }
        }
        const NOBODY: Held = Held { mentor: None, asked_at: None };

        #[test]
        fn sending_asks_the_chosen_mentor_now_under_model_b() {
            let e = effects(facts(State::Draft, Route::Undecided), &NOBODY, Action::Send, mentee(), Some("m1"), NOW).unwrap();
            assert_eq!((e.to, e.route, e.mentor.as_deref(), e.asked_at), (State::AwaitingConsent, Route::Chosen, Some("m1"), Some(NOW)));
            assert_eq!(e.tell, vec![(R::ChosenMentor, Kind::RequestReceived)]);
            assert!(!e.mentor_joins && !e.decline_kept);
        }

        #[test]
        fn handing_to_the_admins_tells_them_and_matching_tells_both() {
            let e = effects(facts(State::Draft, Route::Undecided), &NOBODY, Action::HandToAdmins, mentee(), None, NOW).unwrap();
            assert_eq!((e.to, e.route, e.mentor), (State::AwaitingMatch, Route::Matched, None));
            assert_eq!(e.tell, vec![(R::CommunityAdmins, Kind::RequestToMatch)]);
            let m = effects(facts(State::AwaitingMatch, Route::Matched), &NOBODY, Action::Match, admin(), Some("m2"), NOW).unwrap();
            assert_eq!((m.to, m.mentor.as_deref(), m.asked_at), (State::AwaitingConsent, Some("m2"), Some(NOW)));
            assert_eq!(m.tell, vec![(R::ChosenMentor, Kind::RequestReceived), (R::Mentee, Kind::Matched)]);
        }

        #[test]
        fn accepting_makes_the_mentor_a_member_and_the_project_active() {
            let e = effects(facts(State::AwaitingConsent, Route::Chosen), &asked("m1", 5), Action::Accept, mentor(), None, NOW).unwrap();
            assert_eq!((e.to, e.mentor.as_deref(), e.asked_at, e.was_active), (State::Active, Some("m1"), Some(5), true));
            assert!(e.mentor_joins);
            assert_eq!(e.tell, vec![(R::Mentee, Kind::Accepted)]);
        }

        #[test]
        fn declining_frees_the_request_keeps_the_refusal_and_returns_it_where_it_came_from() {
            let b = effects(facts(State::AwaitingConsent, Route::Chosen), &asked("m1", 5), Action::Decline, mentor(), None, NOW).unwrap();
            assert_eq!((b.to, b.mentor, b.asked_at), (State::Draft, None, None));
            assert!(b.decline_kept);
            assert_eq!(b.tell, vec![(R::Mentee, Kind::Declined)]);
            let a = effects(facts(State::AwaitingConsent, Route::Matched), &asked("m1", 5), Action::Decline, mentor(), None, NOW).unwrap();
            assert_eq!(a.to, State::AwaitingMatch);
            assert_eq!(a.tell, vec![(R::Mentee, Kind::Declined), (R::CommunityAdmins, Kind::RequestToMatch)]);
        }

        #[test]
        fn questions_answers_withdrawals_and_endings_tell_the_right_people() {
            let held = asked("m1", 5);
            let waiting = facts(State::AwaitingConsent, Route::Chosen);
            let ask = effects(waiting, &held, Action::AskInfo, mentor(), None, NOW).unwrap();
            assert_eq!((ask.to, ask.tell), (State::AwaitingConsent, vec![(R::Mentee, Kind::InfoRequested)]));
            let reply = effects(Facts { info_requested: true, ..waiting }, &held, Action::Reply, mentee(), None, NOW).unwrap();
            assert_eq!(reply.tell, vec![(R::AskedMentor, Kind::InfoGiven)]);
            let gone = effects(waiting, &held, Action::Withdraw, mentee(), None, NOW).unwrap();
            assert_eq!(gone.tell, vec![(R::AskedMentor, Kind::Withdrawn)]);
            let active = Facts { was_active: true, ..facts(State::Active, Route::Chosen) };
            for (action, kind) in [(Action::Complete, Kind::Completed), (Action::Cancel, Kind::Cancelled)] {
                let e = effects(active, &held, action, mentor(), None, NOW).unwrap();
                assert_eq!(e.tell, vec![(R::Members, kind)]);
                assert_eq!(e.mentor.as_deref(), Some("m1"), "the relationship keeps its mentor");
            }
        }

        #[test]
        fn a_refused_move_has_no_effects() {
            let e = effects(facts(State::Draft, Route::Undecided), &NOBODY, Action::Accept, mentor(), None, NOW);
            assert!(e.is_err());
        }
    }
    use Action as A;
    use State as S;

    const MENTEE: Roles = Roles { mentee: true, mentor: false, community_admin: false, platform: false };
    const MENTOR: Roles = Roles { mentee: false, mentor: true, community_admin: false, platform: false };
    const ADMIN: Roles = Roles { mentee: false, mentor: false, community_admin: true, platform: false };
    const PLATFORM: Roles = Roles { mentee: false, mentor: false, community_admin: false, platform: true };
    const NOBODY: Roles = Roles { mentee: false, mentor: false, community_admin: false, platform: false };

    fn facts(state: State, route: Route) -> Facts {
        Facts { state, route, was_active: matches!(state, S::Completed), allows_a: true, allows_b: true, info_requested: false }
    }

    #[test]
    fn names_by_people_spell_the_moves() {
        let names: Vec<&str> = Action::BY_PEOPLE.iter().map(|a| a.as_str()).collect();
        assert_eq!(names, Action::NAMES_BY_PEOPLE);
    }

    #[test]
    fn the_mentee_answers_only_what_was_asked() {
        let asked = Facts { info_requested: true, ..facts(S::AwaitingConsent, Route::Chosen) };
        assert_eq!(next(asked, A::Reply, MENTEE), Ok(S::AwaitingConsent));
        assert!(matches!(next(facts(S::AwaitingConsent, Route::Chosen), A::Reply, MENTEE), Err(Refusal::Impossible(_))));
        assert_eq!(available(facts(S::AwaitingConsent, Route::Chosen), MENTEE), vec![A::Withdraw]);
        assert_eq!(available(asked, MENTEE), vec![A::Reply, A::Withdraw]);
    }

    #[test]
    fn every_valid_transition() {
        let valid = [
            (S::Draft, Route::Undecided, A::Send, MENTEE, S::AwaitingConsent),
            (S::Draft, Route::Chosen, A::Send, MENTEE, S::AwaitingConsent),
            (S::Draft, Route::Undecided, A::HandToAdmins, MENTEE, S::AwaitingMatch),
            (S::AwaitingMatch, Route::Matched, A::Match, ADMIN, S::AwaitingConsent),
            (S::AwaitingConsent, Route::Chosen, A::Accept, MENTOR, S::Active),
            (S::AwaitingConsent, Route::Matched, A::Accept, MENTOR, S::Active),
            (S::AwaitingConsent, Route::Chosen, A::Decline, MENTOR, S::Draft),
            (S::AwaitingConsent, Route::Matched, A::Decline, MENTOR, S::AwaitingMatch),
            (S::AwaitingConsent, Route::Chosen, A::AskInfo, MENTOR, S::AwaitingConsent),
            (S::AwaitingConsent, Route::Chosen, A::Expire, PLATFORM, S::Draft),
            (S::AwaitingConsent, Route::Matched, A::Expire, PLATFORM, S::AwaitingMatch),
            (S::Draft, Route::Undecided, A::Withdraw, MENTEE, S::Cancelled),
            (S::AwaitingMatch, Route::Matched, A::Withdraw, MENTEE, S::Cancelled),
            (S::AwaitingConsent, Route::Chosen, A::Withdraw, MENTEE, S::Cancelled),
            (S::Active, Route::Chosen, A::Complete, MENTOR, S::Completed),
            (S::Active, Route::Matched, A::Complete, ADMIN, S::Completed),
            (S::Active, Route::Chosen, A::Cancel, MENTEE, S::Cancelled),
            (S::Active, Route::Chosen, A::Cancel, MENTOR, S::Cancelled),
            (S::Active, Route::Chosen, A::Cancel, ADMIN, S::Cancelled),
            (S::Completed, Route::Chosen, A::Reopen, MENTOR, S::Active),
            (S::Completed, Route::Matched, A::Reopen, ADMIN, S::Active),
            // Groups
            (S::AwaitingConsent, Route::Group, A::Accept, MENTEE, S::AwaitingConsent),
            (S::AwaitingConsent, Route::Group, A::Accept, MENTOR, S::AwaitingConsent),
            (S::AwaitingConsent, Route::Group, A::Decline, MENTEE, S::AwaitingConsent),
            (S::AwaitingConsent, Route::Group, A::Activate, PLATFORM, S::Active),
            (S::AwaitingConsent, Route::Group, A::Expire, PLATFORM, S::Cancelled),
            (S::AwaitingConsent, Route::Group, A::Dissolve, PLATFORM, S::Cancelled),
            (S::AwaitingConsent, Route::Group, A::Withdraw, ADMIN, S::Cancelled),
            (S::Active, Route::Group, A::Complete, MENTOR, S::Completed),
        ];
        for (state, route, action, who, to) in valid {
            assert_eq!(next(facts(state, route), action, who), Ok(to), "{action:?} from {state:?} ({route:?})");
        }
    }

    #[test]
    fn invalid_transitions_are_refused_with_the_right_kind() {
        let impossible = [
            (S::Active, Route::Chosen, A::Accept, MENTOR),
            (S::Draft, Route::Undecided, A::Accept, MENTOR),
            (S::AwaitingMatch, Route::Matched, A::Accept, MENTOR),
            (S::Completed, Route::Chosen, A::Cancel, MENTOR),
            (S::Cancelled, Route::Chosen, A::Withdraw, MENTEE),
            (S::Active, Route::Chosen, A::Withdraw, MENTEE),
            (S::Draft, Route::Undecided, A::Match, ADMIN),
            (S::AwaitingConsent, Route::Chosen, A::Match, ADMIN),
            (S::Active, Route::Chosen, A::Reopen, MENTOR),
            (S::Draft, Route::Undecided, A::Complete, ADMIN),
            (S::AwaitingMatch, Route::Matched, A::Send, MENTEE),
            (S::AwaitingConsent, Route::Group, A::AskInfo, MENTOR),
            (S::AwaitingConsent, Route::Chosen, A::Activate, PLATFORM),
            (S::AwaitingConsent, Route::Chosen, A::Dissolve, PLATFORM),
        ];
        for (state, route, action, who) in impossible {
            assert!(matches!(next(facts(state, route), action, who), Err(Refusal::Impossible(_))), "{action:?} from {state:?}");
        }
        let not_yours = [
            (S::Draft, Route::Undecided, A::Send, MENTOR),
            (S::Draft, Route::Undecided, A::Send, ADMIN),
            (S::AwaitingMatch, Route::Matched, A::Match, MENTEE),
            (S::AwaitingMatch, Route::Matched, A::Match, MENTOR),
            (S::AwaitingConsent, Route::Chosen, A::Accept, MENTEE),
            (S::AwaitingConsent, Route::Chosen, A::Accept, ADMIN),
            (S::AwaitingConsent, Route::Chosen, A::Decline, MENTEE),
            (S::AwaitingConsent, Route::Chosen, A::Withdraw, MENTOR),
            (S::AwaitingConsent, Route::Chosen, A::Expire, MENTOR),
            (S::Active, Route::Chosen, A::Complete, MENTEE),
            (S::Active, Route::Chosen, A::Cancel, NOBODY),
            (S::Completed, Route::Chosen, A::Reopen, MENTEE),
        ];
        for (state, route, action, who) in not_yours {
            assert!(matches!(next(facts(state, route), action, who), Err(Refusal::NotYours(_))), "{action:?} from {state:?} by {who:?}");
        }
    }

    #[test]
    fn community_settings_decide_the_models_offered() {
        let only_a = Facts { allows_b: false, ..facts(S::Draft, Route::Undecided) };
        assert!(matches!(next(only_a, A::Send, MENTEE), Err(Refusal::Impossible(_))));
        assert_eq!(next(only_a, A::HandToAdmins, MENTEE), Ok(S::AwaitingMatch));
        let only_b = Facts { allows_a: false, ..facts(S::Draft, Route::Undecided) };
        assert!(matches!(next(only_b, A::HandToAdmins, MENTEE), Err(Refusal::Impossible(_))));
    }

    #[test]
    fn a_withdrawn_request_cannot_be_reopened() {
        let f = Facts { was_active: false, ..facts(S::Cancelled, Route::Chosen) };
        assert!(matches!(next(f, A::Reopen, MENTOR), Err(Refusal::Impossible(_))));
        let f = Facts { was_active: true, ..facts(S::Cancelled, Route::Chosen) };
        assert_eq!(next(f, A::Reopen, ADMIN), Ok(S::Active));
    }

    #[test]
    fn buttons_follow_the_rules() {
        assert_eq!(available(facts(S::AwaitingConsent, Route::Chosen), MENTOR), vec![A::Accept, A::Decline, A::AskInfo]);
        assert_eq!(available(facts(S::Draft, Route::Undecided), MENTEE), vec![A::Send, A::HandToAdmins, A::Withdraw]);
        assert_eq!(available(facts(S::Active, Route::Chosen), MENTEE), vec![A::Cancel]);
        assert!(available(facts(S::Active, Route::Chosen), NOBODY).is_empty());
    }

    #[test]
    fn names_round_trip() {
        for s in State::ALL {
            assert_eq!(State::parse(s.as_str()), Some(s));
        }
        for a in Action::BY_PEOPLE {
            assert_eq!(Action::parse(a.as_str()), Some(a));
        }
        assert_eq!(Action::parse("expire"), None, "the clock's action is not for people");
    }
}
