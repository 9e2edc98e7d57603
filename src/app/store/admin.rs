//! Platform administration: user search, suspension, rights, archiving, the audit log.

use super::accounts::{UserRow, USER_COLUMNS};
use super::{all, audit, batch, stmt, Arg, Audit, Before};
use crate::domain::error::ApiError;
use serde::Serialize;
use super::Db;

/// Users whose e-mail, e-mail domain or a word of whose name starts with `q` (case-insensitive), by id; everyone
/// when `q` is empty. Found through the `user_search` index (kept by triggers), never by reading every user.
pub async fn search_users(db: &Db, q: &str, cursor: &str, limit: i64) -> Result<Vec<UserRow>, ApiError> {
    if q.is_empty() {
        return all(db, &format!("SELECT {USER_COLUMNS} FROM users u WHERE u.id > ?1 ORDER BY u.id LIMIT ?2"), &[Arg::S(cursor), Arg::N(limit + 1)]).await;
    }
    // SQLite's lower() folds ASCII only: the key and the query are folded alike.
    let prefix = q.to_ascii_lowercase();
    all(
        db,
        &format!(
            "SELECT {USER_COLUMNS} FROM users u WHERE u.id IN ( \
               SELECT k.user_id FROM user_search k WHERE k.key >= ?1 AND k.key < ?1 || char(1114111) AND k.user_id > ?2) \
             ORDER BY u.id LIMIT ?3"
        ),
        &[Arg::S(&prefix), Arg::S(cursor), Arg::N(limit + 1)],
    )
    .await
}

/// A user's status and platform role before a change to them.
fn user_before<'a>(a: &'a Audit<'a>) -> [(&'static str, Arg<'a>); 1] {
    [("id", Arg::S(a.target_id))]
}
const USER_BEFORE: &str = "json_object('status', status, 'platform_admin', is_platform_admin = 1)";

pub async fn set_status(db: &Db, a: &Audit<'_>, status: &str, reason: Option<&str>) -> Result<(), ApiError> {
    let mut statements = vec![
        audit(db, a, Before::Row { json: USER_BEFORE, table: "users", keys: &user_before(a), filter: "" })?,
        stmt(
            db,
            "UPDATE users SET status = ?2, suspended_reason = ?3, updated_at = ?4 WHERE id = ?1",
            &[Arg::S(a.target_id), Arg::S(status), super::opt(reason), Arg::N(a.now)],
        )?,
    ];
    if status == "suspended" {
        // The suspension takes effect at once: every session ends.
        statements.push(stmt(db, "DELETE FROM sessions WHERE user_id = ?1", &[Arg::S(a.target_id)])?);
    }
    batch(db, statements).await.map(|_| ())
}

pub async fn set_platform_admin(db: &Db, a: &Audit<'_>, granted: bool) -> Result<(), ApiError> {
    batch(
        db,
        vec![
            audit(db, a, Before::Row { json: USER_BEFORE, table: "users", keys: &user_before(a), filter: "" })?,
            stmt(
                db,
                "UPDATE users SET is_platform_admin = ?2, updated_at = ?3 WHERE id = ?1",
                &[Arg::S(a.target_id), Arg::B(granted), Arg::N(a.now)],
            )?,
        ],
    )
    .await
    .map(|_| ())
}

pub async fn set_community_role(db: &Db, a: &Audit<'_>, community: &str, role: &str) -> Result<usize, ApiError> {
    let results = batch(
        db,
        vec![
            audit(
                db,
                a,
                Before::Row {
                    json: "json_object('community', community_id, 'role', role)",
                    table: "memberships",
                    keys: &[("community_id", Arg::S(community)), ("user_id", Arg::S(a.target_id))],
                    filter: "status = 'active'",
                },
            )?,
            stmt(
                db,
                "UPDATE memberships SET role = ?3 WHERE community_id = ?1 AND user_id = ?2 AND status = 'active'",
                &[Arg::S(community), Arg::S(a.target_id), Arg::S(role)],
            )?,
        ],
    )
    .await?;
    Ok(results.get(1).map_or(0, super::changes))
}

pub async fn set_archived(db: &Db, a: &Audit<'_>, archived: bool) -> Result<(), ApiError> {
    batch(
        db,
        vec![
            audit(
                db,
                a,
                Before::Row {
                    json: "json_object('archived', archived_at IS NOT NULL)",
                    table: "communities",
                    keys: &[("id", Arg::S(a.target_id))],
                    filter: "",
                },
            )?,
            stmt(
                db,
                "UPDATE communities SET archived_at = CASE WHEN ?2 = 1 THEN ?3 ELSE NULL END, updated_at = ?3 WHERE id = ?1",
                &[Arg::S(a.target_id), Arg::B(archived), Arg::N(a.now)],
            )?,
        ],
    )
    .await
    .map(|_| ())
}

super::row! {
    #[derive(Serialize)]
    pub struct OutboxRow {
        pub id: String,
        pub to_email: String,
        pub subject: String,
        pub body: String,
        pub status: String,
        pub attempts: i64,
        pub next_attempt_at: i64,
        pub last_error: Option<String>,
        pub created_at: i64,
        pub sent_at: Option<i64>,
        /// A digest: its body (titles from rooms and projects the admin may not read) is the recipient's alone.
        #[serde(skip)]
        pub digest: i64,
    }
}

/// Newest first; the cursor is the last id seen. The look itself is written to the audit log, in the same batch.
pub async fn outbox(db: &Db, look: &Audit<'_>, cursor: &str, limit: i64) -> Result<Vec<OutboxRow>, ApiError> {
    let results = super::batch(
        db,
        vec![
            audit(db, look, Before::Nothing)?,
            stmt(
                db,
                "SELECT o.id, o.to_email, o.subject, o.body, o.status, o.attempts, o.next_attempt_at, o.last_error, o.created_at, o.sent_at, \
                   EXISTS (SELECT 1 FROM outbox_links l JOIN digest_links dl ON dl.token_hash = l.token_hash WHERE l.outbox_id = o.id) AS digest \
                 FROM outbox o WHERE o.id < ?1 ORDER BY o.id DESC LIMIT ?2",
                &[super::below(cursor), Arg::N(limit + 1)],
            )?,
        ],
    )
    .await?;
    super::rows(&results, 1)
}

super::row! {
    #[derive(Serialize)]
    pub struct AuditRow {
        pub id: String,
        pub actor_id: Option<String>,
        pub actor_name: Option<String>,
        pub action: String,
        pub target_type: String,
        pub target_id: String,
        pub target_name: Option<String>,
        pub before_json: Option<String>,
        pub after_json: Option<String>,
        pub at: i64,
    }
}

pub async fn audit_log(db: &Db, cursor: &str, limit: i64) -> Result<Vec<AuditRow>, ApiError> {
    all(
        db,
        "SELECT a.id, a.actor_id, u.display_name AS actor_name, a.action, a.target_type, a.target_id, \
           COALESCE(tu.display_name, tc.name) AS target_name, a.before_json, a.after_json, a.at \
         FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id \
           LEFT JOIN users tu ON a.target_type = 'user' AND tu.id = a.target_id \
           LEFT JOIN communities tc ON a.target_type = 'community' AND tc.id = a.target_id \
         WHERE a.id < ?1 ORDER BY a.id DESC LIMIT ?2",
        &[super::below(cursor), Arg::N(limit + 1)],
    )
    .await
}
