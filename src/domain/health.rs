//! A project's health, from metadata only (times and counts, never text): ok, watch, at risk or stalled, with its
//! reasons, and the ladder that follows from it: members nudged with the concrete next step, the coordinator told,
//! then every community admin. Pure: the daily cron gathers the facts, asks `assess` and `ladder`, and stores what
//! they answer. Each threshold is a parameter of the journey template (`Rules`).

use super::error::Invalid;
use super::text::Text;
use serde::{Deserialize, Serialize};

/// The coordinator's note when acknowledging, and a member's words when asking for help (optional).
pub const ACK_NOTE: Text = Text::lines(1, 1000);
pub const HELP_TEXT: Text = Text::lines(0, 2000);
/// A coordinator's message to a project (all its members read it, in the history).
pub const MESSAGE: Text = Text::lines(1, 2000);

pub const DAY_MS: i64 = 86_400_000;
/// A rule nudges the members at most once a week.
pub const NUDGE_EVERY_MS: i64 = 7 * DAY_MS;
/// At risk and not acknowledged for this long: every community admin is told.
pub const UNACKNOWLEDGED_MS: i64 = 14 * DAY_MS;
/// How far ahead a snooze or a hold may reach.
pub const MAX_SNOOZE_MS: i64 = 120 * DAY_MS;
/// A month, for the planned end (the template's duration in months).
pub const MONTH_MS: i64 = 30 * DAY_MS + 10 * 3_600_000 + 29 * 60_000;

/// The thresholds, in days, of a journey's health rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Rules {
    /// No qualifying interaction for this long: watch, then at risk, then stalled.
    pub quiet_watch_days: i64,
    pub quiet_at_risk_days: i64,
    pub quiet_stalled_days: i64,
    /// The contract not in force this long after the start.
    pub contract_days: i64,
    /// No future session and the last one this long ago.
    pub session_gap_days: i64,
    /// A held session's diary still missing this long after it.
    pub diary_days: i64,
    /// A private message unanswered this long.
    pub message_days: i64,
}

impl Default for Rules {
    fn default() -> Rules {
        Rules { quiet_watch_days: 21, quiet_at_risk_days: 35, quiet_stalled_days: 60, contract_days: 14, session_gap_days: 14, diary_days: 7, message_days: 7 }
    }
}

impl Rules {
    /// Every threshold 1 to 365 days, and the quiet ones rising.
    pub fn checked(self) -> Result<Rules, Invalid> {
        let all = [
            ("quiet_watch_days", self.quiet_watch_days),
            ("quiet_at_risk_days", self.quiet_at_risk_days),
            ("quiet_stalled_days", self.quiet_stalled_days),
            ("contract_days", self.contract_days),
            ("session_gap_days", self.session_gap_days),
            ("diary_days", self.diary_days),
            ("message_days", self.message_days),
        ];
        if let Some((name, _)) = all.iter().find(|(_, d)| !(1..=365).contains(d)) {
            return Err(Invalid::new(format!("health.{name}"), "out_of_range", "A health rule counts 1 to 365 days."));
        }
        if !(self.quiet_watch_days < self.quiet_at_risk_days && self.quiet_at_risk_days < self.quiet_stalled_days) {
            return Err(Invalid::new("health.quiet_at_risk_days", "out_of_order", "Quiet days rise: watch, then at risk, then stalled."));
        }
        Ok(self)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Ok,
    Watch,
    AtRisk,
    Stalled,
}

impl Level {
    pub const ALL: [Level; 4] = [Level::Ok, Level::Watch, Level::AtRisk, Level::Stalled];
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Ok => "ok",
            Level::Watch => "watch",
            Level::AtRisk => "at_risk",
            Level::Stalled => "stalled",
        }
    }
    pub fn parse(s: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.as_str() == s)
    }
}

/// Why a project is not ok, in figures (the page and the e-mail say it in words).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum Reason {
    /// No qualifying interaction for `days`.
    Quiet { days: i64 },
    /// Fewer interactions than the pace to reach the minimum by the planned end asks for by now.
    BehindPace { have: i64, expected: i64, min: i64 },
    /// The planned end has passed with fewer than the minimum.
    EndPassedShort { have: i64, min: i64 },
    /// The contract is not in force `days` after the start.
    ContractLate { days: i64 },
    /// No future session, and the last one (or the start) `days` ago.
    NoNextSession { days: i64 },
    /// A held session's diary missing for `days`.
    DiaryOverdue { days: i64 },
    /// A private message unanswered for `days`.
    MessageUnanswered { days: i64 },
    /// `days` in a stage expected to last `expected`.
    StageOverdue { days: i64, expected: i64 },
    /// A member answered "not sure" or "no" to "are we well matched?" (only its author and the coordinator see it).
    FitConcern,
    /// A member asked the coordinator for help (only its author and the coordinator see it).
    HelpRequested,
}

/// Every rule's name.
pub const RULES: [&str; 10] =
    ["quiet", "behind_pace", "end_passed_short", "contract_late", "no_next_session", "diary_overdue", "message_unanswered", "stage_overdue", "fit_concern", "help_requested"];

impl Reason {
    /// The rule's name (a nudge is sent at most once a week per rule).
    pub fn rule(self) -> &'static str {
        match self {
            Reason::Quiet { .. } => "quiet",
            Reason::BehindPace { .. } => "behind_pace",
            Reason::EndPassedShort { .. } => "end_passed_short",
            Reason::ContractLate { .. } => "contract_late",
            Reason::NoNextSession { .. } => "no_next_session",
            Reason::DiaryOverdue { .. } => "diary_overdue",
            Reason::MessageUnanswered { .. } => "message_unanswered",
            Reason::StageOverdue { .. } => "stage_overdue",
            Reason::FitConcern => "fit_concern",
            Reason::HelpRequested => "help_requested",
        }
    }

    pub fn level(self, r: &Rules) -> Level {
        match self {
            Reason::Quiet { days } if days >= r.quiet_stalled_days => Level::Stalled,
            Reason::Quiet { days } if days >= r.quiet_at_risk_days => Level::AtRisk,
            Reason::EndPassedShort { .. } | Reason::FitConcern | Reason::HelpRequested => Level::AtRisk,
            _ => Level::Watch,
        }
    }

    /// Seen only by its author and the coordinator: the members' view of their health leaves it out.
    pub fn private(self) -> bool {
        matches!(self, Reason::FitConcern | Reason::HelpRequested)
    }
}

/// What the cron knows of an active project (metadata only).
#[derive(Debug, Clone, Default)]
pub struct Facts {
    pub now: i64,
    pub started_at: i64,
    pub duration_months: i64,
    pub min_interactions: i64,
    pub interactions: i64,
    pub last_interaction_at: Option<i64>,
    pub contract_in_force: bool,
    pub next_session_at: Option<i64>,
    pub last_session_at: Option<i64>,
    /// The oldest held session whose diary is still missing (its start).
    pub diary_missing_since: Option<i64>,
    /// The oldest private message not answered since.
    pub unanswered_since: Option<i64>,
    pub stage_since: i64,
    /// How many days the current stage expects (0: no expectation).
    pub stage_days: i64,
    pub fit_concern: bool,
    pub help_requested: bool,
    /// The project's past holds (from, to): time on hold does not count (see `Facts::counted`).
    pub holds: Vec<(i64, i64)>,
    /// Held sessions without a written diary (they count as interactions only where the diary is turned off).
    pub sessions_without_diary: i64,
}

impl Facts {
    /// The rules of the modules a community turned off sleep: no contract is late where there is no contract, no
    /// diary overdue where there is no diary.
    pub fn with_modules(mut self, m: super::community::Modules) -> Facts {
        use super::community::Module;
        if !m.on(Module::Contract) {
            self.contract_in_force = true;
        }
        if !m.on(Module::Diary) {
            self.diary_missing_since = None;
            self.interactions = self.interactions.saturating_add(self.sessions_without_diary.max(0));
            self.last_interaction_at = self.last_interaction_at.max(self.last_session_at);
        }
        self
    }

    /// A moment moved on by the time held between it and now: what has elapsed since it, holds left out, is
    /// `now - shifted(x)`.
    fn shifted(&self, x: i64) -> i64 {
        let held: i64 = self.holds.iter().map(|(a, b)| ((*b).min(self.now) - (*a).max(x)).max(0)).sum();
        x.saturating_add(held)
    }

    /// The facts with the time on hold taken out: the start (and so the pace, the contract's grace and the planned
    /// end) and every "since" move on by the time held after them.
    pub fn counted(&self) -> Facts {
        if self.holds.is_empty() {
            return self.clone();
        }
        Facts {
            started_at: self.shifted(self.started_at),
            last_interaction_at: self.last_interaction_at.map(|x| self.shifted(x)),
            last_session_at: self.last_session_at.map(|x| self.shifted(x)),
            diary_missing_since: self.diary_missing_since.map(|x| self.shifted(x)),
            unanswered_since: self.unanswered_since.map(|x| self.shifted(x)),
            stage_since: self.shifted(self.stage_since),
            ..self.clone()
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Health {
    pub level: Level,
    pub reasons: Vec<Reason>,
}

fn days(ms: i64) -> i64 {
    ms.max(0) / DAY_MS
}

/// The planned end: the start plus the journey's duration.
pub fn planned_end(started_at: i64, duration_months: i64) -> i64 {
    started_at.saturating_add(duration_months.max(1).saturating_mul(MONTH_MS))
}

/// The health of a project now, with every reason that applies (the level is the worst of them).
pub fn assess(f: &Facts, r: &Rules) -> Health {
    let f = &f.counted();
    let mut reasons = Vec::new();
    let quiet = days(f.now - f.last_interaction_at.unwrap_or(f.started_at).max(f.started_at));
    if quiet >= r.quiet_watch_days {
        reasons.push(Reason::Quiet { days: quiet });
    }
    let end = planned_end(f.started_at, f.duration_months);
    if f.now >= end {
        if f.interactions < f.min_interactions {
            reasons.push(Reason::EndPassedShort { have: f.interactions, min: f.min_interactions });
        }
    } else if f.now > f.started_at {
        // The pace: the minimum spread evenly over the planned duration, counted in whole interactions.
        let span = i128::from(end - f.started_at);
        let expected = i64::try_from(i128::from(f.min_interactions) * i128::from(f.now - f.started_at) / span).unwrap_or(0);
        if f.interactions < expected {
            reasons.push(Reason::BehindPace { have: f.interactions, expected, min: f.min_interactions });
        }
    }
    let since_start = days(f.now - f.started_at);
    if !f.contract_in_force && since_start >= r.contract_days {
        reasons.push(Reason::ContractLate { days: since_start });
    }
    if f.next_session_at.is_none_or(|n| n <= f.now) {
        let gap = days(f.now - f.last_session_at.unwrap_or(f.started_at).max(f.started_at));
        if gap >= r.session_gap_days {
            reasons.push(Reason::NoNextSession { days: gap });
        }
    }
    if let Some(since) = f.diary_missing_since {
        let d = days(f.now - since);
        if d >= r.diary_days {
            reasons.push(Reason::DiaryOverdue { days: d });
        }
    }
    if let Some(since) = f.unanswered_since {
        let d = days(f.now - since);
        if d >= r.message_days {
            reasons.push(Reason::MessageUnanswered { days: d });
        }
    }
    let in_stage = days(f.now - f.stage_since);
    if f.stage_days > 0 && in_stage > f.stage_days {
        reasons.push(Reason::StageOverdue { days: in_stage, expected: f.stage_days });
    }
    if f.fit_concern {
        reasons.push(Reason::FitConcern);
    }
    if f.help_requested {
        reasons.push(Reason::HelpRequested);
    }
    let level = reasons.iter().map(|x| x.level(r)).max().unwrap_or(Level::Ok);
    Health { level, reasons }
}

/// What the cron remembers of a project between runs (stored beside its health).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Memory {
    /// When each rule last nudged the members.
    pub nudged: Vec<(String, i64)>,
    /// The current episode of trouble (at risk or worse): when it began, and whom it has told.
    pub trouble_since: Option<i64>,
    pub coordinator_told_at: Option<i64>,
    pub admins_told_at: Option<i64>,
    /// The coordinator's acknowledgement: when, at which level, and until when it quiets the ladder.
    pub acknowledged_at: Option<i64>,
    pub acknowledged_level: Option<String>,
    pub snooze_until: Option<i64>,
    /// The holds: since when it is on hold now, and the past ones (from, to; the last `MAX_HOLDS`).
    #[serde(default)]
    pub held_since: Option<i64>,
    #[serde(default)]
    pub holds: Vec<(i64, i64)>,
}

/// How many past holds are remembered.
pub const MAX_HOLDS: usize = 24;

/// A step of the ladder, for the cron to carry out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Tell the members the concrete next step for this reason.
    Nudge(Reason),
    TellCoordinator,
    TellAdmins,
}

impl Memory {
    /// Is the ladder quieted now (acknowledged, snoozed, and no worse than when acknowledged)?
    pub fn snoozed(&self, level: Level, now: i64) -> bool {
        let at = self.acknowledged_level.as_deref().and_then(Level::parse).unwrap_or(Level::Ok);
        self.snooze_until.is_some_and(|s| s > now) && level <= at
    }

    /// In the community's "Needs attention" queue: at risk or worse, and not snoozed.
    pub fn needs_attention(&self, level: Level, now: i64) -> bool {
        level >= Level::AtRisk && !self.snoozed(level, now)
    }
}

/// The ladder: given what was remembered and the health now, the steps to take and what to remember next.
///
/// - Each reason the members can act on nudges them, at most once a week per rule.
/// - At risk or worse opens an episode; its start tells the coordinator (unless snoozed).
/// - Stalled, or at risk for 14 days with no acknowledgement in the episode, tells every community admin, once.
/// - Back below at risk, the episode closes (a later one tells again).
pub fn ladder(m: &Memory, h: &Health, now: i64) -> (Vec<Step>, Memory) {
    let mut next = m.clone();
    let mut steps = Vec::new();
    for r in h.reasons.iter().filter(|r| !r.private()) {
        let last = m.nudged.iter().find(|(k, _)| k == r.rule()).map(|(_, at)| *at);
        if last.is_none_or(|at| now - at >= NUDGE_EVERY_MS) {
            steps.push(Step::Nudge(*r));
            next.nudged.retain(|(k, _)| k != r.rule());
            next.nudged.push((r.rule().to_string(), now));
        }
    }
    // Rules no longer broken forget their nudge, so that breaking them again nudges at once.
    next.nudged.retain(|(k, _)| h.reasons.iter().any(|r| r.rule() == k));
    if h.level < Level::AtRisk {
        next.trouble_since = None;
        next.coordinator_told_at = None;
        next.admins_told_at = None;
        return (steps, next);
    }
    let since = *next.trouble_since.get_or_insert(now);
    if m.snoozed(h.level, now) {
        return (steps, next);
    }
    if next.coordinator_told_at.is_none() {
        steps.push(Step::TellCoordinator);
        next.coordinator_told_at = Some(now);
    }
    let acknowledged = m.acknowledged_at.is_some_and(|a| a >= since);
    if next.admins_told_at.is_none() && (h.level == Level::Stalled || (!acknowledged && now - since >= UNACKNOWLEDGED_MS)) {
        steps.push(Step::TellAdmins);
        next.admins_told_at = Some(now);
    }
    (steps, next)
}

/// The coordinator acknowledges the project's trouble with a note, quieting the ladder until `snooze_until` (or
/// until the project gets worse).
pub fn acknowledge(m: &Memory, level: Level, now: i64, snooze_until: i64) -> Result<Memory, Invalid> {
    if snooze_until <= now || snooze_until > now + MAX_SNOOZE_MS {
        return Err(Invalid::new("snooze_until", "out_of_range", "Choose a date from tomorrow to 120 days ahead."));
    }
    Ok(Memory { acknowledged_at: Some(now), acknowledged_level: Some(level.as_str().into()), snooze_until: Some(snooze_until), ..m.clone() })
}

// On hold ----------------------------------------------------------------------------------------------------------

/// "On hold until a date": a state of an active project's life in which its health rules sleep, it leaves the
/// queue and its reminders wait; it ends on that date by itself, or earlier when the coordinator resumes it.
/// (Stored beside the project's state, which stays active: its members keep their chat, messages and folder.)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HoldMove {
    /// Put on hold until this day: the members are told, the history says until when.
    Hold { until: i64 },
    /// Already on hold: the end moves to this day (told and in the history as a hold).
    Extend { until: i64 },
    /// Back from hold now: the members are told, the history says so, and the health is assessed again at once
    /// (the time held does not count, see `Facts::counted`).
    Resume,
}

impl HoldMove {
    /// The history's action.
    pub fn action(self) -> &'static str {
        match self {
            HoldMove::Hold { .. } | HoldMove::Extend { .. } => "hold",
            HoldMove::Resume => "resume",
        }
    }
    /// The day it is held until (none once resumed).
    pub fn until(self) -> Option<i64> {
        match self {
            HoldMove::Hold { until } | HoldMove::Extend { until } => Some(until),
            HoldMove::Resume => None,
        }
    }
    /// What the ladder remembers after this move: a hold notes its start; a resumption keeps the hold (its time
    /// does not count) and starts the ladder afresh (no episode, nudges or acknowledgement carried).
    pub fn memory(self, m: &Memory, now: i64) -> Memory {
        match self {
            HoldMove::Hold { .. } => Memory { held_since: Some(now), ..m.clone() },
            HoldMove::Extend { .. } => m.clone(),
            HoldMove::Resume => {
                let mut holds = m.holds.clone();
                holds.push((m.held_since.unwrap_or(now).min(now), now));
                let drop = holds.len().saturating_sub(MAX_HOLDS);
                holds.drain(..drop);
                Memory { holds, ..Memory::default() }
            }
        }
    }
}

/// The move asked for: `until` a day (the start of a UTC day) puts the project on hold or moves the end; none
/// resumes it. Only an active project is put on hold; only one on hold resumes.
pub fn hold_move(active: bool, held_until: Option<i64>, until: Option<i64>, now: i64) -> Result<HoldMove, super::error::ApiError> {
    use super::error::ApiError;
    if !active {
        return Err(ApiError::conflict("not_active", "Only an active project can be put on hold."));
    }
    let held = on_hold(held_until, now);
    match until {
        Some(u) if u <= now || u > now + MAX_SNOOZE_MS => Err(Invalid::new("until", "out_of_range", "Choose a date from tomorrow to 120 days ahead.").into()),
        Some(u) if held => Ok(HoldMove::Extend { until: u }),
        Some(u) => Ok(HoldMove::Hold { until: u }),
        None if held => Ok(HoldMove::Resume),
        None => Err(ApiError::conflict("not_on_hold", "This project is not on hold.")),
    }
}

/// Is the project on hold now?
pub fn on_hold(held_until: Option<i64>, now: i64) -> bool {
    held_until.is_some_and(|u| u > now)
}

/// Has its hold ended by itself (the daily pass resumes it)?
pub fn hold_ended(held_until: Option<i64>, now: i64) -> bool {
    held_until.is_some_and(|u| u <= now)
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: i64 = 1_800_000_000_000;
    const D: i64 = DAY_MS;

    /// A healthy project 30 days in: contract in force, an interaction yesterday, a session next week.
    fn fine() -> Facts {
        Facts {
            now: T0 + 30 * D,
            started_at: T0,
            duration_months: 6,
            min_interactions: 4,
            interactions: 2,
            last_interaction_at: Some(T0 + 29 * D),
            contract_in_force: true,
            next_session_at: Some(T0 + 37 * D),
            last_session_at: Some(T0 + 29 * D),
            diary_missing_since: None,
            unanswered_since: None,
            stage_since: T0,
            stage_days: 45,
            fit_concern: false,
            help_requested: false,
            holds: Vec::new(),
            sessions_without_diary: 0,
        }
    }

    #[test]
    fn a_module_turned_off_sleeps_its_rules() {
        use crate::domain::community::{Module, Modules};
        let late = Facts { contract_in_force: false, diary_missing_since: Some(T0), ..fine() };
        assert_eq!(rules_of(late.clone()), vec!["contract_late", "diary_overdue"]);
        let off = Modules::ALL_ON.with(Module::Contract, false).with(Module::Diary, false);
        assert_eq!(rules_of(late.clone().with_modules(off)), Vec::<&str>::new());
        assert_eq!(rules_of(late.with_modules(Modules::ALL_ON.with(Module::Rooms, false))), vec!["contract_late", "diary_overdue"]);
        // Meeting without writing diaries: not quiet, not behind, where the diary is off.
        let met = Facts { interactions: 0, last_interaction_at: None, sessions_without_diary: 3, last_session_at: Some(T0 + 29 * D), ..fine() };
        assert!(rules_of(met.clone()).contains(&"quiet"));
        assert!(!rules_of(met.with_modules(Modules::ALL_ON.with(Module::Diary, false))).contains(&"quiet"));
    }

    fn rules_of(f: Facts) -> Vec<&'static str> {
        assess(&f, &Rules::default()).reasons.iter().map(|r| r.rule()).collect()
    }

    #[test]
    fn each_rule_by_table() {
        let r = Rules::default();
        let cases: Vec<(&str, Facts, Level, Vec<&str>)> = vec![
            ("healthy", fine(), Level::Ok, vec![]),
            ("quiet 20 days", Facts { last_interaction_at: Some(T0 + 10 * D), ..fine() }, Level::Ok, vec![]),
            ("quiet 21 days", Facts { last_interaction_at: Some(T0 + 9 * D), ..fine() }, Level::Watch, vec!["quiet"]),
            ("quiet 35 days", Facts { now: T0 + 40 * D, last_interaction_at: Some(T0 + 5 * D), next_session_at: Some(T0 + 41 * D), interactions: 3, ..fine() }, Level::AtRisk, vec!["quiet"]),
            ("quiet 60 days", Facts { now: T0 + 70 * D, last_interaction_at: Some(T0 + 10 * D), next_session_at: Some(T0 + 71 * D), interactions: 3, stage_days: 90, ..fine() }, Level::Stalled, vec!["quiet"]),
            ("never spoke: quiet since the start", Facts { now: T0 + 22 * D, last_interaction_at: None, interactions: 0, ..fine() }, Level::Watch, vec!["quiet"]),
            ("behind the pace", Facts { now: T0 + 100 * D, interactions: 1, last_interaction_at: Some(T0 + 99 * D), next_session_at: Some(T0 + 101 * D), stage_days: 120, ..fine() }, Level::Watch, vec!["behind_pace"]),
            ("end passed short", Facts { now: T0 + 190 * D, interactions: 3, last_interaction_at: Some(T0 + 189 * D), next_session_at: Some(T0 + 191 * D), stage_days: 200, ..fine() }, Level::AtRisk, vec!["end_passed_short"]),
            ("end passed, minimum reached", Facts { now: T0 + 190 * D, interactions: 4, last_interaction_at: Some(T0 + 189 * D), next_session_at: Some(T0 + 191 * D), stage_days: 200, ..fine() }, Level::Ok, vec![]),
            ("contract late", Facts { contract_in_force: false, ..fine() }, Level::Watch, vec!["contract_late"]),
            ("contract 13 days", Facts { now: T0 + 13 * D, contract_in_force: false, interactions: 0, ..fine() }, Level::Ok, vec![]),
            ("no next session, last 14 days ago", Facts { next_session_at: None, last_session_at: Some(T0 + 16 * D), ..fine() }, Level::Watch, vec!["no_next_session"]),
            ("a past next session counts as none", Facts { next_session_at: Some(T0 + 16 * D), last_session_at: Some(T0 + 16 * D), ..fine() }, Level::Watch, vec!["no_next_session"]),
            ("no next session, last 13 days ago", Facts { next_session_at: None, last_session_at: Some(T0 + 17 * D), ..fine() }, Level::Ok, vec![]),
            ("diary overdue", Facts { diary_missing_since: Some(T0 + 23 * D), ..fine() }, Level::Watch, vec!["diary_overdue"]),
            ("diary 6 days", Facts { diary_missing_since: Some(T0 + 24 * D), ..fine() }, Level::Ok, vec![]),
            ("message unanswered", Facts { unanswered_since: Some(T0 + 23 * D), ..fine() }, Level::Watch, vec!["message_unanswered"]),
            ("stage overdue", Facts { stage_days: 29, ..fine() }, Level::Watch, vec!["stage_overdue"]),
            ("fit concern", Facts { fit_concern: true, ..fine() }, Level::AtRisk, vec!["fit_concern"]),
            ("help requested", Facts { help_requested: true, ..fine() }, Level::AtRisk, vec!["help_requested"]),
        ];
        for (name, f, level, expected) in cases {
            let h = assess(&f, &r);
            assert_eq!(h.level, level, "{name}: {:?}", h.reasons);
            assert_eq!(rules_of(f), expected, "{name}");
        }
    }

    #[test]
    fn the_templates_thresholds_are_used_and_checked() {
        let strict = Rules { quiet_watch_days: 5, ..Rules::default() };
        let f = Facts { last_interaction_at: Some(T0 + 24 * D), ..fine() };
        assert_eq!(assess(&f, &strict).level, Level::Watch);
        assert_eq!(assess(&f, &Rules::default()).level, Level::Ok);
        assert!(strict.checked().is_ok());
        assert_eq!(Rules { quiet_at_risk_days: 70, ..Rules::default() }.checked().unwrap_err().field, "health.quiet_at_risk_days");
        assert_eq!(Rules { diary_days: 0, ..Rules::default() }.checked().unwrap_err().field, "health.diary_days");
    }

    fn at_risk() -> Health {
        Health { level: Level::AtRisk, reasons: vec![Reason::Quiet { days: 35 }] }
    }

    #[test]
    fn nudges_once_a_week_per_rule() {
        let watch = Health { level: Level::Watch, reasons: vec![Reason::ContractLate { days: 14 }, Reason::FitConcern] };
        let (s1, m1) = ladder(&Memory::default(), &watch, T0);
        assert_eq!(s1, vec![Step::Nudge(Reason::ContractLate { days: 14 })], "private reasons never nudge the members");
        let (s2, m2) = ladder(&m1, &watch, T0 + 6 * D);
        assert!(s2.is_empty(), "not twice in a week");
        let (s3, _) = ladder(&m2, &watch, T0 + 7 * D);
        assert_eq!(s3.len(), 1, "again a week on");
        // Mended, then broken again: nudged at once.
        let (_, m4) = ladder(&m2, &Health { level: Level::Ok, reasons: vec![] }, T0 + D);
        let (s5, _) = ladder(&m4, &watch, T0 + 2 * D);
        assert_eq!(s5.len(), 1);
    }

    #[test]
    fn at_risk_tells_the_coordinator_once_then_the_admins_after_two_weeks() {
        let (s1, m1) = ladder(&Memory::default(), &at_risk(), T0);
        assert!(s1.contains(&Step::TellCoordinator) && !s1.contains(&Step::TellAdmins));
        let (s2, m2) = ladder(&m1, &at_risk(), T0 + 13 * D);
        assert!(!s2.contains(&Step::TellCoordinator) && !s2.contains(&Step::TellAdmins));
        let (s3, m3) = ladder(&m2, &at_risk(), T0 + 14 * D);
        assert!(s3.contains(&Step::TellAdmins));
        let (s4, _) = ladder(&m3, &at_risk(), T0 + 15 * D);
        assert!(!s4.contains(&Step::TellAdmins), "once per episode");
    }

    #[test]
    fn acknowledged_it_waits_until_the_snooze_or_worse() {
        let (_, m1) = ladder(&Memory::default(), &at_risk(), T0);
        let acked = acknowledge(&m1, Level::AtRisk, T0 + D, T0 + 30 * D).unwrap();
        assert!(!acked.needs_attention(Level::AtRisk, T0 + 2 * D));
        let (s, m2) = ladder(&acked, &at_risk(), T0 + 20 * D);
        assert!(!s.contains(&Step::TellAdmins), "acknowledged: the admins are not told");
        assert!(m2.needs_attention(Level::AtRisk, T0 + 31 * D), "back in the queue when the snooze ends");
        let stalled = Health { level: Level::Stalled, reasons: vec![Reason::Quiet { days: 60 }] };
        assert!(acked.needs_attention(Level::Stalled, T0 + 2 * D), "worse than acknowledged: back in the queue");
        let (s, _) = ladder(&acked, &stalled, T0 + 2 * D);
        assert!(s.contains(&Step::TellAdmins), "stalled tells every admin");
        assert_eq!(acknowledge(&m1, Level::AtRisk, T0, T0).unwrap_err().field, "snooze_until");
        assert!(acknowledge(&m1, Level::AtRisk, T0, T0 + 121 * D).is_err());
    }

    #[test]
    fn an_episode_ends_below_at_risk_and_a_new_one_tells_again() {
        let (_, m1) = ladder(&Memory::default(), &at_risk(), T0);
        let (_, m2) = ladder(&m1, &Health { level: Level::Watch, reasons: vec![Reason::Quiet { days: 22 }] }, T0 + D);
        assert_eq!(m2.trouble_since, None);
        let (s, _) = ladder(&m2, &at_risk(), T0 + 2 * D);
        assert!(s.contains(&Step::TellCoordinator));
    }

    #[test]
    fn a_hold_moves_by_the_rules() {
        let now = T0 + 30 * D;
        let code = |r: Result<HoldMove, crate::domain::error::ApiError>| r.map_err(|e| e.code.to_string());
        assert_eq!(code(hold_move(true, None, Some(now + 10 * D), now)), Ok(HoldMove::Hold { until: now + 10 * D }));
        assert_eq!(code(hold_move(true, Some(now + D), Some(now + 20 * D), now)), Ok(HoldMove::Extend { until: now + 20 * D }));
        assert_eq!(code(hold_move(true, Some(now + D), None, now)), Ok(HoldMove::Resume));
        // A hold whose day came is over: asking to resume it finds nothing on hold; a new date holds it again.
        assert_eq!(code(hold_move(true, Some(now), None, now)), Err("not_on_hold".into()));
        assert_eq!(code(hold_move(true, Some(now), Some(now + D), now)), Ok(HoldMove::Hold { until: now + D }));
        assert_eq!(code(hold_move(false, None, Some(now + D), now)), Err("not_active".into()));
        assert_eq!(code(hold_move(true, None, Some(now), now)), Err("out_of_range".into()));
        assert_eq!(code(hold_move(true, None, Some(now + MAX_SNOOZE_MS + D), now)), Err("out_of_range".into()));
        assert!(on_hold(Some(now + 1), now) && !on_hold(Some(now), now) && !on_hold(None, now));
        assert!(hold_ended(Some(now), now) && !hold_ended(Some(now + 1), now) && !hold_ended(None, now));
    }

    #[test]
    fn time_on_hold_does_not_count() {
        // Held from day 30 to day 70.
        let before = Memory { trouble_since: Some(T0 + 20 * D), snooze_until: Some(T0 + 40 * D), ..Memory::default() };
        let on = HoldMove::Hold { until: T0 + 70 * D }.memory(&before, T0 + 30 * D);
        assert_eq!(on.held_since, Some(T0 + 30 * D));
        let back = HoldMove::Resume.memory(&on, T0 + 70 * D);
        assert_eq!((back.holds.clone(), back.held_since, back.trouble_since, back.snooze_until), (vec![(T0 + 30 * D, T0 + 70 * D)], None, None, None));
        // Two days after: last heard of on day 29, so quiet for 3 days; the diary missing since then is 3 days late.
        let f = Facts {
            now: T0 + 72 * D,
            last_interaction_at: Some(T0 + 29 * D),
            next_session_at: None,
            last_session_at: Some(T0 + 29 * D),
            diary_missing_since: Some(T0 + 29 * D),
            stage_days: 40,
            holds: back.holds.clone(),
            ..fine()
        };
        assert_eq!(rules_of(f.clone()), Vec::<&str>::new());
        // Without the hold the same facts are in trouble.
        assert_eq!(rules_of(Facts { holds: Vec::new(), ..f.clone() }), vec!["quiet", "no_next_session", "diary_overdue", "stage_overdue"]);
        // The clock runs on after the resumption: 20 days later, 21 days quiet (day 29 to 30, and 70 to 90).
        let later = assess(&Facts { now: T0 + 90 * D, ..f.clone() }, &Rules::default());
        assert!(later.reasons.contains(&Reason::Quiet { days: 21 }), "{:?}", later.reasons);
        // A project quiet for 60 days before its hold is still stalled when it comes back.
        let stalled = Facts { now: T0 + 100 * D, last_interaction_at: Some(T0 + 10 * D), holds: vec![(T0 + 70 * D, T0 + 100 * D)], ..f };
        assert_eq!(assess(&stalled, &Rules::default()).level, Level::Stalled);
        // Only the last holds are remembered.
        let mut m = Memory::default();
        for i in 0..30 {
            m = HoldMove::Resume.memory(&HoldMove::Hold { until: 0 }.memory(&m, i * 10 * D), i * 10 * D + D);
        }
        assert_eq!(m.holds.len(), MAX_HOLDS);
        assert_eq!(m.holds.last(), Some(&(290 * D, 291 * D)));
    }
}
