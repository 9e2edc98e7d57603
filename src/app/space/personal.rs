//! Personal data (#14) in a project's space: one page of a person's rows for their export, and their erasure (the
//! chat keeps its sequence numbers; their words read "deleted"; files only they uploaded go).

use super::{text, ProjectSpace};
use crate::domain::error::ApiError;
use crate::domain::personal::{self as rules, SPACE};
use serde_json::Value;

crate::domain::input::input! {
    /// Whose erasure: `mentor` when they were the project's mentor (the diaries' comments and the final report's
    /// closing feedback are the mentor's words, kept without an author column), `mentee` when a mentee (the report's
    /// "what has been reached").
    /// `quoted`: their name and the titles they wrote, which the contract's text quotes.
    pub struct Erase {
        pub mentor: Option<bool>,
        pub mentee: Option<bool>,
        pub quoted: Option<Vec<String>>,
    }
}

crate::domain::input::input! {
    /// A page of the holding `SPACE[holding]`, after the row `after`.
    pub struct Page {
        pub holding: i64,
        pub after: i64,
    }
}

impl ProjectSpace {
    /// One page of the member's rows in one holding: `{"rows": [...], "last": n}` (`last` null when there are none).
    pub fn personal_page(&self, me: &str, p: &Page) -> Result<Value, ApiError> {
        let h = usize::try_from(p.holding).ok().and_then(|i| SPACE.get(i)).filter(|h| h.export).ok_or_else(ApiError::not_found)?;
        let rows: Vec<Value> = self.sql.exec(&rules::page_sql(h, false), vec![text(me), super::int(p.after)])?.to_array()?;
        let (mut rows, last) = crate::app::store::personal::exported(h, rows);
        let project = self.project()?;
        for row in &mut rows {
            rules::link(h.table, &project, row);
        }
        Ok(serde_json::json!({"rows": rows, "last": last}))
    }

    /// Erases the member's content here; answers the R2 keys of the files that go (now gone from the folder): those
    /// only they uploaded, and the documents Tandem filed, which name every member.
    pub fn personal_erase(&self, me: &str, e: &Erase) -> Result<Value, ApiError> {
        const SOLE: &str = "SELECT id FROM folder_items WHERE kind = 'file' AND (EXISTS (SELECT 1 FROM file_versions v WHERE v.item_id = folder_items.id) \
             AND NOT EXISTS (SELECT 1 FROM file_versions v WHERE v.item_id = folder_items.id AND v.uploaded_by <> ?1) \
             OR EXISTS (SELECT 1 FROM file_versions v JOIN generated_files g ON g.r2_key = v.r2_key WHERE v.item_id = folder_items.id))";
        let sole: Vec<Value> = self.sql.exec(SOLE, vec![text(me)])?.to_array()?;
        let ids: Vec<&Value> = sole.iter().filter_map(|r| r.get("id")).collect();
        let ids = serde_json::to_string(&ids).map_err(|_| ApiError::internal())?;
        const IN: &str = "(SELECT value FROM json_each(?1))";
        let keys: Vec<Value> = self.sql.exec(&format!("SELECT r2_key FROM file_versions WHERE item_id IN {IN}"), vec![text(&ids)])?.to_array()?;
        // Noted as doomed first: if the worker's deletion fails after this, the space's own alarm deletes them.
        self.sql.exec(&format!("INSERT OR IGNORE INTO doomed (r2_key) SELECT r2_key FROM file_versions WHERE item_id IN {IN}"), vec![text(&ids)])?;
        self.sql.exec(&format!("DELETE FROM file_versions WHERE item_id IN {IN}"), vec![text(&ids)])?;
        self.sql.exec(&format!("DELETE FROM folder_items WHERE id IN {IN}"), vec![text(&ids)])?;
        for h in SPACE {
            if let Some(sql) = rules::erase_sql(h) {
                self.sql.exec(&sql, vec![text(me)])?;
            }
        }
        let mentor = if e.mentor == Some(true) { rules::MENTOR_WORDS } else { &[] };
        let mentee = if e.mentee == Some(true) { rules::MENTEE_WORDS } else { &[] };
        for sql in rules::MEMBERS_WORDS.iter().chain(mentor).chain(mentee) {
            self.sql.exec(sql, None)?;
        }
        for q in e.quoted.iter().flatten().filter(|q| q.chars().count() >= rules::QUOTED_MIN) {
            self.sql.exec(rules::UNQUOTE, vec![text(q)])?;
        }
        let keys: Vec<&Value> = keys.iter().filter_map(|k| k.get("r2_key")).collect();
        if !keys.is_empty() {
            self.files_due_by(super::now());
        }
        Ok(serde_json::json!({"r2_keys": keys}))
    }
}
