//! The project's document folder, in the project's space: folders and files (one R2 object per version, under a key
//! made from ids), uploads in flight, and the trash, kept 30 days and emptied by the object's alarm. Each operation
//! runs whole here, one at a time (the object's storage is a transaction per event), so nothing changes between a
//! check and the write it allows. The worker streams the bytes and names the people.

use super::{ToRows, int, int_at, raw_rows, text, ProjectSpace};
use crate::app::store::files::{name_taken, object_key};
use crate::domain::error::{ApiError, Invalid};
use crate::domain::files::{self as rules, FileKind, ItemName, MAX_DEPTH, TRASH_MS};
use serde::Serialize;
use worker::SqlStorageValue;

pub const SCHEMA: &[&str] = &[
    "CREATE TABLE IF NOT EXISTS folder_items (id TEXT PRIMARY KEY, parent_id TEXT NOT NULL DEFAULT '', \
     kind TEXT NOT NULL CHECK (kind IN ('folder', 'file')), name TEXT NOT NULL, name_key TEXT NOT NULL, version_id TEXT, size INTEGER, \
     content_type TEXT, versions INTEGER NOT NULL DEFAULT 0, created_by TEXT NOT NULL, created_at INTEGER NOT NULL, \
     updated_by TEXT NOT NULL, updated_at INTEGER NOT NULL, deleted_at INTEGER, deleted_by TEXT, trash_id TEXT)",
    "CREATE UNIQUE INDEX IF NOT EXISTS folder_items_live_name ON folder_items (parent_id, name_key) WHERE deleted_at IS NULL",
    "CREATE INDEX IF NOT EXISTS folder_items_recent ON folder_items (updated_at) WHERE deleted_at IS NULL AND kind = 'file'",
    "CREATE INDEX IF NOT EXISTS folder_items_trash ON folder_items (trash_id) WHERE trash_id IS NOT NULL",
    "CREATE INDEX IF NOT EXISTS folder_items_deleted ON folder_items (deleted_at) WHERE trash_id = id",
    "CREATE TABLE IF NOT EXISTS file_versions (id TEXT PRIMARY KEY, item_id TEXT NOT NULL, number INTEGER NOT NULL, \
     r2_key TEXT NOT NULL, size INTEGER NOT NULL, content_type TEXT NOT NULL, uploaded_by TEXT NOT NULL, created_at INTEGER NOT NULL, \
     UNIQUE (item_id, number))",
    // Uploads in flight: written before the R2 object, removed when it is listed. One left behind (the upload died)
    // names an object nobody can see; the alarm deletes both.
    "CREATE TABLE IF NOT EXISTS uploads (id TEXT PRIMARY KEY, r2_key TEXT NOT NULL, started_at INTEGER NOT NULL)",
    // The versions Tandem wrote itself (the contract in force, the final report): they name the members, and go when
    // one of them is erased, wherever the document was moved or however renamed.
    "CREATE TABLE IF NOT EXISTS generated_files (r2_key TEXT PRIMARY KEY)",
    "CREATE INDEX IF NOT EXISTS uploads_started ON uploads (started_at)",
    // Objects whose rows are gone, until R2 has deleted them.
    "CREATE TABLE IF NOT EXISTS doomed (r2_key TEXT PRIMARY KEY)",
];

crate::app::store::row! {
    #[derive(Serialize, Clone)]
    /// A folder or file, as members see it (people by id: the worker adds their names).
    pub struct Item {
        pub id: String,
        pub kind: String,
        pub name: String,
        pub parent_id: String,
        pub size: Option<i64>,
        pub content_type: Option<String>,
        pub versions: i64,
        pub created_by: String,
        pub created_at: i64,
        pub updated_by: String,
        pub updated_at: i64,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub deleted_at: Option<i64>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub deleted_by: Option<String>,
        #[serde(skip_serializing)]
        pub trash_id: Option<String>,
        #[serde(skip_serializing)]
        pub version_id: Option<String>,
    }
}

const ITEM: &str = "id, kind, name, parent_id, size, content_type, versions, created_by, created_at, updated_by, updated_at, \
    deleted_at, deleted_by, trash_id, version_id";

crate::app::store::row! {
    #[derive(Serialize, Clone)]
    pub struct PathStep {
        pub id: String,
        pub name: String,
    }
}

crate::app::store::row! {
    #[derive(Serialize, Clone)]
    pub struct Version {
        pub id: String,
        pub number: i64,
        pub size: i64,
        pub content_type: String,
        pub uploaded_by: String,
        pub created_at: i64,
        #[serde(skip_serializing)]
        pub r2_key: String,
    }
}

const VERSION: &str = "id, number, size, content_type, uploaded_by, created_at, r2_key";

/// A folder's ancestors from the root down, the folder itself last; empty when it is not a live folder.
const PATH: &str = "WITH RECURSIVE up(id, parent_id, name, depth) AS ( \
      SELECT id, parent_id, name, 0 FROM folder_items WHERE id = ?1 AND kind = 'folder' AND deleted_at IS NULL \
      UNION ALL SELECT f.id, f.parent_id, f.name, up.depth + 1 FROM folder_items f JOIN up ON f.id = up.parent_id WHERE up.depth < 100) \
    SELECT id, name FROM up ORDER BY depth DESC";

macro_rules! body {
    ($name:ident { $($f:ident : $t:ty),* $(,)? }) => {
        crate::domain::input::input! {
            #[derive(Serialize)]
            pub struct $name { $(pub $f: $t),* }
        }
    };
}

body!(Folder { folder: String });
body!(NewFolder { id: String, name: String, folder: String, at: i64 });
body!(Begin { id: String, folder: String, name: String, at: i64 });
body!(Finish { id: String, folder: String, name: String, size: i64, content_type: String, at: i64, quota: i64 });
body!(Upload { id: String });
body!(Target { item: String, version: String });
body!(Change { item: String, name: Option<String>, folder: Option<String>, at: i64 });
body!(Stamp { item: String, at: i64 });



pub fn folder_gone() -> ApiError {
    Invalid::new("folder", "folder_not_found", "That folder was not found: it may have been deleted.").into()
}

fn too_deep() -> ApiError {
    Invalid::new("folder", "folder_too_deep", format!("Folders can be nested at most {MAX_DEPTH} deep.")).into()
}

fn inside_itself() -> ApiError {
    Invalid::new("folder", "folder_inside_itself", "A folder cannot be moved inside itself.").into()
}

/// A folder as listed: its path from the root, its live items, and the bytes the whole folder holds.
#[derive(Serialize)]
pub struct Listing {
    pub path: Vec<PathStep>,
    pub items: Vec<Item>,
    pub used: i64,
}

/// What a deletion holds: how many items it took along with it, and the bytes of all their versions.
#[derive(Serialize)]
pub struct Deletion {
    #[serde(flatten)]
    pub item: Item,
    pub contains: i64,
    pub total_bytes: i64,
}

impl ProjectSpace {
    fn items(&self, filter: &str, args: Vec<SqlStorageValue>) -> Result<Vec<Item>, ApiError> {
        self.sql.exec(&format!("SELECT {ITEM} FROM folder_items WHERE {filter}"), args)?.to_rows::<Item>()
    }

    /// Every live item of the folder, folders first (a break-glass grant's read).
    pub(super) fn folder_all(&self) -> Result<Vec<Item>, ApiError> {
        self.items("deleted_at IS NULL ORDER BY kind DESC, parent_id, name LIMIT 2000", Vec::new())
    }

    fn item(&self, filter: &str, args: Vec<SqlStorageValue>) -> Result<Option<Item>, ApiError> {
        Ok(self.items(filter, args)?.into_iter().next())
    }

    /// A live item.
    pub fn live_item(&self, id: &str) -> Result<Option<Item>, ApiError> {
        self.item("id = ? AND deleted_at IS NULL", vec![text(id)])
    }

    fn count(&self, sql: &str, args: Vec<SqlStorageValue>) -> Result<i64, ApiError> {
        let rows = raw_rows(self.sql.exec(sql, args)?)?;
        Ok(rows.first().map_or(Ok(0), |r| int_at(r, 0))?)
    }

    pub fn path(&self, folder: &str) -> Result<Vec<PathStep>, ApiError> {
        if folder.is_empty() {
            return Ok(Vec::new());
        }
        self.sql.exec(PATH, vec![text(folder)])?.to_rows::<PathStep>()
    }

    /// A folder named by a request (`""`: the root) that must be live.
    fn live_folder(&self, folder: &str) -> Result<Vec<PathStep>, ApiError> {
        let path = self.path(folder)?;
        if !folder.is_empty() && path.is_empty() {
            return Err(folder_gone());
        }
        Ok(path)
    }

    /// Bytes held by every version of every file, the trash's included.
    pub fn used(&self) -> Result<i64, ApiError> {
        self.count("SELECT COALESCE(SUM(size), 0) FROM file_versions", Vec::new())
    }

    /// A folder's live items (folders first, then by name), its path and the bytes used. None: not a live folder.
    pub fn list(&self, folder: &str) -> Result<Option<Listing>, ApiError> {
        let path = self.path(folder)?;
        if !folder.is_empty() && path.is_empty() {
            return Ok(None);
        }
        let items = self.items("parent_id = ? AND deleted_at IS NULL ORDER BY kind DESC, name_key LIMIT 2000", vec![text(folder)])?;
        Ok(Some(Listing { path, items, used: self.used()? }))
    }

    /// Notes a version about to be written as one Tandem wrote itself (`generated_files`).
    pub fn mark_generated(&self, r2_key: &str) -> Result<(), ApiError> {
        self.sql.exec("INSERT OR IGNORE INTO generated_files (r2_key) VALUES (?)", vec![text(r2_key)])?;
        Ok(())
    }

    pub fn recent_files(&self, limit: i64) -> Result<Vec<Item>, ApiError> {
        self.items("kind = 'file' AND deleted_at IS NULL ORDER BY updated_at DESC LIMIT ?", vec![int(limit)])
    }

    fn name_in_use(&self, parent: &str, key: &str) -> Result<Option<Item>, ApiError> {
        self.item("parent_id = ? AND name_key = ? AND deleted_at IS NULL", vec![text(parent), text(key)])
    }

    pub fn create_folder(&self, by: &str, f: &NewFolder) -> Result<Item, ApiError> {
        let name = ItemName::parse("name", &f.name)?;
        let path = self.live_folder(&f.folder)?;
        if path.len() >= MAX_DEPTH {
            return Err(too_deep());
        }
        if self.name_in_use(&f.folder, &name.key())?.is_some() {
            return Err(name_taken(name.as_str()));
        }
        self.sql.exec(
            "INSERT INTO folder_items (id, parent_id, kind, name, name_key, created_by, created_at, updated_by, updated_at) \
             VALUES (?1, ?2, 'folder', ?3, ?4, ?5, ?6, ?5, ?6)",
            vec![text(&f.id), text(&f.folder), text(name.as_str()), text(&name.key()), text(by), int(f.at)],
        )?;
        self.changed();
        self.live_item(&f.id)?.ok_or_else(ApiError::internal)
    }

    /// Before the bytes are read: is the folder live, and how many bytes does the project hold.
    pub fn room(&self, folder: &str) -> Result<i64, ApiError> {
        self.live_folder(folder)?;
        self.used()
    }

    /// An upload may start (its folder is live, its name is not a folder's): it is recorded as in flight, and its
    /// object's key is given.
    pub fn begin_upload(&self, b: &Begin) -> Result<String, ApiError> {
        self.live_folder(&b.folder)?;
        let name = ItemName::parse("name", &b.name)?;
        if self.name_in_use(&b.folder, &name.key())?.is_some_and(|i| i.kind == "folder") {
            return Err(name_taken(name.as_str()));
        }
        let key = object_key(&self.project()?, &b.id);
        self.sql.exec("INSERT INTO uploads (id, r2_key, started_at) VALUES (?, ?, ?)", vec![text(&b.id), text(&key), int(b.at)])?;
        self.files_due_by(b.at + rules::STALE_UPLOAD_MS);
        Ok(key)
    }

    /// Lists a stored upload: a new file, or a new version of the live file of that name. Refused (and forgotten:
    /// the worker deletes the object) if the folder is gone, the name is a folder's, or the quota would be exceeded.
    pub fn finish_upload(&self, by: &str, f: &Finish) -> Result<(Item, i64), ApiError> {
        let listed = self.list_upload(by, f);
        self.sql.exec("DELETE FROM uploads WHERE id = ?", vec![text(&f.id)])?;
        let number = listed?;
        self.changed();
        let item = self.item("version_id = ? AND deleted_at IS NULL", vec![text(&f.id)])?.ok_or_else(ApiError::internal)?;
        Ok((item, number))
    }

    fn list_upload(&self, by: &str, f: &Finish) -> Result<i64, ApiError> {
        let Some(key) = self.uploading(&f.id)? else { return Err(ApiError::internal()) };
        self.live_folder(&f.folder)?;
        let name = ItemName::parse("name", &f.name)?;
        let used = u64::try_from(self.used()?).unwrap_or(0);
        let size = u64::try_from(f.size).unwrap_or(u64::MAX);
        let quota = u64::try_from(f.quota).unwrap_or(0);
        if used.saturating_add(size) > quota {
            return Err(rules::quota_full(used, quota));
        }
        let item = match self.name_in_use(&f.folder, &name.key())? {
            Some(i) if i.kind == "folder" => return Err(name_taken(name.as_str())),
            Some(i) => i,
            None => {
                self.sql.exec(
                    "INSERT INTO folder_items (id, parent_id, kind, name, name_key, created_by, created_at, updated_by, updated_at) \
                     VALUES (?1, ?2, 'file', ?3, ?4, ?5, ?6, ?5, ?6)",
                    vec![text(&f.id), text(&f.folder), text(name.as_str()), text(&name.key()), text(by), int(f.at)],
                )?;
                self.live_item(&f.id)?.ok_or_else(ApiError::internal)?
            }
        };
        let number = item.versions + 1;
        self.sql.exec(
            "INSERT INTO file_versions (id, item_id, number, r2_key, size, content_type, uploaded_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            vec![text(&f.id), text(&item.id), int(number), text(&key), int(f.size), text(&f.content_type), text(by), int(f.at)],
        )?;
        self.sql.exec(
            "UPDATE folder_items SET version_id = ?, size = ?, content_type = ?, versions = ?, updated_by = ?, updated_at = ? WHERE id = ?",
            vec![text(&f.id), int(f.size), text(&f.content_type), int(number), text(by), int(f.at), text(&item.id)],
        )?;
        Ok(number)
    }

    fn uploading(&self, id: &str) -> Result<Option<String>, ApiError> {
        let rows = raw_rows(self.sql.exec("SELECT r2_key FROM uploads WHERE id = ?", vec![text(id)])?)?;
        Ok(rows.first().and_then(|r| match r.first() {
            Some(SqlStorageValue::String(k)) => Some(k.clone()),
            _ => None,
        }))
    }

    pub fn abort_upload(&self, id: &str) -> Result<(), ApiError> {
        self.sql.exec("DELETE FROM uploads WHERE id = ?", vec![text(id)])?;
        Ok(())
    }

    pub fn versions(&self, item: &str) -> Result<Vec<Version>, ApiError> {
        self.sql.exec(&format!("SELECT {VERSION} FROM file_versions WHERE item_id = ? ORDER BY number DESC"), vec![text(item)])?.to_rows::<Version>()
    }

    /// A live file's current version, or the one named; and whether it is the current one.
    pub fn version(&self, t: &Target) -> Result<Option<(Item, Version, bool)>, ApiError> {
        let Some(item) = self.live_item(&t.item)? else { return Ok(None) };
        let wanted = if t.version.is_empty() { item.version_id.clone().unwrap_or_default() } else { t.version.clone() };
        let v = self
            .sql
            .exec(&format!("SELECT {VERSION} FROM file_versions WHERE item_id = ? AND id = ?"), vec![text(&item.id), text(&wanted)])?
            .to_rows::<Version>()?
            .into_iter()
            .next();
        Ok(v.map(|v| {
            let current = item.version_id.as_deref() == Some(v.id.as_str());
            (item, v, current)
        }))
    }

    /// How many levels of live folders lie under a folder (0 when it holds none).
    fn height(&self, id: &str) -> Result<i64, ApiError> {
        self.count(
            "WITH RECURSIVE sub(id, d) AS (SELECT ?1, 0 UNION ALL \
               SELECT f.id, sub.d + 1 FROM folder_items f JOIN sub ON f.parent_id = sub.id \
               WHERE f.kind = 'folder' AND f.deleted_at IS NULL AND sub.d < 100) \
             SELECT MAX(d) FROM sub",
            vec![text(id)],
        )
    }

    /// Renames and/or moves an item (`folder: ""` is the root). None: no such live item.
    pub fn change(&self, by: &str, c: &Change) -> Result<Option<Item>, ApiError> {
        let Some(item) = self.live_item(&c.item)? else { return Ok(None) };
        if c.name.is_none() && c.folder.is_none() {
            return Err(Invalid::new("name", "required", "Give a new name, or a folder to move it to.").into());
        }
        let name = match &c.name {
            // A document keeps the extension of what it is (renaming `run.txt` to `run.bat` gives `run.bat.txt`).
            Some(raw) => match item.content_type.as_deref().and_then(FileKind::from_mime) {
                Some(kind) => ItemName::parse("name", raw)?.for_kind(kind),
                None => ItemName::parse("name", raw)?,
            },
            None => ItemName::kept(&item.name),
        };
        let parent = c.folder.clone().unwrap_or_else(|| item.parent_id.clone());
        let target = self.live_folder(&parent)?;
        if item.kind == "folder" && !parent.is_empty() {
            if target.iter().any(|p| p.id == item.id) {
                return Err(inside_itself());
            }
            let height = usize::try_from(self.height(&item.id)?).unwrap_or(usize::MAX);
            if target.len().saturating_add(1).saturating_add(height) > MAX_DEPTH {
                return Err(too_deep());
            }
        }
        if self.name_in_use(&parent, &name.key())?.is_some_and(|other| other.id != item.id) {
            return Err(name_taken(name.as_str()));
        }
        self.sql.exec(
            "UPDATE folder_items SET parent_id = ?, name = ?, name_key = ?, updated_by = ?, updated_at = ? WHERE id = ?",
            vec![text(&parent), text(name.as_str()), text(&name.key()), text(by), int(c.at), text(&item.id)],
        )?;
        self.changed();
        self.live_item(&item.id)
    }

    /// Moves an item, and every live item under it, to the trash (marked with the item's id); how many moved.
    pub fn trash(&self, by: &str, t: &Stamp) -> Result<i64, ApiError> {
        const SUBTREE: &str = "WITH RECURSIVE sub(id) AS ( \
               SELECT id FROM folder_items WHERE id = ?1 AND deleted_at IS NULL \
               UNION SELECT f.id FROM folder_items f JOIN sub ON f.parent_id = sub.id WHERE f.deleted_at IS NULL)";
        let moved = self.count(&format!("{SUBTREE} SELECT COUNT(*) FROM sub"), vec![text(&t.item)])?;
        self.sql.exec(
            &format!("{SUBTREE} UPDATE folder_items SET deleted_at = ?2, deleted_by = ?3, trash_id = ?1 WHERE id IN (SELECT id FROM sub)"),
            vec![text(&t.item), int(t.at), text(by)],
        )?;
        if moved > 0 {
            self.changed();
            self.files_due_by(t.at + TRASH_MS);
        }
        Ok(moved)
    }

    /// What was deleted (each deletion once), newest first.
    pub fn trash_list(&self) -> Result<Vec<Deletion>, ApiError> {
        crate::app::store::row! {
            struct Count {
                trash_id: String,
                n: i64,
                bytes: i64,
            }
        }
        let items = self.items("trash_id = id ORDER BY deleted_at DESC LIMIT 500", Vec::new())?;
        let counts: Vec<Count> = self
            .sql
            .exec(
                "SELECT i.trash_id, COUNT(DISTINCT i.id) AS n, COALESCE(SUM(v.size), 0) AS bytes \
                 FROM folder_items i LEFT JOIN file_versions v ON v.item_id = i.id WHERE i.trash_id IS NOT NULL GROUP BY i.trash_id",
                None,
            )?
            .to_rows()?;
        Ok(items
            .into_iter()
            .map(|item| {
                let c = counts.iter().find(|c| Some(&c.trash_id) == item.trash_id.as_ref());
                Deletion { contains: c.map_or(1, |c| c.n) - 1, total_bytes: c.map_or(0, |c| c.bytes), item }
            })
            .collect())
    }

    /// A deletion in the trash: its top item.
    fn trashed(&self, id: &str) -> Result<Option<Item>, ApiError> {
        self.item("id = ? AND trash_id = id", vec![text(id)])
    }

    /// Brings a deletion back where it was (to the root if that folder is gone), renamed if its name was taken since.
    pub fn restore(&self, by: &str, r: &Stamp) -> Result<Option<(Item, Vec<PathStep>)>, ApiError> {
        let Some(item) = self.trashed(&r.item)? else { return Ok(None) };
        let path = self.path(&item.parent_id)?;
        let parent = if path.is_empty() { String::new() } else { item.parent_id.clone() };
        let taken: Vec<String> = raw_rows(
            self.sql.exec("SELECT name_key FROM folder_items WHERE parent_id = ? AND deleted_at IS NULL", vec![text(&parent)])?,
        )?
        .into_iter()
        .filter_map(|r| match r.into_iter().next() {
            Some(SqlStorageValue::String(k)) => Some(k),
            _ => None,
        })
        .collect();
        let name = rules::restored_name(&item.name, |k| taken.iter().any(|t| t == k));
        self.sql.exec(
            "UPDATE folder_items SET parent_id = ?, name = ?, name_key = ?, updated_by = ?, updated_at = ? WHERE id = ? AND trash_id = id",
            vec![text(&parent), text(&name), text(&rules::key(&name)), text(by), int(r.at), text(&item.id)],
        )?;
        self.sql.exec("UPDATE folder_items SET deleted_at = NULL, deleted_by = NULL, trash_id = NULL WHERE trash_id = ?", vec![text(&item.id)])?;
        self.changed();
        let back = self.live_item(&item.id)?.ok_or_else(ApiError::internal)?;
        Ok(Some((back, if parent.is_empty() { Vec::new() } else { path })))
    }

    /// Deletes a deletion for good: its objects in R2 first, then its rows (a failure leaves it in the trash, to
    /// try again). False: no such deletion.
    pub async fn purge(&self, id: &str) -> Result<bool, ApiError> {
        if self.trashed(id)?.is_none() {
            return Ok(false);
        }
        self.forget_deletion(id).await?;
        self.changed();
        Ok(true)
    }

    /// Forgets a deletion in one step (its rows go, its objects' keys are noted as doomed), then deletes the
    /// objects: nothing can restore it while R2 is being told, and a key R2 did not delete is tried again by the
    /// alarm.
    async fn forget_deletion(&self, trash_id: &str) -> Result<(), ApiError> {
        self.sql.exec(
            "INSERT OR IGNORE INTO doomed (r2_key) SELECT v.r2_key FROM file_versions v JOIN folder_items i ON i.id = v.item_id WHERE i.trash_id = ?",
            vec![text(trash_id)],
        )?;
        self.sql.exec(
            "DELETE FROM file_versions WHERE item_id IN (SELECT id FROM folder_items WHERE trash_id = ?)",
            vec![text(trash_id)],
        )?;
        self.sql.exec("DELETE FROM folder_items WHERE trash_id = ?", vec![text(trash_id)])?;
        self.delete_doomed().await
    }

    /// Deletes the objects whose rows are gone (at most 1,000 at a time).
    async fn delete_doomed(&self) -> Result<(), ApiError> {
        let keys: Vec<String> = raw_rows(self.sql.exec("SELECT r2_key FROM doomed LIMIT 1000", None)?)?
            .into_iter()
            .filter_map(|r| match r.into_iter().next() {
                Some(SqlStorageValue::String(k)) => Some(k),
                _ => None,
            })
            .collect();
        if keys.is_empty() {
            return Ok(());
        }
        if let Err(e) = self.env.bucket("FILES")?.delete_multiple(keys.clone()).await {
            // Tried again by the alarm.
            self.files_due_by(super::now() + super::activity::RETRY_MS);
            return Err(e.into());
        }
        let list = serde_json::to_string(&keys).map_err(|_| ApiError::internal())?;
        self.sql.exec("DELETE FROM doomed WHERE r2_key IN (SELECT value FROM json_each(?))", vec![text(&list)])?;
        Ok(())
    }

    /// Housekeeping (the alarm): deletions older than 30 days go for good, uploads that never finished lose their
    /// object. Returns when it is next needed (None: nothing waits).
    pub async fn sweep_files(&self, now: i64) -> Result<Option<i64>, ApiError> {
        let old: Vec<String> = raw_rows(self.sql.exec(
            "SELECT id FROM folder_items WHERE trash_id = id AND deleted_at < ? LIMIT 50",
            vec![int(now - TRASH_MS)],
        )?)?
        .into_iter()
        .filter_map(|r| match r.into_iter().next() {
            Some(SqlStorageValue::String(k)) => Some(k),
            _ => None,
        })
        .collect();
        for t in &old {
            self.forget_deletion(t).await?;
        }
        // Uploads that never finished: forgotten first (a late finish is then refused), their objects deleted after.
        let stale = int(now - rules::STALE_UPLOAD_MS);
        self.sql.exec("INSERT OR IGNORE INTO doomed (r2_key) SELECT r2_key FROM uploads WHERE started_at < ? LIMIT 100", vec![stale.clone()])?;
        self.sql.exec("DELETE FROM uploads WHERE id IN (SELECT id FROM uploads WHERE started_at < ? LIMIT 100)", vec![stale])?;
        self.delete_doomed().await?;
        if !old.is_empty() {
            self.changed();
        }
        let next = raw_rows(self.sql.exec(
            "SELECT MIN(t) FROM (SELECT MIN(deleted_at) + ?1 AS t FROM folder_items WHERE trash_id = id \
             UNION ALL SELECT MIN(started_at) + ?2 FROM uploads \
             UNION ALL SELECT ?3 FROM doomed LIMIT 1)",
            vec![int(TRASH_MS), int(rules::STALE_UPLOAD_MS), int(now + super::activity::RETRY_MS)],
        )?)?;
        Ok(next.first().and_then(|r| int_at(r, 0).ok()))
    }
}
