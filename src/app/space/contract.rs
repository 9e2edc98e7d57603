//! The project's contract in its space: every version with its terms, canonical text and hash, and the signatures
//! (each with the hash of the text it signed). The rules are `domain::contract`; the worker says who asks, who must
//! sign and what the community decided, and tells people what the answer says.

use super::{ToRows, int, text, ProjectSpace};
use crate::domain::contract::{self as rules, Action, ContractInput, Drafter, Effects, Facts, Recipient, Roles, StartFacts, State, Terms};
use crate::domain::error::{ApiError, Invalid};
use serde::{Deserialize, Serialize};

pub const SCHEMA: &[&str] = &[
    "CREATE TABLE IF NOT EXISTS contracts (id TEXT PRIMARY KEY, version INTEGER NOT NULL UNIQUE, state TEXT NOT NULL, \
     drafter_id TEXT NOT NULL, terms TEXT NOT NULL, text TEXT NOT NULL, hash TEXT NOT NULL, reason TEXT NOT NULL, \
     returned_by TEXT, reminders INTEGER NOT NULL, clock_at INTEGER, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, \
     in_force_at INTEGER)",
    "CREATE TABLE IF NOT EXISTS contract_signatures (contract_id TEXT NOT NULL, user_id TEXT NOT NULL, hash TEXT NOT NULL, \
     at INTEGER NOT NULL, PRIMARY KEY (contract_id, user_id))",
];

crate::app::store::row! {
    #[derive(Serialize, Clone)]
    /// A stored version, read strictly.
    pub struct Row {
        pub id: String,
        pub version: i64,
        pub state: String,
        pub drafter_id: String,
        pub terms: String,
        pub text: String,
        pub hash: String,
        pub reason: String,
        pub returned_by: Option<String>,
        pub reminders: i64,
        pub clock_at: Option<i64>,
        pub created_at: i64,
        pub updated_at: i64,
        pub in_force_at: Option<i64>,
    }
}

const COLUMNS: &str = "id, version, state, drafter_id, terms, text, hash, reason, returned_by, reminders, clock_at, created_at, updated_at, in_force_at";

crate::app::store::row! {
    #[derive(Serialize, Deserialize, Clone)]
    pub struct Signature {
        pub contract_id: String,
        pub user_id: String,
        pub hash: String,
        pub at: i64,
    }
}

crate::domain::input::input! {
    #[derive(Serialize, Clone)]
    /// What the worker knows and the space does not: who asks and as what, who must sign now (the active members and
    /// the coordinator), the community's choice of first drafter, the project's title (it heads the text).
    pub struct Context {
        pub user_id: String,
        pub member: bool,
        pub mentor: bool,
        pub coordinator: bool,
        pub required: Vec<String>,
        pub drafter: String,
        pub title: String,
        pub at: i64,
    }
}

crate::domain::input::input! {
    #[derive(Serialize)]
    pub struct Write {
        pub context: Context,
        /// The new version's id (a start), or the version edited.
        pub id: String,
        pub terms: ContractInput,
    }
}

crate::domain::input::input! {
    #[derive(Serialize)]
    pub struct Act {
        pub context: Context,
        pub id: String,
        pub action: String,
        pub hash: String,
        pub reason: String,
        /// Names for the document filed when the version comes into force (id → display name).
        pub names: Vec<Vec<String>>,
        /// The id of that document's upload (and its R2 object).
        pub file_id: String,
        pub quota: i64,
    }
}

crate::domain::input::input! {
    #[derive(Serialize)]
    pub struct Look {
        pub context: Context,
    }
}

/// A version as shown: its terms and text, its signatures, and what this person may do with it.
#[derive(Serialize, Deserialize)]
pub struct VersionView {
    pub id: String,
    pub version: i64,
    pub state: String,
    pub drafter_id: String,
    pub terms: serde_json::Value,
    pub text: String,
    pub hash: String,
    pub reason: String,
    pub returned_by: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub in_force_at: Option<i64>,
    pub signatures: Vec<Signature>,
    pub actions: Vec<String>,
}

/// The contract as a member or the coordinator sees it.
#[derive(Serialize, Deserialize)]
pub struct View {
    pub versions: Vec<VersionView>,
    /// May this person start a version now (the first, or an amendment)?
    pub can_start: bool,
}

/// A move's outcome, for the worker to tell people and file nothing more.
#[derive(Serialize, Deserialize)]
pub struct Moved {
    pub version: i64,
    pub state: String,
    pub drafter_id: String,
    /// (recipient: signatories | unsigned | drafter | coordinator, notification kind)
    pub tell: Vec<(String, String)>,
    /// Who must sign and has not (for `unsigned`).
    pub unsigned: Vec<String>,
    pub came_into_force: bool,
}

fn roles(c: &Context) -> Roles<'_> {
    Roles { user_id: &c.user_id, member: c.member, mentor: c.mentor, coordinator: c.coordinator }
}


fn recipient(r: Recipient) -> &'static str {
    match r {
        Recipient::Signatories => "signatories",
        Recipient::Unsigned => "unsigned",
        Recipient::Drafter => "drafter",
        Recipient::Coordinator => "coordinator",
    }
}

impl ProjectSpace {
    fn contract_rows(&self, filter: &str, args: Vec<worker::SqlStorageValue>) -> Result<Vec<Row>, ApiError> {
        self.sql.exec(&format!("SELECT {COLUMNS} FROM contracts {filter}"), args)?.to_rows::<Row>()
    }

    fn contract(&self, id: &str) -> Result<Row, ApiError> {
        self.contract_rows("WHERE id = ?", vec![text(id)])?.into_iter().next().ok_or_else(ApiError::not_found)
    }

    fn signatures(&self, id: &str) -> Result<Vec<Signature>, ApiError> {
        self.sql.exec("SELECT contract_id, user_id, hash, at FROM contract_signatures WHERE contract_id = ? ORDER BY at", vec![text(id)])?.to_rows()
    }

    fn contract_facts(&self, row: &Row, c: &Context) -> Result<Facts, ApiError> {
        Ok(Facts {
            state: State::parse(&row.state).ok_or_else(ApiError::internal)?,
            drafter: row.drafter_id.clone(),
            required: c.required.clone(),
            signed: self.signatures(&row.id)?.into_iter().filter(|s| s.hash == row.hash).map(|s| s.user_id).collect(),
            current_hash: row.hash.clone(),
        })
    }

    fn start_facts(&self, c: &Context) -> Result<StartFacts, ApiError> {
        let rows = self.contract_rows("ORDER BY version", Vec::new())?;
        Ok(StartFacts {
            latest: rows.last().map_or(0, |r| u32::try_from(r.version).unwrap_or(0)),
            in_force: rows.iter().any(|r| r.state == "in_force"),
            open: rows.iter().any(|r| State::parse(&r.state).is_some_and(State::is_open)),
            drafter: Drafter::parse(&c.drafter).unwrap_or(Drafter::Mentor),
        })
    }

    pub fn contract_view(&self, c: &Context) -> Result<View, ApiError> {
        self.remember_signatories(&c.required)?;
        let rows = self.contract_rows("ORDER BY version DESC", Vec::new())?;
        let mut versions = Vec::new();
        for row in rows {
            let f = self.contract_facts(&row, c)?;
            versions.push(VersionView {
                actions: rules::available(&f, roles(c)).into_iter().map(|a| a.as_str().to_string()).collect(),
                terms: serde_json::from_str(&row.terms).map_err(|_| ApiError::internal())?,
                signatures: self.signatures(&row.id)?,
                id: row.id,
                version: row.version,
                state: row.state,
                drafter_id: row.drafter_id,
                text: row.text,
                hash: row.hash,
                reason: row.reason,
                returned_by: row.returned_by,
                created_at: row.created_at,
                updated_at: row.updated_at,
                in_force_at: row.in_force_at,
            });
        }
        Ok(View { versions, can_start: rules::can_start(self.start_facts(c)?, roles(c)).is_ok() })
    }

    /// Starts a version (the first, or an amendment of the one in force) as a draft.
    pub fn contract_start(&self, w: &Write) -> Result<View, ApiError> {
        let c = &w.context;
        let start = rules::can_start(self.start_facts(c)?, roles(c))?;
        let terms = Terms::parse(&w.terms, start.amendment)?;
        let canonical = rules::canonical(&c.title, start.version, &terms);
        let json = serde_json::to_string(&terms).map_err(|_| ApiError::internal())?;
        self.sql.exec(
            "INSERT INTO contracts (id, version, state, drafter_id, terms, text, hash, reason, returned_by, reminders, clock_at, created_at, updated_at, in_force_at) \
             VALUES (?, ?, 'draft', ?, ?, ?, ?, '', NULL, 0, NULL, ?, ?, NULL)",
            vec![text(&w.id), int(i64::from(start.version)), text(&c.user_id), text(&json), text(&canonical), text(&rules::hash(&canonical)), int(c.at), int(c.at)],
        )?;
        self.changed();
        self.contract_view(c)
    }

    /// Changes a version's terms: a draft or a returned one (which becomes a draft again), or one awaiting
    /// signatures (every signature given so far no longer counts, and everyone is asked again).
    pub fn contract_edit(&self, w: &Write) -> Result<(View, Option<Moved>), ApiError> {
        let c = &w.context;
        let row = self.contract(&w.id)?;
        let f = self.contract_facts(&row, c)?;
        let e = rules::effects(&f, Action::Edit, roles(c))?;
        let terms = Terms::parse(&w.terms, row.version > 1)?;
        let version = u32::try_from(row.version).map_err(|_| ApiError::internal())?;
        let canonical = rules::canonical(&c.title, version, &terms);
        let hash = rules::hash(&canonical);
        let json = serde_json::to_string(&terms).map_err(|_| ApiError::internal())?;
        if e.clear_signatures && hash != row.hash {
            self.sql.exec("DELETE FROM contract_signatures WHERE contract_id = ?", vec![text(&row.id)])?;
        }
        let changed = hash != row.hash;
        let clock = if e.clock_starts && changed { int(c.at) } else { row.clock_at.map_or(worker::SqlStorageValue::Null, int) };
        self.sql.exec(
            "UPDATE contracts SET state = ?, terms = ?, text = ?, hash = ?, reason = CASE WHEN ? = 'draft' THEN reason ELSE '' END, \
             reminders = CASE WHEN ? THEN 0 ELSE reminders END, clock_at = ?, updated_at = ? WHERE id = ?",
            vec![text(e.to.as_str()), text(&json), text(&canonical), text(&hash), text(e.to.as_str()), int(i64::from(changed)), clock, int(c.at), text(&row.id)],
        )?;
        self.changed();
        let moved = (!e.tell.is_empty() && hash != row.hash).then(|| self.moved(&row, &e, c));
        Ok((self.contract_view(c)?, moved.transpose()?))
    }

    fn moved(&self, row: &Row, e: &Effects, c: &Context) -> Result<Moved, ApiError> {
        let fresh = self.contract(&row.id)?;
        let f = self.contract_facts(&fresh, c)?;
        Ok(Moved {
            version: row.version,
            state: e.to.as_str().to_string(),
            drafter_id: row.drafter_id.clone(),
            tell: e.tell.iter().map(|(r, k)| (recipient(*r).to_string(), k.as_str().to_string())).collect(),
            unsigned: f.required.iter().filter(|r| !f.signed.contains(r)).cloned().collect(),
            came_into_force: e.came_into_force,
        })
    }

    /// Proposes, signs, returns or withdraws a version. The last signature brings it into force: the version it
    /// replaces is superseded and the signed text is filed in the project's folder. The file's bytes go to R2 first;
    /// then every row changes in one synchronous step (nothing changes when the upload fails).
    pub async fn contract_act(&self, a: &Act) -> Result<(View, Moved), ApiError> {
        let c = &a.context;
        let action = Action::parse(&a.action).filter(|x| *x != Action::Edit).ok_or_else(|| {
            ApiError::from(Invalid::new("action", "not_in_list", "Choose propose, sign, decline or withdraw."))
        })?;
        let row = self.contract(&a.id)?;
        let f = self.contract_facts(&row, c)?;
        let e = rules::effects(&f, action, roles(c))?;
        let reason = match action {
            Action::Sign => {
                rules::check_hash(&f, &a.hash)?;
                String::new()
            }
            Action::Decline => rules::parse_reason(&a.reason)?,
            _ => String::new(),
        };
        let filed = if e.came_into_force {
            let finish = self.upload_contract(&row, a).await?;
            // Other requests reach the object while the file goes to R2: what this move read must still hold (the
            // same text, state and signatures), or it answers 409 and changes nothing (the upload is forgotten and
            // its object swept).
            let fresh = self.contract(&row.id)?;
            let now_facts = self.contract_facts(&fresh, c)?;
            let still = fresh.hash == row.hash && fresh.state == row.state && fresh.updated_at == row.updated_at && now_facts.signed == f.signed;
            if !still {
                self.abort_upload(&finish.id)?;
                return Err(ApiError::conflict("changed_meanwhile", "The contract changed meanwhile: read it again."));
            }
            Some(finish)
        } else {
            None
        };
        if e.clear_signatures {
            self.sql.exec("DELETE FROM contract_signatures WHERE contract_id = ?", vec![text(&row.id)])?;
        }
        if action == Action::Sign {
            self.sql.exec(
                "INSERT INTO contract_signatures (contract_id, user_id, hash, at) VALUES (?, ?, ?, ?) \
                 ON CONFLICT (contract_id, user_id) DO UPDATE SET hash = excluded.hash, at = excluded.at",
                vec![text(&row.id), text(&c.user_id), text(&row.hash), int(c.at)],
            )?;
        }
        if action == Action::Decline {
            self.sql.exec("UPDATE contracts SET reason = ?, returned_by = ? WHERE id = ?", vec![text(&reason), text(&c.user_id), text(&row.id)])?;
        }
        if e.came_into_force {
            self.sql.exec("UPDATE contracts SET state = 'superseded', updated_at = ? WHERE state = 'in_force'", vec![int(c.at)])?;
        }
        let clock = if e.clock_starts { int(c.at) } else { row.clock_at.map_or(worker::SqlStorageValue::Null, int) };
        self.sql.exec(
            "UPDATE contracts SET state = ?, clock_at = ?, reminders = CASE WHEN ? THEN 0 ELSE reminders END, updated_at = ?, \
             in_force_at = CASE WHEN ? THEN ? ELSE in_force_at END WHERE id = ?",
            vec![text(e.to.as_str()), clock, int(i64::from(e.clock_starts)), int(c.at), int(i64::from(e.came_into_force)), int(c.at), text(&row.id)],
        )?;
        if let Some(finish) = filed {
            self.finish_upload(&c.user_id, &finish)?;
        }
        self.changed();
        let moved = self.moved(&row, &e, c)?;
        Ok((self.contract_view(c)?, moved))
    }

    /// Puts the version coming into force, with every signature (this last one included), into R2 as the next
    /// version of `Contract.md` in the folder's root; the listing is finished by the caller.
    async fn upload_contract(&self, row: &Row, a: &Act) -> Result<super::files::Finish, ApiError> {
        let name_of = |id: &str| a.names.iter().find(|p| p.first().map(String::as_str) == Some(id)).and_then(|p| p.get(1)).cloned();
        let mut signed: Vec<(String, i64)> =
            self.signatures(&row.id)?.into_iter().filter(|s| s.hash == row.hash).map(|s| (s.user_id, s.at)).collect();
        signed.push((a.context.user_id.clone(), a.context.at));
        let signed: Vec<rules::Signed> = signed
            .into_iter()
            .map(|(id, at)| rules::Signed { name: name_of(&id).unwrap_or(id), at_ms: at, hash: row.hash.clone() })
            .collect();
        let body = rules::document(&row.text, &signed);
        let at = a.context.at;
        let key = self.begin_upload(&super::files::Begin { id: a.file_id.clone(), folder: String::new(), name: CONTRACT_FILE.into(), at })?;
        self.mark_generated(&key)?;
        let meta = worker::HttpMetadata { content_type: Some(MARKDOWN.into()), ..Default::default() };
        let size = i64::try_from(body.len()).unwrap_or(i64::MAX);
        self.env.bucket("FILES")?.put(&key, body.into_bytes()).http_metadata(meta).execute().await?;
        Ok(super::files::Finish { id: a.file_id.clone(), folder: String::new(), name: CONTRACT_FILE.into(), size, content_type: MARKDOWN.into(), at, quota: a.quota })
    }

    /// For the overview and D1: the state and version of the newest version, and whether one is in force.
    pub fn contract_summary(&self) -> Result<(String, i64, bool, Vec<serde_json::Value>), ApiError> {
        let rows = self.contract_rows("ORDER BY version DESC", Vec::new())?;
        let in_force = rows.iter().any(|r| r.state == "in_force");
        let mut detail = Vec::new();
        for r in &rows {
            let dates: Vec<i64> = self.signatures(&r.id)?.into_iter().filter(|s| s.hash == r.hash).map(|s| s.at).collect();
            detail.push(serde_json::json!({"version": r.version, "state": r.state, "signed_at": dates, "in_force_at": r.in_force_at}));
        }
        let newest = rows.first();
        Ok((newest.map_or_else(|| "none".to_string(), |r| r.state.clone()), newest.map_or(0, |r| r.version), in_force, detail))
    }
}

/// The name of the filed contract in the project's folder.
pub const CONTRACT_FILE: &str = crate::domain::contract::FILE;
pub const MARKDOWN: &str = "text/markdown; charset=utf-8";
