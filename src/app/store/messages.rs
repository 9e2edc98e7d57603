//! Private messages: their text lives in each project's space; D1 answers only who may write to whom, and which
//! projects a person's inbox spans.

use super::{batch, one, rows, stmt, Arg, Db, Who};
use crate::domain::error::ApiError;
use serde::Serialize;
use worker::{D1PreparedStatement, D1Result};

super::row! {
    #[derive(Serialize, Clone)]
    pub struct ProjectTitle {
        pub id: String,
        pub title: String,
    }
}

super::row! {
    pub struct Person {
        pub user_id: String,
        pub display_name: String,
    }
}

/// A project's title and its active members (active accounts only): whom one may write to.
pub async fn members(db: &Db, project: &str) -> Result<(Option<ProjectTitle>, Vec<Person>), ApiError> {
    let results = batch(
        db,
        vec![
            stmt(db, "SELECT id, title FROM projects WHERE id = ?1", &[Arg::S(project)])?,
            stmt(
                db,
                "SELECT pm.user_id, u.display_name FROM project_members pm JOIN users u ON u.id = pm.user_id \
                 WHERE pm.project_id = ?1 AND pm.status = 'active' AND u.status = 'active'",
                &[Arg::S(project)],
            )?,
        ],
    )
    .await?;
    Ok((one(&results, 0)?, rows(&results, 1)?))
}

/// The projects a person's messages span (those they are an active member of), as a read that can ride with the
/// session check.
pub fn my_projects_reads(db: &Db, who: Who) -> Result<Vec<D1PreparedStatement>, ApiError> {
    let me = who.id_sql(1);
    Ok(vec![stmt(
        db,
        &format!("SELECT p.id, p.title FROM project_members pm JOIN projects p ON p.id = pm.project_id WHERE pm.user_id = {me} AND pm.status = 'active'"),
        &[who.arg()],
    )?])
}

pub fn my_projects_rows(results: &[D1Result]) -> Result<Vec<ProjectTitle>, ApiError> {
    rows(results, 0)
}

pub async fn my_projects(db: &Db, me: &str) -> Result<Vec<ProjectTitle>, ApiError> {
    my_projects_rows(&batch(db, my_projects_reads(db, Who::User(me))?).await?)
}
