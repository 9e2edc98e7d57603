//! The reminders a project's space sends by itself when they fall due (its alarm wakes it): a session starting in
//! about a day (with its time in each recipient's zone), a contract still unsigned 3 and 7 days after it was
//! proposed, a diary missing 3 days after its session, an objective past its due date (these three sleep while the
//! project is on hold: they are marked, not sent). Each is sent once: it is
//! marked only after D1 has the notices, so a failure sends it on the next wake instead of losing it.

use super::{int, int_at, raw_rows, text, ProjectSpace};
use crate::app::store::notifications::{notify, Notice, To};
use crate::app::store::{self, Db, Start};
use crate::domain::contract;
use crate::domain::diary;
use crate::domain::error::ApiError;
use crate::domain::notifications::Kind;
use crate::domain::plan::{self, DAY_MS};
use worker::SqlStorageValue;

/// One notice to send, and the row to mark once it is sent (`mark`: SQL with one `?` for the id).
struct Due {
    to: Vec<String>,
    kind: Kind,
    /// A session's start, shown in each recipient's zone.
    start: Option<(i64, String)>,
    mark: &'static str,
    id: String,
    value: i64,
}

impl ProjectSpace {
    /// Who must sign the contract (the worker says it with every contract operation), for the reminders.
    pub(super) fn remember_signatories(&self, required: &[String]) -> Result<(), ApiError> {
        let list = serde_json::to_string(required).map_err(|_| ApiError::internal())?;
        self.sql.exec(
            "INSERT INTO meta (key, value) VALUES ('signatories', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value WHERE value <> excluded.value",
            vec![text(&list)],
        )?;
        Ok(())
    }

    pub(super) fn meta_list(&self, key: &str) -> Result<Vec<String>, ApiError> {
        let rows = raw_rows(self.sql.exec("SELECT value FROM meta WHERE key = ?", vec![text(key)])?)?;
        Ok(match rows.first().and_then(|r| r.first()) {
            Some(SqlStorageValue::String(v)) => serde_json::from_str(v).unwrap_or_default(),
            _ => Vec::new(),
        })
    }

    pub(super) fn meta_text(&self, key: &str) -> Result<String, ApiError> {
        let rows = raw_rows(self.sql.exec("SELECT value FROM meta WHERE key = ?", vec![text(key)])?)?;
        Ok(match rows.first().and_then(|r| r.first()) {
            Some(SqlStorageValue::String(v)) => v.clone(),
            _ => String::new(),
        })
    }

    /// When the next reminder falls due (None: none waits).
    pub(super) fn next_reminder(&self, now: i64) -> Result<Option<i64>, ApiError> {
        let first = |sql: &str| -> Result<Option<i64>, ApiError> {
            let rows = raw_rows(self.sql.exec(sql, None)?)?;
            Ok(rows.first().and_then(|r| int_at(r, 0).ok()).filter(|v| *v > 0))
        };
        let candidates = [
            // Sessions already begun are past reminding (they are marked so by `due_now`).
            first(&format!("SELECT MIN(start_at) - 86400000 FROM sessions WHERE state = 'planned' AND reminded = 0 AND start_at > {now}"))?,
            first("SELECT MIN(clock_at + CASE reminders WHEN 0 THEN 3 ELSE 7 END * 86400000) FROM contracts WHERE state = 'awaiting_signatures' AND reminders < 2 AND clock_at IS NOT NULL")?,
            first("SELECT MIN(COALESCE(held_at, start_at) + 3 * 86400000) FROM sessions s WHERE state = 'held' AND nudged = 0")?,
            self.objectives_due()?.into_iter().map(|(_, _, due)| due).min(),
        ];
        Ok(candidates.into_iter().flatten().min())
    }

    /// Open objectives not yet reminded of: (id, goal, when they become overdue: the day after their due date).
    fn objectives_due(&self) -> Result<Vec<(String, String, i64)>, ApiError> {
        let rows = raw_rows(self.sql.exec(
            "SELECT o.id, o.goal_id, o.due FROM objectives o JOIN goals g ON g.id = o.goal_id \
             WHERE o.due IS NOT NULL AND o.done_at IS NULL AND o.nudged = 0 AND g.state IN ('proposed', 'agreed')",
            None,
        )?)?;
        Ok(rows
            .into_iter()
            .filter_map(|r| match (r.first(), r.get(1), r.get(2)) {
                (Some(SqlStorageValue::String(id)), Some(SqlStorageValue::String(goal)), Some(SqlStorageValue::String(due))) => {
                    contract::day_number(due).map(|d| (id.clone(), goal.clone(), (d + 1) * DAY_MS))
                }
                _ => None,
            })
            .collect())
    }

    fn due_now(&self, t: i64) -> Result<Vec<Due>, ApiError> {
        let mut out = Vec::new();
        // Too late to remind of a session that has begun (a wake that came late): never again.
        self.sql.exec("UPDATE sessions SET reminded = 1 WHERE state = 'planned' AND reminded = 0 AND start_at <= ?", vec![int(t)])?;
        let mentor = self.meta_text("mentor")?;
        let mut members = self.meta_list("mentees")?;
        if !mentor.is_empty() {
            members.push(mentor.clone());
        }
        for s in self.session_rows("WHERE state = 'planned' AND reminded = 0 AND start_at > ? AND start_at <= ?", vec![int(t), int(t + DAY_MS)])? {
            if plan::reminder_due(plan::State::Planned, s.start_at, t, false) {
                out.push(Due { to: members.clone(), kind: Kind::SessionSoon, start: Some((s.start_at, s.zone.clone())), mark: "UPDATE sessions SET reminded = ? WHERE id = ?", id: s.id, value: 1 });
            }
        }
        let signatories = self.meta_list("signatories")?;
        let awaiting = raw_rows(self.sql.exec("SELECT id, clock_at, reminders, hash FROM contracts WHERE state = 'awaiting_signatures' AND clock_at IS NOT NULL", None)?)?;
        for r in awaiting {
            let (Some(SqlStorageValue::String(id)), Some(SqlStorageValue::String(hash))) = (r.first(), r.get(3)) else { continue };
            let sent = u8::try_from(int_at(&r, 2)?).unwrap_or(2);
            if let Some(n) = contract::reminders_due(int_at(&r, 1)?, t, sent) {
                let signed: Vec<String> = raw_rows(self.sql.exec("SELECT user_id FROM contract_signatures WHERE contract_id = ? AND hash = ?", vec![text(id), text(hash)])?)?
                    .into_iter()
                    .filter_map(|x| match x.first() {
                        Some(SqlStorageValue::String(u)) => Some(u.clone()),
                        _ => None,
                    })
                    .collect();
                let unsigned = signatories.iter().filter(|p| !signed.contains(p)).cloned().collect();
                out.push(Due { to: unsigned, kind: Kind::ContractUnsigned, start: None, mark: "UPDATE contracts SET reminders = ? WHERE id = ?", id: id.clone(), value: i64::from(n) });
            }
        }
        for s in self.session_rows("WHERE state = 'held' AND nudged = 0", Vec::new())? {
            let state = self.diary_meta(&s.id)?.and_then(|m| diary::State::parse(&m.state));
            let held = s.held_at.unwrap_or(s.start_at).max(s.start_at);
            if diary::missing(held, t, state) {
                let to = s.diarist_id.clone().into_iter().collect();
                out.push(Due { to, kind: Kind::DiaryMissing, start: None, mark: "UPDATE sessions SET nudged = ? WHERE id = ?", id: s.id, value: 1 });
            } else if state.is_some_and(|x| x != diary::State::Draft) {
                // Written in time: nothing to nudge about, ever.
                self.sql.exec("UPDATE sessions SET nudged = 1 WHERE id = ?", vec![text(&s.id)])?;
            }
        }
        for (id, goal, due) in self.objectives_due()? {
            if due <= t {
                let owner = raw_rows(self.sql.exec("SELECT owner_id FROM goals WHERE id = ?", vec![text(&goal)])?)?;
                let mut to: Vec<String> = owner.first().and_then(|r| match r.first() {
                    Some(SqlStorageValue::String(o)) => Some(o.clone()),
                    _ => None,
                }).into_iter().collect();
                if !mentor.is_empty() && !to.contains(&mentor) {
                    to.push(mentor.clone());
                }
                out.push(Due { to, kind: Kind::ObjectiveOverdue, start: None, mark: "UPDATE objectives SET nudged = ? WHERE id = ?", id, value: 1 });
            }
        }
        Ok(out)
    }

    /// Sends what is due now, then says when to look again.
    pub(super) async fn send_reminders(&self, t: i64) -> Result<Option<i64>, ApiError> {
        let due = self.due_now(t)?;
        if !due.is_empty() {
            let project = self.project()?;
            let db = Db::open(&self.env, Start::Primary)?;
            let p = store::mentoring::project(&db, &project).await?.ok_or_else(ApiError::not_found)?;
            let people: Vec<String> = due.iter().flat_map(|d| d.to.iter().cloned()).collect();
            let zones = store::profiles::zones(&db, &people).await?;
            let intl = crate::app::zones::IntlZones::default();
            let base = crate::app::http::env_var(&self.env, "APP_URL").unwrap_or_default();
            let mut statements = Vec::new();
            // On hold, the nudges sleep (they are marked, not sent); a session still planned is still reminded of.
            let held = crate::domain::health::on_hold(p.hold_until, t);
            // Nor do those of a module the community turned off.
            let modules = store::communities::modules(&db, &p.community_id).await?;
            let module_on = |k: Kind| match k {
                Kind::ContractUnsigned => modules.on(crate::domain::community::Module::Contract),
                Kind::DiaryMissing => modules.on(crate::domain::community::Module::Diary),
                Kind::ObjectiveOverdue => modules.on(crate::domain::community::Module::Goals),
                _ => true,
            };
            for d in due.iter().filter(|d| (!held || d.kind == Kind::SessionSoon) && module_on(d.kind)) {
                let section = match d.kind {
                    Kind::ContractUnsigned => "contract",
                    Kind::ObjectiveOverdue => "goals",
                    _ => "plan",
                };
                let link = format!("{}/projects/{project}/{section}", base.trim_end_matches('/'));
                for person in d.to.iter().filter(|x| !x.is_empty()) {
                    let note = match &d.start {
                        Some((start, organiser)) => {
                            let zone = zones.iter().find(|z| &z.user_id == person).map(|z| z.timezone.clone()).filter(|z| !z.is_empty()).unwrap_or_else(|| organiser.clone());
                            format!("{} ({zone})", plan::local_label(&intl, &zone, *start))
                        }
                        None => String::new(),
                    };
                    let n = Notice { to: To::User(person), kind: d.kind, project: Some(&project), community: Some(&p.community_id), actor: None, title: &p.title, note: &note, link: &link };
                    statements.extend(notify(&db, &n, t, None)?);
                }
            }
            if !statements.is_empty() {
                store::batch(&db, statements).await?;
            }
            for d in &due {
                self.sql.exec(d.mark, vec![int(d.value), text(&d.id)])?;
            }
        }
        self.next_reminder(t)
    }

    /// After a change of the process: the alarm must look when the next reminder falls due.
    pub(super) fn schedule_reminders(&self) {
        match self.next_reminder(super::now()) {
            Ok(Some(at)) => self.wake_by(at),
            Ok(None) => {}
            Err(e) => worker::console_error!("project space: reminders: {}", e.message),
        }
    }
}
