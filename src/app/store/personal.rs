//! Personal data (#14): exports (their rows and R2 keys), erasures, and the pages and statements both read from the
//! one list in `domain::personal`.

use super::{all, batch, first, row, run, stmt, Arg, Count, Db};
use crate::domain::error::ApiError;
use crate::domain::mail::Mail;
use crate::domain::personal::{self as rules, Holding, Standing};
use serde_json::Value;

row! {
    pub struct ExportRow {
        pub id: String,
        pub user_id: String,
        pub state: String,
        pub holding: i64,
        pub after: i64,
        pub project: String,
        pub parts: i64,
        pub bytes: i64,
        pub asked_at: i64,
        pub ready_at: Option<i64>,
        pub expires_at: Option<i64>,
    }
}

const EXPORT: &str = "SELECT id, user_id, state, holding, after, project, parts, bytes, asked_at, ready_at, expires_at FROM exports";

/// The R2 key of an export's document `n`.
pub fn part_key(export: &str, n: i64) -> String {
    format!("exports/{export}/{n:04}.json")
}

/// The person's latest export and whether they gave research consent (one round trip: the page's).
pub async fn status(db: &Db, user: &str) -> Result<(Option<ExportRow>, bool), ApiError> {
    let results = batch(
        db,
        vec![
            stmt(db, &format!("{EXPORT} WHERE user_id = ?1 ORDER BY asked_at DESC LIMIT 1"), &[Arg::S(user)])?,
            stmt(db, "SELECT COUNT(*) AS n FROM research_consents WHERE user_id = ?1", &[Arg::S(user)])?,
        ],
    )
    .await?;
    Ok((super::one(&results, 0)?, super::one::<Count>(&results, 1)?.is_some_and(|c| c.n > 0)))
}

/// The person's latest export.
pub async fn last_export(db: &Db, user: &str) -> Result<Option<ExportRow>, ApiError> {
    first(db, &format!("{EXPORT} WHERE user_id = ?1 ORDER BY asked_at DESC LIMIT 1"), &[Arg::S(user)]).await
}

/// An export asked for: written only if none was asked for since `since` (two requests racing make one).
pub async fn ask_export(db: &Db, id: &str, user: &str, since: i64, now: i64) -> Result<bool, ApiError> {
    let changed = run(
        db,
        "INSERT INTO exports (id, user_id, state, asked_at) SELECT ?1, ?2, 'working', ?3 \
         WHERE NOT EXISTS (SELECT 1 FROM exports WHERE user_id = ?2 AND asked_at > ?4)",
        &[Arg::S(id), Arg::S(user), Arg::N(now), Arg::N(since)],
    )
    .await?;
    Ok(changed == 1)
}

/// The export still being written that no run of the cron holds, taken until `until`.
pub async fn take_working(db: &Db, now: i64, until: i64) -> Result<Option<ExportRow>, ApiError> {
    let e: Option<ExportRow> = first(db, &format!("{EXPORT} WHERE state = 'working' AND lease_until < ?1 ORDER BY lease_until LIMIT 1"), &[Arg::N(now)]).await?;
    let Some(e) = e else { return Ok(None) };
    let taken = run(db, "UPDATE exports SET lease_until = ?3 WHERE id = ?1 AND lease_until < ?2", &[Arg::S(&e.id), Arg::N(now), Arg::N(until)]).await?;
    Ok((taken == 1).then_some(e))
}

/// Ready exports past keeping (their documents go, then the row says so).
pub async fn expired(db: &Db, now: i64) -> Result<Vec<ExportRow>, ApiError> {
    all(db, &format!("{EXPORT} WHERE state = 'ready' AND expires_at < ?1 ORDER BY expires_at LIMIT 5"), &[Arg::N(now)]).await
}

pub async fn mark_expired(db: &Db, id: &str) -> Result<(), ApiError> {
    run(db, "UPDATE exports SET state = 'expired' WHERE id = ?1", &[Arg::S(id)]).await.map(|_| ())
}

/// Where an export has got to, after a document was written.
pub async fn advance(db: &Db, id: &str, c: &crate::domain::personal::Cursor, bytes: i64) -> Result<(), ApiError> {
    let holding = i64::try_from(c.holding).unwrap_or(i64::MAX);
    run(
        db,
        "UPDATE exports SET holding = ?2, after = ?3, project = ?4, parts = ?5, bytes = ?6 WHERE id = ?1",
        &[Arg::S(id), Arg::N(holding), Arg::N(c.after), Arg::S(&c.project), Arg::N(c.parts), Arg::N(bytes)],
    )
    .await
    .map(|_| ())
}

/// This run of the cron is done with the export (the next may take it at once).
pub async fn release(db: &Db, id: &str) -> Result<(), ApiError> {
    run(db, "UPDATE exports SET lease_until = 0 WHERE id = ?1", &[Arg::S(id)]).await.map(|_| ())
}

/// The export is complete: it is kept for 7 days, and its owner is told.
pub async fn finish(db: &Db, id: &str, mail: (&str, &Mail), now: i64) -> Result<(), ApiError> {
    batch(
        db,
        vec![
            stmt(db, "UPDATE exports SET state = 'ready', ready_at = ?2, expires_at = ?3 WHERE id = ?1", &[Arg::S(id), Arg::N(now), Arg::N(now + rules::EXPORT_KEEP_MS)])?,
            super::accounts::queue_mail(db, mail.0, mail.1, now, "", &[])?,
        ],
    )
    .await
    .map(|_| ())
}

row! {
    pub struct Person {
        pub email: String,
        pub display_name: String,
    }
}

pub async fn person(db: &Db, user: &str) -> Result<Option<Person>, ApiError> {
    first(db, "SELECT email, display_name FROM users WHERE id = ?1", &[Arg::S(user)]).await
}

/// The arguments a holding's statement takes: `?1` the id, `?2` the e-mail where it names one, then `extra`.
fn args<'a>(sql: &str, user: &'a str, email: &'a str, extra: Option<i64>) -> Vec<Arg<'a>> {
    let mut a = vec![Arg::S(user)];
    if extra.is_some() || sql.contains("?2") {
        a.push(Arg::S(email));
    }
    if let Some(n) = extra {
        a.push(Arg::N(n));
    }
    a
}

/// One page of a holding's rows for the person (at most `PAGE`), after the row `after`: the rows as exported, and the
/// last row's key.
pub async fn page(db: &Db, h: &Holding, user: &str, email: &str, after: i64) -> Result<(Vec<Value>, Option<i64>), ApiError> {
    let sql = rules::page_sql(h, true);
    let rows: Vec<Value> = all(db, &sql, &args(&sql, user, email, Some(after))).await?;
    Ok(exported(h, rows))
}

/// Rows as exported, and the last one's key: `i64::MAX` for a table read whole (there is no next page), `None` when
/// there were no rows (shared with the project space).
pub fn exported(h: &Holding, rows: Vec<Value>) -> (Vec<Value>, Option<i64>) {
    #[allow(clippy::cast_possible_truncation)]
    let last = rows.last().map(|r| r.get("_row").and_then(Value::as_f64).map_or(i64::MAX, |f| f as i64));
    let rows = rows
        .into_iter()
        .map(|r| match r {
            Value::Object(m) => Value::Object(rules::exported(h, m)),
            other => other,
        })
        .collect();
    (rows, last)
}

/// The projects the person is a member of, after `after` (ids in order), a page at a time.
pub async fn projects_after(db: &Db, user: &str, after: &str) -> Result<Vec<String>, ApiError> {
    row! {
        struct P {
            project_id: String,
        }
    }
    let rows: Vec<P> = all(db, "SELECT project_id FROM project_members WHERE user_id = ?1 AND project_id > ?2 ORDER BY project_id LIMIT 1", &[Arg::S(user), Arg::S(after)]).await?;
    Ok(rows.into_iter().map(|p| p.project_id).collect())
}

row! {
    /// A project the person was a member of or coordinates (a coordinator signs the contract): whether they were its
    /// mentor, whether a mentee, and its title when they wrote it (the contract quotes it).
    pub struct Theirs {
        pub project_id: String,
        pub mentor: i64,
        pub mentee: i64,
        pub title: String,
    }
}

/// Every project the person was ever a member of or coordinates.
pub async fn all_projects(db: &Db, user: &str) -> Result<Vec<Theirs>, ApiError> {
    all(
        db,
        "SELECT t.project_id, MAX(t.mentor) AS mentor, MAX(t.mentee) AS mentee, \
           CASE WHEN p.created_by = ?1 THEN p.title ELSE '' END AS title FROM ( \
           SELECT project_id, role = 'mentor' AS mentor, role = 'mentee' AS mentee FROM project_members WHERE user_id = ?1 \
           UNION ALL SELECT project_id, 0, 0 FROM project_process WHERE coordinator_id = ?1) t \
         JOIN projects p ON p.id = t.project_id GROUP BY t.project_id",
        &[Arg::S(user)],
    )
    .await
}

/// What erasure is refused on.
pub async fn standing(db: &Db, user: &str) -> Result<Standing, ApiError> {
    row! {
        struct P {
            id: String,
        }
    }
    row! {
        struct A {
            platform_admin: i64,
            others: i64,
        }
    }
    let only: Vec<P> = all(
        db,
        "SELECT p.id FROM projects p JOIN project_members m ON m.project_id = p.id AND m.user_id = ?1 AND m.role = 'mentor' AND m.status = 'active' \
         WHERE p.state = 'active' AND NOT EXISTS (SELECT 1 FROM project_members o WHERE o.project_id = p.id AND o.role = 'mentor' \
         AND o.status = 'active' AND o.user_id <> ?1 AND NOT EXISTS (SELECT 1 FROM erasures e WHERE e.user_id = o.user_id))",
        &[Arg::S(user)],
    )
    .await?;
    let a: Option<A> = first(
        db,
        "SELECT is_platform_admin AS platform_admin, (SELECT COUNT(*) FROM users a WHERE a.is_platform_admin = 1 AND a.status = 'active' AND a.id <> ?1 \
         AND NOT EXISTS (SELECT 1 FROM erasures e WHERE e.user_id = a.id)) AS others \
         FROM users WHERE id = ?1",
        &[Arg::S(user)],
    )
    .await?;
    let a = a.ok_or_else(ApiError::not_found)?;
    Ok(Standing { only_mentor_of: only.into_iter().map(|p| p.id).collect(), platform_admin: a.platform_admin == 1, other_platform_admins: a.others })
}

/// Erasure asked for: due after the grace, every session ended, the person told (one batch).
pub async fn ask_erasure(db: &Db, user: &str, mail: (&str, &Mail), now: i64) -> Result<i64, ApiError> {
    let due = now + rules::GRACE_MS;
    batch(
        db,
        vec![
            stmt(
                db,
                "INSERT INTO erasures (user_id, asked_at, due_at) VALUES (?1, ?2, ?3) ON CONFLICT (user_id) DO NOTHING",
                &[Arg::S(user), Arg::N(now), Arg::N(due)],
            )?,
            stmt(db, "DELETE FROM sessions WHERE user_id = ?1", &[Arg::S(user)])?,
            super::accounts::queue_mail(db, mail.0, mail.1, now, "", &[])?,
        ],
    )
    .await?;
    let due: Option<Count> = first(db, "SELECT due_at AS n FROM erasures WHERE user_id = ?1", &[Arg::S(user)]).await?;
    Ok(due.map_or(now + rules::GRACE_MS, |c| c.n))
}

/// The next erasure due, taken by this run of the cron (its `due_at` moves to `again`, when it is tried again should
/// this run fail; it is marked begun, so that logging in no longer cancels it).
pub async fn take_erasure(db: &Db, now: i64, again: i64) -> Result<Option<String>, ApiError> {
    row! {
        struct E {
            user_id: String,
        }
    }
    let Some(e) = first::<E>(db, "SELECT user_id FROM erasures WHERE due_at <= ?1 ORDER BY due_at LIMIT 1", &[Arg::N(now)]).await? else { return Ok(None) };
    let taken =
        run(db, "UPDATE erasures SET due_at = ?3, asked_at = 0 WHERE user_id = ?1 AND due_at <= ?2", &[Arg::S(&e.user_id), Arg::N(now), Arg::N(again)]).await?;
    Ok((taken == 1).then_some(e.user_id))
}

/// An erasure that may no longer be done (the person became what others depend on): dropped.
pub async fn drop_erasure(db: &Db, user: &str) -> Result<(), ApiError> {
    run(db, "DELETE FROM erasures WHERE user_id = ?1", &[Arg::S(user)]).await.map(|_| ())
}

/// The R2 keys of what only the person put there in D1's records: their CV, their attachments, their exports.
pub async fn own_keys(db: &Db, user: &str) -> Result<Vec<String>, ApiError> {
    let keys: Vec<super::accounts::Id> = all(
        db,
        "SELECT cv_key AS id FROM profiles WHERE user_id = ?1 AND cv_key IS NOT NULL \
         UNION ALL SELECT r2_key FROM project_attachments WHERE uploaded_by = ?1 \
         UNION ALL SELECT file_key FROM library_items WHERE author_id = ?1 AND state <> 'published' AND file_key <> ''",
        &[Arg::S(user)],
    )
    .await?;
    Ok(keys.into_iter().map(|k| k.id).collect())
}

/// The person's exports (their documents are deleted with them).
pub async fn exports_of(db: &Db, user: &str) -> Result<Vec<ExportRow>, ApiError> {
    all(db, &format!("{EXPORT} WHERE user_id = ?1"), &[Arg::S(user)]).await
}

/// The erasure in D1, as one batch: every holding's statement, the audit entry (with no actor), the schedule gone.
/// Each statement holds only while the erasure is still asked for: a log-in meanwhile (which cancels it) leaves the
/// account as it is.
pub async fn erase(db: &Db, user: &str, email: &str, audit_id: &str, now: i64) -> Result<(), ApiError> {
    const ASKED: &str = " AND EXISTS (SELECT 1 FROM erasures WHERE user_id = ?1)";
    let mut statements = Vec::new();
    for h in rules::PLATFORM {
        if let Some(sql) = rules::erase_sql(h) {
            let sql = format!("{sql}{ASKED}");
            statements.push(stmt(db, &sql, &args(&sql, user, email, None))?);
        }
    }
    statements.push(stmt(
        db,
        &format!("INSERT INTO audit_log (id, actor_id, action, target_type, target_id, before_json, after_json, at) SELECT ?2, NULL, 'user.erase', 'user', ?1, NULL, NULL, ?3 WHERE 1 = 1{ASKED}"),
        &[Arg::S(user), Arg::S(audit_id), Arg::N(now)],
    )?);
    statements.push(stmt(db, "DELETE FROM erasures WHERE user_id = ?1", &[Arg::S(user)])?);
    batch(db, statements).await.map(|_| ())
}

/// Gives or withdraws research consent.
pub async fn set_consent(db: &Db, user: &str, given: bool, now: i64) -> Result<(), ApiError> {
    if given {
        run(db, "INSERT INTO research_consents (user_id, given_at) VALUES (?1, ?2) ON CONFLICT (user_id) DO NOTHING", &[Arg::S(user), Arg::N(now)]).await?;
    } else {
        run(db, "DELETE FROM research_consents WHERE user_id = ?1", &[Arg::S(user)]).await?;
    }
    Ok(())
}
