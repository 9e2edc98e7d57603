//! The session diary in the project's space (one entry per held session, by its diarist; revisions kept after
//! submission; saves de-duplicated by client key and refused on a stale base), the log of interactions outside
//! sessions (counted once another member confirms), each member's private reflections, and the chat's per-day
//! authors (counts only) for the two-sided chat days. Rules: `domain::diary`.

use super::journey::Who;
use super::{ToRows, int, int_at, raw_rows, text, ProjectSpace};
use crate::domain::diary::{self as rules, Action, AgendaItem, Entry, EntryInput, Facts, Interaction, InteractionInput, Recipient, ReflectionInput, Roles, SaveOutcome, State};
use crate::domain::error::{ApiError, Invalid};
use serde::{Deserialize, Serialize};
use worker::SqlStorageValue;

pub const SCHEMA: &[&str] = &[
    "CREATE TABLE IF NOT EXISTS diaries (session_id TEXT PRIMARY KEY, author_id TEXT NOT NULL, state TEXT NOT NULL, answers TEXT NOT NULL, \
     attendance TEXT NOT NULL, minutes INTEGER NOT NULL, revision INTEGER NOT NULL, comment TEXT NOT NULL, commented_at INTEGER, \
     submitted_at INTEGER, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS diary_revisions (session_id TEXT NOT NULL, revision INTEGER NOT NULL, answers TEXT NOT NULL, \
     attendance TEXT NOT NULL, minutes INTEGER NOT NULL, at INTEGER NOT NULL, PRIMARY KEY (session_id, revision))",
    "CREATE TABLE IF NOT EXISTS diary_keys (session_id TEXT NOT NULL, client_key TEXT NOT NULL, PRIMARY KEY (session_id, client_key))",
    "CREATE TABLE IF NOT EXISTS interactions (id TEXT PRIMARY KEY, kind TEXT NOT NULL, at INTEGER NOT NULL, minutes INTEGER NOT NULL, \
     note TEXT NOT NULL, logged_by TEXT NOT NULL, confirmed_by TEXT, confirmed_at INTEGER, client_key TEXT NOT NULL, created_at INTEGER NOT NULL, \
     UNIQUE (logged_by, client_key))",
    "CREATE TABLE IF NOT EXISTS reflections (id TEXT PRIMARY KEY, author_id TEXT NOT NULL, text TEXT NOT NULL, client_key TEXT NOT NULL, \
     at INTEGER NOT NULL, UNIQUE (author_id, client_key))",
    "CREATE INDEX IF NOT EXISTS reflections_author ON reflections (author_id, at)",
    // Who wrote in the chat on each UTC day (counts, never text), brought up to date from the chat's newest
    // messages whenever the figures are asked for.
    "CREATE TABLE IF NOT EXISTS chat_days (day INTEGER NOT NULL, author_id TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (day, author_id))",
];

crate::app::store::row! {
    #[derive(Serialize, Clone)]
    pub struct Row {
        pub session_id: String,
        pub author_id: String,
        pub state: String,
        pub answers: String,
        pub attendance: String,
        pub minutes: i64,
        pub revision: i64,
        pub comment: String,
        pub commented_at: Option<i64>,
        pub submitted_at: Option<i64>,
        pub created_at: i64,
        pub updated_at: i64,
    }
}

const COLUMNS: &str = "session_id, author_id, state, answers, attendance, minutes, revision, comment, commented_at, submitted_at, created_at, updated_at";

/// What anyone who sees the plan may know of a diary: that it exists, its state and dates (never its text).
#[derive(Serialize, Deserialize, Clone)]
pub struct Meta {
    pub state: String,
    pub author_id: String,
    pub submitted_at: Option<i64>,
    pub commented_at: Option<i64>,
    pub updated_at: i64,
}

crate::app::store::row! {
    #[derive(Serialize, Clone)]
    pub struct InteractionRow {
        pub id: String,
        pub kind: String,
        pub at: i64,
        pub minutes: i64,
        pub note: String,
        pub logged_by: String,
        pub confirmed_by: Option<String>,
        pub confirmed_at: Option<i64>,
        pub client_key: String,
        pub created_at: i64,
    }
}

crate::app::store::row! {
    #[derive(Serialize, Clone)]
    pub struct Reflection {
        pub id: String,
        pub author_id: String,
        pub text: String,
        pub client_key: String,
        pub at: i64,
    }
}

crate::domain::input::input! {
    #[derive(Serialize)]
    /// One operation: `op` is view, save (`entry`), act (`action` submit, comment with `comment`, close),
    /// interactions, log (`interaction`), confirm (`id`: the interaction), reflections, reflect (`reflection`).
    /// `agenda` is the journey's (the project's snapshot), as JSON.
    pub struct Op {
        pub who: Who,
        pub op: String,
        pub id: String,
        pub new_id: String,
        pub agenda: Vec<serde_json::Value>,
        pub entry: Option<EntryInput>,
        pub action: String,
        pub comment: String,
        pub interaction: Option<InteractionInput>,
        pub reflection: Option<ReflectionInput>,
    }
}

/// A session's diary for its readers (the project's members; the coordinator gets `Meta` only).
#[derive(Serialize)]
pub struct EntryView {
    pub session_id: String,
    pub diarist_id: Option<String>,
    pub session_state: String,
    pub entry: Option<Row>,
    pub revisions: Vec<serde_json::Value>,
    pub actions: Vec<&'static str>,
    /// After a submission: what the next session was pre-filled with, and the `target` answer for goal reviews.
    pub prefill: Option<rules::Prefill>,
    pub review_hint: Option<String>,
    /// A save that lost: the text stored now (the page shows both to merge).
    pub conflict: bool,
}


fn json_text<T: Serialize>(v: &T) -> Result<String, ApiError> {
    serde_json::to_string(v).map_err(|_| ApiError::internal())
}

impl ProjectSpace {
    fn diary(&self, session: &str) -> Result<Option<Row>, ApiError> {
        let rows: Vec<Row> = self.sql.exec(&format!("SELECT {COLUMNS} FROM diaries WHERE session_id = ?"), vec![text(session)])?.to_rows()?;
        Ok(rows.into_iter().next())
    }

    pub(super) fn diary_meta(&self, session: &str) -> Result<Option<Meta>, ApiError> {
        Ok(self.diary(session)?.map(|d| Meta { state: d.state, author_id: d.author_id, submitted_at: d.submitted_at, commented_at: d.commented_at, updated_at: d.updated_at }))
    }

    /// Who was marked absent at a session (for the diarist rotation).
    pub(super) fn absent_at(&self, session: &str) -> Result<Vec<String>, ApiError> {
        let Some(d) = self.diary(session)? else { return Ok(Vec::new()) };
        let marks: Vec<rules::Attendance> = serde_json::from_str::<Vec<serde_json::Value>>(&d.attendance)
            .unwrap_or_default()
            .into_iter()
            .filter_map(|v| Some(rules::Attendance { user: v.get("user")?.as_str()?.to_string(), present: v.get("present")?.as_bool()? }))
            .collect();
        Ok(marks.into_iter().filter(|a| !a.present).map(|a| a.user).collect())
    }

    fn entry_view(&self, session: &Session, w: &Who, conflict: bool) -> Result<EntryView, ApiError> {
        let entry = self.diary(&session.id)?;
        let f = Facts { held: session.state == "held", state: entry.as_ref().and_then(|e| State::parse(&e.state)) };
        let who = Roles { diarist: w.member && session.diarist_id.as_deref() == Some(w.user_id.as_str()), mentor: w.mentor && w.member };
        let revisions = raw_rows(self.sql.exec(
            "SELECT revision, answers, minutes, at FROM diary_revisions WHERE session_id = ? ORDER BY revision DESC LIMIT 20",
            vec![text(&session.id)],
        )?)?
        .into_iter()
        .map(|r| {
            let s = |i: usize| match r.get(i) {
                Some(SqlStorageValue::String(v)) => v.clone(),
                _ => String::new(),
            };
            serde_json::json!({"revision": int_at(&r, 0).unwrap_or(0), "answers": serde_json::from_str::<serde_json::Value>(&s(1)).unwrap_or_default(), "minutes": int_at(&r, 2).unwrap_or(0), "at": int_at(&r, 3).unwrap_or(0)})
        })
        .collect();
        Ok(EntryView {
            session_id: session.id.clone(),
            diarist_id: session.diarist_id.clone(),
            session_state: session.state.clone(),
            entry,
            revisions,
            actions: rules::available(f, who).into_iter().map(Action::as_str).collect(),
            prefill: None,
            review_hint: None,
            conflict,
        })
    }

    fn diary_session(&self, id: &str) -> Result<Session, ApiError> {
        let s = self.session(id)?;
        Ok(Session { id: s.id, state: s.state, diarist_id: s.diarist_id, start_at: s.start_at })
    }

    pub fn diary_op(&self, o: &Op) -> Result<serde_json::Value, ApiError> {
        let w = &o.who;
        let at = w.at;
        let agenda: Vec<AgendaItem> = o.agenda.iter().filter_map(|v| serde_json::from_value(v.clone()).ok()).collect();
        let answer = |v: &EntryView, tell: Vec<(String, Vec<String>)>| -> Result<serde_json::Value, ApiError> {
            let mut out = serde_json::to_value(v).map_err(|_| ApiError::internal())?;
            if let Some(obj) = out.as_object_mut() {
                obj.insert("tell".into(), serde_json::to_value(tell).map_err(|_| ApiError::internal())?);
            }
            Ok(out)
        };
        match o.op.as_str() {
            "view" => {
                let s = self.diary_session(&o.id)?;
                answer(&self.entry_view(&s, w, false)?, Vec::new())
            }
            "save" => {
                let s = self.diary_session(&o.id)?;
                let e = Entry::parse(o.entry.as_ref().ok_or_else(|| ApiError::from(Invalid::new("answers", "required", "Write the diary first.")))?, &agenda, &w.members)?;
                let current = self.diary(&s.id)?;
                let f = Facts { held: s.state == "held", state: current.as_ref().and_then(|d| State::parse(&d.state)) };
                let who = Roles { diarist: w.member && s.diarist_id.as_deref() == Some(w.user_id.as_str()), mentor: w.mentor && w.member };
                let eff = rules::effects(f, Action::Write, who)?;
                let seen = !raw_rows(self.sql.exec("SELECT 1 FROM diary_keys WHERE session_id = ? AND client_key = ?", vec![text(&s.id), text(&e.client_key)])?)?.is_empty();
                match rules::save(current.as_ref().map_or(0, |d| d.revision), e.base, seen) {
                    SaveOutcome::AlreadyApplied => {}
                    SaveOutcome::Conflict => {
                        // Nothing is stored: the page gets the stored text to merge with its own.
                        let mut v = answer(&self.entry_view(&s, w, true)?, Vec::new())?;
                        if let Some(obj) = v.as_object_mut() {
                            obj.insert("error".into(), serde_json::json!({"code": "diary_conflict", "message": "Someone saved this diary since you opened it: compare the two texts and save again.", "field": "base"}));
                        }
                        return Ok(v);
                    }
                    SaveOutcome::Apply(revision) => {
                        if let (Some(old), true) = (&current, eff.keep_revision) {
                            self.sql.exec(
                                "INSERT OR REPLACE INTO diary_revisions (session_id, revision, answers, attendance, minutes, at) VALUES (?, ?, ?, ?, ?, ?)",
                                vec![text(&s.id), int(old.revision), text(&old.answers), text(&old.attendance), int(old.minutes), int(old.updated_at)],
                            )?;
                        }
                        self.sql.exec(
                            &format!("INSERT INTO diaries ({COLUMNS}) VALUES (?, ?, 'draft', ?, ?, ?, ?, '', NULL, NULL, ?, ?) \
                             ON CONFLICT (session_id) DO UPDATE SET answers = excluded.answers, attendance = excluded.attendance, \
                             minutes = excluded.minutes, revision = excluded.revision, updated_at = excluded.updated_at"),
                            vec![text(&s.id), text(&w.user_id), text(&json_text(&e.answers)?), text(&json_text(&e.attendance)?), int(e.minutes), int(revision), int(at), int(at)],
                        )?;
                        self.sql.exec("INSERT OR IGNORE INTO diary_keys (session_id, client_key) VALUES (?, ?)", vec![text(&s.id), text(&e.client_key)])?;
                        self.changed();
                    }
                }
                answer(&self.entry_view(&s, w, false)?, Vec::new())
            }
            "act" => {
                let s = self.diary_session(&o.id)?;
                let action = Action::parse(&o.action).filter(|a| *a != Action::Write).ok_or_else(|| {
                    ApiError::from(Invalid::new("action", "not_in_list", "Choose submit, comment or close."))
                })?;
                let current = self.diary(&s.id)?;
                let f = Facts { held: s.state == "held", state: current.as_ref().and_then(|d| State::parse(&d.state)) };
                let who = Roles { diarist: w.member && s.diarist_id.as_deref() == Some(w.user_id.as_str()), mentor: w.mentor && w.member };
                let eff = rules::effects(f, action, who)?;
                let comment = if action == Action::Comment { rules::parse_comment(&o.comment)? } else { String::new() };
                let Some(d) = current else {
                    return Err(Invalid::new("answers", "required", "Write the diary before submitting it.").into());
                };
                self.sql.exec(
                    "UPDATE diaries SET state = ?, comment = CASE WHEN ? = 'comment' THEN ? ELSE comment END, \
                     commented_at = CASE WHEN ? = 'comment' THEN ? ELSE commented_at END, \
                     submitted_at = CASE WHEN ? = 'submit' THEN ? ELSE submitted_at END, updated_at = ? WHERE session_id = ?",
                    vec![text(eff.to.as_str()), text(action.as_str()), text(&comment), text(action.as_str()), int(at), text(action.as_str()), int(at), int(at), text(&s.id)],
                )?;
                let mut view = self.entry_view(&s, w, false)?;
                if action == Action::Submit {
                    let answers: Vec<String> = serde_json::from_str(&d.answers).unwrap_or_default();
                    let p = rules::prefill(&agenda, &answers);
                    // The next planned session takes the topic and homework the diary agreed, unless it has its own.
                    self.sql.exec(
                        "UPDATE sessions SET topic = CASE WHEN topic = '' THEN ? ELSE topic END, homework = CASE WHEN homework = '' THEN ? ELSE homework END, \
                         updated_at = ? WHERE id = (SELECT id FROM sessions WHERE state = 'planned' AND start_at > ? ORDER BY start_at LIMIT 1)",
                        vec![text(&p.topic), text(&p.homework), int(at), int(s.start_at)],
                    )?;
                    view.review_hint = rules::review_hint(&agenda, &answers);
                    view.prefill = Some(p);
                }
                self.changed();
                let tell = eff
                    .tell
                    .iter()
                    .map(|(r, k)| {
                        let to = match r {
                            Recipient::Mentor => w.mentor_id.clone(),
                            Recipient::Diarist => s.diarist_id.clone().unwrap_or_default(),
                        };
                        (k.as_str().to_string(), vec![to].into_iter().filter(|t| !t.is_empty() && *t != w.user_id).collect())
                    })
                    .collect();
                answer(&view, tell)
            }
            "interactions" => self.interactions_view(w),
            "log" => {
                if !w.member {
                    return Err(ApiError::new(403, "not_allowed", "Only the project's members log interactions."));
                }
                let i = Interaction::parse(o.interaction.as_ref().ok_or_else(|| ApiError::from(Invalid::new("kind", "required", "Choose a kind.")))?, at)?;
                self.sql.exec(
                    "INSERT INTO interactions (id, kind, at, minutes, note, logged_by, confirmed_by, confirmed_at, client_key, created_at) \
                     VALUES (?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?) ON CONFLICT (logged_by, client_key) DO NOTHING",
                    vec![text(&o.new_id), text(i.kind.as_str()), int(i.at), int(i.minutes), text(&i.note), text(&w.user_id), text(&i.client_key), int(at)],
                )?;
                self.changed();
                self.interactions_view(w)
            }
            "confirm" => {
                let rows: Vec<InteractionRow> = self.sql.exec(&format!("SELECT {INTERACTION} FROM interactions WHERE id = ?"), vec![text(&o.id)])?.to_rows()?;
                let i = rows.into_iter().next().ok_or_else(ApiError::not_found)?;
                rules::confirm(&i.logged_by, &w.user_id, w.member, i.confirmed_by.is_some())?;
                self.sql.exec("UPDATE interactions SET confirmed_by = ?, confirmed_at = ? WHERE id = ?", vec![text(&w.user_id), int(at), text(&i.id)])?;
                self.changed();
                self.interactions_view(w)
            }
            "reflections" => self.reflections(w),
            "reflect" => {
                let (t, key) = rules::parse_reflection(o.reflection.as_ref().ok_or_else(|| ApiError::from(Invalid::new("text", "required", "Write something first.")))?)?;
                self.sql.exec(
                    "INSERT INTO reflections (id, author_id, text, client_key, at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (author_id, client_key) DO NOTHING",
                    vec![text(&o.new_id), text(&w.user_id), text(&t), text(&key), int(at)],
                )?;
                self.reflections(w)
            }
            _ => Err(ApiError::not_found()),
        }
    }

    fn interactions_view(&self, w: &Who) -> Result<serde_json::Value, ApiError> {
        let mut items: Vec<InteractionRow> = self.sql.exec(&format!("SELECT {INTERACTION} FROM interactions ORDER BY at DESC LIMIT 200"), None)?.to_rows()?;
        if !w.member {
            // The coordinator: kinds, dates, minutes and confirmations; never what was said.
            for i in &mut items {
                i.note.clear();
                i.client_key.clear();
            }
        }
        let p = self.figures(&w.mentor_id, &w.mentees)?;
        Ok(serde_json::json!({"items": items, "counted": p.interactions, "sessions": p.sessions_with_diary, "confirmed": p.confirmed, "chat_days": p.chat_days}))
    }

    /// My reflections (the log book): mine alone, whoever asks.
    fn reflections(&self, w: &Who) -> Result<serde_json::Value, ApiError> {
        let items: Vec<Reflection> =
            self.sql.exec("SELECT id, author_id, text, client_key, at FROM reflections WHERE author_id = ? ORDER BY at DESC LIMIT 200", vec![text(&w.user_id)])?.to_rows()?;
        Ok(serde_json::json!({"items": items}))
    }

    /// Brings the chat's per-day authors up to date from the messages since the last count.
    fn count_chat_days(&self) -> Result<(), ApiError> {
        let rows = raw_rows(self.sql.exec("SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'chat_days_seq'", None)?)?;
        let from = rows.first().map_or(Ok(0), |r| int_at(r, 0))?;
        self.sql.exec(
            // (An upsert from a SELECT needs its own WHERE: the grouped rows come from a subquery.)
            "INSERT INTO chat_days (day, author_id, n) SELECT day, author_id, n FROM \
               (SELECT at / 86400000 AS day, author_id, COUNT(*) AS n FROM messages WHERE seq > ? GROUP BY 1, 2) WHERE true \
             ON CONFLICT (day, author_id) DO UPDATE SET n = n + excluded.n",
            vec![int(from)],
        )?;
        self.sql.exec(
            "INSERT INTO meta (key, value) SELECT 'chat_days_seq', CAST(COALESCE(MAX(seq), 0) AS TEXT) FROM messages WHERE true \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            None,
        )?;
        Ok(())
    }

    /// The interactions counted: held sessions with a diary, confirmed interactions, two-sided chat days.
    pub fn figures(&self, mentor: &str, mentees: &[String]) -> Result<Figures, ApiError> {
        self.count_chat_days()?;
        let per_day: Vec<(i64, String, i64)> = raw_rows(self.sql.exec("SELECT day, author_id, n FROM chat_days", None)?)?
            .into_iter()
            .filter_map(|r| match r.get(1) {
                Some(SqlStorageValue::String(a)) => Some((int_at(&r, 0).ok()?, a.clone(), int_at(&r, 2).ok()?)),
                _ => None,
            })
            .collect();
        let count = |sql: &str| -> Result<i64, ApiError> { raw_rows(self.sql.exec(sql, None)?)?.first().map_or(Ok(0), |r| Ok(int_at(r, 0)?)) };
        let sessions_with_diary =
            count("SELECT COUNT(*) FROM sessions s JOIN diaries d ON d.session_id = s.id WHERE s.state = 'held' AND d.state IN ('submitted', 'commented', 'closed')")?;
        let confirmed = count("SELECT COUNT(*) FROM interactions WHERE confirmed_by IS NOT NULL")?;
        let chat_days = rules::two_sided_days(&per_day, mentor, mentees);
        // The last qualifying interaction: a held session with its diary, a confirmed interaction, or the end of a
        // two-sided chat day.
        let latest = |sql: &str| -> Result<Option<i64>, ApiError> {
            Ok(raw_rows(self.sql.exec(sql, None)?)?.first().and_then(|r| int_at(r, 0).ok()).filter(|v| *v > 0))
        };
        let last_at = [
            latest("SELECT COALESCE(MAX(s.start_at), 0) FROM sessions s JOIN diaries d ON d.session_id = s.id WHERE s.state = 'held' AND d.state IN ('submitted', 'commented', 'closed')")?,
            latest("SELECT COALESCE(MAX(at), 0) FROM interactions WHERE confirmed_by IS NOT NULL")?,
            rules::last_two_sided_day(&per_day, mentor, mentees).map(|d| (d + 1) * 86_400_000 - 1),
        ]
        .into_iter()
        .flatten()
        .max();
        Ok(Figures { sessions_with_diary, confirmed, chat_days, interactions: rules::interactions(sessions_with_diary, confirmed, chat_days), last_at })
    }

    /// Held sessions whose diary is missing three days on (none, or a draft), since when the oldest of them is, and
    /// the diaries' states and dates.
    pub fn diaries_summary(&self, now: i64) -> Result<(i64, Option<i64>, Vec<serde_json::Value>), ApiError> {
        let mut missing = 0;
        let mut since: Option<i64> = None;
        let mut detail = Vec::new();
        for s in self.session_rows("WHERE state = 'held' ORDER BY start_at", Vec::new())? {
            let d = self.diary_meta(&s.id)?;
            let state = d.as_ref().and_then(|m| State::parse(&m.state));
            let held = s.held_at.unwrap_or(s.start_at).max(s.start_at);
            if rules::missing(held, now, state) {
                missing += 1;
                since = Some(since.map_or(held, |x| x.min(held)));
            }
            detail.push(serde_json::json!({"session": s.id, "state": d.as_ref().map(|m| m.state.clone()), "submitted_at": d.as_ref().and_then(|m| m.submitted_at)}));
        }
        Ok((missing, since, detail))
    }
}

/// What the diary reads of its session.
pub struct Session {
    pub id: String,
    pub state: String,
    pub diarist_id: Option<String>,
    pub start_at: i64,
}

const INTERACTION: &str = "id, kind, at, minutes, note, logged_by, confirmed_by, confirmed_at, client_key, created_at";

pub struct Figures {
    pub sessions_with_diary: i64,
    pub confirmed: i64,
    pub chat_days: i64,
    pub interactions: i64,
    /// When the last of them happened.
    pub last_at: Option<i64>,
}
