//! The session plan: sessions in every member's time zone, who moves them, repeat rules, and calendar files.
//!
//! ```text
//!  plan ──► planned ──hold (once it has started)──► held ◄──┐
//!            │  │  ╲                                        │ the mentor corrects one into the other
//!            │  │   ╲──miss (once it has started)──► missed ◄┘
//!            │  └── reschedule / edit (stays planned; the worker logs old start -> new start)
//!            └──── cancel (with a reason) ──► cancelled
//!
//!  a mentee's proposal (a new start and/or topic): pending ──accept (mentor)──► accepted
//!                                                        └──reject (mentor)──► rejected
//! ```
//!
//! Every instant is i64 UTC milliseconds with the IANA zone it was chosen in beside it. The zone rules come from
//! the runtime (`Zones`); the calendar arithmetic is here, so repeat rules keep their wall-clock time across
//! daylight-saving changes.

use super::error::Invalid;
use super::lifecycle::Refusal;
use super::notifications::Kind;
use super::text::Text;
use serde::Serialize;

pub const MINUTE_MS: i64 = 60_000;
pub const DAY_MS: i64 = 86_400_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode { Chat, Video, Phone, FaceToFace, Email, Other }

impl Mode {
    pub const ALL: [Mode; 6] = [Mode::Chat, Mode::Video, Mode::Phone, Mode::FaceToFace, Mode::Email, Mode::Other];
    /// The codes, as the API takes them (`ALL`, spelled out; a test keeps them equal).
    pub const NAMES: &'static [&'static str] = &["chat", "video", "phone", "face_to_face", "email", "other"];
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Chat => "chat",
            Mode::Video => "video",
            Mode::Phone => "phone",
            Mode::FaceToFace => "face_to_face",
            Mode::Email => "email",
            Mode::Other => "other",
        }
    }
    pub fn parse(s: &str) -> Option<Mode> {
        Mode::ALL.into_iter().find(|m| m.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State { Planned, Held, Missed, Cancelled }

impl State {
    pub const ALL: [State; 4] = [State::Planned, State::Held, State::Missed, State::Cancelled];
    pub fn as_str(self) -> &'static str {
        match self {
            State::Planned => "planned",
            State::Held => "held",
            State::Missed => "missed",
            State::Cancelled => "cancelled",
        }
    }
    pub fn parse(s: &str) -> Option<State> {
        State::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action { Plan, Hold, Miss, Cancel, Reschedule, Edit }

impl Action {
    /// The moves of a session that exists (planning makes one).
    pub const MOVES: [Action; 5] = [Action::Hold, Action::Miss, Action::Cancel, Action::Reschedule, Action::Edit];
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Plan => "plan",
            Action::Hold => "hold",
            Action::Miss => "miss",
            Action::Cancel => "cancel",
            Action::Reschedule => "reschedule",
            Action::Edit => "edit",
        }
    }
    pub fn parse(s: &str) -> Option<Action> {
        [Action::Plan].into_iter().chain(Action::MOVES).find(|a| a.as_str() == s)
    }
    pub fn needs_note(self) -> bool {
        self == Action::Cancel
    }
}

/// Who is acting, in relation to this project.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Roles {
    pub mentor: bool,
    pub mentee: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Facts {
    /// None: the session is being planned.
    pub state: Option<State>,
    /// When the session starts (ignored when planning: the input's parser checks it is in the future).
    pub start: i64,
    pub now: i64,
    /// The community lets mentees plan and change sessions themselves (otherwise they propose changes).
    pub mentees_edit: bool,
}

/// The one rule book of a session: where a move leads from here, or why not.
pub fn next(f: Facts, action: Action, who: Roles) -> Result<State, Refusal> {
    use Action as A;
    use State as S;
    let planner = who.mentor || (who.mentee && f.mentees_edit);
    const PLANS: &str = "Only the mentor plans and changes sessions; a mentee can propose a change.";
    const CORRECTS: &str = "Only the mentor corrects whether a session was held or missed.";
    // Either side may say what happened (the diarist should not wait for it); the mentor can correct it.
    const MEMBERS: &str = "Only the project's members say whether a session took place.";
    let (allowed, not_yours, to) = match (action, f.state) {
        (A::Plan, None) => (planner, PLANS, S::Planned),
        (A::Hold, Some(S::Planned)) => (who.mentor || who.mentee, MEMBERS, S::Held),
        (A::Miss, Some(S::Planned)) => (who.mentor || who.mentee, MEMBERS, S::Missed),
        (A::Hold, Some(S::Missed)) => (who.mentor, CORRECTS, S::Held),
        (A::Miss, Some(S::Held)) => (who.mentor, CORRECTS, S::Missed),
        (A::Cancel, Some(S::Planned)) => (planner, PLANS, S::Cancelled),
        (A::Reschedule | A::Edit, Some(S::Planned)) => (planner, PLANS, S::Planned),
        (_, state) => return Err(Refusal::Impossible(impossible(action, state))),
    };
    if !allowed {
        return Err(Refusal::NotYours(not_yours));
    }
    if f.state == Some(S::Planned) && matches!(to, S::Held | S::Missed) && f.now < f.start {
        return Err(Refusal::Impossible("This session has not started yet: say whether it was held once it has begun."));
    }
    Ok(to)
}

fn impossible(action: Action, state: Option<State>) -> &'static str {
    use State as S;
    match (action, state) {
        (_, None) => "This session has not been planned.",
        (Action::Plan, Some(_)) => "This session is already planned.",
        (_, Some(S::Cancelled)) => "This session was cancelled: plan a new one.",
        (Action::Hold, Some(S::Held)) => "This session is already marked held.",
        (Action::Miss, Some(S::Missed)) => "This session is already marked missed.",
        (_, Some(S::Held | S::Missed)) => "This session is over: only whether it was held or missed can still be corrected.",
        (_, Some(S::Planned)) => "This session is planned, so that is not possible.",
    }
}

/// What this person could do with a session (for the interface's buttons).
pub fn available(f: Facts, who: Roles) -> Vec<Action> {
    Action::MOVES.into_iter().filter(|a| next(f, *a, who).is_ok()).collect()
}

/// Who is told of a move.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recipient {
    /// Every active member of the project.
    Members,
    /// The session's diarist.
    Diarist,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Effects {
    pub to: State,
    /// A reschedule: the worker writes "old start -> new start" to the session's history (the row stays).
    pub log_move: bool,
    pub tell: Vec<(Recipient, Kind)>,
}

/// A move and everything it does. `new_diarist`: the move gives the session a diarist (planning with one, or an
/// edit that changes who it is), who is told it is theirs.
pub fn effects(f: Facts, action: Action, who: Roles, new_diarist: bool) -> Result<Effects, Refusal> {
    use Recipient as R;
    let to = next(f, action, who)?;
    let mut tell = match action {
        Action::Plan => vec![(R::Members, Kind::SessionPlanned)],
        Action::Reschedule => vec![(R::Members, Kind::SessionChanged)],
        Action::Cancel => vec![(R::Members, Kind::SessionCancelled)],
        Action::Hold | Action::Miss | Action::Edit => Vec::new(),
    };
    if new_diarist && matches!(action, Action::Plan | Action::Edit) {
        tell.push((R::Diarist, Kind::DiaryYours));
    }
    Ok(Effects { to, log_move: action == Action::Reschedule, tell })
}

/// The reminder (`SessionSoon`) is due: a planned session starting within a day, not yet reminded of.
pub fn reminder_due(state: State, start: i64, now: i64, reminded: bool) -> bool {
    state == State::Planned && !reminded && start > now && start - now <= DAY_MS
}

// A mentee's proposed change.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProposalState { Pending, Accepted, Rejected }

impl ProposalState {
    pub const ALL: [ProposalState; 3] = [ProposalState::Pending, ProposalState::Accepted, ProposalState::Rejected];
    pub fn as_str(self) -> &'static str {
        match self {
            ProposalState::Pending => "pending",
            ProposalState::Accepted => "accepted",
            ProposalState::Rejected => "rejected",
        }
    }
    pub fn parse(s: &str) -> Option<ProposalState> {
        ProposalState::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProposalAction { Propose, Accept, Reject }

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProposalFacts {
    pub session: State,
    /// The session's latest proposal, if any.
    pub current: Option<ProposalState>,
    /// The start it proposes (None: only the topic).
    pub proposed_start: Option<i64>,
    pub now: i64,
}

/// A mentee proposes (one proposal waits at a time); the mentor accepts or rejects. Accepting applies the change
/// as the mentor's own reschedule and/or edit (`effects` with `Action::Reschedule` / `Action::Edit`), which tells
/// the members.
pub fn proposal_next(f: ProposalFacts, action: ProposalAction, who: Roles) -> Result<ProposalState, Refusal> {
    use ProposalAction as P;
    let pending = f.current == Some(ProposalState::Pending);
    let planned = || {
        if f.session == State::Planned { Ok(()) } else { Err(Refusal::Impossible("Only a planned session can be changed.")) }
    };
    match action {
        P::Propose => {
            if !who.mentee {
                return Err(Refusal::NotYours("Only a mentee proposes a change; the mentor changes the session directly."));
            }
            planned()?;
            if pending {
                return Err(Refusal::Impossible("A proposed change is already waiting for the mentor's answer."));
            }
            Ok(ProposalState::Pending)
        }
        P::Accept | P::Reject => {
            if !who.mentor {
                return Err(Refusal::NotYours("Only the mentor accepts or rejects a proposed change."));
            }
            if !pending {
                return Err(Refusal::Impossible("There is no proposed change waiting for an answer."));
            }
            if action == P::Reject {
                // Always possible, so a proposal never outlives its session.
                return Ok(ProposalState::Rejected);
            }
            planned()?;
            if f.proposed_start.is_some_and(|s| s <= f.now) {
                return Err(Refusal::Impossible("The proposed time has passed: reject this proposal or choose a new time."));
            }
            Ok(ProposalState::Accepted)
        }
    }
}

// Input.

pub const TOPIC: Text = Text::line(0, 200);
/// A place or a link.
pub const PLACE: Text = Text::line(0, 300);
pub const HOMEWORK: Text = Text::lines(0, 2000);
/// Why a session is cancelled.
pub const REASON: Text = Text::lines(1, 500);
pub const MIN_DURATION: i64 = 5;
pub const MAX_DURATION: i64 = 480;
/// At most this many dates in a repeat rule's range.
pub const MAX_SERIES: i64 = 100;
pub const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

super::input::input! {
    #[derive(Debug, Clone, Default, Serialize)]
    pub struct SessionInput {
        pub topic: String,
        /// UTC milliseconds.
        pub start: i64,
        /// The IANA zone the start was chosen in.
        pub zone: String,
        /// Minutes.
        pub duration: i64,
        pub mode: String,
        pub place: String,
        pub homework: String,
        /// The mentor's choice; absent: the mentee (one to one) or the group's next in turn (`next_diarist`).
        pub diarist: Option<String>,
    }
}

super::input::input! {
    #[derive(Debug, Clone, Default, Serialize)]
    pub struct EditInput {
        pub topic: String,
        pub duration: i64,
        pub mode: String,
        pub place: String,
        pub homework: String,
        pub diarist: Option<String>,
    }
}

super::input::input! {
    #[derive(Debug, Clone, Default, Serialize)]
    pub struct RescheduleInput {
        pub start: i64,
        pub zone: String,
    }
}

super::input::input! {
    #[derive(Debug, Clone, Default, Serialize)]
    pub struct ProposalInput {
        pub start: Option<i64>,
        pub topic: Option<String>,
    }
}

/// What a session is about, apart from when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Details {
    pub topic: String,
    pub duration_min: i64,
    pub mode: Mode,
    pub place: String,
    pub homework: String,
    pub diarist: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub start: i64,
    pub zone: String,
    pub details: Details,
}

/// An IANA zone from the list (`profile::parse_timezone`), required.
pub fn parse_zone(raw: &str) -> Result<String, Invalid> {
    match super::profile::parse_timezone(raw) {
        Ok(z) if !z.is_empty() => Ok(z),
        _ => Err(bad_zone()),
    }
}

fn bad_zone() -> Invalid {
    Invalid::new("zone", "timezone_invalid", "Choose a time zone from the list, such as Europe/Rome.")
}

/// How far ahead a session may be planned.
pub const MAX_AHEAD_MS: i64 = 3 * 366 * DAY_MS;

fn future(start: i64, now: i64) -> Result<i64, Invalid> {
    if start <= now {
        Err(Invalid::new("start", "session_in_past", "Choose a start time in the future."))
    } else if start > now + MAX_AHEAD_MS {
        Err(Invalid::new("start", "session_too_far", "Plan sessions at most three years ahead."))
    } else {
        Ok(start)
    }
}

impl Details {
    /// `mentees`: the project's mentees, one of whom may be named the diarist.
    pub fn parse(i: &EditInput, mentees: &[String]) -> Result<Details, Invalid> {
        if !(MIN_DURATION..=MAX_DURATION).contains(&i.duration) {
            let msg = format!("A session lasts between {MIN_DURATION} and {MAX_DURATION} minutes.");
            return Err(Invalid::new("duration", "out_of_range", msg));
        }
        let mode = Mode::parse(i.mode.trim()).ok_or_else(|| Invalid::new("mode", "not_in_list", "Choose one of the values offered."))?;
        let diarist = match i.diarist.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(d) if mentees.iter().any(|m| m == d) => Some(d.to_string()),
            Some(_) => return Err(Invalid::new("diarist", "diarist_not_mentee", "The diarist must be one of the project's mentees.")),
        };
        Ok(Details {
            topic: TOPIC.parse("topic", &i.topic)?,
            duration_min: i.duration,
            mode,
            place: PLACE.parse("place", &i.place)?,
            homework: HOMEWORK.parse("homework", &i.homework)?,
            diarist,
        })
    }
}

impl Session {
    pub fn parse(i: &SessionInput, now: i64, mentees: &[String]) -> Result<Session, Invalid> {
        let (start, zone) = parse_reschedule(&RescheduleInput { start: i.start, zone: i.zone.clone() }, now)?;
        let edit = EditInput {
            topic: i.topic.clone(),
            duration: i.duration,
            mode: i.mode.clone(),
            place: i.place.clone(),
            homework: i.homework.clone(),
            diarist: i.diarist.clone(),
        };
        Ok(Session { start, zone, details: Details::parse(&edit, mentees)? })
    }
}

/// A new start (in the future) and its zone.
pub fn parse_reschedule(i: &RescheduleInput, now: i64) -> Result<(i64, String), Invalid> {
    Ok((future(i.start, now)?, parse_zone(&i.zone)?))
}

pub fn parse_reason(raw: &str) -> Result<String, Invalid> {
    REASON.parse("reason", raw)
}

/// A proposed change: a new start (in the future), a new topic, or both.
pub fn parse_proposal(i: &ProposalInput, now: i64) -> Result<(Option<i64>, Option<String>), Invalid> {
    if i.start.is_none() && i.topic.is_none() {
        return Err(Invalid::new("start", "proposal_empty", "Propose a new time, a new topic, or both."));
    }
    let start = i.start.map(|s| future(s, now)).transpose()?;
    let topic = i.topic.as_deref().map(|t| TOPIC.parse("topic", t)).transpose()?;
    Ok((start, topic))
}

// Time zones and the calendar.

pub use super::calendar::{civil_from_days, days_from_civil, days_in_month, weekday};

/// The runtime's time-zone rules: the offset (local = UTC + offset) of `zone` at an instant; None for an unknown zone.
pub trait Zones {
    fn offset_minutes(&self, zone: &str, utc_ms: i64) -> Option<i32>;
}

/// The instant a wall-clock time in `zone` names. A time the clock skips (spring forward) moves forward by the gap;
/// a time it shows twice (fall back) is the earlier instant. The offsets a day before and after are the only ones
/// the time can have, so each is tried.
pub fn local_to_utc(zones: &dyn Zones, zone: &str, y: i64, m: u32, d: u32, hh: u32, mm: u32) -> Option<i64> {
    if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) || hh > 23 || mm > 59 {
        return None;
    }
    let wall = days_from_civil(y, m, d) * DAY_MS + i64::from(hh * 60 + mm) * MINUTE_MS;
    let before = zones.offset_minutes(zone, wall - DAY_MS)?;
    let after = zones.offset_minutes(zone, wall + DAY_MS)?;
    let at = |offset: i32| wall - i64::from(offset) * MINUTE_MS;
    let fits = |t: &i64| zones.offset_minutes(zone, *t).is_some_and(|o| at(o) == *t);
    // No fit: a skipped time. Read with the offset from before the jump, it lands as far past the jump as it was.
    Some([before, after].into_iter().map(at).filter(fits).min().unwrap_or_else(|| at(before)))
}

fn hh_mm(ms: i64) -> String {
    let minutes = ms.rem_euclid(DAY_MS) / MINUTE_MS;
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// "YYYY-MM-DD HH:MM" in `zone`, or in UTC when the runtime does not know it (for e-mails; the browser formats
/// with Intl itself).
pub fn local_label(zones: &dyn Zones, zone: &str, utc_ms: i64) -> String {
    let local = utc_ms + i64::from(zones.offset_minutes(zone, utc_ms).unwrap_or(0)) * MINUTE_MS;
    let (y, m, d) = civil_from_days(local.div_euclid(DAY_MS));
    format!("{y:04}-{m:02}-{d:02} {}", hh_mm(local))
}

/// The part of a day a session may take without a warning: 08:00 to 21:00 local.
pub const DAY_STARTS_MIN: i64 = 8 * 60;
pub const DAY_ENDS_MIN: i64 = 21 * 60;

/// A participant for whom a session falls outside 08:00-21:00 local time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    pub user_id: String,
    pub local_start: String,
    pub local_end: String,
}

/// The participants (user id, zone) for whom the session is early, late or across midnight. A participant whose
/// zone is not set or not known says nothing.
pub fn outside_hours(start: i64, duration_min: i64, participants: &[(String, String)], zones: &dyn Zones) -> Vec<Warning> {
    let end = start.saturating_add(duration_min.saturating_mul(MINUTE_MS));
    let mut out = Vec::new();
    for (user_id, zone) in participants {
        let (Some(o_start), Some(o_end)) = (zones.offset_minutes(zone, start), zones.offset_minutes(zone, end)) else {
            continue;
        };
        let (s, e) = (start + i64::from(o_start) * MINUTE_MS, end + i64::from(o_end) * MINUTE_MS);
        let midnight = s.div_euclid(DAY_MS) * DAY_MS;
        if s < midnight + DAY_STARTS_MIN * MINUTE_MS || e > midnight + DAY_ENDS_MIN * MINUTE_MS {
            out.push(Warning { user_id: user_id.clone(), local_start: hh_mm(s), local_end: hh_mm(e) });
        }
    }
    out
}

// Repeat rules.

super::input::input! {
    #[derive(Debug, Clone, Default, Serialize)]
    pub struct RepeatInput {
        pub every_weeks: i64,
        /// mon … sun
        pub weekday: String,
        /// "HH:MM", local to `zone`.
        pub time: String,
        pub zone: String,
        /// "YYYY-MM-DD", the first and last dates of the range (both included).
        pub from: String,
        pub until: String,
        pub topic: String,
        pub duration: i64,
        pub mode: String,
        pub place: String,
    }
}

/// The sessions a repeat rule plans: each start (UTC, future ones only) and what they share.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Series {
    pub starts: Vec<i64>,
    pub zone: String,
    pub details: Details,
}

/// A date "YYYY-MM-DD", as days since 1970-01-01.
pub fn parse_date(field: &str, raw: &str) -> Result<i64, Invalid> {
    super::calendar::day_number(raw.trim()).ok_or_else(|| Invalid::new(field, "date_invalid", "Enter a date as YYYY-MM-DD."))
}

/// A wall-clock time "HH:MM".
pub fn parse_time(field: &str, raw: &str) -> Result<(u32, u32), Invalid> {
    let raw = raw.trim();
    let num = |from: usize, to: usize| raw.get(from..to).filter(|s| s.bytes().all(|b| b.is_ascii_digit())).and_then(|s| s.parse::<u32>().ok());
    match (raw.len() == 5 && raw.get(2..3) == Some(":"), num(0, 2), num(3, 5)) {
        (true, Some(h), Some(m)) if h < 24 && m < 60 => Ok((h, m)),
        _ => Err(Invalid::new(field, "time_invalid", "Enter a time as HH:MM, such as 18:00.")),
    }
}

impl Series {
    /// Every `every_weeks` weeks on `weekday`, from the first such day on or after `from` up to `until`, at `time`
    /// on the wall clock of `zone` (so the UTC instant moves with daylight saving). Dates already past are left
    /// out; the sessions have no homework and no diarist yet.
    pub fn parse(i: &RepeatInput, zones: &dyn Zones, now: i64) -> Result<Series, Invalid> {
        if !(1..=4).contains(&i.every_weeks) {
            return Err(Invalid::new("every_weeks", "out_of_range", "Repeat every 1 to 4 weeks."));
        }
        let day = WEEKDAYS.iter().position(|w| *w == i.weekday.trim());
        let day = day.and_then(|d| i64::try_from(d).ok()).ok_or_else(|| Invalid::new("weekday", "not_in_list", "Choose one of the values offered."))?;
        let (hh, mm) = parse_time("time", &i.time)?;
        let zone = parse_zone(&i.zone)?;
        let (from, until) = (parse_date("from", &i.from)?, parse_date("until", &i.until)?);
        if until < from {
            return Err(Invalid::new("until", "until_before_from", "The last date must be on or after the first."));
        }
        let first = from + (day - weekday(from)).rem_euclid(7);
        let step = 7 * i.every_weeks;
        // Counted before any is made, so a range of centuries costs nothing.
        let count = if first > until { 0 } else { (until - first) / step + 1 };
        if count > MAX_SERIES {
            let msg = format!("A repeat rule plans at most {MAX_SERIES} sessions (this one would plan {count}): choose an earlier last date.");
            return Err(Invalid::new("until", "too_many_sessions", msg));
        }
        let shared = EditInput { topic: i.topic.clone(), duration: i.duration, mode: i.mode.clone(), place: i.place.clone(), ..EditInput::default() };
        let details = Details::parse(&shared, &[])?;
        let mut starts = Vec::new();
        for k in 0..count {
            let (y, m, d) = civil_from_days(first + k * step);
            let at = local_to_utc(zones, &zone, y, m, d, hh, mm).ok_or_else(bad_zone)?;
            if at > now {
                starts.push(at);
            }
        }
        if starts.is_empty() {
            return Err(Invalid::new("from", "no_sessions", "No future date in this range falls on that weekday: check the weekday and the dates."));
        }
        Ok(Series { starts, zone, details })
    }
}

// The diarist.

/// The group's next diarist: the mentees take turns in order after the last diarist, skipping whoever was absent
/// at the last session (unless that skips everyone). `past`: the held sessions, oldest first, with their diarist and
/// who was absent. With one mentee (one-to-one mentoring) it is always that mentee.
pub fn next_diarist(mentees_in_order: &[String], past: &[(Option<String>, Vec<String>)]) -> Option<String> {
    let n = mentees_in_order.len();
    let last = past.iter().rev().filter_map(|(d, _)| d.as_ref()).find_map(|d| mentees_in_order.iter().position(|m| m == d));
    let after = last.map_or(0, |p| p + 1);
    let absent = past.last().map(|(_, a)| a.as_slice()).unwrap_or_default();
    let mut turn = (0..n).filter_map(|k| mentees_in_order.get((after + k) % n));
    let present = turn.clone().find(|m| !absent.contains(m));
    present.or_else(|| turn.next()).cloned()
}

// iCalendar (RFC 5545).

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IcsEvent {
    /// Stable across changes (the calendar updates the event it already has).
    pub uid: String,
    pub start_ms: i64,
    pub duration_min: i64,
    pub summary: String,
    pub description: String,
    pub location: String,
    pub url: String,
    /// When this version was made.
    pub stamp_ms: i64,
    /// Grows with every change, so calendars take the newest version.
    pub sequence: i64,
    pub cancelled: bool,
}

/// A UTC date-time, `YYYYMMDDTHHMMSSZ`.
fn ics_time(ms: i64) -> String {
    let (y, m, d) = civil_from_days(ms.div_euclid(DAY_MS));
    let s = ms.rem_euclid(DAY_MS) / 1000;
    format!("{y:04}{m:02}{d:02}T{:02}{:02}{:02}Z", s / 3600, s / 60 % 60, s % 60)
}

/// A TEXT value: backslash, semicolon, comma and line breaks escaped; other control characters dropped.
fn ics_text(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.replace("\r\n", "\n").chars() {
        match c {
            '\\' | ';' | ',' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push_str("\\n"),
            c if c.is_control() && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// One content line, folded: at most 75 octets a line, continuation lines start with a space, and a character is
/// never split.
fn push_line(out: &mut String, name: &str, value: &str) {
    let line = format!("{name}:{value}");
    let mut rest = line.as_str();
    let mut limit = 75;
    while rest.len() > limit {
        let cut = (0..=limit).rev().find(|i| rest.is_char_boundary(*i)).unwrap_or(0);
        let Some((head, tail)) = rest.split_at_checked(cut) else { break };
        out.push_str(head);
        out.push_str("\r\n ");
        rest = tail;
        limit = 74;
    }
    out.push_str(rest);
    out.push_str("\r\n");
}

/// One VEVENT.
pub fn ics_event(e: &IcsEvent) -> String {
    let mut out = String::new();
    let end = e.start_ms.saturating_add(e.duration_min.saturating_mul(MINUTE_MS));
    push_line(&mut out, "BEGIN", "VEVENT");
    push_line(&mut out, "UID", &ics_text(&e.uid));
    push_line(&mut out, "DTSTAMP", &ics_time(e.stamp_ms));
    push_line(&mut out, "DTSTART", &ics_time(e.start_ms));
    push_line(&mut out, "DTEND", &ics_time(end));
    push_line(&mut out, "SEQUENCE", &e.sequence.max(0).to_string());
    push_line(&mut out, "STATUS", if e.cancelled { "CANCELLED" } else { "CONFIRMED" });
    push_line(&mut out, "SUMMARY", &ics_text(&e.summary));
    for (name, value) in [("DESCRIPTION", &e.description), ("LOCATION", &e.location)] {
        if !value.trim().is_empty() {
            push_line(&mut out, name, &ics_text(value));
        }
    }
    // A URI, not TEXT: nothing to escape, but no line breaks may get in.
    let url: String = e.url.chars().filter(|c| !c.is_control()).collect();
    if !url.trim().is_empty() {
        push_line(&mut out, "URL", url.trim());
    }
    push_line(&mut out, "END", "VEVENT");
    out
}

/// A whole calendar (a subscription feed or a download).
pub fn ics_calendar(name: &str, events: &[IcsEvent]) -> String {
    let mut out = String::new();
    push_line(&mut out, "BEGIN", "VCALENDAR");
    push_line(&mut out, "VERSION", "2.0");
    push_line(&mut out, "PRODID", "-//Tandem//Tandem e-mentoring//EN");
    push_line(&mut out, "CALSCALE", "GREGORIAN");
    push_line(&mut out, "METHOD", "PUBLISH");
    push_line(&mut out, "X-WR-CALNAME", &ics_text(name));
    for e in events {
        out.push_str(&ics_event(e));
    }
    push_line(&mut out, "END", "VCALENDAR");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use Action as A;
    use State as S;

    const MENTOR: Roles = Roles { mentor: true, mentee: false };
    const MENTEE: Roles = Roles { mentor: false, mentee: true };
    const NOBODY: Roles = Roles { mentor: false, mentee: false };
    const HOUR: i64 = 60 * MINUTE_MS;

    /// Real rules for a few zones: the EU's (last Sundays of March and October, 01:00 UTC) and the US's (second
    /// Sunday of March 07:00 UTC, first Sunday of November 06:00 UTC).
    struct Rules;

    fn sunday(y: i64, m: u32, nth: i64) -> i64 {
        let first = days_from_civil(y, m, 1);
        let first_sunday = first + (6 - weekday(first)).rem_euclid(7);
        if nth > 0 {
            first_sunday + 7 * (nth - 1)
        } else {
            let last = days_from_civil(y, m, days_in_month(y, m));
            last - (weekday(last) - 6).rem_euclid(7)
        }
    }

    impl Zones for Rules {
        fn offset_minutes(&self, zone: &str, utc_ms: i64) -> Option<i32> {
            let (y, _, _) = civil_from_days(utc_ms.div_euclid(DAY_MS));
            let between = |a: i64, b: i64| (a..b).contains(&utc_ms);
            match zone {
                "UTC" => Some(0),
                "Asia/Tokyo" => Some(540),
                "Europe/Rome" => Some(if between(sunday(y, 3, 0) * DAY_MS + HOUR, sunday(y, 10, 0) * DAY_MS + HOUR) { 120 } else { 60 }),
                "America/New_York" => {
                    Some(if between(sunday(y, 3, 2) * DAY_MS + 7 * HOUR, sunday(y, 11, 1) * DAY_MS + 6 * HOUR) { -240 } else { -300 })
                }
                _ => None,
            }
        }
    }

    fn utc(y: i64, m: u32, d: u32, hh: u32, mm: u32) -> i64 {
        local_to_utc(&Rules, "UTC", y, m, d, hh, mm).unwrap()
    }

    fn facts(state: Option<State>, started: bool) -> Facts {
        Facts { state, start: 1_000, now: if started { 2_000 } else { 500 }, mentees_edit: false }
    }

    #[test]
    fn names_round_trip() {
        assert_eq!(Mode::ALL.map(Mode::as_str).as_slice(), Mode::NAMES);
        for m in Mode::ALL {
            assert_eq!(Mode::parse(m.as_str()), Some(m));
        }
        for s in State::ALL {
            assert_eq!(State::parse(s.as_str()), Some(s));
        }
        for a in Action::MOVES.into_iter().chain([A::Plan]) {
            assert_eq!(Action::parse(a.as_str()), Some(a));
        }
        for p in ProposalState::ALL {
            assert_eq!(ProposalState::parse(p.as_str()), Some(p));
        }
        assert_eq!(Mode::parse("carrier_pigeon"), None);
    }

    #[test]
    fn every_valid_move() {
        let valid = [
            (None, false, A::Plan, MENTOR, S::Planned),
            (Some(S::Planned), true, A::Hold, MENTOR, S::Held),
            (Some(S::Planned), true, A::Hold, MENTEE, S::Held),
            (Some(S::Planned), true, A::Miss, MENTEE, S::Missed),
            (Some(S::Held), true, A::Miss, MENTOR, S::Missed),
            (Some(S::Missed), true, A::Hold, MENTOR, S::Held),
            (Some(S::Planned), false, A::Cancel, MENTOR, S::Cancelled),
            (Some(S::Planned), true, A::Cancel, MENTOR, S::Cancelled),
            (Some(S::Planned), false, A::Reschedule, MENTOR, S::Planned),
            (Some(S::Planned), true, A::Reschedule, MENTOR, S::Planned),
            (Some(S::Planned), false, A::Edit, MENTOR, S::Planned),
        ];
        for (state, started, action, who, to) in valid {
            assert_eq!(next(facts(state, started), action, who), Ok(to), "{action:?} from {state:?}");
        }
    }

    #[test]
    fn invalid_moves_are_refused_with_the_right_kind() {
        let impossible = [
            (None, A::Hold, MENTOR),
            (Some(S::Planned), A::Plan, MENTOR),
            (Some(S::Held), A::Hold, MENTOR),
            (Some(S::Missed), A::Miss, MENTOR),
            (Some(S::Held), A::Cancel, MENTOR),
            (Some(S::Held), A::Reschedule, MENTOR),
            (Some(S::Missed), A::Edit, MENTOR),
            (Some(S::Cancelled), A::Hold, MENTOR),
            (Some(S::Cancelled), A::Cancel, MENTOR),
            (Some(S::Cancelled), A::Reschedule, MENTOR),
            (Some(S::Cancelled), A::Edit, MENTEE),
        ];
        for (state, action, who) in impossible {
            assert!(matches!(next(facts(state, true), action, who), Err(Refusal::Impossible(_))), "{action:?} from {state:?}");
        }
        for action in [A::Hold, A::Miss] {
            let early = next(facts(Some(S::Planned), false), action, MENTOR);
            assert!(matches!(early, Err(Refusal::Impossible(_))), "{action:?} before the start");
        }
        let not_yours = [
            (None, A::Plan, MENTEE),
            (Some(S::Planned), A::Cancel, MENTEE),
            (Some(S::Planned), A::Reschedule, MENTEE),
            (Some(S::Planned), A::Edit, MENTEE),
            (Some(S::Planned), A::Hold, NOBODY),
            (Some(S::Held), A::Miss, MENTEE),
            (Some(S::Missed), A::Hold, MENTEE),
        ];
        for (state, action, who) in not_yours {
            assert!(matches!(next(facts(state, true), action, who), Err(Refusal::NotYours(_))), "{action:?} from {state:?} by {who:?}");
        }
    }

    #[test]
    fn a_community_can_let_mentees_plan() {
        let f = Facts { mentees_edit: true, ..facts(Some(S::Planned), false) };
        for action in [A::Cancel, A::Reschedule, A::Edit] {
            assert!(next(f, action, MENTEE).is_ok(), "{action:?}");
        }
        assert_eq!(next(Facts { state: None, ..f }, A::Plan, MENTEE), Ok(S::Planned));
        assert!(matches!(next(Facts { state: Some(S::Held), ..f }, A::Miss, MENTEE), Err(Refusal::NotYours(_))), "corrections stay the mentor's");
        assert_eq!(available(facts(Some(S::Planned), false), MENTEE), Vec::<Action>::new());
        assert_eq!(available(facts(Some(S::Planned), true), MENTEE), vec![A::Hold, A::Miss]);
        assert_eq!(available(facts(Some(S::Planned), false), MENTOR), vec![A::Cancel, A::Reschedule, A::Edit]);
    }

    #[test]
    fn effects_tell_the_members_and_the_diarist() {
        use Recipient as R;
        let planned = effects(facts(None, false), A::Plan, MENTOR, true).unwrap();
        assert_eq!(planned.tell, vec![(R::Members, Kind::SessionPlanned), (R::Diarist, Kind::DiaryYours)]);
        let moved = effects(facts(Some(S::Planned), false), A::Reschedule, MENTOR, false).unwrap();
        assert_eq!((moved.to, moved.log_move, moved.tell), (S::Planned, true, vec![(R::Members, Kind::SessionChanged)]));
        let off = effects(facts(Some(S::Planned), false), A::Cancel, MENTOR, false).unwrap();
        assert_eq!(off.tell, vec![(R::Members, Kind::SessionCancelled)]);
        assert!(A::Cancel.needs_note() && !A::Edit.needs_note());
        assert_eq!(effects(facts(Some(S::Planned), false), A::Edit, MENTOR, true).unwrap().tell, vec![(R::Diarist, Kind::DiaryYours)]);
        assert!(effects(facts(Some(S::Planned), true), A::Hold, MENTEE, true).unwrap().tell.is_empty());
        assert!(effects(facts(None, false), A::Plan, MENTEE, true).is_err());
    }

    #[test]
    fn proposals_wait_for_the_mentor() {
        use ProposalAction as P;
        use ProposalState as Q;
        let f = |session, current, proposed_start| ProposalFacts { session, current, proposed_start, now: 1_000 };
        assert_eq!(proposal_next(f(S::Planned, None, Some(5_000)), P::Propose, MENTEE), Ok(Q::Pending));
        assert_eq!(proposal_next(f(S::Planned, Some(Q::Rejected), None), P::Propose, MENTEE), Ok(Q::Pending));
        assert_eq!(proposal_next(f(S::Planned, Some(Q::Pending), Some(5_000)), P::Accept, MENTOR), Ok(Q::Accepted));
        assert_eq!(proposal_next(f(S::Planned, Some(Q::Pending), None), P::Accept, MENTOR), Ok(Q::Accepted));
        assert_eq!(proposal_next(f(S::Cancelled, Some(Q::Pending), None), P::Reject, MENTOR), Ok(Q::Rejected));
        let impossible = [
            (f(S::Planned, Some(Q::Pending), None), P::Propose, MENTEE),
            (f(S::Held, None, None), P::Propose, MENTEE),
            (f(S::Planned, None, None), P::Accept, MENTOR),
            (f(S::Planned, Some(Q::Accepted), None), P::Reject, MENTOR),
            (f(S::Cancelled, Some(Q::Pending), None), P::Accept, MENTOR),
            (f(S::Planned, Some(Q::Pending), Some(999)), P::Accept, MENTOR),
        ];
        for (facts, action, who) in impossible {
            assert!(matches!(proposal_next(facts, action, who), Err(Refusal::Impossible(_))), "{action:?} with {facts:?}");
        }
        let waiting = f(S::Planned, Some(Q::Pending), None);
        let not_yours = [(f(S::Planned, None, None), P::Propose, MENTOR), (waiting, P::Accept, MENTEE), (waiting, P::Reject, MENTEE)];
        for (facts, action, who) in not_yours {
            assert!(matches!(proposal_next(facts, action, who), Err(Refusal::NotYours(_))), "{action:?} by {who:?}");
        }
        let p = |start, topic: Option<&str>| parse_proposal(&ProposalInput { start, topic: topic.map(str::to_string) }, 1_000);
        assert_eq!(p(None, None).map_err(|e| e.code), Err("proposal_empty"));
        assert_eq!(p(Some(1_000), None).map_err(|e| e.code), Err("session_in_past"));
        assert_eq!(p(None, Some(" CV review ")), Ok((None, Some("CV review".into()))));
    }

    fn input() -> SessionInput {
        SessionInput {
            topic: "Interview practice".into(),
            start: 10_000,
            zone: "Europe/Rome".into(),
            duration: 60,
            mode: "video".into(),
            place: "https://meet.example.org/abc".into(),
            homework: "Read the job ad.\nList three questions.".into(),
            diarist: None,
        }
    }

    #[test]
    fn sessions_parse_with_their_rules() {
        let mentees = ["carla".to_string(), "dev".to_string()];
        let s = Session::parse(&input(), 5_000, &mentees).unwrap();
        assert_eq!((s.start, s.zone.as_str(), s.details.mode, s.details.duration_min), (10_000, "Europe/Rome", Mode::Video, 60));
        assert_eq!(s.details.diarist, None);
        let bad = |i: SessionInput| Session::parse(&i, 5_000, &mentees).err().map(|e| (e.field, e.code));
        let field = |f: &str, c: &'static str| Some((f.to_string(), c));
        assert_eq!(bad(SessionInput { start: 5_000, ..input() }), field("start", "session_in_past"));
        assert_eq!(bad(SessionInput { zone: String::new(), ..input() }), field("zone", "timezone_invalid"));
        assert_eq!(bad(SessionInput { zone: "Mars/Base".into(), ..input() }), field("zone", "timezone_invalid"));
        assert_eq!(bad(SessionInput { duration: 4, ..input() }), field("duration", "out_of_range"));
        assert_eq!(bad(SessionInput { duration: 481, ..input() }), field("duration", "out_of_range"));
        assert_eq!(bad(SessionInput { mode: "fax".into(), ..input() }), field("mode", "not_in_list"));
        assert_eq!(bad(SessionInput { topic: "x".repeat(201), ..input() }), field("topic", "text_too_long"));
        assert_eq!(bad(SessionInput { place: "a\nb".into(), ..input() }), field("place", "text_control_chars"));
        assert_eq!(bad(SessionInput { diarist: Some("anna".into()), ..input() }), field("diarist", "diarist_not_mentee"));
        let chosen = SessionInput { diarist: Some("dev".into()), zone: "UTC".into(), mode: "face_to_face".into(), ..input() };
        let chosen = Session::parse(&chosen, 5_000, &mentees).unwrap();
        assert_eq!((chosen.details.diarist.as_deref(), chosen.zone.as_str()), (Some("dev"), "UTC"));
        let body: SessionInput = super::super::input::parse(br#"{"topic":"A","start":9,"zone":"UTC","duration":30,"mode":"chat"}"#).unwrap();
        assert_eq!((body.start, body.place.as_str(), body.diarist), (9, "", None));
        assert_eq!(parse_reason(" ").map_err(|e| (e.field, e.code)), Err(("reason".into(), "required")));
        assert_eq!(parse_reschedule(&RescheduleInput { start: 9, zone: "UTC".into() }, 9).map_err(|e| e.code), Err("session_in_past"));
    }

    #[test]
    fn civil_dates_round_trip() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(weekday(0), 3, "a Thursday");
        assert_eq!(weekday(days_from_civil(2027, 3, 9)), 1, "a Tuesday");
        for days in (-800_000..800_000).step_by(997) {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(civil_from_days(days_from_civil(2028, 2, 29)), (2028, 2, 29));
        assert_eq!((days_in_month(2100, 2), days_in_month(2000, 2), days_in_month(2027, 13)), (28, 29, 0));
        assert_eq!((sunday(2027, 3, 0), sunday(2027, 10, 0)), (days_from_civil(2027, 3, 28), days_from_civil(2027, 10, 31)));
        assert_eq!((sunday(2027, 3, 2), sunday(2027, 11, 1)), (days_from_civil(2027, 3, 14), days_from_civil(2027, 11, 7)));
    }

    #[test]
    fn wall_times_become_instants_across_daylight_saving() {
        let rome = |m, d, hh, mm| local_to_utc(&Rules, "Europe/Rome", 2027, m, d, hh, mm);
        assert_eq!(rome(1, 12, 18, 0), Some(utc(2027, 1, 12, 17, 0)), "CET");
        assert_eq!(rome(7, 13, 18, 0), Some(utc(2027, 7, 13, 16, 0)), "CEST");
        assert_eq!(rome(3, 28, 2, 30), Some(utc(2027, 3, 28, 1, 30)), "the skipped 02:30 is 03:30 CEST");
        assert_eq!(local_label(&Rules, "Europe/Rome", utc(2027, 3, 28, 1, 30)), "2027-03-28 03:30");
        assert_eq!(rome(3, 28, 3, 0), Some(utc(2027, 3, 28, 1, 0)));
        assert_eq!(rome(10, 31, 2, 30), Some(utc(2027, 10, 31, 0, 30)), "the repeated 02:30: the earlier one (CEST)");
        assert_eq!(rome(10, 31, 3, 0), Some(utc(2027, 10, 31, 2, 0)));
        let ny = |m, d, hh, mm| local_to_utc(&Rules, "America/New_York", 2027, m, d, hh, mm);
        assert_eq!(ny(3, 14, 2, 30), Some(utc(2027, 3, 14, 7, 30)), "skipped: 03:30 EDT");
        assert_eq!(ny(11, 7, 1, 30), Some(utc(2027, 11, 7, 5, 30)), "repeated: 01:30 EDT");
        assert_eq!(ny(11, 8, 1, 30), Some(utc(2027, 11, 8, 6, 30)));
        assert_eq!(local_to_utc(&Rules, "Asia/Tokyo", 2027, 3, 28, 2, 30), Some(utc(2027, 3, 27, 17, 30)));
        assert_eq!(local_to_utc(&Rules, "Europe/Atlantis", 2027, 1, 1, 0, 0), None);
        assert_eq!(rome(2, 29, 10, 0), None, "2027 is not a leap year");
        assert_eq!(rome(1, 1, 24, 0), None);
        assert_eq!(local_label(&Rules, "America/New_York", utc(2028, 1, 1, 3, 5)), "2027-12-31 22:05");
        assert_eq!(local_label(&Rules, "Nowhere/Else", utc(2028, 1, 1, 3, 5)), "2028-01-01 03:05");
    }

    fn repeat() -> RepeatInput {
        RepeatInput {
            every_weeks: 2,
            weekday: "tue".into(),
            time: "18:00".into(),
            zone: "Europe/Rome".into(),
            from: "2027-03-01".into(),
            until: "2027-04-30".into(),
            topic: "Check-in".into(),
            duration: 45,
            mode: "video".into(),
            place: "https://meet.example.org/x".into(),
        }
    }

    #[test]
    fn every_second_tuesday_keeps_18_00_in_rome() {
        let s = Series::parse(&repeat(), &Rules, 0).unwrap();
        let expected = [utc(2027, 3, 2, 17, 0), utc(2027, 3, 16, 17, 0), utc(2027, 3, 30, 16, 0), utc(2027, 4, 13, 16, 0), utc(2027, 4, 27, 16, 0)];
        assert_eq!(s.starts, expected);
        assert_eq!((s.zone.as_str(), s.details.duration_min, s.details.place.as_str()), ("Europe/Rome", 45, "https://meet.example.org/x"));
        let sundays = RepeatInput { every_weeks: 1, weekday: "sun".into(), time: "01:30".into(), zone: "America/New_York".into(), ..repeat() };
        let later = Series::parse(&RepeatInput { from: "2027-10-30".into(), until: "2027-11-14".into(), ..sundays }, &Rules, 0).unwrap();
        assert_eq!(later.starts, [utc(2027, 10, 31, 5, 30), utc(2027, 11, 7, 5, 30), utc(2027, 11, 14, 6, 30)]);
        let autumn = Series::parse(&RepeatInput { from: "2027-10-19".into(), until: "2027-11-02".into(), ..repeat() }, &Rules, 0).unwrap();
        assert_eq!(autumn.starts, [utc(2027, 10, 19, 16, 0), utc(2027, 11, 2, 17, 0)]);
        let past_dropped = Series::parse(&repeat(), &Rules, utc(2027, 3, 20, 0, 0)).unwrap();
        assert_eq!(past_dropped.starts.len(), 3);
    }

    #[test]
    fn repeat_rules_are_bounded() {
        let code = |i: RepeatInput| Series::parse(&i, &Rules, 0).err().map(|e| (e.field, e.code));
        let field = |f: &str, c: &'static str| Some((f.to_string(), c));
        let weekly = |until: &str| RepeatInput { every_weeks: 1, from: "2027-01-05".into(), until: until.into(), ..repeat() };
        assert_eq!(Series::parse(&weekly("2028-11-28"), &Rules, 0).map(|s| s.starts.len()), Ok(100), "the 100th Tuesday");
        assert_eq!(code(weekly("2028-12-05")), field("until", "too_many_sessions"));
        assert_eq!(code(weekly("9999-12-31")), field("until", "too_many_sessions"));
        assert_eq!(code(RepeatInput { until: "2027-02-01".into(), ..repeat() }), field("until", "until_before_from"));
        assert_eq!(code(RepeatInput { from: "2027-03-03".into(), until: "2027-03-08".into(), ..repeat() }), field("from", "no_sessions"));
        assert_eq!(code(RepeatInput { every_weeks: 5, ..repeat() }), field("every_weeks", "out_of_range"));
        assert_eq!(code(RepeatInput { weekday: "tuesday".into(), ..repeat() }), field("weekday", "not_in_list"));
        assert_eq!(code(RepeatInput { time: "24:00".into(), ..repeat() }), field("time", "time_invalid"));
        assert_eq!(code(RepeatInput { time: "6pm".into(), ..repeat() }), field("time", "time_invalid"));
        assert_eq!(code(RepeatInput { from: "2027-02-30".into(), ..repeat() }), field("from", "date_invalid"));
        assert_eq!(code(RepeatInput { until: "2027/04/30".into(), ..repeat() }), field("until", "date_invalid"));
        assert_eq!(code(RepeatInput { zone: "Europe/Atlantis".into(), ..repeat() }), field("zone", "timezone_invalid"));
        assert_eq!(code(RepeatInput { duration: 0, ..repeat() }), field("duration", "out_of_range"));
    }

    #[test]
    fn warns_who_would_meet_too_early_or_late() {
        let people = |zones: &[&str]| zones.iter().enumerate().map(|(i, z)| (format!("u{i}"), z.to_string())).collect::<Vec<_>>();
        let all = people(&["Europe/Rome", "America/New_York", "Asia/Tokyo", ""]);
        // 12:00Z on 10 March 2027: 13:00 in Rome, 07:00 in New York (still EST), 21:00 in Tokyo.
        let w = outside_hours(utc(2027, 3, 10, 12, 0), 60, &all, &Rules);
        assert_eq!(w, vec![
            Warning { user_id: "u1".into(), local_start: "07:00".into(), local_end: "08:00".into() },
            Warning { user_id: "u2".into(), local_start: "21:00".into(), local_end: "22:00".into() },
        ]);
        // A week and a half later New York has moved its clocks and Rome not yet: 08:00 there is fine.
        let w = outside_hours(utc(2027, 3, 20, 12, 0), 60, &people(&["Europe/Rome", "America/New_York"]), &Rules);
        assert!(w.is_empty(), "{w:?}");
        let late = outside_hours(utc(2027, 7, 1, 18, 30), 60, &people(&["Europe/Rome"]), &Rules);
        assert_eq!(late.first().map(|w| (w.local_start.as_str(), w.local_end.as_str())), Some(("20:30", "21:30")));
        assert!(outside_hours(utc(2027, 7, 1, 18, 0), 60, &people(&["Europe/Rome"]), &Rules).is_empty(), "ending at 21:00 is fine");
        let night = outside_hours(utc(2027, 7, 1, 20, 0), 300, &people(&["UTC"]), &Rules);
        assert_eq!(night.first().map(|w| (w.local_start.as_str(), w.local_end.as_str())), Some(("20:00", "01:00")), "across midnight");
    }

    #[test]
    fn diarists_take_turns_skipping_the_absent() {
        let group: Vec<String> = ["ana", "ben", "cai"].map(String::from).to_vec();
        let s = |d: Option<&str>, absent: &[&str]| (d.map(String::from), absent.iter().map(|a| a.to_string()).collect::<Vec<_>>());
        assert_eq!(next_diarist(&group, &[]).as_deref(), Some("ana"));
        assert_eq!(next_diarist(&group, &[s(Some("ana"), &[])]).as_deref(), Some("ben"));
        assert_eq!(next_diarist(&group, &[s(Some("ana"), &["ben"])]).as_deref(), Some("cai"), "ben was absent");
        assert_eq!(next_diarist(&group, &[s(Some("cai"), &[])]).as_deref(), Some("ana"), "round again");
        let two = [s(Some("ben"), &[]), s(None, &["cai"])];
        assert_eq!(next_diarist(&group, &two).as_deref(), Some("ana"), "after the last diarist, skipping the last session's absent");
        assert_eq!(next_diarist(&group, &[s(Some("ana"), &["ana", "ben", "cai"])]).as_deref(), Some("ben"), "nobody came: the turn goes on");
        assert_eq!(next_diarist(&group, &[s(Some("ben"), &[]), s(Some("gone"), &[])]).as_deref(), Some("cai"), "a diarist who left is passed over");
        let one = vec!["carla".to_string()];
        assert_eq!(next_diarist(&one, &[s(Some("carla"), &["carla"])]).as_deref(), Some("carla"), "one to one: always the mentee");
        assert_eq!(next_diarist(&[], &[]), None);
    }

    /// Reads a calendar back as a client would: unfold, split into (name, value), unescape TEXT.
    fn parse_back(ics: &str) -> Vec<(String, String)> {
        assert!(ics.ends_with("\r\n"));
        assert!(!ics.replace("\r\n", "").contains(['\r', '\n']), "only CRLF line ends");
        for line in ics.split("\r\n") {
            assert!(line.len() <= 75, "{line:?} is {} octets", line.len());
        }
        let unescape = |v: &str| {
            let mut out = String::new();
            let mut chars = v.chars();
            while let Some(c) = chars.next() {
                match (c, c == '\\') {
                    (_, true) => match chars.next() {
                        Some('n' | 'N') => out.push('\n'),
                        Some(x) => out.push(x),
                        None => {}
                    },
                    (c, false) => out.push(c),
                }
            }
            out
        };
        ics.replace("\r\n ", "").split("\r\n").filter(|l| !l.is_empty()).map(|l| {
            let (name, value) = l.split_once(':').unwrap();
            (name.to_string(), unescape(value))
        }).collect()
    }

    #[test]
    fn calendars_round_trip() {
        let description = "Bring your CV; we'll go through it, line by line.\nBackslash: \\ and an accent: è.\r\n".to_string();
        let description = description + &"Città ✓ 🚀 ".repeat(20);
        let e = IcsEvent {
            uid: "session-42@tandem.example".into(),
            start_ms: utc(2027, 3, 30, 16, 0),
            duration_min: 90,
            summary: "Interview practice, part 2; mock".into(),
            description: description.clone(),
            location: "https://meet.example.org/abc?x=1,2".into(),
            url: "https://tandem.example/p/7/plan#s42".into(),
            stamp_ms: utc(2027, 3, 1, 9, 5) + 7_000,
            sequence: 3,
            cancelled: false,
        };
        let off = IcsEvent { uid: "s43".into(), cancelled: true, description: String::new(), ..e.clone() };
        let cal = ics_calendar("Tandem: Carla & Anna, sessions", &[e, off]);
        let props = parse_back(&cal);
        let get = |name: &str| props.iter().filter(|(n, _)| n == name).map(|(_, v)| v.as_str()).collect::<Vec<_>>();
        assert_eq!(props.first().map(|p| p.1.as_str()), Some("VCALENDAR"));
        assert_eq!((get("VERSION"), get("CALSCALE"), get("METHOD")), (vec!["2.0"], vec!["GREGORIAN"], vec!["PUBLISH"]));
        assert_eq!(get("PRODID").len(), 1);
        assert_eq!(get("X-WR-CALNAME"), ["Tandem: Carla & Anna, sessions"]);
        assert_eq!(get("BEGIN"), ["VCALENDAR", "VEVENT", "VEVENT"]);
        assert_eq!(get("UID"), ["session-42@tandem.example", "s43"]);
        assert_eq!(get("DTSTART"), ["20270330T160000Z"; 2]);
        assert_eq!(get("DTEND"), ["20270330T173000Z"; 2]);
        assert_eq!(get("DTSTAMP"), ["20270301T090507Z"; 2]);
        assert_eq!(get("SEQUENCE"), ["3"; 2]);
        assert_eq!(get("STATUS"), ["CONFIRMED", "CANCELLED"]);
        assert_eq!(get("SUMMARY"), ["Interview practice, part 2; mock"; 2]);
        assert_eq!(get("DESCRIPTION"), [description.replace("\r\n", "\n")], "one event has none");
        assert_eq!(get("LOCATION"), ["https://meet.example.org/abc?x=1,2"; 2]);
        assert_eq!(get("URL"), ["https://tandem.example/p/7/plan#s42"; 2]);
        assert!(cal.contains("SUMMARY:Interview practice\\, part 2\\; mock\r\n"));
        assert!(cal.lines().count() > props.len(), "long lines were folded");
        assert!(cal.ends_with("END:VCALENDAR\r\n"));
    }

    #[test]
    fn reminders_come_once_a_day_ahead() {
        let start = 10 * DAY_MS;
        assert!(reminder_due(S::Planned, start, start - DAY_MS, false));
        assert!(!reminder_due(S::Planned, start, start - DAY_MS - 1, false));
        assert!(!reminder_due(S::Planned, start, start - HOUR, true));
        assert!(!reminder_due(S::Cancelled, start, start - HOUR, false));
        assert!(!reminder_due(S::Planned, start, start, false));
    }
}
