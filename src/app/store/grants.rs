//! Break-glass grants (#14): the request, its answer, the members told, every read logged.

use super::notifications::{notify, notify_for_grant, notify_if_sole_admin, Notice, To};
use super::{all, audit, batch, first, row, stmt, Arg, Audit, Before, Db};
use crate::domain::error::ApiError;
use crate::domain::grants::{Ask, Effects, State};
use crate::domain::notifications::Kind;
use serde::Serialize;
use worker::D1PreparedStatement;

const GRANT: &str = "g.id, g.project_id, g.community_id, g.requester_id, (SELECT display_name FROM users WHERE id = g.requester_id) AS requester_name, \
    g.scopes, g.category, g.reason, g.hours, g.approval, g.state, g.answered_by, \
    (SELECT display_name FROM users WHERE id = g.answered_by) AS answered_by_name, g.answered_at, g.expires_at, g.tell_at, g.delay_reason, \
    g.told_at, g.created_at, p.title AS project_title";

row! {
    #[derive(Serialize, Clone)]
    pub struct GrantRow {
        pub id: String,
        pub project_id: String,
        pub community_id: String,
        pub requester_id: String,
        pub requester_name: Option<String>,
        pub scopes: String,
        pub category: String,
        pub reason: String,
        pub hours: i64,
        pub approval: String,
        pub state: String,
        pub answered_by: Option<String>,
        pub answered_by_name: Option<String>,
        pub answered_at: Option<i64>,
        pub expires_at: Option<i64>,
        pub tell_at: Option<i64>,
        pub delay_reason: String,
        pub told_at: Option<i64>,
        pub created_at: i64,
        pub project_title: String,
    }
}

row! {
    /// How the person acting relates to a grant's project and community: an active member, an active admin, one of
    /// those who may answer it (an admin when it was asked for); how many of those are still admins; whether the
    /// project's members refused an earlier request.
    pub struct Relation {
        pub member: i64,
        pub admin: i64,
        pub named: i64,
        pub approvers: i64,
        pub members_refused: i64,
    }
}

/// An admin of the grant's community now (`{u}`: whose id).
const ADMIN_NOW: &str = "EXISTS (SELECT 1 FROM memberships m WHERE m.community_id = g.community_id AND m.user_id = {u} AND m.role = 'admin' AND m.status = 'active')";

/// A request for the project of grant `{g}` that its members refused since `{since}`.
const REFUSED: &str = "SELECT 1 FROM access_grants o WHERE o.project_id = {g}.project_id AND o.approval = 'member' AND o.state = 'refused' AND o.answered_at > {since}";

/// A grant with how `me` relates to it.
pub async fn with_relation(db: &Db, id: &str, me: &str, now: i64) -> Result<Option<(GrantRow, Relation)>, ApiError> {
    let results = batch(
        db,
        vec![
            stmt(db, &format!("SELECT {GRANT} FROM access_grants g JOIN projects p ON p.id = g.project_id WHERE g.id = ?1"), &[Arg::S(id)])?,
            stmt(
                db,
                &format!(
                    "SELECT EXISTS (SELECT 1 FROM project_members WHERE project_id = g.project_id AND user_id = ?2 AND status = 'active') AS member, \
                       {me_admin} AS admin, EXISTS (SELECT 1 FROM grant_admins WHERE grant_id = g.id AND user_id = ?2) AS named, \
                       (SELECT COUNT(*) FROM grant_admins ga WHERE ga.grant_id = g.id AND {their_admin}) AS approvers, \
                       EXISTS ({refused}) AS members_refused FROM access_grants g WHERE g.id = ?1",
                    refused = REFUSED.replace("{g}", "g").replace("{since}", "?3"),
                    me_admin = ADMIN_NOW.replace("{u}", "?2"),
                    their_admin = ADMIN_NOW.replace("{u}", "ga.user_id"),
                ),
                &[Arg::S(id), Arg::S(me), Arg::N(now - crate::domain::grants::REFUSAL_COUNTS_MS)],
            )?,
        ],
    )
    .await?;
    Ok(super::one::<GrantRow>(&results, 0)?.zip(super::one::<Relation>(&results, 1)?))
}

/// Requests waiting for `me` to answer: as a member of the project (a member's consent), as another admin of its
/// community, or as a platform admin where the community has one admin.
pub async fn waiting_for(db: &Db, me: &str, platform_admin: bool, now: i64) -> Result<Vec<GrantRow>, ApiError> {
    all(
        db,
        &format!(
            "SELECT {GRANT} FROM access_grants g JOIN projects p ON p.id = g.project_id WHERE g.state = 'requested' AND g.created_at > ?3 AND g.requester_id <> ?1 AND ( \
               (g.approval = 'member' AND g.project_id IN (SELECT project_id FROM project_members WHERE user_id = ?1 AND status = 'active')) \
               OR (g.approval = 'admin' AND g.id IN (SELECT grant_id FROM grant_admins WHERE user_id = ?1) AND {me_admin}) \
               OR (g.approval = 'admin' AND ?2 = 1 AND NOT EXISTS (SELECT 1 FROM grant_admins ga WHERE ga.grant_id = g.id AND {their_admin}))) \
             ORDER BY g.created_at LIMIT 100",
            me_admin = ADMIN_NOW.replace("{u}", "?1"),
            their_admin = ADMIN_NOW.replace("{u}", "ga.user_id"),
        ),
        &[Arg::S(me), Arg::B(platform_admin), Arg::N(now - crate::domain::grants::ANSWER_WITHIN_MS)],
    )
    .await
}

row! {
    #[derive(Serialize)]
    pub struct ReadRow {
        pub grant_id: String,
        pub reader_name: Option<String>,
        pub scope: String,
        pub what: String,
        pub at: i64,
    }
}

row! {
    pub struct ReadCount {
        pub grant_id: String,
        pub n: i64,
    }
}

/// One page of a project's Access page.
pub struct Listed {
    /// Newest first, one more than a page when there are more.
    pub grants: Vec<GrantRow>,
    /// The latest reads of each of those grants, and how many each has in all.
    pub reads: Vec<ReadRow>,
    pub counts: Vec<ReadCount>,
    /// The requests on the page `me` may answer as an admin there when they were asked for.
    pub named: Vec<String>,
}

/// The grants of a project created before `before`, newest first, with their reads: one round trip.
pub async fn of_project(db: &Db, project: &str, me: &str, before: i64) -> Result<Listed, ApiError> {
    use crate::domain::grants::{LIST_PAGE, READS_SHOWN};
    let page = format!("SELECT id FROM access_grants WHERE project_id = ?1 AND created_at < ?2 ORDER BY created_at DESC, id DESC LIMIT {}", LIST_PAGE + 1);
    let results = batch(
        db,
        vec![
            stmt(
                db,
                &format!("SELECT {GRANT} FROM access_grants g JOIN projects p ON p.id = g.project_id WHERE g.project_id = ?1 AND g.created_at < ?2 \
                          ORDER BY g.created_at DESC, g.id DESC LIMIT {}", LIST_PAGE + 1),
                &[Arg::S(project), Arg::N(before)],
            )?,
            stmt(
                db,
                &format!(
                    "SELECT grant_id, (SELECT display_name FROM users WHERE id = reader_id) AS reader_name, scope, what, at FROM ( \
                       SELECT r.*, ROW_NUMBER() OVER (PARTITION BY r.grant_id ORDER BY r.at DESC) AS k FROM grant_reads r WHERE r.grant_id IN ({page})) \
                     WHERE k <= {READS_SHOWN} ORDER BY at DESC"
                ),
                &[Arg::S(project), Arg::N(before)],
            )?,
            stmt(db, &format!("SELECT grant_id, COUNT(*) AS n FROM grant_reads WHERE grant_id IN ({page}) GROUP BY grant_id"), &[Arg::S(project), Arg::N(before)])?,
            stmt(
                db,
                &format!("SELECT grant_id AS id FROM grant_admins WHERE user_id = ?3 AND grant_id IN ({page})"),
                &[Arg::S(project), Arg::N(before), Arg::S(me)],
            )?,
        ],
    )
    .await?;
    let named: Vec<super::accounts::Id> = super::rows(&results, 3)?;
    Ok(Listed { grants: super::rows(&results, 0)?, reads: super::rows(&results, 1)?, counts: super::rows(&results, 2)?, named: named.into_iter().map(|n| n.id).collect() })
}

/// Who acts on a grant, how, where the notices link, and the ids of the rows it writes (its audit entry; the
/// history's event when the members are told).
pub struct By<'a> {
    pub me: &'a str,
    pub action: &'a str,
    pub link: &'a str,
    pub audit_id: &'a str,
    pub event_id: &'a str,
    pub now: i64,
}

/// A new request (its id, project, community and title), its audit entry, and its approvers told (the project's
/// members, or the community's other admins).
pub async fn create(db: &Db, (id, project, community, title): (&str, &str, &str, &str), ask: &Ask, by: &By<'_>) -> Result<(), ApiError> {
    let (me, link, now) = (by.me, by.link, by.now);
    let after = format!("{} {} h: {}", ask.category.as_str(), ask.hours, ask.scopes_text());
    let mut statements = vec![
        stmt(
            db,
            "INSERT INTO access_grants (id, project_id, community_id, requester_id, scopes, category, reason, hours, approval, state, created_at, updated_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'requested', ?10, ?10)",
            &[
                Arg::S(id), Arg::S(project), Arg::S(community), Arg::S(me), Arg::S(&ask.scopes_text()), Arg::S(ask.category.as_str()),
                Arg::S(&ask.reason), Arg::N(ask.hours), Arg::S(ask.approval.as_str()), Arg::N(now),
            ],
        )?,
        audit(db, &Audit { id: by.audit_id, actor: me, action: "grant.request", target_type: "project", target_id: project, after: &after, now }, Before::Nothing)?,
        // Who may answer an admin-path request: the other admins there are now.
        stmt(
            db,
            "INSERT INTO grant_admins (grant_id, user_id) SELECT ?1, user_id FROM memberships \
             WHERE community_id = ?2 AND role = 'admin' AND status = 'active' AND user_id <> ?3 AND ?4 = 'admin'",
            &[Arg::S(id), Arg::S(community), Arg::S(me), Arg::S(ask.approval.as_str())],
        )?,
    ];
    let to = match ask.approval {
        crate::domain::grants::Approval::Member => To::ProjectMembers(project),
        crate::domain::grants::Approval::Admin => To::CommunityAdmins(community),
    };
    let n = Notice { to, kind: Kind::GrantAsked, project: Some(project), community: Some(community), actor: Some(me), title, note: &ask.reason, link };
    statements.extend(notify(db, &n, now, None)?);
    if ask.approval == crate::domain::grants::Approval::Admin {
        // A community with one admin: the platform's admins approve in a second admin's place, and are asked.
        // (Their link is the dashboard, where the requests waiting for them are: the project's page is not theirs.)
        let home = link.split("/projects/").next().unwrap_or(link);
        let platform = Notice { to: To::PlatformAdmins(""), link: home, ..n };
        statements.extend(notify_if_sole_admin(db, &platform, now, community)?);
    }
    batch(db, statements).await.map(|_| ())
}

/// An answer (or withdrawal, or end), if the grant is still in `from`; then the members told when that is due now.
/// Whether it applied.
pub async fn act(db: &Db, g: &GrantRow, from: State, e: &Effects, by: &By<'_>) -> Result<bool, ApiError> {
    let (me, action, link, now) = (by.me, by.action, by.link, by.now);
    let answered = matches!(e.to, State::Active | State::Refused);
    let results = batch(
        db,
        vec![
            stmt(
                db,
                &format!(
                    "UPDATE access_grants SET state = ?3, answered_by = CASE WHEN ?4 THEN ?5 ELSE answered_by END, \
                       answered_at = CASE WHEN ?4 THEN ?6 ELSE answered_at END, expires_at = COALESCE(?7, expires_at), \
                       tell_at = COALESCE(?8, tell_at), delay_reason = COALESCE(?9, delay_reason), updated_at = ?6 \
                     WHERE id = ?1 AND state = ?2 AND NOT (COALESCE(?8, 0) > ?6 AND EXISTS ({refused}))",
                    // (A delay applies only if the members have not refused meanwhile: the facts were read before.)
                    refused = REFUSED.replace("{g}", "access_grants").replace("{since}", "?10"),
                ),
                &[
                    Arg::S(&g.id), Arg::S(if from == State::Expired { "active" } else { from.as_str() }), Arg::S(e.to.as_str()), Arg::B(answered), Arg::S(me),
                    Arg::N(now), e.expires_at.map_or(Arg::Null, Arg::N), e.tell_at.map_or(Arg::Null, Arg::N), super::opt(e.delay_reason.as_deref()),
                    Arg::N(now - crate::domain::grants::REFUSAL_COUNTS_MS),
                ],
            )?,
            // The members' refusal brings forward the notice of any grant on their project opened with a delay (the
            // cron tells them).
            stmt(
                db,
                "UPDATE access_grants SET tell_at = ?2 WHERE project_id = ?1 AND state = 'active' AND told_at IS NULL AND tell_at > ?2 AND ?3 = 1",
                &[Arg::S(&g.project_id), Arg::N(now), Arg::B(e.to == State::Refused && g.approval == "member")],
            )?,
            // Written only when this request's change applied (the loser of a race is not in the audit log).
            audit(
                db,
                &Audit { id: by.audit_id, actor: me, action: &format!("grant.{action}"), target_type: "project", target_id: &g.project_id, after: &g.id, now },
                Before::Row { json: "json_object('state', state)", table: "access_grants", keys: &[("id", Arg::S(&g.id)), ("updated_at", Arg::N(now)), ("state", Arg::S(e.to.as_str()))], filter: "" },
            )?,
        ],
    )
    .await?;
    let changed = results.first().map(super::changes).unwrap_or(0) > 0;
    if changed && e.tell_at.is_some_and(|t| t <= now) {
        tell(db, &g.id, by.event_id, link, now).await?;
    }
    Ok(changed)
}

/// Tells a grant's members that it opened (once), and writes it in the project's history.
pub async fn tell(db: &Db, id: &str, event_id: &str, link: &str, now: i64) -> Result<(), ApiError> {
    let Some(g) = first::<GrantRow>(db, &format!("SELECT {GRANT} FROM access_grants g JOIN projects p ON p.id = g.project_id WHERE g.id = ?1"), &[Arg::S(id)]).await? else {
        return Ok(());
    };
    let guard = "SELECT 1 FROM access_grants WHERE id = ?1 AND told_at = ?2";
    let mut statements: Vec<D1PreparedStatement> = vec![
        stmt(db, "UPDATE access_grants SET told_at = ?2 WHERE id = ?1 AND told_at IS NULL", &[Arg::S(id), Arg::N(now)])?,
        stmt(
            db,
            &format!(
                "INSERT INTO project_events (id, project_id, actor_id, action, from_state, to_state, note, at) \
                 SELECT ?3, ?4, ?5, 'grant_opened', ?6, ?6, ?7, ?2 WHERE EXISTS ({guard})"
            ),
            &[Arg::S(id), Arg::N(now), Arg::S(event_id), Arg::S(&g.project_id), Arg::S(&g.requester_id), Arg::S(&g.scopes), Arg::S(&g.reason)],
        )?,
    ];
    let n = Notice { to: To::ProjectMembers(&g.project_id), kind: Kind::GrantOpened, project: Some(&g.project_id), community: Some(&g.community_id), actor: Some(&g.requester_id), title: &g.project_title, note: &g.reason, link };
    statements.extend(notify_for_grant(db, &n, now, id)?);
    batch(db, statements).await.map(|_| ())
}

row! {
    /// A grant whose members are to be told now.
    pub struct Untold {
        pub id: String,
        pub project_id: String,
    }
}

/// Grants whose delay has passed and whose members are not told yet, longest waiting first.
pub async fn untold(db: &Db, now: i64) -> Result<Vec<Untold>, ApiError> {
    all(db, "SELECT id, project_id FROM access_grants WHERE told_at IS NULL AND tell_at IS NOT NULL AND tell_at <= ?1 ORDER BY tell_at LIMIT 20", &[Arg::N(now)]).await
}

/// Logs one read made through a grant.
pub async fn log_read(db: &Db, id: &str, grant: &str, reader: &str, scope: &str, what: &str, now: i64) -> Result<(), ApiError> {
    super::run(
        db,
        "INSERT INTO grant_reads (id, grant_id, reader_id, scope, what, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        &[Arg::S(id), Arg::S(grant), Arg::S(reader), Arg::S(scope), Arg::S(what), Arg::N(now)],
    )
    .await
    .map(|_| ())
}
