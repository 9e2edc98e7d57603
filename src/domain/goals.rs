//! Goals: personal goals (a mentee's) and group goals (a group's), their small steps (objectives), progress reviews
//! and comments, and who sees what of them.
//!
//! ```text
//!  proposed ──agree──► agreed ──close──► achieved / partly achieved / not achieved
//!     │  edit (stays)    │  edit (stays)
//!     └──────────────────┴──drop (with a note)──► dropped
//!  reopen (the mentor): achieved / partly achieved / not achieved / dropped ──► agreed
//! ```

use super::contract::parse_date;
use super::error::Invalid;
pub use super::lifecycle::Refusal;
use super::notifications::Kind as Notice;
use super::text::Text;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A mentee's own goal (`owner`).
    Personal,
    /// The whole group's (group projects only; no owner).
    Group,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Personal => "personal",
            Kind::Group => "group",
        }
    }
    pub fn parse(s: &str) -> Option<Kind> {
        Some(match s {
            "personal" => Kind::Personal,
            "group" => Kind::Group,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    Proposed,
    Agreed,
    Achieved,
    PartlyAchieved,
    NotAchieved,
    Dropped,
}

impl State {
    pub const ALL: [State; 6] =
        [State::Proposed, State::Agreed, State::Achieved, State::PartlyAchieved, State::NotAchieved, State::Dropped];
    pub fn as_str(self) -> &'static str {
        match self {
            State::Proposed => "proposed",
            State::Agreed => "agreed",
            State::Achieved => "achieved",
            State::PartlyAchieved => "partly_achieved",
            State::NotAchieved => "not_achieved",
            State::Dropped => "dropped",
        }
    }
    pub fn parse(s: &str) -> Option<State> {
        State::ALL.into_iter().find(|st| st.as_str() == s)
    }
    /// Closed with an outcome, or dropped: its objectives no longer change.
    pub fn is_closed(self) -> bool {
        !matches!(self, State::Proposed | State::Agreed)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Agree,
    Edit,
    /// Closing with an outcome: the three are named after the state they lead to.
    Achieved,
    PartlyAchieved,
    NotAchieved,
    Drop,
    Reopen,
}

impl Action {
    pub const ALL: [Action; 7] =
        [Action::Agree, Action::Edit, Action::Achieved, Action::PartlyAchieved, Action::NotAchieved, Action::Drop, Action::Reopen];
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Agree => "agree",
            Action::Edit => "edit",
            Action::Achieved => "achieved",
            Action::PartlyAchieved => "partly_achieved",
            Action::NotAchieved => "not_achieved",
            Action::Drop => "drop",
            Action::Reopen => "reopen",
        }
    }
    pub fn parse(s: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.as_str() == s)
    }
    pub fn needs_note(self) -> bool {
        self == Action::Drop
    }
}

/// A person in relation to the project: an active member (mentor or mentee) and/or its coordinator.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Viewer<'a> {
    pub user_id: &'a str,
    pub mentor: bool,
    pub mentee: bool,
    pub coordinator: bool,
}

impl Viewer<'_> {
    fn member(&self) -> bool {
        self.mentor || self.mentee
    }
}

/// One goal, as the rules read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    pub kind: Kind,
    pub state: State,
    pub owner: Option<String>,
    pub proposed_by: String,
    /// A personal goal in a group, shown to the whole group.
    pub shared: bool,
}

impl Facts {
    fn owned_by(&self, who: Viewer) -> bool {
        who.member() && self.owner.as_deref() == Some(who.user_id)
    }
    /// Who may change the goal and its objectives: its owner or the mentor; a group goal, any member.
    fn editable_by(&self, who: Viewer) -> bool {
        self.owned_by(who) || who.mentor || (self.kind == Kind::Group && who.member())
    }
}

fn only(ok: bool, msg: &'static str) -> Result<(), Refusal> {
    if ok {
        Ok(())
    } else {
        Err(Refusal::NotYours(msg))
    }
}

/// Goals are set by the project's members.
pub fn can_create(who: Viewer) -> Result<(), Refusal> {
    only(who.member(), "Only the project's members set its goals.")
}

/// The one rule book: where an action leads from here, or why not.
pub fn next(f: &Facts, action: Action, who: Viewer) -> Result<State, Refusal> {
    use Action as A;
    use State as S;
    let owner = f.owned_by(who);
    let group = f.kind == Kind::Group;
    let target = match (action, f.state) {
        (A::Agree, S::Proposed) if group => {
            only(who.mentor, "Only the mentor agrees a group goal.")?;
            S::Agreed
        }
        (A::Agree, S::Proposed) => {
            // Agreeing takes the other side: the mentor, or the owner when the mentor proposed.
            only(who.mentor || (owner && f.proposed_by != who.user_id), "The mentor agrees a goal; its owner agrees one the mentor proposed.")?;
            S::Agreed
        }
        (A::Edit, S::Proposed | S::Agreed) => {
            only(f.editable_by(who), "Only the goal's owner or the mentor can change it.")?;
            f.state
        }
        (A::Achieved | A::PartlyAchieved | A::NotAchieved, S::Agreed) => {
            only(owner || who.mentor, "Only the goal's owner or the mentor can close it.")?;
            match action {
                A::Achieved => S::Achieved,
                A::PartlyAchieved => S::PartlyAchieved,
                _ => S::NotAchieved,
            }
        }
        (A::Drop, S::Proposed | S::Agreed) => {
            only(owner || who.mentor, "Only the goal's owner or the mentor can drop it.")?;
            S::Dropped
        }
        (A::Reopen, S::Achieved | S::PartlyAchieved | S::NotAchieved | S::Dropped) => {
            only(who.mentor, "Only the mentor can reopen a goal.")?;
            S::Agreed
        }
        (_, state) => return Err(Refusal::Impossible(impossible(action, state))),
    };
    Ok(target)
}

fn impossible(action: Action, state: State) -> &'static str {
    match state {
        State::Proposed => "This goal is still proposed: agree it first.",
        State::Agreed if action == Action::Agree => "This goal is already agreed.",
        State::Agreed => "This goal is open, so there is nothing to reopen.",
        State::Dropped => "This goal was dropped. The mentor can reopen it.",
        _ => "This goal is closed. The mentor can reopen it.",
    }
}

/// What this person could do next (for the interface's buttons).
pub fn available(f: &Facts, who: Viewer) -> Vec<Action> {
    Action::ALL.into_iter().filter(|a| next(f, *a, who).is_ok()).collect()
}

/// Who is told of a move: the project's members who see the goal in full (see `visible`), but the actor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recipient {
    Viewers,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Effects {
    pub to: State,
    pub tell: Vec<(Recipient, Notice)>,
}

pub fn effects(f: &Facts, action: Action, who: Viewer) -> Result<Effects, Refusal> {
    let to = next(f, action, who)?;
    let tell = match action {
        Action::Agree => vec![(Recipient::Viewers, Notice::GoalAgreed)],
        Action::Achieved => vec![(Recipient::Viewers, Notice::GoalAchieved)],
        _ => Vec::new(),
    };
    Ok(Effects { to, tell })
}

/// Why a goal is dropped (required), or a note with another move (optional).
pub const NOTE: Text = Text::lines(0, 500);

pub fn parse_note(action: Action, raw: &str) -> Result<String, Invalid> {
    Text { min: usize::from(action.needs_note()), ..NOTE }.parse("note", raw)
}

// --- Who sees what ---

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    None,
    /// The coordinator's view: counts, states and progress, never titles or text.
    Metadata,
    Full,
}

pub fn visible(f: &Facts, viewer: Viewer, is_group: bool) -> Visibility {
    let as_member = match f.kind {
        _ if !viewer.member() => Visibility::None,
        Kind::Group => Visibility::Full,
        Kind::Personal if !is_group || viewer.mentor || f.owned_by(viewer) || f.shared => Visibility::Full,
        Kind::Personal => Visibility::None,
    };
    let as_coordinator = if viewer.coordinator { Visibility::Metadata } else { Visibility::None };
    as_member.max(as_coordinator)
}

/// Adding, changing or removing objectives: whoever may change the goal (whether the goal is still open is
/// `Objective::parse`'s to say).
pub fn can_plan(f: &Facts, who: Viewer) -> Result<(), Refusal> {
    only(f.editable_by(who), "Only the goal's owner or the mentor plan its objectives.")
}

/// Ticking objectives, reviewing progress, commenting: any member who sees the goal in full.
pub fn can_follow(f: &Facts, who: Viewer, is_group: bool) -> Result<(), Refusal> {
    only(who.member() && visible(f, who, is_group) == Visibility::Full, "Only the members who follow this goal can do this.")
}

/// A goal as the coordinator's overview counts it: its latest reviewed progress, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoalMeta {
    pub id: String,
    pub state: State,
    pub progress: Option<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Every state, in `State::ALL` order, with how many goals are in it.
    pub by_state: Vec<(State, usize)>,
    pub goals: Vec<(String, State, Option<u8>)>,
}

pub fn summary(goals: &[GoalMeta]) -> Summary {
    Summary {
        by_state: State::ALL.into_iter().map(|s| (s, goals.iter().filter(|g| g.state == s).count())).collect(),
        goals: goals.iter().map(|g| (g.id.clone(), g.state, g.progress)).collect(),
    }
}

// --- Inputs ---

super::input::input! {
    #[derive(Debug, Clone, Default, Serialize)]
    pub struct GoalInput {
        pub kind: String,
        pub owner: Option<String>,
        pub title: String,
        pub why: String,
        pub success: String,
        pub target_date: Option<String>,
        pub shared: Option<bool>,
    }
}

pub const TITLE: Text = Text::line(1, 200);
pub const LONG_TEXT: Text = Text::lines(0, 2000);

/// What a goal says (the same for a new goal and an edit).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Content {
    pub title: String,
    pub why: String,
    /// Success criteria.
    pub success: String,
    pub target_date: Option<String>,
}

impl Content {
    pub fn parse(i: &GoalInput) -> Result<Content, Invalid> {
        Ok(Content {
            title: TITLE.parse("title", &i.title)?,
            why: LONG_TEXT.parse("why", &i.why)?,
            success: LONG_TEXT.parse("success", &i.success)?,
            target_date: optional_date("target_date", i.target_date.as_deref())?,
        })
    }
}

fn optional_date(field: &str, raw: Option<&str>) -> Result<Option<String>, Invalid> {
    match raw.map(str::trim).unwrap_or("") {
        "" => Ok(None),
        v => parse_date(field, v).map(Some),
    }
}

/// Where a new goal is proposed, and by whom.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    pub is_group: bool,
    pub actor: Viewer<'a>,
    /// The project's active mentees.
    pub mentees: &'a [String],
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewGoal {
    pub kind: Kind,
    pub owner: Option<String>,
    pub shared: bool,
    pub content: Content,
}

fn owner_only() -> Invalid {
    Invalid::new("shared", "goal_share_owner_only", "Only the goal's owner decides whether the whole group sees it.")
}

impl NewGoal {
    /// A new goal (its proposer is the actor; check `can_create` first).
    pub fn parse(i: &GoalInput, c: Context) -> Result<NewGoal, Invalid> {
        let kind = match i.kind.trim() {
            "" => Kind::Personal,
            k => Kind::parse(k).ok_or_else(|| Invalid::new("kind", "not_in_list", "Choose one of the values offered."))?,
        };
        let given = i.owner.as_deref().map(str::trim).filter(|o| !o.is_empty());
        let (owner, shared) = match kind {
            Kind::Group if !c.is_group => {
                return Err(Invalid::new("kind", "group_goal_in_pair", "Group goals are for group projects: make it a personal goal."));
            }
            Kind::Group if given.is_some() => {
                return Err(Invalid::new("owner", "group_goal_owner", "A group goal belongs to the whole group: leave its owner out."));
            }
            Kind::Group => (None, false),
            Kind::Personal => {
                let owner = match given {
                    Some(o) => o.to_string(),
                    None if c.actor.mentee => c.actor.user_id.to_string(),
                    // One mentee: the mentor's goal is for them.
                    None => match c.mentees {
                        [one] => one.clone(),
                        _ => return Err(Invalid::new("owner", "required", "Choose the mentee this goal is for.")),
                    },
                };
                if !c.mentees.contains(&owner) {
                    return Err(Invalid::new("owner", "goal_owner_not_mentee", "A personal goal belongs to one of the project's mentees."));
                }
                if c.actor.mentee && owner != c.actor.user_id {
                    return Err(Invalid::new("owner", "goal_owner_not_you", "Mentees propose personal goals for themselves only."));
                }
                let shared = i.shared.unwrap_or(false) && c.is_group;
                if shared && owner != c.actor.user_id {
                    return Err(owner_only());
                }
                (Some(owner), shared)
            }
        };
        Ok(NewGoal { kind, owner, shared, content: Content::parse(i)? })
    }
}

/// An edit: the new content, and whether the goal is shared after it (`kind` and `owner` never change; an edit that
/// names them differently is refused).
pub fn parse_edit(i: &GoalInput, f: &Facts, who: Viewer, is_group: bool) -> Result<(Content, bool), Invalid> {
    if !i.kind.trim().is_empty() && Kind::parse(i.kind.trim()) != Some(f.kind) {
        return Err(Invalid::new("kind", "goal_kind_fixed", "A goal's kind cannot change: make a new goal instead."));
    }
    if i.owner.as_deref().map(str::trim).is_some_and(|o| !o.is_empty() && Some(o) != f.owner.as_deref()) {
        return Err(Invalid::new("owner", "goal_owner_fixed", "A goal's owner cannot change: make a new goal instead."));
    }
    let shared = match i.shared {
        Some(s) if f.kind == Kind::Personal && is_group && s != f.shared => {
            if !f.owned_by(who) {
                return Err(owner_only());
            }
            s
        }
        _ => f.shared,
    };
    Ok((Content::parse(i)?, shared))
}

super::input::input! {
    #[derive(Debug, Clone, Default, Serialize)]
    pub struct ObjectiveInput {
        pub title: String,
        pub due: Option<String>,
        pub order: Option<i64>,
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Objective {
    pub title: String,
    pub due: Option<String>,
    pub order: Option<i64>,
}

impl Objective {
    /// A new or changed objective of a goal in `goal` state: a closed goal's steps stay as they were.
    pub fn parse(i: &ObjectiveInput, goal: State) -> Result<Objective, Invalid> {
        if goal.is_closed() {
            return Err(Invalid::new("goal", "goal_closed", "This goal is closed: the mentor can reopen it to change its objectives."));
        }
        Ok(Objective { title: TITLE.parse("title", &i.title)?, due: optional_date("due", i.due.as_deref())?, order: i.order })
    }
}

/// An objective's done mark: who ticked it and when, or nobody.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Done {
    pub done: bool,
    pub done_by: Option<String>,
    pub done_at: Option<i64>,
}

pub fn tick(done: bool, user_id: &str, now_ms: i64) -> Done {
    if done {
        Done { done, done_by: Some(user_id.to_string()), done_at: Some(now_ms) }
    } else {
        Done { done, done_by: None, done_at: None }
    }
}

/// Has an open objective passed its due date? (`today` in the project's reckoning, "YYYY-MM-DD".)
pub fn overdue(due: &str, today: &str, done: bool) -> bool {
    use super::contract::day_number;
    match (day_number(due), day_number(today)) {
        (Some(d), Some(t)) => !done && d < t,
        _ => false,
    }
}

super::input::input! {
    #[derive(Debug, Clone, Default, Serialize)]
    pub struct ReviewInput {
        pub progress: i64,
        pub note: String,
        pub diary_entry: Option<String>,
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Review {
    /// Percent.
    pub progress: u8,
    pub note: String,
    pub diary_entry: Option<String>,
}

impl Review {
    pub fn parse(i: &ReviewInput) -> Result<Review, Invalid> {
        let progress = u8::try_from(i.progress)
            .ok()
            .filter(|p| *p <= 100)
            .ok_or_else(|| Invalid::new("progress", "out_of_range", "Progress is a percentage from 0 to 100."))?;
        let diary_entry = match i.diary_entry.as_deref().map(str::trim).unwrap_or("") {
            "" => None,
            id if super::token::is_id_shaped(id) => Some(id.to_string()),
            _ => return Err(Invalid::new("diary_entry", "id_invalid", "'diary_entry' must be an id.")),
        };
        Ok(Review { progress, note: LONG_TEXT.parse("note", &i.note)?, diary_entry })
    }
}

pub const COMMENT: Text = Text::lines(1, 2000);

super::input::input! {
    #[derive(Debug, Clone, Default, Serialize)]
    pub struct CommentInput {
        pub text: String,
    }
}

pub fn parse_comment(i: &CommentInput) -> Result<String, Invalid> {
    COMMENT.parse("text", &i.text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Action as A;
    use State as S;

    const MENTOR: Viewer = Viewer { user_id: "m", mentor: true, mentee: false, coordinator: false };
    const ANNA: Viewer = Viewer { user_id: "anna", mentor: false, mentee: true, coordinator: false };
    const BEN: Viewer = Viewer { user_id: "ben", mentor: false, mentee: true, coordinator: false };
    const COORD: Viewer = Viewer { user_id: "c", mentor: false, mentee: false, coordinator: true };

    fn personal(state: State, proposed_by: &str) -> Facts {
        Facts { kind: Kind::Personal, state, owner: Some("anna".into()), proposed_by: proposed_by.into(), shared: false }
    }
    fn group(state: State) -> Facts {
        Facts { kind: Kind::Group, state, owner: None, proposed_by: "ben".into(), shared: false }
    }

    #[test]
    fn every_valid_move() {
        let valid = [
            (personal(S::Proposed, "anna"), A::Agree, MENTOR, S::Agreed),
            (personal(S::Proposed, "m"), A::Agree, ANNA, S::Agreed),
            (group(S::Proposed), A::Agree, MENTOR, S::Agreed),
            (personal(S::Proposed, "anna"), A::Edit, ANNA, S::Proposed),
            (personal(S::Agreed, "anna"), A::Edit, MENTOR, S::Agreed),
            (group(S::Agreed), A::Edit, ANNA, S::Agreed),
            (personal(S::Agreed, "anna"), A::Achieved, ANNA, S::Achieved),
            (personal(S::Agreed, "anna"), A::PartlyAchieved, MENTOR, S::PartlyAchieved),
            (group(S::Agreed), A::NotAchieved, MENTOR, S::NotAchieved),
            (personal(S::Proposed, "anna"), A::Drop, ANNA, S::Dropped),
            (personal(S::Agreed, "anna"), A::Drop, MENTOR, S::Dropped),
            (personal(S::Achieved, "anna"), A::Reopen, MENTOR, S::Agreed),
            (group(S::Dropped), A::Reopen, MENTOR, S::Agreed),
        ];
        for (f, action, who, to) in valid {
            assert_eq!(next(&f, action, who), Ok(to), "{action:?} from {:?} by {}", f.state, who.user_id);
        }
    }

    #[test]
    fn refused_moves() {
        let impossible = [
            (personal(S::Agreed, "anna"), A::Agree, MENTOR),
            (personal(S::Proposed, "anna"), A::Achieved, MENTOR),
            (personal(S::Achieved, "anna"), A::Edit, MENTOR),
            (personal(S::Dropped, "anna"), A::Drop, MENTOR),
            (personal(S::NotAchieved, "anna"), A::Achieved, MENTOR),
            (personal(S::Agreed, "anna"), A::Reopen, MENTOR),
            (personal(S::Proposed, "anna"), A::Reopen, MENTOR),
        ];
        for (f, action, who) in impossible {
            assert!(matches!(next(&f, action, who), Err(Refusal::Impossible(_))), "{action:?} from {:?}", f.state);
        }
        let not_yours = [
            (personal(S::Proposed, "anna"), A::Agree, ANNA),
            (personal(S::Proposed, "m"), A::Agree, BEN),
            (group(S::Proposed), A::Agree, ANNA),
            (personal(S::Proposed, "anna"), A::Edit, BEN),
            (personal(S::Proposed, "anna"), A::Edit, COORD),
            (group(S::Agreed), A::Edit, COORD),
            (personal(S::Agreed, "anna"), A::Achieved, BEN),
            (group(S::Agreed), A::Achieved, ANNA),
            (personal(S::Agreed, "anna"), A::Drop, BEN),
            (personal(S::Achieved, "anna"), A::Reopen, ANNA),
            (personal(S::Dropped, "anna"), A::Reopen, COORD),
        ];
        for (f, action, who) in not_yours {
            assert!(matches!(next(&f, action, who), Err(Refusal::NotYours(_))), "{action:?} from {:?} by {}", f.state, who.user_id);
        }
        assert!(can_create(BEN).is_ok() && matches!(can_create(COORD), Err(Refusal::NotYours(_))));
    }

    #[test]
    fn what_moves_tell_and_buttons() {
        assert_eq!(effects(&personal(S::Proposed, "anna"), A::Agree, MENTOR).unwrap().tell, vec![(Recipient::Viewers, Notice::GoalAgreed)]);
        assert_eq!(effects(&group(S::Agreed), A::Achieved, MENTOR).unwrap().tell, vec![(Recipient::Viewers, Notice::GoalAchieved)]);
        assert!(effects(&group(S::Agreed), A::NotAchieved, MENTOR).unwrap().tell.is_empty());
        assert_eq!(available(&personal(S::Proposed, "anna"), ANNA), vec![A::Edit, A::Drop]);
        assert_eq!(available(&personal(S::Agreed, "anna"), MENTOR), vec![A::Edit, A::Achieved, A::PartlyAchieved, A::NotAchieved, A::Drop]);
        assert_eq!(available(&personal(S::Dropped, "anna"), MENTOR), vec![A::Reopen]);
        assert_eq!(parse_note(A::Drop, " ").map_err(|e| (e.field, e.code)), Err(("note".into(), "required")));
        assert!(parse_note(A::Agree, "").is_ok() && parse_note(A::Drop, &"x".repeat(501)).is_err());
        for s in State::ALL {
            assert_eq!(State::parse(s.as_str()), Some(s));
        }
        for a in Action::ALL {
            assert_eq!(Action::parse(a.as_str()), Some(a));
        }
    }

    #[test]
    fn visibility_matrix() {
        use Visibility as V;
        let shared = Facts { shared: true, ..personal(S::Agreed, "anna") };
        let both = Viewer { coordinator: true, ..BEN };
        // (goal, group project?, [mentor, owner, other mentee, coordinator, coordinator who is also a mentee])
        let matrix = [
            (group(S::Agreed), true, [V::Full, V::Full, V::Full, V::Metadata, V::Full]),
            (personal(S::Agreed, "anna"), false, [V::Full, V::Full, V::Full, V::Metadata, V::Full]),
            (personal(S::Agreed, "anna"), true, [V::Full, V::Full, V::None, V::Metadata, V::Metadata]),
            (shared.clone(), true, [V::Full, V::Full, V::Full, V::Metadata, V::Full]),
        ];
        for (f, is_group, expected) in matrix {
            let seen = [MENTOR, ANNA, BEN, COORD, both].map(|v| visible(&f, v, is_group));
            assert_eq!(seen, expected, "{:?} goal, group: {is_group}", f.kind);
        }
        let private = personal(S::Agreed, "anna");
        assert!(can_follow(&private, ANNA, true).is_ok() && can_follow(&private, BEN, true).is_err());
        assert!(can_follow(&private, COORD, false).is_err(), "the coordinator reads metadata only");
        assert!(can_follow(&shared, BEN, true).is_ok() && can_plan(&shared, BEN).is_err(), "a shared goal is still Anna's");
        assert!(can_plan(&private, MENTOR).is_ok() && can_plan(&group(S::Agreed), BEN).is_ok());
        assert_eq!(tick(true, "anna", 5), Done { done: true, done_by: Some("anna".into()), done_at: Some(5) });
        assert_eq!(tick(false, "anna", 6), Done { done: false, done_by: None, done_at: None });
    }

    #[test]
    fn summary_counts_every_state() {
        let goals = [
            GoalMeta { id: "g1".into(), state: S::Agreed, progress: Some(40) },
            GoalMeta { id: "g2".into(), state: S::Agreed, progress: None },
            GoalMeta { id: "g3".into(), state: S::Achieved, progress: Some(100) },
        ];
        let s = summary(&goals);
        assert_eq!(s.by_state.len(), State::ALL.len());
        assert_eq!(s.by_state.iter().find(|(st, _)| *st == S::Agreed), Some(&(S::Agreed, 2)));
        assert_eq!(s.by_state.iter().find(|(st, _)| *st == S::Dropped), Some(&(S::Dropped, 0)));
        assert_eq!(s.goals.get(2), Some(&("g3".to_string(), S::Achieved, Some(100))));
        let json = serde_json::to_string(&s).unwrap();
        assert!(json.contains(r#"["agreed",2]"#) && !json.contains("title"));
    }

    fn input(kind: &str, owner: Option<&str>) -> GoalInput {
        GoalInput { kind: kind.into(), owner: owner.map(str::to_string), title: "Finish the thesis".into(), ..GoalInput::default() }
    }

    #[test]
    fn new_goals() {
        let mentees = ["anna".to_string(), "ben".to_string()];
        let pair = Context { is_group: false, actor: MENTOR, mentees: mentees.get(..1).unwrap() };
        let grp = Context { is_group: true, actor: MENTOR, mentees: &mentees };
        let code = |i: &GoalInput, c: Context| NewGoal::parse(i, c).err().map(|e| (e.field, e.code));
        assert_eq!(NewGoal::parse(&input("", None), pair).unwrap().owner.as_deref(), Some("anna"), "the pair's one mentee");
        let mine = NewGoal::parse(&input("personal", None), Context { actor: BEN, ..grp }).unwrap();
        assert_eq!((mine.kind, mine.owner.as_deref(), mine.shared), (Kind::Personal, Some("ben"), false));
        assert_eq!(code(&input("group", None), pair), Some(("kind".into(), "group_goal_in_pair")));
        assert_eq!(NewGoal::parse(&input("group", None), grp).unwrap().owner, None);
        assert_eq!(code(&input("group", Some("anna")), grp), Some(("owner".into(), "group_goal_owner")));
        assert_eq!(code(&input("personal", None), grp), Some(("owner".into(), "required")));
        assert_eq!(code(&input("personal", Some("m")), grp), Some(("owner".into(), "goal_owner_not_mentee")));
        assert_eq!(code(&input("personal", Some("anna")), Context { actor: BEN, ..grp }), Some(("owner".into(), "goal_owner_not_you")));
        assert_eq!(code(&input("solo", None), grp), Some(("kind".into(), "not_in_list")));
        let share = GoalInput { shared: Some(true), ..input("personal", Some("anna")) };
        assert_eq!(code(&share, grp), Some(("shared".into(), "goal_share_owner_only")));
        assert!(NewGoal::parse(&share, Context { actor: ANNA, ..grp }).unwrap().shared);
        let limits = [
            (GoalInput { title: " ".into(), ..input("", None) }, "title", "required"),
            (GoalInput { title: "x".repeat(201), ..input("", None) }, "title", "text_too_long"),
            (GoalInput { why: "x".repeat(2001), ..input("", None) }, "why", "text_too_long"),
            (GoalInput { target_date: Some("2025-02-29".into()), ..input("", None) }, "target_date", "date_invalid"),
        ];
        for (i, field, c) in limits {
            assert_eq!(code(&i, pair), Some((field.into(), c)));
        }
        let dated = GoalInput { target_date: Some("2025-06-30".into()), success: "Submitted.\nPassed.".into(), ..input("", None) };
        assert_eq!(NewGoal::parse(&dated, pair).unwrap().content.target_date.as_deref(), Some("2025-06-30"));
    }

    #[test]
    fn edits_keep_kind_and_owner_and_only_the_owner_shares() {
        let f = personal(S::Agreed, "anna");
        let share = GoalInput { shared: Some(true), ..input("personal", Some("anna")) };
        assert_eq!(parse_edit(&share, &f, ANNA, true).map(|(c, s)| (c.title, s)), Ok(("Finish the thesis".into(), true)));
        assert_eq!(parse_edit(&share, &f, MENTOR, true).map_err(|e| e.code), Err("goal_share_owner_only"));
        assert_eq!(parse_edit(&input("group", None), &f, MENTOR, true).map_err(|e| e.code), Err("goal_kind_fixed"));
        assert_eq!(parse_edit(&input("", Some("ben")), &f, MENTOR, true).map_err(|e| e.code), Err("goal_owner_fixed"));
        assert_eq!(parse_edit(&input("", None), &f, MENTOR, true).map(|(_, s)| s), Ok(false));
    }

    #[test]
    fn objectives_reviews_and_comments() {
        let o = ObjectiveInput { title: "Outline chapter 2".into(), due: Some("2025-04-01".into()), order: Some(3) };
        assert_eq!(Objective::parse(&o, S::Agreed).unwrap().due.as_deref(), Some("2025-04-01"));
        assert!(Objective::parse(&o, S::Proposed).is_ok());
        for closed in [S::Achieved, S::PartlyAchieved, S::NotAchieved, S::Dropped] {
            assert_eq!(Objective::parse(&o, closed).map_err(|e| (e.field, e.code)), Err(("goal".into(), "goal_closed")));
        }
        let bad = ObjectiveInput { due: Some("01/04/2025".into()), ..o.clone() };
        assert_eq!(Objective::parse(&bad, S::Agreed).map_err(|e| (e.field, e.code)), Err(("due".into(), "date_invalid")));
        assert!(Objective::parse(&ObjectiveInput { title: "x".repeat(201), ..o }, S::Agreed).is_err());
        assert!(overdue("2025-03-01", "2025-03-02", false));
        assert!(!overdue("2025-03-01", "2025-03-02", true) && !overdue("2025-03-02", "2025-03-02", false) && !overdue("", "2025-03-02", false));
        let review = |progress: i64| Review::parse(&ReviewInput { progress, ..ReviewInput::default() }).map_err(|e| (e.field, e.code));
        assert_eq!(review(101), Err(("progress".into(), "out_of_range")));
        assert_eq!(review(-1), Err(("progress".into(), "out_of_range")));
        assert_eq!(review(100).map(|r| r.progress), Ok(100));
        let linked = ReviewInput { progress: 50, note: "Good month.".into(), diary_entry: Some("0000000000000123456789abcdef".into()) };
        assert!(Review::parse(&linked).unwrap().diary_entry.is_some());
        assert!(Review::parse(&ReviewInput { diary_entry: Some("../x".into()), ..linked }).is_err());
        let missing = super::super::input::parse::<ReviewInput>(br#"{"note":"x"}"#).unwrap_err();
        assert_eq!((missing.field.as_deref(), missing.code), (Some("progress"), "required"));
        assert_eq!(parse_comment(&CommentInput { text: " ".into() }).map_err(|e| e.code), Err("required"));
        assert!(parse_comment(&CommentInput { text: "x".repeat(2001) }).is_err());
    }
}
