//! The final report in the project's space (#12): its state, the mentees' section ("what has been reached and how
//! to continue"), the mentor's closing feedback and the mentees' approvals. The rules are `domain::report`; the
//! final text, assembled in the browser, is filed in the folder as `Final report.md` (a new version each time).

use super::{ToRows, int, text, ProjectSpace};
use crate::domain::error::{ApiError, Invalid};
use crate::domain::report::{self as rules, Action, Facts, State, Who};
use serde::Serialize;

pub const SCHEMA: &[&str] = &[
    "CREATE TABLE IF NOT EXISTS report (id INTEGER PRIMARY KEY CHECK (id = 1), state TEXT NOT NULL, reached TEXT NOT NULL, \
     mentor TEXT NOT NULL, approvals TEXT NOT NULL, updated_at INTEGER NOT NULL, final_at INTEGER)",
    // The final text as filed: what a share is cut from.
    "CREATE TABLE IF NOT EXISTS report_document (id INTEGER PRIMARY KEY CHECK (id = 1), text TEXT NOT NULL)",
];

pub const REPORT_FILE: &str = crate::domain::report::FILE;

crate::domain::input::input! {
    #[derive(Serialize)]
    /// A look at, or a move of, the report: who asks (and the project's active mentees), what, and with what.
    pub struct Op {
        pub user_id: String,
        pub mentee: bool,
        pub mentor: bool,
        pub mentees: Vec<String>,
        /// view, edit, approve, add_mentor, finalise, check_final
        pub action: String,
        pub reached: Option<String>,
        pub mentor_text: Option<String>,
        /// The final text (finalise), or the Markdown of the sections shared (check_share).
        pub document: String,
        /// How many sections a share names.
        pub parts: i64,
        pub file_id: String,
        pub quota: i64,
        pub at: i64,
    }
}

crate::app::store::row! {
    #[derive(Serialize, Clone)]
    struct Row {
        state: String,
        reached: String,
        mentor: String,
        approvals: String,
        updated_at: i64,
        final_at: Option<i64>,
    }
}

impl ProjectSpace {
    fn report_row(&self) -> Result<Row, ApiError> {
        let rows: Vec<Row> = self.sql.exec("SELECT state, reached, mentor, approvals, updated_at, final_at FROM report WHERE id = 1", None)?.to_rows()?;
        Ok(rows.into_iter().next().unwrap_or(Row { state: "draft".into(), reached: String::new(), mentor: String::new(), approvals: "[]".into(), updated_at: 0, final_at: None }))
    }

    fn report_view(&self) -> Result<serde_json::Value, ApiError> {
        let r = self.report_row()?;
        let approvals: Vec<String> = serde_json::from_str(&r.approvals).unwrap_or_default();
        Ok(serde_json::json!({"state": r.state, "reached": r.reached, "mentor": r.mentor, "approvals": approvals, "updated_at": r.updated_at, "final_at": r.final_at}))
    }

    fn save_report(&self, r: &Row) -> Result<(), ApiError> {
        self.sql.exec(
            "INSERT INTO report (id, state, reached, mentor, approvals, updated_at, final_at) VALUES (1, ?, ?, ?, ?, ?, ?) \
             ON CONFLICT (id) DO UPDATE SET state = excluded.state, reached = excluded.reached, mentor = excluded.mentor, \
             approvals = excluded.approvals, updated_at = excluded.updated_at, final_at = excluded.final_at",
            vec![text(&r.state), text(&r.reached), text(&r.mentor), text(&r.approvals), int(r.updated_at), r.final_at.map_or(worker::SqlStorageValue::Null, int)],
        )?;
        self.changed();
        Ok(())
    }

    /// Reads or moves the report. Edits name the section they change; a move follows the domain's rules.
    pub async fn report_op(&self, o: &Op) -> Result<serde_json::Value, ApiError> {
        let mut r = self.report_row()?;
        let state = State::parse(&r.state).ok_or_else(ApiError::internal)?;
        let mut approvals: Vec<String> = serde_json::from_str(&r.approvals).unwrap_or_default();
        approvals.retain(|a| o.mentees.contains(a));
        let who = Who { mentee: o.mentee, mentor: o.mentor };
        let (approved, already) = (approvals.len(), approvals.contains(&o.user_id));
        let facts = |mentor_text: bool| Facts { state, approvals: approved, mentees: o.mentees.len().max(1), already_approved: already, mentor_text };
        match o.action.as_str() {
            "view" => return self.report_view(),
            "edit" => {
                if let Some(reached) = &o.reached {
                    let to = rules::next(&facts(!r.mentor.is_empty()), Action::EditReached, who)?;
                    r.reached = rules::SECTION.parse("reached", reached)?;
                    if to == State::Draft {
                        approvals.clear();
                    }
                    r.state = to.as_str().into();
                }
                if let Some(m) = &o.mentor_text {
                    rules::next(&facts(true), Action::EditMentor, who)?;
                    r.mentor = rules::SECTION.parse("mentor", m)?;
                }
            }
            "approve" => {
                let to = rules::next(&facts(!r.mentor.is_empty()), Action::Approve, who)?;
                approvals.push(o.user_id.clone());
                r.state = to.as_str().into();
            }
            "add_mentor" => {
                let to = rules::next(&facts(!r.mentor.trim().is_empty()), Action::AddMentor, who)?;
                r.state = to.as_str().into();
            }
            "finalise" => {
                let to = rules::next(&facts(true), Action::Finalise, who)?;
                let document = rules::DOCUMENT.parse("document", &o.document)?;
                self.file_report(o, document.clone()).await?;
                self.sql.exec(
                    "INSERT INTO report_document (id, text) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET text = excluded.text",
                    vec![text(&document)],
                )?;
                r.state = to.as_str().into();
                r.final_at = Some(o.at);
            }
            // The worker asks before a share: the report must be final and the sharer a mentee.
            "check_share" => {
                rules::next(&facts(true), Action::Share, who)?;
                let filed: Vec<String> = super::raw_rows(self.sql.exec("SELECT text FROM report_document WHERE id = 1", None)?)?
                    .first()
                    .and_then(|r| match r.first() {
                        Some(worker::SqlStorageValue::String(t)) => Some(t.clone()),
                        _ => None,
                    })
                    .into_iter()
                    .collect();
                let filed = filed.first().ok_or_else(|| ApiError::conflict("invalid_transition", "Make the report final first."))?;
                rules::check_share(filed, &o.document, usize::try_from(o.parts).unwrap_or(0))?;
                return self.report_view();
            }
            _ => return Err(Invalid::new("action", "not_in_list", "Choose approve, add_mentor, finalise or share.").into()),
        }
        r.approvals = serde_json::to_string(&approvals).map_err(|_| ApiError::internal())?;
        r.updated_at = o.at;
        self.save_report(&r)?;
        self.report_view()
    }

    /// Files the final text as the next version of `Final report.md` in the folder's root.
    async fn file_report(&self, o: &Op, document: String) -> Result<(), ApiError> {
        let key = self.begin_upload(&super::files::Begin { id: o.file_id.clone(), folder: String::new(), name: REPORT_FILE.into(), at: o.at })?;
        self.mark_generated(&key)?;
        let meta = worker::HttpMetadata { content_type: Some(super::contract::MARKDOWN.into()), ..Default::default() };
        let size = i64::try_from(document.len()).unwrap_or(i64::MAX);
        self.env.bucket("FILES")?.put(&key, document.into_bytes()).http_metadata(meta).execute().await?;
        let finish = super::files::Finish { id: o.file_id.clone(), folder: String::new(), name: REPORT_FILE.into(), size, content_type: super::contract::MARKDOWN.into(), at: o.at, quota: o.quota };
        if let Err(e) = self.finish_upload(&o.user_id, &finish) {
            self.abort_upload(&o.file_id)?;
            return Err(e);
        }
        Ok(())
    }

    /// The report's state, for the figures D1 keeps.
    pub fn report_state(&self) -> Result<String, ApiError> {
        Ok(self.report_row()?.state)
    }
}
