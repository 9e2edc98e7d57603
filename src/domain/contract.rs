//! The project's mentoring contract: its versions as one pure state machine, its terms, and the canonical text that
//! is signed (by its SHA-256) and written into the project's folder once in force. Also the civil dates it uses.
//!
//! ```text
//!  start ──► draft ──propose──► awaiting signatures ──last signature──► in force ──a newer one in force──► superseded
//!              ▲  edit (stays)     │  edit: every signature cleared (stays)
//!              │                   └─decline (a signatory, with a reason)──► returned
//!              └───────────────────────────────edit──────────────────────────────┘
//!  draft / awaiting signatures / returned ──withdraw (the drafter or the coordinator)──► withdrawn
//! ```
//!
//! A project has at most one open version (draft, awaiting signatures or returned) and at most one in force. The
//! first version is started by the coordinator or the mentor (a community setting); once one is in force, any
//! signatory may start an amendment.

/// The name the contract in force is filed under, in the project folder's root.
pub const FILE: &str = "Contract.md";

use super::error::Invalid;
pub use super::lifecycle::Refusal;
use super::notifications::Kind;
use super::text::Text;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    Draft,
    AwaitingSignatures,
    InForce,
    Superseded,
    Returned,
    Withdrawn,
}

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            State::Draft => "draft",
            State::AwaitingSignatures => "awaiting_signatures",
            State::InForce => "in_force",
            State::Superseded => "superseded",
            State::Returned => "returned",
            State::Withdrawn => "withdrawn",
        }
    }
    pub fn parse(s: &str) -> Option<State> {
        State::ALL.into_iter().find(|st| st.as_str() == s)
    }
    pub const ALL: [State; 6] =
        [State::Draft, State::AwaitingSignatures, State::InForce, State::Superseded, State::Returned, State::Withdrawn];
    /// Still being worked on: only one such version at a time.
    pub fn is_open(self) -> bool {
        matches!(self, State::Draft | State::AwaitingSignatures | State::Returned)
    }
}

/// Who drafts a project's first contract (a community setting).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Drafter {
    Coordinator,
    Mentor,
}

impl Drafter {
    pub fn as_str(self) -> &'static str {
        match self {
            Drafter::Coordinator => "coordinator",
            Drafter::Mentor => "mentor",
        }
    }
    pub fn parse(s: &str) -> Option<Drafter> {
        Some(match s {
            "coordinator" => Drafter::Coordinator,
            "mentor" => Drafter::Mentor,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Edit,
    Propose,
    Sign,
    /// A signatory returns the version to its drafter, with a reason.
    Decline,
    Withdraw,
}

impl Action {
    pub const ALL: [Action; 5] = [Action::Edit, Action::Propose, Action::Sign, Action::Decline, Action::Withdraw];
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Edit => "edit",
            Action::Propose => "propose",
            Action::Sign => "sign",
            Action::Decline => "decline",
            Action::Withdraw => "withdraw",
        }
    }
    pub fn parse(s: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.as_str() == s)
    }
    pub fn needs_note(self) -> bool {
        self == Action::Decline
    }
}

/// Who is acting, in relation to the project: an active member (mentor or mentee) and/or its coordinator.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Roles<'a> {
    pub user_id: &'a str,
    pub member: bool,
    pub mentor: bool,
    pub coordinator: bool,
}

/// One version, as the rules read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    pub state: State,
    /// Whoever started this version.
    pub drafter: String,
    /// Every active member and the coordinator, now (the worker reads them afresh for every move).
    pub required: Vec<String>,
    /// Who has signed the current text.
    pub signed: Vec<String>,
    pub current_hash: String,
}

impl Facts {
    /// Has everyone required signed? (Also for the worker when a member leaves while signatures are awaited.)
    pub fn all_signed(&self) -> bool {
        self.required.iter().all(|r| self.signed.contains(r))
    }
    fn is_drafter(&self, who: Roles) -> bool {
        // A drafter who left the project can no longer act on the version; the coordinator can withdraw it.
        who.user_id == self.drafter && (who.member || who.coordinator)
    }
}

/// Whether a new version may be started, from what the project holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StartFacts {
    /// The highest version number so far (0: none).
    pub latest: u32,
    pub in_force: bool,
    /// A version is draft, awaiting signatures or returned.
    pub open: bool,
    pub drafter: Drafter,
}

/// The version a start creates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Start {
    pub version: u32,
    /// It amends the version in force (so it must say what changes).
    pub amendment: bool,
}

fn only(ok: bool, msg: &'static str) -> Result<(), Refusal> {
    if ok {
        Ok(())
    } else {
        Err(Refusal::NotYours(msg))
    }
}

/// May this person start a new version now, and which?
pub fn can_start(s: StartFacts, who: Roles) -> Result<Start, Refusal> {
    if s.in_force {
        only(who.member || who.coordinator, "Only the project's members and its coordinator can propose changes to its contract.")?;
    } else {
        match s.drafter {
            Drafter::Coordinator => only(who.coordinator, "In this community the coordinator drafts the first contract.")?,
            Drafter::Mentor => only(who.mentor, "In this community the mentor drafts the first contract.")?,
        }
    }
    if s.open {
        return Err(Refusal::Impossible(
            "A contract proposal is already open: sign it, return it or withdraw it before starting another.",
        ));
    }
    Ok(Start { version: s.latest + 1, amendment: s.in_force })
}

/// The one rule book: where an action leads from here, or why not.
pub fn next(f: &Facts, action: Action, who: Roles) -> Result<State, Refusal> {
    use Action as A;
    use State as S;
    let drafter = f.is_drafter(who);
    let signatory = f.required.iter().any(|r| r == who.user_id);
    let target = match (action, f.state) {
        (A::Edit, S::Draft | S::Returned) => {
            only(drafter, "Only whoever started this version can change it.")?;
            S::Draft
        }
        (A::Edit, S::AwaitingSignatures) => {
            only(drafter, "Only whoever started this version can change it.")?;
            S::AwaitingSignatures
        }
        (A::Propose, S::Draft) => {
            only(drafter, "Only whoever started this version can propose it.")?;
            S::AwaitingSignatures
        }
        (A::Sign, S::AwaitingSignatures) => {
            only(signatory, "Only the project's members and its coordinator sign its contract.")?;
            if f.signed.iter().any(|s| s == who.user_id) {
                return Err(Refusal::Impossible("You have already signed this version."));
            }
            let rest_signed = f.required.iter().all(|r| r == who.user_id || f.signed.contains(r));
            if rest_signed { S::InForce } else { S::AwaitingSignatures }
        }
        (A::Decline, S::AwaitingSignatures) => {
            only(signatory, "Only the project's members and its coordinator can return its contract.")?;
            S::Returned
        }
        (A::Withdraw, S::Draft | S::AwaitingSignatures | S::Returned) => {
            only(drafter || who.coordinator, "Only whoever started this version or the coordinator can withdraw it.")?;
            S::Withdrawn
        }
        (_, state) => return Err(Refusal::Impossible(impossible(action, state))),
    };
    Ok(target)
}

fn impossible(action: Action, state: State) -> &'static str {
    use State as S;
    match state {
        S::InForce => "This version is in force: to change it, propose a new version.",
        S::Superseded => "A newer version of the contract is in force.",
        S::Withdrawn => "This version was withdrawn.",
        S::Returned => "This version was returned: change it, then propose it again.",
        S::Draft => "This version is still a draft: propose it first.",
        S::AwaitingSignatures if action == Action::Propose => "This version is already waiting for signatures.",
        S::AwaitingSignatures => "This version is waiting for signatures, so that is not possible now.",
    }
}

/// What this person could do next (for the interface's buttons).
pub fn available(f: &Facts, who: Roles) -> Vec<Action> {
    Action::ALL.into_iter().filter(|a| next(f, *a, who).is_ok()).collect()
}

/// Who is told of a move (resolved after the move is stored; the worker leaves out the actor).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recipient {
    /// Everyone required to sign.
    Signatories,
    /// Those required who have not signed (yet).
    Unsigned,
    Drafter,
    Coordinator,
}

/// Everything a move does; the worker stores it and tells who it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Effects {
    pub to: State,
    /// Signatures given before no longer count: a new proposal (after a return), or a change while awaiting them.
    pub clear_signatures: bool,
    /// The signing clock (and its reminders) starts again from now.
    pub clock_starts: bool,
    /// The worker supersedes the previous version in force and writes `document` into the project's folder.
    pub came_into_force: bool,
    pub tell: Vec<(Recipient, Kind)>,
}

/// A move and everything it does. A signature's hash is checked apart, by `check_hash` (it is a 422, not a refusal).
pub fn effects(f: &Facts, action: Action, who: Roles) -> Result<Effects, Refusal> {
    use Action as A;
    use Recipient as R;
    let to = next(f, action, who)?;
    let waiting = f.state == State::AwaitingSignatures;
    let came_into_force = to == State::InForce;
    let tell = match action {
        A::Propose => vec![(R::Unsigned, Kind::ContractProposed)],
        // Everyone must read and sign the new text.
        A::Edit if waiting => vec![(R::Unsigned, Kind::ContractProposed)],
        A::Sign if came_into_force => vec![(R::Signatories, Kind::ContractInForce)],
        A::Sign => vec![(R::Drafter, Kind::ContractSigned)],
        A::Decline => vec![(R::Drafter, Kind::ContractReturned), (R::Coordinator, Kind::ContractReturned)],
        _ => Vec::new(),
    };
    Ok(Effects {
        to,
        clear_signatures: action == A::Propose || (action == A::Edit && waiting),
        clock_starts: action == A::Propose || (action == A::Edit && waiting),
        came_into_force,
        tell,
    })
}

/// A signature is for the exact text its signer read: a hash that is not the current text's is refused.
pub fn check_hash(f: &Facts, given: &str) -> Result<(), Invalid> {
    let given = given.trim();
    if !given.is_empty() && given.eq_ignore_ascii_case(&f.current_hash) {
        Ok(())
    } else {
        Err(Invalid::new("hash", "contract_stale", "The contract changed since you read it: read it again, then sign the new text."))
    }
}

/// Why a signatory returns a version.
pub const REASON: Text = Text::lines(1, 500);

pub fn parse_reason(raw: &str) -> Result<String, Invalid> {
    REASON.parse("reason", raw)
}

const DAY_MS: i64 = 86_400_000;

/// Reminders to those who have not signed: one at 3 days, one at 7. Returns the new count of reminders sent when one
/// is due now (a missed first reminder is not sent late after the second is due).
pub fn reminders_due(awaiting_since_ms: i64, now_ms: i64, already_sent: u8) -> Option<u8> {
    let days = (now_ms - awaiting_since_ms) / DAY_MS;
    match already_sent {
        0 | 1 if days >= 7 => Some(2),
        0 if days >= 3 => Some(1),
        _ => None,
    }
}

// --- Terms ---

super::input::input! {
    #[derive(Debug, Clone, Default, Serialize)]
    pub struct ClauseInput {
        pub title: String,
        pub text: String,
    }
}

super::input::input! {
    #[derive(Debug, Clone, Default, Serialize)]
    pub struct ContractInput {
        pub clauses: Vec<ClauseInput>,
        pub starts_on: String,
        pub ends_on: String,
        pub frequency: String,
        pub channels: Vec<String>,
        pub confidentiality: String,
        pub ethics: String,
        pub free_text: String,
        pub change_note: String,
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Clause {
    pub title: String,
    pub text: String,
}

/// A version's content, checked; stored as JSON (`serde_json::to_string` / `from_str`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Terms {
    pub clauses: Vec<Clause>,
    pub starts_on: String,
    pub ends_on: String,
    pub frequency: String,
    /// In the order of `CHANNELS`.
    pub channels: Vec<String>,
    pub confidentiality: String,
    pub ethics: String,
    pub free_text: String,
    pub change_note: String,
}

pub const MAX_CLAUSES: usize = 30;
pub const CLAUSE_TITLE: Text = Text::line(1, 120);
pub const CLAUSE_TEXT: Text = Text::lines(1, 2000);
pub const FREQUENCY: Text = Text::line(0, 120);
pub const LONG_TEXT: Text = Text::lines(0, 4000);
pub const CHANGE_NOTE: Text = Text::lines(0, 500);
pub const MAX_YEARS: i64 = 3;
/// How the pair or group meets, in the order the contract lists them.
pub const CHANNELS: &[&str] = &["chat", "video", "phone", "face_to_face", "email", "other"];

/// Multi-line text with one kind of line break, so that the same words always hash the same.
fn lines(rule: Text, field: &str, raw: &str) -> Result<String, Invalid> {
    rule.parse(field, &raw.replace("\r\n", "\n").replace('\r', "\n"))
}

impl Terms {
    /// `amendment`: a version is in force, so this one must say what it changes.
    pub fn parse(i: &ContractInput, amendment: bool) -> Result<Terms, Invalid> {
        if i.clauses.len() > MAX_CLAUSES {
            return Err(Invalid::new("clauses", "too_many", format!("A contract has at most {MAX_CLAUSES} clauses.")));
        }
        let clauses = i
            .clauses
            .iter()
            .enumerate()
            .map(|(n, c)| {
                Ok(Clause {
                    title: CLAUSE_TITLE.parse(&format!("clauses.{n}.title"), &c.title)?,
                    text: lines(CLAUSE_TEXT, &format!("clauses.{n}.text"), &c.text)?,
                })
            })
            .collect::<Result<Vec<_>, Invalid>>()?;
        let starts_on = parse_date("starts_on", &i.starts_on)?;
        let ends_on = parse_date("ends_on", &i.ends_on)?;
        if ends_on <= starts_on {
            return Err(Invalid::new("ends_on", "date_order", "The end date must be after the start date."));
        }
        // Same day and month, MAX_YEARS later (a 29 February compares correctly as text).
        let year: i64 = starts_on.get(..4).and_then(|y| y.parse().ok()).unwrap_or(0);
        let limit = format!("{:04}{}", year + MAX_YEARS, starts_on.get(4..).unwrap_or(""));
        if ends_on > limit {
            return Err(Invalid::new("ends_on", "contract_too_long", format!("A contract runs for at most {MAX_YEARS} years: choose an earlier end date.")));
        }
        let mut channels = Vec::new();
        for (n, c) in i.channels.iter().enumerate() {
            let c = c.trim();
            if !CHANNELS.contains(&c) {
                return Err(Invalid::new(format!("channels.{n}"), "not_in_list", "Choose one of the values offered."));
            }
            if channels.contains(&c) {
                return Err(Invalid::new(format!("channels.{n}"), "duplicate", "This channel is listed twice."));
            }
            channels.push(c);
        }
        let change_note = lines(Text { min: usize::from(amendment), ..CHANGE_NOTE }, "change_note", &i.change_note)?;
        Ok(Terms {
            clauses,
            starts_on,
            ends_on,
            frequency: FREQUENCY.parse("frequency", &i.frequency)?,
            channels: CHANNELS.iter().filter(|c| channels.contains(c)).map(|c| c.to_string()).collect(),
            confidentiality: lines(LONG_TEXT, "confidentiality", &i.confidentiality)?,
            ethics: lines(LONG_TEXT, "ethics", &i.ethics)?,
            free_text: lines(LONG_TEXT, "free_text", &i.free_text)?,
            change_note,
        })
    }
}

fn channel_name(code: &str) -> &str {
    match code {
        "chat" => "Chat",
        "video" => "Video call",
        "phone" => "Phone",
        "face_to_face" => "Face to face",
        "email" => "E-mail",
        "other" => "Other",
        other => other,
    }
}

/// The text of a version, in Markdown: what is hashed, signed, shown and filed. Deterministic: the same terms always
/// give the same bytes (empty optional parts are left out).
pub fn canonical(project_title: &str, version: u32, t: &Terms) -> String {
    let mut out = format!("# Mentoring contract: {project_title}\n\nVersion {version}\n\n## Period\n\nFrom {} to {}.\n", t.starts_on, t.ends_on);
    if !t.frequency.is_empty() || !t.channels.is_empty() {
        out.push_str("\n## Meetings\n\n");
        if !t.frequency.is_empty() {
            out.push_str(&format!("Frequency: {}\n", t.frequency));
        }
        if !t.channels.is_empty() {
            let names: Vec<&str> = t.channels.iter().map(|c| channel_name(c)).collect();
            out.push_str(&format!("Channels: {}\n", names.join(", ")));
        }
    }
    if !t.clauses.is_empty() {
        out.push_str("\n## Clauses\n");
        for (n, c) in t.clauses.iter().enumerate() {
            out.push_str(&format!("\n### {}. {}\n\n{}\n", n + 1, c.title, c.text));
        }
    }
    for (heading, text) in [
        ("Confidentiality and boundaries", &t.confidentiality),
        ("Code of ethics", &t.ethics),
        ("Other agreements", &t.free_text),
        ("Changes in this version", &t.change_note),
    ] {
        if !text.is_empty() {
            out.push_str(&format!("\n## {heading}\n\n{text}\n"));
        }
    }
    out
}

/// The SHA-256 of the canonical text, lowercase hex.
pub fn hash(canonical: &str) -> String {
    super::token::sha256_hex(canonical)
}

/// A signature, as the filed document shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Signed {
    pub name: String,
    pub at_ms: i64,
    pub hash: String,
}

/// The Markdown file written into the project's folder when a version comes into force.
pub fn document(canonical: &str, signatures: &[Signed]) -> String {
    let mut out = format!("{canonical}\n## Signatures\n\n");
    for s in signatures {
        out.push_str(&format!("- {}, signed {} (SHA-256 of this text: {})\n", s.name, iso_utc(s.at_ms), s.hash));
    }
    out
}

// --- Civil dates ---

pub use super::calendar::{day_number, iso_utc};


/// A required date field.
pub fn parse_date(field: &str, raw: &str) -> Result<String, Invalid> {
    let v = raw.trim();
    if v.is_empty() {
        return Err(Invalid::new(field, "required", "This field is required."));
    }
    day_number(v).map(|_| v.to_string()).ok_or_else(|| Invalid::new(field, "date_invalid", "Enter a date as YYYY-MM-DD, such as 2025-03-31."))
}

#[cfg(test)]
mod tests {
    use super::*;
    use Action as A;
    use Recipient as R;
    use State as S;

    const COORD: Roles = Roles { user_id: "c", member: false, mentor: false, coordinator: true };
    const MENTOR: Roles = Roles { user_id: "m", member: true, mentor: true, coordinator: false };
    const MENTEE: Roles = Roles { user_id: "e", member: true, mentor: false, coordinator: false };
    const STRANGER: Roles = Roles { user_id: "x", member: false, mentor: false, coordinator: false };

    fn facts(state: State, signed: &[&str]) -> Facts {
        Facts {
            state,
            drafter: "m".into(),
            required: vec!["m".into(), "e".into(), "c".into()],
            signed: signed.iter().map(|s| s.to_string()).collect(),
            current_hash: hash("text"),
        }
    }

    #[test]
    fn every_valid_move() {
        let valid = [
            (S::Draft, &[][..], A::Edit, MENTOR, S::Draft),
            (S::Returned, &[], A::Edit, MENTOR, S::Draft),
            (S::AwaitingSignatures, &["e"], A::Edit, MENTOR, S::AwaitingSignatures),
            (S::Draft, &[], A::Propose, MENTOR, S::AwaitingSignatures),
            (S::AwaitingSignatures, &[], A::Sign, MENTEE, S::AwaitingSignatures),
            (S::AwaitingSignatures, &["m", "e"], A::Sign, COORD, S::InForce),
            (S::AwaitingSignatures, &["m"], A::Decline, MENTEE, S::Returned),
            (S::Draft, &[], A::Withdraw, MENTOR, S::Withdrawn),
            (S::AwaitingSignatures, &[], A::Withdraw, COORD, S::Withdrawn),
            (S::Returned, &[], A::Withdraw, MENTOR, S::Withdrawn),
        ];
        for (state, signed, action, who, to) in valid {
            assert_eq!(next(&facts(state, signed), action, who), Ok(to), "{action:?} from {state:?} by {}", who.user_id);
        }
    }

    #[test]
    fn invalid_moves_are_refused_with_the_right_kind() {
        let impossible = [
            (S::InForce, A::Edit, MENTOR),
            (S::Superseded, A::Edit, MENTOR),
            (S::Withdrawn, A::Edit, MENTOR),
            (S::InForce, A::Sign, MENTEE),
            (S::Draft, A::Sign, MENTEE),
            (S::Returned, A::Propose, MENTOR),
            (S::AwaitingSignatures, A::Propose, MENTOR),
            (S::Draft, A::Decline, MENTEE),
            (S::InForce, A::Withdraw, COORD),
            (S::Superseded, A::Withdraw, MENTOR),
        ];
        for (state, action, who) in impossible {
            assert!(matches!(next(&facts(state, &[]), action, who), Err(Refusal::Impossible(_))), "{action:?} from {state:?}");
        }
        let not_yours = [
            (S::Draft, A::Edit, MENTEE),
            (S::Draft, A::Edit, COORD),
            (S::AwaitingSignatures, A::Edit, MENTEE),
            (S::Draft, A::Propose, COORD),
            (S::AwaitingSignatures, A::Sign, STRANGER),
            (S::AwaitingSignatures, A::Decline, STRANGER),
            (S::Draft, A::Withdraw, MENTEE),
            (S::Returned, A::Withdraw, STRANGER),
        ];
        for (state, action, who) in not_yours {
            assert!(matches!(next(&facts(state, &[]), action, who), Err(Refusal::NotYours(_))), "{action:?} from {state:?} by {}", who.user_id);
        }
        let gone = Roles { member: false, ..MENTOR };
        assert!(matches!(next(&facts(S::Draft, &[]), A::Edit, gone), Err(Refusal::NotYours(_))), "a drafter who left");
        assert!(matches!(next(&facts(S::AwaitingSignatures, &["e"]), A::Sign, MENTEE), Err(Refusal::Impossible(_))), "twice");
    }

    #[test]
    fn what_moves_do() {
        let p = effects(&facts(S::Draft, &[]), A::Propose, MENTOR).unwrap();
        assert_eq!((p.to, p.clock_starts, p.tell), (S::AwaitingSignatures, true, vec![(R::Unsigned, Kind::ContractProposed)]));
        assert!(p.clear_signatures, "signatures from before a return do not count");
        let s = effects(&facts(S::AwaitingSignatures, &[]), A::Sign, MENTEE).unwrap();
        assert_eq!((s.came_into_force, s.tell), (false, vec![(R::Drafter, Kind::ContractSigned)]));
        let last = effects(&facts(S::AwaitingSignatures, &["e", "c"]), A::Sign, MENTOR).unwrap();
        assert_eq!((last.to, last.came_into_force), (S::InForce, true));
        assert_eq!(last.tell, vec![(R::Signatories, Kind::ContractInForce)]);
        let d = effects(&facts(S::AwaitingSignatures, &[]), A::Decline, MENTEE).unwrap();
        assert_eq!(d.tell, vec![(R::Drafter, Kind::ContractReturned), (R::Coordinator, Kind::ContractReturned)]);
        let w = effects(&facts(S::Draft, &[]), A::Withdraw, COORD).unwrap();
        assert_eq!((w.to, w.tell.len(), w.clear_signatures), (S::Withdrawn, 0, false));
    }

    #[test]
    fn an_edit_after_the_first_signature_restarts_signing() {
        let e = effects(&facts(S::AwaitingSignatures, &["e"]), A::Edit, MENTOR).unwrap();
        assert_eq!((e.to, e.clear_signatures, e.clock_starts), (S::AwaitingSignatures, true, true));
        assert_eq!(e.tell, vec![(R::Unsigned, Kind::ContractProposed)]);
        let draft = effects(&facts(S::Draft, &[]), A::Edit, MENTOR).unwrap();
        assert!(!draft.clear_signatures && draft.tell.is_empty());
        let back = effects(&facts(S::Returned, &["e"]), A::Edit, MENTOR).unwrap();
        assert_eq!((back.to, back.clear_signatures), (S::Draft, false), "kept to show who had signed, cleared on proposing");
    }

    #[test]
    fn a_stale_signature_is_refused() {
        let f = facts(S::AwaitingSignatures, &[]);
        assert_eq!(check_hash(&f, &hash("text").to_uppercase()), Ok(()));
        let e = check_hash(&f, &hash("text, changed")).unwrap_err();
        assert_eq!((e.field.as_str(), e.code), ("hash", "contract_stale"));
        assert!(check_hash(&Facts { current_hash: String::new(), ..f }, " ").is_err(), "no text, no signature");
    }

    #[test]
    fn starting_versions() {
        let none = StartFacts { latest: 0, in_force: false, open: false, drafter: Drafter::Mentor };
        assert_eq!(can_start(none, MENTOR), Ok(Start { version: 1, amendment: false }));
        assert!(matches!(can_start(none, COORD), Err(Refusal::NotYours(_))));
        let by_coord = StartFacts { drafter: Drafter::Coordinator, ..none };
        assert!(can_start(by_coord, COORD).is_ok() && can_start(by_coord, MENTOR).is_err());
        let in_force = StartFacts { latest: 2, in_force: true, ..none };
        assert_eq!(can_start(in_force, MENTEE), Ok(Start { version: 3, amendment: true }));
        assert!(matches!(can_start(in_force, STRANGER), Err(Refusal::NotYours(_))));
        let open = StartFacts { open: true, ..in_force };
        assert!(matches!(can_start(open, MENTEE), Err(Refusal::Impossible(m)) if m.contains("already open")));
        assert!(matches!(can_start(StartFacts { open: true, ..none }, MENTOR), Err(Refusal::Impossible(_))));
    }

    #[test]
    fn buttons_follow_the_rules() {
        assert_eq!(available(&facts(S::Draft, &[]), MENTOR), vec![A::Edit, A::Propose, A::Withdraw]);
        assert_eq!(available(&facts(S::AwaitingSignatures, &[]), MENTEE), vec![A::Sign, A::Decline]);
        assert_eq!(available(&facts(S::AwaitingSignatures, &["e"]), MENTEE), vec![A::Decline]);
        assert!(available(&facts(S::InForce, &[]), COORD).is_empty());
        for s in State::ALL {
            assert_eq!(State::parse(s.as_str()), Some(s));
        }
        for a in Action::ALL {
            assert_eq!(Action::parse(a.as_str()), Some(a));
        }
    }

    #[test]
    fn reminders_at_three_and_seven_days() {
        let day = DAY_MS;
        assert_eq!(reminders_due(0, 2 * day, 0), None);
        assert_eq!(reminders_due(0, 3 * day, 0), Some(1));
        assert_eq!(reminders_due(0, 5 * day, 1), None);
        assert_eq!(reminders_due(0, 7 * day, 1), Some(2));
        assert_eq!(reminders_due(0, 8 * day, 0), Some(2));
        assert_eq!(reminders_due(0, 30 * day, 2), None);
    }

    fn input() -> ContractInput {
        ContractInput {
            clauses: vec![ClauseInput { title: "Meetings".into(), text: "We meet online.\r\nWe tell each other in time.".into() }],
            starts_on: "2025-01-15".into(),
            ends_on: "2025-12-15".into(),
            frequency: "every two weeks".into(),
            channels: vec!["video".into(), "chat".into()],
            ..ContractInput::default()
        }
    }

    #[test]
    fn terms_parse_and_store() {
        let t = Terms::parse(&input(), false).unwrap();
        assert_eq!(t.channels, vec!["chat", "video"], "in the fixed order");
        assert_eq!(t.clauses.first().map(|c| c.text.as_str()), Some("We meet online.\nWe tell each other in time."));
        let stored = serde_json::to_string(&t).unwrap();
        assert_eq!(serde_json::from_str::<Terms>(&stored).unwrap(), t);
        let body: ContractInput = super::super::input::parse(br#"{"starts_on":"2025-01-01","ends_on":"2025-06-01","clauses":[{"title":"A","text":"B"}]}"#).unwrap();
        assert!(Terms::parse(&body, false).is_ok());
    }

    #[test]
    fn terms_limits() {
        let code = |i: &ContractInput, amend: bool| Terms::parse(i, amend).err().map(|e| (e.field, e.code));
        let many = ContractInput { clauses: vec![ClauseInput { title: "t".into(), text: "x".into() }; 31], ..input() };
        assert_eq!(code(&many, false), Some(("clauses".into(), "too_many")));
        let untitled = ContractInput { clauses: vec![ClauseInput { title: " ".into(), text: "x".into() }], ..input() };
        assert_eq!(code(&untitled, false), Some(("clauses.0.title".into(), "required")));
        assert_eq!(code(&ContractInput { ends_on: "2025-01-15".into(), ..input() }, false), Some(("ends_on".into(), "date_order")));
        assert_eq!(code(&ContractInput { starts_on: "2025-02-30".into(), ..input() }, false), Some(("starts_on".into(), "date_invalid")));
        assert_eq!(code(&ContractInput { ends_on: "2028-01-16".into(), ..input() }, false), Some(("ends_on".into(), "contract_too_long")));
        assert!(Terms::parse(&ContractInput { ends_on: "2028-01-15".into(), ..input() }, false).is_ok());
        assert_eq!(code(&ContractInput { channels: vec!["fax".into()], ..input() }, false), Some(("channels.0".into(), "not_in_list")));
        assert_eq!(code(&ContractInput { channels: vec!["chat".into(), "chat".into()], ..input() }, false), Some(("channels.1".into(), "duplicate")));
        assert_eq!(code(&input(), true), Some(("change_note".into(), "required")), "an amendment says what changes");
        assert!(Terms::parse(&ContractInput { change_note: "Monthly now.".into(), ..input() }, true).is_ok());
        assert_eq!(code(&ContractInput { frequency: "a\nb".into(), ..input() }, false), Some(("frequency".into(), "text_control_chars")));
    }

    #[test]
    fn the_canonical_text_and_the_filed_document() {
        let t = Terms { change_note: "Monthly now.".into(), ..Terms::parse(&input(), false).unwrap() };
        let c = canonical("Mentoring for Dev", 2, &t);
        assert!(c.starts_with("# Mentoring contract: Mentoring for Dev\n\nVersion 2\n\n## Period\n\nFrom 2025-01-15 to 2025-12-15.\n"));
        assert!(c.contains("Channels: Chat, Video call\n") && c.contains("### 1. Meetings\n\nWe meet online.\n"));
        assert!(c.contains("## Changes in this version\n\nMonthly now.\n") && !c.contains("Code of ethics"));
        assert_eq!(c, canonical("Mentoring for Dev", 2, &t.clone()), "deterministic");
        assert_ne!(hash(&c), hash(&canonical("Mentoring for Dev", 3, &t)));
        assert_eq!(hash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        let doc = document(&c, &[Signed { name: "Anna".into(), at_ms: 1_743_429_900_000, hash: hash(&c) }]);
        assert!(doc.starts_with(&c) && doc.contains(&format!("- Anna, signed 2025-03-31T14:05:00Z (SHA-256 of this text: {})", hash(&c))));
    }

    #[test]
    fn civil_dates() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(day_number("2000-03-01"), Some(11_017));
        assert!(day_number("2024-02-29").is_some() && day_number("2023-02-29").is_none() && day_number("1900-02-29").is_none());
        for bad in ["2025-13-01", "2025-00-10", "2025-1-01", "25-01-01", "2025/01/01", "2025-01-32", "+025-01-01"] {
            assert_eq!(day_number(bad), None, "{bad}");
        }
        assert_eq!(parse_date("d", " ").map_err(|e| e.code), Err("required"));
        assert_eq!(iso_utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso_utc(951_782_400_000), "2000-02-29T00:00:00Z");
    }
}
