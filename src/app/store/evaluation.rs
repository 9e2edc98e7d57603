//! Evaluations in D1: a community's forms, who is asked what (requests in rounds), the answers the programme may
//! read, and anonymous answers kept apart from who gave them. Project-readable answers are in the project's space.

use super::{all, batch, changes, first, stmt, Arg, Db};
use crate::domain::error::ApiError;
use serde::Serialize;
use worker::D1PreparedStatement;

/// A new id made by SQL (the same shape as the worker's: time, then randomness).
const NEW_ID: &str = "printf('%012x', ?1) || lower(hex(randomblob(8)))";

super::row! {
    #[derive(Serialize)]
    pub struct FormRow {
        pub id: String,
        pub audience: String,
        pub version: i64,
        pub body: String,
        pub created_at: i64,
    }
}

/// A community's newest version of each form it adapted.
pub async fn forms(db: &Db, community: &str) -> Result<Vec<FormRow>, ApiError> {
    all(
        db,
        "SELECT f.id, f.audience, f.version, f.body, f.created_at FROM evaluation_forms f WHERE f.community_id = ?1 \
         AND f.version = (SELECT MAX(version) FROM evaluation_forms g WHERE g.community_id = f.community_id AND g.audience = f.audience) \
         ORDER BY f.audience",
        &[Arg::S(community)],
    )
    .await
}

/// A new version of a community's form for an audience, audited.
pub struct NewForm<'a> {
    pub id: &'a str,
    pub community: &'a str,
    pub audience: &'a str,
    pub body: &'a str,
    pub actor: &'a str,
    pub audit_id: &'a str,
    pub now: i64,
}

pub async fn save_form(db: &Db, f: &NewForm<'_>) -> Result<(), ApiError> {
    let NewForm { id, community, audience, body, actor, audit_id, now } = *f;
    batch(
        db,
        vec![
            stmt(
                db,
                "INSERT INTO evaluation_forms (id, community_id, audience, version, body, created_by, created_at) \
                 SELECT ?1, ?2, ?3, COALESCE((SELECT MAX(version) FROM evaluation_forms WHERE community_id = ?2 AND audience = ?3), 0) + 1, ?4, ?5, ?6",
                &[Arg::S(id), Arg::S(community), Arg::S(audience), Arg::S(body), Arg::S(actor), Arg::N(now)],
            )?,
            super::audit(
                db,
                &super::Audit { id: audit_id, actor, action: "evaluation.form", target_type: "community", target_id: community, after: audience, now },
                super::Before::Nothing,
            )?,
        ],
    )
    .await?;
    Ok(())
}

/// The form a new request of this audience takes in this community: its adapted version, or Tandem's.
fn form_ref_sql(audience_sql: &str) -> String {
    format!(
        "COALESCE((SELECT f.id FROM evaluation_forms f WHERE f.community_id = p.community_id AND f.audience = {audience_sql} \
         ORDER BY f.version DESC LIMIT 1), 'builtin:' || {audience_sql})"
    )
}

/// A round for the project's active members (each mentee the mentee form, the mentor the mentor form; or everyone
/// the fit check), for the caller's batch; `guard`: only when the project is at that version.
pub struct Round<'a> {
    pub project: &'a str,
    pub round_id: &'a str,
    /// "members" or "fit".
    pub kind: &'a str,
    pub requested_by: Option<&'a str>,
    pub now: i64,
    pub expires_at: i64,
}

pub fn member_round(db: &Db, r: &Round<'_>, guard: Option<(&str, i64)>) -> Result<D1PreparedStatement, ApiError> {
    let audience = "(CASE WHEN ?4 = 'fit' THEN 'fit' ELSE pm.role END)";
    let form = form_ref_sql(audience);
    let (g, gp, gv) = match guard {
        Some((p, v)) => ("EXISTS (SELECT 1 FROM projects WHERE id = ?7 AND version = ?8)", p, v),
        None => ("?7 = ?7 AND ?8 = ?8", "", 0),
    };
    stmt(
        db,
        &format!(
            "INSERT INTO evaluation_requests (id, project_id, round_id, audience, form_ref, respondent_id, guest_name, guest_email, token_hash, \
               state, requested_by, requested_at, expires_at, reminders, client_key, submitted_at, concern) \
             SELECT {NEW_ID}, ?2, ?3, {audience}, {form}, pm.user_id, NULL, NULL, NULL, 'requested', ?5, ?1, ?6, 0, NULL, NULL, 0 \
             FROM project_members pm JOIN projects p ON p.id = pm.project_id WHERE pm.project_id = ?2 AND pm.status = 'active' AND {g}"
        ),
        &[Arg::N(r.now), Arg::S(r.project), Arg::S(r.round_id), Arg::S(r.kind), super::opt(r.requested_by), Arg::N(r.expires_at), Arg::S(gp), Arg::N(gv)],
    )
}

/// A request to an organisation's contact without an account: their one-time link's token (hashed) and the mail
/// that carries it (its secret is made when it is sent).
pub struct Guest<'a> {
    pub id: &'a str,
    pub project: &'a str,
    pub round_id: &'a str,
    pub name: &'a str,
    pub email: &'a str,
    pub token_hash: &'a str,
    pub requested_by: &'a str,
    pub now: i64,
    pub expires_at: i64,
    pub mail_id: &'a str,
    pub mail: &'a crate::domain::mail::Mail,
}

pub fn guest_request(db: &Db, g: &Guest<'_>) -> Result<Vec<D1PreparedStatement>, ApiError> {
    let form = form_ref_sql("'organisation'");
    Ok(vec![
        stmt(
            db,
            &format!(
                "INSERT INTO evaluation_requests (id, project_id, round_id, audience, form_ref, respondent_id, guest_name, guest_email, token_hash, \
                   state, requested_by, requested_at, expires_at, reminders, client_key, submitted_at, concern) \
                 SELECT ?2, p.id, ?3, 'organisation', {form}, NULL, ?4, ?5, ?6, 'requested', ?7, ?1, ?8, 0, NULL, NULL, 0 FROM projects p WHERE p.id = ?9"
            ),
            &[Arg::N(g.now), Arg::S(g.id), Arg::S(g.round_id), Arg::S(g.name), Arg::S(g.email), Arg::S(g.token_hash), Arg::S(g.requested_by), Arg::N(g.expires_at), Arg::S(g.project)],
        )?,
        stmt(
            db,
            "INSERT INTO outbox (id, to_email, subject, body, status, attempts, next_attempt_at, created_at) \
             SELECT ?1, ?2, ?3, ?4, 'pending', 0, ?5, ?5 WHERE EXISTS (SELECT 1 FROM evaluation_requests WHERE id = ?6)",
            &[Arg::S(g.mail_id), Arg::S(&g.mail.to), Arg::S(&g.mail.subject), Arg::S(&g.mail.body), Arg::N(g.now), Arg::S(g.id)],
        )?,
        stmt(
            db,
            "INSERT INTO outbox_links (outbox_id, token_hash) SELECT ?1, ?2 WHERE EXISTS (SELECT 1 FROM outbox WHERE id = ?1)",
            &[Arg::S(g.mail_id), Arg::S(g.token_hash)],
        )?,
    ])
}

super::row! {
    #[derive(Serialize)]
    /// A request as its project's people see it listed.
    pub struct RequestRow {
        pub id: String,
        pub round_id: String,
        pub audience: String,
        pub form_ref: String,
        pub respondent_id: Option<String>,
        pub respondent_name: Option<String>,
        pub guest_name: Option<String>,
        pub state: String,
        pub requested_at: i64,
        pub expires_at: i64,
        pub submitted_at: Option<i64>,
        pub concern: i64,
    }
}

/// A project's evaluations page in one batch: its requests, the programme's answers, and the community forms they use.
pub async fn project_page(db: &Db, project: &str) -> Result<(Vec<RequestRow>, Vec<ProgrammeAnswer>, Vec<FormBody>), ApiError> {
    let results = batch(
        db,
        vec![
            stmt(
                db,
                "SELECT r.id, r.round_id, r.audience, r.form_ref, r.respondent_id, u.display_name AS respondent_name, r.guest_name, r.state, \
                   r.requested_at, r.expires_at, r.submitted_at, r.concern \
                 FROM evaluation_requests r LEFT JOIN users u ON u.id = r.respondent_id WHERE r.project_id = ?1 ORDER BY r.round_id, r.id LIMIT 200",
                &[Arg::S(project)],
            )?,
            stmt(
                db,
                "SELECT a.request_id, a.question, a.value FROM evaluation_answers a JOIN evaluation_requests r ON r.id = a.request_id \
                 WHERE r.project_id = ?1 ORDER BY a.request_id, a.question LIMIT 2000",
                &[Arg::S(project)],
            )?,
            stmt(
                db,
                "SELECT id, body FROM evaluation_forms WHERE id IN (SELECT DISTINCT form_ref FROM evaluation_requests WHERE project_id = ?1)",
                &[Arg::S(project)],
            )?,
        ],
    )
    .await?;
    Ok((super::rows(&results, 0)?, super::rows(&results, 1)?, super::rows(&results, 2)?))
}

super::row! {
    /// A community form version's id and body.
    pub struct FormBody {
        pub id: String,
        pub body: String,
    }
}

super::row! {
    /// One request with what answering it needs: its project, community and form.
    pub struct Request {
        pub id: String,
        pub project_id: String,
        pub community_id: String,
        pub project_title: String,
        pub project_state: String,
        pub audience: String,
        pub form_ref: String,
        pub form_body: Option<String>,
        pub respondent_id: Option<String>,
        pub guest_name: Option<String>,
        pub state: String,
        pub expires_at: i64,
        pub client_key: Option<String>,
        /// Its community turned evaluations off.
        pub module_off: i64,
    }
}

const REQUEST: &str = "SELECT r.id, r.project_id, p.community_id, CASE WHEN p.route = 'group' AND p.group_name <> '' THEN p.group_name ELSE p.title END AS project_title, \
     p.state AS project_state, r.audience, r.form_ref, f.body AS form_body, r.respondent_id, r.guest_name, r.state, r.expires_at, r.client_key, \
     EXISTS (SELECT 1 FROM community_modules cm WHERE cm.community_id = p.community_id AND cm.module = 'evaluations' AND cm.enabled = 0) AS module_off \
     FROM evaluation_requests r JOIN projects p ON p.id = r.project_id LEFT JOIN evaluation_forms f ON f.id = r.form_ref";

pub async fn request(db: &Db, project: &str, id: &str) -> Result<Option<Request>, ApiError> {
    first(db, &format!("{REQUEST} WHERE r.id = ?1 AND r.project_id = ?2"), &[Arg::S(id), Arg::S(project)]).await
}

/// A guest's request by its link's token (hashed), while the link is valid.
pub async fn by_token(db: &Db, token_hash: &str) -> Result<Option<Request>, ApiError> {
    first(db, &format!("{REQUEST} WHERE r.token_hash = ?1 AND r.respondent_id IS NULL"), &[Arg::S(token_hash)]).await
}

/// A submission: the request answered (once: only while requested and not expired), the programme's answers and
/// the anonymous ones, together. False when it was no longer open.
pub struct Submission<'a> {
    pub request: &'a str,
    pub client_key: &'a str,
    pub now: i64,
    /// (question, value) the programme reads, and the anonymous ones (kept with the community, form and month only).
    pub programme: &'a [(String, String)],
    pub anonymous: &'a [(String, String)],
    pub community: &'a str,
    pub audience: &'a str,
    pub form_ref: &'a str,
    pub month: &'a str,
    pub concern: bool,
}

pub async fn submit(db: &Db, s: &Submission<'_>) -> Result<bool, ApiError> {
    let mut statements = vec![stmt(
        db,
        // A guest's link is spent with it (the request is no longer open; its hash stays, so that the same answer
        // sent again is known as the same).
        "UPDATE evaluation_requests SET state = 'submitted', submitted_at = ?2, client_key = ?3, concern = ?4 \
         WHERE id = ?1 AND state = 'requested' AND expires_at > ?2",
        &[Arg::S(s.request), Arg::N(s.now), Arg::S(s.client_key), Arg::N(i64::from(s.concern))],
    )?];
    let done = "EXISTS (SELECT 1 FROM evaluation_requests WHERE id = ?1 AND state = 'submitted' AND client_key = ?2 AND submitted_at = ?3)";
    for (q, v) in s.programme {
        statements.push(stmt(
            db,
            &format!("INSERT OR IGNORE INTO evaluation_answers (request_id, question, value) SELECT ?1, ?4, ?5 WHERE {done}"),
            &[Arg::S(s.request), Arg::S(s.client_key), Arg::N(s.now), Arg::S(q), Arg::S(v)],
        )?);
    }
    for (q, v) in s.anonymous {
        statements.push(stmt(
            db,
            &format!(
                "INSERT INTO evaluation_anonymous (id, community_id, audience, form_ref, question, value, month) \
                 SELECT lower(hex(randomblob(14))), ?4, ?5, ?6, ?7, ?8, ?9 WHERE {done}"
            ),
            &[Arg::S(s.request), Arg::S(s.client_key), Arg::N(s.now), Arg::S(s.community), Arg::S(s.audience), Arg::S(s.form_ref), Arg::S(q), Arg::S(v), Arg::S(s.month)],
        )?);
    }
    let results = batch(db, statements).await?;
    Ok(results.first().map_or(0, changes) == 1)
}

super::row! {
    #[derive(Serialize)]
    pub struct ProgrammeAnswer {
        pub request_id: String,
        pub question: String,
        pub value: String,
    }
}

super::row! {
    pub struct AnonymousAnswer {
        pub audience: String,
        pub form_ref: String,
        pub question: String,
        pub value: String,
        pub month: String,
    }
}

super::row! {
    #[derive(Serialize)]
    pub struct Counts {
        pub audience: String,
        pub requested: i64,
        pub submitted: i64,
        pub expired: i64,
    }
}

/// A community's evaluations page in one batch: requests and answers per audience, the anonymous answers, and the
/// community's forms (every version: answers keep theirs).
pub async fn community_page(db: &Db, community: &str) -> Result<(Vec<Counts>, Vec<AnonymousAnswer>, Vec<FormBody>), ApiError> {
    let results = batch(
        db,
        vec![
            stmt(
                db,
                "SELECT r.audience, SUM(r.state = 'requested') AS requested, SUM(r.state = 'submitted') AS submitted, SUM(r.state = 'expired') AS expired \
                 FROM projects p JOIN evaluation_requests r ON r.project_id = p.id WHERE p.community_id = ?1 GROUP BY r.audience ORDER BY r.audience",
                &[Arg::S(community)],
            )?,
            stmt(
                db,
                "SELECT audience, form_ref, question, value, month FROM evaluation_anonymous WHERE community_id = ?1 ORDER BY form_ref, question, month, id LIMIT 20000",
                &[Arg::S(community)],
            )?,
            stmt(db, "SELECT id, body FROM evaluation_forms WHERE community_id = ?1 LIMIT 500", &[Arg::S(community)])?,
        ],
    )
    .await?;
    Ok((super::rows(&results, 0)?, super::rows(&results, 1)?, super::rows(&results, 2)?))
}

super::row! {
    /// An open request whose reminder or expiry is due.
    pub struct Open {
        pub id: String,
        pub project_id: String,
        pub community_id: String,
        pub project_title: String,
        pub respondent_id: Option<String>,
        pub guest_email: Option<String>,
        pub guest_name: Option<String>,
        pub requested_at: i64,
        pub expires_at: i64,
        pub reminders: i64,
        pub token_hash: Option<String>,
    }
}

/// Open requests at least a week old (reminders and expiry are decided by the domain).
pub async fn open_due(db: &Db, now: i64, limit: i64) -> Result<Vec<Open>, ApiError> {
    all(
        db,
        "SELECT r.id, r.project_id, p.community_id, CASE WHEN p.route = 'group' AND p.group_name <> '' THEN p.group_name ELSE p.title END AS project_title, \
           r.respondent_id, r.guest_email, r.guest_name, r.requested_at, r.expires_at, r.reminders, r.token_hash \
         FROM evaluation_requests r JOIN projects p ON p.id = r.project_id \
         WHERE r.state = 'requested' AND r.requested_at <= ?1 - 604800000 \
           AND (r.expires_at <= ?1 OR (r.reminders < MIN(3, (?1 - r.requested_at) / 604800000) \
             AND NOT EXISTS (SELECT 1 FROM community_modules cm WHERE cm.community_id = p.community_id AND cm.module = 'evaluations' AND cm.enabled = 0))) \
         ORDER BY r.requested_at LIMIT ?2",
        &[Arg::N(now), Arg::N(limit)],
    )
    .await
}

/// A reminder sent (with its notice, for the same batch), once: only while the count is still `from`.
pub fn reminded(db: &Db, id: &str, from: i64, to: i64) -> Result<D1PreparedStatement, ApiError> {
    stmt(db, "UPDATE evaluation_requests SET reminders = ?3 WHERE id = ?1 AND reminders = ?2 AND state = 'requested'", &[Arg::S(id), Arg::N(from), Arg::N(to)])
}

pub fn expire(db: &Db, id: &str, now: i64) -> Result<D1PreparedStatement, ApiError> {
    stmt(
        db,
        "UPDATE evaluation_requests SET state = 'expired', token_hash = NULL WHERE id = ?1 AND state = 'requested' AND expires_at <= ?2",
        &[Arg::S(id), Arg::N(now)],
    )
}

/// A reminder to a guest for the caller's batch: it carries a new link (minted when sent, which ends the old one).
pub fn guest_mail(db: &Db, id: &str, mail: &crate::domain::mail::Mail, token_hash: &str, now: i64) -> Result<Vec<D1PreparedStatement>, ApiError> {
    Ok(vec![
        stmt(
            db,
            "INSERT INTO outbox (id, to_email, subject, body, status, attempts, next_attempt_at, created_at) VALUES (?1, ?2, ?3, ?4, 'pending', 0, ?5, ?5)",
            &[Arg::S(id), Arg::S(&mail.to), Arg::S(&mail.subject), Arg::S(&mail.body), Arg::N(now)],
        )?,
        stmt(db, "INSERT INTO outbox_links (outbox_id, token_hash) VALUES (?1, ?2)", &[Arg::S(id), Arg::S(token_hash)])?,
    ])
}
