//! Personal data (#14): where a person's data lives, as one list read by both the export and the erasure, and the
//! rules of each (an export a day, kept 7 days; erasure after 14 days of grace, refused while others depend on them).
//!
//! Every table that names a person is in `PLATFORM` (D1) or `SPACE` (each project's Durable Object), or in `UNNAMED`
//! with the reason it holds nothing of theirs; a unit test reads `schema.sql` and the space's schema and fails on a
//! table that is in neither. In each holding's SQL, `?1` is the person's id and, in D1, `?2` their e-mail address.

/// What the erasure does with a person's rows in a table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Erase {
    /// The rows go.
    Delete,
    /// The rows stay for the others (the structure of a shared space), with these columns set to these SQL values:
    /// their words read "deleted", their name is gone.
    Blank(&'static [(&'static str, &'static str)]),
    /// The rows stay as they are: ids and dates only, nothing that names or quotes them.
    Keep,
}

/// One place that holds a person's data.
#[derive(Clone, Copy, Debug)]
pub struct Holding {
    pub table: &'static str,
    /// The SQL condition for the person's rows (`?1` their id, `?2` their e-mail address).
    pub whose: &'static str,
    /// Whether the rows go into the person's export (not where they are secrets, or only the service's bookkeeping).
    pub export: bool,
    /// Columns never exported (hashes, sealed secrets, storage keys).
    pub secret: &'static [&'static str],
    pub erase: Erase,
}

const fn h(table: &'static str, whose: &'static str, export: bool, secret: &'static [&'static str], erase: Erase) -> Holding {
    Holding { table, whose, export, secret, erase }
}

use Erase::{Blank, Delete, Keep};

/// What a deleted text reads as (the apps show "message deleted" for it).
const GONE: &str = "''";

/// D1: the account, its sessions and secrets, the community's and the projects' shared records. Order matters for the
/// erasure: rows found through others (`outbox_links`, `forum_revisions`, `evaluation_answers`) come before them.
pub const PLATFORM: &[Holding] = &[
    h("users", "id = ?1", true, &["password_hash"], Blank(&[
        ("email", "id || '@erased.invalid'"), ("display_name", GONE), ("password_hash", GONE), ("suspended_reason", "NULL"),
        ("status", "'erased'"), ("is_platform_admin", "0"),
    ])),
    h("user_search", "user_id = ?1", false, &[], Delete),
    h("sessions", "user_id = ?1", true, &["id", "token_hash"], Delete),
    h("two_factor", "user_id = ?1", true, &["secret_sealed", "last_step", "failures", "failed_at"], Delete),
    h("recovery_codes", "user_id = ?1", false, &[], Delete),
    h("two_factor_spent", "user_id = ?1", false, &[], Delete),
    h("login_challenges", "user_id = ?1", false, &[], Delete),
    h("email_tokens", "user_id = ?1", false, &[], Delete),
    h("outbox_links", "outbox_id IN (SELECT id FROM outbox WHERE to_email = ?2)", false, &[], Delete),
    h("outbox", "to_email = ?2", true, &["last_error"], Delete),
    // What others were sent about them, or about a request they wrote (its title may be their name); a developer's
    // local mailbox keeps copies.
    h("local_mailbox", "id IN (SELECT id FROM outbox WHERE actor_id = ?1 OR project_id IN (SELECT id FROM projects WHERE created_by = ?1))", false, &[], Delete),
    h("outbox", "actor_id = ?1 OR project_id IN (SELECT id FROM projects WHERE created_by = ?1)", false, &[], Delete),
    h("local_mailbox", "to_email = ?2", false, &[], Delete),
    h("mail_requests", "email = ?2", false, &[], Delete),
    h("trusted_devices", "user_id = ?1", false, &[], Delete),
    h("profiles", "user_id = ?1", true, &["cv_key"], Delete),
    h("memberships", "user_id = ?1", true, &[], Delete),
    h("audit_log", "actor_id = ?1", true, &[], Blank(&[("actor_id", "NULL")])),
    h("audit_log", "target_type = 'user' AND target_id = ?1", true, &[], Blank(&[("before_json", "NULL"), ("after_json", "NULL")])),
    // Which archived chunks named them (rewritten before this: `scrub_audit`).
    h("audit_archived", "user_id = ?1", false, &[], Delete),
    h("rolls", "supervisor_id = ?1", true, &[], Keep),
    h("roll_entries", "user_id = ?1", true, &[], Delete),
    h("roll_entries", "decided_by = ?1", false, &[], Blank(&[("decision_note", GONE)])),
    h("projects", "mentee_id = ?1 OR mentor_id = ?1 OR created_by = ?1", true, &[], Keep),
    // Their requests that never became projects end (nobody is left to mentor); those waiting for their consent as a
    // mentor go back to be matched.
    h("projects", "mentee_id = ?1 AND state IN ('draft', 'awaiting_match', 'awaiting_consent')", false, &[], Blank(&[("state", "'cancelled'")])),
    h("projects", "mentor_id = ?1 AND state = 'awaiting_consent'", false, &[], Blank(&[("state", "'awaiting_match'"), ("mentor_id", "NULL")])),
    h("projects", "created_by = ?1", false, &[], Blank(&[("title", GONE), ("summary", GONE), ("context", GONE)])),
    h("project_members", "user_id = ?1", true, &[], Keep),
    h("project_declines", "mentor_id = ?1", true, &[], Blank(&[("reason", GONE)])),
    h("project_events", "actor_id = ?1", true, &[], Blank(&[("note", GONE)])),
    h("project_attachments", "uploaded_by = ?1", true, &["r2_key"], Delete),
    h("notifications", "user_id = ?1", true, &[], Delete),
    // What others were told about them names them: those notices go too.
    h("notifications", "actor_id = ?1 OR project_id IN (SELECT id FROM projects WHERE created_by = ?1)", false, &[], Delete),
    h("preferences", "user_id = ?1", true, &[], Delete),
    h("languages", "user_id = ?1", true, &[], Delete),
    h("calendar_feeds", "user_id = ?1", false, &[], Delete),
    h("journeys", "created_by = ?1", false, &[], Keep),
    h("project_process", "coordinator_id = ?1", true, &[], Keep),
    h("project_health", "ack_by = ?1", true, &[], Blank(&[("ack_note", GONE)])),
    h("help_requests", "user_id = ?1", true, &[], Blank(&[("text", GONE)])),
    h("evaluation_forms", "created_by = ?1", false, &[], Keep),
    h("evaluation_answers", "request_id IN (SELECT id FROM evaluation_requests WHERE respondent_id = ?1)", true, &[], Delete),
    h("evaluation_requests", "respondent_id = ?1 OR requested_by = ?1", true, &["token_hash", "guest_email", "guest_name"], Keep),
    h("report_shares", "shared_by = ?1", true, &[], Keep),
    // A shared report is cut from the filed one, which quotes every member: it goes blank when any of them is erased.
    h("report_shares", "project_id IN (SELECT project_id FROM project_members WHERE user_id = ?1)", false, &[], Blank(&[("text", GONE)])),
    h("forum_moderators", "user_id = ?1", true, &[], Delete),
    h("forum_bans", "user_id = ?1", true, &[], Delete),
    h("forum_bans", "banned_by = ?1", false, &[], Keep),
    h("forum_revisions", "post_id IN (SELECT id FROM forum_posts WHERE author_id = ?1)", true, &[], Delete),
    h("forum_threads", "author_id = ?1", true, &[], Blank(&[("title", GONE)])),
    h("forum_posts", "author_id = ?1", true, &[], Blank(&[("body", GONE), ("quote_of", "NULL")])),
    h("forum_posts", "hidden_by = ?1", false, &[], Keep),
    h("forum_reads", "user_id = ?1", true, &[], Delete),
    h("forum_reports", "reporter_id = ?1", true, &[], Blank(&[("note", GONE)])),
    h("forum_reports", "resolved_by = ?1", false, &[], Keep),
    h("digests", "user_id = ?1", true, &[], Delete),
    h("digest_links", "user_id = ?1", false, &[], Delete),
    h("notification_topics", "user_id = ?1", true, &[], Delete),
    h("library_items", "author_id = ?1", true, &["file_key"], Keep),
    // What they wrote for the library and never published is theirs alone: its words and its file go (the file from
    // R2: `store::personal::own_keys`). Published items stay, under their licence, for the community.
    h("library_items", "author_id = ?1 AND state <> 'published'", false, &[], Blank(&[
        ("title", GONE), ("description", GONE), ("url", GONE), ("body", GONE), ("file_key", GONE), ("file_name", GONE), ("state", "'withdrawn'"),
    ])),
    h("library_reviews", "user_id = ?1", true, &[], Blank(&[("text", GONE)])),
    h("library_curators", "user_id = ?1", true, &[], Delete),
    h("library_curators", "named_by = ?1", false, &[], Keep),
    h("library_progress", "user_id = ?1", true, &[], Delete),
    h("communities", "created_by = ?1", false, &[], Keep),
    h("exports", "user_id = ?1", false, &[], Delete),
    h("research_consents", "user_id = ?1", true, &[], Delete),
    // Content from before each project had its own space, until the space takes it.
    h("private_messages", "sender_id = ?1 OR recipient_id = ?1", true, &[], Keep),
    h("private_messages", "sender_id = ?1", false, &[], Blank(&[("subject", GONE), ("body", GONE)])),
    h("folder_items", "created_by = ?1 OR updated_by = ?1 OR deleted_by = ?1", false, &[], Keep),
    h("file_versions", "uploaded_by = ?1", false, &[], Keep),
    // Break-glass grants are the record of who read what and why: kept, as audit entries are.
    h("access_grants", "requester_id = ?1 OR answered_by = ?1", true, &[], Keep),
    h("grant_reads", "reader_id = ?1", true, &[], Keep),
    h("grant_admins", "user_id = ?1", false, &[], Delete),
];

/// D1 tables that hold nothing of a person's, and why (the unit test below reads this list too).
pub const UNNAMED: &[(&str, &str)] = &[
    ("login_failures", "keys of failed log-ins, gone after 15 minutes"),
    ("project_activity", "counts"),
    ("project_progress", "counts and states"),
    ("uploads", "uploads in progress, by project"),
    ("usage_daily", "counts"),
    ("usage_totals", "counts"),
    ("usage_days", "counts"),
    ("community_modules", "settings"),
    ("community_privacy", "settings (who changed them is in the audit log)"),
    ("project_purges", "when a finished project's content was deleted"),
    ("library_steps", "a path's steps"),
    ("library_uses", "counts"),
    ("roll_training", "settings"),
    ("evaluation_anonymous", "anonymous answers, by month"),
    ("forums", "settings"),
    ("erasures", "the erasure's own schedule, gone when it is done"),
];

/// Each project's space: its chat, private messages, folder and process. `?1` is the person's id.
pub const SPACE: &[Holding] = &[
    h("messages", "author_id = ?1", true, &["client_key", "client_id"], Blank(&[("text", GONE), ("author_name", GONE), ("client_id", GONE)])),
    h("reads", "member_id = ?1", false, &[], Delete),
    h("private_messages", "sender_id = ?1 OR recipient_id = ?1", true, &[], Keep),
    h("private_messages", "sender_id = ?1", false, &[], Blank(&[("subject", GONE), ("body", GONE)])),
    h("private_message_keys", "sender_id = ?1", false, &[], Delete),
    h("folder_items", "created_by = ?1 OR updated_by = ?1", false, &[], Keep),
    h("file_versions", "uploaded_by = ?1", true, &["r2_key"], Keep),
    h("contracts", "drafter_id = ?1", true, &[], Keep),
    h("contracts", "returned_by = ?1", false, &[], Blank(&[("reason", GONE)])),
    h("contract_signatures", "user_id = ?1", true, &[], Keep),
    h("diary_revisions", "session_id IN (SELECT session_id FROM diaries WHERE author_id = ?1)", true, &[], Delete),
    h("diaries", "author_id = ?1", true, &[], Blank(&[("answers", "'[]'")])),
    h("interactions", "logged_by = ?1 OR confirmed_by = ?1", true, &[], Keep),
    h("interactions", "logged_by = ?1", false, &[], Blank(&[("note", GONE)])),
    h("reflections", "author_id = ?1", true, &[], Delete),
    h("evaluation_answers", "respondent = ?1", true, &[], Delete),
    h("goals", "owner_id = ?1 OR proposed_by = ?1", true, &[], Keep),
    h("goals", "proposed_by = ?1", false, &[], Blank(&[("why", GONE), ("success", GONE), ("note", GONE)])),
    h("objectives", "done_by = ?1", true, &[], Keep),
    h("goal_reviews", "by_id = ?1", true, &[], Blank(&[("note", GONE)])),
    h("goal_comments", "author_id = ?1", true, &[], Blank(&[("text", GONE)])),
    h("action_items", "updated_by = ?1", true, &[], Blank(&[("note", GONE)])),
    h("lib_entries", "by_id = ?1", true, &[], Blank(&[("note", GONE)])),
    h("lib_ticks", "user_id = ?1", true, &[], Delete),
    h("sessions", "diarist_id = ?1 OR created_by = ?1", true, &[], Keep),
    h("sessions", "created_by = ?1", false, &[], Blank(&[("topic", GONE), ("place", GONE), ("homework", GONE), ("reason", GONE)])),
    h("session_moves", "by_id = ?1", true, &[], Keep),
    h("session_proposals", "by_id = ?1", true, &[], Blank(&[("topic", "NULL")])),
    h("chat_days", "author_id = ?1", false, &[], Keep),
];

/// A mentor's words in a space that carry no author column: the diaries' comments and the final report's closing
/// feedback (only the project's mentor writes them). Blanked when the mentor is erased.
pub const MENTOR_WORDS: &[&str] = &["UPDATE diaries SET comment = '' WHERE comment <> ''", "UPDATE report SET mentor = '' WHERE mentor <> ''"];
/// The mentees' words without an author column: the final report's "what has been reached" (written by the mentees
/// together). Blanked when a mentee is erased.
pub const MENTEE_WORDS: &[&str] = &["UPDATE report SET reached = '' WHERE reached <> ''"];
/// What quotes every member of a project: the final report as filed (its sections, the diary's lines, the names). It
/// goes when any member is erased, as do the documents Tandem wrote into the folder (the contract with its signatures,
/// the final report: every document with a version in the space's `generated_files`). The contract and the report
/// themselves stay in the project, without the erased person's name or words.
pub const MEMBERS_WORDS: &[&str] = &["DELETE FROM report_document"];
/// The contract's text quotes the project's title (the request its mentee wrote), and may quote a name: those go from
/// every version's text (`?1` is the quoted text; shorter ones are left, as they would match words). The terms, as
/// JSON, are left: they hold the clauses the parties wrote, not the title. The signatures keep the hash of what was
/// signed.
pub const UNQUOTE: &str = "UPDATE contracts SET text = REPLACE(text, ?1, '[deleted]') WHERE instr(text, ?1) > 0";
pub const QUOTED_MIN: usize = 4;

/// An archived audit entry (one line of an archive in R2) made as the erasure makes those in D1: without the person
/// as its actor, and without the before and after of what was done to their account. Whether it changed.
pub fn scrub_audit(entry: &mut serde_json::Value, user: &str) -> bool {
    let Some(o) = entry.as_object_mut() else { return false };
    let is = |k: &str, v: &str| o.get(k).and_then(serde_json::Value::as_str) == Some(v);
    let actor = is("actor_id", user);
    let target = is("target_type", "user") && is("target_id", user);
    if actor {
        o.insert("actor_id".into(), serde_json::Value::Null);
    }
    if target {
        o.insert("before_json".into(), serde_json::Value::Null);
        o.insert("after_json".into(), serde_json::Value::Null);
    }
    actor || target
}

/// Space tables that hold nothing of a person's.
pub const SPACE_UNNAMED: &[&str] =
    &["revoked", "diary_keys", "uploads", "doomed", "lib_steps", "lib_links", "meta", "report", "report_document", "generated_files"];

/// Rows in one page of an export's document.
pub const PAGE: i64 = 500;

/// D1 tables without a rowid (their keys are the person's and a few others): a person's rows there are few, and are
/// read as one page of at most `WHOLE`.
pub const NO_ROWID: &[&str] = &[
    "evaluation_answers", "forum_moderators", "forum_bans", "forum_revisions", "forum_reads", "notification_topics", "library_reviews",
    "library_curators", "library_progress", "user_search", "recovery_codes", "two_factor_spent", "grant_admins",
    "audit_archived",
];
pub const WHOLE: i64 = 10_000;
/// One export a day.
pub const EXPORT_EVERY_MS: i64 = 24 * 60 * 60 * 1000;
/// An export's documents are kept this long.
pub const EXPORT_KEEP_MS: i64 = 7 * 24 * 60 * 60 * 1000;
/// Between asking to be erased and the erasure: logging in cancels it.
pub const GRACE_MS: i64 = 14 * 24 * 60 * 60 * 1000;

/// The statement reading one page of a holding's rows for the export, in the order of their rowid, after the last
/// one seen (`?3` in D1, `?2` in a space); a table without rowids is read whole (`WHOLE` rows at most).
pub fn page_sql(h: &Holding, d1: bool) -> String {
    if d1 && NO_ROWID.contains(&h.table) {
        return format!("SELECT * FROM {} WHERE ({}) AND ?3 >= 0 LIMIT {WHOLE}", h.table, h.whose);
    }
    let after = if d1 { "?3" } else { "?2" };
    format!("SELECT rowid AS _row, * FROM {} WHERE ({}) AND rowid > {after} ORDER BY rowid LIMIT {PAGE}", h.table, h.whose)
}

/// The statement erasing a person's rows in one holding (`None` where they stay as they are).
pub fn erase_sql(h: &Holding) -> Option<String> {
    match h.erase {
        Delete => Some(format!("DELETE FROM {} WHERE ({})", h.table, h.whose)),
        Blank(set) => {
            let set: Vec<String> = set.iter().map(|(c, v)| format!("{c} = {v}")).collect();
            Some(format!("UPDATE {} SET {} WHERE ({})", h.table, set.join(", "), h.whose))
        }
        Keep => None,
    }
}

/// A document the person uploaded, as a link to download it (its storage key is not exported): the CV, a request's
/// attachment, a version of a folder's document (`project` is the space's project).
pub fn link(table: &str, project: &str, row: &mut serde_json::Value) {
    let id = |k: &str| row.get(k).and_then(serde_json::Value::as_str).map(str::to_string);
    let url = match table {
        "profiles" => row.get("cv_name").filter(|n| !n.is_null()).map(|_| "/api/me/cv".to_string()),
        "project_attachments" => id("project_id").zip(id("id")).map(|(p, f)| format!("/api/projects/{p}/attachments/{f}")),
        "file_versions" => id("item_id").zip(id("id")).map(|(i, v)| format!("/api/projects/{project}/files/{i}/download?version={v}")),
        _ => None,
    };
    if let (Some(url), Some(o)) = (url, row.as_object_mut()) {
        o.insert("link".into(), url.into());
    }
}

/// A row as exported: without the holding's secret columns and the paging key.
pub fn exported(h: &Holding, mut row: serde_json::Map<String, serde_json::Value>) -> serde_json::Map<String, serde_json::Value> {
    row.remove("_row");
    for s in h.secret {
        row.remove(*s);
    }
    row
}

/// The facts erasure is refused on.
pub struct Standing {
    /// Active projects where the person is the only mentor.
    pub only_mentor_of: Vec<String>,
    pub platform_admin: bool,
    pub other_platform_admins: i64,
}

/// Why an account cannot be erased yet, and what to do first.
pub fn refusal(s: &Standing) -> Option<(&'static str, &'static str)> {
    if s.platform_admin && s.other_platform_admins == 0 {
        return Some(("last_platform_admin", "You are the last platform administrator: make someone else one first."));
    }
    if !s.only_mentor_of.is_empty() {
        return Some(("only_mentor", "You are the only mentor of an active project: close it, or ask its community's admins for another mentor, first."));
    }
    None
}

/// Whether a new export may be asked for, given when the last one was asked for: the answer is when it may.
pub fn next_export(last_asked: Option<i64>, now: i64) -> Result<(), i64> {
    match last_asked {
        Some(at) if now < at + EXPORT_EVERY_MS => Err(at + EXPORT_EVERY_MS),
        _ => Ok(()),
    }
}

/// Where an export has got to: which list, which holding, after which row, and in which project's space.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Cursor {
    /// Index into `PLATFORM`, then `PLATFORM.len() + i` for `SPACE[i]` in the current project.
    pub holding: usize,
    pub after: i64,
    /// The project whose space is being read, once D1 is done; "" before the first.
    pub project: String,
    /// The documents written so far.
    pub parts: i64,
}

/// The next holding to read, given the cursor: `Platform(i)`, `Space(i)`, or `NextProject` when the current project's
/// space (or D1) is done.
#[derive(Debug, PartialEq, Eq)]
pub enum Step {
    Platform(usize),
    Space(usize),
    NextProject,
}

pub fn step(c: &Cursor) -> Step {
    let exported = |list: &[Holding], from: usize| list.iter().enumerate().skip(from).find(|(_, h)| h.export).map(|(i, _)| i);
    if c.holding < PLATFORM.len() {
        return exported(PLATFORM, c.holding).map_or(Step::NextProject, Step::Platform);
    }
    if c.project.is_empty() {
        return Step::NextProject;
    }
    exported(SPACE, c.holding - PLATFORM.len()).map_or(Step::NextProject, Step::Space)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn tables(sql: &str) -> BTreeMap<String, Vec<String>> {
        let mut out = BTreeMap::new();
        let sql: String = sql.lines().map(|l| l.split("--").next().unwrap_or("")).collect::<Vec<_>>().join("\n");
        for part in sql.split("CREATE TABLE IF NOT EXISTS ").skip(1) {
            let name = part.split_whitespace().next().unwrap_or("").to_string();
            let body = part.split_once('(').map_or("", |(_, b)| b);
            let mut depth = 1;
            let mut end = body.len();
            for (i, ch) in body.char_indices() {
                match ch {
                    '(' => depth += 1,
                    ')' => {
                        depth -= 1;
                        if depth == 0 {
                            end = i;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            let mut cols = Vec::new();
            let mut depth = 0;
            let mut cur = String::new();
            for ch in body[..end].chars() {
                match ch {
                    '(' => depth += 1,
                    ')' => depth -= 1,
                    ',' if depth == 0 => {
                        cols.push(std::mem::take(&mut cur));
                        continue;
                    }
                    _ => {}
                }
                cur.push(ch);
            }
            cols.push(cur);
            let cols = cols
                .iter()
                .filter_map(|c| c.split_whitespace().next().map(str::to_string))
                .filter(|c| !["PRIMARY", "UNIQUE", "CHECK", "FOREIGN"].contains(&c.as_str()))
                .collect();
            out.insert(name, cols);
        }
        out
    }

    fn space_sql() -> String {
        let mut all = String::new();
        for f in std::fs::read_dir("src/app/space").into_iter().flatten().flatten() {
            let text = std::fs::read_to_string(f.path()).unwrap_or_default();
            all.push_str(&text.replace("\\\n", " ").replace('"', " "));
        }
        all
    }

    /// Every column a holding names exists in its table (so a renamed column fails here, not in a person's export).
    fn check(list: &[Holding], unnamed: &[&str], schema: &BTreeMap<String, Vec<String>>) {
        for h in list {
            let cols = schema.get(h.table).unwrap_or_else(|| panic!("{} is not in the schema", h.table));
            for c in h.secret {
                assert!(cols.iter().any(|x| x == c), "{}.{c}", h.table);
            }
            if let Blank(set) = h.erase {
                for (c, _) in set {
                    assert!(cols.iter().any(|x| x == c), "{}.{c}", h.table);
                }
            }
            let words: Vec<&str> = h.whose.split(|c: char| !c.is_alphanumeric() && c != '_').filter(|w| w.ends_with("_id") || w.ends_with("_by")).collect();
            for w in words {
                let inner = h.whose.contains("SELECT");
                assert!(inner || cols.iter().any(|x| x == w), "{}.{w}", h.table);
            }
        }
        // Every table is in the list, or said to hold nothing of anyone's.
        for t in schema.keys() {
            assert!(list.iter().any(|h| h.table == t) || unnamed.contains(&t.as_str()), "{t}: in neither list");
        }
    }

    #[test]
    fn an_archived_audit_entry_loses_the_erased_actor_and_what_was_done_to_their_account() {
        let mut by = serde_json::json!({"id": "a1", "actor_id": "u1", "action": "profile.update", "target_type": "user", "target_id": "u2", "before_json": "{}", "after_json": "{\"x\":1}"});
        assert!(scrub_audit(&mut by, "u1"));
        assert_eq!(by["actor_id"], serde_json::Value::Null);
        assert_eq!(by["after_json"], "{\"x\":1}", "what was done to someone else stays");
        let mut on = serde_json::json!({"id": "a2", "actor_id": "u9", "action": "user.email", "target_type": "user", "target_id": "u1", "before_json": "{\"email\":\"a@b.c\"}", "after_json": "{}"});
        assert!(scrub_audit(&mut on, "u1"));
        assert_eq!((on["actor_id"].as_str(), on["before_json"].is_null(), on["after_json"].is_null()), (Some("u9"), true, true));
        let mut other = serde_json::json!({"id": "a3", "actor_id": "u9", "action": "community.update", "target_type": "community", "target_id": "u1", "before_json": "{}"});
        assert!(!scrub_audit(&mut other, "u1"), "a community with the same id is not the person");
        assert!(!scrub_audit(&mut serde_json::json!("not an entry"), "u1"));
    }

    #[test]
    fn tables_without_rowid_are_read_whole() {
        let sql = std::fs::read_to_string("schema.sql").unwrap_or_default();
        let mut found: Vec<&str> = Vec::new();
        for part in sql.split("CREATE TABLE IF NOT EXISTS ").skip(1) {
            let body = part.split(";").next().unwrap_or("");
            if body.contains("WITHOUT ROWID") {
                found.push(part.split_whitespace().next().unwrap_or(""));
            }
        }
        found.retain(|t| PLATFORM.iter().any(|h| h.table == *t));
        found.sort_unstable();
        let mut listed = NO_ROWID.to_vec();
        listed.sort_unstable();
        assert_eq!(found, listed);
        let h = PLATFORM.iter().find(|h| h.table == "forum_reads").copied();
        assert_eq!(h.map(|h| page_sql(&h, true)).as_deref(), Some("SELECT * FROM forum_reads WHERE (user_id = ?1) AND ?3 >= 0 LIMIT 10000"));
    }

    #[test]
    fn every_d1_table_is_listed_and_its_columns_exist() {
        let schema = tables(&std::fs::read_to_string("schema.sql").unwrap_or_default());
        assert!(schema.len() > 60);
        let unnamed: Vec<&str> = UNNAMED.iter().map(|(t, _)| *t).collect();
        check(PLATFORM, &unnamed, &schema);
    }

    #[test]
    fn every_space_table_is_listed_and_its_columns_exist() {
        let schema = tables(&space_sql());
        assert!(schema.len() > 25, "{schema:?}");
        check(SPACE, SPACE_UNNAMED, &schema);
    }

    #[test]
    fn what_retention_keeps_of_a_space_and_a_grant_reads_exists() {
        let schema = tables(&space_sql());
        for t in crate::domain::retention::SPACE_KEPT.iter().chain(crate::domain::grants::PROCESS_TABLES) {
            assert!(schema.contains_key(*t), "{t}");
        }
        // The mentor's words without an author column.
        for (t, c) in [("diaries", "comment"), ("report", "mentor")] {
            assert!(schema.get(t).is_some_and(|cols| cols.iter().any(|x| x == c)), "{t}.{c}");
            assert!(MENTOR_WORDS.iter().any(|sql| sql.starts_with(&format!("UPDATE {t} SET {c} = ''"))), "{t}.{c}");
        }
    }

    #[test]
    fn statements() {
        let m = &SPACE[0];
        assert_eq!(page_sql(m, false), "SELECT rowid AS _row, * FROM messages WHERE (author_id = ?1) AND rowid > ?2 ORDER BY rowid LIMIT 500");
        assert_eq!(erase_sql(m).as_deref(), Some("UPDATE messages SET text = '', author_name = '', client_id = '' WHERE (author_id = ?1)"));
        assert_eq!(erase_sql(&SPACE[1]).as_deref(), Some("DELETE FROM reads WHERE (member_id = ?1)"));
        assert_eq!(erase_sql(&SPACE[2]), None);
        let row = serde_json::json!({"_row": 3, "seq": 3, "client_key": "k", "text": "hi"});
        let serde_json::Value::Object(row) = row else { return };
        assert_eq!(serde_json::Value::Object(exported(m, row)), serde_json::json!({"seq": 3, "text": "hi"}));
    }

    #[test]
    fn documents_are_links() {
        let mut v = serde_json::json!({"id": "v1", "item_id": "i1"});
        link("file_versions", "p1", &mut v);
        assert_eq!(v["link"], "/api/projects/p1/files/i1/download?version=v1");
        let mut cv = serde_json::json!({"cv_name": null});
        link("profiles", "", &mut cv);
        assert!(cv.get("link").is_none());
        let mut a = serde_json::json!({"id": "f", "project_id": "p"});
        link("project_attachments", "", &mut a);
        assert_eq!(a["link"], "/api/projects/p/attachments/f");
    }

    #[test]
    fn secrets_are_never_exported() {
        for h in PLATFORM {
            if ["recovery_codes", "login_challenges", "email_tokens", "trusted_devices", "outbox_links", "digest_links", "calendar_feeds"].contains(&h.table) {
                assert!(!h.export, "{}", h.table);
            }
        }
        let users = &PLATFORM[0];
        assert!(users.secret.contains(&"password_hash"));
    }

    #[test]
    fn erasure_is_refused_for_the_last_admin_and_the_only_mentor() {
        let s = |only: &[&str], admin, others| Standing { only_mentor_of: only.iter().map(|s| s.to_string()).collect(), platform_admin: admin, other_platform_admins: others };
        assert_eq!(refusal(&s(&[], true, 0)).map(|r| r.0), Some("last_platform_admin"));
        assert_eq!(refusal(&s(&[], true, 1)), None);
        assert_eq!(refusal(&s(&["p"], false, 0)).map(|r| r.0), Some("only_mentor"));
        assert_eq!(refusal(&s(&[], false, 0)), None);
    }

    #[test]
    fn one_export_a_day() {
        assert_eq!(next_export(None, 5), Ok(()));
        assert_eq!(next_export(Some(0), EXPORT_EVERY_MS - 1), Err(EXPORT_EVERY_MS));
        assert_eq!(next_export(Some(0), EXPORT_EVERY_MS), Ok(()));
    }

    #[test]
    fn steps_walk_d1_then_each_space() {
        let mut c = Cursor::default();
        assert_eq!(step(&c), Step::Platform(0));
        c.holding = 1; // user_search is not exported: the next one is sessions
        assert_eq!(step(&c), Step::Platform(2));
        c.holding = PLATFORM.len();
        assert_eq!(step(&c), Step::NextProject);
        c.project = "p".into();
        assert_eq!(step(&c), Step::Space(0));
        c.holding = PLATFORM.len() + 1; // reads are not exported
        assert_eq!(step(&c), Step::Space(2));
        c.holding = PLATFORM.len() + SPACE.len();
        assert_eq!(step(&c), Step::NextProject);
    }
}
