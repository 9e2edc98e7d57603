//! The session plan in the project's space: sessions (UTC start with the organiser's zone), their moves (every
//! change of time is kept), mentees' proposed changes, and what the calendar files need. Rules: `domain::plan`.

use super::journey::Who;
use super::{ToRows, int, opt_text, text, ProjectSpace};
use crate::domain::error::{ApiError, Invalid};
use crate::domain::plan::{self as rules, Action, Details, EditInput, Facts, ProposalAction, ProposalFacts, ProposalInput, ProposalState, Recipient, RescheduleInput, Roles, Session, SessionInput, State};
use serde::Serialize;
use worker::SqlStorageValue;

pub const SCHEMA: &[&str] = &[
    "CREATE TABLE IF NOT EXISTS sessions (id TEXT PRIMARY KEY, topic TEXT NOT NULL, start_at INTEGER NOT NULL, zone TEXT NOT NULL, \
     duration INTEGER NOT NULL, mode TEXT NOT NULL, place TEXT NOT NULL, homework TEXT NOT NULL, diarist_id TEXT, state TEXT NOT NULL, \
     reason TEXT NOT NULL, sequence INTEGER NOT NULL, reminded INTEGER NOT NULL, nudged INTEGER NOT NULL, created_by TEXT NOT NULL, \
     created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, held_at INTEGER)",
    "CREATE INDEX IF NOT EXISTS sessions_start ON sessions (start_at)",
    "CREATE TABLE IF NOT EXISTS session_moves (id TEXT PRIMARY KEY, session_id TEXT NOT NULL, from_start INTEGER NOT NULL, \
     to_start INTEGER NOT NULL, zone TEXT NOT NULL, by_id TEXT NOT NULL, at INTEGER NOT NULL)",
    "CREATE INDEX IF NOT EXISTS session_moves_session ON session_moves (session_id, at)",
    "CREATE TABLE IF NOT EXISTS session_proposals (id TEXT PRIMARY KEY, session_id TEXT NOT NULL, by_id TEXT NOT NULL, start_at INTEGER, \
     zone TEXT NOT NULL, topic TEXT, state TEXT NOT NULL, at INTEGER NOT NULL, answered_at INTEGER)",
    "CREATE INDEX IF NOT EXISTS session_proposals_session ON session_proposals (session_id, at)",
];

crate::app::store::row! {
    #[derive(Serialize, Clone)]
    pub struct Row {
        pub id: String,
        pub topic: String,
        pub start_at: i64,
        pub zone: String,
        pub duration: i64,
        pub mode: String,
        pub place: String,
        pub homework: String,
        pub diarist_id: Option<String>,
        pub state: String,
        pub reason: String,
        pub sequence: i64,
        pub reminded: i64,
        pub nudged: i64,
        pub created_by: String,
        pub created_at: i64,
        pub updated_at: i64,
        pub held_at: Option<i64>,
    }
}

const COLUMNS: &str = "id, topic, start_at, zone, duration, mode, place, homework, diarist_id, state, reason, sequence, reminded, nudged, \
    created_by, created_at, updated_at, held_at";

crate::app::store::row! {
    #[derive(Serialize, Clone)]
    pub struct Move {
        pub id: String,
        pub session_id: String,
        pub from_start: i64,
        pub to_start: i64,
        pub zone: String,
        pub by_id: String,
        pub at: i64,
    }
}

crate::app::store::row! {
    #[derive(Serialize, Clone)]
    pub struct Proposal {
        pub id: String,
        pub session_id: String,
        pub by_id: String,
        pub start_at: Option<i64>,
        pub zone: String,
        pub topic: Option<String>,
        pub state: String,
        pub at: i64,
        pub answered_at: Option<i64>,
    }
}

crate::domain::input::input! {
    #[derive(Serialize)]
    /// One operation on the plan: `op` is create (`session`, at each of `starts` when given: a repeat rule the
    /// worker expanded, with `ids` for them), act (hold, miss, cancel with `reason`), edit, reschedule, propose,
    /// answer (`item`: the proposal; `accept`), or list.
    pub struct Op {
        pub who: Who,
        pub op: String,
        pub id: String,
        pub ids: Vec<String>,
        pub starts: Vec<i64>,
        pub session: Option<SessionInput>,
        pub edit: Option<EditInput>,
        pub reschedule: Option<RescheduleInput>,
        pub proposal: Option<ProposalInput>,
        pub item: String,
        pub accept: bool,
        pub action: String,
        pub reason: String,
    }
}

/// A session as the plan shows it: its number, its moves and proposals, its diary's state, what I may do.
#[derive(Serialize)]
pub struct SessionView {
    #[serde(flatten)]
    pub session: Row,
    pub number: i64,
    pub moves: Vec<Move>,
    pub proposals: Vec<Proposal>,
    pub diary: Option<super::diary::Meta>,
    pub actions: Vec<&'static str>,
}

#[derive(Serialize)]
pub struct View {
    pub sessions: Vec<SessionView>,
    /// Notices to send: (kind, who), after a move that tells.
    pub tell: Vec<(String, Vec<String>)>,
    /// The sessions this operation made or moved (for the warnings on hours).
    pub touched: Vec<String>,
}

fn roles(w: &Who) -> Roles {
    Roles { mentor: w.mentor && w.member, mentee: w.mentee && w.member }
}


impl ProjectSpace {
    pub(super) fn session_rows(&self, filter: &str, args: Vec<SqlStorageValue>) -> Result<Vec<Row>, ApiError> {
        self.sql.exec(&format!("SELECT {COLUMNS} FROM sessions {filter}"), args)?.to_rows::<Row>()
    }

    pub(super) fn session(&self, id: &str) -> Result<Row, ApiError> {
        self.session_rows("WHERE id = ?", vec![text(id)])?.into_iter().next().ok_or_else(ApiError::not_found)
    }

    fn session_facts(&self, s: &Row, w: &Who) -> Result<Facts, ApiError> {
        Ok(Facts { state: Some(State::parse(&s.state).ok_or_else(ApiError::internal)?), start: s.start_at, now: w.at, mentees_edit: w.mentees_edit })
    }

    /// Who fills in the diary when nobody is named: the mentee (one to one), or the group's next in turn after the
    /// last held session's diarist, skipping who was absent then.
    fn default_diarist(&self, w: &Who) -> Result<Option<String>, ApiError> {
        if !w.is_group {
            return Ok(w.mentees.first().cloned());
        }
        let held = self.session_rows("WHERE state = 'held' ORDER BY start_at", Vec::new())?;
        let mut past = Vec::new();
        for s in held {
            past.push((s.diarist_id.clone(), self.absent_at(&s.id)?));
        }
        Ok(rules::next_diarist(&w.mentees, &past))
    }

    pub fn plan_view(&self, w: &Who) -> Result<View, ApiError> {
        let mut sessions = Vec::new();
        for (i, s) in self.session_rows("ORDER BY start_at, id", Vec::new())?.into_iter().enumerate() {
            let f = self.session_facts(&s, w)?;
            let mut actions: Vec<&'static str> = rules::available(f, roles(w)).into_iter().map(Action::as_str).collect();
            let proposals: Vec<Proposal> = self.sql.exec(
                "SELECT id, session_id, by_id, start_at, zone, topic, state, at, answered_at FROM session_proposals WHERE session_id = ? ORDER BY at",
                vec![text(&s.id)],
            )?.to_rows()?;
            let current = proposals.last().and_then(|p| ProposalState::parse(&p.state));
            let pf = ProposalFacts { session: f.state.unwrap_or(State::Planned), current, proposed_start: proposals.last().and_then(|p| p.start_at), now: w.at };
            for (action, name) in [(ProposalAction::Propose, "propose"), (ProposalAction::Accept, "accept"), (ProposalAction::Reject, "reject")] {
                if rules::proposal_next(pf, action, roles(w)).is_ok() {
                    actions.push(name);
                }
            }
            let (mut s, mut proposals) = (s, proposals);
            if !w.member {
                // The coordinator: when, how long, how and in what state; never topics, places, homework or reasons.
                s.topic.clear();
                s.place.clear();
                s.homework.clear();
                s.reason.clear();
                for p in &mut proposals {
                    p.topic = None;
                }
            }
            sessions.push(SessionView {
                number: i64::try_from(i).unwrap_or(0) + 1,
                moves: self.sql.exec("SELECT id, session_id, from_start, to_start, zone, by_id, at FROM session_moves WHERE session_id = ? ORDER BY at", vec![text(&s.id)])?.to_rows()?,
                proposals,
                diary: self.diary_meta(&s.id)?,
                actions,
                session: s,
            });
        }
        Ok(View { sessions, tell: Vec::new(), touched: Vec::new() })
    }

    pub fn plan_op(&self, o: &Op) -> Result<View, ApiError> {
        let w = &o.who;
        let at = w.at;
        let mut tell: Vec<(String, Vec<String>)> = Vec::new();
        let mut touched = Vec::new();
        let others = |list: &[String]| list.iter().filter(|m| **m != w.user_id).cloned().collect::<Vec<_>>();
        let missing = |field: &str| ApiError::from(Invalid::new(field, "required", "This field is required."));
        match o.op.as_str() {
            "create" => {
                let input = o.session.as_ref().ok_or_else(|| missing("start"))?;
                let planning = Facts { state: None, start: input.start, now: at, mentees_edit: w.mentees_edit };
                let starts: Vec<(String, i64)> = if o.starts.is_empty() {
                    vec![(o.id.clone(), input.start)]
                } else {
                    o.ids.iter().cloned().zip(o.starts.iter().copied()).collect()
                };
                let mut diarists = Vec::new();
                for (n, (id, start)) in starts.iter().enumerate() {
                    let one = SessionInput { start: *start, ..input.clone() };
                    let s = Session::parse(&one, at, &w.mentees)?;
                    let named = s.details.diarist.is_some();
                    // In a series, only the next session gets its diarist in a group (the turn moves as sessions are held).
                    let diarist = match s.details.diarist.clone() {
                        Some(d) => Some(d),
                        None if n == 0 || !w.is_group => self.default_diarist(w)?,
                        None => None,
                    };
                    let e = rules::effects(planning, Action::Plan, roles(w), named || diarist.is_some())?;
                    self.insert_session(id, &s, diarist.as_deref(), w)?;
                    if let Some(d) = &diarist {
                        if e.tell.iter().any(|(r, _)| *r == Recipient::Diarist) && !diarists.contains(d) {
                            diarists.push(d.clone());
                        }
                    }
                    touched.push(id.clone());
                }
                tell.push(("session_planned".into(), others(&w.members)));
                if !diarists.is_empty() {
                    tell.push(("diary_yours".into(), others(&diarists)));
                }
            }
            "act" => {
                let s = self.session(&o.id)?;
                let action = Action::parse(&o.action).filter(|a| matches!(a, Action::Hold | Action::Miss | Action::Cancel)).ok_or_else(|| {
                    ApiError::from(Invalid::new("action", "not_in_list", "Choose hold, miss or cancel."))
                })?;
                let e = rules::effects(self.session_facts(&s, w)?, action, roles(w), false)?;
                let reason = if action == Action::Cancel { rules::parse_reason(&o.reason)? } else { String::new() };
                self.sql.exec(
                    "UPDATE sessions SET state = ?, reason = ?, sequence = sequence + 1, updated_at = ?, \
                     held_at = CASE WHEN ? = 'held' THEN COALESCE(held_at, ?) ELSE NULL END WHERE id = ?",
                    vec![text(e.to.as_str()), text(&reason), int(at), text(e.to.as_str()), int(at), text(&s.id)],
                )?;
                if e.to != State::Planned {
                    // A proposal never outlives its session's plan.
                    self.sql.exec("UPDATE session_proposals SET state = 'rejected', answered_at = ? WHERE session_id = ? AND state = 'pending'", vec![int(at), text(&s.id)])?;
                }
                if !e.tell.is_empty() {
                    tell.push(("session_cancelled".into(), others(&w.members)));
                }
            }
            "edit" => {
                let s = self.session(&o.id)?;
                let d = Details::parse(o.edit.as_ref().ok_or_else(|| missing("duration"))?, &w.mentees)?;
                let new_diarist = d.diarist.is_some() && d.diarist != s.diarist_id;
                let e = rules::effects(self.session_facts(&s, w)?, Action::Edit, roles(w), new_diarist)?;
                self.update_details(&s.id, &d, d.diarist.as_deref().or(s.diarist_id.as_deref()), at)?;
                if let Some(d) = d.diarist.as_ref().filter(|_| e.tell.iter().any(|(r, _)| *r == Recipient::Diarist)) {
                    tell.push(("diary_yours".into(), others(std::slice::from_ref(d))));
                }
            }
            "reschedule" => {
                let s = self.session(&o.id)?;
                let (start, zone) = rules::parse_reschedule(o.reschedule.as_ref().ok_or_else(|| missing("start"))?, at)?;
                let e = rules::effects(self.session_facts(&s, w)?, Action::Reschedule, roles(w), false)?;
                self.move_session(&s, start, &zone, &w.user_id, &o.item, at)?;
                touched.push(s.id.clone());
                if !e.tell.is_empty() {
                    tell.push(("session_changed".into(), others(&w.members)));
                }
            }
            "propose" => {
                let s = self.session(&o.id)?;
                let (start, topic) = rules::parse_proposal(o.proposal.as_ref().ok_or_else(|| missing("start"))?, at)?;
                let last = self.last_proposal(&s.id)?;
                let pf = ProposalFacts { session: State::parse(&s.state).unwrap_or(State::Cancelled), current: last.as_ref().and_then(|p| ProposalState::parse(&p.state)), proposed_start: None, now: at };
                rules::proposal_next(pf, ProposalAction::Propose, roles(w))?;
                self.sql.exec(
                    "INSERT INTO session_proposals (id, session_id, by_id, start_at, zone, topic, state, at, answered_at) VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, NULL)",
                    vec![text(&o.item), text(&s.id), text(&w.user_id), start.map_or(SqlStorageValue::Null, int), text(&s.zone), opt_text(topic.as_deref()), int(at)],
                )?;
                tell.push(("session_proposed".into(), others(std::slice::from_ref(&w.mentor_id))));
            }
            "answer" => {
                let s = self.session(&o.id)?;
                let p = self.last_proposal(&s.id)?.filter(|p| p.id == o.item).ok_or_else(ApiError::not_found)?;
                let pf = ProposalFacts { session: State::parse(&s.state).unwrap_or(State::Cancelled), current: ProposalState::parse(&p.state), proposed_start: p.start_at, now: at };
                let action = if o.accept { ProposalAction::Accept } else { ProposalAction::Reject };
                let to = rules::proposal_next(pf, action, roles(w))?;
                self.sql.exec("UPDATE session_proposals SET state = ?, answered_at = ? WHERE id = ?", vec![text(to.as_str()), int(at), text(&p.id)])?;
                if to == ProposalState::Accepted {
                    if let Some(start) = p.start_at {
                        self.move_session(&s, start, &p.zone, &w.user_id, &format!("{}m", p.id), at)?;
                        touched.push(s.id.clone());
                    }
                    if let Some(topic) = &p.topic {
                        self.sql.exec("UPDATE sessions SET topic = ?, sequence = sequence + 1, updated_at = ? WHERE id = ?", vec![text(topic), int(at), text(&s.id)])?;
                    }
                    tell.push(("session_changed".into(), others(&w.members)));
                } else {
                    tell.push(("proposal_answered".into(), others(std::slice::from_ref(&p.by_id))));
                }
            }
            "list" => {}
            _ => return Err(ApiError::not_found()),
        }
        if o.op != "list" {
            self.changed();
        }
        let mut v = self.plan_view(w)?;
        v.tell = tell.into_iter().filter(|(_, who)| !who.is_empty()).collect();
        v.touched = touched;
        Ok(v)
    }

    fn insert_session(&self, id: &str, s: &Session, diarist: Option<&str>, w: &Who) -> Result<(), ApiError> {
        let d = &s.details;
        self.sql.exec(
            &format!("INSERT INTO sessions ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'planned', '', 0, 0, 0, ?, ?, ?, NULL)"),
            vec![
                text(id), text(&d.topic), int(s.start), text(&s.zone), int(d.duration_min), text(d.mode.as_str()), text(&d.place), text(&d.homework),
                opt_text(diarist), text(&w.user_id), int(w.at), int(w.at),
            ],
        )?;
        Ok(())
    }

    fn update_details(&self, id: &str, d: &Details, diarist: Option<&str>, at: i64) -> Result<(), ApiError> {
        self.sql.exec(
            "UPDATE sessions SET topic = ?, duration = ?, mode = ?, place = ?, homework = ?, diarist_id = ?, sequence = sequence + 1, updated_at = ? WHERE id = ?",
            vec![text(&d.topic), int(d.duration_min), text(d.mode.as_str()), text(&d.place), text(&d.homework), opt_text(diarist), int(at), text(id)],
        )?;
        Ok(())
    }

    /// A new time for a session: the row stays, the move is kept (the plan's "updated versions").
    fn move_session(&self, s: &Row, start: i64, zone: &str, by: &str, move_id: &str, at: i64) -> Result<(), ApiError> {
        self.sql.exec(
            "INSERT INTO session_moves (id, session_id, from_start, to_start, zone, by_id, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            vec![text(move_id), text(&s.id), int(s.start_at), int(start), text(zone), text(by), int(at)],
        )?;
        self.sql.exec(
            "UPDATE sessions SET start_at = ?, zone = ?, reminded = 0, sequence = sequence + 1, updated_at = ? WHERE id = ?",
            vec![int(start), text(zone), int(at), text(&s.id)],
        )?;
        Ok(())
    }

    fn last_proposal(&self, session: &str) -> Result<Option<Proposal>, ApiError> {
        let rows: Vec<Proposal> = self.sql.exec(
            "SELECT id, session_id, by_id, start_at, zone, topic, state, at, answered_at FROM session_proposals WHERE session_id = ? ORDER BY at DESC, id DESC LIMIT 1",
            vec![text(session)],
        )?.to_rows()?;
        Ok(rows.into_iter().next())
    }
}
