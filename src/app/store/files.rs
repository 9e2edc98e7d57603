//! A project's document folder in D1 (items, versions, uploads in flight) and its R2 keys.

use super::{all, batch, batch_constrained, first, one, rows, stmt, Arg, Count};
use crate::domain::error::ApiError;
use serde::Serialize;
use super::Db;

/// Where a file version's bytes live. The key is made from ids only, never from a file name.
pub fn object_key(project: &str, version: &str) -> String {
    format!("files/{project}/{version}")
}

super::row! {
    #[derive(Serialize)]
    pub struct ItemRow {
        pub id: String,
        pub kind: String,
        pub name: String,
        pub parent_id: String,
        pub size: Option<i64>,
        pub content_type: Option<String>,
        pub versions: i64,
        pub created_by: String,
        pub created_by_name: String,
        pub created_at: i64,
        pub updated_by: String,
        pub updated_by_name: String,
        pub updated_at: i64,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub deleted_at: Option<i64>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub deleted_by_name: Option<String>,
        #[serde(skip)]
        pub trash_id: Option<String>,
        #[serde(skip)]
        pub version_id: Option<String>,
    }
}

const ITEM: &str = "i.id, i.kind, i.name, i.parent_id, i.size, i.content_type, i.versions, i.created_by, \
    cu.display_name AS created_by_name, i.created_at, i.updated_by, uu.display_name AS updated_by_name, i.updated_at, \
    i.deleted_at, du.display_name AS deleted_by_name, i.trash_id, i.version_id \
    FROM folder_items i JOIN users cu ON cu.id = i.created_by JOIN users uu ON uu.id = i.updated_by \
    LEFT JOIN users du ON du.id = i.deleted_by";

super::row! {
    #[derive(Serialize)]
    pub struct PathRow {
        pub id: String,
        pub name: String,
    }
}

super::row! {
    #[derive(Serialize)]
    pub struct VersionRow {
        pub id: String,
        pub number: i64,
        pub size: i64,
        pub content_type: String,
        pub uploaded_by: String,
        pub uploaded_by_name: String,
        pub created_at: i64,
        #[serde(skip)]
        pub r2_key: String,
    }
}

/// A folder's ancestors from the root down, the folder itself last; empty when it is not a live folder.
const PATH: &str = "WITH RECURSIVE up(id, parent_id, name, depth) AS ( \
      SELECT id, parent_id, name, 0 FROM folder_items WHERE project_id = ?1 AND id = ?2 AND kind = 'folder' AND deleted_at IS NULL \
      UNION ALL SELECT f.id, f.parent_id, f.name, up.depth + 1 FROM folder_items f JOIN up ON f.id = up.parent_id \
        WHERE f.project_id = ?1 AND up.depth < 100) \
    SELECT id, name FROM up ORDER BY depth DESC";

const USED: &str = "SELECT COALESCE(SUM(size), 0) AS n FROM file_versions WHERE project_id = ?1";

pub struct Listing {
    pub items: Vec<ItemRow>,
    pub path: Vec<PathRow>,
    pub used: i64,
}

/// A folder's live items (folders first, then by name), its path and the project's usage, in one round trip.
pub async fn list(db: &Db, project: &str, folder: &str) -> Result<Listing, ApiError> {
    let results = batch(
        db,
        vec![
            stmt(
                db,
                &format!("SELECT {ITEM} WHERE i.project_id = ?1 AND i.parent_id = ?2 AND i.deleted_at IS NULL ORDER BY i.kind DESC, i.name_key LIMIT 2000"),
                &[Arg::S(project), Arg::S(folder)],
            )?,
            stmt(db, PATH, &[Arg::S(project), Arg::S(folder)])?,
            stmt(db, USED, &[Arg::S(project)])?,
        ],
    )
    .await?;
    Ok(Listing { items: rows(&results, 0)?, path: rows(&results, 1)?, used: one::<Count>(&results, 2)?.map_or(0, |c| c.n) })
}

pub async fn path(db: &Db, project: &str, folder: &str) -> Result<Vec<PathRow>, ApiError> {
    all(db, PATH, &[Arg::S(project), Arg::S(folder)]).await
}

super::row! {
    struct RoomRow {
        used: i64,
        live: i64,
    }
}

/// Before an upload, in one query: whether the folder (`""`: the root) is a live folder of the project, and how many
/// bytes the project's folder holds.
pub async fn room(db: &Db, project: &str, folder: &str) -> Result<(bool, i64), ApiError> {
    let r: Option<RoomRow> = first(
        db,
        "SELECT (SELECT COALESCE(SUM(size), 0) FROM file_versions WHERE project_id = ?1) AS used, \
           (?2 = '' OR EXISTS (SELECT 1 FROM folder_items WHERE project_id = ?1 AND id = ?2 AND kind = 'folder' AND deleted_at IS NULL)) AS live",
        &[Arg::S(project), Arg::S(folder)],
    )
    .await?;
    Ok(r.map_or((false, 0), |r| (r.live != 0, r.used)))
}

pub async fn used(db: &Db, project: &str) -> Result<i64, ApiError> {
    Ok(first::<Count>(db, USED, &[Arg::S(project)]).await?.map_or(0, |c| c.n))
}

/// A live item of the project.
pub async fn item(db: &Db, project: &str, id: &str) -> Result<Option<ItemRow>, ApiError> {
    first(db, &format!("SELECT {ITEM} WHERE i.project_id = ?1 AND i.id = ?2 AND i.deleted_at IS NULL"), &[Arg::S(project), Arg::S(id)]).await
}

/// The live item whose current version this is.
pub async fn by_version(db: &Db, project: &str, version: &str) -> Result<Option<ItemRow>, ApiError> {
    first(db, &format!("SELECT {ITEM} WHERE i.project_id = ?1 AND i.version_id = ?2 AND i.deleted_at IS NULL"), &[Arg::S(project), Arg::S(version)]).await
}

/// The live item with this name in a folder, if any.
pub async fn named(db: &Db, project: &str, parent: &str, key: &str) -> Result<Option<ItemRow>, ApiError> {
    first(
        db,
        &format!("SELECT {ITEM} WHERE i.project_id = ?1 AND i.parent_id = ?2 AND i.name_key = ?3 AND i.deleted_at IS NULL"),
        &[Arg::S(project), Arg::S(parent), Arg::S(key)],
    )
    .await
}

pub async fn versions(db: &Db, item: &str) -> Result<Vec<VersionRow>, ApiError> {
    all(
        db,
        "SELECT v.id, v.number, v.size, v.content_type, v.uploaded_by, u.display_name AS uploaded_by_name, v.created_at, v.r2_key \
         FROM file_versions v JOIN users u ON u.id = v.uploaded_by WHERE v.item_id = ?1 ORDER BY v.number DESC",
        &[Arg::S(item)],
    )
    .await
}

/// The most recently changed live files of a project, as a statement for the project page's batch.
pub fn recent(db: &Db, project: &str, n: i64) -> Result<worker::D1PreparedStatement, ApiError> {
    stmt(
        db,
        &format!("SELECT {ITEM} WHERE i.project_id = ?1 AND i.kind = 'file' AND i.deleted_at IS NULL ORDER BY i.updated_at DESC LIMIT ?2"),
        &[Arg::S(project), Arg::N(n)],
    )
}

pub struct NewFolder<'a> {
    pub id: &'a str,
    pub project: &'a str,
    pub parent: &'a str,
    pub name: &'a str,
    pub key: &'a str,
    pub by: &'a str,
    pub now: i64,
}

/// The unique index on a folder's live names (`folder_items_live_name`), as SQLite names it in an error.
const LIVE_NAME: &str = "folder_items.project_id, folder_items.parent_id, folder_items.name_key";

pub fn name_taken(name: &str) -> ApiError {
    ApiError::conflict("name_taken", format!("There is already an item called \"{name}\" here. Choose another name.")).with_field("name")
}

/// The folder is live (or is the root): ?1 project, ?3 folder.
const LIVE_PARENT: &str = "(?3 = '' OR EXISTS (SELECT 1 FROM folder_items WHERE project_id = ?1 AND id = ?3 AND kind = 'folder' AND deleted_at IS NULL))";

/// Creates a folder if its parent is still there; says whether it did.
pub async fn create_folder(db: &Db, f: &NewFolder<'_>) -> Result<bool, ApiError> {
    let insert = stmt(
        db,
        &format!(
            "INSERT INTO folder_items (id, project_id, parent_id, kind, name, name_key, created_by, created_at, updated_by, updated_at) \
             SELECT ?2, ?1, ?3, 'folder', ?4, ?5, ?6, ?7, ?6, ?7 WHERE {LIVE_PARENT}"
        ),
        &[Arg::S(f.project), Arg::S(f.id), Arg::S(f.parent), Arg::S(f.name), Arg::S(f.key), Arg::S(f.by), Arg::N(f.now)],
    )?;
    let results = batch_constrained(db, vec![insert], vec![(LIVE_NAME, name_taken(f.name))]).await?;
    Ok(results.first().is_some_and(|r| super::changes(r) > 0))
}

/// Renames and moves an item in one statement, if the target folder is live and not the item or inside it; says
/// whether it did. A name clash in the target folder is a conflict.
pub async fn rename_move(db: &Db, project: &str, id: &str, parent: &str, name: &str, by: &str, now: i64) -> Result<bool, ApiError> {
    let update = stmt(
        db,
        &format!(
            "UPDATE folder_items SET parent_id = ?3, name = ?4, name_key = ?5, updated_by = ?6, updated_at = ?7 \
             WHERE project_id = ?1 AND id = ?2 AND deleted_at IS NULL AND {LIVE_PARENT} \
               AND NOT EXISTS (WITH RECURSIVE up(id, parent_id) AS ( \
                   SELECT id, parent_id FROM folder_items WHERE project_id = ?1 AND id = ?3 \
                   UNION SELECT f.id, f.parent_id FROM folder_items f JOIN up ON f.id = up.parent_id) \
                 SELECT 1 FROM up WHERE up.id = ?2)"
        ),
        &[Arg::S(project), Arg::S(id), Arg::S(parent), Arg::S(name), Arg::S(&crate::domain::files::key(name)), Arg::S(by), Arg::N(now)],
    )?;
    let results = batch_constrained(db, vec![update], vec![(LIVE_NAME, name_taken(name))]).await?;
    Ok(results.first().is_some_and(|r| super::changes(r) > 0))
}

/// How many levels of live folders lie under a folder (0 when it holds none).
pub async fn height(db: &Db, project: &str, id: &str) -> Result<i64, ApiError> {
    Ok(first::<Count>(
        db,
        "WITH RECURSIVE sub(id, d) AS (SELECT ?2, 0 UNION ALL \
           SELECT f.id, sub.d + 1 FROM folder_items f JOIN sub ON f.parent_id = sub.id \
           WHERE f.project_id = ?1 AND f.kind = 'folder' AND f.deleted_at IS NULL AND sub.d < 100) \
         SELECT MAX(d) AS n FROM sub",
        &[Arg::S(project), Arg::S(id)],
    )
    .await?
    .map_or(0, |c| c.n))
}

pub async fn begin_upload(db: &Db, id: &str, project: &str, key: &str, now: i64) -> Result<(), ApiError> {
    super::run(
        db,
        "INSERT INTO uploads (id, project_id, r2_key, started_at) VALUES (?1, ?2, ?3, ?4)",
        &[Arg::S(id), Arg::S(project), Arg::S(key), Arg::N(now)],
    )
    .await
    .map(|_| ())
}

pub async fn end_upload(db: &Db, id: &str) -> Result<(), ApiError> {
    super::run(db, "DELETE FROM uploads WHERE id = ?1", &[Arg::S(id)]).await.map(|_| ())
}

pub struct NewVersion<'a> {
    /// The upload's id: the version's id and, for a new file, the item's too.
    pub id: &'a str,
    pub project: &'a str,
    pub parent: &'a str,
    pub name: &'a str,
    pub key: &'a str,
    pub r2_key: &'a str,
    pub size: i64,
    pub content_type: &'a str,
    pub by: &'a str,
    pub now: i64,
    pub quota: i64,
}

/// Lists a stored upload, in one transaction: the file (new, or the live file of that name, which gets a new
/// version), its version, and the end of the upload. Nothing is listed if the folder is gone, the name is a folder's,
/// or the quota would be exceeded. Returns the version's number, or `None` when nothing was listed.
pub async fn finish_upload(db: &Db, v: &NewVersion<'_>) -> Result<Option<i64>, ApiError> {
    // ?1 project, ?2 parent, ?3 name key, ?4 size, ?5 quota: the folder is live and there is room.
    let room = "(?2 = '' OR EXISTS (SELECT 1 FROM folder_items WHERE project_id = ?1 AND id = ?2 AND kind = 'folder' AND deleted_at IS NULL)) \
        AND (SELECT COALESCE(SUM(size), 0) FROM file_versions WHERE project_id = ?1) + ?4 <= ?5";
    let base = [Arg::S(v.project), Arg::S(v.parent), Arg::S(v.key), Arg::N(v.size), Arg::N(v.quota)];
    fn with<'a>(base: &[Arg<'a>], extra: &[Arg<'a>]) -> Vec<Arg<'a>> {
        base.iter().chain(extra).copied().collect()
    }
    let statements = vec![
        stmt(
            db,
            &format!(
                "INSERT INTO folder_items (id, project_id, parent_id, kind, name, name_key, created_by, created_at, updated_by, updated_at) \
                 SELECT ?6, ?1, ?2, 'file', ?7, ?3, ?8, ?9, ?8, ?9 \
                 WHERE NOT EXISTS (SELECT 1 FROM folder_items WHERE project_id = ?1 AND parent_id = ?2 AND name_key = ?3 AND deleted_at IS NULL) AND {room}"
            ),
            &with(&base, &[Arg::S(v.id), Arg::S(v.name), Arg::S(v.by), Arg::N(v.now)]),
        )?,
        stmt(
            db,
            &format!(
                "INSERT INTO file_versions (id, item_id, project_id, number, r2_key, size, content_type, uploaded_by, created_at) \
                 SELECT ?6, i.id, ?1, i.versions + 1, ?7, ?4, ?8, ?9, ?10 FROM folder_items i \
                 WHERE i.project_id = ?1 AND i.parent_id = ?2 AND i.name_key = ?3 AND i.deleted_at IS NULL AND i.kind = 'file' AND {room}"
            ),
            &with(&base, &[Arg::S(v.id), Arg::S(v.r2_key), Arg::S(v.content_type), Arg::S(v.by), Arg::N(v.now)]),
        )?,
        stmt(
            db,
            "UPDATE folder_items SET version_id = v.id, size = v.size, content_type = v.content_type, versions = v.number, \
               updated_by = v.uploaded_by, updated_at = v.created_at \
             FROM (SELECT id, item_id, size, content_type, number, uploaded_by, created_at FROM file_versions WHERE id = ?1) AS v \
             WHERE folder_items.id = v.item_id",
            &[Arg::S(v.id)],
        )?,
        stmt(db, "DELETE FROM uploads WHERE id = ?1", &[Arg::S(v.id)])?,
        stmt(db, "SELECT number AS n FROM file_versions WHERE id = ?1", &[Arg::S(v.id)])?,
    ];
    let results = batch(db, statements).await?;
    Ok(one::<Count>(&results, 4)?.map(|c| c.n))
}

/// The bytes of a file: its current version, or the one named.
pub async fn version(db: &Db, project: &str, item: &str, version: &str) -> Result<Option<(ItemRow, VersionRow)>, ApiError> {
    let Some(i) = self::item(db, project, item).await? else { return Ok(None) };
    let wanted = if version.is_empty() { i.version_id.clone().unwrap_or_default() } else { version.to_string() };
    let v: Option<VersionRow> = first(
        db,
        "SELECT v.id, v.number, v.size, v.content_type, v.uploaded_by, u.display_name AS uploaded_by_name, v.created_at, v.r2_key \
         FROM file_versions v JOIN users u ON u.id = v.uploaded_by WHERE v.item_id = ?1 AND v.id = ?2",
        &[Arg::S(item), Arg::S(&wanted)],
    )
    .await?;
    Ok(v.map(|v| (i, v)))
}

/// Moves an item, and every live item under it, to the trash (marked with the item's id).
pub async fn trash(db: &Db, project: &str, id: &str, by: &str, now: i64) -> Result<usize, ApiError> {
    super::run(
        db,
        "WITH RECURSIVE sub(id) AS ( \
           SELECT id FROM folder_items WHERE project_id = ?1 AND id = ?2 AND deleted_at IS NULL \
           UNION SELECT f.id FROM folder_items f JOIN sub ON f.parent_id = sub.id WHERE f.project_id = ?1 AND f.deleted_at IS NULL) \
         UPDATE folder_items SET deleted_at = ?3, deleted_by = ?4, trash_id = ?2 WHERE id IN (SELECT id FROM sub)",
        &[Arg::S(project), Arg::S(id), Arg::N(now), Arg::S(by)],
    )
    .await
}

/// What was deleted (each deletion once, with how many items it took along and the bytes all their versions hold),
/// newest first.
pub async fn trash_list(db: &Db, project: &str) -> Result<Vec<(ItemRow, i64, i64)>, ApiError> {
    let results = batch(
        db,
        vec![
            stmt(
                db,
                &format!("SELECT {ITEM} WHERE i.project_id = ?1 AND i.trash_id = i.id ORDER BY i.deleted_at DESC LIMIT 500"),
                &[Arg::S(project)],
            )?,
            stmt(
                db,
                "SELECT i.trash_id, COUNT(DISTINCT i.id) AS n, COALESCE(SUM(v.size), 0) AS bytes \
                 FROM folder_items i LEFT JOIN file_versions v ON v.item_id = i.id \
                 WHERE i.project_id = ?1 AND i.trash_id IS NOT NULL GROUP BY i.trash_id",
                &[Arg::S(project)],
            )?,
        ],
    )
    .await?;
    let items: Vec<ItemRow> = rows(&results, 0)?;
    let counts: Vec<TrashCount> = rows(&results, 1)?;
    Ok(items
        .into_iter()
        .map(|i| {
            let c = counts.iter().find(|c| Some(&c.trash_id) == i.trash_id.as_ref());
            (i, c.map_or(1, |c| c.n) - 1, c.map_or(0, |c| c.bytes))
        })
        .collect())
}

super::row! {
    struct TrashCount {
        trash_id: String,
        n: i64,
        bytes: i64,
    }
}

/// A deletion in the trash: its top item.
pub async fn trashed(db: &Db, project: &str, id: &str) -> Result<Option<ItemRow>, ApiError> {
    first(db, &format!("SELECT {ITEM} WHERE i.project_id = ?1 AND i.id = ?2 AND i.trash_id = i.id"), &[Arg::S(project), Arg::S(id)]).await
}

/// The names in use in a folder (lower-cased).
pub async fn names_in(db: &Db, project: &str, parent: &str) -> Result<Vec<String>, ApiError> {
    Ok(all::<PathRow>(
        db,
        "SELECT id, name_key AS name FROM folder_items WHERE project_id = ?1 AND parent_id = ?2 AND deleted_at IS NULL",
        &[Arg::S(project), Arg::S(parent)],
    )
    .await?
    .into_iter()
    .map(|p| p.name)
    .collect())
}

/// Brings a deletion back: its top item into `parent` under `name`, everything it took along with it.
pub async fn restore(db: &Db, project: &str, id: &str, parent: &str, name: &str, by: &str, now: i64) -> Result<(), ApiError> {
    let statements = vec![
        stmt(
            db,
            "UPDATE folder_items SET parent_id = ?3, name = ?4, name_key = ?5, updated_by = ?6, updated_at = ?7 \
             WHERE project_id = ?1 AND id = ?2 AND trash_id = ?2",
            &[Arg::S(project), Arg::S(id), Arg::S(parent), Arg::S(name), Arg::S(&crate::domain::files::key(name)), Arg::S(by), Arg::N(now)],
        )?,
        stmt(
            db,
            "UPDATE folder_items SET deleted_at = NULL, deleted_by = NULL, trash_id = NULL WHERE project_id = ?1 AND trash_id = ?2",
            &[Arg::S(project), Arg::S(id)],
        )?,
    ];
    batch_constrained(db, statements, vec![(LIVE_NAME, name_taken(name))]).await.map(|_| ())
}

/// The R2 keys of every version of a deletion.
pub async fn trashed_keys(db: &Db, trash_id: &str) -> Result<Vec<String>, ApiError> {
    Ok(all::<PathRow>(
        db,
        "SELECT v.id, v.r2_key AS name FROM file_versions v JOIN folder_items i ON i.id = v.item_id WHERE i.trash_id = ?1",
        &[Arg::S(trash_id)],
    )
    .await?
    .into_iter()
    .map(|p| p.name)
    .collect())
}

/// Forgets a deletion for good (its versions go with it). The caller has deleted the R2 objects first, so a
/// failure here leaves the deletion in the trash to try again.
pub async fn forget(db: &Db, trash_id: &str) -> Result<(), ApiError> {
    super::run(db, "DELETE FROM folder_items WHERE trash_id = ?1", &[Arg::S(trash_id)]).await.map(|_| ())
}

/// Deletions older than `before`, and uploads that never finished, started before `stale`: for housekeeping.
pub async fn expired(db: &Db, before: i64, stale: i64) -> Result<(Vec<String>, Vec<PathRow>), ApiError> {
    let results = batch(
        db,
        vec![
            stmt(db, "SELECT id, name FROM folder_items WHERE trash_id = id AND deleted_at < ?1 LIMIT 50", &[Arg::N(before)])?,
            stmt(db, "SELECT id, r2_key AS name FROM uploads WHERE started_at < ?1 LIMIT 100", &[Arg::N(stale)])?,
        ],
    )
    .await?;
    let trash = rows::<PathRow>(&results, 0)?.into_iter().map(|p| p.id).collect();
    Ok((trash, rows(&results, 1)?))
}
