//! The Roll of Mentors: the roll, its entries, and the mentors a request may go to.

use super::profiles::{ProfileRow, PROFILE_COLUMNS};
use super::{batch, first, one, rows, stmt, Arg};
use crate::domain::error::ApiError;
use serde::Serialize;
use super::Db;
use worker::{D1PreparedStatement, D1Result};

super::row! {
    #[derive(Serialize)]
    pub struct RollRow {
        pub supervisor_id: String,
        pub supervisor_name: String,
        pub created_at: i64,
    }
}

super::row! {
    #[derive(Serialize)]
    pub struct EntryRow {
        pub user_id: String,
        pub display_name: String,
        pub status: String,
        pub motivation: String,
        pub decision_note: String,
        pub available: i64,
        pub capacity: i64,
        pub open_to_other_communities: i64,
        pub applied_at: i64,
        pub decided_at: Option<i64>,
        /// The steps of the roll's training path this mentor ticked.
        pub training_done: i64,
    }
}

const ENTRY: &str = "e.user_id, u.display_name, e.status, e.motivation, e.decision_note, e.available, e.capacity, \
    e.open_to_other_communities, e.applied_at, e.decided_at, \
    (SELECT COUNT(*) FROM roll_training t JOIN library_steps s ON s.path_id = t.path_id \
       JOIN library_progress lp ON lp.user_id = e.user_id AND lp.path_id = t.path_id AND lp.step_id = s.id WHERE t.community_id = e.community_id) AS training_done";

super::row! {
    #[derive(Serialize)]
    /// A roll's training path: mentors complete it before they are accredited.
    pub struct TrainingRow {
        pub path_id: String,
        pub title: String,
        pub steps: i64,
    }
}

/// (A path no longer published, or a library turned off, asks nothing: nobody could follow it.)
const TRAINING: &str = "SELECT t.path_id, i.title, (SELECT COUNT(*) FROM library_steps s WHERE s.path_id = t.path_id) AS steps \
    FROM roll_training t JOIN library_items i ON i.id = t.path_id WHERE t.community_id = ?1 AND i.state = 'published' \
      AND NOT EXISTS (SELECT 1 FROM community_modules cm WHERE cm.community_id = ?1 AND cm.module = 'library' AND cm.enabled = 0)";

pub async fn training(db: &Db, community: &str) -> Result<Option<TrainingRow>, ApiError> {
    first(db, TRAINING, &[Arg::S(community)]).await
}

/// Sets the roll's training path (a published path of the community's shelf or the platform's), or none. False: no
/// such path.
pub async fn set_training(db: &Db, community: &str, path: Option<&str>, now: i64) -> Result<bool, ApiError> {
    let Some(path) = path else {
        super::run(db, "DELETE FROM roll_training WHERE community_id = ?1", &[Arg::S(community)]).await?;
        return Ok(true);
    };
    let n = super::run(
        db,
        "INSERT INTO roll_training (community_id, path_id, updated_at) SELECT ?1, i.id, ?3 FROM library_items i \
         WHERE i.id = ?2 AND i.kind = 'path' AND i.state = 'published' AND (i.community_id = ?1 OR i.community_id IS NULL) \
         ON CONFLICT (community_id) DO UPDATE SET path_id = excluded.path_id, updated_at = excluded.updated_at",
        &[Arg::S(community), Arg::S(path), Arg::N(now)],
    )
    .await?;
    Ok(n > 0)
}

/// The roll page: the roll, my entry, and the accredited mentors with their profiles (two statements for the same
/// rows, one round trip).
pub async fn view(
    db: &Db,
    community: &str,
    me: &str,
) -> Result<(Option<RollRow>, Option<EntryRow>, Vec<EntryRow>, Vec<ProfileRow>, Option<TrainingRow>), ApiError> {
    let accredited = "FROM roll_entries e JOIN users u ON u.id = e.user_id JOIN profiles p ON p.user_id = e.user_id \
        WHERE e.community_id = ?1 AND e.status = 'accredited' AND u.status = 'active' ORDER BY u.display_name, u.id";
    let results = batch(
        db,
        vec![
            stmt(
                db,
                "SELECT r.supervisor_id, u.display_name AS supervisor_name, r.created_at FROM rolls r JOIN users u ON u.id = r.supervisor_id WHERE r.community_id = ?1",
                &[Arg::S(community)],
            )?,
            stmt(db, &format!("SELECT {ENTRY} FROM roll_entries e JOIN users u ON u.id = e.user_id WHERE e.community_id = ?1 AND e.user_id = ?2"), &[Arg::S(community), Arg::S(me)])?,
            stmt(db, &format!("SELECT {ENTRY} {accredited}"), &[Arg::S(community)])?,
            stmt(db, &format!("SELECT {PROFILE_COLUMNS} {accredited}"), &[Arg::S(community)])?,
            stmt(db, TRAINING, &[Arg::S(community)])?,
        ],
    )
    .await?;
    Ok((one(&results, 0)?, one(&results, 1)?, rows(&results, 2)?, rows(&results, 3)?, one(&results, 4)?))
}

pub async fn supervisor(db: &Db, community: &str) -> Result<Option<String>, ApiError> {
    super::row! {
        struct S {
            supervisor_id: String,
        }
    }
    Ok(first::<S>(db, "SELECT supervisor_id FROM rolls WHERE community_id = ?1", &[Arg::S(community)]).await?.map(|s| s.supervisor_id))
}

pub fn create(db: &Db, community: &str, supervisor: &str, now: i64) -> Result<D1PreparedStatement, ApiError> {
    stmt(
        db,
        "INSERT INTO rolls (community_id, supervisor_id, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)",
        &[Arg::S(community), Arg::S(supervisor), Arg::N(now)],
    )
}

pub fn set_supervisor(db: &Db, community: &str, supervisor: &str, now: i64) -> Result<D1PreparedStatement, ApiError> {
    stmt(
        db,
        "UPDATE rolls SET supervisor_id = ?2, updated_at = ?3 WHERE community_id = ?1",
        &[Arg::S(community), Arg::S(supervisor), Arg::N(now)],
    )
}

pub async fn entry(db: &Db, community: &str, user: &str) -> Result<Option<EntryRow>, ApiError> {
    first(
        db,
        &format!("SELECT {ENTRY} FROM roll_entries e JOIN users u ON u.id = e.user_id WHERE e.community_id = ?1 AND e.user_id = ?2"),
        &[Arg::S(community), Arg::S(user)],
    )
    .await
}

pub fn apply(db: &Db, community: &str, user: &str, motivation: &str, now: i64) -> Result<D1PreparedStatement, ApiError> {
    stmt(
        db,
        "INSERT INTO roll_entries (community_id, user_id, status, motivation, applied_at) VALUES (?1, ?2, 'applied', ?3, ?4) \
         ON CONFLICT (community_id, user_id) DO UPDATE SET status = 'applied', motivation = ?3, decision_note = '', applied_at = ?4, \
           decided_at = NULL, decided_by = NULL",
        &[Arg::S(community), Arg::S(user), Arg::S(motivation), Arg::N(now)],
    )
}

/// The roll's supervisor (None: the community has no roll) and every entry, applications first, in one round trip.
pub async fn entries(db: &Db, community: &str) -> Result<(Option<String>, Vec<EntryRow>, Option<TrainingRow>), ApiError> {
    super::row! {
        struct S {
            supervisor_id: String,
        }
    }
    let results = batch(
        db,
        vec![
            stmt(db, "SELECT supervisor_id FROM rolls WHERE community_id = ?1", &[Arg::S(community)])?,
            stmt(
                db,
                &format!(
                    "SELECT {ENTRY} FROM roll_entries e JOIN users u ON u.id = e.user_id WHERE e.community_id = ?1 \
                     ORDER BY CASE e.status WHEN 'applied' THEN 0 WHEN 'accredited' THEN 1 WHEN 'suspended' THEN 2 ELSE 3 END, e.applied_at"
                ),
                &[Arg::S(community)],
            )?,
            stmt(db, TRAINING, &[Arg::S(community)])?,
        ],
    )
    .await?;
    Ok((one::<S>(&results, 0)?.map(|s| s.supervisor_id), rows(&results, 1)?, one(&results, 2)?))
}

pub struct Decided<'a> {
    pub community: &'a str,
    pub user: &'a str,
    pub from: &'a str,
    pub to: &'a str,
    pub note: &'a str,
    pub by: &'a str,
    pub now: i64,
}

/// Records a decision, only if the entry is still in the state it was decided from.
pub fn decide(db: &Db, d: &Decided<'_>) -> Result<D1PreparedStatement, ApiError> {
    stmt(
        db,
        "UPDATE roll_entries SET status = ?4, decision_note = ?5, decided_at = ?6, decided_by = ?7 \
         WHERE community_id = ?1 AND user_id = ?2 AND status = ?3",
        &[Arg::S(d.community), Arg::S(d.user), Arg::S(d.from), Arg::S(d.to), Arg::S(d.note), Arg::N(d.now), Arg::S(d.by)],
    )
}

pub fn settings(db: &Db, community: &str, user: &str, available: bool, capacity: i64, external: bool) -> Result<D1PreparedStatement, ApiError> {
    stmt(
        db,
        "UPDATE roll_entries SET available = ?3, capacity = ?4, open_to_other_communities = ?5 \
         WHERE community_id = ?1 AND user_id = ?2 AND status = 'accredited'",
        &[Arg::S(community), Arg::S(user), Arg::B(available), Arg::N(capacity), Arg::B(external)],
    )
}

super::row! {
    pub struct CandidateRow {
        pub user_id: String,
        pub display_name: String,
        pub home_community: String,
        pub home_community_name: String,
        pub capacity: i64,
        pub load: i64,
    }
}

/// Mentors a request in `community` may go to: accredited and available in this community's roll, or in another
/// community's roll with openness to other communities when this community allows external mentors; under
/// capacity; not the mentee; not a mentor who declined this request or already has an open request from this mentee.
/// Returns the rows and, in the same order, their profiles (one round trip).
/// The mentors a mentee may choose for this request, with the mentee's own profile to rank them by, in one round trip.
pub async fn candidates_for(
    db: &Db,
    community: &str,
    project: &str,
    mentee: &str,
) -> Result<(Option<ProfileRow>, Vec<(CandidateRow, ProfileRow)>), ApiError> {
    let mut statements = vec![stmt(db, &format!("SELECT {PROFILE_COLUMNS} FROM profiles p WHERE p.user_id = ?1"), &[Arg::S(mentee)])?];
    statements.extend(candidates_reads(db, community, project, mentee)?);
    let results = batch(db, statements).await?;
    Ok((one(&results, 0)?, candidates_rows(results.get(1..).unwrap_or_default())?))
}

/// Accredited, available mentors with room for one more mentee, for this request.
pub async fn candidates(db: &Db, community: &str, project: &str, mentee: &str) -> Result<Vec<(CandidateRow, ProfileRow)>, ApiError> {
    candidates_rows(&batch(db, candidates_reads(db, community, project, mentee)?).await?)
}

/// Accredited, available mentors with room for one more mentee (two statements), and their rows.
pub fn candidates_reads(db: &Db, community: &str, project: &str, mentee: &str) -> Result<Vec<D1PreparedStatement>, ApiError> {
    let from = "FROM roll_entries e JOIN users u ON u.id = e.user_id JOIN profiles p ON p.user_id = e.user_id \
        JOIN communities c ON c.id = e.community_id \
        WHERE e.status = 'accredited' AND e.available = 1 AND u.status = 'active' AND e.user_id <> ?3 \
          AND EXISTS (SELECT 1 FROM memberships mm WHERE mm.community_id = e.community_id AND mm.user_id = e.user_id AND mm.status = 'active') \
          AND (e.community_id = ?1 OR (e.open_to_other_communities = 1 AND (SELECT allow_external_mentors FROM communities WHERE id = ?1) = 1)) \
          AND NOT EXISTS (SELECT 1 FROM project_declines d WHERE d.project_id = ?2 AND d.mentor_id = e.user_id) \
          AND NOT EXISTS (SELECT 1 FROM projects o WHERE o.mentee_id = ?3 AND o.mentor_id = e.user_id AND o.state = 'awaiting_consent' AND o.id <> ?2) \
          AND e.capacity > (SELECT COUNT(*) FROM project_members pm JOIN projects q ON q.id = pm.project_id \
                            WHERE pm.user_id = e.user_id AND pm.role = 'mentor' AND pm.status = 'active' AND q.state = 'active') \
        ORDER BY e.user_id, CASE WHEN e.community_id = ?1 THEN 0 ELSE 1 END";
    let load = "(SELECT COUNT(*) FROM project_members pm JOIN projects q ON q.id = pm.project_id \
        WHERE pm.user_id = e.user_id AND pm.role = 'mentor' AND pm.status = 'active' AND q.state = 'active')";
    let args = [Arg::S(community), Arg::S(project), Arg::S(mentee)];
    Ok(vec![
            stmt(
                db,
                &format!("SELECT e.user_id, u.display_name, e.community_id AS home_community, c.name AS home_community_name, e.capacity, {load} AS load {from}"),
                &args,
            )?,
            stmt(db, &format!("SELECT {PROFILE_COLUMNS} {from}"), &args)?,
    ])
}

pub fn candidates_rows(results: &[D1Result]) -> Result<Vec<(CandidateRow, ProfileRow)>, ApiError> {
    let people: Vec<CandidateRow> = rows(results, 0)?;
    let profiles: Vec<ProfileRow> = rows(results, 1)?;
    // A mentor on several rolls appears once (their entry here first).
    let mut out: Vec<(CandidateRow, ProfileRow)> = Vec::new();
    for (c, p) in people.into_iter().zip(profiles) {
        if !out.iter().any(|(o, _)| o.user_id == c.user_id) {
            out.push((c, p));
        }
    }
    Ok(out)
}

/// Is this person an accredited mentor in this community's roll?
pub async fn is_accredited(db: &Db, community: &str, user: &str) -> Result<bool, ApiError> {
    Ok(entry(db, community, user).await?.is_some_and(|e| e.status == "accredited"))
}
