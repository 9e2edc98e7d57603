//! The project's process in figures, from its space: what the stage's checklist reads (`domain::journey::Progress`)
//! and what D1 keeps for coordinators, health and reports (`store::journey::Progress`: states, dates and counts of
//! the contract, goals, sessions and diaries; never their text).

use super::ProjectSpace;
use crate::app::store::journey::Progress as Stored;
use crate::domain::error::ApiError;
use crate::domain::journey::Progress;

crate::domain::input::input! {
    #[derive(serde::Serialize)]
    pub struct Ask {
        /// The project's active mentees (the worker knows them).
        pub mentees: Vec<String>,
    }
}

impl ProjectSpace {
    /// The checklist's facts, now.
    pub fn progress(&self, mentees: &[String]) -> Result<Progress, ApiError> {
        let (_, _, in_force, _) = self.contract_summary()?;
        Ok(Progress { contract_in_force: in_force, mentees: i64::try_from(mentees.len()).unwrap_or(0), ..Progress::default() })
    }

    /// What D1 keeps of the process, under the activity's next version.
    pub fn stored_progress(&self, project: &str, version: i64, at: i64) -> Result<Stored, ApiError> {
        let (state, contract_version, in_force, contracts) = self.contract_summary()?;
        let detail = serde_json::json!({"contract_in_force": i64::from(in_force), "contracts": contracts});
        Ok(Stored {
            project_id: project.to_string(),
            contract_state: state,
            contract_version,
            goals: 0,
            goals_agreed: 0,
            sessions_held: 0,
            next_session_at: None,
            diaries_missing: 0,
            interactions: 0,
            detail: detail.to_string(),
            version,
            at,
        })
    }
}
