//! Communities and memberships.

use super::{audit, batch, one, rows, run, stmt, Arg, Audit, Before, Who};
use crate::domain::community::Settings;
use crate::domain::error::ApiError;
use serde::Serialize;
use super::Db;

super::row! {
    #[derive(Serialize)]
    pub struct CommunityRow {
        pub id: String,
        pub slug: String,
        pub name: String,
        pub description: String,
        pub join_policy: String,
        pub models: String,
        pub allow_external_mentors: i64,
        pub request_timeout_days: i64,
        pub archived_at: Option<i64>,
        pub created_at: i64,
        pub member_count: i64,
        /// Its privacy settings (#14); none chosen: 24 months, and its admins answer.
        pub retention_months: Option<i64>,
        pub controller: Option<String>,
    }
}

const COMMUNITY: &str = "c.id, c.slug, c.name, c.description, c.join_policy, c.models, c.allow_external_mentors, \
    c.request_timeout_days, c.archived_at, c.created_at, \
    (SELECT COUNT(*) FROM memberships x WHERE x.community_id = c.id AND x.status = 'active') AS member_count, \
    (SELECT retention_months FROM community_privacy y WHERE y.community_id = c.id) AS retention_months, \
    (SELECT controller FROM community_privacy y WHERE y.community_id = c.id) AS controller";

super::row! {
    pub struct MyMembership {
        pub community_id: String,
        pub role: String,
        pub status: String,
    }
}

/// The directory page and my memberships in it, in one round trip.
pub async fn directory(
    db: &Db,
    user_id: &str,
    include_archived: bool,
    cursor: &str,
    limit: i64,
) -> Result<(Vec<CommunityRow>, Vec<MyMembership>), ApiError> {
    let results = batch(
        db,
        vec![
            stmt(
                db,
                &format!(
                    "SELECT {COMMUNITY} FROM communities c WHERE (c.archived_at IS NULL OR ?1 = 1) AND c.id > ?2 ORDER BY c.id LIMIT ?3"
                ),
                &[Arg::B(include_archived), Arg::S(cursor), Arg::N(limit + 1)],
            )?,
            stmt(db, "SELECT community_id, role, status FROM memberships WHERE user_id = ?1", &[Arg::S(user_id)])?,
        ],
    )
    .await?;
    Ok((rows(&results, 0)?, rows(&results, 1)?))
}

pub fn settings_json(s: &Settings) -> String {
    serde_json::json!({
        "name": s.name, "description": s.description, "join_policy": s.join_policy.as_str(), "models": s.models.as_str(),
        "allow_external_mentors": s.allow_external_mentors, "request_timeout_days": s.request_timeout_days,
    })
    .to_string()
}

const SETTINGS_BEFORE: &str = "json_object('name', name, 'description', description, 'join_policy', join_policy, \
    'models', models, 'allow_external_mentors', allow_external_mentors = 1, 'request_timeout_days', request_timeout_days)";

/// A community's name makes its slug, which is unique: a taken one is a conflict on the name.
fn name_taken() -> Vec<(&'static str, ApiError)> {
    vec![(
        "communities.slug",
        ApiError::conflict("community_name_taken", "A community with this name (or one that makes the same address) exists already. Choose another name.")
            .with_field("name"),
    )]
}

pub async fn create(db: &Db, id: &str, s: &Settings, actor: &str, audit_id: &str, now: i64) -> Result<(), ApiError> {
    let after = settings_json(s);
    let a = Audit { id: audit_id, actor, action: "community.create", target_type: "community", target_id: id, after: &after, now };
    super::batch_constrained(
        db,
        vec![
            stmt(
                db,
                "INSERT INTO communities (id, slug, name, description, join_policy, models, allow_external_mentors, \
                   request_timeout_days, created_by, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
                &[
                    Arg::S(id), Arg::S(&s.slug), Arg::S(&s.name), Arg::S(&s.description), Arg::S(s.join_policy.as_str()),
                    Arg::S(s.models.as_str()), Arg::B(s.allow_external_mentors), Arg::N(s.request_timeout_days),
                    Arg::S(actor), Arg::N(now),
                ],
            )?,
            audit(db, &a, Before::Nothing)?,
        ],
        name_taken(),
    )
    .await
    .map(|_| ())
}

pub async fn update(db: &Db, id: &str, s: &Settings, actor: &str, audit_id: &str, now: i64) -> Result<(), ApiError> {
    let after = settings_json(s);
    let a = Audit { id: audit_id, actor, action: "community.update", target_type: "community", target_id: id, after: &after, now };
    super::batch_constrained(
        db,
        vec![
            audit(db, &a, Before::Row { json: SETTINGS_BEFORE, table: "communities", keys: &[("id", Arg::S(id))], filter: "" })?,
            stmt(
                db,
                "UPDATE communities SET slug = ?2, name = ?3, description = ?4, join_policy = ?5, models = ?6, \
                   allow_external_mentors = ?7, request_timeout_days = ?8, updated_at = ?9 WHERE id = ?1",
                &[
                    Arg::S(id), Arg::S(&s.slug), Arg::S(&s.name), Arg::S(&s.description), Arg::S(s.join_policy.as_str()),
                    Arg::S(s.models.as_str()), Arg::B(s.allow_external_mentors), Arg::N(s.request_timeout_days), Arg::N(now),
                ],
            )?,
        ],
        name_taken(),
    )
    .await
    .map(|_| ())
}

/// Turns modules off or on again (each change one row), with its audit entry, in one batch.
pub async fn set_modules(db: &Db, id: &str, changes: &[(crate::domain::community::Module, bool)], a: &Audit<'_>) -> Result<(), ApiError> {
    let mut statements = vec![audit(db, a, Before::Nothing)?];
    for (m, on) in changes {
        statements.push(stmt(
            db,
            "INSERT INTO community_modules (community_id, module, enabled, updated_at) VALUES (?1, ?2, ?3, ?4) \
             ON CONFLICT (community_id, module) DO UPDATE SET enabled = ?3, updated_at = ?4",
            &[Arg::S(id), Arg::S(m.as_str()), Arg::B(*on), Arg::N(a.now)],
        )?);
    }
    super::batch(db, statements).await.map(|_| ())
}

/// The modules a community turned off.
pub async fn modules(db: &Db, id: &str) -> Result<crate::domain::community::Modules, ApiError> {
    super::row! {
        struct Off {
            off: Option<String>,
        }
    }
    let row: Option<Off> = super::first(db, "SELECT group_concat(module) AS off FROM community_modules WHERE community_id = ?1 AND enabled = 0", &[Arg::S(id)]).await?;
    Ok(crate::domain::community::Modules::from_off(row.and_then(|r| r.off).as_deref()))
}

super::row! {
    #[derive(Serialize)]
    pub struct MemberRow {
        pub id: String,
        pub display_name: String,
        pub role: String,
        pub joined_at: i64,
    }
}

super::row! {
    pub struct Membership {
        pub role: String,
        pub status: String,
    }
}

pub const HOME_MEMBERS: i64 = 50;

/// A community's home: the community, my membership, the first members, pending requests: one round trip.
/// A community's home page for one person: the statements (they may ride with the session check) and their rows.
pub fn home_reads(db: &Db, id: &str, who: Who) -> Result<Vec<worker::D1PreparedStatement>, ApiError> {
    Ok(vec![
        stmt(db, &format!("SELECT {COMMUNITY} FROM communities c WHERE c.id = ?1"), &[Arg::S(id)])?,
        stmt(
            db,
            &format!("SELECT role, status FROM memberships WHERE community_id = ?1 AND user_id = {}", who.id_sql(2)),
            &[Arg::S(id), who.arg()],
        )?,
        members_stmt(db, id, "", HOME_MEMBERS)?,
        stmt(db, "SELECT COUNT(*) AS n FROM memberships WHERE community_id = ?1 AND status = 'pending'", &[Arg::S(id)])?,
    ])
}

pub type Home = (Option<CommunityRow>, Option<Membership>, Vec<MemberRow>, i64);

pub fn home_rows(results: &[worker::D1Result]) -> Result<Home, ApiError> {
    let pending = one::<super::Count>(results, 3)?.map_or(0, |c| c.n);
    Ok((one(results, 0)?, one(results, 1)?, rows(results, 2)?, pending))
}

pub async fn home(db: &Db, id: &str, user_id: &str) -> Result<Home, ApiError> {
    home_rows(&batch(db, home_reads(db, id, Who::User(user_id))?).await?)
}

fn members_stmt(db: &Db, id: &str, cursor: &str, limit: i64) -> Result<worker::D1PreparedStatement, ApiError> {
    stmt(
        db,
        "SELECT u.id, u.display_name, m.role, m.created_at AS joined_at FROM memberships m JOIN users u ON u.id = m.user_id \
         WHERE m.community_id = ?1 AND m.status = 'active' AND u.status = 'active' AND u.id > ?2 ORDER BY u.id LIMIT ?3",
        &[Arg::S(id), Arg::S(cursor), Arg::N(limit)],
    )
}

pub async fn members(db: &Db, id: &str, cursor: &str, limit: i64) -> Result<Vec<MemberRow>, ApiError> {
    super::all_of(db, members_stmt(db, id, cursor, limit + 1)?).await
}

pub async fn community(db: &Db, id: &str) -> Result<Option<CommunityRow>, ApiError> {
    super::first(db, &format!("SELECT {COMMUNITY} FROM communities c WHERE c.id = ?1"), &[Arg::S(id)]).await
}

/// Joins (or asks to join) an unarchived community; returns the membership, new or existing.
pub async fn join(db: &Db, id: &str, user_id: &str, now: i64) -> Result<Option<Membership>, ApiError> {
    let results = batch(
        db,
        vec![
            stmt(
                db,
                "INSERT INTO memberships (community_id, user_id, role, status, created_at) \
                 SELECT id, ?2, 'member', CASE join_policy WHEN 'open' THEN 'active' ELSE 'pending' END, ?3 \
                 FROM communities WHERE id = ?1 AND archived_at IS NULL ON CONFLICT DO NOTHING",
                &[Arg::S(id), Arg::S(user_id), Arg::N(now)],
            )?,
            stmt(db, "SELECT role, status FROM memberships WHERE community_id = ?1 AND user_id = ?2", &[Arg::S(id), Arg::S(user_id)])?,
        ],
    )
    .await?;
    one(&results, 1)
}

/// Leaves, unless this is the community's last admin. Returns rows removed.
pub async fn leave(db: &Db, id: &str, user_id: &str) -> Result<usize, ApiError> {
    run(
        db,
        "DELETE FROM memberships WHERE community_id = ?1 AND user_id = ?2 AND NOT (role = 'admin' AND status = 'active' AND \
           (SELECT COUNT(*) FROM memberships WHERE community_id = ?1 AND role = 'admin' AND status = 'active') = 1)",
        &[Arg::S(id), Arg::S(user_id)],
    )
    .await
}

pub async fn membership(db: &Db, id: &str, user_id: &str) -> Result<Option<Membership>, ApiError> {
    super::first(db, "SELECT role, status FROM memberships WHERE community_id = ?1 AND user_id = ?2", &[Arg::S(id), Arg::S(user_id)]).await
}

super::row! {
    #[derive(Serialize)]
    pub struct RequestRow {
        pub id: String,
        pub display_name: String,
        pub requested_at: i64,
    }
}

pub async fn join_requests(db: &Db, id: &str) -> Result<Vec<RequestRow>, ApiError> {
    super::all(
        db,
        "SELECT u.id, u.display_name, m.created_at AS requested_at FROM memberships m JOIN users u ON u.id = m.user_id \
         WHERE m.community_id = ?1 AND m.status = 'pending' ORDER BY m.created_at LIMIT 200",
        &[Arg::S(id)],
    )
    .await
}

/// Approves (`approve`) or refuses a pending request, with its audit entry. Returns whether there was one.
pub async fn decide_request(db: &Db, id: &str, user_id: &str, approve: bool, a: &Audit<'_>) -> Result<bool, ApiError> {
    let change = if approve {
        "UPDATE memberships SET status = 'active' WHERE community_id = ?1 AND user_id = ?2 AND status = 'pending'"
    } else {
        "DELETE FROM memberships WHERE community_id = ?1 AND user_id = ?2 AND status = 'pending'"
    };
    let before = Before::Row {
        json: "json_object('status', status)",
        table: "memberships",
        keys: &[("community_id", Arg::S(id)), ("user_id", Arg::S(a.target_id))],
        filter: "status = 'pending'",
    };
    let results = batch(db, vec![audit(db, a, before)?, stmt(db, change, &[Arg::S(id), Arg::S(user_id)])?])
    .await?;
    Ok(results.get(1).map_or(0, super::changes) > 0)
}

/// The community's active admins (the coordinators it can choose from).
pub async fn admins(db: &Db, id: &str) -> Result<Vec<String>, ApiError> {
    let rows: Vec<super::accounts::Id> = super::all(
        db,
        "SELECT user_id AS id FROM memberships WHERE community_id = ?1 AND role = 'admin' AND status = 'active' LIMIT 200",
        &[Arg::S(id)],
    )
    .await?;
    Ok(rows.into_iter().map(|r| r.id).collect())
}
