//! The project's process in figures, from its space: what the stage's checklist reads (`domain::journey::Progress`)
//! and what D1 keeps for coordinators, health and reports (`store::journey::Progress`: states, dates and counts of
//! the contract, goals, sessions and diaries; never their text).

use super::ToRows;
use super::ProjectSpace;
use crate::app::store::journey::Progress as Stored;
use crate::domain::error::ApiError;
use crate::domain::journey::Progress;

crate::domain::input::input! {
    #[derive(serde::Serialize, Clone)]
    /// Who asks, as the worker established it from D1 (the space knows nothing of people otherwise), and the
    /// project's people and settings the process's rules read.
    pub struct Who {
        pub user_id: String,
        /// An active member (mentor or mentee).
        pub member: bool,
        pub mentor: bool,
        pub mentee: bool,
        pub coordinator: bool,
        /// The project's active mentees, in the order they joined, and every active member.
        pub mentees: Vec<String>,
        pub members: Vec<String>,
        /// The project's mentor (its diary's commenter).
        pub mentor_id: String,
        pub is_group: bool,
        /// The journey lets mentees edit the plan.
        pub mentees_edit: bool,
        pub at: i64,
    }
}

crate::domain::input::input! {
    #[derive(serde::Serialize)]
    pub struct Ask {
        /// The project's mentor and active mentees (the worker knows them).
        pub mentor: String,
        pub mentees: Vec<String>,
        /// The worker's clock (a test may set it); else the object's.
        pub at: Option<i64>,
    }
}

pub const SCHEMA: &[&str] = &[
    // The project's own follow-up of its journey's action plan (organisational mentoring): one row per row of the grid.
    "CREATE TABLE IF NOT EXISTS action_items (row INTEGER PRIMARY KEY, owner TEXT NOT NULL, due TEXT, state TEXT NOT NULL, \
     note TEXT NOT NULL, updated_by TEXT NOT NULL, updated_at INTEGER NOT NULL)",
];

crate::app::store::row! {
    #[derive(serde::Serialize)]
    pub struct ActionItem {
        pub row: i64,
        pub owner: String,
        pub due: Option<String>,
        pub state: String,
        pub note: String,
        pub updated_by: String,
        pub updated_at: i64,
    }
}

crate::domain::input::input! {
    #[derive(serde::Serialize)]
    /// A row of the action plan set by a member or the coordinator (`rows`: how many the journey's grid has).
    pub struct SetItem {
        pub who: Who,
        pub item: crate::domain::journey::ItemInput,
        pub rows: i64,
    }
}

impl ProjectSpace {
    /// The action plan's rows as the project set them.
    pub fn action_items(&self) -> Result<Vec<ActionItem>, ApiError> {
        self.sql.exec("SELECT row, owner, due, state, note, updated_by, updated_at FROM action_items ORDER BY row", None)?.to_rows()
    }

    pub fn set_action_item(&self, s: &SetItem) -> Result<Vec<ActionItem>, ApiError> {
        if !(s.who.member || s.who.coordinator) {
            return Err(ApiError::new(403, "not_allowed", "Only the project's members and its coordinator follow its action plan."));
        }
        let item = crate::domain::journey::PlanItem::parse(&s.item, usize::try_from(s.rows).unwrap_or(0))?;
        self.sql.exec(
            "INSERT INTO action_items (row, owner, due, state, note, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) \
             ON CONFLICT (row) DO UPDATE SET owner = excluded.owner, due = excluded.due, state = excluded.state, note = excluded.note, \
             updated_by = excluded.updated_by, updated_at = excluded.updated_at",
            vec![
                super::int(item.row), super::text(&item.owner), item.due.as_deref().map_or(worker::SqlStorageValue::Null, super::text),
                super::text(&item.state), super::text(&item.note), super::text(&s.who.user_id), super::int(s.who.at),
            ],
        )?;
        self.changed();
        self.action_items()
    }

    /// Keeps who the project's mentor and mentees are (the worker says it with every operation), for the figures the
    /// alarm pushes to D1 when nobody asks.
    pub(super) fn remember(&self, mentor: &str, mentees: &[String]) -> Result<(), ApiError> {
        let mentees = serde_json::to_string(mentees).map_err(|_| ApiError::internal())?;
        for (key, value) in [("mentor", mentor), ("mentees", mentees.as_str())] {
            self.sql.exec(
                "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value WHERE value <> excluded.value",
                vec![super::text(key), super::text(value)],
            )?;
        }
        Ok(())
    }

    fn remembered(&self) -> Result<(String, Vec<String>), ApiError> {
        Ok((self.meta_text("mentor")?, self.meta_list("mentees")?))
    }

    /// The checklist's facts, now.
    pub fn progress(&self, mentor: &str, mentees: &[String], now: i64) -> Result<Progress, ApiError> {
        Ok(self.figures_now(mentor, mentees, now)?.0)
    }

    fn figures_now(&self, mentor: &str, mentees: &[String], now: i64) -> Result<(Progress, Stored), ApiError> {
        let (state, contract_version, in_force, contracts) = self.contract_summary()?;
        let g = self.goals_summary(mentees)?;
        let f = self.figures(mentor, mentees)?;
        let (diaries_missing, diary_missing_since, diaries) = self.diaries_summary(now)?;
        let unanswered_since = self.unanswered_since()?;
        let sessions = self.session_rows("ORDER BY start_at", Vec::new())?;
        let held = i64::try_from(sessions.iter().filter(|s| s.state == "held").count()).unwrap_or(0);
        let next = sessions.iter().filter(|s| s.state == "planned" && s.start_at > now).map(|s| s.start_at).min();
        let session_detail: Vec<serde_json::Value> =
            sessions.iter().map(|s| serde_json::json!({"id": s.id, "start_at": s.start_at, "zone": s.zone, "mode": s.mode, "state": s.state})).collect();
        let progress = Progress {
            contract_in_force: in_force,
            mentees: i64::try_from(mentees.len()).unwrap_or(0),
            mentees_with_agreed_goal: g.mentees_with_agreed_goal,
            sessions_held: held,
            next_session_at: next,
            diaries_missing,
            interactions: f.interactions,
            goals_open: g.open,
            goals_unreviewed: g.unreviewed,
            sessions_with_diary: f.sessions_with_diary,
        };
        let detail = serde_json::json!({
            "contract_in_force": i64::from(in_force), "contracts": contracts,
            "mentees_with_agreed_goal": g.mentees_with_agreed_goal, "goals_open": g.open, "goals_unreviewed": g.unreviewed, "goals_detail": g.detail,
            "sessions": session_detail, "diaries": diaries,
            "interactions_detail": {"sessions": f.sessions_with_diary, "confirmed": f.confirmed, "chat_days": f.chat_days},
            "last_interaction_at": f.last_at, "diary_missing_since": diary_missing_since, "unanswered_since": unanswered_since,
            "report": self.report_state()?,
        });
        let stored = Stored {
            project_id: String::new(),
            contract_state: state,
            contract_version,
            goals: g.goals,
            goals_agreed: g.agreed,
            sessions_held: held,
            next_session_at: next,
            diaries_missing,
            interactions: f.interactions,
            detail: detail.to_string(),
            version: 0,
            at: now,
        };
        Ok((progress, stored))
    }

    /// What D1 keeps of the process, under the activity's next version.
    pub fn stored_progress(&self, project: &str, version: i64, at: i64) -> Result<Stored, ApiError> {
        let (mentor, mentees) = self.remembered()?;
        let (_, stored) = self.figures_now(&mentor, &mentees, at)?;
        Ok(Stored { project_id: project.to_string(), version, ..stored })
    }
}
