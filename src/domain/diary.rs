//! The session diary, the interactions logged outside sessions, and each member's private reflective log.
//!
//! ```text
//!  held session ──write (diarist)──► draft ──submit (diarist)──► submitted ──comment (mentor)──► commented
//!                                                                                                │
//!                                                                                 close (mentor) ▼
//!                                                                                              closed
//! ```
//! While submitted or commented the diarist may still write (the previous text is kept as a revision) and the
//! mentor may change the comment; once closed, nothing changes.

use super::error::Invalid;
use super::lifecycle::Refusal;
use super::notifications::Kind;
use super::text::Text;
use serde::{Deserialize, Serialize};

const DAY_MS: i64 = 86_400_000;

/// One question of the diary. The keys are stable: `next_topic` and `homework` pre-fill the next session, `target`
/// offers goal reviews.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgendaItem {
    pub key: String,
    pub title: String,
}

pub fn default_agenda() -> Vec<AgendaItem> {
    [
        ("how", "How is everyone?"),
        ("issues", "Current issues"),
        ("target", "Dealing with the target"),
        ("next_topic", "Topic for the next session"),
        ("homework", "Homework"),
    ]
    .into_iter()
    .map(|(key, title)| AgendaItem { key: key.into(), title: title.into() })
    .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State { Draft, Submitted, Commented, Closed }

impl State {
    pub const ALL: [State; 4] = [State::Draft, State::Submitted, State::Commented, State::Closed];
    pub fn as_str(self) -> &'static str {
        match self {
            State::Draft => "draft",
            State::Submitted => "submitted",
            State::Commented => "commented",
            State::Closed => "closed",
        }
    }
    pub fn parse(s: &str) -> Option<State> {
        State::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Save the text (a draft, or an edit after submission).
    Write,
    Submit,
    /// Comment, or change the comment.
    Comment,
    Close,
}

impl Action {
    pub const ALL: [Action; 4] = [Action::Write, Action::Submit, Action::Comment, Action::Close];
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Write => "write",
            Action::Submit => "submit",
            Action::Comment => "comment",
            Action::Close => "close",
        }
    }
    pub fn parse(s: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.as_str() == s)
    }
}

/// Who is acting, in relation to this session.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Roles {
    pub diarist: bool,
    pub mentor: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Facts {
    /// The session was held (only a held session has a diary).
    pub held: bool,
    /// None: nothing written yet.
    pub state: Option<State>,
}

/// The diary's rule book: where a move leads from here, or why not.
pub fn next(f: Facts, action: Action, who: Roles) -> Result<State, Refusal> {
    use Action as A;
    use State as S;
    const DIARIST: &str = "Only the diarist of this session fills in its diary.";
    const MENTOR: &str = "Only the mentor comments on a diary and closes it.";
    if !f.held {
        return Err(Refusal::Impossible("A diary is kept only for a session that was held."));
    }
    let (allowed, not_yours, to) = match (action, f.state) {
        (_, Some(S::Closed)) => return Err(Refusal::Impossible("This diary is closed: nothing in it changes any more.")),
        (A::Write, None) => (who.diarist, DIARIST, S::Draft),
        (A::Write, Some(s)) => (who.diarist, DIARIST, s),
        (A::Submit, None | Some(S::Draft)) => (who.diarist, DIARIST, S::Submitted),
        (A::Comment, Some(S::Submitted | S::Commented)) => (who.mentor, MENTOR, S::Commented),
        (A::Close, Some(S::Commented)) => (who.mentor, MENTOR, S::Closed),
        (A::Submit, _) => return Err(Refusal::Impossible("This diary is already submitted: edit it if something changed.")),
        (A::Comment, _) => return Err(Refusal::Impossible("This diary is not submitted yet, so there is nothing to comment on.")),
        (A::Close, _) => return Err(Refusal::Impossible("Comment on the diary before closing it.")),
    };
    if allowed { Ok(to) } else { Err(Refusal::NotYours(not_yours)) }
}

/// What this person could do with the diary (for the interface's buttons).
pub fn available(f: Facts, who: Roles) -> Vec<Action> {
    Action::ALL.into_iter().filter(|a| next(f, *a, who).is_ok()).collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recipient {
    Mentor,
    Diarist,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Effects {
    pub to: State,
    /// An edit after submission: the previous text is kept as a revision, so the mentor sees what changed.
    pub keep_revision: bool,
    pub tell: Vec<(Recipient, Kind)>,
}

/// A move and everything it does. Only the first comment tells the diarist (changing it later does not).
pub fn effects(f: Facts, action: Action, who: Roles) -> Result<Effects, Refusal> {
    let to = next(f, action, who)?;
    let submitted = matches!(f.state, Some(State::Submitted | State::Commented));
    let tell = match action {
        Action::Submit => vec![(Recipient::Mentor, Kind::DiarySubmitted)],
        Action::Comment if f.state == Some(State::Submitted) => vec![(Recipient::Diarist, Kind::DiaryCommented)],
        _ => Vec::new(),
    };
    Ok(Effects { to, keep_revision: action == Action::Write && submitted, tell })
}

/// The diary is missing three days after its session was held (`held_at_ms`: when it took place): nothing
/// written, or only a draft.
pub fn missing(held_at_ms: i64, now_ms: i64, state: Option<State>) -> bool {
    now_ms - held_at_ms >= 3 * DAY_MS && matches!(state, None | Some(State::Draft))
}

// The entry.

pub const ANSWER: Text = Text::lines(0, 4000);
pub const COMMENT: Text = Text::lines(1, 4000);
pub const MAX_MINUTES: i64 = 600;

super::input::input! {
    #[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
    pub struct Attendance {
        pub user: String,
        pub present: bool,
    }
}

super::input::input! {
    #[derive(Debug, Clone, Default, Serialize)]
    pub struct EntryInput {
        /// One per agenda item, in its order.
        pub answers: Vec<String>,
        pub attendance: Vec<Attendance>,
        /// How long the session actually lasted.
        pub minutes: Option<i64>,
        /// The revision the client edited from.
        pub base: i64,
        pub client_key: String,
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub answers: Vec<String>,
    pub attendance: Vec<Attendance>,
    pub minutes: i64,
    pub base: i64,
    pub client_key: String,
}

/// A client's own key for a save (a retry sends the same one): required here, with the API's one rule for client
/// keys (up to 64 letters, digits, - or _).
pub fn parse_client_key(raw: &str) -> Result<String, Invalid> {
    match super::request::parse_client_key(Some(raw))? {
        Some(k) => Ok(k),
        None => Err(Invalid::new("client_key", "required", "This field is required.")),
    }
}

fn minutes(raw: i64) -> Result<i64, Invalid> {
    if (0..=MAX_MINUTES).contains(&raw) {
        Ok(raw)
    } else {
        Err(Invalid::new("minutes", "out_of_range", format!("Enter between 0 and {MAX_MINUTES} minutes.")))
    }
}

impl Entry {
    /// `members`: the project's members, the only people attendance may name.
    pub fn parse(i: &EntryInput, agenda: &[AgendaItem], members: &[String]) -> Result<Entry, Invalid> {
        if i.answers.len() != agenda.len() {
            let msg = format!("Answer each of the {} items of the agenda (an answer may be empty).", agenda.len());
            return Err(Invalid::new("answers", "answers_count", msg));
        }
        let answers = i.answers.iter().enumerate().map(|(n, a)| ANSWER.parse(&format!("answers.{n}"), a)).collect::<Result<_, _>>()?;
        let mut attendance: Vec<Attendance> = Vec::with_capacity(i.attendance.len());
        for a in &i.attendance {
            let user = a.user.trim();
            if !members.iter().any(|m| m == user) {
                return Err(Invalid::new("attendance", "not_a_member", "Only the project's members can be marked present or absent."));
            }
            if attendance.iter().any(|x| x.user == user) {
                return Err(Invalid::new("attendance", "duplicate", "Each member is marked once."));
            }
            attendance.push(Attendance { user: user.to_string(), present: a.present });
        }
        Ok(Entry { answers, attendance, minutes: minutes(i.minutes.unwrap_or(0))?, base: i.base, client_key: parse_client_key(&i.client_key)? })
    }

    /// Who was marked absent (the next diarist is chosen among the others).
    pub fn absent(&self) -> Vec<String> {
        self.attendance.iter().filter(|a| !a.present).map(|a| a.user.clone()).collect()
    }
}

pub fn parse_comment(raw: &str) -> Result<String, Invalid> {
    COMMENT.parse("comment", raw)
}

/// What a save of a draft does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveOutcome {
    /// Store it as this revision.
    Apply(i64),
    /// A retry of a save already stored: answer as if it were stored now.
    AlreadyApplied,
    /// Someone saved since the client loaded the text: the worker answers 409 with both texts.
    Conflict,
}

/// Drafts are saved often, from phones that lose their connection: a repeated client key is a no-op (checked
/// first, since a stored save has moved the revision past its own base), and a save from any other revision than
/// the current one would overwrite what the client never saw.
pub fn save(current_revision: i64, base: i64, same_client_key_already_applied: bool) -> SaveOutcome {
    if same_client_key_already_applied {
        SaveOutcome::AlreadyApplied
    } else if base == current_revision {
        SaveOutcome::Apply(current_revision + 1)
    } else {
        SaveOutcome::Conflict
    }
}

// Closing the loop: the diary feeds the next session and the goals.

/// What the next session is pre-filled with.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Prefill {
    pub topic: String,
    pub homework: String,
}

fn answer<'a>(agenda: &[AgendaItem], answers: &'a [String], key: &str) -> &'a str {
    agenda.iter().position(|a| a.key == key).and_then(|i| answers.get(i)).map_or("", |a| a.trim())
}

/// The next session's topic (the first line of `next_topic`, within the plan's 200 characters) and homework
/// (within its 2000), so the session plan's rules accept them as they are.
pub fn prefill(agenda: &[AgendaItem], answers: &[String]) -> Prefill {
    let first_line = answer(agenda, answers, "next_topic").lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("");
    let topic: String = first_line.chars().filter(|c| !c.is_control()).take(200).collect();
    let homework: String = answer(agenda, answers, "homework").chars().take(2000).collect();
    Prefill { topic: topic.trim().to_string(), homework: homework.trim().to_string() }
}

/// The `target` answer, offered when the goals are reviewed.
pub fn review_hint(agenda: &[AgendaItem], answers: &[String]) -> Option<String> {
    Some(answer(agenda, answers, "target")).filter(|a| !a.is_empty()).map(str::to_string)
}

// Interactions outside sessions.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InteractionKind { Call, Meeting, Email, Text, Other }

impl InteractionKind {
    pub const ALL: [InteractionKind; 5] =
        [InteractionKind::Call, InteractionKind::Meeting, InteractionKind::Email, InteractionKind::Text, InteractionKind::Other];
    /// The codes, as the API takes them (`ALL`, spelled out; a test keeps them equal).
    pub const NAMES: &'static [&'static str] = &["call", "meeting", "email", "text", "other"];
    pub fn as_str(self) -> &'static str {
        match self {
            InteractionKind::Call => "call",
            InteractionKind::Meeting => "meeting",
            InteractionKind::Email => "email",
            InteractionKind::Text => "text",
            InteractionKind::Other => "other",
        }
    }
    pub fn parse(s: &str) -> Option<InteractionKind> {
        InteractionKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

pub const NOTE: Text = Text::line(0, 500);
/// A clock a little ahead of the server's is not a lie.
pub const FUTURE_SLACK_MS: i64 = 5 * 60_000;
pub const OLDEST_DAYS: i64 = 366;

super::input::input! {
    #[derive(Debug, Clone, Default, Serialize)]
    pub struct InteractionInput {
        pub kind: String,
        /// When it happened (UTC milliseconds).
        pub at: i64,
        pub minutes: Option<i64>,
        pub note: String,
        pub client_key: String,
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Interaction {
    pub kind: InteractionKind,
    pub at: i64,
    pub minutes: i64,
    pub note: String,
    pub client_key: String,
}

impl Interaction {
    pub fn parse(i: &InteractionInput, now: i64) -> Result<Interaction, Invalid> {
        let kind = InteractionKind::parse(i.kind.trim()).ok_or_else(|| Invalid::new("kind", "not_in_list", "Choose one of the values offered."))?;
        if i.at > now + FUTURE_SLACK_MS {
            return Err(Invalid::new("at", "interaction_in_future", "Log an interaction once it has happened."));
        }
        if i.at < now - OLDEST_DAYS * DAY_MS {
            return Err(Invalid::new("at", "interaction_too_old", "Log interactions of the last twelve months only."));
        }
        Ok(Interaction {
            kind,
            at: i.at,
            minutes: minutes(i.minutes.unwrap_or(0))?,
            note: NOTE.parse("note", &i.note)?,
            client_key: parse_client_key(&i.client_key)?,
        })
    }
}

/// A logged interaction counts once another active member confirms it.
pub fn confirm(author: &str, confirmer: &str, confirmer_active: bool, already_confirmed: bool) -> Result<(), Refusal> {
    if !confirmer_active {
        return Err(Refusal::NotYours("Only the project's active members confirm interactions."));
    }
    if author == confirmer {
        return Err(Refusal::NotYours("Another member confirms what you logged."));
    }
    if already_confirmed {
        return Err(Refusal::Impossible("This interaction is already confirmed."));
    }
    Ok(())
}

/// Days on which the mentor and at least one mentee both wrote (chat or messages). `per_day`: (day since
/// 1970-01-01 UTC, author, how many they wrote).
pub fn two_sided_days(per_day: &[(i64, String, i64)], mentor: &str, mentees: &[String]) -> i64 {
    i64::try_from(two_sided(per_day, mentor, mentees).count()).unwrap_or(i64::MAX)
}

/// The last of those days (a day number), if any.
pub fn last_two_sided_day(per_day: &[(i64, String, i64)], mentor: &str, mentees: &[String]) -> Option<i64> {
    two_sided(per_day, mentor, mentees).last()
}

fn two_sided(per_day: &[(i64, String, i64)], mentor: &str, mentees: &[String]) -> impl Iterator<Item = i64> {
    let mut days = std::collections::BTreeMap::<i64, (bool, bool)>::new();
    for (day, author, _) in per_day.iter().filter(|(_, _, count)| *count > 0) {
        let sides = days.entry(*day).or_default();
        sides.0 |= author == mentor;
        sides.1 |= mentees.contains(author);
    }
    days.into_iter().filter(|(_, (mentor, mentee))| *mentor && *mentee).map(|(day, _)| day)
}

/// The interactions a project counts: held sessions with a diary, confirmed interactions, two-sided days.
pub fn interactions(held_sessions_with_diary: i64, confirmed: i64, two_sided_days: i64) -> i64 {
    [held_sessions_with_diary, confirmed, two_sided_days].into_iter().map(|n| n.max(0)).fold(0, i64::saturating_add)
}

// The reflective log.

/// One entry of a member's reflective log: private to its author.
pub const REFLECTION: Text = Text::lines(1, 8000);

super::input::input! {
    #[derive(Debug, Clone, Default, Serialize)]
    pub struct ReflectionInput {
        pub text: String,
        pub client_key: String,
    }
}

/// A reflection's text and client key.
pub fn parse_reflection(i: &ReflectionInput) -> Result<(String, String), Invalid> {
    Ok((REFLECTION.parse("text", &i.text)?, parse_client_key(&i.client_key)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use Action as A;
    use State as S;

    const DIARIST: Roles = Roles { diarist: true, mentor: false };
    const MENTOR: Roles = Roles { diarist: false, mentor: true };
    const OTHER: Roles = Roles { diarist: false, mentor: false };

    fn held(state: Option<State>) -> Facts {
        Facts { held: true, state }
    }

    #[test]
    fn names_round_trip() {
        for s in State::ALL {
            assert_eq!(State::parse(s.as_str()), Some(s));
        }
        for a in Action::ALL {
            assert_eq!(Action::parse(a.as_str()), Some(a));
        }
        assert_eq!(InteractionKind::ALL.map(InteractionKind::as_str).as_slice(), InteractionKind::NAMES);
        assert!(InteractionKind::ALL.into_iter().all(|k| InteractionKind::parse(k.as_str()) == Some(k)));
        let keys: Vec<String> = default_agenda().into_iter().map(|a| a.key).collect();
        assert_eq!(keys, ["how", "issues", "target", "next_topic", "homework"]);
    }

    #[test]
    fn every_valid_move() {
        let valid = [
            (None, A::Write, DIARIST, S::Draft),
            (Some(S::Draft), A::Write, DIARIST, S::Draft),
            (None, A::Submit, DIARIST, S::Submitted),
            (Some(S::Draft), A::Submit, DIARIST, S::Submitted),
            (Some(S::Submitted), A::Write, DIARIST, S::Submitted),
            (Some(S::Commented), A::Write, DIARIST, S::Commented),
            (Some(S::Submitted), A::Comment, MENTOR, S::Commented),
            (Some(S::Commented), A::Comment, MENTOR, S::Commented),
            (Some(S::Commented), A::Close, MENTOR, S::Closed),
        ];
        for (state, action, who, to) in valid {
            assert_eq!(next(held(state), action, who), Ok(to), "{action:?} from {state:?}");
        }
    }

    #[test]
    fn invalid_moves_are_refused_with_the_right_kind() {
        let impossible = [
            (held(Some(S::Closed)), A::Write, DIARIST),
            (held(Some(S::Closed)), A::Comment, MENTOR),
            (held(Some(S::Closed)), A::Close, MENTOR),
            (held(Some(S::Submitted)), A::Submit, DIARIST),
            (held(Some(S::Commented)), A::Submit, DIARIST),
            (held(None), A::Comment, MENTOR),
            (held(Some(S::Draft)), A::Comment, MENTOR),
            (held(Some(S::Submitted)), A::Close, MENTOR),
            (held(Some(S::Draft)), A::Close, MENTOR),
            (Facts { held: false, state: None }, A::Write, DIARIST),
            (Facts { held: false, state: Some(S::Draft) }, A::Submit, DIARIST),
        ];
        for (f, action, who) in impossible {
            assert!(matches!(next(f, action, who), Err(Refusal::Impossible(_))), "{action:?} with {f:?}");
        }
        let not_yours = [
            (None, A::Write, MENTOR),
            (Some(S::Draft), A::Write, OTHER),
            (Some(S::Draft), A::Submit, MENTOR),
            (Some(S::Submitted), A::Write, MENTOR),
            (Some(S::Submitted), A::Comment, DIARIST),
            (Some(S::Commented), A::Close, DIARIST),
        ];
        for (state, action, who) in not_yours {
            assert!(matches!(next(held(state), action, who), Err(Refusal::NotYours(_))), "{action:?} from {state:?} by {who:?}");
        }
        assert_eq!(next(held(None), A::Write, OTHER), Err(Refusal::NotYours("Only the diarist of this session fills in its diary.")));
        assert_eq!(available(held(Some(S::Commented)), MENTOR), vec![A::Comment, A::Close]);
        assert_eq!(available(held(Some(S::Commented)), DIARIST), vec![A::Write]);
        assert!(available(held(Some(S::Closed)), MENTOR).is_empty());
    }

    #[test]
    fn effects_keep_revisions_and_tell_the_other_side() {
        let e = |state, action, who| effects(held(state), action, who).unwrap();
        assert_eq!(e(Some(S::Draft), A::Submit, DIARIST).tell, vec![(Recipient::Mentor, Kind::DiarySubmitted)]);
        assert_eq!(e(Some(S::Submitted), A::Comment, MENTOR).tell, vec![(Recipient::Diarist, Kind::DiaryCommented)]);
        assert!(e(Some(S::Commented), A::Comment, MENTOR).tell.is_empty(), "changing the comment is quiet");
        assert!(!e(Some(S::Draft), A::Write, DIARIST).keep_revision);
        assert!(e(Some(S::Submitted), A::Write, DIARIST).keep_revision);
        assert!(e(Some(S::Commented), A::Write, DIARIST).keep_revision);
        assert!(effects(held(Some(S::Closed)), A::Write, DIARIST).is_err());
    }

    fn entry() -> EntryInput {
        EntryInput {
            answers: vec!["Fine".into(), String::new(), "Sent two applications.".into(), "Mock interview\nand salary".into(), "Update the CV".into()],
            attendance: vec![Attendance { user: "carla".into(), present: true }, Attendance { user: "dev".into(), present: false }],
            minutes: Some(55),
            base: 3,
            client_key: "k-1_phone".into(),
        }
    }

    #[test]
    fn entries_parse_against_the_agenda_and_the_members() {
        let members = ["anna", "carla", "dev"].map(String::from);
        let agenda = default_agenda();
        let e = Entry::parse(&entry(), &agenda, &members).unwrap();
        assert_eq!((e.answers.len(), e.minutes, e.base, e.absent()), (5, 55, 3, vec!["dev".to_string()]));
        let bad = |i: EntryInput| Entry::parse(&i, &agenda, &members).err().map(|e| (e.field, e.code));
        let field = |f: &str, c: &'static str| Some((f.to_string(), c));
        assert_eq!(bad(EntryInput { answers: vec!["only one".into()], ..entry() }), field("answers", "answers_count"));
        let mut long = entry();
        long.answers[1] = "x".repeat(4001);
        assert_eq!(bad(long), field("answers.1", "text_too_long"));
        let stranger = vec![Attendance { user: "eve".into(), present: true }];
        assert_eq!(bad(EntryInput { attendance: stranger, ..entry() }), field("attendance", "not_a_member"));
        let twice = vec![Attendance { user: "dev".into(), present: true }, Attendance { user: "dev".into(), present: false }];
        assert_eq!(bad(EntryInput { attendance: twice, ..entry() }), field("attendance", "duplicate"));
        assert_eq!(bad(EntryInput { minutes: Some(601), ..entry() }), field("minutes", "out_of_range"));
        assert_eq!(bad(EntryInput { client_key: String::new(), ..entry() }), field("client_key", "required"));
        assert_eq!(bad(EntryInput { client_key: "a b".into(), ..entry() }), field("client_key", "client_key_invalid"));
        assert_eq!(bad(EntryInput { client_key: "k".repeat(65), ..entry() }), field("client_key", "client_key_invalid"));
        assert_eq!(parse_comment("").map_err(|e| e.code), Err("required"));
        let json = br#"{"answers":["a"],"attendance":[{"user":"u","present":true}],"minutes":1,"base":0,"client_key":"k"}"#;
        let body: EntryInput = super::super::input::parse(json).unwrap();
        assert_eq!(body.attendance, vec![Attendance { user: "u".into(), present: true }]);
    }

    #[test]
    fn saves_apply_once_and_never_over_unseen_text() {
        assert_eq!(save(0, 0, false), SaveOutcome::Apply(1), "the first draft");
        assert_eq!(save(4, 4, false), SaveOutcome::Apply(5));
        assert_eq!(save(5, 4, true), SaveOutcome::AlreadyApplied, "a retry after the save was stored");
        assert_eq!(save(5, 4, false), SaveOutcome::Conflict, "someone else saved revision 5");
        assert_eq!(save(5, 7, false), SaveOutcome::Conflict, "a revision that does not exist");
    }

    #[test]
    fn the_diary_prefills_the_next_session() {
        let agenda = default_agenda();
        let answers = entry().answers;
        assert_eq!(prefill(&agenda, &answers), Prefill { topic: "Mock interview".into(), homework: "Update the CV".into() });
        let long = ["", "", "", &format!("\n  {}\nmore", "t".repeat(300)), &"h".repeat(2500)].map(String::from);
        let p = prefill(&agenda, &long);
        assert_eq!((p.topic.chars().count(), p.homework.chars().count()), (200, 2000));
        assert_eq!(prefill(&agenda, &[]), Prefill::default());
        assert_eq!(review_hint(&agenda, &answers).as_deref(), Some("Sent two applications."));
        assert_eq!(review_hint(&agenda, &long), None);
        let custom = vec![AgendaItem { key: "homework".into(), title: "Tasks".into() }];
        assert_eq!(prefill(&custom, &["Read".to_string()]).homework, "Read");
    }

    #[test]
    fn a_diary_is_missing_three_days_after_the_session() {
        let held_at = 100 * DAY_MS;
        assert!(!missing(held_at, held_at + 3 * DAY_MS - 1, None));
        assert!(missing(held_at, held_at + 3 * DAY_MS, None));
        assert!(missing(held_at, held_at + 4 * DAY_MS, Some(S::Draft)));
        assert!(!missing(held_at, held_at + 4 * DAY_MS, Some(S::Submitted)));
    }

    #[test]
    fn interactions_are_logged_confirmed_and_counted() {
        let now = 400 * DAY_MS;
        let i = |at: i64| InteractionInput { kind: "call".into(), at, minutes: Some(20), note: "Quick call about the CV".into(), client_key: "c1".into() };
        assert_eq!(Interaction::parse(&i(now + FUTURE_SLACK_MS), now).map(|x| x.kind), Ok(InteractionKind::Call));
        let code = |input: InteractionInput| Interaction::parse(&input, now).err().map(|e| (e.field, e.code));
        assert_eq!(code(i(now + FUTURE_SLACK_MS + 1)), Some(("at".into(), "interaction_in_future")));
        assert_eq!(code(i(now - 366 * DAY_MS - 1)), Some(("at".into(), "interaction_too_old")));
        assert_eq!(code(InteractionInput { kind: "fax".into(), ..i(now) }), Some(("kind".into(), "not_in_list")));
        assert_eq!(code(InteractionInput { note: "a\nb".into(), ..i(now) }), Some(("note".into(), "text_control_chars")));
        assert_eq!(confirm("carla", "anna", true, false), Ok(()));
        assert_eq!(confirm("carla", "carla", true, false), Err(Refusal::NotYours("Another member confirms what you logged.")));
        assert!(matches!(confirm("carla", "anna", true, true), Err(Refusal::Impossible(_))), "twice");
        assert!(matches!(confirm("carla", "eve", false, false), Err(Refusal::NotYours(_))), "not an active member");
        let w = |day: i64, who: &str, n: i64| (day, who.to_string(), n);
        let mentees = ["carla", "dev"].map(String::from);
        let per_day = [
            (w(1, "anna", 3), w(1, "carla", 1)),
            (w(2, "anna", 5), w(2, "anna", 1)),
            (w(3, "dev", 2), w(3, "anna", 1)),
            (w(4, "carla", 2), w(4, "dev", 1)),
            (w(5, "anna", 2), w(5, "dev", 0)),
            (w(6, "eve", 1), w(6, "anna", 1)),
        ]
        .into_iter()
        .flat_map(|(a, b)| [a, b])
        .collect::<Vec<_>>();
        assert_eq!(two_sided_days(&per_day, "anna", &mentees), 2, "days 1 and 3");
        assert_eq!(interactions(4, 2, 2), 8);
        assert_eq!(interactions(-1, 0, 3), 3);
    }

    #[test]
    fn reflections_are_bounded() {
        let r = |text: &str| parse_reflection(&ReflectionInput { text: text.into(), client_key: "r1".into() }).map_err(|e| e.code);
        assert_eq!(r("  What went well:\nlistening. "), Ok(("What went well:\nlistening.".into(), "r1".into())));
        assert_eq!(r(" "), Err("required"));
        assert_eq!(r(&"x".repeat(8001)), Err("text_too_long"));
    }
}
