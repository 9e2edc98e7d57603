//! Profiles and CVs (D1 rows; CV files in R2 under `cv/{user}/{id}`).

use super::{batch, first, one, rows, run, stmt, Arg, Who};
use crate::domain::error::ApiError;
use crate::domain::input::FromJson;
use crate::domain::profile::Profile;
use super::Db;
use worker::{D1PreparedStatement, D1Result};

super::row! {
    pub struct ProfileRow {
        pub presentation: String,
        pub education_level: String,
        pub status: String,
        pub position: String,
        pub field_of_study: String,
        pub sector: String,
        pub languages_json: String,
        pub timezone: String,
        pub contact_tools_json: String,
        pub mentor_experience: String,
        pub mentor_motivation: String,
        pub accepting_mentees: i64,
        pub open_to_other_communities: i64,
        pub open_to_groups: i64,
        pub cv_name: Option<String>,
        pub cv_type: Option<String>,
        pub cv_size: Option<i64>,
        pub cv_uploaded_at: Option<i64>,
    }
}

/// A list kept as JSON text in a column (languages, contact tools).
fn stored_list<T: FromJson>(raw: &str) -> Vec<T> {
    serde_json::from_str::<serde_json::Value>(raw).ok().and_then(|v| Vec::<T>::from_json(&v, "").ok()).unwrap_or_default()
}

impl ProfileRow {
    pub fn profile(&self) -> Profile {
        Profile {
            presentation: self.presentation.clone(),
            education_level: self.education_level.clone(),
            status: self.status.clone(),
            position: self.position.clone(),
            field_of_study: self.field_of_study.clone(),
            sector: self.sector.clone(),
            languages: stored_list(&self.languages_json),
            timezone: self.timezone.clone(),
            contact_tools: stored_list(&self.contact_tools_json),
            mentor_experience: self.mentor_experience.clone(),
            mentor_motivation: self.mentor_motivation.clone(),
            accepting_mentees: self.accepting_mentees != 0,
            open_to_other_communities: self.open_to_other_communities != 0,
            open_to_groups: self.open_to_groups != 0,
        }
    }
}

pub const PROFILE_COLUMNS: &str = "p.presentation, p.education_level, p.status, p.position, p.field_of_study, p.sector, \
    p.languages_json, p.timezone, p.contact_tools_json, p.mentor_experience, p.mentor_motivation, p.accepting_mentees, \
    p.open_to_other_communities, p.open_to_groups, p.cv_name, p.cv_type, p.cv_size, p.cv_uploaded_at";

/// The same columns where the profile may be missing (a LEFT JOIN): an erased person's reads as an empty one.
pub const PROFILE_OR_EMPTY: &str = "COALESCE(p.presentation, '') AS presentation, COALESCE(p.education_level, '') AS education_level, \
    COALESCE(p.status, '') AS status, COALESCE(p.position, '') AS position, COALESCE(p.field_of_study, '') AS field_of_study, \
    COALESCE(p.sector, '') AS sector, COALESCE(p.languages_json, '[]') AS languages_json, COALESCE(p.timezone, '') AS timezone, \
    COALESCE(p.contact_tools_json, '[]') AS contact_tools_json, COALESCE(p.mentor_experience, '') AS mentor_experience, \
    COALESCE(p.mentor_motivation, '') AS mentor_motivation, COALESCE(p.accepting_mentees, 0) AS accepting_mentees, \
    COALESCE(p.open_to_other_communities, 0) AS open_to_other_communities, COALESCE(p.open_to_groups, 0) AS open_to_groups, \
    p.cv_name, p.cv_type, p.cv_size, p.cv_uploaded_at";

super::row! {
    pub struct MembershipRow {
        pub id: String,
        pub name: String,
        pub slug: String,
        pub role: String,
        pub status: String,
    }
}

/// Everything `GET /api/me` shows, in one round trip.
/// My account, profile and communities: the statements (they may ride with the session check) and their rows.
pub fn me_reads(db: &Db, who: Who) -> Result<Vec<D1PreparedStatement>, ApiError> {
    let me = who.id_sql(1);
    Ok(vec![
        stmt(db, &format!("SELECT {} FROM users u WHERE u.id = {me}", super::accounts::USER_COLUMNS), &[who.arg()])?,
        stmt(db, &format!("SELECT {PROFILE_COLUMNS} FROM profiles p WHERE p.user_id = {me}"), &[who.arg()])?,
        stmt(
            db,
            &format!(
                "SELECT c.id, c.name, c.slug, m.role, m.status FROM memberships m JOIN communities c ON c.id = m.community_id \
                 WHERE m.user_id = {me} AND c.archived_at IS NULL ORDER BY c.name"
            ),
            &[who.arg()],
        )?,
    ])
}

pub type Me = (Option<super::accounts::UserRow>, Option<ProfileRow>, Vec<MembershipRow>);

pub fn me_rows(results: &[D1Result]) -> Result<Me, ApiError> {
    Ok((one(results, 0)?, one(results, 1)?, rows(results, 2)?))
}

pub async fn me(db: &Db, user_id: &str) -> Result<Me, ApiError> {
    me_rows(&batch(db, me_reads(db, Who::User(user_id))?).await?)
}

/// Saves the profile and, when given, the display name, together.
pub async fn save(db: &Db, user_id: &str, p: &Profile, name: Option<&str>, now: i64) -> Result<(), ApiError> {
    let langs = serde_json::to_string(&p.languages).map_err(|_| ApiError::internal())?;
    let tools = serde_json::to_string(&p.contact_tools).map_err(|_| ApiError::internal())?;
    let mut statements = Vec::new();
    if let Some(name) = name {
        statements.push(stmt(db, "UPDATE users SET display_name = ?2, updated_at = ?3 WHERE id = ?1", &[Arg::S(user_id), Arg::S(name), Arg::N(now)])?);
    }
    statements.push(stmt(
        db,
        "INSERT INTO profiles (user_id, presentation, education_level, status, position, field_of_study, sector, languages_json, \
           timezone, contact_tools_json, mentor_experience, mentor_motivation, accepting_mentees, open_to_other_communities, \
           open_to_groups, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16) \
         ON CONFLICT(user_id) DO UPDATE SET presentation = ?2, education_level = ?3, status = ?4, position = ?5, \
           field_of_study = ?6, sector = ?7, languages_json = ?8, timezone = ?9, contact_tools_json = ?10, \
           mentor_experience = ?11, mentor_motivation = ?12, accepting_mentees = ?13, open_to_other_communities = ?14, \
           open_to_groups = ?15, updated_at = ?16",
        &[
            Arg::S(user_id), Arg::S(&p.presentation), Arg::S(&p.education_level), Arg::S(&p.status), Arg::S(&p.position),
            Arg::S(&p.field_of_study), Arg::S(&p.sector), Arg::S(&langs), Arg::S(&p.timezone), Arg::S(&tools),
            Arg::S(&p.mentor_experience), Arg::S(&p.mentor_motivation), Arg::B(p.accepting_mentees),
            Arg::B(p.open_to_other_communities), Arg::B(p.open_to_groups), Arg::N(now),
        ],
    )?);
    batch(db, statements).await.map(|_| ())
}

super::row! {
    pub struct CvRow {
        pub cv_key: Option<String>,
        pub cv_name: Option<String>,
        pub cv_type: Option<String>,
    }
}

pub async fn cv(db: &Db, user_id: &str) -> Result<Option<CvRow>, ApiError> {
    first(db, "SELECT cv_key, cv_name, cv_type FROM profiles WHERE user_id = ?1", &[Arg::S(user_id)]).await
}

pub fn cv_key(user_id: &str, file_id: &str) -> String {
    format!("cv/{user_id}/{file_id}")
}

pub struct NewCv<'a> {
    pub key: &'a str,
    pub name: &'a str,
    pub mime: &'a str,
    pub size: i64,
}

pub async fn set_cv(db: &Db, user_id: &str, cv: Option<&NewCv<'_>>, now: i64) -> Result<(), ApiError> {
    let (key, name, mime, size) = match cv {
        Some(c) => (Arg::S(c.key), Arg::S(c.name), Arg::S(c.mime), Arg::N(c.size)),
        None => (Arg::Null, Arg::Null, Arg::Null, Arg::Null),
    };
    let at = if cv.is_some() { Arg::N(now) } else { Arg::Null };
    run(
        db,
        "INSERT INTO profiles (user_id, cv_key, cv_name, cv_type, cv_size, cv_uploaded_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) \
         ON CONFLICT(user_id) DO UPDATE SET cv_key = ?2, cv_name = ?3, cv_type = ?4, cv_size = ?5, cv_uploaded_at = ?6, updated_at = ?7",
        &[Arg::S(user_id), key, name, mime, size, at, Arg::N(now)],
    )
    .await
    .map(|_| ())
}

super::row! {
    pub struct PersonRow {
        pub id: String,
        pub display_name: String,
        pub cv_key: Option<String>,
    }
}

/// A member's profile, visible to themself, platform admins, and people who share an active community with them.
/// With it, whether the viewer may see their contact handles: themself, or someone sharing an active project.
/// (Three statements, one round trip.)
pub async fn visible_profile(
    db: &Db,
    target: &str,
    viewer: &str,
    viewer_is_admin: bool,
) -> Result<Option<(PersonRow, ProfileRow, bool)>, ApiError> {
    let visible = "FROM users u JOIN profiles p ON p.user_id = u.id \
        WHERE u.id = ?1 AND u.status = 'active' AND (?1 = ?2 OR ?3 = 1 OR EXISTS ( \
          SELECT 1 FROM memberships a JOIN memberships b ON a.community_id = b.community_id \
          WHERE a.user_id = ?1 AND b.user_id = ?2 AND a.status = 'active' AND b.status = 'active'))";
    let args = [Arg::S(target), Arg::S(viewer), Arg::B(viewer_is_admin)];
    let results = batch(
        db,
        vec![
            stmt(db, &format!("SELECT u.id, u.display_name, p.cv_key {visible}"), &args)?,
            stmt(db, &format!("SELECT {PROFILE_COLUMNS} {visible}"), &args)?,
            stmt(
                db,
                "SELECT (?1 = ?2) OR EXISTS (SELECT 1 FROM project_members a JOIN project_members b ON a.project_id = b.project_id \
                   JOIN projects p ON p.id = a.project_id \
                   WHERE a.user_id = ?1 AND b.user_id = ?2 AND a.status = 'active' AND b.status = 'active' AND p.state = 'active') AS n",
                &[Arg::S(target), Arg::S(viewer)],
            )?,
        ],
    )
    .await?;
    let may_contact = one::<super::Count>(&results, 2)?.is_some_and(|c| c.n > 0);
    Ok(one::<PersonRow>(&results, 0)?.zip(one::<ProfileRow>(&results, 1)?).map(|(a, b)| (a, b, may_contact)))
}

super::row! {
    pub struct Zone {
        pub user_id: String,
        pub timezone: String,
    }
}

/// The time zones people chose in their profiles (reminders show times in each recipient's own zone).
pub async fn zones(db: &Db, people: &[String]) -> Result<Vec<Zone>, ApiError> {
    if people.is_empty() {
        return Ok(Vec::new());
    }
    let marks: Vec<String> = (1..=people.len()).map(|i| format!("?{i}")).collect();
    let args: Vec<Arg> = people.iter().map(|p| Arg::S(p)).collect();
    super::all(db, &format!("SELECT user_id, timezone FROM profiles WHERE user_id IN ({})", marks.join(", ")), &args).await
}
